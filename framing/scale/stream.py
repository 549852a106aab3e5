"""Score archives larger than memory: read in batches, score on every core, report what is skipped.

Readers (:func:`iter_batches` and the per-format readers it dispatches to) turn a source
into :class:`Batch` objects of at most ``batch_size`` documents; :func:`score_archive`
scores each batch (:func:`framing.score.score_stream`), adds outlet and date
(:func:`framing.timeline.with_metadata`) and folds the batch into integer sums
(:func:`framing.timeline.sums` / :func:`framing.timeline.add_sums`) as it goes.  Memory
is bounded by the batches in flight plus the sums (outlets × periods × categories), not by
the number of documents; two things do grow with the archive and are said so: the set of
doc_ids already seen (to report duplicates; about 200 bytes a document, off with
``check_duplicates=False``) and the table of skipped records.

Sources
    * JSONL (``.jsonl``, ``.ndjson``, optionally ``.gz``): one JSON object a line;
    * CSV / TSV (``.csv``, ``.tsv``, optionally ``.gz``): read with pandas ``chunksize``;
    * a folder of ``.txt`` files, with an optional ``metadata.csv`` (columns ``doc_id`` and
      optionally ``file``, ``outlet``, ``date``) and optional ``---`` YAML front matter, as
      :func:`framing.corpus.load_corpus` reads them; only the listing is held, each text is
      read when its batch comes;
    * Parquet (``.parquet``), read ``batch_size`` rows at a time with pyarrow;
    * a DataFrame with ``doc_id`` and ``text`` (sliced into batches), or any iterable of
      :class:`Batch` objects (your own reader).

Kept: ``doc_id`` (a string), ``outlet`` (``"unknown"`` when absent or empty, as
load_corpus does), ``date`` (``""`` when absent) and ``text``, plus where each record came
from (``source``, ``line``: see :data:`BATCH`); every other metadata field is dropped.

Cleaning
    By default (``clean=False``) the text is scored as read: no boilerplate rules, no
    line-end changes (except that front matter of ``.txt`` files is cut, as load_corpus
    always does), because the rules cost time on large archives and seldom change hit
    counts; token counts then include boilerplate lines (seed corpus: Fox News 24 hits in
    537 tokens as read, 24 in 512 cleaned; the other article 25 in 403 vs 394).
    ``clean=True`` applies exactly load_corpus's cleaning (byte order mark, CRLF / CR line
    ends, the rules of ``framing/data/cleaning_rules.toml``) to each document in the
    worker, so the scores equal those of ``load_corpus(...)`` + ``score_stream``, and
    :func:`framing.hits` on ``load_corpus`` of one document traces each count to spans.

Skipped records (table :data:`SKIPPED`, nothing dropped silently): a line that is not a
JSON object (``corrupt``), an unparseable CSV row (``corrupt``), a record without text
(``no_text``), a doc_id seen before (``duplicate``: the first is kept), a file listed but
missing when its turn comes (``missing_file``) or not decodable (``unreadable``), a
document the scorer raised on (``scorer_error``) or whose worker process died
(``worker_died``).
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import re
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from framing import timeline
from framing.corpus import _FRONT_MATTER, CorpusError, clean_text, read_metadata
from framing.lexicon import Lexicon, load_lexicon
from framing.match import compile_lexicon
from framing.schema import require_columns
from framing.stats import check_int

#: Columns of a batch's documents table.  ``source``: the file read; ``line``: the JSONL
#: line (from 1), the CSV/TSV/Parquet/DataFrame data row (from 1, header not counted), or
#: -1 for a file of a folder.
BATCH = ("doc_id", "outlet", "date", "text", "source", "line")

#: Columns of the skipped table, one row per record not scored.  ``line`` as in
#: :data:`BATCH` (for an unparseable CSV row: pandas' file line, header = line 1; -1 when
#: none applies); ``doc_id`` is ``""`` when it could not be recovered; ``kind`` is one of
#: :data:`SKIP_KINDS`; ``reason`` says what happened.  Sort: source, line, doc_id, kind.
SKIPPED = ("source", "line", "doc_id", "kind", "reason")

SKIP_KINDS = ("corrupt", "no_text", "duplicate", "missing_file", "unreadable", "scorer_error", "worker_died")

#: Keys of :attr:`ArchiveResult.totals`.  ``records = scored + skipped``; ``tokens`` and
#: ``hits`` are summed over scored documents (all categories of the lexicon); ``bytes``
#: are the bytes read from disk (compressed bytes for ``.gz``; 0 for in-memory sources).
TOTALS = ("records", "scored", "skipped", "tokens", "hits", "bytes", "batches")

_JSONL = (".jsonl", ".ndjson")
_DELIMITED = {".csv": ",", ".tsv": "\t"}
_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")


class ArchiveError(ValueError):
    """A scorer that breaks its contract (not a problem of one record)."""


# --------------------------------------------------------------------------------------
# Batches and readers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """Up to ``batch_size`` documents (columns :data:`BATCH`) and the records skipped while reading them.

    ``skipped`` has the columns :data:`SKIPPED`; ``n_bytes`` is the number of bytes of the
    source consumed for this batch (0 for in-memory sources).
    """

    documents: pd.DataFrame
    skipped: pd.DataFrame
    n_bytes: int = 0

    @property
    def n_records(self) -> int:
        """Documents plus skipped records."""
        return len(self.documents) + len(self.skipped)


def _skipped_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(SKIPPED))
    return frame.astype({"source": object, "line": "int64", "doc_id": object, "kind": object, "reason": object})


def _make_batch(rows: list[tuple], skipped: list[tuple], n_bytes: int) -> Batch:
    # object columns: no copy of the texts into Arrow strings (pandas 3 infers them otherwise)
    docs = pd.DataFrame(rows, columns=list(BATCH), dtype=object).astype({"line": "int64"})
    return Batch(docs, _skipped_frame(skipped), int(n_bytes))


class _Rows:
    """Collects accepted rows and skipped records of one batch (shared by the readers)."""

    def __init__(self):
        self.rows: list[tuple] = []
        self.skipped: list[tuple] = []

    def add(self, doc_id, text, outlet, date, source: str, line: int) -> None:
        doc_id = "" if _missing(doc_id) else str(doc_id).strip()
        if _missing(text) or (isinstance(text, str) and not text.strip()):
            self.skipped.append((source, line, doc_id, "no_text", "no text to score"))
            return
        if not isinstance(text, str):
            self.skipped.append((source, line, doc_id, "corrupt", f"text is a {type(text).__name__}, not a string"))
            return
        outlet = "" if _missing(outlet) else str(outlet).strip()
        date = "" if _missing(date) else str(date).strip()
        self.rows.append((doc_id, outlet or "unknown", date, text, source, line))

    def skip(self, source: str, line: int, doc_id, kind: str, reason: str) -> None:
        self.skipped.append((source, line, "" if _missing(doc_id) else str(doc_id), kind, reason))

    def take(self, n_bytes: int) -> Batch:
        batch = _make_batch(self.rows, self.skipped, n_bytes)
        self.rows, self.skipped = [], []
        return batch


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _open_binary(path: Path):
    """(raw file, stream to read): the stream decompresses ``.gz``; ``raw.tell()`` is the disk position."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    if path.suffix.lower() == ".gz":
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")
    return raw, raw


