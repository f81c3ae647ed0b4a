"""The audit trail: one function for every write, its diff, and the history page."""

from __future__ import annotations

import pytest

from qaf.web.qa import trail
from qaf.web.qa.models import Change, ReviewForm
from tests.web.qa.seed_month import DAY

pytestmark = pytest.mark.django_db


def test_diff_names_each_changed_field_with_before_and_after():
    before = {"a": "1", "b": "x", "gone": "y"}
    after = {"a": "1", "b": "z", "new": "n"}
    assert trail.diff(before, after) == {"b": ["x", "z"], "new": ["", "n"], "gone": ["y", ""]}


def test_create_update_no_op_and_delete_each_kept(make_user):
    user = make_user("iru")
    review = ReviewForm(form_id="R1", review_date=DAY, sw_changes=1)
    created = trail.save(review, user, trail.FORM)
    assert created.action == "create" and created.username == user.username
    assert created.changes["sw_changes"] == ["", "1"]
    review.sw_changes = 2
    assert trail.save(review, user, trail.FORM).changes == {"sw_changes": ["1", "2"]}
    assert trail.save(review, user, trail.FORM) is None  # nothing changed, nothing kept
    pk = review.pk
    deleted = trail.delete(review, user, trail.FORM)
    assert deleted.record_pk == pk and deleted.changes["form_id"] == ["R1", ""]
    assert list(Change.objects.values_list("action", flat=True)) == ["delete", "update", "create"]


def test_a_username_stays_in_the_trail_after_the_account_goes(make_user):
    user = make_user("iru", "gone-user")
    trail.save(ReviewForm(form_id="R1", review_date=DAY), user, trail.FORM)
    user.delete()
    change = Change.objects.get()
    assert change.user is None and change.username == "gone-user"


def test_the_history_page_lists_who_when_and_what(signed_in):
    client, user = signed_in("iru")
    review = ReviewForm(form_id="R9", review_date=DAY)
    trail.save(review, user, trail.IMPORT)
    page = client.get(f"/qa/reviews/{review.pk}/history/").content.decode()
    assert "Created" in page and user.username in page and "(import)" in page
    assert "R9" in page


def test_an_import_of_new_records_keeps_the_same_entries_as_one_by_one(make_user, teams):
    from qaf.web.qa.imports import import_file

    user = make_user("analyst")
    head = "audit_id,person_id,case_type,team_id,worker_id,auditor,audit_date,standard,score\n"
    text = head + "A1,C1,CIN,T1,W1,,2016-09-01,1a,4\nA1,C1,CIN,T1,W1,,2016-09-01,2,NA\n"
    import_file("qaf_audits", "a.csv", text.encode(), user)
    entry = Change.objects.get(record_type="audit")
    assert (entry.action, entry.via, entry.user, entry.record_label) == (
        "create",
        "import",
        user,
        "A1",
    )
    assert entry.changes["score 1a"] == ["", "4"] and entry.changes["score 2"] == ["", "NA"]
    assert entry.changes["team"] == ["", "T1"] and entry.changes["audit_date"] == ["", "2016-09-01"]
    # The same file with one score changed: an update, naming only that score.
    import_file("qaf_audits", "a.csv", text.replace(",1a,4", ",1a,2").encode(), user)
    latest = Change.objects.filter(record_type="audit").first()
    assert latest.action == "update" and latest.changes == {"score 1a": ["4", "2"]}
