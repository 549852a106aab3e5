"""framing.match and the batch paths of framing.score, against a regular expression per entry.

The oracle (:func:`reference`) is the documented semantics written the slow, obvious way:
each entry as one regular expression, tried at every position of each text's matching
view (:func:`framing.text.normalize`), then leftmost-longest.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import regex
from conftest import FOX, UNNAMED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.lexicon import Lexicon, load_lexicon, term_key
from framing.match import BatchView, Matcher, compile_lexicon, fast_normalize, find
from framing.match.batch import tie_order
from framing.match.negation import SENT_END_REV, Chars, batch_floors, batch_negators, negator, window_negators
from framing.match.patterns import _after_space_run, _position_free
from framing.score import HITS, _hits_frame, hits, iter_hits, score_stream
from framing.text import count_words, normalize, sentence_spans

# A lexicon that exercises every matching rule: hyphen variants, globs, phrases, prefixes
# of other terms, overlapping phrases, punctuation, non-ASCII terms, and patterns that
# look behind or anchor at the start (which need each text's own view).
TERMS = [
    ("foreign-backed", "puppetry", False),
    ("U.S.-backed", "puppetry", False),
    ("(sic)", "editorial", False),
    ("C++", "editorial", False),
    ("destabiliz*", "threat", False),
    ("destabilizing", "threat2", False),
    ("regime", "illegitimacy", False),
    ("regime change", "illegitimacy", False),
    ("fake news", "dismissal", False),
    ("fake", "dismissal", False),
    ("news outlet", "media", False),
    ("neo-nazi", "extremist", False),
    ("won't back down", "resolve", False),
    ("café", "place", False),
    ("straße", "place", False),
    ("in the pay of", "puppetry", False),
    ("so-called", "distancing", False),
    (r"\bpaid\s+(?:protesters|trolls)\b", "puppetry", True),
    (r"(?<=\W)junta\b", "illegitimacy", True),
    (r"^breaking\b", "alarm", True),
    (r"\bwhat\s+\w+\s+called\b", "distancing", True),
    (r"\b(?:western|us|u\.s\.)\s+(?:handlers|puppet\s*masters)\b", "puppetry", True),
    (r"colou?r\s+x", "test", True),
]


def make_lexicon(terms=TERMS) -> Lexicon:
    return Lexicon.from_table(
        pd.DataFrame(
            {
                "term": [t for t, _, _ in terms],
                "category": [c for _, c, _ in terms],
                "pattern": [p for _, _, p in terms],
            }
        )
    )


LEX = make_lexicon()


#: A space inside a plain term: a whitespace run with at most one line break.
_GAP = r"(?=\s)[^\S\n]*\n?[^\S\n]*"


def _isword(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def entry_regex(term: str, is_pattern: bool) -> str:
    """One entry as a regular expression over the matching view (the rules of framing.lexicon)."""
    if is_pattern:
        return term
    key = term_key(term)
    glob = key.endswith("*")
    stem = key[:-1].rstrip() if glob else key
    out = [r"(?<!\w)" if _isword(stem[0]) else ""]
    out += [f"(?:-|{_GAP})?" if ch == "-" else _GAP if ch == " " else re.escape(ch) for ch in stem]
    out.append(r"\w*" if glob else r"(?!\w)" if _isword(stem[-1]) else "")
    return "".join(out)


def _oracle_tables(lexicon: Lexicon):
    cached = lexicon._compiled.get("test_oracle")
    if cached is None:
        table = lexicon.table
        # pattern entries run on the regex engine (with a time budget, framing.match.patterns.GuardedPattern)
        rxs = [
            regex.compile(f"(?=({entry_regex(t, p)}))", regex.IGNORECASE | regex.VERSION0) if p
            else re.compile(f"(?=({entry_regex(t, p)}))")
            for t, p in zip(table["term"], table["pattern"], strict=True)
        ]
        cached = lexicon._compiled["test_oracle"] = (rxs, list(table["source"]))
    return cached


def oracle_view(view: str, lexicon: Lexicon) -> list[tuple[int, int, int]]:
    """Matches in a matching view: every entry at every position, then leftmost-longest
    (a match at the span of a kept one is kept too when it comes from the same source row)."""
    rxs, sources = _oracle_tables(lexicon)
    cands = [(m.start(), m.end(1), i) for i, rx in enumerate(rxs) for m in rx.finditer(view) if m.end(1) > m.start()]
    cands.sort(key=lambda c: (c[0], -c[1], c[2]))
    out, last_end, first = [], -1, None
    for c in cands:
        if c[0] >= last_end:
            out.append(c)
            last_end, first = c[1], c
        elif c[:2] == first[:2] and sources[c[2]] == sources[first[2]]:
            out.append(c)
    return out


def reference(texts: list[str], lexicon: Lexicon) -> list[tuple[int, int, int, int]]:
    """(doc, start, end, entry) by the oracle on each text's own view (framing.text.normalize)."""
    out = []
    for d, text in enumerate(texts):
        view = normalize(text)
        out.extend((d, *view.span(a, b), i) for a, b, i in oracle_view(view.text, lexicon))
    return out


