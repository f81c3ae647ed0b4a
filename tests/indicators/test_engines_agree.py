"""The whole catalogue on a synthetic council gives the same long table on DuckDB and PostgreSQL.

Hand-worked cases pin each definition on a few rows; this checks that nothing engine-specific creeps
in at volume (ties, null ordering, date arithmetic, regular expressions)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from ibis.backends import BaseBackend

from qaf import synth
from qaf.config import Settings
from qaf.indicators.compute import compute
from qaf.indicators.months import Month
from qaf.warehouse import load_folder, open_source
from qaf.warehouse.store import Warehouse
from tests.conftest import PG_URL

pytestmark = pytest.mark.postgres

MONTH = Month.parse("2016-09")


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("council")
    synth.write_folder(folder, seed=3, scale=0.1, progress=False)
    return folder


@pytest.fixture
def warehouses(council: Path, tmp_path: Path, pg_backend: BaseBackend) -> Iterator[tuple[str, str]]:
    duck = f"duckdb://{tmp_path / 'w.duckdb'}"
    pg = f"{PG_URL}?qaf_prefix=t{uuid.uuid4().hex[:10]}"
    for url in (duck, pg):
        assert load_folder(council, url, Settings(), progress=False).status == "loaded"
    yield duck, pg
    warehouse = Warehouse(pg, create=False)
    for schema in [*warehouse.version_schemas(), warehouse.meta]:
        warehouse.drop_schema(schema)
    warehouse.close()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator_id", "month", "kind", "dimension", "key"]
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


def test_duckdb_and_postgres_agree_on_every_indicator(warehouses: tuple[str, str]) -> None:
    duck_url, pg_url = warehouses
    results = []
    for url in (duck_url, pg_url):
        source = open_source(url)
        results.append(_sorted(compute(source, MONTH, Settings())))
        source.backend.disconnect()
    duck, pg = results
    assert len(duck) > 1000
    pd.testing.assert_frame_equal(duck, pg, check_exact=False, rtol=1e-9)
