"""An XmR chart read with the indicator's polarity: the variation of a point, and the assurance
that the process will meet a target."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Literal

from qaf.signals.rules import Limits
from qaf.signals.spc import SpcPoint

# As qaf.indicators.registry.Polarity: "up" = higher is better, "down" = lower is better.
Polarity = Literal["up", "down", "neutral"]
POLARITY_SIGN = {"up": 1, "down": -1, "neutral": 0}


class Variation(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    # Special cause on an indicator that is neither better high nor low.
    NEITHER_HIGH = "special_cause_neither_high"
    NEITHER_LOW = "special_cause_neither_low"


class Assurance(StrEnum):
    CONSISTENTLY_PASSING = "consistently_passing"
    CONSISTENTLY_FAILING = "consistently_failing"
    HIT_AND_MISS = "hit_and_miss"
    # No target, no limits, or no good side to read a target by (neutral polarity).
    NONE = "none"


def variation(point: SpcPoint, polarity: Polarity) -> Variation:
    """The point's variation: which way its signal points, read with the polarity."""
    if point.rule is None or point.direction == 0:
        return Variation.COMMON_CAUSE
    sign = POLARITY_SIGN[polarity]
    if sign == 0:
        return Variation.NEITHER_HIGH if point.direction > 0 else Variation.NEITHER_LOW
    return Variation.IMPROVEMENT if point.direction * sign > 0 else Variation.CONCERN


def assurance(limits: Limits | None, target: float | None, polarity: Polarity) -> Assurance:
    """Whether the process, as its limits describe it, will meet the target: a target beyond
    the limits on the good side is met every month; beyond them on the bad side, never; a
    target between the limits (or on one) is met in some months and missed in others."""
    sign = POLARITY_SIGN[polarity]
    if limits is None or target is None or math.isnan(target) or sign == 0:
        return Assurance.NONE
    if target < limits.lower:
        return Assurance.CONSISTENTLY_PASSING if sign > 0 else Assurance.CONSISTENTLY_FAILING
    if target > limits.upper:
        return Assurance.CONSISTENTLY_FAILING if sign > 0 else Assurance.CONSISTENTLY_PASSING
    return Assurance.HIT_AND_MISS
