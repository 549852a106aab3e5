"""framing.io: one set of reader rules for load_corpus (strict) and archives (skip and report)."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

import framing as fr
from framing.io import BATCH, CorpusError, iter_batches
from framing.scale.stream import score_archive


def _documents(source, **kwargs) -> pd.DataFrame:
    batches = list(iter_batches(source, **kwargs))
    return pd.concat([b.documents for b in batches], ignore_index=True)


def _skipped(source, **kwargs) -> list:
    batches = list(iter_batches(source, **kwargs))
    skipped = pd.concat([b.skipped for b in batches], ignore_index=True)
    return skipped[["line", "doc_id", "kind", "reason"]].values.tolist()


def test_generated_ids_are_record_numbers_on_both_paths(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "One regime."}\n\n{"text": "Two."}\n', encoding="utf-8")
    docs = _documents(path)
    assert docs[["doc_id", "line"]].values.tolist() == [["row-1", 1], ["row-2", 3]]  # line: the file line
    assert fr.load_corpus(path).documents["doc_id"].tolist() == ["row-1", "row-2"]
    batch = next(iter_batches(path))
    detail = "no 'doc_id' field: doc_ids are record numbers (row-1 ...)"
    assert batch.notes == ((None, str(path), "no_id_column", detail),)
    assert score_archive(path, progress=False).notes.values.tolist() == [[None, str(path), "no_id_column", detail]]


def test_an_empty_id_is_a_bad_record_on_both_paths(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("doc_id,text\na,One.\n ,Two.\n", encoding="utf-8")
    assert _skipped(path) == [[2, "", "corrupt", "empty doc_id"]]
    with pytest.raises(CorpusError, match=r"docs.csv, row 2: empty doc_id"):
        fr.load_corpus(path)


def test_a_text_that_is_not_a_string_is_a_bad_record(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"doc_id": "a", "text": "Fine."}\n{"doc_id": "b", "text": 42}\n', encoding="utf-8")
    assert _skipped(path) == [[2, "b", "corrupt", "text is a int, not a string"]]
    with pytest.raises(CorpusError, match=r"docs.jsonl, line 2: text is a int, not a string"):
        fr.load_corpus(path)


def test_blank_text_is_skipped_by_archives_and_kept_by_load_corpus(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Words here.", "  "]})
    assert _skipped(frame) == [[2, "b", "no_text", "no text to score"]]
    corpus = fr.load_corpus(frame)
    assert corpus.documents[["doc_id", "n_tokens"]].values.tolist() == [["a", 2], ["b", 0]]
    assert corpus.report.loc[corpus.report["doc_id"] == "b", "issue"].tolist() == ["empty", "no_outlet"]


def test_metadata_rows_with_a_repeated_doc_id_or_file(tmp_path):
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,file,outlet\nd,a.txt,X\nd,b.txt,Y\n", encoding="utf-8")
    assert _documents(tmp_path)[["doc_id", "outlet", "text"]].values.tolist() == [["d", "X", "First."]]
    assert _skipped(tmp_path) == [
        [3, "d", "duplicate", "doc_id 'd' appears twice in metadata.csv; the first row is kept"]
    ]  # and b.txt, which the bad row names, is not read under another id
    with pytest.raises(CorpusError, match=r"metadata.csv, line 3: doc_id 'd' appears twice"):
        fr.load_corpus(tmp_path)


def test_bad_front_matter(tmp_path):
    (tmp_path / "a.txt").write_text("---\n- a list\n---\nText.", encoding="utf-8")
    assert _skipped(tmp_path) == [[-1, "a", "corrupt", "front matter is not 'key: value' YAML"]]
    with pytest.raises(CorpusError, match=r"a.txt: front matter must be 'key: value' lines"):
        fr.load_corpus(tmp_path)


def test_dataframe_dates_outlets_and_gzipped_jsonl_read_alike(tmp_path):
    frame = pd.DataFrame({"doc_id": [1, 2], "outlet": [" X ", None], "date": pd.to_datetime(["2021-03-04", None]),
                          "text": ["The regime.", "Calm."]})  # fmt: skip
    docs = _documents(frame)
    assert docs.columns.tolist() == list(BATCH)
    assert docs[["doc_id", "outlet", "date"]].values.tolist() == [["1", "X", "2021-03-04"], ["2", "unknown", ""]]
    loaded = fr.load_corpus(frame).documents
    assert loaded[["doc_id", "outlet", "date"]].values.tolist() == docs[["doc_id", "outlet", "date"]].values.tolist()
    path = tmp_path / "docs.jsonl.gz"
    rows = [{"doc_id": "1", "outlet": "X", "date": "2021-03-04", "text": "The regime."}]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    assert fr.load_corpus(path).documents[["doc_id", "outlet", "date", "text"]].values.tolist() == [
        ["1", "X", "2021-03-04", "The regime."]
    ]


def test_a_semicolon_separated_csv_whose_texts_hold_commas_says_what_to_change(tmp_path):
    """A European Excel export: ';' between columns, commas inside the texts; pandas fails on row 3."""
    path = tmp_path / "docs.csv"
    path.write_text("doc_id;outlet;text\nd1;A;Plain words here.\nd2;B;Words, with, commas.\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        fr.load_corpus(path)
    assert str(err.value) == (
        f"{path}: cannot be parsed as comma-separated (Error tokenizing data. C error: Expected 1 fields in line 3, "
        f"saw 3); save it with commas as .csv or tabs as .tsv (';' or '|' do not separate), fields holding the "
        f"separator or a line break in double quotes")


def test_a_cp1252_csv_read_as_utf8_names_the_byte_of_the_file(tmp_path):
    """pandas reports the offset in its own buffer (here 3, inside the header); the message gives the file's."""
    path = tmp_path / "docs.csv"
    data = "doc_id,outlet,text\nd1,A,Plain words.\nd2,B,Caf\u00e9 au lait.\n".encode("cp1252")
    path.write_bytes(data)
    with pytest.raises(CorpusError) as err:
        fr.load_corpus(path)
    assert data.index(b"\xe9") == 45
    assert str(err.value) == (f"{path}: not valid utf-8 at byte 45; re-encode as UTF-8 or pass encoding= "
                              f"(CLI: --encoding), e.g. 'utf-8,cp1252'")


