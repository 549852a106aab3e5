"""Groups: the one rule for ``by=`` in every aggregate.

``by`` is a metadata column or a list of them (outlet, lean, topic, any user column).  A
list gives one key column per name, kept apart (never joined into one string).  Keys are
strings; a missing value (NaN, None, empty or blank) is the group :data:`MISSING`, counted
in ``attrs["missing"]`` and never dropped.  Names the library computes (:data:`COMPUTED`)
are not groups.  A list is not a group (:func:`one_value`): a value that is a list or mapping,
or its text (JSON, as the readers write a JSONL or Parquet list, or Python's, as pandas writes
a list to CSV), is a ``ValueError``; the library neither picks one of its values nor counts the
document once per value, which would put one document in several groups (or blocks) and make
them overlap.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

#: The group of documents whose ``by`` value is missing.
MISSING = "(missing)"

#: Names the library computes (per document or per group): refused as ``by``.
COMPUTED = (
    "text",
    "raw",
    "raw_sha256",
    "source",
    "line",
    "n_chars",
    "n_tokens",
    "n_sentences",
    "count",
    "per_1k",
    "n_documents",
    "sentences_with_hit",
    "share_sentences",
    "tokens",
)


def by_names(by, *, arg: str = "by") -> list[str]:
    """``by`` as a list of distinct column names (a name alone gives a list of one).

    ``ValueError`` for an empty list, a name twice or a :data:`COMPUTED` name.
    """
    names = [by] if isinstance(by, str) else list(by) if isinstance(by, list | tuple) else None
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError(f"{arg} must be a column name or a list of them, e.g. 'lean' or ['lean', 'topic'], not {by!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"{arg} names a column twice: {names!r}")
    computed = [n for n in names if n in COMPUTED]
    if computed:
        raise ValueError(
            f"{arg}: {', '.join(map(repr, computed))} is computed by the library, not a group; "
            f"group by a metadata column (outlet, a date period, lean, topic, ...)"
        )
    return names


def check_columns(names, columns, *, arg: str = "by", what: str = "the documents", hint: str = "") -> None:
    """``ValueError`` naming the ``names`` not in ``columns``, the columns there are and what to pass."""
    columns = [str(c) for c in columns]
    unknown = [n for n in names if n not in columns]
    if unknown:
        there = [c for c in columns if c not in COMPUTED]
        example = [c for c in there if c not in ("doc_id", "text", "title")][:2] or ["outlet"]
        raise ValueError(
            f"{arg}: no column {', '.join(map(repr, unknown))} in {what}; the columns there are: "
            f"{', '.join(there)}. Pass one of them, or a list of them (e.g. {arg}={example!r}){hint}"
        )


def check_group(value, groups, arg: str) -> str:
    """``str(value)`` when it is one of ``groups`` (sorted names), else a ``ValueError`` naming ``arg`` and them."""
    if str(value) not in groups:
        raise ValueError(f"{arg}={value!r} is not a group; the groups are {', '.join(map(repr, groups))}")
    return str(value)


def is_missing(values: pd.Series) -> np.ndarray:
    """True where a value is missing: NaN, None, NA, or a string empty after stripping."""
    values = pd.Series(values, copy=False)
    na = values.isna().to_numpy(dtype=bool)
    if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
        return na
    return na | (values.where(~na, "").astype(str).str.strip() == "").to_numpy(dtype=bool)


_ITEM = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|None|True|False)"""
#: Python's text of a flat list (``['a', 'b']``; pandas writes a list so to CSV).
_PY_LIST = re.compile(rf"\[\s*(?:{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s*)?\]")


def is_container(value) -> bool:
    """``value`` is a list, tuple, set, mapping or array (not its text: :func:`is_list`)."""
    return isinstance(value, list | tuple | set | frozenset | dict) or bool(getattr(value, "ndim", 0))


