"""Over time: loaded-term rates per outlet by week, month or year (a line per outlet).

The numbers come from :func:`framing.timeline.rates_over_time` (integer sums, rate last)
and :func:`framing.timeline.rate_interval` (an interval over documents); this module only
draws them.  The figure ``loaded_terms_over_time`` is registered as an *optional* figure
(:data:`framing.report.figures.OPTIONAL_FIGURES`): ``build_all`` draws it only when it is named,
because a rate over time needs more than one dated document per outlet, and the report
corpus has one.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from framing.report import layout
from framing.report.figure_registry import FigureContext, finish, register
from framing.report.layout import capped, pool_sizes, pooled_documents, ranked, short
from framing.report.palette import fits_palette, outlet_colors
from framing.report.plots import _axes
from framing.schema import counted, require_columns
from framing.stats import CI, ci_from_level, rate
from framing.timeline import FREQS, INTERVAL, MOMENTS, rate_interval

__all__ = ["MARKERS", "over_time_figure", "plot_rates_over_time", "readable_freq", "widened_freq", "widened_note"]

#: Marker of each outlet, in sorted outlet order (with the colour, a second cue for
#: readers who do not tell the colours apart and for greyscale prints).
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

_PERIOD_WORD = {"week": "week (from Monday)", "month": "month", "quarter": "quarter", "year": "year"}
_TICK_FORMAT = {"week": "%Y-%m-%d", "month": "%Y-%m", "quarter": "%Y-%m", "year": "%Y"}


def plot_rates_over_time(
    rates: pd.DataFrame, ax=None, *, band: bool = True, ci: float = CI, freq=None, level: float | None = None
):
    """One line per outlet: loaded terms per 1,000 word tokens (y) in each period (x).

    ``rates``: :func:`framing.timeline.rates_over_time` (outlet, period, count, n_tokens,
    per_1k; one category at most).  Outlets in sorted order, each in its Okabe-Ito colour
    (:func:`framing.report.palette.outlet_colors`) with its own marker (:data:`MARKERS`); x is the
    period's first day on a date axis.  A period without documents (``n_tokens`` 0) is a
    gap in the line, not a zero.  ``band``: the ``ci`` interval (default 0.95) of each rate
    (:func:`framing.timeline.rate_interval`, over documents; taken from the columns
    :data:`framing.timeline.INTERVAL` when present), shaded along runs of two or more
    periods and as an error bar on a point without neighbours.  ``freq`` names the period in the x
    label (default ``rates.attrs["freq"]``, else "period").  ``level=``: the old name of ``ci``
    (deprecated).  Returns the Axes.
    """
    require_columns(rates, ("outlet", "period", "count", "n_tokens", "per_1k"), name="rates", arg="rates")
    ci = ci_from_level(ci, level, "plot_rates_over_time")
    if "category" in rates.columns and rates["category"].nunique() > 1:
        raise ValueError(
            "rates has several categories: draw one at a time (rates[rates.category == name]) "
            "or use rates_over_time(..., by_category=False)"
        )
    freq = freq if freq is not None else rates.attrs.get("freq")
    if freq is not None and freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)} or None, not {freq!r}")
    if band and not all(c in rates.columns for c in INTERVAL):
        rates = rate_interval(rates, ci)
    table = rates.assign(outlet=rates["outlet"].astype(str)).sort_values(["outlet", "period"], kind="stable")
    outlets = sorted(table["outlet"].unique())
    colors = outlet_colors(outlets)
    ax = _axes(ax, (8, 3.6))
    handles = []
    for i, outlet in enumerate(outlets):
        rows = table[table["outlet"] == outlet]
        x = pd.to_datetime(rows["period"], format="%Y-%m-%d").to_numpy()
        has_text = rows["n_tokens"].to_numpy() > 0
        y = np.where(has_text, rows["per_1k"].to_numpy(dtype="float64"), np.nan)
        marker = MARKERS[i % len(MARKERS)]
        if band:
            low = np.where(has_text, rows[INTERVAL[0]].to_numpy(dtype="float64"), np.nan)
            high = np.where(has_text, rows[INTERVAL[1]].to_numpy(dtype="float64"), np.nan)
            isolated = _isolated(has_text)
            if (has_text & ~isolated).any():  # runs of two or more periods: a band
                ax.fill_between(x, low, high, where=has_text & ~isolated, color=colors[outlet], alpha=0.13,
                                linewidth=0, interpolate=False, zorder=1)
            if isolated.any():  # a point without neighbours has no band to show: an error bar
                yerr = np.clip([y[isolated] - low[isolated], high[isolated] - y[isolated]], 0, None)  # never below 0
                ax.errorbar(x[isolated], y[isolated], yerr=yerr,
                            fmt="none", ecolor=colors[outlet], elinewidth=1.2, alpha=0.45, capsize=0, zorder=2)
        ax.plot(x, y, color=colors[outlet], marker=marker, markersize=4.5, linewidth=1.6, zorder=3, label=outlet)
        n_docs = int(rows["n_documents"].sum()) if "n_documents" in rows.columns else None
        name = short(outlet)
        label = name if n_docs is None else f"{name} ({counted(n_docs, 'document', grouped=True)})"
        handles.append(Line2D([], [], color=colors[outlet], marker=marker, markersize=4.5, linewidth=1.6, label=label))
    top, cut = y_top(table) if band else (None, False)
    if band and outlets:
        words = interval_words(rates, ci) + ("; cut at the top of the axis" if cut else "")
        handles.append(Patch(facecolor="#888888", alpha=0.3, linewidth=0, label=words))
    if not outlets:
        ax.text(0.5, 0.5, "no dated documents", transform=ax.transAxes, ha="center", va="center", color="#555555")
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=9) if outlets else plt.NullLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter(_TICK_FORMAT.get(freq, "%Y-%m-%d")))
    ax.set_ylim(bottom=0)
    ax.set_ylim(0, top * 1.05 if cut else ax.get_ylim()[1] * 1.05)  # headroom: a top point without a bar is not cut
    ax.set_ylabel("loaded terms per 1,000 word tokens")
    ax.set_xlabel(_PERIOD_WORD.get(freq, "period") + " (points at the period's first day)")
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6, zorder=0)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2 if len(handles) > 2 else 1)
    return ax


def y_top(rates: pd.DataFrame) -> tuple[float, bool]:
    """``(top, cut)``: the highest value the y-axis must show for ``rates`` (with :data:`framing.timeline.INTERVAL`
    columns) -- the highest rate, or the highest interval bound when it reaches no further than
    :data:`~framing.report.layout.MAX_BAND_REACH` times that rate -- and whether some interval reaches beyond."""
    has_text = rates["n_tokens"].to_numpy() > 0
    points = rates["per_1k"].to_numpy(dtype="float64")[has_text]
    highs = rates[INTERVAL[1]].to_numpy(dtype="float64")[has_text]
    peak = float(points.max()) if len(points) else 0.0
    reach = float(np.nanmax(highs)) if np.isfinite(highs).any() else peak
    if peak <= 0:
        return (reach if reach > 0 else 1.0), False
    top = max(peak, min(reach, layout.MAX_BAND_REACH * peak))
    return top, reach > top


def interval_words(rates: pd.DataFrame, ci: float = CI) -> str:
    """How the interval of ``rates`` was made, for a legend: over documents (:data:`framing.timeline.MOMENTS`
    present, or ``attrs["interval"]`` says so), else Wilson over tokens."""
    kind = rates.attrs.get("interval") or (
        "documents" if all(c in rates.columns for c in ("n_documents", *MOMENTS)) else "tokens")
    what = "over documents (none for a single document)" if kind == "documents" else \
        "(Wilson, tokens as independent draws)"
    return f"{round(ci * 100):g} % interval {what}"


def _isolated(has_text: np.ndarray) -> np.ndarray:
    """Boolean array: a period with text whose neighbours both have none (or are missing)."""
    before = np.concatenate([[False], has_text[:-1]])
    after = np.concatenate([has_text[1:], [False]])
    return has_text & ~before & ~after


def readable_freq(doc_scores: pd.DataFrame, freq: str = "month") -> str:
    """``freq``, widened for a readable interval: :func:`widened_freq` without the reasons."""
    return widened_freq(doc_scores, freq)[0]


def widened_freq(doc_scores: pd.DataFrame, freq: str = "month") -> tuple[str, tuple[str, ...]]:
    """``(freq, reasons)``: ``freq`` widened (week -> month -> quarter -> year, as :data:`framing.timeline.FREQS`
    has them) and why.

    Over the (outlet, period) cells of :func:`framing.timeline.rates_over_time` with text (``n_tokens`` >= 1),
    a period widens while the median cell holds fewer than :data:`~framing.report.layout.MIN_PERIOD_DOCUMENTS`
    documents (the interval over documents needs two) or fewer than
    :data:`~framing.report.layout.MIN_PERIOD_TOKENS` tokens, and the wider period still gives some outlet two
    or more periods with text (a line).  ``reasons``: ``"documents"`` and/or ``"tokens"``, the shortfalls that
    widened any step, in that order; ``()`` when ``freq`` stays (or is not a period of ``FREQS``)."""
    from framing.timeline import rates_over_time

    order = [f for f in ("week", "month", "quarter", "year") if f in FREQS]
    if freq not in order:
        return freq, ()
    chosen, reasons = freq, set()
    for wider in order[order.index(freq) + 1:]:
        rates = rates_over_time(doc_scores, freq=chosen)
        cells = rates[rates["n_tokens"] > 0]
        if len(cells) == 0:
            break
        short_of = {"documents": float(cells["n_documents"].median()) < layout.MIN_PERIOD_DOCUMENTS,
                    "tokens": float(cells["n_tokens"].median()) < layout.MIN_PERIOD_TOKENS}
        if not any(short_of.values()):
            break
        widened = rates_over_time(doc_scores, freq=wider)
        if int((widened[widened["n_tokens"] > 0].groupby("outlet").size() >= 2).sum()) == 0:
            break
        chosen = wider
        reasons |= {k for k, v in short_of.items() if v}
    return chosen, tuple(k for k in ("documents", "tokens") if k in reasons)


def widened_note(freq: str, reasons) -> str:
    """The title's note on a widened period: ``" (widened from month: too few documents per period for an
    interval)"``; tokens alone: "too few tokens per period for a readable interval"; ``""`` without reasons."""
    if not reasons:
        return ""
    what = " and ".join(reasons)
    purpose = "an interval" if tuple(reasons) == ("documents",) else "a readable interval"
    return f" (widened from {freq}: too few {what} per period for {purpose})"


