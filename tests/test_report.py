"""`framing report`: one analysis pass, tables exported and read back, outputs only where the user says."""

from __future__ import annotations

import json
import shutil
import subprocess

import pandas as pd
import pytest
from conftest import ROOT
from generated_corpus import generated_documents, write_jsonl

import framing as fr
from framing.cli import main
from framing.report import results as R
from framing.report import run
from framing.report.figures import FIGURES
from framing.report.passes import document_pass

MINI = ROOT / "tests" / "fixtures" / "mini_corpus"


@pytest.fixture(scope="module")
def gapped(tmp_path_factory):
    """60 generated documents over three outlets; no document dated in March 2021 (an empty month)."""
    docs = generated_documents(60)
    docs = docs[~docs["date"].str.startswith("2021-03")]
    path = tmp_path_factory.mktemp("gapped") / "gapped.jsonl"
    write_jsonl(docs, path)
    return path


@pytest.fixture(scope="module")
def gapped_report(gapped, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "gapped"
    assert main(["figures", "--corpus", str(gapped), "--out", str(out), "--quiet"]) == 0
    return out


def test_report_on_a_multi_group_corpus_with_an_empty_month_runs_to_the_end(gapped_report):
    out = gapped_report
    for name in FIGURES:
        assert (out / f"{name}.png").is_file() and (out / f"{name}.svg").is_file()
    for name in R.TABLE_DOCS:
        assert (out / "tables" / f"{name}.csv").is_file() != (name in R.OPTIONAL_TABLES)
    page = (out / "README.md").read_text(encoding="utf-8")
    assert "framing figures --corpus" in page and "sha256" in page and "## Load report" in page
    settings = json.loads((out / "settings.json").read_text(encoding="utf-8"))
    assert settings["freq"] == "month" and settings["versions"]["framing"] == fr.__version__


def test_exported_tables_equal_the_librarys_in_memory_results(gapped, gapped_report):
    corpus = fr.load_corpus(gapped)
    quotes = fr.quotes(corpus)
    sentences = fr.sentence_voice(corpus, quotes=quotes)
    hits = fr.label_spans(fr.hits(corpus, sentences=sentences), corpus, quotes=quotes, sentences=sentences)
    back = fr.open_results(gapped_report)
    pd.testing.assert_frame_equal(back.quotes, quotes)
    pd.testing.assert_frame_equal(back.sentences, sentences)
    pd.testing.assert_frame_equal(back.hits.drop(columns=["outlet", "sentence"]), hits)
    pd.testing.assert_frame_equal(back.sentiment, fr.sentiment(corpus, sentences=sentences))
    pd.testing.assert_frame_equal(back.scores_by_category, fr.scores(hits, corpus, by="outlet", by_voice=False))
    kwic = fr.kwic(hits, corpus)
    pd.testing.assert_frame_equal(back.kwic[list(kwic.columns)], kwic)
    assert set(back.kwic["voice"]) <= {"author", "quoted", "reported"} and back.kwic["outlet"].notna().all()
    from framing.learned import document_measures, group_measures

    measures = document_measures(corpus, hits)  # its own voice labels: the same as the pass's
    pd.testing.assert_frame_equal(back.measures, measures)
    pd.testing.assert_frame_equal(back.measures_by_group, group_measures(measures, corpus))


@pytest.mark.parametrize("parquet", [True, False], ids=["parquet", "csv"])
def test_open_results_round_trips(corpus, tmp_path, monkeypatch, parquet):
    if not parquet:
        monkeypatch.setattr(R, "_has_parquet", lambda: False)
    res = R.compute(corpus, {"corpus": str(ROOT / "corpus")})
    R.write(res, tmp_path)
    back = R.open_results(tmp_path)
    assert list(back.tables) == list(res.tables)
    for name, frame in res.tables.items():
        if not parquet:  # a CSV cell cannot tell an empty string from a missing value: both read back as None
            frame = frame.apply(lambda col: col.replace("", None) if pd.api.types.is_string_dtype(col) else col)
        pd.testing.assert_frame_equal(back.tables[name], frame, check_dtype=parquet, obj=name)
    assert len(back.corpus.documents) == len(corpus.documents)


def test_chunked_pass_equals_one_pass_over_the_corpus(gapped):
    corpus = fr.load_corpus(gapped)
    whole = document_pass(corpus, chunk=10**6)[0]
    steps = []

    class Bar:
        def update(self, n):
            steps.append(n)

        def close(self):
            pass

    chunked = document_pass(corpus, chunk=7, progress=lambda n: Bar())[0]
    assert sum(steps) == len(corpus.documents) and len(steps) > 1
    for name in whole:
        pd.testing.assert_frame_equal(chunked[name], whole[name], obj=name)


def test_report_on_another_corpus_leaves_tracked_figures_alone(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = ROOT / "reports" / "mini_corpus"
    try:
        assert main(["figures", "--corpus", str(MINI), "--quiet"]) == 0
        assert (out / "corpus_overview.png").is_file()
        status = subprocess.run(["git", "status", "--porcelain", "figures"], cwd=ROOT, capture_output=True,
                                text=True, check=True)
        assert status.stdout == ""
    finally:
        shutil.rmtree(out, ignore_errors=True)


def test_an_existing_out_with_a_stale_file_is_replaced(tmp_path):
    out = tmp_path / "out"
    assert main(["figures", "--corpus", str(MINI), "--out", str(out), "--quiet"]) == 0
    (out / "stale.png").write_bytes(b"old")
    (out / "tables" / "stale.csv").write_text("old\n")
    assert main(["figures", "--corpus", str(MINI), "--out", str(out), "--quiet"]) == 0
    assert not (out / "stale.png").exists() and not (out / "tables" / "stale.csv").exists()
    assert (out / "corpus_overview.png").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_figures_without_notebooks_keep_the_notebooks_outputs(tmp_path):
    out = tmp_path / "out"
    assert main(["figures", "--corpus", str(MINI), "--out", str(out), "--quiet"]) == 0
    (out / "html").mkdir()
    (out / "html" / "01-corpus-overview.html").write_text("<html/>")
    (out / "lexicon_coverage.png").write_bytes(b"png")
    assert main(["figures", "--corpus", str(MINI), "--out", str(out), "--quiet"]) == 0
    assert (out / "html" / "01-corpus-overview.html").is_file() and (out / "lexicon_coverage.png").is_file()


def test_a_folder_that_is_not_a_report_is_not_replaced(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep me")
    assert main(["figures", "--corpus", str(MINI), "--out", str(tmp_path), "--quiet"]) == 2
    assert "not a framing report" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_an_unwritable_out_fails_before_any_work(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(R, "load", lambda *a, **k: pytest.fail("loaded the corpus before checking --out"))
    assert main(["figures", "--corpus", str(MINI), "--out", str(blocker / "sub"), "--quiet"]) == 2
    assert "framing: error: --out" in capsys.readouterr().err
    assert main(["figures", "--corpus", str(MINI), "--out", str(blocker), "--quiet"]) == 2
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--by", "lean"], "--by 'lean' is not a documents column"),
        (["--pair-by", "story"], "--pair-by 'story': not a documents column"),
        (["--freq", "fortnight"], "--freq must be one of"),
        (["--lexicon", "no-such-file.csv"], "--lexicon no-such-file.csv: no such file"),
    ],
)
def test_settings_the_library_cannot_apply_fail_clearly(tmp_path, capsys, flags, message):
    assert main(["figures", "--corpus", str(MINI), "--out", str(tmp_path / "o"), "--quiet", *flags]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_pair_by_writes_the_paired_comparison(tmp_path):
    docs = generated_documents(30)
    docs["story"] = [f"s{i // 3}" for i in range(len(docs))]  # each story told by the three outlets
    write_jsonl(docs, tmp_path / "paired.jsonl")
    out = tmp_path / "o"
    assert main(["figures", "--corpus", str(tmp_path / "paired.jsonl"), "--out", str(out), "--quiet",
                 "--pair-by", "story"]) == 0
    back = fr.open_results(out)
    assert back.settings["pair_by"] == "story"
    expected = fr.paired_comparison(back.corpus, by="outlet", pair_by="story", random_state=0).summary
    assert list(back.paired.columns) == list(expected.columns)
    assert set(back.paired["comparison"]) == set(expected["comparison"])
    assert set(back.paired_differences["block"]) <= set(docs["story"])
    made = list(dict.fromkeys(expected["comparison"]))
    assert len(made) == 3  # three outlets: every pair
    assert f"Paired comparisons (`tables/paired.csv`, within story): {'; '.join(made)}.\n" in (
        out / "README.md").read_text(encoding="utf-8")


def test_pair_by_the_by_column_names_both_flags(tmp_path, capsys):
    """--by lean --pair-by lean: every block holds one group; the message names --by 'lean', not the internal
    by='outlet' the report's pooled corpus uses."""
    docs = generated_documents(12)
    docs["lean"] = ["left", "right"] * 6
    write_jsonl(docs, tmp_path / "c.jsonl")
    assert main(["figures", "--corpus", str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "o"), "--quiet",
                 "--by", "lean", "--pair-by", "lean"]) == 2
    assert capsys.readouterr().err == (
        "framing: error: --pair-by 'lean': no value of it has documents of two of the compared --by 'lean' groups "
        "(left, right); pair by a column whose values (stories, events, days) several groups cover\n")


def test_the_report_pairs_the_three_largest_groups_and_skips_a_pair_without_a_shared_block(tmp_path):
    """AllSides by outlet with --pair-by topic stopped the report: of 107 outlets (5,671 pairs) the first pair it
    tried, two small outlets, shared no topic.  The report compares every pair of the three largest groups, and
    a pair of them that shares no block is left out and named."""
    from framing.report.results import paired_tables

    docs = generated_documents(40)
    docs["outlet"] = ["A"] * 12 + ["B"] * 10 + ["C"] * 8 + ["D"] * 5 + ["E"] * 5
    docs["story"] = (["s1", "s2"] * 6 + ["s1", "s2"] * 5 + ["s3", "s4"] * 4 + ["s1"] * 5 + ["s9"] * 5)
    docs.loc[[0, 1], "story"] = ["s3", "s4"]  # A also covers C's stories; B never does
    write_jsonl(docs, tmp_path / "c.jsonl")
    corpus = fr.load_corpus(tmp_path / "c.jsonl")
    tables = paired_tables(corpus, "story")
    assert sorted(tables["paired"]["comparison"].unique()) == ["A vs B", "A vs C"]
    assert tables["paired"].attrs["unpaired"] == ["B vs C"]
    assert sorted(tables["paired_differences"].query("comparison == 'A vs C'")["block"].unique()) == ["s3", "s4"]
    lonely = docs.assign(story=[f"x{i}" for i in range(len(docs))])  # no story shared at all
    write_jsonl(lonely, tmp_path / "l.jsonl")
    with pytest.raises(ValueError, match=r"no value of it has documents of two of the compared --by 'outlet' "
                                         r"groups \(A, B, C\)"):
        paired_tables(fr.load_corpus(tmp_path / "l.jsonl"), "story")


def test_groups_subset_the_corpus_and_are_recorded(tmp_path):
    outlets = sorted(fr.load_corpus(MINI).documents["outlet"].unique())
    out = tmp_path / "o"
    assert main(["figures", "--corpus", str(MINI), "--out", str(out), "--quiet", "--groups", outlets[0]]) == 0
    back = fr.open_results(out)
    assert set(back.corpus.documents["outlet"]) == {outlets[0]}
    assert back.settings["groups"] == [outlets[0]]
    assert "## Figures not drawn" in (out / "README.md").read_text(encoding="utf-8")  # the contrasts need two


def test_by_any_column_makes_its_values_the_groups(gapped):
    res = fr.open_results(gapped, by="date")
    dates = fr.load_corpus(gapped).documents["date"]
    assert set(res.corpus.documents["outlet"]) == set(dates.replace("", "(missing)").fillna("(missing)"))
    assert set(res.scores["outlet"]) == set(res.corpus.documents["outlet"])


@pytest.mark.parametrize(
    "dates, freq",
    [
        ([], "month"),
        (["2021-01-03", "2021-02-20"], "week"),
        (["2020-08-23", "2020-11"], "month"),
        (["2015-01-01", "2017-06-30"], "month"),
        (["2001-01-01", "2021-06-30"], "year"),
    ],
)
def test_default_freq_follows_the_span_of_the_dates(dates, freq):
    assert run.default_freq(pd.DataFrame({"date": dates or [None]})) == freq


def test_default_out_is_figures_for_the_seed_corpus_only(tmp_path):
    assert R.default_out(ROOT / "corpus", ROOT) == ROOT / "figures"
    assert R.default_out(MINI, ROOT) == ROOT / "reports" / "mini_corpus"


def test_score_hits_and_kwic_files_carry_outlet_and_voice(tmp_path, capsys):
    assert main(["score", str(MINI), "--hits", str(tmp_path / "h.csv"), "--kwic", str(tmp_path / "k.csv"),
                 "-o", str(tmp_path / "s.csv")]) == 0
    for name in ("h.csv", "k.csv"):
        frame = pd.read_csv(tmp_path / name)
        assert {"outlet", "voice", "speaker"} <= set(frame.columns) and frame["outlet"].notna().all()
    assert "stance_* count every match" in capsys.readouterr().err


def test_a_group_of_empty_documents_and_no_dates_run_to_the_end(tmp_path):
    docs = generated_documents(12).drop(columns=["date"])
    docs.loc[docs["outlet"] == docs["outlet"].iloc[0], "text"] = ""
    path = tmp_path / "empty_group.jsonl"
    write_jsonl(docs, path)
    out = tmp_path / "rep"
    assert main(["figures", "--corpus", str(path), "--out", str(out), "--quiet"]) == 0
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| empty | 5 |" in readme  # the 4 emptied and one the generator leaves empty
    fw = pd.read_csv(out / "tables" / "fightin_words.csv")
    assert set(fw["comparison"]) == {"Ledger vs Tribune"}  # Courier, without text, has nothing to contrast
    assert "12 document(s) have no usable date" in readme
    # every figure but the over-time one, which has nothing to draw and says why (it drew an empty frame)
    assert sorted(p.name for p in out.glob("*.png")) == sorted(
        f"{name}.png" for name in FIGURES if name != "loaded_terms_over_time")
    assert ("- `loaded_terms_over_time`: no document has a month-precise date (12 without one): give the corpus a "
            "date column, or read its dates with --date-format or --dayfirst/--no-dayfirst\n") in readme


def test_processes_give_the_same_tables_and_files(gapped, tmp_path, monkeypatch):
    """jobs=2: chunks, contrast tables, group tables and the write in forked processes; the same as in one."""
    corpus = fr.load_corpus(gapped)
    monkeypatch.setattr(R, "CHUNK", 20)
    monkeypatch.setattr(R, "WRITE_ROWS", 0)
    settings = {"pair_by": "date", "seed": 0}
    one, two = R.compute(corpus, settings, jobs=1), R.compute(corpus, settings, jobs=2)
    assert list(one.tables) == list(two.tables)
    for name in one.tables:
        pd.testing.assert_frame_equal(two.tables[name], one.tables[name], obj=name)
    for key in one.pair:
        pd.testing.assert_frame_equal(two.pair[key], one.pair[key], obj=key)
        assert two.pair[key].attrs == one.pair[key].attrs
    R.write(one, tmp_path / "one")
    R.write(two, tmp_path / "two", jobs=2)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    for f in files:
        assert (tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes(), f


def test_first_page_counts_what_cleaning_removed_by_rule():
    """The seeds' report page (figures/README.md, regenerated by make figures) names every cleaning rule that
    removed text: four spans of the Fox article, one photo caption of the other."""
    page = (ROOT / "figures" / "README.md").read_text(encoding="utf-8")
    assert ("Cleaning removed 5 span(s) of page furniture from 2 document(s): agency_credit 1, date_marker 1, "
            "photo_caption 1, promo 1, related_headline 1. Each with its rule, offsets and text: "
            "`tables/removed.csv`.") in page


def test_one_group_runs_the_notebooks_that_need_no_contrast(tmp_path, capsys):
    """--groups of one outlet: notebook 04 (distinctive words, keyness) would stop at its first contrast with a
    traceback; it is not run and the first page says why; the others run (03 skips only its word shift)."""
    import nbformat

    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    for stem in ("01-corpus-overview", "03-sentiment", "04-lexical-contrast"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("CORPUS = None",
                                                                       metadata={"tags": ["parameters"]})])
        nbformat.write(nb, nb_dir / f"{stem}.ipynb")
    outlet = sorted(fr.load_corpus(MINI).documents["outlet"].unique())[0]
    out = tmp_path / "o"
    assert main(["report", "--corpus", str(MINI), "--out", str(out), "--quiet", "--groups", outlet,
                 "--notebooks", str(nb_dir), "-j", "1"]) == 0
    assert capsys.readouterr().out == (
        f"wrote 52 table files and 16 figure files to {out}/; executed 2 notebooks, HTML in {out}/html/ "
        f"(04-lexical-contrast not run: see README.md)\n")
    assert sorted(p.name for p in (out / "html").iterdir()) == ["01-corpus-overview.html", "03-sentiment.html"]
    page = (out / "README.md").read_text(encoding="utf-8")
    why = f"a contrast needs two groups with text; by outlet the corpus has 1 ({outlet})"
    assert page.endswith(f"## Notebooks not run\n\n- `04-lexical-contrast`: {why}\n")
    assert ", 1 group by outlet." in page and "1 groups" not in page


def test_first_page_counts_the_documents_without_a_pair_by_value(tmp_path):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "outlet": ["A", "B", "A", "B", "A", "B"],
                         "topic": ["s1", "s1", "s2", "s2", "", None],
                         "text": ["A fraudulent vote.", "A calm vote.", "Calm.", "A baseless claim, fraudulent.",
                                  "Fraudulent!", "Baseless."]})
    docs.to_csv(tmp_path / "c.csv", index=False)
    out = tmp_path / "o"
    assert main(["report", "--corpus", str(tmp_path / "c.csv"), "--pair-by", "topic", "--out", str(out), "-q",
                 "--notebooks", "", "-j", "1"]) == 0
    page = (out / "README.md").read_text(encoding="utf-8")
    assert ("\n2 document(s) have no topic: the paired comparison (--pair-by) leaves them out (`no_block` of "
            "`paired` in `tables/attrs.json`).\n") in page
    assert json.loads((out / "tables" / "attrs.json").read_text(encoding="utf-8"))["paired"]["no_block"] == 2


