"""Loaded-term lexicons: read, validate, extend, select.

A lexicon is a table (:attr:`Lexicon.table`, columns :data:`LEXICON`), one row per entry:

``term``       the entry as written: a plain term, a glob ending in ``*``, or (when
               ``pattern`` is true) a Python regular expression
``category``   what kind of framing the term does (``extremist_label``, ...)
``technique``  SemEval-2020 Task 11 technique label (may be empty)
``polarity``   -1, 0 or 1
``pattern``    True when ``term`` is a regular expression
``note``       why the term counts as loaded
``unless_prev`` / ``unless_next``  words before / after a match that set it aside as not
               loaded (``|``-separated, ``*`` a wildcard; :mod:`framing.entry_rules`)
``inflect``    suffix rules adding regular forms of a plain term (``verb``, ``adj``, ``s|ed|ing``, ...)
``source``     where the row comes from, ``file:row`` (for error messages and audits)

Readers (one table per format, quanteda-style: every reader returns the same shape)

* ``.csv`` / ``.tsv``: a header with ``term`` and ``category`` and any of ``technique``,
  ``polarity``, ``pattern``, ``note``, ``unless_prev``, ``unless_next``, ``inflect``; nothing else.
* ``.yml`` / ``.yaml``: either a list of mappings with those keys, or a quanteda-style
  dictionary (Benoit et al. 2018, *quanteda*, ``dictionary(file=..., format="YAML")``): a
  mapping whose leaves are lists of terms and whose nested keys, joined with ``.``, become
  the category (``{loaded: {fraud: [rigged]}}`` gives category ``loaded.fraud``).
* ``.dic``: LIWC-style dictionary (Pennebaker et al., LIWC2015 manual): a ``%``-delimited
  header of ``number<TAB>category`` lines, then ``term<TAB>number...`` lines.  A term listed
  with several category numbers gives one row per category, and each match of it one hit
  per category (the only way a term may hold two categories).

Matching semantics (implemented in :mod:`framing.match`, fixed here because they decide
what a row means) — all on the matching view of :func:`framing.text.normalize`:

* canonical composition first (NFC: ``e`` + U+0301 is ``é``, in text and terms alike), then
  case-insensitive; curly quotes and apostrophes match straight ones, every dash matches
  ``-``, soft hyphens and zero-width characters are invisible;
* plain terms match literally, punctuation and regex metacharacters included
  (``U.S.-backed``, ``(sic)``, ``C++``), and only as whole words: a term edge that is a
  word character must not touch another word character (``regime`` does not match
  ``regimen``; ``c++`` needs no boundary after ``+``);
* a hyphen in a term also matches whitespace or nothing (``neo-nazi`` matches ``neo nazi``
  and ``neonazi``); a space matches any run of whitespace, line breaks included;
* a final ``*`` is a glob: any run of word characters may follow (``destabiliz*``);
* ``pattern`` rows are regular expressions, matched case-insensitively on the view, with
  non-capturing groups only and no unbounded repeat nested in another (:func:`nested_repeat`),
  run by the ``regex`` engine under a time budget (:class:`framing.match.patterns.GuardedPattern`);
* longest match wins, leftmost first; a shorter entry inside a longer match is not counted;
* then a match whose neighbouring words fit its row's ``unless_prev`` / ``unless_next`` is set
  aside (not counted; ``hits(..., audit=True)`` lists it with the reason).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from re import _constants as _C
from re import _parser as _re_parser

import pandas as pd
import yaml

from framing.entry_rules import CONTEXT_COLUMNS, RuleError, inflect, parse_context, parse_inflect
from framing.io import yamlsafe
from framing.text import normalize

#: Columns of :attr:`Lexicon.table`, in this order.
LEXICON = ("term", "category", "technique", "polarity", "pattern", "note", "unless_prev", "unless_next", "inflect",
           "source")

#: Columns a user file may have (``term`` and ``category`` are required).
FILE_COLUMNS = ("term", "category", "technique", "polarity", "pattern", "note", "unless_prev", "unless_next", "inflect")

#: Categories of the built-in lexicon that describe how a claim is attributed (said,
#: claimed, confirmed): not loaded terms.  :meth:`Lexicon.loaded` leaves them out.
STANCE_CATEGORIES = ("stance_endorsing", "stance_distancing", "stance_neutral")


def loaded_mask(categories, selected=None) -> pd.Series:
    """Boolean Series over ``categories`` (category names, index kept): is each a counted loaded term?

    ``selected=None``: every category except the attribution-stance ones, i.e.
    :data:`STANCE_CATEGORIES` and any other name starting with ``stance_``; a name or a
    list of names: exactly those.  The one stance filter of the package (hits, scores,
    document scores, lexicons).
    """
    categories = pd.Series(categories) if not isinstance(categories, pd.Series) else categories
    if selected is None:
        stance = [c for c in pd.unique(categories) if isinstance(c, str) and c.startswith("stance_")]
        return ~categories.isin(stance)
    return categories.isin([selected] if isinstance(selected, str) else list(selected))


BUILTIN = "framing/data/lexicon.csv"

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}
_WS = re.compile(r"\s+")


class LexiconError(ValueError):
    """A lexicon file or table that cannot be used; the message names the file and row."""


# --- Term keys (the normalized form two entries are compared by) ---


def term_key(term: str) -> str:
    """Normalized form of a term: the matching view, outer whitespace stripped, inner runs one space."""
    return _WS.sub(" ", normalize(term).text.strip())


def _variant_key(key: str) -> str:
    """Key under which hyphen variants collide: hyphens and spaces dropped (``neo-nazi`` = ``neonazi``)."""
    return key.replace("-", "").replace(" ", "")


# --- The Lexicon ---


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon; build one with :func:`load_lexicon` or :meth:`Lexicon.from_table`.

    ``table`` has the columns :data:`LEXICON` in file order; ``name`` says where it came from.
    Lexicons are immutable: :meth:`extend` and :meth:`select` return new ones.
    """

    table: pd.DataFrame
    name: str = "lexicon"
    #: compiled forms kept by :func:`framing.match.compile_lexicon` (never pickled)
    _compiled: dict = field(default_factory=dict, repr=False, compare=False)

    # construction -----------------------------------------------------------------
    @classmethod
    def from_table(cls, frame: pd.DataFrame, *, name: str = "table") -> Lexicon:
        """Validate a DataFrame with at least ``term`` and ``category`` into a Lexicon.

        Rows are named ``name:row`` (row counted from 1) in errors unless the frame has a
        ``source`` column.
        """
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"frame must be a pandas DataFrame with term and category columns, got {type(frame)}")
        unknown = [c for c in frame.columns if c not in LEXICON]
        if unknown:
            raise LexiconError(
                f"{name}: unknown column(s) {', '.join(map(str, unknown))}; allowed: {', '.join(FILE_COLUMNS)}"
            )
        missing = [c for c in ("term", "category") if c not in frame.columns]
        if missing:
            raise LexiconError(f"{name}: missing column(s) {', '.join(missing)}; a lexicon needs term and category")
        records = []
        for i, row in enumerate(frame.to_dict("records"), start=1):
            where = row.get("source") or f"{name}:{i}"
            records.append(_record(row, where))
        return cls(_validate(records, name), name)

    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {len(self.table)} entries, {len(self.categories)} categories)"

    @property
    def categories(self) -> list[str]:
        """Category ids, sorted."""
        return sorted(self.table["category"].unique())

    # combination ------------------------------------------------------------------
    def extend(self, other: Lexicon, *, on_conflict: str = "error") -> Lexicon:
        """This lexicon plus ``other``'s rows.

        A term in both (compared by :func:`term_key`) is a conflict: ``on_conflict="error"``
        raises naming both rows, ``"replace"`` keeps ``other``'s rows for it, ``"keep"``
        keeps this lexicon's.  Order: this lexicon's rows, then ``other``'s.
        """
        if not isinstance(other, Lexicon):
            raise TypeError(f"other must be a Lexicon (from load_lexicon), got {type(other).__name__}")
        if on_conflict not in ("error", "replace", "keep"):
            raise ValueError(f"on_conflict must be 'error', 'replace' or 'keep', not {on_conflict!r}")
        mine = self.table.assign(_k=[_variant_key(term_key(t)) for t in self.table["term"]])
        theirs = other.table.assign(_k=[_variant_key(term_key(t)) for t in other.table["term"]])
        common = set(mine["_k"]) & set(theirs["_k"])
        if common and on_conflict == "error":
            b = theirs[theirs["_k"].isin(common)].iloc[0]
            a = mine[mine["_k"] == b["_k"]].iloc[0]
            raise LexiconError(
                f"{b['source']}: term {b['term']!r} is already in {self.name} ({a['source']}, category "
                f"{a['category']}); {len(common)} term(s) in both; pass on_conflict='replace' or 'keep'"
            )
        if on_conflict == "replace":
            mine = mine[~mine["_k"].isin(common)]
        elif on_conflict == "keep":
            theirs = theirs[~theirs["_k"].isin(common)]
        table = pd.concat([mine, theirs], ignore_index=True).drop(columns="_k")
        seen: dict = {}
        for r, k in _keys(table.to_dict("records")):  # rule-generated forms (inflect) against the other rows
            if seen.setdefault(k, r)["source"] != r["source"]:
                raise LexiconError(f"{r['source']}: term {r['term']!r} collides with {seen[k]['source']} "
                                   f"({seen[k]['term']!r}); drop one of the rows or its inflect rule")
        return Lexicon(table, f"{self.name}+{other.name}")

    def select(self, categories: Iterable[str] | None = None, *, exclude: Iterable[str] | None = None) -> Lexicon:
        """The rows whose category is in ``categories`` (all if None) and not in ``exclude``."""
        known = set(self.table["category"])
        keep = known if categories is None else _category_set(categories, known, "categories")
        drop = set() if exclude is None else _category_set(exclude, known, "exclude")
        mask = self.table["category"].isin(keep - drop)
        return Lexicon(self.table[mask].reset_index(drop=True), self.name)

    def loaded(self) -> Lexicon:
        """Loaded-term categories only (every category :func:`loaded_mask` keeps)."""
        return Lexicon(self.table[loaded_mask(self.table["category"])].reset_index(drop=True), self.name)

    def stance(self) -> Lexicon:
        """Attribution-stance categories only (those :func:`loaded_mask` leaves out)."""
        present = sorted(set(self.table.loc[~loaded_mask(self.table["category"]), "category"]))
        if not present:
            raise LexiconError(f"{self.name} has no stance categories ({', '.join(STANCE_CATEGORIES)})")
        return self.select(categories=present)

    def compiled(self):
        """Removed: the matcher is built by :func:`framing.match.compile_lexicon` (``compile_lexicon(lexicon)``)."""
        raise AttributeError("Lexicon.compiled() was removed: use framing.match.compile_lexicon(lexicon)")

    def __reduce__(self):
        # pickled (to worker processes, between Dask workers) without the compiled matchers:
        # they are rebuilt where they are used, and the Rust automaton cannot be pickled
        return (type(self), (self.table, self.name))


