"""Every reader, in batches: the one place where a source becomes documents.

:mod:`framing.io.readers` (folders, CSV / TSV, JSONL, Parquet, DataFrames: the rules of both
load_corpus and archives), :mod:`framing.io.meta` (dates, aliases, reserved names, encodings,
the metadata table), :mod:`framing.io.dates` (the date reader), :mod:`framing.io.batch`.
"""

from framing.io.batch import BATCH, MAX_DOCUMENT_CHARS, SKIP_KINDS, SKIPPED, Batch, skipped_frame
from framing.io.dates import DATE_PROBLEMS, FIRST_YEAR, read_date
from framing.io.meta import RESERVED, CorpusError, read_aliases
from framing.io.readers import (
    iter_batches,
    list_folder,
    read_delimited,
    read_folder,
    read_frame,
    read_jsonl,
    read_metadata,
    read_parquet,
)

__all__ = [
    "BATCH", "DATE_PROBLEMS", "MAX_DOCUMENT_CHARS", "FIRST_YEAR", "RESERVED", "SKIPPED", "SKIP_KINDS", "Batch",
    "CorpusError", "iter_batches",
    "list_folder", "read_aliases", "read_date", "read_delimited", "read_folder", "read_frame", "read_jsonl",
    "read_metadata", "read_parquet", "skipped_frame",
]
