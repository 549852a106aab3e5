"""framing: computational framing analysis of news.

The top-level namespace holds the calls a user types most; everything else lives in
its stage module (``framing.corpus``, ``framing.text``, ``framing.lexicon``,
``framing.score``, ``framing.voice``, ``framing.sentiment``, ``framing.actors``, ``framing.learned``,
``framing.wordshift``, ``framing.contrast``, ``framing.paired``, ``framing.timeline``, ``framing.report.figures``);
archives larger than memory go through ``framing.scale.stream`` (processes) or ``framing.scale.dask``.

The names are imported when first used (PEP 562), so that a process that needs one stage
(a Dask worker scoring a partition) does not import them all (``framing.contrast`` alone
brings scipy and scikit-learn).
"""

from importlib import import_module

# Two functions share their name with a stage module (framing.sentiment, framing.sentences):
# importing such a module sets the package attribute to the module, so these two are bound
# here, after their modules are loaded (both are light: no scipy, scikit-learn or matplotlib).
from framing.sentiment import sentiment as sentiment
from framing.text import sentences as sentences

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_HOME = {
    "compare_groups": "framing.contrast",
    "fightin_words": "framing.contrast",
    "keyness": "framing.contrast",
    "Corpus": "framing.corpus",
    "CorpusError": "framing.corpus",
    "load_corpus": "framing.corpus",
    "weighted_hits": "framing.learned",
    "weighted_scores": "framing.learned",
    "Lexicon": "framing.lexicon",
    "LexiconError": "framing.lexicon",
    "load_lexicon": "framing.lexicon",
    "paired_comparison": "framing.paired",
    "pick_documents": "framing.report.display",
    "show": "framing.report.display",
    "Results": "framing.report.results",
    "open_results": "framing.report.results",
    "hits": "framing.score",
    "kwic": "framing.score",
    "scores": "framing.score",
    "sentiment": "framing.sentiment",
    "sentences": "framing.text",
    "tokens": "framing.text",
    "label_spans": "framing.voice",
    "quotes": "framing.voice",
    "sentence_voice": "framing.voice",
}

__all__ = [*_HOME, "__version__"]

def __getattr__(name: str):
    if name in _HOME:
        value = getattr(import_module(_HOME[name]), name)
    else:  # a stage module used as an attribute: framing.text, framing.sentiment, ...
        try:
            value = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *__all__})
