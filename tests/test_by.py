"""A group is any column (issue 23): every aggregate takes by= the same way (framing.groups)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from generated_corpus import STUDY_OUTLETS, TOPICS, study_documents, write_jsonl
from pandas.testing import assert_frame_equal

import framing as fr
from framing import groups, timeline
from framing.cli import main
from framing.scale.stream import score_archive
from framing.score import hits, scores

BY = ["lean", "topic"]


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return study_documents()


@pytest.fixture(scope="module")
def corpus(records):
    return fr.load_corpus(records)


@pytest.fixture(scope="module")
def found(corpus):
    return hits(corpus)


@pytest.fixture(scope="module")
def jsonl(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("study") / "study.jsonl"
    write_jsonl(records, path)
    return path


def test_the_generated_study_has_the_design(records, corpus):
    assert len(records) == 240 and records["outlet"].nunique() == 6
    assert sorted(records["lean"].unique()) == ["center", "left", "right"]
    assert sorted(records["topic"].unique()) == sorted(TOPICS)
    assert records.groupby(BY).size().tolist() == [20] * 12
    assert (corpus.documents["desk"] == "").sum() == 34  # 17 None and 17 blank: load_corpus gives ""


def _hand(found: pd.DataFrame, docs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts and rates per group x category by hand: pandas on the hits table."""
    keys = docs[["doc_id", *by]]
    counts = found.merge(keys, on="doc_id").groupby([*by, "category"]).size().rename("count")
    tokens = docs.groupby(by)["n_tokens"].sum().rename("n_tokens")
    cats = sorted(fr.load_lexicon().table["category"].unique())
    grid = pd.MultiIndex.from_product([*[sorted(docs[b].unique()) for b in by], cats], names=[*by, "category"])
    table = counts.reindex(grid, fill_value=0).reset_index().merge(tokens.reset_index(), on=by)
    table["per_1k"] = 1000 * table["count"] / table["n_tokens"]
    return table


def test_scores_by_lean_and_topic_equal_a_hand_computation(found, corpus):
    docs = corpus.documents
    got = scores(found, corpus, by=BY)
    assert list(got.columns[:3]) == ["lean", "topic", "category"]  # separate columns, not a joined label
    hand = _hand(found, docs, BY)
    assert len(got) == len(hand) == 12 * 13
    assert got["count"].tolist() == hand["count"].tolist()
    assert got["n_tokens"].tolist() == hand["n_tokens"].tolist()
    assert got["per_1k"].tolist() == hand["per_1k"].tolist()
    assert int(got["count"].sum()) == len(found)
    by_lean = scores(found, corpus, by="lean")
    assert by_lean["count"].tolist() == _hand(found, docs, ["lean"])["count"].tolist()
    assert by_lean.groupby("lean")["n_tokens"].first().to_dict() == docs.groupby("lean")["n_tokens"].sum().to_dict()


def test_by_outlet_is_unchanged_by_a_list_of_one(found, corpus):
    assert_frame_equal(scores(found, corpus, by="outlet"), scores(found, corpus, by=["outlet"]))
    per_doc = scores(found, corpus)  # "doc": per document, as before
    assert list(per_doc.columns[:3]) == ["doc_id", "outlet", "category"]


def test_missing_values_are_the_group_missing_never_dropped(found, corpus):
    table = scores(found, corpus, by="desk")
    assert sorted(table["desk"].unique()) == ["(missing)", "news", "opinion"]
    assert table.attrs["missing"] == {"desk": 34}
    assert int(table.drop_duplicates("desk")["n_tokens"].sum()) == int(corpus.documents["n_tokens"].sum())
    doc_scores = timeline.document_scores(corpus)
    assert (doc_scores.drop_duplicates("doc_id")["desk"] == "(missing)").sum() == 34
    sums = timeline.sums(doc_scores, by=["desk"])
    assert sums.set_index("desk")["n_documents"].to_dict() == {"(missing)": 34, "news": 103, "opinion": 103}
    assert sums.attrs["missing"] == {"desk": 34}
    # a DataFrame with NaN keys: the same group
    raw = doc_scores.assign(desk=doc_scores["desk"].replace("(missing)", np.nan))
    assert_frame_equal(timeline.sums(raw, by=["desk"]), sums)


