"""Sentence starts of many documents at once, on arrays: what :func:`framing.sentences.sentence_starts` gives.

:func:`batch_sentence_starts` (called by :func:`framing.score.hits`) reads a batch of texts
joined by ``"\\x00"`` (neither whitespace nor punctuation for the rules) as code points and

1. finds the paragraphs (:func:`framing.sentences.paragraph_spans`: the blank-line breaks,
   which never cross a ``"\\x00"``, then the outer whitespace stripped a character at a time);
2. finds the candidates (``.``, ``?`` or ``!`` before a non-word punctuation character, the
   after part ``A`` of group 1 of ``_CANDIDATE``, or before whitespace then a next token);
3. finds each candidate's word (from the last ASCII whitespace after the candidate before, or
   carried on from the candidate before when there is none) and whether it is examined (it
   is, unless the next candidate follows without whitespace and its word is not empty: in a
   run such as ``?!`` only the last mark is);
4. decides on arrays the usual examined candidates: ``?`` / ``!`` before ``A`` or a next token
   without ``. ? !`` (a break), and ``.`` after a plain ASCII word (a break unless the word is
   an abbreviation, compared as packed 64-bit codes; an initial or a number before ``; : , ! ?``
   or a lower-case letter is none, an initial before an upper-case one neither); every other
   examined candidate gets its match of ``_CANDIDATE`` and ``_decide``;
5. puts each break's next sentence start where ``_paragraph`` does (at ``A``, after a
   closing quote run moved to the sentence before when ``_REALIGN`` matches), and keeps a
   sentence start when ``_paragraph`` appends it.

``tests/test_sentences.py`` holds the result equal to :func:`framing.sentences.sentence_starts`.
"""

from __future__ import annotations

import re

import numpy as np

from framing.sentences import (
    _ASCII_WS,
    _CANDIDATE,
    _NW_CHARS,
    _PARAGRAPH_BREAK,
    _QUOTE_CHARS,
    _REALIGN,
    _WS_CHARS,
    ABBREVIATIONS,
    _decide,
    _outer_space,
)


def _table(chars) -> np.ndarray:
    """A lookup over the Basic Multilingual Plane (U+FFFF, in no class, stands for every code point above it)."""
    t = np.zeros(0x10000, dtype=bool)
    t[[ord(c) for c in chars]] = True
    return t


