"""The lists the QA records draw on, kept by an admin: audit standards, what each score means,
and the themes a comment may be tagged with. Each change is in the trail like a record's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qaf.web.qa import trail
from qaf.web.qa.models import AuditStandard, FeedbackTheme, ScoreLevel
from qaf.web.qa.views_common import history_page, link


class StandardForm(forms.ModelForm):
    class Meta:
        model = AuditStandard
        fields = ("code", "title", "position", "active")
        labels = {"active": "Offered on new audits"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Past audits and their exports name the standard by its code: it stays as it is.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Kept as it is: past audits are scored against it"


class LevelForm(forms.ModelForm):
    class Meta:
        model = ScoreLevel
        fields = ("descriptor",)


class ThemeForm(forms.ModelForm):
    class Meta:
        model = FeedbackTheme
        fields = ("name", "position", "active")
        labels = {"active": "Offered when tagging comments"}


def lists(request: HttpRequest) -> HttpResponse:
    standards = [
        [link("qa:standard_edit", s.code, s.pk), s.title, "Yes" if s.active else "No"]
        for s in AuditStandard.objects.all()
    ]
    levels = [
        [link("qa:level_edit", str(lv.score), lv.pk), lv.descriptor]
        for lv in ScoreLevel.objects.all()
    ]
    themes = [
        [link("qa:theme_edit", t.name, t.pk), "Yes" if t.active else "No"]
        for t in FeedbackTheme.objects.all()
    ]
    context = {
        "tables": [
            {
                "caption": "Audit standards",
                "head": ["Code", "Standard", "In use"],
                "rows": standards,
            },
            {"caption": "What each score means", "head": ["Score", "Descriptor"], "rows": levels},
            {"caption": "Feedback themes", "head": ["Theme", "In use"], "rows": themes},
        ],
        "add": [
            {"href": reverse("qa:standard_add"), "text": "Add an audit standard"},
            {"href": reverse("qa:theme_add"), "text": "Add a feedback theme"},
        ],
    }
    return render(request, "qa/lists.html", context)


def _edit(
    request: HttpRequest,
    form_class: type[forms.ModelForm[Any]],
    record: Model,
    title: str,
    history_name: str,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=record)
    back = reverse("qa:lists")
    if request.method == "POST" and form.is_valid():
        trail.save(form.save(commit=False), request.user, trail.FORM)
        messages.success(request, f"{title}: saved")
        return redirect(back)
    history = reverse(history_name, args=[record.pk]) if record.pk else None
    context = {"form": form, "title": title, "back": back, "history": history}
    return render(request, "qa/form.html", context, status=400 if form.is_bound else 200)


def standard_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, StandardForm, AuditStandard(), "Add an audit standard", "")


def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(AuditStandard, pk=pk)
    return _edit(
        request, StandardForm, record, f"Audit standard {record.code}", "qa:standard_history"
    )


def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ScoreLevel, pk=pk)
    return _edit(
        request, LevelForm, record, f"What a score of {record.score} means", "qa:level_history"
    )


def theme_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, ThemeForm, FeedbackTheme(), "Add a feedback theme", "")


def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(FeedbackTheme, pk=pk)
    return _edit(request, ThemeForm, record, f"Feedback theme {record.name}", "qa:theme_history")


def _history(request: HttpRequest, model: type[Model], pk: int) -> HttpResponse:
    record = get_object_or_404(model, pk=pk)
    return history_page(request, record, reverse("qa:lists"), f"History of {record}")


def standard_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history(request, AuditStandard, pk)


def level_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history(request, ScoreLevel, pk)


def theme_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history(request, FeedbackTheme, pk)
