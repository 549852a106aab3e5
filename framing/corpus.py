"""Load a corpus into the documents table, clean boilerplate, and keep an audit.

Sources
    * a folder of ``.txt`` files, described by ``metadata.csv`` in the folder (columns
      ``doc_id`` and optionally ``file``, ``outlet``, ``date``, ``title``, anything else);
      a file may instead carry ``---``-delimited YAML front matter with the same keys;
    * a table with a text column: ``.csv``, ``.jsonl`` / ``.ndjson``, ``.parquet``;
    * a pandas DataFrame with a text column.

What happens to the text
    ``raw`` is the decoded file text, untouched.  ``text`` is ``raw`` without a byte
    order mark, with CRLF / CR line ends made LF, and without the spans that the
    cleaning rules (``framing/data/cleaning_rules.toml``) remove.  Every removed span
    is a row of ``Corpus.removed`` (offsets into ``raw``); every other change or
    problem is a row of ``Corpus.report``.  :meth:`Corpus.raw_span` maps an offset
    pair in ``text`` back to ``raw``.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from framing.schema import DOCUMENTS, LOAD_REPORT, REMOVED
from framing.text import count_words, sentence_spans

RULE_SCOPES = ("start", "line", "body_line")
_TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")


class CorpusError(ValueError):
    """A corpus source that cannot be loaded as given; the message says what to change."""


# --------------------------------------------------------------------------------------
# Offset maps
# --------------------------------------------------------------------------------------


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


_LINE = re.compile(r"[^\n]*(?:\n|\Z)")


def find_boilerplate(text: str, rules: Iterable[Rule]) -> list[tuple[int, int, str]]:
    """``(start, end, rule)`` of the spans of ``text`` the rules remove, sorted.

    A removed line takes the blank lines after it with it (or, at the end of the
    text, the blank lines before it), so the cleaned text keeps one paragraph break.
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
    first_content_seen = False
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        line = m.group().rstrip("\n")
        stripped = line.strip()
        if not stripped:
            continue
        is_first, first_content_seen = not first_content_seen, True
        if m.start() < taken_until:
            continue
        s = m.start() + len(line) - len(line.lstrip())
        for rule in line_rules:
            if rule.scope == "body_line" and is_first:
                continue
            if rule.pattern.fullmatch(stripped):
                found.append(_widen(text, s, s + len(stripped), rule.name))
                break
    return sorted(found)


