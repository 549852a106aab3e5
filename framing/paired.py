"""Paired (blocked) comparisons: groups compared within blocks (stories, topics, events, weeks).

Outlets differ in what they cover; comparing them on the same stories removes that
difference.  ``pair_by`` names the documents column (or columns) whose value is the block;
``by`` the group (outlet, lean, ...), both read by :func:`framing.contrast.group_labels`
(a missing group value is the label "(missing)").  A document with no ``pair_by`` value
(missing or blank) is in no block: left out, and counted in ``attrs["no_block"]``, since
documents of no known story are not one story.

1. :func:`block_measures` -- per block x group: the rate of loaded terms per 1,000 tokens
   (all loaded categories, each category, and each voice when the hits carry a ``voice``
   column; denominators are the documents' tokens, as :func:`framing.score.scores`), the
   mean sentence sentiment (VADER compound) and the quoted share of words.
2. :func:`paired_differences` -- for each comparison (a and b; the two groups; or every
   pair), per block where both groups have documents: value_a, value_b, difference = a − b.
   Blocks where a group is missing are left out and listed (:func:`missing_blocks`).
3. :func:`paired_summary` -- across blocks, each block weighing the same: mean difference
   with a percentile bootstrap interval over blocks (:func:`framing.stats.bootstrap_indices`,
   :func:`framing.stats.percentile_interval`), and a Wilcoxon signed-rank test (Wilcoxon 1945,
   "Individual comparisons by ranking methods", Biometrics Bulletin 1(6):80-83; scipy.stats.wilcoxon,
   zero differences dropped as Wilcoxon's method) or a sign test (exact binomial,
   scipy.stats.binomtest); p-values Benjamini-Hochberg adjusted over the table's rows.

:func:`paired_comparison` runs the three.
"""

from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

import numpy as np
import pandas as pd

from framing import stats
from framing.contrast.groups import P_ADJUST, group_labels
from framing.groups import by_names, check_group, is_missing
from framing.schema import as_documents, require_columns
from framing.text import count_words

__all__ = [
    "BLOCK_MEASURES",
    "DIFFERENCES",
    "MEASURES",
    "NoBlockError",
    "SUMMARY",
    "Paired",
    "block_measures",
    "missing_blocks",
    "paired_comparison",
    "paired_differences",
    "paired_summary",
    "without_block",
]

#: The measures of :func:`block_measures`: loaded-term rate, mean sentence sentiment, quoted share.
MEASURES = ("rate", "sentiment", "quoted_share")
#: Columns of :func:`block_measures`.
BLOCK_MEASURES = ("block", "group", "measure", "category", "voice", "n_docs", "numerator", "denominator", "value")
#: Columns of :func:`paired_differences`.
DIFFERENCES = ("comparison", "group_a", "group_b", "measure", "category", "voice", "block", "n_docs_a", "n_docs_b",
               "value_a", "value_b", "difference")
#: Columns of :func:`paired_summary`.
SUMMARY = ("comparison", "group_a", "group_b", "measure", "category", "voice", "n_blocks", "mean_a", "mean_b",
           "mean_difference", "ci_low", "ci_high", "median_difference", "n_positive", "n_negative", "n_zero",
           "test", "statistic", "p_value", "p_adjusted")
_KEYS = ["measure", "category", "voice"]


class NoBlockError(ValueError):
    """No block of ``pair_by`` holds documents of two groups: nothing can be compared."""


def without_block(documents: pd.DataFrame, pair_by) -> np.ndarray:
    """True for each document (row) with no value (missing or blank) in a ``pair_by`` column: in no block."""
    out = np.zeros(len(documents), dtype=bool)
    for name in by_names(pair_by, arg="pair_by"):
        out |= is_missing(documents[name])
    return out


