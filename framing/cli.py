"""Command line: ``python -m framing COMMAND ...`` (also installed as ``framing``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from framing.corpus import CorpusError, load_corpus


def _cmd_corpus(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path, clean=not args.no_clean)
    docs = corpus.documents
    print(f"{len(docs)} documents from {args.path}, {docs['outlet'].nunique()} outlets")
    print(f"{int(docs['n_tokens'].sum())} tokens, {int(docs['n_sentences'].sum())} sentences")
    print()
    print(corpus.summary().to_string(index=False))
    print()
    if len(corpus.removed):
        by_rule = corpus.removed.groupby("rule").agg(spans=("doc_id", "size"), chars=("end", "sum"))
        by_rule["chars"] = (corpus.removed["end"] - corpus.removed["start"]).groupby(corpus.removed["rule"]).sum()
        print("removed by cleaning:")
        print(by_rule.reset_index().to_string(index=False))
    else:
        print("removed by cleaning: nothing")
    if len(corpus.report):
        print()
        print("load report:")
        print(corpus.report.to_string(index=False))
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from tqdm import tqdm

    from framing.figures import build_all, corpus_label

    corpus = load_corpus(args.corpus)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus.summary().to_csv(out / "corpus_summary.csv", index=False, lineterminator="\n")
    label = corpus_label(args.corpus)
    written = build_all(corpus, out, label=label, progress=lambda names: tqdm(names, desc="figures", unit="fig"))
    print(f"wrote {len(written) + 1} files to {out}/")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    """All figures from the library, then every notebook executed with HTML exports."""
    from tqdm import tqdm

    from framing.notebooks import run_all

    status = _cmd_figures(args)
    if status:
        return status
    nb_dir = Path(args.notebooks).resolve()
    params = {  # relative to the notebooks, so the HTML carries no machine-specific path
        "CORPUS": os.path.relpath(Path(args.corpus).resolve(), nb_dir),
        "FIGURES": os.path.relpath(Path(args.out).resolve(), nb_dir),
    }
    html_dir = Path(args.out) / "html"
    written = run_all(
        Path(args.notebooks), params, html_dir, progress=lambda nbs: tqdm(nbs, desc="notebooks", unit="nb")
    )
    print(f"executed {len(written)} notebooks; HTML in {html_dir}/")
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    """Scores per document (or outlet) x category; optionally the hits table too."""
    from framing.lexicon import LexiconError, load_lexicon
    from framing.score import hits, scores

    try:
        lexicon = load_lexicon(args.lexicon, extend=args.extend) if args.lexicon else load_lexicon()
    except LexiconError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    if args.loaded:
        lexicon = lexicon.loaded()
    corpus = load_corpus(args.path)
    found = hits(corpus, lexicon)
    table = scores(found, corpus, by=args.by, lexicon=lexicon)
    if args.hits:
        found.to_csv(args.hits, index=False, lineterminator="\n")
    if args.output:
        table.to_csv(args.output, index=False, lineterminator="\n")
        print(f"{len(found)} hits in {len(corpus.documents)} documents; wrote {len(table)} rows to {args.output}")
    else:
        print(table.to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("corpus", help="load a corpus and print a summary")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate (no cleaning rules)")
    p.set_defaults(func=_cmd_corpus)

    p = sub.add_parser("figures", help="regenerate the report figures")
    p.add_argument("--corpus", default="corpus", help="corpus folder or table (default: corpus)")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("report", help="regenerate the figures and execute the notebooks into HTML (make figures)")
    p.add_argument("--corpus", default="corpus", help="corpus folder or table (default: corpus)")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.add_argument("--notebooks", default="notebooks", help="folder of NN-*.ipynb notebooks (default: notebooks)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("score", help="score loaded terms per document x category")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--lexicon", help="a lexicon file (.csv, .tsv, .yml/.yaml, .dic); default: the built-in one")
    p.add_argument(
        "--extend", action="store_true", help="add --lexicon to the built-in lexicon instead of replacing it"
    )
    p.add_argument("--loaded", action="store_true", help="loaded-term categories only (no attribution stance)")
    p.add_argument("--by", choices=("doc", "outlet"), default="doc", help="rows per document (default) or outlet")
    p.add_argument("-o", "--output", help="write the scores table to this CSV instead of printing it")
    p.add_argument("--hits", help="also write the hits table to this CSV")
    p.set_defaults(func=_cmd_score)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    pd.set_option("display.width", 160)
    try:
        return args.func(args)
    except CorpusError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
