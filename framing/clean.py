"""Cleaning: boilerplate rules, the audit of what they remove, and the one raw <-> cleaned offset map.

``clean_text(raw, rules)`` drops a byte order mark (or front matter), makes CRLF / CR line
ends LF and cuts the spans the rules find (``framing/data/cleaning_rules.toml`` and any user
TOML file with the same fields).  It returns the cleaned text, an :class:`OffsetMap` back to
``raw`` and the removed spans (offsets into ``raw``); :func:`clean_document` adds the audit
rows of ``Corpus.removed``.  With no rules only the BOM and line
ends change: that is what ``clean=False`` means on every path (load_corpus, archives, Dask).
A line rule is tried only on lines holding one of its :func:`rule_needles`, read off its pattern.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from framing.io import CorpusError
from framing.schema import REMOVED

RULE_SCOPES = ("start", "line", "body_line")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets of a derived text back to its source.

    The derived text is a concatenation of source pieces: piece ``i`` starts at
    ``derived[i]`` in the derived text and at ``source[i]`` in the source.
    """

    derived: np.ndarray
    source: np.ndarray

    @classmethod
    def identity(cls) -> OffsetMap:
        return cls(np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64))

    def point(self, offset: int) -> int:
        i = int(np.searchsorted(self.derived, offset, side="right")) - 1
        return int(self.source[i] + (offset - self.derived[i]))

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            p = self.point(start)
            return p, p
        return self.point(start), self.point(end - 1) + 1


def _cut(text: str, spans: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """``text`` without ``spans`` (sorted, disjoint), and the map back to ``text``."""
    pieces, derived, source = [], [], []
    pos = length = 0
    for s, e in [*spans, (len(text), len(text))]:
        if s > pos:
            pieces.append(text[pos:s])
            derived.append(length)
            source.append(pos)
            length += s - pos
        pos = max(pos, e)
    if not derived:
        derived, source = [0], [len(text)]
    return "".join(pieces), OffsetMap(np.asarray(derived, dtype=np.int64), np.asarray(source, dtype=np.int64))


# --------------------------------------------------------------------------------------
# Cleaning rules
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One cleaning rule (see ``framing/data/cleaning_rules.toml`` for the fields)."""

    name: str
    scope: str
    pattern: re.Pattern
    description: str = ""
    example: str = ""


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """Read cleaning rules from a TOML file (``None``: the built-in rules)."""
    if path is None:
        source = "framing/data/cleaning_rules.toml"
        content = resources.files("framing").joinpath("data/cleaning_rules.toml").read_text(encoding="utf-8")
    else:
        source = str(path)
        try:
            content = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CorpusError(f"cleaning rules file {path} does not exist") from None
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{source}: not valid TOML ({exc})") from None
    rules = []
    for i, entry in enumerate(data.get("rule", []), start=1):
        where = f"{source}, rule {i} ({entry.get('name', 'unnamed')})"
        unknown = set(entry) - {"name", "scope", "pattern", "description", "example"}
        if unknown:
            raise CorpusError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for key in ("name", "scope", "pattern"):
            if not entry.get(key):
                raise CorpusError(f"{where}: field '{key}' is missing or empty")
        if entry["scope"] not in RULE_SCOPES:
            raise CorpusError(f"{where}: scope must be one of {', '.join(RULE_SCOPES)}, not {entry['scope']!r}")
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            raise CorpusError(f"{where}: pattern does not compile: {exc}") from None
        rules.append(
            Rule(entry["name"], entry["scope"], pattern, entry.get("description", ""), entry.get("example", ""))
        )
    return rules


_CONTENT_LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line (between newlines) with a non-space character


def find_boilerplate(text: str, rules: Iterable[Rule]) -> list[tuple[int, int, str]]:
    """``(start, end, rule)`` of the spans of ``text`` the rules remove, sorted.

    A rule matches the whole line, stripped of surrounding whitespace; a ``body_line`` rule
    spares the first line with text.  A removed line takes the blank lines after it with it
    (or, at the end of the text, the blank lines before it), so the cleaned text keeps one
    paragraph break.  A line rule is tried only on the lines that hold one of its
    :func:`rule_needles` (the same result, found faster).
    """
    rules = list(rules)
    found: list[tuple[int, int, str]] = []
    taken_until = 0
    for rule in rules:
        if rule.scope == "start":
            m = rule.pattern.match(text)
            if m and m.end() > 0:
                found.append((0, m.end(), rule.name))
                taken_until = m.end()
                break
    line_rules = [r for r in rules if r.scope != "start"]
    if not line_rules:
        return sorted(found)
    checks = [(r.pattern.fullmatch, r.name, r.scope == "body_line") for r in line_rules]
    per_line, default = _rules_per_line(text, tuple(rule_needles(r.pattern) for r in line_rules))
    per_line = {s: [checks[k] for k in ks] for s, ks in per_line.items()}
    default_checks = [checks[k] for k in default]
    first = _CONTENT_LINE.search(text)
    first_start = first.start() if first else -1
    # every content line, or only those holding a needle (None: a blank line, picked by a needle of blanks)
    lines = _CONTENT_LINE.finditer(text) if default else (_CONTENT_LINE.match(text, s) for s in sorted(per_line))
    for m in lines:
        if m is None or m.start() < taken_until:
            continue
        start, line = m.start(), m.group()
        stripped = line.strip()
        for fullmatch, name, body_only in per_line.get(start, default_checks):
            if not (body_only and start == first_start) and fullmatch(stripped):
                s = start + len(line) - len(line.lstrip())
                found.append(_widen(text, s, s + len(stripped), name))
                break
    return sorted(found)


# A line rule is tried only on lines that hold one of its needles: strings that every match
# of its pattern contains, read off the parsed pattern (a literal run; one per alternative of
# an alternation; inside groups and repeats of at least one).  Needles are found in
# ``text.lower()`` with str.find; that equals re's IGNORECASE comparison except for the few
# characters re folds differently from str.lower (long s, dotless i, final sigma, ...), so a
# text holding one of those is tried line by line with every rule, as without needles.

_MIN_NEEDLE = 3  # a rule whose shortest needle is shorter is tried on every line


@lru_cache(maxsize=512)
def rule_needles(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (compared as ``re.IGNORECASE``
    compares them), sorted; ``None`` when the pattern has no such strings of 3 or more characters."""
    if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str):
        return None  # another engine's pattern (or bytes): tried on every line
    try:
        from re import _parser  # the parser of re itself (Python >= 3.11)

        found = _required(_parser.parse(pattern.pattern, pattern.flags), _parser)
    except Exception:  # noqa: BLE001 - an unforeseen pattern shape only means: no needles
        return None
    if not found or min(map(len, found)) < _MIN_NEEDLE:
        return None
    low = {n: "".join(ch.lower() for ch in n) for n in found}  # a needle holding another is implied by it
    return tuple(sorted(n for n in found if not any(low[m] in low[n] and (low[m] != low[n] or m < n) for m in found)))


