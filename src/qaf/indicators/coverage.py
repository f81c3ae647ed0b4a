"""Which months the data covers: a month after the extract's end is refused, one before its start
marked incomplete.

A loaded warehouse or input folder records its coverage (Source.coverage, set when the data is read);
where it is absent (hand-made Sources), it is derived from the data: the first and last contact or
referral, and qaf_council.extract_date where given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import ibis
import pandas as pd

from qaf.errors import QafError
from qaf.indicators.months import Month
from qaf.warehouse.schema import Source


class CoverageLike(Protocol):
    @property
    def first_event(self) -> date | None: ...
    @property
    def last_event(self) -> date | None: ...
    @property
    def extract_date(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...


@dataclass(frozen=True)
class DerivedCoverage:
    first_event: date | None
    last_event: date | None
    extract_date: date | None

    @property
    def end(self) -> date | None:
        """The last day the data can speak for: the extract date, else the last event."""
        return self.extract_date or self.last_event


# The events whose dates bound an extract's window: every extract holds its window's contacts and
# referrals, while open cases (plans, episodes) may have started long before the window.
WINDOW_EVENTS = (("ssd_contacts", "cont_contact_date"), ("ssd_cin_episodes", "cine_referral_date"))


def _day(value: Any) -> date | None:
    """A date from what a backend returns (date, datetime, Timestamp); NaT and None as None."""
    if value is None or value is pd.NaT or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def derive(source: Source) -> DerivedCoverage:
    parts = [
        source.table(table).select(day=source.table(table)[column].cast("date"))
        for table, column in WINDOW_EVENTS
    ]
    events = ibis.union(*parts)
    bounds = source.execute(events.aggregate(first=events.day.min(), last=events.day.max()))
    council = source.execute(source.table("qaf_council").select("extract_date"))
    extracted = council["extract_date"].dropna()
    return DerivedCoverage(
        first_event=_day(bounds["first"].iloc[0]) if len(bounds) else None,
        last_event=_day(bounds["last"].iloc[0]) if len(bounds) else None,
        extract_date=_day(extracted.max()) if len(extracted) else None,
    )


def coverage_of(source: Source) -> tuple[CoverageLike, bool]:
    """The source's coverage and whether it was recorded (True) or derived from the data (False)."""
    recorded = getattr(source, "coverage", None)
    if recorded is not None:
        return recorded, True
    return derive(source), False


def check_month(coverage: CoverageLike, month: Month) -> None:
    """Refuse a month that starts after the data ends: its figures would be made up of nothing."""
    end = coverage.end
    if end is not None and month.start > end:
        raise QafError(
            f"month {month.label} is after the end of the data ({end.isoformat()}): the data "
            f"cannot say what happened then. Choose --month {Month.of(end).label} or earlier."
        )
