"""Hostile input (issue #25): time grows linearly in the input; the table of hostile inputs.

    .venv/bin/python benchmarks/bench_hostile.py [case ...]
    .venv/bin/python benchmarks/bench_hostile.py --table [input ...]

Each case is timed (CPU time, best of 3) on an input of size k and 2k; it passes when the ratio is at
most 2.5.  ``--table``: every hostile input of :data:`TABLE` in its own process, with its
outcome, wall and CPU time, and peak resident memory (``ru_maxrss``; for single large
records also the growth over the input's bytes); fails when one takes over 60 s or 2 GB.
Not a test: the times depend on the machine and its load.  Exits 1 when a case fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pandas as pd

from framing.contrast import unit_spans
from framing.lexicon import Lexicon, load_lexicon
from framing.match import find
from framing.text import count_words, name_words, word_spans

LEX = load_lexicon()
LONG = Lexicon.from_table(pd.DataFrame({"term": [" ".join(["a"] * 5000), "x" * 10000], "category": ["c", "c"]}))


def _find(lex):
    return lambda text: find([text], lex)


def _units(text):
    return unit_spans(pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]}))


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
    # contrast units look for web and e-mail addresses (contrast.units.ADDRESS) in every document
    "contrast units, one long word": (lambda k: "a" * k + " x@y.com", _units, 1_000_000),
    "contrast units, address-like runs": (lambda k: "a.b-c@" * (k // 6) + " FoxNews.com", _units, 1_000_000),
    # and for clock times' "p.m." (contrast.units.CLOCK_TIME): digits, colons, dots, spaces, "p.m." run together
    "contrast units, clock-like runs": (lambda k: "12:30:45 p.m.11 5555 p.m. 1.2 pm " * (k // 33), _units, 1_000_000),
    # sentiment and word shift look for the words of names (text.name_words) in every document
    "names, spaces before capitals": (lambda k: ("a" + " " * 999 + "Ab") * (k // 1002), name_words, 4_000_000),
    "names, capitals": (lambda k: "Ab " * (k // 3), name_words, 1_000_000),
    "names, abbreviation periods": (lambda k: "Mr." * (k // 3) + " Ab", name_words, 4_000_000),
    "names, title-case lines": (lambda k: "Abcd Efgh Ijkl\n" * (k // 15), name_words, 1_000_000),
}


def _best(run, text) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.process_time()  # CPU time: the machine may be shared
        run(text)
        best = min(best, time.process_time() - t)
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


# --------------------------------------------------------------------------------------
# The table of hostile inputs: each case in a fresh process, with its outcome, time and peak memory
# --------------------------------------------------------------------------------------

#: Runs one case: ``setup`` (not measured) then ``run()``; prints the outcome, wall and CPU
#: seconds and the peak resident memory (``ru_maxrss``) before and after ``run()``.
_HARNESS = """
import json, os, resource, sys, tempfile, time, warnings
from pathlib import Path
import pandas as pd
import framing, framing.scale.stream  # imported before the clock starts
tmp = Path(tempfile.mkdtemp(prefix="hostile-"))
SENT = ("The committee met on Tuesday to discuss the budget for next year and the new school buildings. " * 9
        + "The regime said paid protesters staged it. ")
def big_jsonl(path, n_bytes):
    with open(path, "w") as f:
        f.write('{"doc_id": "big", "text": "')
        n = n_bytes // len(SENT)
        for _ in range(n // 1000):
            f.write(SENT * 1000)
        f.write(SENT * (n % 1000) + '"}\\n')
    return path
def folder(rows=""):
    corpus = tmp / "corpus"
    corpus.mkdir(exist_ok=True)
    (tmp / "secret.txt").write_text("The regime's secret.")
    (corpus / "a.txt").write_text("The regime said.")
    (corpus / "metadata.csv").write_text("doc_id,file,outlet\\na,a.txt,X\\n" + rows)
    return corpus
CASE
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
try:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = run()
        if caught and not outcome:
            outcome = "warning: " + str(caught[0].message)
except BaseException as exc:  # SystemExit included: importing __main__ must not exit
    outcome = f"error: {type(exc).__name__}: {exc}"
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": str(outcome).replace(str(tmp), "<tmp>"), "wall": wall, "cpu": cpu,
                  "base": base * 1024, "peak": peak * 1024, "bytes": globals().get("N_BYTES", 0)}))
"""

#: (class, input, code defining ``run()`` and, for records, ``N_BYTES`` the input's size)
TABLE = [
    ("containment", "metadata `file` = ../secret.txt", """
