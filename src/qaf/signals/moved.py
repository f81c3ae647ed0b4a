"""What moved: plain-English sentences generated from an indicator's monthly series.

Each sentence is a function of the numbers alone and returns None when a figure it needs is
missing, so missing data gives no sentence, never a wrong one. Direction is read with the
indicator's polarity: "improved" and "worsened" when higher (or lower) is better, "rose" and
"fell" when neither is. See docs/signals.md."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from qaf.config import SignalSettings
from qaf.signals.reading import POLARITY_SIGN, Assurance, Polarity, Variation, assurance, variation
from qaf.signals.spc import XmrChart, xmr
from qaf.signals.wording import (
    Unit,
    add_months,
    capitalised,
    figure,
    figure_apart,
    month_name,
    number,
)


@dataclass(frozen=True)
class MonthFigure:
    month: date  # the first of the month
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Comparator:
    # As it reads in a sentence: "statistical neighbours (median)", "England".
    name: str
    value: float | None


@dataclass(frozen=True)
class Series:
    # As it reads inside a sentence: "referrals", "the re-referral rate".
    name: str
    unit: Unit
    polarity: Polarity
    figures: Sequence[MonthFigure]
    # "Referrals were", "the rate was".
    plural: bool = False
    target: float | None = None
    comparators: Sequence[Comparator] = ()
    # Months from which the process changed (a new front door): each starts a new segment of the
    # XmR chart, with its own mean and limits.
    recalculate_from: Sequence[date] = ()
    settings: SignalSettings = field(default_factory=SignalSettings)

    def value_in(self, month: date) -> MonthFigure | None:
        found = next((f for f in self.figures if f.month == month), None)
        return found if found is not None and _known(found.value) else None

    @property
    def subject(self) -> str:
        return capitalised(self.name)

    @property
    def was(self) -> str:
        return "were" if self.plural else "was"


def _known(value: float | None) -> bool:
    """A figure is known unless None or NaN (as pandas writes a missing value)."""
    return value is not None and not math.isnan(value)


def _gap_words(gap: float, unit: str) -> str:
    """A gap between two figures: percentage points for percentages, else in the unit."""
    if unit == "percent":
        text = number(gap, 1)
        return f"{text} percentage point{'' if text == '1.0' else 's'}"
    return figure(gap, unit)


def _difference(series: Series, now: float, before: float) -> str | None:
    """How far `now` is from `before`, worded ("3.2 percentage points", "12.2%", "4 days"),
    or None when the gap is within the "about the same" threshold or rounds to nothing."""
    gap, unit, settings = abs(now - before), series.unit, series.settings
    if unit == "percent":
        if gap < settings.steady_percentage_points or float(number(gap, 1)) == 0:
            return None
        return _gap_words(gap, unit)
    if before == 0:
        return None if gap == 0 else figure(gap, unit)
    share = gap / abs(before) * 100
    if share < settings.steady_pct or float(number(share, 1).replace(",", "")) == 0:
        return None
    if unit in ("days", "years", "ratio"):
        return figure(gap, unit)
    return f"{number(share, 1)}%"


def _verb(series: Series, now: float, before: float) -> str:
    rise = now > before
    sign = POLARITY_SIGN[series.polarity]
    if sign == 0:
        return "rose" if rise else "fell"
    return "improved" if (1 if rise else -1) * sign > 0 else "worsened"


def _headline(series: Series, latest: MonthFigure) -> str:
    text = figure(latest.value or 0.0, series.unit)
    if series.unit == "percent" and latest.numerator is not None and latest.denominator:
        text += f" ({number(latest.numerator)} of {number(latest.denominator)})"
    return text


def _change_sentence(series: Series, month: date, back: int, since: str, then: str) -> str | None:
    latest, earlier = series.value_in(month), series.value_in(add_months(month, -back))
    if latest is None or earlier is None:
        return None
    now, before = latest.value or 0.0, earlier.value or 0.0
    figures = (
        f"{_headline(series, latest)} in {month_name(month)} against "
        f"{figure(before, series.unit)} in {month_name(earlier.month)}"
    )
    gap = _difference(series, now, before)
    if gap is None:
        return f"{series.subject} {series.was} about the same as {then}: {figures}."
    direction = "up" if now > before else "down"
    return (
        f"{series.subject} {_verb(series, now, before)} on {since}: {figures} ({direction} {gap})."
    )


def on_last_month(series: Series, month: date) -> str | None:
    return _change_sentence(series, month, 1, "last month", "last month")


def on_last_year(series: Series, month: date) -> str | None:
    return _change_sentence(series, month, 12, "the same month last year", "a year earlier")


def against_target(series: Series, month: date) -> str | None:
    """Met or missed; none for a neutral indicator, which has no side to meet a target from."""
    latest, target, sign = series.value_in(month), series.target, POLARITY_SIGN[series.polarity]
    if latest is None or target is None or not _known(target) or sign == 0:
        return None
    now = latest.value or 0.0
    target_text = figure(target, series.unit)
    if (now - target) * sign >= 0:
        return f"{series.subject} ({figure(now, series.unit)}) met the target of {target_text}."
    gap = _gap_words(abs(now - target), series.unit)
    return (
        f"{series.subject} ({figure(now, series.unit)}) missed the target of {target_text} "
        f"by {gap}."
    )


ASSURANCE_WORDS = {
    Assurance.CONSISTENTLY_PASSING: (
        "the target will be met every month while the process stays as it is"
    ),
    Assurance.CONSISTENTLY_FAILING: (
        "the target will be missed every month unless the process changes"
    ),
    Assurance.HIT_AND_MISS: "the target will be met in some months and missed in others",
}


def target_assurance(series: Series, chart: XmrChart) -> str | None:
    limits = chart.latest_limits
    state = assurance(limits, series.target, series.polarity)
    if limits is None or state is Assurance.NONE:
        return None
    # Limits are worded within what the unit can reach (no negative counts, no 104%).
    low = max(limits.lower, 0.0)
    high = min(limits.upper, 100.0) if series.unit == "percent" else limits.upper
    span = f"{figure(low, series.unit)} to {figure(high, series.unit)}"
    return f"With process limits of {span}, {ASSURANCE_WORDS[state]}."


def against_comparators(series: Series, month: date) -> str | None:
    latest = series.value_in(month)
    present = [c for c in series.comparators if _known(c.value)]
    if latest is None or not present:
        return None
    now, sign = latest.value or 0.0, POLARITY_SIGN[series.polarity]
    groups: dict[str, list[str]] = {}
    for comparator in present:
        value = comparator.value or 0.0
        if _difference(series, now, value) is None:
            relation = "about the same as"
        elif sign == 0:
            relation = "higher than" if now > value else "lower than"
        else:
            relation = "better than" if (now - value) * sign > 0 else "worse than"
        groups.setdefault(relation, []).append(f"{comparator.name} ({figure(value, series.unit)})")
    parts = [f"{relation} {_and(names)}" for relation, names in groups.items()]
    return f"{series.subject} ({figure(now, series.unit)}) {series.was} {_and(parts)}."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def chart_of(series: Series, month: date) -> tuple[list[date], XmrChart]:
    """The months from the series' first to `month`, gaps as None, and their XmR chart."""
    known = sorted(f.month for f in series.figures if f.month <= month)
    if not known:
        return [], xmr([], settings=series.settings)
    months, current = [], known[0]
    while current <= month:
        months.append(current)
        current = add_months(current, 1)
    values = []
    for m in months:
        found = series.value_in(m)
        values.append(None if found is None else found.value)
    starts = [months.index(m) for m in series.recalculate_from if m in months[1:]]
    return months, xmr(values, recalculate_at=starts, settings=series.settings)


