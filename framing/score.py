"""Lexicon hits, per-document and per-outlet scores, keyword in context.

Matching (the rules are listed in :mod:`framing.lexicon`) is done by :mod:`framing.match`
on many texts at a time; sentence ids come from :func:`framing.text.sentence_spans`.

Negation: a hit is ``negated`` when one of the three words before it, in the same
sentence, is a negator (:data:`framing.match.negation.NEGATORS`, or any word ending in
``n't``), after the negation window of VADER (Hutto & Gilbert 2014, ICWSM), which looks
three words back.  The hit is kept and flagged, never dropped
(:func:`framing.match.negation.negator` is the rule for one hit, applied to all hits at once).
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd

from framing.groups import by_names, group_keys
from framing.lexicon import Lexicon, as_lexicon, loaded_mask
from framing.match import Matcher, compile_lexicon
from framing.match.batch import _row_ptr, _rows_of, tie_order
from framing.match.context import set_aside_column, unconditional
from framing.match.negation import Chars, window_negators
from framing.schema import VOICES, as_documents, require_columns
from framing.sentences.batch import batch_sentence_starts
from framing.stats import check_bool, check_int, rate
from framing.text import WORD_PATTERN, count_words, sentence_spans, word_arrays

#: Columns of the hits table, in this order.  Sort: doc_id, start, end.
HITS = (
    "doc_id",
    "sent_id",
    "start",
    "end",
    "surface",
    "term",
    "category",
    "technique",
    "polarity",
    "negated",
    "negator",
)

#: Columns of the scores table (``doc_id`` and ``outlet`` become the ``by`` columns per group,
#: e.g. ``outlet`` alone for ``by="outlet"``; ``voice`` follows ``category`` when split by voice).
SCORES = (
    "doc_id",
    "outlet",
    "category",
    "count",
    "n_tokens",
    "per_1k",
    "sentences_with_hit",
    "n_sentences",
    "share_sentences",
)

#: Columns of the keyword-in-context table.  Sort: doc_id, start, end.
KWIC = ("doc_id", "sent_id", "start", "end", "left", "match", "right", "term", "category", "negated")

_WORD = re.compile(WORD_PATTERN)


# --- Hits ---


def _sentence_starts(sentences, docs: pd.DataFrame) -> dict | None:
    if sentences is None or sentences is False:
        return None
    require_columns(sentences, ("doc_id", "sent_id", "start"), name="sentences", arg="sentences")
    out = {}
    for doc_id, group in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False):
        out[doc_id] = (group["start"].to_numpy(np.int64), group["sent_id"].to_numpy(np.int64))
    return out


def _hits_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(HITS))
    frame = frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "polarity": "int64", "negated": "bool"})
    return frame.sort_values(["doc_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


def _iter_docs(documents) -> Iterator[tuple]:
    """(doc_id, text) pairs from a Corpus, a documents table, or an iterable of pairs."""
    if isinstance(documents, pd.DataFrame) or hasattr(documents, "documents"):
        docs = as_documents(documents, arg="documents")
        yield from zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True)
        return
    if isinstance(documents, str | bytes):
        raise TypeError("documents must be a Corpus, a documents table or an iterable of (doc_id, text) pairs")
    for i, item in enumerate(documents):
        try:
            if isinstance(item, str | bytes):
                raise ValueError
            doc_id, text = item
        except (TypeError, ValueError):
            raise TypeError(
                f"documents item {i} is a {type(item).__name__} ({str(item)[:40]!r}), not a (doc_id, text) pair: "
                "pass a Corpus, a documents table, or pairs such as enumerate(texts)"
            ) from None
        yield doc_id, ("" if text is None else text)


#: Characters per matching batch: texts are matched many at a time (one joined string);
#: this bounds the memory a batch takes (about 20 bytes per character at the peak).
CHUNK_CHARS = 600_000


def _check_sentences(sentences):
    if isinstance(sentences, pd.DataFrame):
        return _sentence_starts(sentences, None)
    if sentences is not None and sentences is not False:
        raise TypeError("sentences must be None (split them), a sentences table, or False (no sentence ids)")
    return None


def _chunks(documents, batch_size: int) -> Iterator[tuple[list, list[str], bool]]:
    """Lists of doc_ids and texts of at most ``batch_size`` documents and about
    :data:`CHUNK_CHARS` characters; the flag is True on the last chunk of a batch."""
    ids: list = []
    texts: list[str] = []
    size = n = 0
    for doc_id, text in _iter_docs(documents):
        ids.append(doc_id)
        texts.append(text)
        size += len(text)
        n += 1
        if n == batch_size:
            yield ids, texts, True
            ids, texts, size, n = [], [], 0, 0
        elif size >= CHUNK_CHARS:
            yield ids, texts, False
            ids, texts, size = [], [], 0
    if ids or n:
        yield ids, texts, True


def _match_chunk(matcher: Matcher, texts: list[str], sentences, given, ids, negation: bool = False):
    """Matches of a chunk: arrays (doc, start, end, entry, sent_id), each hit's negator and the surfaces.

    Sentence ids: the last sentence starting at or before the hit (the first one if none),
    -1 when the document has no sentences or sentences are not asked for
    (``sentences=False``).  Negators (``negation=True``, else None): as
    :func:`framing.match.negation.negator` gives them, looking back to the start of the
    hit's sentence, or without sentences to the last ``.!?`` or line break.  Surfaces:
    ``texts[doc][start:end]`` (:func:`_surfaces`).
    """
    dc, ts, te, ent, view = matcher.match(texts, ids=ids)
    view.release()  # the haystack is no longer needed: what follows reads the texts
    sent, floor = _sentence_ids(texts, view, dc, ts, sentences, given, ids)
    neg = None
    base = view.tstart[dc]
    g = base + ts
    if negation:  # on the look-back windows only, not the whole text
        def whole() -> Chars:  # the view's characters, for hits dense enough to read the whole text
            if view.cps is None:  # lone surrogates: the view holds no code points
                return Chars(np.frombuffer(view.text.encode("utf-32-le", "surrogatepass"), np.uint32))
            return Chars(view.cps, view.low, view.high, view.uniq, view.inverse)

        neg = window_negators(view.text, g, base + floor if sentences is not False else None, base, whole)
    return dc, ts, te, ent, sent, neg, _surfaces(view, g, base + te)


def _surfaces(view, g: np.ndarray, ge: np.ndarray):
    """``view.text[g:ge]`` for every hit: a pyarrow string array when pandas keeps strings in
    pyarrow (cut from the UTF-8 bytes of the joined texts on arrays), else a list of str."""
    if _STR_DTYPE is None or view.cps is None:
        text = view.text
        return [text[a:b] for a, b in zip(g.tolist(), ge.tolist(), strict=True)]
    import pyarrow as pa

    if view.high is None or not len(view.high):  # ASCII: one byte per character
        data = view.low
        bs, be = g, ge
    else:  # byte offsets: each non-ASCII character before adds its UTF-8 length - 1
        data = np.frombuffer(view.text.encode("utf-8"), dtype=np.uint8)
        cp = view.cps[view.high]
        more = np.cumsum((cp >= 0x80).astype(np.int64) + (cp >= 0x800) + (cp >= 0x10000))
        more = np.concatenate(([0], more))
        bs = g + more[np.searchsorted(view.high, g, side="left")]
        be = ge + more[np.searchsorted(view.high, ge, side="left")]
    size = be - bs
    offsets = np.concatenate(([0], np.cumsum(size))).astype(np.int64)
    total = int(offsets[-1])
    at = np.repeat(bs - offsets[:-1], size) + np.arange(total, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(len(g), pa.py_buffer(offsets), pa.py_buffer(data[at].tobytes()))


def _default_str_dtype():
    """pandas' default string dtype when it keeps strings in pyarrow, else None."""
    dtype = pd.Series(["x"]).dtype
    return dtype if getattr(dtype, "storage", None) == "pyarrow" else None


