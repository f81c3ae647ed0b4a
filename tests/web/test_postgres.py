"""The app database on PostgreSQL by URL: migrations apply and the service's checks pass."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from tests.conftest import PG_URL

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
DATABASE = "qaf_web_test_app"


@pytest.fixture
def app_database(pg_reachable):
    if not pg_reachable:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        con.execute(f"CREATE DATABASE {DATABASE}")
    yield PG_URL.rsplit("/", 1)[0] + f"/{DATABASE}"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def test_migrate_and_check_on_postgres(app_database, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QAF_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env |= {
        "QAF_APP_DATABASE_URL": app_database,
        "QAF_DATA_DIR": str(tmp_path),
        "QAF_SECRET_KEY": secrets.token_urlsafe(50),
    }
    for command in (["migrate", "--noinput"], ["check", "--database", "default"]):
        done = subprocess.run(
            [sys.executable, "-m", "qaf.web.manage", *command],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    import psycopg

    with psycopg.connect(app_database) as con:
        tables = {r[0] for r in con.execute("SELECT tablename FROM pg_tables").fetchall()}
    assert {"accounts_user", "accounts_team", "accounts_accesslog"} <= tables
