"""Which team and worker hold each case over time: Initial Response during the assessment, then a
Children and Families team (or the disabled children's or private fostering team), Permanency and
Transition once a child has been in care three months, finance-only teams for funded packages.
Workers change within a stage too (leavers, reallocations): ssd_involvements with role CW."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.cla_periods import HOME
from qaf.synth.dates import NA, NEVER, day
from qaf.synth.frames import frame, ids
from qaf.synth.pathways import CIN, DCS, FOC, PF
from qaf.synth.teams import Staff, Teams

# Seed table 16: of 710 children looked after, ~250 are held by Children and Families, ~371 by
# Permanency and Transition, ~8 by Initial Response and ~62 by disabled children's teams (tuned).
PT_AFTER_ENTRY_MEDIAN_DAYS = 300.0
PT_AFTER_ENTRY_SIGMA = 0.6
P_CLA_WITH_DCS = 0.05
# Reallocations within a stage per year (tuned: seed IRU forms show 30% of children with a new
# social worker since their last review, roughly six months earlier).
WORKER_CHANGES_PER_YEAR = 0.55
P_UNALLOCATED = 0.012  # seed table 25: 98.5% of cases allocated to a named worker
P_UNALLOCATED_DCS = 0.09  # seed table 25: 90.5% in disabled children's services
CHANGE_REASONS = ("Worker left", "Reallocation", "Caseload balancing", "Worker on leave")
# Former workers held cases that ended before this date (the current staff list is as at the
# extract date; people who left earlier appear only in ssd_professionals).
FORMER_BEFORE = "2016-01-01"


@dataclass
class Segments:
    episode: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]  # NEVER while open
    team: npt.NDArray[np.int64]
    stage: npt.NDArray[np.int8]


def stages(
    rng: np.random.Generator,
    ep: dict[str, np.ndarray],
    area: npt.NDArray[np.int64],
    teams: Teams,
    end: int,
) -> Segments:
    n = len(ep["ref"])
    # A case closed the day it arrived was still allocated for that day.
    close = np.where(ep["close"] > end, NEVER, np.maximum(ep["close"], ep["ref"] + 1))
    kind = ep["kind"]
    cf_team = teams.cf[area, rng.integers(0, teams.cf.shape[1], n)]
    dcs_team = teams.dcs[area, rng.integers(0, 2, n)]
    main_team = np.where(kind == DCS, dcs_team, np.where(kind == PF, teams.pf, cf_team))
    first_team = np.where(kind == PF, teams.pf, teams.ir[area])
    has_cla = ep["cla_entry"] != NA
    # Disabled children who come into care stay with their disabled children's team.
    dcs_cla = has_cla & (kind == CIN) & (rng.random(n) < P_CLA_WITH_DCS)
    main_team = np.where(dcs_cla, dcs_team, main_team)
    # Children going home stay with their Children and Families team; the others move to
    # Permanency and Transition once their plan for permanence is made, months into care.
    delay = np.exp(rng.normal(np.log(PT_AFTER_ENTRY_MEDIAN_DAYS), PT_AFTER_ENTRY_SIGMA, n))
    pt_start = np.where(
        has_cla & (kind != DCS) & ~dcs_cla & (ep["cla_route"] != HOME),
        np.maximum(ep["cla_entry"] + delay.astype(np.int64), ep["main_start"]),
        NA,
    )
    pt_start = np.where(pt_start < np.where(has_cla, ep["cla_exit"], 0), pt_start, NA)
    post = np.where(has_cla & (pt_start != NA), ep["cla_exit"], NA)
    foc = ep["foc_start"]
    foc_team = np.where(ep["need"] == "N2", teams.fin_dcs[area], teams.foc)
    starts = np.stack([ep["ref"], ep["main_start"], pt_start, post, foc], axis=1)
    team = np.stack([first_team, main_team, teams.pt[area], cf_team, foc_team], axis=1)
    # Finance-only stock starts in its finance team; a stage starting at or after the close or the
    # next stage's start never happens.
    starts[:, 1] = np.maximum(starts[:, 1], starts[:, 0])
    valid = (starts != NA) & (starts < close[:, None])
    valid[:, 0] &= kind != FOC
    valid[:, 1] &= ~((kind == FOC) & (foc != NA) & (foc <= starts[:, 1]))
    nxt = close.copy()
    ends = np.zeros_like(starts)
    for k in range(starts.shape[1] - 1, -1, -1):
        ends[:, k] = nxt
        valid[:, k] &= starts[:, k] < nxt
        nxt = np.where(valid[:, k], starts[:, k], nxt)
    rows, cols = np.nonzero(valid)
    return Segments(
        episode=rows.astype(np.int64),
        start=starts[rows, cols],
        end=ends[rows, cols],
        team=team[rows, cols],
        stage=cols.astype(np.int8),
    )


def open_per_team(seg: Segments, n_teams: int, at: int) -> npt.NDArray[np.int64]:
    live = (seg.start <= at) & (seg.end > at)
    return np.bincount(seg.team[live], minlength=n_teams).astype(np.int64)


def split_changes(rng: np.random.Generator, seg: Segments, end: int) -> Segments:
    """Worker changes inside a stage: each segment split at Poisson times."""
    parts_ep, parts_start, parts_end, parts_team, parts_stage = [], [], [], [], []
    cur = seg.start.copy()
    stop = np.minimum(seg.end, end)
    alive = np.ones(len(cur), dtype=bool)
    for _ in range(12):
        gap = rng.exponential(365.25 / WORKER_CHANGES_PER_YEAR, len(cur)).astype(np.int64) + 14
        cut = alive & (cur + gap < stop)
        nxt = np.where(cut, cur + gap, seg.end)
        idx = np.flatnonzero(alive)
        parts_ep.append(seg.episode[idx])
        parts_start.append(cur[idx])
        parts_end.append(nxt[idx])
        parts_team.append(seg.team[idx])
        parts_stage.append(seg.stage[idx])
        alive = cut
        cur = nxt
        if not alive.any():
            break
    if alive.any():
        idx = np.flatnonzero(alive)
        parts_ep.append(seg.episode[idx])
        parts_start.append(cur[idx])
        parts_end.append(seg.end[idx])
        parts_team.append(seg.team[idx])
        parts_stage.append(seg.stage[idx])
    out = Segments(
        *(np.concatenate(p) for p in (parts_ep, parts_start, parts_end, parts_team, parts_stage))
    )
    order = np.lexsort((out.start, out.episode))
    return Segments(
        out.episode[order], out.start[order], out.end[order], out.team[order], out.stage[order]
    )


def assign_workers(
    rng: np.random.Generator, seg: Segments, staff: Staff, dcs_teams: set[int], end: int
) -> npt.NDArray[np.int64]:
    worker = np.zeros(len(seg.start), dtype=np.int64)
    cutoff = day(pd.Timestamp(FORMER_BEFORE).date())
    for team in np.unique(seg.team):
        rows = np.flatnonzero(seg.team == team)
        holders, w = staff.holders[team], staff.weights[team]
        worker[rows] = holders[rng.choice(len(holders), len(rows), p=w / w.sum())]
        old = rows[(seg.end[rows] < cutoff) & (rng.random(len(rows)) < 0.5)]
        worker[old] = staff.former[team][rng.integers(0, len(staff.former[team]), len(old))]
        p_un = P_UNALLOCATED_DCS if int(team) in dcs_teams else P_UNALLOCATED
        held = rows[(seg.end[rows] > end) & (rng.random(len(rows)) < p_un)]
        worker[held] = staff.manager[team]
    return worker


def involvements(
    rng: np.random.Generator,
    seg: Segments,
    worker: npt.NDArray[np.int64],
    teams: Teams,
    person_ids: npt.NDArray[np.str_],
    referral_ids: npt.NDArray[np.str_],
    end: int,
) -> pd.DataFrame:
    n = len(seg.start)
    ends = np.where(seg.end > end, NA, seg.end)
    later = np.r_[seg.episode[1:] == seg.episode[:-1], False]
    reason = np.where(
        ends != NA, np.array(CHANGE_REASONS)[rng.integers(0, len(CHANGE_REASONS), n)], ""
    )
    reason = np.where((ends != NA) & ~later, "Case closed", reason)
    # A stage planned to start after the extract date (a move to Permanency and Transition next
    # month) is not in the case system yet, so it is not in the extract.
    begun = seg.start <= end
    table = frame(
        "ssd_involvements",
        {
            "invo_involvements_id": ids("involvement", np.arange(n)),
            # Finance-only teams hold their cases as a team: no named worker, as Liquidlogic
            # writes an involvement whose worker is -1.
            "invo_professional_id": np.where(
                teams.frame["finance_only"].to_numpy()[seg.team] == "Y",
                "",
                ids("professional", worker),
            ),
            "invo_professional_role_id": np.full(n, "CW"),
            "invo_professional_team": teams.team_ids[seg.team],
            "invo_person_id": person_ids[seg.episode],
            "invo_involvement_start_date": seg.start,
            "invo_involvement_end_date": ends,
            "invo_worker_change_reason": reason,
            "invo_referral_id": referral_ids[seg.episode],
        },
    )
    return table[begun].reset_index(drop=True)
