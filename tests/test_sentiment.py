"""framing.sentiment: VADER reference equality, aggregates with intervals, framing valence."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import FOX, UNNAMED
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.sentiment import (
    AGGREGATE,
    SENTIMENT,
    VALENCE,
    aggregate,
    framing_valence,
    names_neutral,
    polarity_scores,
    sentiment,
    vader_lexicon,
    vader_version,
)

FOX_OUTLET = "Fox News"
UNNAMED_OUTLET = "Unnamed pro-Kremlin outlet"

#: Sentences scored both ways.  Rule cases first, then sentences from the two articles.
PINNED = [
    "The movie is good.",
    "The movie is not good.",
    "The movie is GOOD!",
    "The movie is GOOD!!!",
    "The food is good, but the service is terrible.",
    "The food is terrible, but the service is good.",
    "It isn't bad at all.",
    "It was not the worst, but it was hardly great.",
    "This is extremely good.",
    "This is kind of good.",
    "This is SO BAD.",
    "What a disaster?!",
    "Nobody liked it; never again.",
    "The protests were peaceful.",
    "The protest was violent.",
    "The claims are baseless.",
    "The regime is illegitimate.",
    "At least it did not fail.",
    "He is on \"high alert.\"",
    "x",
    "Протесты продолжаются в Минске.",
    # Fox News, 2020-08-23
    "NATO denied claims it’s organizing a buildup of troops at Belarus’ border, as mass protests continue in "
    "Minsk against Belarusian President Alexander Lukashenko’s election victory two weeks ago.",
    "\"Our posture is strictly defensive,\" the statement said.",
    "Lukashenko later spoke to a rally of several thousand supporters in Grodno, where he threatened to close "
    "factories that are still on strike as of Monday.",
    "Protesters allege the officials' results are fraudulent and are calling for Lukashenko to resign.",
    "Thousands were arrested.",
    "In an enormous show of defiance, an estimated 200,000 protesters rallied Aug. 16 in the capital, Minsk.",
    # the unnamed outlet, 2020-11
    "Three months on, the foreign-backed protests are continuing with more massive demonstrations taking place "
    "on Sundays.",
    "In September, Belarusian police arrested six people who formed a terrorist group that was conducting "
    "military-tactical training in the forest in the area around the city of Mogilev in eastern Belarus.",
    "Orchestrated opposition protests began across Belarus after the elections.",
    "The protests soon turned violent, with some protesters even trying to throw explosives at the police, due "
    "to which the law enforcement had no choice but to use force.",
    "In the meantime, this group grew to 64 members and acquired good conditions for the formation of an "
    "infantry company.",
]


def _one_sentence_docs(texts):
    docs = pd.DataFrame({"doc_id": [f"s{i:02d}" for i in range(len(texts))], "text": texts})
    sents = pd.DataFrame(
        {"doc_id": docs["doc_id"], "sent_id": 0, "start": 0, "end": [len(t) for t in texts], "text": texts}
    )
    return docs, sents


@pytest.fixture(scope="module")
def sent(corpus):
    return sentiment(corpus)


# --------------------------------------------------------------------------------------
# VADER: the reference implementation, scores equal
# --------------------------------------------------------------------------------------


def test_scores_equal_reference_package_on_pinned_sentences():
    assert len(PINNED) >= 30
    docs, sents = _one_sentence_docs(PINNED)
    ours = sentiment(docs, sentences=sents, straighten=False)
    reference = SentimentIntensityAnalyzer()
    for row, text in zip(ours.itertuples(), PINNED, strict=True):
        ref = reference.polarity_scores(text)
        assert (row.compound, row.pos, row.neu, row.neg) == (ref["compound"], ref["pos"], ref["neu"], ref["neg"])
        assert row.text == text


def test_hand_checked_compounds():
    # compound = S / sqrt(S^2 + 15), S the summed valences (Hutto & Gilbert 2014)
    cases = {
        "The movie is good.": 0.4404,  # good 1.9
        "The movie is not good.": -0.3412,  # 1.9 * -0.74 (negation)
        "The movie is GOOD!": 0.6027,  # 1.9 + 0.733 (caps) + 0.292 (one "!")
        "The food is good, but the service is terrible.": -0.4939,  # 1.9 * 0.5 - 2.1 * 1.5
        "Good!!!": 0.5826,  # 1.9 + 3 * 0.292
        'He is on "high alert."': 0.296,  # alert 1.2
    }
    docs, sents = _one_sentence_docs(list(cases))
    got = sentiment(docs, sentences=sents)["compound"].tolist()
    assert got == list(cases.values())
    for text, value in cases.items():
        assert polarity_scores(text)["compound"] == value


def test_every_article_sentence_equals_reference(corpus):
    reference = SentimentIntensityAnalyzer()
    raw = sentiment(corpus, straighten=False, score_names=True)
    assert len(raw) == 39
    for row in raw.itertuples():
        assert row.compound == reference.polarity_scores(row.text)["compound"]
    straight = sentiment(corpus, score_names=True)
    changed = straight[straight["compound"] != raw["compound"]]
    assert changed["sent_id"].tolist() == [1, 13] and set(changed["doc_id"]) == {FOX}
    assert changed["compound"].tolist() == [0.5574, -0.8176]
    assert raw.loc[changed.index, "compound"].tolist() == [0.34, -0.6705]


def test_curly_quotes_straightened_before_scoring():
    docs, sents = _one_sentence_docs(["He is on “high alert.”"])
    assert sentiment(docs, sentences=sents, straighten=False)["compound"].tolist() == [0.0]
    assert sentiment(docs, sentences=sents)["compound"].tolist() == [0.296]


def test_vader_source_is_the_authors_package():
    assert vader_version() == "3.3.2"
    lex = vader_lexicon()
    assert len(lex) == 7506
    assert lex.set_index("word").loc[["good", "protest", "terrorist"], "valence"].tolist() == [1.9, -1.0, -3.7]
    assert "baseless" not in set(lex["word"]) and "regime" not in set(lex["word"])


# --------------------------------------------------------------------------------------
# The sentiment table
# --------------------------------------------------------------------------------------


def test_sentiment_table_on_articles(corpus, sent):
    from framing.voice import sentence_voice

    assert tuple(sent.columns) == SENTIMENT
    assert sent.groupby("doc_id").size().to_dict() == {FOX: 21, UNNAMED: 18}
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[r.doc_id][r.start : r.end] == r.text for r in sent.itertuples())
    assert sent.loc[sent["doc_id"] == FOX, "compound"].head(3).tolist() == [-0.5859, 0.5574, -0.296]
    voices = sentence_voice(corpus)
    assert sent["voice"].tolist() == voices["voice"].tolist()
    assert sent["speaker"].isna().tolist() == voices["speaker"].isna().tolist()
    assert list(sent["sent_id"]) == list(range(21)) + list(range(18))


def test_without_voice_every_sentence_is_author(corpus):
    plain = sentiment(corpus, voice=False)
    assert set(plain["voice"]) == {"author"} and plain["speaker"].isna().all()
    assert plain["compound"].tolist() == sentiment(corpus)["compound"].tolist()


def test_bad_input_empty_one_char_non_english():
    docs = pd.DataFrame(
        {
            "doc_id": ["empty", "one", "ru", "zh"],
            "outlet": ["A", "A", "B", "B"],
            "text": ["", "x", "Протесты продолжаются в Минске.", "抗议活动仍在继续"],
        }
    )
    s = sentiment(docs)
    assert s["doc_id"].tolist() == ["one", "ru", "zh"]
    assert s[["compound", "pos", "neu", "neg"]].values.tolist() == [[0.0, 0.0, 1.0, 0.0]] * 3
    agg = aggregate(s, docs, by="doc_id")
    assert agg["doc_id"].tolist() == ["empty", "one", "ru", "zh"]
    assert agg["n_sentences"].tolist() == [0, 1, 1, 1]
    empty = agg.iloc[0]
    assert all(math.isnan(empty[c]) for c in AGGREGATE[2:])
    assert agg.iloc[1][["mean_compound", "ci_low", "ci_high", "share_neutral"]].tolist() == [0.0, 0.0, 0.0, 1.0]
    assert len(sentiment(docs.iloc[:1])) == 0


def test_sentiment_argument_errors(corpus):
    with pytest.raises(TypeError, match="voice must be True or False"):
        sentiment(corpus, voice="yes")
    with pytest.raises(ValueError, match="sentences is not a sentences table"):
        sentiment(corpus, sentences=pd.DataFrame({"doc_id": [FOX]}))
    bad = pd.DataFrame({"doc_id": ["nope"], "sent_id": [0], "start": [0], "end": [1]})
    with pytest.raises(ValueError, match="not in corpus"):
        sentiment(corpus, sentences=bad)
    with pytest.raises(TypeError, match="text must be a str"):
        polarity_scores(3)


# --------------------------------------------------------------------------------------
# Aggregates
# --------------------------------------------------------------------------------------


def test_aggregate_per_outlet(corpus, sent):
    agg = aggregate(sent, corpus)
    assert tuple(agg.columns) == ("outlet", *AGGREGATE)
    assert agg["outlet"].tolist() == [FOX_OUTLET, UNNAMED_OUTLET]
    assert agg["n_sentences"].tolist() == [21, 18]
    # the sums of the compounds; words of names neutral (test_names_on_the_seed_articles)
    assert agg["mean_compound"].tolist() == pytest.approx([-2.6744 / 21, -0.3425 / 18], abs=1e-12)
    assert agg["share_positive"].tolist() == pytest.approx([6 / 21, 7 / 18])
    assert agg["share_neutral"].tolist() == pytest.approx([4 / 21, 2 / 18])
    assert agg["share_negative"].tolist() == pytest.approx([11 / 21, 9 / 18])
    assert (agg["ci_low"] < agg["mean_compound"]).all() and (agg["mean_compound"] < agg["ci_high"]).all()
    # one article per outlet: the document-level bootstrap is undefined
    doc = aggregate(sent, corpus, resample="document")
    assert doc["ci_low"].isna().all() and doc["mean_compound"].tolist() == agg["mean_compound"].tolist()


def test_bootstrap_is_deterministic_and_group_independent(corpus, sent):
    a = aggregate(sent, corpus, random_state=7)
    b = aggregate(sent, corpus, random_state=7)
    c = aggregate(sent, corpus, random_state=8)
    pd.testing.assert_frame_equal(a, b)
    assert a["ci_low"].tolist() != c["ci_low"].tolist()
    fox_only = aggregate(sent[sent["doc_id"] == FOX], corpus.documents[corpus.documents["doc_id"] == FOX])
    pd.testing.assert_frame_equal(fox_only, aggregate(sent, corpus).iloc[:1])


def test_bootstrap_interval_of_two_values_is_exact():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text": ["-"]})
    sent = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "compound": [0.0, 1.0]})
    agg = aggregate(sent, docs, n_boot=4000, ci=0.9)
    # resample means are 0, 0.5 or 1 with chances 1/4, 1/2, 1/4: the 5% / 95% quantiles are 0 and 1
    assert agg[["n_sentences", "mean_compound", "ci_low", "ci_high"]].values.tolist() == [[2, 0.5, 0.0, 1.0]]
    assert agg[["share_positive", "share_neutral", "share_negative"]].values.tolist() == [[0.5, 0.5, 0.0]]


def test_aggregate_by_outlet_and_voice_lists_all_voices(corpus, sent):
    agg = aggregate(sent, corpus, by=("outlet", "voice"))
    assert agg["voice"].tolist() == ["author", "quote", "fragment", "reported"] * 2
    expected = sent.merge(corpus.documents[["doc_id", "outlet"]]).groupby(["outlet", "voice"]).size()
    assert agg.set_index(["outlet", "voice"])["n_sentences"].to_dict() == expected.to_dict()
    assert agg["n_sentences"].sum() == 39
    only_author = sent.assign(voice="author")
    agg2 = aggregate(only_author, corpus, by=("outlet", "voice"))
    assert agg2["n_sentences"].tolist() == [21, 0, 0, 0, 18, 0, 0, 0]
    assert agg2.loc[agg2["n_sentences"] == 0, "mean_compound"].isna().all()


def test_aggregate_overall_and_by_actor(corpus, sent):
    overall = aggregate(sent, corpus, by=())
    assert overall["n_sentences"].tolist() == [39] and overall["n_documents"].tolist() == [2]
    assert overall["mean_compound"].iloc[0] == pytest.approx((-2.6744 - 0.3425) / 39, abs=1e-12)
    mentions = pd.DataFrame(
        {"doc_id": [FOX, FOX, FOX, UNNAMED], "sent_id": [0, 0, 2, 0], "actor": ["NATO", "NATO", "NATO", "US"]}
    )
    by_actor = aggregate(sent, corpus, by=("outlet", "actor"), mentions=mentions)
    rows = by_actor.set_index(["outlet", "actor"])
    assert rows.loc[(FOX_OUTLET, "NATO"), "n_sentences"] == 2  # sentence 0 counted once
    assert rows.loc[(FOX_OUTLET, "NATO"), "mean_compound"] == pytest.approx((-0.5859 - 0.296) / 2)
    assert rows.loc[(FOX_OUTLET, "US"), "n_sentences"] == 0
    assert rows.loc[(UNNAMED_OUTLET, "US"), "mean_compound"] == 0.4939  # "near Warsaw" neutral


def test_aggregate_resamples_documents_where_a_group_has_several():
    # A: three documents (two of one sentence at +0.5, one of three sentences at -0.5); B: one document
    sent = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "a3", "a3", "b1", "b1"], "sent_id": [0, 0, 0, 1, 2, 0, 1],
                         "compound": [0.5, 0.5, -0.5, -0.5, -0.5, 0.2, -0.2]})
    docs = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "b1"], "outlet": ["A", "A", "A", "B"], "text": ["x"] * 4})
    auto = aggregate(sent, docs, n_boot=500, random_state=3)
    by_doc = aggregate(sent, docs, n_boot=500, random_state=3, resample="document")
    by_sent = aggregate(sent, docs, n_boot=500, random_state=3, resample="sentence")
    pd.testing.assert_frame_equal(auto.iloc[:1], by_doc.iloc[:1])  # A: documents
    pd.testing.assert_frame_equal(auto.iloc[1:], by_sent.iloc[1:])  # B: one document, its sentences
    assert auto["mean_compound"].tolist() == pytest.approx([-0.1, 0.0]) and math.isnan(by_doc["ci_low"][1])
    # a resample of documents draws a3 (three sentences at -0.5) with a third of the weight, not three fifths
    assert auto["ci_high"][0] == 0.5 and by_sent["ci_high"][0] < 0.5


def test_aggregate_argument_errors(corpus, sent):
    with pytest.raises(ValueError, match="pass corpus="):
        aggregate(sent)
    with pytest.raises(ValueError, match="pass mentions="):
        aggregate(sent, corpus, by="actor")
    with pytest.raises(ValueError, match="n_boot must be a positive int"):
        aggregate(sent, corpus, n_boot=0)
    with pytest.raises(ValueError, match="ci must be a number between 0 and 1"):
        aggregate(sent, corpus, ci=95)
    with pytest.raises(ValueError, match="resample must be"):
        aggregate(sent, corpus, resample="word")
    with pytest.raises(TypeError, match="random_state must be"):
        aggregate(sent, corpus, random_state=-1)
    with pytest.raises(ValueError, match="a column of neither"):
        aggregate(sent, corpus, by="colour")
    with pytest.raises(ValueError, match="sent is not a sentiment table"):
        aggregate(sent.drop(columns="compound"), corpus)


# --------------------------------------------------------------------------------------
# Framing-adjusted valence
# --------------------------------------------------------------------------------------


def _hits(rows):
    cols = ["doc_id", "sent_id", "start", "end", "surface", "term", "category", "technique", "polarity", "negated"]
    return pd.DataFrame(rows, columns=cols)


def test_framing_valence_by_hand():
    sent = pd.DataFrame(
        {"doc_id": ["d"] * 4, "sent_id": [0, 1, 2, 3], "compound": [0.0, 0.4404, 0.0, -0.3412], "pos": 0.0}
    )
    hits = _hits(
        [
            ("d", 0, 0, 8, "baseless", "baseless", "dismissal", "", -1, False),
            ("d", 1, 0, 6, "regime", "regime", "illegitimacy_fraud", "", -1, False),
            ("d", 2, 0, 6, "puppet", "puppet*", "delegitimizing_attribution", "", -1, True),
            ("d", 3, 0, 6, "claims", "claims", "stance_distancing", "", -1, False),
        ]
    )
    out = framing_valence(sent, hits)
    assert tuple(out.columns[-4:]) == VALENCE
    assert out["loaded_hits"].tolist() == [1, 1, 1, 0]  # stance terms left out
    assert out["loaded_negated"].tolist() == [0, 0, 1, 0]
    assert out["loaded_polarity"].tolist() == [-1.0, -1.0, 0.0, 0.0]
    fv = out["framing_valence"].tolist()
    assert fv[0] == pytest.approx(-1.5 / math.sqrt(1.5**2 + 15), abs=1e-15)
    # good (1.9) recovered from 0.4404, minus 1.5: S' = 0.4 -> 0.4 / sqrt(15.16)
    assert fv[1] == pytest.approx(0.4 / math.sqrt(15.16), abs=2e-4)
    assert fv[2:] == [0.0, -0.3412]
    pd.testing.assert_frame_equal(out[sent.columns], sent)  # VADER's columns untouched
    flipped = framing_valence(sent, hits, negation="flip")
    assert flipped["loaded_polarity"].tolist() == [-1.0, -1.0, 1.0, 0.0]
    with_stance = framing_valence(sent, hits, categories=["stance_distancing"])
    assert with_stance["loaded_hits"].tolist() == [0, 0, 0, 1]


def test_framing_valence_on_articles(corpus, sent):
    from framing.score import hits

    out = framing_valence(sent, hits(corpus))
    assert out["compound"].tolist() == sent["compound"].tolist()
    row = out[(out["doc_id"] == UNNAMED) & (out["sent_id"] == 4)].iloc[0]  # "the foreign-backed protests ..."
    assert (row["loaded_hits"], row["loaded_polarity"], row["compound"]) == (2, -1.0, -0.2263)
    assert row["framing_valence"] < row["compound"]
    agg = aggregate(out, corpus, column="framing_valence")
    assert "mean_framing_valence" in agg.columns and "mean_compound" not in agg.columns
    assert agg["mean_framing_valence"].tolist() == pytest.approx(
        out.merge(corpus.documents[["doc_id", "outlet"]]).groupby("outlet")["framing_valence"].mean().tolist()
    )


def test_framing_valence_errors(sent):
    hits = _hits([])
    with pytest.raises(ValueError, match="weight must be a non-negative number"):
        framing_valence(sent, hits, weight=-1)
    with pytest.raises(ValueError, match="negation must be 'zero' or 'flip'"):
        framing_valence(sent, hits, negation="drop")
    with pytest.raises(ValueError, match="hits is not a hits table"):
        framing_valence(sent, hits.drop(columns="polarity"))
    out = framing_valence(sent, hits)
    assert out["framing_valence"].tolist() == sent["compound"].tolist()
    assert (out["loaded_hits"] == 0).all()


# --------------------------------------------------------------------------------------
# Proper names are not opinions (framing.text.name_words)
# --------------------------------------------------------------------------------------


def test_words_of_names_are_neutral_unless_asked():
    assert polarity_scores("the Supreme Court ruled")["compound"] == 0.0
    assert polarity_scores("the Supreme Court ruled", score_names=True)["compound"] == 0.5574  # supreme 2.6
    # VADER still scores the words around a name, and a word that only starts a sentence
    assert polarity_scores("the United States won a great victory")["compound"] == polarity_scores(
        "the Xxxxxx Xxxxxx won a great victory", score_names=True)["compound"] == 0.8316  # won 2.7, great 3.1
    assert polarity_scores("Great news.")["compound"] == 0.6249
    docs, sents = _one_sentence_docs(["Supreme Court justices met.", "Later the Supreme Court ruled."])
    # each one-sentence document is its own evidence: the first has none, so "Supreme" is scored
    assert sentiment(docs, sentences=sents)["compound"].tolist() == [0.5574, 0.0]
    whole = pd.DataFrame({"doc_id": ["d"], "text": ["Supreme Court justices met. Later the Supreme Court ruled."]})
    assert sentiment(whole, voice=False)["compound"].tolist() == [0.0, 0.0]
    assert sentiment(whole, voice=False, score_names=True)["compound"].tolist() == [0.5574, 0.5574]
    with pytest.raises(TypeError, match="score_names must be True or False"):
        sentiment(whole, score_names="no")


def test_neutral_names_keep_offsets_and_are_in_no_vader_list():
    import re

    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SENTIMENT_LADEN_IDIOMS, SPECIAL_CASES

    text = "explained the U.S. Supreme Court’s ruling in New York"
    assert names_neutral(text) == "explained the U.S. Xxxxxxx Xxxxxxx ruling in Xxx Xxxx"
    lists = [*SentimentIntensityAnalyzer().lexicon, *BOOSTER_DICT, *NEGATE, *SENTIMENT_LADEN_IDIOMS, *SPECIAL_CASES]
    assert not [w for w in lists if re.fullmatch(r"x+", w.split()[0], re.IGNORECASE)]


def test_names_on_the_seed_articles(corpus):
    plain = sentiment(corpus, score_names=True)
    named = sentiment(corpus)
    changed = named[named["compound"] != plain["compound"]]
    # "NATO's Assurance Measures" (assurance 1.4), "near Warsaw" (warsaw -0.1), "the United States" (united 1.8)
    assert list(zip(changed["doc_id"], changed["sent_id"], strict=True)) == [(FOX, 9), (UNNAMED, 0), (UNNAMED, 6)]
    assert plain.loc[changed.index, "compound"].tolist() == [-0.296, 0.4767, 0.1531]
    assert changed["compound"].tolist() == [-0.5574, 0.4939, -0.296]
