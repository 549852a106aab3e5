"""Key occurrences by a compiled trie walk from word edges (the optional numba engine).

:class:`framing._fastmatch.BatchMatcher` needs, in a batch's haystack (one byte per view
character), the occurrences of its keys that its array filters can keep.  The Aho-Corasick
scan (``ahocorasick_rs``, ``overlapping=True``) reports every occurrence of every key,
inside words too, and the filters then drop most of those.  This module finds the
wanted ones directly.  At each *word edge* (the first byte, a byte after a non-word byte,
or a non-word byte itself) it walks a trie of the keys from its root (de la Briandais
1959; Knuth, TAOCP vol. 3, 6.3), reporting each key whose last node it reaches, until the
next byte has no child.  Inside words it walks a second trie holding only the keys of
pattern entries that may start inside a word (``BatchMatcher.pats_anywhere``; usually
none).  A key that is a whole plain term with a word character at its end is reported
only when a non-word byte follows (the right boundary the filters would check).  The same
pass reports where the whitespace runs that need the fallback begin (two spaces, a space
next to a line break, or one of the ``odd`` bytes such as a tab), which the Aho-Corasick
engine finds as extra keys.

Every occurrence the filters keep is found: a key that starts with a word character and
needs a word boundary before it starts at a word edge; a key that starts with a non-word
character starts at one by definition; the rest are in the second trie.  So the matches
are identical to the Aho-Corasick engine's (``tests/test_fastmatch.py`` runs both).

The walk is a numba kernel (``numba.njit(cache=True)``, compiled on first use and cached
on disk); without numba the Aho-Corasick scan is used.
"""

from __future__ import annotations

import numpy as np

__all__ = ["KeyTrie"]


