"""Each special-cause rule on hand-made series where the answer is plain, and their order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qaf.config import SignalSettings
from qaf.signals.rules import (
    RULES,
    Limits,
    apply_rules,
    beyond_limit,
    run,
    trend,
    two_of_three,
)
from qaf.signals.spc import LIMIT_FACTOR, SIGMA_FACTOR

# Mean 10, mean moving range 1: limits 10 +/- 2.66, two sigma 10 +/- 1.7733...
LIMITS = Limits(
    mean=10.0,
    mean_moving_range=1.0,
    lower=10 - LIMIT_FACTOR,
    upper=10 + LIMIT_FACTOR,
    lower_two_sigma=10 - 2 * SIGMA_FACTOR,
    upper_two_sigma=10 + 2 * SIGMA_FACTOR,
)
SETTINGS = SignalSettings()


def test_beyond_limit_finds_points_outside_not_on_the_limits():
    values = [10, 13, 7, 10 + LIMIT_FACTOR, 10 - LIMIT_FACTOR, None]
    assert beyond_limit(values, LIMITS, SETTINGS) == [0, 1, -1, 0, 0, 0]


def test_a_run_of_seven_on_one_side_marks_all_seven():
    assert run([11] * 7, LIMITS, SETTINGS) == [1] * 7
    assert run([9] * 8, LIMITS, SETTINGS) == [-1] * 8


def test_six_in_a_row_is_not_a_run():
    assert run([11] * 6, LIMITS, SETTINGS) == [0] * 6


def test_a_point_on_the_mean_or_a_gap_ends_a_run():
    assert run([11] * 3 + [10] + [11] * 7, LIMITS, SETTINGS) == [0] * 4 + [1] * 7
    assert run([11] * 4 + [None] + [11] * 4, LIMITS, SETTINGS) == [0] * 9


def test_run_length_is_a_setting():
    assert run([11] * 6, LIMITS, replace(SETTINGS, run_points=6)) == [1] * 6


def test_a_trend_of_seven_rising_or_falling_points():
    assert trend([1, 2, 3, 4, 5, 6, 7], LIMITS, SETTINGS) == [1] * 7
    assert trend([7, 6, 5, 4, 3, 2, 1], LIMITS, SETTINGS) == [-1] * 7
    # The point before the first rise belongs to the trend.
    assert trend([5, 0, 1, 2, 3, 4, 5, 6], LIMITS, SETTINGS) == [0] + [1] * 7


def test_six_rising_points_or_a_tie_is_no_trend():
    assert trend([1, 2, 3, 4, 5, 6], LIMITS, SETTINGS) == [0] * 6
    assert trend([1, 2, 3, 3, 4, 5, 6, 7], LIMITS, SETTINGS) == [0] * 8
    assert trend([1, 2, 3, None, 4, 5, 6, 7], LIMITS, SETTINGS) == [0] * 8


def test_two_of_three_beyond_two_sigma_on_the_same_side():
    assert two_of_three([12, 10, 12], LIMITS, SETTINGS) == [1, 0, 1]
    assert two_of_three([10, 8, 8], LIMITS, SETTINGS) == [0, -1, -1]
    # One high and one low is not a signal; nor is one in three.
    assert two_of_three([12, 8, 10], LIMITS, SETTINGS) == [0, 0, 0]
    assert two_of_three([12, 10, 10, 12], LIMITS, SETTINGS) == [0, 0, 0, 0]


def test_two_of_three_counts_a_point_beyond_the_limit_unless_set_not_to():
    assert two_of_three([12, 13, 10], LIMITS, SETTINGS) == [1, 1, 0]
    nhsr = replace(SETTINGS, two_sigma_counts_beyond_limit=False)
    assert two_of_three([12, 13, 10], LIMITS, nhsr) == [0, 0, 0]


def test_the_rules_run_in_the_fixed_order():
    assert [name for name, _ in RULES] == ["beyond_limit", "run", "trend", "two_of_three"]


def test_a_point_found_by_two_rules_is_marked_with_the_first():
    # Six points above the mean then one beyond the limit: a run of seven, the last beyond.
    found = apply_rules([11, 11, 11, 11, 11, 11, 13], LIMITS, SETTINGS)
    assert found == [("run", 1)] * 6 + [("beyond_limit", 1)]
    # Seven rising points all above the mean: a run before a trend.
    rising = [10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7]
    assert apply_rules(rising, LIMITS, SETTINGS) == [("run", 1)] * 7
    # Seven rising points crossing the mean: a trend only.
    crossing = [9.0, 9.3, 9.6, 9.9, 10.2, 10.5, 10.8]
    assert apply_rules(crossing, LIMITS, SETTINGS) == [("trend", 1)] * 7


@pytest.mark.parametrize("values", [[], [10], [10, 10.5, 9.5]])
def test_common_cause_is_no_rule(values):
    assert apply_rules(values, LIMITS, SETTINGS) == [(None, 0)] * len(values)