def batch(texts: list[str], lexicon: Lexicon) -> list[tuple[int, int, int, int]]:
    dc, ts, te, ent, _ = compile_lexicon(lexicon).match(texts)
    return list(zip(dc.tolist(), ts.tolist(), te.tolist(), ent.tolist(), strict=True))


HAND = [
    "",
    "The regime changes; regime change; the regimen; regime's end.",
    "Foreign-backed, foreign backed, FOREIGNBACKED; Neo\u2013Nazi, neo Nazi, neonazi, neo\t nazi.",
    "They destabilize, destabilizing, Destabilization-era; not stabilizing.",
    "fake\nnews, fake  news, fake \n news, fake\n\nnews, a fake news outlet, a news outlet.",
    "re\u00adgime; reg\u200bime; they won\u2019t back down; \ufeffregime\u00ad",
    "U.S.-backed forces (sic) wrote C++ code\u2026 in the pay of \u201cthe junta\u201d.",
    "breaking: the junta, breaking news; Paid   protesters, paid trolls; what they called fake.",
    "Caf\u00e9 STRASSE stra\u00dfe CAF\u00c9 caf\u00e9s \u2026regime\u2026 \u00a0fake\u00a0news\u00a0",
    "\U0001f1fa\U0001f1f8 regime \uff52\uff45\uff47\uff49\uff4d\uff45 \ufb01ne \u212aelvin"
    " so\u2010called \u03a3\u039f\u03a3 regime",
    "\u01c5 a title-case digraph sends the text through normalize: regime, fake news.",
    "regime\x00fake\x00news \x1cregime\u2028fake\u2029news",
    "In the\npay of; in  the pay of; in the pay off; what   officials called; so called",
    "US handlers, us\n\n  puppet  masters, U.S.\u00a0Handlers, thus handlers, us  told; colour\n x, color x.",
    # a pattern without \b is found inside words; one with \b is not
    "watercolour x; tricolor  x; thepaid trolls; the-paid trolls",
    # globs run on to the end of the word: non-ASCII and "_" are word characters, a soft
    # hyphen is dropped by the view, and the end of a text ends the word; the texts that
    # follow a pattern key ("paid" + "agitator") with a dotless i, which IGNORECASE matches
    # to "i", and after other whitespace
    "Conspiracy theorists, conspiracy\ntheory, conspiracy  theories; destabiliza\u00e7i\u00f3n,"
    " destabiliz_ed, destabiliz\u00aded, Disgraceful disgrace; paid protester\u017f, paid ag\u0131tators,"
    " US  handlers, us\u2028handlers, paid\ttrolls; destabiliz",
]


