"""The period a result row covers: its kind, first and last day, and the month it is reported under.

A month's figure, the financial year to date, a quarter, the rolling 12 months, a 3-year cohort and a
whole financial year are all periods ending with (or containing) a report month; a row says which."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from qaf.indicators.months import FY_START_MONTH, Month

PeriodKind = Literal["month", "fytd", "quarter", "rolling_12m", "cohort_3y", "fy"]
PERIOD_KINDS: tuple[str, ...] = get_args(PeriodKind)
# Months in a quarter (financial-year quarters: Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar).
QUARTER_MONTHS = 3
# A 3-year cohort (the adoption scorecard's A1 to A3) covers 36 months; the scorecard ends each at its
# last complete quarter and gives its rows their own Period (sections/adoption_cohorts.py).
COHORT_MONTHS = 36


@dataclass(frozen=True)
class Period:
    kind: str
    first: Month
    last: Month
    # The month the row is reported under (the `month` column): the report month it was computed for.
    month: Month

    @property
    def start(self) -> date:
        return self.first.start

    @property
    def end(self) -> date:
        return self.last.end

    @classmethod
    def of(cls, kind: str, month: Month) -> Period:
        """The period of `kind` that a figure for `month` covers."""
        if kind == "month":
            return cls(kind, month, month, month)
        if kind == "fytd":
            return cls(kind, month.fy_first_month, month, month)
        if kind == "quarter":
            into = (month.month - FY_START_MONTH) % QUARTER_MONTHS
            return cls(kind, month.shift(-into), month.shift(QUARTER_MONTHS - 1 - into), month)
        if kind == "rolling_12m":
            return cls(kind, month.shift(-11), month, month)
        if kind == "cohort_3y":
            return cls(kind, month.shift(-(COHORT_MONTHS - 1)), month, month)
        if kind == "fy":
            return cls(kind, month.fy_first_month, month.fy_end, month)
        raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(PERIOD_KINDS)}")

    def complete_from(self, coverage_start: date | None) -> bool:
        return starts_within(self.start, coverage_start)


def starts_within(start: date, coverage_start: date | None) -> bool:
    """False when a period starting on `start` reaches before the month the data starts in (its
    figure is short). Coverage is judged by whole months: data whose first event falls on 3 April
    covers April. Nothing known about the data's start: True."""
    if coverage_start is None:
        return True
    return start >= date(coverage_start.year, coverage_start.month, 1)


def as_period(period: Period | Month | str, kind: str = "month") -> Period:
    """A Period from a Period, a Month or a `YYYY-MM` label (of `kind`, a month by default)."""
    if isinstance(period, Period):
        return period
    month = period if isinstance(period, Month) else Month.parse(period)
    return Period.of(kind, month)
