"""Lexicon matching: hits table, per-document and per-outlet scores, keyword in context.

Matching (the rules are listed in :mod:`framing.lexicon`) runs on the matching view of
each document (:func:`framing.text.normalize`; :func:`fast_normalize` gives the same view
and offset map faster).  Candidates come from an Aho-Corasick automaton (pyahocorasick;
Aho & Corasick 1975, "Efficient string matching", CACM 18(6)) over each plain entry's
*head* (its text up to the first space or hyphen), checked for word boundaries and then
completed by the entry's own anchored expression (hyphen variants, whitespace runs,
globs); pattern entries run as regular expressions over the same view.  Overlapping
candidates are resolved leftmost-longest, so every character is counted at most once.
:meth:`Matcher.find` does this for one view; :func:`iter_hits`, :func:`hits`,
:func:`iter_hit_spans` and :func:`score_batch` match many texts at a time with
:class:`framing._fastmatch.BatchMatcher` (Rust automaton ``ahocorasick_rs``, numpy),
which gives the same matches, and split sentences with
:func:`framing._sentences_fast.batch_sentence_spans` (the same sentences as
:func:`framing.text.sentence_spans`).  With numba installed (extra ``fast``), large batches
use compiled kernels for both (:mod:`framing._jit`), again with the same results.

Negation: a hit is ``negated`` when one of the three words before it, in the same
sentence, is a negator (:data:`NEGATORS`, or any word ending in ``n't``), after the
negation window of VADER (Hutto & Gilbert 2014, ICWSM), which looks three words back.
The hit is kept and flagged, never dropped.  :func:`_negation` is the rule for one hit;
the batch paths apply it to all hits at once (:mod:`framing._fastneg`, tested equal).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick
import numpy as np
import pandas as pd

from framing._heap import kept_heap
from framing.lexicon import Lexicon, load_lexicon, loaded_mask, term_key
from framing.schema import as_documents, require_columns
from framing.stats import check_int, rate
from framing.text import _ONE_TO_ONE, _TRANSLATE, INVISIBLE, WORD_PATTERN, normalize, sentence_spans

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

#: Columns of the scores table (``doc_id`` becomes ``outlet`` alone for ``by="outlet"``;
#: ``voice`` follows ``category`` when split by voice).
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

#: Words that negate a following loaded term (normalized view: lower case, straight
#: apostrophes).  Any word ending in ``n't`` also counts.  After VADER's negation list
#: (Hutto & Gilbert 2014), cut to words a news writer uses to deny a label.
NEGATORS = frozenset(
    """
    not no never nor neither without hardly barely scarcely seldom rarely
    none nobody nothing nowhere cannot
    dont doesnt didnt isnt wasnt arent werent wont cant couldnt shouldnt wouldnt aint
    """.split()
)
NEGATION_WINDOW = 3
#: Characters looked back from a hit for its negation window (and, without sentence ids,
#: for the end of the previous sentence).
NEGATION_LOOKBACK = 80

_WORD = re.compile(WORD_PATTERN)
_NONASCII = re.compile(r"[^\x00-\x7f]")


# --------------------------------------------------------------------------------------
# Matching view, fast
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _piece(ch: str) -> str:
    """What :func:`framing.text.normalize` makes of the single character ``ch``."""
    if ch in INVISIBLE:
        return ""
    piece = ch.translate(_ONE_TO_ONE)
    if not piece.isascii():
        piece = unicodedata.normalize("NFKC", piece).translate(_TRANSLATE)
    return piece.casefold()


class View:
    """The matching view of a text with a sparse map back to it.

    Same view text and the same :meth:`span` as :class:`framing.text.Normalized`, but the
    map is stored as the few characters whose normalized piece is not one character long
    (``orig``: their offsets; ``length``: their piece lengths), not one entry per character.
    """

    __slots__ = ("text", "_orig", "_vstart", "_vend", "_extra")

    def __init__(self, text: str, orig=None, length=None):
        self.text = text
        if orig is None or not len(orig):
            self._orig = None
            return
        orig = np.asarray(orig, dtype=np.int64)
        length = np.asarray(length, dtype=np.int64)
        order = np.argsort(orig, kind="stable")
        orig, length = orig[order], length[order]
        extra = np.concatenate(([0], np.cumsum(length - 1)))
        self._orig = orig
        self._vstart = orig + extra[:-1]
        self._vend = self._vstart + length
        self._extra = extra

    def point(self, v: int) -> int:
        """Offset in the original text of the character that produced view character ``v``."""
        if self._orig is None:
            return v
        j = int(np.searchsorted(self._vend, v, side="right"))
        if j < len(self._orig) and self._vstart[j] <= v:
            return int(self._orig[j])
        return v - int(self._extra[j])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span ``[start, end)`` to the original text."""
        if self._orig is None:
            return start, end
        if end <= start:
            p = self.point(start) if start < len(self.text) else self.point(len(self.text) - 1) + 1 if self.text else 0
            return p, p
        return self.point(start), self.point(end - 1) + 1