def test_by_or_pair_by_a_column_of_lists_fails_before_the_analysis(tmp_path, capsys):
    docs = generated_documents(6)
    docs["topic"] = [["s1", "s2"]] * 2 + ["s3"] * 4
    write_jsonl(docs, tmp_path / "c.jsonl")
    for flag in ("--pair-by", "--by"):
        assert main(["figures", "--corpus", str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "o"), "--quiet",
                     flag, "topic"]) == 2
        assert capsys.readouterr().err.startswith(
            f"framing: error: {flag}: column 'topic' holds a list, not one value, in 2 of 6 documents "
            f"(e.g. [\"s1\", \"s2\"]); a group or block is one value per document.")
        assert not (tmp_path / "o").exists()


def _names_corpus(path):
    """Two outlets, two topics; words of names VADER would score: "Supreme", "Justice", "Liberty", "Hope", "Joy"."""
    docs = pd.DataFrame({"doc_id": ["a1", "b1", "a2", "b2"], "outlet": ["A", "B", "A", "B"],
                         "topic": ["t1", "t1", "t2", "t2"],
                         "text": ["The Supreme Court ruled on the case. Officials said the Justice Department "
                                  "would act.",
                                  "Critics of the Supreme Court were angry. The Justice Department declined to "
                                  "comment.",
                                  "A senator praised the Liberty Fund. It was a bad day.",
                                  "Mr. Hope Hicks spoke to Joy Reid. It was a good day."]})
    docs.to_csv(path, index=False)
    return path


