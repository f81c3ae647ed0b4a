"""Find the table files in an input folder and read each one into columns of text.

Every value is read as text, whatever the file format, so that one set of parse rules (`parse.py`)
applies to CSV, Parquet and XLSX alike. Column names are trimmed and lower-cased."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from qaf.warehouse import ofsted, sniff
from qaf.warehouse.specs import TABLES

SUFFIXES = (".csv", ".parquet", ".xlsx")
# Bytes read per block by the CSV reader. Read as a stream of 4 MiB blocks, a 200 MB file peaks
# at about 1.5x its size while read, against 2x read whole in 16 MiB blocks, and takes less time.
CSV_BLOCK_SIZE = 4 << 20


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
    # Which row of the file (or sheet) the header is on, counting from 1.
    header_row: int = 1


def scan(path: Path) -> Folder:
    if not path.is_dir():
        raise Unreadable(f"{path} is not a folder")
    folder = Folder(path)
    found: dict[str, list[Path]] = {}
    for item in sorted(path.iterdir()):
        if item.is_dir() or item.name.startswith("."):
            continue
        table = table_of(item)
        if table is not None:
            found.setdefault(table, []).append(item)
        else:
            folder.unknown.append(item.name)
    for table, paths in found.items():
        if len(paths) > 1:
            folder.clashes[table] = [p.name for p in paths]
        else:
            folder.tables[table] = paths[0]
    return folder


def table_of(item: Path) -> str | None:
    """The table a file holds, by its name: `<table>.csv|.parquet|.xlsx`, or Ofsted's provider file
    (named as published, or `ofsted_providers`, also as .ods) for qaf_providers."""
    stem, suffix = item.stem.strip().lower(), item.suffix.lower()
    if suffix in SUFFIXES and stem in TABLES:
        return stem
    ofsted_name = stem == ofsted.TABLE or ofsted.FILE_NAMES.match(stem)
    if ofsted_name and suffix in SUFFIXES + ofsted.EXTRA_SUFFIXES:
        return ofsted.TABLE
    return None


def read_file(
    path: Path, header_mark: str | None = None, sheet: re.Pattern[str] | None = None
) -> RawTable:
    """Every column as text. With `header_mark`, the header is the first row (of the first
    `ofsted.HEADER_SEARCH_ROWS`) with a cell reading it, so title lines above it are skipped; with
    `sheet`, a workbook's first sheet whose name matches is read (else its first sheet)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path, header_mark)
        if suffix == ".parquet":
            return _read_parquet(path)
        return _read_book(path, header_mark, sheet)
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


def _header_index(rows: list[list[Any]], mark: str | None) -> int | None:
    """The index of the first row with a cell reading `mark` (trimmed, any case), if any."""
    if mark is None:
        return None
    for index, row in enumerate(rows[: ofsted.HEADER_SEARCH_ROWS]):
        if any((_cell(v) or "").strip().lower() == mark for v in row):
            return index
    return None


def _read_csv(path: Path, header_mark: str | None = None) -> RawTable:
    if path.stat().st_size == 0:
        raise Unreadable("the file is empty (no header row)")
    head = sniff.head_bytes(path)
    fmt = sniff.encoding_of(head)
    if fmt.encoding == "utf-8" and not sniff.is_utf8(head):
        fmt = _legacy(path)
    try:
        return _read_csv_as(path, fmt, header_mark, head)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        # UTF-8 until a byte far down the file says otherwise: read it again as what it is.
        utf8_error = isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc)
        if fmt.encoding not in ("utf-8", "utf-8-sig") or not utf8_error:
            if isinstance(exc, UnicodeDecodeError):
                raise Unreadable(
                    f"not readable as {fmt.encoding} ({exc.reason} at byte {exc.start}); "
                    "save the file as CSV UTF-8"
                ) from exc
            raise
    return _read_csv_as(path, _legacy(path), header_mark, head)


