"""framing._fastmatch and the batch paths of framing.score: identical to matching one text at a time."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import FOX, UNNAMED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import _jit
from framing._fastmatch import BatchMatcher, BatchView, _after_space_run, _position_free, tie_order
from framing._sentences_fast import batch_paragraph_spans, batch_sentence_spans, fast_sentence_spans
from framing.lexicon import Lexicon, load_lexicon
from framing.score import (
    HIT_SPANS,
    HITS,
    _batch_matcher,
    _doc_rows,
    _hits_frame,
    count_tokens,
    fast_normalize,
    hits,
    iter_hit_spans,
    iter_hits,
    score_stream,
)
from framing.text import ABBREVIATIONS, paragraph_spans, sentence_spans

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


def reference(texts: list[str], lexicon: Lexicon) -> list[tuple[int, int, int, int]]:
    """(doc, start, end, entry) from Matcher.find on each text's own view, in find's order."""
    m = lexicon.compiled()
    out = []
    for d, text in enumerate(texts):
        view = fast_normalize(text)
        for a, b, i in m.find(view.text):
            out.append((d, *view.span(a, b), i))
    return out


#: Both engines that find key occurrences; the numba trie walk needs numba (extra "fast",
#: installed by the "dev" extra, so CI runs both).
ENGINE_PARAMS = [
    "ahocorasick",
    pytest.param("trie", marks=pytest.mark.skipif(not _jit.available(), reason="numba not installed")),
]


def matcher_for(lexicon: Lexicon, engine: str | None) -> BatchMatcher:
    """The lexicon's BatchMatcher with ``engine`` (None: the one the batch paths use), built once."""
    m = lexicon.compiled()
    if engine is None:
        return _batch_matcher(m)
    built = m.__dict__.setdefault("_test_engines", {})
    if engine not in built:
        built[engine] = BatchMatcher(m, engine=engine)
    return built[engine]


def batch(texts: list[str], lexicon: Lexicon, engine: str | None = None) -> list[tuple[int, int, int, int]]:
    dc, ts, te, ent, _ = matcher_for(lexicon, engine).match(texts)
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


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@pytest.mark.parametrize("lexicon", [LEX, load_lexicon()], ids=["rules", "builtin"])
def test_hand_texts_equal_reference_alone_and_together(lexicon, engine):
    for text in HAND:
        assert batch([text], lexicon, engine) == reference([text], lexicon), text
    assert batch(HAND, lexicon, engine) == reference(HAND, lexicon)
    assert batch(HAND[::-1], lexicon, engine) == reference(HAND[::-1], lexicon)


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
def test_engines_on_the_articles(fox_text, unnamed_text, engine):
    lexicon = load_lexicon()
    texts = [fox_text, unnamed_text]
    got = batch(texts, lexicon, engine)
    assert got == reference(texts, lexicon)
    assert len(got) == 49


def test_engine_argument_and_the_numba_switch(monkeypatch):
    with pytest.raises(ValueError, match="engine must be one of 'auto', 'trie', 'ahocorasick', not 'dfa'"):
        BatchMatcher(LEX.compiled(), engine="dfa")
    auto = BatchMatcher(LEX.compiled())
    assert auto.engine == "auto"
    big = _jit.MIN_CHARS
    monkeypatch.setenv("FRAMING_NUMBA", "0")
    assert (auto.engine_for(big - 1), auto.engine_for(big)) == ("ahocorasick", "ahocorasick")
    monkeypatch.setenv("FRAMING_NUMBA", "1")
    assert (auto.engine_for(big - 1), auto.engine_for(big)) == (
        "ahocorasick",
        "trie" if _jit.available() else "ahocorasick",
    )
    from framing import score

    assert score.CHUNK_CHARS >= big  # full batches of a large corpus take the kernels
    monkeypatch.setattr(_jit, "available", lambda: False)
    assert auto.engine_for(big) == "ahocorasick"
    with pytest.raises(ImportError, match=r"engine='trie' needs numba: pip install 'framing\[fast\]'"):
        BatchMatcher(LEX.compiled(), engine="trie")


