"""framing._heap: the allocator setting the batch paths hold while they run."""

from __future__ import annotations

import platform

import pandas as pd
import pytest
from conftest import FOX, UNNAMED

from framing import _heap
from framing.score import iter_hit_spans, score_stream

M_TOP_PAD, M_MMAP_THRESHOLD = -2, -3


class Spy:
    """Stands in for glibc's mallopt: records the calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, param, value):
        self.calls.append((param, value))
        return 1


@pytest.fixture
def spy(monkeypatch):
    s = Spy()
    monkeypatch.setattr(_heap, "_mallopt", lambda: s)
    monkeypatch.setattr(_heap, "_threshold_set", False)
    monkeypatch.setattr(_heap, "_depth", 0)
    for name in ("FRAMING_KEEP_HEAP", "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES"):
        monkeypatch.delenv(name, raising=False)
    return s


def test_configured_top_pad_reads_env_then_tunables_then_default():
    assert _heap._configured_top_pad({}) == 131072
    assert _heap._configured_top_pad({"MALLOC_TOP_PAD_": "1048576"}) == 1048576
    assert _heap._configured_top_pad({"MALLOC_TOP_PAD_": "0x100000"}) == 1048576
    tun = {"GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.top_pad=4096"}
    assert _heap._configured_top_pad(tun) == 4096
    assert _heap._configured_top_pad({**tun, "MALLOC_TOP_PAD_": "8192"}) == 8192
    assert _heap._configured_top_pad({"MALLOC_TOP_PAD_": "lots"}) == 131072


def test_kept_heap_sets_pad_once_for_nested_uses_and_restores(spy):
    with _heap.kept_heap():
        assert spy.calls == [(M_MMAP_THRESHOLD, 32 << 20), (M_TOP_PAD, 64 << 20)]
        with _heap.kept_heap():
            pass
        assert len(spy.calls) == 2
    assert spy.calls[2:] == [(M_TOP_PAD, 131072)]
    with _heap.kept_heap():  # the threshold is set once per process
        pass
    assert spy.calls[3:] == [(M_TOP_PAD, 64 << 20), (M_TOP_PAD, 131072)]


def test_kept_heap_restores_after_an_error_and_respects_the_environment(spy, monkeypatch):
    monkeypatch.setenv("MALLOC_TOP_PAD_", str(128 << 20))
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "1000000")
    with pytest.raises(ValueError), _heap.kept_heap():
        raise ValueError("boom")
    # the user's own settings: no threshold call, a pad at least theirs, theirs back after
    assert spy.calls == [(M_TOP_PAD, 128 << 20), (M_TOP_PAD, 128 << 20)]
    assert _heap._depth == 0


def test_framing_keep_heap_0_leaves_the_allocator_alone(spy, monkeypatch):
    monkeypatch.setenv("FRAMING_KEEP_HEAP", "0")
    assert not _heap.active()
    with _heap.kept_heap():
        pass
    assert spy.calls == []


def test_batch_paths_hold_the_setting_while_they_run(spy, corpus):
    docs = list(corpus.documents[["doc_id", "text"]].itertuples(index=False, name=None))
    frames = iter_hit_spans(docs)
    first = next(frames)  # held while the generator can still read documents
    assert spy.calls == [(M_MMAP_THRESHOLD, 32 << 20), (M_TOP_PAD, 64 << 20)]
    assert sorted(first["doc_id"].unique()) == [FOX, UNNAMED]
    assert list(frames) == []  # read to the end: given back
    assert spy.calls[2:] == [(M_TOP_PAD, 131072)]
    abandoned = iter_hit_spans(docs)
    next(abandoned)
    abandoned.close()  # closed (or collected) before the end: given back too
    assert spy.calls[3:] == [(M_TOP_PAD, 64 << 20), (M_TOP_PAD, 131072)]
    score_stream(docs)
    assert spy.calls[5:] == [(M_TOP_PAD, 64 << 20), (M_TOP_PAD, 131072)]


def test_results_do_not_depend_on_it(corpus, monkeypatch):
    docs = list(corpus.documents[["doc_id", "text"]].itertuples(index=False, name=None))
    monkeypatch.setenv("FRAMING_KEEP_HEAP", "1")
    kept = pd.concat(list(iter_hit_spans(docs)), ignore_index=True)
    monkeypatch.setenv("FRAMING_KEEP_HEAP", "0")
    plain = pd.concat(list(iter_hit_spans(docs)), ignore_index=True)
    pd.testing.assert_frame_equal(kept, plain)
    assert _heap._depth == 0


def test_mallopt_is_found_exactly_on_glibc():
    assert (_heap._mallopt() is not None) == (platform.libc_ver()[0] == "glibc")
