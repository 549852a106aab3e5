"""Throughput of lexicon matching: framing's ``hits()`` beside flashtext and pyahocorasick.

    python benchmarks/bench_matching.py --ptc /path/to/ptc/train-articles \\
        --words /path/to/bias-lexicon.txt --mb 20 --repeat 3

Documents: the paragraphs (blocks between blank lines) of the PTC articles (SemEval-2020
Task 11 train set), repeated in order until ``--mb`` megabytes of text; or, with
``--corpus``, every ``.txt`` file of a folder as one document.  Lexicon: a user lexicon
with one plain term per line of ``--words`` (category ``bias``; the Recasens et al. 2013
bias lexicon in benchmarks/README.md), else the built-in lexicon.

Rows (every method gets the same list of texts, read into memory first; one core):

* peers, one text at a time, building their automata inside the row: flashtext
  ``KeywordProcessor`` (``-`` a word character) and pyahocorasick over the lower-cased
  text with a word-boundary check (``str.isalnum`` on either side);
* ``hits()`` as users get it: the hits table with surface, term, category, sentence ids
  and negation; then without negation, without sentence ids, and ``score_stream`` (counts
  and token counts per document, no table of hits).  framing compiles a lexicon once
  (``framing.match.compile_lexicon``, timed apart before the rows).

MB/s = UTF-8 megabytes / wall seconds, best of ``--repeat`` rounds (each round runs every
row once, in turn, so a change of load touches every row alike); the ratio to the fastest
peer from the best times.  CPU seconds (``time.process_time``, best of the rounds) beside
them, and the ratio from those: on a machine shared with other work, the fairer one.  The
load average is printed before and after.  Not a test: numbers depend on the machine and
its load; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path

import pandas as pd

from framing.lexicon import Lexicon, load_lexicon, term_key
from framing.match import compile_lexicon
from framing.score import hits, score_stream


def ptc_paragraphs(folder: Path, mb: float) -> list[str]:
    """The paragraphs of the articles of ``folder``, repeated in order up to ``mb`` megabytes."""
    paras = []
    for path in sorted(folder.glob("*.txt")):
        paras += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out, size = [], 0
    while paras and size < mb * 1e6:
        for p in paras:
            out.append(p)
            size += len(p)
            if size >= mb * 1e6:
                break
    return out


def words_lexicon(path: Path) -> Lexicon:
    terms = sorted({w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()})
    return Lexicon.from_table(pd.DataFrame({"term": terms, "category": "bias"}), name=path.name)


def peer_keys(lex: Lexicon) -> list[str]:
    """Plain terms as peers can take them: lower case, no glob star (peers have no globs)."""
    plain = lex.table[~lex.table["pattern"]]
    return sorted({term_key(t).rstrip("*").strip() for t in plain["term"]})


# methods: each takes the list of texts and returns a hit count --------------------------------


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
        for end, length in a.iter_long(v):
            s = end - length + 1
            if (s == 0 or not v[s - 1].isalnum()) and (end + 1 == n or not v[end + 1].isalnum()):
                total += 1
    return total


def _pairs(texts):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})


def m_hits(texts, lex):
    return len(hits(_pairs(texts), lex))


def m_hits_no_negation(texts, lex):
    return len(hits(_pairs(texts), lex, negation=False))


def m_hits_no_sentences(texts, lex):
    return len(hits(_pairs(texts), lex, sentences=False))


def m_score_stream(texts, lex):
    return int(score_stream(_pairs(texts), lex)["count"].sum())


def measure(rows, texts, repeat: int) -> pd.DataFrame:
    """Time every row ``repeat`` times, the rows in turn within each round; keep each row's best."""
    times: list[list[float]] = [[] for _ in rows]
    cpu: list[list[float]] = [[] for _ in rows]
    counts = [None] * len(rows)
    for r in range(repeat):
        for j, (name, fn, arg) in enumerate(rows):
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            counts[j] = fn(texts, arg)
            times[j].append(time.perf_counter() - t0)
            cpu[j].append(time.process_time() - c0)
            print(f"  round {r + 1}: {name}: {times[j][-1]:.2f} s (CPU {cpu[j][-1]:.2f} s)", flush=True)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    table = pd.DataFrame(
        {
            "method": [name for name, _, _ in rows],
            "seconds": [round(min(t), 2) for t in times],
            "MB/s": [round(mb / min(t), 1) for t in times],
            "CPU s": [round(min(c), 2) for c in cpu],
            "MB/s of CPU": [round(mb / min(c), 1) for c in cpu],
            "hits": counts,
        }
    )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ptc", type=Path, help="folder of PTC articles: their paragraphs are the documents")
    parser.add_argument("--corpus", type=Path, help="folder of .txt files, one document each (instead of --ptc)")
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of PTC paragraphs")
    parser.add_argument("--words", type=Path, help="user lexicon: one plain term per line (default: built-in)")
    parser.add_argument("--repeat", type=int, default=1, help="time each row this many times, keep the best")
    args = parser.parse_args()
    if args.corpus:
        texts = [f.read_text(encoding="utf-8") for f in sorted(args.corpus.glob("*.txt"))]
    elif args.ptc:
        texts = ptc_paragraphs(args.ptc, args.mb)
    else:
        raise SystemExit("give --ptc or --corpus")
    if not texts:
        raise SystemExit("no documents")
    lex = words_lexicon(args.words) if args.words else load_lexicon()
    keys = peer_keys(lex)
    print(
        f"{len(texts)} documents, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB; lexicon {len(lex)} "
        f"entries ({int(lex.table['pattern'].sum())} patterns), {len(keys)} plain keys for peers; "
        f"python {os.sys.version.split()[0]}, one core, best of {max(1, args.repeat)}"
    )
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    t0 = time.perf_counter()
    compile_lexicon(lex)
    print(f"framing lexicon compile: {time.perf_counter() - t0:.2f} s (once per lexicon)")
    peers = [
        ("flashtext KeywordProcessor ('-' a word char)", m_flashtext, keys),
        ("pyahocorasick + word-boundary check", m_pyahocorasick, keys),
    ]
    rows = peers + [
        ("framing hits() (sentence ids, negation)", m_hits, lex),
        ("framing hits(negation=False)", m_hits_no_negation, lex),
        ("framing hits(sentences=False)", m_hits_no_sentences, lex),
        ("framing score_stream (counts, tokens)", m_score_stream, lex),
    ]
    table = measure(rows, texts, max(1, args.repeat))
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    table["x fastest peer"] = (table["MB/s"] / table["MB/s"].iloc[: len(peers)].max()).round(2)
    table["x fastest peer, CPU"] = (table["MB/s of CPU"] / table["MB/s of CPU"].iloc[: len(peers)].max()).round(2)
    print()
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
