"""The optional compiled engine: whether numba kernels are used.

``pip install 'framing[fast]'`` adds numba; the batch paths then find key occurrences
(:mod:`framing._trie`) and sentence boundaries (:mod:`framing._sentences_jit`) with
compiled loops instead of numpy passes and Python calls.  Results are identical either
way (the tests run both).  Set the environment variable ``FRAMING_NUMBA=0`` to keep the
pure numpy path with numba installed.
"""

from __future__ import annotations

import os
from functools import lru_cache

__all__ = ["available", "enabled"]


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether numba can be imported."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


#: Batches smaller than this (characters) keep the numpy path: loading the compiled kernels
#: costs about 0.5 s per process (30 s or so the first time, when numba compiles them), which
#: only large inputs repay (they save about 0.1-0.2 s per 10 MB; benchmarks/README.md).
MIN_CHARS = 500_000


def enabled(n_chars: int | None = None) -> bool:
    """Whether the batch paths use the numba kernels for a batch of ``n_chars`` characters.

    Yes when numba is installed, ``FRAMING_NUMBA`` is not ``0``, and the batch has at least
    :data:`MIN_CHARS` characters (``n_chars=None``: any size).  ``FRAMING_NUMBA=1`` with no
    size rule is not offered: the results are the same either way, only the time differs.
    """
    if not available() or os.environ.get("FRAMING_NUMBA", "1") == "0":
        return False
    return n_chars is None or n_chars >= MIN_CHARS
