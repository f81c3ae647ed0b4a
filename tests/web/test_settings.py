"""Settings from the environment: database URLs, the generated secret key, check --deploy."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys

import pytest

from qaf.errors import QafError
from qaf.web.settings import database, secret_key


def test_a_sqlite_url_names_a_file(tmp_path):
    entry = database(f"sqlite:///{tmp_path}/app.sqlite3")
    assert entry["ENGINE"] == "django.db.backends.sqlite3"
    assert entry["NAME"] == str(tmp_path / "app.sqlite3")
    assert entry["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_gives_each_part():
    entry = database("postgres://qaf:p%40ss@db.example.org:5433/qaf_app")
    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["USER"], entry["PASSWORD"], entry["HOST"], entry["PORT"], entry["NAME"]) == (
        "qaf",
        "p@ss",
        "db.example.org",
        "5433",
        "qaf_app",
    )


@pytest.mark.parametrize("url", ["mysql://x@y/z", "sqlite://", "app.sqlite3"])
def test_a_database_url_qaf_cannot_use_is_a_clean_error(url):
    with pytest.raises(QafError, match="QAF_APP_DATABASE_URL"):
        database(url)


def test_the_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("QAF_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50 and secret_key(tmp_path) == first
    mode = stat.S_IMODE((tmp_path / "web-secret-key").stat().st_mode)
    assert mode == 0o600
    monkeypatch.setenv("QAF_SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"


def production_env(tmp_path) -> dict[str, str]:
    # Nothing of the test run's own: no QAF_ settings, and not the browser tests' async switch.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QAF_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **env,
        "QAF_WEB_DEBUG": "0",
        "QAF_SECRET_KEY": secrets.token_urlsafe(50),
        "QAF_ALLOWED_HOSTS": "qaf.example.org",
        "QAF_DATA_DIR": str(tmp_path),
    }


def test_check_deploy_with_production_settings_gives_no_warning(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "qaf.web.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues (0 silenced)" in done.stdout
