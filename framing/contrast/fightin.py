"""Lexical contrast between groups of documents (outlets): Fightin' Words, keyness, uncertainty.

Units
    A *unit* is what gets counted.  :func:`unit_spans` turns the tokens of
    :func:`framing.text.tokens` into units, in this order:

    1. dotted acronyms ("U.S.", "E.U.") become one unit of their letters ("us", "eu");
    2. each phrase of ``phrases`` (multi-word or hyphenated lexicon terms such as
       "regime propaganda", "foreign-backed") is matched on the token sequence of a
       sentence, longest phrase first, left to right; a matched phrase is one unit and
       its tokens are not counted again as words;
    3. every other token is a word unit: its ``norm`` (lower case, straight apostrophes)
       with a final possessive ``'s`` or ``'`` removed, so "Lukashenko’s", "Lukashenko's"
       and "Lukashenko" are one type (a contraction such as "it's" also becomes "it");
    4. word units without a letter (numbers such as "2014", "80") are dropped, and so
       are stop words (see :data:`DEFAULT_STOP_WORDS`), except a token written in
       capitals (length ≥ 2) inside a sentence that is not itself all capitals: "US" in
       "US special services" is an acronym, not the pronoun.

    No lemmatizer is used ("protest" and "protests" are two types).  Every unit keeps its
    character span into ``documents.text``; every count below is a count of those spans.

Statistics
    :func:`fightin_words` -- log-odds ratio with an informative Dirichlet prior and its
    z-score (Monroe, Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4),
    eqs. 16, 18-22).  :func:`keyness` -- signed chi², likelihood-ratio G² and PMI of a
    target group against a reference, as ``quanteda.textstats::textstat_keyness``
    defines them (Dunning 1993 for G²; Williams 1976 for the G² correction).

Uncertainty
    With one document per group, nothing can be said about the outlets' other articles
    (document-level inference is impossible): z-scores reflect word-level sampling only.
    :func:`bootstrap_log_odds`, :func:`loaded_rate_interval` and :func:`permutation_test`
    resample *sentences* within the documents in that case (a statement about these
    articles only), and *documents* when every compared group has at least two.
    Resampling is vectorized: count matrices over sentences (or documents) times
    multinomial bootstrap weights or permutation indicators.  Every table carries the
    plain-language caveat in ``frame.attrs["note"]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse, stats
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.schema import as_documents, require_columns
from framing.text import normalize, sentences, tokens, word_spans

# --------------------------------------------------------------------------------------
# Stop words
# --------------------------------------------------------------------------------------

#: Words of scikit-learn's list that carry negation or opposition; framing depends on them.
NEGATIONS = frozenset(
    "no not nor never none nobody noone nothing neither cannot cant couldnt hasnt without against".split()
)

#: Content words of scikit-learn's list (the Glasgow IR list; Nothman, Qin & Yurchak 2018,
#: "Stop Word Lists in Free Open-source Software Packages", NLP-OSS, discuss its oddities).
#: In news they are topical ("fire", "bill", "serious"), so they are kept as units.
CONTENT_WORDS = frozenset(
    """bill fire system interest serious sincere describe detail cry mill thick thin empty full
    found call show side move part front bottom top name""".split()
)

#: The default stop words: ``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS`` (318
#: words) without :data:`NEGATIONS` and :data:`CONTENT_WORDS`.
DEFAULT_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - NEGATIONS - CONTENT_WORDS

#: Frequency given to a unit that ``wordfreq`` does not know (0.0 there): 1e-8, Zipf 1.0,
#: about the frequency of the rarest words wordfreq lists (Speer 2022, wordfreq 3).
WORDFREQ_FLOOR = 1e-8

#: Default total prior weight α0 (pseudo-counts spread over the vocabulary).  See
#: :func:`fightin_words` for why.
DEFAULT_ALPHA0 = 500.0

ONE_DOCUMENT_NOTE = (
    "one document per group: document-level inference is impossible; z reflects word-level sampling only, "
    "and intervals from resampled sentences describe variation within these articles, not across the "
    "outlets' other articles"
)
SENTENCE_NOTE = (
    "sentences resampled: sentences are treated as independent draws from each group's text, which ignores "
    "the dependence between sentences of one article"
)
DOCUMENT_NOTE = "documents resampled: intervals and p-values speak for the population of documents of each group"
REST = "(rest)"


def stop_word_list(stop_words="default") -> frozenset[str]:
    """The stop words meant by ``stop_words``.

    ``"default"``: :data:`DEFAULT_STOP_WORDS`; ``"sklearn"``: scikit-learn's full list;
    ``None``: none; an iterable of strings: those words, lower-cased with straight
    apostrophes (the same normalization as tokens).
    """
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str):
        if stop_words == "default":
            return DEFAULT_STOP_WORDS
        if stop_words == "sklearn":
            return frozenset(ENGLISH_STOP_WORDS)
        raise ValueError(
            f"stop_words must be 'default', 'sklearn', None or a list of words, not the string {stop_words!r}"
        )
    try:
        words = list(stop_words)
    except TypeError:
        raise TypeError(
            f"stop_words must be 'default', 'sklearn', None or a list of words, not {stop_words!r}"
        ) from None
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise TypeError(f"stop_words must hold strings; {bad[0]!r} is a {type(bad[0]).__name__}")
    return frozenset(normalize(w.strip()).text for w in words)


# --------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------

UNIT_SPANS = ("doc_id", "sent_id", "start", "end", "surface", "unit", "kind")


def unit_of(norm: str) -> str:
    """The word unit of a normalized token: ``norm`` without a final possessive ``'s`` / ``'``."""
    if len(norm) > 2 and norm.endswith("'s"):
        return norm[:-2]
    if len(norm) > 1 and norm.endswith("'"):
        return norm[:-1]
    return norm


def _phrase_keys(phrases) -> dict[tuple[str, ...], str]:
    """Map each phrase's unit-token tuple to its label (the tuple joined by spaces)."""
    if phrases is None:
        return {}
    if isinstance(phrases, str):
        raise TypeError("phrases must be a list of strings (e.g. ['regime propaganda']), not a single string")
    keys: dict[tuple[str, ...], str] = {}
    for p in phrases:
        if not isinstance(p, str):
            raise TypeError(f"phrases must hold strings; {p!r} is a {type(p).__name__}")
        key = tuple(unit_of(norm) for _, _, norm in word_spans(p))
        if not key:
            raise ValueError(f"phrases: {p!r} has no word in it; remove it")
        keys[key] = " ".join(key)
    return keys


