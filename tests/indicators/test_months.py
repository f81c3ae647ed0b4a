"""Calendar months and financial years."""

from __future__ import annotations

from datetime import date

import pytest

from qaf.errors import QafError
from qaf.indicators.months import Month


def test_financial_year_of_september_2016():
    m = Month.parse("2016-09")
    assert m.fy == "2016-17"
    assert m.fy_start == date(2016, 4, 1)
    assert [x.label for x in m.fy_to_date()] == [
        "2016-04",
        "2016-05",
        "2016-06",
        "2016-07",
        "2016-08",
        "2016-09",
    ]
    assert m.fy_end.label == "2017-03"


def test_january_to_march_belong_to_the_previous_fy():
    m = Month.parse("2017-03")
    assert m.fy == "2016-17"
    assert len(m.fy_to_date()) == 12


def test_month_ends_and_rolling_year():
    assert Month.parse("2016-02").end == date(2016, 2, 29)
    assert Month.parse("2016-09").rolling_start == date(2015, 10, 1)
    assert Month.parse("2016-01").shift(-1).label == "2015-12"


@pytest.mark.parametrize("text", ["2016-13", "2016/09", "Sept 2016", ""])
def test_bad_month_is_a_plain_error(text):
    with pytest.raises(QafError, match="YYYY-MM"):
        Month.parse(text)
