"""Children looked after: placements, legal statuses, SSDA903 episodes, permanence, care leavers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.cla_periods import ADOPTION, AT_18_REASONS, LONG_TERM, SGO
from qaf.synth.dates import NA, NEVER, YEAR, Days, to_weekday
from qaf.synth.draws import pick
from qaf.synth.frames import frame, ids, yn
from qaf.synth.providers import Providers
from qaf.warehouse.codes import NOT_LOOKED_AFTER_STATUS, SGO_REASONS

# Placement types by age on starting the placement (DfE SSDA903 2016 shares, rounded).
TYPES_UNDER_10 = (
    ("U6", 0.40),
    ("U4", 0.28),
    ("U3", 0.08),
    ("U1", 0.04),
    ("P1", 0.06),
    ("U5", 0.04),
    ("R3", 0.02),
    ("K2", 0.02),
    ("Z1", 0.01),
    ("U2", 0.01),
)
TYPES_10_15 = (
    ("U6", 0.30),
    ("U4", 0.30),
    ("U3", 0.05),
    ("U1", 0.04),
    ("K2", 0.15),
    ("P1", 0.05),
    ("S1", 0.03),
    ("K1", 0.01),
    ("R1", 0.02),
    ("R5", 0.01),
    ("Z1", 0.01),
    ("T0", 0.01),
)
TYPES_16_PLUS = (
    ("U6", 0.22),
    ("U4", 0.22),
    ("H5", 0.20),
    ("P2", 0.06),
    ("K2", 0.13),
    ("P1", 0.05),
    ("U3", 0.05),
    ("R5", 0.02),
    ("S1", 0.02),
    ("Z1", 0.03),
)
# Share of foster placements with an independent fostering agency (the rest in-house, no URN).
P_AGENCY_FOSTER = 0.35
# Moves per year by age: teenagers move more (seed table 16 commentary: 15-17 year olds).
MOVE_RATE_FACTOR = ((10.0, 0.6), (14.0, 1.0), (99.0, 1.7))
# Seed item 16 commentary: the moves "relate mainly to 15, 16 & 17 year olds" and "the school
# holidays are a time of significant change". Young people 15 or over move this many times as often
# in the summer holidays (about 21 July to 3 September, day of year from 0) as in the rest of the
# year, their year's total unchanged (tuned: seed Sep-16 6.3% against 12.9% for all of 2015-16;
# mean of seeds 1-6 6.2%, outturns 13.1% and 13.2%).
SUMMER_HOLIDAYS = (201, 246)
SUMMER_MOVE_FACTOR = 2.0
SUMMER_MIN_AGE = 15.0
CHANGE_REASONS = (
    "CARPL",
    "CLOSE",
    "ALLEG",
    "STAND",
    "APPRR",
    "CREQB",
    "CREQO",
    "CHILD",
    "LAREQ",
    "PLACE",
    "OTHER",
)
# Long-term matches (tuned to the national ~68% long-term stability): who settles, when, how often
# a settled child still moves, and the placement types (SSDA903 U1/U4 long-term fostering).
P_SETTLE_LONG_TERM = 0.85
P_SETTLE_SGO = 0.5
SETTLE_MEAN_DAYS = 200.0
SETTLED_MOVES_PER_YEAR = 0.05
LONG_TERM_TYPES = (("U4", 0.6), ("U1", 0.2), ("U5", 0.05), ("U2", 0.05), ("K2", 0.1))
# Legal status on entry: share accommodated under section 20 by age on entry (tuned to ~25% V2
# among children looked after, DfE 2016 England 27%; seed chart 22: 27.9% nationally in 2013-14).
S20_BY_AGE = ((5.0, 0.15), (10.0, 0.32), (16.0, 0.52), (99.0, 0.70))
P_EPO_FIRST = 0.08
P_S20_TO_ORDER = 0.12
CARE_ORDER_AFTER = (150, 330)  # days from interim to full care order (26-week target + drift)


@dataclass
class Periods:
    person: npt.NDArray[np.int64]
    episode: npt.NDArray[np.int64]
    entry: Days
    exit: Days  # may be after the extract date
    dob: Days
    route: npt.NDArray[np.int8]
    reason: npt.NDArray[np.str_]
    need: npt.NDArray[np.str_]
    adm: Days
    po: Days
    matched: Days
    placed: Days
    reversed: Days
    sibling: npt.NDArray[np.bool_]


def periods_from(ep: dict[str, np.ndarray], dob: Days, end: int) -> Periods:
    rows = np.flatnonzero((ep["cla_entry"] != NA) & (ep["cla_entry"] <= end))
    return Periods(
        person=ep["person"][rows],
        episode=rows,
        entry=ep["cla_entry"][rows],
        exit=ep["cla_exit"][rows],
        dob=dob[rows],
        route=ep["cla_route"][rows],
        reason=ep["cla_reason"][rows],
        need=ep["need"][rows],
        adm=ep["cla_adm"][rows],
        po=ep["cla_po"][rows],
        matched=ep["cla_matched"][rows],
        placed=ep["cla_placed"][rows],
        reversed=ep["cla_reversed"][rows],
        sibling=ep["cla_sibling"][rows],
    )


def _types(rng: np.random.Generator, age: npt.NDArray[np.float64]) -> npt.NDArray[np.str_]:
    n = len(age)
    return np.where(
        age < 10,
        pick(rng, n, TYPES_UNDER_10),
        np.where(age < 16, pick(rng, n, TYPES_10_15), pick(rng, n, TYPES_16_PLUS)),
    )


def _season(doy: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Relative move rate on a day of the year, averaging 1 over the year."""
    lo, hi = SUMMER_HOLIDAYS
    share = (hi - lo) / YEAR
    base = 1.0 / (1.0 + share * (SUMMER_MOVE_FACTOR - 1.0))
    return np.where((doy >= lo) & (doy < hi), SUMMER_MOVE_FACTOR * base, base)


