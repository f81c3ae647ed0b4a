"""What a real extract holds, and what the load does with it: kept rows, emptied cells, each counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.warehouse.report import LoadReport
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import PEOPLE, Rows, valid_rows, write

SETTINGS = Settings()


def changes(report: LoadReport, kind: str) -> list[tuple[str | None, int, int | None]]:
    return [(c.column, c.count, c.example_row) for c in report.changes if c.kind == kind]


def test_expected_date_of_birth_stands_in_for_an_empty_one(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_person"][3]["pers_dob"] = ""
    rows["ssd_person"][3]["pers_expected_dob"] = "2016-11-20"
    for row in rows["ssd_person"][:3]:
        row["pers_expected_dob"] = ""
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.problems, [p.message for p in report.problems]
    assert tables["ssd_person"].num_rows == PEOPLE
    assert tables["ssd_person"].column("pers_dob")[3].as_py() == dt.date(2016, 11, 20)
    assert changes(report, "expected_dob_used") == [("pers_dob", 1, 4)]


def test_a_child_with_no_date_at_all_is_kept_and_counted(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_person"][3]["pers_dob"] = "NULL"
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert tables["ssd_person"].num_rows == PEOPLE
    assert [(p.row, p.kind) for p in report.problems] == [(4, "missing_value")]


def test_involvement_without_a_worker_and_conference_without_a_date_are_kept(
    tmp_path: Path,
) -> None:
    rows = valid_rows()
    rows["ssd_involvements"][2]["invo_professional_id"] = ""
    rows["ssd_initial_cp_conference"] = [
        {"icpc_icpc_id": "C1", "icpc_person_id": "P1", "icpc_icpc_date": ""},
        {"icpc_icpc_id": "C2", "icpc_person_id": "P2", "icpc_icpc_date": "2016-09-05"},
    ]
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.problems, [p.message for p in report.problems]
    assert tables["ssd_involvements"].num_rows == PEOPLE
    assert tables["ssd_initial_cp_conference"].num_rows == 2


def test_values_read_another_way_are_counted_with_an_example_row(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_cin_episodes"][5]["cine_referral_date"] = "02/09/2016"
    rows["ssd_cin_episodes"][7]["cine_referral_date"] = "03/09/2016"
    rows["ssd_cin_episodes"][8]["cine_close_date"] = "9999-12-31"
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert ("cine_referral_date", 2, 6) in changes(report, "date_day_first")
    assert ("cine_close_date", 1, 9) in changes(report, "date_placeholder")
    change = next(c for c in report.changes if c.kind == "date_day_first")
    assert change.detail == "02/09/2016" and "day first" in change.words


def test_a_header_repeated_inside_a_file_is_named_and_left_out(tmp_path: Path) -> None:
    rows = valid_rows()
    header = {name: name.upper() for name in rows["ssd_person"][0]}
    rows["ssd_person"].insert(10, header)
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected, report.message
    assert tables["ssd_person"].num_rows == PEOPLE
    problem = next(p for p in report.problems if p.kind == "repeated_header")
    assert problem.row == 11 and "header line again" in problem.message


def test_nul_characters_are_removed_and_counted(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_cin_episodes"][2]["cine_referral_team"] = "T\x001"
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert tables["ssd_cin_episodes"].column("cine_referral_team")[2].as_py() == "T1"
    assert changes(report, "nul_removed") == [("cine_referral_team", 1, 3)]


IMPOSSIBLE = [
    ("ssd_professionals", "prof_full_time_equivalency", "-0.5", "0 or more"),
    ("ssd_person", "pers_dob", "2016-11-01", "on or before the extract date (2016-10-01)"),
    ("qaf_iru_meetings", "attended", "5", "no more attended than invited"),
    ("qaf_audits", "score", "7", "1 to 5, or NA"),
    ("qaf_population", "population", "-10", "0 or more"),
]


def with_qa_tables(rows: Rows) -> Rows:
    rows["qaf_council"][0]["extract_date"] = "2016-10-01"
    rows["qaf_iru_meetings"] = [
        {
            "meeting_id": f"M{i}",
            "meeting_type": "ICPC",
            "meeting_date": "2016-09-01",
            "professional_group": "HEALTH",
            "invited": "3",
            "attended": "2",
        }
        for i in range(30)
    ]
    rows["qaf_audits"] = [
        {
            "audit_id": f"AU{i}",
            "case_type": "CIN",
            "audit_date": "2016-09-01",
            "standard": "S1",
            "score": ["1", "5", "NA", "na"][i % 4],
        }
        for i in range(30)
    ]
    rows["qaf_population"] = [
        {"mid_year": year, "area_code": code, "age_band": band, "population": "1000"}
        for year in ("2014", "2015")
        for code in ("E10000008", "E92000001")
        for band in ("0", "1-4", "5-9", "10-15", "16-17", "18-25", "all")
    ]
    return rows


@pytest.mark.parametrize(("table", "column", "value", "words"), IMPOSSIBLE)
def test_impossible_values_are_refused_per_cell(
    tmp_path: Path, table: str, column: str, value: str, words: str
) -> None:
    rows = with_qa_tables(valid_rows())
    rows[table][4][column] = value
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected, report.message
    problem = next(p for p in report.problems if p.table == table)
    assert (problem.row, problem.column, problem.kind) == (5, column, "impossible_value")
    assert words in problem.message
    assert tables[table].column(column)[4].as_py() is None
    assert tables[table].num_rows == len(rows[table])


def test_council_is_one_row(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["qaf_council"].append(dict(rows["qaf_council"][0], la_code="879"))
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert report.rejected and "one row, for the council" in report.message


def test_council_matches_the_population(tmp_path: Path) -> None:
    rows = with_qa_tables(valid_rows())
    rows["qaf_council"][0]["ons_code"] = "E10000009"
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert report.rejected
    assert "qaf_council.csv, row 1, column ons_code: found 'E10000009'" in report.message


def test_code_map_is_used_before_the_built_in_lists(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_legal_status"] = [
        {
            "lega_legal_status_id": f"L{i}",
            "lega_person_id": f"P{i}",
            "lega_legal_status": "ICO granted (local)" if i % 2 else "C2",
            "lega_legal_status_start_date": "2016-09-01",
        }
        for i in range(10)
    ]
    rows["qaf_code_map"] = [
        {
            "table": "ssd_legal_status",
            "column": "lega_legal_status",
            "value": "ICO granted (local)",
            "code": "C1",
        }
    ]
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.problems, [p.message for p in report.problems]
    assert tables["ssd_legal_status"].column("lega_legal_status").to_pylist()[:2] == ["C2", "C1"]
    assert changes(report, "code_from_local_map") == [("lega_legal_status", 5, 2)]


def test_a_code_map_row_that_cannot_be_used_is_named(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["qaf_code_map"] = [
        {"table": "ssd_legal_status", "column": "lega_legal_status", "value": "x", "code": "C1"},
        {"table": "ssd_legal_status", "column": "lega_legal_status", "value": "y", "code": "Z9"},
    ]
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert report.rejected
    assert "qaf_code_map.csv, row 2, column code: 'Z9' is not a legal_status code" in report.message


def test_no_case_worker_role_is_warned(tmp_path: Path) -> None:
    rows = valid_rows()
    for row in rows["ssd_involvements"]:
        row["invo_professional_role_id"] = "Social Worker"
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected
    assert len(report.warnings) == 1 and "'Social Worker'" in report.warnings[0]


def test_older_case_worker_spelling_is_not_warned(tmp_path: Path) -> None:
    rows = valid_rows()
    for row in rows["ssd_involvements"]:
        row["invo_professional_role_id"] = " allocated  case worker "
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.warnings


def test_how_a_file_was_read_is_a_change_of_its_own(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["ssd_person"][0]["pers_ethnicity"] = "Caf\u00e9"
    folder = write(tmp_path, rows)
    text = (folder / "ssd_person.csv").read_text(encoding="utf-8")
    (folder / "ssd_person.csv").write_bytes(text.encode("cp1252"))
    tables, report = check_folder(folder, SETTINGS)
    assert tables["ssd_person"].column("pers_ethnicity")[0].as_py() == "Caf\u00e9"
    notes = [c for c in report.changes if c.kind == "read_note"]
    assert [(c.file, c.column) for c in notes] == [("ssd_person.csv", None)]
    assert notes[0].detail


def test_the_terminal_report_shows_the_changes(tmp_path: Path) -> None:
    from rich.console import Console

    from qaf.warehouse.report import render

    rows = valid_rows()
    rows["ssd_cin_episodes"][5]["cine_referral_date"] = "02/09/2016"
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    console = Console(width=160, record=True)
    render(report, console)
    text = console.export_text()
    assert "What QAF changed" in text
    assert "dates read day first" in text and "cine_referral_date" in text
