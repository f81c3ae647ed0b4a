"""The QA records' settings. Each is a Django setting of the same name if the project defines one,
else the environment variable (as the web service's other settings, docs/web.md), else its default
with its reason here."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings

from qaf.errors import QafError

# How long after recording an audit its auditor may still correct it (issue 10: "within a set
# window"); an admin may edit at any time.
EDIT_WINDOW_DAYS = "QAF_QA_EDIT_WINDOW_DAYS", 14
# How long a family's one-time feedback link stays open (issue 10: 28 days).
FEEDBACK_LINK_DAYS = "QAF_QA_FEEDBACK_LINK_DAYS", 28
# The largest import file accepted. A month's qaf_audits for a large council is ~1,000 audits of
# 6 standards, about 100 KB; 5 MB leaves room for a few years while refusing an accidental upload.
IMPORT_MAX_BYTES = "QAF_QA_IMPORT_MAX_BYTES", 5 * 1024 * 1024
# List pages show this many records per page.
PAGE_SIZE = 25


def whole_number(setting: tuple[str, int]) -> int:
    name, default = setting
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "").strip() or default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QafError(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise QafError(f"{name} must be 1 or more, not {number}")
    return number


def edit_window() -> dt.timedelta:
    return dt.timedelta(days=whole_number(EDIT_WINDOW_DAYS))


def feedback_link_life() -> dt.timedelta:
    return dt.timedelta(days=whole_number(FEEDBACK_LINK_DAYS))


def import_max_bytes() -> int:
    return whole_number(IMPORT_MAX_BYTES)
