"""framing.wordshift: Gallagher et al. (2021) word-shift decomposition."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from vaderSentiment import vaderSentiment as vader_module

from framing.sentiment import NEGATION_SCALAR, NONE, OWN, REVERSED, vader_lexicon, word_readings
from framing.text import name_words, tokens
from framing.wordshift import KINDS, SHIFT, shift_components, word_shift

FOX_OUTLET = "Fox News"
UNNAMED_OUTLET = "Unnamed pro-Kremlin outlet"
TOY_LEXICON = {"good": 2.0, "bad": -2.0, "fine": 1.0}


@pytest.fixture(scope="module")
def toy():
    return pd.DataFrame(
        {
            "doc_id": ["a1", "b1", "c1"],
            "outlet": ["A", "B", "C"],
            "text": ["Good, bad and BAD table.", "Good good fine.", "Nothing to score here."],
        }
    )


@pytest.fixture(scope="module")
def shift(corpus):
    return word_shift(corpus, FOX_OUTLET, UNNAMED_OUTLET)


def test_toy_shift_by_hand(toy):
    out = word_shift(toy, "A", "B", lexicon=TOY_LEXICON)
    assert tuple(out.columns) == SHIFT
    # a: good, bad, bad -> mean -2/3; b: good, good, fine -> mean 5/3; s_ref = mean of a
    assert out.attrs["mean_a"] == pytest.approx(-2 / 3) and out.attrs["mean_b"] == pytest.approx(5 / 3)
    assert out.attrs["s_ref"] == pytest.approx(-2 / 3) and (out.attrs["n_a"], out.attrs["n_b"]) == (3, 3)
    assert out["word"].tolist() == ["bad", "good", "fine"]  # |8/9|, |8/9| (tie: by word), 5/9
    assert out["count_a"].tolist() == [2, 1, 0] and out["count_b"].tolist() == [0, 2, 1]
    assert out["contribution"].tolist() == pytest.approx([8 / 9, 8 / 9, 5 / 9])
    assert out["kind"].tolist() == ["-↓", "+↑", "+↑"]
    assert out["kind_label"].tolist() == [KINDS["-↓"], KINDS["+↑"], KINDS["+↑"]]
    assert out["contribution"].sum() == pytest.approx(7 / 3, abs=1e-12)


def test_reference_choices_change_kinds_not_total(toy):
    combined = word_shift(toy, "A", "B", lexicon=TOY_LEXICON, reference="combined")
    assert combined.attrs["s_ref"] == pytest.approx(0.5)  # (2 - 4 + 4 + 1) / 6
    assert combined.set_index("word")["contribution"].to_dict() == pytest.approx(
        {"good": 1 / 3 * 1.5, "bad": -2 / 3 * -2.5, "fine": 1 / 3 * 0.5}
    )
    zero = word_shift(toy, "A", "B", lexicon=TOY_LEXICON, reference=0)
    for frame in (combined, zero):
        assert frame["contribution"].sum() == pytest.approx(7 / 3, abs=1e-12)


def test_no_lexicon_word_gives_empty_table_not_division_by_zero(toy):
    out = word_shift(toy, "A", "C", lexicon=TOY_LEXICON)
    assert len(out) == 0 and tuple(out.columns) == SHIFT
    assert out["contribution"].sum() == 0
    assert out.attrs["n_b"] == 0 and math.isnan(out.attrs["mean_b"]) and math.isnan(out.attrs["difference"])
    assert out.attrs["mean_a"] == pytest.approx(-2 / 3)
    assert shift_components(out)["contribution"].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_articles_contributions_sum_to_difference(corpus, shift):
    assert abs(shift["contribution"].sum() - shift.attrs["difference"]) < 1e-9
    # words of names unscored: Fox "Assurance" (1.4), unnamed "United" (1.8) and "Warsaw" (-0.1); Fox's "poses no
    # threat" as VADER reads it: "no" (-1.2) no valence of its own, "threat" (-2.4) reversed: "¬threat" +1.776
    assert (shift.attrs["n_a"], shift.attrs["n_b"]) == (43, 30)
    assert shift.attrs["mean_a"] == pytest.approx((-20.0 + 1.2 + 2.4 - 2.4 * -0.74) / 43, abs=1e-12)
    assert shift.attrs["mean_b"] == pytest.approx(-6.1 / 30, abs=1e-12)
    assert shift["word"].head(3).tolist() == ["special", "terrorist", "integrity"]
    top = shift.iloc[0]
    assert (top["count_a"], top["count_b"], top["s"], top["kind"]) == (0, 2, 1.7, "+↑")
    assert top["contribution"] == pytest.approx(2 / 30 * (1.7 - shift.attrs["mean_a"]))
    # the averages, recomputed from the token table and VADER's lexicon, less the words of names (and, for Fox,
    # VADER's reading of "poses no threat")
    lex = vader_lexicon().set_index("word")["valence"]
    toks = tokens(corpus).merge(corpus.documents[["doc_id", "outlet"]])
    names = {(d, s) for d, t in zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True)
             for s, _ in name_words(t)}
    toks = toks[[k not in names for k in zip(toks["doc_id"], toks["start"], strict=True)]]
    scored = toks[toks["norm"].isin(lex.index)]
    means = scored.assign(s=scored["norm"].map(lex)).groupby("outlet")["s"].mean()
    assert means[FOX_OUTLET] == pytest.approx(-20.0 / 44, abs=1e-12)
    assert means[UNNAMED_OUTLET] == pytest.approx(shift.attrs["mean_b"], abs=1e-12)
    assert shift.set_index("word").loc["¬threat", ["count_a", "count_b", "s"]].tolist() == [1, 0, pytest.approx(1.776)]


def test_components_sum_to_total(shift):
    comp = shift_components(shift)
    assert comp["kind"].tolist() == list(KINDS)
    assert comp["n_words"].sum() == len(shift) == 57
    assert comp["contribution"].sum() == pytest.approx(shift.attrs["difference"], abs=1e-12)
    assert (comp["contribution"].iloc[:2] > 0).all() and (comp["contribution"].iloc[2:] < 0).all()


def test_exclude_and_voices(corpus, shift):
    no_protest = word_shift(corpus, FOX_OUTLET, UNNAMED_OUTLET, exclude={"protests", "PROTEST"})
    assert "protests" not in set(no_protest["word"])
    assert (no_protest.attrs["n_a"], no_protest.attrs["n_b"]) == (41, 24)  # 2 and 6 "protests" dropped
    author = word_shift(corpus, FOX_OUTLET, UNNAMED_OUTLET, voices="author")
    assert author.attrs["n_a"] < shift.attrs["n_a"]
    assert abs(author["contribution"].sum() - author.attrs["difference"]) < 1e-9
    by_doc = word_shift(corpus, "fox-2020-08-23", "unnamed-2020-11", by="doc_id")
    assert by_doc["contribution"].tolist() == shift["contribution"].tolist()


def test_lexicon_as_table(toy):
    table = pd.DataFrame({"word": ["good", "bad"], "score": [1.0, -1.0]})
    out = word_shift(toy, "A", "B", lexicon=table)
    assert out.attrs["mean_a"] == pytest.approx(-1 / 3) and out.attrs["mean_b"] == 1.0


def test_errors(toy):
    with pytest.raises(ValueError, match="compare two different groups"):
        word_shift(toy, "A", "A")
    with pytest.raises(ValueError, match="group_b='Z' is not a group"):
        word_shift(toy, "A", "Z")
    with pytest.raises(ValueError, match="by: no column 'colour' in the documents; the columns there are"):
        word_shift(toy, "A", "B", by="colour")
    with pytest.raises(ValueError, match="reference must be"):
        word_shift(toy, "A", "B", reference="b")
    with pytest.raises(ValueError, match="score of 'good' is not a number"):
        word_shift(toy, "A", "B", lexicon={"good": "high"})
    with pytest.raises(ValueError, match="needs a word"):
        word_shift(toy, "A", "B", lexicon=pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="unknown voice"):
        word_shift(toy, "A", "B", voices=["narrator"])
    with pytest.raises(ValueError, match="shift is not a word-shift table"):
        shift_components(pd.DataFrame({"word": []}))


def test_words_of_names_are_not_scored_unless_asked():
    docs = pd.DataFrame(
        {
            "doc_id": ["a1", "b1"],
            "outlet": ["A", "B"],
            "text": ["The ruling was bad, said the Supreme Court.", "Supreme Court rulings are good. It is good."],
        }
    )
    lexicon = {"supreme": 2.6, "good": 1.9, "bad": -2.5}
    out = word_shift(docs, "A", "B", lexicon=lexicon)
    # a1: "bad" ("Supreme" continues a sentence: a name); b1: "good" twice and "Supreme", which
    # only starts a sentence there (no evidence in b1 that it is a name)
    assert dict(zip(out["word"], zip(out["count_a"], out["count_b"], strict=True), strict=True)) == {
        "bad": (1, 0), "good": (0, 2), "supreme": (0, 1)
    }  # fmt: skip
    everything = word_shift(docs, "A", "B", lexicon=lexicon, score_names=True)
    assert (everything.attrs["n_a"], everything.attrs["n_b"]) == (2, 3)
    assert (out.attrs["n_a"], out.attrs["n_b"]) == (1, 3)
    # with voices the tokens table is filtered the same way
    voiced = word_shift(docs, "A", "B", lexicon=lexicon, voices=("author", "quote", "fragment", "reported"))
    assert (voiced.attrs["n_a"], voiced.attrs["n_b"]) == (1, 3)
    empty = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "text": ["", ""]})
    assert len(word_shift(empty, "A", "B", voices="author")) == 0  # no token: no row, no error
    with pytest.raises(TypeError, match="score_names must be True or False"):
        word_shift(docs, "A", "B", score_names=1)


def test_vader_readings_of_hand_built_sentences():
    # vaderSentiment 3.3.2's own rules (polarity_scores, sentiment_valence)
    assert word_readings("It was kind of a mess.") == [("kind", NONE), ("mess", OWN)]  # "kind of": a hedge
    assert word_readings("She is kind.") == [("kind", OWN)]
    assert word_readings("There is no hope here.") == [("no", NONE), ("hope", REVERSED)]  # "no" negates the next
    assert word_readings("They didn't win.") == [("win", REVERSED)]
    assert word_readings("They do not want war.") == [("want", REVERSED), ("war", REVERSED)]  # 3 words back
    assert word_readings("I like it.") == [("like", OWN)]  # no rule of VADER's for the preposition
    assert word_readings("Police said the bomb exploded.") == [("bomb", REVERSED)]  # VADER's idiom "the bomb": +3
    assert word_readings("The bomb exploded.") == [("bomb", OWN)]  # ... checked only from the fourth word on
    assert word_readings("No.") == []  # VADER keeps the period of a two-letter word: "No." is no lexicon word
    assert NEGATION_SCALAR == vader_module.N_SCALAR


def test_word_shift_reads_words_as_vader_does():
    docs = pd.DataFrame({"doc_id": ["a1", "b1"], "outlet": ["A", "B"],
                         "text": ["It was kind of a mess. They do not want a crisis.",
                                  "She is kind. There is no crisis."]})
    out = word_shift(docs, "A", "B")
    # a: mess -1.5, ¬want 0.3 * -0.74, ¬crisis -3.1 * -0.74 ("kind" of "kind of" unscored);
    # b: kind 2.4, ¬crisis ("no" before a lexicon word unscored)
    got = {w: (a, b, s) for w, a, b, s in zip(out["word"], out["count_a"], out["count_b"], out["s"], strict=True)}
    assert got == {"mess": (1, 0, -1.5), "¬want": (1, 0, pytest.approx(-0.222)),
                   "¬crisis": (1, 1, pytest.approx(2.294)), "kind": (0, 1, 2.4)}
    assert (out.attrs["n_a"], out.attrs["n_b"]) == (3, 2)
    assert out.attrs["mean_a"] == pytest.approx((-1.5 - 0.222 + 2.294) / 3, abs=1e-12)
    assert out.attrs["mean_b"] == pytest.approx((2.4 + 2.294) / 2, abs=1e-12)
    assert out["contribution"].sum() == pytest.approx(out.attrs["difference"], abs=1e-12)
    assert set(word_shift(docs, "A", "B", exclude={"crisis"})["word"]) == {"mess", "¬want", "kind"}
    # another dictionary counts its words as they stand
    plain = word_shift(docs, "A", "B", lexicon={"kind": 2.4, "crisis": -3.1, "no": -1.2})
    assert dict(zip(plain["word"], zip(plain["count_a"], plain["count_b"], strict=True), strict=True)) == {
        "kind": (1, 1), "crisis": (1, 1), "no": (0, 1)}