corpus = folder("s,../secret.txt,X\\n")
def run():
    from framing import load_corpus
    from framing.scale.stream import score_archive
    try:
        load_corpus(corpus)
    except Exception as exc:
        r = score_archive(corpus)
        return f"archive: skipped {r.skipped['kind'].tolist()}; load_corpus: {type(exc).__name__}: {exc}"
"""),
    ("containment", "symlink to a file outside the folder", """
corpus = folder()
(corpus / "link.txt").symlink_to(tmp / "secret.txt")
def run():
    from framing import load_corpus
    load_corpus(corpus)
"""),
    ("time", "2.4 KB text with 50-space runs, built-in lexicon", """
from framing import load_lexicon
from framing.match import find
lex = load_lexicon()
text = (" " * 50).join(["would", "have", "us", "believe", "paid", "protesters"] * 8)
def run():
    return f"handled: {len(find([text], lex)[0])} hits"
"""),
    ("time", "a 10,000-character phrase term on 40 KB of its own first word (worst case)", """
from framing.lexicon import Lexicon
from framing.match import find
lex = Lexicon.from_table(pd.DataFrame({"term": [" ".join(["a"] * 5000)], "category": ["c"]}))
text = "say " + " ".join(["a"] * 5000) + " ok " + "a " * 20000
def run():
    return f"handled: {len(find([text], lex)[0])} hit"
"""),
    ("time", "pattern `(?:\\\\w+\\\\s?)+!` (nested repeat)", """
def run():
    from framing.lexicon import Lexicon
    Lexicon.from_table(pd.DataFrame({"term": [r"(?:\\w+\\s?)+!"], "category": ["c"], "pattern": [True]}))
"""),
    ("time", "pattern `(?:a|a)+!` (exponential, no nesting) on 40 letters", """
from framing.lexicon import Lexicon
lex = Lexicon.from_table(pd.DataFrame({"term": [r"(?:a|a)+!"], "category": ["c"], "pattern": [True]}))
docs = pd.DataFrame({"doc_id": ["ok", "slow"], "text": ["a!", "x " + "a" * 40]})
def run():
    from framing import hits
    hits(docs, lex)
"""),
    ("time", "sentence_voice on a 4 MB document of quotes", """
text = ('He said: "The regime lies." Officials denied it, the minister said. ' * 60_000)[:4_000_000]
docs = pd.DataFrame({"doc_id": ["v"], "text": [text]})
def run():
    from framing import sentence_voice
    return f"handled: {len(sentence_voice(docs)):,} sentences"
"""),
    ("memory", "613-byte YAML lexicon with nested aliases (billion laughs)", """
lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
for i in range(1, 9):
    p = chr(ord("a") + i - 1)
    lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{p}"] * 9) + "]")
(tmp / "lex.yaml").write_text("\\n".join(lines) + "\\n")
def run():
    from framing import load_lexicon
    load_lexicon(tmp / "lex.yaml")
"""),
    ("memory", "YAML front matter with aliases in a .txt", """
corpus = folder()
(corpus / "a.txt").write_text("---\\na: &a [x, x, x, x]\\nb: [*a, *a, *a, *a]\\n---\\nThe regime said.")
def run():
    from framing import load_corpus
    load_corpus(corpus)
"""),
    ("memory", "200 MB single JSONL record, score_archive (default limit)", """
path = big_jsonl(tmp / "big.jsonl", 200_000_000)
N_BYTES = path.stat().st_size
def run():
    from framing.scale.stream import score_archive
    r = score_archive(path)
    return f"refused: {r.skipped['kind'].tolist()}: {r.skipped['reason'].iloc[0][:60]}..."
"""),
    ("memory", "200 MB single JSONL record, score_archive, max_document_chars=250M", """
path = big_jsonl(tmp / "big.jsonl", 200_000_000)
N_BYTES = path.stat().st_size
def run():
    from framing.scale.stream import score_archive
    r = score_archive(path, max_document_chars=250_000_000)
    return f"handled: scored {r.totals['scored']}"
"""),
    ("memory", "50 MB single JSONL record (no paragraph break): load_corpus + hits", """
path = big_jsonl(tmp / "big.jsonl", 50_000_000)
N_BYTES = path.stat().st_size
def run():
    from framing import hits, load_corpus
    return f"handled: {len(hits(load_corpus(path))):,} hits"
"""),
    ("memory", "50 MB single JSONL record: score_archive", """
path = big_jsonl(tmp / "big.jsonl", 50_000_000)
N_BYTES = path.stat().st_size
def run():
    from framing.scale.stream import score_archive
    return f"handled: scored {score_archive(path).totals['scored']}"
"""),
    ("crash", "lone surrogate `\\\\ud800` in JSON text", """