def _required(items, c) -> frozenset[str] | None:
    """Needles of a parsed sequence: its most selective literal run or required part."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is c.LITERAL and len(chr(av).lower()) == 1:
            run.append(chr(av))
            continue
        if op is c.AT:  # zero-width (^, $, \b): the characters around it stay adjacent
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        if op is c.SUBPATTERN:
            best = _better(best, _required(av[-1], c))
        elif op is c.ATOMIC_GROUP:
            best = _better(best, _required(av, c))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            best = _better(best, _required(av[2], c))
        elif op is c.BRANCH:
            options = [_required(alternative, c) for alternative in av[1]]
            if all(o is not None for o in options):
                best = _better(best, frozenset().union(*options))
    return best


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The needle set likely found in fewer lines: the higher worth of its worst needle, then
    the fewer needles.  A needle's worth is its length without outer blanks, plus 2 for each
    character other than the dozen most frequent in English (' the ' 3, ' app' 7, 'tap' 5)."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(map(_worth, s)), -len(s)))


def _worth(needle: str) -> int:
    core = needle.strip()
    return len(core) + 2 * sum(ch.lower() not in "etaoinshrdlu" and not ch.isspace() for ch in core)


@lru_cache(maxsize=64)
def _needle_plan(needles: tuple) -> tuple[tuple, str]:
    """The needles lower-cased character by character, and the characters whose presence in a
    text stops the search in ``text.lower()``: those re's IGNORECASE takes for a needle character
    but str.lower maps elsewhere, and İ, Σ (str.lower of İ is two characters; of Σ depends on
    its neighbours)."""
    lowered = tuple(None if ns is None else tuple("".join(ch.lower() for ch in n) for n in ns) for ns in needles)
    chars = sorted({ch for ns in needles if ns for n in ns for ch in n})
    unsafe = {"\u0130", "\u03a3"}
    everything = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")  # every code point
    for u in set(re.findall("[" + "".join(map(re.escape, chars)) + "]", everything, re.IGNORECASE)):
        if any(u.lower() != ch.lower() and re.fullmatch(re.escape(ch), u, re.IGNORECASE) for ch in chars):
            unsafe.add(u)
    return lowered, "".join(sorted(unsafe))


def _rules_per_line(text: str, needles: tuple) -> tuple[dict, tuple[int, ...]]:
    """Which rules to try on which line: ``({line start: rule indices}, rule indices for the other lines)``.

    Rule ``k`` is tried on a line when the line holds one of its needles, and on every line
    when it has none, when they are in more than one line in 8 (searching would cost more
    than it saves) or when the text holds a character of ``_needle_plan``'s unsafe list."""
    if all(ns is None for ns in needles):
        return {}, tuple(range(len(needles)))
    lowered, unsafe = _needle_plan(needles)
    if any(u in text for u in unsafe if u.isascii() or not text.isascii()):
        return {}, tuple(range(len(needles)))
    low = text.lower()
    limit = low.count("\n") // 8 + 8
    everywhere, hits = [], {}
    for k, ns in enumerate(lowered):
        starts = set()
        for n in ns or ():
            p = low.find(n)
            while p >= 0 and len(starts) <= limit:
                end = low.find("\n", p)
                if end < 0 or end >= p + len(n):  # within one line
                    starts.add(low.rfind("\n", 0, p) + 1)
                if end < 0:
                    break
                p = low.find(n, end)
        if ns is None or len(starts) > limit:
            everywhere.append(k)
        else:
            hits[k] = starts
    per_line: dict[int, list[int]] = {}
    for k, starts in hits.items():
        for s in starts:
            per_line.setdefault(s, []).append(k)
    return {s: tuple(sorted(ks + everywhere)) for s, ks in per_line.items()}, tuple(everywhere)


