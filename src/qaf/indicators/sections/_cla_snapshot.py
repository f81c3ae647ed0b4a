"""Children looked after at each month end: one row per child and month, built once per compute()
and shared by the indicators of section 1.4 (looked_after.py, placements.py).

Not a section module itself (the leading underscore keeps catalogue.py from importing it)."""

from __future__ import annotations

from collections.abc import Iterable

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.warehouse.codes import LEGAL_STATUS, PLACEMENT_TYPE, SEX

# Children looked after under an agreed series of short-term breaks are left out of every count of
# children looked after, as in the DfE's published statistics (SSDA903 guide: "children looked after
# ... excluding those looked after under an agreed series of short-term placements").
SHORT_BREAK_STATUSES = ("V3", "V4")
SECTION_20 = "V2"
NOT_RECORDED = "Not recorded"

# Days in a year for decimal ages and durations ("11.2 years", "16.4 years"): the mean Gregorian year.
DAYS_PER_YEAR = 365.25

SNAPSHOT_DOC = """A child is looked after at a month end when an ssd_cla_episodes episode is open then
(start on or before the last day of the month; ceased date empty or after it), unless the legal
status open then is V3 or V4 (short-break care, left out as in the DfE's statistics). Codes are read
as the loader stores them (the DfE code); a description in place of a code is mapped to its code
(codes.LEGAL_STATUS, codes.PLACEMENT_TYPE)."""

PERIOD_DOC = """The current period of care starts on the open episode's clae_entered_care_date; where
that is empty, on the earliest episode start of the same clae_cla_id; where that is empty too, on
the first episode of the unbroken run of episodes (each starting on or before the previous one
ceased) that ends with the open one."""


def _ranked_first(t: ir.Table, keys: list[str], order: list[ir.Value]) -> ir.Table:
    """The first row per key group (latest start, then highest id, by the order given)."""
    ranked = t.mutate(_rank=ibis.row_number().over(group_by=keys, order_by=order))
    return ranked.filter(ranked._rank == 0).drop("_rank")


def _episodes_with_period(ctx: Context) -> ir.Table:
    e = ctx.table("ssd_cla_episodes")
    by_person = ibis.window(
        group_by=e.clae_person_id,
        order_by=[e.clae_cla_episode_start_date, e.clae_cla_episode_id],
    )
    e = e.mutate(_prev_ceased=e.clae_cla_episode_ceased_date.lag().over(by_person))
    # A new run starts where an episode begins after the previous one ceased (a gap in care).
    e = e.mutate(
        _new_run=ibis.ifelse(
            e._prev_ceased.notnull() & (e.clae_cla_episode_start_date > e._prev_ceased), 1, 0
        )
    )
    running = ibis.window(
        group_by=e.clae_person_id,
        order_by=[e.clae_cla_episode_start_date, e.clae_cla_episode_id],
        preceding=None,
        following=0,
    )
    e = e.mutate(_run=e._new_run.sum().over(running))
    e = e.mutate(
        _run_start=e.clae_cla_episode_start_date.min().over(
            ibis.window(group_by=[e.clae_person_id, e._run])
        ),
        _cla_id_start=e.clae_cla_episode_start_date.min().over(
            ibis.window(group_by=[e.clae_person_id, e.clae_cla_id])
        ),
    )
    return e.mutate(
        period_start=ibis.coalesce(
            e.clae_entered_care_date,
            ibis.ifelse(e.clae_cla_id.isnull(), ibis.null("date"), e._cla_id_start),
            e._run_start,
        )
    )


