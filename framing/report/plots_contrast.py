"""Lexical-contrast figures: word shift, distinctive words (Fightin' Words), keyness.

Plot functions take the tables of :mod:`framing.wordshift` and :mod:`framing.contrast`, draw
on an optional Axes and return it.  Builders (registered in
:data:`framing.report.figures.FIGURES`, in this order):

* ``word_shift`` -- :func:`plot_word_shift_summary` above :func:`plot_word_shift`
* ``distinctive_words`` -- :func:`plot_distinctive_words`
* ``keyness`` -- :func:`plot_keyness`

Which comparison (:func:`contrast_sides`): with two outlets, the two (sorted).  With more,
never a silent pair: ``distinctive_words`` and ``keyness`` draw one panel for each of the
:data:`REPORT_GROUPS` (3) outlets with most documents against all the other outlets pooled;
``word_shift`` draws the largest outlet against the rest, and its title says so.  Every
other comparison: :func:`framing.contrast.compare_groups`, or the table functions with
``a=``/``b=``.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from framing.contrast.fightin import DEFAULT_ALPHA0
from framing.contrast.groups import group_sizes
from framing.contrast.units import REST
from framing.report.figure_registry import FigureContext, finish, group_noun, register
from framing.report.layout import possessive, short
from framing.report.palette import fits_palette, outlet_colors
from framing.report.plots import _axes, _legend_below, scatter
from framing.report.plots_sentiment import OTHER_COLOR, _color, _empty
from framing.schema import require_columns
from framing.stats import check_int

__all__ = [
    "KIND_COLORS",
    "OTHER_COLOR",
    "REPORT_GROUPS",
    "Z_CRIT",
    "contrast_sides",
    "largest_groups",
    "plot_distinctive_words",
    "plot_keyness",
    "plot_word_shift",
    "plot_word_shift_summary",
]

#: Colours of the four word-shift kinds, after Gallagher et al. (2021): positive words warm (gold),
#: negative words cool (indigo, Paul Tol's #332288), "less frequent" in a lighter shade.  A
#: yellow/blue contrast stays distinct for red-green colour-blind readers, and neither hue is an
#: Okabe-Ito outlet colour, so a kind never reads as an outlet.
KIND_COLORS = {"+↑": "#B8860B", "+↓": "#E6CF8B", "-↑": "#332288", "-↓": "#9A93C9"}

#: Two-sided 5% threshold of a standard normal z-score.
Z_CRIT = 1.96

#: With more than two outlets, the contrast figures draw this many largest outlets against the rest.
REPORT_GROUPS = 3

#: Units per side: labelled in :func:`plot_distinctive_words`, drawn as bars in :func:`plot_keyness`.
FW_LABELS, KEY_BARS = 8, 10


def contrast_sides(documents: pd.DataFrame, *, by: str = "outlet", k: int = REPORT_GROUPS) -> list[tuple[str, str]]:
    """The comparisons a contrast figure draws, as (a, b) pairs.

    Only groups with at least one word token take part (a group whose documents are all empty has
    nothing to contrast; it stays in the pooled rest).  Two groups: ``[(first, second)]`` in
    sorted order.  More: the ``k`` groups with most documents (ties: by name), each as
    ``(group, "(rest)")``.  Fewer than two: ``ValueError``.
    """
    k = check_int(k, "k", minimum=1, what="number of groups")
    names = largest_groups(documents, None, by=by)
    if len(names) < 2:
        raise ValueError(f"{by}: a contrast needs at least two groups with text, the corpus has {sorted(names)}")
    if len(names) == 2:
        return [tuple(sorted(names))]
    return [(g, REST) for g in names[:k]]


def largest_groups(documents: pd.DataFrame, k: int | None = REPORT_GROUPS, *, by: str = "outlet") -> list[str]:
    """The ``k`` groups of ``by`` with at least one word token that have the most documents (ties: by name), in
    that order (None: every such group): the groups the report's contrasts and paired comparisons take part."""
    sizes = group_sizes(documents, by, with_text=True)
    order = sizes.sort_values(["n_docs", "group"], ascending=[False, True], kind="stable")["group"].tolist()
    return order if k is None else order[:k]


