"""`qaf serve` really starts gunicorn in production settings and answers on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from qaf.web.server import gunicorn_command

# Migrations, static collection and gunicorn's start take a few seconds on a shared machine.
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_qaf_serve_answers_the_health_check_then_stops(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QAF_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env["QAF_DATA_DIR"] = str(tmp_path / "data")
    command = [sys.executable, "-m", "qaf.cli", "serve", f"--bind=127.0.0.1:{port}", "--workers=1"]
    server = subprocess.Popen(
        [*command, "--http"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body, headers = b"", {}
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    body, headers = answer.read(), dict(answer.headers)
                break
            except OSError:
                time.sleep(0.3)
        assert body == b'{"status": "ok"}', server.stdout.read() if server.poll() else "no answer"
        assert headers["Server"] == "gunicorn"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert (tmp_path / "data" / "app.sqlite3").exists()
        assert (tmp_path / "data" / "static" / "staticfiles.json").exists()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_gunicorn_is_refused_no_workers():
    from qaf.errors import QafError

    with pytest.raises(QafError, match="at least 1"):
        gunicorn_command("127.0.0.1:8000", 0)
