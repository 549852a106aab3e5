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


def enabled() -> bool:
    """Whether the batch paths use the numba kernels: numba installed and ``FRAMING_NUMBA`` not ``0``."""
    return available() and os.environ.get("FRAMING_NUMBA", "1") != "0"
