"""Counting units of :mod:`framing.contrast`: stop words, units, the sentence x unit count table, groups.

Unit rules: :mod:`framing.contrast`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.schema import as_documents
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

#: House style: honorifics and name abbreviations news style guides put before or after names.
HONORIFICS = frozenset("mr mrs ms mx dr prof sen rep gov lt col gen sgt rev hon jr sr".split())
#: Words of outlet names that are not the outlet's own name ("Fox News" -> "fox").
OUTLET_WORDS = frozenset(
    "news online media network networks digital tv radio channel com opinion editorial blog magazine newspaper "
    "outlet live".split()
)

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


_STOP_WORDS_HELP = "stop_words must be 'default', 'sklearn', None, a list of words or the path of a stop-word file"


def read_stop_words(path) -> frozenset[str]:
    """The words of a stop-word file: one per line (UTF-8), blank lines and ``#`` comments skipped."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"stop-word file {p} does not exist; give a text file with one word per line")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"stop-word file {p} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return frozenset(normalize(w).text for w in (line.split("#", 1)[0].strip() for line in lines) if w)


def self_name(outlet: str) -> str | None:
    """The word an outlet calls itself by, or None.

    The words of ``outlet``, lower-cased, without a parenthesis ("(Online News)"), stop
    words and :data:`OUTLET_WORDS`; when exactly one word of two or more letters is left,
    it is the self-name: "Fox News" -> "fox", "HuffPost" -> "huffpost", "CNN (Online News)"
    -> "cnn"; a name that leaves several words ("Washington Post") has none.
    """
    bare = re.sub(r"\([^)]*\)", " ", str(outlet))
    words = [unit_of(w) for _, _, w in word_spans(bare) if any(c.isalpha() for c in w)]
    words = [w for w in words if w not in ENGLISH_STOP_WORDS and w not in OUTLET_WORDS]
    return words[0] if len(words) == 1 and len(words[0]) >= 2 else None


def house_style_terms(corpus=None, *, column: str = "outlet") -> frozenset[str]:
    """:data:`HONORIFICS` and the self-names (:func:`self_name`) of the values of ``column`` in ``corpus``."""
    names: set[str] = set()
    if corpus is not None:
        docs = as_documents(corpus, arg="corpus")
        if column in docs.columns:
            names = {self_name(v) for v in pd.unique(docs[column].dropna().astype(str))} - {None}
    return HONORIFICS | frozenset(names)


class HouseStyle(frozenset):
    """Stop words with house style: :data:`HONORIFICS` are in the set, and the contrast
    functions also drop, in each document, the self-name (:func:`self_name`) of that
    document's own outlet ("fox" in Fox News articles; "Fox" in another outlet's article
    citing Fox News is kept)."""


def stop_word_list(stop_words="default", *, house_style=False) -> frozenset[str]:
    """The stop words meant by ``stop_words``, plus house-style terms when asked.

    ``"default"``: :data:`DEFAULT_STOP_WORDS`; ``"sklearn"``: scikit-learn's full list;
    ``None``: none; a :class:`pathlib.Path` or a string with a suffix or a path separator:
    the words of that file (:func:`read_stop_words`); an iterable of strings: those words.
    Words are lower-cased with straight apostrophes (the same normalization as tokens).
    ``house_style``: ``False`` adds nothing; ``True`` gives a :class:`HouseStyle` set
    (honorifics, and each document's outlet self-name where units are counted); an
    iterable of strings adds those words.  Pass the result as ``stop_words=`` to any
    contrast function.
    """
    if isinstance(stop_words, HouseStyle) and house_style is not False:
        return stop_words
    words = _base_stop_words(stop_words)
    if house_style is None or house_style is False:
        return words
    if house_style is True:
        return HouseStyle(words | HONORIFICS)
    return words | _base_stop_words(house_style, arg="house_style")


def _base_stop_words(stop_words, arg="stop_words") -> frozenset[str]:
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str) and stop_words in ("default", "sklearn") and arg == "stop_words":
        return DEFAULT_STOP_WORDS if stop_words == "default" else frozenset(ENGLISH_STOP_WORDS)
    if isinstance(stop_words, Path) or (isinstance(stop_words, str) and (Path(stop_words).suffix or "/" in stop_words
                                                                          or "\\" in stop_words)):
        return read_stop_words(stop_words)
    if isinstance(stop_words, str):
        help_ = _STOP_WORDS_HELP if arg == "stop_words" else "house_style must be True, False or a list of words"
        raise ValueError(f"{help_}, not the string {stop_words!r}")
    try:
        words = list(stop_words)
    except TypeError:
        raise TypeError(f"{arg}: a list of words is needed, not {stop_words!r}") from None
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise TypeError(f"{arg} must hold strings; {bad[0]!r} is a {type(bad[0]).__name__}")
    return frozenset(normalize(w.strip()).text for w in words)


