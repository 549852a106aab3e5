"""The learned-weights file: columns, reading with checks, writing (:mod:`framing.learned`)."""

from __future__ import annotations

import hashlib
import io
import math
from importlib import resources
from pathlib import Path

import pandas as pd

from framing.io.outputs import atomic_open, table_csv
from framing.learned.features import FEATURES, NUMERIC
from framing.text import normalize

#: Columns of a weights table, in order.  ``feature``: one of
#: :data:`framing.learned.features.FEATURES`; ``term``: the word (``word``/``prev``/``next``)
#: or the feature's own name (``bias`` is ``(intercept)``); ``weight``: the logistic-regression
#: coefficient (log-odds); ``support``: training tokens the feature fired on; ``loaded``:
#: how many of them were inside a loaded span.  Only ``term`` and ``weight`` are required
#: (``feature`` defaults to ``word``, the counts to 0).
WEIGHTS = ("feature", "term", "weight", "support", "loaded")

#: The ``term`` of the intercept row.
INTERCEPT = "(intercept)"

#: ``attrs`` key of a table :func:`check_weights` returned: the :func:`_fingerprint` of its contents then.
_CHECKED = "framing.learned.checked_weights"


class WeightsError(ValueError):
    """A weights file or table that cannot be used; the message names the file and row."""


def _term_of(feature: str) -> str:
    return INTERCEPT if feature == "bias" else feature