def _wrapped_title(ax, text: str) -> None:
    """A small left title wrapped to the axes.  matplotlib's own wrapping measures text as mathtext
    whatever ``text.parse_math`` says, so a title holding ``$`` is wrapped here instead."""
    if "$" not in text:
        ax.set_title(text, loc="left", fontsize=8, fontweight="normal", wrap=True)
        return
    width = int(ax.figure.get_figwidth() * 15)
    ax.set_title("\n".join(textwrap.fill(line, width) for line in text.split("\n")), loc="left", fontsize=8,
                 fontweight="normal")


def _n_groups(ctx: FigureContext) -> int:
    return int(ctx.corpus.documents["outlet"].nunique(dropna=False))

# --- 3. Word shift ---


def plot_word_shift(shift: pd.DataFrame, ax=None, *, n: int = 20, group: str = "outlet"):
    """Gallagher et al. (2021) word-shift bars: the ``n`` words with the largest |contribution|.

    ``shift``: :func:`framing.wordshift.word_shift` (its sort order: |contribution|
    descending, then word; the first ``n`` rows are drawn, largest at the top).  Bar length
    = ``contribution``; colour = ``kind`` (:data:`KIND_COLORS`); the word is written at the
    bar's end.  The legend names the groups from ``shift.attrs`` (``group_a``, ``group_b``); ``group``: what a
    group is (:func:`~framing.report.figure_registry.group_noun`).
    """
    require_columns(shift, ("word", "contribution", "kind"), name="word-shift", arg="shift")
    check_int(n, "n", minimum=1, what="integer (words to draw, e.g. 20)")
    ax = _axes(ax, (6, 5))
    a, b = shift.attrs.get("group_a", "a"), shift.attrs.get("group_b", "b")
    if len(shift) == 0:
        return _empty(ax, f"No word of the sentiment dictionary in one of the {group_noun(group, True)}: no word shift")
    top = shift.head(n)
    y = np.arange(len(top))
    values = top["contribution"].to_numpy(dtype=float)
    ax.barh(y, values, color=[KIND_COLORS.get(k, OTHER_COLOR) for k in top["kind"]], height=0.75,
            edgecolor="white", linewidth=0.3)
    span = float(np.abs(values).max()) or 1.0
    for yi, v, word, kind in zip(y, values, top["word"], top["kind"], strict=True):
        ax.text(v + (0.015 * span if v >= 0 else -0.015 * span), yi, f"{word} {kind}", va="center",
                ha="left" if v >= 0 else "right", fontsize=7)
    ax.set_xlim(-span * 1.55, span * 1.55)
    ax.set_ylim(len(top) - 0.5, -0.6)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.axvline(0, color="#555555", lw=0.7)
    ax.set_xlabel(f"contribution to the difference in average word valence (VADER lexicon units)\n"
                  f"right of 0: raises {possessive(short(b))} average relative to {possessive(short(a))}")
    labels = {
        "+↑": f"+↑ positive word, used more by {short(b)}",
        "-↓": f"-↓ negative word, used less by {short(b)}",
        "+↓": f"+↓ positive word, used less by {short(b)}",
        "-↑": f"-↑ negative word, used more by {short(b)}",
    }
    handles = [Patch(color=KIND_COLORS[k], label=label) for k, label in labels.items()]
    _legend_below(ax, handles, ncol=1, pad_pt=46)
    return ax


