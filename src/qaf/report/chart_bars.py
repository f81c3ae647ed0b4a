"""Grouped bar charts of breakdowns where the seed report has one: the population profile and the
age and time in care of children looked after. Bars carry their own text labels (value, and the series where bars are grouped), so no bar
is told apart by colour alone."""

from __future__ import annotations

from typing import Any

from qaf.indicators.months import Month
from qaf.report.chart_style import (
    BLACK,
    SERIES_COLOURS,
    WIDTH,
    Draft,
    cell,
    data_table,
    figure,
    label_cell,
    number,
)
from qaf.report.document import TableRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BAR_ROW = 15  # px per bar in a grouped horizontal bar chart: a group of 3 fits in 45 px


def members(results: dict[str, Any], dimension: str) -> dict[str, str]:
    found = (results.get("dimensions") or {}).get(dimension) or {}
    return {m["key"]: m["label"] for m in found.get("members") or []}


def _grouped_hbar(
    data: list[dict[str, Any]], groups: list[str], series: list[str], x_title: str
) -> dict[str, Any]:
    """Horizontal bars: a group per y member, a bar per series, each labelled "series: value"."""
    colours = list(SERIES_COLOURS[: len(series)])
    y = {"field": "group", "type": "nominal", "sort": groups, "title": None}
    return {
        "$schema": SCHEMA,
        "width": WIDTH - 140,
        "height": {"step": BAR_ROW, "for": "offset"},
        "data": {"values": data},
        "encoding": {
            "y": y,
            "yOffset": {"field": "series", "sort": series},
            "x": {"field": "value", "type": "quantitative", "title": x_title},
        },
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": series, "range": colours},
                    }
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "color": BLACK},
                "encoding": {"text": {"field": "text"}},
            },
        ],
    }


def population_figure(results: dict[str, Any], month: Month) -> Draft | None:
    entry = results["indicators"].get("population.by_age_band")
    if not entry:
        return None
    rows = [
        r
        for r in entry.get("rows") or []
        if r["month"] == month.label
        and "band_pct" in (r.get("dims") or {})
        and r.get("value") is not None
    ]
    if not rows:
        return None
    bands = members(results, "age_band")
    areas: dict[str, str] = {}
    order: list[str] = []
    data = []
    by: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        code, band = r["dims"]["band_pct"].split(":", 1)
        name = str(r.get("label") or code).rsplit(" ", 1)[0]
        areas.setdefault(code, name)
        label = bands.get(band, band)
        if label not in order:
            order.append(label)
        by[(code, label)] = r
        data.append(
            {
                "group": label,
                "series": name,
                "value": r["value"],
                "text": f"{name} {number(r['value'], 'percent')}",
            }
        )
    names = list(areas.values())
    spec = _grouped_hbar(data, order, names, "Per cent of the whole population")
    council = names[0]
    alt = (
        "Each age band as a percentage of the whole population, "
        + "; ".join(
            f"{name}: "
            + ", ".join(
                f"{band} {number(by[(code, band)]['value'], 'percent')}"
                for band in order
                if (code, band) in by
            )
            for code, name in areas.items()
        )
        + "."
    )
    table_rows = []
    for band in order:
        cells = {"band": label_cell(band)}
        for code in areas:
            r = by.get((code, band))
            cells[f"{code}_n"] = cell(r["numerator"] if r else None, "count", None)
            cells[f"{code}_pct"] = cell(
                r["value"] if r else None,
                "percent",
                "population.by_age_band",
                r["numerator"] if r else None,
                r["denominator"] if r else None,
            )
        table_rows.append(TableRow(cells, header=band))
    columns = [("band", "Age band", False)]
    for code, name in areas.items():
        columns += [(f"{code}_n", f"{name}: people", True), (f"{code}_pct", f"{name}: %", True)]
    table = data_table("table-population-profile", "Population by age band", columns, table_rows)
    caption = f"Population profile: {council} against England by age band"
    return figure("fig-population-profile", caption, alt, spec, table)


def time_in_care_figure(results: dict[str, Any], month: Month) -> Draft | None:
    ind = "cla.time_in_care"
    entry = results["indicators"].get(ind)
    if not entry:
        return None
    crosses = [
        r
        for r in entry.get("rows") or []
        if r["month"] == month.label
        and set(r.get("dims") or {}) == {"age_band", "duration_band"}
        and r.get("value") is not None
    ]
    if not crosses:
        return None
    ages, durations = members(results, "age_band"), members(results, "duration_band")
    age_order = [v for k, v in ages.items() if any(r["dims"]["age_band"] == k for r in crosses)]
    dur_order = [
        v for k, v in durations.items() if any(r["dims"]["duration_band"] == k for r in crosses)
    ]
    grid = {
        (
            ages.get(r["dims"]["age_band"], r["dims"]["age_band"]),
            durations.get(r["dims"]["duration_band"], r["dims"]["duration_band"]),
        ): r["value"]
        for r in crosses
    }
    data = [
        {"group": a, "series": d, "value": v, "text": f"{d}: {number(v, 'count')}"}
        for (a, d), v in grid.items()
    ]
    spec = _grouped_hbar(data, age_order, dur_order, "Children looked after")
    alt = (
        "Children looked after by age and time in care: "
        + "; ".join(
            f"{a}: "
            + ", ".join(
                f"{d.lower()} {number(grid[(a, d)], 'count')}" for d in dur_order if (a, d) in grid
            )
            for a in age_order
        )
        + "."
    )
    rows = [
        TableRow(
            {
                "age": label_cell(a),
                **{f"d{i}": cell(grid.get((a, d)), "count", ind) for i, d in enumerate(dur_order)},
            },
            header=a,
        )
        for a in age_order
    ]
    table = data_table(
        "table-time-in-care",
        "Children looked after by age and time in care",
        [("age", "Age", False)] + [(f"d{i}", d, True) for i, d in enumerate(dur_order)],
        rows,
    )
    return figure(
        "fig-time-in-care", "Age and time in care of children looked after", alt, spec, table
    )
