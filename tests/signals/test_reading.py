"""Variation read with polarity, and assurance against a target."""

from __future__ import annotations

import pytest

from qaf.signals.reading import Assurance, Variation, assurance, variation
from qaf.signals.rules import Limits
from qaf.signals.spc import SpcPoint

LIMITS = Limits(10, 1, 7.34, 12.66, 8.23, 11.77)


def point(rule, direction):
    return SpcPoint(value=1.0, moving_range=None, rule=rule, direction=direction, segment=0)


@pytest.mark.parametrize(
    ("direction", "polarity", "expected"),
    [
        (1, "up", Variation.IMPROVEMENT),
        (-1, "up", Variation.CONCERN),
        (1, "down", Variation.CONCERN),
        (-1, "down", Variation.IMPROVEMENT),
        (1, "neutral", Variation.NEITHER_HIGH),
        (-1, "neutral", Variation.NEITHER_LOW),
    ],
)
def test_special_cause_read_with_polarity(direction, polarity, expected):
    assert variation(point("run", direction), polarity) is expected


def test_no_rule_is_common_cause():
    assert variation(point(None, 0), "up") is Variation.COMMON_CAUSE


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        (7.0, "up", Assurance.CONSISTENTLY_PASSING),
        (13.0, "up", Assurance.CONSISTENTLY_FAILING),
        (13.0, "down", Assurance.CONSISTENTLY_PASSING),
        (7.0, "down", Assurance.CONSISTENTLY_FAILING),
        (10.0, "up", Assurance.HIT_AND_MISS),
        (12.66, "up", Assurance.HIT_AND_MISS),  # on the limit: not outside it
        (7.0, "neutral", Assurance.NONE),
        (None, "up", Assurance.NONE),
    ],
)
def test_assurance_against_a_target(target, polarity, expected):
    assert assurance(LIMITS, target, polarity) is expected


def test_no_limits_no_assurance():
    assert assurance(None, 5.0, "up") is Assurance.NONE
