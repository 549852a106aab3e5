"""`framing report` loads its corpus once: the notebooks read it pickled, its sources named as they would load it."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from framing.cli import main
from framing.corpus import load_corpus
from framing.report import results as R

MINI = ROOT / "tests" / "fixtures" / "mini_corpus"


def same(a, b) -> None:
    for name in ("documents", "removed", "report"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert repr(a.offset_maps) == repr(b.offset_maps)


@pytest.mark.parametrize("old", ["tests/fixtures/mini_corpus", "./tests/fixtures/mini_corpus/", str(MINI)])
def test_moved_names_a_folders_files_as_loading_it_from_the_other_path_does(old, monkeypatch):
    monkeypatch.chdir(ROOT)
    new = Path("corpus/../tests/fixtures/mini_corpus")
    moved = R.moved(load_corpus(old), old, new)
    same(moved, load_corpus(new))
    assert moved.documents["source"].tolist()[0] == "corpus/../tests/fixtures/mini_corpus/courier-1.txt"


def test_moved_names_a_tables_rows_and_its_notes(tmp_path):
    (tmp_path / "sub").mkdir()
    rows = [{"doc_id": "a", "outlet": "Fox", "text": "One."}, {"doc_id": "b", "outlet": "fox news"},
            {"doc_id": "c", "text": "Three.", "date": "99/99/2020"}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "aliases.csv").write_text("column,alias,name\noutlet,fox news,Fox\n", encoding="utf-8")
    old, new = tmp_path / "c.jsonl", tmp_path / "sub" / ".." / "c.jsonl"
    corpus = load_corpus(old, aliases=tmp_path / "aliases.csv")
    assert sorted(corpus.report["issue"]) == ["alias", "date_ambiguous", "empty", "missing_text", "no_outlet"]
    moved = R.moved(corpus, old, new)
    same(moved, load_corpus(new, aliases=tmp_path / "aliases.csv"))
    assert f"{new}, line 2" in moved.report["source"].tolist() and str(new) in moved.report["source"].tolist()


def test_moved_gives_none_for_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert R.moved(load_corpus("."), ".", Path("x")) is None  # its files are a.txt, not ./a.txt


def test_the_report_loads_its_corpus_once_and_the_notebooks_read_it_as_they_would_load_it(tmp_path, monkeypatch):
    """The pickle the notebooks' kernels read (CORPUS_CACHE_ENV) holds what report_corpus loads from their folder,
    under the key open_results looks for; the report itself loaded the corpus once (in its analysis process)."""
    import framing.report.notebooks

    loads = tmp_path / "loads"
    load = R.load
    monkeypatch.setattr(R, "load", lambda *a, **k: (loads.open("a").write("load\n"), load(*a, **k))[1])
    seen = {}

    def run_all(nb_dir, params, html, names, progress, jobs):  # in place of the kernels
        seen["loads"] = loads.read_text().count("load")
        os.chdir(nb_dir)  # where the kernels run
        path = Path(params["RESULTS"])
        saved = json.loads((path / R.SETTINGS_FILE).read_text(encoding="utf-8"))
        seen["cached"] = R._cached_corpus(saved, path)  # None unless its key is the one open_results computes
        seen["fresh"] = R.report_corpus(path)
        return []

    monkeypatch.setattr(framing.report.notebooks, "run_all", run_all)
    monkeypatch.chdir(ROOT)
    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    (nb_dir / "01-x.ipynb").write_text("{}", encoding="utf-8")
    assert main(["report", "--corpus", "tests/fixtures/mini_corpus", "--out", str(tmp_path / "o"), "--quiet",
                 "--notebooks", str(nb_dir)]) == 0
    assert seen["loads"] == 1
    same(seen["cached"], seen["fresh"])
    first = seen["cached"].documents["source"].tolist()[0]
    assert first == os.path.relpath(tmp_path / "o", nb_dir) + "/" + os.path.relpath(MINI, tmp_path / "o") + \
        "/courier-1.txt"
    assert R.CORPUS_CACHE_ENV not in os.environ


def test_a_corpus_that_cannot_be_moved_is_loaded_again(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["figures", "--corpus", "tests/fixtures/mini_corpus", "--out", str(tmp_path / "o"), "--quiet"]) == 0
    fresh = R.report_corpus(tmp_path / "o")
    assert fresh.documents["source"][0] == str(tmp_path / "o" / os.path.relpath(MINI, tmp_path / "o") / "courier-1.txt")
    same(R.report_corpus(tmp_path / "o", (load_corpus(MINI), "/elsewhere")), fresh)  # sources not under /elsewhere
    path = R.cache_corpus(tmp_path / "o", tmp_path)  # nothing loaded: loads it
    with open(path, "rb") as fh:
        key, corpus = pickle.load(fh)
    same(corpus, fresh)