def _widen(text: str, s: int, e: int, name: str) -> tuple[int, int, str]:
    """Extend a removed line over the blank lines after it (before it, at the end)."""
    after = len(text) - e - len(text[e:].lstrip())
    if e + after < len(text):
        return s, e + after, name
    before = len(text[:s]) - len(text[:s].rstrip())
    return s - before, len(text), name


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """A loaded corpus.

    ``documents``: one row per document (:data:`framing.schema.DOCUMENTS`, then any other
    metadata columns), sorted by ``doc_id``.  ``removed``: the cleaning audit
    (:data:`framing.schema.REMOVED`).  ``report``: every other change or problem
    (:data:`framing.schema.LOAD_REPORT`).
    """

    documents: pd.DataFrame
    removed: pd.DataFrame
    report: pd.DataFrame
    offset_maps: dict[str, OffsetMap] = field(default_factory=dict, repr=False)

    def raw_span(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``raw`` of the span ``[start, end)`` of the cleaned ``text``."""
        if doc_id not in self.offset_maps:
            raise KeyError(f"no document with doc_id {doc_id!r} in this corpus")
        return self.offset_maps[doc_id].span(start, end)

    def select(self, outlets: Iterable[str] | None = None, doc_ids: Iterable[str] | None = None) -> Corpus:
        """A new Corpus with only the documents of ``outlets`` and/or ``doc_ids``."""
        keep = pd.Series(True, index=self.documents.index)
        for column, wanted, arg in (("outlet", outlets, "outlets"), ("doc_id", doc_ids, "doc_ids")):
            if wanted is None:
                continue
            wanted = [wanted] if isinstance(wanted, str) else list(wanted)
            unknown = sorted(set(wanted) - set(self.documents[column]))
            if unknown:
                have = ", ".join(sorted(self.documents[column].unique()))
                raise ValueError(f"{arg}: {', '.join(map(repr, unknown))} not in this corpus; it has {have}")
            keep &= self.documents[column].isin(wanted)
        docs = self.documents[keep].reset_index(drop=True)
        ids = set(docs["doc_id"])
        return Corpus(
            docs,
            self.removed[self.removed["doc_id"].isin(ids)].reset_index(drop=True),
            self.report[self.report["doc_id"].isin(ids) | self.report["doc_id"].isna()].reset_index(drop=True),
            {k: v for k, v in self.offset_maps.items() if k in ids},
        )

    def summary(self) -> pd.DataFrame:
        """Per outlet: documents, tokens, sentences, characters removed by cleaning."""
        docs = self.documents
        removed_chars = (self.removed["end"] - self.removed["start"]).groupby(self.removed["doc_id"]).sum()
        per_doc = docs[["doc_id", "outlet", "n_tokens", "n_sentences"]].assign(
            removed_spans=docs["doc_id"].map(self.removed["doc_id"].value_counts()).fillna(0).astype("int64"),
            removed_chars=docs["doc_id"].map(removed_chars).fillna(0).astype("int64"),
        )
        out = per_doc.groupby("outlet", sort=True).agg(
            documents=("doc_id", "size"),
            tokens=("n_tokens", "sum"),
            sentences=("n_sentences", "sum"),
            removed_spans=("removed_spans", "sum"),
            removed_chars=("removed_chars", "sum"),
        )
        return out.reset_index()

    def __repr__(self) -> str:
        docs = self.documents
        return (
            f"Corpus({len(docs)} documents, {docs['outlet'].nunique()} outlets, "
            f"{int(docs['n_tokens'].sum())} tokens, {int(docs['n_sentences'].sum())} sentences, "
            f"{len(self.removed)} removed spans, {len(self.report)} report rows)"
        )


def load_corpus(
    source,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding: str = "utf-8",
    clean: bool = True,
    rules: str | Path | None = None,
    builtin_rules: bool = True,
) -> Corpus:
    """Load ``source`` (a folder, a table file or a DataFrame) into a :class:`Corpus`.

    ``text_column`` / ``id_column`` name the columns of a table source.  ``encoding`` is
    the encoding of text files.  ``clean=False`` keeps the text as read (line ends and
    BOM aside).  ``rules`` adds cleaning rules from a TOML file; ``builtin_rules=False``
    drops the built-in ones.
    """
    rule_list = (load_rules() if builtin_rules else []) + (load_rules(rules) if rules is not None else [])
    if not clean:
        rule_list = []
    report: list[tuple] = []
    if isinstance(source, pd.DataFrame):
        records = _records_from_frame(source, "DataFrame", text_column, id_column, report)
    else:
        path = Path(source)
        if not path.exists():
            raise CorpusError(
                f"corpus path {path} does not exist (give a folder of .txt files with metadata.csv, "
                f"or a .csv / .jsonl / .parquet table)"
            )
        if path.is_dir():
            records = _records_from_folder(path, encoding, report)
        elif path.suffix.lower() in _TABLE_SUFFIXES:
            records = _records_from_frame(_read_table(path, encoding), str(path), text_column, id_column, report)
        else:
            raise CorpusError(f"cannot read {path}: expected a folder or a file ending in {', '.join(_TABLE_SUFFIXES)}")
    return _build(records, rule_list, report)


# --------------------------------------------------------------------------------------
# Readers: each returns a list of dicts with doc_id, raw, source and metadata keys
# --------------------------------------------------------------------------------------


def _decode(data: bytes, path: Path, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: bytes {exc.start}-{exc.end} are not valid {encoding} ({data[exc.start : exc.end + 8]!r}...); "
            f"re-encode the file as UTF-8, or pass encoding='cp1252' (or the file's real encoding) to load_corpus"
        ) from None


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def read_metadata(meta_path: Path) -> pd.DataFrame:
    """A folder's ``metadata.csv`` as strings (empty cells ``""``); it must have a ``doc_id`` column."""
    try:
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise CorpusError(f"{meta_path}: cannot be read as a UTF-8 CSV ({exc})") from None
    if "doc_id" not in meta.columns:
        raise CorpusError(f"{meta_path}: needs a 'doc_id' column; it has {', '.join(meta.columns)}")
    return meta


def _records_from_folder(folder: Path, encoding: str, report: list) -> list[dict]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    meta_path = folder / "metadata.csv"
    metadata: dict[str, dict] = {}
    by_file: dict[str, str] = {}
    if meta_path.exists():
        meta = read_metadata(meta_path)
        for i, row in enumerate(meta.to_dict("records"), start=2):
            doc_id = row["doc_id"].strip()
            if not doc_id:
                raise CorpusError(f"{meta_path}, line {i}: empty doc_id")
            if doc_id in metadata:
                raise CorpusError(f"{meta_path}, line {i}: doc_id {doc_id!r} appears twice; doc_ids must be unique")
            file = row.get("file", "").strip() or f"{doc_id}.txt"
            if not (folder / file).is_file():
                raise CorpusError(
                    f"{meta_path}, line {i}: doc_id {doc_id!r} names file {file!r}, which is not in {folder}; "
                    f"add the file or remove the row"
                )
            row = {k: v for k, v in row.items() if k != "file"}
            row["doc_id"] = doc_id
            metadata[doc_id] = row
            by_file[file] = doc_id
    else:
        report.append((None, str(folder), "no_metadata", "no metadata.csv: doc_id is the file name, outlet unknown"))
    records = []
    seen: dict[str, str] = {}
    for path in files:
        data = path.read_bytes()
        raw = _decode(data, path, encoding)
        meta = {}
        front = _FRONT_MATTER.match(raw)
        if front:
            try:
                meta = yaml.safe_load(front.group(1)) or {}
            except yaml.YAMLError as exc:
                raise CorpusError(f"{path}: front matter is not valid YAML ({exc})") from None
            if not isinstance(meta, dict):
                raise CorpusError(f"{path}: front matter must be 'key: value' lines")
            meta = {str(k): ("" if v is None else str(v)) for k, v in meta.items()}
        if path.name in by_file:
            doc_id = by_file[path.name]
            meta = {**meta, **{k: v for k, v in metadata[doc_id].items() if v != ""}}
        elif meta_path.exists() and "doc_id" not in meta:
            doc_id = path.stem
            report.append(
                (
                    doc_id,
                    str(path),
                    "no_metadata_row",
                    f"{path.name} has no row in metadata.csv; loaded with doc_id {doc_id!r}",
                )
            )
            warnings.warn(f"{path.name} has no row in {meta_path}; loaded with doc_id {doc_id!r}", stacklevel=3)
        else:
            doc_id = meta.get("doc_id", path.stem)
        if doc_id in seen:
            raise CorpusError(f"doc_id {doc_id!r} is used by both {seen[doc_id]} and {path}; doc_ids must be unique")
        seen[doc_id] = str(path)
        meta["doc_id"] = doc_id
        records.append({**meta, "raw": raw, "source": str(path), "_bytes": data, "_front": front.end() if front else 0})
    if not records:
        raise CorpusError(f"{folder} holds no .txt files")
    return records


def _read_table(path: Path, encoding: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        if suffix == ".tsv":
            return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, encoding=encoding)
        if suffix in (".jsonl", ".ndjson"):
            rows = []
            with open(path, encoding=encoding) as fh:
                for n, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise CorpusError(
                            f"{path}, line {n}: not valid JSON ({exc.msg}); fix or remove the line"
                        ) from None
            return pd.DataFrame(rows)
        try:
            return pd.read_parquet(path)
        except ImportError:
            raise CorpusError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow") from None
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not valid {encoding} at byte {exc.start}; re-encode as UTF-8 or pass encoding="
        ) from None
    except pd.errors.ParserError as exc:
        raise CorpusError(f"{path}: cannot be parsed ({exc})") from None