def check_weights(frame: pd.DataFrame, *, name: str = "weights", lines: list[int] | None = None) -> pd.DataFrame:
    """Validate a weights table; return it with :data:`WEIGHTS` columns, normalized terms, sorted.

    Errors (:class:`WeightsError`, naming ``name`` and the row: ``row N`` counted from 1, or
    ``line N`` of the file when ``lines`` gives each row's line number): unknown columns,
    missing ``term``/``weight``, an unknown ``feature``, an empty term, a weight that is not
    a finite number, a support that is not a non-negative integer, the same ``feature`` and
    (normalized) ``term`` twice.  A missing ``bias`` row means an intercept of 0.  Sort:
    :data:`FEATURES` order, weight descending, term.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"weights must be a DataFrame or a CSV path, got {type(frame).__name__}")
    unknown = [str(c) for c in frame.columns if c not in WEIGHTS]
    if unknown:
        raise WeightsError(f"{name}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(WEIGHTS)}")
    missing = [c for c in ("term", "weight") if c not in frame.columns]
    if missing:
        raise WeightsError(f"{name}: missing column(s) {', '.join(missing)}; a weights table needs term and weight")
    rows, seen = [], {}
    for i, rec in enumerate(frame.to_dict("records")):
        where = f"{name}: line {lines[i]}" if lines else f"{name}: row {i + 1}"
        feature = str(rec.get("feature", "word") if pd.notna(rec.get("feature", "word")) else "word").strip()
        feature = feature or "word"
        if feature not in FEATURES:
            raise WeightsError(f"{where}: feature {feature!r} is not one of {', '.join(FEATURES)}")
        raw = rec["term"]
        term = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw).strip()
        if feature in ("bias", *NUMERIC):
            if term not in ("", _term_of(feature)):
                raise WeightsError(f"{where}: a {feature} row has term {_term_of(feature)!r}, not {term!r}")
            term = _term_of(feature)
        else:
            term = normalize(term).text
            if not term:
                raise WeightsError(f"{where}: empty term; a {feature} row names a word")
        w = rec["weight"]
        try:
            weight = float(str(w).strip()) if not isinstance(w, int | float) or isinstance(w, bool) else float(w)
        except ValueError:
            weight = math.nan
        if isinstance(w, bool) or not math.isfinite(weight):
            raise WeightsError(f"{where}: weight {w!r} is not a number; write a decimal number such as 1.25")
        counts = []
        for col in ("support", "loaded"):
            v = rec.get(col, 0)
            v = 0 if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "" else v
            try:
                n = int(str(v).strip()) if not isinstance(v, int) else v
            except ValueError:
                n = -1
            if isinstance(v, bool) or n < 0 or (isinstance(v, float) and v != int(v)):
                raise WeightsError(f"{where}: {col} {v!r} is not a non-negative whole number")
            counts.append(int(n))
        key = (feature, term)
        if key in seen:
            raise WeightsError(f"{where}: {feature} {term!r} repeats {seen[key]}; keep one row per feature and term")
        seen[key] = where.split(": ", 1)[1]
        rows.append((feature, term, weight, *counts))
    out = pd.DataFrame(rows, columns=list(WEIGHTS)).astype({"weight": "float64", "support": "int64", "loaded": "int64"})
    out = sort_weights(out)
    out.attrs[_CHECKED] = _fingerprint(out)
    return out


def _fingerprint(frame: pd.DataFrame) -> str:
    """A digest of ``frame``'s columns, dtypes, index and values: a checked table still holding it is checked."""
    digest = hashlib.blake2b(repr([(str(c), str(d)) for c, d in frame.dtypes.items()]).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def _already_checked(frame: pd.DataFrame) -> bool:
    """Is ``frame`` a :func:`check_weights` result unchanged since (so checking it again gives it back)?"""
    mark = frame.attrs.get(_CHECKED)
    return mark is not None and mark == _fingerprint(frame)


def sort_weights(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in :data:`FEATURES` order, then weight descending, then term."""
    order = table["feature"].map({f: i for i, f in enumerate(FEATURES)})
    out = table.assign(_f=order, _w=-table["weight"]).sort_values(["_f", "_w", "term"], kind="stable")
    return out.drop(columns=["_f", "_w"]).reset_index(drop=True)


def read_weights(path: str | Path) -> pd.DataFrame:
    """Read a weights CSV (lines starting with ``#`` are comments) and :func:`check_weights` it.

    Rows in errors are the file's line numbers.
    """
    p = Path(path)
    if not p.is_file():
        raise WeightsError(f"weights file {p} does not exist")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise WeightsError(f"{p}: not UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8") from None
    return _parse(text, str(p))


def _parse(text: str, name: str) -> pd.DataFrame:
    body = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        raise WeightsError(f"{name}: no header row; the first line that is not a comment names the columns")
    try:
        frame = pd.read_csv(io.StringIO("\n".join(line for _, line in body)), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise WeightsError(f"{name}: not a CSV table of {', '.join(WEIGHTS)} ({exc})") from None
    if len(frame) != len(body) - 1:  # a quoted field over several lines
        raise WeightsError(f"{name}: {len(body) - 1} lines after the header but {len(frame)} rows; "
                           "write one row a line")
    return check_weights(frame, name=name, lines=[n for n, _ in body[1:]])


def load_weights(weights=None) -> pd.DataFrame:
    """A checked weights table: ``None`` the built-in ``framing/data/learned_weights.csv``, a path, or a DataFrame."""
    if weights is None:
        text = resources.files("framing").joinpath("data/learned_weights.csv").read_text(encoding="utf-8")
        return _parse(text, "framing/data/learned_weights.csv")
    if isinstance(weights, pd.DataFrame):
        # a table checked already (load_weights() passed on, once per chunk of the report) is not checked again
        return weights.copy() if _already_checked(weights) else check_weights(weights)
    if isinstance(weights, str | Path):
        return read_weights(weights)
    raise TypeError(f"weights must be None, a CSV path or a DataFrame, got {type(weights).__name__}")


def write_weights(table: pd.DataFrame, path: str | Path, header: str = "") -> Path:
    """Write ``table`` as CSV to ``path`` (:func:`framing.io.outputs.write_table`'s CSV), ``header`` lines first as
    ``#`` comments; weights to 6 decimals."""
    p = Path(path)
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    t = table[list(WEIGHTS)].copy()
    t["weight"] = t["weight"].map(lambda w: f"{w:.6f}")
    with atomic_open(p, "w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(lines) + ("\n" if lines else ""))
        table_csv(t, fh)
    return p
