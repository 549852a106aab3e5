"""A batch of documents read, and the accumulator every reader fills (:class:`Rows`)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import pandas as pd

from framing.groups import is_container, is_list
from framing.io.meta import CorpusError

#: Columns of a batch's documents table.  ``text``: as read, front matter cut.  ``source``:
#: the file read; ``line``: the JSONL line (from 1), the CSV/TSV/Parquet/DataFrame data row
#: (from 1, header not counted), or -1 for a file of a folder.
BATCH = ("doc_id", "outlet", "date", "text", "source", "line")

#: Columns of the skipped table, one row per record not read.  ``line`` as in :data:`BATCH`
#: (for an unparseable CSV row: pandas' file line, header = line 1; for metadata.csv its
#: line; -1 when none applies); ``doc_id`` is ``""`` when it could not be recovered.
SKIPPED = ("source", "line", "doc_id", "kind", "reason")

SKIP_KINDS = ("corrupt", "no_text", "duplicate", "missing_file", "unreadable", "scorer_error", "worker_died",
              "too_large", "refused")

#: Longest text (characters) a record may hold: ``max_document_chars`` of :func:`framing.io.iter_batches`,
#: :func:`framing.load_corpus` and :func:`framing.scale.stream.score_archive`.  Scoring takes several
#: times a text's size in memory; a longer record is an error (strict) or skipped (``too_large``).
MAX_DOCUMENT_CHARS = 50_000_000


@dataclass(frozen=True)
class Batch:
    """Up to ``batch_size`` documents (columns :data:`BATCH`) and the records skipped while reading them.

    ``skipped``: :data:`SKIPPED` rows.  ``n_bytes``: bytes of the source consumed for this
    batch (0 for in-memory sources).  ``notes``: ``(doc_id, source, issue, detail)`` tuples.
    ``extra`` (``strict`` reads only): one dict per document: ``meta`` (its other metadata
    columns), ``front`` (the front matter cut from the text), ``location`` (file, or ``file,
    row N``) and ``sha256`` (of the bytes read).
    """

    documents: pd.DataFrame
    skipped: pd.DataFrame
    n_bytes: int = 0
    notes: tuple = ()
    extra: tuple | None = None

    @property
    def n_records(self) -> int:
        """Documents plus skipped records."""
        return len(self.documents) + len(self.skipped)


def skipped_frame(rows: list[tuple]) -> pd.DataFrame:
    """A :data:`SKIPPED` table of ``rows``."""
    frame = pd.DataFrame(rows, columns=list(SKIPPED))
    return frame.astype({"source": object, "line": "int64", "doc_id": object, "kind": object, "reason": object})


#: Lone surrogates: JSON may spell them (``"\\ud800"``), no encoding can write them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogates(text: str) -> int:
    """How many lone surrogates ``text`` holds (UTF-8 refuses only them: one C pass, not a regex scan)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return len(_SURROGATE.findall(text))
    return 0


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _str(value) -> str:
    """A metadata value as a stripped string; a list or mapping (JSON, a Parquet list, YAML front matter) as its
    JSON text (``["a", "b"]``), never Python's text of it: :mod:`framing.groups` refuses it as a group."""
    if is_container(value):
        if isinstance(value, set | frozenset):
            value = sorted(value, key=str)
        return json.dumps(value.tolist() if hasattr(value, "tolist") else value, ensure_ascii=False, default=str)
    return "" if _missing(value) else str(value).strip()