@pytest.mark.parametrize("lexicon", [LEX, load_lexicon()], ids=["rules", "builtin"])
def test_hand_texts_equal_reference_alone_and_together(lexicon):
    for text in HAND:
        assert batch([text], lexicon) == reference([text], lexicon), text
    assert batch(HAND, lexicon) == reference(HAND, lexicon)
    assert batch(HAND[::-1], lexicon) == reference(HAND[::-1], lexicon)


def test_on_the_articles(fox_text, unnamed_text):
    lexicon = load_lexicon()
    texts = [fox_text, unnamed_text]
    got = batch(texts, lexicon)
    assert got == reference(texts, lexicon)
    assert len(got) == 49


@pytest.mark.parametrize("lexicon", [LEX, load_lexicon()], ids=["rules", "builtin"])
def test_find_on_each_view_equals_the_batch(lexicon):
    """Matcher.find (one view, as_view) and match (texts joined) are one implementation: same matches."""
    m = compile_lexicon(lexicon)
    want = []
    for d, text in enumerate(HAND):
        view = fast_normalize(text)
        want.extend((d, *view.span(a, b), i) for a, b, i in m.find(view.text))
    assert batch(HAND, lexicon) == want
    doc, s, e, i = find(HAND, lexicon)
    assert list(zip(doc.tolist(), s.tolist(), e.tolist(), i.tolist(), strict=True)) == want


def test_texts_matched_on_their_own_view():
    """Lone surrogates, and characters whose normalized piece is not lower case (Cherokee
    small letters fold to capitals), send a text through Matcher.find on its own view."""
    lex = make_lexicon([*TERMS, ("\u13a0\u13a1", "cherokee", False)])
    texts = ["regime \ud800 fake news", "\uab70\uab71 regime, \u13a0\u13a1", "so-called regime", "\udfff"]
    got = batch(texts, lex)
    assert got == reference(texts, lex)
    assert [(d, s, e) for d, s, e, _ in got] == [(0, 0, 6), (0, 9, 18), (1, 0, 2), (1, 3, 9), (1, 11, 13), (2, 0, 9),
                                                (2, 10, 16)]  # fmt: skip
    assert BatchView(texts, {}).bad.all()


def test_more_non_ascii_key_characters_than_codes():
    """Past 126 distinct non-ASCII key characters, codes are shared and occurrences checked on the text."""
    greek = [chr(c) for c in range(0x3B1, 0x3CA)]  # 25 lower-case Greek letters
    cyrillic = [chr(c) for c in range(0x430, 0x450)]  # 32 lower-case Cyrillic letters
    hiragana = [chr(c) for c in range(0x3041, 0x3097)]
    letters = greek + cyrillic + [chr(c) for c in range(0x561, 0x587)] + hiragana
    assert len(set(letters)) > 126
    terms = [letters[k] + letters[(k * 7 + 3) % len(letters)] + letters[(k * 11 + 5) % len(letters)]
             for k in range(len(letters))] + ["été", "№ 5"]  # fmt: skip
    lex = Lexicon.from_table(pd.DataFrame({"term": terms, "category": "x"}))
    assert compile_lexicon(lex).shared
    texts = [" ".join(terms[::3]) + " " + "".join(terms[1::5]), "ÉTÉ " + " ".join(t[::-1] for t in terms),
             " ".join(t[:2] + letters[0] for t in terms), "№ 5, №  5"]  # fmt: skip
    got = batch(texts, lex)
    assert got == reference(texts, lex)
    assert len(got) > len(terms) // 3


def test_exact_matches_on_a_tiny_text():
    text = "The regime changes; regime change, the regimen.\u2026 Caf\u00e9 fake news outlet"
    got = [(s, e, text[s:e], LEX.table["term"][i]) for _, s, e, i in batch(["", text], LEX)]
    assert got == [
        (4, 10, "regime", "regime"),  # "regime change" needs a word boundary after "change"
        (20, 33, "regime change", "regime change"),
        (49, 53, "Caf\u00e9", "caf\u00e9"),
        (54, 63, "fake news", "fake news"),  # longest, leftmost: "news outlet" overlaps it
    ]


