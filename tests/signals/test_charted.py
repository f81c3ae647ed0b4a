"""Only a month's own figure is read as an XmR chart (signal_series.charted, docs/signals.md): a
year to date or a 3-year cohort has `signals` null, whichever way its months were found."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from qaf.config import Settings, SignalSettings
from qaf.indicators.beside import beside
from qaf.indicators.compute import compute_all
from qaf.indicators.months import Month
from qaf.indicators.periods import PERIOD_KINDS
from qaf.indicators.registry import REGISTRY, load_all
from qaf.indicators.signal_series import charted, monthly_series
from qaf.warehouse.coverage import Coverage
from qaf.warehouse.schema import source_from_rows
from tests.indicators.test_adoption import episode
from tests.indicators.test_always_answers import ONE_CHILD

SEPT = Month.parse("2016-09")
ADOPTION = {
    "adoption.counts_ytd": "fytd",
    "adoption.adopted_pct": "fytd",
    "adoption.sgo_pct": "fytd",
    "adoption.a1_days": "cohort_3y",
    "adoption.a2_days": "cohort_3y",
    "adoption.a3_pct": "cohort_3y",
}
CONTACTS = "front_door.contacts"
# No run-in, so every month from the first event is charted: a null is the period's doing.
NO_RUN_IN = Settings(signals=SignalSettings(run_in_months=0))


@pytest.mark.parametrize("kind", PERIOD_KINDS)
def test_only_a_months_own_figure_is_charted(kind):
    ind = replace(load_all()[CONTACTS], period=kind)
    assert charted(ind) == (kind == "month")


def test_the_adoption_indicators_declare_periods_that_are_not_charted():
    registry = load_all()
    assert {i: registry[i].period for i in ADOPTION} == ADOPTION
    assert not any(charted(registry[i]) for i in ADOPTION)


def _tables():
    """A child looked after from 2015 and adopted in August 2016, a child leaving on a special
    guardianship order in June 2016, and ONE_CHILD's contact: the data runs from April 2015."""
    episodes = [
        episode("a1", "A", "2015-04-01", "2016-08-10", "E11", entered="2015-04-01"),
        episode("b1", "B", "2015-05-01", "2016-06-15", "E45"),
    ]
    return {
        **ONE_CHILD,
        "ssd_cla_episodes": ONE_CHILD["ssd_cla_episodes"] + episodes,
        "ssd_permanence": [
            {"perm_table_id": "pa", "perm_person_id": "A", "perm_placed_for_adoption_date": "2015-10-01"}
        ],
    }  # fmt: skip


def _source(backend):
    source = source_from_rows(backend, _tables())
    # Recorded in full from April 2015 too (ONE_CHILD's one referral would otherwise say May 2016).
    source.coverage = Coverage(
        date(2015, 4, 1), date(2016, 9, 30), date(2016, 10, 1), recording_start=date(2015, 4, 1)
    )
    return source


def test_year_to_date_and_cohort_indicators_have_signals_null(backend):
    source = _source(backend)
    ids = [*ADOPTION, CONTACTS]
    result = compute_all(source, SEPT, NO_RUN_IN, only=ids)
    assert result.failures == []
    extra, _notes = beside(source, result, SEPT)
    for ind_id in ADOPTION:
        assert extra[ind_id]["signals"] is None, ind_id
    # A monthly indicator of the same data is charted: April 2015 to September 2016.
    assert extra[CONTACTS]["signals"]["months"] == 18
    # The figures themselves stand: A adopted in August, B left on an order in June.
    rows = result.rows[(result.rows.kind == "value") & (result.rows.month == SEPT.label)]
    figures = dict(zip(rows.indicator_id, rows.value, strict=True))
    assert figures["adoption.counts_ytd"] == 1 and figures["adoption.sgo_pct"] == 50.0


def test_a_window_found_in_a_second_pass_leaves_them_out_too(backend):
    # Without signals compute_all keeps no headlines: monthly_series asks the catalogue again
    # for the earlier months, and charts the monthly indicator only.
    source = _source(backend)
    result = compute_all(source, SEPT, NO_RUN_IN, only=[*ADOPTION, CONTACTS], signals=False)
    series, failed = monthly_series(source, result, SEPT, 36)
    assert set(series) == {CONTACTS} and failed == {}
    assert len(series[CONTACTS]) == 18


def test_the_same_figures_declared_monthly_would_be_charted(backend, monkeypatch):
    # What the period rule prevents: counts_ytd read as months would chart the year's running
    # total, which climbs all year and drops every April.
    load_all()
    monthly = replace(REGISTRY["adoption.counts_ytd"], period="month")
    monkeypatch.setitem(REGISTRY, monthly.id, monthly)
    source = _source(backend)
    result = compute_all(source, SEPT, NO_RUN_IN, only=[monthly.id])
    extra, _notes = beside(source, result, SEPT)
    assert extra[monthly.id]["signals"]["months"] == 18
