"""The sentence x unit count table of :mod:`framing.contrast`, built once and reused; group labels.

:func:`unit_table` counts the units (:func:`~framing.contrast.unit_spans` rules) of every
sentence of a corpus; :func:`~framing.contrast.fightin_words`, :func:`~framing.contrast.keyness`,
:func:`~framing.contrast.compare_groups` and the resampling functions take it as ``units=`` so
that several contrasts (by outlet, by lean, ...) share one pass over the text.  Groups are
attached per call (:func:`group_labels` of ``by``), so one table serves every ``by``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from framing.contrast.units import (
    DOCUMENT_NOTE,
    ONE_DOCUMENT_NOTE,
    REST,
    SENTENCE_NOTE,
    _phrase_keys,
    _stop_set,
    scan_documents,
)
from framing.groups import MISSING, as_keys, by_names, check_columns, check_group  # noqa: F401  (MISSING re-exported)
from framing.schema import as_documents

#: Separator of the values of several ``by`` columns in one group label.
JOIN = " / "


# --- Group labels ---


def group_labels(corpus, by="outlet", *, arg: str = "by") -> pd.Series:
    """The group label of each document (index of ``documents``), as strings.

    ``by``: a documents column or a list of them (values joined by :data:`JOIN`), checked and
    keyed by :mod:`framing.groups` (the rules of every ``by=`` in the package): a missing or
    blank value reads :data:`MISSING`; an unknown column is a ``ValueError`` listing the
    columns there are; a list value is a ``ValueError`` (:func:`framing.groups.one_value`).  ``arg``: the
    argument's name in messages.
    """
    docs = as_documents(corpus, arg="corpus")
    names = by_names(by, arg=arg)
    check_columns(names, docs.columns, arg=arg)
    labels = as_keys(docs[names[0]], arg=arg)
    for col in names[1:]:
        labels = labels + JOIN + as_keys(docs[col], arg=arg)
    return labels.rename("group")


def choose_message(groups, *, by="outlet", arg_a="a", arg_b="b", function="this function") -> str:
    """The error text of a function that needs two groups and was given more: how to choose."""
    names = sorted(map(str, groups))
    shown = ", ".join(map(repr, names[:12])) + (f", … ({len(names)} in all)" if len(names) > 12 else "")
    first, second = (names + ["A", "B"])[:2]
    return (
        f"by={by!r} has {len(names)} groups ({shown}); {function} compares two: pass {arg_a}={first!r}, "
        f"{arg_b}={second!r} (one pair) or {arg_a}={first!r} alone (that group against the rest), or use "
        f"framing.contrast.compare_groups(corpus, by={by!r}, design='one_vs_rest' or 'pairwise') for all of them"
    )


# --- The sentence x unit count table ---


@dataclass(frozen=True)
class UnitTable:
    """Unit counts of one corpus: sentences (rows, documents in corpus order) x units (columns).

    counts (sparse, sentences x vocab), n_tokens (word tokens per sentence, before any
    filtering), doc and sent_id per sentence, vocab (sorted units), doc_ids (the corpus's
    documents in order), and the settings it was counted with (phrases, stop_words,
    house_style).
    """

    counts: sparse.csr_matrix
    n_tokens: np.ndarray
    doc: np.ndarray
    sent_id: np.ndarray
    vocab: np.ndarray
    doc_ids: np.ndarray
    phrases: tuple | None
    stop_words: object
    house_style: object

    def __repr__(self) -> str:
        return (f"UnitTable({len(self.doc_ids)} documents, {self.counts.shape[0]} sentences, "
                f"{len(self.vocab)} units, {int(self.counts.sum())} counted)")


def unit_table(corpus, *, phrases=None, stop_words="default", house_style=None) -> UnitTable:
    """Count the units of every sentence of ``corpus`` once (rules, ``phrases``, ``stop_words``,
    ``house_style``: :func:`~framing.contrast.unit_spans`); pass the result as ``units=`` to
    fightin_words, keyness, compare_groups and count_units."""
    docs = as_documents(corpus, arg="corpus")
    if len(docs) == 0:
        raise ValueError("corpus has no documents")
    keys = _phrase_keys(phrases)
    stop = _stop_set(stop_words, house_style)
    rows, units, ntoks, doc, sent_id = [], [], [], [], []
    offset = 0
    for doc_id, _, ntok, (sent, _, _, unit, _) in scan_documents(docs, keys, stop):
        rows.append(np.asarray(sent, dtype=np.int64) + offset)
        units += unit
        ntoks.append(ntok)
        doc.append(np.full(len(ntok), doc_id, dtype=object))
        sent_id.append(np.arange(len(ntok), dtype=np.int64))
        offset += len(ntok)
    codes, uniques = pd.factorize(np.array(units, dtype=object))
    names = list(uniques)
    order = np.array(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)  # sorted vocabulary
    vocab = np.array([names[i] for i in order], dtype=object)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    counts = sparse.csr_matrix(
        (np.ones(len(codes), dtype=np.float64), (np.concatenate(rows), rank[codes])), shape=(offset, len(vocab))
    )
    counts.sum_duplicates()
    return UnitTable(
        counts=counts,
        n_tokens=np.concatenate(ntoks).astype(np.float64),
        doc=np.concatenate(doc),
        sent_id=np.concatenate(sent_id),
        vocab=vocab,
        doc_ids=docs["doc_id"].to_numpy(dtype=object),
        phrases=None if phrases is None else tuple(phrases),
        stop_words=stop_words,
        house_style=house_style,
    )


@dataclass
class _Table:
    """A :class:`UnitTable` with the group label of each sentence."""

    counts: sparse.csr_matrix  # sentences x vocab
    n_tokens: np.ndarray  # word tokens per sentence (all tokens, before any filtering)
    group: np.ndarray  # group label per sentence
    doc: np.ndarray  # doc_id per sentence
    sent_id: np.ndarray
    vocab: np.ndarray  # sorted units
    docs_per_group: dict
    by: object = "outlet"


def _units_for(docs, units, phrases, stop_words, house_style) -> UnitTable:
    """``units`` checked against ``docs`` and the call's settings, or a new :func:`unit_table`."""
    if units is None:
        return unit_table(docs, phrases=phrases, stop_words=stop_words, house_style=house_style)
    if not isinstance(units, UnitTable):
        raise TypeError(f"units must be a table from framing.contrast.unit_table(corpus), not {type(units).__name__}")
    if phrases is not None or house_style is not None or not (isinstance(stop_words, str) and stop_words == "default"):
        raise ValueError("units= was counted with its own phrases, stop_words and house_style; pass them to "
                         "unit_table(corpus, ...) instead of this call")
    if len(units.doc_ids) != len(docs) or not np.array_equal(units.doc_ids, docs["doc_id"].to_numpy(dtype=object)):
        raise ValueError("units= was counted on another corpus (its documents differ from corpus's); "
                         "build it with unit_table(corpus, ...) on this corpus")
    return units


