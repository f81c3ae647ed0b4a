"""Shared building blocks, written once: in month, open at month end, FY to date, rolling 12
months, calendar-month arithmetic, working days, ages, outcome flags, the child's team at a date.

Each takes an Ibis table and the month grid (months.month_grid) and returns an Ibis table with a
`month` column, so a whole series is one query on any engine."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pandas as pd

from qaf.config import role_key
from qaf.indicators.context import Context

# Working-day calendar range: wide enough for any SSD extract (6 years back) and a few ahead.
CALENDAR_FIRST = date(2000, 1, 1)
CALENDAR_LAST = date(2035, 12, 31)
# The end of a row still open, for comparisons with month ends: after any date the data holds.
OPEN_END = date(9999, 12, 31)


def in_month(t: ir.Table, date_col: str, grid: ir.Table) -> ir.Table:
    """Rows whose date falls in a grid month (1st to last day inclusive), with that `month`."""
    day = t[date_col]
    if not day.type().is_date():
        # A timestamp on a month's last day after midnight is after month_end: kept as it was.
        return t.join(grid, [day >= grid.month_start, day <= grid.month_end])
    # A date is in a month when its month's first day is that month's month_start: an equality
    # both engines hash. As two inequalities PostgreSQL can only test every row against every
    # month (a nested loop: 7 million tests for the referrals of 18 months at scale 10).
    frame = _grid_frame(grid)
    if frame is not None and len(frame):
        # Literal bounds first: most of a six-year extract is outside the grid's months.
        first = min(pd.Timestamp(d).date() for d in frame["month_start"])
        last = max(pd.Timestamp(d).date() for d in frame["month_end"])
        t = t.filter(day >= first, day <= last)
    keyed = t.mutate(_in_month_start=t[date_col].truncate("M").cast("date"))
    joined = keyed.join(grid, keyed._in_month_start == grid.month_start)
    return joined.drop("_in_month_start")


def grid_span(grid: ir.Table) -> tuple[ir.DateValue, ir.DateValue]:
    """The grid's first and last month ends: literal dates where the grid is an in-memory table
    (months.month_grid), else scalar subqueries. PostgreSQL estimates a filter on literals from
    its statistics, but takes one on a subquery to keep a fraction of a percent of the rows: it
    then planned the joins above it (the child model's layers) for hundreds of rows, not
    hundreds of thousands."""
    frame = _grid_frame(grid)
    if frame is not None and len(frame):
        ends = [pd.Timestamp(d).date() for d in frame["month_end"]]
        return ibis.literal(min(ends), type="date"), ibis.literal(max(ends), type="date")
    return grid.month_end.min(), grid.month_end.max()


def _grid_frame(grid: ir.Table) -> pd.DataFrame | None:
    """The grid's rows where it is an in-memory table (months.month_grid), else None."""
    op = grid.op()
    if isinstance(op, ops.InMemoryTable):
        frame: pd.DataFrame = op.data.to_frame()
        return frame
    return None


def open_at_month_end(t: ir.Table, start_col: str, end_col: str, grid: ir.Table) -> ir.Table:
    """Rows open at the end of a grid month: start <= last day and (no end or end > last day)."""
    # First keep only rows open at some point of the grid's span (two scalar bounds): most rows
    # of a long extract closed years ago, and the join below cannot use an index for its OR.
    first, last = grid_span(grid)
    t = t.filter((t[start_col] <= last) & (t[end_col].isnull() | (t[end_col] > first)))
    # An open row's end as a day after any month end: two plain inequalities, which DuckDB
    # runs as a range join (IEJoin) where "no end or end > month end" makes it test every pair.
    end = t[end_col].fill_null(OPEN_END)
    return t.join(grid, [t[start_col] <= grid.month_end, end > grid.month_end])


def latest_open_at_month_end(
    t: ir.Table, person_col: str, start_col: str, end_col: str, id_col: str, grid: ir.Table
) -> ir.Table:
    """One row per person and grid month: of their rows open at month end (open_at_month_end),
    the latest started, then the highest id, so a tie on the start date still has one winner."""
    open_rows = open_at_month_end(t, start_col, end_col, grid)
    ranked = open_rows.mutate(
        _rank=ibis.row_number().over(
            group_by=[open_rows[person_col], open_rows.month],
            order_by=[ibis.desc(open_rows[start_col]), ibis.desc(open_rows[id_col])],
        )
    )
    return ranked.filter(ranked._rank == 0).drop("_rank")


def fy_to_date(t: ir.Table, date_col: str, grid: ir.Table) -> ir.Table:
    """Rows dated from 1 April of the month's FY to the month's last day."""
    return t.join(grid, [t[date_col] >= grid.fy_start, t[date_col] <= grid.month_end])


def rolling_12_months(t: ir.Table, date_col: str, grid: ir.Table) -> ir.Table:
    """Rows dated in the 12 calendar months ending with the grid month."""
    return t.join(grid, [t[date_col] >= grid.rolling_start, t[date_col] <= grid.month_end])


def count_by_month(t: ir.Table, distinct: str | None = None) -> ir.Table:
    """month, n: rows (or distinct values of a column) per month."""
    n = t[distinct].nunique() if distinct else t.count()
    return t.group_by("month").aggregate(n=n)


def add_months(d: ir.DateValue, months: int) -> ir.DateValue:
    """Calendar-month arithmetic: 2016-01-15 + 3 months = 2016-04-15 (month ends clamp: 31 Jan + 1 = 28/29 Feb)."""
    return (d + ibis.interval(months=months)).cast("date")


def add_days(d: ir.DateValue, days: int) -> ir.DateValue:
    return (d + ibis.interval(days=days)).cast("date")


def age_years(dob: ir.DateValue, at: ir.DateValue) -> ir.IntegerValue:
    """Whole years of age at a date (birthday counted on the day)."""
    before_birthday = (at.month() < dob.month()) | (
        (at.month() == dob.month()) & (at.day() < dob.day())
    )
    return (at.year() - dob.year() - ibis.ifelse(before_birthday, 1, 0)).cast("int64")


def json_flag(col: ir.StringValue, key: str) -> ir.BooleanValue:
    """True where an outcome JSON text carries KEY set to a yes value (Y, Yes, True, 1).

    A regular expression rather than a JSON parser: the outcome columns are not always valid
    JSON, and the same pattern runs on every engine."""
    return any_json_flag(col, (key,))


def any_json_flag(col: ir.StringValue, keys: Sequence[str]) -> ir.BooleanValue:
    """True where the outcome JSON text sets any of KEYS to a yes value (see json_flag): extracts
    from different case-management systems spell the same outcome differently. One pattern with
    the keys as alternatives: each regular expression is a pass over every row's text."""
    if not keys:
        raise ValueError("any_json_flag needs at least one key")
    names = "|".join(re.escape(key) for key in keys)
    # No \b: PostgreSQL's regular expressions read it as a backspace.
    pattern = rf'(?i)(^|[^a-z0-9_])"?({names})"?\s*[:=]\s*"?(y|yes|true|1)([^a-z0-9]|$)'
    return col.re_search(pattern).fill_null(False)


@lru_cache(maxsize=1)
def _working_day_index() -> dict[str, list]:
    # Imported here: the package takes 30 ms to load, and most indicators count no working days.
    import holidays

    bank = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(CALENDAR_FIRST.year, CALENDAR_LAST.year + 1)
    )
    days, index, running = [], [], 0
    day = CALENDAR_FIRST
    while day <= CALENDAR_LAST:
        if day.weekday() < 5 and day not in bank:
            running += 1
        days.append(day)
        index.append(running)
        day += timedelta(days=1)
    return {"day": days, "wd_index": index}


