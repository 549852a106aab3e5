"""Training, cross-validation and scoring of the learned weighting (:mod:`framing.learned`)."""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pandas as pd

from framing import stats
from framing.learned.features import FEATURES, NUMERIC, QUOTED, feature_dicts, token_labels, tokens
from framing.learned.table import INTERCEPT, WEIGHTS, load_weights, sort_weights

#: Gold labels a token is loaded under (PTC technique names).
LABELS = ("Loaded_Language", "Name_Calling,Labeling")

#: Inverse L1 regularization strength of the logistic regression (scikit-learn's default, 1.0).
C = 1.0

#: A word/prev/next feature is offered to the model only when it fires on at least this many
#: training tokens (a word seen once cannot be told from noise, and the table stays short).
MIN_COUNT = 3

#: Folds of the cross-validation by article (:func:`cross_validate`).
N_FOLDS = 5

#: Columns of :func:`weighted_hits`, in order.  ``weight`` (the token's log-odds) =
#: ``bias + w_word + w_prev + w_next + w_vader + w_quote``; ``probability`` = 1 / (1 + exp(-weight)).
WEIGHTED_HITS = (
    "doc_id", "start", "end", "surface", "term", "voice", "weight", "probability",
    "bias", "w_word", "w_prev", "w_next", "w_vader", "w_quote",
)

#: Columns of :func:`weighted_scores`, in order.
WEIGHTED_SCORES = (
    "doc_id", "n_tokens", "n_tokens_author", "learned_hits", "learned_per_1k",
    "learned_weighted_per_1k", "learned_hits_author", "learned_weighted_author_per_1k", "learned_expected_per_1k",
    "learned_expected_author_per_1k",
)


def _check_annotated(annotated) -> None:
    for attr in ("documents", "spans"):
        if not isinstance(getattr(annotated, attr, None), pd.DataFrame):
            raise TypeError("annotated must have documents and spans tables (framing.validate.read_ptc)")


def _fit(toks: pd.DataFrame, y: np.ndarray, *, c: float, min_count: int, random_state: int) -> pd.DataFrame:
    """The weights table of an L1 logistic regression on ``toks`` (features) and ``y`` (0/1)."""
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = sparse.csc_matrix(vec.fit_transform(feature_dicts(toks)))
    names = np.asarray(vec.get_feature_names_out(), dtype=object)
    support = np.diff(x.indptr)
    loaded = np.asarray(x[np.flatnonzero(y)].astype(bool).sum(axis=0)).ravel() if y.any() else np.zeros(len(names))
    keep = np.array([n in NUMERIC or s >= min_count for n, s in zip(names, support, strict=True)], dtype=bool)
    x, names, support, loaded = x[:, keep], names[keep], support[keep], loaded[keep]
    if len(np.unique(y)) < 2:
        raise ValueError("training needs tokens of both kinds: some inside a loaded span and some outside")
    model = LogisticRegression(C=c, l1_ratio=1.0, solver="liblinear", random_state=random_state, max_iter=1000)
    model.fit(sparse.csr_matrix(x), y)
    coef = model.coef_[0]
    rows = [("bias", INTERCEPT, float(model.intercept_[0]), len(y), int(y.sum()))]
    for n in NUMERIC:  # always listed, 0 when the training words never had the feature
        if n not in set(names):
            rows.append((n, n, 0.0, 0, 0))
    for n, w, s, k in zip(names, coef, support, loaded, strict=True):
        if n in NUMERIC:
            rows.append((n, n, float(w), int(s), int(k)))
        elif w != 0.0:
            feature, term = n.split("=", 1)
            rows.append((feature, term, float(w), int(s), int(k)))
    table = pd.DataFrame(rows, columns=list(WEIGHTS))
    table["weight"] = table["weight"].round(6) + 0.0  # the precision the file keeps; -0.0 -> 0.0
    return sort_weights(table)