def plot_word_shift_summary(components: pd.DataFrame, ax=None):
    """The bars above a word-shift graph (Gallagher et al. 2021): each kind's total, then the sum.

    ``components``: :func:`framing.wordshift.shift_components` (rows kind, kind_label,
    n_words, contribution in the order ``+↑ -↓ +↓ -↑``).  Five bars, top to bottom: the four
    kinds (colours :data:`KIND_COLORS`, labelled with the kind and its number of words) and
    ``Σ``, their sum (= the difference in average valence), in grey; each bar is labelled
    with its value.
    """
    require_columns(components, ("kind", "n_words", "contribution"), name="shift_components", arg="components")
    ax = _axes(ax, (6, 1.6))
    values = [*components["contribution"].astype(float), float(components["contribution"].sum())]
    labels = [f"{k} ({n} words)" for k, n in zip(components["kind"], components["n_words"], strict=True)] + ["Σ total"]
    colors = [KIND_COLORS.get(k, OTHER_COLOR) for k in components["kind"]] + ["#555555"]
    y = np.arange(len(values))
    ax.barh(y, values, color=colors, height=0.7, edgecolor="white", linewidth=0.3)
    span = max(float(np.abs(values).max()), 1e-9)
    for yi, v in zip(y, values, strict=True):
        ax.text(v + (0.02 * span if v >= 0 else -0.02 * span), yi, f"{v:+.3f}", va="center",
                ha="left" if v >= 0 else "right", fontsize=7)
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.set_xlim(-span * 1.35, span * 1.35)
    ax.axvline(0, color="#555555", lw=0.7)
    ax.tick_params(axis="x", labelsize=7)
    return ax


@register("word_shift")
def word_shift_figure(ctx: FigureContext) -> Figure:
    from framing.sentiment import NEGATION_SCALAR
    from framing.wordshift import NEGATED, shift_components, word_shift

    (a, b), *_ = contrast_sides(ctx.corpus.documents)
    shift = ctx.cache.get("word_shift")  # computed by the report (framing.report.derived) for these sides
    if shift is None or (shift.attrs.get("group_a"), shift.attrs.get("group_b")) != (a, b):
        shift = word_shift(ctx.corpus, a, None if b == REST else b, score_names=ctx.score_names)
    fig = plt.figure(figsize=(7.5, 8.0), layout="constrained")
    top, ax = fig.subplots(2, 1, height_ratios=[1.1, 5])
    if len(shift):
        plot_word_shift_summary(shift_components(shift), top)
    else:
        top.set_axis_off()
    plot_word_shift(shift, ax, group=ctx.group)
    at = shift.attrs
    if len(shift):
        top.set_title(
            f"Average valence of scored words: {short(b)} {at['mean_b']:+.2f}, {short(a)} {at['mean_a']:+.2f}; "
            f"difference {at['difference']:+.2f}\n(= Σ total = sum of all {len(shift)} words' contributions; "
            f"{'top 20' if len(shift) > 20 else 'all'} shown; words of proper names "
            f"{'scored too (--score-names)' if ctx.score_names else 'not scored'})"
            + (f"\n{NEGATED}word: the word negated, as VADER reads it (\"poses no threat\"), "
               f"scored {NEGATION_SCALAR} \u00d7 its valence" if shift["word"].astype(str).str.startswith(NEGATED).any()
               else ""),
            loc="left", fontsize=8, fontweight="normal")
    if b == REST:
        return finish(fig, ctx,
                      f"Word shift: the other {_n_groups(ctx) - 1} {ctx.noun(True)} pooled vs {short(a)} "
                      f"(largest {ctx.noun()})")
    return finish(fig, ctx, f"Word shift (sentiment): {short(b)} vs {short(a)}")


# --- 4. Distinctive words (Fightin' Words) ---


def _label_slots(xs_log: np.ndarray, lo: float, hi: float, per_width: int = 13) -> np.ndarray:
    """Evenly spaced label x positions (log10 space) for points sorted by x.

    The labels take ``n / per_width`` of the axis width (two alternating rows fit about
    ``per_width`` labels across), centred on the points' mean and shifted to stay inside.
    """
    n = len(xs_log)
    if n == 0:
        return np.zeros(0)
    pad = (hi - lo) * 0.06
    lo, hi = lo + pad, hi - pad
    width = (hi - lo) * min(1.0, n / per_width)
    start = min(max(float(np.mean(xs_log)) - width / 2, lo), hi - width)
    return np.linspace(start, start + width, n) if n > 1 else np.array([start + width / 2])


