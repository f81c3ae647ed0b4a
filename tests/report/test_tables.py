"""The monthly table's SPC columns (population estimates get no SPC reading; a figure with no
variation reading says why) and the period headings."""

from __future__ import annotations

from typing import Any

from qaf.indicators.months import Month
from qaf.indicators.periods import PERIOD_KINDS
from qaf.report.tables import PERIOD_WORDS, icon_cells, monthly_table, reads_spc

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


def test_a_figure_with_no_variation_reading_shows_the_reason() -> None:
    reason = "not enough months since the data's build-up for a reading"
    signals = {"icons": {"variation": None, "assurance": "no_target"}, "reason": reason}
    cells = icon_cells(signals)
    assert cells["variation"].text == reason and cells["variation"].icon is None
    assert cells["assurance"].icon == "no_target"
    assert icon_cells({"icons": None, "reason": reason})["variation"].text == reason
    shown = icon_cells({"icons": {"variation": "common_cause", "assurance": None}, "reason": None})
    assert shown["variation"].icon == "common_cause" and shown["assurance"].text == ""


def test_every_period_kind_but_the_month_has_words() -> None:
    assert set(PERIOD_KINDS) - {"month"} <= set(PERIOD_WORDS)
    assert "quarter" in PERIOD_WORDS["cohort_3y"]
