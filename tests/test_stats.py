"""The statistics kit: rate, argument checks, intervals, permutation p-values, BH adjustment."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.stats import false_discovery_control

from framing import stats


def test_rate_zero_rule_and_types():
    assert stats.rate(3, 7) == 1000 * 3 / 7  # the correctly rounded value
    assert stats.rate(3, 0) == 0.0
    assert stats.rate(1, 4, per=1) == 0.25
    out = stats.rate(pd.Series([1, 2], index=["a", "b"]), pd.Series([10, 0], index=["a", "b"]))
    assert out.tolist() == [100.0, 0.0] and out.index.tolist() == ["a", "b"]
    assert stats.rate(np.array([1, 0]), np.array([0, 0])).tolist() == [0.0, 0.0]
    counts, tokens = np.arange(1, 500), np.arange(1000, 1499)
    by_hand = [1000 * c / t for c, t in zip(counts.tolist(), tokens.tolist(), strict=True)]
    assert stats.rate(counts, tokens).tolist() == by_hand


def test_check_int_messages():
    assert stats.check_int(np.int64(3), "n", minimum=1) == 3
    with pytest.raises(ValueError, match="n_boot must be a positive integer, not 0"):
        stats.check_int(0, "n_boot", minimum=1)
    with pytest.raises(ValueError, match="window must be a non-negative number of words, not -1"):
        stats.check_int(-1, "window", minimum=0, what="number of words")
    with pytest.raises(ValueError, match="top must be a positive integer, not True"):
        stats.check_int(True, "top", minimum=1)
    with pytest.raises(ValueError, match="k must be an integer of at least 2, not 1"):
        stats.check_int(1, "k", minimum=2)
    with pytest.raises(ValueError, match="k must be an integer, not 1.5"):
        stats.check_int(1.5, "k")


def test_check_ci_and_the_deprecated_level():
    assert stats.check_ci(0.9) == 0.9
    for bad in (95, 0, 1, True, "0.95", None):
        with pytest.raises(ValueError, match="ci must be a number between 0 and 1"):
            stats.check_ci(bad)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stats.ci_from_level(0.8, None, "f") == 0.8
    with pytest.warns(DeprecationWarning, match=r"f\(level=...\) is deprecated; pass ci="):
        assert stats.ci_from_level(0.95, 0.5, "f") == 0.5


def test_wilson_interval_by_hand():
    # k = 10, n = 100, 95 %: z = 1.959964; the textbook bounds 0.0552, 0.1744
    low, high = stats.wilson_interval(np.array([10, 0, 5, 3]), np.array([100, 4000, 5, 0]))
    assert low[0] == pytest.approx(0.05522, abs=1e-5) and high[0] == pytest.approx(0.17437, abs=1e-5)
    assert low[1] == 0.0 and 0 < high[1] < 0.001
    assert high[2] == 1.0 and low[2] < 1.0
    assert math.isnan(low[3]) and math.isnan(high[3])


def _wilson(k, n, z=1.959963984540054):
    """The textbook Wilson bounds, written out here so the tests do not lean on the package."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def _moments(docs):
    """(count, n, n_clusters, Σy², Σxy, Σx²) of (y, x) pairs."""
    return (sum(y for y, _ in docs), sum(x for _, x in docs), len(docs), sum(y * y for y, _ in docs),
            sum(x * y for y, x in docs), sum(x * x for _, x in docs))


def test_clustered_wilson_interval_by_hand():
    z = 1.959963984540054
    # 40 documents of 100 tokens, half with 10 hits, half with none: p = 0.05; Σ(y - p·x)² = 40 · 5² = 1,000;
    # v = 40/39 · 1,000 / 4,000² ; n* = p(1-p)/v = 740.625; t(39, 0.975) = 2.022690920036761
    docs = [(10, 100)] * 20 + [(0, 100)] * 20
    low, high = stats.clustered_wilson_interval(*([v] for v in _moments(docs)))
    v = 40 / 39 * 1000 / 4000**2
    effective = 0.05 * 0.95 / v * (z / 2.022690920036761) ** 2
    assert effective == pytest.approx(695.75, abs=0.01)
    expected = _wilson(0.05 * effective, effective)
    assert (low[0], high[0]) == pytest.approx(expected, rel=1e-9)
    token_low, token_high = stats.wilson_interval(200, 4000)  # tokens as independent draws: far too narrow
    assert high[0] - low[0] > 2.4 * (token_high - token_low)


