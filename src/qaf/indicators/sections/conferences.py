"""Section 1.3 (part): section 47 enquiries and initial child protection conferences.

Sources: ssd_s47_enquiry, ssd_initial_cp_conference. The seed's charts 8 and 9."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.context import Context
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, counts_by_month
from qaf.indicators.types import Count, Events, declare

# Outcome JSON keys meaning "CP plan to commence": SSD v1.4 extracts write OUTCOME_CP_FLAG; some
# strip the OUTCOME_ prefix or name the plan.
PLAN_JSON_KEYS = ("OUTCOME_CP_FLAG", "CP_FLAG", "CP_PLAN_FLAG")
# Any outcome flag in the JSON set to a yes value means an outcome was recorded. No \b (PostgreSQL).
ANY_OUTCOME_PATTERN = r'(?i)"?[a-z_]*flag"?\s*[:=]\s*"?(y|yes|true|1)([^a-z0-9]|$)'

ICPC_SOURCE = """Seed chart 9 (ICPCs in month, "CP Plan to commence" outcome, no outcome recorded;
Sep-16 41 of 52 = 78.8%). DfE CIN census: initial child protection conferences."""
ONE_PER_CHILD = """A child with more than one ICPC in the month counts once: to plan if any of those
conferences had that outcome, without an outcome only if none of them recorded one."""
OUTCOME_RULE = """An ICPC's outcome is "CP plan to commence" when icpc_icpc_outcome_cp_flag is Y, and
another outcome when it is N. Only where that flag is not recorded is the rest read: the conference
counts as to plan when it names a plan (icpc_cp_plan_id) or its outcome JSON carries OUTCOME_CP_FLAG
(or CP_FLAG, CP_PLAN_FLAG) set to a yes value."""


def _blank(col: ir.StringValue) -> ir.BooleanValue:
    return col.isnull() | (col.strip() == "")


def _icpc_outcomes(t: ir.Table) -> ir.Table:
    """Adds _plan and _outcome (booleans) to ICPC rows: see OUTCOME_RULE."""
    j = t.icpc_icpc_outcome_json
    json_plan = blocks.any_json_flag(j, PLAN_JSON_KEYS)
    has_plan_id = ~_blank(t.icpc_cp_plan_id)
    json_outcome = j.re_search(ANY_OUTCOME_PATTERN).fill_null(False)
    flag = t.icpc_icpc_outcome_cp_flag
    return t.mutate(
        _plan=ibis.coalesce(flag, has_plan_id | json_plan),
        _outcome=flag.notnull() | has_plan_id | json_outcome,
    )


def _icpc_children(ctx: Context) -> pd.DataFrame:
    """month, children, to_plan, no_outcome (children with an ICPC held in each series month), and
    linked, within, unlinked (those ICPCs with / within 15 working days of / without an s47 start).

    One query for all five ICPC indicators."""

    def build() -> pd.DataFrame:
        t = _icpc_outcomes(ctx.table("ssd_initial_cp_conference"))
        t = blocks.in_month(t, "icpc_icpc_date", ctx.grid())
        s = ctx.table("ssd_s47_enquiry").select(
            _s47_id="s47e_s47_enquiry_id", _s47_start="s47e_s47_start_date"
        )
        t = t.left_join(s, t.icpc_s47_enquiry_id == s._s47_id)
        t = blocks.with_working_days(t, "_s47_start", "icpc_icpc_date", "_wd")
        known = t._s47_start.notnull() & t._wd.notnull()
        limit = ctx.settings.timeliness.icpc_working_days
        per_child = t.group_by(["month", "icpc_person_id"]).aggregate(
            plan=t._plan.any(),
            outcome=t._outcome.any(),
            linked=ibis.ifelse(known, 1, 0).sum(),
            within=ibis.ifelse(known & (t._wd <= limit), 1, 0).sum(),
            unlinked=ibis.ifelse(known, 0, 1).sum(),
        )
        expr = per_child.group_by("month").aggregate(
            children=per_child.count(),
            to_plan=ibis.ifelse(per_child.plan, 1, 0).sum(),
            no_outcome=ibis.ifelse(per_child.outcome, 0, 1).sum(),
            linked=per_child.linked.sum(),
            within=per_child.within.sum(),
            unlinked=per_child.unlinked.sum(),
        )
        return ctx.execute(expr)

    return ctx.once(f"conferences.icpcs:{sorted(m.label for m in ctx.months)}", build)


def _series(ctx: Context, column: str) -> dict[str, float]:
    return counts_by_month(_icpc_children(ctx), ctx.months, column)


declare(
    id="cp.s47_enquiries",
    title="Section 47 enquiries started",
    unit="count",
    polarity="neutral",
    section="1.3",
    definition="""Section 47 enquiries (ssd_s47_enquiry rows) whose s47e_s47_start_date is in the
    month. Team is the team that completed the enquiry (s47e_s47_completed_by_team); none recorded is
    "No assigned team".""",
    source="Seed chart 8 (number of section 47 enquiries; Sep-16 130). DfE CIN census: section 47 "
    "enquiries.",
    shape=Count(
        Events("ssd_s47_enquiry", "s47e_s47_start_date", team="s47e_s47_completed_by_team")
    ),
)

declare(
    id="cp.icpcs",
    title="Initial child protection conferences",
    unit="count",
    polarity="neutral",
    section="1.3",
    definition="""Children with an initial child protection conference (ssd_initial_cp_conference,
    icpc_icpc_date) held in the month; a child with two ICPCs in one month counts once.""",
    source=ICPC_SOURCE,
    shape=Count(Events("ssd_initial_cp_conference", "icpc_icpc_date", distinct="icpc_person_id")),
)


@indicator(
    id="cp.icpc_to_plan",
    title='ICPCs with the outcome "CP plan to commence"',
    unit="count",
    polarity="neutral",
    section="1.3",
    definition='Of the children counted in cp.icpcs, those whose ICPC outcome was "CP plan to '
    'commence". ' + OUTCOME_RULE + " " + ONE_PER_CHILD,
    source=ICPC_SOURCE,
)
def cp_icpc_to_plan(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    to_plan = _series(ctx, "to_plan")
    rows.values(ctx.months, to_plan)
    return rows.frame()


@indicator(
    id="cp.icpc_no_outcome",
    title="ICPCs with no outcome recorded",
    unit="count",
    polarity="down",
    section="1.3",
    definition="""Of the children counted in cp.icpcs, those whose ICPC has no outcome recorded: the
    outcome flag icpc_icpc_outcome_cp_flag is empty, no plan is named (icpc_cp_plan_id) and the
    outcome JSON is empty or sets no outcome flag to yes. """
    + ONE_PER_CHILD,
    source=ICPC_SOURCE,
    departures="""A conference that names a plan but has an empty outcome flag counts as to plan,
    not as without an outcome, so that to plan + other outcomes + no outcome = cp.icpcs.""",
)
def cp_icpc_no_outcome(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    missing = _series(ctx, "no_outcome")
    rows.values(ctx.months, missing)
    return rows.frame()


@indicator(
    id="cp.icpc_to_plan_pct",
    title="ICPCs resulting in a child protection plan",
    unit="percent",
    polarity="neutral",
    section="1.3",
    definition="""cp.icpc_to_plan / cp.icpcs x 100: of children with an ICPC held in the month, the %
    whose outcome was "CP plan to commence". """
    + OUTCOME_RULE,
    source=ICPC_SOURCE,
)
def cp_icpc_to_plan_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    children, to_plan = _series(ctx, "children"), _series(ctx, "to_plan")
    for month in ctx.months:
        rows.ratio(month, to_plan[month.label], children[month.label])
    return rows.frame()


@indicator(
    id="cp.icpc_within_15_days_pct",
    title="ICPCs held within 15 working days of the section 47 enquiry starting",
    unit="percent",
    polarity="up",
    section="1.3",
    definition="""Of ICPCs held in the month that are linked (icpc_s47_enquiry_id) to a section 47
    enquiry with a start date, the % held within 15 working days (settings.timeliness.icpc_working_days)
    of that enquiry's start. Working days are counted from the day after the s47 start date up to and
    including the ICPC date, leaving out weekends and England and Wales bank holidays: an ICPC on the
    15th working day after the start is within. Each conference counts (not each child), as in the
    national measure. ICPCs with no linked enquiry are left out of both counts; the measure
    `unlinked` gives how many there were in the month.""",
    source="Working Together to Safeguard Children 2015, chapter 1 (ICPC within 15 working days "
    "of the strategy discussion); DfE CIN census / children-in-need statistics (ICPCs within 15 "
    "working days of the start of the s47 enquiry). Not in the seed.",
    measures={"unlinked": "ICPCs held in the month with no linked section 47 enquiry start date"},
    departures="""Working Together counts from the strategy discussion, which the SSD does not hold;
    QAF counts from the s47 start, as the CIN census does.""",
)
def cp_icpc_within_15_days_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    linked, within = _series(ctx, "linked"), _series(ctx, "within")
    for month in ctx.months:
        rows.ratio(month, within[month.label], linked[month.label])
    rows.measure(ctx.month, "unlinked", _series(ctx, "unlinked")[ctx.month.label])
    return rows.frame()
