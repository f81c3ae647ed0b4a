"""One referral's path through the service: assessment, section 47 enquiry, conference, plan,
care, and when its children-in-need episode closes. Vectorised over a month of referrals."""

from __future__ import annotations

import numpy as np

from qaf.synth.children import Children
from qaf.synth.cla_periods import ADOPTION, HOME, SGO, draw_exits
from qaf.synth.dates import (
    MONTH,
    NA,
    YEAR,
    Days,
    add_business_days,
    add_months,
    day,
    to_weekday,
)
from qaf.synth.draws import pick
from qaf.synth.profile import Profile

# Episode kinds: which service holds the case after the front door.
CIN, DCS, PF, FOC = 0, 1, 2, 3

# Source of contacts and referrals (DfE CIN census 2016, England: police 27%, schools 17%,
# health 14%, LA services 14%, individuals 9%).
SOURCES = (
    ("6", 0.26),
    ("2A", 0.17),
    ("2B", 0.03),
    ("3A", 0.03),
    ("3B", 0.04),
    ("3D", 0.02),
    ("3E", 0.02),
    ("3F", 0.04),
    ("5A", 0.06),
    ("5B", 0.03),
    ("5C", 0.02),
    ("5D", 0.01),
    ("1A", 0.06),
    ("1B", 0.01),
    ("1C", 0.02),
    ("1D", 0.01),
    ("4", 0.03),
    ("7", 0.02),
    ("8", 0.06),
    ("9", 0.04),
    ("10", 0.02),
)
NEEDS = (
    ("N1", 0.45),
    ("N4", 0.15),
    ("N5", 0.12),
    ("N3", 0.08),
    ("N6", 0.06),
    ("N8", 0.05),
    ("N7", 0.02),
    ("N0", 0.04),
    ("N9", 0.03),
)
# CIN census 2016 initial category: neglect 46%, emotional 35%, physical 9%, sexual 5%, multiple 5%.
CATEGORIES = (("NEG", 0.46), ("EMO", 0.35), ("PHY", 0.09), ("SAB", 0.05), ("MUL", 0.05))
# Assessment length in working days: lognormal, ~15% beyond the 45-day standard (DfE 2016: 83%
# within 45 working days).
ASSESSMENT_MEDIAN_WD = 27
ASSESSMENT_SIGMA = 0.5
P_ICPC_WITHIN_15WD = 0.78  # DfE 2016: 77% of ICPCs within 15 working days
P_STEP_DOWN_AFTER_PLAN = 0.6
P_FOC_AFTER_SGO = 0.5  # SGO allowances keep a finance-only case open
FOC_MEAN_DAYS = 4 * YEAR
SHORT_PLAN_MIN_DAYS = 14  # not before the first core group (10 working days, Working Together 2015)
SHORT_PLAN_MAX_DAYS = 88  # exclusive; 3 calendar months are 89-92 days
WEEKEND_ROLL = 3  # to_weekday moves a Saturday end 2 days; 3 keeps a short plan short
PLAN_LENGTH_SIGMA = 0.55  # tuned with plan_median_months to seed tables 11 and 13


def lognormal_days(rng: np.random.Generator, n: int, median_days: float, sigma: float) -> Days:
    return np.exp(rng.normal(np.log(median_days), sigma, n)).astype(np.int64)


