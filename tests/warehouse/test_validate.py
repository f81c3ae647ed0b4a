"""What a folder must look like: structural rejections, row exclusions, and the report's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from qaf.config import LoadSettings, Settings
from qaf.errors import QafError
from qaf.warehouse import read_folder
from qaf.warehouse.report import LoadReport, Problem
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import PEOPLE, Rows, valid_rows, write, write_csv

SETTINGS = Settings()


def check(folder: Path, settings: Settings = SETTINGS) -> LoadReport:
    return check_folder(folder, settings)[1]


def only_problem(report: LoadReport) -> Problem:
    assert len(report.problems) == 1, [p.message for p in report.problems]
    return report.problems[0]


def test_valid_folder_loads_everything(tmp_path: Path) -> None:
    tables, report = check_folder(write(tmp_path, valid_rows()), SETTINGS)
    assert report.status == "checked" and not report.problems
    assert tables["ssd_person"].num_rows == PEOPLE
    assert report.tables["ssd_cin_episodes"].fill["cine_close_date"] == pytest.approx(100 * 14 / 40)


# --- structural problems: the whole folder is rejected ---


def test_missing_required_table(tmp_path: Path) -> None:
    rows = valid_rows()
    del rows["ssd_person"]
    report = check(write(tmp_path, rows))
    assert report.rejected
    problem = report.problems[0]
    assert problem.structural and problem.table == "ssd_person"
    assert "required table is missing" in problem.message


def test_missing_required_column(tmp_path: Path) -> None:
    rows = valid_rows()
    for row in rows["ssd_person"]:
        del row["pers_dob"]
    report = check(write(tmp_path, rows))
    assert report.rejected
    problem = only_problem(report)
    assert (problem.file, problem.column, problem.row) == ("ssd_person.csv", "pers_dob", None)
    assert "required column is missing" in problem.message


def test_wrong_type_throughout_a_column(tmp_path: Path) -> None:
    rows = valid_rows()
    for row in rows["ssd_cin_episodes"]:
        row["cine_referral_date"] = "Team " + row["cine_referral_team"]
    report = check(write(tmp_path, rows))
    assert report.rejected
    problem = next(p for p in report.problems if p.structural)
    assert problem.column == "cine_referral_date" and "right column" in problem.message


def test_unreadable_file(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    (folder / "ssd_person.csv").write_bytes(b"pers_person_id,pers_dob\nP1,2016-01-01,extra\n")
    report = check(folder)
    assert report.rejected and "ssd_person.csv" in report.problems[0].message


def test_partly_utf8(tmp_path: Path) -> None:
    # A Latin-1 byte in an otherwise UTF-8 file: no one encoding reads it unchanged.
    folder = write(tmp_path, valid_rows())
    text = (folder / "ssd_person.csv").read_text().replace("P1,", "P\xe91,", 1)
    raw = text.encode("latin-1").replace(b"P2,", "P\xe92,".encode(), 1)
    (folder / "ssd_person.csv").write_bytes(raw)
    report = check(folder)
    assert report.rejected and "UTF-8" in report.problems[0].message


def test_empty_file(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    (folder / "ssd_cin_assessments.csv").write_bytes(b"")
    report = check(folder)
    assert report.rejected and "empty" in report.problems[0].message


def test_two_files_for_one_table(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    write(folder, {"SSD_Person": valid_rows()["ssd_person"]}, fmt="parquet")
    report = check(folder)
    assert report.rejected and "two files" in report.problems[0].message


def test_same_column_twice(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    write_csv(
        folder / "ssd_person.csv",
        ["pers_person_id", "PERS_DOB", "pers_dob"],
        [["P1", "2016-01-01", "2016-01-01"]],
    )
    report = check(folder)
    assert report.rejected and report.problems[0].column == "pers_dob"


def test_read_folder_raises_with_the_report_message(tmp_path: Path) -> None:
    rows = valid_rows()
    del rows["ssd_cin_episodes"]
    with pytest.raises(QafError, match="ssd_cin_episodes"):
        read_folder(write(tmp_path, rows), SETTINGS)


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(QafError, match="not a folder"):
        read_folder(tmp_path / "nowhere", SETTINGS)


# --- the cell rule: a cell that cannot be used is emptied, the row kept and counted ---


def mutate(rows: Rows, table: str, index: int, column: str, value: str) -> Rows:
    rows[table][index][column] = value
    return rows


@pytest.mark.parametrize(
    ("table", "column", "value", "kind", "words"),
    [
        ("ssd_person", "pers_dob", "31/02/2010", "bad_value", "a date such as"),
        ("ssd_person", "pers_sex", "Q", "bad_value", "sex code"),
        ("ssd_cin_episodes", "cine_referral_nfa", "perhaps", "bad_value", "Y or N"),
        ("ssd_cin_episodes", "cine_close_date", "2016-08-01", "date_order", "on or after"),
        ("ssd_cin_episodes", "cine_referral_outcome_json", "garbage", "bad_value", "KEY: value"),
    ],
)
def test_a_cell_that_cannot_be_used_is_emptied_and_the_row_kept(
    tmp_path: Path, table: str, column: str, value: str, kind: str, words: str
) -> None:
    rows = mutate(valid_rows(), table, 6, column, value)
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected, report.message
    problem = next(p for p in report.problems if p.column == column)
    assert (problem.file, problem.row, problem.kind) == (f"{table}.csv", 7, kind)
    assert words in problem.message
    assert f"{table}.csv, row 7, column {column}" in problem.message
    assert report.tables[table].rows_rejected == 0
    assert tables[table].num_rows == PEOPLE
    assert tables[table].column(column)[6].as_py() is None
    assert report.tables[table].cells_emptied == {column: 1}
    change = next(c for c in report.changes if c.kind == "cell_emptied")
    assert (change.table, change.column, change.count, change.example_row) == (table, column, 1, 7)
    assert change.detail == value


def test_an_empty_required_value_keeps_the_row_and_is_counted(tmp_path: Path) -> None:
    rows = mutate(valid_rows(), "ssd_cin_episodes", 6, "cine_referral_date", "")
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected
    assert tables["ssd_cin_episodes"].num_rows == PEOPLE
    problem = only_problem(report)
    assert (problem.row, problem.column, problem.kind) == (7, "cine_referral_date", "missing_value")


# --- a missing key, a duplicate key or a broken reference excludes the row ---


@pytest.mark.parametrize(
    ("table", "column", "value", "kind", "words"),
    [
        ("ssd_cin_assessments", "cina_referral_id", "R999", "dangling_reference", "there is none"),
        (
            "ssd_involvements",
            "invo_professional_id",
            "W999",
            "dangling_reference",
            "ssd_professionals.csv",
        ),
        ("ssd_cin_episodes", "cine_referral_id", "R3", "duplicate", "row 4 has it already"),
        ("ssd_cin_episodes", "cine_person_id", "", "missing_key", "an id"),
        ("ssd_cin_episodes", "cine_referral_id", "NULL", "missing_key", "an id"),
    ],
)
def test_a_key_or_reference_problem_excludes_the_row(
    tmp_path: Path, table: str, column: str, value: str, kind: str, words: str
) -> None:
    rows = mutate(valid_rows(), table, 6, column, value)
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected, report.message
    problem = next(p for p in report.problems if p.column == column)
    assert (problem.file, problem.row, problem.kind) == (f"{table}.csv", 7, kind)
    assert words in problem.message
    assert report.tables[table].rows_rejected == 1
    assert tables[table].num_rows == PEOPLE - 1


def test_an_excluded_row_cascades_to_rows_that_refer_to_it(tmp_path: Path) -> None:
    rows = mutate(valid_rows(), "ssd_cin_episodes", 4, "cine_person_id", "P999")
    tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected
    cascaded = [p for p in report.problems if p.table == "ssd_cin_assessments"]
    assert [(p.row, p.kind) for p in cascaded] == [(5, "dangling_reference")]
    assert "that row was excluded" in cascaded[0].message
    assert "R4" not in tables["ssd_cin_assessments"].column("cina_referral_id").to_pylist()


def test_more_than_the_allowed_share_of_a_column_rejects(tmp_path: Path) -> None:
    rows = valid_rows()
    for i in range(3):  # 3 of 40 = 7.5%
        rows["ssd_cin_episodes"][i]["cine_referral_date"] = "soon"
    report = check(write(tmp_path, rows))
    assert report.rejected
    assert "column cine_referral_date: 3 cells emptied; 3 of 40 rows (7.5%)" in report.message
    relaxed = Settings(load=LoadSettings(max_rejected_pct=10))
    assert not check(tmp_path, relaxed).rejected


def test_the_limit_counts_per_column_not_per_table(tmp_path: Path) -> None:
    rows = valid_rows()
    # Two bad cells in each of two columns: 5% of each column, 10% of the table's rows.
    for i, column in ((0, "cine_referral_nfa"), (1, "cine_referral_nfa")):
        rows["ssd_cin_episodes"][i][column] = "perhaps"
    for i in (2, 3):
        rows["ssd_cin_episodes"][i]["cine_close_date"] = "someday"
    assert not check(write(tmp_path, rows)).rejected


def test_an_empty_person_table_is_named_once_as_the_root_cause(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    (folder / "ssd_person.csv").write_text("pers_person_id,pers_sex,pers_dob\n")
    report = check(folder)
    assert report.rejected
    assert report.reasons[0] == (
        "ssd_person has no rows: 120 rows in 3 tables refer to people it does not hold "
        "(ssd_cin_assessments, ssd_cin_episodes, ssd_involvements)"
    )
    assert not any("100.0%" in reason for reason in report.reasons)


# --- what is accepted ---


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_every_format(tmp_path: Path, fmt: str) -> None:
    tables, report = check_folder(write(tmp_path, valid_rows(), fmt=fmt), SETTINGS)
    assert not report.problems, report.message
    assert tables["ssd_cin_episodes"].num_rows == PEOPLE


def test_bom_and_names_in_any_case(tmp_path: Path) -> None:
    rows = {
        name.upper(): [{key.upper(): value for key, value in row.items()} for row in table]
        for name, table in valid_rows().items()
    }
    tables, report = check_folder(write(tmp_path, rows, bom=True), SETTINGS)
    assert not report.problems
    assert tables["ssd_person"].column("pers_person_id")[0].as_py() == "P0"


def test_extra_columns_kept_and_reported_unknown_files_ignored(tmp_path: Path) -> None:
    rows = valid_rows()
    for row in rows["ssd_person"]:
        row["local_flag"] = "x"
    folder = write(tmp_path, rows)
    (folder / "readme.txt").write_text("hello")
    (folder / "ssd_unknown_table.csv").write_text("a\n1\n")
    tables, report = check_folder(folder, SETTINGS)
    assert not report.rejected
    assert report.tables["ssd_person"].extra_columns == ["local_flag"]
    assert tables["ssd_person"].column("local_flag")[0].as_py() == "x"
    assert report.unknown_files == ["readme.txt", "ssd_unknown_table.csv"]


def test_missing_optional_table_is_empty(tmp_path: Path) -> None:
    tables, report = check_folder(write(tmp_path, valid_rows()), SETTINGS)
    assert tables["ssd_cp_plans"].num_rows == 0
    assert report.tables["ssd_cp_plans"].file is None


def test_reference_to_a_table_not_supplied_is_noted_not_rejected(tmp_path: Path) -> None:
    rows = valid_rows()
    del rows["ssd_professionals"]
    _tables, report = check_folder(write(tmp_path, rows), SETTINGS)
    assert not report.rejected
    assert any("invo_professional_id not checked" in note for note in report.notes)