def test_clustered_wilson_interval_edges():
    z = 1.959963984540054
    t2 = 4.302652729749462  # Student t, 2 degrees of freedom, 0.975
    rows = [
        [(0, 10), (0, 10), (0, 10)],  # no hit: design effect 1, n* = 30 tokens, times (z / t)²
        [(2, 4), (1, 3)],  # rates 0.5 and 0.33 around p = 3/7: design effect below 1, so n* = n = 7
        [(5, 50)],  # one document: no interval
        [(0, 0), (0, 0)],  # no tokens: no interval
        [(1, 10), (2, 20), (3, 30)],  # every document at p = 0.1: v = 0, n* = n
    ]
    low, high = stats.clustered_wilson_interval(*zip(*(_moments(r) for r in rows), strict=True))
    assert low[0] == 0.0 and high[0] == pytest.approx(_wilson(0, 30 * (z / t2) ** 2)[1], rel=1e-9)
    t1 = 12.706204736174694
    assert (low[1], high[1]) == pytest.approx(_wilson(3 / 7 * 7 * (z / t1) ** 2, 7 * (z / t1) ** 2), rel=1e-9)
    assert np.isnan([low[2], high[2], low[3], high[3]]).all()
    assert (low[4], high[4]) == pytest.approx(_wilson(0.1 * 60 * (z / t2) ** 2, 60 * (z / t2) ** 2), rel=1e-9)
    assert (low[:2] <= [0, 3 / 7]).all() and (high[:2] >= [0, 3 / 7]).all()


def test_percentile_interval_is_the_two_quantiles():
    boot = np.arange(101, dtype=float)
    low, high = stats.percentile_interval(boot, 0.9)
    assert (low, high) == (np.quantile(boot, (1 - 0.9) / 2), np.quantile(boot, 1 - (1 - 0.9) / 2))
    assert (low, high) == pytest.approx((5.0, 95.0))
    m = np.column_stack([boot, 2 * boot])
    low, high = stats.percentile_interval(m)
    assert low == pytest.approx([2.5, 5.0]) and high == pytest.approx([97.5, 195.0])


def test_bootstrap_sums_is_seeded_and_keeps_totals():
    values = sparse.csr_matrix(np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0]]))
    totals = np.array([1.0, 1.0, 1.0])
    v1, t1 = stats.bootstrap_sums(np.random.default_rng(0), values, totals, 50)
    v2, t2 = stats.bootstrap_sums(np.random.default_rng(0), values, totals, 50)
    assert np.array_equal(v1, v2) and np.array_equal(t1, t2)
    assert v1.shape == (50, 2) and (t1 == 3.0).all()  # three rows drawn each time


def test_permutation_pvalues_bounds_and_a_clear_difference():
    a = np.array([[5.0], [6.0], [5.0], [7.0]])
    b = np.array([[0.0], [1.0], [0.0], [1.0]])
    ones = np.ones(4)

    def diff(ya, yb, ta, tb):
        return ya / ta - yb / tb

    obs, p = stats.permutation_pvalues(diff, a, ones, b, ones, n_perm=999, rng=np.random.default_rng(1))
    assert obs.tolist() == [5.25]
    # only the observed split and none beyond it reach |5.25|: p near 2/70 (two of C(8,4) splits)
    assert 1 / 1000 <= p[0] < 0.06
    _, p_same = stats.permutation_pvalues(diff, a, ones, a, ones, n_perm=199, rng=np.random.default_rng(1))
    assert p_same[0] == 1.0  # observed 0: every relabelling reaches it


def test_bh_adjust_by_hand():
    # sorted 0.01, 0.03, 0.04, 0.20 (m = 4): m p / i = 0.04, 0.06, 0.0533, 0.20;
    # running minimum from the largest: 0.04, 0.0533, 0.0533, 0.20
    q = stats.bh_adjust([0.01, 0.04, 0.03, 0.20])
    assert q == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.20])
    rng = np.random.default_rng(0)
    p = rng.random(200) ** 3
    assert np.allclose(stats.bh_adjust(p), false_discovery_control(p, method="bh"))
    s = stats.bh_adjust(pd.Series([0.5, np.nan, 0.01], index=["x", "y", "z"]))
    assert s.index.tolist() == ["x", "y", "z"] and math.isnan(s["y"])
    assert s["z"] == pytest.approx(0.02) and s["x"] == 0.5  # m = 2: NaN does not count
    assert stats.bh_adjust([]).tolist() == []
    with pytest.raises(ValueError, match="between 0 and 1"):
        stats.bh_adjust([0.5, 1.5])


def test_bootstrap_means_plain_and_weighted():
    values, weights = np.array([1.0, 2.0, 6.0]), np.array([1.0, 1.0, 3.0])
    idx = next(stats.bootstrap_indices(np.random.default_rng(3), 3, 5))[2]
    assert np.array_equal(stats.bootstrap_means(np.random.default_rng(3), values, None, 5), values[idx].mean(axis=1))
    assert np.array_equal(stats.bootstrap_means(np.random.default_rng(3), values, weights, 5),
                          values[idx].sum(axis=1) / weights[idx].sum(axis=1))


def test_resampling_level_decides_auto_by_the_documents():
    assert [stats.resampling_level("auto", n) for n in (0, 1, 2, 40)] == ["sentence", "sentence", "document",
                                                                          "document"]
    assert stats.resampling_level("sentence", 40) == "sentence" and stats.resampling_level("document", 1) == "document"
