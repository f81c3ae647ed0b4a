"""Shared models, built once per compute() in the engine and used by every indicator that needs them.

- `allocation_spans`: one row per case-worker involvement (child, worker, team, from, to), with
  whether it is held by a named worker.
- `child_months`: one row per child and month end, for every child open to the service then (in
  need, on a child protection plan, looked after, or a care leaver): their status, legal status and
  placement, period of care, allocated worker and team, and age.

Each is materialised on the backend (a temporary table, Context.materialise), so the indicators
that read it aggregate there and fetch only their totals: the rows a computation fetches do not
grow with the council's size. Each is memoised in the compute()'s shared store under a frozen key
saying what it is (`ChildMonthsKey(months)`), not under a hand-built string."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from qaf.indicators.blocks import (
    age_years,
    blank_to_null,
    case_worker_involvements,
    latest_open_at_month_end,
    open_at_month_end,
)
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.staff import staff
from qaf.warehouse.codes import (
    LEGAL_STATUS,
    NOT_LOOKED_AFTER_STATUS,
    PLACEMENT_TYPE,
    SEX,
    SHORT_BREAK_STATUSES,
    CodeList,
)

# Days in a year for decimal ages and durations ("11.2 years", "16.4 years"): the mean Gregorian year.
DAYS_PER_YEAR = 365.25

# The SSD's extract window: ssd_timeframe_years = 6 in the SSD v1.4.5 extract scripts. Outturns go
# back no further, because children who left care before the window are not in the extract.
SSD_EXTRACT_YEARS = 6

NAMED_WORKER_DOC = """A case is allocated to a named worker when its open case-worker involvement
names a worker (invo_professional_id not empty; an empty one means the team holds the case) who is
not a team manager or assistant team manager (settings.caseload.manager_roles, from qaf_staff or the
job title in ssd_professionals), unless that manager's team is flagged manager_holds_cases (their
cases are then an ordinary caseload)."""


@dataclass(frozen=True)
class AllocationSpansKey:
    """The allocation relation: one per compute()."""


@dataclass(frozen=True)
class ChildMonthsKey:
    """The child-by-month-end model over these month ends."""

    months: tuple[Month, ...]


@dataclass(frozen=True)
class CareMonthsKey:
    """The looked-after layer of the child-by-month-end model over these month ends."""

    months: tuple[Month, ...]


@dataclass(frozen=True)
class LookedAfterMonthsKey:
    """The looked-after rows of the child-by-month-end model over these month ends."""

    months: tuple[Month, ...]


@dataclass(frozen=True)
class AllocatedMonthsKey:
    """Each child's allocation at these month ends."""

    months: tuple[Month, ...]


@dataclass(frozen=True)
class ManagerIdsKey:
    """The workers whose cases are held by a manager."""


@dataclass(frozen=True)
class EpisodesKey:
    """Looked-after episodes with the start of their period of care."""


def allocation_spans(ctx: Context) -> ir.Table:
    """person_id, involvement_id, worker_id, team_id, start, end, named: each case-worker
    involvement (blocks.case_worker_involvements), the team as there (the involvement's, else the
    worker's in qaf_staff), and `named` as NAMED_WORKER_DOC."""

    def build() -> ir.Table:
        inv = case_worker_involvements(ctx)
        managers = manager_ids(ctx)
        worker = blank_to_null(inv.invo_professional_id)
        spans = inv.select(
            person_id=inv.invo_person_id,
            involvement_id=inv.invo_involvements_id,
            worker_id=worker,
            team_id=inv.team_id,
            start=inv.invo_involvement_start_date,
            end=inv.invo_involvement_end_date,
            named=worker.notnull() & ~worker.isin(managers) if managers else worker.notnull(),
        )
        # Not materialised: a filter and a join to the staff list cost less than copying the
        # involvements; child_months, which reads it, is materialised.
        return spans

    return ctx.once(AllocationSpansKey(), build)


def manager_ids(ctx: Context) -> list[str]:
    """Workers whose cases are held by a manager: a manager role, in a team not flagged
    manager_holds_cases. A short list (a few per team), so it is fetched and travels as
    literals."""

    def build() -> list[str]:
        workers = staff(ctx)
        roles = list(ctx.settings.caseload.manager_roles)
        if not roles:
            return []
        held = workers.filter(workers.role.isin(roles) & ~workers.manager_holds_cases)
        worker = held.prof_professional_id.cast("string")
        found = ctx.execute(held.select(worker=worker).distinct())
        return sorted({str(w) for w in found["worker"].dropna()})

    return ctx.once(ManagerIdsKey(), build)


