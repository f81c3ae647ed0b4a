"""The long results table and helpers to build it.

One row per (indicator, month, kind, dimension, key). `kind` is `value` (the headline figure of a
month), `breakdown` (one row of a breakdown dimension) or `measure` (a named extra figure)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from qaf.indicators.months import Month

COLUMNS = [
    "indicator_id",
    "month",
    "kind",
    "dimension",
    "key",
    "label",
    "parent",
    "numerator",
    "denominator",
    "value",
]
# Columns an indicator function returns (the engine adds indicator_id).
ROW_COLUMNS = COLUMNS[1:]

NO_TEAM_KEY = "none"
NO_TEAM_LABEL = "No assigned team"


def ratio(numerator: float | None, denominator: float | None, scale: float = 100.0) -> float | None:
    """numerator / denominator x scale; None for a zero or missing denominator (never 0, never error)."""
    if numerator is None or denominator is None:
        return None
    if isinstance(denominator, float) and math.isnan(denominator):
        return None
    if denominator == 0:
        return None
    return float(numerator) / float(denominator) * scale


class Rows:
    """Collects an indicator's rows; `frame()` returns them in the engine's shape."""

    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] = []

    def value(
        self,
        month: Month | str,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
    ) -> None:
        self._add("value", month, None, None, None, None, numerator, denominator, value)

    def values(self, months: Iterable[Month], by_month: Mapping[str, float]) -> None:
        """A value row for each month, from a month label -> value mapping (missing = 0)."""
        for month in months:
            self.value(month, by_month.get(month.label, 0.0))

    def ratio(
        self, month: Month | str, numerator: float, denominator: float, scale: float = 100.0
    ) -> None:
        self.value(month, ratio(numerator, denominator, scale), numerator, denominator)

    def breakdown(
        self,
        dimension: str,
        month: Month | str,
        key: str,
        label: str,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
        parent: str | None = None,
    ) -> None:
        self._add("breakdown", month, dimension, key, label, parent, numerator, denominator, value)

    def measure(self, month: Month | str, name: str, value: float | None) -> None:
        self._add("measure", month, None, name, None, None, None, None, value)

    def _add(
        self,
        kind: str,
        month: Month | str,
        dimension: str | None,
        key: str | None,
        label: str | None,
        parent: str | None,
        numerator: float | None,
        denominator: float | None,
        value: float | None,
    ) -> None:
        self._rows.append(
            {
                "month": str(month),
                "kind": kind,
                "dimension": dimension,
                "key": key,
                "label": label,
                "parent": parent,
                "numerator": _num(numerator),
                "denominator": _num(denominator),
                "value": _num(value),
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self._rows, columns=ROW_COLUMNS)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return float(value)


def counts_by_month(
    frame: pd.DataFrame, months: Sequence[Month], column: str = "n"
) -> dict[str, float]:
    """A month -> count mapping with every month present (a month with no events is 0, not missing)."""
    found = dict(zip(frame["month"], frame[column], strict=False)) if len(frame) else {}
    return {m.label: float(found.get(m.label, 0) or 0) for m in months}


def concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    # As objects first: pandas warns when it infers dtypes across all-null columns.
    frames = [f.astype(object) for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    result = pd.concat(frames, ignore_index=True)
    for column in ("numerator", "denominator", "value"):
        result[column] = pd.to_numeric(result[column], errors="coerce").astype(float)
    return result
