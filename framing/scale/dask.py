"""Dask engine: document scores partition by partition, then exact integer sums.

Needs the optional extra: ``pip install "framing[dask]"`` (dask[dataframe] and
distributed); Dask is imported only when a function here is called.

* :func:`score_partitions` cleans (:func:`framing.clean.clean_texts`, as load_corpus and
  score_archive do; ``clean=False`` for line ends only) and scores
  (:func:`framing.timeline.document_scores`, i.e. :func:`framing.score.score_batch`) each
  partition of a Dask DataFrame of documents (``doc_id``, ``text``; ``outlet`` and ``date``
  optional), with an explicit ``meta`` (:func:`doc_scores_meta`).  The lexicon enters the
  task graph once, as one ``dask.delayed`` object; each worker process compiles its
  matcher once, however many computes use it: a per-process cache keyed by a fingerprint
  of the lexicon table (:func:`worker_stats` counts the compilations).
* :func:`aggregate` sums a document scores table by outlet (and period, category, ...)
  with timeline's aggregation (:func:`framing.timeline.doc_sums` per partition,
  :func:`framing.timeline.merge_doc_sums` up a tree, :func:`framing.timeline.group_sums`
  last) and returns the pandas table of ``timeline.finish(timeline.sums(...))``.
* :func:`rates_over_time` is :func:`framing.timeline.rates_over_time` in Dask.

Every number is an integer sum until the last division, so the results equal the
single-process ones exactly, whatever the partitioning (``pandas.testing.assert_frame_equal``
with ``check_exact=True`` in ``tests/test_dask.py``, on a two-process ``LocalCluster``).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np
import pandas as pd

from framing import timeline
from framing.clean import clean_texts, cleaning_rules
from framing.groups import by_names, check_columns, fill_missing
from framing.lexicon import Lexicon, as_lexicon
from framing.match import compile_lexicon

__all__ = ["aggregate", "doc_scores_meta", "fingerprint", "rates_over_time", "score_partitions", "worker_stats"]

INSTALL_HINT = 'framing.scale.dask needs Dask: pip install "framing[dask]" (dask[dataframe] and distributed)'

#: Per-process counters, read with :func:`worker_stats` (``client.run(worker_stats)`` on a cluster).
_STATS = {"partitions": 0, "documents": 0, "lexicons_compiled": 0}

#: Per-process cache: lexicon fingerprint -> a Lexicon whose matcher is built (the last few used).
_LEXICONS: OrderedDict[str, Lexicon] = OrderedDict()
_KEEP_LEXICONS = 4


def _dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        raise ImportError(INSTALL_HINT) from exc
    return dask, dd


def _require_ddf(ddf, columns, *, arg: str, name: str):
    _, dd = _dask()
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(
            f"{arg} must be a Dask DataFrame (a {name} table; e.g. dask.dataframe.from_pandas(frame, "
            f"npartitions=...)), got {type(ddf).__name__}"
        )
    missing = [c for c in columns if c not in ddf.columns]
    if missing:
        raise ValueError(
            f"{arg} is not a {name} table: it lacks column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, ddf.columns))}"
        )


def worker_stats() -> dict:
    """This process's counters: partitions and documents scored, lexicons compiled (a copy)."""
    return dict(_STATS)


def reset_worker_stats() -> dict:
    """Set this process's counters to 0; returns them (for ``client.run``)."""
    for key in _STATS:
        _STATS[key] = 0
    return dict(_STATS)


def doc_scores_meta(doc_id_dtype="str", keep=()) -> pd.DataFrame:
    """The empty document scores frame (:data:`framing.timeline.DOC_SCORES`, then ``keep``) with its dtypes.

    ``doc_id`` takes ``doc_id_dtype`` (text ids: pandas' ``"str"``); outlet, date, category and the
    ``keep`` columns are strings, count and n_tokens int64.
    """
    return _meta_frame(doc_id_dtype).assign(**{k: pd.Series([], dtype="str") for k in keep})


def _meta_frame(doc_id_dtype) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=doc_id_dtype),
            "outlet": pd.Series([], dtype="str"),
            "date": pd.Series([], dtype="str"),
            "category": pd.Series([], dtype="str"),
            "count": pd.Series([], dtype="int64"),
            "n_tokens": pd.Series([], dtype="int64"),
        }
    )


def fingerprint(lexicon: Lexicon) -> str:
    """A digest of the lexicon table (columns and values): equal tables, equal matchers."""
    table = lexicon.table
    digest = hashlib.sha256(repr(list(table.columns)).encode())
    digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _worker_lexicon(lexicon: Lexicon, key: str) -> Lexicon:
    """This process's compiled copy of ``lexicon`` (``key``: its :func:`fingerprint`), built on first use."""
    cached = _LEXICONS.get(key)
    if cached is None:
        compile_lexicon(lexicon)
        _STATS["lexicons_compiled"] += 1
        cached = _LEXICONS[key] = lexicon
        while len(_LEXICONS) > _KEEP_LEXICONS:
            _LEXICONS.popitem(last=False)
    _LEXICONS.move_to_end(key)
    return cached


