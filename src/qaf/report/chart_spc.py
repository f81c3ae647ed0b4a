"""The XmR (statistical process control) chart of a headline indicator, from the JSON's `signals`:
the monthly values, the mean and process limits of each segment, the target, and every special-cause
point marked by shape as well as colour (NHS "Making Data Count" colours from qaf.signals.icons)."""

from __future__ import annotations

from typing import Any

from qaf.indicators.months import Month
from qaf.report.chart_style import (
    BLACK,
    GREY,
    HEIGHT,
    WIDTH,
    Draft,
    cell,
    data_table,
    figure,
    label_cell,
    number,
    reference_line,
)
from qaf.report.document import Cell, Table, TableRow
from qaf.signals.icons import BAD, GOOD, NEITHER

# What each point's reading is called, its colour and its shape (shape carries it without colour).
READINGS: dict[str, tuple[str, str, str]] = {
    "common_cause": ("Common cause", GREY, "circle"),
    "special_cause_improvement": ("Special cause: improvement", GOOD, "diamond"),
    "special_cause_concern": ("Special cause: concern", BAD, "triangle-up"),
    "special_cause_neither_high": ("Special cause: higher", NEITHER, "square"),
    "special_cause_neither_low": ("Special cause: lower", NEITHER, "triangle-down"),
}
RULES = {
    "beyond_limit": "beyond a process limit",
    "run": "run of 7 on one side of the mean",
    "trend": "trend of 7",
    "two_of_three": "2 of 3 beyond two sigma",
}


def month_name(label: str) -> str:
    month = Month.parse(label)
    return month.start.strftime("%b %Y")


def spc_figure(indicator_id: str, entry: dict[str, Any]) -> Draft | None:
    """The XmR chart of one indicator, or None when its signals give no limits to draw."""
    signals = entry.get("signals") or {}
    points = [p for p in signals.get("points") or [] if p.get("value") is not None]
    if signals.get("limits") is None or len(points) < 2:
        return None
    unit = entry["unit"]
    title = entry["title"]
    target = (entry.get("target") or {}).get("value")
    data = []
    for p in points:
        reading = p.get("variation") or "common_cause"
        name, _, _ = READINGS.get(reading, READINGS["common_cause"])
        data.append(
            {
                "month": p["month"],
                "value": p["value"],
                "mean": p.get("mean"),
                "lower": p.get("lower"),
                "upper": p.get("upper"),
                "segment": p.get("segment", 0),
                "reading": name,
            }
        )
    readings = [v for k, v in READINGS.items() if any(d["reading"] == v[0] for d in data)]
    domain = [r[0] for r in readings]
    x = {
        "field": "month",
        "type": "temporal",
        "timeUnit": "yearmonth",
        "title": None,
        "axis": {"format": "%b %y", "labelAngle": -45, "tickCount": 12},
    }
    y_title = _axis_title(unit)
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "color": GREY, "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "scale": {"zero": False},
                },
            },
        },
        {
            "mark": {"type": "line", "color": BLACK, "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "y": {"field": "mean", "type": "quantitative"},
                "detail": {"field": "segment"},
            },
        },
        *[
            {
                "mark": {"type": "line", "color": BLACK, "strokeDash": [6, 3], "strokeWidth": 1},
                "encoding": {
                    "x": x,
                    "y": {"field": limit, "type": "quantitative"},
                    "detail": {"field": "segment"},
                },
            }
            for limit in ("lower", "upper")
        ],
        {
            "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "color": {
                    "field": "reading",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": [r[1] for r in readings]},
                },
                "shape": {
                    "field": "reading",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": [r[2] for r in readings]},
                },
            },
        },
    ]
    # The lines are named at their right-hand end, so the chart needs no legend for them.
    end = data[-1]
    ends = [
        {"month": end["month"], "y": end[key], "label": f"{name} {number(end[key], unit)}"}
        for key, name in (("upper", "Upper limit"), ("mean", "Mean"), ("lower", "Lower limit"))
        if end.get(key) is not None
    ]
    layers.append(
        {
            "data": {"values": ends},
            "mark": {"type": "text", "align": "left", "dx": 8, "color": BLACK, "fontSize": 10},
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative"},
                "text": {"field": "label"},
            },
        }
    )
    if target is not None:
        layers.append(
            reference_line(
                target,
                f"Target {number(target, unit)}",
                axis="y",
                dash=[2, 2],
                text={"align": "left", "dx": 4, "dy": -6, "x": 0},
            )
        )
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": data},
        "layer": layers,
    }
    limits = signals["limits"]
    last = points[-1]
    causes = [p for p in points if p.get("variation") not in (None, "common_cause")]
    alt = (
        f"{title}, {month_name(points[0]['month'])} to {month_name(last['month'])}: "
        f"{number(last['value'], unit)} in {month_name(last['month'])}; "
        f"mean {number(limits['mean'], unit)}, process limits {number(limits['lower'], unit)} "
        f"to {number(limits['upper'], unit)} (solid line the mean, dashed lines the limits)"
        + (f"; target {number(target, unit)}" if target is not None else "")
        + (
            f"; {len(causes)} of {len(points)} months are special cause, marked by shape"
            if causes
            else "; every month is common cause"
        )
        + "."
    )
    # The counts behind each month where the JSON gives them (this year's series and earlier years'
    # history), so the external variant can tell a percentage made from a small count.
    known = list(entry.get("series") or [])
    for year in (entry.get("history") or {}).values():
        known += year
    parts = {q["month"]: (q.get("numerator"), q.get("denominator")) for q in known}
    table = year_table(indicator_id, title, unit, points, parts)
    caption = f"{title}: statistical process control chart"
    return figure(f"fig-spc-{indicator_id}", caption, alt, spec, table)


