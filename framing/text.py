"""Text layer: normalization with an offset map, paragraphs, sentences and word tokens.

Everything here works offline with no NLTK data installed: sentences come from NLTK's
Punkt algorithm with a fixed list of news abbreviations instead of a trained model
(:mod:`framing.sentences`), and words from :data:`WORD_PATTERN` run by the ``regex`` engine
with NLTK's ``RegexpTokenizer`` flags (the same spans, no time limit: the pattern is linear).
Every span is a pair of character offsets into the text the user sees (``documents.text``).

Normalization (:func:`normalize`) makes the *matching view* of a text: canonical composition
(NFC, so ``e`` + U+0301 is ``é``; :func:`compose`), then per character NFKC, case folded,
curly quotes and apostrophes made straight, hyphens and dashes made ``-``, soft hyphens
and zero-width characters removed.  The original text is never changed; the view keeps
a map from each of its characters back to the original, so a match found in the view
is reported at its place in the original (``Normalized.span``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import regex

from framing.schema import SENTENCES, TOKENS, as_documents
from framing.sentences import ABBREVIATIONS, paragraph_spans, sentence_spans  # noqa: F401 - re-exported

# --- Normalization ---

#: Characters removed from the matching view: they are invisible in print but split
#: words for a naive matcher (soft hyphen, zero-width space/joiners, word joiner, BOM).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

#: One-to-one replacements applied in the matching view.  Quotes and apostrophes are
#: matched alike (the voice layer reads the original text, where they stay distinct).
QUOTE_MARKS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
}  # fmt: skip
DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
SPACES = {c: " " for c in "\u00a0\u2009\u202f"}
_REPLACE = {**QUOTE_MARKS, **DASHES, **SPACES}

#: ``str.translate`` table making typographic quotes and apostrophes ASCII, one for one.
STRAIGHTEN_QUOTES = str.maketrans(QUOTE_MARKS)
_TRANSLATE = str.maketrans({**_REPLACE, **{c: None for c in INVISIBLE}})
#: ``str.translate`` table of every one-for-one replacement of the matching view.
ONE_TO_ONE = str.maketrans(_REPLACE)
_ONE_TO_ONE = ONE_TO_ONE
_HAS_INVISIBLE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True)
class Normalized:
    """The matching view of a text.

    ``text`` is the view.  ``starts[i]`` is the offset in the original text of the
    character that produced view character ``i`` and ``ends[i]`` the offset just after
    it; both are ``None`` when the view is aligned one to one with the original
    (the common case, which costs no memory).
    """

    text: str
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span ``[start, end)`` to the original text."""
        if self.starts is None:
            return start, end
        if end <= start:
            o = int(self.starts[start]) if start < len(self.starts) else int(self.ends[-1]) if len(self.ends) else 0
            return o, o
        return int(self.starts[start]), int(self.ends[end - 1])


#: Characters that may change under NFC or join the character before them (NFC_Quick_Check No or
#: Maybe, or a combining class above 0); a run of them and the character before it is one segment.
_UNSAFE = r"\p{NFC_QC=N}\p{NFC_QC=M}\P{ccc=0}"
_SEGMENT = regex.compile(f"[^{_UNSAFE}]?[{_UNSAFE}]+", regex.DOTALL)


