"""What a pattern entry's regular expression allows, read from its parse tree (``re._parser``).

Used to compile a lexicon: the literal prefixes that start every match (automaton keys),
whether a match depends on its position in a joined batch, and what may follow a key.
"""

from __future__ import annotations

import re
from re import _constants as C
from re import _parser

import numpy as np
import regex

#: Time budget of a lexicon pattern, in seconds: each anchored attempt, and each search over a
#: document (plus :data:`PATTERN_SECONDS_PER_MB` per million characters searched).
PATTERN_SECONDS = 1.0
PATTERN_SECONDS_PER_MB = 2.0


class PatternTimeout(TimeoutError):
    """A lexicon pattern that ran past its time budget; ``doc`` (the text's index in the batch)
    and ``doc_id`` are filled in by :meth:`framing.match.Matcher.match` when known."""

    def __init__(self, pattern: str, seconds: float, doc: int | None = None, doc_id=None):
        self.pattern, self.seconds, self.doc, self.doc_id = pattern, seconds, doc, doc_id
        where = f" on document {doc_id!r}" if doc_id is not None else f" on text {doc}" if doc is not None else ""
        super().__init__(
            f"lexicon pattern {pattern!r} ran past its time budget ({seconds:g} s){where}; it backtracks too much "
            "on this text: anchor it on literal text, bound its repeats ({1,10}) or make them possessive (\\w++), "
            "or raise framing.match.patterns.PATTERN_SECONDS"
        )


class GuardedPattern:
    """A lexicon pattern run by the ``regex`` engine with a time budget (:data:`PATTERN_SECONDS`).

    ``pattern`` and ``flags`` are those of ``re.compile`` (read by the parse-tree functions of
    this module); ``match`` and ``finditer`` take the arguments of ``re.Pattern``'s and raise
    :class:`PatternTimeout` past the budget.  A pattern the ``regex`` engine cannot compile runs
    on ``re`` without a budget (the nested-repeat check at load still applies).
    """

    __slots__ = ("pattern", "flags", "_rx", "_timed")

    def __init__(self, pattern: str, flags: int = 0):
        ref = re.compile(pattern, flags)
        self.pattern, self.flags = ref.pattern, ref.flags
        try:
            self._rx, self._timed = regex.compile(pattern, flags | regex.VERSION0), True
        except (regex.error, ValueError):
            self._rx, self._timed = ref, False

    def match(self, string: str, pos: int = 0, endpos: int | None = None):
        end = len(string) if endpos is None else endpos
        if not self._timed:
            return self._rx.match(string, pos, end)
        try:
            return self._rx.match(string, pos, end, timeout=PATTERN_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self.pattern, PATTERN_SECONDS) from None

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        end = len(string) if endpos is None else endpos
        if not self._timed:
            yield from self._rx.finditer(string, pos, end)
            return
        budget = PATTERN_SECONDS + PATTERN_SECONDS_PER_MB * max(end - pos, 0) / 1e6
        try:
            yield from self._rx.finditer(string, pos, end, timeout=budget)
        except TimeoutError:
            raise PatternTimeout(self.pattern, round(budget, 3)) from None

#: Forms of a separator in the automaton keys: a hyphen may be a hyphen, nothing, or a
#: space or line break; a space a space or a line break.  Other whitespace runs (two or
#: more characters, tabs) are caught by the fallback at those runs
#: (:meth:`framing.match.compile.Tables.fallback_candidates`).
SEPARATORS = {"-": ("-", "", " ", "\n"), " ": (" ", "\n")}


