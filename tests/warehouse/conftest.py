"""A warehouse URL on each engine, for tests of what a load stores."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from qaf.warehouse.store import Warehouse
from tests.conftest import PG_URL, postgres_backend


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh warehouse: a DuckDB file, or PostgreSQL schemas of their own removed after."""
    if request.param == "duckdb":
        yield f"duckdb://{tmp_path / 'warehouse.duckdb'}"
        return
    probe = postgres_backend()
    if probe is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    probe.disconnect()
    url = f"{PG_URL}?qaf_prefix=t{uuid.uuid4().hex[:10]}"
    yield url
    warehouse = Warehouse(url, create=False)
    for schema in [*warehouse.version_schemas(), warehouse.meta]:
        warehouse.drop_schema(schema)
    warehouse.close()
