"""Readers of span-annotated corpora for :mod:`framing.validate`: PTC, BABE/MBIC tables, JSONL.

Formats: :mod:`framing.validate`.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.text import normalize

#: Columns of :attr:`Annotated.spans`.
SPANS = ("doc_id", "start", "end", "label", "surface")

#: PTC labels the loaded-term lexicon predicts (SemEval-2020 Task 11 technique names).
DEFAULT_LABELS = ("Loaded_Language", "Name_Calling,Labeling")

class AnnotationError(ValueError):
    """An annotated corpus that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Annotated:
    """A span-annotated corpus: ``documents`` (doc_id, text), ``spans`` (:data:`SPANS`).

    ``report`` lists annotations that could not be placed (doc_id, issue, detail), e.g. a
    BABE word not found in its sentence.  Sorted by doc_id (documents) and doc_id, start,
    end, label (spans).
    """

    documents: pd.DataFrame
    spans: pd.DataFrame
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["doc_id", "issue", "detail"]))

    def __repr__(self) -> str:
        return f"Annotated({len(self.documents)} documents, {len(self.spans)} spans)"

    @property
    def labels(self) -> list[str]:
        """The span labels present, sorted."""
        return sorted(self.spans["label"].unique())

    def describe(self, labels: Sequence[str] | None = DEFAULT_LABELS, *, name: str | None = None) -> str:
        """One line naming what a lexicon is scored against, for a figure caption.

        ``"Gold: NAME · D documents · S spans (U distinct) labelled A; B"`` where the spans are
        those with a label in ``labels`` (``None``: every label) and *distinct* counts spans
        with the same offsets under two labels once.
        """
        gold = self.spans if labels is None else self.spans[self.spans["label"].isin(list(labels))]
        distinct = len(gold.drop_duplicates(["doc_id", "start", "end"]))
        which = "; ".join(labels) if labels is not None else "any label"
        head = f"Gold: {name} · " if name else "Gold: "
        return f"{head}{len(self.documents)} documents · {len(gold)} spans ({distinct} distinct) labelled {which}"


def _make(docs: list[tuple[str, str]], spans: list[tuple], report: list[tuple] | None = None) -> Annotated:
    documents = pd.DataFrame(docs, columns=["doc_id", "text"]).sort_values("doc_id", kind="stable")
    spans_df = pd.DataFrame(spans, columns=list(SPANS)).astype({"start": "int64", "end": "int64"})
    spans_df = spans_df.sort_values(["doc_id", "start", "end", "label"], kind="stable").reset_index(drop=True)
    rep = pd.DataFrame(report or [], columns=["doc_id", "issue", "detail"])
    return Annotated(documents.reset_index(drop=True), spans_df, rep)


