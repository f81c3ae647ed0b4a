"""What the loader does to keep its memory down must not change what it reads."""

from __future__ import annotations

import pyarrow as pa
import pytest

from qaf.warehouse import parse


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
