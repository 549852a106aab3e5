"""More than two groups: group labels from any columns, compare_groups (one-vs-rest, pairwise,
Benjamini-Hochberg), word shift and the contrast figures never picking a pair (issue 23)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from generated_groups import documents  # noqa: E402

import framing as fr  # noqa: E402
from framing.contrast import (  # noqa: E402
    COMPARISON_COLUMNS,
    compare_groups,
    fightin_words,
    group_labels,
    group_sizes,
    keyness,
)
from framing.report import figures, plots  # noqa: E402
from framing.report import plots_contrast as pc  # noqa: E402
from framing.wordshift import word_shift  # noqa: E402


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return documents()


def test_the_generated_corpus_has_the_counts_it_documents(docs):
    assert len(docs) == 240
    assert docs["outlet"].value_counts().to_dict() == dict.fromkeys(sorted(docs["outlet"].unique()), 40)
    assert docs.groupby(["topic", "lean"]).size().eq(20).all()
    assert docs["text"].str.count("heroic").sum() == 34  # 2 left outlets x (4 + 3 x 2 + 3 + 4) extra rounds


def test_group_sizes_per_lean_are_worked_out_by_hand(docs):
    sizes = group_sizes(docs, "lean")
    # tokens per topic block: 20 x (topic sentence + lean sentence) + 2 outlets x extra rounds x (2 on election) x extra
    left = 20 * (14 + 16 + 12 + 14) + 2 * 6 * (4 + 6 + 3 + 4)
    right = 20 * (14 + 16 + 12 + 14) + 2 * 5 * (4 + 6 + 3 + 4)
    center = 20 * (15 + 17 + 13 + 15) + 2 * 7 * (4 + 6 + 3 + 4)
    assert sizes.to_dict("list") == {"group": ["center", "left", "right"], "n_docs": [80, 80, 80],
                                     "n_tokens": [center, left, right], "note": ["", "", ""]}
    assert (left, right, center) == (1324, 1290, 1438)


def test_group_labels_join_columns_and_name_missing_values(docs):
    labels = group_labels(docs, ["lean", "topic"])
    assert labels.iloc[0] == "left / economy" and labels.nunique() == 12
    odd = docs.head(6).assign(lean=[None, np.nan, "  ", "left", "right", pd.NA])
    assert list(group_labels(odd, "lean")) == ["(missing)", "(missing)", "(missing)", "left", "right", "(missing)"]
    with pytest.raises(ValueError, match="by: no column 'colour' in the documents; the columns there are: doc_id, "
                                         "outlet, lean, topic, date. Pass one of them"):
        group_labels(docs, "colour")
    with pytest.raises(ValueError, match="by must be a column name or a list of them"):
        group_labels(docs, 3)


def test_one_vs_rest_and_pairwise_have_every_comparison_with_group_sizes(docs):
    rest = compare_groups(docs, by="lean", top=None)
    assert list(rest.columns[: len(COMPARISON_COLUMNS)]) == list(COMPARISON_COLUMNS)
    assert list(dict.fromkeys(rest["comparison"])) == ["center vs (rest)", "left vs (rest)", "right vs (rest)"]
    sizes = rest.drop_duplicates("comparison").set_index("group_a")
    assert sizes.loc["right", ["n_docs_a", "n_docs_b", "n_tokens_a", "n_tokens_b"]].tolist() == [80, 160, 1290, 2762]
    rigged = rest[(rest["group_a"] == "right") & (rest["unit"] == "rigged")].iloc[0]
    assert (rigged["count_a"], rigged["count_b"]) == (80, 0)
    heroic = rest[(rest["group_a"] == "left") & (rest["unit"] == "heroic")].iloc[0]
    assert (heroic["count_a"], heroic["count_b"]) == (34, 0)
    pairs = compare_groups(docs, by="lean", design="pairwise", top=None)
    assert list(dict.fromkeys(pairs["comparison"])) == ["center vs left", "center vs right", "left vs right"]
    outlets = compare_groups(docs, by="outlet", design="pairwise", top=3)
    assert outlets["comparison"].nunique() == 15 and outlets.attrs["comparisons"] == 15
    same = outlets[outlets["comparison"] == "Alpha Post vs Beta Times"]  # two left outlets with the same texts
    assert len(same) == 1 and same["unit"].isna().all() and (same["count_a"].iloc[0], same["count_b"].iloc[0]) == (0, 0)
    assert same["note"].iloc[0].startswith("no unit with a non-zero statistic")
    assert compare_groups(docs, by="outlet", top=3)["comparison"].nunique() == 6
    only = compare_groups(docs, by="outlet", groups=["Zeta Report", "Alpha Post"], top=1)
    assert list(dict.fromkeys(only["comparison"])) == ["Zeta Report vs (rest)", "Alpha Post vs (rest)"]
    with pytest.raises(ValueError, match="groups= is for design='one_vs_rest'"):
        compare_groups(docs, by="outlet", design="pairwise", groups=["Zeta Report"])
    asked = compare_groups(docs, by="lean", design="pairwise", pairs=[("right", "left")], top=None)
    assert set(asked["comparison"]) == {"right vs left"}
    one = compare_groups(docs, by="lean", a="left", b="right", top=None)
    assert set(one["comparison"]) == {"left vs right"} and one.attrs["design"] == "one comparison"


def test_each_comparison_equals_fightin_words_and_keyness_for_that_pair(docs):
    table = compare_groups(docs, by="lean", top=None)
    for group in ("center", "left", "right"):
        fw = fightin_words(docs, by="lean", a=group)
        part = table[table["group_a"] == group].reset_index(drop=True)
        assert part["unit"].tolist() == fw["unit"].tolist()
        assert part["n_units_a"].iloc[0] == fw.attrs["n_a"] and part["n_units_b"].iloc[0] == fw.attrs["n_b"]
        for col in ("count_a", "count_b"):
            assert part[col].tolist() == fw[col].tolist()
        for col in ("prior", "delta", "var", "z"):
            np.testing.assert_allclose(part[col], fw[col], rtol=1e-12)
    key = compare_groups(docs, by="lean", design="pairwise", pairs=[("left", "right")], measure="keyness", top=None)
    ref = keyness(docs, by="lean", target="left", reference="right")
    assert key["unit"].tolist() == ref["unit"].tolist()
    np.testing.assert_allclose(key["stat"], ref["stat"], rtol=1e-12)
    np.testing.assert_allclose(key["p_value"], ref["p_value"], rtol=1e-12)


def _bh_by_hand(p):
    """Benjamini-Hochberg written out: q_(i) = min_{j >= i} m p_(j) / j, capped at 1."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    m = len(p)
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        q[i] = running
    return q