def plot_distinctive_words(fw: pd.DataFrame, ax=None, *, n_labels: int = FW_LABELS, group: str = "outlet",
                           colors: dict | None = None, skip=((), ())):
    """Fightin' Words (Monroe et al. 2008): z-score against total frequency, one point per unit.

    ``fw``: :func:`framing.contrast.fightin_words` (attrs ``a``, ``b``).  x = ``count_a +
    count_b`` (log scale, points at one count spread by a fixed rank offset), y = ``z``;
    colour = the outlet the unit leans to (z > 0: ``a``), solid when |z| >= 1.96, faded
    otherwise; dashed lines at z = ±1.96.  The ``n_labels`` highest-z and lowest-z units
    (``fw``'s order) are labelled in two rows above / below the data, spaced evenly by
    their x, with a thin line to their point, so labels never overlap.  ``group``: what a group is
    (:func:`~framing.report.figure_registry.group_noun`); ``colors``: group -> colour (default: the two sides').
    ``skip``: (units of ``a``, units of ``b``) not labelled on that side (drawn as the others).
    """
    require_columns(fw, ("unit", "count_a", "count_b", "z"), name="fightin_words", arg="fw")
    check_int(n_labels, "n_labels", minimum=0, what="integer (e.g. 8)")
    ax = _axes(ax, (7, 5))
    a, b = str(fw.attrs.get("a", "a")), str(fw.attrs.get("b", "b"))
    colors = colors or outlet_colors([a, b] if b != REST else [a])
    if len(fw) == 0:
        return _empty(ax, "No unit to contrast")
    freq = (fw["count_a"] + fw["count_b"]).to_numpy(dtype=float)
    z = fw["z"].to_numpy(dtype=float)
    # fixed horizontal spread of points sharing one total count: their rank (by z, then unit) modulo 5
    units = fw["unit"].astype(str).to_numpy()
    order = pd.DataFrame({"f": freq, "z": z, "u": units}).sort_values(["f", "z", "u"], kind="stable")
    rank = order.groupby("f").cumcount().reindex(range(len(fw))).to_numpy()
    spread = ((rank % 5) - 2) * 0.012
    x = freq * 10**spread
    strong = np.abs(z) >= Z_CRIT
    point_colors = np.where(z > 0, _color(a, colors), _color(b, colors))
    for mask, alpha in ((~strong, 0.35), (strong, 0.95)):
        if mask.any():
            scatter(ax, x[mask], z[mask], s=12, c=list(point_colors[mask]), alpha=alpha, edgecolors="none", zorder=2)
    zmax = max(float(np.abs(z).max()), Z_CRIT) * 1.12
    ax.set_xscale("log")
    xlo, xhi = np.log10(max(x.min() * 0.7, 0.5)), np.log10(x.max() * 1.4)
    ax.set_xlim(10**xlo, 10**xhi)
    ticks = [t for t in (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
             if 10**xlo <= t <= 10**xhi]
    ax.set_xticks(ticks, [f"{t:,}" for t in ticks])
    ax.xaxis.set_minor_locator(ticker.NullLocator())
    ax.set_ylim(-zmax * 1.75, zmax * 1.75)
    for t in (Z_CRIT, -Z_CRIT):
        ax.axhline(t, color="#777777", lw=0.7, ls="--", zorder=1)
    ax.axhline(0, color="#bbbbbb", lw=0.5, zorder=1)
    ax.text(10**xhi, Z_CRIT, "z = +1.96 ", ha="right", va="bottom", fontsize=6.5, color="#555555")
    ax.text(10**xhi, -Z_CRIT, "z = \u22121.96 ", ha="right", va="top", fontsize=6.5, color="#555555")
    positions = np.arange(len(fw))
    skip_a, skip_b = (pd.Series(units).isin({str(u) for u in side}).to_numpy() for side in skip)
    sides = ((positions[(z > 0) & ~skip_a][:n_labels], 1), (positions[(z < 0) & ~skip_b][::-1][:n_labels], -1))
    for idx, sign in sides:
        if len(idx) == 0:
            continue
        idx = idx[np.lexsort((units[idx], x[idx]))]
        slots = _label_slots(np.log10(x[idx]), xlo, xhi)
        for k, (i, sx) in enumerate(zip(idx, slots, strict=True)):
            ty = sign * zmax * (1.22 if k % 2 == 0 else 1.5)
            ax.annotate(units[i][:18], xy=(x[i], z[i]), xytext=(10**sx, ty), fontsize=7,
                        ha="center", va="center", color=_color(a if sign > 0 else b, colors),
                        arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "lw": 0.5, "shrinkA": 2, "shrinkB": 2},
                        zorder=3)
    ax.set_xlabel(f"total frequency in both {group_noun(group, True)} (count of the unit, log scale; {len(fw)} units)")
    ax.set_ylabel(f"z-score of the log-odds ratio\n+ more typical of {short(a)}, \u2212 of {short(b)}")
    handles = [
        Line2D([], [], marker="o", ls="", color=_color(a, colors), label=f"leans to {short(a)}"),
        Line2D([], [], marker="o", ls="", color=_color(b, colors), label=f"leans to {short(b)}"),
        Line2D([], [], marker="o", ls="", color="#777777", alpha=0.35, label="faded: |z| < 1.96"),
    ]
    _legend_below(ax, handles, ncol=3, pad_pt=32)
    return ax


