"""The app's QA records through the indicator engine: sections 2, 3 and 4 computed for a month
from the qaf_ tables built out of the app's records (exports.all_rows), on an in-memory DuckDB.

The engine is the same one `qaf indicators` runs; nothing here recomputes a figure by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qaf.config import load_settings
from qaf.indicators.compute import compute
from qaf.indicators.months import Month
from qaf.indicators.registry import REGISTRY, load_all
from qaf.warehouse.schema import source_from_rows

# The report sections the QA records feed (indicators.md sections 2 to 4).
SECTIONS = ("2", "3", "4")
SECTION_TITLES = {
    "2": "Internal case audits",
    "3": "Parent and carer feedback",
    "4": "Independent Reviewing Unit",
}


def indicator_ids() -> list[str]:
    load_all()
    return sorted(i.id for i in REGISTRY.values() if i.section in SECTIONS)


def compute_from_rows(tables: Mapping[str, Any], month: str) -> pd.DataFrame:
    """Sections 2 to 4 for `month` (YYYY-MM) from qaf_ rows in the warehouse's stored shape."""
    import ibis

    backend = ibis.duckdb.connect()
    try:
        source = source_from_rows(backend, dict(tables), data_version="qa-records")
        return compute(source, Month.parse(month), load_settings(), only=indicator_ids())
    finally:
        backend.disconnect()


def compute_month(month: str) -> pd.DataFrame:
    """Sections 2 to 4 for `month` from every QA record the app holds."""
    from qaf.web.qa.exports import all_rows

    return compute_from_rows(all_rows(), month)


@dataclass(frozen=True)
class Figure:
    """One headline figure for the QA figures page."""

    section: str
    indicator_id: str
    title: str
    unit: str
    value: float | None
    numerator: float | None
    denominator: float | None

    @property
    def shown(self) -> str:
        if self.value is None:
            return "no records"
        if self.unit == "percent":
            return f"{self.value:.1f}%"
        return f"{self.value:,.0f}"


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def headlines(results: pd.DataFrame, month: str) -> list[Figure]:
    """Each indicator's whole-council figure for the month itself (not the year to date)."""
    load_all()
    figures = []
    rows = results[(results.kind == "value") & (results.month == month)]
    if "period_kind" in rows:
        rows = rows[rows.period_kind == "month"]
    for indicator_id in indicator_ids():
        ind = REGISTRY[indicator_id]
        mine = rows[rows.indicator_id == indicator_id]
        first = mine.iloc[0] if len(mine) else None
        figures.append(
            Figure(
                section=ind.section,
                indicator_id=indicator_id,
                title=ind.title,
                unit=ind.unit,
                value=None if first is None else _number(first["value"]),
                numerator=None if first is None else _number(first["numerator"]),
                denominator=None if first is None else _number(first["denominator"]),
            )
        )
    return figures