def _read(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8") from None


# --- Readers ---

_ARTICLE = re.compile(r"^article(\w+)\.txt$")


def read_ptc(path: str | Path, labels: str | Path | Sequence[str | Path] | None = None) -> Annotated:
    """Read a PTC-layout folder: ``article<ID>.txt`` files (searched recursively) and labels.

    ``labels``: label file(s); None takes every ``*.labels`` / ``*.labels.tsv`` file under
    ``path``.  Rows with 4 fields are ``id, technique, start, end``; rows with 3 fields
    ``id, start, end`` (label ``propaganda``).  Offsets are character offsets into the
    article text read as UTF-8 with line ends kept as they are.
    """
    root = Path(path)
    if not root.is_dir():
        raise AnnotationError(f"path {root} is not a folder; give the folder holding the article<ID>.txt files")
    texts: dict[str, str] = {}
    for f in sorted(root.rglob("article*.txt")):
        m = _ARTICLE.match(f.name)
        if m:
            texts[m.group(1)] = _read(f)
    if not texts:
        raise AnnotationError(f"{root}: no article<ID>.txt files; is this a PTC-layout folder?")
    if labels is None:
        files = sorted({*root.rglob("*.labels"), *root.rglob("*.labels.tsv")})
        if not files:
            raise AnnotationError(f"{root}: no *.labels files; pass labels= with the label file(s)")
    else:
        files = [Path(labels)] if isinstance(labels, str | Path) else [Path(p) for p in labels]
    spans = []
    for lf in files:
        for n, line in enumerate(_read(lf).splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split("\t")
            where = f"{lf}:{n}"
            if len(parts) == 4:
                doc, label, s, e = parts
            elif len(parts) == 3:
                doc, s, e = parts
                label = "propaganda"
            else:
                raise AnnotationError(f"{where}: {len(parts)} tab-separated fields; expected id, technique, start, end")
            try:
                start, end = int(s), int(e)
            except ValueError:
                raise AnnotationError(f"{where}: start and end must be integers, got {s!r}, {e!r}") from None
            doc = doc.strip()
            if doc not in texts:
                raise AnnotationError(f"{where}: no article{doc}.txt for article id {doc!r}")
            if not 0 <= start < end <= len(texts[doc]):
                raise AnnotationError(
                    f"{where}: span {start}-{end} is outside article {doc} (length {len(texts[doc])}) or empty"
                )
            spans.append((doc, start, end, label.strip(), texts[doc][start:end]))
    return _make(list(texts.items()), spans)


def _word_list(value, where: str) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    if value is None or (isinstance(value, float) and value != value):
        return []
    text = str(value).strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            raise AnnotationError(f"{where}: biased_words {text!r} is not a list literal like ['a', 'b']") from None
        return [str(v) for v in parsed]
    return [w.strip() for w in re.split(r"[;,]", text) if w.strip()]


def read_bias_table(
    table: str | Path | pd.DataFrame,
    *,
    text: str | None = None,
    words: str = "biased_words",
    id: str | None = None,
) -> Annotated:
    """Read a BABE / MBIC-style sentence table: one document per row, spans from ``words``.

    ``table``: a DataFrame or a ``.csv`` / ``.tsv`` / ``.jsonl`` file.  ``text``: the
    sentence column (default ``text``, else ``sentence``).  ``words``: a column of word
    lists (Python list literals as in the BABE CSV, real lists, or ``;``/``,`` separated).
    ``id``: a document id column (default: ``row<N>``, N from 0).  Every whole-word,
    case-insensitive occurrence of a listed word becomes a ``biased`` span; words not found
    go to ``report``.
    """
    if isinstance(table, pd.DataFrame):
        frame, name = table, "table"
    else:
        p = Path(table)
        if not p.is_file():
            raise AnnotationError(f"table file {p} does not exist")
        suffix = p.suffix.lower()
        if suffix == ".jsonl":
            frame = pd.read_json(p, lines=True)
        elif suffix in (".csv", ".tsv"):
            frame = pd.read_csv(p, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False)
        else:
            raise AnnotationError(f"table {p}: unsupported suffix {suffix!r}; use .csv, .tsv or .jsonl")
        name = str(p)
    if text is None:
        text = next((c for c in ("text", "sentence") if c in frame.columns), None)
        if text is None:
            raise AnnotationError(f"{name}: no text or sentence column; pass text= with the sentence column")
    for col, arg in ((text, "text"), (words, "words"), (id, "id")):
        if col is not None and col not in frame.columns:
            raise AnnotationError(f"{name}: no column {col!r} (argument {arg}); columns: {', '.join(frame.columns)}")
    docs, spans, report = [], [], []
    for i, row in enumerate(frame.to_dict("records")):
        doc = str(row[id]) if id is not None else f"row{i}"
        sentence = "" if row[text] is None else str(row[text])
        docs.append((doc, sentence))
        view = normalize(sentence).text.lower()
        for w in dict.fromkeys(_word_list(row[words], f"{name}:row {i}")):
            key = normalize(w).text.lower().strip()
            found = False
            if key:
                for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", view):
                    found = True
                    spans.append((doc, m.start(), m.end(), "biased", sentence[m.start() : m.end()]))
            if not found:
                report.append((doc, "word not found", w))
    if len({d for d, _ in docs}) != len(docs):
        raise AnnotationError(f"{name}: column {id!r} has repeated ids; document ids must be unique")
    return _make(docs, spans, report)


def read_jsonl(path: str | Path) -> Annotated:
    """Read JSONL: objects with ``text``, ``spans`` and optional ``id`` (default ``line<N>``)."""
    p = Path(path)
    if not p.is_file():
        raise AnnotationError(f"JSONL file {p} does not exist")
    docs, spans = [], []
    for n, line in enumerate(_read(p).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise AnnotationError(f"{where}: expected an object with a text string and a spans list")
        doc = str(obj.get("id", f"line{n}"))
        body = obj["text"]
        docs.append((doc, body))
        for k, sp in enumerate(obj.get("spans") or []):
            if isinstance(sp, dict):
                s, e, label = sp.get("start"), sp.get("end"), sp.get("label", "span")
            elif isinstance(sp, list | tuple) and len(sp) in (2, 3):
                s, e, label = sp[0], sp[1], (sp[2] if len(sp) == 3 else "span")
            else:
                raise AnnotationError(f"{where}: span {k} must be {{start, end, label}} or [start, end, label]")
            if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= len(body):
                raise AnnotationError(f"{where}: span {k} ({s!r}, {e!r}) is not a non-empty range inside the text")
            spans.append((doc, s, e, str(label), body[s:e]))
    if len({d for d, _ in docs}) != len(docs):
        raise AnnotationError(f"{p}: repeated document ids; each line needs a unique id")
    return _make(docs, spans)


def read_annotated(path: str | Path) -> Annotated:
    """Dispatch on ``path``: a folder is PTC layout, ``.jsonl`` JSONL, ``.csv``/``.tsv`` a bias table."""
    p = Path(path)
    if p.is_dir():
        return read_ptc(p)
    if not p.exists():
        raise AnnotationError(f"{p} does not exist; give a PTC folder, a .jsonl file or a .csv/.tsv bias table")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(p)
    if suffix in (".csv", ".tsv"):
        return read_bias_table(p)
    raise AnnotationError(f"{p}: unsupported suffix {suffix!r}; use a PTC folder, .jsonl, .csv or .tsv")