def _snapshot_expr(ctx: Context, grid: ir.Table) -> ir.Table:
    eps = _episodes_with_period(ctx)
    open_eps = blocks.open_at_month_end(
        eps, "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", grid
    )
    open_eps = _ranked_first(
        open_eps,
        ["clae_person_id", "month"],
        [ibis.desc(open_eps.clae_cla_episode_start_date), ibis.desc(open_eps.clae_cla_episode_id)],
    )
    cla = open_eps.select(
        person_id=open_eps.clae_person_id,
        month=open_eps.month,
        month_end=open_eps.month_end,
        fy_start=open_eps.fy_start,
        cla_id=open_eps.clae_cla_id,
        episode_start=open_eps.clae_cla_episode_start_date,
        period_start=open_eps.period_start,
    )

    lega = ctx.table("ssd_legal_status")
    open_lega = blocks.open_at_month_end(
        lega, "lega_legal_status_start_date", "lega_legal_status_end_date", grid
    )
    open_lega = _ranked_first(
        open_lega,
        ["lega_person_id", "month"],
        [
            ibis.desc(open_lega.lega_legal_status_start_date),
            ibis.desc(open_lega.lega_legal_status_id),
        ],
    ).select(_l_person="lega_person_id", _l_month="month", legal_status="lega_legal_status")

    plac = ctx.table("ssd_cla_placement")
    by_person = ibis.window(
        group_by=plac.clap_person_id,
        order_by=[plac.clap_cla_placement_start_date, plac.clap_cla_placement_id],
    )
    plac = plac.mutate(
        prev_placement_start=plac.clap_cla_placement_start_date.lag().over(by_person),
        prev_placement_end=plac.clap_cla_placement_end_date.lag().over(by_person),
    )
    open_plac = blocks.open_at_month_end(
        plac, "clap_cla_placement_start_date", "clap_cla_placement_end_date", grid
    )
    open_plac = _ranked_first(
        open_plac,
        ["clap_person_id", "month"],
        [
            ibis.desc(open_plac.clap_cla_placement_start_date),
            ibis.desc(open_plac.clap_cla_placement_id),
        ],
    ).select(
        _p_person="clap_person_id",
        _p_month="month",
        placement_id="clap_cla_placement_id",
        placement_type="clap_cla_placement_type",
        placement_start="clap_cla_placement_start_date",
        placement_urn="clap_cla_placement_urn",
        prev_placement_start="prev_placement_start",
        prev_placement_end="prev_placement_end",
    )

    alloc = blocks.allocations(ctx, grid).select(
        _a_person="person_id", _a_month="month", team_id="team_id"
    )
    pers = ctx.table("ssd_person").select(
        _pers_id="pers_person_id", dob="pers_dob", sex="pers_sex", gender="pers_gender"
    )

    joined = (
        cla.left_join(
            open_lega, [cla.person_id == open_lega._l_person, cla.month == open_lega._l_month]
        )
        .left_join(
            open_plac, [cla.person_id == open_plac._p_person, cla.month == open_plac._p_month]
        )
        .left_join(alloc, [cla.person_id == alloc._a_person, cla.month == alloc._a_month])
        .left_join(pers, cla.person_id == pers._pers_id)
    )
    return joined.drop(
        "_l_person", "_l_month", "_p_person", "_p_month", "_a_person", "_a_month", "_pers_id"
    )


def _code_of(values: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """DfE codes from codes or descriptions (case-insensitive); unknown spellings kept as given."""
    text = values.astype("string").str.strip()
    mapped = text.str.upper().map(lookup)
    return (
        mapped.where(mapped.notna(), text).astype(object).where(text.notna() & (text != ""), None)
    )


def _dates(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])


def snapshot(ctx: Context, months: Iterable[Month] | None = None) -> pd.DataFrame:
    """One row per child looked after at each month end of `months` (default: ctx.months).

    Columns: person_id, month, month_end, fy_start, cla_id, episode_start, period_start,
    legal_status (code), placement_id, placement_type (code), placement_start, placement_urn,
    prev_placement_start, prev_placement_end, team_id, dob, sex (code; pers_gender where empty),
    age (whole years), age_exact and years_in_care (decimal years)."""
    wanted = tuple(sorted(set(months if months is not None else ctx.months)))
    key = "looked_after.snapshot:" + ",".join(m.label for m in wanted)

    def build() -> pd.DataFrame:
        frame = ctx.execute(_snapshot_expr(ctx, ctx.grid(list(wanted))))
        _dates(
            frame,
            (
                "month_end",
                "fy_start",
                "episode_start",
                "period_start",
                "placement_start",
                "prev_placement_start",
                "prev_placement_end",
                "dob",
            ),
        )
        frame["legal_status"] = _code_of(frame["legal_status"], LEGAL_STATUS.lookup())
        frame = frame[~frame["legal_status"].isin(SHORT_BREAK_STATUSES)].copy()
        frame["placement_type"] = _code_of(frame["placement_type"], PLACEMENT_TYPE.lookup())
        sex = _code_of(frame["sex"], SEX.lookup())
        gender = _code_of(frame["gender"], SEX.lookup())
        frame["sex"] = sex.where(sex.notna(), gender)
        frame["age"] = whole_years(frame["dob"], frame["month_end"])
        frame["age_exact"] = (frame["month_end"] - frame["dob"]).dt.days / DAYS_PER_YEAR
        frame["years_in_care"] = (
            frame["month_end"] - frame["period_start"]
        ).dt.days / DAYS_PER_YEAR
        return frame.reset_index(drop=True)

    return ctx.once(key, build)


def whole_years(start: pd.Series, at: pd.Series) -> pd.Series:
    """Whole calendar years from `start` to `at` (an anniversary counts on the day), like an age."""
    before = (at.dt.month < start.dt.month) | (
        (at.dt.month == start.dt.month) & (at.dt.day < start.dt.day)
    )
    return (at.dt.year - start.dt.year - before.astype(int)).astype("Int64")


def months_between_at_least(start: pd.Series, at: pd.Series, months: int) -> pd.Series:
    """True where `at` is on or after `start` + `months` calendar months (month ends clamp)."""
    shifted = start + pd.DateOffset(months=months)
    return (shifted <= at).fillna(False).astype(bool)


def counts_in(frame: pd.DataFrame, months: Iterable[Month]) -> dict[str, float]:
    """Children per month label, every month present (0 when none)."""
    found = frame.groupby("month").size() if len(frame) else pd.Series(dtype=float)
    return {m.label: float(found.get(m.label, 0)) for m in months}
