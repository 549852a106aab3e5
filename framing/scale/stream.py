"""Score archives larger than memory: read in batches, score on every core, report what is skipped.

:func:`score_archive` reads its source with :func:`framing.io.iter_batches` (the readers of
load_corpus, under their archive rules: a bad record is skipped and reported, not fatal),
cleans and scores each batch in a worker (:func:`framing.clean.clean_texts`, then
:func:`framing.timeline.document_scores`, i.e. :func:`framing.score.score_batch`), and folds
it into integer sums (:func:`framing.timeline.sums` / :func:`framing.timeline.add_sums`) as it
goes.  Memory is bounded by the batches in flight plus the sums (outlets × periods ×
categories); two things grow with the archive and are said so: the set of doc_ids already
seen (to report duplicates; about 200 bytes a document, off with ``check_duplicates=False``)
and the table of skipped records.

Kept per document: ``doc_id``, ``outlet``, ``date``, ``text``, where it came from
(``source``, ``line``: :data:`BATCH`) and the metadata columns named in ``by`` or ``keep``
(:mod:`framing.groups`: a missing value is the group ``"(missing)"``); other fields are not read.

Cleaning
    By default (``clean=True``) each document is cleaned exactly as :func:`framing.load_corpus`
    cleans it (byte order mark, CRLF / CR line ends, the rules of
    ``framing/data/cleaning_rules.toml``), in the worker, so the sums equal those of
    ``load_corpus(...)`` + :func:`framing.timeline.document_scores` (seed corpus: Fox News
    24 hits in 512 tokens).  ``clean=False`` (CLI ``--no-clean``) keeps the boilerplate, as
    ``load_corpus(..., clean=False)`` does (Fox News: 24 hits in 537 tokens).

Skipped records (table :data:`SKIPPED`, nothing dropped silently): the reader's (``corrupt``,
``no_text``, ``duplicate``, ``missing_file``, ``unreadable``: see :mod:`framing.io`), plus a
document the scorer raised on (``scorer_error``) or whose worker process died
(``worker_died``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing import timeline
from framing.clean import clean_texts, cleaning_rules
from framing.groups import add_counts, by_names, check_columns
from framing.io import (
    BATCH,
    SKIP_KINDS,
    SKIPPED,
    Batch,
    iter_batches,
    list_folder,
    read_delimited,
    read_folder,
    read_frame,
    read_jsonl,
    read_parquet,
    skipped_frame,
)
from framing.io.outputs import AtomicFile, table_csv
from framing.lexicon import Lexicon, as_lexicon, load_lexicon
from framing.match import compile_lexicon
from framing.scale.samples import write_jsonl_sample
from framing.schema import LOAD_REPORT, counted
from framing.score import score_batch
from framing.stats import check_int

#: Keys of :attr:`ArchiveResult.totals`.  ``records = scored + skipped``; ``tokens`` and
#: ``hits`` are summed over scored documents (all categories of the lexicon); ``bytes``
#: are the bytes read from disk (compressed bytes for ``.gz``; 0 for in-memory sources);
#: ``undated``: documents read without a usable date (empty, unreadable, ambiguous, implausible).
TOTALS = ("records", "scored", "skipped", "tokens", "hits", "bytes", "batches", "undated")


class ArchiveError(ValueError):
    """A scorer that breaks its contract (not a problem of one record)."""


# --- Scoring one batch (in a worker or in this process) ---


@dataclass(frozen=True)
class _Config:
    lexicon: Lexicon
    scorer: object
    rules: tuple
    by: tuple
    freq: str | None
    keep_docs: bool
    keep: tuple = ()


@dataclass
class _Part:
    """What scoring one batch gives back: sums, optional document scores, skipped rows, counts."""

    sums: pd.DataFrame | None
    doc_scores: pd.DataFrame | None
    skipped: list = field(default_factory=list)
    missing: dict = field(default_factory=dict)
    scored: int = 0
    tokens: int = 0
    hits: int = 0


def _score_part(config: _Config, docs: pd.DataFrame) -> _Part:
    """Clean and score one batch: :func:`framing.timeline.document_scores`, then the sums."""
    if docs.empty:
        return _Part(None, None)
    texts = clean_texts(docs["text"].tolist(), config.rules)
    docs = docs.assign(text=pd.Series(texts, index=docs.index, dtype=object))  # object: no copy into Arrow
    scorer = _Checked(config.scorer)
    skipped = []
    try:
        table = timeline.document_scores(docs, config.lexicon, scorer=scorer, keep=config.keep)
    except ArchiveError:
        raise
    except Exception:
        # find the document(s) the scorer cannot take, score the others
        pieces = []
        for i in range(len(docs)):
            try:
                pieces.append(timeline.document_scores(docs.iloc[i : i + 1], config.lexicon, scorer=scorer,
                                                       keep=config.keep))
            except ArchiveError:
                raise
            except Exception as exc:
                row = docs.iloc[i]
                reason = f"scorer raised {type(exc).__name__}: {exc}"
                skipped.append((row["source"], int(row["line"]), row["doc_id"], "scorer_error", reason))
        table = pd.concat(pieces, ignore_index=True) if pieces else None
    if table is None:
        return _Part(None, None, skipped)
    position = pd.Series(range(len(docs)), index=docs["doc_id"].to_numpy())
    order = table["doc_id"].map(position[~position.index.duplicated()]).to_numpy()
    table = table.iloc[pd.Series(order).sort_values(kind="stable").index].reset_index(drop=True)  # source order
    sums = timeline.sums(table, by=config.by, freq=config.freq)
    per_doc = table.drop_duplicates("doc_id")
    return _Part(
        sums,
        table if config.keep_docs else None,
        skipped,
        dict(sums.attrs.get("missing", {})),
        scored=len(docs) - len(skipped),
        tokens=int(per_doc["n_tokens"].sum()),
        hits=int(table["count"].sum()),
    )


@dataclass(frozen=True)
class _Checked:
    """A user's scorer whose table is checked (picklable, for the worker processes)."""

    scorer: object

    def __call__(self, documents: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
        table = self.scorer(documents, lexicon)
        if not isinstance(table, pd.DataFrame) or any(
            c not in table.columns for c in ("doc_id", "category", "count", "n_tokens")
        ):
            got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
            raise ArchiveError(
                f"scorer must return a DataFrame with columns doc_id, category, count, n_tokens "
                f"(as framing.score.score_batch does); it returned {got}"
            )
        return table[["doc_id", "category", "count", "n_tokens"]]


def _merge(parts: list[_Part], by) -> _Part:
    out = _Part(None, None)
    for p in parts:
        if p.sums is not None:
            out.sums = p.sums if out.sums is None else timeline.add_sums(out.sums, p.sums, list(by))
        if p.doc_scores is not None:
            out.doc_scores = (
                p.doc_scores if out.doc_scores is None else pd.concat([out.doc_scores, p.doc_scores], ignore_index=True)
            )
        out.skipped.extend(p.skipped)
        out.missing = add_counts(out.missing, p.missing)
        out.scored += p.scored
        out.tokens += p.tokens
        out.hits += p.hits
    return out


_WORKER_CONFIG: _Config | None = None


def _init_worker(config: _Config) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config


def _work(docs: pd.DataFrame) -> _Part:
    return _score_part(_WORKER_CONFIG, docs)


def _child(conn, config: _Config, docs: pd.DataFrame) -> None:
    try:
        conn.send(("ok", _score_part(config, docs)))
    except BaseException as exc:  # report to the parent, which re-raises
        conn.send(("error", exc))
    finally:
        conn.close()


def _run_alone(config: _Config, docs: pd.DataFrame) -> tuple[_Part | None, int | None]:
    """Score ``docs`` in a fresh process: (part, None), or (None, exit code) when the process dies."""
    ctx = multiprocessing.get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, config, docs), daemon=True)
    proc.start()
    sender.close()
    try:
        status, value = receiver.recv()
    except EOFError:
        status, value = "died", None
    finally:
        receiver.close()
    proc.join()
    if status == "died":
        return None, proc.exitcode
    if status == "error":
        raise value
    return value, None