def _fw_subtitle(fw, noun: str = "outlet") -> str:
    sub = (
        f"One document per {noun}: z reflects word-level sampling within these articles only, not the {noun}s' "
        "other writing." if fw.attrs.get("documents_a", 2) < 2 or fw.attrs.get("documents_b", 2) < 2
        else f"z from word counts; documents pooled per {noun}."
    )
    return (f"Fightin' Words (Monroe et al. 2008), informative wordfreq prior, \u03b10 = "
            f"{fw.attrs.get('alpha0', 0):g}. {sub}")


def against_rest(corpus, sides, measure: str, units=None) -> dict[str, pd.DataFrame]:
    """Each side's group against the rest, from one :func:`~framing.contrast.compare_groups` call (one count
    table, ``units``), as the tables :func:`plot_distinctive_words` / :func:`plot_keyness` read (columns, attrs)."""
    from framing.contrast import compare_groups

    table = compare_groups(corpus, by="outlet", groups=[a for a, _ in sides], measure=measure, top=None,
                           min_count=1, units=units)
    out = {}
    for a, part in table.groupby("group_a", sort=False):
        part = part.dropna(subset=["unit"]).reset_index(drop=True)
        first = table[table["group_a"] == a].iloc[0]
        sizes = {"documents_a": int(first["n_docs_a"]), "documents_b": int(first["n_docs_b"])}
        if measure == "keyness":
            part = part.rename(columns={"count_a": "n_target", "count_b": "n_reference"})
            part.attrs = {"target": a, "reference": first["group_b"], "measure": "chi2", **sizes}
        else:
            part.attrs = {"a": a, "b": first["group_b"], "alpha0": DEFAULT_ALPHA0, **sizes}
        out[a] = part
    return out


def _rest_tables(ctx: FigureContext, sides, measure: str) -> dict[str, pd.DataFrame]:
    """:func:`against_rest` of the figure's sides: the report pass's (:func:`framing.report.derived.unit_spread`
    leaves them in the cache), else computed here."""
    return ctx.cache.get(("against_rest", measure)) or against_rest(ctx.corpus, sides, measure, ctx.units())


def _cached_pair(ctx: FigureContext, name: str, keys: tuple[str, str], sides: tuple[str, str]):
    """The table ``name`` of the two-group contrast that the report's pass put in ``ctx.cache``
    (:func:`framing.report.results.contrast_tables`, min_count=1 as here) when it compares ``sides``; else None."""
    table = ctx.cache.get(name)
    if table is None or tuple(str(table.attrs.get(k)) for k in keys) != tuple(map(str, sides)):
        return None
    return table


