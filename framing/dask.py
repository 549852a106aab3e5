"""Moved to :mod:`framing.scale.dask`; this name is kept for old imports and will be removed."""

import warnings

warnings.warn("framing.dask moved to framing.scale.dask: import it from there",
              DeprecationWarning, stacklevel=2)

from framing.scale.dask import *  # noqa: E402,F401,F403