def placements(
    rng: np.random.Generator, pr: Periods, moves_per_year: float, providers: Providers, end: int
) -> pd.DataFrame:
    """One row per placement: period, start, end (period exit for the last), type, URN."""
    n = len(pr.entry)
    # Children placed for adoption: their last placement starts on the placement date.
    final = np.where(pr.placed != NA, pr.placed, pr.exit)
    # Children staying in care (and some heading for an SGO) are matched with long-term carers
    # some months in, after which they rarely move (DfE: ~68% of children under 16 looked after
    # 2.5 years or more have been in the same placement 2 years or more).
    u = rng.random(n)
    settles = ((pr.route == LONG_TERM) & (u < P_SETTLE_LONG_TERM)) | (
        (pr.route == SGO) & (u < P_SETTLE_SGO)
    )
    settle_at = np.where(
        settles,
        to_weekday(pr.entry + 7 + rng.gamma(2.0, SETTLE_MEAN_DAYS / 2, n).astype(np.int64)),
        NEVER,
    )
    out_p, out_s = [np.arange(n)], [pr.entry.copy()]
    # Moves follow a Poisson process whose rate rises in the summer holidays for young people 15 or
    # over, drawn by thinning: candidates at the peak rate, each kept with probability season /
    # peak. `clock` is how far each period has been simulated, `cur` its current placement's start.
    peak = _season(np.array([SUMMER_HOLIDAYS[0]]))[0]
    cur = pr.entry.copy()
    clock = cur.copy()
    alive = np.ones(n, dtype=bool)
    while alive.any():
        age = (clock - pr.dob) / YEAR
        rate = moves_per_year * np.select(
            [age < lim for lim, _ in MOVE_RATE_FACTOR], [f for _, f in MOVE_RATE_FACTOR]
        )
        settled = clock >= settle_at
        rate = np.where(settled, SETTLED_MOVES_PER_YEAR, rate)
        cand = clock + rng.exponential(YEAR / (rate * peak)).astype(np.int64)
        doy = cand.astype("datetime64[D]") - cand.astype("datetime64[D]").astype("datetime64[Y]")
        season = np.where(age >= SUMMER_MIN_AGE, _season(doy.astype(np.int64)), 1.0)
        moves = rng.random(n) * peak < season
        # A placement lasts a week at least.
        cand = np.where(moves, np.maximum(cand, cur + 7), cand)
        # The long-term placement starts on the day of the match, unless a move comes first.
        to_settle = ~settled & (cand > settle_at)
        cand = np.where(to_settle, settle_at, cand)
        moves |= to_settle
        alive &= cand < final
        clock = np.where(alive, cand, clock)
        moved = alive & moves
        cur = np.where(moved, cand, cur)
        idx = np.flatnonzero(moved)
        out_p.append(idx)
        out_s.append(cur[idx])
    adopted = np.flatnonzero(pr.placed != NA)
    out_p.append(adopted)
    out_s.append(pr.placed[adopted])
    period = np.concatenate(out_p)
    # Moves happen on working days; the first placement starts the day the period does.
    start = np.concatenate([out_s[0], to_weekday(np.concatenate(out_s[1:]))])
    order = np.lexsort((start, period))
    period, start = period[order], start[order]
    # Same-day duplicates after rolling to a weekday collapse into one placement.
    dup = np.r_[False, (period[1:] == period[:-1]) & (start[1:] <= start[:-1])]
    # A move rolled past the end of care, or after the extract date, has not happened.
    first = np.r_[True, period[1:] != period[:-1]]
    keep = ~dup & (first | ((start < pr.exit[period]) & (start <= end)))
    period, start = period[keep], start[keep]
    last = np.r_[period[1:] != period[:-1], True]
    end = np.where(last, pr.exit[period], np.r_[start[1:], 0])
    age = (start - pr.dob[period]) / YEAR
    ptype = _types(rng, age)
    long_term = start >= settle_at[period]
    ptype = np.where(long_term, pick(rng, len(start), LONG_TERM_TYPES), ptype)
    # From the date placed for adoption to the adoption order the child lives with the adopters.
    is_adopt = (pr.placed[period] != NA) & (start >= pr.placed[period])
    ptype = np.where(is_adopt, np.where(rng.random(len(start)) < 0.3, "A5", "A6"), ptype)
    ptype = np.where(~is_adopt & np.char.startswith(ptype, "A"), "U6", ptype)
    urn, provider, postcode = providers.place(rng, ptype, P_AGENCY_FOSTER)
    reason = np.where(
        last, "", np.array(CHANGE_REASONS)[rng.integers(0, len(CHANGE_REASONS), len(start))]
    )
    return pd.DataFrame(
        {
            "period": period,
            "start": start,
            "end": end,
            "type": ptype,
            "urn": urn,
            "provider": provider,
            "postcode": postcode,
            "reason": reason,
        }
    )


