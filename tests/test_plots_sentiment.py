"""Sentiment, actor and contrast figures: what each plot function draws, on tiny tables and the seed articles."""

from __future__ import annotations

import importlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import ROOT  # noqa: E402

import framing as fr  # noqa: E402
from framing import contrast, wordshift  # noqa: E402
from framing.actors import actor_summary  # noqa: E402
from framing.report import figures, plots  # noqa: E402
from framing.report import plots_contrast as pc  # noqa: E402
from framing.report import plots_sentiment as ps  # noqa: E402

S = importlib.import_module("framing.sentiment")
FOX_NEWS, UNNAMED_OUTLET = "Fox News", "Unnamed pro-Kremlin outlet"
BLUE, VERMILION = plots.OKABE_ITO[0].lower(), plots.OKABE_ITO[1].lower()
NAMES = ["sentence_sentiment", "actors", "word_shift", "distinctive_words", "keyness"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ctx(corpus):
    return figures.FigureContext(corpus, "corpus")


def _points(ax) -> np.ndarray:
    offsets = [c.get_offsets() for c in ax.collections if len(c.get_offsets())]
    return np.concatenate(offsets) if offsets else np.zeros((0, 2))


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _hex(color) -> str:
    return matplotlib.colors.to_hex(color)


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------


def test_the_five_figures_are_registered_in_order():
    names = list(figures.FIGURES)
    assert [n for n in names if n in NAMES] == NAMES
    assert names.index("sentence_sentiment") < names.index("keyness")


def test_the_figures_build_on_a_corpus_with_four_documents_and_no_actor():
    mini = fr.load_corpus(ROOT / "tests" / "fixtures" / "mini_corpus")
    ctx = figures.FigureContext(mini, "mini")
    with plots.style():
        built = {name: figures.FIGURES[name](ctx) for name in NAMES}
    actors_ax = built["actors"].axes[0]
    assert _texts(actors_ax) == ["No actor of the gazetteer (framing/data/actors.csv) is mentioned in this corpus\n"
                                 "for another story: --actors discover, or --actors FILE"]
    assert built["word_shift"]._suptitle.get_text() == "Word shift (sentiment): Valley Courier vs The Harbour Gazette"
    assert len(built["word_shift"].axes[1].patches) == 17  # every scored word of the two outlets
    assert len(built["word_shift"].axes[0].patches) == 5  # four kinds and their sum
    assert built["word_shift"].axes[0].get_title(loc="left").endswith(
        "all 17 words' contributions; all shown; words of proper names not scored)")
    assert len(_points(built["distinctive_words"].axes[0])) == 93
    assert len(built["keyness"].axes[0].patches) == 12  # 2 units over-represented in the Gazette, 10 in the Courier
    assert len(_points(built["sentence_sentiment"].axes[0])) == 15


# --------------------------------------------------------------------------------------
# 1. sentence sentiment
# --------------------------------------------------------------------------------------


def _tiny_sentiment():
    sent = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "sent_id": [0, 1, 2, 0],
            "outlet": ["X", "X", "X", "Y"],
            "voice": ["author", "author", "quote", "author"],
            "compound": [0.5, -0.5, 0.2, 0.8],
        }
    )
    agg = pd.DataFrame(
        {
            "outlet": ["X", "X", "Y", "Y"],
            "voice": ["author", "quote", "author", "quote"],
            "n_sentences": [2, 1, 1, 0],
            "mean_compound": [0.0, 0.2, 0.8, np.nan],
            "ci_low": [-0.5, 0.2, 0.8, np.nan],
            "ci_high": [0.5, 0.2, 0.8, np.nan],
        }
    )
    return sent, agg


def test_sentence_sentiment_draws_each_sentence_and_each_mean_on_a_tiny_table():
    sent, agg = _tiny_sentiment()
    ax = ps.plot_sentence_sentiment(sent, agg, vader_version="3.3.2")
    points = _points(ax)
    assert sorted(points[:, 0].tolist()) == [-0.5, 0.2, 0.5, 0.8]
    means = [line for line in ax.lines if line.get_marker() == "D"]
    assert [float(m.get_xdata()[0]) for m in means] == [0.0, 0.8, 0.2]  # X author, Y author, X quote
    assert [_hex(m.get_color()) for m in means] == [BLUE, VERMILION, BLUE]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["author", "quote"]
    assert _texts(ax) == ["n=2", "n=1", "n=1", "n=0"]
    assert "vaderSentiment 3.3.2" in ax.get_xlabel() and "VADER compound (\u22121 to 1)" in ax.get_xlabel()
    assert ax.get_xlabel().endswith('words of proper names count as neutral ("Supreme" in "the Supreme Court")')
    named = ps.plot_sentence_sentiment(sent, agg, vader_version="3.3.2", score_names=True)
    assert named.get_xlabel().endswith("words of proper names scored too (--score-names)")
    assert _legend(ax) == ["X", "Y", "mean, 95% bootstrap interval"]
    # the two author sentences of X are spread by the fixed offset: 0 then +d
    author_x = points[np.isin(points[:, 0], [0.5, -0.5])]
    assert author_x[0, 1] != author_x[1, 1]


