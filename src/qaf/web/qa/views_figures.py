"""The QA figures page (sections 2 to 4 for a month, from the app's records through the engine)
and the QA records' home page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qaf.web.qa import bridge
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


def figures(request: HttpRequest) -> HttpResponse:
    """Sections 2 to 4 for a month: each indicator's headline, then the seed's breakdowns."""
    default = timezone.localdate().strftime("%Y-%m")
    form = MonthForm(request.GET or {"month": default})
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
