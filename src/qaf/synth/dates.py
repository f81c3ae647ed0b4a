"""Dates as whole days since 1970-01-01 in int64 arrays, so every step vectorises with numpy.
A missing date is NA (a large negative sentinel), written as an empty cell."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

Days = npt.NDArray[np.int64]
NA = np.int64(-(2**40))
# Further than any simulated date: "not ended yet".
NEVER = np.int64(2**40)
YEAR = 365.25
MONTH = YEAR / 12


def day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def month_start(year: int, month: int) -> int:
    return day(date(year, month, 1))


def month_end(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return day(nxt) - 1


def months(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) for each calendar month from first's to last's inclusive."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def business_days(start: int, end: int) -> Days:
    """Weekdays from start to end inclusive."""
    span = np.arange(start, end + 1, dtype=np.int64)
    return span[np.is_busday(span.astype("datetime64[D]"))]


def add_business_days(days: Days, offsets: npt.NDArray[np.int64]) -> Days:
    dt = days.astype("datetime64[D]")
    out = np.busday_offset(dt, offsets, roll="forward")
    return out.astype(np.int64)


def to_weekday(days: Days) -> Days:
    """Roll weekend dates forward to Monday: meetings and visits fall on working days."""
    return np.busday_offset(days.astype("datetime64[D]"), 0, roll="forward").astype(np.int64)


def add_months(days: Days, n: npt.ArrayLike) -> Days:
    """Calendar months later, day of month clipped (31 Jan + 1 month = 28/29 Feb)."""
    dt = days.astype("datetime64[D]")
    mon = dt.astype("datetime64[M]")
    dom = (dt - mon.astype("datetime64[D]")).astype(np.int64)
    target = mon + np.asarray(n, dtype=np.int64)
    last = ((target + 1).astype("datetime64[D]") - 1 - target.astype("datetime64[D]")).astype(
        np.int64
    )
    return (target.astype("datetime64[D]").astype(np.int64) + np.minimum(dom, last)).astype(
        np.int64
    )


def to_text(days: Days) -> npt.NDArray[np.str_]:
    """ISO dates; NA as empty."""
    days = np.asarray(days, dtype=np.int64)
    missing = days == NA
    safe = np.where(missing, 0, days)
    text = np.datetime_as_string(safe.astype("datetime64[D]"), unit="D")
    return np.where(missing, "", text)


def cap(days: Days, end: int) -> Days:
    """Dates after the extract date have not happened yet: NA."""
    return np.where(days > end, NA, days)