def _odd_reference(hay: bytes) -> list[int]:
    """Where an odd whitespace run begins, by the definition (_ODD_KEYS of framing._fastmatch)."""
    from framing._fastmatch import _ODD_KEYS

    return [p for p in range(len(hay) - 1) if any(hay.startswith(k, p) for k in _ODD_KEYS)]


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
@settings(max_examples=500, deadline=None)
# mostly letters, so that an eight-byte word often holds one odd byte or pair alone
@given(st.lists(st.sampled_from(b"aaaaaaaaaa.    \n\n\t\x0b\x0c\r\x1b\x1c\x1f\x00"), max_size=60).map(bytes))
def test_trie_finds_odd_whitespace_at_every_position(hay):
    from framing._trie import _find_odd, _kernel

    _kernel()
    hay += b"\x00"  # as a batch's haystack ends
    at = np.empty(64, dtype=np.int64)
    n = _find_odd(np.frombuffer(hay, dtype=np.uint8), at)
    assert at[:n].tolist() == _odd_reference(hay)


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_trie_finds_each_odd_byte_and_pair_at_each_place_in_a_word():
    from framing._trie import _find_odd, _kernel

    _kernel()
    at = np.empty(8, dtype=np.int64)
    cases = [bytes([b]) for b in range(256)] + [bytes([a, b]) for a in b" \n\t\ra\x00" for b in b" \n\t\ra\x00"]
    for piece in cases:
        for where in range(10):  # every place in the first eight-byte word, and across two
            hay = b"a" * where + piece + b"a" * (20 - where) + b"\x00"
            n = _find_odd(np.frombuffer(hay, dtype=np.uint8), at)
            assert at[:n].tolist() == _odd_reference(hay), (piece, where)


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_trie_odd_whitespace_exact_and_beyond_its_room():
    from framing._trie import _find_odd, _kernel

    _kernel()
    # pairs inside an eight-byte word, across two words (bytes 7 and 8), and odd bytes
    hay = b"ab  cdef" + b"ghijklm " + b"\nx\ty\x1fz\r \x00"
    h = np.frombuffer(hay, dtype=np.uint8)
    at = np.empty(2, dtype=np.int64)
    assert _find_odd(h, at) == 5 and at.tolist() == [2, 15]  # five found, room for two
    at = np.empty(8, dtype=np.int64)
    assert _find_odd(h, at) == 5 and at[:5].tolist() == [2, 15, 18, 20, 22] == _odd_reference(hay)


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_trie_walks_from_word_edges():
    from framing._trie import KeyTrie

    word = np.zeros(256, dtype=bool)
    word[list(b"abcx")] = True
    keys = [b"ab", b"abc", b"b", b"c d"]
    trie = KeyTrie(keys, np.zeros(4, bool), np.asarray([True, True, True, False]), word)
    key, start, end, odd_at = trie.find(b"ab abc xb abc d\x00")
    # "ab" needs a non-word byte after it; "b" inside "xb" and "c d" inside "abc d" are not
    # at a word edge
    assert (key.tolist(), start.tolist(), end.tolist()) == ([0, 1, 1], [0, 3, 10], [2, 6, 13])
    assert odd_at.tolist() == []


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_trie_walks_from_the_last_two_bytes_and_in_short_haystacks():
    from framing._trie import KeyTrie

    word = np.zeros(256, dtype=bool)
    word[list(b"abdlxyz")] = True
    keys = [b"d", b"xy", b"xyz", b"ab", b"bad"]
    trie = KeyTrie(keys, np.zeros(5, bool), np.ones(5, bool), word)
    assert trie.t3.shape[0] > 1  # the walks go through the depth-3 table where they can
    cases = {  # haystack: (key, start, end) of each occurrence
        b"d\x00": [(0, 0, 1)],
        b"\x00": [],
        b"xy\x00": [(1, 0, 2)],
        b"ab d\x00": [(3, 0, 2), (0, 3, 4)],  # "d" starts at the last byte but one: from the root
        b"d xyz xy\x00": [(0, 0, 1), (2, 2, 5), (1, 6, 8)],
        b"xyd xyzz\x00": [],  # "xy" and "xyz" need a non-word byte after them
        b"bad ab bad\x00": [(4, 0, 3), (3, 4, 6), (4, 7, 10)],  # "bad": three bytes to its node in t3
        b"badly bd\x00": [],
    }
    for hay, want in cases.items():
        key, start, end, _ = trie.find(hay)
        assert list(zip(key.tolist(), start.tolist(), end.tolist(), strict=True)) == want, hay


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_trie_without_its_depth_three_table_finds_the_same(monkeypatch):
    from framing import _trie

    monkeypatch.setattr(_trie, "_T3_MAX_CLASSES", 0)  # every walk from the root
    for lexicon in (LEX, load_lexicon()):
        m = BatchMatcher(lexicon.compiled(), engine="trie")
        assert m.trie.t3.shape == (1,)
        got = list(zip(*(a.tolist() for a in m.match(HAND)[:4]), strict=True))
        assert got == reference(HAND, lexicon)


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_hits_tables_with_and_without_the_numba_kernels(corpus, monkeypatch):
    pairs = [(f"h{k:02d}", t) for k, t in enumerate(HAND)]
    docs = corpus.documents
    pairs += list(zip(docs["doc_id"], docs["text"], strict=True))
    monkeypatch.setenv("FRAMING_NUMBA", "0")
    plain = [hits(pairs, lex) for lex in (LEX, load_lexicon())]
    plain_spans = pd.concat(iter_hit_spans(pairs, LEX))
    monkeypatch.setenv("FRAMING_NUMBA", "1")
    monkeypatch.setattr(_jit, "MIN_CHARS", 0)  # every batch takes the kernels
    from framing import _sentences_jit, _trie

    calls = []
    for module, name in ((_trie.KeyTrie, "find"), (_trie, "view_bytes"), (_sentences_jit, "batch_sentence_spans_jit")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name: calls.append(name) or real(*a))
    for table, lex in zip(plain, (make_lexicon(), load_lexicon()), strict=True):  # new lexicons: new matchers
        pd.testing.assert_frame_equal(hits(pairs, lex), table)
    pd.testing.assert_frame_equal(pd.concat(iter_hit_spans(pairs, make_lexicon())), plain_spans)
    assert sorted(set(calls)) == ["batch_sentence_spans_jit", "find", "view_bytes"]


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_view_bytes_kernel_gives_the_numpy_arrays():
    from framing._trie import view_bytes

    some = [0, 64, 65, 90, 91, 96, 97, 122, 127, 128, 192, 255, 256, 321, 0x2019, 0x1F600, 0x10FFFF, 65 + 256]
    for cps in (
        np.asarray(some, dtype=np.uint32),  # the tail loop only
        np.arange(300, dtype=np.uint32),  # blocks of 64 all ASCII, then all not, then the tail
        np.asarray([65] * 64 + some + [97] * 100 + [0x2019] + [90] * 50, dtype=np.uint32),
    ):
        low, hay, high = view_bytes(cps)
        assert low.tolist() == cps.astype(np.uint8).tolist()
        assert hay.tobytes() == cps.astype(np.uint8).tobytes().lower() + b"\x00"
        assert high.tolist() == np.flatnonzero(cps > 127).tolist()
    assert view_bytes(np.asarray(some, np.uint32))[2].tolist() == list(range(9, 18))
    hay[0] = 1  # writable: BatchView writes the non-ASCII codes into it
    empty = view_bytes(np.zeros(0, np.uint32))
    assert [a.tolist() for a in empty] == [[], [0], []]


