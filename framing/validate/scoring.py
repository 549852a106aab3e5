"""Validate a lexicon against expert span annotations: precision, recall, F1, baselines.

Readers (every reader returns an :class:`Annotated`: ``documents`` with ``doc_id, text``
and ``spans`` with :data:`SPANS`, offsets into ``text``, ``end`` exclusive):

* :func:`read_ptc` — the SemEval-2020 Task 11 Propaganda Techniques Corpus layout
  (Da San Martino et al. 2019, EMNLP; 2020, SemEval): ``article<ID>.txt`` files and
  tab-separated label files ``id<TAB>technique<TAB>start<TAB>end`` (task 2) or
  ``id<TAB>start<TAB>end`` (task 1, label ``propaganda``).
* :func:`read_bias_table` — sentence tables with a ``biased_words`` list column, the BABE /
  MBIC media-bias format (Spinde et al. 2021, *Neural media bias detection using distant
  supervision with BABE*; Spinde et al. 2021, *MBIC*): each listed word is located in its
  sentence (whole word, case-insensitive, every occurrence), label ``biased``.
* :func:`read_jsonl` — one JSON object a line: ``text``, ``spans`` (objects with
  ``start``, ``end``, ``label`` or ``[start, end, label]`` lists), optional ``id``.

Scoring (:func:`evaluate`, :func:`validate`) — span-level precision and recall as in the
SemEval-2020 Task 11 span-identification literature, in two variants:

* ``overlap``: a predicted span is a true positive when it shares at least one character
  with a gold span of the chosen labels; a gold span is *found* when any prediction
  overlaps it.  Each gold span is counted once (spans with the same offsets under two
  chosen labels are one span in the micro figures).
* ``exact``: the same with "has exactly the same start and end" for "overlaps".

``precision = TP / predictions``, ``recall = found / gold``, ``F1 = 2PR / (P + R)``
(van Rijsbergen 1979).  Intervals: percentile bootstrap over articles (Efron & Tibshirani
1993), articles resampled with replacement, ``random_state`` seeds
:func:`numpy.random.default_rng`.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing import stats
from framing.lexicon import Lexicon, load_lexicon
from framing.score import hits as lexicon_hits
from framing.text import normalize, word_spans

#: Columns of :attr:`Annotated.spans`.
SPANS = ("doc_id", "start", "end", "label", "surface")

#: Columns of the table :func:`validate` and :func:`evaluate` return.
RESULTS = (
    "lexicon",
    "match",
    "scope",
    "group",
    "n_pred",
    "tp",
    "n_gold",
    "found",
    "precision",
    "precision_lo",
    "precision_hi",
    "recall",
    "recall_lo",
    "recall_hi",
    "f1",
    "f1_lo",
    "f1_hi",
)

#: PTC labels the loaded-term lexicon predicts (SemEval-2020 Task 11 technique names).
DEFAULT_LABELS = ("Loaded_Language", "Name_Calling,Labeling")

#: VADER valence at or below which a word counts as strongly negative (baseline).
VADER_THRESHOLD = -1.5

MATCHES = ("overlap", "exact")
_SCOPES = {"micro": 0, "category": 1, "label": 2}


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


# --------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# Baseline lexicons
# --------------------------------------------------------------------------------------

_PLAIN_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def vader_baseline(threshold: float = VADER_THRESHOLD) -> Lexicon:
    """VADER's strongly negative words (valence <= ``threshold``) as a Lexicon, category ``vader_negative``.

    Source: Hutto & Gilbert 2014, *VADER*, the ``vader_lexicon.txt`` of the installed
    ``vaderSentiment`` package (MIT).  Emoticons and other non-word entries are left out.
    """
    from framing.sentiment import vader_lexicon

    if not isinstance(threshold, int | float) or isinstance(threshold, bool):
        raise TypeError(f"threshold must be a number (a VADER valence, -4..4), got {type(threshold).__name__}")
    lex = vader_lexicon()
    words = lex.loc[lex["valence"] <= threshold, "word"]
    keep = _dedupe(sorted({w for w in words if _PLAIN_WORD.match(w)}))
    return Lexicon.from_table(pd.DataFrame({"term": keep, "category": "vader_negative"}), name="vader")


def vocabulary(documents: pd.DataFrame) -> list[str]:
    """Sorted distinct lower-case word forms (:func:`framing.text.word_spans`) of ``documents.text``."""
    vocab: set[str] = set()
    for t in documents["text"]:
        vocab.update(w.lower() for _, _, w in word_spans(normalize(t).text))
    return sorted(v for v in vocab if any(c.isalpha() for c in v))


def _dedupe(words: list[str]) -> list[str]:
    """First of each group of words equal once hyphens are dropped (they match alike)."""
    seen, keep = set(), []
    for w in words:
        k = w.replace("-", "")
        if k not in seen:
            seen.add(k)
            keep.append(w)
    return keep


def random_baseline(documents: pd.DataFrame, size: int, *, random_state: int = 0) -> Lexicon:
    """``size`` words drawn without replacement from the vocabulary of ``documents``, category ``random``."""
    stats.check_int(size, "size", minimum=1, what="integer (the number of entries)")
    unique = _dedupe(vocabulary(documents))
    if size > len(unique):
        raise ValueError(f"size {size} exceeds the vocabulary ({len(unique)} words); choose a smaller size")
    rng = np.random.default_rng(random_state)
    picked = sorted(rng.choice(len(unique), size=size, replace=False))
    terms = [unique[i] for i in picked]
    return Lexicon.from_table(pd.DataFrame({"term": terms, "category": "random"}), name="random")


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


def _check_match(match) -> tuple[str, ...]:
    if isinstance(match, str):
        match = (match,)
    match = tuple(match)
    bad = [m for m in match if m not in MATCHES]
    if bad or not match:
        raise ValueError(f"match must be 'overlap', 'exact' or both, not {bad or match!r}")
    return match


def _flags(pred: pd.DataFrame, gold: pd.DataFrame, match: str) -> tuple[np.ndarray, np.ndarray]:
    """Per prediction: hits some gold span; per gold span: hit by some prediction."""
    p = pred[["doc_id", "start", "end"]].reset_index(drop=True).assign(_p=lambda d: np.arange(len(d)))
    g = gold[["doc_id", "start", "end"]].reset_index(drop=True).assign(_g=lambda d: np.arange(len(d)))
    pairs = p.merge(g, on="doc_id", suffixes=("", "_g"))
    if match == "overlap":
        ok = (pairs["start"] < pairs["end_g"]) & (pairs["start_g"] < pairs["end"])
    else:
        ok = (pairs["start"] == pairs["start_g"]) & (pairs["end"] == pairs["end_g"])
    pairs = pairs[ok]
    pf = np.zeros(len(p), dtype=bool)
    gf = np.zeros(len(g), dtype=bool)
    pf[pairs["_p"].to_numpy()] = True
    gf[pairs["_g"].to_numpy()] = True
    return pf, gf


def _prf(tp, n_pred, found, n_gold):
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n_pred > 0, tp / np.maximum(n_pred, 1), np.nan)
        r = np.where(n_gold > 0, found / np.maximum(n_gold, 1), np.nan)
        f = np.where((p + r) > 0, 2 * p * r / (p + r), 0.0)
        f = np.where(np.isnan(p) | np.isnan(r), np.nan, f)
    return p, r, f


def _row(lex, match, scope, group, counts, weights, ci):
    """One result row from per-document counts (n_docs x 4: tp, n_pred, found, n_gold)."""
    tot = counts.sum(axis=0)
    p, r, f = _prf(*[np.float64(x) for x in tot])
    row = {
        "lexicon": lex,
        "match": match,
        "scope": scope,
        "group": group,
        "n_pred": int(tot[1]),
        "tp": int(tot[0]),
        "n_gold": int(tot[3]),
        "found": int(tot[2]),
        "precision": float(p),
        "recall": float(r),
        "f1": float(f),
    }
    if weights is not None:
        boot = weights @ counts  # (n_boot x 4)
        bp, br, bf = _prf(boot[:, 0], boot[:, 1], boot[:, 2], boot[:, 3])
        for name, arr in (("precision", bp), ("recall", br), ("f1", bf)):
            arr = arr[~np.isnan(arr)]
            lo, hi = stats.percentile_interval(arr, ci) if len(arr) else (np.nan, np.nan)
            row[f"{name}_lo"], row[f"{name}_hi"] = float(lo), float(hi)
    else:
        for name in ("precision", "recall", "f1"):
            row[f"{name}_lo"] = row[f"{name}_hi"] = np.nan
    return row


def evaluate(
    predictions: pd.DataFrame,
    annotated: Annotated,
    *,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    match: str | Sequence[str] = MATCHES,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
    name: str = "lexicon",
    level: float | None = None,
) -> pd.DataFrame:
    """Precision, recall, F1 of ``predictions`` (doc_id, start, end, category) against gold spans.

    ``labels``: gold labels that count (None: all).  Rows (columns :data:`RESULTS`):
    ``scope="micro"`` (all predictions vs all gold spans, identical offsets counted once),
    ``scope="category"`` (one per prediction category: its precision, and the share of
    gold spans its predictions find), ``scope="label"`` (one per gold label: the share of
    that label's spans found by any prediction; precision there is the share of all
    predictions overlapping that label).  ``*_lo``/``*_hi``: percentile bootstrap interval
    at ``ci`` (default 0.95) over documents (``n_boot`` resamples, default
    :data:`framing.stats.N_BOOT` = 2,000, why: there; 0 skips it).  ``level=``: the old
    name of ``ci`` (deprecated).  Documents without
    predictions or gold spans count (as zeros).  Sorted by match (overlap, exact), scope
    (micro, category, label), group.
    """
    if not isinstance(annotated, Annotated):
        raise TypeError("annotated must be an Annotated (from read_ptc, read_bias_table, read_jsonl)")
    missing = [c for c in ("doc_id", "start", "end", "category") if c not in predictions.columns]
    if missing:
        raise ValueError(f"predictions: missing column(s) {', '.join(missing)}; pass a hits table")
    matches = _check_match(match)
    n_boot = stats.check_int(n_boot, "n_boot", minimum=0)
    ci = stats.ci_from_level(ci, level, "evaluate")
    gold = annotated.spans
    if labels is not None:
        if isinstance(labels, str):
            labels = [labels]
        unknown = sorted(set(labels) - set(gold["label"]))
        if unknown and len(gold):
            raise ValueError(
                f"labels: {', '.join(unknown)} not among the gold labels; known: {', '.join(annotated.labels)}"
            )
        gold = gold[gold["label"].isin(labels)]
    docs = list(annotated.documents["doc_id"])
    index = {d: i for i, d in enumerate(docs)}
    pred = predictions[predictions["doc_id"].isin(index)].sort_values(["doc_id", "start", "end"], kind="stable")
    pred = pred.reset_index(drop=True)
    gold_once = gold.drop_duplicates(["doc_id", "start", "end"]).reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    nd = len(docs)
    p_doc = pred["doc_id"].map(index).to_numpy(dtype=np.int64)
    g_doc = gold_once["doc_id"].map(index).to_numpy(dtype=np.int64)
    gl_doc = gold["doc_id"].map(index).to_numpy(dtype=np.int64)
    weights = None
    if n_boot:
        rng = np.random.default_rng(random_state)
        draws = np.concatenate([idx for _, _, idx in stats.bootstrap_indices(rng, nd, n_boot)])
        weights = np.stack([np.bincount(row, minlength=nd) for row in draws]).astype(np.float64)

    def counts(pd_mask, pf, gd, gf):
        return np.stack(
            [
                np.bincount(p_doc[pd_mask & pf], minlength=nd),
                np.bincount(p_doc[pd_mask], minlength=nd),
                np.bincount(gd[gf], minlength=nd),
                np.bincount(gd, minlength=nd),
            ],
            axis=1,
        ).astype(np.float64)

    rows = []
    all_p = np.ones(len(pred), dtype=bool)
    for m in matches:
        pf, gf = _flags(pred, gold_once, m)
        rows.append(_row(name, m, "micro", "all", counts(all_p, pf, g_doc, gf), weights, ci))
        for cat in sorted(pred["category"].unique()):
            mask = (pred["category"] == cat).to_numpy()
            _, gf_c = _flags(pred[mask], gold_once, m)
            c = counts(mask, pf, g_doc, gf_c)
            rows.append(_row(name, m, "category", cat, c, weights, ci))
        for lab in sorted(gold["label"].unique()):
            lmask = (gold["label"] == lab).to_numpy()
            pf_l, gf_l = _flags(pred, gold[lmask], m)
            c = counts(all_p, pf_l, gl_doc[lmask], gf_l)
            rows.append(_row(name, m, "label", lab, c, weights, ci))
    out = pd.DataFrame(rows, columns=list(RESULTS))
    out["_m"] = out["match"].map({m: i for i, m in enumerate(MATCHES)})
    out["_s"] = out["scope"].map(_SCOPES)
    out = out.sort_values(["_m", "_s", "group"], kind="stable").drop(columns=["_m", "_s"])
    return out.reset_index(drop=True)


def validate(
    annotated: Annotated,
    lexicon: Lexicon | None = None,
    *,
    baselines: bool = True,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    match: str | Sequence[str] = MATCHES,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
    level: float | None = None,
) -> pd.DataFrame:
    """Validation table of ``lexicon`` (default: the built-in one's loaded categories) and baselines.

    Baselines, computed in the same run on the same documents: ``vader`` (:func:`vader_baseline`)
    and ``random`` (:func:`random_baseline`, as many entries as ``lexicon``, drawn with
    ``random_state``; capped at the vocabulary size).  Columns :data:`RESULTS`; sorted by
    lexicon (lexicon, vader, random), then as :func:`evaluate` (``n_boot``, ``ci``, ``level``
    as there).  One bootstrap draw serves every lexicon.
    """
    ci = stats.ci_from_level(ci, level, "validate")
    if not isinstance(annotated, Annotated):
        raise TypeError("annotated must be an Annotated (from read_annotated, read_ptc, read_bias_table, read_jsonl)")
    if lexicon is None:
        lexicon = load_lexicon().loaded()
    if not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (from load_lexicon), got {type(lexicon).__name__}")
    lexicons: dict[str, Lexicon] = {"lexicon": lexicon}
    if baselines:
        lexicons["vader"] = vader_baseline()
        size = min(len(lexicon), len(_dedupe(vocabulary(annotated.documents))))
        lexicons["random"] = random_baseline(annotated.documents, size, random_state=random_state)
    return compare(
        annotated, lexicons, labels=labels, match=match, n_boot=n_boot, ci=ci, random_state=random_state
    )


def compare(
    annotated: Annotated,
    lexicons: Mapping[str, Lexicon],
    *,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    match: str | Sequence[str] = MATCHES,
    n_boot: int = stats.N_BOOT,
    ci: float = stats.CI,
    random_state: int = 0,
    level: float | None = None,
) -> pd.DataFrame:
    """:func:`evaluate` for each named lexicon's hits; rows in the order of ``lexicons``."""
    ci = stats.ci_from_level(ci, level, "compare")
    if not lexicons:
        raise ValueError("lexicons must name at least one Lexicon, e.g. {'mine': load_lexicon()}")
    frames = []
    for lname, lex in lexicons.items():
        found = lexicon_hits(annotated.documents[["doc_id", "text"]], lex, sentences=False)
        frames.append(
            evaluate(
                found,
                annotated,
                labels=labels,
                match=match,
                n_boot=n_boot,
                ci=ci,
                random_state=random_state,
                name=lname,
            )
        )
    return pd.concat(frames, ignore_index=True)


def summary(results: pd.DataFrame, *, match: str = "overlap") -> pd.DataFrame:
    """Micro rows of a :func:`validate` table for one ``match``: lexicon, n_pred, precision, recall, F1 with CIs."""
    _check_match(match)
    rows = results[(results["scope"] == "micro") & (results["match"] == match)]
    return rows.drop(columns=["match", "scope", "group"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Coverage (no annotations needed)
# --------------------------------------------------------------------------------------

COVERAGE = ("category", "n_entries", "n_firing", "share_firing", "hits", "docs_with_hit")


def coverage(corpus, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """How much of ``lexicon`` fires on ``corpus``: one row per category, columns :data:`COVERAGE`.

    ``n_entries``: rows of the category; ``n_firing``: rows with at least one hit;
    ``share_firing = n_firing / n_entries``; ``hits``: matches; ``docs_with_hit``: documents
    with a match.  ``lexicon=None``: the built-in lexicon's loaded categories.  Sorted by
    hits (descending), then category; every category appears, hits or not.
    """
    from framing.schema import as_documents

    docs = as_documents(corpus)
    if lexicon is None:
        lexicon = load_lexicon().loaded()
    if not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (from load_lexicon), got {type(lexicon).__name__}")
    found = lexicon_hits(docs[["doc_id", "text"]], lexicon, sentences=False)
    table = lexicon.table
    entries = table.groupby("category").size()
    firing = table[table["term"].isin(set(found["term"]))].groupby("category").size()
    out = pd.DataFrame({"category": entries.index, "n_entries": entries.to_numpy()})
    out["n_firing"] = out["category"].map(firing).fillna(0).astype("int64")
    out["share_firing"] = out["n_firing"] / out["n_entries"]
    out["hits"] = out["category"].map(found.groupby("category").size()).fillna(0).astype("int64")
    out["docs_with_hit"] = out["category"].map(found.groupby("category")["doc_id"].nunique()).fillna(0)
    out["docs_with_hit"] = out["docs_with_hit"].astype("int64")
    return out.sort_values(["hits", "category"], ascending=[False, True], kind="stable").reset_index(drop=True)
