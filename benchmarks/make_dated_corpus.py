"""Build a synthetic dated corpus with a planted rise, and draw its over-time figure.

Documents are cut from real news paragraphs (by default the SemEval-2020 Task 11
Propaganda Techniques Corpus training articles, read by path as in ``make_corpus.py``)
and given three fictional outlets and dates over the twelve months of 2021:

* each outlet × month gets 6-11 documents of 8-15 paragraphs drawn at random from the
  whole pool, so every outlet's expected rate is the pool's own;
* ``Northern Ledger`` in June, July and August 2021 (:data:`PLANTED`) takes half of each
  document's paragraphs from the *loaded* pool instead: the paragraphs whose rate of
  loaded terms (built-in lexicon, attribution stance excluded) is in the top quarter;
* ``Valley Times`` has no documents in April 2021 (:data:`GAP`): a gap, not a zero.

Same arguments, same bytes (``random.Random(seed)``; paragraphs in file-name order).

    .venv/bin/python benchmarks/make_dated_corpus.py            # /tmp/framing-dated.jsonl
                                                                # + benchmarks/over_time_synthetic.{png,svg}

The JSONL (``doc_id``, ``outlet``, ``date``, ``text``) goes to ``/tmp``: the text is not
ours to commit.  The figure holds only rates, so it is kept in ``benchmarks/``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import DEFAULT_SOURCE, paragraphs  # noqa: E402

OUTLETS = ("Harbour Courier", "Northern Ledger", "Valley Times")
MONTHS = [f"2021-{m:02d}" for m in range(1, 13)]
#: (outlet, months) whose documents draw half their paragraphs from the loaded pool.
PLANTED = ("Northern Ledger", ("2021-06", "2021-07", "2021-08"))
#: (outlet, month) without documents.
GAP = ("Valley Times", "2021-04")
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def loaded_pool(paras: list[str]) -> list[int]:
    """Indexes of the paragraphs (with 20+ word tokens) whose loaded-term rate is in the top quarter."""
    from framing.lexicon import loaded_mask
    from framing.score import score_batch

    table = score_batch(list(enumerate(paras)))
    table = table[loaded_mask(table["category"]).to_numpy()]
    per_para = table.groupby("doc_id", sort=True).agg(count=("count", "sum"), n_tokens=("n_tokens", "first"))
    per_para = per_para[per_para["n_tokens"] >= 20]
    rate = per_para["count"] / per_para["n_tokens"]
    cut = rate.quantile(0.75)
    return sorted(int(i) for i in per_para.index[(rate > cut) & (per_para["count"] > 0)])


def build(source: Path, out: Path, seed: int = 2021) -> list[dict]:
    """Write the JSONL corpus to ``out``; return its records."""
    paras, _ = paragraphs(source)
    rich = loaded_pool(paras)
    rng = random.Random(seed)
    records = []
    for outlet in OUTLETS:
        slug = outlet.lower().replace(" ", "-")
        for month in MONTHS:
            if (outlet, month) == GAP:
                continue
            planted = outlet == PLANTED[0] and month in PLANTED[1]
            n_docs = rng.randint(6, 11)
            days = sorted(rng.randint(1, DAYS_IN_MONTH[int(month[5:]) - 1]) for _ in range(n_docs))
            for k, day in enumerate(days, start=1):
                n_paras = rng.randint(8, 15)
                picks = []
                for j in range(n_paras):
                    pool_index = rng.choice(rich) if planted and j % 2 == 0 else rng.randrange(len(paras))
                    picks.append(paras[pool_index])
                records.append(
                    {"doc_id": f"{slug}-{month}-{k:02d}", "outlet": outlet, "date": f"{month}-{day:02d}",
                     "text": "\n\n".join(picks) + "\n"}
                )
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return records


def draw(corpus_path: Path, figure: Path, label: str):
    """Draw the ``loaded_terms_over_time`` figure of the corpus at ``corpus_path`` into ``figure`` (.png, .svg)."""
    from framing.report.figures import use_headless_backend

    use_headless_backend()
    import matplotlib.pyplot as plt

    from framing.corpus import load_corpus
    from framing.report import plots
    from framing.report.figures import FIGURES, FigureContext, save_figure
    from framing.timeline import document_scores, rates_over_time

    corpus = load_corpus(corpus_path)
    ctx = FigureContext(corpus, label)
    with plots.style():
        fig = FIGURES["loaded_terms_over_time"](ctx)
    try:
        written = save_figure(fig, figure)
    finally:
        plt.close(fig)
    return written, rates_over_time(document_scores(corpus))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of .txt articles")
    parser.add_argument("--out", type=Path, default=Path("/tmp/framing-dated.jsonl"), help="JSONL to write")
    parser.add_argument("--figure", type=Path, default=HERE / "over_time_synthetic",
                        help="figure path without suffix (default benchmarks/over_time_synthetic)")
    parser.add_argument("--seed", type=int, default=2021, help="random seed (default 2021)")
    args = parser.parse_args()
    records = build(args.source, args.out, args.seed)
    print(f"wrote {len(records)} documents to {args.out}")
    label = "synthetic dated corpus (make_dated_corpus.py; planted rise: Northern Ledger, Jun-Aug 2021)"
    written, rates = draw(args.out, args.figure, label)
    print("figure:", ", ".join(str(p) for p in written))
    print(rates.to_string(index=False))


if __name__ == "__main__":
    main()