@pytest.mark.skipif(not _jit.available(), reason="numba not installed")
def test_batch_view_same_with_and_without_the_kernel(monkeypatch):
    texts = HAND + ["Caf\u00c9 \u2019Nazi\u2019 \U0001f600 \u00adx\ufb01y A\u0100Z", ""]
    arrays = []
    for engine in ("0", "1"):
        monkeypatch.setenv("FRAMING_NUMBA", engine)
        monkeypatch.setattr(_jit, "MIN_CHARS", 0)
        view = BatchView(texts, {"\u2019": 0x82})
        arrays.append([view.hay, view.low.tolist(), view.high.tolist(), view.vstart.tolist(), view.wide_at.tolist(),
                       view.wide_cp.tolist(), view.string()])  # fmt: skip
    assert arrays[0] == arrays[1]


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
    for engine in [p if isinstance(p, str) else p.values[0] for p in ENGINE_PARAMS]:
        if engine == "trie" and not _jit.available():
            continue
        got = batch([text, text], lex, engine)
        assert got == reference([text, text], lex)
        assert [(s, e, i) for d, s, e, i in got if d == 0] == [
            (4, 10, 0), (4, 10, 1), (12, 25, 2), (27, 31, 3), (36, 45, 5), (46, 52, 7)
        ]  # fmt: skip
    (frame,) = list(iter_hit_spans([("a", text)], lex, sentences=False))
    # same span: sorted by category, then entry
    assert frame[["start", "end", "entry"]].values.tolist()[:2] == [[4, 10, 1], [4, 10, 0]]
    assert frame["category"].astype(str).tolist() == ["alpha", "zeta", "c", "d", "f", "h"]


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


