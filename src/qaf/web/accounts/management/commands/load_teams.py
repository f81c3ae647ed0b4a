"""`python -m qaf.web.manage load_teams`: the app's teams from the loaded warehouse's qaf_teams."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qaf.config import load_settings
from qaf.errors import QafError
from qaf.web.accounts.teams import fill_teams, warehouse_teams


class Command(BaseCommand):
    help = "Add or update the teams from the loaded warehouse's qaf_teams (none are removed)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            settings = load_settings()
        except QafError as exc:
            raise CommandError(str(exc)) from exc
        teams = warehouse_teams(settings)
        if not teams:
            raise CommandError(f"no teams: nothing is loaded in {settings.warehouse} yet")
        self.stdout.write(f"{fill_teams(teams)} teams from {settings.warehouse}")
