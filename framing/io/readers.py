"""Every reader, in batches: the one place where a source becomes documents.

(``framing.io`` re-exports these names; :mod:`framing.io.meta` applies the metadata rules
to every batch :func:`iter_batches` gives, :mod:`framing.io.dates` reads the dates.)

Sources: a folder of ``.txt`` files (``metadata.csv`` with ``doc_id`` and optionally ``file``,
``outlet``, ``date``, anything else, or ``---`` YAML front matter with the same keys; a
metadata.csv value wins), CSV / TSV or JSONL / NDJSON (each optionally ``.gz``), Parquet, a
DataFrame, or an iterable of :class:`Batch` (your own reader).  :func:`iter_batches` yields
batches of at most ``batch_size`` documents in source order, for both
:func:`framing.corpus.load_corpus` and :func:`framing.scale.stream.score_archive`.

Rules (both callers)
    * ``doc_id``: ``id_column`` of a table; metadata.csv, front matter or the file stem in a
      folder; stripped.  A table without the id column (CSV header, Parquet schema,
      DataFrame columns, the first JSONL object) gets ``row-N``, N the record number from 1
      (blank JSONL lines not counted), and a ``no_id_column`` note; an empty id in a table
      that has the column is a bad record (``corrupt``).
    * text: ``text_column`` (the first record must have it, else :class:`CorpusError`); a
      text that is not a string is a bad record (``corrupt``).  ``encoding`` decodes text
      files and tables: one name or a fallback list (``"utf-8,cp1252"``), each file (a JSONL
      line) read in the first that fits, with an ``encoding_fallback`` report row per file
      read in another.  ``metadata.csv``: ``metadata_encoding`` and ``metadata_sep``
      (sniffed when None).  Front matter is cut from the text.
    * ``outlet`` (``"unknown"`` when absent or empty) and ``date`` are stripped strings;
      datetime dates become ``YYYY-MM-DD``; then :func:`iter_batches` reads each date
      (:func:`framing.io.dates.read_date`) and applies ``aliases`` (:mod:`framing.io.meta`).
    * other metadata: stripped strings; a list or mapping (a JSON array, a Parquet list, a YAML
      list) as its JSON text (``["a", "b"]``), which :mod:`framing.groups` refuses as a group.
    * a doc_id seen before is a duplicate.

Bad records (``strict``)
    ``strict=False`` (archives): a bad record, or one without text (``no_text``), is skipped
    and listed in ``Batch.skipped`` (:data:`SKIPPED`).  ``strict=True`` (load_corpus): a bad
    record stops the read with a :class:`CorpusError` naming it; a record without text is
    an empty document (note ``missing_text``); every metadata column is kept (``Batch.extra``).
    Both note what they guessed in ``Batch.notes`` (:data:`framing.schema.LOAD_REPORT` rows).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import yaml

from framing.io import yamlsafe
from framing.io.batch import MAX_DOCUMENT_CHARS, Batch, Rows, skipped_frame, within_size
from framing.io.files import FAULTS, fault_reason, open_binary, until_fault
from framing.io.meta import (
    CorpusError,
    Rules,
    apply_rules,
    bad_byte,
    decode,
    encodings,
    fallback_detail,
    pick_encoding,
    read_aliases,
    refused_file,
)
from framing.io.meta import read_metadata_table as _read_metadata_table
from framing.stats import check_int

_JSONL = (".jsonl", ".ndjson")
_DELIMITED = {".csv": ",", ".tsv": "\t"}
_FORMATS = ".csv, .tsv, .jsonl, .ndjson (each optionally .gz) or .parquet"
_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def _no_text_column(where: str, text_column: str, columns, field: str = "column") -> CorpusError:
    missing = f"no text column {text_column!r}" if field == "column" else f"no {text_column!r} field"
    columns = [str(c) for c in columns]
    hint = ""
    if len(columns) == 1 and any(s in columns[0] for s in ";\t|"):
        hint = (" (one column whose name holds ';', a tab or '|': the separator is likely the problem; save the "
                "file with commas, or with tabs as .tsv)")
    return CorpusError(
        f"{where}: {missing}; its {field}s are {', '.join(columns)}{hint}; "
        f"pass text_column= (CLI: --text-column) to name the {field} that holds the article text"
    )


# --- Tables ---


def read_jsonl(path, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id",
               encoding: str = "utf-8", strict: bool = False, keep=()) -> Iterator[Batch]:  # fmt: skip
    """Batches of a JSONL file (``.jsonl`` / ``.ndjson``, optionally gzipped), one JSON object a line.

    Blank lines are ignored.  A line that is not valid JSON or not an object is ``corrupt``
    (its doc_id recovered by a pattern when the line shows one); a line not in ``encoding``
    is ``unreadable`` (``encoding``: one or a fallback list; lines read in a fallback: one
    report row for the file).  Records in file order.
    """
    path = Path(path)
    check_int(batch_size, "batch_size", minimum=1)
    names = encodings(encoding)
    fallback: dict[str, list] = {}
    id_pattern = re.compile('"' + re.escape(id_column) + r'"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))')
    source = str(path)
    raw, stream = open_binary(path)
    acc = Rows(strict, "line", id_column, keep)
    has_id = None
    position = record_no = 0
    skip = (text_column, id_column, "outlet", "date")
    fault: list = []
    try:
        for n, data in enumerate(until_fault(stream, fault), start=1):
            if not data.strip():
                continue
            record_no += 1
            try:
                line, used, error = decode(data, names)
                line = line.rstrip("\r\n")
            except UnicodeDecodeError as exc:
                tried = ", ".join(names)
                acc.problem(source, n, "", "unreadable", f"not valid {tried} at byte {exc.start} of the line",
                            f"{path}, line {n}: not valid {tried} at byte {exc.start}; re-encode as UTF-8 or "
                            f"pass encoding= (CLI: --encoding), e.g. 'utf-8,cp1252'")  # fmt: skip
                continue
            if error is not None:
                fallback.setdefault(used, [0, n, error])[0] += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                m = id_pattern.search(line)
                doc_id = (m[1] if m[1] is not None else m[2]) if m else ""
                acc.problem(source, n, doc_id, "corrupt", f"not valid JSON: {exc.msg} (column {exc.colno})",
                            f"{path}, line {n}: not valid JSON ({exc.msg}); fix or remove the line")  # fmt: skip
                continue
            if not isinstance(record, dict):
                acc.problem(source, n, "", "corrupt", f"a JSON {type(record).__name__}, not an object")
                continue
            if has_id is None:
                if text_column not in record:
                    raise _no_text_column(f"{path}, line {n}", text_column, record, "field")
                has_id = id_column in record
                if not has_id:
                    acc.notes.append((None, source, "no_id_column",
                                      f"no {id_column!r} field: doc_ids are record numbers (row-1 ...)"))  # fmt: skip
            doc_id = record.get(id_column) if has_id else f"row-{record_no}"
            meta = {k: v for k, v in record.items() if k not in skip} if strict or keep else None
            acc.add(doc_id, record.get(text_column), record.get("outlet"), record.get("date"), source, n, meta)
            if len(acc.rows) == batch_size:
                now = raw.tell()
                yield acc.take(now - position)
                position = now
        if fault:
            acc.problem(source, -1, "", "corrupt", fault_reason(fault[0], f"{record_no} record(s)", raw))
        end = os.fstat(raw.fileno()).st_size
        for used, (count, first, error) in fallback.items():
            acc.notes.append((None, source, "encoding_fallback", f"{count} line{'s' * (count != 1)} (first: line "
                              f"{first}) {fallback_detail(names, used, error)}"))  # fmt: skip
        if acc.rows or acc.skipped or acc.notes or end > position or position == 0:
            yield acc.take(end - position)
    finally:
        stream.close()
        raw.close()


def _add_frame(acc: Rows, frame: pd.DataFrame, row: int, source: str, text_column: str, id_column: str) -> int:
    """Add the records of a table chunk whose first data row is ``row + 1``; returns the last row number."""
    cols = frame.columns
    n = len(frame)
    ids = frame[id_column].tolist() if id_column in cols else [f"row-{row + i}" for i in range(1, n + 1)]
    outlets = frame["outlet"].tolist() if "outlet" in cols else [None] * n
    dates = frame["date"] if "date" in cols else pd.Series([None] * n, dtype=object)
    if pd.api.types.is_datetime64_any_dtype(dates):
        dates = dates.dt.strftime("%Y-%m-%d")  # element by element, as timeline.with_metadata does
    others = [c for c in cols if c not in (text_column, id_column, "outlet", "date")] if acc.strict or acc.keep else ()
    metas = frame[others].to_dict("records") if others else [None] * n
    texts = frame[text_column].tolist()
    for i, (doc_id, text, outlet, date, meta) in enumerate(zip(ids, texts, outlets, dates.tolist(), metas,
                                                              strict=True), start=row + 1):  # fmt: skip
        acc.add(doc_id, text, outlet, date, source, i, meta)
    return row + n


def _no_id_note(acc: Rows, source: str, id_column: str, columns) -> None:
    if id_column not in columns:
        acc.notes.append((None, source, "no_id_column",
                          f"no {id_column!r} column: doc_ids are row numbers (row-1 ...)"))  # fmt: skip


def read_delimited(path, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id",
                   encoding: str = "utf-8", strict: bool = False, keep=()) -> Iterator[Batch]:  # fmt: skip
    """Batches of a CSV (``.csv``) or TSV (``.tsv``) file, optionally gzipped, via pandas ``chunksize``.

    Every column is read as a string (an empty cell is ``""``).  A row with the wrong
    number of fields is ``corrupt`` (line number from pandas).  Rows in file order.
    """
    path = Path(path)
    check_int(batch_size, "batch_size", minimum=1)
    kind = _suffix(path).removesuffix(".gz")
    source = str(path)
    names = encodings(encoding)
    raw, stream = open_binary(path)
    position = row = 0
    opening = []
    try:
        encoding = names[0]
        if len(names) > 1:
            try:
                encoding, error = pick_encoding(stream, names)
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{path}: not valid {', '.join(names)} at byte {exc.start}; re-encode as UTF-8 "
                                  f"or pass encoding= (CLI: --encoding)") from None  # fmt: skip
            if error is not None:
                detail = f"the file is {fallback_detail(names, encoding, error)}"
                opening.append((None, source, "encoding_fallback", detail))
        try:
            reader = pd.read_csv(stream, sep=_DELIMITED[kind], dtype=str, keep_default_na=False,
                                 chunksize=batch_size, encoding=encoding, on_bad_lines="error" if strict else "warn")
        except FAULTS as exc:  # the parser reads its first block here
            acc = Rows(strict, "row", id_column, keep)
            acc.problem(source, -1, "", "corrupt", fault_reason(exc, "0 row(s)", raw))
            yield acc.take(os.fstat(raw.fileno()).st_size)
            return
        first = True
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                try:
                    chunk = next(reader)
                except StopIteration:
                    chunk = None
                except UnicodeDecodeError:  # pandas counts from its buffer: the file's offset, read again
                    raise CorpusError(
                        f"{path}: not valid {encoding} at byte {bad_byte(stream, encoding)}; re-encode as UTF-8 or "
                        f"pass encoding= (CLI: --encoding), e.g. 'utf-8,cp1252'"
                    ) from None
                except pd.errors.ParserError as exc:
                    raise CorpusError(
                        f"{path}: cannot be parsed as {'comma' if kind == '.csv' else 'tab'}-separated "
                        f"({str(exc).strip()}); save it with commas as .csv or tabs as .tsv (';' or '|' do not "
                        f"separate), fields holding the separator or a line break in double quotes") from None
                except pd.errors.EmptyDataError:
                    raise CorpusError(f"{path} is empty: a {kind} file needs a header row") from None
                except FAULTS as exc:  # a truncated or broken .gz: the rows of earlier chunks count
                    acc = Rows(strict, "row", id_column, keep)
                    acc.problem(source, -1, "", "corrupt", fault_reason(exc, f"{row} row(s)", raw))
                    yield acc.take(os.fstat(raw.fileno()).st_size - position)
                    break
            acc = Rows(strict, "row", id_column, keep)
            for w in caught:
                for m in _BAD_LINE.finditer(str(w.message)):
                    acc.problem(source, int(m[1]), "", "corrupt", f"unparseable row ({m[2].strip()})")
            if chunk is None:
                if acc.skipped or position == 0:
                    yield acc.take(os.fstat(raw.fileno()).st_size - position)
                break
            if first:
                if text_column not in chunk.columns:
                    raise _no_text_column(str(path), text_column, chunk.columns)
                _no_id_note(acc, source, id_column, chunk.columns)
                acc.notes.extend(opening)
                first = False
            row = _add_frame(acc, chunk, row, source, text_column, id_column)
            now = raw.tell()
            yield acc.take(now - position)
            position = now
    finally:
        stream.close()
        raw.close()


def read_parquet(path, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id",
                 strict: bool = False, keep=()) -> Iterator[Batch]:  # fmt: skip
    """Batches of a Parquet file read with pyarrow ``iter_batches`` (strict reads keep every column)."""
    check_int(batch_size, "batch_size", minimum=1)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise CorpusError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow") from None
    try:
        pfile = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's ArrowInvalid and OSError
        raise CorpusError(f"{path}: cannot be read as Parquet ({exc})") from None
    names = pfile.schema_arrow.names
    if text_column not in names:
        raise _no_text_column(str(path), text_column, names)
    columns = names if strict else [c for c in (id_column, text_column, "outlet", "date", *keep) if c in names]
    size = os.path.getsize(path)
    row = sent = 0
    acc = Rows(strict, "row", id_column, keep)
    _no_id_note(acc, str(path), id_column, names)
    for record_batch in pfile.iter_batches(batch_size=batch_size, columns=columns):
        row = _add_frame(acc, record_batch.to_pandas(), row, str(path), text_column, id_column)
        share = size * row // max(pfile.metadata.num_rows, 1) - sent
        sent += share
        yield acc.take(share)
    if row == 0:
        yield acc.take(size)


def read_frame(frame: pd.DataFrame, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id",
               source: str = "DataFrame", strict: bool = False, keep=()) -> Iterator[Batch]:  # fmt: skip
    """Batches of a DataFrame with a text column, in row order (``line``: the row number from 1)."""
    check_int(batch_size, "batch_size", minimum=1)
    if text_column not in frame.columns:
        raise _no_text_column(source, text_column, frame.columns)
    frame = frame.reset_index(drop=True)
    for lo in range(0, max(len(frame), 1), batch_size):
        acc = Rows(strict, "row", id_column, keep)
        if lo == 0:
            _no_id_note(acc, source, id_column, frame.columns)
        _add_frame(acc, frame.iloc[lo : lo + batch_size], lo, source, text_column, id_column)
        yield acc.take(0)


# --- Folders ---


def read_metadata(meta_path: Path, *, encoding="utf-8", sep: str | None = None) -> pd.DataFrame:
    """A folder's ``metadata.csv`` as strings (empty cells ``""``); it must have a ``doc_id`` column.

    ``encoding``: one or a fallback list; ``sep``: None sniffs it (:func:`framing.io.meta.read_metadata_table`).
    """
    return _read_metadata_table(Path(meta_path), encoding, sep)[0]


def list_folder(folder, *, strict: bool = False, metadata_encoding="utf-8",
                metadata_sep: str | None = None) -> tuple[list[dict], list[tuple], list[tuple]]:  # fmt: skip
    """What :func:`read_folder` reads: one dict per file (``file``, ``doc_id``, ``meta``: its metadata.csv
    row or None), by file name; the skipped metadata rows (:data:`SKIPPED` tuples); notes.

    Files are the ``.txt`` files of ``folder`` plus every file named in ``metadata.csv``.  A
    row with an empty or repeated doc_id is bad (the file it names is not read); a named
    file that does not exist is an error when strict, else reported when its turn comes.
    """
    folder = Path(folder)
    meta_path = folder / "metadata.csv"
    named: dict[str, dict] = {}
    skipped: list[tuple] = []
    notes: list[tuple] = []
    barred: set[str] = set()
    acc = Rows(strict)
    if meta_path.exists():
        ids: set[str] = set()
        table, notes = _read_metadata_table(meta_path, metadata_encoding, metadata_sep)
        for i, row in enumerate(table.to_dict("records"), start=2):
            doc_id = row["doc_id"].strip()
            file = row.get("file", "").strip() or f"{doc_id}.txt"
            where = f"{meta_path}, line {i}"
            if not doc_id:
                barred.add(file)
                acc.problem(str(meta_path), i, "", "corrupt", "empty doc_id in metadata.csv", f"{where}: empty doc_id")
                continue
            if doc_id in ids or file in named:
                barred.add(file)
                what, fix = (f"doc_id {doc_id!r}", "doc_ids") if doc_id in ids else (f"file {file!r}", "files")
                acc.problem(str(meta_path), i, doc_id, "duplicate", f"{what} appears twice in metadata.csv; the "
                            f"first row is kept", f"{where}: {what} appears twice; {fix} must be unique")  # fmt: skip
                continue
            refused = refused_file(folder, file)
            if refused:
                barred.add(file)
                acc.problem(str(meta_path), i, doc_id, "refused", f"file {file!r} {refused}",
                            f"{where}: doc_id {doc_id!r} names file {file!r}, {refused}; a corpus reads only the "
                            f".txt files directly in its folder {folder}")  # fmt: skip
                continue
            if strict and not (folder / file).is_file():
                raise CorpusError(
                    f"{where}: doc_id {doc_id!r} names file {file!r}, which is not in {folder}; "
                    f"add the file or remove the row"
                )
            ids.add(doc_id)
            named[file] = {"file": file, "doc_id": doc_id, "meta": {k: v for k, v in row.items() if k != "file"}}
    else:
        notes.append((None, str(folder), "no_metadata", "no metadata.csv: doc_id is the file name, outlet unknown"))
    with os.scandir(folder) as entries:
        on_disk = {e.name for e in entries if e.name.lower().endswith(".txt") and e.is_file()}
    for name in sorted(on_disk - barred - set(named)):
        refused = refused_file(folder, name)
        if refused:
            barred.add(name)
            acc.problem(str(folder / name), -1, Path(name).stem, "refused", refused,
                        f"{folder / name}: {refused}; a corpus reads only the files in its folder")  # fmt: skip
    skipped = acc.skipped
    listing = [named.get(name, {"file": name, "doc_id": Path(name).stem, "meta": None})
               for name in sorted((on_disk - barred) | set(named))]  # fmt: skip
    if strict and not listing:
        raise CorpusError(f"{folder} holds no .txt files")
    return listing, skipped, notes


def read_folder(folder, *, batch_size: int = 1000, encoding: str = "utf-8", strict: bool = False,
                metadata_encoding="utf-8", metadata_sep: str | None = None, keep=()) -> Iterator[Batch]:  # fmt: skip
    """Batches of a folder of ``.txt`` files (see :func:`list_folder`), each file read when its batch comes.

    A file gone or in none of ``encoding`` (one or a fallback list) at its turn is
    ``missing_file`` / ``unreadable``; a file read in a fallback has a report row; bad front
    matter is ``corrupt``.  A file without a metadata.csv row (and no doc_id in its front
    matter) is read with its stem as doc_id and a ``no_metadata_row`` note.  Files by name.
    """
    folder = Path(folder)
    check_int(batch_size, "batch_size", minimum=1)
    names = encodings(encoding)
    listing, meta_skipped, notes = list_folder(folder, strict=strict, metadata_encoding=metadata_encoding,
                                               metadata_sep=metadata_sep)  # fmt: skip
    has_meta = (folder / "metadata.csv").exists()
    acc = Rows(strict, keep=keep)
    acc.skipped.extend(meta_skipped)
    acc.notes.extend(notes)
    n_bytes = 0
    for entry in listing:
        path = folder / entry["file"]
        source, doc_id = str(path), entry["doc_id"]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            acc.problem(source, -1, doc_id, "missing_file", "file not found when its turn came")
            continue
        except OSError as exc:
            acc.problem(source, -1, doc_id, "unreadable", f"cannot be read ({exc.strerror or exc})")
            continue
        n_bytes += len(data)
        try:
            text, used, error = decode(data, names)
        except UnicodeDecodeError as exc:
            tried = ", ".join(names)
            acc.problem(source, -1, doc_id, "unreadable", f"not valid {tried} at byte {exc.start}",
                        f"{path}: bytes {exc.start}-{exc.end} are not valid {tried} "
                        f"({data[exc.start : exc.end + 8]!r}...); re-encode the file as UTF-8, or pass "
                        f"encoding='cp1252' (or the file's real encoding, or a fallback list such as 'utf-8,cp1252') "
                        f"to load_corpus (CLI: --encoding)")  # fmt: skip
            continue
        if error is not None:
            acc.notes.append((doc_id, source, "encoding_fallback", fallback_detail(names, used, error)))
        meta, front = _front_matter(acc, text, source, doc_id)
        if meta is None:
            continue
        text = text[len(front) :]
        if entry["meta"] is not None:
            meta.update({k: v for k, v in entry["meta"].items() if v != ""})
        elif has_meta and "doc_id" not in meta:
            acc.notes.append((doc_id, source, "no_metadata_row",
                              f"{path.name} has no row in metadata.csv; loaded with doc_id {doc_id!r}"))  # fmt: skip
            if strict:
                warnings.warn(f"{path.name} has no row in {folder / 'metadata.csv'}; loaded with doc_id {doc_id!r}",
                              stacklevel=2)  # fmt: skip
        else:
            doc_id = meta.get("doc_id", doc_id)
        meta["doc_id"] = doc_id
        other = {k: v for k, v in meta.items() if k not in ("doc_id", "outlet", "date")} if strict or keep else None
        acc.add(doc_id, text, meta.get("outlet"), meta.get("date"), source, -1, other, data, front)
        if len(acc.rows) == batch_size:
            yield acc.take(n_bytes)
            n_bytes = 0
    if acc.rows or acc.skipped or acc.notes or not listing:
        yield acc.take(n_bytes)


def _front_matter(acc: Rows, text: str, source: str, doc_id: str) -> tuple[dict | None, str]:
    """(metadata, front matter text) of a file's text; (None, "") when the front matter is bad (skipped)."""
    front = _FRONT_MATTER.match(text)
    if not front:
        return {}, ""
    try:
        meta = yamlsafe.safe_load(front.group(1)) or {}
        problem = None if isinstance(meta, dict) else f"{source}: front matter must be 'key: value' lines"
    except yaml.YAMLError as exc:
        problem = f"{source}: front matter is not valid YAML ({exc})"
    if problem:
        acc.problem(source, -1, doc_id, "corrupt", "front matter is not 'key: value' YAML", problem)
        return None, ""
    return {str(k): v for k, v in meta.items()}, front.group(0)  # values as YAML read them: Rows writes them


