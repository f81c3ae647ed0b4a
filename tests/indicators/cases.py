"""Helpers for hand-worked cases: a few rows in, the answer worked out by hand, on both engines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from ibis.backends import BaseBackend

from qaf.config import Settings
from qaf.indicators.compute import compute
from qaf.indicators.months import Month
from qaf.warehouse.schema import source_from_rows

# A small council: 10,000 children aged 0-17 in mid-2015, so a rate per 10,000 equals the count.
COUNCIL = [
    {"la_code": "999", "ons_code": "E99999999", "la_name": "Testshire", "region": "South West"}
]
POPULATION = [
    {
        "mid_year": 2015,
        "area_code": "E99999999",
        "area_name": "Testshire",
        "age_band": band,
        "population": n,
    }
    for band, n in [
        ("0", 500),
        ("1-4", 2000),
        ("5-9", 2500),
        ("10-15", 3500),
        ("16-17", 1500),
        ("18-25", 4000),
        ("all", 50000),
    ]
]


def person(pid: str, dob: str = "2010-01-01", sex: str = "M") -> dict[str, Any]:
    return {"pers_person_id": pid, "pers_dob": dob, "pers_sex": sex}


def run(
    backend: BaseBackend,
    rows: Mapping[str, Iterable[Mapping[str, Any]]],
    month: str,
    only: str | list[str],
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Compute chosen indicators for `month` from hand-written rows; council and population included."""
    tables: dict[str, Any] = {"qaf_council": COUNCIL, "qaf_population": POPULATION}
    tables.update(rows)
    source = source_from_rows(backend, tables)
    ids = [only] if isinstance(only, str) else only
    return compute(source, Month.parse(month), settings or Settings(), only=ids)


def value(results: pd.DataFrame, indicator_id: str, month: str) -> pd.Series:
    """The headline row (value, numerator, denominator) of one indicator and month."""
    rows = results[
        (results.indicator_id == indicator_id)
        & (results.kind == "value")
        & (results.month == month)
    ]
    assert len(rows) == 1, f"expected one {indicator_id} value row for {month}, got {len(rows)}"
    return rows.iloc[0]


def breakdown(
    results: pd.DataFrame, indicator_id: str, dimension: str, month: str
) -> dict[str, pd.Series]:
    rows = results[
        (results.indicator_id == indicator_id)
        & (results.kind == "breakdown")
        & (results.dimension == dimension)
        & (results.month == month)
    ]
    return {str(r.key): r for _, r in rows.iterrows()}


def measure(results: pd.DataFrame, indicator_id: str, name: str, month: str) -> float | None:
    rows = results[
        (results.indicator_id == indicator_id)
        & (results.kind == "measure")
        & (results.key == name)
        & (results.month == month)
    ]
    assert len(rows) == 1, f"expected one measure {name} for {indicator_id} {month}"
    v = rows.iloc[0]["value"]
    return None if pd.isna(v) else float(v)
