"""Moved to :mod:`framing.report.figures`; this name is kept for old imports and will be removed."""

import warnings

warnings.warn("framing.figures moved to framing.report.figures: import it from there",
              DeprecationWarning, stacklevel=2)

from framing.report.figures import *  # noqa: E402,F401,F403
