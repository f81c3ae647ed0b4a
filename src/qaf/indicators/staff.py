"""Staff with their caseload FTE, as at the extract date, built once per compute().

Staff come from qaf_staff; where that table is empty, from the SSD's ssd_professionals (role from
the job title, FTE, agency flag, team from the department). Either way they are "as at the
extract date": there is no history of who was in which team when.

The list stays in the engine (one temporary table): only the distinct job titles and team
spellings are mapped in Python. The caseload rules are the seed's footnotes to table 25, each a
setting (config.CaseloadSettings), written as one CASE (caseload_fte_rule).
Section 1.6 reads the FTE; the shared models read the roles (a case held by a manager is not
allocated to a named worker)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.config import CaseloadSettings
from qaf.indicators.context import Context
from qaf.warehouse.codes import STAFF_ROLE


@dataclass(frozen=True)
class StaffKey:
    """The staff list of one compute()."""


@dataclass(frozen=True)
class StaffCountsKey:
    """The staff list's counts (staff_counts) of one compute()."""


@dataclass(frozen=True)
class TeamSpellingsKey:
    """Every spelling of a team (id or name) -> its id."""


STAFF_COLUMNS = [
    "prof_professional_id", "team_id", "role", "fte", "agency", "long_term_absence", "source",
]  # fmt: skip

# Job titles (ssd_professionals) to qaf_staff roles, tried in order after the code list's own
# spellings: the words UK children's services use in job titles. "Senior practitioner" and
# "consultant social worker" are social workers; an unrecognised title is OTHER (holds no cases).
TITLE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"ASSISTANT TEAM MANAGER|\bATM\b", "ATM"),
    (r"TEAM MANAGER|PRACTICE MANAGER|TEAM LEADER", "TM"),
    (r"\bASYE\b|ASSESSED AND SUPPORTED", "ASYE"),
    (r"NEWLY QUALIFIED|\bNQSW\b", "NQSW"),
    (r"FAMILY PRACTITIONER|FAMILY SUPPORT", "FP"),
    (r"SOCIAL WORKER|SENIOR PRACTITIONER|SOCIAL WORK", "SW"),
)
# qaf_teams' caseload flags, copied onto each worker.
TEAM_FLAGS = ("manager_holds_cases", "family_practitioners_count", "finance_only")
# Roles that hold cases at their full FTE; every other role not named by a caseload rule adds none.
CASE_HOLDING_ROLES = ("SW",)


def role_from_title(title: object) -> str:
    """A qaf_staff role from a free-text job title."""
    if title is None or pd.isna(title):  # type: ignore[call-overload]
        return "OTHER"
    text = " ".join(str(title).upper().split())
    known = STAFF_ROLE.lookup()
    if text in known:
        return known[text]
    for pattern, role in TITLE_PATTERNS:
        # Python's re (pandas side), so word boundaries are safe here.
        if re.search(pattern, text):
            return role
    return "OTHER"


def _bool(value: object) -> bool:
    return False if value is None or pd.isna(value) else bool(value)  # type: ignore[call-overload]


def team_ids(ctx: Context) -> dict[str, str]:
    """Every spelling of a team (its id, or its name upper-cased) -> its team id."""

    def build() -> dict[str, str]:
        teams = ctx.teams()
        names = {
            str(name).strip().upper(): str(tid)
            for tid, name in zip(teams["team_id"], teams["team_name"], strict=False)
            if name is not None and not pd.isna(name)
        }
        return {**names, **{str(t): str(t) for t in teams["team_id"]}}

    return ctx.once(TeamSpellingsKey(), build)


def resolve_team(ctx: Context, value: object) -> str | None:
    """A team reference (id or name) as a team id; an unknown one kept as given; blank is None."""
    if value is None or pd.isna(value) or not str(value).strip():  # type: ignore[call-overload]
        return None
    text = str(value).strip()
    ids = team_ids(ctx)
    return ids.get(text, ids.get(text.upper(), text))