# --- Any source ---


def iter_batches(source, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id",
                 encoding="utf-8", check_duplicates: bool = True, strict: bool = False, date_format: str | None = None,
                 dayfirst: bool | None = None, aliases=None, metadata_encoding="utf-8",
                 metadata_sep: str | None = None, keep=(), max_document_chars: int | None = None,
                 ) -> Iterator[Batch]:  # fmt: skip
    """Batches of ``source`` (a folder, a ``.jsonl`` / ``.ndjson`` / ``.csv`` / ``.tsv`` file, each optionally
    ``.gz``, a ``.parquet`` file, a DataFrame, or an iterable of :class:`Batch`), in source order.

    With ``check_duplicates`` a document whose doc_id was read before is a ``duplicate`` (the
    first is kept; strict reads always check).  Turn it off only for archives whose ids are
    known to be unique: sums count a doc_id once, so repeated ids would skew them.  Dates are
    read (``date_format``, ``dayfirst``: :func:`framing.io.dates.read_date`) and ``aliases``
    applied (:func:`framing.io.meta.read_aliases`) by :func:`framing.io.meta.apply_rules`.
    ``keep``: more metadata columns carried in every batch's documents.  ``max_document_chars``:
    a longer text (None: :data:`framing.io.MAX_DOCUMENT_CHARS`) is an error (strict) or a ``too_large``
    skipped row (:func:`framing.io.batch.within_size`).
    """
    check_int(batch_size, "batch_size", minimum=1)
    max_document_chars = MAX_DOCUMENT_CHARS if max_document_chars is None else max_document_chars
    check_int(max_document_chars, "max_document_chars", minimum=1)
    if dayfirst not in (None, True, False):
        raise CorpusError(f"dayfirst must be True, False or None, not {dayfirst!r}")
    aliases = read_aliases(aliases)
    if not strict and set(aliases) - {"outlet"}:
        raise CorpusError(f"aliases name {', '.join(sorted(set(aliases) - {'outlet'}))}: archives keep only the "
                          f"outlet column")  # fmt: skip
    encoding = encodings(encoding)
    where = "DataFrame" if isinstance(source, pd.DataFrame) else str(source)
    batches = _dispatch(source, batch_size, text_column, id_column, encoding, strict, metadata_encoding, metadata_sep,
                        tuple(keep))
    batches = within_size(batches, strict, max_document_chars)
    if check_duplicates or strict:
        batches = _without_duplicates(batches, strict)
    return apply_rules(batches, Rules(date_format, dayfirst, aliases, where, strict))


