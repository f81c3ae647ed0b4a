"""Issue 7's "done when": a folder written exactly as the SSD's Liquidlogic SQL writes it (column
order, descriptions, concatenated JSON, open-end dates; tests/warehouse/liquidlogic.py) loads with
nothing lost and gives the same `qaf indicators` figures as the same records in DfE codes, on
DuckDB and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from qaf import synth
from qaf.config import Settings
from qaf.indicators.compute import compute_all
from qaf.indicators.months import Month
from qaf.indicators.output import to_json
from qaf.warehouse import load_folder, open_source
from qaf.warehouse.report import LoadReport
from qaf.warehouse.store import Warehouse
from tests.conftest import PG_URL
from tests.warehouse import liquidlogic

SCALE = 0.05  # ~20,000 rows: every table has rows, and a load takes a second or two
MONTH = Month.parse("2016-09")
DESCRIBED, PLACEHOLDER, REPAIRED = "code_from_description", "date_placeholder", "json_repaired"
# What the load report must list for the Liquidlogic folder: (table, column, change kind).
LIQUIDLOGIC_CHANGES = (
    ("ssd_legal_status", "lega_legal_status", DESCRIBED),
    ("ssd_cla_episodes", "clae_cla_episode_start_reason", DESCRIBED),
    ("ssd_cla_episodes", "clae_cla_episode_ceased_reason", DESCRIBED),
    ("ssd_cp_plans", "cppl_cp_plan_latest_category", DESCRIBED),
    ("ssd_permanence", "perm_permanence_order_type", DESCRIBED),
    ("ssd_legal_status", "lega_legal_status_end_date", PLACEHOLDER),
    ("ssd_involvements", "invo_involvement_end_date", PLACEHOLDER),
    ("ssd_contacts", "cont_contact_outcome_json", REPAIRED),
    ("ssd_cin_episodes", "cine_referral_outcome_json", REPAIRED),
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("real_extract")
    synth.write_folder(root / "dfe", seed=5, scale=SCALE, progress=False)
    written = liquidlogic.rewrite(root / "dfe", root / "liquidlogic", seed=5)
    return {"dfe": root / "dfe", "liquidlogic": root / "liquidlogic", "written": written}


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def warehouses(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """One empty warehouse per folder, on DuckDB or PostgreSQL (schemas removed after)."""
    if request.param == "duckdb":
        yield {kind: f"duckdb://{tmp_path / kind}.duckdb" for kind in ("dfe", "liquidlogic")}
        return
    request.getfixturevalue("pg_backend")  # skips when PostgreSQL is not reachable
    urls = {
        kind: f"{PG_URL}?qaf_prefix=t{uuid.uuid4().hex[:10]}" for kind in ("dfe", "liquidlogic")
    }
    yield urls
    for url in urls.values():
        warehouse = Warehouse(url, create=False)
        for schema in [*warehouse.version_schemas(), warehouse.meta]:
            warehouse.drop_schema(schema)
        warehouse.close()


def figures(url: str) -> dict[str, Any]:
    source = open_source(url)
    try:
        result = compute_all(source, MONTH, Settings())
        assert not result.failures, [(f.indicator_id, f.reason) for f in result.failures[:3]]
        return dict(to_json(result.rows, MONTH, "", result)["indicators"])
    finally:
        source.backend.disconnect()


def loaded(report: LoadReport, written: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Tables whose rows loaded differ from rows written: (written, loaded)."""
    return {
        name: (rows, report.tables[name].rows_loaded)
        for name, rows in written.items()
        if report.tables[name].rows_loaded != rows
    }


def test_the_liquidlogic_values_are_in_the_folder(folders: dict[str, Any]) -> None:
    """The rewrite really writes what the SSD's SQL writes (so the test below tests something)."""
    ll: Path = folders["liquidlogic"]

    def read(table: str) -> pd.DataFrame:
        return pd.read_csv(ll / f"{table}.csv", dtype=str, keep_default_na=False)

    assert "Interim care order Sec. 38(1)" in set(read("ssd_legal_status")["lega_legal_status"])
    reasons = set(read("ssd_cla_episodes")["clae_cla_episode_ceased_reason"])
    assert "Adopted \u2013 consent dispensed with by the court" in reasons or any(
        r.startswith("Adopted") for r in reasons
    )
    assert any(
        c.startswith("Multiple: ") for c in read("ssd_cp_plans")["cppl_cp_plan_latest_category"]
    )
    assert liquidlogic.OPEN_END in set(read("ssd_involvements")["invo_involvement_end_date"])
    contacts = read("ssd_contacts")["cont_contact_outcome_json"]
    assert contacts.str.contains('"Mum said "no" to a visit"', regex=False).any()
    assert (read("ssd_professionals")["prof_agency_worker_flag"] == "NULL").all()
    assert read("ssd_person")["pers_dob"].str.endswith(" 00:00:00.000").any()
    assert (ll / "ssd_contacts.csv").read_bytes().count(b"\r\n") > 1


def test_liquidlogic_extract_loads_whole_with_the_same_figures(
    folders: dict[str, Any], warehouses: dict[str, str]
) -> None:
    reports = {
        kind: load_folder(folders[kind], url, Settings(), progress=False)
        for kind, url in warehouses.items()
    }
    for kind, report in reports.items():
        assert report.status == "loaded", (kind, report.message)
        assert loaded(report, folders["written"]) == {}, kind
        assert not report.problems, (kind, [p.message for p in report.problems[:3]])
    # The load report says what it changed, per file and column, with a row to look at.
    changes = {(c.table, c.column, c.kind): c for c in reports["liquidlogic"].changes}
    for key in LIQUIDLOGIC_CHANGES:
        assert key in changes, key
        assert changes[key].count > 0 and changes[key].example_row, key
    assert not any(c.kind == DESCRIBED for c in reports["dfe"].changes)
    assert figures(warehouses["liquidlogic"]) == figures(warehouses["dfe"])
