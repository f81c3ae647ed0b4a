"""The report as data: sections of tables, figures, paragraphs and signals, with no rendering.

Built by `qaf.report.build`, protected for outside readers by `qaf.report.disclosure.protect`, and
rendered by `qaf.report.html` (and from that HTML, `qaf.report.pdf`). Every number a reader sees sits
in a `Cell` that keeps its raw value and, where it came from an indicator, that indicator's id, so
tests can check each figure against the `qaf indicators` JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, TypeAlias

RowLevel: TypeAlias = Literal["item", "subtotal", "total"]

# The sections in the seed report's order, then what QAF adds (data quality, definitions).
SECTION_IDS: tuple[str, ...] = (
    "1.0",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "2",
    "3",
    "4",
    "quality",
    "definitions",
)


@dataclass
class Cell:
    """One figure or label: its raw value, the text shown, and the indicator it came from."""

    value: float | int | str | None
    text: str
    indicator_id: str | None = None
    suppressed: bool = False
    # None where no target applies; the renderer marks True/False beside the text, not by colour only.
    on_target: bool | None = None
    # A Making Data Count icon key (qaf.signals.icons), shown beside the figure.
    icon: str | None = None
    # For a percentage, rate or average: the counts it was made from, so the external variant can
    # suppress a figure whose numerator or denominator is a count of 1 to 5 (qaf.report.disclosure).
    numerator: float | None = None
    denominator: float | None = None
    # The figure's own unit where it is not its indicator's: a caseload's FTE is staff time
    # beside a cases-per-FTE ratio, and no count of children (disclosure control leaves it).
    unit: str | None = None


@dataclass
class Column:
    key: str
    label: str
    numeric: bool


@dataclass
class TableRow:
    """A row of cells keyed by column key; `header` is the row's label (rendered as a row header)."""

    cells: dict[str, Cell]
    level: RowLevel = "item"
    header: str = ""


@dataclass
class Table:
    id: str
    caption: str
    columns: list[Column]
    rows: list[TableRow]
    notes: list[str] = field(default_factory=list)
    # False for a table that repeats figures printed elsewhere, or a long grid: the HTML report
    # (the full workbook) keeps it, the PDF (the committee paper) prints `print_form` in its
    # place, or else one line saying where to find it (qaf.report.pdf.for_print). For a
    # figure's data table, the line also gives the chart's text alternative.
    printed: bool = True
    print_form: Table | None = None


@dataclass
class Figure:
    """A chart as inline SVG, its text alternative, and its data as a table beside it."""

    id: str
    caption: str
    alt: str
    svg: str
    table: Table


@dataclass
class Paragraph:
    """Plain text (escaped when rendered), e.g. "This section has no data"."""

    text: str


@dataclass
class Signal:
    """The "what moved" sentences for one indicator (from the JSON's `signals`)."""

    indicator_id: str
    title: str
    sentences: list[str]
    variation: str | None = None
    assurance: str | None = None


Block: TypeAlias = Table | Figure | Paragraph | Signal


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    # Already-safe HTML rendered from the analyst's Markdown (raw HTML disabled), or None.
    commentary_html: str | None = None
    findings: list[str] = field(default_factory=list)


@dataclass
class Report:
    title: str
    council: str
    month: date
    data_version: str | None
    generated_at: datetime
    external: bool
    sections: list[Section]

    def section(self, section_id: str) -> Section:
        """The section with this id (KeyError when absent)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


def tables_of(section: Section) -> list[Table]:
    """Every table in a section, including each figure's data table."""
    found: list[Table] = []
    for block in section.blocks:
        if isinstance(block, Table):
            found.append(block)
        elif isinstance(block, Figure):
            found.append(block.table)
    return found


def cells_of(report: Report) -> list[Cell]:
    """Every cell of every table in the report, in reading order."""
    return [
        cell
        for section in report.sections
        for table in tables_of(section)
        for row in table.rows
        for cell in row.cells.values()
    ]