def _widen(text: str, s: int, e: int, name: str) -> tuple[int, int, str]:
    """Extend a removed line over the blank lines after it (before it, at the end)."""
    after = len(text) - e - len(text[e:].lstrip())
    if e + after < len(text):
        return s, e + after, name
    before = len(text[:s]) - len(text[:s].rstrip())
    return s - before, len(text), name


def _normalize_line_ends(raw: str, front: int) -> tuple[str, list[tuple[int, int]], OffsetMap, dict]:
    """Drop BOM and front matter, CRLF -> LF, CR -> LF.

    Returns the text, the spans of ``raw`` cut, the map back to ``raw``, and notes.
    """
    cuts = []
    notes = {}
    if front:
        cuts.append((0, front))
    elif raw.startswith("\ufeff"):
        cuts.append((0, 1))
        notes["bom"] = "byte order mark removed"
    crlf = [(m.start(), m.start() + 1) for m in re.finditer(r"\r\n", raw)]
    if crlf:
        notes["crlf"] = f"{len(crlf)} CRLF line ends made LF"
    cuts = sorted(cuts + crlf)
    text, offsets = _cut(raw, cuts)
    if "\r" in text:
        notes["cr"] = f"{text.count(chr(13))} CR line ends made LF"
        text = text.replace("\r", "\n")
    return text, cuts, offsets, notes


def clean_text(raw: str, rules: Iterable[Rule], *, front: int = 0) -> tuple[str, OffsetMap, list, dict]:
    """The cleaning of one decoded text: ``(text, offset_map, removed, notes)``.

    Drops the byte order mark (or the first ``front`` characters: front matter), makes CRLF
    and CR line ends LF, and cuts the boilerplate ``rules`` find.  ``offset_map`` maps
    ``text`` offsets back to ``raw``; ``removed`` lists ``(start, end, rule)`` spans of
    ``raw`` cut by the rules; ``notes`` says what else changed (``bom``, ``crlf``, ``cr``).
    """
    rules = tuple(rules)
    plain = not front and "\r" not in raw and not raw.startswith("\ufeff")  # base text == raw
    found = find_boilerplate(raw, rules) if plain and rules else None
    if plain and not found:
        return raw, OffsetMap.identity(), [], {}  # nothing to change
    base, cuts, base_map, notes = _normalize_line_ends(raw, front)
    removed = []
    for s, e, name in find_boilerplate(base, rules) if found is None else found:
        rs, re_ = base_map.span(s, e)
        removed.append((rs, re_, name))
        cuts.append((rs, re_))
    # One cut of raw gives the cleaned text and its map; only lone CRs are replaced.
    text, offsets = _cut(raw, sorted(cuts))
    return text.replace("\r", "\n"), offsets, removed, notes


def clean_document(doc_id, raw: str, rules: Iterable[Rule], *, front: int = 0) -> tuple[str, OffsetMap, list, dict]:
    """:func:`clean_text` of one document with its audit: ``(text, offset_map, removed, notes)``.

    ``removed``: :data:`framing.schema.REMOVED` rows (doc_id, start, end, rule, text; offsets
    into ``raw``), the front matter (rule ``front_matter``) and each span the rules cut.
    """
    text, offsets, cut, notes = clean_text(raw, rules, front=front)
    removed = [(doc_id, 0, front, "front_matter", raw[:front])] if front else []
    removed.extend((doc_id, s, e, name, raw[s:e]) for s, e, name in cut)
    return text, offsets, removed, notes


def removed_table(rows: list[tuple]) -> pd.DataFrame:
    """The cleaning audit (:data:`framing.schema.REMOVED`) of :func:`clean_document` rows, by doc_id and start."""
    frame = pd.DataFrame(rows, columns=list(REMOVED)).sort_values(["doc_id", "start"], kind="stable")
    return frame.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def cleaning_rules(clean: bool = True, rules: str | Path | None = None, builtin_rules: bool = True) -> tuple[Rule, ...]:
    """The rules a path applies: none when ``clean`` is False, else the built-in ones (unless
    ``builtin_rules=False``) plus those of the TOML file ``rules``.  The same choice on every path."""
    if not clean:
        return ()
    return tuple((load_rules() if builtin_rules else []) + (load_rules(rules) if rules is not None else []))


def clean_texts(texts: Iterable[str], rules: Iterable[Rule]) -> list[str]:
    """The cleaned text (:func:`clean_text`) of each of ``texts``: the per-batch cleaning of archives and Dask."""
    rules = tuple(rules)
    return [clean_text(t, rules)[0] for t in texts]