def test_p_adjusted_is_benjamini_hochberg_over_every_unit_of_every_comparison(docs):
    table = compare_groups(docs, by="lean", design="pairwise", measure="keyness", top=None)
    assert table.attrs["m"] == len(table)
    assert table.attrs["p_adjust"].startswith("Benjamini-Hochberg (1995) false discovery rate over all")
    np.testing.assert_allclose(table["p_adjusted"], _bh_by_hand(table["p_value"].tolist()), rtol=1e-12)
    # the top= rows keep the adjustment over the whole family
    top = compare_groups(docs, by="lean", design="pairwise", measure="keyness", top=2)
    merged = top.merge(table, on=["comparison", "unit"], suffixes=("", "_all"))
    assert len(merged) == len(top) and top.attrs["m"] == len(table)
    np.testing.assert_array_equal(merged["p_adjusted"], merged["p_adjusted_all"])
    fw = compare_groups(docs, by="lean", top=None)
    from scipy.stats import norm

    np.testing.assert_allclose(fw["p_value"], 2 * norm.sf(fw["z"].abs()), rtol=1e-9)


def test_top_keeps_the_top_units_of_each_side(docs):
    table = compare_groups(docs, by="lean", a="right", top=2)
    assert table["z"].gt(0).sum() == 2 and table["z"].lt(0).sum() == 2
    full = compare_groups(docs, by="lean", a="right", top=None)
    assert table["unit"].tolist() == full["unit"].iloc[[0, 1, -2, -1]].tolist() == ["massive", "spending",
                                                                                   "officials", "monday"]
    assert table["z"].is_monotonic_decreasing


def test_missing_values_are_a_group_and_one_document_gets_an_n1_note(docs):
    odd = docs.copy()
    odd.loc[[0, 1], "lean"] = np.nan
    solo = odd.iloc[[2]].assign(doc_id="solo", outlet="Solo Herald", lean="far right")
    odd = pd.concat([odd, solo], ignore_index=True)
    sizes = group_sizes(odd, "lean").set_index("group")
    assert sizes.loc["(missing)", "n_docs"] == 2 and sizes.loc["far right", "note"] == "n=1: a single document"
    table = compare_groups(odd, by="lean", top=1)
    assert "(missing) vs (rest)" in set(table["comparison"])
    notes = table.drop_duplicates("comparison").set_index("group_a")["note"]
    assert notes["far right"].startswith("n=1 in 'far right': a single document")
    assert notes["left"] == ""


