"""The one matcher: a compiled lexicon matched over batches of texts, with arrays.

:class:`Matcher` (built once per lexicon by :func:`framing.match.compile_lexicon`) finds,
for many documents at once, the matches of the lexicon on each text's matching view
(:func:`framing.match.view.fast_normalize`), mapped back to each text:

1. **One string per batch.**  The texts are joined with ``"\\x00"`` (not a word character,
   not whitespace, in no key), so no key, word boundary or whitespace run crosses from one
   document to the next.  Their view is one byte per view character
   (:class:`framing.match.view.BatchView`): ASCII lower case as itself, a non-ASCII
   character as a code of its own when a key holds it (a code shared within its kind when
   the keys hold more than 126 such characters; occurrences are then compared with the
   text), else one of two bytes that say whether it is a word character.  Texts holding a
   character whose piece is not lower case (where ``fast_normalize`` falls back to
   ``normalize``) are matched on their own view (:meth:`Matcher.find`).
2. **Automaton in Rust.**  ``ahocorasick_rs`` (Rust ``aho-corasick`` crate, a DFA; Aho &
   Corasick 1975, CACM 18(6)) reports every occurrence of every key in the bytes
   (``overlapping=True``).  Extra keys for the whitespace runs the keys do not spell (two
   spaces, tabs, ...) tell, from the same scan, which documents need the fallback.
3. **Word boundaries with numpy.**  Keys whose entries are whole plain terms are checked
   for word boundaries on arrays, and so are glob keys (``devastat*``: the span runs on to
   the end of the word).  Keys that need an expression (phrases, hyphen variants, pattern
   entries) are first filtered on arrays by the bytes that may follow them
   (:meth:`Matcher._next_tables`, :func:`framing.match.patterns._after_space_run`), then
   run :func:`framing.match.compile._key_candidates`'s rules on the batch's view string
   with each document's end as ``endpos``; a pattern that looks behind or anchors at the
   start (:func:`framing.match.patterns._position_free`) runs on the document's own view.
   The fallback at odd whitespace runs and scan patterns likewise.
4. **Leftmost-longest with numpy.**  Candidates sorted by start, longest first, entry are
   cut into clusters of mutually overlapping ones (a cluster starts where a candidate
   begins at or after every earlier candidate's end); a lone candidate is kept, a pair is
   decided on arrays, and each larger cluster is resolved by
   :meth:`framing.match.compile.Tables.resolve`, the rule.

``tests/test_match.py`` holds the result equal to a regular expression per entry tried at
every position of each view (the documented semantics, :mod:`framing.lexicon`).
"""

from __future__ import annotations

from itertools import chain, repeat

import ahocorasick_rs
import numpy as np

from framing.lexicon import Lexicon
from framing.match.compile import Tables, _codes, _isword, _key_candidates, has_odd_whitespace
from framing.match.context import Context
from framing.match.marks import Marks
from framing.match.patterns import _after_space_run, _ascii_table, _position_free, _starts_at_boundary
from framing.match.view import _OTHER, _OTHER_WORD, _SPACE_BYTES, BatchView, fast_normalize


