"""Batch sentence boundaries as numba kernels: :func:`batch_sentence_spans_jit`.

The same spans, in the same order, as :func:`framing._sentences_fast.batch_sentence_spans`
(untrained Punkt with a fixed abbreviation list, on each paragraph; Kiss & Strunk (2006),
"Unsupervised Multilingual Sentence Boundary Detection", *Computational Linguistics*
32(4): 485-525, as ``nltk.tokenize.punkt`` implements it), computed by compiled loops
instead of numpy passes and Python calls.  The rules are the ones documented in
:mod:`framing._sentences_fast`; this module reuses its character sets and, for the rare
paragraphs the kernels leave, its Python ``_paragraph``; the rest runs in
``numba.njit(cache=True)`` kernels:

* one vectorized pass marks line breaks and ``. ? !`` as the bits of 64-bit words, one
  word per 64 characters; the positions come out of the set bits (lowest set bit by a
  de Bruijn multiplication: Leiserson, Prokop & Randall (1998), "Using de Bruijn
  sequences to index a 1 in a computer word");
* paragraphs (``framing.text._PARAGRAPH_BREAK`` tried at each line break, then
  ``str.strip``);
* candidates (``_sentences_fast._CANDIDATE``: a mark followed by a character of
  ``_NW_CHARS`` (group 1) or by whitespace and a next token; the token is group 2 when it
  holds no ``. ? !`` nor U+001C..U+001F, or is a plain word (``_CORE``) with perhaps one
  final mark, else group 3);
* which candidates are examined and where their word starts (``_paragraph``'s loop);
* ``_decide``'s fast path for groups 1 and 2: lone marks, marks after solo punctuation
  or quotes, ellipses (``_ELLIPSIS_BEFORE``), and words before the period parsed as
  ``_WORD_BEFORE`` whose last token is ASCII (perhaps after one quote of ``_JOIN_CHARS``):
  abbreviations (ASCII lower case, whole or after the last ``-``), initials and numbers
  before the next token's first character (``str.islower``/``str.isupper`` tables);
* every other candidate as ``_context_has_break`` decides it: the context's lines cut
  into Punkt word tokens (``_WORD``: multi-character punctuation, the shortest run ending
  before whitespace, non-word punctuation, multi-character punctuation or a final comma,
  else one character), and ``_token_is_break`` on each token but the last;
* realignment of closing quotes (``_REALIGN``) and the sentence slices.

A paragraph with a candidate whose decision hangs on a token that ends in a period and
holds a non-ASCII character (Unicode lower case, ``\\d`` and ``\\w`` of the ``regex``
module), or on a next character above the Basic Multilingual Plane, goes, whole, to the
Python ``_paragraph`` of :mod:`framing._sentences_fast`.  On 10 MB of news text that is
25 paragraphs of 81,592.

Abbreviations are looked up by hash (FNV-1a over code points, Fowler-Noll-Vo) in a sorted
``int64`` array, then compared code point by code point: plain arrays are cheap to build
for any abbreviation set and keep the kernels free of numba's string objects, where a
typed dict of strings would be filled from Python for each set and would need a string
built for every lookup.

numba is optional (``framing[fast]``): without it :func:`available` is False and
:func:`batch_sentence_spans_jit` falls back to the numpy implementation.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from framing import _sentences_fast as _sf

try:  # optional: the extra ``framing[fast]``
    import numba as _numba
except ImportError:  # pragma: no cover - exercised only without numba
    _numba = None

__all__ = ["available", "batch_sentence_spans_jit"]


def available() -> bool:
    """Whether numba can be imported (the kernels need it)."""
    return _numba is not None


def _jit(func):
    return _numba.njit(cache=True, nogil=True)(func) if _numba is not None else func


# Character classes over the Basic Multilingual Plane, one bit each; code points above it
# have no class (none of these sets holds one, and ``str.isspace`` is False there).
_WS = 1  # regex ``\\s`` (Unicode White_Space): ``_WS_CHARS``
_SEP = 2  # U+001C..U+001F
_NW = 4  # ``_NW_CHARS``: cannot appear within words
_NOSTART = 8  # ``_NOSTART_CHARS``: cannot start a word token
_SOLO = 16  # ``_SOLO_CHARS``
_JOIN = 32  # ``_JOIN_CHARS``
_QUOTE = 64  # ``_QUOTE_CHARS``: realigned onto the previous sentence
_SPACE = 128  # ``str.isspace`` (``str.strip``, ``re``'s ``\\s``)
_LOWER = 256  # ``str.islower``
_UPPER = 512  # ``str.isupper``


@lru_cache(maxsize=1)
def _classes() -> np.ndarray:
    """The ``uint16`` class bits of each code point of the Basic Multilingual Plane (built once)."""
    bmp = "".join(map(chr, range(0x10000)))
    cls = np.zeros(0x10000, dtype=np.uint16)
    cls[_sf._ISSPACE] |= _SPACE
    cls[np.fromiter((c.islower() for c in bmp), dtype=bool, count=0x10000)] |= _LOWER
    cls[np.fromiter((c.isupper() for c in bmp), dtype=bool, count=0x10000)] |= _UPPER
    for chars, bit in (
        (_sf._WS_CHARS, _WS),
        ("\x1c\x1d\x1e\x1f", _SEP),
        (_sf._NW_CHARS, _NW),
        (_sf._NOSTART_CHARS, _NOSTART),
        (_sf._SOLO_CHARS, _SOLO),
        (_sf._JOIN_CHARS, _JOIN),
        (_sf._QUOTE_CHARS, _QUOTE),
    ):
        cls[[ord(c) for c in chars]] |= bit
    return cls


@_jit
def _hash(cps, a, b, lower):
    """FNV-1a (64 bit, over code points) of ``cps[a:b]``, ASCII letters lowered if ``lower``."""
    h = np.uint64(14695981039346656037)
    for k in range(a, b):
        c = np.int64(cps[k])
        if lower and 65 <= c <= 90:
            c += 32
        h = (h ^ np.uint64(c)) * np.uint64(1099511628211)
    return np.int64(h)


@lru_cache(maxsize=16)
def _abbreviation_table(abbreviations: frozenset[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(hashes, ptr, cps, order)``: abbreviation ``order[k]`` has hash ``hashes[k]`` (sorted)
    and code points ``cps[ptr[order[k]]:ptr[order[k] + 1]]``."""
    words = sorted(abbreviations)
    arrays = [np.frombuffer(w.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64) for w in words]
    ptr = np.zeros(len(words) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(a) for a in arrays])
    cps = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    hashes = np.asarray([_hash(a, 0, len(a), False) for a in arrays], dtype=np.int64)
    order = np.argsort(hashes, kind="stable")
    return hashes[order], ptr, cps, order


