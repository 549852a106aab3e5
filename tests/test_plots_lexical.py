"""Loaded-term and voice figures: what each plot function draws, on hand-built tables and the seed corpus."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import FOX, UNNAMED  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import framing as fr  # noqa: E402
from framing import voice  # noqa: E402
from framing.report import figures, plots, plots_lexical  # noqa: E402
from framing.report.plots_lexical import (  # noqa: E402
    loaded_hits,
    plot_loaded_terms,
    plot_speakers,
    plot_stance_shares,
    plot_stance_verbs,
    plot_term_positions,
    plot_voice_composition,
    voice_words,
)
from framing.score import scores  # noqa: E402

BLUE, ORANGE = plots.OKABE_ITO[0].lower(), plots.OKABE_ITO[1].lower()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ctx(corpus):
    return figures.FigureContext(corpus, "corpus")


def _widths(ax):
    return [round(p.get_width(), 6) for p in ax.patches]


def _ticks(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def _legend_texts(legend):
    return [t.get_text() for t in legend.get_texts()]


# --------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------


def test_the_four_figures_are_registered_in_order():
    names = list(figures.FIGURES)
    mine = ["loaded_terms_by_category", "where_terms_fall", "voice_composition", "attribution_stance"]
    assert [n for n in names if n in mine] == mine
    assert names.index("loaded_terms_by_category") == names.index("corpus_overview") + 1


# --------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------


def test_loaded_hits_drops_stance_categories_and_keeps_order():
    hits = pd.DataFrame({"category": ["b", "stance_neutral", "a", "stance_mine", "b"]}, index=[5, 4, 3, 2, 1])
    out = loaded_hits(hits)
    assert list(out.index) == [5, 3, 1] and list(out["category"]) == ["b", "a", "b"]
    assert len(hits) == 5  # input untouched
    with pytest.raises(ValueError, match="category"):
        loaded_hits(pd.DataFrame({"term": ["x"]}))


def test_voice_words_on_a_tiny_text():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["O"], "text": ['He said "go home now" today.']})
    out = voice_words(docs)
    assert list(out["voice"]) == list(voice.VOICES)
    # "He said" is the author's frame, the quoted words a fragment, "today" the rest of the reported clause
    assert dict(zip(out["voice"], out["words"], strict=True)) == {"author": 2, "quote": 0, "fragment": 3,
                                                                   "reported": 1}
    assert out["share"].tolist() == [2 / 6, 0.0, 3 / 6, 1 / 6]


def test_voice_words_sum_to_the_denominators_of_voice_rates(corpus, ctx):
    words = voice_words(corpus, quotes=ctx.quotes, sentences=ctx.sentences)
    assert list(words["doc_id"].unique()) == [FOX, UNNAMED]
    got = words.groupby(["outlet", "voice"])["words"].sum().to_dict()
    assert got == {
        ("Fox News", "author"): 265, ("Fox News", "quote"): 134, ("Fox News", "fragment"): 10,
        ("Fox News", "reported"): 103, ("Unnamed pro-Kremlin outlet", "author"): 275,
        ("Unnamed pro-Kremlin outlet", "quote"): 19, ("Unnamed pro-Kremlin outlet", "fragment"): 9,
        ("Unnamed pro-Kremlin outlet", "reported"): 91,
    }
    rates = voice.voice_rates(ctx.hits, corpus, quotes=ctx.quotes, sentences=ctx.sentences)
    rates = rates[rates["voice"] != "all"].set_index(["outlet", "voice"])["tokens"].to_dict()
    assert rates == got


# --------------------------------------------------------------------------------------
# 1. loaded terms by category
# --------------------------------------------------------------------------------------


def _tiny_scores():
    rows = [("A", "x", "author", 2.0), ("A", "x", "quote", 1.0), ("A", "y", "author", 0.0),
            ("B", "x", "author", 0.5), ("B", "y", "author", 4.0), ("B", "y", "quote", 0.0)]
    return pd.DataFrame(rows, columns=["outlet", "category", "voice", "per_1k"])


def test_plot_loaded_terms_stacks_voices_per_outlet_and_sorts_categories():
    ax = plot_loaded_terms(_tiny_scores())
    # rows: y (total 4.0) before x (3.5); per row outlet A then B; per bar author, quote, fragment, reported
    assert _ticks(ax) == ["y", "x"]
    assert _widths(ax) == [0, 0, 0, 0, 4, 0, 0, 0, 2, 1, 0, 0, 0.5, 0, 0, 0]
    assert [round(p.get_x(), 6) for p in ax.patches[8:12]] == [0, 2, 3, 3]
    faces = [to_hex(p.get_facecolor()) for p in ax.patches[8:10]]
    assert faces[0] == BLUE and faces[1] != BLUE  # the author's words solid, quoted lighter
    assert [str(p.get_hatch() or "") for p in ax.patches[8:12]] == ["", "////", "....", "\\\\\\\\"]
    assert [t.get_text() for t in ax.texts] == ["0", "4.0", "3.0", "0.5"]
    outlet_legend, voice_legend = ax.artists[0], ax.get_legend()
    assert _legend_texts(outlet_legend) == ["A", "B"]
    assert _legend_texts(voice_legend) == ["author's own words", "in a quotation", "in a quoted fragment (1-4 words)",
                                           "reported speech"]
    assert "per 1,000 word tokens" in ax.get_xlabel()


def test_plot_loaded_terms_on_the_seed_corpus(corpus, ctx):
    table = scores(loaded_hits(ctx.hits), corpus, by="outlet", by_voice=True)
    ax = plot_loaded_terms(table)
    # attack reporting and evaluative (issue 26) have no hit on the seed articles: empty rows
    assert _ticks(ax) == ["delegitimizing attribution", "threat aggression", "exaggeration", "dismissal",
                          "illegitimacy fraud", "extremist label", "attack reporting", "evaluative", "pejorative",
                          "victimhood heroism"]
    assert len(ax.patches) == 10 * 2 * 4
    assert [t.get_text() for t in ax.texts] == ["0", "15.2", "2.0", "12.7", "5.9", "5.1", "7.8", "0", "7.8", "0",
                                                "0", "5.1"] + ["0"] * 8
    # Unnamed outlet, delegitimizing attribution: 4 authorial + 2 reported hits per 394 tokens
    assert _widths(ax)[4:8] == [round(4000 / 394, 6), 0, 0, round(2000 / 394, 6)]


def _whiskers(ax):
    """(low, high, y) of each whisker's line (every third line: the line, then its two caps)."""
    return [(round(float(min(ln.get_xdata())), 6), round(float(max(ln.get_xdata())), 6),
             round(float(ln.get_ydata()[0]), 6)) for ln in ax.lines[::3]]


