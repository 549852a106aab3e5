"""The report's analysis pass, computed once: :class:`Results`, :func:`compute`, :func:`write`, :func:`open_results`.

:func:`compute` runs every per-document stage (quotations, sentences with voice, lexicon
hits with voice, sentence sentiment, actor mentions) over the corpus in chunks of
documents (one progress bar by documents), then the group tables the figures and
notebooks read.  :func:`write` saves them in ``OUT/tables/`` (CSV always, Parquet too when
pyarrow is installed) with ``OUT/settings.json``; :func:`open_results` reads them back (or
computes them when given a corpus instead of a report folder).

Tables (``OUT/tables/<name>.csv``): see :data:`TABLE_DOCS`.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus, load_corpus
from framing.io.outputs import write_table
from framing.report import derived
from framing.report.passes import DOCUMENT_TABLES, document_pass, run_tasks  # noqa: F401 - DOCUMENT_TABLES re-exported

#: What each exported table holds (the README of ``OUT/tables``).
TABLE_DOCS = {
    "documents": "one row per document: the corpus's documents table without text and raw",
    "corpus_summary": "per group: documents, tokens, sentences, removed spans and characters",
    "load_report": "every change or problem at load (doc_id, source, issue, detail); skipped rows included",
    "skipped": "the load report's rows whose document was not loaded (issue starting with 'skipped' or 'empty')",
    "removed": "spans removed by cleaning (doc_id, start, end, rule, text)",
    "quotes": "quotations (framing.voice.quotes)",
    "sentences": "sentences with voice and speaker (framing.voice.sentence_voice)",
    "hits": "lexicon hits with outlet, voice, speaker and the sentence text",
    "kwic": "keyword in context (framing.score.kwic) with outlet and voice",
    "scores": "per group x category x voice: count, n_tokens, per_1k (framing.score.scores by_voice=True)",
    "scores_by_category": "per group x category: count, n_tokens, per_1k (by_voice=False)",
    "measures": "per document, the two loaded-language measures side by side (framing.learned.document_measures): "
    "curated_* from the curated lexicon's loaded categories, learned_* from the learned weighting "
    "(framing/data/LEARNED.md), per 1,000 word tokens in every voice and in the outlet's own voice (author); "
    "rank articles by curated_author_per_1k (benchmarks/validation.md)",
    "measures_by_group": "the same per group, rates of the pooled text (framing.learned.group_measures)",
    "voice_words": "per document: share of words in each voice",
    "quoted_share": "per document: words, words in quotations and fragments, quoted share (framing.voice.quoted_share)",
    "attribution_cues": "attribution cues with their stance (framing.voice.attribution_stance; the attribution_stance "
    "figure): verbs of quotations and reported speech, stance verbs used as verbs in the author's text. The "
    "scores' stance_* count every match of the stance terms instead, quoted or not, any part of speech",
    "sentiment": "VADER compound per sentence with voice",
    "sentiment_by_group": "mean compound per group, 95% bootstrap interval (documents resampled in a group of 2 "
                          "or more; seed: --seed)",
    "sentiment_by_group_voice": "mean compound per group x voice, 95% bootstrap interval (as sentiment_by_group)",
    "mentions": "actor mentions (framing.actors.mentions)",
    "actors": "with --actors discover only: the gazetteer discovered in this corpus and used for the mentions "
    "(framing.actors.discover_actors; an actor kept with at least 5 mentions in at least 1 % of the documents, "
    "2 at least); edit it and pass it back with --actors FILE",
    "fightin_words": "Fightin' Words (Monroe et al. 2008) per comparison (column comparison: 'a vs b'), every unit "
    "used (min_count=1, as the distinctive_words figure)",
    "keyness": "keyness (chi2) per comparison (column comparison: 'target vs reference'), every unit used "
    "(min_count=1, as the keyness figure)",
    "paired": "with --pair-by only: the paired comparison of the groups within blocks, every pair of the 3 largest "
    "groups (documents), one row per comparison x measure x category x voice (framing.paired.paired_comparison: "
    "mean difference over blocks, bootstrap interval, Wilcoxon test; seed: --seed); a pair sharing no block is "
    "left out and named in attrs.json (unpaired)",
    "paired_differences": "with --pair-by only: the per-block differences behind the paired table "
    "(framing.paired.paired_differences)",
    **derived.DERIVED_DOCS,
}

#: Tables written only when their setting is given (``--pair-by``, ``--actors discover``).
OPTIONAL_TABLES = ("paired", "paired_differences", "actors")

#: ``--actors discover``: the actors come from :func:`framing.actors.discover_actors` on the corpus itself.
DISCOVER = "discover"

#: The derived tables :func:`compute` counts in one task beside the group tables (in this order: the bootstrap and
#: permutation tables read the Fightin' Words one).
CONTRAST_DERIVED = ("contrast_design", "contrast_fightin_words", "contrast_keyness", "contrast_bootstrap",
                    "contrast_permutation", "loaded_rate_interval", "loaded_rate_permutation", "unit_spread")

#: Per-document stages run in chunks of this many documents (the progress bar's steps).
CHUNK = 25

#: :func:`write` uses processes (``jobs`` > 1) only for tables of more rows than this in all (a pool costs ~0.2 s).
WRITE_ROWS = 50_000


def default_out(corpus, root: str | Path = ".") -> Path:
    """``root/figures`` for the seed corpus (``root/corpus``), else ``root/reports/<corpus name>``."""
    root = Path(root)
    if Path(str(corpus)).resolve() == (root / "corpus").resolve():
        return root / "figures"
    from framing.report.figures import corpus_label

    return root / "reports" / corpus_label(corpus)


@dataclass
class Results:
    """The report's tables (``tables[name]``, also as attributes) over ``corpus``, with the run's ``settings``."""

    corpus: Corpus
    tables: MutableMapping[str, pd.DataFrame]
    settings: dict = field(default_factory=dict)
    out: Path | None = None
    #: The figures' contrast pair as computed (with attrs), not read back from disk: {"fightin_words", "keyness"}.
    pair: dict = field(default_factory=dict, repr=False)
    #: What :func:`framing.report.derived.unit_spread` computed that the contrast figures reuse (their cache keys).
    figure_cache: dict = field(default_factory=dict, repr=False)
    unit_counts: object = field(default=None, repr=False)  #: :meth:`unit_table`, once counted
    #: Tables of :mod:`framing.report.derived` computed here (not in ``tables``: not the report's).
    computed: dict = field(default_factory=dict, repr=False)

    def get(self, name: str) -> pd.DataFrame:
        """Table ``name``: the report's when it wrote it, else computed here (:mod:`framing.report.derived`)."""
        return derived.get(self, name)

    def unit_table(self):
        """The corpus's unit counts (:func:`framing.contrast.unit_table`, the settings' stop words), counted once."""
        return derived.unit_table(self, _stop_words((self.settings or {}).get("stop_words")))

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"Results has no table {name!r}; it has {', '.join(tables)}")

    def __repr__(self) -> str:
        return f"Results({self.corpus!r}, tables: {', '.join(self.tables)}, out={self.out})"

    def context(self, label: str | None = None):
        """A :class:`framing.report.figure_registry.FigureContext` whose tables are these (nothing recomputed)."""
        from framing.report.figure_registry import FigureContext

        return FigureContext.from_results(self, label or self.settings.get("label", "corpus"))

    def figures_folder(self, root: str | Path = ".") -> Path:
        """Where figures go: the report folder, else :func:`default_out` of the corpus under ``root``."""
        if self.out is not None:
            return self.out
        return default_out(self.settings.get("corpus", "corpus"), root)

    def about(self) -> str:
        """The report's first page (``OUT/README.md``), or the settings of a computation made here, as Markdown."""
        if self.out is not None and (self.out / "README.md").is_file():
            return (self.out / "README.md").read_text(encoding="utf-8")
        shown = {k: v for k, v in self.settings.items() if v is not None}
        counts = self.corpus.report["issue"].value_counts().sort_index() if len(self.corpus.report) else {}
        lines = ["Computed in this notebook with: " + ", ".join(f"{k}={v!r}" for k, v in shown.items()), ""]
        lines.append("Load report: " + (", ".join(f"{k} {n}" for k, n in counts.items()) or "nothing reported"))
        return "\n".join(lines) + "\n"

    def figure(self, name: str, folder: str | Path | None = None) -> Path:
        """The PNG of figure ``name``: the report's own when it was drawn, else drawn now into ``folder``."""
        same = folder is None or (self.out is not None and Path(folder).resolve() == self.out.resolve())
        if self.out is not None and same and (self.out / f"{name}.png").exists():
            return self.out / f"{name}.png"
        from framing.report.figures import build_all

        target = Path(folder) if folder is not None else (self.out or Path("."))
        written = build_all(self.corpus, target, names=[name], ctx=self.context())
        return next(p for p in written if p.suffix == ".png")


