"""Suppression, medians, overrides and errors on small synthetic files shaped like the DfE's."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from qaf.benchmarks import (
    BY_ID,
    BenchmarkDataError,
    Council,
    benchmarks_json,
    comparators,
    read_overrides,
)
from qaf.benchmarks.published import BLANK, build, read_cell, read_cells

RE_REFERRALS = "front_door.re_referral_12m_pct"
HEAD = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"
# Council 101 and its neighbours 102 to 107 (2025 model); 102 and 103 only in the 2021 groupings.
C1 = {
    "England": "24.0",
    "Region": "25.0",
    "101": "20.0",
    "102": "10.0",
    "103": "c",
    "104": "30.0",
    "105": "",
    "106": "low",
    "107": "40.0",
}


def write_folder(folder: Path, c1: dict[str, str]) -> Path:
    def line(code: str, value: str) -> str:
        if code == "England":
            return f"2016,Reporting year,National,E92000001,England,,,,,,{value}"
        if code == "Region":
            return f"2016,Reporting year,Regional,E92000001,England,E12000009,South West,,,,{value}"
        return f"2016,Reporting year,Local authority,E92000001,England,E12000009,South West,{code},E0{code},Council {code},{value}"

    (folder / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv").write_text(
        "\ufeff"
        + "\n".join([HEAD + ",rereferral_percent", *(line(c, v) for c, v in c1.items())])
        + "\n",
        encoding="utf-8",
    )
    (folder / "ons_mid-year_population_estimates_2012_to_2024.csv").write_text(
        "\n".join([HEAD + ",population_estimate", line("101", "1000"), line("England", "9000")])
        + "\n"
    )
    (folder / "sn_model_2025_wide.csv").write_text(
        "old_la_code,la_name,region_ind,region_name,SN_1,SN_1P,SN_2,SN_2P,SN_3,SN_3P,SN_4,SN_4P,SN_5,SN_5P,SN_6,SN_6P\n"
        "101,Council 101,7,South West,102,Close ,103,Close ,104,Close ,105,Close ,106,Close ,107,Close \n"
    )
    (folder / "New_Statistical_Neighbour_Groupings_April_2021.csv").write_text(
        "LA num,LA Name,LA number,GOInd,GOReg,SN1,SNP,SN2,SNP,\n"
        "101,Council 101,101,7,South West,102,Very Close,103,Close,\n"
    )
    return folder


@pytest.fixture
def published(tmp_path):
    return build(write_folder(tmp_path, C1), [BY_ID[RE_REFERRALS]])


COUNCIL = Council("101", "E0101", "South West")


@pytest.mark.parametrize(
    ("text", "value", "symbol"),
    [
        ("c", None, "c"),
        ("k", None, "k"),
        ("x", None, "x"),
        ("z", None, "z"),
        ("u", None, "u"),
        ("low", None, "low"),
        (":", None, ":"),
        ("", None, BLANK),
        (" ", None, BLANK),
        ("0", 0.0, None),
        ("1,234", 1234.0, None),
        ("-2.5", -2.5, None),
    ],
)
def test_a_cell_is_a_number_or_a_symbol_never_a_zero_for_a_symbol(text, value, symbol):
    cell = read_cell(text)
    assert cell is not None
    assert (cell.value, cell.symbol) == (value, symbol)


def test_a_whole_column_reads_as_its_cells_do():
    texts = pd.Series(["c", "k", "x", "z", "u", "LOW", ":", "", " ", "0", "1,234", "-2.5"])
    values, symbols, bad = read_cells(texts)
    assert bad is None
    for text, value, symbol in zip(texts, values, symbols, strict=True):
        cell = read_cell(text)
        assert cell is not None
        assert cell.symbol == symbol
        assert (cell.value is None and pd.isna(value)) or cell.value == value
    assert read_cells(pd.Series(["1", "n/a", "x", "?"]))[2] == 1


def test_years_and_months_are_days():
    cell = read_cell("01:07", years_months=True)
    assert cell is not None and cell.value == pytest.approx(19 * 365.25 / 12)


def test_the_median_leaves_out_suppressed_and_blank_neighbours(published):
    rows = {b.comparator: b for b in comparators(published, RE_REFERRALS, COUNCIL)}
    # Neighbours with a figure: 102 10.0, 104 30.0, 107 40.0 (103 "c", 105 blank, 106 "low").
    assert rows["statistical_neighbours"].value == 30.0
    assert rows["statistical_neighbours"].n_neighbours == 6
    assert rows["statistical_neighbours"].n_neighbours_with_data == 3
    assert (rows["la"].value, rows["region"].value, rows["england"].value) == (20.0, 25.0, 24.0)
    assert rows["la"].period == "2015-16"


def test_2021_model_and_own_list(published):
    # 2021: 102 10.0 and 103 "c": the median of one figure.
    sn2021 = {b.comparator: b for b in comparators(published, RE_REFERRALS, COUNCIL, "sn2021")}
    assert sn2021["statistical_neighbours"].value == 10.0
    own = {b.comparator: b for b in comparators(published, RE_REFERRALS, COUNCIL, ["104", "107"])}
    assert own["statistical_neighbours"].value == 35.0


def test_no_neighbour_with_a_figure_gives_no_median(published):
    rows = {b.comparator: b for b in comparators(published, RE_REFERRALS, COUNCIL, ["103", "106"])}
    assert rows["statistical_neighbours"].value is None
    assert rows["statistical_neighbours"].n_neighbours_with_data == 0


def test_a_suppressed_council_figure_keeps_its_symbol(tmp_path):
    published = build(write_folder(tmp_path, {**C1, "101": "k"}), [BY_ID[RE_REFERRALS]])
    own = next(b for b in comparators(published, RE_REFERRALS, COUNCIL) if b.comparator == "la")
    assert (own.value, own.suppressed) == (None, "k")


def test_an_unknown_symbol_names_file_row_and_column(tmp_path):
    write_folder(tmp_path, {**C1, "104": "n/a"})
    with pytest.raises(BenchmarkDataError) as raised:
        build(tmp_path, [BY_ID[RE_REFERRALS]])
    message = str(raised.value)
    assert "c1_children_in_need" in message
    assert "row 7" in message  # the file's line: header, England, region, 101, 102, 103, 104
    assert "rereferral_percent" in message
    assert "'n/a'" in message


def test_a_renamed_column_is_named(tmp_path):
    write_folder(tmp_path, C1)
    path = tmp_path / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("rereferral_percent", "rerefs"))
    with pytest.raises(BenchmarkDataError, match="no column 'rereferral_percent'"):
        build(tmp_path, [BY_ID[RE_REFERRALS]])


def test_qaf_benchmarks_rows_override_the_published_ones(published):
    supplied = read_overrides(
        pd.DataFrame(
            {
                "indicator_id": [RE_REFERRALS, RE_REFERRALS, "cp.s47_enquiries"],
                "period": ["2015-16", "2014-15", "2015-16"],
                "comparator": ["statistical_neighbours", "england", "statistical_neighbours"],
                "value": [24.6, 23.0, 141.0],
            }
        )
    )
    rows = comparators(published, RE_REFERRALS, COUNCIL, overrides=supplied)
    keyed = {(b.period, b.comparator): b for b in rows}
    assert keyed[("2015-16", "statistical_neighbours")].value == 24.6
    assert keyed[("2015-16", "statistical_neighbours")].source == "qaf_benchmarks"
    assert keyed[("2015-16", "england")].value == 24.0  # not overridden
    assert keyed[("2014-15", "england")].value == 23.0  # a year the files lack
    # An indicator the files do not cover still gets its supplied rows.
    shaped = benchmarks_json(published, COUNCIL, overrides=supplied, indicator_ids=None)
    assert shaped["cp.s47_enquiries"]["rows"][0]["value"] == 141.0
    assert shaped["cp.s47_enquiries"]["published_measure"] is None


def test_an_override_with_an_unknown_comparator_is_named():
    with pytest.raises(BenchmarkDataError, match=r"qaf_benchmarks, row 2, column comparator"):
        read_overrides([{"indicator_id": "x", "period": "2015-16", "comparator": "sn"}])


def test_the_json_object_is_plain_json(published):
    shaped = benchmarks_json(published, COUNCIL, indicator_ids=[RE_REFERRALS])
    text = json.dumps(shaped, allow_nan=False)
    entry = json.loads(text)[RE_REFERRALS]
    assert entry["neighbours"] == {
        "model": "sn2025",
        "name": "DfE statistical neighbour model 2025",
        "la_codes": ["102", "103", "104", "105", "106", "107"],
    }
    assert [r["comparator"] for r in entry["rows"]] == [
        "la",
        "statistical_neighbours",
        "region",
        "england",
    ]
    assert entry["rows"][0] == {
        "period": "2015-16",
        "as_at": "2016-03-31",
        "comparator": "la",
        "value": 20.0,
        "suppressed": None,
        "n_neighbours": None,
        "n_neighbours_with_data": None,
        "source": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    }


def test_council_errors_say_what_to_do(published):
    with pytest.raises(BenchmarkDataError, match="not in DfE statistical neighbour model 2025"):
        comparators(published, RE_REFERRALS, Council("999"))
    with pytest.raises(BenchmarkDataError, match="no published file has these LA codes"):
        comparators(published, RE_REFERRALS, COUNCIL, ["104", "999"])
    with pytest.raises(BenchmarkDataError, match="model 'sn2019' is not known"):
        comparators(published, RE_REFERRALS, COUNCIL, "sn2019")
    with pytest.raises(BenchmarkDataError, match="qaf_council, column la_code"):
        Council.from_row({"la_code": " ", "ons_code": "E0101"})
    assert Council.from_row({"la_code": 878.0, "region": "South West"}) == Council(
        "878", None, "South West"
    )


def test_a_council_without_published_rows_finds_its_region_by_name(published):
    # A council new since the files (no row of its own) still gets its region and England.
    rows = {
        b.comparator: b
        for b in comparators(published, RE_REFERRALS, Council("999", None, "south west"), ["104"])
    }
    assert "la" not in rows
    assert (rows["region"].value, rows["england"].value) == (25.0, 24.0)
    assert rows["statistical_neighbours"].value == 30.0