def test_overlap_clusters_and_multi_category_lines_resolve_like_the_reference():
    # one .dic-style line in two categories (same source, same span: both kept), a glob and
    # a whole term of other lines at one span (the first entry wins), and a cluster of three
    # where the third starts after the first ends ("outlet" is kept, "news outlet" is not)
    lex = Lexicon.from_table(
        pd.DataFrame(
            {
                "term": ["regime", "regime", "regime change", "fake*", "fake", "fake news", "news outlet", "outlet"],
                "category": ["zeta", "alpha", "c", "d", "e", "f", "g", "h"],
                "source": ["x.dic:3", "x.dic:3", "x.dic:4", "x.dic:5", "x.dic:6", "x.dic:7", "x.dic:8", "x.dic:9"],
            }
        )
    )
    text = "the regime; regime change, fake and fake news outlet"
    got = batch([text, text], lex)
    assert got == reference([text, text], lex)
    assert [(s, e, i) for d, s, e, i in got if d == 0] == [
        (4, 10, 0), (4, 10, 1), (12, 25, 2), (27, 31, 3), (36, 45, 5), (46, 52, 7)
    ]  # fmt: skip
    frame = hits([("a", text)], lex, sentences=False)
    # same span: sorted by category
    assert frame[["start", "end", "term"]].values.tolist()[:3] == [
        [4, 10, "regime"], [4, 10, "regime"], [12, 25, "regime change"]
    ]  # fmt: skip
    assert frame["category"].tolist() == ["alpha", "zeta", "c", "d", "f", "h"]


def test_tie_order_sorts_only_within_tie_groups():
    # rows sorted on a primary key 1, 1, 2, 3, 3, 3; the second key sorts each tie group
    second = np.asarray([5, 4, 9, 2, 7, 1])
    assert tie_order(np.asarray([True, False, False, True, True]), (second,)).tolist() == [1, 0, 2, 5, 3, 4]
    assert tie_order(np.zeros(5, dtype=bool), (second,)).tolist() == [0, 1, 2, 3, 4, 5]


def test_lookbehind_and_anchor_patterns_see_only_their_own_text():
    # In the joined batch a text starts after "\x00", which "(?<=\W)" would accept and
    # after which "^" would fail: such patterns run on each text's own view.
    texts = ["the junta", "junta", "breaking", "x breaking", "the ", "junta breaking"]
    got = batch(texts, LEX)
    assert got == reference(texts, LEX)
    assert [(d, s, e) for d, s, e, _ in got] == [(0, 4, 9), (2, 0, 8)]
    assert not _position_free(re.compile(r"(?<=\W)junta"))
    assert not _position_free(re.compile(r"(?:a|^b)"))
    assert _position_free(re.compile(r"\bpaid\s+(?:x|y)\b(?=z)(?!q)$", re.IGNORECASE))


def test_what_may_follow_a_pattern_key():
    assert _after_space_run(re.compile(r"\b(?:us|u\.s\.)\s+(?:handlers|puppet\s*masters)\b")) == {"handlers", "puppet"}
    assert _after_space_run(re.compile(r"colou?r\s+x")) == {"x"}
    texts = _after_space_run(re.compile(r"paid\s+(?:protest(?:er|or)s?|agitators?|b+c|d\u00e9f)"))
    assert texts == {"protest", "agitator", "b", "d"}  # literal runs up to a group, a repeat, non-ASCII
    for unknown in (r"\bwhat\s+\w+", r"foo \w+", r"(?:a b)\s+c", r"a\s+\s*b", r"a\s+(?:b|\w)", r"\s+a"):
        assert _after_space_run(re.compile(unknown)) is None, unknown


def test_the_matcher_is_built_once_per_lexicon_object_and_kept_on_it():
    lex = make_lexicon()
    m = compile_lexicon(lex)
    assert isinstance(m, Matcher) and compile_lexicon(lex) is m and lex._compiled["matcher"] is m
    assert compile_lexicon(make_lexicon()) is not m
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        compile_lexicon("regime")