def read_jsonl(
    path, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id", encoding: str = "utf-8"
) -> Iterator[Batch]:
    """Batches of a JSONL file (``.jsonl`` / ``.ndjson``, optionally gzipped), one JSON object a line.

    Blank lines are ignored.  A line that is not valid JSON or not an object is skipped as
    ``corrupt`` (its doc_id recovered by a pattern when the line shows one); a line not in
    ``encoding`` as ``unreadable``.  A record without ``id_column`` gets ``line-N``.  The
    first valid record must have ``text_column`` (else :class:`~framing.corpus.CorpusError`).
    Records in file order.
    """
    path = Path(path)
    check_int(batch_size, "batch_size", minimum=1)
    id_pattern = re.compile('"' + re.escape(id_column) + r'"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))')
    source = str(path)
    raw, stream = _open_binary(path)
    acc = _Rows()
    checked = False
    position = 0
    try:
        for n, data in enumerate(stream, start=1):
            if not data.strip():
                continue
            try:
                line = data.decode(encoding).rstrip("\r\n")
            except UnicodeDecodeError as exc:
                acc.skip(source, n, "", "unreadable", f"not valid {encoding} at byte {exc.start} of the line")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                m = id_pattern.search(line)
                doc_id = (m[1] if m[1] is not None else m[2]) if m else ""
                acc.skip(source, n, doc_id, "corrupt", f"not valid JSON: {exc.msg} (column {exc.colno})")
                continue
            if not isinstance(record, dict):
                acc.skip(source, n, "", "corrupt", f"a JSON {type(record).__name__}, not an object")
                continue
            if not checked:
                if text_column not in record:
                    raise CorpusError(
                        f"{path}, line {n}: no {text_column!r} field; its fields are {', '.join(map(str, record))}; "
                        f"pass text_column= to name the field that holds the article text"
                    )
                checked = True
            doc_id = record.get(id_column)
            if _missing(doc_id) or not str(doc_id).strip():
                doc_id = f"line-{n}"
            acc.add(doc_id, record.get(text_column), record.get("outlet"), record.get("date"), source, n)
            if len(acc.rows) == batch_size:
                now = raw.tell()
                yield acc.take(now - position)
                position = now
        end = os.fstat(raw.fileno()).st_size
        if acc.rows or acc.skipped or end > position or position == 0:
            yield acc.take(end - position)
    finally:
        stream.close()
        raw.close()


