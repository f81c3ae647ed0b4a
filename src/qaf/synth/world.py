"""Builds every table of the input contract for one synthetic council, in memory."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from qaf.synth import cla as cla_mod
from qaf.synth import qa_forms, reference
from qaf.synth.allocations import assign_workers, involvements, open_per_team, split_changes, stages
from qaf.synth.cla_visits import reviews, visits
from qaf.synth.dates import NA, cap, day
from qaf.synth.flow import simulate
from qaf.synth.frames import frame, ids, yn
from qaf.synth.front_door import cin_tables, contacts, early_help
from qaf.synth.profile import Profile
from qaf.synth.providers import build_providers
from qaf.synth.teams import build_staff, build_teams
from qaf.warehouse.specs import TABLES

# Independent random streams per part, so changing one part never shifts another's draws.
STREAMS = {
    "flow": 1,
    "cla": 2,
    "alloc": 3,
    "staff": 4,
    "contacts": 5,
    "qa": 6,
    "providers": 7,
    "placements": 8,
    "exits": 9,
    "assign": 10,
}
# Invented local wording, not in the SSD's lists: the council maps it in qaf_code_map.
COUNCIL_LEGAL_STATUS = {
    "ICO (s38) granted": "C1",
    "Full Care Order s31": "C2",
    "PO s21 ACA 2002": "E1",
    "Voluntary (s20)": "V2",
    "EPO granted": "L2",
}
ETHNICITY = (
    ("WBRI", 0.88),
    ("WOTH", 0.03),
    ("MWBC", 0.02),
    ("MOTH", 0.02),
    ("AOTH", 0.01),
    ("BAFR", 0.01),
    ("OOTH", 0.01),
    ("NOBT", 0.02),
)


def build(
    p: Profile, seed: int, scale: float, tick: Callable[[str], None]
) -> dict[str, pd.DataFrame]:
    def rng(name: str) -> np.random.Generator:
        return np.random.default_rng([seed, STREAMS[name]])

    end, window = day(p.end), day(p.window_start)
    flow = simulate(
        p, rng("flow"), scale, lambda: None, exits_rng=rng("exits"), assign_rng=rng("assign")
    )
    tick("referrals")
    children = flow.children
    e = flow.episodes
    keep = (e["ref"] >= window - 365) | (e["close"] >= window)
    order = np.flatnonzero(keep)[np.argsort(e["ref"][keep], kind="stable")]
    ep = {k: v[order] for k, v in e.items()}
    n = len(ep["ref"])
    ref_ids = ids("referral", np.arange(n))
    person_ids_all = ids("person", np.arange(children.n))
    pid = person_ids_all[ep["person"]]
    tables: dict[str, pd.DataFrame] = {}

    # Children looked after.
    r_cla = rng("cla")
    pr = cla_mod.periods_from(ep, children.dob[ep["person"]], end)
    period_ids = ids("period", np.arange(len(pr.entry)))
    providers = build_providers(rng("providers"), scale, p.end.isoformat())
    pl = cla_mod.placements(rng("placements"), pr, p.placement_moves_per_year, providers, end)
    lg = cla_mod.legal_statuses(r_cla, pr, end)
    eps = cla_mod.episodes(pl, lg, pr)
    # After the episodes: an order the child left care on is no SSDA903 episode.
    lg = pd.concat([lg, cla_mod.after_care_statuses(pr, end)], ignore_index=True)
    pr_pid = person_ids_all[pr.person]
    tables["ssd_cla_placement"] = frame(
        "ssd_cla_placement",
        {
            "clap_cla_placement_id": ids("placement", np.arange(len(pl))),
            "clap_cla_id": period_ids[pl["period"]],
            "clap_person_id": pr_pid[pl["period"]],
            "clap_cla_placement_start_date": pl["start"].to_numpy(),
            "clap_cla_placement_end_date": cap(pl["end"].to_numpy(), end),
            "clap_cla_placement_type": pl["type"].to_numpy(),
            "clap_cla_placement_urn": pl["urn"].to_numpy(),
            "clap_cla_placement_provider": pl["provider"].to_numpy(),
            "clap_cla_placement_postcode": pl["postcode"].to_numpy(),
            "clap_cla_placement_change_reason": np.where(
                pl["end"].to_numpy() > end, "", pl["reason"].to_numpy()
            ),
        },
    )
    tables["ssd_legal_status"] = frame(
        "ssd_legal_status",
        {
            "lega_legal_status_id": ids("legal", np.arange(len(lg))),
            "lega_person_id": pr_pid[lg["period"]],
            "lega_legal_status": lg["code"].to_numpy(),
            "lega_legal_status_start_date": lg["start"].to_numpy(),
            "lega_legal_status_end_date": cap(lg["end"].to_numpy(), end),
        },
    )
    ceased = cap(eps["end"].to_numpy(), end)
    final = eps["last"].to_numpy()
    e_period = eps["period"].to_numpy()
    tables["ssd_cla_episodes"] = frame(
        "ssd_cla_episodes",
        {
            "clae_cla_episode_id": ids("cla_episode", np.arange(len(eps))),
            "clae_person_id": pr_pid[e_period],
            "clae_cla_placement_id": ids("placement", eps["placement"].to_numpy()),
            "clae_cla_episode_start_date": eps["start"].to_numpy(),
            "clae_cla_episode_start_reason": eps["reason"].to_numpy(),
            "clae_cla_primary_need_code": pr.need[e_period],
            "clae_cla_episode_ceased_date": ceased,
            "clae_cla_episode_ceased_reason": np.where(
                ceased == NA, "", np.where(final, pr.reason[e_period], "X1")
            ),
            "clae_cla_id": period_ids[e_period],
            "clae_referral_id": ref_ids[pr.episode[e_period]],
            "clae_entered_care_date": pr.entry[e_period],
        },
    )
    vi = visits(r_cla, p, pr, window, end)
    tables["ssd_cla_visits"] = frame(
        "ssd_cla_visits",
        {
            "clav_cla_visit_id": ids("visit", np.arange(len(vi))),
            "clav_cla_id": period_ids[vi["period"]],
            "clav_person_id": pr_pid[vi["period"]],
            "clav_cla_visit_date": vi["date"].to_numpy(),
            "clav_cla_visit_seen": yn(vi["seen"]),
        },
    )
    changes = []
    for df in (pl, lg):
        per = df["period"].to_numpy()
        later = np.r_[False, per[1:] == per[:-1]]
        changes.append(pd.DataFrame({"period": per[later], "date": df["start"].to_numpy()[later]}))
    rv = reviews(r_cla, pr, window, end, pd.concat(changes, ignore_index=True))
    tables["ssd_cla_reviews"] = frame(
        "ssd_cla_reviews",
        {
            "clar_cla_review_id": ids("review", np.arange(len(rv))),
            "clar_cla_id": period_ids[rv["period"]],
            "clar_cla_review_due_date": rv["due"].to_numpy(),
            "clar_cla_review_date": rv["held"].to_numpy(),
            "clar_cla_review_cancelled": np.full(len(rv), "N"),
        },
    )
    tables["ssd_permanence"] = cla_mod.permanence(pr, end, pr_pid, period_ids)
    tick("children looked after")

    # Teams, staff and allocations.
    r_alloc = rng("alloc")
    teams = build_teams()
    area = children.area[ep["person"]].astype(np.int64)
    seg = split_changes(r_alloc, stages(r_alloc, ep, area, teams, end), end)
    staff = build_staff(rng("staff"), teams, open_per_team(seg, len(teams.frame), end))
    dcs_teams = set(np.unique(teams.dcs).tolist())
    worker = assign_workers(r_alloc, seg, staff, dcs_teams, end)
    tables["ssd_involvements"] = involvements(r_alloc, seg, worker, teams, pid, ref_ids, end)
    tables["qaf_teams"] = teams.frame.copy()
    tables["qaf_staff"] = staff.staff
    tables["ssd_professionals"] = staff.professionals
    tables["ssd_department"] = staff.department
    seg_team = teams.team_ids[seg.team]
    seg_worker = ids("professional", worker)
    first = np.unique(seg.episode, return_index=True)[1]
    assert len(first) == n, "every episode is allocated"
    first_team = seg_team[first]
    first_worker = seg_worker[first]
    main = first.copy()
    second = first + 1
    ok = second < len(seg.episode)
    ok[ok] = seg.episode[second[ok]] == seg.episode[first[ok]]
    main[ok] = second[ok]
    tables.update(cin_tables(ep, end, pid, ref_ids, first_team, first_worker, seg_team[main]))
    tick("allocations")

    # Care leavers: allocated to the Permanency and Transition team of their area.
    cl = cla_mod.care_leavers(r_cla, pr, end)
    cl_team = teams.pt[children.area[pr.person[cl]]]
    cl_worker = np.array(
        [staff.holders[t][r_cla.integers(len(staff.holders[t]))] for t in cl_team], dtype=np.int64
    )
    tables["ssd_care_leavers"] = frame(
        "ssd_care_leavers",
        {
            "clea_table_id": ids("care_leaver", np.arange(len(cl))),
            "clea_person_id": pr_pid[cl],
            "clea_care_leaver_eligibility": np.where(
                pr.exit[cl] > end, "Eligible", "Former relevant"
            ),
            "clea_care_leaver_allocated_team": teams.team_ids[cl_team],
            "clea_care_leaver_worker_id": ids("professional", cl_worker),
        },
    )

    # Front door.
    r_c = rng("contacts")
    c_person, c_date, c_source, c_outcome = contacts(r_c, p, scale, children, ep, window, end)
    tables["ssd_contacts"] = frame(
        "ssd_contacts",
        {
            "cont_contact_id": ids("contact", np.arange(len(c_date))),
            "cont_person_id": ids("person", c_person),
            "cont_contact_date": c_date,
            "cont_contact_source_code": c_source,
            "cont_contact_outcome_json": c_outcome,
        },
    )
    h_person, h_start, h_end = early_help(r_c, p, scale, children, end)
    tables["ssd_early_help_episodes"] = frame(
        "ssd_early_help_episodes",
        {
            "earl_episode_id": ids("early_help", np.arange(len(h_start))),
            "earl_person_id": ids("person", h_person),
            "earl_episode_start_date": h_start,
            "earl_episode_end_date": h_end,
        },
    )
    tick("front door")

    # QA forms.
    r_qa = rng("qa")
    ep_of = seg.episode
    mid_status = _segment_status(ep, seg, pr, cl, children.dob, end)
    tables["qaf_audits"] = qa_forms.audits(
        r_qa, p, scale, mid_status, pid[ep_of], seg_team, seg_worker, seg.start, seg.end
    )
    closed = pd.DataFrame({"end": seg.end, "worker": seg_worker})
    closed = closed[(seg.end <= end) & np.r_[ep_of[1:] != ep_of[:-1], True]]
    tables["qaf_feedback"] = qa_forms.feedback(r_qa, p, scale, closed)
    icpc = tables["ssd_initial_cp_conference"]
    plans = ep["plan"] & (ep["icpc_date"] <= end)
    tables["qaf_iru_meetings"] = qa_forms.iru_meetings(
        r_qa,
        p,
        scale,
        pd.DataFrame(
            {
                "person": icpc["icpc_person_id"].to_numpy(),
                "date": ep["icpc_date"][ep["icpc"] & (ep["icpc_date"] <= end)],
            }
        ),
        pd.DataFrame(
            {
                "person": pid[plans],
                "start": ep["icpc_date"][plans],
                "end": cap(ep["plan_end"][plans], end),
            }
        ),
        window,
        end,
    )
    in_window = rv["held"].to_numpy() >= window
    tables["qaf_iru_reviews"] = qa_forms.iru_reviews(
        r_qa, rv["held"].to_numpy()[in_window], pr_pid[rv["period"].to_numpy()[in_window]]
    )
    tables["qaf_council"] = reference.council(p)
    tables["qaf_population"] = reference.population()
    tables["qaf_targets"] = reference.targets(p)
    tables["qaf_benchmarks"] = reference.benchmarks()
    tables["qaf_providers"] = providers.frame
    # The council's own legal status wording (qaf_code_map), which --messy writes.
    wording = np.array(list(COUNCIL_LEGAL_STATUS))
    tables["qaf_code_map"] = frame(
        "qaf_code_map",
        {
            "table": np.full(len(wording), "ssd_legal_status"),
            "column": np.full(len(wording), "lega_legal_status"),
            "value": wording,
            "code": np.array(list(COUNCIL_LEGAL_STATUS.values())),
        },
    )
    tables["ssd_person"] = _persons(r_c, children, tables)
    tick("quality assurance")
    return {name: tables[name] for name in TABLES}


def _segment_status(
    ep: dict[str, np.ndarray],
    seg: object,
    pr: cla_mod.Periods,
    cl: np.ndarray,
    dob: np.ndarray,
    end: int,
) -> dict[str, np.ndarray]:
    """Which audit case type each allocation segment can stand for."""
    from qaf.synth.allocations import Segments

    assert isinstance(seg, Segments)
    e = seg.episode
    plan = ep["plan"][e]
    cla = ep["cla_entry"][e] != NA
    leaver = np.isin(ep["person"][e], pr.person[cl])
    assessment = seg.stage == 0
    return {
        "CP": plan & (seg.stage == 1),
        "CIC": cla & (seg.stage == 2),
        "CL": leaver & (seg.stage >= 2),
        "ASSESSMENT": assessment,
        "CIN": ~plan & ~cla & (seg.stage == 1),
    }


def _persons(
    rng: np.random.Generator, children: object, tables: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """Every child any table names, and no one else."""
    from qaf.synth.children import Children
    from qaf.synth.draws import pick

    assert isinstance(children, Children)
    used: list[np.ndarray] = []
    for table in TABLES.values():
        for column in table.columns:
            if column.references == "ssd_person.pers_person_id":
                used.append(tables[table.name][column.name].to_numpy().astype(str))
    for name in ("qaf_audits", "qaf_iru_meetings", "qaf_iru_reviews"):
        used.append(tables[name]["person_id"].to_numpy().astype(str))
    person_ids = np.unique(np.concatenate(used))
    idx = person_ids.astype(np.int64) - int(ids("person", [0])[0])
    n = len(idx)
    sex = np.where(children.sex[idx] == 1, "F", "M")
    return frame(
        "ssd_person",
        {
            "pers_person_id": person_ids,
            "pers_sex": sex,
            "pers_gender": np.where(sex == "F", "Female", "Male"),
            "pers_ethnicity": pick(rng, n, ETHNICITY),
            "pers_dob": children.dob[idx],
            "pers_death_date": np.full(n, NA),
        },
    )
