"""Figures: registry, deterministic bytes, and plot content."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from framing.report import figure_registry as registry  # noqa: E402
from framing.report import figures, plots  # noqa: E402


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    first = tmp_path_factory.mktemp("run1")
    second = tmp_path_factory.mktemp("run2")
    return figures.build_all(corpus, first), figures.build_all(corpus, second)


def test_every_registered_figure_is_written_twice_identically(built):
    first, second = built
    assert [p.name for p in first] == [f"{n}.{ext}" for n in figures.FIGURES for ext in ("png", "svg")]
    for a, b in zip(first, second, strict=True):
        assert a.stat().st_size > 1000
        assert a.read_bytes() == b.read_bytes(), a.name


def test_saved_files_carry_no_date_or_version(built):
    for path in built[0]:
        data = path.read_bytes()
        assert b"Matplotlib" not in data and b"matplotlib.org" not in data
        assert b"<dc:date>" not in data


def test_unknown_figure_name_is_refused(corpus, tmp_path):
    with pytest.raises(ValueError, match="names: unknown figure\\(s\\) nope; registered: corpus_overview"):
        figures.build_all(corpus, tmp_path, names=["nope"])


def test_corpus_overview_draws_one_bar_per_outlet_with_its_colour(corpus):
    with plots.style():
        axes = plots.plot_corpus_overview(corpus.summary())
    widths = [[bar.get_width() for bar in ax.patches] for ax in axes]
    assert widths == [[512, 394], [21, 18], [154, 80]]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["Fox News", "Unnamed pro-Kremlin outlet"]
    colours = {matplotlib.colors.to_hex(bar.get_facecolor()) for bar in axes[0].patches}
    assert colours == {plots.OKABE_ITO[0].lower(), plots.OKABE_ITO[1].lower()}
    plt.close("all")


def test_outlet_colours_are_stable_and_sorted():
    assert plots.outlet_colors(["b", "a", "b"]) == {"a": plots.OKABE_ITO[0], "b": plots.OKABE_ITO[1]}


def test_over_time_figure_is_in_the_report_set_and_names_are_unique():
    assert list(figures.FIGURES)[-1] == "loaded_terms_over_time"
    with pytest.raises(ValueError, match="a figure named 'loaded_terms_over_time' is already registered"):
        figures.register("loaded_terms_over_time")(lambda ctx: None)


def test_optional_figure_is_drawn_only_when_named_with_identical_bytes(corpus, tmp_path):
    def builder(ctx):
        fig, ax = plt.subplots(figsize=(3, 2), layout="constrained")
        ax.bar([0, 1], [len(ctx.corpus.documents), 1])
        return figures.finish(fig, ctx, "An optional figure")

    figures.register("test_optional", report=False)(builder)
    try:
        assert "test_optional" in figures.OPTIONAL_FIGURES and "test_optional" not in figures.FIGURES
        first = figures.build_all(corpus, tmp_path / "a", names=["test_optional"])
        second = figures.build_all(corpus, tmp_path / "b", names=["test_optional"])
        assert [p.name for p in first] == ["test_optional.png", "test_optional.svg"]
        for a, b in zip(first, second, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
        with pytest.raises(ValueError, match="optional: test_optional"):
            figures.build_all(corpus, tmp_path, names=["nope"])
    finally:
        del figures.OPTIONAL_FIGURES["test_optional"]


def test_svg_clip_ids_are_renumbered_by_first_appearance():
    svg = (b'<g clip-path="url(#pb729515f0b)"/><g clip-path="url(#p0123456789)"/>'
           b'<g clip-path="url(#pb729515f0b)"/><defs><clipPath id="pb729515f0b"/>'
           b'<clipPath id="p0123456789"/></defs><path id="m4fa1b2c3d4"/>')
    assert registry._renumber_clip_ids(svg) == (
        b'<g clip-path="url(#clip0)"/><g clip-path="url(#clip1)"/>'
        b'<g clip-path="url(#clip0)"/><defs><clipPath id="clip0"/>'
        b'<clipPath id="clip1"/></defs><path id="m4fa1b2c3d4"/>'
    )