def episodes_with_period(ctx: Context) -> ir.Table:
    """ssd_cla_episodes as id, person_id, start, end, cla_id, entered, period_start, where
    period_start is the start of the period of care the episode belongs to (PERIOD_DOC in
    sections/_cla_snapshot.py): clae_entered_care_date; else the earliest start of the same
    clae_cla_id; else the first episode of the unbroken run (each starting on or before the
    previous one ceased) it belongs to."""

    def build() -> ir.Table:
        e = ctx.table("ssd_cla_episodes")
        eps = e.select(
            id=e.clae_cla_episode_id,
            person_id=e.clae_person_id,
            start=e.clae_cla_episode_start_date,
            end=e.clae_cla_episode_ceased_date,
            cla_id=blank_to_null(e.clae_cla_id),
            entered=e.clae_entered_care_date,
        )
        order = [eps.start, eps.id]
        prev_end = eps.end.lag().over(group_by=eps.person_id, order_by=order)
        eps = eps.mutate(_new_run=ibis.ifelse(prev_end.notnull() & (eps.start > prev_end), 1, 0))
        run = ibis.cumulative_window(group_by=eps.person_id, order_by=[eps.start, eps.id])
        eps = eps.mutate(_run=eps._new_run.sum().over(run))
        run_start = eps.start.min().over(group_by=[eps.person_id, eps._run])
        cla_start = eps.start.min().over(group_by=[eps.person_id, eps.cla_id])
        eps = eps.mutate(
            period_start=ibis.coalesce(
                eps.entered,
                ibis.ifelse(eps.cla_id.notnull(), cla_start, ibis.null("date")),
                run_start,
            )
        )
        return ctx.materialise(eps.drop("_new_run", "_run"), "episodes")

    return ctx.once(EpisodesKey(), build)


def code_of(col: ir.StringValue, codes: CodeList) -> ir.StringValue:
    """The DfE code of a stored value: a code or its description (any case) gives the code; an
    unknown spelling is kept as given; empty is null. The loader already stores codes, so this is
    a guard for warehouses loaded by other means."""
    text = blank_to_null(col).strip()
    lookup = codes.lookup()
    return text.upper().substitute(lookup, else_=text)


def model_months(
    ctx: Context, months: tuple[Month, ...] | list[Month] | None = None, history_years: int = 1
) -> tuple[Month, ...]:
    """The month ends a model is built over: the report month's financial year to date and the
    same months `history_years` earlier, which covers the series of every indicator with that
    much history, so one build serves them all; plus the context's model_window (the signals'
    window) and any other month asked for."""
    this_year = ctx.month.fy_to_date()
    usual = {m.shift(-12 * years) for years in range(history_years + 1) for m in this_year}
    asked = set(months if months is not None else ctx.months)
    return tuple(sorted(usual | asked | set(ctx.model_window)))


def child_months(ctx: Context, months: tuple[Month, ...] | list[Month] | None = None) -> ir.Table:
    """One row per child and month end of `months` (default ctx.months) for every child open then
    (any of the flags below). Materialised once per month set.

    Columns: person_id, month, month_end, fy_start;
    in_need (an open ssd_cin_episodes episode; the latest started gives referral_team);
    cp_plan (an open ssd_cp_plans plan);
    in_care (an open ssd_cla_episodes episode; the latest started gives cla_id, episode_start,
    period_start), legal_status (code of the latest started open ssd_legal_status, passing over
    QAF's NLA, a status that is not a looked-after one),
    looked_after (in care, unless that legal status is V3 or V4, short-break care);
    placement_id, placement_type (code), placement_start, placement_urn, prev_placement_start,
    prev_placement_end (the latest started open ssd_cla_placement and the child's placement
    before it);
    care_leaver (in ssd_care_leavers, which has no dates: every month), leaver_team, leaver_worker;
    worker_id, team_id, named_worker (the latest started open case-worker involvement,
    allocation_spans);
    dob, sex (code; pers_gender where pers_sex is empty), age (whole years), age_days."""
    # The financial year to date: its readers (open cases, the caseload) have no history.
    wanted = model_months(ctx, months, history_years=0)

    def build() -> ir.Table:
        expr, layers = _build_child_months(ctx, wanted)
        # The layers' temporary tables must outlive the copy that reads them; dropped after.
        table = ctx.materialise(expr, "child_months")
        del layers
        return table

    return ctx.once(ChildMonthsKey(wanted), build)


