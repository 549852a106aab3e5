"""Article-level validation: does a document's score track the density of annotated loaded spans?

* :func:`gold_density` — per article: distinct gold spans of the chosen labels per 1,000
  words (:func:`framing.text.word_spans` words, the package's token count).
* :func:`spearman` — Spearman's rank correlation (Spearman 1904): the Pearson correlation of
  the two columns' ranks, ties given their average rank.
* :func:`article_correlations` — for each named per-article measure, Spearman's rho against
  the gold density with a percentile bootstrap interval over articles
  (:func:`framing.stats.bootstrap_indices`, :func:`framing.stats.percentile_interval`; one
  draw of articles shared by every measure, ``random_state`` seeds it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing import stats
from framing.text import count_words
from framing.validate.readers import DEFAULT_LABELS

#: Columns of :func:`gold_density`.
DENSITY = ("doc_id", "n_tokens", "gold_spans", "gold_per_1k")

#: Columns of :func:`article_correlations`.
CORRELATIONS = ("measure", "n_articles", "spearman", "spearman_lo", "spearman_hi")


def gold_density(annotated, labels: Sequence[str] | None = DEFAULT_LABELS, *,
                 n_tokens: pd.Series | None = None) -> pd.DataFrame:
    """Per article of ``annotated``: columns :data:`DENSITY`, in the documents' order.

    ``gold_spans``: spans with a label in ``labels`` (None: any), spans with identical
    offsets counted once; ``gold_per_1k`` = 1000 x gold_spans / n_tokens (0 for an empty
    article).  ``n_tokens``: words per doc_id when already counted (default: counted here).
    """
    docs = annotated.documents
    gold = annotated.spans
    if labels is not None:
        gold = gold[gold["label"].isin([labels] if isinstance(labels, str) else list(labels))]
    per_doc = gold.drop_duplicates(["doc_id", "start", "end"]).groupby("doc_id").size()
    spans = per_doc.reindex(docs["doc_id"], fill_value=0).to_numpy(np.int64)
    if n_tokens is None:
        n = np.array([count_words(t) for t in docs["text"]], dtype=np.int64)
    else:
        n = n_tokens.reindex(docs["doc_id"], fill_value=0).to_numpy(np.int64)
    return pd.DataFrame({
        "doc_id": docs["doc_id"].to_numpy(), "n_tokens": n, "gold_spans": spans, "gold_per_1k": stats.rate(spans, n),
    })


def _ranks(values: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(values, method="average", axis=-1)


def _pearson_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a - a.mean(axis=-1, keepdims=True)
    b = b - b.mean(axis=-1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=-1) * (b * b).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (a * b).sum(axis=-1) / np.where(den > 0, den, 1.0), np.nan)


def spearman(x, y) -> float:
    """Spearman's rho of two equal-length sequences (average ranks for ties); NaN when either is constant."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be two sequences of the same length, got shapes {x.shape} and {y.shape}")
    if np.isnan(x).any() or np.isnan(y).any():
        raise ValueError("x and y must not contain NaN; drop or fill the missing values first")
    if len(x) < 2:
        return float("nan")
    return float(_pearson_rows(_ranks(x), _ranks(y)))


def article_correlations(
    measures: Mapping[str, pd.Series],
    density: pd.DataFrame,
    *,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
) -> pd.DataFrame:
    """Spearman's rho of each per-article measure with ``density.gold_per_1k``: columns :data:`CORRELATIONS`.

    ``measures``: name -> Series indexed by doc_id (every article of ``density`` must have a
    value).  ``spearman_lo``/``_hi``: percentile bootstrap interval at ``ci`` over articles
    resampled with replacement (``n_boot`` draws, 0 skips it), the same draws for every
    measure.  Rows in the order of ``measures``.
    """
    n_boot = stats.check_int(n_boot, "n_boot", minimum=0)
    ci = stats.check_ci(ci)
    ids = density["doc_id"]
    gold = density["gold_per_1k"].to_numpy(np.float64)
    n = len(ids)
    draws = None
    if n_boot and n >= 2:
        rng = np.random.default_rng(random_state)
        draws = np.concatenate([idx for _, _, idx in stats.bootstrap_indices(rng, n, n_boot)])
        gold_r = _ranks(gold[draws])
    rows = []
    for name, series in measures.items():
        missing = [d for d in ids if d not in series.index]
        if missing:
            raise ValueError(f"measure {name!r} has no value for {len(missing)} article(s), e.g. {missing[0]!r}")
        x = series.reindex(ids).to_numpy(np.float64)
        rho = spearman(x, gold)
        lo = hi = np.nan
        if draws is not None:
            boot = _pearson_rows(_ranks(x[draws]), gold_r)
            boot = boot[~np.isnan(boot)]
            if len(boot):
                lo, hi = stats.percentile_interval(boot, ci)
        rows.append((name, n, rho, float(lo), float(hi)))
    return pd.DataFrame(rows, columns=list(CORRELATIONS))
