"""Paired (blocked) comparisons: framing.paired and framing.report.plots_paired (issue 23)."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from generated_groups import documents  # noqa: E402

import framing as fr  # noqa: E402
from framing import stats  # noqa: E402
from framing.paired import (  # noqa: E402
    BLOCK_MEASURES,
    DIFFERENCES,
    SUMMARY,
    block_measures,
    missing_blocks,
    paired_comparison,
    paired_differences,
    paired_summary,
)
from framing.report.plots_paired import paired_table, plot_paired_blocks  # noqa: E402

#: A hand-built block table: three groups, six blocks; B is missing from s6, C from s3.
VALUES = {
    "A": {"s1": 11.0, "s2": 7.5, "s3": 13.0, "s4": 9.0, "s5": 10.0, "s6": 4.0},
    "B": {"s1": 10.0, "s2": 10.0, "s3": 10.0, "s4": 5.0, "s5": 5.0},
    "C": {"s1": 1.0, "s2": 2.5, "s4": 3.5, "s5": 4.0, "s6": 2.0},
}


@pytest.fixture
def small() -> pd.DataFrame:
    rows = [(block, group, "rate", "all", "all", 1, value, 1000.0, value)
            for group, values in VALUES.items() for block, value in values.items()]
    return pd.DataFrame(rows, columns=list(BLOCK_MEASURES))


def test_differences_and_missing_blocks_of_a_hand_built_table(small):
    diffs = paired_differences(small)
    assert list(diffs.columns) == list(DIFFERENCES)
    got = {name: dict(zip(part["block"], part["difference"], strict=True))
           for name, part in diffs.groupby("comparison")}
    assert got == {
        "A vs B": {"s1": 1.0, "s2": -2.5, "s3": 3.0, "s4": 4.0, "s5": 5.0},
        "A vs C": {"s1": 10.0, "s2": 5.0, "s4": 5.5, "s5": 6.0, "s6": 2.0},
        "B vs C": {"s1": 9.0, "s2": 7.5, "s4": 1.5, "s5": 1.0},
    }
    assert missing_blocks(diffs).to_dict("records") == [
        {"comparison": "A vs B", "block": "s6", "missing": "B"},
        {"comparison": "A vs C", "block": "s3", "missing": "C"},
        {"comparison": "B vs C", "block": "s3", "missing": "C"},
        {"comparison": "B vs C", "block": "s6", "missing": "B"},
    ]
    one = paired_differences(small, a="C", b="A")
    assert set(one["comparison"]) == {"C vs A"} and one["difference"].tolist() == [-10.0, -5.0, -5.5, -6.0, -2.0]


def test_summary_of_a_hand_built_table(small):
    summary = paired_summary(paired_differences(small), n_boot=500, random_state=3)
    assert list(summary.columns) == list(SUMMARY)
    s = summary.set_index("comparison")
    assert s["n_blocks"].tolist() == [5, 5, 4]
    assert s.loc["A vs B", ["mean_a", "mean_b", "mean_difference", "median_difference"]].tolist() == pytest.approx(
        [50.5 / 5, 40 / 5, 2.1, 3.0], rel=1e-12)
    assert s.loc["A vs B", ["n_positive", "n_negative", "n_zero"]].tolist() == [4, 1, 0]
    # Wilcoxon signed-rank, exact: A vs B ranks 1..5, negative rank 2 -> W = 2, p = 2 * 3/32 (rank sums 0, 1, 2)
    assert s["statistic"].tolist() == [2.0, 0.0, 0.0]
    assert s["p_value"].tolist() == pytest.approx([6 / 32, 2 / 32, 2 / 16], rel=1e-12)
    assert s["p_adjusted"].tolist() == pytest.approx([0.1875, 0.1875, 0.1875], rel=1e-12)  # BH: min_j 3 p_(j) / j
    assert summary.attrs["p_adjust"].startswith("Benjamini-Hochberg (1995)")
    # bootstrap over blocks: one generator for the table, rows in order
    rng = np.random.default_rng(3)
    for name, d in (("A vs B", [1.0, -2.5, 3.0, 4.0, 5.0]), ("A vs C", [10.0, 5.0, 5.5, 6.0, 2.0]),
                    ("B vs C", [9.0, 7.5, 1.5, 1.0])):
        means = np.concatenate([np.asarray(d)[idx].mean(axis=1) for _, _, idx in stats.bootstrap_indices(rng, len(d),
                                                                                                        500)])
        lo, hi = np.quantile(means, [0.025, 0.975])
        assert [s.loc[name, "ci_low"], s.loc[name, "ci_high"]] == pytest.approx([lo, hi], rel=1e-9)
    sign = paired_summary(paired_differences(small, a="A", b="B"), test="sign", random_state=0)
    assert sign["statistic"].tolist() == [4.0] and sign["p_value"].tolist() == pytest.approx([12 / 32])
    table = paired_table(summary)
    assert table.iloc[0].tolist() == ["A vs B", "loaded terms per 1,000 tokens", 5, "10.10", "8.00",
                                      f"2.10 [{s.loc['A vs B', 'ci_low']:.2f}, {s.loc['A vs B', 'ci_high']:.2f}]",
                                      "W = 2", "0.19", "0.19"]


def test_one_block_has_no_interval(small):
    """pair_by with one value (every document in one story) leaves one block: no bootstrap interval, not [d, d]."""
    d_row = pd.DataFrame([("s1", "D", "rate", "all", "all", 1, 4.0, 1000.0, 4.0)], columns=list(BLOCK_MEASURES))
    table = pd.concat([small, d_row], ignore_index=True)
    summary = paired_summary(paired_differences(table, pairs=[("A", "D"), ("A", "B")]), n_boot=50, random_state=0)
    one, five = summary.iloc[0], summary.iloc[1]
    assert (one["comparison"], one["n_blocks"], one["mean_difference"], one["median_difference"]) == (
        "A vs D", 1, 7.0, 7.0)
    assert np.isnan(one["ci_low"]) and np.isnan(one["ci_high"])
    # the one-block row still draws, so the next row's interval is the one it had before
    rng = np.random.default_rng(0)
    stats.bootstrap_means(rng, np.array([7.0]), None, 50)
    lo, hi = stats.percentile_interval(stats.bootstrap_means(rng, np.array([1.0, -2.5, 3.0, 4.0, 5.0]), None, 50))
    assert (five["comparison"], five["n_blocks"]) == ("A vs B", 5)
    assert [five["ci_low"], five["ci_high"]] == [lo, hi]


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    return documents()


def _rate(hits, tokens):
    return 1000 * hits / tokens


def test_rates_per_topic_and_lean_on_the_generated_corpus(generated):
    blocks = block_measures(generated, by="lean", pair_by="topic", measures="rate")
    rate = blocks[(blocks["category"] == "all")].set_index(["block", "group"])["value"]
    # right: "rigged" in every document, "massive" in the extra rounds; tokens as tests/generated_corpus.py
    assert rate["economy", "right"] == _rate(20 + 2 * 4, 20 * 14 + 2 * 4 * 5)
    assert rate["election", "right"] == _rate(20 + 2 * 6, 20 * 16 + 2 * 6 * 5)
    assert rate["health", "left"] == _rate(20 + 2 * 3, 20 * 12 + 2 * 3 * 6)
    assert rate["border", "center"] == 0.0
    cats = blocks[blocks["category"] != "all"].set_index(["block", "group", "category"])["numerator"]
    assert cats["election", "left", "victimhood_heroism"] == 12 and cats["election", "left", "dismissal"] == 20
    diffs = paired_differences(blocks, a="left", b="right")
    all_rate = diffs[diffs["category"] == "all"].set_index("block")["difference"]
    assert all_rate["health"] == pytest.approx(_rate(26, 276) - _rate(26, 270), rel=1e-12)
    assert len(all_rate) == 4 and missing_blocks(diffs).empty


def test_paired_comparison_with_voices_sentiment_and_quotes(generated):
    hits = fr.hits(generated)
    hits = hits.assign(voice=np.where(hits["term"] == "rigged", "quote", "author"))
    result = paired_comparison(generated, by="lean", pair_by="topic", hits=hits, random_state=0, n_boot=200)
    voices = result.blocks[(result.blocks["measure"] == "rate") & (result.blocks["category"] == "all")]
    quote = voices[voices["voice"] == "quote"].set_index(["block", "group"])["value"]
    assert quote["economy", "right"] == _rate(20, 320) and quote["economy", "left"] == 0.0
    assert set(result.blocks["measure"]) == {"rate", "sentiment", "quoted_share"}
    assert result.summary["comparison"].unique().tolist() == ["center vs left", "center vs right", "left vs right"]
    row = result.summary[(result.summary["comparison"] == "left vs right") & (result.summary["measure"] == "rate")
                         & (result.summary["category"] == "all") & (result.summary["voice"] == "all")].iloc[0]
    d = [_rate(28, 328) - _rate(28, 320), _rate(32, 392) - _rate(32, 380), _rate(26, 276) - _rate(26, 270),
         _rate(28, 328) - _rate(28, 320)]
    # blocks in sorted order: border, economy, election, health
    assert row["n_blocks"] == 4 and row["mean_difference"] == pytest.approx(np.mean(d), rel=1e-12)
    assert row["n_negative"] == 4 and row["p_value"] == pytest.approx(2 / 16)
    quoted = result.blocks[result.blocks["measure"] == "quoted_share"]
    assert quoted["value"].eq(0).all()  # no quotation in the generated texts
    assert result.missing.empty


def test_missing_blocks_and_errors_on_the_generated_corpus(generated):
    thin = generated[~((generated["lean"] == "center") & (generated["topic"] == "health"))]
    result = paired_comparison(thin, by="lean", pair_by="topic", measures="rate", random_state=0, n_boot=50)
    assert result.missing.to_dict("records") == [
        {"comparison": "center vs left", "block": "health", "missing": "center"},
        {"comparison": "center vs right", "block": "health", "missing": "center"},
    ]
    summary = result.summary.set_index(["comparison", "category"])
    assert summary.loc[("center vs left", "all"), "n_blocks"] == 3
    assert summary.loc[("left vs right", "all"), "n_blocks"] == 4
    with pytest.raises(ValueError, match="pair_by='outlet': no block has documents of two groups of by='lean' "
                                         r"\(each of its 6 blocks holds one group\)"):
        block_measures(generated, by="lean", pair_by="outlet", measures="rate")
    with pytest.raises(ValueError, match="by: no column 'colour' in the documents; the columns there are"):
        block_measures(generated, by="colour", pair_by="topic", measures="rate")
    with pytest.raises(ValueError, match="measures: use any of rate, sentiment, quoted_share"):
        block_measures(generated, by="lean", pair_by="topic", measures="tone")
    blocks = block_measures(generated, by="lean", pair_by="topic", measures="rate")
    with pytest.raises(ValueError, match="a='far' is not a group; the groups are 'center', 'left', 'right'"):
        paired_differences(blocks, a="far", b="left")
    with pytest.raises(ValueError, match="a paired comparison names both groups"):
        paired_differences(blocks, a="left")
    apart = blocks[((blocks["group"] == "left") & (blocks["block"] == "health"))
                   | ((blocks["group"] == "right") & (blocks["block"] == "economy"))]
    with pytest.raises(ValueError, match="left vs right: no block \\(pair_by value\\) has documents of both groups"):
        paired_differences(apart, a="left", b="right")
    # of several comparisons, one without a shared block is left out and named; the others stay
    some = pd.concat([apart, blocks[blocks["group"] == "center"]])
    shared = set(some.loc[some["group"] == "center", "block"])
    diffs = paired_differences(some)
    assert diffs.attrs["unpaired"] == ["left vs right"]
    assert sorted(diffs["comparison"].unique()) == ["center vs left", "center vs right"]
    assert set(diffs["block"]) == shared & {"health", "economy"}


def test_plot_paired_blocks_draws_one_line_per_block(generated):
    blocks = block_measures(generated, by="lean", pair_by="topic", measures="rate")
    diffs = paired_differences(blocks)
    with pytest.raises(ValueError, match="differences holds 3 comparisons .*pass comparison="):
        plot_paired_blocks(diffs)
    ax = plot_paired_blocks(diffs, comparison="left vs right")
    assert len(ax.lines) == 5  # four blocks and the mean
    assert [t.get_text() for t in ax.get_xticklabels()] == ["left", "right"]
    assert ax.get_title(loc="left").startswith("4 blocks; mean difference left − right: -")
    assert ax.get_ylabel() == "loaded terms per 1,000 tokens"
    plt.close(ax.figure)


def test_documents_without_a_block_value_are_left_out_and_counted():
    docs = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(6)],
        "outlet": ["A", "B", "A", "B", "A", "B"],
        "topic": ["s1", "s1", "s2", "s2", "", None],
        "text": ["A fraudulent vote.", "A calm vote.", "Calm.", "A baseless claim, fraudulent.", "Fraudulent!",
                 "Baseless."],
    })
    blocks = block_measures(fr.load_corpus(docs), pair_by="topic", measures="rate")
    rate = blocks[(blocks["category"] == "all")]
    # the blank and the missing topic are no story: not one "(missing)" block
    assert rate[["block", "group", "n_docs", "numerator", "denominator"]].values.tolist() == [
        ["s1", "A", 1, 1.0, 3.0], ["s1", "B", 1, 0.0, 3.0], ["s2", "A", 1, 0.0, 1.0], ["s2", "B", 1, 2.0, 4.0]]
    assert blocks.attrs["no_block"] == 2
    result = paired_comparison(fr.load_corpus(docs), pair_by="topic", measures="rate")
    assert result.summary.attrs["no_block"] == 2 and set(result.differences["block"]) == {"s1", "s2"}


def test_a_block_column_of_lists_is_an_error_naming_it(tmp_path):
    """A JSONL ``topic`` of lists: not its text as the block (one block per list), an error saying what to do."""
    rows = [("a1", "A", ["s1", "s2"], "A fraudulent vote."), ("b1", "B", ["s1", "s2"], "A calm vote."),
            ("a2", "A", "s3", "Calm."), ("b2", "B", "s3", "A baseless claim.")]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"doc_id": d, "outlet": o, "topic": t, "text": x}) + "\n"
                            for d, o, t, x in rows), encoding="utf-8")
    corpus = fr.load_corpus(path)
    with pytest.raises(ValueError) as err:
        paired_comparison(corpus, pair_by="topic", measures="rate")
    assert str(err.value).startswith("pair_by: column 'topic' holds a list, not one value, in 2 of 4 documents "
                                     "(e.g. [\"s1\", \"s2\"]); a group or block is one value per document. Put each "
                                     "document's one value in a column of its own (e.g. its main topic)")
    with pytest.raises(ValueError, match=r"^by: column 'topic' holds a list"):
        paired_comparison(corpus, by="topic", pair_by="outlet", measures="rate")
    docs = corpus.documents
    one = docs.assign(topic=docs["doc_id"].map({"a1": "s1", "b1": "s1", "a2": "s3", "b2": "s3"}))  # one value each
    assert set(paired_comparison(one, pair_by="topic", measures="rate").summary["n_blocks"]) == {2}
