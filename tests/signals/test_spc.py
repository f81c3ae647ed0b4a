"""XmR charts: mean, moving ranges, limits, baseline, recalculation, screening, trial limits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qaf.config import SignalSettings
from qaf.errors import QafError
from qaf.signals.spc import LIMIT_FACTOR, SIGMA_FACTOR, limits_of, moving_ranges, xmr


def test_the_constants():
    # 3 / d2 with d2 = 1.128 for ranges of two points, rounded as Making Data Count does.
    assert LIMIT_FACTOR == 2.66
    assert round(3 / 1.128, 2) == LIMIT_FACTOR
    assert pytest.approx(2.66 / 3) == SIGMA_FACTOR


def test_moving_ranges_skip_gaps():
    assert moving_ranges([1, 3, None, 4, 2]) == [None, 2, None, None, 2]


def test_an_empty_series_gives_an_empty_chart():
    # A report month before the data starts has no months to chart: no points, no limits.
    assert moving_ranges([]) == []
    chart = xmr([])
    assert chart.points == ()
    assert all(segment.limits is None for segment in chart.segments)


def test_mean_and_limits_worked_by_hand():
    # Mean 2, every moving range 2: limits 2 +/- 5.32, two sigma 2 +/- 3.5467.
    limits = limits_of([1, 3, 1, 3, 1, 3], SignalSettings())
    assert limits is not None
    assert limits.mean == 2
    assert limits.mean_moving_range == 2
    assert (limits.lower, limits.upper) == pytest.approx((-3.32, 7.32))
    assert (limits.lower_two_sigma, limits.upper_two_sigma) == pytest.approx(
        (2 - 2 * (2.66 / 3) * 2, 2 + 2 * (2.66 / 3) * 2)
    )


def test_screening_leaves_out_a_moving_range_above_3_267_times_the_mean():
    # Ranges: seven of 1 and one of 19; mean 3.25; 19 > 3.267 x 3.25, so it is left out.
    values = [10, 11, 10, 11, 10, 11, 10, 11, 30]
    assert limits_of(values, SignalSettings()).mean_moving_range == 1  # type: ignore[union-attr]
    unscreened = replace(SignalSettings(), screen_moving_ranges=False)
    assert limits_of(values, unscreened).mean_moving_range == 3.25  # type: ignore[union-attr]


def test_baseline_points_fix_the_limits_on_the_first_points():
    settings = replace(SignalSettings(), baseline_points=4)
    limits = limits_of([1, 3, 1, 3, 50, 60], settings)
    assert limits is not None and limits.mean == 2


def test_too_few_values_draw_no_limits():
    assert limits_of([5], SignalSettings()) is None
    assert limits_of([5, None, 6], SignalSettings()) is None
    chart = xmr([5])
    assert chart.segments[0].limits is None
    assert chart.points[0].rule is None


def test_a_beyond_limit_point_is_marked_on_the_chart():
    # Limits fixed on the first 12 points (mean 10.5, limits 7.84 to 13.16), so 25 is beyond.
    chart = xmr([10, 11] * 6 + [25], settings=replace(SignalSettings(), baseline_points=12))
    assert [p.rule for p in chart.points] == [None] * 12 + ["beyond_limit"]
    assert chart.latest is not None and chart.latest.direction == 1
    assert not chart.segments[0].trial


def test_recalculation_gives_each_segment_its_own_limits_and_rules():
    before, after = [10, 11] * 6, [20, 21] * 6
    chart = xmr(before + after, recalculate_at=[12])
    first, second = chart.segments
    assert first.limits is not None and first.limits.mean == 10.5
    assert second.limits is not None and second.limits.mean == 20.5
    assert all(p.rule is None for p in chart.points)
    # Without recalculation every point lies beyond the limits of the pooled series.
    assert {p.rule for p in xmr(before + after).points} == {"beyond_limit"}


def test_recalculation_outside_the_series_is_refused():
    with pytest.raises(ValueError, match="recalculate_at"):
        xmr([1, 2, 3], recalculate_at=[3])


def test_short_segments_have_trial_limits():
    assert xmr([10, 11] * 5).segments[0].trial
    assert not xmr([10, 11] * 6).segments[0].trial


def test_the_latest_point_skips_a_trailing_gap():
    chart = xmr([1, 2, 3, None])
    assert chart.latest is not None and chart.latest.value == 3


def test_rows_carry_each_points_limits_and_rule():
    chart = xmr([1, 3, 1, 3, 1, 3])
    first = chart.rows()[0]
    assert first["value"] == 1 and first["mean"] == 2 and first["rule"] is None
    assert first["upper"] == pytest.approx(7.32) and first["trial"] is True
    assert [row["moving_range"] for row in chart.rows()] == [None, 2, 2, 2, 2, 2]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"run_points": 1}, "signals.run_points = 1 is too small"),
        ({"trend_points": 2}, "signals.trend_points = 2 is too small"),
        ({"steady_pct": -1.0}, "signals.steady_pct = -1.0 is negative"),
    ],
)
def test_settings_no_chart_can_use_are_refused_by_name(change, says):
    with pytest.raises(QafError, match=says):
        xmr([1, 2, 3], settings=replace(SignalSettings(), **change))


def test_nan_is_a_gap():
    chart = xmr([1, 3, float("nan"), 1, 3])
    assert chart.points[2].value is None
    assert [p.moving_range for p in chart.points] == [None, 2, None, None, 2]
