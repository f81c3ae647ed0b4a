"""Team, area and service breakdown rows, rolled up by the one rule of the team hierarchy.

Every roll-up goes through `roll_up`: a team's figures are summed into its area within its service,
its area across services, and its service (hierarchy.py says where a team without an area or a
service sits); a group's value is remade from its summed numerator and denominator."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from qaf.indicators.context import Context
from qaf.indicators.hierarchy import TeamHierarchy, label_of, team_hierarchy
from qaf.indicators.months import Month
from qaf.indicators.periods import Period
from qaf.indicators.rows import NO_TEAM_KEY, Rows

# How a group's value is made from its summed numerator and denominator.
ValueOf = Callable[[float, float | None], float | None]
Sums = tuple[float, float | None]
DimsKey = tuple[tuple[str, str], ...]


def count_value(numerator: float, denominator: float | None) -> float | None:
    return numerator


def pct_value(numerator: float, denominator: float | None) -> float | None:
    return None if not denominator else numerator / denominator * 100.0


def ratio_value(numerator: float, denominator: float | None) -> float | None:
    return None if not denominator else numerator / denominator


def per_10k_value(numerator: float, denominator: float | None) -> float | None:
    return None if not denominator else numerator / denominator * 10_000.0


# The value of a group for each unit whose figures add up through their numerator and denominator.
VALUE_OF_UNIT: dict[str, ValueOf] = {
    "count": count_value,
    "percent": pct_value,
    "ratio": ratio_value,
    "fte": count_value,
    "days": ratio_value,
    "years": ratio_value,
    "rate_per_10k": per_10k_value,
}


def _add(a: Sums, b: Sums) -> Sums:
    den = None if a[1] is None and b[1] is None else (a[1] or 0.0) + (b[1] or 0.0)
    return a[0] + b[0], den


def roll_up(
    by_team: Mapping[str, Sums], hierarchy: TeamHierarchy
) -> dict[str, dict[DimsKey, Sums]]:
    """Per level, the dims of each group and its summed (numerator, denominator).

    Levels: `team` ({team}), `service_area` ({service, area}: an area within its service),
    `area` ({area}, across services) and `service` ({service})."""
    levels: dict[str, dict[DimsKey, Sums]] = {
        "team": {},
        "service_area": {},
        "area": {},
        "service": {},
    }
    for key, sums in by_team.items():
        team = hierarchy.team(key)
        groups = {
            "team": (("team", team.key),),
            "service_area": (("service", team.service), ("area", team.area)),
            "area": (("area", team.area),),
            "service": (("service", team.service),),
        }
        for level, dims in groups.items():
            levels[level][dims] = _add(levels[level].get(dims, (0.0, None)), sums)
    return levels


def team_sums(
    frame: pd.DataFrame, team_col: str, numerator: str, denominator: str | None
) -> dict[str, Sums]:
    """Per team key (no team = "none"), the summed numerator and denominator of a frame."""
    data = pd.DataFrame(
        {
            "_team": [
                NO_TEAM_KEY if t is None or pd.isna(t) or str(t) == "" else str(t)
                for t in frame[team_col]
            ],
            "_num": frame[numerator].astype(float),
            "_den": frame[denominator].astype(float) if denominator else float("nan"),
        }
    )
    summed = data.groupby("_team", sort=True)[["_num", "_den"]].sum(min_count=1)
    return {
        str(team): (
            float(row["_num"]) if not pd.isna(row["_num"]) else 0.0,
            None if pd.isna(row["_den"]) else float(row["_den"]),
        )
        for team, row in summed.iterrows()
    }


def team_breakdowns(
    ctx: Context,
    rows: Rows,
    month: Month | Period,
    frame: pd.DataFrame,
    value_of: ValueOf = count_value,
    team_col: str = "team_id",
    numerator: str = "n",
    denominator: str | None = None,
    dimensions: tuple[str, ...] = ("team", "area", "service"),
    extra_dims: Mapping[str, str] | None = None,
) -> None:
    """Adds team / area / service rows for one period from a frame of per-team sums.

    `frame` has a team column (null or empty = no assigned team), a numerator column and optionally
    a denominator column. Team rows carry their area as `parent`. `extra_dims` (e.g. a plan length)
    are added to every row's dims. A team id not in the team lookup keeps its id as label."""
    hierarchy = team_hierarchy(ctx)
    sums = team_sums(frame, team_col, numerator, denominator)
    levels = roll_up(sums, hierarchy)
    extra = dict(extra_dims or {})
    for level in ("team", "area", "service"):
        if level not in dimensions:
            continue
        # The council's order (hierarchy.members), then any team id the lookup does not know.
        order = {key: i for i, (key, _) in enumerate(hierarchy.members(level))}
        ranked = sorted(
            levels[level].items(), key=lambda g: (order.get(g[0][0][1], len(order)), g[0][0][1])
        )
        for dims, (n, d) in ranked:
            key = dims[0][1]
            if level == "team":
                team = hierarchy.team(key)
                label, parent = team.label, team.area
            else:
                label, parent = label_of(key), None
            d = d if denominator else None
            rows.cell(month, {**dict(dims), **extra}, value_of(n, d), n, d, label, parent)
