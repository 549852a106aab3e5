"""Corpus loading: the seed articles, the cleaning audit, provenance and bad input."""

from __future__ import annotations

import hashlib
import json
import sys

import pandas as pd
import pytest
from conftest import FOX, ROOT, UNNAMED

import framing as fr
from framing.corpus import CorpusError, find_boilerplate, load_rules
from framing.schema import DOCUMENTS, LOAD_REPORT, REMOVED

# -- the seed corpus ------------------------------------------------------------------


def test_seed_documents_table(corpus):
    docs = corpus.documents
    assert list(docs.columns[: len(DOCUMENTS)]) == list(DOCUMENTS)
    assert list(docs.columns[len(DOCUMENTS) :]) == ["language", "notes"]  # unknown metadata kept
    assert docs["doc_id"].tolist() == [FOX, UNNAMED]
    assert docs["outlet"].tolist() == ["Fox News", "Unnamed pro-Kremlin outlet"]
    assert docs["date"].tolist() == ["2020-08-23", "2020-11"]
    assert docs["n_tokens"].tolist() == [512, 394]
    assert docs["n_sentences"].tolist() == [21, 18]
    assert docs["n_chars"].tolist() == [3374, 2627]


def test_raw_text_is_the_file_byte_for_byte(corpus):
    for row in corpus.documents.itertuples():
        data = (ROOT / "corpus" / f"{row.doc_id}.txt").read_bytes()
        assert row.raw == data.decode("utf-8")
        assert row.raw_sha256 == hashlib.sha256(data).hexdigest()
    raw_b = corpus.documents.set_index("doc_id").loc[UNNAMED, "raw"]
    assert raw_b.startswith("Belorus's Presudent Alexander Lukashenko")  # typos kept in raw


def test_cleaning_audit_lists_each_boilerplate_span(corpus):
    removed = corpus.removed
    assert list(removed.columns) == list(REMOVED)
    assert removed[["doc_id", "start", "end", "rule"]].values.tolist() == [
        [FOX, 0, 17, "date_marker"],
        [FOX, 836, 887, "related_headline"],
        [FOX, 3236, 3272, "promo"],
        [FOX, 3478, 3528, "agency_credit"],
        [UNNAMED, 0, 80, "photo_caption"],
    ]
    assert [t.strip() for t in removed["text"]] == [
        "date 2020-08-23",
        "BELARUS POLITICIAN IN EXILE MAKES PLEA TO AMERICA",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "The Associated Press contributed to this report.",
        "Belorus's Presudent Alexander Lukashenko (Photo Credit: Sergei Fedeichev/TASS)",
    ]
    raw = corpus.documents.set_index("doc_id")["raw"]
    for row in removed.itertuples():
        assert raw[row.doc_id][row.start : row.end] == row.text


def test_cleaned_text_keeps_everything_else(corpus, fox_text, unnamed_text):
    assert fox_text.startswith("NATO denied claims it\u2019s organizing")
    assert fox_text.endswith("Tsikhanouskaya has called for another massive show of opposition this Sunday.")
    assert "CLICK HERE" not in fox_text and "BELARUS POLITICIAN" not in fox_text
    assert unnamed_text.startswith("MINSK \u2013 Russian")
    raw = corpus.documents.set_index("doc_id")["raw"]
    for row in corpus.documents.itertuples():
        kept = len(row.text)
        gone = int((corpus.removed.end - corpus.removed.start)[corpus.removed.doc_id == row.doc_id].sum())
        assert kept + gone == len(raw[row.doc_id])  # nothing vanishes unrecorded


def test_every_sentence_maps_back_to_the_raw_text(corpus):
    raw = corpus.documents.set_index("doc_id")["raw"]
    sents = fr.sentences(corpus)
    for row in sents.itertuples():
        s, e = corpus.raw_span(row.doc_id, row.start, row.end)
        assert raw[row.doc_id][s:e] == row.text
    assert corpus.raw_span(FOX, 0, 4) == (17, 21)  # "NATO", after the date marker


def test_summary_per_outlet(corpus):
    assert corpus.summary().values.tolist() == [
        ["Fox News", 1, 512, 21, 4, 154],
        ["Unnamed pro-Kremlin outlet", 1, 394, 18, 1, 80],
    ]


