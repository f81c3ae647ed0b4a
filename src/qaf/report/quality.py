"""The data-quality and definitions sections: what the load excluded or changed, table by table,
and what each indicator means (from the registry)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from qaf.indicators.registry import Indicator, load_all
from qaf.report.document import Cell, Column, Paragraph, Section, Table, TableRow
from qaf.report.sections import TITLES
from qaf.warehouse.report import CELL_EMPTIED, READ_NOTE, LoadReport
from qaf.warehouse.schema import Source


def load_report_of(source: Source, warehouse_url: str | None) -> LoadReport | None:
    """The load report behind the data: read with the folder (--data), else the one the warehouse
    stored with the current version; None where neither is known (a hand-made source)."""
    report = source.notes.get("report")
    if isinstance(report, LoadReport):
        return report
    if warehouse_url is None or "version" not in source.notes:
        return None
    from qaf.warehouse.store import Warehouse

    warehouse = Warehouse(warehouse_url, create=False, read_only=True)
    try:
        current = warehouse.current()
        if current is None or not current.report:
            return None
        return LoadReport.from_dict(json.loads(current.report))
    except (ValueError, TypeError, KeyError):
        return None
    finally:
        warehouse.close()


def _count(value: int) -> Cell:
    return Cell(value, f"{value:,}")


def quality_section(report: LoadReport | None, coverage: Mapping[str, Any] | None) -> Section:
    section = Section("quality", "Data quality")
    if coverage:
        section.blocks.append(
            Paragraph(
                f"The data runs from {coverage.get('first_event')} to {coverage.get('end')} "
                f"(extract date {coverage.get('extract_date') or 'not recorded'})."
            )
        )
        if coverage.get("recording_start"):
            section.blocks.append(
                Paragraph(
                    f"Referrals are recorded in full from {coverage['recording_start']}: "
                    "figures for periods reaching before it are marked incomplete."
                )
            )
    if report is None:
        section.blocks.append(
            Paragraph(
                "No load report is stored with this data, so what was excluded or changed "
                "when it was loaded cannot be shown."
            )
        )
        return section
    section.blocks.append(Paragraph(report.summary()))
    rows = []
    for name, table in sorted(report.tables.items()):
        emptied = sum(table.cells_emptied.values())
        converted = sum(
            c.count
            for c in report.changes
            if c.table == name and c.kind not in (READ_NOTE, CELL_EMPTIED)
        )
        cells = {
            "read": _count(table.rows_read),
            "loaded": _count(table.rows_loaded),
            "excluded": _count(table.rows_rejected),
            "emptied": _count(emptied),
            "converted": _count(converted),
        }
        rows.append(TableRow(cells, "item", name))
    section.blocks.append(
        Table(
            "t-quality-tables",
            "Rows read, loaded and excluded, cells emptied and values converted, by table",
            [
                Column("label", "Table", False),
                Column("read", "Rows read", True),
                Column("loaded", "Rows loaded", True),
                Column("excluded", "Rows excluded", True),
                Column("emptied", "Cells emptied", True),
                Column("converted", "Values converted", True),
            ],
            rows,
            [
                "A row is excluded only for a missing or duplicate id or a broken reference; a cell "
                "QAF cannot use is emptied and its row kept (docs/loading.md)."
            ],
        )
    )
    changes = [c for c in report.changes if c.count]
    if changes:
        section.blocks.append(
            Table(
                "t-quality-changes",
                "What was changed, by file and column",
                [
                    Column("label", "File", False),
                    Column("column", "Column", False),
                    Column("what", "What was done", False),
                    Column("count", "Times", True),
                    Column("row", "Example row", True),
                ],
                [
                    TableRow(
                        {
                            "column": Cell(c.column, c.column or ""),
                            "what": Cell(c.words, c.words),
                            "count": _count(c.count),
                            "row": Cell(
                                c.example_row, "" if c.example_row is None else str(c.example_row)
                            ),
                        },
                        "item",
                        c.file,
                    )
                    for c in changes
                ],
                [report.row_convention],
            )
        )
    for warning in report.warnings:
        section.blocks.append(Paragraph(f"Worth a look: {warning}"))
    return section


def definitions_section(ids: list[str]) -> Section:
    """Every indicator: its title and id, then its plain-English definition, where it departs from
    the DfE's, and its source, as one full-width cell so long definitions stay readable. The PDF
    prints each definition in brief instead (`brief_definitions`): the full ones fill 9 pages."""
    registry = load_all()
    indicators = [registry[i] for i in ids]
    table = _definitions_table(
        "t-definitions",
        "What each figure counts, and where the definition comes from",
        "Definition and source",
        {ind.id: _full_definition(ind) for ind in indicators},
        indicators,
    )
    table.printed = False
    table.print_form = brief_definitions(indicators)
    return Section("definitions", "Definitions", [table])


def _full_definition(ind: Indicator) -> str:
    parts = [ind.definition]
    if ind.departures:
        parts.append(f"Where it departs: {ind.departures}")
    parts.append(f"Source: {ind.source}")
    return " ".join(parts)


def _definitions_table(
    table_id: str,
    caption: str,
    heading: str,
    texts: Mapping[str, str],
    indicators: list[Indicator],
    notes: list[str] | None = None,
) -> Table:
    """One row per indicator (title and id, section, its text from `texts`): the full and the
    brief definitions share the layout."""
    rows = []
    for ind in indicators:
        text = texts[ind.id]
        section = TITLES.get(ind.section, ind.section)
        rows.append(
            TableRow(
                {"definition": Cell(text, text), "section": Cell(ind.section, section)},
                "item",
                f"{ind.title} ({ind.id})",
            )
        )
    columns = [
        Column("label", "Indicator (id)", False),
        Column("section", "Section", False),
        Column("definition", heading, False),
    ]
    return Table(table_id, caption, columns, rows, notes or [])


# A sentence ends at a full stop after a word, figure or bracket and before a capital.
SENTENCE_END = re.compile(r"(?<=[a-z0-9)%'\"])\.\s+(?=[A-Z(])")
BRIEF_CHARS = 240


def brief_definitions(indicators: list[Indicator]) -> Table:
    """Each definition in brief for the PDF: its first sentence that is its own (several
    looked-after indicators open with the same sentence defining a looked-after child), with its
    numerator or denominator partner, each cut at a clause break near BRIEF_CHARS."""
    sentences = {ind.id: _sentences(ind.definition) for ind in indicators}
    counts = Counter(s for found in sentences.values() for s in set(found))
    shared = {s for s, n in counts.items() if n > 1}
    return _definitions_table(
        "t-definitions-brief",
        "What each figure counts, in brief",
        "Definition in brief",
        {ind.id: _in_brief(sentences[ind.id], shared) for ind in indicators},
        indicators,
        [
            "Each figure's full definition, where it departs from the DfE's, and its source are "
            "in the HTML report, section Definitions."
        ],
    )


def _sentences(text: str) -> list[str]:
    return [s.rstrip(".") for s in SENTENCE_END.split(text)]


def _in_brief(sentences: list[str], shared: set[str]) -> str:
    at = next((i for i, s in enumerate(sentences) if s not in shared), 0)
    chosen = [sentences[at]]
    if chosen[0].startswith("Numerator:") and at and sentences[at - 1].startswith("Denominator:"):
        chosen.insert(0, sentences[at - 1])
    elif (
        chosen[0].startswith("Denominator:")
        and at + 1 < len(sentences)
        and sentences[at + 1].startswith("Numerator:")
    ):
        chosen.append(sentences[at + 1])
    return " ".join(_clipped(s) for s in chosen)


def _clipped(sentence: str) -> str:
    if len(sentence) <= BRIEF_CHARS:
        return sentence + "."
    cut = max(sentence.rfind(mark, 0, BRIEF_CHARS) for mark in ("; ", ", ", ": ", " ("))
    return sentence[: cut if cut > 0 else BRIEF_CHARS].rstrip() + " \u2026"
