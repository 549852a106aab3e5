"""Many-group views of the loaded-term and voice figures (:mod:`framing.report.plots_lexical`), and the
voice encoding the two modules share.

Drawn instead of the per-outlet views when the rules of :mod:`framing.report.layout` say so
(more documents than ``DOC_ROWS``, more groups than the palette has colours): one hue
(:data:`framing.report.palette.ONE_HUE`), groups named by their tick labels, rows sorted by
the quantity shown with the pooled "other (N groups)" last.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from framing.lexicon import loaded_mask
from framing.report.layout import ranked, short
from framing.report.palette import ONE_HUE
from framing.report.plots import _axes, bootstrap_words
from framing.schema import require_columns
from framing.voice import STANCES, VOICES

__all__ = [
    "STANCE_COLORS",
    "VOICE_STYLE",
    "plot_group_stance",
    "plot_group_voice",
    "plot_loaded_terms_panels",
    "plot_term_position_histograms",
]

#: Voice -> (share of the outlet colour kept, hatch).  ``author`` is the solid colour.
VOICE_STYLE = {
    "author": (1.0, ""),
    "quote": (0.45, "////"),
    "fragment": (0.3, "...."),
    "reported": (0.65, "\\\\\\\\"),
}
_VOICE_LABEL = {
    "author": "author's own words",
    "quote": "in a quotation",
    "fragment": "in a quoted fragment (1-4 words)",
    "reported": "reported speech",
}
_NEUTRAL = "#444444"


def _tint(color: str, keep: float) -> tuple[float, float, float]:
    """``color`` mixed with white: ``keep`` = 1 is the colour itself, 0 is white."""
    r, g, b = to_rgb(color)
    return (1 - keep + keep * r, 1 - keep + keep * g, 1 - keep + keep * b)


def _nice(name: str) -> str:
    return str(name).replace("_", " ")


#: Colour of the interval whisker at the end of a rate bar.
WHISKER = "#222222"


def _voice_handles(intervals: pd.DataFrame | None = None) -> list:
    """Legend handles of the voices; with ``intervals`` (:func:`rate_intervals`) also the whisker's."""
    handles = [
        Patch(facecolor=_tint(_NEUTRAL, keep), hatch=hatch, edgecolor=_NEUTRAL, linewidth=0.4, label=_VOICE_LABEL[v])
        for v, (keep, hatch) in VOICE_STYLE.items()
    ]
    if intervals is not None and intervals["ci_low"].notna().any():
        handles.append(Line2D([], [], color=WHISKER, lw=0.8, marker="|", markersize=5,
                              label=bootstrap_words(intervals["resampling"])))
    return handles


def rate_intervals(intervals: pd.DataFrame | None) -> dict:
    """(group, category) -> (ci_low, ci_high) of a :func:`framing.contrast.loaded_rate_interval` table
    (``categories=True``); empty for None."""
    if intervals is None:
        return {}
    require_columns(intervals, ("group", "category", "ci_low", "ci_high"), name="intervals", arg="intervals")
    keys = zip(intervals["group"].astype(str), intervals["category"].astype(str), strict=True)
    return dict(zip(keys, zip(intervals["ci_low"].astype(float), intervals["ci_high"].astype(float), strict=True),
                    strict=True))


def bar_end(ax, y: float, total: float, bounds: tuple[float, float] | None, height: float) -> float:
    """Draw the whisker ``bounds`` (low, high) at row ``y`` when both are finite and apart (a rate of 0 in a
    group without hits has the interval 0 to 0: nothing to draw); the x where the bar's label may start (the
    bar's end or the whisker's, whichever is further right)."""
    if bounds is None or not np.isfinite(bounds).all() or not bounds[1] > bounds[0]:
        return total
    low, high = bounds
    ax.plot([low, high], [y, y], color=WHISKER, lw=0.8, solid_capstyle="butt")
    ax.plot([low, low], [y - height / 4, y + height / 4], color=WHISKER, lw=0.8)
    ax.plot([high, high], [y - height / 4, y + height / 4], color=WHISKER, lw=0.8)
    return max(total, high)


