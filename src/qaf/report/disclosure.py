"""The external variant's disclosure control, the DfE's rule for published children's social care
statistics: a count of 1 to 5 is shown as `c`, and enough other cells are suppressed as well
(secondary suppression) that no `c` can be worked back from the totals around it.

`protect(report)` returns a protected copy; the report it is given is not changed:

1. Primary: every count cell from 1 to 5 becomes `c` (value None, suppressed).
2. Secondary: each table's sums are found (a subtotal or total row adds up the rows above it, a
   total column the columns before it; found from the figures themselves, see `qaf.report.
   disclosure_sums`). While any sum has exactly one suppressed cell among its parts and its total,
   the smallest other cell of that sum is suppressed too (a non-zero one first), until none has.
3. Derived figures: a percentage, rate or average is suppressed when a count it was made from is
   1 to 5 (for a percentage, also the count it leaves out) or is suppressed in its row or column.
   Where the cell does not carry its numerator and denominator, they are looked up in the results
   JSON by the cell's indicator and value; where they are still unknown, the figure is suppressed
   when any count in its row is.
4. A chart whose data table has a suppressed cell is left out (its SVG would show the figure) and
   its protected table kept; "what moved" sentences and findings that give away a count of 1 to 5
   (a count indicator's number, a percentage's "(n of d)") are dropped; the
   data-quality section keeps its counts of changes but loses its example rows and values.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from qaf.report.disclosure_sums import Position, sums_of
from qaf.report.document import Cell, Figure, Report, Section, Signal, Table

SMALL_MIN, SMALL_MAX = 1, 5  # DfE: counts of 1 to 5 are suppressed
SUPPRESSED_TEXT = "c"
# Units whose figure is made from counts of children (fte is staff time, not a count of people).
RATIO_UNITS = ("percent", "rate_per_10k", "days", "years", "ratio")
# Units of figures about staff, not children: never suppressed (a caseload's FTE).
STAFF_UNITS = ("fte",)
# Sections whose numbers are about the data, not children: counts of changed cells are not disclosive.
NOT_ABOUT_CHILDREN = ("quality", "definitions")
CHART_LEFT_OUT = (
    "The chart is left out of this version because it would show figures suppressed in the table."
)
EXAMPLE_WORDS = ("example",)
WITHHELD = "withheld in the external version"


def is_small(value: Any) -> bool:
    return value is not None and SMALL_MIN <= float(value) <= SMALL_MAX


def suppress(cell: Cell) -> None:
    cell.value = None
    cell.text = SUPPRESSED_TEXT
    cell.suppressed = True
    cell.numerator = None
    cell.denominator = None
    cell.on_target = None


def protect(report: Report, results: Mapping[str, Any] | None = None) -> Report:
    """The external variant of a report: counts of 1 to 5 and whatever would reveal them
    suppressed, no chart of suppressed data, no example rows. `results` (the `qaf indicators` JSON)
    lets percentages that do not carry their counts be checked against them."""
    protected = copy.deepcopy(report)
    protected.external = True
    units = _units(results)
    parts = _parts_index(results)
    sentence_units = {
        sentence: entry["unit"]
        for entry in ((results or {}).get("indicators") or {}).values()
        for sentence in (entry.get("signals") or {}).get("sentences") or []
    }
    for section in protected.sections:
        _protect_section(section, units, parts, sentence_units)
    return protected


def _protect_section(
    section: Section,
    units: Mapping[str, str],
    parts: Mapping[tuple[str, float], set[Any]],
    sentence_units: Mapping[str, str],
) -> None:
    about_children = section.id not in NOT_ABOUT_CHILDREN
    blocks: list[Any] = []
    for block in section.blocks:
        if isinstance(block, Table):
            if about_children:
                protect_table(block, units, parts)
            else:
                _withhold_examples(block)
            blocks.append(block)
        elif isinstance(block, Figure):
            # A chart's table carries the counts the JSON gives; looking others up by value would
            # only find coincidences (another month's or breakdown's equal percentage).
            protect_table(block.table, units, {})
            if any(c.suppressed for row in block.table.rows for c in row.cells.values()):
                block.table.notes.append(CHART_LEFT_OUT)
                blocks.append(block.table)
            else:
                blocks.append(block)
        elif isinstance(block, Signal):
            unit = units.get(block.indicator_id)
            block.sentences = [s for s in block.sentences if not quotes_small_count(s, unit)]
            blocks.append(block)
        else:
            # Paragraphs are the report's own words ("no data"), not figures.
            blocks.append(block)
    section.blocks = blocks
    # Findings are "what moved" sentences too, lifted from the indicators' signals.
    section.findings = [
        s for s in section.findings if not quotes_small_count(s, sentence_units.get(s))
    ]


# A whole number in a sentence (1,234), not a decimal, a percentage or part of a date or word.
WHOLE_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})*)(?![\w%]|[.,]\d)")
# "61.3% (92 of 150)": a percentage's counts, as the "what moved" sentences give them.
COUNTS_OF = re.compile(r"\((\d[\d,]*) of (\d[\d,]*)\)")


def quotes_small_count(sentence: str, unit: str | None) -> bool:
    """Whether a sentence gives away a count of 1 to 5: a percentage's "(n of d)" whose n, d or
    d - n is one, or, for a count indicator (or one not known), any whole number from 1 to 5."""
    for numerator, denominator in COUNTS_OF.findall(sentence):
        n, d = float(numerator.replace(",", "")), float(denominator.replace(",", ""))
        if is_small(n) or is_small(d) or is_small(d - n):
            return True
    if unit not in (None, "count"):
        return False
    return any(is_small(float(m.replace(",", ""))) for m in WHOLE_NUMBER.findall(sentence))


def _withhold_examples(table: Table) -> None:
    """No child-level detail leaves the council: example rows and values go."""
    keys = [
        c.key
        for c in table.columns
        if any(w in f"{c.key} {c.label}".lower() for w in EXAMPLE_WORDS) or c.key == "row"
    ]
    for row in table.rows:
        for key in keys:
            if key in row.cells:
                row.cells[key] = Cell(None, WITHHELD, None, suppressed=True)


def kind_of(cell: Cell, units: Mapping[str, str]) -> str | None:
    """'count', a ratio unit, or None for a label or a figure that is neither."""
    if cell.suppressed or cell.value is None or isinstance(cell.value, (str, bool)):
        return None
    value = float(cell.value)
    text = cell.text.strip()
    unit = cell.unit or units.get(cell.indicator_id or "")
    if unit in STAFF_UNITS:
        return None
    integral = value == int(value) and "." not in text and "%" not in text
    if "%" in text:
        return "percent"
    if unit == "count":
        return "count" if integral else None
    if unit in RATIO_UNITS:
        # A count shown beside a ratio (a percentage's numerator, a caseload's open cases) carries
        # the ratio's id; it is printed as a whole number, the ratio with a decimal point or a %.
        if cell.numerator is None and cell.denominator is None and integral:
            return "count"
        return unit
    if unit is None and integral and cell.indicator_id is None and isinstance(cell.value, int):
        return "count"
    return None


def protect_table(
    table: Table,
    units: Mapping[str, str] | None = None,
    parts: Mapping[tuple[str, float], set[Any]] | None = None,
) -> None:
    """Suppress in place: primary, secondary (until stable), then derived figures."""
    units = units if units is not None else _units(None)
    parts = parts or {}
    keys = [c.key for c in table.columns]
    kinds: dict[Position, str] = {}
    for r, row in enumerate(table.rows):
        for key in keys:
            cell = row.cells.get(key)
            kind = kind_of(cell, units) if cell is not None else None
            if kind is not None:
                kinds[(r, key)] = kind
    counts = {p for p, k in kinds.items() if k == "count"}

    def cell_at(p: Position) -> Cell:
        return table.rows[p[0]].cells[p[1]]

    raw = {p: float(cell_at(p).value or 0) for p in counts}
    hidden = {p for p in counts if is_small(raw[p])}
    sums = sums_of(table, counts, raw)
    changed = True
    while changed:
        changed = False
        for total, members in sums:
            group = [total, *members]
            if sum(p in hidden for p in group) != 1:
                continue
            open_cells = [p for p in members if p not in hidden] or [total]
            # The next smallest cell: a non-zero one first, as a zero shown as c says little.
            choice = min(open_cells, key=lambda p: (raw[p] == 0, raw[p], p != total))
            hidden.add(choice)
            changed = True
    hidden_values = {p: raw[p] for p in hidden}
    for p in hidden:
        suppress(cell_at(p))
    for p, kind in kinds.items():
        if kind == "count":
            continue
        cell = cell_at(p)
        if _reveals(cell, kind, p, hidden_values, parts):
            suppress(cell)


def _reveals(
    cell: Cell,
    kind: str,
    at: Position,
    hidden: Mapping[Position, float],
    parts: Mapping[tuple[str, float], set[Any]],
) -> bool:
    known: set[tuple[float | None, float | None]] = set()
    if cell.numerator is not None or cell.denominator is not None:
        known.add((cell.numerator, cell.denominator))
    elif cell.indicator_id is not None and cell.value is not None:
        known |= parts.get((cell.indicator_id, float(cell.value)), set())
    if not known:
        # Its counts are unknown: hide it wherever a count in its row is hidden.
        return any(r == at[0] for r, _ in hidden)
    beside = {v for (r, k), v in hidden.items() if r == at[0] or k == at[1]}
    for numerator, denominator in known:
        counted = {
            "percent": (numerator, denominator),
            "rate_per_10k": (numerator,),
            "ratio": (numerator,),
            "days": (denominator,),
            "years": (denominator,),
        }.get(kind, (numerator, denominator))
        if any(is_small(v) or (v is not None and float(v) in beside) for v in counted):
            return True
        if (
            kind == "percent"
            and numerator is not None
            and denominator is not None
            and is_small(float(denominator) - float(numerator))
        ):
            return True
    return False


def _units(results: Mapping[str, Any] | None) -> dict[str, str]:
    """Each indicator's unit: from the results where given, else from the registry."""
    if results is not None:
        return {i: e["unit"] for i, e in (results.get("indicators") or {}).items()}
    from qaf.indicators.registry import load_all

    return {i: ind.unit for i, ind in load_all().items()}


def _parts_index(results: Mapping[str, Any] | None) -> dict[tuple[str, float], set[Any]]:
    """(indicator id, value) -> the (numerator, denominator) pairs the results give that value."""
    index: dict[tuple[str, float], set[Any]] = {}
    for ind_id, entry in ((results or {}).get("indicators") or {}).items():
        if entry.get("unit") not in RATIO_UNITS:
            continue
        found = list(entry.get("rows") or []) + list(entry.get("series") or [])
        for points in (entry.get("history") or {}).values():
            found += points
        for members in (entry.get("breakdowns") or {}).values():
            found += members
        for item in found:
            if item.get("value") is not None:
                pair = (item.get("numerator"), item.get("denominator"))
                index.setdefault((ind_id, float(item["value"])), set()).add(pair)
    return index
