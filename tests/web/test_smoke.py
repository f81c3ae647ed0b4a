"""The project starts: sign-in page, health check, each role's home page."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


def test_the_menu_marks_the_section_a_page_is_in(client_for):
    page = client_for("admin").get("/admin/users/add/").content.decode()
    active = page.split('aria-current="true"')
    assert len(active) == 2, "exactly one menu link is current"
    assert active[1].split("</a>")[0].endswith("Users</strong>")


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_offers_only_what_the_role_may_open(client_for, role):
    from qaf.web.navigation import MENU
    from qaf.web.policy import allowed

    client = client_for(role)
    page = client.get("/").content.decode()
    user = client.get("/").wsgi_request.user
    for link in MENU:
        shown = f'class="govuk-service-navigation__link" href="{reverse(link.url_name)}"' in page
        assert shown == allowed(user, link.url_name), link.url_name


def test_each_role_is_told_what_it_is_here_for(client_for):
    from qaf.web.navigation import ROLE_PURPOSE

    assert set(ROLE_PURPOSE) == set(ROLES)
    page = client_for("manager").get("/").content.decode()
    assert ROLE_PURPOSE["manager"].replace("'", "&#x27;") in page
    assert "Your teams: Team T1." in page
