"""Check one table file against its spec, under the cell rule (docs/loading.md):

- a non-key cell that cannot be read, or cannot be true, becomes empty and the row is kept;
- only a missing key, a duplicate key or a broken reference excludes a row (and a row that is
  the header line again, which is not data);
- every change QAF makes to a value is counted per column, with an example row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qaf.config import Settings
from qaf.warehouse import guards, ofsted, parse
from qaf.warehouse.read import RawTable, Unreadable, read_file
from qaf.warehouse.report import (
    BAD_VALUE,
    CELL_EMPTIED,
    DANGLING_REFERENCE,
    DATE_ORDER,
    DUPLICATE,
    EXPECTED_DOB_USED,
    IMPOSSIBLE_VALUE,
    MAX_PROBLEMS_KEPT,
    MISSING_KEY,
    MISSING_VALUE,
    NUL_REMOVED,
    READ_NOTE,
    REPEATED_HEADER,
    Change,
    LoadReport,
    Problem,
    TableReport,
)
from qaf.warehouse.specs import Column, Table

# How many example values a structural "wrong type throughout" message quotes.
EXAMPLES_QUOTED = 3
# A date of birth, and the expected date of birth that stands in when it is empty.
DOB, EXPECTED_DOB = "pers_dob", "pers_expected_dob"
NUL = "\x00"
NUL_SCAN_BYTES = 4 << 20
# Kinds whose text no check after parsing quotes: once a column of these is parsed, only the rows
# of the text as read that the report's examples may show are kept (the outcome JSON is most of
# a contacts file, and holding it both as read and as stored was the largest part of the peak).
EXAMPLES_ONLY_KINDS = frozenset({"json"})

Expected = str | Callable[[str | None, int], str]


@dataclass
class Context:
    """What checking a table needs from the folder around it."""

    settings: Settings
    # The council's qaf_code_map by (table, column): value -> DfE code.
    local: Mapping[tuple[str, str], Mapping[str, str]]
    # Dates of birth after this cannot be true: qaf_council.extract_date, else today.
    extract_date: dt.date


@dataclass
class Checked:
    """One table after its checks: the stored rows and what the table's checks found."""

    spec: Table
    data: pa.Table
    keys: pa.Array | None = None  # key values of loaded rows
    excluded_keys: pa.Array | None = None  # key values of excluded rows
    file: str | None = None
    rows_read: int = 0
    # The file's row number (1 = first data row) of each loaded row.
    row_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Per column: cells emptied, values missing, rows excluded; what load.max_rejected_pct limits.
    per_column: dict[str, dict[str, int]] = field(default_factory=dict)
    # Reference columns with rows excluded, and the table they refer to.
    dangling: dict[str, str] = field(default_factory=dict)
    # `keys` as a Python set, made on first use: one hash table for every column referring here.
    key_set: set[str] | None = None

    def known(self, values: pa.Array) -> pa.Array:
        """Per value: is it one of this table's keys (a null value counts as known: there is
        nothing to look up)."""
        if self.key_set is None:
            assert self.keys is not None
            self.key_set = set(self.keys.to_pylist())
        # Only the distinct values are looked up: Arrow's is_in would hash every key again for
        # each referring column (~0.3 s each against 560,000 people).
        distinct = pc.unique(values.drop_null()).to_pylist()
        unknown = pa.array([v for v in distinct if v not in self.key_set], pa.string())
        return pc.invert(pc.is_in(values, value_set=unknown, skip_nulls=True))


def empty_table(spec: Table) -> pa.Table:
    return pa.table({c.name: pa.array([], type=parse.ARROW_TYPES[c.kind]) for c in spec.columns})


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


def is_key(spec: Table, column: Column) -> bool:
    """A column whose empty value leaves the row meaningless: the table's key, or a required id
    (the person a contact is about)."""
    return column.name == spec.key or (column.required and column.kind == "id")


