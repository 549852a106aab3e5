"""Lexical contrast: units, Fightin' Words, keyness and resampling, on tiny texts and the seeds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import FOX, UNNAMED
from scipy.stats import chi2_contingency

import framing as fr
from framing import contrast as C


def docs(*rows) -> pd.DataFrame:
    """A documents table from (doc_id, outlet, text) triples."""
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])


# The hand-computed example: A = cats 2, chase 1, dogs 1, sleep 1 (n_a = 5);
# B = dogs 2, bark 1, chase 1, cats 1 (n_b = 5).
PETS = docs(("d1", "A", "Cats chase dogs. Cats sleep."), ("d2", "B", "Dogs bark. Dogs chase cats."))
# Background counts cats 3, dogs 1 (bark, chase, sleep absent): add-one gives 4, 2, 1, 1, 1,
# summing to 9, so alpha0 = 9 makes alpha_w = count + 1 exactly.
PET_PRIOR = pd.Series({"cats": 3, "dogs": 1})


# -- units ------------------------------------------------------------------------------


def test_possessives_curly_and_straight_are_one_type():
    d = docs(("d", "X", "Lukashenko\u2019s army. Lukashenko's army. Lukashenko spoke. The officials' results."))
    spans = C.unit_spans(d)
    assert spans.loc[spans["unit"] == "lukashenko", "surface"].tolist() == ["Lukashenko\u2019s", "Lukashenko's",
                                                                              "Lukashenko"]
    counts = C.count_units(d).set_index("unit")["count"]
    assert counts["lukashenko"] == 3 and counts["army"] == 2 and counts["officials"] == 1


def test_numbers_dropped_letters_with_digits_kept_and_offsets_exact():
    text = "In 2014, 80.1 percent had covid-19."
    spans = C.unit_spans(docs(("d", "X", text)))
    assert spans["unit"].tolist() == ["percent", "covid-19"]
    assert all(text[s:e] == surf for s, e, surf in zip(spans["start"], spans["end"], spans["surface"], strict=True))


def test_default_stop_words_keep_negations_and_content_words():
    d = docs(("d", "X", "They are not against the fire."))
    assert C.unit_spans(d)["unit"].tolist() == ["not", "against", "fire"]
    assert C.unit_spans(d, stop_words="sklearn")["unit"].tolist() == []
    assert C.unit_spans(d, stop_words=None)["unit"].tolist() == ["they", "are", "not", "against", "the", "fire"]
    assert C.unit_spans(d, stop_words=["FIRE", "they"])["unit"].tolist() == ["are", "not", "against", "the"]
    assert {"not", "no", "against"} <= C.NEGATIONS
    assert len(C.DEFAULT_STOP_WORDS) == 318 - len(C.NEGATIONS) - len(C.CONTENT_WORDS)


def test_acronyms_us_is_the_country_not_the_pronoun_but_headlines_are_filtered():
    d = docs(("d", "X", "US officials met us. The U.S. said no.\n\nCLICK HERE TO GET THE APP"))
    spans = C.unit_spans(d)
    assert list(zip(spans["unit"], spans["surface"], spans["kind"], strict=True)) == [
        ("us", "US", "acronym"),
        ("officials", "officials", "word"),
        ("met", "met", "word"),
        ("us", "U.S.", "acronym"),
        ("said", "said", "word"),
        ("no", "no", "word"),
        ("click", "CLICK", "word"),
        ("app", "APP", "word"),
    ]


def test_phrases_consume_their_tokens_longest_first_within_a_sentence():
    d = docs(("d", "X", "The regime propaganda machine. Regime\u2019s propaganda! It was the regime. Propaganda."))
    spans = C.unit_spans(d, phrases=["regime propaganda", "regime", "propaganda machine learning"])
    assert list(zip(spans["unit"], spans["surface"], spans["kind"], strict=True)) == [
        ("regime propaganda", "regime propaganda", "phrase"),
        ("machine", "machine", "word"),
        ("regime propaganda", "Regime\u2019s propaganda", "phrase"),
        ("regime", "regime", "phrase"),
        ("propaganda", "Propaganda", "word"),
    ]


def test_addresses_and_handles_give_no_units():
    d = docs(("d", "X", "Read FoxNews.com, write to LETTERS@USATODAY.COM or see https://www.vox.com/a-b (via "
                        "@FoxNews). Protests grew in Russia.By noon, tut.by said."))
    spans = C.unit_spans(d)
    assert spans["surface"].tolist() == ["Read", "write", "Protests", "grew", "Russia", "noon", "said"]  # by: stop
    # the tokens are still the text's: only the units skip them
    assert C.unit_table(d).n_tokens.sum() == fr.load_corpus(d).documents["n_tokens"].sum()


def test_a_clock_times_am_pm_gives_no_unit_but_a_bare_pm_does():
    d = docs(("d", "X", "Polls close at 8 pm, 5:30 p.m. or 12:20\u00a0PM ET; doors open at 7.30am and 11:27:05 A.M. "
                        "The British PM met the G7 PM, 15 PM aides and the PMs at 5\nPM Office on 5 amendments, "
                        "ET time, 9 p.m. EDT."))
    spans = C.unit_spans(d)
    # "ET" after a clock time is its zone (no unit); "ET" after none stays a unit
    assert spans["surface"].tolist() == ["Polls", "close", "doors", "open", "British", "PM", "met", "G7",
                                         "PM", "PM", "aides", "PMs", "PM", "Office", "amendments", "ET", "time"]
    assert spans.loc[spans["surface"] == "PM", "kind"].tolist() == ["acronym"] * 4
    # a clock time written inside an address leaves the whole address without units
    text = "Read https://x.com/at/5pm/today/news, protests grew."
    assert C.unit_spans(docs(("d", "X", text)))["surface"].tolist() == ["Read", "protests", "grew"]


def test_hyphenated_lexicon_term_is_one_unit():
    d = docs(("d", "X", "The foreign-backed protests; foreign backed."))
    counts = C.count_units(d, phrases=["foreign-backed"]).set_index("unit")["count"]
    assert counts.to_dict() == {"backed": 1, "foreign": 1, "foreign-backed": 1, "protests": 1}


def test_bad_units_arguments():
    d = docs(("d", "X", "text"))
    with pytest.raises(ValueError, match="stop_words must be 'default', 'sklearn', None"):
        C.unit_spans(d, stop_words="english")
    with pytest.raises(TypeError, match="phrases must be a list of strings"):
        C.unit_spans(d, phrases="regime propaganda")
    with pytest.raises(ValueError, match="phrases: '--' has no word"):
        C.unit_spans(d, phrases=["--"])
    with pytest.raises(ValueError, match="by: 'source' is computed by the library, not a group"):
        C.count_units(d, by="source")


# -- Fightin' Words: hand-computed ------------------------------------------------------


def test_fightin_words_matches_hand_computation_to_1e12():
    fw = C.fightin_words(PETS, prior=PET_PRIOR, alpha0=9, stop_words=None, min_count=1)
    got = fw.set_index("unit")
    assert got["prior"].to_dict() == pytest.approx({"bark": 1, "cats": 4, "chase": 1, "dogs": 2, "sleep": 1},
                                                   abs=1e-12)
    expected = {  # unit: (delta, var) with n_a = n_b = 5, alpha0 = 9
        "cats": (math.log(6 / 8) - math.log(5 / 9), 1 / 6 + 1 / 5),
        "dogs": (math.log(3 / 11) - math.log(4 / 10), 1 / 3 + 1 / 4),
        "chase": (math.log(2 / 12) - math.log(2 / 12), 1 / 2 + 1 / 2),
        "sleep": (math.log(2 / 12) - math.log(1 / 13), 1 / 2 + 1 / 1),  # absent from B
        "bark": (math.log(1 / 13) - math.log(2 / 12), 1 / 1 + 1 / 2),  # absent from A
    }
    for unit, (delta, var) in expected.items():
        assert abs(got.loc[unit, "delta"] - delta) < 1e-12
        assert abs(got.loc[unit, "var"] - var) < 1e-12
        assert abs(got.loc[unit, "z"] - delta / math.sqrt(var)) < 1e-12
    assert fw["unit"].tolist() == ["sleep", "cats", "chase", "dogs", "bark"]  # z descending
    assert fw[["count_a", "count_b"]].to_numpy().tolist() == [[1, 0], [2, 1], [1, 1], [1, 2], [0, 1]]
    assert fw["rate_a"].tolist() == [200.0, 400.0, 200.0, 200.0, 0.0]
    assert fw.attrs["a"] == "A" and fw.attrs["b"] == "B" and (fw.attrs["n_a"], fw.attrs["n_b"]) == (5, 5)
    assert "document-level inference is impossible" in fw.attrs["note"]


def test_uniform_and_wordfreq_priors_sum_to_alpha0_and_floor_unknown_words():
    uni = C.prior_alpha(["a", "b", "c", "d"], "uniform", alpha0=10)
    assert uni.tolist() == [2.5, 2.5, 2.5, 2.5]
    wf = C.prior_alpha(["said", "zzqxv"], "wordfreq", alpha0=100)
    assert wf.sum() == pytest.approx(100, abs=1e-9)
    from wordfreq import word_frequency

    assert wf["zzqxv"] / wf["said"] == pytest.approx(C.WORDFREQ_FLOOR / word_frequency("said", "en"), rel=1e-12)


def test_prior_from_background_corpus_counts_with_the_same_unit_rules():
    background = docs(("b1", "Z", "Cats\u2019 cats. Cat's dogs."))
    alpha = C.prior_alpha(["cat", "cats", "dogs", "mice"], background, alpha0=8, stop_words=None)
    assert alpha.to_dict() == {"cat": 2.0, "cats": 3.0, "dogs": 2.0, "mice": 1.0}  # counts 1, 2, 1, 0 plus one
    frame_prior = pd.DataFrame({"unit": ["cats", "dogs"], "count": [3, 1]})
    fw = C.fightin_words(PETS, prior=frame_prior, alpha0=9, stop_words=None)
    same = C.fightin_words(PETS, prior=PET_PRIOR, alpha0=9, stop_words=None)
    pd.testing.assert_frame_equal(fw, same)


@pytest.mark.parametrize("alpha0", [0, -1.5, float("nan"), float("inf")])
def test_alpha0_must_be_positive(alpha0):
    with pytest.raises(ValueError, match="alpha0 must be a positive finite number"):
        C.fightin_words(PETS, alpha0=alpha0)


def test_bad_priors_are_refused():
    with pytest.raises(ValueError, match="the count of 'dogs' is negative"):
        C.fightin_words(PETS, prior=pd.Series({"cats": 3, "dogs": -1}))
    with pytest.raises(ValueError, match="prior must be 'wordfreq', 'uniform'"):
        C.fightin_words(PETS, prior="zipf")
    with pytest.raises(ValueError, match="unit 'cats' appears more than once"):
        C.fightin_words(PETS, prior=pd.DataFrame({"unit": ["cats", "cats"], "count": [1, 2]}))
    with pytest.raises(TypeError, match="alpha0 must be a positive number"):
        C.fightin_words(PETS, alpha0="500")


def test_empty_group_is_a_clear_error_and_one_group_too():
    d = docs(("d1", "A", "Cats chase dogs."), ("d2", "B", "The and of, 2020."))
    with pytest.raises(ValueError, match="group 'B' \\(b\\) has no units after stop-word and number removal"):
        C.fightin_words(d)
    with pytest.raises(ValueError, match="the corpus has 1 group"):
        C.fightin_words(docs(("d1", "A", "Cats chase dogs.")))
    with pytest.raises(ValueError, match="a='C' is not a group; the groups are 'A', 'B'"):
        C.fightin_words(PETS, a="C")
    with pytest.raises(ValueError, match="a and b are both 'A'"):
        C.fightin_words(PETS, a="A", b="A")


def test_min_count_filters_rows_only():
    full = C.fightin_words(PETS, prior=PET_PRIOR, alpha0=9, stop_words=None).set_index("unit")
    some = C.fightin_words(PETS, prior=PET_PRIOR, alpha0=9, stop_words=None, min_count=3).set_index("unit")
    assert some.index.tolist() == ["cats", "dogs"]
    pd.testing.assert_frame_equal(some, full.loc[["cats", "dogs"]])


# -- three outlets ----------------------------------------------------------------------

THREE = docs(
    ("x1", "X", "War war peace. Tanks roll."),
    ("x2", "X", "War again. Tanks."),
    ("y1", "Y", "Peace talks. Peace war."),
    ("y2", "Y", "Talks resume."),
    ("z1", "Z", "Markets rally. Peace."),
    ("z2", "Z", "Markets fall war."),
)


def test_three_outlets_one_against_the_rest_and_a_named_pair():
    with pytest.raises(ValueError, match="the corpus has 3 group\\(s\\) \\('X', 'Y', 'Z'\\); pass a="):
        C.fightin_words(THREE)
    rest = C.fightin_words(THREE, a="X", prior="uniform").set_index("unit")
    assert rest.attrs["b"] == "(rest)" and (rest.attrs["n_a"], rest.attrs["n_b"]) == (7, 12)
    assert rest.attrs["documents_b"] == 4 and rest.attrs["note"] == ""
    assert rest.loc["war", ["count_a", "count_b"]].tolist() == [3, 2]
    assert rest.loc["markets", ["count_a", "count_b"]].tolist() == [0, 2]
    pair = C.fightin_words(THREE, a="X", b="Y", prior="uniform", min_count=1).set_index("unit")
    assert "markets" not in pair.index and (pair.attrs["n_a"], pair.attrs["n_b"]) == (7, 6)
    assert pair.loc["peace", ["count_a", "count_b"]].tolist() == [1, 2]
    assert sorted(pair.index) == ["peace", "resume", "roll", "talks", "tanks", "war"]  # "again": stop word
    assert pair["prior"].tolist() == pytest.approx([C.DEFAULT_ALPHA0 / 6] * 6, abs=1e-12)
    k = C.keyness(THREE, target="Z")
    assert k.attrs["reference"] == "(rest)" and k.set_index("unit").loc["markets", "n_target"] == 2


def test_several_documents_per_group_resample_documents():
    boot = C.bootstrap_log_odds(THREE, ["war"], a="X", b="Y", n_boot=200, random_state=3)
    assert boot["resampling"].tolist() == ["document"]
    assert "documents resampled" in boot.attrs["note"]
    design = C.group_design(THREE)
    assert design[["group", "documents", "sentences", "units", "resampling"]].to_numpy().tolist() == [
        ["X", 2, 4, 7, "document"],
        ["Y", 2, 3, 6, "document"],
        ["Z", 2, 3, 6, "document"],
    ]


# -- keyness against scipy --------------------------------------------------------------


def _table(row):
    return np.array([[row.n_target, row.na - row.n_target], [row.n_reference, row.nb - row.n_reference]])


@pytest.mark.parametrize(
    ("measure", "correction", "scipy_kwargs"),
    [
        ("chi2", "default", {"correction": True}),
        ("chi2", "yates", {"correction": True}),
        ("chi2", "none", {"correction": False}),
        ("lr", "none", {"correction": False, "lambda_": "log-likelihood"}),
        ("lr", "yates", {"correction": True, "lambda_": "log-likelihood"}),
    ],
)
def test_keyness_matches_scipy_chi2_contingency(corpus, measure, correction, scipy_kwargs):
    k = C.keyness(corpus, target="Fox News", measure=measure, correction=correction)
    k = k.assign(na=k.attrs["n_target"], nb=k.attrs["n_reference"])
    assert (k.attrs["n_target"], k.attrs["n_reference"]) == (298, 232)
    for row in k.itertuples():
        res = chi2_contingency(_table(row), **scipy_kwargs)
        assert abs(abs(row.stat) - res.statistic) < 1e-9
        assert abs(row.p_value - res.pvalue) < 1e-12
        assert row.sign == (1 if row.n_target > row.expected else -1)
        assert np.sign(row.stat) == row.sign or row.stat == 0


def test_keyness_williams_and_pmi_by_hand():
    # target A: a=2, c=3; reference B: b=1, d=4; N=10, E11=(3)(5)/10=1.5
    k = C.keyness(PETS, target="A", measure="lr", stop_words=None, min_count=1).set_index("unit")
    g2 = 2 * (2 * math.log(2 / 1.5) + 3 * math.log(3 / 3.5) + 1 * math.log(1 / 1.5) + 4 * math.log(4 / 3.5))
    q = 1 + (10 / 3 + 10 / 7 - 1) * (10 / 5 + 10 / 5 - 1) / 60
    assert abs(k.loc["cats", "stat"] - g2 / q) < 1e-12
    assert k.attrs["correction"] == "default"
    pmi = C.keyness(PETS, target="A", measure="pmi", stop_words=None, min_count=1).set_index("unit")
    assert abs(pmi.loc["cats", "stat"] - math.log(2 / 1.5)) < 1e-12
    assert pmi.loc["bark", "stat"] == -math.inf  # absent from the target
    assert pmi["p_value"].isna().all()
    with pytest.raises(ValueError, match="correction='yates' does not apply to measure='pmi'"):
        C.keyness(PETS, measure="pmi", correction="yates")
    with pytest.raises(ValueError, match="measure must be one of chi2, lr, pmi"):
        C.keyness(PETS, measure="exact")


# -- resampling -------------------------------------------------------------------------


def test_bootstrap_same_seed_same_frame_other_seed_other_frame(corpus):
    units = ["nato", "protests", "foreign-backed"]
    one = C.bootstrap_log_odds(corpus, units, phrases=["foreign-backed"], n_boot=500, random_state=7)
    two = C.bootstrap_log_odds(corpus, units, phrases=["foreign-backed"], n_boot=500, random_state=7)
    pd.testing.assert_frame_equal(one, two)
    other = C.bootstrap_log_odds(corpus, units, phrases=["foreign-backed"], n_boot=500, random_state=8)
    assert not np.allclose(one["ci_low"], other["ci_low"]) or not np.allclose(one["ci_high"], other["ci_high"])
    fw = C.fightin_words(corpus, phrases=["foreign-backed"]).set_index("unit")
    assert one["unit"].tolist() == ["nato", "protests", "foreign-backed"]  # delta descending
    assert one.set_index("unit")["delta"].to_dict() == pytest.approx(fw.loc[units, "delta"].to_dict(), abs=1e-12)
    assert (one["ci_low"] <= one["ci_high"]).all() and set(one["resampling"]) == {"sentence"}
    assert "sentences resampled" in one.attrs["note"] and "inference is impossible" in one.attrs["note"]


def test_permutation_p_value_matches_the_exact_distribution():
    # a: two sentences "war."; b: two "peace.".  Of the 6 relabellings, 2 give |delta| as
    # large as observed, so the exact two-sided p is 1/3.
    d = docs(("a1", "A", "War.\n\nWar."), ("b1", "B", "Peace.\n\nPeace."))
    res = C.permutation_test(d, units=["war"], prior="uniform", alpha0=2, n_perm=3000, random_state=0)
    assert res["resampling"].tolist() == ["sentence"] and res["n_perm"].tolist() == [3000]
    assert res["observed"].iloc[0] == pytest.approx(math.log(3 / 1) - math.log(1 / 3), abs=1e-12)
    assert abs(res["p_value"].iloc[0] - 1 / 3) < 0.03
    again = C.permutation_test(d, units=["war"], prior="uniform", alpha0=2, n_perm=3000, random_state=0)
    pd.testing.assert_frame_equal(res, again)


def test_loaded_rate_interval_with_a_hand_built_hits_table():
    d = docs(("a1", "A", "Regime thugs attack protesters. Calm returns."), ("b1", "B", "Police keep order."))
    hits = pd.DataFrame(
        {
            "doc_id": ["a1", "a1", "b1"],
            "sent_id": [0, 0, 0],
            "start": [0, 7, 0],
            "end": [6, 12, 6],
            "surface": ["Regime", "thugs", "Police"],
            "term": ["regime", "thugs", "police"],
            "category": ["delegitimizing", "dehumanizing", "delegitimizing"],
        }
    )
    out = C.loaded_rate_interval(hits, d, n_boot=2000, random_state=1)
    # A: sentence 0 has 2 hits in 4 tokens, sentence 1 none in 2: resampled rates are 500,
    # 333.3 or 0, and P(0) = 1/4 > 2.5 %, so the 95 % interval is [0, 500].
    assert out.loc[0, ["group", "category", "hits", "tokens"]].tolist() == ["A", "all", 2, 6]
    assert out.loc[0, "rate"] == pytest.approx(1000 * 2 / 6, abs=1e-12)
    assert (out.loc[0, "ci_low"], out.loc[0, "ci_high"]) == (0.0, 500.0)
    assert out.loc[1, ["group", "hits", "tokens", "rate", "ci_low", "ci_high"]].tolist() == [
        "B", 1, 3, pytest.approx(1000 / 3), pytest.approx(1000 / 3), pytest.approx(1000 / 3)]
    by_cat = C.loaded_rate_interval(hits, d, categories=True, n_boot=100, random_state=1)
    assert by_cat[["group", "category", "hits"]].to_numpy().tolist() == [
        ["A", "all", 2], ["A", "dehumanizing", 1], ["A", "delegitimizing", 1],
        ["B", "all", 1], ["B", "dehumanizing", 0], ["B", "delegitimizing", 1],
    ]
    perm = C.permutation_test(d, statistic="loaded_rate", hits=hits, n_perm=200, random_state=2)
    assert perm.set_index("unit").loc["all", "observed"] == pytest.approx(1000 * 2 / 6 - 1000 / 3, abs=1e-12)
    bad = hits.assign(sent_id=[0, 5, 0])
    with pytest.raises(ValueError, match="hits: doc_id 'a1', sent_id 5 is not a sentence of corpus"):
        C.loaded_rate_interval(bad, d)


def test_loaded_rate_interval_of_a_group_without_words_is_zero():
    # the zero rule of framing.stats.rate: no word tokens, rate 0 (not an error, not NaN)
    d = docs(("a1", "A", "Regime thugs attack protesters."), ("b1", "B", "-- ... !!"))
    hits = pd.DataFrame({"doc_id": ["a1"], "sent_id": [0]})
    out = C.loaded_rate_interval(hits, d, n_boot=50, random_state=0).set_index("group")
    assert out.loc["B", ["hits", "tokens", "rate", "ci_low", "ci_high"]].tolist() == [0, 0, 0.0, 0.0, 0.0]
    assert out.loc["A", "rate"] == 250.0


def test_resampling_arguments_are_checked(corpus):
    with pytest.raises(ValueError, match="resample='document' needs at least two documents in each group"):
        C.bootstrap_log_odds(corpus, ["nato"], resample="document")
    with pytest.raises(ValueError, match="n_boot must be a positive integer"):
        C.bootstrap_log_odds(corpus, ["nato"], n_boot=0)
    with pytest.raises(ValueError, match="ci must be a number between 0 and 1"):
        C.bootstrap_log_odds(corpus, ["nato"], ci=95)
    with pytest.raises(ValueError, match="units: 'kremlin' not used by either group"):
        C.bootstrap_log_odds(corpus, ["kremlin"])
    with pytest.raises(TypeError, match="random_state must be None, an int or a numpy Generator"):
        C.permutation_test(corpus, units=["nato"], random_state="seed")
    with pytest.raises(ValueError, match="statistic='loaded_rate' needs hits="):
        C.permutation_test(corpus, statistic="loaded_rate")


# -- the two articles -------------------------------------------------------------------


def test_seed_articles_units_are_spans_and_counts_agree(corpus):
    spans = C.unit_spans(corpus, phrases=["regime propaganda", "foreign-backed"])
    text = corpus.documents.set_index("doc_id")["text"]
    assert all(text[d][s:e] == surf for d, s, e, surf in spans[["doc_id", "start", "end", "surface"]].itertuples(
        index=False))
    assert spans.groupby("doc_id").size().to_dict() == {FOX: 297, UNNAMED: 232}
    phrase = spans[spans["kind"] == "phrase"]
    assert phrase[["doc_id", "unit"]].value_counts().to_dict() == {
        (UNNAMED, "foreign-backed"): 2, (FOX, "regime propaganda"): 1}
    counts = C.count_units(corpus).set_index(["group", "unit"])["count"]
    assert counts[("Fox News", "lukashenko")] == 7  # "Lukashenko's" (x1) counted with "Lukashenko"
    assert counts[("Unnamed pro-Kremlin outlet", "us")] == 3  # "US special services" etc.


def test_seed_articles_most_distinctive_units(corpus):
    fw = C.fightin_words(corpus)
    assert (fw.attrs["a"], fw.attrs["b"], fw.attrs["n_a"], fw.attrs["n_b"]) == (
        "Fox News", "Unnamed pro-Kremlin outlet", 298, 232)
    assert fw.attrs["note"] == C.ONE_DOCUMENT_NOTE
    top = C.top_distinctive(fw, 5)
    assert top[["group", "rank", "unit", "count_a", "count_b"]].to_numpy().tolist() == [
        ["Fox News", 1, "nato", 8, 2],
        ["Fox News", 2, "election", 4, 0],
        ["Fox News", 3, "measures", 3, 0],
        ["Fox News", 4, "border", 3, 0],
        ["Fox News", 5, "claims", 3, 0],
        ["Unnamed pro-Kremlin outlet", 1, "protests", 2, 6],
        ["Unnamed pro-Kremlin outlet", 2, "belarusian", 1, 4],
        ["Unnamed pro-Kremlin outlet", 3, "services", 0, 3],
        ["Unnamed pro-Kremlin outlet", 4, "elections", 0, 2],
        ["Unnamed pro-Kremlin outlet", 5, "enforcement", 0, 2],
    ]
    assert top["z"].iloc[[0, 5]].tolist() == pytest.approx([1.63999457552, -1.44062927571], abs=1e-9)
    assert fw["z"].abs().max() < 1.96  # two short articles: no unit is far from chance


def test_seed_articles_keyness_extremes(corpus):
    k = C.keyness(corpus)
    assert k[["unit", "n_target", "n_reference"]].head(2).to_numpy().tolist() == [["election", 4, 0], ["nato", 8, 2]]
    assert k[["unit", "n_target", "n_reference"]].tail(1).to_numpy().tolist() == [["protests", 2, 6]]
    assert k["stat"].iloc[0] == pytest.approx(1.60159587638, abs=1e-9)


def test_permutation_of_documents_and_inputs_left_untouched():
    before = THREE.copy(deep=True)
    res = C.permutation_test(THREE, units=["war", "peace"], a="X", b="Y", n_perm=300,
                             random_state=np.random.default_rng(5))
    assert res["resampling"].tolist() == ["document", "document"] and res["statistic"].tolist() == ["delta"] * 2
    assert ((res["p_value"] > 0) & (res["p_value"] <= 1)).all()
    C.fightin_words(THREE, a="X")
    C.keyness(THREE, target="X")
    pd.testing.assert_frame_equal(THREE, before)
    with pytest.raises(ValueError, match="b is given without a"):
        C.fightin_words(THREE, b="Y")


# -- real text: headlines, house style, stop-word files -------------------------------------


def test_capitals_stop_words_in_a_headline_are_not_acronyms():
    # the headline has no final period, so it shares a sentence with lower-case text
    d = docs(("d", "X", "THE QUEEN OF RAGE returns to the US stage, says IT staff\nShe spoke OF it."))
    spans = C.unit_spans(d)
    assert spans[["surface", "unit", "kind"]].values.tolist() == [
        ["QUEEN", "queen", "acronym"], ["RAGE", "rage", "acronym"], ["returns", "returns", "word"],
        ["US", "us", "acronym"], ["stage", "stage", "word"], ["says", "says", "word"], ["IT", "it", "acronym"],
        ["staff", "staff", "word"], ["spoke", "spoke", "word"], ["OF", "of", "acronym"],
    ]


def test_a_long_stop_word_in_capitals_is_a_link_label_not_an_acronym():
    # a page's link label ("... MORE") and emphasis ("ONLY") are stop words; "WHO" and "US" stay acronyms
    d = docs(("d", "X", "Democrats for Halloween MORE on the vote. The WHO said it ONLY helps the US."))
    spans = C.unit_spans(d)
    assert spans[["surface", "unit", "kind"]].values.tolist() == [
        ["Democrats", "democrats", "word"], ["Halloween", "halloween", "word"], ["vote", "vote", "word"],
        ["WHO", "who", "acronym"], ["said", "said", "word"], ["helps", "helps", "word"], ["US", "us", "acronym"],
    ]


def test_house_style_drops_honorifics_and_each_outlets_own_name():
    d = pd.DataFrame({
        "doc_id": ["f", "h"], "outlet": ["Fox News", "HuffPost"],
        "text": ["Mr. Biden told FOX News Digital that Sen. Warren agreed.",
                 "HuffPost asked Mrs. Clinton and Rep. Smith about Fox."],
    })
    assert C.unit_spans(d)["unit"].tolist() == [
        "biden", "told", "news", "digital", "warren", "agreed", "asked", "clinton", "smith", "fox",
    ]
    off = C.unit_spans(d, house_style=False)["unit"].tolist()
    assert {"mr", "fox", "sen", "huffpost", "mrs", "rep"} <= set(off) and len(off) == 16
    assert C.unit_spans(d, stop_words=C.DEFAULT_STOP_WORDS)["unit"].tolist() == off  # a set: as given
    assert C.unit_spans(d, stop_words=C.stop_word_list(house_style=True))["unit"].tolist() == C.unit_spans(d)[
        "unit"].tolist()
    assert C.unit_spans(d, house_style=["biden"])["unit"].tolist()[:2] == ["mr", "told"]
    assert [C.self_name(o) for o in ("Fox News", "HuffPost", "CNN (Online News)", "Washington Post", "AP")] == [
        "fox", "huffpost", "cnn", None, "ap"]
    assert C.house_style_terms(d) == C.HONORIFICS | {"fox", "huffpost"}
    fw = C.fightin_words(d, a="Fox News", prior=pd.Series({"biden": 1}), stop_words="default", min_count=1)
    assert "fox" in set(fw["unit"]) and "mr" not in set(fw["unit"])
    assert int(fw.set_index("unit").loc["fox", "count_b"]) == 1  # HuffPost citing Fox keeps it


def test_stop_words_from_a_file_and_a_missing_file(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# house list\nagainst\nFire  # a comment\n\n", encoding="utf-8")
    d = docs(("d", "X", "They are not against the fire."))
    assert C.read_stop_words(path) == {"against", "fire"}
    assert C.unit_spans(d, stop_words=path)["unit"].tolist() == ["they", "are", "not", "the"]
    assert C.unit_spans(d, stop_words=str(path))["unit"].tolist() == ["they", "are", "not", "the"]
    with pytest.raises(FileNotFoundError, match=r"stop-word file .*nope\.txt does not exist"):
        C.unit_spans(d, stop_words=tmp_path / "nope.txt")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\xe9\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"stop-word file .*latin\.txt is not UTF-8"):
        C.read_stop_words(latin)
