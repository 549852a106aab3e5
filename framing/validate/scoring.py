"""Scoring a lexicon against span annotations: baselines, precision / recall / F1 with intervals, coverage.

Rules: :mod:`framing.validate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing import stats
from framing.lexicon import Lexicon, as_lexicon, load_lexicon
from framing.score import hits as lexicon_hits
from framing.text import normalize, word_spans
from framing.validate.readers import DEFAULT_LABELS, Annotated

#: Columns of the table :func:`validate` and :func:`evaluate` return.
RESULTS = (
    "lexicon",
    "match",
    "scope",
    "group",
    "n_pred",
    "tp",
    "n_gold",
    "found",
    "precision",
    "precision_lo",
    "precision_hi",
    "recall",
    "recall_lo",
    "recall_hi",
    "f1",
    "f1_lo",
    "f1_hi",
)

#: VADER valence at or below which a word counts as strongly negative (baseline).
VADER_THRESHOLD = -1.5

MATCHES = ("overlap", "exact")
_SCOPES = {"micro": 0, "category": 1, "label": 2}


# --- Baseline lexicons ---

_PLAIN_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def vader_baseline(threshold: float = VADER_THRESHOLD) -> Lexicon:
    """VADER's strongly negative words (valence <= ``threshold``) as a Lexicon, category ``vader_negative``.

    Source: Hutto & Gilbert 2014, *VADER*, the ``vader_lexicon.txt`` of the installed
    ``vaderSentiment`` package (MIT).  Emoticons and other non-word entries are left out.
    """
    from framing.sentiment import vader_lexicon

    if not isinstance(threshold, int | float) or isinstance(threshold, bool):
        raise TypeError(f"threshold must be a number (a VADER valence, -4..4), got {type(threshold).__name__}")
    lex = vader_lexicon()
    words = lex.loc[lex["valence"] <= threshold, "word"]
    keep = _dedupe(sorted({w for w in words if _PLAIN_WORD.match(w)}))
    return Lexicon.from_table(pd.DataFrame({"term": keep, "category": "vader_negative"}), name="vader")


def vocabulary(documents: pd.DataFrame) -> list[str]:
    """Sorted distinct lower-case word forms (:func:`framing.text.word_spans`) of ``documents.text``."""
    vocab: set[str] = set()
    for t in documents["text"]:
        vocab.update(w.lower() for _, _, w in word_spans(normalize(t).text))
    return sorted(v for v in vocab if any(c.isalpha() for c in v))


def _dedupe(words: list[str]) -> list[str]:
    """First of each group of words equal once hyphens are dropped (they match alike)."""
    seen, keep = set(), []
    for w in words:
        k = w.replace("-", "")
        if k not in seen:
            seen.add(k)
            keep.append(w)
    return keep


def random_baseline(documents: pd.DataFrame, size: int, *, random_state: int = 0) -> Lexicon:
    """``size`` words drawn without replacement from the vocabulary of ``documents``, category ``random``."""
    stats.check_int(size, "size", minimum=1, what="integer (the number of entries)")
    unique = _dedupe(vocabulary(documents))
    if size > len(unique):
        raise ValueError(f"size {size} exceeds the vocabulary ({len(unique)} words); choose a smaller size")
    rng = np.random.default_rng(random_state)
    picked = sorted(rng.choice(len(unique), size=size, replace=False))
    terms = [unique[i] for i in picked]
    return Lexicon.from_table(pd.DataFrame({"term": terms, "category": "random"}), name="random")


# --- Scoring ---


def _check_match(match) -> tuple[str, ...]:
    if isinstance(match, str):
        match = (match,)
    match = tuple(match)
    bad = [m for m in match if m not in MATCHES]
    if bad or not match:
        raise ValueError(f"match must be 'overlap', 'exact' or both, not {bad or match!r}")
    return match


def _flags(pred: pd.DataFrame, gold: pd.DataFrame, match: str) -> tuple[np.ndarray, np.ndarray]:
    """Per prediction: hits some gold span; per gold span: hit by some prediction."""
    p = pred[["doc_id", "start", "end"]].reset_index(drop=True).assign(_p=lambda d: np.arange(len(d)))
    g = gold[["doc_id", "start", "end"]].reset_index(drop=True).assign(_g=lambda d: np.arange(len(d)))
    pairs = p.merge(g, on="doc_id", suffixes=("", "_g"))
    if match == "overlap":
        ok = (pairs["start"] < pairs["end_g"]) & (pairs["start_g"] < pairs["end"])
    else:
        ok = (pairs["start"] == pairs["start_g"]) & (pairs["end"] == pairs["end_g"])
    pairs = pairs[ok]
    pf = np.zeros(len(p), dtype=bool)
    gf = np.zeros(len(g), dtype=bool)
    pf[pairs["_p"].to_numpy()] = True
    gf[pairs["_g"].to_numpy()] = True
    return pf, gf


def _prf(tp, n_pred, found, n_gold):
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n_pred > 0, tp / np.maximum(n_pred, 1), np.nan)
        r = np.where(n_gold > 0, found / np.maximum(n_gold, 1), np.nan)
        f = np.where((p + r) > 0, 2 * p * r / (p + r), 0.0)
        f = np.where(np.isnan(p) | np.isnan(r), np.nan, f)
    return p, r, f


def _row(lex, match, scope, group, counts, weights, ci):
    """One result row from per-document counts (n_docs x 4: tp, n_pred, found, n_gold)."""
    tot = counts.sum(axis=0)
    p, r, f = _prf(*[np.float64(x) for x in tot])
    row = {
        "lexicon": lex,
        "match": match,
        "scope": scope,
        "group": group,
        "n_pred": int(tot[1]),
        "tp": int(tot[0]),
        "n_gold": int(tot[3]),
        "found": int(tot[2]),
        "precision": float(p),
        "recall": float(r),
        "f1": float(f),
    }
    if weights is not None:
        boot = weights @ counts  # (n_boot x 4)
        bp, br, bf = _prf(boot[:, 0], boot[:, 1], boot[:, 2], boot[:, 3])
        for name, arr in (("precision", bp), ("recall", br), ("f1", bf)):
            arr = arr[~np.isnan(arr)]
            lo, hi = stats.percentile_interval(arr, ci) if len(arr) else (np.nan, np.nan)
            row[f"{name}_lo"], row[f"{name}_hi"] = float(lo), float(hi)
    else:
        for name in ("precision", "recall", "f1"):
            row[f"{name}_lo"] = row[f"{name}_hi"] = np.nan
    return row


def evaluate(
    predictions: pd.DataFrame,
    annotated: Annotated,
    *,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    match: str | Sequence[str] = MATCHES,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
    name: str = "lexicon",
    level: float | None = None,
) -> pd.DataFrame:
    """Precision, recall, F1 of ``predictions`` (doc_id, start, end, category) against gold spans.

    ``labels``: gold labels that count (None: all).  Rows (columns :data:`RESULTS`):
    ``scope="micro"`` (all predictions vs all gold spans, identical offsets counted once),
    ``scope="category"`` (one per prediction category: its precision, and the share of
    gold spans its predictions find), ``scope="label"`` (one per gold label: the share of
    that label's spans found by any prediction; precision there is the share of all
    predictions overlapping that label).  ``*_lo``/``*_hi``: percentile bootstrap interval
    at ``ci`` (default 0.95) over documents (``n_boot`` resamples, default
    :data:`framing.stats.N_BOOT` = 2,000, why: there; 0 skips it).  ``level=``: the old
    name of ``ci`` (deprecated).  Documents without
    predictions or gold spans count (as zeros).  Sorted by match (overlap, exact), scope
    (micro, category, label), group.
    """
    if not isinstance(annotated, Annotated):
        raise TypeError("annotated must be an Annotated (from read_ptc, read_bias_table, read_jsonl)")
    missing = [c for c in ("doc_id", "start", "end", "category") if c not in predictions.columns]
    if missing:
        raise ValueError(f"predictions: missing column(s) {', '.join(missing)}; pass a hits table")
    matches = _check_match(match)
    n_boot = stats.check_int(n_boot, "n_boot", minimum=0)
    ci = stats.ci_from_level(ci, level, "evaluate")
    gold = annotated.spans
    if labels is not None:
        if isinstance(labels, str):
            labels = [labels]
        unknown = sorted(set(labels) - set(gold["label"]))
        if unknown and len(gold):
            raise ValueError(
                f"labels: {', '.join(unknown)} not among the gold labels; known: {', '.join(annotated.labels)}"
            )
        gold = gold[gold["label"].isin(labels)]
    docs = list(annotated.documents["doc_id"])
    index = {d: i for i, d in enumerate(docs)}
    pred = predictions[predictions["doc_id"].isin(index)].sort_values(["doc_id", "start", "end"], kind="stable")
    pred = pred.reset_index(drop=True)
    gold_once = gold.drop_duplicates(["doc_id", "start", "end"]).reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    nd = len(docs)
    p_doc = pred["doc_id"].map(index).to_numpy(dtype=np.int64)
    g_doc = gold_once["doc_id"].map(index).to_numpy(dtype=np.int64)
    gl_doc = gold["doc_id"].map(index).to_numpy(dtype=np.int64)
    weights = None
    if n_boot:
        rng = np.random.default_rng(random_state)
        draws = np.concatenate([idx for _, _, idx in stats.bootstrap_indices(rng, nd, n_boot)])
        weights = np.stack([np.bincount(row, minlength=nd) for row in draws]).astype(np.float64)

    def counts(pd_mask, pf, gd, gf):
        return np.stack(
            [
                np.bincount(p_doc[pd_mask & pf], minlength=nd),
                np.bincount(p_doc[pd_mask], minlength=nd),
                np.bincount(gd[gf], minlength=nd),
                np.bincount(gd, minlength=nd),
            ],
            axis=1,
        ).astype(np.float64)

    rows = []
    all_p = np.ones(len(pred), dtype=bool)
    for m in matches:
        pf, gf = _flags(pred, gold_once, m)
        rows.append(_row(name, m, "micro", "all", counts(all_p, pf, g_doc, gf), weights, ci))
        for cat in sorted(pred["category"].unique()):
            mask = (pred["category"] == cat).to_numpy()
            _, gf_c = _flags(pred[mask], gold_once, m)
            c = counts(mask, pf, g_doc, gf_c)
            rows.append(_row(name, m, "category", cat, c, weights, ci))
        for lab in sorted(gold["label"].unique()):
            lmask = (gold["label"] == lab).to_numpy()
            pf_l, gf_l = _flags(pred, gold[lmask], m)
            c = counts(all_p, pf_l, gl_doc[lmask], gf_l)
            rows.append(_row(name, m, "label", lab, c, weights, ci))
    out = pd.DataFrame(rows, columns=list(RESULTS))
    out["_m"] = out["match"].map({m: i for i, m in enumerate(MATCHES)})
    out["_s"] = out["scope"].map(_SCOPES)
    out = out.sort_values(["_m", "_s", "group"], kind="stable").drop(columns=["_m", "_s"])
    return out.reset_index(drop=True)


def _lexicon(lexicon) -> Lexicon:
    """``lexicon``, or the built-in lexicon's loaded categories when None."""
    return load_lexicon().loaded() if lexicon is None else as_lexicon(lexicon)