def _stop_words(path):
    if not path:
        return "default"
    words = Path(path).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in words if w.strip() and not w.lstrip().startswith("#")]


#: The load_corpus options a report records (the flags of ``framing.cli._add_loader_options``) and their defaults.
LOADER_DEFAULTS = {"text_column": "text", "id_column": "doc_id", "encoding": "utf-8", "metadata_encoding": "utf-8",
                   "metadata_sep": None, "date_format": None, "dayfirst": None, "aliases": None}


def loader_options(settings: dict) -> dict:
    """The keyword arguments of :func:`framing.corpus.load_corpus` from ``settings`` (defaults where absent)."""
    return {k: (settings.get(k) if settings.get(k) is not None else d) for k, d in LOADER_DEFAULTS.items()}


def load(source, settings: dict) -> Corpus:
    """The corpus ``source`` loaded with the settings' loader options, restricted to ``groups`` when given."""
    corpus = load_corpus(source, **loader_options(settings))
    by = settings.get("by") or "outlet"
    if by != "outlet":
        corpus = group_by(corpus, by)
    if settings.get("pair_by"):  # checked before the analysis, not after it
        pair_columns(corpus, settings["pair_by"])
    groups = settings.get("groups")
    if groups:
        corpus = corpus.select(outlets=list(groups))
    return corpus


