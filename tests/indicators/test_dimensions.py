"""Dimensions in natural order, and the team hierarchy built once from qaf_teams or ssd_department."""

from __future__ import annotations

import pandas as pd

from qaf.config import Settings
from qaf.indicators.context import Context
from qaf.indicators.dimensions import dimension, sort_key
from qaf.indicators.hierarchy import (
    NO_AREA_KEY,
    NO_SERVICE_KEY,
    TeamHierarchy,
    team_hierarchy,
)
from qaf.indicators.months import Month
from qaf.indicators.rows import NO_TEAM_KEY
from qaf.warehouse.schema import source_from_rows


def test_bands_sort_in_natural_order_not_as_text():
    keys = ["10-15", "16-17", "0", "5-9", "1-4"]
    ordered = sorted(keys, key=lambda k: sort_key({"age_band": k}))
    assert ordered == ["0", "1-4", "5-9", "10-15", "16-17"]
    assert dimension("plan_length").label_of("3+") == "3 months or more"
    # An undeclared dimension still works: labelled by its name, members by key.
    assert dimension("colour").label == "Colour"


def test_hierarchy_places_a_team_without_an_area_under_no_area_in_its_service():
    hierarchy = TeamHierarchy.from_frame(
        pd.DataFrame(
            [
                {"team_id": "B", "team_name": "Bravo", "service": "S2", "area": "North"},
                {"team_id": "A", "team_name": "Alpha", "service": "S1", "area": None},
                {"team_id": "C", "team_name": None, "service": None, "area": "North"},
            ]
        )
    )
    alpha = hierarchy.team("A")
    assert (alpha.area, alpha.service) == (NO_AREA_KEY, "S1")
    assert hierarchy.team("C").label == "C" and hierarchy.team("C").service == NO_SERVICE_KEY
    assert hierarchy.team(None).key == NO_TEAM_KEY
    assert hierarchy.team("ZZ").area == NO_AREA_KEY  # an id not in the lookup is its own team
    # The council's order, then the explicit members, "No assigned team" last.
    assert [k for k, _ in hierarchy.members("team")] == ["B", "A", "C", NO_TEAM_KEY]
    assert hierarchy.members("area") == [
        ("North", "North"),
        (NO_AREA_KEY, "No area"),
        (NO_TEAM_KEY, "No assigned team"),
    ]
    areas = {m["key"]: m["services"] for m in hierarchy.as_json()["area"]}
    assert areas["North"] == ["S2", NO_SERVICE_KEY]


def test_hierarchy_from_ssd_department_when_qaf_teams_is_empty(duckdb_backend):
    departments = [
        {"dept_team_id": "D1", "dept_team_name": "Duty", "dept_team_parent_name": "East"},
        {"dept_team_id": "D2", "dept_team_name": None, "dept_team_parent_name": None},
    ]
    source = source_from_rows(duckdb_backend, {"ssd_department": departments})
    month = Month.parse("2016-09")
    ctx = Context(source, month, (month,), Settings(), {})
    hierarchy = team_hierarchy(ctx)
    assert hierarchy is team_hierarchy(ctx)  # built once per computation
    assert (hierarchy.team("D1").label, hierarchy.team("D1").area) == ("Duty", "East")
    assert (hierarchy.team("D2").area, hierarchy.team("D2").service) == (
        NO_AREA_KEY,
        NO_SERVICE_KEY,
    )