def validate(
    annotated: Annotated,
    lexicon: Lexicon | None = None,
    *,
    baselines: bool = True,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    match: str | Sequence[str] = MATCHES,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
    level: float | None = None,
) -> pd.DataFrame:
    """Validation table of ``lexicon`` (default: the built-in one's loaded categories) and baselines.

    Baselines, computed in the same run on the same documents: ``vader`` (:func:`vader_baseline`)
    and ``random`` (:func:`random_baseline`, as many entries as ``lexicon``, drawn with
    ``random_state``; capped at the vocabulary size).  Columns :data:`RESULTS`; sorted by
    lexicon (lexicon, vader, random), then as :func:`evaluate` (``n_boot``, ``ci``, ``level``
    as there).  One bootstrap draw serves every lexicon.
    """
    ci = stats.ci_from_level(ci, level, "validate")
    if not isinstance(annotated, Annotated):
        raise TypeError("annotated must be an Annotated (from read_annotated, read_ptc, read_bias_table, read_jsonl)")
    lexicon = _lexicon(lexicon)
    lexicons: dict[str, Lexicon] = {"lexicon": lexicon}
    if baselines:
        lexicons["vader"] = vader_baseline()
        size = min(len(lexicon), len(_dedupe(vocabulary(annotated.documents))))
        lexicons["random"] = random_baseline(annotated.documents, size, random_state=random_state)
    return compare(
        annotated, lexicons, labels=labels, match=match, n_boot=n_boot, ci=ci, random_state=random_state
    )


