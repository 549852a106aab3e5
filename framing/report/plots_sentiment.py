"""Sentiment, actor and lexical-contrast figures: plot functions and their registered builders.

Plot functions take the stage tables as they come out of :mod:`framing.sentiment`,
:mod:`framing.actors`, :mod:`framing.wordshift` and :mod:`framing.contrast`, draw on an
optional Axes and return it; they compute nothing beyond arranging rows for drawing.
Builders (registered in :data:`framing.report.figures.FIGURES`, in this order):

* ``sentence_sentiment`` -- :func:`plot_sentence_sentiment`
* ``actors`` -- :func:`plot_actor_sentiment` beside :func:`plot_actor_forms`
* ``word_shift`` -- :func:`plot_word_shift_summary` above :func:`plot_word_shift`
* ``distinctive_words`` -- :func:`plot_distinctive_words`
* ``keyness`` -- :func:`plot_keyness`

Pairwise figures (word shift, distinctive words, keyness) compare the first two outlets
in sorted order (:func:`outlet_pair`); restrict the corpus first to compare others.
Points are spread with a fixed, rank-based offset (no random jitter), so the files are
byte-identical from run to run.
"""

from __future__ import annotations

import importlib
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import ticker, transforms
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from framing.report.palette import outlet_colors
from framing.report.registry import FigureContext, finish, register
from framing.schema import require_columns
from framing.stats import check_int

__all__ = [
    "KIND_COLORS",
    "outlet_pair",
    "plot_sentence_sentiment",
    "plot_actor_sentiment",
    "plot_actor_forms",
    "plot_word_shift",
    "plot_word_shift_summary",
    "plot_distinctive_words",
    "plot_keyness",
]

#: Colours of the four word-shift kinds, after Gallagher et al. (2021): positive words warm (gold),
#: negative words cool (indigo, Paul Tol's #332288), "less frequent" in a lighter shade.  A
#: yellow/blue contrast stays distinct for red-green colour-blind readers, and neither hue is an
#: Okabe-Ito outlet colour, so a kind never reads as an outlet.
KIND_COLORS = {"+↑": "#B8860B", "+↓": "#E6CF8B", "-↑": "#332288", "-↓": "#9A93C9"}

#: Colour of a side that is not one outlet ("(rest)" in a one-against-the-rest contrast).
OTHER_COLOR = "#888888"

#: Two-sided 5% threshold of a standard normal z-score.
Z_CRIT = 1.96

_VOICES = ("author", "quote", "fragment", "reported")
_MEAN_STYLE = {"marker": "D", "markersize": 6, "markeredgecolor": "black", "markeredgewidth": 0.8, "zorder": 4}


def _sentiment_module():
    # ``framing.sentiment`` the module (the package re-exports a function of that name).
    return importlib.import_module("framing.sentiment")


def _color(outlet, colors) -> str:
    return colors.get(outlet, OTHER_COLOR)


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _legend_below(ax, handles, ncol, pad_pt=34):
    """A legend under the x-axis label of ``ax`` (never over the data)."""
    anchor = transforms.offset_copy(ax.transAxes, fig=ax.figure, y=-pad_pt, units="points")
    return ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=anchor, ncol=ncol,
        fontsize=7.5, handlelength=1.5, columnspacing=1.2,
    )


def _empty(ax, message):
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=9, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def _offsets(n: int, width: float = 0.3) -> np.ndarray:
    """Fixed vertical offsets for ``n`` points of one row: 0, +d, -d, +2d, -2d, ... within ``±width``."""
    if n == 0:
        return np.zeros(0)
    steps = np.array([0] + [s * k for k in range(1, n) for s in (1, -1)][: n - 1], dtype=float)
    top = max(np.abs(steps).max(), 1.0)
    return steps / top * width if n > 1 else steps


def outlet_pair(outlets) -> tuple[str, str]:
    """The two outlets a pairwise figure compares: the first two in sorted order."""
    names = sorted(set(map(str, outlets)))
    if len(names) < 2:
        raise ValueError(f"outlets: a contrast needs at least two outlets, the corpus has {names}")
    return names[0], names[1]


