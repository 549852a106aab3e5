"""Uncertainty of a contrast: bootstrap intervals and permutation tests over sentences or documents.

Resampling: :mod:`framing.contrast`; the arithmetic (draws, percentile interval, p-values) is
:mod:`framing.stats`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from framing import stats
from framing.contrast.fightin import DEFAULT_ALPHA0, _check_alpha0, _group_totals, log_odds_delta, prior_alpha
from framing.contrast.table import _build, _note, _Pair, _pair, _Table
from framing.schema import require_columns
from framing.text import normalize

# --- Resampling ---

RESAMPLING = stats.RESAMPLING  # its name here before the sentiment tables used it too

def _rng(random_state) -> np.random.Generator:
    seed = stats.check_random_state(random_state)
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _resampling(pair: _Pair, resample: str) -> str:
    if resample not in RESAMPLING:
        raise ValueError(f"resample must be one of {', '.join(RESAMPLING)}, not {resample!r}")
    if resample == "auto":
        return stats.resampling_level(resample, min(pair.docs_a, pair.docs_b))
    if resample == "document" and min(pair.docs_a, pair.docs_b) < 2:
        raise ValueError(
            f"resample='document' needs at least two documents in each group; {pair.label_a!r} has "
            f"{pair.docs_a} and {pair.label_b!r} has {pair.docs_b}; use resample='sentence' (or 'auto')"
        )
    return resample


def _blocks(table: _Table, rows: np.ndarray, values: sparse.csr_matrix, totals: np.ndarray, level: str):
    """Rows of ``values``/``totals`` for the resampling level: sentences, or summed per document."""
    if level == "sentence":
        return values[rows], totals[rows]
    docs, inverse = np.unique(table.doc[rows], return_inverse=True)
    agg = sparse.csr_matrix(
        (np.ones(len(rows)), (inverse, np.arange(len(rows)))), shape=(len(docs), len(rows))
    )
    return agg @ values[rows], agg @ totals[rows]


def _units_and_cols(table: _Table, keep: np.ndarray, units, arg="units"):
    """Column indices of the requested units among the pair's vocabulary (all when None)."""
    vocab = table.vocab
    if units is None:
        return np.flatnonzero(keep)
    if isinstance(units, str):
        units = [units]
    wanted = [normalize(str(u)).text for u in units]
    pos = {u: i for i, u in enumerate(vocab)}
    missing = [u for u in wanted if u not in pos or not keep[pos[u]]]
    if missing:
        raise ValueError(
            f"{arg}: {', '.join(map(repr, missing[:5]))} not used by either group (after stop words); "
            f"see count_units() for the units there are"
        )
    return np.array(sorted({pos[u] for u in wanted}), dtype=np.int64)


def _log_odds_setup(corpus, by, a, b, resample, units, prior, alpha0, phrases, stop_words, unit_counts=None):
    """What the log-odds resampling functions share: unit table, the pair, the resampling
    level, each group's unit counts, the columns reported, their prior α, unit totals per row."""
    table = _build(corpus, by, phrases, stop_words, units=unit_counts)
    pair = _pair(table, a, b)
    level = _resampling(pair, resample)
    keep, counts_a, counts_b = _group_totals(table, pair)
    cols = _units_and_cols(table, keep, units)
    alpha_all = prior_alpha(table.vocab[keep], prior, alpha0=alpha0, phrases=phrases, stop_words=stop_words)
    alpha = alpha_all.reindex(table.vocab[cols]).to_numpy()
    unit_totals = np.asarray(table.counts.sum(axis=1)).ravel()
    return table, pair, level, counts_a, counts_b, cols, alpha, unit_totals


