"""Throughput of lexicon matching: framing beside scikit-learn, flashtext and pyahocorasick.

    python benchmarks/make_corpus.py --mb 50 --out /tmp/framing-bench-50mb
    python benchmarks/bench_matching.py --corpus /tmp/framing-bench-50mb --repeat 3

Every method gets the same documents (read into memory first, one string per file; the
reading is not timed) and the same lexicon: the built-in lexicon plus the words of
VADER's lexicon (vaderSentiment 3.3.2, ``vader_lexicon.txt``, MIT) with mean valence
<= -1.5 that it lacks, as plain terms of a category ``vader_negative``.  One core, one
process.  The peers and ``Matcher.find`` take documents one at a time; framing's batch
paths (``iter_hit_spans``, ``iter_hits``, ``score_stream``) take them as an iterable of
``(doc_id, text)`` pairs and match about 600,000 characters at a time.  framing's
lexicon compile (once per lexicon) and the loading of its numba kernels (once per process)
are timed apart, before the rows; the peers build
their automata inside their rows (a small cost beside their matching).  MB/s = UTF-8
megabytes of text / wall seconds, best of ``--repeat`` rounds (each round runs every row
once, in turn, so a change in load touches every row alike); the ratio to the fastest
peer is given from the best times and, paired within each round, as the median and range
over the rounds.  The load average is printed before and after.
Peak memory is tracemalloc's peak of Python allocations during a second run over the
first ``--mem-mb`` megabytes (tracemalloc slows code down, so it is not timed), and for
``framing score_stream`` also over the whole corpus, to show it stays flat.

Not a test: numbers depend on the machine and its load.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from framing import _heap, _jit
from framing.lexicon import Lexicon, load_lexicon, term_key
from framing.score import _batch_matcher, fast_normalize, iter_hit_spans, iter_hits, score_stream


def benchmark_lexicon() -> Lexicon:
    """Built-in lexicon + VADER words with valence <= -1.5 (those not already in it)."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and float(parts[1]) <= -1.5 and parts[0].replace("-", "").replace("'", "").isalpha():
            rows.append({"term": parts[0], "category": "vader_negative", "polarity": -1, "note": "VADER valence"})
    vader = Lexicon.from_table(pd.DataFrame(rows), name="vader_lexicon.txt")
    return load_lexicon().extend(vader, on_conflict="keep")


def peer_keys(lex: Lexicon) -> list[str]:
    """Plain terms as peers can take them: lower case, no glob star (peers have no globs)."""
    plain = lex.table[~lex.table["pattern"]]
    return sorted({term_key(t).rstrip("*").strip() for t in plain["term"]})


# methods: each takes the list of texts and returns a hit count --------------------------------


def m_countvectorizer(texts, keys):
    from sklearn.feature_extraction.text import CountVectorizer

    vocab = sorted({" ".join(k.replace("-", " ").split()) for k in keys})
    vec = CountVectorizer(vocabulary=vocab, ngram_range=(1, 3), token_pattern=r"(?u)\b\w+\b")
    total = 0
    for i in range(0, len(texts), 500):
        total += int(vec.transform(texts[i : i + 500]).sum())
    return total


def m_flashtext(texts, keys):
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    kp.add_non_word_boundary("-")
    for k in keys:
        kp.add_keyword(k)
    return sum(len(kp.extract_keywords(t, span_info=True)) for t in texts)


def m_pyahocorasick(texts, keys):
    import ahocorasick

    a = ahocorasick.Automaton()
    for k in keys:
        a.add_word(k, len(k))
    a.make_automaton()
    total = 0
    for t in texts:
        v = t.lower()
        n = len(v)
        for end, length in a.iter(v):
            s = end - length + 1
            if (s == 0 or not v[s - 1].isalnum()) and (end + 1 == n or not v[end + 1].isalnum()):
                total += 1
    return total


def m_ahocorasick_rs_raw(texts, keys):
    """Informative: the Rust automaton alone, leftmost-longest, no boundary check, no view."""
    import ahocorasick_rs

    ac = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return sum(len(ac.find_matches_as_indexes(t.lower())) for t in texts)


def m_framing_spans(texts, lex):
    """framing's fast path: spans, entries, categories and sentence ids, many texts at a time."""
    total = 0
    for frame in iter_hit_spans(((i, t) for i, t in enumerate(texts)), lex):
        total += len(frame)
    return total