def test_batch_matcher_is_built_once_per_lexicon_and_keeps_it():
    m = LEX.compiled()
    assert _batch_matcher(m) is _batch_matcher(m)
    assert isinstance(_batch_matcher(m), BatchMatcher) and _batch_matcher(m).matcher is m


def test_without_ahocorasick_rs_every_text_takes_the_reference_path(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "ahocorasick_rs", None)
    fallback = BatchMatcher(LEX.compiled(), engine="ahocorasick")
    assert not fallback.usable and fallback.automaton is None
    dc, ts, te, ent, _ = fallback.match(HAND)
    assert list(zip(dc.tolist(), ts.tolist(), te.tolist(), ent.tolist(), strict=True)) == reference(HAND, LEX)


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


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts, min_size=1, max_size=4))
def test_random_texts_equal_reference(engine, texts):
    assert batch(texts, LEX, engine) == reference(texts, LEX)


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_any_unicode_equals_reference(engine, texts):
    assert batch(texts, LEX, engine) == reference(texts, LEX)


# -- hits tables -------------------------------------------------------------------------------


def reference_hits(pairs, lexicon: Lexicon) -> pd.DataFrame:
    """The hits table built one text at a time (score._doc_rows, the former path)."""
    m = lexicon.compiled()
    rows = []
    for doc_id, text in pairs:
        spans = sentence_spans(text) if text else []
        starts = np.asarray([s for s, _, _ in spans], dtype=np.int64)
        rows.extend(_doc_rows(doc_id, text, m, (starts, np.arange(len(starts), dtype=np.int64))))
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
@given(st.lists(_texts.map(lambda t: t.replace(". ", ". X ")), min_size=1, max_size=4))
def test_random_hits_tables_equal_reference(texts):
    pairs = [(f"d{k}", t) for k, t in enumerate(texts)]
    pd.testing.assert_frame_equal(hits(pairs, LEX), reference_hits(pairs, LEX))


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


