"""A monthly figure across its financial year beside last year, the statistical neighbours' median,
England and the target (the seed's CP rate chart): one line per series, each with its own colour,
dash and point shape, so no series is told apart by colour alone."""

from __future__ import annotations

from typing import Any

from qaf.indicators.months import Month
from qaf.report.chart_style import (
    DASHES,
    HEIGHT,
    SERIES_COLOURS,
    SHAPES,
    WIDTH,
    Draft,
    cell,
    data_table,
    figure,
    label_cell,
    number,
)
from qaf.report.document import TableRow

COMPARATORS = (("statistical_neighbours", "Statistical neighbours' median"), ("england", "England"))


def latest_benchmark(entry: dict[str, Any], comparator: str, fy: str) -> tuple[str, float] | None:
    """The latest published (year, value) for a comparator up to the report's financial year, as the
    "what moved" sentences use it."""
    rows = ((entry.get("benchmarks") or {}).get("rows")) or []
    found = [
        (r["period"], r["value"])
        for r in rows
        if r["comparator"] == comparator and r.get("value") is not None and r["period"] <= fy
    ]
    return max(found) if found else None


def trend_figure(indicator_id: str, entry: dict[str, Any], month: Month) -> Draft | None:
    """This year's months against last year's and the comparators; None with no month's figure."""
    unit = entry["unit"]
    this_year = {p["month"]: p for p in entry.get("series") or [] if p.get("value") is not None}
    if not this_year:
        return None
    months = [month.fy_first_month.shift(i) for i in range(12)]
    names = [m.start.strftime("%b") for m in months]
    series: list[tuple[str, dict[int, float]]] = [
        (
            f"{month.fy}",
            {i: this_year[m.label]["value"] for i, m in enumerate(months) if m.label in this_year},
        ),
    ]
    last_fy = Month(month.year - 1, month.month).fy
    history = (entry.get("history") or {}).get(last_fy) or []
    last = {p["month"]: p for p in history if p.get("value") is not None}
    if last:
        series.append(
            (
                last_fy,
                {
                    i: last[m.shift(-12).label]["value"]
                    for i, m in enumerate(months)
                    if m.shift(-12).label in last
                },
            )
        )
    flat: list[tuple[str, float]] = []
    for comparator, name in COMPARATORS:
        found = latest_benchmark(entry, comparator, month.fy)
        if found:
            flat.append((f"{name} {found[0]}", found[1]))
    target = (entry.get("target") or {}).get("value")
    if target is not None:
        flat.append((f"Target {month.fy}", target))
    series += [(name, dict.fromkeys(range(12), value)) for name, value in flat]

    data = [
        {"series": name, "month": names[i], "value": v}
        for name, values in series
        for i, v in sorted(values.items())
    ]
    domain = [name for name, _ in series]
    n = len(domain)
    encode_series = {
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": {"domain": domain, "range": list(SERIES_COLOURS[:n])},
        },
    }
    x = {
        "field": "month",
        "type": "ordinal",
        "sort": names,
        "title": None,
        "scale": {"domain": names},
        "axis": {"labelAngle": 0},
    }
    y = {"field": "value", "type": "quantitative", "title": _y_title(unit)}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": data},
        "layer": [
            {
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": y,
                    **encode_series,
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": domain, "range": list(DASHES[:n])},
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 45, "opacity": 1},
                "encoding": {
                    "x": x,
                    "y": y,
                    **encode_series,
                    "shape": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": domain, "range": list(SHAPES[:n])},
                    },
                },
            },
        ],
    }
    title = entry["title"]
    first_m, last_m = min(this_year), max(this_year)
    alt = (
        f"{title}: {number(this_year[first_m]['value'], unit)} in {_long(first_m)} and "
        f"{number(this_year[last_m]['value'], unit)} in {_long(last_m)}"
    )
    if last:
        earlier = [series[1][1][i] for i in sorted(series[1][1])]
        alt += f"; {last_fy} ran from {number(earlier[0], unit)} to {number(earlier[-1], unit)}"
    alt += "".join(f"; {name} {number(value, unit)}" for name, value in flat) + "."

    rows = [
        TableRow(
            {
                "label": label_cell(names[i]),
                "this": _series_cell(this_year.get(m.label), unit, indicator_id),
                **(
                    {"last": _series_cell(last.get(m.shift(-12).label), unit, indicator_id)}
                    if last
                    else {}
                ),
            },
            header=names[i],
        )
        for i, m in enumerate(months)
        if m <= month
    ]
    for name, value in flat:
        cells = {"label": label_cell(name), "this": cell(value, unit, None)}
        if last:
            cells["last"] = label_cell("")
        rows.append(TableRow(cells, header=name))
    columns = [("label", "Month", False), ("this", month.fy, True)]
    if last:
        columns.append(("last", last_fy, True))
    table = data_table(f"table-trend-{indicator_id}", f"{title} by month", columns, rows)
    caption = f"{title}: {month.fy} against last year, comparators and target"
    return figure(f"fig-trend-{indicator_id}", caption, alt, spec, table)


def _series_cell(point: dict[str, Any] | None, unit: str, indicator_id: str) -> Any:
    if point is None:
        return cell(None, unit, indicator_id)
    return cell(
        point["value"], unit, indicator_id, point.get("numerator"), point.get("denominator")
    )


def _long(label: str) -> str:
    return Month.parse(label).start.strftime("%B %Y")


def _y_title(unit: str) -> str | None:
    return {"percent": "Per cent", "rate_per_10k": "Per 10,000 children", "days": "Days"}.get(unit)
