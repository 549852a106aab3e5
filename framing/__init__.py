"""framing: computational framing analysis of news.

The top-level namespace holds the calls a user types most; everything else lives in
its stage module (``framing.corpus``, ``framing.text``, ...).
"""

from framing.corpus import Corpus, CorpusError, load_corpus
from framing.text import sentences, tokens

__version__ = "0.1.0"

__all__ = ["Corpus", "CorpusError", "load_corpus", "sentences", "tokens", "__version__"]