def compare(
    annotated: Annotated,
    lexicons: Mapping[str, Lexicon],
    *,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    match: str | Sequence[str] = MATCHES,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
    level: float | None = None,
) -> pd.DataFrame:
    """:func:`evaluate` for each named lexicon's hits; rows in the order of ``lexicons``."""
    ci = stats.ci_from_level(ci, level, "compare")
    if not lexicons:
        raise ValueError("lexicons must name at least one Lexicon, e.g. {'mine': load_lexicon()}")
    frames = []
    for lname, lex in lexicons.items():
        found = lexicon_hits(annotated.documents[["doc_id", "text"]], lex, sentences=False)
        frames.append(
            evaluate(
                found,
                annotated,
                labels=labels,
                match=match,
                n_boot=n_boot,
                ci=ci,
                random_state=random_state,
                name=lname,
            )
        )
    return pd.concat(frames, ignore_index=True)


def summary(results: pd.DataFrame, *, match: str = "overlap") -> pd.DataFrame:
    """Micro rows of a :func:`validate` table for one ``match``: lexicon, n_pred, precision, recall, F1 with CIs."""
    _check_match(match)
    rows = results[(results["scope"] == "micro") & (results["match"] == match)]
    return rows.drop(columns=["match", "scope", "group"]).reset_index(drop=True)