def test_clean_false_keeps_the_text_as_read(corpus):
    plain = fr.load_corpus(ROOT / "corpus", clean=False)
    assert len(plain.removed) == 0
    assert (plain.documents["text"] == plain.documents["raw"]).all()


def test_builtin_rule_examples_are_removed():
    for rule in load_rules():
        text = f"Some lede sentence here.\n\n{rule.example}\n\nMore text." if rule.scope != "start" else rule.example
        found = find_boilerplate(text, [rule])
        assert [name for *_, name in found] == [rule.name], rule.name


def test_related_headline_rule_spares_the_first_line_and_normal_sentences():
    rules = load_rules()
    text = "BELARUS VOTE ENDS IN CHAOS\n\nNATO said so.\n\nTHE U.S. AND EU AGREE ON SANCTIONS\n\nEnd."
    assert [(text[s:e].strip(), n) for s, e, n in find_boilerplate(text, rules)] == [
        ("THE U.S. AND EU AGREE ON SANCTIONS", "related_headline")
    ]


def test_user_rules_extend_the_builtin_ones(tmp_path):
    (tmp_path / "a.txt").write_text("Lede.\n\nSUBSCRIBE NOW\n\nBody.", encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "subscribe"\nscope = "line"\npattern = "SUBSCRIBE NOW"\n', encoding="utf-8")
    c = fr.load_corpus(tmp_path, rules=rules)
    assert c.documents["text"].tolist() == ["Lede.\n\nBody."]
    assert c.removed["rule"].tolist() == ["subscribe"]


def test_bad_rules_file_names_the_rule(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "broken"\nscope = "line"\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"rules.toml, rule 1 \(broken\): pattern does not compile"):
        load_rules(rules)
    rules.write_text('[[rule]]\nname = "x"\nscope = "page"\npattern = "a"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="scope must be one of start, line, body_line, not 'page'"):
        load_rules(rules)


# -- other sources --------------------------------------------------------------------


def test_csv_table_source_keeps_unknown_columns(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame(
        {"doc_id": ["b", "a"], "outlet": ["Y", "X"], "body": ["Two. Words.", "One."], "section": ["w", "p"]}
    ).to_csv(path, index=False)
    c = fr.load_corpus(path, text_column="body")
    assert c.documents[["doc_id", "outlet", "text", "n_sentences", "section"]].values.tolist() == [
        ["a", "X", "One.", 1, "p"],
        ["b", "Y", "Two. Words.", 2, "w"],
    ]
    assert c.documents["source"].tolist() == [f"{path}, row 2", f"{path}, row 1"]


def test_jsonl_source_and_generated_ids_are_reported(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"text": "Hello there."}) + "\n\n" + json.dumps({"text": None}) + "\n", encoding="utf-8")
    c = fr.load_corpus(path)
    assert c.documents["doc_id"].tolist() == ["row-1", "row-2"]
    assert c.documents["text"].tolist() == ["Hello there.", ""]
    assert list(c.report.columns) == list(LOAD_REPORT)
    assert c.report.fillna("-")[["doc_id", "issue"]].values.tolist() == [
        ["-", "no_id_column"],
        ["row-1", "no_outlet"],
        ["row-2", "missing_text"],
        ["row-2", "empty"],
        ["row-2", "no_outlet"],
    ]


def test_dataframe_source():
    c = fr.load_corpus(pd.DataFrame({"doc_id": ["d1"], "outlet": ["O"], "text": ["A text."]}))
    assert c.documents[["doc_id", "outlet", "n_tokens"]].values.tolist() == [["d1", "O", 2]]


def test_parquet_source_keeps_every_column(tmp_path):
    path = tmp_path / "docs.parquet"
    pd.DataFrame({"doc_id": ["p"], "text": ["From docs.parquet."], "date": pd.to_datetime(["2021-03-04"]),
                  "section": ["x"]}).to_parquet(path)  # fmt: skip
    docs = fr.load_corpus(path).documents
    assert docs[["doc_id", "date", "text", "section", "source"]].values.tolist() == [
        ["p", "2021-03-04", "From docs.parquet.", "x", f"{path}, row 1"]
    ]
    path.write_bytes(b"PAR1")
    with pytest.raises(CorpusError, match="docs.parquet: cannot be read as Parquet"):
        fr.load_corpus(path)


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "docs.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # import pyarrow.parquet raises ImportError
    with pytest.raises(CorpusError, match="docs.parquet: reading Parquet needs pyarrow: pip install pyarrow"):
        fr.load_corpus(path)


def test_front_matter_gives_metadata_and_is_audited(tmp_path):
    raw = "---\noutlet: Daily X\ndate: 2021-01-02\n---\nThe text."
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    c = fr.load_corpus(tmp_path)
    doc = c.documents.iloc[0]
    assert (doc.doc_id, doc.outlet, doc.date, doc.text) == ("a", "Daily X", "2021-01-02", "The text.")
    assert c.removed[["start", "end", "rule"]].values.tolist() == [[0, 41, "front_matter"]]
    assert c.raw_span("a", 0, 3) == (41, 44)


# -- bad input ------------------------------------------------------------------------


def test_missing_path():
    with pytest.raises(CorpusError, match="corpus path nowhere/at/all does not exist"):
        fr.load_corpus("nowhere/at/all")


def test_non_utf8_file_names_file_and_bytes(tmp_path):
    (tmp_path / "bad.txt").write_bytes("caf\u00e9 ok".encode("cp1252"))
    with pytest.raises(CorpusError, match=r"bad.txt: bytes 3-4 are not valid utf-8 .*encoding='cp1252'"):
        fr.load_corpus(tmp_path)
    c = fr.load_corpus(tmp_path, encoding="cp1252")
    assert c.documents["text"].tolist() == ["caf\u00e9 ok"]


def test_empty_file_is_loaded_and_reported(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "full.txt").write_text("Words here.", encoding="utf-8")
    c = fr.load_corpus(tmp_path)
    assert c.documents[["doc_id", "n_tokens", "n_sentences"]].values.tolist() == [["empty", 0, 0], ["full", 2, 1]]
    assert c.report.fillna("-")[["doc_id", "issue"]].values.tolist() == [
        ["-", "no_metadata"],
        ["empty", "empty"],
        ["empty", "no_outlet"],
        ["full", "no_outlet"],
    ]


def test_bom_and_crlf_are_normalized_reported_and_mapped(tmp_path):
    data = "\ufeffFirst line.\r\n\r\nSecond one.\r\n".encode()
    (tmp_path / "w.txt").write_bytes(data)
    c = fr.load_corpus(tmp_path)
    doc = c.documents.iloc[0]
    assert doc.text == "First line.\n\nSecond one.\n"
    assert doc.raw_sha256 == hashlib.sha256(data).hexdigest()
    assert c.report.loc[c.report.doc_id == "w", "issue"].tolist() == ["bom", "crlf", "no_outlet"]
    s = doc.text.index("Second")
    assert c.raw_span("w", s, s + 11) == (16, 27)
    assert doc.raw[16:27] == "Second one."


def test_duplicate_doc_ids_in_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,file\nd,a.txt\nd,a.txt\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"metadata.csv, line 3: doc_id 'd' appears twice"):
        fr.load_corpus(tmp_path)


