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
only when a non-word byte follows (the right boundary the filters would check).

The edge walks run in three passes, so that the passes over many places have no branch
to mispredict:

1. every byte is looked at once, without branches: a word edge whose byte begins some
   key is appended to a list of walk starts;
2. each walk start looks up, again without branches, the node its first three bytes
   lead to in one table (``t3``, the trie's depth-3 nodes by their three byte classes);
   the starts where there is none are dropped (about half of them in news text, where a
   branch on it was mispredicted about as often: 0.058 -> 0.043 s per 10 MB for the
   walks).  Where the first two bytes lead to a key of one or two bytes (``short``), the
   start is kept with no node, to walk from the root;
3. each remaining start walks on node by node from there.

Before the walks, the beginnings of the whitespace runs that need the fallback (two
spaces, a space next to a line break, or a tab, vertical tab, form feed, carriage return
or byte 28-31: ``_fastmatch._ODD_KEYS``, which the Aho-Corasick engine finds as extra
keys) are found eight bytes at a time (:func:`_find_odd`).

Every occurrence the filters keep is found: a key that starts with a word character and
needs a word boundary before it starts at a word edge; a key that starts with a non-word
character starts at one by definition; the rest are in the second trie.  So the matches
are identical to the Aho-Corasick engine's (``tests/test_fastmatch.py`` runs both).

The haystack's bytes themselves come from one more kernel, :func:`view_bytes`: in one
pass over a batch's code points, their low bytes, those bytes lower-cased (ASCII) and the
positions of the code points above 127, which numpy would take four passes for.

The walk is a numba kernel (``numba.njit(cache=True)``, compiled on first use and cached
on disk); without numba the Aho-Corasick scan is used.
"""

from __future__ import annotations

import numpy as np

__all__ = ["KeyTrie", "view_bytes"]


def _build(keys: list[bytes], cls: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense trie of ``keys`` over byte classes: ``(child, own_ptr, own)``.

    ``child[node, class]``: the child node, or 0 for none (node 0, the root, is nobody's
    child); the keys ending at ``node`` are ``own[own_ptr[node]:own_ptr[node + 1]]``.
    Nodes are numbered depth first (a walk down a key reads rows one after another) and
    held in 16 bits where they fit (half the table, so more of it stays in cache).
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
    order, stack = [], [0]
    while stack:  # depth first, children by class: a walk down a key reads rows one after another
        node = stack.pop()
        order.append(node)
        stack.extend(children[node][c] for c in sorted(children[node], reverse=True))
    rank = np.empty(len(children), dtype=np.int64)
    rank[order] = np.arange(len(children))
    # node numbers in 16 bits where they fit: half the table, so more of it stays in cache
    dtype = np.uint16 if len(children) <= np.iinfo(np.uint16).max else np.uint32
    child = np.zeros((len(children), n_classes), dtype=dtype)
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
    are word characters (256 booleans).  :meth:`find` gives arrays ``(key, start, end)``
    and the odd whitespace positions.
    """

    def __init__(self, keys: list[bytes], inner: np.ndarray, right: np.ndarray, word: np.ndarray):
        used = sorted({b for key in keys for b in key})
        # class 0: bytes in no key, which have no child anywhere, so a walk stops there
        self.cls = np.zeros(256, dtype=np.int32)
        self.cls[used] = np.arange(1, len(used) + 1, dtype=np.int32)
        n_classes = len(used) + 1
        self.word = np.asarray(word, dtype=np.bool_)
        self.right = np.asarray(right, dtype=np.bool_)
        self.main = _build(keys, self.cls, n_classes)
        child, own_ptr, _ = self.main
        has_own = own_ptr[1:] > own_ptr[:-1]
        #: bytes that may begin a walk: their class has a child at the root
        self.starts = (child[0, self.cls] != 0).astype(np.uint8)
        self.word_u8 = self.word.astype(np.uint8)
        # t3[(c0 * W + c1) * W + c2]: the node after three bytes of those classes (0: none);
        # short[c0 * W + c1]: a node after one or two of them holds a key (then walk from the root)
        one = child[0]
        two = child[one]  # rows: class c0; row 0 (no node) is the root's, masked below
        two[one == 0] = 0
        self.short = (has_own[one] & (one != 0))[:, None] | (has_own[two] & (two != 0))
        self.short = self.short.ravel()
        if n_classes <= _T3_MAX_CLASSES:
            self.t3 = child[two.ravel()].ravel()
            self.t3[np.repeat(two.ravel() == 0, n_classes)] = 0
        else:  # a table too big for the cache: every walk from the root
            self.t3 = np.zeros(1, dtype=child.dtype)
            self.short[:] = True
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
        walk_at = np.empty(len(h), dtype=np.int32 if len(h) < 2**31 else np.int64)
        node_at = np.empty(len(h), dtype=self.main[0].dtype)
        while True:
            out = np.empty((3, cap), dtype=np.int64)
            odd_at = np.empty(cap_odd, dtype=np.int64)
            counts = kernel(h, self.word, self.word_u8, self.starts, self.cls, self.right, *self.main,
                            self.t3, self.short, *self.inner, self.has_inner, out, odd_at, walk_at,
                            node_at)  # fmt: skip
            n, n_odd = int(counts[0]), int(counts[1])
            if n <= cap and n_odd <= cap_odd:
                break
            cap, cap_odd = max(n, cap), max(n_odd, cap_odd)  # more than room: run again with room for all
        key, start, end = out[0, :n], out[1, :n], out[2, :n]
        if self.has_inner:  # the inner walks come after the edge walks
            order = np.argsort(start, kind="stable")
            key, start, end = key[order], start[order], end[order]
        return key, start, end, odd_at[:n_odd]


def view_bytes(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(low, hay, high)`` of the code points ``cps`` (``uint32``) in one pass: each one's
    low byte (``cps.astype(np.uint8)``), that byte lower-cased as ``bytes.lower`` does
    and then a final 0 (a writable array, one longer than ``cps``: the haystack's end), and
    the positions of the code points above 127 (``np.flatnonzero(cps > 127)``)."""
    _kernel()
    n = cps.shape[0]
    low = np.empty(n, dtype=np.uint8)
    hay = np.empty(n + 1, dtype=np.uint8)
    hay[n] = 0
    high = np.empty(n, dtype=np.int64)
    k = _view_bytes(cps, low, hay, high)
    return low, hay, high[:k].copy()  # a copy: the room for every position is let go


def _view_bytes(cps, low, hay, high):
    """Kernel of :func:`view_bytes`; returns how many positions are in ``high``.

    Blocks of 64 code points: the bytes by arithmetic the compiler vectorizes (``A``-``Z``
    is the one range where ``b - 65`` is below 26, unsigned), the block's code points OR-ed
    together; only a block where that is above 127 is looked at again for the positions
    (1.5 ms instead of numpy's 2.1 ms per 1.7 million code points of news text).
    """
    n = cps.shape[0]
    k = 0
    tail = n - n % 64
    for i in range(0, tail, 64):
        seen = np.uint32(0)
        for p in range(i, i + 64):
            c = cps[p]
            seen |= c
            b = np.uint8(c & np.uint32(255))
            low[p] = b
            hay[p] = b + (np.uint8(b - np.uint8(65)) < np.uint8(26)) * np.uint8(32)
        if seen > np.uint32(127):
            for p in range(i, i + 64):
                high[k] = p
                k += cps[p] > np.uint32(127)
    for p in range(tail, n):
        c = cps[p]
        b = np.uint8(c & np.uint32(255))
        low[p] = b
        hay[p] = b + (np.uint8(b - np.uint8(65)) < np.uint8(26)) * np.uint8(32)
        high[k] = p
        k += c > np.uint32(127)
    return k


#: Largest number of byte classes for which the depth-3 table (``classes**3`` entries) is built.
_T3_MAX_CLASSES = 48

_KERNEL = None


def _kernel():
    """The compiled walk (built on first use; numba caches the machine code on disk)."""
    global _KERNEL, _edge_walks, _inner_walks, _odd_at, _report, _zero_bytes, _find_odd, _view_bytes
    if _KERNEL is None:
        import numba

        # numba reads the globals of a function when it compiles it: the helpers must be
        # compiled functions by then, so the module names are rebound to them first
        jit = numba.njit(cache=True, nogil=True, boundscheck=False)
        _odd_at = jit(_odd_at)
        _zero_bytes = jit(_zero_bytes)
        _find_odd = jit(_find_odd)
        _report = jit(_report)
        _edge_walks = jit(_edge_walks)
        _inner_walks = jit(_inner_walks)
        _view_bytes = jit(_view_bytes)
        _KERNEL = jit(_walk)
    return _KERNEL


def _walk(h, word, word_u8, starts, cls, right, child, own_ptr, own, t3, short, ichild, iown_ptr, iown,
          has_inner, out, odd_at, walk_at, node_at):  # fmt: skip
    """Kernel of :meth:`KeyTrie.find`: writes up to ``out.shape[1]`` occurrences and
    ``odd_at.shape[0]`` odd whitespace positions; returns how many there are of each."""
    counts = np.zeros(2, dtype=np.int64)
    _edge_walks(h, word, word_u8, starts, cls, right, child, own_ptr, own, t3, short, out, odd_at, walk_at,
                node_at, counts)  # fmt: skip
    if has_inner:
        _inner_walks(h, word, cls, right, ichild, iown_ptr, iown, out, counts)
    return counts


def _edge_walks(h, word, word_u8, starts, cls, right, child, own_ptr, own, t3, short, out, odd_at, walk_at,
                node_at, counts):  # fmt: skip
    """Walks from the word edges whose byte begins a key; notes the odd whitespace runs."""
    n = h.shape[0]
    cap = out.shape[1]
    width = child.shape[1]
    wide = np.uint64(width)
    flat = child.ravel()
    # pass 1, branch-free: the walk starts
    k = 0
    prev = np.uint8(0)
    one = np.uint8(1)
    for p in range(n):
        b = h[p]
        here = word_u8[b]
        walk_at[k] = p
        k += ((prev & here) ^ one) & starts[b]
        prev = here
    # odd whitespace, eight bytes at a time
    n_odd = _find_odd(h, odd_at)
    # pass 2, branch-free: each start's node after three bytes (t3); the starts where it is
    # none are dropped (about half of them in news text), those whose first two bytes may
    # end a key keep node 0 (a walk from the root), as do the last two bytes' and every
    # start when there is no table
    kept = 0
    if t3.shape[0] > 1 and n >= 3:
        last = n - 3
        for i in range(k):
            p = walk_at[i]
            pc = min(p, last)  # in the table's reach; a start past it walks from the root
            pair = np.uint64(cls[h[pc]]) * wide + np.uint64(cls[h[pc + 1]])
            node = t3[pair * wide + np.uint64(cls[h[pc + 2]])]
            root = short[pair] | (p > last)
            walk_at[kept] = p
            node_at[kept] = node * (not root)
            kept += root | (node != 0)
    else:
        for i in range(k):
            node_at[i] = 0
        kept = k
    # pass 3: the walks
    found = counts[0]
    for i in range(kept):
        p = walk_at[i]
        node = node_at[i]
        q = p
        if node != 0:
            q = p + 3
            # the keys ending here; the same lines as in the loop below, written out twice
            # on purpose: as one jitted helper (``_report``) the walk took 0.08 s per 10 MB
            # instead of 0.06 s (numba did not inline it)
            for j in range(own_ptr[node], own_ptr[node + 1]):
                kk = own[j]
                if right[kk] and q < n and word[h[q]]:
                    continue
                if found < cap:
                    out[0, found] = kk
                    out[1, found] = p
                    out[2, found] = q
                found += 1
        while q < n:
            # unsigned arithmetic: no negative-index check on the flat table
            node = flat[np.uint64(node) * wide + np.uint64(cls[h[q]])]
            if node == 0:
                break
            q += 1
            for j in range(own_ptr[node], own_ptr[node + 1]):
                kk = own[j]
                if right[kk] and q < n and word[h[q]]:
                    continue
                if found < cap:
                    out[0, found] = kk
                    out[1, found] = p
                    out[2, found] = q
                found += 1
    counts[0] = found
    counts[1] = n_odd


def _odd_at(h, p):
    """Whether an odd whitespace run begins at ``h[p]`` (``p + 1 < len(h)``): a tab, vertical
    tab, form feed, carriage return or one of the bytes 28-31 (``_ODD_ASCII``), two
    spaces, a space and a line break, or a line break and a space."""
    b = h[p]
    c = h[p + 1]
    return (
        b == 9 or b == 11 or b == 12 or b == 13 or 28 <= b <= 31
        or (b == 32 and (c == 32 or c == 10)) or (b == 10 and c == 32)
    )  # fmt: skip


#: Eight bytes of one value (little-endian words of the haystack).
_ONES = np.uint64(0x0101010101010101)
_LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


def _zero_bytes(x):
    """0x80 in each byte of ``x`` that is zero, 0 in the others (exact: no carries)."""
    t = (x & _LOW7) + _LOW7
    return ~(t | x | _LOW7)


def _find_odd(h, odd_at):
    """Positions ``p < len(h) - 1`` where :func:`_odd_at` holds, written to ``odd_at`` (as
    many as fit); returns how many there are.

    Eight bytes at a time with word arithmetic (little-endian, byte ``j`` of a word in
    bits ``8j..8j+7``): exact masks of the bytes equal to a value (:func:`_zero_bytes`)
    give the odd bytes and the pairs of spaces and line breaks within the word (a mask
    shifted down by one byte is the next byte's) and with the next word's first byte; a
    word where one is found is looked at byte by byte.
    """
    n = h.shape[0]
    cap = odd_at.shape[0]
    n_words = (n - 1) // 8
    words = h[: n_words * 8].view(np.uint64)
    found = 0
    for i in range(n_words):
        w = words[i]
        sp = _zero_bytes(w ^ np.uint64(0x2020202020202020))
        nl = _zero_bytes(w ^ np.uint64(0x0A0A0A0A0A0A0A0A))
        odd = (sp & ((sp | nl) >> np.uint64(8))) | (nl & (sp >> np.uint64(8)))
        # the pair of this word's last byte and the next byte (which exists: 8 * i + 8 < n)
        nxt = h[8 * i + 8]
        nxt_sp = np.uint64(nxt == 32)
        nxt_nl = np.uint64(nxt == 10)
        odd |= ((sp >> np.uint64(63)) & (nxt_sp | nxt_nl)) | ((nl >> np.uint64(63)) & nxt_sp)
        odd |= _zero_bytes(w ^ np.uint64(0x0909090909090909))  # tab
        odd |= _zero_bytes(w ^ np.uint64(0x0B0B0B0B0B0B0B0B))  # vertical tab
        odd |= _zero_bytes((w ^ np.uint64(0x0C0C0C0C0C0C0C0C)) & np.uint64(0xFEFEFEFEFEFEFEFE))  # 12, 13
        odd |= _zero_bytes((w ^ np.uint64(0x1C1C1C1C1C1C1C1C)) & np.uint64(0xFCFCFCFCFCFCFCFC))  # 28-31
        if odd != 0:
            for p in range(8 * i, 8 * i + 8):
                if _odd_at(h, p):
                    if found < cap:
                        odd_at[found] = p
                    found += 1
    for p in range(n_words * 8, n - 1):
        if _odd_at(h, p):
            if found < cap:
                odd_at[found] = p
            found += 1
    return found


def _report(h, word, right, own_ptr, own, node, p, q, out, found):
    """Write the keys ending at ``node`` (reached from ``p``, just before ``q``) to ``out``."""
    n = h.shape[0]
    cap = out.shape[1]
    for j in range(own_ptr[node], own_ptr[node + 1]):
        k = own[j]
        if right[k] and q < n and word[h[q]]:
            continue
        if found < cap:
            out[0, found] = k
            out[1, found] = p
            out[2, found] = q
        found += 1
    return found


def _inner_walks(h, word, cls, right, child, own_ptr, own, out, counts):
    """Walks of the second trie from every position inside a word."""
    n = h.shape[0]
    width = np.uint64(child.shape[1])
    flat = child.ravel()
    found = counts[0]
    prev_word = False
    for p in range(n):
        here_word = word[h[p]]
        inside = prev_word and here_word
        prev_word = here_word
        if not inside:
            continue
        node = 0
        q = p
        while q < n:
            node = flat[np.uint64(node) * width + np.uint64(cls[h[q]])]
            if node == 0:
                break
            q += 1
            found = _report(h, word, right, own_ptr, own, node, p, q, out, found)
    counts[0] = found
