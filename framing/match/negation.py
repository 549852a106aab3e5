"""Negation: the rule for one hit (:func:`negator`) and the same for many hits at once, on arrays.

For a hit starting at ``start`` with look-back floor ``floor``, the reference takes the
window ``text[max(floor, start - NEGATION_LOOKBACK):start]`` (80 characters), makes it
lower case with straight quotes and dashes (``str.translate(framing.text._TRANSLATE)``,
then ``str.lower``), cuts it into
words (:data:`framing.text.WORD_PATTERN`, ``\\w+(?:[-']\\w+)*``) and returns the nearest
of its last :data:`NEGATION_WINDOW` words that is a negator
(:data:`NEGATORS`, or a word ending in ``n't``), else ``""``.

:func:`batch_negators` does the same for every hit of a batch of joined texts on arrays:

1. **Characters.**  Each character is classed as the window's translation and lower-casing
   would see it: a word character (``\\w``), a joiner (``-`` or ``'``), or other.
   Characters whose translated lower case is not one character (invisible ones, which the
   translation deletes; ``İ``), is an ASCII letter or digit coming from a non-ASCII one
   (the Kelvin sign), or depends on context (``Σ``) are *odd*.
2. **Words of the whole batch.**  A word starts at a word character not preceded by a
   word character or by a joiner that follows a word character, and ends likewise; this
   is the greedy left-to-right reading of the word pattern, so the words of the whole
   text are found at once.
3. **Each hit.**  Its last words are the ones ending at or before ``start`` and starting
   at or after the window's start.  A hit whose window holds an odd character, or whose
   window cuts a word (at either end: the reference would read a piece of it as a word),
   is handed to the reference function itself; so is nothing else.
4. **Negators.**  A word is a negator if it is ASCII and its lower case is a
   :data:`NEGATORS` entry (words of up to 8 characters compared as 64-bit
   codes, longer ones one by one), or if it ends in ``n`` + an apostrophe (straight or
   typographic) + ``t``.

:func:`window_negators` (what :func:`framing.score.hits` calls) runs the same on the text
of the look-back windows only (each hit's 80 characters before it and two characters on
either side, windows that touch merged, joined by ``"\\x00"``): the words, negators and
floors there are those of the whole text, and the work and memory grow with the hits,
not with the text.

Without sentence ids the reference's floor is the end of the last ``.``/``?``/``!``
followed by whitespace, or line break, within the 80 characters before the hit
(:func:`batch_floors`).  ``tests/test_match.py`` holds both equal to the reference.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from framing.text import _TRANSLATE, WORD_PATTERN

__all__ = [
    "NEGATION_LOOKBACK", "NEGATION_WINDOW", "NEGATORS", "Chars", "batch_floors", "batch_negators", "negator",
    "window_negators",
]

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
#: The end of a sentence, searched in the reversed look-back window when there are no sentence ids.
SENT_END_REV = re.compile(r"\s[.!?]|\n")


def negator(text: str, start: int, floor: int) -> str:
    """The nearest negator among the :data:`NEGATION_WINDOW` words before ``start`` (not before ``floor``)."""
    window = text[max(floor, start - NEGATION_LOOKBACK) : start]
    window = window.lower() if window.isascii() else window.translate(_TRANSLATE).lower()
    words = _WORD.findall(window)[-NEGATION_WINDOW:]
    for w in reversed(words):
        if w in NEGATORS or w.endswith("n't"):
            return w
    return ""


#: ``str.isspace`` of the Basic Multilingual Plane (what ``str.strip`` and ``re``'s ``\\s``
#: remove); no character above it is whitespace.
_ISSPACE = np.asarray([chr(c).isspace() for c in range(0x10000)], dtype=bool)


def _lookup(table: np.ndarray, cps: np.ndarray) -> np.ndarray:
    """``table[cps]`` for a table over the Basic Multilingual Plane (False above it)."""
    if cps.dtype == np.uint8 or not len(cps) or cps.max() < 0x10000:
        return table[cps]
    out = table[np.minimum(cps, 0xFFFF)]
    out &= cps < 0x10000
    return out


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_WORD_BYTES = bytes(int(c < 128 and (chr(c).isalnum() or c == 95)) for c in range(256))
_BIT5 = np.uint64(0x2020202020202020)
#: the low ``k`` bytes of a 64-bit code
_MASKS = np.asarray([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


class Chars:
    """What the reference's translation and lower-casing make of each character of a batch.

    ``word``: a word character (``\\w``) mask over the text.  ``high``: positions of the
    non-ASCII characters; ``apos``: whether each reads as an apostrophe; ``join``: whether
    each reads as ``-`` or ``'``; ``odd``: sorted positions of the odd ones (module
    docstring).  ``low``: the low bytes of the code points.
    """

    __slots__ = ("cps", "low", "word", "high", "apos", "join", "odd")

    def __init__(self, cps: np.ndarray, low=None, high=None, uniq=None, inverse=None):
        self.cps = cps
        self.low = low = (cps if cps.dtype == np.uint8 else cps.astype(np.uint8)) if low is None else low
        # a byte table through bytes.translate: several times faster than indexing in numpy
        self.word = np.frombuffer(bytearray(low.tobytes().translate(_WORD_BYTES)), dtype=np.bool_)
        if cps.dtype == np.uint8:
            self.high = self.odd = np.zeros(0, dtype=np.int64)
            self.apos = self.join = np.zeros(0, dtype=bool)
            return
        if high is None:
            high = np.flatnonzero(cps > 127)
            uniq, inverse = np.unique(cps[high], return_inverse=True)
        u_word, u_join, u_odd, u_apos = (np.zeros(len(uniq), dtype=bool) for _ in range(4))
        for j, u in enumerate(uniq.tolist()):
            c = chr(u)
            t = c.translate(_TRANSLATE).lower()
            if len(t) != 1 or c in "\u03a3\u03c2" or (t.isascii() and t.isalnum()):
                u_odd[j] = True
            else:
                u_word[j] = t.isalnum() or t == "_"
                u_join[j] = t in "-'"
                u_apos[j] = t == "'"
        self.word[high] = u_word[inverse]
        self.high = high
        self.apos = u_apos[inverse]
        self.join = u_join[inverse]
        self.odd = high[u_odd[inverse]]

    def joiner(self, pos: np.ndarray) -> np.ndarray:
        """Whether the characters at ``pos`` read as ``-`` or ``'``."""
        c = self.cps[pos]
        return ((c == 45) | (c == 39)) | self._high_flag(pos, c, self.join)

    def apostrophe(self, pos: np.ndarray) -> np.ndarray:
        """Whether the characters at ``pos`` read as ``'``."""
        c = self.cps[pos]
        return (c == 39) | self._high_flag(pos, c, self.apos)

    def _high_flag(self, pos: np.ndarray, c: np.ndarray, flag: np.ndarray) -> np.ndarray:
        """``flag`` of the non-ASCII characters among ``pos`` (code points ``c``), False elsewhere."""
        out = np.zeros(len(pos), dtype=bool)
        if len(self.high):
            at = np.flatnonzero(c > 127)
            out[at] = flag[np.searchsorted(self.high, pos[at])]
        return out


