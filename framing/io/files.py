"""Opening source files: ``.gz`` decompressed as read, and what a broken compressed stream raises."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

#: What a broken compressed stream raises (``gzip.BadGzipFile`` is an ``OSError``).
FAULTS = (EOFError, OSError, zlib.error)


def until_fault(stream, fault: list):
    """The lines of ``stream`` up to a :data:`FAULTS` error, which is put in ``fault``."""
    try:
        yield from stream
    except FAULTS as exc:
        fault.append(exc)


def fault_reason(exc: BaseException, got: str, raw) -> str:
    return (f"compressed data broken after {got} ({type(exc).__name__}: {exc}; {raw.tell():,} of "
            f"{os.fstat(raw.fileno()).st_size:,} bytes read); the records before it are kept")


def open_binary(path: Path):
    """(raw file, stream to read): the stream decompresses ``.gz``; ``raw.tell()`` is the disk position."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    if path.suffix.lower() == ".gz":
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")
    return raw, raw