_WS = _table(_WS_CHARS)
_NW = _table(_NW_CHARS)
_AWS = _table(_ASCII_WS)
_QUOTES = _table(_QUOTE_CHARS)
_STOP_TOKEN = _table(".?!" + "".join(map(chr, range(0x1C, 0x20))))  # a next token with one: not the fast path
_LOWER = _table("abcdefghijklmnopqrstuvwxyz")
_UPPER = _table("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALPHA = _LOWER | _UPPER
_DIGIT = _table("0123456789")
_RESCUE = _table(";:,!?")  # a next token that keeps an initial or a number from ending a sentence
_SPACE = np.asarray([chr(c).isspace() for c in range(0x10000)], dtype=bool)  # str.strip's whitespace
_SPACE[0xFFFF] = False
#: Code points read at a time when looking for marks.
_CHUNK = 1 << 22
#: Candidates decided at a time (:func:`_breaks`).
_BLOCK = 1 << 16
#: Characters looked at one step at a time from a candidate before it is left to the scalar rules.
_STEPS = 32


def _abbreviation_codes(abbreviations) -> np.ndarray:
    """The abbreviations of up to 8 characters that are letters with single inner periods, as packed codes."""
    plain = [a for a in abbreviations if len(a) <= 8 and re.fullmatch(r"[a-z]+(?:\.[a-z]+)*", a)]
    return np.asarray(sorted(int.from_bytes(a.encode("ascii").ljust(8, b"\x00"), "little") for a in plain),
                      dtype=np.uint64)


_ABBR = _abbreviation_codes(ABBREVIATIONS)


def _at(cps: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Code points at ``pos`` as indexes of the BMP tables."""
    c = cps[pos]
    return c if c.dtype == np.uint8 else np.minimum(c, 0xFFFF)


def batch_sentence_starts(text: str, cps: np.ndarray, tstart: np.ndarray, tend: np.ndarray,
                          stops: np.ndarray, low: np.ndarray | None = None) -> np.ndarray:
    """For the texts ``text[tstart[k]:tend[k]]`` of a joined batch (``cps``: its code points,
    ``low`` their low bytes if known), :func:`framing.sentences.sentence_starts` with ``stops[k]``
    (offsets in that text): the sentence starts of every text that begin at or before its stop
    (and perhaps a few after), as one sorted int64 array of offsets in ``text``."""
    gstop = tstart + stops
    # 1. paragraphs: blank-line breaks inside each text, then the outer whitespace stripped
    brk = _paragraph_breaks(text, cps, low)
    bs = np.asarray([b[0] for b in brk], dtype=np.int64)
    be = np.asarray([b[1] for b in brk], dtype=np.int64)
    bdoc = np.searchsorted(tstart, bs, side="right") - 1
    keep = (bdoc >= 0) & (be <= tend[np.maximum(bdoc, 0)]) if len(bs) else np.zeros(0, dtype=bool)
    bs, be, bdoc = bs[keep], be[keep], bdoc[keep]
    # a text's k-th paragraph runs from its k-th start to its k-th end; the texts lie in order
    ps = np.sort(np.concatenate((tstart, be)))
    pe = np.sort(np.concatenate((bs, tend)))
    pdoc = np.searchsorted(tstart, ps, side="right") - 1
    ps, pe = _strip(text, cps, ps, pe)
    keep = (pe > ps) & (ps <= gstop[pdoc])
    ps, pe, pdoc = ps[keep], pe[keep], pdoc[keep]
    # 2. candidates: each mark's paragraph, the character after it
    parts = [np.zeros(0, dtype=np.int64)]
    for a in range(0, len(cps), _CHUNK):  # a piece at a time: small masks on a huge text
        c = cps[a : a + _CHUNK] if low is None else low[a : a + _CHUNK]
        m = np.flatnonzero((c == 46) | (c == 63) | (c == 33)) + a
        parts.append(m if low is None or cps.dtype == np.uint8 else m[cps[m] < 128])
    marks = np.concatenate(parts)
    del parts
    para = np.searchsorted(ps, marks, side="right") - 1
    ok = (para >= 0) & (marks + 1 < pe[np.maximum(para, 0)])
    i, para = marks[ok], para[ok]
    c1 = _at(cps, i + 1)
    cand = _NW[c1] | _WS[c1]
    i, para = i[cand], para[cand]
    del marks, ok, c1, cand
    # 3. each candidate's word: from the last ASCII whitespace after the previous candidate
    first = np.ones(len(i), dtype=bool)
    first[1:] = para[1:] != para[:-1]
    q = np.full(len(i), -1, dtype=np.int64)
    for lo in range(0, len(i), _BLOCK):  # a block of candidates at a time: small arrays on a huge text
        hi = min(lo + _BLOCK, len(i))
        prev = i[lo - 1 : hi - 1] if lo else np.concatenate(([0], i[: hi - 1]))  # the candidate before each
        bound = np.where(first[lo:hi], ps[para[lo:hi]] + 1, prev + 1)
        q[lo:hi] = _last_space(text, cps, i[lo:hi], bound)
    # the word runs on from the last candidate with whitespace before it (the paragraph start if none)
    src = np.maximum.accumulate(np.where(q >= 0, np.arange(len(i)), -1)) if len(i) else q
    own = (src >= 0) & (para[np.maximum(src, 0)] == para)
    w = np.where(own, q[np.maximum(src, 0)] + 1, ps[para])
    del src, own
    # a candidate is examined unless the next one of its paragraph follows it without whitespace
    # and its word is not empty (in a run such as ?! only the last mark is examined)
    examined = np.ones(len(i), dtype=bool)
    examined[:-1] = first[1:] | (q[1:] >= 0) | (w[:-1] == i[:-1])
    del first, q
    # 4. decisions and the starts of the sentences after breaks, a block at a time
    got = [_breaks(text, cps, i[lo : lo + _BLOCK], para[lo : lo + _BLOCK], w[lo : lo + _BLOCK],
                   examined[lo : lo + _BLOCK], ps, pe, gstop[pdoc]) for lo in range(0, len(i), _BLOCK)]  # fmt: skip
    del i, para, w, examined
    ib, start, moved, bp = (np.concatenate([g[k] for g in got]) if got else np.zeros(0, np.int64) for k in range(4))
    # 5. the starts _paragraph appends: the sentence each break ends (unless left empty), each paragraph's last
    new = np.ones(len(bp), dtype=bool)
    new[1:] = bp[1:] != bp[:-1]
    before = np.where(new, ps[bp], np.concatenate(([0], start[:-1])))
    last = ps.copy()  # where each paragraph's last sentence starts: after its last break, or at its start
    if len(bp):
        final = np.append(bp[1:] != bp[:-1], True)
        last[bp[final]] = start[final]
    got = np.sort(np.concatenate((before[moved.astype(bool) | (before <= ib)], last[last < pe])), kind="stable")
    return got


def _paragraph_breaks(text: str, cps: np.ndarray, low: np.ndarray | None) -> list[tuple[int, int]]:
    """``(start, end)`` of the matches of ``_PARAGRAPH_BREAK`` in ``text`` (as ``finditer``), tried
    only at a line break followed by another one or by ``[ \\t\\r\\f\\v]`` (where a match can begin)."""
    c = cps if low is None else low
    nl = np.flatnonzero(c[:-1] == 10)
    if low is not None and cps.dtype != np.uint8:
        nl = nl[cps[nl] == 10]
    after = cps[nl + 1]
    brk, end = [], 0
    for a in nl[(after == 10) | (after == 32) | ((after >= 9) & (after <= 13))].tolist():
        if a >= end and (m := _PARAGRAPH_BREAK.match(text, a)) is not None:
            brk.append((a, m.end()))
            end = m.end()
    return brk


def _last_space(text: str, cps: np.ndarray, i: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """The last ASCII whitespace in ``[bound, i)`` of each candidate, -1 for none (as ``_paragraph``'s ``rfind``)."""
    q = np.full(len(i), -1, dtype=np.int64)
    at = np.flatnonzero(i > bound)
    pos = i - 1
    for _ in range(_STEPS):
        hit = _AWS[_at(cps, pos[at])]
        q[at[hit]] = pos[at[hit]]
        at = at[~hit]
        at = at[pos[at] > bound[at]]
        if not len(at):
            break
        pos[at] -= 1
    else:
        for j in at.tolist():  # a long word: its start from the text
            q[j] = max(text.rfind(ch, int(bound[j]), int(i[j])) for ch in _ASCII_WS)
    return q


def _breaks(text: str, cps: np.ndarray, i: np.ndarray, para: np.ndarray, w: np.ndarray, examined: np.ndarray,
            ps: np.ndarray, pe: np.ndarray, pstop: np.ndarray) -> tuple[np.ndarray, ...]:
    """The breaks among the ``examined`` candidates ``i`` (paragraphs ``para``, words from ``w``):
    their positions, where the next sentence starts, whether a quote run moved back (then it
    starts after it), and their paragraphs."""
    p_pe = pe[para]
    fast = examined & (i < pstop[para])  # _paragraph decides no candidate at or after the stop
    g1 = _NW[_at(cps, i + 1)]
    # the after part: A (group 1), or the next token after the whitespace run (groups 2, 3)
    ns = i + 1
    scalar = np.zeros(len(i), dtype=bool)  # left to the regex and _decide
    at = np.flatnonzero(~g1 & fast)
    ns[at] += 1
    for _ in range(_STEPS):  # to the end of the whitespace run
        at = at[_WS[_at(cps, ns[at])]]
        if not len(at):
            break
        ns[at] += 1
    else:
        scalar[at] = True
    # a next token with no . ? ! (nor U+001C..U+001F) is group 2; else the regex tells
    at = np.flatnonzero(~g1 & ~scalar & fast)
    pos = ns.copy()
    for _ in range(_STEPS):
        at = at[pos[at] < p_pe[at]]
        c = _at(cps, pos[at])
        scalar[at[_STOP_TOKEN[c]]] = True
        at = at[~_STOP_TOKEN[c] & ~_WS[c]]
        if not len(at):
            break
        pos[at] += 1
    else:
        scalar[at] = True
    del pos
    # decisions: ? ! before A or a plain next token; . after a plain word of 2+ ASCII letters
    mark = cps[i]
    brk = np.zeros(len(i), dtype=bool)
    plain = fast & ~scalar
    brk[plain & (mark != 46)] = True
    rest = fast & ~(plain & (mark != 46))
    dot = np.flatnonzero(plain & (mark == 46))
    wd, size = w[dot], i[dot] - w[dot]
    letters = (size >= 1) & (size <= _STEPS)  # the word: ASCII letters only
    digits, alnum, dotted = letters.copy(), letters.copy(), letters.copy()  # digits; letters, digits; letters, '.'
    code = np.zeros(len(dot), dtype=np.uint64)  # the word's first 8 characters lower-cased, packed
    at = np.arange(len(dot))
    for k in range(_STEPS):  # the k-th character of the words still long enough and not yet ruled out
        at = at[(k < size[at]) & (alnum[at] | dotted[at])]
        if not len(at):
            break
        c = _at(cps, wd[at] + k)
        alpha, digit = _ALPHA[c], _DIGIT[c]
        letters[at] &= alpha
        digits[at] &= digit
        alnum[at] &= alpha | digit
        dotted[at] &= alpha | (c == 46)
        if k < 8:
            code[at] |= (c | 32).astype(np.uint64) << np.uint64(8 * k)
    known_code = _ABBR[np.minimum(np.searchsorted(_ABBR, code), len(_ABBR) - 1)] == code
    abbr = dotted & (size <= 8) & known_code  # as _decide: an abbreviation is no break
    a0 = _at(cps, ns[dot])  # the first character after the mark (A, or the next token's)
    punct0, lower0, upper0 = _RESCUE[a0], _LOWER[a0], _UPPER[a0]
    initial = letters & (size == 1) & ~abbr  # an initial before ; : , ! ? or a letter: no break
    number = digits & ~abbr  # a number before ; : , ! ? or a lower-case letter: no break
    plain_word = alnum & ~abbr & ~initial & ~number
    known = abbr | plain_word | ((initial | number) & (a0 < 128))
    brk[dot] = np.where(plain_word, True, np.where(initial, ~(punct0 | lower0 | upper0), ~(punct0 | lower0))) & ~abbr
    rest[dot[known]] = False
    for j in np.flatnonzero(rest).tolist():
        a = int(i[j])
        m = _CANDIDATE.match(text, a, int(p_pe[j]))
        brk[j] = _decide(text, a, int(w[j]), m, ABBREVIATIONS)
        ns[j] = m.start(m.lastindex)
    # the next sentence starts at A, or past a closing quote run moved back to this one
    b = np.flatnonzero(fast & brk)
    start = ns[b]
    moved = np.zeros(len(b), dtype=bool)
    for j in np.flatnonzero(_QUOTES[_at(cps, start)]).tolist():
        r = _REALIGN.match(text, int(start[j]), int(p_pe[b[j]]))
        if r is not None:
            start[j], moved[j] = r.end(), True
    return i[b], start, moved, para[b]
def _strip(text: str, cps: np.ndarray, ps: np.ndarray, pe: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[ps, pe)`` without the leading and trailing characters ``str.strip`` removes."""
    ps, pe = ps.copy(), pe.copy()
    at = np.flatnonzero(ps < pe)
    for _ in range(_STEPS):
        at = at[(ps[at] < pe[at])]
        at = at[_SPACE[_at(cps, ps[at])]]
        if not len(at):
            break
        ps[at] += 1
    else:
        for j in at.tolist():
            ps[j] += _outer_space(text, int(ps[j]), int(pe[j]))[0]
    at = np.flatnonzero(ps < pe)
    for _ in range(_STEPS):
        at = at[(pe[at] > ps[at])]
        at = at[_SPACE[_at(cps, pe[at] - 1)]]
        if not len(at):
            break
        pe[at] -= 1
    else:
        for j in at.tolist():
            pe[j] -= _outer_space(text, int(ps[j]), int(pe[j]))[1]
    return ps, pe