def read_delimited(
    path, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id", encoding: str = "utf-8"
) -> Iterator[Batch]:
    """Batches of a CSV (``.csv``) or TSV (``.tsv``) file, optionally gzipped, via pandas ``chunksize``.

    Every column is read as a string.  A row with the wrong number of fields is skipped as
    ``corrupt`` (line number from pandas); a row with an empty text as ``no_text``; rows
    without ``id_column`` get ``row-N``.  Rows in file order.
    """
    path = Path(path)
    check_int(batch_size, "batch_size", minimum=1)
    suffixes = [s.lower() for s in path.suffixes]
    kind = suffixes[-2] if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1 else path.suffix.lower()
    source = str(path)
    raw, stream = _open_binary(path)
    position = 0
    row = 0
    try:
        reader = pd.read_csv(
            stream,
            sep=_DELIMITED[kind],
            dtype=str,
            keep_default_na=False,
            chunksize=batch_size,
            encoding=encoding,
            on_bad_lines="warn",
        )
        first = True
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                try:
                    chunk = next(reader)
                except StopIteration:
                    chunk = None
                except UnicodeDecodeError as exc:
                    raise CorpusError(f"{path}: not valid {encoding} at byte {exc.start}; pass encoding=") from None
                except pd.errors.ParserError as exc:
                    raise CorpusError(f"{path}: cannot be parsed ({exc})") from None
                except pd.errors.EmptyDataError:
                    raise CorpusError(f"{path} is empty: a {kind} file needs a header row") from None
            acc = _Rows()
            for w in caught:
                for m in _BAD_LINE.finditer(str(w.message)):
                    acc.skip(source, int(m[1]), "", "corrupt", f"unparseable row ({m[2].strip()})")
            if chunk is None:
                if acc.skipped or position == 0:
                    yield acc.take(os.fstat(raw.fileno()).st_size - position)
                break
            if first:
                if text_column not in chunk.columns:
                    raise CorpusError(
                        f"{path}: no text column {text_column!r}; its columns are "
                        f"{', '.join(map(str, chunk.columns))}; "
                        f"pass text_column= to name the column that holds the article text"
                    )
                first = False
            cols = chunk.columns
            ids = chunk[id_column].tolist() if id_column in cols else [None] * len(chunk)
            outlets = chunk["outlet"].tolist() if "outlet" in cols else [None] * len(chunk)
            dates = chunk["date"].tolist() if "date" in cols else [None] * len(chunk)
            for doc_id, text, outlet, date in zip(ids, chunk[text_column].tolist(), outlets, dates, strict=True):
                row += 1
                if _missing(doc_id) or not str(doc_id).strip():
                    doc_id = f"row-{row}"
                acc.add(doc_id, text, outlet, date, source, row)
            now = raw.tell()
            yield acc.take(now - position)
            position = now
    finally:
        stream.close()
        raw.close()


def read_parquet(
    path, *, batch_size: int = 1000, text_column: str = "text", id_column: str = "doc_id"
) -> Iterator[Batch]:
    """Batches of a Parquet file read with pyarrow ``iter_batches`` (only the needed columns)."""
    check_int(batch_size, "batch_size", minimum=1)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise CorpusError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow") from None
    pfile = pq.ParquetFile(path)
    names = pfile.schema_arrow.names
    if text_column not in names:
        raise CorpusError(
            f"{path}: no text column {text_column!r}; its columns are {', '.join(names)}; pass text_column="
        )
    columns = [c for c in (id_column, text_column, "outlet", "date") if c in names]
    size = os.path.getsize(path)
    row = 0
    sent = 0
    for record_batch in pfile.iter_batches(batch_size=batch_size, columns=columns):
        frame = record_batch.to_pandas()
        acc = _Rows()
        for rec in frame.to_dict("records"):
            row += 1
            doc_id = rec.get(id_column)
            if _missing(doc_id) or not str(doc_id).strip():
                doc_id = f"row-{row}"
            acc.add(doc_id, rec.get(text_column), rec.get("outlet"), rec.get("date"), str(path), row)
        share = size * row // max(pfile.metadata.num_rows, 1) - sent
        sent += share
        yield acc.take(share)
    if row == 0:
        yield _Rows().take(size)


def read_frame(frame: pd.DataFrame, *, batch_size: int = 1000, source: str = "DataFrame") -> Iterator[Batch]:
    """Batches of a documents table (``doc_id``, ``text``; ``outlet`` and ``date`` if present), in row order.

    doc_ids become strings; datetime dates become ``YYYY-MM-DD``.  ``line`` is the row number from 1.
    """
    require_columns(frame, ("doc_id", "text"), name="documents", arg="source")
    check_int(batch_size, "batch_size", minimum=1)
    cols = frame.columns
    if "date" in cols and pd.api.types.is_datetime64_any_dtype(frame["date"]):
        frame = frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))  # as timeline.with_metadata does
    for lo in range(0, len(frame), batch_size):
        part = frame.iloc[lo : lo + batch_size]
        acc = _Rows()
        outlets = part["outlet"].tolist() if "outlet" in cols else [None] * len(part)
        dates = part["date"].tolist() if "date" in cols else [None] * len(part)
        for i, (doc_id, text, outlet, date) in enumerate(
            zip(part["doc_id"].tolist(), part["text"].tolist(), outlets, dates, strict=True), start=lo + 1
        ):
            acc.add(doc_id, text, outlet, date, source, i)
        yield acc.take(0)


