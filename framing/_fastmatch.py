"""Lexicon matching over batches of documents at archive speed, identical to :meth:`Matcher.find`.

:class:`BatchMatcher` gives, for many documents at once, exactly the matches that
:meth:`framing.score.Matcher.find` gives document by document on
:func:`framing.score.fast_normalize`'s view, mapped back to each text as
:meth:`framing.score.View.span` maps them.  The work is moved out of Python loops:

1. **One string per batch.**  The texts are joined with ``"\\x00"`` (not a word character,
   not whitespace, in no key), so no key, word boundary or whitespace run crosses from one
   document to the next.
2. **Matching view as bytes.**  The joined text becomes an array of code points
   (``str.encode("utf-32-le")``); ASCII is lower-cased through a table and each distinct
   non-ASCII character is replaced by its piece (:func:`framing.score._piece`, the rule of
   :func:`framing.text.normalize`).  The *haystack* has one byte per view character:
   ASCII as itself, a non-ASCII character as a code of its own when a key holds it, else
   one of two bytes that say whether it is a word character.  Pieces longer or shorter
   than one character (``…``, soft hyphens) are spliced in and kept in a sparse offset map,
   the one of :class:`framing.score.View`.  Texts holding a character whose piece is not
   lower case (where ``fast_normalize`` falls back to ``normalize``) go through
   :meth:`Matcher.find` itself.
3. **Automaton in Rust.**  ``ahocorasick_rs`` (Rust ``aho-corasick`` crate, a DFA; Aho &
   Corasick 1975, CACM 18(6)) reports *every* occurrence of every key in the haystack
   (``overlapping=True``): the occurrences ``pyahocorasick``'s ``Automaton.iter`` gives in
   :meth:`Matcher.find`.  Extra keys for the whitespace runs the keys do not spell (two
   spaces, tabs, ...) tell, from the same scan, which documents need the fallback.  With
   numba (extra ``fast``), large batches take a compiled trie walk from word edges instead
   (:mod:`framing._trie`): the occurrences the next steps keep, and no others.
4. **Word boundaries with numpy.**  Keys whose entries are whole plain terms are checked
   for word boundaries on arrays, and so are glob keys (``devastat*``: the span runs on to
   the end of the word).  Keys that need an expression (phrases, hyphen variants, pattern
   entries) are first filtered on arrays by the bytes that may follow them
   (:meth:`BatchMatcher._next_tables`; for pattern keys that end in the whitespace of a
   ``\\s+``, the literal texts the pattern continues with), then run :func:`framing.score._key_candidates`'s
   rules on the batch's view string with each document's end as ``endpos``; a pattern
   that looks behind or anchors at the start (:func:`_position_free`) runs on the
   document's own view.  The fallback at odd whitespace runs and scan patterns likewise.
5. **Leftmost-longest with numpy.**  Candidates sorted by start, longest first, entry are
   cut into clusters of mutually overlapping ones (a cluster starts where a candidate
   begins at or after every earlier candidate's end); a lone candidate is kept, a pair is
   decided on arrays, and each larger cluster is resolved by :meth:`Matcher.resolve`, the
   reference rule.

The tests (``tests/test_fastmatch.py``) hold the result equal to :meth:`Matcher.find`
on hand-built texts and random ones.
"""

from __future__ import annotations

import re
from itertools import chain, repeat

import numpy as np

from framing import _jit
from framing.score import _isword, _key_candidates, _piece, fast_normalize, has_odd_whitespace

#: Separator between the documents of a batch in the joined text.
SEPARATOR = "\x00"

#: Engines that find key occurrences (:class:`BatchMatcher`'s ``engine``): ``"auto"`` is
#: the numba trie walk (:mod:`framing._trie`) for batches where :func:`framing._jit.enabled`,
#: else the ``ahocorasick_rs`` scan.
ENGINES = ("auto", "trie", "ahocorasick")

#: Haystack byte of a non-ASCII view character that no key holds: word / not a word.
_OTHER, _OTHER_WORD = 0x80, 0x81

_SPACE_BYTES = [ord(c) for c in map(chr, range(128)) if c.isspace()]


