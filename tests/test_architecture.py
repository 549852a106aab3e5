"""The layout of framing/: no import cycle, imports only downward, no module over 600 lines.

Every module under framing/ is parsed with :mod:`ast`; imports at module level, inside
functions and ``importlib.import_module("framing.…")`` calls all count.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "framing"
MAX_LINES = 600

#: Pipeline stages, lowest first: a module may import its own stage or a lower one, never a
#: higher one.  Keys are the first name under framing/ (a module, or a subpackage that counts
#: as one stage).  A stage's module that does not exist (yet) is fine.  Private speed modules
#: sit with the stage they serve (matching, sentence splitting).
ORDER = (
    ("input", ("io", "clean")),
    ("text", ("text", "sentences")),
    ("corpus", ("corpus",)),  # load_corpus counts each document's tokens and sentences (text)
    ("lexicon", ("lexicon",)),
    ("match", ("match",)),
    ("score", ("score",)),
    ("analysis", ("voice", "sentiment", "actors", "wordshift", "contrast", "timeline", "learned", "validate",
                  "paired")),
    ("output", ("scale", "report")),
    ("entry", ("cli", "__main__", "")),  # "": framing/__init__.py, the public API
)
STAGE = {name: rank for rank, (_, names) in enumerate(ORDER) for name in names}

#: Deprecated aliases kept for old imports: each re-exports its new home and sits in its stage.
ALIASES = {"stream": "scale", "dask": "scale", "figures": "report", "plots_timeline": "report"}

#: Modules in no stage (schema, stats, ...) are *base*: anyone may import them, and they
#: import only base modules.

#: Exceptions, each removed by another helper's branch of issue #22 (matcher: score, lexicon,
#: _fast*; text: _sentences_*; voice, contrast, scale: the splits).  A pair allows one import
#: edge (upward, or closing a cycle); a name allows one module over MAX_LINES.  The integrator
#: empties this after merging: test_known_exceptions_are_still_needed names each stale entry.
KNOWN: set = set()


@cache
def modules() -> dict[str, Path]:
    """Dotted name -> file of every module under framing/ (a package's name for its __init__)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _target(name: str) -> str | None:
    """The framing module ``name`` loads: itself, or its closest package; None outside framing."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    """Framing modules that ``module`` imports anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_target(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # ``from framing.report import plots``: the submodule
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules() else _target(base))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(_target(node.args[0].value))
    found.discard(None)
    found.discard(module)
    return found


@cache
def graph() -> dict[str, set[str]]:
    return {name: _imports(name, path) for name, path in modules().items()}


def stage(module: str) -> int | None:
    """Rank of ``module``'s stage (:data:`ORDER`), or None for a base module."""
    first = module.split(".")[1] if "." in module else ""
    return STAGE.get(ALIASES.get(first, first))


def _upward(a: str, b: str) -> bool:
    sa, sb = stage(a), stage(b)
    if sa is None:
        return sb is not None
    return sb is not None and sb > sa


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _allowed_graph() -> dict[str, set[str]]:
    return {a: {b for b in bs if (a, b) not in KNOWN} for a, bs in graph().items()}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_graph_sees_every_kind_of_import():
    g = graph()
    assert "framing.report.figure_registry" in g["framing.report.plots_lexical"]  # from X import name
    assert "framing.report.plots_lexical" in g["framing.report.figures"]  # from package import submodule
    assert "framing.timeline" in g["framing.scale.dask"]  # from framing import module
    assert "framing.score" in g["framing.cli"]  # inside a function
    assert "framing.sentiment" in g["framing.report.plots_sentiment"]  # importlib.import_module("...")


def test_no_import_cycle():
    cycles = _cycles(_allowed_graph())
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_imports_go_only_downward():
    bad = sorted((a, b) for a, bs in _allowed_graph().items() for b in bs if _upward(a, b))
    assert not bad, (
        "imports from a lower stage up to a higher one, or from a base module (in no stage of ORDER) into a stage: "
        + ", ".join(f"{a} -> {b}" for a, b in bad)
    )


def test_no_module_over_the_line_limit():
    big = {name: _lines(path) for name, path in modules().items() if name not in KNOWN}
    big = {name: n for name, n in big.items() if n > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines (split into a subpackage): {big}"


def test_known_exceptions_are_still_needed():
    """Each entry of KNOWN still allows something; a stale one is to be deleted from KNOWN."""
    g = graph()
    cyclic = {m for component in _cycles(g) for m in component}
    stale = []
    for entry in sorted(KNOWN, key=str):
        if isinstance(entry, tuple):
            a, b = entry
            if b not in g.get(a, ()) or not (_upward(a, b) or (a in cyclic and b in cyclic)):
                stale.append(entry)
        elif entry not in modules() or _lines(modules()[entry]) <= MAX_LINES:
            stale.append(entry)
    assert not stale, f"KNOWN entries no longer needed, delete them: {stale}"


def test_every_stage_name_is_a_module_or_free():
    """Stage names are first names under framing/; aliases point to a stage."""
    assert set(ALIASES.values()) <= set(STAGE)
    assert not set(ALIASES) & set(STAGE)
    first = {m.split(".")[1] for m in modules() if "." in m}
    assert first & set(STAGE) >= {"corpus", "text", "lexicon", "score", "report", "scale", "cli"}