@_jit
def _is_abbreviation(cps, a, b, hashes, ptr, acps, order):
    """Is ``cps[a:b]``, ASCII letters lowered, one of the abbreviations?"""
    h = _hash(cps, a, b, True)
    k = 0  # the first hash >= h (a binary search; np.searchsorted compiles slowly)
    hi = hashes.shape[0]
    while k < hi:
        mid = (k + hi) // 2
        if hashes[mid] < h:
            k = mid + 1
        else:
            hi = mid
    while k < hashes.shape[0] and hashes[k] == h:
        j = order[k]
        s = ptr[j]
        if ptr[j + 1] - s == b - a:
            same = True
            for t in range(b - a):
                c = np.int64(cps[a + t])
                if 65 <= c <= 90:
                    c += 32
                if c != acps[s + t]:
                    same = False
                    break
            if same:
                return True
        k += 1
    return False


@_jit
def _cls(cps, k, cls):
    """Class bits of ``cps[k]`` (none above the Basic Multilingual Plane, as ``_sentences_fast._lookup``)."""
    c = cps[k]
    if c >= 0x10000:
        return 0
    return cls[c]


@_jit
def _popcount(x):
    """Number of set bits of the 64-bit word ``x`` (sums of bit fields, halves then nibbles)."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@_jit
def _masks(cps, nl_mask, mk_mask):
    """Kernel: bit ``j`` of ``nl_mask[g]`` / ``mk_mask[g]`` says whether ``cps[64 g + j]`` is a
    line break / one of ``. ? !``; returns how many there are of each.

    The 64 tests of a block are one loop that the compiler vectorizes (0.7 ms per 1.7
    million code points, where flag bytes, counting them and gathering their bits took 1.7).
    """
    n = cps.shape[0]
    full = n // 64
    a = 0
    b = 0
    for g in range(nl_mask.shape[0]):
        x = np.uint64(0)
        y = np.uint64(0)
        base = g * 64
        if g < full:
            for j in range(64):
                c = cps[base + j]
                x |= np.uint64(c == 10) << np.uint64(j)
                y |= np.uint64((c == 46) | (c == 63) | (c == 33)) << np.uint64(j)
        else:  # the last, partial block
            for j in range(n - base):
                c = cps[base + j]
                x |= np.uint64(c == 10) << np.uint64(j)
                y |= np.uint64((c == 46) | (c == 63) | (c == 33)) << np.uint64(j)
        nl_mask[g] = x
        mk_mask[g] = y
        a += np.int64(_popcount(x))
        b += np.int64(_popcount(y))
    return a, b


#: de Bruijn sequence and table: the index of the lowest set bit of a 64-bit word
#: (Leiserson, Prokop & Randall (1998), "Using de Bruijn sequences to index a 1 in a computer word").
_DEBRUIJN = 0x03F79D71B4CB0A89
_DEBRUIJN_TABLE = np.zeros(64, dtype=np.int64)
_DEBRUIJN_TABLE[[((1 << k) * _DEBRUIJN & (2**64 - 1)) >> 58 for k in range(64)]] = np.arange(64)


@_jit
def _bit_positions(masks, db, out):
    """Kernel: the positions ``64 g + j`` of the set bits ``j`` of ``masks[g]``, in order, into ``out``."""
    k = 0
    mul = np.uint64(_DEBRUIJN)
    one = np.uint64(1)
    for g in range(masks.shape[0]):
        m = masks[g]
        while m:
            low = m & (~m + one)
            out[k] = g * 64 + db[(low * mul) >> np.uint64(58)]
            k += 1
            m ^= low
    return k


@_jit
def _paragraphs(cps, starts, ends, nls, cls, out_s, out_e, out_p, out_d):
    """Kernel: ``batch_paragraph_spans`` of the texts ``cps[starts[d]:ends[d]]``; returns their number.

    ``nls``: positions of all line breaks, in order.
    """
    n = 0
    t = 0
    n_nl = nls.shape[0]
    for d in range(starts.shape[0]):
        s0 = starts[d]
        e0 = ends[d]
        while t < n_nl and nls[t] < s0:
            t += 1
        pos = s0
        p = 0
        while True:
            # the next match of framing.text._PARAGRAPH_BREAK, \n[ \t\r\f\v]*\n\s*, at a line break from pos
            a = -1
            b = e0
            while t < n_nl and nls[t] < e0:
                k = nls[t]
                t += 1
                if k < pos:
                    continue
                j = k + 1
                while j < e0 and (cps[j] == 32 or cps[j] == 9 or cps[j] == 13 or cps[j] == 12 or cps[j] == 11):
                    j += 1
                if j < e0 and cps[j] == 10:
                    a = k
                    j += 1
                    while j < e0 and _cls(cps, j, cls) & 128:
                        j += 1
                    b = j
                    break
            s = pos
            e = a if a >= 0 else e0
            while s < e and _cls(cps, s, cls) & 128:
                s += 1
            while e > s and _cls(cps, e - 1, cls) & 128:
                e -= 1
            if e > s:
                out_s[n] = s
                out_e[n] = e
                out_p[n] = p
                out_d[n] = d
                n += 1
                p += 1
            if a < 0:
                break
            pos = b
    return n


@_jit
def _core_end(cps, k, e, cls):
    """End of the plain word (``_sentences_fast._CORE``, longest) at ``cps[k:e]``, or -1 if none starts there."""
    if k >= e or _cls(cps, k, cls) & (1 | 2 | 4 | 8) or cps[k] == 46:
        return -1
    j = k + 1
    while j < e:
        x = cps[j]
        if x == 46 or x == 45 or x == 44:
            if j + 1 < e:
                y = cps[j + 1]
                if not (_cls(cps, j + 1, cls) & (1 | 2 | 4) or y == 46 or y == 45 or y == 44):
                    j += 2
                    continue
            break
        if _cls(cps, j, cls) & (1 | 2 | 4):
            break
        j += 1
    return j


@_jit
def _last_element(cps, a, e, cls, dots):
    """Parse ``cps[a:e]`` as ``_WORD_BEFORE`` (``dots`` False) or as ``_ELLIPSIS_BEFORE``
    without its final periods (``dots`` True): solo punctuation, lone quotes and plain words
    (perhaps after one quote), each quote or word followed by solo punctuation or a quote
    (or, with ``dots``, by the end).  Returns the start of the last element when it is a
    word ending at ``e`` (its quote included), ``e`` for a valid sequence ending otherwise
    (or empty), -1 when ``cps[a:e]`` does not match.
    """
    k = a
    last = e
    while k < e:
        c = _cls(cps, k, cls)
        if c & 16:
            k += 1
            last = e
            continue
        begin = k
        if c & 32:
            if k + 1 == e:
                if not dots:
                    return -1
                return e
            if _cls(cps, k + 1, cls) & (16 | 32):
                k += 1
                last = e
                continue
            k += 1
        j = _core_end(cps, k, e, cls)
        if j < 0:
            return -1
        if j < e and not (_cls(cps, j, cls) & (16 | 32)):
            return -1
        k = j
        last = begin if j == e else e
    return last


@_jit
def _decide(cps, i, w, g, gs, ge, cls, hashes, ptr, acps, order):
    """``_sentences_fast._decide`` for candidate ``cps[i]`` (word from ``w``, after part
    ``cps[gs:ge]`` of group ``g``): 1 break, 2 none, 0 not known here."""
    v = _decide_fast(cps, i, w, g, gs, cls, hashes, ptr, acps, order)
    if v == 3:
        return _context(cps, w, ge, cls, hashes, ptr, acps, order)
    return v


@_jit
def _decide_fast(cps, i, w, g, gs, cls, hashes, ptr, acps, order):
    """``_decide``'s fast path: 1 break, 2 none, 3 when the context's tokens decide, 0 not known here."""
    if g == 3:
        return 3
    if w == i or cps[i] != 46:
        return 1
    last = cps[i - 1]
    lc = _cls(cps, i - 1, cls)
    if lc & 16:
        return 1
    if lc & 32 or last == 33 or last == 63:
        if _is_abbreviation(cps, i - 1, i, hashes, ptr, acps, order):
            return 3
        return 1
    if last == 46:
        e = i - 1
        while e > w and cps[e - 1] == 46:
            e -= 1
        if _last_element(cps, w, e, cls, True) >= 0:
            return 2  # an ellipsis is never a break
        return 3
    w = _last_element(cps, w, i, cls, False)
    if w < 0 or w == i:
        return 3
    quote = (_cls(cps, w, cls) & 32) != 0
    for k in range(w + 1 if quote else w, i):
        if cps[k] >= 128:
            return 0
    # the token is cps[w:i] + "." (a quote, perhaps, then a plain ASCII word); the ones
    # before it are no breaks
    if _is_abbreviation(cps, w, i, hashes, ptr, acps, order):
        return 2
    h = i - 1
    while h >= w and cps[h] != 45:
        h -= 1
    if h >= w and _is_abbreviation(cps, h + 1, i, hashes, ptr, acps, order):
        return 2
    if quote:
        return 1
    c0 = cps[w]
    initial = i - w == 1 and ((65 <= c0 <= 90) or (97 <= c0 <= 122) or c0 == 95)
    number = False
    if 48 <= c0 <= 57:
        number = True
        for k in range(w, i):
            c = cps[k]
            if not ((48 <= c <= 57) or c == 44 or c == 46 or c == 45):
                number = False
                break
    if initial or number:
        a0 = cps[gs]
        if a0 >= 0x10000:
            return 0
        if a0 == 59 or a0 == 58 or a0 == 44 or a0 == 33 or a0 == 63 or cls[a0] & 256:
            return 2
        if initial and cls[a0] & 512:
            return 2
    return 1


#: Punkt's number type, as a token: ``_NUMERIC.sub`` leaves it as it is, and it counts as a number.
_NUMBER_LITERAL = np.asarray([ord(c) for c in "##number##."], dtype=np.int64)


@_jit
def _multi(cps, p, e, cls):
    """Length of Punkt's multi-character punctuation (``--``, ``..``, ``. . .``) at ``cps[p:e]``, or 0."""
    c = cps[p]
    if c == 45 or c == 46:
        j = p + 1
        while j < e and cps[j] == c:
            j += 1
        if j - p >= 2:
            return j - p
    if c != 46:
        return 0
    r = 0
    while p + 2 * r + 1 < e and cps[p + 2 * r] == 46 and _cls(cps, p + 2 * r + 1, cls) & 1:
        r += 1
    if r >= 2 and p + 2 * r < e and cps[p + 2 * r] == 46:
        return 2 * r + 1
    if r >= 3:
        return 2 * r - 1
    return 0