def legal_statuses(rng: np.random.Generator, pr: Periods, end: int) -> pd.DataFrame:
    n = len(pr.entry)
    age = (pr.entry - pr.dob) / YEAR
    p_s20 = np.select([age < lim for lim, _ in S20_BY_AGE], [p for _, p in S20_BY_AGE])
    s20 = (rng.random(n) < p_s20) & (pr.route != ADOPTION)
    epo = ~s20 & (rng.random(n) < P_EPO_FIRST)
    order_start = np.where(epo, to_weekday(pr.entry + rng.integers(3, 9, n)), pr.entry)
    conv = s20 & (rng.random(n) < P_S20_TO_ORDER)
    conv_at = to_weekday(pr.entry + rng.integers(60, 300, n))
    full_at = to_weekday(np.where(conv, conv_at, order_start) + rng.integers(*CARE_ORDER_AFTER, n))
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    ix = np.arange(n)
    rows.append((ix[epo], pr.entry[epo], np.full(epo.sum(), "L2")))
    rows.append((ix[s20], pr.entry[s20], np.full(s20.sum(), "V2")))
    court = ~s20 | conv
    c1_at = np.where(conv, conv_at, order_start)
    rows.append((ix[court], c1_at[court], np.full(court.sum(), "C1")))
    c2 = court & (pr.route != ADOPTION)
    rows.append((ix[c2], full_at[c2], np.full(c2.sum(), "C2")))
    po = pr.po != NA
    rows.append((ix[po], pr.po[po], np.full(po.sum(), "E1")))
    period = np.concatenate([r[0] for r in rows])
    start = np.concatenate([r[1] for r in rows])
    code = np.concatenate([r[2] for r in rows])
    keep = (start < pr.exit[period]) & (start <= end)
    df = pd.DataFrame({"period": period[keep], "start": start[keep], "code": code[keep]})
    df = (
        df.sort_values(["period", "start"], kind="stable")
        .drop_duplicates(["period", "start"], keep="last")
        .reset_index(drop=True)
    )
    p = df["period"].to_numpy()
    last = np.r_[p[1:] != p[:-1], True]
    df["end"] = np.where(last, pr.exit[p], np.r_[df["start"].to_numpy()[1:], 0])
    return df


# Reasons a period of care ends with an order the case system keeps in its legal status table
# after care (special guardianship, child arrangements / residence): QAF's NLA, as a real extract
# holds it (the SSD copies every row of that table).
AFTER_CARE_ORDERS = (*SGO_REASONS, "E41")
# Such orders last until the child is 18.
ORDER_UNTIL_AGE = 18


