"""Over time: loaded-term rates per group (outlet, or any metadata columns) by week, month or year.

The table between the scoring stage and this one is the *document scores* table
(:data:`DOC_SCORES`): one row per document × category with the hit ``count`` and the
document's ``n_tokens`` (repeated on each of its rows), plus its ``outlet``, ``date`` and
the metadata columns asked for (``keep``), which any ``by=`` may name
(:mod:`framing.groups`: a missing value is the group ``"(missing)"``).
:func:`framing.score.score_batch` gives ``doc_id, category, count, n_tokens``;
:func:`with_metadata` adds the metadata; :func:`document_scores` does both.

Aggregation only sums integers (documents, hits, tokens) and divides last, so any way of
splitting the work (chunks, processes, Dask partitions: :mod:`framing.scale.dask`) gives exactly
the same table.  The sums include the squares and products of each document's hits and
tokens (:data:`MOMENTS`), so :func:`rate_interval` can add a 95 % interval over documents
(hits cluster within documents: the documents, not the tokens, are the independent draws);
:func:`framing.report.plots_timeline.plot_rates_over_time` draws the table.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from framing.groups import COMPUTED, MISSING, by_names, check_columns, fill_missing, group_keys, missing_counts
from framing.io import read_date
from framing.lexicon import loaded_mask
from framing.schema import DOCUMENTS, as_documents, require_columns
from framing.score import score_batch
from framing.stats import CI, ci_from_level, clustered_wilson_interval, rate, wilson_interval

#: One row per document × category (then the metadata columns kept, :func:`document_scores`).
DOC_SCORES = ("doc_id", "outlet", "date", "category", "count", "n_tokens")

#: Sums over the group's documents of each document's hits ``y`` and tokens ``x`` squared and
#: multiplied: ``count_sq`` = Σy², ``count_tokens`` = Σxy, ``tokens_sq`` = Σx² (integers, so they
#: add up exactly over chunks and partitions).  What :func:`rate_interval` needs.
MOMENTS = ("count_sq", "count_tokens", "tokens_sq")

#: Documents, hits and tokens per group.
COUNTS = ("n_documents", "count", "n_tokens")

#: Integer sums per group; :func:`finish` adds ``per_1k``.
SUMS = (*COUNTS, *MOMENTS)

#: One row per outlet (or the ``by`` columns) × period [× category]: ``per_1k = 1000 * count /
#: n_tokens`` (0 when ``n_tokens`` is 0).
RATES = ("outlet", "period", "category", *SUMS, "per_1k")

#: Columns :func:`rate_interval` adds: bounds of the interval around ``per_1k``.
INTERVAL = ("per_1k_low", "per_1k_high")

#: Accepted values of ``freq``.
FREQS = ("week", "month", "quarter", "year")



def period_of(dates, freq: str = "month") -> pd.Series:
    """The period each date falls in, as the period's first day (``YYYY-MM-DD`` strings).

    ``freq``: ``"week"`` (ISO weeks, starting Monday), ``"month"``, ``"quarter"`` (starting
    January, April, July, October) or ``"year"``.
    ``dates``: what :func:`framing.io.read_date` reads without options (``YYYY-MM-DD`` with
    or without a time, ``YYYY-MM``, ``YYYY``, ``18 Oct 2021``, ...), or datetimes.  A date
    too coarse for ``freq`` (``2020-11`` by week), empty, unreadable, ambiguous
    (``07/02/2010``) or implausible gives ``""``: callers report those documents as undated
    at that resolution rather than guessing.
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    values = pd.Series(dates, copy=False)
    out = []
    cache: dict = {}
    for value in values.tolist():
        key = value if isinstance(value, str) else (None if value is None else str(value))
        if key not in cache:
            cache[key] = _period(key, freq)
        out.append(cache[key])
    return pd.Series(out, index=values.index, dtype=object)


def _period(value: str | None, freq: str) -> str:
    iso = read_date(value)[0]
    if freq == "year" and iso:
        return f"{iso[:4]}-01-01"
    if freq == "month" and len(iso) >= 7:
        return f"{iso[:7]}-01"
    if freq == "quarter" and len(iso) >= 7:
        return f"{iso[:4]}-{(int(iso[5:7]) - 1) // 3 * 3 + 1:02d}-01"
    if freq == "week" and len(iso) == 10:
        day = pd.Timestamp(iso)
        return (day - pd.Timedelta(days=day.weekday())).strftime("%Y-%m-%d")
    return ""