def m_framing_spans_nosent(texts, lex):
    return sum(len(f) for f in iter_hit_spans(((i, t) for i, t in enumerate(texts)), lex, sentences=False))


def m_framing_find(texts, lex):
    matcher = lex.compiled()
    return sum(len(matcher.find(fast_normalize(t).text)) for t in texts)


def m_framing_stream(texts, lex):
    return int(score_stream(((i, t) for i, t in enumerate(texts)), lex)["count"].sum())


def m_framing_hits(texts, lex):
    return sum(len(f) for f in iter_hits(((i, t) for i, t in enumerate(texts)), lex, sentences=False))


def m_framing_hits_sentences(texts, lex):
    return sum(len(f) for f in iter_hits(((i, t) for i, t in enumerate(texts)), lex))


def m_framing_hits_no_negation(texts, lex):
    docs = ((i, t) for i, t in enumerate(texts))
    return sum(len(f) for f in iter_hits(docs, lex, negation=False))


REPEAT = 1


@contextlib.contextmanager
def engine(use_numba: bool):
    """Run with the numba kernels (when numba is installed) or with numpy only (``FRAMING_NUMBA``)."""
    old = os.environ.get("FRAMING_NUMBA")
    os.environ["FRAMING_NUMBA"] = "1" if use_numba else "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ["FRAMING_NUMBA"]
        else:
            os.environ["FRAMING_NUMBA"] = old


def with_engine(use_numba: bool):
    """Wrap a method so that it runs under :func:`engine`."""

    def wrap(fn):
        def run_it(texts, lex):
            with engine(use_numba):
                return fn(texts, lex)

        return run_it

    return wrap


def run(name, fn, texts, arg, mem_texts):
    """One row to measure: the method, its input and its argument (lexicon or keys)."""
    return (name, fn, texts, arg, mem_texts)


