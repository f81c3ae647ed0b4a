"""Statutory visits (about six-weekly, some late) and looked-after reviews (20 days, 3 months, then
six-monthly: Care Planning Regulations 2010, regs 28 and 33)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.cla import Periods
from qaf.synth.dates import NEVER, Days, add_business_days, add_months, to_weekday
from qaf.synth.profile import Profile

VISIT_ON_TIME = (14, 42)  # days between visits when on time
VISIT_LATE = (43, 100)  # when late (tuned: seed table 15, 80.9% to 89.5% visited in 6 weeks)
FIRST_VISIT = (1, 7)  # within a week of placement (reg 28(2))
P_SEEN = 0.97
# Care Planning Regulations 2010 reg 33: first review within 20 working days of becoming looked
# after, the second within 3 months of it, then at most every 6 months.
FIRST_REVIEW_WD = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
# Reg 32(2): a significant change to the care plan is considered at a review first; a change of
# placement or legal status brings the next review forward to within ~20 working days of it, and
# the timetable restarts from that review (reg 33(2)).
REVIEW_AFTER_CHANGE = (5, 29)  # calendar days from the change to the review
# Reg 33(3)(a): the IRO may ask for an earlier review; after this share of reviews the next is in
# IRO_EARLY_MONTHS (tuned with the above to the seed's 169 IRU review monitoring forms in
# September 2016, one form per review).
P_IRO_EARLY_REVIEW = 0.15
IRO_EARLY_MONTHS = 2
KEY_SPAN = np.int64(1 << 32)  # period * KEY_SPAN + day sorts moves by period, then date
P_REVIEW_LATE = 0.08
# Only the last part of a long period's history is written: the window plus this many days.
HISTORY_DAYS = 120


def _late_share(p: Profile, days: np.ndarray) -> np.ndarray:
    dt = days.astype("datetime64[D]")
    year = dt.astype("datetime64[Y]").astype(np.int64) + 1970
    month = (dt.astype("datetime64[M]").astype(np.int64) % 12) + 1
    fy = np.where(month >= 4, year, year - 1)
    rates = np.array([p.fy_rate(p.p_visit_late, int(y), 4) for y in range(2000, 2031)])
    return np.asarray(rates[np.clip(fy - 2000, 0, 30)])


def visits(
    rng: np.random.Generator, p: Profile, pr: Periods, window_start: int, end: int
) -> pd.DataFrame:
    n = len(pr.entry)
    stop = np.minimum(pr.exit, end + 1)
    first = pr.entry + rng.integers(*FIRST_VISIT, n)
    # Long periods start their written history shortly before the window, mid-cycle.
    begin = window_start - HISTORY_DAYS
    cur = np.where(first < begin, begin + rng.integers(0, VISIT_ON_TIME[1], n), first)
    cur = to_weekday(cur)
    out_p, out_d = [], []
    alive = cur < stop
    while alive.any():
        idx = np.flatnonzero(alive)
        out_p.append(idx)
        out_d.append(cur[idx])
        late = rng.random(n) < _late_share(p, cur)
        gap = np.where(late, rng.integers(*VISIT_LATE, n), rng.integers(*VISIT_ON_TIME, n))
        cur = to_weekday(cur + gap)
        alive &= cur < stop
    period = np.concatenate(out_p) if out_p else np.zeros(0, dtype=np.int64)
    date = np.concatenate(out_d) if out_d else np.zeros(0, dtype=np.int64)
    order = np.lexsort((date, period))
    return pd.DataFrame(
        {"period": period[order], "date": date[order], "seen": rng.random(len(date)) < P_SEEN}
    )


def _next_after(
    key: npt.NDArray[np.int64], value: Days, period: npt.NDArray[np.int64], after: Days
) -> Days:
    """For each period, the first value whose key (period, move date) falls after `after`."""
    if len(key) == 0:
        return np.full(len(after), NEVER, dtype=np.int64)
    j = np.searchsorted(key, period * KEY_SPAN + after, side="right")
    jj = np.minimum(j, len(key) - 1)
    found = (j < len(key)) & (key[jj] // KEY_SPAN == period)
    return np.where(found, value[jj], NEVER)


def reviews(
    rng: np.random.Generator, pr: Periods, window_start: int, end: int, changes: pd.DataFrame
) -> pd.DataFrame:
    """Looked-after reviews on the regulations' timetable (20 working days, 3 months, then every 6
    months), brought forward by changes of placement or legal status (`changes`: period and date
    of each placement and legal status after a period's first) or at the IRO's request. The due
    date written is the timetable's."""
    n = len(pr.entry)
    period = np.arange(n, dtype=np.int64)
    stop = np.minimum(pr.exit, end + 1)
    mv_period = changes["period"].to_numpy(dtype=np.int64)
    mv_date = changes["date"].to_numpy(dtype=np.int64)
    mv_review = to_weekday(mv_date + rng.integers(*REVIEW_AFTER_CHANGE, len(mv_date)))
    order = np.lexsort((mv_date, mv_period))
    key, mv_review = mv_period[order] * KEY_SPAN + mv_date[order], mv_review[order]

    due = add_business_days(pr.entry, np.full(n, FIRST_REVIEW_WD, dtype=np.int64))
    last = pr.entry.copy()
    k = 0
    out_p, out_due, out_held = [], [], []
    alive = np.ones(n, dtype=bool)
    while True:
        moved = _next_after(key, mv_review, period, last)
        alive &= (due < stop) | (moved < stop)
        if not alive.any():
            break
        late = rng.random(n) < P_REVIEW_LATE
        held = to_weekday(np.where(late, due + rng.integers(1, 40, n), due - rng.integers(0, 8, n)))
        held = np.maximum(np.minimum(held, moved), pr.entry + 1)
        ok = alive & (held < pr.exit) & (held <= end) & (due >= window_start - HISTORY_DAYS)
        idx = np.flatnonzero(ok)
        out_p.append(idx)
        out_due.append(due[idx])
        out_held.append(held[idx])
        k += 1
        iro = rng.random(n) < P_IRO_EARLY_REVIEW
        due = add_months(
            held,
            np.where(
                iro, IRO_EARLY_MONTHS, SECOND_REVIEW_MONTHS if k == 1 else LATER_REVIEW_MONTHS
            ),
        )
        last = np.where(alive, held, last)
    rows = np.concatenate(out_p)
    order = np.lexsort((np.concatenate(out_due), rows))
    return pd.DataFrame(
        {
            "period": rows[order],
            "due": np.concatenate(out_due)[order],
            "held": np.concatenate(out_held)[order],
        }
    )
