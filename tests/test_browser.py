"""In a real browser: JupyterLab serves a copy of the notebooks, headless Chromium runs them.

Needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) and the
``playwright`` package (a dev dependency) driving it through ``executable_path``: Playwright's
own browser download is never used.  Without Chromium the tests are skipped with that reason.

What makes it reliable: the server is started with ``--LabApp.expose_app_in_browser=True``, so
the test drives JupyterLab through ``window.jupyterapp`` instead of clicking menus.  It waits
until the opened notebook is the current widget and its kernel reports ``idle``, then executes
the command ``notebook:run-all-cells`` directly (no dependence on focus, menus or dialogs).
Each notebook opens in a fresh browser context with ``?reset`` (an empty workspace, so no other
notebook is restored into the page), and notebook windowing is switched off in a temporary
user-settings folder so every cell and output is in the DOM.  The server, its workspaces,
settings, runtime and config folders all live in a temporary folder: nothing is written into
the repository or the user's ``~/.jupyter``.

How many figures each notebook must show is not hard-coded: the same notebook is executed
headlessly with nbclient (``framing.report.notebooks.run_notebook``, in a separate copy, in a
background thread while the browser works) and its ``image/*`` outputs are counted.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from framing.report.notebooks import run_notebook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (apt-get install -y --no-install-recommends chromium); .ci/run installs it",
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# All six take about 2 min here (each runs twice: in the browser's kernel and in nbclient's), so the
# browser runs two: loaded terms (figures + highlighted HTML) and voice/actors (three figures).
# tests/test_notebooks.py executes every notebook with nbclient.
IN_BROWSER = ["02-loaded-terms.ipynb", "05-voice-and-actors.ipynb"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TOKEN = "framing-browser-test"
CONTROL = "control.ipynb"  # a hand-built notebook proving the checks below can fail

# The notebook in the page is current, its document loaded and its kernel idle.
JS_READY = """(name) => {
    const app = window.jupyterapp;
    const w = app && app.shell.currentWidget;
    const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!(w && w.context && w.context.isReady && w.context.path === name && kernel && kernel.status === 'idle');
}"""
# Every code cell shows an execution count, the kernel is idle again and every image finished loading.
JS_DONE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
    const imgs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')];
    return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()))
        && w.sessionContext.session.kernel.status === 'idle' && imgs.every(i => i.complete);
}"""
# What the page shows: prompts, error outputs of the model, stderr-rendered outputs, image widths.
JS_STATE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const errors = [];
    const cells = w.model.cells;
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        for (const out of cell.outputs.toJSON()) {
            if (out.output_type === 'error') errors.push([out.ename, out.evalue]);
        }
    }
    const q = (sel) => [...document.querySelectorAll(sel)];
    return {
        prompts: q('.jp-Notebook .jp-CodeCell .jp-InputPrompt').map(p => p.textContent.trim()),
        errors: errors,
        stderr: q(".jp-Notebook .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            .map(e => e.textContent),
        images: q('.jp-Notebook .jp-OutputArea-output img').map(i => i.naturalWidth),
    };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _png(width: int, height: int) -> bytes:
    """A valid grey RGB PNG, built by hand (PNG spec: signature, IHDR, IDAT, IEND chunks)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * (3 * width) for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _control_notebook() -> nbformat.NotebookNode:
    """One good image, one broken image, a warning on stderr, then an exception (run-all stops there)."""
    good = base64.b64encode(_png(200, 20)).decode()
    broken = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really a png").decode()
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": kernelspec})  # else JupyterLab asks for a kernel
    nb.cells = [
        nbformat.v4.new_code_cell("import base64\nfrom IPython.display import Image, display"),
        nbformat.v4.new_code_cell(f"display(Image(data=base64.b64decode('{good}'), format='png'))"),
        nbformat.v4.new_code_cell(f"display(Image(data=base64.b64decode('{broken}'), format='png'))"),
        nbformat.v4.new_code_cell("import warnings\nwarnings.warn('only a warning')"),
        nbformat.v4.new_code_cell("raise ValueError('boom')"),
    ]
    return nb


def _copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT / "notebooks", dest / "notebooks")
    shutil.copytree(ROOT / "corpus", dest / "corpus")
    return dest / "notebooks"


@pytest.fixture(scope="module")
def figure_counts(tmp_path_factory):
    """Notebook name -> future of the number of image outputs nbclient's execution of it shows.

    Executed in a separate temporary copy, one notebook after another in a background thread, so
    the counting overlaps with the browser runs.
    """
    folder = _copy_project(tmp_path_factory.mktemp("nbclient"))

    def count(name: str) -> int:
        nb = run_notebook(folder / name, {})
        return sum(
            any(k.startswith("image/") for k in out.get("data", {}))
            for cell in nb.cells
            if cell.cell_type == "code"
            for out in cell.outputs
        )

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        yield {name: pool.submit(count, name) for name in IN_BROWSER}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 (free port, token) serving a temporary copy of notebooks/ beside corpus/."""
    root = tmp_path_factory.mktemp("lab")
    notebooks = _copy_project(root)
    nbformat.write(_control_notebook(), notebooks / CONTROL)
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # windowing off: every cell is attached to the DOM, so prompts and images can be counted
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"), JUPYTER_RUNTIME_DIR=str(root / "runtime"))
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={notebooks}", "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={root / 'settings'}", f"--LabApp.workspaces_dir={root / 'workspaces'}",
    ]  # fmt: skip
    log_path = root / "lab.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"JupyterLab did not start; its log is {log_path}") from None
                    time.sleep(0.2)
            yield url, root
        finally:
            proc.terminate()  # the server shuts its kernels down on SIGTERM
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (no Playwright browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _run_in_lab(browser, lab, name: str) -> dict:
    """Open ``name`` in a fresh page, run all cells, return what the page shows (see JS_STATE)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    url, root = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    step = "opening the notebook"
    try:
        page.goto(f"{url}/lab/tree/{name}?reset&token={TOKEN}")
        page.wait_for_function(JS_READY, arg=name, timeout=90_000)
        step = "running all cells"
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_function(JS_DONE, timeout=180_000, polling=250)
        return page.evaluate(JS_STATE)
    except PlaywrightTimeout:
        shot = root / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "ps => ps.map(p => p.textContent)")
        pytest.fail(f"timed out {step} of {name}; prompts {prompts}; screenshot {shot}; log {root / 'lab.log'}")
    finally:
        with contextlib.suppress(Exception):  # free the kernel before the next notebook starts its own
            page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        context.close()


def _tracebacks(stderr: list[str]) -> list[str]:
    return [text for text in stderr if "Traceback" in text]


@pytest.mark.usefixtures("figure_counts")  # starts nbclient's counting now, beside this short run
def test_the_checks_catch_errors_and_broken_images(browser, lab):
    state = _run_in_lab(browser, lab, CONTROL)
    assert state["prompts"] == ["[1]:", "[2]:", "[3]:", "[4]:", "[5]:"]
    assert state["errors"] == [["ValueError", "boom"]]
    assert len(_tracebacks(state["stderr"])) == 1  # the ValueError, rendered as stderr
    assert sum("only a warning" in text for text in state["stderr"]) == 1  # a warning is not an error
    assert state["images"] == [200, 0]  # the broken PNG shows as an image that did not decode


def test_the_browser_runs_existing_notebooks():
    assert set(IN_BROWSER) <= set(NOTEBOOKS)


@pytest.mark.parametrize("name", IN_BROWSER, ids=lambda n: n.removesuffix(".ipynb"))
def test_notebook_runs_in_jupyterlab(browser, lab, figure_counts, name):
    state = _run_in_lab(browser, lab, name)
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells)
    assert state["prompts"] == [f"[{i}]:" for i in range(1, code_cells + 1)]
    assert state["errors"] == []
    assert _tracebacks(state["stderr"]) == []
    assert len(state["images"]) == figure_counts[name].result(timeout=300)
    assert state["images"] and all(width > 100 for width in state["images"]), state["images"]