def bootstrap_log_odds(
    corpus,
    units=None,
    *,
    by: str = "outlet",
    a=None,
    b=None,
    prior="wordfreq",
    alpha0: float = DEFAULT_ALPHA0,
    phrases=None,
    stop_words="default",
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    resample: str = "auto",
    random_state=None,
    unit_counts=None,
) -> pd.DataFrame:
    """Bootstrap percentile intervals for the Fightin' Words δ of ``units`` (all when None).

    Sentences (or documents, see ``resample``) are drawn with replacement within each
    group, as many as the group has, ``n_boot`` times (default :data:`framing.stats.N_BOOT`
    = 2,000, why: there); the interval at level ``ci`` (default 0.95) is
    :func:`framing.stats.percentile_interval` (Efron & Tibshirani 1993, ch. 13); δ is
    recomputed on each resample with the prior α fixed at its value on the full data
    (:func:`log_odds_delta`).  ``resample="auto"`` uses documents when both groups have
    ≥ 2 documents, else sentences.  Columns: unit, count_a, count_b,
    delta (on the full data), se (bootstrap standard deviation), ci_low, ci_high,
    n_boot, resampling.  Sorted by delta descending, then unit.  Randomness only from
    ``np.random.default_rng(random_state)``; group ``a`` is drawn first.  ``unit_counts``: a
    :func:`~framing.contrast.unit_table` of ``corpus`` (counted once for several calls; its stop words apply).
    """
    n_boot = stats.check_int(n_boot, "n_boot", minimum=1)
    ci = stats.check_ci(ci)
    alpha0 = _check_alpha0(alpha0)
    rng = _rng(random_state)
    table, pair, level, counts_a, counts_b, cols, alpha, unit_totals = _log_odds_setup(
        corpus, by, a, b, resample, units, prior, alpha0, phrases, stop_words, unit_counts
    )
    sub = table.counts[:, cols]
    va, ta = _blocks(table, pair.rows_a, sub, unit_totals, level)
    vb, tb = _blocks(table, pair.rows_b, sub, unit_totals, level)
    ya_boot, na_boot = stats.bootstrap_sums(rng, va, ta, n_boot)
    yb_boot, nb_boot = stats.bootstrap_sums(rng, vb, tb, n_boot)
    boot, _, _ = log_odds_delta(ya_boot, yb_boot, na_boot[:, None], nb_boot[:, None], alpha, alpha0)
    delta, _, _ = log_odds_delta(counts_a[cols], counts_b[cols], counts_a.sum(), counts_b.sum(), alpha, alpha0)
    lo, hi = stats.percentile_interval(boot, ci)
    frame = pd.DataFrame(
        {
            "unit": table.vocab[cols].astype(object),
            "count_a": counts_a[cols].astype(np.int64),
            "count_b": counts_b[cols].astype(np.int64),
            "delta": delta,
            "se": boot.std(axis=0, ddof=1) if n_boot > 1 else np.full(len(cols), np.nan),
            "ci_low": lo,
            "ci_high": hi,
            "n_boot": n_boot,
            "resampling": level,
        }
    )
    frame = frame.sort_values(["delta", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame.attrs = {
        "a": pair.label_a,
        "b": pair.label_b,
        "ci": ci,
        "alpha0": alpha0,
        "resampling": level,
        "note": _note(pair.docs_a, pair.docs_b, level),
    }
    return frame


def _sentence_table(corpus, by, units) -> _Table:
    """The sentences and word tokens of ``corpus`` (no unit filtering needed): from ``units`` (a unit_table of
    ``corpus`` with any stop words, same sentences and token counts), else counted without stop words."""
    if units is None:
        return _build(corpus, by, None, None)
    return _build(corpus, by, None, "default", units=units)


def _hit_matrix(hits: pd.DataFrame, table: _Table, categories: bool):
    """Sentences x columns matrix of hit counts; columns: "all" (+ each category)."""
    require_columns(hits, ("doc_id", "sent_id"), name="hits", arg="hits")
    if categories:
        require_columns(hits, ("category",), name="hits", arg="hits")
    index = pd.MultiIndex.from_arrays([table.doc, table.sent_id])
    row = index.get_indexer(pd.MultiIndex.from_arrays([hits["doc_id"].to_numpy(), hits["sent_id"].to_numpy()]))
    if (row < 0).any():
        bad = hits.iloc[int(np.flatnonzero(row < 0)[0])]
        raise ValueError(
            f"hits: doc_id {bad['doc_id']!r}, sent_id {int(bad['sent_id'])} is not a sentence of corpus; "
            f"compute hits and contrast from the same corpus"
        )
    names = ["all"]
    col = np.zeros(len(hits), dtype=np.int64)
    if categories:
        cats = sorted(hits["category"].astype(str).unique())
        names += cats
        col = np.searchsorted(np.array(cats, dtype=object), hits["category"].astype(str).to_numpy()) + 1
    rows = np.concatenate([row, row]) if categories else row
    cols = np.concatenate([np.zeros(len(hits), dtype=np.int64), col]) if categories else col
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(table.doc), len(names))
    )
    return matrix, np.array(names, dtype=object)


