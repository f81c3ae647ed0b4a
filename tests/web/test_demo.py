"""Demo accounts: one per role, random passwords that pass the validators, teams from qaf_teams."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.test import RequestFactory

from qaf.warehouse.schema import source_from_rows
from qaf.web.accounts.models import Team, User
from qaf.web.accounts.teams import fill_teams, teams_from
from qaf.web.demo import create_accounts, describe
from qaf.web.rules import ROLES

TEAMS = [
    {"team_id": "T2", "team_name": "Assessment East", "service": "CIN", "area": "East"},
    {"team_id": "T1", "team_name": "Assessment West", "service": "CIN", "area": None},
    {"team_id": "T3", "team_name": "Children in care", "service": "CLA", "area": "County"},
]


def test_teams_come_from_qaf_teams(duckdb_backend):
    source = source_from_rows(duckdb_backend, {"qaf_teams": TEAMS})
    assert sorted(teams_from(source)) == [
        ("T1", "Assessment West", ""),
        ("T2", "Assessment East", "East"),
        ("T3", "Children in care", "County"),
    ]


@pytest.mark.django_db
def test_one_account_per_role_that_signs_in_with_its_printed_password(duckdb_backend):
    fill_teams(teams_from(source_from_rows(duckdb_backend, {"qaf_teams": TEAMS})))
    accounts = create_accounts()
    assert sorted(a.role for a in accounts) == sorted(ROLES)
    request = RequestFactory().post("/sign-in/")
    for account in accounts:
        validate_password(account.password)
        user = authenticate(request, username=account.username, password=account.password)
        assert user is not None and user.role == account.role
    manager = next(a for a in accounts if a.role == "manager")
    assert manager.teams == ("T1", "T2")
    assert User.objects.get(username=manager.username).team_codes() == ["T1", "T2"]
    text = describe(accounts)
    assert all(a.username in text and a.password in text for a in accounts)


@pytest.mark.django_db
def test_running_the_demo_again_replaces_passwords_without_new_accounts():
    fill_teams([("T1", "Team one", "")])
    first = {a.username: a.password for a in create_accounts()}
    second = {a.username: a.password for a in create_accounts()}
    assert first.keys() == second.keys() and User.objects.count() == len(ROLES)
    assert all(first[name] != second[name] for name in first)
    assert Team.objects.count() == 1
