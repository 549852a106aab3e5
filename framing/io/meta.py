"""Metadata rules applied to every batch read (:func:`apply_rules`), encodings, and the metadata table.

Per document: the date is read by :func:`framing.io.dates.read_date` (the value as given is
kept in ``extra["date_raw"]`` for strict reads); ``aliases`` map group names; a metadata
column with a reserved name (:data:`RESERVED`) is renamed ``user_<name>``.  Over the whole
read: a report row per reserved name renamed, per alias applied, and per set of group
names that differ only in case or spacing (:func:`variant_notes`).

Report rows (:data:`framing.schema.LOAD_REPORT` issues): ``date_unreadable``,
``date_ambiguous``, ``date_implausible`` (per document, the raw value in the detail);
``reserved_name``, ``alias``, ``case_variants``, ``encoding_fallback``, ``metadata_separator``, ``surrogates_replaced``.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from framing.io.dates import date_problem_detail, read_date


class CorpusError(ValueError):
    """A source that cannot be read as given; the message says what to change."""


#: Names the library computes: a user column of that name is kept as ``user_<name>``.
RESERVED = {
    "doc_id": "the document id (from id_column)",
    "text": "the cleaned text",
    "raw": "the text as read",
    "raw_sha256": "the SHA-256 of the bytes read",
    "source": "where the document was read from",
    "n_chars": "the characters of the cleaned text",
    "n_tokens": "the word tokens of the cleaned text",
    "n_sentences": "the sentences of the cleaned text",
    "date_raw": "the date as given",
}


def encodings(encoding) -> tuple[str, ...]:
    """``"utf-8,cp1252"`` or a list → a tuple of encodings to try in order (each checked by name)."""
    names = encoding.split(",") if isinstance(encoding, str) else list(encoding)
    names = tuple(str(n).strip() for n in names if str(n).strip())
    if not names:
        raise CorpusError("encoding must name at least one encoding, e.g. 'utf-8' or 'utf-8,cp1252'")
    for name in names:
        try:
            codecs.lookup(name)
        except LookupError:
            raise CorpusError(f"unknown encoding {name!r}; use a Python codec name such as utf-8 or cp1252") from None
    return names


def decode(data: bytes, names: tuple[str, ...]) -> tuple[str, str, UnicodeDecodeError | None]:
    """``(text, encoding used, the first encoding's error or None)``; raises the first error when none fits."""
    first = None
    for name in names:
        try:
            return data.decode(name), name, first
        except UnicodeDecodeError as exc:
            first = first or exc
    raise first


def fallback_detail(names: tuple[str, ...], used: str, error: UnicodeDecodeError) -> str:
    return f"not valid {names[0]} at byte {error.start}; read as {used}"


def pick_encoding(stream, names: tuple[str, ...]) -> tuple[str, UnicodeDecodeError | None]:
    """The first of ``names`` that decodes all of the binary ``stream`` (rewound after); raises when none does."""
    first = None
    for name in names:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(name)()
        offset = 0
        try:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
                offset += len(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            first = first or UnicodeDecodeError(exc.encoding, exc.object, offset + exc.start, offset + exc.end,
                                                exc.reason)  # fmt: skip
            continue
        stream.seek(0)
        return name, first
    raise first


def bad_byte(stream, name: str) -> int | None:
    """The offset in the binary ``stream`` (read from its start) of the first byte ``name`` cannot decode, or None."""
    try:
        pick_encoding(stream, (name,))
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def read_metadata_table(path: Path, encoding="utf-8", sep: str | None = None) -> tuple[pd.DataFrame, list[tuple]]:
    """A metadata table as strings (empty cells ``""``) and its report rows; it must have ``doc_id``.

    ``encoding``: one or a fallback list (:func:`encodings`).  ``sep``: the separator; None
    sniffs it from the header line (``,``, ``;``, tab or ``|``; ``,`` when unclear).
    """
    names = encodings(encoding)
    notes = []
    data = path.read_bytes()
    try:
        text, used, error = decode(data, names)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid {', '.join(names)} at byte {exc.start}; re-encode it as UTF-8 or pass "
                          f"metadata_encoding= (CLI: --metadata-encoding)") from None  # fmt: skip
    if error is not None:
        notes.append((None, str(path), "encoding_fallback", fallback_detail(names, used, error)))
    if sep is None:
        header = text.lstrip("\ufeff").partition("\n")[0]
        try:
            sep = csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
        except csv.Error:
            sep = ","
        if sep != ",":
            notes.append((None, str(path), "metadata_separator", f"columns separated by {sep!r} (sniffed)"))
    try:
        meta = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise CorpusError(f"{path}: cannot be read as a CSV with separator {sep!r} ({exc}); pass metadata_sep= "
                          f"(CLI: --metadata-sep)") from None  # fmt: skip
    if "doc_id" not in meta.columns:
        if len(meta.columns) == 1 and any(s in meta.columns[0] for s in ";\t|"):
            raise CorpusError(f"{path}: one column named {meta.columns[0]!r}: the separator is likely the problem; "
                              f"pass metadata_sep=';' (or '\\t', '|'; CLI: --metadata-sep) or save it with commas")
        raise CorpusError(f"{path}: needs a 'doc_id' column; it has {', '.join(meta.columns)}")
    return meta, notes


def read_aliases(aliases) -> dict[str, dict[str, str]]:
    """``{column: {alias: name}}`` from ``{alias: name}`` (outlet), ``{column: {alias: name}}`` or a CSV
    file with columns ``column,alias,name``."""
    if aliases is None:
        return {}
    if isinstance(aliases, str | Path):
        path = Path(aliases)
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise CorpusError(f"aliases file {path}: cannot be read as a UTF-8 CSV ({exc})") from None
        if list(table.columns) != ["column", "alias", "name"]:
            raise CorpusError(f"aliases file {path}: needs the columns column,alias,name; it has "
                              f"{','.join(map(str, table.columns))}")  # fmt: skip
        out: dict[str, dict[str, str]] = {}
        for column, alias, name in table.itertuples(index=False):
            _add_alias(out, column.strip(), alias.strip(), name.strip(), f"aliases file {path}")
        return out
    if not isinstance(aliases, dict):
        raise CorpusError(f"aliases must be a dict or a CSV file (column,alias,name), not {type(aliases).__name__}")
    out = {}
    nested = [isinstance(v, dict) for v in aliases.values()]
    if any(nested) and not all(nested):
        raise CorpusError("aliases: give either {alias: name} (outlet) or {column: {alias: name}}, not a mix")
    for column, mapping in (aliases.items() if all(nested) and nested else [("outlet", aliases)]):
        for alias, name in mapping.items():
            _add_alias(out, str(column).strip(), str(alias).strip(), str(name).strip(), "aliases")
    return out


def _add_alias(out: dict, column: str, alias: str, name: str, where: str) -> None:
    if not column or not alias or not name:
        raise CorpusError(f"{where}: column, alias and name must not be empty ({column!r}, {alias!r}, {name!r})")
    if out.get(column, {}).get(alias, name) != name:
        raise CorpusError(f"{where}: {column} {alias!r} is mapped to both {out[column][alias]!r} and {name!r}")
    out.setdefault(column, {})[alias] = name


def variant_notes(column: str, counts: Counter, where: str) -> list[tuple]:
    """A ``case_variants`` row per set of values of ``column`` that differ only in case or spacing."""
    groups: dict[str, list[str]] = {}
    for value in counts:
        if value:
            groups.setdefault(" ".join(value.split()).casefold(), []).append(value)
    return [(None, where, "case_variants",
             f"{column}: {', '.join(f'{v!r} ({counts[v]})' for v in sorted(values))} differ only in case or spacing; "
             f"they are separate groups unless aliases= maps them to one name")
            for _, values in sorted(groups.items()) if len(values) > 1]  # fmt: skip


@dataclass
class Rules:
    """The metadata rules of one read (see the module docstring)."""

    date_format: str | None = None
    dayfirst: bool | None = None
    aliases: dict = field(default_factory=dict)
    where: str = ""
    strict: bool = False
    dates: dict = field(default_factory=dict)
    tally: dict = field(default_factory=dict)
    applied: Counter = field(default_factory=Counter)
    renamed: dict = field(default_factory=dict)

    def date(self, raw) -> tuple[str, str]:
        if raw not in self.dates:
            self.dates[raw] = read_date(raw, self.date_format, self.dayfirst)
        return self.dates[raw]

    def alias(self, column: str, value: str) -> str:
        name = self.aliases.get(column, {}).get(value)
        if name is None:
            return value
        self.applied[column, value, name] += 1
        return name

    def meta(self, meta: dict, notes: list) -> dict:
        out = {}
        for key, value in meta.items():
            if key in RESERVED:
                if key not in self.renamed:
                    new = f"user_{key}"
                    while new in meta or new in RESERVED:
                        new = f"user_{new}"
                    self.renamed[key] = new
                    notes.append((None, self.where, "reserved_name",
                                  f"column {key!r} is a name the library computes ({RESERVED[key]}); your column is "
                                  f"kept as {new!r}"))  # fmt: skip
                key = self.renamed[key]
            value = self.alias(key, value)
            self.tally.setdefault(key, Counter())[value] += 1
            out[key] = value
        return out

    def batch(self, batch):
        docs = batch.documents
        notes = list(batch.notes)
        raw_dates = docs["date"].tolist()
        dates = []
        locations = [e["location"] for e in batch.extra] if batch.extra is not None else docs["source"].tolist()
        for doc_id, raw, where in zip(docs["doc_id"].tolist(), raw_dates, locations, strict=True):
            iso, problem = self.date(raw)
            dates.append(iso)
            if problem:
                notes.append((doc_id, where, f"date_{problem}", date_problem_detail(raw, problem)))
        outlets = [self.alias("outlet", o) for o in docs["outlet"].tolist()]
        self.tally.setdefault("outlet", Counter()).update(outlets)
        extra = batch.extra
        if extra is not None:
            extra = tuple({**e, "meta": self.meta(e["meta"], notes), "date_raw": raw}
                          for e, raw in zip(extra, raw_dates, strict=True))  # fmt: skip
        if dates != raw_dates or outlets != docs["outlet"].tolist():
            docs = docs.assign(date=pd.Series(dates, index=docs.index, dtype=object),
                               outlet=pd.Series(outlets, index=docs.index, dtype=object))  # fmt: skip
        return replace(batch, documents=docs, notes=tuple(notes), extra=extra)

    def closing_notes(self) -> list[tuple]:
        notes = [(None, self.where, "alias", f"{column} {alias!r} read as {name!r} ({n} document{'s' * (n != 1)})")
                 for (column, alias, name), n in sorted(self.applied.items())]  # fmt: skip
        for column in sorted(self.aliases):
            if self.strict and column not in self.tally:
                raise CorpusError(f"aliases name column {column!r}, which is not in {self.where}; its columns are "
                                  f"{', '.join(sorted(self.tally))}")  # fmt: skip
        for column in ["outlet", *sorted(c for c in self.tally if c not in ("outlet", "title"))]:
            notes.extend(variant_notes(column, self.tally.get(column, Counter()), self.where))
        return notes


def apply_rules(batches: Iterator, rules: Rules) -> Iterator:
    """``batches`` with :meth:`Rules.batch` applied; the last one carries the closing report rows."""
    held = None
    for batch in batches:
        if held is not None:
            yield held
        held = rules.batch(batch)
    if held is not None:
        yield replace(held, notes=held.notes + tuple(rules.closing_notes()))


def refused_file(folder: Path, file: str) -> str | None:
    """Why the metadata ``file`` value or folder entry ``file`` may not be read, or None.

    Only ``.txt`` files directly in ``folder`` are read: no absolute path, no ``..``, no
    subfolder, and no symlink whose target lies outside the folder.
    """
    if Path(file).is_absolute() or "/" in file or "\\" in file:
        inside = not Path(file).is_absolute() and ".." not in re.split(r"[/\\]", file)
        return "which is in a subfolder" if inside else "which is outside the corpus folder"
    if not file.lower().endswith(".txt"):
        return "which is not a .txt file"
    path = folder / file
    if path.is_symlink():
        real, root = os.path.realpath(path), os.path.realpath(folder)
        if os.path.commonpath([real, root]) != root:
            return "a symlink to a file outside the corpus folder"
    return None
