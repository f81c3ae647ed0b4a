"""The app's teams from the warehouse's qaf_teams: a manager's scope is a set of these codes.

`python -m qaf.web.manage load_teams` refreshes them after a load; `qaf demo` does it itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qaf.config import Settings
from qaf.errors import QafError

if TYPE_CHECKING:
    from qaf.warehouse.schema import Source


def teams_from(source: Source) -> list[tuple[str, str, str]]:
    """(code, name, area) of every team in a source's qaf_teams."""
    frame = source.execute(source.table("qaf_teams").select("team_id", "team_name", "area"))
    # An empty area comes back as None or NaN (pandas' missing text); NaN is the one value != itself.
    return [
        (
            str(r.team_id),
            str(r.team_name),
            "" if r.area is None or r.area != r.area else str(r.area),
        )
        for r in frame.itertuples()
    ]


def warehouse_teams(settings: Settings) -> list[tuple[str, str, str]]:
    """The loaded warehouse's teams (none before a load)."""
    from qaf.warehouse import open_source

    try:
        source = open_source(settings.warehouse)
    except QafError:
        return []
    try:
        return teams_from(source)
    finally:
        source.backend.disconnect()


def fill_teams(teams: list[tuple[str, str, str]]) -> int:
    """Create or update the app's Team rows from (code, name, area); the number written."""
    from qaf.web.accounts.models import Team

    for code, name, area in teams:
        Team.objects.update_or_create(code=code, defaults={"name": name, "area": area})
    return len(teams)
