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


def _points_svg(n: int, tmp_path, rasterize: bool = True):
    """A figure of ``n`` points (no axes, so every ``<use`` is a marker), saved; and its one collection."""
    with plots.style():
        fig, ax = plt.subplots(figsize=(3, 2))
        x = [i % 50 for i in range(n)]
        y = [i // 50 for i in range(n)]
        points = plots.scatter(ax, x, y, s=4) if rasterize else ax.scatter(x, y, s=4)
        ax.axis("off")
    paths = registry.save_figure(fig, tmp_path / f"points{n}{'' if rasterize else '_vector'}")
    plt.close(fig)
    return points, paths[0].read_bytes(), paths[1].read_bytes()


def test_scatter_stays_vector_up_to_raster_points_and_is_one_image_above(tmp_path):
    from framing.report import layout

    n = layout.RASTER_POINTS
    assert n == 2000
    points, _, svg = _points_svg(n, tmp_path)
    assert not points.get_rasterized()
    assert svg.count(b"<image") == 0 and svg.count(b"<use") == n
    points, png, svg = _points_svg(n + 1, tmp_path)
    assert points.get_rasterized()
    assert svg.count(b"<image") == 1 and svg.count(b"<use") == 0
    assert b"Matplotlib" not in svg and b"<dc:date>" not in svg
    _, vector_png, vector_svg = _points_svg(n + 1, tmp_path, rasterize=False)
    assert png == vector_png  # the PNG does not change
    assert vector_svg.count(b"<use") == n + 1 and len(svg) < len(vector_svg) / 3


def test_image_in_svg_carries_no_text_chunk(tmp_path):
    import base64
    import re

    from framing.report import layout

    _, _, svg = _points_svg(layout.RASTER_POINTS + 1, tmp_path)
    (data,) = re.findall(rb"data:image/png;base64,\s*([A-Za-z0-9+/=\s]+)", svg)
    png = base64.b64decode(data)
    assert png.startswith(b"\x89PNG") and not any(chunk in png for chunk in (b"tEXt", b"tIME", b"iTXt", b"zTXt"))


def test_distinctive_words_rasterizes_only_its_dense_layer(monkeypatch):
    import pandas as pd

    from framing.report import layout
    from framing.report.plots_contrast import plot_distinctive_words

    monkeypatch.setattr(layout, "RASTER_POINTS", 3)
    fw = pd.DataFrame({"unit": list("abcdef"), "count_a": [9, 1, 2, 1, 1, 1], "count_b": [1, 8, 2, 1, 2, 1],
                       "z": [3.0, -2.5, 0.1, 0.2, -0.3, 0.0]})
    fw.attrs.update(a="x", b="y")
    with plots.style():
        fig, ax = plt.subplots()
        plot_distinctive_words(fw, ax, n_labels=0)
    # four faded units (|z| < 1.96) in one layer, two strong ones in the other
    assert [(len(c.get_offsets()), c.get_rasterized()) for c in ax.collections] == [(4, True), (2, False)]
    plt.close(fig)