def test_view_offsets_map_back_like_view_span():
    texts = ["a\u2026b\u00adc", "", "\u00adx\ufb01y", "Caf\u00c9"]
    view = BatchView(texts, {})
    assert [view.doc_view(d) for d in range(4)] == [fast_normalize(t).text for t in texts]
    assert view.vstart.tolist() == [0, 7, 8, 13]
    assert view.string() == "\x00".join(fast_normalize(t).text for t in texts) + "\x00"


# -- random texts from lexicon terms and noise -----------------------------------------------

_PIECES = [
    *[t for t, _, p in TERMS if not p],
    *"regimen Regime REGIME fake-news neo nazi neonazi paid trolls protesters the junta breaking what they called"
    " destabilizes café straße".split(),
    "in the pay of",
    "so-called",
    "us",
    "u.s.",
    "handlers",
    "puppet masters",
    "puppetmasters",
    "colour",
    "color",
    "x",
    "won\u2019t back down",
]
_NOISE = [
    *" \n\t-.,;:!?'\"()*+_",
    "  ",
    " \n ",
    "\n\n",
    "\u00ad",
    "\u200b",
    "\u2019",
    "\u201c",
    "\u2013",
    "\u2026",
    "\u00a0",
    "\u00e9",
    "\u00c9",
    "\ufb01",
    "\u212a",
    "\u03a3",
    "\x00",
    "\x1c",
    "\u2028",
    "\U0001f600",
]
_texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_NOISE)), max_size=30).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts, min_size=1, max_size=4))
def test_random_texts_equal_reference(texts):
    assert batch(texts, LEX) == reference(texts, LEX)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_any_unicode_equals_reference(texts):
    assert batch(texts, LEX) == reference(texts, LEX)


# -- the automaton on marked haystacks (framing.match.marks) ---------------------------------

#: The same lexicon, its matcher made to read marked haystacks whatever their size.
LEX_MARKED = make_lexicon()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts, min_size=1, max_size=4))
def test_random_texts_marked_equal_reference(texts):
    compile_lexicon(LEX_MARKED).marks.on = True
    assert batch(texts, LEX_MARKED) == reference(texts, LEX_MARKED)


@pytest.mark.parametrize("text", HAND)
def test_hand_texts_marked_equal_reference(text):
    compile_lexicon(LEX_MARKED).marks.on = True
    assert batch([text, text.upper()], LEX_MARKED) == reference([text, text.upper()], LEX_MARKED)


def test_marking_turned_on_only_where_keys_are_found_inside_words():
    inside = make_lexicon([("ab", "c", False), ("cd ef", "c", False)])
    find(["xaby cdefg " * 20_000], inside)  # 220 kB, every occurrence inside a word
    assert compile_lexicon(inside).marks.on is True
    apart = make_lexicon([("ab", "c", False), ("cd ef", "c", False)])
    found = find(["ab cd ef " * 20_000], apart)
    assert compile_lexicon(apart).marks.on is False
    assert len(found[0]) == 40_000 and len(find(["ab cd ef " * 20_000], apart)[0]) == 40_000
    assert len(find(["xaby cdefg ab " * 20_000], inside)[0]) == 20_000


# -- hits tables -------------------------------------------------------------------------------


def _doc_rows(doc_id, text: str, lexicon: Lexicon, sents) -> list[tuple]:
    """Hit rows of one document by the oracle, with sentence ids and negators one hit at a time.

    ``sents``: (starts, ids) arrays, or None for no sentence ids.
    """
    entries = lexicon.table
    rows = []
    for _, s, e, i in reference([text], lexicon):
        if sents is None:
            sent_id = -1
            cut = SENT_END_REV.search(text[max(0, s - 80) : s][::-1])
            floor = s - cut.start() if cut else 0
        else:
            k = max(int(np.searchsorted(sents[0], s, side="right")) - 1, 0)
            sent_id = int(sents[1][k]) if len(sents[1]) else -1
            floor = int(sents[0][k]) if len(sents[0]) else 0
        neg = negator(text, s, floor)
        row = entries.iloc[i]
        rows.append((doc_id, sent_id, s, e, text[s:e], row["term"], row["category"], row["technique"],
                     int(row["polarity"]), bool(neg), neg))  # fmt: skip
    return rows