def _doc_frame(corpus, by, pair_by) -> pd.DataFrame:
    docs = as_documents(corpus, arg="corpus")
    frame = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(),
                          "block": group_labels(docs, pair_by, arg="pair_by").to_numpy(),
                          "group": group_labels(docs, by).to_numpy()})
    if "n_tokens" in docs.columns:
        frame["tokens"] = docs["n_tokens"].to_numpy(dtype=np.int64)
    else:
        frame["tokens"] = [count_words(t) for t in docs["text"]]
    no_block = without_block(docs, pair_by)
    frame = frame[~no_block].reset_index(drop=True)
    meets = frame.groupby("block")["group"].nunique()
    if len(meets) == 0 or meets.max() < 2:
        raise NoBlockError(
            f"pair_by={pair_by!r}: no block has documents of two groups of by={by!r} (each of its "
            f"{len(meets)} blocks holds one group); a paired comparison needs blocks where groups meet"
        )
    frame.attrs["no_block"] = int(no_block.sum())
    return frame


def _rates(frame: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    from framing.score import select_hits

    require_columns(hits, ("doc_id", "category"), name="hits", arg="hits")
    loaded = select_hits(hits).merge(frame[["doc_id", "block", "group"]], on="doc_id", how="inner")
    loaded = loaded.assign(category=loaded["category"].astype(str))
    cats = ["all", *sorted(loaded["category"].unique())]
    voices = ["all", *sorted(loaded["voice"].dropna().astype(str).unique())] if "voice" in hits.columns else ["all"]
    cells = frame.groupby(["block", "group"]).agg(n_docs=("doc_id", "size"), denominator=("tokens", "sum"))
    kinds = pd.MultiIndex.from_product([cats, voices], names=["category", "voice"]).to_frame(index=False)
    grid = cells.reset_index().merge(kinds, how="cross")
    parts = []
    for cat_all in (True, False):
        for voice_all in (True, False) if len(voices) > 1 else (True,):
            keys = ["block", "group"] + ([] if cat_all else ["category"]) + ([] if voice_all else ["voice"])
            n = loaded.assign(voice=loaded["voice"].astype(str)) if not voice_all else loaded
            counts = n.groupby(keys).size().rename("numerator").reset_index()
            if cat_all:
                counts["category"] = "all"
            if voice_all:
                counts["voice"] = "all"
            parts.append(counts)
    counts = pd.concat(parts, ignore_index=True)
    out = grid.merge(counts, on=["block", "group", "category", "voice"], how="left")
    out["numerator"] = out["numerator"].fillna(0).astype(float)
    out["value"] = stats.rate(out["numerator"], out["denominator"])
    return out.assign(measure="rate")


def _sentiment(frame: pd.DataFrame, sent: pd.DataFrame) -> pd.DataFrame:
    require_columns(sent, ("doc_id", "compound"), name="sentiment", arg="sentiment")
    rows = sent[["doc_id", "compound"]].merge(frame[["doc_id", "block", "group"]], on="doc_id", how="inner")
    agg = rows.groupby(["block", "group"]).agg(numerator=("compound", "sum"), denominator=("compound", "size"))
    cells = frame.groupby(["block", "group"]).agg(n_docs=("doc_id", "size"))
    out = cells.join(agg).reset_index()
    out["denominator"] = out["denominator"].fillna(0)
    out["numerator"] = out["numerator"].fillna(0.0)
    with np.errstate(invalid="ignore", divide="ignore"):  # a group without sentences has no mean: NaN
        out["value"] = np.where(out["denominator"] > 0, out["numerator"] / out["denominator"].where(
            out["denominator"] > 0, 1), np.nan)
    return out.assign(measure="sentiment", category="all", voice="all")


def _quoted(frame: pd.DataFrame, quoted: pd.DataFrame) -> pd.DataFrame:
    require_columns(quoted, ("doc_id", "words", "quote_words", "fragment_words"), name="quoted_share", arg="quoted")
    rows = quoted.merge(frame[["doc_id", "block", "group"]], on="doc_id", how="inner")
    rows = rows.assign(numerator=rows["quote_words"] + rows["fragment_words"])
    agg = rows.groupby(["block", "group"]).agg(numerator=("numerator", "sum"), denominator=("words", "sum"))
    cells = frame.groupby(["block", "group"]).agg(n_docs=("doc_id", "size"))
    out = cells.join(agg).fillna(0).reset_index()
    out["value"] = stats.rate(out["numerator"], out["denominator"], per=1)
    return out.assign(measure="quoted_share", category="all", voice="all")


def block_measures(corpus, *, by="outlet", pair_by="topic", hits: pd.DataFrame | None = None,
                   sentiment: pd.DataFrame | None = None, quoted: pd.DataFrame | None = None,
                   measures=MEASURES) -> pd.DataFrame:
    """Per block x group, each measure: columns :data:`BLOCK_MEASURES`.

    * ``rate``: numerator = loaded-term hits (:func:`framing.score.select_hits`: every
      category but attribution stance), denominator = the documents' tokens
      (``documents.n_tokens``), value = 1000 · hits / tokens (0 without tokens); one row
      for category "all" and one per category, voice "all" and, when ``hits`` has a
      ``voice`` column, one per voice (same denominator, so voices add up to "all").
    * ``sentiment``: mean VADER compound of the group's sentences in the block (numerator
      = their sum, denominator = their number; NaN without a sentence).
    * ``quoted_share``: words inside quotations and fragments / all words
      (:func:`framing.voice.quoted_share`, pooled over the documents).

    Missing tables are computed: ``hits`` = :func:`framing.score.hits`, ``sentiment`` =
    :func:`framing.sentiment.sentiment` (``voice=False``), ``quoted`` =
    :func:`framing.voice.quoted_share`; pass them to reuse them.  ``measures``: any of
    :data:`MEASURES`.  Only the block x group cells with documents appear.  A ``pair_by``
    where no block holds two groups is a ``ValueError``.  Sorted by measure, category,
    voice, block, group.
    """
    measures = [measures] if isinstance(measures, str) else list(measures)
    bad = [m for m in measures if m not in MEASURES]
    if bad or not measures:
        raise ValueError(f"measures: use any of {', '.join(MEASURES)}; got {bad or measures!r}")
    frame = _doc_frame(corpus, by, pair_by)
    parts = []
    if "rate" in measures:
        if hits is None:
            from framing.score import hits as compute_hits

            hits = compute_hits(corpus)
        parts.append(_rates(frame, hits))
    if "sentiment" in measures:
        if sentiment is None:
            from framing.sentiment import sentiment as compute_sentiment

            sentiment = compute_sentiment(corpus, voice=False)
        parts.append(_sentiment(frame, sentiment))
    if "quoted_share" in measures:
        if quoted is None:
            from framing.voice import quoted_share

            quoted = quoted_share(corpus)
        parts.append(_quoted(frame, quoted))
    out = pd.concat(parts, ignore_index=True)[list(BLOCK_MEASURES)]
    out = out.astype({"n_docs": "int64", "numerator": "float64", "denominator": "float64", "value": "float64"})
    order = {m: i for i, m in enumerate(MEASURES)}
    out = out.assign(_m=out["measure"].map(order), _c=out["category"] != "all", _v=out["voice"] != "all")
    out = out.sort_values(["_m", "_c", "category", "_v", "voice", "block", "group"], kind="stable")
    out = out.drop(columns=["_m", "_c", "_v"]).reset_index(drop=True)
    out.attrs = {"by": by, "pair_by": pair_by, "no_block": frame.attrs["no_block"]}
    return out


def _pairs(groups: list[str], a, b, pairs) -> list[tuple[str, str]]:
    if a is not None or b is not None:
        if a is None or b is None:
            raise ValueError("a paired comparison names both groups: pass a= and b= (or pairs=, or neither: "
                             "every pair)")
        if str(a) == str(b):
            raise ValueError(f"a and b are both {a!r}; name two different groups")
        return [(check_group(a, groups, "a"), check_group(b, groups, "b"))]
    if pairs is not None:
        if len(pairs) == 2 and all(isinstance(p, str) for p in pairs):
            pairs = [pairs]
        return [(check_group(x, groups, "pairs"), check_group(y, groups, "pairs")) for x, y in pairs]
    return list(combinations(groups, 2))


def paired_differences(blocks: pd.DataFrame, *, a=None, b=None, pairs=None) -> pd.DataFrame:
    """Within-block differences between two groups: columns :data:`DIFFERENCES`.

    ``blocks``: :func:`block_measures`.  Comparisons: ``a`` and ``b``; ``pairs=[(x, y),
    ...]``; or (neither) every pair of groups, groups sorted.  difference = value_a −
    value_b, for every block where both groups have documents.  Blocks where one of the
    two is missing are left out of that comparison and listed in ``attrs["missing"]``
    (records comparison, block, missing; :func:`missing_blocks` gives the table).  A
    comparison with no block holding both groups has no rows and is named in
    ``attrs["unpaired"]`` (e.g. two of many outlets that never covered the same story);
    when no comparison has such a block, a :class:`NoBlockError` (a ``ValueError``).  Sorted by comparison (order
    made), measure, category, voice (as ``blocks``), block.
    """
    require_columns(blocks, BLOCK_MEASURES, name="block_measures", arg="blocks")
    groups = sorted(blocks["group"].unique())
    comps = _pairs(groups, a, b, pairs)
    present = blocks.groupby("block")["group"].agg(set)
    keyed = blocks.assign(_row=np.arange(len(blocks)))
    parts, missing, unpaired = [], [], []
    for ga, gb in comps:
        name = f"{ga} vs {gb}"
        for block, members in present.items():
            lost = [g for g in (ga, gb) if g not in members]
            if lost and len(lost) < 2:
                missing.append({"comparison": name, "block": block, "missing": lost[0]})
        left = keyed[keyed["group"] == ga]
        right = keyed[keyed["group"] == gb][["block", *_KEYS, "n_docs", "value"]]
        both = left.merge(right, on=["block", *_KEYS], suffixes=("_a", "_b"), how="inner")
        if both.empty:
            unpaired.append(name)
            continue
        both = both.sort_values("_row", kind="stable")
        both = both.assign(comparison=name, group_a=ga, group_b=gb, difference=both["value_a"] - both["value_b"])
        parts.append(both[list(DIFFERENCES)])
    if not parts:
        raise NoBlockError(f"{', '.join(unpaired)}: no block (pair_by value) has documents of both groups; "
                           "nothing to pair")
    out = pd.concat(parts, ignore_index=True)
    out.attrs = {**blocks.attrs, "missing": [m for m in missing if m["comparison"] not in unpaired],
                 "unpaired": unpaired}
    return out


def missing_blocks(differences: pd.DataFrame) -> pd.DataFrame:
    """The blocks left out of each comparison of :func:`paired_differences`: comparison, block, missing (group)."""
    return pd.DataFrame(differences.attrs.get("missing", []), columns=["comparison", "block", "missing"])


def _test(d: np.ndarray, test: str) -> tuple[float, float]:
    from scipy import stats as sps  # here: importing scipy.stats takes ~0.7 s, and every notebook imports framing

    nonzero = d[d != 0]
    if len(nonzero) == 0:
        return np.nan, np.nan
    if test == "sign":
        k = int((nonzero > 0).sum())
        return float(k), float(sps.binomtest(k, len(nonzero), 0.5).pvalue)
    res = sps.wilcoxon(nonzero, zero_method="wilcox", alternative="two-sided")
    return float(res.statistic), float(res.pvalue)


def paired_summary(differences: pd.DataFrame, *, n_boot: int = stats.N_BOOT, ci: float = stats.CI,
                   random_state=None, test: str = "wilcoxon") -> pd.DataFrame:
    """Across blocks, per comparison x measure x category x voice: columns :data:`SUMMARY`.

    Blocks whose difference is NaN (a sentiment mean without sentences) are left out.
    n_blocks; mean_a, mean_b, mean_difference: means over blocks (each block weighs the
    same); ci_low, ci_high: percentile bootstrap interval at ``ci`` of the mean difference,
    blocks drawn with replacement ``n_boot`` times (one ``np.random.default_rng(random_state)``
    for the table, rows in order; NaN with fewer than two blocks); median_difference; n_positive, n_negative, n_zero.
    ``test="wilcoxon"``: statistic = the Wilcoxon signed-rank W of ``scipy.stats.wilcoxon``
    (two-sided, zero differences dropped, exact p for fewer than 50 non-zero blocks without
    ties, else the normal approximation); ``test="sign"``: statistic = n_positive, p =
    exact two-sided binomial test of n_positive among the non-zero blocks, probability 1/2.
    NaN when every difference is 0.  ``p_adjusted``: Benjamini-Hochberg over the rows
    (``attrs["p_adjust"]``).
    """
    require_columns(differences, DIFFERENCES, name="paired_differences", arg="differences")
    n_boot = stats.check_int(n_boot, "n_boot", minimum=1)
    ci = stats.check_ci(ci)
    if test not in ("wilcoxon", "sign"):
        raise ValueError(f"test must be 'wilcoxon' or 'sign', not {test!r}")
    rng = np.random.default_rng(random_state)
    rows = []
    keys = ["comparison", "group_a", "group_b", *_KEYS]
    for key, part in differences.groupby(keys, sort=False):
        part = part[part["difference"].notna()]
        d = part["difference"].to_numpy(dtype=float)
        n = len(d)
        if n:
            lo, hi = stats.percentile_interval(stats.bootstrap_means(rng, d, None, n_boot), ci)
        if n < 2:  # one block (or none): resampling it gives an interval of width 0, not an uncertainty
            lo = hi = np.nan  # (one block still draws, so the later rows' intervals do not depend on it)
        statistic, p = _test(d, test)
        rows.append((*key, n, part["value_a"].mean(), part["value_b"].mean(), d.mean() if n else np.nan,
                     float(lo), float(hi), float(np.median(d)) if n else np.nan, int((d > 0).sum()),
                     int((d < 0).sum()), int((d == 0).sum()), test, statistic, p))
    out = pd.DataFrame(rows, columns=[c for c in SUMMARY if c != "p_adjusted"])
    out["p_adjusted"] = stats.bh_adjust(out["p_value"].to_numpy(dtype=float))
    out.attrs = {k: v for k, v in differences.attrs.items() if k != "missing"}
    out.attrs.update(ci=ci, n_boot=n_boot, test=test,
                     p_adjust=f"{P_ADJUST} over the {int(out['p_value'].notna().sum())} rows with a p-value")
    return out


class Paired(NamedTuple):
    """What :func:`paired_comparison` returns."""

    blocks: pd.DataFrame
    differences: pd.DataFrame
    summary: pd.DataFrame
    missing: pd.DataFrame


def paired_comparison(corpus, *, by="outlet", pair_by="topic", a=None, b=None, pairs=None, hits=None,
                      sentiment=None, quoted=None, measures=MEASURES, n_boot: int = stats.N_BOOT,
                      ci: float = stats.CI, random_state=None, test: str = "wilcoxon") -> Paired:
    """:func:`block_measures`, :func:`paired_differences`, :func:`paired_summary` and
    :func:`missing_blocks` in one call (arguments as there)."""
    blocks = block_measures(corpus, by=by, pair_by=pair_by, hits=hits, sentiment=sentiment, quoted=quoted,
                            measures=measures)
    diffs = paired_differences(blocks, a=a, b=b, pairs=pairs)
    summary = paired_summary(diffs, n_boot=n_boot, ci=ci, random_state=random_state, test=test)
    return Paired(blocks, diffs, summary, missing_blocks(diffs))
