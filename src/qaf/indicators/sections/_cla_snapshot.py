"""Children looked after at each month end: the looked-after rows of the shared child-by-month-end
model (models.child_months), and the few aggregates section 1.4's indicators read from it. The
rows stay in the engine; only counts come back.

Not a section module itself (the leading underscore keeps catalogue.py from importing it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators.context import Context
from qaf.indicators.models import (
    DAYS_PER_YEAR,
    care_model_months,
    care_months,
    looked_after_months,
    placement_rows,
)
from qaf.indicators.months import Month

SECTION_20 = "V2"
NOT_RECORDED = "Not recorded"

SNAPSHOT_DOC = """A child is looked after at a month end when an ssd_cla_episodes episode is open then
(start on or before the last day of the month; ceased date empty or after it), unless the legal
status open then is V3 or V4 (short-break care, left out as in the DfE's statistics). Codes are read
as the loader stores them (the DfE code); a description in place of a code is mapped to its code
(codes.LEGAL_STATUS, codes.PLACEMENT_TYPE)."""

PERIOD_DOC = """The current period of care starts on the open episode's clae_entered_care_date; where
that is empty, on the earliest episode start of the same clae_cla_id; where that is empty too, on
the first episode of the unbroken run of episodes (each starting on or before the previous one
ceased) that ends with the open one."""


@dataclass(frozen=True)
class PlacementsInYearKey:
    """Placements in the year to date at these month ends, not counting these placement types."""

    months: tuple[Month, ...]
    excluded: tuple[str, ...]


def placements_in_year(
    ctx: Context, months: Iterable[Month], excluded: Iterable[str] = ()
) -> ir.Table:
    """p_person, p_month, placements: for each child looked after at a month end of `months`,
    the ssd_cla_placement rows open at any time from 1 April of the month's FY to the month
    end, placement types `excluded` left out. Materialised once per compute() over the months
    of the looked-after layer (models.care_months) and `months`, so the series, its year-end
    outturns and a computation of the same month again read one small table."""
    wanted = tuple(sorted(set(care_model_months(ctx)) | set(months)))

    def build() -> ir.Table:
        care = care_months(ctx, wanted)
        care = care.filter(care.looked_after)
        p = placement_rows(ctx)
        plac = p.select(
            c_id=p.id, c_person=p.person_id, c_start=p.start, c_end=p.end, c_type=p.placement_type
        )
        # Literal bounds the planner can estimate: placements that reach into the months' years.
        first, last = min(m.fy_start for m in wanted), max(m.end for m in wanted)
        plac = plac.filter(plac.c_start <= last, plac.c_end.isnull() | (plac.c_end >= first))
        if excluded:
            plac = plac.filter(~plac.c_type.isin(sorted(excluded)).fill_null(False))
        # Joined on the child, then the dates: an equality PostgreSQL hashes, where joining every
        # placement to the month grid by dates alone was a nested loop over both.
        j = care.join(
            plac,
            [
                care.person_id == plac.c_person,
                plac.c_start <= care.month_end,
                plac.c_end.isnull() | (plac.c_end >= care.fy_start),
            ],
        )
        counts = j.group_by(person_id=j.person_id, month=j.month).aggregate(
            placements=j.c_id.nunique()
        )
        return ctx.materialise(counts, "placements_in_year")

    table = ctx.once(PlacementsInYearKey(wanted, tuple(sorted(excluded))), build)
    # Only the months asked for: PostgreSQL hashes the side it is given, and does not carry the
    # children's month filter across the join by itself.
    asked = table.filter(table.month.isin(sorted(m.label for m in months)))
    return asked.rename(p_person="person_id", p_month="month")


def care_snapshot(ctx: Context, months: list[Month]) -> ir.Table:
    """The children looked after at each month end of `months`, from the looked-after layer
    alone (models.care_months: no team, age or status columns): for year ends outside the
    series."""
    care = care_months(ctx, tuple(months))
    return care.filter(care.looked_after)


def snapshot(ctx: Context) -> ir.Table:
    """The children looked after at each month end of the series (ctx.months): the looked-after
    rows of the child-by-month-end model (models.looked_after_months), with age_exact and
    years_in_care in decimal years (days / 365.25)."""
    cm = looked_after_months(ctx)
    cla = cm.filter(cm.month.isin([m.label for m in ctx.months]))
    return cla.mutate(
        age_exact=cla.age_days / DAYS_PER_YEAR,
        years_in_care=cla.month_end.delta(cla.period_start, unit="day") / DAYS_PER_YEAR,
    )


def aggregate(ctx: Context, t: ir.Table, by: list[str], **metrics: ir.Value) -> pd.DataFrame:
    """`t` grouped by `by` with `n` (rows) and `metrics`, computed in the engine and fetched."""
    frame: pd.DataFrame = ctx.execute(t.group_by(by).aggregate(n=t.count(), **metrics))
    return frame


def count_true(condition: ir.BooleanValue) -> ir.IntegerValue:
    """Rows where `condition` holds (null counts as not), as a sum every engine accepts
    (PostgreSQL cannot cast a boolean to a bigint)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0).sum()


def counts_in(frame: pd.DataFrame, months: Iterable[Month], column: str = "n") -> dict[str, float]:
    """Month label -> the sum of `column` over an aggregated frame's rows, every month present
    (0 when none)."""
    found = frame.groupby("month")[column].sum() if len(frame) else pd.Series(dtype=float)
    return {m.label: float(found.get(m.label, 0) or 0) for m in months}


def sums_by(frame: pd.DataFrame, key: str, column: str = "n") -> Mapping[Any, float]:
    """key value -> the sum of `column` (nulls as their own key, None)."""
    if not len(frame):
        return {}
    keys = frame[key].astype(object).where(frame[key].notna(), None)
    return {k: float(v) for k, v in frame[column].groupby(keys, dropna=False).sum().items()}


def months_between_at_least(start: ir.DateValue, at: ir.DateValue, months: int) -> ir.BooleanValue:
    """True where `at` is on or after `start` + `months` calendar months (month ends clamp, as
    blocks.add_months); False where `start` is empty."""
    shifted = (start + ibis.interval(months=months)).cast("date")
    return (shifted <= at).fill_null(False)