def measure(specs) -> list[dict]:
    """Time every row ``REPEAT`` times, the rows in turn within each round (so a change in the
    machine's load touches every row alike), keep each row's best; then its memory pass."""
    times: list[list[float]] = [[] for _ in specs]
    counts = [None] * len(specs)
    for r in range(REPEAT):
        for j, (name, fn, texts, arg, _) in enumerate(specs):
            gc.collect()
            t0 = time.perf_counter()
            counts[j] = fn(texts, arg)
            times[j].append(time.perf_counter() - t0)
            print(f"  round {r + 1}: {name}: {times[j][-1]:.2f} s", flush=True)
    best = [min(t) for t in times]
    rows = []
    for j, (name, fn, texts, arg, mem_texts) in enumerate(specs):
        gc.collect()
        tracemalloc.start()
        fn(mem_texts, arg)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        rows.append(
            {
                "method": name,
                "MB": round(mb, 1),
                "seconds": round(best[j], 2),
                "MB/s": round(mb / best[j], 1),
                "peak MB": round(peak, 1),
                "hits": counts[j],
                "_times": times[j],
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/framing-bench-50mb"))
    parser.add_argument("--mem-mb", type=float, default=5.0, help="megabytes for the tracemalloc pass")
    parser.add_argument(
        "--sentences-mb", type=float, default=0.0, help="megabytes for the full iter_hits run (0: the whole corpus)"
    )
    parser.add_argument("--skip-slow-peers", action="store_true", help="leave out CountVectorizer and flashtext")
    parser.add_argument("--repeat", type=int, default=1, help="time each row this many times, keep the best")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt in {args.corpus}; run benchmarks/make_corpus.py first")
    texts = [f.read_text(encoding="utf-8") for f in files]

    def prefix(mb):
        out, size = [], 0
        for t in texts:
            if size >= mb * 1e6:
                break
            out.append(t)
            size += len(t.encode("utf-8"))
        return out

    mem = prefix(args.mem_mb)
    lex = benchmark_lexicon()
    keys = peer_keys(lex)
    print(
        f"{len(texts)} documents, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB; lexicon {len(lex)} "
        f"entries ({int(lex.table['pattern'].sum())} patterns), {len(keys)} plain keys for peers; "
        f"python {os.sys.version.split()[0]}, one core, best of {REPEAT}; "
        f"heap kept between batches (framing._heap, FRAMING_KEEP_HEAP): {_heap.active()}"
    )
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    # framing compiles a lexicon once (cached on the Lexicon); timed here, outside the rows,
    # as a one-off cost like loading the corpus.  The peers build their automata in their rows.
    # Two copies of the lexicon: one compiled for each engine (numba kernels, numpy only).
    t0 = time.perf_counter()
    lex.compiled()
    t1 = time.perf_counter()
    with engine(True):
        batch = _batch_matcher(lex.compiled())
        if _jit.enabled():
            batch.trie  # noqa: B018 - built on first use: build it here, outside the rows
    t2 = time.perf_counter()
    lex_np = benchmark_lexicon()
    with engine(False):
        _batch_matcher(lex_np.compiled())
    t3 = time.perf_counter()
    # load the numba kernels (from numba's disk cache, or compile them) outside the rows too:
    # a once-per-process cost that would otherwise fall on the first kernel row of round 1
    with engine(True):
        m_framing_spans(prefix(1.0), lex)
    t4 = time.perf_counter()
    print(
        f"framing lexicon compile: Matcher {t1 - t0:.2f} s, BatchMatcher {t2 - t1:.2f} s with the numba engine "
        f"(jit: {_jit.enabled()}), Matcher + BatchMatcher {t3 - t2:.2f} s with numpy only (once per lexicon); "
        f"kernels loaded and a first 1 MB matched in {t4 - t3:.2f} s"
    )
    full = prefix(args.sentences_mb) if args.sentences_mb else texts
    full_mem = prefix(min(args.sentences_mb, args.mem_mb)) if args.sentences_mb else mem
    peers = [
        ("sklearn CountVectorizer(vocabulary, ngram_range=(1,3))", m_countvectorizer),
        ("flashtext KeywordProcessor ('-' a word char)", m_flashtext),
        ("pyahocorasick + word-boundary check", m_pyahocorasick),
    ]
    if args.skip_slow_peers:
        peers = peers[2:]
    specs = [run(name, fn, texts, keys, mem) for name, fn in peers]
    jit, numpy_only = with_engine(True), with_engine(False)
    specs += [
        run("(informative) ahocorasick_rs alone, no boundaries", m_ahocorasick_rs_raw, texts, keys, mem),
        run("framing iter_hit_spans (spans, categories, sentence ids)", jit(m_framing_spans), texts, lex, mem),
        run("  the same, numpy only", numpy_only(m_framing_spans), texts, lex_np, mem),
        run("framing iter_hit_spans(sentences=False)", jit(m_framing_spans_nosent), texts, lex, mem),
        run("framing Matcher.find, one text at a time (reference)", m_framing_find, texts, lex, mem),
        run("framing score_stream (counts, tokens, per_1k)", jit(m_framing_stream), texts, lex, mem),
        run("  the same, numpy only", numpy_only(m_framing_stream), texts, lex_np, mem),
        run("framing iter_hits(negation=False) (hits tables)", jit(m_framing_hits_no_negation), full, lex, full_mem),
        run("framing iter_hits(sentences=False) (hits tables, negation)", jit(m_framing_hits), texts, lex, mem),
        run(
            "framing iter_hits (hits tables, sentence ids, negation)",
            jit(m_framing_hits_sentences),
            full,
            lex,
            full_mem,
        ),
        run("  the same, numpy only", numpy_only(m_framing_hits_sentences), full, lex_np, full_mem),
    ]
    rows = measure(specs)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    gc.collect()
    tracemalloc.start()
    m_framing_stream(texts, lex)
    full_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    table = pd.DataFrame(rows)
    peer_rows = table.iloc[: len(peers)]
    fastest_peer = peer_rows["MB/s"].max()
    table["x fastest peer"] = np.round(table["MB/s"] / fastest_peer, 2)
    # the same ratio within each round (the fastest peer's time that round / the row's), so
    # that a change of load between rounds cancels out: median and range over the rounds
    peer_times = np.asarray(peer_rows["_times"].iloc[int(peer_rows["MB/s"].argmax())])
    per_round = [peer_times / np.asarray(t) for t in table.pop("_times")]
    table["x peer, per round (median [min-max])"] = [
        f"{np.median(q):.2f} [{q.min():.2f}-{q.max():.2f}]" for q in per_round
    ]
    print()
    print(table.to_markdown(index=False) if _has_tabulate() else table.to_string(index=False))
    print(
        f"\nframing score_stream peak traced memory over the whole corpus: {full_peak:.1f} MB "
        f"(vs {table.loc[table['method'].str.startswith('framing score_stream'), 'peak MB'].iloc[0]} MB "
        f"over the first {args.mem_mb:g} MB)"
    )


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