def test_iter_hit_spans_on_the_articles(corpus):
    full = hits(corpus)
    (spans,) = list(iter_hit_spans(corpus))
    assert tuple(spans.columns) == HIT_SPANS
    assert isinstance(spans["category"].dtype, pd.CategoricalDtype)
    # documents in the order given (the corpus is sorted by doc_id), like the hits table
    assert spans[["doc_id", "sent_id", "start", "end"]].values.tolist() == (
        full[["doc_id", "sent_id", "start", "end"]].values.tolist()
    )
    assert spans["category"].astype(str).tolist() == full["category"].tolist()
    terms = load_lexicon().table["term"]
    assert terms[spans["entry"]].tolist() == full["term"].tolist()
    first = spans.iloc[0]
    assert (first["doc_id"], first["sent_id"], first["start"], first["end"]) == (FOX, 0, 12, 18)
    nosent = next(iter_hit_spans(corpus, sentences=False))
    assert (nosent["sent_id"] == -1).all() and nosent["start"].tolist() == spans["start"].tolist()


def test_iter_hit_spans_exact_tiny():
    (frame,) = list(iter_hit_spans([("b", "A regime. Fake news!"), ("a", ""), ("c", "regime")], LEX))
    assert frame[["doc_id", "sent_id", "start", "end", "entry"]].values.tolist() == [
        ["b", 0, 2, 8, 6],
        ["b", 1, 10, 19, 8],
        ["c", 0, 0, 6, 6],
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
    assert tokens == [count_tokens(t) for t in texts]
    assert tokens[-2:] == [count_tokens(t) for t in docs["text"]] and tokens[0] == 0


def test_fast_path_argument_errors(corpus):
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        next(iter_hit_spans(corpus, batch_size=0))
    with pytest.raises(TypeError, match="sentences must be True or False"):
        next(iter_hit_spans(corpus, sentences=None))
    with pytest.raises(TypeError, match="negation must be True or False"):
        next(iter_hits(corpus, negation="no"))
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        next(iter_hit_spans(corpus, "regime"))


# -- sentences of many texts at once ----------------------------------------------------------


def batch_sentences(texts: list[str]):
    joined = "\x00".join(texts)
    lengths = np.asarray([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    s, e, p, d = batch_sentence_spans(joined, starts, starts + lengths, ABBREVIATIONS)
    out = [[] for _ in texts]
    for a, b, c, k in zip(s.tolist(), e.tolist(), p.tolist(), d.tolist(), strict=True):
        out[k].append((a - int(starts[k]), b - int(starts[k]), c))
    ps, pe, _, pd_ = batch_paragraph_spans(joined, starts, starts + lengths)
    paras = [[] for _ in texts]
    for a, b, k in zip(ps.tolist(), pe.tolist(), pd_.tolist(), strict=True):
        paras[k].append((a - int(starts[k]), b - int(starts[k])))
    return out, paras


def test_batch_sentences_equal_one_text_at_a_time(fox_text, unnamed_text):
    quotes = "An \u201cinvasion.\u201d Troops at 6 p.m. \u201cIf so. \u201cNo. \u201cJ. \u201cetc. \u2018feel.\u2019 E"
    tiny = "Mr. Smith said \u201cno.\u201d Then U.S. J. Doe left. Why? Fine!"
    texts = [fox_text, "", unnamed_text, *HAND, quotes, tiny]
    got, paras = batch_sentences(texts)
    assert got == [fast_sentence_spans(t, ABBREVIATIONS) for t in texts]
    assert paras == [paragraph_spans(t) for t in texts]
    assert [len(g) for g in got[:3]] == [len(sentence_spans(fox_text)), 0, len(sentence_spans(unnamed_text))]
    assert [tiny[s:e] for s, e, _ in got[-1]] == [
        "Mr. Smith said \u201cno.\u201d",
        "Then U.S. J. Doe left.",
        "Why?",
        "Fine!",
    ]


_SENT_PIECES = [
    *"""U.S. Aug. Dr. Mr. No. etc. a.m. J. K. É. 1.5 1. 12. ... .. -- the The said 's \u2019s He it Why x A
    \u201cinvasion. \u201cU.S. \u2018No. 'J. \u201cIf "K""".split(),
    ". . .",
]
_SENT_CHARS = [
    *"aZk9 .!?\u2026;:,\"'\u201c\u201d\u2018\u2019()[]{}-*@&#",
    *["\n", "\n\n", "  ", "\t", "\r", "\x0b", "\xa0", "\u2028", "\x85", "\x1c", " \n \n"],
]
_sent_texts = st.lists(st.one_of(st.sampled_from(_SENT_PIECES), st.sampled_from(_SENT_CHARS)), max_size=40).map(
    "".join
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_sent_texts, min_size=1, max_size=4))
def test_random_batch_sentences_equal_fast_sentence_spans(texts):
    got, paras = batch_sentences(texts)
    assert got == [fast_sentence_spans(t, ABBREVIATIONS) for t in texts]
    assert paras == [paragraph_spans(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_any_unicode_batch_sentences(texts):
    got, paras = batch_sentences(texts)
    assert got == [fast_sentence_spans(t, ABBREVIATIONS) for t in texts]
    assert paras == [paragraph_spans(t) for t in texts]


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
    """Negators at every position of ``texts``, by framing._fastneg and by score._negation."""
    from framing._fastneg import Chars, batch_floors, batch_negators
    from framing.score import _SENT_END_REV, _negation

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
            cut = _SENT_END_REV.search(text[max(0, a - 80) : a][::-1])
            assert f == (a - cut.start() if cut else 0), (text, a)
        want.append(_negation(text, a, f))
    got = batch_negators(view.text, chars, base + local, base + floor_local, _negation)
    return got, want


def test_negators_exact_on_a_tiny_text():
    text = "It is not fraudulent. They didn\u2019t lie; no-one knows. Hardly a sham, Neither  the regime."
    starts = [text.index(w) for w in ("fraudulent", "lie", "knows", "sham", "regime")]
    from framing._fastneg import Chars, batch_negators
    from framing.score import _negation

    view = BatchView([text], {})
    chars = Chars(view.cps, view.low, view.high, view.uniq, view.inverse)
    h = text.index("Hardly")
    floors = np.asarray([0, 22, 22, h, h + 2])  # the last one cuts "Hardly" to "rdly"
    got = batch_negators(text, chars, np.asarray(starts), floors, _negation)
    assert got == ["not", "didn't", "didn't", "hardly", "neither"]
    assert got == [_negation(text, a, f) for a, f in zip(starts, floors.tolist(), strict=True)]


def test_negators_where_the_window_cuts_a_word_or_holds_odd_characters(monkeypatch):
    from framing import _fastneg
    from framing._fastneg import Chars, batch_negators
    from framing.score import _negation

    cases = [  # (text, hit start, floor, negator)
        ("They cannot fraudulent", 12, 8, "not"),  # the floor cuts "cannot" to "not"
        ("xxcannot " + "b" * 75 + " fraud", 85, 0, "not"),  # 80 characters back cut "cannot" too
        ("a no-fraud b", 5, 0, "no"),  # the hit starts inside "no-fraud": the window ends in "no-"
        ("no\u00adthing fraud", 12, 0, "nothing"),  # the soft hyphen vanishes in the window
        ("\u212aein fraud", 5, 0, "kein"),  # the Kelvin sign reads as "k" (with "kein" a negator)
        ("Notwithstanding fraud", 16, 0, "notwithstanding"),  # longer than 8 characters
    ]
    monkeypatch.setattr("framing.score.NEGATORS", frozenset({"not", "no", "nothing", "kein", "notwithstanding"}))
    _fastneg._negator_codes.cache_clear()
    try:
        for text, a, f, want in cases:
            assert _negation(text, a, f) == want, text
            chars = Chars(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
            assert batch_negators(text, chars, np.asarray([a]), np.asarray([f]), _negation) == [want], text
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