def loaded_rate_interval(
    hits: pd.DataFrame,
    corpus,
    *,
    by: str = "outlet",
    categories: bool = False,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    resample: str = "auto",
    random_state=None,
    units=None,
) -> pd.DataFrame:
    """Loaded-term rate per 1,000 word tokens of each group, with a bootstrap interval.

    ``hits``: the hits table (at least doc_id, sent_id; ``category`` when
    ``categories=True``).  Rate = 1000 · hits / tokens, tokens counted as
    :func:`framing.text.tokens` does (every word, stop words included, as
    ``documents.n_tokens``; a group without tokens has rate 0 and interval 0 to 0, as
    :func:`framing.stats.rate`).  Interval: percentile bootstrap of the ratio of sums over
    sentences (or documents, when the group has ≥ 2 and ``resample`` is "auto" or
    "document") drawn with replacement within the group, ``n_boot`` and ``ci`` as in
    :func:`bootstrap_log_odds`.  Columns: group, category
    ("all", then each category when ``categories``), hits, tokens, rate, ci_low, ci_high,
    n_boot, resampling.  Sorted by group, then category ("all" first).  ``units``: a
    :func:`~framing.contrast.unit_table` of ``corpus`` (any stop words: only its sentences and token counts are read).
    """
    n_boot = stats.check_int(n_boot, "n_boot", minimum=1)
    ci = stats.check_ci(ci)
    rng = _rng(random_state)
    if resample not in RESAMPLING:
        raise ValueError(f"resample must be one of {', '.join(RESAMPLING)}, not {resample!r}")
    table = _sentence_table(corpus, by, units)
    matrix, names = _hit_matrix(hits, table, categories)
    rows_out = []
    notes = set()
    for group in sorted(table.docs_per_group):
        rows = np.flatnonzero(table.group == group)
        n_docs = table.docs_per_group[group]
        if resample == "document" and n_docs < 2:
            raise ValueError(
                f"resample='document' needs at least two documents per group; {group!r} has {n_docs}; "
                f"use resample='sentence' (or 'auto')"
            )
        level = stats.resampling_level(resample, n_docs)
        notes.add(_note(n_docs, n_docs, level))
        values, totals = _blocks(table, rows, matrix, table.n_tokens, level)
        h = np.asarray(values.sum(axis=0)).ravel()
        t = float(totals.sum())
        if t > 0:
            hb, tb = stats.bootstrap_sums(rng, values, totals, n_boot)
            lo, hi = stats.percentile_interval(stats.rate(hb, tb[:, None]), ci)
        else:  # no word tokens: rate 0 (the zero rule), nothing to resample
            lo = hi = np.zeros(len(names))
        for j, name in enumerate(names):
            rows_out.append((group, name, int(h[j]), int(t), stats.rate(h[j], t), lo[j], hi[j], n_boot, level))
    frame = pd.DataFrame(
        rows_out, columns=["group", "category", "hits", "tokens", "rate", "ci_low", "ci_high", "n_boot", "resampling"]
    )
    frame.attrs = {"ci": ci, "note": "; ".join(sorted(n for n in notes if n))}
    return frame


