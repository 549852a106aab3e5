"""Loaded-term and voice figures: plot functions (tables in, Axes out) and their builders.

Figures registered here, in this order: ``loaded_terms_by_category``, ``where_terms_fall``,
``voice_composition``, ``attribution_stance``.  The numbers come from the stage modules
(:func:`framing.score.scores`, :func:`framing.voice.quotes`, :func:`framing.voice.speakers`,
:func:`framing.voice.attribution_stance`, :func:`framing.voice.stance_table`); the only
table made here is :func:`voice_words`, a join-and-count over the voice layer.

Encoding shared by the figures: each outlet keeps its Okabe-Ito colour
(:func:`framing.report.plots.outlet_colors`); a voice is a tint and a hatch of that colour
(:data:`VOICE_STYLE`): the author's own words solid, quoted / fragment / reported words
lighter, so a reader sees how much of an outlet's language is its own.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from framing.lexicon import loaded_mask
from framing.report import layout
from framing.report.figure_registry import FigureContext, finish, group_noun, register
from framing.report.layout import capped, pooled_documents, short
from framing.report.palette import category_colors, fits_palette, outlet_colors
from framing.report.plots import _axes, _legend_below
from framing.report.plots_groups import (
    STANCE_COLORS,
    VOICE_STYLE,
    _nice,
    _percent_axes,
    _segment,
    _tint,
    _voice_handles,
    bar_end,
    plot_group_stance,
    plot_group_voice,
    plot_loaded_terms_panels,
    plot_term_position_histograms,
    rate_intervals,
)
from framing.schema import as_documents, require_columns
from framing.stats import check_int
from framing.voice import STANCES, VOICES, word_voices

__all__ = [
    "VOICE_STYLE",
    "loaded_hits",
    "plot_loaded_terms",
    "plot_speakers",
    "plot_stance_shares",
    "plot_stance_verbs",
    "plot_term_positions",
    "plot_voice_composition",
    "voice_words",
]

def loaded_hits(hits: pd.DataFrame) -> pd.DataFrame:
    """The rows of a hits table whose category is a loaded-term category (a new table).

    Attribution-stance categories (:func:`framing.lexicon.loaded_mask`: any name starting
    with ``stance_``) are dropped; order and index are kept.
    """
    require_columns(hits, ("category",), name="hits", arg="hits")
    return hits.loc[loaded_mask(hits["category"])].copy()


def voice_words(corpus, *, quotes: pd.DataFrame | None = None, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Words of each document by voice: columns doc_id, outlet, voice, words, share.

    Words are :func:`framing.text.word_spans`; each is given a voice by
    :func:`framing.voice.label_spans` on its first character (the rule
    :func:`framing.voice.voice_rates` uses for its denominators, so summing ``words`` over
    an outlet's documents gives voice_rates' ``tokens``).  ``share`` = words / the
    document's words (0 for an empty document).  Every document gets every voice of
    :data:`framing.voice.VOICES`.  Sort: doc_id, then voice in VOICES order.
    """
    docs = as_documents(corpus, arg="corpus")
    if "outlet" not in docs.columns:
        docs = docs.assign(outlet="")
    return word_voices(docs, quotes=quotes, sentences=sentences)


# --- 1. Loaded terms by category ---