def _category_set(values, known: set[str], arg: str) -> set[str]:
    if isinstance(values, str):
        values = [values]
    values = set(values)
    unknown = sorted(values - known)
    if unknown:
        raise ValueError(f"{arg}: unknown categor(y/ies) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return values


# --- Row validation ---


def _record(row: dict, where: str) -> dict:
    """One validated row as a dict with the :data:`LEXICON` columns."""

    def text(key: str) -> str:
        v = row.get(key)
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return str(v).strip()

    term = unicodedata.normalize("NFC", text("term"))  # as typed: e + U+0301 is é (the view is NFC too)
    if not term:
        raise LexiconError(f"{where}: empty term")
    category = text("category")
    if not category:
        raise LexiconError(f"{where}: empty category for term {term!r}")
    flag = text("pattern").lower()
    if flag not in _TRUE | _FALSE:
        raise LexiconError(f"{where}: pattern must be true or false, not {flag!r}")
    is_pattern = flag in _TRUE
    raw_pol = text("polarity") or "0"
    try:
        polarity = int(float(raw_pol))
    except ValueError:
        polarity = None
    if polarity not in (-1, 0, 1) or float(raw_pol) != polarity:
        raise LexiconError(f"{where}: polarity must be -1, 0 or 1, not {raw_pol!r}")
    if is_pattern:
        try:
            compiled = re.compile(term, re.IGNORECASE)
        except re.error as exc:
            raise LexiconError(f"{where}: pattern {term!r} does not compile: {exc}") from None
        if compiled.groups:
            raise LexiconError(f"{where}: pattern {term!r} has a capturing group; write (?:...) instead")
        if compiled.match(""):
            raise LexiconError(f"{where}: pattern {term!r} matches the empty string")
        if nested_repeat(term):
            raise LexiconError(
                f"{where}: pattern {term!r} nests a repeat (+, *, {{n,}}) inside another unbounded one, which can "
                "take exponential time (catastrophic backtracking); bound the outer repeat ({1,10}), make the "
                "inner one possessive (\\w++) or write the pattern without the nesting"
            )
    else:
        key = term_key(term)
        if not key.rstrip("*").strip(" -"):
            raise LexiconError(f"{where}: term {term!r} has nothing to match")
    try:
        rules = {c: parse_context(row.get(c), c) for c in CONTEXT_COLUMNS}
        rules["inflect"] = parse_inflect(row.get("inflect"))
    except RuleError as exc:
        raise LexiconError(f"{where}: {exc}") from None
    if rules["inflect"] and (is_pattern or term.endswith("*")):
        raise LexiconError(f"{where}: inflect applies to plain terms, not to {'a pattern' if is_pattern else 'a glob'} "
                           f"({term!r}); leave inflect empty")
    return {
        "term": term,
        "category": category,
        "technique": text("technique"),
        "polarity": polarity,
        "pattern": is_pattern,
        "note": text("note"),
        **rules,
        "source": where,
    }


def nested_repeat(pattern: str) -> bool:
    """Whether ``pattern`` holds a repeat of unbounded max (``+``, ``*``, ``{n,}``) inside another.

    Read from the parse tree (``re._parser``).  This is the shape of catastrophic
    backtracking (``(?:\\w+\\s?)+!`` on 60 characters does not finish), refused at load.  A
    possessive repeat (``\\w++``) or an atomic group (``(?>...)``) gives nothing back, so it
    does not count as the inner repeat.
    """

    def unbounded(seq) -> bool:
        for op, av in seq:
            if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[1] is _C.MAXREPEAT:
                return True
            if op is not _C.ATOMIC_GROUP and op is not _C.POSSESSIVE_REPEAT:
                if any(unbounded(sub) for sub in _children(op, av)):
                    return True
        return False

    def walk(seq) -> bool:
        for op, av in seq:
            if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[1] is _C.MAXREPEAT and unbounded(av[2]):
                return True
            if any(walk(sub) for sub in _children(op, av)):
                return True
        return False

    return walk(_re_parser.parse(pattern, re.IGNORECASE).data)


def _children(op, av) -> list:
    """Sub-sequences of one parse-tree node (groups, branches, repeats, assertions)."""
    if op is _C.SUBPATTERN:
        return [av[-1]]
    if op is _C.BRANCH:
        return list(av[1])
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        return [av[2]]
    if op is _C.ATOMIC_GROUP:
        return [av]
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return [av[1]]
    if op is _C.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _keys(records: list[dict]):
    """(row, key) of every term and rule-generated form (``inflect``); a form's row names it in ``term``."""
    for r in records:
        yield r, (r["pattern"], r["term"] if r["pattern"] else _variant_key(term_key(r["term"])))
        for form in inflect(r["term"], r.get("inflect", "")):
            shown = {**r, "term": f"{form} (inflect {r['inflect']} of {r['term']})"}
            yield shown, (False, _variant_key(term_key(form)))


def _validate(records: list[dict], name: str) -> pd.DataFrame:
    """Check duplicates across rows and build the table.

    Two rows conflict when their terms collide under the matching rules (same
    :func:`term_key` once hyphens and spaces are dropped; patterns compared as written).
    Rows from one source line (a ``.dic`` term with several categories) may differ in
    category; any other collision is an error naming both rows.
    """
    seen: dict[tuple[bool, str], dict] = {}
    for r, k in _keys(records):
        prev = seen.get(k)
        if prev is None:
            seen[k] = r
            continue
        if prev["source"] == r["source"] and prev["category"] != r["category"]:
            continue
        if prev["category"] == r["category"]:
            raise LexiconError(f"{r['source']}: term {r['term']!r} duplicates {prev['source']} ({prev['term']!r})")
        raise LexiconError(
            f"{r['source']}: term {r['term']!r} (category {r['category']}) conflicts with {prev['source']} "
            f"({prev['term']!r}, category {prev['category']}); give each term one category"
        )
    unspaced = [r["term"] for r in records if not r["pattern"] and _UNSPACED.search(r["term"])]
    if unspaced:
        warnings.warn(
            f"{name}: {len(unspaced)} term(s) in a script written without spaces (such as {unspaced[0]!r}) match "
            "only between non-word characters, never inside a run of such text; to match one as a substring, "
            f"give its row pattern=true (term {unspaced[0]!r}, pattern true)",
            stacklevel=3,
        )
    table = pd.DataFrame(records, columns=list(LEXICON))
    return table.astype({"polarity": "int64", "pattern": "bool"})


#: Scripts written without spaces between words: Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# --- Readers ---


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LexiconError(f"lexicon file {path} does not exist") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LexiconError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        ) from None