def staff(ctx: Context) -> ir.Table:
    """One row per worker, in the engine (materialised once per compute()): STAFF_COLUMNS,
    current (False: a leaver kept in ssd_professionals), agency_recorded (False where the agency
    flag is empty in both qaf_staff and ssd_professionals: "not recorded", which is not "not
    agency"), the team flags, caseload_fte and agency_fte.

    Only the council's vocabulary travels to Python: its distinct job titles (role_from_title)
    and team spellings (resolve_team), joined back as small in-memory tables."""

    def build() -> ir.Table:
        qaf_staff = ctx.table("qaf_staff")
        if int(ctx.execute(qaf_staff.count())):
            listed = _from_qaf_staff(ctx, qaf_staff)
        else:
            listed = _from_professionals(ctx)
        return ctx.materialise(_with_caseload(ctx, _with_teams(ctx, listed)), "staff")

    return ctx.once(StaffKey(), build)


def _from_qaf_staff(ctx: Context, rows: ir.Table) -> ir.Table:
    """qaf_staff, every worker current; an agency flag left empty there is taken from
    ssd_professionals (a left join on the worker)."""
    prof = ctx.table("ssd_professionals")
    flags = prof.select(
        _pid=prof.prof_professional_id, _prof_agency=prof.prof_agency_worker_flag.cast("boolean")
    )
    j = rows.left_join(flags, rows.prof_professional_id == flags._pid)
    return j.select(
        prof_professional_id=j.prof_professional_id,
        _team=j.team_id.cast("string"),
        role=j.role.cast("string").fill_null("OTHER").upper(),
        fte=j.fte.cast("float64"),
        agency=ibis.coalesce(j.agency.cast("boolean"), j._prof_agency),
        long_term_absence=j.long_term_absence.cast("boolean").fill_null(False),
        source=ibis.literal("qaf_staff"),
        current=ibis.literal(True),
    )


def _from_professionals(ctx: Context) -> ir.Table:
    """ssd_professionals with a department: the role from the job title (a small table of the
    distinct titles), current while holding an involvement open at the report month's end (the
    SSD keeps leavers and records no end date)."""
    prof = ctx.table("ssd_professionals")
    prof = prof.filter(prof.prof_professional_department.cast("string").strip().fill_null("") != "")
    title = prof.prof_professional_job_title.cast("string")
    found = ctx.execute(prof.select(_title=title).distinct())["_title"].dropna()
    titles = sorted({str(t) for t in found})
    roles = ibis.memtable(
        {"_title": titles, "_role": [role_from_title(t) for t in titles]},
        schema=ibis.schema({"_title": "string", "_role": "string"}),
    )
    j = prof.left_join(roles, title == roles._title)
    return j.select(
        prof_professional_id=j.prof_professional_id,
        _team=j.prof_professional_department.cast("string"),
        role=j._role.fill_null("OTHER"),
        fte=j.prof_full_time_equivalency.cast("float64"),
        agency=j.prof_agency_worker_flag.cast("boolean"),
        # The SSD does not record absence.
        long_term_absence=ibis.literal(False),
        source=ibis.literal("ssd_professionals"),
        current=j.prof_professional_id.isin(_active_workers(ctx)).fill_null(False),
    )


def _active_workers(ctx: Context) -> ir.Column:
    """Workers holding any involvement open at the end of the report month (a subquery)."""
    inv = ctx.table("ssd_involvements")
    last = ibis.literal(ctx.month.end, type="date")
    held = inv.filter(
        (inv.invo_involvement_start_date <= last)
        & (inv.invo_involvement_end_date.isnull() | (inv.invo_involvement_end_date > last))
        & inv.invo_professional_id.notnull()
    )
    return held.invo_professional_id


