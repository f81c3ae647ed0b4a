"""The period an extract covers: its first and last event dates, the month from which it records
referrals in full, and the date it was taken.

Recorded with each loaded version (in its load report) and given to the indicator engine as
`Source.coverage`, so that a month after the extract's end is not reported as a month of zeros,
and one before its recording start is marked incomplete."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from qaf.warehouse.specs import SPECS

# Date columns that are not events in the extract's period: births, expected births and review
# due dates can lie long before or after it.
NOT_EVENTS = frozenset({"pers_dob", "pers_expected_dob", "clar_cla_review_due_date"})
COUNCIL = "qaf_council"
EXTRACT_DATE = "extract_date"
# The referrals that say when the extract's recording starts (recording_start).
REFERRALS = ("ssd_cin_episodes", "cine_referral_date")
# The extract's recording is taken to start with the first month whose referrals reach this share
# of a typical recent month (the median of the last RECENT_MONTHS months with referrals).
RECORDING_SHARE = 0.5
RECENT_MONTHS = 12


@dataclass(frozen=True)
class Coverage:
    first_event: dt.date | None
    last_event: dt.date | None
    extract_date: dt.date | None
    # The first day of the month from which referrals are recorded in full (recording_start);
    # None when there are no referrals, or for a version recorded before it was measured.
    recording_start: dt.date | None = None

    @property
    def start(self) -> dt.date | None:
        """The first day the extract can speak for in full: the later of its first event and its
        recording start (either alone when the other is unknown). A period reaching before it is
        incomplete."""
        if self.first_event is None or self.recording_start is None:
            return self.recording_start or self.first_event
        return max(self.first_event, self.recording_start)

    @property
    def end(self) -> dt.date | None:
        """The last day the extract can speak for: the extract date when given, else the last event."""
        return self.extract_date or self.last_event

    def to_dict(self) -> dict[str, str | None]:
        return {
            "first_event": _iso(self.first_event),
            "last_event": _iso(self.last_event),
            "extract_date": _iso(self.extract_date),
            "recording_start": _iso(self.recording_start),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Coverage | None:
        if not data:
            return None
        return cls(
            _date(data.get("first_event")),
            _date(data.get("last_event")),
            _date(data.get("extract_date")),
            # A version recorded before the recording start was measured has no key: None.
            _date(data.get("recording_start")),
        )


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def event_columns() -> list[tuple[str, str]]:
    """(table, column) of every SSD date column that records an event."""
    return [
        (table.name, column.name)
        for table in SPECS
        if table.source == "ssd"
        for column in table.columns
        if column.kind == "date" and column.name not in NOT_EVENTS
    ]


def extract_date(council: pa.Table | None) -> dt.date | None:
    """The latest extract_date of a parsed `qaf_council` table; None when it gives none."""
    if council is None or EXTRACT_DATE not in council.column_names:
        return None
    dates = [d for d in council.column(EXTRACT_DATE).to_pylist() if d is not None]
    return max(dates) if dates else None


def recording_start(counts: Iterable[tuple[int, int, int]]) -> dt.date | None:
    """The first day of the month from which an extract records referrals in full, from its
    referrals per month as (year, month, n): the first month whose n reaches RECORDING_SHARE
    (half) of a typical recent month's, the median of the last RECENT_MONTHS (12) months with
    referrals. A real extract keeps the old episodes still open at its start, with their old
    dates (the synthetic council's first is a referral of 1997), but records new events only from
    its window's start, so its first event says little about when its counts are whole. None
    when there are no referrals."""
    months = sorted((year, month, n) for year, month, n in counts if n > 0)
    if not months:
        return None
    typical = statistics.median(n for _year, _month, n in months[-RECENT_MONTHS:])
    year, month, _n = next(m for m in months if m[2] >= RECORDING_SHARE * typical)
    return dt.date(year, month, 1)


def referral_counts(tables: Mapping[str, pa.Table]) -> list[tuple[int, int, int]]:
    """(year, month, referrals) of a parsed `ssd_cin_episodes` table, each month with one."""
    table, column = REFERRALS
    data = tables.get(table)
    if data is None or column not in data.column_names or not data.num_rows:
        return []
    days = data.column(column).drop_null()
    if not len(days):
        return []
    months = pa.table({"year": pc.year(days), "month": pc.month(days)})
    counted = months.group_by(["year", "month"]).aggregate([([], "count_all")])
    return list(
        zip(
            counted.column("year").to_pylist(),
            counted.column("month").to_pylist(),
            counted.column("count_all").to_pylist(),
            strict=True,
        )
    )


def measure(tables: Mapping[str, pa.Table]) -> Coverage | None:
    """The coverage of loaded tables; None when they hold no event and no extract date."""
    firsts: list[dt.date] = []
    lasts: list[dt.date] = []
    for table, column in event_columns():
        data = tables.get(table)
        if data is None or column not in data.column_names or not data.num_rows:
            continue
        bounds = pc.min_max(data.column(column))
        if bounds["min"].is_valid:
            firsts.append(bounds["min"].as_py())
            lasts.append(bounds["max"].as_py())
    extract = extract_date(tables.get(COUNCIL))
    if not firsts and extract is None:
        return None
    return Coverage(
        min(firsts, default=None),
        max(lasts, default=None),
        extract,
        recording_start(referral_counts(tables)),
    )
