"""Calendar months, financial years and the month grid every building block joins to."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import ibis

from qaf.errors import QafError

# The English local-government financial year starts on 1 April.
FY_START_MONTH = 4


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise QafError(f"month {text!r} is not of the form YYYY-MM (for example 2016-09)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.label

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    @property
    def fy_start_year(self) -> int:
        return self.year if self.month >= FY_START_MONTH else self.year - 1

    @property
    def fy(self) -> str:
        """The financial year's name, `2016-17`."""
        return f"{self.fy_start_year}-{(self.fy_start_year + 1) % 100:02d}"

    @property
    def fy_start(self) -> date:
        return date(self.fy_start_year, FY_START_MONTH, 1)

    @property
    def fy_first_month(self) -> Month:
        return Month(self.fy_start_year, FY_START_MONTH)

    def fy_to_date(self) -> list[Month]:
        """Each month of the financial year up to and including this one."""
        first = self.fy_first_month
        return [first.shift(i) for i in range(self.index - first.index + 1)]

    @property
    def fy_end(self) -> Month:
        """March of this month's financial year (the outturn month)."""
        return Month(self.fy_start_year + 1, FY_START_MONTH - 1)

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    @property
    def rolling_start(self) -> date:
        """First day of the 12 calendar months ending with this one."""
        return self.shift(-11).start


def fy_name(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def month_grid(months: list[Month] | tuple[Month, ...]) -> ibis.Table:
    """One row per month: its label, first and last day, FY start and rolling-12-month start.

    Building blocks join events to this grid, so one query computes a whole series."""
    ordered = sorted(set(months))
    return ibis.memtable(
        {
            "month": [m.label for m in ordered],
            "month_start": [m.start for m in ordered],
            "month_end": [m.end for m in ordered],
            "fy_start": [m.fy_start for m in ordered],
            "rolling_start": [m.rolling_start for m in ordered],
        },
        schema=ibis.schema(
            {
                "month": "string",
                "month_start": "date",
                "month_end": "date",
                "fy_start": "date",
                "rolling_start": "date",
            }
        ),
    )
