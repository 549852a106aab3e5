"""Keep glibc's heap between batches while a batch path runs (fewer page faults).

Each batch of :func:`framing.score.iter_hits`, :func:`~framing.score.iter_hit_spans` and
:func:`~framing.score.score_stream` allocates temporaries of about 20 bytes per character
(the joined text, its code points, the haystack, candidate arrays: 6-12 MB for a batch of
600,000 characters) and frees them when the batch ends.  glibc's ``free`` then hands the top
of the heap back to the system, and the next batch touches fresh pages: 10,000-25,000 minor
page faults per 10 MB of text in a process's first pass (glibc's own thresholds rise later).
On the project's virtual machine, one pass over 50 MB took 16 % less time with the heap kept
(``benchmarks/README.md``).

While at least one batch path runs, :func:`kept_heap` asks glibc to keep :data:`PAD_BYTES`
spare at the top of its heap (``mallopt(M_TOP_PAD, …)``, the setting of the environment
variable ``MALLOC_TOP_PAD_``; see the ``mallopt(3)`` manual page), and when the last one ends
it sets back the value in force before: ``MALLOC_TOP_PAD_`` or ``glibc.malloc.top_pad`` in
``GLIBC_TUNABLES`` if given, else glibc's default of 128 KiB.  The process then holds at
most :data:`PAD_BYTES` more resident memory while matching, and nothing more after it.

One lasting effect: a ``mallopt`` call ends glibc's dynamic adjustment of its mmap threshold,
which would then stay wherever it was (often a few MB, below the size of a batch's largest
arrays, which would then be mapped and faulted in anew each batch).  So the first use also
sets the threshold, once, to :data:`MMAP_THRESHOLD` (32 MiB, the highest value glibc's own
adjustment reaches on 64-bit systems), unless ``MALLOC_MMAP_THRESHOLD_`` or
``glibc.malloc.mmap_threshold`` sets it.  Allocations under 32 MiB then come from the heap,
as they do in any long-running glibc process after it has freed one such block.

Nothing is done on other C libraries (macOS, musl, Windows) or with ``FRAMING_KEEP_HEAP=0``
in the environment.  Results never depend on it, only the time.
"""

from __future__ import annotations

import ctypes
import os
import threading
from contextlib import contextmanager
from functools import lru_cache

__all__ = ["PAD_BYTES", "kept_heap", "active"]

#: Spare bytes kept at the top of the heap while matching: room for the largest batch's
#: temporaries (about 20 MB at 600,000 characters) and the next batch's.
PAD_BYTES = 64 << 20

#: The mmap threshold set at first use (see the module docstring).
MMAP_THRESHOLD = 32 << 20

_M_TOP_PAD, _M_MMAP_THRESHOLD = -2, -3  # from glibc's <malloc.h>
_GLIBC_DEFAULT_TOP_PAD = 128 * 1024
_threshold_set = False

_lock = threading.Lock()
_depth = 0
_restore = _GLIBC_DEFAULT_TOP_PAD  # the top pad in force when the outermost use began


@lru_cache(maxsize=1)
def _mallopt():
    """glibc's ``mallopt``, or None when the C library is not glibc."""
    try:
        libc = ctypes.CDLL(None)
    except (OSError, TypeError):  # TypeError: Windows, which needs a library name
        return None
    if not hasattr(libc, "gnu_get_libc_version"):  # glibc's own symbol; musl and macOS lack it
        return None
    fn = libc.mallopt
    fn.argtypes = (ctypes.c_int, ctypes.c_int)
    fn.restype = ctypes.c_int
    return fn


def _setting(env_name: str, tunable: str, environ=os.environ) -> str | None:
    """The value the environment gives a malloc setting: ``env_name``, else ``GLIBC_TUNABLES``."""
    value = environ.get(env_name)
    if value is None:
        for item in environ.get("GLIBC_TUNABLES", "").replace(":", " ").split():
            name, _, v = item.partition("=")
            if name == tunable:
                value = v
    return value


def _configured_top_pad(environ=os.environ) -> int:
    """The top pad the process started with: ``MALLOC_TOP_PAD_``, else the tunable, else 128 KiB."""
    value = _setting("MALLOC_TOP_PAD_", "glibc.malloc.top_pad", environ)
    try:
        return int(value, 0) if value is not None else _GLIBC_DEFAULT_TOP_PAD
    except ValueError:
        return _GLIBC_DEFAULT_TOP_PAD


def active() -> bool:
    """Whether :func:`kept_heap` changes the allocator here: glibc, and ``FRAMING_KEEP_HEAP`` not ``0``."""
    return _mallopt() is not None and os.environ.get("FRAMING_KEEP_HEAP", "1") != "0"


@contextmanager
def kept_heap():
    """While inside, glibc keeps :data:`PAD_BYTES` spare at the top of its heap (nested and threads: counted)."""
    global _depth, _threshold_set, _restore
    if not active():
        yield
        return
    fn = _mallopt()
    with _lock:
        _depth += 1
        if _depth == 1:
            if not _threshold_set and _setting("MALLOC_MMAP_THRESHOLD_", "glibc.malloc.mmap_threshold") is None:
                fn(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
            _threshold_set = True
            _restore = _configured_top_pad()
            fn(_M_TOP_PAD, max(PAD_BYTES, _restore))
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                fn(_M_TOP_PAD, _restore)