def with_metadata(doc_scores: pd.DataFrame, documents: pd.DataFrame, keep=()) -> pd.DataFrame:
    """``doc_scores`` (doc_id, category, count, n_tokens) with each document's outlet and date.

    ``documents`` needs ``doc_id``; missing ``outlet`` / ``date`` columns give ``""``.
    ``keep``: more documents columns, as group keys (:func:`framing.groups.group_keys`:
    strings, ``"(missing)"`` where missing); an unknown name is a ``ValueError`` listing the
    columns.  Columns :data:`DOC_SCORES` then ``keep``, order of ``doc_scores`` kept.
    """
    require_columns(doc_scores, ("doc_id", "category", "count", "n_tokens"), name="document scores", arg="doc_scores")
    require_columns(documents, ("doc_id",), name="documents", arg="documents")
    meta = pd.DataFrame({"doc_id": documents["doc_id"].to_numpy()})
    for col in ("outlet", "date"):
        if col not in documents.columns:
            meta[col] = ""
            continue
        values = documents[col]
        if col == "date" and pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")  # element by element: no format guessed per batch
        meta[col] = values.fillna("").astype(str).to_numpy()
    keep = [k for k in (by_names(keep, arg="keep") if len(keep) else []) if k not in ("doc_id", "outlet", "date")]
    if keep:
        extra = group_keys(documents, keep, arg="keep")
        for col in keep:
            meta[col] = extra[col].to_numpy()
    out = doc_scores.drop(columns=[c for c in ("outlet", "date", *keep) if c in doc_scores.columns])
    out = out.merge(meta.drop_duplicates("doc_id"), on="doc_id", how="left", validate="many_to_one")
    out[["outlet", "date"]] = out[["outlet", "date"]].fillna("")
    if keep:
        out[keep] = out[keep].fillna(MISSING)
    return out[list(DOC_SCORES) + [c for c in out.columns if c not in DOC_SCORES]]


def metadata_columns(documents: pd.DataFrame) -> list[str]:
    """The user's metadata columns of ``documents``: beyond :data:`framing.schema.DOCUMENTS` (lean, topic, ...)."""
    from_library = {*DOCUMENTS, *COMPUTED}
    return [str(c) for c in documents.columns if c not in from_library]


def document_scores(documents, lexicon=None, *, scorer=None, keep=None) -> pd.DataFrame:
    """Document scores (:data:`DOC_SCORES`, then the ``keep`` columns) of a Corpus or documents table.

    :func:`framing.score.score_batch` (every document × category of ``lexicon``, default
    the built-in one; or ``scorer``, a function with its arguments and columns) joined with
    each document's outlet, date and ``keep`` columns (:func:`with_metadata`; default every
    metadata column, :func:`metadata_columns`; ``()`` none).  Sort: doc_id, category.  The
    in-memory path; :mod:`framing.scale` runs it on each batch or partition.
    """
    docs = as_documents(documents, arg="documents")
    keep = metadata_columns(docs) if keep is None else ([keep] if isinstance(keep, str) else list(keep))
    table = with_metadata((scorer or score_batch)(docs, lexicon), docs, keep)
    table = table[list(DOC_SCORES) + [c for c in keep if c not in DOC_SCORES]]
    if table["doc_id"].dtype != docs["doc_id"].dtype:  # e.g. integer ids: keep the caller's type
        table["doc_id"] = table["doc_id"].astype(docs["doc_id"].dtype)
    return table


