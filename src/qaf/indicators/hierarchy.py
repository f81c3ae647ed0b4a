"""The team hierarchy: each team's area and service, built once per computation, emitted with the
results, and the one rule every roll-up follows.

From qaf_teams; where that is empty, from the SSD's ssd_department (area = the parent team's name,
service not recorded). Explicit members stand for what is missing: a case with no team is under
"No assigned team" at every level; a team with no area is under "No area" within its own service
(never under "No assigned team"); a team with no service recorded is under "Service not recorded"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from qaf.indicators.context import Context
from qaf.indicators.rows import NO_TEAM_KEY, NO_TEAM_LABEL

NO_AREA_KEY, NO_AREA_LABEL = "no_area", "No area"
NO_SERVICE_KEY, NO_SERVICE_LABEL = "no_service", "Service not recorded"
LEVELS = ("team", "area", "service")


@dataclass(frozen=True)
class Team:
    key: str
    label: str
    area: str
    service: str
    # qaf_teams.finance_only: the team holds cases for payments only (the seed's FOC teams), left
    # out of the caseload's headline and listed after table 25's total.
    finance_only: bool = False


def _text(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    text = str(value).strip()
    return text or None


def _flag(value: object) -> bool:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return False
    return bool(value)


@dataclass(frozen=True)
class TeamHierarchy:
    teams: tuple[Team, ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> TeamHierarchy:
        """From a team lookup (team_id, team_name, area, service), in the council's own order."""
        teams: dict[str, Team] = {}
        for row in frame.to_dict("records"):
            key = _text(row.get("team_id"))
            if key is None or key in teams:
                continue
            teams[key] = Team(
                key=key,
                label=_text(row.get("team_name")) or key,
                area=_text(row.get("area")) or NO_AREA_KEY,
                service=_text(row.get("service")) or NO_SERVICE_KEY,
                finance_only=_flag(row.get("finance_only")),
            )
        teams[NO_TEAM_KEY] = Team(NO_TEAM_KEY, NO_TEAM_LABEL, NO_TEAM_KEY, NO_TEAM_KEY)
        return cls(tuple(teams.values()))

    def team(self, key: object) -> Team:
        """The team of a key; no key is "No assigned team", an unknown id a team of its own."""
        text = _text(key)
        if text is None:
            text = NO_TEAM_KEY
        return self.by_key.get(text) or Team(text, text, NO_AREA_KEY, NO_SERVICE_KEY)

    @cached_property
    def by_key(self) -> dict[str, Team]:
        return {team.key: team for team in self.teams}

    def members(self, level: str) -> list[tuple[str, str]]:
        """(key, label) of a level's members in natural order: the council's order, then the
        explicit "No area" / "Service not recorded", then "No assigned team" last."""
        keys: list[str] = []
        for team in self.teams:
            key = {"team": team.key, "area": team.area, "service": team.service}[level]
            if key not in keys:
                keys.append(key)
        tail = [NO_AREA_KEY, NO_SERVICE_KEY, NO_TEAM_KEY]
        ordered = [k for k in keys if k not in tail] + [k for k in tail if k in keys]
        labels = {team.key: team.label for team in self.teams} if level == "team" else {}
        return [(k, labels.get(k) or label_of(k)) for k in ordered]

    def frame(self) -> pd.DataFrame:
        """One row per team: team, team_label, area, service."""
        return pd.DataFrame(
            [(t.key, t.label, t.area, t.service) for t in self.teams],
            columns=["team", "team_label", "area", "service"],
        )

    @property
    def finance_only(self) -> frozenset[str]:
        """The teams flagged finance-only."""
        return frozenset(t.key for t in self.teams if t.finance_only)

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        team_of = {t.key: t for t in self.teams}
        areas_in: dict[str, list[str]] = {}
        for team in self.teams:
            services = areas_in.setdefault(team.area, [])
            if team.service not in services:
                services.append(team.service)
        return {
            "team": [
                {
                    "key": k,
                    "label": lbl,
                    "area": team_of[k].area,
                    "service": team_of[k].service,
                    "finance_only": team_of[k].finance_only,
                }
                for k, lbl in self.members("team")
            ],
            "area": [
                {"key": k, "label": lbl, "services": areas_in.get(k, [])}
                for k, lbl in self.members("area")
            ],
            "service": [{"key": k, "label": lbl} for k, lbl in self.members("service")],
        }


def label_of(key: str) -> str:
    """The label of an area or service key (they are the council's own names)."""
    return {
        NO_TEAM_KEY: NO_TEAM_LABEL,
        NO_AREA_KEY: NO_AREA_LABEL,
        NO_SERVICE_KEY: NO_SERVICE_LABEL,
    }.get(key, key)


@dataclass(frozen=True)
class TeamHierarchyKey:
    """Where a computation's team hierarchy lives in the shared store."""


def team_hierarchy(ctx: Context) -> TeamHierarchy:
    """The hierarchy of this computation's data, built once and shared by every indicator."""
    return ctx.once(TeamHierarchyKey(), lambda: TeamHierarchy.from_frame(ctx.teams()))
