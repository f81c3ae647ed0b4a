"""The special-cause rules of an XmR chart, each a small function over one segment's points.

Each rule takes the segment's values (None where a month has no figure) and returns, per point,
+1 (the point is part of a signal above the mean, or of a rising trend), -1 (below, or falling)
or 0. A missing value breaks a run, a trend and a two-of-three window. `apply_rules` applies them
in the one fixed order of RULES and marks each point with the first rule that found it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from qaf.config import SignalSettings

Rule = Literal["beyond_limit", "run", "trend", "two_of_three"]
Values = Sequence[float | None]


@dataclass(frozen=True)
class Limits:
    """One segment's centre line and limits."""

    mean: float
    mean_moving_range: float
    # Mean +/- LIMIT_FACTOR x mean moving range (three sigma).
    lower: float
    upper: float
    # Mean +/- two sigma, where sigma = LIMIT_FACTOR / 3 x mean moving range.
    lower_two_sigma: float
    upper_two_sigma: float


def _side(value: float, mean: float) -> int:
    return (value > mean) - (value < mean)


def _mark_runs(steps: list[int], length: int) -> list[int]:
    """Every point in a stretch of at least `length` equal non-zero steps gets that step."""
    marks = [0] * len(steps)
    start = 0
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start]:
            if steps[start] != 0 and i - start >= length:
                marks[start:i] = [steps[start]] * (i - start)
            start = i
    return marks


def beyond_limit(values: Values, limits: Limits, settings: SignalSettings) -> list[int]:
    """A point above the upper process limit or below the lower one."""
    return [0 if v is None else (v > limits.upper) - (v < limits.lower) for v in values]


def run(values: Values, limits: Limits, settings: SignalSettings) -> list[int]:
    """`run_points` or more points in a row on one side of the mean; a point on the mean, or a
    missing one, ends the run."""
    sides = [0 if v is None else _side(v, limits.mean) for v in values]
    return _mark_runs(sides, settings.run_points)


def trend(values: Values, limits: Limits, settings: SignalSettings) -> list[int]:
    """`trend_points` or more points in a row, each higher (or each lower) than the one before.
    The first point of a trend has no step of its own: it takes the step that follows it."""
    marks = [0] * len(values)
    steps = [0] * len(values)
    for i in range(1, len(values)):
        before, now = values[i - 1], values[i]
        if before is not None and now is not None:
            steps[i] = _side(now, before)
    # A trend of n points is n - 1 equal steps; the point before the first step belongs too.
    stepped = _mark_runs(steps, settings.trend_points - 1)
    for i, step in enumerate(stepped):
        if step:
            marks[i] = step
            if i > 0 and not stepped[i - 1]:
                marks[i - 1] = step
    return marks


def two_of_three(values: Values, limits: Limits, settings: SignalSettings) -> list[int]:
    """Two of three points in a row beyond two sigma on the same side of the mean; the points
    beyond two sigma are marked (the third may lie anywhere)."""
    counts_beyond = settings.two_sigma_counts_beyond_limit

    def near(v: float | None) -> int:
        if v is None:
            return 0
        if not counts_beyond and (v > limits.upper or v < limits.lower):
            return 0
        return (v > limits.upper_two_sigma) - (v < limits.lower_two_sigma)

    sides = [near(v) for v in values]
    marks = [0] * len(values)
    for start in range(len(values) - 2):
        if any(values[i] is None for i in range(start, start + 3)):
            continue
        window = sides[start : start + 3]
        for side in (1, -1):
            if window.count(side) >= 2:
                for i in range(start, start + 3):
                    if sides[i] == side:
                        marks[i] = side
    return marks


RuleFn = Callable[[Values, Limits, SignalSettings], list[int]]
# The fixed order (NHS England, Making Data Count): a point that more than one rule finds is
# marked with the first.
RULES: tuple[tuple[Rule, RuleFn], ...] = (
    ("beyond_limit", beyond_limit),
    ("run", run),
    ("trend", trend),
    ("two_of_three", two_of_three),
)


def apply_rules(
    values: Values, limits: Limits, settings: SignalSettings
) -> list[tuple[Rule | None, int]]:
    """Per point, the first rule in RULES that found it and its direction, or (None, 0)."""
    found: list[tuple[Rule | None, int]] = [(None, 0)] * len(values)
    for name, rule in RULES:
        for i, direction in enumerate(rule(values, limits, settings)):
            if direction and found[i][0] is None:
                found[i] = (name, direction)
    return found