def fast_normalize(text: str) -> View:
    """Same view and offsets as :func:`framing.text.normalize`, without a per-character loop.

    ASCII text is lower-cased; otherwise each distinct non-ASCII character is replaced by
    its normalized piece (:func:`_piece`) with ``str.replace`` before lower-casing, and
    the characters whose piece is not one character long are kept in a sparse map.
    """
    if text.isascii():
        return View(text.lower())
    plan = []
    for c in set(_NONASCII.findall(text)):
        p = _piece(c)
        if p != c.lower() or len(p) != 1 or c in "\u03a3\u03c2":  # lower() has a context rule for sigma
            if p.lower() != p:
                n = normalize(text)
                if n.starts is None:
                    return View(n.text)
                idx = np.flatnonzero(np.bincount(n.starts, minlength=len(text)) != 1)
                return View(n.text, idx, np.bincount(n.starts, minlength=len(text))[idx])
            plan.append((c, p))
    view = text
    for c, p in plan:
        view = view.replace(c, p)
    view = view.lower()
    orig, length = [], []
    for c, p in plan:
        if len(p) != 1:
            found = [m.start() for m in re.finditer(re.escape(c), text)]
            orig.extend(found)
            length.extend([len(p)] * len(found))
    return View(view, orig, length)


def _pattern_prefixes(pattern: str) -> list[str] | None:
    """Literal strings one of which starts every match of ``pattern`` (lower case), or None if unknown.

    Read from the parsed expression (``re._parser``): zero-width assertions are skipped,
    literals collected, and one alternation expanded.  A pattern entry then runs only
    where the automaton finds one of its prefixes (anchored ``match``), not over the text.
    """
    from re import _constants as C
    from re import _parser

    def walk(seq) -> tuple[list[str] | None, bool]:
        """(prefixes, complete): ``complete`` when the prefixes spell the whole of ``seq``."""
        out = [""]
        for op, av in seq:
            if op is C.AT or op is C.ASSERT or op is C.ASSERT_NOT:
                if any(out):
                    return _valid(out), False
                continue
            if op is C.LITERAL:
                out = [p + chr(av).lower() for p in out]
                continue
            stop = False
            if op is C.MAX_REPEAT or op is C.MIN_REPEAT:
                lo, hi, item = av
                item = list(item)
                if hi == 1 and len(item) == 1 and item[0][0] is C.LITERAL:
                    alts = ["", chr(item[0][1]).lower()] if lo == 0 else [chr(item[0][1]).lower()]
                elif lo >= 1 and item == [(C.IN, [(C.CATEGORY, C.CATEGORY_SPACE)])]:
                    alts, stop = list(_SEPARATORS[" "]), True
                else:
                    return _valid(out), False
            elif op is C.SUBPATTERN:
                alts, complete = walk(av[-1])
                stop = not complete
            elif op is C.BRANCH:
                alts = []
                for a in av[1]:
                    sub, complete = walk(a)
                    if sub is None:
                        alts = None
                        break
                    alts.extend(sub)
                    stop = stop or not complete  # a branch cut short: nothing may be appended after it
            else:
                return _valid(out), False
            if alts is None or len(out) * len(alts) > 2000:
                return _valid(out), False
            out = [p + a for p in out for a in alts]
            if stop:
                return _valid(out), False
        return _valid(out), True

    def _valid(out: list[str]) -> list[str] | None:
        return out if all(out) else None

    try:
        return walk(_parser.parse(pattern, re.IGNORECASE).data)[0]
    except Exception:  # noqa: BLE001 - an unreadable parse tree just means no prefilter
        return None


# --------------------------------------------------------------------------------------
# The matcher
# --------------------------------------------------------------------------------------


