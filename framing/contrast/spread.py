"""How the uses of each unit spread over the sources (outlets) inside a group of documents.

When a group pools several outlets (a political lean, a topic), a unit can be "key" for the
group only because one outlet writes it: its page furniture ("Update at 4:06 p.m. ET"), its
name ("foxnews.com"), a podcast host's name in its transcripts.  That is a fact about the
outlet, not about the group.  Corpus linguistics calls the check *dispersion* (Gries 2008,
"Dispersions and adjusted frequencies in corpora", International Journal of Corpus
Linguistics 13(4); Egbert & Biber 2019, "Incorporating text dispersion into keyword
analyses", Corpora 14(1)): a key word should be used across the texts of a corpus, not in one
part of it.  Here the parts are the group's sources.

:func:`source_spread` gives, for each group and unit: count (uses in the group),
n_documents (documents using it), n_sources (sources using it), top_source (the source
with the most uses; ties: the first in sorted order), top_share = top_source's uses /
count, and dp, Gries's deviation of proportions over the sources:

    dp = 0.5 * sum_i |v_i - s_i|

with v_i the share of the unit's uses in source i and s_i source i's share of the side's
word tokens (0: used in proportion to the sources' sizes; near 1: used in a small part).
dp is the share of the uses that would have to move to other sources for the unit to follow
their sizes.  A unit is *concentrated* on a side when dp >= :data:`MAX_DP` (half of its
uses would have to move; a unit used by one of two equal sources has dp = 0.5) and the side
holds two or more sources (a side of one source cannot be anything else).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from framing.contrast.table import UnitTable, _units_for, group_labels
from framing.contrast.units import REST
from framing.groups import as_keys, check_columns, check_group
from framing.schema import as_documents

#: A unit is concentrated on a side when its dp (deviation of proportions over the sources) reaches this.
MAX_DP = 0.5

#: Columns of :func:`source_spread` (``group`` first) and :func:`side_spread` (indexed by unit).
SPREAD_COLUMNS = ("count", "n_documents", "n_sources", "top_source", "top_share", "dp")


def side_spread(units: UnitTable, doc_source: pd.Series, doc_ids) -> pd.DataFrame:
    """Spread of every unit used in the documents ``doc_ids`` (a side of a contrast).

    ``units``: a :func:`~framing.contrast.unit_table`; ``doc_source``: the source of each
    document, indexed by doc_id.  Index: unit (the units with count > 0, sorted); columns:
    :data:`SPREAD_COLUMNS`.
    """
    chosen = pd.Index(pd.unique(np.asarray(list(doc_ids), dtype=object)))
    row_doc = pd.Index(chosen).get_indexer(units.doc)  # per sentence: its document among doc_ids, or -1
    inside = np.flatnonzero(row_doc >= 0)
    sources, source_code = np.unique(doc_source.reindex(chosen).astype(str).to_numpy(), return_inverse=True)

    def rows_to(codes: np.ndarray, n: int) -> sparse.csr_matrix:  # (n x vocab) sums of the sentences of `inside`
        pick = sparse.csr_matrix((np.ones(len(inside)), (codes, inside)), shape=(n, units.counts.shape[0]))
        return (pick @ units.counts).tocsc()

    by_doc = rows_to(row_doc[inside], len(chosen))
    by_source = rows_to(source_code[row_doc[inside]], len(sources))
    tokens = np.bincount(source_code[row_doc[inside]], weights=units.n_tokens[inside], minlength=len(sources))
    size = tokens / tokens.sum() if tokens.sum() > 0 else np.full(len(sources), 1 / max(len(sources), 1))
    count = np.asarray(by_source.sum(axis=0)).ravel()
    used = np.flatnonzero(count > 0)
    by_source = by_source[:, used]
    by_source.sort_indices()  # sources in order inside each column: the first maximum is the first source
    n_sources = np.diff(by_source.indptr)
    column = np.repeat(np.arange(len(used)), n_sources)
    v = by_source.data / count[used][column]
    s = size[by_source.indices]
    # sum_i |v_i - s_i| = 1 + sum over the sources that use the unit of (|v_i - s_i| - s_i)
    dp = 0.5 * (1 + np.bincount(column, weights=np.abs(v - s) - s, minlength=len(used)))
    top = np.zeros(len(used))
    np.maximum.at(top, column, by_source.data)
    at_top = np.flatnonzero(by_source.data == top[column])  # the entries holding their column's maximum
    first = np.unique(column[at_top], return_index=True)[1]  # the first per column: sources are sorted
    top_code = by_source.indices[at_top[first]]
    frame = pd.DataFrame(
        {
            "count": count[used].astype(np.int64),
            "n_documents": np.diff(by_doc[:, used].indptr).astype(np.int64),
            "n_sources": n_sources.astype(np.int64),
            "top_source": sources[top_code].astype(object),
            "top_share": top / count[used],
            "dp": np.clip(dp, 0.0, 1.0),
        },
        index=pd.Index(units.vocab[used], name="unit"),
    )
    frame.attrs["n_sources"] = len(sources)
    return frame


def concentrated(spread: pd.DataFrame, max_dp: float = MAX_DP) -> pd.Index:
    """The units of a :func:`side_spread` table used in a small part of the side's sources: dp >= ``max_dp``
    (to 1e-9) on a side of two or more sources (none on a side of one source)."""
    if spread.attrs.get("n_sources", 2) < 2:
        return pd.Index([], name="unit", dtype=object)
    return spread.index[spread["dp"].to_numpy() >= max_dp - 1e-9]


def _sides_of(corpus, by, source, units):
    """(documents, group label per document, the unit table, source per doc_id) of a spread call."""
    docs = as_documents(corpus, arg="corpus")
    check_columns([source], docs.columns)
    labels = group_labels(docs, by).to_numpy()
    doc_source = pd.Series(as_keys(docs[source]).to_numpy(), index=docs["doc_id"].to_numpy())
    return docs, labels, _units_for(docs, units, None, "default", None), doc_source


def source_spread(corpus, *, by="outlet", source="outlet", units=None) -> pd.DataFrame:
    """Spread of each unit over the ``source`` values inside each group of ``by``.

    Columns: group, unit, then :data:`SPREAD_COLUMNS` (see the module docstring).  Rows: units
    used in the group, sorted by group, then count descending, then unit.  ``by``: as every
    ``by=`` (:func:`~framing.contrast.group_labels`); ``source``: a documents column (a
    missing value reads as its own source, ``(missing)``); ``units``: a
    :func:`~framing.contrast.unit_table` of ``corpus`` (default: counted here, default settings).
    """
    docs, labels, table, doc_source = _sides_of(corpus, by, source, units)
    ids = docs["doc_id"].to_numpy()
    parts = [side_spread(table, doc_source, ids[labels == g]).reset_index().assign(group=g)
             for g in sorted(pd.unique(labels))]
    frame = pd.concat(parts, ignore_index=True)[["group", "unit", *SPREAD_COLUMNS]]
    return frame.sort_values(["group", "count", "unit"], ascending=[True, False, True], kind="stable").reset_index(
        drop=True
    )


def pair_spread(corpus, a, b, *, by="outlet", source="outlet", units=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`side_spread` of the two sides of a contrast: the documents of group ``a`` and of group ``b``
    (``b`` = :data:`~framing.contrast.REST`: every document not in ``a``); groups as ``by=``, sources the
    documents column ``source``, ``units`` as in :func:`source_spread`.  A name that is not a group of ``by``
    is a ``ValueError`` listing the groups."""
    docs, labels, table, doc_source = _sides_of(corpus, by, source, units)
    groups = sorted(pd.unique(labels))
    a = check_group(a, groups, "a")
    in_b = labels != a if b == REST else labels == check_group(b, groups, "b")
    ids = docs["doc_id"].to_numpy()
    return side_spread(table, doc_source, ids[labels == a]), side_spread(table, doc_source, ids[in_b])
