"""Figures of the method check (:mod:`framing.validate`): precision–recall and lexicon coverage.

Each function takes a table from :mod:`framing.validate` and an optional Axes, draws, and
returns the Axes; style comes from :func:`framing.report.plots.style`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.report.figure_registry import add_caption
from framing.report.palette import OKABE_ITO
from framing.report.plots import _axes, scatter

#: Colour and marker per lexicon name in a validation table (others take the next colours).
LEXICON_STYLE = {"lexicon": (OKABE_ITO[0], "o"), "vader": (OKABE_ITO[1], "s"), "random": ("#7f7f7f", "^")}


def plot_precision_recall(
    results: pd.DataFrame, *, match: str = "overlap", categories: bool = True, caption: str | None = None, ax=None
):
    """Precision against recall of each lexicon (micro, with bootstrap intervals) and F1 isolines.

    ``results``: a :func:`framing.validate.validate` table.  ``categories``: also plot the
    first lexicon's categories as small labelled points (their recall is the share of all
    gold spans they find; labels that would collide are moved apart, with a leader line).
    ``caption``: a line under the figure naming the annotated data (documents, gold spans,
    labels) -- a reader must see what the lexicon was scored against.  Returns the Axes.
    """
    if match not in set(results["match"]):
        raise ValueError(f"match {match!r} is not in the results; choose one of {sorted(set(results['match']))}")
    ax = _axes(ax, (6.4, 4.4))
    rows = results[results["match"] == match]
    grid = np.linspace(0.005, 1, 300)
    for f in (0.1, 0.2, 0.3, 0.4, 0.5):
        p = f * grid / (2 * grid - f)
        ok = (p > 0) & (p <= 1)
        ax.plot(grid[ok], p[ok], color="#cccccc", lw=0.7, zorder=0)
        ax.text(grid[ok][-1], p[ok][-1], f" F1={f:.1f}", fontsize=7, color="#999999", va="bottom", ha="right")
    names = list(dict.fromkeys(rows["lexicon"]))
    extra = iter(OKABE_ITO[2:])
    for name in names:
        color, marker = LEXICON_STYLE.get(name, (next(extra, "#000000"), "D"))
        micro = rows[(rows["lexicon"] == name) & (rows["scope"] == "micro")].iloc[0]
        xerr = [[micro["recall"] - micro["recall_lo"]], [micro["recall_hi"] - micro["recall"]]]
        yerr = [[micro["precision"] - micro["precision_lo"]], [micro["precision_hi"] - micro["precision"]]]
        if np.isnan(micro["recall_lo"]):
            xerr = yerr = None
        ax.errorbar(
            micro["recall"],
            micro["precision"],
            xerr=xerr,
            yerr=yerr,
            fmt=marker,
            color=color,
            ms=7,
            capsize=2,
            label=f"{name}: P {micro['precision']:.2f}, R {micro['recall']:.2f}, F1 {micro['f1']:.2f}",
        )
    if categories and names:
        cats = rows[(rows["lexicon"] == names[0]) & (rows["scope"] == "category")]
        color = LEXICON_STYLE.get(names[0], (OKABE_ITO[0], "o"))[0]
        scatter(ax, cats["recall"], cats["precision"], s=12, color=color, alpha=0.5, zorder=2)
        placed: list[tuple[float, float]] = []
        for _, r in cats.sort_values(["precision", "group"], ascending=[False, True]).iterrows():
            y = float(r["precision"])
            for px, py in placed:  # keep 0.025 apart from labels that start near this one
                if abs(px - float(r["recall"])) < 0.15 and py - y < 0.025:
                    y = py - 0.025
            placed.append((float(r["recall"]), y))
            moved = abs(y - float(r["precision"])) > 1e-9
            ax.annotate(
                r["group"],
                (r["recall"], r["precision"]),
                xytext=(float(r["recall"]) + 0.012, y + 0.004),
                textcoords="data",
                fontsize=6,
                color="#555555",
                va="bottom",
                arrowprops={"arrowstyle": "-", "color": "#bbbbbb", "lw": 0.5} if moved else None,
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("recall (share of gold spans found)")
    ax.set_ylabel("precision (share of hits inside a gold span)")
    ax.set_title(f"Lexicon against annotated spans ({match} match)", loc="left")
    ax.legend(loc="upper right", fontsize=7)
    if caption:
        add_caption(ax.figure, caption)
    return ax


def plot_coverage(table: pd.DataFrame, *, ax=None, caption: str | None = None):
    """Hits per category and the share of each category's entries that fire (:func:`framing.validate.coverage`).

    Bars: hits; label at each bar: ``n_firing/n_entries`` entries firing; categories named as the other
    figures name them (underscores as spaces).  ``caption``: written under the figure (e.g. the corpus's,
    :meth:`framing.report.figure_registry.FigureContext.caption`).  Returns the Axes.
    """
    ax = _axes(ax, (6.4, 0.35 * max(len(table), 3) + 1.0))
    y = np.arange(len(table))
    ax.barh(y, table["hits"], color=OKABE_ITO[0])
    top = max(int(table["hits"].max()) if len(table) else 0, 1)
    for yi, r in zip(y, table.itertuples(index=False), strict=True):
        ax.text(r.hits, yi, f" {r.hits} hits · {r.n_firing}/{r.n_entries} entries fire", va="center", fontsize=7)
    ax.set_yticks(y, [str(c).replace("_", " ") for c in table["category"]])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.8)
    ax.set_xlabel("lexicon hits in the corpus")
    ax.set_title("Lexicon coverage: hits per category, entries that fire", loc="left")
    ax.tick_params(axis="y", length=0)
    if caption:
        add_caption(ax.figure, caption)
    return ax
