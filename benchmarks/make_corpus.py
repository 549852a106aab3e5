"""Build a benchmark corpus: real news paragraphs, replicated and shuffled, as a folder of ``.txt``.

The paragraphs come from a folder of ``.txt`` articles (by default the 371 training articles
of the SemEval-2020 Task 11 Propaganda Techniques Corpus, about 2.5 MB).  They are pooled,
replicated and shuffled with a fixed seed, then cut into documents of about the source
articles' mean length, until the folder holds ``--mb`` megabytes of UTF-8 text.  Same
arguments, same bytes.

    python benchmarks/make_corpus.py --mb 50 --out /tmp/framing-bench-50mb

Write it outside the repository (``/tmp``): the text is not ours to commit.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ptc" / "train-articles"
_BLANK = re.compile(r"\n\s*\n|\n")


def paragraphs(source: Path) -> tuple[list[str], int]:
    """Non-blank paragraphs of every ``.txt`` in ``source`` (sorted by file name), and the mean article size."""
    files = sorted(source.glob("*.txt"))
    if not files:
        raise SystemExit(f"make_corpus: no .txt files in {source}; pass --source FOLDER")
    out: list[str] = []
    total = 0
    for f in files:
        text = f.read_text(encoding="utf-8-sig")
        total += len(text.encode("utf-8"))
        out.extend(p.strip() for p in _BLANK.split(text) if p.strip())
    return out, total // len(files)


def build(source: Path, out: Path, mb: float, seed: int = 20200823) -> tuple[int, int]:
    """Write the corpus; return (number of documents, bytes written)."""
    paras, mean_size = paragraphs(source)
    target = int(mb * 1_000_000)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("doc*.txt"):
        old.unlink()
    written = n_docs = 0
    pool: list[str] = []
    while written < target:
        if not pool:
            pool = paras[:]
            rng.shuffle(pool)
        doc: list[str] = []
        size = 0
        while pool and size < mean_size:
            p = pool.pop()
            doc.append(p)
            size += len(p.encode("utf-8")) + 2
        data = ("\n\n".join(doc) + "\n").encode("utf-8")
        n_docs += 1
        (out / f"doc{n_docs:06d}.txt").write_bytes(data)
        written += len(data)
    return n_docs, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of .txt articles")
    parser.add_argument("--out", type=Path, default=Path("/tmp/framing-bench-50mb"), help="output folder")
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of text to write (default 50)")
    parser.add_argument("--seed", type=int, default=20200823, help="shuffle seed")
    args = parser.parse_args()
    n, size = build(args.source, args.out, args.mb, args.seed)
    print(f"wrote {n} documents, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
