"""Always an answer: the whole catalogue computes on an empty source, on one child, at dates from
1900 to 2100 and for a month before the data, on both engines; a failure is isolated and named."""

from __future__ import annotations

import pytest

from qaf.config import Settings
from qaf.indicators.compute import IndicatorFailed, compute, compute_all
from qaf.indicators.months import Month
from qaf.indicators.registry import REGISTRY, load_all
from qaf.warehouse.schema import source_from_rows
from tests.indicators.cases import COUNCIL, POPULATION, person


def _all(backend, tables, month="2016-09"):
    source = source_from_rows(backend, tables)
    return compute_all(source, Month.parse(month), Settings())


def _no_failures(result) -> None:
    failed = [(f.indicator_id, f.reason) for f in result.failures]
    assert failed == []


def test_every_indicator_answers_on_an_all_empty_source(backend):
    result = _all(backend, {})
    _no_failures(result)
    # Every indicator gives at least its headline rows (a count of 0 or a null value).
    assert set(result.rows.indicator_id) == set(load_all())


ONE_CHILD = {
    "qaf_council": COUNCIL,
    "qaf_population": POPULATION,
    "ssd_person": [person("C1", "2012-05-01")],
    "ssd_contacts": [
        {"cont_contact_id": "K1", "cont_person_id": "C1", "cont_contact_date": "2016-05-02"}
    ],
    "ssd_cin_episodes": [
        {
            "cine_referral_id": "R1",
            "cine_person_id": "C1",
            "cine_referral_date": "2016-05-03",
        }
    ],
    "ssd_cla_episodes": [
        {
            "clae_cla_episode_id": "E1",
            "clae_person_id": "C1",
            "clae_cla_episode_start_date": "2016-06-01",
            "clae_cla_episode_start_reason": "S",
            "clae_cla_primary_need_code": "N1",
        }
    ],
}


def test_every_indicator_answers_for_one_child(backend):
    result = _all(backend, ONE_CHILD)
    _no_failures(result)
    assert set(result.rows.indicator_id) == set(load_all())


def test_dates_from_1900_to_2100_do_not_break_any_indicator(backend):
    tables = {
        **ONE_CHILD,
        "ssd_person": [person("C1", "1900-01-01"), person("C2", "2100-12-31")],
        "ssd_cin_episodes": [
            {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "1900-01-01"},
            {"cine_referral_id": "R2", "cine_person_id": "C2", "cine_referral_date": "2100-12-31"},
        ],
    }
    _no_failures(_all(backend, tables))


def test_a_month_before_the_data_keeps_every_indicator(duckdb_backend):
    from qaf.indicators.output import to_json

    result = _all(duckdb_backend, ONE_CHILD, "2010-09")
    _no_failures(result)
    doc = to_json(result.rows, Month.parse("2010-09"), "test", result)
    assert set(doc["indicators"]) == set(load_all())
    # Population estimates start in mid-2015: no value, but the indicator is there.
    assert doc["indicators"]["population.by_age_band"]["value"] is None
    # The month is before the first event: every row is marked incomplete.
    assert not any(r["complete"] for r in doc["indicators"]["cin.caseload"]["rows"])


def test_a_failing_indicator_is_named_and_the_others_still_compute(duckdb_backend, monkeypatch):
    broken = REGISTRY["cp.plans"]

    def fail(ctx):
        raise ValueError("synthetic failure")

    monkeypatch.setitem(REGISTRY, "cp.plans", type(broken)(**{**broken.__dict__, "fn": fail}))
    source = source_from_rows(duckdb_backend, ONE_CHILD)
    only = ["cp.plans", "cin.caseload"]
    result = compute_all(source, Month.parse("2016-09"), Settings(), only=only)
    assert [(f.indicator_id, f.reason) for f in result.failures] == [
        ("cp.plans", "ValueError: synthetic failure")
    ]
    assert set(result.rows.indicator_id) == {"cin.caseload"}
    with pytest.raises(IndicatorFailed, match=r"cp\.plans"):
        compute(source, Month.parse("2016-09"), Settings(), only=only)


def test_rows_before_the_data_start_are_incomplete(duckdb_backend):
    # Events start in May 2016: April's rows reach before the data, May's do not.
    result = _all(duckdb_backend, ONE_CHILD, "2016-09")
    rows = result.rows[result.rows.indicator_id == "cin.caseload"]
    heads = rows[rows.kind == "value"]
    complete = {m: bool(c) for m, c in zip(heads.month, heads.complete, strict=True)}
    assert complete["2016-04"] is False
    assert complete["2016-05"] is True
