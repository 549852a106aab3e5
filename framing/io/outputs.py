"""Output files: checked before any work, written under a temporary name and renamed at the end.

:func:`check_output` says why a path cannot be written (missing or read-only folder, a
folder in its place) so that a command fails before it reads anything; :func:`atomic_open`
writes ``.NAME.PID.tmp`` in the same folder and renames it onto ``NAME`` only when the
writing finished (``os.replace``, atomic on one file system): Ctrl-C, a crash or a
concurrent job never leaves a half or mixed file, and the last job to finish wins whole.

Every table a user gets (the report's ``tables/``, the ``-o`` / ``--hits`` / ``--tables`` ... CSVs of the
commands) is written by :func:`write_table` (or :func:`table_csv` for a table written in parts): CSV with
``\\n`` line ends, float64 columns to :data:`TABLE_DIGITS` significant digits (:func:`portable_floats`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import numpy as np
import pandas as pd


def require_writable(path, what: str = "output") -> None:
    """:func:`check_output` as a ``ValueError``; nothing when ``path`` is None."""
    if path is not None and (problem := check_output(path, what)):
        raise ValueError(problem)


def check_output(path, what: str = "output") -> str | None:
    """Why ``path`` cannot be written, as a message naming it and ``what`` it is for, or None."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"{what} {path} is a folder; give a file name"
    if folder.exists() and not folder.is_dir():
        return f"{what} {path}: {folder} is a file, not a folder"
    if not folder.is_dir():
        return f"{what} {path}: folder {folder} does not exist; create it first"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{what} {path}: folder {folder} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{what} {path} exists and is read-only"
    return None


def temp_path(path) -> Path:
    """The temporary name :func:`atomic_open` writes ``path`` under: ``.NAME.PID.tmp`` beside it."""
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def finish(tmp, path, ok: bool) -> None:
    """Rename the finished ``tmp`` onto ``path`` (``ok``), or remove it."""
    if ok:
        os.replace(tmp, path)
    else:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class AtomicFile:
    """A text file written under :func:`temp_path` (checked first: :func:`require_writable`, ``what``
    names it); ``close(ok)``: renamed onto ``path`` when ``ok``, else removed."""

    def __init__(self, path, what: str = "output", encoding: str = "utf-8", newline: str = ""):
        require_writable(path, what)
        self.path, self.tmp = path, temp_path(path)
        self.file = open(self.tmp, "w", encoding=encoding, newline=newline)  # noqa: SIM115 - closed by close()

    def write(self, text: str) -> int:
        return self.file.write(text)

    def close(self, ok: bool) -> None:
        self.file.close()
        finish(self.tmp, self.path, ok)


@contextlib.contextmanager
def atomic_open(path, mode: str = "w", **kwargs):
    """``open`` :func:`temp_path` of ``path``; renamed onto ``path`` when the block ends
    without an exception, removed otherwise."""
    tmp = temp_path(path)
    ok = False
    try:
        with open(tmp, mode, **kwargs) as fh:
            yield fh
        ok = True
    finally:
        finish(tmp, path, ok)


#: Significant digits of the floats written to the tables: the last bits of a float sum depend on the order numpy
#: adds in, which follows the CPU's vector width (AVX2, AVX-512), so 17 digits would differ from machine to machine.
TABLE_DIGITS = 12


def portable_floats(frame: pd.DataFrame, digits: int = TABLE_DIGITS) -> pd.DataFrame:
    """``frame`` with its float64 columns rounded to ``digits`` significant digits (NaN, ±inf and 0 kept).

    Two machines whose sums differ in the last bit (1 part in 10^16) write the same bytes, unless a value falls
    within that distance of a rounding boundary (about 1 in 10^4 of such values at 12 digits).  A copy; ``frame``
    itself when it has no float64 column.
    """
    cols = [c for c in frame.columns if frame[c].dtype == "float64"]
    if not cols:
        return frame
    out = frame.copy()
    for c in cols:
        values = out[c].to_numpy(dtype="float64", copy=True)
        finite = np.isfinite(values) & (values != 0)
        values[finite] = [float(f"{v:.{digits}g}") for v in values[finite].tolist()]
        out[c] = values
    return out


def table_csv(frame: pd.DataFrame, fh, header: bool = True) -> pd.DataFrame:
    """Write :func:`portable_floats` of ``frame`` as CSV (no index, ``\\n`` line ends) to the open text file ``fh``;
    the frame written."""
    frame = portable_floats(frame)
    frame.to_csv(fh, header=header, index=False, lineterminator="\n")
    return frame


def write_table(frame: pd.DataFrame, path, parquet=None) -> pd.DataFrame:
    """:func:`table_csv` of ``frame`` into ``path``, and the same rounded frame to the Parquet file ``parquet`` when
    given, each through :func:`atomic_open`; the frame written."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        frame = table_csv(frame, fh)
    if parquet is not None:
        with atomic_open(parquet, "wb") as fh:
            frame.to_parquet(fh, index=False)
    return frame
