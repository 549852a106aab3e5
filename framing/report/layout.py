"""Size rules every report figure follows, from 2 to 150 groups and 2 to 10,000 documents.

* Per-document views (one row per document: ``where_terms_fall``, ``voice_composition``)
  up to :data:`DOC_ROWS` documents; above, per-group distributions (positions of loaded
  terms as a histogram per group; voice shares per group as stacked bars, speakers as the
  top ones overall).
* Groups: up to :data:`TOP_GROUPS` drawn one by one; beyond, the ``TOP_GROUPS`` largest
  (documents; ties by name) and the rest pooled as "other (N groups)" (:func:`pool_groups`,
  the pooled rates recomputed from the pooled counts), rows sorted by the quantity shown.
  ``TOP_GROUPS`` is settable (``layout.TOP_GROUPS = 20`` before building).
* Size: a figure is at most :data:`MAX_INCHES` inches on a side (4,000 px at 200 dpi),
  :func:`capped`.
* Colours: the Okabe-Ito palette has 8 colours and never recycles
  (:func:`framing.report.palette.outlet_colors`); with more groups every group takes one
  hue and is named by a direct label, and no legend lists groups.
* Sentence sentiment: a band with more than :data:`DOT_SENTENCES` sentences is drawn as a
  box (quartiles, 5-95 % whiskers) instead of one dot per sentence, with the share of
  sentences at exactly 0 written beside it.
* Actors: at most :data:`TOP_ACTORS` actors; with more than :data:`ACTOR_COLUMNS` groups a
  grid of groups x actors (mentions and mean tone) replaces one column of names per group.
* Over time: periods widen (week -> month -> quarter -> year) while the median (group, period) with
  text has fewer than :data:`MIN_PERIOD_DOCUMENTS` documents or :data:`MIN_PERIOD_TOKENS` tokens
  and a wider period still draws a line (:func:`framing.report.plots_timeline.widened_freq`).
* Over time: month periods widen to years when the median period with text has fewer
  than :data:`MIN_PERIOD_TOKENS` tokens.
* Vector files: a scatter layer of more than :data:`RASTER_POINTS` points (e.g. the
  distinctive-words panels, one point per unit: ~60,000 on 4,000 articles) is drawn as one
  image inside the SVG, at the figure's dpi (:func:`framing.report.plots.scatter`); axes,
  text, labels, annotations and lines stay vectors.  The PNG is the same either way.
* Text: user strings are drawn literally (the style sets ``text.parse_math`` off, so ``$``
  and ``\\`` never start mathtext) and names longer than :data:`MAX_NAME` characters are
  shortened with an ellipsis (:func:`short`; tables keep the full names).
"""

from __future__ import annotations

import pandas as pd

from framing.schema import counted

__all__ = [
    "ACTOR_COLUMNS",
    "DOC_ROWS",
    "DOT_SENTENCES",
    "MAX_INCHES",
    "MAX_NAME",
    "MIN_PERIOD_DOCUMENTS",
    "MIN_PERIOD_TOKENS",
    "RASTER_POINTS",
    "TOP_ACTORS",
    "TOP_GROUPS",
    "capped",
    "other_label",
    "pool_groups",
    "pool_sizes",
    "pooled_documents",
    "possessive",
    "short",
]

#: Most documents drawn one row each.
DOC_ROWS = 30
#: Most groups drawn one by one; the rest pooled as "other (N groups)".
TOP_GROUPS = 12
#: Longest side of a figure, inches (4,000 px at 200 dpi).
MAX_INCHES = 20.0
#: Most sentences in a band drawn as dots; above, a box.
DOT_SENTENCES = 300
#: Most actors in the actors figure.
TOP_ACTORS = 15
#: Most groups given a column of names in the actors figure; above, a grid.
ACTOR_COLUMNS = 4
#: Fewest sentences naming an actor whose mean tone the actors grid colours (fewer: a grey cell): the mean of one
#: or two sentences would colour a cell as strongly as that of thousands.
MIN_TONE_SENTENCES = 5
#: Fewest tokens the median (group, period) with text should hold; fewer: the period widens.
MIN_PERIOD_TOKENS = 5000
#: Fewest documents the median (group, period) with text should hold: the fewest the interval over documents
#: (:func:`framing.stats.clustered_wilson_interval`) needs; fewer: the period widens.
MIN_PERIOD_DOCUMENTS = 2
#: Most points a scatter layer draws as vectors in an SVG; above, the layer is one image at the figure's dpi.
#: Each vector marker costs ~150 bytes of SVG and a viewer draws each one: 2,000 keep a layer under ~0.3 MB, while
#: 59,462 units x 3 panels (AllSides distinctive words) made a 28 MB SVG, 7 s of CPU to write, that stalled browsers.
RASTER_POINTS = 2000
#: Longest name drawn, characters (longer: cut with an ellipsis).
MAX_NAME = 40
#: Highest an over-time y-axis reaches for the intervals, as a multiple of the highest rate drawn: a period of two
#: or three documents can have a band many times the rates (few documents, Student t with 1-2 degrees of freedom),
#: which would flatten every line; such a band is cut at the top of the axis, and the legend says so.
MAX_BAND_REACH = 2.0


def short(name, width: int = MAX_NAME) -> str:
    """``name`` as text, cut to ``width`` characters with an ellipsis when longer."""
    text = str(name)
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def possessive(name: str) -> str:
    """``name``'s, or ``name``' after a final s ("Fox News'", "elections'")."""
    return f"{name}'" if str(name).lower().endswith("s") else f"{name}'s"


def capped(width: float, height: float) -> tuple[float, float]:
    """A figure size no larger than :data:`MAX_INCHES` on either side."""
    return min(width, MAX_INCHES), min(height, MAX_INCHES)


def other_label(n: int) -> str:
    """The name of the pooled rest: "other (N groups)"."""
    return f"other ({counted(n, 'group')})"


def ranked(values) -> list:
    """Names of ``values`` (name -> number: a dict or Series), largest first, ties by name, "other (N groups)" last."""
    return sorted(values.keys(), key=lambda g: (g.startswith("other ("), -values[g], g))


def pool_groups(groups: pd.Series, k: int | None = None) -> dict[str, str]:
    """Group name -> name drawn: the ``k`` largest groups (most rows of ``groups``; ties by
    name) keep theirs, the rest map to :func:`other_label`.  ``k``: default :data:`TOP_GROUPS`.
    With ``k`` or fewer groups every name maps to itself."""
    return pool_sizes(groups.astype(str).value_counts(), k)


def pool_sizes(sizes: pd.Series, k: int | None = None) -> dict[str, str]:
    """:func:`pool_groups` from ``sizes`` (group name -> size) instead of one row per document."""
    k = TOP_GROUPS if k is None else k
    sizes = pd.Series(sizes)
    sizes.index = sizes.index.astype(str)
    names = sorted(sizes.index, key=lambda g: (-int(sizes[g]), g))
    if len(names) <= k:
        return {g: g for g in names}
    other = other_label(len(names) - k)
    return {g: (g if i < k else other) for i, g in enumerate(names)}


def pooled_documents(documents: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """``documents`` with ``outlet`` replaced by its :func:`pool_groups` name (the same frame when nothing pools)."""
    mapping = pool_groups(documents["outlet"], k)
    if all(a == b for a, b in mapping.items()):
        return documents
    return documents.assign(outlet=documents["outlet"].astype(str).map(mapping))