def read_table_file(path: str | Path, *, delimiter: str | None = None) -> list[dict]:
    """Rows of a CSV (``,``) or TSV (tab) lexicon file, each named ``file:line``."""
    path = Path(path)
    content = _read_text(path)
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise LexiconError(f"{path}: empty file; expected a header with term and category") from None
    unknown = [h for h in header if h not in FILE_COLUMNS]
    if unknown:
        raise LexiconError(
            f"{path}:1: unknown column(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(FILE_COLUMNS)}"
        )
    missing = [c for c in ("term", "category") if c not in header]
    if missing:
        raise LexiconError(f"{path}:1: missing column(s) {', '.join(missing)}; a lexicon needs term and category")
    records = []
    line = 1
    for values in reader:
        start = line + 1
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        where = f"{path}:{start}"
        if len(values) != len(header):
            raise LexiconError(f"{where}: {len(values)} fields where the header has {len(header)}")
        records.append(_record(dict(zip(header, values, strict=True)), where))
    return records


def read_yaml_file(path: str | Path) -> list[dict]:
    """Rows of a YAML lexicon: a list of entries, or a quanteda-style nested dictionary."""
    path = Path(path)
    try:
        data = yamlsafe.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if isinstance(data, list):
        records = []
        for i, entry in enumerate(data, start=1):
            where = f"{path}:entry {i}"
            if not isinstance(entry, dict):
                raise LexiconError(f"{where}: expected a mapping with term and category, got {type(entry).__name__}")
            unknown = [k for k in entry if k not in FILE_COLUMNS]
            if unknown:
                raise LexiconError(
                    f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(FILE_COLUMNS)}"
                )
            records.append(_record(entry, where))
        return records
    if isinstance(data, dict):
        return _quanteda(data, path)
    raise LexiconError(f"{path}: expected a list of entries or a mapping of categories, got {type(data).__name__}")


