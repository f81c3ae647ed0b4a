"""Section 1.4 (part): children looked after at month end, the rate, section 20, statutory visits,
average age and time in care. Placements and providers are in placements.py."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pandas as pd

from qaf.indicators.blocks import add_days, age_years
from qaf.indicators.breakdowns import pct_value, team_breakdowns
from qaf.indicators.context import Context
from qaf.indicators.models import DAYS_PER_YEAR
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, ratio
from qaf.indicators.sections._cla_snapshot import (
    NOT_RECORDED,
    PERIOD_DOC,
    SECTION_20,
    SNAPSHOT_DOC,
    aggregate,
    count_true,
    counts_in,
    snapshot,
)
from qaf.warehouse.codes import LEGAL_STATUS, PLACEMENT_GROUP, PLACEMENT_TYPE, SEX

SSDA903 = "DfE SSDA903 guide 2016-17 (children looked after at a date; legal status; placements)"

# Age bands of the seed's time-in-care chart (item 21): lower bound in whole years -> key, label.
AGE_BANDS = (
    (0, "0", "Under 1"),
    (1, "1-4", "1 to 4"),
    (5, "5-9", "5 to 9"),
    (10, "10-15", "10 to 15"),
    (16, "16+", "16 and over"),
)
# Length of the current period of care (seed item 21): whole years -> key, label.
DURATION_BANDS = (
    (0, "under_1", "Under 1 year"),
    (1, "1_2", "1 to 2 years"),
    (2, "over_2", "Over 2 years"),
)
UNKNOWN_KEY = "unknown"


def _band(value: Any, bands: tuple[tuple[int, str, str], ...]) -> tuple[str, str]:
    """The band whose lower bound is the highest not above `value`; unknown for a missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return UNKNOWN_KEY, NOT_RECORDED
    key, label = UNKNOWN_KEY, NOT_RECORDED
    for lower, band_key, band_label in bands:
        if int(value) >= lower:
            key, label = band_key, band_label
    return key, label


def _pairs(frame: pd.DataFrame, a: str, b: str) -> list[tuple[str, str, float]]:
    """(a, b, children) for each combination present, sorted (`n` children per row)."""
    sizes = frame.groupby([a, b])["n"].sum().reset_index(name="n")
    return [
        (str(x), str(y), float(n)) for x, y, n in zip(sizes[a], sizes[b], sizes["n"], strict=True)
    ]


def _count_breakdown(
    rows: Rows,
    dimension: str,
    month: object,
    frame: pd.DataFrame,
    key_col: str,
    label_of: dict[str, str],
    parent_of: dict[str, str] | None = None,
) -> None:
    """Count rows of `dimension` from an aggregated frame (`n` children per row)."""
    keys = frame[key_col].astype(object).where(frame[key_col].notna(), UNKNOWN_KEY)
    for key, n in frame["n"].groupby(keys).sum().sort_index().items():
        key = str(key)
        label = label_of.get(key, NOT_RECORDED if key == UNKNOWN_KEY else key)
        parent = (parent_of or {}).get(key)
        rows.breakdown(dimension, str(month), key, label, float(n), float(n), None, parent=parent)