def after_care_statuses(pr: Periods, end: int) -> pd.DataFrame:
    """The order each child left care on, as a legal status from the day care ended to the
    child's 18th birthday: period, start, code (NLA), end. Not part of any SSDA903 episode."""
    rows = np.flatnonzero(np.isin(pr.reason, AFTER_CARE_ORDERS) & (pr.exit <= end))
    dob = pr.dob[rows]
    return pd.DataFrame(
        {
            "period": rows,
            "start": pr.exit[rows],
            "code": np.full(len(rows), NOT_LOOKED_AFTER_STATUS, dtype=object),
            "end": np.where(dob == NA, NA, dob + np.int64(round(ORDER_UNTIL_AGE * YEAR))),
        }
    )


def episodes(pl: pd.DataFrame, lg: pd.DataFrame, pr: Periods) -> pd.DataFrame:
    """SSDA903 episodes: a new one at every change of placement or legal status."""
    ev = (
        pd.concat(
            [
                pd.DataFrame(
                    {"period": pl["period"], "start": pl["start"], "place": True, "legal": False}
                ),
                pd.DataFrame(
                    {"period": lg["period"], "start": lg["start"], "place": False, "legal": True}
                ),
            ]
        )
        .groupby(["period", "start"], sort=True)
        .agg(place=("place", "any"), legal=("legal", "any"))
    )
    ev = ev.reset_index()
    period = ev["period"].to_numpy()
    first = np.r_[True, period[1:] != period[:-1]]
    last = np.r_[period[1:] != period[:-1], True]
    reason = np.where(
        first, "S", np.where(ev["place"] & ev["legal"], "B", np.where(ev["place"], "P", "L"))
    )
    ev["reason"] = reason
    ev["end"] = np.where(last, pr.exit[period], np.r_[ev["start"].to_numpy()[1:], 0])
    ev["last"] = last
    pl_idx = pl.reset_index().rename(columns={"index": "placement"})
    ev = pd.merge_asof(
        ev.sort_values("start"),
        pl_idx[["period", "start", "placement"]].sort_values("start"),
        on="start",
        by="period",
    )
    return ev.sort_values(["period", "start"]).reset_index(drop=True)


def care_leavers(rng: np.random.Generator, pr: Periods, end: int) -> npt.NDArray[np.int64]:
    """Periods whose young person is a care leaver at the extract date: left care at 18 in the
    last three years after 13 weeks in care (the leaving care duties), or 16-17 and in care."""
    at18 = np.isin(pr.reason, [c for c, _ in AT_18_REASONS])
    long_enough = pr.exit - pr.entry >= 91
    left = (
        at18
        & long_enough
        & (pr.exit <= end)
        & (pr.exit > end - 3 * YEAR)
        & (pr.exit - pr.dob >= 17.9 * YEAR)
    )
    in_care = (pr.exit > end) & (end - pr.dob >= 16 * YEAR) & (end - pr.entry >= 91)
    return np.flatnonzero(left | in_care)


def permanence(
    pr: Periods, end: int, person_ids: npt.NDArray[np.str_], period_ids: npt.NDArray[np.str_]
) -> pd.DataFrame:
    rows = np.flatnonzero((pr.adm != NA) | (pr.route == SGO))
    # A row exists once the first milestone (the decision, or the SGO itself) has happened.
    first = np.where(pr.adm[rows] != NA, pr.adm[rows], pr.exit[rows])
    rows = rows[first <= end]

    def cap(d: Days) -> Days:
        return np.where(d > end, NA, d)

    adopted = pr.route[rows] == ADOPTION
    order_date = cap(np.where((pr.route[rows] == SGO) | adopted, pr.exit[rows], NA))
    return frame(
        "ssd_permanence",
        {
            "perm_table_id": ids("permanence", np.arange(len(rows))),
            "perm_person_id": person_ids[rows],
            "perm_cla_id": period_ids[rows],
            "perm_adm_decision_date": cap(pr.adm[rows]),
            "perm_part_of_sibling_group": np.where(pr.adm[rows] != NA, yn(pr.sibling[rows]), ""),
            "perm_placement_order_date": cap(pr.po[rows]),
            "perm_matched_date": cap(pr.matched[rows]),
            "perm_placed_for_adoption_date": cap(pr.placed[rows]),
            "perm_decision_reversed_date": cap(pr.reversed[rows]),
            "perm_permanence_order_date": order_date,
            "perm_permanence_order_type": np.where(
                order_date == NA, "", np.where(adopted, "ADOPTION", "SGO")
            ),
        },
    )
