"""The report's content on the synthetic council: every section and indicator, and every number
equal to the `qaf indicators` JSON it came from."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from qaf.indicators.registry import load_all
from qaf.report.build import Computed
from qaf.report.document import (
    SECTION_IDS,
    Cell,
    Figure,
    Paragraph,
    Report,
    Signal,
    Table,
    cells_of,
    tables_of,
)
from qaf.report.sections import indicator_section

pytestmark = pytest.mark.slow  # the session's synthetic council takes a while to compute


def test_the_engine_computed_every_indicator(computed: Computed) -> None:
    # Every other test here reads a full catalogue; a failure here is the engine's, not the report's.
    assert computed.doc["failures"] == []


def test_every_section_in_order_and_every_catalogue_id(report: Report) -> None:
    assert [s.id for s in report.sections] == list(SECTION_IDS)
    defined = {row.header for row in tables_of(report.section("definitions"))[0].rows}
    assert defined == {f"{ind.title} ({ind.id})" for ind in load_all().values()}
    # Each indicator with a figure this year has its line in its section's monthly table.
    for section in report.sections[:10]:
        assert section.blocks, section.id
        assert not any(isinstance(b, Paragraph) and "no data" in b.text for b in section.blocks)
        monthly = tables_of(section)[0]
        assert monthly.id == f"t{section.id}-monthly"
        ids = {c.indicator_id for row in monthly.rows for c in row.cells.values()}
        assert ids - {None}


def _numbers(entry: Any) -> list[float]:
    """Every number anywhere in an indicator's JSON."""
    if isinstance(entry, bool):
        return []
    if isinstance(entry, int | float):
        return [float(entry)]
    if isinstance(entry, dict):
        return [n for v in entry.values() for n in _numbers(v)]
    if isinstance(entry, list):
        return [n for v in entry for n in _numbers(v)]
    return []


def _month_cells(report: Report) -> list[tuple[str, Cell]]:
    out = []
    for section in report.sections:
        for table in tables_of(section):
            months = [c.key for c in table.columns if len(c.key) == 7 and c.key[4] == "-"]
            for row in table.rows:
                out += [(m, row.cells[m]) for m in months if m in row.cells]
    return out


def test_each_monthly_figure_is_the_jsons_figure_for_that_month(
    report: Report, computed: Computed
) -> None:
    indicators = computed.doc["indicators"]
    checked = 0
    for section in report.sections:
        table = next((t for t in tables_of(section) if t.id.endswith("-monthly")), None)
        if table is None:
            continue
        for row in table.rows:
            for key, cell in row.cells.items():
                if len(key) == 7 and key[4] == "-" and cell.indicator_id:
                    series = {
                        p["month"]: p["value"] for p in indicators[cell.indicator_id]["series"]
                    }
                    assert cell.value == series.get(key), (cell.indicator_id, key)
                    checked += 1
    assert checked > 40 * 6


# The seed's tables 12 and 25, whose totals report.team_totals rolls up from their team lines.
TEAM_TABLES = ("t1.3-plan-ends-by-team", "t1.6-caseloads-by-team")


def test_every_number_with_an_indicator_id_is_in_that_indicators_json(
    report: Report, computed: Computed
) -> None:
    indicators = computed.doc["indicators"]
    numbers = {ind_id: _numbers(entry) for ind_id, entry in indicators.items()}
    checked = 0
    for section in report.sections:
        for table in tables_of(section):
            for row in table.rows:
                if row.level == "subtotal":
                    continue  # area and service lines are rolled up by pivot() (tested there)
                if row.level == "total" and table.id in TEAM_TABLES:
                    continue  # rolled up from the team lines (test_subtotals holds them to the JSON)
                for cell in row.cells.values():
                    if cell.indicator_id is None or not isinstance(cell.value, int | float):
                        continue
                    found = numbers[cell.indicator_id]
                    assert any(math.isclose(cell.value, n, rel_tol=1e-9) for n in found), (
                        table.id,
                        row.header,
                        cell,
                    )
                    checked += 1
    assert checked > 500


def test_a_section_without_records_says_so(computed: Computed) -> None:
    doc = copy.deepcopy(computed.doc)
    for entry in doc["indicators"].values():
        if entry["section"] == "2":
            entry["series"] = [dict(p, value=None) for p in entry["series"]]
    section = indicator_section("2", doc, computed.result)
    assert len(section.blocks) == 1
    assert isinstance(section.blocks[0], Paragraph)
    assert "no data" in section.blocks[0].text


def test_what_moved_and_the_seed_tables(report: Report) -> None:
    signals = [b for s in report.sections for b in s.blocks if isinstance(b, Signal)]
    assert len(signals) > 40 and all(s.sentences for s in signals)
    ids = {t.id for s in report.sections for t in tables_of(s)}
    assert {
        "t1.3-plan-ends-by-team",
        "t1.6-caseloads-by-team",
        "t1.5-scorecard-counts",
        "t1.5-scorecard-measures",
        "t-quality-tables",
        "t-definitions",
    } <= ids
    table_12 = next(
        t for s in report.sections for t in tables_of(s) if t.id == "t1.3-plan-ends-by-team"
    )
    assert [r.level for r in table_12.rows].count("total") == 1
    assert "subtotal" in [r.level for r in table_12.rows]
    assert any(c.key == "fytd|total" for c in table_12.columns)


def test_targets_marked_and_icons_named(report: Report) -> None:
    cells = cells_of(report)
    assert any(c.on_target is True for c in cells) and any(c.on_target is False for c in cells)
    assert any(c.icon and c.icon.startswith("special_cause") for c in cells)


def test_the_load_report_fills_the_data_quality_section(report: Report) -> None:
    quality = report.section("quality")
    table = next(t for t in tables_of(quality) if t.id == "t-quality-tables")
    assert {"ssd_person", "ssd_cin_episodes"} <= {r.header for r in table.rows}


def test_figures_carry_a_text_alternative_and_their_data(report: Report) -> None:
    figures = [b for s in report.sections for b in s.blocks if isinstance(b, Figure)]
    if not figures:
        pytest.skip("qaf.report.charts is not built yet")
    assert all(f.alt and f.svg.lstrip().startswith("<svg") and f.table.rows for f in figures)
    assert all(
        isinstance(b, Table | Figure | Paragraph | Signal)
        for s in report.sections
        for b in s.blocks
    )
