"""What the QA-record sections (2 case audits, 3 feedback, 4 IRU) share: the months they query, the
year to date summed from monthly aggregates, and the change on the previous month.

Their tables (qaf_audits, qaf_feedback, qaf_iru_*) are small and their figures are sums of counts,
so each section fetches one row per month and category from the engine and adds months up here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis.expr.types as ir
import pandas as pd

from qaf.indicators.context import Context
from qaf.indicators.dimensions import Dimension
from qaf.indicators.months import Month
from qaf.indicators.periods import Period
from qaf.indicators.rows import Rows, ratio


@dataclass(frozen=True)
class MonthlyKey:
    """A section's monthly aggregate (`what`) over these months."""

    what: str
    months: tuple[Month, ...]


def query_months(ctx: Context) -> tuple[Month, ...]:
    """The series months and the month before the report month (for the change on it)."""
    return tuple(sorted({*ctx.months, ctx.month.shift(-1)}))


def aggregate_once(
    ctx: Context, what: str, expr_of: Callable[[ir.Table], ir.Table]
) -> pd.DataFrame:
    """`expr_of(grid)` (an aggregate with a `month` column) executed once per compute()."""
    months = query_months(ctx)

    def build() -> pd.DataFrame:
        frame: pd.DataFrame = ctx.execute(expr_of(ctx.grid(months)))
        return frame

    return ctx.once(MonthlyKey(what, months), build)


def in_period(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows of a monthly aggregate whose month falls in `period` (a month or the FY to date)."""
    if period.kind == "fytd":
        wanted = {m.label for m in period.month.fy_to_date()}
    elif period.kind == "month":
        wanted = {period.month.label}
    else:
        raise ValueError(f"QA-record sections sum months or the FY to date, not {period.kind}")
    return frame[frame["month"].isin(wanted)]


def change_pp(now: float | None, before: float | None) -> float | None:
    """Change in percentage points; None when either month has no figure."""
    if now is None or before is None:
        return None
    return now - before


def pct(numerator: float, denominator: float) -> float | None:
    return ratio(numerator, denominator)


def members_with_found(dimension: Dimension, found: pd.Series) -> list[str]:
    """Every declared member (so a month without one shows 0), then any other key found, sorted."""
    keys = [k for k, _ in dimension.members]
    return keys + sorted({str(v) for v in found.dropna()} - set(keys))


def counts_by(
    ctx: Context, frame: pd.DataFrame, count: str, dimension: Dimension, rows: Rows
) -> None:
    """A monthly count (`frame`: month, the dimension's column, `count`) as each series month's
    value and one cell per member of `dimension`."""
    members = members_with_found(dimension, frame[dimension.name])
    for month in ctx.months:
        here = frame[frame["month"] == month.label]
        rows.value(month, float(here[count].sum()))
        for key in members:
            n = float(here.loc[here[dimension.name] == key, count].sum())
            rows.cell(month, {dimension.name: key}, n, label=dimension.label_of(key))
