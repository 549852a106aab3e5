"""Tokens and their readable features for the learned weighting (:mod:`framing.learned`).

One row per word (:func:`framing.text.word_spans`, the package's one word rule) with the
features the model sees: the word itself (lower case, normalized), the words before and
after it in the document, its VADER valence and intensity, and whether it sits inside a
quotation (:func:`framing.voice.label_spans`: voice ``quote`` or ``fragment``).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat

import numpy as np
import pandas as pd

from framing.schema import as_documents
from framing.text import word_arrays

#: Columns of the token table (:func:`tokens`), in order.  Rows: documents in order, words by start.
TOKENS = ("doc_id", "start", "end", "term", "prev", "next", "valence", "voice")

#: Feature kinds, in the order the weights table lists them.  ``bias``: the intercept;
#: ``vader_valence``: the word's VADER valence (-4..4, 0 when not in VADER);
#: ``vader_intensity``: its absolute value; ``in_quote``: 1 inside a quotation or fragment;
#: ``word`` / ``prev`` / ``next``: the word, the word before it, the word after it.
FEATURES = ("bias", "vader_valence", "vader_intensity", "in_quote", "word", "prev", "next")

#: The numeric features (one weight each; their ``term`` in the table is the feature's name).
NUMERIC = ("vader_valence", "vader_intensity", "in_quote")

#: The voices counted as quoted for ``in_quote`` (:data:`framing.voice.VOICES`).
QUOTED = ("quote", "fragment")


@lru_cache(maxsize=1)
def _valences() -> dict[str, float]:
    from framing.sentiment import vader_lexicon

    lex = vader_lexicon()
    return dict(zip(lex["word"], lex["valence"].astype(float), strict=True))


def tokens(corpus, *, voice: bool = True, quotes: pd.DataFrame | None = None,
           sentences: pd.DataFrame | None = None, words=None) -> pd.DataFrame:
    """The token table of ``corpus`` (a Corpus or a documents table): columns :data:`TOKENS`.

    ``term``: the word's normalized lower-case form; ``prev`` / ``next``: the terms of the
    neighbouring words in the document ("" at its edges); ``valence``: VADER's valence of
    ``term`` (0.0 when absent); ``voice``: :func:`framing.voice.label_spans` of the word
    (``author`` for every word when ``voice=False``; ``quotes`` / ``sentences``: the voice
    layer's tables of ``corpus`` when already computed; ``words``: text -> :func:`framing.text.word_arrays`
    of it when found already, default that function).
    """
    docs = as_documents(corpus)
    val = _valences()
    starts, ends, terms, counts = [], [], [], []
    for text in docs["text"]:
        s, e, forms = (words or word_arrays)(text)
        starts.append(s)
        ends.append(e)
        terms.extend(forms)
        counts.append(len(forms))
    n = len(terms)
    doc_of = np.repeat(np.arange(len(counts), dtype=np.int64), np.asarray(counts, dtype=np.int64))
    term = np.empty(n, dtype=object)
    term[:] = terms
    prev, nxt = np.full(n, "", dtype=object), np.full(n, "", dtype=object)
    same = doc_of[1:] == doc_of[:-1]  # the neighbouring words in the same document ("" at its edges)
    prev[1:][same] = term[:-1][same]
    nxt[:-1][same] = term[1:][same]
    out = pd.DataFrame(
        {
            "doc_id": pd.Series(docs["doc_id"].to_numpy(object)[doc_of], dtype=object),
            "start": np.concatenate(starts) if n else np.zeros(0, dtype=np.int64),
            "end": np.concatenate(ends) if n else np.zeros(0, dtype=np.int64),
            "term": pd.Series(term, dtype=object),
            "prev": pd.Series(prev, dtype=object),
            "next": pd.Series(nxt, dtype=object),
        }
    )
    out["valence"] = np.fromiter(map(val.get, terms, repeat(0.0)), np.float64, n)
    if voice and len(out):
        from framing.voice import label_spans

        spans = out[["doc_id", "start", "end"]]
        out["voice"] = label_spans(spans, docs, quotes=quotes, sentences=sentences)["voice"].astype(object).to_numpy()
    else:
        out["voice"] = "author"
    return out


def _doc_ranges(ids: np.ndarray) -> dict:
    """doc_id -> (first row, row after the last) of a table whose documents' rows are contiguous."""
    if not len(ids):
        return {}
    cut = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    bounds = np.concatenate([[0], cut, [len(ids)]])
    return {ids[a]: (int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)}


def token_labels(toks: pd.DataFrame, spans: pd.DataFrame, labels) -> np.ndarray:
    """0/1 per row of ``toks``: 1 when the word overlaps (shares a character with) a span labelled one of ``labels``."""
    labels = [labels] if isinstance(labels, str) else list(labels)
    gold = spans[spans["label"].isin(labels)]
    y = np.zeros(len(toks), dtype=np.int64)
    if not len(gold) or not len(toks):
        return y
    ranges = _doc_ranges(toks["doc_id"].to_numpy(object))
    starts, ends = toks["start"].to_numpy(), toks["end"].to_numpy()
    for doc_id, g in gold.groupby("doc_id", sort=False):
        if doc_id not in ranges:
            continue
        a, b = ranges[doc_id]
        ts, te = starts[a:b], ends[a:b]
        for s, e in zip(g["start"].to_numpy(), g["end"].to_numpy(), strict=True):
            lo = int(np.searchsorted(te, s, side="right"))  # first word ending after s
            hi = int(np.searchsorted(ts, e, side="left"))  # words starting before e
            y[a + lo : a + hi] = 1
    return y


def feature_dicts(toks: pd.DataFrame) -> list[dict[str, float]]:
    """One ``{"kind=term": value}`` dict per token (numeric features under their own name)."""
    out = []
    for term, prev, nxt, v, voice in zip(
        toks["term"], toks["prev"], toks["next"], toks["valence"], toks["voice"], strict=True
    ):
        d = {f"word={term}": 1.0}
        if prev:
            d[f"prev={prev}"] = 1.0
        if nxt:
            d[f"next={nxt}"] = 1.0
        if v:
            d["vader_valence"] = float(v)
            d["vader_intensity"] = abs(float(v))
        if voice in QUOTED:
            d["in_quote"] = 1.0
        out.append(d)
    return out