# --------------------------------------------------------------------------------------
# 1. Sentence sentiment
# --------------------------------------------------------------------------------------


def plot_sentence_sentiment(sent: pd.DataFrame, agg: pd.DataFrame, ax=None, *, vader_version: str | None = None):
    """Sentence compound scores per voice (rows) and outlet (dodged), with the mean and its interval.

    ``sent``: a sentiment table with an ``outlet`` column (one point per sentence, x =
    ``compound``); ``agg``: :func:`framing.sentiment.aggregate` with ``by=("outlet",
    "voice")`` (diamond = ``mean_compound``, line = ``ci_low``..``ci_high``).  Rows: voices in
    the order author, quote, fragment, reported (then any other voice, sorted); within a
    row one band per outlet in sorted order, points of a band spread by a fixed rank-based
    offset (sorted by compound, then sent_id).  ``n`` of each band is written at the right.
    """
    require_columns(sent, ("outlet", "voice", "compound"), name="sentiment", arg="sent")
    require_columns(agg, ("outlet", "voice", "n_sentences", "mean_compound", "ci_low", "ci_high"),
                    name="aggregate", arg="agg")
    ax = _axes(ax, (7, 4.5))
    outlets = sorted(set(agg["outlet"].astype(str)) | set(sent["outlet"].astype(str)))
    seen = set(agg["voice"].astype(str)) | set(sent["voice"].astype(str))
    voices = [v for v in _VOICES if v in seen] + sorted(seen - set(_VOICES))
    colors = outlet_colors(outlets)
    k = len(outlets)
    band = 0.8 / k
    stats = agg.assign(outlet=agg["outlet"].astype(str), voice=agg["voice"].astype(str)).set_index(["outlet", "voice"])
    sort_cols = ["compound"] + (["sent_id"] if "sent_id" in sent.columns else [])
    for i, voice in enumerate(voices):
        for j, outlet in enumerate(outlets):
            y0 = i - 0.4 + band * (j + 0.5)
            rows = sent[(sent["voice"].astype(str) == voice) & (sent["outlet"].astype(str) == outlet)]
            rows = rows.sort_values(sort_cols, kind="stable")
            x = rows["compound"].to_numpy(dtype=float)
            ax.scatter(x, y0 + _offsets(len(x), band * 0.32), s=14, color=colors[outlet], alpha=0.55,
                       edgecolors="none", zorder=2)
            n = 0
            if (outlet, voice) in stats.index:
                row = stats.loc[(outlet, voice)]
                n = int(row["n_sentences"])
                if n > 0:
                    ax.plot([row["ci_low"], row["ci_high"]], [y0, y0], color="black", lw=1.4, zorder=3)
                    ax.plot([row["mean_compound"]], [y0], color=colors[outlet], **_MEAN_STYLE)
            ax.text(1.04, y0, f"n={n}", va="center", ha="left", fontsize=7, color="#444444")
        if i:
            ax.axhline(i - 0.5, color="#dddddd", lw=0.6, zorder=0)
    ax.axvline(0, color="#999999", lw=0.6, zorder=0)
    for t in (-0.05, 0.05):
        ax.axvline(t, color="#bbbbbb", lw=0.5, ls=":", zorder=0)
    ax.set_xlim(-1.05, 1.18)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylim(len(voices) - 0.5, -0.5)
    ax.set_yticks(range(len(voices)), voices)
    ax.set_ylabel("voice of the sentence")
    source = f", vaderSentiment {vader_version}" if vader_version else ""
    ax.set_xlabel(f"VADER compound (\u22121 to 1){source}; dotted lines: \u00b10.05 neutral band")
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], marker="o", ls="", color=colors[o], alpha=0.7, label=o) for o in outlets]
    handles.append(Line2D([], [], marker="D", color="black", markerfacecolor="white", lw=1.4,
                          label="mean, 95% bootstrap interval"))
    _legend_below(ax, handles, ncol=min(len(handles), 3))
    return ax


