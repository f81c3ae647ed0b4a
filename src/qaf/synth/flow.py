"""The month-by-month flow of referrals from the burn-in start to the extract date, the stock of
cases already open when it starts, and which child each referral is about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qaf.synth.children import ENTRY_AGE_BANDS, Children, draw_ages, girls_by_age
from qaf.synth.cla_periods import draw_exits
from qaf.synth.dates import (
    NA,
    NEVER,
    YEAR,
    business_days,
    day,
    month_end,
    month_start,
    months,
)
from qaf.synth.pathways import CIN, DCS, FOC, finish, front_door
from qaf.synth.profile import Profile

# Re-referred children are taken from those whose last referral was this many days before the
# month starts, so every one is within 12 months of the new referral.
RE_REFERRAL_LOOKBACK = 330
# Children last referred longer ago are sometimes referred again (not a 12-month re-referral).
P_OLDER_HISTORY = 0.07
# A child with a plan that ended within 2 years is this much likelier to have another
# (seed chart 11: 13.4% of plans within 2 years of 22.9% repeats).
RECENT_PLAN_WEIGHT = 1.6
STOCK_CLA_YEARS = 17  # seed table 21: longest current period of care 16.4 years


@dataclass
class Flow:
    children: Children
    episodes: dict[str, np.ndarray]


def monthly_volume(
    p: Profile, year: int, month: int, per_fy: dict[int, float], by_month: dict[str, int]
) -> float:
    key = f"{year}-{month:02d}"
    if key in by_month:
        return float(by_month[key])
    return p.fy_rate(per_fy, year, month) * p.seasonality[month]


def _choose(
    rng: np.random.Generator,
    pool: npt.NDArray[np.int64],
    k: int,
    weights: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.int64]:
    k = min(k, len(pool))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    p = None if weights is None else weights / weights.sum()
    return np.sort(rng.choice(pool, size=k, replace=False, p=p))


def assign_children(
    rng: np.random.Generator, p: Profile, children: Children, ep: dict[str, np.ndarray], start: int
) -> npt.NDArray[np.int64]:
    """Which child each referral is about: a repeat-plan child, a re-referred child, a child known
    from longer ago, or a new child."""
    n = len(ep["ref"])
    person = np.full(n, -1, dtype=np.int64)
    known = np.arange(children.n, dtype=np.int64)
    free = children.busy_until[: children.n] < start
    age = (start - children.dob[: children.n]) / YEAR
    plan_pool = known[free & (children.last_plan_end[: children.n] != NA) & (age < 16)]
    want = np.flatnonzero(ep["plan"] & (rng.random(n) < p.p_repeat_plan))
    recent = children.last_plan_end[plan_pool] >= start - 730
    chosen = _choose(rng, plan_pool, len(want), np.where(recent, RECENT_PLAN_WEIGHT, 1.0))
    person[want[: len(chosen)]] = rng.permutation(chosen)
    taken = np.zeros(children.n, dtype=bool)
    taken[chosen] = True

    last = children.last_ref[: children.n]
    rr_pool = known[
        free & ~taken & (last != NA) & (last >= start - RE_REFERRAL_LOOKBACK) & (age < 17)
    ]
    want = np.flatnonzero((person < 0) & (rng.random(n) < p.p_re_referral))
    chosen = _choose(rng, rr_pool, len(want))
    person[want[: len(chosen)]] = rng.permutation(chosen)
    taken[chosen] = True

    old_pool = known[free & ~taken & (last != NA) & (last < start - 365) & (age < 16)]
    want = np.flatnonzero((person < 0) & (rng.random(n) < P_OLDER_HISTORY))
    chosen = _choose(rng, old_pool, len(want))
    person[want[: len(chosen)]] = rng.permutation(chosen)

    new = np.flatnonzero(person < 0)
    into_care = ep["cla_direct"][new] | ep["plan"][new]
    person[new[~into_care]] = children.new_for(rng, ep["ref"][new[~into_care]])
    person[new[into_care]] = children.new_for(rng, ep["ref"][new[into_care]], ENTRY_AGE_BANDS)
    return person


def _blank(n: int) -> dict[str, np.ndarray]:
    na = np.full(n, NA, dtype=np.int64)
    no = np.zeros(n, dtype=bool)
    return {
        "ref": na.copy(),
        "source": np.full(n, "10"),
        "need": np.full(n, "N0"),
        "kind": np.full(n, CIN, dtype=np.int8),
        "ref_nfa": no.copy(),
        "sa": no.copy(),
        "sa_start": na.copy(),
        "sa_auth": na.copy(),
        "sa_nfa": no.copy(),
        "s47": no.copy(),
        "s47_start": na.copy(),
        "s47_end": na.copy(),
        "icpc": no.copy(),
        "icpc_date": na.copy(),
        "icpc_flag": np.full(n, ""),
        "plan": no.copy(),
        "cat_init": np.full(n, ""),
        "cat_latest": np.full(n, ""),
        "cla_direct": no.copy(),
        "cla_from_plan": no.copy(),
    }


def stock(
    rng: np.random.Generator,
    exits_rng: np.random.Generator,
    p: Profile,
    children: Children,
    scale: float,
) -> list[dict[str, np.ndarray]]:
    """Cases open when the simulation starts: long-term looked-after children, finance-only
    packages and disabled children's cases, back-dated as far as their histories go."""
    start = day(p.burn_in_start)
    out = []
    # Children in care: draw entries over the past years and keep those still in care.
    want = round(p.cla_stock_at_burn_in * scale)
    cand = want * 8 + 50
    entry = start - rng.integers(1, int(STOCK_CLA_YEARS * YEAR), cand)
    dob = entry - (draw_ages(rng, cand, ENTRY_AGE_BANDS) * YEAR).astype(np.int64)
    exits = draw_exits(exits_rng, entry, dob)
    keep = np.flatnonzero(exits["exit"] > start)[:want]
    ep = _blank(len(keep))
    ep["person"] = children.add(rng, dob[keep], girls_by_age((entry[keep] - dob[keep]) / YEAR))
    ep["ref"] = np.maximum(entry[keep] - rng.integers(0, 60, len(keep)), dob[keep])
    ep["need"] = np.where(rng.random(len(keep)) < 0.8, "N1", "N4")
    ep["source"] = np.where(rng.random(len(keep)) < 0.5, "6", "5A")
    ep["kind"] = np.where(rng.random(len(keep)) < 0.08, DCS, CIN).astype(np.int8)
    kept_exits = {k: v[keep] for k, v in exits.items()}
    out.append(finish(rng, p, ep, children, entry[keep], kept_exits))

    # Finance-only and disabled children's cases open for years.
    for kind, count, mean_years in ((FOC, p.finance_only_stock, 10.0), (DCS, p.dcs_stock, 3.0)):
        n = round(count * scale)
        ages = rng.random(n) * 13
        dob = start - (ages * YEAR).astype(np.int64)
        ep = _blank(n)
        ep["person"] = children.add(rng, dob)
        ep["ref"] = np.maximum(start - (rng.random(n) * 6 * YEAR).astype(np.int64), dob + 30)
        ep["kind"] = np.full(n, kind, dtype=np.int8)
        ep["need"] = np.where(rng.random(n) < 0.7, "N2", "N3")
        ep["source"] = np.full(n, "5A")
        close = start + rng.exponential(mean_years * YEAR, n).astype(np.int64)
        close = np.minimum(close, dob + np.int64(round(18 * YEAR)))
        ep.update(
            {
                "plan_end": np.full(n, NA),
                "cla_entry": np.full(n, NA),
                "main_start": ep["ref"].copy(),
                "foc_start": np.where(kind == FOC, ep["ref"], NA),
                "close": close,
                "close_reason": np.full(n, "RC7"),
                "cla_exit": np.full(n, NA),
                "cla_route": np.zeros(n, dtype=np.int8),
                "cla_reason": np.full(n, ""),
            }
        )
        for key in ("adm", "po", "matched", "placed", "reversed"):
            ep["cla_" + key] = np.full(n, NA)
        ep["cla_sibling"] = np.zeros(n, dtype=bool)
        out.append(ep)
    for ep in out:
        children.busy_until[ep["person"]] = ep["close"]
        children.last_ref[ep["person"]] = ep["ref"]
    return out


