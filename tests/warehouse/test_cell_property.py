"""Property: changing single cells of a valid folder changes nothing loaded but those cells, and
whole rows only when the cell is a key or a reference (the cell rule, docs/loading.md)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qaf.config import LoadSettings, Settings
from qaf.warehouse.specs import SPECS, TABLES, Table
from qaf.warehouse.table_check import is_key
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import Rows, valid_rows, write

# An extra column the loader keeps as it is: which input row each loaded row came from.
ROW = "qaf_test_row"
PEOPLE = 12
# No limit, so that what a cell does is seen rather than the whole folder refused.
NO_LIMIT = Settings(load=LoadSettings(max_rejected_pct=100))


def base_rows() -> Rows:
    rows = valid_rows(PEOPLE)
    for table_rows in rows.values():
        for number, row in enumerate(table_rows):
            row[ROW] = str(number)
    return rows


BASE = base_rows()
CELLS = [
    (table, column)
    for table, table_rows in sorted(BASE.items())
    for column in table_rows[0]
    if column != ROW
]
VALUES = [
    "",
    "NULL",
    "1900-01-01",
    "9999-12-31",
    "31/02/2016",
    "02/09/2016",
    "0210-05-12",
    "2030-01-01",
    "Y",
    "no",
    "perhaps",
    "{",
    "{NFA_FLAG: Y}",
    "P999",
    "P1",
    "R2",
    "W3",
    "-1",
    "1e999",
    "=1+1",
    "a,b",
    "line\nbreak",
    "x\x00y",
    "  P4  ",
]
value = st.one_of(
    st.sampled_from(VALUES),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)


def referrers() -> dict[str, set[str]]:
    """Each table and the tables whose rows refer to it, directly or through others."""
    direct: dict[str, set[str]] = {t.name: set() for t in SPECS}
    for table in SPECS:
        for column in table.columns:
            if column.references:
                direct[column.references.split(".")[0]].add(table.name)
    closed: dict[str, set[str]] = {}
    for name in direct:
        seen, todo = set(), [name]
        while todo:
            for child in direct[todo.pop()]:
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closed[name] = seen
    return closed


REFERRERS = referrers()


def by_row(data: pa.Table) -> dict[str, dict[str, Any]]:
    if ROW not in data.column_names:
        return {}
    return {row.pop(ROW): row for row in data.to_pylist()}


def loaded(rows: Rows) -> tuple[dict[str, dict[str, dict[str, Any]]], Any]:
    with tempfile.TemporaryDirectory() as tmp:
        tables, report = check_folder(write(Path(tmp), rows), NO_LIMIT)
    return {name: by_row(data) for name, data in tables.items()}, report


BEFORE, _ = loaded(BASE)


def cells_it_may_change(spec: Table, column: str) -> set[str]:
    """The mutated cell, and the end date it is checked against (emptied if now after it)."""
    allowed = {column}
    allowed |= {end for start, end in spec.date_order if start == column}
    return allowed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.sampled_from(CELLS), min_size=1, max_size=3, unique_by=lambda c: c),
    data=st.data(),
)
def test_only_the_mutated_cells_change(picks: list[tuple[str, str]], data: st.DataObject) -> None:
    rows = {name: [dict(r) for r in table_rows] for name, table_rows in BASE.items()}
    # One cell per column: several bad cells in one column mean a misplaced column, a refusal.
    picks = list({column: (table, column) for table, column in picks}.values())
    changed: dict[str, dict[str, set[str]]] = {}
    keyish: set[str] = set()
    for table, column in picks:
        index = data.draw(st.integers(0, len(rows[table]) - 1))
        rows[table][index][column] = data.draw(value)
        spec = TABLES[table]
        spec_column = spec.by_name[column]
        if is_key(spec, spec_column) or spec_column.references:
            keyish |= {table, *REFERRERS[table]}
        else:
            changed.setdefault(table, {}).setdefault(str(index), set()).update(
                cells_it_may_change(spec, column)
            )
    after, report = loaded(rows)
    if report.rejected:
        # Only the council can be refused by one cell: its one row left without its key.
        assert all("qaf_council" in reason for reason in report.reasons), report.reasons
        event("council refused")
        return
    for table, before_rows in BEFORE.items():
        after_rows = after[table]
        if table in keyish:
            assert set(after_rows) <= set(before_rows), table
        else:
            assert set(after_rows) == set(before_rows), table
        for number, row in after_rows.items():
            allowed = changed.get(table, {}).get(number, set())
            if table in keyish:
                allowed = allowed | {c for t, c in picks if t == table}
            different = {c for c in row if row[c] != before_rows[number][c]}
            assert different <= allowed, (table, number, different, allowed)
    event("keys touched" if keyish else "cells only")
