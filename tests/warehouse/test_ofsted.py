"""Ofsted's published provider-level file accepted as qaf_providers (CSV, XLSX and ODS).

The fixtures are small hand-made files in Ofsted's layout: three title lines above the header, the
columns in Ofsted's order with their spelling, URNs as text or numbers, "REDACTED" names."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from qaf.config import Settings
from qaf.indicators.providers_ofsted import reference_providers
from qaf.warehouse import ofsted
from qaf.warehouse.read import scan
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import valid_rows, write

TITLES = [
    ["Children's social care data in England 2023 - Provider level as at 31 March 2023"],
    ["This worksheet contains one table, this table begins in cell A4."],
    ["Some cells in this table are empty."],
]
# A cut-down Ofsted header: the mapped columns among some of the others, in Ofsted's order.
HEADER = [
    "Web link",
    "URN",
    "Provision type",
    "Name",
    "Address 1",
    "Local authority",
    "Sector",
    "Latest full inspection date",
    "Overall experiences and progress of children and young people",
    "The effectiveness of leaders and managers",
]
BODY: list[list[Any]] = [
    [
        "Ofsted Social Care Provider Webpage",
        "SC009423",
        "Boarding School",
        "Hillside School",
        "1 Hill Road",
        "Bolton",
        "Voluntary",
        dt.datetime(2019, 6, 26),
        "Inadequate",
        "Inadequate",
    ],
    [
        "Ofsted Social Care Provider Webpage",
        2611190.0,
        "Children's home",
        "REDACTED",
        "REDACTED",
        "Devon",
        "Private",
        dt.datetime(2022, 11, 2),
        "Requires improvement to be good",
        "Inadequate",
    ],
    [
        "Ofsted Social Care Provider Webpage",
        "2611447",
        "Independent Fostering Agency",
        "Moor Fostering",
        "2 Moor Lane",
        "Cornwall",
        "Private",
        dt.datetime(2023, 2, 7),
        "Good",
        "Good",
    ],
]


def _text(value: Any) -> str:
    """A cell as a council's CSV export of the sheet would hold it (UK dates, whole-number URNs)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value))
    return str(value)


def _csv(path: Path, titles: bool = True) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if titles:
            # A spreadsheet saved as CSV pads the title lines to the sheet's width.
            writer.writerows(row + [""] * (len(HEADER) - 1) for row in TITLES)
        writer.writerow(HEADER)
        writer.writerows([_text(v) for v in row] for row in BODY)
    return path


def _folder(tmp_path: Path) -> Path:
    return write(tmp_path / "extract", valid_rows())


def _check(folder: Path) -> tuple[pa.Table, Any]:
    tables, report = check_folder(folder, Settings())
    assert not report.rejected, report.message
    return tables["qaf_providers"], report


def _assert_mapped(providers: pa.Table, report: Any) -> None:
    assert providers.column_names == list(TABLE_COLUMNS)
    rows = {row["urn"]: row for row in providers.to_pylist()}
    assert set(rows) == {"SC009423", "2611190", "2611447"}
    assert rows["2611190"] == {
        "urn": "2611190",
        "provider_name": None,  # REDACTED by Ofsted
        "provider_type": "Children's home",
        "ofsted_grade": "Requires improvement",  # Ofsted: "Requires improvement to be good"
        "inspection_date": dt.date(2022, 11, 2),
        "local_authority": "Devon",
    }
    assert rows["SC009423"]["provider_name"] == "Hillside School"
    assert rows["SC009423"]["ofsted_grade"] == "Inadequate"
    assert rows["2611447"]["ofsted_grade"] == "Good"
    table = report.tables["qaf_providers"]
    assert table.layout == ofsted.LAYOUT
    assert (table.rows_read, table.rows_loaded) == (3, 3)
    assert table.extra_columns == []  # Ofsted's other columns (addresses, ...) are not loaded
    # Every qaf_providers column is filled; the name only where Ofsted did not redact it.
    assert {k: round(v) for k, v in table.fill.items()} == {
        "urn": 100,
        "provider_name": 67,
        "provider_type": 100,
        "ofsted_grade": 100,
        "inspection_date": 100,
        "local_authority": 100,
    }
    note = next(n for n in report.notes if "recognised as Ofsted's provider-level file" in n)
    assert '"Overall experiences and progress of children and young people" -> ofsted_grade' in note
    assert "other 4 columns are not loaded" in note
    assert "1 of 3 names are REDACTED by Ofsted and left empty" in note


TABLE_COLUMNS = (
    "urn",
    "provider_name",
    "provider_type",
    "ofsted_grade",
    "inspection_date",
    "local_authority",
)


