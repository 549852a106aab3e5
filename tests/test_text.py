"""Text layer: normalization offsets, sentences and tokens, on tiny texts and the seeds."""

from __future__ import annotations

import pandas as pd
from conftest import FOX, UNNAMED
from hypothesis import given, settings
from hypothesis import strategies as st

import framing as fr
from framing.schema import SENTENCES, TOKENS
from framing.text import count_words, normalize, paragraph_spans, sentence_spans, word_spans

# -- normalization --------------------------------------------------------------------


def test_plain_ascii_view_is_lower_case_and_aligned():
    view = normalize("NATO-Backed Regime")
    assert view.text == "nato-backed regime"
    assert view.starts is None  # aligned one to one: no map needed
    assert view.span(5, 11) == (5, 11)


def test_curly_quotes_and_dashes_are_matched_alike_but_aligned():
    view = normalize("it\u2019s \u201cforeign\u2013backed\u201d")
    assert view.text == 'it\'s "foreign-backed"'
    assert view.starts is None


def test_soft_hyphen_and_zero_width_space_are_removed_with_a_map():
    text = "for\u00adeign-back\u200bed ok"
    view = normalize(text)
    assert view.text == "foreign-backed ok"
    s = view.text.index("foreign-backed")
    start, end = view.span(s, s + len("foreign-backed"))
    assert (start, end) == (0, 16)
    assert text[start:end] == "for\u00adeign-back\u200bed"
    assert view.span(15, 17) == (17, 19)  # "ok"


def test_nfkc_and_case_folding_change_lengths_with_a_map():
    text = "\ufb01ne Stra\u00dfe"  # "ﬁne Straße": ligature and sharp s
    view = normalize(text)
    assert view.text == "fine strasse"
    assert view.span(0, 4) == (0, 3)  # "fine" comes from "ﬁne"
    assert view.span(5, 12) == (4, 10)
    assert text[4:10] == "Stra\u00dfe"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalized_offsets_round_trip_for_any_unicode(text):
    view = normalize(text)
    if view.starts is None:
        assert len(view.text) == len(text)
        return
    assert len(view.starts) == len(view.text) == len(view.ends)
    previous = 0
    for i in range(len(view.text)):
        s, e = view.span(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert s >= previous  # monotone: spans never go backwards
        previous = s
        # the view character comes from exactly that stretch of the original
        assert view.text[i] in normalize(text[s:e]).text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab C.\n\u00ad\u2019'\u201c\u201d-\u00df")), max_size=80))
def test_word_spans_point_at_their_surface(text):
    for start, end, norm in word_spans(text):
        assert 0 <= start < end <= len(text)
        assert normalize(text[start:end]).text == norm


# -- paragraphs and sentences ---------------------------------------------------------


def test_paragraphs_are_blank_line_separated_and_stripped():
    text = "  Head line\n\nFirst para.\nstill first.\n \n\nSecond.  "
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["Head line", "First para.\nstill first.", "Second."]


def test_sentences_know_news_abbreviations_and_headlines():
    text = "BIG NEWS TODAY\n\nThe U.S. fighter jets flew on Aug. 21 to Minsk. Dr. Smith said so."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e, _ in spans] == [
        "BIG NEWS TODAY",
        "The U.S. fighter jets flew on Aug. 21 to Minsk.",
        "Dr. Smith said so.",
    ]
    assert [p for _, _, p in spans] == [0, 1, 1]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab A.!?\n \u201c\u201d"')), max_size=120))
def test_sentences_cover_every_visible_character(text):
    spans = sentence_spans(text)
    covered = set()
    last_end = 0
    for s, e, _ in spans:
        assert last_end <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        covered.update(range(s, e))
        last_end = e
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


def test_sentences_table_on_the_seed_articles(corpus, fox_text, unnamed_text):
    sents = fr.sentences(corpus)
    assert list(sents.columns) == list(SENTENCES)
    assert sents.groupby("doc_id").size().to_dict() == {FOX: 21, UNNAMED: 18}
    for row in sents.itertuples():
        text = fox_text if row.doc_id == FOX else unnamed_text
        assert text[row.start : row.end] == row.text
    fox = sents[sents.doc_id == FOX].set_index("sent_id")["text"]
    # the abbreviations "Aug." and "U.S." do not end sentences
    assert fox[8] == (
        "NATO AWACS aircraft will deploy to Krakow, Poland, from Aug. 21 to 28 to join a binational "
        "training event and provide exercises in air command and control for Polish and U.S. fighter aircraft."
    )
    # a quotation that ends a sentence stays with it
    assert fox[1].endswith("ordered security forces to be on \u201chigh alert.\u201d")
    assert fox[2].startswith("He accused NATO")
    unnamed = sents[sents.doc_id == UNNAMED].set_index("sent_id")["text"]
    # the dateline "MINSK –" opens the first sentence; the caption was removed before
    assert unnamed[0].startswith("MINSK \u2013 Russian and Belarusian intelligence services")
    assert unnamed[1] == "\u201cThere is not a single Pole there."


def test_sentences_accept_a_plain_documents_table():
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["One. Two!"]})
    assert fr.sentences(docs)[["sent_id", "start", "end", "text"]].values.tolist() == [
        [0, 0, 4, "One."],
        [1, 5, 9, "Two!"],
    ]


