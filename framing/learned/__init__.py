"""A learned, readable weighting of loaded words: a second measure beside the curated lexicon.

The curated lexicon (:mod:`framing.lexicon`) says which words are loaded, by category and
with a rationale.  This package adds a *weighting* learned from span annotations (the PTC
training articles, Da San Martino et al. 2019): a logistic regression (scikit-learn, L1
penalty, so most weights are exactly 0 and the table stays short) of whether a word lies
inside a ``Loaded_Language`` or ``Name_Calling,Labeling`` span, on readable features
(:data:`~framing.learned.features.FEATURES`): the word (lower case), the word before and
after it, its VADER valence and intensity (Hutto & Gilbert 2014), and whether it is inside
a quotation (:mod:`framing.voice`).  It never replaces the curated categories: its hits and
scores are separate tables with their own column names (``learned_*``).

The weights ship as a plain CSV, ``framing/data/learned_weights.csv`` (columns
:data:`~framing.learned.table.WEIGHTS`; ``#`` lines say how it was trained), which a user
can read and edit.  A word's log-odds of being loaded is the sum of the rows that apply to
it (intercept, its ``word`` row, the ``prev`` row of the word before, the ``next`` row of the
word after, valence x ``vader_valence`` + |valence| x ``vader_intensity``, ``in_quote``
inside a quotation); the word *counts* when that sum is >= 0 (probability >= 1/2).
Regenerate the file with ``python -m framing learn-weights PTC_DIR -o FILE`` (deterministic:
fixed ``random_state``, sorted features).

* :func:`train_weights` -- fit on an annotated corpus; :func:`cross_validate` -- out-of-fold
  hits and scores, articles grouped (``GroupKFold``).
* :func:`weighted_hits` -- each counted word with its weight and the components of it;
  :func:`weighted_scores` -- per document ``learned_per_1k``, ``learned_weighted_per_1k``
  (sum of hit weights per 1,000 tokens) and the same in the outlet's own voice.
* :func:`document_measures` / :func:`group_measures` -- the curated and the learned measure
  side by side, per document and per group (the report's ``measures`` tables).
* :func:`load_weights`, :func:`read_weights`, :func:`write_weights`, :func:`check_weights`
  -- the file, with clear errors naming file and line (:class:`WeightsError`).
"""

from framing.learned.features import FEATURES, NUMERIC, TOKENS, token_labels, tokens
from framing.learned.measures import MEASURES, document_measures, group_measures
from framing.learned.model import (
    LABELS,
    MIN_COUNT,
    N_FOLDS,
    WEIGHTED_HITS,
    WEIGHTED_SCORES,
    C,
    cross_validate,
    token_weights,
    train_weights,
    training_header,
    weighted_hits,
    weighted_scores,
)
from framing.learned.table import (
    INTERCEPT,
    WEIGHTS,
    WeightsError,
    check_weights,
    load_weights,
    read_weights,
    sort_weights,
    write_weights,
)

__all__ = [
    "C", "FEATURES", "INTERCEPT", "LABELS", "MEASURES", "MIN_COUNT", "NUMERIC", "N_FOLDS", "TOKENS", "WEIGHTED_HITS",
    "WEIGHTED_SCORES", "WEIGHTS", "WeightsError", "check_weights", "cross_validate", "document_measures",
    "group_measures", "load_weights", "read_weights", "sort_weights", "token_labels", "token_weights", "tokens",
    "train_weights", "training_header", "weighted_hits", "weighted_scores", "write_weights",
]