def care_months(ctx: Context, months: tuple[Month, ...] | list[Month] | None = None) -> ir.Table:
    """The looked-after layer of child_months, on its own: one row per child in care at a month
    end of `months` (default ctx.months), from the small care tables only (episodes, legal
    statuses, placements), so that year-end outturns reach back years without the cost of the
    in-need and allocation layers. Columns: person_id, month, month_end, fy_start, cla_id,
    episode_start, period_start, legal_status, looked_after, and the placement columns of
    child_months. This is where "looked after" is decided, for every indicator.

    Built once per compute() over care_model_months (plus any other month asked for) and read
    filtered to `months`: the child model, section 1.4's series and the outturns share one build."""
    asked = set(months if months is not None else ctx.months)
    wanted = tuple(sorted(set(care_model_months(ctx)) | asked))

    def build() -> ir.Table:
        return ctx.materialise(_build_care_months(ctx, wanted), "care_months")

    table = ctx.once(CareMonthsKey(wanted), build)
    if asked == set(wanted):
        return table
    return table.filter(table.month.isin(sorted(m.label for m in asked)))


def care_model_months(ctx: Context) -> tuple[Month, ...]:
    """The month ends of the looked-after layer: model_months with a year of history, and the
    year ends (31 March) of the SSD_EXTRACT_YEARS financial years before the report month's,
    which the outturns read."""
    fy = ctx.month.fy_start_year
    year_ends = {Month(fy - back + 1, 3) for back in range(1, SSD_EXTRACT_YEARS + 1)}
    return tuple(sorted(set(model_months(ctx, (), history_years=1)) | year_ends))


def _build_care_months(ctx: Context, months: tuple[Month, ...]) -> ir.Table:
    grid = ctx.grid(months)
    eps = latest_open_at_month_end(
        episodes_with_period(ctx), "person_id", "start", "end", "id", grid
    )
    legal = ctx.table("ssd_legal_status")
    # A status that is not a looked-after one (NLA: special guardianship, supervision, ...) never
    # stands for a looked-after child's legal status, even where it overlaps the care episode.
    legal = legal.filter(
        (code_of(legal.lega_legal_status, LEGAL_STATUS) != NOT_LOOKED_AFTER_STATUS).fill_null(True)
    )
    lega = latest_open_at_month_end(
        legal,
        "lega_person_id",
        "lega_legal_status_start_date",
        "lega_legal_status_end_date",
        "lega_legal_status_id",
        grid,
    )
    lega = lega.select(
        l_person=lega.lega_person_id,
        l_month=lega.month,
        legal_status=code_of(lega.lega_legal_status, LEGAL_STATUS),
    )
    plac = latest_open_at_month_end(_placements(ctx), "person_id", "start", "end", "id", grid)
    plac = plac.select(
        c_person=plac.person_id,
        c_month=plac.month,
        placement_id=plac.id,
        placement_type=plac.placement_type,
        placement_start=plac.start,
        placement_urn=plac.placement_urn,
        prev_placement_start=plac.prev_start,
        prev_placement_end=plac.prev_end,
    )
    j = eps.left_join(lega, [eps.person_id == lega.l_person, eps.month == lega.l_month])
    j = j.left_join(plac, [j.person_id == plac.c_person, j.month == plac.c_month])
    short_break = j.legal_status.isin(list(SHORT_BREAK_STATUSES)).fill_null(False)
    return j.select(
        person_id=j.person_id,
        month=j.month,
        month_end=j.month_end,
        fy_start=j.fy_start,
        cla_id=j.cla_id,
        episode_start=j.start,
        period_start=j.period_start,
        legal_status=j.legal_status,
        looked_after=~short_break,
        placement_id=j.placement_id,
        placement_type=j.placement_type,
        placement_start=j.placement_start,
        placement_urn=j.placement_urn,
        prev_placement_start=j.prev_placement_start,
        prev_placement_end=j.prev_placement_end,
    )