@indicator(
    id="cla.children",
    title="Children looked after",
    unit="count",
    polarity="neutral",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ Breakdowns at the month end: legal status (the ssd_legal_status row open then, the latest
    started where several are open; "unknown" where none); placement group and placement type (the
    ssd_cla_placement row open then, latest started; groups as codes.PLACEMENT_GROUP); service of the
    child's allocated team at month end (models.allocated_at; "No assigned team" kept).""",
    source=SSDA903 + "; the seed's item 14 (Sep-16: 710).",
    breakdowns=("legal_status", "placement_group", "placement_type", "service"),
    departures="""Short-break care (V3, V4) is left out, as in the DfE's statistics. A child with an
    open episode but no open placement row shows under placement "unknown".""",
)
def cla_children(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    cla = snapshot(ctx)
    for label, n in counts_in(aggregate(ctx, cla, ["month"]), ctx.months).items():
        rows.value(label, n)
    this_month = cla.filter(cla.month == ctx.month.label)
    now = aggregate(ctx, this_month, ["legal_status", "placement_type", "team_id"])
    _count_breakdown(rows, "legal_status", ctx.month, now, "legal_status", LEGAL_STATUS.codes)
    groups = now["placement_type"].map(PLACEMENT_GROUP)
    _count_breakdown(
        rows,
        "placement_group",
        ctx.month,
        now.assign(group=groups),
        "group",
        {g: g for g in PLACEMENT_GROUP.values()},
    )
    _count_breakdown(
        rows,
        "placement_type",
        ctx.month,
        now,
        "placement_type",
        PLACEMENT_TYPE.codes,
        PLACEMENT_GROUP,
    )
    team_breakdowns(ctx, rows, ctx.month, now, dimensions=("service",))
    return rows.frame()


@indicator(
    id="cla.rate_per_10k",
    title="Children looked after per 10,000 children",
    unit="rate_per_10k",
    polarity="neutral",
    section="1.4",
    definition="""cla.children at month end / the council's population aged 0 to 17 (latest mid-year
    estimate whose year is no later than the month's year) x 10,000.""",
    source=SSDA903 + "; DfE children looked after: number and rate per 10,000 children.",
)
def cla_rate_per_10k(ctx: Context) -> pd.DataFrame:
    return ctx.rates_per_10k(counts_in(aggregate(ctx, snapshot(ctx), ["month"]), ctx.months))


@indicator(
    id="cla.s20_pct",
    title="Children looked after accommodated under section 20",
    unit="percent",
    polarity="down",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ Numerator: those whose legal status open at month end (ssd_legal_status, latest started)
    is V2 "single period of accommodation under section 20" (a description is mapped to V2).
    Denominator: all children looked after at month end, including any with no legal status open
    (counted in the measure no_legal_status).""",
    source=SSDA903 + "; the seed's item 22 (national rate 2013-14: 27.9%).",
    measures={"no_legal_status": "children looked after at month end with no legal status open"},
)
def cla_s20_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    cla = snapshot(ctx)
    by = aggregate(
        ctx,
        cla,
        ["month"],
        s20=count_true(cla.legal_status == SECTION_20),
        no_legal=count_true(cla.legal_status.isnull()),
    )
    s20 = counts_in(by, ctx.months, "s20")
    for label, n in counts_in(by, ctx.months).items():
        rows.ratio(label, s20[label], n)
    rows.measure(
        ctx.month, "no_legal_status", counts_in(by, [ctx.month], "no_legal")[ctx.month.label]
    )
    return rows.frame()


@indicator(
    id="cla.visited_6w_pct",
    title="Children looked after visited in the last 6 weeks",
    unit="percent",
    polarity="up",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ Denominator: children looked after at month end whose current period of care began at least
    42 days (settings.timeliness.visit_days) before the month's last day. """
    + PERIOD_DOC
    + """ Numerator: those with an ssd_cla_visits row (matched on clav_person_id) dated from 42 days
    before the month's last day up to that day, both inclusive, whose clav_cla_visit_seen is not false
    (a visit with "seen" not recorded counts). By team: the child's allocated team at month end, with
    area and service subtotals.""",
    source="""Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28
    (visits at intervals of not more than six weeks); the seed's item 15.""",
    breakdowns=("team", "area", "service"),
    departures="""A visit exactly 42 days before month end counts, because the regulation's interval
    is "not more than six weeks". The regulations allow three-monthly visits for a child in a
    long-term placement after the first year; QAF applies six weeks to every child, as the seed
    does.""",
)
def cla_visited_6w_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    days = ctx.settings.timeliness.visit_days
    cla = snapshot(ctx)
    eligible = cla.filter(cla.month_end.delta(cla.period_start, unit="day") >= days)
    visits = ctx.table("ssd_cla_visits")
    # Only visits in reach of a month end of the series, by literal dates the planner can
    # estimate: the join on the child then meets a few visits each, not six years of them.
    first = min(m.end for m in ctx.months) - timedelta(days=days)
    last = max(m.end for m in ctx.months)
    seen = visits.filter(
        visits.clav_cla_visit_seen.fill_null(True),
        visits.clav_cla_visit_date >= first,
        visits.clav_cla_visit_date <= last,
    ).select(v_person="clav_person_id", v_day="clav_cla_visit_date")
    # One pass over the children: each child-month with whether any visit fell in its window
    # (a child seen twice counts once), then counted by month and team.
    j = eligible.left_join(
        seen,
        [
            eligible.person_id == seen.v_person,
            seen.v_day <= eligible.month_end,
            seen.v_day >= add_days(eligible.month_end, -days),
        ],
    )
    per_child = j.group_by([j.month, j.team_id, j.person_id]).aggregate(
        seen=count_true(j.v_person.notnull())
    )
    by = aggregate(ctx, per_child, ["month", "team_id"], visited=count_true(per_child.seen > 0))
    num = counts_in(by, ctx.months, "visited")
    for label, d in counts_in(by, ctx.months).items():
        rows.ratio(label, num[label], d)
    now = by[by["month"] == ctx.month.label]
    team_breakdowns(ctx, rows, ctx.month, now, pct_value, numerator="visited", denominator="n")
    return rows.frame()


@indicator(
    id="cla.average_age",
    title="Average age of children looked after",
    unit="years",
    polarity="neutral",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ The mean exact age in years (days from date of birth to the month's last day / 365.25) of
    the children looked after at month end; numerator the sum of their ages, denominator the number
    of children. By gender: pers_sex (pers_gender where empty), as codes.SEX.""",
    source="The seed's item 20 (Sep-16: boys 11.2 years, girls 11.7 years, n=710).",
    breakdowns=("gender",),
)
def cla_average_age(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    cla = snapshot(ctx)
    known = cla.filter(cla.age_days.notnull())
    by = aggregate(ctx, known, ["month", "sex"], days=known.age_days.sum())
    sums = counts_in(by, ctx.months, "days")
    for label, n in counts_in(by, ctx.months).items():
        total = sums[label] / DAYS_PER_YEAR
        rows.value(label, ratio(total, n, 1.0), total, n)
    now = by[by["month"] == ctx.month.label]
    sex = now["sex"].astype(object).where(now["sex"].notna(), UNKNOWN_KEY)
    for key, group in now.groupby(sex, sort=True):
        total, n = float(group["days"].sum()) / DAYS_PER_YEAR, float(group["n"].sum())
        label = SEX.codes.get(str(key), NOT_RECORDED)
        rows.breakdown("gender", ctx.month, str(key), label, total / n, total, n)
    return rows.frame()


@indicator(
    id="cla.time_in_care",
    title="Children looked after by age and time in care",
    unit="count",
    polarity="neutral",
    section="1.4",
    definition=SNAPSHOT_DOC
    + " "
    + PERIOD_DOC
    + """ The value is the number of children looked after at month end; breakdowns count them by
    age band at month end (under 1, 1-4, 5-9, 10-15, 16 and over; whole years), by the length of the
    current period of care at month end in whole years (under 1 year; 1 to 2 years = at least 1 and
    under 2; over 2 years = 2 or more) and by both (dims age_band and duration_band; parent: the
    age band). The measure
    longest_period_years is the longest current period of care, in years (days / 365.25).""",
    source="The seed's item 21 (Sep-16: longest current period of care 16.4 years).",
    breakdowns=("age_band", "duration_band"),
    measures={"longest_period_years": "longest current period of care of any child, in years"},
)
def cla_time_in_care(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    cla = snapshot(ctx)
    for label, n in counts_in(aggregate(ctx, cla, ["month"]), ctx.months).items():
        rows.value(label, n)
    this_month = cla.filter(cla.month == ctx.month.label)
    now = aggregate(
        ctx,
        this_month.mutate(care_years=age_years(this_month.period_start, this_month.month_end)),
        ["age", "care_years"],
        longest=this_month.years_in_care.max(),
    )
    now["age_key"] = [_band(a, AGE_BANDS)[0] for a in now["age"]]
    now["dur_key"] = [_band(y, DURATION_BANDS)[0] for y in now["care_years"]]
    age_labels = {k: v for _, k, v in AGE_BANDS}
    dur_labels = {k: v for _, k, v in DURATION_BANDS}
    _count_breakdown(rows, "age_band", ctx.month, now, "age_key", age_labels)
    _count_breakdown(rows, "duration_band", ctx.month, now, "dur_key", dur_labels)
    # Both at once: a cross-tabulation is ordinary rows with two dims (parent: the age band).
    for age, dur, n in _pairs(now, "age_key", "dur_key"):
        label = f"{age_labels.get(age, NOT_RECORDED)}, {dur_labels.get(dur, NOT_RECORDED)}"
        dims = {"age_band": age, "duration_band": dur}
        rows.cell(ctx.month, dims, n, n, None, label, parent=age)
    longest = now["longest"].max() if len(now) else None
    rows.measure(ctx.month, "longest_period_years", None if pd.isna(longest) else float(longest))
    return rows.frame()
