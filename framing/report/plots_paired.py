"""Paired (blocked) comparisons: a readable summary table and the figure of blocks between two groups.

Tables from :mod:`framing.paired`.  :func:`paired_table` formats :func:`framing.paired.paired_summary`;
:func:`plot_paired_blocks` draws one line per block from group a's value to group b's (a
slope chart), with the mean over blocks in black.  Axes in, Axes out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.paired import DIFFERENCES, SUMMARY
from framing.report.layout import short
from framing.report.plots import _axes
from framing.schema import require_columns

__all__ = ["MEASURE_LABELS", "paired_table", "plot_paired_blocks"]

#: How each measure of :mod:`framing.paired` is named in tables and axes.
MEASURE_LABELS = {
    "rate": "loaded terms per 1,000 tokens",
    "sentiment": "mean sentence sentiment (VADER compound)",
    "quoted_share": "share of words in quotations",
}


def _label(measure: str, category: str, voice: str) -> str:
    label = MEASURE_LABELS.get(measure, measure)
    extra = [x for x in (category if category != "all" else "", f"voice {voice}" if voice != "all" else "") if x]
    return f"{label} ({', '.join(extra)})" if extra else label


def paired_table(summary: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """One row per row of ``summary`` (:func:`framing.paired.paired_summary`), for reading.

    Columns: comparison, measure (in words, with category and voice), blocks, mean a,
    mean b, difference (a − b: "mean [ci_low, ci_high]"), test ("W = ..." or "k = ...
    positive"), p, p adjusted (Benjamini-Hochberg).  Numbers rounded to ``digits``
    decimals (p-values to 2 significant digits).
    """
    require_columns(summary, SUMMARY, name="paired_summary", arg="summary")

    def num(x):
        return "NaN" if pd.isna(x) else f"{x:.{digits}f}"

    def p(x):
        return "NaN" if pd.isna(x) else f"{x:.2g}"

    rows = []
    for r in summary.itertuples(index=False):
        stat = "" if pd.isna(r.statistic) else (f"W = {r.statistic:g}" if r.test == "wilcoxon"
                                                 else f"{int(r.statistic)} of {r.n_positive + r.n_negative} positive")
        rows.append((r.comparison, _label(r.measure, r.category, r.voice), int(r.n_blocks), num(r.mean_a),
                     num(r.mean_b), f"{num(r.mean_difference)} [{num(r.ci_low)}, {num(r.ci_high)}]", stat,
                     p(r.p_value), p(r.p_adjusted)))
    ci = summary.attrs.get("ci", 0.95)
    return pd.DataFrame(rows, columns=["comparison", "measure", "blocks", "mean a", "mean b",
                                       f"difference a − b [{ci:.0%} CI]", "test", "p", "p adjusted"])


def plot_paired_blocks(differences: pd.DataFrame, ax=None, *, comparison: str | None = None, measure: str = "rate",
                       category: str = "all", voice: str = "all"):
    """One grey line per block from group a's value (left) to group b's (right); the block mean in black.

    ``differences``: :func:`framing.paired.paired_differences`.  ``comparison`` is needed
    when the table holds more than one (a ``ValueError`` lists them; nothing is picked).
    The title gives the number of blocks and the mean difference a − b.
    """
    require_columns(differences, DIFFERENCES, name="paired_differences", arg="differences")
    names = list(dict.fromkeys(differences["comparison"]))
    if comparison is None:
        if len(names) != 1:
            raise ValueError(f"differences holds {len(names)} comparisons ({', '.join(map(repr, names[:10]))}); "
                             f"pass comparison= one of them")
        comparison = names[0]
    rows = differences[(differences["comparison"] == comparison) & (differences["measure"] == measure)
                       & (differences["category"] == category) & (differences["voice"] == voice)]
    if rows.empty:
        raise ValueError(f"no rows for comparison={comparison!r}, measure={measure!r}, category={category!r}, "
                         f"voice={voice!r}; comparisons: {', '.join(map(repr, names[:10]))}")
    rows = rows[rows["difference"].notna()]
    ax = _axes(ax, (4.5, 4.5))
    a, b = rows["group_a"].iloc[0], rows["group_b"].iloc[0]
    va, vb = rows["value_a"].to_numpy(dtype=float), rows["value_b"].to_numpy(dtype=float)
    alpha = float(np.clip(12.0 / max(len(rows), 1), 0.08, 0.6))
    for y0, y1 in zip(va, vb, strict=True):
        ax.plot([0, 1], [y0, y1], color="#777777", lw=0.8, alpha=alpha, zorder=1)
    ax.plot([0, 1], [va.mean(), vb.mean()], color="black", lw=2.2, marker="o", zorder=3, label="mean over blocks")
    ax.set_xticks([0, 1], [short(a, 30), short(b, 30)])
    ax.set_xlim(-0.25, 1.25)
    ax.set_ylabel(_label(measure, category, voice))
    ax.set_title(f"{len(rows)} blocks; mean difference {short(a, 30)} − {short(b, 30)}: {np.mean(va - vb):+.3g}",
                 loc="left", fontsize=9)
    ax.legend(loc="best", fontsize=7.5, frameon=False)
    return ax
