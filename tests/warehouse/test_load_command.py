"""`qaf load` end to end: report files, and exit codes that tell the truth when writing fails."""

from __future__ import annotations

import csv
import errno
import json
from pathlib import Path

import pytest

from qaf import cli
from qaf.config import Settings
from qaf.warehouse import list_versions, load_folder, open_source
from qaf.warehouse.store import Warehouse
from tests.warehouse.folders import valid_rows, write


def current(url: str) -> str:
    source = open_source(url)
    try:
        return source.data_version
    finally:
        source.backend.disconnect()


def staging_left(url: str) -> list[str]:
    warehouse = Warehouse(url, create=False)
    try:
        ready = {warehouse.schema_name(v.version) for v in warehouse.versions()}
        return [s for s in warehouse.version_schemas() if s not in ready]
    finally:
        warehouse.close()


def test_report_files_are_written(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_cin_episodes"][2]["cine_referral_nfa"] = "=HYPERLINK(1)"
    rows["ssd_cin_episodes"][3]["cine_referral_date"] = "02/09/2016"
    folder = write(tmp_path / "in", rows)
    url = f"duckdb://{tmp_path / 'w.duckdb'}"
    out = tmp_path / "out"
    code = cli.main(
        [
            "load",
            str(folder),
            "--warehouse",
            url,
            "--report-dir",
            str(out),
            "--report-json",
            str(out / "report.json"),
        ]
    )
    assert code == 0
    page = (out / "load-report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "<caption>What QAF changed" in page and "dates read day first" in page
    assert "=HYPERLINK(1)" in page.replace("&#x27;", "'")
    with (out / "load-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        sheet = list(csv.DictReader(handle))
    emptied = next(r for r in sheet if r["section"] == "problem" and r["row"] == "3")
    assert emptied["value"] == "'=HYPERLINK(1)" and emptied["column"] == "cine_referral_nfa"
    day_first = next(r for r in sheet if r["kind"] == "date_day_first")
    assert (day_first["count"], day_first["row"]) == ("1", "4")
    assert '"changes"' in (out / "report.json").read_text()
    stored = json.loads(list_versions(url)[0].report)
    assert any(c["kind"] == "date_day_first" for c in stored["changes"])


def test_a_report_that_cannot_be_written_after_a_load_does_not_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "in", valid_rows())
    (tmp_path / "a-file").write_text("")
    url = f"duckdb://{tmp_path / 'w.duckdb'}"
    code = cli.main(
        ["load", str(folder), "--warehouse", url, "--report-dir", str(tmp_path / "a-file" / "x")]
    )
    assert code == 1
    assert "cannot write" in capsys.readouterr().err
    assert [v.version for v in list_versions(url)] == [1]


@pytest.mark.parametrize(
    ("failure", "exit_code", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "No space left on device"),
        (KeyboardInterrupt(), 130, "interrupted while writing version 2"),
    ],
)
def test_a_failed_write_leaves_the_previous_version(
    tmp_path: Path,
    store_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: BaseException,
    exit_code: int,
    words: str,
) -> None:
    first = load_folder(write(tmp_path / "a", valid_rows()), store_url, Settings(), progress=False)
    written: list[str] = []
    real_write = Warehouse.write

    def fail_on_third(self: Warehouse, version: int, name: str, data: object) -> None:
        written.append(name)
        if len(written) == 3:
            raise failure
        real_write(self, version, name, data)  # type: ignore[arg-type]

    monkeypatch.setattr(Warehouse, "write", fail_on_third)
    rows = valid_rows()
    rows["ssd_person"][0]["pers_sex"] = "M"
    code = cli.main(["load", str(write(tmp_path / "b", rows)), "--warehouse", store_url])
    err = capsys.readouterr().err
    assert code == exit_code
    assert words in err and "version 1 is still current" in err
    assert "Traceback" not in err
    monkeypatch.undo()
    assert current(store_url) == first.data_version
    assert staging_left(store_url) == []


def test_nul_in_a_text_cell_loads_on_every_engine(tmp_path: Path, store_url: str) -> None:
    rows = valid_rows()
    rows["ssd_cin_episodes"][1]["cine_referral_team"] = "North\x00East"
    report = load_folder(write(tmp_path, rows), store_url, Settings(), progress=False)
    assert report.status == "loaded", report.message
    assert any(c.kind == "nul_removed" for c in report.changes)
    source = open_source(store_url)
    try:
        teams = source.execute(source.table("ssd_cin_episodes"))["cine_referral_team"]
        assert "NorthEast" in set(teams)
    finally:
        source.backend.disconnect()


def test_ctrl_c_just_after_the_swap_reports_the_load_it_made(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_folder(write(tmp_path / "a", valid_rows()), store_url, Settings(), progress=False)
    real_swap = Warehouse.swap

    def swap_then_interrupt(self: Warehouse, version: int, *, ready: bool = False) -> None:
        real_swap(self, version, ready=ready)
        raise KeyboardInterrupt

    monkeypatch.setattr(Warehouse, "swap", swap_then_interrupt)
    rows = valid_rows()
    rows["ssd_person"][0]["pers_sex"] = "M"
    code = cli.main(["load", str(write(tmp_path / "b", rows)), "--warehouse", store_url])
    monkeypatch.undo()
    assert code == 0
    assert current(store_url).startswith("v2:")
    assert staging_left(store_url) == []