def _score_partition(part: pd.DataFrame, lexicon: Lexicon, key: str, rules: tuple, meta: pd.DataFrame, keep=()):
    _STATS["partitions"] += 1
    _STATS["documents"] += len(part)
    texts = clean_texts(part["text"].tolist(), rules)
    part = part.assign(text=pd.Series(texts, index=part.index, dtype=object))  # object: no copy into Arrow
    table = timeline.document_scores(part, _worker_lexicon(lexicon, key), keep=list(keep))
    return table.astype(meta.dtypes.to_dict()).reset_index(drop=True)


def score_partitions(ddf, lexicon: Lexicon | None = None, *, clean: bool = True, keep=()):
    """Document scores of a Dask DataFrame of documents, partition by partition (lazy).

    ``ddf``: columns ``doc_id`` and ``text`` (as read); ``outlet`` and ``date`` are used when
    present (else ``""``).  ``lexicon``: a :class:`~framing.lexicon.Lexicon` (default the
    built-in one).  ``keep``: metadata columns of ``ddf`` carried to each row (as group keys,
    :func:`framing.groups.group_keys`; e.g. the columns of a later ``by``).
    ``clean``: load_corpus's cleaning (default); ``False`` changes line ends
    only, as ``load_corpus(..., clean=False)`` (pass it for a documents table that
    load_corpus already cleaned: cleaning twice is wasted time).  Returns a Dask DataFrame
    with columns :data:`framing.timeline.DOC_SCORES` (then ``keep``) and dtypes :func:`doc_scores_meta`:
    each partition holds its documents' rows, every document × category, sorted by
    doc_id, category (:func:`framing.timeline.document_scores`, which gives the same rows
    in one process).  The lexicon is one delayed object in the graph (sent to each worker
    once, compiled there once), not an argument copied into every task.  Each task runs where
    its partition lies: persisted documents spread unevenly over the workers leave one of them
    scoring more than its share (give each worker several partitions, spread evenly).
    """
    dask, _ = _dask()
    _require_ddf(ddf, ("doc_id", "text"), arg="ddf", name="documents")
    lexicon = as_lexicon(lexicon)
    key = fingerprint(lexicon)
    # pickled without its compiled matchers (Lexicon.__reduce__): each worker compiles it once (_worker_lexicon)
    shared = dask.delayed(lexicon, pure=True, name=f"framing-lexicon-{key}")
    id_dtype = ddf["doc_id"].dtype
    keep = [k for k in (by_names(keep, arg="keep") if len(keep) else []) if k not in ("doc_id", "outlet", "date")]
    check_columns(keep, ddf.columns, arg="keep", what="ddf")
    meta = doc_scores_meta(_key_dtype(id_dtype), keep)
    columns = [c for c in ("doc_id", "text", "outlet", "date", *keep) if c in ddf.columns]
    return ddf[columns].map_partitions(_score_partition, shared, key, cleaning_rules(clean), meta, tuple(keep),
                                       meta=meta, align_dataframes=False)


def _check_by(by, columns, *, arg: str = "by") -> list[str]:
    names = timeline.group_columns(by)
    check_columns(names, columns, arg=arg, what="the document scores", hint="; 'period' needs freq")
    return names


def _lazy_sums(frame, by: list[str], split_every=None, freq: str | None = None):
    """Lazy :func:`framing.timeline.sums` of a Dask frame: one tree reduction of timeline's aggregation.

    Each partition is reduced to :func:`framing.timeline.doc_sums` (one row per group ×
    document; with ``freq`` its ``period`` is computed there, from ``date``), these are merged
    per group × document up the tree in partition order (:func:`framing.timeline.merge_doc_sums`:
    a document split across partitions is still one document), and
    :func:`framing.timeline.group_sums` gives the sums per group.
    """
    own = [c for c in by if not (freq is not None and c == "period")]
    dates = ["date"] if freq is not None and "period" in by else []
    columns = [*dict.fromkeys([*own, *dates, "doc_id", "count", "n_tokens"])]
    kwargs = {"by": by, "freq": freq if dates else None}
    meta = timeline.group_sums(_doc_sums(frame._meta[columns], **kwargs), by)
    return frame[columns].reduction(
        _doc_sums, combine=timeline.merge_doc_sums, aggregate=_group_sums, meta=meta,
        split_every=split_every, chunk_kwargs=kwargs, combine_kwargs={"by": by}, aggregate_kwargs={"by": by},
    )


def _doc_sums(part: pd.DataFrame, by: list[str], freq: str | None = None) -> pd.DataFrame:
    """:func:`framing.timeline.doc_sums` of a partition whose missing keys are ``"(missing)"`` (as sums).

    With ``freq``: ``period`` (:func:`framing.timeline.period_of` of ``date``) computed here, in
    the partition's own task (one pass over the rows, no extra column carried between tasks).
    """
    if freq is not None:
        period = timeline.period_of(part["date"], freq).to_numpy()
        part = part.assign(period=pd.Series(period, index=part.index, dtype="str"))
    return timeline.doc_sums(fill_missing(part, timeline.group_keyed(by)), by)