def plot_loaded_terms(scores: pd.DataFrame, ax=None, *, group: str = "outlet", intervals: pd.DataFrame | None = None):
    """Horizontal bars: rate per 1,000 word tokens per category (rows) and outlet (bars).

    ``scores``: :func:`framing.score.scores` with ``by="outlet"`` split by voice (columns
    outlet, category, voice, per_1k); attribution-stance categories are left out (as in
    :func:`loaded_hits`).  Each outlet's bar is stacked by voice in
    :data:`framing.voice.VOICES` order (author solid, the others lighter and hatched,
    :data:`VOICE_STYLE`); its length is the outlet's total rate, written at its end.  A
    voice missing from the table counts as 0.  Rows are sorted by the rate summed over
    outlets, highest first, ties by category name; outlets within a row in sorted order.
    ``intervals``: :func:`framing.contrast.loaded_rate_interval` of the same groups (``categories=True``;
    columns group, category, ci_low, ci_high, resampling): a whisker at the end of each bar with finite
    bounds, the legend saying what was resampled.  Returns the Axes.
    """
    require_columns(scores, ("outlet", "category", "voice", "per_1k"), name="scores", arg="scores")
    outlets = sorted(scores["outlet"].astype(str).unique())
    scores = scores.loc[loaded_mask(scores["category"])]
    table = scores.assign(outlet=scores["outlet"].astype(str), voice=scores["voice"].astype(str))
    wide = table.pivot_table(index=["category", "outlet"], columns="voice", values="per_1k", aggfunc="sum")
    wide = wide.reindex(columns=list(VOICES), fill_value=0.0).fillna(0.0)
    totals = wide.sum(axis=1).groupby(level="category").sum()
    cats = sorted(totals.index, key=lambda c: (-totals[c], str(c)))
    colors = outlet_colors(outlets)
    n_out = max(len(outlets), 1)
    ax = _axes(ax, (7, 0.5 + 0.4 * len(cats) * n_out))
    height = 0.8 / n_out
    bounds = rate_intervals(intervals)
    top = max([float(wide.sum(axis=1).max()) if len(wide) else 0.0,
               *(high for (_, c), (_, high) in bounds.items() if c in totals.index and np.isfinite(high))])
    top = top if top > 0 else 1.0  # nothing found: a unit axis rather than a degenerate one
    for i, cat in enumerate(cats):
        for j, outlet in enumerate(outlets):
            y = i - 0.4 + height * (j + 0.5)
            left = 0.0
            row = wide.loc[(cat, outlet)] if (cat, outlet) in wide.index else pd.Series(0.0, index=list(VOICES))
            for v in VOICES:
                keep, hatch = VOICE_STYLE[v]
                width = float(row[v])
                ax.barh(y, width, height=height * 0.92, left=left, color=_tint(colors[outlet], keep), hatch=hatch,
                        edgecolor=colors[outlet], linewidth=0.4 if v != "author" else 0)
                left += width
            end = bar_end(ax, y, left, bounds.get((outlet, str(cat))), height * 0.92)
            ax.text(end + top * 0.01, y, f"{left:.1f}" if left > 0 else "0", va="center", fontsize=7)
    ax.set_yticks(np.arange(len(cats)), [_nice(c) for c in cats])
    ax.set_ylim(max(len(cats), 1) - 0.5, -0.5)
    if not cats:
        ax.text(0.5, 0.5, "no loaded-term categories", transform=ax.transAxes, ha="center", va="center",
                color="#555555")
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel(f"loaded terms per 1,000 word tokens of the {group_noun(group)}'s whole text")
    ax.tick_params(axis="y", length=0)
    outlet_handles = [Patch(facecolor=colors[o], label=short(o)) for o in outlets]
    first = ax.legend(handles=outlet_handles, title=group_noun(group), loc="upper left", bbox_to_anchor=(1.01, 1.0),
                      alignment="left")
    ax.add_artist(first)
    first.set_clip_on(False)  # an added artist is clipped to the Axes, and a clipped one is left out of the layout
    ax.legend(handles=_voice_handles(intervals), title="voice (shade)", loc="upper left",
              bbox_to_anchor=(1.01, 0.55), alignment="left")
    return ax


def _loaded_intervals(ctx: FigureContext, hits: pd.DataFrame, corpus) -> pd.DataFrame | None:
    """The whiskers of :func:`loaded_terms_by_category`: :func:`framing.contrast.loaded_rate_interval` per group
    and category of ``corpus`` (the context's, or its documents with the small groups pooled): the report's
    table when it is the context's corpus, else computed (seed 0, as the other figures' bootstraps).  None
    without hits."""
    from framing.contrast import loaded_rate_interval

    if corpus is ctx.corpus and "loaded_rate_interval" in ctx.cache:
        return ctx.cache["loaded_rate_interval"]
    if not len(hits):
        return None
    return loaded_rate_interval(hits, corpus, categories=True, random_state=0, units=ctx.units())


