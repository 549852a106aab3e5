"""Plot functions: each takes tidy tables and an optional Axes, draws, and returns the Axes.

No computing happens here beyond arranging a table for drawing; the numbers come from
the stage modules.  Style lives in :func:`style` (a context manager, never applied at
import) and colours in :mod:`framing.report.palette` (re-exported here), so every figure agrees.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.ticker import FuncFormatter, MaxNLocator

from framing.report import layout
from framing.report.layout import pool_sizes, short
from framing.report.palette import CATEGORY_COLORS, OKABE_ITO, category_colors, outlet_colors

__all__ = ["CATEGORY_COLORS", "OKABE_ITO", "bootstrap_words", "category_colors", "outlet_colors",
           "plot_corpus_overview", "scatter", "style"]

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "svg.hashsalt": "framing",
    "svg.fonttype": "path",
    "path.simplify": True,
    "text.usetex": False,
    "text.parse_math": False,  # user strings ($, \\, _, ^) drawn literally, never as mathtext
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the project's figure style inside a ``with`` block only."""
    with mpl.rc_context(RC):
        yield


def _axes(ax, figsize=(6.4, 3.6)):
    """``ax``, or the Axes of a new constrained-layout figure of ``figsize`` when it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def bootstrap_words(levels) -> str:
    """A 95% bootstrap interval in a few words for a legend or label, from the resampling levels of the rows it
    covers ("document", "sentence": :func:`framing.stats.resampling_level`)."""
    levels = set(map(str, levels))
    if levels == {"document"}:
        return "95% bootstrap interval, documents resampled"
    if "document" in levels:
        return "95% bootstrap interval, documents resampled (sentences in a one-document group)"
    return "95% bootstrap interval, sentences resampled" if levels == {"sentence"} else "95% bootstrap interval"


def scatter(ax, x, y, **kwargs):
    """``ax.scatter(x, y, **kwargs)``, rasterized (one image at the figure's dpi in an SVG or PDF; a PNG is the same)
    when it holds more than :data:`framing.report.layout.RASTER_POINTS` points: exactly that many stay vectors."""
    return ax.scatter(x, y, rasterized=len(x) > layout.RASTER_POINTS, **kwargs)


def _legend_below(ax, handles, ncol, pad_pt=34, compact: bool = True):
    """A legend under the x-axis label of ``ax`` (never over the data), ``pad_pt`` points below its bottom;
    ``compact``: smaller type and handles (7.5 pt)."""
    anchor = transforms.offset_copy(ax.transAxes, fig=ax.figure, y=-pad_pt, units="points")
    style = {"fontsize": 7.5, "handlelength": 1.5, "columnspacing": 1.2} if compact else {}
    return ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=anchor, ncol=ncol,
                     **style)


def plot_corpus_overview(summary: pd.DataFrame, axes=None) -> np.ndarray:
    """Three panels from ``Corpus.summary()``: tokens, sentences, characters removed, per outlet.

    ``axes``: three Axes, or ``None`` to make a figure.  Returns the array of Axes.  More
    outlets than :data:`framing.report.layout.TOP_GROUPS`: the largest (documents) and the
    rest summed as "other (N groups)", sorted by tokens (other last).
    """
    summary = pool_summary(summary)
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(7.5, 2.8), layout="constrained")
    colors = outlet_colors(summary["outlet"])
    panels = [
        ("tokens", "Word tokens", "tokens"),
        ("sentences", "Sentences", "sentences"),
        ("removed_chars", "Boilerplate removed", "characters"),
    ]
    y = np.arange(len(summary))
    for ax, (column, title, unit) in zip(axes, panels, strict=True):
        values = summary[column].to_numpy()
        ax.barh(y, values, color=[colors[o] for o in summary["outlet"]])
        for yi, v in zip(y, values, strict=True):
            ax.text(v, yi, f" {v:,}", va="center", fontsize=8)
        ax.set_yticks(y, [short(o) for o in summary["outlet"]] if ax is axes[0] else [""] * len(y))
        ax.set_title(title, loc="left")
        ax.set_xlabel(unit)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values.max(), 1) * 1.3)
        if values.max() >= 10_000:  # large counts: few ticks, with thousands separators, so the labels never touch
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.tick_params(axis="y", length=0)
    return axes


def pool_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """``Corpus.summary()`` with the outlets beyond :data:`~framing.report.layout.TOP_GROUPS` summed into one row."""
    mapping = pool_sizes(summary.set_index(summary["outlet"].astype(str))["documents"])
    if all(a == b for a, b in mapping.items()):
        return summary
    pooled = summary.assign(outlet=summary["outlet"].astype(str).map(mapping))
    out = pooled.groupby("outlet", sort=False).sum(numeric_only=True).reset_index()
    kept = out["outlet"].isin(summary["outlet"].astype(str))
    return pd.concat([out[kept].sort_values(["tokens", "outlet"], ascending=[False, True], kind="stable"),
                      out[~kept]], ignore_index=True)