def sums(doc_scores: pd.DataFrame, *, by=("outlet", "category"), freq: str | None = None) -> pd.DataFrame:
    """Integer sums (:data:`SUMS`) of a document scores table per group of ``by``.

    With ``freq`` a ``period`` column (:func:`period_of` of ``date``) is added and may be
    named in ``by``.  ``by``: columns of ``doc_scores`` (a name or a list); an unknown one is a
    ``ValueError`` listing the columns; a missing key is the group ``"(missing)"`` (but
    ``period`` / ``date`` ``""``: undated), counted in ``attrs["missing"]`` (when some are).  ``n_documents``
    counts distinct documents; ``n_tokens`` is summed over documents (once each per
    category).  Sorted by ``by``.  The one aggregation of
    every path: ``group_sums(doc_sums(table))``, and Dask merges the :func:`doc_sums` of its
    partitions (:func:`merge_doc_sums`) before :func:`group_sums`.
    """
    by = group_columns(by)
    require_columns(doc_scores, ["doc_id", "count", "n_tokens"], name="document scores", arg="doc_scores")
    frame = doc_scores
    if freq is not None:
        frame = frame.assign(period=period_of(frame["date"], freq).to_numpy())
    check_columns(by, frame.columns, what="the document scores",
                  hint="" if freq else "; 'period' needs freq")
    if frame.empty:  # no rows: the key columns keep their dtypes
        out = frame[by].iloc[:0].reset_index(drop=True)
        return out.assign(**{c: pd.Series([], dtype="int64") for c in SUMS})
    frame = fill_missing(frame, group_keyed(by))
    out = group_sums(doc_sums(frame, by), by).astype(dict.fromkeys(SUMS, "int64"))
    missing = missing_counts(frame, group_keyed(by))
    if missing:
        out.attrs["missing"] = missing
    return out


#: Key columns the library sets itself: ``""`` in them means undated, not missing.
_OWN_KEYS = ("doc_id", "date", "period", "category", "voice")


def group_columns(by) -> list[str]:
    """``by`` of the sums as a list (:func:`framing.groups.by_names`)."""
    return by_names(list(by) if isinstance(by, tuple) else by)


def group_keyed(by) -> list[str]:
    """The columns of ``by`` whose missing values are the group ``"(missing)"``."""
    return [b for b in by if b not in _OWN_KEYS]


def _doc_keys(by) -> list[str]:
    by = list(by)
    return by if "doc_id" in by else [*by, "doc_id"]


def doc_sums(doc_scores: pd.DataFrame, by) -> pd.DataFrame:
    """Per group of ``by`` × document: ``count`` summed, ``tokens_sum`` summed and ``tokens_first`` (first row)."""
    grouped = doc_scores.groupby(_doc_keys(by), dropna=False, sort=False)
    return grouped.agg(count=("count", "sum"), tokens_sum=("n_tokens", "sum"),
                       tokens_first=("n_tokens", "first")).reset_index()  # fmt: skip


def merge_doc_sums(parts: pd.DataFrame, by) -> pd.DataFrame:
    """:func:`doc_sums` of several pieces (concatenated in order) merged per group × document."""
    grouped = parts.groupby(_doc_keys(by), dropna=False, sort=False)
    return grouped.agg(count=("count", "sum"), tokens_sum=("tokens_sum", "sum"),
                       tokens_first=("tokens_first", "first")).reset_index()  # fmt: skip


def group_sums(per_doc: pd.DataFrame, by) -> pd.DataFrame:
    """:data:`SUMS` per group of ``by`` from :func:`doc_sums`, sorted by ``by``.

    ``n_documents``: documents in the group; ``count``: hits; ``n_tokens``: tokens summed
    over rows when ``category`` is in ``by`` (a document's tokens repeat on each of its
    category rows), else each document's first row (each document once); :data:`MOMENTS`
    from each document's ``count`` and those tokens.
    """
    by = list(by)
    tokens = "tokens_sum" if "category" in by else "tokens_first"
    y = per_doc["count"].to_numpy(dtype="int64")
    x = per_doc[tokens].to_numpy(dtype="int64")
    frame = per_doc[by].assign(count=y, n_tokens=x, count_sq=y * y, count_tokens=x * y, tokens_sq=x * x)
    grouped = frame.groupby(by, dropna=False, sort=True)
    out = grouped[["count", "n_tokens", *MOMENTS]].sum()
    out.insert(0, "n_documents", grouped.size())
    return out.reset_index()


def add_sums(a: pd.DataFrame, b: pd.DataFrame, by) -> pd.DataFrame:
    """Merge two sums tables of disjoint document sets (for chunked or partitioned work)."""
    both = pd.concat([a, b], ignore_index=True)
    return both.groupby(list(by), sort=True, dropna=False)[list(SUMS)].sum().reset_index()


def finish(sums_table: pd.DataFrame) -> pd.DataFrame:
    """``sums_table`` with ``per_1k = 1000 * count / n_tokens`` (0 where ``n_tokens`` is 0)."""
    out = sums_table.copy()
    out["per_1k"] = rate(out["count"].to_numpy(), out["n_tokens"].to_numpy())
    return out


