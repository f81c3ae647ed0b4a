"""The administrator's user management, your account, team scope, and the access log viewer."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from qaf.web.accounts.models import AccessLog, Team, User
from qaf.web.policy import allowed, scope
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-passphrase-7"


def test_an_admin_creates_a_manager_for_two_teams(client_for):
    Team.objects.create(code="T1", name="West")
    Team.objects.create(code="T2", name="East")
    admin = client_for("admin")
    form = {"username": "mo", "password": NEW_PASSWORD, "role": "manager", "is_active": "on"}
    no_team = admin.post(reverse("accounts:user_add"), form)
    assert b"Choose at least one team for a team manager" in no_team.content
    made = admin.post(reverse("accounts:user_add"), {**form, "teams": ["T1", "T2"]})
    assert made.status_code == 302
    mo = User.objects.get(username="mo")
    assert (mo.role, mo.team_codes(), mo.check_password(NEW_PASSWORD)) == (
        "manager",
        ["T1", "T2"],
        True,
    )
    assert b"mo" in admin.get(reverse("accounts:users")).content


def test_a_deactivated_account_cannot_sign_in(client_for, make_user):
    user = make_user("auditor", "gone")
    admin = client_for("admin")
    form = {"username": "gone", "role": "auditor"}  # is_active unticked
    assert admin.post(reverse("accounts:user_edit", args=[user.pk]), form).status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.check_password(PASSWORD)  # an empty password keeps it
    refused = Client().post("/sign-in/", {"username": "gone", "password": PASSWORD})
    assert refused.status_code == 200  # the form again, not a session


def test_you_change_your_own_password_and_stay_signed_in(make_user):
    user = make_user("analyst", "ana")
    client = Client()
    client.force_login(user)
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:password_change"), form).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_manager_sees_only_their_teams_records(make_user):
    Team.objects.create(code="T9", name="Elsewhere")
    manager = make_user("manager", "man", teams=("T1",))
    leader = make_user("leader", "lea")
    teams = Team.objects.all()
    assert list(scope(manager, teams, team_field="code").values_list("code", flat=True)) == ["T1"]
    assert scope(leader, teams, team_field="code").count() == 2
    manager.is_active = False
    assert scope(manager, teams, team_field="code").count() == 0


def test_menus_follow_the_rules(make_user):
    assert allowed(make_user("admin"), "accounts:users")
    assert not allowed(make_user("leader"), "accounts:users")
    assert allowed(None, "accounts:login")
    assert not allowed(make_user("analyst", "a2"), "no:such_page")


def test_the_access_log_viewer_lists_entries(client_for):
    AccessLog.objects.create(
        username="someone",
        url_name="qa:audit_detail",
        path="/qa/audits/3/",
        method="GET",
        status=200,
    )
    page = client_for("admin").get(reverse("accounts:access_log"))
    assert b"/qa/audits/3/" in page.content and b"someone" in page.content


def test_an_admin_cannot_demote_or_deactivate_themselves(make_user):
    me = make_user("admin", "me")
    client = Client()
    client.force_login(me)
    answer = client.post(
        reverse("accounts:user_edit", args=[me.pk]), {"username": "me", "role": "leader"}
    )
    assert b"You cannot take the administrator role from yourself" in answer.content
    assert b"You cannot deactivate your own account" in answer.content
    me.refresh_from_db()
    assert me.role == "admin" and me.is_active


def test_the_access_log_filters_by_person_and_page(client_for):
    for who, name in (
        ("amy", "qa:audit_detail"),
        ("bob", "qa:audit_detail"),
        ("amy", "reports:file"),
    ):
        AccessLog.objects.create(
            username=who, url_name=name, path=f"/{name}", method="GET", status=200
        )
    admin = client_for("admin")
    page = admin.get(reverse("accounts:access_log"), {"username": "amy", "url_name": "qa:audit"})
    assert page.content.count(b'<td class="govuk-table__cell">amy</td>') == 1
    assert b"bob" not in page.content and b"reports:file" not in page.content


def test_a_new_accounts_role_is_chosen_not_preselected(client_for):
    admin = client_for("admin")
    page = admin.get(reverse("accounts:user_add")).content.decode()
    roles = re.findall(r'<input[^>]*name="role"[^>]*>', page)
    assert roles and not [r for r in roles if "checked" in r]
    form = {"username": "ro", "password": NEW_PASSWORD, "is_active": "on"}
    refused = admin.post(reverse("accounts:user_add"), form)
    assert b"Choose the account&#x27;s role" in refused.content
