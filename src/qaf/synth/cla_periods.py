"""How each period of care ends: returned home, adopted, special guardianship, or staying until 18,
with the adoption milestones (decision, placement order, match, placement) on the way.

Shares by age on entry are tuned so that of children leaving care ~15% are adopted and ~11% leave
on an SGO (seed table 24: 14.8% and 11.5%), and the timings give the seed's scorecard (A1 476 days
from entering care to placement, A2 171 days from placement order to match)."""

from __future__ import annotations

from datetime import date

import numpy as np

from qaf.synth.dates import NA, YEAR, Days, day, to_weekday
from qaf.synth.draws import pick

HOME, ADOPTION, SGO, LONG_TERM = 0, 1, 2, 3
# Route shares by age on entry: (upper age, home, adoption, sgo, long term).
ROUTES_BY_AGE = (
    (5.0, 0.24, 0.51, 0.17, 0.08),
    (10.0, 0.64, 0.06, 0.16, 0.14),
    (16.0, 0.60, 0.0, 0.06, 0.34),
    (99.0, 0.50, 0.0, 0.0, 0.50),
)
HOME_MEAN_DAYS = 210.0
# Adoption milestones: gamma(shape 3) gaps in days, means tuned to the seed's scorecard.
ADM_AFTER_ENTRY = 190.0
PO_AFTER_ADM = 95.0
MATCH_AFTER_PO = 140.0
MATCH_AFTER_PO_OLDER = 240.0
OLDER_CHILD_YEARS = 3.0  # aged 3+ on entry: 5 or over by the time they are adopted
ORDER_AFTER_PLACED = (120, 330)
# Seed table 24: 68 decisions in Apr-Sep 2016 against 25 children placed, more than twice the
# pace of placements; modelled as a review of children in long-term care in 2016 (the seed's
# permanency oversight panels), tuned to the 68 decisions and 58 placement orders.
PERMANENCE_REVIEW = (date(2016, 1, 1), date(2016, 9, 30))
REVIEW_MIN_DAYS_IN_CARE = 90
REVIEW_MAX_AGE = 9.0
# Tuned with seeds 1-8 to the seed's 68 decisions and 22 SGO exits in Apr-Sep 2016 (means 69, 23).
P_REVIEW_DECISION = 0.7
P_REVIEW_SGO = 0.35
# Children decided on at the review are older and already on care orders: the placement order
# takes longer to reach court and they wait longest for adopters (seed table 24 commentary: "the
# children who wait are those who are older"). Tuned to seed table 24's 68 decisions, 58 orders
# and 30 matches (means of seeds 1-4: 69, 58, 31).
REVIEW_PO_AFTER_ADM = 130.0
REVIEW_MATCH_AFTER_PO = 400.0
P_DECISION_REVERSED = 0.09  # seed table 24: 6 rescinded of 68 decisions
SGO_MEAN_DAYS = 400.0
P_SIBLING_GROUP = 0.55  # seed table 24: 60% of adopted children in sibling groups
# Reasons a period ends, by route (SSDA903 codes).
HOME_REASONS = (("E4A", 0.78), ("E13", 0.08), ("E41", 0.06), ("E3", 0.04), ("E8", 0.04))
ADOPTED_REASONS = (("E11", 0.7), ("E12", 0.3))
# Special guardianship in the current SSDA903 codes: to former foster carers who are relatives or
# friends (E45) or not (E46), to other carers who are relatives or friends (E47) or not (E48).
SGO_REASONS = (("E45", 0.35), ("E46", 0.25), ("E47", 0.3), ("E48", 0.1))
# E5/E6: independent living with or without formal support; E17: staying put with the carers.
AT_18_REASONS = (("E5", 0.35), ("E6", 0.15), ("E17", 0.2), ("E4A", 0.15), ("E8", 0.15))


