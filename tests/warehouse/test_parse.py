"""Each parse rule on its own: dates, missing values, flags, numbers, codes, outcome JSON."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from qaf.warehouse import codes
from qaf.warehouse.parse import (
    Bad,
    clean_text,
    code_parser,
    parse_column,
    parse_date,
    parse_flag,
    parse_float,
    parse_int,
    parse_outcome,
)
from qaf.warehouse.specs import TABLES

SEPT_30 = dt.date(2016, 9, 30)


@pytest.mark.parametrize(
    "text",
    [
        "2016-09-30",
        "2016-09-30 00:00:00.000",
        "2016-09-30T00:00:00",
        "30/09/2016",
        "2016-09-30 00:00:00",
        "2016-09-30 13:45:00.000000",
        "2016-9-30",
        "30/9/2016",
    ],
)
def test_dates_in_every_format_councils_send(text: str) -> None:
    assert parse_date(text) == SEPT_30


@pytest.mark.parametrize("text", ["31/02/2016", "2016-13-01", "09/30/2016x", "yesterday", "2016"])
def test_impossible_or_unreadable_dates_are_bad(text: str) -> None:
    with pytest.raises(Bad):
        parse_date(text)


def test_uk_order_day_first() -> None:
    assert parse_date("01/02/2016") == dt.date(2016, 2, 1)


def test_empty_null_and_1900_are_missing() -> None:
    column = TABLES["ssd_person"].col("pers_death_date")
    parsed = parse_column(
        pa.array(["", "NULL", "null", "  ", "1900-01-01", "01/01/1900", None, "2016-09-30"]),
        column,
        ("1900-01-01",),
    )
    assert parsed.values.to_pylist() == [None] * 7 + [SEPT_30]
    assert not parsed.bad.any()
    assert parsed.missing.tolist() == [True] * 7 + [False]


def test_clean_text_trims_and_nulls() -> None:
    assert clean_text(pa.array([" a ", "NULL", "", None])).to_pylist() == ["a", None, None, None]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Y", True),
        ("y", True),
        ("Yes", True),
        ("TRUE", True),
        ("true", True),
        ("1", True),
        ("T", True),
        ("N", False),
        ("no", False),
        ("False", False),
        ("0", False),
        ("f", False),
    ],
)
def test_flag_spellings(text: str, value: bool) -> None:
    assert parse_flag(text) is value


@pytest.mark.parametrize("text", ["maybe", "2", "YN"])
def test_other_flag_spellings_are_bad(text: str) -> None:
    with pytest.raises(Bad):
        parse_flag(text)


def test_numbers() -> None:
    assert parse_int("12") == 12
    assert parse_int("12.0") == 12
    assert parse_float("0.6") == 0.6
    for bad in ("1.5", "ten", "1e400"):
        with pytest.raises(Bad):
            parse_int(bad)
    for bad in ("nan", "inf", "x"):
        with pytest.raises(Bad):
            parse_float(bad)


def test_codes_accept_code_description_alias_any_case() -> None:
    parse = code_parser(codes.LEGAL_STATUS)
    assert parse("C2") == "C2"
    assert parse("c2") == "C2"
    assert parse("Full care order") == "C2"
    assert parse("  FULL   CARE ORDER ") == "C2"
    assert parse("Section 20") == "V2"
    with pytest.raises(Bad):
        parse("Z9")


def test_code_column_stores_the_code() -> None:
    column = TABLES["ssd_cp_plans"].col("cppl_cp_plan_initial_category")
    parsed = parse_column(pa.array(["Neglect", "PHY", "sexual abuse", "Nonsense"]), column)
    assert parsed.values.to_pylist() == ["NEG", "PHY", "SAB", None]
    assert parsed.bad.tolist() == [False, False, False, True]


@pytest.mark.parametrize(
    "text",
    [
        '{"SINGLE_ASSESSMENT_FLAG": "Y", "NFA_FLAG": "N"}',
        "{SINGLE_ASSESSMENT_FLAG: Y, NFA_FLAG: N}",
        "SINGLE_ASSESSMENT_FLAG=Y;NFA_FLAG=N",
        "{'SINGLE_ASSESSMENT_FLAG': 'Y', 'NFA_FLAG': 'N'}",
        "{single_assessment_flag: Y; nfa_flag: N}",
    ],
)
def test_outcome_json_valid_or_key_value_pairs(text: str) -> None:
    stored = parse_outcome(text)
    assert stored is not None
    assert json.loads(stored) == {"SINGLE_ASSESSMENT_FLAG": "Y", "NFA_FLAG": "N"}


def test_outcome_json_stored_as_compact_valid_json() -> None:
    assert parse_outcome('{ "A" : 1 }') == '{"A":1}'
    assert parse_outcome("null") is None


@pytest.mark.parametrize("text", ["garbage", "[1, 2]", '"just text"', "{: Y}"])
def test_outcome_json_that_holds_no_pairs_is_bad(text: str) -> None:
    with pytest.raises(Bad):
        parse_outcome(text)


def test_parse_column_marks_bad_rows_only() -> None:
    column = TABLES["ssd_person"].col("pers_dob")
    parsed = parse_column(pa.array(["2016-09-30", "nope", "", "30/09/2016"]), column)
    assert parsed.bad.tolist() == [False, True, False, False]
    assert parsed.values.to_pylist() == [SEPT_30, None, None, SEPT_30]
