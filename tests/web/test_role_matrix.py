"""Every URL of the project against every role: the rules table covers all, and the policy holds.

An allowed role reaches the view (whatever the view then answers: 200, a redirect, 404 for an
example id that does not exist, 405 for a GET on a POST-only page); a refused role gets 403; an
anonymous visitor is sent to sign in, unless the page is public."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from qaf.web.rules import ROLES, RULES
from tests.web.urlwalk import routes


def test_every_url_has_a_name_and_a_rule():
    found = list(routes())
    unnamed = [r.route for r in found if r.url_name is None]
    assert not unnamed, f"URL patterns without a name cannot have a rule: {unnamed}"
    missing = sorted(r.url_name for r in found if r.url_name not in RULES)
    assert not missing, f"URL names with no rule in qaf.web.rules.RULES: {missing}"


def test_every_rule_names_a_url():
    names = {r.url_name for r in routes()}
    assert not sorted(set(RULES) - names), "rules for URL names that no longer exist"


def _signed_in_to_login(response) -> bool:
    login = reverse(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login)


# About 60 URLs for 7 visitors: some 400 requests, each a few hundredths of a second.
@pytest.mark.slow
@pytest.mark.django_db
def test_each_role_reaches_exactly_what_its_rule_allows(client_for):
    clients = {role: client_for(role) for role in ROLES}
    wrong: list[str] = []
    for route in routes():
        rule = RULES[route.url_name]
        path = route.path()
        anonymous = Client().get(path)
        if rule.public:
            if anonymous.status_code == 403 or _signed_in_to_login(anonymous):
                wrong.append(f"anonymous refused public {route.url_name} ({path})")
        elif not _signed_in_to_login(anonymous):
            wrong.append(f"anonymous got {anonymous.status_code} on {route.url_name}")
        for role, client in clients.items():
            status = client.get(path).status_code
            may = rule.public or role in rule.roles
            # 404 only where the example id names no record; 405 for a GET on a POST-only page.
            expected = {200, 302, 405} | ({404} if route.kwargs else set())
            if may and status not in expected:
                wrong.append(f"{role} got {status} on {route.url_name} ({path}) its rule allows")
            if not may and status != 403:
                wrong.append(f"{role} got {status} on {route.url_name} ({path}), not 403")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_url_without_a_rule_is_refused_to_everyone(client_for, monkeypatch):
    monkeypatch.delitem(RULES, "accounts:account")
    assert client_for("admin").get(reverse("accounts:account")).status_code == 403


@pytest.mark.django_db
def test_a_refused_role_cannot_post_either(client_for):
    # The policy refuses before any view runs, so a POST changes nothing for a role without the rule.
    clients = {role: client_for(role) for role in ROLES}
    wrong: list[str] = []
    for route in routes():
        rule = RULES[route.url_name]
        if rule.public:
            continue
        path = route.path()
        if not _signed_in_to_login(Client().post(path, {})):
            wrong.append(f"anonymous POST to {route.url_name} not sent to sign in")
        for role in set(ROLES) - rule.roles:
            status = clients[role].post(path, {}).status_code
            if status != 403:
                wrong.append(f"{role} POST to {route.url_name} gave {status}, not 403")
    assert not wrong, "\n".join(wrong)