def front_door(
    rng: np.random.Generator, p: Profile, ref: Days, fy_year: int, month: int
) -> dict[str, np.ndarray]:
    """Everything decided at the front door and in child protection, before knowing the child."""
    n = len(ref)
    sa = rng.random(n) < p.p_single_assessment
    u = rng.random(n)
    # Referrals without an assessment: no further action, private fostering, or straight to the
    # disabled children's service (seed table 5 commentary).
    ref_nfa = ~sa & (u < 0.5)
    kind = np.full(n, CIN, dtype=np.int8)
    kind[~sa & (u >= 0.5) & (u < 0.75)] = PF
    kind[(~sa & (u >= 0.75)) | (sa & (rng.random(n) < p.p_disabled_referral))] = DCS
    sa_start = np.where(sa, add_business_days(ref, rng.integers(0, 4, n)), NA)
    dur = np.maximum(lognormal_days(rng, n, ASSESSMENT_MEDIAN_WD, ASSESSMENT_SIGMA), 3)
    sa_auth = np.where(sa, add_business_days(np.where(sa, sa_start, ref), dur), NA)

    s47 = sa & (rng.random(n) < p.p_s47 * np.where(kind == DCS, 0.4, 1.0))
    s47_start = np.where(
        s47, add_business_days(np.where(s47, sa_start, ref), rng.integers(0, 5, n)), NA
    )
    icpc = s47 & (rng.random(n) < p.fy_rate(p.p_icpc_given_s47, fy_year, month))
    late = rng.random(n) >= P_ICPC_WITHIN_15WD
    wd = np.where(late, rng.integers(16, 31, n), rng.integers(6, 16, n))
    icpc_date = np.where(icpc, add_business_days(np.where(icpc, s47_start, ref), wd), NA)
    s47_len = add_business_days(np.where(s47, s47_start, ref), rng.integers(5, 21, n))
    s47_end = np.where(s47, np.where(icpc, np.minimum(s47_len, icpc_date), s47_len), NA)
    u2 = rng.random(n)
    flag = np.where(u2 < p.p_plan_given_icpc, "Y", np.where(u2 > 1 - p.p_icpc_no_outcome, "", "N"))
    flag = np.where(icpc, flag, "")
    plan = icpc & (flag == "Y")
    share_icpc = p.p_s47 * p.fy_rate(p.p_icpc_given_s47, fy_year, month)
    sa_nfa = sa & ~icpc & (rng.random(n) < p.p_assessment_nfa / (1 - share_icpc))
    continuing = sa & ~sa_nfa & ~plan
    cla_direct = (
        continuing & (kind != PF) & (rng.random(n) < p.fy_rate(p.p_cla_direct, fy_year, month))
    )
    cla_from_plan = plan & (rng.random(n) < p.p_cla_from_plan)
    need = pick(rng, n, NEEDS)
    need = np.where(kind == DCS, "N2", need)
    need = np.where((plan | cla_direct) & (rng.random(n) < 0.85), "N1", need)
    cat = pick(rng, n, CATEGORIES)
    latest = np.where(rng.random(n) < 0.9, cat, pick(rng, n, CATEGORIES))
    return {
        "ref": ref,
        "source": pick(rng, n, SOURCES),
        "need": need,
        "kind": kind,
        "ref_nfa": ref_nfa,
        "sa": sa,
        "sa_start": sa_start,
        "sa_auth": sa_auth,
        "sa_nfa": sa_nfa,
        "s47": s47,
        "s47_start": s47_start,
        "s47_end": s47_end,
        "icpc": icpc,
        "icpc_date": icpc_date,
        "icpc_flag": flag,
        "plan": plan,
        "cat_init": np.where(plan, cat, ""),
        "cat_latest": np.where(plan, latest, ""),
        "cla_direct": cla_direct,
        "cla_from_plan": cla_from_plan,
    }


def plan_ends(rng: np.random.Generator, p: Profile, start: Days) -> Days:
    """A plan's end: a share end within 3 calendar months of starting (end < start + 3 months, the
    seed table 12 rule), the rest last 3 months plus a lognormal time; then the 2016 review."""
    n = len(start)
    three = add_months(start, 3)
    short = rng.random(n) < p.p_plan_under_3m
    # Short plans end before the 3 months are up even after a weekend end rolls on to Monday.
    short_len = np.minimum(
        rng.integers(SHORT_PLAN_MIN_DAYS, SHORT_PLAN_MAX_DAYS, n), three - start - WEEKEND_ROLL
    )
    long_ = (
        three
        - start
        + lognormal_days(rng, n, (p.plan_median_months - 3) * MONTH, PLAN_LENGTH_SIGMA)
    )
    end = start + np.where(short, short_len, long_)
    # The seed's 2016 review of plans ended a share of long-running ones early.
    lo, hi = day(p.plan_review_start), day(p.plan_review_end)
    hit = (start < lo - 90) & (end > lo) & (rng.random(n) < p.plan_review_share)
    early = lo + rng.integers(0, hi - lo, n)
    end = np.where(hit & (early < end) & (early >= three), early, end)
    return to_weekday(end)