def _with_teams(ctx: Context, listed: ir.Table) -> ir.Table:
    """The team id (resolve_team) and the team's flags, from a small table of the distinct team
    spellings the list uses."""
    found = ctx.execute(listed.select(listed._team).distinct())["_team"].dropna()
    spellings = sorted({str(t) for t in found})
    teams = ctx.teams().set_index("team_id")
    resolved = [resolve_team(ctx, s) for s in spellings]
    columns: dict[str, list[object]] = {"_spelling": list(spellings), "team_id": list(resolved)}
    for flag in TEAM_FLAGS:
        lookup = {str(k): _bool(v) for k, v in teams[flag].items()}
        columns[flag] = [lookup.get(str(t), False) for t in resolved]
    schema = {"_spelling": "string", "team_id": "string", **dict.fromkeys(TEAM_FLAGS, "boolean")}
    table = ibis.memtable(columns, schema=ibis.schema(schema))
    j = listed.left_join(table, listed._team == table._spelling)
    flags = {flag: j[flag].fill_null(False) for flag in TEAM_FLAGS}
    return j.select(
        "prof_professional_id", "team_id", "role", "fte", "agency", "long_term_absence", "source",
        "current", **flags,
    )  # fmt: skip


def _with_caseload(ctx: Context, workers: ir.Table) -> ir.Table:
    """agency_recorded, agency as a flag, caseload_fte (caseload_fte_rule) and agency_fte."""
    w = workers.mutate(agency_recorded=workers.agency.notnull())
    w = w.mutate(agency=w.agency.fill_null(False))
    w = w.mutate(caseload_fte=caseload_fte_rule(ctx.settings.caseload, w))
    return w.mutate(agency_fte=ibis.ifelse(w.agency, w.caseload_fte, 0.0))


def caseload_fte_rule(rules: CaseloadSettings, w: ir.Table) -> ir.FloatingValue:
    """A worker's FTE for caseload purposes under the seed's rules (settings.caseload), tried in
    order: no FTE or not current 0; long-term absent 0 (if excluded); a manager role its FTE only
    in a team flagged manager_holds_cases; a newly qualified role its FTE times the weight; the
    family practitioner role its FTE only in a team flagged family_practitioners_count; a
    case-holding role its FTE; any other role 0."""
    zero = ibis.literal(0.0, type="float64")
    branches: list[tuple[ir.BooleanValue, ir.FloatingValue]] = [(w.fte.isnull() | ~w.current, zero)]
    if rules.exclude_long_term_absent:
        branches.append((w.long_term_absence, zero))
    if rules.manager_roles:
        held = ibis.ifelse(w.manager_holds_cases, w.fte, zero)
        branches.append((w.role.isin(list(rules.manager_roles)), held))
    if rules.newly_qualified_roles:
        weighted = w.fte * rules.newly_qualified_weight
        branches.append((w.role.isin(list(rules.newly_qualified_roles)), weighted))
    counted = ibis.ifelse(w.family_practitioners_count, w.fte, zero)
    branches.append((w.role == rules.family_practitioner_role, counted))
    branches.append((w.role.isin(list(CASE_HOLDING_ROLES)), w.fte))
    return ibis.cases(*branches, else_=zero).cast("float64")


def staff_counts(ctx: Context) -> dict[str, float]:
    """The staff list's counts, one aggregate query: from_qaf_staff, from_ssd_professionals,
    counted (caseload FTE above 0), long_term_absent, without_team, not_current,
    agency_not_recorded, agency_recorded (workers with the agency flag recorded)."""

    def build() -> dict[str, float]:
        w = staff(ctx)

        def count(condition: ir.BooleanValue) -> ir.IntegerValue:
            return ibis.ifelse(condition, 1, 0).sum()

        frame = ctx.execute(
            w.aggregate(
                from_qaf_staff=count(w.source == "qaf_staff"),
                from_ssd_professionals=count(w.source == "ssd_professionals"),
                counted=count(w.caseload_fte > 0),
                long_term_absent=count(w.long_term_absence),
                without_team=count(w.team_id.isnull()),
                not_current=count(~w.current),
                agency_not_recorded=count(~w.agency_recorded),
                agency_recorded=count(w.agency_recorded),
            )
        )
        row = frame.iloc[0]
        return {k: 0.0 if pd.isna(row[k]) else float(row[k]) for k in frame.columns}

    return ctx.once(StaffCountsKey(), build)
