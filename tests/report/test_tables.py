"""The monthly table's SPC columns: population estimates get no SPC reading."""

from __future__ import annotations

from typing import Any

from qaf.indicators.months import Month
from qaf.report.tables import monthly_table, reads_spc

SEPT = Month.parse("2016-09")


def _entry(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "unit": "count",
        "polarity": "neutral",
        "series": [{"month": "2016-09", "value": 120}],
        "signals": {"icons": {"variation": "common_cause", "assurance": "no_target"}},
    }


def test_population_gets_no_spc_reading_other_indicators_do() -> None:
    table = monthly_table(
        "t",
        "Each month",
        {"population.under_18": _entry("Children"), "cin.caseload": _entry("Caseload")},
        SEPT,
    )
    population, caseload = (row.cells for row in table.rows)
    assert population["variation"].icon is None
    assert population["variation"].text == "not a process: no SPC reading"
    assert caseload["variation"].icon == "common_cause"
    assert not reads_spc("population.by_age_band") and reads_spc("cin.caseload")