def _quanteda(data: dict, path: Path, prefix: Sequence[str] = ()) -> list[dict]:
    records = []
    for key, value in data.items():
        keys = [*prefix, str(key)]
        category = ".".join(keys)
        if isinstance(value, dict):
            records.extend(_quanteda(value, path, keys))
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise LexiconError(f"{path}:{category}: expected a list of terms or a nested mapping")
        for i, term in enumerate(value, start=1):
            where = f"{path}:{category}[{i}]"
            if not isinstance(term, str | int | float) or isinstance(term, bool):
                raise LexiconError(f"{where}: expected a term, got {type(term).__name__}")
            records.append(_record({"term": term, "category": category}, where))
    return records


def read_dic_file(path: str | Path) -> list[dict]:
    """Rows of a LIWC-style ``.dic`` file, each named ``file:line``."""
    path = Path(path)
    lines = _read_text(path).splitlines()
    if not lines or lines[0].strip() != "%":
        raise LexiconError(f"{path}:1: a .dic file starts with a line holding only %")
    cats: dict[str, str] = {}
    n = 1
    while True:
        if n >= len(lines):
            raise LexiconError(f"{path}: the category header is not closed by a line holding only %")
        line = lines[n].strip()
        n += 1
        if line == "%":
            break
        if not line:
            continue
        parts = line.split()
        if len(parts) < 2:
            raise LexiconError(f"{path}:{n}: expected 'number<TAB>category', got {line!r}")
        cats[parts[0]] = " ".join(parts[1:])
    records = []
    for i in range(n, len(lines)):
        line = lines[i].rstrip()
        if not line.strip():
            continue
        where = f"{path}:{i + 1}"
        parts = line.split("\t") if "\t" in line else line.split()
        parts = [p.strip() for p in parts if p.strip()]
        term, numbers = parts[0], parts[1:]
        if not numbers:
            raise LexiconError(f"{where}: term {term!r} has no category number")
        for num in numbers:
            if num not in cats:
                raise LexiconError(
                    f"{where}: category number {num!r} is not in the header (known: {', '.join(cats)}); "
                    "conditional LIWC entries like (02 134)131/125 are not supported"
                )
            records.append(_record({"term": term, "category": cats[num]}, where))
    return records


