"""Section 1.2: single assessments started, authorised, closed with no further action, and on time.

Sources: ssd_cin_assessments. The seed's charts 6 (started) and 7 (authorised, "case closed")."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.breakdowns import pct_value, team_breakdowns
from qaf.indicators.context import Context
from qaf.indicators.months import FY_START_MONTH, Month, fy_name
from qaf.indicators.periods import Period
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, counts_by_month, ratio
from qaf.indicators.types import Count, Events, declare

TABLE = "ssd_cin_assessments"
# Outcome JSON keys that carry "no further action": SSD v1.4 writes NFA_FLAG; some extracts keep
# the source system's OUTCOME_ prefix.
NFA_JSON_KEYS = ("NFA_FLAG", "OUTCOME_NFA_FLAG")
MONTHS_IN_FY = 12
# An SSD extract holds about six years of records plus a thin tail of older ones (assessments of
# cases already open when its window starts). A month with under half the median monthly count is
# taken to be in that tail, and an FY with such a month is not reported as a complete year.
COVERED_SHARE = 0.5

TEAM_NOTE = """Team is the assessment's own team (cina_assessment_team); an assessment with no team
is shown as "No assigned team"."""


def is_nfa(t: ir.Table) -> ir.BooleanValue:
    """The recorded flag column wins; the outcome JSON is read only where the flag is not recorded."""
    from_json = blocks.any_json_flag(t.cina_assessment_outcome_json, NFA_JSON_KEYS)
    return ibis.coalesce(t.cina_assessment_outcome_nfa, from_json)


def _authorised(ctx: Context) -> pd.DataFrame:
    """month, team_id, n, nfa, within: assessments authorised in each series month, per team."""

    def build() -> pd.DataFrame:
        a = ctx.table(TABLE)
        a = blocks.in_month(a, "cina_assessment_auth_date", ctx.grid())
        a = blocks.with_working_days(
            a, "cina_assessment_start_date", "cina_assessment_auth_date", "_wd"
        )
        limit = ctx.settings.timeliness.assessment_working_days
        a = a.mutate(
            _nfa=ibis.ifelse(is_nfa(a), 1, 0),
            _within=ibis.ifelse((a._wd <= limit).fill_null(False), 1, 0),
        )
        expr = a.group_by(["month", a.cina_assessment_team.name("team_id")]).aggregate(
            n=a.count(), nfa=a._nfa.sum(), within=a._within.sum()
        )
        return ctx.execute(expr)

    return ctx.once(f"assessment.authorised:{sorted(m.label for m in ctx.months)}", build)


def _month_sums(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """month, <column>: a per-month, per-team frame summed over teams."""
    return frame.groupby("month", as_index=False)[[column]].sum()


def _monthly_pct(ctx: Context, numerator: str) -> pd.DataFrame:
    rows = Rows()
    frame = _authorised(ctx)
    den = counts_by_month(_month_sums(frame, "n"), ctx.months)
    num = counts_by_month(_month_sums(frame, numerator), ctx.months, numerator)
    for month in ctx.months:
        rows.ratio(month, num[month.label], den[month.label])
    current = frame[frame["month"] == ctx.month.label]
    team_breakdowns(ctx, rows, ctx.month, current, pct_value, numerator=numerator, denominator="n")
    return rows.frame()


@dataclass(frozen=True)
class StartsByMonthKey:
    """Assessments started, by calendar month and team, over the whole table."""


def _starts_by_month(ctx: Context) -> pd.DataFrame:
    """year, mon, team_id, n: every month's starts (the complete-FY test reads them all), fetched
    once per compute(): a scan of the whole table, which the same month computed again reuses."""

    def build() -> pd.DataFrame:
        a = ctx.table(TABLE)
        a = a.filter(a.cina_assessment_start_date.notnull())
        start = a.cina_assessment_start_date
        expr = a.group_by(
            year=start.year(), mon=start.month(), team_id=a.cina_assessment_team
        ).aggregate(n=a.count())
        frame: pd.DataFrame = ctx.execute(expr)
        return frame

    return ctx.once(StartsByMonthKey(), build)


@indicator(
    id="assessment.started",
    title="Single assessments started",
    unit="count",
    polarity="neutral",
    section="1.2",
    definition="""Single assessments (ssd_cin_assessments rows) whose cina_assessment_start_date is in
    the month. Measures: for the current FY, the total started from 1 April to the month's end and its
    monthly average (total / months elapsed); for each complete earlier FY the data covers, its total,
    monthly average (total / 12) and the % change of its total on the previous FY's total (when that FY
    is covered too). An FY counts as covered when each of its 12 months has at least one start and
    at least half the median monthly number of starts (over the months from the first with data to
    the report month), so a thin tail of older records does not pass for a complete year. Rows of
    period fy give every earlier FY's total from the first with data, marked incomplete where the FY
    starts before the data does. """
    + TEAM_NOTE,
    source="Seed chart 6 (number of single assessments starting; 15/16 total 7,543, average 628, "
    "down 7.9% on 14/15's 8,187). DfE CIN census: assessment start date.",
    breakdowns=("team", "area", "service"),
    measures={
        "fy_to_date_total": "assessments started from 1 April of the month's FY to the month's end",
        "fy_to_date_monthly_average": "fy_to_date_total / months of the FY elapsed",
        "fy_YYYY_YY_total": "for each complete earlier FY the data covers (e.g. fy_2015_16_total): "
        "assessments started in it",
        "fy_YYYY_YY_monthly_average": "that FY's total / 12",
        "fy_YYYY_YY_change_pct": "% change of that FY's total on the previous FY's total (only "
        "where the previous FY is covered too)",
    },
    departures="""Which earlier FYs are complete is inferred from the data (the extract's window is
    not recorded): a real month with under half the median number of starts would hide its FY.""",
)
def assessment_started(ctx: Context) -> pd.DataFrame:
    frame = _starts_by_month(ctx).copy()
    rows = Rows()
    if len(frame):
        frame["month"] = [
            Month(int(y), int(m)).label for y, m in zip(frame["year"], frame["mon"], strict=True)
        ]
    else:
        frame = pd.DataFrame({"month": [], "team_id": [], "n": []})
    by_month = _month_sums(frame, "n")
    counts = counts_by_month(by_month, ctx.months)
    rows.values(ctx.months, counts)

    fy_months = ctx.month.fy_to_date()
    to_date = sum(counts_by_month(by_month, fy_months).values())
    rows.measure(ctx.month, "fy_to_date_total", to_date)
    rows.measure(ctx.month, "fy_to_date_monthly_average", to_date / len(fy_months))
    for name, value in _complete_fy_measures(by_month, ctx.month).items():
        rows.measure(ctx.month, name, value)
    _fy_outturns(rows, by_month, ctx.month)

    current = frame[frame["month"] == ctx.month.label]
    team_breakdowns(ctx, rows, ctx.month, current)
    return rows.frame()


def _fy_outturns(rows: Rows, by_month: pd.DataFrame, month: Month) -> None:
    """Each earlier FY's total as a row of period `fy` (under its March), from the first FY with
    data: the engine marks an FY that starts before the data as incomplete (coverage), where the
    measures above leave it out."""
    if by_month.empty:
        return
    first = min(Month.parse(m) for m in by_month["month"])
    for year in range(first.fy_start_year, month.fy_start_year):
        march = Month(year + 1, FY_START_MONTH - 1)
        in_fy = [Month(year, FY_START_MONTH).shift(i) for i in range(MONTHS_IN_FY)]
        total = sum(counts_by_month(by_month, in_fy).values())
        rows.cell(Period.of("fy", march), {}, total, total)


def _complete_fy_measures(by_month: pd.DataFrame, month: Month) -> dict[str, float | None]:
    """Totals, averages and % changes of each complete FY before the month's FY.

    An FY is complete when each of its months holds at least COVERED_SHARE of the median monthly
    count (months from the first with data to the report month, empty months as 0)."""
    if by_month.empty:
        return {}
    first = min(Month.parse(m) for m in by_month["month"])
    span = [first.shift(i) for i in range(max(month.index - first.index + 1, 1))]
    counts = counts_by_month(by_month, span)
    floor = COVERED_SHARE * float(pd.Series(list(counts.values())).median())
    totals: dict[int, float] = {}
    for year in range(first.fy_start_year, month.fy_start_year):
        fy_months = [Month(year, FY_START_MONTH).shift(i) for i in range(MONTHS_IN_FY)]
        in_fy = [counts.get(m.label, 0.0) for m in fy_months]
        if min(in_fy) > 0 and min(in_fy) >= floor:
            totals[year] = sum(in_fy)
    out: dict[str, float | None] = {}
    for year, total in totals.items():
        key = "fy_" + fy_name(year).replace("-", "_")
        out[f"{key}_total"] = total
        out[f"{key}_monthly_average"] = total / MONTHS_IN_FY
        if year - 1 in totals:
            previous = totals[year - 1]
            out[f"{key}_change_pct"] = ratio(total - previous, previous)
    return out


declare(
    id="assessment.completed",
    title="Single assessments authorised",
    unit="count",
    polarity="neutral",
    section="1.2",
    definition="""Single assessments whose authorisation (completion) date cina_assessment_auth_date is
    in the month. """
    + TEAM_NOTE,
    source='Seed chart 7 ("Authorised" row). DfE CIN census: assessment authorisation date.',
    shape=Count(Events(TABLE, "cina_assessment_auth_date", team="cina_assessment_team")),
)


@indicator(
    id="assessment.case_closed_pct",
    title="Single assessments ending in no further action (case closed)",
    unit="percent",
    polarity="down",
    section="1.2",
    definition="""Of single assessments authorised in the month, the % whose outcome is no further
    action ("case closed"). The outcome is read from cina_assessment_outcome_nfa when it is recorded
    (Y or N); only where that flag is empty is the outcome JSON read, and then NFA_FLAG (or
    OUTCOME_NFA_FLAG) set to a yes value (Y, Yes, True, 1) means no further action. An assessment with
    neither recorded counts as not closed. """
    + TEAM_NOTE,
    source='Seed chart 7 (% "Case Closed" outcome; Sep-16 52.4%). SSD v1.4.5 ssd_cin_assessments.',
    breakdowns=("team", "area", "service"),
    departures="""The seed counts the case-management system's "case closed" outcome; the SSD's NFA
    flag is the nearest field.""",
)
def assessment_case_closed_pct(ctx: Context) -> pd.DataFrame:
    return _monthly_pct(ctx, "nfa")


@indicator(
    id="assessment.within_45_days_pct",
    title="Single assessments authorised within 45 working days",
    unit="percent",
    polarity="up",
    section="1.2",
    definition="""Of single assessments authorised in the month, the % authorised within 45 working days
    (settings.timeliness.assessment_working_days) of their start. Working days are counted from the day
    after the start date up to and including the authorisation date, leaving out Saturdays, Sundays and
    England and Wales bank holidays: authorised on the start date is 0 days, on the 45th working day
    after the start is within. """
    + TEAM_NOTE,
    source="Working Together to Safeguard Children 2015, chapter 1 (maximum 45 working days from "
    "referral); DfE CIN census and children-in-need statistics (assessments completed within 45 "
    "working days). Not in the seed.",
    breakdowns=("team", "area", "service"),
    departures="""Working Together counts from the point of referral; QAF, like the CIN census, counts
    from the assessment start date.""",
)
def assessment_within_45_days_pct(ctx: Context) -> pd.DataFrame:
    return _monthly_pct(ctx, "within")
