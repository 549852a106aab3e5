"""Command line: ``python -m framing COMMAND ...`` (also installed as ``framing``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from framing.corpus import CorpusError, load_corpus
from framing.io.outputs import check_output, write_table
from framing.stats import N_BOOT


def _add_loader_options(p: argparse.ArgumentParser, *, archive: bool = False) -> None:
    """The options of every command that loads a corpus (the names of load_corpus / score_archive arguments)."""
    p.add_argument("--text-column", default="text", help="field/column with the text (default: text)")
    p.add_argument("--id-column", default="doc_id", help="field/column with the document id (default: doc_id)")
    p.add_argument("--encoding", default="utf-8", help="encoding of text files and tables, or a fallback list such "
                   "as utf-8,cp1252 (default: utf-8)")
    p.add_argument("--metadata-encoding", default="utf-8", help="encoding of a folder's metadata.csv (default utf-8)")
    p.add_argument("--metadata-sep", help="separator of metadata.csv (default: sniffed from its header)")
    p.add_argument("--date-format", help="strptime format of the dates, e.g. %%m/%%d/%%Y")
    p.add_argument("--dayfirst", action=argparse.BooleanOptionalAction, default=None,
                   help="read 07/02/2010 as day/month/year (--dayfirst) or month/day/year (--no-dayfirst)")
    p.add_argument("--aliases", help="CSV file column,alias,name mapping group names to one"
                   + (" (outlet only)" if archive else ""))


def _loader(args: argparse.Namespace) -> dict:
    """Keyword arguments of load_corpus / score_archive from :func:`_add_loader_options`."""
    return {"text_column": args.text_column, "id_column": args.id_column, "encoding": args.encoding,
            "metadata_encoding": args.metadata_encoding, "metadata_sep": args.metadata_sep,
            "date_format": args.date_format, "dayfirst": args.dayfirst, "aliases": args.aliases}  # fmt: skip


def _cmd_corpus(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path, clean=not args.no_clean, **_loader(args))
    docs = corpus.documents
    print(f"{len(docs)} documents from {args.path}, {docs['outlet'].nunique()} outlets")
    print(f"{int(docs['n_tokens'].sum())} tokens, {int(docs['n_sentences'].sum())} sentences")
    dated = docs.loc[docs["date"] != "", "date"]
    span = f" ({dated.min()} to {dated.max()})" if len(dated) else ""
    print(f"dates: {len(dated)} dated{span}, {len(docs) - len(dated)} undated")
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
        "freq": args.freq, **_loader(args), "stop_words": args.stop_words, "seed": args.seed,
    }
    if args.score_names:  # recorded when asked only: a default report's record is as before
        settings["score_names"] = True
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
        return _error(exc)
    print(f"wrote {done['tables']} table files and {done['figures']} figure files to {out}/"
          + (f"; executed {done['notebooks']} notebooks, HTML in {out}/html/" if notebooks else "")
          + (f" ({', '.join(done['not_run'])} not run: see README.md)" if notebooks and done["not_run"] else ""))
    return 0


def _add_lexicon_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lexicon", help="a lexicon file (.csv, .tsv, .yml/.yaml, .dic); default: the built-in one")
    p.add_argument(
        "--extend", action="store_true", help="add --lexicon to the built-in lexicon instead of replacing it"
    )
    p.add_argument("--loaded", action="store_true", help="loaded-term categories only (no attribution stance)")


def _add_report_options(p: argparse.ArgumentParser) -> None:
    """The report's flags (``make figures`` passes them as variables of the same names)."""
    p.add_argument("--corpus", default="corpus", help="corpus folder or table (default: corpus)")
    p.add_argument("--out", help="output folder (default: figures for corpus/, else reports/<corpus name>)")
    p.add_argument("--by", default="outlet", help="documents column that defines the groups (default: outlet)")
    p.add_argument("--groups", help="groups to keep, comma-separated, in this order (default: all)")
    p.add_argument("--pair-by", help="documents column pairing documents across groups (paired comparisons)")
    p.add_argument("--lexicon", help="a lexicon file (.csv, .tsv, .yml/.yaml, .dic); default: the built-in one")
    p.add_argument("--actors", help="an actors gazetteer (CSV: actor, alias, kind), or 'discover' to find the "
                   "corpus's recurring names (written to tables/actors.csv); default: the built-in one (the Belarus "
                   "story's actors)")
    p.add_argument("--freq", help="period of the over-time view: week, month, quarter or year (default: from the "
                   "span of the dates)")
    _add_loader_options(p)
    p.add_argument("--stop-words", help="a file of stop words for the contrasts, one a line (default: built-in)")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals (default 0)")
    p.add_argument("--score-names", action="store_true", help="VADER scores the words of proper names too (every "
                   "sentiment of the report: sentences, word shift, actors' tone); default: they count as neutral")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars (they are off when not a terminal)")
    p.add_argument("-j", "--jobs", type=int, default=2, help="notebooks run at once (default 2)")


