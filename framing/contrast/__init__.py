"""Lexical contrast between groups of documents: see :mod:`framing.contrast.fightin` (being split)."""

from framing.contrast.fightin import *  # noqa: F403
