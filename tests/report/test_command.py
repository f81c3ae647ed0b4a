"""`qaf report` as a person runs it: the files it writes, and its exit codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from qaf import cli
from qaf.commands import indicators as indicators_command
from qaf.indicators.registry import REGISTRY
from qaf.warehouse.coverage import Coverage
from qaf.warehouse.schema import source_from_rows
from tests.indicators.test_always_answers import ONE_CHILD


@pytest.fixture
def one_child(duckdb_backend, monkeypatch):
    """A source of one child, so the whole path (compute, build, HTML, PDF) runs in seconds."""
    made = source_from_rows(duckdb_backend, ONE_CHILD)
    made.coverage = Coverage(date(2016, 5, 2), date(2016, 9, 20), date(2016, 10, 1))
    monkeypatch.setattr(indicators_command, "open_data", lambda args, settings: made)
    return made


@pytest.mark.slow
def test_writes_the_html_and_the_pdf(one_child, tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## 1.0\nDemand is **steady**.\n")
    out = tmp_path / "made" / "here"
    code = cli.main(
        ["report", "--month", "2016-09", "--out", str(out), "--commentary", str(notes), "--quiet"]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "qaf-report-2016-09.html",
        "qaf-report-2016-09.pdf",
    ]
    page = (out / "qaf-report-2016-09.html").read_text()
    assert "Demand is <strong>steady</strong>." in page
    assert (out / "qaf-report-2016-09.pdf").read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().out == ""


def test_a_month_after_the_data_is_refused(one_child, tmp_path: Path, capsys) -> None:
    code = cli.main(["report", "--month", "2030-12", "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "2016-10-01" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_commentary_file_is_refused_before_computing(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## 7.7\nNo such section.\n")
    code = cli.main(
        ["report", "--month", "2016-09", "--out", str(tmp_path / "o"), "--commentary", str(notes)]
    )
    assert code == 2
    assert "'7.7' is not a section" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_out_must_be_a_folder(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    assert cli.main(["report", "--month", "2016-09", "--out", str(blocker)]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.slow
def test_a_failing_indicator_exits_3_and_the_report_is_written(
    one_child, tmp_path: Path, capsys, monkeypatch
) -> None:
    broken = REGISTRY["cp.plans"]

    def fail(ctx):
        raise ValueError("synthetic failure")

    monkeypatch.setitem(REGISTRY, "cp.plans", type(broken)(**{**broken.__dict__, "fn": fail}))
    code = cli.main(["report", "--month", "2016-09", "--out", str(tmp_path), "--quiet"])
    assert code == 3
    assert "cp.plans failed" in capsys.readouterr().err
    page = (tmp_path / "qaf-report-2016-09.html").read_text()
    assert "failed to compute and are missing: cp.plans" in page


@pytest.mark.slow
def test_external_writes_the_protected_variant(one_child, tmp_path: Path) -> None:
    code = cli.main(
        ["report", "--month", "2016-09", "--out", str(tmp_path), "--external", "--quiet"]
    )
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["qaf-report-2016-09-external.html", "qaf-report-2016-09-external.pdf"]
    page = (tmp_path / names[0]).read_text()
    assert "For publication" in page and "not for publication" not in page
    # Published, so marked OFFICIAL on the page and in every PDF page's header, never -SENSITIVE.
    assert "OFFICIAL-SENSITIVE" not in page and '<p class="marking">OFFICIAL</p>' in page
    pdf = PdfReader(tmp_path / names[1])
    for number, sheet in enumerate(pdf.pages, start=1):
        text = sheet.extract_text()
        assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text, number
