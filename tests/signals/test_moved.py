"""What moved: sentences generated from hand-made series, checked word for word."""

from __future__ import annotations

from datetime import date

from qaf.signals.moved import (
    Comparator,
    MonthFigure,
    Series,
    against_comparators,
    against_target,
    chart_of,
    on_last_month,
    on_last_year,
    special_cause,
    target_assurance,
    what_moved,
)
from qaf.signals.wording import add_months

SEPTEMBER = date(2016, 9, 1)
START = date(2015, 3, 1)  # 19 months to September 2016


def monthly(values, start=START, **kwargs):
    return [MonthFigure(add_months(start, i), v, **kwargs) for i, v in enumerate(values)]


# Referrals: steady around 400, then 540 in September 2016.
STEADY = [400, 410, 395, 405, 398, 402, 407, 393, 401, 399, 404, 396, 403, 400, 398, 405, 401, 397]
REFERRALS = Series("referrals", "count", "neutral", monthly([*STEADY, 540]), plural=True)


def test_referrals_that_jumped():
    assert what_moved(REFERRALS) == [
        "Referrals rose on last month: 540 in September 2016 against 397 in August 2016 (up 36.0%).",
        "Referrals rose on the same month last year: 540 in September 2016 against 407 in "
        "September 2015 (up 32.7%).",
        "Referrals in September 2016 (540) were the highest of the 19 months from March 2015, and above "
        "the upper process limit (426.1): a special cause, neither better nor worse.",
    ]


def test_polarity_turns_rose_into_worsened_and_a_special_cause_of_concern():
    series = Series("referrals", "count", "down", REFERRALS.figures, plural=True)
    assert on_last_month(series, SEPTEMBER) == (
        "Referrals worsened on last month: 540 in September 2016 against 397 in August 2016 "
        "(up 36.0%)."
    )
    assert special_cause(series, SEPTEMBER) == (
        "Referrals in September 2016 (540) were the highest of the 19 months from March 2015, and above "
        "the upper process limit (426.1): a special cause of concern."
    )


def test_a_small_change_is_about_the_same_never_zero_per_cent():
    series = Series(
        "referrals", "count", "neutral", monthly([400, 402], start=date(2016, 8, 1)), plural=True
    )
    assert on_last_month(series, SEPTEMBER) == (
        "Referrals were about the same as last month: 402 in September 2016 against 400 in August 2016."
    )


RATE = Series(
    "the re-referral rate",
    "percent",
    "down",
    [
        MonthFigure(date(2015, 9, 1), 22.14, 31, 140),
        MonthFigure(date(2016, 8, 1), 24.0, 36, 150),
        MonthFigure(SEPTEMBER, 21.0, 42, 200),
    ],
    target=21.5,
    comparators=[
        Comparator("the statistical neighbours' median", 22.9),
        Comparator("England", 21.2),
    ],
)


def test_percentages_move_in_percentage_points_and_show_their_counts():
    assert on_last_month(RATE, SEPTEMBER) == (
        "The re-referral rate improved on last month: 21.0% (42 of 200) in September 2016 against "
        "24.0% in August 2016 (down 3.0 percentage points)."
    )
    assert on_last_year(RATE, SEPTEMBER) == (
        "The re-referral rate improved on the same month last year: 21.0% (42 of 200) in "
        "September 2016 against 22.1% in September 2015 (down 1.1 percentage points)."
    )


def test_a_quarter_point_is_about_the_same_for_a_percentage():
    series = Series("the rate", "percent", "up", monthly([50.0, 50.3], start=date(2016, 8, 1)))
    assert on_last_month(series, SEPTEMBER) == (
        "The rate was about the same as last month: 50.3% in September 2016 against 50.0% in August 2016."
    )


def test_target_met_or_missed_by_polarity():
    assert (
        against_target(RATE, SEPTEMBER) == "The re-referral rate (21.0%) met the target of 21.5%."
    )
    higher = Series("the rate", "percent", "up", RATE.figures, target=25.0)
    assert against_target(higher, SEPTEMBER) == (
        "The rate (21.0%) missed the target of 25.0% by 4.0 percentage points."
    )
    neutral = Series("the rate", "percent", "neutral", RATE.figures, target=25.0)
    assert against_target(neutral, SEPTEMBER) is None


def test_comparators_read_with_polarity_and_grouped():
    assert against_comparators(RATE, SEPTEMBER) == (
        "The re-referral rate (21.0%) was better than the statistical neighbours' median (22.9%) "
        "and about the same as England (21.2%)."
    )
    neutral = Series("the rate", "percent", "neutral", RATE.figures, comparators=RATE.comparators)
    assert against_comparators(neutral, SEPTEMBER) == (
        "The rate (21.0%) was lower than the statistical neighbours' median (22.9%) "
        "and about the same as England (21.2%)."
    )


def test_assurance_in_words():
    # Steady around 400 (limits 390.1 to 426.1 with September): a target of 450 is never met.
    series = Series("referrals", "count", "up", REFERRALS.figures, plural=True, target=450)
    _, chart = chart_of(series, SEPTEMBER)
    assert target_assurance(series, chart) == (
        "With process limits of 390.1 to 426.1, the target will be missed every month unless "
        "the process changes."
    )


