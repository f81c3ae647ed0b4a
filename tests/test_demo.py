"""`qaf demo` as a new user runs it: every file written, then the web service answering with the
synthetic council's QA records and one account per role."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCALE = "0.05"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QAF_WAREHOUSE_URL": f"duckdb:///{tmp}/warehouse.duckdb",
        "QAF_DATA_DIR": str(tmp / "data"),
        "QAF_APP_DATABASE_URL": f"sqlite:///{tmp}/app.sqlite3",
        "QAF_WEB_REPORT_DIR": str(tmp / "out"),
    }


def test_demo_writes_the_indicators_and_the_report_then_serves(tmp_path):
    port = _free_port()
    (tmp_path / "data").mkdir()
    cmd = [
        sys.executable,
        "-m",
        "qaf.cli",
        "demo",
        "--scale",
        SCALE,
        "--out",
        str(tmp_path / "out"),
    ]
    proc = subprocess.Popen(
        [*cmd, "--bind", f"127.0.0.1:{port}"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Listening at" in line or "Serving on" in line:
                break
        text = "".join(lines)
        assert proc.poll() is None, text
        for name in ("qaf-indicators-2016-09.json", "qaf-indicators-2016-09.csv"):
            assert (tmp_path / "out" / name).stat().st_size > 0
        for name in ("qaf-report-2016-09.html", "qaf-report-2016-09.pdf"):
            assert (tmp_path / "out" / name).stat().st_size > 0
        roles = re.findall(r"demo-(\w+)\s+\S+\s+\((\w+)\)", text)
        assert {r for _, r in roles} == {"analyst", "leader", "manager", "auditor", "iru", "admin"}
        assert re.search(r"qaf_audits\S*: [1-9]\d* records imported", text), text
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/") as page:
                    assert page.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the web service did not answer on port {port}:\n{text}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