def _lexicon(args: argparse.Namespace):
    """The lexicon of ``--lexicon/--extend/--loaded``, or None after printing why it cannot be read."""
    from framing.lexicon import LexiconError, load_lexicon

    try:
        lexicon = load_lexicon(args.lexicon, extend=args.extend) if args.lexicon else load_lexicon()
    except LexiconError as exc:
        _error(exc)
        return None
    return lexicon.loaded() if args.loaded else lexicon


def _error(message) -> int:
    """Print ``message`` as the command's error and return its exit status, 2."""
    print(f"framing: error: {message}", file=sys.stderr)
    return 2


def _unwritable(paths: dict) -> bool:
    """Print why any of ``paths`` (option -> path or None) cannot be written; True if one cannot."""
    problems = [p for opt, path in paths.items() if path and (p := check_output(path, opt))]
    for problem in problems:
        _error(problem)
    return bool(problems)


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
    by = "doc" if args.by.strip() == "doc" else [b.strip() for b in args.by.split(",") if b.strip()]
    if _unwritable({"-o": args.output, "--hits": args.hits, "--kwic": args.kwic}):
        return 2
    corpus = load_corpus(args.path, **_loader(args))
    try:
        table = scores(found := hits(corpus, lexicon), corpus, by=by, lexicon=lexicon)
    except ValueError as exc:
        return _error(exc)
    for col, n in table.attrs.get("missing", {}).items():
        print(f"note: {n} document(s) without {col}: group (missing)", file=sys.stderr)
    if args.hits or args.kwic:
        from framing.voice import label_spans

        voiced = label_spans(found, corpus)
        outlet = corpus.documents.set_index("doc_id")["outlet"]
        if args.hits:
            write_table(voiced.assign(outlet=voiced["doc_id"].map(outlet)), args.hits)
        if args.kwic:
            span = ["doc_id", "start", "end", "term", "category"]
            k = kwic(found, corpus)
            write_table(k.assign(outlet=k["doc_id"].map(outlet)).merge(
                voiced[span + ["voice", "speaker"]].drop_duplicates(span), how="left", on=span
            ), args.kwic)
    if args.output:
        write_table(table, args.output)
        print(f"{len(found)} hits in {len(corpus.documents)} documents; wrote {len(table)} rows to {args.output}")
    else:
        print(table.to_string(index=False))
    if table["category"].astype(str).str.startswith("stance_").any():
        print(STANCE_NOTE, file=sys.stderr)
    return 0