def pooled_rates(rates: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """``rates`` (an over-time table by ``outlet``) with the groups beyond the ``k`` largest (documents; default
    :data:`~framing.report.layout.TOP_GROUPS`) pooled as "other (N groups)": counts, tokens and documents summed
    per period, rates recomputed from the sums (:func:`framing.timeline.rates_from_sums`); the same table when
    nothing pools (at most ``k`` + 1 groups)."""
    from framing.report import layout
    from framing.timeline import SUMS, rates_from_sums

    k = layout.TOP_GROUPS if k is None else k
    sizes = rates.groupby(rates["outlet"].astype(str))["n_documents"].sum()
    if len(sizes) <= k + 1:  # k groups and "other" (a table pooled already, e.g. the report's) stay as they are
        return rates
    mapping = pool_sizes(sizes, k)
    keys = ["outlet", "period", *(["category"] if "category" in rates.columns else [])]
    present = [c for c in SUMS if c in rates.columns]  # a table made by hand may lack the moments
    sums = rates.assign(outlet=rates["outlet"].astype(str).map(mapping)).groupby(keys, as_index=False)[present]
    out = rates_from_sums(sums.sum(), freq=rates.attrs.get("freq", "month"), undated=rates.attrs.get("undated", ()))
    out.attrs = {**rates.attrs, **out.attrs}
    return out


def over_time_figure(rates: pd.DataFrame, caption: str, note: str = "", *, by: str = "outlet") -> Figure:
    """The report figure of an over-time table: :func:`plot_rates_over_time`, title and ``caption``.

    ``rates``: :func:`framing.timeline.rates_over_time` or
    :meth:`framing.scale.stream.ArchiveResult.over_time`; documents left out as undated
    (``attrs["undated"]`` ids or ``attrs["undated_documents"]`` count) are noted above the axes.
    More outlets than the palette has colours: small multiples, one panel per outlet sorted by
    its rate over the whole span; beyond :data:`~framing.report.layout.TOP_GROUPS` + 1 groups the
    largest are drawn and the rest pooled (:func:`pooled_rates`).  ``note``: appended to the title.
    ``by``: the group column of ``rates`` (an archive scored ``by=("lean", "period")`` has ``lean``).
    """
    if by != "outlet":
        attrs = dict(rates.attrs)
        rates = rates.rename(columns={by: "outlet"})
        rates.attrs = attrs
    rates = pooled_rates(rates)
    freq = rates.attrs.get("freq", "period")
    outlets = rates["outlet"].astype(str).unique()
    undated = len(rates.attrs.get("undated", ())) or int(rates.attrs.get("undated_documents", 0))
    title = f"Loaded terms over time: rate per 1,000 word tokens, by {freq}{note}"
    if not fits_palette(len(outlets)):
        rates = rates if all(c in rates.columns for c in INTERVAL) else rate_interval(rates)
        totals = rates.groupby(rates["outlet"].astype(str))[["count", "n_tokens"]].sum()
        per = rate(totals["count"], totals["n_tokens"])
        names = ranked(per)
        ncols = 4
        nrows = -(-len(names) // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=capped(14, 1.6 + 2.3 * nrows), layout="constrained",
                                 sharex=True, sharey=True, squeeze=False)
        for ax, g in zip(axes.ravel(), names, strict=False):
            part = rates[rates["outlet"].astype(str) == g]
            part.attrs = dict(rates.attrs)
            plot_rates_over_time(part, ax)
            ax.get_legend().remove()
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.set_title(f"{short(g, 36)} ({per[g]:.1f})", loc="left", fontsize=8)
        for ax in axes.ravel()[len(names):]:
            ax.set_axis_off()
        for ax in axes.ravel():
            ax.tick_params(axis="x", labelbottom=True)  # dates under every panel (rows may end early)
        top, cut = y_top(rates)  # the panels share their y-axis: one top for all (each panel set its own)
        axes.ravel()[0].set_ylim(0, top * 1.05)
        fig.supylabel("loaded terms per 1,000 word tokens", fontsize=8)
        band = interval_words(rates) + ("; cut at the top of the axis" if cut else "")
        fig.supxlabel(f"{_PERIOD_WORD.get(freq, freq)}; band: {band}; in brackets the rate over the whole span"
                      + (f"; {undated:,} undated document(s) left out" if undated else ""), fontsize=8)
        return finish(fig, caption, title)
    n_rows = (len(outlets) + 2) // 2
    fig, ax = plt.subplots(figsize=capped(8, 3.6 + 0.2 * n_rows), layout="constrained")
    plot_rates_over_time(rates, ax)
    if undated:
        ax.text(0.0, 1.02, f"{undated:,} document(s) without a {freq}-precise date left out",
                transform=ax.transAxes, fontsize=7, color="#555555", va="bottom")
    return finish(fig, caption, title)


@register("loaded_terms_over_time")
def loaded_terms_over_time(ctx: FigureContext, freq: str = "month") -> Figure:
    """Builder: loaded-term rate per outlet by the report's ``--freq`` (default month; built-in lexicon, every
    loaded category); periods widen when too few documents or tokens fall in one (:func:`widened_freq`, the title
    says why); many outlets pooled.  No dated document: a ``ValueError`` (the report lists it as not drawn)."""
    from framing.timeline import document_scores, rates_over_time

    freq = ctx.cache.get("freq", freq)  # a report's --freq
    docs = pooled_documents(ctx.corpus.documents)
    scores = document_scores(ctx.corpus)
    if docs is not ctx.corpus.documents:
        scores = scores.assign(outlet=scores["doc_id"].map(dict(zip(docs["doc_id"], docs["outlet"], strict=True))))
    chosen, reasons = widened_freq(scores, freq)
    rates = rates_over_time(scores, freq=chosen)
    if not len(rates):  # an empty frame says nothing: the report lists the figure as not drawn, with this reason
        raise ValueError(f"no document has a {chosen}-precise date ({len(rates.attrs.get('undated', ())):,} without "
                         "one): give the corpus a date column, or read its dates with --date-format or "
                         "--dayfirst/--no-dayfirst")
    return over_time_figure(rates, ctx.caption(), widened_note(freq, reasons))
