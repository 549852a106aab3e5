"""Every number of benchmarks/validation.md, from one run on the PTC training articles.

    python benchmarks/validation/run_validation.py --ptc ../shared/datasets/ptc \
        --bias-lexicon ../shared/datasets/reference-lexicons/bias-lexicon.txt

runs :func:`framing.validate.full_validation` once (curated lexicon, VADER, the Recasens et al.
bias lexicon, a random lexicon, the learned weighting cross-validated by article; 2,000
bootstrap resamples over articles, ``random_state=0``) and rewrites the block between
``<!-- run_validation:begin -->`` and ``<!-- run_validation:end -->`` in
``benchmarks/validation.md`` with its tables (``--print`` writes them to stdout instead).
``--tables DIR`` also writes the four full tables as CSV.  The annotated data are read by
path and never copied into the repository.  Re-run it after any lexicon change: the
curated list's rows are whatever ``framing/data/lexicon.csv`` holds.
"""

from __future__ import annotations

import argparse
import re
import time
from importlib import metadata
from pathlib import Path

import pandas as pd

from framing.learned import load_weights
from framing.lexicon import load_lexicon
from framing.validate import full_validation, read_annotated

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "validation.md"
BEGIN, END = "<!-- run_validation:begin -->", "<!-- run_validation:end -->"
NAMES = {"lexicon": "curated lexicon", "vader": "VADER valence ≤ −1.5", "bias_lexicon": "Recasens bias lexicon",
         "random": "random lexicon", "learned_cv": "learned weighting (5-fold CV)"}


def _ci(row, col: str) -> str:
    return f"{row[col]:.3f} [{row[col + '_lo']:.3f}, {row[col + '_hi']:.3f}]"


def _table(header: list[str], rows: list[list], align: str) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return out


def render(out: dict[str, pd.DataFrame], info: dict) -> str:
    res = out["results"]
    lines = [
        f"Run: `{info['command']}`  ",
        f"{info['documents']} articles, {info['gold']:,} distinct gold spans (Loaded_Language, Name_Calling,Labeling); "
        f"curated lexicon: {info['rows']} rows, {info['loaded']} loaded entries; learned weights file: "
        f"{info['weights']} rows; scikit-learn {info['sklearn']}, vaderSentiment {info['vader']}; "
        f"{info['wall']:.0f} s wall, {info['cpu']:.0f} s CPU (user+sys).",
        "",
        "### Span level: precision, recall, F1 with 95% bootstrap intervals over articles",
        "",
    ]
    rows = []
    for match in ("overlap", "exact"):
        for _, r in res[(res["scope"] == "micro") & (res["match"] == match)].iterrows():
            rows.append([NAMES.get(r["lexicon"], r["lexicon"]), match, f"{r['n_pred']:,}", f"{r['tp']:,}",
                         f"{r['found']:,}", _ci(r, "precision"), _ci(r, "recall"), _ci(r, "f1")])
    lines += _table(["measure", "match", "hits", "correct hits", "gold found", "precision", "recall", "F1"], rows,
                    "llrrrlll")
    lines += ["", "### Per category, curated lexicon, overlap match", ""]
    cat = res[(res["lexicon"] == "lexicon") & (res["scope"] == "category") & (res["match"] == "overlap")]
    rows = [[r["group"], f"{r['n_pred']:,}", _ci(r, "precision"), f"{r['recall']:.3f}"] for _, r in cat.iterrows()]
    lines += _table(["category", "hits", "precision", "share of gold found"], rows, "lrlr")
    lines += ["", "### Recall per gold label, overlap match", ""]
    lab = res[(res["scope"] == "label") & (res["match"] == "overlap")]
    rows = [[NAMES.get(r["lexicon"], r["lexicon"]), r["group"], f"{r['n_gold']:,}", f"{r['found']:,}",
             _ci(r, "recall")] for _, r in lab.iterrows()]
    lines += _table(["measure", "label", "gold spans", "found", "recall"], rows, "llrrl")
    ent = out["entries"]
    big = ent[ent["hits"] >= 10]
    lines += ["", f"### Per entry, curated lexicon ({len(ent)} entries fire; the {len(big)} with ≥ 10 hits)", "",
              f"Precision with a 95% Wilson interval. Entries with ≥ 5 hits and precision < 0.20: "
              f"{int(((ent['hits'] >= 5) & (ent['precision'] < 0.2)).sum())}; with precision ≥ 0.50: "
              f"{int(((ent['hits'] >= 5) & (ent['precision'] >= 0.5)).sum())} (of {int((ent['hits'] >= 5).sum())} "
              "with ≥ 5 hits). The full table: `--tables DIR` (`entries.csv`).", ""]
    rows = [[f"`{r['term']}`", r["category"], r["hits"], r["correct"],
             f"{r['precision']:.2f} [{r['precision_lo']:.2f}, {r['precision_hi']:.2f}]", r["articles"]]
            for _, r in big.iterrows()]
    lines += _table(["entry", "category", "hits", "correct", "precision", "articles"], rows, "llrrlr")
    lines += ["", "### Article level: Spearman's ρ with gold spans per 1,000 words (95% bootstrap over articles)", ""]
    rows = [[f"`{r['measure']}`", f"{r['spearman']:.3f} [{r['spearman_lo']:.3f}, {r['spearman_hi']:.3f}]"]
            for _, r in out["correlations"].iterrows()]
    lines += _table(["per-article measure", "Spearman ρ"], rows, "ll")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptc", default=str(HERE.parents[1].parent / "shared" / "datasets" / "ptc"))
    parser.add_argument("--bias-lexicon",
                        default=str(HERE.parents[1].parent / "shared" / "datasets" / "reference-lexicons"
                                    / "bias-lexicon.txt"))
    parser.add_argument("--n-boot", type=int, default=2000)
    parser.add_argument("--tables", metavar="DIR", help="also write the four full tables as CSV here")
    parser.add_argument("--print", action="store_true", help="print the block instead of rewriting validation.md")
    args = parser.parse_args()
    t0, c0 = time.perf_counter(), time.process_time()
    annotated = read_annotated(args.ptc)
    out = full_validation(annotated, bias_lexicon=args.bias_lexicon, n_boot=args.n_boot, random_state=0)
    lex = load_lexicon()
    gold = annotated.spans[annotated.spans["label"].isin(["Loaded_Language", "Name_Calling,Labeling"])]
    info = {
        "command": "python benchmarks/validation/run_validation.py --ptc PTC --bias-lexicon bias-lexicon.txt"
                   + (f" --n-boot {args.n_boot}" if args.n_boot != 2000 else ""),
        "documents": len(annotated.documents), "gold": len(gold.drop_duplicates(["doc_id", "start", "end"])),
        "rows": len(lex.table), "loaded": len(lex.loaded().table), "weights": len(load_weights()),
        "sklearn": metadata.version("scikit-learn"), "vader": metadata.version("vaderSentiment"),
        "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
    }
    block = render(out, info)
    if args.tables:
        for name, table in out.items():
            table.to_csv(Path(args.tables) / f"{name}.csv", index=False, lineterminator="\n")
    if args.print:
        print(block)
        return
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{DOC}: no {BEGIN} ... {END} block to rewrite; add the two markers")
    DOC.write_text(pattern.sub(lambda _: f"{BEGIN}\n{block}{END}", text), encoding="utf-8")
    print(f"rewrote the run_validation block of {DOC} ({info['wall']:.0f} s wall, {info['cpu']:.0f} s CPU)")


if __name__ == "__main__":
    main()
