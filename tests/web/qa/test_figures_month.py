"""The QA figures page's month when none is asked for: the latest the records are dated in."""

from __future__ import annotations

import datetime as dt

import pytest

from qaf.web.qa.views_figures import latest_record_month

pytestmark = pytest.mark.django_db


def test_no_records_no_latest_month(teams):
    assert latest_record_month() is None


def test_latest_month_across_kinds_of_record(make_audit, signed_in):
    from qaf.web.qa import trail
    from qaf.web.qa.models import MEETING_TYPE_CHOICES, Meeting

    _, user = signed_in("admin")
    make_audit(day=dt.date(2016, 9, 14))
    meeting = Meeting(
        meeting_id="M-TEST",
        meeting_type=MEETING_TYPE_CHOICES[0][0],
        meeting_date=dt.date(2016, 11, 2),
    )
    trail.save(meeting, user, trail.FORM)
    assert latest_record_month() == "2016-11"


@pytest.mark.slow
def test_the_page_shows_the_latest_month_and_says_so(make_audit, signed_in):
    client, _ = signed_in("leader")
    make_audit(day=dt.date(2016, 9, 14))
    page = client.get("/qa/figures/").content.decode()
    assert "QA figures for 2016-09" in page
    assert "the latest month any QA record here is dated in" in page
    asked = client.get("/qa/figures/?month=2016-08").content.decode()
    assert "QA figures for 2016-08" in asked and "the latest month" not in asked