def _without_duplicates(batches: Iterator[Batch], strict: bool) -> Iterator[Batch]:
    seen: dict | set = {} if strict else set()  # strict: where each id was read, for the message
    for batch in batches:
        docs = batch.documents
        dup = []
        for i, (doc_id, source, line) in enumerate(zip(docs["doc_id"], docs["source"], docs["line"], strict=True)):
            if doc_id not in seen:
                if strict:
                    seen[doc_id] = (source, line)
                else:
                    seen.add(doc_id)
                continue
            if strict:
                first, first_line = seen[doc_id]
                if line < 0:
                    raise CorpusError(
                        f"doc_id {doc_id!r} is used by both {first} and {source}; doc_ids must be unique"
                    )
                raise CorpusError(f"{source}: doc_id {doc_id!r} appears more than once (rows {first_line}, {line}); "
                                  f"doc_ids must be unique")  # fmt: skip
            dup.append(i)
        if not dup:
            yield batch
            continue
        gone = docs.iloc[dup]
        rows = [(s, ln, d, "duplicate", "doc_id already read earlier in the archive; the first is kept")
                for s, ln, d in zip(gone["source"], gone["line"], gone["doc_id"], strict=True)]  # fmt: skip
        skipped = pd.concat([batch.skipped, skipped_frame(rows)], ignore_index=True)
        yield replace(batch, documents=docs.drop(index=docs.index[dup]).reset_index(drop=True), skipped=skipped)


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2] + ".gz"
    return path.suffix.lower()


