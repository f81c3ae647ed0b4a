"""The data-quality section reads the load report the warehouse stored with the current version."""

from __future__ import annotations

from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.report.document import Table, tables_of
from qaf.report.quality import load_report_of, quality_section


@pytest.mark.slow
def test_the_warehouse_keeps_the_load_report_the_section_shows(
    report_council: Path, tmp_path: Path
) -> None:
    from qaf import warehouse

    url = f"duckdb://{tmp_path / 'w.duckdb'}"
    loaded = warehouse.load_folder(report_council, url, Settings(), progress=False)
    source = warehouse.open_source(url)
    try:
        stored = load_report_of(source, url)
    finally:
        source.backend.disconnect()
    assert stored is not None
    assert stored.data_version == loaded.data_version
    section = quality_section(stored, None)
    table = tables_of(section)[0]
    rows = {r.header: r.cells["loaded"].value for r in table.rows}
    assert rows["ssd_person"] == loaded.tables["ssd_person"].rows_loaded


def test_without_a_load_report_the_section_says_so() -> None:
    section = quality_section(None, {"first_event": "2010-04-01", "end": "2016-10-01"})
    texts = [getattr(b, "text", "") for b in section.blocks]
    assert any("No load report is stored" in t for t in texts)
    assert any("2010-04-01" in t for t in texts)


def test_definitions_print_in_brief_and_in_full_on_screen() -> None:
    """The HTML keeps each full definition; the PDF prints one that says what this figure
    counts (not a preamble shared with other figures), short enough for a committee paper."""
    from qaf.indicators.registry import load_all
    from qaf.report.quality import BRIEF_CHARS, definitions_section

    ids = list(load_all())
    full = definitions_section(ids).blocks[0]
    assert isinstance(full, Table) and not full.printed and full.print_form is not None
    brief = {row.header: row.cells["definition"].text for row in full.print_form.rows}
    assert list(brief) == [row.header for row in full.rows]
    # A figure's brief is at most two clipped sentences (a numerator with its denominator).
    assert all(0 < len(text) <= 2 * (BRIEF_CHARS + 2) for text in brief.values())
    looked_after = [t for h, t in brief.items() if "(cla." in h]
    assert len(set(looked_after)) == len(looked_after)