@lru_cache(maxsize=1)
def working_day_calendar() -> ir.Table:
    """day, wd_index: the count of England and Wales working days from 2000-01-01 to that day.

    Bank holidays come from the maintained `holidays` package (England, which Wales shares).
    One table for the process: a backend uploads each in-memory table once, so every indicator
    that counts working days shares one upload (13,000 rows; on PostgreSQL 0.15 s an upload,
    which had been paid by each indicator and each computation)."""
    return ibis.memtable(
        _working_day_index(), schema=ibis.schema({"day": "date", "wd_index": "int64"})
    )


def with_working_days(t: ir.Table, start_col: str, end_col: str, out_col: str) -> ir.Table:
    """Adds `out_col`: working days after `start_col` up to and including `end_col`.

    Start and end on the same day gives 0; Friday to the next Monday gives 1."""
    cal = working_day_calendar()
    s = cal.rename(_wd_s_day="day", _wd_s="wd_index")
    e = cal.rename(_wd_e_day="day", _wd_e="wd_index")
    # Predicates name `joined`, not `t`: when t is itself a join, ibis 12 chains onto it and
    # refuses a predicate that references the unchained table.
    joined = t.left_join(s, t[start_col] == s._wd_s_day)
    joined = joined.left_join(e, joined[end_col] == e._wd_e_day)
    return joined.mutate(**{out_col: joined._wd_e - joined._wd_s}).drop(
        "_wd_s_day", "_wd_s", "_wd_e_day", "_wd_e"
    )