#: Characters :func:`_words` reads at a time.
_WORDS_CHUNK = 1 << 22


def _words(chars: Chars) -> tuple[np.ndarray, np.ndarray]:
    """Starts and (exclusive) ends of the words of the whole text, in order.

    Runs of word characters, merged across a single joiner between two runs.
    """
    word = chars.word
    n = len(word)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # a chunk at a time, as 32-bit offsets when they fit: small masks and arrays on a huge text
    itype = np.int32 if n < 2**31 else np.int64
    parts = [np.zeros(int(word[0]), dtype=itype)]
    for a in range(1, n, _WORDS_CHUNK):
        w = word[a - 1 : a + _WORDS_CHUNK]
        parts.append((np.flatnonzero(w[1:] != w[:-1]) + a).astype(itype))
    edges = np.concatenate(parts)
    del parts
    if len(edges) % 2:
        edges = np.append(edges, n)
    rs, re_ = edges[0::2], edges[1::2]
    if len(rs) < 2:
        return rs, re_
    gap = re_[:-1]
    glued = (rs[1:] == gap + 1) & chars.joiner(gap)
    first = np.ones(len(rs), dtype=bool)
    first[1:] = ~glued
    final = np.ones(len(rs), dtype=bool)
    final[:-1] = ~glued
    del gap, glued
    rs = rs[first]
    return rs, re_[final]