_STR_DTYPE = _default_str_dtype()


def _sentence_ids(texts, view, dc, ts, sentences, given, ids):
    """Sentence id of each hit and the start of its sentence (-1 and -1 without sentences).

    Sentences are split (:func:`framing.sentences.batch.batch_sentence_starts`, what
    :func:`framing.sentences.sentence_starts` gives, up to the document's last hit) only in
    the documents that have hits, or taken from ``given`` (doc_id -> sentence starts and
    ids); one binary search over every document's starts at once.
    """
    sent = np.full(len(ts), -1, dtype=np.int64)
    floor = np.full(len(ts), -1, dtype=np.int64)
    if sentences is False or not len(ts):
        return sent, floor
    floor[:] = 0
    last = np.append(np.flatnonzero(np.diff(dc)), len(dc) - 1)  # each document's last hit
    if given is not None:
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
        for a, b in zip(np.append(0, last[:-1] + 1).tolist(), (last + 1).tolist(), strict=True):
            starts, sids = given.get(ids[int(dc[a])], empty)
            if len(starts):
                k = np.maximum(np.searchsorted(starts, ts[a:b], side="right") - 1, 0)
                sent[a:b] = sids[k]
                floor[a:b] = starts[k]
        return sent, floor
    docs = dc[last].tolist()
    cps = view.cps if view.cps is not None else np.frombuffer(view.text.encode("utf-32-le", "surrogatepass"), np.uint32)
    tstart = view.tstart[docs]
    tend = tstart + np.fromiter((len(texts[d]) for d in docs), dtype=np.int64, count=len(docs))
    gstarts = batch_sentence_starts(view.text, cps, tstart, tend, ts[last], None if view.cps is None else view.low)
    # each document's starts: gstarts[first[d]:stop[d]] (sorted across documents); one search for every hit
    base = view.tstart
    first = np.searchsorted(gstarts, base)
    stop = np.append(first[1:], len(gstarts))
    has = stop[dc] > first[dc]
    k = np.maximum(np.searchsorted(gstarts, base[dc] + ts, side="right") - 1, first[dc])[has]
    sent[has] = k - first[dc[has]]
    floor[has] = gstarts[k] - base[dc[has]]
    return sent, floor


