"""The extract's start is where it records referrals in full (issue 8, point 4): an old episode still
open when the extract's window opens gives an early first event, but a month from before the
recording start is counted from a handful of surviving records, so its rows are incomplete. One
rule (qaf.warehouse.coverage.recording_start), read at load and derived from a hand-made source."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.indicators import coverage as derived
from qaf.indicators.compute import compute_all
from qaf.indicators.months import Month
from qaf.indicators.output import to_csv, to_json
from qaf.warehouse import load_folder, open_source
from qaf.warehouse.coverage import Coverage, recording_start
from qaf.warehouse.schema import Source, source_from_rows
from tests.indicators.test_always_answers import ONE_CHILD
from tests.warehouse.folders import valid_rows, write

# --- The rule, on hand-made counts --------------------------------------------------------------


def test_recording_starts_after_a_build_up_of_small_months():
    # One or two referrals a month through 2014, then ten a month: the median of the last 12
    # months is 10, half of it 5, first reached in January 2015.
    counts = [(2014, m, 1 + m % 2) for m in range(1, 13)]
    counts += [(2015, m, 10) for m in range(1, 13)] + [(2016, m, 10) for m in range(1, 10)]
    assert recording_start(counts) == date(2015, 1, 1)


def test_the_rule_reads_months_in_order_and_the_typical_month_from_the_last_twelve():
    # Given out of order; the last 12 months with referrals are 8 months of 4 and 4 of 6: median
    # 4, half 2. 2013's single referral months stay out, March 2014 (2) is the first to reach it.
    counts = [(2016, m, 6) for m in range(6, 10)] + [(2015, m, 4) for m in range(5, 13)]
    counts += [(2014, 3, 2), (2013, 7, 1), (2013, 1, 1), (2014, 1, 0)]
    assert recording_start(counts) == date(2014, 3, 1)


def test_no_referrals_have_no_recording_start():
    assert recording_start([]) is None
    assert recording_start([(2016, 9, 0)]) is None


def test_a_single_month_is_its_own_recording_start():
    assert recording_start([(2016, 9, 3)]) == date(2016, 9, 1)


# --- Coverage.start and the recorded form -------------------------------------------------------


def test_the_start_is_the_later_of_the_first_event_and_the_recording_start():
    end, extract = date(2016, 9, 30), date(2016, 10, 1)
    old_open = Coverage(date(1997, 7, 7), end, extract, date(2012, 4, 1))
    assert old_open.start == date(2012, 4, 1)
    # A first event after the recording's first month (the 3rd of that month): the first event.
    assert Coverage(date(2012, 4, 3), end, extract, date(2012, 4, 1)).start == date(2012, 4, 3)
    assert Coverage(date(1997, 7, 7), end, extract).start == date(1997, 7, 7)
    assert Coverage(None, None, extract, date(2012, 4, 1)).start == date(2012, 4, 1)
    assert Coverage(None, None, None).start is None


def test_the_recording_start_goes_with_the_recorded_coverage():
    cover = Coverage(date(1997, 7, 7), date(2016, 9, 30), None, date(2012, 4, 1))
    assert cover.to_dict()["recording_start"] == "2012-04-01"
    assert Coverage.from_dict(cover.to_dict()) == cover
    # A version recorded before the recording start was: no key, None.
    old = {"first_event": "1997-07-07", "last_event": "2016-09-30", "extract_date": None}
    assert Coverage.from_dict(old) == Coverage(date(1997, 7, 7), date(2016, 9, 30), None, None)


def _old_referral_rows():
    # The valid little council, its first referral made an old one still open (2001).
    rows = valid_rows()
    rows["ssd_cin_episodes"][0]["cine_referral_date"] = "2001-03-05"
    rows["ssd_cin_episodes"][0]["cine_close_date"] = ""
    return rows


def test_a_loaded_warehouse_records_its_recording_start(tmp_path: Path):
    url = f"duckdb://{tmp_path / 'warehouse.duckdb'}"
    report = load_folder(
        write(tmp_path / "in", _old_referral_rows()), url, Settings(), progress=False
    )
    assert report.status == "loaded", report.message
    # One referral of 2001 and 39 in September 2016: median 20, half 10, first reached in 2016.
    assert report.coverage is not None
    assert report.coverage["recording_start"] == "2016-09-01"
    source = open_source(url)
    try:
        assert source.coverage is not None
        assert source.coverage.first_event == date(2001, 3, 5)
        assert source.coverage.recording_start == date(2016, 9, 1)
        assert source.coverage.start == date(2016, 9, 1)
        # Derived from the loaded tables by the ibis query, the same rule gives the same start.
        assert derived.derive(source).recording_start == date(2016, 9, 1)
    finally:
        source.backend.disconnect()


def test_a_version_recorded_without_it_has_it_derived_once(tmp_path: Path, monkeypatch):
    url = f"duckdb://{tmp_path / 'warehouse.duckdb'}"
    report = load_folder(
        write(tmp_path / "in", _old_referral_rows()), url, Settings(), progress=False
    )
    assert report.status == "loaded", report.message
    source = open_source(url)
    try:
        assert report.coverage is not None
        old = {k: v for k, v in report.coverage.items() if k != "recording_start"}
        source.coverage = Coverage.from_dict(old)
        assert source.coverage is not None and source.coverage.recording_start is None
        calls = []
        real = derived.recording_start

        def counted(src: Source) -> date | None:
            calls.append(src)
            return real(src)

        monkeypatch.setattr(derived, "recording_start", counted)
        for _ in range(3):
            cover, recorded = derived.coverage_of(source)
            assert recorded is True
            assert cover.recording_start == date(2016, 9, 1)
            assert cover.first_event == date(2001, 3, 5)
        assert len(calls) == 1
    finally:
        source.backend.disconnect()


# --- `complete` before and after the recording start, on both engines ---------------------------


def _months(start: Month, end: Month, per_month: int) -> list[str]:
    days, month = [], start
    while month <= end:
        days += [f"{month.label}-{day:02d}" for day in range(1, per_month + 1)]
        month = month.shift(1)
    return days


def _old_open_episode_tables():
    """ONE_CHILD's council, with a referral of 1997 still open (the first event), one referral in
    2013 and four a month from January 2015: the recording starts in January 2015."""
    dates = ["1997-07-07", "2013-06-10", *_months(Month(2015, 1), Month(2016, 9), 4)]
    referrals = [
        {"cine_referral_id": f"R{n}", "cine_person_id": f"C{n}", "cine_referral_date": day}
        for n, day in enumerate(dates)
    ]
    return {**ONE_CHILD, "ssd_cin_episodes": referrals}


@pytest.mark.parametrize("recorded", [False, True])
def test_a_month_before_the_recording_start_is_incomplete(backend, recorded):
    source = source_from_rows(backend, _old_open_episode_tables())
    if recorded:
        # As a loaded version gives it: recorded with its recording start.
        source.coverage = Coverage(
            date(1997, 7, 7), date(2016, 9, 4), date(2016, 10, 1), date(2015, 1, 1)
        )
    settings = Settings()
    for label, complete in (("2014-06", False), ("2014-12", False), ("2015-01", True)):
        month = Month.parse(label)
        result = compute_all(source, month, settings, only=["cin.caseload"], signals=False)
        assert result.failures == []
        assert result.coverage.start == date(2015, 1, 1)
        rows = result.rows
        head = rows[(rows.kind == "value") & (rows.month == label)]
        assert list(head.complete) == [complete], label
        # The 1997 referral is still open: the early month has a figure, just not a whole one.
        if label == "2014-06":
            assert list(head.value) == [2]
        doc = to_json(rows, month, "test", result)
        assert doc["coverage"]["first_event"] == "1997-07-07"
        assert doc["coverage"]["recording_start"] == "2015-01-01"
        assert doc["coverage"]["start"] == "2015-01-01"
        assert doc["coverage"]["recorded"] is recorded
        assert doc["indicators"]["cin.caseload"]["complete"] is complete
        line = next(x for x in to_csv(head).splitlines() if f",{label},value," in x)
        assert line.endswith(f",{complete}")
    json.dumps(doc)  # the JSON stays serialisable
