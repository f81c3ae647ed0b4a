"""Each indicator's headline monthly series over `signals.series_months` months to the report month,
none from the data's build-up (`signals.run_in_months` after its start, Coverage.start), read as
an XmR chart (qaf.signals): the `signals` object of the JSON results (docs/output.md, docs/signals.md).

compute_all computes each monthly indicator over the whole window in its one pass (Result.headlines);
a window it did not cover (another length asked for) is computed here in one more pass over the
catalogue, every indicator asked for the same months so the derived tables they share are built
once."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from qaf.errors import QafError
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.registry import Indicator, load_all
from qaf.indicators.rows import ROW_COLUMNS, fill_periods
from qaf.signals import Comparator, MonthFigure, Series, what_moved
from qaf.signals.icons import assurance_icon, point_icon
from qaf.signals.moved import chart_of
from qaf.signals.reading import assurance, variation

if TYPE_CHECKING:
    from qaf.indicators.compute import Result
    from qaf.warehouse.schema import Source

log = logging.getLogger(__name__)

# Headline series: value rows with no dimensions.
HEADLINE = "value"
# The one period kind the signals chart (periods.PERIOD_KINDS). An XmR chart reads independent
# monthly points (NHS England, Making Data Count). A year to date accumulates through the year and
# starts again in April, so the chart would read the year's shape as special cause; a quarter, a
# rolling 12 months, a 3-year cohort or a whole year shares most of its events with the month
# before, so its months move together and their moving ranges understate the variation. Those
# indicators have `signals` null (docs/signals.md).
CHARTED_PERIOD = "month"
# Process limits need a moving range: two consecutive months (qaf.signals.spc).
MIN_CHART_MONTHS = 2


def build_up_end(start: date | None, run_in_months: int) -> date | None:
    """The first day after the data's build-up: `run_in_months` after the data's `start`
    (Coverage.start: its first event, or its recording start where that is later; a day past
    the month's end, such as 31 January + 1 month, falls back to that month's last day); None
    when the data has no event, or with no run-in (0)."""
    if run_in_months < 0:
        raise QafError(
            f"Setting signals.run_in_months = {run_in_months} is negative: write 0 (chart from "
            "the data's first month) or a number of months such as 12; see docs/settings.md."
        )
    if start is None or run_in_months == 0:
        return None
    later = Month.of(start).shift(run_in_months)
    return date(later.year, later.month, min(start.day, later.end.day))


def window(
    month: Month, series_months: int, start: date | None, run_in_months: int = 0
) -> tuple[Month, ...]:
    """The months of the chart, latest first: `series_months` to `month` (0: back to the data's
    start), none before the data's start. With `run_in_months`, the data starts when its
    build-up ends (build_up_end): the first month is the first that begins on or after that day,
    and a month before it has an empty window. With none, the data starts with the month of
    `start` (Coverage.start)."""
    if series_months < 0:
        raise QafError(
            f"Setting signals.series_months = {series_months} is negative: write 0 (back to the "
            "data's first month) or a number of months such as 36; see docs/settings.md."
        )
    built_up = build_up_end(start, run_in_months)
    if start is None and series_months == 0:
        # No data to run back to: the financial year to date.
        return tuple(reversed(month.fy_to_date()))

    def started(current: Month) -> bool:
        if built_up is not None:
            return current.start >= built_up
        return start is None or current.end >= start

    months: list[Month] = []
    current = month
    while started(current) and (series_months == 0 or len(months) < series_months):
        months.append(current)
        current = current.shift(-1)
    return tuple(months)


def charted(ind: Indicator) -> bool:
    """Whether the signals read the indicator's headline as an XmR chart: a month's own figure
    only (CHARTED_PERIOD)."""
    return ind.period == CHARTED_PERIOD


def headline_values(
    frame: pd.DataFrame, ind: Indicator, labels: set[str] | None = None
) -> dict[str, float | None]:
    """Month label -> the headline value in the indicator's own period (None when short or empty),
    for the months of `labels` only when given."""
    if frame.empty:
        return {}
    chosen = frame[(frame["kind"] == HEADLINE) & (frame["period_kind"] == ind.period)]
    if labels is not None:
        chosen = chosen[chosen["month"].isin(labels)]
    out: dict[str, float | None] = {}
    for row in chosen.to_dict("records"):
        value = row["value"]
        known = value is not None and not pd.isna(value) and row.get("complete") is not False
        out[str(row["month"])] = float(value) if known else None
    return out


class ChartValues(dict[str, float | None]):
    """An indicator's headline values by month label over its chart's window, and whether that
    window, cut where the data's build-up ends, is too short for process limits (signals_json
    then says so instead of reading the chart)."""

    build_up_short: bool = False


def short_since_build_up(months: Sequence[Month], built_up: date | None) -> bool:
    """Whether a chart's window (latest first) is too short for process limits because it
    starts where the data's build-up ended (`built_up`), not because fewer months were asked."""
    if built_up is None or len(months) >= MIN_CHART_MONTHS:
        return False
    return not months or months[-1].shift(-1).start < built_up


