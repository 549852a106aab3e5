"""framing.learned: the learned weighting (training, scoring, weights file) and its validation tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import ROOT

import framing as fr
from framing.cli import main
from framing.learned import (
    WEIGHTED_HITS,
    WEIGHTED_SCORES,
    WEIGHTS,
    WeightsError,
    check_weights,
    cross_validate,
    load_weights,
    read_weights,
    token_labels,
    tokens,
    train_weights,
    weighted_hits,
    weighted_scores,
    write_weights,
)
from framing.lexicon import Lexicon
from framing.score import hits
from framing.validate import (
    Annotated,
    article_correlations,
    bias_lexicon_baseline,
    entry_precision,
    gold_density,
    read_ptc,
    spearman,
)

PTC = ROOT / "tests" / "fixtures" / "validate" / "ptc"

# Hand-built weights: a word's log-odds is the sum of the rows that apply to it.
HAND = pd.DataFrame(
    [
        ("bias", "(intercept)", -1.0),
        ("vader_valence", "vader_valence", -0.5),
        ("vader_intensity", "vader_intensity", 0.25),
        ("in_quote", "in_quote", 1.0),
        ("word", "slammed", 2.0),
        ("prev", "they", 0.5),
        ("next", "the", -0.25),
    ],
    columns=["feature", "term", "weight"],
)
# "bad" has VADER valence -2.5 (vaderSentiment 3.3.2); "slammed" none.
DOCS = pd.DataFrame({"doc_id": ["a", "b"], "text": ["They slammed the bad plan.", 'She said "slammed" twice.']})


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# --------------------------------------------------------------------------------------
# Scoring by a weights table
# --------------------------------------------------------------------------------------


def test_weighted_hits_are_the_sum_of_their_rows():
    h = weighted_hits(DOCS, HAND)
    assert list(h.columns) == list(WEIGHTED_HITS)
    assert list(h["surface"]) == ["slammed", "bad", "slammed"]
    assert list(h["voice"]) == ["author", "author", "fragment"]
    # slammed in a: -1 + 2 (word) + 0.5 (prev they) - 0.25 (next the) = 1.25
    # bad: -1 + (-0.5)(-2.5) + 0.25 * 2.5 = 0.875;  slammed quoted in b: -1 + 2 + 1 (in_quote) = 2.0
    assert list(h["weight"]) == [1.25, 0.875, 2.0]
    assert list(h["w_prev"]) == [0.5, 0.0, 0.0]
    assert list(h["w_next"]) == [-0.25, 0.0, 0.0]
    assert list(h["w_vader"]) == [0.0, 1.875, 0.0]
    assert list(h["w_quote"]) == [0.0, 0.0, 1.0]
    assert list(h[["start", "end"]].itertuples(index=False, name=None)) == [(5, 12), (17, 20), (10, 17)]
    assert h["probability"].tolist() == pytest.approx([_sig(1.25), _sig(0.875), _sig(2.0)])


def test_weighted_scores_per_1000_words():
    s = weighted_scores(DOCS, HAND)
    assert list(s.columns) == list(WEIGHTED_SCORES)
    a, b = s.iloc[0], s.iloc[1]
    assert (a["n_tokens"], a["n_tokens_author"], b["n_tokens"], b["n_tokens_author"]) == (5, 5, 4, 2)
    assert a["learned_hits"] == 2 and a["learned_per_1k"] == 400.0
    assert a["learned_weighted_per_1k"] == 1000 * (1.25 + 0.875) / 5
    assert b["learned_hits"] == 1 and b["learned_weighted_per_1k"] == 500.0
    assert b["learned_hits_author"] == 0 and b["learned_weighted_author_per_1k"] == 0.0
    # no threshold: every word's probability; "the" in a: -1 - 0 (prev slammed has no row) = -1
    za = [-1.0 + 0.0, 1.25, -1.0, 0.875, -1.0]  # they (next slammed: no row), slammed, the, bad, plan
    assert a["learned_expected_per_1k"] == pytest.approx(1000 * sum(map(_sig, za)) / 5)


def test_an_empty_document_scores_zero():
    docs = pd.DataFrame({"doc_id": ["e"], "text": [""]})
    s = weighted_scores(docs, HAND)
    assert s.iloc[0]["n_tokens"] == 0 and s.iloc[0]["learned_weighted_per_1k"] == 0.0


# --------------------------------------------------------------------------------------
# The weights file
# --------------------------------------------------------------------------------------


def test_the_built_in_weights_load_and_start_with_the_intercept():
    table = load_weights()
    assert list(table.columns) == list(WEIGHTS)
    assert table.iloc[0]["feature"] == "bias" and table.iloc[0]["weight"] < 0
    assert list(table["feature"].iloc[1:4]) == ["vader_valence", "vader_intensity", "in_quote"]
    assert not table.duplicated(["feature", "term"]).any()


def test_write_then_read_round_trips(tmp_path):
    path = write_weights(check_weights(HAND), tmp_path / "w.csv", "trained on nothing\nsecond line")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# trained on nothing\n# second line\nfeature,term,weight,support,loaded\n")
    back = read_weights(path)
    assert back.equals(check_weights(HAND))
    assert weighted_scores(DOCS, path).equals(weighted_scores(DOCS, HAND))


def test_feature_defaults_to_word_and_terms_are_normalized():
    table = check_weights(pd.DataFrame({"term": ["Slammed", "ABC"], "weight": ["1.5", 2]}))
    assert list(table["term"]) == ["abc", "slammed"] and list(table["feature"]) == ["word", "word"]
    assert list(table["support"]) == [0, 0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("feature,term,weight,colour\nword,x,1,red\n", "w.csv: unknown column(s) colour; allowed: feature, term"),
        ("feature,term\nword,x\n", "w.csv: missing column(s) weight"),
        ("# note\nfeature,term,weight\nword,x,1\nword,y,high\n", "w.csv: line 4: weight 'high' is not a number"),
        ("feature,term,weight\nword,x,1\nword,X,2\n", "w.csv: line 3: word 'x' repeats line 2"),
        ("feature,term,weight\nadjective,x,1\n", "w.csv: line 2: feature 'adjective' is not one of bias"),
        ("feature,term,weight,support\nword,x,1,-3\n", "w.csv: line 2: support '-3' is not a non-negative"),
        ("feature,term,weight\nword,,1\n", "w.csv: line 2: empty term"),
        ("feature,term,weight\nword,x,inf\n", "w.csv: line 2: weight 'inf' is not a number"),
        ("feature,term,weight\nbias,x,1\n", "w.csv: line 2: a bias row has term '(intercept)', not 'x'"),
        ("# only a comment\n", "w.csv: no header row"),
    ],
)
def test_bad_weights_files_name_the_file_and_line(tmp_path, body, message):
    path = tmp_path / "w.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(WeightsError) as err:
        read_weights(path)
    assert message in str(err.value)


def test_weights_argument_checks(tmp_path):
    with pytest.raises(WeightsError, match="does not exist"):
        load_weights(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="weights must be None, a CSV path or a DataFrame"):
        load_weights(3)


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------


def _toy() -> Annotated:
    texts = [
        "Critics slammed the plan.",
        "They slammed the deal today.",
        "Voters slammed the tax.",
        "The plan passed today.",
        "The deal passed.",
        "The tax passed today.",
    ]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "text": texts})
    spans = [(f"d{i}", t.index("slammed"), t.index("slammed") + 7, "Loaded_Language", "slammed")
             for i, t in enumerate(texts[:3])]
    spans.append(("d3", 0, 3, "Doubt", "The"))  # not a loaded label: not a positive
    return Annotated(docs, pd.DataFrame(spans, columns=["doc_id", "start", "end", "label", "surface"]))


def test_token_labels_mark_words_overlapping_a_chosen_span():
    toy = _toy()
    toks = tokens(toy.documents)
    y = token_labels(toks, toy.spans, ["Loaded_Language"])
    assert list(toks.loc[y == 1, "term"]) == ["slammed"] * 3
    assert token_labels(toks, toy.spans, "Doubt").sum() == 1
    # a span over parts of two words marks both
    both = pd.DataFrame([("d3", 2, 6, "Loaded_Language", "e pl")], columns=toy.spans.columns)
    assert list(toks.loc[token_labels(toks, both, ["Loaded_Language"]) == 1, "term"]) == ["the", "plan"]


def test_training_is_deterministic_and_readable():
    toy = _toy()
    t1 = train_weights(toy, min_count=1)
    t2 = train_weights(toy, min_count=1)
    assert t1.equals(t2)
    assert list(t1.columns) == list(WEIGHTS)
    bias = t1.iloc[0]
    assert (bias["feature"], bias["term"], bias["support"], bias["loaded"]) == ("bias", "(intercept)", 24, 3)
    words = t1[t1["feature"] == "word"]
    assert words.iloc[0]["term"] == "slammed" and words.iloc[0]["weight"] > 0
    assert (words.iloc[0]["support"], words.iloc[0]["loaded"]) == (3, 3)
    assert list(t1["feature"].iloc[1:4]) == ["vader_valence", "vader_intensity", "in_quote"]
    assert t1[t1["feature"] == "in_quote"]["support"].tolist() == [0]  # no quotation: listed with weight 0
    # min_count: no word is seen 7 times ("the" 6), so only the intercept and the numeric rows are left
    assert list(train_weights(toy, min_count=7)["feature"]) == ["bias", "vader_valence", "vader_intensity", "in_quote"]


def test_training_needs_both_kinds_of_word():
    toy = _toy()
    with pytest.raises(ValueError, match="tokens of both kinds"):
        train_weights(Annotated(toy.documents, toy.spans.iloc[:0]))
    with pytest.raises(ValueError, match="c must be a positive number"):
        train_weights(toy, c=0)


def test_cross_validation_scores_each_article_out_of_fold():
    toy = _toy()
    h1, s1 = cross_validate(toy, n_folds=3, min_count=1)
    h2, s2 = cross_validate(toy, n_folds=3, min_count=1)
    assert h1.equals(h2) and s1.equals(s2)
    assert list(s1["doc_id"]) == list(toy.documents["doc_id"])
    assert set(h1["fold"]) <= {0, 1, 2}
    with pytest.raises(ValueError, match="n_folds 7 exceeds the number of documents"):
        cross_validate(toy, n_folds=7)


def test_learn_weights_command_writes_a_file_that_regenerates_identically(tmp_path, capsys):
    out1, out2 = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["learn-weights", str(PTC), "-o", str(out1), "--min-count", "1"]) == 0
    assert main(["learn-weights", str(PTC), "-o", str(out2), "--min-count", "1"]) == 0
    a, b = out1.read_text(encoding="utf-8"), out2.read_text(encoding="utf-8")
    assert a.replace("a.csv", "b.csv") == b
    assert f"# Regenerate: python -m framing learn-weights {PTC} -o {out1} --min-count 1" in a
    assert read_weights(out1).iloc[0]["feature"] == "bias"
    assert main(["learn-weights", str(tmp_path), "-o", str(out1)]) == 2
    assert "no article<ID>.txt files" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# Validation: article density, Spearman, per-entry precision, the bias-lexicon baseline
# --------------------------------------------------------------------------------------


def test_spearman_exact_values():
    assert spearman([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert spearman([1, 1, 2, 3], [1, 2, 3, 4]) == pytest.approx(3 / math.sqrt(10))  # ties: average ranks
    assert spearman([4, 3, 2, 1], [10, 20, 30, 40]) == pytest.approx(-1.0)
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))
    with pytest.raises(ValueError, match="same length"):
        spearman([1, 2], [1, 2, 3])


def test_gold_density_counts_distinct_chosen_spans_per_1000_words():
    ptc = read_ptc(PTC)
    d = gold_density(ptc)
    # article1: 14 words (title line included), LL + NC (Doubt not chosen); article2: 7 words, NC + (LL and NC
    # at the same offsets, one span)
    assert list(d["doc_id"]) == ["1", "2"]
    assert list(d["n_tokens"]) == [14, 7]
    assert list(d["gold_spans"]) == [2, 2]
    assert d["gold_per_1k"].tolist() == pytest.approx([2000 / 14, 2000 / 7])
    assert list(gold_density(ptc, ["Doubt"])["gold_spans"]) == [1, 0]


def test_article_correlations_with_a_bootstrap_interval():
    density = pd.DataFrame({"doc_id": list("abcde"), "gold_per_1k": [1.0, 2.0, 3.0, 4.0, 5.0]})
    measures = {"same": pd.Series([10, 20, 30, 40, 50], index=list("abcde")),
                "mixed": pd.Series([1, 3, 2, 5, 4], index=list("abcde"))}
    t = article_correlations(measures, density, n_boot=0)
    assert list(t["measure"]) == ["same", "mixed"]
    assert t["spearman"].tolist() == pytest.approx([1.0, 0.8])
    assert t["spearman_lo"].isna().all()
    b1 = article_correlations(measures, density, n_boot=200, random_state=3)
    assert b1.equals(article_correlations(measures, density, n_boot=200, random_state=3))
    assert b1.loc[0, "spearman_lo"] == 1.0 and b1.loc[0, "spearman_hi"] == 1.0
    assert b1.loc[1, "spearman_lo"] <= 0.8 <= b1.loc[1, "spearman_hi"]
    with pytest.raises(ValueError, match="measure 'short' has no value for 1 article"):
        article_correlations({"short": measures["same"].iloc[:4]}, density, n_boot=0)


def test_entry_precision_per_term():
    ptc = read_ptc(PTC)
    toy = Lexicon.from_table(pd.DataFrame({"term": ["regime", "thug", "liar", "crushed", "spoke", "officials"],
                                           "category": ["A", "A", "A", "B", "B", "B"]}))
    e = entry_precision(ptc, hits=hits(ptc.documents, toy, sentences=False))
    assert list(e["term"]) == ["crushed", "liar", "officials", "regime", "spoke", "thug"]
    assert list(e["correct"]) == [0, 1, 0, 1, 0, 1]
    assert list(e["precision"]) == [0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    assert list(e["hits"]) == [1] * 6
    assert (e["precision_lo"] <= e["precision"]).all() and (e["precision"] <= e["precision_hi"]).all()


def test_bias_lexicon_baseline_reads_a_word_list(tmp_path):
    path = tmp_path / "bias.txt"
    path.write_text("# a list\nliar\nso-called\n\nThug\n:)\n", encoding="utf-8")
    lex = bias_lexicon_baseline(path)
    assert sorted(lex.table["term"]) == ["liar", "so-called", "thug"]
    assert set(lex.table["category"]) == {"bias_lexicon"}


def test_validate_command_article_level_and_tables(tmp_path, capsys):
    words = tmp_path / "bias.txt"
    words.write_text("thug\nliar\ncorrupt\n", encoding="utf-8")
    tables = tmp_path / "tables"
    tables.mkdir()
    code = main(["validate", str(PTC), "--article-level", "--bias-lexicon", str(words), "--tables", str(tables),
                 "--n-boot", "20"])
    assert code == 0
    out = capsys.readouterr().out
    assert "bias_lexicon_author" in out and "Spearman" in out
    assert sorted(p.name for p in tables.iterdir()) == ["articles.csv", "correlations.csv", "entries.csv",
                                                        "results.csv"]


def test_full_validation_runs_every_measure_on_the_same_articles(tmp_path):
    from framing.validate import full_validation

    words = tmp_path / "bias.txt"
    words.write_text("slammed\npassed\n", encoding="utf-8")
    toy = _toy()
    lex = Lexicon.from_table(pd.DataFrame({"term": ["slammed", "tax"], "category": ["A", "B"]}))
    out = full_validation(toy, lex, bias_lexicon=words, labels=["Loaded_Language"], n_boot=0, n_folds=3)
    assert sorted(out) == ["articles", "correlations", "entries", "results"]
    micro = out["results"][(out["results"]["scope"] == "micro") & (out["results"]["match"] == "overlap")]
    assert list(micro["lexicon"]) == ["lexicon", "vader", "bias_lexicon", "random", "learned_cv"]
    first = micro.iloc[0]
    assert (first["n_pred"], first["tp"], first["found"], first["n_gold"]) == (5, 3, 3, 3)  # 3 slammed + 2 tax
    assert list(out["entries"]["term"]) == ["slammed", "tax"] and list(out["entries"]["correct"]) == [3, 0]
    arts = out["articles"]
    assert list(arts["gold_spans"]) == [1, 1, 1, 0, 0, 0]
    assert arts["lexicon_all"].tolist() == pytest.approx([250.0, 200.0, 500.0, 0.0, 0.0, 250.0])
    assert list(out["correlations"]["measure"]) == [
        "lexicon_all", "lexicon_author", "vader_all", "vader_author", "bias_lexicon_all", "bias_lexicon_author",
        "learned_cv_weighted_all", "learned_cv_weighted_author", "learned_cv_expected_all",
        "learned_cv_expected_author"]


def test_both_measures_side_by_side_on_the_seed_articles():
    from framing.learned import document_measures, group_measures
    from framing.voice import Analysis, label_spans

    corpus = fr.load_corpus(ROOT / "corpus")
    m = document_measures(corpus, label_spans(hits(corpus), corpus))
    assert m["doc_id"].tolist() == ["fox-2020-08-23", "unnamed-2020-11"]
    assert m["n_tokens"].tolist() == [512, 394] and m["n_tokens_author"].tolist() == [265, 275]
    assert m["curated_hits"].tolist() == [12, 15] and m["curated_hits_author"].tolist() == [3, 10]
    assert m["curated_per_1k"].tolist() == [1000 * 12 / 512, 1000 * 15 / 394]
    assert m["curated_author_per_1k"].tolist() == [1000 * 3 / 265, 1000 * 10 / 275]
    assert m["learned_hits"].tolist() == [0, 0]
    analysis = Analysis()  # the words of the voice parses (the report's pass): the same table
    given = document_measures(corpus, label_spans(hits(corpus), corpus), words=lambda text: analysis.of(text).words)
    assert len(analysis) == 2
    pd.testing.assert_frame_equal(given, m)
    g = group_measures(m, corpus)
    assert g["outlet"].tolist() == ["Fox News", "Unnamed pro-Kremlin outlet"] and g["documents"].tolist() == [1, 1]
    assert g["learned_expected_author_per_1k"].tolist() == pytest.approx(m["learned_expected_author_per_1k"].tolist())


def test_group_measures_pool_the_text_not_the_document_rates():
    from framing.learned import MEASURES, group_measures

    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "text": ["x", "y"]})
    m = pd.DataFrame({c: [0, 0] for c in MEASURES}).assign(
        doc_id=["a", "b"], n_tokens=[100, 300], n_tokens_author=[50, 150], curated_hits=[1, 9],
        curated_hits_author=[1, 0], learned_hits=[2, 2], learned_expected_per_1k=[10.0, 30.0])
    g = group_measures(m, docs)
    assert g[["documents", "n_tokens", "curated_hits"]].iloc[0].tolist() == [2, 400, 10]
    assert g["curated_per_1k"].iloc[0] == 25.0 and g["curated_author_per_1k"].iloc[0] == 5.0
    assert g["learned_per_1k"].iloc[0] == 10.0
    assert g["learned_expected_per_1k"].iloc[0] == pytest.approx(1000 * (1.0 + 9.0) / 400)


def test_a_checked_table_is_passed_on_and_a_changed_one_checked_again():
    table = load_weights(pd.DataFrame({"feature": ["bias", "word"], "term": ["", "Regime"], "weight": [-1.0, 2.0]}))
    again = load_weights(table)
    pd.testing.assert_frame_equal(again, table)
    assert again is not table
    changed = table.copy()
    changed.loc[1, "weight"] = float("nan")  # the copy keeps the mark of the checked table, not its contents
    with pytest.raises(WeightsError, match="not a number"):
        load_weights(changed)
    renamed = table.copy()
    renamed.loc[1, "term"] = "Junta"
    assert load_weights(renamed)["term"].tolist() == ["(intercept)", "junta"]  # normalized, as any new table
