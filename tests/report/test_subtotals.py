"""The report's team tables (the seed's tables 12 and 25): every area and service subtotal and the
grand total equal what the `qaf indicators` JSON gives, read from its rows and its team hierarchy
(docs/output.md) rather than from the pivot the report uses; and in the external variant no
suppressed cell can be worked out from the subtotals and totals around it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from qaf.indicators.months import Month
from qaf.report.build import Computed
from qaf.report.disclosure import protect
from qaf.report.document import Cell, Column, Report, Table, TableRow, tables_of
from qaf.report.special import caseloads_by_team

pytestmark = pytest.mark.slow  # the session's synthetic council takes a while to compute

PLAN_ENDS = "t1.3-plan-ends-by-team"
CASELOADS = "t1.6-caseloads-by-team"
PLAN_LENGTHS = ("0-2", "3+")


@dataclass(frozen=True)
class Rule:
    """How one column's figure comes from the JSON's rows: the indicator, the period (a month
    label or `fytd`), the dimensions beside the team, and what is shown: a row field summed
    (`value`, `numerator`, `denominator`), or the summed numerators over the summed denominators
    (`ratio`, `percent`), as the one roll-up rule makes a subtotal of a ratio."""

    indicator: str
    period: str
    beside: tuple[tuple[str, str], ...]
    show: str
    # The JSON's council-level figure when it is a measure rather than a row.
    council_measure: str | None = None

    def figure(self, rows: list[Mapping[str, Any]]) -> float | None:
        if not rows:
            return None
        if self.show in ("value", "numerator", "denominator"):
            return float(sum(r[self.show] or 0 for r in rows))
        over = sum(r["denominator"] or 0 for r in rows)
        if not over:
            return None
        share = sum(r["numerator"] or 0 for r in rows) / over
        return 100 * share if self.show == "percent" else share


def plan_ends_rules(column: str) -> Rule:
    period, part = column.split("|")
    if part in PLAN_LENGTHS:
        return Rule("cp.plan_ends", period, (("plan_length", part),), "value")
    if part == "total":
        return Rule("cp.plan_ends", period, (), "value")
    return Rule("cp.plan_ends_under_3m_pct", period, (), "percent")


def caseload_rules(month: str) -> Callable[[str], Rule]:
    named = (("allocation", "named_worker"),)
    rules = {
        "fte": Rule("workforce.caseloads", month, (), "denominator"),
        "cases": Rule("workforce.caseloads", month, (), "numerator"),
        "per_fte": Rule("workforce.caseloads", month, (), "ratio"),
        "allocated": Rule(
            "workforce.caseloads", month, named, "numerator", "allocated_excl_finance_only"
        ),
        "allocated_pct": Rule(
            "workforce.caseloads", month, named, "percent", "allocated_pct_excl_finance_only"
        ),
    }
    return rules.__getitem__


class TeamRows:
    """The JSON's rows of the report month's tables, found by indicator, period and dimensions."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.month = doc["month"]

    def rows(self, rule: Rule, team: str | None) -> list[Mapping[str, Any]]:
        """The rows for one team, or the council-level rows with `team` None."""
        wanted = dict(rule.beside) | ({"team": team} if team is not None else {})
        kind, month = ("month", rule.period) if rule.period != "fytd" else ("fytd", self.month)
        return [
            r
            for r in self.doc["indicators"][rule.indicator]["rows"]
            if r["kind"] in ("value", "breakdown")
            and r["period_kind"] == kind
            and r["month"] == month
            and r["dims"] == wanted
        ]

    def summed(self, rule: Rule, teams: Iterable[str]) -> float | None:
        return rule.figure([r for team in teams for r in self.rows(rule, team)])

    def every_team(self) -> list[str]:
        return [team["key"] for team in self.doc["dimensions"]["team"]["members"]]

    def council(self, rule: Rule) -> float | None:
        """The council-level figure: its row, else its measure, else the sum of every team."""
        rows = self.rows(rule, None)
        if rows:
            return rule.figure(rows)
        measures = self.doc["indicators"][rule.indicator].get("measures") or {}
        if rule.council_measure in measures:
            return float(measures[rule.council_measure])
        return self.summed(rule, self.every_team())


