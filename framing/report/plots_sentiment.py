"""Sentiment and actor figures: plot functions and their registered builders.

Plot functions take the stage tables as they come out of :mod:`framing.sentiment` and
:mod:`framing.actors`, draw on an
optional Axes and return it; they compute nothing beyond arranging rows for drawing.
Builders (registered in :data:`framing.report.figures.FIGURES`, in this order):

* ``sentence_sentiment`` -- :func:`plot_sentence_sentiment`
* ``actors`` -- :func:`plot_actor_sentiment` beside :func:`plot_actor_forms`

The contrast figures (word shift, distinctive words, keyness) are in :mod:`framing.report.plots_contrast`.
Points are spread with a fixed, rank-based offset (no random jitter), so the files are byte-identical from run to run.
"""

from __future__ import annotations

import importlib
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from framing.report import layout
from framing.report.figure_registry import FigureContext, finish, register
from framing.report.layout import capped, pooled_documents, ranked, short
from framing.report.palette import ONE_HUE, fits_palette, outlet_colors
from framing.report.plots import _axes, _legend_below, bootstrap_words, scatter
from framing.schema import VOICES, require_columns
from framing.stats import resampling_level

__all__ = [
    "plot_sentence_sentiment",
    "plot_actor_sentiment",
    "plot_actor_forms",
]

#: Colour of a side that is not one outlet ("(rest)" in a one-against-the-rest contrast).
OTHER_COLOR = "#888888"

_MEAN_STYLE = {"marker": "D", "markersize": 6, "markeredgecolor": "black", "markeredgewidth": 0.8, "zorder": 4}


def _sentiment_module():
    # ``framing.sentiment`` the module (the package re-exports a function of that name).
    return importlib.import_module("framing.sentiment")


def _color(outlet, colors) -> str:
    return colors.get(outlet, OTHER_COLOR)


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


# --- 1. Sentence sentiment ---

#: What the sentiment figures say with ``--score-names``.
_NAMES_SCORED = "words of proper names scored too (--score-names)"


def plot_sentence_sentiment(sent: pd.DataFrame, agg: pd.DataFrame, ax=None, *, vader_version: str | None = None,
                            score_names: bool = False):
    """Sentence compound scores per voice (rows) and outlet (dodged), with the mean and its interval.

    ``sent``: a sentiment table with an ``outlet`` column (one point per sentence, x =
    ``compound``); ``agg``: :func:`framing.sentiment.aggregate` with ``by=("outlet",
    "voice")`` (diamond = ``mean_compound``, line = ``ci_low``..``ci_high``).  Rows: voices in
    the order author, quote, fragment, reported (then any other voice, sorted); within a
    row one band per outlet in sorted order, points of a band spread by a fixed rank-based
    offset (sorted by compound, then sent_id).  ``n`` of each band is written at the right.
    ``score_names``: the axis says the words of proper names were scored (``sentiment(score_names=True)``).
    """
    require_columns(sent, ("outlet", "voice", "compound"), name="sentiment", arg="sent")
    require_columns(agg, ("outlet", "voice", "n_sentences", "mean_compound", "ci_low", "ci_high"),
                    name="aggregate", arg="agg")
    ax = _axes(ax, (7, 4.5))
    outlets = sorted(set(agg["outlet"].astype(str)) | set(sent["outlet"].astype(str)))
    seen = set(agg["voice"].astype(str)) | set(sent["voice"].astype(str))
    voices = [v for v in VOICES if v in seen] + sorted(seen - set(VOICES))
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
            _draw_band(ax, x, y0, band, colors[outlet])
            n = 0
            if (outlet, voice) in stats.index:
                row = stats.loc[(outlet, voice)]
                n = int(row["n_sentences"])
                if n > 0:
                    ax.plot([row["ci_low"], row["ci_high"]], [y0, y0], color="black", lw=1.4, zorder=3)
                    ax.plot([row["mean_compound"]], [y0], color=colors[outlet], **_MEAN_STYLE)
            ax.text(1.04, y0, f"n={n}" + _zero_note(x), va="center", ha="left", fontsize=7, color="#444444")
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
    ax.set_xlabel(f"VADER compound (\u22121 to 1){source}; dotted lines: \u00b10.05 neutral band\n"
                  + (_NAMES_SCORED if score_names else
                     "words of proper names count as neutral (\"Supreme\" in \"the Supreme Court\")"))
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], marker="o", ls="", color=colors[o], alpha=0.7, label=short(o)) for o in outlets]
    handles.append(Line2D([], [], marker="D", color="black", markerfacecolor="white", lw=1.4,
                          label=f"mean, {_interval_words(agg)}"))
    if any(n > layout.DOT_SENTENCES for n in sent.groupby(["outlet", "voice"]).size()):
        handles.append(Line2D([], [], color="#777777", lw=6, alpha=0.45,
                              label=f"box: quartiles, whiskers 5-95% (over {layout.DOT_SENTENCES} sentences)"))
    _legend_below(ax, handles, ncol=min(len(handles), 3))
    return ax


