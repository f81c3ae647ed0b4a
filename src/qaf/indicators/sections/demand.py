"""Section 1.0 (part): demand. Children in need at month end, their rate per 10,000 children, and
early help assessments (the seed's DAF1s) started in month."""

from __future__ import annotations

import ibis
import pandas as pd

from qaf.indicators.blocks import count_by_month, open_at_month_end
from qaf.indicators.breakdowns import team_breakdowns
from qaf.indicators.context import Context
from qaf.indicators.hierarchy import team_hierarchy
from qaf.indicators.models import child_months
from qaf.indicators.months import Month
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, counts_by_month
from qaf.indicators.types import Count, Events, OpenAtMonthEnd, RatePer10k, declare
from qaf.warehouse.specs import col

CIN = "ssd_cin_episodes"
CP = "ssd_cp_plans"
EH = "ssd_early_help_episodes"
CINE_PERSON = col(CIN, "cine_person_id")
CINE_START = col(CIN, "cine_referral_date")
CINE_END = col(CIN, "cine_close_date")
EARL_START = col(EH, "earl_episode_start_date")

# The caseload's status, most specific first: a child looked after and on a plan counts as
# looked after (the seed's "includes LAC 710, CP 482").
STATUSES = (
    ("looked_after", "Looked after"),
    ("cp_plan", "On a child protection plan"),
    ("other_cin", "Other child in need"),
)


def open_cin_counts(ctx: Context) -> dict[str, float]:
    """month -> distinct children with an open CIN episode at month end, for the caseload's series
    and the report month's FY (built once per compute())."""

    def build() -> dict[str, float]:
        months = sorted(set(ctx.months) | set(ctx.series_months))
        cin = ctx.table(CIN)
        open_rows = open_at_month_end(cin, CINE_START, CINE_END, ctx.grid(months))
        frame = ctx.execute(count_by_month(open_rows, distinct=CINE_PERSON))
        return counts_by_month(frame, months)

    counts: dict[str, float] = ctx.once("demand.open_cin_counts", build)
    missing = [m for m in ctx.months if m.label not in counts]
    if missing:  # another indicator built it for fewer months: add the ones this one needs
        cin = ctx.table(CIN)
        frame = ctx.execute(
            count_by_month(
                open_at_month_end(cin, CINE_START, CINE_END, ctx.grid(missing)),
                distinct=CINE_PERSON,
            )
        )
        counts.update(counts_by_month(frame, missing))
    return counts


def caseload_by_status_and_team(ctx: Context, month: Month) -> pd.DataFrame:
    """status, team_id, n: the month-end CIN caseload by status and allocated team, counted in
    the engine from the shared child-by-month-end model (models.child_months: "looked after" as
    in cla.children, short-break care left out; the team of the open case-worker involvement)."""
    cm = child_months(ctx, [month])
    cases = cm.filter(cm.in_need & (cm.month == month.label))
    status = ibis.cases(
        (cases.looked_after, STATUSES[0][0]),
        (cases.cp_plan, STATUSES[1][0]),
        else_=STATUSES[2][0],
    )
    cases = cases.select(status=status, team_id=cases.team_id)
    frame: pd.DataFrame = ctx.execute(
        cases.group_by(["status", "team_id"]).aggregate(n=cases.count())
    )
    return frame


@indicator(
    id="cin.caseload",
    title="Children in need",
    unit="count",
    polarity="neutral",
    section="1.0",
    definition="""Distinct children with a children-in-need episode (ssd_cin_episodes) open at the
    end of the month: referral date on or before the last day of the month and close date empty or
    after it (an episode closed on the last day is not open). Includes children on a child
    protection plan and children looked after, and finance-only cases. Status: looked after (as
    cla.children: an ssd_cla_episodes episode open at month end, short-break care V3/V4 left
    out), else on a CP plan (an ssd_cp_plans plan open at
    month end), else other child in need; a child both looked after and on a plan counts as
    looked after. Team: the child's allocated case worker's team at month end (the open
    case-worker involvement); children with none are shown as "No assigned team".""",
    source="""DfE CIN census guide 2016-17 (a child in need episode open at the census date); the
    seed's CIN total and its split (Sept-16: 5,149 including LAC 710, CP 482 and finance-only
    cases), and its table 25 for finance-only teams.""",
    breakdowns=("status", "team", "area", "service"),
    measures={
        "finance_only": "children in the caseload whose allocated team is flagged finance_only in qaf_teams (the seed's FOC01 and ICS finance-only teams: 252 + 1,046)",
        "excluding_finance_only": "the caseload less finance_only",
    },
    departures="""A looked-after child or a child on a plan without an open CIN episode is not
    counted: the caseload is read from CIN episodes only, as the CIN census does.""",
)
def cin_caseload(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    counts = open_cin_counts(ctx)
    rows.values(ctx.months, counts)
    frame = caseload_by_status_and_team(ctx, ctx.month)
    total = float(frame["n"].sum()) if len(frame) else 0.0
    by_status = frame.groupby("status")["n"].sum() if len(frame) else pd.Series(dtype=float)
    for key, label in STATUSES:
        rows.breakdown("status", ctx.month, key, label, float(by_status.get(key, 0.0)))
    by_team = frame.groupby("team_id", dropna=False)["n"].sum().reset_index()
    team_breakdowns(ctx, rows, ctx.month, by_team)
    finance = team_hierarchy(ctx).finance_only
    in_finance = float(frame.loc[frame["team_id"].isin(finance), "n"].sum()) if len(frame) else 0.0
    rows.measure(ctx.month, "finance_only", in_finance)
    rows.measure(ctx.month, "excluding_finance_only", total - in_finance)
    return rows.frame()


declare(
    id="cin.rate_per_10k",
    title="Children in need per 10,000 children",
    unit="rate_per_10k",
    polarity="down",
    section="1.0",
    definition="""cin.caseload (children with an open CIN episode at month end) divided by the
    council's under-18 population (latest mid-year estimate whose year is no later than the
    month's), times 10,000. Null when the population is missing or zero.""",
    source="""DfE Characteristics of children in need (rate of children in need per 10,000 children
    aged under 18); the seed quotes 2014-15: Devon 402.7, statistical neighbours 327.5, England
    337.3.""",
    departures="""The DfE rate counts children in need at 31 March; QAF gives it at every month
    end.""",
    shape=RatePer10k(OpenAtMonthEnd(CIN, CINE_PERSON, CINE_START, CINE_END, has_team=False)),
)


declare(
    id="early_help.assessments",
    title="Early help assessments started",
    unit="count",
    polarity="neutral",
    section="1.0",
    definition="""Early help episodes (ssd_early_help_episodes) whose start date, the date of the
    early help assessment, falls in the month; every episode counts, including a second one for
    the same child. The series also carries the same months of the two previous financial
    years, as the seed's table does.""",
    source="""The seed's table 2 "Number of DAF1s in Holistix" (the Devon Assessment Framework
    early help assessment), 14/15 to 16/17.""",
    history_years=2,
    measures=("ytd_total", "previous_fy_same_period_total", "ytd_change_pct"),
    departures="""The SSD holds early help episodes, not the assessment forms themselves: an
    episode's start stands for its assessment.""",
    shape=Count(Events(EH, EARL_START)),
)
