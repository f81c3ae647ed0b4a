"""The app's records through the engine: the seed's arithmetic, the QA figures page, and the export
read back by `qaf indicators --data` giving the same figures as the bridge."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from django.core.management import call_command

from qaf import cli
from qaf.web.qa import bridge, exports
from qaf.web.qa.models import Meeting
from tests.web.qa import seed_month

pytestmark = pytest.mark.django_db
MONTH = "2016-09"


@pytest.fixture
def september(teams):
    seed_month.make_audits()
    seed_month.make_feedback()
    seed_month.make_reviews()
    for i, (health, other) in enumerate(((7, 24), (8, 30))):
        Meeting.objects.create(
            meeting_id=f"M{i}",
            meeting_type="ICPC" if i == 0 else "CORE_GROUP",
            meeting_date=seed_month.DAY,
            health_invited=10,
            health_attended=health,
            other_invited=40,
            other_attended=other,
        )


def headline(figures, indicator_id):
    return next(f for f in figures if f.indicator_id == indicator_id)


def cin_cell(results):
    rows = results[
        (results.indicator_id == "audit.overall_3plus_pct")
        & (results.kind == "breakdown")
        & (results.key == "CIN")
        & (results.month == MONTH)
        & (results.period_kind == "month")
    ]
    return rows.iloc[0]


@pytest.mark.slow
def test_the_bridge_reproduces_the_seeds_arithmetic(september):
    results = bridge.compute_month(MONTH)
    figures = bridge.headlines(results, MONTH)
    cin = cin_cell(results)
    assert (cin.numerator, cin.denominator) == (71, 96)
    assert round(cin.value) == 74
    completed = headline(figures, "audit.completed")
    assert completed.value == 17  # 16 CIN and 1 CP
    positive = headline(figures, "feedback.positive_pct")
    assert (positive.numerator, positive.denominator) == (53, 65)
    assert round(positive.value) == 82
    assert headline(figures, "feedback.forms").value == 17
    change = headline(figures, "iru.sw_change_pct")
    assert (change.numerator, change.denominator) == (42, 140)
    assert change.shown == "30.0%"
    attendance = headline(figures, "iru.meeting_attendance_pct")
    assert (attendance.numerator, attendance.denominator) == (69, 100)


@pytest.mark.slow
def test_the_qa_figures_page_shows_each_section(september, signed_in):
    client, _ = signed_in("leader")
    page = client.get(f"/qa/figures/?month={MONTH}").content.decode()
    for title in bridge.SECTION_TITLES.values():
        assert title in page
    assert "30.0%" in page and "17" in page
    # The seed's tables under the headlines: CIN 71 of 96, attendance by meeting type and group.
    assert "by case type" in page and "74.0%" in page
    assert "Initial child protection conference, Health professionals" in page
    assert "Q4 In agreement with the outcome" in page
    assert client.get("/qa/figures/?month=2016-13").status_code == 400


@pytest.mark.slow
def test_export_read_by_qaf_indicators_gives_the_bridges_figures(september, tmp_path, capsys):
    out = tmp_path / "council"
    call_command("export_qa", "--out", str(out))
    # `--data` needs the required case tables and the extract date; one child is enough here.
    with (out / "ssd_person.csv").open("w") as f:
        f.write("pers_person_id,pers_dob\nC1,2012-05-01\n")
    with (out / "qaf_council.csv").open("w") as f:
        f.write("la_code,ons_code,la_name,extract_date\n999,E99999999,Testshire,2016-10-01\n")
    with (out / "ssd_cin_episodes.csv").open("w") as f:
        f.write("cine_referral_id,cine_person_id,cine_referral_date\nR1,C1,2016-05-02\n")
    ids = bridge.indicator_ids()
    capsys.readouterr()
    code = cli.main(
        ["indicators", "--month", MONTH, "--data", str(out), "--only", ",".join(ids), "--quiet"]
    )
    captured = capsys.readouterr()
    assert captured.out, captured.err
    doc = json.loads(captured.out)
    assert code == 0, doc.get("failures")
    from_bridge = {f.indicator_id: f for f in bridge.headlines(bridge.compute_month(MONTH), MONTH)}
    for indicator_id in ids:
        rows = doc["indicators"][indicator_id]["rows"]
        value = next(
            r
            for r in rows
            if r["kind"] == "value" and r["month"] == MONTH and r["period_kind"] == "month"
        )
        assert value["value"] == pytest.approx(from_bridge[indicator_id].value), indicator_id
    with (out / "qaf_audits.csv").open() as f:
        assert sum(1 for _ in csv.DictReader(f)) == 16 * 6 + 6


@pytest.mark.slow
def test_reading_only_the_months_needed_gives_every_row_the_same(september, make_audit):
    import datetime as dt

    make_audit(day=dt.date(2016, 10, 3))  # after the month
    make_audit(day=dt.date(2014, 2, 3), scores={"1a": "1"})  # before any month it reads
    make_audit(day=dt.date(2016, 4, 1), scores={"2": "5"})  # the FY's first day
    everything = bridge.compute_from_rows(exports.all_rows(), MONTH)
    windowed = bridge.compute_month(MONTH)
    columns = ["indicator_id", "month", "kind", "dimension", "key", "period_kind"]
    left = everything.sort_values(columns).reset_index(drop=True)
    right = windowed.sort_values(columns).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