@lru_cache(maxsize=1)
def _negator_codes() -> tuple[np.ndarray, int]:
    """The ASCII negators of at most 8 characters packed as 64-bit codes, and the longest length."""
    codes = sorted(_code(w.encode("ascii")) for w in NEGATORS if w.isascii() and len(w) <= 8)
    return np.asarray(codes, dtype=np.uint64), max(map(len, NEGATORS), default=0)


def _code(b: bytes) -> int:
    return int.from_bytes(b.ljust(8, b"\x00"), "little")


def batch_floors(cps: np.ndarray, doc_start: np.ndarray, start: np.ndarray, low=None) -> np.ndarray:
    """The reference's look-back floor without sentence ids, for hits at ``start`` (global offsets).

    ``doc_start``: each hit's text start.  Returns global offsets: one past the last
    whitespace character that follows ``.``/``?``/``!``, or line break, in the window
    ``[max(doc_start, start - NEGATION_LOOKBACK), start)`` (both characters inside it), else ``doc_start``.
    ``low``: the low bytes of ``cps``, if known.
    """
    if low is None:
        low = cps if cps.dtype == np.uint8 else cps.astype(np.uint8)
    n = len(cps)
    is_nl = low == 10
    if cps.dtype != np.uint8:
        is_nl &= cps == 10
    marks = np.flatnonzero(((low == 46) | (low == 63) | (low == 33)) & (cps < 128))
    marks = marks[marks + 1 < n]
    after_mark = marks[_lookup(_ISSPACE, cps[marks + 1])] + 1
    nl = np.flatnonzero(is_nl)
    at = np.concatenate((nl, after_mark))
    need = np.concatenate((np.zeros(len(nl), dtype=np.int64), np.ones(len(after_mark), dtype=np.int64)))
    order = np.lexsort((need, at))  # a line break after a mark needs only itself inside
    at, need = at[order], need[order]
    keep = np.ones(len(at), dtype=bool)
    keep[1:] = at[1:] != at[:-1]
    at, need = at[keep], need[keep]
    lo = np.maximum(doc_start, start - NEGATION_LOOKBACK)
    k = np.searchsorted(at, start - 1, side="right") - 1
    kc = np.maximum(k, 0)
    ok = (k >= 0) & (at[kc] - need[kc] >= lo) if len(at) else np.zeros(len(start), dtype=bool)
    return np.where(ok, at[kc] + 1 if len(at) else doc_start, doc_start)


