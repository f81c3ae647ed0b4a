"""The project starts: sign-in page, health check, each role's home page."""

from __future__ import annotations

import pytest

from qaf.web.rules import ROLES


@pytest.mark.django_db
def test_sign_in_page_and_health_answer(client):
    assert client.get("/sign-in/").status_code == 200
    assert client.get("/health").json() == {"status": "ok"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_a_home_page(client_for, role):
    page = client_for(role).get("/")
    assert page.status_code == 200
    assert b"What you can do" in page.content