@register("sentence_sentiment")
def sentence_sentiment(ctx: FigureContext) -> Figure:
    S = _sentiment_module()
    docs = ctx.corpus.documents
    sent = ctx.sentiment.merge(docs[["doc_id", "outlet"]], on="doc_id", how="left")
    agg = S.aggregate(ctx.sentiment, ctx.corpus, by=("outlet", "voice"), random_state=0)
    k = max(docs["outlet"].nunique(), 1)
    fig, ax = plt.subplots(figsize=(7.5, 1.7 + 0.34 * 4 * k), layout="constrained")
    plot_sentence_sentiment(sent, agg, ax, vader_version=S.vader_version())
    ax.set_title("Each dot is one sentence; diamonds are the mean of the outlet's sentences in that voice",
                 loc="left", fontsize=8, fontweight="normal")
    return finish(fig, ctx, "Sentence sentiment by outlet and voice")


# --------------------------------------------------------------------------------------
# 2. Actors
# --------------------------------------------------------------------------------------

_FORM_WIDTH = 42  # characters per line of a cell of the forms panel


def _actor_cells(summary: pd.DataFrame):
    """Rows of the actors figure: (actors in order, their y bands, cell lines per actor x outlet)."""
    mentioned = summary[summary["n_mentions"] > 0]
    totals = mentioned.groupby("actor")["n_mentions"].sum()
    actors = sorted(totals.index, key=lambda a: (-int(totals[a]), str(a)))
    outlets = sorted(summary["outlet"].astype(str).unique())
    cells = {}
    for row in summary.itertuples(index=False):
        forms = textwrap.wrap(row.forms, _FORM_WIDTH) if row.n_mentions else ["(not mentioned)"]
        labels = textwrap.wrap(f"labels: {row.labels}", _FORM_WIDTH) if row.n_labels else []
        cells[(row.actor, str(row.outlet))] = (forms, labels)
    bands, top = {}, 0.0
    for a in actors:
        height = max(len(f) + len(lab) for f, lab in (cells.get((a, o), ([""], [])) for o in outlets)) + 0.6
        height = max(height, 1.2 + 0.35 * len(outlets))
        bands[a] = (top, top + height)
        top += height
    return actors, outlets, bands, cells, top


def plot_actor_sentiment(summary: pd.DataFrame, ax=None):
    """Mean compound (with interval) of the sentences mentioning each actor, one dot per outlet.

    ``summary``: :func:`framing.actors.actor_summary` with ``sent`` given (columns actor,
    outlet, n_mentions, forms, n_labels, labels, n_sentences, mean_compound, ci_low,
    ci_high).  Only actors mentioned at least once are drawn, most mentioned first (ties:
    actor name); each actor has a band as tall as its cell in :func:`plot_actor_forms`, so
    the two panels line up.  An outlet that never mentions an actor has no dot there.
    """
    require_columns(summary, ("actor", "outlet", "n_mentions", "forms", "n_labels", "labels", "n_sentences",
                              "mean_compound", "ci_low", "ci_high"), name="actor_summary", arg="summary")
    ax = _axes(ax, (4, 4))
    actors, outlets, bands, _, total = _actor_cells(summary)
    if not actors:
        return _empty(ax, "No actor of the gazetteer is mentioned in this corpus")
    colors = outlet_colors(outlets)
    stats = summary.assign(outlet=summary["outlet"].astype(str)).set_index(["actor", "outlet"])
    spread = np.linspace(-0.36, 0.36, len(outlets)) if len(outlets) > 1 else np.zeros(1)
    for a in actors:
        lo, hi = bands[a]
        mid = (lo + hi) / 2
        for off, o in zip(spread, outlets, strict=True):
            if (a, o) not in stats.index:
                continue
            row = stats.loc[(a, o)]
            if int(row["n_sentences"]) == 0 or pd.isna(row["mean_compound"]):
                continue
            ax.plot([row["ci_low"], row["ci_high"]], [mid + off] * 2, color=colors[o], lw=1.5, zorder=3)
            ax.plot([row["mean_compound"]], [mid + off], marker="o", ms=5.5, color=colors[o],
                    markeredgecolor="black", markeredgewidth=0.6, zorder=4)
            ax.text(1.04, mid + off, f"n={int(row['n_sentences'])}", fontsize=6.5, va="center", color="#444444")
        if lo > 0:
            ax.axhline(lo, color="#dddddd", lw=0.6, zorder=0)
    ax.axvline(0, color="#999999", lw=0.6, zorder=0)
    ax.set_xlim(-1.05, 1.22)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylim(total, 0)
    ax.set_yticks([(bands[a][0] + bands[a][1]) / 2 for a in actors], actors)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("mean VADER compound (\u22121 to 1) of sentences\nmentioning the actor, 95% bootstrap interval")
    handles = [Line2D([], [], marker="o", color=colors[o], markeredgecolor="black", label=o) for o in outlets]
    _legend_below(ax, handles, ncol=1, pad_pt=44)
    return ax


