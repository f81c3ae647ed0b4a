"""Plan lengths follow the seed's table 12 rule: "under 3 months" means the end is before the start
plus 3 calendar months, so short plans stay short and long ones never fall just under the line."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from qaf.synth import get_profile
from qaf.synth.dates import add_months, day
from qaf.synth.pathways import plan_ends

PROFILE = get_profile("devon-2016")


def _starts() -> np.ndarray:
    # Every day of two years around the 2016 review, weekends and month ends included.
    first = day(PROFILE.plan_review_start) - 500
    return np.repeat(np.arange(first, first + 730, dtype=np.int64), 20)


def test_short_plans_end_within_3_calendar_months() -> None:
    start = _starts()
    end = plan_ends(np.random.default_rng(1), replace(PROFILE, p_plan_under_3m=1.0), start)
    assert (end < add_months(start, 3)).all()
    assert (end > start).all()


def test_other_plans_last_3_calendar_months_or_more() -> None:
    start = _starts()
    end = plan_ends(np.random.default_rng(1), replace(PROFILE, p_plan_under_3m=0.0), start)
    assert (end >= add_months(start, 3)).all()


def test_share_under_3_months_is_the_profile_rate() -> None:
    start = _starts()
    end = plan_ends(np.random.default_rng(2), PROFILE, start)
    share = (end < add_months(start, 3)).mean()
    assert abs(share - PROFILE.p_plan_under_3m) < 0.01