def _take(values: np.ndarray, codes: np.ndarray):
    """``pd.Series(values[codes])``'s array, with the dtype pandas infers for those values,
    converted once per distinct code rather than once per row."""
    seen = np.bincount(codes, minlength=len(values)) > 0
    used = np.flatnonzero(seen)
    index = np.cumsum(seen) - 1
    return pd.Series(values[used]).array.take(index[codes])


def _doc_order(ids_arr: np.ndarray) -> np.ndarray | None:
    """The documents in doc_id order if the doc_ids are distinct and all str or all int, else None."""
    if {type(x) for x in ids_arr} not in ({str}, {int}):
        return None
    by_id = np.argsort(ids_arr, kind="stable")
    ordered = ids_arr[by_id]
    return None if (ordered[1:] == ordered[:-1]).any() else by_id


def _frame(matcher: Matcher, ids: list, texts: list[str], parts: list, negation: bool) -> pd.DataFrame:
    """Hits table of a batch from the chunks' arrays (columns :data:`HITS`, sorted as :func:`_hits_frame`)."""
    doc = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    if not len(doc):
        frame = _hits_frame([])
        return frame if negation else frame.drop(columns=["negated", "negator"])
    ts, te, ent, sent = (np.concatenate([p[k] for p in parts]) for k in range(1, 5))
    ids_arr = np.empty(len(ids), dtype=object)
    ids_arr[:] = ids
    negators = np.concatenate([p[5] for p in parts]) if negation else None
    if any(isinstance(p[6], list) for p in parts):  # a chunk with lone surrogates: every surface a str
        surface = np.asarray([x for p in parts for x in (p[6] if isinstance(p[6], list) else p[6].to_pylist())],
                             dtype=object)
    else:
        import pyarrow as pa

        surface = pa.concat_arrays([p[6] for p in parts])
    # the rows come sorted by doc, start, end: sort ties (one span) by category, then the
    # documents by doc_id (their rows kept together) unless they are in order already
    ties = (doc[1:] == doc[:-1]) & (ts[1:] == ts[:-1]) & (te[1:] == te[:-1])
    order = tie_order(ties, (matcher.categories[1][ent],))
    in_order = pd.Index(ids_arr).is_monotonic_increasing
    if not in_order and (by_id := _doc_order(ids_arr)) is not None:
        order = order[_rows_of(_row_ptr(np.bincount(doc, minlength=len(ids))), by_id)[1]]
        in_order = True
    if (order[1:] < order[:-1]).any():
        doc, ts, te, ent, sent = doc[order], ts[order], te[order], ent[order], sent[order]
        negators = negators[order] if negation else None
        surface = surface[order] if isinstance(surface, np.ndarray) else surface.take(order)
    table = matcher.entries
    cols = {
        "doc_id": _take(ids_arr, doc),
        "sent_id": sent,
        "start": ts,
        "end": te,
        "surface": surface if isinstance(surface, np.ndarray) else pd.array(surface, dtype=_STR_DTYPE),
        "term": _take(table["term"].to_numpy(dtype=object), ent),
        "category": _take(table["category"].to_numpy(dtype=object), ent),
        "technique": _take(table["technique"].to_numpy(dtype=object), ent),
        "polarity": table["polarity"].astype("int64").to_numpy()[ent],
    }
    if negation:
        codes, spelled = pd.factorize(negators)  # a few distinct words: each converted once
        cols["negated"] = (np.asarray(spelled, dtype=object) != "")[codes]
        cols["negator"] = _take(np.asarray(spelled, dtype=object), codes)
    frame = pd.DataFrame(cols)
    frame = frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "polarity": "int64"})
    if in_order:
        return frame
    return frame.sort_values(["doc_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


def iter_hits(
    documents, lexicon: Lexicon | None = None, *, sentences=None, batch_size: int = 500, negation: bool = True
):
    """Yield hits tables (columns :data:`HITS`) for successive batches of ``batch_size`` documents.

    ``documents``: a Corpus, a documents table, or any iterable of ``(doc_id, text)``
    pairs (read lazily, so memory stays flat).  ``sentences``: ``None`` splits sentences
    with :func:`framing.text.sentence_spans`; a sentences table gives them; ``False``
    skips sentence ids (``sent_id`` = -1; negation then looks back to the last ``.!?``
    or line break).  ``negation=False`` leaves out the ``negated`` and ``negator``
    columns.  Each batch is sorted by doc_id, start, end, category.

    Texts are matched many at a time (:mod:`framing.match`); the result is the one of
    :func:`framing.text.sentence_spans` and the matcher on each text alone.
    """
    check_int(batch_size, "batch_size", minimum=1)
    check_bool(negation, "negation")
    matcher = compile_lexicon(as_lexicon(lexicon))
    given = _check_sentences(sentences)
    ids: list = []
    texts: list[str] = []
    parts: list = []
    for chunk_ids, chunk_texts, last in _chunks(documents, batch_size):
        if chunk_texts:
            dc, *rest = _match_chunk(matcher, chunk_texts, sentences, given, chunk_ids, negation)
            parts.append((dc + len(texts), *rest))
            ids.extend(chunk_ids)
            texts.extend(chunk_texts)
        if last and ids:
            yield _frame(matcher, ids, texts, parts, negation)
            ids, texts, parts = [], [], []


def select_hits(hits: pd.DataFrame, categories=None) -> pd.DataFrame:
    """The rows of ``hits`` whose category is in ``categories`` (a name or a list).

    ``None`` keeps every loaded-term category: all but the attribution-stance ones
    (:func:`framing.lexicon.loaded_mask`).  Order and index are kept.
    """
    require_columns(hits, ("category",), name="hits", arg="hits")
    return hits[loaded_mask(hits["category"], categories)]


def hits(
    corpus, lexicon: Lexicon | None = None, *, sentences=None, negation: bool = True, audit: bool = False
) -> pd.DataFrame:
    """Hits table: one row per lexicon match, columns :data:`HITS`, sorted by doc_id, start, end.

    ``start``/``end`` index ``documents.text`` (``text[start:end] == surface``); ``sent_id``
    is the sentence's index in the document (binary search over sentence starts).
    ``lexicon=None`` uses the built-in lexicon.  See :func:`iter_hits` for ``sentences`` and
    ``negation``.  ``audit=True`` adds the candidates an entry's context sets aside
    (:mod:`framing.match.context`) and a last column ``set_aside``: ``""`` for a counted hit,
    else the reason (``"unless_next: attack*"``); its ``""`` rows are the default table.
    """
    if audit:
        docs = corpus if isinstance(corpus, pd.DataFrame) or hasattr(corpus, "documents") else list(_iter_docs(corpus))
        lex = as_lexicon(lexicon)
        every = hits(docs, unconditional(lex), sentences=sentences, negation=negation)
        return every.assign(set_aside=set_aside_column(every, dict(_iter_docs(docs)), lex))
    frames = list(iter_hits(corpus, lexicon, sentences=sentences, batch_size=10**9, negation=negation))
    if frames:
        return frames[0]
    frame = _hits_frame([])
    return frame if negation else frame.drop(columns=["negated", "negator"])


# --- Scores ---

def _doc_stats(documents, sentences) -> pd.DataFrame:
    docs = as_documents(documents, arg="corpus")
    out = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy()})
    out["outlet"] = docs["outlet"].to_numpy() if "outlet" in docs.columns else ""
    texts = docs["text"].fillna("").astype(str)
    if "n_tokens" in docs.columns:
        out["n_tokens"] = docs["n_tokens"].fillna(0).astype("int64").to_numpy()
    else:
        out["n_tokens"] = [count_words(t) for t in texts]
    if isinstance(sentences, pd.DataFrame):
        counts = sentences.groupby("doc_id").size()
        out["n_sentences"] = out["doc_id"].map(counts).fillna(0).astype("int64")
    elif "n_sentences" in docs.columns:
        out["n_sentences"] = docs["n_sentences"].fillna(0).astype("int64").to_numpy()
    else:
        out["n_sentences"] = [len(sentence_spans(t)) if t else 0 for t in texts]
    return out