def plot_actor_forms(summary: pd.DataFrame, ax=None):
    """A text panel: per actor (rows, as :func:`plot_actor_sentiment`) and outlet (columns, sorted),
    the surface forms with counts and, in red, the loaded terms labelling the actor.

    ``summary``: :func:`framing.actors.actor_summary` (``forms``, ``labels`` as it writes them).
    Column headers are the outlet names in the outlets' colours.
    """
    require_columns(summary, ("actor", "outlet", "n_mentions", "forms", "n_labels", "labels"),
                    name="actor_summary", arg="summary")
    ax = _axes(ax, (5, 4))
    actors, outlets, bands, cells, total = _actor_cells(summary)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    if not actors:
        return ax
    colors = outlet_colors(outlets)
    ax.set_xlim(0, len(outlets))
    ax.set_ylim(total, 0)
    for j, o in enumerate(outlets):
        ax.text(j + 0.02, -0.15, "\n".join(textwrap.wrap(o, 34)), fontsize=8, fontweight="bold", color=colors[o],
                va="bottom", ha="left")
        for a in actors:
            forms, labels = cells.get((a, o), (["(not mentioned)"], []))
            top = bands[a][0] + 0.3
            ax.text(j + 0.02, top, "\n".join(forms), fontsize=7, va="top", ha="left", linespacing=1.25,
                    color="#999999" if forms == ["(not mentioned)"] else "#222222")
            if labels:
                ax.text(j + 0.02, top + len(forms) * 1.0, "\n".join(labels), fontsize=7, va="top", ha="left",
                        linespacing=1.25, color="#B2182B")
    for a in actors:
        if bands[a][0] > 0:
            ax.axhline(bands[a][0], color="#dddddd", lw=0.6, zorder=0)
    return ax


@register("actors")
def actors_figure(ctx: FigureContext) -> Figure:
    from framing.actors import actor_summary

    # actor_summary(sent=...) fails on a corpus with no mention at all (pandas merge of an empty
    # float "actor" column); without mentions there is no sentiment to show anyway.
    sent = ctx.sentiment if len(ctx.mentions) else None
    summary = actor_summary(ctx.mentions, ctx.corpus, hits=ctx.hits, sent=sent, random_state=0)
    actors, outlets, _, _, total = _actor_cells(summary)
    title = "Actors: how each outlet names, labels and writes about them"
    if not actors:
        fig, ax = plt.subplots(figsize=(6.5, 2.0), layout="constrained")
        _empty(ax, "No actor of the gazetteer (framing/data/actors.csv) is mentioned in this corpus")
        return finish(fig, ctx, title)
    k = max(len(outlets), 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(3.6 + 2.5 * k, 1.9 + 0.17 * total), layout="constrained",
                                      gridspec_kw={"width_ratios": [3.2, 2.5 * k]})
    plot_actor_sentiment(summary, left)
    plot_actor_forms(summary, right)
    left.set_title("A · Tone of sentences naming the actor", loc="left", fontsize=8.5, pad=22)
    right.set_title("B · Names used (count); in red, loaded terms labelling the actor", loc="left",
                    fontsize=8.5, pad=22)
    return finish(fig, ctx, title)


# --------------------------------------------------------------------------------------
# 3. Word shift
# --------------------------------------------------------------------------------------


