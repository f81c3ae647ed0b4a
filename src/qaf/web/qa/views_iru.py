"""Independent Reviewing Unit monitoring: CP meeting attendance and looked-after review forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qaf.web.accounts.models import Team
from qaf.web.policy import scope
from qaf.web.qa import exports, trail
from qaf.web.qa.forms import MeetingForm, ReviewFormForm
from qaf.web.qa.models import Meeting, ReviewForm, new_record_id
from qaf.web.qa.views_common import (
    RecordPages,
    by_month,
    link,
    page_of,
    query_without_page,
    scoped_get,
    yes_no,
)

MEETINGS = RecordPages(
    Meeting,
    "meeting",
    "meeting",
    "meeting_id",
    exports.MEETINGS,
    exports.meeting_rows,
    "Import meeting attendance",
)
REVIEWS = RecordPages(
    ReviewForm,
    "review",
    "review form",
    "form_id",
    exports.REVIEWS,
    exports.review_rows,
    "Import review monitoring forms",
)


def _count(value: int | None) -> str:
    return "Not recorded" if value is None else str(value)


def _form_page(
    request: HttpRequest, form: ModelForm[Any], title: str, back: str, detail: str
) -> HttpResponse:
    form.fields["team"].queryset = scope(request.user, Team.objects.all(), team_field="code")  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        trail.save(record, request.user, trail.FORM)
        messages.success(request, f"{record} saved")
        return redirect(detail, record.pk)
    context = {"form": form, "title": title, "back": back}
    return render(request, "qa/form.html", context, status=400 if form.is_bound else 200)


def meeting_list(request: HttpRequest) -> HttpResponse:
    records = scope(request.user, Meeting.objects.select_related("team"))
    records, filters = by_month(request, records, "meeting_date")
    page = page_of(request, records)
    rows = [
        [
            link("qa:meeting_detail", m.meeting_id, m.pk),
            m.meeting_date.strftime("%d %b %Y"),
            m.get_meeting_type_display(),
            f"{_count(m.health_attended)} of {_count(m.health_invited)}",
            f"{_count(m.other_attended)} of {_count(m.other_invited)}",
        ]
        for m in page
    ]
    context = {
        "title": "Child protection meeting attendance",
        "rows": rows,
        "head": ["Meeting", "Date", "Type", "Health attended", "Other attended"],
        "page": page,
        "filters": filters,
        "query": query_without_page(request),
        "actions": MEETINGS.list_actions(request, "Record a meeting", "meetings"),
    }
    return render(request, "qa/list.html", context)


def _add(
    request: HttpRequest, pages: RecordPages, form_class: type[ModelForm[Any]], title: str
) -> HttpResponse:
    record = pages.model(**{pages.id_field: new_record_id(pages.model.ID_PREFIX)})  # type: ignore[attr-defined]
    form = form_class(request.POST or None, instance=record)
    back = reverse(pages.url("list"))
    return _form_page(request, form, title, back, pages.url("detail"))


def _edit(
    request: HttpRequest, pages: RecordPages, form_class: type[ModelForm[Any]], pk: int
) -> HttpResponse:
    record = scoped_get(request, pages.model, pk)
    form = form_class(request.POST or None, instance=record)
    back = reverse(pages.url("detail"), args=[pk])
    title = f"Change {pages.noun} {getattr(record, pages.id_field)}"
    return _form_page(request, form, title, back, pages.url("detail"))


def meeting_add(request: HttpRequest) -> HttpResponse:
    return _add(request, MEETINGS, MeetingForm, "Record meeting attendance")


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, MEETINGS, MeetingForm, pk)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m: Meeting = scoped_get(request, Meeting, pk)
    summary = [
        ("Meeting type", m.get_meeting_type_display()),
        ("Date", m.meeting_date.strftime("%d %B %Y")),
        ("Child id", m.child_id or "Not recorded"),
        ("Team", m.team.name if m.team else "Not recorded"),
        ("Health professionals invited", _count(m.health_invited)),
        ("Health professionals who attended", _count(m.health_attended)),
        ("Other professionals invited", _count(m.other_invited)),
        ("Other professionals who attended", _count(m.other_attended)),
    ]
    items = MEETINGS.record_actions(pk, "Change this meeting", "meeting")
    return MEETINGS.detail_page(request, m, summary, items)


def review_list(request: HttpRequest) -> HttpResponse:
    records = scope(request.user, ReviewForm.objects.select_related("team"))
    records, filters = by_month(request, records, "review_date")
    page = page_of(request, records)
    rows = [
        [
            link("qa:review_detail", r.form_id, r.pk),
            r.review_date.strftime("%d %b %Y"),
            yes_no(r.report_on_time, "Not recorded"),
            _count(r.sw_changes),
        ]
        for r in page
    ]
    context = {
        "title": "Looked-after review monitoring forms",
        "rows": rows,
        "head": ["Form", "Review date", "Report on time", "Changes of worker"],
        "page": page,
        "filters": filters,
        "query": query_without_page(request),
        "actions": REVIEWS.list_actions(request, "Record a review form", "review forms"),
    }
    return render(request, "qa/list.html", context)


def review_add(request: HttpRequest) -> HttpResponse:
    return _add(request, REVIEWS, ReviewFormForm, "Record a review monitoring form")


def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, REVIEWS, ReviewFormForm, pk)


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r: ReviewForm = scoped_get(request, ReviewForm, pk)
    summary = [
        ("Review date", r.review_date.strftime("%d %B %Y")),
        ("Child id", r.child_id or "Not recorded"),
        ("Team", r.team.name if r.team else "Not recorded"),
        ("Social worker's report shared on time", yes_no(r.report_on_time, "Not recorded")),
        ("Changes of social worker since the last review", _count(r.sw_changes)),
    ]
    items = REVIEWS.record_actions(pk, "Change this form", "form")
    return REVIEWS.detail_page(request, r, summary, items)


meeting_history = MEETINGS.history
meeting_import = MEETINGS.import_
meeting_export = MEETINGS.export
meeting_delete = MEETINGS.delete
review_history = REVIEWS.history
review_import = REVIEWS.import_
review_export = REVIEWS.export
review_delete = REVIEWS.delete