def _group_sums(parts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return timeline.group_sums(timeline.merge_doc_sums(parts, by), by)


def _key_dtype(dtype):
    """Dask reads text as string[pyarrow] (missing = NA); keys come back as pandas' default "str"."""
    return "str" if isinstance(dtype, pd.StringDtype) else dtype


def _finish_sums(table: pd.DataFrame, by: list[str], key_dtypes: dict) -> pd.DataFrame:
    table = table.astype({c: _key_dtype(key_dtypes[c]) for c in by if c in key_dtypes})
    table = table.sort_values(by, kind="stable").reset_index(drop=True)
    return table[[*by, *timeline.SUMS]].astype(dict.fromkeys(timeline.SUMS, "int64"))


def aggregate(doc_scores, by=("outlet",), freq: str | None = None, *, split_every=None) -> pd.DataFrame:
    """Sums and rates of a Dask document scores table per group of ``by`` (a pandas DataFrame).

    Equal (values and dtypes) to ``timeline.finish(timeline.sums(table, by=by, freq=freq))``
    on the same rows in one pandas ``table`` (text keys come back as pandas' default
    ``"str"``, whatever string dtype Dask read them as): columns ``by``, ``n_documents``,
    ``count``, ``n_tokens``, ``per_1k``
    (``1000 * count / n_tokens``), sorted by ``by``.  ``doc_scores``: a Dask DataFrame with
    doc_id, count, n_tokens and the columns of ``by`` (e.g. :func:`score_partitions`).
    With ``freq`` (``"week"``, ``"month"``, ``"year"``) a ``period`` column
    (:func:`framing.timeline.period_of` of ``date``) may be named in ``by``; documents
    undated at ``freq`` fall in period ``""``.  The integer sums run in Dask, as one tree
    reduction (per group × document, then per group), so a document split across
    partitions is still counted once.  ``split_every``: partitions merged per tree node.
    """
    dask, _ = _dask()
    _require_ddf(doc_scores, ("doc_id", "count", "n_tokens"), arg="doc_scores", name="document scores")
    frame = doc_scores
    if freq is not None:
        if freq not in timeline.FREQS:
            raise ValueError(f"freq must be one of {', '.join(timeline.FREQS)}, not {freq!r}")
        _require_ddf(doc_scores, ("date",), arg="doc_scores", name="dated document scores (freq given)")
    names = _check_by(by, [*map(str, frame.columns), *(["period"] if freq is not None else [])])
    (table,) = dask.compute(_lazy_sums(frame, names, split_every, freq))
    key_dtypes = {**frame._meta.dtypes.to_dict(), **({"period": "str"} if freq is not None else {})}
    return timeline.finish(_finish_sums(table, names, key_dtypes))


def rates_over_time(doc_scores, *, freq: str = "month", categories=None, by_category: bool = False,
                    by="outlet") -> pd.DataFrame:  # fmt: skip
    """:func:`framing.timeline.rates_over_time` of a Dask document scores table (one pass).

    Same arguments (``by``: columns of ``doc_scores``, e.g. kept by :func:`score_partitions`),
    columns (:data:`framing.timeline.RATES`), sort order and ``attrs["undated"]``; each partition goes through
    :func:`framing.timeline.over_time_rows`, the sums run in Dask, and the filling of
    empty periods and the rates in pandas (:func:`framing.timeline.rates_from_sums`).
    """
    dask, _ = _dask()
    _require_ddf(doc_scores, timeline.DOC_SCORES, arg="doc_scores", name="document scores")
    if freq not in timeline.FREQS:
        raise ValueError(f"freq must be one of {', '.join(timeline.FREQS)}, not {freq!r}")
    names = timeline.over_time_by(by, [str(c) for c in doc_scores.columns])
    meta = timeline.over_time_rows(doc_scores._meta, freq=freq, categories=categories)
    meta = meta.astype({"period": "str"})
    frame = doc_scores.map_partitions(_over_time_partition, freq, categories, meta=meta)
    # per partition, no shuffle: undated documents are few; the last duplicates go in pandas
    undated = frame[frame["period"] == ""]["doc_id"].map_partitions(pd.Series.drop_duplicates)
    dated = frame[frame["period"] != ""]
    if by_category:
        dated = dated[dated["counted"]]
    by = [*names, "period", "category"] if by_category else [*names, "period"]
    table, undated = dask.compute(_lazy_sums(dated, by), undated)
    table = _finish_sums(table, by, meta.dtypes.to_dict())
    return timeline.rates_from_sums(table, freq=freq, undated=pd.unique(np.asarray(undated, dtype=object)).tolist())


def _over_time_partition(part: pd.DataFrame, freq: str, categories) -> pd.DataFrame:
    out = timeline.over_time_rows(part, freq=freq, categories=categories)
    return out.astype({"period": "str"})