class Rows:
    """Documents, skipped records and notes of one batch, under the rules of the module docstring."""

    def __init__(self, strict: bool, unit: str | None = None, id_column: str = "doc_id", keep=()):
        self.strict, self.unit, self.id_column, self.keep = strict, unit, id_column, tuple(keep)
        self.rows, self.skipped, self.notes, self.extra = [], [], [], []

    def where(self, source: str, line: int) -> str:
        return f"{source}, {self.unit} {line}" if self.unit and line > 0 else source

    def add(self, doc_id, text, outlet, date, source: str, line: int, meta=None, data: bytes | None = None,
            front: str = "") -> None:  # fmt: skip
        doc_id = _str(doc_id)
        if not doc_id:
            self.problem(source, line, "", "corrupt", f"empty {self.id_column}")
            return
        if _missing(text):
            if not self.strict:
                self.skipped.append((source, line, doc_id, "no_text", "no text to score"))
                return
            self.notes.append((doc_id, self.where(source, line), "missing_text",
                               "text is missing; loaded as an empty document"))  # fmt: skip
            text = ""
        if not isinstance(text, str):
            self.problem(source, line, doc_id, "corrupt", f"text is a {type(text).__name__}, not a string")
            return
        if not text.isascii() and (n := _surrogates(text)):
            text = _SURROGATE.sub("\ufffd", text)
            self.notes.append((doc_id, self.where(source, line), "surrogates_replaced",
                               f"{n} lone surrogate(s) (such as \\ud800 in JSON), which no encoding can write, "
                               f"replaced by U+FFFD"))  # fmt: skip
        if not self.strict and not text.strip():
            self.skipped.append((source, line, doc_id, "no_text", "no text to score"))
            return
        listed = [k for k in self.keep if is_list((meta or {}).get(k))]
        if listed:  # a group column (an archive's by or keep) with a list: no group of its own (framing.groups)
            self.problem(source, line, doc_id, "corrupt", f"{listed[0]} is a list ({_str(meta[listed[0]])[:60]}), "
                         f"not one value; a group is one value per record")
            return
        self.rows.append((doc_id, _str(outlet) or "unknown", _str(date), text, source, line,
                          *(_str((meta or {}).get(k)) for k in self.keep)))  # keep: "" when a record lacks one
        if self.strict:
            raw = data if data is not None else (front + text).encode("utf-8")
            self.extra.append({"meta": {str(k): _str(v) for k, v in (meta or {}).items()}, "front": front,
                               "location": self.where(source, line), "sha256": hashlib.sha256(raw).hexdigest()})

    def problem(self, source: str, line: int, doc_id, kind: str, reason: str, message: str | None = None) -> None:
        """A bad record: :class:`CorpusError` when strict, else a skipped row."""
        if self.strict:
            raise CorpusError(message or f"{self.where(source, line)}: {reason}")
        self.skipped.append((source, line, _str(doc_id), kind, reason))

    def take(self, n_bytes: int) -> Batch:
        # object columns: no copy of the texts into Arrow strings (pandas 3 infers them otherwise)
        docs = pd.DataFrame(self.rows, columns=[*BATCH, *self.keep], dtype=object).astype({"line": "int64"})
        batch = Batch(docs, skipped_frame(self.skipped), int(n_bytes), tuple(self.notes),
                      tuple(self.extra) if self.strict else None)  # fmt: skip
        self.rows, self.skipped, self.notes, self.extra = [], [], [], []
        return batch


def within_size(batches, strict: bool, max_chars: int):
    """``batches`` without the documents longer than ``max_chars`` characters: a :class:`CorpusError`
    when ``strict``, else a ``too_large`` skipped row each."""
    for batch in batches:
        docs = batch.documents
        size = docs["text"].map(len) if len(docs) else docs["text"]
        big = (size > max_chars).to_numpy(dtype=bool) if len(docs) else []
        if not any(big):
            yield batch
            continue
        rows = []
        for (_, d), n in zip(docs[big].iterrows(), size[big], strict=True):
            where = f"{d['source']}, line {d['line']}" if d["line"] > 0 else d["source"]
            reason = (f"text of {n:,} characters is longer than max_document_chars={max_chars:,}; "
                      f"raise the limit to read it (scoring needs several times its size in memory)")
            if strict:
                raise CorpusError(f"{where}: doc_id {d['doc_id']!r}: {reason}")
            rows.append((d["source"], int(d["line"]), d["doc_id"], "too_large", reason))
        keep = ~pd.Series(big, index=docs.index)
        extra = tuple(e for e, k in zip(batch.extra, keep, strict=True) if k) if batch.extra is not None else None
        yield Batch(docs[keep].reset_index(drop=True), pd.concat([batch.skipped, skipped_frame(rows)],
                    ignore_index=True), batch.n_bytes, batch.notes, extra)
