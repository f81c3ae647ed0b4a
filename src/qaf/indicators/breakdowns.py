"""Team, area and service breakdown rows: teams grouped under their area, "No assigned team" kept."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.rows import NO_TEAM_KEY, NO_TEAM_LABEL, Rows

# How a group's value is made from its summed numerator and denominator.
ValueOf = Callable[[float, float | None], float | None]


def count_value(numerator: float, denominator: float | None) -> float | None:
    return numerator


def pct_value(numerator: float, denominator: float | None) -> float | None:
    return None if not denominator else numerator / denominator * 100.0


def team_breakdowns(
    ctx: Context,
    rows: Rows,
    month: Month,
    frame: pd.DataFrame,
    value_of: ValueOf = count_value,
    team_col: str = "team_id",
    numerator: str = "n",
    denominator: str | None = None,
    dimensions: tuple[str, ...] = ("team", "area", "service"),
) -> None:
    """Adds team / area / service breakdown rows for one month from a frame of per-team sums.

    `frame` has a team column (null or unknown = no assigned team), a numerator column and
    optionally a denominator column. Team rows carry their area as `parent`; area and service
    rows are the sums of their teams. A team id not in the team lookup keeps its id as label."""
    teams = ctx.teams().set_index("team_id")
    data = frame.copy()
    data["_team"] = data[team_col].where(
        data[team_col].notna() & (data[team_col] != ""), NO_TEAM_KEY
    )
    data["_num"] = data[numerator].astype(float)
    data["_den"] = data[denominator].astype(float) if denominator else float("nan")
    summed = data.groupby("_team", sort=True)[["_num", "_den"]].sum(min_count=1)

    def label_of(team: str) -> tuple[str, str | None, str | None]:
        if team == NO_TEAM_KEY:
            return NO_TEAM_LABEL, None, None
        if team in teams.index:
            info = teams.loc[team]
            area = None if pd.isna(info.get("area")) else str(info["area"])
            service = None if pd.isna(info.get("service")) else str(info["service"])
            name = info.get("team_name")
            return (str(name) if not pd.isna(name) else team), area, service
        return team, None, None

    def den(value: float) -> float | None:
        return None if pd.isna(value) else float(value)

    groups: dict[str, dict[str, list[float]]] = {"area": {}, "service": {}}
    for team, sums in summed.iterrows():
        label, area, service = label_of(str(team))
        n, d = float(sums["_num"]), den(sums["_den"])
        if "team" in dimensions:
            rows.breakdown("team", month, str(team), label, value_of(n, d), n, d, parent=area)
        for dim, key in (("area", area), ("service", service)):
            group = groups[dim].setdefault(key or NO_TEAM_KEY, [0.0, 0.0])
            group[0] += n
            group[1] += d or 0.0
    for dim in ("area", "service"):
        if dim not in dimensions:
            continue
        for key, (n, d) in sorted(groups[dim].items()):
            label = NO_TEAM_LABEL if key == NO_TEAM_KEY else key
            rows.breakdown(
                dim,
                month,
                key,
                label,
                value_of(n, d if denominator else None),
                n,
                d if denominator else None,
            )