def allocated_at(ctx: Context, grid: ir.Table, persons: ir.Table | None = None) -> ir.Table:
    """a_person, a_month, worker_id, team_id, named_worker: each child's allocation at each grid
    month end, the latest started open case-worker involvement (then the highest id); only for
    `persons` (a table of p_id) when given, which keeps the window small."""
    spans = allocation_spans(ctx)
    if persons is not None:
        spans = spans.semi_join(persons, spans.person_id == persons.p_id)
    alloc = latest_open_at_month_end(spans, "person_id", "start", "end", "involvement_id", grid)
    return alloc.select(
        a_person=alloc.person_id,
        a_month=alloc.month,
        worker_id=alloc.worker_id,
        team_id=alloc.team_id,
        named_worker=alloc.named,
    )


def allocated_months(
    ctx: Context, months: tuple[Month, ...] | list[Month] | None = None
) -> ir.Table:
    """person_id, month, worker_id, team_id, named_worker: each child's allocation at each month
    end of `months` (default ctx.months): the latest started open case-worker involvement (then
    the highest id), allocation_spans. Materialised once per compute() over the financial year
    to date (plus any other month asked for) and read filtered, so the child model and the
    people-open-at-month-end counts by team (types.OpenAtMonthEnd) share one window over the
    involvements."""
    asked = set(months if months is not None else ctx.months)
    wanted = model_months(ctx, tuple(asked), history_years=0)

    def build() -> ir.Table:
        alloc = allocated_at(ctx, ctx.grid(wanted))
        return ctx.materialise(
            alloc.rename(person_id="a_person", month="a_month"), "allocated_months"
        )

    table = ctx.once(AllocatedMonthsKey(wanted), build)
    if asked == set(wanted):
        return table
    return table.filter(table.month.isin(sorted(m.label for m in asked)))


def _person_facts(ctx: Context, persons: ir.Table | None = None) -> ir.Table:
    """d_person, dob (pers_dob, else pers_expected_dob), sex (code of pers_sex, else
    pers_gender): one row per person, or per person of `persons` (a table of p_id)."""
    pers = ctx.table("ssd_person")
    if persons is not None:
        pers = pers.semi_join(persons, pers.pers_person_id == persons.p_id)
    return pers.group_by(d_person=pers.pers_person_id).aggregate(
        dob=ibis.coalesce(pers.pers_dob, pers.pers_expected_dob).min(),
        sex=ibis.coalesce(code_of(pers.pers_sex, SEX), code_of(pers.pers_gender, SEX)).max(),
    )


def looked_after_months(ctx: Context) -> ir.Table:
    """The looked-after rows of child_months (the same columns, from the same rules), built
    from the looked-after layer and the allocations and people of looked-after children only:
    section 1.4 reads this, so its indicators do not pay for the in-need layer. Materialised
    once per compute() over model_months."""
    wanted = model_months(ctx)

    def build() -> ir.Table:
        care = care_months(ctx, wanted)
        care = care.filter(care.looked_after)
        persons = care.select(p_id=care.person_id).distinct()
        alloc = allocated_at(ctx, ctx.grid(wanted), persons)
        pers = _person_facts(ctx, persons)
        j = care.left_join(alloc, [care.person_id == alloc.a_person, care.month == alloc.a_month])
        j = j.left_join(pers, j.person_id == pers.d_person)
        j = j.drop("a_person", "a_month", "d_person")
        return ctx.materialise(
            j.mutate(
                named_worker=j.named_worker.fill_null(False),
                age=age_years(j.dob, j.month_end),
                age_days=j.month_end.delta(j.dob, unit="day"),
            ),
            "looked_after_months",
        )

    return ctx.once(LookedAfterMonthsKey(wanted), build)


