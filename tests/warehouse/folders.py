"""Small input folders for the warehouse tests, written as CSV, XLSX or Parquet."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

Rows = dict[str, list[dict[str, str]]]

# 40 people: one excluded row is 2.5%, under the default 5% limit; three are 7.5%, over it.
PEOPLE = 40


def valid_rows(people: int = PEOPLE) -> Rows:
    """A consistent little council: people, referrals, assessments, workers, teams."""
    rows: Rows = {
        "ssd_person": [
            {
                "pers_person_id": f"P{i}",
                "pers_sex": "M" if i % 2 else "F",
                "pers_dob": f"20{i % 10 + 5:02d}-0{i % 9 + 1}-1{i % 9}",
                "pers_death_date": "",
            }
            for i in range(people)
        ],
        "ssd_cin_episodes": [
            {
                "cine_referral_id": f"R{i}",
                "cine_person_id": f"P{i}",
                "cine_referral_date": "2016-09-01",
                "cine_referral_outcome_json": '{"SINGLE_ASSESSMENT_FLAG": "Y"}',
                "cine_referral_nfa": "N",
                "cine_close_date": "2016-09-30" if i % 3 == 0 else "",
                "cine_referral_team": "T1",
            }
            for i in range(people)
        ],
        "ssd_cin_assessments": [
            {
                "cina_assessment_id": f"A{i}",
                "cina_person_id": f"P{i}",
                "cina_referral_id": f"R{i}",
                "cina_assessment_start_date": "2016-09-02",
                "cina_assessment_auth_date": "2016-09-20",
                "cina_assessment_outcome_json": "",
                "cina_assessment_outcome_nfa": "N",
            }
            for i in range(people)
        ],
        "ssd_professionals": [
            {
                "prof_professional_id": f"W{i}",
                "prof_professional_name": f"Worker {i}",
                "prof_agency_worker_flag": "N",
                "prof_full_time_equivalency": "1.0",
            }
            for i in range(PEOPLE)
        ],
        "ssd_involvements": [
            {
                "invo_involvements_id": f"I{i}",
                "invo_professional_id": f"W{i % PEOPLE}",
                "invo_professional_role_id": "CW",
                "invo_person_id": f"P{i}",
                "invo_involvement_start_date": "2016-09-01",
                "invo_involvement_end_date": "",
            }
            for i in range(people)
        ],
        "qaf_teams": [
            {
                "team_id": f"T{i}",
                "team_name": f"Team {i}",
                "service": "Assessment",
                "manager_holds_cases": "N",
            }
            for i in range(PEOPLE)
        ],
        "qaf_council": [
            {"la_code": "878", "ons_code": "E10000008", "la_name": "Devon", "region": "South West"}
        ],
    }
    return rows


def write(
    folder: Path,
    rows: Mapping[str, Sequence[Mapping[str, str]]],
    fmt: str = "csv",
    bom: bool = False,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, table_rows in rows.items():
        header = list(table_rows[0]) if table_rows else []
        if fmt == "csv":
            encoding = "utf-8-sig" if bom else "utf-8"
            with (folder / f"{table}.csv").open("w", newline="", encoding=encoding) as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows([row.get(h, "") for h in header] for row in table_rows)
        elif fmt == "parquet":
            data = pa.table(
                {h: pa.array([r.get(h) for r in table_rows], pa.string()) for h in header}
            )
            pq.write_table(data, folder / f"{table}.parquet")
        else:
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.append(header)
            for row in table_rows:
                sheet.append([row.get(h, "") for h in header])
            book.save(folder / f"{table}.xlsx")
    return folder


def write_csv(path: Path, header: Sequence[str], body: Sequence[Sequence[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body)
    return path


def write_big(folder: Path, people: int) -> Path:
    """A larger valid folder written line by line (fast), for loads that take a while."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "ssd_person.csv").open("w") as handle:
        handle.write("pers_person_id,pers_sex,pers_dob,pers_ethnicity\n")
        handle.writelines(
            f"P{i},{'MF'[i % 2]},{1 + i % 28:02d}/{1 + i % 12:02d}/20{i % 17:02d},WBRI\n"
            for i in range(people)
        )
    with (folder / "ssd_cin_episodes.csv").open("w") as handle:
        handle.write(
            "cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa,"
            "cine_referral_outcome_json\n"
        )
        handle.writelines(
            f"R{i},P{i},2016-{1 + i % 12:02d}-{1 + i % 28:02d} 00:00:00.000,{'YN'[i % 2]},"
            f"SINGLE_ASSESSMENT_FLAG={'YN'[i % 3 == 0]}\n"
            for i in range(people)
        )
    with (folder / "ssd_contacts.csv").open("w") as handle:
        handle.write("cont_contact_id,cont_person_id,cont_contact_date,cont_contact_outcome_json\n")
        handle.writelines(
            f"C{i},P{i // 2},2016-09-{1 + i % 28:02d},{{NEW_REFERRAL_FLAG: Y}}\n"
            for i in range(people * 2)
        )
    return folder