def plot_loaded_terms_panels(scores: pd.DataFrame, axes, intervals: pd.DataFrame | None = None) -> None:
    """Many groups: one panel per category (``axes``, in the order of categories by summed rate),
    bars = groups sorted by their total rate (pooled "other" last), stacked by voice in one hue.

    ``scores``, ``intervals``: as :func:`plot_loaded_terms`.  Group names are the tick labels (shortened).
    """
    require_columns(scores, ("outlet", "category", "voice", "per_1k"), name="scores", arg="scores")
    table = scores.loc[loaded_mask(scores["category"])]
    table = table.assign(outlet=table["outlet"].astype(str), voice=table["voice"].astype(str))
    wide = table.pivot_table(index=["category", "outlet"], columns="voice", values="per_1k", aggfunc="sum")
    wide = wide.reindex(columns=list(VOICES), fill_value=0.0).fillna(0.0)
    totals = wide.sum(axis=1)
    by_cat = totals.groupby(level="category").sum()
    cats = sorted(by_cat.index, key=lambda c: (-by_cat[c], str(c)))
    bounds = rate_intervals(intervals)
    top = max([float(totals.max()) if len(totals) else 0.0,
               *(high for (_, c), (_, high) in bounds.items() if c in by_cat.index and np.isfinite(high))])
    top = top if top > 0 else 1.0
    axes = list(np.ravel(axes))
    for ax, cat in zip(axes, cats, strict=False):
        rows = totals.loc[cat]
        names = ranked(rows)
        for i, o in enumerate(names):
            left = 0.0
            for v in VOICES:
                keep, hatch = VOICE_STYLE[v]
                width = float(wide.loc[(cat, o), v])
                ax.barh(i, width, height=0.75, left=left, color=_tint(ONE_HUE, keep), hatch=hatch,
                        edgecolor=ONE_HUE, linewidth=0.4 if v != "author" else 0)
                left += width
            end = bar_end(ax, i, left, bounds.get((o, str(cat))), 0.75)
            ax.text(end + top * 0.01, i, f"{left:.1f}", va="center", fontsize=6.5)
        ax.set_yticks(np.arange(len(names)), [short(o, 28) for o in names], fontsize=7)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.18)
        ax.set_title(_nice(cat), loc="left", fontsize=9)
        ax.tick_params(axis="y", length=0)
    for ax in axes[len(cats):]:
        ax.set_axis_off()