@register("loaded_terms_by_category")
def loaded_terms_by_category(ctx: FigureContext) -> Figure:
    from framing.score import scores

    hits = loaded_hits(ctx.hits)
    docs = pooled_documents(ctx.corpus.documents)
    corpus = ctx.corpus if docs is ctx.corpus.documents else docs
    if len(hits):
        table = scores(hits, corpus, by="outlet", by_voice=True)
    else:  # no hit in any voice: every category at zero (scores has no voice to split by)
        table = scores(hits, corpus, by="outlet", by_voice=False).assign(voice="author")
    intervals = _loaded_intervals(ctx, hits, corpus)
    n_cats = max(int(loaded_mask(pd.Series(table["category"].unique())).sum()), 1)
    n_out = max(docs["outlet"].nunique(), 1)
    title = f"Loaded terms by category: how much is the {ctx.noun()}'s own language"
    if fits_palette(n_out):
        fig, ax = plt.subplots(figsize=capped(8, 1.4 + 0.22 * n_cats * n_out + 0.12 * n_cats), layout="constrained")
        plot_loaded_terms(table, ax, group=ctx.group, intervals=intervals)
        return finish(fig, ctx, title)
    ncols = 3
    nrows = -(-n_cats // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=capped(13, 1.6 + nrows * (0.6 + 0.17 * n_out)),
                             layout="constrained", sharex=True, squeeze=False)
    plot_loaded_terms_panels(table, axes, intervals)
    fig.supxlabel("loaded terms per 1,000 word tokens of the group's whole text (shade: voice)", fontsize=8)
    for ax in axes.ravel():
        ax.tick_params(axis="x", labelbottom=True)  # rates under every panel (the last row may end early)
    spare = axes.ravel()[n_cats:]  # the legend in an empty panel, else inside the last one
    where = spare[0] if len(spare) else axes.ravel()[n_cats - 1]
    where.legend(handles=_voice_handles(intervals), title="voice (shade)",
                 loc="center" if len(spare) else "lower right", fontsize=7)
    groups = ctx.corpus.documents["outlet"].nunique()
    return finish(fig, ctx, f"{title} ({n_out - 1} largest of {groups} groups, the rest pooled)"
                  if n_out < groups else title)


# --- 2. Where the terms fall ---