@_jit
def _token_break(cps, a, b, c, d, cls, hashes, ptr, acps, order):
    """``_sentences_fast._token_is_break`` of the token ``cps[a:b]`` before the token ``cps[c:d]``:
    1 break, 2 none, 0 not known here."""
    x = cps[b - 1]
    if b - a == 1 and (x == 46 or x == 63 or x == 33):
        return 1
    if x != 46 or (b - a >= 2 and cps[b - 2] == 46):
        return 2
    for k in range(a, b):
        if cps[k] >= 128:
            return 0
    if _is_abbreviation(cps, a, b - 1, hashes, ptr, acps, order):
        return 2
    h = b - 2
    while h >= a and cps[h] != 45:
        h -= 1
    if h >= a and _is_abbreviation(cps, h + 1, b - 1, hashes, ptr, acps, order):
        return 2
    c0 = cps[a]
    initial = b - a == 2 and ((65 <= c0 <= 90) or (97 <= c0 <= 122) or c0 == 95)
    # _NUMERIC, ^-?[.,]?\d[\d,.-]*\.?$, on the lower-cased token (or the literal "##number##.")
    k = a
    if cps[k] == 45:
        k += 1
    if k < b and (cps[k] == 46 or cps[k] == 44):
        k += 1
    number = k < b and 48 <= cps[k] <= 57
    if number:
        for t in range(k, b):
            y = cps[t]
            if not ((48 <= y <= 57) or y == 44 or y == 46 or y == 45):
                number = False
                break
    if not number and b - a == 11:
        number = True
        for t in range(11):
            y = cps[a + t]
            if 65 <= y <= 90:
                y += 32
            if y != _NUMBER_LITERAL[t]:
                number = False
                break
    if initial or number:
        y = cps[c]
        if y >= 0x10000:
            return 0
        if d - c == 1 and (y == 59 or y == 58 or y == 44 or y == 46 or y == 33 or y == 63):
            return 2  # the next token is one of ; : , . ! ?
        if cls[y] & 256:
            return 2
        if initial and cls[y] & 512:
            return 2
    return 1