def scores(
    hits: pd.DataFrame,
    corpus,
    *,
    by="doc",
    by_voice: bool | None = None,
    lexicon: Lexicon | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per document (``by="doc"``) or group × category: counts and rates.

    ``by``: ``"doc"``, or a documents column or a list of them (``"outlet"``, ``"lean"``,
    ``["lean", "topic"]``: :func:`framing.groups.group_keys`; a missing value is the group
    ``"(missing)"``, counted in ``attrs["missing"]`` when there are some).  Columns :data:`SCORES` (per group:
    the ``by`` columns instead of ``doc_id`` and ``outlet``):
    ``count`` hits; ``n_tokens`` words of the document(s) (``documents.n_tokens``, else
    :func:`framing.text.count_words`); ``per_1k = 1000 * count / n_tokens``; ``sentences_with_hit``
    distinct sentences holding a hit; ``n_sentences`` (``documents.n_sentences``, or the
    ``sentences`` table); ``share_sentences = sentences_with_hit / n_sentences``.  Both
    rates are 0 when the denominator is 0 (an empty document scores zero, never NaN).
    Group rates are pooled (sums over documents, then the ratio).

    Every document × category appears, zeros included; categories are those of
    ``lexicon`` (the built-in one when None) plus any in ``hits``.  When ``hits`` has a
    ``voice`` column (``by_voice=None``) or ``by_voice=True``, rows split by voice too
    (every voice of :data:`framing.schema.VOICES`, plus any other in ``hits``), with the
    document's denominators.  Sort: doc_id (or the ``by`` columns), category[, voice].
    """
    require_columns(hits, ("doc_id", "sent_id", "category"), name="hits", arg="hits")
    names = None if isinstance(by, str) and by == "doc" else by_names(by)
    if names is not None and ({"category", "voice"} & set(names)):
        raise ValueError("by: category (and voice, with by_voice) are always columns of the scores; "
                         "name only documents columns in by")
    docs = as_documents(corpus, arg="corpus")
    keys_frame = None if names is None else group_keys(docs, names)
    if by_voice is None:
        by_voice = "voice" in hits.columns
    if by_voice and "voice" not in hits.columns:
        raise ValueError("by_voice=True needs a 'voice' column in hits (join the voice layer first)")
    stats = _doc_stats(docs, sentences)
    cats = sorted(set(as_lexicon(lexicon).table["category"]) | set(hits["category"]))
    keys = ["doc_id", "category"] + (["voice"] if by_voice else [])
    voices = sorted(set(VOICES).union(hits["voice"].dropna())) if by_voice else [None]
    grid = pd.MultiIndex.from_product([stats["doc_id"], cats] + ([voices] if by_voice else []), names=keys).to_frame(
        index=False
    )
    known = hits[hits["doc_id"].isin(set(stats["doc_id"]))]
    count = known.groupby(keys).size().rename("count")
    with_sent = known[known["sent_id"] >= 0].groupby(keys)["sent_id"].nunique().rename("sentences_with_hit")
    table = grid.merge(count.reset_index(), on=keys, how="left").merge(with_sent.reset_index(), on=keys, how="left")
    table = table.merge(stats, on="doc_id", how="left")
    table["count"] = table["count"].fillna(0).astype("int64")
    table["sentences_with_hit"] = table["sentences_with_hit"].fillna(0).astype("int64")
    if names is not None:
        table = table.drop(columns="outlet").merge(keys_frame, on="doc_id", how="left", validate="many_to_one")
        keys = [*names, "category"] + (["voice"] if by_voice else [])
        sums = ["count", "n_tokens", "sentences_with_hit", "n_sentences"]
        table = table.groupby(keys, as_index=False, sort=False)[sums].sum()
    table["per_1k"] = rate(table["count"], table["n_tokens"])
    table["share_sentences"] = rate(table["sentences_with_hit"], table["n_sentences"], per=1)
    cols = [c for c in SCORES if c in table.columns and (names is None or c not in ("doc_id", "outlet"))]
    cols = ([] if names is None else names) + cols
    if by_voice:
        cols.insert(cols.index("category") + 1, "voice")
    out = table[cols].sort_values(keys, kind="stable").reset_index(drop=True)
    if keys_frame is not None and keys_frame.attrs["missing"]:
        out.attrs["missing"] = dict(keys_frame.attrs["missing"])
    return out


def score_batch(documents, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Counts per document × category of one batch, without keeping hits: the one per-batch scorer.

    In memory (:func:`framing.timeline.document_scores`), on processes
    (:func:`framing.scale.stream.score_archive`) and on Dask partitions
    (:func:`framing.scale.dask.score_partitions`) every batch goes through this function.
    ``documents``: as in :func:`iter_hits` (pairs are read lazily).  Columns ``doc_id``,
    ``category``, ``count``, ``n_tokens``, ``per_1k`` (as in :func:`scores`; no sentence
    columns, since sentence splitting is the slow part).  Every document × category
    appears; sort: doc_id, category.
    """
    batch = compile_lexicon(as_lexicon(lexicon))
    cats, entry_cat = batch.categories
    ids, counts, tokens = [], [], []
    for chunk_ids, texts, _ in _chunks(documents, 10**9):
        if not texts:
            continue
        dc, _, _, ent, view = batch.match(texts, ids=chunk_ids)
        counts.append(np.bincount(dc * len(cats) + entry_cat[ent], minlength=len(texts) * len(cats)))
        tokens.append(view.count_words())
        ids.extend(chunk_ids)
    counts = [np.concatenate(counts)] if counts else []
    tokens = np.concatenate(tokens) if tokens else np.zeros(0, np.int64)
    n = len(ids)
    table = pd.DataFrame(
        {
            "doc_id": np.repeat(np.asarray(ids, dtype=object), len(cats)),
            "category": np.tile(np.asarray(cats, dtype=object), n),
            "count": np.concatenate(counts) if n else np.zeros(0, np.int64),
            "n_tokens": np.repeat(np.asarray(tokens, dtype=np.int64), len(cats)),
        }
    )
    table["per_1k"] = rate(table["count"], table["n_tokens"])
    return table.sort_values(["doc_id", "category"], kind="stable").reset_index(drop=True)


score_stream = score_batch  # its name before issue 22


# --- Keyword in context ---


def kwic(hits: pd.DataFrame, corpus, window: int = 8, *, words=None) -> pd.DataFrame:
    """Keyword in context: one row per hit, columns :data:`KWIC`, sorted by doc_id, start, end.

    ``left`` / ``right`` are the ``window`` words before / after the hit in the document
    text (words as :func:`framing.text.word_spans` finds them), from the first word's
    start to the last word's end, with whitespace runs shown as one space; ``match`` is the
    surface form.  ``words``: text -> :func:`framing.text.word_arrays` of it when found already
    (the report's pass: from its voice parses); default that function.
    """
    require_columns(hits, ("doc_id", "sent_id", "start", "end", "term", "category"), name="hits", arg="hits")
    window = check_int(window, "window", minimum=0, what="number of words")
    docs = as_documents(corpus, arg="corpus")
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    missing = sorted(set(hits["doc_id"]) - set(texts))
    if missing:
        raise ValueError(f"hits has doc_id(s) not in corpus: {', '.join(map(str, missing[:5]))}")
    ws = re.compile(r"\s+")
    rows = []
    ordered = hits.sort_values(["doc_id", "start", "end"], kind="stable")
    ids = ordered["doc_id"].tolist()
    h_start, h_end = ordered["start"].to_numpy(np.int64), ordered["end"].to_numpy(np.int64)
    negated = [bool(v) for v in ordered["negated"]] if "negated" in ordered.columns else [False] * len(ordered)
    columns = zip(ids, ordered["sent_id"].tolist(), ordered["start"].tolist(), ordered["end"].tolist(),
                  ordered["term"].tolist(), ordered["category"].tolist(), negated, strict=True)
    cuts = [0, *(i for i in range(1, len(ids)) if ids[i] != ids[i - 1]), len(ids)] if ids else [0]
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):  # the hits of one document: its words found once
        text = texts[ids[a]]
        starts, ends, _ = (words or word_arrays)(text)
        starts, ends, n = starts.tolist(), ends.tolist(), len(starts)
        before = np.searchsorted(ends, h_start[a:b], side="right").tolist()
        after = np.searchsorted(starts, h_end[a:b], side="left").tolist()
        for k in range(b - a):
            doc_id, sent_id, start, end, term, category, neg = next(columns)
            bk, ak = before[k], after[k]
            left = ws.sub(" ", text[starts[max(0, bk - window)] : ends[bk - 1]]) if window and bk > 0 else ""
            right = ws.sub(" ", text[starts[ak] : ends[min(ak + window, n) - 1]]) if window and ak < n else ""
            rows.append((doc_id, sent_id, start, end, left, text[start:end], right, term, category, neg))
    frame = pd.DataFrame(rows, columns=list(KWIC))
    return frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "negated": "bool"})


#: Names that left this module: where they went (a removed one has no target).
_MOVED = {
    "Matcher": ("framing.match", "Matcher"),
    "fast_normalize": ("framing.match", "fast_normalize"),
    "NEGATORS": ("framing.match.negation", "NEGATORS"),
    "NEGATION_WINDOW": ("framing.match.negation", "NEGATION_WINDOW"),
    "NEGATION_LOOKBACK": ("framing.match.negation", "NEGATION_LOOKBACK"),
    "count_tokens": ("framing.text", "count_words"),
    "iter_hit_spans": None,
}


def __getattr__(name: str):
    if name not in _MOVED:
        raise AttributeError(f"module 'framing.score' has no attribute {name!r}")
    if _MOVED[name] is None:
        raise AttributeError(f"framing.score.{name} was removed: use hits() or framing.match.find(texts, lexicon)")
    module, new = _MOVED[name]
    warnings.warn(f"framing.score.{name} moved: use {module}.{new}", DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), new)
