"""Context per entry: matches whose neighbouring words say the entry is not loaded there, set aside.

A lexicon row's ``unless_prev`` / ``unless_next`` (rules and syntax in
:mod:`framing.entry_rules`) name words that, right before / after a match, make it a
descriptive use (*terrorist attack*, *massive earthquake*).  :meth:`Context.reasons` reads
them after matching and leftmost-longest resolution; :class:`framing.match.Matcher` keeps the
matches without a reason, so hits, counts and scores never include a set-aside one, and
``framing.score.hits(..., audit=True)`` lists them with the reason (nothing is silently
dropped).  Rule-generated forms (``inflect``) are expanded here too (:func:`forms`), so that
each form matches as a plain term and reports its row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from framing.entry_rules import CONTEXT_COLUMNS, context_words, inflect
from framing.lexicon import Lexicon
from framing.text import normalize

#: A word of the text (as :data:`framing.text.WORD_PATTERN`, with curly apostrophes and dashes).
_WORD = r"\w+(?:['\u2019\u2010\u2011-]\w+)*"
#: What joins a match to its neighbour, and neighbours: whitespace with at most one line break, or a hyphen.
_JOIN = r"(?:[^\S\n]*\n?[^\S\n]*(?<=\s)|[-\u2010\u2011])"
_NEXT = re.compile(rf"{_JOIN}({_WORD})")
_WORD_RX = re.compile(_WORD)
_JOINED = re.compile(_JOIN)
#: Characters looked at before a match for ``unless_prev`` (a few words).
_LOOKBACK = 200


def _column(table: pd.DataFrame, name: str) -> list[str]:
    if name not in table.columns:
        return [""] * len(table)
    return [v if isinstance(v, str) else "" for v in table[name]]


class Context:
    """The context rules of a lexicon's rows: ``rules[entry]`` = ((column, alternative text, word expressions), ...)."""

    def __init__(self, rules: dict[int, tuple], n: int):
        self.rules = rules
        self.has = np.zeros(n, dtype=bool)
        self.has[list(rules)] = True
        self.depth = {c: max((len(w) for r in rules.values() for col, _, w in r if col == c), default=0)
                      for c in CONTEXT_COLUMNS}  # fmt: skip
        #: entry -> column -> one expression for the word next to the match (a quick test before the alternatives)
        self.near = {i: {c: re.compile("|".join(f"(?:{(w[0] if c == 'unless_next' else w[-1]).pattern})"
                                                for col, _, w in r if col == c))
                         for c in {col for col, _, _ in r}} for i, r in rules.items()}  # fmt: skip

    @classmethod
    def of(cls, table: pd.DataFrame) -> Context | None:
        """The rules of ``table`` (a lexicon table), or None when no row has any."""
        rules = {}
        cols = {c: _column(table, c) for c in CONTEXT_COLUMNS}
        for i in range(len(table)):
            alts = [(c, text, words) for c in CONTEXT_COLUMNS if cols[c][i]
                    for text, words in zip(cols[c][i].split("|"), context_words(cols[c][i]), strict=True)]  # fmt: skip
            if alts:
                rules[i] = tuple(alts)
        return cls(rules, len(table)) if rules else None

    def reason(self, text: str, start: int, end: int, entry: int) -> str:
        """Why the match ``text[start:end]`` of row ``entry`` is set aside (``"unless_next: attack*"``), or ``""``."""
        rules = self.rules.get(entry)
        if not rules:
            return ""
        words = {}
        for col, alt, pats in rules:
            if col not in words:
                first = _neighbours(text, start, end, col, 1)
                fits = first and self.near[entry][col].fullmatch(first[0])
                words[col] = _neighbours(text, start, end, col, self.depth[col]) if fits else []
            got = words[col]
            if col == "unless_prev":  # the words right before the match: the last ones
                got = got[len(got) - len(pats):]
            if len(got) >= len(pats) and all(p.fullmatch(w) for p, w in zip(pats, got, strict=False)):
                return f"{col}: {alt}"
        return ""

    def reasons(self, texts, doc, start, end, entry) -> np.ndarray:
        """:meth:`reason` of each match (arrays as :meth:`framing.match.Matcher.match` gives them), objects."""
        out = np.full(len(entry), "", dtype=object)
        at = np.flatnonzero(self.has[entry])
        for j in at.tolist():
            out[j] = self.reason(texts[int(doc[j])], int(start[j]), int(end[j]), int(entry[j]))
        return out

    def keep(self, texts, doc, start, end, entry) -> tuple[np.ndarray, ...]:
        """The matches no rule sets aside: ``(doc, start, end, entry)`` filtered, order kept."""
        ok = self.reasons(texts, doc, start, end, entry) == ""
        return doc[ok], start[ok], end[ok], entry[ok]