def group_by(corpus: Corpus, column: str) -> Corpus:
    """``corpus`` with the values of documents column ``column`` as the groups: they take the ``outlet`` column
    (the figures and tables group by it; missing or blank values become ``"(missing)"``), the outlet moves to
    ``outlet_name``."""
    docs = corpus.documents
    if column not in docs.columns:
        meta = [c for c in docs.columns if c not in ("text", "raw")]
        raise ValueError(f"--by {column!r} is not a documents column; use one of {', '.join(meta)}")
    from framing.contrast import group_labels

    groups = group_labels(docs, column, arg="--by")  # framing.groups' rules, as every by= of the library
    docs = docs.assign(outlet_name=docs["outlet"], outlet=groups)
    return Corpus(docs, corpus.removed, corpus.report, corpus.offset_maps)


def _comparisons(groups: list[str]) -> list[tuple[str, str | None]]:
    """The pairs the contrast tables hold: the figures' pair (the first two groups, sorted).

    Every comparison of a table reads one unit count (:func:`framing.contrast.unit_table`);
    one-vs-rest and pairwise tables for many groups are :func:`framing.contrast.compare_groups`'.
    """
    return [(groups[0], groups[1])] if len(groups) >= 2 else []


def contrast_tables(corpus: Corpus, *, stop_words="default", units=None) -> tuple[dict[str, pd.DataFrame], dict]:
    """Fightin' Words and keyness per comparison (:func:`_comparisons`), stacked with a ``comparison`` column;
    and the figures' pair as the library returns it (``{"fightin_words": ..., "keyness": ...}``, empty without one).
    ``units``: the corpus's :func:`framing.contrast.unit_table` with ``stop_words`` when counted already."""
    from framing.contrast import fightin_words, group_sizes, keyness, unit_table

    groups = sorted(group_sizes(corpus, with_text=True)["group"].astype(str))  # a group without text has no units
    fw_parts, key_parts, pair = [], [], {}
    comparisons = _comparisons(groups)
    if units is None and comparisons:  # counted once for every comparison
        units = unit_table(corpus, stop_words=stop_words)
    for a, b in comparisons:
        name = f"{a} vs {b}"
        # min_count=1, as the distinctive_words and keyness figures draw them (they reuse this pair)
        fw = fightin_words(corpus, a=a, b=b, units=units, min_count=1)
        key = keyness(corpus, target=a, reference=b, units=units, min_count=1)
        pair = pair or {"fightin_words": fw, "keyness": key}  # the figures' pair, with its attrs
        fw_parts.append(fw.assign(comparison=name))
        key_parts.append(key.assign(comparison=name))
    empty = pd.DataFrame({"comparison": pd.Series(dtype=object)})
    return {
        "fightin_words": pd.concat(fw_parts, ignore_index=True) if fw_parts else empty,
        "keyness": pd.concat(key_parts, ignore_index=True) if key_parts else empty,
    }, pair


