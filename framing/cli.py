"""Command line: ``python -m framing COMMAND ...`` (also installed as ``framing``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from framing.corpus import CorpusError, load_corpus
from framing.stats import N_BOOT


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


def _report_settings(args: argparse.Namespace) -> dict:
    """The report's settings from its flags (:data:`framing.report.run.SETTINGS`), with the command line."""
    groups = [g.strip() for g in args.groups.split(",") if g.strip()] if args.groups else None
    settings = {
        "by": args.by, "groups": groups, "pair_by": args.pair_by, "lexicon": args.lexicon, "actors": args.actors,
        "freq": args.freq, "text_column": args.text_column, "id_column": args.id_column, "encoding": args.encoding,
        "stop_words": args.stop_words, "seed": args.seed,
    }
    argv = getattr(args, "argv", None) or [args.command]
    return settings | {"corpus_path": args.corpus, "command": "framing " + " ".join(argv)}


def _cmd_report(args: argparse.Namespace) -> int:
    """One analysis pass, its tables in OUT/tables, every figure, then every notebook with HTML exports."""
    from framing.report.figures import use_headless_backend

    use_headless_backend()
    from framing.report.results import default_out
    from framing.report.run import ReportError, run_report

    out = Path(args.out) if args.out else default_out(args.corpus)
    notebooks = None if args.command == "figures" else args.notebooks
    try:
        done = run_report(_report_settings(args), out, notebooks=notebooks, quiet=args.quiet, jobs=args.jobs)
    except (ReportError, ValueError) as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {done['tables']} table files and {done['figures']} figure files to {out}/"
          + (f"; executed {done['notebooks']} notebooks, HTML in {out}/html/" if notebooks else ""))
    return 0


def _add_loader_options(p: argparse.ArgumentParser) -> None:
    """--text-column, --id-column, --encoding: how a corpus is read (:func:`framing.corpus.load_corpus`)."""
    p.add_argument("--text-column", default="text", help="column/field with the text (default: text)")
    p.add_argument("--id-column", default="doc_id", help="column/field with the document id (default: doc_id)")
    p.add_argument("--encoding", default="utf-8", help="encoding of .txt files (default: utf-8)")


def _add_report_options(p: argparse.ArgumentParser) -> None:
    """The report's flags (``make figures`` passes them as variables of the same names)."""
    p.add_argument("--corpus", default="corpus", help="corpus folder or table (default: corpus)")
    p.add_argument("--out", help="output folder (default: figures for corpus/, else reports/<corpus name>)")
    p.add_argument("--by", default="outlet", help="documents column that defines the groups (default: outlet)")
    p.add_argument("--groups", help="groups to keep, comma-separated, in this order (default: all)")
    p.add_argument("--pair-by", help="documents column pairing documents across groups (paired comparisons)")
    p.add_argument("--lexicon", help="a lexicon file (.csv, .tsv, .yml/.yaml, .dic); default: the built-in one")
    p.add_argument("--actors", help="an actors gazetteer (CSV: actor, alias, kind); default: the built-in one")
    p.add_argument("--freq", help="period of the over-time view: week, month, quarter or year (default: from the "
                   "span of the dates)")
    _add_loader_options(p)
    p.add_argument("--stop-words", help="a file of stop words for the contrasts, one a line (default: built-in)")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals (default 0)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars (they are off when not a terminal)")
    p.add_argument("-j", "--jobs", type=int, default=2, help="notebooks run at once (default 2)")


def _lexicon(args: argparse.Namespace):
    """The lexicon of ``--lexicon/--extend/--loaded``, or None after printing why it cannot be read."""
    from framing.lexicon import LexiconError, load_lexicon

    try:
        lexicon = load_lexicon(args.lexicon, extend=args.extend) if args.lexicon else load_lexicon()
    except LexiconError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return None
    return lexicon.loaded() if args.loaded else lexicon


#: Printed under a scores table with stance categories: why it differs from the attribution_stance figure.
STANCE_NOTE = (
    "note: stance_* count every match of the lexicon's stance terms, wherever it falls (inside quotations, "
    "as a noun or adjective too); the attribution_stance figure (report table attribution_cues) counts "
    "attribution cues: the verbs of quotations and reported speech, and stance verbs used as verbs in the "
    "author's own text (framing.voice.attribution_stance)"
)


