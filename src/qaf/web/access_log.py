"""Logs without secrets: a one-time link's token in a path, query or referrer is written as
`[redacted]` in gunicorn's access log and Django's own log lines ("Not Found: /qa/feedback/..."),
so whoever reads the server's logs cannot answer a family's form.

A token is any run of 22 or more URL-safe characters between slashes or after `=`: 128 random
bits in base64 take 22 (the issue's minimum); no page name or record id of QAF's is that long."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

SECRET = re.compile(r"(?<=[/=])[A-Za-z0-9_-]{22,}(?=[/?&#\s]|$)")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return SECRET.sub(REDACTED, text)


class RedactingLogger(Logger):
    """gunicorn's logger, with every atom of an access log line redacted."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        found: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in found.items()}


class RedactingFilter(logging.Filter):
    """For Django's log handlers: the formatted message, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True
