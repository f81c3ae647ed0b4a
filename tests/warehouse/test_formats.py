"""Spreadsheet and Parquet files with their own types (dates, numbers, booleans), not just text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from qaf.config import Settings
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import valid_rows, write


def test_xlsx_with_date_number_and_blank_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = valid_rows()
    for table in ("ssd_cin_episodes", "ssd_cin_assessments", "ssd_involvements"):
        for row in rows[table]:
            for column in row:
                if column.endswith("person_id"):
                    row[column] = row[column].removeprefix("P")
    del rows["ssd_person"]
    folder = write(tmp_path, rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    sheet.append([])  # a blank first row: the header is the first row with anything in it
    sheet.append(["Pers_Person_ID", "pers_dob", "pers_death_date", "pers_sex", None])
    for i in range(40):
        sheet.append([i, dt.datetime(2010, 1, 1 + i % 28), None, "Female" if i % 2 else "M", None])
    sheet.append([None, None, None, None, None])  # trailing formatting, not data
    book.create_sheet("Notes")
    book.save(folder / "SSD_Person.xlsx")
    tables, report = check_folder(folder, Settings())
    assert not report.rejected, report.message
    people = tables["ssd_person"]
    assert people.num_rows == 40
    assert people.column("pers_person_id")[3].as_py() == "3"  # 3.0 in the sheet
    assert people.column("pers_dob")[0].as_py() == dt.date(2010, 1, 1)
    assert people.column("pers_sex").to_pylist()[:2] == ["M", "F"]
    assert any("first sheet" in note for note in report.notes)


def test_parquet_with_native_types(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    (folder / "ssd_cin_episodes.csv").unlink()
    n = 40
    pq.write_table(
        pa.table(
            {
                "cine_referral_id": pa.array(range(n), pa.int64()),
                "cine_person_id": [f"P{i}" for i in range(n)],
                "cine_referral_date": pa.array([dt.date(2016, 9, 1)] * n, pa.date32()),
                "cine_close_date": pa.array([dt.datetime(2016, 9, 30)] * n, pa.timestamp("ms")),
                "cine_referral_nfa": pa.array([i % 2 == 0 for i in range(n)]),
                "cine_referral_team": pa.array(["T1"] * n).dictionary_encode(),
                "cine_referral_outcome_json": pa.nulls(n, pa.string()),
            }
        ),
        folder / "ssd_cin_episodes.parquet",
    )
    rows = valid_rows()
    for row in rows["ssd_cin_assessments"]:
        row["cina_referral_id"] = row["cina_referral_id"].removeprefix("R")
    write(folder, {"ssd_cin_assessments": rows["ssd_cin_assessments"]})
    tables, report = check_folder(folder, Settings())
    assert not report.rejected, report.message
    episodes = tables["ssd_cin_episodes"]
    assert episodes.column("cine_referral_id")[5].as_py() == "5"
    assert episodes.column("cine_close_date")[0].as_py() == dt.date(2016, 9, 30)
    assert episodes.column("cine_referral_nfa").to_pylist()[:2] == [True, False]
    assert episodes.column("cine_referral_team")[0].as_py() == "T1"
    assert tables["ssd_cin_assessments"].num_rows == n


def test_csv_header_only_with_or_without_line_break(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    (folder / "ssd_cp_plans.csv").write_text(
        "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date"
    )
    (folder / "ssd_legal_status.csv").write_text(
        "lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date\r\n"
    )
    tables, report = check_folder(folder, Settings())
    assert not report.rejected, report.message
    assert tables["ssd_cp_plans"].num_rows == tables["ssd_legal_status"].num_rows == 0
    assert report.tables["ssd_cp_plans"].file == "ssd_cp_plans.csv"


def test_csv_quoted_values_with_commas_quotes_and_line_breaks(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    (folder / "qaf_feedback.csv").write_text(
        "form_id,received_date,comment,q1\r\n"
        'F1,2016-09-02,"Kind, and ""very"" helpful\r\nthank you",Yes\r\n'
        "F2,02/09/2016,,no\r\n"
    )
    tables, report = check_folder(folder, Settings())
    assert not report.rejected, report.message
    feedback = tables["qaf_feedback"].to_pylist()
    assert feedback[0]["comment"] == 'Kind, and "very" helpful\r\nthank you'
    assert [row["q1"] for row in feedback] == [True, False]
