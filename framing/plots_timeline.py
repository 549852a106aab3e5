"""Moved to :mod:`framing.report.plots_timeline`; this name is kept for old imports and will be removed."""

import warnings

warnings.warn("framing.plots_timeline moved to framing.report.plots_timeline: import it from there",
              DeprecationWarning, stacklevel=2)

from framing.report.plots_timeline import *  # noqa: E402,F401,F403
