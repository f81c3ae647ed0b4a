"""The seed's September 2016 QA figures as app records, made through the app's own write path
(trail.save), so the bridge and the export are tested on what the forms would hold."""

from __future__ import annotations

import datetime as dt

from qaf.web.qa import trail
from qaf.web.qa.models import AuditScore, AuditStandard, CaseAudit, FeedbackForm, ReviewForm

DAY = dt.date(2016, 9, 14)
STANDARDS = ("1a", "2", "3", "4", "5", "6")
# The seed's CIN table: of 16 audits, those scoring 3+ per standard (14+14+10+12+10+11 = 71 of 96).
CIN_GOOD = {"1a": 14, "2": 14, "3": 10, "4": 12, "5": 10, "6": 11}
# Feedback: 17 forms; "yes" to Q1..Q4 from 13, 13, 16 and 11; 3 forms leave Q4 unanswered.
FORMS = 17
YES = {"q1": 13, "q2": 13, "q3": 16, "q4": 11}
Q4_UNANSWERED = 3
# Review forms: 169 received, 140 recording changes of worker, 42 with 1+ (35 one, 7 two).
REVIEWS, RECORDED, ONE_CHANGE, TWO_CHANGES = 169, 140, 35, 7


def make_audits(user=None) -> None:
    standards = {s.code: s for s in AuditStandard.objects.all()}
    for i in range(16):
        audit = CaseAudit(
            audit_id=f"CIN{i:02d}", case_type="CIN", team_id="T1", audit_date=DAY, auditor=user
        )

        def scores(audit=audit, i=i) -> None:
            AuditScore.objects.bulk_create(
                AuditScore(
                    audit=audit, standard=standards[s], score="4" if i < CIN_GOOD[s] else "2"
                )
                for s in STANDARDS
            )

        trail.save(audit, user, trail.FORM, also=scores)
    # A CP audit with standard 6 not applicable: 3 of 5 scored 3+ (other case types count too).
    cp = CaseAudit(audit_id="CP01", case_type="CP", team_id="T2", audit_date=DAY, auditor=user)
    cp_scores = dict(zip(STANDARDS, ("5", "3", "1", "2", "3", "NA"), strict=True))
    trail.save(
        cp,
        user,
        trail.FORM,
        also=lambda: AuditScore.objects.bulk_create(
            AuditScore(audit=cp, standard=standards[s], score=v) for s, v in cp_scores.items()
        ),
    )


def make_feedback(user=None) -> None:
    for i in range(FORMS):
        answers = {q: (i < n) for q, n in YES.items()}
        if i >= FORMS - Q4_UNANSWERED:
            answers["q4"] = None
        form = FeedbackForm(
            form_id=f"FB{i:02d}",
            received_date=DAY,
            worker_id=f"W{i % 14}",
            children=2 if i < 10 else 1,
            comment="Thank you" if i < 13 else "",
            tone="positive" if i < 13 else "",
            source=FeedbackForm.PAPER,
            **answers,
        )
        trail.save(form, user, trail.FORM)


def make_reviews(user=None) -> None:
    for i in range(REVIEWS):
        if i < ONE_CHANGE:
            changes: int | None = 1
        elif i < ONE_CHANGE + TWO_CHANGES:
            changes = 2
        elif i < RECORDED:
            changes = 0
        else:
            changes = None
        review = ReviewForm(
            form_id=f"R{i:03d}", review_date=DAY, sw_changes=changes, report_on_time=i % 2 == 0
        )
        trail.save(review, user, trail.FORM)
