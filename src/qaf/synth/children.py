"""The children of the synthetic council and what the flow needs to remember about each one."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from qaf.synth.dates import NA, YEAR, Days

# The four areas of the seed's table 25, with the share of children living in each (tuned to the
# seed's open cases per area).
AREAS = ("Exeter", "Mid & East", "North", "South")
AREA_WEIGHTS = np.array([0.23, 0.26, 0.20, 0.31])

# Age at referral in years (DfE CIN census 2016: under 1 ~11%, 1-4 ~21%, 5-9 ~27%, 10-15 ~32%,
# 16+ ~9%).
REFERRAL_AGE_BANDS = ((0, 1, 0.11), (1, 5, 0.21), (5, 10, 0.27), (10, 16, 0.32), (16, 17.6, 0.09))
# Age on entering care (DfE SSDA903 2016: under 1 ~19%, 1-4 ~15%, 5-9 ~19%, 10-15 ~36%, 16+ ~11%).
ENTRY_AGE_BANDS = ((0, 1, 0.17), (1, 5, 0.14), (5, 10, 0.18), (10, 16, 0.39), (16, 17.5, 0.12))

P_GIRL = 0.49
# Of children coming into care or onto a plan, girls by age (upper age, share): boys are the
# majority of younger children in care, girls of teenagers (seed item 20: boys 11.2, girls 11.7).
GIRLS_BY_ENTRY_AGE = ((10.0, 0.42), (99.0, 0.53))


def girls_by_age(ages: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.select(
        [ages < upper for upper, _ in GIRLS_BY_ENTRY_AGE], [p for _, p in GIRLS_BY_ENTRY_AGE]
    )


def draw_ages(
    rng: np.random.Generator, n: int, bands: tuple[tuple[float, float, float], ...]
) -> npt.NDArray[np.float64]:
    lows = np.array([b[0] for b in bands])
    highs = np.array([b[1] for b in bands])
    weights = np.array([b[2] for b in bands])
    which = rng.choice(len(bands), size=n, p=weights / weights.sum())
    return lows[which] + rng.random(n) * (highs[which] - lows[which])


class Children:
    """Growable columns, one row per child; index = the child's number."""

    def __init__(self, capacity: int = 1024) -> None:
        self.n = 0
        self.dob = np.zeros(capacity, dtype=np.int64)
        self.sex = np.zeros(capacity, dtype=np.int8)  # 0 boy, 1 girl
        self.area = np.zeros(capacity, dtype=np.int8)
        # Date the child's current CIN episode closes (NEVER while open): no second episode before.
        self.busy_until = np.zeros(capacity, dtype=np.int64)
        self.last_ref = np.full(capacity, NA, dtype=np.int64)
        self.last_plan_end = np.full(capacity, NA, dtype=np.int64)

    def _grow(self, need: int) -> None:
        cap = len(self.dob)
        if need <= cap:
            return
        new = max(need, cap * 2)
        for name, fill in (
            ("dob", 0),
            ("sex", 0),
            ("area", 0),
            ("busy_until", 0),
            ("last_ref", NA),
            ("last_plan_end", NA),
        ):
            old = getattr(self, name)
            arr = np.full(new, fill, dtype=old.dtype)
            arr[:cap] = old
            setattr(self, name, arr)

    def add(
        self, rng: np.random.Generator, dob: Days, p_girl: float | npt.NDArray[np.float64] = P_GIRL
    ) -> npt.NDArray[np.int64]:
        k = len(dob)
        self._grow(self.n + k)
        idx = np.arange(self.n, self.n + k, dtype=np.int64)
        self.dob[idx] = dob
        self.sex[idx] = (rng.random(k) < p_girl).astype(np.int8)
        self.area[idx] = rng.choice(len(AREAS), size=k, p=AREA_WEIGHTS)
        self.busy_until[idx] = NA
        self.n += k
        return idx

    def new_for(
        self,
        rng: np.random.Generator,
        at: Days,
        bands: tuple[tuple[float, float, float], ...] = REFERRAL_AGE_BANDS,
    ) -> npt.NDArray[np.int64]:
        """New children whose age at the dates `at` follows `bands`."""
        ages = draw_ages(rng, len(at), bands)
        dob = at - np.floor(ages * YEAR).astype(np.int64)
        return self.add(rng, dob, girls_by_age(ages) if bands is ENTRY_AGE_BANDS else P_GIRL)