def _read_columns(
    path: Path, fmt: sniff.CsvFormat, skip: int, width: int
) -> tuple[list[pa.Array], int]:
    """Every column under the header as text, each in one piece, and the number of rows.

    The file is read as a stream of blocks, and each block given back as soon as it is copied
    into its column, so the file's text is held about once, not twice."""
    names = [f"c{i}" for i in range(width)]
    reader = pa_csv.open_csv(
        path,
        read_options=pa_csv.ReadOptions(
            block_size=CSV_BLOCK_SIZE,
            skip_rows=skip,
            column_names=names,
            encoding=fmt.arrow_encoding,
        ),
        parse_options=pa_csv.ParseOptions(delimiter=fmt.delimiter, newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )
    pieces: list[list[pa.Array]] = [[] for _ in names]
    rows = 0
    for batch in reader:
        rows += batch.num_rows
        for i, chunks in enumerate(pieces):
            chunks.append(batch.column(i))
        del batch
    arrays: list[pa.Array] = []
    for i in range(len(pieces)):
        chunks, pieces[i] = pieces[i], []
        arrays.append(_joined(chunks))
    # What the reader's blocks held goes back to the system, not kept for later by the allocator.
    pa.default_memory_pool().release_unused()
    return arrays, rows


def _joined(chunks: list[pa.Array]) -> pa.Array:
    """One text column from its blocks, each block given back once copied: the column is held
    about once while it is joined, not twice (as `pa.concat_arrays` would hold it). Empties
    `chunks`."""
    if len(chunks) == 1:
        return chunks.pop()
    sizes = [_text_bytes(chunk) for chunk in chunks]
    rows = sum(len(chunk) for chunk in chunks)
    if any(chunk.null_count for chunk in chunks) or sum(sizes) >= 2**31 - 1:
        # Nulls need their bitmaps joined, and text past 2 GiB does not fit 32-bit offsets:
        # Arrow's own join (and its own error) for these.
        joined = pa.concat_arrays(chunks)
        chunks.clear()
        return joined
    offsets = np.empty(rows + 1, dtype=np.int32)
    data = np.empty(sum(sizes), dtype=np.uint8)
    offsets[0] = row = at = 0
    for size in sizes:
        chunk = chunks.pop(0)
        _validity, chunk_offsets, chunk_data = chunk.buffers()
        bounds = np.frombuffer(chunk_offsets, dtype=np.int32)
        bounds = bounds[chunk.offset : chunk.offset + len(chunk) + 1]
        offsets[row + 1 : row + len(chunk) + 1] = bounds[1:] - bounds[0] + at
        if size:
            data[at : at + size] = np.frombuffer(chunk_data, dtype=np.uint8)[bounds[0] : bounds[-1]]
        row, at = row + len(chunk), at + size
        del chunk, chunk_offsets, chunk_data, bounds
        # Arrow's allocator would keep the block for later; the system can have it now.
        pa.default_memory_pool().release_unused()
    return pa.Array.from_buffers(
        pa.string(), rows, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def _text_bytes(chunk: pa.Array) -> int:
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
    return int(offsets[chunk.offset + len(chunk)] - offsets[chunk.offset])


def _legacy(path: Path) -> sniff.CsvFormat:
    try:
        return sniff.legacy_encoding(path)
    except sniff.NotText as exc:
        raise Unreadable(str(exc)) from exc


def _read_csv_as(
    path: Path, fmt: sniff.CsvFormat, header_mark: str | None, head: bytes
) -> RawTable:
    # The header first, so that every column can be read as text whatever its name.
    table = table_of(path)
    known = TABLES[table].names if table in TABLES else ()
    search = ofsted.HEADER_SEARCH_ROWS + 1
    text = codecs.getincrementaldecoder(fmt.encoding)(errors="replace").decode(head)
    fmt.delimiter, note = sniff.delimiter_of(text, known, header_mark, search)
    notes = [*fmt.notes, *([note] if note else [])]
    with path.open(encoding=fmt.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=fmt.delimiter)
        # One row beyond the search, to tell a header with rows under it from a header alone.
        rows = [row for _, row in zip(range(search + 1), reader, strict=False)]
    skip = _header_index(rows, header_mark) or 0
    headers = rows[skip] if rows else []
    if not headers:
        raise Unreadable("the first line is empty (no header row)")
    if len(rows) <= search and not any(rows[skip + 1 :]):
        # A header alone (blank lines at most under it): Arrow cannot skip past it, but it is a
        # valid, empty table.
        raw = _named(headers, [pa.array([], pa.string()) for _ in headers], 0)
    else:
        raw = _named(headers, *_read_columns(path, fmt, skip + 1, len(headers)))
    raw.notes[:0] = notes
    raw.header_row = skip + 1
    return raw


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


def _read_book(
    path: Path, header_mark: str | None = None, sheet: re.Pattern[str] | None = None
) -> RawTable:
    """An XLSX (or ODS) workbook's first sheet, or the first whose name matches `sheet`."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    names = list(book.sheet_names)
    chosen = next((n for n in names if sheet is not None and sheet.match(n)), names[0])
    notes = []
    if len(names) > 1:
        which = "the first sheet" if chosen == names[0] else "the sheet"
        notes.append(f"read {which} ({chosen}); the others were ignored")
    rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    # The header is the row with the mark, else the first row with anything in it.
    skip = _header_index(rows, header_mark)
    if skip is None:
        skip = 0
        while skip < len(rows) and all(_cell(v) in (None, "") for v in rows[skip]):
            skip += 1
    header_row = skip + 1
    rows = rows[skip:]
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
    raw.header_row = header_row
    return raw