def test_ofsted_csv_as_qaf_providers(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _csv(folder / "qaf_providers.csv")
    providers, report = _check(folder)
    _assert_mapped(providers, report)
    assert any("header is on row 4" in n and "row 5 in the file" in n for n in report.notes)


def test_ofsted_csv_without_titles_named_ofsted_providers(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _csv(folder / "Ofsted_Providers.csv", titles=False)
    providers, report = _check(folder)
    _assert_mapped(providers, report)
    assert not any("header is on row" in n for n in report.notes)


def _sheet(book: Any, title: str) -> None:
    sheet = book.create_sheet(title)
    for row in TITLES:
        sheet.append(row)
    sheet.append(HEADER)
    for row in BODY:
        sheet.append(row)


def test_ofsted_workbook_as_published_picks_the_provider_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    folder = _folder(tmp_path)
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Children's social care data in England 2023"])
    # Another sheet of the workbook with a URN column, before the one wanted.
    other = book.create_sheet("Provider_level_in_year_2022-23")
    other.append(["URN", "Inspection date"])
    _sheet(book, "Provider_level_at_31_Mar_2023")
    book.save(folder / "Childrens_social_care_in_England_2023_underlying_data.xlsx")
    providers, report = _check(folder)
    _assert_mapped(providers, report)
    assert any("(Provider_level_at_31_Mar_2023)" in n for n in report.notes)


def test_ofsted_ods(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    frame = pd.DataFrame([*TITLES, HEADER, *BODY])
    with pd.ExcelWriter(folder / "qaf_providers.ods", engine="odf") as writer:
        frame.to_excel(
            writer, sheet_name="Provider_level_at_31_Mar_2023", header=False, index=False
        )
    providers, report = _check(folder)
    _assert_mapped(providers, report)


def test_ods_is_only_for_qaf_providers(tmp_path: Path) -> None:
    for name in ("qaf_providers.ods", "ofsted_providers.ods", "ssd_person.ods", "qaf_teams.ods"):
        (tmp_path / name).touch()
    folder = scan(tmp_path)
    assert folder.clashes == {"qaf_providers": ["ofsted_providers.ods", "qaf_providers.ods"]}
    assert folder.unknown == ["qaf_teams.ods", "ssd_person.ods"]


def test_hand_made_qaf_providers_is_read_as_before(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    write(
        folder,
        {
            "qaf_providers": [
                {"urn": "SC1", "provider_name": "A home", "ofsted_grade": "requires improvement"}
            ]
        },
    )
    providers, report = _check(folder)
    assert providers.column("ofsted_grade").to_pylist() == ["Requires improvement"]
    assert report.tables["qaf_providers"].layout is None
    assert not any("Ofsted" in n for n in report.notes)


def test_ofsted_named_workbook_without_the_provider_sheet_is_rejected(tmp_path: Path) -> None:
    from openpyxl import Workbook

    folder = _folder(tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cover"
    sheet.append(["Children's social care data in England 2023"])
    book.save(folder / "Childrens_social_care_in_England_2023_underlying_data.xlsx")
    _, report = check_folder(folder, Settings())
    assert report.rejected
    assert any("Provider_level_at_31_Mar_<year>" in reason for reason in report.reasons)


def test_ofsted_titles_and_header_without_rows(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = folder / "qaf_providers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(TITLES)
        writer.writerow(HEADER)
    providers, report = _check(folder)
    assert providers.num_rows == 0
    assert report.tables["qaf_providers"].layout == ofsted.LAYOUT


PUBLISHED = Path(
    "/work/shared/benchmarks/dfe/Childrens_social_care_in_England_2023_underlying_data.ods"
)


def test_published_ods_loads_as_the_bundled_extract(tmp_path: Path) -> None:
    """Ofsted's real 2023 file (2 MB, not committed): read in well under a second by calamine."""
    if not PUBLISHED.exists():
        pytest.skip(f"{PUBLISHED} is not on this machine")
    folder = _folder(tmp_path)
    shutil.copy(PUBLISHED, folder / PUBLISHED.name)
    providers, report = _check(folder)
    assert report.tables["qaf_providers"].layout == ofsted.LAYOUT
    assert report.tables["qaf_providers"].rows_rejected == 0
    loaded = providers.to_pandas().set_index("urn").sort_index()
    extract = reference_providers().set_index("urn").sort_index()
    columns = ["provider_type", "ofsted_grade", "inspection_date", "local_authority"]
    pd.testing.assert_frame_equal(loaded[columns], extract[columns])
    assert loaded["provider_name"].notna().sum() == 655  # the rest are REDACTED by Ofsted
