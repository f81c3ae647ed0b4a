"""Import and export in the qaf_ formats: round trips, and every refusal naming row and column."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qaf.web.qa import exports
from qaf.web.qa.imports import ImportRefused, import_file
from qaf.web.qa.models import CaseAudit, Change, FeedbackForm, Meeting, ReviewForm
from tests.web.qa import seed_month

pytestmark = pytest.mark.django_db
AUDIT_HEAD = "audit_id,person_id,case_type,team_id,worker_id,auditor,audit_date,standard,score\n"


def refusal(table, text, name="upload.csv"):
    with pytest.raises(ImportRefused) as caught:
        import_file(table, name, text.encode(), None)
    return str(caught.value), caught.value.problems


def test_every_table_round_trips_export_import_export(teams):
    seed_month.make_audits()
    seed_month.make_feedback()
    seed_month.make_reviews()
    Meeting.objects.create(
        meeting_id="M1",
        meeting_type="CP_REVIEW",
        meeting_date=seed_month.DAY,
        child_id="C1",
        health_invited=3,
        health_attended=2,
    )
    first = {t: exports.csv_text(t, rows) for t, rows in exports.all_rows().items()}
    for model in (CaseAudit, FeedbackForm, Meeting, ReviewForm):
        model.objects.all().delete()
    for table, text in first.items():
        outcome = import_file(table, f"{table}.csv", text.encode(), None)
        assert outcome.created > 0 and outcome.updated == 0
    again = {t: exports.csv_text(t, rows) for t, rows in exports.all_rows().items()}
    assert again == first
    # Importing the same files again changes nothing and adds nothing to the trail.
    trail_size = Change.objects.count()
    for table, text in first.items():
        assert import_file(table, f"{table}.csv", text.encode(), None).unchanged > 0
    assert Change.objects.count() == trail_size


def test_text_that_excel_would_run_is_made_safe_and_read_back(teams):
    FeedbackForm.objects.create(form_id="F1", received_date=seed_month.DAY, comment="=HYPERLINK(1)")
    text = exports.csv_text(exports.FEEDBACK, exports.all_rows()[exports.FEEDBACK])
    assert ",'=HYPERLINK(1)," in text
    FeedbackForm.objects.all().delete()
    import_file(exports.FEEDBACK, "f.csv", text.encode(), None)
    assert FeedbackForm.objects.get().comment == "=HYPERLINK(1)"


def test_a_bad_score_is_refused_naming_its_row_and_column(teams):
    text = AUDIT_HEAD + "A1,,CIN,T1,,,2016-09-01,1a,4\nA1,,CIN,T1,,,2016-09-01,2,7\n"
    summary, problems = refusal(exports.AUDITS, text)
    assert "nothing was changed" in summary
    assert problems == ["upload.csv, row 2, column score: found '7'; a score from 1 to 5, or NA"]
    assert not CaseAudit.objects.exists()


def test_an_unknown_standard_is_refused_naming_its_row_and_column(teams):
    text = AUDIT_HEAD + "A1,,CIN,T1,,,2016-09-01,1a,4\nA1,,CIN,T1,,,2016-09-01,9z,3\n"
    _, problems = refusal(exports.AUDITS, text)
    assert problems == [
        "upload.csv, row 2, column standard: found '9z'; an audit standard: 1a, 2, 3, 4, 5, 6"
    ]


def test_the_warehouse_check_refuses_a_bad_date_and_a_missing_column(teams):
    text = AUDIT_HEAD + "A1,,CIN,T1,,,2016-09-01,1a,4\nA2,,CIN,T1,,,31/02/2016,1a,4\n"
    _, problems = refusal(exports.AUDITS, text)
    assert len(problems) == 1 and problems[0].startswith("upload.csv, row 2, column audit_date")
    _, problems = refusal(exports.AUDITS, "audit_id,case_type,standard\nA1,CIN,1a\n")
    assert any("column audit_date" in p and "missing" in p for p in problems)


def test_an_audit_split_across_rows_must_agree_and_teams_must_be_known(teams):
    text = AUDIT_HEAD + "A1,,CIN,T1,,,2016-09-01,1a,4\nA1,,CP,T9,,,2016-09-01,2,4\n"
    _, problems = refusal(exports.AUDITS, text)
    assert "row 2, column team_id: found 'T9'" in problems[0]
    assert "row 2, column case_type: found 'CP'; the same as row 1 of this audit" in problems[1]


def test_meetings_refuse_more_attending_than_invited():
    text = "meeting_id,meeting_type,meeting_date,person_id,professional_group,invited,attended\n"
    text += "M1,ICPC,2016-09-01,,HEALTH,2,3\n"
    _, problems = refusal(exports.MEETINGS, text)
    assert problems == [
        "upload.csv, row 1, column attended: found '3'; no more attended than invited"
    ]


def test_feedback_themes_must_be_from_the_list():
    head = "form_id,received_date,worker_id,children,q1,q2,q3,q4,comment,tone,themes\n"
    _, problems = refusal(exports.FEEDBACK, head + "F1,2016-09-01,,,Y,Y,Y,,ok,positive,Weather\n")
    assert problems[0].startswith("upload.csv, row 1, column themes: found 'Weather'")


def test_oversize_empty_and_wrong_type_files_are_refused(settings):
    settings.QAF_QA_IMPORT_MAX_BYTES = 100
    summary, _ = refusal(exports.REVIEWS, "form_id,review_date\n" + "R1,2016-09-01\n" * 20)
    assert "the largest file accepted is 0.0 MB" in summary or "largest file accepted" in summary
    settings.QAF_QA_IMPORT_MAX_BYTES = 5_000_000
    summary, _ = refusal(exports.REVIEWS, "form_id,review_date\n")
    assert "no rows" in summary
    summary, _ = refusal(exports.REVIEWS, "form_id,review_date\nR1,2016-09-01\n", "r.txt")
    assert ".csv or .xlsx" in summary


def test_the_import_page_refuses_with_each_problem_and_the_right_roles(signed_in, teams):
    analyst, user = signed_in("analyst")
    text = AUDIT_HEAD + "A1,,CIN,T1,,,2016-09-01,1a,8\n"
    upload = SimpleUploadedFile("audits.csv", text.encode(), "text/csv")
    page = analyst.post("/qa/audits/import/", {"file": upload})
    assert page.status_code == 400
    assert "audits.csv, row 1, column score: found &#x27;8&#x27;" in page.content.decode()
    good = SimpleUploadedFile("audits.csv", text.replace(",8", ",3").encode(), "text/csv")
    assert analyst.post("/qa/audits/import/", {"file": good}).status_code == 302
    assert Change.objects.get(record_type="audit").via == "import"
    assert Change.objects.get(record_type="audit").user == user
    auditor, _ = signed_in("auditor")
    assert auditor.get("/qa/audits/import/").status_code == 403
    assert auditor.get("/qa/audits/export/").status_code == 403
    export = analyst.get("/qa/audits/export/")
    assert export["Content-Disposition"].startswith('attachment; filename="qaf_audits-')
    assert export.content.decode().splitlines()[1].startswith("A1,,CIN,T1,,,2016-09-01,1a,3")


def test_the_import_qa_command_reads_what_export_qa_wrote(teams, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    seed_month.make_feedback()
    seed_month.make_reviews()
    call_command("export_qa", "--out", str(tmp_path))
    first = exports.all_rows()
    FeedbackForm.objects.all().delete()
    ReviewForm.objects.all().delete()
    call_command("import_qa", "--from", str(tmp_path))
    assert exports.all_rows() == first
    (tmp_path / "qaf_iru_reviews.csv").write_text("form_id,review_date\nR1,someday\n")
    with pytest.raises(CommandError, match="row 1, column review_date"):
        call_command("import_qa", "--from", str(tmp_path))


def test_exports_and_imports_are_written_to_the_access_log(signed_in, teams):
    from qaf.web.accounts.models import AccessLog

    analyst, user = signed_in("analyst")
    analyst.get("/qa/reviews/export/")
    analyst.get("/qa/reviews/import/")
    logged = list(AccessLog.objects.values_list("url_name", "username", "status"))
    assert ("qa:review_export", user.username, 200) in logged
    assert ("qa:review_import", user.username, 200) in logged


def test_an_excel_workbook_imports_as_its_csv_would(teams, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["form_id", "review_date", "person_id", "report_on_time", "sw_changes"])
    sheet.append(["R1", "30/09/2016", "C1", "Y", 2])
    sheet.append(["R2", "2016-09-12", None, None, None])
    path = tmp_path / "reviews.xlsx"
    book.save(path)
    outcome = import_file(exports.REVIEWS, "reviews.xlsx", path.read_bytes(), None)
    assert outcome.created == 2
    text = exports.csv_text(exports.REVIEWS, exports.all_rows()[exports.REVIEWS])
    assert text.splitlines()[1:] == ["R2,2016-09-12,,,", "R1,2016-09-30,C1,Y,2"]
