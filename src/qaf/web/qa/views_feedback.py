"""Parent and carer feedback: the family's one-time link (public), and the staff pages: links,
paper forms, tagging tone and themes, history, import, export."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from qaf.web.accounts.models import Team
from qaf.web.policy import role_of, scope
from qaf.web.qa import conf, exports, tokens, trail
from qaf.web.qa.forms import (
    FamilyFeedbackForm,
    FeedbackLinkForm,
    FeedbackTagForm,
    PaperFeedbackForm,
    team_choice,
)
from qaf.web.qa.models import FeedbackForm, FeedbackLink, new_record_id
from qaf.web.qa.views_common import (
    RecordPages,
    actions,
    by_month,
    link,
    page_of,
    query_without_page,
    scoped_get,
    yes_no,
)

FEEDBACK = RecordPages(
    FeedbackForm,
    "feedback",
    "feedback form",
    "form_id",
    exports.FEEDBACK,
    exports.feedback_rows,
    "Import feedback forms",
)

# One answer for a reused, expired or made-up link, so none can be told from another.
LINK_REFUSED_STATUS = 404


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "qa/public_refused.html", status=LINK_REFUSED_STATUS)


@never_cache
def public_feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The family's page: nothing about the child or family, just the questions."""
    if tokens.open_link(token) is None:
        return _refused(request)
    form = FamilyFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if tokens.answer(token, form.cleaned_data) is None:
            return _refused(request)
        return redirect("qa:feedback_thanks")
    return render(
        request, "qa/public_feedback.html", {"form": form}, status=400 if form.is_bound else 200
    )


def public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "qa/public_thanks.html")


def link_add(request: HttpRequest) -> HttpResponse:
    teams = scope(request.user, Team.objects.all(), team_field="code")
    form = FeedbackLinkForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = tokens.create_link(
            request.user, data["team"], data["case_ref"], data["worker_id"], data["children"]
        )
        url = request.build_absolute_uri(reverse("qa:feedback_public", args=[token]))
        # Shown once, in this response only: the app keeps no copy it could show again.
        days = conf.feedback_link_life().days
        context = {"url": url, "case_ref": data["case_ref"], "link_days": days}
        response = render(request, "qa/link_created.html", context)
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "qa/form.html",
        {
            "form": form,
            "title": "Create a feedback link for a family",
            "back": reverse("qa:link_list"),
        },
        status=400 if form.is_bound else 200,
    )


def link_list(request: HttpRequest) -> HttpResponse:
    links = scope(request.user, FeedbackLink.objects.select_related("team", "form"))
    page = page_of(request, links)
    rows = [
        [
            item.case_ref,
            item.team.name,
            item.created_at.strftime("%d %b %Y"),
            item.expires_at.strftime("%d %b %Y"),
            link("qa:feedback_detail", "Answered", item.form.pk)
            if item.form
            else ("Used" if item.used_at else "Waiting"),
        ]
        for item in page
    ]
    context = {
        "title": "Feedback links",
        "rows": rows,
        "head": ["Case reference", "Team", "Created", "Expires", "Answer"],
        "page": page,
        "query": "",
        "actions": actions(request, [("qa:link_add", "Create a link for a family", ())]),
    }
    return render(request, "qa/list.html", context)


def feedback_list(request: HttpRequest) -> HttpResponse:
    records = scope(request.user, FeedbackForm.objects.select_related("team"))
    records, filters = by_month(request, records, "received_date")
    page = page_of(request, records)
    rows = [
        [
            link("qa:feedback_detail", f.form_id, f.pk),
            f.received_date.strftime("%d %b %Y"),
            f.get_source_display(),
            f.team.name if f.team else "",
            f.get_tone_display() or ("Not tagged" if f.comment else "No comment"),
        ]
        for f in page
    ]
    context = {
        "title": "Parent and carer feedback",
        "rows": rows,
        "head": ["Form", "Received", "How", "Team", "Tone"],
        "page": page,
        "filters": filters,
        "query": query_without_page(request),
        "actions": FEEDBACK.list_actions(
            request, "Enter a paper form", "feedback", ("qa:link_list", "Feedback links")
        ),
    }
    return render(request, "qa/list.html", context)