def loaded_categories(doc_scores: pd.DataFrame, categories=None) -> pd.Series:
    """Deprecated: ``framing.lexicon.loaded_mask(doc_scores["category"], categories)``."""
    warnings.warn("framing.timeline.loaded_categories(doc_scores, categories) is deprecated; use "
                  "framing.lexicon.loaded_mask(doc_scores['category'], categories)", DeprecationWarning, stacklevel=2)
    return loaded_mask(doc_scores["category"], categories)


def rates_over_time(
    doc_scores: pd.DataFrame, *, freq: str = "month", categories=None, by_category: bool = False, by="outlet"
) -> pd.DataFrame:
    """Loaded-term rates per outlet (or ``by``) × period: columns :data:`RATES` (``category`` only if ``by_category``).

    ``by``: a column of ``doc_scores`` or a list of them (default ``"outlet"``; e.g.
    ``["lean", "topic"]``, kept by :func:`document_scores`), in place of ``outlet``; a
    missing value is the group ``"(missing)"`` (:func:`sums`; ``attrs["missing"]``: column ->
    documents, when there are some).

    ``per_1k = 1000 * count / n_tokens`` where ``count`` sums the hits of ``categories``
    (default: every loaded-term category, i.e. all but
    :data:`framing.lexicon.STANCE_CATEGORIES`) and ``n_tokens`` the word tokens of the
    outlet's documents in the period, each document once (so a document without a hit
    still counts in the denominator).  ``period`` is the first day of the week / month /
    year (:func:`period_of`).  Documents whose date cannot be placed at ``freq`` are left
    out and listed in ``result.attrs["undated"]`` (doc_ids, sorted); ``attrs["freq"]`` is
    ``freq``.  Every outlet × period [× category] between the outlet's first and last
    period appears, with zeros for periods without documents (``n_documents`` 0 tells a
    gap from a zero rate).
    Sort: outlet, period[, category].  The time-series view of Media Cloud (Roberts et
    al. 2021, ICWSM, "Media Cloud: Massive open source collection of global news on the
    open web"), with rates instead of story counts.
    """
    require_columns(doc_scores, DOC_SCORES, name="document scores", arg="doc_scores")
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    names = over_time_by(by, doc_scores.columns)
    frame = over_time_rows(doc_scores, freq=freq, categories=categories)
    undated = frame.loc[frame["period"] == "", "doc_id"].unique().tolist()
    dated = frame["period"] != ""
    if by_category:
        table = sums(frame[dated & frame["counted"]], by=[*names, "period", "category"])
    else:
        table = sums(frame[dated], by=[*names, "period"])
    missing = table.attrs.get("missing", {})
    out = rates_from_sums(table, freq=freq, undated=undated)
    if missing:
        out.attrs["missing"] = missing
    return out


def over_time_by(by, columns) -> list[str]:
    """``by`` of :func:`rates_over_time` checked against ``columns`` (no period, category, date)."""
    names = by_names(by)
    own = [n for n in names if n in ("period", "category", "date")]
    if own:
        raise ValueError(f"by: {', '.join(map(repr, own))} is set by rates_over_time itself (freq=, "
                         f"by_category=); name metadata columns only")
    check_columns(names, columns, what="the document scores",
                  hint="; document_scores(..., keep=[...]) keeps a documents column")
    return names


def over_time_rows(doc_scores: pd.DataFrame, *, freq: str = "month", categories=None) -> pd.DataFrame:
    """``doc_scores`` with ``period`` (:func:`period_of` of ``date``, ``""`` if undated at ``freq``)
    and ``counted`` (:func:`framing.lexicon.loaded_mask`); ``count`` is 0 on rows not counted.

    The row-wise step of :func:`rates_over_time`, shared with :mod:`framing.scale.dask` (which
    applies it to each partition).  Hits of categories not counted become 0 rather than
    being dropped, so every document's tokens stay in the denominator.  Order kept.
    """
    keep = loaded_mask(doc_scores["category"], categories).to_numpy(dtype=bool)
    return doc_scores.assign(
        period=period_of(doc_scores["date"], freq).to_numpy(),
        count=np.where(keep, doc_scores["count"].to_numpy(), 0).astype("int64"),
        counted=keep,
    )