def finish(
    rng: np.random.Generator,
    p: Profile,
    ep: dict[str, np.ndarray],
    children: Children,
    cla_entry: Days,
    exits: dict[str, np.ndarray] | None = None,
    exits_rng: np.random.Generator | None = None,
) -> dict[str, np.ndarray]:
    """Dates that need the child: plan ends, care, step-down, closure; adds the period of care."""
    n = len(ep["ref"])
    person = ep["person"]
    dob = children.dob[person]
    eighteen = dob + np.int64(round(18 * YEAR))
    plan = ep["plan"]
    plan_end = np.where(
        plan,
        np.minimum(
            plan_ends(rng, p, np.where(plan, ep["icpc_date"], 0)),
            np.maximum(eighteen, ep["icpc_date"] + 1),
        ),
        NA,
    )
    cla_entry = np.where(ep["cla_from_plan"], plan_end, cla_entry)
    cla_entry = np.where(cla_entry >= eighteen - 30, NA, cla_entry)
    has_cla = cla_entry != NA
    if exits is None:
        exits = draw_exits(exits_rng or rng, np.where(has_cla, cla_entry, ep["ref"]), dob)
    kind = ep["kind"].copy()
    main_start = np.where(ep["sa"], ep["sa_auth"], ep["ref"] + rng.integers(0, 8, n))
    median = np.where(kind == DCS, p.dcs_median_months, p.cin_median_months) * 30.4
    median = np.where(kind == PF, 8 * 30.4, median)
    main_end = main_start + np.exp(rng.normal(np.log(median), 0.8)).astype(np.int64)
    foc_start = np.full(n, NA, dtype=np.int64)
    close = main_end.copy()
    reason = np.full(n, "RC7", dtype="<U3")
    # Closed after assessment or at referral.
    nfa = ep["sa_nfa"] | ep["ref_nfa"]
    close = np.where(ep["sa_nfa"], ep["sa_auth"] + rng.integers(0, 10, n), close)
    close = np.where(ep["ref_nfa"], ep["ref"] + rng.integers(0, 5, n), close)
    reason = np.where(nfa, np.where(rng.random(n) < 0.8, "RC8", "RC9"), reason)
    # Plans without care: stepped down to a CIN plan for a few months, or closed.
    step = plan & ~has_cla & (rng.random(n) < P_STEP_DOWN_AFTER_PLAN)
    after_plan = np.where(step, np.exp(rng.normal(np.log(90), 0.6, n)).astype(np.int64), 0)
    close = np.where(plan & ~has_cla, plan_end + after_plan, close)
    # Care: the episode stays open while looked after.
    route = exits["route"]
    cla_exit = exits["exit"]
    after_care = np.where(route == HOME, rng.integers(0, 120, n), 0)
    close = np.where(has_cla, cla_exit + after_care, close)
    reason = np.where(
        has_cla & (route == ADOPTION), "RC1", np.where(has_cla & (route == SGO), "RC4", reason)
    )
    # Finance-only: SGO allowances, and a few CIN cases stepped down to a funded package.
    to_foc = (has_cla & (route == SGO) & (rng.random(n) < P_FOC_AFTER_SGO)) | (
        ~has_cla & ~plan & ~nfa & (kind == CIN) & (rng.random(n) < p.p_finance_only_step_down)
    )
    foc_start = np.where(to_foc, close, NA)
    close = np.where(to_foc, close + rng.exponential(FOC_MEAN_DAYS, n).astype(np.int64), close)
    reason = np.where(to_foc, "RC7", reason)
    # Nothing outlasts childhood, and nothing closes before its last event.
    last = np.maximum.reduce(
        [
            ep["ref"],
            ep["sa_auth"],
            ep["s47_end"],
            ep["icpc_date"],
            plan_end,
            np.where(has_cla, cla_exit, NA),
        ]
    )
    close = np.maximum(np.minimum(close, eighteen), last)
    foc_start = np.where(foc_start >= close, NA, foc_start)
    reason = np.where(
        (close == eighteen) & ~has_cla & (reason == "RC7") & (rng.random(n) < 0.3), "RC6", reason
    )
    close = to_weekday(close)
    out = dict(ep)
    out.update(
        {
            "plan_end": plan_end,
            "cla_entry": cla_entry,
            "main_start": main_start,
            "foc_start": foc_start,
            "close": close,
            "close_reason": reason,
            "kind": kind,
            "cla_exit": np.where(has_cla, cla_exit, NA),
            "cla_route": route,
            "cla_reason": exits["reason"],
        }
    )
    for key in ("adm", "po", "matched", "placed", "reversed", "sibling"):
        out["cla_" + key] = np.where(has_cla, exits[key], NA) if key != "sibling" else exits[key]
    return out
