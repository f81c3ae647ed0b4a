"""The QA-records Django app."""

from __future__ import annotations

from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qaf.web.qa"
    label = "qa"
    verbose_name = "QA records"
    default_auto_field = "django.db.models.BigAutoField"
