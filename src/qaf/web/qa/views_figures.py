"""The QA figures page (sections 2 to 4 for a month, from the app's records through the engine)
and the QA records' home page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qaf.web.qa import bridge
from qaf.web.qa.models import CaseAudit, FeedbackForm, Meeting, ReviewForm
from qaf.web.qa.views_common import actions


class MonthForm(forms.Form):
    month = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        label="Month",
        help_text="Year and month, for example 2016-09",
        error_messages={"invalid": "Enter a month as year and month, for example 2016-09"},
    )


def _shown(value: float | None, numerator: float | None, denominator: float | None) -> list[str]:
    """A percentage cell as the page shows it: the %, then numerator and denominator."""
    pct = "no records" if value is None else f"{value:.1f}%"
    return [
        pct,
        "" if numerator is None else f"{numerator:,.0f}",
        "" if denominator is None else f"{denominator:,.0f}",
    ]


def _headline_row(f: bridge.Figure) -> list[str]:
    if f.unit != "percent":
        return [f.title, f.shown, "", ""]
    return [f.title, *_shown(f.value, f.numerator, f.denominator)]


def _section(
    number: str, found: list[bridge.Figure], tables: list[bridge.Breakdown]
) -> dict[str, Any]:
    return {
        "title": bridge.SECTION_TITLES[number],
        "number": number,
        "rows": [_headline_row(f) for f in found if f.section == number],
        "details": [
            {"caption": t.title, "rows": [[label, *_shown(v, n, d)] for label, v, n, d in t.rows]}
            for t in tables
            if t.section == number
        ],
    }


# Each kind of record and the date that places it in a month.
RECORD_DATES = (
    (CaseAudit, "audit_date"),
    (FeedbackForm, "received_date"),
    (Meeting, "meeting_date"),
    (ReviewForm, "review_date"),
)


def latest_record_month() -> str | None:
    """The latest month (YYYY-MM) any QA record here is dated in; None when there are none."""
    dates: list[dt.date] = [
        latest
        for model, field in RECORD_DATES
        if (latest := model._default_manager.aggregate(latest=Max(field))["latest"]) is not None
    ]
    return max(dates).strftime("%Y-%m") if dates else None


def _default_month() -> tuple[str, str]:
    """The month shown when none is asked for, and why that one."""
    latest = latest_record_month()
    if latest is None:
        return timezone.localdate().strftime("%Y-%m"), "this month: no QA records are held yet"
    return latest, "the latest month any QA record here is dated in"


def figures(request: HttpRequest) -> HttpResponse:
    """Sections 2 to 4 for a month (by default the latest with records): each indicator's
    headline, then the seed's breakdowns."""
    default, why = _default_month()
    asked = "month" in request.GET
    form = MonthForm(request.GET if asked else {"month": default})
    sections = []
    month = default
    if form.is_valid():
        month = form.cleaned_data["month"]
        results = bridge.compute_month(month)
        found, tables = bridge.headlines(results, month), bridge.breakdowns(results, month)
        sections = [_section(number, found, tables) for number in bridge.SECTIONS]
    context = {
        "form": form,
        "sections": sections,
        "month": month,
        "why": "" if asked else why,
        "section_head": ["Figure", "Value", "Numerator", "Denominator"],
        "detail_head": ["Category", "%", "Numerator", "Denominator"],
    }
    return render(request, "qa/figures.html", context, status=200 if form.is_valid() else 400)


def home(request: HttpRequest) -> HttpResponse:
    links = actions(
        request,
        [
            ("qa:audit_list", "Case audits", ()),
            ("qa:feedback_list", "Parent and carer feedback", ()),
            ("qa:link_list", "Feedback links for families", ()),
            ("qa:meeting_list", "Child protection meeting attendance", ()),
            ("qa:review_list", "Looked-after review monitoring forms", ()),
            ("qa:figures", "QA figures (sections 2 to 4)", ()),
        ],
    )
    return render(request, "qa/home.html", {"links": links})
