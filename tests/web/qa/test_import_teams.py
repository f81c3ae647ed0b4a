"""Imported feedback forms and IRU records get their team from the council's loaded data, so a
team manager sees them; those the data cannot place are counted by reason, and never refused."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qaf.config import Settings
from qaf.warehouse.store import Warehouse
from qaf.web.qa import exports
from qaf.web.qa.imports import import_file
from qaf.web.qa.models import FeedbackForm, Meeting, ReviewForm
from qaf.web.qa.teams_from_data import (
    CHILD_UNKNOWN,
    LEAVER_NO_TEAM,
    LEAVER_UNKNOWN,
    NO_WAREHOUSE,
    NO_WORKER,
    NOT_ALLOCATED,
    TEAM_NOT_IN_APP,
    Wanted,
    child_teams,
    worker_teams,
)
from tests.conftest import PG_URL
from tests.web.qa import council_data

pytestmark = pytest.mark.django_db

FEEDBACK_HEAD = "form_id,received_date,worker_id,children,q1,q2,q3,q4,comment,tone,themes\n"
# F1 by W1 (team T1), F2 by W2 (T2), F3 by W9 (no one), F4 names no worker, F5 by W3 (T3, a
# team the app does not have), F6 by W5 (left; their department in ssd_professionals is T2's
# name), F7 by W6 (left; no department).
FEEDBACK = FEEDBACK_HEAD + "".join(
    f"{form},2016-09-1{n},{worker},1,Y,Y,Y,Y,,,\n"
    for n, (form, worker) in enumerate(
        [
            ("F1", "W1"),
            ("F2", "W2"),
            ("F3", "W9"),
            ("F4", ""),
            ("F5", "W3"),
            ("F6", "W5"),
            ("F7", "W6"),
        ]
    )
)
REVIEWS_HEAD = "form_id,review_date,person_id,report_on_time,sw_changes\n"
# R1: P1 (T1); R2: P2 in August (still W2's, T2); R3: P2 in September (W1's since the 1st, T1);
# R4: P4 (the involvement names T1); R5: P3 (allocated to no one); R6: P9 (not a child we know).
REVIEWS = REVIEWS_HEAD + (
    "R1,2016-09-14,P1,Y,0\n"
    "R2,2016-08-15,P2,Y,1\n"
    "R3,2016-09-15,P2,N,2\n"
    "R4,2016-09-01,P4,Y,0\n"
    "R5,2016-09-01,P3,Y,0\n"
    "R6,2016-09-01,P9,,\n"
)
MEETINGS = (
    "meeting_id,meeting_type,meeting_date,person_id,professional_group,invited,attended\n"
    "M1,ICPC,2016-08-20,P2,HEALTH,2,1\n"
    "M1,ICPC,2016-08-20,P2,OTHER,3,3\n"
    "M2,CP_REVIEW,2016-09-20,P1,HEALTH,1,1\n"
)


@pytest.fixture(scope="module")
def warehouse_url(tmp_path_factory) -> str:
    return council_data.load(tmp_path_factory.mktemp("council"))


@pytest.fixture
def loaded(warehouse_url, monkeypatch) -> str:
    """The little council of council_data loaded as QAF's warehouse."""
    monkeypatch.setenv("QAF_WAREHOUSE_URL", warehouse_url)
    return warehouse_url


def teams_of(model, id_field: str = "form_id") -> dict[str, str | None]:
    return {getattr(r, id_field): r.team_id for r in model.objects.all()}


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def test_a_manager_sees_imported_feedback_of_their_teams_worker_and_not_others(
    loaded, signed_in, teams
):
    analyst, _ = signed_in("analyst")
    assert analyst.post("/qa/feedback-forms/import/", {"file": upload("f.csv", FEEDBACK)})[
        "Location"
    ].endswith("/qa/feedback-forms/")
    forms = {f.form_id: f for f in FeedbackForm.objects.all()}
    assert {k: f.team_id for k, f in forms.items()} == {
        "F1": "T1",
        "F2": "T2",
        "F3": None,
        "F4": None,
        "F5": None,
        "F6": "T2",
        "F7": None,
    }
    manager, _ = signed_in("manager", username="manager-t1", teams=("T1",))
    listed = manager.get("/qa/feedback-forms/?month=2016-09").content.decode()
    shown = {k for k, f in forms.items() if f'href="/qa/feedback-forms/{f.pk}/"' in listed}
    assert shown == {"F1"}
    assert manager.get(f"/qa/feedback-forms/{forms['F1'].pk}/").status_code == 200
    for other in ("F2", "F3"):
        assert manager.get(f"/qa/feedback-forms/{forms[other].pk}/").status_code == 404


