"""Every notebook runs top to bottom in a fresh kernel, on the seed corpus and on another one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from framing.report.notebooks import inject_parameters, run_notebook

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MINI = ROOT / "tests" / "fixtures" / "mini_corpus"


def test_the_suite_has_its_notebooks():
    assert [p.stem for p in NOTEBOOKS][:1] == ["01-corpus-overview"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_thin_and_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    assert all("def " not in "".join(c["source"]) and "class " not in "".join(c["source"]) for c in code)


@pytest.mark.parametrize("corpus_dir", [ROOT / "corpus", MINI], ids=["seed", "mini"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, corpus_dir, tmp_path):
    params = {
        "CORPUS": os.path.relpath(corpus_dir, path.parent),
        "FIGURES": os.path.relpath(tmp_path / "figures", path.parent),
    }
    nb = run_notebook(path, params, html_out=tmp_path / "out.html")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<img" in html  # at least one figure shown
    written = sorted(p.name for p in Path(tmp_path / "figures").glob("*.png"))
    assert written  # each notebook writes the figures it shows


def test_parameters_are_injected_after_the_parameters_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("A = 1", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell("A")]
    out = inject_parameters(nb, {"A": 2, "B": "x"})
    injected = "# Parameters injected by framing.report.notebooks\nA = 2\nB = 'x'"
    assert [c.source for c in out.cells] == ["A = 1", injected, "A"]
    assert len(nb.cells) == 2  # the input is not changed
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        inject_parameters(nbformat.v4.new_notebook(), {})


def test_notebooks_read_a_reports_tables_two_at_a_time(tmp_path):
    """framing report's path: tables computed once, notebooks given RESULTS, run in two processes."""
    import subprocess

    from framing.cli import main
    from framing.report.notebooks import run_all

    out = tmp_path / "report"
    assert main(["figures", "--corpus", str(MINI), "--out", str(out), "--quiet"]) == 0
    nb_dir = ROOT / "notebooks"
    params = {"CORPUS": os.path.relpath(MINI, nb_dir), "RESULTS": os.path.relpath(out, nb_dir),
              "FIGURES": os.path.relpath(out, nb_dir), "PROGRESS": False}
    written = run_all(nb_dir, params, out / "html", names=["01-corpus-overview", "05-voice-and-actors"], jobs=2)
    assert [p.name for p in written] == ["01-corpus-overview.html", "05-voice-and-actors.html"]
    html = written[0].read_text(encoding="utf-8")
    assert "sha256" in html  # the report's first page, shown by notebook 01
    status = subprocess.run(["git", "status", "--porcelain", "figures"], cwd=ROOT, capture_output=True, text=True)
    assert status.stdout == ""


def test_the_sentiment_notebook_runs_on_one_outlet_and_says_there_is_no_word_shift(tmp_path):
    """A corpus of one outlet (PTC's articles, a single outlet's archive): notebook 03 was not run at all because of
    its word shift; now it shows the sentence sentiment and actors and says why there is no word shift."""
    path = ROOT / "notebooks" / "03-sentiment.ipynb"
    params = {"CORPUS": os.path.relpath(ROOT / "corpus", path.parent),
              "FIGURES": os.path.relpath(tmp_path / "figures", path.parent), "GROUPS": ["Fox News"]}
    nb = run_notebook(path, params, html_out=tmp_path / "out.html")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    said = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "No word shift: outlet: a contrast needs at least two groups with text, the corpus has ['Fox News']" in said
    assert sorted(p.name for p in (tmp_path / "figures").glob("*.png")) == ["actors.png", "sentence_sentiment.png"]
