"""The JSON and CSV outputs of `qaf indicators`, made from the long table (interfaces.md section 3)."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, fields, is_dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from qaf.config import Settings
from qaf.csvsafe import FORMULA_STARTS as FORMULA_STARTS
from qaf.csvsafe import excel_safe
from qaf.indicators.dimensions import DIMENSIONS, dimension, sort_key
from qaf.indicators.hierarchy import TeamHierarchy
from qaf.indicators.months import Month
from qaf.indicators.registry import Indicator, load_all

if TYPE_CHECKING:
    from qaf.indicators.compute import Result

# Raised when a field changes meaning or goes; adding a field keeps it. 2: rows, dimensions,
# coverage, failures, settings (1 was interfaces.md section 3 alone). 3: per indicator
# benchmarks, target and signals, and the run's benchmarks notes.
SCHEMA_VERSION = 3

# What the report shows beside each figure (beside.beside), null where not computed.
BESIDE_FIELDS = ("benchmarks", "target", "signals")


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
        "complete": _complete(row),
    }


def _complete(row: pd.Series) -> bool:
    value = row.get("complete")
    return (
        True if value is None or (isinstance(value, float) and math.isnan(value)) else bool(value)
    )


def _dims(value: Any) -> dict[str, str]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _row(row: pd.Series) -> dict[str, Any]:
    out: dict[str, Any] = {
        "month": row["month"],
        "period_kind": row["period_kind"],
        "period_start": _iso(row["period_start"]),
        "period_end": _iso(row["period_end"]),
        "kind": row["kind"],
        "dims": _dims(row["dims"]),
        "label": _text(row["label"]),
        "value": _num(row["value"]),
        "numerator": _num(row["numerator"]),
        "denominator": _num(row["denominator"]),
        "complete": _complete(row),
    }
    if row["kind"] == "measure":
        out["measure"] = row["key"]
    return out


def _iso(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


KIND_ORDER = {"value": 0, "breakdown": 1, "measure": 2}


def ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows by month, period kind and kind, then by their dimension values in natural order (bands
    youngest first, plan lengths shortest first, teams in the council's order)."""
    records: list[dict[str, Any]] = rows.to_dict("records")  # type: ignore[assignment]
    return rows.iloc[sorted(range(len(records)), key=lambda i: _order(records[i]))]


def _order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    dims = _dims(row["dims"])
    kind = KIND_ORDER.get(str(row["kind"]), len(KIND_ORDER))
    return (str(row["month"]), str(row["period_kind"]), kind, tuple(dims), sort_key(dims))


