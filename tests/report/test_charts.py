"""The report's charts: each figure's SVG parses and is named for assistive technology, its data table
holds the JSON's numbers, colours pass contrast on white, and absent data gives no figure."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from defusedxml import ElementTree

from qaf.indicators.months import Month
from qaf.report import chart_style
from qaf.report.chart_spc import READINGS
from qaf.report.charts import SEED_CHARTS, SPC_HEADLINES, all_figures, figures_for
from qaf.report.document import SECTION_IDS, Figure

SEPT = Month(2016, 9)
SVG = "{http://www.w3.org/2000/svg}"


def test_every_chart_colour_passes_wcag_aa_on_white() -> None:
    colours = {*chart_style.SERIES_COLOURS, chart_style.BLACK, chart_style.GREY}
    colours |= {colour for _, colour, _ in READINGS.values()}
    for colour in colours:
        assert chart_style.contrast_ratio(colour) >= 4.5, colour
    # The ratio itself, against WCAG's published extremes.
    assert chart_style.contrast_ratio("#000000") == pytest.approx(21.0)
    assert chart_style.contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)


def test_series_differ_by_more_than_colour() -> None:
    n = len(chart_style.SERIES_COLOURS)
    assert len(set(map(tuple, chart_style.DASHES[:n]))) == n
    assert len(set(chart_style.SHAPES[:n])) == n
    assert len({shape for _, _, shape in READINGS.values()}) == len(READINGS)


def test_absent_data_gives_no_figure() -> None:
    empty: dict[str, Any] = {"indicators": {}, "dimensions": {}}
    for section in SECTION_IDS:
        assert figures_for(section, empty, SEPT) == []
        assert figures_for(section, {}, SEPT) == []
    # An indicator with no month's figure and signals with no limits: still nothing drawn.
    blank = {
        "indicators": {
            "cp.rate_per_10k": _entry("rate_per_10k", [None] * 6),
            "cp.plans": _entry("count", [None] * 6),
        },
        "dimensions": {},
    }
    assert figures_for("1.3", blank, SEPT) == []


def test_trend_chart_against_last_year_comparators_and_target() -> None:
    entry = _entry("rate_per_10k", [48.7, 44.7, 41.2, 38.6, 37.7, 36.3])
    entry["history"] = {"2015-16": _points("2015", [56.2, 56.4, 55.3, 54.1, 54.4, 53.4])}
    entry["target"] = {"value": 42.8, "period": "2016-17", "on_target": None}
    entry["benchmarks"] = {
        "rows": [
            {"period": "2014-15", "comparator": "england", "value": 42.9},
            {"period": "2015-16", "comparator": "england", "value": 43.1},
            {"period": "2015-16", "comparator": "statistical_neighbours", "value": 38.0},
            {"period": "2017-18", "comparator": "england", "value": 50.0},  # after the report
        ]
    }
    (fig,) = figures_for("1.3", {"indicators": {"cp.rate_per_10k": entry}}, SEPT)
    _check_svg(fig)
    assert fig.alt == (
        "CP rate: 48.7 in April 2016 and 36.3 in September 2016; 2015-16 ran from 56.2 to 53.4; "
        "Statistical neighbours' median 2015-16 38.0; England 2015-16 43.1; Target 2016-17 42.8."
    )
    rows = {r.header: r.cells for r in fig.table.rows}
    assert rows["Sep"]["this"].value == 36.3 and rows["Sep"]["this"].numerator == 363
    assert rows["Apr"]["last"].value == 56.2
    assert rows["England 2015-16"]["this"].value == 43.1
    assert "Oct" not in rows  # months after the report month have no row


def test_spc_chart_marks_special_causes_by_shape_and_names_them() -> None:
    values = [10, 11, 10, 12, 11, 10, 11, 10, 11, 25]
    entry = _entry("count", values[-6:])
    points = [
        {
            "month": Month(2015, 12).shift(i).label,
            "value": v,
            "mean": 12.1,
            "lower": 6.0,
            "upper": 18.2,
            "segment": 0,
            "variation": "special_cause_concern" if v == 25 else "common_cause",
            "rule": "beyond_limit" if v == 25 else None,
        }
        for i, v in enumerate(values)
    ]
    entry["signals"] = {"limits": {"mean": 12.1, "lower": 6.0, "upper": 18.2}, "points": points}
    entry["polarity"] = "down"
    (fig,) = figures_for("1.3", {"indicators": {"cp.plans": entry}}, SEPT)
    _check_svg(fig)
    assert "1 of 10 months are special cause, marked by shape" in fig.alt
    # The data table is compact: a row per financial year, a column per month.
    table = fig.table
    assert [r.header for r in table.rows] == ["2015-16", "2016-17"]
    assert [c.key for c in table.columns][1:] == [
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
    ]
    last = table.rows[-1].cells["Sep"]
    assert last.value == 25 and last.text == "25 *"
    assert "Mean 12, process limits 6 to 18." in table.notes
    assert "* Special cause: Sep 2016, concern (beyond a process limit)." in table.notes
    # The concern point is drawn as a triangle and common cause as circles, both in the legend.
    assert "Special cause: concern" in fig.svg and "Common cause" in fig.svg


@pytest.fixture(scope="module")
def results(computed: Any) -> dict[str, Any]:
    """The `qaf indicators` JSON of the report's small synthetic council (tests/report/conftest.py),
    as a reader of the printed JSON gets it."""
    return json.loads(json.dumps(computed.doc))


@pytest.mark.slow
def test_the_synthetic_councils_figures(results: dict[str, Any]) -> None:
    figures = all_figures(results, SEPT, SECTION_IDS)
    drawn = {f.id for fs in figures.values() for f in fs}
    # Every chart the seed has, and an XmR chart per headline with limits.
    for expected in (
        "fig-population-profile",
        "fig-trend-cp.rate_per_10k",
        "fig-placements-3plus",
        "fig-time-in-care",
        "fig-adoption-a1-a2",
        "fig-caseloads-by-team",
        "fig-spc-cla.children",
    ):
        assert expected in drawn
    assert len(drawn) >= sum(len(v) for v in SEED_CHARTS.values()) + 5
    ids: list[str] = []
    for section, made in figures.items():
        # Section by section gives the same charts, byte for byte: the same report, the same file.
        assert [f.svg for f in made] == [f.svg for f in figures_for(section, results, SEPT)]
        for fig in made:
            ids += _check_svg(fig)
            _check_numbers(fig, results)
    assert len(ids) == len(set(ids)), "two charts share an SVG id"
    assert set(figures) == set(SECTION_IDS) and not figures["definitions"]
    assert {f.id for f in figures["1.1"]} == {f"fig-spc-{i}" for i in SPC_HEADLINES["1.1"]}


def _check_svg(fig: Figure) -> list[str]:
    """The SVG parses, scales (viewBox, width 100%), and is named: role img, <title>, <desc> = alt."""
    root = ElementTree.fromstring(fig.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%" and root.get("viewBox") and root.get("height") is None
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == fig.caption
    assert desc is not None and desc.text == fig.alt and len(fig.alt) > 40
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Liberation Sans" in fig.svg
    assert not re.search(r"https?://(?!www\.w3\.org)", fig.svg), "the SVG refers outside itself"
    return [e.get("id") for e in root.iter() if e.get("id")]


def _numbers_of(entry: Any) -> set[float]:
    found: set[float] = set()
    if isinstance(entry, dict):
        for value in entry.values():
            found |= _numbers_of(value)
    elif isinstance(entry, list):
        for value in entry:
            found |= _numbers_of(value)
    elif isinstance(entry, (int, float)) and not isinstance(entry, bool):
        found.add(float(entry))
    return found


def _check_numbers(fig: Figure, results: dict[str, Any]) -> None:
    """Each figure in a chart's table that names its indicator is one the JSON gives it."""
    checked = 0
    for row in fig.table.rows:
        for cell in row.cells.values():
            if cell.indicator_id and isinstance(cell.value, (int, float)):
                known = _numbers_of(results["indicators"][cell.indicator_id])
                assert float(cell.value) in known, (fig.id, row.header, cell.value)
                checked += 1
    assert checked, fig.id