def list_folder(folder) -> tuple[list[dict], list[tuple]]:
    """What :func:`read_folder` reads: one dict per file (``file``, ``doc_id``, ``outlet``, ``date``), by file name.

    Files are the ``.txt`` files of ``folder`` plus every file named in ``metadata.csv``
    (named files need not exist yet: a missing one is reported when its turn comes).  The
    second value lists skipped metadata rows (empty doc_id), as :data:`SKIPPED` tuples.
    """
    folder = Path(folder)
    meta_path = folder / "metadata.csv"
    named: dict[str, dict] = {}
    skipped: list[tuple] = []
    if meta_path.exists():
        meta = read_metadata(meta_path)
        for i, row in enumerate(meta.to_dict("records"), start=2):
            doc_id = row["doc_id"].strip()
            if not doc_id:
                skipped.append((str(meta_path), i, "", "corrupt", "empty doc_id in metadata.csv"))
                continue
            file = row.get("file", "").strip() or f"{doc_id}.txt"
            named.setdefault(
                file,
                {
                    "file": file,
                    "doc_id": doc_id,
                    "outlet": row.get("outlet", ""),
                    "date": row.get("date", ""),
                    "meta": True,
                },
            )
    with os.scandir(folder) as entries:
        on_disk = [e.name for e in entries if e.name.lower().endswith(".txt") and e.is_file()]
    listing = []
    for name in sorted(set(on_disk) | set(named)):
        listing.append(
            named.get(name, {"file": name, "doc_id": Path(name).stem, "outlet": "", "date": "", "meta": False})
        )
    return listing, skipped


def read_folder(folder, *, batch_size: int = 1000, encoding: str = "utf-8") -> Iterator[Batch]:
    """Batches of a folder of ``.txt`` files (see :func:`list_folder`), each file read when its batch comes.

    Metadata: ``metadata.csv`` first, then front matter (as load_corpus: metadata.csv wins
    over front matter for non-empty values); front matter is cut from the text.  A file
    gone or unreadable at its turn is skipped as ``missing_file`` / ``unreadable``, by path
    and doc_id.  Files sorted by name.
    """
    folder = Path(folder)
    check_int(batch_size, "batch_size", minimum=1)
    listing, meta_skipped = list_folder(folder)
    acc = _Rows()
    acc.skipped.extend(meta_skipped)
    n_bytes = 0
    for entry in listing:
        path = folder / entry["file"]
        source = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            acc.skip(source, -1, entry["doc_id"], "missing_file", "file not found when its turn came")
            continue
        except OSError as exc:
            acc.skip(source, -1, entry["doc_id"], "unreadable", f"cannot be read ({exc.strerror or exc})")
            continue
        n_bytes += len(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            acc.skip(source, -1, entry["doc_id"], "unreadable", f"not valid {encoding} at byte {exc.start}")
            continue
        meta = {}
        front = _FRONT_MATTER.match(text)
        if front:
            try:
                meta = yaml.safe_load(front.group(1)) or {}
            except yaml.YAMLError:
                meta = None
            if not isinstance(meta, dict):
                acc.skip(source, -1, entry["doc_id"], "corrupt", "front matter is not 'key: value' YAML")
                continue
            meta = {str(k): ("" if v is None else str(v)) for k, v in meta.items()}
            text = text[front.end() :]
        doc_id = entry["doc_id"] if entry["meta"] else meta.get("doc_id", entry["doc_id"])
        outlet = entry["outlet"] or meta.get("outlet", "")
        date = entry["date"] or meta.get("date", "")
        acc.add(doc_id, text, outlet, date, source, -1)
        if len(acc.rows) == batch_size:
            yield acc.take(n_bytes)
            n_bytes = 0
    if acc.rows or acc.skipped or not listing:
        yield acc.take(n_bytes)


def iter_batches(
    source,
    *,
    batch_size: int = 1000,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding: str = "utf-8",
    check_duplicates: bool = True,
) -> Iterator[Batch]:
    """Batches of ``source`` (a folder, a ``.jsonl[.gz]`` / ``.ndjson[.gz]`` / ``.csv[.gz]`` / ``.tsv[.gz]`` /
    ``.parquet`` file, a documents DataFrame, or an iterable of :class:`Batch`), in source order.

    With ``check_duplicates`` a document whose doc_id was seen before is moved to the
    skipped table (``duplicate``; the first one is kept).  Turn it off only for archives
    whose ids are known to be unique: the sums count a doc_id once (``n_documents``, and
    ``n_tokens`` when summed over categories), so repeated ids would skew them.
    """
    check_int(batch_size, "batch_size", minimum=1)
    batches = _dispatch(source, batch_size, text_column, id_column, encoding)
    return _without_duplicates(batches) if check_duplicates else batches


def _without_duplicates(batches: Iterator[Batch]) -> Iterator[Batch]:
    seen: set[str] = set()
    for batch in batches:
        docs = batch.documents
        ids = docs["doc_id"].tolist()
        dup = []
        for i, doc_id in enumerate(ids):
            if doc_id in seen:
                dup.append(i)
            else:
                seen.add(doc_id)
        if not dup:
            yield batch
            continue
        gone = docs.iloc[dup]
        rows = [
            (s, ln, d, "duplicate", "doc_id already read earlier in the archive; the first is kept")
            for s, ln, d in zip(gone["source"], gone["line"], gone["doc_id"], strict=True)
        ]
        skipped = pd.concat([batch.skipped, _skipped_frame(rows)], ignore_index=True)
        keep = docs.drop(index=docs.index[dup]).reset_index(drop=True)
        yield Batch(keep, skipped, batch.n_bytes)


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2] + ".gz"
    return path.suffix.lower()