def plot_term_position_histograms(documents: pd.DataFrame, hits: pd.DataFrame, ax=None, *, bins: int = 20):
    """Many documents: per group (rows) a histogram of where its loaded terms fall (0-100 % of
    each document's characters), the author's own words solid, terms in other voices lighter.

    ``documents``: doc_id, outlet, text; ``hits``: doc_id, start[, voice].  Bars are the % of
    the group's terms in each of ``bins`` bins, scaled to the tallest bin of the figure;
    rows sorted by number of terms (pooled "other" last), labelled "group (n terms)".
    """
    require_columns(documents, ("doc_id", "outlet", "text"), name="documents", arg="documents")
    require_columns(hits, ("doc_id", "start"), name="hits", arg="hits")
    lengths = pd.Series([max(len(t or ""), 1) for t in documents["text"]], index=documents["doc_id"])
    outlet = pd.Series(documents["outlet"].astype(str).to_numpy(), index=documents["doc_id"])
    h = hits[hits["doc_id"].isin(lengths.index)]
    pos = (100 * h["start"].to_numpy(dtype=float) / lengths.loc[h["doc_id"]].to_numpy()).clip(0, 99.999)
    own = (h["voice"].astype(str) == "author").to_numpy() if "voice" in h.columns else np.ones(len(h), bool)
    groups = outlet.loc[h["doc_id"]].to_numpy()
    names = ranked({g: int((groups == g).sum()) for g in set(outlet)})
    ax = _axes(ax, (9, 1 + 0.45 * len(names)))
    edges = np.linspace(0, 100, bins + 1)
    shares = {}
    for g in names:
        n = max(int((groups == g).sum()), 1)
        shares[g] = [100 * np.histogram(pos[(groups == g) & m], edges)[0] / n for m in (own, ~own)]
    peak = max([float((a + b).max()) for a, b in shares.values()] + [1e-9])
    width = edges[1] - edges[0]
    for i, g in enumerate(names):
        a, b = shares[g]
        ax.bar(edges[:-1], -0.85 * a / peak, width=width * 0.92, bottom=i + 0.42, align="edge", color=ONE_HUE)
        ax.bar(edges[:-1], -0.85 * b / peak, width=width * 0.92, bottom=i + 0.42 - 0.85 * a / peak, align="edge",
               color=_tint(ONE_HUE, 0.35), hatch="////", edgecolor=ONE_HUE, linewidth=0.3)
        ax.axhline(i + 0.42, color="#bbbbbb", lw=0.5, zorder=0)
    counts = {g: int((groups == g).sum()) for g in names}
    ax.set_yticks(np.arange(len(names)), [f"{short(g, 32)} ({counts[g]:,})" for g in names], fontsize=7)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("position in the document (% of its characters); bar height: % of the group's loaded terms")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.legend(handles=[Patch(facecolor=ONE_HUE, label="author's own words"),
                       Patch(facecolor=_tint(ONE_HUE, 0.35), hatch="////", edgecolor=ONE_HUE, linewidth=0.3,
                             label="quoted or reported")], loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def _segment(ax, i: int, left: float, width: float, text_color: str, fontsize: float = 6.5, bbox=None, **bar) -> float:
    """One segment of a 100 % bar in row ``i`` from ``left`` (labelled with its % when 8 % or more); the next left."""
    ax.barh(i, width, left=left, height=0.7, **bar)
    if width >= 8:
        ax.text(left + width / 2, i, f"{width:.0f}%", ha="center", va="center", fontsize=fontsize, color=text_color,
                bbox=bbox)
    return left + width


def _percent_axes(ax, labels: list, xlabel: str, title: str, **label_style):
    """Axes of 100 % bars: one row per label, top to bottom, x from 0 to 100."""
    ax.set_yticks(np.arange(len(labels)), labels, **label_style)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.tick_params(axis="y", length=0)
    return ax


def plot_group_voice(words: pd.DataFrame, ax=None):
    """Many documents: stacked horizontal bars of the % of each group's words per voice.

    ``words``: :func:`voice_words` (outlet, voice, words).  Shares are pooled over the
    group's documents (words of the voice / all its words); rows sorted by the author's
    share, highest first (pooled "other" last); segments of 8 % or more labelled.
    """
    require_columns(words, ("outlet", "voice", "words"), name="voice words", arg="words")
    totals = words.assign(outlet=words["outlet"].astype(str)).pivot_table(
        index="outlet", columns="voice", values="words", aggfunc="sum")
    totals = totals.reindex(columns=list(VOICES), fill_value=0).fillna(0)
    share = totals.div(totals.sum(axis=1).where(totals.sum(axis=1) > 0, 1), axis=0)
    names = ranked(share["author"])
    ax = _axes(ax, (5, 1 + 0.3 * len(names)))
    for i, g in enumerate(names):
        left = 0.0
        for v in VOICES:
            keep, hatch = VOICE_STYLE[v]
            left = _segment(ax, i, left, 100 * float(share.loc[g, v]), "white" if v == "author" else "black",
                            color=_tint(ONE_HUE, keep), hatch=hatch, edgecolor=ONE_HUE,
                            linewidth=0.4 if v != "author" else 0)
    return _percent_axes(ax, [short(g, 32) for g in names], "% of the group's words",
                         "Whose words: voice of each word, per group", fontsize=7)


#: Colours of the three stances in the many-groups view (not outlet colours).
STANCE_COLORS = {"endorsing": "#1B7837", "neutral": "#BBBBBB", "distancing": "#762A83"}


def plot_group_stance(table: pd.DataFrame, ax=None):
    """Many groups: per group (rows) the % of its attribution cues per stance, stacked.

    ``table``: :func:`framing.voice.stance_table` (outlet, stance, count).  Rows sorted by
    the distancing share, highest first (pooled "other" last), labelled with the cue count.
    """
    require_columns(table, ("outlet", "stance", "count"), name="stance table", arg="table")
    counts = table.assign(outlet=table["outlet"].astype(str)).pivot_table(
        index="outlet", columns="stance", values="count", aggfunc="sum").reindex(columns=list(STANCES)).fillna(0)
    n = counts.sum(axis=1)
    share = counts.div(n.where(n > 0, 1), axis=0)
    names = ranked(share[STANCES[-1]])
    ax = _axes(ax, (5, 1 + 0.3 * len(names)))
    for i, g in enumerate(names):
        left = 0.0
        for st in STANCES:
            left = _segment(ax, i, left, 100 * float(share.loc[g, st]), "black" if st == "neutral" else "white",
                            color=STANCE_COLORS.get(st, _NEUTRAL))
    return _percent_axes(ax, [f"{short(g, 32)} ({int(n[g]):,})" for g in names],
                         "% of the group's attribution cues (count in brackets)",
                         "Stance of the attribution verbs, per group", fontsize=7)