def _is_caps(surface: str) -> bool:
    return len(surface) >= 2 and surface.isupper()


def _doc_units(text, toks, phrase_keys, max_len, stop, sent_caps):
    """Unit rows of one document from its tokens (see the module docstring for the rules)."""
    out = []
    starts, ends = toks["start"].to_numpy(), toks["end"].to_numpy()
    sents, norms = toks["sent_id"].to_numpy(), toks["norm"].to_numpy()
    n = len(starts)
    # 1. dotted acronyms -> (start, end, sent, key, acronym?)
    items = []
    i = 0
    while i < n:
        j = i
        while (
            j + 1 < n
            and len(norms[j]) == 1
            and norms[j].isalpha()
            and len(norms[j + 1]) == 1
            and norms[j + 1].isalpha()
            and sents[j + 1] == sents[i]
            and text[ends[j] : starts[j + 1]] == "."
        ):
            j += 1
        if j > i and text[ends[j] : ends[j] + 1] == ".":
            key = "".join(norms[i : j + 1])
            items.append((int(starts[i]), int(ends[j]) + 1, int(sents[i]), key, True))
            i = j + 1
            continue
        surface = text[starts[i] : ends[i]]
        caps = _is_caps(surface) and not sent_caps.get(int(sents[i]), False)
        items.append((int(starts[i]), int(ends[i]), int(sents[i]), unit_of(norms[i]), caps))
        i += 1
    # 2. phrases, longest first, within a sentence; 3./4. words
    k = 0
    m = len(items)
    while k < m:
        s0, e0, sent, key, caps = items[k]
        matched = False
        if phrase_keys:
            for length in range(min(max_len, m - k), 0, -1):
                window = items[k : k + length]
                if window[-1][2] != sent:
                    continue
                label = phrase_keys.get(tuple(it[3] for it in window))
                if label is not None:
                    end = window[-1][1]
                    out.append((sent, s0, end, text[s0:end], label, "phrase"))
                    k += length
                    matched = True
                    break
        if matched:
            continue
        k += 1
        if not any(ch.isalpha() for ch in key):
            continue
        if key in stop and not caps:
            continue
        out.append((sent, s0, e0, text[s0:e0], key, "acronym" if caps else "word"))
    return out


