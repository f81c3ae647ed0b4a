"""The synthetic council computed once per session, and the report built, rendered and printed
from it once: every report test reads these."""

from __future__ import annotations

from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.indicators.months import Month
from qaf.report.build import Computed, build, compute
from qaf.report.document import Report
from qaf.warehouse.report import LoadReport

MONTH = Month.parse("2016-09")


@pytest.fixture(scope="session")
def report_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scale 0.1 is the smallest at which every section (audits, feedback, the IRU) has data."""
    from qaf import synth

    folder = tmp_path_factory.mktemp("report-council")
    synth.write_folder(folder, seed=3, scale=0.1, progress=False)
    return folder


@pytest.fixture(scope="session")
def computed_and_load(report_council: Path) -> tuple[Computed, LoadReport]:
    from qaf import warehouse

    settings = Settings()
    source, load_report = warehouse.read_folder(report_council, settings)
    return compute(source, MONTH, settings), load_report


@pytest.fixture(scope="session")
def computed(computed_and_load: tuple[Computed, LoadReport]) -> Computed:
    return computed_and_load[0]


@pytest.fixture(scope="session")
def report(computed_and_load: tuple[Computed, LoadReport]) -> Report:
    computed, load_report = computed_and_load
    commentary = {"1.2": "<p>Assessment commentary written by the analyst.</p>"}
    return build(
        computed, council="Synthetic Council", load_report=load_report, commentary=commentary
    )


@pytest.fixture(scope="session")
def page(report: Report) -> str:
    from qaf.report import html

    return html.render(report)


@pytest.fixture(scope="session")
def pdf_bytes(page: str) -> bytes:
    from qaf.report import pdf

    return pdf.render(page)
