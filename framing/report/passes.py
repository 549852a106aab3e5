"""The report's per-document pass (:func:`document_pass`), in chunks of documents, in forked processes with
``jobs`` > 1; and :func:`run_tasks`, named computations side by side in forked processes.

Forked processes read what the parent holds when they start (set in module globals just before the fork): only
their results travel back, pickled.  Elsewhere than on Linux everything runs in this process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

import pandas as pd

from framing.corpus import Corpus


def _chunks(corpus: Corpus, size: int) -> Iterable[Corpus]:
    ids = list(corpus.documents["doc_id"])
    for i in range(0, len(ids), size):
        yield corpus.select(doc_ids=ids[i:i + size]) if len(ids) > size else corpus


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    if len(parts) == 1:
        return parts[0]
    out = pd.concat(parts, ignore_index=True)
    for col, dtype in parts[0].dtypes.items():  # empty chunks must not widen a dtype
        if out[col].dtype != dtype and len(out) == out[col].notna().sum():
            try:
                out[col] = out[col].astype(dtype)
            except (TypeError, ValueError):
                pass
    return out


#: Names of the per-document tables, in the order :func:`document_pass` returns them.
DOCUMENT_TABLES = ("quotes", "sentences", "hits", "sentiment", "mentions", "attribution_cues", "voice_words",
                   "quoted_share", "kwic", "measures")


def _chunk_tables(part: Corpus, lexicon, actors, weights, score_names: bool = False) -> dict[str, pd.DataFrame]:
    """The per-document tables of the documents of ``part`` (one :class:`~framing.voice.Analysis` for them)."""
    from framing.actors import mentions
    from framing.learned import document_measures
    from framing.score import hits, kwic
    from framing.sentiment import sentiment
    from framing.voice import (
        Analysis,
        attribution_stance,
        label_spans,
        quoted_share,
        quotes,
        sentence_voice,
        word_voices,
    )

    analysis = Analysis()  # the voice layer's parses of this chunk (memory stays flat)

    def words(text: str):  # framing.text.word_arrays of a text of the chunk, from its parse (split once)
        return analysis.of(text).words

    q = quotes(part, analysis=analysis)
    s = sentence_voice(part, quotes=q, analysis=analysis)
    h = label_spans(hits(part, lexicon, sentences=s), part, quotes=q, sentences=s)
    return {
        "quotes": q,
        "sentences": s,
        "hits": h,
        "kwic": kwic(h, part, words=words),
        "sentiment": sentiment(part, sentences=s, score_names=score_names),
        "mentions": mentions(part, actors, sentences=s),
        "attribution_cues": attribution_stance(part, quotes=q, analysis=analysis),
        "voice_words": word_voices(part, quotes=q, sentences=s, analysis=analysis),
        "quoted_share": quoted_share(part, quotes=q, analysis=analysis),  # exported; the paired comparison's
        "measures": document_measures(part, h, weights=weights, quotes=q, sentences=s, words=words),
    }


#: What a worker process of :func:`document_pass` reads: (corpus, lexicon, actors, weights, chunk bounds,
#: score_names), set before fork.
_WORK: tuple | None = None
#: The tasks (name -> callable without arguments) a worker process of :func:`run_tasks` runs, set before fork.
_TASKS: dict | None = None


def _work(k: int) -> dict[str, pd.DataFrame]:
    corpus, lexicon, actors, weights, bounds, score_names = _WORK
    ids = list(corpus.documents["doc_id"])
    a, b = bounds[k]
    return _chunk_tables(corpus.select(doc_ids=ids[a:b]), lexicon, actors, weights, score_names)


def _task(name: str):
    return _TASKS[name]()


def in_child(task: Callable[[], object]) -> object:
    """``task()`` run in a forked process on Linux, so that the memory it used goes back to the system when it
    ends (the next stage starts light); elsewhere here.  Its result (or its exception) travels back pickled."""
    import multiprocessing

    if not sys.platform.startswith("linux"):
        return task()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def target() -> None:
        try:
            out = ("ok", task())
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            out = ("error", exc)
        try:
            send.send(out)
        except Exception as exc:  # an unpicklable result or exception
            send.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))

    proc = ctx.Process(target=target)
    proc.start()
    send.close()
    try:
        status, value = receive.recv()
    except EOFError:
        proc.join()
        raise RuntimeError(f"the report's worker process ended without a result (exit code {proc.exitcode})") from None
    finally:
        receive.close()
    proc.join()
    if status == "error":
        raise value
    return value


def run_tasks(tasks: dict, jobs: int) -> dict:
    """The results of ``tasks`` (name -> callable without arguments), computed in at most ``jobs`` forked processes
    on Linux when ``jobs`` > 1 (they read what this process holds, only the results travel back), else here."""
    global _TASKS
    import multiprocessing

    if jobs < 2 or len(tasks) < 2 or not sys.platform.startswith("linux"):
        return {name: task() for name, task in tasks.items()}
    _TASKS = tasks
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
            pending = {name: pool.apply_async(_task, (name,)) for name in tasks}
            return {name: job.get() for name, job in pending.items()}
    finally:
        _TASKS = None


def _contiguous(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its string columns rebuilt in one piece: a table concatenated from chunks writes other Parquet
    bytes (the encoder's pages follow the chunks) than the same table made in one call."""
    for col in frame.columns:
        dtype = frame[col].dtype
        if isinstance(dtype, pd.StringDtype):
            frame[col] = pd.Series(frame[col].to_numpy(dtype=object), index=frame.index, dtype=dtype)
    return frame


