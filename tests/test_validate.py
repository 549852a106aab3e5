"""framing.validate: readers, span precision/recall/F1, bootstrap intervals, baselines, CLI."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import FOX, ROOT, UNNAMED

from framing.cli import main
from framing.lexicon import Lexicon, load_lexicon
from framing.score import hits
from framing.validate import (
    COVERAGE,
    RESULTS,
    Annotated,
    AnnotationError,
    coverage,
    evaluate,
    random_baseline,
    read_annotated,
    read_bias_table,
    read_jsonl,
    read_ptc,
    summary,
    vader_baseline,
    validate,
    vocabulary,
)

FIX = ROOT / "tests" / "fixtures" / "validate"

# A tiny lexicon for the hand-built PTC fixture (two articles):
#   article1 "The corrupt regime crushed the brave protesters. Officials met on Monday."
#     gold: "corrupt regime" LL, "brave protesters" NC, "Monday" Doubt (not a chosen label)
#     predicted: regime (A, overlaps LL), crushed (B, FP), officials (B, FP)
#   article2 "A thug and a liar spoke."
#     gold: "thug" NC, "liar" LL and NC (same offsets: one span in micro figures)
#     predicted: thug (A, exact), liar (A, exact), spoke (B, FP)
TOY = Lexicon.from_table(
    pd.DataFrame(
        {
            "term": ["regime", "thug", "liar", "crushed", "spoke", "officials"],
            "category": ["A", "A", "A", "B", "B", "B"],
        }
    ),
    name="toy",
)


@pytest.fixture(scope="module")
def ptc():
    return read_ptc(FIX / "ptc")


@pytest.fixture(scope="module")
def toy_results(ptc):
    return evaluate(hits(ptc.documents, TOY, sentences=False), ptc, n_boot=0)


def _row(table, match, scope, group):
    rows = table[(table["match"] == match) & (table["scope"] == scope) & (table["group"] == group)]
    assert len(rows) == 1
    return rows.iloc[0]


# ---------------------------------------------------------------------------- readers


def test_read_ptc_reads_articles_and_labels_with_exact_offsets(ptc):
    assert list(ptc.documents["doc_id"]) == ["1", "2"]
    assert list(ptc.spans.columns) == ["doc_id", "start", "end", "label", "surface"]
    assert list(ptc.spans["surface"]) == ["corrupt regime", "brave protesters", "Monday", "thug", "liar", "liar"]
    assert list(ptc.spans["start"]) == [18, 45, 80, 12, 23, 23]
    texts = dict(zip(ptc.documents["doc_id"], ptc.documents["text"], strict=True))
    assert all(texts[d][s:e] == t for d, s, e, t in ptc.spans[["doc_id", "start", "end", "surface"]].values)
    assert ptc.labels == ["Doubt", "Loaded_Language", "Name_Calling,Labeling"]
    assert read_annotated(FIX / "ptc").spans.equals(ptc.spans)


def test_read_ptc_errors_name_the_file_and_what_to_change(tmp_path):
    with pytest.raises(AnnotationError, match="is not a folder"):
        read_ptc(tmp_path / "nope")
    with pytest.raises(AnnotationError, match="no article<ID>.txt"):
        read_ptc(tmp_path)
    (tmp_path / "article7.txt").write_text("Short.\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="no \\*.labels files"):
        read_ptc(tmp_path)
    (tmp_path / "x.labels").write_text("7\tLoaded_Language\t0\t99\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"x.labels:1: span 0-99 is outside article 7 \(length 7\)"):
        read_ptc(tmp_path)
    (tmp_path / "x.labels").write_text("8\tLoaded_Language\t0\t3\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="no article8.txt"):
        read_ptc(tmp_path)
    (tmp_path / "x.labels").write_text("7\t0\t5\n", encoding="utf-8")
    assert read_ptc(tmp_path).spans[["label", "surface"]].values.tolist() == [["propaganda", "Short"]]


def test_read_bias_table_locates_every_listed_word():
    b = read_bias_table(FIX / "bias.csv", id="id")
    assert list(b.documents["doc_id"]) == ["s1", "s2", "s3"]
    assert b.spans[["doc_id", "start", "end", "surface"]].values.tolist() == [
        ["s1", 4, 11, "radical"],
        ["s1", 26, 33, "radical"],
        ["s1", 34, 38, "plan"],
        ["s3", 2, 11, "so-called"],
        ["s3", 19, 23, "lied"],
    ]
    assert set(b.spans["label"]) == {"biased"}
    assert b.report.values.tolist() == [["s3", "word not found", "missing"]]
    frame = pd.DataFrame({"sentence": ["Evil plans."], "biased_words": [["evil"]]})
    assert read_bias_table(frame).spans[["doc_id", "surface"]].values.tolist() == [["row0", "Evil"]]
    with pytest.raises(AnnotationError, match="no column 'words'"):
        read_bias_table(frame, words="words")


def test_read_jsonl_accepts_objects_and_lists():
    j = read_annotated(FIX / "spans.jsonl")
    assert list(j.documents["doc_id"]) == ["a", "line2"]
    assert j.spans[["start", "end", "label", "surface"]].values.tolist() == [
        [9, 17, "Name_Calling,Labeling", "traitors"],
        [22, 27, "Loaded_Language", "thugs"],
    ]


def test_read_jsonl_rejects_spans_outside_the_text(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "abc", "spans": [[1, 9, "x"]]}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad.jsonl:1: span 0 \(1, 9\) is not a non-empty range"):
        read_jsonl(p)
    with pytest.raises(AnnotationError, match="unsupported suffix '.txt'"):
        (tmp_path / "a.txt").write_text("x", encoding="utf-8")
        read_annotated(tmp_path / "a.txt")


# ---------------------------------------------------------------------------- measures


def test_micro_overlap_and_exact_exact_values(toy_results):
    assert list(toy_results.columns) == list(RESULTS)
    o = _row(toy_results, "overlap", "micro", "all")
    # 6 predictions, 3 overlap gold (regime, thug, liar); 4 gold spans once, 3 found
    assert (o["n_pred"], o["tp"], o["n_gold"], o["found"]) == (6, 3, 4, 3)
    assert (o["precision"], o["recall"], o["f1"]) == (0.5, 0.75, pytest.approx(0.6))
    e = _row(toy_results, "exact", "micro", "all")
    assert (e["n_pred"], e["tp"], e["n_gold"], e["found"]) == (6, 2, 4, 2)
    assert (e["precision"], e["recall"], e["f1"]) == (pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    assert math.isnan(o["precision_lo"]) and math.isnan(e["f1_hi"])


def test_per_category_and_per_label_exact_values(toy_results):
    a = _row(toy_results, "overlap", "category", "A")
    assert (a["n_pred"], a["tp"], a["found"], a["precision"], a["recall"]) == (3, 3, 3, 1.0, 0.75)
    b = _row(toy_results, "overlap", "category", "B")
    assert (b["n_pred"], b["tp"], b["found"], b["precision"], b["recall"], b["f1"]) == (3, 0, 0, 0.0, 0.0, 0.0)
    ea = _row(toy_results, "exact", "category", "A")
    assert (ea["tp"], ea["precision"], ea["recall"]) == (2, pytest.approx(2 / 3), 0.5)
    ll = _row(toy_results, "overlap", "label", "Loaded_Language")
    assert (ll["n_gold"], ll["found"], ll["recall"], ll["tp"]) == (2, 2, 1.0, 2)
    nc = _row(toy_results, "overlap", "label", "Name_Calling,Labeling")
    assert (nc["n_gold"], nc["found"], nc["recall"], nc["precision"]) == (
        3,
        2,
        pytest.approx(2 / 3),
        pytest.approx(1 / 3),
    )
    enc = _row(toy_results, "exact", "label", "Name_Calling,Labeling")
    assert (enc["found"], enc["recall"]) == (2, pytest.approx(2 / 3))
    assert list(toy_results["scope"]) == ["micro", "category", "category", "label", "label"] * 2
    assert "Doubt" not in set(toy_results["group"])


def test_labels_choose_the_gold_spans(ptc):
    found = hits(ptc.documents, TOY, sentences=False)
    doubt = evaluate(found, ptc, labels=["Doubt"], match="overlap", n_boot=0)
    m = _row(doubt, "overlap", "micro", "all")
    assert (m["tp"], m["n_gold"], m["found"]) == (0, 1, 0)
    every = _row(evaluate(found, ptc, labels=None, match="overlap", n_boot=0), "overlap", "micro", "all")
    assert (every["n_gold"], every["found"]) == (5, 3)


def test_bootstrap_interval_over_articles_is_exact_and_seeded(ptc):
    found = hits(ptc.documents, TOY, sentences=False)
    r = evaluate(found, ptc, match="overlap", n_boot=200, random_state=3)
    m = _row(r, "overlap", "micro", "all")
    # resamples of two articles: {1,1} precision 1/3, {2,2} 2/3, {1,2} 1/2
    assert (m["precision_lo"], m["precision_hi"]) == (pytest.approx(1 / 3), pytest.approx(2 / 3))
    assert (m["recall_lo"], m["recall_hi"]) == (0.5, 1.0)
    again = evaluate(found, ptc, match="overlap", n_boot=200, random_state=3)
    pd.testing.assert_frame_equal(r, again)


def test_evaluate_argument_errors(ptc):
    found = hits(ptc.documents, TOY, sentences=False)
    with pytest.raises(ValueError, match="match must be 'overlap', 'exact'"):
        evaluate(found, ptc, match="fuzzy")
    with pytest.raises(ValueError, match="labels: Nope not among the gold labels"):
        evaluate(found, ptc, labels=["Nope"])
    with pytest.raises(ValueError, match="predictions: missing column"):
        evaluate(found.drop(columns="category"), ptc)
    with pytest.raises(ValueError, match="n_boot must be a non-negative integer"):
        evaluate(found, ptc, n_boot=-1)
    with pytest.raises(TypeError, match="annotated must be an Annotated"):
        evaluate(found, ptc.spans)
    with pytest.raises(ValueError, match="ci must be a number between 0 and 1"):
        evaluate(found, ptc, ci=95)


def test_level_is_the_deprecated_name_of_ci(ptc):
    found = hits(ptc.documents, TOY, sentences=False)
    with pytest.warns(DeprecationWarning, match=r"evaluate\(level=...\) is deprecated; pass ci="):
        old = evaluate(found, ptc, match="overlap", n_boot=50, level=0.8)
    pd.testing.assert_frame_equal(old, evaluate(found, ptc, match="overlap", n_boot=50, ci=0.8))
    with pytest.warns(DeprecationWarning, match=r"validate\(level=...\)"):
        validate(ptc, TOY, baselines=False, n_boot=10, level=0.8)


def test_evaluate_does_not_mutate_its_inputs(ptc):
    found = hits(ptc.documents, TOY, sentences=False)
    before, spans = found.copy(), ptc.spans.copy()
    evaluate(found, ptc, n_boot=10)
    pd.testing.assert_frame_equal(found, before)
    pd.testing.assert_frame_equal(ptc.spans, spans)


# ---------------------------------------------------------------------------- validate + baselines


def test_validate_builtin_lexicon_and_baselines_on_the_fixture(ptc):
    r = validate(ptc, n_boot=0)
    assert list(dict.fromkeys(r["lexicon"])) == ["lexicon", "vader", "random"]
    s = summary(r)
    # built-in: regime, brave, thug, liar all overlap gold; exact: thug, liar
    assert s[["lexicon", "n_pred", "tp", "found"]].values.tolist() == [
        ["lexicon", 4, 4, 4],
        ["vader", 2, 1, 1],
        ["random", 21, 6, 4],
    ]
    assert summary(r, match="exact")["tp"].tolist() == [2, 1, 2]


def test_vader_baseline_is_the_strongly_negative_words():
    v = vader_baseline()
    assert len(v) == 2222
    terms = set(v.table["term"])
    assert {"liar", "terrorist", "evil", "crisis"} <= terms and not {"thug", "protest"} & terms  # VADER has no thug
    assert len(vader_baseline(-3.0)) < len(v)


def test_random_baseline_on_the_two_articles(corpus):
    docs = corpus.documents
    assert len(vocabulary(docs)) == 457
    r = random_baseline(docs, 5, random_state=0)
    assert list(r.table["term"]) == ["denied", "election", "lithuania", "people", "symbols"]
    assert list(random_baseline(docs, 5, random_state=0).table["term"]) == list(r.table["term"])
    with pytest.raises(ValueError, match="size 9999 exceeds the vocabulary"):
        random_baseline(docs, 9999)


def test_lexicon_against_its_own_hits_on_the_two_articles_is_perfect(corpus):
    found = hits(corpus.documents, load_lexicon().loaded(), sentences=False)
    gold = found.assign(label="Loaded_Language").rename(columns={"surface": "surface"})
    annotated = Annotated(corpus.documents[["doc_id", "text"]], gold[["doc_id", "start", "end", "label", "surface"]])
    r = evaluate(found, annotated, labels=["Loaded_Language"], n_boot=0)
    m = _row(r, "exact", "micro", "all")
    assert (m["precision"], m["recall"], m["f1"]) == (1.0, 1.0, 1.0)
    assert set(found["doc_id"]) == {FOX, UNNAMED}
    vad = hits(corpus.documents, vader_baseline(), sentences=False)
    assert vad.groupby("doc_id").size().to_dict() == {FOX: 15, UNNAMED: 6}


# ---------------------------------------------------------------------------- CLI


def test_cli_validate_prints_and_writes_the_table(tmp_path, capsys):
    out = tmp_path / "v.csv"
    assert main(["validate", str(FIX / "ptc"), "--n-boot", "0", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == list(RESULTS)
    assert summary(table)["tp"].tolist() == [4, 1, 6]
    printed = capsys.readouterr().out
    assert "2 documents, 5 gold spans" in printed and "lexicon" in printed
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


# ---------------------------------------------------------------------------- coverage + figures


def test_coverage_of_the_builtin_lexicon_on_the_two_articles(corpus):
    cov = coverage(corpus)
    assert list(cov.columns) == list(COVERAGE)
    assert cov[["category", "n_firing", "hits", "docs_with_hit"]].values.tolist() == [
        ["delegitimizing_attribution", 5, 6, 1],
        ["threat_aggression", 6, 6, 2],
        ["exaggeration", 4, 5, 2],
        ["dismissal", 3, 4, 1],
        ["illegitimacy_fraud", 3, 4, 1],
        ["extremist_label", 2, 2, 1],
        ["attack_reporting", 0, 0, 0],
        ["evaluative", 0, 0, 0],
        ["pejorative", 0, 0, 0],
        ["victimhood_heroism", 0, 0, 0],
    ]
    assert cov["n_entries"].sum() == len(load_lexicon().loaded())
    toy = coverage(read_ptc(FIX / "ptc").documents, TOY)
    assert toy.values.tolist() == [["A", 3, 3, 1.0, 3, 2], ["B", 3, 3, 1.0, 3, 2]]


def test_precision_recall_figure_draws_one_point_per_lexicon(ptc):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing.report.plots_validate import plot_coverage, plot_precision_recall

    r = validate(ptc, n_boot=20)
    ax = plot_precision_recall(r, match="exact")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "lexicon: P 0.50, R 0.50, F1 0.50",
        "vader: P 0.50, R 0.25, F1 0.33",
        "random: P 0.10, R 0.50, F1 0.16",
    ]
    with pytest.raises(ValueError, match="match 'fuzzy' is not in the results"):
        plot_precision_recall(r, match="fuzzy")
    caption = ptc.describe(name="ptc")
    assert caption == "Gold: ptc · 2 documents · 5 spans (4 distinct) labelled Loaded_Language; Name_Calling,Labeling"
    assert ptc.describe(None) == "Gold: 2 documents · 6 spans (5 distinct) labelled any label"
    captioned = plot_precision_recall(r, match="exact", caption=caption)
    assert [t.get_text() for t in captioned.figure.texts] == [caption]
    # category labels never start closer than 0.025 (precision) to one another when near in recall
    spots = sorted((a.xyann for a in captioned.texts if hasattr(a, "xyann")), key=lambda xy: -xy[1])
    assert len(spots) == len(r[(r["match"] == "exact") & (r["lexicon"] == "lexicon") & (r["scope"] == "category")])
    for i, (x1, y1) in enumerate(spots):
        for x2, y2 in spots[i + 1 :]:
            assert abs(x1 - x2) >= 0.15 or y1 - y2 >= 0.025 - 1e-9
    ax2 = plot_coverage(coverage(ptc.documents, TOY))
    assert [t.get_text() for t in ax2.get_yticklabels()] == ["A", "B"]
    assert ax2.figure.texts == []  # no caption asked for
    table = coverage(ptc.documents, TOY).assign(category=["loaded_label", "B"])
    ax3 = plot_coverage(table, caption="Corpus: toy")
    assert [t.get_text() for t in ax3.get_yticklabels()] == ["loaded label", "B"]
    assert [t.get_text() for t in ax3.figure.texts] == ["Corpus: toy"]
    plt.close("all")
