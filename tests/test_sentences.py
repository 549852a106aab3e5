"""framing.sentences: identical spans to NLTK's untrained Punkt (the oracle, here), on news and on fuzz."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from framing.sentences import ABBREVIATIONS, paragraph_spans
from framing.sentences import sentence_spans as fast_sentence_spans

PTC = Path(__file__).resolve().parents[2] / "shared/datasets/ptc/train-articles"
SEEDS = Path(__file__).resolve().parents[1] / "corpus"


@lru_cache(maxsize=8)
def _punkt(abbreviations: frozenset[str]) -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    return PunktSentenceTokenizer(params)


def punkt_sentence_spans(text: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> list[tuple[int, int, int]]:
    """The oracle: NLTK's Punkt, untrained but for ``abbreviations``, on each paragraph."""
    tokenizer = _punkt(frozenset(abbreviations))
    out = []
    for p, (ps, pe) in enumerate(paragraph_spans(text)):
        for s, e in tokenizer.span_tokenize(text[ps:pe]):
            out.append((ps + s, ps + e, p))
    return out


def _assert_same(text: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> int:
    expected = punkt_sentence_spans(text, abbreviations)
    got = fast_sentence_spans(text, abbreviations)
    if got != expected:
        missing = sorted(set(expected) - set(got))[:3]
        extra = sorted(set(got) - set(expected))[:3]
        pytest.fail(
            f"spans differ for {text[:300]!r}\n  punkt only: {[(s, text[s[0] : s[1]]) for s in missing]}"
            f"\n  fast only: {[(s, text[s[0] : s[1]]) for s in extra]}"
        )
    return len(expected)


# -- examples ---------------------------------------------------------------------------


#: Hand-built texts, each a Punkt quirk or rule.
EXAMPLES = [
    "",
    "   \n\n  ",
    "One sentence without a final period",
    "In the U.S. fighter jets flew. Then they landed.",
    "He arrived on Aug. 23 and left. Dr. Smith stayed.",
    'He met Dr. Who?" he said. Then left.',  # Punkt breaks after "Dr." here (quirk)
    "J. K. Rowling wrote. It was 1.5. But 3. the rest.",
    'He said "no." Then (he left.) "Why?" Nobody knew!!! Really?!',
    "Wait... what. . . next. It ended.\u201d And \u201cthen.\u201d",
    "First paragraph. Still first.\n\nSecond paragraph.\nSame paragraph, new line.",
    "a.\u00a0. . b. c.\x1c\nD",
    "Words -- dashes. -5. Next; then: 1,000. 2,000, more.",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_examples_match_punkt(text):
    _assert_same(text)


def test_punkt_quirks_are_kept():
    # The context of the period after "Dr." runs to the end of the next token, 'Who?"',
    # whose '?' is a break that is not the context's last token: Punkt breaks there.
    text = 'He met Dr. Who?" he said. Then left.'
    assert [text[s:e] for s, e, _ in fast_sentence_spans(text, ABBREVIATIONS)] == [
        "He met Dr.",
        'Who?"',
        "he said.",
        "Then left.",
    ]
    # An initial before a capital is no break; a number before a lower-case word neither.
    text = "J. K. Rowling wrote 3. the rest. Fine."
    assert [text[s:e] for s, e, _ in fast_sentence_spans(text, ABBREVIATIONS)] == [
        "J. K. Rowling wrote 3. the rest.",
        "Fine.",
    ]


def test_seed_articles_match_punkt_raw_and_cleaned():
    import framing as fr

    raw = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert len(raw) == 2
    cleaned = list(fr.load_corpus(SEEDS).documents["text"])
    assert sum(_assert_same(text) for text in raw + cleaned) > 0


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC articles not found beside the repository")
def test_ptc_articles_match_punkt():
    import random

    texts = [path.read_text(encoding="utf-8") for path in sorted(PTC.glob("*.txt"))]
    assert len(texts) == 371
    n = sum(_assert_same(text) for text in texts)
    assert n > 15000
    # All paragraphs of all articles, shuffled into one text.
    paragraphs = [text[s:e] for text in texts for s, e in paragraph_spans(text)]
    random.Random(0).shuffle(paragraphs)
    assert _assert_same("\n\n".join(paragraphs)) == n


# -- fuzz -------------------------------------------------------------------------------

_PIECES = [
    *"""U.S. U.S u.s. U.S.A. Aug. aug. Dr. dr. Mr. No. no. etc. Inc. a.m. p.m. J. K. j. É. _. 1.5 1. 12. -3. .5 ,5.
    1,000. 2-3. ... .. .... -- --- well-known ex-Gov. non-U.S. ##number##. the The said 's \u2019s (p. x) #x. He it
    Why no x A i İ ǅ 中 ٣ ß""".split(),
    ". . .",
]
_CHARS = [
    *"aZk9 .!?\u2026;:,\"'\u201c\u201d\u2018\u2019()[]{}-*@&#`%$\u00ab\u00bb/_\\",
    *["\n", "\n\n", "  ", "\t", "\r", "\x0b", "\x0c", "\xa0", "\u2009", "\u2028", "\x85", "\x1c", "\x1f", "\u3000"],
]

_texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_CHARS)), max_size=40).map("".join)
_abbreviation_sets = st.sampled_from(
    [
        ABBREVIATIONS,
        frozenset(),
        frozenset({"j", "k", "1", "", "x", "well-known", "1.5", ".", "..", "u.s", "é", "-3", "#", "a\\", "\\"}),
        frozenset({"\u201d", "'", "!", "?", "(p", "\u201cthe", "x)", "\u2019s", "the", "no", "k-9"}),
    ]
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts, _abbreviation_sets)
@example('Dr. Who?" he said. U.S. J. K. 1. a', ABBREVIATIONS)
def test_fuzz_matches_punkt(text, abbreviations):
    _assert_same(text, abbreviations)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), _abbreviation_sets)
