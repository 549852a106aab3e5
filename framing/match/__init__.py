"""The one matcher: a lexicon compiled once, matched over batches of texts.

``compile_lexicon(lexicon)`` gives the lexicon's :class:`Matcher` (built once per Lexicon
object and kept on it, never pickled); :func:`find` matches texts.  Modules: ``view`` (the
matching view and its offset map), ``patterns`` (what a pattern entry's expression allows),
``compile`` (key tables), ``batch`` (the matcher), ``negation`` (negators before a hit).
"""

from __future__ import annotations

import numpy as np

from framing.lexicon import Lexicon
from framing.match.batch import Matcher
from framing.match.view import BatchView, View, fast_normalize

__all__ = ["BatchView", "Matcher", "View", "compile_lexicon", "fast_normalize", "find"]


def compile_lexicon(lexicon: Lexicon) -> Matcher:
    """The :class:`Matcher` of ``lexicon``, built on first use and kept on the Lexicon object."""
    if not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (framing.lexicon.load_lexicon(...)), got {type(lexicon)}")
    cache = lexicon._compiled
    if "matcher" not in cache:
        cache["matcher"] = Matcher(lexicon)
    return cache["matcher"]


def find(texts: list[str], lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Matches of ``lexicon`` in ``texts``: arrays ``(doc, start, end, entry)``.

    ``doc`` indexes ``texts``, ``start``/``end`` are offsets in that text
    (``texts[doc][start:end]`` is the surface), ``entry`` the row of ``lexicon.table``.
    Leftmost-longest (:mod:`framing.lexicon` gives the rules); sorted by doc, start,
    longest first, entry.
    """
    doc, start, end, entry, _ = compile_lexicon(lexicon).match(list(texts))
    return doc, start, end, entry