def test_plot_loaded_terms_draws_the_intervals_given_and_says_what_was_resampled():
    intervals = pd.DataFrame({"group": ["A", "A", "B", "B"], "category": ["x", "y", "x", "y"],
                              "ci_low": [2.5, 0.0, 0.1, float("nan")], "ci_high": [4.5, 0.0, 0.9, float("nan")],
                              "resampling": ["document", "document", "document", "sentence"]})
    ax = plot_loaded_terms(_tiny_scores(), intervals=intervals)
    # rows y, x; bars A then B: A.y is 0 to 0 (no hit: nothing drawn), B.y has no interval (NaN)
    assert len(ax.lines) == 2 * 3
    assert _whiskers(ax) == [(2.5, 4.5, 1.0 - 0.4 + 0.2), (0.1, 0.9, 1.0 - 0.4 + 0.6)]
    # the labels start past the whisker when it reaches beyond the bar: A.x's 3.0 right of 4.5
    assert [round(t.get_position()[0], 6) for t in ax.texts] == [0.045, 4.045, 4.545, 0.945]
    assert ax.get_xlim() == (0.0, pytest.approx(4.5 * 1.12))
    assert _legend_texts(ax.get_legend())[-1] == (
        "95% bootstrap interval, documents resampled (sentences in a one-document group)")


