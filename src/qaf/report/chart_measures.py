"""Charts of measures the seed report draws: placement moves by year, adoption's A1 and A2 by
quarter, and caseloads per FTE by team. Bars and lines carry their own labels, dashes or shapes, so
none is told apart by colour alone."""

from __future__ import annotations

from typing import Any

from qaf.indicators.months import Month
from qaf.report.chart_bars import SCHEMA, members
from qaf.report.chart_style import (
    BLACK,
    BLUE,
    DASHES,
    GREY,
    HEIGHT,
    RED,
    SERIES_COLOURS,
    SHAPES,
    WIDTH,
    Draft,
    cell,
    data_table,
    figure,
    label_cell,
    number,
    reference_line,
)
from qaf.report.document import TableRow


def placements_figure(results: dict[str, Any], month: Month) -> Draft | None:
    """Children looked after with 3 or more placements: earlier years' outturns, the year to date and
    the year-end forecast (the seed's chart 17)."""
    ind = "cla.placements_3plus_ytd_pct"
    entry = results["indicators"].get(ind)
    if not entry or entry.get("value") is None:
        return None
    measures = entry.get("measures") or {}
    outturns = sorted(
        (k.removeprefix("outturn_"), v)
        for k, v in measures.items()
        if k.startswith("outturn_") and v is not None and k.removeprefix("outturn_") < month.fy
    )[-3:]
    bars = [(year, value, "Outturn") for year, value in outturns]
    bars.append((f"{month.fy} to {month.start.strftime('%b')}", entry["value"], "Year to date"))
    forecast = measures.get("forecast_year_end")
    if forecast is not None:
        bars.append((f"{month.fy} forecast", forecast, "Forecast"))
    data = [{"period": p, "value": v, "kind": k, "text": number(v, "percent")} for p, v, k in bars]
    target = (entry.get("target") or {}).get("value")
    order = [b[0] for b in bars]
    x = {
        "field": "period",
        "type": "ordinal",
        "sort": order,
        "title": None,
        "axis": {"labelAngle": 0, "labelLimit": 160},
    }
    y = {"field": "value", "type": "quantitative", "title": "Per cent"}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": BLUE, "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": y,
                # The forecast is hollow (outlined, not filled) and named on the axis, so it needs no colour.
                "fillOpacity": {
                    "condition": {"test": "datum.kind === 'Forecast'", "value": 0},
                    "value": 1,
                },
                "stroke": {"value": BLUE},
            },
        },
        {
            "mark": {"type": "text", "dy": -6, "color": BLACK},
            "encoding": {"x": x, "y": y, "text": {"field": "text"}},
        },
    ]
    if target is not None:
        layers.append(
            reference_line(
                target,
                f"Target {number(target, 'percent')}",
                axis="y",
                dash=[2, 2],
                text={"align": "right", "dy": -6, "x": "width"},
            )
        )
    spec = {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": data},
        "layer": layers,
    }
    alt = (
        "Looked-after children with 3 or more placements: "
        + "; ".join(f"{p} {number(v, 'percent')}" for p, v, _ in bars)
        + (f"; target {number(target, 'percent')}" if target is not None else "")
        + "."
    )
    rows = []
    for p, v, k in bars:
        is_ytd = k == "Year to date"
        rows.append(
            TableRow(
                {
                    "period": label_cell(p),
                    "kind": label_cell(k),
                    "value": cell(
                        v,
                        "percent",
                        ind,
                        entry.get("numerator") if is_ytd else None,
                        entry.get("denominator") if is_ytd else None,
                    ),
                },
                header=p,
            )
        )
    table = data_table(
        "table-placements-3plus",
        "Children with 3 or more placements, by year",
        [
            ("period", "Period", False),
            ("kind", "Kind", False),
            ("value", "% with 3+ placements", True),
        ],
        rows,
    )
    return figure(
        "fig-placements-3plus",
        "Placement moves: 3 or more placements in the year",
        alt,
        spec,
        table,
    )


