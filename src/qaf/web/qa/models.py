"""QA records as the app keeps them: case audits, feedback forms and links, IRU monitoring, and the
trail of every change to them. Field names follow the qaf_ tables of interfaces.md where they meet.

Each record has `RECORD_TYPE` (its name in the trail) and `snapshot()`: its fields as text, the
trail's before and after (qa/trail.py)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from qaf.warehouse.codes import AUDIT_CASE_TYPE, FEEDBACK_TONE, MEETING_TYPE

CASE_TYPE_CHOICES = tuple(AUDIT_CASE_TYPE.codes.items())
TONE_CHOICES = tuple(FEEDBACK_TONE.codes.items())
MEETING_TYPE_CHOICES = tuple(MEETING_TYPE.codes.items())
NOT_APPLICABLE = "NA"
SCORES = ("1", "2", "3", "4", "5")
SCORE_CHOICES = (*((s, s) for s in SCORES), (NOT_APPLICABLE, "Not applicable"))
TEAM = "accounts.Team"


def new_record_id(prefix: str) -> str:
    """An id for a record made in the app (imported records keep the id they came with)."""
    return f"{prefix}-{secrets.token_hex(5).upper()}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class AuditStandard(models.Model):
    """One standard a case audit scores (the seed's 1a to 6 by default)."""

    RECORD_TYPE = "audit standard"

    code = models.CharField(max_length=16, unique=True, help_text="as in qaf_audits.standard")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="offered on new audits")

    class Meta:
        ordering = ("position", "code")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def snapshot(self) -> dict[str, str]:
        return {
            "code": self.code,
            "title": self.title,
            "position": _text(self.position),
            "active": _text(self.active),
        }


class ScoreLevel(models.Model):
    """What each score 1 to 5 means (the seed's descriptors), shown beside each choice."""

    RECORD_TYPE = "score descriptor"

    score = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    descriptor = models.CharField(max_length=200)

    class Meta:
        ordering = ("score",)

    def __str__(self) -> str:
        return f"{self.score}: {self.descriptor}"

    def snapshot(self) -> dict[str, str]:
        return {"score": _text(self.score), "descriptor": self.descriptor}