# --- Coverage (no annotations needed) ---

COVERAGE = ("category", "n_entries", "n_firing", "share_firing", "hits", "docs_with_hit")


def coverage(corpus, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """How much of ``lexicon`` fires on ``corpus``: one row per category, columns :data:`COVERAGE`.

    ``n_entries``: rows of the category; ``n_firing``: rows with at least one hit;
    ``share_firing = n_firing / n_entries``; ``hits``: matches; ``docs_with_hit``: documents
    with a match.  ``lexicon=None``: the built-in lexicon's loaded categories.  Sorted by
    hits (descending), then category; every category appears, hits or not.
    """
    from framing.schema import as_documents

    docs = as_documents(corpus)
    lexicon = _lexicon(lexicon)
    found = lexicon_hits(docs[["doc_id", "text"]], lexicon, sentences=False)
    table = lexicon.table
    entries = table.groupby("category").size()
    firing = table[table["term"].isin(set(found["term"]))].groupby("category").size()
    out = pd.DataFrame({"category": entries.index, "n_entries": entries.to_numpy()})
    out["n_firing"] = out["category"].map(firing).fillna(0).astype("int64")
    out["share_firing"] = out["n_firing"] / out["n_entries"]
    out["hits"] = out["category"].map(found.groupby("category").size()).fillna(0).astype("int64")
    out["docs_with_hit"] = out["category"].map(found.groupby("category")["doc_id"].nunique()).fillna(0)
    out["docs_with_hit"] = out["docs_with_hit"].astype("int64")
    return out.sort_values(["hits", "category"], ascending=[False, True], kind="stable").reset_index(drop=True)
