"""The total lines of the team tables (the seed's tables 12 and 25), rolled up from the same team
lines as the pivot's area and service subtotals and by the same rule (breakdowns.VALUE_OF_UNIT):
counts summed, a share or ratio remade from the summed numerators over the summed denominators,
never an average of the teams' values. The JSON's council-level rows are not read: some periods
have none (table 12's year to date) and some figures none at all (table 25's allocated cases)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from qaf.indicators.breakdowns import VALUE_OF_UNIT, count_value

TEAM_LEVEL = "team"  # pivot()'s level of a team's own line (its index is (level, key))


def team_lines(frame: pd.DataFrame) -> list[Any]:
    """The index of each team's own line in a pivot() frame, in the frame's order."""
    return [index for index in frame.index if index[0] == TEAM_LEVEL]


def cell_of(frame: pd.DataFrame | None, index: Any, column: Any) -> Any:
    """The frame's figure at (line, column), None where it has none. Read from a dict made once
    per frame: pandas' .loc took a third of a second for table 12's 1,400 cells."""
    if frame is None:
        return None
    value = _cells(frame).get((index, column))
    return None if value is None or pd.isna(value) else value


def rolled_up(
    numerators: pd.DataFrame | None,
    denominators: pd.DataFrame | None,
    lines: Sequence[Any],
    column: Any,
    unit: str,
) -> float | None:
    """The figure of `lines` together: their numerators (or counts) summed, over their summed
    denominators where the unit is a share or ratio. None when no line has a figure."""
    tops = [cell_of(numerators, i, column) for i in lines]
    if all(v is None for v in tops):
        return None
    bottoms = [cell_of(denominators, i, column) for i in lines] if denominators is not None else []
    known = [float(v) for v in bottoms if v is not None]
    denominator = sum(known) if known else None
    value_of = VALUE_OF_UNIT.get(unit, count_value)
    return value_of(sum(float(v) for v in tops if v is not None), denominator)


# The frames of the table being built, each with its cells (the frame is held so its id stays its).
_cells_of: dict[int, tuple[pd.DataFrame, dict[tuple[Any, Any], Any]]] = {}
HELD_FRAMES = 12


def _cells(frame: pd.DataFrame) -> dict[tuple[Any, Any], Any]:
    held = _cells_of.get(id(frame))
    if held is None or held[0] is not frame:
        if len(_cells_of) >= HELD_FRAMES:
            _cells_of.clear()
        cells = {(i, c): v for c, column in frame.items() for i, v in column.items()}
        _cells_of[id(frame)] = held = (frame, cells)
    return held[1]
