"""Dask engine on a two-process LocalCluster: results equal the single-process ones exactly."""

from __future__ import annotations

import sys

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from conftest import FOX, UNNAMED
from distributed import Client, LocalCluster, wait
from generated_corpus import generated_documents, write_jsonl
from pandas.testing import assert_frame_equal, assert_series_equal

import framing as fr
import framing.scale.dask as fd
from framing import timeline
from framing.lexicon import Lexicon
from framing.scale.stream import score_archive

# Hand-built dated documents with built-in lexicon terms, over four months and two outlets,
# plus one document dated to the month only and one without a date.
HAND = pd.DataFrame(
    {
        "doc_id": ["h01", "h02", "h03", "h04", "h05", "h06", "h07", "h08"],
        "outlet": ["Courier", "Courier", "Courier", "Ledger", "Ledger", "Ledger", "Courier", "Ledger"],
        "date": ["2021-01-04", "2021-01-28", "2021-03-15", "2021-01-10", "2021-02", "2021-04-30", "", "2021-02-02"],
        "text": [
            "Thugs and rioters took the square, the regime claimed.",
            "A quiet day in the capital.",
            "The hoax was propaganda, a fake story about heroes.",
            "Terrorists, the officials alleged, planned the march.",
            "The puppet government denied it.",
            "Nothing happened.",
            "The regime again.",
            "So-called extremists and their heroic leader.",
        ],
    }
)


@pytest.fixture(scope="module")
def client():
    """Two worker processes on 127.0.0.1, closed after the module's tests.

    Workers start with ``forkserver`` on Linux (``spawn`` elsewhere), never ``fork``: forked from
    this pytest process, whose earlier tests leave threads behind (process pools, Arrow), a worker
    could hang before it registered, and the whole suite with it (seen once in 3 runs).
    """
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def documents(corpus):
    seed = corpus.documents[["doc_id", "outlet", "date", "text"]]
    return pd.concat([seed, HAND], ignore_index=True)


@pytest.fixture(scope="module")
def single(documents):
    return timeline.document_scores(documents)


@pytest.fixture(scope="module")
def scored(client, documents):
    """(lazy scores, computed scores, per-worker counters of that computation)."""
    client.run(fd.reset_worker_stats)
    # documents of load_corpus are clean already: clean=False, as timeline.document_scores
    lazy = fd.score_partitions(dd.from_pandas(documents, npartitions=4, sort=False), clean=False)
    computed = lazy.compute()
    stats = client.run(fd.worker_stats)
    persisted = lazy.persist()
    wait(persisted)  # persist runs in the background: later tests reset and count the workers' partitions
    return persisted, computed, stats


def test_scores_equal_the_single_process_table(scored, single):
    _, computed, _ = scored
    got = computed.sort_values(["doc_id", "category"], kind="stable").reset_index(drop=True)
    assert_frame_equal(got, single, check_exact=True)
    assert set(got["doc_id"]) == {FOX, UNNAMED, *HAND["doc_id"]}


def test_meta_matches_the_computed_dtypes(scored):
    lazy, computed, _ = scored
    assert_series_equal(lazy._meta.dtypes, computed.dtypes)
    assert_series_equal(lazy._meta.dtypes, fd.doc_scores_meta().dtypes)
    assert list(lazy.columns) == list(timeline.DOC_SCORES)


def test_lexicon_is_one_graph_node_compiled_once_per_worker(scored, documents):
    lazy, _, stats = scored
    fresh = fd.score_partitions(dd.from_pandas(documents, npartitions=4, sort=False))
    graph = dict(fresh.__dask_graph__())
    assert sum("framing-lexicon" in str(key) for key in graph) == 1
    assert sum(s["partitions"] for s in stats.values()) == 4
    assert sum(s["documents"] for s in stats.values()) == len(documents) == 10
    assert len(stats) == 2 and all(s["lexicons_compiled"] <= 1 for s in stats.values())
    assert sum(s["lexicons_compiled"] for s in stats.values()) >= 1


