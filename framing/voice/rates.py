"""Loaded-term rates by voice: hits per 1,000 words spoken in each voice, per group (:func:`voice_rates`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.groups import by_names, check_columns, group_keys
from framing.schema import require_columns
from framing.stats import rate
from framing.voice.attribution import _analysis
from framing.voice.tables import (
    VOICES,
    _check_quotes,
    _docs,
    _reported_contents,
    _span_voices,
    _voice_inputs,
    _word_starts,
    label_spans,
    sentence_voice,
)


def _word_totals(words: pd.DataFrame, group_of: dict) -> tuple[dict, dict]:
    """``({(group, voice): words}, {group: words})`` summed from a :func:`word_voices` table."""
    require_columns(words, ("doc_id", "voice", "words"), name="words", arg="words")
    unknown = sorted(set(words["doc_id"]) - set(group_of))
    if unknown:
        raise ValueError(f"words has doc_id(s) not in corpus: {', '.join(map(str, unknown[:5]))}")
    w = words[words["voice"].isin(VOICES)]
    g = w["doc_id"].map(group_of)
    counts = w["words"].to_numpy(np.int64)
    tok_counts: dict = {}
    tok_total: dict = {}
    for group, voice, c in zip(g, w["voice"], counts.tolist(), strict=True):
        tok_counts[(group, voice)] = tok_counts.get((group, voice), 0) + c
        tok_total[group] = tok_total.get(group, 0) + c
    return ({k: c for k, c in tok_counts.items() if c}, {k: c for k, c in tok_total.items() if c})


def _labelled_totals(hits, docs, group_of, quotes, sentences) -> tuple[pd.DataFrame, dict, dict]:
    """``hits`` with voice, and the words of each group by voice, every word labelled (:func:`_word_totals`'s)."""
    parses = _analysis(None)  # shared by the quotations and sentences computed here
    qt = _check_quotes(quotes, docs, parses)
    sv = sentences if sentences is not None else sentence_voice(docs, quotes=qt, analysis=parses)
    if "voice" not in hits.columns:
        hits = label_spans(hits, docs, quotes=qt, sentences=sv)
    _, _, sv = _voice_inputs(docs, qt, sv)  # with the reported contents label_spans reads
    known = {d: i for i, d in enumerate(docs["doc_id"])}
    codes, starts = _word_starts(docs)
    tok_voice, _ = _span_voices(codes, starts, qt, _reported_contents(sv, known), known)
    doc_groups = [group_of[d] for d in docs["doc_id"]]
    names_g = sorted(set(doc_groups))
    g_index = {g: i for i, g in enumerate(names_g)}
    tok_group = np.asarray([g_index[g] for g in doc_groups], dtype=np.int64)[codes]
    tok_counts, tok_total = {}, {}
    for v in VOICES:
        for gi, c in enumerate(np.bincount(tok_group[tok_voice == v], minlength=len(names_g)).tolist()):
            if c:
                tok_counts[(names_g[gi], v)] = c
    for gi, c in enumerate(np.bincount(tok_group, minlength=len(names_g)).tolist()):
        if c:
            tok_total[names_g[gi]] = c
    return hits, tok_counts, tok_total


def voice_rates(hits: pd.DataFrame, corpus, *, by=None, quotes: pd.DataFrame | None = None,
                sentences: pd.DataFrame | None = None, words: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per group x voice: ``count`` of hits, ``tokens`` in that voice, ``per_1k``.

    ``by``: documents columns (a name or a list: ``"lean"``, ``["lean", "topic"]``;
    :func:`framing.groups.group_keys`, a missing value is the group ``"(missing)"``), default
    ``outlet``, plus at most one hits column (e.g. ``category``; with no documents column
    the groups are outlets).  ``hits`` is a span table (doc_id, start, end, ...); without a
    ``voice`` column it is labelled with :func:`label_spans` first.  The denominator
    ``tokens`` is the number of the group's word tokens (:func:`framing.text.word_spans`)
    whose voice, by the same :func:`label_spans` rule, is that voice.  ``per_1k`` = 1000 *
    count / tokens, and 0 when tokens is 0 (:func:`framing.stats.rate`: the package's one
    zero rule).  Voice ``all`` adds every voice.  Every group gets every voice in
    :data:`VOICES` order, then ``all``; with a hits column every value of it seen in hits.
    Sorted by the groups, the hits column, voice order.  ``words``: the documents' words by voice
    (:func:`word_voices`, e.g. a report's ``voice_words`` table) to sum for ``tokens`` instead of
    labelling every word again; used when ``hits`` has its ``voice`` column.
    """
    require_columns(hits, ("doc_id", "start", "end"), name="hits", arg="hits")
    docs = _docs(corpus)
    names = ["outlet"] if by is None else by_names(by)
    on_hits = [n for n in names if n not in docs.columns and n in hits.columns]
    if len(on_hits) > 1:
        raise ValueError(f"by names {len(on_hits)} hits columns ({', '.join(on_hits)}); voice_rates takes one")
    groups = [n for n in names if n not in on_hits] or ["outlet"]
    check_columns(groups, [*docs.columns, *hits.columns], what="the documents or the hits")
    keys = group_keys(docs, groups)
    hit_col = on_hits[0] if on_hits else None
    group_of = dict(zip(keys["doc_id"], keys[groups].itertuples(index=False, name=None), strict=True))
    if words is not None and "voice" in hits.columns:
        tok_counts, tok_total = _word_totals(words, group_of)
    else:
        hits, tok_counts, tok_total = _labelled_totals(hits, docs, group_of, quotes, sentences)
    hits = hits.assign(_g=hits["doc_id"].map(group_of))
    levels = [None] if hit_col is None else sorted(hits[hit_col].dropna().astype(str).unique())
    if hit_col is not None:
        hits = hits.assign(_k=hits[hit_col].astype(str))
    hit_counts = hits.groupby(["_g", "voice"] + (["_k"] if hit_col else [])).size()
    rows = []
    for g in sorted(set(group_of.values())):
        for k in levels:
            total = 0
            for v in VOICES:
                c = int(hit_counts.get((g, v) if hit_col is None else (g, v, k), 0))
                total += c
                rows.append((*g, k, v, c, int(tok_counts.get((g, v), 0))))
            rows.append((*g, k, "all", total, int(tok_total.get(g, 0))))
    frame = pd.DataFrame(rows, columns=[*groups, hit_col or "_by", "voice", "count", "tokens"])
    if hit_col is None:
        frame = frame.drop(columns="_by")
    frame = frame.astype({"count": "int64", "tokens": "int64"})
    frame["per_1k"] = rate(frame["count"], frame["tokens"])
    if keys.attrs["missing"]:
        frame.attrs["missing"] = dict(keys.attrs["missing"])
    return frame
