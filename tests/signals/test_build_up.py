"""The signals' window starts once the data has built up (signals.run_in_months, docs/signals.md):
an extract's first year holds only the episodes that started in it, so its climb is not read as
special cause. Every boundary worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from qaf.config import Settings, SignalSettings
from qaf.errors import QafError
from qaf.indicators.beside import beside
from qaf.indicators.compute import compute_all
from qaf.indicators.coverage import coverage_of, recording_start
from qaf.indicators.months import Month
from qaf.indicators.registry import load_all
from qaf.indicators.signal_series import (
    ChartValues,
    build_up_end,
    short_since_build_up,
    signals_json,
    window,
)
from qaf.warehouse.schema import source_from_rows
from tests.indicators.test_always_answers import ONE_CHILD

SEPT = Month.parse("2016-09")
BUILD_UP = "not enough months since the data's build-up for a reading"


def labels(months: tuple[Month, ...]) -> list[str]:
    return [m.label for m in months]


def test_the_build_up_ends_a_year_after_the_first_event():
    assert build_up_end(date(2015, 9, 1), 12) == date(2016, 9, 1)
    assert build_up_end(date(2015, 9, 15), 12) == date(2016, 9, 15)
    # A day the later month lacks falls back to its last day.
    assert build_up_end(date(2015, 2, 28), 12) == date(2016, 2, 28)
    assert build_up_end(date(2016, 2, 29), 12) == date(2017, 2, 28)
    assert build_up_end(date(2016, 1, 31), 1) == date(2016, 2, 29)
    # No event, or no run-in: no build-up.
    assert build_up_end(None, 12) is None
    assert build_up_end(date(2015, 9, 1), 0) is None
    with pytest.raises(QafError, match=r"signals\.run_in_months = -1"):
        build_up_end(date(2015, 9, 1), -1)


def test_a_window_exactly_twelve_months_after_the_first_event_holds_that_month():
    # First event 1 September 2015: the build-up ends on 1 September 2016, which September
    # 2016 starts on, so September is the window's one month.
    assert labels(window(SEPT, 36, date(2015, 9, 1), 12)) == ["2016-09"]
    assert labels(window(SEPT, 0, date(2015, 9, 1), 12)) == ["2016-09"]


def test_a_month_before_the_build_up_ends_has_an_empty_window():
    assert window(SEPT.shift(-1), 36, date(2015, 9, 1), 12) == ()
    assert window(SEPT.shift(-1), 0, date(2015, 9, 1), 12) == ()
    # First event on 2 September 2015: the build-up ends on 2 September 2016, after September
    # 2016 starts, so September (it holds a day of the build-up) is left out whole.
    assert window(SEPT, 36, date(2015, 9, 2), 12) == ()
    assert labels(window(SEPT.shift(1), 36, date(2015, 9, 2), 12)) == ["2016-10"]


def test_series_months_zero_runs_back_to_the_end_of_the_build_up():
    # First event 20 April 2014: the build-up ends 20 April 2015; May 2015 to September 2016.
    got = window(SEPT, 0, date(2014, 4, 20), 12)
    assert (got[0].label, got[-1].label, len(got)) == ("2016-09", "2015-05", 17)


def test_series_months_36_is_cut_by_the_build_up_only_when_it_reaches_it():
    got = window(SEPT, 36, date(2014, 4, 20), 12)
    assert (got[-1].label, len(got)) == ("2015-05", 17)
    # Data from January 2010: the build-up ended in January 2011, long before the 36 months.
    got = window(SEPT, 36, date(2010, 1, 1), 12)
    assert (got[0].label, got[-1].label, len(got)) == ("2016-09", "2013-10", 36)


def test_no_first_event_has_no_build_up_to_cut():
    assert labels(window(SEPT, 3, None, 12)) == ["2016-09", "2016-08", "2016-07"]
    assert len(window(SEPT, 0, None, 12)) == 6  # no data to run back to: the FY to date


def test_no_run_in_charts_from_the_month_of_the_first_event():
    # As before the run-in: October 2015 (which holds the first event) to September 2016.
    assert len(window(SEPT, 0, date(2015, 10, 20), 0)) == 12
    assert len(window(SEPT, 0, date(2015, 10, 20))) == 12


def test_a_window_is_short_since_the_build_up_only_when_the_build_up_cut_it():
    built_up = date(2016, 9, 1)
    assert short_since_build_up((), built_up)
    assert short_since_build_up((SEPT,), built_up)
    assert not short_since_build_up((SEPT, SEPT.shift(-1)), built_up)
    # One month because one was asked for (signals.series_months = 1), long after the build-up.
    assert not short_since_build_up((SEPT,), date(2015, 9, 1))
    assert not short_since_build_up((), None)


def test_a_short_window_since_the_build_up_gives_no_reading():
    ind = load_all()["front_door.referrals"]
    values = ChartValues({"2016-09": 12.0})
    values.build_up_short = True
    got = signals_json(ind, values, SEPT, SignalSettings(), 10.0)
    assert got["reason"] == BUILD_UP
    assert got["limits"] is None and got["variation"] is None and got["special_causes"] == []
    assert got["icons"]["variation"] is None and got["assurance"] == "none"


def _signals(backend, settings: Settings, ind_id: str) -> dict:
    source = source_from_rows(backend, ONE_CHILD)
    result = compute_all(source, SEPT, settings, only=[ind_id])
    extra, _notes = beside(source, result, SEPT)
    return extra[ind_id]["signals"]


def test_a_month_in_the_build_up_says_so_on_every_backend(backend):
    # ONE_CHILD's first event is a contact on 2 May 2016: its build-up runs to 2 May 2017, so
    # September 2016 is inside it and nothing is read from its chart.
    got = _signals(backend, Settings(), "front_door.contacts")
    assert got["months"] == 0 and got["reason"] == BUILD_UP
    assert got["limits"] is None and got["special_causes"] == [] and got["sentences"] == []


def test_the_run_in_follows_its_setting(backend):
    # Three months: the build-up ends 2 August 2016, so the window is September alone.
    three = Settings(signals=SignalSettings(run_in_months=3))
    got = _signals(backend, three, "front_door.contacts")
    assert (got["months"], got["from"], got["reason"]) == (1, "2016-09", BUILD_UP)
    # Two: it ends 2 July 2016; August and September give trial limits and a reading.
    two = Settings(signals=SignalSettings(run_in_months=2))
    got = _signals(backend, two, "front_door.contacts")
    assert (got["months"], got["from"], got["reason"]) == (2, "2016-08", None)
    assert got["limits"] is not None and got["trial"] is True
    # None: May (the contact's month) to September, as before the run-in.
    none = Settings(signals=SignalSettings(run_in_months=0))
    got = _signals(backend, none, "front_door.contacts")
    assert (got["months"], got["from"]) == (5, "2016-05")


def _referrals(*dates: str) -> dict[str, list[dict[str, str]]]:
    return {
        "ssd_cin_episodes": [
            {"cine_referral_id": f"R{n}", "cine_person_id": f"C{n}", "cine_referral_date": d}
            for n, d in enumerate(dates)
        ]
    }


def _monthly(start: Month, end: Month, per_month: int) -> list[str]:
    days, month = [], start
    while month <= end:
        days += [f"{month.label}-{day:02d}" for day in range(1, per_month + 1)]
        month = month.shift(1)
    return days


def test_recording_starts_when_referrals_reach_half_a_typical_recent_month(backend):
    # A referral of 1997 still open (a real extract keeps those), a thin 2014 (one a month), then
    # four a month from January 2015: half of four is two, first reached in January 2015.
    dates = ["1997-07-07", *_monthly(Month(2014, 1), Month(2014, 12), 1)]
    dates += _monthly(Month(2015, 1), Month(2016, 9), 4)
    source = source_from_rows(backend, _referrals(*dates))
    assert recording_start(source) == date(2015, 1, 1)
    # The first event says 1997; the signals start from the recording, a year of run-in later.
    coverage, _recorded = coverage_of(source)
    assert coverage.first_event == date(1997, 7, 7)
    assert coverage.start == date(2015, 1, 1)
    assert labels(window(SEPT, 36, coverage.start, 12))[-1] == "2016-01"


def test_no_referrals_leave_the_first_event_as_the_start(backend):
    source = source_from_rows(backend, {})
    assert recording_start(source) is None
    contact = {"cont_contact_id": "K1", "cont_person_id": "C1", "cont_contact_date": "2015-03-02"}
    coverage, _recorded = coverage_of(source_from_rows(backend, {"ssd_contacts": [contact]}))
    assert coverage.recording_start is None
    assert coverage.start == date(2015, 3, 2)
    assert coverage_of(source)[0].start is None