class BatchView:
    """The matching view of a batch of texts joined by :data:`SEPARATOR`, as bytes.

    ``text``: the joined texts; ``cps``: its code points (``uint8`` when ASCII, else
    ``uint32``), ``low`` their low bytes; ``tstart``: each text's offset in it; ``hay``: one byte per
    view character (ASCII as itself, lower case; a non-ASCII character as the code
    ``codes`` gives it, else :data:`_OTHER_WORD` or :data:`_OTHER`), plus one final
    ``\\x00``; ``vstart``: each text's offset in the view.  Characters whose piece is not one
    character long (``…``, soft hyphen) are listed in ``sp`` (text offsets) with their
    piece lengths ``sp_len``, the sparse map of :class:`framing.score.View`.  Non-ASCII view
    characters: view offsets ``wide_at``, code points ``wide_cp``.  ``bad``: texts left to
    the reference path (``fast_normalize`` falls back to ``normalize`` on them).  ``high``,
    ``uniq``, ``inverse``: text offsets of the non-ASCII characters, their distinct code
    points and each one's index among them (None for ASCII text), for later stages.
    """

    __slots__ = ("texts", "text", "cps", "low", "tstart", "hay", "vstart", "sp", "sp_vstart", "sp_vend", "sp_extra",
                 "wide_at", "wide_cp", "bad", "_string", "high", "uniq", "inverse")  # fmt: skip

    def __init__(self, texts: list[str], codes: dict[str, int]):
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
        if joined.isascii():
            raw = joined.encode("ascii")
            self.cps = self.low = np.frombuffer(raw, dtype=np.uint8)
            self.hay = raw.lower() + b"\x00"
            return
        try:
            cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        except UnicodeEncodeError:  # lone surrogates: leave every text to the reference path
            self.cps = self.low = None
            self.bad[:] = True
            self.hay = joined.encode("ascii", "replace").lower() + b"\x00"
            return
        self.cps = cps
        if _jit.enabled(len(joined)):  # one compiled pass (numba) for the three arrays
            from framing._trie import view_bytes

            low, hay, high = view_bytes(cps)
        else:
            high = np.flatnonzero(cps > 127)
            low = hay = None
        uniq, inverse = np.unique(cps[high], return_inverse=True)
        self.high, self.uniq, self.inverse = high, uniq, inverse
        pieces = []
        for u in uniq.tolist():
            c = chr(u)
            p = _piece(c)
            if p.lower() != p and (p != c.lower() or len(p) != 1 or c in "\u03a3\u03c2"):
                # fast_normalize falls back to framing.text.normalize for such texts
                self.bad[np.searchsorted(self.tstart, high[cps[high] == u], side="right") - 1] = True
                p = c
            pieces.append(p)

        def code(ch: str) -> int:
            if ch < "\x80":
                return ord(ch)
            return codes.get(ch, _OTHER_WORD if ch.isalnum() else _OTHER)

        one = np.asarray([code(p) if len(p) == 1 else 0 for p in pieces], dtype=np.uint8)
        if hay is None:
            low = cps.astype(np.uint8)
            # ASCII lower-cased (bytes.lower, several times faster than a table lookup in numpy);
            # the non-ASCII positions are overwritten next
            hay = np.frombuffer(bytearray(memoryview(low)).lower() + b"\x00", dtype=np.uint8)
        self.low = low  # hay: one more byte, the final 0
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
        part = self.hay[a:b].decode("latin-1")
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