def _save_paper(request: HttpRequest, form: PaperFeedbackForm) -> FeedbackForm:
    record: FeedbackForm = form.save(commit=False)
    form.apply_answers()
    themes = list(form.cleaned_data["themes"])
    trail.save(record, request.user, trail.FORM, also=lambda: record.themes.set(themes))
    return record


def _teams_for(request: HttpRequest, form: PaperFeedbackForm) -> None:
    """The teams this user may choose; a manager must choose one, or the form would leave
    their scope as soon as it was saved."""
    team = form.fields["team"]
    team.queryset = scope(request.user, Team.objects.all(), team_field="code")  # type: ignore[attr-defined]
    if role_of(request.user) == "manager":
        team.required = True
        team_choice(form)


def feedback_add(request: HttpRequest) -> HttpResponse:
    record = FeedbackForm(form_id=new_record_id(FeedbackForm.ID_PREFIX), source=FeedbackForm.PAPER)
    form = PaperFeedbackForm(request.POST or None, instance=record)
    _teams_for(request, form)
    if request.method == "POST" and form.is_valid():
        record = _save_paper(request, form)
        messages.success(request, f"Feedback form {record.form_id} saved")
        return redirect("qa:feedback_detail", record.pk)
    return render(
        request,
        "qa/form.html",
        {"form": form, "title": "Enter a paper feedback form", "back": reverse("qa:feedback_list")},
        status=400 if form.is_bound else 200,
    )


def feedback_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper or imported form in full; an online form's tone and themes only."""
    record: FeedbackForm = scoped_get(request, FeedbackForm, pk)
    back = reverse("qa:feedback_detail", args=[pk])
    if record.source == FeedbackForm.ONLINE:
        tag = FeedbackTagForm(request.POST or None, instance=record)
        if request.method == "POST" and tag.is_valid():
            themes = list(tag.cleaned_data["themes"])
            tag.save(commit=False)
            trail.save(record, request.user, trail.FORM, also=lambda: record.themes.set(themes))
            messages.success(request, "Tone and themes saved")
            return redirect(back)
        form = tag
        title = f"Tag the comment on form {record.form_id}"
    else:
        paper = PaperFeedbackForm(request.POST or None, instance=record)
        _teams_for(request, paper)
        if request.method == "POST" and paper.is_valid():
            _save_paper(request, paper)
            messages.success(request, f"Feedback form {record.form_id} saved")
            return redirect(back)
        form = paper  # type: ignore[assignment]
        title = f"Change feedback form {record.form_id}"
    # An online form's comment is shown above the tags (staff cannot change it); a paper form's is
    # a field of its own.
    shown = record.comment if record.source == FeedbackForm.ONLINE else ""
    context = {"form": form, "title": title, "back": back, "comment": shown}
    return render(request, "qa/form.html", context, status=400 if form.is_bound else 200)


def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record: FeedbackForm = scoped_get(request, FeedbackForm, pk)
    summary = [
        ("Received", record.received_date.strftime("%d %B %Y")),
        ("How", record.get_source_display()),
        ("Team", record.team.name if record.team else "Not recorded"),
        ("Worker id", record.worker_id or "Not recorded"),
        ("Children covered", record.children if record.children is not None else "Not recorded"),
        ("Q1 kept informed, views acknowledged", yes_no(record.q1)),
        ("Q2 supported by the social worker", yes_no(record.q2)),
        ("Q3 treated with respect and courtesy", yes_no(record.q3)),
        ("Q4 in agreement with the outcome", yes_no(record.q4)),
        ("Comment", record.comment or "None"),
        ("Tone", record.get_tone_display() or "Not tagged"),
        ("Themes", ", ".join(record.theme_names()) or "None"),
    ]
    items = FEEDBACK.record_actions(pk, "Tag or change this form", "form")
    return FEEDBACK.detail_page(request, record, summary, items)


feedback_history = FEEDBACK.history
feedback_import = FEEDBACK.import_
feedback_export = FEEDBACK.export
feedback_delete = FEEDBACK.delete
