"""XmR charts in the NHS England "Making Data Count" style: mean, moving ranges, process limits
and the special-cause rules (rules.py), segment by segment when the limits are recalculated."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from qaf.config import SignalSettings
from qaf.errors import QafError
from qaf.signals.rules import Limits, Rule, apply_rules

# Process limits sit at the mean +/- 2.66 x the mean moving range: 3 / d2, where d2 = 1.128 is
# the bias-correction constant for ranges of two consecutive points (Wheeler, "Understanding
# Variation"; NHS England, Making Data Count). So three sigma = 2.66 x mean moving range.
LIMIT_FACTOR = 2.66
# One sigma, estimated from the mean moving range.
SIGMA_FACTOR = LIMIT_FACTOR / 3
# D4 for ranges of two points: a moving range above 3.267 x the mean moving range is itself
# out of control, and is left out of the mean when screening (NHSRplotthedots, screen_outliers).
MOVING_RANGE_LIMIT = 3.267


@dataclass(frozen=True)
class SpcPoint:
    value: float | None
    # |this value - the one before|, None for a segment's first point or beside a gap.
    moving_range: float | None
    # The first rule (in rules.RULES order) that found this point, or None: common cause.
    rule: Rule | None
    # +1 a signal above the mean or a rising trend, -1 below or falling, 0 none.
    direction: int
    segment: int


@dataclass(frozen=True)
class Segment:
    start: int
    # One past the segment's last point.
    end: int
    # None when the segment has fewer than two values: no limits can be drawn.
    limits: Limits | None
    # Fewer values than settings.trial_points: the limits are trial limits.
    trial: bool


@dataclass(frozen=True)
class XmrChart:
    points: tuple[SpcPoint, ...]
    segments: tuple[Segment, ...]

    @property
    def latest(self) -> SpcPoint | None:
        """The last point with a value."""
        return next((p for p in reversed(self.points) if p.value is not None), None)

    @property
    def latest_limits(self) -> Limits | None:
        return self.segments[-1].limits if self.segments else None

    def rows(self) -> list[dict[str, float | int | str | bool | None]]:
        """One plain row per point, with its segment's mean and limits: what a chart or a JSON
        file needs (the report draws the chart; this package draws no charts)."""
        rows: list[dict[str, float | int | str | bool | None]] = []
        for point in self.points:
            segment = self.segments[point.segment]
            limits = segment.limits
            rows.append(
                {
                    "value": point.value,
                    "moving_range": point.moving_range,
                    "segment": point.segment,
                    "trial": segment.trial,
                    "mean": limits.mean if limits else None,
                    "lower": limits.lower if limits else None,
                    "upper": limits.upper if limits else None,
                    "lower_two_sigma": limits.lower_two_sigma if limits else None,
                    "upper_two_sigma": limits.upper_two_sigma if limits else None,
                    "rule": point.rule,
                    "direction": point.direction,
                }
            )
        return rows


def check_settings(settings: SignalSettings) -> None:
    """Refuse settings no chart can be read with, naming the setting and what to write."""
    least = {"run_points": 2, "trend_points": 3, "baseline_points": 0, "trial_points": 0}
    for name, low in least.items():
        value = getattr(settings, name)
        if value < low:
            raise QafError(
                f"Setting signals.{name} = {value} is too small: write a whole number of at "
                f"least {low} (the default is {getattr(SignalSettings(), name)}); "
                "see docs/settings.md."
            )
    for name in ("steady_percentage_points", "steady_pct"):
        if getattr(settings, name) < 0:
            raise QafError(
                f"Setting signals.{name} = {getattr(settings, name)} is negative: write 0 or "
                "more; see docs/settings.md."
            )


def moving_ranges(values: Sequence[float | None]) -> list[float | None]:
    """|x[i] - x[i-1]|; None for the first point and on either side of a missing value."""
    if not values:
        return []
    ranges: list[float | None] = [None]
    for before, now in pairwise(values):
        ranges.append(None if before is None or now is None else abs(now - before))
    return ranges


def limits_of(values: Sequence[float | None], settings: SignalSettings) -> Limits | None:
    """Mean and limits from the first `baseline_points` values (all of them when 0)."""
    if settings.baseline_points > 0:
        values = values[: settings.baseline_points]
    present = [v for v in values if v is not None]
    ranges = [r for r in moving_ranges(values) if r is not None]
    if len(present) < 2 or not ranges:
        return None
    mean = sum(present) / len(present)
    mean_range = sum(ranges) / len(ranges)
    if settings.screen_moving_ranges:
        kept = [r for r in ranges if r < MOVING_RANGE_LIMIT * mean_range]
        if kept:
            mean_range = sum(kept) / len(kept)
    three, two = LIMIT_FACTOR * mean_range, 2 * SIGMA_FACTOR * mean_range
    return Limits(
        mean=mean,
        mean_moving_range=mean_range,
        lower=mean - three,
        upper=mean + three,
        lower_two_sigma=mean - two,
        upper_two_sigma=mean + two,
    )


def xmr(
    values: Sequence[float | None],
    *,
    recalculate_at: Sequence[int] = (),
    settings: SignalSettings | None = None,
) -> XmrChart:
    """The XmR chart of `values` (in time order, None for a missing month). `recalculate_at`
    holds the indexes where a new segment, with its own mean and limits, starts (a change in
    process, such as a new front door); rules never reach across segments."""
    settings = settings or SignalSettings()
    check_settings(settings)
    # NaN, as pandas writes a missing value, is a gap like None.
    values = [None if v is None or math.isnan(v) else float(v) for v in values]
    if any(not 0 < i < len(values) for i in recalculate_at):
        raise ValueError(
            f"recalculate_at {list(recalculate_at)} must fall inside 1..{len(values) - 1}"
        )
    bounds = [0, *sorted(set(recalculate_at)), len(values)]
    points: list[SpcPoint] = []
    segments: list[Segment] = []
    for number, (start, end) in enumerate(pairwise(bounds)):
        part = list(values[start:end])
        limits = limits_of(part, settings)
        present = sum(v is not None for v in part)
        segments.append(Segment(start, end, limits, trial=present < settings.trial_points))
        found = apply_rules(part, limits, settings) if limits else [(None, 0)] * len(part)
        for value, mr, (rule, direction) in zip(part, moving_ranges(part), found, strict=True):
            points.append(SpcPoint(value, mr, rule, direction, number))
    return XmrChart(tuple(points), tuple(segments))