def test_errors_say_how_to_choose(docs):
    with pytest.raises(ValueError, match=r"by='lean' has 3 groups \('center', 'left', 'right'\); word_shift compares "
                                         r"two: pass group_a='center', group_b='left'.*compare_groups"):
        word_shift(docs, by="lean")
    with pytest.raises(ValueError, match="the corpus has 3 group"):  # fightin_words never picks either
        fightin_words(docs, by="lean")
    with pytest.raises(ValueError, match="by: no column 'colour' in the documents; the columns there are"):
        compare_groups(docs, by="colour")
    with pytest.raises(ValueError, match="design must be one of 'one_vs_rest', 'pairwise'"):
        compare_groups(docs, by="lean", design="all")
    with pytest.raises(ValueError, match="a='far' is not a group; the groups are 'center', 'left', 'right'"):
        compare_groups(docs, by="lean", a="far")
    with pytest.raises(ValueError, match="b is given without a"):
        compare_groups(docs, by="lean", b="left")
    with pytest.raises(ValueError, match="pairs= is for design='pairwise'"):
        compare_groups(docs, by="lean", pairs=[("left", "right")])
    with pytest.raises(ValueError, match="measure must be 'fightin_words' or 'keyness'"):
        compare_groups(docs, by="lean", measure="chi2")
    with pytest.raises(ValueError, match="a contrast needs at least two groups"):
        compare_groups(docs.assign(lean="left"), by="lean")


def test_word_shift_of_one_group_against_the_rest(docs):
    shift = word_shift(docs, "right", by="lean")
    assert (shift.attrs["group_a"], shift.attrs["group_b"]) == ("right", "(rest)")
    assert shift.attrs["n_a"] > 0 and shift.attrs["n_b"] > 0
    two = word_shift(docs[docs["lean"] != "center"], by="lean")
    assert (two.attrs["group_a"], two.attrs["group_b"]) == ("left", "right")


def test_contrast_figures_draw_the_largest_groups_against_the_rest(docs):
    corpus = fr.load_corpus(docs)
    assert pc.contrast_sides(corpus.documents) == [("Alpha Post", "(rest)"), ("Beta Times", "(rest)"),
                                                   ("Delta News", "(rest)")]
    ctx = figures.FigureContext(corpus, "generated")
    with plots.style():
        built = {name: figures.FIGURES[name](ctx) for name in ("distinctive_words", "keyness", "word_shift")}
    assert built["distinctive_words"]._suptitle.get_text() == (
        "Distinctive words: 3 largest outlets, each vs the other 5 pooled")
    assert len(built["distinctive_words"].axes) == 3
    assert built["keyness"].axes[1].get_title(loc="left").startswith(
        "B · Beta Times (40 docs) vs all other outlets (200 docs)\nTop 10 units per side")
    assert built["word_shift"]._suptitle.get_text() == (
        "Word shift: the other 5 outlets pooled vs Alpha Post (largest outlet)")
    for fig in built.values():
        matplotlib.pyplot.close(fig)


def test_one_unit_table_serves_every_by_and_equals_a_fresh_count(docs):
    from framing.contrast import UnitTable, count_units, unit_spans, unit_table
    from framing.text import tokens

    units = unit_table(docs)
    assert isinstance(units, UnitTable) and repr(units).startswith("UnitTable(240 documents, ")
    # the table's counts are the unit spans counted; its tokens per sentence are framing.text.tokens's
    spans = unit_spans(docs)
    assert int(units.counts.sum()) == len(spans)
    assert count_units(docs, by="lean", units=units).equals(count_units(docs, by="lean"))
    per_sentence = tokens(docs).groupby(["doc_id", "sent_id"]).size()
    assert units.n_tokens.tolist() == per_sentence.reindex(list(zip(units.doc, units.sent_id, strict=True))).tolist()
    for by in ("lean", "outlet", ["lean", "topic"]):
        for measure in ("fightin_words", "keyness"):
            fresh = compare_groups(docs, by=by, measure=measure)
            reused = compare_groups(docs, by=by, measure=measure, units=units)
            pd.testing.assert_frame_equal(fresh, reused)
    pd.testing.assert_frame_equal(fightin_words(docs, by="lean", a="left", units=units),
                                  fightin_words(docs, by="lean", a="left"))
    pd.testing.assert_frame_equal(keyness(docs, by="lean", target="left", reference="right", units=units),
                                  keyness(docs, by="lean", target="left", reference="right"))
    with pytest.raises(ValueError, match="units= was counted with its own phrases, stop_words and house_style"):
        fightin_words(docs, by="lean", a="left", units=units, stop_words=None)
    with pytest.raises(ValueError, match="units= was counted on another corpus"):
        keyness(docs.head(10), by="lean", target="left", units=units)
    with pytest.raises(TypeError, match="units must be a table from framing.contrast.unit_table"):
        compare_groups(docs, by="lean", units=spans)