def _cmd_score(args: argparse.Namespace) -> int:
    """Scores per document (or outlet) x category; optionally the hits and KWIC tables too (with outlet and voice)."""
    from framing.score import hits, kwic, scores

    lexicon = _lexicon(args)
    if lexicon is None:
        return 2
    corpus = load_corpus(args.path)
    found = hits(corpus, lexicon)
    table = scores(found, corpus, by=args.by, lexicon=lexicon)
    if args.hits or args.kwic:
        from framing.voice import label_spans

        voiced = label_spans(found, corpus)
        outlet = corpus.documents.set_index("doc_id")["outlet"]
        if args.hits:
            voiced.assign(outlet=voiced["doc_id"].map(outlet)).to_csv(args.hits, index=False, lineterminator="\n")
        if args.kwic:
            span = ["doc_id", "start", "end", "term", "category"]
            k = kwic(found, corpus)
            k.assign(outlet=k["doc_id"].map(outlet)).merge(
                voiced[span + ["voice", "speaker"]].drop_duplicates(span), how="left", on=span
            ).to_csv(args.kwic, index=False, lineterminator="\n")
    if args.output:
        table.to_csv(args.output, index=False, lineterminator="\n")
        print(f"{len(found)} hits in {len(corpus.documents)} documents; wrote {len(table)} rows to {args.output}")
    else:
        print(table.to_string(index=False))
    if table["category"].astype(str).str.startswith("stance_").any():
        print(STANCE_NOTE, file=sys.stderr)
    return 0