def plot_term_positions(documents: pd.DataFrame, hits: pd.DataFrame, quotes: pd.DataFrame | None = None, ax=None, *,
                        categories=None):
    """One strip per document, position 0-100 % of its characters; loaded terms as ticks.

    ``documents``: doc_id, outlet, text.  ``hits``: doc_id, start, category (ticks at
    ``100 * start / len(text)``, coloured by :func:`framing.report.palette.category_colors` of
    ``categories``, default every category in ``hits``, so colours do not depend on
    which appear).  ``quotes`` (doc_id, start, end, depth): outermost quotations shaded
    from ``start`` to ``end``.  Rows sorted by outlet, then doc_id, top to bottom; tick
    labels "doc_id (outlet)" in the outlet colour.  The legend lists the categories
    present, each with its number of ticks.  Returns the Axes.
    """
    require_columns(documents, ("doc_id", "outlet", "text"), name="documents", arg="documents")
    require_columns(hits, ("doc_id", "start", "category"), name="hits", arg="hits")
    docs = documents.assign(outlet=documents["outlet"].astype(str)).sort_values(["outlet", "doc_id"], kind="stable")
    cats = sorted(set(map(str, categories if categories is not None else [])) | set(hits["category"].astype(str)))
    colors = category_colors(cats)
    ocolors = outlet_colors(docs["outlet"])
    ax = _axes(ax, (8, 1 + 0.45 * len(docs)))
    lengths = {d: max(len(t or ""), 1) for d, t in zip(docs["doc_id"], docs["text"], strict=True)}
    qt = quotes if quotes is not None else pd.DataFrame(columns=["doc_id", "start", "end", "depth"])
    if "depth" in qt.columns:
        qt = qt[qt["depth"] == 0]
    for i, doc_id in enumerate(docs["doc_id"]):
        n = lengths[doc_id]
        ax.plot([0, 100], [i, i], color="#999999", linewidth=0.8, zorder=1, solid_capstyle="butt")
        for s, e in zip(qt.loc[qt["doc_id"] == doc_id, "start"], qt.loc[qt["doc_id"] == doc_id, "end"], strict=True):
            ax.fill_between([100 * s / n, 100 * e / n], i - 0.32, i + 0.32, color="#d9d9d9", linewidth=0, zorder=0)
    counts: dict[str, int] = {}
    row_of = {d: i for i, d in enumerate(docs["doc_id"])}
    ordered = hits[hits["doc_id"].isin(row_of)].sort_values(["doc_id", "start"], kind="stable")
    for doc_id, start, cat in zip(ordered["doc_id"], ordered["start"], ordered["category"].astype(str), strict=True):
        x = 100 * int(start) / lengths[doc_id]
        y = row_of[doc_id]
        ax.plot([x, x], [y - 0.25, y + 0.25], color=colors[cat], linewidth=1.6, zorder=3, solid_capstyle="butt")
        counts[cat] = counts.get(cat, 0) + 1
    ax.set_yticks(np.arange(len(docs)),
                  [f"{short(d)} ({short(o)})" for d, o in zip(docs["doc_id"], docs["outlet"], strict=True)])
    for label, outlet in zip(ax.get_yticklabels(), docs["outlet"], strict=True):
        label.set_color(ocolors[outlet])
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("position in the document (% of its characters, 0 = first sentence, 100 = end of last)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    handles = [Patch(facecolor=colors[c], label=f"{_nice(c)} ({counts[c]})") for c in cats if c in counts]
    if not counts:
        handles.append(Patch(facecolor="none", edgecolor="none", label="(no loaded terms found)"))
    handles.append(Patch(facecolor="#d9d9d9", label="inside quotation marks"))
    ax.legend(handles=handles, title="loaded-term category (ticks)", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              alignment="left")
    return ax


@register("where_terms_fall")
def where_terms_fall(ctx: FigureContext) -> Figure:
    from framing.lexicon import load_lexicon

    hits = loaded_hits(ctx.hits)
    cats = [c for c in load_lexicon().loaded().categories]
    docs = ctx.corpus.documents
    if len(docs) > layout.DOC_ROWS:
        pooled = pooled_documents(docs)
        n = pooled["outlet"].nunique()
        fig, ax = plt.subplots(figsize=capped(9, 1.9 + 0.5 * n), layout="constrained")
        plot_term_position_histograms(pooled, hits, ax)
        return finish(fig, ctx, f"Where the loaded terms fall, per group ({len(docs):,} documents, "
                                f"{len(hits):,} terms)")
    fig, ax = plt.subplots(figsize=(9, min(1.9 + 0.42 * len(docs), layout.MAX_INCHES)), layout="constrained")
    plot_term_positions(docs, hits, ctx.quotes, ax, categories=cats)
    return finish(fig, ctx, "Where the loaded terms fall in each document (quotations shaded)")


# --- 3. Voice composition ---


def plot_voice_composition(words: pd.DataFrame, ax=None):
    """Stacked horizontal bars: % of each document's words per voice.

    ``words``: :func:`voice_words` (doc_id, outlet, voice, share).  Segments in
    :data:`framing.voice.VOICES` order, outlet colour tinted by voice
    (:data:`VOICE_STYLE`); a segment of 8 % or more is labelled with its percentage.
    Rows sorted by outlet, then doc_id, top to bottom.  Returns the Axes.
    """
    require_columns(words, ("doc_id", "outlet", "voice", "share"), name="voice words", arg="words")
    table = words.assign(outlet=words["outlet"].astype(str))
    docs = table[["doc_id", "outlet"]].drop_duplicates().sort_values(["outlet", "doc_id"], kind="stable")
    share = table.pivot_table(index="doc_id", columns="voice", values="share", aggfunc="sum")
    share = share.reindex(columns=list(VOICES), fill_value=0.0).fillna(0.0)
    colors = outlet_colors(docs["outlet"])
    ax = _axes(ax, (5, 1 + 0.45 * len(docs)))
    for i, (doc_id, outlet) in enumerate(zip(docs["doc_id"], docs["outlet"], strict=True)):
        left = 0.0
        for v in VOICES:
            keep, hatch = VOICE_STYLE[v]
            width = 100 * float(share.loc[doc_id, v]) if doc_id in share.index else 0.0
            left = _segment(ax, i, left, width, "white" if v == "author" else "black", fontsize=7,
                            bbox=None if v == "author" else {"facecolor": "white", "edgecolor": "none", "pad": 0.6},
                            color=_tint(colors[outlet], keep), hatch=hatch, edgecolor=colors[outlet],
                            linewidth=0.4 if v != "author" else 0)
    labels = [f"{short(d)}\n({short(o)})" for d, o in zip(docs["doc_id"], docs["outlet"], strict=True)]
    return _percent_axes(ax, labels, "% of the document's words", "Whose words: voice of each word")


def plot_speakers(speakers: pd.DataFrame, ax=None, *, top: int = 8, legend: bool = True):
    """Horizontal bars: words quoted per speaker, one block of rows per outlet.

    ``speakers``: :func:`framing.voice.speakers` (outlet, speaker, quotations, fragments,
    words).  Per outlet the ``top`` speakers by words (the table's order: words
    descending, then speaker, unknown last) are drawn; the rest are summed into one
    "other speakers" row.  An unknown speaker is "(speaker unknown)".  Bars in the
    outlet colour, labelled with words, quotations and fragments; ``legend`` adds a legend
    of outlets.  Returns the Axes.
    """
    require_columns(speakers, ("outlet", "speaker", "quotations", "fragments", "words"), name="speakers",
                    arg="speakers")
    check_int(top, "top", minimum=1, what="number of speakers per outlet")
    table = speakers.assign(outlet=speakers["outlet"].astype(str))
    outlets = sorted(table["outlet"].unique())
    colors = outlet_colors(outlets)
    rows = []  # (label, words, quotations, fragments, outlet)
    for o in outlets:
        g = table[table["outlet"] == o]
        for r in g.head(top).itertuples(index=False):
            name = "(speaker unknown)" if pd.isna(r.speaker) else short(r.speaker)
            rows.append((name, int(r.words), int(r.quotations), int(r.fragments), o))
        rest = g.iloc[top:]
        if len(rest):
            rows.append((f"other speakers ({len(rest)})", int(rest["words"].sum()), int(rest["quotations"].sum()),
                         int(rest["fragments"].sum()), o))
    ax = _axes(ax, (5, 1 + 0.3 * max(len(rows), 1)))
    top_words = max([r[1] for r in rows], default=0) or 1
    for i, (_, w, q, f, o) in enumerate(rows):
        ax.barh(i, w, height=0.7, color=colors[o])
        ax.text(w + top_words * 0.02, i, f"{w} ({q} q, {f} fr)", va="center", fontsize=7)
    ax.set_yticks(np.arange(len(rows)), [r[0] for r in rows])
    for label, r in zip(ax.get_yticklabels(), rows, strict=True):
        label.set_color(colors[r[4]])
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.set_xlim(0, top_words * 1.45)
    ax.set_xlabel("words quoted (q = quotations, fr = fragments)")
    ax.set_title("Who is quoted, by words", loc="left")
    ax.tick_params(axis="y", length=0)
    if not rows:
        ax.text(0.5, 0.5, "no quotations found", transform=ax.transAxes, ha="center", va="center", color="#555555")
    if legend:
        ax.legend(handles=[Patch(facecolor=colors[o], label=short(o)) for o in outlets], loc="lower right")
    return ax


@register("voice_composition")
def voice_composition(ctx: FigureContext) -> Figure:
    from framing.voice import speakers

    if "voice_words" not in ctx.cache:
        ctx.cache["voice_words"] = voice_words(ctx.corpus, quotes=ctx.quotes, sentences=ctx.sentences)
    words = ctx.cache["voice_words"]
    spk = speakers(ctx.corpus, quotes=ctx.quotes)
    n_docs = len(ctx.corpus.documents)
    title = f"Voice composition: the {ctx.noun()}'s own words, quotations, reported speech"
    if n_docs > layout.DOC_ROWS:
        pooled = pooled_documents(ctx.corpus.documents)
        mapping = dict(zip(pooled["doc_id"], pooled["outlet"], strict=True))
        unknown = int(spk.loc[spk["speaker"].isna(), "words"].sum())
        every = spk.dropna(subset=["speaker"]).groupby("speaker", as_index=False)[["quotations", "fragments",
                                                                                   "words"]].sum()
        every = every.sort_values(["words", "speaker"], ascending=[False, True], kind="stable")
        n_groups = pooled["outlet"].nunique()
        fig, (left, right) = plt.subplots(1, 2, figsize=capped(11, 2.2 + 0.3 * max(n_groups, 16)),
                                          layout="constrained", width_ratios=(1.1, 1))
        plot_group_voice(words.assign(outlet=words["doc_id"].map(mapping)), left)
        plot_speakers(every.head(15).assign(outlet="all groups"), right, top=15, legend=False)
        right.set_title(f"Who is quoted, by words: top {min(len(every), 15)} of {len(every):,} named speakers,\n"
                        f"all groups (speaker unknown: {unknown:,} words)", loc="left", fontsize=9)
        _legend_below(left, _voice_handles(), ncol=2, pad_pt=36, compact=False)
        return finish(fig, ctx, f"{title} ({n_docs:,} documents, per group)")
    n_rows = sum(min(len(g), 9) for _, g in spk.groupby("outlet"))
    height = max(0.9 + 0.5 * n_docs, 0.9 + 0.28 * n_rows, 2.6)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, min(height + 0.9, layout.MAX_INCHES)), layout="constrained",
                                      width_ratios=(1.1, 1))
    plot_voice_composition(words, left)
    plot_speakers(spk, right, legend=False)
    colors = outlet_colors(ctx.corpus.documents["outlet"].astype(str))
    handles = [Patch(facecolor=c, label=short(o)) for o, c in colors.items()] if fits_palette(len(colors)) else []
    _legend_below(left, handles + _voice_handles(), ncol=2, pad_pt=36, compact=False)
    return finish(fig, ctx, title)


