"""The service navigation and each role's home page: links, shown only where policy allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from qaf.web.policy import allowed


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    description: str


MENU: tuple[Link, ...] = (
    Link("home", "Home", "What you can do here."),
    Link("reports:list", "Reports", "The published monthly reports, as web pages and PDFs."),
    # --- qa ---
    Link("qa:audit_list", "Case audits", "Record, find and correct case audits."),
    Link("qa:feedback_list", "Feedback", "Parent and carer feedback: family links, paper forms."),
    Link("qa:meeting_list", "Meetings", "Professionals invited to and attending CP meetings."),
    Link("qa:review_list", "Review forms", "Looked-after review monitoring forms."),
    Link("qa:figures", "QA figures", "Sections 2 to 4 of the report from the QA records."),
    Link("qa:lists", "QA lists", "Audit standards, score descriptors and feedback themes."),
    Link("accounts:users", "Users", "Create accounts, set roles and teams, deactivate."),
    Link(
        "accounts:access_log", "Access log", "Who opened child-level pages and exports, and when."
    ),
)


# What each role is here for, first on its home page (ARCHITECTURE.md, "Who uses it").
ROLE_PURPOSE = {
    "analyst": "Load and check the figures, keep the QA records complete, and publish the report.",
    "leader": "Read the published reports and the QA figures for the whole service.",
    "manager": "See the audits, feedback and reviews for your own teams and act on them.",
    "auditor": "Record audits of children's cases against the audit standards.",
    "iru": "Record who came to meetings and how looked-after reviews went.",
    "admin": "Manage accounts, roles and teams, the QA lists, and check the access log.",
}


def links_for(user: Any, path: str = "") -> list[dict[str, Any]]:
    """The menu links this user may follow; `active` marks the one whose section `path` is in
    (an audit's page is under Case audits), the home page only on itself."""
    links = []
    for link in MENU:
        if not allowed(user, link.url_name):
            continue
        href = reverse(link.url_name)
        active = path == href or (href != "/" and path.startswith(href))
        links.append({"href": href, "active": active, **link.__dict__})
    return links


def context(request: HttpRequest) -> dict[str, Any]:
    """Every template's header: the council's name, the service, and the user's links."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "council_name": settings.QAF_COUNCIL_NAME,
        "service_name": settings.QAF_SERVICE_NAME,
        "nav_links": links_for(user, request.path) if signed_in else [],
    }