def unit_spans(corpus, *, phrases=None, stop_words="default") -> pd.DataFrame:
    """One row per counted unit: doc_id, sent_id, start, end, surface, unit, kind.

    ``kind`` is ``"word"``, ``"phrase"`` (one of ``phrases``) or ``"acronym"`` (a dotted
    acronym, or a token written in capitals outside an all-capitals sentence, which the
    stop-word list does not remove).  ``surface`` is
    ``documents.text[start:end]``.  Rules: module docstring.  Sorted by doc_id, start.
    """
    docs = as_documents(corpus, arg="corpus")
    keys = _phrase_keys(phrases)
    stop = stop_word_list(stop_words)
    return _unit_spans(docs, keys, stop)


def _unit_spans(docs, keys, stop, toks=None, sents=None) -> pd.DataFrame:
    toks = tokens(docs) if toks is None else toks
    sents = sentences(docs) if sents is None else sents
    caps = {}
    for doc_id, sent_id, text in zip(sents["doc_id"], sents["sent_id"], sents["text"], strict=True):
        letters = [c for c in text if c.isalpha()]
        caps[(doc_id, int(sent_id))] = bool(letters) and not any(c.islower() for c in letters)
    max_len = max((len(k) for k in keys), default=0)
    rows = []
    by_doc = dict(tuple(toks.groupby("doc_id", sort=False)))
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        if doc_id not in by_doc:
            continue
        sent_caps = {s: v for (d, s), v in caps.items() if d == doc_id}
        for sent, s, e, surface, unit, kind in _doc_units(text, by_doc[doc_id], keys, max_len, stop, sent_caps):
            rows.append((doc_id, sent, s, e, surface, unit, kind))
    frame = pd.DataFrame(rows, columns=list(UNIT_SPANS))
    frame = frame.astype({"doc_id": "object", "sent_id": "int64", "start": "int64", "end": "int64"})
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# The sentence x unit count matrix, built once per call
# --------------------------------------------------------------------------------------


@dataclass
class _Table:
    """Counts of one corpus: sentences (rows) x units (columns), with group labels."""

    counts: sparse.csr_matrix  # sentences x vocab
    n_tokens: np.ndarray  # word tokens per sentence (all tokens, before any filtering)
    group: np.ndarray  # group label per sentence
    doc: np.ndarray  # doc_id per sentence
    sent_id: np.ndarray
    vocab: np.ndarray  # sorted units
    docs_per_group: dict


def _groups_of(docs: pd.DataFrame, by: str) -> pd.Series:
    if not isinstance(by, str):
        raise TypeError(f"by must be the name of a documents column (e.g. 'outlet'), not {by!r}")
    if by not in docs.columns:
        raise ValueError(
            f"by={by!r} is not a column of the documents table; it has {', '.join(map(str, docs.columns))}"
        )
    return docs[by].astype(str)


def _build(corpus, by, phrases, stop_words) -> _Table:
    docs = as_documents(corpus, arg="corpus")
    groups = _groups_of(docs, by)
    if len(docs) == 0:
        raise ValueError("corpus has no documents")
    keys = _phrase_keys(phrases)
    stop = stop_word_list(stop_words)
    toks = tokens(docs)
    sents = sentences(docs)
    spans = _unit_spans(docs, keys, stop, toks, sents)
    sent_index = pd.MultiIndex.from_frame(sents[["doc_id", "sent_id"]])
    vocab = np.array(sorted(set(spans["unit"])), dtype=object)
    row = sent_index.get_indexer(pd.MultiIndex.from_frame(spans[["doc_id", "sent_id"]]))
    col = np.searchsorted(vocab, spans["unit"].to_numpy()) if len(vocab) else np.zeros(0, dtype=np.int64)
    counts = sparse.csr_matrix(
        (np.ones(len(spans), dtype=np.float64), (row, col)), shape=(len(sents), len(vocab))
    )
    counts.sum_duplicates()
    ntok = toks.groupby(["doc_id", "sent_id"]).size().reindex(sent_index, fill_value=0).to_numpy(dtype=np.float64)
    doc_group = dict(zip(docs["doc_id"], groups, strict=True))
    group = sents["doc_id"].map(doc_group).to_numpy(dtype=object)
    return _Table(
        counts=counts,
        n_tokens=ntok,
        group=group,
        doc=sents["doc_id"].to_numpy(dtype=object),
        sent_id=sents["sent_id"].to_numpy(),
        vocab=vocab,
        docs_per_group=groups.value_counts().to_dict(),
    )


