"""gunicorn's access log never holds a one-time link's token."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from types import SimpleNamespace

from gunicorn.config import Config

from qaf.web.access_log import RedactingFilter, RedactingLogger, redact


def test_a_token_in_a_path_query_or_referrer_is_redacted():
    token = secrets.token_urlsafe(16)  # 128 bits: 22 characters, the shortest allowed
    assert redact(f"GET /qa/feedback/{token}/ HTTP/1.1") == "GET /qa/feedback/[redacted]/ HTTP/1.1"
    assert redact(f"/x?t={token}&a=1") == "/x?t=[redacted]&a=1"
    assert redact(f"https://qaf.example/qa/feedback/{token}") == (
        "https://qaf.example/qa/feedback/[redacted]"
    )


def test_ordinary_paths_are_kept():
    for path in ("/qa/audits/123/edit/", "/reports/qaf-report-2016-09.html", "/sign-in/?next=/qa/"):
        assert redact(path) == path


def test_the_logger_redacts_every_atom():
    token = secrets.token_urlsafe(32)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/qa/feedback/{token}/",
        "PATH_INFO": f"/qa/feedback/{token}/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"http://x/qa/feedback/{token}/",
    }
    request = SimpleNamespace(headers=[("REFERER", f"http://x/qa/feedback/{token}/")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = RedactingLogger(Config()).atoms(response, request, environ, dt.timedelta(seconds=1))
    assert not any(token in str(v) for v in atoms.values())
    assert atoms["U"] == "/qa/feedback/[redacted]/"


def test_django_log_lines_are_redacted_too():
    token = secrets.token_urlsafe(32)
    path = f"/qa/feedback/{token}/"
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", (path,), None
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "Not Found: /qa/feedback/[redacted]/"