class BatchMatcher:
    """:meth:`framing.score.Matcher.find` for batches of texts (see the module docstring)."""

    def __init__(self, matcher, engine: str = "auto"):
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(map(repr, ENGINES))}, not {engine!r}")
        if engine == "trie" and not _jit.available():
            raise ImportError("engine='trie' needs numba: pip install 'framing[fast]'")
        try:
            import ahocorasick_rs
        except ImportError:  # every text then goes through Matcher.find, one at a time
            ahocorasick_rs = None
        if engine == "auto" and ahocorasick_rs is None and _jit.available():
            engine = "trie"
        #: how key occurrences are found: ``"trie"`` (numba, :mod:`framing._trie`),
        #: ``"ahocorasick"`` (``ahocorasick_rs``) or ``"auto"`` (per batch, :func:`engine_for`)
        self.engine = engine
        self._ahocorasick_rs = ahocorasick_rs
        self.matcher = matcher
        categories = matcher.entries["category"].tolist()
        names = sorted(set(categories))
        #: sorted category names, and each entry's index among them
        self.categories = (names, np.asarray([names.index(c) for c in categories], dtype=np.int64))
        keys = list(matcher.keys)
        self.payload = [matcher.keys[k] for k in keys]
        self.left_word = np.asarray([k[0].isalnum() or k[0] == "_" for k in keys], dtype=bool)
        self.right_word = np.asarray([k[-1].isalnum() or k[-1] == "_" for k in keys], dtype=bool)
        # simple keys: every entry behind them is the whole key, so a candidate needs only the
        # word boundaries, checked on arrays.  A term with one hyphen or space has a key for each
        # spelling ("neo-nazi", "neonazi", "neo nazi", "neo\nnazi"); its expression, matched at
        # such a key, spans exactly the key (what it spells after the key is empty, no glob).
        whole = {i for i, (rest, glob) in matcher.rest.items() if not rest and not glob}
        self.simple = np.asarray(
            [
                not pats and bool(plain) and all(rx is None or i in whole for i, rx, _ in plain)
                for plain, pats in self.payload
            ],
            dtype=bool,
        )
        self.has_pats = np.asarray([bool(pats) for _, pats in self.payload], dtype=bool)
        # keys whose candidates need no word character before them: plain entries checked
        # below, and pattern entries unless every pattern of the key starts with ``\b``
        # (then a word character before a key that starts with one rules the match out)
        self.pats_anywhere = np.asarray(
            [bool(pats) and not (all(_starts_at_boundary(rx) for _, rx in pats) and _isword(k[0])) for k, (_, pats)
             in zip(keys, self.payload, strict=True)],
            dtype=bool,
        )  # fmt: skip
        self.free = np.asarray([all(_position_free(rx) for _, rx in pats) for _, pats in self.payload], dtype=bool)
        self.free_fallback = all(
            rx is None or _position_free(rx) for entries in matcher.fallback.values() for _, rx, _ in entries
        ) and all(_position_free(rx) for rx, _ in matcher.scan)
        counts = np.asarray([len(plain) if s else 0 for (plain, _), s in zip(self.payload, self.simple, strict=True)])
        self.entry_ptr = _row_ptr(counts)
        self.entry_of = np.asarray(
            [i for (plain, _), s in zip(self.payload, self.simple, strict=True) if s for i, _, _ in plain],
            dtype=np.int64,
        )
        self.multi = bool((counts > 1).any())
        # glob keys: no pattern entries, and every plain entry either the whole key or the key
        # and a glob star (``devastat*``: the key, then ``\w*``), so on arrays too: the span
        # of a glob entry runs on to the end of the word
        globs = {i for i, (rest, glob) in matcher.rest.items() if not rest and glob}
        self.globbed = np.asarray(
            [
                not s and not pats and bool(plain) and all(rx is None or i in whole or i in globs for i, rx, _ in plain)
                for (plain, pats), s in zip(self.payload, self.simple, strict=True)
            ],
            dtype=bool,
        )
        rows = [(i, i in globs, right_word and i not in globs) for (plain, _), g in
                zip(self.payload, self.globbed, strict=True) if g for i, _, right_word in plain]  # fmt: skip
        counts = np.asarray([len(plain) if g else 0 for (plain, _), g in zip(self.payload, self.globbed, strict=True)])
        #: glob keys' entries: key -> rows ``glob_ptr[key]:glob_ptr[key + 1]`` of ``glob_rows``
        #: (entry, glob?, needs a non-word character after the key?)
        self.glob_ptr = _row_ptr(counts)
        self.glob_rows = tuple(np.asarray([r[j] for r in rows], dtype=t) for j, t in enumerate((np.int64, bool, bool)))
        #: each entry's source row (``Matcher.sources``) as an integer code
        self.source = np.unique(np.asarray(matcher.sources, dtype=object), return_inverse=True)[1]
        # one byte per view character: ASCII as itself; characters above 127 that keys hold
        # get codes 0x82.., every other one _OTHER_WORD or _OTHER
        wide = sorted({c for k in keys for c in k if c >= "\x80"})
        self.usable = len(wide) <= 126 and (engine == "trie" or ahocorasick_rs is not None)
        self.codes = {c: 0x82 + j for j, c in enumerate(wide)} if self.usable else {}
        self.word = np.zeros(256, dtype=bool)
        self.word[:128] = [chr(c).isalnum() or chr(c) == "_" for c in range(128)]
        self.word[_OTHER_WORD] = True
        space = np.zeros(256, dtype=bool)
        space[_SPACE_BYTES + [_OTHER]] = True
        for c, v in self.codes.items():
            self.word[v] = c.isalnum()
            space[v] = c.isspace()
        self.next1, self.next2 = self._next_tables(keys, space)
        #: pattern keys whose every entry continues, after the whitespace the key ends in,
        #: with one of some literal texts (:func:`_after_space_run`): key -> those texts
        self.follow: dict[int, list[bytes]] = {}
        for k, (plain, pats) in enumerate(self.payload):
            texts = [_after_space_run(rx) for _, rx in pats]
            if pats and not plain and keys[k][-1].isspace() and all(t is not None for t in texts):
                self.follow[k] = sorted({t.lower().encode("ascii") for ts in texts for t in ts})
        # the same as arrays: key -> rows ptr[key]:ptr[key + 1] of a zero-padded byte table
        counts = np.asarray([len(self.follow.get(k, ())) for k in range(len(keys))], dtype=np.int64)
        rows = [t for k in range(len(keys)) for t in self.follow.get(k, ())]
        table = np.zeros((len(rows), max(map(len, rows), default=1)), dtype=np.uint8)
        for j, t in enumerate(rows):
            table[j, : len(t)] = np.frombuffer(t, dtype=np.uint8)
        self._follow_tables = (_row_ptr(counts), table, np.asarray([len(t) for t in rows], dtype=np.int64))
        self._space = space
        self._automaton = self._trie = None
        self._encoded: list[bytes] = []
        self.n_keys = len(keys)
        self.odd = np.zeros(len(keys), dtype=bool)  # keys that also mark an odd whitespace run
        if keys and self.usable:
            encoded = [bytes(ord(c) if c < "\x80" else self.codes[c] for c in k) for k in keys]
            # Extra keys: the whitespace the fallback looks for (``_ODD_WS``, ASCII part), so
            # that the documents holding it come out of the same scan.
            index = {k: j for j, k in enumerate(encoded)}
            for extra in _ODD_KEYS:
                if extra in index:
                    self.odd[index[extra]] = True
                else:
                    encoded.append(extra)
            self.odd = np.concatenate((self.odd, np.ones(len(encoded) - len(keys), dtype=bool)))
            self._encoded = encoded

    def engine_for(self, n_chars: int) -> str:
        """The engine for a batch of ``n_chars`` characters: ``"auto"`` takes the numba trie
        walk when :func:`framing._jit.enabled` says so for that size, else ``ahocorasick_rs``."""
        if self.engine != "auto":
            return self.engine
        return "trie" if _jit.enabled(n_chars) else "ahocorasick"

    @property
    def trie(self):
        """The keys as a :class:`framing._trie.KeyTrie` (built on first use)."""
        if self._trie is None and self._encoded:
            from framing._trie import KeyTrie

            # the lexicon's keys only: the walk finds the odd whitespace (_ODD_KEYS) itself
            keys = self._encoded[: self.n_keys]
            self._trie = KeyTrie(keys, self.pats_anywhere, self.simple & self.right_word, self.word)
        return self._trie

    @property
    def automaton(self):
        """The keys as an ``ahocorasick_rs`` DFA (built on first use; None without the package)."""
        if self._automaton is None and self._encoded and self._ahocorasick_rs is not None:
            rs = self._ahocorasick_rs
            self._automaton = rs.BytesAhoCorasick(self._encoded, implementation=rs.Implementation.DFA)
        return self._automaton

    def _next_tables(self, keys, space):
        """Bytes that may follow each key (``next1``), and follow a single space after it (``next2``).

        A necessary condition for a key's entries to give a candidate, so that expressions
        run only where they can match: the first character of what the term spells after
        the key (a space: a whitespace character; a hyphen or a glob: anything; nothing: a
        non-word character when the term ends in a word character) and, after a space, the
        next one.  A pattern entry whose keys end in the first character of a ``\\s+``
        (:func:`_after_space_run`) allows whitespace and the characters that can begin
        what follows the run; other pattern entries allow every byte.
        """
        everything = np.ones(256, dtype=bool)
        next1 = np.zeros((len(keys), 256), dtype=bool)
        next2 = np.zeros((len(keys), 256), dtype=bool)
        codes = self.codes

        def allow(ch: str) -> np.ndarray:
            t = np.zeros(256, dtype=bool)
            b = ord(ch) if ch < "\x80" else codes.get(ch)
            if b is None:  # a character no key holds: any non-ASCII byte
                t[0x80:] = True
            else:
                t[b] = True
            return t

        high = np.zeros(256, dtype=bool)
        high[0x80:] = True
        for k, (plain, pats) in enumerate(self.payload):
            if self.simple[k]:
                next1[k] = next2[k] = True
                continue
            for _, rx in pats:
                first = _after_space_run(rx)
                next1[k] |= everything if first is None else space | high | _ascii_table({f[0] for f in first})
                next2[k] = True
            for i, rx, right_word in plain:
                if rx is None:
                    a1 = ~self.word if right_word else everything
                    a2 = everything
                else:
                    rest, glob = self.matcher.rest[i]
                    if not rest:
                        a1 = everything if glob or not right_word else ~self.word
                        a2 = everything
                    elif rest[0] == " ":
                        a1 = space
                        a2 = everything if len(rest) < 2 or rest[1] in " -" else space | allow(rest[1])
                    elif rest[0] == "-":
                        a1 = a2 = everything
                    else:
                        a1 = allow(rest[0])
                        a2 = everything
                next1[k] |= a1
                next2[k] |= a2
        return next1, next2

    def match(self, texts: list[str]):
        """Matches of every text: arrays ``(doc, start, end, entry)`` in text offsets, and the view.

        Sorted by doc, start, longest first, entry (the order of :meth:`Matcher.find`).
        """
        view = BatchView(texts, self.codes)
        m = self.matcher
        if not self.usable:
            view.bad[:] = True
        got_s, got_e, got_i = [], [], []  # global view offsets of candidates, per source
        odd_at = None
        if self._encoded and not view.bad.all():
            hay = view.hay
            if self.engine_for(len(view.text)) == "trie":
                key, s, e, odd_at = self.trie.find(hay)
            else:
                found = self.automaton.find_matches_as_indexes(hay, overlapping=True)
                flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
                del found
                key, s, e = flat[0::3], flat[1::3], flat[2::3]
                odd = self.odd[key]
                odd_at = s[odd]
                if len(odd_at):
                    lexical = key < self.n_keys
                    key, s, e = key[lexical], s[lexical], e[lexical]
            hb = np.frombuffer(hay, dtype=np.uint8)
            word = self.word
            prev_word = word[hb[s - 1]] & (s > 0)
            left_bad = self.left_word[key] & prev_word
            simple = self.simple[key]
            ok = simple & ~left_bad & ~(self.right_word[key] & word[hb[e]])
            ks, ss, es = key[ok], s[ok], e[ok]
            if self.multi:
                occ, pos = _rows_of(self.entry_ptr, ks)
                got_s.append(ss[occ])
                got_e.append(es[occ])
                got_i.append(self.entry_of[pos])
            else:
                got_s.append(ss)
                got_e.append(es)
                got_i.append(self.entry_of[self.entry_ptr[ks]])
            globbed = self.globbed[key] & ~left_bad
            if globbed.any():
                self._globbed(hb, key[globbed], s[globbed], e[globbed], got_s, got_e, got_i)
            # keys that need their expressions: per candidate, on the document's view
            nxt = hb[e]
            after = hb[np.minimum(e + 1, len(hb) - 1)]
            maybe = ~simple & ~self.globbed[key] & (self.pats_anywhere[key] | ~left_bad) & self.next1[key, nxt]
            maybe &= (nxt != 32) | self.next2[key, after]
            hard = np.flatnonzero(maybe)
            if len(hard) and self.follow:
                hard = hard[self._may_follow(hb, key[hard], e[hard])]
            if len(hard):
                self._hard(view, key[hard], s[hard], e[hard], got_s, got_e, got_i)
        # fallback at odd whitespace runs, and scan patterns
        if m.fallback or m.scan:
            extra: list[tuple[int, int, int]] = []
            docs = self._odd_docs(view, odd_at) if not m.scan else range(len(texts))
            if self.free_fallback:
                whole = view.string()
                ends = view.vend()
                for d in docs:
                    if view.bad[d]:
                        continue
                    a, b = int(view.vstart[d]), int(ends[d])
                    if m.fallback and has_odd_whitespace(whole[a:b]):
                        m.fallback_candidates(whole, extra.append, a, b)
                    for rx, i in m.scan:
                        for mm in rx.finditer(whole, a, b):
                            if mm.end() > mm.start():
                                extra.append((mm.start(), mm.end(), i))
            else:
                for d in docs:
                    if view.bad[d]:
                        continue
                    vtext = view.doc_view(d)
                    base = int(view.vstart[d])
                    local: list[tuple[int, int, int]] = []
                    if m.fallback and has_odd_whitespace(vtext):
                        m.fallback_candidates(vtext, local.append)
                    for rx, i in m.scan:
                        for mm in rx.finditer(vtext):
                            if mm.end() > mm.start():
                                local.append((mm.start(), mm.end(), i))
                    extra.extend((a + base, b + base, i) for a, b, i in local)
            if extra:
                arr = np.asarray(extra, dtype=np.int64)
                got_s.append(arr[:, 0])
                got_e.append(arr[:, 1])
                got_i.append(arr[:, 2])
        if got_s:
            st, en, ent = np.concatenate(got_s), np.concatenate(got_e), np.concatenate(got_i)
        else:
            st = en = ent = np.zeros(0, dtype=np.int64)
        if view.bad.any():
            keep = ~view.bad[np.searchsorted(view.vstart, st, side="right") - 1]
            st, en, ent = st[keep], en[keep], ent[keep]
        st, en, ent = _resolve(st, en, ent, m, self.source)
        dc = np.searchsorted(view.vstart, st, side="right") - 1
        ts, te = view.text_spans(st, en, dc) if len(st) else (st, en)
        if view.bad.any():
            ts, te, ent, dc = self._add_reference(texts, view, ts, te, ent, dc)
        return dc, ts, te, ent, view

    def _may_follow(self, hb, key, e) -> np.ndarray:
        """Which candidates of keys in ``follow`` may match: after the key, more whitespace
        or one of the key's texts (a byte above 127 stands for any character); True for
        candidates of other keys.  Each candidate is compared with each of its key's texts
        at once, as rows of a byte matrix."""
        ptr, table, length = self._follow_tables
        ok = np.ones(len(key), dtype=bool)
        at = np.flatnonzero(ptr[key + 1] > ptr[key])
        if not len(at):
            return ok
        x = e[at]
        cand, text = _rows_of(ptr, key[at])
        got = hb[np.minimum(x[cand][:, None] + np.arange(table.shape[1]), len(hb) - 1)]
        same = (got == table[text]) | (got > 127) | (np.arange(table.shape[1]) >= length[text][:, None])
        keep = self._space[hb[x]]
        keep[cand[same.all(axis=1)]] = True
        ok[at] = keep
        return ok

    def _globbed(self, hb, key, s, e, got_s, got_e, got_i) -> None:
        """Candidates of glob keys (``globbed``) with a word boundary before them: each entry
        of the key; a whole-term entry only before a non-word byte, a glob entry (``\\w*``)
        to the end of the word."""
        occ, row = _rows_of(self.glob_ptr, key)
        s, e = s[occ], e[occ]
        entry, glob, right = (r[row] for r in self.glob_rows)
        word = self.word
        end = e.copy()
        at = np.flatnonzero(glob)
        while len(at):  # one word character further, while there is one
            at = at[word[hb[end[at]]]]
            end[at] += 1
        ok = ~(right & word[hb[e]])
        got_s.append(s[ok])
        got_e.append(end[ok])
        got_i.append(entry[ok])

    def _hard(self, view, key, s, e, got_s, got_e, got_i) -> None:
        """Candidates of keys whose entries need an expression (as :func:`_key_candidates`).

        Run on the batch's view string with each document's end as ``endpos``, which gives
        what the document's own view gives (:func:`_position_free`); keys with a pattern
        that looks behind or anchors at the start run on the document's own view.
        """
        whole = view.string()
        ends = view.vend()
        hd = np.searchsorted(view.vstart, s, side="right") - 1
        cands: list[tuple[int, int, int]] = []
        add = cands.append
        payload, left_word, free = self.payload, self.left_word.tolist(), self.free.tolist()
        end_of = np.asarray(ends, dtype=np.int64)[hd]
        later = []
        # key by key (sorted), so that each expression runs over a list of places at once
        order = np.argsort(key, kind="stable")
        key, s, e, hd, end_of = key[order], s[order], e[order], hd[order], end_of[order]
        cuts = np.flatnonzero(np.diff(key)) + 1
        for lo, hi in zip(np.concatenate(([0], cuts)).tolist(), np.append(cuts, len(key)).tolist(), strict=True):
            k = int(key[lo])
            starts, stops = s[lo:hi].tolist(), e[lo:hi].tolist()
            if not free[k]:
                later.extend(zip([k] * (hi - lo), starts, stops, hd[lo:hi].tolist(), strict=True))
                continue
            plain, pats = payload[k]
            if pats:
                limits = end_of[lo:hi].tolist()
                for i, rx in pats:
                    for a, mm in zip(starts, map(rx.match, repeat(whole), starts, limits), strict=True):
                        if mm is not None and mm.end() > a:
                            add((a, mm.end(), i))
            if not plain:
                continue
            for a, b in zip(starts, stops, strict=True):
                if left_word[k] and a and (whole[a - 1].isalnum() or whole[a - 1] == "_"):
                    continue
                for i, rx, right_word in plain:
                    if rx is None:
                        if right_word and (whole[b].isalnum() or whole[b] == "_"):
                            continue
                        add((a, b, i))
                    else:
                        mm = rx.match(whole, a)
                        if mm is not None:
                            add((a, mm.end(), i))
        cur = -1
        vtext = ""
        base = 0
        later.sort(key=lambda c: c[3])  # by document: each document's view is built once
        for k, a, b, d in later:
            if d != cur:
                cur = d
                vtext = view.doc_view(d)
                base = int(view.vstart[d])
            plain, pats = payload[k]
            local: list[tuple[int, int, int]] = []
            _key_candidates(vtext, a - base, b - base, bool(left_word[k]), plain, pats, local.append)
            cands.extend((x + base, y + base, i) for x, y, i in local)
        if cands:
            arr = np.asarray(cands, dtype=np.int64)
            got_s.append(arr[:, 0])
            got_e.append(arr[:, 1])
            got_i.append(arr[:, 2])

    def _odd_docs(self, view: BatchView, odd_at) -> list[int]:
        """Texts whose view may hold a whitespace run the keys do not spell (a superset).

        ``odd_at``: where the automaton found one of :data:`_ODD_KEYS` (None: not searched).
        """
        if odd_at is None:
            hb = np.frombuffer(view.hay, dtype=np.uint8)
            space, nl = hb == 32, hb == 10
            odd = (space[:-1] & (space[1:] | nl[1:])) | (nl[:-1] & space[1:]) | np.isin(hb[:-1], _ODD_ASCII)
            odd_at = np.flatnonzero(odd)
        wide = view.wide_at[np.isin(view.wide_cp, _ODD_HIGH)]
        at = np.concatenate((odd_at, wide))
        return np.unique(np.searchsorted(view.vstart, at, side="right") - 1).tolist()

    def _add_reference(self, texts, view, ts, te, ent, dc):
        s2, e2, i2, d2 = [ts], [te], [ent], [dc]
        for d in np.flatnonzero(view.bad).tolist():
            text = texts[d]
            if not text:
                continue
            norm = fast_normalize(text)
            found = self.matcher.find(norm.text)
            if found:
                spans = [norm.span(a, b) for a, b, _ in found]
                s2.append(np.asarray([a for a, _ in spans], dtype=np.int64))
                e2.append(np.asarray([b for _, b in spans], dtype=np.int64))
                i2.append(np.asarray([i for _, _, i in found], dtype=np.int64))
                d2.append(np.full(len(found), d, dtype=np.int64))
        ts, te, ent, dc = (np.concatenate(x) for x in (s2, e2, i2, d2))
        order = np.argsort(dc, kind="stable")
        return ts[order], te[order], ent[order], dc[order]