# -- tokens ---------------------------------------------------------------------------


def test_word_spans_keep_hyphens_and_apostrophes_inside_words():
    text = "The foreign\u2010backed protests, Lukashenko\u2019s 26 years won't end."
    assert [(text[s:e], n) for s, e, n in word_spans(text)] == [
        ("The", "the"),
        ("foreign\u2010backed", "foreign-backed"),
        ("protests", "protests"),
        ("Lukashenko\u2019s", "lukashenko's"),
        ("26", "26"),
        ("years", "years"),
        ("won't", "won't"),
        ("end", "end"),
    ]
    assert count_words(text) == 8


def test_tokens_table_on_the_seed_articles(corpus):
    toks = fr.tokens(corpus)
    assert list(toks.columns) == list(TOKENS)
    assert toks.groupby("doc_id").size().to_dict() == {FOX: 512, UNNAMED: 394}
    assert corpus.documents.set_index("doc_id")["n_tokens"].to_dict() == {FOX: 512, UNNAMED: 394}
    fb = toks[toks.norm == "foreign-backed"]
    assert fb[["doc_id", "sent_id", "start", "end"]].values.tolist() == [
        [UNNAMED, 4, 776, 790],
        [UNNAMED, 14, 2120, 2134],
    ]
    first = toks[toks.doc_id == FOX].iloc[:3]
    assert first[["sent_id", "token", "norm"]].values.tolist() == [
        [0, "NATO", "nato"],
        [0, "denied", "denied"],
        [0, "claims", "claims"],
    ]


def test_sentence_spans_equal_nltk_punkt_on_the_seed_articles(corpus):
    from test_sentences import punkt_sentence_spans

    for text in list(corpus.documents["text"]) + list(corpus.documents["raw"]):
        assert sentence_spans(text) == punkt_sentence_spans(text)


_TRICKY = list("ab Z9_-'.") + ["\u2019", "\u201c", "\u00ad", "\u200b", "\ufb01", "\u0301", "\u00e9", "\u0130", "\u2013",
                                "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=40) | st.text(max_size=40))
def test_word_arrays_and_the_view_replacements_give_what_finditer_and_translate_give(text):
    from framing.text import _TRANSLATE, ONE_TO_ONE, WORD_RX, _translated, one_to_one, word_arrays

    assert _translated(text) == text.translate(_TRANSLATE)
    assert one_to_one(text) == text.translate(ONE_TO_ONE)
    view = normalize(text)
    matches = list(WORD_RX.finditer(view.text))
    starts, ends, norms = word_arrays(text)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == [view.span(*m.span()) for m in matches]
    assert norms == [m.group(0) for m in matches]
    assert word_spans(text) == list(zip(starts.tolist(), ends.tolist(), norms, strict=True))


# --- Names (framing.text.name_words) ---


def _names(text):
    from framing.text import name_words

    return [text[s:e] for s, e in name_words(text)]


def test_name_words_inside_a_sentence_after_abbreviations_and_initials():
    assert _names("the Supreme Court ruled on Friday") == ["Supreme", "Court", "Friday"]
    assert _names("In 2019, Democrats won; Republicans lost") == ["Democrats", "Republicans"]
    assert _names("explained Sen. Warren of the U.S. Justice Department to John F. Kennedy") == [
        "Sen", "Warren", "Justice", "Department", "John", "Kennedy"
    ]  # fmt: skip
    # not capitalised: "I'm", all capitals (VADER's emphasis), lower case after a capital
    assert _names("and I'm GREAT, said iPhone users of NATO") == []


def test_a_word_capitalised_only_where_sentences_start_is_no_name():
    assert _names("Great news. Sadly Trump said no.") == ["Trump"]
    assert _names('He said: "Great job" and left') == []
    # the same word continuing a sentence elsewhere in the text is the evidence
    assert _names("Supreme Court justices met. Later the Supreme Court ruled.") == ["Supreme", "Court"] * 2
    assert _names("United States troops. Troops of the United States.") == ["United", "States", "United", "States"]


def test_a_title_case_line_gives_no_evidence():
    headline = "Trump Slams Horrible Deal With Iran\nThe deal was horrible, said Trump."
    assert _names(headline) == ["Trump", "Trump"]
    # one lower-case word of 5+ letters makes it running text, where they continue the sentence
    assert _names("Trump Slams Horrible Deal without Iran") == ["Slams", "Horrible", "Deal", "Iran"]


def test_name_words_take_curly_quotes_dashes_and_odd_spaces_as_ascii():
    assert _names("the\u00a0Supreme Court’s ruling") == ["Supreme", "Court’s"]
    assert _names("war \u2014 Peace talks") == []


def test_name_words_are_linear_on_long_runs():
    # spaces before a capital, capitals, abbreviation periods: each finishes (hostile texts
    # are timed in benchmarks/bench_hostile.py); here the counts
    from framing.text import name_words

    assert len(name_words("a" + " " * 200_000 + "Word")) == 1
    assert len(name_words("Ab " * 50_000)) == 50_000  # the first by the evidence of the others
    assert name_words("Mr." * 50_000 + " Ab") == []
    assert name_words("") == []
