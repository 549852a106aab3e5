"""Column names of the tidy tables passed between stages.

Each stage returns a pandas DataFrame whose leading columns are listed here, in this
order; tests and code import these tuples so that they cannot disagree.  Offsets
(``start``, ``end``) are character offsets into ``documents.text`` (the cleaned text),
end exclusive, so ``text[start:end]`` gives back the surface form exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: The voices of :mod:`framing.voice` (whose words a span is), in the order tables list them.
VOICES = ("author", "quote", "fragment", "reported")

#: One row per document.  ``raw`` is the decoded file text as read; ``text`` is the
#: cleaned text that every offset points into.  Unknown metadata columns follow these.
DOCUMENTS = (
    "doc_id",
    "outlet",
    "date",
    "title",
    "text",
    "raw",
    "raw_sha256",
    "source",
    "n_chars",
    "n_tokens",
    "n_sentences",
)

#: One row per span removed by cleaning; ``start``/``end`` index ``documents.raw``.
REMOVED = ("doc_id", "start", "end", "rule", "text")

#: One row per thing the loader changed or could not use (BOM, CR line ends, a
#: metadata row without a file, ...).  Nothing is dropped without a row here.
LOAD_REPORT = ("doc_id", "source", "issue", "detail")

#: One row per sentence.  ``paragraph`` counts blank-line separated blocks from 0.
SENTENCES = ("doc_id", "sent_id", "paragraph", "start", "end", "text")

#: One row per word token.
TOKENS = ("doc_id", "sent_id", "token_id", "start", "end", "token", "norm")


def counted(n: int, noun: str, *, grouped: bool = False) -> str:
    """``"1 document"``, ``"4000 documents"`` (``grouped``: ``"4,000 documents"``): a count and its noun, plural
    but for one, as messages, captions and legends write it."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {noun}" + ("" if n == 1 else "s")


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, name: str, arg: str) -> None:
    """Raise ``ValueError`` naming ``arg`` and the missing columns of ``frame``."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{arg} must be a pandas DataFrame (a {name} table), got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{arg} is not a {name} table: it lacks column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, frame.columns))}"
        )


def as_documents(obj, *, arg: str = "corpus") -> pd.DataFrame:
    """The documents table of ``obj``: a :class:`framing.corpus.Corpus` or a DataFrame.

    A DataFrame needs at least ``doc_id`` and ``text``; it is returned as is (not copied:
    callers must not mutate it).
    """
    frame = getattr(obj, "documents", obj)
    require_columns(frame, ("doc_id", "text"), name="documents", arg=arg)
    return frame