#: Characters ``_ODD_CHAR`` of :mod:`framing.score` looks for (whitespace other than space
#: and line break): ASCII ones in the haystack, others by code point.
_ODD_ASCII = np.asarray([9, 11, 12, 13, 28, 29, 30, 31], dtype=np.uint8)
_ODD_KEYS = (b"  ", b" \n", b"\n ", *(bytes([c]) for c in _ODD_ASCII.tolist()))
_ODD_HIGH = np.asarray(
    [0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000], dtype=np.uint32
)


def tie_order(ties: np.ndarray, keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """The permutation that sorts rows already sorted on their primary keys by ``keys`` too.

    ``ties[i]``: whether rows ``i`` and ``i + 1`` are equal on the primary keys; ``keys``:
    the further keys, last one first (as for ``np.lexsort``).  Only the rows of tie
    groups are sorted, each group within itself; the others stay where they are.
    """
    order = np.arange(len(ties) + 1)
    if not ties.any():
        return order
    edge = np.concatenate(([False], ties)) | np.concatenate((ties, [False]))
    rows = np.flatnonzero(edge)
    group = np.cumsum(np.concatenate(([True], ~ties)))[rows]
    order[rows] = rows[np.lexsort((*(k[rows] for k in keys), group))]
    return order


def _row_ptr(counts) -> np.ndarray:
    """Where each key's rows begin in a table of rows grouped by key, and the table's end:
    ``ptr[key]:ptr[key + 1]`` are the rows of ``key`` (``counts[key]`` of them)."""
    return np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def _rows_of(ptr: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row of each occurrence's key: arrays ``(occurrence, row)``, one pair per row,
    the occurrences in order and each one's rows in table order."""
    n = ptr[key + 1] - ptr[key]
    return np.repeat(np.arange(len(key)), n), np.repeat(ptr[key] - np.cumsum(n) + n, n) + np.arange(int(n.sum()))


def _resolve(st: np.ndarray, en: np.ndarray, ent: np.ndarray, matcher, source: np.ndarray) -> tuple[np.ndarray, ...]:
    """Leftmost-longest choice (:meth:`Matcher.resolve`) over candidates of many documents.

    Candidates never cross a document boundary, so global offsets resolve like local ones.
    Sorted by start (a stable sort, fast on the few sorted runs the candidates come in),
    then within equal starts longest first, entry.  Clusters of overlapping candidates
    (a cluster starts where a candidate begins at or after every earlier one's end) of
    one candidate keep it, pairs follow the rule on arrays, larger ones go through
    :meth:`Matcher.resolve`.  ``source``: each entry's source row as an integer code.
    """
    if len(st) < 2:
        return st, en, ent
    order = np.argsort(st, kind="stable")
    st, en, ent = st[order], en[order], ent[order]
    order = tie_order(st[1:] == st[:-1], (ent, -en))
    st, en, ent = st[order], en[order], ent[order]
    prev_end = np.maximum.accumulate(en)
    fresh = np.ones(len(st), dtype=bool)
    fresh[1:] = st[1:] >= prev_end[:-1]
    starts = np.flatnonzero(fresh)
    sizes = np.diff(np.append(starts, len(st)))
    keep = fresh.copy()
    # pairs (the usual cluster): the second, which starts inside the first, is kept only
    # with the first's span, another entry and the same source row
    a = starts[sizes == 2]
    if len(a):
        b = a + 1
        keep[b] = (st[b] == st[a]) & (en[b] == en[a]) & (ent[b] != ent[a]) & (source[ent[b]] == source[ent[a]])
    for a, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        part = slice(a, a + size)
        cluster = list(zip(st[part].tolist(), en[part].tolist(), ent[part].tolist(), strict=True))
        chosen = matcher.resolve(cluster)
        keep[a : a + size] = False
        # matcher.resolve keeps candidates in sorted order; mark them in this cluster
        j = 0
        for c in chosen:
            while cluster[j] != c:
                j += 1
            keep[a + j] = True
            j += 1
    return st[keep], en[keep], ent[keep]


def _starts_at_boundary(rx: re.Pattern) -> bool:
    """Whether ``rx`` begins with ``\\b`` (a word boundary before its first character)."""
    from re import _constants as C
    from re import _parser

    try:
        data = _parser.parse(rx.pattern, rx.flags).data
    except Exception:  # noqa: BLE001 - unknown shape: assume it may start anywhere
        return False
    return bool(data) and data[0][0] is C.AT and data[0][1] is C.AT_BOUNDARY


def _position_free(rx: re.Pattern) -> bool:
    """Whether ``rx.match(batch, pos, endpos)`` equals ``rx.match(text, pos - start)`` for a text
    ``batch[start:endpos]`` preceded by ``"\\x00"``: no lookbehind and no start anchor
    (``^``, ``\\A``); ``\\b`` and ``\\B`` see ``"\\x00"`` as no word character, as the start."""
    from re import _constants as C
    from re import _parser

    bad_at = {C.AT_BEGINNING, C.AT_BEGINNING_LINE, C.AT_BEGINNING_STRING}

    def walk(seq) -> bool:
        for op, av in seq:
            if op is C.AT and av in bad_at:
                return False
            if op in (C.ASSERT, C.ASSERT_NOT):
                direction, sub = av
                if direction < 0 or not walk(sub):
                    return False
            elif op is C.SUBPATTERN:
                if not walk(av[-1]):
                    return False
            elif op is C.BRANCH:
                if not all(walk(b) for b in av[1]):
                    return False
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                if not walk(av[2]):
                    return False
            elif op is C.ATOMIC_GROUP:
                if not walk(av):
                    return False
            elif op is C.GROUPREF_EXISTS:
                if not walk(av[1]) or (av[2] is not None and not walk(av[2])):
                    return False
        return True

    try:
        return walk(_parser.parse(rx.pattern, rx.flags).data)
    except Exception:  # noqa: BLE001 - unknown shape: take the document's own view
        return False


def _ascii_table(chars: frozenset[str]) -> np.ndarray:
    """Haystack bytes of ``chars`` (ASCII, both cases)."""
    t = np.zeros(256, dtype=bool)
    for c in chars:
        t[[ord(c.lower()), ord(c.upper())]] = True
    return t


def _after_space_run(rx: re.Pattern) -> frozenset[str] | None:
    """ASCII text that what follows the ``\\s+`` ending each key of ``rx`` begins with, or None.

    The keys of a pattern entry (:func:`framing.score._pattern_prefixes`) end in a
    whitespace character when the prefix walk stopped at a top-level ``\\s+`` after
    literal text.  When everything before that ``\\s+`` is zero-width assertions (at the
    start), literals, optional literals, and groups or alternations of literals, none
    of them whitespace, a match that begins with a key uses that key's literal text and
    starts the ``\\s+`` at the key's last character (a shorter or longer literal would
    meet a whitespace or a non-whitespace character it does not allow).  What follows the
    key is then whitespace, or one of the returned texts: the literal characters each
    alternative of what follows the run begins with (``(?:handlers|puppet\\s*masters)``:
    ``handlers``, ``puppet``; a repeated item: its first character).  None when the
    pattern is not of that shape or what follows can start with anything (a class, an
    optional item).  The caller allows any non-ASCII character in place of a literal one
    (``re.IGNORECASE`` matches ``\u212a`` to ``k``).
    """
    from re import _constants as C
    from re import _parser

    def literal_only(seq) -> bool:
        for op, av in seq:
            if op is C.LITERAL:
                if chr(av).isspace():
                    return False
            elif op is C.SUBPATTERN:
                if not literal_only(av[-1]):
                    return False
            elif op is C.BRANCH:
                if not all(literal_only(b) for b in av[1]):
                    return False
            else:
                return False
        return True

    def first(seq) -> frozenset[str] | None:
        # the literal text each way through ``seq`` begins with (ASCII, at least one character)
        if not seq:
            return None
        op, av = seq[0]
        if op is C.LITERAL:
            if av >= 128:
                return None
            rest = first(seq[1:]) if len(seq) > 1 and seq[1][0] is C.LITERAL and seq[1][1] < 128 else None
            return frozenset({chr(av) + r for r in rest} if rest else {chr(av)})
        if op is C.SUBPATTERN:
            return first(list(av[-1]))
        if op is C.BRANCH:
            out: set[str] = set()
            for b in av[1]:
                f = first(list(b))
                if f is None:
                    return None
                out |= f
            return frozenset(out)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            f = first(list(av[2]))
            return None if f is None else frozenset(x[:1] for x in f)
        return None

    try:
        items = list(_parser.parse(rx.pattern, rx.flags).data)
    except Exception:  # noqa: BLE001 - unknown shape: no filter
        return None
    consumed = False
    for t, (op, av) in enumerate(items):
        if op is C.AT or op is C.ASSERT or op is C.ASSERT_NOT:
            if consumed:
                return None
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, item = av
            item = list(item)
            if hi == 1 and len(item) == 1 and item[0][0] is C.LITERAL and not chr(item[0][1]).isspace():
                continue  # an optional literal
            if lo >= 1 and item == [(C.IN, [(C.CATEGORY, C.CATEGORY_SPACE)])]:
                return first(items[t + 1 :]) if consumed else None
            return None
        if op is C.LITERAL or op is C.SUBPATTERN or op is C.BRANCH:
            if not literal_only([(op, av)]):
                return None
            consumed = True
            continue
        return None
    return None