def test_fuzz_any_unicode_matches_punkt(text, abbreviations):
    _assert_same(text, abbreviations)


def test_quotes_and_abbreviations_exact():
    tiny = "Mr. Smith said \u201cno.\u201d Then U.S. J. Doe left. Why? Fine!"
    assert [tiny[s:e] for s, e, _ in fast_sentence_spans(tiny)] == [
        "Mr. Smith said \u201cno.\u201d",
        "Then U.S. J. Doe left.",
        "Why?",
        "Fine!",
    ]
    _assert_same(tiny)
    quotes = "An \u201cinvasion.\u201d Troops at 6 p.m. \u201cIf so. \u201cNo. \u201cJ. \u201cetc. \u2018feel.\u2019 E"
    _assert_same(quotes)



# -- sentence starts up to a position (hits() splits only up to its last hit) -------------


def _per_text(got: np.ndarray, tstart: np.ndarray) -> list[np.ndarray]:
    """batch_sentence_starts' sorted offsets in the joined texts, cut into each text's own offsets."""
    cuts = np.searchsorted(got, tstart)
    ends = np.append(cuts[1:], len(got))
    return [got[a:e] - s for a, e, s in zip(cuts.tolist(), ends.tolist(), tstart.tolist(), strict=True)]


def _assert_starts(text: str) -> None:
    from framing.sentences import sentence_starts
    from framing.sentences.batch import batch_sentence_starts

    starts = [s for s, _, _ in fast_sentence_spans(text)]
    for stop in range(len(text) + 1):
        got = sentence_starts(text, stop)
        assert [s for s in got if s <= stop] == [s for s in starts if s <= stop], (text, stop)
        assert list(got) == starts[: len(got)]
    # on arrays, the text once per stop in one batch (joined by "\x00", as hits() joins them)
    stops = np.arange(len(text) + 1, dtype=np.int64)
    joined = "\x00".join([text] * len(stops))
    tstart = stops * (len(text) + 1)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    per_text = _per_text(batch_sentence_starts(joined, cps, tstart, tstart + len(text), stops), tstart)
    for stop, got in zip(stops.tolist(), per_text, strict=True):
        assert [s for s in got.tolist() if s <= stop] == [s for s in starts if s <= stop], (text, stop)
    if joined.isascii():
        ascii_cps = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        ascii_got = batch_sentence_starts(joined, ascii_cps, tstart, tstart + len(text), stops)
        wide_got = batch_sentence_starts(joined, cps, tstart, tstart + len(text), stops)
        assert ascii_got.tolist() == wide_got.tolist()


@pytest.mark.parametrize("text", EXAMPLES)
def test_sentence_starts_up_to_a_position(text):
    _assert_starts(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_fuzz_sentence_starts_up_to_a_position(text):
    _assert_starts(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_fuzz_any_unicode_sentence_starts_up_to_a_position(text):
    _assert_starts(text)


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC articles not found beside the repository")
@pytest.mark.parametrize("block", [7, 1 << 16])
def test_ptc_sentence_starts_on_arrays(block, monkeypatch):
    import sys

    from framing.sentences.batch import batch_sentence_starts

    monkeypatch.setattr(sys.modules["framing.sentences.batch"], "_BLOCK", block)  # candidates decided at a time

    texts = [p.read_text(encoding="utf-8") for p in sorted(PTC.glob("*.txt"))[:60]]
    texts += [q for t in texts for q in t.split("\n\n")]
    joined = "\x00".join(texts)
    size = np.asarray([len(t) for t in texts], dtype=np.int64)
    tstart = np.concatenate(([0], np.cumsum(size + 1)[:-1]))
    stops = size - size // 3  # two thirds in
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    got = _per_text(batch_sentence_starts(joined, cps, tstart, tstart + size, stops), tstart)
    for text, stop, g in zip(texts, stops.tolist(), got, strict=True):
        want = [s for s, _, _ in fast_sentence_spans(text) if s <= stop]
        assert [s for s in g.tolist() if s <= stop] == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "\r", "\x0b", "\x0c", "\u2028", "\u00a0", "a", ".", "\x00"]),
                max_size=30).map("".join), st.booleans())
def test_paragraph_breaks_on_arrays_equal_finditer(text, wide):
    from framing.sentences import _PARAGRAPH_BREAK
    from framing.sentences.batch import _paragraph_breaks

    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    low = cps.astype(np.uint8) if wide else None
    want = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    assert _paragraph_breaks(text, cps, low) == want
    if text.isascii():
        assert _paragraph_breaks(text, np.frombuffer(text.encode("ascii"), dtype=np.uint8), None) == want
