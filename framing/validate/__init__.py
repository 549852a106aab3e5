"""Validate a lexicon against expert span annotations: precision, recall, F1, baselines.

Readers (every reader returns an :class:`Annotated`: ``documents`` with ``doc_id, text``
and ``spans`` with :data:`SPANS`, offsets into ``text``, ``end`` exclusive):

* :func:`read_ptc` — the SemEval-2020 Task 11 Propaganda Techniques Corpus layout
  (Da San Martino et al. 2019, EMNLP; 2020, SemEval): ``article<ID>.txt`` files and
  tab-separated label files ``id<TAB>technique<TAB>start<TAB>end`` (task 2) or
  ``id<TAB>start<TAB>end`` (task 1, label ``propaganda``).
* :func:`read_bias_table` — sentence tables with a ``biased_words`` list column, the BABE /
  MBIC media-bias format (Spinde et al. 2021, *Neural media bias detection using distant
  supervision with BABE*; Spinde et al. 2021, *MBIC*): each listed word is located in its
  sentence (whole word, case-insensitive, every occurrence), label ``biased``.
* :func:`read_jsonl` — one JSON object a line: ``text``, ``spans`` (objects with
  ``start``, ``end``, ``label`` or ``[start, end, label]`` lists), optional ``id``.

Scoring (:func:`evaluate`, :func:`validate`) — span-level precision and recall as in the
SemEval-2020 Task 11 span-identification literature, in two variants:

* ``overlap``: a predicted span is a true positive when it shares at least one character
  with a gold span of the chosen labels; a gold span is *found* when any prediction
  overlaps it.  Each gold span is counted once (spans with the same offsets under two
  chosen labels are one span in the micro figures).
* ``exact``: the same with "has exactly the same start and end" for "overlaps".

``precision = TP / predictions``, ``recall = found / gold``, ``F1 = 2PR / (P + R)``
(van Rijsbergen 1979).  Intervals: percentile bootstrap over articles (Efron & Tibshirani
1993), articles resampled with replacement, ``random_state`` seeds
:func:`numpy.random.default_rng`.

Layout: :mod:`~framing.validate.readers` (the formats above),
:mod:`~framing.validate.scoring` (baselines, scores, coverage),
:mod:`~framing.validate.article` (per-article gold density, Spearman with a bootstrap
interval) and :mod:`~framing.validate.full` (one run of everything: per-entry precision,
the bias-lexicon baseline, the cross-validated learned weighting); every public name is
importable from ``framing.validate``.
"""

from framing.validate.article import CORRELATIONS, DENSITY, article_correlations, gold_density, spearman
from framing.validate.full import ENTRIES, bias_lexicon_baseline, entry_precision, full_validation
from framing.validate.readers import (
    DEFAULT_LABELS,
    SPANS,
    Annotated,
    AnnotationError,
    read_annotated,
    read_bias_table,
    read_jsonl,
    read_ptc,
)
from framing.validate.scoring import (
    COVERAGE,
    MATCHES,
    RESULTS,
    VADER_THRESHOLD,
    compare,
    coverage,
    evaluate,
    random_baseline,
    summary,
    vader_baseline,
    validate,
    vocabulary,
)

__all__ = [
    "CORRELATIONS", "DENSITY", "ENTRIES", "article_correlations", "bias_lexicon_baseline", "entry_precision",
    "full_validation", "gold_density", "spearman",
    "COVERAGE", "DEFAULT_LABELS", "MATCHES", "RESULTS", "SPANS", "VADER_THRESHOLD", "Annotated", "AnnotationError",
    "compare", "coverage", "evaluate", "random_baseline", "read_annotated", "read_bias_table", "read_jsonl",
    "read_ptc", "summary", "vader_baseline", "validate", "vocabulary",
]
