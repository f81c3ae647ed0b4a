"""Each indicator's headline monthly series over `signals.series_months` months to the report month,
read as an XmR chart (qaf.signals): the `signals` object of the JSON results (docs/output.md).

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


def window(month: Month, series_months: int, first_event: date | None) -> tuple[Month, ...]:
    """The months of the chart, latest first: `series_months` to `month` (0: back to the month
    of the data's first event), never before that month."""
    if series_months < 0:
        raise QafError(
            f"Setting signals.series_months = {series_months} is negative: write 0 (back to the "
            "data's first month) or a number of months such as 36; see docs/settings.md."
        )
    if first_event is None and series_months == 0:
        # No data to run back to: the financial year to date.
        return tuple(reversed(month.fy_to_date()))
    months: list[Month] = []
    current = month
    while (first_event is None or current.end >= first_event) and (
        series_months == 0 or len(months) < series_months
    ):
        months.append(current)
        current = current.shift(-1)
    return tuple(months)


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


def monthly_series(
    source: Source, result: Result, month: Month, settings_months: int
) -> tuple[dict[str, dict[str, float | None]], dict[str, str]]:
    """Per indicator, its headline values by month over the window, and the indicators whose
    earlier months failed to compute (id -> reason)."""
    registry = load_all()
    months = window(month, settings_months, result.coverage.first_event)
    if result.headlines and set(months) <= set(result.window):
        return _from_headlines(result, {m.label for m in months}), dict(result.chart_failures)
    done = set(month.fy_to_date())
    extra = tuple(m for m in months if m not in done)
    # Indicators read their context's month as the report month (its FY to date must be among
    # the months asked for), so the pass over earlier months reports on the latest of them.
    as_of = extra[0] if extra else month
    if extra:
        extra += tuple(m for m in as_of.fy_to_date() if m not in extra)
    wanted = {m.label for m in months}
    series: dict[str, dict[str, float | None]] = {}
    failed: dict[str, str] = {}
    shared: dict[Any, Any] = {}
    rows = result.rows
    for ind_id in result.computed:
        ind = registry[ind_id]
        if ind.period != "month":
            continue
        own = headline_values(rows[rows["indicator_id"] == ind_id], ind)
        if not own:
            continue  # no headline rows at all: nothing to chart, and no need to ask for more
        values = {m: v for m, v in own.items() if m in wanted}
        if extra:
            ctx = Context(source, as_of, extra, result.settings, shared)
            try:
                frame = ind.fn(ctx)
                frame = fill_periods(frame, ind.period, result.coverage.first_event)
                frame = frame[[c for c in ROW_COLUMNS if c in frame.columns]]
                earlier = headline_values(frame, ind)
            except Exception as exc:  # the figures stand without their chart
                log.debug("earlier months of %s failed", ind_id, exc_info=True)
                failed[ind_id] = f"{type(exc).__name__}: {exc}"
                earlier = {}
            values.update({m: v for m, v in earlier.items() if m in wanted and m not in values})
        series[ind_id] = dict(sorted(values.items()))
    return series, failed


def _from_headlines(result: Result, wanted: set[str]) -> dict[str, dict[str, float | None]]:
    """The series compute_all already made, cut to the `wanted` month labels."""
    series: dict[str, dict[str, float | None]] = {}
    for ind_id in result.computed:
        values = result.headlines.get(ind_id)
        if values:
            series[ind_id] = dict(sorted((m, v) for m, v in values.items() if m in wanted))
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
