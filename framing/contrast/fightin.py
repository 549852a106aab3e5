"""Fightin' Words (Monroe, Colaresi & Quinn 2008) and keyness (quanteda's ``textstat_keyness``).

Statistics: :mod:`framing.contrast`.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from framing.contrast.table import _build, _note, _Pair, _pair, _Table
from framing.contrast.units import _phrase_keys, _unit_spans, stop_word_list
from framing.schema import as_documents, require_columns
from framing.stats import check_int, rate
from framing.text import normalize

#: Frequency given to a unit that ``wordfreq`` does not know (0.0 there): 1e-8, Zipf 1.0,
#: about the frequency of the rarest words wordfreq lists (Speer 2022, wordfreq 3).
WORDFREQ_FLOOR = 1e-8

#: Default ``min_count`` of the contrast functions: a unit is listed when the two sides use it
#: at least twice together, so a unit used once (0 vs 1) never reaches a top list.
MIN_COUNT = 2

#: Default total prior weight α0 (pseudo-counts spread over the vocabulary).  See
#: :func:`fightin_words` for why.
DEFAULT_ALPHA0 = 500.0


# --- Priors and Fightin' Words ---


@lru_cache(maxsize=200_000)
def _wordfreq(unit: str) -> float:
    from wordfreq import word_frequency

    return float(word_frequency(unit, "en"))


def _check_alpha0(alpha0) -> float:
    if isinstance(alpha0, bool) or not isinstance(alpha0, (int, float, np.integer, np.floating)):
        raise TypeError(f"alpha0 must be a positive number (e.g. {DEFAULT_ALPHA0:g}), not {alpha0!r}")
    if not math.isfinite(alpha0) or alpha0 <= 0:
        raise ValueError(f"alpha0 must be a positive finite number (e.g. {DEFAULT_ALPHA0:g}), not {alpha0!r}")
    return float(alpha0)


def _background_counts(prior, phrases, stop_words) -> pd.Series:
    """A prior given as counts: Series unit -> count, DataFrame (unit, count) or a corpus."""
    if isinstance(prior, pd.Series):
        counts = prior
    elif isinstance(prior, pd.DataFrame) and "text" not in prior.columns:
        require_columns(prior, ("unit", "count"), name="prior counts", arg="prior")
        if prior["unit"].duplicated().any():
            dup = prior.loc[prior["unit"].duplicated(), "unit"].iloc[0]
            raise ValueError(f"prior: unit {dup!r} appears more than once; give one count per unit")
        counts = prior.set_index("unit")["count"]
    else:  # a background corpus (Corpus or documents table)
        docs = as_documents(prior, arg="prior")
        spans = _unit_spans(docs, _phrase_keys(phrases), stop_word_list(stop_words))
        counts = spans["unit"].value_counts()
    values = pd.to_numeric(counts, errors="coerce")
    if values.isna().any() or not np.isfinite(values.to_numpy(dtype=float)).all():
        raise ValueError("prior: every count must be a finite number")
    if (values < 0).any():
        bad = values[values < 0].index[0]
        raise ValueError(f"prior: the count of {bad!r} is negative ({values[bad]}); counts must be >= 0")
    values.index = [normalize(str(u)).text for u in values.index]
    return values.groupby(level=0).sum().astype(float)


def prior_alpha(vocab, prior="wordfreq", *, alpha0: float = DEFAULT_ALPHA0, phrases=None, stop_words="default"):
    """Dirichlet prior α_w for each unit of ``vocab`` (a pandas Series indexed by unit).

    Always Σ α_w = ``alpha0`` and every α_w > 0 (Monroe et al. 2008, eq. 16: α_w = α0·π_w).

    * ``"wordfreq"``: π_w ∝ ``wordfreq.word_frequency(w, "en")``, floored at
      :data:`WORDFREQ_FLOOR` for units wordfreq does not know (names such as
      "tsikhanouskaya"); multi-word units get wordfreq's own estimate for the phrase.
    * ``"uniform"``: π_w = 1/V.
    * counts from a background corpus (a Series unit → count, a DataFrame with columns
      unit, count, or a Corpus / documents table, counted with the same unit rules):
      π_w ∝ count_w + 1 (add-one smoothing, so that a unit absent from the background
      still has α_w > 0).  Counts must be ≥ 0.
    """
    vocab = pd.Index(vocab, dtype=object)
    if len(vocab) == 0:
        return pd.Series([], index=vocab, dtype=float, name="prior")
    alpha0 = _check_alpha0(alpha0)
    if isinstance(prior, str):
        if prior == "wordfreq":
            weights = np.array([max(_wordfreq(u), WORDFREQ_FLOOR) for u in vocab])
        elif prior == "uniform":
            weights = np.ones(len(vocab))
        else:
            raise ValueError(
                f"prior must be 'wordfreq', 'uniform', counts (Series or DataFrame unit, count) or a corpus, "
                f"not {prior!r}"
            )
    elif isinstance(prior, (pd.Series, pd.DataFrame)) or hasattr(prior, "documents"):
        counts = _background_counts(prior, phrases, stop_words)
        weights = counts.reindex(vocab, fill_value=0.0).to_numpy(dtype=float) + 1.0
    else:
        raise TypeError(
            f"prior must be 'wordfreq', 'uniform', counts (Series or DataFrame unit, count) or a corpus, "
            f"not a {type(prior).__name__}"
        )
    return pd.Series(alpha0 * weights / weights.sum(), index=vocab, name="prior")


def log_odds_delta(y_a, y_b, n_a, n_b, alpha, alpha0):
    """δ, var(δ) and z of Monroe et al. (2008), eqs. 16 and 22, vectorized (numpy broadcasting).

    δ_w = log((y_a+α_w)/(n_a+α0−y_a−α_w)) − log((y_b+α_w)/(n_b+α0−y_b−α_w)),
    var(δ_w) ≈ 1/(y_a+α_w) + 1/(y_b+α_w), z_w = δ_w/√var(δ_w).
    """
    y_a = np.asarray(y_a, dtype=float)
    y_b = np.asarray(y_b, dtype=float)
    ka = y_a + alpha
    kb = y_b + alpha
    delta = np.log(ka) - np.log(n_a + alpha0 - ka) - np.log(kb) + np.log(n_b + alpha0 - kb)
    var = 1.0 / ka + 1.0 / kb
    return delta, var, delta / np.sqrt(var)


def _group_totals(table: _Table, pair: _Pair):
    counts_a = np.asarray(table.counts[pair.rows_a].sum(axis=0)).ravel()
    counts_b = np.asarray(table.counts[pair.rows_b].sum(axis=0)).ravel()
    for label, counts, arg in ((pair.label_a, counts_a, "a"), (pair.label_b, counts_b, "b")):
        if counts.sum() == 0:
            raise ValueError(
                f"group {label!r} ({arg}) has no units after stop-word and number removal; nothing to contrast "
                f"(check the documents of that group, or pass stop_words=None)"
            )
    keep = (counts_a + counts_b) > 0
    if keep.sum() < 2:
        raise ValueError("the two groups share a vocabulary of fewer than two units; log-odds need at least two")
    return keep, counts_a, counts_b


def fightin_words(
    corpus,
    *,
    by="outlet",
    a=None,
    b=None,
    prior="wordfreq",
    alpha0: float = DEFAULT_ALPHA0,
    phrases=None,
    stop_words="default",
    house_style=None,
    min_count: int = MIN_COUNT,
    units=None,
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    One row per unit used by group ``a`` or ``b`` with at least ``min_count`` uses in
    the two together: unit, count_a, count_b, rate_a, rate_b (per 1,000 units of the
    group), prior (α_w), delta (δ_w), var, z.  Formulas: :func:`log_odds_delta`, with
    n_a, n_b the groups' unit totals; priors: :func:`prior_alpha`.  Positive z: more
    typical of ``a``.  Sorted by z descending, then unit.

    Groups: :func:`~framing.contrast.group_labels` of ``by`` (a column or a list of
    them); with two groups, ``a`` and ``b`` default to them in sorted order; with more,
    ``a="X"`` compares X with all other groups together (``b`` is labelled "(rest)") and
    ``a``, ``b`` a named pair.  ``min_count`` (default :data:`MIN_COUNT`) filters rows only;
    the prior and totals use the whole vocabulary of the pair.  ``stop_words``,
    ``house_style``: :func:`~framing.contrast.unit_spans`; ``units``: a
    :func:`~framing.contrast.unit_table` of ``corpus`` (counted once, its own settings).

    ``alpha0`` (default :data:`DEFAULT_ALPHA0` = 500): the prior's total pseudo-count.
    Monroe et al. scale the prior to the data; 500 is about the size of the data in the
    seed comparison (298 and 232 units after stop words), so the prior weighs about as
    much as the two articles: enough to keep one-off rare words from dominating, small
    enough that a word used 3 times against 0 stands out.  Measured on the seed articles
    with α0 = 100, 500, 1,000, 5,000: Fox's top unit is "nato" for all four; the other
    side's is "protests" up to 1,000 and "belarusian" at 5,000; lower ranks move.  Raise
    α0 for long corpora.  ``frame.attrs`` holds a, b, n_a, n_b, documents_a, documents_b,
    alpha0, prior and ``note`` (the plain statement of what the z-scores can and cannot say).
    """
    min_count = check_int(min_count, "min_count", minimum=1)
    alpha0 = _check_alpha0(alpha0)
    table = _build(corpus, by, phrases, stop_words, house_style, units)
    pair = _pair(table, a, b)
    keep, counts_a, counts_b = _group_totals(table, pair)
    vocab = table.vocab[keep]
    ya, yb = counts_a[keep], counts_b[keep]
    na, nb = float(counts_a.sum()), float(counts_b.sum())
    if units is not None:
        phrases, stop_words = units.phrases, units.stop_words
    alpha = prior_alpha(vocab, prior, alpha0=alpha0, phrases=phrases, stop_words=stop_words).to_numpy()
    delta, var, z = log_odds_delta(ya, yb, na, nb, alpha, alpha0)
    frame = pd.DataFrame(
        {
            "unit": vocab.astype(object),
            "count_a": ya.astype(np.int64),
            "count_b": yb.astype(np.int64),
            "rate_a": rate(ya, na),
            "rate_b": rate(yb, nb),
            "prior": alpha,
            "delta": delta,
            "var": var,
            "z": z,
        }
    )
    frame = frame[(frame["count_a"] + frame["count_b"]) >= min_count]
    frame = frame.sort_values(["z", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame.attrs = {
        "a": pair.label_a,
        "b": pair.label_b,
        "n_a": int(na),
        "n_b": int(nb),
        "documents_a": int(pair.docs_a),
        "documents_b": int(pair.docs_b),
        "alpha0": alpha0,
        "prior": prior if isinstance(prior, str) else "background counts",
        "note": _note(pair.docs_a, pair.docs_b),
    }
    return frame


def top_distinctive(frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most distinctive units of each side of a :func:`fightin_words` table.

    Columns: group, rank (1 = most distinctive), unit, count_a, count_b, delta, z.  Side
    a: the highest z (z > 0 only); side b: the lowest z (z < 0 only).  Sorted by side (a
    first), rank.  ``group`` is taken from ``frame.attrs`` (``a`` / ``b``).
    """
    require_columns(frame, ("unit", "count_a", "count_b", "delta", "z"), name="fightin_words", arg="frame")
    n = check_int(n, "n", minimum=1)
    label_a = frame.attrs.get("a", "a")
    label_b = frame.attrs.get("b", "b")
    cols = ["unit", "count_a", "count_b", "delta", "z"]
    side_a = frame[frame["z"] > 0].sort_values(["z", "unit"], ascending=[False, True], kind="stable").head(n)
    side_b = frame[frame["z"] < 0].sort_values(["z", "unit"], ascending=[True, True], kind="stable").head(n)
    parts = []
    for label, side in ((label_a, side_a), (label_b, side_b)):
        part = side[cols].copy()
        part.insert(0, "rank", np.arange(1, len(part) + 1, dtype=np.int64))
        part.insert(0, "group", label)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out.attrs = dict(frame.attrs)
    return out


# --- Keyness ---

MEASURES = ("chi2", "lr", "pmi")
CORRECTIONS = ("default", "yates", "williams", "none")


def keyness_stats(a, b, total_target, total_reference, *, measure="chi2", correction="default"):
    """Signed keyness statistic and p-value for counts ``a`` (target), ``b`` (reference).

    The 2x2 table per unit is [[a, c], [b, d]] with c = total_target − a, d = total_reference
    − b, N = a+b+c+d and E11 = (a+b)(a+c)/N; the sign is + when a > E11 (over-represented
    in the target), − otherwise (quanteda.textstats ``textstat_keyness``).

    * chi2: Pearson X² = N(|ad−bc| − N·δ)² / ((a+b)(c+d)(a+c)(b+d)); Yates' correction
      δ = min(0.5, |ad−bc|/N) (as R's ``chisq.test`` and ``scipy.stats.chi2_contingency``;
      quanteda applies δ = 0.5 only when an expected count is < 5).
    * lr: G² = 2 Σ O ln(O/E) over the four cells, 0·ln 0 = 0 (Dunning 1993); Yates moves
      every cell 0.5 (at most |O−E|) toward E first; Williams (1976) divides by
      q = 1 + (N/(a+b) + N/(c+d) − 1)(N/(a+c) + N/(b+d) − 1)/(6N).
    * pmi: ln(a/E11) (−inf when a = 0), not signed further, no correction, p-value NaN:
      PMI has no reference distribution (quanteda reports 1 − pchisq(|pmi|, 1) regardless).

    ``correction="default"``: Yates for chi2, Williams for lr, none for pmi (quanteda's
    documented defaults; its C++ code in quanteda.textstats applies the conditional Yates
    to lr as well, so quanteda's default G² can differ from this one).  p-values: χ² with
    1 degree of freedom, of |statistic|.
    Returns ``(stat, p, sign, expected)`` as numpy arrays.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {', '.join(CORRECTIONS)}, not {correction!r}")
    if measure == "pmi" and correction not in ("default", "none"):
        raise ValueError(f"correction={correction!r} does not apply to measure='pmi'; use 'default' or 'none'")
    if correction == "default":
        correction = {"chi2": "yates", "lr": "williams", "pmi": "none"}[measure]
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    c = total_target - a
    d = total_reference - b
    n = a + b + c + d
    e11 = (a + b) * (a + c) / n
    sign = np.sign(a - e11)
    sign = np.where(sign == 0, -1.0, sign)  # quanteda: + only when a > E11
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    adbc = np.abs(a * d - b * c)
    yates = np.minimum(0.5, adbc / n) if correction == "yates" else np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "chi2":
            stat = n * (adbc - n * yates) ** 2 / margins
        elif measure == "lr":
            obs = np.stack([a, c, b, d])
            exp = np.stack([e11, (c + d) * (a + c) / n, (a + b) * (b + d) / n, (c + d) * (b + d) / n])
            obs = obs - np.sign(obs - exp) * yates
            stat = 2.0 * np.sum(np.where(obs > 0, obs * np.log(np.where(obs > 0, obs, 1.0) / exp), 0.0), axis=0)
        else:
            stat = np.log(a / e11)
        if correction == "williams":
            q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
            stat = stat / q
    if measure == "pmi":
        p = np.full_like(stat, np.nan)
    else:
        from scipy import stats  # here: importing scipy.stats takes ~0.7 s, and every notebook imports framing

        stat = np.abs(stat) * sign
        p = stats.chi2.sf(np.abs(stat), 1)
    return stat, p, sign, e11


def keyness(
    corpus,
    *,
    by="outlet",
    target=None,
    reference=None,
    measure: str = "chi2",
    correction: str = "default",
    phrases=None,
    stop_words="default",
    house_style=None,
    min_count: int = MIN_COUNT,
    units=None,
) -> pd.DataFrame:
    """Keyness of each unit in the ``target`` group against the ``reference`` (default: the rest).

    Columns: unit, n_target, n_reference, expected (E11, the target count expected
    under no association), stat (signed: + over-represented in the target), p_value,
    sign (+1/−1).  Formulas and corrections: :func:`keyness_stats`; tables as quanteda's
    ``textstat_keyness``.  Groups: :func:`~framing.contrast.group_labels` of ``by``; with two
    groups ``target`` defaults to the first in sorted order.  Rows: units with n_target +
    n_reference ≥ ``min_count`` (default :data:`MIN_COUNT`).  ``stop_words``, ``house_style``,
    ``units``: :func:`fightin_words`.  Sorted by stat
    descending, then unit.  ``frame.attrs``: target, reference, measure, correction,
    totals and ``note``.
    """
    min_count = check_int(min_count, "min_count", minimum=1)
    table = _build(corpus, by, phrases, stop_words, house_style, units)
    pair = _pair(table, target, reference, arg_a="target", arg_b="reference")
    keep, counts_a, counts_b = _group_totals(table, pair)
    na, nb = float(counts_a.sum()), float(counts_b.sum())
    stat, p, sign, e11 = keyness_stats(counts_a[keep], counts_b[keep], na, nb, measure=measure, correction=correction)
    frame = pd.DataFrame(
        {
            "unit": table.vocab[keep].astype(object),
            "n_target": counts_a[keep].astype(np.int64),
            "n_reference": counts_b[keep].astype(np.int64),
            "expected": e11,
            "stat": stat,
            "p_value": p,
            "sign": sign.astype(np.int64),
        }
    )
    frame = frame[(frame["n_target"] + frame["n_reference"]) >= min_count]
    frame = frame.sort_values(["stat", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame.attrs = {
        "target": pair.label_a,
        "reference": pair.label_b,
        "measure": measure,
        "correction": correction,
        "n_target": int(na),
        "n_reference": int(nb),
        "note": _note(pair.docs_a, pair.docs_b),
    }
    return frame