def test_sentence_sentiment_on_the_two_articles(ctx, corpus):
    sent = ctx.sentiment.merge(corpus.documents[["doc_id", "outlet"]], on="doc_id")
    agg = S.aggregate(ctx.sentiment, corpus, by=("outlet", "voice"), random_state=0)
    ax = ps.plot_sentence_sentiment(sent, agg)
    assert len(_points(ax)) == len(ctx.sentiment) == 39
    means = {(round(float(m.get_xdata()[0]), 6)) for m in ax.lines if m.get_marker() == "D"}
    assert means == {round(v, 6) for v in agg["mean_compound"]}
    fox_reported = agg.loc[(agg.outlet == FOX_NEWS) & (agg.voice == "reported"), "mean_compound"].iloc[0]
    assert fox_reported == pytest.approx(-0.61435)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["author", "quote", "fragment", "reported"]
    assert _texts(ax) == ["n=8", "n=11", "n=8", "n=2", "n=1", "n=1", "n=4", "n=4"]


def test_sentence_sentiment_names_the_missing_column():
    sent, agg = _tiny_sentiment()
    with pytest.raises(ValueError, match="outlet"):
        ps.plot_sentence_sentiment(sent.drop(columns="outlet"), agg)


# --------------------------------------------------------------------------------------
# 2. actors
# --------------------------------------------------------------------------------------

ACTOR_ORDER = ["protesters", "Lukashenko", "NATO", "Poland", "security forces", "United States", "Lithuania",
               "Tsikhanouskaya", "Russia", "EU"]


@pytest.fixture(scope="module")
def summary(ctx, corpus):
    return actor_summary(ctx.mentions, corpus, hits=ctx.hits, sent=ctx.sentiment, random_state=0)


def test_actor_sentiment_one_dot_per_outlet_that_mentions_the_actor(summary):
    ax = ps.plot_actor_sentiment(summary)
    assert [t.get_text() for t in ax.get_yticklabels()] == ACTOR_ORDER
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(dots) == 19  # 10 actors x 2 outlets, Fox never names the EU
    xs = sorted(round(float(d.get_xdata()[0]), 6) for d in dots)
    assert xs == sorted(round(v, 6) for v in summary["mean_compound"].dropna())
    blue = [round(float(d.get_xdata()[0]), 4) for d in dots if _hex(d.get_color()) == BLUE]
    assert blue[:3] == [-0.2617, -0.16, 0.0369]  # Fox: protesters, Lukashenko, NATO ("Assurance Measures" neutral)
    assert _legend(ax) == [FOX_NEWS, UNNAMED_OUTLET]


def test_actor_tone_label_says_what_the_interval_resampled(summary):
    # the seeds: one article per outlet, so each actor's interval resampled its sentences
    assert set(summary["n_documents"]) == {0, 1}
    assert ps.plot_actor_sentiment(summary).get_xlabel() == (
        "mean VADER compound (\u22121 to 1) of sentences\nmentioning the actor, 95% bootstrap\n"
        "interval, sentences resampled")
    cells = pd.DataFrame({"actor": ["P", "P", "Q", "Q"], "outlet": ["X", "Y", "X", "Y"], "n_mentions": [3, 2, 2, 0],
                          "forms": ["P (3)", "P (2)", "Q (2)", ""], "n_labels": 0, "labels": "",
                          "n_sentences": [3, 2, 2, 0], "n_documents": [2, 2, 2, 0],
                          "mean_compound": [0.1, -0.2, 0.3, None], "ci_low": [0.0, -0.3, 0.2, None],
                          "ci_high": [0.2, -0.1, 0.4, None]})
    # Q in Y has no sentence: not drawn, so not "sentences" for want of documents
    assert ps.plot_actor_sentiment(cells).get_xlabel().endswith("95% bootstrap\ninterval, documents resampled")
    mixed = cells.assign(n_documents=[2, 1, 2, 0])
    assert ps._interval_words(mixed) == \
        "95% bootstrap interval, documents resampled (sentences in a one-document group)"
    assert ps._interval_words(cells.drop(columns="n_documents")) == "95% bootstrap interval"
    plt.close("all")


