"""Section 4: the Independent Reviewing Unit (the seed's section 4.0): professionals' attendance at
child protection meetings, and the monitoring forms of looked-after children's reviews.

Sources: qaf_iru_meetings (one row per meeting and professional group: invited, attended) and
qaf_iru_reviews (one monitoring form per review: report shared on time, changes of social worker)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.context import Context
from qaf.indicators.dimensions import declare as declare_dimension
from qaf.indicators.months import Month
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows
from qaf.indicators.sections._qa_records import aggregate_once, counts_by, members_with_found, pct
from qaf.warehouse.codes import MEETING_TYPE, PROFESSIONAL_GROUP

MEETING_TYPE_DIM = declare_dimension(
    "meeting_type", "Meeting type", tuple(MEETING_TYPE.codes.items())
)
PROFESSIONAL_GROUP_DIM = declare_dimension(
    "professional_group", "Professional group", tuple(PROFESSIONAL_GROUP.codes.items())
)
NOT_RECORDED = "not_recorded"
# The seed counts 1 and 2 changes; 3 or more are one band so a rare count never stands alone.
MANY_CHANGES = 3
CHANGES = declare_dimension(
    "sw_changes",
    "Changes of social worker since the last review",
    (("0", "No change"), ("1", "1 change"), ("2", "2 changes"), ("3+", "3 or more changes")),
)

ATTENDANCE_SOURCE = """Seed section 4.0 table "Child protection meeting attendance": per meeting type
(ICPC, core groups, CP reviews) the number of meetings and the % attendance of other professionals,
of health professionals and in total (Sep-16: ICPC 58%, core groups 79%, CP reviews 69%)."""
REVIEW_SOURCE = """Seed section 4.0: "169 IRU monitoring reports for Children in Care received for
September"; of these, 140 recorded changes of social worker, 42 (30.0%) one or more (35 one, 7 two)."""
RECORDED = """A meeting row counts when both invited and attended are recorded; attended / invited
sums people over meetings, so a large meeting weighs more than a small one."""


def _attendance_expr(grid: ir.Table, t: ir.Table) -> ir.Table:
    """month, meeting_type, professional_group: invited and attended (both recorded)."""
    t = t.filter(t.invited.notnull() & t.attended.notnull())
    t = blocks.in_month(t, "meeting_date", grid)
    return t.group_by(["month", "meeting_type", "professional_group"]).aggregate(
        invited=t.invited.sum(), attended=t.attended.sum()
    )


def _meetings_expr(grid: ir.Table, t: ir.Table) -> ir.Table:
    """month, meeting_type, meetings: distinct meetings held in the month."""
    t = blocks.in_month(t, "meeting_date", grid)
    return t.group_by(["month", "meeting_type"]).aggregate(meetings=t.meeting_id.nunique())


def _meetings(ctx: Context) -> pd.DataFrame:
    table = ctx.table("qaf_iru_meetings")
    frame = aggregate_once(ctx, "iru.meetings", lambda grid: _meetings_expr(grid, table))
    return frame.astype({"meetings": float})