def document_pass(corpus: Corpus, *, chunk: int, lexicon=None, actors=None, progress=None, jobs: int = 1,
                  side: dict | None = None, score_names: bool = False) -> tuple[dict[str, pd.DataFrame], dict]:
    """The per-document tables (:data:`DOCUMENT_TABLES`) in chunks of ``chunk`` documents, concatenated in document
    order (the same tables whatever ``chunk``), and the results of ``side`` (name -> callable without arguments, not
    depending on the per-document tables): run in the pool beside the chunks when there is one (its first tasks:
    they overlap the chunks instead of following them), else after.  ``jobs`` > 1: that many forked processes
    on Linux (elsewhere this one).  ``progress``: ``(n_documents) -> bar`` with ``update(k)`` and ``close()`` (tqdm).
    ``score_names``: the sentiment scores the words of proper names (:func:`framing.sentiment.sentiment`)."""
    global _WORK, _TASKS
    import multiprocessing

    from framing.learned import load_weights
    from framing.lexicon import load_lexicon
    from framing.match import compile_lexicon

    side = dict(side or {})
    lexicon = load_lexicon() if lexicon is None else lexicon  # one Lexicon: its matcher is compiled once
    weights = load_weights()  # the learned weighting, read once
    parts: dict[str, list] = {k: [] for k in DOCUMENT_TABLES}
    n = len(corpus.documents)
    bounds = [(a, min(a + chunk, n)) for a in range(0, n, chunk)]
    bar = progress(n) if progress else None
    fork = sys.platform.startswith("linux")  # fork is unsafe on macOS, absent on Windows: one process there
    done: dict = {}
    try:
        if jobs > 1 and len(bounds) > 1 and fork:
            compile_lexicon(lexicon)  # compiled once here, inherited by the workers
            _WORK, _TASKS = (corpus, lexicon, actors, weights, bounds, score_names), side
            try:
                with multiprocessing.get_context("fork").Pool(min(jobs, len(bounds))) as pool:
                    pending = {name: pool.apply_async(_task, (name,)) for name in side}
                    for k, tables in enumerate(pool.imap(_work, range(len(bounds)))):
                        for name, frame in tables.items():
                            parts[name].append(frame)
                        if bar is not None:
                            bar.update(bounds[k][1] - bounds[k][0])
                    done = {name: job.get() for name, job in pending.items()}
            finally:
                _WORK = _TASKS = None
        else:
            for part in _chunks(corpus, chunk):
                for name, frame in _chunk_tables(part, lexicon, actors, weights, score_names).items():
                    parts[name].append(frame)
                if bar is not None:
                    bar.update(len(part.documents))
    finally:
        if bar is not None:
            bar.close()
    done = done or {name: task() for name, task in side.items()}
    out = {k: _concat(v) for k, v in parts.items()}
    for name in ("voice_words", "quoted_share"):  # sorted by doc_id, as computed over the whole corpus
        out[name] = out[name].sort_values("doc_id", kind="stable").reset_index(drop=True)
    out["kwic"] = _contiguous(out["kwic"].sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True))
    return out, done
