"""framing: computational framing analysis of news.

The top-level namespace holds the calls a user types most; everything else lives in
its stage module (``framing.corpus``, ``framing.text``, ``framing.lexicon``,
``framing.score``, ``framing.voice``, ``framing.sentiment``, ``framing.actors``, ``framing.learned``,
``framing.wordshift``, ``framing.contrast``, ``framing.paired``, ``framing.timeline``, ``framing.report.figures``);
archives larger than memory go through ``framing.scale.stream`` (processes) or ``framing.scale.dask``.
"""

from framing.contrast import compare_groups, fightin_words, keyness
from framing.corpus import Corpus, CorpusError, load_corpus
from framing.learned import weighted_hits, weighted_scores
from framing.lexicon import Lexicon, LexiconError, load_lexicon
from framing.paired import paired_comparison
from framing.report.display import pick_documents, show
from framing.report.results import Results, open_results
from framing.score import hits, kwic, scores
from framing.sentiment import sentiment
from framing.text import sentences, tokens
from framing.voice import label_spans, quotes, sentence_voice

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "CorpusError",
    "Lexicon",
    "LexiconError",
    "compare_groups",
    "Results",
    "fightin_words",
    "hits",
    "keyness",
    "kwic",
    "label_spans",
    "load_corpus",
    "load_lexicon",
    "paired_comparison",
    "open_results",
    "quotes",
    "scores",
    "sentence_voice",
    "sentences",
    "sentiment",
    "pick_documents",
    "show",
    "tokens",
    "weighted_hits",
    "weighted_scores",
    "__version__",
]