def test_score_names_reaches_every_sentiment_of_the_report_and_is_recorded(tmp_path):
    source = _names_corpus(tmp_path / "c.csv")
    runs = {}
    for name, flag in (("plain", []), ("names", ["--score-names"])):
        out = tmp_path / name
        assert main(["report", "--corpus", str(source), "--pair-by", "topic", "--out", str(out), "-q",
                     "--notebooks", "", "-j", "1", *flag]) == 0
        runs[name] = (fr.open_results(out), (out / "README.md").read_text(encoding="utf-8"),
                      json.loads((out / "settings.json").read_text(encoding="utf-8")))
    corpus = runs["plain"][0].corpus
    (plain, plain_page, plain_settings), (named, named_page, named_settings) = runs["plain"], runs["names"]
    # by default as before: names neutral, nothing said or recorded of score_names
    assert plain.sentiment["compound"].tolist() == [0.0, 0.0, 0.4939, -0.5423, -0.6705, 0.0, 0.0, 0.4404]
    assert plain.sentiment["compound"].tolist() == fr.sentiment(corpus)["compound"].tolist()
    assert "| score_names |" not in plain_page and "--score-names" not in plain_page
    assert "score_names" not in plain_settings
    # --score-names: the sentences ("The Supreme Court ruled" +0.5574), the group means, the paired comparison's
    # sentiment and the word shift all read the names' words
    assert named.sentiment["compound"].tolist() == [0.5574, 0.5267, 0.765, -0.5423, -0.2263, 0.5267, 0.7717, 0.4404]
    assert named.sentiment["compound"].tolist() == fr.sentiment(corpus, score_names=True)["compound"].tolist()
    assert named.sentiment_by_group["mean_compound"].tolist() == pytest.approx(
        [(0.5574 + 0.5267 + 0.765 - 0.5423) / 4, (-0.2263 + 0.5267 + 0.7717 + 0.4404) / 4])
    for frame in (plain, named):
        assert frame.sentiment_by_group["n_sentences"].tolist() == [4, 4]
    sentiment_rows = [(t.paired, t.paired["measure"] == "sentiment") for t in (plain, named)]
    assert not sentiment_rows[0][0].loc[sentiment_rows[0][1], "mean_difference"].equals(
        sentiment_rows[1][0].loc[sentiment_rows[1][1], "mean_difference"])
    assert {"supreme", "justice", "hope", "joy"} <= set(named.word_shift["word"])
    assert not {"supreme", "justice", "hope", "joy"} & set(plain.word_shift["word"])
    assert named_settings["score_names"] is True and named.settings["score_names"] is True
    assert "| score_names | True |" in named_page and "(`--score-names`)" in named_page
    assert run.notebook_params(named_settings | {"corpus_path": str(source)}, tmp_path, tmp_path)["SCORE_NAMES"]
    assert "SCORE_NAMES" not in run.notebook_params(plain_settings | {"corpus_path": str(source)}, tmp_path, tmp_path)
