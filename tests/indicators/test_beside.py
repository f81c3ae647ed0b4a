"""Benchmarks, targets and signals beside each figure of `qaf indicators` (docs/output.md), each
field worked by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest

from qaf.config import Settings, SignalSettings
from qaf.errors import QafError
from qaf.indicators.beside import (
    Target,
    beside,
    parse_model,
    read_targets,
    sentence_comparators,
    target_for,
    target_json,
)
from qaf.indicators.compute import compute_all
from qaf.indicators.months import Month
from qaf.indicators.output import to_json
from qaf.indicators.registry import load_all
from qaf.indicators.signal_series import (
    headline_values,
    monthly_series,
    sentence_name,
    signals_json,
    window,
)
from qaf.warehouse.schema import source_from_rows
from tests.indicators.test_always_answers import ONE_CHILD

SEPT = Month.parse("2016-09")


@pytest.mark.parametrize(
    ("polarity", "value", "expected"),
    [
        ("up", 96.0, True),  # 96 >= 95
        ("up", 95.0, True),  # on the target is on it
        ("up", 94.9, False),
        ("down", 20.0, True),  # lower is better: 20 <= 25
        ("down", 25.1, False),
        ("neutral", 20.0, None),  # no good side to meet a target from
        ("up", None, None),  # no figure, no verdict
    ],
)
def test_on_target_is_read_with_polarity(polarity, value, expected):
    target = Target(95.0 if polarity == "up" else 25.0, "2016-17")
    got = target_json(target, value, polarity)
    assert got == {"value": target.value, "period": "2016-17", "on_target": expected}


def test_a_month_target_beats_the_financial_year_target():
    targets = read_targets(
        _frame(
            [
                {"indicator_id": "cp.rate_per_10k", "period": "2016-17", "target": 42.8},
                {"indicator_id": "cp.rate_per_10k", "period": "2016-09", "target": 40.0},
                {"indicator_id": "cp.plans", "period": "2016-17", "target": 300.0},
            ]
        )
    )
    assert target_for(targets, "cp.rate_per_10k", SEPT) == Target(40.0, "2016-09")
    assert target_for(targets, "cp.rate_per_10k", Month.parse("2016-08")) == Target(42.8, "2016-17")
    assert target_for(targets, "cp.plans", SEPT) == Target(300.0, "2016-17")
    assert target_for(targets, "cp.plans", Month.parse("2017-04")) is None
    assert target_json(None, 10.0, "up") is None


def _frame(rows):
    import pandas as pd

    return pd.DataFrame(rows)


def test_benchmarks_model_is_named_or_a_list_of_codes():
    assert parse_model(None) == "sn2025"
    assert parse_model("SN2021") == "sn2021"
    assert parse_model("879, 880") == ("879", "880")
    with pytest.raises(QafError, match=r"sn2025.*sn2021.*879,880,881"):
        parse_model("neighbours")
    with pytest.raises(QafError, match="statistical neighbours 999: no published file"):
        parse_model("878,999")


def test_sentence_names_read_in_a_sentence():
    assert sentence_name("Referrals") == ("referrals", True)
    assert sentence_name("ICPCs held within 15 working days") == (
        "ICPCs held within 15 working days",
        True,
    )
    assert sentence_name("Long-term placement stability") == (
        "long-term placement stability",
        False,
    )
    assert sentence_name("Children looked after") == ("children looked after", True)


def test_window_runs_back_from_the_month_but_not_before_the_data():
    assert [m.label for m in window(SEPT, 3, None)] == ["2016-09", "2016-08", "2016-07"]
    assert len(window(SEPT, 0, date(2015, 10, 20))) == 12  # October 2015 to September 2016
    assert len(window(SEPT, 36, date(2016, 7, 1))) == 3
    assert len(window(SEPT, 0, None)) == 6  # no data to run back to: the FY to date
    with pytest.raises(QafError, match=r"signals\.series_months = -1"):
        window(SEPT, -1, None)


def _months(values, last="2016-09"):
    end = Month.parse(last)
    labels = [end.shift(i - len(values) + 1).label for i in range(len(values))]
    return dict(zip(labels, values, strict=True))


def test_signals_find_an_obvious_special_cause_read_with_polarity():
    # Eleven months alternating 20 and 24, then 40. Mean 280 / 12 = 23.33 (the 20s below it,
    # the 24s above: no run). Moving ranges: ten of 4 and one of 20; 20 is above 3.267 x their
    # mean (60 / 11 = 5.45), so it is screened out and the mean moving range is 4. Upper limit
    # 23.33 + 2.66 x 4 = 33.97: 40 lies beyond it.
    values = _months([20.0, 24.0] * 5 + [20.0, 40.0])
    ind = load_all()["front_door.re_referral_12m_pct"]  # lower is better
    got = signals_json(ind, values, SEPT, SignalSettings(), 25.0)
    assert got["months"] == 12 and got["from"] == "2015-10" and got["reason"] is None
    assert got["special_causes"] == [
        {
            "month": "2016-09",
            "value": 40.0,
            "rule": "beyond_limit",
            "direction": 1,
            "variation": "special_cause_concern",
        }
    ]
    assert got["variation"] == "special_cause_concern"
    assert got["icons"]["variation"].startswith("special_cause_concern")
    assert got["limits"]["mean"] == pytest.approx(280 / 12)
    assert got["limits"]["mean_moving_range"] == pytest.approx(4.0)
    assert got["limits"]["upper"] == pytest.approx(280 / 12 + 2.66 * 4)
    assert got["assurance"] == "hit_and_miss"  # 25 sits inside the limits
    sentences = " ".join(got["sentences"])
    assert "above the upper process limit" in sentences and "special cause of concern" in sentences
    assert "missed the target of 25.0% by 15.0 percentage points" in sentences
    json.dumps(got, allow_nan=False)


def test_a_series_too_short_for_limits_says_so():
    ind = load_all()["front_door.referrals"]
    got = signals_json(ind, {"2016-09": 12.0}, SEPT, SignalSettings(), None)
    assert got["limits"] is None and got["variation"] is None and got["special_causes"] == []
    assert got["reason"].startswith("only 1 month with a figure")
    assert got["assurance"] == "none"


def test_sentences_compare_with_the_latest_published_year_up_to_the_month():
    bench = {
        "rows": [
            {"period": "2015-16", "comparator": "england", "value": 24.0},
            {"period": "2016-17", "comparator": "england", "value": 22.0},
            {"period": "2017-18", "comparator": "england", "value": 99.0},  # after the month
            {"period": "2015-16", "comparator": "statistical_neighbours", "value": None},
        ]
    }
    [england] = sentence_comparators(bench, SEPT)
    assert (england.name, england.value) == ("England in 2016-17", 22.0)


def _source(backend, **tables):
    return source_from_rows(backend, {**ONE_CHILD, **tables})


def _beside(source, ids, model="sn2025"):
    result = compute_all(source, SEPT, Settings(), only=ids)
    return result, *beside(source, result, SEPT, model)


def test_benchmarks_from_a_qaf_benchmarks_override(duckdb_backend):
    devon = [
        {"la_code": "878", "ons_code": "E10000008", "la_name": "Devon", "region": "South West"}
    ]
    source = _source(
        duckdb_backend,
        qaf_council=devon,
        qaf_benchmarks=[
            {
                "indicator_id": "cp.s47_enquiries",
                "period": "2015-16",
                "comparator": "statistical_neighbours",
                "value": 310.0,
            },
            {
                "indicator_id": "front_door.re_referral_12m_pct",
                "period": "2014-15",
                "comparator": "england",
                "value": 30.5,
            },
        ],
        qaf_targets=[
            {"indicator_id": "front_door.referrals", "period": "2016-17", "target": 10.0},
        ],
    )
    ids = ["cp.s47_enquiries", "front_door.re_referral_12m_pct", "front_door.referrals"]
    result, extra, notes = _beside(source, ids)
    s47 = extra["cp.s47_enquiries"]["benchmarks"]["rows"]
    assert s47 == [
        {
            "period": "2015-16",
            "as_at": None,
            "comparator": "statistical_neighbours",
            "value": 310.0,
            "suppressed": None,
            "n_neighbours": None,
            "n_neighbours_with_data": None,
            "source": "qaf_benchmarks",
        }
    ]
    rerefer = extra["front_door.re_referral_12m_pct"]["benchmarks"]["rows"]
    england_2015 = [r for r in rerefer if (r["period"], r["comparator"]) == ("2014-15", "england")]
    assert [(r["value"], r["source"]) for r in england_2015] == [(30.5, "qaf_benchmarks")]
    # Referrals are a count: a neutral indicator has a target but no verdict on it.
    assert extra["front_door.referrals"]["target"] == {
        "value": 10.0,
        "period": "2016-17",
        "on_target": None,
    }
    assert notes["benchmarks_note"] is None and notes["model"] == "sn2025"
    doc = to_json(result.rows, SEPT, "test", result, extra, notes)
    assert doc["schema_version"] == 3 and doc["benchmarks"]["series_months"] == 36
    json.dumps(doc, allow_nan=False)


def test_no_council_row_or_an_unknown_council_gives_nulls_not_errors(duckdb_backend):
    ids = ["front_door.re_referral_12m_pct"]
    _, extra, notes = _beside(_source(duckdb_backend, qaf_council=[]), ids)
    bench = extra[ids[0]]["benchmarks"]
    assert bench["neighbours"] is None
    assert {r["comparator"] for r in bench["rows"]} == {"england"}
    assert "no LA code" in notes["benchmarks_note"]
    assert extra[ids[0]]["target"] is None

    # tests.indicators.cases' council is 999, which no DfE file holds.
    _, extra, notes = _beside(_source(duckdb_backend), ids)
    bench = extra[ids[0]]["benchmarks"]
    assert bench["neighbours"] is None
    # Its region is the one qaf_council names (South West).
    assert {r["comparator"] for r in bench["rows"]} == {"england", "region"}
    assert "999" in notes["benchmarks_note"]


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    from qaf import synth

    folder = tmp_path_factory.mktemp("council")
    synth.write_folder(folder, seed=3, scale=0.1, progress=False)
    return folder


@pytest.mark.slow
def test_earlier_months_are_what_a_report_for_that_month_gives(council):
    from qaf import warehouse

    settings = Settings()
    source, _ = warehouse.read_folder(council, settings)
    result = compute_all(source, SEPT, settings)
    series, failed = monthly_series(source, result, SEPT, 18)
    assert failed == {}
    registry = load_all()
    march = Month.parse("2016-03")
    earlier = compute_all(source, march, settings)
    compared = 0
    for ind_id in earlier.computed:
        if ind_id not in series:
            continue
        expected = headline_values(
            earlier.rows[earlier.rows["indicator_id"] == ind_id], registry[ind_id]
        )
        for label in (m.label for m in march.fy_to_date()):
            assert series[ind_id][label] == pytest.approx(expected[label], nan_ok=True), (
                ind_id,
                label,
            )
            compared += 1
    assert compared > 40 * 12


@pytest.mark.slow
def test_the_synthetic_council_carries_devons_published_re_referral_rates(council, capsys):
    from qaf import cli

    code = cli.main(
        [
            "indicators",
            "--month",
            "2016-09",
            "--data",
            str(council),
            "--only",
            "front_door.re_referral_12m_pct",
            "--quiet",
        ]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    ind = doc["indicators"]["front_door.re_referral_12m_pct"]
    rows = {(r["period"], r["comparator"]): r for r in ind["benchmarks"]["rows"]}
    # Values anyone can read in the DfE's c1 file for 31 March 2015 (issue 9).
    assert rows[("2014-15", "la")]["value"] == 23.4
    assert rows[("2014-15", "england")]["value"] == 24.2
    # The synthetic council's qaf_benchmarks replace the published 2015-16 England figure.
    assert rows[("2015-16", "england")]["source"] == "qaf_benchmarks"
    assert ind["benchmarks"]["neighbours"]["model"] == "sn2025"
    assert ind["target"]["value"] == 25.0 and ind["target"]["period"] == "2016-17"
    assert ind["target"]["on_target"] == (ind["value"] <= 25.0)
    signals = ind["signals"]
    # Three years of months to the report month, not just the financial year to date.
    assert signals["months"] == 36 and signals["from"] == "2013-10"
    assert signals["points"][-1]["value"] == ind["value"]
    assert any("England in" in s for s in signals["sentences"])


def test_an_indicator_whose_earlier_months_fail_keeps_its_figures(duckdb_backend, monkeypatch):
    from dataclasses import replace

    from qaf.indicators.registry import REGISTRY
    from qaf.warehouse.coverage import Coverage

    load_all()
    real = REGISTRY["cla.children"]
    fy = set(SEPT.fy_to_date())

    def only_this_year(ctx):  # type: ignore[no-untyped-def]
        if not set(ctx.months) <= fy:
            raise ValueError("no history here")
        return real.fn(ctx)

    monkeypatch.setitem(REGISTRY, real.id, replace(real, fn=only_this_year))
    source = source_from_rows(duckdb_backend, ONE_CHILD)
    # Data from 2013, recorded in full from then: the chart reaches back before this financial year.
    source.coverage = Coverage(
        date(2013, 1, 1), date(2016, 9, 20), date(2016, 10, 1), recording_start=date(2013, 1, 1)
    )
    # No run-in: ONE_CHILD's one referral (May 2016) would otherwise start the chart in 2017.
    settings = Settings(signals=SignalSettings(run_in_months=0))
    result = compute_all(source, SEPT, settings, only=[real.id])
    assert result.failures == []
    assert set(result.rows["month"]) == {m.label for m in fy}
    series, failed = monthly_series(source, result, SEPT, 36)
    assert "no history here" in failed[real.id]
    assert set(series[real.id]) == {m.label for m in fy}
