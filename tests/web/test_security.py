"""Security measures: CSRF, session limits, login throttling and its cool-off, headers, the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qaf.web.accounts.models import AccessLog
from qaf.web.policy import LOGIN_AT, SEEN_AT
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/sign-in/"


def _sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_sign_in_with_the_right_password_goes_home(make_user):
    make_user("leader", "lee")
    answer = _sign_in(Client(), "lee", PASSWORD)
    assert answer.status_code == 302 and answer["Location"] == reverse("home")


def test_a_post_without_the_csrf_token_is_refused(make_user):
    admin = make_user("admin", "ada")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(LOGIN, {"username": "ada", "password": PASSWORD}).status_code == 403
    strict.force_login(admin)
    form = {"username": "new", "password": "x" * 20, "role": "analyst", "is_active": "on"}
    assert strict.post(reverse("accounts:user_add"), form).status_code == 403


def test_a_post_with_the_csrf_token_is_accepted(make_user):
    make_user("leader", "lee")
    strict = Client(enforce_csrf_checks=True)
    strict.get(LOGIN)
    token = strict.cookies["csrftoken"].value
    form = {"username": "lee", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert strict.post(LOGIN, form).status_code == 302


def _age_session(client: Client, login_ago: timedelta, seen_ago: timedelta) -> None:
    session = client.session
    now = timezone.now()
    session[LOGIN_AT] = (now - login_ago).isoformat()
    session[SEEN_AT] = (now - seen_ago).isoformat()
    session.save()


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "still_in"),
    [
        (timedelta(hours=2), timedelta(minutes=29), True),
        (timedelta(hours=2), timedelta(minutes=31), False),  # 30 minutes idle
        (timedelta(hours=11, minutes=59), timedelta(minutes=1), True),
        (timedelta(hours=12, minutes=1), timedelta(minutes=1), False),  # 12 hours at most
    ],
)
def test_sessions_end_after_30_minutes_idle_or_12_hours(client_for, login_ago, seen_ago, still_in):
    client = client_for("analyst")
    _age_session(client, login_ago, seen_ago)
    answer = client.get(reverse("home"))
    assert (answer.status_code == 200) is still_in
    if not still_in:
        assert answer["Location"].startswith(LOGIN)
        assert b"You were signed out" in client.get(answer["Location"]).content
        # Signed out for good: the next request is refused too, however soon.
        assert client.get(reverse("home")).status_code == 302


def test_five_failures_lock_the_account_until_the_cool_off_ends(make_user):
    make_user("auditor", "aud")
    client = Client()
    for _ in range(5):
        _sign_in(client, "aud", "wrong password here")
    locked = _sign_in(client, "aud", PASSWORD)
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content
    # Fifteen minutes later the lock has lifted by itself (a cool-off, not a permanent lock).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, "aud", PASSWORD).status_code == 302


def test_a_wrong_password_says_so_without_saying_which_part(make_user):
    make_user("auditor", "aud")
    answer = _sign_in(Client(), "aud", "wrong password here")
    assert answer.status_code == 200
    assert b"Enter a correct username and password" in answer.content
    assert b"govuk-error-summary" in answer.content


def test_security_headers_and_a_csp_without_inline_script():
    answer = Client().get(LOGIN, secure=True)
    csp = answer["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_have_no_inline_script(client_for):
    page = client_for("admin").get(reverse("home")).content.decode()
    for tag in page.split("<script")[1:]:
        assert "src=" in tag.split(">")[0], "an inline script would need 'unsafe-inline'"


def test_passwords_must_be_long_and_not_common(client_for):
    admin = client_for("admin")
    form = {"username": "newbie", "role": "analyst", "is_active": "on"}
    short = admin.post(reverse("accounts:user_add"), {**form, "password": "Xy7!short"})
    assert b"at least 12 characters" in short.content
    common = admin.post(reverse("accounts:user_add"), {**form, "password": "password1234"})
    assert b"too common" in common.content
    good = admin.post(reverse("accounts:user_add"), {**form, "password": PASSWORD + "-x"})
    assert good.status_code == 302


def test_exports_and_child_level_pages_are_written_to_the_access_log(
    client_for, settings, tmp_path
):
    settings.QAF_REPORT_DIR = tmp_path
    (tmp_path / "qaf-report-2016-09.html").write_text("<p>report</p>")
    leader = client_for("leader")
    assert leader.get(reverse("reports:file", args=["qaf-report-2016-09.html"])).status_code == 200
    assert leader.get(reverse("home")).status_code == 200  # an aggregate page: not logged
    entries = list(AccessLog.objects.values_list("username", "url_name", "status"))
    assert entries == [("test-leader", "reports:file", 200)]


def test_the_reports_page_serves_only_report_files(client_for, settings, tmp_path):
    settings.QAF_REPORT_DIR = tmp_path
    (tmp_path / "qaf-report-2016-09.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "secret.txt").write_text("not a report")
    analyst = client_for("analyst")
    listing = analyst.get(reverse("reports:list")).content
    assert b"qaf-report-2016-09.pdf" in listing and b"secret.txt" not in listing
    assert analyst.get(reverse("reports:file", args=["secret.txt"])).status_code == 404
    assert analyst.get("/reports/..%2Fpyproject.toml").status_code == 404


def test_the_html_report_may_use_its_inline_style_but_no_script(client_for, settings, tmp_path):
    settings.QAF_REPORT_DIR = tmp_path
    (tmp_path / "qaf-report-2016-09.html").write_text("<style>p{color:red}</style><p>report</p>")
    answer = client_for("leader").get(reverse("reports:file", args=["qaf-report-2016-09.html"]))
    csp = answer["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'none'" in csp and "sandbox" in csp


def test_an_expired_form_gets_a_plain_explanation(make_user):
    strict = Client(enforce_csrf_checks=True)
    answer = strict.post(LOGIN, {"username": "x", "password": "y"})
    assert answer.status_code == 403 and b"The form had expired" in answer.content


def test_signed_in_pages_are_never_cached_and_ask_for_no_device(client_for):
    answer = client_for("manager").get(reverse("home"))
    cache = answer["Cache-Control"]
    assert "no-store" in cache and "private" in cache
    assert "camera=()" in answer["Permissions-Policy"]


def test_sign_in_never_sends_you_to_another_site(make_user):
    make_user("leader", "lee")
    form = {"username": "lee", "password": PASSWORD, "next": "https://evil.example/phish"}
    answer = Client().post(LOGIN, form)
    assert answer.status_code == 302 and answer["Location"] == reverse("home")


def test_signing_in_gives_a_new_session_and_signing_out_needs_a_post(make_user):
    make_user("leader", "lee")
    client = Client()
    # A session the visitor already had (or an attacker planted) before signing in.
    planted = client.session
    planted["seen"] = True
    planted.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = planted.session_key
    _sign_in(client, "lee", PASSWORD)
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after and after != planted.session_key  # no session fixation
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out