def adoption_figure(results: dict[str, Any], month: Month) -> Draft | None:
    """A1 and A2 (average days, 3-year cohorts) by quarter, with the DfE's thresholds."""
    names = {
        "adoption.a1_days": "A1: entering care to placement",
        "adoption.a2_days": "A2: court authority to match",
    }
    quarters: dict[str, str] = {}
    points: dict[str, dict[str, dict[str, Any]]] = {}
    thresholds = []
    for ind in names:
        entry = results["indicators"].get(ind)
        if not entry:
            continue
        for q in (entry.get("breakdowns") or {}).get("quarter") or []:
            if q.get("value") is not None:
                quarters.setdefault(q["key"], q["label"])
                points.setdefault(ind, {})[q["key"]] = q
        limit = (entry.get("measures") or {}).get("threshold_days")
        if limit is not None and ind in points:
            thresholds.append((ind, limit))
    if not points:
        return None
    order = sorted(quarters)
    short = {k: Month.parse(k).start.strftime("3 yrs to %b %Y") for k in order}
    series = [names[i] for i in names if i in points]
    data = [
        {"quarter": short[k], "series": names[i], "value": p["value"]}
        for i, qs in points.items()
        for k, p in qs.items()
    ]
    domain = series + [f"{names[i][:2]} threshold" for i, _ in thresholds]
    data += [
        {"quarter": short[k], "series": f"{names[i][:2]} threshold", "value": v}
        for i, v in thresholds
        for k in order
    ]
    n = len(domain)
    colours = [BLUE, RED, GREY, GREY][:n] if n <= 4 else list(SERIES_COLOURS[:n])
    dashes = [DASHES[0], DASHES[1], DASHES[2], DASHES[4]][:n]
    x = {
        "field": "quarter",
        "type": "ordinal",
        "sort": [short[k] for k in order],
        "title": None,
        "axis": {"labelAngle": 0, "labelLimit": 120},
    }
    y = {"field": "value", "type": "quantitative", "title": "Average days"}
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": domain, "range": colours},
    }
    spec = {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": data},
        "layer": [
            {
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": domain, "range": dashes},
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 50, "opacity": 1},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
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
    alt = (
        "Adoption timeliness by quarter, average days over 3 years: "
        + "; ".join(
            f"{names[i]} "
            + ", ".join(f"{short[k]} {number(p['value'], 'days')}" for k, p in sorted(qs.items()))
            for i, qs in points.items()
        )
        + "".join(f"; {names[i][:2]} threshold {number(v, 'days')}" for i, v in thresholds)
        + "."
    )
    rows = []
    for k in order:
        cells = {"quarter": label_cell(quarters[k])}
        for i in points:
            p = points[i].get(k)
            cells[i] = cell(
                p["value"] if p else None,
                "days",
                i,
                p.get("numerator") if p else None,
                p.get("denominator") if p else None,
            )
        rows.append(TableRow(cells, header=quarters[k]))
    table = data_table(
        "table-adoption-a1-a2",
        "Adoption A1 and A2 by quarter (average days)",
        [("quarter", "Three years to", False)] + [(i, names[i], True) for i in points],
        rows,
    )
    return figure("fig-adoption-a1-a2", "Adoption: A1 and A2 by quarter", alt, spec, table)


def caseloads_figure(results: dict[str, Any], month: Month) -> Draft | None:
    ind = "workforce.caseloads"
    entry = results["indicators"].get(ind)
    teams = ((entry or {}).get("breakdowns") or {}).get("team") or []
    shown = [t for t in teams if t.get("value") is not None]
    if not entry or not shown:
        return None
    order = [t["label"] for t in shown]
    data = [
        {"team": t["label"], "value": t["value"], "text": number(t["value"], "ratio")}
        for t in shown
    ]
    council = entry.get("value")
    y = {
        "field": "team",
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {"labelLimit": 280},
    }
    x = {"field": "value", "type": "quantitative", "title": "Cases per FTE"}
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "bar", "color": BLUE}, "encoding": {"x": x, "y": y}},
        {
            "mark": {"type": "text", "align": "left", "dx": 3, "color": BLACK},
            "encoding": {"x": x, "y": y, "text": {"field": "text"}},
        },
    ]
    if council is not None:
        layers.append(
            reference_line(
                council,
                f"Council {number(council, 'ratio')}",
                axis="x",
                dash=[6, 3],
                text={"align": "left", "dx": 4, "y": "height", "dy": 28},
            )
        )
    spec = {
        "$schema": SCHEMA,
        "width": WIDTH - 240,
        "height": {"step": 16},
        "data": {"values": data},
        "layer": layers,
    }
    top = max(shown, key=lambda t: t["value"])
    low = min(shown, key=lambda t: t["value"])
    alt = (
        f"Cases per caseload FTE for {len(shown)} teams: from {number(low['value'], 'ratio')} "
        f"({low['label']}) to {number(top['value'], 'ratio')} ({top['label']})"
        + (
            f"; the council as a whole {number(council, 'ratio')} (dashed line)"
            if council is not None
            else ""
        )
        + "."
    )
    areas = members(results, "area")
    rows = [
        TableRow(
            {
                "team": label_cell(t["label"]),
                "area": label_cell(areas.get(t.get("parent") or "", t.get("parent") or "")),
                "cases": cell(_int(t.get("numerator")), "count", None),
                "fte": cell(t.get("denominator"), "fte", None),
                "caseload": cell(
                    t["value"], "ratio", ind, t.get("numerator"), t.get("denominator")
                ),
            },
            header=t["label"],
        )
        for t in teams
    ]
    table = data_table(
        "table-caseloads-by-team",
        "Cases per caseload FTE by team",
        [
            ("team", "Team", False),
            ("area", "Area", False),
            ("cases", "Open cases", True),
            ("fte", "Caseload FTE", True),
            ("caseload", "Cases per FTE", True),
        ],
        rows,
        # The seed's table 25 (special.caseloads_by_team) prints the same figures.
        printed=False,
    )
    return figure("fig-caseloads-by-team", "Caseloads per FTE by team", alt, spec, table)


def _int(value: Any) -> int | None:
    return None if value is None else round(float(value))
