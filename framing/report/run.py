"""``framing report``: settings, the output folder, the settings record, then compute, draw, run the notebooks.

:func:`run_report` loads the corpus once, computes :mod:`framing.report.results`, writes the
tables and figures (two at a time, while the tables are written) into a fresh folder next to ``out`` and
renames it over ``out`` (nothing stale left), then executes the notebooks on those tables (two at a
time; they read that corpus pickled, its sources named as from their folder: :func:`framing.report.results.moved`).
The first page, ``out/README.md``, records the command line, the versions, the corpus's sha256 and the load
report, and no time, so that two runs give the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from functools import partial
from importlib import metadata
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.io.outputs import write_table
from framing.report.results import DISCOVER
from framing.schema import counted
from framing.timeline import FREQS

#: The settings a report takes (the ``framing report`` flags, the notebooks' parameters).
SETTINGS = ("by", "groups", "pair_by", "lexicon", "actors", "freq", "text_column", "id_column", "encoding",
            "metadata_encoding", "metadata_sep", "date_format", "dayfirst", "aliases", "stop_words", "seed")
#: Libraries whose versions the settings record names.
KEY_LIBRARIES = ("pandas", "numpy", "matplotlib", "vaderSentiment", "nbclient")
#: Files that mark a folder as a report's (``figures/`` of the seed corpus has the last two): only such a folder,
#: or an empty one, is replaced.
REPORT_MARKERS = ("settings.json", "corpus_summary.csv", "html")


class ReportError(ValueError):
    """A report setting or output folder that cannot be used (raised before any work)."""


def check_out(out: str | Path) -> Path:
    """``out`` if a report can be written there (created, or replaced when it exists), else ReportError."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out}: exists and is not a folder")
    parent = out.resolve().parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise ReportError(f"--out {out}: cannot write in {probe}")
    if out.exists() and not os.access(out, os.W_OK | os.X_OK):
        raise ReportError(f"--out {out}: the folder is not writable")
    if out.is_dir() and any(out.iterdir()) and not any((out / m).exists() for m in REPORT_MARKERS):
        raise ReportError(f"--out {out}: the folder holds files that are not a framing report; the report replaces "
                          "its folder whole, so give a new or empty folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        probe_file = parent / f".framing-write-test-{os.getpid()}"
        probe_file.write_bytes(b"")
        probe_file.unlink()
    except OSError as exc:
        raise ReportError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None
    return out


def check_settings(settings: dict) -> None:
    """ReportError for a value the report cannot use, or a setting the library does not support yet."""
    freq = settings.get("freq")
    if freq is not None and freq not in FREQS:
        raise ReportError(f"--freq must be one of {', '.join(FREQS)}, not {freq!r}")
    for key in ("lexicon", "actors", "stop_words", "aliases"):
        if key == "actors" and settings.get(key) == DISCOVER:
            continue
        if settings.get(key) and not Path(settings[key]).is_file():
            raise ReportError(f"--{key.replace('_', '-')} {settings[key]}: no such file")


def default_freq(documents: pd.DataFrame) -> str:
    """Period of the over-time view from the dates' span: week up to 26 weeks of day dates, month up to 3 years, else
    quarter up to 10 years, else year; month when nothing is dated."""
    raw = documents["date"].dropna().astype(str) if "date" in documents.columns else pd.Series(dtype=str)
    dates = pd.to_datetime(raw, errors="coerce", format="mixed").dropna()
    if dates.empty:
        return "month"
    days = (dates.max() - dates.min()).days
    all_days = bool(raw.str.fullmatch(r"\d{4}-\d{2}-\d{2}.*").all())
    if days <= 182 and all_days:
        return "week"
    if days <= 3 * 366:
        return "month"
    if days <= 10 * 366:
        return "quarter"
    return "year"


def corpus_sha256(source) -> str:
    """sha256 over the corpus's files: for a folder, each file's relative path and bytes in sorted order."""
    path = Path(str(source))
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in files:
        if path.is_dir():
            digest.update(p.relative_to(path).as_posix().encode() + b"\0")
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Python's version, framing's and the :data:`KEY_LIBRARIES`' (as installed)."""
    out = {"python": sys.version.split()[0]}
    for name in ("framing", *KEY_LIBRARIES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _load_counts(corpus: Corpus) -> pd.DataFrame:
    report = corpus.report
    if not len(report):
        return pd.DataFrame({"issue": [], "rows": []})
    return report["issue"].value_counts().rename_axis("issue").reset_index(name="rows").sort_values("issue")


#: Notebooks that contrast two groups (distinctive words, keyness): not run on fewer groups with text.  (03's word
#: shift says it has nothing to contrast and the notebook goes on: its sentence sentiment and actors need one group.)
CONTRAST_NOTEBOOKS = ("04-lexical-contrast",)


def first_page(settings: dict, corpus: Corpus, figures: list[str], notebooks: list[str],
               skipped: dict[str, str] | None = None, not_run: dict[str, str] | None = None,
               paired=None) -> str:
    """``README.md`` of a report: what was run with which settings, and what the load skipped or reported;
    ``skipped``: figures not drawn, ``not_run``: notebooks not run (name -> why); ``paired``: the ``paired``
    table (its comparisons, and those left out, ``attrs["unpaired"]``)."""
    docs = corpus.documents
    lines = [
        f"# Framing report: {settings['label']}",
        "",
        f"Command: `{settings['command']}`",
        "",
        f"Corpus: `{settings['corpus']}` (relative to this folder; sha256 over its files "
        f"`{settings['corpus_sha256']}`): "
        f"{counted(len(docs), 'document')}, {counted(docs['outlet'].nunique(), 'group')} by "
        f"{settings.get('by') or 'outlet'}.",
        "",
        "## Settings",
        "",
        "| setting | value |",
        "|---|---|",
    ]
    lines += [f"| {k} | {settings.get(k)!r} |" for k in SETTINGS]
    if settings.get("score_names"):
        lines += ["| score_names | True |", "", "Sentiment (VADER) scores the words of proper names too "
                  "(`--score-names`): \"the Supreme Court ruled\" reads as positive; by default they count as neutral."]
    lines += ["", "## Versions", "", "| library | version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in settings["versions"].items()]
    counts = _load_counts(corpus)
    lines += ["", "## Load report", ""]
    if len(counts):
        lines += ["| issue | rows |", "|---|---|"] + [f"| {i} | {n} |" for i, n in zip(counts["issue"], counts["rows"],
                                                                                        strict=True)]
        lines += ["", "Every row: `tables/load_report.csv`; rows not loaded: `tables/skipped.csv`."]
    else:
        lines.append("Nothing skipped or reported at load.")
    removed = corpus.removed
    if len(removed):
        by_rule = removed["rule"].value_counts().sort_index()
        lines += ["", f"Cleaning removed {len(removed):,} span(s) of page furniture from "
                      f"{removed['doc_id'].nunique():,} document(s): "
                      + ", ".join(f"{rule} {n:,}" for rule, n in by_rule.items())
                      + ". Each with its rule, offsets and text: `tables/removed.csv`."]
    undated = corpus.summary().attrs.get("undated", 0)
    if undated:
        lines += ["", f"{undated:,} document(s) have no usable date: the over-time view leaves them out."]
    pair_by = [c.strip() for c in str(settings.get("pair_by") or "").split(",") if c.strip() in docs.columns]
    if pair_by:
        from framing.paired import without_block

        no_block = int(without_block(docs, pair_by).sum())
        if no_block:
            lines += ["", f"{no_block:,} document(s) have no {' / '.join(pair_by)}: the paired comparison "
                          f"(--pair-by) leaves them out (`no_block` of `paired` in `tables/attrs.json`)."]
        if paired is not None:
            made = list(dict.fromkeys(paired["comparison"]))
            lines += ["", f"Paired comparisons (`tables/paired.csv`, within {' / '.join(pair_by)}): "
                          + "; ".join(made) + "."]
            if paired.attrs.get("unpaired"):
                lines[-1] += (" Left out, no block holding both groups: " + "; ".join(paired.attrs["unpaired"])
                              + ".")
    lines += ["", "## Contents", "", "- `tables/`: the analysis tables (see `tables/README.md`)"]
    lines += [f"- `{name}.png`, `{name}.svg`" for name in figures]
    lines += [f"- `html/{name}.html`" for name in notebooks]
    if skipped:
        lines += ["", "## Figures not drawn", ""] + [f"- `{name}`: {why}" for name, why in skipped.items()]
    if not_run:
        lines += ["", "## Notebooks not run", ""] + [f"- `{name}`: {why}" for name, why in not_run.items()]
    return "\n".join(lines) + "\n"


def notebook_params(settings: dict, out: Path, nb_dir: Path) -> dict:
    """The notebooks' parameters: paths relative to the notebooks (no machine path in the HTML), then the settings."""
    params = {
        "CORPUS": os.path.relpath(Path(settings["corpus_path"]).resolve(), nb_dir),
        "RESULTS": os.path.relpath(out.resolve(), nb_dir),
        "FIGURES": os.path.relpath(out.resolve(), nb_dir),
        "PROGRESS": False,  # progress bars print timings: the HTML must be identical from run to run
    }
    for key in SETTINGS:
        value = settings.get(key)
        if key in ("lexicon", "actors", "stop_words", "aliases") and value and value != DISCOVER:
            value = os.path.relpath(Path(value).resolve(), nb_dir)
        params[key.upper()] = value
    if settings.get("score_names"):  # --score-names (absent by default)
        params["SCORE_NAMES"] = True
    return params


#: What only the notebooks write: kept from the old folder by a run without notebooks (``framing figures``).
NOTEBOOK_OUTPUTS = ("html", "method", "lexicon_coverage.png", "lexicon_coverage.svg", "archive_over_time.png",
                    "archive_over_time.svg")


def _replace(tmp: Path, out: Path, keep: tuple[str, ...] = ()) -> None:
    """Put the finished folder ``tmp`` in place of ``out`` (the old one removed, but for the names in ``keep``)."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        for name in keep:
            if (old / name).exists() and not (tmp / name).exists():
                (old / name).rename(tmp / name)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old)


def run_report(settings: dict, out: str | Path, *, notebooks: str | Path | None = "notebooks", draw: bool = True,
               quiet: bool = False, jobs: int = 2) -> dict:
    """Run the report on ``settings['corpus_path']`` into ``out``; return what was written (counts by kind).

    ``settings``: the keys of :data:`SETTINGS` plus ``corpus_path``, ``corpus`` (as written in the
    record) and ``command``.  Raises :class:`ReportError` before any work for a bad setting or folder.
    """
    from tqdm import tqdm

    from framing.report import results as R
    from framing.report.passes import in_child

    out = check_out(out)
    check_settings(settings)
    show = not quiet and sys.stderr.isatty()
    nb_dir = Path(notebooks).resolve() if notebooks else None
    cache = tempfile.mkdtemp(prefix="framing-report-") if notebooks else None
    before = os.environ.get(R.CORPUS_CACHE_ENV)
    try:
        # analysis, tables and figures in a process of their own: the notebooks' kernels start beside a light one
        done = in_child(partial(_analyse_and_draw, settings, out, notebooks, draw, show, jobs, cache))
        settings, nb_paths = done["settings"], done["nb_paths"]
        html: list[Path] = []
        if notebooks and nb_paths:
            from framing.report.notebooks import run_all

            bar = (lambda xs, **kw: tqdm(xs, desc="notebooks", unit="nb", file=sys.stderr, **kw)) if show else None
            # the kernels (run in nb_dir) read the corpus loaded once, as they would load it, not 7 times
            os.environ[R.CORPUS_CACHE_ENV] = str(done["pickled"])
            params = notebook_params(settings, out, nb_dir)
            html = run_all(nb_dir, params, out / "html", names=[p.stem for p in nb_paths], progress=bar, jobs=jobs)
    finally:
        if before is None:
            os.environ.pop(R.CORPUS_CACHE_ENV, None)
        else:
            os.environ[R.CORPUS_CACHE_ENV] = before
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
    return {"tables": done["tables"], "figures": done["figures"], "notebooks": len(html), "out": out,
            "skipped": done["skipped"], "not_run": done["not_run"]}


def _cache_corpus(nb_dir: Path, results: str, cache: str, loaded: tuple[Corpus, str]) -> Path:
    """:func:`framing.report.results.cache_corpus` run from the notebooks' folder (paths as the kernels see them) of
    ``loaded``, the report's corpus and the path it was loaded from."""
    from framing.report import results as R

    here = os.getcwd()
    os.chdir(nb_dir)
    try:
        return R.cache_corpus(results, cache, loaded)
    finally:
        os.chdir(here)


def _analyse_and_draw(settings: dict, out: Path, notebooks, draw: bool, show: bool, jobs: int,
                      cache: str | None = None) -> dict:
    """The report but its notebooks: load, analyse, write the tables, draw, put the folder in place, and with notebooks
    to run pickle the corpus as they load it into the folder ``cache``; the settings as recorded, the notebooks to
    run, what was written and the pickle."""
    from tqdm import tqdm

    from framing.contrast import group_sizes
    from framing.report import results as R
    from framing.report.figures import corpus_label, draw_report

    corpus = R.load(settings["corpus_path"], settings)
    settings = dict(settings)
    settings["freq"] = settings.get("freq") or default_freq(corpus.documents)
    settings["label"] = corpus_label(settings["corpus_path"])
    settings["versions"] = versions()
    settings["corpus_sha256"] = corpus_sha256(settings["corpus_path"])
    settings["corpus"] = os.path.relpath(Path(settings["corpus_path"]).resolve(), out.resolve())
    record = {k: v for k, v in settings.items() if k != "corpus_path"}
    if record.get("aliases"):  # relative to the report, as the corpus: open_results reads it back from there
        record["aliases"] = os.path.relpath(Path(record["aliases"]).resolve(), out.resolve())
    progress = (lambda n: tqdm(total=n, desc="analysis", unit="doc", file=sys.stderr)) if show else None
    res = R.compute(corpus, record, progress=progress, jobs=jobs)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        tables: list[Path] = []

        def write_tables(jobs: int = 1) -> None:  # in this process while the figures are drawn in others
            tables.extend(R.write(res, tmp, jobs=jobs))
            write_table(res.tables["corpus_summary"], tmp / "corpus_summary.csv")

        figures: list[Path] = []
        skipped: dict[str, str] = {}
        if draw:
            bar = (lambda xs, **kw: tqdm(xs, desc="figures", unit="fig", file=sys.stderr, **kw)) if show else None
            tmp.mkdir(parents=True)
            figures, skipped = draw_report(corpus, tmp, res.context(settings["label"]), jobs=jobs, progress=bar,
                                           meanwhile=write_tables)
        else:
            write_tables(jobs)
        nb_paths = sorted(Path(notebooks).glob("[0-9][0-9]-*.ipynb")) if notebooks else []
        not_run = {}
        with_text = group_sizes(corpus, with_text=True)["group"].tolist()
        if len(with_text) < 2:  # the contrast notebooks would stop at their first contrast
            why = (f"a contrast needs two groups with text; by {settings.get('by') or 'outlet'} the corpus has "
                   f"{len(with_text)} ({', '.join(map(str, with_text))})")
            not_run = {p.stem: why for p in nb_paths if p.stem in CONTRAST_NOTEBOOKS}
            nb_paths = [p for p in nb_paths if p.stem not in not_run]
        page = first_page(record, corpus, [p.stem for p in figures if p.suffix == ".png"], [p.stem for p in nb_paths],
                          skipped, not_run, res.tables.get("paired"))
        (tmp / "README.md").write_text(page, encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _replace(tmp, out, keep=() if notebooks else NOTEBOOK_OUTPUTS)
    pickled = None
    if cache and nb_paths:
        nb_dir = Path(notebooks).resolve()  # RESULTS of notebook_params
        pickled = _cache_corpus(nb_dir, os.path.relpath(out.resolve(), nb_dir), cache,
                                (corpus, settings["corpus_path"]))
    return {"settings": settings, "nb_paths": nb_paths, "tables": len(tables), "figures": len(figures),
            "skipped": skipped, "not_run": not_run, "pickled": pickled}

