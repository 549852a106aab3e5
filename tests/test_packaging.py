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