# --- 4. Attribution stance ---


def plot_stance_shares(table: pd.DataFrame, ax=None, *, legend: bool = True, group: str = "outlet"):
    """Grouped horizontal bars: % of each outlet's attribution cues per stance.

    ``table``: :func:`framing.voice.stance_table` (outlet, stance, count, share).  Rows are
    stances in :data:`framing.voice.STANCES` order, one bar per outlet (sorted) in its
    colour, labelled "count (share %)".  An outlet without cues draws zero bars.  ``legend``
    adds a legend of outlets.
    Returns the Axes.
    """
    require_columns(table, ("outlet", "stance", "count", "share"), name="stance table", arg="table")
    t = table.assign(outlet=table["outlet"].astype(str))
    outlets = sorted(t["outlet"].unique())
    colors = outlet_colors(outlets)
    ax = _axes(ax, (5, 2.6))
    height = 0.8 / max(len(outlets), 1)
    for i, st in enumerate(STANCES):
        for j, o in enumerate(outlets):
            row = t[(t["outlet"] == o) & (t["stance"] == st)]
            count = int(row["count"].sum())
            share = float(row["share"].fillna(0).sum())
            y = i - 0.4 + height * (j + 0.5)
            ax.barh(y, 100 * share, height=height * 0.9, color=colors[o])
            ax.text(100 * share + 1.5, y, f"{count} ({100 * share:.0f}%)", va="center", fontsize=7)
    ax.set_yticks(np.arange(len(STANCES)), list(STANCES))
    ax.set_ylim(len(STANCES) - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(f"% of the {group_noun(group)}'s attribution cues (count in front)")
    ax.set_title("Stance of the attribution verbs", loc="left")
    ax.tick_params(axis="y", length=0)
    if legend:
        ax.legend(handles=[Patch(facecolor=colors[o], label=short(o)) for o in outlets], loc="upper right")
    return ax


def plot_stance_verbs(stance: pd.DataFrame, ax=None, *, top: int = 10):
    """Grouped horizontal bars: how often each outlet uses each attribution verb (lemma).

    ``stance``: :func:`framing.voice.attribution_stance` (outlet, lemma, stance).  Lemmas
    are grouped by stance (:data:`framing.voice.STANCES` order, each group headed by its
    stance); within a group sorted by total count descending, then lemma; at most ``top``
    per stance, the rest summed into "other verbs (k)".  One bar per outlet (sorted), in
    its colour, with its count written at its end.  Returns the Axes.
    """
    require_columns(stance, ("outlet", "lemma", "stance"), name="attribution stance", arg="stance")
    check_int(top, "top", minimum=1, what="number of verbs per stance")
    t = stance.assign(outlet=stance["outlet"].astype(str), lemma=stance["lemma"].astype(str))
    outlets = sorted(t["outlet"].unique())
    colors = outlet_colors(outlets)
    counts = t.groupby(["stance", "lemma", "outlet"]).size()
    rows = []  # (label, {outlet: count}, is_header)
    for st in STANCES:
        g = t[t["stance"] == st]
        if g.empty:
            continue
        totals = g.groupby("lemma").size()
        lemmas = sorted(totals.index, key=lambda lem: (-int(totals[lem]), lem))
        rows.append((f"{st}", {}, True))
        for lem in lemmas[:top]:
            rows.append((lem, {o: int(counts.get((st, lem, o), 0)) for o in outlets}, False))
        if len(lemmas) > top:
            rest = lemmas[top:]
            rows.append((f"other verbs ({len(rest)})",
                         {o: sum(int(counts.get((st, lem, o), 0)) for lem in rest) for o in outlets}, False))
    ax = _axes(ax, (5, 1 + 0.3 * max(len(rows), 1)))
    height = 0.8 / max(len(outlets), 1)
    most = max([c for _, d, _ in rows for c in d.values()], default=0) or 1
    for i, (_, per, header) in enumerate(rows):
        if header:
            continue
        for j, o in enumerate(outlets):
            y = i - 0.4 + height * (j + 0.5)
            c = per[o]
            ax.barh(y, c, height=height * 0.9, color=colors[o])
            if c:
                ax.text(c + most * 0.02, y, str(c), va="center", fontsize=6.5)
    ax.set_yticks(np.arange(len(rows)), [r[0].upper() if r[2] else r[0] for r in rows])
    for label, r in zip(ax.get_yticklabels(), rows, strict=True):
        if r[2]:
            label.set_fontweight("bold")
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.set_xlim(0, most * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("attribution cues (count)")
    ax.set_title("Which verbs (base form), by stance", loc="left")
    ax.tick_params(axis="y", length=0)
    if not rows:
        ax.text(0.5, 0.5, "no attribution cues found", transform=ax.transAxes, ha="center", va="center",
                color="#555555")
    return ax


@register("attribution_stance")
def attribution_stance(ctx: FigureContext) -> Figure:
    from framing.voice import attribution_stance as stance_rows
    from framing.voice import stance_table

    if "attribution_stance" not in ctx.cache:
        ctx.cache["attribution_stance"] = stance_rows(ctx.corpus, quotes=ctx.quotes, analysis=ctx.voice_analysis)
    stance = ctx.cache["attribution_stance"]
    title = f"Attribution stance: endorsing, distancing and neutral verbs per {ctx.noun()}"
    pooled = pooled_documents(ctx.corpus.documents)
    outlets = sorted(pooled["outlet"].astype(str).unique())
    if not fits_palette(len(outlets)):
        mapping = dict(zip(pooled["doc_id"], pooled["outlet"].astype(str), strict=True))
        stance = stance.assign(outlet=stance["doc_id"].map(mapping))
    table = stance_table(stance)
    present = set(table["outlet"])
    missing = [o for o in outlets if o not in present]  # outlets without a single cue still get their rows
    if missing:
        extra = pd.DataFrame([(o, s, 0, float("nan")) for o in missing for s in STANCES],
                             columns=["outlet", "stance", "count", "share"])
        table = pd.concat([table, extra], ignore_index=True).sort_values("outlet", kind="stable")
    if not fits_palette(len(outlets)):
        fig, (left, right) = plt.subplots(1, 2, figsize=capped(11, 2.4 + 0.3 * max(len(outlets), 14)),
                                          layout="constrained")
        plot_group_stance(table, left)
        plot_stance_verbs(stance.assign(outlet="all groups"), right, top=6)
        right.set_title("Which verbs (base form), by stance, all groups", loc="left")
        _legend_below(left, [Patch(facecolor=c, label=st) for st, c in STANCE_COLORS.items()], ncol=3, pad_pt=36,
                      compact=False)
        return finish(fig, ctx, title.replace(f"per {ctx.noun()}", "per group"))
    top = 10 if len(outlets) <= 3 else 5  # fewer verbs when each takes a bar per outlet
    n_rows = sum(min(stance.loc[stance["stance"] == s, "lemma"].nunique(), top + 1) + 1 for s in STANCES
                 if (stance["stance"] == s).any())
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, min(max(3.0, 1.2 + 0.24 * n_rows * max(len(outlets), 1)
                                                                   / 1.6), layout.MAX_INCHES)), layout="constrained")
    plot_stance_shares(table, left, legend=False, group=ctx.group)
    plot_stance_verbs(stance, right, top=top)
    colors = outlet_colors(outlets)
    _legend_below(left, [Patch(facecolor=colors[o], label=short(o)) for o in outlets], ncol=min(len(outlets), 3),
                  pad_pt=36, compact=False)
    return finish(fig, ctx, title)