def reference_hits(pairs, lexicon: Lexicon, sentences: bool = True) -> pd.DataFrame:
    """The hits table built one text at a time."""
    rows = []
    for doc_id, text in pairs:
        spans = sentence_spans(text) if text else []
        starts = np.asarray([s for s, _, _ in spans], dtype=np.int64)
        sents = (starts, np.arange(len(starts), dtype=np.int64)) if sentences else None
        rows.extend(_doc_rows(doc_id, text, lexicon, sents))
    return _hits_frame(rows)


def test_hits_equal_the_one_text_at_a_time_table(corpus):
    pairs = [(f"h{k:02d}", t) for k, t in enumerate(HAND)]
    pd.testing.assert_frame_equal(hits(pairs, LEX), reference_hits(pairs, LEX))
    docs = corpus.documents
    pairs = list(zip(docs["doc_id"], docs["text"], strict=True))
    got = hits(corpus)
    pd.testing.assert_frame_equal(got, reference_hits(pairs, load_lexicon()))
    assert len(got) == 49
    assert got.groupby("doc_id").size().to_dict() == {FOX: 24, UNNAMED: 25}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts.map(lambda t: t.replace(". ", ". X ")), min_size=1, max_size=4), st.booleans())
def test_random_hits_tables_equal_reference(texts, sentences):
    pairs = [(f"d{k}", t) for k, t in enumerate(texts)]
    got = hits(pairs, LEX, sentences=None if sentences else False)
    pd.testing.assert_frame_equal(got, reference_hits(pairs, LEX, sentences))


def test_small_chunks_and_batches_give_the_same_tables(corpus, monkeypatch):
    import framing.score as score

    whole = hits(corpus)
    monkeypatch.setattr(score, "CHUNK_CHARS", 10)
    frames = list(iter_hits(corpus, batch_size=1))
    assert [len(f) for f in frames] == [24, 25]
    pd.testing.assert_frame_equal(pd.concat(frames, ignore_index=True), whole)


def test_negation_false_drops_the_negation_columns_only(corpus):
    full = hits(corpus)
    light = hits(corpus, negation=False)
    assert list(light.columns) == [c for c in HITS if c not in ("negated", "negator")]
    pd.testing.assert_frame_equal(light, full.drop(columns=["negated", "negator"]))


def test_hits_exact_tiny():
    frame = hits([("b", "A regime. Fake news!"), ("a", ""), ("c", "regime")], LEX)
    assert frame[["doc_id", "sent_id", "start", "end", "term"]].values.tolist() == [
        ["b", 0, 2, 8, "regime"],
        ["b", 1, 10, 19, "fake news"],
        ["c", 0, 0, 6, "regime"],
    ]
    assert frame["category"].tolist() == ["illegitimacy", "dismissal", "illegitimacy"]


def test_score_stream_equals_counting_reference_matches(corpus):
    docs = corpus.documents
    texts = [*HAND, "x-y 'a-'b -c' don't \u00e9t\u00e9", *docs["text"]]
    got = score_stream([(f"t{k:02d}", t) for k, t in enumerate(texts)], LEX)
    cats = sorted(set(LEX.table["category"]))
    expected = np.zeros((len(texts), len(cats)), dtype=np.int64)
    for d, _, _, i in reference(texts, LEX):
        expected[d, cats.index(LEX.table["category"][i])] += 1
    assert got["count"].tolist() == expected.ravel().tolist()
    tokens = got.groupby("doc_id", sort=False)["n_tokens"].first().tolist()
    assert tokens == [count_words(t) for t in texts]
    assert tokens[-2:] == [512, 394] and tokens[0] == 0


