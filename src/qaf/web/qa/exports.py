"""The app's QA records as the qaf_ tables of interfaces.md: rows in the warehouse's stored shape
(dates, booleans, whole numbers, text; None for empty), and those rows as Excel-safe CSV files that
`qaf load` and `qaf indicators --data` read."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from qaf.csvsafe import excel_safe
from qaf.warehouse.specs import TABLES as SPECS
from qaf.web.qa.models import CaseAudit, FeedbackForm, Meeting, ReviewForm

AUDITS, FEEDBACK, MEETINGS, REVIEWS = (
    "qaf_audits",
    "qaf_feedback",
    "qaf_iru_meetings",
    "qaf_iru_reviews",
)
TABLES = (AUDITS, FEEDBACK, MEETINGS, REVIEWS)
THEME_SEPARATOR = ";"
# qaf_iru_meetings.professional_group, and the Meeting fields that hold each group's counts.
GROUPS = (("HEALTH", "health"), ("OTHER", "other"))
Row = dict[str, Any]


def _blank(text: str) -> str | None:
    return text or None


def audit_rows(audits: QuerySet[CaseAudit]) -> Iterator[Row]:
    """One row per audit and standard scored."""
    chosen = audits.select_related("auditor").prefetch_related("scores__standard")
    for audit in chosen.order_by("audit_date", "audit_id"):
        for score in audit.scores.all():
            yield {
                "audit_id": audit.audit_id,
                "person_id": _blank(audit.child_id),
                "case_type": audit.case_type,
                "team_id": audit.team_id,
                "worker_id": _blank(audit.worker_id),
                "auditor": _blank(audit.auditor_label),
                "audit_date": audit.audit_date,
                "standard": score.standard.code,
                "score": score.score,
            }


def feedback_rows(forms: QuerySet[FeedbackForm]) -> Iterator[Row]:
    for form in forms.prefetch_related("themes").order_by("received_date", "form_id"):
        themes = THEME_SEPARATOR.join(form.theme_names())
        yield {
            "form_id": form.form_id,
            "received_date": form.received_date,
            "worker_id": _blank(form.worker_id),
            "children": form.children,
            "q1": form.q1,
            "q2": form.q2,
            "q3": form.q3,
            "q4": form.q4,
            "comment": _blank(form.comment),
            "tone": _blank(form.tone),
            "themes": _blank(themes),
        }


def meeting_rows(meetings: QuerySet[Meeting]) -> Iterator[Row]:
    """One row per meeting and professional group with a count recorded; a meeting with none
    recorded still gives its groups' rows, so it counts as held."""
    for meeting in meetings.order_by("meeting_date", "meeting_id"):
        counts = {
            group: (getattr(meeting, f"{field}_invited"), getattr(meeting, f"{field}_attended"))
            for group, field in GROUPS
        }
        recorded = [g for g, pair in counts.items() if pair != (None, None)]
        for group in recorded or [g for g, _ in GROUPS]:
            invited, attended = counts[group]
            yield {
                "meeting_id": meeting.meeting_id,
                "meeting_type": meeting.meeting_type,
                "meeting_date": meeting.meeting_date,
                "person_id": _blank(meeting.child_id),
                "professional_group": group,
                "invited": invited,
                "attended": attended,
            }


def review_rows(reviews: QuerySet[ReviewForm]) -> Iterator[Row]:
    for review in reviews.order_by("review_date", "form_id"):
        yield {
            "form_id": review.form_id,
            "review_date": review.review_date,
            "person_id": _blank(review.child_id),
            "report_on_time": review.report_on_time,
            "sw_changes": review.sw_changes,
        }


def all_rows() -> dict[str, list[Row]]:
    """Every QA record the app holds, as the four qaf_ tables."""
    return {
        AUDITS: list(audit_rows(CaseAudit.objects.all())),
        FEEDBACK: list(feedback_rows(FeedbackForm.objects.all())),
        MEETINGS: list(meeting_rows(Meeting.objects.all())),
        REVIEWS: list(review_rows(ReviewForm.objects.all())),
    }


def cell(value: Any) -> str:
    """A stored value as the CSV's text: flags Y / N, dates ISO, text made safe for Excel."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(excel_safe(value))
    return str(value)


def write_csv(table: str, rows: Iterable[Row], out: io.TextIOBase | Any) -> None:
    names = SPECS[table].names
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in names])


def csv_text(table: str, rows: Iterable[Row]) -> str:
    out = io.StringIO()
    write_csv(table, rows, out)
    return out.getvalue()


def write_folder(folder: Path, tables: dict[str, list[Row]] | None = None) -> list[Path]:
    """The four qaf_ files in `folder` (made if absent); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in (tables or all_rows()).items():
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            write_csv(table, rows, out)
        written.append(path)
    return written
