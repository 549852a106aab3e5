"""The matching view of texts, fast: one text (:class:`View`) or a batch joined as bytes (:class:`BatchView`).

Both give the view of :func:`framing.text.normalize` (NFKC, case folded, quotes and dashes
made ASCII, invisible characters dropped) with a sparse map back to the original offsets:
only the characters whose normalized piece is not one character long are listed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from framing.text import WORD_RX, Composition, _piece, compose, count_words, normalize

_NONASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _word_char(c: str) -> bool:
    """Whether the word tokenizer of :mod:`framing.text` (``regex``'s ``\\w``) takes ``c`` as a word character."""
    return WORD_RX.match(c) is not None


_ASCII_WORD = np.asarray([_word_char(chr(c)) for c in range(128)], dtype=bool)
#: :data:`_ASCII_WORD` over the 256 haystack bytes (False above 127).
_BYTE_WORD = np.concatenate((_ASCII_WORD, np.zeros(128, dtype=bool)))
#: Haystack bytes :meth:`BatchView.count_words` reads at a time.
WORD_CHUNK = 1 << 22




class View:
    """The matching view of a text with a sparse map back to it.

    Same view text and the same :meth:`span` as :class:`framing.text.Normalized`, but the
    map is stored as the few characters whose normalized piece is not one character long
    (``orig``: their offsets; ``length``: their piece lengths), not one entry per character.
    """

    __slots__ = ("text", "_orig", "_vstart", "_vend", "_extra", "_comp")

    def __init__(self, text: str, orig=None, length=None, comp: Composition | None = None):
        self.text = text
        #: for a text not in NFC: the map from its NFC form (what ``orig`` counts in) back to it
        self._comp = comp
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
        if self._comp is not None:
            return self._comp.span(*self._span(start, end))
        return self._span(start, end)

    def _span(self, start: int, end: int) -> tuple[int, int]:
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
    the characters whose piece is not one character long are kept in a sparse map.  A text
    not in NFC: the view of its NFC form (:func:`framing.text.compose`), mapped back.
    """
    if text.isascii():
        return View(text.lower())
    if not unicodedata.is_normalized("NFC", text):  # e + U+0301: the view of its NFC form, mapped back
        composed, comp = compose(text)
        view = fast_normalize(composed)
        view._comp = comp
        return view
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



#: ``BatchView._low`` of ASCII text not encoded yet.
_LAZY = np.zeros(0, dtype=np.uint8)

#: Separator between the documents of a batch in the joined text.
SEPARATOR = "\x00"

#: Haystack byte of a non-ASCII view character that no key holds: word / not a word.
_OTHER, _OTHER_WORD = 0x80, 0x81

_SPACE_BYTES = [ord(c) for c in map(chr, range(128)) if c.isspace()]


#: Ranges of code points that are their own NFC, combine with nothing before them and have
#: combining class 0 (NFC quick check: a text of such characters is in NFC); tested on every one.
NFC_SAFE = ((0, 0x300), (0x2002, 0x2070))


def nfc_safe(cps: np.ndarray) -> np.ndarray:
    """Whether each code point lies in :data:`NFC_SAFE`."""
    return ((cps >= NFC_SAFE[0][0]) & (cps < NFC_SAFE[0][1])) | ((cps >= NFC_SAFE[1][0]) & (cps < NFC_SAFE[1][1]))


class BatchView:
    """The matching view of a batch of texts joined by :data:`SEPARATOR`, as bytes.

    ``text``: the joined texts; ``cps``: its code points (``uint8`` when ASCII, else
    ``uint32``), ``low`` their low bytes; ``tstart``: each text's offset in it; ``hay``: one byte per
    view character (ASCII as itself, lower case; a non-ASCII character as the code
    ``codes`` gives it, else :data:`_OTHER_WORD` or :data:`_OTHER`), plus one final
    ``\\x00``; ``vstart``: each text's offset in the view.  Characters whose piece is not one
    character long (``…``, soft hyphen) are listed in ``sp`` (text offsets) with their
    piece lengths ``sp_len``, the sparse map of :class:`View`.  Non-ASCII view
    characters: view offsets ``wide_at``, code points ``wide_cp``.  ``bad``: texts left to
    the one-view path (``fast_normalize`` falls back to ``normalize`` on them; never with
    ``as_view``: the texts are views already, each character stands for itself), and texts not
    in NFC (``fast_normalize`` composes them).  ``high``, ``uniq``, ``inverse``: text offsets of
    the non-ASCII characters, their distinct code points and each one's index among them (None
    for ASCII text), for later stages.
    """

    __slots__ = ("texts", "text", "_cps", "_low", "tstart", "hay", "vstart", "sp", "sp_vstart", "sp_vend",
                 "sp_extra", "wide_at", "wide_cp", "bad", "_string", "high", "uniq", "inverse")  # fmt: skip

    @property
    def cps(self) -> np.ndarray | None:
        """The code points of ``text`` (None with lone surrogates); for ASCII text its bytes,
        encoded when first asked for (the matcher itself reads only ``hay``)."""
        if self._cps is None and self._low is _LAZY:
            self._cps = self._low = np.frombuffer(self.text.encode("ascii"), dtype=np.uint8)
        return self._cps

    @property
    def low(self) -> np.ndarray | None:
        """The low bytes of the code points (:attr:`cps`)."""
        return self._low if self._low is not _LAZY else self.cps

    def release(self) -> None:
        """Drop the haystack and the view string once matching is done (they are as large as the text)."""
        self.hay = self._string = None

    def __init__(self, texts: list[str], codes: dict[str, int], as_view: bool = False):
        self.texts = texts
        self._string = None
        tlen = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        self.tstart = np.concatenate(([0], np.cumsum(tlen + 1)[:-1])).astype(np.int64)
        self.text = joined = SEPARATOR.join(texts)
        self.bad = np.zeros(len(texts), dtype=bool)
        self.sp = None
        self.wide_at = self.wide_cp = np.zeros(0, dtype=np.int64)
        self.vstart = self.tstart
        #: positions of the non-ASCII characters, their distinct code points and which one each is
        self.high = self.uniq = self.inverse = None
        self._cps = self._low = None
        if joined.isascii():
            # lower-cased a piece at a time into one buffer: no copy of the whole text but the haystack
            n = len(joined)
            hay = bytearray(n + 1)
            for a in range(0, n, WORD_CHUNK):
                piece = joined[a : a + WORD_CHUNK].encode("ascii").lower()
                hay[a : a + len(piece)] = piece
            self.hay = hay
            self._low = _LAZY
            return
        try:
            cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass" if as_view else "strict"), dtype=np.uint32)
        except UnicodeEncodeError:  # lone surrogates: each text goes through its own view
            self.bad[:] = True
            self.hay = joined.encode("ascii", "replace").lower() + b"\x00"
            return
        self._cps = cps
        high = np.flatnonzero(cps > 127)
        uniq, inverse = np.unique(cps[high], return_inverse=True)
        if not as_view:  # texts not in NFC go through their own view (fast_normalize composes them)
            # text by text (on a batch not in NFC the check normalizes all of it), only those with a
            # character outside NFC_SAFE: text of those characters alone is in NFC
            unsafe = high[~nfc_safe(uniq)[inverse]]
            for d in np.unique(np.searchsorted(self.tstart, unsafe, side="right") - 1).tolist():
                self.bad[d] = not unicodedata.is_normalized("NFC", texts[d])
        self.high, self.uniq, self.inverse = high, uniq, inverse
        pieces = []
        for u in uniq.tolist():
            c = chr(u)
            p = c if as_view else _piece(c)
            if not as_view and p.lower() != p and (p != c.lower() or len(p) != 1 or c in "\u03a3\u03c2"):
                # fast_normalize falls back to framing.text.normalize for such texts
                self.bad[np.searchsorted(self.tstart, high[cps[high] == u], side="right") - 1] = True
                p = c
            pieces.append(p)

        def code(ch: str) -> int:
            if ch < "\x80":
                return ord(ch)
            return codes.get(ch, _OTHER_WORD if ch.isalnum() else _OTHER)

        one = np.asarray([code(p) if len(p) == 1 else 0 for p in pieces], dtype=np.uint8)
        low = cps.astype(np.uint8)
        # ASCII lower-cased (bytes.lower, several times faster than a table lookup in numpy);
        # the non-ASCII positions are overwritten next
        hay = np.frombuffer(bytearray(memoryview(low)).lower() + b"\x00", dtype=np.uint8)
        self._low = low  # hay: one more byte, the final 0
        hay[high] = one[inverse]
        lengths = np.asarray([len(p) for p in pieces], dtype=np.int64)
        special = lengths[inverse] != 1
        wide = np.asarray([len(p) == 1 and p >= "\x80" for p in pieces], dtype=bool)[inverse]
        wide_at = high[wide]
        wide_cp = np.asarray([ord(p[0]) if len(p) == 1 else 0 for p in pieces], dtype=np.int64)[inverse[wide]]
        if not special.any():
            self.hay = hay.tobytes()
            self.wide_at, self.wide_cp = wide_at, wide_cp
            return
        sp = high[special]
        sp_piece = inverse[special]
        sp_len = lengths[sp_piece]
        extra = np.concatenate(([0], np.cumsum(sp_len - 1)))
        self.sp = sp
        self.sp_vstart = sp + extra[:-1]
        self.sp_vend = self.sp_vstart + sp_len
        self.sp_extra = extra
        raw = memoryview(hay)  # slices without copies; the join below copies once
        piece_bytes = [bytes(code(ch) for ch in p) for p in pieces]
        piece_wide = [[(k, ord(ch)) for k, ch in enumerate(p) if ch >= "\x80"] for p in pieces]
        parts, prev = [], 0
        more_at, more_cp = [], []
        for pos, j, vpos in zip(sp.tolist(), sp_piece.tolist(), self.sp_vstart.tolist(), strict=True):
            parts.append(raw[prev:pos])
            parts.append(piece_bytes[j])
            prev = pos + 1
            for k, cp in piece_wide[j]:  # the piece's non-ASCII characters, usually none
                more_at.append(vpos + k)
                more_cp.append(cp)
        parts.append(raw[prev:])  # to the final 0
        self.hay = b"".join(parts)
        self.vstart = self.to_view(self.tstart)
        at = np.concatenate((self.to_view(wide_at), np.asarray(more_at, dtype=np.int64)))
        cp = np.concatenate((wide_cp, np.asarray(more_cp, dtype=np.int64)))
        order = np.argsort(at, kind="stable")
        self.wide_at, self.wide_cp = at[order], cp[order]

    def to_view(self, pos: np.ndarray) -> np.ndarray:
        """View offsets of the text offsets ``pos`` (of characters, or of text starts)."""
        if self.sp is None:
            return pos
        return pos + self.sp_extra[np.searchsorted(self.sp, pos, side="left")]

    def _point(self, v: np.ndarray) -> np.ndarray:
        j = np.searchsorted(self.sp_vend, v, side="right")
        jc = np.minimum(j, len(self.sp) - 1)
        inside = (j < len(self.sp)) & (self.sp_vstart[jc] <= v)
        return np.where(inside, self.sp[jc], v - self.sp_extra[j])

    def text_spans(self, vs: np.ndarray, ve: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Text offsets, within each text ``doc``, of non-empty view spans (as ``View.span``)."""
        if self.sp is None:
            return vs - self.tstart[doc], ve - self.tstart[doc]
        return self._point(vs) - self.tstart[doc], self._point(ve - 1) + 1 - self.tstart[doc]

    def string(self) -> str:
        """The view of the whole batch as one string (the final ``\\x00`` included), built once."""
        if self._string is None:
            self._string = self._patched(0, len(self.hay))
        return self._string

    def _patched(self, a: int, b: int) -> str:
        """View string of ``hay[a:b]``: the bytes as characters, non-ASCII ones put back."""
        part = str(memoryview(self.hay)[a:b], "latin-1")  # no copy of the bytes first
        i, j = np.searchsorted(self.wide_at, (a, b))
        if i == j:
            return part
        pieces, prev = [], 0
        for pos, cp in zip((self.wide_at[i:j] - a).tolist(), self.wide_cp[i:j].tolist(), strict=True):
            pieces.append(part[prev:pos])
            pieces.append(chr(cp))
            prev = pos + 1
        pieces.append(part[prev:])
        return "".join(pieces)

    def vend(self) -> list[int]:
        """View offset just past each text."""
        return (np.append(self.vstart[1:], len(self.hay)) - 1).tolist()

    def doc_view(self, d: int) -> str:
        """The view string of text ``d`` (what ``fast_normalize(text).text`` gives)."""
        a = int(self.vstart[d])
        b = int(self.vstart[d + 1]) - 1 if d + 1 < len(self.vstart) else len(self.hay) - 1
        return self._patched(a, b)

    def count_words(self) -> np.ndarray:
        """:func:`framing.text.count_words` of every text, at once (tested equal to it).

        A word (``\\w+(?:[-']\\w+)*``) starts at a word character not preceded by a word
        character, nor by a joiner (``-``, ``'``) that itself follows a word character; the
        starts are found on the batch's view (texts are separated by ``"\\x00"``, neither).
        """
        hb = np.frombuffer(self.hay, dtype=np.uint8)
        n = len(hb)
        wide_word = np.zeros(0, dtype=bool)
        if len(self.wide_at):
            uniq, inverse = np.unique(self.wide_cp, return_inverse=True)
            wide_word = np.asarray([_word_char(chr(c)) for c in uniq.tolist()], dtype=bool)[inverse]
        out = np.zeros(len(self.texts), dtype=np.int64)
        # WORD_CHUNK bytes at a time (with the 2 before), so that the masks stay small on a huge text
        for a in range(0, n, WORD_CHUNK):
            lo, b = max(a - 2, 0), min(a + WORD_CHUNK, n)
            h = hb[lo:b]
            word = _BYTE_WORD[h]  # bytes above 127 are non-ASCII view characters, all in wide_at
            i, j = np.searchsorted(self.wide_at, (lo, b))
            word[self.wide_at[i:j] - lo] = wide_word[i:j]
            joiner = (h == 45) | (h == 39)  # - '
            after = np.concatenate(([False], word[:-2])) if len(h) > 1 else np.zeros(0, dtype=bool)
            starts = np.flatnonzero(word[1:] & ~word[:-1] & ~(joiner[:-1] & after)) + 1 + lo
            starts = starts[starts >= max(a, 1)]
            if a == 0 and n and word[0]:
                starts = np.concatenate(([0], starts))
            out += np.bincount(np.searchsorted(self.vstart, starts, side="right") - 1, minlength=len(self.texts))
        for d in np.flatnonzero(self.bad).tolist():
            out[d] = count_words(self.texts[d])
        return out.astype(np.int64)
