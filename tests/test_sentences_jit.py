"""framing._sentences_jit: the numba kernels give exactly batch_sentence_spans' arrays."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_fastmatch import _SENT_CHARS, _SENT_PIECES, HAND
from test_sentences_fast import _CHARS, _PIECES, EXAMPLES, _abbreviation_sets

from framing import _sentences_jit
from framing._sentences_fast import batch_sentence_spans, fast_sentence_spans
from framing._sentences_jit import _kernel_spans, available, batch_sentence_spans_jit
from framing.text import ABBREVIATIONS

PTC = Path(__file__).resolve().parents[2] / "shared/datasets/ptc/train-articles"


def joined(texts: list[str]) -> tuple[str, np.ndarray, np.ndarray]:
    text = "\x00".join(texts)
    lengths = np.asarray([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    return text, starts, starts + lengths


def code_points(text: str) -> np.ndarray:
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def assert_same(texts: list[str], abbreviations: frozenset[str] = ABBREVIATIONS) -> int:
    """batch_sentence_spans_jit == batch_sentence_spans (with and without cps) == fast_sentence_spans per text."""
    text, starts, ends = joined(texts)
    expected = batch_sentence_spans(text, starts, ends, abbreviations)
    cps = code_points(text)
    for got in (
        batch_sentence_spans_jit(text, starts, ends, abbreviations),
        batch_sentence_spans_jit(text, starts, ends, abbreviations, cps, cps.astype(np.uint8)),
    ):
        assert len(got) == 4
        for g, e in zip(got, expected, strict=True):
            assert g.dtype == np.int64 and g.tolist() == e.tolist(), text[:300]
    s, e, p, d = (a.tolist() for a in expected)
    per_text = [[] for _ in texts]
    for a, b, c, k in zip(s, e, p, d, strict=True):
        per_text[k].append((a - int(starts[k]), b - int(starts[k]), c))
    assert per_text == [fast_sentence_spans(t, abbreviations) for t in texts]
    return len(s)


def hard_paragraphs(texts: list[str]) -> int:
    """Paragraphs that the kernels leave to framing._sentences_fast._paragraph."""
    text, starts, ends = joined(texts)
    return len(_kernel_spans(code_points(text), starts, ends, ABBREVIATIONS)[2])


def test_numba_is_available_here():
    """The dev extra installs numba (`make test`); without it the tests below would run the
    kernels as plain Python and prove nothing about the compiled ones."""
    assert available()


def test_exact_sentences_of_a_tiny_text():
    text = "Mr. Smith left at 5 p.m. on Aug. 3. Why? \u201cFine.\u201d J. Doe said (p. 58). Then\n\nNew... para"
    texts = [text, "", "One. Two"]
    s, e, p, d = batch_sentence_spans_jit(*joined(texts), ABBREVIATIONS)
    assert [joined(texts)[0][a:b] for a, b in zip(s.tolist(), e.tolist(), strict=True)] == [
        "Mr. Smith left at 5 p.m. on Aug. 3.",
        "Why?",
        "\u201cFine.\u201d",
        "J. Doe said (p.",  # "p." is an initial, not an abbreviation: it breaks before "58"
        "58).",
        "Then",
        "New... para",
        "One.",
        "Two",
    ]
    assert p.tolist() == [0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert d.tolist() == [0, 0, 0, 0, 0, 0, 0, 2, 2]


def test_line_breaks_and_marks_as_bit_masks_at_every_place_in_a_block():
    from framing._sentences_jit import _DEBRUIJN_TABLE, _bit_positions, _masks

    for size in (0, 1, 63, 64, 65, 130):
        for dtype in (np.uint8, np.uint32):
            for at in range(size):  # one mark, a line break after it, at each place
                cps = np.full(size, ord("a"), dtype=dtype)
                cps[at] = ord(".?!"[at % 3])
                cps[(at + 1) % size] = 10 if size > 1 else cps[0]
                cps[(at + 5) % size] = 0x2E + 256 if dtype == np.uint32 and size > 5 else cps[(at + 5) % size]
                nl_mask = np.empty((size + 63) // 64, dtype=np.uint64)
                mk_mask = np.empty_like(nl_mask)
                n_nl, n_mk = _masks(cps, nl_mask, mk_mask)
                nls, marks = np.empty(n_nl, np.int64), np.empty(n_mk, np.int64)
                assert _bit_positions(nl_mask, _DEBRUIJN_TABLE, nls) == n_nl
                assert _bit_positions(mk_mask, _DEBRUIJN_TABLE, marks) == n_mk
                assert nls.tolist() == np.flatnonzero(cps == 10).tolist(), (size, at)
                assert marks.tolist() == np.flatnonzero(np.isin(cps, [46, 63, 33])).tolist() == [at], (size, at)


def test_common_candidates_stay_in_the_kernels():
    # initials, numbers, abbreviations, quotes, brackets, ellipses, hyphenated words
    easy = "Mr. Smith (R-Ga.) met J. Doe at 5 p.m. on 3. May then... so \u201cleft.\u201d Why?! No. Yes. ex-Gov. X"
    assert hard_paragraphs([easy]) == 0
    # Punkt's token rules on the whole context, in the kernels too: a next token with inner
    # or leading punctuation ("58).", '"Yes."'), a word before the period with "#" at its
    # start; only a non-ASCII letter in the token before the period goes to Python
    texts = ["See (p. 58). Then", 'No. "Yes." x', "Caf\u00e9. Then", easy, "#Israel. Then"]
    assert hard_paragraphs(texts) == 1
    assert hard_paragraphs(["Caf\u00e9. Then"]) == 1
    assert assert_same(texts) == 16


def test_seed_articles(fox_text, unnamed_text):
    assert assert_same([fox_text, unnamed_text]) == 21 + 18
    assert assert_same([unnamed_text, "", fox_text]) == 18 + 21
    assert hard_paragraphs([fox_text, unnamed_text]) == 0


def test_hand_built_texts():
    assert len(EXAMPLES) == 12 and len(HAND) == 16
    assert assert_same(EXAMPLES) == 33
    assert assert_same(HAND) == 17  # the last HAND text has no sentence mark: one sentence
    for text in EXAMPLES + HAND:
        assert_same([text])
    for abbreviations in (frozenset(), frozenset({"j", "x", "", "1.5", "\u201d", "(p", "no", "k-9"})):
        assert_same(EXAMPLES + HAND, abbreviations)


def test_argument_errors():
    with pytest.raises(ValueError, match="starts and ends must have the same length"):
        batch_sentence_spans_jit("a. b", np.array([0]), np.array([1, 4]), ABBREVIATIONS)
    with pytest.raises(ValueError, match="cps must hold one code point per character"):
        batch_sentence_spans_jit("a. b", np.array([0]), np.array([4]), ABBREVIATIONS, np.zeros(3, np.uint8))


def test_without_numba_the_module_imports_and_falls_back(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)
    spec = importlib.util.spec_from_file_location("_sentences_jit_without_numba", _sentences_jit.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert not module.available()
    texts = ["Dr. Who? he said. U.S. J. K. 1. a", "x"]
    got = module.batch_sentence_spans_jit(*joined(texts), ABBREVIATIONS)
    expected = batch_sentence_spans(*joined(texts), ABBREVIATIONS)
    assert [a.tolist() for a in got] == [a.tolist() for a in expected]


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC articles not found beside the repository")
def test_ptc_articles():
    texts = [path.read_text(encoding="utf-8") for path in sorted(PTC.glob("*.txt"))]
    assert len(texts) == 371
    n = assert_same(texts)
    assert n > 15000
    assert hard_paragraphs(texts) == 33  # of 1,157 paragraphs


# -- fuzz -------------------------------------------------------------------------------

_ascii_heavy = st.lists(
    st.one_of(st.sampled_from(_PIECES + _SENT_PIECES), st.sampled_from(_CHARS + _SENT_CHARS)), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ascii_heavy, min_size=1, max_size=4), _abbreviation_sets)
@example(['Dr. Who?" he said. U.S. J. K. 1. a', "(p. 58). \u201cNo. J. x", ""], ABBREVIATIONS)
def test_fuzz_ascii_heavy(texts, abbreviations):
    assert_same(texts, abbreviations)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=50), min_size=1, max_size=3), _abbreviation_sets)
def test_fuzz_any_unicode(texts, abbreviations):
    assert_same(texts, abbreviations)