def draw_exits(rng: np.random.Generator, entry: Days, dob: Days) -> dict[str, np.ndarray]:
    """Route, exit date, reason and adoption milestones for periods starting at `entry`."""
    n = len(entry)
    age = (entry - dob) / YEAR
    route = np.full(n, LONG_TERM, dtype=np.int8)
    u = rng.random(n)
    lower = -1.0
    for upper, home, adopt, sgo, _ in ROUTES_BY_AGE:
        band = (age >= lower) & (age < upper)
        route[band & (u < home)] = HOME
        route[band & (u >= home) & (u < home + adopt)] = ADOPTION
        route[band & (u >= home + adopt) & (u < home + adopt + sgo)] = SGO
        lower = upper
    eighteen = dob + np.int64(round(18 * YEAR))
    exit_ = eighteen.copy()
    reason = pick(rng, n, AT_18_REASONS)

    # Every draw below is one per period whatever its route, so the stream moves on by the same
    # amount whichever routes come out and a change to one route leaves the others' draws alone.
    home = route == HOME
    home_days = rng.exponential(HOME_MEAN_DAYS, n).astype(np.int64)
    home_reason = pick(rng, n, HOME_REASONS)
    exit_[home] = entry[home] + 3 + home_days[home]
    reason[home] = home_reason[home]

    sgo = route == SGO
    sgo_days = rng.gamma(3.0, (SGO_MEAN_DAYS - 120) / 3, n).astype(np.int64)
    sgo_reason = pick(rng, n, SGO_REASONS)
    exit_[sgo] = entry[sgo] + 120 + sgo_days[sgo]
    reason[sgo] = sgo_reason[sgo]

    # The 2016 permanence review: children under REVIEW_MAX_AGE in long-term care get a decision
    # that they should be placed for adoption during the review; so do a few heading for an SGO
    # (most of those are with kinship carers whose order is under way, so it goes ahead).
    review_lo, review_hi = day(PERMANENCE_REVIEW[0]), day(PERMANENCE_REVIEW[1])
    review_at = np.maximum(review_lo, entry + REVIEW_MIN_DAYS_IN_CARE) + rng.integers(
        0, review_hi - review_lo, n
    )
    reviewed = (
        ((route == LONG_TERM) | (route == SGO))
        & (review_at < review_hi)
        & (exit_ > review_at)
        & ((review_at - dob) / YEAR < REVIEW_MAX_AGE)
        & (rng.random(n) < np.where(route == SGO, P_REVIEW_SGO, P_REVIEW_DECISION))
    )
    route[reviewed] = ADOPTION

    adm = np.full(n, NA, dtype=np.int64)
    po, matched, placed, reversed_ = adm.copy(), adm.copy(), adm.copy(), adm.copy()
    a = route == ADOPTION

    def gap(shape: float, mean: float | np.ndarray) -> np.ndarray:
        return rng.gamma(shape, np.broadcast_to(mean, n) / shape).astype(np.int64)

    adm_at = np.where(reviewed, review_at, entry + 14 + gap(5.0, ADM_AFTER_ENTRY - 14))
    po_mean = np.where(reviewed, REVIEW_PO_AFTER_ADM, PO_AFTER_ADM)
    po_gap = 7 + gap(5.0, po_mean - 7)
    # Older children wait longer for a match (seed table 24 commentary).
    match_mean = np.where(age >= OLDER_CHILD_YEARS, MATCH_AFTER_PO_OLDER, MATCH_AFTER_PO)
    match_mean = np.where(reviewed, REVIEW_MATCH_AFTER_PO, match_mean)
    match_gap = 14 + gap(3.0, match_mean - 14)
    placed_gap = rng.integers(7, 36, n)
    order_gap = rng.integers(*ORDER_AFTER_PLACED, n)
    adopted_reason = pick(rng, n, ADOPTED_REASONS)
    adm[a] = to_weekday(adm_at[a])
    po[a] = to_weekday(adm[a] + po_gap[a])
    matched[a] = to_weekday(po[a] + match_gap[a])
    placed[a] = to_weekday(matched[a] + placed_gap[a])
    exit_[a] = placed[a] + order_gap[a]
    reason[a] = adopted_reason[a]
    # A reversed decision: no match; the child stays in long-term care or leaves on an SGO.
    rev = a & (rng.random(n) < P_DECISION_REVERSED)
    reversed_gap = rng.integers(60, 240, n)
    sgo_after = rng.integers(120, 500, n)
    reversed_[rev] = po[rev] + reversed_gap[rev]
    matched[rev] = NA
    placed[rev] = NA
    route[rev] = SGO
    exit_[rev] = reversed_[rev] + sgo_after[rev]
    reason[rev] = sgo_reason[rev]

    # Nobody stays looked after past 18.
    over = exit_ >= eighteen
    exit_[over] = eighteen[over]
    at_18_reason = pick(rng, n, AT_18_REASONS)
    reason[over] = at_18_reason[over]
    route[over & (route != LONG_TERM)] = LONG_TERM
    for col in (adm, po, matched, placed, reversed_):
        col[over & (col >= eighteen)] = NA
    exit_ = np.maximum(exit_, entry + 1)
    return {
        "exit": exit_,
        "reason": reason,
        "route": route,
        "adm": adm,
        "po": po,
        "matched": matched,
        "placed": placed,
        "reversed": reversed_,
        "sibling": rng.random(n) < P_SIBLING_GROUP,
    }