def _dispatch(source, batch_size, text_column, id_column, encoding) -> Iterator[Batch]:
    if isinstance(source, pd.DataFrame):
        return read_frame(source, batch_size=batch_size)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise CorpusError(
                f"archive path {path} does not exist (give a folder of .txt files, or a .jsonl, .csv, .tsv "
                f"(optionally .gz) or .parquet file)"
            )
        if path.is_dir():
            return read_folder(path, batch_size=batch_size, encoding=encoding)
        kind = _suffix(path)
        if kind in _JSONL or kind in tuple(s + ".gz" for s in _JSONL):
            return read_jsonl(
                path, batch_size=batch_size, text_column=text_column, id_column=id_column, encoding=encoding
            )
        if kind.removesuffix(".gz") in _DELIMITED:
            return read_delimited(
                path, batch_size=batch_size, text_column=text_column, id_column=id_column, encoding=encoding
            )
        if kind == ".parquet":
            return read_parquet(path, batch_size=batch_size, text_column=text_column, id_column=id_column)
        raise CorpusError(
            f"cannot stream {path}: unknown format {kind or '(no suffix)'!r}; expected a folder of .txt files "
            f"or a file ending in .jsonl, .ndjson, .csv, .tsv (each optionally .gz) or .parquet"
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
                f"source yielded a {type(b).__name__}; an iterable source must yield framing.scale.stream.Batch"
            )
        yield b


# --------------------------------------------------------------------------------------
# Scoring one batch (in a worker or in this process)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    lexicon: Lexicon
    scorer: object
    rules: tuple
    by: tuple
    freq: str | None
    keep_docs: bool


@dataclass
class _Part:
    """What scoring one batch gives back: sums, optional document scores, skipped rows, counts."""

    sums: pd.DataFrame | None
    doc_scores: pd.DataFrame | None
    skipped: list = field(default_factory=list)
    scored: int = 0
    tokens: int = 0
    hits: int = 0


def _score_part(config: _Config, docs: pd.DataFrame) -> _Part:
    if docs.empty:
        return _Part(None, None)
    texts = docs["text"].tolist()
    if config.rules:
        texts = [clean_text(t, config.rules)[0] for t in texts]
    pairs = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), "text": texts})
    skipped = []
    try:
        table = config.scorer(pairs, config.lexicon)
    except Exception:
        # find the document(s) the scorer cannot take, score the others
        pieces = []
        for i in range(len(pairs)):
            try:
                pieces.append(_checked_scores(config.scorer(pairs.iloc[i : i + 1], config.lexicon)))
            except ArchiveError:
                raise
            except Exception as exc:
                row = docs.iloc[i]
                skipped.append(
                    (
                        row["source"],
                        int(row["line"]),
                        row["doc_id"],
                        "scorer_error",
                        f"scorer raised {type(exc).__name__}: {exc}",
                    )
                )
        table = pd.concat(pieces, ignore_index=True) if pieces else None
    if table is None:
        return _Part(None, None, skipped)
    table = _checked_scores(table)
    position = pd.Series(range(len(docs)), index=docs["doc_id"].to_numpy())
    order = table["doc_id"].map(position[~position.index.duplicated()]).to_numpy()
    table = table.iloc[pd.Series(order).sort_values(kind="stable").index].reset_index(drop=True)  # source order
    table = timeline.with_metadata(table, docs)
    sums = timeline.sums(table, by=config.by, freq=config.freq)
    per_doc = table.drop_duplicates("doc_id")
    return _Part(
        sums,
        table if config.keep_docs else None,
        skipped,
        scored=len(docs) - len(skipped),
        tokens=int(per_doc["n_tokens"].sum()),
        hits=int(table["count"].sum()),
    )


def _checked_scores(table) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame) or any(
        c not in table.columns for c in ("doc_id", "category", "count", "n_tokens")
    ):
        got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
        raise ArchiveError(
            f"scorer must return a DataFrame with columns doc_id, category, count, n_tokens "
            f"(as framing.score.score_stream does); it returned {got}"
        )
    return table[["doc_id", "category", "count", "n_tokens"]]


