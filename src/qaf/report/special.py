"""The seed's own tables: plan ends by team and plan length (its table 12), caseloads by team
(its table 25) and the adoption scorecard (its table 24), laid out as the seed lays them out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from qaf.indicators.compute import Result
from qaf.indicators.months import Month
from qaf.indicators.pivot import pivot
from qaf.report.document import Block, Cell, Column, Table, TableRow
from qaf.report.tables import (
    LEVELS,
    PERIOD_WORDS,
    figure,
    label_cell,
    latest_comparator,
    lines_of,
    month_label,
    rows_of,
)

# Plan lengths as each period's heading (html.column_groups) shows them, so short.
PLAN_LENGTHS = {"0-2": "0-2 m", "3+": "3+ m"}


def _rows(result: Result, ind_id: str, dims: set[tuple[str, ...]]) -> pd.DataFrame:
    rows = rows_of(result, ind_id)
    keep = rows["dims"].map(lambda d: tuple(sorted(d)) if isinstance(d, dict) else ())
    return rows[keep.isin(dims) & rows["kind"].isin(("value", "breakdown"))]


def _in_year(rows: pd.DataFrame, month: Month) -> pd.DataFrame:
    months = {m.label for m in month.fy_to_date()}
    monthly = (rows["period_kind"] == "month") & rows["month"].isin(months)
    longer = (rows["period_kind"] == "fytd") & (rows["month"] == month.label)
    return rows[monthly | longer]


def _get(frame: pd.DataFrame | None, index: Any, column: Any) -> Any:
    """The frame's figure at (line, column), None where it has none. Read from a dict made once
    per frame: pandas' .loc took a third of a second for table 12's 1,400 cells."""
    if frame is None:
        return None
    value = _cells(frame).get((index, column))
    return None if value is None or pd.isna(value) else value


# The frames of the table being built, each with its cells (the frame is held so its id stays its).
_cells_of: dict[int, tuple[pd.DataFrame, dict[tuple[Any, Any], Any]]] = {}
HELD_FRAMES = 8


def _cells(frame: pd.DataFrame) -> dict[tuple[Any, Any], Any]:
    held = _cells_of.get(id(frame))
    if held is None or held[0] is not frame:
        if len(_cells_of) >= HELD_FRAMES:
            _cells_of.clear()
        cells = {(i, c): v for c, column in frame.items() for i, v in column.items()}
        _cells_of[id(frame)] = held = (frame, cells)
    return held[1]


def _period_label(key: str) -> str:
    return month_label(key) if len(key) == 7 and key[4] == "-" else PERIOD_WORDS.get(key, key)


def plan_ends_by_team(doc: Mapping[str, Any], result: Result, month: Month) -> list[Block]:
    """Table 12: plans ended in each month and the year to date, by team and plan length, with
    each period's total and the share ended within 3 months."""
    if result.hierarchy is None or "cp.plan_ends" not in doc["indicators"]:
        return []
    hierarchy = result.hierarchy
    by_length = _in_year(
        _rows(result, "cp.plan_ends", {("plan_length", "team"), ("plan_length",)}), month
    )
    totals = _in_year(_rows(result, "cp.plan_ends", {("team",), ()}), month)
    shares = _in_year(_rows(result, "cp.plan_ends_under_3m_pct", {("team",), ()}), month)
    if by_length.empty:
        return []
    lengths = pivot(by_length, "team", ("period", "plan_length"), hierarchy=hierarchy)
    ends = pivot(totals, "team", hierarchy=hierarchy)
    pct = pivot(shares, "team", hierarchy=hierarchy, unit="percent") if not shares.empty else None
    across: list[Any] = list(lengths.columns[1:])
    periods = list(dict.fromkeys(str(c[0]) for c in across))
    columns = [Column("label", "Team", False)]
    for period in periods:
        words = _period_label(period)
        columns += [Column(f"{period}|{k}", f"{words}: {v}", True) for k, v in PLAN_LENGTHS.items()]
        columns += [Column(f"{period}|total", f"{words}: total", True)]
        columns += [Column(f"{period}|pct", f"{words}: % 0-2 m", True)]
    rows = []
    for index, level, label in lines_of(lengths):
        cells: dict[str, Cell] = {}
        for period in periods:
            for key in PLAN_LENGTHS:
                value = _get(lengths, index, (period, key))
                cells[f"{period}|{key}"] = figure(value, "count", "cp.plan_ends")
            cells[f"{period}|total"] = figure(_get(ends, index, period), "count", "cp.plan_ends")
            share = _get(pct, index, period) if pct is not None else None
            cells[f"{period}|pct"] = figure(share, "percent", "cp.plan_ends_under_3m_pct")
        rows.append(TableRow(cells, LEVELS.get(level, "item"), label))
    return [
        Table(
            "t1.3-plan-ends-by-team",
            "Child protection plans ended, by team and length of plan (the seed's table 12)",
            columns,
            rows,
            [
                "Year to date: 1 April to the month's end. Area and service lines add up their teams."
            ],
        )
    ]