def _cmd_archive(args: argparse.Namespace) -> int:
    """Score an archive in batches (optionally on several processes); print totals, skipped records, rates."""
    from framing import timeline
    from framing.scale.stream import score_archive

    if args.jobs < 1 and args.jobs != -1:
        return _error(f"--jobs must be a positive number of processes, or -1 for every core, not {args.jobs}")
    if args.batch_size < 1:
        return _error(f"--batch-size must be a positive number of documents, not {args.batch_size}")
    lexicon = _lexicon(args)
    if lexicon is None:
        return 2
    by = tuple(b.strip() for b in args.by.split(",") if b.strip())
    if _unwritable({"-o": args.output, "--doc-scores": args.doc_scores, "--skipped": args.skipped}):
        return 2
    try:
        result = score_archive(
            args.path,
            lexicon,
            by=by,
            keep=tuple(k.strip() for k in (args.keep or "").split(",") if k.strip()),
            freq=args.freq,
            n_jobs=args.jobs,
            batch_size=args.batch_size,
            progress=args.progress,
            doc_scores_path=args.doc_scores,
            clean=args.clean,
            **_loader(args),
        )
    except (ValueError, TypeError) as exc:
        return _error(exc)
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
    for col, n in result.rates.attrs.get("missing", {}).items():
        print(f"note: {n} document(s) without {col}: group (missing)")
    if len(result.notes):
        print("notes: " + ", ".join(f"{k} {n}" for k, n in result.notes["issue"].value_counts().sort_index().items()))
    if args.freq and t["scored"]:
        rates = result.rates
        keys = [c for c in result.by if c != "category"]
        per_doc = rates.groupby(keys, sort=False)["n_documents"].max().reset_index()
        at_freq = int(per_doc.loc[per_doc["period"] == "", "n_documents"].sum())
        if at_freq == t["scored"]:
            return _error(f"none of the {t['scored']} scored documents has a date at {args.freq} precision "
                          f"({t['undated']} without a usable date); nothing to write by period: read the dates with "
                          f"--date-format or --dayfirst/--no-dayfirst, or use a coarser --freq")
        if at_freq or t["undated"]:
            print(f"undated at {args.freq}: {at_freq} of {t['scored']} scored documents, in period '' "
                  f"({t['undated']} read without a usable date)")
    if args.skipped:
        write_table(skipped, args.skipped)
        print(f"wrote {len(skipped)} skipped records to {args.skipped}")
    if args.doc_scores:
        print(f"wrote document scores to {args.doc_scores}")
    if args.output:
        write_table(result.rates, args.output)
        print(f"wrote {len(result.rates)} rows to {args.output}")
    else:  # on screen: the interval over documents in place of the sums it is made from (the CSV keeps them)
        shown = timeline.rate_interval(result.rates).drop(columns=list(timeline.MOMENTS))
        print()
        print(shown.round(3).to_string(index=False))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    """Lexicon precision / recall / F1 against span annotations, beside the VADER and random baselines."""
    from framing.lexicon import LexiconError, load_lexicon
    from framing.validate import AnnotationError, read_annotated, summary, validate

    try:
        annotated = read_annotated(args.path)
        lexicon = load_lexicon(args.lexicon, extend=args.extend) if args.lexicon else load_lexicon()
    except (AnnotationError, LexiconError) as exc:
        return _error(exc)
    labels = None if args.labels == "all" else [x for x in args.labels.split(";") if x]
    if args.learned or args.article_level or args.bias_lexicon or args.tables:
        return _validate_full(args, annotated, lexicon, labels)
    try:
        table = validate(
            annotated, lexicon.loaded(), labels=labels, n_boot=args.n_boot, random_state=args.random_state
        )
    except ValueError as exc:
        return _error(exc)
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
        write_table(table, args.output)
        print(f"\nwrote {len(table)} rows to {args.output}")
    return 0


def _validate_full(args: argparse.Namespace, annotated, lexicon, labels) -> int:
    """validate --learned / --article-level / --bias-lexicon / --tables: framing.validate.full_validation."""
    from pathlib import Path

    from framing.validate import AnnotationError, full_validation, summary

    if args.tables and not Path(args.tables).is_dir():
        return _error(f"--tables {args.tables} is not a folder; create it first")
    try:
        out = full_validation(annotated, lexicon.loaded(), bias_lexicon=args.bias_lexicon, learned=args.learned,
                              labels=labels, n_boot=args.n_boot, random_state=args.random_state)
    except (AnnotationError, ValueError) as exc:
        return _error(exc)
    print(f"{len(annotated.documents)} documents; overlap match:")
    print(summary(out["results"]).round(3).to_string(index=False))
    print("\nentries with the most hits:")
    print(out["entries"].head(15).round(3).to_string(index=False))
    if args.article_level:
        print("\narticle level, Spearman with gold spans per 1,000 words:")
        print(out["correlations"].round(3).to_string(index=False))
    if args.tables:
        for name, table in out.items():
            write_table(table, Path(args.tables) / f"{name}.csv")
        print(f"\nwrote {', '.join(f'{n}.csv' for n in out)} to {args.tables}")
    return 0