def _group_colors(ctx: FigureContext) -> dict | None:
    """Each group's colour in the other figures (when the palette holds them all), so a group keeps its colour here."""
    names = ctx.corpus.documents["outlet"].astype(str).unique()
    return outlet_colors(names) if fits_palette(len(names)) else None


def _panel_title(attrs, a, b, i, noun: str = "outlets") -> str:
    return (f"{'ABCDEFGH'[i]} \u00b7 {short(a)} ({attrs['documents_a']} docs) vs all other {noun} "
            f"({attrs['documents_b']} docs)")


def _one_outlet_units(ctx: FigureContext, a: str, b: str) -> tuple[set, set]:
    """The units concentrated in few outlets (:func:`framing.contrast.concentrated`) on side ``a`` and side ``b``:
    :func:`spread_skip` of the figure's corpus, once per pair."""
    if ("spread", a, b) not in ctx.cache:
        ctx.cache[("spread", a, b)] = spread_skip(ctx.corpus, a, b, ctx.units())[0]
    return ctx.cache[("spread", a, b)]


def spread_skip(corpus, a: str, b: str, units=None) -> tuple[tuple[set, set], tuple[pd.DataFrame, pd.DataFrame]]:
    """(units concentrated on side a, on side b) and the two :func:`framing.contrast.pair_spread` tables, the
    outlets being ``outlet_name`` where ``--by`` moved them, else ``outlet`` (a side of one outlet skips none)."""
    from framing.contrast import concentrated, pair_spread

    source = "outlet_name" if "outlet_name" in corpus.documents.columns else "outlet"
    spreads = pair_spread(corpus, a, b, source=source, units=units)
    return (set(concentrated(spreads[0])), set(concentrated(spreads[1]))), spreads


def _passed_over(units: pd.Series, skip: set, n: int) -> list[str]:
    """The units of ``units`` (in drawing order) that ``skip`` passes over before ``n`` are drawn."""
    units = units.astype(str)
    left_out = units.isin({str(u) for u in skip}).to_numpy()
    units = units.to_numpy()
    reach = np.flatnonzero(np.cumsum(~left_out) == n)
    upto = reach[0] + 1 if len(reach) else len(units)
    return units[:upto][left_out[:upto]].tolist()


def passed_over(table: pd.DataFrame, skip, measure: str) -> tuple[list[str], list[str]]:
    """The units the ``measure`` figure (``"keyness"``: :func:`plot_keyness`, 10 bars per side; ``"fightin_words"``:
    :func:`plot_distinctive_words`, 8 labels per side) passes over for ``skip`` on side a and on side b, in order."""
    if measure == "keyness":
        pos, neg = _key_sides(table)
        return _passed_over(pos["unit"], skip[0], KEY_BARS), _passed_over(neg["unit"], skip[1], KEY_BARS)
    return (_passed_over(table.loc[table["z"] > 0, "unit"], skip[0], FW_LABELS),
            _passed_over(table.loc[table["z"] < 0, "unit"][::-1], skip[1], FW_LABELS))