def _merge(parts: list[_Part], by) -> _Part:
    out = _Part(None, None)
    for p in parts:
        if p.sums is not None:
            out.sums = p.sums if out.sums is None else timeline.add_sums(out.sums, p.sums, list(by))
        if p.doc_scores is not None:
            out.doc_scores = (
                p.doc_scores if out.doc_scores is None else pd.concat([out.doc_scores, p.doc_scores], ignore_index=True)
            )
        out.skipped.extend(p.skipped)
        out.scored += p.scored
        out.tokens += p.tokens
        out.hits += p.hits
    return out


_WORKER_CONFIG: _Config | None = None


def _init_worker(config: _Config) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config


def _work(docs: pd.DataFrame) -> _Part:
    return _score_part(_WORKER_CONFIG, docs)


def _child(conn, config: _Config, docs: pd.DataFrame) -> None:
    try:
        conn.send(("ok", _score_part(config, docs)))
    except BaseException as exc:  # report to the parent, which re-raises
        conn.send(("error", exc))
    finally:
        conn.close()


def _run_alone(config: _Config, docs: pd.DataFrame) -> tuple[_Part | None, int | None]:
    """Score ``docs`` in a fresh process: (part, None), or (None, exit code) when the process dies."""
    ctx = multiprocessing.get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, config, docs), daemon=True)
    proc.start()
    sender.close()
    try:
        status, value = receiver.recv()
    except EOFError:
        status, value = "died", None
    finally:
        receiver.close()
    proc.join()
    if status == "died":
        return None, proc.exitcode
    if status == "error":
        raise value
    return value, None


def _died(code) -> str:
    if code is not None and code < 0:
        return f"worker died (exit code {code}: killed by signal {-code})"
    return f"worker died (exit code {code})"


def _rescue(config: _Config, docs: pd.DataFrame) -> _Part:
    """Score ``docs`` whose worker died: in a fresh process, halving until the document that kills it is alone."""
    part, code = _run_alone(config, docs)
    if part is not None:
        return part
    if len(docs) == 1:
        row = docs.iloc[0]
        return _Part(None, None, [(row["source"], int(row["line"]), row["doc_id"], "worker_died", _died(code))])
    mid = len(docs) // 2
    return _merge([_rescue(config, docs.iloc[:mid]), _rescue(config, docs.iloc[mid:])], config.by)


def _in_process(batches: Iterator[Batch], config: _Config) -> Iterator[tuple[Batch, _Part]]:
    for batch in batches:
        yield batch, _score_part(config, batch.documents)


def _in_pool(batches: Iterator[Batch], config: _Config, n_jobs: int) -> Iterator[tuple[Batch, _Part]]:
    """Score in ``n_jobs`` processes, at most ``2 * n_jobs`` batches in flight, results in batch order.

    When a worker dies (BrokenProcessPool) the batches not yet back are scored again one
    by one in fresh processes (:func:`_rescue`), then a new pool takes over.
    """
    pending: deque = deque()
    pool = ProcessPoolExecutor(n_jobs, initializer=_init_worker, initargs=(config,))
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < 2 * n_jobs:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                try:
                    future = pool.submit(_work, batch.documents)
                except BrokenProcessPool:
                    future = None
                pending.append((batch, future))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool("pool broken before submission")
                part = future.result()
            except BrokenProcessPool:
                stuck = [(batch, future), *pending]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for b, f in stuck:
                    done = f is not None and f.done() and not f.cancelled() and f.exception() is None
                    yield b, (f.result() if done else _rescue(config, b.documents))
                pool = ProcessPoolExecutor(n_jobs, initializer=_init_worker, initargs=(config,))
                continue
            yield batch, part
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------------------
# score_archive
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveResult:
    """What :func:`score_archive` gives back.

    ``rates``: one row per group of ``by`` (plus ``period`` with ``freq``), columns
    ``by`` + :data:`framing.timeline.SUMS` + ``per_1k`` (:func:`framing.timeline.finish`),
    sorted by the group columns.  ``skipped``: :data:`SKIPPED`, sorted by source, line,
    doc_id, kind.  ``totals``: :data:`TOTALS` → int.
    """

    rates: pd.DataFrame
    skipped: pd.DataFrame
    totals: dict
    freq: str | None = None

    def over_time(self) -> pd.DataFrame:
        """The over-time table of :func:`framing.timeline.rates_over_time` from these sums.

        Needs a run with ``freq`` and ``by`` = outlet, period [, category].  Periods without
        documents are filled with zeros; documents undated at ``freq`` (period ``""``) are
        left out and counted in ``attrs["undated_documents"]`` (their ids are not kept at
        archive scale: write ``doc_scores_path`` to find them).
        """
        keys = [c for c in self.rates.columns if c not in (*timeline.SUMS, "per_1k")]
        if self.freq is None or keys not in (["outlet", "period"], ["outlet", "period", "category"]):
            raise ValueError(
                "over_time() needs score_archive(..., by=('outlet', 'period'[, 'category']), freq='week'|'month'|"
                f"'year'); this result has by={tuple(keys)} and freq={self.freq!r}"
            )
        dated = self.rates["period"] != ""
        table = timeline.rates_from_sums(self.rates.loc[dated, [*keys, *timeline.SUMS]], freq=self.freq)
        table.attrs["undated_documents"] = int(self.rates.loc[~dated].drop_duplicates("outlet")["n_documents"].sum())
        return table

    def caption(self, label: str) -> str:
        """A figure caption in the report's form: ``Corpus: LABEL · N documents · K outlets`` (scored ones)."""
        outlets = self.rates["outlet"].nunique() if "outlet" in self.rates.columns else 0
        return f"Corpus: {label} \u00b7 {self.totals['scored']} documents \u00b7 {outlets} outlets"

    def __repr__(self) -> str:
        t = self.totals
        return (
            f"ArchiveResult({t['scored']} of {t['records']} records scored, {t['skipped']} skipped, "
            f"{t['tokens']} tokens, {t['hits']} hits, {len(self.rates)} rate rows)"
        )