def pattern_prefixes(pattern: str) -> list[str] | None:
    """Literal strings one of which starts every match of ``pattern`` (lower case), or None if unknown.

    Read from the parsed expression (``re._parser``): zero-width assertions are skipped,
    literals collected, and one alternation expanded.  A pattern entry then runs only
    where the automaton finds one of its prefixes (anchored ``match``), not over the text.
    """
    def walk(seq) -> tuple[list[str] | None, bool]:
        """(prefixes, complete): ``complete`` when the prefixes spell the whole of ``seq``."""
        out = [""]
        for op, av in seq:
            if op is C.AT or op is C.ASSERT or op is C.ASSERT_NOT:
                if any(out):
                    return _valid(out), False
                continue
            if op is C.LITERAL:
                out = [p + chr(av).lower() for p in out]
                continue
            stop = False
            if op is C.MAX_REPEAT or op is C.MIN_REPEAT:
                lo, hi, item = av
                item = list(item)
                if hi == 1 and len(item) == 1 and item[0][0] is C.LITERAL:
                    alts = ["", chr(item[0][1]).lower()] if lo == 0 else [chr(item[0][1]).lower()]
                elif lo >= 1 and item == [(C.IN, [(C.CATEGORY, C.CATEGORY_SPACE)])]:
                    alts, stop = list(SEPARATORS[" "]), True
                else:
                    return _valid(out), False
            elif op is C.SUBPATTERN:
                alts, complete = walk(av[-1])
                stop = not complete
            elif op is C.BRANCH:
                alts = []
                for a in av[1]:
                    sub, complete = walk(a)
                    if sub is None:
                        alts = None
                        break
                    alts.extend(sub)
                    stop = stop or not complete  # a branch cut short: nothing may be appended after it
            else:
                return _valid(out), False
            if alts is None or len(out) * len(alts) > 2000:
                return _valid(out), False
            out = [p + a for p in out for a in alts]
            if stop:
                return _valid(out), False
        return _valid(out), True

    def _valid(out: list[str]) -> list[str] | None:
        return out if all(out) else None

    try:
        return walk(_parser.parse(pattern, re.IGNORECASE).data)[0]
    except Exception:  # noqa: BLE001 - an unreadable parse tree just means no prefilter
        return None



def parse_tree(rx: re.Pattern, trees: dict | None = None) -> list | None:
    """The parse tree of ``rx`` (``re._parser``'s items), or None when it cannot be read.  ``trees``: a dict
    (pattern, flags) -> tree that one compile passes to every call, so that it reads each pattern once."""
    key = (rx.pattern, rx.flags)
    if trees is not None and key in trees:
        return trees[key]
    try:
        tree = list(_parser.parse(rx.pattern, rx.flags).data)
    except Exception:  # noqa: BLE001 - an unreadable pattern: the callers take their safe answer
        tree = None
    if trees is not None:
        trees[key] = tree
    return tree


def _starts_at_boundary(rx: re.Pattern, trees: dict | None = None) -> bool:
    """Whether ``rx`` begins with ``\\b`` (a word boundary before its first character)."""
    data = parse_tree(rx, trees)  # None (unknown shape): assume it may start anywhere
    return bool(data) and data[0][0] is C.AT and data[0][1] is C.AT_BOUNDARY


def _position_free(rx: re.Pattern, trees: dict | None = None) -> bool:
    """Whether ``rx.match(batch, pos, endpos)`` equals ``rx.match(text, pos - start)`` for a text
    ``batch[start:endpos]`` preceded by ``"\\x00"``: no lookbehind and no start anchor
    (``^``, ``\\A``); ``\\b`` and ``\\B`` see ``"\\x00"`` as no word character, as the start."""
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

    data = parse_tree(rx, trees)
    try:
        return data is not None and walk(data)
    except Exception:  # noqa: BLE001 - unknown shape: take the document's own view
        return False


def _ascii_table(chars: frozenset[str]) -> np.ndarray:
    """Haystack bytes of ``chars`` (ASCII, both cases)."""
    t = np.zeros(256, dtype=bool)
    for c in chars:
        t[[ord(c.lower()), ord(c.upper())]] = True
    return t


def _after_space_run(rx: re.Pattern, trees: dict | None = None) -> frozenset[str] | None:
    """ASCII text that what follows the ``\\s+`` ending each key of ``rx`` begins with, or None.

    The keys of a pattern entry (:func:`pattern_prefixes`) end in a
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

    items = parse_tree(rx, trees)
    if items is None:  # unknown shape: no filter
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