def _build(keys: list[bytes], cls: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense trie of ``keys`` over byte classes: ``(child, own_ptr, own)``.

    ``child[node, class]``: the child node, or 0 for none (node 0, the root, is nobody's
    child); the keys ending at ``node`` are ``own[own_ptr[node]:own_ptr[node + 1]]``.
    Nodes are numbered breadth first, so the nodes walked most stay close in memory.
    """
    children: list[dict[int, int]] = [{}]
    ending: list[list[int]] = [[]]
    for k, key in enumerate(keys):
        node = 0
        for b in key:
            c = int(cls[b])
            nxt = children[node].get(c)
            if nxt is None:
                nxt = len(children)
                children[node][c] = nxt
                children.append({})
                ending.append([])
            node = nxt
        ending[node].append(k)
    order = [0]
    for node in order:  # breadth first: the list grows while it is read
        order.extend(children[node][c] for c in sorted(children[node]))
    rank = np.empty(len(children), dtype=np.int64)
    rank[order] = np.arange(len(children))
    child = np.zeros((len(children), n_classes), dtype=np.uint32)
    for node, kids in enumerate(children):
        for c, nxt in kids.items():
            child[rank[node], c] = rank[nxt]
    counts = np.zeros(len(children), dtype=np.int64)
    for node, e in enumerate(ending):
        counts[rank[node]] = len(e)
    own_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    own = np.zeros(int(counts.sum()), dtype=np.int32)
    for node, e in enumerate(ending):
        own[own_ptr[rank[node]] : own_ptr[rank[node]] + len(e)] = e
    return child, own_ptr, own


class KeyTrie:
    """The keys of a :class:`~framing._fastmatch.BatchMatcher` as tries over byte classes.

    ``keys``: the haystack spelling of each key; ``inner``: keys to find inside words too;
    ``right``: keys reported only before a non-word byte; ``word``: which haystack bytes
    are word characters (256 booleans); ``odd``: bytes that alone mark an odd whitespace
    run (256 booleans).  :meth:`find` gives arrays ``(key, start, end)`` and the odd
    whitespace positions.
    """

    def __init__(self, keys: list[bytes], inner: np.ndarray, right: np.ndarray, word: np.ndarray, odd: np.ndarray):
        used = sorted({b for key in keys for b in key})
        # class 0: bytes in no key, which have no child anywhere, so a walk stops there
        self.cls = np.zeros(256, dtype=np.int32)
        self.cls[used] = np.arange(1, len(used) + 1, dtype=np.int32)
        n_classes = len(used) + 1
        self.word = np.asarray(word, dtype=np.bool_)
        self.odd = np.asarray(odd, dtype=np.bool_)
        self.right = np.asarray(right, dtype=np.bool_)
        self.main = _build(keys, self.cls, n_classes)
        chosen = [k for k, a in enumerate(inner) if a and keys[k] and self.word[keys[k][0]]]
        child, ptr, own = _build([keys[k] for k in chosen], self.cls, n_classes)
        self.inner = (child, ptr, np.asarray(chosen, dtype=np.int32)[own] if len(own) else own)
        self.has_inner = bool(chosen)

    def find(self, hay: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Occurrences ``(key, start, end)`` in ``hay`` (int64 arrays, ``end`` exclusive), by
        start, and the positions where odd whitespace runs begin."""
        kernel = _kernel()
        h = np.frombuffer(hay, dtype=np.uint8)
        cap = max(1024, len(h) // 16)
        cap_odd = 1024
        while True:
            out = np.empty((3, cap), dtype=np.int64)
            odd_at = np.empty(cap_odd, dtype=np.int64)
            counts = kernel(h, self.word, self.cls, self.right, *self.main, *self.inner, self.has_inner, out, self.odd,
                            odd_at)  # fmt: skip
            n, n_odd = int(counts[0]), int(counts[1])
            if n <= cap and n_odd <= cap_odd:
                break
            cap, cap_odd = max(n, cap), max(n_odd, cap_odd)  # more than room: run again with room for all
        key, start, end = out[0, :n], out[1, :n], out[2, :n]
        if self.has_inner:  # the inner walks come after the edge walks
            order = np.argsort(start, kind="stable")
            key, start, end = key[order], start[order], end[order]
        return key, start, end, odd_at[:n_odd]


_KERNEL = None


def _kernel():
    """The compiled walk (built on first use; numba caches the machine code on disk)."""
    global _KERNEL, _walks
    if _KERNEL is None:
        import numba

        # numba reads the globals of ``_walk`` when it compiles it: ``_walks`` must be the
        # compiled function by then, so the module name is rebound to it first
        _walks = numba.njit(cache=True, nogil=True, boundscheck=False)(_walks)
        _KERNEL = numba.njit(cache=True, nogil=True, boundscheck=False)(_walk)
    return _KERNEL


def _walk(h, word, cls, right, child, own_ptr, own, ichild, iown_ptr, iown, has_inner, out, odd, odd_at):
    """Kernel of :meth:`KeyTrie.find`: writes up to ``out.shape[1]`` occurrences and
    ``odd_at.shape[0]`` odd whitespace positions; returns how many there are of each."""
    counts = np.zeros(2, dtype=np.int64)
    _walks(h, word, cls, right, child, own_ptr, own, True, out, odd, odd_at, counts)
    if has_inner:
        _walks(h, word, cls, right, ichild, iown_ptr, iown, False, out, odd, odd_at, counts)
    return counts


def _walks(h, word, cls, right, child, own_ptr, own, at_edges, out, odd, odd_at, counts):
    """Walk ``child`` from every word edge (``at_edges``, noting odd whitespace there) or
    every position inside a word; adds to ``counts`` (occurrences, odd positions)."""
    n = h.shape[0]
    cap = out.shape[1]
    cap_odd = odd_at.shape[0]
    width = child.shape[1]
    flat = child.ravel()
    found = counts[0]
    n_odd = counts[1]
    prev_word = False
    for p in range(n):
        b = h[p]
        here_word = word[b]
        inside = prev_word and here_word
        prev_word = here_word
        if inside != (not at_edges):
            continue
        if at_edges and not here_word:
            # odd whitespace: two spaces, a space next to a line break, or an odd byte
            if odd[b] or (p + 1 < n and ((b == 32 and (h[p + 1] == 32 or h[p + 1] == 10)) or (b == 10 and h[p + 1] == 32))):
                if n_odd < cap_odd:
                    odd_at[n_odd] = p
                n_odd += 1
        node = 0
        q = p
        while q < n:
            # unsigned arithmetic: no negative-index check on the flat table
            node = flat[np.uint64(node) * np.uint64(width) + np.uint64(cls[h[q]])]
            if node == 0:
                break
            q += 1
            for j in range(own_ptr[node], own_ptr[node + 1]):
                k = own[j]
                if right[k] and q < n and word[h[q]]:
                    continue
                if found < cap:
                    out[0, found] = k
                    out[1, found] = p
                    out[2, found] = q
                found += 1
    counts[0] = found
    counts[1] = n_odd
