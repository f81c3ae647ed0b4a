"""Numbers and units worded for reading."""

from __future__ import annotations

from datetime import date

import pytest

from qaf.indicators.registry import POLARITIES, UNITS
from qaf.signals.reading import POLARITY_SIGN
from qaf.signals.wording import UNITS as SIGNAL_UNITS
from qaf.signals.wording import add_months, figure, figure_apart, month_name, number


def test_the_units_and_polarities_are_the_registrys():
    assert SIGNAL_UNITS == UNITS
    assert tuple(POLARITY_SIGN) == POLARITIES


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0.25, 1, "0.3"),
        (2.5, 0, "3"),
        (1234567.891, 1, "1,234,567.9"),
        (-0.04, 1, "0.0"),
        (422, 0, "422"),
    ],
)
def test_numbers_round_half_up_with_thousands_separators(value, places, expected):
    assert number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (23.44, "percent", "23.4%"),
        (45.25, "rate_per_10k", "45.3 per 10,000 children"),
        (1204, "count", "1,204"),
        (12.5, "count", "12.5"),
        (23, "days", "23 days"),
        (1, "days", "1 day"),
        (23.46, "days", "23.5 days"),
        (1.5, "years", "1.5 years"),
        (12.25, "fte", "12.3 FTE"),
        (1.234, "ratio", "1.23"),
    ],
)
def test_figures_carry_their_unit(value, unit, expected):
    assert figure(value, unit) == expected


def test_months():
    assert month_name(date(2016, 9, 1)) == "September 2016"
    assert add_months(date(2016, 1, 1), -1) == date(2015, 12, 1)
    assert add_months(date(2016, 9, 1), -12) == date(2015, 9, 1)


def test_a_limit_is_written_with_the_places_that_tell_it_from_the_figure():
    assert figure_apart(9.71, 9.66, "percent") == "9.71%"
    assert figure_apart(9.7, 9.7, "percent") == "9.7%"  # the same number reads the same
    assert figure_apart(21.18, 18.04, "ratio") == figure(21.18, "ratio")
    assert figure_apart(1.000001, 1.0, "percent") == "1.0000%"  # no more than MAX_PLACES
