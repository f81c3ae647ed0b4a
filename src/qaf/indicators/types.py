"""Indicator types: the common shapes declared, not hand-written.

A declaration names what is counted (`Events` in a period, or people `OpenAtMonthEnd`) and how it is
shown (`Count`, `Ratio` of two counts, `RatePer10k` children); the engine makes the series (one query
for every month), the financial year to date (period "fytd"), earlier years' same months
(history_years), and the team / area / service breakdowns (breakdowns.py's one roll-up rule). A
common indicator is then a `declare(...)` of about twenty lines; the special ones stay functions
(sections/*.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.breakdowns import VALUE_OF_UNIT, count_value, team_breakdowns
from qaf.indicators.context import PER_10K, Context
from qaf.indicators.models import allocated_months
from qaf.indicators.months import Month
from qaf.indicators.periods import Period
from qaf.indicators.registry import Polarity, Unit, indicator
from qaf.indicators.rows import Rows, ratio

Where = Callable[[ir.Table], ir.BooleanValue]
# How each period kind picks the rows of a month of the series (blocks.py, one join to the grid).
PERIOD_JOINS: dict[str, Callable[[ir.Table, str, ir.Table], ir.Table]] = {
    "month": blocks.in_month,
    "fytd": blocks.fy_to_date,
    "rolling_12m": blocks.rolling_12_months,
}


@dataclass(frozen=True)
class Events:
    """Rows of `table` whose `date` falls in the period: every row, or `distinct` people once.

    `team`: the column naming the team of each row (null = no assigned team), for breakdowns;
    `allocated_team`: instead, the child's allocated team on the event's date (blocks.team_at)."""

    table: str
    date: str
    distinct: str | None = None
    where: Where | None = None
    team: str | None = None
    allocated_team: str | None = None  # the person column, when the team is the allocated one

    def per_month(self, ctx: Context, period: str) -> ir.Table:
        t = ctx.table(self.table)
        t = t.filter(t[self.date].notnull())
        if self.where is not None:
            t = t.filter(self.where(t))
        if self.allocated_team is not None:
            t = blocks.team_at(ctx, t, self.allocated_team, self.date)
            t = t.mutate(_team=t.alloc_team_id)
        else:
            t = t.mutate(_team=t[self.team] if self.team else ibis.null("string"))
        if period not in PERIOD_JOINS:
            raise ValueError(f"events cannot be counted over a {period!r} period")
        t = PERIOD_JOINS[period](t, self.date, ctx.grid())
        n = t[self.distinct].nunique() if self.distinct else t.count()
        return t.group_by(["month", t._team.name("team_id")]).aggregate(n=n)

    @property
    def has_team(self) -> bool:
        return self.team is not None or self.allocated_team is not None


@dataclass(frozen=True)
class OpenAtMonthEnd:
    """People with a row of `table` open at the month's end (start on or before the last day, end
    empty or after it), each once; by their allocated team at month end."""

    table: str
    person: str
    start: str
    end: str
    where: Where | None = None
    has_team: bool = True

    def per_month(self, ctx: Context, period: str) -> ir.Table:
        if period != "month":
            raise ValueError("people open at a month end are counted for a month only")
        t = ctx.table(self.table)
        t = t.filter(t[self.start].notnull())
        if self.where is not None:
            t = t.filter(self.where(t))
        grid = ctx.grid()
        people = blocks.open_at_month_end(t, self.start, self.end, grid)
        people = people.select(_person=people[self.person], month=people.month).distinct()
        if not self.has_team:
            return people.group_by("month").aggregate(team_id=ibis.null("string"), n=people.count())
        alloc = allocated_months(ctx, ctx.months).select(
            _a_person="person_id", _a_month="month", team_id="team_id"
        )
        joined = people.left_join(
            alloc, [people._person == alloc._a_person, people.month == alloc._a_month]
        )
        return joined.group_by(["month", "team_id"]).aggregate(n=joined.count())


Counted = Events | OpenAtMonthEnd


def without_team(what: Counted) -> Counted:
    """`what` counted without its team where the monthly totals stay the same: people open at a
    month end have one allocation each, so their teams only split the total; events counted row
    by row likewise. (Distinct people among events keep their team: a child with events under
    two teams in a month counts once per team.) A rate has no team breakdowns, so this spares it
    the allocation join and fetches a row per month, not per month and team."""
    if isinstance(what, OpenAtMonthEnd):
        return replace(what, has_team=False)
    if what.distinct is None:
        return replace(what, team=None, allocated_team=None)
    return what


@dataclass(frozen=True)
class Count:
    what: Counted


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator x scale (a percentage by default), each counted the same way."""

    numerator: Counted
    denominator: Counted
    scale: float = 100.0


@dataclass(frozen=True)
class RatePer10k:
    """A count per 10,000 children aged 0-17 (the latest mid-year estimate not after the month)."""

    what: Counted


Shape = Count | Ratio | RatePer10k

# Named extra figures a declared count can carry (the year to date, and the same months last year).
STANDARD_MEASURES = {
    "ytd_total": "the financial year to date's total",
    "ytd_monthly_average": "ytd_total / the months of the financial year to date",
    "previous_fy_same_period_total": "the total of the same months of the previous financial year",
    "ytd_change_pct": "% change of ytd_total on previous_fy_same_period_total (null when that is 0)",
}


@dataclass(frozen=True)
class CountKey:
    """Where one counted thing's per-month, per-team frame lives in the shared store."""

    what: Counted
    period: str
    months: tuple[Month, ...]


def _frame(ctx: Context, what: Counted, period: str) -> pd.DataFrame:
    """month, team_id, n for every month of the series: one query, shared across indicators."""
    key = CountKey(what, period, tuple(sorted(ctx.months)))
    return ctx.once(key, lambda: ctx.execute(what.per_month(ctx, period)))


