"""IRU monitoring: meeting attendance and looked-after review forms, through their pages."""

from __future__ import annotations

import pytest

from qaf.web.qa.models import Change, Meeting, ReviewForm

pytestmark = pytest.mark.django_db


def meeting_post(**overrides):
    data = {
        "meeting_type": "ICPC",
        "meeting_date_0": "5",
        "meeting_date_1": "9",
        "meeting_date_2": "2016",
        "child_id": "C7",
        "team": "T1",
        "health_invited": "4",
        "health_attended": "3",
        "other_invited": "6",
        "other_attended": "6",
    }
    data.update(overrides)
    return data


def test_the_iru_records_a_meeting_and_changes_it(signed_in):
    client, user = signed_in("iru")
    assert client.post("/qa/meetings/new/", meeting_post()).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.health_invited, meeting.health_attended) == (4, 3)
    response = client.post(f"/qa/meetings/{meeting.pk}/edit/", meeting_post(other_attended="5"))
    assert response.status_code == 302
    history = client.get(f"/qa/meetings/{meeting.pk}/history/").content.decode()
    assert "other_attended" in history and user.username in history
    latest = Change.objects.filter(record_type="meeting").first()
    assert latest.changes == {"other_attended": ["6", "5"]}


@pytest.mark.parametrize(
    "bad",
    [
        {"health_attended": "5"},  # more than the 4 invited
        {"other_invited": "-1"},
        {"meeting_type": "STRATEGY"},
        {"meeting_date_1": "13"},
    ],
)
def test_a_meeting_form_refuses_what_cannot_be_true(signed_in, bad):
    client, _ = signed_in("iru")
    response = client.post("/qa/meetings/new/", meeting_post(**bad))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_iru_records_a_review_form(signed_in):
    client, _ = signed_in("iru")
    data = {
        "review_date_0": "20",
        "review_date_1": "9",
        "review_date_2": "2016",
        "report_on_time": "no",
        "sw_changes": "2",
    }
    assert client.post("/qa/reviews/new/", data).status_code == 302
    review = ReviewForm.objects.get()
    assert review.report_on_time is False and review.sw_changes == 2
    unrecorded = {**data, "report_on_time": "", "sw_changes": ""}
    assert client.post(f"/qa/reviews/{review.pk}/edit/", unrecorded).status_code == 302
    review.refresh_from_db()
    assert review.report_on_time is None and review.sw_changes is None
    assert client.post("/qa/reviews/new/", {**data, "sw_changes": "-1"}).status_code == 400


def test_an_auditor_cannot_touch_iru_records_and_a_manager_only_reads(signed_in):
    auditor, _ = signed_in("auditor")
    assert auditor.get("/qa/meetings/").status_code == 403
    manager, _ = signed_in("manager", teams=("T1",))
    assert manager.get("/qa/meetings/").status_code == 200
    assert manager.post("/qa/meetings/new/", meeting_post()).status_code == 403


def test_lists_filter_by_month_and_refuse_a_bad_one(signed_in):
    import datetime as dt

    client, _ = signed_in("iru")
    for day in (dt.date(2016, 8, 31), dt.date(2016, 9, 1)):
        ReviewForm.objects.create(form_id=f"R{day:%m%d}", review_date=day)
    september = client.get("/qa/reviews/?month=2016-09").content.decode()
    assert "R0901" in september and "R0831" not in september
    wrong = client.get("/qa/reviews/?month=September").content.decode()
    assert "Enter a month as year and month" in wrong and "R0831" in wrong