def test_actor_forms_panel_writes_forms_and_labels(summary):
    ax = ps.plot_actor_forms(summary)
    texts = _texts(ax)
    assert texts[:2] == [FOX_NEWS, "Protesters (1); Protests (1);\ndemonstrators (1); opposition (1);\n"
                         "protesters (1); protests (1)"]
    assert "Lukashenko (6); Alexander Lukashenko (1)" in texts
    assert "labels: aggressive (1); crawling (1)" in texts
    assert "labels: foreign-backed (1)" in texts
    assert texts.count("(not mentioned)") == 1  # the EU in Fox News
    red = [t.get_text() for t in ax.texts if _hex(t.get_color()) == "#b2182b"]
    assert len(red) == 3


def test_actor_panels_with_no_mention_say_so():
    empty = pd.DataFrame(columns=["actor", "outlet", "n_mentions", "forms", "n_labels", "labels", "n_sentences",
                                  "n_documents", "mean_compound", "ci_low", "ci_high"])
    ax = ps.plot_actor_sentiment(empty)
    assert _texts(ax) == ["No actor of the gazetteer is mentioned in this corpus"]
    assert list(ps.plot_actor_forms(empty).texts) == []


# --------------------------------------------------------------------------------------
# 3. word shift
# --------------------------------------------------------------------------------------


def test_word_shift_bars_are_the_top_contributions(corpus):
    shift = wordshift.word_shift(corpus, FOX_NEWS, UNNAMED_OUTLET)
    ax = pc.plot_word_shift(shift)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx(shift["contribution"].head(20).tolist())
    # "special", +↑: 2/30 * (1.7 + 14.624/43), names unscored, "poses no threat" as VADER reads it
    assert round(widths[0], 6) == 0.136006
    assert _texts(ax)[:3] == ["special +↑", "terrorist -↑", "integrity +↓"]
    colours = [_hex(bar.get_facecolor()) for bar in ax.patches[:3]]
    assert colours == [pc.KIND_COLORS["+↑"].lower(), pc.KIND_COLORS["-↑"].lower(), pc.KIND_COLORS["+↓"].lower()]
    assert _legend(ax)[0] == f"+↑ positive word, used more by {UNNAMED_OUTLET}"
    assert ax.get_xlabel().endswith(f"raises {UNNAMED_OUTLET}'s average relative to Fox News'")  # not "News's"
    assert round(shift.attrs["difference"], 4) == 0.1368


def test_word_shift_summary_bars_are_the_kind_totals_and_their_sum(corpus):
    shift = wordshift.word_shift(corpus, FOX_NEWS, UNNAMED_OUTLET)
    components = wordshift.shift_components(shift)
    ax = pc.plot_word_shift_summary(components)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths[:4] == pytest.approx(components["contribution"].tolist())
    assert widths[4] == pytest.approx(shift["contribution"].sum())
    assert round(widths[4], 4) == round(shift.attrs["difference"], 4) == 0.1368
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Σ total"
    assert [lab.split(" ")[0] for lab in labels[:4]] == ["+↑", "-↓", "+↓", "-↑"]
    assert sum(int(lab.split("(")[1].split(" ")[0]) for lab in labels[:4]) == len(shift)
    assert _texts(ax)[4] == f"{widths[4]:+.3f}"


def test_word_shift_on_a_hand_built_table_and_its_errors():
    shift = pd.DataFrame({"word": ["good", "bad", "fine"], "contribution": [0.3, -0.2, 0.1],
                          "kind": ["+↑", "-↑", "+↓"]})
    shift.attrs.update(group_a="A", group_b="B")
    ax = pc.plot_word_shift(shift, n=2)
    assert [bar.get_width() for bar in ax.patches] == [0.3, -0.2]
    assert _texts(ax) == ["good +↑", "bad -↑"]
    with pytest.raises(ValueError, match="n must be a positive int"):
        pc.plot_word_shift(shift, n=0)
    empty = pc.plot_word_shift(shift.iloc[0:0])
    assert _texts(empty) == ["No word of the sentiment dictionary in one of the outlets: no word shift"]


