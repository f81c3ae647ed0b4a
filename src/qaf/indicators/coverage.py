"""Which months the data covers: a month after the extract's end is refused, a period reaching
before its start (the later of its first event and its recording start) marked incomplete.

A loaded warehouse or input folder records its coverage when read (Source.coverage, see
qaf.warehouse.coverage); where that is absent (a hand-made Source), it is derived here from the same
event dates in one query, and where it lacks the recording start (a version loaded before that was
recorded), that part is derived from the referrals, once per source."""

from __future__ import annotations

import weakref
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import ibis
import pandas as pd

from qaf.errors import QafError
from qaf.indicators.months import Month
from qaf.warehouse import coverage as recorded_coverage
from qaf.warehouse.coverage import REFERRALS, Coverage, event_columns
from qaf.warehouse.schema import Source

# Each source's recording start, derived once: coverage_of is called for every compute, and the
# referrals of a source do not change. Keyed by id(source), dropped when the source goes.
_RECORDING_STARTS: dict[int, tuple[weakref.ref[Source], date | None]] = {}


def _day(value: Any) -> date | None:
    """A date from what a backend returns (date, datetime, Timestamp); NaT and None as None."""
    if value is None or value is pd.NaT or pd.isna(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def recording_start(source: Source) -> date | None:
    """The first day of the month from which the source records referrals in full
    (qaf.warehouse.coverage.recording_start), from its referrals per month in one query."""
    table, column = REFERRALS
    day = source.table(table)[column].cast("date")
    dated = source.table(table).select(day=day).filter(day.notnull())
    counts = source.execute(
        dated.group_by(year=dated.day.year(), month=dated.day.month()).aggregate(n=dated.count())
    )
    return recorded_coverage.recording_start(
        (int(year), int(month), int(n))
        for year, month, n in zip(counts["year"], counts["month"], counts["n"], strict=True)
    )


def derive(source: Source) -> Coverage:
    """First and last event over every SSD event date, qaf_council.extract_date, and the
    recording start from the referrals."""
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
        recording_start=_recording_start_once(source),
    )


def _recording_start_once(source: Source) -> date | None:
    """recording_start(source), queried the first time a source asks only."""
    key = id(source)
    entry = _RECORDING_STARTS.get(key)
    if entry is None or entry[0]() is not source:
        ref = weakref.ref(source, lambda _ref: _RECORDING_STARTS.pop(key, None))
        entry = (ref, recording_start(source))
        _RECORDING_STARTS[key] = entry
    return entry[1]


def coverage_of(source: Source) -> tuple[Coverage, bool]:
    """The source's coverage and whether it was recorded (True) or derived from the data (False).
    A recorded coverage without a recording start (a version loaded before it was recorded, or
    set by hand) has it derived from the data."""
    if source.coverage is None:
        return derive(source), False
    if source.coverage.recording_start is None:
        return replace(source.coverage, recording_start=_recording_start_once(source)), True
    return source.coverage, True


def check_month(coverage: Coverage, month: Month) -> None:
    """Refuse a month that starts after the data ends: its figures would be made of nothing."""
    end = coverage.end
    if end is not None and month.start > end:
        raise QafError(
            f"month {month.label} is after the end of the data ({end.isoformat()}): the data "
            f"cannot say what happened then. Choose --month {Month.of(end).label} or earlier."
        )