def pair_columns(corpus: Corpus, pair_by: str) -> list[str]:
    """The documents columns of ``--pair-by`` (comma-separated; ``outlet`` is ``outlet_name`` where ``--by`` moved it
    there); a ``ValueError`` for one that is not a column or holds lists (:func:`framing.groups.one_value`)."""
    from framing.contrast import group_labels

    columns = [c.strip() for c in str(pair_by).split(",") if c.strip()]
    if "outlet_name" in corpus.documents.columns:  # --by moved the outlet there
        columns = ["outlet_name" if c == "outlet" else c for c in columns]
    missing = [c for c in columns if c not in corpus.documents.columns]
    if missing:
        meta = [c for c in corpus.documents.columns if c not in ("text", "raw")]
        raise ValueError(f"--pair-by {pair_by!r}: not a documents column; use one of {', '.join(meta)}")
    group_labels(corpus.documents, columns, arg="--pair-by")
    return columns


def paired_tables(corpus: Corpus, pair_by: str, *, hits: pd.DataFrame | None = None, seed: int = 0,
                  sentiment: pd.DataFrame | None = None, quoted: pd.DataFrame | None = None,
                  by: str = "outlet") -> dict:
    """``paired`` (summary) and ``paired_differences`` of :func:`framing.paired.paired_comparison`: the groups
    (the ``outlet`` column, see :func:`group_by`; ``by``: the column they came from, for messages) compared within
    the blocks of documents column ``pair_by``, every pair of the
    :data:`~framing.report.plots_contrast.REPORT_GROUPS` largest groups (all pairs of 107 outlets would be 5,671
    comparisons; the groups the contrast figures draw: :func:`~framing.report.plots_contrast.largest_groups`).
    A pair that shares no block is left out and named in the summary's ``attrs["unpaired"]``."""
    from itertools import combinations

    from framing.paired import NoBlockError, paired_comparison
    from framing.report.plots_contrast import largest_groups

    columns = pair_columns(corpus, pair_by)
    groups = sorted(largest_groups(corpus.documents))
    try:
        result = paired_comparison(corpus, by="outlet", pair_by=columns[0] if len(columns) == 1 else columns,
                                   hits=hits, sentiment=sentiment, quoted=quoted, random_state=seed,
                                   pairs=list(combinations(groups, 2)) or None)
    except NoBlockError:
        raise ValueError(f"--pair-by {pair_by!r}: no value of it has documents of two of the compared --by {by!r} "
                         f"groups ({', '.join(map(str, groups))}); pair by a column whose values (stories, events, "
                         "days) several groups cover") from None
    return {"paired": result.summary, "paired_differences": result.differences}