def _cmd_learn_weights(args: argparse.Namespace) -> int:
    """Train the learned weighting on span annotations and write its weights table (framing.learned)."""
    from framing.learned import train_weights, training_header, write_weights
    from framing.validate import AnnotationError, read_annotated

    try:
        annotated = read_annotated(args.path)
        table = train_weights(annotated, c=args.c, min_count=args.min_count, random_state=args.random_state)
    except (AnnotationError, ValueError) as exc:
        return _error(exc)
    command = "python -m framing learn-weights " + " ".join(args.argv[1:])
    header = training_header(annotated, table, command=command, c=args.c, min_count=args.min_count,
                             random_state=args.random_state)
    write_weights(table, args.output, header)
    print(f"wrote {len(table)} rows to {args.output}")
    return 0


def _cmd_contrast(args: argparse.Namespace) -> int:
    """Fightin' Words and keyness for each comparison of groups (compare_groups), top units of each side."""
    from itertools import combinations

    import pandas as pd

    from framing.contrast import compare_groups, group_labels, stop_word_list, unit_table

    corpus = load_corpus(args.path, **_loader(args))
    docs = corpus.documents
    by = [c.strip() for c in args.by.split(",")] if "," in args.by else args.by
    for col in [by] if isinstance(by, str) else by:
        if col not in docs.columns:
            return _error(f"--by {col!r} is not a documents column; use one of {', '.join(docs.columns)}")
    n_groups = group_labels(docs, by).nunique()
    if n_groups < 2:
        return _error(f"--by {args.by!r} has {n_groups} group(s); a contrast needs two")
    only = [g.strip() for g in args.groups.split(",")] if args.groups else None
    pick: dict = {"design": args.design}
    if args.a is not None or args.b is not None:
        pick = {"a": args.a, "b": args.b}
    elif only is not None and args.design == "pairwise":
        pick["pairs"] = list(combinations(only, 2)) or [(only[0], only[0])]
    elif only is not None:
        pick["groups"] = only
    try:
        stop = stop_word_list(args.stop_words or "default", house_style=args.house_style)
        units = unit_table(corpus, stop_words=stop)
        common = dict(by=by, top=None, min_count=args.min_count, units=units, **pick)
        fw = compare_groups(corpus, measure="fightin_words", **common)
        key = compare_groups(corpus, measure="keyness", keyness_measure=args.measure, **common)
    except (ValueError, FileNotFoundError) as exc:
        return _error(exc)
    sizes = fw.attrs["groups"]
    print(f"by {args.by}: {len(sizes)} groups ({', '.join(f'{g} {n}' for g, n in sizes.items())} documents); "
          f"{fw.attrs['design']}: {fw.attrs['comparisons']} comparison(s)")
    if fw.attrs["left_out"]:
        print(f"left out, no units (only empty documents?): {', '.join(fw.attrs['left_out'])}")
    print(f"keyness p adjusted: {key.attrs['p_adjust']}")
    for (_, part), (_, kpart) in zip(fw.groupby("comparison", sort=False), key.groupby("comparison", sort=False),
                                        strict=True):
        head = part.iloc[0]
        print(f"\n== {head['group_a']} (a: {head['n_docs_a']} documents, {head['n_units_a']} units) vs "
              f"{head['group_b']} (b: {head['n_docs_b']} documents, {head['n_units_b']} units)")
        if head["note"]:
            print(f"note: {head['note']}")
        part = part.dropna(subset=["unit"])
        low = part[part["z"] < 0].sort_values(["z", "unit"], kind="stable")
        sides = [part[part["z"] > 0].head(args.top).assign(group=head["group_a"]),
                 low.head(args.top).assign(group=head["group_b"])]
        for side in sides:
            side.insert(0, "rank", range(1, len(side) + 1))
        table = pd.concat(sides)[["group", "rank", "unit", "count_a", "count_b", "delta", "z"]]
        print("Fightin' Words (Monroe et al. 2008), most distinctive units of each side:")
        print(table.round(3).to_string(index=False))
        kpart = kpart.dropna(subset=["unit"])
        low = kpart[kpart["stat"] < 0].sort_values(["stat", "unit"], kind="stable")
        cols = ["unit", "count_a", "count_b", "expected", "stat", "p_value", "p_adjusted", "sign"]
        for label, rows in ((head["group_a"], kpart[kpart["stat"] > 0].head(args.top)),
                            (head["group_b"], low.head(args.top))):
            print(f"keyness ({args.measure}), key in {label}:")
            rows = rows[cols].round(3).assign(**{c: rows[c].map("{:.3g}".format) for c in ("p_value", "p_adjusted")})
            print(rows.to_string(index=False))
    if args.output:
        out = pd.concat([fw.assign(measure="fightin_words"), key.assign(measure=f"keyness ({args.measure})")],
                        ignore_index=True)
        out.insert(0, "measure", out.pop("measure"))
        write_table(out, args.output)
        print(f"\nwrote {len(out)} rows to {args.output}")
    return 0