def _indicator_json(
    ind: Indicator, rows: pd.DataFrame, month: Month, extra: Mapping[str, Any]
) -> dict[str, Any]:
    rows = ordered(rows)
    own_period = rows["period_kind"] == ind.period
    values = rows[(rows["kind"] == "value") & own_period].sort_values("month", kind="stable")
    current = values[values["month"] == month.label]
    head = current.iloc[0] if len(current) else None
    fy_months = {m.label for m in month.fy_to_date()}
    history: dict[str, list[dict[str, Any]]] = {}
    for _, row in values[~values["month"].isin(fy_months)].iterrows():
        history.setdefault(Month.parse(row["month"]).fy, []).append(_point(row))
    # `breakdowns` (interfaces.md section 3) is the report month's rows of one dimension in the
    # indicator's own period; crosses of several dimensions and other periods are in `rows`.
    breakdowns: dict[str, list[dict[str, Any]]] = {}
    chosen = rows[(rows["kind"] == "breakdown") & own_period & (rows["month"] == month.label)]
    chosen = chosen[[len(_dims(d)) == 1 for d in chosen["dims"]]]
    for _, row in chosen.iterrows():
        breakdowns.setdefault(row["dimension"], []).append(
            {
                "key": row["key"],
                "label": row["label"],
                "parent": _text(row["parent"]),
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
        "period": ind.period,
        "value": None if head is None else _num(head["value"]),
        "numerator": None if head is None else _num(head["numerator"]),
        "denominator": None if head is None else _num(head["denominator"]),
        "complete": True if head is None else _complete(head),
        "series": [_point(row) for _, row in values[values["month"].isin(fy_months)].iterrows()],
        "breakdowns": breakdowns,
        "measures": measures,
    }
    out.update({name: extra.get(name) for name in BESIDE_FIELDS})
    if history:
        out["history"] = history
    out["rows"] = [_row(row) for _, row in rows.iterrows()]
    return out


def settings_json(settings: Settings) -> dict[str, Any]:
    """The settings that shape figures (windows, thresholds, weights); never the warehouse URL,
    which may carry a password, nor local paths."""
    return {
        f.name: asdict(getattr(settings, f.name))
        for f in fields(settings)
        if is_dataclass(getattr(settings, f.name))
    }


def dimensions_json(hierarchy: TeamHierarchy | None, results: pd.DataFrame) -> dict[str, Any]:
    """Each dimension used by the results (or declared), its label and its members in natural
    order; team, area and service members from the team hierarchy (a team's area and service)."""
    used: dict[str, set[str]] = {}
    for dims in results["dims"] if "dims" in results.columns else []:
        for name, key in _dims(dims).items():
            used.setdefault(name, set()).add(key)
    out: dict[str, Any] = {}
    team_members = hierarchy.as_json() if hierarchy is not None else {}
    for name in sorted(set(used) | set(DIMENSIONS), key=lambda n: (n not in DIMENSIONS, n)):
        dim = dimension(name)
        if name in team_members:
            members: list[dict[str, Any]] = list(team_members[name])
            known = {m["key"] for m in members}
            members += [{"key": k, "label": k} for k in sorted(used.get(name, set()) - known)]
        else:
            keys = [k for k, _ in dim.members]
            keys += sorted(used.get(name, set()) - set(keys))
            members = [{"key": k, "label": dim.label_of(k)} for k in keys]
        out[name] = {"label": dim.label, "members": members, "adds_up": dim.adds_up}
    return out


def to_json(
    results: pd.DataFrame,
    month: Month,
    data_version: str,
    result: Result | None = None,
    beside: Mapping[str, Mapping[str, Any]] | None = None,
    notes: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON of interfaces.md section 3, with the rows, dimensions, coverage, failures and
    settings of `result` (compute_all's) where given, and each indicator's benchmarks, target
    and signals from `beside` (beside.beside's, with its `notes`)."""
    registry = load_all()
    indicators = {}
    # Every indicator that computed is there, even with no rows at all (never silently dropped).
    ids = result.computed if result is not None else list(dict.fromkeys(results["indicator_id"]))
    for ind_id in ids:
        rows = results[results["indicator_id"] == ind_id]
        extra = (beside or {}).get(str(ind_id), {})
        indicators[str(ind_id)] = _indicator_json(registry[str(ind_id)], rows, month, extra)
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "month": month.label,
        "data_version": data_version,
    }
    if result is not None:
        cov = result.coverage
        doc["coverage"] = {
            "first_event": _iso(cov.first_event),
            "last_event": _iso(cov.last_event),
            "extract_date": _iso(cov.extract_date),
            "end": _iso(cov.end),
            "recorded": result.coverage_recorded,
            # Added after the fields above (never renamed): where `complete` starts.
            "recording_start": _iso(cov.recording_start),
            "start": _iso(cov.start),
        }
        doc["settings"] = settings_json(result.settings)
        doc["failures"] = [
            {"indicator_id": f.indicator_id, "reason": f.reason} for f in result.failures
        ]
    if notes is not None:
        doc["benchmarks"] = dict(notes)
    doc["dimensions"] = dimensions_json(result.hierarchy if result else None, results)
    doc["indicators"] = indicators
    return doc


TEXT_COLUMNS = ("indicator_id", "month", "kind", "dimension", "key", "label", "parent")


def to_csv(results: pd.DataFrame) -> str:
    """The long table as CSV, safe to open in Excel: labels come from the council's own data."""
    safe = results.copy()
    # dims as JSON text ({"team": "T1"}): one column whatever the number of dimensions.
    safe["dims"] = [json.dumps(_dims(d), ensure_ascii=False) for d in safe["dims"]]
    safe["complete"] = [c is None or bool(c) for c in safe["complete"]]
    for column in TEXT_COLUMNS:
        safe[column] = safe[column].map(excel_safe)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()