def rates_from_sums(sums_table: pd.DataFrame, *, freq: str = "month", undated=()) -> pd.DataFrame:
    """The :func:`rates_over_time` table from a :func:`sums` table by group columns, period [, category].

    The group columns are those before ``period`` (e.g. ``outlet``, or ``lean, topic``).
    Fills the missing periods with zeros, adds ``per_1k`` (:func:`finish`) and sets
    ``attrs["undated"]`` to the sorted ``undated`` doc_ids and ``attrs["freq"]`` to
    ``freq``; rows of period ``""`` (undated at ``freq``) must have been left out before
    summing.  :data:`MOMENTS` are carried when present.  Used by :mod:`framing.scale.dask`.
    """
    require_columns(sums_table, ("period", *COUNTS), name="sums", arg="sums_table")
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    if (sums_table["period"] == "").any():
        raise ValueError("sums_table has rows with period '' (undated at this freq): leave them out before summing")
    by_category = "category" in sums_table.columns
    groups = [c for c in sums_table.columns if c not in ("period", "category", *SUMS, "per_1k")]
    if not groups:
        raise ValueError("sums_table has no group column (e.g. outlet) before period")
    table = finish(_fill_periods(sums_table, freq, by_category, groups))
    table = table[[*groups, *[c for c in RATES if c in table.columns and c != "outlet"]]]
    table.attrs["undated"] = sorted(undated, key=str)
    table.attrs["freq"] = freq
    return table


def rate_interval(rates: pd.DataFrame, ci: float = CI, *, level: float | None = None) -> pd.DataFrame:
    """``rates`` with the bounds (:data:`INTERVAL`, per 1,000 tokens) of a ``ci`` interval for ``per_1k``.

    The documents of a row are its independent draws (hits cluster within documents):
    :func:`framing.stats.clustered_wilson_interval` of the share ``count / n_tokens`` from
    ``n_documents`` and :data:`MOMENTS`, times 1,000 (``ci`` 0.95: the package's default
    level).  Both bounds NaN where the row has fewer than 2 documents or ``n_tokens`` is 0;
    always ``low <= per_1k <= high``.  A table without :data:`MOMENTS` (made by hand, or by
    an older version) gets :func:`framing.stats.wilson_interval` of ``(count, n_tokens)``,
    which treats the tokens as independent draws and is too narrow; ``attrs["interval"]``
    says which (``"documents"`` or ``"tokens"``).  Order kept.  ``level=``: the old name
    of ``ci`` (deprecated).
    """
    require_columns(rates, ("count", "n_tokens"), name="rates", arg="rates")
    ci = ci_from_level(ci, level, "rate_interval")
    count, tokens = rates["count"].to_numpy(), rates["n_tokens"].to_numpy()
    over_documents = all(c in rates.columns for c in ("n_documents", *MOMENTS))
    if over_documents:
        low, high = clustered_wilson_interval(count, tokens, rates["n_documents"].to_numpy(),
                                              *(rates[c].to_numpy() for c in MOMENTS), ci)
    else:
        low, high = wilson_interval(count, tokens, ci)
    out = rates.copy()
    out.attrs["interval"] = "documents" if over_documents else "tokens"
    out["per_1k_low"] = 1000.0 * low
    out["per_1k_high"] = 1000.0 * high
    return out


def _fill_periods(table: pd.DataFrame, freq: str, by_category: bool, groups=("outlet",)) -> pd.DataFrame:
    if table.empty:
        return table
    pieces = []
    groups = list(groups)
    cats = sorted(table["category"].unique()) if by_category else [None]
    step = {"week": "W-MON", "month": "MS", "quarter": "QS-JAN", "year": "YS"}[freq]
    for key, group in table.groupby(groups, sort=True):
        periods = pd.date_range(group["period"].min(), group["period"].max(), freq=step).strftime("%Y-%m-%d")
        grid = {"period": np.repeat(periods.to_numpy(dtype=object), len(cats))}
        if by_category:
            grid["category"] = np.tile(np.asarray(cats, dtype=object), len(periods))
        piece = pd.DataFrame(grid)
        for name, value in zip(groups, key, strict=True):
            piece.insert(len(piece.columns) - len(grid), name, value)
        pieces.append(piece)
    keys = [*groups, "period"] + (["category"] if by_category else [])
    full = pd.concat(pieces, ignore_index=True).merge(table, on=keys, how="left")
    present = [c for c in SUMS if c in full.columns]
    full[present] = full[present].fillna(0).astype("int64")
    return full.sort_values(keys, kind="stable").reset_index(drop=True)