def simulate(
    p: Profile,
    rng: np.random.Generator,
    scale: float,
    tick: Callable[[], None] = lambda: None,
    *,
    exits_rng: np.random.Generator,
    assign_rng: np.random.Generator,
) -> Flow:
    """`exits_rng` (how periods of care end) and `assign_rng` (which child a referral is about)
    are streams of their own: their draws vary in number with the care and re-referral rates, and
    on the shared stream that would reshuffle every later month's front door."""
    children = Children(capacity=int(60000 * max(scale, 0.05)))
    parts = stock(rng, exits_rng, p, children, scale)
    end = day(p.end)
    for year, month in months(p.burn_in_start, p.end):
        start, last = month_start(year, month), month_end(year, month)
        volume = monthly_volume(p, year, month, p.referrals_per_month, p.referrals_by_month)
        n = int(rng.poisson(volume * scale))
        ref = np.sort(rng.choice(business_days(start, min(last, end)), size=n))
        ep = front_door(rng, p, ref, year, month)
        ep["person"] = assign_children(assign_rng, p, children, ep, start)
        direct = np.where(
            ep["cla_direct"], np.maximum(ep["sa_start"], ep["ref"]) + rng.integers(0, 60, n), NA
        )
        ep = finish(rng, p, ep, children, direct, exits_rng=exits_rng)
        person = ep["person"]
        children.busy_until[person] = ep["close"]
        children.last_ref[person] = ep["ref"]
        planned = ep["plan"]
        children.last_plan_end[person[planned]] = ep["plan_end"][planned]
        parts.append(ep)
        tick()
    episodes = {k: np.concatenate([part[k] for part in parts]) for k in parts[-1]}
    # An episode still open at the extract date has no close date or reason yet.
    open_ = episodes["close"] > end
    episodes["close_reason"] = np.where(open_, "", episodes["close_reason"])
    children.busy_until[: children.n] = np.where(
        children.busy_until[: children.n] > end, NEVER, children.busy_until[: children.n]
    )
    return Flow(children=children, episodes=episodes)
