"""Load a corpus into the documents table, clean boilerplate, and keep an audit.

Sources: whatever :mod:`framing.io` reads (a folder of ``.txt`` files with ``metadata.csv``
or front matter, CSV / TSV, JSONL, Parquet, a DataFrame), under its strict rules: a bad
record stops the load with a :class:`CorpusError` naming it.

What happens to the text
    ``raw`` is the decoded file text, untouched.  ``text`` is ``raw`` without a byte
    order mark, with CRLF / CR line ends made LF, and without the spans that the
    cleaning rules (``framing/data/cleaning_rules.toml``) remove (:mod:`framing.clean`).
    Every removed span is a row of ``Corpus.removed`` (offsets into ``raw``); every other
    change or problem is a row of ``Corpus.report``.  :meth:`Corpus.raw_span` maps an
    offset pair in ``text`` back to ``raw``.

What happens to the metadata (:mod:`framing.io.meta`)
    ``date`` is the date read into ISO form at its precision (``YYYY-MM-DD``, ``YYYY-MM``,
    ``YYYY``) or ``""``; when any value was changed or not read, ``date_raw`` (the first
    column after :data:`framing.schema.DOCUMENTS`) keeps every value as given.  A metadata
    column with a name the library computes (:data:`framing.io.RESERVED`) is kept as
    ``user_<name>``; ``aliases`` map group names; every such change is a report row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.clean import (
    OffsetMap,
    Rule,
    clean_document,
    clean_text,
    cleaning_rules,
    find_boilerplate,
    load_rules,
    removed_table,
)
from framing.io import MAX_DOCUMENT_CHARS, CorpusError, iter_batches, read_metadata
from framing.schema import DOCUMENTS, LOAD_REPORT
from framing.text import count_words, sentence_spans

__all__ = [
    "Corpus", "CorpusError", "OffsetMap", "Rule", "clean_text", "find_boilerplate", "load_corpus", "load_rules",
    "read_metadata",
]


# --- The corpus ---


@dataclass
class Corpus:
    """A loaded corpus.

    ``documents``: one row per document (:data:`framing.schema.DOCUMENTS`, then any other
    metadata columns), sorted by ``doc_id``.  ``removed``: the cleaning audit
    (:data:`framing.schema.REMOVED`).  ``report``: every other change or problem
    (:data:`framing.schema.LOAD_REPORT`).
    """

    documents: pd.DataFrame
    removed: pd.DataFrame
    report: pd.DataFrame
    offset_maps: dict[str, OffsetMap] = field(default_factory=dict, repr=False)

    def raw_span(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``raw`` of the span ``[start, end)`` of the cleaned ``text``."""
        if doc_id not in self.offset_maps:
            raise KeyError(f"no document with doc_id {doc_id!r} in this corpus")
        return self.offset_maps[doc_id].span(start, end)

    def select(self, outlets: Iterable[str] | None = None, doc_ids: Iterable[str] | None = None) -> Corpus:
        """A new Corpus with only the documents of ``outlets`` and/or ``doc_ids``."""
        keep = pd.Series(True, index=self.documents.index)
        for column, wanted, arg in (("outlet", outlets, "outlets"), ("doc_id", doc_ids, "doc_ids")):
            if wanted is None:
                continue
            wanted = [wanted] if isinstance(wanted, str) else list(wanted)
            unknown = sorted(set(wanted) - set(self.documents[column]))
            if unknown:
                have = ", ".join(sorted(self.documents[column].unique()))
                raise ValueError(f"{arg}: {', '.join(map(repr, unknown))} not in this corpus; it has {have}")
            keep &= self.documents[column].isin(wanted)
        docs = self.documents[keep].reset_index(drop=True)
        ids = set(docs["doc_id"])
        return Corpus(
            docs,
            self.removed[self.removed["doc_id"].isin(ids)].reset_index(drop=True),
            self.report[self.report["doc_id"].isin(ids) | self.report["doc_id"].isna()].reset_index(drop=True),
            {k: v for k, v in self.offset_maps.items() if k in ids},
        )

    def summary(self) -> pd.DataFrame:
        """Per outlet: documents, tokens, sentences, characters removed by cleaning.

        ``attrs["undated"]``: the number of documents without a usable date (``date`` ``""``).
        """
        docs = self.documents
        removed_chars = (self.removed["end"] - self.removed["start"]).groupby(self.removed["doc_id"]).sum()
        per_doc = docs[["doc_id", "outlet", "n_tokens", "n_sentences"]].assign(
            removed_spans=docs["doc_id"].map(self.removed["doc_id"].value_counts()).fillna(0).astype("int64"),
            removed_chars=docs["doc_id"].map(removed_chars).fillna(0).astype("int64"),
        )
        out = per_doc.groupby("outlet", sort=True).agg(
            documents=("doc_id", "size"),
            tokens=("n_tokens", "sum"),
            sentences=("n_sentences", "sum"),
            removed_spans=("removed_spans", "sum"),
            removed_chars=("removed_chars", "sum"),
        )
        out = out.reset_index()
        out.attrs["undated"] = int((docs["date"] == "").sum())
        return out

    def __repr__(self) -> str:
        """``Corpus(N documents, K outlets, ...)``; grouped by another column (the report's ``--by``, which keeps
        the outlet in ``outlet_name``): ``K groups, M outlets``."""
        docs = self.documents
        groups = f"{docs['outlet'].nunique()} outlets"
        if "outlet_name" in docs.columns:
            groups = f"{docs['outlet'].nunique()} groups, {docs['outlet_name'].nunique()} outlets"
        return (
            f"Corpus({len(docs)} documents, {groups}, "
            f"{int(docs['n_tokens'].sum())} tokens, {int(docs['n_sentences'].sum())} sentences, "
            f"{len(self.removed)} removed spans, {len(self.report)} report rows)"
        )


