"""The period an extract covers: its first and last event dates, and the date it was taken.

Recorded with each loaded version (in its load report) and given to the indicator engine as
`Source.coverage`, so that a month after the extract's end is not reported as a month of zeros."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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


@dataclass(frozen=True)
class Coverage:
    first_event: dt.date | None
    last_event: dt.date | None
    extract_date: dt.date | None

    @property
    def end(self) -> dt.date | None:
        """The last day the extract can speak for: the extract date when given, else the last event."""
        return self.extract_date or self.last_event

    def to_dict(self) -> dict[str, str | None]:
        return {
            "first_event": _iso(self.first_event),
            "last_event": _iso(self.last_event),
            "extract_date": _iso(self.extract_date),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Coverage | None:
        if not data:
            return None
        return cls(
            _date(data.get("first_event")),
            _date(data.get("last_event")),
            _date(data.get("extract_date")),
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
    return Coverage(min(firsts, default=None), max(lasts, default=None), extract)