def _died(code) -> str:
    if code is not None and code < 0:
        return f"worker died (exit code {code}: killed by signal {-code})"
    return f"worker died (exit code {code})"


def _rescue(config: _Config, docs: pd.DataFrame) -> _Part:
    """Score ``docs`` whose worker died: in a fresh process, halving until the document that kills it is alone."""
    part, code = _run_alone(config, docs)
    if part is not None:
        return part
    if len(docs) == 1:
        row = docs.iloc[0]
        return _Part(None, None, [(row["source"], int(row["line"]), row["doc_id"], "worker_died", _died(code))])
    mid = len(docs) // 2
    return _merge([_rescue(config, docs.iloc[:mid]), _rescue(config, docs.iloc[mid:])], config.by)


def _in_process(batches: Iterator[Batch], config: _Config) -> Iterator[tuple[Batch, _Part]]:
    for batch in batches:
        yield batch, _score_part(config, batch.documents)


def _pieces(docs: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    """The last batch in ``n`` pieces for ``n`` workers (so that none waits for one doing it whole) when its
    doc_ids are unique (sums of disjoint documents add up exactly: :func:`framing.timeline.add_sums`)."""
    one = len(docs) < 2 * n or not docs["doc_id"].is_unique
    return [docs] if one else [docs.iloc[len(docs) * k // n : len(docs) * (k + 1) // n] for k in range(n)]


def _submit(pool, docs):
    try:
        return pool.submit(_work, docs)
    except BrokenProcessPool:
        return None


def _ok(future) -> bool:
    return future is not None and future.done() and not future.cancelled() and future.exception() is None


def _in_pool(batches: Iterator[Batch], config: _Config, n_jobs: int) -> Iterator[tuple[Batch, _Part]]:
    """Score in ``n_jobs`` processes, at most ``2 * n_jobs`` batches in flight (the last one cut
    in :func:`_pieces`: each batch is submitted once the next one is read), results in batch order.

    When a worker dies (BrokenProcessPool) the pieces not yet back are scored again one
    by one in fresh processes (:func:`_rescue`), then a new pool takes over.
    """
    pending: deque = deque()
    pool = ProcessPoolExecutor(n_jobs, initializer=_init_worker, initargs=(config,))
    exhausted = started = False
    ahead = None
    try:
        while True:
            while not exhausted and len(pending) < 2 * n_jobs:
                batch, started = (ahead if started else next(batches, None)), True
                if batch is None:
                    exhausted = True
                    break
                ahead = next(batches, None)
                pieces = [batch.documents] if ahead is not None else _pieces(batch.documents, n_jobs)
                pending.append((batch, [(docs, _submit(pool, docs)) for docs in pieces]))
            if not pending:
                return
            batch, pieces = pending.popleft()
            try:
                if any(future is None for _, future in pieces):
                    raise BrokenProcessPool("pool broken before submission")
                parts = [future.result() for _, future in pieces]
            except BrokenProcessPool:
                stuck = [(batch, pieces), *pending]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for b, ps in stuck:
                    yield b, _merge([f.result() if _ok(f) else _rescue(config, d) for d, f in ps], config.by)
                pool = ProcessPoolExecutor(n_jobs, initializer=_init_worker, initargs=(config,))
                continue
            yield batch, parts[0] if len(parts) == 1 else _merge(parts, config.by)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- score_archive ---


@dataclass(frozen=True)
class ArchiveResult:
    """What :func:`score_archive` gives back.

    ``rates``: one row per group of ``by`` (plus ``period`` with ``freq``), columns
    ``by`` + :data:`framing.timeline.SUMS` + ``per_1k`` (:func:`framing.timeline.finish`),
    sorted by the group columns.  ``skipped``: :data:`SKIPPED`, sorted by source, line,
    doc_id, kind.  ``totals``: :data:`TOTALS` → int.  ``notes``: what the reader guessed
    (:data:`framing.schema.LOAD_REPORT`, as in ``Corpus.report``: ``no_id_column``,
    ``no_metadata``, ``no_metadata_row``, dates not read, aliases, case variants, encoding
    fallbacks: :mod:`framing.io.meta`), in source order.
    """

    rates: pd.DataFrame
    skipped: pd.DataFrame
    totals: dict
    freq: str | None = None
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(LOAD_REPORT)))

    @property
    def by(self) -> list[str]:
        """The columns the archive was scored by, in order: ``rates``' columns but the sums and ``per_1k``."""
        return [c for c in self.rates.columns if c not in (*timeline.SUMS, "per_1k")]

    @property
    def group_columns(self) -> list[str]:
        """The group columns of :attr:`by` (outlet, lean, ...): not period, category or doc_id."""
        return [c for c in self.by if c not in ("period", "category", "doc_id")]

    def over_time(self) -> pd.DataFrame:
        """The over-time table of :func:`framing.timeline.rates_over_time` from these sums.

        Needs a run with ``freq`` and ``by`` = group columns (outlet, lean, ...), period [,
        category].  Periods without documents are filled with zeros; documents undated at
        ``freq`` (period ``""``) are left out and counted in ``attrs["undated_documents"]``
        (their ids are not kept at archive scale: write ``doc_scores_path`` to find them).
        """
        keys, groups = self.by, [k for k in self.by if k not in ("period", "category")]
        if self.freq is None or not groups or keys not in ([*groups, "period"], [*groups, "period", "category"]):
            raise ValueError(
                "over_time() needs score_archive(..., by=('outlet'[, ...], 'period'[, 'category']), freq='week'|"
                f"'month'|'year'); this result has by={tuple(keys)} and freq={self.freq!r}"
            )
        dated = self.rates["period"] != ""
        table = timeline.rates_from_sums(self.rates.loc[dated, [*keys, *timeline.SUMS]], freq=self.freq)
        table.attrs["undated_documents"] = int(self.rates.loc[~dated].drop_duplicates(groups)["n_documents"].sum())
        return table

    def caption(self, label: str) -> str:
        """A figure caption in the report's form: ``Corpus: LABEL · N documents · K outlets`` (scored ones).

        ``K outlets`` counts the groups of the first group column: ``K lean groups`` when it is ``lean``
        (the archive knows only the columns it was grouped by); no count without a group column.
        """
        keys, scored = self.group_columns, self.totals["scored"]
        head = f"Corpus: {label} \u00b7 {counted(scored, 'document')}"
        if not keys:
            return head
        n = self.rates[keys[0]].nunique()
        return f"{head} \u00b7 {counted(n, 'outlet' if keys[0] == 'outlet' else f'{keys[0]} group')}"

    def __repr__(self) -> str:
        t = self.totals
        return (
            f"ArchiveResult({t['scored']} of {t['records']} records scored, {t['skipped']} skipped, "
            f"{t['tokens']} tokens, {t['hits']} hits, {len(self.rates)} rate rows)"
        )


def _group_columns(by, freq) -> tuple:
    by = tuple(by_names(list(by) if isinstance(by, tuple) else by))
    if "period" in by and freq is None:
        raise ValueError("by names 'period' but freq is None; pass freq='week', 'month' or 'year'")
    if freq is not None and "period" not in by:
        at = max([i + 1 for i, b in enumerate(by) if b not in ("category", "date", "doc_id")], default=0)
        by = (*by[:at], "period", *by[at:])
    return by


def score_archive(
    source,
    lexicon: Lexicon | None = None,
    *,
    by=("outlet", "category"),
    keep=(),
    freq: str | None = None,
    n_jobs: int = 1,
    batch_size: int = 1000,
    progress: bool | None = None,
    doc_scores_path=None,
    scorer=None,
    clean: bool = True,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding="utf-8",
    check_duplicates: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    aliases=None,
    metadata_encoding="utf-8",
    metadata_sep: str | None = None,
    max_document_chars: int | None = None,
) -> ArchiveResult:
    """Score an archive batch by batch and sum as it goes; returns an :class:`ArchiveResult`.

    ``source``: see :func:`framing.io.iter_batches`.  ``lexicon``: default the built-in one.
    ``by``: group columns: outlet, category (the lexicon's), date, doc_id, period, or any metadata column of the
    records (lean, topic, ...; :mod:`framing.groups`: a missing value is the group ``"(missing)"``, counted in
    ``rates.attrs["missing"]``; a name no record of the first batch has is a ``ValueError`` listing the fields).
    With ``freq`` (``"week"``, ``"month"``, ``"year"``: :func:`framing.timeline.period_of` of the date) a ``period``
    column follows the group columns (outlet, lean, ...); documents whose date cannot be placed at ``freq`` fall in
    period ``""``.  Sums are integer sums (``count`` hits of every category, ``n_tokens``, ``n_documents``) and
    ``per_1k = 1000 * count / n_tokens``, so any batch size and any ``n_jobs`` give identical tables.

    ``n_jobs``: processes (``-1``: every core); ``1`` scores in this process.  With ``n_jobs > 1`` a worker that
    dies costs only the documents that kill it (reported as ``worker_died`` with the exit code).  ``batch_size``:
    documents per batch.  ``progress``: a tqdm bar (bytes for files and folders, documents otherwise); ``None``
    shows it only when stderr is a terminal.  ``doc_scores_path``: write the document scores
    (:data:`framing.timeline.DOC_SCORES`, then the metadata columns of ``by`` and ``keep``) to this CSV as batches
    come, in source order.  ``scorer``: a picklable top-level function ``(documents, lexicon) -> table`` with
    doc_id, category, count, n_tokens per document × category (default :func:`framing.score.score_batch`).
    ``clean``: load_corpus's cleaning (default) or, with ``False``, line ends only (see the module docstring).
    ``text_column`` / ``id_column`` / ``encoding``: of table sources; ``date_format``, ``dayfirst``, ``aliases``
    (outlet only), ``metadata_encoding``, ``metadata_sep``: as in :func:`framing.load_corpus`
    (:func:`framing.io.iter_batches`).  ``max_document_chars``: a longer record is skipped (``too_large``).
    """
    lexicon = as_lexicon(lexicon)
    if freq is not None and freq not in timeline.FREQS:
        raise ValueError(f"freq must be None or one of {', '.join(timeline.FREQS)}, not {freq!r}")
    by = _group_columns(by, freq)
    keep = tuple(dict.fromkeys([*by, *((keep,) if isinstance(keep, str) else keep)]))
    keep = tuple(k for k in by_names(keep, arg="keep") if k not in _OWN) if keep else ()
    if not (type(n_jobs) is int and n_jobs == -1):
        check_int(n_jobs, "n_jobs", minimum=1, what="number of processes, or -1 for every core")
    if n_jobs == -1:
        n_jobs = os.cpu_count() or 1
    check_int(batch_size, "batch_size", minimum=1)
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None (on when stderr is a terminal), not {progress!r}")
    if scorer is None:
        scorer = score_batch
    elif not callable(scorer):
        raise TypeError(f"scorer must be a function (documents, lexicon) -> document scores, not {scorer!r}")
    compile_lexicon(lexicon)  # once, before workers are forked
    config = _Config(lexicon, scorer, cleaning_rules(clean), by, freq, doc_scores_path is not None, keep)
    reading = {"text_column": text_column, "id_column": id_column, "encoding": encoding, "date_format": date_format,
               "dayfirst": dayfirst, "aliases": aliases, "metadata_encoding": metadata_encoding,
               "metadata_sep": metadata_sep, "max_document_chars": max_document_chars}
    batches = iter_batches(source, batch_size=batch_size, check_duplicates=check_duplicates, keep=keep, **reading)
    batches = _check_kept(batches, keep, source, reading)
    total, unit = _progress_total(source)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        bar = _progress_bar()(total=total, unit=unit, unit_scale=True, desc="scoring", dynamic_ncols=True)
    runner = _in_process(batches, config) if n_jobs == 1 else _in_pool(batches, config, n_jobs)
    sums = None
    skipped_frames: list[pd.DataFrame] = []
    notes: list[tuple] = []
    totals = dict.fromkeys(TOTALS, 0)
    missing: dict = {}
    out = None if doc_scores_path is None else AtomicFile(doc_scores_path, "doc_scores_path")  # checked first
    header, done = True, False
    try:
        for batch, part in runner:
            if part.sums is not None:
                sums = part.sums if sums is None else timeline.add_sums(sums, part.sums, by)
            missing = add_counts(missing, part.missing)
            if out is not None and part.doc_scores is not None:
                table_csv(part.doc_scores[[*timeline.DOC_SCORES, *keep]], out, header=header)
                header = False
            if len(batch.skipped):
                skipped_frames.append(batch.skipped)
            if part.skipped:
                skipped_frames.append(skipped_frame(part.skipped))
            totals["records"] += batch.n_records
            totals["scored"] += part.scored
            totals["skipped"] += len(batch.skipped) + len(part.skipped)
            totals["tokens"] += part.tokens
            totals["hits"] += part.hits
            totals["bytes"] += batch.n_bytes
            totals["batches"] += 1
            totals["undated"] += int((batch.documents["date"] == "").sum())
            notes.extend(batch.notes)
            if bar is not None:
                bar.update(batch.n_bytes if unit == "B" else batch.n_records)
                bar.set_postfix(scored=totals["scored"], skipped=totals["skipped"], refresh=False)
        done = True
    finally:
        if bar is not None:
            bar.close()
        if out is not None:
            if header and done:
                table_csv(pd.DataFrame(columns=[*timeline.DOC_SCORES, *keep]), out)
            out.close(done)  # renamed onto doc_scores_path only when complete
    if sums is None:
        sums = timeline.sums(pd.DataFrame(columns=[*timeline.DOC_SCORES, *keep]), by=by, freq=freq)
    rates = timeline.finish(sums.sort_values(list(by), kind="stable").reset_index(drop=True))
    if missing:
        rates.attrs["missing"] = missing
    skipped = pd.concat(skipped_frames, ignore_index=True) if skipped_frames else skipped_frame([])
    skipped = skipped.sort_values(["source", "line", "doc_id", "kind"], kind="stable").reset_index(drop=True)
    return ArchiveResult(rates, skipped, totals, freq, pd.DataFrame(notes, columns=list(LOAD_REPORT)))


#: Columns every archive document has (:data:`framing.io.BATCH`) or that scoring adds.
_OWN = ("doc_id", "outlet", "date", "category", "period")


def _check_kept(batches: Iterator[Batch], keep: tuple, source, reading: dict) -> Iterator[Batch]:
    """``batches``; a ``keep`` column empty in the first batch with documents and absent from the first
    record (read again, strictly) is a ``ValueError`` listing that record's fields."""
    first = next(batches, None)
    while first is not None and first.documents.empty:
        yield first
        first = next(batches, None)
    empty = [] if first is None else [k for k in keep if not (first.documents[k] != "").any()]
    if empty:
        try:
            extra = next(iter_batches(source, batch_size=1, strict=True, **reading)).extra
            fields = [*BATCH[:3], *(extra[0]["meta"] if extra else ()), "category", "period"]
        except (ValueError, TypeError, OSError):
            fields = [*BATCH[:3], "category", "period"]
        check_columns([k for k in empty if k not in fields], fields, what="the records")
    if first is not None:
        yield first
        yield from batches


def _progress_bar():
    """tqdm's notebook bar when ipywidgets is installed, else its text bar (no IProgress warning)."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


def _progress_total(source) -> tuple[int | None, str]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            with os.scandir(path) as entries:
                return sum(e.stat().st_size for e in entries if e.name.lower().endswith(".txt") and e.is_file()), "B"
        if path.is_file():
            return path.stat().st_size, "B"
    if isinstance(source, pd.DataFrame):
        return len(source), "doc"
    return None, "doc"


def measure_memory(path, **kwargs) -> dict:
    """Peak Python memory (tracemalloc) of :func:`score_archive` on ``path``, in bytes, with its totals.

    ``kwargs`` go to :func:`score_archive` (``n_jobs=1`` by default: tracemalloc sees only
    this process).  Returns ``{"peak_bytes": ..., **totals}``.
    """
    import tracemalloc

    kwargs.setdefault("n_jobs", 1)
    kwargs.setdefault("progress", False)
    lexicon = kwargs.pop("lexicon", None) or load_lexicon()
    compile_lexicon(lexicon)  # before memory is measured
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = score_archive(path, lexicon, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"peak_bytes": peak, **result.totals}


__all__ = [
    "BATCH", "SKIPPED", "SKIP_KINDS", "TOTALS", "ArchiveError", "ArchiveResult", "Batch", "iter_batches",
    "list_folder", "measure_memory", "read_delimited", "read_folder", "read_frame", "read_jsonl", "read_parquet",
    "score_archive", "write_jsonl_sample",
]  # fmt: skip