def is_list(value) -> bool:
    """``value`` is a container (:func:`is_container`), or the JSON or Python text of a list or mapping."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] not in ("[", "{") or text[-1:] not in ("]", "}"):
            return False
        if _PY_LIST.fullmatch(text):
            return True
        try:
            return isinstance(json.loads(text), list | dict)
        except (ValueError, RecursionError):
            return False
    return is_container(value)


def one_value(values, *, arg: str = "by", texts: pd.Series | None = None) -> None:
    """``ValueError`` when a value of ``values`` (a documents column) is a list (:func:`is_list`), naming the
    column, how many documents and what to do.  Checked on the first value of each distinct text (``texts``:
    ``values.map(str)`` when the caller has it) that starts with a bracket or parenthesis."""
    values = pd.Series(values, copy=False)
    if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)) or values.empty:
        return
    texts = (values.map(str) if texts is None else texts).tolist()
    firsts: dict[str, int] = {}  # a plain loop: 0.06 s on a million texts, a third of drop_duplicates' time
    for i, t in enumerate(texts):
        if t[:1] in ("[", "{", "(") and t not in firsts:
            firsts[t] = i
    raw = values.tolist() if firsts else []
    bad = {t for t, i in firsts.items() if is_list(raw[i])}
    if not bad:
        return
    n = sum(t in bad for t in texts)
    bad = sorted(bad, key=firsts.get)
    name = values.name if values.name is not None else "the column"
    example = bad[0] if len(bad[0]) <= 60 else bad[0][:57] + "..."
    raise ValueError(
        f"{arg}: column {name!r} holds a list, not one value, in {n:,} of {len(values):,} documents (e.g. {example}); "
        f"a group or block is one value per document. Put each document's one value in a column of its own (e.g. "
        f"its main {name}) and pass that column, or give a document one record per value (with doc_ids of their own) "
        f"to count it under each value; neither is done for you, as one document in several groups or blocks makes "
        f"them overlap"
    )


def as_keys(values, *, arg: str = "by") -> pd.Series:
    """Group keys of ``values``: ``str(value)``, :data:`MISSING` where missing (index kept); a list is a
    ``ValueError`` (:func:`one_value`)."""
    values = pd.Series(values, copy=False)
    missing = is_missing(values)
    out = values.astype(object).where(~missing, MISSING).map(str)
    one_value(values, arg=arg, texts=out)
    return out.astype(object)


def group_keys(documents: pd.DataFrame, by, *, arg: str = "by", extra=()) -> pd.DataFrame:
    """``doc_id`` and one key column per name of ``by`` (:func:`as_keys`), one row per document.

    ``extra``: names the caller supplies itself (e.g. ``category``, ``period``): allowed in
    ``by``, left out of the result.  ``attrs["missing"]``: column -> documents with a missing
    value (only columns that have some).  Order of ``documents`` kept.
    """
    names = by_names(by, arg=arg)
    if "doc_id" not in documents.columns:
        raise ValueError(f"{arg}: the documents table has no doc_id column")
    wanted = [n for n in names if n not in extra and n != "doc_id"]
    check_columns(wanted, documents.columns, arg=arg)
    out = pd.DataFrame({"doc_id": documents["doc_id"].to_numpy()})
    missing = {}
    for name in wanted:
        keys = as_keys(documents[name].reset_index(drop=True), arg=arg)
        out[name] = keys.to_numpy(dtype=object)
        n = int((keys == MISSING).sum())
        if n:
            missing[name] = n
    out.attrs["missing"] = missing
    return out


def fill_missing(frame: pd.DataFrame, names) -> pd.DataFrame:
    """``frame`` with the ``names`` columns as group keys (:func:`as_keys`; a list is a ``ValueError``); a copy only
    if one changes."""
    changed = {}
    for name in names:
        col = frame[name]
        text = col.dtype == object or isinstance(col.dtype, pd.StringDtype)
        if is_missing(col).any() if text else col.isna().any():
            changed[name] = as_keys(col)
        else:
            one_value(col)
    return frame.assign(**changed) if changed else frame


def missing_counts(frame: pd.DataFrame, names) -> dict:
    """Column -> distinct documents (``doc_id``) whose key is :data:`MISSING` (columns with some only)."""
    out = {}
    for name in names:
        if name in frame.columns:
            hit = frame[name] == MISSING
            if hit.any():
                out[name] = int(frame.loc[hit, "doc_id"].nunique()) if "doc_id" in frame.columns else int(hit.sum())
    return out


def add_counts(a: dict, b: dict) -> dict:
    """Two ``attrs["missing"]`` dicts of disjoint document sets added (column -> documents)."""
    return {k: a.get(k, 0) + b.get(k, 0) for k in dict.fromkeys([*a, *b])}
