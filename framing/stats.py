"""The statistics kit every stage uses: rates, argument checks, intervals, tests.

* :func:`rate` — ``per * count / n``, and **0 where ``n`` is 0** (an empty document or
  group scores zero, never NaN, never an error).  The one zero rule of the package.
* :func:`check_int` — the one validator of integer arguments (``bool`` refused), with a
  message that names the argument and says what to pass; :func:`check_ci` the same for
  an interval level.
* Intervals: :func:`wilson_interval` (a share), :func:`clustered_wilson_interval` (a share
  whose draws come in clusters, e.g. the tokens of documents), :func:`percentile_interval` (bootstrap
  replicates), :func:`bootstrap_sums` and :func:`bootstrap_indices` (resampling rows).  Every interval
  of the package takes its level as ``ci=`` (default :data:`CI`) and, when it resamples,
  ``n_boot=`` draws (default :data:`N_BOOT`).
* Tests: :func:`permutation_pvalues` (two groups, relabelled rows), :func:`bh_adjust`
  (Benjamini-Hochberg adjusted p-values).
"""

from __future__ import annotations

import warnings
from statistics import NormalDist

import numpy as np

__all__ = [
    "CI",
    "N_BOOT",
    "N_PERM",
    "bh_adjust",
    "bootstrap_indices",
    "bootstrap_means",
    "bootstrap_sums",
    "check_ci",
    "check_int",
    "check_random_state",
    "ci_from_level",
    "clustered_wilson_interval",
    "percentile_interval",
    "permutation_pvalues",
    "resampling_level",
    "rate",
    "wilson_interval",
]

#: Default interval level of every interval in the package (95 %).
CI = 0.95

#: Default number of bootstrap draws of every bootstrap in the package.  2,000: the 2.5 %
#: and 97.5 % quantiles of a percentile interval rest on the 50 most extreme draws at each
#: end (Efron & Tibshirani 1993, ch. 13 and 19, ask for 1,000 or more for percentile
#: intervals, against 25-200 for a standard error).  It is the default the sentiment and
#: contrast tables (and the seed figures) were built with.
N_BOOT = 2000

#: Default number of random relabellings of a permutation test: p-values down to 1/2,001.
N_PERM = 2000

#: Resampling works in chunks of at most this many matrix cells (memory bound).
_CHUNK_CELLS = 4_000_000


def rate(count, n, per: float = 1000.0):
    """``per * count / n`` elementwise (float64), 0 where ``n`` is 0 (or less).

    ``count`` and ``n``: numbers, arrays or pandas Series (a Series in gives a Series out,
    index kept).  ``per`` 1000 gives a rate per 1,000 tokens; ``per=1`` a share.
    ``per * count`` is formed first, so an integer count over an integer ``n`` gives the
    correctly rounded rate (the value ``1000 * count / n`` has in Python).
    """
    import pandas as pd

    c = np.asarray(count, dtype="float64")
    d = np.asarray(n, dtype="float64")
    positive = d > 0
    out = np.divide(per * c, np.where(positive, d, 1.0))
    out = np.where(positive, out, 0.0)
    for x in (count, n):
        if isinstance(x, pd.Series):
            return pd.Series(out, index=x.index, dtype="float64")
    return float(out) if out.ndim == 0 else out


def check_int(value, arg: str, *, minimum: int | None = None, what: str = "integer") -> int:
    """``value`` as an ``int`` when it is an integer (not a bool) of at least ``minimum``.

    Otherwise a ``ValueError`` naming ``arg`` and what to pass, e.g. "top must be a
    positive number of speakers, not 0" (``what`` describes the number; ``minimum`` 0
    says "non-negative", 1 "positive", another value "at least ...").
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or (minimum is not None and value < minimum):
        if minimum in (0, 1):
            need = f"a {'non-negative' if minimum == 0 else 'positive'} {what}"
        else:
            need = f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"
            if minimum is not None:
                need += f" of at least {minimum}"
        raise ValueError(f"{arg} must be {need}, not {value!r}")
    return int(value)


def check_bool(value, arg: str) -> bool:
    """``value`` as a ``bool`` when it is True or False (numpy's too); else a ``TypeError`` naming ``arg``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{arg} must be True or False, not {value!r}")
    return bool(value)


def check_random_state(random_state):
    """``random_state`` as given (None, a numpy Generator) or as an ``int`` (0 or more); else ``TypeError``."""
    if random_state is None or isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, int | np.integer) and not isinstance(random_state, bool) and random_state >= 0:
        return int(random_state)
    raise TypeError(f"random_state must be None, an int or a numpy Generator (ints: 0 or more), not {random_state!r}")


