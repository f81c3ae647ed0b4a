"""Check an input folder against the contract: parse every table, apply the cell rule, report why.

The council's code map and `qaf_council` are checked first (the map is used to read coded columns,
the extract date to refuse births after it); then every table after the tables it refers to
(people before the rows that refer to them), so a row that refers to an excluded person is itself
excluded and reported as a dangling reference. The per-table work is in `table_check.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from qaf.config import Settings
from qaf.warehouse import coverage, guards, parse
from qaf.warehouse.read import Folder, scan
from qaf.warehouse.report import STRUCTURAL, LoadReport, Problem, TableReport
from qaf.warehouse.specs import SPECS, TABLES, Table
from qaf.warehouse.table_check import Checked, Context, check_table, empty_table

# Checked before the rest: the code map is used to read them, the council gives the extract date.
FIRST = ("qaf_code_map", "qaf_council")
CODE_MAP, COUNCIL = FIRST
# What the rows of a table are, for a root-cause message ("refer to people it does not hold").
NOUNS = {
    "ssd_person": "people",
    "ssd_cin_episodes": "referrals",
    "ssd_s47_enquiry": "section 47 enquiries",
    "ssd_professionals": "workers",
    "qaf_teams": "teams",
}

__all__ = ["Checked", "check_folder", "empty_table", "reference_order"]


def reference_order() -> list[Table]:
    """The code map and council first, then every table after the tables its columns refer to."""
    done: dict[str, Table] = {name: TABLES[name] for name in FIRST}

    def visit(table: Table) -> None:
        if table.name in done:
            return
        for column in table.columns:
            if column.references:
                target = column.references.split(".")[0]
                if target != table.name:
                    visit(TABLES[target])
        done[table.name] = table

    for table in SPECS:
        visit(table)
    return list(done.values())


def _use_code_map(checked: Checked, ctx: Context, report: LoadReport) -> None:
    """Read the council's map into the context; a row that cannot be used rejects the folder."""
    rows: list[dict[str, object]] = [{} for _ in range(checked.rows_read)]
    for number, row in zip(checked.row_numbers, checked.data.to_pylist(), strict=True):
        rows[int(number) - 1] = row
    try:
        ctx.local = parse.local_maps(rows)
    except parse.CodeMapError as exc:
        words = str(exc).split(": ", 1)[-1]
        report.problems.append(
            Problem(CODE_MAP, checked.file or "", exc.row, exc.column, None, words)
        )


def _limit_reasons(done: dict[str, Checked], limit: float) -> list[str]:
    """Columns with more than `limit` % of rows emptied, missing or excluded; references into a
    table with no rows are reported once, as that table's problem (the root cause)."""
    reasons: list[str] = []
    empty_targets: dict[str, dict[str, int]] = {}
    for checked in done.values():
        for column, shares in checked.per_column.items():
            total = sum(shares.values())
            target = checked.dangling.get(column)
            if target is not None and done[target].data.num_rows == 0:
                by_table = empty_targets.setdefault(target, {})
                by_table[checked.spec.name] = by_table.get(checked.spec.name, 0) + total
                continue
            if not checked.rows_read or 100.0 * total / checked.rows_read <= limit:
                continue
            parts = ", ".join(
                f"{n:,} {'cells' if kind == 'emptied' else 'values' if kind == 'missing' else 'rows'}"
                f" {kind}"
                for kind, n in shares.items()
                if n
            )
            reasons.append(
                f"{checked.file}: column {column}: {parts}; {total:,} of {checked.rows_read:,} "
                f"rows ({100.0 * total / checked.rows_read:.1f}%), more than the {limit:g}% "
                "allowed (setting load.max_rejected_pct)"
            )
    for target, tables in empty_targets.items():
        noun = NOUNS.get(target, "rows")
        rows = sum(tables.values())
        reasons.insert(
            0,
            f"{target} has no rows: {rows:,} rows in {len(tables)} "
            f"table{'s' if len(tables) != 1 else ''} refer to {noun} it does not hold "
            f"({', '.join(sorted(tables))})",
        )
    return reasons


def check_folder(
    path: Path, settings: Settings, on_table: Callable[[str], None] | None = None
) -> tuple[dict[str, pa.Table], LoadReport]:
    """Parse and check every table of the folder. The report says whether it is rejected."""
    report = LoadReport(folder=str(path))
    folder: Folder = scan(path)
    report.unknown_files = list(folder.unknown)
    for table, names in folder.clashes.items():
        report.problems.append(
            Problem(
                table,
                " and ".join(names),
                None,
                None,
                None,
                "two files for one table; keep only one",
            )
        )
    ctx = Context(settings, {}, dt.date.today())
    done: dict[str, Checked] = {}
    for spec in reference_order():
        if on_table:
            on_table(spec.name)
        file = folder.tables.get(spec.name)
        if file is None:
            if spec.name in folder.clashes:
                continue
            if spec.required:
                report.problems.append(
                    Problem(
                        spec.name,
                        f"{spec.name}.csv",
                        None,
                        None,
                        None,
                        "a required table is missing from the folder (.csv, .parquet or .xlsx)",
                    )
                )
            report.tables[spec.name] = TableReport(spec.name)
            done[spec.name] = Checked(spec, empty_table(spec))
            continue
        checked = check_table(spec, file, ctx, done, report)
        # What the table's text as read held goes back to the system before the next table is
        # read, rather than being kept by Arrow's allocator for later.
        pa.default_memory_pool().release_unused()
        if checked is None:
            continue
        done[spec.name] = checked
        if spec.name == CODE_MAP:
            _use_code_map(checked, ctx, report)
        elif spec.name == COUNCIL:
            ctx.extract_date = coverage.extract_date(checked.data) or ctx.extract_date
    ordered = {
        spec.name: (done[spec.name].data if spec.name in done else empty_table(spec))
        for spec in SPECS
    }
    files = {name: c.file for name, c in done.items() if c.file is not None}
    report.problems += guards.council_problems(ordered, files)
    # A required table with no rows: a reason of its own, which `qaf load --accept-drop` may accept.
    empty = guards.empty_required(report)
    warning = guards.case_worker_warning(ordered, settings.casework.case_worker_roles)
    if warning:
        report.warnings.append(warning)
    structural = [p for p in report.problems if p.kind == STRUCTURAL]
    report.problem_total += len(structural)
    report.reasons = [p.message for p in structural]
    report.reasons += _limit_reasons(done, settings.load.max_rejected_pct)
    report.drops = empty
    report.reasons += empty
    if report.reasons:
        report.status = "rejected"
    report.tables = {
        spec.name: report.tables[spec.name] for spec in SPECS if spec.name in report.tables
    }
    measured = coverage.measure(ordered)
    report.coverage = None if measured is None else measured.to_dict()
    return ordered, report