def test_a_list_value_is_its_json_text_in_every_reader_and_an_archive_group_skips_it(tmp_path):
    """A JSONL array, a Parquet list, a YAML front-matter list and a DataFrame list read as one text, the JSON of
    the list (not Python's "['x', 'ü']"); an archive grouping by that column skips the record, saying why."""
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text('{"doc_id": "a", "outlet": "A", "topic": ["x", "\\u00fc"], "text": "The regime."}\n'
                     '{"doc_id": "b", "outlet": "B", "topic": "z", "text": "Calm."}\n', encoding="utf-8")
    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "topic": [["x", "\u00fc"], ["z"]],
                          "text": ["The regime.", "Calm."]})
    frame.to_parquet(tmp_path / "docs.parquet")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("---\noutlet: A\ntopic: [x, \u00fc]\n---\nThe regime.", encoding="utf-8")
    (folder / "b.txt").write_text("---\noutlet: B\ntopic: z\n---\nCalm.", encoding="utf-8")
    for source, b in ((jsonl, "z"), (tmp_path / "docs.parquet", '["z"]'), (folder, "z"), (frame, '["z"]')):
        assert fr.load_corpus(source).documents["topic"].tolist() == ['["x", "\u00fc"]', b]
    result = score_archive(jsonl, by=["topic"], progress=False)
    assert result.skipped[["line", "doc_id", "kind", "reason"]].values.tolist() == [
        [1, "a", "corrupt", 'topic is a list (["x", "\u00fc"]), not one value; a group is one value per record']]
    assert result.rates["topic"].tolist() == ["z"] and result.rates["n_documents"].tolist() == [1]
