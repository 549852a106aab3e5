"""Matching rules, hits, scores, KWIC, display and the score CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FOX, UNNAMED
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.cli import main
from framing.lexicon import Lexicon, load_lexicon
from framing.match import BatchView, fast_normalize
from framing.match.patterns import pattern_prefixes as _pattern_prefixes
from framing.report.display import pick_documents, show
from framing.score import (
    HITS,
    KWIC,
    SCORES,
    hits,
    iter_hits,
    kwic,
    score_stream,
    scores,
)
from framing.text import count_words, normalize

FIX = Path(__file__).parent / "fixtures" / "lexicons"


@pytest.fixture(scope="module")
def mine() -> Lexicon:
    return load_lexicon(FIX / "mine.csv")


def docs(*texts: str, outlets=None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlets or ["o"] * len(texts),
            "text": list(texts),
        }
    )


def found(text: str, lexicon: Lexicon) -> list[tuple[int, int, str, str]]:
    h = hits(docs(text), lexicon)
    assert (h["surface"] == [text[s:e] for s, e in zip(h["start"], h["end"], strict=True)]).all()
    return list(zip(h["start"], h["end"], h["surface"], h["term"], strict=True))


# matching rules on tiny texts -----------------------------------------------------------


def test_hyphenated_entry_matches_spaced_and_joined(mine):
    text = "Foreign-backed, foreign backed and FOREIGNBACKED. Neo-Nazi, neo Nazi, neonazi."
    assert found(text, mine) == [
        (0, 14, "Foreign-backed", "foreign-backed"),
        (16, 30, "foreign backed", "foreign-backed"),
        (35, 48, "FOREIGNBACKED", "foreign-backed"),
        (50, 58, "Neo-Nazi", "neo-nazi"),
        (60, 68, "neo Nazi", "neo-nazi"),
        (70, 77, "neonazi", "neo-nazi"),
    ]


def test_dashes_and_soft_hyphen_zero_width_curly_apostrophe(mine):
    text = "Foreign\u2010backed; neo\u2013nazi; re\u00adgime; reg\u200bime; they won\u2019t back down."
    assert found(text, mine) == [
        (0, 14, "Foreign\u2010backed", "foreign-backed"),
        (16, 24, "neo\u2013nazi", "neo-nazi"),
        (26, 33, "re\u00adgime", "regime"),
        (35, 42, "reg\u200bime", "regime"),
        (49, 64, "won\u2019t back down", "won't back down"),
    ]


def test_glob_suffix(mine):
    text = "They destabilize, destabilizing, Destabilization-era; not stabilizing."
    assert found(text, mine) == [
        (5, 16, "destabilize", "destabiliz*"),
        (18, 31, "destabilizing", "destabiliz*"),
        (33, 48, "Destabilization", "destabiliz*"),
    ]


def test_phrase_across_line_break_and_whitespace_runs(mine):
    text = "fake\nnews, fake  news, fake \n news, neo\t nazi, fake\n\nnews"
    assert found(text, mine) == [
        (0, 9, "fake\nnews", "fake news"),
        (11, 21, "fake  news", "fake news"),
        (23, 34, "fake \n news", "fake news"),
        (36, 45, "neo\t nazi", "neo-nazi"),
        (47, 51, "fake", "fake"),  # a blank line (paragraph break) ends a phrase
    ]


def test_word_boundaries(mine):
    assert found("a regimen, the regimes, regime's end, the regime.", mine) == [
        (24, 30, "regime", "regime"),
        (42, 48, "regime", "regime"),
    ]


def test_longest_match_wins_and_no_double_count(mine):
    # "fake news" beats "fake"; "news outlet" overlaps the longer, leftmost "fake news"
    assert found("A fake news outlet. A fake story. A news outlet.", mine) == [
        (2, 11, "fake news", "fake news"),
        (22, 26, "fake", "fake"),
        (36, 47, "news outlet", "news outlet"),
    ]


def test_literal_metacharacters(mine):
    text = "U.S.-backed forces (sic) wrote C++ code; USA-backed and U-S-backed do not count."
    assert found(text, mine) == [
        (0, 11, "U.S.-backed", "U.S.-backed"),
        (19, 24, "(sic)", "(sic)"),
        (31, 34, "C++", "C++"),
    ]


def test_pattern_entry(mine):
    assert found("Paid   protesters and paid trolls, unpaid protesters.", mine) == [
        (0, 17, "Paid   protesters", r"\bpaid\s+(?:protesters|trolls)\b"),
        (22, 33, "paid trolls", r"\bpaid\s+(?:protesters|trolls)\b"),
    ]


def test_negation_window_flags_not_drops(mine):
    text = "This is not a regime. No fake news here. The regime, they say, is never very fake. It won't be a regime."
    h = hits(docs(text), mine)
    assert h[["surface", "negated", "negator"]].values.tolist() == [
        ["regime", True, "not"],
        ["fake news", True, "no"],
        ["regime", False, ""],
        ["fake", True, "never"],
        ["regime", True, "won't"],
    ]
    assert h["sent_id"].tolist() == [0, 1, 2, 2, 3]


def test_negation_stays_in_its_sentence(mine):
    h = hits(docs("It was not. Regime change followed; not one two three regime."), mine)
    assert h[["start", "negated", "negator"]].values.tolist() == [[12, False, ""], [54, False, ""]]


def test_multi_category_dic_term_gives_one_hit_per_category():
    lex = load_lexicon(FIX / "liwc.dic")
    h = hits(docs("A scandal: rigged and furiously so."), lex)
    assert h[["start", "end", "surface", "category"]].values.tolist() == [
        [2, 9, "scandal", "anger"],
        [2, 9, "scandal", "fraud"],
        [11, 17, "rigged", "fraud"],
        [22, 31, "furiously", "anger"],
    ]


def test_pattern_prefixes_are_read_from_the_expression():
    assert _pattern_prefixes(r"\bpaid\s+(?:a|b)") == ["paid ", "paid\n"]
    assert _pattern_prefixes(r"\b(?:us|nato)-backed\b") == ["us-backed", "nato-backed"]
    assert _pattern_prefixes(r"co-?ordinated") == ["coordinated", "co-ordinated"]
    assert _pattern_prefixes(r"\w+ed") is None
    # a branch cut short at \s+ ends every prefix there: nothing after the group is appended
    assert _pattern_prefixes(r"(?:paid\s+troll|bot)s") == ["paid ", "paid\n", "bot"]
    assert _pattern_prefixes(r"(?:ab|cd)e") == ["abe", "cde"]


def test_pattern_with_a_spaced_branch_inside_a_group_finds_every_branch():
    lex = Lexicon.from_table(
        pd.DataFrame({"term": [r"\b(?:paid\s+troll|bot)s\b"], "category": ["c"], "pattern": [True]}), name="t"
    )
    h = hits(docs("Paid  trolls and bots, not robots."), lex)
    assert h[["start", "end", "surface"]].values.tolist() == [[0, 12, "Paid  trolls"], [17, 21, "bots"]]


# hits table on the two articles ----------------------------------------------------------


@pytest.fixture(scope="module")
def article_hits(corpus) -> pd.DataFrame:
    return hits(corpus)


def test_hits_table_contract(article_hits, corpus):
    h = article_hits
    assert list(h.columns) == list(HITS)
    assert h.equals(h.sort_values(["doc_id", "start", "end"]).reset_index(drop=True))
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[d][s:e] == surf for d, s, e, surf in zip(h.doc_id, h.start, h.end, h.surface, strict=True))
    assert h.groupby("doc_id").size().to_dict() == {FOX: 24, UNNAMED: 25}


def test_shows_facts_by_offset(article_hits, fox_text, unnamed_text):
    h = article_hits
    key = ["doc_id", "sent_id", "start", "end", "surface", "category"]
    rows = h[h["term"].isin(["foreign-backed", "neo-nazi", "fraudulent", "baseless"])][key].values.tolist()
    assert rows == [
        [FOX, 6, 1181, 1189, "baseless", "dismissal"],
        [FOX, 14, 2607, 2615, "baseless", "dismissal"],
        [FOX, 17, 3114, 3124, "fraudulent", "illegitimacy_fraud"],
        [UNNAMED, 4, 776, 790, "foreign-backed", "delegitimizing_attribution"],
        [UNNAMED, 11, 1787, 1795, "Neo-Nazi", "extremist_label"],
        [UNNAMED, 14, 2120, 2134, "foreign-backed", "delegitimizing_attribution"],
    ]
    assert fox_text[1180:1190] == "\u201cbaseless\u201d"
    assert unnamed_text[1787:1807] == "Neo-Nazi NATO-backed"
    nato = h[(h["doc_id"] == UNNAMED) & (h["start"] == 1796)].iloc[0]
    assert (nato["surface"], nato["category"], nato["end"]) == ("NATO-backed", "delegitimizing_attribution", 1807)


def test_given_sentences_table_and_no_sentences(corpus, article_hits):
    from framing.text import sentences

    same = hits(corpus, sentences=sentences(corpus))
    pd.testing.assert_frame_equal(same, article_hits)
    quick = hits(corpus, sentences=False)
    assert (quick["sent_id"] == -1).all()
    assert quick[["start", "end", "term"]].equals(article_hits[["start", "end", "term"]])


def test_iter_hits_batches_equal_hits(corpus, article_hits):
    pairs = list(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    batches = list(iter_hits(iter(pairs), batch_size=1))
    assert [len(b) for b in batches] == [24, 25]
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), article_hits)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        next(iter_hits(pairs, batch_size=0))


def test_hits_argument_errors(corpus):
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        hits(corpus, "lexicon.csv")
    with pytest.raises(TypeError, match="sentences must be None"):
        hits(corpus, sentences="yes")
    with pytest.raises(ValueError, match="corpus is not a documents table|documents is not a documents table"):
        hits(pd.DataFrame({"id": [1]}))
    with pytest.raises(TypeError, match=r"documents item 1 is a str \('text two'\), not a \(doc_id, text\) pair"):
        next(iter_hits([(0, "text one"), "text two"]))
    with pytest.raises(TypeError, match=r"documents item 0 is a tuple .* pairs such as enumerate\(texts\)"):
        next(iter_hits([("a", "b", "c")]))
    assert [len(b) for b in iter_hits(enumerate(["no loaded words", "a fraudulent vote"]))] == [1]


# scores -------------------------------------------------------------------------------


def test_scores_exact_on_tiny_corpus_with_empty_document(mine):
    corpus = docs("The regime lied. Fake news! The regime\nfell.", "", outlets=["a", "b"])
    h = hits(corpus, mine.select(categories=["illegitimacy", "dismissal"]))
    lex = mine.select(categories=["illegitimacy", "dismissal"])
    s = scores(h, corpus, lexicon=lex)
    assert list(s.columns) == list(SCORES)
    assert s.values.tolist() == [
        ["d0", "a", "dismissal", 1, 8, 125.0, 1, 3, 1 / 3],
        ["d0", "a", "illegitimacy", 2, 8, 250.0, 2, 3, 2 / 3],
        ["d1", "b", "dismissal", 0, 0, 0.0, 0, 0, 0.0],
        ["d1", "b", "illegitimacy", 0, 0, 0.0, 0, 0, 0.0],
    ]
    by_outlet = scores(h, corpus, by="outlet", lexicon=lex)
    assert list(by_outlet.columns) == [c for c in SCORES if c != "doc_id"]
    assert by_outlet["count"].tolist() == [1, 2, 0, 0]
    assert not s.isna().any().any()


def test_scores_split_by_voice_column(mine):
    corpus = docs("The regime fell. \u201cThe regime lies,\u201d he said.")
    lex = mine.select(categories=["illegitimacy"])
    h = hits(corpus, lex)
    h["voice"] = ["author", "quote"]
    s = scores(h, corpus, lexicon=lex)
    assert s[["category", "voice", "count", "sentences_with_hit"]].values.tolist() == [
        ["illegitimacy", "author", 1, 1],
        ["illegitimacy", "fragment", 0, 0],  # every voice appears, zeros included
        ["illegitimacy", "quote", 1, 1],
        ["illegitimacy", "reported", 0, 0],
    ]
    assert scores(h, corpus, lexicon=lex, by_voice=False)["count"].tolist() == [2]
    # no hits at all: still every document x category x voice, at zero
    none = scores(h.iloc[:0], corpus, lexicon=lex, by_voice=True)
    assert none[["category", "voice", "count", "per_1k"]].values.tolist() == [
        ["illegitimacy", v, 0, 0.0] for v in ("author", "fragment", "quote", "reported")]
    with pytest.raises(ValueError, match="by_voice=True needs a 'voice' column"):
        scores(h.drop(columns="voice"), corpus, by_voice=True)
    with pytest.raises(ValueError, match="no column .author. in the documents"):
        scores(h, corpus, by="author")


def test_scores_on_the_two_articles(article_hits, corpus):
    s = scores(article_hits, corpus).set_index(["doc_id", "category"])
    assert len(s) == 2 * 13  # 13 categories (two added in issue 26)
    assert s.loc[(FOX, "dismissal"), ["count", "n_tokens", "sentences_with_hit", "n_sentences"]].tolist() == [
        4,
        512,
        3,
        21,
    ]
    assert s.loc[(FOX, "dismissal"), "per_1k"] == pytest.approx(7.8125)
    assert s.loc[(UNNAMED, "delegitimizing_attribution"), ["count", "sentences_with_hit", "n_sentences"]].tolist() == [
        6,
        6,
        18,
    ]
    assert s.loc[(UNNAMED, "delegitimizing_attribution"), "per_1k"] == pytest.approx(6000 / 394)
    assert s.loc[(UNNAMED, "delegitimizing_attribution"), "share_sentences"] == pytest.approx(6 / 18)
    assert s.loc[(FOX, "delegitimizing_attribution"), "count"] == 0
    counts = s["count"].unstack()
    assert counts.loc[FOX].to_dict() == {
        "attack_reporting": 0,
        "evaluative": 0,
        "delegitimizing_attribution": 0,
        "dismissal": 4,
        "exaggeration": 3,
        "extremist_label": 0,
        "illegitimacy_fraud": 4,
        "pejorative": 0,
        "stance_distancing": 6,
        "stance_endorsing": 0,
        "stance_neutral": 6,
        "threat_aggression": 1,
        "victimhood_heroism": 0,
    }
    assert counts.loc[UNNAMED].to_dict() == {
        "attack_reporting": 0,
        "evaluative": 0,
        "delegitimizing_attribution": 6,
        "dismissal": 0,
        "exaggeration": 2,
        "extremist_label": 2,
        "illegitimacy_fraud": 0,
        "pejorative": 0,
        "stance_distancing": 1,
        "stance_endorsing": 3,
        "stance_neutral": 6,
        "threat_aggression": 5,
        "victimhood_heroism": 0,
    }


def test_score_stream_matches_scores(corpus, article_hits):
    pairs = zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True)
    stream = score_stream(pairs)
    full = scores(article_hits, corpus)
    assert stream["count"].tolist() == full["count"].tolist()
    assert stream["n_tokens"].tolist() == full["n_tokens"].tolist()
    assert score_stream([("empty", "")])["count"].sum() == 0


# kwic --------------------------------------------------------------------------------


def test_kwic_exact_tiny(mine):
    corpus = docs("One two three the regime\nfell four five. Six")
    h = hits(corpus, mine)
    k = kwic(h, corpus, window=3)
    assert list(k.columns) == list(KWIC)
    assert k[["left", "match", "right", "term"]].values.tolist() == [
        ["two three the", "regime", "fell four five", "regime"]
    ]
    assert kwic(h, corpus, window=0)[["left", "right"]].values.tolist() == [["", ""]]
    with pytest.raises(ValueError, match="window must be a non-negative number of words"):
        kwic(h, corpus, window=-1)


def test_kwic_on_the_articles(article_hits, corpus):
    sel = article_hits[article_hits["term"].isin(["foreign-backed", "neo-nazi", "fraudulent", "baseless"])]
    k = kwic(sel, corpus, window=4)
    assert k[["doc_id", "start", "left", "match", "right"]].values.tolist() == [
        [FOX, 1181, "borders.\u201d NATO dismissed the", "baseless", "claims, explaining that the"],
        [FOX, 2607, "any cost with totally", "baseless", "statements about imaginary external"],
        [FOX, 3114, "the officials' results are", "fraudulent", "and are calling for"],
        [UNNAMED, 776, "Three months on, the", "foreign-backed", "protests are continuing with"],
        [UNNAMED, 1787, "flag, adopted by the", "Neo-Nazi", "NATO-backed opposition in Belarus"],
        [
            UNNAMED,
            2120,
            "special services. Even the",
            "foreign-backed",
            "ex-Belarusian presidential candidate Svetlana",
        ],
    ]


def test_kwic_takes_the_words_of_parses_made_already(article_hits, corpus):
    from framing.voice import Analysis

    analysis = Analysis()  # the report's pass: each text's words split once, by its voice parse
    given = kwic(article_hits, corpus, words=lambda text: analysis.of(text).words)
    assert len(analysis) == 2 and len(given) == len(article_hits)
    pd.testing.assert_frame_equal(given, kwic(article_hits, corpus))


# display ------------------------------------------------------------------------------


def test_show_escapes_and_has_legend(mine):
    corpus = docs("<b>The regime</b> & fake news")
    view = show(corpus, "d0", lexicon=mine)
    html = view._repr_html_()
    assert "&lt;b&gt;The " in html and "&lt;/b&gt; &amp; " in html
    assert html.count('<mark class="framing-hit"') == 2
    assert 'data-category="illegitimacy"' in html and 'title="term: regime&#10;category: illegitimacy' in html
    assert "note: word boundary test" in html
    assert 'class="framing-legend"' in html and "dismissal</span> 1" in html
    assert len(view.hits) == 2
    with pytest.raises(ValueError, match="doc_id 'nope' is not in corpus"):
        show(corpus, "nope")


def test_show_article_with_given_hits(corpus, article_hits):
    view = show(corpus, UNNAMED, article_hits)
    assert view._repr_html_().count("<mark ") == 25
    assert ">Neo-Nazi</mark>" in view.html


# CLI --------------------------------------------------------------------------------


def test_cli_score_writes_csv(tmp_path, capsys):
    out = tmp_path / "scores.csv"
    hits_out = tmp_path / "hits.csv"
    root = Path(__file__).resolve().parents[1]
    assert main(["score", str(root / "corpus"), "-o", str(out), "--hits", str(hits_out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == list(SCORES)
    assert len(table) == 26 and table["count"].sum() == 49
    assert len(pd.read_csv(hits_out)) == 49
    assert "49 hits in 2 documents" in capsys.readouterr().out
    assert main(["score", str(root / "corpus"), "--lexicon", str(FIX / "mine.tsv"), "--by", "outlet"]) == 0
    printed = capsys.readouterr().out
    assert "dismissal" in printed and "illegitimacy" in printed
    bad = tmp_path / "bad.csv"
    bad.write_text("term,category\n,x\n", encoding="utf-8")
    assert main(["score", str(root / "corpus"), "--lexicon", str(bad)]) == 2
    assert "bad.csv:2: empty term" in capsys.readouterr().err


# the fast paths equal the reference implementations -----------------------------------------

_CHARS = st.sampled_from(
    list("aZé ß\n-'.x\u00ad\u200b\u2019\u201c\u2014\u2026\ufb01\u03a3\u03c2\u0130e\u0301\u00a0\u2460")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join))
def test_fast_normalize_equals_normalize(text):
    fast, ref = fast_normalize(text), normalize(text)
    assert fast.text == ref.text
    for s in range(len(ref.text)):
        for e in range(s + 1, min(len(ref.text), s + 4) + 1):
            assert fast.span(s, e) == ref.span(s, e)


def batch_count_words(texts: list[str]) -> list[int]:
    return BatchView(texts, {}).count_words().tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CHARS, max_size=40).map("".join), min_size=1, max_size=3))
def test_batch_count_words_equals_count_words(texts):
    assert batch_count_words(texts) == [count_words(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_batch_count_words_of_any_unicode(texts):
    assert batch_count_words(texts) == [count_words(t) for t in texts]


def test_count_words_on_articles(fox_text, unnamed_text):
    assert batch_count_words([fox_text, "", unnamed_text]) == [512, 0, 394]
    assert (count_words(fox_text), count_words(unnamed_text)) == (512, 394)
    assert count_words("") == 0 and batch_count_words(["won't co-op"]) == [2]


def test_show_gives_a_category_the_same_colour_in_every_document(corpus):
    import re

    from framing.report.palette import category_colors

    colours = category_colors(load_lexicon().loaded().categories)
    for doc_id in corpus.documents["doc_id"]:
        page = show(corpus, doc_id)._repr_html_()
        legend = dict(re.findall(r"border-bottom:2px solid (#[0-9a-f]{6});padding:0 4px\">([a-z_]+)</span>", page))
        assert legend and all(colours.get(cat, colour) == colour for colour, cat in legend.items())


def test_names_that_left_score_say_where_they_went():
    import framing.score as score
    from framing.match.negation import NEGATORS

    with pytest.warns(DeprecationWarning, match="framing.score.NEGATORS moved: use framing.match.negation.NEGATORS"):
        assert score.NEGATORS is NEGATORS
    with pytest.warns(DeprecationWarning, match="use framing.text.count_words"):
        assert score.count_tokens("won't co-op") == 2
    with pytest.raises(AttributeError, match=r"iter_hit_spans was removed: use hits\(\)"):
        score.iter_hit_spans  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        score.nothing  # noqa: B018
    with pytest.raises(AttributeError, match=r"use framing.match.compile_lexicon\(lexicon\)"):
        load_lexicon().compiled()



def test_pick_documents_takes_the_groups_in_turn_most_loaded_first():
    docs = pd.DataFrame({
        "doc_id": ["a1", "a2", "a3", "b1", "b2", "c1"],
        "outlet": ["A", "A", "A", "B", "B", "C"],
        "text": ["x"] * 6,
        "n_tokens": [100, 100, 50, 100, 10, 100],
    })
    hits = pd.DataFrame({"doc_id": ["a1", "a2", "a2", "a3", "b2", "b1", "b1"],
                         "category": ["dismissal", "dismissal", "pejorative", "dismissal", "dismissal",
                                      "stance_endorsing", "stance_endorsing"]})
    # rates: a1 0.01, a2 0.02, a3 0.02 (tie -> doc_id), b1 0 (stance verbs are not loaded), b2 0.1, c1 0
    assert pick_documents(docs, hits, k=5) == ["a2", "b2", "c1", "a3", "b1"]
    assert pick_documents(docs, hits, k=6) == ["a1", "a2", "a3", "b1", "b2", "c1"]  # all: the corpus order
    with pytest.raises(ValueError, match="k"):
        pick_documents(docs, hits, k=0)