def blank_to_null(col: ir.StringValue) -> ir.StringValue:
    """Empty or all-space text as null, so that coalesce() moves on to the next candidate."""
    return ibis.ifelse(col.strip() == "", ibis.null("string"), col)


@dataclass(frozen=True)
class CaseWorkerRolesKey:
    """The stored ssd_involvements role values that name a case worker."""


def case_worker_role_values(ctx: Context) -> list[str]:
    """The invo_professional_role_id values, as stored, that are a case-worker role
    (settings.casework.case_worker_roles, compared as config.role_key compares them: case and
    runs of spaces ignored). Read once per compute() from the column's few distinct values, so
    that the involvements are filtered by a plain IN list, which PostgreSQL estimates from its
    statistics. It took a regular expression on every row to keep 0.4% of them (at scale 10
    it keeps all 922,410) and planned the allocation joins for that."""

    def build() -> list[str]:
        inv = ctx.table("ssd_involvements")
        frame = ctx.execute(inv.select(role=inv.invo_professional_role_id).distinct())
        wanted = {role_key(r) for r in ctx.settings.casework.case_worker_roles}
        return sorted({str(v) for v in frame["role"].dropna() if role_key(str(v)) in wanted})

    return ctx.once(CaseWorkerRolesKey(), build)


def case_worker_involvements(ctx: Context) -> ir.Table:
    """ssd_involvements rows in a case-worker role (settings.casework.case_worker_roles: `CW` and
    SSD 1.4.4's "Allocated Case Worker" by default; case and surrounding spaces ignored), with
    `team_id`: the involvement's own team, else the worker's team in qaf_staff (involvements
    often leave the team empty and rely on the worker's)."""
    inv = ctx.table("ssd_involvements")
    stored = case_worker_role_values(ctx)
    inv = inv.filter(inv.invo_professional_role_id.isin(stored) if stored else ibis.literal(False))
    staff = ctx.table("qaf_staff").select(_staff_id="prof_professional_id", _staff_team="team_id")
    joined = inv.left_join(staff, inv.invo_professional_id == staff._staff_id)
    return joined.mutate(
        team_id=ibis.coalesce(blank_to_null(joined.invo_professional_team), joined._staff_team)
    ).drop("_staff_id", "_staff_team")


def team_at(ctx: Context, t: ir.Table, person_col: str, date_col: str) -> ir.Table:
    """Adds `alloc_team_id` and `alloc_worker_id`: the child's allocated case worker and team on
    each row's date (the open case-worker involvement then; latest started wins)."""
    inv = case_worker_involvements(ctx)
    inv = inv.select(
        _alloc_row="invo_involvements_id",
        _alloc_person="invo_person_id",
        _alloc_start="invo_involvement_start_date",
        _alloc_end="invo_involvement_end_date",
        alloc_worker_id="invo_professional_id",
        alloc_team_id="team_id",
    )
    keyed = t.mutate(_row_key=ibis.row_number())
    joined = keyed.left_join(
        inv,
        [
            keyed[person_col] == inv._alloc_person,
            inv._alloc_start <= keyed[date_col],
            inv._alloc_end.isnull() | (inv._alloc_end > keyed[date_col]),
        ],
    )
    ranked = joined.mutate(
        _rank=ibis.row_number().over(
            group_by=joined._row_key,
            order_by=[ibis.desc(joined._alloc_start), ibis.desc(joined._alloc_row)],
        )
    )
    return ranked.filter(ranked._rank == 0).drop(
        "_rank", "_row_key", "_alloc_row", "_alloc_person", "_alloc_start", "_alloc_end"
    )
