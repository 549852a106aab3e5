"""framing.scale.stream: batch readers, score_archive (chunked, multi-process), skipped records."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal

import pandas as pd
import pytest
from conftest import FOX, ROOT, UNNAMED

import framing as fr
from framing import timeline
from framing.corpus import CorpusError
from framing.lexicon import load_lexicon
from framing.scale.stream import (
    BATCH,
    SKIPPED,
    TOTALS,
    ArchiveError,
    Batch,
    iter_batches,
    measure_memory,
    read_folder,
    score_archive,
    write_jsonl_sample,
)
from framing.score import score_batch

FIX = ROOT / "tests" / "fixtures" / "stream"
DOCS = FIX / "docs.jsonl"
CORRUPT = FIX / "corrupt.jsonl"


@pytest.fixture(scope="module")
def lex():
    return load_lexicon(FIX / "lexicon.csv")


@pytest.fixture(scope="module")
def docs_frame():
    return pd.DataFrame([json.loads(line) for line in DOCS.read_text().splitlines()]).fillna({"date": ""})


def reference(documents, lexicon, by, freq=None):
    """score_batch on the whole table, then timeline.sums and finish: what every run must equal."""
    table = timeline.with_metadata(score_batch(documents, lexicon), documents)
    return timeline.finish(timeline.sums(table, by=by, freq=freq))


# scorers for the process tests: top-level, so that worker processes can unpickle them


def die_on_poison(documents, lexicon):
    """score_batch, except that a batch holding doc_id 'poison' kills its process (exit code 3)."""
    if "poison" in set(documents["doc_id"]):
        os._exit(3)
    return score_batch(documents, lexicon)


def kill_on_poison(documents, lexicon):
    """score_batch, except that a batch holding doc_id 'poison' gets its process killed (SIGKILL)."""
    if "poison" in set(documents["doc_id"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return score_batch(documents, lexicon)


def raise_on_bad(documents, lexicon):
    if "bad" in set(documents["doc_id"]):
        raise RuntimeError("cannot score this one")
    return score_batch(documents, lexicon)


def wrong_table(documents, lexicon):
    return pd.DataFrame({"doc_id": documents["doc_id"]})


# --------------------------------------------------------------------------------------
# Hand-built archive
# --------------------------------------------------------------------------------------


def test_hand_built_jsonl_exact_sums(lex):
    result = score_archive(DOCS, lex, by=("outlet",))
    assert result.rates.columns.tolist() == ["outlet", *timeline.SUMS, "per_1k"]
    # A's (hits, tokens): a1 (2, 6), a2 (0, 5), a3 (1, 3), a4 (1, 2): Σy² 6, Σxy 17, Σx² 74
    assert result.rates.drop(columns="per_1k").values.tolist()[0] == ["A", 4, 4, 16, 6, 17, 74]
    assert result.rates[list(timeline.COUNTS)].values.tolist() == [[4, 4, 16], [3, 8, 14]]
    assert result.rates["per_1k"].tolist() == [250.0, 1000 * 8 / 14]
    assert result.totals == {
        "records": 7, "scored": 7, "skipped": 0, "tokens": 30, "hits": 12, "bytes": os.path.getsize(DOCS),
        "batches": 1, "undated": 1,
    }
    assert list(result.skipped.columns) == list(SKIPPED) and result.skipped.empty
    assert result.caption("docs") == "Corpus: docs \u00b7 7 documents \u00b7 2 outlets"
    by_cat = score_archive(DOCS, lex).rates
    assert by_cat[["outlet", "category", "count"]].values.tolist() == [
        ["A", "doubt", 1], ["A", "label", 3], ["B", "doubt", 4], ["B", "label", 4]
    ]


@pytest.mark.parametrize("batch_size", [1, 2, 7])
def test_batches_equal_the_whole_corpus(lex, docs_frame, batch_size):
    expected = reference(docs_frame, lex, by=("outlet", "period", "category"), freq="month")
    result = score_archive(DOCS, lex, freq="month", batch_size=batch_size)
    assert result.rates.columns.tolist() == [*timeline.RATES]
    pd.testing.assert_frame_equal(result.rates, expected, check_dtype=False)
    assert result.totals["batches"] == -(-7 // batch_size)
    # a4 has no date: period ""
    assert result.rates[["outlet", "period"]].drop_duplicates().values.tolist() == [
        ["A", ""], ["A", "2020-01-01"], ["A", "2020-02-01"], ["B", "2020-01-01"], ["B", "2020-02-01"],
        ["B", "2020-03-01"],
    ]
    assert result.rates.loc[result.rates["period"] == "2020-02-01", "count"].tolist() == [0, 1, 3, 0]


def test_two_processes_equal_one_and_write_the_same_document_scores(lex, docs_frame, tmp_path):
    one = score_archive(DOCS, lex, freq="month", batch_size=2, doc_scores_path=tmp_path / "one.csv")
    two = score_archive(DOCS, lex, freq="month", batch_size=2, n_jobs=2, doc_scores_path=tmp_path / "two.csv")
    pd.testing.assert_frame_equal(one.rates, two.rates)
    assert one.totals == two.totals
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    # the last batch (here the only one, of 7 documents) is cut in pieces for the two workers
    whole = score_archive(DOCS, lex, freq="month", batch_size=100, n_jobs=2, doc_scores_path=tmp_path / "cut.csv")
    pd.testing.assert_frame_equal(one.rates, whole.rates)
    assert {**one.totals, "batches": 1} == whole.totals
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "cut.csv").read_bytes()
    written = pd.read_csv(tmp_path / "one.csv", dtype=str, keep_default_na=False)
    assert written.columns.tolist() == list(timeline.DOC_SCORES)
    expected = timeline.with_metadata(score_batch(docs_frame, lex), docs_frame)[list(timeline.DOC_SCORES)]
    written = written.sort_values(["doc_id", "category"], kind="stable")
    assert written.values.tolist() == expected.astype(str).values.tolist()
    assert (tmp_path / "one.csv").read_text().splitlines()[:5] == [
        "doc_id,outlet,date,category,count,n_tokens",
        "a1,A,2020-01-05,doubt,1,6",
        "a1,A,2020-01-05,label,1,6",
        "b1,B,2020-01-20,doubt,0,5",
        "b1,B,2020-01-20,label,3,5",
    ]
    # source order whatever the batch size (score_batch sorts by doc_id within a batch)
    whole = score_archive(CORRUPT, lex, batch_size=20, doc_scores_path=tmp_path / "whole.csv")
    assert whole.totals["batches"] == 1
    order = pd.read_csv(tmp_path / "whole.csv", dtype=str)["doc_id"].tolist()[::2]
    assert order == ["a1", "b1", "a2", "b2", "a3", "b3", "a4"]


def test_gzipped_jsonl_tsv_csv_and_dataframe_give_the_same_rates(lex, docs_frame, tmp_path):
    gz = tmp_path / "docs.jsonl.gz"
    gz.write_bytes(gzip.compress(DOCS.read_bytes()))
    docs_frame.to_csv(tmp_path / "docs.tsv", sep="\t", index=False)
    docs_frame.to_csv(tmp_path / "docs.csv.gz", index=False)
    docs_frame.to_parquet(tmp_path / "docs.parquet", row_group_size=2)
    expected = score_archive(DOCS, lex).rates
    for source in (gz, tmp_path / "docs.tsv", tmp_path / "docs.csv.gz", tmp_path / "docs.parquet", docs_frame):
        result = score_archive(source, lex, batch_size=3)
        pd.testing.assert_frame_equal(result.rates, expected, check_dtype=False)
        assert result.totals["scored"] == 7
    assert score_archive(gz, lex).totals["bytes"] == gz.stat().st_size


# --------------------------------------------------------------------------------------
# The two seed articles
# --------------------------------------------------------------------------------------


def test_seed_folder_cleaned_equals_load_corpus_and_score_batch(corpus):
    expected = reference(corpus.documents, None, by=("outlet",))
    assert expected.drop(columns="per_1k").values.tolist() == [
        ["Fox News", 1, 24, 512, 24 * 24, 24 * 512, 512 * 512],
        ["Unnamed pro-Kremlin outlet", 1, 25, 394, 25 * 25, 25 * 394, 394 * 394]
    ]
    for kwargs in ({}, {"batch_size": 1}, {"batch_size": 1, "n_jobs": 2}):
        result = score_archive(ROOT / "corpus", by=("outlet",), **kwargs)  # cleaned by default, as load_corpus
        pd.testing.assert_frame_equal(result.rates, expected, check_dtype=False)
    assert result.totals == {
        "records": 2, "scored": 2, "skipped": 0, "tokens": 906, "hits": 49,
        "bytes": sum((ROOT / "corpus" / f"{d}.txt").stat().st_size for d in (FOX, UNNAMED)), "batches": 2,
        "undated": 0,
    }
    # without cleaning the boilerplate lines count as tokens (they hold no loaded term), as in load_corpus
    raw = score_archive(ROOT / "corpus", by=("outlet",), clean=False).rates
    assert raw[["outlet", *timeline.COUNTS]].values.tolist() == [
        ["Fox News", 1, 24, 537], ["Unnamed pro-Kremlin outlet", 1, 25, 403]
    ]
    plain = reference(fr.load_corpus(ROOT / "corpus", clean=False).documents, None, by=("outlet",))
    pd.testing.assert_frame_equal(raw, plain, check_dtype=False)


def test_seed_articles_as_jsonl_by_category_and_month(corpus, tmp_path):
    path = tmp_path / "seed.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for row in corpus.documents[["doc_id", "outlet", "date", "text"]].to_dict("records"):
            fh.write(json.dumps(row) + "\n")
    expected = reference(corpus.documents, None, by=("outlet", "period", "category"), freq="month")
    for batch_size, n_jobs in ((1, 1), (7, 1), (1, 2)):
        result = score_archive(path, freq="month", batch_size=batch_size, n_jobs=n_jobs)
        pd.testing.assert_frame_equal(result.rates, expected, check_dtype=False)
    assert result.rates.groupby("outlet")["count"].sum().to_dict() == {
        "Fox News": 24, "Unnamed pro-Kremlin outlet": 25
    }
    assert result.rates["period"].unique().tolist() == ["2020-08-01", "2020-11-01"]


# --------------------------------------------------------------------------------------
# Skipped records
# --------------------------------------------------------------------------------------


def test_corrupt_lines_are_reported_and_the_rest_scored(lex):
    result = score_archive(CORRUPT, lex, by=("outlet",), batch_size=2)
    assert result.rates[["outlet", *timeline.COUNTS]].values.tolist() == [["A", 4, 4, 16], ["B", 3, 8, 14]]
    src = str(CORRUPT)
    assert result.skipped.values.tolist() == [
        [src, 3, "bad1", "corrupt", "not valid JSON: Unterminated string starting at (column 43)"],
        [src, 5, "", "corrupt", "a JSON list, not an object"],
        [src, 7, "a1", "duplicate", "doc_id already read earlier in the archive; the first is kept"],
        [src, 8, "nt", "no_text", "no text to score"],
        [src, 10, "empty", "no_text", "no text to score"],
    ]
    assert result.totals["records"] == 12 and result.totals["scored"] == 7 and result.totals["skipped"] == 5
    kept = score_archive(CORRUPT, lex, by=("outlet",), check_duplicates=False)
    assert kept.totals["skipped"] == 4 and kept.totals["scored"] == 8  # the second a1 is scored too
    assert kept.totals["hits"] == 13


def test_bad_csv_rows_and_undecodable_lines(lex, tmp_path):
    csv = tmp_path / "docs.csv"
    csv.write_text('doc_id,outlet,text\nx1,A,The regime.\nx2,A,too,many\nx3,B,\nx4,B,"A puppet,\nbaseless"\n')
    result = score_archive(csv, lex, by=("outlet",), batch_size=2)
    assert result.rates[["outlet", *timeline.COUNTS]].values.tolist() == [["A", 1, 1, 2], ["B", 1, 2, 3]]
    assert result.skipped[["line", "doc_id", "kind", "reason"]].values.tolist() == [
        [2, "x3", "no_text", "no text to score"],
        [3, "", "corrupt", "unparseable row (expected 3 fields, saw 4)"],
    ]
    jsonl = tmp_path / "latin.jsonl"
    jsonl.write_bytes(b'{"doc_id": "ok", "text": "regime"}\n{"doc_id": "caf\xe9", "text": "x"}\n')
    result = score_archive(jsonl, lex, by=("outlet",))
    assert result.skipped[["line", "kind", "reason"]].values.tolist() == [
        [2, "unreadable", "not valid utf-8 at byte 15 of the line"]
    ]
    assert result.rates.values.tolist() == [["unknown", 1, 1, 1, 1, 1, 1, 1000.0]]


def _folder(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "metadata.csv").write_text(
        "doc_id,file,outlet,date\nx1,x1.txt,A,2020-01-05\nx2,,B,2020-01-20\ngone,gone.txt,A,2020-02-01\n,,A,\n"
    )
    (folder / "x1.txt").write_text("The regime made a baseless claim.")
    (folder / "x2.txt").write_text("A puppet regime, a puppet.")
    (folder / "extra.txt").write_text("---\ndoc_id: fm\noutlet: B\ndate: 2020-03-01\n---\nBaseless regime.")
    (folder / "latin.txt").write_bytes(b"caf\xe9 regime")
    return folder


def test_folder_metadata_front_matter_and_missing_files(lex, tmp_path):
    folder = _folder(tmp_path)
    result = score_archive(folder, lex, by=("outlet",), batch_size=1)
    assert result.rates[["outlet", *timeline.COUNTS]].values.tolist() == [["A", 1, 2, 6], ["B", 2, 5, 7]]
    assert result.skipped[["source", "line", "doc_id", "kind", "reason"]].values.tolist() == [
        [str(folder / "gone.txt"), -1, "gone", "missing_file", "file not found when its turn came"],
        [str(folder / "latin.txt"), -1, "latin", "unreadable", "not valid utf-8 at byte 3"],
        [str(folder / "metadata.csv"), 5, "", "corrupt", "empty doc_id in metadata.csv"],
    ]
    assert result.totals["records"] == 6 and result.totals["scored"] == 3
    first = next(iter_batches(folder, batch_size=1))
    assert first.documents.columns.tolist() == list(BATCH)
    assert first.documents.values.tolist() == [
        ["fm", "B", "2020-03-01", "Baseless regime.", str(folder / "extra.txt"), -1]
    ]


def test_file_deleted_mid_run_is_reported_by_doc_id(lex, tmp_path):
    folder = _folder(tmp_path)
    (folder / "latin.txt").unlink()

    def delete_after_first(batches):
        for i, batch in enumerate(batches):
            yield batch
            if i == 0:
                (folder / "x2.txt").unlink()  # listed already; gone when its turn comes

    result = score_archive(delete_after_first(read_folder(folder, batch_size=1)), lex, by=("outlet",))
    assert result.rates[["outlet", *timeline.COUNTS]].values.tolist() == [["A", 1, 2, 6], ["B", 1, 2, 2]]
    missing = result.skipped[result.skipped["kind"] == "missing_file"]
    assert missing[["doc_id", "source"]].values.tolist() == [
        ["gone", str(folder / "gone.txt")], ["x2", str(folder / "x2.txt")]
    ]


def test_a_dying_worker_costs_only_its_document(lex, docs_frame):
    docs = pd.concat(
        [docs_frame.iloc[:3], pd.DataFrame({"doc_id": ["poison"], "outlet": ["A"], "text": ["regime"]}),
         docs_frame.iloc[3:]],
        ignore_index=True,
    )
    result = score_archive(docs, lex, scorer=die_on_poison, n_jobs=2, batch_size=3, by=("outlet",))
    assert result.skipped.values.tolist() == [["DataFrame", 4, "poison", "worker_died", "worker died (exit code 3)"]]
    expected = reference(docs_frame, lex, by=("outlet",))
    pd.testing.assert_frame_equal(result.rates, expected, check_dtype=False)
    assert result.totals == {
        "records": 8, "scored": 7, "skipped": 1, "tokens": 30, "hits": 12, "bytes": 0, "batches": 3,
        "undated": 2,  # a4 and poison: read without a date
    }
    killed = score_archive(docs, lex, scorer=kill_on_poison, n_jobs=2, batch_size=8, by=("outlet",))
    assert killed.skipped["reason"].tolist() == ["worker died (exit code -9: killed by signal 9)"]
    pd.testing.assert_frame_equal(killed.rates, expected, check_dtype=False)


def test_scorer_errors_are_isolated_per_document(lex, docs_frame):
    docs = pd.concat([docs_frame, pd.DataFrame({"doc_id": ["bad"], "outlet": ["B"], "text": ["regime"]})])
    result = score_archive(docs, lex, scorer=raise_on_bad, batch_size=4, by=("outlet",))
    assert result.skipped.values.tolist() == [
        ["DataFrame", 8, "bad", "scorer_error", "scorer raised RuntimeError: cannot score this one"]
    ]
    assert result.rates["n_documents"].tolist() == [4, 3]
    with pytest.raises(ArchiveError, match="scorer must return a DataFrame with columns doc_id, category"):
        score_archive(docs, lex, scorer=wrong_table)


def test_custom_batch_source(lex, docs_frame):
    batches = list(iter_batches(docs_frame, batch_size=4))
    assert [len(b.documents) for b in batches] == [4, 3]
    assert batches[0].n_records == 4 and batches[0].n_bytes == 0
    assert isinstance(batches[0], Batch)
    result = score_archive(iter(batches), lex, by=("outlet",))
    assert result.rates["count"].tolist() == [4, 8]
    with pytest.raises(TypeError, match="an iterable source must yield framing.scale.stream.Batch"):
        score_archive([docs_frame], lex)


# --------------------------------------------------------------------------------------
# Arguments, progress, memory helper
# --------------------------------------------------------------------------------------


def test_argument_errors(lex, tmp_path):
    (tmp_path / "notes.xml").write_text("<a/>")
    (tmp_path / "body.jsonl").write_text('{"doc_id": "a", "body": "regime"}\n')
    with pytest.raises(CorpusError, match="archive path .*nope.jsonl does not exist"):
        score_archive(tmp_path / "nope.jsonl", lex)
    with pytest.raises(CorpusError, match="unknown format '.xml'"):
        score_archive(tmp_path / "notes.xml", lex)
    with pytest.raises(ValueError, match="n_jobs must be a positive number of processes, or -1"):
        score_archive(DOCS, lex, n_jobs=0)
    with pytest.raises(ValueError, match="batch_size must be a positive integer, not 0"):
        score_archive(DOCS, lex, batch_size=0)
    with pytest.raises(ValueError, match="freq must be None or one of week, month, quarter, year"):
        score_archive(DOCS, lex, freq="day")
    with pytest.raises(ValueError, match="no column 'colour' in the records; the columns there are: doc_id, outlet"):
        score_archive(DOCS, lex, by=("colour",))
    with pytest.raises(ValueError, match="by names a column twice"):
        score_archive(DOCS, lex, by=("outlet", "outlet"))
    with pytest.raises(ValueError, match="'n_tokens' is computed by the library, not a group"):
        score_archive(DOCS, lex, by=("outlet", "n_tokens"))
    with pytest.raises(ValueError, match="by names 'period' but freq is None"):
        score_archive(DOCS, lex, by=("outlet", "period"))
    with pytest.raises(ValueError, match="progress must be True, False or None"):
        score_archive(DOCS, lex, progress="yes")
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        score_archive(DOCS, "lexicon.csv")
    with pytest.raises(TypeError, match="source must be a path, a documents DataFrame"):
        score_archive(42, lex)
    with pytest.raises(CorpusError, match="line 1: no 'text' field; its fields are doc_id, body; pass text_column="):
        score_archive(tmp_path / "body.jsonl", lex)
    assert score_archive(tmp_path / "body.jsonl", lex, text_column="body", by="outlet").rates["count"].tolist() == [1]


def test_progress_bar_on_request(lex, capsys):
    score_archive(DOCS, lex, progress=True)
    err = capsys.readouterr().err
    assert "scoring: 100%" in err and "scored=7" in err
    score_archive(DOCS, lex, progress=False)
    assert capsys.readouterr().err == ""


def test_memory_helper_and_sample_writer(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    shutil.copy(ROOT / "corpus" / f"{FOX}.txt", texts / "a.txt")
    shutil.copy(ROOT / "corpus" / f"{UNNAMED}.txt", texts / "b.txt")
    info = write_jsonl_sample(texts, tmp_path / "s.jsonl", target_bytes=20_000)
    assert info == {"records": 7, "bytes": os.path.getsize(tmp_path / "s.jsonl")}
    measured = measure_memory(tmp_path / "s.jsonl", batch_size=3, by=("outlet",))
    assert set(measured) == {"peak_bytes", *TOTALS}
    assert measured["records"] == 7 and measured["scored"] == 7 and measured["batches"] == 3
    assert measured["hits"] == 4 * 24 + 3 * 25  # a.txt four times, b.txt three times, raw text
    assert measured["peak_bytes"] > 0


def test_over_time_from_an_archive_equals_the_in_memory_timeline(corpus):
    loaded = load_lexicon().loaded()
    result = score_archive(ROOT / "corpus", loaded, by=("outlet", "period"), freq="month", clean=True)
    table = result.over_time()
    expected = timeline.rates_over_time(timeline.document_scores(corpus, loaded), freq="month")
    pd.testing.assert_frame_equal(table, expected, check_exact=True)
    assert table[["outlet", "period", "count", "n_tokens"]].values.tolist() == [
        ["Fox News", "2020-08-01", 12, 512],
        ["Unnamed pro-Kremlin outlet", "2020-11-01", 15, 394],
    ]
    assert table.attrs["undated_documents"] == 0
    weekly = score_archive(ROOT / "corpus", loaded, by=("outlet", "period"), freq="week", clean=True).over_time()
    assert weekly[["outlet", "period", "count"]].values.tolist() == [["Fox News", "2020-08-17", 12]]
    assert weekly.attrs["undated_documents"] == 1  # the unnamed outlet's date is "2020-11"
    with pytest.raises(ValueError, match=r"over_time\(\) needs score_archive"):
        score_archive(ROOT / "corpus", loaded).over_time()


def test_caption_counts_the_groups_of_the_first_group_column(lex, docs_frame):
    leaning = docs_frame.assign(lean=["l", "r", "l", "r", "l", "c", "l"])
    by_lean = score_archive(leaning, lex, by=("lean",), freq="month")
    assert by_lean.caption("x") == "Corpus: x \u00b7 7 documents \u00b7 3 lean groups"  # was "0 outlets"
    assert score_archive(leaning, lex, by=("doc_id",)).caption("x") == "Corpus: x \u00b7 7 documents"
    by_two = score_archive(leaning, lex, by=("lean", "outlet", "period", "category"), freq="month")
    assert (by_two.by, by_two.group_columns) == (["lean", "outlet", "period", "category"], ["lean", "outlet"])