def _interval_words(agg: pd.DataFrame) -> str:
    """The interval of :func:`framing.sentiment.aggregate` (``resample="auto"``) in the words of
    :func:`framing.report.plots.bootstrap_words`, from what each row with sentences resampled
    (:func:`framing.stats.resampling_level` of its ``n_documents``); without ``n_documents``, "95% bootstrap
    interval"."""
    drawn = agg[agg["n_sentences"] > 0] if "n_sentences" in agg.columns else agg
    if "n_documents" not in drawn.columns:
        return bootstrap_words(())
    return bootstrap_words(resampling_level("auto", int(n)) for n in drawn["n_documents"])


def _draw_band(ax, x: np.ndarray, y0: float, band: float, color: str) -> None:
    """One band of sentences: dots (rank offsets) up to :data:`~framing.report.layout.DOT_SENTENCES`, else a box."""
    if len(x) <= layout.DOT_SENTENCES:
        scatter(ax, x, y0 + _offsets(len(x), band * 0.32), s=14, color=color, alpha=0.55, edgecolors="none", zorder=2)
        return
    p5, q1, q3, p95 = np.percentile(x, [5, 25, 75, 95])
    ax.plot([p5, p95], [y0, y0], color=color, lw=0.9, zorder=2)
    ax.fill_between([q1, q3], y0 - band * 0.3, y0 + band * 0.3, color=color, alpha=0.45, linewidth=0, zorder=2)


def _zero_note(x: np.ndarray) -> str:
    """", 41% at 0" for a band drawn as a box (the pile at exactly 0 a box hides), else ""."""
    if len(x) <= layout.DOT_SENTENCES:
        return ""
    return f", {100 * float(np.mean(x == 0)):.0f}% at 0"


def plot_group_sentiment(sent: pd.DataFrame, agg: pd.DataFrame, axes) -> None:
    """Many groups: one panel per voice (``axes``), one row per group sorted by mean compound
    (pooled "other" last), drawn as :func:`plot_sentence_sentiment` draws a band, in one hue."""
    seen = set(agg["voice"].astype(str))
    voices = [v for v in VOICES if v in seen] + sorted(seen - set(VOICES))
    stats = agg.assign(outlet=agg["outlet"].astype(str), voice=agg["voice"].astype(str))
    for ax, voice in zip(np.ravel(axes), voices, strict=False):
        part = stats[(stats["voice"] == voice) & (stats["n_sentences"] > 0)]
        means = dict(zip(part["outlet"], part["mean_compound"].astype(float), strict=True))
        names = ranked(means)
        for i, g in enumerate(names):
            row = part[part["outlet"] == g].iloc[0]
            x = sent.loc[(sent["voice"].astype(str) == voice) & (sent["outlet"].astype(str) == g), "compound"]
            x = np.sort(x.to_numpy(dtype=float))
            _draw_band(ax, x, i, 0.8, ONE_HUE)
            ax.plot([row["ci_low"], row["ci_high"]], [i, i], color="black", lw=1.4, zorder=3)
            ax.plot([row["mean_compound"]], [i], color=ONE_HUE, **_MEAN_STYLE)
            ax.text(1.04, i, f"n={int(row['n_sentences']):,}" + _zero_note(x), va="center", fontsize=6.5,
                    color="#444444")
        ax.axvline(0, color="#999999", lw=0.6, zorder=0)
        ax.set_xlim(-1.05, 1.6)
        ax.set_xticks([-1, -0.5, 0, 0.5, 1])
        ax.set_ylim(max(len(names), 1) - 0.5, -0.5)
        ax.set_yticks(range(len(names)), [short(g, 28) for g in names], fontsize=7)
        ax.tick_params(axis="y", length=0)
        ax.set_title(f"voice: {voice}", loc="left", fontsize=9)
    for ax in np.ravel(axes)[len(voices):]:
        ax.set_axis_off()