@_jit
def _context(cps, a, e, cls, hashes, ptr, acps, order):
    """``_sentences_fast._context_has_break`` of ``cps[a:e]``: 1 break, 2 none, 0 not known here.

    Lines (split at ``\\n``, blank ones to ``str.strip`` dropped) are cut into Punkt word
    tokens (``_sentences_fast._WORD``); the context breaks if a token but the last is a break.
    """
    pa = -1
    pb = -1
    ls = a
    while ls < e:
        le = ls
        while le < e and cps[le] != 10:
            le += 1
        blank = True
        for k in range(ls, le):
            if not (_cls(cps, k, cls) & 128):
                blank = False
                break
        if not blank:
            p = ls
            while p < le:
                if _cls(cps, p, cls) & 1:
                    p += 1
                    continue
                q = p + _multi(cps, p, le, cls)
                if q == p:
                    q = p + 1
                    if not (_cls(cps, p, cls) & 8):
                        while q < le:
                            qc = _cls(cps, q, cls)
                            if qc & (1 | 4) or _multi(cps, q, le, cls):
                                break
                            if cps[q] == 44:
                                if q + 1 == le or _cls(cps, q + 1, cls) & (1 | 4) or _multi(cps, q + 1, le, cls):
                                    break
                            q += 1
                if pa >= 0:
                    v = _token_break(cps, pa, pb, p, q, cls, hashes, ptr, acps, order)
                    if v != 2:
                        return v
                pa = p
                pb = q
                p = q
        ls = le + 1
    return 2


