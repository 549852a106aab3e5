"""The precision-recall figure of benchmarks/validation.md, from the PTC training articles.

    python benchmarks/validation_figure.py --ptc ../shared/datasets/ptc

writes ``benchmarks/validation/precision_recall.png`` and ``.svg`` (byte-identical from run to
run: ``framing.report.figures.save_figure``; bootstrap with ``random_state=0``).  The annotated data
are read by path and never copied into the repository (licences).  Not part of ``make
figures``, which needs nothing but ``corpus/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.report.figures import save_figure, use_headless_backend
from framing.report.plots import style
from framing.validate import read_annotated, validate


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptc", default=str(here.parent.parent / "shared" / "datasets" / "ptc"),
                        help="PTC folder (train-articles/ + train-task2-TC.labels)")
    parser.add_argument("--out", default=str(here / "validation" / "precision_recall"), help="path without suffix")
    args = parser.parse_args()
    use_headless_backend()
    from framing.report.plots_validate import plot_precision_recall

    annotated = read_annotated(args.ptc)
    results = validate(annotated, n_boot=1000, random_state=0)
    caption = annotated.describe(name="SemEval-2020 Task 11 PTC training articles")
    with style():
        ax = plot_precision_recall(results, match="overlap", caption=caption)
        for path in save_figure(ax.figure, args.out):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