def _points(year: str, values: list[float | None]) -> list[dict[str, Any]]:
    months = ["04", "05", "06", "07", "08", "09"]
    return [
        {
            "month": f"{year}-{m}",
            "value": v,
            "numerator": None if v is None else round(v * 10),
            "denominator": 1000,
            "complete": True,
        }
        for m, v in zip(months, values, strict=True)
    ]


def _entry(unit: str, values: list[float | None]) -> dict[str, Any]:
    return {
        "title": "CP rate",
        "unit": unit,
        "polarity": "neutral",
        "series": _points("2016", values),
        "rows": [],
        "breakdowns": {},
        "measures": {},
        "signals": None,
        "target": None,
        "benchmarks": None,
    }


@pytest.mark.slow
def test_figures_fit_a_phone_and_pass_axe(browser: Any) -> None:
    """In Chromium at a phone's width each chart shrinks to fit (keeping its shape) and axe finds
    nothing serious in a page of charts with their tables."""
    from html import escape

    from tests.browser import PHONE, axe_violations

    entry = _entry("rate_per_10k", [48.7, 44.7, 41.2, 38.6, 37.7, 36.3])
    entry["target"] = {"value": 42.8, "period": "2016-17", "on_target": None}
    figures = figures_for("1.3", {"indicators": {"cp.rate_per_10k": entry}}, SEPT)
    body = "".join(
        f"<figure><figcaption>{escape(f.caption)}</figcaption>{f.svg}"
        f"<table><caption>{escape(f.table.caption)}</caption><tr>"
        + "".join(f'<th scope="col">{escape(c.label)}</th>' for c in f.table.columns)
        + "</tr>"
        + "".join(
            "<tr>" + "".join(f"<td>{escape(c.text)}</td>" for c in r.cells.values()) + "</tr>"
            for r in f.table.rows
        )
        + "</table></figure>"
        for f in figures
    )
    page = browser.new_page(viewport=PHONE)
    page.set_content(
        f'<!doctype html><html lang="en"><head><title>Charts</title></head>'
        f"<body><main><h1>Charts</h1>{body}</main></body></html>"
    )
    boxes = page.eval_on_selector_all(
        "svg.qaf-chart",
        "els => els.map(e => [e.getBoundingClientRect().width,"
        " e.getBoundingClientRect().height, e.viewBox.baseVal.width, e.viewBox.baseVal.height])",
    )
    assert boxes
    for width, height, view_w, view_h in boxes:
        assert 250 < width <= PHONE["width"]
        assert height == pytest.approx(width * view_h / view_w, rel=0.02)
    assert axe_violations(page) == []
    page.close()
