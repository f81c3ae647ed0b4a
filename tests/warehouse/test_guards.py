"""Guards: a bad month never replaces a good one; impossible values are refused per cell."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from qaf import cli
from qaf.config import Settings, role_key
from qaf.errors import QafError
from qaf.warehouse import guards, load_folder, open_source, read_folder
from tests.warehouse.folders import PEOPLE, valid_rows, write

SETTINGS = Settings()


def current_version(url: str) -> str:
    source = open_source(url)
    try:
        return source.data_version
    finally:
        source.backend.disconnect()


def test_a_table_that_falls_sharply_is_refused_unless_accepted(
    tmp_path: Path, store_url: str
) -> None:
    first = load_folder(write(tmp_path / "a", valid_rows()), store_url, SETTINGS, progress=False)
    assert first.status == "loaded", first.message
    rows = valid_rows()
    rows["ssd_cin_assessments"] = rows["ssd_cin_assessments"][:20]  # 40 -> 20: half gone
    folder = write(tmp_path / "b", rows)
    refused = load_folder(folder, store_url, SETTINGS, progress=False)
    assert refused.rejected
    assert "ssd_cin_assessments.csv: 20 rows, down from 40" in refused.message
    assert "--accept-drop" in refused.message
    assert current_version(store_url) == first.data_version
    accepted = load_folder(folder, store_url, SETTINGS, progress=False, accept_drop=True)
    assert accepted.status == "loaded"
    assert any("accepted with --accept-drop" in note for note in accepted.notes)
    assert current_version(store_url) == accepted.data_version


def test_a_small_fall_loads(tmp_path: Path, store_url: str) -> None:
    load_folder(write(tmp_path / "a", valid_rows()), store_url, SETTINGS, progress=False)
    smaller = load_folder(
        write(tmp_path / "b", valid_rows(PEOPLE - 4)), store_url, SETTINGS, progress=False
    )
    assert smaller.status == "loaded", smaller.message


def test_a_required_table_with_no_rows_is_refused(tmp_path: Path) -> None:
    rows = valid_rows()
    folder = write(tmp_path, rows)
    (folder / "ssd_cin_episodes.csv").write_text(",".join(rows["ssd_cin_episodes"][0]) + "\n")
    url = f"duckdb://{tmp_path / 'w.duckdb'}"
    report = load_folder(folder, url, SETTINGS, progress=False)
    assert report.rejected and "ssd_cin_episodes.csv: no rows loaded" in report.message
    with pytest.raises(QafError, match="no rows loaded"):
        read_folder(folder, SETTINGS)


def test_only_qaf_load_offers_accept_drop_for_an_empty_required_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = valid_rows()
    folder = write(tmp_path, rows)
    (folder / "ssd_cin_episodes.csv").write_text(",".join(rows["ssd_cin_episodes"][0]) + "\n")
    with pytest.raises(QafError, match="no rows loaded") as refused:
        read_folder(folder, SETTINGS)
    assert "--accept-drop" not in str(refused.value)
    url = f"duckdb://{tmp_path / 'w.duckdb'}"
    assert cli.main(["load", str(folder), "--warehouse", url]) == 2
    assert "--accept-drop" in capsys.readouterr().out


def test_a_table_left_out_of_the_folder_counts_as_a_fall(tmp_path: Path, store_url: str) -> None:
    load_folder(write(tmp_path / "a", valid_rows()), store_url, SETTINGS, progress=False)
    rows = valid_rows()
    del rows["ssd_involvements"]
    refused = load_folder(write(tmp_path / "b", rows), store_url, SETTINGS, progress=False)
    assert refused.rejected
    assert "ssd_involvements (not in the folder): 0 rows, down from 40" in refused.message


def test_a_case_worker_role_counts_however_its_spaces_run() -> None:
    involvements = pa.table({"invo_professional_role_id": ["Allocated  Case Worker"]})
    tables = {"ssd_involvements": involvements}
    assert guards.case_worker_warning(tables, ("CW", "Allocated Case Worker")) is None
    assert guards.case_worker_warning(tables, ("allocated case  worker ",)) is None
    assert role_key(" allocated  case worker ") == "ALLOCATED CASE WORKER"
    assert guards.case_worker_warning(tables, ("CW",)) is not None
