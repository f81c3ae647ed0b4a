"""Parent and carer feedback: the one-time link's security, the family's page, paper forms and
tagging, each write in the trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re

import pytest
from django.utils import timezone

from qaf.web.qa import tokens
from qaf.web.qa.models import Change, FeedbackForm, FeedbackLink, FeedbackTheme

pytestmark = pytest.mark.django_db
CASE_REF = "CASE-4711"
SERIAL = itertools.count()


def make_link(signed_in, team="T1"):
    client, user = signed_in("manager", f"manager-{next(SERIAL)}", teams=(team,))
    page = client.post(
        "/qa/feedback-links/new/",
        {"team": team, "case_ref": CASE_REF, "worker_id": "W3", "children": "2"},
    )
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    start = text.index("/qa/feedback/") + len("/qa/feedback/")
    token = text[start : text.index("/", start)]
    return client, user, token


def test_the_token_is_random_long_and_stored_only_hashed(signed_in):
    _, _, token = make_link(signed_in)
    _, _, other = make_link(signed_in)
    assert token != other
    assert len(token) >= 43  # token_urlsafe(32): 256 bits; the issue asks for at least 128
    link = FeedbackLink.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert link.case_ref == CASE_REF
    stored = " ".join(str(v) for v in FeedbackLink.objects.values_list())
    assert token not in stored
    assert token not in " ".join(str(c.changes) for c in Change.objects.all())


def test_the_family_page_says_nothing_about_them_and_takes_one_answer(signed_in, client):
    _, _, token = make_link(signed_in)
    url = f"/qa/feedback/{token}/"
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    for private in (CASE_REF, "W3", "T1", "Children and families", "OFFICIAL-SENSITIVE"):
        # As a word: the page's random CSRF token may hold "T1" by chance.
        assert not re.search(rf"(?<![A-Za-z0-9_-]){re.escape(private)}(?![A-Za-z0-9_-])", text)
    assert "kept informed" in text and "respect and courtesy" in text
    answered = client.post(url, {"q1": "yes", "q2": "no", "q3": "yes", "comment": " Helpful "})
    assert answered.status_code == 302 and answered["Location"] == "/qa/feedback/thanks/"
    form = FeedbackForm.objects.get()
    assert (form.q1, form.q2, form.q3, form.q4) == (True, False, True, None)
    assert form.comment == "Helpful" and form.source == "online"
    assert form.team_id == "T1" and form.worker_id == "W3" and form.children == 2
    assert Change.objects.get(record_type="feedback").via == "link"


def test_reuse_expiry_and_guessing_are_refused_alike(signed_in, client, settings):
    _, _, used = make_link(signed_in)
    client.post(f"/qa/feedback/{used}/", {"q1": "yes"})
    _, _, expired = make_link(signed_in)
    FeedbackLink.objects.filter(token_hash=tokens.hash_token(expired)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    guessed = tokens.hash_token("guess")[:43]
    answers = []
    for token in (used, expired, guessed, "x" * 500):
        for method in (client.get, client.post):
            response = method(f"/qa/feedback/{token}/", {"q1": "no"})
            answers.append((response.status_code, response.content))
    assert len(set(answers)) == 1
    status, body = answers[0]
    assert status == 404 and b"This link cannot be used" in body
    assert FeedbackForm.objects.count() == 1


def test_a_link_expires_after_the_setting(signed_in, settings):
    settings.QAF_QA_FEEDBACK_LINK_DAYS = 28
    _, _, token = make_link(signed_in)
    link = FeedbackLink.objects.get(token_hash=tokens.hash_token(token))
    assert link.expires_at - link.created_at == pytest.approx(
        dt.timedelta(days=28), abs=dt.timedelta(seconds=5)
    )


def test_a_manager_links_only_for_their_teams(signed_in):
    client, _ = signed_in("manager", teams=("T1",))
    response = client.post(
        "/qa/feedback-links/new/", {"team": "T2", "case_ref": "X", "worker_id": ""}
    )
    assert response.status_code == 400
    assert not FeedbackLink.objects.exists()


def test_a_paper_form_is_entered_then_tagged_with_tone_and_themes(signed_in):
    client, _ = signed_in("analyst")
    theme = FeedbackTheme.objects.get(name="Communication")
    data = {
        "received_date_0": "3",
        "received_date_1": "9",
        "received_date_2": "2016",
        "team": "T1",
        "q1": "yes",
        "q2": "",
        "q3": "no",
        "q4": "yes",
        "comment": "Report had errors",
        "tone": "negative",
        "themes": [theme.pk],
    }
    assert client.post("/qa/feedback-forms/new/", data).status_code == 302
    form = FeedbackForm.objects.get()
    assert (form.q1, form.q2, form.q3, form.q4) == (True, None, False, True)
    assert form.theme_names() == ["Communication"] and form.tone == "negative"
    created = Change.objects.get(record_type="feedback")
    assert created.changes["themes"] == ["", "Communication"]
    data["tone"] = "mixed"
    assert client.post(f"/qa/feedback-forms/{form.pk}/edit/", data).status_code == 302
    latest = Change.objects.filter(record_type="feedback").first()
    assert latest.changes == {"tone": ["negative", "mixed"]}


def test_tone_without_a_comment_is_refused(signed_in):
    client, _ = signed_in("analyst")
    data = {"received_date_0": "3", "received_date_1": "9", "received_date_2": "2016"}
    assert client.post("/qa/feedback-forms/new/", {**data, "tone": "positive"}).status_code == 400
    assert not FeedbackForm.objects.exists()


def test_an_online_forms_answers_stay_the_familys(signed_in, client):
    _, _, token = make_link(signed_in)
    client.post(f"/qa/feedback/{token}/", {"q1": "yes", "comment": "Kind"})
    form = FeedbackForm.objects.get()
    staff, _ = signed_in("analyst")
    staff.post(f"/qa/feedback-forms/{form.pk}/edit/", {"tone": "positive", "q1": "no"})
    form.refresh_from_db()
    assert form.tone == "positive" and form.q1 is True


def test_a_manager_enters_paper_forms_only_for_their_own_teams(signed_in):
    client, _ = signed_in("manager", teams=("T1",))
    data = {"received_date_0": "3", "received_date_1": "9", "received_date_2": "2016", "q1": "yes"}
    assert client.post("/qa/feedback-forms/new/", data).status_code == 400  # no team
    assert client.post("/qa/feedback-forms/new/", {**data, "team": "T2"}).status_code == 400
    assert client.post("/qa/feedback-forms/new/", {**data, "team": "T1"}).status_code == 302
    form = FeedbackForm.objects.get()
    assert client.get(f"/qa/feedback-forms/{form.pk}/").status_code == 200


def test_two_answers_on_one_link_keep_only_the_first(signed_in):
    _, _, token = make_link(signed_in)
    first = tokens.answer(token, {"q1": True})
    second = tokens.answer(token, {"q1": False})
    assert first is not None and second is None
    assert list(FeedbackForm.objects.values_list("q1", flat=True)) == [True]
    link = FeedbackLink.objects.get()
    assert link.form == first and link.used_at is not None