class CaseAudit(models.Model):
    RECORD_TYPE = "audit"
    ID_PREFIX = "AUD"

    audit_id = models.CharField(max_length=64, unique=True)
    case_type = models.CharField(max_length=16, choices=CASE_TYPE_CHOICES)
    child_id = models.CharField("child id", max_length=64, blank=True)
    team = models.ForeignKey(
        TEAM, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker_id = models.CharField("worker id", max_length=64, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The auditor as an import named them, when no account has that user name.
    auditor_name = models.CharField(max_length=150, blank=True)
    audit_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-audit_date", "-id")

    def __str__(self) -> str:
        return self.audit_id

    @property
    def auditor_label(self) -> str:
        return self.auditor.get_username() if self.auditor else self.auditor_name

    def snapshot(self) -> dict[str, str]:
        fields = {
            "audit_id": self.audit_id,
            "case_type": self.case_type,
            "child_id": self.child_id,
            "team": _text(self.team_id),
            "worker_id": self.worker_id,
            "auditor": self.auditor_label,
            "audit_date": _text(self.audit_date),
        }
        if self.pk:
            for score in self.scores.select_related("standard"):
                fields[f"score {score.standard.code}"] = score.score
        return fields


class AuditScore(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="scores")
    standard = models.ForeignKey(AuditStandard, on_delete=models.PROTECT, related_name="+")
    score = models.CharField(max_length=2, choices=SCORE_CHOICES)

    class Meta:
        ordering = ("standard__position", "standard__code")
        constraints = [
            models.UniqueConstraint(fields=("audit", "standard"), name="qa_one_score_per_standard")
        ]


class FeedbackTheme(models.Model):
    """A theme a comment may be tagged with (a fixed list, editable by an admin)."""

    RECORD_TYPE = "feedback theme"

    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict[str, str]:
        return {"name": self.name, "position": _text(self.position), "active": _text(self.active)}


class FeedbackForm(models.Model):
    RECORD_TYPE = "feedback"
    ID_PREFIX = "FB"
    ONLINE, PAPER, IMPORTED = "online", "paper", "import"
    SOURCES = ((ONLINE, "Online link"), (PAPER, "Paper form"), (IMPORTED, "Imported"))

    form_id = models.CharField(max_length=64, unique=True)
    received_date = models.DateField()
    team = models.ForeignKey(
        TEAM, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker_id = models.CharField("worker id", max_length=64, blank=True)
    children = models.PositiveSmallIntegerField(null=True, blank=True)
    # None: the question was not answered.
    q1 = models.BooleanField(null=True, blank=True)
    q2 = models.BooleanField(null=True, blank=True)
    q3 = models.BooleanField(null=True, blank=True)
    q4 = models.BooleanField(null=True, blank=True)
    comment = models.TextField(blank=True)
    tone = models.CharField(max_length=16, choices=TONE_CHOICES, blank=True)
    themes = models.ManyToManyField(FeedbackTheme, blank=True, related_name="+")
    source = models.CharField(max_length=8, choices=SOURCES, default=PAPER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-received_date", "-id")

    def __str__(self) -> str:
        return self.form_id

    def theme_names(self) -> list[str]:
        return [t.name for t in self.themes.all()] if self.pk else []

    def snapshot(self) -> dict[str, str]:
        return {
            "form_id": self.form_id,
            "received_date": _text(self.received_date),
            "team": _text(self.team_id),
            "worker_id": self.worker_id,
            "children": _text(self.children),
            "q1": _text(self.q1),
            "q2": _text(self.q2),
            "q3": _text(self.q3),
            "q4": _text(self.q4),
            "comment": self.comment,
            "tone": self.tone,
            "themes": "; ".join(self.theme_names()),
            "source": self.source,
        }


class FeedbackLink(models.Model):
    """A family's one-time link. Only the token's SHA-256 is kept: the token itself is shown to
    staff once, and a copy of this table cannot be used to answer in a family's name."""

    RECORD_TYPE = "feedback link"

    token_hash = models.CharField(max_length=64, unique=True)
    team = models.ForeignKey(TEAM, on_delete=models.PROTECT, related_name="+")
    case_ref = models.CharField("case reference", max_length=64)
    worker_id = models.CharField("worker id", max_length=64, blank=True)
    children = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    form = models.OneToOneField(
        FeedbackForm, null=True, blank=True, on_delete=models.SET_NULL, related_name="link"
    )

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"link {self.pk}"

    def snapshot(self) -> dict[str, str]:
        return {
            "team": _text(self.team_id),
            "case_ref": self.case_ref,
            "worker_id": self.worker_id,
            "children": _text(self.children),
            "expires_at": _text(self.expires_at),
            "used_at": _text(self.used_at),
            "form": self.form.form_id if self.form else "",
        }


class Meeting(models.Model):
    """A child protection meeting and the professionals invited to it and attending, per group
    (qaf_iru_meetings holds one row per meeting and group)."""

    RECORD_TYPE = "meeting"
    ID_PREFIX = "MTG"

    meeting_id = models.CharField(max_length=64, unique=True)
    meeting_type = models.CharField(max_length=16, choices=MEETING_TYPE_CHOICES)
    meeting_date = models.DateField()
    child_id = models.CharField("child id", max_length=64, blank=True)
    team = models.ForeignKey(
        TEAM, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    health_invited = models.PositiveSmallIntegerField(null=True, blank=True)
    health_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    other_invited = models.PositiveSmallIntegerField(null=True, blank=True)
    other_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-meeting_date", "-id")

    def __str__(self) -> str:
        return self.meeting_id

    def snapshot(self) -> dict[str, str]:
        return {
            "meeting_id": self.meeting_id,
            "meeting_type": self.meeting_type,
            "meeting_date": _text(self.meeting_date),
            "child_id": self.child_id,
            "team": _text(self.team_id),
            "health_invited": _text(self.health_invited),
            "health_attended": _text(self.health_attended),
            "other_invited": _text(self.other_invited),
            "other_attended": _text(self.other_attended),
        }


class ReviewForm(models.Model):
    """A looked-after review's monitoring form."""

    RECORD_TYPE = "review form"
    ID_PREFIX = "REV"

    form_id = models.CharField(max_length=64, unique=True)
    review_date = models.DateField()
    child_id = models.CharField("child id", max_length=64, blank=True)
    team = models.ForeignKey(
        TEAM, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # None: not recorded on the form.
    report_on_time = models.BooleanField(null=True, blank=True)
    sw_changes = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-review_date", "-id")

    def __str__(self) -> str:
        return self.form_id

    def snapshot(self) -> dict[str, str]:
        return {
            "form_id": self.form_id,
            "review_date": _text(self.review_date),
            "child_id": self.child_id,
            "team": _text(self.team_id),
            "report_on_time": _text(self.report_on_time),
            "sw_changes": _text(self.sw_changes),
        }


class Change(models.Model):
    """One create, update or delete of a QA record: who, when, which record, what changed."""

    CREATE, UPDATE, DELETE = "create", "update", "delete"
    ACTIONS = ((CREATE, "Created"), (UPDATE, "Changed"), (DELETE, "Deleted"))

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written so the trail still names a person whose account is later removed.
    username = models.CharField(max_length=150, blank=True)
    record_type = models.CharField(max_length=32)
    record_pk = models.BigIntegerField()
    record_label = models.CharField(max_length=64)
    action = models.CharField(max_length=8, choices=ACTIONS)
    via = models.CharField(max_length=16, help_text="form, import, link or admin")
    # field -> [before, after]
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("record_type", "record_pk"), name="qa_change_record")]

    def __str__(self) -> str:
        return f"{self.action} {self.record_type} {self.record_label}"