def caseloads_by_team(doc: Mapping[str, Any], result: Result, month: Month) -> list[Block]:
    """Table 25: caseload FTE, open cases, cases allocated to a named worker and cases per FTE."""
    if result.hierarchy is None or "workforce.caseloads" not in doc["indicators"]:
        return []
    hierarchy = result.hierarchy
    now = _rows(result, "workforce.caseloads", {("team",), ()})
    now = now[(now["month"] == month.label) & (now["period_kind"] == "month")]
    allocated = _rows(result, "workforce.caseloads", {("allocation", "team"), ("allocation",)})
    allocated = allocated[(allocated["month"] == month.label)]
    if now.empty:
        return []
    label = month.label
    fte = pivot(now, "team", hierarchy=hierarchy, unit="ratio", show="denominator")
    cases = pivot(now, "team", hierarchy=hierarchy, unit="ratio", show="numerator")
    ratio = pivot(now, "team", hierarchy=hierarchy, unit="ratio")
    # Rows with allocation=named_worker: value the % allocated, numerator the cases allocated.
    named = share = None
    if not allocated.empty:
        across = ("allocation",)
        named = pivot(
            allocated, "team", across, hierarchy=hierarchy, unit="percent", show="numerator"
        )
        share = pivot(allocated, "team", across, hierarchy=hierarchy, unit="percent")
    columns = [
        Column("label", "Team", False),
        Column("fte", "Caseload FTE", True),
        Column("cases", "Open cases", True),
        Column("allocated", "Allocated to a named worker", True),
        Column("allocated_pct", "% allocated to a named worker", True),
        Column("per_fte", "Cases per caseload FTE", True),
    ]
    rows = []
    for index, level, line_label in lines_of(ratio):
        n_cases = _get(cases, index, label)
        n_named = _get(named, index, "named_worker") if named is not None else None
        pct = _get(share, index, "named_worker") if share is not None else None
        cells = {
            "fte": figure(_get(fte, index, label), "ratio", "workforce.caseloads"),
            "cases": figure(n_cases, "count", "workforce.caseloads"),
            "allocated": figure(n_named, "count", "workforce.caseloads"),
            "allocated_pct": figure(pct, "percent", "workforce.caseloads"),
            "per_fte": figure(_get(ratio, index, label), "ratio", "workforce.caseloads"),
        }
        rows.append(TableRow(cells, LEVELS.get(level, "item"), line_label))
    return [
        Table(
            "t1.6-caseloads-by-team",
            f"Caseloads by service, area and team, {month_label(label)} (the seed's table 25)",
            columns,
            rows,
            [
                "Caseload FTE counts case-holding staff, newly qualified workers at their reduced "
                "share; long-term absence is left out (docs/settings.md, casework)."
            ],
        )
    ]


# The scorecard's counts: (measure, what it is, the measure it is a share of).
SCORECARD_COUNTS = (
    ("adopted", "Children adopted", None),
    ("adopted_5_plus", "Aged 5 and over", "adopted"),
    ("adopted_under_5", "Aged under 5", "adopted"),
    ("adopted_sibling_group", "Adopted children in sibling groups", "adopted"),
    ("decisions", "Children with a decision to be placed for adoption", None),
    ("placement_orders", "Children with a placement order", "decisions"),
    ("decisions_sibling_group", "Children in sibling groups", "decisions"),
    ("matched", "Children matched to adopters", "placement_orders"),
    ("placed", "Children matched and placed with adopters", "placement_orders"),
    ("reversed", "Children whose decision to be placed for adoption was rescinded", None),
    ("sgo_exits", "Children leaving care on a special guardianship order", None),
)
SCORECARD_MEASURES = (
    "adoption.a1_days",
    "adoption.a2_days",
    "adoption.a3_pct",
    "adoption.adopted_pct",
    "adoption.sgo_pct",
)


def adoption_scorecard(doc: Mapping[str, Any], result: Result, month: Month) -> list[Block]:
    """The seed's scorecard: the year's counts with their shares, then the performance measures
    beside the neighbours' and England's published figures."""
    indicators = doc["indicators"]
    blocks: list[Block] = []
    counts = (indicators.get("adoption.counts_ytd") or {}).get("measures") or {}
    if counts:
        rows = []
        for key, words, of in SCORECARD_COUNTS:
            value = counts.get(key)
            whole = counts.get(of) if of else None
            share = 100.0 * value / whole if value is not None and whole else None
            cells = {
                "count": figure(value, "count", "adoption.counts_ytd"),
                "share": figure(share, "percent", None) if of else label_cell(""),
            }
            rows.append(TableRow(cells, "item", words))
        blocks.append(
            Table(
                "t1.5-scorecard-counts",
                f"Adoption scorecard: the council's adoption population, {month.fy} to date",
                [
                    Column("label", "Children", False),
                    Column("count", f"{month.fy} to date", True),
                    Column("share", "Percentage", True),
                ],
                rows,
                [
                    "Percentages: aged and sibling groups of those adopted; placement orders and "
                    "sibling groups of the decisions; matched and placed of the placement orders."
                ],
            )
        )
    rows = []
    for ind_id in SCORECARD_MEASURES:
        ind = indicators.get(ind_id)
        if ind is None:
            continue
        unit = ind["unit"]
        cells = {"council": figure(ind.get("value"), unit, ind_id)}
        for key in ("statistical_neighbours", "england"):
            row = latest_comparator(ind.get("benchmarks"), key, month)
            cells[key] = figure(row["value"] if row else None, unit, ind_id)
            if row:
                cells[key].text += f" ({row['period']})"
        rows.append(TableRow(cells, "item", ind["title"]))
    if rows:
        blocks.append(
            Table(
                "t1.5-scorecard-measures",
                "Adoption scorecard: performance against neighbours and England",
                [
                    Column("label", "Measure", False),
                    Column("council", f"Council ({month_label(month.label)})", True),
                    Column("statistical_neighbours", "Neighbours' median (latest year)", True),
                    Column("england", "England (latest year)", True),
                ],
                rows,
                ["A1, A2 and A3 are 3-year averages to the month's end, as the DfE's scorecard."],
            )
        )
    return blocks
