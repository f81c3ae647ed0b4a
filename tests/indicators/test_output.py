"""The JSON output follows interfaces.md section 3."""

from __future__ import annotations

import json

from qaf.indicators.months import Month
from qaf.indicators.output import to_csv, to_json
from tests.indicators.cases import run


def test_json_shape(duckdb_backend):
    results = run(duckdb_backend, {}, "2016-09", ["population.under_18", "population.by_age_band"])
    doc = to_json(results, Month.parse("2016-09"), "test")
    assert doc["month"] == "2016-09" and doc["data_version"] == "test"
    pop = doc["indicators"]["population.under_18"]
    assert set(pop) >= {
        "title",
        "unit",
        "polarity",
        "value",
        "numerator",
        "denominator",
        "series",
        "breakdowns",
        "measures",
    }
    assert pop["value"] == 10000
    assert [p["month"] for p in pop["series"]] == [
        "2016-04",
        "2016-05",
        "2016-06",
        "2016-07",
        "2016-08",
        "2016-09",
    ]
    bands = doc["indicators"]["population.by_age_band"]["breakdowns"]["band_pct"]
    assert {"key", "label", "parent", "value", "numerator", "denominator"} <= set(bands[0])
    json.dumps(doc, allow_nan=False)  # no NaN leaks into the JSON


def test_null_values_are_null_not_nan(duckdb_backend):
    results = run(duckdb_backend, {"qaf_population": []}, "2016-09", "population.under_18")
    doc = to_json(results, Month.parse("2016-09"), "test")
    assert doc["indicators"]["population.under_18"]["value"] is None
    json.dumps(doc, allow_nan=False)


def test_csv_is_the_long_table(duckdb_backend):
    results = run(duckdb_backend, {}, "2016-09", "population.under_18")
    text = to_csv(results)
    assert (
        text.splitlines()[0]
        == "indicator_id,month,kind,dimension,key,label,parent,numerator,denominator,value,"
        "period_kind,period_start,period_end,dims,complete"
    )
    # Every row says its period and (empty) dims; the population never reaches before the data.
    assert text.splitlines()[1].endswith(",month,2016-04-01,2016-04-30,{},True")


def test_csv_is_safe_to_open_in_excel():
    import pandas as pd

    from qaf.indicators.rows import COLUMNS

    row = dict.fromkeys(COLUMNS)
    row.update(
        indicator_id="cp.plans",
        month="2016-09",
        kind="breakdown",
        dimension="team",
        key="T1",
        label='=HYPERLINK("http://x","y")',
        parent="@SUM(A1)",
        value=-3.0,
    )
    text = to_csv(pd.DataFrame([row], columns=COLUMNS))
    line = text.splitlines()[1]
    assert "'=HYPERLINK" in line and "'@SUM" in line
    assert ",-3.0," in line  # numbers are left as numbers


def test_json_keeps_each_dimensions_natural_order():
    # A section's own dimension (no declared members) keeps the order the indicator gave; a
    # declared one (age bands) is put in its natural order whatever the order given.
    import pandas as pd

    from qaf.indicators.months import Month
    from qaf.indicators.output import ordered
    from qaf.indicators.rows import Rows, fill_periods

    rows = Rows()
    month = Month.parse("2016-09")
    for key in ("single_assessment", "cp_conference", "nfa"):
        rows.breakdown("outcome", month, key, key, 1.0)
    for band in ("10-15", "0", "5-9"):
        rows.cell(month, {"age_band": band}, 1.0)
    frame = fill_periods(rows.frame(), "month")
    got = [next(iter(d.values())) for d in ordered(frame)["dims"]]
    assert got == ["0", "5-9", "10-15", "single_assessment", "cp_conference", "nfa"]
    assert isinstance(frame, pd.DataFrame)