def test_document_scores_carry_the_metadata(corpus):
    table = timeline.document_scores(corpus)
    assert list(table.columns) == [*timeline.DOC_SCORES, "desk", "lean", "topic"]  # every user column by default
    assert list(timeline.document_scores(corpus, keep=["lean"]).columns) == [*timeline.DOC_SCORES, "lean"]
    assert list(timeline.document_scores(corpus, keep=()).columns) == list(timeline.DOC_SCORES)
    with pytest.raises(ValueError, match="keep: no column 'colour' in the documents; the columns there are: doc_id"):
        timeline.document_scores(corpus, keep=["colour"])


def test_in_memory_archive_and_dask_give_the_same_sums(corpus, records, jsonl, tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    import dask

    import framing.scale.dask as fd

    by = [*BY, "category"]
    memory = timeline.finish(timeline.sums(timeline.document_scores(corpus), by=by))
    archive = score_archive(jsonl, by=by, n_jobs=1, batch_size=37, progress=False, doc_scores_path=tmp_path / "d.csv")
    assert archive.totals["scored"] == 240
    assert_frame_equal(archive.rates, memory, check_exact=True, check_dtype=False)
    stats, cache = dict(fd._STATS), fd._LEXICONS.copy()  # this process's: workers forked later must not see ours
    try:
        with dask.config.set(scheduler="synchronous"):
            lazy = fd.score_partitions(dd.from_pandas(records, npartitions=5, sort=False), keep=BY)
            on_dask = fd.aggregate(lazy, by=by)
            over_dask = fd.rates_over_time(lazy, freq="month", by="lean")
    finally:
        fd._STATS.update(stats)
        fd._LEXICONS.clear()
        fd._LEXICONS.update(cache)
    assert_frame_equal(on_dask, memory, check_exact=True, check_dtype=False)
    written = pd.read_csv(tmp_path / "d.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == [*timeline.DOC_SCORES, "lean", "topic"]
    assert written.drop_duplicates("doc_id")["lean"].value_counts().to_dict() == {"center": 80, "left": 80,
                                                                                   "right": 80}  # fmt: skip
    over = timeline.rates_over_time(timeline.document_scores(corpus), freq="month", by="lean")
    assert_frame_equal(over_dask, over, check_exact=True, check_dtype=False)
    # the archive's over-time table by lean (its sums count every category)
    every = fr.load_lexicon().table["category"].unique().tolist()
    over_all = timeline.rates_over_time(timeline.document_scores(corpus), freq="month", by="lean", categories=every)
    by_month = score_archive(jsonl, by=["lean"], freq="month", progress=False).over_time()
    assert_frame_equal(by_month, over_all, check_exact=True, check_dtype=False)
    assert by_month.attrs["undated_documents"] == len(over.attrs["undated"]) == 11


def test_rates_over_time_by_lean_fill_the_gaps(corpus, found):
    over = timeline.rates_over_time(timeline.document_scores(corpus), freq="month", by="lean")
    assert list(over.columns) == ["lean", "period", *timeline.SUMS, "per_1k"]
    assert over.groupby("lean")["period"].apply(list).to_dict()["left"] == [
        f"2021-{m:02d}-01" for m in range(1, 10)]  # April, July, August: zero rows
    assert over.loc[over["period"] == "2021-04-01", "n_documents"].tolist() == [0, 0, 0]
    docs = corpus.documents
    dated = docs[docs["date"] != ""]
    loaded = fr.load_lexicon().loaded().table["category"].unique()
    hand = found[found["doc_id"].isin(dated["doc_id"]) & found["category"].isin(loaded)]
    hand = hand.merge(docs[["doc_id", "lean"]], on="doc_id").groupby("lean").size()
    assert over.groupby("lean")["count"].sum().to_dict() == hand.to_dict()
    assert over.groupby("lean")["n_documents"].sum().to_dict() == dated.groupby("lean").size().to_dict()


def test_voice_rates_and_sentiment_by_lean(corpus, found):
    import importlib

    from framing import voice

    sentiment = importlib.import_module("framing.sentiment")

    small = corpus.documents[corpus.documents["doc_id"] < "s030"]
    h = found[found["doc_id"].isin(small["doc_id"])]
    rates = voice.voice_rates(h, small, by="lean")
    assert list(rates.columns) == ["lean", "voice", "count", "tokens", "per_1k"]
    total = rates[rates["voice"] == "all"].set_index("lean")
    assert total["count"].to_dict() == h.merge(small[["doc_id", "lean"]]).groupby("lean").size().to_dict()
    assert total["tokens"].sum() == small["n_tokens"].sum()
    by_cat = voice.voice_rates(h, small, by=["lean", "category"])
    assert list(by_cat.columns[:3]) == ["lean", "category", "voice"]
    missing = voice.voice_rates(h, small, by="desk")
    assert "(missing)" in set(missing["desk"]) and missing.attrs["missing"] == {"desk": 4}
    sent = sentiment.sentiment(small)
    agg = sentiment.aggregate(sent, small, by=["lean", "desk"], n_boot=10)
    assert agg.attrs["missing"] == {"desk": 4}
    assert agg.loc[agg["desk"] == "(missing)", "n_documents"].sum() == 4
    with pytest.raises(ValueError, match="by: no column 'colour' in the documents or the hits"):
        voice.voice_rates(h, small, by="colour")


def test_voice_rates_sum_a_word_voices_table_to_the_same_rates(corpus, found):
    # the report's voice_words table as the denominators: the same table as labelling every word again
    from framing import voice

    small = corpus.documents[corpus.documents["doc_id"] < "s030"]
    h = voice.label_spans(found[found["doc_id"].isin(small["doc_id"])], small)
    words = voice.word_voices(small)
    for by in ("lean", ["lean", "category"], "desk", None):
        expected = voice.voice_rates(h, small, by=by)
        got = voice.voice_rates(h, small, by=by, words=words)
        pd.testing.assert_frame_equal(got, expected)
        assert got.attrs == expected.attrs
    with pytest.raises(ValueError, match="words has doc_id"):
        voice.voice_rates(h, small, words=words.assign(doc_id="nope"))


def test_a_thousand_groups_run_fast():
    docs = pd.DataFrame({"doc_id": [f"d{i:04d}" for i in range(1000)], "outlet": "X",
                         "story": [f"story {i:04d}" for i in range(1000)],
                         "text": ["The regime claimed the protest was a hoax."] * 1000})  # fmt: skip
    corpus = fr.load_corpus(docs)
    start = time.perf_counter()
    found = hits(corpus)
    table = scores(found, corpus, by="story")
    sums = timeline.sums(timeline.document_scores(corpus), by=["story"])
    elapsed = time.perf_counter() - start
    assert table["story"].nunique() == 1000 and len(table) == 1000 * 13
    assert sums["n_documents"].tolist() == [1] * 1000 and sums["count"].tolist() == [int(len(found) / 1000)] * 1000
    assert elapsed < 10, f"1,000 groups took {elapsed:.1f} s"


def test_unknown_and_computed_columns_are_clear_errors(found, corpus, jsonl, capsys):
    doc_scores = timeline.document_scores(corpus)
    message = "by: no column 'colour' in the documents; the columns there are: doc_id, outlet, date, title, desk"
    with pytest.raises(ValueError, match=message):
        scores(found, corpus, by=["lean", "colour"])
    with pytest.raises(ValueError, match="by: no column 'colour' in the document scores"):
        timeline.sums(doc_scores, by=["colour"])
    with pytest.raises(ValueError, match="by: no column 'colour' in the document scores"):
        timeline.rates_over_time(doc_scores, by="colour")
    with pytest.raises(ValueError, match="by: no column 'colour' in the records; the columns there are: doc_id, out"):
        score_archive(jsonl, by=["colour"], progress=False)
    with pytest.raises(ValueError, match="'n_tokens' is computed by the library, not a group"):
        scores(found, corpus, by="n_tokens")
    with pytest.raises(ValueError, match="'text' is computed by the library"):
        timeline.sums(doc_scores, by=["text"])
    with pytest.raises(ValueError, match="by names a column twice"):
        scores(found, corpus, by=["lean", "lean"])
    with pytest.raises(ValueError, match="by must be a column name or a list of them"):
        scores(found, corpus, by=[])
    with pytest.raises(ValueError, match="category .and voice, with by_voice. are always columns"):
        scores(found, corpus, by=["lean", "category"])
    with pytest.raises(ValueError, match="'period' is set by rates_over_time itself"):
        timeline.rates_over_time(doc_scores, by=["lean", "period"])
    assert groups.as_keys(pd.Series(["a", " ", None, np.nan, 3])).tolist() == ["a", "(missing)", "(missing)",
                                                                               "(missing)", "3"]  # fmt: skip


def test_cli_by_any_column(jsonl, tmp_path, capsys):
    assert main(["score", str(jsonl), "--by", "lean,topic", "-o", str(tmp_path / "s.csv")]) == 0
    table = pd.read_csv(tmp_path / "s.csv")
    assert list(table.columns[:3]) == ["lean", "topic", "category"] and len(table) == 12 * 13
    capsys.readouterr()
    assert main(["score", str(jsonl), "--by", "desk", "-o", str(tmp_path / "d.csv")]) == 0
    assert "note: 34 document(s) without desk: group (missing)" in capsys.readouterr().err
    assert main(["archive", str(jsonl), "--by", "lean,category", "--doc-scores", str(tmp_path / "doc.csv"),
                 "--keep", "desk", "-o", str(tmp_path / "a.csv")]) == 0  # fmt: skip
    assert list(pd.read_csv(tmp_path / "a.csv").columns[:2]) == ["lean", "category"]
    assert list(pd.read_csv(tmp_path / "doc.csv").columns) == [*timeline.DOC_SCORES, "lean", "desk"]
    capsys.readouterr()
    for argv in (["score", str(jsonl), "--by", "lean,colour"], ["archive", str(jsonl), "--by", "lean,colour"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "no column 'colour'" in err and "lean" in err and "Traceback" not in err
    assert set(STUDY_OUTLETS.values()) == {"left", "center", "right"}


def test_a_list_is_no_group_in_any_of_its_forms():
    """Lists, arrays, tuples and the JSON or Python text of a list are refused, with the column and what to do;
    a label in brackets and the missing group are not lists."""
    message = ("by: column 'topic' holds a list, not one value, in {n} of 4 documents (e.g. {e}); a group or block "
               "is one value per document. Put each document's one value in a column of its own (e.g. its main "
               "topic) and pass that column, or give a document one record per value (with doc_ids of their own) "
               "to count it under each value; neither is done for you, as one document in several groups or blocks "
               "makes them overlap")
    for values, n, example in (
        (['["x", "y"]', "z", '["x", "y"]', None], 2, '["x", "y"]'),  # JSON text, as the readers write a list
        (["['x', 'y']", "z", "[]", None], 2, "['x', 'y']"),  # Python's text, as pandas writes a list to CSV
        ([["x", "y"], "z", None, "z"], 1, "['x', 'y']"),
        ([np.array(["x"]), ("y",), "z", "z"], 2, "['x']"),
        (['[{"name": "x"}]', "z", "z", "z"], 1, '[{"name": "x"}]'),
    ):
        with pytest.raises(ValueError) as err:
            groups.as_keys(pd.Series(values, name="topic"))
        assert str(err.value) == message.format(n=n, e=example)
    ok = pd.Series(["[Opinion]", "(missing)", "{x}", None], name="topic")
    assert groups.as_keys(ok).tolist() == ["[Opinion]", "(missing)", "{x}", "(missing)"]
    docs = pd.DataFrame({"doc_id": ["a", "b"], "topic": ['["x", "y"]', "z"], "n_tokens": [1, 1], "count": [1, 0]})
    with pytest.raises(ValueError, match=r"^keep: column 'topic' holds a list, not one value, in 1 of 2 documents"):
        groups.group_keys(docs, "topic", arg="keep")
    with pytest.raises(ValueError, match=r"^by: column 'topic' holds a list, not one value, in 1 of 2 documents"):
        timeline.sums(docs, by=["topic"])  # no missing value: the keys are not rewritten, still checked
