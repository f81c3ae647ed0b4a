"""The QA figures page (sections 2 to 4 for a month, from the app's records through the engine)
and the QA records' home page."""

from __future__ import annotations

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


def figures(request: HttpRequest) -> HttpResponse:
    default = timezone.localdate().strftime("%Y-%m")
    form = MonthForm(request.GET or {"month": default})
    sections = []
    month = default
    if form.is_valid():
        month = form.cleaned_data["month"]
        found = bridge.headlines(bridge.compute_month(month), month)
        for number in bridge.SECTIONS:
            rows = [
                [
                    f.title,
                    f.shown,
                    "" if f.numerator is None or f.unit != "percent" else f"{f.numerator:,.0f}",
                    "" if f.denominator is None or f.unit != "percent" else f"{f.denominator:,.0f}",
                ]
                for f in found
                if f.section == number
            ]
            sections.append(
                {"title": bridge.SECTION_TITLES[number], "number": number, "rows": rows}
            )
    head = ["Figure", "Value", "Numerator", "Denominator"]
    context = {"form": form, "sections": sections, "month": month, "section_head": head}
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