def monthly_series(
    source: Source, result: Result, month: Month, settings_months: int
) -> tuple[dict[str, ChartValues], dict[str, str]]:
    """Per indicator, its headline values by month over the window (none from the data's
    build-up, signals.run_in_months), and the indicators whose earlier months failed to compute
    (id -> reason)."""
    run_in = result.settings.signals.run_in_months
    # The data starts where the extract records in full (Coverage.start), as for `complete`.
    start = result.coverage.start
    months = window(month, settings_months, start, run_in)
    short = short_since_build_up(months, build_up_end(start, run_in))
    series, failed = _series_over(source, result, month, months)
    for values in series.values():
        values.build_up_short = short
    return series, failed


def _series_over(
    source: Source, result: Result, month: Month, months: tuple[Month, ...]
) -> tuple[dict[str, ChartValues], dict[str, str]]:
    """The headline values over `months`: from compute_all's pass where it covered them, or
    from one more pass over the catalogue for the months it did not."""
    if result.headlines and set(months) <= set(result.window):
        return _from_headlines(result, {m.label for m in months}), dict(result.chart_failures)
    registry = load_all()
    done = set(month.fy_to_date())
    extra = tuple(m for m in months if m not in done)
    # Indicators read their context's month as the report month (its FY to date must be among
    # the months asked for), so the pass over earlier months reports on the latest of them.
    as_of = extra[0] if extra else month
    if extra:
        extra += tuple(m for m in as_of.fy_to_date() if m not in extra)
    wanted = {m.label for m in months}
    series: dict[str, ChartValues] = {}
    failed: dict[str, str] = {}
    shared: dict[Any, Any] = {}
    rows = result.rows
    for ind_id in result.computed:
        ind = registry[ind_id]
        if not charted(ind):
            continue
        own = headline_values(rows[rows["indicator_id"] == ind_id], ind)
        if not own:
            continue  # no headline rows at all: nothing to chart, and no need to ask for more
        values = {m: v for m, v in own.items() if m in wanted}
        if extra:
            ctx = Context(source, as_of, extra, result.settings, shared)
            try:
                frame = ind.fn(ctx)
                frame = fill_periods(frame, ind.period, result.coverage.start)
                frame = frame[[c for c in ROW_COLUMNS if c in frame.columns]]
                earlier = headline_values(frame, ind)
            except Exception as exc:  # the figures stand without their chart
                log.debug("earlier months of %s failed", ind_id, exc_info=True)
                failed[ind_id] = f"{type(exc).__name__}: {exc}"
                earlier = {}
            values.update({m: v for m, v in earlier.items() if m in wanted and m not in values})
        series[ind_id] = ChartValues(sorted(values.items()))
    return series, failed


