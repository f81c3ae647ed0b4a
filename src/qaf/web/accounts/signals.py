"""Stamp the login time in the session: the 12-hour limit counts from it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from qaf.web.policy import stamp_login


@receiver(user_logged_in)
def _stamp(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_login(request.session)
