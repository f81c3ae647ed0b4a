"""Numbers, units and months worded for reading: rounded half up, thousands separated."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

# As qaf.indicators.registry.Unit (a test keeps the two the same).
Unit = Literal["count", "percent", "rate_per_10k", "days", "years", "fte", "ratio"]
UNITS: tuple[str, ...] = ("count", "percent", "rate_per_10k", "days", "years", "fte", "ratio")
# Decimal places a figure is read to; one place for percents and rates, as the seed writes them.
PLACES = {"percent": 1, "rate_per_10k": 1, "days": 1, "years": 1, "fte": 1, "ratio": 2}
# English month names, whatever the machine's locale (calendar.month_name follows the locale).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number(value: float, places: int = 0) -> str:
    """1234.56 -> '1,234.6' (places=1): rounded half up, not to even, as a reader rounds."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0"
    return f"{rounded:,.{places}f}"


def places_of(value: float, unit: str) -> int:
    """Whole numbers (counts, whole days) are read without decimals."""
    if unit == "count" or (unit in ("days", "years") and float(value).is_integer()):
        return 0 if float(value).is_integer() else 1
    return PLACES.get(unit, 1)


# Most decimal places figure_apart adds to tell a limit from the figure it is read against.
MAX_PLACES = 4


def figure(value: float, unit: str, places: int | None = None) -> str:
    """A value with its unit: '23.4%', '45.2 per 10,000 children', '1,204', '23 days'."""
    text = number(value, places_of(value, unit) if places is None else places)
    if unit == "percent":
        return f"{text}%"
    if unit == "rate_per_10k":
        return f"{text} per 10,000 children"
    if unit in ("days", "years"):
        return f"{text} {unit[:-1] if text == '1' else unit}"
    if unit == "fte":
        return f"{text} FTE"
    return text


def figure_apart(value: float, beside: float, unit: str) -> str:
    """`value` with as many more decimal places as it takes not to read the same as `beside`
    ("below the lower process limit (9.71%)", not "(9.7%)" beside a figure of 9.7%)."""
    places = places_of(value, unit)
    while (
        places < MAX_PLACES and value != beside and number(value, places) == number(beside, places)
    ):
        places += 1
    return figure(value, unit, places)


def month_name(month: date) -> str:
    """date(2016, 9, 1) -> 'September 2016'."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