@register("sentence_sentiment")
def sentence_sentiment(ctx: FigureContext) -> Figure:
    S = _sentiment_module()
    docs = pooled_documents(ctx.corpus.documents)
    sent = ctx.sentiment.merge(docs[["doc_id", "outlet"]], on="doc_id", how="left")
    agg = S.aggregate(ctx.sentiment, ctx.corpus if docs is ctx.corpus.documents else docs, by=("outlet", "voice"),
                      random_state=0)
    k = max(docs["outlet"].nunique(), 1)
    if not fits_palette(k):
        n_voices = max(agg["voice"].nunique(), 1)
        fig, axes = plt.subplots(1, n_voices, figsize=capped(3.9 * n_voices + 1.2, 1.8 + 0.3 * k),
                                 layout="constrained", squeeze=False)
        plot_group_sentiment(sent, agg, axes)
        fig.supxlabel(f"VADER compound (−1 to 1), vaderSentiment {S.vader_version()}; diamond: mean, black "
                      f"line: {_interval_words(agg)}; box: quartiles, whiskers 5-95% (over {layout.DOT_SENTENCES} "
                      f"sentences); {_NAMES_SCORED if ctx.score_names else 'words of proper names count as neutral'}",
                      fontsize=7.5)
        return finish(fig, ctx, "Sentence sentiment by group and voice")
    fig, ax = plt.subplots(figsize=capped(7.5, 1.7 + 0.34 * 4 * k), layout="constrained")
    plot_sentence_sentiment(sent, agg, ax, vader_version=S.vader_version(), score_names=ctx.score_names)
    boxes = bool(len(sent)) and int(sent.groupby(["outlet", "voice"]).size().max()) > layout.DOT_SENTENCES
    ax.set_title(f"Each dot is one sentence (a box above {layout.DOT_SENTENCES}); diamonds are the mean of the "
                 f"{ctx.noun()}'s sentences in that voice" if boxes else
                 f"Each dot is one sentence; diamonds are the mean of the {ctx.noun()}'s sentences in that voice",
                 loc="left", fontsize=8, fontweight="normal")
    return finish(fig, ctx, f"Sentence sentiment by {ctx.noun()} and voice")


# --- 2. Actors ---

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
    ci_high; ``n_documents``, when present, tells the x label what the interval resampled,
    :func:`_interval_words`).  Only actors mentioned at least once are drawn, most mentioned first (ties:
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
    # dots 0.6 band units apart from three outlets on (a band unit is about 12 pt tall): the "n=" labels never touch
    half = max(0.36, 0.3 * (len(outlets) - 1))
    spread = np.linspace(-half, half, len(outlets)) if len(outlets) > 1 else np.zeros(1)
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
    ax.set_yticks([(bands[a][0] + bands[a][1]) / 2 for a in actors], [short(a) for a in actors])
    ax.tick_params(axis="y", length=0)
    label = _actor_xlabel(summary)
    ax.set_xlabel(label)
    handles = [Line2D([], [], marker="o", color=colors[o], markeredgecolor="black", label=short(o))
               for o in outlets]
    _legend_below(ax, handles, ncol=1, pad_pt=33 + 11 * label.count("\n"))  # 11 pt a line of the 9 pt label
    return ax


def _actor_xlabel(summary: pd.DataFrame) -> str:
    """The x label of :func:`plot_actor_sentiment`, wrapped to the panel's width (44 characters a line)."""
    return textwrap.fill("mean VADER compound (\u22121 to 1) of sentences mentioning the actor, "
                         + _interval_words(summary), 44)


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
        ax.text(j + 0.02, -0.15, "\n".join(textwrap.wrap(short(o, 68), 34)), fontsize=8, fontweight="bold",
                color=colors[o], va="bottom", ha="left")
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


#: Fill of a cell of :func:`plot_actor_grid` whose tone rests on too few sentences to colour.
FEW_TONE = "#eeeeee"


def plot_actor_grid(summary: pd.DataFrame, ax=None, *, top: int | None = None):
    """Many groups: a grid of groups (rows) x the ``top`` most mentioned actors (columns);
    cell colour = mean compound of the sentences naming the actor when at least
    :data:`~framing.report.layout.MIN_TONE_SENTENCES` sentences do (fewer: a grey cell, its number grey;
    blank: not mentioned), cell text = mentions.  Rows sorted by mentions (pooled "other" last).
    ``summary``: as :func:`plot_actor_sentiment`.  ``top``: default :data:`framing.report.layout.TOP_ACTORS`."""
    require_columns(summary, ("outlet", "actor", "n_mentions", "n_sentences", "mean_compound"), name="actor_summary",
                    arg="summary")
    top = layout.TOP_ACTORS if top is None else top
    ax = _axes(ax, (8, 5))
    t = summary.assign(outlet=summary["outlet"].astype(str))
    totals = t.groupby("actor")["n_mentions"].sum()
    actors = sorted(totals[totals > 0].index, key=lambda a: (-int(totals[a]), str(a)))[:top]
    if not actors:
        return _empty(ax, "No actor of the gazetteer is mentioned in this corpus")
    per = t.groupby("outlet")["n_mentions"].sum()
    names = ranked(per)
    cell = t.set_index(["outlet", "actor"])
    tone = np.full((len(names), len(actors)), np.nan)
    for i, g in enumerate(names):
        for j, a in enumerate(actors):
            if (g, a) in cell.index and int(cell.loc[(g, a), "n_mentions"]) > 0:
                few = int(cell.loc[(g, a), "n_sentences"]) < layout.MIN_TONE_SENTENCES
                if few:  # the mean of one or two sentences would colour the cell as strongly as that of thousands
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=FEW_TONE, edgecolor="none"))
                else:
                    tone[i, j] = cell.loc[(g, a), "mean_compound"]
                ax.text(j, i, f"{int(cell.loc[(g, a), 'n_mentions'])}", ha="center", va="center", fontsize=6.5,
                        color="#777777" if few else "black")
    image = ax.imshow(np.ma.masked_invalid(tone), cmap="PuOr", vmin=-0.5, vmax=0.5, aspect="auto")
    ax.set_xticks(range(len(actors)), [short(a, 24) for a in actors], rotation=40, ha="right", fontsize=7)
    ax.set_yticks(range(len(names)), [short(g, 28) for g in names], fontsize=7)
    ax.tick_params(length=0)
    ax.figure.colorbar(image, ax=ax, shrink=0.6, label="mean VADER compound of sentences naming the actor")
    return ax


