"""QA-record fixtures: teams, people in each role, and records made through the real write paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from qaf.web.qa import trail
from qaf.web.qa.models import AuditScore, AuditStandard, CaseAudit, new_record_id

SEPTEMBER = dt.date(2016, 9, 14)


@pytest.fixture(autouse=True)
def _no_warehouse(monkeypatch, tmp_path):
    """No warehouse loaded, unless a test loads one: imports look teams up in the warehouse QAF's
    settings name, and this machine's own data/ must not change what a test finds."""
    monkeypatch.setenv("QAF_WAREHOUSE_URL", f"duckdb://{tmp_path / 'none' / 'warehouse.duckdb'}")


@pytest.fixture
def teams(db):
    from qaf.web.accounts.models import Team

    return [
        Team.objects.create(code=code, name=f"Children and families {code}", area="North")
        for code in ("T1", "T2")
    ]


@pytest.fixture
def signed_in(make_user, teams) -> Callable[..., tuple[Client, object]]:
    """A client signed in as a new user: signed_in(role, username=None, teams=())."""

    def sign_in(role: str, username: str | None = None, teams: tuple[str, ...] = ()):
        user = make_user(role, username=username, teams=teams)
        client = Client()
        client.force_login(user)
        return client, user

    return sign_in


@pytest.fixture
def make_audit(db, teams) -> Callable[..., CaseAudit]:
    """An audit written through the trail, as the form would: one score per standard."""

    def make(
        auditor=None,
        scores: dict[str, str] | None = None,
        team: str | None = "T1",
        case_type: str = "CIN",
        day: dt.date = SEPTEMBER,
        audit_id: str | None = None,
    ) -> CaseAudit:
        standards = {s.code: s for s in AuditStandard.objects.all()}
        chosen = scores or {code: "4" for code in standards}
        audit = CaseAudit(
            audit_id=audit_id or new_record_id(CaseAudit.ID_PREFIX),
            case_type=case_type,
            child_id="C100",
            team_id=team,
            worker_id="W1",
            auditor=auditor,
            audit_date=day,
        )

        def save_scores() -> None:
            for code, score in chosen.items():
                AuditScore.objects.create(audit=audit, standard=standards[code], score=score)

        trail.save(audit, auditor, trail.FORM, also=save_scores)
        return audit

    return make
