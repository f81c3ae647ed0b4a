"""GOV.UK choices on the QA forms: no blank radio, none pre-selected on a new record, a required
choice left empty named as GOV.UK says it, and no "---------" in a team select."""

from __future__ import annotations

import re

import pytest

from qaf.web.qa.models import CASE_TYPE_CHOICES

pytestmark = pytest.mark.django_db

NEW_RECORD_PAGES = (
    "/qa/audits/new/",
    "/qa/meetings/new/",
    "/qa/reviews/new/",
    "/qa/feedback-forms/new/",
    "/qa/feedback-links/new/",
)


@pytest.mark.parametrize("url", NEW_RECORD_PAGES)
def test_a_new_records_form_has_no_blank_choice_and_nothing_preselected(signed_in, url):
    client, _ = signed_in("admin")
    page = client.get(url).content.decode()
    assert "---------" not in page
    assert re.findall(r'<input[^>]*type="radio"[^>]*checked', page) == []


def test_case_type_radios_are_the_case_types_only(signed_in):
    client, _ = signed_in("admin")
    page = client.get("/qa/audits/new/").content.decode()
    values = re.findall(r'name="case_type" type="radio" value="([^"]*)"', page)
    assert "" not in values and values == [code for code, _ in CASE_TYPE_CHOICES]


@pytest.mark.parametrize(
    ("url", "message"),
    [("/qa/audits/new/", "Choose the case type"), ("/qa/meetings/new/", "Choose the meeting type")],
)
def test_a_required_choice_left_empty_says_what_to_choose(signed_in, url, message):
    client, _ = signed_in("admin")
    response = client.post(url, {"child_id": "C1"})
    assert response.status_code == 400
    assert f">{message}</a>" in response.content.decode()


def test_a_saved_review_shows_its_not_recorded_answer(signed_in, teams):
    from qaf.web.qa import trail
    from qaf.web.qa.models import ReviewForm

    client, user = signed_in("admin")
    record = ReviewForm(form_id="IRU-R-TEST", review_date="2016-09-14", report_on_time=None)
    trail.save(record, user, trail.FORM)
    page = client.get(f"/qa/reviews/{record.pk}/edit/").content.decode()
    checked = re.findall(r'name="report_on_time" type="radio" value="([^"]*)" checked', page)
    assert checked == ["unanswered"]


def test_a_managers_team_select_asks_for_a_team(signed_in):
    client, _ = signed_in("manager", teams=("T1",))
    page = client.get("/qa/feedback-forms/new/").content.decode()
    assert '<option value="" selected>Choose a team</option>' in page


def test_not_answered_and_not_tagged_chosen_save_as_empty(signed_in):
    from qaf.web.qa.models import FeedbackForm

    client, _ = signed_in("analyst")
    data = {
        "received_date_0": "3",
        "received_date_1": "9",
        "received_date_2": "2016",
        "team": "T1",
        "q1": "unanswered",
        "q2": "yes",
        "comment": "Fine",
        "tone": "untagged",
    }
    assert client.post("/qa/feedback-forms/new/", data).status_code == 302
    form = FeedbackForm.objects.get()
    assert (form.q1, form.q2, form.q3, form.tone) == (None, True, None, "")
    page = client.get(f"/qa/feedback-forms/{form.pk}/edit/").content.decode()
    assert re.search(r'name="tone" type="radio" value="untagged" checked', page)
