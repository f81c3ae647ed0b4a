"""Unborn children at the extract date: pre-birth referrals from midwives, each child in
`ssd_person` with no date of birth and an expected one (`pers_dob` empty, `pers_expected_dob`
set, sex not known), as the SSD's Liquidlogic SQL writes a child whose date of birth is not yet
real. Most are on a pre-birth child protection plan; for the others the initial conference is
booked but not yet held (a conference row with no date, as Liquidlogic writes a meeting with no
actual date). Their rows are added after the council is built, on a random stream of their own,
so no other table's draws move."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.dates import NA, add_business_days, day
from qaf.synth.frames import frame, yn
from qaf.synth.profile import Profile

UNBORN_PER_SCALE = 8.0  # pre-birth referrals open at the extract date (tuned; ~1% of CP plans)
P_CONFERENCE_HELD = 0.7  # the rest have the conference booked, not yet held
SEED_STREAM = 78
MIDWIFE_SOURCE = "3F"  # Health services - other
# Each id kind's table and key column: new ids follow the table's largest.
KEYS = {
    "person": ("ssd_person", "pers_person_id"),
    "contact": ("ssd_contacts", "cont_contact_id"),
    "referral": ("ssd_cin_episodes", "cine_referral_id"),
    "assessment": ("ssd_cin_assessments", "cina_assessment_id"),
    "s47": ("ssd_s47_enquiry", "s47e_s47_enquiry_id"),
    "icpc": ("ssd_initial_cp_conference", "icpc_icpc_id"),
    "plan": ("ssd_cp_plans", "cppl_cp_plan_id"),
    "involvement": ("ssd_involvements", "invo_involvements_id"),
}


def _ids(tables: dict[str, pd.DataFrame], kind: str, n: int) -> npt.NDArray[np.str_]:
    table, key = KEYS[kind]
    first = int(tables[table][key].astype(np.int64).max()) + 1
    return (np.arange(n, dtype=np.int64) + first).astype(str)


def _append(tables: dict[str, pd.DataFrame], name: str, rows: pd.DataFrame) -> None:
    tables[name] = pd.concat([tables[name], rows], ignore_index=True)


def add_unborn(
    tables: dict[str, pd.DataFrame], p: Profile, seed: int, scale: float
) -> dict[str, pd.DataFrame]:
    """`tables` with the unborn children's referrals, assessments, enquiries, conferences, plans,
    allocations and person rows added."""
    rng = np.random.default_rng([seed, SEED_STREAM])
    n = int(rng.poisson(UNBORN_PER_SCALE * scale))
    if n == 0:
        return tables
    end = day(p.end)
    due = end + rng.integers(20, 140, n)
    zero = np.zeros(n, dtype=np.int64)
    referred = add_business_days(end - rng.integers(35, 110, n), zero)
    started = add_business_days(referred, zero + 1)
    authorised = add_business_days(started, zero + 10)
    s47_start = add_business_days(started, zero + 2)
    s47_end = add_business_days(s47_start, zero + 8)
    booked = add_business_days(s47_end, zero + 10)
    held = (rng.random(n) < P_CONFERENCE_HELD) & (booked <= end)
    person = _ids(tables, "person", n)
    referral = _ids(tables, "referral", n)
    icpc = _ids(tables, "icpc", n)
    plan = np.where(held, _ids(tables, "plan", n), "")

    teams = tables["qaf_teams"]
    cf = teams.loc[teams["service"] == "Children and Families", "team_id"].to_numpy()
    team = cf[rng.integers(0, len(cf), n)]
    staff = tables["qaf_staff"]
    workers = staff[staff["role"] == "SW"]
    worker = np.array(
        [
            pool[rng.integers(0, len(pool))] if len(pool) else ""
            for pool in (
                workers.loc[workers["team_id"] == t, "prof_professional_id"].to_numpy()
                for t in team
            )
        ],
        dtype=object,
    )
    flag = np.where(held, "Y", "")
    _append(
        tables,
        "ssd_person",
        frame(
            "ssd_person",
            {
                "pers_person_id": person,
                "pers_sex": np.full(n, "U"),
                "pers_gender": np.full(n, "Unknown"),
                "pers_dob": np.full(n, NA),
                "pers_expected_dob": due,
                "pers_death_date": np.full(n, NA),
            },
        ),
    )
    _append(
        tables,
        "ssd_contacts",
        frame(
            "ssd_contacts",
            {
                "cont_contact_id": _ids(tables, "contact", n),
                "cont_person_id": person,
                "cont_contact_date": referred,
                "cont_contact_source_code": np.full(n, MIDWIFE_SOURCE),
                "cont_contact_outcome_json": np.full(n, '{"NEW_REFERRAL_FLAG": "Y"}'),
            },
        ),
    )
    _append(
        tables,
        "ssd_cin_episodes",
        frame(
            "ssd_cin_episodes",
            {
                "cine_referral_id": referral,
                "cine_person_id": person,
                "cine_referral_date": referred,
                "cine_referral_source_code": np.full(n, MIDWIFE_SOURCE),
                "cine_cin_primary_need_code": np.full(n, "N1"),
                "cine_referral_outcome_json": np.full(n, '{"SINGLE_ASSESSMENT_FLAG": "Y"}'),
                "cine_referral_nfa": yn(np.zeros(n, dtype=bool)),
                "cine_close_date": np.full(n, NA),
                "cine_referral_team": team,
                "cine_referral_worker_id": worker,
            },
        ),
    )
    _append(
        tables,
        "ssd_cin_assessments",
        frame(
            "ssd_cin_assessments",
            {
                "cina_assessment_id": _ids(tables, "assessment", n),
                "cina_person_id": person,
                "cina_referral_id": referral,
                "cina_assessment_start_date": started,
                "cina_assessment_auth_date": authorised,
                "cina_assessment_outcome_json": np.full(n, '{"NFA_FLAG": "N"}'),
                "cina_assessment_outcome_nfa": yn(np.zeros(n, dtype=bool)),
                "cina_assessment_team": team,
                "cina_assessment_worker_id": worker,
            },
        ),
    )
    s47_id = _ids(tables, "s47", n)
    _append(
        tables,
        "ssd_s47_enquiry",
        frame(
            "ssd_s47_enquiry",
            {
                "s47e_s47_enquiry_id": s47_id,
                "s47e_referral_id": referral,
                "s47e_person_id": person,
                "s47e_s47_start_date": s47_start,
                "s47e_s47_end_date": s47_end,
                "s47e_s47_outcome_json": np.full(n, '{"CP_CONFERENCE_FLAG": "Y"}'),
                "s47e_s47_completed_by_team": team,
            },
        ),
    )
    _append(
        tables,
        "ssd_initial_cp_conference",
        frame(
            "ssd_initial_cp_conference",
            {
                "icpc_icpc_id": icpc,
                "icpc_s47_enquiry_id": s47_id,
                "icpc_person_id": person,
                "icpc_cp_plan_id": plan,
                "icpc_referral_id": referral,
                "icpc_icpc_date": np.where(held, booked, NA),
                "icpc_icpc_outcome_cp_flag": flag,
                "icpc_icpc_outcome_json": np.where(held, '{"CP_FLAG": "Y"}', ""),
                "icpc_icpc_team": team,
            },
        ),
    )
    _append(
        tables,
        "ssd_cp_plans",
        frame(
            "ssd_cp_plans",
            {
                "cppl_cp_plan_id": plan[held],
                "cppl_referral_id": referral[held],
                "cppl_icpc_id": icpc[held],
                "cppl_person_id": person[held],
                "cppl_cp_plan_start_date": booked[held],
                "cppl_cp_plan_end_date": np.full(int(held.sum()), NA),
                "cppl_cp_plan_initial_category": np.full(int(held.sum()), "NEG"),
                "cppl_cp_plan_latest_category": np.full(int(held.sum()), "NEG"),
            },
        ),
    )
    _append(
        tables,
        "ssd_involvements",
        frame(
            "ssd_involvements",
            {
                "invo_involvements_id": _ids(tables, "involvement", n),
                "invo_professional_id": worker,
                "invo_professional_role_id": np.full(n, "CW"),
                "invo_professional_team": team,
                "invo_person_id": person,
                "invo_involvement_start_date": referred,
                "invo_involvement_end_date": np.full(n, NA),
                "invo_referral_id": referral,
            },
        ),
    )
    return tables
