"""Statutory visits (about six-weekly, some late) and looked-after reviews (20 days, 3 months, then
six-monthly: Care Planning Regulations 2010, regs 28 and 33)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qaf.synth.cla import Periods
from qaf.synth.dates import to_weekday
from qaf.synth.profile import Profile

VISIT_ON_TIME = (14, 42)  # days between visits when on time
VISIT_LATE = (43, 100)  # when late (tuned: seed table 15, 80.9% to 89.5% visited in 6 weeks)
FIRST_VISIT = (1, 7)  # within a week of placement (reg 28(2))
P_SEEN = 0.97
REVIEW_GAPS = (20, 91, 182)  # first, second, then every subsequent review
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


def visits(rng: np.random.Generator, p: Profile, pr: Periods, window_start: int,
           end: int) -> pd.DataFrame:
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
    return pd.DataFrame({"period": period[order], "date": date[order],
                         "seen": rng.random(len(date)) < P_SEEN})


def reviews(rng: np.random.Generator, pr: Periods, window_start: int, end: int) -> pd.DataFrame:
    n = len(pr.entry)
    due = pr.entry + REVIEW_GAPS[0]
    k = np.zeros(n, dtype=np.int64)
    out_p, out_due, out_held = [], [], []
    alive = due < np.minimum(pr.exit, end + 1)
    while alive.any():
        late = rng.random(n) < P_REVIEW_LATE
        held = to_weekday(np.where(late, due + rng.integers(1, 40, n), due - rng.integers(0, 8, n)))
        held = np.maximum(held, pr.entry + 1)
        ok = alive & (held < pr.exit) & (held <= end) & (due >= window_start - HISTORY_DAYS)
        idx = np.flatnonzero(ok)
        out_p.append(idx)
        out_due.append(due[idx])
        out_held.append(held[idx])
        k += 1
        gap = np.where(k == 1, REVIEW_GAPS[1], REVIEW_GAPS[2])
        due = held + gap
        alive &= due < np.minimum(pr.exit, end + 1)
    period = np.concatenate(out_p)
    order = np.lexsort((np.concatenate(out_due), period))
    return pd.DataFrame({"period": period[order], "due": np.concatenate(out_due)[order],
                         "held": np.concatenate(out_held)[order]})
