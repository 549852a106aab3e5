"""The figure registry: builders by name, their context, their caption, and a deterministic ``save_figure``.

Builders (``FigureContext -> Figure``) register with :func:`register` and end with
:func:`finish`; the plot modules (``plots_*``) import this module, and
:mod:`framing.report.figures` imports them.  ``save_figure`` gives identical bytes from two
runs: no dates or versions in the metadata, a fixed SVG hash salt, clip-path ids renumbered.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from matplotlib.figure import Figure

from framing.corpus import Corpus
from framing.report import plots
from framing.schema import counted

#: Metadata that would carry a date or a version, blanked for every format.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def save_figure(fig: Figure, path: str | Path, formats: Iterable[str] = ("png", "svg"), dpi: int = 200) -> list[Path]:
    """Save ``fig`` as ``path`` with each suffix in ``formats``; return the paths written.

    The bytes depend only on the figure: metadata dates and versions are removed, the SVG
    ids come from a fixed salt, and SVG clip-path ids (matplotlib hashes the clip box's
    floats, whose last bits can differ between two layouts of the same figure) are
    renumbered in order of appearance (:func:`_renumber_clip_ids`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    with plots.style():
        for fmt in formats:
            if fmt not in _METADATA:
                raise ValueError(f"formats: {fmt!r} is not one of {', '.join(_METADATA)}")
            target = path.with_suffix(f".{fmt}")
            fig.savefig(target, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
            if fmt == "svg":
                target.write_bytes(_renumber_clip_ids(target.read_bytes()))
            written.append(target)
    return written


_CLIP_ID = re.compile(rb"(?<=url\(#)p[0-9a-f]{10}(?=\))|(?<=<clipPath id=\")p[0-9a-f]{10}(?=\")")


def _renumber_clip_ids(svg: bytes) -> bytes:
    """``svg`` with its clip-path ids (``p`` + 10 hex digits) renamed ``clip0``, ``clip1``, ... by first appearance."""
    names: dict[bytes, bytes] = {}
    return _CLIP_ID.sub(lambda m: names.setdefault(m.group(), b"clip%d" % len(names)), svg)


#: Columns the exported tables add for readers (the figure builders take the library's tables without them).
EXPORT_ONLY = {"hits": ("outlet", "sentence")}


@dataclass
class FigureContext:
    """What the builders draw from: the corpus and the tables computed from it, once each."""

    corpus: Corpus
    label: str = "corpus"
    cache: dict = field(default_factory=dict)
    #: The actor gazetteer (:func:`framing.actors.load_actors`); None: the built-in one.
    actors: object = None
    #: The documents column the ``outlet`` column's groups come from (the report's ``--by``); titles name it.
    group: str = "outlet"
    #: VADER scores the words of proper names (the report's ``--score-names``; :func:`framing.sentiment.sentiment`).
    score_names: bool = False

    @classmethod
    def from_results(cls, results, label: str = "corpus") -> FigureContext:
        """A context over ``results.corpus`` whose tables are those of ``results`` (:mod:`framing.report.results`)."""
        actors = None
        given = (results.settings or {}).get("actors")
        if "actors" in results.tables:  # --actors discover: the gazetteer found in the corpus
            actors = results.tables["actors"]
        elif given and Path(given).is_file():  # else (a report read elsewhere): its mentions table still holds them
            from framing.actors import load_actors

            actors = load_actors(given)
        settings = results.settings or {}
        ctx = cls(results.corpus, label, actors=actors, group=str(settings.get("by") or "outlet"),
                  score_names=bool(settings.get("score_names")))
        t = results.tables
        for name in ("quotes", "sentences", "hits", "sentiment", "mentions"):
            if name in t:
                ctx.__dict__[name] = t[name].drop(columns=list(EXPORT_ONLY.get(name, ())), errors="ignore")
        if "corpus_summary" in t:
            ctx.__dict__["summary"] = t["corpus_summary"]
        for name, key in (("voice_words", "voice_words"), ("attribution_cues", "attribution_stance")):
            if name in t:
                ctx.cache[key] = t[name]
        ctx.cache.update(getattr(results, "pair", {}))  # fightin_words, keyness of the figures' pair
        ctx.cache.update(getattr(results, "figure_cache", {}))  # the contrast figures' tables (derived.unit_spread)
        if getattr(results, "unit_counts", None) is not None and not (results.settings or {}).get("stop_words"):
            ctx.cache["units"] = results.unit_counts  # the pass's unit counts (default stop words, as the figures')
        if "loaded_rate_interval" in t:
            ctx.cache["loaded_rate_interval"] = t["loaded_rate_interval"]  # the report's, whiskers of its figure
        if "word_shift" in t:
            ctx.cache["word_shift"] = t["word_shift"]  # framing.report.derived's, the figure's sides
        if (results.settings or {}).get("freq"):
            ctx.cache["freq"] = results.settings["freq"]  # the report's --freq (or its default from the dates)
        return ctx

    @cached_property
    def summary(self):
        return self.corpus.summary()

    def units(self):
        """The corpus's unit table (:func:`framing.contrast.unit_table`; the report pass's, else counted once)."""
        from framing.contrast import unit_table

        if "units" not in self.cache:
            self.cache["units"] = unit_table(self.corpus)
        return self.cache["units"]

    @cached_property
    def voice_analysis(self):
        """The voice layer's parses (:class:`framing.voice.Analysis`), shared by the voice tables."""
        from framing.voice import Analysis

        return Analysis()

    @cached_property
    def quotes(self):
        """Quotations (:func:`framing.voice.quotes`)."""
        from framing.voice import quotes

        return quotes(self.corpus, analysis=self.voice_analysis)

    @cached_property
    def sentences(self):
        """Sentences with voice and speaker (:func:`framing.voice.sentence_voice`)."""
        from framing.voice import sentence_voice

        return sentence_voice(self.corpus, quotes=self.quotes, analysis=self.voice_analysis)

    @cached_property
    def hits(self):
        """Lexicon hits (built-in lexicon, every category) with voice and speaker."""
        from framing.score import hits
        from framing.voice import label_spans

        raw = hits(self.corpus, sentences=self.sentences)
        return label_spans(raw, self.corpus, quotes=self.quotes, sentences=self.sentences)

    @cached_property
    def sentiment(self):
        """Sentence sentiment (:func:`framing.sentiment.sentiment`) with voice."""
        from framing.sentiment import sentiment

        return sentiment(self.corpus, sentences=self.sentences, score_names=self.score_names)

    @cached_property
    def mentions(self):
        """Actor mentions (:func:`framing.actors.mentions`)."""
        from framing.actors import mentions

        return mentions(self.corpus, self.actors, sentences=self.sentences)

    def noun(self, plural: bool = False) -> str:
        """What a group is called in titles and labels: ``outlet(s)``, or ``<by> group(s)`` (:func:`group_noun`)."""
        return group_noun(self.group, plural)

    def caption(self) -> str:
        """``Corpus: LABEL · N documents · K outlets`` (``K lean groups · M outlets`` when grouped by another
        column), in the singular for one."""
        docs = self.corpus.documents
        n, k = len(docs), docs["outlet"].nunique()
        text = f"Corpus: {self.label} \u00b7 {counted(n, 'document')} \u00b7 {k} {self.noun(k != 1)}"
        if self.group != "outlet" and "outlet_name" in docs.columns:  # --by moved the outlet there
            text += f" \u00b7 {counted(docs['outlet_name'].nunique(), 'outlet')}"
        return text


def group_noun(group: str = "outlet", plural: bool = False) -> str:
    """``"outlet"`` / ``"outlets"`` when grouped by outlet, else ``"<group> group(s)"`` (e.g. lean group)."""
    if group == "outlet":
        return "outlets" if plural else "outlet"
    return f"{group} groups" if plural else f"{group} group"


Builder = Callable[[FigureContext], Figure]
#: The report's figures, in drawing order: ``build_all`` draws these by default.
FIGURES: dict[str, Builder] = {}
#: Figures drawn only when named (``build_all(..., names=[...])``): views that need a
#: corpus the report's does not have, e.g. ``loaded_terms_over_time`` (many dated documents).
OPTIONAL_FIGURES: dict[str, Builder] = {}


def register(name: str, *, report: bool = True) -> Callable[[Builder], Builder]:
    """Decorator: register a figure builder under ``name`` (the file stem).

    ``report=False`` puts it in :data:`OPTIONAL_FIGURES` instead of :data:`FIGURES`.
    """

    def decorate(builder: Builder) -> Builder:
        if name in FIGURES or name in OPTIONAL_FIGURES:
            raise ValueError(f"a figure named {name!r} is already registered")
        (FIGURES if report else OPTIONAL_FIGURES)[name] = builder
        return builder

    return decorate


def finish(fig: Figure, ctx: FigureContext | str, title: str) -> Figure:
    """Give ``fig`` its title and the corpus caption, clear of the axes (every builder calls it).

    ``ctx``: the figure context (its :meth:`FigureContext.caption`), or the caption itself.
    """
    width = max(int(fig.get_figwidth() * 10.5), 20)  # characters of 11 pt bold that fit the figure's width
    lines = [part for line in title.split("\n") for part in (textwrap.wrap(line, width) or [""])]
    fig.suptitle("\n".join(lines), x=0.01, ha="left", fontsize=11, fontweight="bold")
    return add_caption(fig, ctx if isinstance(ctx, str) else ctx.caption())


def add_caption(fig: Figure, caption: str) -> Figure:
    """Write ``caption`` at the bottom left of ``fig``, wrapped to its width, and keep the axes clear of it."""
    lines = textwrap.wrap(caption, width=int(fig.get_figwidth() * 17)) or [""]
    height = fig.get_figheight()
    fig.text(0.01, 0.04 / height, "\n".join(lines), fontsize=7, color="#555555", ha="left", va="bottom")
    label = getattr(fig, "_supxlabel", None)  # a figure-wide x label sits at the bottom edge, where the caption is:
    if label is not None:  # blank lines under it lift it clear of the caption
        label.set_text(label.get_text() + "\n" * len(lines))
    engine = fig.get_layout_engine()
    if engine is not None:  # keep the caption clear of the axes
        bottom = (0.22 + 0.12 * (len(lines) - 1)) / height
        engine.set(rect=(0, bottom, 1, 1 - bottom))
    return fig