@register("actors")
def actors_figure(ctx: FigureContext) -> Figure:
    from framing.actors import actor_summary

    # actor_summary(sent=...) fails on a corpus with no mention at all (pandas merge of an empty
    # float "actor" column); without mentions there is no sentiment to show anyway.
    sent = ctx.sentiment if len(ctx.mentions) else None
    docs = pooled_documents(ctx.corpus.documents)
    summary = actor_summary(ctx.mentions, ctx.corpus if docs is ctx.corpus.documents else docs, hits=ctx.hits,
                            sent=sent, random_state=0)
    actors, outlets, _, _, total = _actor_cells(summary)
    title = f"Actors: how each {ctx.noun()} names, labels and writes about them"
    if not actors:
        fig, ax = plt.subplots(figsize=(6.5, 2.0), layout="constrained")
        where = "framing/data/actors.csv" if ctx.actors is None else "given"
        hint = "\nfor another story: --actors discover, or --actors FILE" if ctx.actors is None else ""
        if ctx.actors is not None and len(ctx.actors) == 0:  # --actors discover found no recurring name
            _empty(ax, "The actor gazetteer is empty (--actors discover found no recurring name)\n"
                       "pass --actors FILE to name the actors")
            return finish(fig, ctx, title)
        _empty(ax, f"No actor of the gazetteer ({where}) is mentioned in this corpus{hint}")
        return finish(fig, ctx, title)
    k = max(len(outlets), 1)
    if k > layout.ACTOR_COLUMNS:
        n_act = min(len(actors), layout.TOP_ACTORS)
        fig, ax = plt.subplots(figsize=capped(max(2.6 + 0.55 * n_act, 6.5), 2.4 + 0.28 * k), layout="constrained")
        plot_actor_grid(summary, ax)
        which = f"The {n_act} most mentioned actors" if n_act > 1 else "The one actor mentioned"
        ax.set_title(f"{which}: mentions (number) and tone (colour) per group; grey: fewer than\n"
                     f"{layout.MIN_TONE_SENTENCES} sentences name the actor, too few for a tone; names and labels in "
                     f"the tables", loc="left", fontsize=8, fontweight="normal")
        return finish(fig, ctx, "Actors: who each group names, and the tone of those sentences")
    if len(actors) > layout.TOP_ACTORS:  # the most mentioned actors only
        summary = summary[summary["actor"].isin(actors[: layout.TOP_ACTORS])]
        actors, outlets, _, _, total = _actor_cells(summary)
    # 0.17 in (12 pt) per band unit beside titles, axis label and the legend below (k rows of about 0.2 in)
    extra = (_actor_xlabel(summary).count("\n") - 1) * 11 / 72  # label lines beyond two, 11 pt each
    fig, (left, right) = plt.subplots(1, 2, figsize=capped(3.6 + 2.5 * k,
                                                           max(1.9, 1.5 + 0.2 * k) + 0.17 * total + extra),
                                      layout="constrained",
                                      gridspec_kw={"width_ratios": [3.2, 2.5 * k]})
    plot_actor_sentiment(summary, left)
    plot_actor_forms(summary, right)
    left.set_title("A · Tone of sentences naming the actor", loc="left", fontsize=8.5, pad=22)
    names = "B · Names used (count); in red, loaded terms labelling the actor"
    right.set_title(names if k > 1 else textwrap.fill(names, 36), loc="left",  # one group: a narrow panel
                    fontsize=8.5, pad=22)
    return finish(fig, ctx, title)
