"""How a unit's uses spread over the outlets of a group (framing.contrast.spread), and the report's figures
and table that leave out the units one outlet of a pooled group writes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from framing.contrast import MAX_DP, REST, concentrated, pair_spread, source_spread, unit_table  # noqa: E402
from framing.report.plots_contrast import plot_keyness  # noqa: E402

# A: 10 word tokens (5 + 5), B: 4, C: 3.  "update" only in A, "minsk" in B (left) and C (right).
DOCS = pd.DataFrame({
    "doc_id": ["a1", "a2", "b1", "c1"],
    "outlet": ["A", "A", "B", "C"],
    "lean": ["left", "left", "left", "right"],
    "text": ["Update at noon. Protesters marched.", "Update at night. Update again.",
             "Protesters marched in Minsk.", "Riots in Minsk."],
})


def test_source_spread_counts_documents_sources_and_dp_exactly():
    got = source_spread(DOCS, by="lean", source="outlet").set_index(["group", "unit"])
    assert list(got.columns) == ["count", "n_documents", "n_sources", "top_source", "top_share", "dp"]
    # left: A holds 10 of 14 tokens (s = 5/7), B 4 (s = 2/7)
    update = got.loc[("left", "update")]
    assert (update["count"], update["n_documents"], update["n_sources"], update["top_source"]) == (3, 2, 1, "A")
    assert update["top_share"] == 1.0
    assert update["dp"] == pytest.approx(0.5 * ((1 - 5 / 7) + 2 / 7))  # 2/7
    marched = got.loc[("left", "marched")]
    assert (marched["count"], marched["n_sources"], marched["top_source"], marched["top_share"]) == (2, 2, "A", 0.5)
    assert marched["dp"] == pytest.approx(0.5 * (abs(0.5 - 5 / 7) + abs(0.5 - 2 / 7)))  # 3/14
    assert got.loc[("left", "minsk"), "dp"] == pytest.approx(5 / 7)  # used only by the smaller outlet
    assert got.loc[("right", "minsk"), "dp"] == 0.0  # one outlet: every unit follows its size
    assert list(got.loc["right"].index) == ["minsk", "riots"]  # count descending, then unit


def test_concentrated_needs_dp_of_one_half_and_two_sources():
    left, right = pair_spread(DOCS, "left", "right", by="lean", source="outlet")
    assert MAX_DP == 0.5
    assert list(concentrated(left)) == ["minsk"]  # dp 5/7; update's 2/7 follows A's size
    assert list(concentrated(right)) == []  # a side of one outlet
    assert list(concentrated(left, max_dp=0.2)) == ["marched", "minsk", "night", "noon", "protesters", "update"]
    # two equal outlets, a unit used by one of them: dp = 0.5 exactly, concentrated
    even = pd.DataFrame({"doc_id": ["x", "y"], "outlet": ["X", "Y"], "lean": ["l", "l"],
                         "text": ["Alpha beta gamma.", "Alpha beta delta."]})
    side, _ = pair_spread(pd.concat([even, DOCS.iloc[[3]]]), "l", "right", by="lean", source="outlet")
    assert side.loc["gamma", "dp"] == pytest.approx(0.5) and side.loc["alpha", "dp"] == 0.0
    assert list(concentrated(side)) == ["delta", "gamma"]


def test_pair_spread_rest_side_is_every_other_document_and_reuses_the_unit_table():
    units = unit_table(DOCS)
    a, rest = pair_spread(DOCS, "right", REST, by="lean", source="outlet", units=units)
    assert list(a.index) == ["minsk", "riots"]
    assert rest.loc["update", "count"] == 3 and rest.loc["minsk", "top_source"] == "B"
    assert rest.attrs["n_sources"] == 2
    with pytest.raises(ValueError, match="nope"):
        pair_spread(DOCS, "right", REST, by="lean", source="nope")


def test_plot_keyness_skips_units_on_their_side_only():
    key = pd.DataFrame({"unit": ["et", "says", "war", "obama"], "n_target": [30, 20, 5, 1],
                        "n_reference": [1, 2, 9, 40], "stat": [9.0, 5.0, -2.0, -8.0]})
    key.attrs = {"target": "center", "reference": REST, "measure": "chi2"}
    ax = plot_keyness(key, skip=({"et", "obama"}, {"et"}))
    labels = [t.get_text() for t in ax.texts if not t.get_text()[0].isdigit()]
    assert labels == ["says", "obama", "war"]  # "et" left out on the target side; "obama" kept on the reference's
    ax = plot_keyness(key)
    assert np.count_nonzero([t.get_text() in ("et", "says", "war", "obama") for t in ax.texts]) == 4


def test_report_lists_the_units_its_figures_leave_out_for_their_spread(tmp_path):
    """Two leans of two outlets each; outlet P alone writes "Livestream update:" (half of its lean's words)."""
    import json

    from framing.cli import main

    texts = {("P", "left"): "Livestream update: the protest grew. Crowds marched.",
             ("Q", "left"): "The protest grew. Crowds marched. Crowds marched.",
             ("S", "right"): "The riot spread. Police arrived.", ("T", "right"): "The riot spread. Police arrived."}
    rows = [{"doc_id": f"{outlet.lower()}{i}", "outlet": outlet, "lean": lean, "text": text}
            for i in range(4) for (outlet, lean), text in texts.items()]
    path = tmp_path / "leans.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "report"
    assert main(["figures", "--corpus", str(path), "--by", "lean", "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out / "tables" / "unit_spread.csv")
    assert table[["figure", "side", "unit", "count", "n_documents", "n_sources", "top_source"]].values.tolist() == [
        ["distinctive_words", "left", "livestream", 4, 4, 1, "P"],
        ["distinctive_words", "left", "update", 4, 4, 1, "P"],
        ["keyness", "left", "livestream", 4, 4, 1, "P"],
        ["keyness", "left", "update", 4, 4, 1, "P"],
    ]
    assert table["top_share"].tolist() == [1.0] * 4 and table["dp"].tolist() == [0.5] * 4  # P: 28 of 56 words


def test_pair_spread_names_the_groups_when_a_side_is_not_one():
    with pytest.raises(ValueError, match="a='centre' is not a group; the groups are 'left', 'right'"):
        pair_spread(DOCS, "centre", REST, by="lean", source="outlet")
    with pytest.raises(ValueError, match="b='centre' is not a group"):
        pair_spread(DOCS, "left", "centre", by="lean", source="outlet")


def test_a_p_value_that_underflowed_is_not_written_as_zero():
    # AllSides by topic: the keyness panels said "smallest p adjusted ... = 0." (a chi2 of 10,000 underflows)
    from framing.report.plots_contrast import _keyness_subtitle, p_words

    assert [p_words(0.0), p_words(2.4e-155), p_words(0.031)] == ["< 1e-300", "= 2.4e-155", "= 0.031"]
    key = pd.DataFrame({"p_value": [0.0, 0.2]})
    assert _keyness_subtitle(key).endswith("smallest p < 1e-300.")
    assert _keyness_subtitle(key.assign(p_value=[0.07, 0.2])).endswith(
        "Smallest p = 0.07: no unit is key at the 5% level here.")