def _pick_pair(labels, a, b, *, arg_a="a", arg_b="b"):
    """The two sides of a comparison: ``(label_a, label_b, members_a, members_b)``."""
    labels = sorted(set(labels))
    for arg, value in ((arg_a, a), (arg_b, b)):
        if value is not None and str(value) not in labels:
            raise ValueError(f"{arg}={value!r} is not a group; the groups are {', '.join(map(repr, labels))}")
    if a is None:
        if b is not None:
            raise ValueError(f"{arg_b} is given without {arg_a}; name {arg_a} too (or neither, with two groups)")
        if len(labels) != 2:
            raise ValueError(
                f"the corpus has {len(labels)} group(s) ({', '.join(map(repr, labels))}); pass {arg_a}= "
                f"(one group against the rest) or {arg_a}= and {arg_b}= (a named pair)"
            )
        a, b = labels
    a = str(a)
    if b is None:
        rest = [g for g in labels if g != a]
        if not rest:
            raise ValueError(f"{arg_a}={a!r} is the only group; a contrast needs at least two groups")
        if len(rest) == 1:
            return a, rest[0], {a}, {rest[0]}
        return a, REST, {a}, set(rest)
    b = str(b)
    if a == b:
        raise ValueError(f"{arg_a} and {arg_b} are both {a!r}; name two different groups")
    return a, b, {a}, {b}


@dataclass
class _Pair:
    label_a: str
    label_b: str
    rows_a: np.ndarray
    rows_b: np.ndarray
    docs_a: int
    docs_b: int


def _pair(table: _Table, a, b, *, arg_a="a", arg_b="b") -> _Pair:
    la, lb, ma, mb = _pick_pair(table.docs_per_group, a, b, arg_a=arg_a, arg_b=arg_b)
    rows_a = np.flatnonzero(np.isin(table.group, list(ma)))
    rows_b = np.flatnonzero(np.isin(table.group, list(mb)))
    docs_a = sum(table.docs_per_group[g] for g in ma)
    docs_b = sum(table.docs_per_group[g] for g in mb)
    return _Pair(la, lb, rows_a, rows_b, docs_a, docs_b)


def _note(docs_a: int, docs_b: int, resampling: str | None = None) -> str:
    parts = []
    if min(docs_a, docs_b) < 2:
        parts.append(ONE_DOCUMENT_NOTE if max(docs_a, docs_b) == 1 else
                     "a group has a single document: document-level inference is impossible for it; "
                     "z reflects word-level sampling only")
    if resampling == "sentence":
        parts.append(SENTENCE_NOTE)
    elif resampling == "document":
        parts.append(DOCUMENT_NOTE)
    return "; ".join(parts)


# --------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------


def count_units(corpus, *, by: str = "outlet", phrases=None, stop_words="default") -> pd.DataFrame:
    """Long table of unit counts: group, unit, count (only units that occur).

    ``group`` is the value of the documents column ``by``.  Units and stop words: module
    docstring.  Sorted by group, count descending, unit.
    """
    table = _build(corpus, by, phrases, stop_words)
    coo = table.counts.tocoo()
    frame = pd.DataFrame({"group": table.group[coo.row], "unit": table.vocab[coo.col], "count": coo.data})
    frame = frame.groupby(["group", "unit"], as_index=False)["count"].sum()
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["group", "count", "unit"], ascending=[True, False, True], kind="stable").reset_index(
        drop=True
    )


# --------------------------------------------------------------------------------------
# Priors and Fightin' Words
# --------------------------------------------------------------------------------------


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


