"""The `contrast` and `sentiment` subcommands print the library's tables."""

from __future__ import annotations

import pytest
from conftest import ROOT

from framing.cli import main

SEED = str(ROOT / "corpus")
MINI = str(ROOT / "tests" / "fixtures" / "mini_corpus")


def test_contrast_prints_fightin_words_and_keyness_of_both_sides(capsys):
    assert main(["contrast", SEED, "--top", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("by outlet: 2 groups (Fox News 1, Unnamed pro-Kremlin outlet 1 documents); one_vs_rest: "
                      "1 comparison(s)")
    assert out[1].startswith("keyness p adjusted: Benjamini-Hochberg (1995) false discovery rate over all 370 tests")
    assert out[3] == ("== Fox News (a: 1 documents, 298 units) vs Unnamed pro-Kremlin outlet (b: 1 documents, "
                      "232 units)")
    assert out[4].startswith("note: n=1 in 'Fox News', 'Unnamed pro-Kremlin outlet': a single document")
    assert out[5] == "Fightin' Words (Monroe et al. 2008), most distinctive units of each side:"
    rows = [line.split() for line in out[7:11]]
    assert [r[-5:] for r in rows] == [
        ["nato", "8", "2", "1.267", "1.640"],
        ["election", "4", "0", "1.327", "1.354"],
        ["protests", "2", "6", "-1.137", "-1.441"],
        ["belarusian", "1", "4", "-1.472", "-1.320"],
    ]
    assert "keyness (chi2), key in Fox News:" in out
    election = next(line.split() for line in out if line.split()[:1] == ["election"])
    assert election == ["election", "4", "0", "2.249", "1.602", "0.206", "1", "1"]
    protests = [line.split() for line in out if line.split()[:1] == ["protests"]][-1]
    assert protests == ["protests", "2", "6", "4.498", "-2.059", "0.151", "1", "-1"]


def test_contrast_measure_and_errors(capsys):
    assert main(["contrast", MINI, "--measure", "lr", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "\n== The Harbour Gazette (a: 2 documents, 68 units) vs Valley Courier (b: 2 documents, 55 units)\n" in out
    assert "keyness (lr), key in Valley Courier:" in out
    assert main(["contrast", MINI, "--by", "colour"]) == 2
    assert "--by 'colour' is not a documents column" in capsys.readouterr().err
    assert main(["contrast", MINI, "--a", "Nowhere"]) == 2
    assert "a='Nowhere' is not a group" in capsys.readouterr().err


def test_contrast_leaves_out_a_group_of_empty_documents_and_says_so(capsys, tmp_path):
    from generated_groups import documents

    docs = documents(12)
    docs.loc[docs["lean"] == "center", "text"] = "   "
    docs.to_csv(tmp_path / "c.csv", index=False)
    assert main(["contrast", str(tmp_path / "c.csv"), "--by", "lean", "--top", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["by lean: 3 groups (center 4, left 4, right 4 documents); one_vs_rest: 1 comparison(s)",
                       "left out, no units (only empty documents?): center"]
    # per left document: 4 + 5 + 4 units (round 0, economy, the extra) or 6 + 5 (round 1, election); 2 of each
    assert _blocks(out) == ["== left (a: 4 documents, 48 units) vs right (b: 4 documents, 48 units)"]


def _blocks(out: list[str]) -> list[str]:
    return [line for line in out if line.startswith("== ")]


def test_contrast_designs_groups_and_the_long_table_on_a_generated_corpus(capsys, tmp_path):
    import pandas as pd
    from generated_groups import documents

    from framing.contrast import compare_groups

    path = tmp_path / "groups.csv"
    documents().to_csv(path, index=False)
    table = tmp_path / "long.csv"
    assert main(["contrast", str(path), "--by", "lean", "--design", "pairwise", "--top", "1", "-o", str(table)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "by lean: 3 groups (center 80, left 80, right 80 documents); pairwise: 3 comparison(s)"
    assert out[1].startswith("keyness p adjusted: Benjamini-Hochberg (1995) false discovery rate over all 104 tests")
    assert _blocks(out) == [
        "== center (a: 80 documents, 902 units) vs left (b: 80 documents, 936 units)",
        "== center (a: 80 documents, 902 units) vs right (b: 80 documents, 936 units)",
        "== left (a: 80 documents, 936 units) vs right (b: 80 documents, 936 units)",
    ]
    # left vs right: "baseless" 80 : 0 of 936 units each; chi2 with Yates by hand
    a, b, c, d = 80, 0, 936 - 80, 936
    n = a + b + c + d
    chi2 = n * (abs(a * d - b * c) - n * 0.5) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    last = out.index(_blocks(out)[-1])
    baseless = next(line.split() for line in out[last:] if line.split()[:1] == ["baseless"])
    assert baseless[:5] == ["baseless", "80", "0", "40.0", f"{chi2:.3f}"] and baseless[-1] == "1"
    assert ["left", "1", "workers", "34", "0", "1.532", "4.310"] in [line.split() for line in out]
    assert out[-1] == f"wrote 208 rows to {table}"
    long = pd.read_csv(table, keep_default_na=False)
    assert sorted(set(long["measure"])) == ["fightin_words", "keyness (chi2)"]
    same = compare_groups(documents(), by="lean", design="pairwise", measure="keyness", top=None)
    got = long[long["measure"] == "keyness (chi2)"].reset_index(drop=True)
    assert list(got["unit"]) == list(same["unit"])
    assert got["p_adjusted"].to_numpy() == pytest.approx(same["p_adjusted"].to_numpy(), rel=1e-12)
    # --groups: a subset (one_vs_rest: each against the rest; pairwise: their pairs); --a/--b: one comparison
    assert main(["contrast", str(path), "--by", "lean", "--groups", "left,right", "--top", "1"]) == 0
    assert _blocks(capsys.readouterr().out.splitlines()) == [
        "== left (a: 80 documents, 936 units) vs (rest) (b: 160 documents, 1838 units)",
        "== right (a: 80 documents, 936 units) vs (rest) (b: 160 documents, 1838 units)",
    ]
    assert main(["contrast", str(path), "--by", "lean", "--design", "pairwise", "--groups", "left,right"]) == 0
    assert len(_blocks(capsys.readouterr().out.splitlines())) == 1
    assert main(["contrast", str(path), "--by", "outlet", "--a", "Alpha Post", "--b", "Zeta Report", "--top", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("one comparison: 1 comparison(s)")
    assert _blocks(out) == ["== Alpha Post (a: 40 documents, 468 units) vs Zeta Report (b: 40 documents, 468 units)"]
    assert main(["contrast", str(path), "--by", "lean,topic", "--a", "left / economy", "--top", "1"]) == 0
    assert _blocks(capsys.readouterr().out.splitlines())[0].startswith("== left / economy (a: 20 documents")


def test_sentiment_prints_the_aggregate_with_intervals(capsys):
    assert main(["sentiment", SEED, "--by", "outlet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("VADER compound per sentence (vaderSentiment 3.3.2; words of proper names neutral), "
                             "mean with 95% bootstrap interval")
    assert out[2].split()[2:6] == ["21", "1", "-0.127", "-0.320"]
    assert len(out) == 4
    assert main(["sentiment", SEED, "--by", "outlet", "--score-names"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "words of proper names scored" in out[0]
    assert out[2].split()[2:4] == ["21", "1"] and out[2].split()[4] == "-0.115"  # -2.413 / 21
    assert main(["sentiment", SEED]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2 + 8  # 2 outlets x 4 voices
    assert main(["sentiment", SEED, "--by", "nope"]) == 2
    assert "by includes 'nope'" in capsys.readouterr().err


STREAM = ROOT / "tests" / "fixtures" / "stream"


def test_archive_writes_rates_document_scores_and_skipped(capsys, tmp_path):
    out, docs, skipped = tmp_path / "rates.csv", tmp_path / "docs.csv", tmp_path / "skipped.csv"
    argv = ["archive", str(STREAM / "corrupt.jsonl"), "--lexicon", str(STREAM / "lexicon.csv"), "--by", "outlet",
            "-o", str(out), "--doc-scores", str(docs), "--skipped", str(skipped), "--batch-size", "2"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "scored 7 of 12 records (5 skipped): 30 tokens, 12 hits, 822 bytes read in 4 batches"
    assert lines[1] == "skipped: corrupt 2, duplicate 1, no_text 2"
    assert lines[2:] == [f"wrote 5 skipped records to {skipped}", f"wrote document scores to {docs}",
                         f"wrote 2 rows to {out}"]
    assert out.read_text().splitlines() == [
        "outlet,n_documents,count,n_tokens,count_sq,count_tokens,tokens_sq,per_1k", "A,4,4,16,6,17,74,250.0",
        "B,3,8,14,22,37,66,571.428571429"  # 8000 / 14 to 12 significant digits
    ]
    assert len(docs.read_text().splitlines()) == 1 + 7 * 2
    assert skipped.read_text().splitlines()[1].endswith(",3,bad1,corrupt,not valid JSON: Unterminated string "
                                                        "starting at (column 43)")
    for clean in (["--clean"], []):  # cleaned by default, as `framing corpus`
        assert main(["archive", str(ROOT / "corpus"), *clean, "--by", "outlet", "--jobs", "2", "--no-progress"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("scored 2 of 2 records (0 skipped): 906 tokens, 49 hits")
        assert lines[2].split() == ["outlet", "n_documents", "count", "n_tokens", "per_1k", "per_1k_low", "per_1k_high"]
        assert [line.split()[-6:] for line in lines[3:]] == [  # one document per outlet: no interval over documents
            ["1", "24", "512", "46.875", "NaN", "NaN"], ["1", "25", "394", "63.452", "NaN", "NaN"]]
    assert main(["archive", str(ROOT / "corpus"), "--no-clean", "--by", "outlet", "--no-progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("scored 2 of 2 records (0 skipped): 940 tokens, 49 hits")


def test_archive_argument_errors(capsys, tmp_path):
    assert main(["archive", str(tmp_path / "missing.jsonl")]) == 2
    assert "archive path" in capsys.readouterr().err
    (tmp_path / "a.xml").write_text("<a/>")
    assert main(["archive", str(tmp_path / "a.xml")]) == 2
    assert "unknown format '.xml'" in capsys.readouterr().err
    assert main(["archive", str(STREAM / "docs.jsonl"), "--jobs", "0"]) == 2
    assert "--jobs must be a positive number of processes, or -1 for every core, not 0" in capsys.readouterr().err
    assert main(["archive", str(STREAM / "docs.jsonl"), "--batch-size", "0"]) == 2
    assert "--batch-size must be a positive number of documents, not 0" in capsys.readouterr().err
    assert main(["archive", str(STREAM / "docs.jsonl"), "--by", "colour"]) == 2
    err = capsys.readouterr().err
    assert "by: no column 'colour' in the records; the columns there are: doc_id, outlet, date" in err
    assert "Traceback" not in err


def test_contrast_stop_words_house_style_and_min_count(capsys, tmp_path):
    stop = tmp_path / "stop.txt"
    stop.write_text("nato\nelection\n", encoding="utf-8")
    assert main(["contrast", SEED, "--top", "1", "--stop-words", str(stop), "--no-house-style"]) == 0
    out = capsys.readouterr().out.splitlines()
    first = out[7].split()
    assert first[-5:-4] == ["military"] and "nato" not in " ".join(out)  # the file replaces the default list
    assert main(["contrast", SEED, "--top", "1", "--stop-words", str(tmp_path / "missing.txt")]) == 2
    assert "stop-word file" in capsys.readouterr().err
    assert main(["contrast", SEED, "--min-count", "0"]) == 2
    assert "min_count" in capsys.readouterr().err


def test_figures_and_report_refuse_a_malformed_actors_file(capsys, tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("name,alias\nA,B\n", encoding="utf-8")
    for command in ("figures", "report"):
        assert main([command, "--actors", str(bad), "--out", str(tmp_path / "out")]) == 2
        assert f"{bad}: missing column(s) actor" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
