"""The QA records' settings: each read from Django settings, with its default and reason here."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

# How long after recording an audit its auditor may still correct it (issue 10: "within a set
# window"); an admin may edit at any time.
DEFAULT_EDIT_WINDOW_DAYS = 14
# How long a family's one-time feedback link stays open (issue 10: 28 days).
DEFAULT_FEEDBACK_LINK_DAYS = 28
# The largest import file accepted. A month's qaf_audits for a large council is ~1,000 audits of
# 6 standards, about 100 KB; 5 MB leaves room for a year while refusing an accidental upload.
DEFAULT_IMPORT_MAX_BYTES = 5 * 1024 * 1024
# List pages show this many records per page.
PAGE_SIZE = 25


def edit_window() -> dt.timedelta:
    return dt.timedelta(
        days=int(getattr(settings, "QAF_QA_EDIT_WINDOW_DAYS", DEFAULT_EDIT_WINDOW_DAYS))
    )


def feedback_link_life() -> dt.timedelta:
    days = getattr(settings, "QAF_QA_FEEDBACK_LINK_DAYS", DEFAULT_FEEDBACK_LINK_DAYS)
    return dt.timedelta(days=int(days))


def import_max_bytes() -> int:
    return int(getattr(settings, "QAF_QA_IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES))
