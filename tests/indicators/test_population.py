"""Hand-worked cases for section 1.0's population indicators."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicators.cases import breakdown, run, value


def test_under_18_is_the_sum_of_the_child_bands(backend):
    # 500 + 2000 + 2500 + 3500 + 1500 = 10,000; 18-25 and all-ages are not children.
    results = run(backend, {}, "2016-09", "population.under_18")
    assert value(results, "population.under_18", "2016-09").value == 10_000


def test_under_18_uses_the_latest_mid_year_not_after_the_month(backend):
    later = {
        "mid_year": 2017,
        "area_code": "E99999999",
        "area_name": "Testshire",
        "age_band": "0",
        "population": 999_999,
    }
    from tests.indicators.cases import POPULATION

    results = run(
        backend, {"qaf_population": [*POPULATION, later]}, "2016-09", "population.under_18"
    )
    assert value(results, "population.under_18", "2016-09").value == 10_000


def test_under_18_without_population_is_null(backend):
    results = run(backend, {"qaf_population": []}, "2016-09", "population.under_18")
    assert pd.isna(value(results, "population.under_18", "2016-09").value)


def test_age_band_share_of_all_ages(backend):
    # 2,000 of 50,000 all-age residents are aged 1-4: 4.0%.
    results = run(backend, {}, "2016-09", "population.by_age_band")
    rows = breakdown(results, "population.by_age_band", "band_pct", "2016-09")
    assert rows["E99999999:1-4"].value == pytest.approx(4.0)
    assert rows["E99999999:1-4"].parent == "E99999999"
    assert value(results, "population.by_age_band", "2016-09").value == 50_000


def test_age_bands_as_named_dimensions_in_natural_order(backend):
    from tests.indicators.cells import cells

    results = run(backend, {}, "2016-09", "population.by_age_band")
    bands = cells(results, "population.by_age_band", "2016-09", "age_band", area_code="E99999999")
    assert list(bands) == ["0", "1-4", "5-9", "10-15", "16-17", "18-25"]
    assert (bands["1-4"].numerator, bands["1-4"].denominator) == (2000, 50_000)


def test_a_month_before_the_first_estimate_keeps_a_null_row(backend):
    results = run(backend, {}, "2010-09", "population.by_age_band")
    assert pd.isna(value(results, "population.by_age_band", "2010-09").value)
