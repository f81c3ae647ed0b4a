"""The JSON and CSV outputs of `qaf indicators`, made from the long table (interfaces.md section 3)."""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd

from qaf.indicators.months import Month
from qaf.indicators.registry import Indicator, load_all


def _num(value: Any) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _point(row: pd.Series) -> dict[str, Any]:
    return {
        "month": row["month"],
        "value": _num(row["value"]),
        "numerator": _num(row["numerator"]),
        "denominator": _num(row["denominator"]),
    }


def _indicator_json(ind: Indicator, rows: pd.DataFrame, month: Month) -> dict[str, Any]:
    values = rows[rows["kind"] == "value"].sort_values("month")
    current = values[values["month"] == month.label]
    head = current.iloc[0] if len(current) else None
    fy_months = {m.label for m in month.fy_to_date()}
    history: dict[str, list[dict[str, Any]]] = {}
    for _, row in values[~values["month"].isin(fy_months)].iterrows():
        history.setdefault(Month.parse(row["month"]).fy, []).append(_point(row))
    breakdowns: dict[str, list[dict[str, Any]]] = {}
    # Breakdowns of other months (where an indicator gives them, as table 12 needs) go under
    # `breakdowns_by_month`, an extension of the contract; `breakdowns` is the report month's.
    by_month: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for _, row in rows[rows["kind"] == "breakdown"].sort_values("month", kind="stable").iterrows():
        target = (
            breakdowns if row["month"] == month.label else by_month.setdefault(row["month"], {})
        )
        target.setdefault(row["dimension"], []).append(
            {
                "key": row["key"],
                "label": row["label"],
                "parent": None if pd.isna(row["parent"]) else row["parent"],
                "value": _num(row["value"]),
                "numerator": _num(row["numerator"]),
                "denominator": _num(row["denominator"]),
            }
        )
    measures = {
        row["key"]: _num(row["value"])
        for _, row in rows[(rows["kind"] == "measure") & (rows["month"] == month.label)].iterrows()
    }
    out: dict[str, Any] = {
        "title": ind.title,
        "unit": ind.unit,
        "polarity": ind.polarity,
        "section": ind.section,
        "value": None if head is None else _num(head["value"]),
        "numerator": None if head is None else _num(head["numerator"]),
        "denominator": None if head is None else _num(head["denominator"]),
        "series": [_point(row) for _, row in values[values["month"].isin(fy_months)].iterrows()],
        "breakdowns": breakdowns,
        "measures": measures,
    }
    if history:
        out["history"] = history
    if by_month:
        out["breakdowns_by_month"] = by_month
    return out


def to_json(results: pd.DataFrame, month: Month, data_version: str) -> dict[str, Any]:
    registry = load_all()
    indicators = {}
    for ind_id, rows in results.groupby("indicator_id", sort=False):
        indicators[str(ind_id)] = _indicator_json(registry[str(ind_id)], rows, month)
    return {"month": month.label, "data_version": data_version, "indicators": indicators}


# A text cell starting with one of these is run as a formula by Excel and other spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("indicator_id", "month", "kind", "dimension", "key", "label", "parent")


def excel_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe
    (OWASP's advice for CSV injection); numbers and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(results: pd.DataFrame) -> str:
    """The long table as CSV, safe to open in Excel: labels come from the council's own data."""
    safe = results.copy()
    for column in TEXT_COLUMNS:
        safe[column] = safe[column].map(excel_safe)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()
