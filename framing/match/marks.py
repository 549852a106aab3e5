"""Word starts and ends marked in the haystack, so that the automaton reports fewer occurrences.

Most automaton keys can only give a candidate at a word boundary (a plain term needs one
before and after it), yet an automaton scan reports every occurrence, inside words too
(``abort`` in ``abortion``), and each one costs a Python tuple.  So the automaton reads a
*marked* copy of the haystack in which each ASCII letter byte says whether it starts a
word (the byte before it is no word character) and whether it ends one (the byte after it
is none): four codes per letter.  Keys are marked alike: their inner letters by their
neighbours in the key, their first letter as a word start when every candidate of the key
needs a word boundary before it (else both variants), their last letter as a word end
when every candidate needs a non-word character after it (else both variants).  An
occurrence of a key in the plain haystack reads, in the marked one, as exactly one marked
form of the key; the forms left out of the variants are those of occurrences the batch
matcher would drop at its boundary checks anyway, so the candidates are the same.

Word characters are the matcher's (``Matcher.word``, a property of the byte).  The letter
codes take the bytes ``0x97..0xfe``; a lexicon whose keys hold more non-ASCII codes than
fit below them scans the plain haystack, and so does a lexicon whose keys are rarely found inside
words (:meth:`Marks.decide`, on the first batch of at least 100 kB: marking costs a few passes
over the bytes).
"""

from __future__ import annotations

from itertools import product

import numpy as np

#: Haystack bytes a plain scan needs before :meth:`Marks.decide` decides; occurrences left out per byte that pay.
DECIDE_BYTES, PAYS_PER = 100_000, 100
#: First of the 104 letter codes: mid-word, word start, word end, both (26 each).
_BASE = 0x97
_LETTER = np.zeros(256, dtype=bool)
_LETTER[97:123] = True


class Marks:
    """Marked keys of a matcher and the tables that mark a haystack (see the module docstring).

    ``keys``: the marked variants; ``key_of``: each variant's key index in the matcher.
    """

    def __init__(self, encoded: list[bytes], word: np.ndarray, need_start: np.ndarray, need_end: np.ndarray):
        #: each byte's class for :meth:`mark`: 1 for a word character, 2 more for an ASCII letter
        self.class_table = bytes(int(w) + 2 * int(x) for w, x in zip(word, _LETTER, strict=True))
        keys, key_of = [], []
        for k, kb in enumerate(encoded):
            firsts = (True,) if need_start[k] or not _LETTER[kb[0]] else (True, False)
            lasts = (True,) if need_end[k] or not _LETTER[kb[-1]] else (True, False)
            for first, last in product(firsts, lasts):
                keys.append(self.mark_key(kb, word, first, last))
                key_of.append(k)
        self.keys = keys
        self.key_of = np.asarray(key_of, dtype=np.int64)
        self.word = word
        #: keys whose occurrences after / before a word character the marked scan leaves out
        self.drop_after_word = np.asarray([bool(need_start[k] and _LETTER[kb[0]]) for k, kb in enumerate(encoded)])
        self.drop_before_word = np.asarray([bool(need_end[k] and _LETTER[kb[-1]]) for k, kb in enumerate(encoded)])
        #: whether to scan marked haystacks: None until :meth:`decide` has seen a large enough one
        self.on = None
        self._automaton = None

    def automaton(self, implementation):
        """The marked keys as an ``ahocorasick_rs`` automaton (built on first use)."""
        if self._automaton is None:
            import ahocorasick_rs

            self._automaton = ahocorasick_rs.BytesAhoCorasick(self.keys, implementation=implementation)
        return self._automaton

    def decide(self, hay: bytes, key: np.ndarray, s: np.ndarray, e: np.ndarray) -> None:
        """Turn marking on when, in a plain scan of ``hay`` (at least :data:`DECIDE_BYTES`), the
        occurrences it would leave out are more than one per :data:`PAYS_PER` bytes: each costs
        a Python tuple, marking costs a few passes over the bytes.  Either way the matches are the same."""
        if len(hay) < DECIDE_BYTES:
            return
        hb = np.frombuffer(hay, dtype=np.uint8)
        dropped = self.drop_after_word[key] & (s > 0) & self.word[hb[np.maximum(s - 1, 0)]]
        dropped |= self.drop_before_word[key] & self.word[hb[np.minimum(e, len(hb) - 1)]]
        self.on = int(dropped.sum()) * PAYS_PER > len(hay)

    @staticmethod
    def usable(encoded: list[bytes]) -> bool:
        """Whether every byte of the keys lies below the letter codes."""
        return bool(encoded) and max(max(kb) for kb in encoded) < _BASE

    @staticmethod
    def mark_key(kb: bytes, word: np.ndarray, first: bool, last: bool) -> bytes:
        """Key ``kb`` marked; ``first``/``last``: whether the bytes before / after it are non-word ones."""
        w = word[np.frombuffer(kb, dtype=np.uint8)]
        before = np.concatenate(([not first], w[:-1]))
        after = np.concatenate((w[1:], [not last]))
        out = bytearray(kb)
        for j, b in enumerate(kb):
            if _LETTER[b]:
                out[j] = _BASE + (b - 97) + 26 * int(not before[j]) + 52 * int(not after[j])
        return bytes(out)

    def mark(self, hay: bytes) -> bytes:
        """The marked copy of ``hay`` (same length)."""
        c = np.frombuffer(hay.translate(self.class_table), dtype=np.uint8)
        w = c & 1
        out = w.copy()  # word starts, then plus 2 x word ends, times 26
        out[1:] &= w[:-1] ^ 1
        w[:-1] &= w[1:] ^ 1
        out += w
        out += w
        out *= 26
        out += _BASE - 97  # a letter's code: _BASE + its index + 26 x start + 52 x end; other bytes as they are
        out *= c >> 1
        out += np.frombuffer(hay, dtype=np.uint8)
        return out.tobytes()
