"""Values as real case systems write them: open-end and impossible dates, outcome "JSON" built by
string concatenation, a council's own code map, and what `Parsed.changes` says was changed."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qaf.warehouse import codes
from qaf.warehouse.parse import (
    CHANGE_KINDS,
    END_DATE_COLUMNS,
    Bad,
    CodeMapError,
    code_parser,
    local_maps,
    parse_column,
    parse_outcome,
    value_parser,
)
from qaf.warehouse.specs import TABLES

CEASED = TABLES["ssd_cla_episodes"].col("clae_cla_episode_ceased_date")
STARTED = TABLES["ssd_cla_episodes"].col("clae_cla_episode_start_date")
DOB = TABLES["ssd_person"].col("pers_dob")
OUTCOME = TABLES["ssd_cin_episodes"].col("cine_referral_outcome_json")
SEPT_30 = dt.date(2016, 9, 30)


def mask(parsed_changes: dict[str, np.ndarray], kind: str, rows: int) -> list[bool]:
    return parsed_changes.get(kind, np.zeros(rows, dtype=bool)).tolist()


@pytest.mark.parametrize(
    "text",
    ["9999-12-31", "9999-12-31 00:00:00.000", "9999-12-31T23:59:59", "31/12/9999", "2099-12-31"],
)
def test_open_end_placeholders_are_empty_in_end_dates(text: str) -> None:
    parsed = parse_column(pa.array([text, "2016-09-30"]), CEASED)
    assert parsed.values.to_pylist() == [None, SEPT_30]
    assert parsed.bad.tolist() == [False, False]
    assert parsed.missing.tolist() == [True, False]
    assert parsed.changes["date_placeholder"].tolist() == [True, False]


def test_end_date_columns_are_the_specs_date_order_ends_and_the_listed_extras() -> None:
    ends = {end for table in TABLES.values() for _start, end in table.date_order}
    assert ends <= END_DATE_COLUMNS
    assert "perm_decision_reversed_date" in END_DATE_COLUMNS
    assert "clae_cla_episode_start_date" not in END_DATE_COLUMNS


def test_9999_is_bad_in_a_start_date_and_a_date_of_birth() -> None:
    for column in (STARTED, DOB):
        parsed = parse_column(pa.array(["9999-12-31", "2016-09-30"]), column)
        assert parsed.bad.tolist() == [True, False]


@pytest.mark.parametrize(
    "text", ["0210-05-12", "0001-01-01", "1899-12-31", "2101-01-01", "3016-09-30"]
)
def test_impossible_years_are_bad_per_cell(text: str) -> None:
    for column in (DOB, CEASED):
        parsed = parse_column(pa.array([text, "30/09/2016"]), column)
        assert parsed.bad.tolist() == [True, False]
        assert parsed.values.to_pylist() == [None, SEPT_30]


def test_1900_missing_date_is_a_placeholder_and_day_first_is_reported() -> None:
    parsed = parse_column(
        pa.array(["1900-01-01", "01/01/1900", "30/09/2016", "2016-09-30", None]),
        DOB,
        ("1900-01-01",),
    )
    assert parsed.values.to_pylist() == [None, None, SEPT_30, SEPT_30, None]
    assert parsed.changes["date_placeholder"].tolist() == [True, True, False, False, False]
    assert parsed.changes["date_day_first"].tolist() == [False, True, True, False, False]
    assert not parsed.bad.any()


def test_boundary_years_are_dates() -> None:
    parsed = parse_column(pa.array(["1900-01-02", "2100-12-30"]), DOB)
    assert parsed.values.to_pylist() == [dt.date(1900, 1, 2), dt.date(2100, 12, 30)]
    assert parsed.changes == {}


CONCATENATED = (
    '{"NFA_FLAG": "N", "COMMENTS": "Mum said "no" \n to the plan", "CP_FLAG": "Y"}',
    '{"NFA_FLAG": "N", "COMMENTS": "Seen, then: "ok", agreed", "CP_FLAG": "Y"}',
    '{"NFA_FLAG":"N","COMMENTS":"tab\there","CP_FLAG":"Y"}',
    '{NFA_FLAG: N, COMMENTS: Mum said "no"\r\n to the plan, CP_FLAG: Y}',
    '{"NFA_FLAG": "N", "COMMENTS": "", "CP_FLAG": "Y"}',
)


@pytest.mark.parametrize("text", CONCATENATED)
def test_concatenated_outcome_json_flags_are_read(text: str) -> None:
    stored = parse_outcome(text)
    assert stored is not None
    value = json.loads(stored)
    assert value["NFA_FLAG"] == "N"
    assert value["CP_FLAG"] == "Y"


def test_outcome_cut_short_by_the_column_length_keeps_its_flags() -> None:
    stored = parse_outcome('{"NFA_FLAG": "N", "CP_FLAG": "Y", "COMMENTS": "Mum said "no" and th')
    assert stored is not None
    assert json.loads(stored) == {
        "NFA_FLAG": "N",
        "CP_FLAG": "Y",
        "COMMENTS": 'Mum said "no" and th',
    }


def test_comment_with_a_lone_backslash_is_kept() -> None:
    stored = parse_outcome('{"NFA_FLAG": "N", "COMMENTS": "Back\\slash "quoted""}')
    assert stored is not None
    assert json.loads(stored) == {"NFA_FLAG": "N", "COMMENTS": 'Back\\slash "quoted"'}


def test_comment_with_quotes_and_line_break_is_kept_whole() -> None:
    stored = parse_outcome(CONCATENATED[0])
    assert stored is not None
    assert json.loads(stored)["COMMENTS"] == 'Mum said "no" \n to the plan'


def test_json_repaired_only_for_text_that_was_not_json() -> None:
    rows = [CONCATENATED[0], '{"NFA_FLAG": "N"}', "{NFA_FLAG: N}", "no flags here", None]
    parsed = parse_column(pa.array(rows), OUTCOME)
    assert parsed.changes["json_repaired"].tolist() == [True, False, True, False, False]
    assert parsed.bad.tolist() == [False, False, False, True, False]


@pytest.mark.parametrize(
    "text", ['{"COMMENTS": "Mum said "no""}', 'Mum said "no", see notes', "{,}"]
)
def test_outcome_text_with_no_readable_flag_is_bad(text: str) -> None:
    with pytest.raises(Bad):
        parse_outcome(text)


LEGAL_STATUS = TABLES["ssd_legal_status"].col("lega_legal_status")


def test_local_map_comes_before_the_built_in_lists() -> None:
    local = {"Full care order": "C1", "Our own: ICO wording": "c1"}
    parse = code_parser(codes.LEGAL_STATUS, local)
    assert parse("full care order") == "C1"
    assert parse("OUR OWN - ICO WORDING") == "C1"
    assert parse("C2") == "C2"
    parsed = parse_column(
        pa.array(["Full care order", "C2", "Care order", "Nonsense"]), LEGAL_STATUS, local=local
    )
    assert parsed.values.to_pylist() == ["C1", "C2", "C2", None]
    assert mask(parsed.changes, "code_from_local_map", 4) == [True, False, False, False]
    assert mask(parsed.changes, "code_from_description", 4) == [False, False, True, False]
    assert parsed.bad.tolist() == [False, False, False, True]


def test_value_parser_takes_the_local_map() -> None:
    parse = value_parser(LEGAL_STATUS, local={"Looked after S20": "V2"})
    assert parse is not None
    assert parse("looked after s20") == "V2"


def test_local_map_to_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of its codes"):
        code_parser(codes.LEGAL_STATUS, {"x": "Z9"})


def test_local_maps_validates_and_groups_by_table_and_column() -> None:
    rows = [
        {"table": "ssd_legal_status", "column": "lega_legal_status", "value": "ICO", "code": "c1"},
        ("SSD_Person", "pers_sex", "Unborn", "U"),
        ("", "", "", ""),
    ]
    assert local_maps(rows) == {
        ("ssd_legal_status", "lega_legal_status"): {"ICO": "C1"},
        ("ssd_person", "pers_sex"): {"Unborn": "U"},
    }


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (("ssd_nope", "x", "v", "C1"), "table", "not a table"),
        (("ssd_person", "pers_dob", "v", "C1"), "column", "not a coded column"),
        (("ssd_legal_status", "lega_legal_status", "", "C1"), "value", "empty"),
        (("ssd_legal_status", "lega_legal_status", "Care order", "X9"), "code", "not a legal"),
    ],
)
def test_local_maps_error_names_the_row(row: tuple[str, ...], column: str, words: str) -> None:
    good = ("ssd_legal_status", "lega_legal_status", "ICO", "C1")
    with pytest.raises(CodeMapError, match=words) as caught:
        local_maps([good, row])
    assert caught.value.row == 2
    assert caught.value.column == column
    assert str(caught.value).startswith("qaf_code_map row 2, column " + column)


def test_local_maps_refuses_one_wording_for_two_codes() -> None:
    rows = [
        ("ssd_legal_status", "lega_legal_status", "Care order", "C1"),
        ("ssd_legal_status", "lega_legal_status", "CARE  ORDER.", "C2"),
    ]
    with pytest.raises(CodeMapError, match="row 1: keep one"):
        local_maps(rows)


def test_change_kinds_are_the_report_strings() -> None:
    assert CHANGE_KINDS == (
        "date_day_first",
        "date_placeholder",
        "code_from_description",
        "code_from_local_map",
        "json_repaired",
    )
    parsed = parse_column(pa.array(["2016-09-30"]), DOB)
    assert parsed.changes == {}


# --- Properties: what a system's spelling may vary never changes the code or the flags read. ---

LISTS_WITH_WORDING = [v for v in vars(codes).values() if isinstance(v, codes.CodeList)]


def _respell(text: str, data: st.DataObject) -> str:
    """The same words as another system might write them."""
    text = text.replace("-", data.draw(st.sampled_from(["-", "\u2013", "\u2014", " - "])))
    text = text.replace("'", data.draw(st.sampled_from(["'", "\u2019", ""])))
    text = "".join(c.upper() if data.draw(st.booleans()) else c.lower() for c in text)
    text = text.replace(" ", data.draw(st.sampled_from([" ", "  ", "\t"])))
    return (
        data.draw(st.sampled_from(["", " ", "  "]))
        + text
        + data.draw(st.sampled_from(["", ".", " "]))
    )


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_respelt_descriptions_give_the_same_code(data: st.DataObject) -> None:
    codes_list = data.draw(st.sampled_from(LISTS_WITH_WORDING))
    spellings = [(d, c) for c, d in codes_list.codes.items()]
    spellings += list((codes_list.aliases or {}).items())
    spelling, code = data.draw(st.sampled_from(spellings))
    assert code_parser(codes_list)(_respell(spelling, data)) == code


KEYS = st.sampled_from(
    ["NFA_FLAG", "CP_FLAG", "SINGLE_ASSESSMENT_FLAG", "STRATEGY_DISCUSSION_FLAG"]
)
# No backslash: `\\n` in unescaped text reads as JSON's escape, which no reader can tell apart.
COMMENT = st.text(alphabet=st.sampled_from(list("ab ,:;\"'\n\r\t{}=|.")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, st.sampled_from(["Y", "N", ""]), min_size=1), COMMENT, st.booleans())
def test_concatenated_outcome_reads_every_flag(
    flags: dict[str, str], comment: str, spaced: bool
) -> None:
    # Text the concatenation could not tell from a key is left out: `, "NFA_FLAG": ` in a comment.
    assume(not re.search(r'[{,;|\n]\s*"[A-Za-z_]\w*"\s*[:=]', comment))
    assume(any(v for v in flags.values()))
    sep = ", " if spaced else ","
    text = "{" + sep.join(f'"{k}": "{v}"' for k, v in flags.items())
    text += f'{sep}"COMMENTS": "{comment}"' + "}"
    stored = parse_outcome(text)
    assert stored is not None
    value = json.loads(stored)
    assert {k: value[k] for k in flags} == flags
    assert value["COMMENTS"] == comment


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.booleans(), st.booleans())
def test_every_real_date_reads_as_itself(day: dt.date, uk: bool, time_part: bool) -> None:
    text = f"{day.day:02d}/{day.month:02d}/{day.year}" if uk else day.isoformat()
    text += " 00:00:00" if time_part else ""
    parsed = parse_column(pa.array([text]), CEASED)
    open_end = day == dt.date(2099, 12, 31)
    assert parsed.values.to_pylist() == [None if open_end else day]
    assert mask(parsed.changes, "date_day_first", 1) == [uk]
    assert mask(parsed.changes, "date_placeholder", 1) == [open_end]
