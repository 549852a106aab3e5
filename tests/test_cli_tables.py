"""Every table a command writes goes through framing.io.outputs.write_table: floats to 12 significant digits."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import ROOT

from framing.cli import main
from framing.io.outputs import portable_floats, write_table
from framing.scale.stream import TOTALS, ArchiveResult
from framing.schema import LOAD_REPORT

SEED = str(ROOT / "corpus")
PTC = str(ROOT / "tests" / "fixtures" / "validate" / "ptc")
DOCS = str(ROOT / "tests" / "fixtures" / "stream" / "docs.jsonl")
SPAN = ["doc_id", "start", "end", "term", "category"]


def frame() -> pd.DataFrame:
    """Five rows: a float column with 0.1 + 0.2, 1/3, NaN, inf and 0; an int column; text columns."""
    return pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"], "start": [0, 1, 2, 3, 4], "end": [5, 6, 7, 8, 9],
                         "term": "t", "category": "regime", "voice": "author", "speaker": "", "kind": "corrupt",
                         "x": [0.1 + 0.2, 1 / 3, float("nan"), float("inf"), 0.0], "n": [1, 2, 3, 4, 2**53 + 1]})


def check(path) -> None:
    """``path`` holds :func:`frame`'s x to 12 digits, its ints whole."""
    text = path.read_text(encoding="utf-8")
    assert "0.30000000000000004" not in text and "0.3333333333333333" not in text
    back = pd.read_csv(path)
    x = back["x"].tolist()
    assert x[:2] == [0.3, 0.333333333333] and math.isnan(x[2]) and x[3:] == [float("inf"), 0.0]
    assert back["n"].tolist() == [1, 2, 3, 4, 2**53 + 1]
    assert ",0.3," in text and ",0.333333333333," in text and ",inf," in text and ",0.0," in text


def test_portable_floats_rounds_float64_columns_only():
    # 6.565884715286308 and ...309: one z of fightin_words as an AVX-512 and an AVX2 machine summed it
    table = pd.DataFrame({"x": [0.1 + 0.2, 1 / 3, 0.0, float("nan"), float("inf"), -2.5e-320, 6.565884715286308,
                                6.565884715286309], "n": range(8), "w": ["a"] * 8})
    table.attrs["note"] = "kept"
    out = portable_floats(table)
    assert out["x"].tolist()[:3] == [0.3, 0.333333333333, 0.0] and out["x"].tolist()[4:6] == [float("inf"), -2.5e-320]
    assert pd.isna(out["x"][3]) and out["x"][6] == out["x"][7] == 6.56588471529
    assert out["n"].tolist() == list(range(8)) and out.attrs == {"note": "kept"}
    assert table["x"][0] == 0.1 + 0.2  # the input untouched
    ints = table[["n", "w"]]
    assert portable_floats(ints) is ints


def test_write_table_writes_the_csv_and_the_same_rounded_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    written = write_table(frame(), tmp_path / "t.csv", parquet=tmp_path / "t.parquet")
    check(tmp_path / "t.csv")
    back = pd.read_parquet(tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(back, written)
    assert back["x"].tolist()[:2] == [0.3, 0.333333333333] and back["n"].dtype == "int64"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]  # no temporary file left


def test_score_writes_scores_hits_and_kwic_to_twelve_digits(tmp_path, monkeypatch, capsys):
    import framing.score
    import framing.voice

    monkeypatch.setattr(framing.score, "scores", lambda *a, **k: frame())
    monkeypatch.setattr(framing.voice, "label_spans", lambda *a, **k: frame())
    monkeypatch.setattr(framing.score, "kwic", lambda *a, **k: frame().drop(columns=["voice", "speaker"]))
    paths = {opt: tmp_path / f"{opt.strip('-')}.csv" for opt in ("-o", "--hits", "--kwic")}
    assert main(["score", SEED, *(s for opt, p in paths.items() for s in (opt, str(p)))]) == 0
    for path in paths.values():
        check(path)


def test_archive_writes_rates_and_skipped_to_twelve_digits(tmp_path, monkeypatch, capsys):
    import framing.scale.stream

    result = ArchiveResult(frame(), frame(), dict.fromkeys(TOTALS, 0), None, pd.DataFrame(columns=list(LOAD_REPORT)))
    monkeypatch.setattr(framing.scale.stream, "score_archive", lambda *a, **k: result)
    out, skipped = tmp_path / "rates.csv", tmp_path / "skipped.csv"
    assert main(["archive", DOCS, "-o", str(out), "--skipped", str(skipped)]) == 0
    check(out)
    check(skipped)


def test_archive_writes_document_scores_to_twelve_digits(tmp_path, monkeypatch, capsys):
    import framing.scale.stream

    score = framing.scale.stream.score_batch  # the document scores in parts, as each batch is scored
    monkeypatch.setattr(framing.scale.stream, "score_batch",
                        lambda docs, lexicon: score(docs, lexicon).pipe(lambda s: s.assign(count=s["count"] * 0.1)))
    path = tmp_path / "docs.csv"
    lexicon = str(ROOT / "tests" / "fixtures" / "stream" / "lexicon.csv")
    assert main(["archive", DOCS, "--lexicon", lexicon, "--batch-size", "3", "--doc-scores", str(path)]) == 0
    back = pd.read_csv(path)
    # counts 0, 1 and 3 (b2: baseless three times) times 0.1: 0.30000000000000004 for b2 in memory
    assert sorted(set(back["count"])) == [0.0, 0.1, 0.3] and "0.30000000000000004" not in path.read_text()
    assert back.loc[back["doc_id"] == "b2", "count"].tolist() == [0.3, 0.0]
    assert len(back) == 14 and back["n_tokens"].dtype == "int64"


def test_validate_writes_its_table_and_tables_to_twelve_digits(tmp_path, monkeypatch, capsys):
    import framing.validate

    monkeypatch.setattr(framing.validate, "validate", lambda *a, **k: frame())
    monkeypatch.setattr(framing.validate, "summary", lambda *a, **k: frame())
    names = ("results", "entries", "articles", "correlations")
    monkeypatch.setattr(framing.validate, "full_validation", lambda *a, **k: {n: frame() for n in names})
    assert main(["validate", PTC, "--n-boot", "0", "-o", str(tmp_path / "v.csv")]) == 0
    check(tmp_path / "v.csv")
    assert main(["validate", PTC, "--n-boot", "0", "--tables", str(tmp_path)]) == 0
    for name in names:
        check(tmp_path / f"{name}.csv")


def test_contrast_writes_the_library_table_to_twelve_digits(tmp_path, capsys):
    from framing.contrast import compare_groups, stop_word_list, unit_table
    from framing.corpus import load_corpus

    path = tmp_path / "c.csv"
    assert main(["contrast", SEED, "-o", str(path)]) == 0
    corpus = load_corpus(SEED)
    common = dict(by="outlet", top=None, min_count=2, units=unit_table(corpus, stop_words=stop_word_list("default")))
    fw = compare_groups(corpus, measure="fightin_words", **common)
    back = pd.read_csv(path)
    z = back.loc[back["measure"] == "fightin_words", "z"].tolist()
    assert z == [float(f"{v:.12g}") for v in fw["z"].tolist()]
    assert any(v != float(f"{v:.12g}") for v in fw["z"].tolist())  # the library's z has more digits
