"""Tables of the report built from the `qaf indicators` JSON and result rows.

Every figure keeps its raw value and its indicator id, so a test can hold it against the JSON.
Text is formatted here, once, by the indicator's unit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from qaf.indicators.compute import Result
from qaf.indicators.months import Month
from qaf.report.document import Cell, Column, RowLevel, Table, TableRow

NO_FIGURE = "\u2013"  # an en dash: no figure for this cell
# Comparators shown beside each figure, in the seed's order (its CP rate chart's legend).
COMPARATORS = {"statistical_neighbours": "Neighbours", "england": "England"}
# pivot() line levels as the document's row levels.
LEVELS: dict[str, RowLevel] = {"service_area": "subtotal", "service": "subtotal", "total": "total"}


# A population estimate is not a process the service runs, so the report gives it no SPC reading
# (the engine's signal_series still computes one; the report leaves it out by indicator id).
NO_SPC_PREFIXES = ("population.",)


def reads_spc(indicator_id: str) -> bool:
    """Whether the report shows an SPC reading (icons, sentences, XmR chart) for the indicator."""
    return not indicator_id.startswith(NO_SPC_PREFIXES)


def fmt(value: Any, unit: str) -> str:
    """A figure as a reader sees it: counts with thousands separators, percentages with one
    decimal place and a % sign, days whole, rates, ratios and years to one decimal place."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return NO_FIGURE
    number = float(value)
    if unit == "percent":
        return f"{number:.1f}%"
    if unit in ("count", "days"):
        return f"{number:,.0f}" if number == round(number) or unit == "days" else f"{number:,.1f}"
    return f"{number:,.1f}"


def month_label(label: str) -> str:
    """`2016-09` as the seed writes it: `Sep-16`."""
    return Month.parse(label).start.strftime("%b-%y")


def number(value: Any) -> float | int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return int(value) if isinstance(value, int) else float(value)


def figure(value: Any, unit: str, indicator_id: str | None, **marks: Any) -> Cell:
    return Cell(number(value), fmt(value, unit), indicator_id, **marks)


def label_cell(text: str) -> Cell:
    return Cell(text, text)


def on_target(value: float | None, target: float | None, polarity: str) -> bool | None:
    """Whether a value meets the target, read with the indicator's polarity (beside.target_json's rule)."""
    if value is None or target is None or polarity not in ("up", "down"):
        return None
    return value >= target if polarity == "up" else value <= target


def latest_comparator(bench: Mapping[str, Any] | None, comparator: str, month: Month) -> Any:
    """The comparator's row of the latest year published up to the month's financial year."""
    if not bench:
        return None
    rows = [
        r
        for r in bench.get("rows", [])
        if r["comparator"] == comparator and r["value"] is not None and r["period"] <= month.fy
    ]
    return max(rows, key=lambda r: r["period"]) if rows else None


def has_figures(ind: Mapping[str, Any]) -> bool:
    return any(p.get("value") is not None for p in ind.get("series", []))


def monthly_table(
    table_id: str, caption: str, indicators: Mapping[str, Mapping[str, Any]], month: Month
) -> Table:
    """One line per indicator: each month of the financial year to date, the target, the latest
    published neighbours' median and England, and the SPC variation and assurance icons."""
    months = [m.label for m in month.fy_to_date()]
    columns = [Column("label", "Indicator", False)]
    columns += [Column(m, month_label(m), True) for m in months]
    columns += [
        Column("target", "Target", True),
        *(Column(key, f"{name} (latest year)", True) for key, name in COMPARATORS.items()),
        Column("variation", "Variation", False),
        Column("assurance", "Assurance", False),
    ]
    rows = []
    for ind_id, ind in indicators.items():
        unit, polarity = ind["unit"], ind["polarity"]
        target = (ind.get("target") or {}).get("value")
        by_month = {p["month"]: p for p in ind.get("series", [])}
        cells: dict[str, Cell] = {}
        for m in months:
            value = by_month.get(m, {}).get("value")
            cells[m] = figure(value, unit, ind_id, on_target=on_target(value, target, polarity))
            if by_month.get(m, {}).get("complete") is False and value is not None:
                cells[m].text += " (part)"
        cells["target"] = figure(target, unit, ind_id) if target is not None else label_cell("")
        for key in COMPARATORS:
            row = latest_comparator(ind.get("benchmarks"), key, month)
            if row is None:
                cells[key] = label_cell("")
            else:
                cells[key] = figure(row["value"], unit, ind_id)
                cells[key].text += f" ({row['period']})"
        if reads_spc(ind_id):
            cells.update(icon_cells(ind.get("signals")))
        else:
            cells.update(variation=label_cell("not a process: no SPC reading"))
            cells.update(assurance=label_cell(""))
        rows.append(TableRow(cells, "item", ind["title"]))
    notes = [
        "On or off target is marked beside each figure with a target (a tick or a cross and "
        "the words), read with the indicator's direction.",
        "(part): the month's period starts before the data does, so the figure is short.",
    ]
    return Table(table_id, caption, columns, rows, notes)


