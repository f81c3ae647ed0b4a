"""Web test fixtures: one signed-in client per role, plain HTTP and unhashed static files.

Production settings are the default (HTTPS redirects, secure cookies, hashed static names); tests
talk plain HTTP to the test client and the live server, so those three are relaxed here only."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from qaf.web.rules import ROLES

# Playwright's sync API runs an event loop in the test thread (the session's browser, started before
# the test database), and Django refuses ORM calls there without this. Subprocesses that start the
# real service (check --deploy, qaf serve) remove it from their environment.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture(scope="session", autouse=True)
def _plain_http() -> Iterator[None]:
    # Session-wide and first: the live server builds its middleware (which reads the HTTPS
    # redirect setting once) when it starts.
    from django.test.utils import override_settings

    relaxed = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    relaxed.enable()
    yield
    relaxed.disable()


@pytest.fixture
def make_user(db) -> Callable[..., object]:
    from qaf.web.accounts.models import Team, User

    def make(role: str, username: str | None = None, teams: tuple[str, ...] = ()) -> User:
        user = User.objects.create_user(
            username=username or f"test-{role}", password=PASSWORD, role=role
        )
        for code in teams:
            team, _ = Team.objects.get_or_create(code=code, defaults={"name": f"Team {code}"})
            user.teams.add(team)
        return user

    return make


@pytest.fixture
def client_for(make_user) -> Callable[[str], Client]:
    """A test client signed in as a new user of the given role (a manager gets team T1)."""

    def signed_in(role: str) -> Client:
        assert role in ROLES
        user = make_user(role, teams=("T1",) if role == "manager" else ())
        client = Client()
        client.force_login(user)
        return client

    return signed_in


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns that STATIC_ROOT is empty: tests serve static files from the finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
