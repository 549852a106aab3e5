"""The `contrast` and `sentiment` subcommands print the library's tables."""

from __future__ import annotations

from conftest import ROOT

from framing.cli import main

SEED = str(ROOT / "corpus")
MINI = str(ROOT / "tests" / "fixtures" / "mini_corpus")


def test_contrast_prints_fightin_words_and_keyness_of_both_sides(capsys):
    assert main(["contrast", SEED, "--top", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Fox News (a) vs Unnamed pro-Kremlin outlet (b), by outlet"
    assert out[1].startswith("note: one document per group: document-level inference is impossible")
    assert out[3] == "Fightin' Words (Monroe et al. 2008), most distinctive units of each side:"
    rows = [line.split() for line in out[5:9]]
    assert [r[-5:] for r in rows] == [
        ["nato", "8", "2", "1.267", "1.640"],
        ["election", "4", "0", "1.327", "1.354"],
        ["protests", "2", "6", "-1.137", "-1.441"],
        ["belarusian", "1", "4", "-1.472", "-1.320"],
    ]
    assert "keyness (chi2), key in Fox News:" in out
    election = next(line.split() for line in out if line.split()[:1] == ["election"])
    assert election == ["election", "4", "0", "2.249", "1.602", "0.206", "1"]
    protests = [line.split() for line in out if line.split()[:1] == ["protests"]][-1]
    assert protests == ["protests", "2", "6", "4.498", "-2.059", "0.151", "-1"]


def test_contrast_measure_and_errors(capsys):
    assert main(["contrast", MINI, "--measure", "lr", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The Harbour Gazette (a) vs Valley Courier (b), by outlet\n")
    assert "keyness (lr), key in Valley Courier:" in out
    assert main(["contrast", MINI, "--by", "colour"]) == 2
    assert "--by 'colour' is not a documents column" in capsys.readouterr().err


def test_sentiment_prints_the_aggregate_with_intervals(capsys):
    assert main(["sentiment", SEED, "--by", "outlet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("VADER compound per sentence (vaderSentiment 3.3.2), mean with 95% bootstrap interval")
    assert out[2].split()[2:6] == ["21", "1", "-0.115", "-0.303"]
    assert len(out) == 4
    assert main(["sentiment", SEED]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2 + 8  # 2 outlets x 4 voices
    assert main(["sentiment", SEED, "--by", "nope"]) == 2
    assert "by includes 'nope'" in capsys.readouterr().err
