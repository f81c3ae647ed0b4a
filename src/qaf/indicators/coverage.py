"""Which months the data covers: a month after the extract's end is refused, a period reaching
before its start marked incomplete.

A loaded warehouse or input folder records its coverage when read (Source.coverage, see
qaf.warehouse.coverage); where that is absent (a hand-made Source), it is derived here from the same
event dates in one query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import ibis
import pandas as pd

from qaf.errors import QafError
from qaf.indicators.months import Month
from qaf.warehouse.coverage import Coverage, event_columns
from qaf.warehouse.schema import Source


def _day(value: Any) -> date | None:
    """A date from what a backend returns (date, datetime, Timestamp); NaT and None as None."""
    if value is None or value is pd.NaT or pd.isna(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def derive(source: Source) -> Coverage:
    """First and last event over every SSD event date, and qaf_council.extract_date."""
    parts = [
        source.table(table).select(day=source.table(table)[column].cast("date"))
        for table, column in event_columns()
    ]
    events = ibis.union(*parts, distinct=False)
    bounds = source.execute(events.aggregate(first=events.day.min(), last=events.day.max()))
    council = source.execute(source.table("qaf_council").select("extract_date"))
    extracted = [d for d in (_day(v) for v in council["extract_date"]) if d is not None]
    return Coverage(
        first_event=_day(bounds["first"].iloc[0]) if len(bounds) else None,
        last_event=_day(bounds["last"].iloc[0]) if len(bounds) else None,
        extract_date=max(extracted, default=None),
    )


def coverage_of(source: Source) -> tuple[Coverage, bool]:
    """The source's coverage and whether it was recorded (True) or derived from the data (False)."""
    if source.coverage is not None:
        return source.coverage, True
    return derive(source), False


def check_month(coverage: Coverage, month: Month) -> None:
    """Refuse a month that starts after the data ends: its figures would be made of nothing."""
    end = coverage.end
    if end is not None and month.start > end:
        raise QafError(
            f"month {month.label} is after the end of the data ({end.isoformat()}): the data "
            f"cannot say what happened then. Choose --month {Month.of(end).label} or earlier."
        )
