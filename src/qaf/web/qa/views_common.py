"""What every QA record's pages share: paging, the history page, import, export and delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html

from qaf.web.policy import allowed, scope
from qaf.web.qa import conf, exports, trail
from qaf.web.qa.forms import ImportForm
from qaf.web.qa.imports import ImportRefused, import_file


class MonthFilter(forms.Form):
    month = forms.DateField(
        input_formats=["%Y-%m"],
        required=False,
        label="Month",
        help_text="For example 2016-09",
        error_messages={"invalid": "Enter a month as year and month, for example 2016-09"},
    )


def by_month(
    request: HttpRequest, records: QuerySet[Any], date_field: str
) -> tuple[QuerySet[Any], MonthFilter]:
    """The records dated in the month the list was asked for (all when none is)."""
    filters = MonthFilter(request.GET or None)
    if filters.is_valid() and filters.cleaned_data["month"]:
        month = filters.cleaned_data["month"]
        records = records.filter(
            **{f"{date_field}__year": month.year, f"{date_field}__month": month.month}
        )
    return records, filters


def page_of(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, conf.PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The list's filters as a query string, for the paging links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def link(url_name: str, text: str, *args: Any) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', reverse(url_name, args=args), text)


def yes_no(value: bool | None, blank: str = "Not answered") -> str:
    return blank if value is None else ("Yes" if value else "No")


def scoped_get(request: HttpRequest, model: type[Model], pk: int) -> Any:
    """The record if this user's scope holds it; 404 otherwise (outside a manager's teams alike)."""
    return get_object_or_404(scope(request.user, model._default_manager.all()), pk=pk)


def history_page(request: HttpRequest, record: Any, back: str, title: str) -> HttpResponse:
    entries = [
        {
            "at": change.at,
            "who": change.username
            or ("A family (online link)" if change.via == trail.LINK else ""),
            "action": change.get_action_display(),
            "via": change.via,
            "changes": [(name, pair[0], pair[1]) for name, pair in change.changes.items()],
        }
        for change in trail.history(record)
    ]
    return render(
        request,
        "qa/history.html",
        {"record": record, "entries": entries, "back": back, "title": title},
    )


def export_response(table: str, rows: Iterable[dict[str, Any]]) -> HttpResponse:
    stamp = dt.date.today().isoformat()
    response = HttpResponse(exports.csv_text(table, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}-{stamp}.csv"'
    return response


def import_page(request: HttpRequest, table: str, title: str, back: str) -> HttpResponse:
    """Upload a qaf_ file: imported whole, or refused whole with each problem's row and column."""
    form = ImportForm(request.POST or None, request.FILES or None)
    refused: ImportRefused | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > conf.import_max_bytes():
            refused = ImportRefused(
                f"{upload.name} is {upload.size / 1e6:.1f} MB; the largest file accepted is "
                f"{conf.import_max_bytes() / 1e6:.1f} MB"
            )
        else:
            try:
                outcome = import_file(table, upload.name, upload.read(), request.user)
            except ImportRefused as exc:
                refused = exc
            else:
                messages.success(request, outcome.message(upload.name))
                return redirect(back)
    status = 400 if refused else 200
    context = {"form": form, "refused": refused, "title": title, "table": table, "back": back}
    return render(request, "qa/import.html", context, status=status)


def delete_page(request: HttpRequest, record: Any, title: str, done: str) -> HttpResponse:
    if request.method == "POST":
        trail.delete(record, request.user, trail.FORM)
        messages.success(request, f"{title} deleted; the history keeps what it held")
        return redirect(done)
    return render(request, "qa/delete.html", {"record": record, "title": title, "back": done})


def actions(
    request: HttpRequest, items: Iterable[tuple[str, str, tuple[Any, ...]]]
) -> list[dict[str, str]]:
    """Links to the pages this user may open: (url name, text, args)."""
    return [
        {"href": reverse(name, args=args), "text": text}
        for name, text, args in items
        if allowed(request.user, name)
    ]


class RecordPages:
    """The pages every kind of QA record has alike (history, import, export, delete, the list's
    actions), named `qa:<name>_<page>`; each kind's module binds them to its URL names."""

    def __init__(
        self,
        model: type[Model],
        name: str,
        noun: str,
        id_field: str,
        table: str,
        rows: Callable[[QuerySet[Any]], Iterable[dict[str, Any]]],
        import_title: str,
    ) -> None:
        self.model, self.name, self.noun, self.id_field = model, name, noun, id_field
        self.table, self.rows, self.import_title = table, rows, import_title

    def url(self, page: str) -> str:
        return f"qa:{self.name}_{page}"

    def title(self, record: Any) -> str:
        """The record as its pages name it, for example "Review form IRU-R-0001"."""
        return f"{self.noun.capitalize()} {getattr(record, self.id_field)}"

    def list_actions(
        self, request: HttpRequest, add_text: str, plural: str, *more: tuple[str, str]
    ) -> list[dict[str, str]]:
        """Add, then any more (url name, text), then import and export."""
        items = [
            (self.url("add"), add_text, ()),
            *((name, text, ()) for name, text in more),
            (self.url("import"), f"Import {plural}", ()),
            (self.url("export"), f"Export {plural} ({self.table} CSV)", ()),
        ]
        return actions(request, items)

    def record_actions(
        self, pk: int, change_text: str, what: str
    ) -> list[tuple[str, str, tuple[Any, ...]]]:
        """A detail page's links: change, history, delete ("Delete this <what>")."""
        return [
            (self.url("edit"), change_text, (pk,)),
            (self.url("history"), "History of changes", (pk,)),
            (self.url("delete"), f"Delete this {what}", (pk,)),
        ]

    def detail_page(
        self,
        request: HttpRequest,
        record: Any,
        summary: list[tuple[str, Any]],
        items: list[tuple[str, str, tuple[Any, ...]]],
        **extra: Any,
    ) -> HttpResponse:
        context = {
            "title": self.title(record),
            "summary": summary,
            "actions": actions(request, items),
            "back": reverse(self.url("list")),
            **extra,
        }
        return render(request, "qa/detail.html", context)

    def history(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = scoped_get(request, self.model, pk)
        back = reverse(self.url("detail"), args=[pk])
        return history_page(request, record, back, f"History of {self.noun} {self._id(record)}")

    def import_(self, request: HttpRequest) -> HttpResponse:
        return import_page(request, self.table, self.import_title, reverse(self.url("list")))

    def export(self, request: HttpRequest) -> HttpResponse:
        records = scope(request.user, self.model._default_manager.all())
        return export_response(self.table, self.rows(records))

    def delete(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = scoped_get(request, self.model, pk)
        return delete_page(request, record, self.title(record), reverse(self.url("list")))

    def _id(self, record: Any) -> str:
        return str(getattr(record, self.id_field))