def test_duplicate_doc_ids_in_a_table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("doc_id,text\nx,a\ny,b\nx,c\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t.csv: doc_id 'x' appears more than once \(rows 1, 3\)"):
        fr.load_corpus(path)


def test_metadata_row_without_file(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,O\nghost,O\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 3: doc_id 'ghost' names file 'ghost.txt', which is not in"):
        fr.load_corpus(tmp_path)


def test_file_without_metadata_row_is_loaded_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("Known.", encoding="utf-8")
    (tmp_path / "stray.txt").write_text("Unknown.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,O\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="stray.txt has no row in"):
        c = fr.load_corpus(tmp_path)
    assert c.documents[["doc_id", "outlet"]].values.tolist() == [["a", "O"], ["stray", "unknown"]]
    assert c.report[["doc_id", "issue"]].values.tolist() == [["stray", "no_metadata_row"], ["stray", "no_outlet"]]


def test_table_without_text_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("doc_id,body\nx,a\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no text column 'text'; its columns are doc_id, body; pass text_column="):
        fr.load_corpus(path)


def test_corrupt_jsonl_line_is_named(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": "ok"}\n{"text": oops}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t.jsonl, line 2: not valid JSON"):
        fr.load_corpus(path)


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    with pytest.raises(CorpusError, match=r"cannot read .*a.docx: expected a folder or a file ending in .csv"):
        fr.load_corpus(path)


def test_cli_corpus_summary(capsys):
    from framing.cli import main

    assert main(["corpus", str(ROOT / "corpus")]) == 0
    out = capsys.readouterr().out
    assert "2 documents from" in out and "906 tokens, 39 sentences" in out
    assert "related_headline      1     51" in out
    assert main(["corpus", "does-not-exist"]) == 2
    assert "corpus path does-not-exist does not exist" in capsys.readouterr().err


def test_select_keeps_the_named_outlets_with_their_audit(corpus):
    only_fox = corpus.select(outlets=["Fox News"])
    assert only_fox.documents["doc_id"].tolist() == [FOX]
    assert only_fox.removed["rule"].tolist() == ["date_marker", "related_headline", "promo", "agency_credit"]
    assert list(only_fox.offset_maps) == [FOX]
    with pytest.raises(ValueError, match="outlets: 'CNN' not in this corpus; it has Fox News, Unnamed"):
        corpus.select(outlets="CNN")


def test_page_furniture_rules_remove_widgets_and_spare_article_sentences():
    rules = load_rules()
    text = (
        "Officials met on Monday.\n\n"
        "Copyright © 2019 The Daily Example, LLC. Click here for reprint permission.\n\n"
        "Sign up for Daily Newsletters Manage Newsletters\n\n"
        "JUST WATCHED Senator on the vote Replay More Videos ... MUST WATCH Senator on the vote 01:49\n\n"
        "Photos: The vote A senator speaks. Hide Caption 1 of 2 Photos: The vote Voters queue. Hide Caption 2 of 2\n\n"
        "The company said it would sign up 300 readers for its newsletter by June, a spokesman said.\n\n"
        "Copyright law was changed in 1998, the court noted.\n\n"
        "Must watch: the senator said the debate was the one to see.\n\n"
        "Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our Privacy"
        " Policy\n\n"
        "She said the letters were delivered to the senator's office, not to his inbox.\n\n"
        "ADVERTISEMENT\n\n"
        "Advertisement Continue reading the main story\n\n"
        "Story Continued Below\n\n"
        "The ad ran once; read more about it below, the story continued.\n\n"
        "Newsletter Sign Up Continue reading the main story Please verify you're not a robot by clicking the box."
        " Invalid email address. Please re-enter. You must select a newsletter to subscribe to. Sign Up"
        " Thank you for subscribing.\n\n"
        "Image copyright Wire Image caption The two leaders met with only translators\n\n"
        "Media playback is unsupported on your device Media caption The senator: I expect little\n\n"
        "The image caption was wrong, and the invalid email address bounced, the paper said.\n\n"
        "End."
    )
    found = [(text[s:e].strip()[:20], n) for s, e, n in find_boilerplate(text, rules)]
    assert found == [
        ("Copyright © 2019 The", "copyright_notice"),
        ("Sign up for Daily Ne", "newsletter_signup"),
        ("JUST WATCHED Senator", "media_widget"),
        ("Photos: The vote A s", "media_widget"),
        ("Get the Monitor Stor", "newsletter_signup"),
        ("ADVERTISEMENT", "reading_marker"),
        ("Advertisement Contin", "reading_marker"),
        ("Story Continued Belo", "reading_marker"),
        ("Newsletter Sign Up C", "newsletter_signup"),
        ("Image copyright Wire", "media_widget"),
        ("Media playback is un", "media_widget"),
    ]


def test_a_text_loaded_twice_under_two_ids_is_a_report_row_and_both_count():
    """A syndicated story in two outlets, a crawl that fetched a page twice: kept (both counted) and reported."""
    frame = pd.DataFrame({"doc_id": ["b", "a", "c", "d", "e"], "outlet": ["X", "Y", "X", "Y", "Y"],
                          "text": ["Same story here.", "Same story here.", "Another one.", "", "Same story here."]})
    corpus = fr.load_corpus(frame)
    assert len(corpus.documents) == 5
    same = corpus.report[corpus.report["issue"] == "same_text"]
    assert same[["doc_id", "source", "detail"]].values.tolist() == [
        ["b", "DataFrame, row 1", "same text as 'a'; both are counted (drop one if it is a copy)"],
        ["e", "DataFrame, row 5", "same text as 'a'; both are counted (drop one if it is a copy)"],
    ]
    # the empty document has its own row and is nobody's copy
    assert corpus.report[["doc_id", "issue"]].values.tolist() == [["b", "same_text"], ["d", "empty"],
                                                                   ["e", "same_text"]]