@dataclass
class _TableCheck:
    spec: Table
    file: str
    raw: RawTable
    excluded: np.ndarray = field(init=False)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    structural: list[Problem] = field(default_factory=list)
    per_column: dict[str, dict[str, int]] = field(default_factory=dict)
    emptied: dict[str, np.ndarray] = field(default_factory=dict)
    changes: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    # Columns whose text as read was let go after parsing: the rows kept, and their text.
    examples: dict[str, tuple[np.ndarray, pa.Array]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.excluded = np.zeros(self.raw.rows, dtype=bool)

    def record(
        self,
        mask: np.ndarray,
        column: str | None,
        kind: str,
        values: pa.Array | None,
        expected: Expected,
        *,
        exclude: bool,
        share: str | None,
    ) -> np.ndarray:
        """Record a problem for each row of `mask` not already excluded; exclude them if asked.
        `share` names what counts against load.max_rejected_pct (None: nothing does)."""
        mask = mask & ~self.excluded
        rows = np.flatnonzero(mask)
        if not len(rows):
            return mask
        if exclude:
            self.excluded |= mask
        self.counts[kind] = self.counts.get(kind, 0) + len(rows)
        if share is not None and column is not None:
            shares = self.per_column.setdefault(column, {})
            shares[share] = shares.get(share, 0) + len(rows)
        room = MAX_PROBLEMS_KEPT - len(self.problems)
        for index in rows[: max(room, 0)]:
            value = None if values is None else values[int(index)].as_py()
            text = None if value is None else str(value)
            words = expected(text, int(index)) if callable(expected) else expected
            self.problems.append(
                Problem(self.spec.name, self.file, int(index) + 1, column, text, words, kind)
            )
        return mask

    def empty_cells(
        self,
        arrays: dict[str, pa.Array],
        texts: Mapping[str, pa.Array],
        column: str,
        mask: np.ndarray,
        kind: str,
        expected: Expected,
    ) -> None:
        """The cell rule: the value goes, the row stays, the report says so."""
        mask = self.record(
            mask, column, kind, texts[column], expected, exclude=False, share="emptied"
        )
        if not mask.any():
            return
        nulls = pa.nulls(len(mask), arrays[column].type)
        arrays[column] = pc.if_else(pa.array(mask), nulls, arrays[column])
        self.emptied[column] = self.emptied.get(column, np.zeros(len(mask), bool)) | mask
        self.changed(column, CELL_EMPTIED, mask)

    def changed(self, column: str, kind: str, mask: np.ndarray) -> None:
        before = self.changes.get((column, kind))
        self.changes[(column, kind)] = mask if before is None else before | mask

    def fail(self, column: str | None, expected: str, value: str | None = None) -> None:
        self.structural.append(Problem(self.spec.name, self.file, None, column, value, expected))


def _read(
    spec: Table, file: Path, report: LoadReport, table_report: TableReport
) -> RawTable | None:
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
    return raw


def _has_nul(array: pa.Array) -> bool:
    """Whether any value holds a NUL, looking at the text's bytes at once (a search per value
    would cost a tenth of the whole check on a large extract)."""
    if not pa.types.is_string(array.type):
        return bool(pc.any(pc.match_substring(array, NUL)).as_py())
    _validity, offsets, data = array.buffers()
    if data is None or not len(array):
        return False
    start, end = np.frombuffer(offsets, dtype=np.int32)[[array.offset, array.offset + len(array)]]
    text = np.frombuffer(data, dtype=np.uint8)
    # A slice at a time: comparing the whole column at once would hold a flag per byte.
    return any(
        (text[at : min(at + NUL_SCAN_BYTES, end)] == 0).any()
        for at in range(int(start), int(end), NUL_SCAN_BYTES)
    )


def _without_nul(check: _TableCheck, column: str, array: pa.Array) -> pa.Array:
    """NUL characters removed (PostgreSQL cannot store them in text; no system means them)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not _has_nul(array):
        return array
    has_nul = parse.bool_mask(pc.match_substring(array, NUL))
    if not has_nul.any():
        return array
    check.changed(column, NUL_REMOVED, has_nul)
    return pc.replace_substring(array, NUL, "")


def check_table(
    spec: Table, file: Path, ctx: Context, done: dict[str, Checked], report: LoadReport
) -> Checked | None:
    table_report = TableReport(spec.name, file.name)
    report.tables[spec.name] = table_report
    raw = _read(spec, file, report, table_report)
    if raw is None:
        return None
    table_report.rows_read = raw.rows
    check = _TableCheck(spec, file.name, raw)
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
    report.changes += [Change(spec.name, file.name, None, READ_NOTE, 1, None, n) for n in raw.notes]
    if check.structural:
        report.problems += check.structural
        return None

    header_again = guards.repeated_header(raw)
    check.record(
        header_again,
        None,
        REPEATED_HEADER,
        None,
        "the header line again, inside the data (files joined with their headers?); row left out",
        exclude=True,
        share=None,
    )
    arrays, texts = _parse_columns(check, ctx)
    if check.structural:
        report.problems += check.structural
        return None
    _impossible(check, arrays, texts, ctx)
    _date_order(check, arrays, texts)
    _required(check, arrays)
    _duplicates(check, arrays)
    dangling = _references(check, arrays, done, report)
    return _finish(check, arrays, table_report, report, dangling)


def _parse_columns(
    check: _TableCheck, ctx: Context
) -> tuple[dict[str, pa.Array], dict[str, pa.Array]]:
    spec, raw = check.spec, check.raw
    arrays: dict[str, pa.Array] = {}
    texts: dict[str, pa.Array] = {}
    for column in spec.columns:
        source = raw.columns.get(column.name, pa.nulls(raw.rows, pa.string()))
        source = _without_nul(check, column.name, source)
        local = ctx.local.get((spec.name, column.name))
        examples_only = column.kind in EXAMPLES_ONLY_KINDS
        parsed = parse.parse_column(
            source, column, ctx.settings.load.missing_dates, local, encoded_values=examples_only
        )
        arrays[column.name], texts[column.name] = parsed.values, parsed.text
        for kind, mask in parsed.changes.items():
            check.changed(column.name, kind, mask)
        bad = parsed.bad & ~check.excluded
        if bad.any():
            valid = ~parsed.bad & ~parsed.missing & ~check.excluded
            if not valid.any() and bad.sum() > 1:
                sample = pc.unique(parsed.text.filter(pa.array(bad))).to_pylist()
                examples = ", ".join(repr(v) for v in sample[:EXAMPLES_QUOTED])
                check.fail(
                    column.name,
                    f"no value in this column is {parse.expected(column)} "
                    f"(found {examples}); is it the right column?",
                )
                continue
            # The parser has already left these cells empty.
            check.empty_cells(arrays, texts, column.name, bad, BAD_VALUE, parse.expected(column))
        del source, parsed
        if examples_only:
            _keep_examples_only(check, column.name, texts)
            # Spelt out only now, so the text as read and the values are never held together.
            if pa.types.is_dictionary(arrays[column.name].type):
                arrays[column.name] = arrays[column.name].dictionary_decode()
    return arrays, texts


def _keep_examples_only(check: _TableCheck, name: str, texts: dict[str, pa.Array]) -> None:
    """Let go of a parsed column's text, keeping the text as read of the rows it changed (which
    `_changes` quotes); nothing records a change to these kinds after parsing."""
    del texts[name]
    raw = check.raw.columns.pop(name, None)
    if raw is None:
        return
    changed = [mask for (column, _kind), mask in check.changes.items() if column == name]
    rows = np.flatnonzero(np.logical_or.reduce(changed)) if changed else np.zeros(0, np.int64)
    check.examples[name] = (rows, raw.take(pa.array(rows)))


def _impossible(
    check: _TableCheck, arrays: dict[str, pa.Array], texts: dict[str, pa.Array], ctx: Context
) -> None:
    for bad in guards.impossible_cells(check.spec.name, arrays, ctx.extract_date):
        check.empty_cells(arrays, texts, bad.column, bad.mask, IMPOSSIBLE_VALUE, bad.expected)
    if check.spec.name == "ssd_person":
        # An unborn child, or one whose date of birth is estimated: the expected date stands in.
        stand_in = parse.bool_mask(
            pc.and_(pc.is_null(arrays[DOB]), pc.is_valid(arrays[EXPECTED_DOB]))
        )
        stand_in &= ~check.excluded
        if stand_in.any():
            arrays[DOB] = pc.if_else(pa.array(stand_in), arrays[EXPECTED_DOB], arrays[DOB])
            check.changed(DOB, EXPECTED_DOB_USED, stand_in)
            emptied = check.emptied.get(DOB)
            if emptied is not None:
                check.emptied[DOB] = emptied & ~stand_in


def _date_order(
    check: _TableCheck, arrays: dict[str, pa.Array], texts: dict[str, pa.Array]
) -> None:
    for start, end in check.spec.date_order:
        early = parse.bool_mask(pc.less(arrays[end], arrays[start]))

        def after(
            _value: str | None, i: int, start: str = start, start_text: pa.Array = texts[start]
        ) -> str:
            return f"a date on or after {start} ({start_text[i].as_py()}); end date left empty"

        check.empty_cells(arrays, texts, end, early, DATE_ORDER, after)


def _required(check: _TableCheck, arrays: dict[str, pa.Array]) -> None:
    spec = check.spec
    for column in spec.columns:
        if not column.required:
            continue
        missing = np.asarray(arrays[column.name].is_null().to_numpy(zero_copy_only=False), bool)
        # A cell emptied because it could not be used is already counted.
        missing &= ~check.emptied.get(column.name, np.zeros(len(missing), bool))
        if is_key(spec, column):
            words = "an id: a row without one cannot be used, so it was left out"
            check.record(
                missing, column.name, MISSING_KEY, None, words, exclude=True, share="excluded"
            )
        else:
            words = "a value is required here; the row is kept, and figures that need it skip it"
            check.record(
                missing, column.name, MISSING_VALUE, None, words, exclude=False, share="missing"
            )


def _duplicates(check: _TableCheck, arrays: dict[str, pa.Array]) -> None:
    key = check.spec.key
    if key is None:
        return
    repeat, first_row = _first_seen(arrays[key], ~check.excluded)
    check.record(
        repeat,
        key,
        DUPLICATE,
        arrays[key],
        lambda _v, i: f"an id used once; row {first_row[i] + 1} has it already",
        exclude=True,
        share="excluded",
    )


def _references(
    check: _TableCheck, arrays: dict[str, pa.Array], done: dict[str, Checked], report: LoadReport
) -> dict[str, str]:
    dangling_columns: dict[str, str] = {}
    for column in check.spec.columns:
        if not column.references:
            continue
        target_name, _target_col = column.references.split(".")
        target = done.get(target_name)
        if target is None or target.file is None:
            report.notes.append(
                f"{check.file}: {column.name} not checked against {target_name} (no such file)"
            )
            continue
        values = arrays[column.name]
        assert target.keys is not None and target.excluded_keys is not None
        known = target.known(values)
        dangling = parse.bool_mask(pc.and_(pc.is_valid(values), pc.invert(known)))
        dropped = set(target.excluded_keys.to_pylist()) if dangling.any() else set()

        def why(
            value: str | None, _i: int, target_file: str = target.file, dropped: set[str] = dropped
        ) -> str:
            if value in dropped:
                return f"the id of a row in {target_file}; that row was excluded (see its problem)"
            return f"the id of a row in {target_file}; there is none"

        hit = check.record(
            dangling, column.name, DANGLING_REFERENCE, values, why, exclude=True, share="excluded"
        )
        if hit.any():
            dangling_columns[column.name] = target_name
    return dangling_columns


def _finish(
    check: _TableCheck,
    arrays: dict[str, pa.Array],
    table_report: TableReport,
    report: LoadReport,
    dangling: dict[str, str],
) -> Checked:
    spec, raw = check.spec, check.raw
    kept = ~check.excluded
    keep = pa.array(kept)

    def kept_rows(array: pa.Array) -> pa.Array:
        # With nothing excluded (the usual case) the column as it is, not a copy of it.
        return array if kept.all() else array.filter(keep)

    columns = {name: kept_rows(array) for name, array in arrays.items()}
    for name in table_report.extra_columns:
        columns[name] = kept_rows(parse.clean_text(raw.columns[name]))
    data = pa.table(columns)
    table_report.rows_loaded = data.num_rows
    table_report.rows_rejected = raw.rows - data.num_rows
    table_report.problem_counts = dict(check.counts)
    table_report.cells_emptied = {
        name: int((mask & kept).sum())
        for name, mask in check.emptied.items()
        if (mask & kept).any()
    }
    table_report.fill = {
        c.name: (
            100.0 * (data.num_rows - data.column(c.name).null_count) / data.num_rows
            if data.num_rows
            else 0.0
        )
        for c in spec.columns
    }
    order = {name: i for i, name in enumerate(spec.names)}
    check.problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
    report.problems += check.problems
    report.problem_total += sum(check.counts.values())
    report.changes += _changes(check, kept)
    checked = Checked(spec, data, file=check.file, rows_read=raw.rows)
    checked.row_numbers = np.flatnonzero(kept) + 1
    checked.per_column = check.per_column
    checked.dangling = dangling
    if spec.key is not None:
        checked.keys = data.column(spec.key).combine_chunks()
        checked.excluded_keys = arrays[spec.key].filter(pa.array(check.excluded))
    return checked


def _as_read(check: _TableCheck, column: str, row: int) -> object:
    """A cell's value as read from the file (None when the file has no such column)."""
    kept = check.examples.get(column)
    if kept is not None:
        rows, values = kept
        at = int(np.searchsorted(rows, row))
        assert at < len(rows) and rows[at] == row, f"{column}: row {row} was not kept"
        return values[at].as_py()
    source = check.raw.columns.get(column)
    return None if source is None else source[row].as_py()


def _changes(check: _TableCheck, kept: np.ndarray) -> list[Change]:
    """Each change kind per column, counted over the rows loaded, with the first as an example."""
    found = []
    order = {name: i for i, name in enumerate(check.spec.names)}
    for (column, kind), mask in sorted(check.changes.items(), key=lambda i: order[i[0][0]]):
        rows = np.flatnonzero(mask & kept)
        if not len(rows):
            continue
        # For a stand-in date of birth, the date that stood in.
        shown = EXPECTED_DOB if kind == EXPECTED_DOB_USED else column
        example = _as_read(check, shown, int(rows[0]))
        detail = None if example is None else str(example).replace(NUL, "\\0")
        found.append(
            Change(check.spec.name, check.file, column, kind, len(rows), int(rows[0]) + 1, detail)
        )
    return found