def _build(corpus, by, phrases, stop_words, house_style=None, units=None) -> _Table:
    docs = as_documents(corpus, arg="corpus")
    labels = group_labels(docs, by)
    if len(docs) == 0:
        raise ValueError("corpus has no documents")
    table = _units_for(docs, units, phrases, stop_words, house_style)
    doc_group = dict(zip(docs["doc_id"], labels, strict=True))
    return _Table(
        counts=table.counts,
        n_tokens=table.n_tokens,
        group=np.array([doc_group[d] for d in table.doc], dtype=object),
        doc=table.doc,
        sent_id=table.sent_id,
        vocab=table.vocab,
        docs_per_group=labels.value_counts().to_dict(),
        by=by,
    )
def pick_pair(labels, a, b, *, arg_a="a", arg_b="b", by="outlet", function=None):
    """The two sides of a comparison of the groups ``labels``: ``(label_a, label_b, members_a, members_b)``.

    ``a`` and ``b``: a named pair; ``a`` alone: that group against the rest (:data:`REST`, or the
    other group when there is one); neither: the two groups when there are exactly two, else a
    ``ValueError`` saying how to choose (:func:`choose_message` of ``function`` when named).
    """
    labels = sorted(set(labels))
    for arg, value in ((arg_a, a), (arg_b, b)):
        if value is not None:
            check_group(value, labels, arg)
    if a is None:
        if b is not None:
            raise ValueError(f"{arg_b} is given without {arg_a}; name {arg_a} too (or neither, with two groups)")
        if len(labels) > 2 and function:
            raise ValueError(choose_message(labels, by=by, arg_a=arg_a, arg_b=arg_b, function=function))
        if len(labels) != 2:
            raise ValueError(
                f"the corpus has {len(labels)} group(s) ({', '.join(map(repr, labels))}); pass {arg_a}= "
                f"(one group against the rest) or {arg_a}= and {arg_b}= (a named pair), or use "
                f"framing.contrast.compare_groups(corpus, by={by!r}, design='one_vs_rest' or 'pairwise') "
                f"for every comparison"
            )
        a, b = labels
    a = str(a)
    if b is None:
        rest = [g for g in labels if g != a]
        if not rest:
            raise ValueError(f"{arg_a}={a!r} is the only group; a contrast needs at least two groups")
        return a, (rest[0] if len(rest) == 1 else REST), {a}, set(rest)
    b = str(b)
    if a == b:
        raise ValueError(f"{arg_a} and {arg_b} are both {a!r}; name two different groups")
    return a, b, {a}, {b}