def _from_headlines(result: Result, wanted: set[str]) -> dict[str, ChartValues]:
    """The series compute_all already made, of the charted indicators, cut to the `wanted`
    month labels."""
    registry = load_all()
    series: dict[str, ChartValues] = {}
    for ind_id in result.computed:
        values = result.headlines.get(ind_id)
        if values and charted(registry[ind_id]):
            series[ind_id] = ChartValues(sorted((m, v) for m, v in values.items() if m in wanted))
    return series


def sentence_name(title: str) -> tuple[str, bool]:
    """The title as it reads inside a sentence, and whether it takes "were": "Referrals" ->
    ("referrals", True); "Long-term placement stability" -> (..., False). Acronyms keep case."""
    keep = len(title) > 1 and (title[1].isupper() or title[1].isdigit())
    name = title if keep else title[0].lower() + title[1:]
    words = [w.strip(":,").casefold() for w in title.split()[:3]]
    plural = any(w == "children" or (w.endswith("s") and not w.endswith("'s")) for w in words)
    return name, plural


def _first_of(label: str) -> date:
    return Month.parse(label).start


def signals_json(
    ind: Indicator,
    values: Mapping[str, float | None],
    month: Month,
    settings: Any,
    target: float | None,
    comparators: Sequence[Comparator] = (),
    numerator: float | None = None,
    denominator: float | None = None,
) -> dict[str, Any]:
    """The `signals` object: the chart's points, the latest point's variation, the assurance
    against the target, the special-cause points and the "what moved" sentences."""
    name, plural = sentence_name(ind.title)
    figures = [
        MonthFigure(
            _first_of(m),
            v,
            numerator if m == month.label else None,
            denominator if m == month.label else None,
        )
        for m, v in values.items()
    ]
    series = Series(
        name, ind.unit, ind.polarity, figures, plural, target, tuple(comparators), (), settings
    )
    present = sum(v is not None for v in values.values())
    months, chart = chart_of(series, month.start)
    limits = chart.latest_limits
    reason = None
    if values.get(month.label) is None:
        reason = f"no figure for {month.label}: the chart has no latest point to read"
    if limits is None:
        reason = (
            f"only {present} month{'s' if present != 1 else ''} with a figure: process limits "
            "need at least two consecutive months"
        )
    if isinstance(values, ChartValues) and values.build_up_short:
        reason = "not enough months since the data's build-up for a reading"
    points = []
    for when, row, point in zip(months, chart.rows(), chart.points, strict=True):
        points.append(
            {
                "month": Month.of(when).label,
                **row,
                "variation": variation(point, ind.polarity).value,
            }
        )
    latest = chart.points[-1] if chart.points and months[-1] == month.start else None
    state = assurance(limits, target, ind.polarity)
    segment = chart.segments[-1] if chart.segments else None
    return {
        "months": len(points),
        "months_with_value": present,
        "from": points[0]["month"] if points else None,
        "limits": None
        if limits is None
        else {
            "mean": limits.mean,
            "lower": limits.lower,
            "upper": limits.upper,
            "lower_two_sigma": limits.lower_two_sigma,
            "upper_two_sigma": limits.upper_two_sigma,
            "mean_moving_range": limits.mean_moving_range,
        },
        "trial": bool(segment.trial) if segment else None,
        "variation": None
        if latest is None or latest.value is None or limits is None
        else variation(latest, ind.polarity).value,
        "assurance": state.value,
        "icons": {
            "variation": None
            if latest is None or latest.value is None or limits is None
            else point_icon(latest, ind.polarity).name,
            "assurance": assurance_icon(state).name,
        },
        "special_causes": [
            {k: p[k] for k in ("month", "value", "rule", "direction", "variation")}
            for p in points
            if p["rule"] is not None
        ],
        "sentences": (
            what_moved(series, month.start, (months, chart))
            if values.get(month.label) is not None
            else []
        ),
        "reason": reason,
        "points": points,
    }