def test_a_manager_sees_an_imported_review_of_a_child_allocated_to_their_team_that_day(
    loaded, signed_in, teams
):
    analyst, _ = signed_in("analyst")
    assert (
        analyst.post("/qa/reviews/import/", {"file": upload("r.csv", REVIEWS)}).status_code == 302
    )
    assert teams_of(ReviewForm) == {
        "R1": "T1",
        "R2": "T2",
        "R3": "T1",
        "R4": "T1",
        "R5": None,
        "R6": None,
    }
    manager, _ = signed_in("manager", username="manager-t1", teams=("T1",))
    reviews = {r.form_id: r for r in ReviewForm.objects.all()}
    for mine in ("R1", "R3", "R4"):
        assert manager.get(f"/qa/reviews/{reviews[mine].pk}/").status_code == 200
    for other in ("R2", "R5", "R6"):
        assert manager.get(f"/qa/reviews/{reviews[other].pk}/").status_code == 404
    other_manager, _ = signed_in("manager", username="manager-t2", teams=("T2",))
    assert other_manager.get(f"/qa/reviews/{reviews['R2'].pk}/").status_code == 200
    assert other_manager.get(f"/qa/reviews/{reviews['R1'].pk}/").status_code == 404


def test_meetings_take_the_team_holding_the_childs_case_on_the_meeting_date(loaded, teams):
    outcome = import_file(exports.MEETINGS, "m.csv", MEETINGS.encode(), None)
    assert outcome.created == 2 and outcome.notes == []
    assert teams_of(Meeting, "meeting_id") == {"M1": "T2", "M2": "T1"}


def test_the_outcome_counts_the_records_left_without_a_team_by_reason(loaded, teams):
    feedback = import_file(exports.FEEDBACK, "f.csv", FEEDBACK.encode(), None)
    assert feedback.notes == [
        f"1 feedback form got no team: {LEAVER_UNKNOWN}",
        f"1 feedback form got no team: {NO_WORKER}",
        f"1 feedback form got no team: {TEAM_NOT_IN_APP}",
        f"1 feedback form got no team: {LEAVER_NO_TEAM}",
    ]
    reviews = import_file(exports.REVIEWS, "r.csv", REVIEWS.encode(), None)
    # Most records first, then in the file's order.
    assert reviews.notes == [
        f"1 review form got no team: {NOT_ALLOCATED}",
        f"1 review form got no team: {CHILD_UNKNOWN}",
    ]
    assert reviews.message("r.csv").startswith("r.csv imported: 6 new, 0 changed, 0 unchanged; 1 ")
    # Importing again looks up only the records still without a team, and counts them again.
    again = import_file(exports.REVIEWS, "r.csv", REVIEWS.encode(), None)
    assert again.unchanged == 6 and again.notes == reviews.notes


