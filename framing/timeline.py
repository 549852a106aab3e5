"""Over time: loaded-term rates per outlet by week or month.

The table between the scoring stage and this one is the *document scores* table
(:data:`DOC_SCORES`): one row per document × category with the hit ``count`` and the
document's ``n_tokens`` (repeated on each of its rows), plus its ``outlet`` and ``date``.
:func:`framing.score.score_stream` gives ``doc_id, category, count, n_tokens``;
:func:`with_metadata` adds outlet and date.

Aggregation only sums integers (documents, hits, tokens) and divides last, so any way of
splitting the work (chunks, processes, Dask partitions) gives exactly the same table.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from framing.lexicon import STANCE_CATEGORIES
from framing.schema import require_columns

#: One row per document × category.
DOC_SCORES = ("doc_id", "outlet", "date", "category", "count", "n_tokens")

#: Integer sums per group; :func:`finish` adds ``per_1k``.
SUMS = ("n_documents", "count", "n_tokens")

#: One row per outlet × period [× category]: ``per_1k = 1000 * count / n_tokens``
#: (0 when ``n_tokens`` is 0).
RATES = ("outlet", "period", "category", "n_documents", "count", "n_tokens", "per_1k")

#: Accepted values of ``freq``.
FREQS = ("week", "month", "year")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def period_of(dates, freq: str = "month") -> pd.Series:
    """The period each date falls in, as the period's first day (``YYYY-MM-DD`` strings).

    ``freq``: ``"week"`` (ISO weeks, starting Monday), ``"month"`` or ``"year"``.
    ``dates``: strings ``YYYY-MM-DD`` (anything after the day, such as a time, is
    ignored), ``YYYY-MM`` or ``YYYY``, or datetimes.  A date too coarse for ``freq``
    (``2020-11`` by week), empty or unreadable gives ``""``: callers report those
    documents as undated at that resolution rather than guessing.
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
    if not value or value in ("NaT", "nan", "None"):
        return ""
    value = value.strip()
    m = _DAY.match(value)
    if m:
        try:
            day = pd.Timestamp(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return ""
        if freq == "week":
            day = day - pd.Timedelta(days=day.weekday())
            return day.strftime("%Y-%m-%d")
        if freq == "month":
            return f"{m[1]}-{m[2]}-01"
        return f"{m[1]}-01-01"
    m = _MONTH.match(value)
    if m and 1 <= int(m[2]) <= 12:
        if freq == "month":
            return f"{m[1]}-{m[2]}-01"
        return f"{m[1]}-01-01" if freq == "year" else ""
    m = _YEAR.match(value)
    if m and freq == "year":
        return f"{m[1]}-01-01"
    return ""


def with_metadata(doc_scores: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``doc_scores`` (doc_id, category, count, n_tokens) with each document's outlet and date.

    ``documents`` needs ``doc_id``; missing ``outlet`` / ``date`` columns give ``""``.
    Columns :data:`DOC_SCORES`, order of ``doc_scores`` kept.
    """
    require_columns(doc_scores, ("doc_id", "category", "count", "n_tokens"), name="document scores", arg="doc_scores")
    require_columns(documents, ("doc_id",), name="documents", arg="documents")
    meta = pd.DataFrame({"doc_id": documents["doc_id"].to_numpy()})
    for col in ("outlet", "date"):
        meta[col] = documents[col].fillna("").astype(str).to_numpy() if col in documents.columns else ""
    out = doc_scores.drop(columns=[c for c in ("outlet", "date") if c in doc_scores.columns])
    out = out.merge(meta.drop_duplicates("doc_id"), on="doc_id", how="left", validate="many_to_one")
    out[["outlet", "date"]] = out[["outlet", "date"]].fillna("")
    return out[list(DOC_SCORES) + [c for c in out.columns if c not in DOC_SCORES]]


def sums(doc_scores: pd.DataFrame, *, by=("outlet", "category"), freq: str | None = None) -> pd.DataFrame:
    """Integer sums (:data:`SUMS`) of a document scores table per group of ``by``.

    With ``freq`` a ``period`` column (:func:`period_of` of ``date``) is added and may be
    named in ``by``.  ``n_documents`` counts distinct documents; ``n_tokens`` is summed
    over documents (once each per category).  Sorted by ``by``.
    """
    by = list(by)
    require_columns(doc_scores, ["doc_id", "count", "n_tokens"], name="document scores", arg="doc_scores")
    frame = doc_scores
    if freq is not None:
        frame = frame.assign(period=period_of(frame["date"], freq).to_numpy())
    require_columns(frame, by, name="document scores", arg="doc_scores")
    if frame.empty:
        return pd.DataFrame({**{c: pd.Series([], dtype=object) for c in by}, **{c: [] for c in SUMS}}).astype(
            dict.fromkeys(SUMS, "int64")
        )
    grouped = frame.groupby(by, sort=True, dropna=False)
    out = grouped.agg(n_documents=("doc_id", "nunique"), count=("count", "sum"), n_tokens=("n_tokens", "sum"))
    out = out.reset_index()
    if "category" not in by:
        # n_tokens repeats on every category row of a document: count each document once
        per_doc = frame.drop_duplicates([*by, "doc_id"]).groupby(by, sort=True, dropna=False)["n_tokens"].sum()
        out["n_tokens"] = per_doc.to_numpy()
    return out.astype(dict.fromkeys(SUMS, "int64"))


def add_sums(a: pd.DataFrame, b: pd.DataFrame, by) -> pd.DataFrame:
    """Merge two sums tables of disjoint document sets (for chunked or partitioned work)."""
    both = pd.concat([a, b], ignore_index=True)
    return both.groupby(list(by), sort=True, dropna=False)[list(SUMS)].sum().reset_index()


def finish(sums_table: pd.DataFrame) -> pd.DataFrame:
    """``sums_table`` with ``per_1k = 1000 * count / n_tokens`` (0 where ``n_tokens`` is 0)."""
    out = sums_table.copy()
    tokens = out["n_tokens"].to_numpy(dtype="float64")
    count = out["count"].to_numpy(dtype="float64")
    out["per_1k"] = np.where(tokens > 0, 1000.0 * count / np.where(tokens > 0, tokens, 1.0), 0.0)
    return out


def rates_over_time(
    doc_scores: pd.DataFrame, *, freq: str = "month", categories=None, by_category: bool = False
) -> pd.DataFrame:
    """Loaded-term rates per outlet × period: columns :data:`RATES` (``category`` only if ``by_category``).

    ``categories``: the categories counted (default: every loaded-term category, i.e. all
    but :data:`framing.lexicon.STANCE_CATEGORIES`).  Documents whose date cannot be placed
    at ``freq`` are left out of the table and listed in ``result.attrs["undated"]``
    (their doc_ids, sorted).  Every outlet × period between an outlet's first and last
    period appears, with zeros for periods without documents, so gaps show as gaps.
    """
    require_columns(doc_scores, DOC_SCORES, name="document scores", arg="doc_scores")
    if categories is None:
        keep = ~doc_scores["category"].isin(STANCE_CATEGORIES)
    else:
        cats = [categories] if isinstance(categories, str) else list(categories)
        keep = doc_scores["category"].isin(cats)
    frame = doc_scores[keep].assign(period=period_of(doc_scores.loc[keep, "date"], freq).to_numpy())
    undated = sorted(frame.loc[frame["period"] == "", "doc_id"].unique().tolist(), key=str)
    frame = frame[frame["period"] != ""]
    by = ["outlet", "period"] + (["category"] if by_category else [])
    table = sums(frame, by=by)
    table = _fill_periods(table, freq, by_category)
    table = finish(table)
    table.attrs["undated"] = undated
    return table[[c for c in RATES if c in table.columns]]


def _fill_periods(table: pd.DataFrame, freq: str, by_category: bool) -> pd.DataFrame:
    if table.empty:
        return table
    pieces = []
    cats = sorted(table["category"].unique()) if by_category else [None]
    step = {"week": "W-MON", "month": "MS", "year": "YS"}[freq]
    for outlet, group in table.groupby("outlet", sort=True):
        periods = pd.date_range(group["period"].min(), group["period"].max(), freq=step).strftime("%Y-%m-%d")
        grid = {"outlet": outlet, "period": np.repeat(periods.to_numpy(dtype=object), len(cats))}
        if by_category:
            grid["category"] = np.tile(np.asarray(cats, dtype=object), len(periods))
        pieces.append(pd.DataFrame(grid))
    keys = ["outlet", "period"] + (["category"] if by_category else [])
    full = pd.concat(pieces, ignore_index=True).merge(table, on=keys, how="left")
    full[list(SUMS)] = full[list(SUMS)].fillna(0).astype("int64")
    return full.sort_values(keys, kind="stable").reset_index(drop=True)