def _group_columns(by, freq) -> tuple:
    if isinstance(by, str):
        by = (by,)
    by = tuple(by)
    allowed = ("outlet", "category", "date", "doc_id", "period")
    bad = [b for b in by if b not in allowed]
    if bad or len(set(by)) != len(by):
        raise ValueError(f"by must be distinct names among {', '.join(allowed)}, not {by!r}")
    if "period" in by and freq is None:
        raise ValueError("by names 'period' but freq is None; pass freq='week', 'month' or 'year'")
    if freq is not None and "period" not in by:
        at = by.index("outlet") + 1 if "outlet" in by else 0
        by = (*by[:at], "period", *by[at:])
    return by


def score_archive(
    source,
    lexicon: Lexicon | None = None,
    *,
    by=("outlet", "category"),
    freq: str | None = None,
    n_jobs: int = 1,
    batch_size: int = 1000,
    progress: bool | None = None,
    doc_scores_path=None,
    scorer=None,
    clean: bool = False,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding: str = "utf-8",
    check_duplicates: bool = True,
) -> ArchiveResult:
    """Score an archive batch by batch and sum as it goes; returns an :class:`ArchiveResult`.

    ``source``: see :func:`iter_batches`.  ``lexicon``: default the built-in one.
    ``by``: group columns among outlet, category, date, doc_id, period; with ``freq``
    (``"week"``, ``"month"``, ``"year"``: :func:`framing.timeline.period_of` of the date)
    a ``period`` column follows ``outlet``; documents whose date cannot be placed at
    ``freq`` fall in period ``""``.  Sums are integer sums (``count`` hits, ``n_tokens``,
    ``n_documents``) and ``per_1k = 1000 * count / n_tokens``, so any batch size and any
    ``n_jobs`` give identical tables.

    ``n_jobs``: processes (``-1``: every core); ``1`` scores in this process.  With
    ``n_jobs > 1`` a worker that dies costs only the documents that kill it (reported as
    ``worker_died`` with the exit code).  ``batch_size``: documents per batch.
    ``progress``: a tqdm bar (bytes for files and folders, documents otherwise); ``None``
    shows it only when stderr is a terminal.  ``doc_scores_path``: write the document
    scores (:data:`framing.timeline.DOC_SCORES`) to this CSV as batches come, in source
    order.  ``scorer``: a picklable top-level function ``(documents, lexicon) -> table``
    with doc_id, category, count, n_tokens per document × category (default
    :func:`framing.score.score_stream`).  ``clean``: apply load_corpus's cleaning (see the
    module docstring).  ``text_column`` / ``id_column`` / ``encoding``: of table sources.
    """
    if lexicon is None:
        lexicon = load_lexicon()
    elif not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (from framing.load_lexicon) or None, not {type(lexicon).__name__}")
    if freq is not None and freq not in timeline.FREQS:
        raise ValueError(f"freq must be None or one of {', '.join(timeline.FREQS)}, not {freq!r}")
    by = _group_columns(by, freq)
    if not (type(n_jobs) is int and n_jobs == -1):
        check_int(n_jobs, "n_jobs", minimum=1, what="number of processes, or -1 for every core")
    if n_jobs == -1:
        n_jobs = os.cpu_count() or 1
    check_int(batch_size, "batch_size", minimum=1)
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None (on when stderr is a terminal), not {progress!r}")
    if scorer is None:
        from framing.score import score_stream

        scorer = score_stream
    elif not callable(scorer):
        raise TypeError(f"scorer must be a function (documents, lexicon) -> document scores, not {scorer!r}")
    rules: tuple = ()
    if clean:
        from framing.corpus import load_rules

        rules = tuple(load_rules())
    compile_lexicon(lexicon)  # build the matcher once, before workers are forked
    config = _Config(lexicon, scorer, rules, by, freq, doc_scores_path is not None)
    batches = iter_batches(
        source,
        batch_size=batch_size,
        text_column=text_column,
        id_column=id_column,
        encoding=encoding,
        check_duplicates=check_duplicates,
    )
    total, unit = _progress_total(source)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        bar = _progress_bar()(total=total, unit=unit, unit_scale=True, desc="scoring", dynamic_ncols=True)
    runner = _in_process(batches, config) if n_jobs == 1 else _in_pool(batches, config, n_jobs)
    sums = None
    skipped_frames: list[pd.DataFrame] = []
    totals = dict.fromkeys(TOTALS, 0)
    out = open(doc_scores_path, "w", encoding="utf-8", newline="") if doc_scores_path is not None else None  # noqa: SIM115
    header = True
    try:
        for batch, part in runner:
            if part.sums is not None:
                sums = part.sums if sums is None else timeline.add_sums(sums, part.sums, by)
            if out is not None and part.doc_scores is not None:
                part.doc_scores[list(timeline.DOC_SCORES)].to_csv(out, header=header, index=False, lineterminator="\n")
                header = False
            if len(batch.skipped):
                skipped_frames.append(batch.skipped)
            if part.skipped:
                skipped_frames.append(_skipped_frame(part.skipped))
            totals["records"] += batch.n_records
            totals["scored"] += part.scored
            totals["skipped"] += len(batch.skipped) + len(part.skipped)
            totals["tokens"] += part.tokens
            totals["hits"] += part.hits
            totals["bytes"] += batch.n_bytes
            totals["batches"] += 1
            if bar is not None:
                bar.update(batch.n_bytes if unit == "B" else batch.n_records)
                bar.set_postfix(scored=totals["scored"], skipped=totals["skipped"], refresh=False)
    finally:
        if bar is not None:
            bar.close()
        if out is not None:
            if header:
                pd.DataFrame(columns=list(timeline.DOC_SCORES)).to_csv(out, index=False, lineterminator="\n")
            out.close()
    if sums is None:
        sums = timeline.sums(pd.DataFrame(columns=list(timeline.DOC_SCORES)), by=by, freq=freq)
    rates = timeline.finish(sums.sort_values(list(by), kind="stable").reset_index(drop=True))
    skipped = pd.concat(skipped_frames, ignore_index=True) if skipped_frames else _skipped_frame([])
    skipped = skipped.sort_values(["source", "line", "doc_id", "kind"], kind="stable").reset_index(drop=True)
    return ArchiveResult(rates, skipped, totals, freq)


