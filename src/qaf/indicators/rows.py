"""The long results table and helpers to build it.

One row per indicator, period and dimension values. A row covers a period (`period_kind`,
`period_start`, `period_end`; `month` is the report month it belongs to) and names its dimension
values in `dims` ({"team": "CFCX1", "plan_length": "0-2"}; {} for the whole council). `kind` is `value`
(a figure for the whole council), `breakdown` (a figure for some dimension values) or `measure` (a
named extra figure). `dimension` and `key` are the older flat view of `dims`, kept for readers of
interfaces.md section 3: one dimension gives its name and key, several are joined with "+" and "|".
`complete` is false where the period reaches before the data starts (compute() sets it)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from qaf.indicators.months import Month
from qaf.indicators.periods import Period, as_period, starts_within

COLUMNS = [
    "indicator_id",
    "month",
    "kind",
    "dimension",
    "key",
    "label",
    "parent",
    "numerator",
    "denominator",
    "value",
    "period_kind",
    "period_start",
    "period_end",
    "dims",
    "complete",
]
# Columns an indicator function returns (the engine adds indicator_id).
ROW_COLUMNS = COLUMNS[1:]

NO_TEAM_KEY = "none"
NO_TEAM_LABEL = "No assigned team"
# How the flat `dimension` / `key` columns join several dimensions of one row.
DIMENSION_JOIN = "+"
KEY_JOIN = "|"


def ratio(numerator: float | None, denominator: float | None, scale: float = 100.0) -> float | None:
    """numerator / denominator x scale; None for a zero or missing denominator (never 0, never error)."""
    if numerator is None or denominator is None:
        return None
    if isinstance(denominator, float) and math.isnan(denominator):
        return None
    if denominator == 0:
        return None
    return float(numerator) / float(denominator) * scale


class Rows:
    """Collects an indicator's rows; `frame()` returns them in the engine's shape.

    `cell(period, dims, value, ...)` is the general call; `value`, `breakdown` and `measure` are
    shorthands. A row given a Month (not a Period) takes the indicator's own period kind, which
    compute() fills in from the declaration."""

    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] = []

    def cell(
        self,
        period: Period | Month | str,
        dims: Mapping[str, str] | None,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
        label: str | None = None,
        parent: str | None = None,
    ) -> None:
        """A figure for one period and one set of dimension values ({} = the whole council)."""
        dims = {str(k): str(v) for k, v in (dims or {}).items()}
        kind = "breakdown" if dims else "value"
        self._add(kind, period, dims, None, label, parent, numerator, denominator, value)

    def value(
        self,
        month: Period | Month | str,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
    ) -> None:
        self._add("value", month, {}, None, None, None, numerator, denominator, value)

    def values(self, months: Iterable[Month | Period], by_month: Mapping[str, float]) -> None:
        """A value row for each month, from a month label -> value mapping (missing = 0)."""
        for month in months:
            label = month.month.label if isinstance(month, Period) else month.label
            self.value(month, by_month.get(label, 0.0))

    def ratio(
        self,
        month: Period | Month | str,
        numerator: float,
        denominator: float,
        scale: float = 100.0,
    ) -> None:
        self.value(month, ratio(numerator, denominator, scale), numerator, denominator)

    def breakdown(
        self,
        dimension: str,
        month: Period | Month | str,
        key: str,
        label: str,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
        parent: str | None = None,
    ) -> None:
        """Shorthand for a cell of one dimension: `cell(month, {dimension: key}, ...)`."""
        self._add(
            "breakdown",
            month,
            {dimension: str(key)},
            None,
            label,
            parent,
            numerator,
            denominator,
            value,
        )

    def measure(self, month: Period | Month | str, name: str, value: float | None) -> None:
        self._add("measure", month, {}, name, None, None, None, None, value)

    def _add(
        self,
        kind: str,
        period: Period | Month | str,
        dims: dict[str, str],
        key: str | None,
        label: str | None,
        parent: str | None,
        numerator: float | None,
        denominator: float | None,
        value: float | None,
    ) -> None:
        if isinstance(period, Period):
            month, kind_of_period = period.month.label, period.kind
            start, end = period.start, period.end
        else:
            month, kind_of_period, start, end = str(period), None, None, None
        self._rows.append(
            {
                "month": month,
                "kind": kind,
                "dimension": DIMENSION_JOIN.join(dims) if dims else None,
                "key": KEY_JOIN.join(dims.values()) if dims else key,
                "label": label,
                "parent": parent,
                "numerator": _num(numerator),
                "denominator": _num(denominator),
                "value": _num(value),
                "period_kind": kind_of_period,
                "period_start": start,
                "period_end": end,
                "dims": dims,
                "complete": None,
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self._rows, columns=ROW_COLUMNS)


def fill_periods(frame: pd.DataFrame, kind: str, coverage_start: Any = None) -> pd.DataFrame:
    """Rows given a month, not a Period, take the period `kind` ending with that month; every row's
    `complete` says whether its period starts within the data (periods.starts_within), which
    starts on `coverage_start` (Coverage.start: its first event or, when later, its recording
    start)."""
    frame = frame.copy()
    for column in ("period_kind", "period_start", "period_end", "dims", "complete"):
        if column not in frame.columns:
            frame[column] = None
    dims_of = [d if isinstance(d, dict) else {} for d in frame["dims"]]
    # Periods by month label, made once each (a frame has a few months and many rows).
    periods: dict[str, Period] = {}
    kinds, starts, ends, complete = [], [], [], []
    for month, own_kind, start, end in zip(
        frame["month"],
        frame["period_kind"],
        frame["period_start"],
        frame["period_end"],
        strict=True,
    ):
        if own_kind is None or (isinstance(own_kind, float) and math.isnan(own_kind)):
            label = str(month)
            if label not in periods:
                periods[label] = as_period(label, kind)
            period = periods[label]
            own_kind, start, end = period.kind, period.start, period.end
        kinds.append(own_kind)
        starts.append(start)
        ends.append(end)
        complete.append(starts_within(start, coverage_start))
    frame["period_kind"] = kinds
    frame["period_start"] = starts
    frame["period_end"] = ends
    frame["dims"] = pd.Series(dims_of, index=frame.index, dtype=object)
    frame["complete"] = complete
    return frame


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return float(value)


def counts_by_month(
    frame: pd.DataFrame, months: Sequence[Month], column: str = "n"
) -> dict[str, float]:
    """A month -> count mapping with every month present (a month with no events is 0, not missing)."""
    found = dict(zip(frame["month"], frame[column], strict=False)) if len(frame) else {}
    return {m.label: float(found.get(m.label, 0) or 0) for m in months}


def concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    # As objects first: pandas warns when it infers dtypes across all-null columns.
    frames = [f.astype(object) for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    result = pd.concat(frames, ignore_index=True)
    for column in ("numerator", "denominator", "value"):
        result[column] = pd.to_numeric(result[column], errors="coerce").astype(float)
    return result