def teams(doc: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each team line's label -> its team, from the JSON's team hierarchy."""
    out: dict[str, list[str]] = {}
    for team in doc["dimensions"]["team"]["members"]:
        out.setdefault(team["label"], []).append(team["key"])
    return out


def groups(doc: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each subtotal line's label -> the teams it adds up, from the JSON's team hierarchy:
    `Service - Area` for an area within a service, `Service` for a service (a service may share
    its name with one of its teams: Private Fostering)."""
    dims = doc["dimensions"]
    area_label = {a["key"]: a["label"] for a in dims["area"]["members"]}
    service_label = {s["key"]: s["label"] for s in dims["service"]["members"]}
    out: dict[str, list[str]] = {}
    for team in dims["team"]["members"]:
        if team["key"] == "none":
            continue  # "No assigned team" is a line of its own, under no area or service
        service = service_label[team["service"]]
        out.setdefault(f"{service} - {area_label[team['area']]}", []).append(team["key"])
        out.setdefault(service, []).append(team["key"])
    return out


def team_table(report: Report, table_id: str) -> Table:
    found = [t for s in report.sections for t in tables_of(s) if t.id == table_id]
    assert len(found) == 1, f"the report has {len(found)} tables {table_id}"
    return found[0]


def rules_for(table_id: str, month: str) -> Callable[[str], Rule]:
    return plan_ends_rules if table_id == PLAN_ENDS else caseload_rules(month)


def figures(row: TableRow) -> dict[str, Any]:
    return {k: c.value for k, c in row.cells.items() if k != "label"}


def mismatches(
    table: Table, doc: Mapping[str, Any], expected: Callable[[TableRow, Rule], float | None]
) -> list[str]:
    rule_of = rules_for(table.id, doc["month"])
    wrong = []
    for row in table.rows:
        for column, shown in figures(row).items():
            want = expected(row, rule_of(column))
            if (shown is None) != (want is None) or (
                want is not None and shown != pytest.approx(want)
            ):
                wrong.append(f"{row.header} / {column}: report {shown}, JSON {want}")
    return wrong


@pytest.mark.parametrize("table_id", [PLAN_ENDS, CASELOADS])
def test_each_subtotal_is_the_json_sum_of_its_teams(
    report: Report, computed: Computed, table_id: str
) -> None:
    doc = computed.doc
    json, lines = TeamRows(doc), groups(doc)
    table = team_table(report, table_id)
    subtotals = [r for r in table.rows if r.level == "subtotal"]
    assert subtotals and all(r.header in lines for r in subtotals), "a subtotal names no group"

    def expected(row: TableRow, rule: Rule) -> float | None:
        return json.summed(rule, lines[row.header])

    only = Table(table.id, table.caption, table.columns, subtotals)
    assert mismatches(only, doc, expected) == []


@pytest.mark.parametrize("table_id", [PLAN_ENDS, CASELOADS])
def test_each_team_line_is_the_json_row_of_its_team(
    report: Report, computed: Computed, table_id: str
) -> None:
    doc = computed.doc
    json, lines = TeamRows(doc), teams(doc)
    table = team_table(report, table_id)
    items = [r for r in table.rows if r.level == "item"]
    assert items and all(len(lines.get(r.header, ())) == 1 for r in items)

    def expected(row: TableRow, rule: Rule) -> float | None:
        return json.summed(rule, lines[row.header])

    only = Table(table.id, table.caption, table.columns, items)
    assert mismatches(only, doc, expected) == []


# Table 25's totals as the seed has them: the case-holding teams' total, the finance-only teams
# after it, and a total of every line (table 12 has one total, the first and the last).
COUNCIL_TOTAL = {PLAN_ENDS: "Total", CASELOADS: "Total (excluding finance-only cases)"}
EVERY_LINE_TOTAL = {PLAN_ENDS: "Total", CASELOADS: "Total (including finance-only cases)"}


def total_line(table: Table, label: str) -> Table:
    totals = [r for r in table.rows if r.level == "total"]
    assert [r.header for r in totals][-1] == EVERY_LINE_TOTAL[table.id], "the last line totals"
    found = [r for r in totals if r.header == label]
    assert len(found) == 1, f"{table.id} has {len(found)} total lines {label!r}"
    return Table(table.id, table.caption, table.columns, found)


@pytest.mark.parametrize("table_id", [PLAN_ENDS, CASELOADS])
def test_the_total_is_the_json_council_figure(
    report: Report, computed: Computed, table_id: str
) -> None:
    """The council's figure (its row, else its measure) is the total the headline uses; table
    12's year to date has no council row, so its total is every team's."""
    json = TeamRows(computed.doc)

    def expected(row: TableRow, rule: Rule) -> float | None:
        return json.council(rule)

    table = total_line(team_table(report, table_id), COUNCIL_TOTAL[table_id])
    assert mismatches(table, computed.doc, expected) == []


@pytest.mark.parametrize("table_id", [PLAN_ENDS, CASELOADS])
def test_the_total_adds_up_every_line_above_it(
    report: Report, computed: Computed, table_id: str
) -> None:
    """The last total is the sum of every team, finance-only teams and "No assigned team"
    included: no line above it is left out unsaid. Table 25's shows the counts only (cases per
    FTE and % allocated are left blank there: cases no worker holds have no FTE)."""
    json = TeamRows(computed.doc)
    counts_only = table_id == CASELOADS

    def expected(row: TableRow, rule: Rule) -> float | None:
        if counts_only and rule.show in ("ratio", "percent"):
            return None
        return json.summed(rule, json.every_team())

    table = total_line(team_table(report, table_id), EVERY_LINE_TOTAL[table_id])
    assert mismatches(table, computed.doc, expected) == []


def test_the_case_holding_total_leaves_out_only_the_lines_after_it(
    report: Report, computed: Computed
) -> None:
    """Table 25's first total adds up the team lines above it, no more and no fewer; the lines
    between it and the last total are the finance-only teams and "No assigned team"."""
    doc = computed.doc
    json, team_of = TeamRows(doc), teams(doc)
    table = team_table(report, CASELOADS)
    at = [r.header for r in table.rows].index(COUNCIL_TOTAL[CASELOADS])
    above = [team_of[r.header][0] for r in table.rows[:at] if r.level == "item"]
    after = [r.header for r in table.rows[at + 1 : -1] if r.level == "item"]
    assert after and "No assigned team" in after

    def expected(row: TableRow, rule: Rule) -> float | None:
        return json.summed(rule, above)

    table = Table(table.id, table.caption, table.columns, [table.rows[at]])
    assert mismatches(table, doc, expected) == []


# --- the external variant: nothing suppressed can be worked back from the lines around it ---------

# The columns that add up down a table (counts and FTE); shares and ratios do not.
ADDITIVE = {
    PLAN_ENDS: lambda column: column.split("|")[1] in (*PLAN_LENGTHS, "total"),
    CASELOADS: lambda column: column in ("fte", "cases", "allocated"),
}
Place = tuple[int, str]  # (row index, column key)


def sums(table: Table, doc: Mapping[str, Any]) -> list[tuple[Place, list[Place]]]:
    """Every "this cell is the sum of those" a reader can see in a team table: each subtotal and
    the total over its teams' lines, and in table 12 each period's total over its plan lengths
    and the year to date over its months."""
    lines, team_of = groups(doc), teams(doc)
    items = {i: team_of[r.header][0] for i, r in enumerate(table.rows) if r.level == "item"}
    columns = [c.key for c in table.columns if c.key != "label" and ADDITIVE[table.id](c.key)]
    out: list[tuple[Place, list[Place]]] = []
    for i, row in enumerate(table.rows):
        if row.level == "item":
            continue
        if row.level == "subtotal":
            members = set(lines[row.header])
            parts = [j for j, team in items.items() if team in members]
        else:  # a total adds up the team lines above it
            parts = [j for j in items if j < i]
        out += [((i, c), [(j, c) for j in parts]) for c in columns]
    if table.id == PLAN_ENDS:
        periods = list(dict.fromkeys(c.split("|")[0] for c in columns))
        months = [p for p in periods if p != "fytd"]
        for i in range(len(table.rows)):
            out += [((i, f"{p}|total"), [(i, f"{p}|{k}") for k in PLAN_LENGTHS]) for p in periods]
            out += [
                ((i, f"fytd|{k}"), [(i, f"{m}|{k}") for m in months])
                for k in (*PLAN_LENGTHS, "total")
            ]
    return out


def value_at(table: Table, place: Place) -> float:
    """A cell's figure, a blank ("–", no figure) being nothing: 0."""
    value = table.rows[place[0]].cells[place[1]].value
    return 0.0 if value is None else float(value)


def recoverable(internal: Table, external: Table, doc: Mapping[str, Any]) -> list[str]:
    """The suppressed cells of `external` that the sums true of `internal` pin down exactly: a
    cell is recoverable when its unit vector lies in the row space of those sums' coefficients
    over the suppressed cells (so chains of differences count too, not only one sum at a time)."""
    hidden = [
        (i, k)
        for i, row in enumerate(external.rows)
        for k, cell in row.cells.items()
        if cell.suppressed
    ]
    index = {place: n for n, place in enumerate(hidden)}
    equations = []
    for whole, parts in sums(internal, doc):
        # Only a sum that holds is something a reader can use.
        if value_at(internal, whole) != pytest.approx(sum(value_at(internal, p) for p in parts)):
            continue
        coefficients = np.zeros(len(hidden))
        for place, sign in [(whole, 1.0)] + [(p, -1.0) for p in parts]:
            if place in index:
                coefficients[index[place]] += sign
        if coefficients.any():
            equations.append(coefficients)
    if not equations:
        return []
    # e_n lies in the row space exactly when its projection onto it (through an orthonormal
    # basis from the SVD) has length 1.
    _, singular, vt = np.linalg.svd(np.array(equations))
    basis = vt[: int((singular > 1e-9 * singular.max()).sum())]
    pinned = (basis**2).sum(axis=0) > 1 - 1e-9
    return [
        f"{external.rows[i].header} / {k} ({value_at(internal, (i, k)):g})"
        for (i, k), is_pinned in zip(hidden, pinned, strict=True)
        if is_pinned
    ]


@pytest.mark.parametrize("table_id", [PLAN_ENDS, CASELOADS])
def test_no_suppressed_cell_can_be_worked_back_from_the_subtotals(
    report: Report, computed: Computed, table_id: str
) -> None:
    doc = computed.doc
    internal = team_table(report, table_id)
    external = team_table(protect(report, doc), table_id)
    assert [r.header for r in external.rows] == [r.header for r in internal.rows]
    assert any(c.suppressed for r in external.rows for c in r.cells.values())
    assert recoverable(internal, external, doc) == []


def test_recovery_is_found_through_a_chain_of_sums_and_not_where_two_cells_share_one() -> None:
    # Service S, its area X, teams A (4 cases) and B (5), and the total, worked by hand. With A
    # hidden alone, the area's 9 less B's 5 gives A's 4. With A and B hidden, 4 + 5 = 9 pins
    # neither. With A, B and the area hidden, the area is still the service's 9 (a chain:
    # service = area = A + B), while A and B stay unknown.
    doc = {
        "dimensions": {
            "team": {
                "members": [
                    {"key": "A", "label": "Team A", "area": "X", "service": "S"},
                    {"key": "B", "label": "Team B", "area": "X", "service": "S"},
                ]
            },
            "area": {"members": [{"key": "X", "label": "X"}]},
            "service": {"members": [{"key": "S", "label": "S"}]},
        }
    }
    columns = [Column("label", "Team", False), Column("cases", "Open cases", True)]
    lines = [("item", "Team A", 4), ("item", "Team B", 5), ("subtotal", "S - X", 9)]
    lines += [("subtotal", "S", 9), ("total", "Total", 9)]

    def table(hidden: set[str]) -> Table:
        rows = [
            TableRow({"cases": Cell(v, str(v), suppressed=name in hidden)}, level, name)  # type: ignore[arg-type]
            for level, name, v in lines
        ]
        return Table(CASELOADS, "Caseloads", columns, rows)

    internal = table(set())
    assert recoverable(internal, table({"Team A"}), doc) == ["Team A / cases (4)"]
    assert recoverable(internal, table({"Team A", "Team B"}), doc) == []
    assert recoverable(internal, table({"Team A", "Team B", "S - X"}), doc) == ["S - X / cases (9)"]


def test_staff_time_is_never_suppressed_and_a_ratio_on_a_hidden_count_is(
    report: Report, computed: Computed
) -> None:
    """Table 25 external: caseload FTE is staff time, not children, so it stays shown; cases per
    FTE and % allocated rest on the open cases, so they go wherever those cases are hidden."""
    external = team_table(protect(report, computed.doc), CASELOADS)
    assert not [r.header for r in external.rows if r.cells["fte"].suppressed]
    hidden = [r for r in external.rows if r.cells["cases"].suppressed]
    assert hidden, "the synthetic council has teams with 1 to 5 open cases"
    for row in hidden:
        assert row.cells["per_fte"].suppressed or row.cells["per_fte"].value is None, row.header
        assert row.cells["allocated_pct"].suppressed, row.header


def test_without_finance_only_teams_only_no_assigned_team_follows_the_first_total(
    computed: Computed,
) -> None:
    """With no team flagged finance_only, the finance-only service's teams are case-holding and
    the totals name what they leave out: the cases with no assigned team."""
    (table,) = caseloads_by_team(computed.doc, computed.result, Month.parse(computed.doc["month"]))
    assert isinstance(table, Table)
    totals = [i for i, r in enumerate(table.rows) if r.level == "total"]
    assert [table.rows[i].header for i in totals] == [
        "Total (excluding cases with no assigned team)",
        "Total (including cases with no assigned team)",
    ]
    assert [r.header for r in table.rows[totals[0] + 1 : totals[1]]] == ["No assigned team"]
