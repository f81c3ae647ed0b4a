"""Section 1.3 (part): child protection plans at month end, rate, starts, repeats, ends.

Source: ssd_cp_plans (with ssd_involvements for the child's team). The seed's charts 10-13."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks, models
from qaf.indicators.breakdowns import pct_value, team_breakdowns
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.periods import Period
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, counts_by_month, ratio
from qaf.indicators.types import OpenAtMonthEnd, RatePer10k, declare
from qaf.warehouse.codes import CP_CATEGORY

TABLE = "ssd_cp_plans"
# DfE children-in-need statistics: "child protection plans ... lasting two years or more".
LONG_PLAN_MONTHS = 24
NOT_RECORDED_KEY = "none"
NOT_RECORDED_LABEL = "Not recorded"

SEED_CHART_11 = """Seed chart 11 (CPP starts, cumulative 16/17 starts, "CPP % Re-Reg YTD" and "CPP
Re-Reg within 2 Yrs YTD"; Sep-16 57 of 249 = 22.9%)."""
SEED_TABLE_12 = """Seed table 12 (team breakdown of children ending CPPs within 3 months) and chart
13 (CPP ending within 3 months; YTD Apr-Sep 16 51 of 481 = 11%)."""
END_TEAM = """Team is the child's allocated team (the open case-worker involvement) on the plan's
last full day, the day before its end date (the start date for a plan ended the day it began):
stepping a plan down often closes or moves the involvement on the end date itself. A child with no
allocated team then is "No assigned team"; area and service rows sum their teams and the headline
value is the grand total."""
SHORT_RULE = """A plan "ended 0-2 months" when its end date is earlier than its start date plus 3
calendar months (settings.timeliness.short_plan_months): 2016-01-15 to 2016-04-14 is 0-2 months,
2016-01-15 to 2016-04-15 has lasted 3 months."""


def _plans(ctx: Context) -> ir.Table:
    t = ctx.table(TABLE)
    return t.filter(t.cppl_cp_plan_start_date.notnull())


@dataclass(frozen=True)
class OpenPlansKey:
    """Children on a plan at month end, by category and team, for this report month over these
    month ends."""

    month: Month
    months: tuple[Month, ...]


@dataclass(frozen=True)
class PlanEventsKey:
    """Plan starts or ends (`what`) for this report month over these months."""

    what: str
    month: Month
    months: tuple[Month, ...]


def _key(ctx: Context, what: str) -> PlanEventsKey:
    return PlanEventsKey(what, ctx.month, tuple(sorted(ctx.months, key=lambda m: m.label)))


# --- children on a plan at month end ---


def _open(ctx: Context) -> pd.DataFrame:
    """month, category, team_id, n: children on a plan at each month end (the series, the FY to
    date and the previous FY's same months), by the latest category of their most recently
    started open plan; team_id only for the report month (their allocated team then)."""
    fy = ctx.month.fy_to_date()
    months = tuple(sorted({*ctx.months, *fy, *(m.shift(-12) for m in fy)}))

    def build() -> pd.DataFrame:
        current = blocks.latest_open_at_month_end(
            _plans(ctx),
            "cppl_person_id",
            "cppl_cp_plan_start_date",
            "cppl_cp_plan_end_date",
            "cppl_cp_plan_id",
            ctx.grid(months),
        )
        # One month: a window over the involvements at that month end costs less than the
        # shared year of allocations (models.allocated_months) when cp.plans runs on its own.
        alloc = models.allocated_at(ctx, ctx.grid([ctx.month])).select(
            _a_person="a_person", _a_month="a_month", team_id="team_id"
        )
        joined = current.left_join(
            alloc,
            [current.cppl_person_id == alloc._a_person, current.month == alloc._a_month],
        )
        expr = joined.group_by(
            [joined.month, joined.cppl_cp_plan_latest_category.name("category"), joined.team_id]
        ).aggregate(n=joined.count())
        return ctx.execute(expr)

    return ctx.once(OpenPlansKey(ctx.month, months), build)


def _open_counts(ctx: Context) -> dict[str, float]:
    frame = _open(ctx)
    return counts_by_month(frame.groupby("month", as_index=False)[["n"]].sum(), ctx.months)


@indicator(
    id="cp.plans",
    title="Children subject to a child protection plan",
    unit="count",
    polarity="neutral",
    section="1.3",
    definition="""Children with a child protection plan open at the month's end (ssd_cp_plans: start
    on or before the last day, end empty or after it); a child with two open plans counts once.
    Category of abuse is the latest category (cppl_cp_plan_latest_category) of the child's most
    recently started open plan, labelled from the CIN census codes; team is the child's allocated
    team at month end (the open case-worker involvement; none is "No assigned team").""",
    source="Seed chart 10 and the text under chart 11 (482 children on a plan at Sep-16). DfE CIN "
    "census: child protection plans.",
    breakdowns=("category", "team", "area", "service"),
)
def cp_plans(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    counts = _open_counts(ctx)
    rows.values(ctx.months, counts)

    frame = _open(ctx)
    frame = frame[frame["month"] == ctx.month.label]
    by_category = frame.groupby(frame["category"].fillna(NOT_RECORDED_KEY))["n"].sum()
    for key, n in sorted(by_category.items()):
        code = str(key)
        label = (
            NOT_RECORDED_LABEL if code == NOT_RECORDED_KEY else CP_CATEGORY.codes.get(code, code)
        )
        rows.breakdown("category", ctx.month, code, label, float(n))
    team_breakdowns(ctx, rows, ctx.month, frame)
    return rows.frame()


declare(
    id="cp.rate_per_10k",
    title="Children subject to a child protection plan per 10,000 children",
    unit="rate_per_10k",
    polarity="neutral",
    section="1.3",
    definition="""cp.plans / the under-18 population (latest mid-year estimate whose year is no later
    than the month's year) x 10,000. The series also carries the previous FY's same months (the
    seed's 15/16 line).""",
    source="Seed chart 10 (rate per 10,000; Sep-16 482 / 142,591 = 33.8). DfE children-in-need "
    "statistics: rate of children subject to a plan per 10,000 children.",
    shape=RatePer10k(
        OpenAtMonthEnd(TABLE, "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date")
    ),
    history_years=1,
)


# --- plans started, and repeats ---


def _starts(ctx: Context) -> pd.DataFrame:
    """month, n, ever, recent: plans started per month, and of them how many had an earlier plan
    of the same child (ever), or one ended within the repeat window before this start (recent)."""

    def build() -> pd.DataFrame:
        first = min(m.fy_start for m in ctx.months)
        last = max(m.end for m in ctx.months)
        plans = _plans(ctx)
        p = plans.filter(
            (plans.cppl_cp_plan_start_date >= first) & (plans.cppl_cp_plan_start_date <= last)
        ).select("cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date")
        q = plans.select(
            _q_id="cppl_cp_plan_id",
            _q_person="cppl_person_id",
            _q_start="cppl_cp_plan_start_date",
            _q_end="cppl_cp_plan_end_date",
        )
        j = p.left_join(
            q, [p.cppl_person_id == q._q_person, q._q_start < p.cppl_cp_plan_start_date]
        )
        window = ctx.settings.timeliness.repeat_plan_months
        recent = (
            j._q_end.notnull()
            & (j._q_end <= j.cppl_cp_plan_start_date)
            & (blocks.add_months(j._q_end, window) >= j.cppl_cp_plan_start_date)
        )
        per_plan = j.group_by(["cppl_cp_plan_id", "cppl_cp_plan_start_date"]).aggregate(
            ever=ibis.ifelse(j._q_id.notnull(), 1, 0).max(),
            recent=ibis.ifelse(recent, 1, 0).max(),
        )
        start = per_plan.cppl_cp_plan_start_date
        expr = per_plan.group_by(year=start.year(), mon=start.month()).aggregate(
            n=per_plan.count(), ever=per_plan.ever.sum(), recent=per_plan.recent.sum()
        )
        frame = ctx.execute(expr)
        frame["month"] = [
            Month(int(y), int(m)).label for y, m in zip(frame["year"], frame["mon"], strict=True)
        ]
        return frame

    return ctx.once(_key(ctx, "starts"), build)


def _fy_to_date(by_month: dict[str, float], month: Month) -> float:
    return sum(by_month.get(m.label, 0.0) for m in month.fy_to_date())


def _all_months(ctx: Context) -> list[Month]:
    """Every month from the first FY start of the series to the report month (for FY-to-date sums)."""
    first = min(m.fy_first_month for m in ctx.months)
    return [first.shift(i) for i in range(ctx.month.index - first.index + 1)]


@indicator(
    id="cp.plan_starts",
    title="Child protection plans started",
    unit="count",
    polarity="neutral",
    section="1.3",
    definition="""Child protection plans (ssd_cp_plans rows) whose cppl_cp_plan_start_date is in the
    month; the measure fy_to_date_total is the cumulative count from 1 April.""",
    source=SEED_CHART_11 + " DfE CIN census: plan start date.",
    measures={
        "fy_to_date_total": "plans started from 1 April of the month's FY to the month's end"
    },
)
def cp_plan_starts(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    starts = counts_by_month(_starts(ctx), _all_months(ctx))
    rows.values(ctx.months, starts)
    rows.measure(ctx.month, "fy_to_date_total", _fy_to_date(starts, ctx.month))
    return rows.frame()


def _repeat_pct(ctx: Context, column: str) -> pd.DataFrame:
    rows = Rows()
    frame = _starts(ctx)
    starts = counts_by_month(frame, _all_months(ctx))
    repeats = counts_by_month(frame, _all_months(ctx), column)
    for month in ctx.months:
        rows.ratio(month, _fy_to_date(repeats, month), _fy_to_date(starts, month))
    return rows.frame()


@indicator(
    id="cp.repeat_plan_ytd_pct",
    title="Repeat child protection plans (ever), FY to date",
    unit="percent",
    polarity="down",
    section="1.3",
    definition="""Of plans started from 1 April of the month's FY to the month's end, the % where the
    same child (cppl_person_id) has another plan that started earlier (a strictly earlier start
    date), whenever that was.""",
    source=SEED_CHART_11 + " DfE CIN census: plans that are a second or subsequent plan.",
    departures="""The CIN census counts a second or subsequent plan at any time in the child's life;
    QAF sees only the plans in the extract, which usually covers about six years, so children whose
    earlier plan is older than the extract are not counted as repeats.""",
    period="fytd",
)
def cp_repeat_plan_ytd_pct(ctx: Context) -> pd.DataFrame:
    return _repeat_pct(ctx, "ever")


@indicator(
    id="cp.repeat_plan_2y_ytd_pct",
    title="Repeat child protection plans within 2 years, FY to date",
    unit="percent",
    polarity="down",
    section="1.3",
    definition="""Of plans started from 1 April of the month's FY to the month's end, the % where an
    earlier plan of the same child ended within 2 years (settings.timeliness.repeat_plan_months, 24
    calendar months) before this plan's start: the earlier plan's end date is on or before this start
    and its end date plus 24 months is on or after it (ended exactly 2 years before counts).""",
    source=SEED_CHART_11,
    period="fytd",
)
def cp_repeat_plan_2y_ytd_pct(ctx: Context) -> pd.DataFrame:
    return _repeat_pct(ctx, "recent")


# --- plans ended ---


def _ends(ctx: Context) -> pd.DataFrame:
    """month, team_id, n, short, long, lasted: plans ended per series month and end team."""

    def build() -> pd.DataFrame:
        plans = _plans(ctx)
        t = blocks.in_month(
            plans.filter(plans.cppl_cp_plan_end_date.notnull()), "cppl_cp_plan_end_date", ctx.grid()
        )
        start, end = t.cppl_cp_plan_start_date, t.cppl_cp_plan_end_date
        short = end < blocks.add_months(start, ctx.settings.timeliness.short_plan_months)
        t = t.mutate(
            _team_date=ibis.greatest(start, blocks.add_days(end, -1)),
            _short=ibis.ifelse(short, 1, 0),
            _long=ibis.ifelse(end >= blocks.add_months(start, LONG_PLAN_MONTHS), 1, 0),
        )
        t = blocks.team_at(ctx, t, "cppl_person_id", "_team_date")
        expr = t.group_by(["month", t.alloc_team_id.name("team_id")]).aggregate(
            n=t.count(), short=t._short.sum(), long=t._long.sum()
        )
        frame = ctx.execute(expr)
        frame["lasted"] = frame["n"] - frame["short"]
        return frame

    return ctx.once(_key(ctx, "ends"), build)


# The seed's table 12 splits plans ended by how long they lasted (dimensions.PLAN_LENGTH).
PLAN_LENGTHS = (("0-2", "short"), ("3+", "lasted"))


def _end_cells(ctx: Context, rows: Rows, period: Month | Period, frame: pd.DataFrame) -> None:
    """Ends by team / area / service, by plan length, and by both, for one period."""
    team_breakdowns(ctx, rows, period, frame)
    for band, column in PLAN_LENGTHS:
        rows.cell(period, {"plan_length": band}, float(frame[column].sum()))
        team_breakdowns(
            ctx, rows, period, frame, numerator=column, extra_dims={"plan_length": band}
        )


def _fy_frame(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """The FY-to-date rows of a per-month frame, summed per team (no team kept as "")."""
    fy = {m.label for m in ctx.month.fy_to_date()}
    ytd = frame[frame["month"].isin(fy)].assign(team_id=lambda f: f["team_id"].fillna(""))
    return ytd.groupby("team_id", as_index=False)[["n", "short", "long", "lasted"]].sum()


def _sums(frame: pd.DataFrame, months: Sequence[Month]) -> dict[str, dict[str, float]]:
    by_month = frame.groupby("month", as_index=False)[["n", "short", "long", "lasted"]].sum()
    return {col: counts_by_month(by_month, months, col) for col in ("n", "short", "long", "lasted")}


@indicator(
    id="cp.plan_ends",
    title="Child protection plans ended",
    unit="count",
    polarity="neutral",
    section="1.3",
    definition="""Child protection plans whose cppl_cp_plan_end_date is in the month, split "ended 0-2
    months" and "ended 3+ months". """
    + SHORT_RULE
    + " "
    + END_TEAM
    + """ Rows for each month of the FY to date and for the FY to date as a whole (period fytd),
    by team, area or service, by plan_length ("0-2", "3+"), and by both: the seed's table 12 is
    `pivot()` of this one indicator (teams down, months and plan lengths across).""",
    source=SEED_TABLE_12 + " DfE CIN census: plan end date.",
    breakdowns=("team", "area", "service", "plan_length"),
    measures={
        "ended_0_2_months": "plans ended in the month that lasted under 3 months",
        "ended_3_plus_months": "plans ended in the month that lasted 3 months or more",
        "fy_to_date_total": "plans ended from 1 April to the month's end",
        "fy_to_date_ended_0_2_months": "of those, lasted under 3 months",
        "fy_to_date_ended_3_plus_months": "of those, lasted 3 months or more",
    },
)
def cp_plan_ends(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    frame = _ends(ctx)
    sums = _sums(frame, _all_months(ctx))
    rows.values(ctx.months, sums["n"])
    label = ctx.month.label
    rows.measure(ctx.month, "ended_0_2_months", sums["short"][label])
    rows.measure(ctx.month, "ended_3_plus_months", sums["lasted"][label])
    rows.measure(ctx.month, "fy_to_date_total", _fy_to_date(sums["n"], ctx.month))
    rows.measure(ctx.month, "fy_to_date_ended_0_2_months", _fy_to_date(sums["short"], ctx.month))
    rows.measure(
        ctx.month, "fy_to_date_ended_3_plus_months", _fy_to_date(sums["lasted"], ctx.month)
    )
    # Every month of the FY to date, as the seed's table 12 has a column group per month, and the
    # year to date (its Grand Total columns).
    for month in ctx.month.fy_to_date():
        _end_cells(ctx, rows, month, frame[frame["month"] == month.label])
    _end_cells(ctx, rows, Period.of("fytd", ctx.month), _fy_frame(ctx, frame))
    return rows.frame()


@indicator(
    id="cp.plan_ends_under_3m_pct",
    title="Child protection plans ending within 3 months of starting",
    unit="percent",
    polarity="down",
    section="1.3",
    definition="""Of plans ended in the month, the % that ended 0-2 months (lasted under 3 months);
    the measures give the same from 1 April to the month's end. """
    + SHORT_RULE
    + " "
    + END_TEAM
    + """ Rows by team, area and service for each month of the FY to date and for the FY to date
    as a whole (period fytd).""",
    source=SEED_TABLE_12,
    breakdowns=("team", "area", "service"),
    measures={
        "fy_to_date_pct": "ended 0-2 months / all ends, from 1 April to the month's end",
        "fy_to_date_ended_0_2_months": "plans ended FY to date that lasted under 3 months",
        "fy_to_date_total": "plans ended FY to date",
    },
)
def cp_plan_ends_under_3m_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    frame = _ends(ctx)
    sums = _sums(frame, _all_months(ctx))
    for month in ctx.months:
        rows.ratio(month, sums["short"][month.label], sums["n"][month.label])
    short_ytd = _fy_to_date(sums["short"], ctx.month)
    total_ytd = _fy_to_date(sums["n"], ctx.month)
    rows.measure(ctx.month, "fy_to_date_pct", ratio(short_ytd, total_ytd))
    rows.measure(ctx.month, "fy_to_date_ended_0_2_months", short_ytd)
    rows.measure(ctx.month, "fy_to_date_total", total_ytd)
    for month in ctx.month.fy_to_date():
        current = frame[frame["month"] == month.label]
        team_breakdowns(ctx, rows, month, current, pct_value, numerator="short", denominator="n")
    ytd = Period.of("fytd", ctx.month)
    team_breakdowns(
        ctx, rows, ytd, _fy_frame(ctx, frame), pct_value, numerator="short", denominator="n"
    )
    return rows.frame()


@indicator(
    id="cp.plans_2y_plus_pct",
    title="Child protection plans ended that lasted 2 years or more",
    unit="percent",
    polarity="down",
    section="1.3",
    definition="""Of plans ended in the month, the % that had lasted 2 years or more: end date on or
    after the start date plus 24 calendar months.""",
    source="DfE children-in-need statistics and CIN census: plans ceasing that lasted two years or "
    "more (national measure). Not in the seed.",
)
def cp_plans_2y_plus_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    sums = _sums(_ends(ctx), _all_months(ctx))
    for month in ctx.months:
        rows.ratio(month, sums["long"][month.label], sums["n"][month.label])
    return rows.frame()
