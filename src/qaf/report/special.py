"""The seed's own tables: plan ends by team and plan length (its table 12), caseloads by team
(its table 25) and the adoption scorecard (its table 24), laid out as the seed lays them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qaf.indicators.compute import Result
from qaf.indicators.months import Month
from qaf.indicators.pivot import pivot
from qaf.indicators.rows import NO_TEAM_KEY
from qaf.report.document import Block, Cell, Column, Table, TableRow
from qaf.report.tables import (
    LEVELS,
    PERIOD_WORDS,
    figure,
    fmt,
    label_cell,
    latest_comparator,
    lines_of,
    month_label,
    number,
    rows_of,
)
from qaf.report.team_totals import cell_of as _get
from qaf.report.team_totals import rolled_up, team_lines

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
    share_of: dict[str, pd.DataFrame | None] = {
        "value": None,
        "numerator": None,
        "denominator": None,
    }
    if not shares.empty:
        for show in share_of:
            share_of[show] = pivot(shares, "team", hierarchy=hierarchy, unit="percent", show=show)
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
        if level == "total":
            continue  # the pivot's council rows; the total is rolled up from the teams below
        cells: dict[str, Cell] = {}
        for period in periods:
            for key in PLAN_LENGTHS:
                value = _get(lengths, index, (period, key))
                cells[f"{period}|{key}"] = figure(value, "count", "cp.plan_ends")
            cells[f"{period}|total"] = figure(_get(ends, index, period), "count", "cp.plan_ends")
            share = _get(share_of["value"], index, period)
            cells[f"{period}|pct"] = figure(share, "percent", "cp.plan_ends_under_3m_pct")
        rows.append(TableRow(cells, LEVELS.get(level, "item"), label))
    # The total: every team's line rolled up (the JSON has no council row for the year to date).
    total: dict[str, Cell] = {}
    for period in periods:
        for key in PLAN_LENGTHS:
            value = rolled_up(lengths, None, team_lines(lengths), (period, key), "count")
            total[f"{period}|{key}"] = figure(value, "count", "cp.plan_ends")
        value = rolled_up(ends, None, team_lines(ends), period, "count")
        total[f"{period}|total"] = figure(value, "count", "cp.plan_ends")
        tops, bottoms = share_of["numerator"], share_of["denominator"]
        share = (
            rolled_up(tops, bottoms, team_lines(tops), period, "percent")
            if tops is not None
            else None
        )
        total[f"{period}|pct"] = figure(share, "percent", "cp.plan_ends_under_3m_pct")
    rows.append(TableRow(total, "total", "Total"))
    return [
        Table(
            "t1.3-plan-ends-by-team",
            "Child protection plans ended, by team and length of plan (the seed's table 12)",
            columns,
            rows,
            [
                "Year to date: 1 April to the month's end. Area and service lines and the total "
                "add up their teams; a % 0-2 m is their plans ended within 3 months over all "
                "their plans ended, never an average of the teams' percentages."
            ],
        )
    ]


def caseloads_by_team(
    doc: Mapping[str, Any], result: Result, month: Month, finance_only: frozenset[str] = frozenset()
) -> list[Block]:
    """Table 25: caseload FTE, open cases, cases allocated to a named worker and cases per FTE.
    As the seed lays it out: the case-holding teams, their total (the headline's cases and FTE),
    then the finance-only teams and "No assigned team", and a total including them."""
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
    # Rows with allocation=named_worker: value the % allocated, numerator the cases allocated,
    # denominator the open cases.
    named = share = named_of = None
    if not allocated.empty:
        across = ("allocation",)
        named, named_of, share = (
            pivot(allocated, "team", across, hierarchy=hierarchy, unit="percent", show=show)
            for show in ("numerator", "denominator", "value")
        )
    frames = CaseloadFrames(fte, cases, ratio, named, named_of, share)
    columns = [
        Column("label", "Team", False),
        Column("fte", "Caseload FTE", True),
        Column("cases", "Open cases", True),
        Column("allocated", "Allocated to a named worker", True),
        Column("allocated_pct", "% allocated to a named worker", True),
        Column("per_fte", "Cases per caseload FTE", True),
    ]
    holding, others = _holding_lines(lines_of(ratio), hierarchy, finance_only)
    rows = [frames.line(index, level, text, label) for index, level, text in holding]
    holding_teams = [i for i, level, _ in holding if level == "team"]
    if not others:
        rows.append(frames.total(holding_teams, "Total", label))
    else:
        # Without finance-only teams, only "No assigned team" follows the first total.
        finance = any(str(i[1]) != NO_TEAM_KEY for i, _, _ in others)
        aside = "finance-only cases" if finance else "cases with no assigned team"
        rows.append(frames.total(holding_teams, f"Total (excluding {aside})", label))
        rows += [frames.line(index, level, text, label) for index, level, text in others]
        every_team = holding_teams + [i for i, level, _ in others if level == "team"]
        rows.append(frames.total(every_team, f"Total (including {aside})", label, ratios=False))
    return [
        Table(
            "t1.6-caseloads-by-team",
            f"Caseloads by service, area and team, {month_label(label)} (the seed's table 25)",
            columns,
            rows,
            [
                "Caseload FTE counts case-holding staff, newly qualified workers at their reduced "
                "share; long-term absence is left out (docs/settings.md, casework).",
                "The first total adds up the case-holding teams above it, as the headline cases "
                "per FTE does; the finance-only teams and cases with no assigned team follow it, "
                "and the last total adds up every line's cases and FTE (no cases per FTE or % "
                "allocated: those cases are held by no worker).",
                "Totals and subtotals add up their teams' cases and FTE; a percentage or cases "
                "per FTE is their summed cases over their summed cases or FTE.",
            ],
        )
    ]


Line = tuple[Any, str, str]  # lines_of(): a pivot line's index, level and label


def _holding_lines(
    lines: list[Line], hierarchy: Any, finance_only: frozenset[str]
) -> tuple[list[Line], list[Line]]:
    """The lines of case-holding services, then those of services whose every team is
    finance-only and "No assigned team" (which the headline leaves out); no total line."""
    services: dict[str, list[str]] = {}
    for team in hierarchy.teams:
        services.setdefault(team.service, []).append(team.key)
    set_aside = {s for s, keys in services.items() if all(k in finance_only for k in keys)}

    def service_of(index: Any, level: str) -> str:
        key = str(index[1])
        if level == "team":
            return NO_TEAM_KEY if key == NO_TEAM_KEY else str(hierarchy.team(key).service)
        return key.split("|")[0]

    holding: list[Line] = []
    others: list[Line] = []
    for line in lines:
        index, level, _ = line
        if level == "total":
            continue
        service = service_of(index, level)
        aside = service in set_aside or service == NO_TEAM_KEY
        (others if aside else holding).append(line)
    return holding, others


@dataclass(frozen=True)
class CaseloadFrames:
    """Table 25's pivot() frames: FTE, cases, cases per FTE, and under allocation=named_worker
    the allocated cases, the cases they are a share of, and the share."""

    fte: pd.DataFrame
    cases: pd.DataFrame
    ratio: pd.DataFrame
    named: pd.DataFrame | None
    named_of: pd.DataFrame | None
    share: pd.DataFrame | None

    def line(self, index: Any, level: str, text: str, month: str) -> TableRow:
        n_named = _get(self.named, index, NAMED)
        n_of = _get(self.named_of, index, NAMED)
        return self._row(
            level,
            text,
            _get(self.fte, index, month),
            _get(self.cases, index, month),
            _get(self.ratio, index, month),
            n_named,
            n_of,
            _get(self.share, index, NAMED),
        )

    def total(self, teams: list[Any], text: str, month: str, ratios: bool = True) -> TableRow:
        """The teams' line added up; without `ratios`, cases per FTE and % allocated are left
        blank (the total including finance-only cases: a case no worker holds has no FTE, so its
        ratios would read as a caseload nobody carries, as the seed leaves them out)."""
        n_named = rolled_up(self.named, None, teams, NAMED, "count")
        n_of = rolled_up(self.named_of, None, teams, NAMED, "count")
        return self._row(
            "total",
            text,
            rolled_up(self.fte, None, teams, month, "count"),
            rolled_up(self.cases, None, teams, month, "count"),
            rolled_up(self.cases, self.fte, teams, month, "ratio") if ratios else None,
            n_named,
            n_of,
            rolled_up(self.named, self.named_of, teams, NAMED, "percent") if ratios else None,
        )

    def _row(
        self,
        level: str,
        text: str,
        fte: Any,
        cases: Any,
        per_fte: Any,
        named: Any,
        named_of: Any,
        pct: Any,
    ) -> TableRow:
        ind = "workforce.caseloads"
        cells = {
            # Staff time, not a count of children: disclosure control leaves it shown.
            "fte": Cell(number(fte), fmt(fte, "ratio"), ind, unit="fte"),
            "cases": figure(cases, "count", ind),
            "allocated": figure(named, "count", ind),
            "allocated_pct": figure(pct, "percent", ind, numerator=named, denominator=named_of),
            "per_fte": figure(per_fte, "ratio", ind, numerator=cases, denominator=fte),
        }
        return TableRow(cells, LEVELS.get(level, "item"), text)


NAMED = "named_worker"  # the allocation dimension's member: allocated to a named worker


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
                [
                    "A1, A2 and A3 are 3-year averages to the end of the last complete quarter, "
                    "as the DfE's scorecard."
                ],
            )
        )
    return blocks
