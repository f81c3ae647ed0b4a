"""The first administrator, made from the command line with a checked password."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qaf.web.accounts.models import User

pytestmark = pytest.mark.django_db


def _answers(monkeypatch, *typed: str) -> None:
    replies = iter(typed)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))


def test_the_first_administrator_is_created(monkeypatch):
    _answers(monkeypatch, "a-long-admin-passphrase", "a-long-admin-passphrase")
    call_command("create_admin", "chief")
    chief = User.objects.get(username="chief")
    assert chief.role == "admin" and chief.check_password("a-long-admin-passphrase")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("password1234", "password1234"), "too common"),
        (("short", "short"), "at least 12 characters"),
        (("a-long-admin-passphrase", "a-different-passphrase"), "differ"),
    ],
)
def test_a_weak_or_mistyped_password_creates_nothing(monkeypatch, typed, message):
    _answers(monkeypatch, *typed)
    with pytest.raises(CommandError, match=message):
        call_command("create_admin", "chief")
    assert not User.objects.exists()