def _stop_set(stop_words, house_style) -> frozenset[str]:
    """Stop words of a contrast: ``house_style=None`` means house style for ``"default"``
    (and a :class:`HouseStyle` set), none otherwise."""
    if house_style is None:
        house_style = (isinstance(stop_words, str) and stop_words == "default") or isinstance(stop_words, HouseStyle)
    return stop_word_list(stop_words, house_style=house_style)


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


def _line(text: str, pos: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


def _in_caps_run(text, starts, ends, i) -> bool:
    """Token ``i`` is in an all-capitals line, or next to another capitals word on its line."""
    lo, hi = _line(text, int(starts[i]))
    letters = [c for c in text[lo:hi] if c.isalpha()]
    if not any(c.islower() for c in letters):
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(starts) and lo <= starts[j] < hi and _is_caps(text[starts[j] : ends[j]]):
            return True
    return False


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
        if caps and unit_of(norms[i]) in stop and _in_caps_run(text, starts, ends, i):
            caps = False  # "THE QUEEN OF RAGE": a headline's stop word, not an acronym
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


def unit_spans(corpus, *, phrases=None, stop_words="default", house_style=None) -> pd.DataFrame:
    """One row per counted unit: doc_id, sent_id, start, end, surface, unit, kind.

    ``kind`` is ``"word"``, ``"phrase"`` (one of ``phrases``) or ``"acronym"`` (a dotted
    acronym, or a token written in capitals outside an all-capitals sentence, which the
    stop-word list does not remove unless its line is all capitals or a capitals word
    stands next to it).  ``surface`` is ``documents.text[start:end]``.  ``stop_words``,
    ``house_style``: :func:`stop_word_list`; ``house_style=None`` (default) means house
    style (:class:`HouseStyle`) with ``stop_words="default"`` (or a :class:`HouseStyle`
    set), none with other values.  Rules: module docstring.  Sorted by doc_id, start.
    """
    docs = as_documents(corpus, arg="corpus")
    keys = _phrase_keys(phrases)
    return _unit_spans(docs, keys, _stop_set(stop_words, house_style))


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
    outlets = docs["outlet"].astype(str) if isinstance(stop, HouseStyle) and "outlet" in docs.columns else None
    own: dict[str, str | None] = {}
    for i, (doc_id, text) in enumerate(zip(docs["doc_id"], docs["text"], strict=True)):
        if doc_id not in by_doc:
            continue
        sent_caps = {s: v for (d, s), v in caps.items() if d == doc_id}
        doc_stop, name = stop, None
        if outlets is not None:
            outlet = outlets.iloc[i]
            if outlet not in own:
                own[outlet] = self_name(outlet)
            name = own[outlet]
            doc_stop = stop | {name} if name else stop
        for sent, s, e, surface, unit, kind in _doc_units(text, by_doc[doc_id], keys, max_len, doc_stop, sent_caps):
            if unit != name:  # the self-name goes in capitals too ("POLITICO")
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


def _build(corpus, by, phrases, stop_words, house_style=None) -> _Table:
    docs = as_documents(corpus, arg="corpus")
    groups = _groups_of(docs, by)
    if len(docs) == 0:
        raise ValueError("corpus has no documents")
    keys = _phrase_keys(phrases)
    stop = _stop_set(stop_words, house_style)
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


def count_units(corpus, *, by: str = "outlet", phrases=None, stop_words="default", house_style=None) -> pd.DataFrame:
    """Long table of unit counts: group, unit, count (only units that occur).

    ``group`` is the value of the documents column ``by``.  Units, ``stop_words`` and
    ``house_style``: :func:`unit_spans`.  Sorted by group, count descending, unit.
    """
    table = _build(corpus, by, phrases, stop_words, house_style)
    coo = table.counts.tocoo()
    frame = pd.DataFrame({"group": table.group[coo.row], "unit": table.vocab[coo.col], "count": coo.data})
    frame = frame.groupby(["group", "unit"], as_index=False)["count"].sum()
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["group", "count", "unit"], ascending=[True, False, True], kind="stable").reset_index(
        drop=True
    )
