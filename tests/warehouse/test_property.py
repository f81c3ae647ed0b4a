"""Mutated folders: every outcome is a load or a clear rejection, and a rejection changes nothing."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qaf.config import Settings
from qaf.errors import QafError
from qaf.warehouse import list_versions, load_folder, open_source, read_folder
from tests.warehouse.folders import valid_rows

# A smaller council than the unit tests', so each example runs in a few tens of milliseconds.
PEOPLE = 12
BASE = {
    table: [list(rows[0]), *[[row[h] for h in rows[0]] for row in rows]]
    for table, rows in valid_rows(PEOPLE).items()
}
TABLE_NAMES = sorted(BASE)
NASTY = [
    "",
    "NULL",
    "null",
    "1900-01-01",
    "31/02/2016",
    "2016-09-30T00:00:00",
    "30/09/2016",
    "Y",
    "no",
    "garbage",
    "{",
    "{A: }",
    "P999",
    "R0",
    "P1",
    "W1",
    "\u00e9\u00e8",
    "  ",
    "1e999",
    "-1",
    "9" * 30,
    '"',
    "a,b",
    "line\nbreak",
    "=1+1",
]

cell_value = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


@st.composite
def mutation(draw: st.DrawFn) -> tuple:
    kind = draw(
        st.sampled_from(
            [
                "cell",
                "cell",
                "cell",
                "drop_column",
                "drop_table",
                "duplicate_row",
                "truncate",
                "bytes",
                "header_case",
                "extra_column",
                "extra_file",
                "drop_rows",
            ]
        )
    )
    table = draw(st.sampled_from(TABLE_NAMES))
    width = len(BASE[table][0])
    height = len(BASE[table]) - 1
    return (
        kind,
        table,
        draw(st.integers(0, height - 1)),
        draw(st.integers(0, width - 1)),
        draw(cell_value),
        draw(st.integers(0, 4000)),
        draw(st.binary(min_size=1, max_size=8)),
    )


def build(folder: Path, mutations: list[tuple]) -> None:
    grids = {table: [list(row) for row in grid] for table, grid in BASE.items()}
    raw: dict[str, bytes] = {}
    for kind, table, row, col, value, offset, blob in mutations:
        grid = grids.get(table)
        if grid is None:
            continue
        # Earlier mutations may have removed rows or columns: aim within what is left.
        if kind in ("cell", "duplicate_row") and 1 + row >= len(grid):
            continue
        if kind == "cell":
            line = grid[1 + row]
            if line:
                line[col % len(line)] = value
        elif kind == "drop_column":
            for line in grid:
                del line[col % len(line)]
        elif kind == "drop_table":
            del grids[table]
        elif kind == "duplicate_row":
            grid.insert(1 + row, list(grid[1 + row]))
        elif kind == "header_case":
            grid[0] = [name.upper() for name in grid[0]]
        elif kind == "extra_column":
            for n, line in enumerate(grid):
                line.append("local_note" if n == 0 else value)
        elif kind == "extra_file":
            raw["notes.txt"] = blob
        elif kind == "drop_rows":
            del grid[1 + row :]
        elif kind in ("truncate", "bytes"):
            data = _csv(grid)
            cut = offset % (len(data) + 1)
            raw[f"{table}.csv"] = (
                data[:cut] if kind == "truncate" else data[:cut] + blob + data[cut:]
            )
            del grids[table]
    for table, grid in grids.items():
        (folder / f"{table}.csv").write_bytes(_csv(grid))
    for name, data in raw.items():
        (folder / name).write_bytes(data)


def _csv(grid: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(grid)
    return buffer.getvalue().encode()


_TEMPLATE: list[Path] = []


def _template() -> Path:
    """A warehouse with the unmutated folder loaded, made once and copied for each example."""
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="qaf-property-"))
        (root / "base").mkdir()
        build(root / "base", [])
        url = f"duckdb://{root / 'warehouse.duckdb'}"
        assert load_folder(root / "base", url, Settings(), progress=False).status == "loaded"
        _TEMPLATE.append(root / "warehouse.duckdb")
    return _TEMPLATE[0]


def state(url: str) -> tuple[str, list[int]]:
    source = open_source(url)
    version = source.data_version
    source.backend.disconnect()
    return version, [v.version for v in list_versions(url)]


# Bounded so that the module runs well under a minute on a busy 2-core machine.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(mutation(), min_size=1, max_size=3))
def test_mutated_folders_load_or_are_rejected_cleanly(mutations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = f"duckdb://{root / 'warehouse.duckdb'}"
        shutil.copy(_template(), root / "warehouse.duckdb")
        before = state(url)
        folder = root / "input"
        folder.mkdir()
        build(folder, mutations)
        try:
            report = load_folder(folder, url, Settings(), progress=False)
        except QafError:
            event("QafError")
            assert state(url) == before
            return
        event(report.status)
        if report.rejected:
            assert report.reasons and report.message
            assert state(url) == before
            if report.drops:
                return  # refused against the stored version: a folder alone has none to fall from
            try:
                read_folder(folder, Settings())
                raise AssertionError("read_folder accepted a folder load_folder rejected")
            except QafError:
                pass
        else:
            assert report.status in ("loaded", "unchanged")
            version, _versions = state(url)
            assert version == report.data_version
            source, checked = read_folder(folder, Settings())
            assert (
                checked.tables["ssd_person"].rows_loaded == report.tables["ssd_person"].rows_loaded
            )
            source.backend.disconnect()
