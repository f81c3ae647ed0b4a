"""Check an input folder against the contract: parse every table, exclude bad rows, report why.

Tables are checked in reference order (people before the rows that refer to them), so a row that
refers to an excluded person is itself excluded and reported as a dangling reference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qaf.config import Settings
from qaf.warehouse import coverage, ofsted, parse
from qaf.warehouse.read import Folder, RawTable, Unreadable, read_file, scan
from qaf.warehouse.report import MAX_PROBLEMS_KEPT, STRUCTURAL, LoadReport, Problem, TableReport
from qaf.warehouse.specs import SPECS, TABLES, Table

# How many example values a structural "wrong type throughout" message quotes.
EXAMPLES_QUOTED = 3


def reference_order() -> list[Table]:
    """Every table after the tables its columns refer to."""
    done: dict[str, Table] = {}

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


@dataclass
class Checked:
    """One table after its checks: the stored rows and what the table's checks found."""

    spec: Table
    data: pa.Table
    keys: pa.Array | None = None  # key values of loaded rows
    excluded_keys: pa.Array | None = None  # key values of excluded rows
    file: str | None = None


def empty_table(spec: Table) -> pa.Table:
    return pa.table({c.name: pa.array([], type=parse.ARROW_TYPES[c.kind]) for c in spec.columns})


@dataclass
class _TableCheck:
    spec: Table
    file: str
    raw: RawTable
    max_kept: int
    excluded: np.ndarray = field(init=False)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    structural: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.excluded = np.zeros(self.raw.rows, dtype=bool)

    def flag(
        self,
        mask: np.ndarray,
        column: str,
        kind: str,
        values: pa.Array | None,
        expected: str | Callable[[str | None, int], str],
    ) -> None:
        """Exclude the rows in `mask` and record a problem for each."""
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        self.excluded |= mask
        self.counts[kind] = self.counts.get(kind, 0) + len(rows)
        room = self.max_kept - len(self.problems)
        for index in rows[: max(room, 0)]:
            value = None if values is None else values[int(index)].as_py()
            text = None if value is None else str(value)
            words = expected(text, int(index)) if callable(expected) else expected
            self.problems.append(
                Problem(self.spec.name, self.file, int(index) + 1, column, text, words, kind)
            )

    def fail(self, column: str | None, expected: str, value: str | None = None) -> None:
        self.structural.append(Problem(self.spec.name, self.file, None, column, value, expected))


