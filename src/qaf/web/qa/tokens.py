"""One-time feedback links. The token is 32 random bytes (256 bits) from `secrets`, shown to staff
once; only its SHA-256 is stored. A plain hash suffices (no slow password hash): a token this long
cannot be guessed or brute-forced, so the hash only stops a copy of the database being used."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from qaf.web.qa import conf, trail
from qaf.web.qa.models import FeedbackForm, FeedbackLink, new_record_id

TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_link(user: Any, team: Any, case_ref: str, worker_id: str, children: int | None) -> str:
    """A new link's token (to give the family); the link is kept by its hash alone."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = FeedbackLink(
        token_hash=hash_token(token),
        team=team,
        case_ref=case_ref,
        worker_id=worker_id,
        children=children,
        created_by=user,
        expires_at=timezone.now() + conf.feedback_link_life(),
    )
    trail.save(link, user, trail.FORM)
    return token


def open_link(token: str) -> FeedbackLink | None:
    """The link if the token is one, unused and unexpired; None for any other token, alike."""
    if not token or len(token) > 2 * TOKEN_BYTES:
        return None
    link = FeedbackLink.objects.filter(token_hash=hash_token(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def answer(token: str, answers: dict[str, Any]) -> FeedbackForm | None:
    """Record the family's answers and close the link, once: of two answers sent at the same
    moment, only the first to close the link is kept. None when the link cannot be used."""
    now = timezone.now()
    with transaction.atomic():
        closed = FeedbackLink.objects.filter(
            token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if closed != 1:
            return None
        link = FeedbackLink.objects.select_related("team").get(token_hash=hash_token(token))
        form = FeedbackForm(
            form_id=new_record_id(FeedbackForm.ID_PREFIX),
            received_date=timezone.localdate(),
            team=link.team,
            worker_id=link.worker_id,
            children=link.children,
            comment=(answers.get("comment") or "").strip(),
            source=FeedbackForm.ONLINE,
            **{q: answers.get(q) for q in ("q1", "q2", "q3", "q4")},
        )
        trail.save(form, None, trail.LINK)
        link.form = form
        link.save(update_fields=["form"])
        return form