def test_bootstrap_words_name_the_level_resampled():
    from framing.report.plots import bootstrap_words as words

    assert words(["document", "document"]) == "95% bootstrap interval, documents resampled"
    assert words(["sentence"]) == "95% bootstrap interval, sentences resampled"
    assert words([]) == "95% bootstrap interval"


def test_loaded_terms_by_category_whiskers_are_the_reports_interval_table(corpus, ctx):
    from framing.contrast import loaded_rate_interval

    table = loaded_rate_interval(loaded_hits(ctx.hits), corpus, categories=True, random_state=0)
    fig = figures.FIGURES["loaded_terms_by_category"](ctx)
    ax = fig.axes[0]
    drawn = sorted(_whiskers(ax)[i][:2] for i in range(len(ax.lines) // 3))
    shown = table[(table["category"] != "all") & (table["ci_high"] > table["ci_low"])]
    assert drawn == sorted(zip(shown["ci_low"].round(6), shown["ci_high"].round(6), strict=True))
    assert len(drawn) == 8  # the seed articles: eight (outlet, category) rates above zero
    assert _legend_texts(ax.get_legend())[-1] == "95% bootstrap interval, sentences resampled"  # one article each


def test_plot_loaded_terms_refuses_a_table_without_voice():
    with pytest.raises(ValueError, match="voice"):
        plot_loaded_terms(_tiny_scores().drop(columns="voice"))


# --------------------------------------------------------------------------------------
# 2. where the terms fall
# --------------------------------------------------------------------------------------


def test_plot_term_positions_places_ticks_and_shades_quotes():
    docs = pd.DataFrame({"doc_id": ["b1", "a1"], "outlet": ["B", "A"], "text": ["x" * 200, "y" * 100]})
    hits = pd.DataFrame({"doc_id": ["a1", "b1", "a1"], "start": [50, 20, 10], "category": ["k", "j", "k"]})
    quotes = pd.DataFrame({"doc_id": ["a1", "a1"], "start": [30, 32], "end": [40, 35], "depth": [0, 1]})
    ax = plot_term_positions(docs, hits, quotes, categories=["j", "k", "z"])
    assert _ticks(ax) == ["a1 (A)", "b1 (B)"]
    assert [to_hex(t.get_color()) for t in ax.get_yticklabels()] == [BLUE, ORANGE]
    ticks = [line for line in ax.lines if line.get_linewidth() == 1.6]
    assert [(float(line.get_xdata()[0]), float(line.get_ydata()[0]) + 0.25) for line in ticks] == [
        (10.0, 0.0), (50.0, 0.0), (10.0, 1.0)]
    colours = plots.category_colors(["j", "k", "z"])
    assert [to_hex(line.get_color()) for line in ticks] == [colours["k"], colours["k"], colours["j"]]
    assert len(ax.collections) == 1  # only the outermost quotation is shaded
    assert _legend_texts(ax.get_legend()) == ["j (1)", "k (2)", "inside quotation marks"]


def test_where_terms_fall_on_the_seed_corpus(ctx):
    fig = figures.FIGURES["where_terms_fall"](ctx)
    ax = fig.axes[0]
    assert _ticks(ax) == [f"{FOX} (Fox News)", f"{UNNAMED} (Unnamed pro-Kremlin outlet)"]
    assert _legend_texts(ax.get_legend()) == ["delegitimizing attribution (6)", "dismissal (4)", "exaggeration (5)",
                                              "extremist label (2)", "illegitimacy fraud (4)",
                                              "threat aggression (6)", "inside quotation marks"]
    assert len(ax.collections) == 13 + 4  # outermost quotations: 13 in Fox, 4 in the unnamed outlet
    assert fig.texts[-1].get_text() == "Corpus: corpus \u00b7 2 documents \u00b7 2 outlets"


# --------------------------------------------------------------------------------------
# 3. voice composition
# --------------------------------------------------------------------------------------


def test_plot_voice_composition_on_the_seed_corpus(corpus, ctx):
    words = voice_words(corpus, quotes=ctx.quotes, sentences=ctx.sentences)
    ax = plot_voice_composition(words)
    assert _ticks(ax) == [f"{FOX}\n(Fox News)", f"{UNNAMED}\n(Unnamed pro-Kremlin outlet)"]
    expected = [100 * n / 512 for n in (265, 134, 10, 103)] + [100 * n / 394 for n in (275, 19, 9, 91)]
    assert _widths(ax) == [round(w, 6) for w in expected]
    assert [t.get_text() for t in ax.texts] == ["52%", "26%", "20%", "70%", "23%"]  # segments of 8 % or more


def test_plot_speakers_keeps_the_top_speakers_and_sums_the_rest():
    spk = pd.DataFrame({"outlet": ["A", "A", "A", "B"], "speaker": pd.array(["X", "Y", pd.NA, "Z"], dtype="string"),
                        "quotations": [2, 1, 0, 1], "fragments": [0, 1, 1, 0], "words": [30, 10, 3, 8]})
    ax = plot_speakers(spk, top=1)
    assert _ticks(ax) == ["X", "other speakers (2)", "Z"]
    assert _widths(ax) == [30, 13, 8]
    assert [t.get_text() for t in ax.texts] == ["30 (2 q, 0 fr)", "13 (1 q, 2 fr)", "8 (1 q, 0 fr)"]
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [BLUE, BLUE, ORANGE]
    assert _legend_texts(ax.get_legend()) == ["A", "B"]
    with pytest.raises(ValueError, match="top must be a positive number"):
        plot_speakers(spk, top=0)


def test_plot_speakers_on_the_seed_corpus(corpus, ctx):
    ax = plot_speakers(voice.speakers(corpus, quotes=ctx.quotes), legend=False)
    assert _ticks(ax) == ["Lukashenko", "(speaker unknown)", "NATO", "Gitanas Nauseda", "Krzysztof Szczerski",
                          "Lukashenko", "Stephen Biegun", "(speaker unknown)"]
    assert _widths(ax) == [49, 45, 23, 22, 5, 23, 3, 2]
    assert ax.get_legend() is None


def test_voice_composition_figure_has_two_panels_and_one_legend(ctx):
    fig = figures.FIGURES["voice_composition"](ctx)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Whose words: voice of each word",
                                                            "Who is quoted, by words"]
    assert _legend_texts(fig.axes[0].get_legend()) == ["Fox News", "Unnamed pro-Kremlin outlet",
                                                      "author's own words", "in a quotation",
                                                      "in a quoted fragment (1-4 words)", "reported speech"]


# --------------------------------------------------------------------------------------
# 4. attribution stance
# --------------------------------------------------------------------------------------


def test_plot_stance_shares_on_the_seed_corpus(corpus, ctx):
    table = voice.stance_table(voice.attribution_stance(corpus, quotes=ctx.quotes))
    ax = plot_stance_shares(table)
    assert _ticks(ax) == ["endorsing", "distancing", "neutral"]
    assert _widths(ax) == [0, 25, round(200 / 15, 6), round(100 / 12, 6), round(1300 / 15, 6), round(800 / 12, 6)]
    assert [t.get_text() for t in ax.texts] == ["0 (0%)", "3 (25%)", "2 (13%)", "1 (8%)", "13 (87%)", "8 (67%)"]
    assert [to_hex(p.get_facecolor()) for p in ax.patches[:2]] == [BLUE, ORANGE]


def test_plot_stance_verbs_groups_lemmas_by_stance():
    stance = pd.DataFrame({"outlet": ["A", "A", "B", "B", "A"], "lemma": ["say", "claim", "say", "add", "tell"],
                           "stance": ["neutral", "distancing", "neutral", "neutral", "neutral"]})
    ax = plot_stance_verbs(stance, top=2)
    assert _ticks(ax) == ["DISTANCING", "claim", "NEUTRAL", "say", "add", "other verbs (1)"]
    # one bar per outlet (A, B) per verb row
    assert _widths(ax) == [1, 0, 1, 1, 0, 1, 1, 0]
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1", "1", "1"]
    with pytest.raises(ValueError, match="lemma"):
        plot_stance_verbs(stance.drop(columns="lemma"))


def test_attribution_stance_figure_on_the_seed_corpus(ctx):
    fig = figures.FIGURES["attribution_stance"](ctx)
    left, right = fig.axes
    assert _legend_texts(left.get_legend()) == ["Fox News", "Unnamed pro-Kremlin outlet"]
    assert _ticks(right)[:6] == ["ENDORSING", "admit", "confirm", "uncover", "DISTANCING", "accuse"]
    assert _ticks(right)[-1] == "other verbs (3)"


# --------------------------------------------------------------------------------------
# any corpus: an outlet with no hits, no quotations, no attribution cues
# --------------------------------------------------------------------------------------


def test_every_figure_builds_when_an_outlet_has_nothing():
    frame = pd.DataFrame({
        "doc_id": ["a", "b"],
        "outlet": ["Loud", "Quiet"],
        "text": ['The regime\'s "baseless propaganda" is massive, officials said.', "Rain fell on the town."],
    })
    corpus = fr.load_corpus(frame)
    ctx = figures.FigureContext(corpus, "tiny")
    with plots.style():
        fig = plots_lexical.where_terms_fall(ctx)
        assert _ticks(fig.axes[0]) == ["a (Loud)", "b (Quiet)"]
        fig = plots_lexical.voice_composition(ctx)
        assert _ticks(fig.axes[1]) == ["(speaker unknown)"]  # the quiet outlet quotes nobody: no row
        # "officials said" frames the sentence as reported speech; the fragment's 2 words are its own voice
        assert _widths(fig.axes[0]) == [25, 0, 25, 50, 100, 0, 0, 0]
        fig = plots_lexical.loaded_terms_by_category(ctx)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("0") >= 7  # the quiet outlet has a zero bar in every category
    with plots.style():
        fig = plots_lexical.attribution_stance(ctx)
    assert [t.get_text() for t in fig.axes[0].texts] == ["0 (0%)", "0 (0%)", "0 (0%)", "0 (0%)", "1 (100%)",
                                                         "0 (0%)"]


def test_a_corpus_without_any_hit_or_quotation_gives_zero_figures():
    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                          "text": ["Rain fell on the town.", "The sun came out."]})
    ctx = figures.FigureContext(fr.load_corpus(frame), "none")
    with plots.style():
        fig = plots_lexical.loaded_terms_by_category(ctx)
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.texts] == ["0"] * 20  # 10 loaded categories x 2 outlets
        assert ax.get_xlim() == (0.0, 1.12)
        fig = plots_lexical.where_terms_fall(ctx)
        assert _legend_texts(fig.axes[0].get_legend()) == ["(no loaded terms found)", "inside quotation marks"]
        fig = plots_lexical.voice_composition(ctx)
        assert _widths(fig.axes[0]) == [100, 0, 0, 0, 100, 0, 0, 0]
        assert [t.get_text() for t in fig.axes[1].texts] == ["no quotations found"]


def test_loaded_terms_legend_of_a_long_group_name_stays_in_the_figure():
    """A 150-character outlet name: its legend entry is cut to 40 characters and the layout makes room for it
    (the group legend, added as an artist, was left out of the constrained layout and ran off the figure)."""
    long = "X" * 150
    table = pd.DataFrame({"outlet": ["A", long], "category": ["dismissal"] * 2, "voice": ["author"] * 2,
                          "per_1k": [2.0, 3.0]})
    fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
    plot_loaded_terms(table, ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [a for a in ax.get_children() if isinstance(a, matplotlib.legend.Legend)]
    assert [[t.get_text() for t in leg.get_texts()] for leg in legends][0] == ["A", "X" * 39 + "\u2026"]
    assert all(leg.get_window_extent(renderer).x1 <= fig.bbox.x1 for leg in legends)
