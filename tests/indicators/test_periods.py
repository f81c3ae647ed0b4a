"""The periods a result row can cover, and when one reaches before the data."""

from __future__ import annotations

from datetime import date

import pytest

from qaf.indicators.months import Month
from qaf.indicators.periods import Period, as_period

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