# --------------------------------------------------------------------------------------
# 4. distinctive words
# --------------------------------------------------------------------------------------


def test_distinctive_words_plots_every_unit_and_labels_eight_per_side(corpus):
    fw = contrast.fightin_words(corpus, min_count=1)
    ax = pc.plot_distinctive_words(fw)
    points = _points(ax)
    assert len(points) == len(fw) == 370
    assert sorted(points[:, 1].round(9)) == sorted(fw["z"].round(9))
    labels = [a.get_text() for a in ax.texts if isinstance(a, matplotlib.text.Annotation)]
    assert sorted(labels) == sorted(
        ["nato", "election", "measures", "border", "claims", "aug", "poland", "military",
         "protests", "belarusian", "services", "elections", "enforcement", "centers", "foreign-backed", "group"]
    )
    colours = {a.get_text(): _hex(a.get_color()) for a in ax.texts if isinstance(a, matplotlib.text.Annotation)}
    assert colours["nato"] == BLUE and colours["protests"] == VERMILION
    assert [line.get_ydata()[0] for line in ax.lines[:2]] == [1.96, -1.96]
    assert _legend(ax) == [f"leans to {FOX_NEWS}", f"leans to {UNNAMED_OUTLET}", "faded: |z| < 1.96"]
    assert ax.get_xscale() == "log"


def test_distinctive_word_labels_never_share_a_place(corpus):
    fw = contrast.fightin_words(corpus, min_count=1)
    ax = pc.plot_distinctive_words(fw, n_labels=5)
    spots = [tuple(np.round(a.xyann, 6)) for a in ax.texts if isinstance(a, matplotlib.text.Annotation)]
    assert len(spots) == 10 and len(set(spots)) == 10
    frequent = fw[(fw["count_a"] + fw["count_b"]) >= 3]  # a filtered table keeps its old index
    ax = pc.plot_distinctive_words(frequent, n_labels=2)
    assert len(_points(ax)) == len(frequent) == 29
    labelled = sorted(a.get_text() for a in ax.texts if isinstance(a, matplotlib.text.Annotation))
    assert labelled == ["belarusian", "election", "nato", "protests"]
    with pytest.raises(ValueError, match="n_labels must be a non-negative int"):
        pc.plot_distinctive_words(fw, n_labels=-1)


# --------------------------------------------------------------------------------------
# 5. keyness
# --------------------------------------------------------------------------------------


def test_keyness_two_sided_bars_with_counts(corpus):
    key = contrast.keyness(corpus, target=FOX_NEWS, reference=UNNAMED_OUTLET)
    ax = pc.plot_keyness(key)
    widths = [bar.get_width() for bar in ax.patches]
    assert len(widths) == 20
    assert widths[:2] == pytest.approx([1.6015958763814178, 1.4595347464529222])
    assert widths[10] == pytest.approx(key["stat"].min())  # protests, the most negative
    texts = _texts(ax)
    assert texts[:4] == ["election", "4 : 0", "nato", "8 : 2"]
    assert texts[20:22] == ["protests", "2 : 6"]
    colours = [_hex(bar.get_facecolor()) for bar in ax.patches]
    assert colours == [BLUE] * 10 + [VERMILION] * 10
    assert _legend(ax) == [f"key in {FOX_NEWS}", f"key in {UNNAMED_OUTLET}"]


def test_keyness_on_a_hand_built_table():
    key = pd.DataFrame({"unit": ["a", "b", "c"], "n_target": [5, 1, 0], "n_reference": [0, 1, 4],
                        "stat": [3.0, 0.0, -2.0]})
    key.attrs.update(target="T", reference="(rest)", measure="lr")
    ax = pc.plot_keyness(key, n=5)
    assert [bar.get_width() for bar in ax.patches] == [3.0, -2.0]  # stat 0 is on neither side
    assert _hex(ax.patches[1].get_facecolor()) == pc.OTHER_COLOR.lower()
    assert "signed G\u00b2" in ax.get_xlabel()
    with pytest.raises(ValueError, match="n must be a positive int"):
        pc.plot_keyness(key, n=0)


