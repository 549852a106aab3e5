"""Metadata you can trust (issue 23, item 4): reserved names, dates, group names, loader options."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import framing as fr
from framing.cli import build_parser, main
from framing.io import RESERVED, CorpusError, iter_batches, read_aliases, read_date
from framing.io.dates import last_plausible_year
from framing.scale.stream import score_archive
from framing.schema import DOCUMENTS
from framing.timeline import period_of


def _rows(corpus, issue) -> list:
    report = corpus.report.astype(object)
    report = report.where(report.notna(), None)
    return report.loc[report["issue"] == issue, ["doc_id", "detail"]].values.tolist()


def _folder(tmp_path, metadata: str, texts: dict) -> object:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------------------
# the seed corpus is untouched
# --------------------------------------------------------------------------------------


def test_the_seed_corpus_gains_no_column_and_no_report_row(corpus):
    assert list(corpus.documents.columns) == [*DOCUMENTS, "language", "notes"]
    assert corpus.documents["date"].tolist() == ["2020-08-23", "2020-11"]
    assert corpus.report.empty
    assert corpus.summary().attrs["undated"] == 0


# --------------------------------------------------------------------------------------
# reserved names
# --------------------------------------------------------------------------------------


def test_a_metadata_column_with_a_reserved_name_is_kept_under_a_new_name(tmp_path):
    folder = _folder(tmp_path, "doc_id,outlet,text,n_tokens,source\na,fox,not the text,4995,wire\n",
                     {"a.txt": "The regime made a baseless claim."})  # fmt: skip
    corpus = fr.load_corpus(folder)
    row = corpus.documents.iloc[0]
    assert row["text"] == "The regime made a baseless claim." and row["n_tokens"] == 6
    assert row["source"] == str(folder / "a.txt")
    assert [row["user_text"], row["user_n_tokens"], row["user_source"]] == ["not the text", "4995", "wire"]
    assert _rows(corpus, "reserved_name") == [
        [None, "column 'text' is a name the library computes (the cleaned text); your column is kept as 'user_text'"],
        [None, "column 'n_tokens' is a name the library computes (the word tokens of the cleaned text); your column "
               "is kept as 'user_n_tokens'"],
        [None, "column 'source' is a name the library computes (where the document was read from); your column is "
               "kept as 'user_source'"],
    ]


def test_reserved_names_in_tables_and_an_id_column_of_another_name(tmp_path):
    frame = pd.DataFrame({"id": ["x"], "doc_id": ["old"], "body": ["Words here."], "text": ["other"],
                          "user_text": ["taken"]})  # fmt: skip
    corpus = fr.load_corpus(frame, text_column="body", id_column="id")
    docs = corpus.documents
    assert docs[["doc_id", "text", "user_doc_id", "user_user_text", "user_text"]].values.tolist() == [
        ["x", "Words here.", "old", "other", "taken"]
    ]
    assert [d for _, d in _rows(corpus, "reserved_name")] == [
        "column 'doc_id' is a name the library computes (the document id (from id_column)); your column is kept as "
        "'user_doc_id'",
        "column 'text' is a name the library computes (the cleaned text); your column is kept as 'user_user_text'",
    ]
    assert set(RESERVED) >= {"text", "raw", "raw_sha256", "source", "n_chars", "n_tokens", "n_sentences", "date_raw"}


# --------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2021-10-18", "2021-10-18"),
        ("2021-10-18T23:30:00-05:00", "2021-10-18"),
        ("2021-10-18 10:00:00+0200", "2021-10-18"),
        ("2021-10-18T10:00Z", "2021-10-18"),
        ("2021/10/18", "2021-10-18"),
        ("20211018", "2021-10-18"),
        ("18 Oct 2021", "2021-10-18"),
        ("18 October 2021", "2021-10-18"),
        ("October 18, 2021", "2021-10-18"),
        ("Monday, October 18, 2021 10:30 AM", "2021-10-18"),
        ("Sept. 3, 2020", "2020-09-03"),
        ("October 2021", "2021-10"),
        ("2021-10", "2021-10"),
        ("2021", "2021"),
        ("  2021-10-18 ", "2021-10-18"),
        ("", ""),
        (None, ""),
    ],
)
def test_read_date_reads_the_unambiguous_forms(raw, iso):
    assert read_date(raw) == (iso, "")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("07/02/2010", "ambiguous"),
        ("9/16/17", "ambiguous"),
        ("2021-02-30", "unreadable"),
        ("2021-13", "unreadable"),
        ("last Tuesday", "unreadable"),
        ("0001-01-01", "implausible"),
        ("2050-01-01", "implausible"),
        ("1799", "implausible"),
    ],
)
def test_read_date_reports_what_it_cannot_read(raw, problem):
    assert read_date(raw) == ("", problem)


def test_day_and_month_order_only_with_an_option():
    assert read_date("07/02/2010", dayfirst=True) == ("2010-02-07", "")
    assert read_date("07/02/2010", dayfirst=False) == ("2010-07-02", "")
    assert read_date("9/16/17", dayfirst=False) == ("2017-09-16", "")
    assert read_date("9/16/17", dayfirst=True) == ("", "unreadable")  # no 16th month
    assert read_date("07.02.2010", date_format="%d.%m.%Y") == ("2010-02-07", "")
    assert read_date("02/2010", date_format="%m/%Y") == ("2010-02", "")
    assert read_date("2021-10-18", date_format="%d.%m.%Y") == ("2021-10-18", "")  # the rules still apply
    assert read_date(f"{last_plausible_year()}") == (f"{last_plausible_year()}", "")
    assert read_date(f"{last_plausible_year() + 1}") == ("", "implausible")


def test_period_of_reads_the_same_forms():
    dates = ["18 Oct 2021", "20211018", "2021/10/18", "October 2021", "07/02/2010", "0001-01-01"]
    assert period_of(dates, "month").tolist() == ["2021-10-01"] * 4 + ["", ""]
    assert period_of(dates, "week").tolist() == ["2021-10-18"] * 3 + ["", "", ""]


MIXED = (
    "doc_id,outlet,date,text\n"
    "a,A,2021-10-18,One regime.\n"
    "b,A,18 Oct 2021,Two.\n"
    "c,B,07/02/2010,Three.\n"
    "d,B,someday,Four.\n"
    "e,B,2050-01-01,Five.\n"
    "f,B,,Six.\n"
    "g,B,2021-10,Seven.\n"
)


def test_load_corpus_normalizes_dates_keeps_the_raw_values_and_reports_problems(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    corpus = fr.load_corpus(path)
    docs = corpus.documents
    assert list(docs.columns[: len(DOCUMENTS) + 1]) == [*DOCUMENTS, "date_raw"]
    assert docs[["doc_id", "date", "date_raw"]].values.tolist() == [
        ["a", "2021-10-18", "2021-10-18"], ["b", "2021-10-18", "18 Oct 2021"], ["c", "", "07/02/2010"],
        ["d", "", "someday"], ["e", "", "2050-01-01"], ["f", "", ""], ["g", "2021-10", "2021-10"],
    ]
    report = corpus.report
    assert report[["doc_id", "source", "issue"]].values.tolist() == [
        ["c", f"{path}, row 3", "date_ambiguous"], ["d", f"{path}, row 4", "date_unreadable"],
        ["e", f"{path}, row 5", "date_implausible"],
    ]
    starts = ["date '07/02/2010' could be month/day/year or day/month/year", "date 'someday' cannot be read",
              "date '2050-01-01' is outside 1800-"]
    assert all(d.startswith(s) for d, s in zip(report["detail"], starts, strict=True))
    assert corpus.summary().attrs["undated"] == 4
    dayfirst = fr.load_corpus(path, dayfirst=True)
    assert dayfirst.documents.loc[2, "date"] == "2010-02-07"
    assert dayfirst.summary().attrs["undated"] == 3


def test_archives_read_dates_alike_and_count_the_undated(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    docs = pd.concat([b.documents for b in iter_batches(path)], ignore_index=True)
    assert docs["date"].tolist() == ["2021-10-18", "2021-10-18", "", "", "", "", "2021-10"]
    result = score_archive(path, by=("outlet", "period"), freq="month", progress=False)
    assert result.totals["undated"] == 4
    assert result.notes[["doc_id", "issue"]].values.tolist() == [
        ["c", "date_ambiguous"], ["d", "date_unreadable"], ["e", "date_implausible"]]
    assert result.rates[["outlet", "period", "n_documents"]].values.tolist() == [
        ["A", "2021-10-01", 2], ["B", "", 4], ["B", "2021-10-01", 1]]


def test_cli_reports_undated_documents_and_refuses_a_period_table_without_dates(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    assert main(["corpus", str(path)]) == 0
    assert "dates: 3 dated (2021-10 to 2021-10-18), 4 undated" in capsys.readouterr().out
    assert main(["archive", str(path), "--freq", "month", "--no-progress"]) == 0
    assert "undated at month: 4 of 7 scored documents, in period '' (4 read without a usable date)" in \
        capsys.readouterr().out
    undated = tmp_path / "undated.jsonl"
    undated.write_text('{"doc_id": "a", "date": "07/02/2010", "text": "A regime."}\n'
                       '{"doc_id": "b", "text": "Baseless."}\n', encoding="utf-8")  # fmt: skip
    out = tmp_path / "rates.csv"
    assert main(["archive", str(undated), "--freq", "month", "--no-progress", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "none of the 2 scored documents has a date at month precision (2 without a usable date)" in captured.err
    assert "notes: date_ambiguous 1" in captured.out
    assert not out.exists()
    assert main(["archive", str(undated), "--freq", "month", "--no-progress", "--dayfirst", "-o", str(out)]) == 0
    assert pd.read_csv(out, keep_default_na=False)["period"].unique().tolist() == ["", "2010-02-01"]


# --------------------------------------------------------------------------------------
# group names
# --------------------------------------------------------------------------------------


def _outlets_frame():
    return pd.DataFrame({"doc_id": list("abcdef"), "outlet": ["FOX", "fox", " fox ", "Fox  News", "Fox News", "CNN"],
                         "lean": ["right", "Right", "right", "right", "right", "left"],
                         "text": ["A regime."] * 6})  # fmt: skip


def test_names_that_differ_only_in_case_or_spacing_are_reported_and_kept():
    corpus = fr.load_corpus(_outlets_frame())
    assert corpus.documents["outlet"].tolist() == ["FOX", "fox", "fox", "Fox  News", "Fox News", "CNN"]
    assert [d for _, d in _rows(corpus, "case_variants")] == [
        "outlet: 'FOX' (1), 'fox' (2) differ only in case or spacing; they are separate groups unless aliases= "
        "maps them to one name",
        "outlet: 'Fox  News' (1), 'Fox News' (1) differ only in case or spacing; they are separate groups unless "
        "aliases= maps them to one name",
        "lean: 'Right' (1), 'right' (4) differ only in case or spacing; they are separate groups unless aliases= "
        "maps them to one name",
    ]


def test_aliases_map_names_to_one_group(tmp_path):
    corpus = fr.load_corpus(_outlets_frame(), aliases={"outlet": {"FOX": "Fox News", "fox": "Fox News",
                                                                  "Fox  News": "Fox News"}, "lean": {"Right": "right"}})
    assert corpus.documents["outlet"].tolist() == ["Fox News"] * 5 + ["CNN"]
    assert corpus.documents["lean"].tolist() == ["right"] * 5 + ["left"]
    assert _rows(corpus, "case_variants") == []
    assert [d for _, d in _rows(corpus, "alias")] == [
        "lean 'Right' read as 'right' (1 document)", "outlet 'FOX' read as 'Fox News' (1 document)",
        "outlet 'Fox  News' read as 'Fox News' (1 document)", "outlet 'fox' read as 'Fox News' (2 documents)",
    ]
    table = tmp_path / "aliases.csv"
    table.write_text("column,alias,name\noutlet,FOX,fox\nlean,Right,right\n", encoding="utf-8")
    from_file = fr.load_corpus(_outlets_frame(), aliases=table)
    assert from_file.documents["outlet"].tolist()[:3] == ["fox", "fox", "fox"]
    flat = fr.load_corpus(_outlets_frame(), aliases={"FOX": "fox"})  # {alias: name}: outlets
    assert flat.documents["outlet"].tolist()[:3] == ["fox", "fox", "fox"]
    archive = score_archive(_outlets_frame(), aliases={"FOX": "fox"}, by=("outlet",), progress=False)
    assert archive.rates[["outlet", "n_documents"]].values.tolist() == [
        ["CNN", 1], ["Fox  News", 1], ["Fox News", 1], ["fox", 3]]
    assert archive.notes["issue"].tolist() == ["alias", "case_variants"]


def test_bad_aliases_say_what_to_change(tmp_path):
    with pytest.raises(CorpusError, match=r"aliases name column 'leaning', which is not in DataFrame; its columns "
                                          r"are lean, outlet"):
        fr.load_corpus(_outlets_frame(), aliases={"leaning": {"a": "b"}})
    table = tmp_path / "conflict.csv"
    table.write_text("column,alias,name\noutlet,FOX,fox\noutlet,FOX,Fox\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"conflict.csv: outlet 'FOX' is mapped to both 'fox' and 'Fox'"):
        read_aliases(table)
    with pytest.raises(CorpusError, match=r"not a mix"):
        read_aliases({"FOX": "fox", "lean": {"a": "b"}})
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,name\nFOX,fox\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"needs the columns column,alias,name; it has alias,name"):
        read_aliases(bad)
    with pytest.raises(CorpusError, match=r"aliases name lean: archives keep only the outlet column"):
        score_archive(_outlets_frame(), aliases={"lean": {"Right": "right"}}, progress=False)


# --------------------------------------------------------------------------------------
# loader options: encodings, metadata table
# --------------------------------------------------------------------------------------


def test_a_fallback_encoding_list_reads_mixed_files_with_a_row_each(tmp_path):
    folder = _folder(tmp_path, "doc_id,outlet\na,A\nb,B\n", {"a.txt": "caf\u00e9 regime"})
    (folder / "b.txt").write_bytes("caf\u00e9 regime".encode("cp1252"))
    with pytest.raises(CorpusError, match=r"b.txt: bytes 3-4 are not valid utf-8"):
        fr.load_corpus(folder)
    corpus = fr.load_corpus(folder, encoding="utf-8,cp1252")
    assert corpus.documents["text"].tolist() == ["caf\u00e9 regime"] * 2
    assert _rows(corpus, "encoding_fallback") == [["b", "not valid utf-8 at byte 3; read as cp1252"]]
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_bytes(b'{"doc_id": "a", "text": "caf\xc3\xa9"}\n{"doc_id": "b", "text": "caf\xe9"}\n')
    loaded = fr.load_corpus(jsonl, encoding=["utf-8", "cp1252"])
    assert loaded.documents["text"].tolist() == ["caf\u00e9"] * 2
    assert _rows(loaded, "encoding_fallback") == [[None, "1 line (first: line 2) not valid utf-8 at byte 28; read as "
                                                         "cp1252"]]
    table = tmp_path / "latin.csv"
    table.write_bytes("doc_id,text\na,caf\u00e9\n".encode("cp1252"))
    assert _rows(fr.load_corpus(table, encoding="utf-8,cp1252"), "encoding_fallback") == [
        [None, "the file is not valid utf-8 at byte 17; read as cp1252"]]
    with pytest.raises(CorpusError, match=r"unknown encoding 'latin-9x'"):
        fr.load_corpus(table, encoding="utf-8,latin-9x")


def test_the_metadata_table_has_its_own_encoding_and_separator(tmp_path):
    folder = _folder(tmp_path, "", {"a.txt": "A regime."})
    (folder / "metadata.csv").write_bytes("doc_id;outlet;title\na;Le Monde;caf\u00e9\n".encode("cp1252"))
    with pytest.raises(CorpusError, match=r"metadata.csv: not valid utf-8 at byte 34; .*metadata_encoding="):
        fr.load_corpus(folder)
    corpus = fr.load_corpus(folder, metadata_encoding="utf-8,cp1252")
    assert corpus.documents[["outlet", "title"]].values.tolist() == [["Le Monde", "caf\u00e9"]]
    assert corpus.report[["issue", "detail"]].values.tolist() == [
        ["encoding_fallback", "not valid utf-8 at byte 34; read as cp1252"],
        ["metadata_separator", "columns separated by ';' (sniffed)"],
    ]
    with pytest.raises(CorpusError, match=r"one column named 'doc_id;outlet;title': the separator is likely the "
                                          r"problem; pass metadata_sep=';'"):
        fr.load_corpus(folder, metadata_encoding="cp1252", metadata_sep=",")
    table = tmp_path / "semi.csv"
    table.write_text("doc_id;text\na;Words.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"its columns are doc_id;text \(one column whose name holds ';', a tab or "
                                          r"'\|': the separator is likely the problem"):
        fr.load_corpus(table)


def test_every_command_that_loads_takes_the_loader_options(tmp_path, capsys):
    path = tmp_path / "docs.jsonl"
    lines = [{"id": "a", "body": "The regime made a baseless claim.", "outlet": "FOX", "date": "07/02/2010"},
             {"id": "b", "body": "A puppet regime.", "outlet": "fox", "date": "08/02/2010"}]
    data = "\n".join(json.dumps(x) for x in lines).encode("utf-8") + b"\n"
    path.write_bytes(data)
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("column,alias,name\noutlet,FOX,fox\n", encoding="utf-8")
    options = ["--text-column", "body", "--id-column", "id", "--encoding", "utf-8,cp1252", "--dayfirst",
               "--aliases", str(aliases)]
    assert main(["corpus", str(path), *options]) == 0
    out = capsys.readouterr().out
    assert "2 documents from" in out and "1 outlets" in out and "dates: 2 dated (2010-02-07 to 2010-02-08), 0 undated" \
        in out
    assert main(["score", str(path), *options]) == 0
    assert main(["contrast", str(path), *options, "--top", "1"]) == 2  # one outlet after aliases: no contrast
    assert "has 1 group(s)" in capsys.readouterr().err
    assert main(["sentiment", str(path), *options, "--by", "outlet"]) == 0
    assert main(["archive", str(path), *options, "--by", "outlet", "--no-progress"]) == 0
    assert "fox  " in capsys.readouterr().out
    for command in ("figures", "report"):
        parsed = build_parser().parse_args(
            [command, "--corpus", str(path), *options, "--metadata-sep", ";", "--metadata-encoding", "cp1252",
             "--date-format", "%d/%m/%Y"])
        assert (parsed.text_column, parsed.dayfirst, parsed.metadata_sep, parsed.date_format) == (
            "body", True, ";", "%d/%m/%Y")


def test_the_over_time_figure_of_undated_documents_says_so_without_1970_ticks():
    from framing.report.figures import use_headless_backend

    use_headless_backend()
    from framing.report.plots_timeline import over_time_figure
    from framing.timeline import document_scores, rates_over_time

    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "date": ["07/02/2010", ""],
                          "text": ["A regime.", "Baseless."]})  # fmt: skip
    fig = over_time_figure(rates_over_time(document_scores(fr.load_corpus(frame)), freq="month"), "caption")
    fig.canvas.draw()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == []
    assert [t.get_text() for t in ax.texts] == ["no dated documents",
                                                "2 document(s) without a month-precise date left out"]


def test_the_report_leaves_the_over_time_figure_out_when_no_document_has_a_date():
    # PTC's 371 articles have no date: the report drew an empty "no dated documents" figure
    from framing.report.figure_registry import FigureContext
    from framing.report.plots_timeline import loaded_terms_over_time

    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "A"], "date": ["", "2010"],
                          "text": ["A regime.", "Baseless."]})  # fmt: skip
    ctx = FigureContext(fr.load_corpus(frame), "x")
    with pytest.raises(ValueError, match=r"^no document has a month-precise date \(2 without one\): give the corpus "):
        loaded_terms_over_time(ctx)
    assert ctx.caption() == "Corpus: x \u00b7 2 documents \u00b7 1 outlet"  # was "1 outlets"
