"""docs/loading.md names every change and problem kind the load report can give."""

from __future__ import annotations

from pathlib import Path

from qaf.warehouse import report

DOC = (Path(__file__).parents[2] / "docs" / "loading.md").read_text()


def test_every_change_kind_is_documented() -> None:
    for kind in report.CHANGE_WORDS:
        assert f"`{kind}`" in DOC, f"change kind {kind} is not in docs/loading.md"


def test_every_problem_kind_is_documented() -> None:
    for kind in report.CELL_KINDS | report.ROW_KINDS | {report.MISSING_VALUE}:
        assert f"`{kind}`" in DOC, f"problem kind {kind} is not in docs/loading.md"