def _extreme(months: list[date], values: list[float | None], direction: int) -> str | None:
    """'the highest since March 2015', 'the lowest of the 18 months from April 2015', or
    None when the month before was as high (as low)."""
    now = values[-1]
    assert now is not None
    word = "highest" if direction > 0 else "lowest"
    for i in range(len(values) - 2, -1, -1):
        before = values[i]
        if before is not None and (before - now) * direction >= 0:
            return f"the {word} since {month_name(months[i])}" if i < len(values) - 2 else None
    present = [m for m, v in zip(months, values, strict=True) if v is not None]
    if len(present) <= 2:
        return None
    return f"the {word} of the {len(present)} months from {month_name(present[0])}"


def _in_a_row(values: list[float | None], same: Callable[[int], bool]) -> int:
    """How many points, ending with the last, satisfy `same` (given the point's index)."""
    count = 0
    for i in range(len(values) - 1, -1, -1):
        if not same(i):
            break
        count += 1
    return count


Chart = tuple[list[date], XmrChart]


def special_cause(series: Series, month: date, chart_at: Chart | None = None) -> str | None:
    """The special cause the month's figure is part of, read with the polarity, or None.
    `chart_at` is `chart_of(series, month)` when the caller has it already."""
    months, chart = chart_at or chart_of(series, month)
    if not months or months[-1] != month:
        return None
    point, segment = chart.points[-1], chart.segments[-1]
    latest = point.value
    if latest is None:
        return None
    limits = segment.limits
    if point.rule is None or limits is None:
        return None
    values = [p.value for p in chart.points[segment.start : segment.end]]
    seg_months = months[segment.start : segment.end]
    up = point.direction > 0
    unit = series.unit
    if point.rule == "beyond_limit":
        bound = limits.upper if up else limits.lower
        which = "above the upper" if up else "below the lower"
        reason = f"{which} process limit ({figure_apart(bound, latest, unit)})"
    elif point.rule == "run":
        side = 1 if up else -1
        mean = limits.mean

        def on_side(i: int) -> bool:
            value = values[i]
            return value is not None and (value - mean) * side > 0

        k = _in_a_row(values, on_side)
        side_word = "above" if up else "below"
        reason = f"{side_word} the average ({figure(limits.mean, unit)}) for {k} months in a row"
    elif point.rule == "trend":
        step = 1 if up else -1

        def stepped(i: int) -> bool:
            a, b = values[i - 1] if i else None, values[i]
            return a is not None and b is not None and (b - a) * step > 0

        k = _in_a_row(values, stepped)
        reason = f"{'higher' if up else 'lower'} than the month before for {k} months in a row"
    else:
        # Only the last three months can hold the latest point's window. The two-sigma line is
        # not printed: rounded, it can equal a point that lies above it.
        bound = limits.upper if up else limits.lower
        which = "upper" if up else "lower"
        reason = (
            f"one of two months in the last three close to the {which} process limit "
            f"({figure(bound, unit)})"
        )
    extreme = _extreme(seg_months, values, point.direction)
    said = f"{extreme}, and {reason}" if extreme else reason
    reading = variation(point, series.polarity)
    if reading is Variation.IMPROVEMENT:
        kind = "a special cause of improvement"
    elif reading is Variation.CONCERN:
        kind = "a special cause of concern"
    else:
        kind = "a special cause, neither better nor worse"
    now = figure(point.value or 0.0, unit)
    return f"{series.subject} in {month_name(month)} ({now}) {series.was} {said}: {kind}."


def what_moved(
    series: Series, month: date | None = None, chart_at: Chart | None = None
) -> list[str]:
    """Every sentence the numbers support for `month` (the series' latest month by default), in
    reading order: last month, last year, target, assurance, comparators, special cause.
    `chart_at` is `chart_of(series, month)` when the caller has it already."""
    present = [f.month for f in series.figures if series.value_in(f.month)]
    if month is None:
        if not present:
            return []
        month = max(present)
    chart_at = chart_at or chart_of(series, month)
    chart = chart_at[1]
    sentences = [
        on_last_month(series, month),
        on_last_year(series, month),
        against_target(series, month),
        target_assurance(series, chart) if series.value_in(month) else None,
        against_comparators(series, month),
        special_cause(series, month, chart_at),
    ]
    said = [s for s in sentences if s]
    limits_used = sentences[3] or sentences[5]
    segment = chart.segments[-1] if chart.segments else None
    if limits_used and segment is not None and segment.trial:
        count = sum(p.value is not None for p in chart.points[segment.start : segment.end])
        said.append(f"The process limits rest on only {count} months, so they are provisional.")
    return said