def icon_cells(signals: Mapping[str, Any] | None) -> dict[str, Cell]:
    """The variation and assurance icons as cells (text says the state in words). A figure with
    no variation reading says why (the signals' `reason`) in the variation cell, never a blank."""
    reason = (signals or {}).get("reason") or "no SPC reading"
    if not signals or not signals.get("icons"):
        return {"variation": label_cell(reason), "assurance": label_cell("")}
    icons = signals["icons"]
    cells = {
        key: Cell(None, str(icons[key]).replace("_", " "), icon=icons[key])
        for key in ("variation", "assurance")
        if icons.get(key)
    }
    if "variation" not in cells:
        cells["variation"] = label_cell(reason)
    cells.setdefault("assurance", label_cell(""))
    return cells


def from_pivot(
    table_id: str,
    caption: str,
    frame: pd.DataFrame,
    indicator_id: str,
    unit: str,
    columns: Sequence[tuple[Any, str]],
    header: str,
) -> Table:
    """A pivot() frame as a table: `columns` pairs each frame column with its label. A column with
    no figure at all is left out (a breakdown the engine gives for the report month only)."""
    filled = [(k, label) for k, label in columns if frame[k].notna().any()]
    columns = filled or list(columns)[:1]
    cols = [Column(str(key), label, True) for key, label in columns]
    rows = []
    for index, level, label in lines_of(frame):
        cells = {str(key): figure(frame.at[index, key], unit, indicator_id) for key, _ in columns}
        rows.append(TableRow(cells, LEVELS.get(level, "item"), label))
    return Table(table_id, caption, [Column("label", header, False), *cols], rows)


def lines_of(frame: pd.DataFrame) -> list[tuple[Any, str, str]]:
    """A pivot() frame's lines: its (level, key) index, the level and the line's label."""
    index: list[Any] = list(frame.index)
    return [(i, str(i[0]), str(label)) for i, label in zip(index, frame["label"], strict=True)]


def period_columns(frame: pd.DataFrame) -> list[tuple[Any, str]]:
    """pivot()'s period columns with readable labels: months as `Sep-16`, then the year to date."""
    out = []
    for key in frame.columns:
        if key == "label":
            continue
        text = str(key)
        label = month_label(text) if len(text) == 7 and text[4] == "-" else PERIOD_WORDS.get(text)
        out.append((key, label or text))
    return out


# Every period kind (qaf.indicators.periods.PERIOD_KINDS) but the month, as a column heading.
# A cohort_3y row covers the 3 years to the end of the last complete quarter (the adoption
# scorecard's A1 to A3).
PERIOD_WORDS = {
    "fytd": "Year to date",
    "fy": "Year",
    "quarter": "Quarter",
    "rolling_12m": "12 months to date",
    "cohort_3y": "3 years to the last complete quarter",
}


def member_rows(
    indicator_id: str,
    unit: str,
    members: Iterable[Mapping[str, Any]],
) -> list[TableRow]:
    """A breakdown's members (the JSON's `breakdowns[dim]`) as value rows."""
    return [
        TableRow(
            {
                "value": figure(m.get("value"), unit, indicator_id),
                "numerator": figure(m.get("numerator"), "count", indicator_id),
                "denominator": figure(m.get("denominator"), "count", indicator_id),
            },
            "item",
            str(m.get("label") or m.get("key")),
        )
        for m in members
    ]


# The last result's rows split by indicator: a report asks for each indicator's rows several
# times, and filtering the whole long table each time cost a second at scale 1.
_split: list[tuple[pd.DataFrame, dict[str, pd.DataFrame]]] = []


def rows_of(result: Result, ind_id: str) -> pd.DataFrame:
    if not _split or _split[0][0] is not result.rows:
        groups = {str(k): g for k, g in result.rows.groupby("indicator_id", sort=False)}
        _split[:] = [(result.rows, groups)]
    return _split[0][1].get(ind_id, result.rows.iloc[0:0])