def test_lexicon_compiled_once_per_worker_however_many_computes(client, documents):
    table = pd.DataFrame({"term": ["regime", "hoax", "two computes"], "category": ["label", "label", "x"]})
    client.run(fd.reset_worker_stats)
    for _ in range(3):  # a new but equal Lexicon each time: same fingerprint, no new compilation
        lex = Lexicon.from_table(table, name="computed-thrice")
        fd.score_partitions(dd.from_pandas(documents, npartitions=4, sort=False), lex, clean=False).compute()
    stats = client.run(fd.worker_stats)
    assert sum(s["partitions"] for s in stats.values()) == 12
    assert [s["lexicons_compiled"] for s in stats.values()] == [1 if s["partitions"] else 0 for s in stats.values()]
    assert fd.fingerprint(lex) == fd.fingerprint(Lexicon(lex.table.copy(), "another name"))
    assert fd.fingerprint(lex) != fd.fingerprint(Lexicon.from_table(table.iloc[:2], name="computed-thrice"))


@pytest.mark.parametrize("clean", [True, False])
def test_in_memory_stream_and_dask_give_the_same_counts(client, tmp_path, clean):
    """One path: load_corpus + document_scores = score_archive (1 and 2 processes) = Dask, cleaned or not."""
    records = generated_documents()
    path = tmp_path / "generated.jsonl"
    write_jsonl(records, path)
    keys, by = ["doc_id", "category", "count", "n_tokens"], ["outlet", "period", "category"]
    memory = timeline.document_scores(fr.load_corpus(path, clean=clean))
    expected = timeline.finish(timeline.sums(memory, by=by, freq="month"))
    assert memory["outlet"].nunique() == 3 and expected["period"].nunique() == 6  # five months and undated
    assert (memory.groupby("doc_id")["n_tokens"].first() == 0).sum() == (7 if clean else 3)  # empty documents
    for n_jobs in (1, 2):
        out = tmp_path / f"scores-{n_jobs}.csv"
        result = score_archive(path, by=by, freq="month", clean=clean, n_jobs=n_jobs, batch_size=7,
                               doc_scores_path=out, progress=False)  # fmt: skip
        assert result.totals["scored"] == len(records) and result.skipped.empty
        assert_frame_equal(result.rates, expected, check_exact=True)
        streamed = pd.read_csv(out, dtype={"doc_id": str}).sort_values(["doc_id", "category"], kind="stable")
        assert_frame_equal(streamed[keys].reset_index(drop=True), memory[keys], check_exact=True)
    lazy = fd.score_partitions(dd.from_pandas(records, npartitions=4, sort=False), clean=clean)
    on_dask = lazy.compute().sort_values(["doc_id", "category"], kind="stable").reset_index(drop=True)
    assert_frame_equal(on_dask, memory, check_exact=True)
    assert_frame_equal(fd.aggregate(lazy, by=by, freq="month"), expected, check_exact=True)
    outlet_period = timeline.finish(timeline.sums(memory, by=["outlet", "period"], freq="month"))
    assert_frame_equal(fd.aggregate(lazy, by=["outlet", "period"], freq="month"), outlet_period, check_exact=True)


@pytest.mark.parametrize(
    ("by", "freq"),
    [
        (("outlet",), None),
        (("outlet", "period"), "month"),
        (("outlet", "category"), None),
        (("outlet", "period", "category"), "week"),
        (("doc_id",), None),
    ],
)
def test_aggregate_equals_finish_of_sums(scored, single, by, freq):
    lazy, _, _ = scored
    expected = timeline.finish(timeline.sums(single, by=by, freq=freq))
    assert_frame_equal(fd.aggregate(lazy, by=by, freq=freq), expected, check_exact=True)


def test_aggregate_by_outlet_and_month_values(scored):
    lazy, _, _ = scored
    table = fd.aggregate(lazy, by=("outlet", "period"), freq="month")
    assert table[["outlet", "period", "n_documents"]].values.tolist() == [
        ["Courier", "", 1],
        ["Courier", "2021-01-01", 2],
        ["Courier", "2021-03-01", 1],
        ["Fox News", "2020-08-01", 1],
        ["Ledger", "2021-01-01", 1],
        ["Ledger", "2021-02-01", 2],
        ["Ledger", "2021-04-01", 1],
        ["Unnamed pro-Kremlin outlet", "2020-11-01", 1],
    ]
    fox = table[table["outlet"] == "Fox News"]
    assert fox[["count", "n_tokens"]].values.tolist() == [[24, 512]]