def _key_sides(key: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of a keyness table in drawing order: the target's (stat > 0, table order) and the reference's
    (stat < 0, most negative first, then unit)."""
    neg = key[key["stat"] < 0].sort_values(["stat", "unit"], ascending=[True, True], kind="stable")
    return key[key["stat"] > 0], neg


def _spread_note(left_out: tuple[list, list]) -> str:
    """The subtitle's sentence on the units left out for their spread (none when there are none)."""
    n = len(left_out[0]) + len(left_out[1])
    if not n:
        return ""
    one = n == 1
    return (f" Left out: {n} unit{'' if one else 's'} that would rank here, whose uses on {'its' if one else 'their'}"
            f" side concentrate in few outlets (Gries's DP over the side's outlets \u2265 0.5; table unit_spread).")


@register("distinctive_words")
def distinctive_words_figure(ctx: FigureContext) -> Figure:
    from framing.contrast import fightin_words

    sides = contrast_sides(ctx.corpus.documents)
    if sides[0][1] != REST:
        (a, b), = sides
        fw = _cached_pair(ctx, "fightin_words", ("a", "b"), (a, b))  # computed by the report's pass
        fw = fightin_words(ctx.corpus, a=a, b=b, min_count=1) if fw is None else fw
        fig, ax = plt.subplots(figsize=(7.5, 5.6), layout="constrained")
        skip = _one_outlet_units(ctx, a, b)
        plot_distinctive_words(fw, ax, group=ctx.group, skip=skip)
        _wrapped_title(ax, _fw_subtitle(fw, ctx.noun()) + _spread_note(passed_over(fw, skip, "fightin_words")))
        return finish(fig, ctx, f"Distinctive words: {short(a)} vs {short(b)}")
    fig, axes = plt.subplots(len(sides), 1, figsize=(7.5, 5.2 * len(sides)), layout="constrained", squeeze=False)
    tables = _rest_tables(ctx, sides, "fightin_words")
    for i, ((a, _), ax) in enumerate(zip(sides, axes[:, 0], strict=True)):
        fw = tables[a]
        skip = _one_outlet_units(ctx, a, REST)
        plot_distinctive_words(fw, ax, group=ctx.group, colors=_group_colors(ctx), skip=skip)
        _wrapped_title(ax, _panel_title(fw.attrs, a, REST, i, ctx.noun(True)) + "\n" + _fw_subtitle(fw, ctx.noun())
                       + _spread_note(passed_over(fw, skip, "fightin_words")))
    return finish(fig, ctx, f"Distinctive words: {len(sides)} largest {ctx.noun(True)}, each vs the other "
                            f"{_n_groups(ctx) - 1} pooled")


# --- 5. Keyness ---


def plot_keyness(key: pd.DataFrame, ax=None, *, n: int = KEY_BARS, colors: dict | None = None, skip=((), ())):
    """Two-sided keyness bars: the ``n`` most key units of the target (right) and of the reference (left).

    ``key``: :func:`framing.contrast.keyness` (attrs ``target``, ``reference``, ``measure``).
    Target side: the first ``n`` rows with ``stat > 0`` (table order: stat descending,
    then unit); reference side: the ``n`` most negative, most negative first.  Target
    units are drawn on top, each bar labelled ``n_target : n_reference``.  ``colors``: group -> colour
    (default: the two sides').  ``skip``: (units of the target, units of the reference) left out on that side.
    """
    require_columns(key, ("unit", "n_target", "n_reference", "stat"), name="keyness", arg="key")
    check_int(n, "n", minimum=1, what="integer (units per side, e.g. 10)")
    ax = _axes(ax, (6, 5))
    target, reference = str(key.attrs.get("target", "target")), str(key.attrs.get("reference", "reference"))
    colors = colors or outlet_colors([target, reference] if reference != REST else [target])
    pos, neg = (side[~side["unit"].astype(str).isin({str(u) for u in left_out})].head(n)
                for side, left_out in zip(_key_sides(key), skip, strict=True))
    rows = pd.concat([pos.assign(_side=1), neg.assign(_side=-1)], ignore_index=True)
    if len(rows) == 0:
        return _empty(ax, "No key unit on either side")
    y = np.arange(len(rows))
    values = rows["stat"].to_numpy(dtype=float)
    ax.barh(y, values, height=0.7,
            color=[_color(target, colors) if s > 0 else _color(reference, colors) for s in rows["_side"]])
    span = float(np.abs(values).max()) or 1.0
    for yi, v, unit, nt, nr in zip(y, values, rows["unit"], rows["n_target"], rows["n_reference"], strict=True):
        inner, outer = (-1, 1) if v > 0 else (1, -1)
        ax.text(inner * 0.02 * span, yi, str(unit), va="center", ha="right" if v > 0 else "left", fontsize=7.5)
        ax.text(v + outer * 0.02 * span, yi, f"{int(nt)} : {int(nr)}", va="center",
                ha="left" if v > 0 else "right", fontsize=6.5, color="#444444")
    ax.set_xlim(-span * 1.7, span * 1.7)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.axvline(0, color="#555555", lw=0.7)
    if len(pos) and len(neg):
        ax.axhline(len(pos) - 0.5, color="#cccccc", lw=0.6, ls=":")
    measure = key.attrs.get("measure", "chi2")
    name = {"chi2": "signed \u03c7\u00b2", "lr": "signed G\u00b2", "pmi": "PMI"}.get(measure, measure)
    ax.set_xlabel(f"keyness, {name}: + key in {short(target)}, \u2212 key in {short(reference)}\n"
                  f"bar labels: count in {short(target)} : count in {short(reference)}")
    handles = [Patch(color=_color(target, colors), label=f"key in {short(target)}"),
               Patch(color=_color(reference, colors), label=f"key in {short(reference)}")]
    _legend_below(ax, handles, ncol=2, pad_pt=46)
    return ax


def p_words(p: float) -> str:
    """``"= 0.031"``, ``"= 2.4e-155"``; ``"< 1e-300"`` for a p-value that underflowed to 0 (a χ² beyond ~1,400:
    the float cannot hold it, and "= 0" would claim certainty)."""
    return "< 1e-300" if p == 0 else f"= {p:.2g}"


def _keyness_subtitle(key) -> str:
    top = key["p_value"].min() if len(key) else float("nan")
    return (f"Top {KEY_BARS} units per side; \u03c7\u00b2 with Yates' correction (quanteda's textstat_keyness). "
            f"Smallest p {p_words(top)}: no unit is key at the 5% level here." if top >= 0.05 else
            f"Top {KEY_BARS} units per side; \u03c7\u00b2 with Yates' correction (quanteda's textstat_keyness); "
            f"smallest p {p_words(top)}.")


@register("keyness")
def keyness_figure(ctx: FigureContext) -> Figure:
    from framing.contrast import keyness

    sides = contrast_sides(ctx.corpus.documents)
    if sides[0][1] != REST:
        (a, b), = sides
        key = _cached_pair(ctx, "keyness", ("target", "reference"), (a, b))  # computed by the report's pass
        key = keyness(ctx.corpus, target=a, reference=b, min_count=1) if key is None else key
        fig, ax = plt.subplots(figsize=(7, 5.6), layout="constrained")
        skip = _one_outlet_units(ctx, a, b)
        plot_keyness(key, ax, skip=skip)
        _wrapped_title(ax, _keyness_subtitle(key) + _spread_note(passed_over(key, skip, "keyness")))
        return finish(fig, ctx, f"Keyness: key terms of {short(a)} vs {short(b)}")
    fig, axes = plt.subplots(len(sides), 1, figsize=(7, 5.2 * len(sides)), layout="constrained", squeeze=False)
    tables = _rest_tables(ctx, sides, "keyness")
    for i, ((a, _), ax) in enumerate(zip(sides, axes[:, 0], strict=True)):
        key = tables[a]
        skip = _one_outlet_units(ctx, a, REST)
        plot_keyness(key, ax, colors=_group_colors(ctx), skip=skip)
        top = key["p_adjusted"].min() if len(key) else float("nan")
        _wrapped_title(ax, f"{_panel_title(key.attrs, a, REST, i, ctx.noun(True))}\nTop {KEY_BARS} units per side; "
                           f"\u03c7\u00b2 with Yates' correction (quanteda's textstat_keyness); smallest p adjusted "
                           f"(Benjamini-Hochberg over "
                           f"the units of the {len(sides)} panels) {p_words(top)}."
                           + _spread_note(passed_over(key, skip, "keyness")))
    return finish(fig, ctx, f"Keyness: {len(sides)} largest {ctx.noun(True)}, each vs the other "
                            f"{_n_groups(ctx) - 1} pooled")
