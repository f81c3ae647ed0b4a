"""The load report: what was read, what was loaded, and every problem with its file, row and column.

Row numbers count data rows: row 1 is the first row under the header, so in a spreadsheet it is
row N + 1 and in a text editor line N + 1 (unless a quoted value spans lines)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

# Problems that make the whole folder unusable; every other kind concerns one cell or one row.
STRUCTURAL = "structural"
# Problem kinds whose cell is emptied while the row is kept (the cell rule, docs/loading.md).
BAD_VALUE = "bad_value"  # cannot be read as its kind
IMPOSSIBLE_VALUE = "impossible_value"  # read, but cannot be true (a negative FTE)
DATE_ORDER = "date_order"  # an end before its start
CELL_KINDS = frozenset({BAD_VALUE, IMPOSSIBLE_VALUE, DATE_ORDER})
# A required non-key value that is empty: the row is kept and counted.
MISSING_VALUE = "missing_value"
# Problem kinds that exclude the row.
MISSING_KEY = "missing_key"
DUPLICATE = "duplicate"
DANGLING_REFERENCE = "dangling_reference"
REPEATED_HEADER = "repeated_header"  # a row that is the header again: not data
ROW_KINDS = frozenset({MISSING_KEY, DUPLICATE, DANGLING_REFERENCE, REPEATED_HEADER})

# Change kinds recorded in the report beside parse.CHANGE_KINDS.
CELL_EMPTIED = "cell_emptied"
EXPECTED_DOB_USED = "expected_dob_used"
NUL_REMOVED = "nul_removed"
READ_NOTE = "read_note"  # how a file was read: its encoding, delimiter, sheet
# Each change kind in a few words, for the terminal's table.
CHANGE_LABELS = {
    "date_day_first": "dates read day first",
    "date_placeholder": "placeholder dates emptied",
    "code_from_description": "descriptions to codes",
    "code_from_local_map": "qaf_code_map to codes",
    "json_repaired": "outcome text repaired",
    CELL_EMPTIED: "cells emptied",
    EXPECTED_DOB_USED: "expected dob used",
    NUL_REMOVED: "NUL characters removed",
    READ_NOTE: "how the file was read",
}
# What each change kind means, in the words of the report.
CHANGE_WORDS = {
    "date_day_first": "dates read day first (dd/mm/yyyy)",
    "date_placeholder": "placeholder dates taken as empty (1900-01-01, 9999-12-31, 2099-12-31)",
    "code_from_description": "descriptions mapped to their DfE code",
    "code_from_local_map": "values mapped to a DfE code by qaf_code_map",
    "json_repaired": "outcome text that is not valid JSON, its flags read anyway",
    CELL_EMPTIED: "cells emptied (the value could not be used; the row is kept)",
    EXPECTED_DOB_USED: "no date of birth: the expected date of birth used",
    NUL_REMOVED: "NUL characters removed from text",
    READ_NOTE: "how the file was read",
}
# Problems listed per table in the report and its JSON; counts stay exact beyond this.
MAX_PROBLEMS_KEPT = 1000
# Problems printed per table on the terminal (the JSON report holds the rest).
MAX_PROBLEMS_SHOWN = 20
ROW_CONVENTION = "row 1 is the first data row under the header (spreadsheet row 2)"


@dataclass(frozen=True)
class Problem:
    table: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    kind: str = STRUCTURAL

    @property
    def structural(self) -> bool:
        return self.kind == STRUCTURAL

    @property
    def message(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        found = "" if self.value is None else f"found {_show(self.value)}; "
        return f"{', '.join(where)}: {found}{self.expected}"


def _show(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(text)


@dataclass
class Change:
    """One kind of change QAF made to one column of one file: how often, and a row to look at."""

    table: str
    file: str
    column: str | None
    kind: str
    count: int
    example_row: int | None = None
    # The example row's value as found, or for a READ_NOTE the note itself.
    detail: str | None = None

    @property
    def words(self) -> str:
        return CHANGE_WORDS.get(self.kind, self.kind.replace("_", " "))


@dataclass
class TableReport:
    table: str
    file: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    # Percent of loaded rows with a value, per contract column.
    fill: dict[str, float] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    problem_counts: dict[str, int] = field(default_factory=dict)
    # Non-key cells emptied (row kept), per column.
    cells_emptied: dict[str, int] = field(default_factory=dict)
    # A published layout read in place of the contract's columns (e.g. "ofsted_provider_level").
    layout: str | None = None

    @property
    def rejected_pct(self) -> float:
        return 100.0 * self.rows_rejected / self.rows_read if self.rows_read else 0.0


@dataclass
class LoadReport:
    folder: str
    # "loaded", "unchanged" (same content as the current version), "rejected", or "checked"
    # (read_folder: valid, nothing stored).
    status: str = "checked"
    tables: dict[str, TableReport] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    problem_total: int = 0
    reasons: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What QAF changed in the values it read (per file, column and kind).
    changes: list[Change] = field(default_factory=list)
    # Worth a look, but not wrong (e.g. no involvement has the case-worker role).
    warnings: list[str] = field(default_factory=list)
    # Guards a load can knowingly override (`--accept-drop`): a required table with no rows, a
    # table's rows falling by more than load.max_row_drop_pct against the current version.
    drops: list[str] = field(default_factory=list)
    # Whether the message may say "load again with --accept-drop": set by load_folder only, as
    # `qaf indicators --data` (read_folder) has no such option.
    accept_drop_hint: bool = False
    content_hash: str = ""
    version: int | None = None
    data_version: str | None = None
    row_convention: str = ROW_CONVENTION
    # Coverage.to_dict() of the loaded tables (first and last event, extract date), or None.
    coverage: dict[str, str | None] | None = None

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"

    @property
    def message(self) -> str:
        """One paragraph a person can act on."""
        if not self.rejected:
            loaded = sum(t.rows_loaded for t in self.tables.values())
            excluded = sum(t.rows_rejected for t in self.tables.values())
            verb = {
                "unchanged": "Already loaded (same files as the current version)",
                "loaded": f"Loaded {self.data_version}",
                "checked": "Checked",
            }[self.status]
            emptied = sum(sum(t.cells_emptied.values()) for t in self.tables.values())
            # Values read another way: day-first dates, descriptions as codes, placeholders...
            converted = sum(
                c.count for c in self.changes if c.kind not in (READ_NOTE, CELL_EMPTIED)
            )
            return (
                f"{verb}: {loaded:,} rows, {excluded:,} excluded, {emptied:,} cells emptied, "
                f"{converted:,} values converted."
            )
        lines = [f"{self.folder} was rejected; nothing was changed."]
        lines += [f"  {reason}" for reason in self.reasons[:10]]
        if len(self.reasons) > 10:
            lines.append(f"  ... and {len(self.reasons) - 10} more (see the load report)")
        if self.accept_drop_hint and self.drops and set(self.drops) <= set(self.reasons):
            lines.append("  If these falls are real, load again with --accept-drop.")
        return "\n".join(lines)

    def summary(self) -> str:
        """The verdict in one line."""
        return self.message.splitlines()[0]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [dict(asdict(p), message=p.message) for p in self.problems]
        data["changes"] = [dict(asdict(c), words=c.words) for c in self.changes]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, default=str)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadReport:
        data = dict(data)
        data["tables"] = {k: TableReport(**v) for k, v in data.get("tables", {}).items()}
        data["changes"] = [
            Change(**{k: v for k, v in c.items() if k != "words"}) for c in data.get("changes", [])
        ]
        data["problems"] = [
            Problem(**{k: v for k, v in p.items() if k != "message"})
            for p in data.get("problems", [])
        ]
        return cls(**data)


def _render_changes(report: LoadReport, console: Console) -> None:
    changes = [c for c in report.changes if c.kind != READ_NOTE]
    if not changes:
        return
    grid = RichTable(
        title="What QAF changed (counts per file and column; the example is the first row)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    grid.add_column("file", no_wrap=True)
    grid.add_column("column", no_wrap=True)
    grid.add_column("change", no_wrap=True)
    grid.add_column("rows", justify="right", no_wrap=True)
    grid.add_column("e.g. row", justify="right", no_wrap=True)
    for change in changes:
        grid.add_row(
            change.file,
            change.column or "",
            CHANGE_LABELS.get(change.kind, change.words),
            f"{change.count:,}",
            "" if change.example_row is None else str(change.example_row),
        )
    console.print(grid)


def render(report: LoadReport, console: Console) -> None:
    """The report as a person reads it: tables, then problems, then the verdict."""
    grid = RichTable(
        title=f"Load report: {report.folder}", title_justify="left", box=box.SIMPLE_HEAD
    )
    grid.add_column("file", no_wrap=True)
    for name in ("read", "loaded", "excluded"):
        grid.add_column(name, justify="right", no_wrap=True, min_width=9)
    grid.add_column("emptiest column, % filled", overflow="fold", ratio=1)
    for table in report.tables.values():
        if table.file is None:
            continue
        sparse = min(table.fill.items(), key=lambda item: item[1], default=None)
        fill = f"{sparse[0]} {sparse[1]:.1f}%" if sparse and sparse[1] < 100 else ""
        excluded = f"{table.rows_rejected:,}"
        if table.rows_rejected:
            excluded = f"[yellow]{excluded} ({table.rejected_pct:.1f}%)[/]"
        grid.add_row(table.file, f"{table.rows_read:,}", f"{table.rows_loaded:,}", excluded, fill)
    console.print(grid)
    absent = [t.table for t in report.tables.values() if t.file is None]
    if absent:
        console.print(f"Not supplied (loaded as empty): {', '.join(absent)}")
    for table in report.tables.values():
        if table.extra_columns:
            console.print(
                f"{table.file}: extra columns kept but not used: {', '.join(table.extra_columns)}"
            )
    if report.unknown_files:
        console.print(f"Files ignored (not tables QAF knows): {', '.join(report.unknown_files)}")
    for note in report.notes:
        console.print(f"Note: {note}")
    _render_changes(report, console)
    for warning in report.warnings:
        console.print(f"[yellow]Warning:[/] {warning}", highlight=False)
    if report.problems:
        console.print(f"\n[bold]Problems[/] ({report.problem_total:,}; {report.row_convention})")
        shown: dict[str, int] = {}
        for problem in report.problems:
            shown[problem.table] = shown.get(problem.table, 0) + 1
            if shown[problem.table] <= MAX_PROBLEMS_SHOWN:
                console.print(f"  {problem.message}", markup=False, highlight=False)
        for table_name, count in shown.items():
            total = (
                sum(report.tables[table_name].problem_counts.values())
                if table_name in report.tables
                else count
            )
            if total > MAX_PROBLEMS_SHOWN:
                console.print(
                    f"  ... {total - MAX_PROBLEMS_SHOWN:,} more in {table_name} "
                    "(use --report-json FILE for the full list)"
                )
    style = "red" if report.rejected else "green"
    console.print(f"\n[{style}]{report.message}[/]", highlight=False)
