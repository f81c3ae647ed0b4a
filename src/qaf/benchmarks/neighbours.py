"""The DfE's statistical neighbour groupings: each authority's 10 neighbours, by old LA code.

Two models are bundled: the DfE's 2025 model (`sn2025`, the default) and the April 2021 groupings
(`sn2021`). Both files list neighbours nearest first; the closeness words beside them are not used.
"""

from __future__ import annotations

import csv
from pathlib import Path

from qaf.benchmarks.errors import BenchmarkDataError
from qaf.benchmarks.mappings import SN_2021, SN_2025

SN2025, SN2021 = "sn2025", "sn2021"
MODELS = {SN2025: SN_2025, SN2021: SN_2021}
NEIGHBOURS_PER_AUTHORITY = 10


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]


def _grouping(path: Path, code_column: str, first_neighbour: str) -> dict[str, tuple[str, ...]]:
    """Each authority's neighbours, read by position: the files repeat the closeness header."""
    header, *rows = _read(path)
    header = [name.strip() for name in header]
    if code_column not in header or first_neighbour not in header:
        raise BenchmarkDataError(
            f"{path.name}: expected columns {code_column!r} and {first_neighbour!r}, found "
            f"{', '.join(header)}. The file's layout changed: update src/qaf/benchmarks/neighbours.py."
        )
    code_at, first_at = header.index(code_column), header.index(first_neighbour)
    # Neighbour codes sit in every other column from the first: SN1, closeness, SN2, closeness...
    positions = range(first_at, first_at + 2 * NEIGHBOURS_PER_AUTHORITY, 2)
    grouping = {}
    for line, row in enumerate(rows, start=2):
        codes = tuple(row[i].strip() for i in positions if i < len(row) and row[i].strip())
        if not all(code.isdigit() for code in codes):
            raise BenchmarkDataError(
                f"{path.name}, row {line}: a neighbour code is not an LA number ({codes}); "
                "expected 3-digit old LA codes such as 878."
            )
        grouping[row[code_at].strip()] = codes
    return grouping


def load(directory: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    return {
        SN2025: _grouping(directory / SN_2025, "old_la_code", "SN_1"),
        SN2021: _grouping(directory / SN_2021, "LA number", "SN1"),
    }