def _skipped(report: pd.DataFrame) -> pd.DataFrame:
    issue = report["issue"].astype(str)
    return report[issue.str.startswith(("skipped", "empty", "duplicate"))].reset_index(drop=True)


def report_actors(corpus: Corpus, spec: str | None) -> pd.DataFrame | None:
    """The report's gazetteer: None (the built-in one), the CSV ``spec``, or with ``spec="discover"``
    :func:`framing.actors.discover_actors` on ``corpus`` (min_mentions 5, min_documents 1 % of the documents, 2 at
    least: recurring names, not every capitalised phrase of a large corpus)."""
    from framing.actors import discover_actors, load_actors

    if not spec:
        return None
    if spec != DISCOVER:
        return load_actors(spec)
    floor = max(2, -(-len(corpus.documents) // 100))
    return load_actors(discover_actors(corpus, min_mentions=5, min_documents=floor))


def _score_tables(hits: pd.DataFrame, corpus: Corpus, lexicon) -> dict[str, pd.DataFrame]:
    """``scores`` (by voice) and ``scores_by_category`` of the report."""
    from framing.score import scores

    if len(hits):
        by_voice = scores(hits, corpus, by="outlet", lexicon=lexicon, by_voice=True)
    else:
        by_voice = scores(hits, corpus, by="outlet", lexicon=lexicon, by_voice=False).assign(voice="author")
    return {"scores": by_voice, "scores_by_category": scores(hits, corpus, by="outlet", lexicon=lexicon,
                                                             by_voice=False)}


def _contrasts_and_units(corpus: Corpus, stop_words) -> tuple[dict, dict, object]:
    """:func:`contrast_tables` with the unit counts it read (:func:`framing.contrast.unit_table`, None for an empty
    corpus), which the derived tables read again."""
    from framing.contrast import unit_table

    units = unit_table(corpus, stop_words=stop_words) if len(corpus.documents) else None
    return (*contrast_tables(corpus, stop_words=stop_words, units=units), units)


def _derived(corpus: Corpus, settings: dict, tables: dict, units, names: tuple[str, ...]) -> tuple[dict, dict]:
    """The :mod:`framing.report.derived` tables ``names`` of ``corpus`` (computed in order from ``tables`` and the unit
    counts ``units``), but those that cannot be computed (a ``ValueError``: :func:`~framing.report.derived.exported`
    leaves them out); and what they keep for the figures (:attr:`Results.figure_cache`)."""
    res = Results(corpus, tables, settings, unit_counts=units)
    return derived.computable(res, names), res.figure_cache


def compute(corpus: Corpus, settings: dict | None = None, *, progress=None, jobs: int = 1) -> Results:
    """Every table of :data:`TABLE_DOCS` over ``corpus`` with ``settings`` (lexicon, actors, stop_words, seed,
    score_names: VADER scores the words of proper names, :func:`framing.sentiment.sentiment`)."""
    from framing.learned import group_measures
    from framing.lexicon import load_lexicon
    from framing.sentiment import aggregate

    settings = dict(settings or {})
    lexicon = load_lexicon(settings["lexicon"]) if settings.get("lexicon") else None
    actors = report_actors(corpus, settings.get("actors"))
    seed = int(settings.get("seed") or 0)
    stop_words = _stop_words(settings.get("stop_words"))
    # the contrast tables read only the corpus: counted in the pool beside the per-document chunks
    side = {"contrasts": partial(_contrasts_and_units, corpus, stop_words)}
    t, side_done = document_pass(corpus, chunk=CHUNK, lexicon=lexicon, actors=actors, progress=progress, jobs=jobs,
                                 side=side, score_names=bool(settings.get("score_names")))
    docs = corpus.documents
    outlet = docs.set_index("doc_id")["outlet"]
    hits = t["hits"]
    sent_text = t["sentences"][["doc_id", "sent_id", "text"]].rename(columns={"text": "sentence"})
    t["hits"] = hits.assign(outlet=hits["doc_id"].map(outlet)).merge(sent_text, how="left", on=["doc_id", "sent_id"])
    k = t.pop("kwic")
    span = ["doc_id", "start", "end", "term", "category"]
    t["kwic"] = k.assign(outlet=k["doc_id"].map(outlet)).merge(
        hits[span + ["voice"]].drop_duplicates(span), how="left", on=span)
    contrasts, pair, units = side_done["contrasts"]
    # the group tables read the per-document ones and not each other: computed side by side (the longest first),
    # with notebook 03's word shift (the corpus only) and notebook 04's tables (the corpus, the unit counts and the
    # hits): derived.exported finds them computed
    derive = partial(_derived, corpus, settings, {"hits": t["hits"]}, units)
    tasks = {
        "word_shift": partial(derive, ("word_shift",)),
        "contrast": partial(derive, CONTRAST_DERIVED),
        "sentiment_by_group_voice": partial(aggregate, t["sentiment"], corpus, by=("outlet", "voice"),
                                            random_state=seed),
        "sentiment_by_group": partial(aggregate, t["sentiment"], corpus, by="outlet", random_state=seed),
    }
    if settings.get("pair_by"):
        # the sentence sentiment and quoted shares of the pass, in the order paired_comparison computes them
        sent = t["sentiment"].sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
        tasks["paired"] = partial(paired_tables, corpus, settings["pair_by"], hits=hits, seed=seed, sentiment=sent,
                                  quoted=t["quoted_share"], by=settings.get("by") or "outlet")
    tasks["scores"] = partial(_score_tables, hits, corpus, lexicon)
    tasks["measures_by_group"] = partial(group_measures, t["measures"], corpus)
    done = run_tasks(tasks, jobs if len(docs) > CHUNK else 1)  # in processes as the pass: past one chunk
    (shift, _), (tables04, figure_cache) = done.pop("word_shift"), done.pop("contrast")
    t.update(done.pop("scores"))
    t.update(done.pop("paired", {}))
    t.update(done)
    t.update(contrasts)
    if settings.get("actors") == DISCOVER:
        t["actors"] = actors
    t["documents"] = docs.drop(columns=[c for c in ("text", "raw") if c in docs.columns])
    t["corpus_summary"] = corpus.summary()
    t["load_report"] = corpus.report
    t["skipped"] = _skipped(corpus.report)
    t["removed"] = corpus.removed
    order = [n for n in TABLE_DOCS if n in t]
    res = Results(corpus, {n: t[n] for n in order}, settings, pair=pair, unit_counts=units,
                  computed=shift | tables04, figure_cache=figure_cache)
    res.tables.update(derived.exported(res))  # what notebooks 03 and 04 show, computed once here
    return res


# --- Writing and reading ---

SETTINGS_FILE = "settings.json"


def _has_parquet() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _write_table(frame: pd.DataFrame, folder: Path, name: str, parquet: bool) -> list[Path]:
    """``folder/<name>.csv`` (and ``.parquet``) of ``frame`` (:func:`framing.io.outputs.write_table`); the paths."""
    csv, pq = folder / f"{name}.csv", (folder / f"{name}.parquet" if parquet else None)
    write_table(frame, csv, parquet=pq)
    return [csv] if pq is None else [csv, pq]


def write(results: Results, out: str | Path, *, jobs: int = 1) -> list[Path]:
    """Write every table to ``out/tables/<name>.csv`` (and ``.parquet`` with pyarrow), the dtypes and settings.

    Bytes depend only on the tables: CSV with ``\\n`` line ends, floats to 12 significant digits
    (:func:`framing.io.outputs.portable_floats`).  ``jobs`` > 1 writes the tables in that many forked processes on
    Linux (the same files).
    """
    folder = Path(out) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    parquet = _has_parquet()
    tables = results.tables
    biggest = sorted(tables, key=lambda n: -tables[n].shape[0] * max(tables[n].shape[1], 1))  # the longest first
    rows = sum(len(frame) for frame in tables.values())
    done = run_tasks({n: partial(_write_table, tables[n], folder, n, parquet) for n in biggest},
                      jobs if rows > WRITE_ROWS else 1)
    written = [p for name in tables for p in done[name]]
    dtypes = {name: {str(c): str(d) for c, d in frame.dtypes.items()} for name, frame in tables.items()}
    attrs = {name: frame.attrs for name, frame in tables.items() if derived.json_attrs(frame)}
    (folder / "dtypes.json").write_text(json.dumps(dtypes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "attrs.json").write_text(json.dumps(attrs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    lines = ["# Tables", ""] + [f"- `{n}.csv`: {TABLE_DOCS[n]}" for n in results.tables]
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (Path(out) / SETTINGS_FILE).write_text(json.dumps(results.settings, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")
    return written + [folder / "dtypes.json", folder / "attrs.json", folder / "README.md", Path(out) / SETTINGS_FILE]


def _read_table(folder: Path, name: str, dtypes: dict) -> pd.DataFrame:
    if (folder / f"{name}.parquet").exists() and _has_parquet():
        return pd.read_parquet(folder / f"{name}.parquet")
    frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
    for col, dtype in dtypes.items():
        if col not in frame.columns:
            continue
        if dtype == "object":
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        elif dtype == "bool":
            frame[col] = frame[col].map({"True": True, "False": False})
        elif dtype.startswith("datetime"):
            frame[col] = pd.to_datetime(frame[col])
        else:
            frame[col] = frame[col].astype(dtype)
    return frame


#: Environment variable naming the corpus a running ``framing report`` loaded, pickled (:func:`cache_corpus`): its
#: notebooks read it instead of loading and cleaning the corpus again.
CORPUS_CACHE_ENV = "FRAMING_REPORT_CORPUS"


def _cache_key(settings: dict, path: Path) -> str:
    keys = ("corpus_sha256", "by", "groups", *LOADER_DEFAULTS)
    where = {"results": os.fspath(path), "cwd": os.getcwd()}  # the corpus's paths (its source column) follow them
    return json.dumps({k: settings.get(k) for k in keys} | where, sort_keys=True, default=str)


def _with_aliases(saved: dict, path: Path) -> dict:
    """``saved`` settings with an ``aliases`` path recorded relative to the report folder ``path`` made whole."""
    aliases = saved.get("aliases")
    return saved | {"aliases": os.fspath(path / aliases)} if aliases and not Path(aliases).is_absolute() else saved


def report_corpus(path: str | Path, loaded: tuple[Corpus, str | Path] | None = None) -> Corpus:
    """The corpus of the report folder ``path``, loaded as its ``settings.json`` records (what :func:`open_results`
    reads, with paths relative to ``path`` as the notebooks give it).  ``loaded``: ``(corpus, source)``, that corpus
    loaded already from the path ``source``: its sources renamed (:func:`moved`) when they can be, else loaded again."""
    path = Path(path)
    saved = json.loads((path / SETTINGS_FILE).read_text(encoding="utf-8"))
    corpus_path = Path(saved["corpus"])
    if not corpus_path.is_absolute():
        corpus_path = path / corpus_path
    if loaded is not None and (corpus := moved(*loaded, corpus_path)) is not None:
        return corpus
    saved = _with_aliases(saved, path)
    return load(corpus_path, saved)


def moved(corpus: Corpus, old: str | Path, new: Path) -> Corpus | None:
    """``corpus``, loaded from the path ``old``, with the sources (``source`` of documents and load report) that
    loading it from ``new`` gives: ``old/a.txt`` -> ``new/a.txt``, ``old, line 3`` -> ``new, line 3``; None when a
    source is not under ``old`` (``old`` the current folder: its files are named without it)."""
    names, base = {os.fspath(old), str(Path(old))}, str(Path(old))

    def rename(source: str) -> str | None:
        if source in names:
            return str(new)
        rest = source[len(base):]
        return str(new) + rest if source.startswith(base) and rest[:1] in (os.sep, ",") and base != "." else None

    frames = {}
    for name in ("documents", "report"):
        frame = getattr(corpus, name)
        sources = [rename(s) for s in frame["source"].tolist()]
        if None in sources:
            return None
        frames[name] = frame.assign(source=pd.Series(sources, index=frame.index, dtype=frame["source"].dtype))
    return Corpus(frames["documents"], corpus.removed, frames["report"], corpus.offset_maps)


def cache_corpus(results: str | Path, folder: str | Path, loaded: tuple[Corpus, str | Path] | None = None) -> Path:
    """:func:`report_corpus` of ``results`` (a report folder as the notebooks name it, from the current folder;
    ``loaded``: that function's), pickled with its key into ``folder``; the pickle's path."""
    import pickle

    saved = json.loads((Path(results) / SETTINGS_FILE).read_text(encoding="utf-8"))
    path = Path(folder) / "corpus.pickle"
    corpus = report_corpus(results, loaded)
    with open(path, "wb") as fh:
        pickle.dump((_cache_key(saved, Path(results)), corpus), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _cached_corpus(saved: dict, path: Path) -> Corpus | None:
    """The corpus of :data:`CORPUS_CACHE_ENV` when it was loaded as :func:`report_corpus` of ``path`` would load it
    here (same settings, folder and current folder), else None."""
    import pickle

    cache = os.environ.get(CORPUS_CACHE_ENV)
    if not cache or not saved.get("corpus_sha256") or not Path(cache).is_file():
        return None
    with open(cache, "rb") as fh:
        key, corpus = pickle.load(fh)
    return corpus if key == _cache_key(saved, path) else None


def open_results(source, **settings) -> Results:
    """The report's results: read from a report folder (``OUT`` of ``framing report``), or computed from a corpus.

    ``source``: a folder holding ``settings.json`` and ``tables/`` (written by :func:`write`),
    read back with the dtypes and attrs they had, each when first asked for; anything else is a corpus
    (folder or table file), loaded with ``settings`` (text_column, id_column, encoding, groups) and analysed by
    :func:`compute`.
    """
    path = Path(str(source)) if not isinstance(source, pd.DataFrame) else None
    if path is not None and (path / SETTINGS_FILE).is_file():
        saved = json.loads((path / SETTINGS_FILE).read_text(encoding="utf-8"))
        corpus = _cached_corpus(saved, path)
        if corpus is None:
            corpus = report_corpus(path)
        saved = _with_aliases(saved, path)
        folder = path / "tables"
        dtypes = json.loads((folder / "dtypes.json").read_text(encoding="utf-8"))
        attrs = derived.read_attrs(folder)
        names = [n for n in TABLE_DOCS if n in dtypes] + sorted(set(dtypes) - set(TABLE_DOCS))
        tables = derived.Tables(names, lambda n: derived.with_attrs(_read_table(folder, n, dtypes[n]), attrs.get(n)))
        return Results(corpus, tables, saved, path)
    from framing.report.figures import corpus_label

    corpus = load(source, settings)
    settings.setdefault("corpus", os.fspath(source) if path is not None else "DataFrame")
    settings.setdefault("label", corpus_label(source))
    return compute(corpus, settings)