def train_weights(
    annotated,
    *,
    labels=LABELS,
    c: float = C,
    min_count: int = MIN_COUNT,
    random_state: int = 0,
    toks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Fit the weighting on ``annotated`` (``documents`` and ``spans``, e.g. :func:`framing.validate.read_ptc`).

    A token is *loaded* (label 1) when it overlaps a span labelled one of ``labels``.  Model:
    scikit-learn ``LogisticRegression`` with an L1 penalty (``C=c``, solver liblinear,
    ``random_state``), features :data:`framing.learned.features.FEATURES` (word, neighbours
    seen at least ``min_count`` times).  Returns the weights table (columns
    :data:`~framing.learned.table.WEIGHTS`): the intercept, the three numeric features and
    every word/prev/next feature with a non-zero weight.  ``toks``: a precomputed
    :func:`~framing.learned.features.tokens` table of ``annotated.documents``.
    """
    _check_annotated(annotated)
    stats.check_int(min_count, "min_count", minimum=1, what="number of tokens")
    if isinstance(c, bool) or not isinstance(c, int | float) or not c > 0:
        raise ValueError(f"c must be a positive number (inverse regularization strength), not {c!r}")
    toks = tokens(annotated.documents) if toks is None else toks
    y = token_labels(toks, annotated.spans, labels)
    return _fit(toks, y, c=float(c), min_count=min_count, random_state=random_state)


def training_header(annotated, table: pd.DataFrame, *, command: str, labels=LABELS, c: float = C,
                    min_count: int = MIN_COUNT, random_state: int = 0) -> str:
    """The ``#`` header of a weights file: what it was trained on, how, and the command that regenerates it."""
    from importlib import metadata

    n_docs = len(annotated.documents)
    bias = table[table["feature"] == "bias"]
    n_tok = int(bias["support"].iloc[0]) if len(bias) else 0
    n_pos = int(bias["loaded"].iloc[0]) if len(bias) else 0
    counts = table["feature"].value_counts()
    return "\n".join([
        "framing learned weights (framing.learned): a second, separate measure beside the curated lexicon.",
        f"Trained on {n_docs} articles, {n_tok:,} words, {n_pos:,} of them inside a span labelled "
        f"{' or '.join(labels)}.",
        f"Model: scikit-learn {metadata.version('scikit-learn')} LogisticRegression, L1 penalty (l1_ratio=1), "
        f"C={c:g}, solver liblinear, random_state={random_state};",
        f"features: word, prev, next (each seen on >= {min_count} training words), vader_valence, vader_intensity, "
        "in_quote.",
        f"Rows: {', '.join(f'{f} {counts.get(f, 0)}' for f in FEATURES)} (word/prev/next: non-zero weights only).",
        "A word's log-odds = the sum of the rows that apply to it; it counts as loaded when that sum is >= 0.",
        "support: training words the row fired on; loaded: how many of them were in a loaded span.",
        f"Regenerate: {command}",
        "Edit freely: add, remove or change rows (feature,term,weight); see framing/data/LEARNED.md.",
    ])


def token_weights(toks: pd.DataFrame, weights) -> pd.DataFrame:
    """Per token of ``toks``: the six weight components and their sum ``weight`` (log-odds)."""
    table = load_weights(weights)
    lookup = {f: dict(zip(g["term"].tolist(), g["weight"].tolist(), strict=True)) for f, g in table.groupby("feature")}

    def one(feature: str) -> float:
        return float(lookup.get(feature, {}).get(INTERCEPT if feature == "bias" else feature, 0.0))

    bias, w_val, w_int, w_q = one("bias"), one("vader_valence"), one("vader_intensity"), one("in_quote")
    out = pd.DataFrame(index=toks.index)
    out["bias"] = np.full(len(toks), bias)
    for feature, col in (("word", "term"), ("prev", "prev"), ("next", "next")):
        get = lookup.get(feature, {}).get
        out[f"w_{feature}"] = np.fromiter(map(get, toks[col].to_numpy(object), repeat(0.0)), np.float64, len(toks))
    v = toks["valence"].to_numpy(np.float64)
    out["w_vader"] = w_val * v + w_int * np.abs(v)
    out["w_quote"] = np.where(toks["voice"].isin(QUOTED).to_numpy(), w_q, 0.0)
    out["weight"] = out[["bias", "w_word", "w_prev", "w_next", "w_vader", "w_quote"]].sum(axis=1)
    return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _hits_from(toks: pd.DataFrame, tw: pd.DataFrame, texts: dict) -> pd.DataFrame:
    sel = tw["weight"].to_numpy() >= 0.0
    h = pd.concat([toks.loc[sel, ["doc_id", "start", "end", "term", "voice"]], tw.loc[sel]], axis=1)
    h["surface"] = [texts[d][s:e] for d, s, e in zip(h["doc_id"], h["start"], h["end"], strict=True)]
    h["probability"] = _sigmoid(h["weight"].to_numpy())
    return h[list(WEIGHTED_HITS)].reset_index(drop=True)


def weighted_hits(corpus, weights=None, *, toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every word the weighting counts: columns :data:`WEIGHTED_HITS`, in the documents' order, by start.

    A word counts when its ``weight`` (the sum of the weights table's rows that apply to it,
    intercept included) is at least 0, i.e. the model puts its probability of being loaded
    at 1/2 or more.  ``weights``: None (the built-in ``learned_weights.csv``), a CSV path or a
    DataFrame.  ``corpus``: a Corpus or documents table (``doc_id``, ``text``).
    """
    from framing.schema import as_documents

    docs = as_documents(corpus)
    toks = tokens(docs) if toks is None else toks
    tw = token_weights(toks, weights)
    return _hits_from(toks, tw, dict(zip(docs["doc_id"], docs["text"], strict=True)))


def _score_table(docs: pd.DataFrame, toks: pd.DataFrame, tw: pd.DataFrame) -> pd.DataFrame:
    ids = docs["doc_id"]
    z = tw["weight"].to_numpy()
    frame = pd.DataFrame({
        "doc_id": toks["doc_id"].to_numpy(object), "author": (toks["voice"] == "author").to_numpy(),
        "hit": z >= 0.0, "p": _sigmoid(z),
    })
    frame["w"] = np.where(frame["hit"], z, 0.0)
    frame["a_hit"] = frame["hit"] & frame["author"]
    frame["a_w"] = np.where(frame["a_hit"], z, 0.0)
    frame["a_p"] = np.where(frame["author"], frame["p"], 0.0)
    sums = frame.groupby("doc_id", sort=False).agg(
        n=("hit", "size"), n_a=("author", "sum"), hits=("hit", "sum"), w=("w", "sum"), a_hits=("a_hit", "sum"),
        a_w=("a_w", "sum"), p=("p", "sum"), a_p=("a_p", "sum"),
    ).reindex(ids, fill_value=0)
    n, n_a = sums["n"].to_numpy(np.int64), sums["n_a"].to_numpy(np.int64)
    out = pd.DataFrame({
        "doc_id": ids.to_numpy(), "n_tokens": n, "n_tokens_author": n_a,
        "learned_hits": sums["hits"].to_numpy(np.int64), "learned_per_1k": stats.rate(sums["hits"].to_numpy(), n),
        "learned_weighted_per_1k": stats.rate(sums["w"].to_numpy(), n),
        "learned_hits_author": sums["a_hits"].to_numpy(np.int64),
        "learned_weighted_author_per_1k": stats.rate(sums["a_w"].to_numpy(), n_a),
        "learned_expected_per_1k": stats.rate(sums["p"].to_numpy(), n),
        "learned_expected_author_per_1k": stats.rate(sums["a_p"].to_numpy(), n_a),
    })
    return out[list(WEIGHTED_SCORES)]


def weighted_scores(corpus, weights=None, *, toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per document, the learned weighting as a second measure beside the lexicon's: :data:`WEIGHTED_SCORES`.

    ``learned_hits``: words counted by :func:`weighted_hits`; ``learned_per_1k`` = 1000 x
    hits / n_tokens; ``learned_weighted_per_1k`` = 1000 x (sum of the hits' ``weight``) /
    n_tokens; ``learned_expected_per_1k`` = 1000 x (sum of every word's probability) /
    n_tokens, the expected number of loaded words per 1,000 (no threshold).  The
    ``_author`` columns count only words in the outlet's own voice (:mod:`framing.voice`),
    over ``n_tokens_author``.  Rates are 0 for an empty document (:func:`framing.stats.rate`).
    Rows in the documents' order.
    """
    from framing.schema import as_documents

    docs = as_documents(corpus)
    toks = tokens(docs) if toks is None else toks
    return _score_table(docs, toks, token_weights(toks, weights))


def cross_validate(
    annotated,
    *,
    labels=LABELS,
    n_folds: int = N_FOLDS,
    c: float = C,
    min_count: int = MIN_COUNT,
    random_state: int = 0,
    toks: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Out-of-fold weighting of ``annotated``: ``(hits, scores)`` as :func:`weighted_hits` and :func:`weighted_scores`.

    Articles are split into ``n_folds`` groups (scikit-learn ``GroupKFold``, shuffled with
    ``random_state``); each article is scored by the weights trained on the other folds
    (:func:`train_weights`), so no article's own annotations shape its score.  ``hits``
    gains a ``fold`` column.
    """
    from sklearn.model_selection import GroupKFold

    _check_annotated(annotated)
    stats.check_int(n_folds, "n_folds", minimum=2, what="number of folds")
    docs = annotated.documents
    toks = tokens(docs) if toks is None else toks
    y = token_labels(toks, annotated.spans, labels)
    groups = toks["doc_id"].to_numpy(object)
    if len(pd.unique(groups)) < n_folds:
        raise ValueError(f"n_folds {n_folds} exceeds the number of documents with words ({len(pd.unique(groups))})")
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    folds = GroupKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    parts, fold = [], np.zeros(len(toks), dtype=np.int64)
    for k, (train, test) in enumerate(folds.split(np.zeros(len(toks)), y, groups)):
        table = _fit(toks.iloc[train], y[train], c=float(c), min_count=min_count, random_state=random_state)
        parts.append(token_weights(toks.iloc[test], table))
        fold[test] = k
    tw = pd.concat(parts).reindex(toks.index)
    hits = _hits_from(toks, tw, texts)
    hits["fold"] = fold[tw["weight"].to_numpy() >= 0.0]
    return hits, _score_table(docs, toks, tw)


__all__ = ["C", "FEATURES", "LABELS", "MIN_COUNT", "N_FOLDS", "WEIGHTED_HITS", "WEIGHTED_SCORES", "cross_validate",
           "token_weights", "train_weights", "training_header", "weighted_hits", "weighted_scores"]