def _fold(word: str) -> str:
    """``word`` on the matching view (:func:`framing.text.normalize`; ASCII: lower case)."""
    return word.lower() if word.isascii() else normalize(word).text


def _neighbours(text: str, start: int, end: int, column: str, depth: int) -> list[str]:
    """Up to ``depth`` words next to ``text[start:end]``, outwards (``unless_next``: after it, in order;
    ``unless_prev``: before it, in text order), joined as :data:`_JOIN` says, on the matching view."""
    out: list[str] = []
    if column == "unless_next":
        pos = end
        while len(out) < depth and (m := _NEXT.match(text, pos)):
            out.append(_fold(m.group(1)))
            pos = m.end()
        return out
    lo = max(0, start - _LOOKBACK)
    found = list(_WORD_RX.finditer(text, lo, start))
    if found and found[0].start() == lo and lo and re.match(r"\w", text[lo - 1]):
        found = found[1:]  # the window cut this word
    pos = start
    for m in reversed(found):
        if len(out) == depth or not _JOINED.fullmatch(text, m.end(), pos):
            break
        out.insert(0, _fold(m.group()))
        pos = m.start()
    return out


def forms(table: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The rows the matcher compiles: ``table`` plus one row per rule-generated form (``inflect``).

    Returns the rows (a form's row is its entry's with ``term`` the form) and, when there
    are forms, each row's entry in ``table`` (None otherwise: rows and entries coincide).
    """
    rules = _column(table, "inflect")
    extra = [(i, f) for i, (t, r) in enumerate(zip(table["term"], rules, strict=True)) if r for f in inflect(t, r)]
    if not extra:
        return table, None
    base = np.concatenate([np.arange(len(table)), np.asarray([i for i, _ in extra], dtype=np.int64)])
    added = table.iloc[[i for i, _ in extra]].assign(term=[f for _, f in extra])
    return pd.concat([table, added], ignore_index=True), base.astype(np.int64)


def unconditional(lexicon: Lexicon) -> Lexicon:
    """``lexicon`` without its context rules (every candidate counted; kept on the lexicon for reuse)."""
    cache = lexicon._compiled
    if "unconditional" not in cache:
        table = lexicon.table.assign(**{c: "" for c in CONTEXT_COLUMNS if c in lexicon.table.columns})
        cache["unconditional"] = Lexicon(table, lexicon.name)
    return cache["unconditional"]


def set_aside_column(every: pd.DataFrame, texts: dict, lexicon: Lexicon) -> pd.Series:
    """The ``set_aside`` reason of each row of a hits table matched without context (``""``: loaded).

    ``texts``: doc_id -> text; rows are found in ``lexicon`` by term and category.
    """
    rules = Context.of(lexicon.table)
    if rules is None or every.empty:
        return pd.Series("", index=every.index, dtype=object)
    row = {(t, c): i for i, (t, c) in enumerate(zip(lexicon.table["term"], lexicon.table["category"], strict=True))}
    cols = (every[c] for c in ("doc_id", "start", "end", "term", "category"))
    out = [rules.reason(texts[d], s, e, row[(t, c)]) for d, s, e, t, c in zip(*cols, strict=True)]
    return pd.Series(out, index=every.index, dtype=object)
