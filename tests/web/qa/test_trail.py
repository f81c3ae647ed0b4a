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