def test_batch_path_argument_errors(corpus):
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        next(iter_hits(corpus, batch_size=0))
    with pytest.raises(TypeError, match="sentences must be None"):
        next(iter_hits(corpus, sentences=True))
    with pytest.raises(TypeError, match="negation must be True or False"):
        next(iter_hits(corpus, negation="no"))
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        next(iter_hits(corpus, "regime"))


# -- negation look-back for many hits at once --------------------------------------------------

_NEG_PIECES = [
    *"not no nor never Neither WITHOUT hardly seldom none nobody cannot dont isnt aint nothing".split(),
    *"don't won't can\u2019t isn\u02bct wouldn't Don\u2019T n't nt not-so no-one know note notion".split(),
    "fraudulent",
    "regime",
    "\u212aelvin",
    "\u0130stanbul",
    "\u03a3not",
    "no\u00adthing",
    "n\u2019t",
    "x_y",
    "caf\u00e9",
]
_neg_texts = st.lists(st.one_of(st.sampled_from(_NEG_PIECES), st.sampled_from(_NOISE)), max_size=40).map("".join)


def negators_both_ways(texts: list[str], sentences: bool) -> tuple[list[str], list[str]]:
    """Negators at every position of ``texts``, on arrays and one by one (negator)."""

    view = BatchView(texts, {})
    doc = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    local = np.concatenate([np.arange(len(t)) for t in texts]) if doc.size else np.zeros(0, dtype=np.int64)
    base = view.tstart[doc]
    chars = (
        Chars(view.cps, view.low, view.high, view.uniq, view.inverse)
        if view.cps is not None
        else Chars(np.frombuffer(view.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    )
    want = []
    if sentences:  # a floor 0 to 96 characters before the hit, as a sentence start would be
        floor_local = local - local % 97
    else:
        floor_local = batch_floors(chars.cps, base, base + local) - base
    for d, a, f in zip(doc.tolist(), local.tolist(), floor_local.tolist(), strict=True):
        text = texts[d]
        if not sentences:
            cut = SENT_END_REV.search(text[max(0, a - 80) : a][::-1])
            assert f == (a - cut.start() if cut else 0), (text, a)
        want.append(negator(text, a, f))
    got = batch_negators(view.text, chars, base + local, base + floor_local).tolist()
    # the same on the look-back windows only (share=inf) or the whole text (share=0), with the floors given and without
    from framing.match import negation as negation_module

    block = negation_module._HIT_BLOCK
    try:  # hits read a few at a time too
        negation_module._HIT_BLOCK = 5
        assert window_negators(view.text, base + local, base + floor_local, share=float("inf")).tolist() == got
    finally:
        negation_module._HIT_BLOCK = block
    for share in (float("inf"), 0):
        assert window_negators(view.text, base + local, base + floor_local, share=share).tolist() == got
        if not sentences:
            assert window_negators(view.text, base + local, None, base, share=share).tolist() == got
        back = slice(None, None, -1)  # hits in any order
        got_back = window_negators(view.text, (base + local)[back], (base + floor_local)[back], share=share)
        assert got_back.tolist() == got[back]
    return got, want


def test_negators_exact_on_a_tiny_text():
    text = "It is not fraudulent. They didn\u2019t lie; no-one knows. Hardly a sham, Neither  the regime."
    starts = [text.index(w) for w in ("fraudulent", "lie", "knows", "sham", "regime")]
    view = BatchView([text], {})
    chars = Chars(view.cps, view.low, view.high, view.uniq, view.inverse)
    h = text.index("Hardly")
    floors = np.asarray([0, 22, 22, h, h + 2])  # the last one cuts "Hardly" to "rdly"
    got = batch_negators(text, chars, np.asarray(starts), floors).tolist()
    assert got == ["not", "didn't", "didn't", "hardly", "neither"]
    assert got == [negator(text, a, f) for a, f in zip(starts, floors.tolist(), strict=True)]


def test_negators_where_the_window_cuts_a_word_or_holds_odd_characters(monkeypatch):
    from framing.match import negation as _fastneg

    cases = [  # (text, hit start, floor, negator)
        ("They cannot fraudulent", 12, 8, "not"),  # the floor cuts "cannot" to "not"
        ("xxcannot " + "b" * 75 + " fraud", 85, 0, "not"),  # 80 characters back cut "cannot" too
        ("a no-fraud b", 5, 0, "no"),  # the hit starts inside "no-fraud": the window ends in "no-"
        ("no\u00adthing fraud", 12, 0, "nothing"),  # the soft hyphen vanishes in the window
        ("\u212aein fraud", 5, 0, "kein"),  # the Kelvin sign reads as "k" (with "kein" a negator)
        ("Notwithstanding fraud", 16, 0, "notwithstanding"),  # longer than 8 characters
    ]
    negators = frozenset({"not", "no", "nothing", "kein", "notwithstanding"})
    monkeypatch.setattr("framing.match.negation.NEGATORS", negators)
    _fastneg._negator_codes.cache_clear()
    try:
        for text, a, f, want in cases:
            assert negator(text, a, f) == want, text
            chars = Chars(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
            assert batch_negators(text, chars, np.asarray([a]), np.asarray([f])).tolist() == [want], text
    finally:
        _fastneg._negator_codes.cache_clear()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_neg_texts, min_size=1, max_size=3), st.booleans())
def test_negators_at_every_position_equal_the_reference(texts, sentences):
    got, want = negators_both_ways(texts, sentences)
    assert got == want


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=3), st.booleans())
def test_negators_of_any_unicode_equal_the_reference(texts, sentences):
    got, want = negators_both_ways(texts, sentences)
    assert got == want


