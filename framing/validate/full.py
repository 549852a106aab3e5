"""One validation run: lexicon, baselines and learned weighting, per entry, per article.

:func:`full_validation` computes, on one annotated corpus and in one call, every table
``benchmarks/validation.md`` shows, so that nothing is chosen after seeing a number:

* ``results`` — span-level precision / recall / F1 with bootstrap intervals
  (:func:`framing.validate.evaluate`) of the curated lexicon's loaded categories, the
  baselines (VADER's strongly negative words; the Recasens et al. 2013 bias lexicon when its
  file is given; a random lexicon) and the learned weighting's **cross-validated** hits
  (:func:`framing.learned.cross_validate`: each article scored by weights trained without it);
* ``entries`` — per curated entry: hits, correct hits, precision with a Wilson interval
  (:func:`entry_precision`);
* ``articles`` / ``correlations`` — per article the gold density and every measure, and
  Spearman's rho of each measure with the density, bootstrap interval over articles
  (:mod:`framing.validate.article`).

Per-article measures (rates per 1,000 words; ``_author``: hits in the outlet's own voice,
:func:`framing.voice.label_spans` voice ``author``, per 1,000 words in that voice):
``<lexicon>_all``, ``<lexicon>_author`` for the lexicon and each baseline, and
``learned_cv_weighted_*`` (sum of the hit weights) and ``learned_cv_expected_*`` (sum of
every word's probability) for the learned weighting.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing import stats
from framing.lexicon import Lexicon, load_lexicon
from framing.score import hits as lexicon_hits
from framing.validate.article import article_correlations, gold_density
from framing.validate.readers import DEFAULT_LABELS, AnnotationError
from framing.validate.scoring import (
    _PLAIN_WORD,
    _dedupe,
    _flags,
    evaluate,
    random_baseline,
    vader_baseline,
    vocabulary,
)

#: Columns of :func:`entry_precision`.
ENTRIES = ("term", "category", "hits", "correct", "precision", "precision_lo", "precision_hi", "articles")


def bias_lexicon_baseline(path: str | Path) -> Lexicon:
    """A word list, one word a line (e.g. the Recasens et al. 2013 bias lexicon), as a Lexicon (category bias_lexicon).

    Recasens, Danescu-Niculescu-Mizil & Jurafsky (2013), *Linguistic models for analyzing
    and detecting biased language*, ACL: 654 bias-inducing lemmas, matched as written (no
    inflections).  Lines that are empty or start with ``#`` are skipped; entries that are not
    plain words (letters, inner hyphens or apostrophes) are left out.
    """
    p = Path(path)
    if not p.is_file():
        raise AnnotationError(f"bias lexicon {p} does not exist; give a word list, one word a line")
    words = [w.strip().lower() for w in p.read_text(encoding="utf-8").splitlines()]
    words = sorted({w for w in words if w and not w.startswith("#") and _PLAIN_WORD.match(w)})
    if not words:
        raise AnnotationError(f"{p}: no plain words (one a line); is this a word list?")
    table = pd.DataFrame({"term": _dedupe(words), "category": "bias_lexicon"})
    return Lexicon.from_table(table, name=str(p))


def entry_precision(annotated, lexicon: Lexicon | None = None, *, labels: Sequence[str] | None = DEFAULT_LABELS,
                    hits: pd.DataFrame | None = None, ci: float = stats.CI) -> pd.DataFrame:
    """Per lexicon entry (term, category) that fires on ``annotated``: columns :data:`ENTRIES`.

    ``correct``: hits overlapping a gold span of ``labels``; ``precision`` = correct / hits
    with a Wilson interval at ``ci``; ``articles``: documents with a hit.  ``hits``: the
    lexicon's hits on ``annotated.documents`` when already found.  Sorted by hits
    (descending), then term.
    """
    if hits is None:
        if lexicon is None:
            lexicon = load_lexicon().loaded()
        hits = lexicon_hits(annotated.documents[["doc_id", "text"]], lexicon, sentences=False)
    gold = annotated.spans
    if labels is not None:
        gold = gold[gold["label"].isin(list(labels))]
    gold = gold.drop_duplicates(["doc_id", "start", "end"])
    pred = hits.reset_index(drop=True)
    ok, _ = _flags(pred, gold, "overlap")
    g = pred.assign(_ok=ok).groupby(["term", "category"], sort=True)
    out = g.agg(hits=("_ok", "size"), correct=("_ok", "sum"), articles=("doc_id", "nunique")).reset_index()
    out["correct"] = out["correct"].astype("int64")
    out["precision"] = stats.rate(out["correct"], out["hits"], per=1)
    lo, hi = stats.wilson_interval(out["correct"].to_numpy(), out["hits"].to_numpy(), ci)
    out["precision_lo"], out["precision_hi"] = lo, hi
    out = out.sort_values(["hits", "term"], ascending=[False, True], kind="stable")
    return out[list(ENTRIES)].reset_index(drop=True)


def _rates(found: pd.DataFrame, toks: pd.DataFrame, ids: pd.Series, voice: str | None) -> pd.Series:
    words = toks if voice is None else toks[toks["voice"] == voice]
    n = words.groupby("doc_id").size().reindex(ids, fill_value=0)
    h = found if voice is None else found[found["voice"] == voice]
    count = h.groupby("doc_id").size().reindex(ids, fill_value=0)
    return stats.rate(count, n)


def full_validation(
    annotated,
    lexicon: Lexicon | None = None,
    *,
    bias_lexicon: str | Path | None = None,
    learned: bool = True,
    labels: Sequence[str] | None = DEFAULT_LABELS,
    n_boot: int = stats.N_BOOT,
    n_folds: int | None = None,
    random_state: int = 0,
) -> dict[str, pd.DataFrame]:
    """Every validation table in one run: ``results``, ``entries``, ``articles``, ``correlations`` (module docstring).

    ``lexicon``: default the built-in loaded categories.  ``bias_lexicon``: a word-list file
    for the second baseline (None: left out).  ``learned``: add the cross-validated learned
    weighting (``n_folds``, default :data:`framing.learned.N_FOLDS`; training and folds seeded
    with ``random_state``).  One bootstrap seed (``random_state``) for every interval.
    """
    from framing.learned import N_FOLDS, cross_validate, tokens
    from framing.voice import label_spans, quotes, sentence_voice

    n_boot = stats.check_int(n_boot, "n_boot", minimum=0)
    if lexicon is None:
        lexicon = load_lexicon().loaded()
    docs = annotated.documents[["doc_id", "text"]]
    lexicons = {"lexicon": lexicon, "vader": vader_baseline()}
    if bias_lexicon is not None:
        lexicons["bias_lexicon"] = bias_lexicon_baseline(bias_lexicon)
    size = min(len(lexicon), len(_dedupe(vocabulary(docs))))
    lexicons["random"] = random_baseline(docs, size, random_state=random_state)
    toks = tokens(docs)
    qt = quotes(docs)
    sv = sentence_voice(docs, quotes=qt)
    ids = docs["doc_id"]
    density = gold_density(annotated, labels, n_tokens=toks.groupby("doc_id").size())
    articles = density.copy()
    frames, measures, lex_hits = [], {}, {}
    kw = {"labels": labels, "n_boot": n_boot, "random_state": random_state}
    for name, lex in lexicons.items():
        found = lexicon_hits(docs, lex, sentences=False)
        lex_hits[name] = found
        frames.append(evaluate(found, annotated, name=name, **kw))
        if name == "random":
            continue
        found = label_spans(found, docs, quotes=qt, sentences=sv)
        for voice in ("all", "author"):
            measures[f"{name}_{voice}"] = _rates(found, toks, ids, None if voice == "all" else voice)
    if learned:
        cv_hits, cv_scores = cross_validate(annotated, labels=labels or DEFAULT_LABELS,
                                            n_folds=n_folds or N_FOLDS, random_state=random_state, toks=toks)
        frames.append(evaluate(cv_hits.assign(category="learned"), annotated, name="learned_cv", **kw))
        sc = cv_scores.set_index("doc_id")
        for key, col in (("weighted_all", "learned_weighted_per_1k"),
                         ("weighted_author", "learned_weighted_author_per_1k"),
                         ("expected_all", "learned_expected_per_1k"),
                         ("expected_author", "learned_expected_author_per_1k")):
            measures[f"learned_cv_{key}"] = sc[col]
    for name, series in measures.items():
        articles[name] = series.reindex(ids).to_numpy(np.float64)
    return {
        "results": pd.concat(frames, ignore_index=True),
        "entries": entry_precision(annotated, labels=labels, hits=lex_hits["lexicon"]),
        "articles": articles,
        "correlations": article_correlations(measures, density, n_boot=n_boot, random_state=random_state),
    }
