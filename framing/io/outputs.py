"""Output files: checked before any work, written under a temporary name and renamed at the end.

:func:`check_output` says why a path cannot be written (missing or read-only folder, a
folder in its place) so that a command fails before it reads anything; :func:`atomic_open`
writes ``.NAME.PID.tmp`` in the same folder and renames it onto ``NAME`` only when the
writing finished (``os.replace``, atomic on one file system): Ctrl-C, a crash or a
concurrent job never leaves a half or mixed file, and the last job to finish wins whole.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


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


def write_csv(frame, path) -> None:
    """``frame.to_csv(path, index=False)`` with ``\\n`` line ends, through :func:`atomic_open`."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        frame.to_csv(fh, index=False, lineterminator="\n")
