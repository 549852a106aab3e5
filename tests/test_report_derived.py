"""The tables notebooks 03-05 read (framing.report.derived): exported by the report equal the library's results,
read back with their attrs, computed when absent; the report folder's tables read only when asked for."""

from __future__ import annotations

import pandas as pd
import pytest
from generated_corpus import generated_documents, write_jsonl

import framing as fr
from framing import contrast, voice, wordshift
from framing.cli import main
from framing.report import derived
from framing.report import results as R
from framing.report.plots_contrast import REST, contrast_sides


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """40 generated documents over three outlets, and its report (tables and figures, no notebooks)."""
    path = tmp_path_factory.mktemp("three") / "three.jsonl"
    write_jsonl(generated_documents(40), path)
    out = tmp_path_factory.mktemp("reports") / "three"
    assert main(["figures", "--corpus", str(path), "--out", str(out), "--quiet", "--seed", "3"]) == 0
    return path, out


def _library(corpus, seed):
    """What notebooks 03-05 computed before: the library's calls, with the unit table counted once."""
    (a, b), *_ = contrast_sides(corpus.documents)
    b = None if b == REST else b
    units = contrast.unit_table(corpus)
    fw = fr.fightin_words(corpus, a=a, b=b, units=units)
    top = contrast.top_distinctive(fw, n=5)["unit"].tolist()
    quotes = fr.quotes(corpus)
    sentences = fr.sentence_voice(corpus, quotes=quotes)
    hits = fr.label_spans(fr.hits(corpus, sentences=sentences), corpus, quotes=quotes, sentences=sentences)
    loaded = hits[hits["category"].isin(fr.load_lexicon().loaded().categories)].reset_index(drop=True)
    return {
        "word_shift": wordshift.word_shift(corpus, a, b),
        "contrast_design": contrast.group_design(corpus),
        "contrast_fightin_words": fw,
        "contrast_keyness": fr.keyness(corpus, target=a, reference=b),
        "contrast_bootstrap": contrast.bootstrap_log_odds(corpus, top, a=a, b=b, random_state=seed),
        "contrast_permutation": contrast.permutation_test(corpus, units=top, a=a, b=b, random_state=seed),
        "loaded_rate_interval": contrast.loaded_rate_interval(loaded, corpus, categories=True, random_state=seed),
        "loaded_rate_permutation": contrast.permutation_test(corpus, statistic="loaded_rate", hits=loaded, a=a, b=b,
                                                             random_state=seed),
        "quoted_share": voice.quoted_share(corpus, quotes=quotes),
        "loaded_kwic": fr.kwic(loaded, corpus, window=8),
    }


def test_exported_derived_tables_equal_the_librarys_results_with_their_attrs(three):
    path, out = three
    expected = _library(fr.load_corpus(path), seed=3)
    back = fr.open_results(out)
    for name in derived.EXPORTED:
        assert (out / "tables" / f"{name}.csv").is_file(), name
    for name, frame in expected.items():
        got = back.get(name)
        pd.testing.assert_frame_equal(got, frame, check_dtype=False, obj=name)
        assert got.attrs == frame.attrs, name
    assert back.get("contrast_bootstrap").attrs["note"]  # what notebook 04 prints


def test_a_results_computed_here_gives_the_same_tables(three):
    path, out = three
    back = fr.open_results(out)
    here = fr.open_results(path, seed=3)
    for name in derived.EXPORTED:
        pd.testing.assert_frame_equal(here.get(name), back.get(name), check_dtype=False, obj=name)
    here.computed.clear()
    here.tables = {}  # nothing exported: every table computed on demand, the unit table counted once
    counted = here.unit_table()
    pd.testing.assert_frame_equal(here.get("contrast_keyness"), back.get("contrast_keyness"), check_dtype=False)
    assert here.unit_table() is counted
    with pytest.raises(KeyError, match="no table 'nope'"):
        here.get("nope")


def test_report_tables_are_read_only_when_asked_for(three, monkeypatch):
    _, out = three
    read = []
    real = R._read_table
    monkeypatch.setattr(R, "_read_table", lambda folder, name, dtypes: read.append(name) or real(folder, name, dtypes))
    back = fr.open_results(out)
    assert read == [] and "hits" in back.tables and "word_shift" in list(back.tables)
    assert len(back.hits) and read == ["hits"]
    assert back.hits is back.tables["hits"] and read == ["hits"]  # read once


def test_uncertainty_functions_take_a_unit_table(three):
    path, _ = three
    corpus = fr.load_corpus(path)
    units = contrast.unit_table(corpus, stop_words=None)  # any stop words: the loaded rate reads sentences, tokens
    hits = fr.hits(corpus)
    pd.testing.assert_frame_equal(contrast.loaded_rate_interval(hits, corpus, units=units, random_state=1),
                                  contrast.loaded_rate_interval(hits, corpus, random_state=1))
    a = sorted(corpus.documents["outlet"].unique())[0]
    pd.testing.assert_frame_equal(
        contrast.permutation_test(corpus, statistic="loaded_rate", hits=hits, a=a, unit_counts=units, n_perm=50,
                                  random_state=4),
        contrast.permutation_test(corpus, statistic="loaded_rate", hits=hits, a=a, n_perm=50, random_state=4))
    default = contrast.unit_table(corpus)
    pd.testing.assert_frame_equal(contrast.group_design(corpus, units=default), contrast.group_design(corpus))
    pd.testing.assert_frame_equal(
        contrast.bootstrap_log_odds(corpus, a=a, unit_counts=default, n_boot=50, random_state=2),
        contrast.bootstrap_log_odds(corpus, a=a, n_boot=50, random_state=2))
    with pytest.raises(ValueError, match="counted on another corpus"):
        contrast.group_design(corpus.select(doc_ids=list(corpus.documents["doc_id"][:5])), units=default)