@indicator(
    id="iru.meetings_held",
    title="Child protection meetings monitored by the IRU",
    unit="count",
    polarity="neutral",
    section="4",
    definition="""Distinct meetings (qaf_iru_meetings meeting_id) whose meeting_date is in the
    month, by meeting type (initial conference, core group, CP review).""",
    source=ATTENDANCE_SOURCE,
    breakdowns=("meeting_type",),
)
def iru_meetings_held(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    counts_by(ctx, _meetings(ctx), "meetings", MEETING_TYPE_DIM, rows)
    return rows.frame()


def _attendance_cell(rows: Rows, month: Month, dims: dict[str, str], chosen: pd.DataFrame) -> None:
    came, asked = float(chosen["attended"].sum()), float(chosen["invited"].sum())
    rows.cell(month, dims, pct(came, asked), came, asked)


@indicator(
    id="iru.meeting_attendance_pct",
    title="Professionals' attendance at child protection meetings",
    unit="percent",
    polarity="up",
    section="4",
    definition="""Professionals who attended / professionals invited, at child protection meetings
    held in the month (qaf_iru_meetings), per meeting type (initial conference, core group, CP
    review) and professional group (health, other): each meeting type's total is its cell without
    a professional group, each group's total across types its cell without a meeting type. """
    + RECORDED,
    source=ATTENDANCE_SOURCE,
    breakdowns=("meeting_type", "professional_group"),
    measures={"meetings_held": "distinct meetings held in the month (iru.meetings_held)"},
)
def iru_meeting_attendance_pct(ctx: Context) -> pd.DataFrame:
    table = ctx.table("qaf_iru_meetings")
    frame = aggregate_once(ctx, "iru.attendance", lambda grid: _attendance_expr(grid, table))
    frame = frame.astype({"invited": float, "attended": float})
    types = members_with_found(MEETING_TYPE_DIM, frame["meeting_type"])
    groups = members_with_found(PROFESSIONAL_GROUP_DIM, frame["professional_group"])
    rows = Rows()
    for month in ctx.months:
        here = frame[frame["month"] == month.label]

        _attendance_cell(rows, month, {}, here)
        for kind in types:
            of_type = here[here["meeting_type"] == kind]
            _attendance_cell(rows, month, {"meeting_type": kind}, of_type)
            for group in groups:
                both = of_type[of_type["professional_group"] == group]
                _attendance_cell(
                    rows, month, {"meeting_type": kind, "professional_group": group}, both
                )
        for group in groups:
            _attendance_cell(
                rows,
                month,
                {"professional_group": group},
                here[here["professional_group"] == group],
            )
    meetings = _meetings(ctx)
    held = meetings.loc[meetings["month"] == ctx.month.label, "meetings"].sum()
    rows.measure(ctx.month, "meetings_held", float(held))
    return rows.frame()


def _reviews_expr(grid: ir.Table, t: ir.Table) -> ir.Table:
    """month, changes (a band of CHANGES or not_recorded), on_time (true / false / null): forms."""
    sw = t.sw_changes
    band = ibis.cases(
        (sw.isnull() | (sw < 0), NOT_RECORDED),
        (sw >= MANY_CHANGES, f"{MANY_CHANGES}+"),
        else_=sw.cast("string"),
    )
    t = blocks.in_month(t.mutate(changes=band), "review_date", grid)
    return t.group_by(["month", "changes", "report_on_time"]).aggregate(forms=t.count())


def _reviews(ctx: Context) -> pd.DataFrame:
    table = ctx.table("qaf_iru_reviews")
    frame = aggregate_once(ctx, "iru.reviews", lambda grid: _reviews_expr(grid, table))
    return frame.astype({"forms": float})


@indicator(
    id="iru.review_reports_on_time_pct",
    title="Social worker's report shared on time for looked-after reviews",
    unit="percent",
    polarity="up",
    section="4",
    definition="""Of the looked-after children's reviews held in the month with an IRU monitoring
    form (qaf_iru_reviews, review_date), the % whose form records the social worker's report as
    shared on time (report_on_time yes); forms that do not record it are left out of both
    sides.""",
    source=REVIEW_SOURCE + ' "Timeliness of social worker reports for CiC reviews".',
    measures={
        "forms_received": "monitoring forms for reviews held in the month",
        "not_recorded": "of those, forms not recording whether the report was on time",
    },
)
def iru_review_reports_on_time_pct(ctx: Context) -> pd.DataFrame:
    forms = _reviews(ctx)
    rows = Rows()
    for month in ctx.months:
        here = forms[forms["month"] == month.label]
        on_time = float(here.loc[here["report_on_time"] == True, "forms"].sum())  # noqa: E712
        recorded = float(here.loc[here["report_on_time"].notna(), "forms"].sum())
        rows.ratio(month, on_time, recorded)
    here = forms[forms["month"] == ctx.month.label]
    rows.measure(ctx.month, "forms_received", float(here["forms"].sum()))
    rows.measure(
        ctx.month, "not_recorded", float(here.loc[here["report_on_time"].isna(), "forms"].sum())
    )
    return rows.frame()


@indicator(
    id="iru.sw_change_pct",
    title="Children with a change of social worker since their last review",
    unit="percent",
    polarity="down",
    section="4",
    definition="""Of the IRU monitoring forms for looked-after reviews held in the month that
    record the number of changes of social worker since the last review (qaf_iru_reviews
    sw_changes), the % recording one or more; by number of changes (0, 1, 2, 3 or more), each as a
    % of those forms. A form with sw_changes empty (or negative) is not recorded and left out.""",
    source=REVIEW_SOURCE + " Trend: % of QA forms indicating 1 or more changes of social worker.",
    breakdowns=("sw_changes",),
    measures={
        "forms_received": "monitoring forms for reviews held in the month",
        "not_recorded": "of those, forms not recording the number of changes",
    },
)
def iru_sw_change_pct(ctx: Context) -> pd.DataFrame:
    forms = _reviews(ctx)
    bands = [k for k, _ in CHANGES.members]
    rows = Rows()
    for month in ctx.months:
        by_band = forms[forms["month"] == month.label].groupby("changes")["forms"].sum()
        counts = {band: float(by_band.get(band, 0.0)) for band in bands}
        recorded = sum(counts.values())
        rows.ratio(month, recorded - counts["0"], recorded)
        for band in bands:
            n = counts[band]
            rows.cell(month, {"sw_changes": band}, pct(n, recorded), n, recorded)
    here = forms[forms["month"] == ctx.month.label]
    rows.measure(ctx.month, "forms_received", float(here["forms"].sum()))
    rows.measure(
        ctx.month, "not_recorded", float(here.loc[here["changes"] == NOT_RECORDED, "forms"].sum())
    )
    return rows.frame()