def permutation_test(
    corpus,
    *,
    statistic: str = "delta",
    units=None,
    hits: pd.DataFrame | None = None,
    by: str = "outlet",
    a=None,
    b=None,
    prior="wordfreq",
    alpha0: float = DEFAULT_ALPHA0,
    phrases=None,
    stop_words="default",
    n_perm: int = stats.N_PERM,
    resample: str = "auto",
    random_state=None,
    unit_counts=None,
) -> pd.DataFrame:
    """Permutation test of a difference between groups ``a`` and ``b``.

    The sentences (or documents, see ``resample``) of the two groups are pooled and
    relabelled at random ``n_perm`` times (default :data:`framing.stats.N_PERM` = 2,000),
    each group keeping its number of sentences (documents); the statistic is recomputed
    each time (:func:`framing.stats.permutation_pvalues`).  For many units at once,
    :func:`framing.stats.bh_adjust` turns ``p_value`` into false-discovery-rate q-values.

    * ``statistic="delta"``: the Fightin' Words δ of each of ``units`` (all when None),
      prior fixed at its full-data value.
    * ``statistic="loaded_rate"``: rate_a − rate_b of ``hits`` per 1,000 word tokens,
      for all hits and for each ``category`` of ``hits``.

    p_value is two-sided: (1 + #{|T_perm| ≥ |T_obs|}) / (n_perm + 1) (Phipson & Smyth
    2010, "Permutation p-values should never be zero").  Columns: statistic, unit (the
    unit, or the category), observed, p_value, n_perm, resampling.  Sorted by p_value,
    then unit (for "loaded_rate": "all", then the categories alphabetically).
    Randomness only from ``np.random.default_rng(random_state)``.  ``unit_counts``: a
    :func:`~framing.contrast.unit_table` of ``corpus`` (counted once for several calls; its stop words apply to
    "delta"; "loaded_rate" reads only its sentences and token counts).
    """
    n_perm = stats.check_int(n_perm, "n_perm", minimum=1)
    rng = _rng(random_state)
    if statistic not in ("delta", "loaded_rate"):
        raise ValueError(f"statistic must be 'delta' or 'loaded_rate', not {statistic!r}")
    if statistic == "loaded_rate":
        if hits is None:
            raise ValueError("statistic='loaded_rate' needs hits= (the hits table)")
        table = _sentence_table(corpus, by, unit_counts)
        pair = _pair(table, a, b)
        level = _resampling(pair, resample)
        matrix, names = _hit_matrix(hits, table, "category" in hits.columns)
        totals = table.n_tokens

        def stat(ya, yb, ta, tb):
            return stats.rate(ya, ta) - stats.rate(yb, tb)

    else:
        if hits is not None:
            raise ValueError("hits= is only used with statistic='loaded_rate'")
        alpha0 = _check_alpha0(alpha0)
        table, pair, level, _, _, cols, alpha, totals = _log_odds_setup(
            corpus, by, a, b, resample, units, prior, alpha0, phrases, stop_words, unit_counts
        )
        matrix = table.counts[:, cols]
        names = table.vocab[cols]

        def stat(ya, yb, ta, tb):
            return log_odds_delta(ya, yb, ta, tb, alpha, alpha0)[0]

    va, ta = _blocks(table, pair.rows_a, matrix, totals, level)
    vb, tb = _blocks(table, pair.rows_b, matrix, totals, level)
    observed, p_value = stats.permutation_pvalues(stat, va, ta, vb, tb, n_perm=n_perm, rng=rng)
    frame = pd.DataFrame(
        {
            "statistic": statistic,
            "unit": np.asarray(names, dtype=object),
            "observed": observed,
            "p_value": p_value,
            "n_perm": n_perm,
            "resampling": level,
        }
    )
    if statistic == "loaded_rate":
        frame["_order"] = np.arange(len(frame))
        frame = frame.sort_values(["p_value", "_order"], kind="stable").drop(columns="_order")
    else:
        frame = frame.sort_values(["p_value", "unit"], kind="stable")
    frame = frame.reset_index(drop=True)
    frame.attrs = {"a": pair.label_a, "b": pair.label_b, "resampling": level,
                   "note": _note(pair.docs_a, pair.docs_b, level)}
    return frame


def group_design(corpus, *, by: str = "outlet", phrases=None, stop_words="default", units=None) -> pd.DataFrame:
    """What inference the corpus allows, per group: group, documents, sentences, tokens, units,
    resampling ("document" with ≥ 2 documents, else "sentence"), note.  Sorted by group.  ``units``: a
    :func:`~framing.contrast.unit_table` of ``corpus`` (then its phrases and stop words apply)."""
    table = _build(corpus, by, phrases, stop_words, units=units)
    units = np.asarray(table.counts.sum(axis=1)).ravel()
    rows = []
    for group in sorted(table.docs_per_group):
        mask = table.group == group
        n_docs = table.docs_per_group[group]
        level = "document" if n_docs >= 2 else "sentence"
        note = (
            "one document: document-level inference is impossible; z reflects word-level sampling only"
            if n_docs < 2 else "several documents: resample documents"
        )
        rows.append((group, n_docs, int(mask.sum()), int(table.n_tokens[mask].sum()), int(units[mask].sum()),
                     level, note))
    return pd.DataFrame(rows, columns=["group", "documents", "sentences", "tokens", "units", "resampling", "note"])