def _dispatch(source, batch_size, text_column, id_column, encoding, strict, metadata_encoding="utf-8",
              metadata_sep=None, keep=()) -> Iterator[Batch]:  # fmt: skip
    columns = {"text_column": text_column, "id_column": id_column, "strict": strict, "batch_size": batch_size,
               "keep": keep}
    if isinstance(source, pd.DataFrame):
        return read_frame(source, **columns)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise CorpusError(
                f"{'corpus' if strict else 'archive'} path {path} does not exist (give a folder of .txt files, "
                f"optionally with metadata.csv, or a file ending in {_FORMATS})"
            )
        if path.is_dir():
            return read_folder(path, batch_size=batch_size, encoding=encoding, strict=strict,
                               metadata_encoding=metadata_encoding, metadata_sep=metadata_sep, keep=keep)  # fmt: skip
        kind = _suffix(path)
        if kind.removesuffix(".gz") in _JSONL:
            return read_jsonl(path, encoding=encoding, **columns)
        if kind.removesuffix(".gz") in _DELIMITED:
            return read_delimited(path, encoding=encoding, **columns)
        if kind == ".parquet":
            return read_parquet(path, **columns)
        raise CorpusError(
            f"cannot read {path}: expected a folder or a file ending in {_FORMATS}; "
            f"unknown format {kind or '(no suffix)'!r}"
        )
    if isinstance(source, Iterable) and not isinstance(source, str | bytes):
        return _checked_batches(source)
    raise TypeError(
        f"source must be a path, a documents DataFrame or an iterable of Batch objects, not {type(source).__name__}"
    )


def _checked_batches(batches: Iterable) -> Iterator[Batch]:
    for b in batches:
        if not isinstance(b, Batch):
            raise TypeError(
                f"source yielded a {type(b).__name__}; an iterable source must yield framing.scale.stream.Batch "
                f"(framing.io.Batch) objects"
            )
        yield b