def _progress_bar():
    """tqdm's notebook bar when ipywidgets is installed, else its text bar (no IProgress warning)."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


def _progress_total(source) -> tuple[int | None, str]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            with os.scandir(path) as entries:
                return sum(e.stat().st_size for e in entries if e.name.lower().endswith(".txt") and e.is_file()), "B"
        if path.is_file():
            return path.stat().st_size, "B"
    if isinstance(source, pd.DataFrame):
        return len(source), "doc"
    return None, "doc"


def write_jsonl_sample(folder, path, *, target_bytes: int, outlets=("A", "B", "C")) -> dict:
    """Write a JSONL archive of about ``target_bytes`` from the ``.txt`` files of ``folder`` (for benchmarks).

    The files are cycled in name order; record ``i`` gets doc_id ``d<i>``, outlet
    ``outlets[i % len(outlets)]`` and a date in 2020 (month ``i % 12 + 1``).  Returns
    ``{"records": n, "bytes": size}``.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    if not texts:
        raise ValueError(f"folder {folder} holds no .txt files")
    n = 0
    size = 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target_bytes:
            record = {
                "doc_id": f"d{n:07d}",
                "outlet": outlets[n % len(outlets)],
                "date": f"2020-{n % 12 + 1:02d}-15",
                "text": texts[n % len(texts)],
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return {"records": n, "bytes": size}


def measure_memory(path, **kwargs) -> dict:
    """Peak Python memory (tracemalloc) of :func:`score_archive` on ``path``, in bytes, with its totals.

    ``kwargs`` go to :func:`score_archive` (``n_jobs=1`` by default: tracemalloc sees only
    this process).  Returns ``{"peak_bytes": ..., **totals}``.
    """
    import tracemalloc

    kwargs.setdefault("n_jobs", 1)
    kwargs.setdefault("progress", False)
    lexicon = kwargs.pop("lexicon", None) or load_lexicon()
    compile_lexicon(lexicon)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = score_archive(path, lexicon, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"peak_bytes": peak, **result.totals}


__all__ = [
    "BATCH",
    "SKIPPED",
    "SKIP_KINDS",
    "TOTALS",
    "ArchiveError",
    "ArchiveResult",
    "Batch",
    "iter_batches",
    "list_folder",
    "measure_memory",
    "read_delimited",
    "read_folder",
    "read_frame",
    "read_jsonl",
    "read_parquet",
    "score_archive",
    "write_jsonl_sample",
]