(tmp / "s.jsonl").write_text('{"doc_id": "a", "text": "The regime \\\\ud800 said."}\\n')
def run():
    from framing import load_corpus
    c = load_corpus(tmp / "s.jsonl")
    return f"handled: report {c.report['issue'].tolist()}"
"""),
    ("crash", "outlet named `$\\\\frac$` in a figure", """
def run():
    import io
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from framing.report.plots import style
    with style():
        fig, ax = plt.subplots()
        ax.bar(["$\\\\frac$", "Fox $5 and $10 News", "x" * 1000], [1, 2, 3])
        ax.set_title("news $\\\\frac$")
        fig.savefig(io.BytesIO(), format="png")
    return "handled: drawn as literal text"
"""),
    ("archives", "truncated .jsonl.gz", """
import gzip
data = gzip.compress(b"".join(b'{"doc_id": "d%d", "text": "A sham vote."}\\n' % i for i in range(2000)))
(tmp / "t.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
def run():
    from framing.scale.stream import score_archive
    r = score_archive(tmp / "t.jsonl.gz")
    return f"handled: scored {r.totals['scored']}, {r.skipped['kind'].tolist()}"
"""),
    ("outputs", "`archive -o` into a missing folder", """
def run():
    import contextlib, io
    from framing import cli
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(["archive", "corpus", "-o", str(tmp / "nope" / "out.csv")])
    return f"error (exit {code}) before any work: {err.getvalue().strip()}"
"""),
    ("dates", "sentinel date 9999-12-31 with freq week", """
(tmp / "d.jsonl").write_text('{"doc_id": "a", "date": "2020-01-01", "text": "A sham vote."}\\n'
                             '{"doc_id": "b", "date": "9999-12-31", "text": "A sham vote."}\\n')
def run():
    from framing.scale.stream import score_archive
    r = score_archive(tmp / "d.jsonl", by=("outlet",), freq="week")
    return f"handled: {len(r.rates)} rate rows; notes {r.notes['issue'].tolist()}"
"""),
    ("silent data", "JSONL text that is a list", """
(tmp / "l.jsonl").write_text('{"doc_id": "a", "text": ["baseless", "regime"]}\\n{"doc_id": "b", "text": "ok"}\\n')
def run():
    from framing.scale.stream import score_archive
    r = score_archive(tmp / "l.jsonl")
    return f"handled: scored {r.totals['scored']}, skipped {r.skipped['kind'].tolist()}"
"""),
    ("unicode", "text in NFD (`cafe` + U+0301), term `café`", """
from framing.lexicon import Lexicon
lex = Lexicon.from_table(pd.DataFrame({"term": ["café"], "category": ["c"]}))
docs = pd.DataFrame({"doc_id": ["a"], "text": ["Le cafe\\u0301 noir."]})
def run():
    from framing import hits
    h = hits(docs, lex)
    return f"handled: hit at {h['start'].tolist()}-{h['end'].tolist()}, surface {h['surface'].tolist()}"
"""),
    ("unicode", "a CJK term in a lexicon", """
def run():
    from framing.lexicon import Lexicon
    Lexicon.from_table(pd.DataFrame({"term": ["北京"], "category": ["c"]}))
"""),
    ("import", "`import framing.__main__`", """
def run():
    import framing.__main__  # noqa: F401
    return "handled: imported, no exit"
"""),
]


def table(only: list[str]) -> int:
    """Run every :data:`TABLE` case (or those whose input contains one of ``only``) in its own
    process; print a Markdown table."""
    print("| class | input | outcome | wall s | CPU s | peak RSS MB | peak - start / input |")
    print("|---|---|---|---:|---:|---:|---:|")
    bad = 0
    for kind, what, case in TABLE:
        if only and not any(o in what for o in only):
            continue
        proc = subprocess.run([sys.executable, "-c", _HARNESS.replace("CASE", case)], capture_output=True, text=True)
        if proc.returncode:
            bad += 1
            print(f"| {kind} | {what} | harness failed: {proc.stderr.strip().splitlines()[-1:]} | | | | |")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        ratio = f"{(r['peak'] - r['base']) / r['bytes']:.1f}x" if r["bytes"] else ""
        outcome = " ".join(r["outcome"].split()).replace("|", "\\|")
        outcome = outcome if len(outcome) <= 150 else outcome[:147] + "..."
        bad += r["wall"] > 60 or r["peak"] > 2e9
        mb, what = r["peak"] / 2**20, what.replace("|", "\\|")
        print(f"| {kind} | {what} | {outcome} | {r['wall']:.2f} | {r['cpu']:.2f} | {mb:,.0f} | {ratio} |", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(table(sys.argv[2:]) if sys.argv[1:2] == ["--table"] else main(sys.argv[1:]))
