"""The command line as a program: ``python -m framing``, and output into a closed pipe."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from framing import cli

SEED = str(ROOT / "corpus")
STREAM = ROOT / "tests" / "fixtures" / "stream"


def test_importing_main_runs_nothing(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["framing", "corpus", SEED])
    sys.modules.pop("framing.__main__", None)
    importlib.import_module("framing.__main__")
    assert capsys.readouterr() == ("", "")


def test_a_closed_pipe_ends_the_program_quietly():
    """``framing score corpus | head -1`` with the reader gone before the first byte: no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "framing", "score", SEED], stdout=write, stderr=subprocess.PIPE, cwd=ROOT,
            timeout=300,
        )
    finally:
        os.close(write)
    assert proc.stderr.decode() == ""
    assert proc.returncode == cli.BROKEN_PIPE


def test_head_reads_the_first_line():
    proc = subprocess.run(
        f"'{sys.executable}' -m framing corpus '{SEED}' | head -1", shell=True, capture_output=True, cwd=ROOT,
        timeout=300,
    )
    assert proc.stdout.decode().startswith("2 documents from ")
    assert proc.stderr.decode() == ""


class _ClosedPipe:
    """A stdout whose reader has gone: every write and flush raises BrokenPipeError."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    "argv",
    [
        ["corpus", SEED],
        ["score", SEED],
        ["archive", str(STREAM / "corrupt.jsonl"), "--lexicon", str(STREAM / "lexicon.csv"), "--by", "outlet"],
        ["validate", str(ROOT / "tests" / "fixtures" / "validate" / "ptc"), "--n-boot", "0", "--labels", "all"],
        ["contrast", SEED, "--top", "1"],
        ["sentiment", SEED, "--by", "outlet"],
        ["--help"],
    ],
    ids=lambda argv: argv[0],
)
def test_every_printing_command_stops_quietly_at_a_closed_pipe(argv, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert cli.main(argv) == cli.BROKEN_PIPE
    assert capsys.readouterr().err == ""