def test_fightin_words_and_keyness_take_by_lists_house_style_and_min_count_2(docs):
    fw = fightin_words(docs, by=["lean", "topic"], a="left / economy", b="right / economy")
    assert (fw.attrs["a"], fw.attrs["b"], fw.attrs["documents_a"]) == ("left / economy", "right / economy", 20)
    odd = docs.assign(lean=docs["lean"].where(docs.index >= 3))  # a missing lean is a group, never "nan"
    assert keyness(odd, by="lean", target="(missing)").attrs["target"] == "(missing)"
    # min_count=2 by default: no unit used once in the two sides together (0 vs 1) is listed
    one = documents(240).assign(text=lambda d: d["text"].where(d.index != 0, d["text"] + " Zebras."))
    for frame in (fightin_words(one, by="lean", a="left"), keyness(one, by="lean", target="left"),
                  compare_groups(one, by="lean", top=None)):
        assert "zebras" not in set(frame["unit"])
    assert "zebras" in set(fightin_words(one, by="lean", a="left", min_count=1)["unit"])
    # house_style= on every contrast function: honorifics and the outlet's own name in its own articles
    styled = docs.assign(text=docs["text"] + " Mr. Alpha said so.")
    for house_style, expected in ((None, False), (True, False), (False, True)):
        got = set(compare_groups(styled, by="lean", top=None, house_style=house_style)["unit"])
        assert ("mr" in got) is expected
        assert ("mr" in set(fightin_words(styled, by="lean", a="left", house_style=house_style)["unit"])) is expected
        assert ("mr" in set(keyness(styled, by="lean", target="left", house_style=house_style)["unit"])) is expected


def test_more_than_two_groups_error_names_compare_groups(docs):
    with pytest.raises(ValueError, match=r"the corpus has 3 group\(s\).*framing.contrast.compare_groups\(corpus, "
                                         r"by='lean', design='one_vs_rest' or 'pairwise'\)"):
        keyness(docs, by="lean")


def test_a_group_of_empty_documents_is_left_out_of_the_design_and_said(docs):
    """A lean whose two documents are blank: the one-vs-rest and pairwise designs compare the three others exactly as
    without it and list it in attrs["left_out"]; naming it (a=) still fails, and one group with units is an error."""
    blank = pd.DataFrame({"doc_id": ["x1", "x2"], "outlet": "Blank Wire", "lean": "blank", "topic": "economy",
                          "date": "2021-01-01", "text": ["", "  \n\t"]})
    more = pd.concat([docs, blank], ignore_index=True)
    for design in ("one_vs_rest", "pairwise"):
        got = compare_groups(more, by="lean", design=design, top=None)
        want = compare_groups(docs, by="lean", design=design, top=None)
        assert got.attrs["left_out"] == {"blank": 2} and want.attrs["left_out"] == {}
        assert got.attrs["groups"] == {"blank": 2, "center": 80, "left": 80, "right": 80}
        pd.testing.assert_frame_equal(got, want)
    right = compare_groups(more, by="lean", top=None).drop_duplicates("comparison").set_index("group_a").loc["right"]
    assert right[["n_docs_a", "n_docs_b", "n_tokens_a", "n_tokens_b"]].tolist() == [80, 160, 1290, 2762]
    with pytest.raises(ValueError, match=r"group 'blank' \(a\) has no units"):
        compare_groups(more, by="lean", a="blank")
    with pytest.raises(ValueError) as err:
        compare_groups(pd.concat([docs[docs["lean"] == "left"], blank]), by="lean")
    assert str(err.value) == ("a contrast needs at least two groups with units; 'blank' have none after stop-word and "
                              "number removal (only empty documents?)")