def test_actor_summary_with_sentiment_on_a_corpus_without_mentions():
    # regression: actor_summary(sent=...) used to fail merging an empty float "actor" column
    mini = fr.load_corpus(ROOT / "tests" / "fixtures" / "mini_corpus")
    ctx = figures.FigureContext(mini, "mini")
    out = actor_summary(ctx.mentions, mini, hits=ctx.hits, sent=ctx.sentiment, random_state=0)
    assert len(ctx.mentions) == 0 and len(out) == 0
    assert list(out.columns)[-5:] == ["n_sentences", "n_documents", "mean_compound", "ci_low", "ci_high"]


def test_actors_figure_of_one_actor_and_three_outlets_keeps_the_counts_apart():
    """One actor named by three outlets: the figure grows with the legend's three rows, so the band is tall
    enough that the three "n=" labels do not overlap (they did at 1.9 + 0.17 * 2.25 in)."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "outlet": ["A", "A", "B", "B", "C", "C"],
                         "text": ["Lukashenko spoke in Minsk on Monday."] * 6})
    ctx = figures.FigureContext(fr.load_corpus(docs), "tiny")
    with plots.style():
        fig = figures.FIGURES["actors"](ctx)
    # one band of 1.2 + 0.35 * 3 = 2.25 units; 1.5 + 0.2 * 3 in for titles, axis label and legend, and 11 pt for the
    # label's third line ("... 95% bootstrap / interval, documents resampled": two documents an outlet)
    assert fig.axes[0].get_xlabel().count("\n") == 2
    assert fig.get_size_inches()[1] == pytest.approx(1.5 + 0.2 * 3 + 0.17 * 2.25 + 11 / 72)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text().startswith("n=")),
                   key=lambda b: b.y0)
    assert len(boxes) == 3
    assert all(low.y1 <= high.y0 for low, high in zip(boxes[:-1], boxes[1:], strict=True))


def test_actors_figure_of_one_outlet_wraps_the_names_title_to_its_narrow_panel():
    # PTC's articles, one outlet: the names panel's title ran past the figure's right edge
    docs = pd.DataFrame({"doc_id": ["d0", "d1"], "outlet": ["A", "A"], "text": ["Lukashenko spoke in Minsk."] * 2})
    ctx = figures.FigureContext(fr.load_corpus(docs), "tiny")
    with plots.style():
        fig = figures.FIGURES["actors"](ctx)
    title = fig.axes[1].get_title(loc="left")
    assert title == "B · Names used (count); in red,\nloaded terms labelling the actor"
    fig.canvas.draw()
    assert fig.axes[1]._left_title.get_window_extent().x1 <= fig.bbox.x1  # inside the figure (it was not)
    plt.close(fig)


def test_actors_figure_of_an_empty_discovered_gazetteer_says_so():
    """--actors discover on a corpus without recurring names: an empty gazetteer, not a "given" one."""
    mini = fr.load_corpus(ROOT / "tests" / "fixtures" / "mini_corpus")
    empty = pd.DataFrame(columns=["actor", "alias", "kind", "note"])
    with plots.style():
        fig = figures.FIGURES["actors"](figures.FigureContext(mini, "mini", actors=empty))
    assert _texts(fig.axes[0]) == ["The actor gazetteer is empty (--actors discover found no recurring name)\n"
                                   "pass --actors FILE to name the actors"]


def test_actor_grid_colours_a_tone_only_over_enough_sentences():
    # AllSides by outlet: one sentence naming NATO coloured a cell as strongly as thousands naming the US
    rows = [("A", "X", 40, 30, 0.3), ("A", "Y", 2, 2, -0.9), ("B", "X", 6, 5, -0.2), ("B", "Y", 0, 0, np.nan)]
    summary = pd.DataFrame(rows, columns=["outlet", "actor", "n_mentions", "n_sentences", "mean_compound"])
    ax = ps.plot_actor_grid(summary)
    tone = ax.images[0].get_array()
    assert tone.mask.tolist() == [[False, True], [False, True]]  # A.Y: 2 sentences; B.Y: not mentioned
    assert tone.data[0, 0] == 0.3 and tone.data[1, 0] == -0.2
    assert [(t.get_text(), t.get_color()) for t in ax.texts] == [("40", "black"), ("2", "#777777"), ("6", "black")]
    (grey,) = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0.933, 0.933, 0.933), abs=1e-3)]
    assert grey.get_xy() == (0.5, -0.5)  # column Y, row A
    with pytest.raises(ValueError, match="n_sentences"):
        ps.plot_actor_grid(summary.drop(columns="n_sentences"))
    plt.close("all")