def _records_from_frame(frame: pd.DataFrame, where: str, text_column: str, id_column: str, report: list) -> list[dict]:
    if text_column not in frame.columns:
        raise CorpusError(
            f"{where}: no text column {text_column!r}; its columns are {', '.join(map(str, frame.columns))}; "
            f"pass text_column= to name the column that holds the article text"
        )
    frame = frame.reset_index(drop=True)
    if id_column in frame.columns:
        ids = frame[id_column].astype(str).str.strip()
        dup = ids[ids.duplicated(keep=False)]
        if len(dup):
            rows = ", ".join(str(i + 1) for i in dup.index[:10])
            raise CorpusError(
                f"{where}: doc_id {dup.iloc[0]!r} appears more than once (rows {rows}); doc_ids must be unique"
            )
        empty = ids[(ids == "") | frame[id_column].isna()]
        if len(empty):
            raise CorpusError(f"{where}, row {empty.index[0] + 1}: empty {id_column}")
    else:
        width = len(str(len(frame)))
        ids = pd.Series([f"row-{i + 1:0{width}d}" for i in range(len(frame))])
        report.append((None, where, "no_id_column", f"no {id_column!r} column: doc_ids are row numbers (row-1 ...)"))
    records = []
    for i, row in enumerate(frame.to_dict("records")):
        text = row.pop(text_column)
        if text is None or (isinstance(text, float) and np.isnan(text)):
            report.append(
                (ids[i], f"{where}, row {i + 1}", "missing_text", "text is missing; loaded as an empty document")
            )
            text = ""
        row.pop(id_column, None)
        meta = {str(k): ("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)) for k, v in row.items()}
        records.append(
            {
                **meta,
                "doc_id": ids[i],
                "raw": str(text),
                "source": f"{where}, row {i + 1}",
                "_bytes": str(text).encode("utf-8"),
                "_front": 0,
            }
        )
    return records


# --------------------------------------------------------------------------------------
# Building the tables
# --------------------------------------------------------------------------------------


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
    """The cleaning of :func:`load_corpus` for one decoded text: ``(text, offset_map, removed, notes)``.

    Drops the byte order mark (or the first ``front`` characters: front matter), makes CRLF
    and CR line ends LF, and cuts the boilerplate ``rules`` find.  ``offset_map`` maps
    ``text`` offsets back to ``raw``; ``removed`` lists ``(start, end, rule)`` spans of
    ``raw`` cut by the rules; ``notes`` says what else changed (``bom``, ``crlf``, ``cr``).
    """
    base, cuts, base_map, notes = _normalize_line_ends(raw, front)
    removed = []
    for s, e, name in find_boilerplate(base, rules):
        rs, re_ = base_map.span(s, e)
        removed.append((rs, re_, name))
        cuts.append((rs, re_))
    # One cut of raw gives the cleaned text and its map; only lone CRs are replaced.
    text, offsets = _cut(raw, sorted(cuts))
    return text.replace("\r", "\n"), offsets, removed, notes


def _build(records: list[dict], rules: list[Rule], report: list) -> Corpus:
    rows, removed, maps = [], [], {}
    for rec in records:
        doc_id = rec["doc_id"]
        raw = rec["raw"]
        text, maps[doc_id], cut_by_rules, notes = clean_text(raw, rules, front=rec["_front"])
        if rec["_front"]:
            removed.append((doc_id, 0, rec["_front"], "front_matter", raw[: rec["_front"]]))
        for issue, detail in notes.items():
            report.append((doc_id, rec["source"], issue, detail))
        removed.extend((doc_id, rs, re_, name, raw[rs:re_]) for rs, re_, name in cut_by_rules)
        if not text.strip():
            report.append((doc_id, rec["source"], "empty", "document has no text after cleaning; it scores zero"))
        meta = {k: v for k, v in rec.items() if k not in ("raw", "_bytes", "_front", "source", "doc_id")}
        rows.append(
            {
                "doc_id": doc_id,
                "outlet": meta.pop("outlet", "") or "unknown",
                "date": meta.pop("date", ""),
                "title": meta.pop("title", ""),
                "text": text,
                "raw": raw,
                "raw_sha256": hashlib.sha256(rec["_bytes"]).hexdigest(),
                "source": rec["source"],
                "n_chars": len(text),
                "n_tokens": count_words(text),
                "n_sentences": len(sentence_spans(text)),
                **meta,
            }
        )
        if rows[-1]["outlet"] == "unknown":
            report.append((doc_id, rec["source"], "no_outlet", "no outlet given; grouped as 'unknown'"))
    documents = pd.DataFrame(rows)
    extra = sorted(c for c in documents.columns if c not in DOCUMENTS)
    documents = documents[list(DOCUMENTS) + extra].sort_values("doc_id", kind="stable").reset_index(drop=True)
    documents = documents.astype({"n_chars": "int64", "n_tokens": "int64", "n_sentences": "int64"})
    removed_frame = pd.DataFrame(removed, columns=list(REMOVED)).sort_values(["doc_id", "start"], kind="stable")
    removed_frame = removed_frame.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)
    report_frame = pd.DataFrame(report, columns=list(LOAD_REPORT))
    report_frame = report_frame.sort_values("doc_id", kind="stable", na_position="first").reset_index(drop=True)
    return Corpus(documents, removed_frame, report_frame, maps)
