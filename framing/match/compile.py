"""A lexicon compiled into key tables: what the automaton looks for and what each key stands for.

Plain entries are found through their *head* (the term up to its second word, with each
spelling of the first separator, :func:`_heads`), checked for word boundaries and then
completed by the entry's own anchored expression (hyphen variants, whitespace runs,
globs); pattern entries through the literal prefixes of their expression
(:func:`framing.match.patterns.pattern_prefixes`), or by scanning the view when they have
none.  Multi-word entries are also looked for at whitespace runs the keys do not spell
(:meth:`Tables.fallback_candidates`).  Overlapping candidates are resolved
leftmost-longest (:meth:`Tables.resolve`).  The automaton itself and the batch work are in
:mod:`framing.match.batch`.
"""

from __future__ import annotations

import re

from framing.lexicon import Lexicon, term_key
from framing.match.context import forms
from framing.match.patterns import SEPARATORS, GuardedPattern, PatternTimeout, pattern_prefixes


def _isword(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def has_odd_whitespace(view: str) -> bool:
    """Whether ``view`` holds a whitespace run that automaton keys do not spell (see :data:`_ODD_WS`)."""
    return "  " in view or " \n" in view or "\n " in view or _ODD_CHAR.search(view) is not None


def _key_candidates(view: str, s: int, e: int, left_word: bool, plain, pats, add) -> None:
    """Candidates of the entries behind an automaton key found at ``view[s:e]``, passed to ``add``.

    Pattern entries run their expression anchored at ``s``; plain entries need a word
    boundary before ``s`` (when the key starts with a word character), then either a
    boundary after ``e`` (the key is the whole term) or their own anchored expression.
    """
    for i, rx in pats:
        m = rx.match(view, s)
        if m is not None and m.end() > s:
            add((s, m.end(), i))
    if not plain or (left_word and s and (view[s - 1].isalnum() or view[s - 1] == "_")):
        return
    for i, rx, right_word in plain:
        if rx is None:
            if right_word and e < len(view) and (view[e].isalnum() or view[e] == "_"):
                continue
            add((s, e, i))
        else:
            m = rx.match(view, s)
            if m is not None:
                add((s, m.end(), i))


#: Whitespace runs the automaton keys do not spell: two or more characters, or one other than space and line break.
_ODD_WS = re.compile(r"[^\S\n](?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)|\n[^\S\n]+|[^\S \n]")
#: ``[^\S \n]`` (whitespace other than space and line break) spelled as a positive class,
#: which ``re`` scans several times faster.
_ODD_CHAR = re.compile(r"[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
#: A space inside a plain term: any whitespace run with at most one line break (a phrase
#: does not run across a blank line, i.e. a paragraph break).  Written so that a run splits
#: one way only (``[^\S\n]*\n?[^\S\n]*`` splits a run of k spaces k + 1 ways, and a phrase
#: whose words are apart by such runs took time ~k**(gaps + 1)): linear in the run.
_GAP = r"(?=\s)[^\S\n]*(?:\n[^\S\n]*)?"


def _heads(stem: str) -> list[str]:
    """Automaton keys of a plain term; every match of the term starts with one of them.

    A term without separator is its own key; otherwise its first two parts with each
    form of the first separator (``neo-nazi``, ``neonazi``, ``neo nazi``, ``neo\\nnazi``).
    """
    parts = re.split(r"([ -])", stem)
    if len(parts) < 3 or not parts[0] or not parts[2]:
        cut = min([j for j in (stem.find(" ", 1), stem.find("-", 1)) if j > 0], default=len(stem))
        return [stem[:cut]]
    return [parts[0] + sep + parts[2] for sep in SEPARATORS[parts[1]]]


class Tables:
    """Key tables of a :class:`~framing.lexicon.Lexicon` (the base of :class:`framing.match.batch.Matcher`).

    ``keys``: automaton key -> the entries behind it; ``fallback``: first word of a
    multi-word entry -> (entry, expression, left boundary?); ``scan``: patterns without a
    literal prefix; ``rest``: plain entry -> (what its term spells after its key, glob?).
    """

    def __init__(self, lexicon: Lexicon):
        self.entries = lexicon.table.reset_index(drop=True)
        # rows compiled: the entries, then their rule-generated forms; form_of maps them to entries
        table, self.form_of = forms(self.entries)
        self.sources = list(table["source"])
        keys: dict[str, tuple[list, list]] = {}  # key -> (plain entries, pattern entries)
        fallback: dict[str, list] = {}  # first word -> (entry, anchored expression, left boundary)
        self.scan = []
        #: plain entry -> (what its term spells after its automaton key, glob?)
        self.rest: dict[int, tuple[str, bool]] = {}
        for i, (term, is_pattern) in enumerate(zip(table["term"], table["pattern"], strict=True)):
            if is_pattern:
                rx = GuardedPattern(term, re.IGNORECASE)  # a time budget: the user's expression
                prefixes = pattern_prefixes(term)
                if not prefixes:
                    self.scan.append((rx, i))
                    continue
                for prefix in set(prefixes):
                    keys.setdefault(prefix, ([], []))[1].append((i, rx))
                    if prefix[-1] in " \n" and prefix[:-1]:
                        fallback.setdefault(prefix[:-1], []).append((i, rx, False))
                continue
            key = term_key(term)
            glob = key.endswith("*")
            stem = key[:-1].rstrip() if glob else key
            heads = _heads(stem)
            if heads == [stem] and not glob:
                rx = None  # the head is the whole term
            else:
                parts = [f"(?:-|{_GAP})?" if ch == "-" else _GAP if ch == " " else re.escape(ch) for ch in stem]
                if glob:
                    parts.append(r"\w*")
                elif _isword(stem[-1]):
                    parts.append(r"(?!\w)")
                rx = re.compile("".join(parts))
            for head in heads:
                keys.setdefault(head, ([], []))[0].append((i, rx, _isword(stem[-1])))
            parts = re.split(r"([ -])", stem)
            cut = len(parts[0]) + 1 + len(parts[2]) if len(parts) >= 3 and parts[0] and parts[2] else len(heads[0])
            self.rest[i] = (stem[cut:], glob)
            if rx is not None and (" " in stem or "-" in stem):
                first = re.split(r"[ -]", stem, maxsplit=1)[0]
                if first:
                    fallback.setdefault(first, []).append((i, rx, _isword(first[0])))
        #: key -> (plain entries ``(entry, expression or None, right boundary)``, pattern
        #: entries ``(entry, expression)``): what a key found by the automaton stands for.
        self.keys = {key: (tuple(plain), tuple(pats)) for key, (plain, pats) in keys.items()}
        self.fallback = {k: tuple(dict.fromkeys(v)) for k, v in fallback.items()}
        self.fallback_max = max(map(len, fallback), default=0)
        #: lengths of the first words in ``fallback``, longest first
        self.fallback_lengths = sorted(set(map(len, fallback)), reverse=True)

    def fallback_candidates(self, view: str, add, pos: int = 0, endpos: int | None = None) -> None:
        """Candidates of multi-word entries at whitespace runs the automaton keys do not spell.

        ``pos``/``endpos``: the part of ``view`` to search (as for ``re.Pattern.match``).
        """
        endpos = len(view) if endpos is None else endpos
        for run in _ODD_WS.finditer(view, pos, endpos):
            a = run.start()
            j = a
            while j > pos and a - j < self.fallback_max and not view[j - 1].isspace():
                j -= 1
            for s in (a - n for n in self.fallback_lengths if a - n >= j):
                for i, rx, left_word in self.fallback.get(view[s:a], ()):
                    if left_word and s and (view[s - 1].isalnum() or view[s - 1] == "_"):
                        continue
                    m = rx.match(view, s, endpos)
                    if m is not None and m.end() > a:
                        add((s, m.end(), i))

    def resolve(self, cands: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Leftmost-longest choice among overlapping candidates ``(start, end, entry)``, sorted.

        Sorted by start, longest first, entry; a candidate is kept when it starts at or after
        the end of the last kept one, or has the same span as it and comes from the same
        source row (one ``.dic`` line, several categories).
        """
        if len(cands) < 2:
            return cands
        cands.sort(key=lambda c: (c[0], -c[1], c[2]))
        out = []
        last_end = -1
        first = None
        for c in cands:
            if c[0] >= last_end:
                out.append(c)
                last_end = c[1]
                first = c
            elif c[0] == first[0] and c[1] == first[1] and c[2] != first[2]:
                if self.sources[c[2]] == self.sources[first[2]]:
                    out.append(c)  # one .dic line, several categories
        return out

    def match(self, texts: list[str], as_view: bool = False, ids=None):
        """Matches of every text: arrays ``(doc, start, end, entry)`` in text offsets, and the view
        (the batch matcher's ``_match``, :class:`framing.match.Matcher`).

        A pattern past its time budget raises :class:`framing.match.patterns.PatternTimeout`
        naming the text it is too slow on (its doc_id from ``ids``), found by matching the
        texts one by one again (the error path only).
        """
        try:
            return self._match(texts, as_view)
        except PatternTimeout as exc:
            doc = 0 if len(texts) == 1 else None
            for d in range(len(texts)) if doc is None else ():
                try:
                    self._match([texts[d]], as_view)
                except PatternTimeout:
                    doc = d
                    break
            doc_id = None if ids is None or doc is None else ids[doc]
            raise PatternTimeout(exc.pattern, exc.seconds, doc, doc_id) from None


def _codes(wide: list[str]) -> tuple[dict[str, int], bool]:
    """Haystack codes (0x82 to 0xff) of the non-ASCII characters the keys hold, and whether codes are shared.

    Up to 126 characters get a code each; beyond that, word characters share 96 codes,
    whitespace 4 and the others 26 (so that a code still says word / space / other).
    """
    if len(wide) <= 126:
        return {c: 0x82 + j for j, c in enumerate(wide)}, False
    out, base = {}, 0x82
    for kind, size in ((str.isalnum, 96), (str.isspace, 4), (None, 26)):
        group = [c for c in wide if (kind(c) if kind else not (c.isalnum() or c.isspace()))]
        out.update({c: base + j % size for j, c in enumerate(group)})
        base += size
    return out, True