def check_ci(ci, arg: str = "ci") -> float:
    """``ci`` as a float when it is a number strictly between 0 and 1 (e.g. 0.95), else ``ValueError``."""
    if isinstance(ci, bool) or not isinstance(ci, int | float | np.integer | np.floating) or not 0 < ci < 1:
        raise ValueError(f"{arg} must be a number between 0 and 1 (e.g. 0.95), not {ci!r}")
    return float(ci)


def ci_from_level(ci, level, where: str) -> float:
    """The checked interval level of a call that may still pass the old name ``level=``.

    ``level`` not None: a ``DeprecationWarning`` (from the caller of ``where``) and its value
    is used.  For functions that took ``level=`` before the package settled on ``ci=``.
    """
    if level is not None:
        warnings.warn(f"{where}(level=...) is deprecated; pass ci= (the same number)", DeprecationWarning,
                      stacklevel=3)
        return check_ci(level, "level")
    return check_ci(ci)


def wilson_interval(count, n, ci: float = CI):
    """Wilson score interval ``(low, high)`` for the share ``p = count / n`` (arrays, float64).

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with ``z`` the normal quantile
    of ``(1 + ci) / 2`` (1.96 for 95 %) (Wilson 1927, JASA 22:209-212; recommended by Brown,
    Cai & DasGupta 2001, Statistical Science 16:101-133).  Always ``0 <= low <= p <= high
    <= 1`` (0 at a count of 0, 1 at a count of ``n``); both NaN where ``n`` is 0.
    """
    z = NormalDist().inv_cdf((1 + check_ci(ci)) / 2)
    n = np.asarray(n, dtype="float64")
    k = np.asarray(count, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        # In exact arithmetic low <= p <= high, low is 0 at k = 0 and high is 1 at k = n;
        # in floating point low came out above p at k = 0 (5.4e-20 at n = 4,000), so bound by p.
        low = np.clip(np.minimum(centre - half, p), 0.0, 1.0)
        high = np.clip(np.maximum(centre + half, p), 0.0, 1.0)
    valid = n > 0
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


def clustered_wilson_interval(count, n, n_clusters, count_sq, count_n, n_sq, ci: float = CI):
    """Wilson interval ``(low, high)`` for the share ``p = count / n`` when the ``n`` draws come in clusters.

    The clusters are e.g. documents and the draws their tokens: hits cluster within
    documents, so the tokens are no independent draws and :func:`wilson_interval` of
    ``(count, n)`` is too narrow.  Arguments are per-row sums over the row's ``n_clusters``
    clusters, each with ``y`` hits in ``x`` draws: ``count`` = Σy, ``n`` = Σx,
    ``count_sq`` = Σy², ``count_n`` = Σxy, ``n_sq`` = Σx² (arrays of equal length).

    * Variance of the ratio ``p`` over clusters drawn with replacement (linearisation;
      Cochran 1977, *Sampling Techniques*, 3rd ed., §6.4; Lohr 2010, *Sampling: Design and
      Analysis*, 2nd ed., §5.2): ``v = m / (m - 1) · Σ(y - p·x)² / n²`` with ``m`` clusters,
      where ``Σ(y - p·x)² = Σy² - 2p·Σxy + p²·Σx²``.
    * Effective sample size ``n* = p(1 - p) / v``, at most ``n`` (a design effect below 1 is
      taken as 1; also where ``p`` is 0 or ``v`` is 0), times ``(z / t)²`` with ``t`` the
      Student quantile at ``m - 1`` degrees of freedom (Korn & Graubard 1998, *Survey
      Methodology* 24:193-201; Kott & Carr 1997, *J. Official Statistics* 13:367-383: the
      "modified Wilson" interval of SAS PROC SURVEYFREQ).
    * :func:`wilson_interval` of ``(p·n*, n*)``.

    Both bounds NaN with fewer than 2 clusters (no variation between clusters to measure)
    or where ``n`` is 0.  Always ``0 <= low <= p <= high <= 1``.
    """
    from scipy.stats import t as student_t  # here: scipy.stats takes ~0.5 s to import

    ci = check_ci(ci)
    z = NormalDist().inv_cdf((1 + ci) / 2)
    k, total, m, yy, xy, xx = (np.asarray(a, dtype="float64") for a in (count, n, n_clusters, count_sq, count_n, n_sq))
    valid = (m >= 2) & (total > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(total > 0, k / total, 0.0)
        residual = np.maximum(yy - 2 * p * xy + p * p * xx, 0.0)  # a sum of squares: rounding may leave -1e-12
        v = m / (m - 1) * residual / (total * total)
        binomial = p * (1 - p)
        effective = np.where((v > 0) & (binomial > 0), np.minimum(binomial / v, total), total)
        t = student_t.ppf((1 + ci) / 2, np.where(valid, m - 1, 1))
        effective = effective * (z / t) ** 2
    low, high = wilson_interval(p * effective, np.where(valid, effective, 0.0), ci)
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


#: Resampling units of the package's bootstraps of text: ``"auto"`` decides by :func:`resampling_level`.
RESAMPLING = ("auto", "sentence", "document")


def resampling_level(resample: str, n_documents: int) -> str:
    """``"document"`` or ``"sentence"``: what a bootstrap asked for ``resample`` draws from ``n_documents`` documents.

    ``"auto"`` draws documents (each with all its sentences: the sentences of one article are no independent
    draws) when there are at least 2, else sentences; ``"document"`` and ``"sentence"`` are kept as asked.  The
    one rule of :mod:`framing.contrast` and :func:`framing.sentiment.aggregate`.
    """
    return "document" if resample == "document" or (resample == "auto" and n_documents >= 2) else "sentence"


def percentile_interval(replicates, ci: float = CI, axis: int = 0):
    """Percentile bootstrap interval ``(low, high)`` of ``replicates`` along ``axis``.

    The ``(1 - ci) / 2`` and ``1 - (1 - ci) / 2`` quantiles (numpy's default linear
    interpolation) of the bootstrap replicates (Efron & Tibshirani 1993, *An Introduction
    to the Bootstrap*, ch. 13).  The one interval rule of every bootstrap in the package.
    """
    lo = (1.0 - ci) / 2.0
    return np.quantile(replicates, lo, axis=axis), np.quantile(replicates, 1.0 - lo, axis=axis)


def _chunks(n: int, width: int):
    size = max(1, _CHUNK_CELLS // max(1, width))
    for start in range(0, n, size):
        yield start, min(n, start + size)


def bootstrap_sums(rng: np.random.Generator, values, totals, n_boot: int = N_BOOT):
    """Column sums of ``values`` and the sum of ``totals`` over ``n_boot`` resamples of the rows.

    Each resample draws the n rows with replacement as multinomial weights (n draws, each
    row 1/n), so sparse matrices stay sparse.  Returns ``(n_boot x columns, n_boot)``.
    """
    n = values.shape[0]
    out_v = np.empty((n_boot, values.shape[1]))
    out_t = np.empty(n_boot)
    p = np.full(n, 1.0 / n)
    for s, e in _chunks(n_boot, max(n, values.shape[1])):
        w = rng.multinomial(n, p, size=e - s).astype(float)
        out_v[s:e] = np.asarray(values.T @ w.T).T
        out_t[s:e] = w @ totals
    return out_v, out_t


def bootstrap_indices(rng: np.random.Generator, n: int, n_boot: int = N_BOOT):
    """Row indices of ``n_boot`` resamples of ``n`` rows drawn with replacement (uniform).

    Yields ``(start, stop, idx)``: resamples ``start`` to ``stop`` as an integer array of
    shape ``(stop - start) x n``, in chunks of at most 2,000,000 indices.  The same
    resampling as :func:`bootstrap_sums` (index counts are multinomial); the two draw
    different random numbers, and each table keeps the draw its seeded results were
    published with.
    """
    step = max(1, 2_000_000 // max(n, 1))
    for s in range(0, n_boot, step):
        e = min(n_boot, s + step)
        yield s, e, rng.integers(0, n, size=(e - s, n))


def bootstrap_means(rng: np.random.Generator, values, weights=None, n_boot: int = N_BOOT) -> np.ndarray:
    """Means of ``n_boot`` resamples of ``values`` (:func:`bootstrap_indices`): the plain mean, or with
    ``weights`` (e.g. per-document sums and sentence counts) sum of values / sum of weights."""
    out = np.empty(n_boot)
    for s, e, idx in bootstrap_indices(rng, len(values), n_boot):
        out[s:e] = values[idx].mean(axis=1) if weights is None else values[idx].sum(axis=1) / weights[idx].sum(axis=1)
    return out


def permutation_pvalues(statistic, values_a, totals_a, values_b, totals_b, *, n_perm: int = N_PERM, rng):
    """Two-sided permutation test of a statistic of two groups of rows: ``(observed, p_values)``.

    ``statistic(sums_a, sums_b, total_a, total_b)`` gives one value per column from the
    column sums of ``values`` (rows x columns, dense or sparse) and the sum of ``totals``
    (one number per row) of each group; it must broadcast over a leading axis of
    permutations.  The rows of both groups are pooled and relabelled ``n_perm`` times at
    random, group a keeping its number of rows.  p = (1 + #{|T_perm| ≥ |T_obs|}) /
    (n_perm + 1) (Phipson & Smyth 2010, "Permutation p-values should never be zero"), ties
    within 1e-12 (relative) counted as reaching ``T_obs``.
    """
    from scipy import sparse

    pooled_v = sparse.vstack([sparse.csr_matrix(values_a), sparse.csr_matrix(values_b)]).tocsr()
    pooled_t = np.concatenate([np.asarray(totals_a, dtype=float), np.asarray(totals_b, dtype=float)])
    n_a, n = values_a.shape[0], pooled_v.shape[0]
    sum_v = np.asarray(pooled_v.sum(axis=0)).ravel()
    sum_t = pooled_t.sum()
    ya0 = np.asarray(values_a.sum(axis=0)).ravel()
    ta0 = float(np.sum(totals_a))
    observed = statistic(ya0, sum_v - ya0, ta0, sum_t - ta0)
    exceed = np.zeros(pooled_v.shape[1])
    tol = 1e-12 * np.maximum(1.0, np.abs(observed))
    base = np.arange(n)
    for s, e in _chunks(n_perm, max(n, pooled_v.shape[1])):
        perm = rng.permuted(np.broadcast_to(base, (e - s, n)), axis=1)
        ind = np.zeros((e - s, n))
        np.put_along_axis(ind, perm[:, :n_a], 1.0, axis=1)
        ya = np.asarray(pooled_v.T @ ind.T).T
        t_a = ind @ pooled_t
        perm_values = statistic(ya, sum_v - ya, t_a[:, None], sum_t - t_a[:, None])
        exceed += (np.abs(perm_values) >= np.abs(observed) - tol).sum(axis=0)
    return observed, (1.0 + exceed) / (n_perm + 1.0)


def bh_adjust(pvalues):
    """Benjamini-Hochberg adjusted p-values (false discovery rate), in the order given.

    Benjamini & Hochberg (1995), "Controlling the false discovery rate: a practical and
    powerful approach to multiple testing", JRSS B 57(1):289-300.  With the m p-values
    sorted, p_(1) ≤ … ≤ p_(m): q_(i) = min over j ≥ i of min(1, m·p_(j)/j).  Rejecting
    where q ≤ α controls the FDR at α (independent or positively dependent tests).  NaN
    p-values stay NaN and do not count in m (as R's ``p.adjust(method="BH")``).
    Returns a float64 array (a pandas Series in gives a Series out, index kept).
    """
    import pandas as pd

    p = np.asarray(pvalues, dtype="float64").ravel()
    if np.any((p < 0) | (p > 1)):
        raise ValueError("pvalues must lie between 0 and 1")
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m:
        order = ok[np.argsort(p[ok], kind="stable")]
        q = p[order] * m / np.arange(1, m + 1)
        q = np.minimum.accumulate(q[::-1])[::-1]
        out[order] = np.minimum(q, 1.0)
    if isinstance(pvalues, pd.Series):
        return pd.Series(out, index=pvalues.index, name=pvalues.name)
    return out
