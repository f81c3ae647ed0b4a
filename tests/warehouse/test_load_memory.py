"""What the loader does to keep its memory down must not change what it reads."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from qaf.config import Settings
from qaf.warehouse import parse
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import valid_rows, write


@pytest.mark.parametrize(
    "value",
    [" a", "a ", "\ta", "a\r", "\u00a0a", "a\u2003", "a\n"],
)
def test_clean_text_still_trims_any_white_space_at_either_end(value: str) -> None:
    cleaned = parse.clean_text(pa.array(["x", value, "NULL", ""]))
    assert cleaned.to_pylist() == ["x", "a", None, None]


def test_clean_text_keeps_the_memory_of_a_column_with_nothing_to_trim() -> None:
    column = pa.array(["Y", "caf\u00e9 au lait", "null", "", "a b"]).slice(0)
    cleaned = parse.clean_text(column)
    assert cleaned.to_pylist() == ["Y", "caf\u00e9 au lait", None, None, "a b"]
    assert cleaned.buffers()[2].address == column.buffers()[2].address


def test_clean_text_of_a_slice_trims_only_within_the_slice() -> None:
    column = pa.array([" a", "b", "c ", "d"]).slice(1, 2)
    assert parse.clean_text(column).to_pylist() == ["b", "c"]


def test_outcome_text_let_go_after_parsing_still_gives_the_report_its_examples(
    tmp_path: Path,
) -> None:
    """The outcome column's text is dropped once parsed; the load report still quotes the text
    as read of the first loaded row each change was made to, past rows that were excluded."""
    rows = valid_rows()
    referrals = rows["ssd_cin_episodes"]
    # Row 3 repeats row 2's id (so it is excluded); row 5 is the first loaded repaired row.
    referrals[2]["cine_referral_id"] = referrals[1]["cine_referral_id"]
    referrals[2]["cine_referral_outcome_json"] = "SINGLE_ASSESSMENT_FLAG: N"
    referrals[4]["cine_referral_outcome_json"] = "  SINGLE_ASSESSMENT_FLAG: Y\x00"
    referrals[6]["cine_referral_outcome_json"] = "not flags at all"
    tables, report = check_folder(write(tmp_path, rows), Settings())
    loaded = tables["ssd_cin_episodes"].column("cine_referral_outcome_json").to_pylist()
    assert loaded[:6] == [
        '{"SINGLE_ASSESSMENT_FLAG":"Y"}',
        '{"SINGLE_ASSESSMENT_FLAG":"Y"}',
        '{"SINGLE_ASSESSMENT_FLAG":"Y"}',
        '{"SINGLE_ASSESSMENT_FLAG":"Y"}',
        '{"SINGLE_ASSESSMENT_FLAG":"Y"}',
        None,
    ]
    found = {
        c.kind: (c.count, c.example_row, c.detail)
        for c in report.changes
        if c.column == "cine_referral_outcome_json"
    }
    assert found["json_repaired"] == (1, 5, "  SINGLE_ASSESSMENT_FLAG: Y\\0")
    assert found["nul_removed"] == (1, 5, "  SINGLE_ASSESSMENT_FLAG: Y\\0")
    assert found["cell_emptied"] == (1, 7, "not flags at all")
    bad = next(p for p in report.problems if p.kind == "bad_value")
    assert (bad.row, bad.value) == (7, "not flags at all")
