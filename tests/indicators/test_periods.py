"""The periods a result row can cover, and when one reaches before the data."""

from __future__ import annotations

from datetime import date

import pytest

from qaf.indicators.months import Month
from qaf.indicators.periods import Period, as_period
from qaf.indicators.rows import Rows, fill_periods

SEP = Month.parse("2016-09")


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        ("month", "2016-09-01", "2016-09-30"),
        ("fytd", "2016-04-01", "2016-09-30"),
        ("quarter", "2016-07-01", "2016-09-30"),  # FY quarter 2: July to September
        ("rolling_12m", "2015-10-01", "2016-09-30"),
        ("cohort_3y", "2013-10-01", "2016-09-30"),
        ("fy", "2016-04-01", "2017-03-31"),
    ],
)
def test_each_kind_of_period(kind, start, end):
    period = Period.of(kind, SEP)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.month == SEP
    assert period.kind == kind
    assert period.start <= period.end


def test_quarter_of_a_january_is_the_fourth_fy_quarter():
    period = Period.of("quarter", Month.parse("2017-01"))
    assert (period.first.label, period.last.label) == ("2017-01", "2017-03")


def test_complete_is_judged_by_whole_months():
    fytd = Period.of("fytd", SEP)
    assert fytd.complete_from(date(2016, 4, 3))  # data from 3 April covers April
    assert not fytd.complete_from(date(2016, 5, 1))  # April is before the data
    assert fytd.complete_from(None)  # nothing known: not marked


def test_as_period_and_unknown_kinds():
    assert as_period("2016-09").kind == "month"
    assert as_period(SEP, "fytd").first.label == "2016-04"
    with pytest.raises(ValueError, match="unknown period kind"):
        Period.of("fortnight", SEP)


def test_a_row_given_its_own_period_keeps_it_and_is_judged_by_its_start():
    # The adoption scorecard's August 2016 figure is the 3-year cohort to the last complete
    # quarter: 1 July 2013 to 30 June 2016, reported under August.
    cohort = Period(
        "cohort_3y", Month.parse("2013-07"), Month.parse("2016-06"), Month.parse("2016-08")
    )
    rows = Rows()
    rows.value(cohort, 450.0)
    rows.value(Month.parse("2016-09"), 460.0)  # a month only: takes the declared kind
    filled = fill_periods(rows.frame(), "cohort_3y", date(2013, 7, 20))
    own, declared = filled.iloc[0], filled.iloc[1]
    assert (own.month, own.period_kind) == ("2016-08", "cohort_3y")
    assert (own.period_start, own.period_end) == (date(2013, 7, 1), date(2016, 6, 30))
    assert (declared.period_start, declared.period_end) == (date(2013, 10, 1), date(2016, 9, 30))
    # Data from 20 July 2013 covers July (whole months): both complete.
    assert own.complete and declared.complete
    # Data from 1 August 2013: the cohort from July reaches before it; the one from October not.
    later = fill_periods(rows.frame(), "cohort_3y", date(2013, 8, 1))
    assert list(later.complete) == [False, True]


def test_a_year_to_date_reaching_before_the_data_is_incomplete():
    rows = Rows()
    for month in SEP.fy_to_date():
        rows.value(month, 1.0)
    # Data from 1 June 2016: every month's year to date starts on 1 April, before it.
    filled = fill_periods(rows.frame(), "fytd", date(2016, 6, 1))
    assert set(filled.period_start) == {date(2016, 4, 1)}
    assert not filled.complete.any()
    # The same months as months: June on are whole.
    monthly = fill_periods(rows.frame(), "month", date(2016, 6, 1))
    assert list(monthly.complete) == [False, False, True, True, True, True]
