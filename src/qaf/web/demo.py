"""Demo accounts for `qaf demo`: one per role, with random passwords shown once, and the teams
of the synthetic council, so a new user can sign in as each role straight away.

`qaf demo`, after loading the warehouse, calls `qaf.web.demo.start(settings)`: that is
    accounts = prepare(settings)                    # migrates, fills teams, (re)creates accounts
    print(describe(accounts))
    qaf.web.server.serve(settings, http=True)       # gunicorn on 127.0.0.1:8000, never returns
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from qaf.config import Settings
from qaf.web import server
from qaf.web.accounts.teams import fill_teams, warehouse_teams
from qaf.web.server import DEFAULT_BIND, DEFAULT_WORKERS

# How many teams the demo's team manager is given: enough to see scoping, not all of them.
MANAGER_TEAMS = 2


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    teams: tuple[str, ...]


def create_accounts() -> list[DemoAccount]:
    """demo-<role> for each role with a fresh random password (a re-run replaces the passwords)."""
    from qaf.web.accounts.models import Role, Team, User

    manager_teams = list(Team.objects.order_by("code")[:MANAGER_TEAMS])
    accounts = []
    for role in Role:
        # 16 URL-safe characters (96 bits): past the 12-character minimum, in no common list.
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=f"demo-{role.value}")
        user.role = role.value
        user.first_name = "Demo"
        user.last_name = role.label
        user.is_active = True
        user.set_password(password)
        user.save()
        teams = manager_teams if role == Role.MANAGER else []
        user.teams.set(teams)
        codes = tuple(t.code for t in teams)
        accounts.append(DemoAccount(user.username, role.value, password, codes))
    return accounts


def prepare(
    settings: Settings, teams: list[tuple[str, str, str]] | None = None
) -> list[DemoAccount]:
    """The app database ready for the demo: migrated, the teams (by default the loaded warehouse's
    qaf_teams), one account per role. Sets up Django in this process (production settings over
    plain HTTP on this machine)."""
    server.configure(settings, http=True)
    server.prepare()
    fill_teams(warehouse_teams(settings) if teams is None else teams)
    return create_accounts()


def describe(accounts: list[DemoAccount], url: str = "http://127.0.0.1:8000/") -> str:
    """The accounts as a table to print once (the passwords are not stored anywhere else)."""
    lines = [f"Sign in at {url} as any of these (passwords shown only now):"]
    width = max(len(a.username) for a in accounts)
    for a in accounts:
        scope = f"  teams {', '.join(a.teams)}" if a.teams else ""
        lines.append(f"  {a.username:<{width}}  {a.password}  ({a.role}){scope}")
    return "\n".join(lines)


def start(
    settings: Settings,
    bind: str = DEFAULT_BIND,
    workers: int = DEFAULT_WORKERS,
    qa_folder: Path | None = None,
) -> None:
    """Prepare the demo, import the QA records of `qa_folder` (the synthetic council's qaf_ QA
    files), print its accounts once, then serve on plain HTTP here. Never returns."""
    accounts = prepare(settings)
    if qa_folder is not None:
        from qaf.web.qa.imports import import_folder

        for name, outcome in import_folder(qa_folder, settings=settings).items():
            print(f"    {name}: {outcome.created} records imported", flush=True)
            for note in outcome.notes:
                print(f"      {note}", flush=True)
    print(describe(accounts, url=f"http://{bind}/"), flush=True)
    server.run_gunicorn(bind, workers)
