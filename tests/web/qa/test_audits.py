"""Case audits: recording, the score choices and their descriptors, and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qaf.web.qa.models import AuditStandard, CaseAudit, Change

pytestmark = pytest.mark.django_db


def audit_post(**overrides):
    data = {
        "case_type": "CIN",
        "child_id": "C200",
        "team": "T1",
        "worker_id": "W9",
        "audit_date_0": "14",
        "audit_date_1": "9",
        "audit_date_2": "2016",
    }
    for standard in AuditStandard.objects.all():
        data[f"score_{standard.pk}"] = "3"
    data.update(overrides)
    return data


def test_seeded_standards_and_descriptors_show_on_the_form(signed_in):
    client, _ = signed_in("auditor")
    page = client.get("/qa/audits/new/").content.decode()
    codes = list(AuditStandard.objects.values_list("code", flat=True))
    assert codes == ["1a", "2", "3", "4", "5", "6"]
    assert "1a: Management scrutiny/oversight" in page
    assert "1: No or few standards met" in page
    assert "5: All standards met in full or exceeded" in page
    assert "Not applicable" in page


def test_an_auditor_records_an_audit_with_its_trail(signed_in):
    client, user = signed_in("auditor")
    response = client.post("/qa/audits/new/", audit_post())
    assert response.status_code == 302
    audit = CaseAudit.objects.get()
    assert audit.auditor == user and audit.team_id == "T1"
    assert sorted(audit.scores.values_list("score", flat=True)) == ["3"] * 6
    change = Change.objects.get(record_type="audit", record_pk=audit.pk)
    assert change.action == "create" and change.user == user and change.via == "form"
    assert change.changes["score 1a"] == ["", "3"]
    assert change.changes["case_type"] == ["", "CIN"]


@pytest.mark.parametrize("score", ["0", "6", "three", ""])
def test_a_score_out_of_range_is_refused(signed_in, score):
    client, _ = signed_in("auditor")
    first = AuditStandard.objects.get(code="1a")
    response = client.post("/qa/audits/new/", audit_post(**{f"score_{first.pk}": score}))
    assert response.status_code == 400
    assert not CaseAudit.objects.exists()
    assert "There is a problem" in response.content.decode()


def test_a_future_date_and_an_unknown_case_type_are_refused(signed_in):
    client, _ = signed_in("auditor")
    ahead = timezone.localdate() + dt.timedelta(days=3)
    future = audit_post(audit_date_0=ahead.day, audit_date_1=ahead.month, audit_date_2=ahead.year)
    assert client.post("/qa/audits/new/", future).status_code == 400
    assert client.post("/qa/audits/new/", audit_post(case_type="LAC")).status_code == 400
    assert not CaseAudit.objects.exists()


def test_only_its_auditor_may_edit_within_the_window(signed_in, make_audit, settings):
    client, auditor = signed_in("auditor", "auditor-one")
    other, _ = signed_in("auditor", "auditor-two")
    audit = make_audit(auditor=auditor)
    url = f"/qa/audits/{audit.pk}/edit/"
    assert client.get(url).status_code == 200
    assert other.get(url).status_code == 403
    assert other.post(url, audit_post()).status_code == 403
    # Outside the window (a setting): refused to its auditor too, but an admin may.
    settings.QAF_QA_EDIT_WINDOW_DAYS = 14
    CaseAudit.objects.filter(pk=audit.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    assert client.post(url, audit_post()).status_code == 403
    admin, _ = signed_in("admin")
    assert admin.post(url, audit_post(worker_id="W2")).status_code == 302
    audit.refresh_from_db()
    assert audit.worker_id == "W2"
    latest = Change.objects.filter(record_pk=audit.pk).first()
    assert latest.action == "update" and latest.changes["worker_id"] == ["W1", "W2"]
    assert latest.changes["score 1a"] == ["4", "3"]


def test_a_manager_sees_only_their_teams_audits(signed_in, make_audit):
    mine, theirs = make_audit(team="T1"), make_audit(team="T2")
    client, _ = signed_in("manager", teams=("T1",))
    listing = client.get("/qa/audits/").content.decode()
    assert mine.audit_id in listing and theirs.audit_id not in listing
    assert client.get(f"/qa/audits/{mine.pk}/").status_code == 200
    assert client.get(f"/qa/audits/{theirs.pk}/").status_code == 404
    assert client.get(f"/qa/audits/{theirs.pk}/history/").status_code == 404
    # A manager does not record or change audits at all.
    assert client.get("/qa/audits/new/").status_code == 403
    assert client.get(f"/qa/audits/{mine.pk}/edit/").status_code == 403


def test_list_filters_by_team_case_type_month_and_auditor(signed_in, make_audit):
    client, auditor = signed_in("auditor", "auditor-one")
    september = make_audit(auditor=auditor, team="T1", case_type="CIN")
    august = make_audit(team="T2", case_type="CP", day=dt.date(2016, 8, 2))

    def listed(query):
        page = client.get(f"/qa/audits/?{query}").content.decode()
        return {a.audit_id for a in (september, august) if a.audit_id in page}

    assert listed("") == {september.audit_id, august.audit_id}
    assert listed("team=T2") == {august.audit_id}
    assert listed("case_type=CIN") == {september.audit_id}
    assert listed("month=2016-08") == {august.audit_id}
    assert listed(f"auditor={auditor.pk}") == {september.audit_id}


def test_the_list_is_paginated(signed_in, make_audit, settings):
    from qaf.web.qa import conf

    client, _ = signed_in("analyst")
    for _ in range(conf.PAGE_SIZE + 1):
        make_audit()
    first = client.get("/qa/audits/").content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get("/qa/audits/?page=2").content.decode()


def test_only_an_admin_deletes_and_the_history_keeps_it(signed_in, make_audit):
    audit = make_audit()
    auditor, _ = signed_in("auditor")
    assert auditor.post(f"/qa/audits/{audit.pk}/delete/").status_code == 403
    admin, _ = signed_in("admin")
    assert admin.post(f"/qa/audits/{audit.pk}/delete/").status_code == 302
    assert not CaseAudit.objects.filter(pk=audit.pk).exists()
    gone = Change.objects.get(record_pk=audit.pk, action="delete")
    assert gone.changes["audit_id"] == [audit.audit_id, ""]
