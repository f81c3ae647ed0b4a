"""Computations on one open source share their models per report month and settings: the same month
again builds nothing and gives the same figures; another month or other settings build their own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qaf.config import Settings
from qaf.indicators import context
from qaf.indicators.compute import compute
from qaf.indicators.months import Month
from qaf.warehouse.schema import source_from_rows
from tests.indicators.cases import COUNCIL, POPULATION, person, value


def _episode(eid: str, pid: str, start: str) -> dict:
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": pid,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": None,
    }


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the temporary tables materialised, in order."""
    names: list[str] = []
    materialise = context.Context.materialise

    def counting(self: context.Context, expr, what: str):  # type: ignore[no-untyped-def]
        names.append(what)
        return materialise(self, expr, what)

    monkeypatch.setattr(context.Context, "materialise", counting)
    return names


def test_same_month_reuses_models_other_month_and_settings_rebuild(backend, built):
    rows = {
        "qaf_council": COUNCIL,
        "qaf_population": POPULATION,
        "ssd_person": [person("A", "2005-03-01"), person("B", "2012-07-15")],
        # A in care throughout; B from 10 June 2016.
        "ssd_cla_episodes": [_episode("e1", "A", "2015-01-01"), _episode("e2", "B", "2016-06-10")],
    }
    source = source_from_rows(backend, rows)
    settings = Settings()
    first = compute(source, Month.parse("2016-06"), settings, only=["cla.children"])
    assert built, "the first computation materialises its models"
    assert value(first, "cla.children", "2016-06")["value"] == 2

    built.clear()
    again = compute(source, Month.parse("2016-06"), settings, only=["cla.children"])
    assert built == []
    assert again.equals(first)

    may = compute(source, Month.parse("2016-05"), settings, only=["cla.children"])
    assert built, "another report month builds its own models"
    assert value(may, "cla.children", "2016-05")["value"] == 1

    built.clear()
    other = replace(settings, signals=replace(settings.signals, series_months=12))
    compute(source, Month.parse("2016-06"), other, only=["cla.children"])
    assert built, "other settings build their own models"
