"""The project's own pages: each role's home, the health check, the published reports."""

from __future__ import annotations

import re
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from qaf.web.accounts.models import Role
from qaf.web.navigation import ROLE_PURPOSE, links_for
from qaf.web.policy import signed_in

REPORT_CSP = {
    "style-src": [SELF, UNSAFE_INLINE],
    "script-src": [NONE],
    "sandbox": [""],
}
# What `qaf report` writes: qaf-report-2016-09.html and .pdf (nothing else in out/ is served).
REPORT_NAME = re.compile(r"^qaf-report-[A-Za-z0-9._-]+\.(html|pdf)$")


def home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    context = {
        "links": [link for link in links_for(user) if link["url_name"] != "home"],
        "role_label": Role(user.role).label,
        "purpose": ROLE_PURPOSE.get(user.role, ""),
        "teams": [t.name for t in user.teams.all()] if user.role == Role.MANAGER else [],
    }
    return render(request, "web/home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def report_files() -> list[Path]:
    folder: Path = settings.QAF_REPORT_DIR
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and REPORT_NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def reports(request: HttpRequest) -> HttpResponse:
    rows = [
        {"name": p.name, "kind": p.suffix[1:].upper(), "size_kb": max(1, p.stat().st_size // 1024)}
        for p in report_files()
    ]
    return render(request, "web/reports.html", {"reports": rows})


def report_file(request: HttpRequest, name: str) -> FileResponse:
    # Only a name the listing shows: no paths, so nothing outside the report folder is reachable.
    match = {p.name: p for p in report_files()}.get(name)
    if match is None:
        raise Http404("No such report")
    if match.suffix == ".pdf":
        return FileResponse(match.open("rb"), content_type="application/pdf")
    response = FileResponse(match.open("rb"), content_type="text/html; charset=utf-8")
    # The HTML report is one self-contained file: its stylesheet is inline (so it can be mailed or
    # archived whole). Its page alone may use inline style, never script, and runs sandboxed.
    response._csp_replace = REPORT_CSP  # type: ignore[attr-defined]
    return response