@_jit
def _sentences(cps, marks, ps_, pe_, para_, doc_, cls, hashes, ptr, acps, order, out_s, out_e, out_p, out_d, hard,
               hard_at):  # fmt: skip
    """Kernel: the sentences of each paragraph ``cps[ps_[j]:pe_[j]]`` (``_paragraph``'s loop).

    ``marks``: positions of all ``. ? !``, in order.
    Returns ``(n, m)``: ``n`` sentences written; ``m`` paragraphs left to Python, listed in
    ``hard`` with, in ``hard_at``, the number of sentences written before them.
    """
    n = 0
    m = 0
    t = 0
    n_marks = marks.shape[0]
    for j in range(ps_.shape[0]):
        ps = ps_[j]
        pe = pe_[j]
        p = para_[j]
        d = doc_[j]
        while t < n_marks and marks[t] < ps:
            t += 1
        if t == n_marks or marks[t] >= pe - 1:
            # no mark with a character after it: one sentence
            out_s[n] = ps
            out_e[n] = pe
            out_p[n] = p
            out_d[n] = d
            n += 1
            continue
        n0 = n
        start = ps
        prev_i = ps
        w_prev = ps
        pend = False
        pg = 0
        pgs = 0
        pge = 0
        ok = True
        i = ps
        q = -1
        while True:
            # next candidate at or after i (or the end)
            found = False
            g = 0
            gs = 0
            ge = 0
            q = -1
            while t < n_marks and marks[t] < pe - 1:
                i = marks[t]
                t += 1
                nc = _cls(cps, i + 1, cls)
                if nc & 4:
                    g = 1
                    gs = i + 1
                    ge = i + 2
                    found = True
                    break
                if nc & 1:
                    k = i + 2
                    while k < pe and _cls(cps, k, cls) & 1:
                        k += 1
                    if k < pe:
                        u = k
                        plain = True
                        while u < pe:
                            tc = _cls(cps, u, cls)
                            if tc & 1:
                                break
                            x = cps[u]
                            if tc & 2 or x == 46 or x == 63 or x == 33:
                                plain = False
                            u += 1
                        if not plain:
                            b = u
                            x = cps[u - 1]
                            if x == 46 or x == 63 or x == 33:
                                b = u - 1
                            plain = _core_end(cps, k, b, cls) == b
                        g = 2 if plain else 3
                        gs = k
                        ge = u
                        found = True
                        break
            if found:
                q = -1
                r = i - 1
                while r > prev_i:
                    x = cps[r]
                    if x == 32 or x == 10 or x == 9 or x == 13 or x == 11 or x == 12:
                        q = r
                        break
                    r -= 1
                if not pend or (q < 0 and w_prev != prev_i):
                    pend = True
                    pg = g
                    pgs = gs
                    pge = ge
                    prev_i = i
                    if q >= 0:
                        w_prev = q + 1
                    continue
            elif not pend:
                break
            verdict = _decide(cps, prev_i, w_prev, pg, pgs, pge, cls, hashes, ptr, acps, order)
            if verdict == 0:
                ok = False
                break
            if verdict == 1:
                ns = pgs
                realigned = False
                end = ns
                if _cls(cps, ns, cls) & 64:
                    # _REALIGN: the shortest run of quotes followed by whitespace, "--" or the end
                    k = ns + 1
                    while True:
                        if k >= pe:
                            realigned = True
                            end = k
                            break
                        if _cls(cps, k, cls) & 1:
                            end = k + 1
                            while end < pe and _cls(cps, end, cls) & 1:
                                end += 1
                            realigned = True
                            break
                        if cps[k] == 45 and k + 1 < pe and cps[k + 1] == 45:
                            realigned = True
                            end = k
                            break
                        if _cls(cps, k, cls) & 64:
                            k += 1
                            continue
                        break
                    if realigned:
                        out_s[n] = start
                        out_e[n] = k
                        out_p[n] = p
                        out_d[n] = d
                        n += 1
                        start = end
                if not realigned:
                    if start <= prev_i:
                        out_s[n] = start
                        out_e[n] = prev_i + 1
                        out_p[n] = p
                        out_d[n] = d
                        n += 1
                    start = ns
            if not found:
                break
            pg = g
            pgs = gs
            pge = ge
            prev_i = i
            if q >= 0:
                w_prev = q + 1
        if not ok:
            n = n0
            hard[m] = j
            hard_at[m] = n
            m += 1
            continue
        if start < pe:
            out_s[n] = start
            out_e[n] = pe
            out_p[n] = p
            out_d[n] = d
            n += 1
    return n, m


