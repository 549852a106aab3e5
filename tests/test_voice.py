"""Tests of framing.voice: quotations, speakers, reported speech, stance, voice rates."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import FOX, UNNAMED

from framing import voice as v
from framing.text import sentences as text_sentences

# an empty lexicon: the stance fallback list is used, so figures do not move when the
# built-in lexicon is edited
NO_LEXICON = pd.DataFrame({"term": pd.Series([], dtype=str), "category": pd.Series([], dtype=str)})


def docs(*texts: str, outlet: str = "o") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": outlet, "text": list(texts)})


def one(text: str) -> pd.DataFrame:
    return v.quotes(docs(text))


def spans_of(text: str, doc_id: str, *terms: str) -> pd.DataFrame:
    rows = [(doc_id, m.start(), m.end(), t) for t in terms for m in re.finditer(re.escape(t), text)]
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "term"])


def check_offsets(q: pd.DataFrame, texts: dict) -> None:
    for row in q.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        assert row.open_start == row.start - 1


# --------------------------------------------------------------------------------------
# Quotation marks
# --------------------------------------------------------------------------------------


def test_mixed_straight_open_curly_close_pairs():
    q = one('He called it simply "regime propaganda.” Then he left.')
    assert q[["start", "end", "text", "kind", "closed", "flag"]].values.tolist() == [
        [21, 39, "regime propaganda.", "fragment", True, ""]
    ]
    assert q.loc[0, "close_end"] == 40


def test_apostrophes_are_not_quotes():
    text = "It’s near Belarus’ border; they won’t stop, the officials' results show, in the ’90s."
    assert one(text).empty


def test_nested_single_quote_inside_quotation_is_the_outer_speakers():
    text = "“They are dragging an ‘alternative president’ here,” Lukashenko said."
    q = one(text)
    assert q[["text", "depth", "parent", "kind", "speaker", "attribution"]].astype(object).values.tolist() == [
        ["They are dragging an ‘alternative president’ here,", 0, pd.NA, "quote", "Lukashenko", "named"],
        ["alternative president", 1, 0, "fragment", "Lukashenko", "nested"],
    ]


def test_news_style_multi_paragraph_quotation():
    text = "Anna Smith said: “First part of it.\n\n“Second part of it.\n\n“Third part, closing.”\n\nAfter."
    q = one(text)
    assert len(q) == 1
    row = q.iloc[0]
    assert row.text == "First part of it.\n\n“Second part of it.\n\n“Third part, closing."
    assert (row.open_start, row.close_end, row.paragraphs, row.closed) == (17, text.index("”") + 1, 3, True)
    assert (row.speaker, row.cue, row.attribution, row.words) == ("Anna Smith", "said", "named", 11)


def test_guillemets_and_low_high_marks():
    q = v.quotes(docs("Il a dit « bonjour tout le monde » hier.", "Er sagte „das ist gut“ und ging."))
    assert q[["doc_id", "text", "kind"]].values.tolist() == [
        ["d0", " bonjour tout le monde ", "fragment"],
        ["d1", "das ist gut", "fragment"],
    ]


def test_fragment_is_one_to_four_words():
    q = one("They said “one two three four” and then “one two three four five” too.")
    assert q[["words", "kind"]].values.tolist() == [[4, "fragment"], [5, "quote"]]


def test_unclosed_quotation_ends_at_its_paragraph_and_is_flagged():
    text = "He said “this never ends\n\nNext paragraph is plain."
    q = one(text)
    assert q[["start", "end", "closed", "flag"]].astype(object).values.tolist() == [[9, 24, False, "unclosed"]]
    assert pd.isna(q.loc[0, "close_end"])
    sv = v.sentence_voice(docs(text))
    assert sv["voice"].tolist() == ["reported", "author"]  # "He said …" governs the sentence


def test_double_quotes_nest_only_across_styles():
    nested = one('“He called it "fake news" today,” Smith said.')
    assert nested[["text", "depth", "speaker"]].values.tolist() == [
        ['He called it "fake news" today,', 0, "Smith"], ["fake news", 1, "Smith"],
    ]
    restarted = one("“First quote never closed. “Second one,” Smith said.")
    assert restarted[["text", "closed", "flag", "attribution"]].values.tolist() == [
        ["First quote never closed.", False, "unclosed", "none"], ["Second one,", True, "", "named"],
    ]


def test_curly_opener_in_closing_position_closes():
    # article B closes “to help Belarus“ with an opening mark
    q = one("He had vowed “to help Belarus“.\n\nNext.")
    assert q[["text", "closed"]].values.tolist() == [["to help Belarus", True]]


# --------------------------------------------------------------------------------------
# Bad input: never crash, never lose text, never swallow the document
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n_quotes", "n_unclosed"),
    [
        ("", 0, 0),
        ("No quotation marks at all. Just text.", 0, 0),
        ("“only “openers “here\n\nand a plain paragraph", 3, 3),
        ("“a” " * 3000, 3000, 0),
        ("“a " * 2000, 2000, 2000),
        ('" ' * 3000 + "end", 0, 0),
        ("‘ ’ ' " * 2000, 0, 0),
        ('don"t O"Brien wo“rd it"s 5"11', 0, 0),
    ],
    ids=["empty", "none", "only_openers", "thousands_pairs", "thousands_openers", "straight_spaces",
         "singles", "inside_words"],
)
def test_bad_input(text, n_quotes, n_unclosed):
    d = docs(text)
    q = v.quotes(d)
    assert len(q) == n_quotes
    assert int((~q["closed"]).sum()) == n_unclosed
    check_offsets(q, {"d0": text})
    # no quotation runs over another: total quoted length stays within the text (linear output)
    assert int((q["end"] - q["start"]).sum()) <= len(text)
    sents = text_sentences(d)
    sv = v.sentence_voice(d)
    cols = ["sent_id", "start", "end", "text"]
    assert sv[cols].values.tolist() == sents[cols].values.tolist()
    assert set(sv["voice"]) <= set(v.VOICES)


# --------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "attribution"),
    [
        ('"We will win," Smith said.', "Smith", "said", "named"),
        ('"We will win," said John Smith.', "John Smith", "said", "named"),
        ('"We will win," Lithuanian President Gitanas Nauseda told Agence France-Presse.', "Gitanas Nauseda", "told",
         "named"),
        ('"We will win," according to the BBC.', "BBC", "according to", "named"),
        ("“We will win,” added defense attorney Francisco Ugarte.", "Francisco Ugarte", "added", "named"),
        ("NATO dismissed the “baseless” claims.", "NATO", "dismissed", "named"),
        ('Poland denied it, with the chief of staff, Krzysztof Szczerski, calling it "regime propaganda."',
         "Krzysztof Szczerski", "calling", "named"),
        ("“We will win,” the minister told Reuters.", pd.NA, "told", "unresolved"),
        ("President Lukashenko spoke on Sunday. “We will never give up the country,” he said.", "Lukashenko",
         "said", "resolved"),
        # a capitalised sentence-initial word alone is not evidence of a name
        ("Lukashenko spoke on Sunday. “We will never give up the country,” he said.", pd.NA, "said",
         "unresolved"),
        # two named candidates: unsafe, stays unknown
        ("President Lukashenko met President Putin. Putin smiled. “We will never give up the country,” he said.",
         pd.NA, "said", "unresolved"),
        ("NATO met on Monday. “We will never give up the fight,” he said.", pd.NA, "said", "unresolved"),
        ("Trump on Tuesday described her as a “person I would consider”.", pd.NA, "described", "group"),
        ("The leader created the channel “Partizans Mogilev” online.", pd.NA, pd.NA, "none"),
    ],
)
def test_speaker_patterns(text, speaker, cue, attribution):
    row = one(text).iloc[0]
    assert [row.speaker, row.cue, row.attribution] == [speaker, cue, attribution]


def test_speaker_mention_span_points_into_text():
    text = '"We will win," Lithuanian President Gitanas Nauseda told reporters.'
    row = one(text).iloc[0]
    assert text[row.speaker_start:row.speaker_end] == "Lithuanian President Gitanas Nauseda"
    assert text[row.cue_start:row.cue_end] == "told"


def test_role_noun_resolves_only_to_an_entity_with_that_title():
    titled = "Belarusian President Alexander Lukashenko spoke.\n\n“There is no Pole there,” the president said."
    untitled = "Alexander Lukashenko spoke.\n\n“There is no Pole there,” the president said."
    assert one(titled).loc[0, "speaker"] == "Alexander Lukashenko"
    assert pd.isna(one(untitled).loc[0, "speaker"])


def test_continuation_needs_a_full_quotation_opening_the_next_sentence():
    text = ("“We will win,” Smith said. “The country is with us and always was.” Critics called it “nonsense”. "
            "Later, “this is a quotation nobody is said to have said” was found.")
    q = one(text)
    assert q[["speaker", "attribution"]].astype(object).values.tolist() == [
        ["Smith", "named"], ["Smith", "continued"], ["Critics", "group"], [pd.NA, "none"],
    ]


# --------------------------------------------------------------------------------------
# Reported speech, sentence voice, span labels
# --------------------------------------------------------------------------------------


def test_reported_speech_main_clause_and_postposed():
    text = (
        "Protesters allege the results are fraudulent. Spies found the centers, Alexander Lukashenko said in a "
        "statement. The sky is blue."
    )
    sv = v.sentence_voice(docs(text))
    assert sv[["voice", "speaker", "reported", "cue"]].astype(object).values.tolist() == [
        ["reported", "Protesters", True, "allege"],
        ["reported", "Alexander Lukashenko", True, "said"],
        ["author", pd.NA, False, pd.NA],
    ]
    lab = v.label_spans(spans_of(text, "d0", "fraudulent", "Protesters", "Spies", "blue"), docs(text))
    assert lab[["term", "voice", "speaker"]].astype(object).values.tolist() == [
        ["fraudulent", "reported", "Protesters"],
        ["Protesters", "author", pd.NA],
        ["Spies", "reported", "Alexander Lukashenko"],
        ["blue", "author", pd.NA],
    ]


def test_label_spans_copies_and_validates():
    text = "Protesters allege fraud."
    spans = spans_of(text, "d0", "fraud")
    out = v.label_spans(spans, docs(text))
    assert "voice" not in spans.columns and out.loc[0, "voice"] == "reported"
    with pytest.raises(ValueError, match="spans is not a span table: it lacks column"):
        v.label_spans(spans.drop(columns="end"), docs(text))
    with pytest.raises(ValueError, match="doc_id 'zz', which is not in corpus"):
        v.label_spans(spans.assign(doc_id="zz"), docs(text))


def test_hand_corrected_quotes_table_is_used():
    text = "“We will win,” the minister told Reuters."
    q = one(text).assign(speaker="Maria Sanchez")
    lab = v.label_spans(spans_of(text, "d0", "win"), docs(text), quotes=q)
    assert lab[["voice", "speaker"]].values.tolist() == [["fragment", "Maria Sanchez"]]


# --------------------------------------------------------------------------------------
# The two articles (the "Shows")
# --------------------------------------------------------------------------------------


def test_article_quotations_reviewed(corpus):
    q = v.quotes(corpus)
    got = [(d[:3], t.split()[0], k, None if pd.isna(s) else s, None if pd.isna(c) else c, a)
           for d, t, k, s, c, a in q[["doc_id", "text", "kind", "speaker", "cue", "attribution"]].values]
    assert got == [
        ("fox", "high", "fragment", None, None, "none"),
        ("fox", "foreign", "fragment", "Lukashenko", "said", "inherited"),
        ("fox", "They", "quote", "Lukashenko", "said", "named"),
        ("fox", "most", "quote", "Lukashenko", "adding", "inherited"),
        ("fox", "You", "quote", "Lukashenko", "continued", "resolved"),
        ("fox", "alternative", "fragment", "Lukashenko", None, "nested"),
        ("fox", "Military", "quote", "Lukashenko", None, "continued"),
        ("fox", "baseless", "fragment", "NATO", "dismissed", "named"),
        ("fox", "poses", "quote", "NATO", "explaining", "inherited"),
        ("fox", "Our", "quote", "NATO", "said", "resolved"),
        ("fox", "mandated", "quote", None, None, "none"),
        ("fox", "sad", "fragment", "Krzysztof Szczerski", "calling", "named"),
        ("fox", "regime", "fragment", "Krzysztof Szczerski", "calling", "named"),
        ("fox", "The", "quote", "Gitanas Nauseda", "told", "named"),
        ("unn", "There", "quote", "Lukashenko", "said", "resolved"),
        ("unn", "destabilizing", "fragment", "Lukashenko", "believes", "resolved"),
        ("unn", "Partizans", "fragment", None, None, "none"),
        ("unn", "to", "fragment", "Stephen Biegun", "vowed", "named"),
    ]
    assert q["closed"].all() and (q["flag"] == "").all()
    check_offsets(q, dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True)))


def test_article_terms_in_the_right_mouth(corpus, fox_text, unnamed_text):
    spans = pd.concat([
        spans_of(fox_text, FOX, "“baseless”", "totally baseless statements", "regime propaganda",
                 "alternative president", "fraudulent", "illegal and illegitimate"),
        spans_of(unnamed_text, UNNAMED, "foreign-backed", "Neo-Nazi", "Orchestrated", "destabilizing the entire planet",
                 "There is not a single Pole there"),
    ], ignore_index=True)
    spans.loc[spans["term"] == "“baseless”", ["start", "end"]] += [1, -1]  # the word, not its marks
    lab = v.label_spans(spans, corpus)
    assert lab[["term", "voice", "speaker"]].astype(object).values.tolist() == [
        ["“baseless”", "fragment", "NATO"],
        ["totally baseless statements", "quote", "Gitanas Nauseda"],
        ["regime propaganda", "fragment", "Krzysztof Szczerski"],
        ["alternative president", "quote", "Lukashenko"],
        ["fraudulent", "reported", "Protesters"],
        ["illegal and illegitimate", "quote", pd.NA],
        ["foreign-backed", "author", pd.NA],
        ["foreign-backed", "author", pd.NA],
        ["Neo-Nazi", "author", pd.NA],
        ["Orchestrated", "author", pd.NA],
        ["destabilizing the entire planet", "fragment", "Lukashenko"],
        ["There is not a single Pole there", "quote", "Lukashenko"],
    ]


def test_article_sentence_voices(corpus):
    sv = v.sentence_voice(corpus)
    by_doc = sv.groupby("doc_id")["voice"].apply(list).to_dict()
    assert by_doc[FOX] == [
        "reported", "fragment", "reported", "quote", "quote", "quote", "quote", "quote", "author", "quote", "quote",
        "author", "author", "reported", "quote", "author", "author", "reported", "author", "author", "author",
    ]
    assert by_doc[UNNAMED] == [
        "reported", "quote", "quote", "author", "author", "reported", "reported", "author", "author", "fragment",
        "author", "author", "author", "author", "reported", "author", "author", "author",
    ]
    fox = sv[sv["doc_id"] == FOX].set_index("sent_id")
    assert (fox.loc[17, "source"], fox.loc[17, "cue"]) == ("Protesters", "allege")
    assert fox.loc[13, "source"] == "Poland and Lithuania"
    unn = sv[sv["doc_id"] == UNNAMED].set_index("sent_id")
    assert (unn.loc[5, "source"], unn.loc[5, "cue"]) == ("Belarusian authorities", "confirmed")
    assert (unn.loc[14, "source"], unn.loc[14, "cue"]) == ("Svetlana Tikhanovskaya", "admitted")


def test_article_who_speaks(corpus):
    sp = v.speakers(corpus)
    got = [(o[:3], None if pd.isna(s) else s, q, f, w) for o, s, q, f, w in
           sp[["outlet", "speaker", "quotations", "fragments", "words"]].values]
    assert got == [
        ("Fox", "Lukashenko", 4, 1, 49),
        ("Fox", None, 1, 1, 45),
        ("Fox", "NATO", 2, 1, 23),
        ("Fox", "Gitanas Nauseda", 1, 0, 22),
        ("Fox", "Krzysztof Szczerski", 0, 2, 5),
        ("Unn", "Lukashenko", 1, 1, 23),
        ("Unn", "Stephen Biegun", 0, 1, 3),
        ("Unn", None, 0, 1, 2),
    ]
    assert sp.loc[0, "share"] == pytest.approx(49 / 512)
    qs = v.quoted_share(corpus)
    assert qs[["words", "quote_words", "fragment_words"]].values.tolist() == [[512, 134, 10], [394, 19, 9]]
    assert qs["quoted_share"].tolist() == pytest.approx([144 / 512, 28 / 394])


LEAN_TEXTS = [
    "\u201cWe will act now and soon,\u201d Lukashenko said. He called it \u201cpure theatre\u201d and left.",
    "\u201cThe EU is fine today,\u201d Lukashenko said. NATO said it was \u201cdeeply worrying\u201d.",
    "Protesters said \u201cfree elections now please\u201d. Lukashenko spoke.",
    "NATO met. \u201cNo comment from us today,\u201d said the EU.",
]


def lean_docs() -> pd.DataFrame:
    """Outlets A and B share the lean "left"; D has no lean.  Words: 15, 13, 8, 10."""
    return pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["A", "B", "C", "D"],
                         "lean": ["left", "left", "right", None], "text": LEAN_TEXTS})


def test_speakers_by_lean_sums_the_outlets():
    d = lean_docs()
    by_outlet = v.speakers(d)
    assert by_outlet[["outlet", "speaker", "quotations", "fragments", "words"]].values.tolist() == [
        ["A", "Lukashenko", 1, 1, 8], ["B", "Lukashenko", 1, 0, 5], ["B", "NATO", 0, 1, 2],
        ["C", "Protesters", 0, 1, 4], ["D", "EU", 1, 0, 5],
    ]
    sp = v.speakers(d, by="lean")
    assert list(sp.columns) == ["lean", "speaker", "quotations", "fragments", "words", "share"]
    assert sp[["lean", "speaker", "quotations", "fragments", "words"]].values.tolist() == [
        ["(missing)", "EU", 1, 0, 5], ["left", "Lukashenko", 2, 1, 13], ["left", "NATO", 0, 1, 2],
        ["right", "Protesters", 0, 1, 4],
    ]
    assert sp["share"].tolist() == pytest.approx([5 / 10, 13 / 28, 2 / 28, 4 / 8])
    assert sp.attrs["missing"] == {"lean": 1} and "missing" not in by_outlet.attrs
    lean_of = {"A": "left", "B": "left", "C": "right", "D": "(missing)"}
    cols = ["quotations", "fragments", "words"]
    summed = by_outlet.assign(lean=by_outlet["outlet"].map(lean_of)).groupby(["lean", "speaker"])[cols].sum()
    assert sp.set_index(["lean", "speaker"])[cols].equals(summed)
    both = v.speakers(d, by=["lean", "outlet"])
    assert list(both.columns[:2]) == ["lean", "outlet"] and both["words"].tolist() == [5, 8, 5, 2, 4]


def test_quoted_share_keeps_metadata_columns():
    d = lean_docs()
    qs = v.quoted_share(d, keep="lean")
    assert list(qs.columns) == ["doc_id", "outlet", "lean", "words", "quote_words", "fragment_words", "quoted_share"]
    assert qs[["lean", "words", "quote_words", "fragment_words"]].values.tolist() == [
        ["left", 15, 6, 2], ["left", 13, 5, 2], ["right", 8, 0, 4], ["(missing)", 10, 5, 0],
    ]
    assert qs.attrs["missing"] == {"lean": 1}
    plain = v.quoted_share(d)
    assert list(plain.columns) == ["doc_id", "outlet", "words", "quote_words", "fragment_words", "quoted_share"]
    assert plain.equals(qs.drop(columns="lean"))


def test_speakers_and_quoted_share_unknown_column_is_the_groups_error():
    d = lean_docs()
    with pytest.raises(ValueError, match="by: no column 'leaning' in the documents; the columns there are: doc_id"):
        v.speakers(d, by="leaning")
    with pytest.raises(ValueError, match="keep: no column 'topic' in the documents"):
        v.quoted_share(d, keep=["lean", "topic"])
    with pytest.raises(ValueError, match="'speaker' is already a column"):
        v.speakers(d, by="speaker")
    with pytest.raises(ValueError, match="by must be a column name or a list"):
        v.speakers(d, by=[])


# --------------------------------------------------------------------------------------
# Attribution stance
# --------------------------------------------------------------------------------------


def test_stance_lexicon_keeps_verbs_from_the_lexicon():
    lex = pd.DataFrame({
        "term": ["confirmed", "claim", "said", "allegedly", "accusation", "accusations", "unverified", "pointed out",
                 "rumor*", "foreign-backed"],
        "category": ["stance_endorsing", "stance_distancing", "stance_neutral", "stance_distancing",
                     "stance_distancing", "stance_distancing", "stance_distancing", "stance_endorsing",
                     "stance_distancing", "delegitimizing_attribution"],
    })
    table = v.stance_lexicon(lex)
    assert set(table["source"]) == {"lexicon"}
    forms = dict(zip(table["form"], table["stance"], strict=True))
    assert dict(zip(table["form"], table["lemma"], strict=True))["pointed out"] == "point out"  # the base form
    assert forms == {
        "confirm": "endorsing", "confirmed": "endorsing", "confirming": "endorsing", "confirms": "endorsing",
        "claim": "distancing", "claimed": "distancing", "claiming": "distancing", "claims": "distancing",
        "say": "neutral", "said": "neutral", "saying": "neutral", "says": "neutral",
        "pointed out": "endorsing",
    }
    fallback = v.stance_lexicon(NO_LEXICON)
    assert set(fallback["source"]) == {"fallback"}
    assert dict(zip(fallback["form"], fallback["stance"], strict=True))["uncovered"] == "endorsing"


def test_stance_lexicon_phrases_take_their_first_words_base_form():
    lex = pd.DataFrame({"term": ["quoted as saying", "maintained that", "pointed out", "visited"],
                        "category": ["stance_neutral", "stance_distancing", "stance_endorsing", "stance_neutral"]})
    lemmas = dict(zip(v.stance_lexicon(lex)["form"], v.stance_lexicon(lex)["lemma"], strict=True))
    # "quot" + e: a one-syllable stem ending in vowel + consonant keeps its e ("quoted", not "quotted");
    # "visit" has two syllables (its -ed does not double either, and takes no e)
    assert lemmas == {"quoted as saying": "quote as saying", "maintained that": "maintain that",
                      "pointed out": "point out", "visit": "visit", "visited": "visit", "visiting": "visit",
                      "visits": "visit"}


def test_attribution_stance_on_hand_text():
    text = ("Officials confirmed that the vote was fair. The opposition claimed fraud. He noted the claims. "
            "“It is over,” Smith said. Prices in the United States rose.")
    st = v.attribution_stance(docs(text), lexicon=NO_LEXICON)
    assert st[["cue", "lemma", "stance", "stance_source", "speaker", "role"]].astype(object).values.tolist() == [
        ["confirmed", "confirm", "endorsing", "fallback", "Officials", "reported"],
        ["claimed", "claim", "distancing", "fallback", "The opposition", "reported"],
        ["noted", "note", "neutral", "fallback", pd.NA, "reported"],
        ["said", "say", "neutral", "fallback", "Smith", "quote"],
    ]
    table = v.stance_table(st)
    assert table[["stance", "count"]].values.tolist() == [["endorsing", 1], ["distancing", 1], ["neutral", 2]]
    assert table["share"].tolist() == pytest.approx([0.25, 0.25, 0.5])


def test_article_stance_table(corpus):
    st = v.attribution_stance(corpus, lexicon=NO_LEXICON)
    unn = st[st["doc_id"] == UNNAMED]
    assert unn[unn["stance"] == "endorsing"][["cue", "speaker"]].astype(object).values.tolist() == [
        ["uncovered", pd.NA], ["confirmed", "Belarusian authorities"], ["admitted", "Svetlana Tikhanovskaya"],
    ]
    table = v.stance_table(st)
    assert table[["stance", "count"]].values.tolist() == [
        ["endorsing", 0], ["distancing", 2], ["neutral", 13],
        ["endorsing", 3], ["distancing", 1], ["neutral", 8],
    ]
    with pytest.raises(ValueError, match="stance is not a attribution stance table"):
        v.stance_table(st.drop(columns="stance"))


# --------------------------------------------------------------------------------------
# Rates per voice
# --------------------------------------------------------------------------------------


def test_voice_rates_with_hand_built_hits(corpus, fox_text, unnamed_text):
    hits = pd.concat([
        spans_of(fox_text, FOX, "baseless", "fraudulent", "illegitimate"),
        spans_of(unnamed_text, UNNAMED, "foreign-backed", "Neo-Nazi", "destabilizing"),
    ], ignore_index=True).assign(category=lambda d: ["a", "a", "b", "b", "a", "a", "b", "b"][: len(d)])
    rates = v.voice_rates(hits, corpus)
    got = [(o[:3], vc, c, t) for o, vc, c, t in rates[["outlet", "voice", "count", "tokens"]].values]
    assert got == [
        ("Fox", "author", 0, 265), ("Fox", "quote", 2, 134), ("Fox", "fragment", 1, 10),
        ("Fox", "reported", 1, 103), ("Fox", "all", 4, 512),
        ("Unn", "author", 3, 275), ("Unn", "quote", 0, 19), ("Unn", "fragment", 1, 9),
        ("Unn", "reported", 0, 91), ("Unn", "all", 4, 394),
    ]
    assert rates["per_1k"].tolist() == pytest.approx(1000 * rates["count"] / rates["tokens"])
    by = v.voice_rates(hits, corpus, by="category")
    assert len(by) == 2 * 2 * 5 and by["count"].sum() == 2 * len(hits)
    with pytest.raises(ValueError, match="by: no column 'nope' in the documents or the hits; the columns there are"):
        v.voice_rates(hits, corpus, by="nope")


def test_voice_rates_zero_tokens_give_zero():
    # no quotation and no reported speech: quote/fragment/reported have 0 tokens -> per_1k 0, not NaN
    text = "The weather was calm. Nothing else happened in the town."
    rates = v.voice_rates(spans_of(text, "d0", "calm"), docs(text))
    by_voice = dict(zip(rates["voice"], zip(rates["tokens"], rates["per_1k"], strict=True), strict=True))
    assert by_voice["author"] == (10, 100.0) and by_voice["all"] == (10, 100.0)
    assert [by_voice[k] for k in ("quote", "fragment", "reported")] == [(0, 0.0)] * 3


# --------------------------------------------------------------------------------------
# No state between calls; one parse per document and call (or per Analysis)
# --------------------------------------------------------------------------------------


@pytest.fixture
def parse_count(monkeypatch):
    from framing.voice import attribution

    texts = []
    real = attribution._analyse

    def counting(text):
        texts.append(text)
        return real(text)

    monkeypatch.setattr(attribution, "_analyse", counting)
    return texts


def test_no_cache_between_calls(corpus, parse_count):
    first = v.quotes(corpus)
    assert len(parse_count) == 2
    pd.testing.assert_frame_equal(v.quotes(corpus), first)
    assert len(parse_count) == 4  # parsed again: nothing is kept between calls


def test_one_parse_per_document_and_call(corpus, parse_count):
    v.sentence_voice(corpus)  # quotations and sentences from one parse
    assert len(parse_count) == 2
    v.label_spans(spans_of(corpus.documents["text"].iloc[0], corpus.documents["doc_id"].iloc[0], "the"), corpus)
    v.voice_rates(pd.DataFrame({"doc_id": [], "start": [], "end": []}), corpus)
    v.attribution_stance(corpus, lexicon=NO_LEXICON)
    assert len(parse_count) == 2 + 3 * 2


def test_analysis_is_reused_across_calls(corpus, parse_count):
    an = v.Analysis()
    qt = v.quotes(corpus, analysis=an)
    sv = v.sentence_voice(corpus, quotes=qt, analysis=an)
    st = v.attribution_stance(corpus, quotes=qt, lexicon=NO_LEXICON, analysis=an)
    assert len(parse_count) == 2 and len(an) == 2 and "2 documents" in repr(an)
    pd.testing.assert_frame_equal(sv, v.sentence_voice(corpus, quotes=qt))
    pd.testing.assert_frame_equal(st, v.attribution_stance(corpus, quotes=qt, lexicon=NO_LEXICON))


@pytest.mark.parametrize("bad", ["yes", {}, 1])
def test_analysis_must_be_an_analysis(corpus, bad):
    for call in (lambda: v.quotes(corpus, analysis=bad), lambda: v.sentence_voice(corpus, analysis=bad),
                 lambda: v.attribution_stance(corpus, analysis=bad)):
        with pytest.raises(ValueError, match="analysis must be a framing.voice.Analysis"):
            call()


# --------------------------------------------------------------------------------------
# Reported speech per sentence: linear search, same answer as the scan over all sentences
# --------------------------------------------------------------------------------------

REPORTED_TEXT = (
    "Protesters allege that the vote was rigged. The weather was calm. "
    "“We will not give up,” she said. Officials confirmed the count on Monday.\n\n"
    "The count was fair, the commission said in a statement on Friday. Nothing else happened. "
    "Crowds gathered, according to Reuters. He added that the “so-called” protest was small, "
    "saying that more would come.\n\n"
    "A plain closing paragraph. Another plain sentence. The ministry claimed victory."
)


def _reported_by_scan(parse, s, e):
    """The former rule: every analysed sentence scanned for every span."""
    for sent in parse.sentences:
        if (sent.start <= s < sent.end or s <= sent.start < e) and sent.reported and sent.content is not None:
            return sent
    return None


def test_reported_for_span_equals_full_scan():
    from framing.voice.attribution import _analyse
    from framing.voice.tables import _reported_for_span

    text = REPORTED_TEXT * 3
    parse = _analyse(text)
    sents = parse.sentences
    starts = [s.start for s in sents]
    assert sum(s.reported for s in sents) >= 12
    # every sentence, every span of 1-3 sentences, spans starting mid-sentence, empty spans, past the end
    cuts = sorted({p for s in sents for p in (s.start, s.start + 3, s.end - 1, s.end)} | {0, len(text) + 5})
    spans = [(a, b) for i, a in enumerate(cuts) for b in cuts[max(i - 1, 0):i + 8]]
    for a, b in spans:
        assert _reported_for_span(sents, starts, a, b) is _reported_by_scan(parse, a, b), (a, b)
    assert _reported_for_span([], [], 0, 10) is None


def test_sentence_voice_with_merged_sentences():
    # a user's sentence table whose rows span several analysed sentences
    text = REPORTED_TEXT
    d = docs(text)
    own = text_sentences(d)
    merged = own.groupby(own.index // 2).agg(doc_id=("doc_id", "first"), sent_id=("sent_id", "first"),
                                             paragraph=("paragraph", "first"), start=("start", "min"),
                                             end=("end", "max"), text=("text", " ".join))
    sv = v.sentence_voice(d, merged[list(own.columns)])
    from framing.voice.attribution import _analyse

    parse = _analyse(text)
    for row in sv.itertuples():
        rep = _reported_by_scan(parse, row.start, row.end)
        assert row.reported == (rep is not None)
        if rep is not None:
            assert (row.content_start, row.content_end) == rep.content


def test_speakers_are_never_pronouns_determiners_or_clause_fragments():
    text = ("Officials met in Minsk on Monday. \u201cWe are ready to talk,\u201d I said. "
            "The resolution says the vote was fair. A key inflation gauge that economists watch said prices rose. "
            "The company said prices would rise. \u201cIt is over,\u201d Smith said.")
    q = v.quotes(docs(text))
    assert q[["speaker", "speaker_mention", "attribution"]].astype(object).values.tolist() == [
        [pd.NA, "I", "unresolved"], ["Smith", "Smith", "named"],
    ]
    s = v.sentence_voice(docs(text))
    assert s.loc[s["reported"], ["speaker", "source"]].astype(object).values.tolist() == [
        [pd.NA, pd.NA], [pd.NA, pd.NA], ["The company", "The company"],
    ]


@pytest.mark.parametrize("mention", ["I", "We", "you", "The", "A", "This", "I\u2019ve", "That\u2019s not to",
                                     "The resolution", "The complaints", "A key inflation gauge that",
                                     "The former secretary of", "The speech began on a seemingly sympathetic"])
def test_not_a_speaker(mention):
    from framing.voice.nonspeakers import _not_a_speaker

    assert _not_a_speaker(mention)


@pytest.mark.parametrize("mention", ["US", "NATO", "Smith", "The opposition", "The company", "Poland and Lithuania",
                                     "The Kremlin", "Belarusian authorities", "A State Department spokesperson"])
def test_a_speaker(mention):
    from framing.voice.nonspeakers import _not_a_speaker

    assert not _not_a_speaker(mention)


@pytest.mark.parametrize("text", [
    "\u201cThe plan failed,\u201d said Sen. Rob Portman (R-Ohio), the chairman.",
    "\u201cThe plan failed,\u201d said Sen. Rob Portman (R-Ohio).",
    "\u201cThe plan failed,\u201d said Rob Portman (R-Ohio), the chairman.",
    "\u201cThe plan failed,\u201d Sen. Rob Portman (R-Ohio) said.",
])
def test_a_bracketed_aside_after_the_name_keeps_the_speaker(text):
    from framing.corpus import load_corpus

    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    q = v.quotes(load_corpus(docs))
    assert q[["speaker", "attribution"]].iloc[0].tolist() == ["Rob Portman", "named"]
    mention = q["speaker_mention"].iloc[0]
    assert mention in ("Sen. Rob Portman", "Rob Portman") and "(" not in mention


def test_its_inside_a_quotation_is_never_a_speaker():
    from framing.corpus import load_corpus

    text = ("\u201cNobody takes anything. It\u2019s really a disgrace,\u201d he said.\n\n"
            "\u201cIt\u2019s not working,\u201d he said. \u201cAnd the proof is there.\u201d")
    q = v.quotes(load_corpus(pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})))
    assert "It" not in set(q["speaker"].dropna())
    assert not q["speaker"].isin(["It", "He", "he", "it"]).any()


@pytest.mark.parametrize(("text", "speaker"), [
    ("But Obama said: \u201cWe will not wait for Congress to act on this.\u201d", "Obama"),
    ("And then Rubio pointed to Trump and said: \u201cWell he is very flexible, you never know.\u201d", None),
    ("In Coronado, he said: \u201cThe beach is closed for the whole summer season.\u201d", None),
    ("Asked about the vote, he said: \u201cWe have the numbers and we will win it.\u201d", None),
    ("Even Trump conceded: \u201cThe numbers are not where we want them to be.\u201d", "Trump"),
])
def test_a_sentence_opening_word_is_never_the_speaker(text, speaker):
    # "But", "And", "In", "Asked" open the sentence or a phrase: dropped before a name, else no speaker
    from framing.corpus import load_corpus

    q = v.quotes(load_corpus(pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})))
    got = q["speaker"].iloc[0]
    assert (None if pd.isna(got) else got) == speaker
    assert not q["speaker"].isin(["But", "And", "In", "Asked", "Even", "But Obama", "Even Trump"]).any()