# A financial year's months in order, as the compact table's columns.
FY_MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
# Marks a special-cause month in the compact table (the caption's notes say which and why).
SPECIAL_MARK = " *"


def year_table(
    indicator_id: str,
    title: str,
    unit: str,
    points: list[dict[str, Any]],
    parts: dict[str, tuple[Any, Any]],
) -> Table:
    """The chart's figures laid out compactly: a row per financial year, a column per month (a
    36-month series is three rows, not 36), the mean and limits of each segment and every
    special-cause month said in notes under it."""
    years: dict[str, dict[str, Cell]] = {}
    for p in points:
        month = Month.parse(p["month"])
        value = cell(p["value"], unit, indicator_id, *parts.get(p["month"], (None, None)))
        if p.get("variation") not in (None, "common_cause"):
            value.text += SPECIAL_MARK
        years.setdefault(month.fy, {})[month.start.strftime("%b")] = value
    rows = [TableRow({"year": label_cell(fy), **cells}, header=fy) for fy, cells in years.items()]
    table = data_table(
        f"table-spc-{indicator_id}",
        f"{title}: monthly values",
        [("year", "Year", False), *((m, m, True) for m in FY_MONTHS)],
        rows,
        # Three or four years of months: the PDF prints the chart and its text alternative, the
        # HTML report the grid too.
        printed=False,
    )
    table.notes.extend(limit_notes(points, unit))
    special = [p for p in points if p.get("variation") not in (None, "common_cause")]
    if special:
        table.notes.append(
            "* Special cause: "
            + "; ".join(
                f"{month_name(p['month'])}, {_reading_text(p).removeprefix('Special cause: ')}"
                for p in special
            )
            + "."
        )
    return table


def limit_notes(points: list[dict[str, Any]], unit: str) -> list[str]:
    """One line per segment: its months, mean and process limits."""
    segments: dict[Any, list[dict[str, Any]]] = {}
    for p in points:
        segments.setdefault(p.get("segment", 0), []).append(p)
    notes = []
    for run in segments.values():
        first, last = run[0], run[-1]
        limits = (
            f"mean {number(last.get('mean'), unit)}, process limits "
            f"{number(last.get('lower'), unit)} to {number(last.get('upper'), unit)}."
        )
        if len(segments) > 1:
            limits = f"{month_name(first['month'])} to {month_name(last['month'])}: {limits}"
        notes.append(limits[0].upper() + limits[1:])
    return notes


def _reading_text(point: dict[str, Any]) -> str:
    name = READINGS.get(point.get("variation") or "common_cause", READINGS["common_cause"])[0]
    rule = RULES.get(point.get("rule") or "")
    return f"{name} ({rule})" if rule else name


def _axis_title(unit: str) -> str | None:
    return {
        "percent": "Per cent",
        "rate_per_10k": "Per 10,000 children",
        "days": "Days",
        "years": "Years",
        "ratio": "Cases per FTE",
        "count": "Number",
    }.get(unit)
