"""Moved to :mod:`framing.scale.stream`; this name is kept for old imports and will be removed."""

import warnings

warnings.warn("framing.stream moved to framing.scale.stream: import it from there",
              DeprecationWarning, stacklevel=2)

from framing.scale.stream import *  # noqa: E402,F401,F403