def _cmd_sentiment(args: argparse.Namespace) -> int:
    """Sentence sentiment (VADER) aggregated per group with bootstrap intervals."""
    import importlib

    sentiment = importlib.import_module("framing.sentiment")
    corpus = load_corpus(args.path, **_loader(args))
    by = tuple(b.strip() for b in args.by.split(",") if b.strip())
    sent = sentiment.sentiment(corpus, score_names=args.score_names)
    try:
        table = sentiment.aggregate(sent, corpus, by=by, random_state=0)
    except ValueError as exc:
        return _error(exc)
    names = "words of proper names scored" if args.score_names else "words of proper names neutral"
    print(f"VADER compound per sentence (vaderSentiment {sentiment.vader_version()}; {names}), mean with 95% "
          f"bootstrap interval (2000 resamples, seed 0), by {', '.join(by) or 'nothing'}:")
    print(table.round(3).to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("corpus", help="load a corpus and print a summary")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate (no cleaning rules)")
    _add_loader_options(p)
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
    _add_lexicon_options(p)
    p.add_argument("--by", default="doc", help="rows per document (doc, the default), or per group of documents "
                   "columns, comma-separated: outlet, lean, lean,topic, ...")
    p.add_argument("-o", "--output", help="write the scores table to this CSV instead of printing it")
    p.add_argument("--hits", help="also write the hits table (with outlet, voice, speaker) to this CSV")
    p.add_argument("--kwic", help="also write keyword-in-context rows (with outlet, voice, speaker) to this CSV")
    _add_loader_options(p)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser(
        "archive", help="score a large archive in batches, on several processes; report skipped records"
    )
    p.add_argument("path", help="a folder of .txt files (metadata.csv optional), or a .jsonl/.csv/.tsv[.gz] or "
                   ".parquet file")
    _add_lexicon_options(p)
    p.add_argument("--by", default="outlet,category",
                   help="group columns, comma-separated: outlet, category (the lexicon's), date, doc_id, or any "
                   "metadata field of the records, e.g. lean,category (default: outlet,category)")
    p.add_argument("--keep", help="more metadata fields for --doc-scores, comma-separated (the --by ones are kept)")
    p.add_argument("--freq", choices=("week", "month", "quarter", "year"), help="also group by period of the date")
    p.add_argument("-j", "--jobs", type=int, default=1, help="processes (default 1; -1: every core)")
    p.add_argument("--batch-size", type=int, default=1000, help="documents per batch (default 1000)")
    p.add_argument("--clean", action=argparse.BooleanOptionalAction, default=True,
                   help="clean boilerplate as `framing corpus` does (default); --no-clean keeps it")
    _add_loader_options(p, archive=True)
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: only when stderr is a terminal)")
    p.add_argument("-o", "--output", help="write the rates table to this CSV instead of printing it")
    p.add_argument("--doc-scores", help="also write the per-document scores (doc_id x category, outlet, date, the "
                   "--by and --keep fields) to this CSV")
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
    p.add_argument("--learned", action="store_true",
                   help="add the learned weighting, cross-validated by article (framing.learned)")
    p.add_argument("--article-level", action="store_true",
                   help="print Spearman's rho of each per-article measure with the gold span density")
    p.add_argument("--bias-lexicon", metavar="FILE",
                   help="a word list (one a line, e.g. the Recasens et al. 2013 bias lexicon) as a second baseline")
    p.add_argument("--tables", metavar="DIR",
                   help="write results, entries, articles and correlations CSVs to this folder")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("learn-weights", help="train the learned weighting of loaded words on span annotations (PTC)")
    p.add_argument("path", help="a PTC-layout folder (article<ID>.txt + *.labels), a .jsonl file or a .csv/.tsv table")
    p.add_argument("-o", "--output", required=True, help="the weights CSV to write (e.g. learned_weights.csv)")
    p.add_argument("--c", type=float, default=1.0, help="inverse L1 regularization strength (default 1.0)")
    p.add_argument("--min-count", type=int, default=3, help="words seen fewer times are not features (default 3)")
    p.add_argument("--random-state", type=int, default=0, help="seed of the solver (default 0)")
    p.set_defaults(func=_cmd_learn_weights)
    p = sub.add_parser("contrast", help="distinctive words (Fightin' Words) and keyness between groups")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--by", default="outlet",
                   help="documents column(s) that define the groups, e.g. lean or lean,topic (default: outlet)")
    p.add_argument("--design", choices=("one_vs_rest", "pairwise"), default="one_vs_rest",
                   help="each group against the rest pooled, or every pair of groups (default one_vs_rest)")
    p.add_argument("--groups", metavar="A,B,...", help="only these groups (against the rest, or their pairs)")
    p.add_argument("--a", metavar="GROUP", help="one comparison: this group against --b (or against the rest)")
    p.add_argument("--b", metavar="GROUP", help="the other side of the --a comparison")
    p.add_argument("--top", type=int, default=10, help="units shown per side (default 10)")
    p.add_argument("--measure", choices=("chi2", "lr", "pmi"), default="chi2", help="keyness measure (default chi2)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write every unit of every comparison (Fightin' Words and keyness rows) to this CSV")
    p.add_argument("--stop-words", metavar="FILE",
                   help="stop words, one per line ('#' comments), instead of the default list")
    p.add_argument("--house-style", action=argparse.BooleanOptionalAction, default=True,
                   help="drop honorifics (mr, mrs, sen, rep ...) and each outlet's self-name in its own articles "
                        "('fox' in Fox News) (default: on)")
    p.add_argument("--min-count", type=int, default=2,
                   help="units used fewer times in the two sides together are not listed (default 2: a unit "
                        "used once, 0 vs 1, says nothing about a difference)")
    _add_loader_options(p)
    p.set_defaults(func=_cmd_contrast)

    p = sub.add_parser("sentiment", help="sentence sentiment (VADER) aggregated per group, with intervals")
    p.add_argument("path", help="a folder of .txt files with metadata.csv, or a .csv/.jsonl/.parquet table")
    p.add_argument("--by", default="outlet,voice", help="grouping columns, comma-separated (default: outlet,voice)")
    p.add_argument("--score-names", action="store_true",
                   help="score the words of proper names as VADER does (\"Supreme\" in \"the Supreme Court\" "
                        "reads +2.6); by default they count as neutral (framing.text.name_words)")
    _add_loader_options(p)
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
        return _error(exc)


def _stdout_to_devnull() -> None:
    """Point stdout's file descriptor at os.devnull, so the flush at interpreter exit cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (e.g. captured by a test)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
