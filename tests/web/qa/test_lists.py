"""An admin keeps the audit standards, score descriptors and feedback themes; each change is kept."""

from __future__ import annotations

import pytest

from qaf.web.qa.models import AuditStandard, Change, FeedbackTheme, ScoreLevel

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_standard_which_new_audits_then_offer(signed_in):
    admin, _ = signed_in("admin")
    data = {"code": "7", "title": "Voice of the child", "position": "7", "active": "on"}
    assert admin.post("/qa/lists/standards/new/", data).status_code == 302
    auditor, _ = signed_in("auditor")
    assert "7: Voice of the child" in auditor.get("/qa/audits/new/").content.decode()
    assert Change.objects.get(record_type="audit standard").changes["code"] == ["", "7"]


def test_a_standard_taken_out_of_use_keeps_its_code(signed_in):
    admin, _ = signed_in("admin")
    standard = AuditStandard.objects.get(code="6")
    data = {"code": "66", "title": standard.title, "position": "5"}  # active unticked
    assert admin.post(f"/qa/lists/standards/{standard.pk}/", data).status_code == 302
    standard.refresh_from_db()
    assert standard.code == "6" and standard.active is False
    auditor, _ = signed_in("auditor")
    assert "6: Recording" not in auditor.get("/qa/audits/new/").content.decode()


def test_descriptors_and_themes_are_edited_and_only_by_an_admin(signed_in):
    admin, _ = signed_in("admin")
    level = ScoreLevel.objects.get(score=3)
    assert admin.post(f"/qa/lists/scores/{level.pk}/", {"descriptor": "Good"}).status_code == 302
    assert (
        admin.post("/qa/lists/themes/new/", {"name": "Housing", "position": "9"}).status_code == 302
    )
    assert FeedbackTheme.objects.filter(name="Housing").exists()
    assert "3: Good" in signed_in("auditor")[0].get("/qa/audits/new/").content.decode()
    analyst, _ = signed_in("analyst")
    assert analyst.get("/qa/lists/").status_code == 403
    assert analyst.post(f"/qa/lists/scores/{level.pk}/", {"descriptor": "x"}).status_code == 403