class Matcher(Tables):
    """A compiled lexicon: its key tables (:class:`framing.match.compile.Tables`) and the batch
    matcher over them (see the module docstring).  Build it with :func:`framing.match.compile_lexicon`."""

    def __init__(self, lexicon: Lexicon):
        super().__init__(lexicon)
        self.context = Context.of(self.entries)  # unless_prev / unless_next rules (framing.match.context)
        categories = self.entries["category"].tolist()
        names = sorted(set(categories))
        #: sorted category names, and each entry's index among them
        self.categories = (names, np.asarray([names.index(c) for c in categories], dtype=np.int64))
        keys, trees = list(self.keys), {}  # trees: each pattern's parse, read once (framing.match.patterns.parse_tree)
        self.payload = [self.keys[k] for k in keys]
        self.left_word = np.asarray([k[0].isalnum() or k[0] == "_" for k in keys], dtype=bool)
        self.right_word = np.asarray([k[-1].isalnum() or k[-1] == "_" for k in keys], dtype=bool)
        # simple keys: every entry behind them is the whole key, so a candidate needs only the
        # word boundaries, checked on arrays.  A term with one hyphen or space has a key for each
        # spelling ("neo-nazi", "neonazi", "neo nazi", "neo\nnazi"); its expression, matched at
        # such a key, spans exactly the key (what it spells after the key is empty, no glob).
        whole = {i for i, (rest, glob) in self.rest.items() if not rest and not glob}
        self.simple = np.asarray(
            [
                not pats and bool(plain) and all(rx is None or i in whole for i, rx, _ in plain)
                for plain, pats in self.payload
            ],
            dtype=bool,
        )
        # keys whose candidates need no word character before them: plain entries checked
        # below, and pattern entries unless every pattern of the key starts with ``\b``
        # (then a word character before a key that starts with one rules the match out)
        self.pats_anywhere = np.asarray(
            [bool(pats) and not (all(_starts_at_boundary(rx, trees) for _, rx in pats) and _isword(k[0]))
             for k, (_, pats) in zip(keys, self.payload, strict=True)],
            dtype=bool,
        )  # fmt: skip
        self.free = np.asarray([all(_position_free(rx, trees) for _, rx in p) for _, p in self.payload], dtype=bool)
        self.free_fallback = all(
            rx is None or _position_free(rx, trees) for entries in self.fallback.values() for _, rx, _ in entries
        ) and all(_position_free(rx, trees) for rx, _ in self.scan)
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
        globs = {i for i, (rest, glob) in self.rest.items() if not rest and glob}
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
        self.source = np.unique(np.asarray(self.sources, dtype=object), return_inverse=True)[1]
        # one byte per view character: ASCII as itself; characters above 127 that keys hold
        # get codes 0x82.., every other one _OTHER_WORD or _OTHER
        self.codes, self.shared = _codes(sorted({c for k in keys for c in k if c >= "\x80"}))
        #: with shared codes: the keys that hold a non-ASCII character, checked on the view string
        self.key_text = keys
        self.key_wide = np.asarray([any(c >= "\x80" for c in k) for k in keys], dtype=bool) & self.shared
        self.word = np.zeros(256, dtype=bool)
        self.word[:128] = [chr(c).isalnum() or chr(c) == "_" for c in range(128)]
        self.word[_OTHER_WORD] = True
        space = np.zeros(256, dtype=bool)
        space[_SPACE_BYTES + [_OTHER]] = True
        for c, v in self.codes.items():
            self.word[v] = c.isalnum()
            space[v] = c.isspace()
        self.next1, self.next2 = self._next_tables(keys, space, trees)
        #: pattern keys whose every entry continues, after the whitespace the key ends in,
        #: with one of some literal texts (:func:`_after_space_run`): key -> those texts
        self.follow: dict[int, list[bytes]] = {}
        for k, (plain, pats) in enumerate(self.payload):
            texts = [_after_space_run(rx, trees) for _, rx in pats]
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
        self._automaton = self._impl = None
        self._encoded: list[bytes] = []
        if keys:
            # Whitespace runs the keys do not spell are found with numpy (:meth:`_odd_docs`), not
            # as extra keys: a run of k spaces would be k overlapping occurrences of "  ".
            self._encoded = [bytes(ord(c) if c < "\x80" else self.codes[c] for c in k) for k in keys]
        self.marks = None  #: word starts and ends marked for the automaton (:mod:`framing.match.marks`)
        if Marks.usable(self._encoded):
            right = [bool(self.glob_rows[2][self.glob_ptr[k] : self.glob_ptr[k + 1]].all()) for k in range(len(keys))]
            need_end = np.where(self.simple, True, np.where(self.globbed, right, ~self.next1[:, self.word].any(axis=1)))
            self.marks = Marks(self._encoded, self.word, ~self.pats_anywhere, need_end)

    @property
    def automaton(self):
        """The keys as an ``ahocorasick_rs`` DFA (built on first use; None without keys).

        With a key longer than :data:`_DFA_MAX_KEY` bytes, a contiguous NFA (same matches):
        the DFA's build time grows with the square of a periodic key (``x`` * 10,000: 2 s).
        """
        if self._automaton is None and self._encoded:
            long_key = max(map(len, self._encoded)) > _DFA_MAX_KEY
            self._impl = ahocorasick_rs.Implementation.ContiguousNFA if long_key else ahocorasick_rs.Implementation.DFA
            self._automaton = ahocorasick_rs.BytesAhoCorasick(self._encoded, implementation=self._impl)
        return self._automaton

    def _next_tables(self, keys, space, trees=None):
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
                first = _after_space_run(rx, trees)
                next1[k] |= everything if first is None else space | high | _ascii_table({f[0] for f in first})
                next2[k] = True
            for i, rx, right_word in plain:
                if rx is None:
                    a1 = ~self.word if right_word else everything
                    a2 = everything
                else:
                    rest, glob = self.rest[i]
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

    def find(self, view: str) -> list[tuple[int, int, int]]:
        """Matches in ``view`` (a matching view, as :func:`framing.match.view.fast_normalize` gives):
        ``(start, end, entry)`` in view offsets, leftmost-longest, sorted: :meth:`match` on a batch of one view."""
        _, s, e, i, _ = self.match([view], as_view=True)
        return list(zip(s.tolist(), e.tolist(), i.tolist(), strict=True))

    def _match(self, texts: list[str], as_view: bool = False):
        """Matches of every text: arrays ``(doc, start, end, entry)`` in text offsets, and the view
        (:meth:`framing.match.compile.Tables.match`, which names a text a pattern is too slow on).

        Sorted by doc, start, longest first, entry.  ``as_view``: the texts are matching views
        already (:class:`framing.match.view.BatchView`).
        """
        view = BatchView(texts, self.codes, as_view)
        m = self
        odd = self._odd_docs(view) if m.fallback and not m.scan else None  # before the view string exists
        got_s, got_e, got_i = [], [], []  # global view offsets of candidates, per source
        if self._encoded and not view.bad.all():
            hay = view.hay
            key, s, e = self._scan(hay)
            if self.shared:  # keys whose non-ASCII characters share their codes: compare the text
                at = np.flatnonzero(self.key_wide[key])
                if len(at):
                    whole, ks = view.string(), self.key_text
                    trip = zip(key[at].tolist(), s[at].tolist(), e[at].tolist(), strict=True)
                    same = [whole[a:b] == ks[k] for k, a, b in trip]
                    keep = np.ones(len(key), dtype=bool)
                    keep[at[~np.asarray(same, dtype=bool)]] = False
                    key, s, e = key[keep], s[keep], e[keep]
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
            docs = odd if not m.scan else range(len(texts))
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
        if self.form_of is not None:  # a rule-generated form reports its entry
            ent = self.form_of[ent]
        dc = np.searchsorted(view.vstart, st, side="right") - 1
        ts, te = view.text_spans(st, en, dc) if len(st) else (st, en)
        if view.bad.any():
            ts, te, ent, dc = self._add_reference(texts, view, ts, te, ent, dc)
        if self.context is not None:  # set aside what an entry's context rules out (framing.match.context)
            dc, ts, te, ent = self.context.keep(texts, dc, ts, te, ent)
        return dc, ts, te, ent, view

    def _may_follow(self, hb, key, e) -> np.ndarray:
        """Which candidates of keys in ``follow`` may match: after the key, more whitespace
        or one of the key's texts (a byte above 127 stands for any character); True for
        candidates of other keys.  Each candidate is compared with each of its key's texts
        at once, a byte column at a time."""
        ptr, table, length = self._follow_tables
        ok = np.ones(len(key), dtype=bool)
        at = np.flatnonzero(ptr[key + 1] > ptr[key])
        if not len(at):
            return ok
        x = e[at]
        cand, text = _rows_of(ptr, key[at])
        xs, last, same = x[cand], len(hb) - 1, np.ones(len(cand), dtype=bool)
        for j in range(table.shape[1]):  # a column at a time: no matrix of candidates x width
            got = hb[np.minimum(xs + j, last)]
            same &= (got == table[text, j]) | (got > 127) | (j >= length[text])
        keep = self._space[hb[x]]
        keep[cand[same]] = True
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
        for _ in range(32):  # one word character further, while there is one
            at = at[word[hb[end[at]]]]
            if not len(at):
                break
            end[at] += 1
        else:  # longer words: the next non-word byte (the haystack ends in one)
            nonword = np.flatnonzero(~word[hb])
            end[at] = nonword[np.searchsorted(nonword, end[at])]
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

    def _scan(self, hay: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every occurrence of every key in ``hay``: arrays ``(key, start, end)``.

        Read :data:`_CHUNK` bytes at a time (each chunk with the ``longest key - 1`` bytes
        after it, keeping the occurrences that start in it), so that the automaton's list of
        Python tuples stays bounded on a single huge text.
        """
        automaton, key_of, marks = self.automaton, None, self.marks  # marked when it pays (Marks.decide)
        if marks is not None and marks.on:
            hay, key_of, automaton = marks.mark(hay), marks.key_of, marks.automaton(self._impl)
        if len(hay) <= _CHUNK:
            found = automaton.find_matches_as_indexes(hay, overlapping=True)
            flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
            if marks is not None and marks.on is None:
                marks.decide(hay, flat[0::3], flat[1::3], flat[2::3])
            return flat[0::3] if key_of is None else key_of[flat[0::3]], flat[1::3], flat[2::3]
        over = max(map(len, self._encoded)) - 1
        parts = []
        for a in range(0, len(hay), _CHUNK):
            found = automaton.find_matches_as_indexes(hay[a : a + _CHUNK + over], overlapping=True)
            flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found)).reshape(-1, 3)
            del found
            flat = flat[flat[:, 1] < _CHUNK]
            flat[:, 1:] += a
            parts.append(flat)
        flat = np.concatenate(parts)
        return flat[:, 0].copy() if key_of is None else key_of[flat[:, 0]], flat[:, 1].copy(), flat[:, 2].copy()

    def _odd_docs(self, view: BatchView) -> list[int]:
        """Texts whose view may hold a whitespace run the keys do not spell (a superset)."""
        hay = view.hay
        parts = [np.zeros(0, dtype=np.int64)]
        step = _CHUNK // 4
        for a in range(0, len(hay), step):  # a chunk at a time: small masks on a huge text
            x = np.frombuffer(hay[a : a + step + 1].translate(_ODD_CLASS), dtype=np.uint8)
            # space then space or line break, line break then space: class products 1 and 2
            pair = x[:-1] * x[1:]
            pair -= 1
            parts.append(np.flatnonzero((pair < 2) | (x[:-1] == 4)) + a)
        odd_at = np.concatenate(parts)
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
            found = self.find(norm.text)
            if found:
                spans = [norm.span(a, b) for a, b, _ in found]
                s2.append(np.asarray([a for a, _ in spans], dtype=np.int64))
                e2.append(np.asarray([b for _, b in spans], dtype=np.int64))
                i2.append(np.asarray([i for _, _, i in found], dtype=np.int64))
                d2.append(np.full(len(found), d, dtype=np.int64))
        ts, te, ent, dc = (np.concatenate(x) for x in (s2, e2, i2, d2))
        order = np.argsort(dc, kind="stable")
        return ts[order], te[order], ent[order], dc[order]


#: Longest automaton key (bytes) built as a DFA; longer keys take a contiguous NFA.
_DFA_MAX_KEY = 1000

#: Byte classes for :meth:`Matcher._odd_docs`: space 1, line break 2, 4 for the ASCII whitespace
#: ``_ODD_CHAR`` of :mod:`framing.match.compile` looks for (non-ASCII: by code point).
_ODD_CLASS = bytes(1 if b == 32 else 2 if b == 10 else 4 if b in b"\t\v\f\r\x1c\x1d\x1e\x1f" else 0 for b in range(256))
#: Haystack bytes the automaton reads at a time (:meth:`Matcher._scan`).
_CHUNK = 1 << 22
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
