"""The same versioned round trip on PostgreSQL, in schemas of its own that are removed after."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from ibis.backends import BaseBackend

from qaf.config import Settings
from qaf.warehouse import list_versions, load_folder, open_source, rollback
from qaf.warehouse.store import Warehouse
from tests.conftest import PG_URL
from tests.warehouse.folders import PEOPLE, valid_rows, write

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_backend: BaseBackend) -> Iterator[str]:
    prefix = f"t{uuid.uuid4().hex[:10]}"
    url = f"{PG_URL}?qaf_prefix={prefix}"
    yield url
    warehouse = Warehouse(url, create=False)
    schemas = [*warehouse.version_schemas(), warehouse.meta]
    for schema in schemas:
        warehouse.drop_schema(schema)
    warehouse.close()


def test_postgres_round_trip(tmp_path: Path, pg_url: str) -> None:
    rows = valid_rows()
    rows["ssd_person"][0]["pers_death_date"] = "30/09/2016"
    rows["ssd_cin_episodes"][1]["cine_referral_outcome_json"] = "{NFA_FLAG: Y, NOTE: it's}"
    rows["ssd_cin_episodes"][2]["cine_referral_team"] = 'Team "North", East'
    first = load_folder(write(tmp_path / "a", rows), pg_url, Settings(), progress=False)
    assert first.status == "loaded", first.message
    source = open_source(pg_url)
    assert source.data_version == first.data_version
    people = source.execute(source.table("ssd_person").order_by("pers_person_id"))
    assert len(people) == PEOPLE
    death = people.set_index("pers_person_id").loc["P0", "pers_death_date"]
    assert pd.Timestamp(death).date() == dt.date(2016, 9, 30)
    episodes = source.execute(source.table("ssd_cin_episodes")).set_index("cine_referral_id")
    assert episodes.loc["R1", "cine_referral_outcome_json"] == '{"NFA_FLAG":"Y","NOTE":"it\'s"}'
    assert episodes.loc["R2", "cine_referral_team"] == 'Team "North", East'
    assert (
        episodes.loc["R0", "cine_referral_nfa"] is False
        or not episodes.loc["R0", "cine_referral_nfa"]
    )
    assert episodes["cine_referral_worker_id"].isna().all()
    assert int(source.execute(source.table("ssd_cp_plans").count())) == 0
    source.backend.disconnect()

    assert load_folder(tmp_path / "a", pg_url, Settings(), progress=False).status == "unchanged"
    for n in range(2, 5):
        load_folder(
            write(tmp_path / f"f{n}", valid_rows(PEOPLE + n)), pg_url, Settings(), progress=False
        )
    assert [v.version for v in list_versions(pg_url)] == [2, 3, 4]
    rollback(pg_url, 2)
    source = open_source(pg_url)
    assert int(source.execute(source.table("ssd_person").count())) == PEOPLE + 2
    source.backend.disconnect()

    bad = valid_rows()
    del bad["ssd_cin_episodes"]
    assert load_folder(write(tmp_path / "bad", bad), pg_url, Settings(), progress=False).rejected
    assert open_source(pg_url).data_version.startswith("v2:")