def test_the_import_qa_command_prints_the_counts(loaded, teams, tmp_path: Path):
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "qaf_iru_reviews.csv").write_text(REVIEWS)
    out = StringIO()
    call_command("import_qa", "--from", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines() == [
        "qaf_iru_reviews.csv: 6 new, 0 changed, 0 unchanged",
        f"  1 review form got no team: {NOT_ALLOCATED}",
        f"  1 review form got no team: {CHILD_UNKNOWN}",
    ]


def test_a_record_that_has_a_team_keeps_it(loaded, teams):
    # A manager placed F2 in T1 by hand; the staff list says its worker is in T2.
    FeedbackForm.objects.create(form_id="F2", received_date=dt.date(2016, 9, 11), team_id="T1")
    # R1 was held without a team: the import gives it the one the data says.
    ReviewForm.objects.create(form_id="R1", review_date=dt.date(2016, 9, 14), child_id="P1")
    import_file(exports.FEEDBACK, "f.csv", FEEDBACK.encode(), None)
    import_file(exports.REVIEWS, "r.csv", REVIEWS.encode(), None)
    assert FeedbackForm.objects.get(form_id="F2").team_id == "T1"
    assert ReviewForm.objects.get(form_id="R1").team_id == "T1"


def test_with_no_warehouse_loaded_the_import_succeeds_without_teams(signed_in, teams):
    analyst, _ = signed_in("analyst")
    page = analyst.post("/qa/reviews/import/", {"file": upload("r.csv", REVIEWS)}, follow=True)
    assert page.status_code == 200 and ReviewForm.objects.count() == 6
    assert set(teams_of(ReviewForm).values()) == {None}
    # The page's confirmation names the records left without a team, and why.
    assert f"6 review forms got no team: {NO_WAREHOUSE}" in page.content.decode()
    outcome = import_file(exports.FEEDBACK, "f.csv", FEEDBACK.encode(), None)
    assert outcome.created == 7
    assert outcome.notes == [f"7 feedback forms got no team: {NO_WAREHOUSE}"]


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_warehouse(request, warehouse_url, tmp_path) -> Iterator[str]:
    """The little council loaded on DuckDB, and on PostgreSQL in schemas removed after."""
    if request.param == "duckdb":
        yield warehouse_url
        return
    request.getfixturevalue("pg_backend")  # skips when PostgreSQL is not reachable
    url = f"{PG_URL}?qaf_prefix=t{uuid.uuid4().hex[:10]}"
    council_data.load(tmp_path, url)
    yield url
    warehouse = Warehouse(url, create=False)
    for schema in [*warehouse.version_schemas(), warehouse.meta]:
        warehouse.drop_schema(schema)
    warehouse.close()


def test_the_lookups_give_the_same_teams_on_each_engine(any_warehouse):
    settings = Settings(warehouse_url=any_warehouse)
    day = dt.date(2016, 9, 1)
    workers = worker_teams(
        [
            Wanted("F1", "W1", day),
            Wanted("F2", "W2", day),
            Wanted("F3", "W9", day),
            Wanted("F6", "W5", day),
        ],
        {"T1", "T2"},
        settings,
    )
    assert workers.teams == {"F1": "T1", "F2": "T2", "F6": "T2"}
    assert workers.why_not == {"F3": LEAVER_UNKNOWN}
    children = child_teams(
        [
            Wanted("R2", "P2", dt.date(2016, 8, 31)),
            Wanted("R3", "P2", day),
            Wanted("R4", "P4", day),
            Wanted("R5", "P3", day),
            Wanted("R6", "P9", day),
        ],
        {"T1", "T2"},
        settings,
    )
    assert children.teams == {"R2": "T2", "R3": "T1", "R4": "T1"}
    assert children.why_not == {"R5": NOT_ALLOCATED, "R6": CHILD_UNKNOWN}


def test_a_warehouse_that_cannot_be_read_leaves_teams_empty_and_imports(tmp_path, monkeypatch):
    import duckdb

    url = council_data.load(tmp_path)
    # A table gone from the loaded version, as in a warehouse an older QAF made.
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("DROP TABLE qaf_v000001.ssd_involvements")
    monkeypatch.setenv("QAF_WAREHOUSE_URL", url)
    outcome = import_file(exports.REVIEWS, "r.csv", REVIEWS.encode(), None)
    assert outcome.created == 6 and set(teams_of(ReviewForm).values()) == {None}
    assert outcome.notes == [
        "6 review forms got no team: the warehouse could not be read (TableNotFound), "
        "so no team was found"
    ]