def _mask(array: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _first_seen(keys: pa.Array, live: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each live row with a key: is it a repeat, and the row index of the key's first use."""
    encoded = pc.dictionary_encode(keys).indices
    codes = pc.fill_null(encoded, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    codes = np.where(live, codes, -1)
    size = len(keys)
    first = np.full(int(codes.max(initial=-1)) + 2, size, dtype=np.int64)
    order = np.arange(size)
    np.minimum.at(first, codes + 1, order)
    first_row = first[codes + 1]
    repeat = (codes >= 0) & (first_row < order)
    return repeat, first_row


def check_table(
    spec: Table, file: Path, settings: Settings, done: dict[str, Checked], report: LoadReport
) -> Checked | None:
    table_report = TableReport(spec.name, file.name)
    report.tables[spec.name] = table_report
    try:
        if spec.name == ofsted.TABLE:
            raw = read_file(file, ofsted.HEADER_MARK, ofsted.SHEET)
        else:
            raw = read_file(file)
    except Unreadable as exc:
        report.problems.append(Problem(spec.name, file.name, None, None, None, str(exc)))
        return None
    if spec.name == ofsted.TABLE and ofsted.recognised(raw.columns):
        raw = ofsted.as_providers(raw)
        table_report.layout = ofsted.LAYOUT
    elif ofsted.FILE_NAMES.match(file.stem.strip().lower()) and "urn" not in raw.columns:
        # Named as Ofsted's file but not in its layout (another sheet, another publication).
        report.problems.append(
            Problem(
                spec.name,
                file.name,
                None,
                None,
                None,
                "named as Ofsted's provider file, but no sheet Provider_level_at_31_Mar_<year> "
                f'and no header with "URN" and "{ofsted.GRADE}"',
            )
        )
        return None
    table_report.rows_read = raw.rows
    check = _TableCheck(spec, file.name, raw, MAX_PROBLEMS_KEPT)
    for name in raw.duplicate_headers:
        check.fail(name, "the column appears twice (names are compared ignoring case)")
    for column in spec.columns:
        if column.required and column.name not in raw.columns:
            check.fail(column.name, "a required column is missing from the file")
    missing_optional = [c.name for c in spec.columns if c.name not in raw.columns]
    if missing_optional and not check.structural:
        report.notes.append(f"{file.name}: no column {', '.join(missing_optional)} (left empty)")
    table_report.extra_columns = [n for n in raw.columns if n not in spec.by_name]
    report.notes += [f"{file.name}: {note}" for note in raw.notes]
    if check.structural:
        report.problems += check.structural
        return None

    arrays: dict[str, pa.Array] = {}
    texts: dict[str, pa.Array] = {}
    for column in spec.columns:
        source = raw.columns.get(column.name, pa.nulls(raw.rows, pa.string()))
        parsed = parse.parse_column(source, column, settings.load.missing_dates)
        arrays[column.name], texts[column.name] = parsed.values, parsed.text
        if parsed.bad.any():
            valid = ~parsed.bad & ~parsed.missing
            if not valid.any():
                sample = pc.unique(parsed.text.filter(pa.array(parsed.bad))).to_pylist()
                examples = ", ".join(repr(v) for v in sample[:EXAMPLES_QUOTED])
                check.fail(
                    column.name,
                    f"no value in this column is {parse.expected(column)} "
                    f"(found {examples}); is it the right column?",
                )
                continue
            check.flag(parsed.bad, column.name, "bad_value", parsed.text, parse.expected(column))
        if column.required:
            check.flag(
                parsed.missing, column.name, "missing_value", None, "a value is required here"
            )
    if check.structural:
        report.problems += check.structural
        return None

    for start, end in spec.date_order:
        early = _mask(pc.less(arrays[end], arrays[start])) & ~check.excluded

        def after(
            _value: str | None, i: int, start: str = start, start_text: pa.Array = texts[start]
        ) -> str:
            return f"a date on or after {start} ({start_text[i].as_py()})"

        check.flag(early, end, "date_order", texts[end], after)

    key = spec.key
    if key is not None:
        repeat, first_row = _first_seen(arrays[key], ~check.excluded)
        check.flag(
            repeat,
            key,
            "duplicate",
            arrays[key],
            lambda _v, i: f"an id used once; row {first_row[i] + 1} has it already",
        )

    for column in spec.columns:
        if not column.references:
            continue
        target_name, _target_col = column.references.split(".")
        target = done.get(target_name)
        if target is None or target.file is None:
            report.notes.append(
                f"{file.name}: {column.name} not checked against {target_name} (no such file)"
            )
            continue
        values = arrays[column.name]
        assert target.keys is not None and target.excluded_keys is not None
        present = pc.is_valid(values)
        known = pc.is_in(values, value_set=target.keys)
        dangling = _mask(pc.and_(present, pc.invert(known))) & ~check.excluded
        dropped = set(target.excluded_keys.to_pylist()) if dangling.any() else set()

        def why(
            value: str | None, _i: int, target_file: str = target.file, dropped: set[str] = dropped
        ) -> str:
            if value in dropped:
                return f"the id of a row in {target_file}; that row was excluded (see its problem)"
            return f"the id of a row in {target_file}; there is none"

        check.flag(dangling, column.name, "dangling_reference", values, why)

    keep = pa.array(~check.excluded)
    columns = {name: array.filter(keep) for name, array in arrays.items()}
    for name in table_report.extra_columns:
        columns[name] = parse.clean_text(raw.columns[name]).filter(keep)
    data = pa.table(columns)
    table_report.rows_loaded = data.num_rows
    table_report.rows_rejected = raw.rows - data.num_rows
    table_report.problem_counts = dict(check.counts)
    table_report.fill = {
        c.name: (
            100.0 * (data.num_rows - data.column(c.name).null_count) / data.num_rows
            if data.num_rows
            else 0.0
        )
        for c in spec.columns
    }
    check.problems.sort(key=lambda p: (p.row or 0, spec.names.index(p.column or spec.names[0])))
    report.problems += check.problems
    report.problem_total += sum(check.counts.values())
    limit = settings.load.max_rejected_pct
    if table_report.rows_rejected and table_report.rejected_pct > limit:
        report.reasons.append(
            f"{file.name}: {table_report.rows_rejected:,} of {raw.rows:,} rows excluded "
            f"({table_report.rejected_pct:.1f}%), more than the {limit:g}% allowed "
            "(setting load.max_rejected_pct)"
        )
    checked = Checked(spec, data, file=file.name)
    if key is not None:
        checked.keys = data.column(key).combine_chunks()
        checked.excluded_keys = arrays[key].filter(pa.array(check.excluded))
    return checked


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
        checked = check_table(spec, file, settings, done, report)
        if checked is not None:
            done[spec.name] = checked
    structural = [p for p in report.problems if p.kind == STRUCTURAL]
    report.problem_total += len(structural)
    report.reasons[:0] = [p.message for p in structural]
    if report.reasons:
        report.status = "rejected"
    ordered = {
        spec.name: (done[spec.name].data if spec.name in done else empty_table(spec))
        for spec in SPECS
    }
    report.tables = {
        spec.name: report.tables[spec.name] for spec in SPECS if spec.name in report.tables
    }
    measured = coverage.measure(ordered)
    report.coverage = None if measured is None else measured.to_dict()
    return ordered, report