def batch_negators(text: str, chars: Chars, start: np.ndarray, floor: np.ndarray, reference=None) -> np.ndarray:
    """The negator of each hit (``""`` for none; an object array of str), as ``reference(text, start, floor)`` gives it.

    ``text``: the joined texts of a batch; ``chars``: its characters (:class:`Chars`);
    ``start``, ``floor``: each hit's start and look-back floor (global offsets, the floor
    not before the hit's text); ``reference``: :func:`negator` (the default), called for
    the hits the arrays cannot decide (see the module docstring).
    """
    reference = negator if reference is None else reference
    m = len(start)
    if not m:
        return np.zeros(0, dtype=object)
    cps, low, high = chars.cps, chars.low, chars.high
    ws, we = _words(chars)
    lo = np.maximum(floor, start - NEGATION_LOOKBACK)
    last = np.searchsorted(we, start, side="right") - 1  # last word ending at or before start
    nxt = np.minimum(last + 1, max(len(ws) - 1, 0))
    hard = (last + 1 < len(ws)) & (ws[nxt] < start) if len(ws) else np.zeros(m, dtype=bool)
    # a hit inside a word, just after a joiner ("anti-abortion"): the window's last word is
    # the part of that word before the joiner, added as a word of its own
    part = np.zeros(m, dtype=bool)
    at = np.flatnonzero(hard & (start >= 2))
    if len(at):
        s1 = start[at] - 1
        part[at] = (ws[nxt[at]] >= lo[at]) & chars.joiner(s1) & chars.word[s1 - 1]
        hard &= ~part
        extra = np.flatnonzero(part)
        ws = np.concatenate((ws, ws[nxt[extra]]))
        we = np.concatenate((we, start[extra] - 1))
    if len(chars.odd):
        hard |= np.searchsorted(chars.odd, start, side="left") > np.searchsorted(chars.odd, lo, side="left")
    # the last NEGATION_WINDOW words in the window, nearest first (-1: none)
    picks = np.full((m, NEGATION_WINDOW), -1, dtype=np.int64)
    own = np.full(m, -1, dtype=np.int64)  # index of the added word of each such hit
    own[part] = len(ws) - int(part.sum()) + np.arange(int(part.sum()))
    for j in range(NEGATION_WINDOW):
        idx = np.where(part, own if j == 0 else last - j + 1, last - j)
        inside = idx >= 0
        idc = np.maximum(idx, 0)
        if len(ws):
            cut = inside & (ws[idc] < lo) & (we[idc] > lo)
            hard |= cut
            inside &= ws[idc] >= lo
        picks[:, j] = np.where(inside, idx, -1)
    flat = picks.ravel()
    wanted = flat[flat >= 0]  # the picked words, once per hit that picks them
    neg = np.zeros(len(flat), dtype=bool)
    if len(wanted):
        s, e = ws[wanted], we[wanted]
        size = e - s
        # n't: the last three characters read n, apostrophe, t
        at = np.flatnonzero(size >= 3)
        c3 = cps[e[at] - 1]
        at = at[(c3 == 116) | (c3 == 84)]
        c1 = cps[e[at] - 3]
        at = at[(c1 == 110) | (c1 == 78)]
        nt = np.zeros(len(wanted), dtype=bool)
        nt[at[chars.apostrophe(e[at] - 2)]] = True
        # negator words: ASCII, 2 to 8 characters, their bytes read at once as a 64-bit code
        # (little-endian, the bytes past the word masked off), lower case by setting bit 5 of
        # each byte: it makes an ASCII capital lower case and no other word byte a letter
        short = np.flatnonzero((size <= 8) & (size >= 2))
        padded = np.concatenate((low, np.zeros(8, dtype=np.uint8)))
        eight = np.ndarray((len(low),), dtype="<u8", buffer=padded, strides=(1,))  # the 8 bytes from each offset
        codes = (eight[s[short]] | _BIT5) & _MASKS[size[short]]
        table, longest = _negator_codes()
        hit = np.zeros(len(wanted), dtype=bool)
        hit[short] = table[np.minimum(np.searchsorted(table, codes), len(table) - 1)] == codes
        if longest > 8:  # negators too long to pack: looked up one by one
            for j in np.flatnonzero((size > 8) & (size <= longest)).tolist():
                hit[j] = text[s[j] : e[j]].lower() in NEGATORS
        at = np.flatnonzero(hit)  # only an ASCII word is one (the low bytes of others may read as one)
        hit[at] = np.searchsorted(high, e[at], side="left") == np.searchsorted(high, s[at], side="left")
        neg[flat >= 0] = hit | nt
    # each hit's nearest negator word, written out once per word
    neg = neg.reshape(picks.shape) & ~hard[:, None]
    chosen = np.full(m, -1, dtype=np.int64)
    for j in reversed(range(NEGATION_WINDOW)):
        chosen[neg[:, j]] = picks[neg[:, j], j]
    has = np.flatnonzero(chosen >= 0)
    words, which = np.unique(chosen[has], return_inverse=True)
    spelled = [text[a:b].translate(_TRANSLATE).lower() for a, b in zip(ws[words].tolist(), we[words].tolist(),
                                                                           strict=True)]
    pick = np.full(m, len(words), dtype=np.int64)  # the word of each hit; past the words: none ("")
    pick[has] = which
    out = np.asarray([*spelled, ""], dtype=object)[pick]
    for i in np.flatnonzero(hard).tolist():
        out[i] = reference(text, int(start[i]), int(floor[i]))
    return out


