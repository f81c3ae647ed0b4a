"""Reading result rows by period and named dimensions (the rows of docs/output.md)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def cells(
    results: pd.DataFrame,
    indicator_id: str,
    month: str,
    by: str | tuple[str, ...],
    period_kind: str = "month",
    **fixed: str,
) -> dict[Any, pd.Series]:
    """Rows of one indicator, report month and period kind whose dims are exactly `by` plus
    `fixed`, keyed by the `by` member (or a tuple of members)."""
    names = (by,) if isinstance(by, str) else by
    wanted = set(names) | set(fixed)
    out: dict[Any, pd.Series] = {}
    chosen = results[
        (results.indicator_id == indicator_id)
        & (results.month == month)
        & (results.period_kind == period_kind)
    ]
    for _, row in chosen.iterrows():
        dims = row.dims if isinstance(row.dims, dict) else {}
        if set(dims) != wanted or any(dims[k] != v for k, v in fixed.items()):
            continue
        key = dims[names[0]] if len(names) == 1 else tuple(dims[n] for n in names)
        out[key] = row
    return out


def values(found: dict[Any, pd.Series], field: str = "value") -> dict[Any, Any]:
    return {k: row[field] for k, row in found.items()}
