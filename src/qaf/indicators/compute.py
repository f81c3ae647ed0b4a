"""compute(month): every registered indicator (or a chosen few) as one long table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from qaf.config import Settings, load_settings
from qaf.errors import QafError
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.registry import Indicator, load_all
from qaf.indicators.rows import COLUMNS, ROW_COLUMNS, concat
from qaf.warehouse.schema import Source

Progress = Callable[[Indicator], None]


def series_months(indicator: Indicator, month: Month) -> tuple[Month, ...]:
    """The FY to date, then the same months of `history_years` earlier FYs."""
    current = month.fy_to_date()
    earlier = [
        m.shift(-12 * years) for years in range(1, indicator.history_years + 1) for m in current
    ]
    return tuple(current + earlier)


def select(only: Iterable[str] | None = None) -> list[Indicator]:
    registry = load_all()
    if not only:
        return list(registry.values())
    wanted = [i.strip() for i in only if i.strip()]
    unknown = [i for i in wanted if i not in registry]
    if unknown:
        raise QafError(
            f"unknown indicator id(s): {', '.join(unknown)}. `qaf indicators --list` shows them all."
        )
    return [registry[i] for i in wanted]


def compute(
    source: Source,
    month: Month,
    settings: Settings | None = None,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """One long table (rows.COLUMNS) of every selected indicator for `month` and its series."""
    settings = settings or load_settings()
    shared: dict[str, Any] = {}
    frames = []
    for ind in select(only):
        ctx = Context(source, month, series_months(ind, month), settings, shared)
        frame = ind.fn(ctx)
        missing = set(ROW_COLUMNS) - set(frame.columns)
        if missing:
            raise RuntimeError(f"{ind.id} returned rows without {sorted(missing)}")
        frame = frame[ROW_COLUMNS].copy()
        frame.insert(0, "indicator_id", ind.id)
        frames.append(frame)
        if progress:
            progress(ind)
    result = concat(frames)
    return result[COLUMNS].reset_index(drop=True)
