"""Journeys in real headless Chromium, each page checked by axe (no serious or critical finding):
an auditor records an audit, a parent answers through a link on a phone, the IRU records a meeting."""

from __future__ import annotations

import pytest

from qaf.web import build_assets
from qaf.web.qa import tokens
from qaf.web.qa.models import CaseAudit, FeedbackForm, Meeting
from tests import browser as harness
from tests.web.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    build_assets.build()
    return live_server.url


def no_serious_findings(page, where: str) -> None:
    found = harness.axe_violations(page)
    assert found == [], f"{where}: {harness.describe(found)}"


@pytest.fixture
def new_page(browser):
    """new_page(viewport=None): a page in a context of its own, closed after the test so no
    request reaches the live server after it stops."""
    contexts = []

    def make(viewport=None):
        # axe is injected as an inline script, which the site's CSP (rightly) forbids: the
        # test's browser alone is told to let it run.
        options = {"bypass_csp": True}
        if viewport:
            options["viewport"] = viewport
        contexts.append(browser.new_context(**options))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(new_page, site, username):
    page = new_page()
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/")
    return page


def test_an_auditor_records_an_audit(new_page, site, make_user, teams):
    make_user("auditor", "journey-auditor")
    page = sign_in(new_page, site, "journey-auditor")
    page.goto(f"{site}/qa/audits/new/")
    no_serious_findings(page, "new audit form")
    # Sent without scores first: the error summary lists each standard, still accessible.
    page.click("button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Choose a score for standard 1a" in page.locator(".govuk-error-summary").inner_text()
    no_serious_findings(page, "audit form with errors")
    page.check("input[name='case_type'][value='CP']")
    page.fill("#id_child_id", "C501")
    page.select_option("#id_team", "T1")
    page.fill("#id_audit_date_0", "14")
    page.fill("#id_audit_date_1", "9")
    page.fill("#id_audit_date_2", "2016")
    names = page.eval_on_selector_all(
        "input[name^=score_]", "els => [...new Set(els.map(e => e.name))]"
    )
    assert len(names) == 6
    for i, name in enumerate(names):
        value = "NA" if i == 5 else str(i % 5 + 1)
        page.check(f"input[name='{name}'][value='{value}']")
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/qa/audits/*/")
    assert page.locator(".govuk-notification-banner").is_visible()
    no_serious_findings(page, "audit page")
    audit = CaseAudit.objects.get()
    assert audit.case_type == "CP" and audit.auditor.username == "journey-auditor"
    assert sorted(audit.scores.values_list("score", flat=True)) == ["1", "2", "3", "4", "5", "NA"]


def test_a_parent_answers_through_a_link_on_a_phone(new_page, site, make_user, teams):
    staff = make_user("manager", "journey-manager", teams=("T1",))
    token = tokens.create_link(staff, teams[0], "CASE-1", "W1", 2)
    page = new_page(harness.PHONE)
    page.goto(f"{site}/qa/feedback/{token}/")
    assert page.title().startswith("Tell us about your experience")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= harness.PHONE["width"], "the form scrolls sideways on a phone"
    no_serious_findings(page, "family's feedback form")
    page.check("input[name='q1'][value='yes']")
    page.check("input[name='q2'][value='yes']")
    page.check("input[name='q3'][value='no']")
    page.fill("#id_comment", "The social worker listened.")
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/qa/feedback/thanks/")
    no_serious_findings(page, "thank-you page")
    form = FeedbackForm.objects.get()
    assert (form.q1, form.q2, form.q3, form.q4) == (True, True, False, None)
    # The same link again: refused, and the refusal page is accessible too.
    page.goto(f"{site}/qa/feedback/{token}/")
    assert page.locator("h1").inner_text() == "This link cannot be used"
    no_serious_findings(page, "refused link")


def test_the_iru_records_a_meeting(new_page, site, make_user, teams):
    make_user("iru", "journey-iru")
    page = sign_in(new_page, site, "journey-iru")
    page.goto(f"{site}/qa/meetings/new/")
    no_serious_findings(page, "new meeting form")
    page.check("input[name='meeting_type'][value='CORE_GROUP']")
    page.fill("#id_meeting_date_0", "8")
    page.fill("#id_meeting_date_1", "9")
    page.fill("#id_meeting_date_2", "2016")
    page.fill("#id_health_invited", "3")
    page.fill("#id_health_attended", "2")
    page.fill("#id_other_invited", "5")
    page.fill("#id_other_attended", "6")
    page.click("button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    no_serious_findings(page, "meeting form with errors")
    page.fill("#id_other_attended", "4")
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/qa/meetings/*/")
    no_serious_findings(page, "meeting page")
    meeting = Meeting.objects.get()
    assert (meeting.other_invited, meeting.other_attended) == (5, 4)
    # The IRU's figures for that month, from the meeting just recorded.
    page.goto(f"{site}/qa/figures/?month=2016-09")
    assert "Core group, Other professionals" in page.content()
    no_serious_findings(page, "QA figures")
