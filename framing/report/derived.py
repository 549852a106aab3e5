"""Tables the notebooks and figures read beyond the pass's: computed once by ``framing report``, or on demand.

Each function takes a :class:`~framing.report.results.Results` and returns one table, computed from the
pass's tables and the corpus's unit counts (:meth:`Results.unit_table`, counted once).  :func:`compute` puts the
:data:`EXPORTED` ones among the report's tables (``OUT/tables/<name>.csv``); :meth:`Results.get` reads a table
when the report wrote it and calls the function here otherwise (a notebook opened alone on a corpus), so a
notebook asks for a table and the library decides whether to read or to compute it.

The contrast tables are those of notebook 04: the sides of :func:`~framing.report.plots_contrast.contrast_sides`
(two groups: the pair; more: the largest group against the others pooled), the seed of the settings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path

import pandas as pd

#: What each derived table the report writes holds (part of :data:`framing.report.results.TABLE_DOCS`).
DERIVED_DOCS = {
    # notebook 03's and 04's tables (framing.report.derived): the sides are those of the contrast figures, two
    # groups the pair, more the largest against the others pooled; seed: --seed; attrs in attrs.json
    "word_shift": "word shift of the sentiment of the two sides (framing.wordshift.word_shift; the word_shift figure)",
    "contrast_design": "per group: documents, sentences, tokens, units, resampling (framing.contrast.group_design)",
    "contrast_fightin_words": "Fightin' Words of the two sides (framing.contrast.fightin_words, default min_count)",
    "contrast_keyness": "keyness of the two sides (framing.contrast.keyness, default min_count)",
    "contrast_bootstrap": "bootstrap intervals of the log-odds of the 5 most distinctive units per side "
    "(framing.contrast.bootstrap_log_odds)",
    "contrast_permutation": "permutation test of the same units (framing.contrast.permutation_test)",
    "loaded_rate_interval": "loaded-term rate per group, all and per category, bootstrap interval "
    "(framing.contrast.loaded_rate_interval)",
    "loaded_rate_permutation": "permutation test of the loaded-term rate of the two sides "
    "(framing.contrast.permutation_test, statistic='loaded_rate')",
    "unit_spread": "the units the distinctive-words and keyness figures leave out on a side because their uses "
    "there concentrate in few outlets (Gries's DP over the outlets >= 0.5; framing.contrast.pair_spread)",
}


class Tables(MutableMapping):
    """name -> table, in order; the tables of a report folder are read when first asked for (``load(name)``)."""

    def __init__(self, names: Iterable[str], load: Callable[[str], pd.DataFrame]):
        self._names = list(names)
        self._load = load
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            if name not in self._names:
                raise KeyError(name)
            self._frames[name] = self._load(name)
        return self._frames[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        if name not in self._names:
            self._names.append(name)
        self._frames[name] = frame

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._frames.pop(name, None)

    def __contains__(self, name) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


def json_attrs(frame: pd.DataFrame) -> bool:
    """``frame.attrs`` is not empty and reads back the same from JSON (what ``attrs.json`` keeps)."""
    if not frame.attrs:
        return False
    try:
        text = json.dumps(frame.attrs, sort_keys=True)
    except (TypeError, ValueError):
        return False
    return json.dumps(json.loads(text), sort_keys=True) == text


def with_attrs(frame: pd.DataFrame, attrs: dict | None) -> pd.DataFrame:
    """``frame`` with the attrs it had when computed (``attrs.json``), not what its file format kept."""
    frame.attrs = dict(attrs or {})
    return frame


def read_attrs(folder) -> dict:
    """``folder/attrs.json`` (written by :func:`framing.report.results.write`): table name -> attrs; {} without."""
    path = Path(folder) / "attrs.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def unit_table(res, stop_words):
    """``res.unit_counts``, counted first (:func:`framing.contrast.unit_table` with ``stop_words``) when missing."""
    if res.unit_counts is None:
        from framing.contrast import unit_table as count

        res.unit_counts = count(res.corpus, stop_words=stop_words)
    return res.unit_counts


def _seed(res) -> int:
    return int((res.settings or {}).get("seed") or 0)


def _sides(res) -> tuple[str, str | None]:
    """Notebook 04's and the word_shift figure's (a, b): b None for the other groups pooled."""
    from framing.report.plots_contrast import REST, contrast_sides

    (a, b), *_ = contrast_sides(res.corpus.documents)
    return a, (None if b == REST else b)


def _loaded_hits(res) -> pd.DataFrame:
    """The pass's hits of the loaded-term categories (the settings' lexicon), as the library returns hits."""
    from framing.lexicon import load_lexicon
    from framing.report.figure_registry import EXPORT_ONLY

    lexicon = load_lexicon((res.settings or {}).get("lexicon")).loaded()
    hits = res.hits.drop(columns=list(EXPORT_ONLY["hits"]), errors="ignore")
    return hits[hits["category"].isin(lexicon.categories)].reset_index(drop=True)


def word_shift(res) -> pd.DataFrame:
    """:func:`framing.wordshift.word_shift` of the two sides (attrs as it sets them), with the report's
    score_names."""
    from framing import wordshift

    a, b = _sides(res)
    return wordshift.word_shift(res.corpus, a, b, score_names=bool((res.settings or {}).get("score_names")))


def contrast_design(res) -> pd.DataFrame:
    """:func:`framing.contrast.group_design` of the corpus."""
    from framing.contrast import group_design

    return group_design(res.corpus, units=res.unit_table())


def contrast_fightin_words(res) -> pd.DataFrame:
    """:func:`framing.contrast.fightin_words` of the two sides (default min_count)."""
    from framing.contrast import fightin_words

    a, b = _sides(res)
    return fightin_words(res.corpus, a=a, b=b, units=res.unit_table())


def contrast_keyness(res) -> pd.DataFrame:
    """:func:`framing.contrast.keyness` of the two sides (default min_count)."""
    from framing.contrast import keyness

    a, b = _sides(res)
    return keyness(res.corpus, target=a, reference=b, units=res.unit_table())


def _top_units(res) -> list:
    from framing.contrast import top_distinctive

    return top_distinctive(res.get("contrast_fightin_words"), n=5)["unit"].tolist()


def contrast_bootstrap(res) -> pd.DataFrame:
    """:func:`framing.contrast.bootstrap_log_odds` of the 5 most distinctive units per side."""
    from framing.contrast import bootstrap_log_odds

    a, b = _sides(res)
    return bootstrap_log_odds(res.corpus, _top_units(res), a=a, b=b, random_state=_seed(res),
                              unit_counts=res.unit_table())


def contrast_permutation(res) -> pd.DataFrame:
    """:func:`framing.contrast.permutation_test` of δ for the same units."""
    from framing.contrast import permutation_test

    a, b = _sides(res)
    return permutation_test(res.corpus, units=_top_units(res), a=a, b=b, random_state=_seed(res),
                            unit_counts=res.unit_table())


def loaded_rate_interval(res) -> pd.DataFrame:
    """:func:`framing.contrast.loaded_rate_interval` of the loaded-term hits per group, all and per category."""
    from framing.contrast import loaded_rate_interval as interval

    return interval(_loaded_hits(res), res.corpus, categories=True, random_state=_seed(res), units=res.unit_table())


def loaded_rate_permutation(res) -> pd.DataFrame:
    """:func:`framing.contrast.permutation_test` of the loaded-term rate difference of the two sides."""
    from framing.contrast import permutation_test

    a, b = _sides(res)
    return permutation_test(res.corpus, statistic="loaded_rate", hits=_loaded_hits(res), a=a, b=b,
                            random_state=_seed(res), unit_counts=res.unit_table())


def unit_spread(res) -> pd.DataFrame:
    """The units the distinctive-words and keyness figures leave out because their uses on a side concentrate in
    few outlets (:func:`framing.contrast.concentrated`; the figures' subtitles count them).

    Columns: figure, side, unit, :data:`framing.contrast.SPREAD_COLUMNS` of the unit on that side.  Rows in the
    figures' order: panel, side (the group, then the other group or "all but <group>"), rank on that side."""
    from framing.contrast import MAX_DP, REST, SPREAD_COLUMNS, fightin_words, keyness
    from framing.report.plots_contrast import against_rest, contrast_sides, passed_over, spread_skip

    columns = ["figure", "side", "unit", *SPREAD_COLUMNS]
    sides, units = contrast_sides(res.corpus.documents), res.unit_table()
    if sides[0][1] == REST:
        tables = {m: against_rest(res.corpus, sides, m, units) for m in ("fightin_words", "keyness")}
    else:
        (a, b), = sides
        tables = {"fightin_words": {a: fightin_words(res.corpus, a=a, b=b, min_count=1, units=units)},
                  "keyness": {a: keyness(res.corpus, target=a, reference=b, min_count=1, units=units)}}
    spread = {(a, b): spread_skip(res.corpus, a, b, units) for a, b in sides}
    parts = []
    for figure, measure in (("distinctive_words", "fightin_words"), ("keyness", "keyness")):
        for a, b in sides:
            skip, spreads = spread[a, b]
            left_out = passed_over(tables[measure][a], skip, measure)
            for side, table, names in zip((a, f"all but {a}" if b == REST else b), spreads, left_out, strict=True):
                parts.append(table.loc[names].reset_index().assign(figure=figure, side=side)[columns])
    if not (res.settings or {}).get("stop_words"):  # counted as the figures count: they reuse these (no 2nd pass)
        res.figure_cache.update({("spread", a, b): skip for (a, b), (skip, _) in spread.items()})
        if sides[0][1] == REST:
            res.figure_cache.update({("against_rest", m): t for m, t in tables.items()})
    frame = pd.concat(parts, ignore_index=True)
    frame.attrs = {"max_dp": MAX_DP}
    return frame


def loaded_kwic(res) -> pd.DataFrame:
    """The exported ``kwic`` of the loaded-term hits, as :func:`framing.score.kwic` returns it (no outlet, voice)."""
    from framing.lexicon import load_lexicon
    from framing.score import KWIC

    lexicon = load_lexicon((res.settings or {}).get("lexicon")).loaded()
    kwic = res.kwic
    return kwic.loc[kwic["category"].isin(lexicon.categories), list(KWIC)].reset_index(drop=True)


#: name -> function computing it from a Results.
DERIVED: dict[str, Callable] = {
    "word_shift": word_shift,
    "contrast_design": contrast_design,
    "contrast_fightin_words": contrast_fightin_words,
    "contrast_keyness": contrast_keyness,
    "contrast_bootstrap": contrast_bootstrap,
    "contrast_permutation": contrast_permutation,
    "loaded_rate_interval": loaded_rate_interval,
    "loaded_rate_permutation": loaded_rate_permutation,
    "loaded_kwic": loaded_kwic,
    "unit_spread": unit_spread,
}

#: The derived tables a report writes (the others are cheap views of exported tables).
EXPORTED = ("word_shift", "contrast_design", "contrast_fightin_words", "contrast_keyness", "contrast_bootstrap",
            "contrast_permutation", "loaded_rate_interval", "loaded_rate_permutation", "unit_spread")


def get(res, name: str) -> pd.DataFrame:
    """Table ``name`` of ``res``: the report's when it wrote it, else computed by :data:`DERIVED` (once)."""
    if name in res.tables:
        return res.tables[name]
    if name not in DERIVED:
        raise KeyError(f"Results has no table {name!r}; it has {', '.join(res.tables)} and computes "
                       f"{', '.join(DERIVED)}")
    if name not in res.computed:
        res.computed[name] = DERIVED[name](res)
    return res.computed[name]


def computable(res, names) -> dict[str, pd.DataFrame]:
    """The tables ``names`` of ``res`` (:func:`get`, in order) but those that cannot be computed (a ``ValueError``,
    e.g. a contrast of fewer than two groups with text: a notebook asking for one computes it and says why)."""
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        try:
            out[name] = get(res, name)
        except ValueError:
            continue
    return out


def exported(res) -> dict[str, pd.DataFrame]:
    """The :data:`EXPORTED` tables of ``res`` (:func:`computable`): computed here, or found computed by
    :func:`framing.report.results.compute` beside the group tables."""
    return computable(res, EXPORTED)
