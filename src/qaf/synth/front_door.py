"""Tables of the front door and child protection: contacts, early help, CIN episodes,
assessments, section 47 enquiries, conferences and plans."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.children import Children
from qaf.synth.dates import (
    NA,
    Days,
    add_business_days,
    business_days,
    cap,
    month_end,
    month_start,
    months,
)
from qaf.synth.draws import pick
from qaf.synth.flow import monthly_volume
from qaf.synth.frames import frame, ids, yn
from qaf.synth.pathways import SOURCES
from qaf.synth.profile import Profile

P_EARLY_HELP_FLAG = 0.3  # contacts not referred: share passed to early help
P_CONTACT_BEFORE_REFERRAL = 0.3  # referral recorded a working day or two after the contact


def _flag_json(key: str, flags: npt.ArrayLike, extra: str = "") -> npt.NDArray[np.str_]:
    f = np.asarray(flags, dtype=bool)
    y = f'{{"{key}": "Y"{extra}}}'
    n = f'{{"{key}": "N"{extra}}}'
    return np.where(f, y, n)


def cin_tables(
    ep: dict[str, np.ndarray],
    end: int,
    person_ids: npt.NDArray[np.str_],
    ref_ids: npt.NDArray[np.str_],
    first_team: npt.NDArray[np.str_],
    first_worker: npt.NDArray[np.str_],
    main_team: npt.NDArray[np.str_],
) -> dict[str, pd.DataFrame]:
    n = len(ep["ref"])
    close = cap(ep["close"], end)
    out: dict[str, pd.DataFrame] = {}
    out["ssd_cin_episodes"] = frame(
        "ssd_cin_episodes",
        {
            "cine_referral_id": ref_ids,
            "cine_person_id": person_ids,
            "cine_referral_date": ep["ref"],
            "cine_referral_source_code": ep["source"],
            "cine_cin_primary_need_code": ep["need"],
            "cine_referral_outcome_json": _flag_json("SINGLE_ASSESSMENT_FLAG", ep["sa"]),
            "cine_referral_nfa": yn(ep["ref_nfa"]),
            "cine_close_reason": np.where(close == NA, "", ep["close_reason"]),
            "cine_close_date": close,
            "cine_referral_team": first_team,
            "cine_referral_worker_id": first_worker,
        },
    )
    a = np.flatnonzero(ep["sa"] & (ep["sa_start"] <= end))
    auth = cap(ep["sa_auth"][a], end)
    nfa = np.where(auth == NA, "", yn(ep["sa_nfa"][a]))
    out["ssd_cin_assessments"] = frame(
        "ssd_cin_assessments",
        {
            "cina_assessment_id": ids("assessment", np.arange(len(a))),
            "cina_person_id": person_ids[a],
            "cina_referral_id": ref_ids[a],
            "cina_assessment_start_date": ep["sa_start"][a],
            "cina_assessment_auth_date": auth,
            "cina_assessment_outcome_json": np.where(
                auth == NA, "", _flag_json("NFA_FLAG", ep["sa_nfa"][a])
            ),
            "cina_assessment_outcome_nfa": nfa,
            "cina_assessment_team": first_team[a],
            "cina_assessment_worker_id": first_worker[a],
        },
    )
    s = np.flatnonzero(ep["s47"] & (ep["s47_start"] <= end))
    s_end = cap(ep["s47_end"][s], end)
    s_out = np.where(ep["icpc"][s], '{"CP_CONFERENCE_FLAG": "Y"}', '{"CP_CONFERENCE_FLAG": "N"}')
    out["ssd_s47_enquiry"] = frame(
        "ssd_s47_enquiry",
        {
            "s47e_s47_enquiry_id": ids("s47", np.arange(len(s))),
            "s47e_referral_id": ref_ids[s],
            "s47e_person_id": person_ids[s],
            "s47e_s47_start_date": ep["s47_start"][s],
            "s47e_s47_end_date": s_end,
            "s47e_s47_outcome_json": np.where(s_end == NA, "", s_out),
            "s47e_s47_completed_by_team": main_team[s],
        },
    )
    s47_id = np.full(n, "", dtype=object)
    s47_id[s] = ids("s47", np.arange(len(s)))
    c = np.flatnonzero(ep["icpc"] & (ep["icpc_date"] <= end))
    plan_rows = c[ep["plan"][c]]
    plan_id = np.full(n, "", dtype=object)
    plan_id[plan_rows] = ids("plan", np.arange(len(plan_rows)))
    icpc_id = np.full(n, "", dtype=object)
    icpc_id[c] = ids("icpc", np.arange(len(c)))
    flag = ep["icpc_flag"][c]
    out["ssd_initial_cp_conference"] = frame(
        "ssd_initial_cp_conference",
        {
            "icpc_icpc_id": icpc_id[c],
            "icpc_s47_enquiry_id": s47_id[c],
            "icpc_person_id": person_ids[c],
            "icpc_cp_plan_id": plan_id[c],
            "icpc_referral_id": ref_ids[c],
            "icpc_icpc_date": ep["icpc_date"][c],
            "icpc_icpc_outcome_cp_flag": flag,
            "icpc_icpc_outcome_json": np.where(
                flag == "",
                "",
                np.char.add(np.char.add('{"CP_FLAG": "', flag.astype(str)), '"}'),
            ),
            "icpc_icpc_team": main_team[c],
        },
    )
    out["ssd_cp_plans"] = frame(
        "ssd_cp_plans",
        {
            "cppl_cp_plan_id": plan_id[plan_rows],
            "cppl_referral_id": ref_ids[plan_rows],
            "cppl_icpc_id": icpc_id[plan_rows],
            "cppl_person_id": person_ids[plan_rows],
            "cppl_cp_plan_start_date": ep["icpc_date"][plan_rows],
            "cppl_cp_plan_end_date": cap(ep["plan_end"][plan_rows], end),
            "cppl_cp_plan_initial_category": ep["cat_init"][plan_rows],
            "cppl_cp_plan_latest_category": ep["cat_latest"][plan_rows],
        },
    )
    return out


def contacts(
    rng: np.random.Generator,
    p: Profile,
    scale: float,
    children: Children,
    ep: dict[str, np.ndarray],
    window_start: int,
    end: int,
) -> tuple[npt.NDArray[np.int64], Days, npt.NDArray[np.str_], npt.NDArray[np.str_]]:
    """Contacts in the window: one before each referral, the rest not referred. Returns child
    index, date, source code and outcome JSON, in date order."""
    mine = np.flatnonzero(ep["ref"] >= window_start)
    back = np.where(
        rng.random(len(mine)) < P_CONTACT_BEFORE_REFERRAL, rng.integers(1, 3, len(mine)), 0
    )
    r_date = add_business_days(ep["ref"][mine], -back)
    person = [ep["person"][mine]]
    date = [np.maximum(r_date, children.dob[ep["person"][mine]])]
    source = [ep["source"][mine]]
    outcome = [np.full(len(mine), '{"NEW_REFERRAL_FLAG": "Y"}')]
    refs_by_month = pd.Series(ep["ref"][mine].astype("datetime64[D]")).dt.to_period("M")
    counts = refs_by_month.value_counts()
    for year, month in months(p.window_start, p.end):
        start, last = month_start(year, month), month_end(year, month)
        volume = monthly_volume(p, year, month, p.contacts_per_month, p.contacts_by_month)
        n_ref = int(counts.get(pd.Period(f"{year}-{month:02d}", "M"), 0))
        n = max(int(rng.poisson(volume * scale)) - n_ref, 0)
        d = np.sort(rng.choice(business_days(start, min(last, end)), n))
        known = rng.random(n) < p.contact_known_child
        k_idx = rng.integers(0, children.n, n)
        ok = known & (d - children.dob[k_idx] < 17.5 * 365.25) & (d > children.dob[k_idx])
        who = np.where(ok, k_idx, -1)
        who[~ok] = children.new_for(rng, d[~ok])
        person.append(who)
        date.append(d)
        source.append(pick(rng, n, SOURCES))
        eh = rng.random(n) < P_EARLY_HELP_FLAG
        outcome.append(
            np.where(
                eh,
                '{"NEW_REFERRAL_FLAG": "N", "OTHER_OUTCOMES_EXIST_FLAG": "Y"}',
                '{"NEW_REFERRAL_FLAG": "N"}',
            )
        )
    all_p, all_d = np.concatenate(person), np.concatenate(date)
    order = np.argsort(all_d, kind="stable")
    return (
        all_p[order],
        all_d[order],
        np.concatenate(source)[order],
        np.concatenate(outcome)[order],
    )


def early_help(
    rng: np.random.Generator, p: Profile, scale: float, children: Children, end: int
) -> tuple[npt.NDArray[np.int64], Days, Days]:
    """Early help assessments (the seed's DAF1s) a month, with their episodes' ends."""
    by_fy: dict[int, list[int]] = {}
    for key, value in p.early_help_by_month.items():
        by_fy.setdefault(int(key[:4]), []).append(value)
    person, start_d, end_d = [], [], []
    for year, month in months(p.window_start, p.end):
        key = f"{year}-{month:02d}"
        fy = year if month >= 4 else year - 1
        known_fy = min(by_fy, key=lambda y: (abs(y - fy), y))
        volume = p.early_help_by_month.get(key, float(np.mean(by_fy[known_fy])))
        n = int(rng.poisson(volume * scale))
        d = np.sort(
            rng.choice(business_days(month_start(year, month), min(month_end(year, month), end)), n)
        )
        person.append(children.new_for(rng, d))
        start_d.append(d)
        end_d.append(d + rng.integers(60, 400, n))
    finish = np.concatenate(end_d)
    return np.concatenate(person), np.concatenate(start_d), cap(finish, end)
