"""Run the notebook suite headlessly: inject parameters, execute, export HTML.

The notebooks in ``notebooks/`` are committed without outputs.  Each has one cell
tagged ``parameters`` (the papermill convention); :func:`run_notebook` inserts a cell
after it that sets the values given, executes the notebook top to bottom in a fresh
kernel with nbclient, and writes an HTML export a reader opens without Jupyter.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from traitlets.config import Config

PARAMETERS_TAG = "parameters"


def inject_parameters(nb: nbformat.NotebookNode, params: dict) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` with a cell setting ``params`` after its ``parameters`` cell.

    Values are written with ``repr``, so strings, numbers, lists and ``None`` work.
    Paths should be relative to the notebook's folder, so exports carry no machine paths.
    """
    nb = nbformat.from_dict(nb)
    index = next(
        (i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])),
        None,
    )
    if index is None:
        raise ValueError("the notebook has no cell tagged 'parameters'; tag the cell that sets its inputs")
    lines = ["# Parameters injected by framing.report.notebooks"] + [f"{k} = {v!r}" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"  # fixed, so the HTML export is byte-reproducible
    nb.cells.insert(index + 1, cell)
    return nb


def run_notebook(path: str | Path, params: dict, html_out: str | Path | None = None, timeout: int = 900):
    """Execute the notebook at ``path`` with ``params``; return the executed notebook.

    The kernel (``python3``: jupyter_client starts it with this interpreter) runs in
    the notebook's folder.  Raises
    ``nbclient.exceptions.CellExecutionError`` (naming the cell) when a cell fails.
    """
    path = Path(path)
    nb = inject_parameters(nbformat.read(path, as_version=4), params)
    with tempfile.TemporaryDirectory(prefix="framing-kernel-") as sockets:
        # the kernel talks over local sockets in a private folder, not TCP ports (no port races between parallel
        # notebooks, nothing listening on the network, no unencrypted-TCP warning per notebook)
        ipc = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}} if os.name != "nt"
                     else {})  # Windows has no Unix sockets: TCP there
        client = NotebookClient(
            nb,
            config=ipc,  # the client makes (and so shuts down) its kernel manager with this config
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )
        client.execute()
    if html_out is not None:
        html_out = Path(html_out)
        html_out.parent.mkdir(parents=True, exist_ok=True)
        body, _ = HTMLExporter().from_notebook_node(nb)
        html_out.write_text(body, encoding="utf-8")
    return nb


def _run_one(args: tuple) -> Path:
    nb_path, params, target, timeout = args
    run_notebook(nb_path, params, target, timeout=timeout)
    return target


def run_all(
    folder: str | Path,
    params: dict,
    html_dir: str | Path,
    names: Iterable[str] | None = None,
    progress: Callable | None = None,
    jobs: int = 1,
    timeout: int = 900,
) -> list[Path]:
    """Execute every ``NN-*.ipynb`` in ``folder`` (sorted), writing HTML into ``html_dir``; return the HTML paths.

    ``jobs`` > 1 runs that many notebooks at once, each in its own process (and kernel); the
    outputs are the same as one at a time (each notebook's kernel is fresh either way).
    """
    notebooks = sorted(Path(folder).glob("[0-9][0-9]-*.ipynb"))
    if names is not None:
        wanted = set(names)
        notebooks = [p for p in notebooks if p.stem in wanted]
    tasks = [(p, params, Path(html_dir) / f"{p.stem}.html", timeout) for p in notebooks]
    if jobs <= 1 or len(tasks) <= 1:
        for task in progress(tasks) if progress else tasks:
            _run_one(task)
        return [t[2] for t in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_run_one, task) for task in tasks]
        done = as_completed(futures)
        for future in progress(done, total=len(futures)) if progress else done:
            future.result()  # a failed notebook raises here
    return [t[2] for t in tasks]
