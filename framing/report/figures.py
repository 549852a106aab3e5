"""The report's figures: the list of them, in drawing order, and ``build_all``.

``build_all(corpus, out)`` writes every report figure as PNG (200 dpi) and SVG through
:func:`framing.report.figure_registry.save_figure`.  The builders live in the ``plots_*`` modules
(imported here, they register themselves) and :func:`corpus_overview`; the registry, the
figure context and the caption are in :mod:`framing.report.figure_registry`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from framing.corpus import Corpus
from framing.report import (  # noqa: F401  (register builders)
    plots,
    plots_contrast,
    plots_lexical,
    plots_sentiment,
    plots_timeline,
)
from framing.report.figure_registry import (
    FIGURES,
    OPTIONAL_FIGURES,
    Builder,
    FigureContext,
    add_caption,
    finish,
    register,
    save_figure,
)

__all__ = [
    "FIGURES",
    "OPTIONAL_FIGURES",
    "REPORT",
    "Builder",
    "FigureContext",
    "add_caption",
    "build_all",
    "draw_report",
    "corpus_label",
    "corpus_overview",
    "finish",
    "register",
    "save_figure",
    "use_headless_backend",
]

#: The report's figures, in drawing order (the order of :data:`FIGURES`).
REPORT = (
    "corpus_overview",
    "loaded_terms_by_category",
    "where_terms_fall",
    "voice_composition",
    "attribution_stance",
    "sentence_sentiment",
    "actors",
    "word_shift",
    "distinctive_words",
    "keyness",
    "loaded_terms_over_time",
)


def use_headless_backend() -> None:
    """Draw without a screen (matplotlib's Agg backend), as the command line does."""
    import matplotlib

    matplotlib.use("Agg")


def corpus_label(source) -> str:
    """The name a figure gives its corpus: the folder or file name of ``source``."""
    name = Path(str(source)).resolve().name if not hasattr(source, "columns") else "DataFrame"
    return name or str(source)


@register("corpus_overview")
def corpus_overview(ctx: FigureContext) -> Figure:
    fig, axes = plt.subplots(1, 3, figsize=(8, 2.9), layout="constrained")
    plots.plot_corpus_overview(ctx.summary, axes)
    return finish(fig, ctx, f"Corpus overview: size of each {ctx.noun()}'s text after cleaning")


def _in_report_order() -> None:
    """Put :data:`FIGURES` in the order of :data:`REPORT` (builders register in import order); others after."""
    order = {name: FIGURES[name] for name in REPORT}
    order.update((name, builder) for name, builder in FIGURES.items() if name not in order)
    FIGURES.clear()
    FIGURES.update(order)


_in_report_order()


def build_all(
    corpus: Corpus,
    out: str | Path,
    *,
    names: Iterable[str] | None = None,
    label: str = "corpus",
    progress=None,
    actors=None,
    ctx: FigureContext | None = None,
) -> list[Path]:
    """Build the figures ``names`` into the folder ``out``.

    ``names``: default every report figure (:data:`FIGURES`); optional figures
    (:data:`OPTIONAL_FIGURES`) are drawn when named.  ``progress``: an optional callable
    wrapping the iterable of names (e.g. ``tqdm``).  Returns the paths written, in the
    order of ``names``.  ``actors``: the gazetteer of the actors figure (None: built-in).  ``ctx``: the
    tables to draw from (e.g. ``Results.context()``, whose actors are its own); default a fresh
    :class:`FigureContext` over ``corpus`` that computes them as the builders ask.
    """
    names = list(FIGURES) if names is None else list(names)
    builders = {**FIGURES, **OPTIONAL_FIGURES}
    unknown = [n for n in names if n not in builders]
    if unknown:
        raise ValueError(
            f"names: unknown figure(s) {', '.join(unknown)}; registered: {', '.join(FIGURES)}; "
            f"optional: {', '.join(OPTIONAL_FIGURES)}"
        )
    ctx = FigureContext(corpus, label, actors=actors) if ctx is None else ctx
    written: list[Path] = []
    iterable = progress(names) if progress else names
    for name in iterable:
        with plots.style():
            fig = builders[name](ctx)
        try:
            written += save_figure(fig, Path(out) / name)
        finally:
            plt.close(fig)
    return written


#: What a worker process of :func:`draw_report` reads: (corpus, out, ctx), set before fork.
_DRAW: tuple | None = None
#: Drawn first when figures are drawn in parallel: the longest (a point per unit).
_LONGEST = ("distinctive_words", "sentence_sentiment", "actors")


def _draw_one(name: str) -> tuple[str, list[Path], str | None]:
    corpus, out, ctx = _DRAW
    try:
        return name, build_all(corpus, out, names=[name], ctx=ctx), None
    except ValueError as exc:  # e.g. a contrast on a corpus of one group
        return name, [], str(exc)


def draw_report(corpus: Corpus, out: str | Path, ctx: FigureContext, *, names: Iterable[str] | None = None,
                jobs: int = 1, progress=None, meanwhile=None) -> tuple[list[Path], dict[str, str]]:
    """Draw the figures ``names`` (default :data:`FIGURES`) into ``out`` from ``ctx``; return the paths written (in
    the order of ``names``) and the figures not drawn with the reason (a ``ValueError``'s message).

    ``jobs`` > 1 draws that many figures at once in forked processes on Linux (one at a time elsewhere); the files
    are the same.  ``meanwhile``: a callable run in this process while they draw (e.g. writing the tables).
    ``progress``: wraps the iterable of drawn figures (tqdm) and takes ``total=``.
    """
    global _DRAW
    import multiprocessing
    import sys

    names = list(FIGURES) if names is None else list(names)
    done: dict[str, tuple[list[Path], str | None]] = {}
    fork = sys.platform.startswith("linux")
    if jobs > 1 and len(names) > 1 and fork:
        order = [n for n in _LONGEST if n in names] + [n for n in names if n not in _LONGEST]
        _DRAW = (corpus, out, ctx)
        try:
            with multiprocessing.get_context("fork").Pool(min(jobs, len(names))) as pool:
                drawn = pool.imap_unordered(_draw_one, order)
                if meanwhile is not None:
                    meanwhile()
                for name, paths, why in progress(drawn, total=len(order)) if progress else drawn:
                    done[name] = (paths, why)
        finally:
            _DRAW = None
    else:
        if meanwhile is not None:
            meanwhile()
        _DRAW = (corpus, out, ctx)
        try:
            for name in progress(names, total=len(names)) if progress else names:
                done[name] = _draw_one(name)[1:]
        finally:
            _DRAW = None
    written = [p for n in names for p in done[n][0]]
    return written, {n: done[n][1] for n in names if done[n][1] is not None}
