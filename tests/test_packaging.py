"""The set-up files agree with each other: pyproject.toml, environment.yml, constraints.txt."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]
    assert conda == _pyproject_names()


def test_constraints_pin_every_dependency_exactly():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[_name(name)] = version
    missing = sorted(_pyproject_names() - set(pins))
    assert missing == []
    assert all(re.fullmatch(r"\d+(\.\w+)*", v) for v in pins.values())


def test_one_matcher_dependency_and_no_numba():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    assert "ahocorasick-rs" in runtime and "pyahocorasick" not in runtime
    everything = _pyproject_names() | {_name(r) for rs in project["optional-dependencies"].values() for r in rs}
    assert "numba" not in everything and "fast" not in project["optional-dependencies"]



def test_the_top_level_names_are_imported_when_first_used():
    import subprocess
    import sys

    import framing

    for name in framing.__all__:
        assert getattr(framing, name) is not None, name
    assert set(framing.__all__) <= set(dir(framing))
    assert framing.text.name_words is framing.text.name_words  # a stage module as an attribute
    try:
        framing.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "has no attribute 'no_such_name'" in str(exc)
    else:
        raise AssertionError("framing.no_such_name did not raise")
    # what a Dask worker imports to score a partition: no contrast stage, scipy, scikit-learn or matplotlib
    code = ("import sys, framing.scale.dask, framing.timeline, framing.clean; "
            "print(sorted(m for m in ('framing.contrast', 'scipy', 'sklearn', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
    # a function named like a stage module stays the function once that module is imported
    code = ("import framing.sentences, framing.sentiment, framing.text, framing; "
            "print(framing.sentiment.__module__, framing.sentences.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["framing.sentiment", "framing.text"]
    star = subprocess.run([sys.executable, "-c", "from framing import *; print(hits.__module__, Corpus.__name__)"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert star.stdout.split() == ["framing.score", "Corpus"]