def _check_count(value, arg, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{arg} must be an integer >= {minimum}, not {value!r}")
    return int(value)


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
    by: str = "outlet",
    a=None,
    b=None,
    prior="wordfreq",
    alpha0: float = DEFAULT_ALPHA0,
    phrases=None,
    stop_words="default",
    min_count: int = 1,
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    One row per unit used by group ``a`` or ``b`` with at least ``min_count`` uses in
    the two together: unit, count_a, count_b, rate_a, rate_b (per 1,000 units of the
    group), prior (α_w), delta (δ_w), var, z.  Formulas: :func:`log_odds_delta`, with
    n_a, n_b the groups' unit totals; priors: :func:`prior_alpha`.  Positive z: more
    typical of ``a``.  Sorted by z descending, then unit.

    Groups: with two groups, ``a`` and ``b`` default to them in sorted order; with more,
    ``a="X"`` compares X with all other groups together (``b`` is labelled "(rest)") and
    ``a``, ``b`` a named pair.  ``min_count`` filters rows only; the prior and totals use
    the whole vocabulary of the pair.

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
    min_count = _check_count(min_count, "min_count")
    alpha0 = _check_alpha0(alpha0)
    table = _build(corpus, by, phrases, stop_words)
    pair = _pair(table, a, b)
    keep, counts_a, counts_b = _group_totals(table, pair)
    vocab = table.vocab[keep]
    ya, yb = counts_a[keep], counts_b[keep]
    na, nb = float(counts_a.sum()), float(counts_b.sum())
    alpha = prior_alpha(vocab, prior, alpha0=alpha0, phrases=phrases, stop_words=stop_words).to_numpy()
    delta, var, z = log_odds_delta(ya, yb, na, nb, alpha, alpha0)
    frame = pd.DataFrame(
        {
            "unit": vocab.astype(object),
            "count_a": ya.astype(np.int64),
            "count_b": yb.astype(np.int64),
            "rate_a": 1000.0 * ya / na,
            "rate_b": 1000.0 * yb / nb,
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
    n = _check_count(n, "n")
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


# --------------------------------------------------------------------------------------
# Keyness
# --------------------------------------------------------------------------------------

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
        stat = np.abs(stat) * sign
        p = stats.chi2.sf(np.abs(stat), 1)
    return stat, p, sign, e11


def keyness(
    corpus,
    *,
    by: str = "outlet",
    target=None,
    reference=None,
    measure: str = "chi2",
    correction: str = "default",
    phrases=None,
    stop_words="default",
    min_count: int = 1,
) -> pd.DataFrame:
    """Keyness of each unit in the ``target`` group against the ``reference`` (default: the rest).

    Columns: unit, n_target, n_reference, expected (E11, the target count expected
    under no association), stat (signed: + over-represented in the target), p_value,
    sign (+1/−1).  Formulas and corrections: :func:`keyness_stats`; tables as quanteda's
    ``textstat_keyness``.  With two groups ``target`` defaults to the first in sorted
    order.  Rows: units with n_target + n_reference ≥ ``min_count``.  Sorted by stat
    descending, then unit.  ``frame.attrs``: target, reference, measure, correction,
    totals and ``note``.
    """
    min_count = _check_count(min_count, "min_count")
    table = _build(corpus, by, phrases, stop_words)
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


# --------------------------------------------------------------------------------------
# Resampling
# --------------------------------------------------------------------------------------

RESAMPLING = ("auto", "sentence", "document")
_CHUNK_CELLS = 4_000_000  # resamples are processed in chunks of at most this many matrix cells


def _rng(random_state) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool)):
        return np.random.default_rng(random_state)
    raise TypeError(f"random_state must be None, an int or a numpy Generator, not {random_state!r}")


def _resampling(pair: _Pair, resample: str) -> str:
    if resample not in RESAMPLING:
        raise ValueError(f"resample must be one of {', '.join(RESAMPLING)}, not {resample!r}")
    if resample == "auto":
        return "document" if min(pair.docs_a, pair.docs_b) >= 2 else "sentence"
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


def _chunks(n: int, width: int):
    size = max(1, _CHUNK_CELLS // max(1, width))
    for start in range(0, n, size):
        yield start, min(n, start + size)


def _bootstrap_sums(rng, values, totals, n_boot):
    """Bootstrap sums over resampled rows: (n_boot x units, n_boot) via multinomial weights."""
    n = values.shape[0]
    out_v = np.empty((n_boot, values.shape[1]))
    out_t = np.empty(n_boot)
    p = np.full(n, 1.0 / n)
    for s, e in _chunks(n_boot, max(n, values.shape[1])):
        w = rng.multinomial(n, p, size=e - s).astype(float)
        out_v[s:e] = np.asarray(values.T @ w.T).T
        out_t[s:e] = w @ totals
    return out_v, out_t


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


def _percentile(boot, ci):
    lo = (1.0 - ci) / 2.0
    return np.quantile(boot, lo, axis=0), np.quantile(boot, 1.0 - lo, axis=0)


def _check_ci(ci):
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a number between 0 and 1 (e.g. 0.95), not {ci!r}")
    return float(ci)


def _log_odds_setup(corpus, by, a, b, resample, units, prior, alpha0, phrases, stop_words):
    """What the log-odds resampling functions share: unit table, the pair, the resampling
    level, each group's unit counts, the columns reported, their prior α, unit totals per row."""
    table = _build(corpus, by, phrases, stop_words)
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
    n_boot: int = 2000,
    ci: float = 0.95,
    resample: str = "auto",
    random_state=None,
) -> pd.DataFrame:
    """Bootstrap percentile intervals for the Fightin' Words δ of ``units`` (all when None).

    Sentences (or documents, see ``resample``) are drawn with replacement within each
    group, as many as the group has (Efron & Tibshirani 1993, ch. 13: percentile
    interval); δ is recomputed on each resample with the prior α fixed at its value on
    the full data (:func:`log_odds_delta`).  ``resample="auto"`` uses documents when
    both groups have ≥ 2 documents, else sentences.  Columns: unit, count_a, count_b,
    delta (on the full data), se (bootstrap standard deviation), ci_low, ci_high,
    n_boot, resampling.  Sorted by delta descending, then unit.  Randomness only from
    ``np.random.default_rng(random_state)``; group ``a`` is drawn first.
    """
    n_boot = _check_count(n_boot, "n_boot")
    ci = _check_ci(ci)
    alpha0 = _check_alpha0(alpha0)
    rng = _rng(random_state)
    table, pair, level, counts_a, counts_b, cols, alpha, unit_totals = _log_odds_setup(
        corpus, by, a, b, resample, units, prior, alpha0, phrases, stop_words
    )
    sub = table.counts[:, cols]
    va, ta = _blocks(table, pair.rows_a, sub, unit_totals, level)
    vb, tb = _blocks(table, pair.rows_b, sub, unit_totals, level)
    ya_boot, na_boot = _bootstrap_sums(rng, va, ta, n_boot)
    yb_boot, nb_boot = _bootstrap_sums(rng, vb, tb, n_boot)
    boot, _, _ = log_odds_delta(ya_boot, yb_boot, na_boot[:, None], nb_boot[:, None], alpha, alpha0)
    delta, _, _ = log_odds_delta(counts_a[cols], counts_b[cols], counts_a.sum(), counts_b.sum(), alpha, alpha0)
    lo, hi = _percentile(boot, ci)
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
    n_boot: int = 2000,
    ci: float = 0.95,
    resample: str = "auto",
    random_state=None,
) -> pd.DataFrame:
    """Loaded-term rate per 1,000 word tokens of each group, with a bootstrap interval.

    ``hits``: the hits table (at least doc_id, sent_id; ``category`` when
    ``categories=True``).  Rate = 1000 · hits / tokens, tokens counted as
    :func:`framing.text.tokens` does (every word, stop words included, as
    ``documents.n_tokens``).  Interval: percentile bootstrap of the ratio of sums over
    sentences (or documents, when the group has ≥ 2 and ``resample`` is "auto" or
    "document") drawn with replacement within the group.  Columns: group, category
    ("all", then each category when ``categories``), hits, tokens, rate, ci_low, ci_high,
    n_boot, resampling.  Sorted by group, then category ("all" first).
    """
    n_boot = _check_count(n_boot, "n_boot")
    ci = _check_ci(ci)
    rng = _rng(random_state)
    if resample not in RESAMPLING:
        raise ValueError(f"resample must be one of {', '.join(RESAMPLING)}, not {resample!r}")
    table = _build(corpus, by, None, None)
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
        level = "document" if (resample == "document" or (resample == "auto" and n_docs >= 2)) else "sentence"
        notes.add(_note(n_docs, n_docs, level))
        values, totals = _blocks(table, rows, matrix, table.n_tokens, level)
        h = np.asarray(values.sum(axis=0)).ravel()
        t = float(totals.sum())
        if t == 0:
            raise ValueError(f"group {group!r} has no word tokens; a rate per 1,000 tokens is undefined")
        hb, tb = _bootstrap_sums(rng, values, totals, n_boot)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = 1000.0 * hb / tb[:, None]
        lo, hi = _percentile(rates, ci)
        for j, name in enumerate(names):
            rows_out.append((group, name, int(h[j]), int(t), 1000.0 * h[j] / t, lo[j], hi[j], n_boot, level))
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
    n_perm: int = 2000,
    resample: str = "auto",
    random_state=None,
) -> pd.DataFrame:
    """Permutation test of a difference between groups ``a`` and ``b``.

    The sentences (or documents, see ``resample``) of the two groups are pooled and
    relabelled at random ``n_perm`` times, each group keeping its number of sentences
    (documents); the statistic is recomputed each time.

    * ``statistic="delta"``: the Fightin' Words δ of each of ``units`` (all when None),
      prior fixed at its full-data value.
    * ``statistic="loaded_rate"``: rate_a − rate_b of ``hits`` per 1,000 word tokens,
      for all hits and for each ``category`` of ``hits``.

    p_value is two-sided: (1 + #{|T_perm| ≥ |T_obs|}) / (n_perm + 1) (Phipson & Smyth
    2010, "Permutation p-values should never be zero").  Columns: statistic, unit (the
    unit, or the category), observed, p_value, n_perm, resampling.  Sorted by p_value,
    then unit (for "loaded_rate": "all", then the categories alphabetically).
    Randomness only from ``np.random.default_rng(random_state)``.
    """
    n_perm = _check_count(n_perm, "n_perm")
    rng = _rng(random_state)
    if statistic not in ("delta", "loaded_rate"):
        raise ValueError(f"statistic must be 'delta' or 'loaded_rate', not {statistic!r}")
    if statistic == "loaded_rate":
        if hits is None:
            raise ValueError("statistic='loaded_rate' needs hits= (the hits table)")
        table = _build(corpus, by, None, None)
        pair = _pair(table, a, b)
        level = _resampling(pair, resample)
        matrix, names = _hit_matrix(hits, table, "category" in hits.columns)
        totals = table.n_tokens

        def stat(ya, yb, ta, tb):
            with np.errstate(divide="ignore", invalid="ignore"):
                return 1000.0 * ya / ta - 1000.0 * yb / tb

    else:
        if hits is not None:
            raise ValueError("hits= is only used with statistic='loaded_rate'")
        alpha0 = _check_alpha0(alpha0)
        table, pair, level, _, _, cols, alpha, totals = _log_odds_setup(
            corpus, by, a, b, resample, units, prior, alpha0, phrases, stop_words
        )
        matrix = table.counts[:, cols]
        names = table.vocab[cols]

        def stat(ya, yb, ta, tb):
            return log_odds_delta(ya, yb, ta, tb, alpha, alpha0)[0]

    va, ta = _blocks(table, pair.rows_a, matrix, totals, level)
    vb, tb = _blocks(table, pair.rows_b, matrix, totals, level)
    pooled_v = sparse.vstack([va, vb]).tocsr()
    pooled_t = np.concatenate([ta, tb])
    n_a, n = va.shape[0], pooled_v.shape[0]
    sum_v = np.asarray(pooled_v.sum(axis=0)).ravel()
    sum_t = pooled_t.sum()
    ya0 = np.asarray(va.sum(axis=0)).ravel()
    observed = stat(ya0, sum_v - ya0, ta.sum(), sum_t - ta.sum())
    exceed = np.zeros(len(names))
    tol = 1e-12 * np.maximum(1.0, np.abs(observed))
    base = np.arange(n)
    for s, e in _chunks(n_perm, max(n, len(names))):
        perm = rng.permuted(np.broadcast_to(base, (e - s, n)), axis=1)
        ind = np.zeros((e - s, n))
        np.put_along_axis(ind, perm[:, :n_a], 1.0, axis=1)
        ya = np.asarray(pooled_v.T @ ind.T).T
        t_a = ind @ pooled_t
        values = stat(ya, sum_v - ya, t_a[:, None], sum_t - t_a[:, None])
        exceed += (np.abs(values) >= np.abs(observed) - tol).sum(axis=0)
    frame = pd.DataFrame(
        {
            "statistic": statistic,
            "unit": np.asarray(names, dtype=object),
            "observed": observed,
            "p_value": (1.0 + exceed) / (n_perm + 1.0),
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


def group_design(corpus, *, by: str = "outlet", phrases=None, stop_words="default") -> pd.DataFrame:
    """What inference the corpus allows, per group: group, documents, sentences, tokens, units,
    resampling ("document" with ≥ 2 documents, else "sentence"), note.  Sorted by group."""
    table = _build(corpus, by, phrases, stop_words)
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