def window_negators(text: str, start: np.ndarray, floor: np.ndarray | None, doc_start: np.ndarray | None = None,
                    whole=None, share: float = 0.5):
    """:func:`batch_negators` of the hits at ``start`` in ``text`` (global offsets), read on their windows only.

    ``floor``: each hit's look-back floor, or None (no sentence ids: :func:`batch_floors`
    with ``doc_start``, each hit's text start).  The windows ``[start - 82, start + 2)``
    hold the look-back window ``[start - 80, start)`` with two characters on either side,
    enough to tell whether a word runs across either end (a word starts at a word character
    after neither a word character nor a joiner that follows one); touching windows are
    merged, and the merged pieces joined by ``"\\x00"`` (neither a word character nor a joiner).
    When the windows cover more than ``share`` of the text (hits every few words), the whole
    text is read instead, its characters from ``whole()`` (a :class:`Chars` of ``text``) when given.
    """
    m = len(start)
    if not m:
        return np.zeros(0, dtype=object)
    order = np.argsort(start, kind="stable")
    st = start[order]
    lo = np.maximum(st - (NEGATION_LOOKBACK + 2), 0)
    hi = np.minimum(st + 2, len(text))
    new = np.ones(m, dtype=bool)
    new[1:] = lo[1:] > hi[:-1]  # hi grows with st: the previous window's end is the merged one's
    first = np.flatnonzero(new)
    a, b = lo[first], hi[np.append(first[1:] - 1, m - 1)]  # the merged windows
    if int((b - a).sum()) > share * len(text):
        chars = whole() if whole is not None else Chars(_code_points(text))
        if floor is None:
            floor = batch_floors(chars.cps, doc_start, start, chars.low)
        return batch_negators(text, chars, start, floor)
    out = np.empty(m, dtype=object)
    fl = None if floor is None else floor[order]
    ds = None if doc_start is None else doc_start[order]
    for k in range(0, m, _HIT_BLOCK):  # a block of hits at a time: a bounded window text on a huge one
        part = slice(k, k + _HIT_BLOCK)
        got = _on_windows(text, st[part], None if fl is None else fl[part], None if ds is None else ds[part])
        out[order[part]] = got
    return out


#: Hits whose windows :func:`window_negators` reads at a time.
_HIT_BLOCK = 1 << 15


def _on_windows(text: str, st: np.ndarray, floor: np.ndarray | None, doc_start: np.ndarray | None) -> np.ndarray:
    """:func:`window_negators` of hits sorted by ``st``, on the text of their windows."""
    lo = np.maximum(st - (NEGATION_LOOKBACK + 2), 0)
    hi = np.minimum(st + 2, len(text))
    new = np.ones(len(st), dtype=bool)
    new[1:] = lo[1:] > hi[:-1]  # hi grows with st: the previous window's end is the merged one's
    seg = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    a, b = lo[first], hi[np.append(first[1:] - 1, len(st) - 1)]
    local = np.concatenate(([0], np.cumsum(b - a + 1)[:-1]))  # where each piece starts in the window text
    shift = (a - local)[seg]  # global offset = local offset + shift
    windows = "\x00".join([text[x:y] for x, y in zip(a.tolist(), b.tolist(), strict=True)])
    cps = np.frombuffer(windows.encode("ascii"), dtype=np.uint8) if windows.isascii() else _code_points(windows)
    ls = st - shift
    lf = batch_floors(cps, doc_start - shift, ls) if floor is None else floor - shift

    def reference(_, s: int, f: int) -> str:  # the rule itself, on the whole text
        k = int(np.searchsorted(local, s, side="right")) - 1
        d = int(a[k] - local[k])
        return negator(text, s + d, f + d)

    return batch_negators(windows, Chars(cps), ls, lf, reference)