def _build_child_months(
    ctx: Context, months: tuple[Month, ...]
) -> tuple[ir.Table, tuple[ir.Table, ...]]:
    """The child model's expression, and the materialised layers it reads."""
    grid = ctx.grid(months)
    cin = latest_open_at_month_end(
        ctx.table("ssd_cin_episodes"),
        "cine_person_id",
        "cine_referral_date",
        "cine_close_date",
        "cine_referral_id",
        grid,
    )
    # Each layer read twice below (in the union of people and in its join) is materialised
    # once: a query that names it twice has the engine compute it twice (PostgreSQL inlines
    # each copy), and the window over the episodes is the costly part.
    cin = ctx.materialise(
        cin.select(
            i_person=cin.cine_person_id,
            i_month=cin.month,
            referral_team=blank_to_null(cin.cine_referral_team),
        ),
        "cin_months",
    )
    cp_open = open_at_month_end(
        ctx.table("ssd_cp_plans"), "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", grid
    )
    cp = ctx.materialise(
        cp_open.select(p_person=cp_open.cppl_person_id, p_month=cp_open.month).distinct(),
        "cp_months",
    )
    care = care_months(ctx, months)
    care = care.rename(e_person="person_id", e_month="month").drop("month_end", "fy_start")
    cl = ctx.table("ssd_care_leavers")
    leavers = cl.group_by(v_person=cl.clea_person_id).aggregate(
        leaver_team=blank_to_null(cl.clea_care_leaver_allocated_team).max(),
        leaver_worker=blank_to_null(cl.clea_care_leaver_worker_id).max(),
    )
    leaver_months = leavers.cross_join(grid.select(v_month=grid.month))
    alloc = allocated_months(ctx, months).rename(a_person="person_id", a_month="month")
    people = (
        cin.select(person_id=cin.i_person, month=cin.i_month)
        .union(cp.select(person_id=cp.p_person, month=cp.p_month))
        .union(care.select(person_id=care.e_person, month=care.e_month))
        .union(leaver_months.select(person_id=leaver_months.v_person, month=leaver_months.v_month))
        .distinct()
    )
    people = ctx.materialise(people.join(grid, "month"), "child_month_people")
    j = people.left_join(cin, [people.person_id == cin.i_person, people.month == cin.i_month])
    j = j.left_join(cp, [j.person_id == cp.p_person, j.month == cp.p_month])
    j = j.left_join(care, [j.person_id == care.e_person, j.month == care.e_month])
    j = j.left_join(leavers, j.person_id == leavers.v_person)
    j = j.left_join(alloc, [j.person_id == alloc.a_person, j.month == alloc.a_month])
    pers = _person_facts(ctx, people.select(p_id=people.person_id).distinct())
    j = j.left_join(pers, j.person_id == pers.d_person)
    return (
        j.select(
            "person_id",
            "month",
            "month_end",
            "fy_start",
            in_need=j.i_person.notnull(),
            referral_team=j.referral_team,
            cp_plan=j.p_person.notnull(),
            in_care=j.e_person.notnull(),
            looked_after=j.looked_after.fill_null(False),
            cla_id=j.cla_id,
            episode_start=j.episode_start,
            period_start=j.period_start,
            legal_status=j.legal_status,
            placement_id=j.placement_id,
            placement_type=j.placement_type,
            placement_start=j.placement_start,
            placement_urn=j.placement_urn,
            prev_placement_start=j.prev_placement_start,
            prev_placement_end=j.prev_placement_end,
            care_leaver=j.v_person.notnull(),
            leaver_team=j.leaver_team,
            leaver_worker=j.leaver_worker,
            worker_id=j.worker_id,
            team_id=j.team_id,
            named_worker=j.named_worker.fill_null(False),
            dob=j.dob,
            sex=j.sex,
            age=age_years(j.dob, j.month_end),
            age_days=j.month_end.delta(j.dob, unit="day"),
        ),
        (cin, cp, people),
    )


def placement_rows(ctx: Context) -> ir.Table:
    """ssd_cla_placement as id, person_id, start, end, placement_type (its DfE code) and
    placement_urn."""
    p = ctx.table("ssd_cla_placement")
    return p.select(
        id=p.clap_cla_placement_id,
        person_id=p.clap_person_id,
        start=p.clap_cla_placement_start_date,
        end=p.clap_cla_placement_end_date,
        placement_type=code_of(p.clap_cla_placement_type, PLACEMENT_TYPE),
        placement_urn=p.clap_cla_placement_urn,
    )


def _placements(ctx: Context) -> ir.Table:
    """placement_rows with the child's previous placement's prev_start and prev_end (by start,
    then id)."""
    plac = placement_rows(ctx)
    order = [plac.start, plac.id]
    return plac.mutate(
        prev_start=plac.start.lag().over(group_by=plac.person_id, order_by=order),
        prev_end=plac.end.lag().over(group_by=plac.person_id, order_by=order),
    )


def placements(ctx: Context) -> ir.Table:
    """ssd_cla_placement with DfE placement-type codes (see _placements)."""
    return _placements(ctx)
