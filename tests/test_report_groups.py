"""The report grouped by another column: titles and captions name the grouping; ``--actors discover``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from conftest import ROOT  # noqa: E402
from generated_groups import documents  # noqa: E402

import framing as fr  # noqa: E402
from framing.report import results as R  # noqa: E402
from framing.report.figure_registry import FigureContext, finish, group_noun  # noqa: E402
from framing.report.figures import FIGURES  # noqa: E402


def test_group_noun_names_outlets_or_the_grouping_column():
    assert [group_noun("outlet"), group_noun("outlet", True), group_noun("lean"), group_noun("lean", True)] == [
        "outlet", "outlets", "lean group", "lean groups"]


@pytest.fixture(scope="module")
def by_lean():
    corpus = fr.load_corpus(documents(60))
    res = R.compute(R.group_by(corpus, "lean"), {"by": "lean"})
    return FigureContext.from_results(res, label="generated")


def test_titles_and_caption_name_the_grouping_column(by_lean):
    assert by_lean.caption() == "Corpus: generated \u00b7 60 documents \u00b7 3 lean groups \u00b7 6 outlets"
    assert repr(by_lean.corpus).startswith("Corpus(60 documents, 3 groups, 6 outlets, ")  # was "3 outlets"
    assert repr(fr.load_corpus(documents(60))).startswith("Corpus(60 documents, 6 outlets, ")
    titles = {}
    for name in ("corpus_overview", "loaded_terms_by_category", "sentence_sentiment", "attribution_stance"):
        fig = FIGURES[name](by_lean)
        titles[name] = fig._suptitle.get_text()
        plt.close(fig)
    assert titles == {
        "corpus_overview": "Corpus overview: size of each lean group's text after cleaning",
        "loaded_terms_by_category": "Loaded terms by category: how much is the lean group's own language",
        "sentence_sentiment": "Sentence sentiment by lean group and voice",
        "attribution_stance": "Attribution stance: endorsing, distancing and neutral verbs per lean group",
    }


def test_a_long_title_is_wrapped_to_the_figure_width():
    fig = plt.figure(figsize=(4, 3))
    finish(fig, "caption", "word " * 30)
    lines = fig._suptitle.get_text().split("\n")
    plt.close(fig)
    assert len(lines) == 4 and all(len(line) <= 42 for line in lines)


def test_actors_discover_uses_the_corpus_names_and_exports_them():
    corpus = fr.load_corpus(ROOT / "corpus")
    gazetteer = R.report_actors(corpus, R.DISCOVER)
    assert gazetteer.drop_duplicates("actor")["actor"].tolist() == ["Belarus", "NATO", "Alexander Lukashenko", "Minsk"]
    res = R.compute(corpus, {"actors": R.DISCOVER})
    assert res.tables["actors"].equals(gazetteer)
    assert set(res.tables["mentions"]["actor"]) == {"Belarus", "Alexander Lukashenko", "NATO", "Minsk"}
    assert R.report_actors(corpus, None) is None


def test_house_style_drops_the_outlets_own_name_not_the_group_label():
    import pandas as pd

    from framing.contrast import keyness

    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["Fox News", "Fox News", "CNN", "CNN"],
                         "lean": ["right", "right", "left", "left"],
                         "text": ["The right answer came from Fox viewers.", "Fox says the right thing.",
                                  "The left lane at CNN.", "CNN on the left."]})
    key = keyness(R.group_by(fr.load_corpus(docs), "lean"), target="right", reference="left", min_count=1)
    counts = {u: (int(a), int(b)) for u, a, b in zip(key["unit"], key["n_target"], key["n_reference"], strict=True)}
    assert counts["right"] == (2, 0) and counts["left"] == (0, 2)  # the lean labels are words of the text
    assert "fox" not in counts and "cnn" not in counts  # each outlet's own name, in its own articles
