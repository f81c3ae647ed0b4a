"""Users, roles, teams and the access log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ANALYST = "analyst", "Performance analyst"
    LEADER = "leader", "Senior leader"
    MANAGER = "manager", "Team manager"
    AUDITOR = "auditor", "Case auditor"
    IRU = "iru", "Independent Reviewing Unit"
    ADMIN = "admin", "Administrator"


class Team(models.Model):
    """A team of the council's structure (qaf_teams): its code is the warehouse's team_id."""

    code = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200)
    area = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff: one role decides what they may do; a manager sees only their teams."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ANALYST)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")

    def team_codes(self) -> list[str]:
        return sorted(self.teams.values_list("code", flat=True))


class AccessLog(models.Model):
    """One request to a child-level page or an export: who, when, which page, the answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    url_name = models.CharField(max_length=200)
    path = models.CharField(max_length=2000)
    method = models.CharField(max_length=10)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.path} {self.status}"
