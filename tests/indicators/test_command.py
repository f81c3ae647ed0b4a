"""`qaf indicators` as a person runs it: coverage refusal, incomplete rows, failures and exit codes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from qaf import cli
from qaf.commands import indicators as command
from qaf.indicators.registry import REGISTRY
from qaf.warehouse.coverage import Coverage
from qaf.warehouse.schema import source_from_rows
from tests.indicators.test_always_answers import ONE_CHILD


@pytest.fixture
def source(duckdb_backend, monkeypatch):
    made = source_from_rows(duckdb_backend, ONE_CHILD)
    made.coverage = Coverage(date(2016, 5, 2), date(2016, 9, 20), date(2016, 10, 1))
    monkeypatch.setattr(command, "open_data", lambda args, settings: made)
    return made


def test_a_month_after_the_extract_is_refused_naming_its_end(source, capsys):
    code = cli.main(["indicators", "--month", "2030-12", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "2016-10-01" in err and "2030-12" in err and "Traceback" not in err


def test_json_carries_schema_rows_dimensions_coverage_settings(source, capsys):
    code = cli.main(["indicators", "--month", "2016-09", "--only", "cin.caseload", "--quiet"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["schema_version"] == 3
    assert doc["coverage"] == {
        "first_event": "2016-05-02",
        "last_event": "2016-09-20",
        "extract_date": "2016-10-01",
        "end": "2016-10-01",
        "recorded": True,
        # Derived from ONE_CHILD's one referral (3 May); the first event (2 May) is later.
        "recording_start": "2016-05-01",
        "start": "2016-05-02",
    }
    assert doc["failures"] == []
    assert doc["settings"]["timeliness"]["short_plan_months"] == 3
    assert "warehouse_url" not in json.dumps(doc["settings"])
    assert [m["key"] for m in doc["dimensions"]["team"]["members"]] == ["none"]
    caseload = doc["indicators"]["cin.caseload"]
    # April's period starts before the extract's first event (May): incomplete, never silently short.
    april = [r for r in caseload["rows"] if r["month"] == "2016-04" and r["kind"] == "value"]
    assert april[0]["complete"] is False
    assert [p["complete"] for p in caseload["series"][:2]] == [False, True]  # April, May
    assert caseload["complete"] is True  # September's headline
    assert caseload["rows"][0]["period_kind"] == "month"


def test_csv_marks_incomplete_rows(source, capsys):
    cli.main(["indicators", "--month", "2016-09", "--only", "cin.caseload", "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    april = [line for line in lines if ",2016-04,value," in line]
    assert april[0].endswith(",month,2016-04-01,2016-04-30,{},False")


def test_a_failing_indicator_exits_3_and_the_rest_are_written(source, capsys, monkeypatch):
    broken = REGISTRY["cp.plans"]

    def fail(ctx):
        raise ValueError("synthetic failure")

    monkeypatch.setitem(REGISTRY, "cp.plans", type(broken)(**{**broken.__dict__, "fn": fail}))
    code = cli.main(["indicators", "--month", "2016-09", "--only", "cp.plans,cin.caseload"])
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 3
    assert doc["failures"] == [
        {"indicator_id": "cp.plans", "reason": "ValueError: synthetic failure"}
    ]
    assert list(doc["indicators"]) == ["cin.caseload"]
    assert "cp.plans failed: ValueError: synthetic failure" in err
