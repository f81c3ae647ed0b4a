"""How the input contract's column kinds are stored, and the `Source` every reader computes from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis
import pandas as pd
from ibis.backends import BaseBackend

from qaf.warehouse.coverage import Coverage
from qaf.warehouse.specs import TABLES, Table

# Stored type of each column kind. Codes are stored as their DfE code; flags as booleans
# (null = not recorded); outcome "JSON" columns as text, parsed by the indicators that need them.
IBIS_TYPES: dict[str, str] = {
    "id": "string",
    "text": "string",
    "code": "string",
    "json": "string",
    "date": "date",
    "int": "int64",
    "float": "float64",
    "flag": "boolean",
}


def ibis_schema(table: Table) -> ibis.Schema:
    return ibis.schema({col.name: IBIS_TYPES[col.kind] for col in table.columns})


def typed_frame(table: Table, rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """A frame with exactly the table's columns and stored types; absent columns are null.

    Used by tests (hand-worked cases) and by the loader's final step."""
    frame = pd.DataFrame(list(rows), columns=list(table.names))
    for column in table.columns:
        kind = column.kind
        series = frame[column.name]
        if kind == "date":
            frame[column.name] = pd.to_datetime(series).dt.date.astype(object)
            frame[column.name] = frame[column.name].where(series.notna(), None)
        elif kind == "int":
            frame[column.name] = pd.array(series, dtype="Int64")  # type: ignore[call-overload]
        elif kind == "float":
            frame[column.name] = pd.array(series, dtype="Float64")  # type: ignore[call-overload]
        elif kind == "flag":
            frame[column.name] = pd.array(series, dtype="boolean")  # type: ignore[call-overload]
        else:
            frame[column.name] = series.astype(object).where(series.notna(), None)
    return frame


class LazyTables(Mapping[str, ibis.Table]):
    """The contract's tables, each looked up on the backend the first time it is asked for: a
    warehouse answers a schema query per table, and a computation of a few indicators reads a
    few of its forty tables."""

    def __init__(self, names: Iterable[str], open_table: Callable[[str], ibis.Table]) -> None:
        self._names = tuple(names)
        self._open = open_table
        self._opened: dict[str, ibis.Table] = {}

    def __getitem__(self, name: str) -> ibis.Table:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._opened:
            self._opened[name] = self._open(name)
        return self._opened[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass
class Source:
    """A consistent set of the contract's tables on one backend: what indicators compute from.

    Every table of the contract is present (an absent optional table is empty)."""

    backend: BaseBackend
    tables: Mapping[str, ibis.Table]
    data_version: str
    notes: dict[str, Any] = field(default_factory=dict)
    # The extract's first and last event dates and its extract date; None when unknown.
    coverage: Coverage | None = None

    def table(self, name: str) -> ibis.Table:
        if name not in TABLES:
            raise KeyError(f"{name} is not a table of the input contract")
        return self.tables[name]

    def execute(self, expr: ibis.Expr) -> Any:
        """A table expression gives a DataFrame, a scalar one a Python value."""
        return self.backend.execute(expr)


def source_from_rows(
    backend: BaseBackend,
    rows: Mapping[str, Iterable[Mapping[str, Any]]],
    data_version: str = "test",
) -> Source:
    """A Source of in-memory tables (ibis memtables), executed on `backend`.

    Hand-worked test cases use this to run the same rows on DuckDB and on PostgreSQL."""
    unknown = set(rows) - set(TABLES)
    if unknown:
        raise KeyError(f"not tables of the input contract: {sorted(unknown)}")
    tables = {
        name: ibis.memtable(typed_frame(spec, rows.get(name, ())), schema=ibis_schema(spec))
        for name, spec in TABLES.items()
    }
    return Source(backend=backend, tables=tables, data_version=data_version)
