"""Enforces qaf.web.rules: deny by default, roles, team scope, session limits and the access log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from qaf.web.accounts.models import AccessLog, User
from qaf.web.rules import Rule, rule_for

log = logging.getLogger(__name__)
M = TypeVar("M", bound=Model)
# No page needs the camera, microphone, location or payment: say so, so nothing embedded can ask.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
LOGIN_AT = "qaf_login_at"
SEEN_AT = "qaf_seen_at"


def role_of(user: Any) -> str | None:
    """The signed-in, active user's role, or None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    role: str | None = getattr(user, "role", None)
    return role


def allowed(user: Any, url_name: str) -> bool:
    """Whether this user may open the page named `url_name` (for menus and links)."""
    rule = rule_for(url_name)
    if rule is None:
        return False
    if rule.public:
        return True
    return role_of(user) in rule.roles


def scope(user: Any, queryset: QuerySet[M], team_field: str = "team") -> QuerySet[M]:
    """The records this user may see: a manager only their own teams', others all, no role none."""
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role == "manager":
        return queryset.filter(**{f"{team_field}__in": user.team_codes()})
    return queryset


def signed_in(request: HttpRequest) -> User:
    """The request's user, for a view the policy only lets signed-in staff reach."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def stamp_login(session: Any) -> None:
    now = timezone.now().isoformat()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def _why_expired(session: Any, now: datetime) -> str | None:
    """Why this session must end now, or None while it may go on."""
    try:
        login_at = datetime.fromisoformat(session[LOGIN_AT])
        seen_at = datetime.fromisoformat(session[SEEN_AT])
    except (KeyError, TypeError, ValueError):
        return "Please sign in again."  # a session without the stamps predates them
    idle: timedelta = settings.SESSION_IDLE_LIMIT
    absolute: timedelta = settings.SESSION_ABSOLUTE_LIMIT
    if now - login_at > absolute:
        return f"You were signed out {_duration(absolute)} after signing in. Sign in again."
    if now - seen_at > idle:
        return f"You were signed out after {_duration(idle)} without activity. Sign in again."
    return None


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} hours" if minutes % 60 == 0 else f"{minutes} minutes"


class SessionLimitMiddleware:
    """Ends a session 30 minutes after its last request or 12 hours after sign-in, whichever first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            why = _why_expired(request.session, now)
            if why:
                logout(request)
                messages.info(request, why)
            else:
                request.session[SEEN_AT] = now.isoformat()
        return self.get_response(request)


class PolicyMiddleware:
    """Deny by default: a page runs only if RULES names it and the user's role is in its rule."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            # Pages about children must not stay in a shared computer's cache after sign-out.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        rule: Rule | None = getattr(request, "qaf_rule", None)
        if rule is not None and (rule.child_level or rule.export) and request.user.is_authenticated:
            self._log(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        url_name = match.view_name if match else None
        rule = rule_for(url_name)
        if rule is None:
            log.warning(
                "refused %s: URL name %r has no rule in qaf.web.rules", request.path, url_name
            )
            raise PermissionDenied("This page has no access rule.")
        request.qaf_rule = rule  # type: ignore[attr-defined]
        if rule.public:
            return None
        if role_of(request.user) is None:
            return redirect_to_login(request.get_full_path())
        if role_of(request.user) not in rule.roles:
            raise PermissionDenied("Your role does not allow this page.")
        return None

    def _log(self, request: HttpRequest, response: HttpResponse) -> None:
        match = request.resolver_match
        AccessLog.objects.create(
            user=signed_in(request),
            username=request.user.get_username(),
            url_name=match.view_name if match else "",
            path=request.get_full_path()[:2000],
            method=request.method or "",
            status=response.status_code,
        )
