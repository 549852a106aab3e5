"""The statistics kit every stage uses: one rate rule, one argument check, intervals.

* :func:`rate` — ``per * count / n``, and **0 where ``n`` is 0** (an empty document or
  group scores zero, never NaN, never an error).  The one zero rule of the package.
* :func:`check_int` — the one validator of integer arguments (``bool`` refused), with a
  message that names the argument and says what to pass.
"""

from __future__ import annotations

import numpy as np

__all__ = ["check_int", "rate"]


def rate(count, n, per: float = 1000.0):
    """``per * count / n`` elementwise (float64), 0 where ``n`` is 0 (or less).

    ``count`` and ``n``: numbers, arrays or pandas Series (a Series in gives a Series out,
    index kept).  ``per`` 1000 gives a rate per 1,000 tokens; ``per=1`` a share.
    """
    import pandas as pd

    c = np.asarray(count, dtype="float64")
    d = np.asarray(n, dtype="float64")
    positive = d > 0
    out = per * np.divide(c, np.where(positive, d, 1.0))
    out = np.where(positive, out, 0.0)
    for x in (count, n):
        if isinstance(x, pd.Series):
            return pd.Series(out, index=x.index, dtype="float64")
    return float(out) if out.ndim == 0 else out


def check_int(value, arg: str, *, minimum: int | None = None, what: str = "integer") -> int:
    """``value`` as an ``int`` when it is an integer (not a bool) of at least ``minimum``.

    Otherwise a ``ValueError`` naming ``arg`` and what to pass, e.g. "top must be a
    positive number of speakers, not 0" (``what`` describes the number).
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or (minimum is not None and value < minimum):
        need = {None: "", 0: "non-negative ", 1: "positive "}.get(minimum, f"at least {minimum}: ")
        raise ValueError(f"{arg} must be a {need}{what}, not {value!r}")
    return int(value)
