"""Hostile input (issue #25): time grows linearly in the input.

    .venv/bin/python benchmarks/bench_hostile.py [case ...]

Each case is timed (best of 3) on an input of size k and 2k; it passes when the ratio is at
most 2.5.  Not a test: the times depend on the machine and its load.  Prints one line per case
and exits 1 when a case fails.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from framing.lexicon import Lexicon, load_lexicon
from framing.match import find
from framing.text import count_words, word_spans

LEX = load_lexicon()
LONG = Lexicon.from_table(pd.DataFrame({"term": [" ".join(["a"] * 5000), "x" * 10000], "category": ["c", "c"]}))


def _find(lex):
    return lambda text: find([text], lex)


#: name -> (input of size k, what to run on it, k)
CASES = {
    "phrase apart by space runs": (lambda k: (" " * k).join(["would", "have", "us", "zzz"]), _find(LEX), 50_000),
    "space runs": (lambda k: ("paid" + " " * 10_000 + "for ") * (k // 10_000), _find(LEX), 4_000_000),
    "spaces, tabs, line breaks": (lambda k: "would \n \t " * (k // 10) + "have", _find(LEX), 4_000_000),
    "quote marks": (lambda k: ('"' * 50 + "regime" + "'\u201c" * 25 + " ") * (k // 100), _find(LEX), 4_000_000),
    "hyphens": (lambda k: ("neo-" * 50 + "nazi " + "-" * 100) * (k // 300), _find(LEX), 4_000_000),
    "dots": (lambda k: "u.s." * (k // 8) + "." * (k // 2) + " u.s.-backed", _find(LEX), 4_000_000),
    "one letter": (lambda k: "a" * k + " regime", _find(LEX), 4_000_000),
    "long glob word": (lambda k: "puppet" + "s" * k + " traitors", _find(LEX), 4_000_000),
    "no whitespace": (lambda k: "regime," * (k // 7), _find(LEX), 4_000_000),
    "10,000-character terms": (lambda k: ("b " + "x" * 9_999 + " " + "a " * 500) * (k // 11_000), _find(LONG), 500_000),
    "count_words, no paragraph break": (lambda k: "word, other-word's. " * (k // 20), count_words, 2_000_000),
    "word_spans, one long word": (lambda k: "w" * k, word_spans, 8_000_000),
}


def _best(run, text) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - t)
    return best


def main(names: list[str]) -> int:
    find(["warm up"], LEX)
    find(["warm up"], LONG)
    bad = 0
    for name in names or list(CASES):
        make, run, k = CASES[name]
        t1, t2 = _best(run, make(k)), _best(run, make(2 * k))
        ratio = t2 / max(t1, 1e-3)
        ok = ratio <= 2.5
        bad += not ok
        print(f"{name:34s} k={k:>9,d} {t1:7.3f} s  2k {t2:7.3f} s  ratio {ratio:4.2f}  {'ok' if ok else 'FAIL'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
