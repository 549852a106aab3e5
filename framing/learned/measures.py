"""The two loaded-language measures side by side, per document and per group.

* **curated**: hits of the curated lexicon's loaded categories (:func:`framing.lexicon.loaded_mask`),
  every hit a listed term with its category;
* **learned**: the learned weighting (:func:`framing.learned.weighted_scores`), a second,
  separate measure.

Both are rates per 1,000 word tokens (:func:`framing.text.word_spans`), in every voice and in
the outlet's own voice (``author``, :mod:`framing.voice`), with the same denominators, so a row
reads across.  ``benchmarks/validation.md`` says which to rank articles by (the curated rate in
the outlet's own voice, with ``learned_expected_author_per_1k`` beside it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing import stats
from framing.groups import group_keys
from framing.learned.features import tokens
from framing.learned.model import WEIGHTED_SCORES, weighted_scores
from framing.lexicon import loaded_mask
from framing.schema import as_documents, require_columns

#: Columns of :func:`document_measures`: the curated columns, then the learned ones (:data:`WEIGHTED_SCORES`).
MEASURES = ("doc_id", "n_tokens", "n_tokens_author", "curated_hits", "curated_per_1k", "curated_hits_author",
            "curated_author_per_1k", *WEIGHTED_SCORES[3:])

#: Counts summed per group by :func:`group_measures`; the rates are recomputed from the sums.
_SUMS = ("n_tokens", "n_tokens_author", "curated_hits", "curated_hits_author", "learned_hits",
         "learned_hits_author")


def document_measures(corpus, hits: pd.DataFrame, *, weights=None, quotes: pd.DataFrame | None = None,
                      sentences: pd.DataFrame | None = None, words=None) -> pd.DataFrame:
    """Per document (rows in the corpus's order): columns :data:`MEASURES`.

    ``hits``: :func:`framing.score.hits` of ``corpus`` with a ``voice`` column
    (:func:`framing.voice.label_spans`); only loaded categories count.  ``curated_per_1k`` =
    1000 x curated_hits / n_tokens; ``curated_author_per_1k`` = 1000 x curated_hits_author /
    n_tokens_author (0 where the denominator is 0, :func:`framing.stats.rate`).  The learned
    columns are :func:`~framing.learned.weighted_scores`'.  ``quotes`` / ``sentences``: the
    voice layer's tables of ``corpus``, when computed already; ``words``: as :func:`~framing.learned.tokens`'.
    """
    require_columns(hits, ("doc_id", "category", "voice"), name="hits", arg="hits")
    docs = as_documents(corpus)
    toks = tokens(docs, quotes=quotes, sentences=sentences, words=words)
    learned = weighted_scores(docs, weights, toks=toks)
    loaded = hits[loaded_mask(hits["category"])]
    every = loaded.groupby("doc_id", sort=False).size()
    own = loaded[loaded["voice"] == "author"].groupby("doc_id", sort=False).size()
    ids = learned["doc_id"]
    all_hits = every.reindex(ids, fill_value=0).to_numpy(np.int64)
    own_hits = own.reindex(ids, fill_value=0).to_numpy(np.int64)
    out = learned[["doc_id", "n_tokens", "n_tokens_author"]].assign(
        curated_hits=all_hits,
        curated_per_1k=stats.rate(all_hits, learned["n_tokens"].to_numpy()),
        curated_hits_author=own_hits,
        curated_author_per_1k=stats.rate(own_hits, learned["n_tokens_author"].to_numpy()),
    )
    return pd.concat([out, learned[list(WEIGHTED_SCORES[3:])]], axis=1)[list(MEASURES)]


def group_measures(measures: pd.DataFrame, corpus, *, by="outlet") -> pd.DataFrame:
    """Per group of ``by`` (documents columns, :func:`framing.groups.group_keys`): documents, the
    summed counts, and every rate of :data:`MEASURES` recomputed from the sums (rate of the pooled
    text, not a mean of document rates).  Sorted by the group columns.
    """
    require_columns(measures, MEASURES, name="measures", arg="measures")
    docs = as_documents(corpus)
    keys = group_keys(docs, by)
    names = [c for c in keys.columns if c != "doc_id"]
    frame = measures.merge(keys, on="doc_id", how="left")
    # the learned sums of weights and of probabilities, back from their rates
    for rate, base in (("learned_weighted_per_1k", "n_tokens"), ("learned_weighted_author_per_1k", "n_tokens_author"),
                       ("learned_expected_per_1k", "n_tokens"),
                       ("learned_expected_author_per_1k", "n_tokens_author")):
        frame["_" + rate] = frame[rate] * frame[base] / 1000.0
    sums = frame.groupby(names, sort=True, dropna=False).agg(
        documents=("doc_id", "size"), **{c: (c, "sum") for c in _SUMS},
        **{"_" + r: ("_" + r, "sum") for r in ("learned_weighted_per_1k", "learned_weighted_author_per_1k",
                                               "learned_expected_per_1k", "learned_expected_author_per_1k")},
    ).reset_index()
    n, n_a = sums["n_tokens"].to_numpy(), sums["n_tokens_author"].to_numpy()
    out = sums[[*names, "documents", "n_tokens", "n_tokens_author", "curated_hits"]].assign(
        curated_per_1k=stats.rate(sums["curated_hits"].to_numpy(), n),
        curated_hits_author=sums["curated_hits_author"],
        curated_author_per_1k=stats.rate(sums["curated_hits_author"].to_numpy(), n_a),
        learned_hits=sums["learned_hits"],
        learned_per_1k=stats.rate(sums["learned_hits"].to_numpy(), n),
        learned_weighted_per_1k=stats.rate(sums["_learned_weighted_per_1k"].to_numpy(), n),
        learned_hits_author=sums["learned_hits_author"],
        learned_weighted_author_per_1k=stats.rate(sums["_learned_weighted_author_per_1k"].to_numpy(), n_a),
        learned_expected_per_1k=stats.rate(sums["_learned_expected_per_1k"].to_numpy(), n),
        learned_expected_author_per_1k=stats.rate(sums["_learned_expected_author_per_1k"].to_numpy(), n_a),
    )
    return out