def _isword(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def has_odd_whitespace(view: str) -> bool:
    """Whether ``view`` holds a whitespace run that automaton keys do not spell (see :data:`_ODD_WS`)."""
    return "  " in view or " \n" in view or "\n " in view or _ODD_CHAR.search(view) is not None


def _key_candidates(view: str, s: int, e: int, left_word: bool, plain, pats, add) -> None:
    """Candidates of the entries behind an automaton key found at ``view[s:e]``, passed to ``add``.

    Pattern entries run their expression anchored at ``s``; plain entries need a word
    boundary before ``s`` (when the key starts with a word character), then either a
    boundary after ``e`` (the key is the whole term) or their own anchored expression.
    """
    for i, rx in pats:
        m = rx.match(view, s)
        if m is not None and m.end() > s:
            add((s, m.end(), i))
    if not plain or (left_word and s and (view[s - 1].isalnum() or view[s - 1] == "_")):
        return
    for i, rx, right_word in plain:
        if rx is None:
            if right_word and e < len(view) and (view[e].isalnum() or view[e] == "_"):
                continue
            add((s, e, i))
        else:
            m = rx.match(view, s)
            if m is not None:
                add((s, m.end(), i))


#: Forms of a separator in the automaton keys: a hyphen may be a hyphen, nothing, or a
#: space or line break; a space a space or a line break.  Other whitespace runs (two or
#: more characters, tabs) are caught by :meth:`Matcher.find`'s fallback at those runs.
_SEPARATORS = {"-": ("-", "", " ", "\n"), " ": (" ", "\n")}
_ODD_WS = re.compile(r"[^\S\n](?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)|\n[^\S\n]+|[^\S \n]")
#: ``[^\S \n]`` (whitespace other than space and line break) spelled as a positive class,
#: which ``re`` scans several times faster.
_ODD_CHAR = re.compile(r"[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
#: A space inside a plain term: any whitespace run with at most one line break (a phrase
#: does not run across a blank line, i.e. a paragraph break).
_GAP = r"(?=\s)[^\S\n]*\n?[^\S\n]*"


def _heads(stem: str) -> list[str]:
    """Automaton keys of a plain term; every match of the term starts with one of them.

    A term without separator is its own key; otherwise its first two parts with each
    form of the first separator (``neo-nazi``, ``neonazi``, ``neo nazi``, ``neo\\nnazi``).
    """
    parts = re.split(r"([ -])", stem)
    if len(parts) < 3 or not parts[0] or not parts[2]:
        cut = min([j for j in (stem.find(" ", 1), stem.find("-", 1)) if j > 0], default=len(stem))
        return [stem[:cut]]
    return [parts[0] + sep + parts[2] for sep in _SEPARATORS[parts[1]]]


class Matcher:
    """Compiled form of a :class:`~framing.lexicon.Lexicon` (get it with ``lexicon.compiled()``).

    :meth:`find` returns ``(start, end, entry)`` triples in view offsets, leftmost-longest.
    One automaton holds the heads of plain entries and the literal prefixes of pattern
    entries (:func:`_pattern_prefixes`); patterns without such prefixes scan the view.
    """

    def __init__(self, lexicon: Lexicon):
        table = lexicon.table
        self.entries = table.reset_index(drop=True)
        self.sources = list(self.entries["source"])
        self.rows = list(
            zip(
                self.entries["term"],
                self.entries["category"],
                self.entries["technique"],
                self.entries["polarity"].astype(int),
                strict=True,
            )
        )
        keys: dict[str, tuple[list, list]] = {}  # key -> (plain entries, pattern entries)
        fallback: dict[str, list] = {}  # first word -> (entry, anchored expression, left boundary)
        self.scan = []
        #: plain entry -> (what its term spells after its automaton key, glob?)
        self.rest: dict[int, tuple[str, bool]] = {}
        for i, (term, is_pattern) in enumerate(zip(table["term"], table["pattern"], strict=True)):
            if is_pattern:
                rx = re.compile(term, re.IGNORECASE)
                prefixes = _pattern_prefixes(term)
                if not prefixes:
                    self.scan.append((rx, i))
                    continue
                for prefix in set(prefixes):
                    keys.setdefault(prefix, ([], []))[1].append((i, rx))
                    if prefix[-1] in " \n" and prefix[:-1]:
                        fallback.setdefault(prefix[:-1], []).append((i, rx, False))
                continue
            key = term_key(term)
            glob = key.endswith("*")
            stem = key[:-1].rstrip() if glob else key
            heads = _heads(stem)
            if heads == [stem] and not glob:
                rx = None  # the head is the whole term
            else:
                parts = [f"(?:-|{_GAP})?" if ch == "-" else _GAP if ch == " " else re.escape(ch) for ch in stem]
                if glob:
                    parts.append(r"\w*")
                elif _isword(stem[-1]):
                    parts.append(r"(?!\w)")
                rx = re.compile("".join(parts))
            for head in heads:
                keys.setdefault(head, ([], []))[0].append((i, rx, _isword(stem[-1])))
            parts = re.split(r"([ -])", stem)
            cut = len(parts[0]) + 1 + len(parts[2]) if len(parts) >= 3 and parts[0] and parts[2] else len(heads[0])
            self.rest[i] = (stem[cut:], glob)
            if rx is not None and (" " in stem or "-" in stem):
                first = re.split(r"[ -]", stem, maxsplit=1)[0]
                if first:
                    fallback.setdefault(first, []).append((i, rx, _isword(first[0])))
        #: key -> (plain entries ``(entry, expression or None, right boundary)``, pattern
        #: entries ``(entry, expression)``): what a key found by the automaton stands for.
        self.keys = {key: (tuple(plain), tuple(pats)) for key, (plain, pats) in keys.items()}
        self.fallback = {k: tuple(dict.fromkeys(v)) for k, v in fallback.items()}
        self.fallback_max = max(map(len, fallback), default=0)
        self.automaton = ahocorasick.Automaton()
        for key, (plain, pats) in keys.items():
            self.automaton.add_word(key, (len(key), _isword(key[0]), tuple(plain), tuple(pats)))
        self.empty = not keys
        if keys:
            self.automaton.make_automaton()

    def find(self, view: str) -> list[tuple[int, int, int]]:
        """Matches in ``view`` (a normalized text): ``(start, end, entry)``, leftmost-longest, sorted."""
        cands = []
        add = cands.append
        if not self.empty:
            for end, (length, left_word, plain, pats) in self.automaton.iter(view):
                _key_candidates(view, end - length + 1, end + 1, left_word, plain, pats, add)
        if self.fallback and has_odd_whitespace(view):
            self.fallback_candidates(view, add)
        for rx, i in self.scan:
            for m in rx.finditer(view):
                if m.end() > m.start():
                    add((m.start(), m.end(), i))
        return self.resolve(cands)

    def fallback_candidates(self, view: str, add, pos: int = 0, endpos: int | None = None) -> None:
        """Candidates of multi-word entries at whitespace runs the automaton keys do not spell.

        ``pos``/``endpos``: the part of ``view`` to search (as for ``re.Pattern.match``).
        """
        endpos = len(view) if endpos is None else endpos
        for run in _ODD_WS.finditer(view, pos, endpos):
            a = run.start()
            j = a
            while j > pos and a - j < self.fallback_max and not view[j - 1].isspace():
                j -= 1
            for s in range(j, a):
                for i, rx, left_word in self.fallback.get(view[s:a], ()):
                    if left_word and s and (view[s - 1].isalnum() or view[s - 1] == "_"):
                        continue
                    m = rx.match(view, s, endpos)
                    if m is not None and m.end() > a:
                        add((s, m.end(), i))

    def resolve(self, cands: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Leftmost-longest choice among overlapping candidates ``(start, end, entry)``, sorted.

        Sorted by start, longest first, entry; a candidate is kept when it starts at or after
        the end of the last kept one, or has the same span as it and comes from the same
        source row (one ``.dic`` line, several categories).
        """
        if len(cands) < 2:
            return cands
        cands.sort(key=lambda c: (c[0], -c[1], c[2]))
        out = []
        last_end = -1
        first = None
        for c in cands:
            if c[0] >= last_end:
                out.append(c)
                last_end = c[1]
                first = c
            elif c[0] == first[0] and c[1] == first[1] and c[2] != first[2]:
                if self.sources[c[2]] == self.sources[first[2]]:
                    out.append(c)  # one .dic line, several categories
        return out


# --------------------------------------------------------------------------------------
# Hits
# --------------------------------------------------------------------------------------


def _resolve_lexicon(lexicon) -> Lexicon:
    if lexicon is None:
        return load_lexicon()
    if not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (framing.lexicon.load_lexicon(...)) or None, got {type(lexicon)}")
    return lexicon


def _negation(text: str, start: int, floor: int) -> str:
    """The nearest negator among the :data:`NEGATION_WINDOW` words before ``start`` (not before ``floor``)."""
    window = text[max(floor, start - NEGATION_LOOKBACK) : start]
    window = window.lower() if window.isascii() else window.translate(_TRANSLATE).lower()
    words = _WORD.findall(window)[-NEGATION_WINDOW:]
    for w in reversed(words):
        if w in NEGATORS or w.endswith("n't"):
            return w
    return ""


_SENT_END_REV = re.compile(r"\s[.!?]|\n")  # searched in the reversed window


def _sentence_starts(sentences, docs: pd.DataFrame) -> dict | None:
    if sentences is None or sentences is False:
        return None
    require_columns(sentences, ("doc_id", "sent_id", "start"), name="sentences", arg="sentences")
    out = {}
    for doc_id, group in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False):
        out[doc_id] = (group["start"].to_numpy(np.int64), group["sent_id"].to_numpy(np.int64))
    return out


def _doc_rows(doc_id, text: str, matcher: Matcher, sents) -> list[tuple]:
    """Hit rows of one document, one text at a time: the reference for the batch path of :func:`iter_hits`.

    ``sents``: (starts, ids) arrays, or None for no sentence ids.  ``tests/test_fastmatch.py``
    holds :func:`iter_hits` equal to it.
    """
    if not text:
        return []
    norm = fast_normalize(text)
    found = matcher.find(norm.text)
    if not found:
        return []
    entries = matcher.rows
    rows = []
    for vs, ve, i in found:
        s, e = norm.span(vs, ve)
        if sents is None:
            sent_id = -1
            cut = _SENT_END_REV.search(text[max(0, s - NEGATION_LOOKBACK) : s][::-1])
            floor = s - cut.start() if cut else 0
        else:
            k = int(np.searchsorted(sents[0], s, side="right")) - 1
            k = max(k, 0)
            sent_id = int(sents[1][k]) if len(sents[1]) else -1
            floor = int(sents[0][k]) if len(sents[0]) else 0
        neg = _negation(text, s, floor)
        rows.append((doc_id, sent_id, s, e, text[s:e], *entries[i], bool(neg), neg))
    return rows


def _hits_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(HITS))
    frame = frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "polarity": "int64", "negated": "bool"})
    return frame.sort_values(["doc_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


def _iter_docs(documents) -> Iterator[tuple]:
    """(doc_id, text) pairs from a Corpus, a documents table, or an iterable of pairs."""
    if isinstance(documents, pd.DataFrame) or hasattr(documents, "documents"):
        docs = as_documents(documents, arg="documents")
        yield from zip(docs["doc_id"], docs["text"], strict=True)
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


#: Columns of the light hits tables of :func:`iter_hit_spans`, in this order.
HIT_SPANS = ("doc_id", "sent_id", "start", "end", "entry", "category")

#: Characters per matching batch: texts are matched many at a time (one joined string);
#: this bounds the memory a batch takes (about 20 bytes per character at the peak).  Not
#: larger: the batch's temporary arrays then stay in memory the allocator keeps, instead of
#: being handed back to the system and faulted in again for the next batch (on 10 MB,
#: 600,000 took 0.22-0.29 s where 1,000,000 took 0.26-0.39 s; benchmarks/README.md).
#: Not below :data:`framing._jit.MIN_CHARS`, so that full batches use the numba kernels.
CHUNK_CHARS = 600_000


def _batch_matcher(matcher: Matcher):
    """The :class:`framing._fastmatch.BatchMatcher` of ``matcher``, built once."""
    batch = getattr(matcher, "_batch", None)
    if batch is None:
        from framing._fastmatch import BatchMatcher

        batch = matcher._batch = BatchMatcher(matcher)
    return batch


def _check_sentences(sentences):
    if isinstance(sentences, pd.DataFrame):
        return _sentence_starts(sentences, None)
    if sentences is not None and sentences is not False:
        raise TypeError("sentences must be None (split them), a sentences table, or False (no sentence ids)")
    return None


def _chunks(documents, batch_size: int) -> Iterator[tuple[list, list[str], bool]]:
    """Lists of doc_ids and texts of at most ``batch_size`` documents and about
    :data:`CHUNK_CHARS` characters; the flag is True on the last chunk of a batch.  While it
    runs, glibc keeps its heap between chunks (:func:`framing._heap.kept_heap`)."""
    ids: list = []
    texts: list[str] = []
    size = n = 0
    with kept_heap():  # the batches' temporaries reuse memory instead of faulting it in anew
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
    """Matches of a chunk: arrays (doc, start, end, entry, sent_id) and each hit's negator.

    Sentence ids as in :func:`_doc_rows`: the last sentence starting at or before the hit
    (the first one if none), -1 when the document has no sentences or sentences are not
    asked for (``sentences=False``).  Negators (``negation=True``, else None): as
    :func:`_negation` gives them, looking back to the start of the hit's sentence, or
    without sentences to the last ``.!?`` or line break (:mod:`framing._fastneg`).
    """
    dc, ts, te, ent, view = _batch_matcher(matcher).match(texts)
    sent, floor = _sentence_ids(texts, view, dc, ts, sentences, given, ids)
    neg = None
    if negation:
        from framing._fastneg import Chars, batch_floors, batch_negators
        from framing._sentences_fast import _code_points

        base = view.tstart[dc]
        g = base + ts
        if view.cps is None:  # lone surrogates: the view holds no code points
            chars = Chars(_code_points(view.text))
        else:
            chars = Chars(view.cps, view.low, view.high, view.uniq, view.inverse)
        gfloor = base + floor if sentences is not False else batch_floors(chars.cps, base, g, chars.low)
        neg = batch_negators(view.text, chars, g, gfloor, _negation)
    return dc, ts, te, ent, sent, neg


def _sentence_ids(texts, view, dc, ts, sentences, given, ids):
    """Sentence id of each hit and the start of its sentence (-1 and -1 without sentences)."""
    from framing import _jit
    from framing.text import ABBREVIATIONS

    sent = np.full(len(ts), -1, dtype=np.int64)
    floor = np.full(len(ts), -1, dtype=np.int64)
    if sentences is False or not len(ts):
        return sent, floor
    if given is not None:
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
        bounds = np.concatenate(([0], np.flatnonzero(np.diff(dc)) + 1, [len(dc)]))
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            starts, sids = given.get(ids[int(dc[a])], empty)
            if len(starts):
                k = np.maximum(np.searchsorted(starts, ts[a:b], side="right") - 1, 0)
                sent[a:b] = sids[k]
                floor[a:b] = starts[k]
            else:
                floor[a:b] = 0
        return sent, floor
    if _jit.enabled(len(view.text)):  # the numba kernels (imported only when a batch uses them)
        from framing._sentences_jit import batch_sentence_spans_jit as batch_sentence_spans
    else:
        from framing._sentences_fast import batch_sentence_spans
    tend = view.tstart + np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    ss, _, _, sd = batch_sentence_spans(view.text, view.tstart, tend, ABBREVIATIONS, view.cps, view.low)
    first = np.searchsorted(ss, view.tstart[dc], side="left")
    count = np.bincount(sd, minlength=len(texts))[dc]
    g = view.tstart[dc] + ts
    k = np.maximum(np.searchsorted(ss, g, side="right") - 1 - first, 0)
    has = count > 0
    sent[has] = k[has]
    floor[has] = ss[np.minimum(first + k, len(ss) - 1)][has] - view.tstart[dc][has]
    floor[~has] = 0
    return sent, floor


def _frame(matcher: Matcher, ids: list, texts: list[str], parts: list, negation: bool) -> pd.DataFrame:
    """Hits table of a batch from the chunks' arrays (columns :data:`HITS`, sorted as :func:`_hits_frame`)."""
    doc = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    if not len(doc):
        frame = _hits_frame([])
        return frame if negation else frame.drop(columns=["negated", "negator"])
    ts, te, ent, sent = (np.concatenate([p[k] for p in parts]) for k in range(1, 5))
    ids_arr = np.empty(len(ids), dtype=object)
    ids_arr[:] = ids
    table = matcher.entries
    surface = [texts[d][a:b] for d, a, b in zip(doc.tolist(), ts.tolist(), te.tolist(), strict=True)]
    cols = {
        "doc_id": ids_arr[doc],
        "sent_id": sent,
        "start": ts,
        "end": te,
        "surface": surface,
        "term": table["term"].to_numpy(dtype=object)[ent],
        "category": table["category"].to_numpy(dtype=object)[ent],
        "technique": table["technique"].to_numpy(dtype=object)[ent],
        "polarity": table["polarity"].astype("int64").to_numpy()[ent],
    }
    if negation:
        negators = [x for p in parts for x in p[5]]
        cols["negated"] = np.asarray([bool(x) for x in negators], dtype=bool)
        cols["negator"] = negators
    frame = pd.DataFrame(cols)
    frame = frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "polarity": "int64"})
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
    columns (the look-back is done on arrays for the whole batch, :mod:`framing._fastneg`).
    Each batch is sorted by doc_id, start, end, category.

    Texts are matched many at a time (:mod:`framing._fastmatch`, sentences with
    :func:`framing._sentences_fast.batch_sentence_spans`); the result is the one of
    :meth:`Matcher.find` and :func:`framing.text.sentence_spans` on each text alone.
    """
    check_int(batch_size, "batch_size", minimum=1)
    if not isinstance(negation, bool):
        raise TypeError(f"negation must be True or False, not {negation!r}")
    matcher = _resolve_lexicon(lexicon).compiled()
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


def iter_hit_spans(documents, lexicon: Lexicon | None = None, *, sentences: bool = True, batch_size: int = 2000):
    """Yield light hits tables, columns :data:`HIT_SPANS`, for batches of ``batch_size`` documents.

    The fast path for archives: the hits of :func:`iter_hits` (same spans, entries and
    sentence ids), without surface strings or negation.  ``entry``: the row of
    ``lexicon.table``; ``category``: its category, as a pandas ``Categorical`` over the
    lexicon's sorted categories; ``sent_id`` -1 with ``sentences=False``.  Sorted by
    document order (as given), start, end, category, entry.
    """
    check_int(batch_size, "batch_size", minimum=1)
    if not isinstance(sentences, bool):
        raise TypeError(f"sentences must be True or False, not {sentences!r}")
    from framing._fastmatch import tie_order

    matcher = _resolve_lexicon(lexicon).compiled()
    cats, cat_code = _batch_matcher(matcher).categories
    ids: list = []
    parts: list = []
    for chunk_ids, chunk_texts, last in _chunks(documents, batch_size):
        if chunk_texts:
            dc, ts, te, ent, sent, _ = _match_chunk(matcher, chunk_texts, None if sentences else False, None, chunk_ids)
            parts.append((dc + len(ids), ts, te, ent, sent))
            ids.extend(chunk_ids)
        if last and ids:
            doc, ts, te, ent, sent = (np.concatenate([p[k] for p in parts]) for k in range(5))
            # the chunks come sorted by document and start, and overlapping hits are resolved:
            # only hits at one start (one span, several entries) need sorting
            ties = (doc[1:] == doc[:-1]) & (ts[1:] == ts[:-1])
            order = tie_order(ties, (ent, cat_code[ent], te))
            ids_arr = np.empty(len(ids), dtype=object)
            ids_arr[:] = ids
            doc, ts, te, ent, sent = doc[order], ts[order], te[order], ent[order], sent[order]
            yield pd.DataFrame(
                {
                    "doc_id": ids_arr[doc],
                    "sent_id": sent,
                    "start": ts,
                    "end": te,
                    "entry": ent,
                    "category": pd.Categorical.from_codes(cat_code[ent], categories=cats),
                }
            )
            ids, parts = [], []


def select_hits(hits: pd.DataFrame, categories=None) -> pd.DataFrame:
    """The rows of ``hits`` whose category is in ``categories`` (a name or a list).

    ``None`` keeps every loaded-term category: all but the attribution-stance ones
    (:func:`framing.lexicon.loaded_mask`).  Order and index are kept.
    """
    require_columns(hits, ("category",), name="hits", arg="hits")
    return hits[loaded_mask(hits["category"], categories)]


def hits(corpus, lexicon: Lexicon | None = None, *, sentences=None, negation: bool = True) -> pd.DataFrame:
    """Hits table: one row per lexicon match, columns :data:`HITS`, sorted by doc_id, start, end.

    ``start``/``end`` index ``documents.text`` (``text[start:end] == surface``); ``sent_id``
    is the sentence's index in the document (binary search over sentence starts).
    ``lexicon=None`` uses the built-in lexicon.  See :func:`iter_hits` for ``sentences`` and
    ``negation``.
    """
    frames = list(iter_hits(corpus, lexicon, sentences=sentences, batch_size=10**9, negation=negation))
    if frames:
        return frames[0]
    frame = _hits_frame([])
    return frame if negation else frame.drop(columns=["negated", "negator"])


# --------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------

_WORD_TABLE = np.zeros(128, dtype=bool)
for _c in range(128):
    _WORD_TABLE[_c] = chr(_c).isalnum() or chr(_c) == "_"


def count_tokens(text: str) -> int:
    """Number of words as :func:`framing.text.count_words` counts them (pattern ``\\w+(?:[-']\\w+)*``), vectorized."""
    view = fast_normalize(text).text
    if not view:
        return 0
    cps = np.frombuffer(view.encode("utf-32-le"), dtype=np.uint32)
    word = _WORD_TABLE[np.minimum(cps, 127)] & (cps < 128)
    if not view.isascii():
        for c in set(_NONASCII.findall(view)):
            if _tokenizer_word_char(c):
                word |= cps == ord(c)
    joiner = (cps == ord("-")) | (cps == ord("'"))
    # a word starts at a word character not preceded by a word character, nor by a joiner
    # that itself follows a word character
    prev_word = np.concatenate(([False], word[:-1]))
    prev_join = np.concatenate(([False], joiner[:-1]))
    prev2_word = np.concatenate(([False, False], word[:-2]))[: len(word)]
    starts = word & ~prev_word & ~(prev_join & prev2_word)
    return int(starts.sum())


def _count_tokens_batch(view, texts: list[str]) -> np.ndarray:
    """:func:`count_tokens` of every text of a :class:`framing._fastmatch.BatchView`, at once.

    The same word starts, found on the batch's view (texts are separated by ``"\\x00"``,
    neither a word character nor a joiner, as the start of a text is).
    """
    hb = np.frombuffer(view.hay, dtype=np.uint8)
    word = np.zeros(len(hb), dtype=bool)
    small = hb < 128
    word[small] = _WORD_TABLE[hb[small]]
    if len(view.wide_at):
        uniq, inverse = np.unique(view.wide_cp, return_inverse=True)
        word[view.wide_at] = np.asarray([_tokenizer_word_char(chr(c)) for c in uniq.tolist()], dtype=bool)[inverse]
    joiner = (hb == ord("-")) | (hb == ord("'"))
    starts = np.flatnonzero(word[1:] & ~word[:-1] & ~(joiner[:-1] & np.concatenate(([False], word[:-2])))) + 1
    if len(hb) and word[0]:
        starts = np.concatenate(([0], starts))
    out = np.bincount(np.searchsorted(view.vstart, starts, side="right") - 1, minlength=len(texts))
    for d in np.flatnonzero(view.bad).tolist():
        out[d] = count_tokens(texts[d]) if texts[d] else 0
    return out.astype(np.int64)


@lru_cache(maxsize=4096)
def _tokenizer_word_char(c: str) -> bool:
    """Whether the word tokenizer of :mod:`framing.text` takes ``c`` as a word character."""
    from framing.text import _word_tokenizer

    return bool(list(_word_tokenizer.span_tokenize(c)))


def _doc_stats(documents, sentences) -> pd.DataFrame:
    docs = as_documents(documents, arg="corpus")
    out = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy()})
    out["outlet"] = docs["outlet"].to_numpy() if "outlet" in docs.columns else ""
    texts = docs["text"].fillna("").astype(str)
    if "n_tokens" in docs.columns:
        out["n_tokens"] = docs["n_tokens"].fillna(0).astype("int64").to_numpy()
    else:
        out["n_tokens"] = [count_tokens(t) for t in texts]
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
    by: str = "doc",
    by_voice: bool | None = None,
    lexicon: Lexicon | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per document (``by="doc"``) or outlet (``by="outlet"``) × category: counts and rates.

    Columns :data:`SCORES` (for outlets, without ``doc_id``):
    ``count`` hits; ``n_tokens`` words of the document(s) (``documents.n_tokens``, else
    :func:`count_tokens`); ``per_1k = 1000 * count / n_tokens``; ``sentences_with_hit``
    distinct sentences holding a hit; ``n_sentences`` (``documents.n_sentences``, or the
    ``sentences`` table); ``share_sentences = sentences_with_hit / n_sentences``.  Both
    rates are 0 when the denominator is 0 (an empty document scores zero, never NaN).
    Outlet rates are pooled (sums over documents, then the ratio).

    Every document × category appears, zeros included; categories are those of
    ``lexicon`` (the built-in one when None) plus any in ``hits``.  When ``hits`` has a
    ``voice`` column (``by_voice=None``) or ``by_voice=True``, rows split by voice too,
    with the document's denominators.  Sort: doc_id (or outlet), category[, voice].
    """
    require_columns(hits, ("doc_id", "sent_id", "category"), name="hits", arg="hits")
    if by not in ("doc", "outlet"):
        raise ValueError(f"by must be 'doc' or 'outlet', not {by!r}")
    if by_voice is None:
        by_voice = "voice" in hits.columns
    if by_voice and "voice" not in hits.columns:
        raise ValueError("by_voice=True needs a 'voice' column in hits (join the voice layer first)")
    stats = _doc_stats(corpus, sentences)
    cats = sorted(set(_resolve_lexicon(lexicon).table["category"]) | set(hits["category"]))
    keys = ["doc_id", "category"] + (["voice"] if by_voice else [])
    voices = sorted(hits["voice"].dropna().unique()) if by_voice else [None]
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
    if by == "outlet":
        okeys = ["outlet", "category"] + (["voice"] if by_voice else [])
        table = table.groupby(okeys, as_index=False)[["count", "n_tokens", "sentences_with_hit", "n_sentences"]].sum()
        keys = okeys
    table["per_1k"] = rate(table["count"], table["n_tokens"])
    table["share_sentences"] = rate(table["sentences_with_hit"], table["n_sentences"], per=1)
    cols = [c for c in SCORES if c in table.columns]
    if by_voice:
        cols.insert(cols.index("category") + 1, "voice")
    return table[cols].sort_values(keys, kind="stable").reset_index(drop=True)


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
    matcher = _resolve_lexicon(lexicon).compiled()
    batch = _batch_matcher(matcher)
    cats, entry_cat = batch.categories
    ids, counts, tokens = [], [], []
    for chunk_ids, texts, _ in _chunks(documents, 10**9):
        if not texts:
            continue
        dc, _, _, ent, view = batch.match(texts)
        counts.append(np.bincount(dc * len(cats) + entry_cat[ent], minlength=len(texts) * len(cats)))
        tokens.append(_count_tokens_batch(view, texts))
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


# --------------------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------------------


def kwic(hits: pd.DataFrame, corpus, window: int = 8) -> pd.DataFrame:
    """Keyword in context: one row per hit, columns :data:`KWIC`, sorted by doc_id, start, end.

    ``left`` / ``right`` are the ``window`` words before / after the hit in the document
    text (words as :func:`framing.text.word_spans` finds them), from the first word's
    start to the last word's end, with whitespace runs shown as one space; ``match`` is the
    surface form.
    """
    require_columns(hits, ("doc_id", "sent_id", "start", "end", "term", "category"), name="hits", arg="hits")
    window = check_int(window, "window", minimum=0, what="number of words")
    docs = as_documents(corpus, arg="corpus")
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    missing = sorted(set(hits["doc_id"]) - set(texts))
    if missing:
        raise ValueError(f"hits has doc_id(s) not in corpus: {', '.join(map(str, missing[:5]))}")
    ws = re.compile(r"\s+")
    words_cache: dict = {}
    rows = []
    ordered = hits.sort_values(["doc_id", "start", "end"], kind="stable")
    for r in ordered.itertuples(index=False):
        text = texts[r.doc_id]
        if r.doc_id not in words_cache:
            norm = fast_normalize(text)
            spans = [norm.span(m.start(), m.end()) for m in _WORD.finditer(norm.text)]
            words_cache = {r.doc_id: (np.asarray([s for s, _ in spans], np.int64), spans)}
        starts, spans = words_cache[r.doc_id]
        before = int(np.searchsorted([e for _, e in spans], r.start, side="right"))
        after = int(np.searchsorted(starts, r.end, side="left"))
        left_spans = spans[max(0, before - window) : before] if window else []
        right_spans = spans[after : after + window] if window else []
        left = ws.sub(" ", text[left_spans[0][0] : left_spans[-1][1]]) if left_spans else ""
        right = ws.sub(" ", text[right_spans[0][0] : right_spans[-1][1]]) if right_spans else ""
        negated = bool(getattr(r, "negated", False))
        rows.append(
            (r.doc_id, r.sent_id, r.start, r.end, left, text[r.start : r.end], right, r.term, r.category, negated)
        )
    frame = pd.DataFrame(rows, columns=list(KWIC))
    return frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "negated": "bool"})