def load_corpus(
    source,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding="utf-8",
    clean: bool = True,
    rules: str | Path | None = None,
    builtin_rules: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    aliases=None,
    metadata_encoding="utf-8",
    metadata_sep: str | None = None,
    max_document_chars: int = MAX_DOCUMENT_CHARS,
) -> Corpus:
    """Load ``source`` (a folder, a table file or a DataFrame) into a :class:`Corpus`.

    ``text_column`` / ``id_column`` name the columns of a table source.  ``encoding`` is
    the encoding of text files and tables, or a fallback list (``"utf-8,cp1252"``).
    ``clean=False`` keeps the text as read (line ends and BOM aside).  ``rules`` adds
    cleaning rules from a TOML file; ``builtin_rules=False`` drops the built-in ones.
    ``date_format`` / ``dayfirst``: how to read dates such as ``07/02/2010``
    (:func:`framing.io.read_date`).  ``aliases``: ``{alias: name}`` for outlets,
    ``{column: {alias: name}}``, or a CSV file ``column,alias,name``.  ``metadata_encoding``
    / ``metadata_sep``: of a folder's metadata.csv (the separator sniffed when None).
    ``max_document_chars``: a longer document is an error (default 50,000,000; README "Security and limits").
    """
    rule_list = cleaning_rules(clean, rules, builtin_rules)
    batches = iter_batches(source, batch_size=10_000, text_column=text_column, id_column=id_column,
                           encoding=encoding, strict=True, date_format=date_format, dayfirst=dayfirst,
                           aliases=aliases, metadata_encoding=metadata_encoding,
                           metadata_sep=metadata_sep, max_document_chars=max_document_chars)  # fmt: skip
    return _build(list(batches), rule_list, "DataFrame" if isinstance(source, pd.DataFrame) else str(source))


def _same_text(documents: pd.DataFrame) -> list[tuple]:
    """A ``same_text`` report row for each document whose raw text (``raw_sha256``) equals that of a document with
    an earlier doc_id: a copy (a syndicated story, a crawl twice over) counts twice unless dropped.  Empty documents
    have their own row (``empty``)."""
    seen: dict[str, str] = {}
    rows = []
    for doc_id, sha, source, n in zip(documents["doc_id"], documents["raw_sha256"], documents["source"],
                                      documents["n_tokens"], strict=True):
        if n == 0:
            continue
        if sha in seen:
            rows.append((doc_id, source, "same_text", f"same text as {seen[sha]!r}; both are counted (drop one if "
                                                      f"it is a copy)"))
        else:
            seen[sha] = doc_id
    return rows


def _build(batches: list, rules, where: str) -> Corpus:
    report = [note for b in batches for note in b.notes]
    rows, removed, maps = [], [], {}
    for batch in batches:
        for rec, extra in zip(batch.documents.itertuples(index=False), batch.extra, strict=True):
            doc_id, front, source, meta = rec.doc_id, extra["front"], extra["location"], dict(extra["meta"])
            raw = front + rec.text
            text, maps[doc_id], audit, notes = clean_document(doc_id, raw, rules, front=len(front))
            removed.extend(audit)
            for issue, detail in notes.items():
                report.append((doc_id, source, issue, detail))
            if not text.strip():
                report.append((doc_id, source, "empty", "document has no text after cleaning; it scores zero"))
            rows.append(
                {
                    "doc_id": doc_id,
                    "outlet": rec.outlet,
                    "date": rec.date,
                    "title": meta.pop("title", ""),
                    "text": text,
                    "raw": raw,
                    "raw_sha256": extra["sha256"],
                    "source": source,
                    "n_chars": len(text),
                    "n_tokens": count_words(text),
                    "n_sentences": len(sentence_spans(text)),
                    "date_raw": extra["date_raw"],
                    **meta,
                }
            )
            if rec.outlet == "unknown":
                report.append((doc_id, source, "no_outlet", "no outlet given; grouped as 'unknown'"))
    if not rows:
        raise CorpusError(f"{where} holds no documents")
    # cleaning changed no text: raw and text are one string each, kept as one buffer (a huge record once, not twice)
    shared = all(r["raw"] is r["text"] for r in rows)
    documents = pd.DataFrame([{k: v for k, v in r.items() if k != "raw"} for r in rows] if shared else rows)
    if shared:
        documents["raw"] = documents["text"]
    if (documents["date_raw"] == documents["date"]).all():
        documents = documents.drop(columns="date_raw")
    extra_columns = sorted(c for c in documents.columns if c not in DOCUMENTS)
    if "date_raw" in extra_columns:
        extra_columns = ["date_raw"] + [c for c in extra_columns if c != "date_raw"]
    documents[extra_columns] = documents[extra_columns].fillna("")  # a field some documents lack: ""
    documents = documents[list(DOCUMENTS) + extra_columns].sort_values("doc_id", kind="stable").reset_index(drop=True)
    documents = documents.astype({"n_chars": "int64", "n_tokens": "int64", "n_sentences": "int64"})
    if shared:
        documents["raw"] = documents["text"]
    report.extend(_same_text(documents))
    report_frame = pd.DataFrame(report, columns=list(LOAD_REPORT))
    report_frame = report_frame.sort_values("doc_id", kind="stable", na_position="first").reset_index(drop=True)
    return Corpus(documents, removed_table(removed), report_frame, maps)
