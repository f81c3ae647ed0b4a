"""pivot(): lay one indicator's rows out as a table: dimensions or periods down and across, with
team / area / service subtotals from the team hierarchy.

The seed's table 12 is `pivot(rows of cp.plan_ends, down="team", across=("period", "plan_length"),
hierarchy=...)` and its table 25 `pivot(rows of workforce.caseloads, down="team", hierarchy=...)`:
no table needs an indicator of its own. Subtotals are rolled up by breakdowns.roll_up (the one rule)
from the team rows' numerators and denominators, the value remade by the indicator's unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qaf.indicators.breakdowns import VALUE_OF_UNIT, Sums, count_value, roll_up
from qaf.indicators.dimensions import dimension, sort_key
from qaf.indicators.hierarchy import TeamHierarchy, label_of
from qaf.indicators.periods import PERIOD_KINDS
from qaf.indicators.rows import NO_TEAM_KEY

PERIOD = "period"  # the pseudo-dimension of a row's period: a month label, else its kind
TOTAL = "total"


@dataclass(frozen=True)
class Line:
    level: str  # a dimension name, "service_area" (an area within its service) or "total"
    dims: tuple[tuple[str, str], ...]
    label: str


def _dims(value: Any) -> dict[str, str]:
    return value if isinstance(value, dict) else {}


def _period_key(row: Mapping[str, Any]) -> str:
    return str(row["month"]) if row["period_kind"] == "month" else str(row["period_kind"])


def _column(row: Mapping[str, Any], across: Sequence[str]) -> tuple[str, ...]:
    dims = _dims(row["dims"])
    return tuple(_period_key(row) if name == PERIOD else dims[name] for name in across)


def _column_order(across: Sequence[str], column: tuple[str, ...]) -> tuple[Any, ...]:
    order: list[Any] = []
    for name, key in zip(across, column, strict=True):
        if name == PERIOD:
            # Months in order, then the longer periods (FY to date after the months it sums).
            order.append((1, PERIOD_KINDS.index(key), "") if key in PERIOD_KINDS else (0, 0, key))
        else:
            order.append((dimension(name).order(key), key))
    return tuple(order)


def pivot(
    rows: pd.DataFrame,
    down: str | Sequence[str],
    across: Sequence[str] = (PERIOD,),
    *,
    hierarchy: TeamHierarchy | None = None,
    unit: str = "count",
    show: str = "value",
) -> pd.DataFrame:
    """One indicator's rows as a table: a line per member of `down` (in natural order), a column
    per combination of `across` (dimension names, or "period"), each cell the row's `show` field
    (value, numerator or denominator). With `hierarchy` and down="team", teams come grouped under
    their area within their service, with a subtotal line after each area and each service, and a
    total line from the council-level rows. The frame's index is (level, key); its `label` column
    names each line."""
    down = (down,) if isinstance(down, str) else tuple(down)
    across = tuple(across)
    wanted = set(down) | (set(across) - {PERIOD})
    beside = set(across) - {PERIOD}
    cells: dict[tuple[tuple[tuple[str, str], ...], tuple[str, ...]], dict[str, Any]] = {}
    columns: set[tuple[str, ...]] = set()
    records: list[dict[str, Any]] = rows[rows["kind"].isin(("value", "breakdown"))].to_dict(
        "records"
    )  # type: ignore[assignment]
    for row in records:
        dims = _dims(row["dims"])
        if set(dims) == wanted:
            key = tuple((name, dims[name]) for name in down)
        elif set(dims) == beside:
            key = ()
        else:
            continue
        column = _column(row, across)
        columns.add(column)
        cells[(key, column)] = row
    ordered_columns = sorted(columns, key=lambda c: _column_order(across, c))
    # Natural order where declared; otherwise the order the indicator gave its rows in.
    members = sorted(dict.fromkeys(k for k, _ in cells if k), key=lambda k: sort_key(dict(k)))

    if hierarchy is not None and down == ("team",):
        lines, values = _grouped(cells, ordered_columns, members, hierarchy, unit, show)
    else:
        lines = [
            Line(",".join(down), k, " / ".join(_label(cells, k, n, v) for n, v in k))
            for k in members
        ]
        values = {
            (line.dims, c): _field(cells.get((line.dims, c)), show)
            for line in lines
            for c in ordered_columns
        }
    adds_up = all(dimension(name).adds_up for name in down)
    if adds_up and any(((), c) in cells for c in ordered_columns):
        lines.append(Line(TOTAL, (), "Total"))
        values.update({((), c): _field(cells.get(((), c)), show) for c in ordered_columns})
    index = pd.MultiIndex.from_tuples(
        [(line.level, "|".join(v for _, v in line.dims) or TOTAL) for line in lines],
        names=["level", "key"],
    )
    table = pd.DataFrame(
        [[values.get((line.dims, c)) for c in ordered_columns] for line in lines],
        index=index,
        columns=pd.MultiIndex.from_tuples(ordered_columns, names=list(across))
        if len(across) > 1
        else [c[0] for c in ordered_columns],
    )
    table.insert(0, "label", [line.label for line in lines])
    return table


def _field(row: Mapping[str, Any] | None, show: str) -> float | None:
    if row is None:
        return None
    value = row[show]
    return None if value is None or pd.isna(value) else float(value)


def _label(cells: Mapping[Any, Mapping[str, Any]], key: Any, name: str, member: str) -> str:
    """A line's label: the row's own where the row is of that one member alone (a team's name);
    a row with dimensions across too labels all of them ("1 to 4, 1 to 2 years"), so the
    member's label comes from its dimension."""
    if len(key) == 1:
        for (k, _), row in cells.items():
            if k == key and isinstance(row.get("label"), str) and set(_dims(row["dims"])) == {name}:
                return str(row["label"])
    return dimension(name).label_of(member)


def _grouped(
    cells: Mapping[Any, Mapping[str, Any]],
    columns: Sequence[tuple[str, ...]],
    members: Sequence[Any],
    hierarchy: TeamHierarchy,
    unit: str,
    show: str,
) -> tuple[list[Line], dict[Any, float | None]]:
    """Team lines grouped by service then area, with rolled-up subtotal lines."""
    value_of = VALUE_OF_UNIT.get(unit, count_value)
    values: dict[Any, float | None] = {}
    teams = [hierarchy.team(k[0][1]) for k in members]
    for column in columns:
        sums: dict[str, Sums] = {}
        for team in teams:
            row = cells.get(((("team", team.key),), column))
            if row is None:
                continue
            numerator = row["numerator"] if not pd.isna(row["numerator"]) else row["value"]
            denominator = None if pd.isna(row["denominator"]) else float(row["denominator"])
            sums[team.key] = (0.0 if pd.isna(numerator) else float(numerator), denominator)
            values[((("team", team.key),), column)] = _field(row, show)
        for level, groups in roll_up(sums, hierarchy).items():
            if level in ("service_area", "service"):
                for dims, (n, d) in groups.items():
                    shown = {"value": value_of(n, d), "numerator": n, "denominator": d}[show]
                    values[(dims, column)] = shown
    lines: list[Line] = []
    for service, service_label in hierarchy.members("service"):
        in_service = [t for t in teams if t.service == service]
        if not in_service:
            continue
        if service == NO_TEAM_KEY:
            # "No assigned team" is a group of one line: no area or service subtotal repeats it.
            lines += [Line("team", (("team", t.key),), t.label) for t in in_service]
            continue
        for area, area_label in hierarchy.members("area"):
            in_area = [t for t in in_service if t.area == area]
            if not in_area:
                continue
            lines += [Line("team", (("team", t.key),), t.label) for t in in_area]
            lines.append(
                Line(
                    "service_area",
                    (("service", service), ("area", area)),
                    f"{service_label} - {area_label}",
                )
            )
        lines.append(Line("service", (("service", service),), label_of(service)))
    return lines, values
