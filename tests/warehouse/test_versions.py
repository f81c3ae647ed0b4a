"""Versioned loads on DuckDB: load, no-op, history, rollback, rejection changes nothing, CLI."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

import pytest

from qaf.config import LoadSettings, Settings
from qaf.errors import QafError
from qaf.warehouse import list_versions, load_folder, open_source, rollback
from qaf.warehouse.store import Warehouse
from tests.warehouse.folders import PEOPLE, valid_rows, write

SETTINGS = Settings()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"duckdb://{tmp_path / 'wh' / 'warehouse.duckdb'}"


def people(url: str) -> int:
    source = open_source(url)
    try:
        return int(source.execute(source.table("ssd_person").count()))
    finally:
        source.backend.disconnect()


def folder_with(tmp_path: Path, name: str, people: int) -> Path:
    return write(tmp_path / name, valid_rows(people))


def test_load_open_and_noop(tmp_path: Path, url: str) -> None:
    folder = folder_with(tmp_path, "a", PEOPLE)
    report = load_folder(folder, url, SETTINGS, progress=False)
    assert report.status == "loaded" and report.version == 1
    assert report.data_version == f"v1:{report.content_hash[:12]}"
    source = open_source(url)
    assert source.data_version == report.data_version
    assert set(source.tables) >= {"ssd_person", "qaf_benchmarks"}
    assert int(source.execute(source.table("ssd_cp_plans").count())) == 0
    assert source.table("ssd_person").columns == (
        "pers_person_id",
        "pers_sex",
        "pers_gender",
        "pers_ethnicity",
        "pers_dob",
        "pers_expected_dob",
        "pers_death_date",
    )
    source.backend.disconnect()
    again = load_folder(folder, url, SETTINGS, progress=False)
    assert again.status == "unchanged" and again.data_version == report.data_version
    assert [v.version for v in list_versions(url)] == [1]


def test_history_keeps_three_and_rolls_back(tmp_path: Path, url: str) -> None:
    for n in range(1, 6):
        load_folder(folder_with(tmp_path, f"f{n}", PEOPLE + n), url, SETTINGS, progress=False)
    versions = list_versions(url)
    assert [v.version for v in versions] == [3, 4, 5]
    assert [v.is_current for v in versions] == [False, False, True]
    assert people(url) == PEOPLE + 5
    info = rollback(url, 3)
    assert info.version == 3 and info.is_current
    assert people(url) == PEOPLE + 3
    assert open_source(url).data_version.startswith("v3:")
    with pytest.raises(QafError, match="not kept"):
        rollback(url, 1)
    # A new load after a rollback keeps the current version among those kept.
    load_folder(folder_with(tmp_path, "f6", PEOPLE + 6), url, SETTINGS, progress=False)
    assert [v.version for v in list_versions(url)] == [4, 5, 6]
    warehouse = Warehouse(url, create=False)
    assert warehouse.version_schemas() == ["qaf_v000004", "qaf_v000005", "qaf_v000006"]
    warehouse.close()


def test_rejected_load_changes_nothing(tmp_path: Path, url: str) -> None:
    good = load_folder(folder_with(tmp_path, "good", PEOPLE), url, SETTINGS, progress=False)
    rows = valid_rows()
    del rows["ssd_person"]
    report = load_folder(write(tmp_path / "bad", rows), url, SETTINGS, progress=False)
    assert report.rejected
    assert [v.version for v in list_versions(url)] == [1]
    assert open_source(url).data_version == good.data_version


def test_keep_versions_setting(tmp_path: Path, url: str) -> None:
    settings = Settings(load=LoadSettings(keep_versions=1))
    for n in range(1, 3):
        load_folder(folder_with(tmp_path, f"f{n}", PEOPLE + n), url, settings, progress=False)
    assert [v.version for v in list_versions(url)] == [2]


def test_nothing_loaded_yet(tmp_path: Path, url: str) -> None:
    with pytest.raises(QafError, match="nothing is loaded yet"):
        open_source(url)
    Warehouse(url, create=True).close()
    with pytest.raises(QafError, match="nothing is loaded yet"):
        open_source(url)


def test_unreachable_warehouse() -> None:
    with pytest.raises(QafError, match="cannot open the warehouse"):
        open_source("postgres://nobody:secret@127.0.0.1:1/none")


# --- the commands ---


def cli(argv: list[str]) -> int:
    """`qaf` as a person runs it; only this module's commands if others are not there yet."""
    from qaf import cli as qaf_cli

    try:
        for name in qaf_cli.COMMANDS:
            importlib.import_module(f"qaf.commands.{name}")
        return qaf_cli.main(argv)
    except ImportError:
        parser = argparse.ArgumentParser(prog="qaf")
        sub = parser.add_subparsers(dest="command", required=True)
        for name in ("load", "versions"):
            importlib.import_module(f"qaf.commands.{name}").register(sub)
        args = parser.parse_args(argv)
        try:
            return int(args.run(args, SETTINGS))
        except QafError as exc:
            print(f"qaf {args.command}: {exc}")
            return exc.exit_code


def test_cli_load_versions_rollback(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report_file = tmp_path / "report.json"
    first = folder_with(tmp_path, "a", PEOPLE)
    assert cli(["load", str(first), "--warehouse", url, "--report-json", str(report_file)]) == 0
    assert json.loads(report_file.read_text())["status"] == "loaded"
    assert cli(["load", str(first), "--warehouse", url]) == 0
    assert "Already loaded" in capsys.readouterr().out
    assert cli(["load", str(folder_with(tmp_path, "b", PEOPLE + 1)), "--warehouse", url]) == 0
    rows = valid_rows()
    rows["ssd_person"][0]["pers_dob"] = "never"
    rows["ssd_person"][1]["pers_dob"] = "never"
    rows["ssd_person"][2]["pers_dob"] = "never"
    capsys.readouterr()
    assert cli(["load", str(write(tmp_path / "bad", rows)), "--warehouse", url]) == 2
    out = capsys.readouterr().out
    assert "ssd_person.csv, row 1, column pers_dob" in out and "nothing was changed" in out
    assert cli(["versions", "--warehouse", url]) == 0
    out = capsys.readouterr().out
    assert "current" in out and "v2:" in out
    assert cli(["versions", "rollback", "v1", "--warehouse", url]) == 0
    assert people(url) == PEOPLE
    assert cli(["versions", "rollback", "9", "--warehouse", url]) == 2
    assert cli(["load", str(tmp_path / "missing"), "--warehouse", url]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