#: File suffix -> reader (each returns rows for :func:`_validate`).
READERS = {
    ".csv": read_table_file,
    ".tsv": read_table_file,
    ".yml": read_yaml_file,
    ".yaml": read_yaml_file,
    ".dic": read_dic_file,
}


def load_lexicon(path: str | Path | None = None, *, extend: bool = False, on_conflict: str = "error") -> Lexicon:
    """Read a lexicon: the built-in one (``path=None``) or a user file (see :data:`READERS`).

    With ``extend=True`` the file's rows are added to the built-in lexicon
    (:meth:`Lexicon.extend` with ``on_conflict``); otherwise the file replaces it.
    """
    if path is None:
        content = resources.files("framing").joinpath("data/lexicon.csv").read_bytes()
        tmp = _builtin_rows(content)
        return Lexicon(_validate(tmp, BUILTIN), "built-in")
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise LexiconError(f"{path}: unknown lexicon format {path.suffix!r}; use one of {', '.join(READERS)}")
    lex = Lexicon(_validate(reader(path), str(path)), path.name)
    return load_lexicon().extend(lex, on_conflict=on_conflict) if extend else lex


def as_lexicon(lexicon) -> Lexicon:
    """``lexicon``, or the built-in one when None; a ``TypeError`` for anything but a :class:`Lexicon`."""
    if lexicon is None:
        return load_lexicon()
    if not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (framing.lexicon.load_lexicon(...)) or None, got {type(lexicon)}")
    return lexicon


def _builtin_rows(content: bytes) -> list[dict]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [_record(row, f"{BUILTIN}:{reader.line_num}") for row in reader]
