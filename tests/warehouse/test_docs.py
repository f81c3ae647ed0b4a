"""docs/loading.md keeps up with the code: every load setting and every accepted spelling."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from qaf.config import LoadSettings
from qaf.warehouse.parse import FALSE_SPELLINGS, TRUE_SPELLINGS
from qaf.warehouse.specs import SPECS

DOC = (Path(__file__).parents[2] / "docs" / "loading.md").read_text()


def test_every_load_setting_is_documented() -> None:
    for setting in fields(LoadSettings):
        assert f"load.{setting.name}" in DOC, f"load.{setting.name} is not in docs/loading.md"


def test_flag_spellings_documented() -> None:
    for spelling in TRUE_SPELLINGS | FALSE_SPELLINGS:
        assert f"`{spelling}`" in DOC or spelling.title() in DOC, spelling


def test_required_tables_documented() -> None:
    for table in SPECS:
        if table.required:
            assert f"`{table.name}`" in DOC
