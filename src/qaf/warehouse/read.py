"""Find the table files in an input folder and read each one into columns of text.

Every value is read as text, whatever the file format, so that one set of parse rules (`parse.py`)
applies to CSV, Parquet and XLSX alike. Column names are trimmed and lower-cased."""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from qaf.warehouse.specs import TABLES

SUFFIXES = (".csv", ".parquet", ".xlsx")
# Bytes read per block by the CSV reader: large enough to keep both cores busy.
CSV_BLOCK_SIZE = 16 << 20
# A file shorter than this is checked for being a header alone (a longest SSD header is ~400 bytes).
HEADER_PROBE_BYTES = 64 << 10


class Unreadable(Exception):
    """The file cannot be read as a table (a structural problem: the load is rejected)."""


@dataclass
class Folder:
    path: Path
    tables: dict[str, Path] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    # Two files for one table (say ssd_person.csv and SSD_Person.xlsx): which is meant is unclear.
    clashes: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class RawTable:
    """A file's columns as text, keyed by trimmed lower-case name, with the names as written."""

    columns: dict[str, pa.Array]
    headers: dict[str, str]
    rows: int
    duplicate_headers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def scan(path: Path) -> Folder:
    if not path.is_dir():
        raise Unreadable(f"{path} is not a folder")
    folder = Folder(path)
    found: dict[str, list[Path]] = {}
    for item in sorted(path.iterdir()):
        if item.is_dir() or item.name.startswith("."):
            continue
        stem, suffix = item.stem.strip().lower(), item.suffix.lower()
        if suffix in SUFFIXES and stem in TABLES:
            found.setdefault(stem, []).append(item)
        else:
            folder.unknown.append(item.name)
    for table, paths in found.items():
        if len(paths) > 1:
            folder.clashes[table] = [p.name for p in paths]
        else:
            folder.tables[table] = paths[0]
    return folder


def read_file(path: Path) -> RawTable:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".parquet":
            return _read_parquet(path)
        return _read_xlsx(path)
    except Unreadable:
        raise
    except Exception as exc:  # every reader's own errors mean the same thing to the person
        raise Unreadable(_plain(exc)) from exc


def _plain(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "UTF8" in text or "utf-8" in text.lower():
        return f"not UTF-8 text ({text}); save the file as CSV UTF-8"
    return f"cannot be read as a table: {text}"


def _named(headers: list[str], arrays: list[pa.Array], rows: int) -> RawTable:
    columns: dict[str, pa.Array] = {}
    original: dict[str, str] = {}
    duplicates: list[str] = []
    notes: list[str] = []
    for position, (header, array) in enumerate(zip(headers, arrays, strict=True), start=1):
        name = header.replace("\ufeff", "").strip().lower()
        if not name:
            # Spreadsheets often carry empty trailing columns with no header; drop those quietly.
            if pc.max(pc.utf8_length(pc.utf8_trim_whitespace(array))).as_py() in (None, 0):
                continue
            name = f"unnamed_{position}"
            notes.append(f"column {position} has no header; kept as {name}")
        if name in columns:
            duplicates.append(name)
            continue
        columns[name] = array
        original[name] = header
    return RawTable(columns, original, rows, duplicates, notes)


def _read_csv(path: Path) -> RawTable:
    if path.stat().st_size == 0:
        raise Unreadable("the file is empty (no header row)")
    # The header first, so that every column can be read as text whatever its name.
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        headers = next(csv.reader(handle), [])
    if not headers:
        raise Unreadable("the first line is empty (no header row)")
    names = [f"c{i}" for i in range(len(headers))]
    if _header_only(path):
        return _named(headers, [pa.array([], pa.string()) for _ in headers], 0)
    table = pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(block_size=CSV_BLOCK_SIZE, skip_rows=1, column_names=names),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )
    arrays = [table.column(i).combine_chunks() for i in range(table.num_columns)]
    return _named(headers, arrays, table.num_rows)


def _header_only(path: Path) -> bool:
    """A header line with no line break after it: Arrow cannot skip it, but it is a valid table."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_PROBE_BYTES)
    return len(head) < HEADER_PROBE_BYTES and b"\n" not in head.rstrip(b"\r\n")


def _as_text(column: pa.ChunkedArray, name: str) -> pa.Array:
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = column.type
    if pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        raise Unreadable(f"column {name} holds {kind} values, not plain values")
    if pa.types.is_floating(kind):
        return pa.array([_cell(v) for v in column.to_pylist()], type=pa.string())
    return column.cast(pa.string()).combine_chunks()


def _read_parquet(path: Path) -> RawTable:
    table = pq.read_table(path)
    arrays = [_as_text(table.column(i), name) for i, name in enumerate(table.column_names)]
    return _named(list(table.column_names), arrays, table.num_rows)


def _cell(value: Any) -> str | None:
    """A spreadsheet or Parquet cell as the text a CSV export would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> RawTable:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    notes = []
    if len(book.sheet_names) > 1:
        notes.append(f"read the first sheet ({book.sheet_names[0]}); the others were ignored")
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    # The header is the first row with anything in it.
    while rows and all(_cell(v) in (None, "") for v in rows[0]):
        rows.pop(0)
    if not rows:
        raise Unreadable("the sheet is empty (no header row)")
    headers = [_cell(v) or "" for v in rows[0]]
    width = len(headers)
    body = rows[1:]
    # Trailing empty rows are formatting, not data.
    while body and all(_cell(v) in (None, "") for v in body[-1]):
        body.pop()
    arrays = [
        pa.array([_cell(row[i]) if i < len(row) else None for row in body], type=pa.string())
        for i in range(width)
    ]
    raw = _named(headers, arrays, len(body))
    raw.notes[:0] = notes
    return raw
