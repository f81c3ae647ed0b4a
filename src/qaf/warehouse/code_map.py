"""A council's own code map (`qaf_code_map`: table, column, value, code), checked row by row.

Case systems write their own wording in coded columns. A council that sees its wording refused lists
it here once, with the DfE code it means; the map is used before QAF's built-in lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from qaf.errors import QafError
from qaf.warehouse.codes import code_key
from qaf.warehouse.specs import TABLES

CODE_MAP_TABLE = "qaf_code_map"
CODE_MAP_COLUMNS = ("table", "column", "value", "code")

LocalMaps = dict[tuple[str, str], dict[str, str]]


class CodeMapError(QafError):
    """A row of qaf_code_map that cannot be used."""

    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(f"{CODE_MAP_TABLE} row {row}, column {column}: {message}")
        self.row = row
        self.column = column


def _cells(row: Mapping[str, Any] | Sequence[Any]) -> tuple[str, str, str, str]:
    values = [row.get(n) for n in CODE_MAP_COLUMNS] if isinstance(row, Mapping) else list(row)
    return tuple("" if v is None else str(v).strip() for v in values)  # type: ignore[return-value]


def local_maps(rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> LocalMaps:
    """The council's maps by (table, column): value -> DfE code, ready for `parse_column(local=)`.

    Rows are numbered from 1 (the first row under the header). Raises CodeMapError naming the row
    when a table or column is not a coded SSD column, a code is not one of that column's codes, or
    one value is mapped to two different codes. Empty rows are skipped."""
    maps: LocalMaps = {}
    # (table, column, code_key(value)) -> (code, row): one wording, one code.
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    for number, row in enumerate(rows, start=1):
        table_name, column_name, value, code = _cells(row)
        if not any((table_name, column_name, value, code)):
            continue
        table = TABLES.get(table_name.lower())
        if table is None:
            raise CodeMapError(number, "table", f"{table_name!r} is not a table QAF reads")
        column = table.by_name.get(column_name.lower())
        if column is None or column.codes is None:
            coded = ", ".join(c.name for c in table.columns if c.codes is not None) or "none"
            raise CodeMapError(
                number,
                "column",
                f"{column_name!r} is not a coded column of {table.name} (coded columns: {coded})",
            )
        if not value:
            raise CodeMapError(number, "value", "empty: give the wording your system writes")
        known = column.codes.code_keys()
        if code_key(code) not in known:
            sample = ", ".join(list(column.codes.codes)[:8])
            raise CodeMapError(
                number,
                "code",
                f"{code!r} is not a {column.codes.name} code ({sample}, ...): "
                "give the DfE code this wording means",
            )
        place = (table.name, column.name)
        canonical = known[code_key(code)]
        previous, earlier = seen.setdefault((*place, code_key(value)), (canonical, number))
        if previous != canonical:
            raise CodeMapError(
                number,
                "code",
                f"{value!r} is mapped to {canonical} here and to {previous} in row {earlier}: "
                "keep one",
            )
        maps.setdefault(place, {})[value] = canonical
    return maps
