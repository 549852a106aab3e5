"""Validate a lexicon against expert span annotations: see :mod:`framing.validate.scoring` (being split)."""

from framing.validate.scoring import *  # noqa: F403
