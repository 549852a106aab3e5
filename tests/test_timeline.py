"""Over time: periods, document scores, sums, rates by week / month, intervals, the figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import FOX, UNNAMED  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from pandas.testing import assert_frame_equal  # noqa: E402

from framing import timeline  # noqa: E402
from framing.lexicon import Lexicon  # noqa: E402
from framing.report.palette import OKABE_ITO  # noqa: E402
from framing.report.plots_timeline import MARKERS, plot_rates_over_time  # noqa: E402

# A lexicon of three words and a dated corpus whose counts are known by construction:
#   a1 A 2021-01-04  "riot riot calm day"       label 2, 4 tokens
#   a2 A 2021-01-20  "hero came home"           praise 1, 3 tokens
#   a3 A 2021-03-02  "quiet news claimed riot"  label 1, stance 1, 4 tokens
#   b1 B 2021-02-15  "hero hero riot"           praise 2, label 1, 3 tokens
#   b2 B 2021-02     "nothing at all"           0, 3 tokens (month precision)
#   b3 B (no date)   "riot"                     label 1, 1 token
LEX = Lexicon.from_table(
    pd.DataFrame({"term": ["riot", "hero", "claimed"], "category": ["label", "praise", "stance_distancing"]}),
    name="tiny",
)
DOCS = pd.DataFrame(
    {
        "doc_id": ["a1", "a2", "a3", "b1", "b2", "b3"],
        "outlet": ["A", "A", "A", "B", "B", "B"],
        "date": ["2021-01-04", "2021-01-20", "2021-03-02", "2021-02-15", "2021-02", ""],
        "text": ["riot riot calm day", "hero came home", "quiet news claimed riot", "hero hero riot",
                 "nothing at all", "riot"],
    }
)


@pytest.fixture(scope="module")
def tiny():
    return timeline.document_scores(DOCS, LEX)


@pytest.fixture(scope="module")
def seed_scores(corpus):
    return timeline.document_scores(corpus)


def _rates(rows, columns=("outlet", "period", "n_documents", "count", "n_tokens", "per_1k")):
    frame = pd.DataFrame(rows, columns=list(columns))
    ints = [c for c in timeline.SUMS if c in frame.columns]
    return frame.astype({c: "int64" for c in ints} | {"per_1k": "float64"})


# --------------------------------------------------------------------------------------
# periods
# --------------------------------------------------------------------------------------


def test_period_of_gives_first_days_and_blank_when_too_coarse():
    dates = ["2021-01-20", "2021-01-20T10:30:00", "2021-02", "2021", "", None, "2021-02-30", "20/01/2021"]
    assert timeline.period_of(dates, "month").tolist() == ["2021-01-01", "2021-01-01", "2021-02-01", "", "", "", "",
                                                           ""]
    assert timeline.period_of(dates, "week").tolist() == ["2021-01-18", "2021-01-18", "", "", "", "", "", ""]
    assert timeline.period_of(dates, "year").tolist() == ["2021-01-01"] * 4 + [""] * 4
    assert timeline.period_of(dates, "quarter").tolist() == ["2021-01-01"] * 3 + [""] * 5
    assert timeline.period_of(["2021-04-01", "2021-06-30", "2021-07", "2021-12-31"], "quarter").tolist() == [
        "2021-04-01", "2021-04-01", "2021-07-01", "2021-10-01"]
    stamps = pd.Series(pd.to_datetime(["2020-08-23", "2020-08-24"]))
    assert timeline.period_of(stamps, "week").tolist() == ["2020-08-17", "2020-08-24"]  # 23rd is a Sunday


def test_rates_by_quarter_pool_the_months_of_each_quarter(tiny):
    rates = timeline.rates_over_time(tiny, freq="quarter")
    assert rates[["outlet", "period", "n_documents", "count", "n_tokens"]].values.tolist() == [
        ["A", "2021-01-01", 3, 4, 11], ["B", "2021-01-01", 2, 3, 6]]
    assert rates.attrs["freq"] == "quarter" and rates.attrs["undated"] == ["b3"]


def test_period_of_refuses_an_unknown_freq():
    with pytest.raises(ValueError, match="freq must be one of week, month, quarter, year, not 'day'"):
        timeline.period_of(["2021-01-01"], "day")


# --------------------------------------------------------------------------------------
# document scores and sums
# --------------------------------------------------------------------------------------


def test_document_scores_has_every_document_by_category_with_metadata(tiny):
    assert list(tiny.columns) == list(timeline.DOC_SCORES)
    assert len(tiny) == 6 * 3
    a3 = tiny[tiny["doc_id"] == "a3"]
    assert a3[["category", "count", "n_tokens"]].values.tolist() == [
        ["label", 1, 4], ["praise", 0, 4], ["stance_distancing", 1, 4]]
    assert tiny.loc[tiny["doc_id"] == "b2", "date"].unique().tolist() == ["2021-02"]
    assert tiny.loc[tiny["doc_id"] == "b3", "date"].unique().tolist() == [""]


def test_with_metadata_writes_datetimes_as_days_and_blanks_missing_ones():
    scores = pd.DataFrame({"doc_id": ["x", "y"], "category": ["c", "c"], "count": [1, 0], "n_tokens": [5, 6]})
    docs = pd.DataFrame({"doc_id": ["y", "x"], "date": pd.to_datetime(["2021-03-04 12:00", None])})
    out = timeline.with_metadata(scores, docs)
    assert out[["doc_id", "outlet", "date"]].values.tolist() == [["x", "", ""], ["y", "", "2021-03-04"]]


def test_sums_count_each_document_once_when_category_is_not_grouped(tiny):
    by_outlet = timeline.sums(tiny, by=("outlet",))
    # stance hit of a3 included; moments: A (y, x) = (2, 4), (1, 3), (2, 4); B (3, 3), (0, 3), (1, 1)
    assert by_outlet.values.tolist() == [["A", 3, 5, 11, 9, 19, 41], ["B", 3, 4, 7, 10, 10, 19]]
    by_cat = timeline.sums(tiny, by=("outlet", "category"))
    assert by_cat[by_cat["outlet"] == "A"].values.tolist() == [  # label y = 2, 0, 1; praise 0, 1, 0; stance 0, 0, 1
        ["A", "label", 3, 3, 11, 5, 12, 41], ["A", "praise", 3, 1, 11, 1, 3, 41],
        ["A", "stance_distancing", 3, 1, 11, 1, 4, 41]]


def test_add_sums_of_two_halves_equals_the_sums_of_the_whole(tiny):
    by = ["outlet", "period"]
    first, second = tiny[tiny["doc_id"] < "b1"], tiny[tiny["doc_id"] >= "b1"]
    merged = timeline.add_sums(timeline.sums(first, by=by, freq="month"), timeline.sums(second, by=by, freq="month"),
                               by)
    assert_frame_equal(merged, timeline.sums(tiny, by=by, freq="month"), check_exact=True)


def test_sums_on_the_seed_articles(seed_scores):
    table = timeline.finish(timeline.sums(seed_scores, by=("outlet", "period"), freq="month"))
    assert table.values.tolist() == [
        ["Fox News", "2020-08-01", 1, 24, 512, 24 * 24, 24 * 512, 512 * 512, 1000 * 24 / 512],
        ["Unnamed pro-Kremlin outlet", "2020-11-01", 1, 25, 394, 25 * 25, 25 * 394, 394 * 394, 1000 * 25 / 394],
    ]


# --------------------------------------------------------------------------------------
# rates over time
# --------------------------------------------------------------------------------------


def test_monthly_rates_fill_gaps_with_zero_documents_and_list_undated(tiny):
    rates = timeline.rates_over_time(tiny, freq="month")
    expected = _rates([  # moments from (hits, tokens): a1 (2, 4), a2 (1, 3); a3 (1, 4); b1 (3, 3), b2 (0, 3)
        ("A", "2021-01-01", 2, 3, 7, 5, 11, 25, 3000 / 7),
        ("A", "2021-02-01", 0, 0, 0, 0, 0, 0, 0.0),
        ("A", "2021-03-01", 1, 1, 4, 1, 4, 16, 250.0),
        ("B", "2021-02-01", 2, 3, 6, 9, 9, 18, 500.0),
    ], columns=("outlet", "period", *timeline.SUMS, "per_1k"))
    assert_frame_equal(rates, expected, check_exact=True)
    assert rates.attrs == {"undated": ["b3"], "freq": "month"}


def test_weekly_rates_start_on_mondays_and_leave_month_dates_out(tiny):
    rates = timeline.rates_over_time(tiny, freq="week")
    a = rates[rates["outlet"] == "A"]
    assert a["period"].tolist() == ["2021-01-04", "2021-01-11", "2021-01-18", "2021-01-25", "2021-02-01",
                                    "2021-02-08", "2021-02-15", "2021-02-22", "2021-03-01"]
    assert a["count"].tolist() == [2, 0, 1, 0, 0, 0, 0, 0, 1]
    assert rates[rates["outlet"] == "B"].values.tolist() == [["B", "2021-02-15", 1, 3, 3, 9, 9, 9, 1000.0]]
    assert rates.attrs["undated"] == ["b2", "b3"]


def test_rates_by_category_and_for_chosen_categories(tiny):
    by_cat = timeline.rates_over_time(tiny, by_category=True)
    assert list(by_cat.columns) == list(timeline.RATES)
    assert by_cat[by_cat["period"] == "2021-01-01"][["category", "count", "n_tokens"]].values.tolist() == [
        ["label", 2, 7], ["praise", 1, 7]]
    assert "stance_distancing" not in set(by_cat["category"])
    stance = timeline.rates_over_time(tiny, categories="stance_distancing")
    assert stance[["outlet", "period", "count", "n_tokens"]].values.tolist() == [
        ["A", "2021-01-01", 0, 7], ["A", "2021-02-01", 0, 0], ["A", "2021-03-01", 1, 4], ["B", "2021-02-01", 0, 6]]


def test_a_document_without_a_counted_row_still_counts_in_the_denominator():
    # sparse scores: d2 has only a stance row; its 10 tokens belong to the month all the same
    scores = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "A"], "date": ["2021-05-02", "2021-05-09"],
                           "category": ["label", "stance_neutral"], "count": [2, 4], "n_tokens": [10, 10]})
    rates = timeline.rates_over_time(scores)
    assert rates.values.tolist() == [["A", "2021-05-01", 2, 2, 20, 4, 20, 200, 100.0]]


def test_rates_of_the_seed_articles_one_point_per_outlet(seed_scores):
    monthly = timeline.rates_over_time(seed_scores)
    assert monthly.values.tolist() == [
        ["Fox News", "2020-08-01", 1, 12, 512, 12 * 12, 12 * 512, 512 * 512, 1000 * 12 / 512],
        ["Unnamed pro-Kremlin outlet", "2020-11-01", 1, 15, 394, 15 * 15, 15 * 394, 394 * 394, 1000 * 15 / 394],
    ]
    weekly = timeline.rates_over_time(seed_scores, freq="week")
    assert weekly["period"].tolist() == ["2020-08-17"]
    assert weekly.attrs["undated"] == [UNNAMED]
    assert FOX in set(seed_scores["doc_id"])


def test_rates_from_sums_refuses_undated_rows():
    table = pd.DataFrame({"outlet": ["A"], "period": [""], "n_documents": [1], "count": [0], "n_tokens": [3]})
    with pytest.raises(ValueError, match="sums_table has rows with period ''"):
        timeline.rates_from_sums(table)


def test_rates_over_time_names_missing_columns_and_bad_freq(tiny):
    with pytest.raises(ValueError, match="doc_scores is not a document scores table: it lacks column\\(s\\) date"):
        timeline.rates_over_time(tiny.drop(columns="date"))
    with pytest.raises(ValueError, match="freq must be one of week, month, quarter, year, not 'fortnight'"):
        timeline.rates_over_time(tiny, freq="fortnight")


# --------------------------------------------------------------------------------------
# intervals
# --------------------------------------------------------------------------------------


def test_wilson_interval_matches_its_closed_forms():
    z = 1.959963984540054
    table = pd.DataFrame({"count": [0, 8, 3, 0], "n_tokens": [8, 8, 7, 0]})
    out = timeline.rate_interval(table)
    assert out["per_1k_low"][0] == 0.0
    assert out["per_1k_high"][0] == pytest.approx(1000 * z * z / (8 + z * z), rel=1e-12)  # k = 0
    assert out["per_1k_low"][1] == pytest.approx(1000 * 8 / (8 + z * z), rel=1e-12)  # k = n
    assert out["per_1k_high"][1] == pytest.approx(1000.0, rel=1e-12)
    k, n = 3, 7  # the "(k + z²/2) / (n + z²) ± ..." form (Agresti & Coull 1998, eq. 2)
    centre = (k + z * z / 2) / (n + z * z)
    half = z * math.sqrt(n) / (n + z * z) * math.sqrt(k / n * (1 - k / n) + z * z / (4 * n))
    assert out["per_1k_low"][2] == pytest.approx(1000 * (centre - half), rel=1e-12)
    assert out["per_1k_high"][2] == pytest.approx(1000 * (centre + half), rel=1e-12)
    assert np.isnan(out["per_1k_low"][3]) and np.isnan(out["per_1k_high"][3])
    assert list(table.columns) == ["count", "n_tokens"]  # input untouched


@pytest.mark.parametrize("n", [1, 7, 4_000, 123_457, 10**9])
def test_wilson_interval_holds_its_estimate_at_zero_at_n_and_at_tiny_counts(n):
    # At count 0 with n = 4,000 the closed form gave a lower bound of 5.4e-17 per 1,000, above the
    # rate of 0, and the over-time figure crashed on a negative error bar.
    counts = sorted(c for c in {0, 1, 2, 3, n - 1, n} if 0 <= c <= n)
    out = timeline.rate_interval(pd.DataFrame({"count": counts, "n_tokens": [n] * len(counts)}))
    rate = 1000.0 * np.asarray(counts, dtype="float64") / n
    assert (out["per_1k_low"].to_numpy() <= rate).all() and (rate <= out["per_1k_high"].to_numpy()).all()
    assert out["per_1k_low"][0] == 0.0 and out["per_1k_high"].iloc[-1] == 1000.0


def test_plot_draws_a_lone_month_without_loaded_terms():
    rates = _rates([("A", "2021-01-01", 2, 0, 4_000, 0.0), ("A", "2021-02-01", 0, 0, 0, 0.0),
                    ("A", "2021-03-01", 1, 3, 4000, 0.75)])
    ax = plot_rates_over_time(rates, freq="month")
    (bar,) = ax.collections
    assert [s[:, 1].min() for s in bar.get_segments()][0] == 0.0
    plt.close("all")


def test_rate_interval_refuses_a_bad_level():
    with pytest.raises(ValueError, match="ci must be a number between 0 and 1"):
        timeline.rate_interval(pd.DataFrame({"count": [1], "n_tokens": [2]}), ci=95)
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="level must be a number between 0 and 1"):
        timeline.rate_interval(pd.DataFrame({"count": [1], "n_tokens": [2]}), level=95)


def test_rate_interval_level_is_the_deprecated_name_of_ci():
    rates = pd.DataFrame({"count": [3, 0], "n_tokens": [40, 0]})
    with pytest.warns(DeprecationWarning, match=r"rate_interval\(level=...\) is deprecated; pass ci="):
        old = timeline.rate_interval(rates, level=0.9)
    assert_frame_equal(old, timeline.rate_interval(rates, 0.9))
    assert old["per_1k_low"].isna().tolist() == [False, True]


# --------------------------------------------------------------------------------------
# the figure
# --------------------------------------------------------------------------------------


def test_plot_draws_a_line_per_outlet_with_gaps_where_there_are_no_documents(tiny):
    rates = timeline.rates_over_time(tiny)
    ax = plot_rates_over_time(rates)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["A", "B"]
    assert [to_hex(line.get_color()) for line in lines] == [OKABE_ITO[0].lower(), OKABE_ITO[1].lower()]
    assert [line.get_marker() for line in lines] == list(MARKERS[:2])
    x = mdates.date2num(pd.to_datetime(["2021-01-01", "2021-02-01", "2021-03-01"]))
    assert np.array_equal(mdates.date2num(lines[0].get_xdata()), x)
    y = np.asarray(lines[0].get_ydata(), dtype=float)
    assert y[0] == 3000 / 7 and np.isnan(y[1]) and y[2] == 250.0  # February: a gap, not a zero
    assert list(lines[1].get_ydata()) == [500.0]
    # every point here is isolated (A: January and March around an empty February; B: one month)
    assert [type(c).__name__ for c in ax.collections] == ["LineCollection", "LineCollection"]
    assert ax.get_ylabel() == "loaded terms per 1,000 word tokens"
    assert ax.get_xlabel() == "month (points at the period's first day)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "A (3 documents)", "B (2 documents)", "95 % interval over documents (none for a single document)"]
    assert ax.get_ylim()[0] == 0
    plt.close("all")


def test_plot_without_band_and_on_the_seed_articles(seed_scores):
    rates = timeline.rates_over_time(seed_scores)
    ax = plot_rates_over_time(rates, band=False)
    assert len(ax.collections) == 0
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [1, 1]  # one point per outlet
    assert [line.get_ydata()[0] for line in ax.get_lines()] == rates["per_1k"].tolist()
    assert [line.get_label() for line in ax.get_lines()] == ["Fox News", "Unnamed pro-Kremlin outlet"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Fox News (1 document)", "Unnamed pro-Kremlin outlet (1 document)"]
    plt.close("all")


def test_interval_is_a_band_along_runs_and_an_error_bar_on_a_lone_point():
    rates = _rates([("A", "2021-01-01", 2, 4, 400, 10.0), ("A", "2021-02-01", 1, 2, 100, 20.0),
                    ("A", "2021-03-01", 0, 0, 0, 0.0), ("A", "2021-04-01", 1, 1, 200, 5.0)])
    bounds = timeline.rate_interval(rates)
    ax = plot_rates_over_time(rates, freq="month")
    band, bar = ax.collections
    assert type(band).__name__ == "FillBetweenPolyCollection"
    ys = band.get_paths()[0].vertices[:, 1]
    assert min(ys) == pytest.approx(bounds["per_1k_low"][:2].min()) and max(ys) == pytest.approx(
        bounds["per_1k_high"][:2].max())
    (segment,) = bar.get_segments()  # April alone
    assert segment[:, 1].tolist() == pytest.approx([bounds["per_1k_low"][3], bounds["per_1k_high"][3]])
    assert segment[0, 0] == mdates.date2num(pd.Timestamp("2021-04-01"))
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "A (4 documents)"
    plt.close("all")


def test_y_top_cuts_a_band_reaching_beyond_twice_the_highest_rate():
    from framing.report.plots_timeline import y_top

    rates = _rates([("A", "2021-01-01", 2, 4, 400, 10.0), ("A", "2021-02-01", 2, 2, 100, 20.0)]).assign(
        per_1k_low=[5.0, 1.0], per_1k_high=[18.0, 35.0])
    assert y_top(rates) == (35.0, False)  # 35 <= 2 x 20: the whole band shown
    assert y_top(rates.assign(per_1k_high=[18.0, 41.0])) == (40.0, True)  # cut at 2 x 20
    # a period without tokens does not count; no rate above 0: the band's top, or 1
    assert y_top(rates.assign(n_tokens=[400, 0], per_1k_high=[18.0, 99.0])) == (18.0, False)
    zero = rates.assign(per_1k=[0.0, 0.0], per_1k_high=[3.0, float("nan")])
    assert y_top(zero) == (3.0, False) and y_top(zero.assign(per_1k_high=float("nan"))) == (1.0, False)


def test_plot_cuts_a_far_reaching_band_at_the_axis_and_says_so():
    rates = _rates([("A", "2021-01-01", 2, 4, 400, 10.0), ("A", "2021-02-01", 2, 2, 100, 20.0)]).assign(
        per_1k_low=[5.0, 1.0], per_1k_high=[18.0, 90.0])
    ax = plot_rates_over_time(rates, freq="month")
    assert ax.get_ylim() == pytest.approx((0.0, 40.0 * 1.05))
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1].endswith("; cut at the top of the axis")
    kept = plot_rates_over_time(rates.assign(per_1k_high=[18.0, 30.0]), freq="month")
    assert not [t.get_text() for t in kept.get_legend().get_texts()][-1].endswith("axis")
    plt.close("all")


def test_plot_refuses_several_categories(tiny):
    with pytest.raises(ValueError, match="rates has several categories: draw one at a time"):
        plot_rates_over_time(timeline.rates_over_time(tiny, by_category=True))


def test_loaded_categories_is_deprecated_for_lexicon_loaded_mask():
    table = pd.DataFrame({"category": ["a", "stance_neutral"]})
    with pytest.warns(DeprecationWarning, match="loaded_mask"):
        assert timeline.loaded_categories(table).tolist() == [True, False]


def test_plot_rates_over_time_level_is_the_deprecated_name_of_ci():
    rates = pd.DataFrame({"outlet": ["A", "A"], "period": ["2021-01-01", "2021-02-01"], "count": [3, 1],
                          "n_tokens": [40, 50], "per_1k": [75.0, 20.0]})
    with pytest.warns(DeprecationWarning, match=r"plot_rates_over_time\(level=...\) is deprecated"):
        ax = plot_rates_over_time(rates, freq="month", level=0.9)
    assert any("90 % interval" in t.get_text() for t in ax.get_legend().get_texts())
    plt.close("all")


# --------------------------------------------------------------------------------------
# widening the period for a readable interval (report figure)
# --------------------------------------------------------------------------------------


def _doc_scores(per_month: int, months: int, tokens: int, *, outlets=("A", "B"), step: int = 1, start="2021-01"):
    """A document scores table: ``per_month`` documents of ``tokens`` tokens (one hit each) per outlet in every
    ``step``-th of ``months`` months from ``start``."""
    rows = []
    for outlet in outlets:
        for m in range(0, months, step):
            day = (pd.Timestamp(start + "-01") + pd.DateOffset(months=m)).strftime("%Y-%m-%d")
            for d in range(per_month):
                rows.append((f"{outlet}{m}-{d}", outlet, day, "label", 1, tokens))
    return pd.DataFrame(rows, columns=list(timeline.DOC_SCORES))


def test_one_document_per_outlet_month_widens_to_quarters_for_want_of_documents():
    from framing.report.plots_timeline import readable_freq, widened_freq

    one = _doc_scores(1, 12, 10_000)  # months: 1 document, 10,000 tokens; quarters: 3 documents, 30,000 tokens
    assert widened_freq(one, "month") == ("quarter", ("documents",))
    assert widened_freq(one, "week") == ("quarter", ("documents",))  # a week holds one document as well
    assert readable_freq(one, "month") == "quarter"
    three = _doc_scores(3, 12, 10_000)  # 3 documents a month: an interval every month
    assert widened_freq(three, "month") == ("month", ())
    assert widened_freq(three, "week") == ("week", ())  # the 3 share a day: a week of 3 documents
    assert widened_freq(three, "year") == ("year", ())


def test_widening_stops_where_no_outlet_would_keep_a_line():
    from framing.report.plots_timeline import widened_freq

    quarterly = _doc_scores(1, 12, 10_000, step=3)  # one document a quarter in 2021: a year is one point an outlet
    assert widened_freq(quarterly, "month") == ("quarter", ("documents",))
    assert widened_freq(quarterly, "quarter") == ("quarter", ())
    assert widened_freq(_doc_scores(1, 2, 10_000), "month") == ("month", ())  # Jan and Feb: one quarter


def test_widening_for_documents_and_tokens_and_the_median_over_periods_with_text():
    from framing.report.plots_timeline import widened_freq

    # 1 document of 100 tokens a month over two years: a quarter still holds 300 tokens, so years
    assert widened_freq(_doc_scores(1, 24, 100), "month") == ("year", ("documents", "tokens"))
    assert widened_freq(_doc_scores(3, 24, 100), "month") == ("year", ("tokens",))
    # 3 documents with text a month, and in 13 other months one document without text: the empty months
    # (and the gaps) are no cells with text, so the median cell holds 3 documents and months stay
    empty = _doc_scores(1, 13, 0, start="2022-01").assign(doc_id=lambda f: "e" + f["doc_id"])
    assert widened_freq(pd.concat([_doc_scores(3, 12, 10_000), empty]), "month") == ("month", ())


def test_the_over_time_title_says_why_the_period_widened(monkeypatch):
    import framing as fr
    from framing.report import layout
    from framing.report.figure_registry import FigureContext
    from framing.report.plots_timeline import loaded_terms_over_time, widened_note

    assert widened_note("month", ()) == ""
    assert widened_note("month", ("documents",)) == \
        " (widened from month: too few documents per period for an interval)"
    assert widened_note("week", ("tokens",)) == \
        " (widened from week: too few tokens per period for a readable interval)"
    assert widened_note("month", ("documents", "tokens")) == \
        " (widened from month: too few documents and tokens per period for a readable interval)"
    monkeypatch.setattr(layout, "MIN_PERIOD_TOKENS", 1)  # tokens are no reason: documents alone widen
    dates = [f"2021-{m:02d}-10" for m in range(1, 7)]
    docs = pd.DataFrame({"doc_id": [f"{o}{i}" for o in "AB" for i in range(6)],
                         "outlet": [o for o in "AB" for _ in dates], "date": dates * 2,
                         "text": ["The riot spread downtown."] * 12})
    fig = loaded_terms_over_time(FigureContext(fr.load_corpus(docs)))
    assert fig._suptitle.get_text().replace("\n", " ") == (
        "Loaded terms over time: rate per 1,000 word tokens, by quarter "
        "(widened from month: too few documents per period for an interval)")
    plt.close(fig)