@dataclass
class _Pair:
    label_a: str
    label_b: str
    rows_a: np.ndarray
    rows_b: np.ndarray
    docs_a: int
    docs_b: int


def _pair(table: _Table, a, b, *, arg_a="a", arg_b="b") -> _Pair:
    la, lb, ma, mb = pick_pair(table.docs_per_group, a, b, arg_a=arg_a, arg_b=arg_b, by=table.by)
    rows_a = np.flatnonzero(np.isin(table.group, list(ma)))
    rows_b = np.flatnonzero(np.isin(table.group, list(mb)))
    docs_a = sum(table.docs_per_group[g] for g in ma)
    docs_b = sum(table.docs_per_group[g] for g in mb)
    return _Pair(la, lb, rows_a, rows_b, docs_a, docs_b)


def _note(docs_a: int, docs_b: int, resampling: str | None = None) -> str:
    parts = []
    if min(docs_a, docs_b) < 2:
        parts.append(ONE_DOCUMENT_NOTE if max(docs_a, docs_b) == 1 else
                     "a group has a single document: document-level inference is impossible for it; "
                     "z reflects word-level sampling only")
    if resampling == "sentence":
        parts.append(SENTENCE_NOTE)
    elif resampling == "document":
        parts.append(DOCUMENT_NOTE)
    return "; ".join(parts)


# --- Counting ---


def count_units(corpus, *, by="outlet", phrases=None, stop_words="default", house_style=None,
                units=None) -> pd.DataFrame:
    """Long table of unit counts: group, unit, count (only units that occur).

    ``group``: :func:`group_labels` of ``by`` (a column or a list of them).  Units,
    ``stop_words`` and ``house_style``: :func:`~framing.contrast.unit_spans`; ``units``: a
    :func:`unit_table` of ``corpus`` (then those settings are its own).  Sorted by group,
    count descending, unit.
    """
    table = _build(corpus, by, phrases, stop_words, house_style, units)
    coo = table.counts.tocoo()
    frame = pd.DataFrame({"group": table.group[coo.row], "unit": table.vocab[coo.col], "count": coo.data})
    frame = frame.groupby(["group", "unit"], as_index=False)["count"].sum()
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["group", "count", "unit"], ascending=[True, False, True], kind="stable").reset_index(
        drop=True
    )