def _by_month(frame: pd.DataFrame) -> dict[str, float]:
    return {str(m): float(n) for m, n in frame.groupby("month")["n"].sum().items()}


def _team_frame(num: pd.DataFrame, den: pd.DataFrame | None, month: Month) -> pd.DataFrame:
    """Per team for one month: n (numerator) and d (denominator), teams of either kept."""
    current = num[num["month"] == month.label].groupby("team_id", dropna=False)["n"].sum()
    out = pd.DataFrame({"team_id": current.index, "n": current.values})
    if den is None:
        return out
    d = den[den["month"] == month.label].groupby("team_id", dropna=False)["n"].sum()
    merged = pd.DataFrame({"team_id": d.index, "d": d.values}).merge(out, on="team_id", how="outer")
    return merged.fillna({"n": 0.0, "d": 0.0})


@dataclass(frozen=True)
class Compute:
    """The function the engine runs for a declared indicator."""

    shape: Shape
    period: str
    unit: str
    team_dims: tuple[str, ...] = field(default=("team", "area", "service"))
    measures: tuple[str, ...] = ()

    def describe(self) -> str:
        """The declaration in words, for the indicator reference."""
        shape = self.shape
        if isinstance(shape, Count):
            return f"a count of {_what(shape.what)}"
        if isinstance(shape, Ratio):
            return f"a ratio: {_what(shape.numerator)} over {_what(shape.denominator)}"
        return f"a rate per 10,000 children of {_what(shape.what)}"

    def __call__(self, ctx: Context) -> pd.DataFrame:
        rows = Rows()
        period_of = partial(Period.of, self.period)
        shape = self.shape
        if isinstance(shape, Count):
            frame = _frame(ctx, shape.what, self.period)
            counts = _by_month(frame)
            for month in ctx.months:
                n = counts.get(month.label, 0.0)
                rows.value(period_of(month), n, n)
            if shape.what.has_team:
                now = _team_frame(frame, None, ctx.month)
                team_breakdowns(ctx, rows, period_of(ctx.month), now, count_value)
            self._measures(ctx, rows, counts)
        elif isinstance(shape, Ratio):
            num = _frame(ctx, shape.numerator, self.period)
            den = _frame(ctx, shape.denominator, self.period)
            nums, dens = _by_month(num), _by_month(den)
            for month in ctx.months:
                n, d = nums.get(month.label, 0.0), dens.get(month.label, 0.0)
                rows.value(period_of(month), ratio(n, d, shape.scale), n, d)
            if shape.numerator.has_team and shape.denominator.has_team:
                now = _team_frame(num, den, ctx.month)
                value_of = VALUE_OF_UNIT[self.unit]
                team_breakdowns(ctx, rows, period_of(ctx.month), now, value_of, denominator="d")
        else:
            counts = _by_month(_frame(ctx, without_team(shape.what), self.period))
            for month in ctx.months:
                n = counts.get(month.label, 0.0)
                population = ctx.under_18_population(month)
                rows.value(period_of(month), ratio(n, population, PER_10K), n, population)
        return rows.frame()

    def _measures(self, ctx: Context, rows: Rows, counts: dict[str, float]) -> None:
        """The standard measures asked for, from the monthly counts (the same months of last year
        need history_years >= 1 for their counts to be in the series)."""
        fy = ctx.month.fy_to_date()
        this_fy = sum(counts.get(m.label, 0.0) for m in fy)
        last_fy = sum(counts.get(m.shift(-12).label, 0.0) for m in fy)
        figures = {
            "ytd_total": this_fy,
            "ytd_monthly_average": this_fy / len(fy),
            "previous_fy_same_period_total": last_fy,
            "ytd_change_pct": ratio(this_fy - last_fy, last_fy),
        }
        for name in self.measures:
            rows.measure(ctx.month, name, figures[name])


def _what(counted: Counted) -> str:
    if isinstance(counted, Events):
        whom = f"distinct {counted.distinct}" if counted.distinct else "rows"
        return f"{counted.table} {whom} by {counted.date}"
    return f"{counted.table} people ({counted.person}) open at the month's end"


def declare(
    *,
    id: str,
    title: str,
    unit: Unit,
    polarity: Polarity,
    section: str,
    definition: str,
    source: str,
    shape: Shape,
    period: str = "month",
    history_years: int = 0,
    departures: str = "",
    measures: tuple[str, ...] = (),
) -> Compute:
    """Register an indicator of a common shape; the engine computes it (see the module's doc).

    `measures` names STANDARD_MEASURES for a Count (the year to date, last year's same months)."""
    unknown = set(measures) - set(STANDARD_MEASURES)
    if unknown or (measures and not isinstance(shape, Count)):
        raise ValueError(f"{id}: measures {sorted(measures)} need a Count and known names")
    if {"previous_fy_same_period_total", "ytd_change_pct"} & set(measures) and not history_years:
        raise ValueError(f"{id}: last year's measures need history_years >= 1")
    fn = Compute(shape, period, unit, measures=tuple(measures))
    has_team = (
        shape.what.has_team
        if isinstance(shape, Count)
        else isinstance(shape, Ratio) and shape.numerator.has_team and shape.denominator.has_team
    )
    indicator(
        id=id,
        title=title,
        unit=unit,
        polarity=polarity,
        section=section,
        definition=definition,
        source=source,
        breakdowns=fn.team_dims if has_team else (),
        history_years=history_years,
        departures=departures,
        period=period,
        measures={name: STANDARD_MEASURES[name] for name in measures},
    )(fn)
    return fn