def test_negators_on_the_articles_equal_the_reference(fox_text, unnamed_text):
    got, want = negators_both_ways([fox_text, unnamed_text], True)
    assert got == want
    counts = pd.Series([x for x in got if x]).value_counts().to_dict()
    assert counts == {"no": 46, "not": 12, "won't": 10}  # positions whose look-back holds a negator


def test_ascii_haystack_built_a_piece_at_a_time(monkeypatch):
    from framing.match import view as view_module

    monkeypatch.setattr(view_module, "WORD_CHUNK", 2)
    view = BatchView(["Ab Cd", "EFG"], {})
    assert bytes(view.hay) == b"ab cd\x00efg\x00"
    assert view.cps.tobytes() == b"Ab Cd\x00EFG" and view.low is view.cps
    view.release()
    assert view.hay is None


def test_nfc_safe_characters_keep_any_text_of_them_in_nfc():
    import unicodedata

    from framing.match.view import NFC_SAFE, nfc_safe

    # second characters of canonical two-character decompositions: they may compose with the one before
    seconds = set()
    for cp in range(0x30000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            seconds.add(int(d.split()[1], 16))
    seconds |= set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowels and final consonants
    for lo, hi in NFC_SAFE:
        for cp in range(lo, hi):
            c = chr(cp)
            assert unicodedata.normalize("NFC", c) == c and unicodedata.combining(c) == 0 and cp not in seconds, hex(cp)
    assert nfc_safe(np.asarray([0x2FF, 0x300, 0x2001, 0x2002, 0x206F, 0x2070])).tolist() == [
        True, False, False, True, True, False]


def test_texts_not_in_nfc_among_others_in_a_batch():
    texts = ["Cafe\u0301 regime fake news", "caf\u00e9 \u2019regime\u2019", "\u212b regime", "regime", "\u0958 regime"]
    assert BatchView(texts, {}).bad.tolist() == [True, False, True, False, True]
    assert batch(texts, LEX) == reference(texts, LEX)