def _cmd_archive(args: argparse.Namespace) -> int:
    """Score an archive in batches (optionally on several processes); print totals, skipped records, rates."""
    from framing.scale.stream import score_archive

    if args.jobs < 1 and args.jobs != -1:
        print(f"framing: error: --jobs must be a positive number of processes, or -1 for every core, not {args.jobs}",
              file=sys.stderr)
        return 2
    if args.batch_size < 1:
        print(f"framing: error: --batch-size must be a positive number of documents, not {args.batch_size}",
              file=sys.stderr)
        return 2
    lexicon = _lexicon(args)
    if lexicon is None:
        return 2
    by = tuple(b.strip() for b in args.by.split(",") if b.strip())
    try:
        result = score_archive(
            args.path,
            lexicon,
            by=by,
            freq=args.freq,
            n_jobs=args.jobs,
            batch_size=args.batch_size,
            progress=args.progress,
            doc_scores_path=args.doc_scores,
            clean=args.clean,
            text_column=args.text_column,
            id_column=args.id_column,
        )
    except (ValueError, TypeError) as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    t = result.totals
    print(
        f"scored {t['scored']} of {t['records']} records ({t['skipped']} skipped): {t['tokens']} tokens, "
        f"{t['hits']} hits, {t['bytes']} bytes read in {t['batches']} batch{'es' if t['batches'] != 1 else ''}"
    )
    skipped = result.skipped
    if len(skipped):
        kinds = skipped["kind"].value_counts().sort_index()
        print("skipped: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
        shown = skipped if args.skipped else skipped.head(20)
        if not args.skipped:
            print(shown.to_string(index=False))
            if len(skipped) > len(shown):
                print(f"... {len(skipped) - len(shown)} more (write them all with --skipped FILE)")
    if len(result.notes):
        print("notes: " + ", ".join(f"{k} {n}" for k, n in result.notes["issue"].value_counts().sort_index().items()))
    if args.skipped:
        skipped.to_csv(args.skipped, index=False, lineterminator="\n")
        print(f"wrote {len(skipped)} skipped records to {args.skipped}")
    if args.doc_scores:
        print(f"wrote document scores to {args.doc_scores}")
    if args.output:
        result.rates.to_csv(args.output, index=False, lineterminator="\n")
        print(f"wrote {len(result.rates)} rows to {args.output}")
    else:
        print()
        print(result.rates.round(3).to_string(index=False))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    """Lexicon precision / recall / F1 against span annotations, beside the VADER and random baselines."""
    from framing.lexicon import LexiconError, load_lexicon
    from framing.validate import AnnotationError, read_annotated, summary, validate

    try:
        annotated = read_annotated(args.path)
        lexicon = load_lexicon(args.lexicon, extend=args.extend) if args.lexicon else load_lexicon()
    except (AnnotationError, LexiconError) as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    labels = None if args.labels == "all" else [x for x in args.labels.split(";") if x]
    try:
        table = validate(
            annotated, lexicon.loaded(), labels=labels, n_boot=args.n_boot, random_state=args.random_state
        )
    except ValueError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    gold = annotated.spans if labels is None else annotated.spans[annotated.spans["label"].isin(labels)]
    distinct = len(gold.drop_duplicates(["doc_id", "start", "end"]))
    print(
        f"{len(annotated.documents)} documents, {len(gold)} gold spans ({distinct} distinct) of "
        f"{', '.join(labels or ['all labels'])}"
    )
    for match in ("overlap", "exact"):
        print(f"\n{match} match:")
        print(summary(table, match=match).round(3).to_string(index=False))
    if args.output:
        table.to_csv(args.output, index=False, lineterminator="\n")
        print(f"\nwrote {len(table)} rows to {args.output}")
    return 0


def _cmd_contrast(args: argparse.Namespace) -> int:
    """Fightin' Words top units of each side and keyness, first group (sorted) against the other(s)."""
    from framing.contrast import fightin_words, keyness, top_distinctive

    corpus = load_corpus(args.path)
    docs = corpus.documents
    if args.by not in docs.columns:
        print(f"framing: error: --by {args.by!r} is not a documents column; use one of {', '.join(docs.columns)}",
              file=sys.stderr)
        return 2
    groups = sorted(docs[args.by].astype(str).unique())
    if len(groups) < 2:
        print(f"framing: error: --by {args.by!r} has {len(groups)} group(s); a contrast needs two", file=sys.stderr)
        return 2
    try:
        fw = fightin_words(corpus, by=args.by, a=groups[0])
        key = keyness(corpus, by=args.by, target=groups[0], measure=args.measure)
    except ValueError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    print(f"{fw.attrs['a']} (a) vs {fw.attrs['b']} (b), by {args.by}")
    if fw.attrs["note"]:
        print(f"note: {fw.attrs['note']}")
    print("\nFightin' Words (Monroe et al. 2008), most distinctive units of each side:")
    print(top_distinctive(fw, n=args.top).round(3).to_string(index=False))
    print(f"\nkeyness ({args.measure}), key in {key.attrs['target']}:")
    print(key.head(args.top).round(3).to_string(index=False))
    print(f"\nkeyness ({args.measure}), key in {key.attrs['reference']}:")
    print(key.tail(args.top).iloc[::-1].round(3).to_string(index=False))
    return 0


def _cmd_sentiment(args: argparse.Namespace) -> int:
    """Sentence sentiment (VADER) aggregated per group with bootstrap intervals."""
    import importlib

    sentiment = importlib.import_module("framing.sentiment")
    corpus = load_corpus(args.path)
    by = tuple(b.strip() for b in args.by.split(",") if b.strip())
    sent = sentiment.sentiment(corpus)
    try:
        table = sentiment.aggregate(sent, corpus, by=by, random_state=0)
    except ValueError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    print(f"VADER compound per sentence (vaderSentiment {sentiment.vader_version()}), mean with 95% bootstrap "
          f"interval (2000 resamples, seed 0), by {', '.join(by) or 'nothing'}:")
    print(table.round(3).to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("corpus", help="load a corpus and print a summary")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate (no cleaning rules)")
    p.set_defaults(func=_cmd_corpus)

    p = sub.add_parser("figures", help="the report's tables and figures, without the notebooks")
    _add_report_options(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("report", help="tables, figures and the notebooks executed into HTML (make figures)")
    _add_report_options(p)
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
    p.add_argument("--hits", help="also write the hits table (with outlet, voice, speaker) to this CSV")
    p.add_argument("--kwic", help="also write keyword-in-context rows (with outlet, voice, speaker) to this CSV")
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser(
        "archive", help="score a large archive in batches, on several processes; report skipped records"
    )
    p.add_argument("path", help="a folder of .txt files (metadata.csv optional), or a .jsonl/.csv/.tsv[.gz] or "
                   ".parquet file")
    p.add_argument("--lexicon", help="a lexicon file (.csv, .tsv, .yml/.yaml, .dic); default: the built-in one")
    p.add_argument(
        "--extend", action="store_true", help="add --lexicon to the built-in lexicon instead of replacing it"
    )
    p.add_argument("--loaded", action="store_true", help="loaded-term categories only (no attribution stance)")
    p.add_argument("--by", default="outlet,category",
                   help="group columns, comma-separated: outlet, category, date, doc_id (default: outlet,category)")
    p.add_argument("--freq", choices=("week", "month", "year"), help="also group by period of the date")
    p.add_argument("-j", "--jobs", type=int, default=1, help="processes (default 1; -1: every core)")
    p.add_argument("--batch-size", type=int, default=1000, help="documents per batch (default 1000)")
    p.add_argument("--clean", action=argparse.BooleanOptionalAction, default=True,
                   help="clean boilerplate as `framing corpus` does (default); --no-clean keeps it")
    p.add_argument("--text-column", default="text", help="field/column with the text (default: text)")
    p.add_argument("--id-column", default="doc_id", help="field/column with the document id (default: doc_id)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: only when stderr is a terminal)")
    p.add_argument("-o", "--output", help="write the rates table to this CSV instead of printing it")
    p.add_argument("--doc-scores", help="also write the per-document scores (doc_id x category) to this CSV")
    p.add_argument("--skipped", help="write every skipped record to this CSV")
    p.set_defaults(func=_cmd_archive)

    p = sub.add_parser("validate", help="lexicon precision/recall against span annotations (PTC, BABE, JSONL)")
    p.add_argument("path", help="a PTC-layout folder (article<ID>.txt + *.labels), a .jsonl file or a .csv/.tsv table")
    p.add_argument("--lexicon", help="a lexicon file to validate; default: the built-in one")
    p.add_argument("--extend", action="store_true", help="add --lexicon to the built-in lexicon")
    p.add_argument(
        "--labels",
        default="Loaded_Language;Name_Calling,Labeling",
        help="gold labels that count, separated by ';', or 'all' (default: Loaded_Language;Name_Calling,Labeling)",
    )
    p.add_argument("--n-boot", type=int, default=N_BOOT, help=f"bootstrap resamples over documents (default {N_BOOT})")
    p.add_argument("--random-state", type=int, default=0, help="seed of the bootstrap and random lexicon (default 0)")
    p.add_argument("-o", "--output", help="write the full table (micro, per category, per label) to this CSV")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("contrast", help="distinctive words (Fightin' Words) and keyness between groups")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--by", default="outlet", help="documents column that defines the groups (default: outlet)")
    p.add_argument("--top", type=int, default=10, help="units shown per side (default 10)")
    p.add_argument("--measure", choices=("chi2", "lr", "pmi"), default="chi2", help="keyness measure (default chi2)")
    p.set_defaults(func=_cmd_contrast)

    p = sub.add_parser("sentiment", help="sentence sentiment (VADER) aggregated per group, with intervals")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--by", default="outlet,voice", help="grouping columns, comma-separated (default: outlet,voice)")
    p.set_defaults(func=_cmd_sentiment)
    return parser


#: Exit status when the reader of stdout went away (``framing score ... | head``): 128 + SIGPIPE,
#: what a shell reports for a program the signal ended.
BROKEN_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            args = build_parser().parse_args(argv)
            args.argv = list(sys.argv[1:] if argv is None else argv)  # the settings record's command line
            return _run(args)
        finally:
            sys.stdout.flush()  # buffered output meets a closed pipe here
    except BrokenPipeError:
        _stdout_to_devnull()
        return BROKEN_PIPE


def _run(args: argparse.Namespace) -> int:
    pd.set_option("display.width", 160)
    try:
        return args.func(args)
    except CorpusError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2


def _stdout_to_devnull() -> None:
    """Point stdout's file descriptor at os.devnull, so the flush at interpreter exit cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (e.g. captured by a test)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
