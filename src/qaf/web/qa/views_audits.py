"""Case audits: list with filters, record, view, edit (its auditor within the window; an admin at
any time), history, import, export, delete."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qaf.web.accounts.models import Team, User
from qaf.web.policy import role_of, scope
from qaf.web.qa import conf, exports, trail
from qaf.web.qa.forms import CaseAuditForm
from qaf.web.qa.models import (
    CASE_TYPE_CHOICES,
    AuditScore,
    AuditStandard,
    CaseAudit,
    new_record_id,
)
from qaf.web.qa.views_common import (
    RecordPages,
    link,
    page_of,
    query_without_page,
    scoped_get,
)

MONTH_FORMAT = "%Y-%m"
AUDITS = RecordPages(
    CaseAudit,
    "audit",
    "audit",
    "audit_id",
    exports.AUDITS,
    exports.audit_rows,
    "Import case audits",
)


class AuditFilter(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label="Team")
    case_type = forms.ChoiceField(
        choices=(("", "Any"), *CASE_TYPE_CHOICES), required=False, label="Case type"
    )
    month = forms.DateField(
        input_formats=[MONTH_FORMAT],
        required=False,
        label="Month",
        help_text="For example 2016-09",
        error_messages={"invalid": "Enter a month as year and month, for example 2016-09"},
    )
    auditor = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Auditor")

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["auditor"].queryset = User.objects.filter(role="auditor")  # type: ignore[attr-defined]


def _teams_for(user: Any) -> Any:
    return scope(user, Team.objects.all(), team_field="code")


def audit_list(request: HttpRequest) -> HttpResponse:
    audits = scope(request.user, CaseAudit.objects.select_related("team", "auditor"))
    filters = AuditFilter(request.GET or None, teams=_teams_for(request.user))
    if filters.is_valid():
        chosen = filters.cleaned_data
        if chosen["team"]:
            audits = audits.filter(team=chosen["team"])
        if chosen["case_type"]:
            audits = audits.filter(case_type=chosen["case_type"])
        if chosen["month"]:
            month = chosen["month"]
            audits = audits.filter(audit_date__year=month.year, audit_date__month=month.month)
        if chosen["auditor"]:
            auditor = chosen["auditor"]
            audits = audits.filter(Q(auditor=auditor) | Q(auditor_name=auditor.get_username()))
    page = page_of(request, audits)
    rows = [
        [
            link("qa:audit_detail", a.audit_id, a.pk),
            a.audit_date.strftime("%d %b %Y"),
            a.get_case_type_display(),
            a.team.name if a.team else "",
            a.child_id,
            a.auditor_label,
        ]
        for a in page
    ]
    context = {
        "title": "Case audits",
        "filters": filters,
        "rows": rows,
        "head": ["Audit", "Date", "Case type", "Team", "Child", "Auditor"],
        "page": page,
        "query": query_without_page(request),
        "actions": AUDITS.list_actions(request, "Record an audit", "audits"),
    }
    return render(request, "qa/list.html", context)


def _standards_for(audit: CaseAudit | None) -> list[AuditStandard]:
    """Active standards, and any standard the audit was scored on that has since been retired."""
    used = (
        set()
        if audit is None or audit.pk is None
        else set(audit.scores.values_list("standard", flat=True))
    )
    return list(AuditStandard.objects.filter(Q(active=True) | Q(pk__in=used)))


def _save(request: HttpRequest, form: CaseAuditForm) -> CaseAudit:
    audit: CaseAudit = form.save(commit=False)
    chosen = form.scores()

    def scores() -> None:
        for standard, score in chosen.items():
            AuditScore.objects.update_or_create(
                audit=audit, standard=standard, defaults={"score": score}
            )

    trail.save(audit, request.user, trail.FORM, also=scores)
    return audit


def audit_add(request: HttpRequest) -> HttpResponse:
    audit = CaseAudit(audit_id=new_record_id(CaseAudit.ID_PREFIX), auditor=cast(User, request.user))
    form = CaseAuditForm(request.POST or None, instance=audit, standards=_standards_for(None))
    if request.method == "POST" and form.is_valid():
        audit = _save(request, form)
        messages.success(request, f"Audit {audit.audit_id} recorded")
        return redirect("qa:audit_detail", audit.pk)
    return render(
        request,
        "qa/audit_form.html",
        {"form": form, "title": "Record a case audit", "back": reverse("qa:audit_list")},
        status=400 if form.is_bound else 200,
    )


def edit_refusal(user: Any, audit: CaseAudit) -> str | None:
    """Why this user may not change this audit, or None if they may."""
    if role_of(user) == "admin":
        return None
    if audit.auditor_id != user.pk:
        return "Only the auditor who recorded an audit may change it; ask an administrator."
    window = conf.edit_window()
    if timezone.now() - audit.created_at > window:
        return (
            f"An audit can be changed for {window.days} days after it was recorded; "
            "ask an administrator."
        )
    return None


def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = scoped_get(request, CaseAudit, pk)
    refusal = edit_refusal(request.user, audit)
    if refusal:
        raise PermissionDenied(refusal)
    form = CaseAuditForm(request.POST or None, instance=audit, standards=_standards_for(audit))
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        messages.success(request, f"Audit {audit.audit_id} saved")
        return redirect("qa:audit_detail", audit.pk)
    back = reverse("qa:audit_detail", args=[audit.pk])
    return render(
        request,
        "qa/audit_form.html",
        {"form": form, "title": f"Change audit {audit.audit_id}", "back": back},
        status=400 if form.is_bound else 200,
    )


def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit: CaseAudit = scoped_get(request, CaseAudit, pk)
    summary = [
        ("Case type", audit.get_case_type_display()),
        ("Child id", audit.child_id or "Not recorded"),
        ("Team", audit.team.name if audit.team else "Not recorded"),
        ("Worker id", audit.worker_id or "Not recorded"),
        ("Auditor", audit.auditor_label or "Not recorded"),
        ("Date of audit", audit.audit_date.strftime("%d %B %Y")),
    ]
    scores = [
        [str(s.standard), s.get_score_display()] for s in audit.scores.select_related("standard")
    ]
    items = AUDITS.record_actions(audit.pk, "Change this audit", "audit")
    if edit_refusal(request.user, audit) is not None:
        items = items[1:]
    table = {"rows": scores, "head": ["Standard", "Score"], "caption": "Scores"}
    return AUDITS.detail_page(request, audit, summary, items, table=table)


audit_history = AUDITS.history
audit_import = AUDITS.import_
audit_export = AUDITS.export
audit_delete = AUDITS.delete
