"""The external variant's disclosure control: no count of 1 to 5 shown, and no suppressed cell
recoverable from its row and column totals by differencing (worked examples and a property test)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qaf.report.disclosure import SUPPRESSED_TEXT, kind_of, protect, protect_table
from qaf.report.document import (
    Cell,
    Column,
    Figure,
    Paragraph,
    Report,
    Section,
    Signal,
    Table,
    TableRow,
    tables_of,
)

COUNT_ID = "cp.plan_ends"  # a count indicator
PCT_ID = "cp.plan_ends_under_3m_pct"  # a percentage


def count(value: int) -> Cell:
    return Cell(value, f"{value:,}", COUNT_ID)


def row(header: str, values: dict[str, int], level: str = "item") -> TableRow:
    cells = {"label": Cell(header, header)} | {k: count(v) for k, v in values.items()}
    return TableRow(cells, level, header)  # type: ignore[arg-type]


def table(rows: list[TableRow], keys: list[str]) -> Table:
    columns = [Column("label", "Team", False)] + [Column(k, k, True) for k in keys]
    return Table("t", "A table", columns, rows)


def shown(t: Table) -> list[list[str]]:
    return [[c.text for k, c in r.cells.items() if k != "label"] for r in t.rows]


def test_worked_example_primary_then_secondary_by_row_and_column() -> None:
    t = table(
        [
            row("Team 1", {"a": 3, "b": 10, "total": 13}),
            row("Team 2", {"a": 7, "b": 12, "total": 19}),
            row("Area 1", {"a": 10, "b": 22, "total": 32}, "subtotal"),
            row("Team 3", {"a": 8, "b": 9, "total": 17}),
            row("Team 4", {"a": 20, "b": 0, "total": 20}),
            row("Area 2", {"a": 28, "b": 9, "total": 37}, "subtotal"),
            row("Total", {"a": 38, "b": 31, "total": 69}, "total"),
        ],
        ["a", "b", "total"],
    )
    protect_table(t)
    # 3 is primary; its row's next smallest (10) and its column's (7) follow; then 7's row (12).
    assert shown(t) == [
        ["c", "c", "13"],
        ["c", "c", "19"],
        ["10", "22", "32"],
        ["8", "9", "17"],
        ["20", "0", "20"],
        ["28", "9", "37"],
        ["38", "31", "69"],
    ]
    hidden = [c for r in t.rows for c in r.cells.values() if c.suppressed]
    assert all(c.value is None and c.text == SUPPRESSED_TEXT for c in hidden)


def test_a_lone_suppressed_cell_in_a_subtotal_group_takes_the_subtotal_level_too() -> None:
    # Two areas under one service: an area's subtotal is worked back from the service's.
    t = table(
        [
            row("T1", {"n": 2}),
            row("T2", {"n": 30}),
            row("A1", {"n": 32}, "subtotal"),
            row("T3", {"n": 40}),
            row("A2", {"n": 40}, "subtotal"),
            row("S", {"n": 72}, "subtotal"),
            row("Total", {"n": 72}, "total"),
        ],
        ["n"],
    )
    protect_table(t)
    assert _recoverable(t, _structure_rows([[0, 1], [3]], 2, 4, 5, 6)) == []
    assert shown(t)[0] == ["c"]


def test_percentages_made_from_suppressed_counts_are_suppressed() -> None:
    cells = {
        "label": Cell("Team 1", "Team 1"),
        "ended": count(4),
        "all": count(40),
        "pct": Cell(10.0, "10.0%", PCT_ID, numerator=4, denominator=40),
        "pct_big": Cell(50.0, "50.0%", PCT_ID, numerator=20, denominator=40),
        "pct_left": Cell(92.5, "92.5%", PCT_ID, numerator=37, denominator=40),
    }
    t = Table(
        "t",
        "x",
        [Column(k, k, k != "label") for k in cells],
        [TableRow(cells, "item", "Team 1")],
    )
    protect_table(t)
    by_key = t.rows[0].cells
    assert by_key["ended"].suppressed and by_key["pct"].suppressed
    assert not by_key["pct_big"].suppressed
    # 37 of 40 leaves 3 out: the complement is a count of 1 to 5.
    assert by_key["pct_left"].suppressed


def test_counts_beside_a_ratio_carry_its_id_and_are_still_counts() -> None:
    # The seed's table 25: open cases and allocated cases are counts under the caseload's id.
    cells = {
        "fte": Cell(5.0, "5.0", "workforce.caseloads"),
        "cases": Cell(3, "3", "workforce.caseloads"),
        "per_fte": Cell(0.6, "0.6", "workforce.caseloads"),
    }
    t = Table("t", "x", [Column(k, k, True) for k in cells], [TableRow(cells, "item", "Team")])
    protect_table(t, {"workforce.caseloads": "ratio"})
    # FTE x cases per FTE would give the cases back; with no counts of their own to go on, both
    # figures of the row beside a hidden count go (the FTE more than strictly needed).
    assert [c.text for c in t.rows[0].cells.values()] == ["c", "c", "c"]


def test_a_percentage_without_its_counts_is_looked_up_in_the_results() -> None:
    results = {
        "indicators": {
            PCT_ID: {
                "unit": "percent",
                "rows": [{"value": 20.0, "numerator": 2, "denominator": 10}],
            },
            COUNT_ID: {"unit": "count", "rows": []},
        }
    }
    cells = {"label": Cell("x", "x"), "pct": Cell(20.0, "20.0%", PCT_ID)}
    report = _report([Table("t", "x", [Column("pct", "%", True)], [TableRow(cells, "item", "x")])])
    out = protect(report, results)
    assert out.sections[0].blocks[0].rows[0].cells["pct"].suppressed  # type: ignore[union-attr]


def test_a_chart_of_suppressed_data_is_left_out_and_its_table_kept() -> None:
    data = table([row("T1", {"n": 3}), row("T2", {"n": 40})], ["n"])
    figure = Figure("fig", "A chart", "T1 3, T2 40", "<svg><text>3</text></svg>", data)
    clean = Figure("fig2", "Another", "big", "<svg/>", table([row("T1", {"n": 30})], ["n"]))
    report = _report([figure, clean, Paragraph("No data")])
    out = protect(report)
    blocks = out.sections[0].blocks
    assert isinstance(blocks[0], Table) and shown(blocks[0]) == [["c"], ["40"]]  # no total: no sum
    assert any("left out" in n for n in blocks[0].notes)
    assert isinstance(blocks[1], Figure) and isinstance(blocks[2], Paragraph)
    # The report given is not changed.
    assert isinstance(report.sections[0].blocks[0], Figure)
    assert report.sections[0].blocks[0].table.rows[0].cells["n"].text == "3"
    assert out.external and not report.external


def test_sentences_and_findings_giving_away_small_counts_are_dropped() -> None:
    count_said = "No outcome rose on last month: 3 in September 2016 against 0 in August 2016."
    big = "No outcome fell on last month: 120 in September 2016 against 125.5 (down 3.9%)."
    pct_small = "Adopted rose: 11.5% (3 of 26) in September 2016 against 10.0% in August 2016."
    pct_left = "Visited rose: 92.5% (37 of 40) in September 2016 (up 2.7 percentage points)."
    pct_fine = "Visited rose: 80.0% (32 of 40) in September 2016 (up 2.7 percentage points)."
    signals = [
        Signal("cp.icpc_no_outcome", "No outcome", [count_said, big]),
        Signal(PCT_ID, "Share", [pct_small, pct_left, pct_fine]),
    ]
    report = _report(signals)
    report.sections[0].findings = [count_said, pct_small, pct_fine, big]
    results = {
        "indicators": {
            "cp.icpc_no_outcome": {"unit": "count", "signals": {"sentences": [count_said, big]}},
            PCT_ID: {"unit": "percent", "signals": {"sentences": [pct_small, pct_fine]}},
        }
    }
    out = protect(report, results).sections[0]
    assert [b.sentences for b in out.blocks] == [[big], [pct_fine]]  # type: ignore[union-attr]
    assert out.findings == [pct_fine, big]


def test_the_data_quality_section_loses_its_example_rows() -> None:
    cells = {"what": Cell("emptied", "emptied"), "count": Cell(2, "2"), "row": Cell(17, "17")}
    columns = [
        Column("what", "What", False),
        Column("count", "Times", True),
        Column("row", "Example row", True),
    ]
    quality = Table("q", "Changes", columns, [TableRow(cells, "item", "ssd_person")])
    report = _report([quality], section_id="quality")
    out = protect(report)
    kept = out.sections[0].blocks[0].rows[0].cells  # type: ignore[union-attr]
    assert kept["row"].value is None and "withheld" in kept["row"].text
    assert kept["count"].text == "2"  # a count of changed cells is about the data, not children


# --- the property: nothing shown from 1 to 5, nothing recoverable by differencing ------------------

Constraint = tuple[tuple[int, str], list[tuple[int, str]]]


def _structure_rows(
    areas: list[list[int]], *totals: int, keys: tuple[str, ...] = ("n",)
) -> list[Constraint]:
    """Sums of a one-service table: each area subtotal, the service, the total (by rows)."""
    area_rows, service, total = list(totals[:-2]), totals[-2], totals[-1]
    sums: list[Constraint] = []
    for key in keys:
        for members, at in zip(areas, area_rows, strict=True):
            sums.append(((at, key), [(m, key) for m in members]))
        sums.append(((service, key), [(a, key) for a in area_rows]))
        sums.append(((total, key), [(service, key)]))
    return sums


def _recoverable(t: Table, sums: list[Constraint]) -> list[tuple[int, str]]:
    """Suppressed cells a reader could work out by differencing, repeatedly."""
    unknown = {(r, k) for r, row in enumerate(t.rows) for k, c in row.cells.items() if c.suppressed}
    found = []
    progress = True
    while progress:
        progress = False
        for total, members in sums:
            missing = [p for p in [total, *members] if p in unknown]
            if len(missing) == 1:
                unknown.discard(missing[0])
                found.append(missing[0])
                progress = True
    return found


counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def hierarchical_tables(draw: st.DrawFn) -> tuple[Table, list[Constraint]]:
    """Teams under areas under one service, kinds across with a total column (the seed's table 12)."""
    n_kinds = draw(st.integers(1, 3))
    kinds = [f"k{i}" for i in range(n_kinds)]
    keys = [*kinds, "total"]
    areas = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    rows: list[TableRow] = []
    area_members: list[list[int]] = []
    area_rows: list[int] = []
    grand = dict.fromkeys(kinds, 0)
    for size in areas:
        members = []
        area_sum = dict.fromkeys(kinds, 0)
        for _ in range(size):
            values = {k: draw(counts) for k in kinds}
            for k in kinds:
                area_sum[k] += values[k]
            members.append(len(rows))
            rows.append(row(f"T{len(rows)}", values | {"total": sum(values.values())}))
        area_members.append(members)
        area_rows.append(len(rows))
        rows.append(row(f"A{len(rows)}", area_sum | {"total": sum(area_sum.values())}, "subtotal"))
        for k in kinds:
            grand[k] += area_sum[k]
    rows.append(row("S", grand | {"total": sum(grand.values())}, "subtotal"))
    rows.append(row("Total", grand | {"total": sum(grand.values())}, "total"))
    n = len(rows)
    sums = _structure_rows(area_members, *area_rows, n - 2, n - 1, keys=tuple(keys))
    # Every team also sums to the service directly, and each row's kinds to its total column.
    for key in keys:
        sums.append(((n - 2, key), [(m, key) for ms in area_members for m in ms]))
    for r in range(n):
        sums.append(((r, "total"), [(r, k) for k in kinds]))
    return table(rows, keys), sums


@st.composite
def table_12s(draw: st.DrawFn) -> tuple[Table, list[Constraint]]:
    """The seed's table 12 as the report lays it out: teams down with area subtotals and a total;
    for each month the plans ended by length and their total, then the year to date of each."""
    months = [f"2016-0{4 + i}" for i in range(draw(st.integers(1, 3)))]
    kinds = ["0-2", "3+"]
    groups = [*months, "fytd"]
    keys = [f"{g}|{k}" for g in groups for k in [*kinds, "total"]]
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    rows: list[TableRow] = []
    members: list[list[int]] = []
    totals: dict[str, int] = dict.fromkeys(keys, 0)
    subtotal_rows = []
    for size in sizes:
        area = dict.fromkeys(keys, 0)
        members.append([])
        for _ in range(size):
            values = {f"{m}|{k}": draw(counts) for m in months for k in kinds}
            for k in kinds:
                values[f"fytd|{k}"] = sum(values[f"{m}|{k}"] for m in months)
            for g in groups:
                values[f"{g}|total"] = sum(values[f"{g}|{k}"] for k in kinds)
            for key in keys:
                area[key] += values[key]
                totals[key] += values[key]
            members[-1].append(len(rows))
            rows.append(row(f"T{len(rows)}", values))
        subtotal_rows.append(len(rows))
        rows.append(row(f"A{len(rows)}", area, "subtotal"))
    rows.append(row("Total", totals, "total"))
    n = len(rows)
    sums: list[Constraint] = []
    for key in keys:
        for ms, at in zip(members, subtotal_rows, strict=True):
            sums.append(((at, key), [(m, key) for m in ms]))
        sums.append(((n - 1, key), [(a, key) for a in subtotal_rows]))
        sums.append(((n - 1, key), [(m, key) for ms in members for m in ms]))
    for r in range(n):
        for g in groups:
            sums.append(((r, f"{g}|total"), [(r, f"{g}|{k}") for k in kinds]))
        for k in [*kinds, "total"]:
            sums.append(((r, f"fytd|{k}"), [(r, f"{m}|{k}") for m in months]))
    return table(rows, keys), sums


@st.composite
def monthly_tables(draw: st.DrawFn) -> tuple[Table, list[Constraint]]:
    """Rows by category with a total row; a column per month and a year to date that adds them up,
    keyed without the `period|kind` form, so the column sum is found from the figures alone."""
    months = [f"month{i}" for i in range(draw(st.integers(2, 5)))]
    keys = [*months, "year"]
    rows = []
    n_rows = draw(st.integers(1, 4))
    for i in range(n_rows):
        values = {m: draw(counts) for m in months}
        rows.append(row(f"R{i}", values | {"year": sum(values.values())}))
    totals = {k: sum(r.cells[k].value for r in rows) for k in keys}  # type: ignore[misc]
    rows.append(row("Total", totals, "total"))
    sums: list[Constraint] = [((n_rows, k), [(i, k) for i in range(n_rows)]) for k in keys]
    sums += [((r, "year"), [(r, m) for m in months]) for r in range(n_rows + 1)]
    return table(rows, keys), sums


@st.composite
def area_and_service_tables(draw: st.DrawFn) -> tuple[Table, list[Constraint]]:
    """The report's "by area and service" tables: no team lines, only each area within its service
    (a subtotal), each service (a subtotal), the unassigned line and the total, with some area lines
    coming after the total (those only a later indicator had)."""
    keys = ["a", "b"]
    lines: list[tuple[str, str, dict[str, int]]] = []
    late: list[tuple[str, str, dict[str, int]]] = []
    service_rows: list[tuple[str, list[str]]] = []
    grand = dict.fromkeys(keys, 0)
    for s in range(draw(st.integers(1, 3))):
        service = dict.fromkeys(keys, 0)
        names = []
        for a in range(draw(st.integers(1, 3))):
            values = {k: draw(counts) for k in keys}
            name = f"S{s} - A{a}"  # as pivot() labels an area within its service
            names.append(name)
            (late if draw(st.booleans()) and a else lines).append((name, "subtotal", values))
            for k in keys:
                service[k] += values[k]
        lines.append((f"S{s}", "subtotal", service))
        service_rows.append((f"S{s}", names))
        for k in keys:
            grand[k] += service[k]
    none = {k: draw(counts) for k in keys}
    lines.append(("none", "item", none))
    lines.append(("Total", "total", {k: grand[k] + none[k] for k in keys}))
    lines += late
    at = {name: i for i, (name, _, _) in enumerate(lines)}
    rows = [row(name, values, level) for name, level, values in lines]
    sums: list[Constraint] = []
    for key in keys:
        for service_name, names in service_rows:
            sums.append(((at[service_name], key), [(at[n], key) for n in names]))
        parts = [at[name] for name, _ in service_rows] + [at["none"]]
        sums.append(((at["Total"], key), [(p, key) for p in parts]))
    return table(rows, keys), sums


@settings(max_examples=100, deadline=None)
@given(st.one_of(hierarchical_tables(), table_12s(), monthly_tables(), area_and_service_tables()))
def test_no_count_from_1_to_5_is_shown_and_no_suppressed_cell_is_recoverable(case) -> None:
    t, sums = case
    protect_table(t)
    for r in t.rows:
        for key, c in r.cells.items():
            if key != "label" and not c.suppressed:
                assert not 1 <= float(c.value) <= 5, (r.header, key, c.text)  # type: ignore[arg-type]
    assert _recoverable(t, sums) == []


def _report(blocks: list, section_id: str = "1.3") -> Report:
    return Report(
        "QAF",
        "A council",
        date(2016, 9, 1),
        "v1",
        datetime(2016, 10, 1, 9, 0),
        False,
        [Section(section_id, "Section", list(blocks))],
    )


# --- the synthetic council's report, as `qaf report --external` protects it ------------------------


@pytest.fixture(scope="module")
def council_report(report: Report, computed: Any) -> tuple[Report, dict]:
    """The small synthetic council's report and its JSON (tests/report/conftest.py)."""
    return report, computed.doc


@pytest.mark.slow
def test_the_synthetic_councils_external_report_shows_no_small_count(council_report) -> None:
    report, doc = council_report
    units = {i: e["unit"] for i, e in doc["indicators"].items()}
    out = protect(report, doc)
    hidden = shown_small = 0
    for section in out.sections:
        if section.id in ("quality", "definitions"):
            continue
        for block in section.blocks:
            tables = [block] if isinstance(block, Table) else []
            if isinstance(block, Figure):
                tables = [block.table]
                # A chart kept is one whose data has nothing hidden.
                assert not any(c.suppressed for r in block.table.rows for c in r.cells.values())
            for t in tables:
                for r in t.rows:
                    for c in r.cells.values():
                        hidden += c.suppressed
                        if kind_of(c, units) == "count" and 1 <= float(c.value) <= 5:  # type: ignore[arg-type]
                            shown_small += 1
    assert shown_small == 0
    assert hidden > 0, "a council this small has counts of 1 to 5 to hide"
    # The internal report is untouched and shows them.
    assert not any(
        c.suppressed
        for s in report.sections
        for t in tables_of(s)
        for r in t.rows
        for c in r.cells.values()
    )