def plot_word_shift(shift: pd.DataFrame, ax=None, *, n: int = 20):
    """Gallagher et al. (2021) word-shift bars: the ``n`` words with the largest |contribution|.

    ``shift``: :func:`framing.wordshift.word_shift` (its sort order: |contribution|
    descending, then word; the first ``n`` rows are drawn, largest at the top).  Bar length
    = ``contribution``; colour = ``kind`` (:data:`KIND_COLORS`); the word is written at the
    bar's end.  The legend names the outlets from ``shift.attrs`` (``group_a``, ``group_b``).
    """
    require_columns(shift, ("word", "contribution", "kind"), name="word-shift", arg="shift")
    check_int(n, "n", minimum=1, what="integer (words to draw, e.g. 20)")
    ax = _axes(ax, (6, 5))
    a, b = shift.attrs.get("group_a", "a"), shift.attrs.get("group_b", "b")
    if len(shift) == 0:
        return _empty(ax, "No word of the sentiment dictionary in one of the outlets: no word shift")
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
                  f"right of 0: raises {b}'s average relative to {a}'s")
    labels = {
        "+↑": f"+↑ positive word, used more by {b}",
        "-↓": f"-↓ negative word, used less by {b}",
        "+↓": f"+↓ positive word, used less by {b}",
        "-↑": f"-↑ negative word, used more by {b}",
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
    from framing.wordshift import shift_components, word_shift

    a, b = outlet_pair(ctx.corpus.documents["outlet"])
    shift = word_shift(ctx.corpus, a, b)
    fig = plt.figure(figsize=(7.5, 8.0), layout="constrained")
    top, ax = fig.subplots(2, 1, height_ratios=[1.1, 5])
    if len(shift):
        plot_word_shift_summary(shift_components(shift), top)
    else:
        top.set_axis_off()
    plot_word_shift(shift, ax)
    at = shift.attrs
    if len(shift):
        top.set_title(
            f"Average valence of scored words: {b} {at['mean_b']:+.2f}, {a} {at['mean_a']:+.2f}; "
            f"difference {at['difference']:+.2f}\n(= Σ total = sum of all {len(shift)} words' contributions; "
            f"{'top 20' if len(shift) > 20 else 'all'} shown)",
            loc="left", fontsize=8, fontweight="normal")
    return finish(fig, ctx, f"Word shift (sentiment): {b} vs {a}")


# --------------------------------------------------------------------------------------
# 4. Distinctive words (Fightin' Words)
# --------------------------------------------------------------------------------------


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


def plot_distinctive_words(fw: pd.DataFrame, ax=None, *, n_labels: int = 8):
    """Fightin' Words (Monroe et al. 2008): z-score against total frequency, one point per unit.

    ``fw``: :func:`framing.contrast.fightin_words` (attrs ``a``, ``b``).  x = ``count_a +
    count_b`` (log scale, points at one count spread by a fixed rank offset), y = ``z``;
    colour = the outlet the unit leans to (z > 0: ``a``), solid when |z| >= 1.96, faded
    otherwise; dashed lines at z = ±1.96.  The ``n_labels`` highest-z and lowest-z units
    (``fw``'s order) are labelled in two rows above / below the data, spaced evenly by
    their x, with a thin line to their point, so labels never overlap.
    """
    require_columns(fw, ("unit", "count_a", "count_b", "z"), name="fightin_words", arg="fw")
    check_int(n_labels, "n_labels", minimum=0, what="integer (e.g. 8)")
    ax = _axes(ax, (7, 5))
    a, b = str(fw.attrs.get("a", "a")), str(fw.attrs.get("b", "b"))
    colors = outlet_colors([a, b])
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
            ax.scatter(x[mask], z[mask], s=12, c=list(point_colors[mask]), alpha=alpha, edgecolors="none", zorder=2)
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
    sides = ((positions[z > 0][:n_labels], 1), (positions[z < 0][::-1][:n_labels], -1))
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
    ax.set_xlabel(f"total frequency in both outlets (count of the unit, log scale; {len(fw)} units)")
    ax.set_ylabel(f"z-score of the log-odds ratio\n+ more typical of {a}, \u2212 of {b}")
    handles = [
        Line2D([], [], marker="o", ls="", color=_color(a, colors), label=f"leans to {a}"),
        Line2D([], [], marker="o", ls="", color=_color(b, colors), label=f"leans to {b}"),
        Line2D([], [], marker="o", ls="", color="#777777", alpha=0.35, label="faded: |z| < 1.96"),
    ]
    _legend_below(ax, handles, ncol=3, pad_pt=32)
    return ax


@register("distinctive_words")
def distinctive_words_figure(ctx: FigureContext) -> Figure:
    from framing.contrast import fightin_words

    a, b = outlet_pair(ctx.corpus.documents["outlet"])
    fw = ctx.cache.get("fightin_words")  # the report's pass computed it (framing.report.results)
    fw = fightin_words(ctx.corpus, a=a, b=b) if fw is None else fw
    fig, ax = plt.subplots(figsize=(7.5, 5.6), layout="constrained")
    plot_distinctive_words(fw, ax)
    sub = (
        "One document per outlet: z reflects word-level sampling within these articles only, not the outlets' "
        "other writing." if fw.attrs.get("documents_a", 2) < 2 or fw.attrs.get("documents_b", 2) < 2
        else "z from word counts; documents pooled per outlet."
    )
    ax.set_title(f"Fightin' Words (Monroe et al. 2008), informative wordfreq prior, \u03b10 = "
                 f"{fw.attrs.get('alpha0', 0):g}. {sub}", loc="left", fontsize=8, fontweight="normal", wrap=True)
    return finish(fig, ctx, f"Distinctive words: {a} vs {b}")


# --------------------------------------------------------------------------------------
# 5. Keyness
# --------------------------------------------------------------------------------------


def plot_keyness(key: pd.DataFrame, ax=None, *, n: int = 10):
    """Two-sided keyness bars: the ``n`` most key units of the target (right) and of the reference (left).

    ``key``: :func:`framing.contrast.keyness` (attrs ``target``, ``reference``, ``measure``).
    Target side: the first ``n`` rows with ``stat > 0`` (table order: stat descending,
    then unit); reference side: the ``n`` most negative, most negative first.  Target
    units are drawn on top, each bar labelled ``n_target : n_reference``.
    """
    require_columns(key, ("unit", "n_target", "n_reference", "stat"), name="keyness", arg="key")
    check_int(n, "n", minimum=1, what="integer (units per side, e.g. 10)")
    ax = _axes(ax, (6, 5))
    target, reference = str(key.attrs.get("target", "target")), str(key.attrs.get("reference", "reference"))
    colors = outlet_colors([target, reference] if reference != "(rest)" else [target])
    pos = key[key["stat"] > 0].head(n)
    neg = key[key["stat"] < 0].sort_values(["stat", "unit"], ascending=[True, True], kind="stable").head(n)
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
    ax.set_xlabel(f"keyness, {name}: + key in {target}, \u2212 key in {reference}\n"
                  f"bar labels: count in {target} : count in {reference}")
    handles = [Patch(color=_color(target, colors), label=f"key in {target}"),
               Patch(color=_color(reference, colors), label=f"key in {reference}")]
    _legend_below(ax, handles, ncol=2, pad_pt=46)
    return ax


@register("keyness")
def keyness_figure(ctx: FigureContext) -> Figure:
    from framing.contrast import keyness

    a, b = outlet_pair(ctx.corpus.documents["outlet"])
    key = ctx.cache.get("keyness")  # the report's pass computed it (framing.report.results)
    key = keyness(ctx.corpus, target=a, reference=b) if key is None else key
    fig, ax = plt.subplots(figsize=(7, 5.6), layout="constrained")
    plot_keyness(key, ax)
    top = key["p_value"].min() if len(key) else float("nan")
    ax.set_title(f"Top 10 units per side; \u03c7\u00b2 with Yates' correction (quanteda's textstat_keyness). "
                 f"Smallest p = {top:.2g}: no unit is key at the 5% level here." if top >= 0.05 else
                 f"Top 10 units per side; \u03c7\u00b2 with Yates' correction (quanteda's textstat_keyness); "
                 f"smallest p = {top:.2g}.", loc="left", fontsize=8, fontweight="normal", wrap=True)
    return finish(fig, ctx, f"Keyness: key terms of {a} vs {b}")