def test_aggregate_counts_a_document_split_across_partitions_once(client, single):
    # the rows of one document spread over several partitions (13 categories, 7 partitions)
    split = dd.from_pandas(single, npartitions=7, sort=False)
    for by in (("outlet",), ("outlet", "category")):
        expected = timeline.finish(timeline.sums(single, by=by, freq="month"))
        assert_frame_equal(fd.aggregate(split, by=by, freq="month"), expected, check_exact=True)


@pytest.mark.parametrize(("by_category", "categories"), [(False, None), (True, ["dismissal", "extremist_label"])])
def test_rates_over_time_equal_the_single_process_ones(scored, single, by_category, categories):
    lazy, _, _ = scored
    got = fd.rates_over_time(lazy, freq="month", by_category=by_category, categories=categories)
    expected = timeline.rates_over_time(single, freq="month", by_category=by_category, categories=categories)
    assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs == expected.attrs == {"undated": ["h07"], "freq": "month"}


def test_known_monthly_counts_with_a_tiny_lexicon(client):
    lex = Lexicon.from_table(pd.DataFrame({"term": ["riot", "hero"], "category": ["label", "praise"]}), name="tiny")
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "X", "X", "Y"],
                         "date": ["2021-01-05", "2021-01-25", "2021-03-01", "2021-02"],
                         "text": ["riot riot calm", "hero here", "riot", "no hits at all"]})
    lazy = fd.score_partitions(dd.from_pandas(docs, npartitions=3, sort=False), lex)
    rates = fd.rates_over_time(lazy)
    assert rates.values.tolist() == [
        ["X", "2021-01-01", 2, 3, 5, 5, 8, 13, 600.0],  # a (2 hits, 3 tokens), b (1, 2)
        ["X", "2021-02-01", 0, 0, 0, 0, 0, 0, 0.0],
        ["X", "2021-03-01", 1, 1, 1, 1, 1, 1, 1000.0],
        ["Y", "2021-02-01", 1, 0, 4, 0, 0, 16, 0.0],
    ]


def test_documents_without_outlet_or_date_get_blank_ones(client):
    docs = pd.DataFrame({"doc_id": ["p", "q"], "text": ["The regime lied.", "Calm."]})
    lazy = fd.score_partitions(dd.from_pandas(docs, npartitions=2, sort=False))
    table = fd.aggregate(lazy, by=("outlet", "date"))
    assert table.values.tolist() == [["(missing)", "", 2, 1, 4, 1, 3, 10, 250.0]]  # a missing group is named (issue 23)
    rates = fd.rates_over_time(lazy)
    assert len(rates) == 0 and rates.attrs["undated"] == ["p", "q"]
    assert_frame_equal(rates, timeline.rates_over_time(timeline.document_scores(docs)), check_exact=True)


def test_arguments_are_checked_with_messages_naming_them(documents):
    with pytest.raises(TypeError, match="ddf must be a Dask DataFrame"):
        fd.score_partitions(documents)
    no_text = dd.from_pandas(documents.drop(columns="text"), npartitions=1)
    with pytest.raises(ValueError, match="ddf is not a documents table: it lacks column\\(s\\) text"):
        fd.score_partitions(no_text)
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        fd.score_partitions(dd.from_pandas(documents, npartitions=1), lexicon="built-in")
    scores = dd.from_pandas(timeline.document_scores(HAND), npartitions=2)
    with pytest.raises(ValueError, match="by: no column 'period' in the document scores.*'period' needs freq"):
        fd.aggregate(scores, by=("outlet", "period"))
    with pytest.raises(ValueError, match="freq must be one of week, month, quarter, year, not 'day'"):
        fd.aggregate(scores, freq="day")
    with pytest.raises(ValueError, match="doc_scores is not a document scores table: it lacks column\\(s\\) n_tokens"):
        fd.aggregate(scores.drop(columns="n_tokens"))


def test_missing_dask_is_reported_with_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError, match='pip install "framing\\[dask\\]"'):
        fd.score_partitions(None)
    assert dask.__name__ == "dask"
