"""Shared fixtures: the two engines every hand-worked case runs on."""

from __future__ import annotations

import os
from collections.abc import Iterator

import ibis
import pytest
from hypothesis import settings
from ibis.backends import BaseBackend

# CI runs the same examples every time, so a red build is reproducible; locally Hypothesis explores.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

PG_URL = os.environ.get("QAF_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")


def postgres_backend() -> BaseBackend | None:
    try:
        return ibis.connect(PG_URL)
    except Exception:
        return None


@pytest.fixture(scope="session")
def duckdb_backend() -> Iterator[BaseBackend]:
    con = ibis.duckdb.connect()
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def pg_reachable() -> bool:
    probe = postgres_backend()
    if probe is None:
        return False
    probe.disconnect()
    return True


@pytest.fixture
def pg_backend(pg_reachable: bool) -> Iterator[BaseBackend]:
    # A connection per test: ibis keeps every memtable as a temporary table until its session ends,
    # and one session holding thousands of them exhausts PostgreSQL's lock table when it closes
    # (max_locks_per_transaction), leaving orphans that break the next session in that slot.
    if not pg_reachable:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    con = postgres_backend()
    if con is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session's page tests (skipped, with the reason, if absent)."""
    from tests import browser as real_browser

    reason = real_browser.missing()
    if reason:
        pytest.skip(reason)
    with real_browser.chromium() as launched:
        yield launched


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> BaseBackend:
    """Each test using this runs once on DuckDB and once on PostgreSQL."""
    name = "duckdb_backend" if request.param == "duckdb" else "pg_backend"
    return request.getfixturevalue(name)