class Composition:
    """Where NFC changed a text: segments ``[a, b)`` of the text that became ``[ca, cb)`` of the composed text.

    Outside the segments the composed text is the text, shifted.  :meth:`starts_ends` maps
    composed offsets back: a character inside a segment stands for the whole segment.
    """

    __slots__ = ("a", "b", "ca", "cb", "shift")

    def __init__(self, a: list[int], b: list[int], ca: list[int], cb: list[int]):
        self.a, self.b, self.ca, self.cb = (np.asarray(x, dtype=np.int64) for x in (a, b, ca, cb))
        self.shift = np.concatenate(([0], np.cumsum((self.b - self.a) - (self.cb - self.ca))))

    def starts_ends(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Offsets in the text of the start and the end of the characters at composed offsets ``x``."""
        k = np.searchsorted(self.cb, x, side="right")
        kc = np.minimum(k, len(self.a) - 1)
        inside = (k < len(self.a)) & (self.ca[kc] <= x)
        plain = x + self.shift[k]
        return np.where(inside, self.a[kc], plain), np.where(inside, self.b[kc], plain + 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span of the composed span ``[start, end)``."""
        s, _ = self.starts_ends(np.asarray([start]))
        if end <= start:
            return int(s[0]), int(s[0])
        _, e = self.starts_ends(np.asarray([end - 1]))
        return int(s[0]), int(e[0])


def compose(text: str) -> tuple[str, Composition | None]:
    """``unicodedata.normalize("NFC", text)`` and the map back to ``text`` (None when it is NFC already).

    Linear: only the segments that may change (a character and the combining or composable
    characters after it, :data:`_SEGMENT`) are composed, one at a time.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    a, b, ca, cb = [], [], [], []
    prev = pos = 0
    for m in _SEGMENT.finditer(text):
        seg = m.group()
        new = unicodedata.normalize("NFC", seg)
        if new == seg:
            continue
        s, e = m.span()
        parts.append(text[prev:s])
        parts.append(new)
        pos += s - prev
        a.append(s)
        b.append(e)
        ca.append(pos)
        pos += len(new)
        cb.append(pos)
        prev = e
    parts.append(text[prev:])
    return "".join(parts), Composition(a, b, ca, cb)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _by_char(table: dict) -> dict[str, str]:
    return {chr(k): "" if v is None else chr(v) if isinstance(v, int) else v for k, v in table.items()}


#: :data:`_TRANSLATE` and :data:`ONE_TO_ONE` by character (every key is non-ASCII, every value ASCII or empty).
_VIEW_REPLACE, _ONE_TO_ONE_REPLACE = _by_char(_TRANSLATE), _by_char(ONE_TO_ONE)


def _translated(text: str, replace: dict[str, str] = _VIEW_REPLACE) -> str:
    """``text.translate(_TRANSLATE)``, a replace per distinct character present (no per-character table lookup)."""
    if text.isascii():
        return text
    for ch in set(_NON_ASCII.findall(text)).intersection(replace):
        text = text.replace(ch, replace[ch])
    return text


def one_to_one(text: str) -> str:
    """``text.translate(ONE_TO_ONE)`` (quotes, dashes and spaces made ASCII, one character for one), faster."""
    return _translated(text, _ONE_TO_ONE_REPLACE)


def normalize(text: str) -> Normalized:
    """Return the matching view of ``text`` (see the module docstring)."""
    view = _translated(text)
    if len(view) == len(text):
        folded = view.casefold()
        if len(folded) == len(view) and (view.isascii() or unicodedata.is_normalized("NFKC", view)):
            return Normalized(folded)
    return _normalize_slow(text)


def _normalize_slow(text: str) -> Normalized:
    """Character by character (each distinct character's view piece computed once), for texts
    where the view and the original differ in length; on the NFC form of texts not in NFC."""
    composed, comp = compose(text)
    pieces = [_piece(ch) for ch in composed]
    n = len(composed)
    starts = np.repeat(np.arange(n, dtype=np.int64), np.fromiter(map(len, pieces), np.int64, len(pieces)))
    if comp is None:
        return Normalized("".join(pieces), starts, starts + 1)
    return Normalized("".join(pieces), *comp.starts_ends(starts))


@lru_cache(maxsize=65_536)
def _piece(ch: str) -> str:
    """The view of one character: "" (invisible), its replacement, NFKC form, case folded."""
    if ch in INVISIBLE:
        return ""
    piece = ch.translate(_ONE_TO_ONE)
    if not piece.isascii():
        piece = unicodedata.normalize("NFKC", piece).translate(_TRANSLATE)
    return piece.casefold()


# --- Paragraphs and sentences ---

# ABBREVIATIONS, paragraph_spans and sentence_spans live in :mod:`framing.sentences` (the one
# splitter: untrained NLTK Punkt re-implemented, tested equal to NLTK's Punkt) and are
# re-exported here.


# --- Words ---

#: A word: letters or digits, with inner hyphens and apostrophes ("foreign-backed",
#: "won't", "Lukashenko's").  Matched on the normalized view.
WORD_PATTERN = r"\w+(?:[-']\w+)*"
#: :data:`WORD_PATTERN` as NLTK's ``RegexpTokenizer(WORD_PATTERN)`` compiles it (the ``regex``
#: engine, whose ``\w`` also takes combining marks), run without NLTK's 5 s time limit: the
#: pattern is linear (a joiner is no word character, so a run splits one way), and a 50 MB
#: text without a paragraph break is ordinary input, not an attack.
WORD_RX = regex.compile(WORD_PATTERN, regex.UNICODE | regex.MULTILINE | regex.DOTALL)


#: :data:`WORD_RX` with the word captured: its ``split`` gives gap, word, gap, ..., gap (the same matches).
_WORD_SPLIT = regex.compile(f"({WORD_PATTERN})", regex.UNICODE | regex.MULTILINE | regex.DOTALL)


def word_arrays(text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`word_spans` as ``(starts, ends, norms)``: two int64 arrays and the list of normalized words."""
    view = normalize(text)
    parts = _WORD_SPLIT.split(view.text)  # no Match object per word: offsets from the pieces' lengths
    offsets = np.cumsum(np.fromiter(map(len, parts), np.int64, len(parts)))
    starts, ends = offsets[0:-1:2], offsets[1::2]
    if view.starts is not None:
        starts, ends = view.starts[starts], view.ends[ends - 1]
    return starts.astype(np.int64, copy=False), ends.astype(np.int64, copy=False), parts[1::2]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, norm)`` of each word of ``text``; ``norm`` is its normalized form."""
    starts, ends, norms = word_arrays(text)
    return list(zip(starts.tolist(), ends.tolist(), norms, strict=True))


def count_words(text: str) -> int:
    """Number of words of ``text`` (as :func:`word_spans` counts them)."""
    return sum(1 for _ in WORD_RX.finditer(normalize(text).text))


# --- Names ---

#: A capitalised word: an upper-case letter, a lower-case letter, then the rest of a word of
#: :data:`WORD_PATTERN` ("Court", "McCain", "Trump's"; not "I'm", "NATO", "iPhone").
_CAPITALISED = r"\p{Lu}\p{Ll}\w*(?:[-']\w+)*"
_CAPITALISED_RX = regex.compile(rf"(?<!\w)(?<!\w[-']){_CAPITALISED}")
#: A capitalised word that continues a sentence: only spaces or tabs part it from the word
#: before (which may end in a comma or semicolon), or from a period closing an abbreviation
#: of :data:`ABBREVIATIONS` or an initial ("Sen. Warren", "U.S. Supreme Court", "John F. Kennedy").
_ABBREVIATION = "|".join(sorted(map(regex.escape, ABBREVIATIONS), key=len, reverse=True))
_CONTINUING_RX = regex.compile(
    rf"(?=\p{{Lu}}\p{{Ll}})(?<=(?:\w[,;]?|(?<![\w.])(?:(?i:{_ABBREVIATION})|\p{{Lu}})\.)[ \t]+){_CAPITALISED}"
)
#: A word of five or more letters that starts in lower case.
_LOWER_LONG_RX = regex.compile(r"(?<!\w)(?<!\w[-'])\p{Ll}\w{4,}")


def name_words(text: str) -> list[tuple[int, int]]:
    """Sorted ``(start, end)`` spans of the words of proper names in ``text`` (English).

    Sentiment dictionaries score the words of names as if they were opinions ("the
    Supreme Court" reads +0.56 to VADER, "United States" +0.36); :mod:`framing.sentiment`
    and :mod:`framing.wordshift` leave these words unscored.  A capitalised word (an
    upper-case then a lower-case letter: "Court", "McCain"; not "I'm", "NATO") is a name word

    1. where it continues a sentence: only spaces part it from the word before (which may
       end in "," or ";"), or from the period of an abbreviation of :data:`ABBREVIATIONS`
       or an initial ("Sen. Warren", "U.S. Supreme Court");
    2. or, where it starts a sentence, a quotation or a line, when the same word is a name
       word by rule 1 elsewhere in ``text``: a word capitalised only where sentences start
       ("Great news", "Sadly Trump said") is not known to be a name.

    A line in title case (three or more capitalised words of 4+ letters and no word of 5+
    letters in lower case: a headline) gives no evidence for rule 1: its words are name
    words only by rule 2.  Curly quotes, dashes and odd spaces count as their ASCII forms.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    text = one_to_one(text)
    words = [(m.start(), m.end()) for m in _CAPITALISED_RX.finditer(text)]
    if not words:
        return []
    continuing = {m.start() for m in _CONTINUING_RX.finditer(text)}
    if len(continuing) >= 3:  # three continuing words are needed for a title-case line
        breaks = np.fromiter((m.start() for m in re.finditer("\n", text)), np.int64)
        line = np.searchsorted(breaks, np.fromiter((s for s, _ in words), np.int64, len(words)))
        long_caps = np.bincount(line, weights=[e - s >= 4 for s, e in words], minlength=len(breaks) + 1)
        bounds = np.concatenate(([0], breaks, [len(text)]))
        title = np.zeros(len(bounds) - 1, dtype=bool)
        for k in np.flatnonzero(long_caps >= 3).tolist():
            title[k] = _LOWER_LONG_RX.search(text, int(bounds[k]), int(bounds[k + 1])) is None
        if title.any():
            continuing -= {s for (s, _), n in zip(words, line.tolist(), strict=True) if title[n]}
    known = {text[s:e] for s, e in words if s in continuing}
    return [(s, e) for s, e in words if s in continuing or text[s:e] in known]


# --- Tables ---


def sentences(corpus, abbreviations: frozenset[str] = ABBREVIATIONS) -> pd.DataFrame:
    """Sentences table (columns :data:`framing.schema.SENTENCES`), sorted by doc_id, start.

    ``sent_id`` counts from 0 within each document.  Accepts a :class:`Corpus` or its
    documents table.
    """
    docs = as_documents(corpus, arg="corpus")
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        for i, (s, e, p) in enumerate(sentence_spans(text, abbreviations)):
            rows.append((doc_id, i, p, s, e, text[s:e]))
    frame = pd.DataFrame(rows, columns=list(SENTENCES))
    return frame.astype({"sent_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64"})


def tokens(corpus, abbreviations: frozenset[str] = ABBREVIATIONS) -> pd.DataFrame:
    """Tokens table (columns :data:`framing.schema.TOKENS`), sorted by doc_id, start.

    ``token`` is the surface form (``text[start:end]``); ``norm`` its normalized form
    (lower case, straight apostrophes, no soft hyphens).  Words outside every sentence
    cannot occur: sentences cover every non-blank paragraph.
    """
    docs = as_documents(corpus, arg="corpus")
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        sents = sentence_spans(text, abbreviations)
        ends = np.asarray([e for _, e, _ in sents], dtype=np.int64)
        for t, (s, e, norm) in enumerate(word_spans(text)):
            sent = int(np.searchsorted(ends, s, side="right"))
            rows.append((doc_id, sent, t, s, e, text[s:e], norm))
    frame = pd.DataFrame(rows, columns=list(TOKENS))
    return frame.astype({"sent_id": "int64", "token_id": "int64", "start": "int64", "end": "int64"})
