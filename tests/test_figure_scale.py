"""Figure sizes and text at scale: 150 groups, 3,000 documents, awkward names (framing.report.layout rules)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import framing as fr  # noqa: E402
from framing.report import figures, layout, palette  # noqa: E402

SENTENCES = (
    "Critics called the new rules baseless.",
    'Officials said "the plan is rigged" on Monday.',
    "Nurses were praised as heroic workers in Poland.",
    "Opponents warned of massive spending by NATO.",
    "Lukashenko reviewed the new rules with Russia.",
    "Prices rose again this month across the country.",
)
MATH_NAMES = ("$\\frac$", "Fox $5 and $10 News", "a_b^c \\alpha")
LONG_NAME = "Very Long Outlet " + "x" * 983  # 1,000 characters


def _documents(n_docs: int, n_groups: int, names=()) -> pd.DataFrame:
    groups = list(names) + [f"Outlet {g:03d}" for g in range(n_groups - len(names))]
    rows = []
    for i in range(n_docs):
        g = groups[(i * i + i) % n_groups] if i >= n_groups else groups[i]  # uneven group sizes, every group used
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3))
        date = (pd.Timestamp("2019-01-01") + pd.Timedelta(days=(7 * i) % 1460)).strftime("%Y-%m-%d")
        rows.append((f"d{i:05d}", g, date, text))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"])


def _sizes(paths) -> dict[str, tuple[int, int]]:
    out = {}
    for p in paths:
        if p.suffix == ".png":
            with Image.open(p) as im:
                out[p.stem] = im.size
    return out


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    corpus = fr.load_corpus(_documents(3000, 150, names=MATH_NAMES + (LONG_NAME,)))
    out = tmp_path_factory.mktemp("many")
    return _sizes(figures.build_all(corpus, out, names=list(figures.FIGURES)))


def test_every_figure_at_150_groups_and_3000_documents_is_at_most_4000_px(many):
    assert set(many) == set(figures.FIGURES)
    assert many["actors"][1] > 600  # the actors grid, not the empty message
    for name, (w, h) in many.items():
        assert w <= 4000 and h <= 4000, (name, w, h)


def test_figures_build_with_math_characters_and_1000_character_names(tmp_path):
    docs = _documents(12, 4, names=MATH_NAMES + (LONG_NAME,))
    corpus = fr.load_corpus(docs)
    sizes = _sizes(figures.build_all(corpus, tmp_path))
    for name, (w, h) in sizes.items():
        assert w <= 4000 and h <= 4000, (name, w, h)


def test_user_strings_are_drawn_literally_inside_the_style():
    from framing.report import plots

    with plots.style():
        fig, ax = plt.subplots()
        text = ax.text(0, 0, "Fox $5 and $10 News $\\frac$")
        fig.canvas.draw()
        assert text._get_layout(fig.canvas.get_renderer())  # laid out as plain text
        assert not text._parse_math
        plt.close(fig)


def test_short_names_and_pooling():
    assert layout.short("a" * 10) == "a" * 10
    assert layout.short("a" * 100, 10) == "a" * 9 + "\u2026"
    groups = pd.Series(["a"] * 3 + ["b"] * 2 + ["c", "d"])
    assert layout.pool_groups(groups, 2) == {"a": "a", "b": "b", "c": "other (2 groups)", "d": "other (2 groups)"}
    assert layout.pool_groups(groups, 4) == {g: g for g in "abcd"}
    assert layout.capped(30, 5) == (20, 5)


def test_colours_never_recycle():
    eight = palette.outlet_colors([f"g{i}" for i in range(8)])
    assert len(set(eight.values())) == 8
    nine = palette.outlet_colors([f"g{i}" for i in range(9)])
    assert set(nine.values()) == {palette.ONE_HUE}  # one hue: figures label the groups directly


def test_sentiment_band_over_the_threshold_is_a_box_with_the_share_at_zero():
    from framing.report.plots_sentiment import _zero_note

    n = layout.DOT_SENTENCES + 1
    x = pd.Series([0.0] * (n // 2) + [0.5] * (n - n // 2)).to_numpy()
    assert _zero_note(x) == f", {100 * (n // 2) / n:.0f}% at 0"
    assert _zero_note(x[:10]) == ""


def test_months_widen_to_years_when_months_hold_few_tokens():
    from framing.report.plots_timeline import readable_freq
    from framing.timeline import document_scores

    corpus = fr.load_corpus(_documents(200, 3))
    assert readable_freq(document_scores(corpus), "month") == "year"


def test_no_legend_shows_two_groups_in_one_colour(tmp_path):
    from matplotlib.colors import to_hex
    from matplotlib.legend import Legend

    from framing.report import plots
    from framing.report.figure_registry import FigureContext

    docs = _documents(40, 10)  # 10 groups: more than the palette's 8 colours
    ctx = FigureContext(fr.load_corpus(docs))
    groups = set(docs["outlet"])
    for name, builder in figures.FIGURES.items():
        with plots.style():
            fig = builder(ctx)
        for legend in fig.findobj(Legend):
            seen = {}
            for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
                label = text.get_text().split(" (")[0]
                if label in groups:
                    color = handle.get_facecolor() if hasattr(handle, "get_facecolor") else handle.get_color()
                    seen.setdefault(to_hex(color), []).append(label)
            assert all(len(v) == 1 for v in seen.values()), (name, seen)
        plt.close(fig)


def test_the_archive_over_time_view_pools_the_groups_beyond_the_largest():
    # notebook 07 draws an archive's over-time table: 5 groups with k=2 -> a, b and "other (3 groups)", the rate of
    # the pooled groups recomputed from their summed counts and tokens
    from framing.report.plots_timeline import over_time_figure, pooled_rates
    from framing.timeline import rates_from_sums

    sums = pd.DataFrame({
        "outlet": ["a", "a", "b", "c", "d", "e"], "period": ["2020-01-01", "2020-02-01"] + ["2020-01-01"] * 4,
        "n_documents": [3, 2, 4, 1, 1, 1], "count": [6, 1, 2, 1, 0, 3], "n_tokens": [1000, 500, 2000, 100, 100, 300],
    })
    rates = rates_from_sums(sums, freq="month")
    pooled = pooled_rates(rates, k=2)
    other = pooled[pooled["outlet"] == "other (3 groups)"]
    assert sorted(pooled["outlet"].unique()) == ["a", "b", "other (3 groups)"]
    assert other[["period", "n_documents", "count", "n_tokens"]].values.tolist() == [["2020-01-01", 3, 4, 500]]
    assert other["per_1k"].tolist() == [8.0]
    assert pooled_rates(rates, k=4) is rates  # k + 1 groups: drawn as they are
    fig = over_time_figure(rates_from_sums(pd.concat([sums.assign(outlet=sums["outlet"] + str(i)) for i in range(5)]),
                                           freq="month"), "caption")
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == layout.TOP_GROUPS + 1
    # one y-axis for all panels, set once: the highest rate (a4: 30 per 1,000) or its band within 2x of it (each
    # panel used to set the shared axis again, 1.05 x the last, so the top grew with the number of panels)
    from framing.report.plots_timeline import y_top
    from framing.timeline import rate_interval

    top, _ = y_top(rate_interval(pooled_rates(rates_from_sums(
        pd.concat([sums.assign(outlet=sums["outlet"] + str(i)) for i in range(5)]), freq="month"))))
    assert [ax.get_ylim() for ax in panels] == [(0.0, pytest.approx(top * 1.05))] * len(panels)
    assert top == 20.0  # c0, c1: 10 per 1,000 with a token-Wilson band to 54 (no moments in this table): cut at 2x
    plt.close(fig)


def test_a_figure_wide_x_label_is_lifted_clear_of_the_corpus_caption(tmp_path):
    # the many-group panels write a long figure-wide x label; it sat on the bottom edge, over the caption
    from framing.report.figure_registry import finish

    fig, axes = plt.subplots(1, 2, figsize=(6, 3), layout="constrained")
    fig.supxlabel("a long shared label " * 8, fontsize=8)
    finish(fig, "Corpus: x \u00b7 3 documents", "Title")
    assert fig._supxlabel.get_text() == "a long shared label " * 8 + "\n"  # one caption line: one blank line
    fig.savefig(tmp_path / "f.png")
    renderer = fig.canvas.get_renderer()
    label = fig._supxlabel.get_window_extent(renderer)
    caption = next(t for t in fig.texts if t.get_text().startswith("Corpus:")).get_window_extent(renderer)
    glyphs = label.y0 + label.height / 2  # the label's text line (its lower half is the blank line)
    assert glyphs > caption.y1
    plt.close(fig)
