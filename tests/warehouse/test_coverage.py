"""The extract's coverage: first and last event dates and the extract date, kept with each version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qaf.config import Settings
from qaf.warehouse import load_folder, open_source, read_folder
from qaf.warehouse.coverage import Coverage, event_columns
from tests.warehouse.folders import valid_rows, write


def test_coverage_end_is_the_extract_date_when_given() -> None:
    assert Coverage(dt.date(2016, 4, 1), dt.date(2016, 9, 30), None).end == dt.date(2016, 9, 30)
    both = Coverage(dt.date(2016, 4, 1), dt.date(2016, 9, 28), dt.date(2016, 9, 30))
    assert both.end == dt.date(2016, 9, 30)
    assert Coverage.from_dict(both.to_dict()) == both


def test_births_and_due_dates_are_not_events() -> None:
    columns = {column for _table, column in event_columns()}
    assert "cine_referral_date" in columns and "invo_involvement_end_date" in columns
    assert not columns & {"pers_dob", "pers_expected_dob", "clar_cla_review_due_date"}


def test_read_folder_measures_coverage(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_cin_episodes"][3]["cine_referral_date"] = "2015-04-01"
    source, _report = read_folder(write(tmp_path, rows), Settings())
    # One referral in April 2015, 39 in September 2016: recorded in full from September 2016.
    assert source.coverage == Coverage(
        dt.date(2015, 4, 1), dt.date(2016, 9, 30), None, dt.date(2016, 9, 1)
    )


def test_loaded_version_keeps_its_coverage(tmp_path: Path, store_url: str) -> None:
    rows = valid_rows()
    rows["qaf_council"][0]["extract_date"] = "2016-10-03"
    report = load_folder(write(tmp_path, rows), store_url, Settings(), progress=False)
    assert report.status == "loaded", report.message
    source = open_source(store_url)
    try:
        assert source.coverage == Coverage(
            dt.date(2016, 9, 1), dt.date(2016, 9, 30), dt.date(2016, 10, 3), dt.date(2016, 9, 1)
        )
        assert source.coverage.end == dt.date(2016, 10, 3)
    finally:
        source.backend.disconnect()
