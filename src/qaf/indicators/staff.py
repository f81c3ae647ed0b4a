"""Staff with their caseload FTE, as at the extract date, built once per compute().

Staff come from qaf_staff; where that table is empty, from the SSD's ssd_professionals (role from
the job title, FTE, agency flag, team from the department). Either way they are "as at the
extract date": there is no history of who was in which team when.

The caseload rules are the seed's footnotes to table 25, each a setting (config.CaseloadSettings).
Section 1.6 reads the FTE; the shared models read the roles (a case held by a manager is not
allocated to a named worker)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ibis
import pandas as pd

from qaf.config import CaseloadSettings
from qaf.indicators.context import Context
from qaf.warehouse.codes import STAFF_ROLE


@dataclass(frozen=True)
class StaffKey:
    """The staff list of one compute()."""


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


def staff(ctx: Context) -> pd.DataFrame:
    """One row per worker: STAFF_COLUMNS, current (False: a leaver kept in ssd_professionals),
    agency_recorded (False where the agency flag is empty in both qaf_staff and
    ssd_professionals: "not recorded", which is not "not agency"), the team flags, caseload_fte
    and agency_fte."""

    def build() -> pd.DataFrame:
        prof = ctx.execute(ctx.table("ssd_professionals"))
        agency_of = dict(
            zip(prof["prof_professional_id"], prof["prof_agency_worker_flag"], strict=False)
        )
        rows = ctx.execute(ctx.table("qaf_staff"))
        if len(rows):
            frame = rows.assign(source="qaf_staff", current=True)
            # An agency flag left empty in qaf_staff is taken from ssd_professionals.
            frame["agency"] = [
                a if a is not None and not pd.isna(a) else agency_of.get(pid)
                for pid, a in zip(frame["prof_professional_id"], frame["agency"], strict=False)
            ]
        else:
            filled = prof[
                prof["prof_professional_department"].fillna("").astype(str).str.strip() != ""
            ]
            frame = pd.DataFrame(
                {
                    "prof_professional_id": filled["prof_professional_id"],
                    "team_id": filled["prof_professional_department"],
                    "role": filled["prof_professional_job_title"].map(role_from_title),
                    "fte": filled["prof_full_time_equivalency"],
                    "agency": filled["prof_agency_worker_flag"],
                    # The SSD does not record absence.
                    "long_term_absence": False,
                    "source": "ssd_professionals",
                }
            )
            # ssd_professionals keeps leavers too and records no end date: a worker counts only
            # while holding an involvement open at the report month's end.
            frame["current"] = frame["prof_professional_id"].astype(str).isin(_active_workers(ctx))
        frame = frame[[*STAFF_COLUMNS, "current"]].copy()
        frame["team_id"] = [resolve_team(ctx, t) for t in frame["team_id"]]
        frame["role"] = frame["role"].fillna("OTHER").astype(str).str.upper()
        frame["fte"] = pd.to_numeric(frame["fte"], errors="coerce").astype(float)
        frame["agency_recorded"] = frame["agency"].notna().astype(bool)
        for column in ("agency", "long_term_absence"):
            frame[column] = frame[column].map(_bool).astype(bool)
        teams = ctx.teams().set_index("team_id")
        for column in ("manager_holds_cases", "family_practitioners_count", "finance_only"):
            lookup = {str(k): _bool(v) for k, v in teams[column].items()}
            frame[column] = [lookup.get(str(t), False) for t in frame["team_id"]]
        frame["caseload_fte"] = [
            caseload_fte(ctx.settings.caseload, row) for row in frame.to_dict("records")
        ]
        frame["agency_fte"] = frame["caseload_fte"].where(frame["agency"], 0.0)
        return frame.reset_index(drop=True)

    return ctx.once(StaffKey(), build)


def _active_workers(ctx: Context) -> set[str]:
    """Workers holding any involvement open at the end of the report month."""
    inv = ctx.table("ssd_involvements")
    last = ibis.literal(ctx.month.end, type="date")
    held = inv.filter(
        (inv.invo_involvement_start_date <= last)
        & (inv.invo_involvement_end_date.isnull() | (inv.invo_involvement_end_date > last))
    )
    frame = ctx.execute(held.select(worker=held.invo_professional_id).distinct())
    return set(frame["worker"].dropna().astype(str))


def caseload_fte(rules: CaseloadSettings, worker: dict[str, object]) -> float:
    """A worker's FTE for caseload purposes under the seed's rules (settings.caseload)."""
    fte = worker["fte"]
    if fte is None or pd.isna(fte) or not worker.get("current", True):  # type: ignore[call-overload]
        return 0.0
    fte = float(fte)  # type: ignore[arg-type]
    role = str(worker["role"])
    if rules.exclude_long_term_absent and worker["long_term_absence"]:
        return 0.0
    if role in rules.manager_roles:
        return fte if worker["manager_holds_cases"] else 0.0
    if role in rules.newly_qualified_roles:
        return fte * rules.newly_qualified_weight
    if role == rules.family_practitioner_role:
        return fte if worker["family_practitioners_count"] else 0.0
    return fte if role in CASE_HOLDING_ROLES else 0.0