def _kernel_spans(cps: np.ndarray, starts, ends, abbreviations: frozenset[str]):
    """The kernels' part: ``(sentences, paragraphs, hard, hard_at)``.

    ``sentences``: arrays ``(start, end, paragraph, doc)`` of every paragraph but the
    ``hard`` ones (indices into ``paragraphs``, arrays ``(start, end, paragraph, doc)``),
    whose sentences belong before sentence ``hard_at[k]``.
    """
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    ends = np.ascontiguousarray(ends, dtype=np.int64)
    cls = _classes()
    size = len(cps)
    nl_mask = np.empty((size + 63) // 64, dtype=np.uint64)
    mk_mask = np.empty_like(nl_mask)
    n_nl, n_marks = _masks(cps, nl_mask, mk_mask)
    # room for exactly the line breaks and marks there are (not one slot per character)
    nls = np.empty(n_nl, dtype=np.int64)
    marks = np.empty(n_marks, dtype=np.int64)
    _bit_positions(nl_mask, _DEBRUIJN_TABLE, nls)
    _bit_positions(mk_mask, _DEBRUIJN_TABLE, marks)
    cap = n_nl + len(starts)  # a paragraph break holds two line breaks
    ps, pe, para, doc = (np.empty(cap, dtype=np.int64) for _ in range(4))
    n_par = _paragraphs(cps, starts, ends, nls, cls, ps, pe, para, doc)
    ps, pe, para, doc = ps[:n_par], pe[:n_par], para[:n_par], doc[:n_par]
    cap = n_marks + n_par  # a sentence per break, and the last one of each paragraph
    out_s, out_e, out_p, out_d = (np.empty(cap, dtype=np.int64) for _ in range(4))
    hard = np.empty(n_par, dtype=np.int64)
    hard_at = np.empty(n_par, dtype=np.int64)
    table = _abbreviation_table(abbreviations)
    n, m = _sentences(cps, marks, ps, pe, para, doc, cls, *table, out_s, out_e, out_p, out_d, hard, hard_at)
    sentences = out_s[:n], out_e[:n], out_p[:n], out_d[:n]
    return sentences, (ps, pe, para, doc), hard[:m], hard_at[:m]


def batch_sentence_spans_jit(
    text: str,
    starts: np.ndarray,
    ends: np.ndarray,
    abbreviations: frozenset[str],
    cps: np.ndarray | None = None,
    low: np.ndarray | None = None,
):
    """:func:`framing._sentences_fast.batch_sentence_spans`, by numba kernels: the same arrays.

    Sentences of the texts ``text[starts[k]:ends[k]]`` of one string joined by a
    non-whitespace character (``\\x00``): arrays ``(start, end, paragraph, doc)``, int64,
    offsets into ``text``, sorted by start (text order).  Untrained Punkt with
    ``abbreviations`` (lower case, no final period) on each paragraph; see
    :mod:`framing._sentences_fast`.  ``cps``: code points of ``text`` (``uint8`` when ASCII,
    else ``uint32``), if known; ``low`` is accepted for the same signature and not needed.
    ``starts`` must be increasing (texts in string order).  Without numba this calls
    ``batch_sentence_spans``.
    """
    abbreviations = abbreviations if isinstance(abbreviations, frozenset) else frozenset(abbreviations)
    if len(starts) != len(ends):
        raise ValueError(f"starts and ends must have the same length (got {len(starts)} and {len(ends)})")
    if cps is not None and len(cps) != len(text):
        raise ValueError(f"cps must hold one code point per character of text ({len(text)}), got {len(cps)}")
    if _numba is None:
        return _sf.batch_sentence_spans(text, starts, ends, abbreviations, cps, low)
    if cps is None:
        cps = np.frombuffer(text.encode("ascii"), np.uint8) if text.isascii() else _sf._code_points(text)
    (out_s, out_e, out_p, out_d), (ps, pe, para, doc), hard, hard_at = _kernel_spans(cps, starts, ends, abbreviations)
    if not len(hard):
        return out_s, out_e, out_p, out_d
    ws_extra = tuple(_sf._ASCII_WS[1:])
    rows: list[tuple[int, int, int]] = []
    at: list[int] = []
    docs: list[int] = []
    for j, k in zip(hard.tolist(), hard_at.tolist(), strict=True):
        before = len(rows)
        _sf._paragraph(text, int(ps[j]), int(pe[j]), int(para[j]), ws_extra, abbreviations, rows)
        at.extend([k] * (len(rows) - before))
        docs.extend([int(doc[j])] * (len(rows) - before))
    arr = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    at_ = np.asarray(at, dtype=np.int64)
    return (
        np.insert(out_s, at_, arr[:, 0]),
        np.insert(out_e, at_, arr[:, 1]),
        np.insert(out_p, at_, arr[:, 2]),
        np.insert(out_d, at_, np.asarray(docs, dtype=np.int64)),
    )