def test_missing_data_gives_no_sentence():
    gap = Series(
        "the rate",
        "percent",
        "down",
        [MonthFigure(SEPTEMBER, 21.0), MonthFigure(date(2016, 8, 1), None)],
    )
    assert on_last_month(gap, SEPTEMBER) is None
    assert on_last_year(gap, SEPTEMBER) is None
    assert special_cause(gap, SEPTEMBER) is None
    unknown = Series(
        "the rate",
        "percent",
        "down",
        [MonthFigure(SEPTEMBER, None)],
        target=20.0,
        comparators=[Comparator("England", 20.0), Comparator("London", None)],
    )
    assert what_moved(unknown) == []
    assert what_moved(Series("the rate", "percent", "down", [])) == []
    no_england = Series(
        "the rate",
        "percent",
        "down",
        [MonthFigure(SEPTEMBER, 21.0)],
        comparators=[Comparator("England", None)],
    )
    assert against_comparators(no_england, SEPTEMBER) is None


def test_a_run_below_the_average():
    values = [30, 31, 29, 30, 32, 31, 30, 29, 31, 30, 31, 30, 27, 27.5, 27, 28, 27.5, 27, 27.5]
    series = Series("the average days to assessment", "days", "down", monthly(values))
    assert special_cause(series, SEPTEMBER) == (
        "The average days to assessment in September 2016 (27.5 days) was below the average "
        "(29.2 days) for 7 months in a row: a special cause of improvement."
    )


def test_a_rising_trend():
    values = [50, 52, 49, 51, 50, 48, 51, 49, 50, 52, 47, 48, 49, 50, 51, 52, 53, 54]
    series = Series("the visit rate", "percent", "up", monthly(values, start=date(2015, 4, 1)))
    assert special_cause(series, SEPTEMBER) == (
        "The visit rate in September 2016 (54.0%) was the highest of the 18 months from April 2015, and "
        "higher than the month before for 7 months in a row: a special cause of improvement."
    )


def test_common_cause_gives_no_special_cause_sentence():
    assert (
        special_cause(Series("referrals", "count", "up", monthly(STEADY)), date(2016, 8, 1)) is None
    )


def test_limits_from_few_months_are_called_provisional():
    # 400 410 395 405 398 402 407 393: mean 401.25, mean moving range 65 / 7, limits 376.6 to 426.0.
    series = Series(
        "referrals",
        "count",
        "up",
        monthly(STEADY[:8], start=date(2016, 2, 1)),
        plural=True,
        target=500,
    )
    assert what_moved(series)[-2:] == [
        "With process limits of 376.6 to 426.0, the target will be missed every month unless the "
        "process changes.",
        "The process limits rest on only 8 months, so they are provisional.",
    ]


def test_a_change_of_process_starts_new_limits():
    # A year around 400, then seven months around 300 from March 2016.
    before = [400, 402, 398, 401, 399, 400, 403, 397, 401, 399, 402, 398]
    after = [300, 302, 298, 301, 299, 300, 303]
    values = before + after
    figures = monthly(values)
    pooled = Series("referrals", "count", "neutral", figures, plural=True)
    assert special_cause(pooled, SEPTEMBER) is not None
    changed = Series(
        "referrals", "count", "neutral", figures, plural=True, recalculate_from=[date(2016, 3, 1)]
    )
    assert special_cause(changed, SEPTEMBER) is None


def test_nan_is_missing_like_none():
    nan = float("nan")
    series = Series("the rate", "percent", "up", monthly([50.0, nan], start=date(2016, 8, 1)))
    assert on_last_month(series, SEPTEMBER) is None
    assert what_moved(series) == []
    before = Series("the rate", "percent", "up", monthly([nan, 50.0], start=date(2016, 8, 1)))
    assert on_last_month(before, SEPTEMBER) is None


def test_a_nan_target_or_comparator_gives_no_sentence():
    nan = float("nan")
    series = Series(
        "referrals",
        "count",
        "up",
        REFERRALS.figures,
        plural=True,
        target=nan,
        comparators=[Comparator("England", nan)],
    )
    assert what_moved(series) == what_moved(
        Series("referrals", "count", "up", REFERRALS.figures, plural=True)
    )


def ending_in_september(values):
    return monthly(values, start=add_months(SEPTEMBER, -(len(values) - 1)))


def test_highest_since_an_earlier_month_as_high():
    # 10 and 11 alternating, 17 in August 2015, 16 now. Mean 211 / 19 = 11.1; moving ranges: 15
    # of 1, two of 7 (screened out, above 3.267 x 34 / 18) and 5: mean 20 / 16 = 1.25, so the
    # upper limit is 11.1 + 2.66 x 1.25 = 14.4.
    values = [10, 11, 10, 11, 10, 17, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 16]
    series = Series("the rate", "percent", "up", ending_in_september(values))
    assert special_cause(series, SEPTEMBER) == (
        "The rate in September 2016 (16.0%) was the highest since August 2015, and above the "
        "upper process limit (14.4%): a special cause of improvement."
    )


def test_two_of_three_close_to_the_limit():
    # Mean 10.77, mean moving range 1.23: two sigma at 12.96, limit at 14.05; 13.0 and 13.2 are
    # between them, two of the last three months.
    values = [10, 11] * 8 + [13.0, 10.5, 13.2]
    series = Series("the rate", "percent", "down", ending_in_september(values))
    assert special_cause(series, SEPTEMBER) == (
        "The rate in September 2016 (13.2%) was the highest of the 19 months from March 2015, "
        "and one of two months in the last three close to the upper process limit (14.1%): "
        "a special cause of concern."
    )
