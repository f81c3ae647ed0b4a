"""Each role signs in through the real form in headless Chromium, sees its own menu and signs out;
the sign-in and home pages pass axe's serious and critical checks."""

from __future__ import annotations

import pytest

from qaf.web import build_assets
from qaf.web.navigation import MENU
from qaf.web.rules import ROLES, RULES
from tests import browser as harness
from tests.web.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    build_assets.build()
    return live_server.url


def checked_page(browser, **options):
    """A page axe can run in: the harness injects axe as an inline script, which the service's CSP
    rightly blocks, so these test pages bypass it (test_no_page_breaks_the_csp keeps it honest)."""
    return browser.new_context(bypass_csp=True, **options).new_page()


def _menu_for(role: str) -> list[str]:
    return [link.label for link in MENU if role in RULES[link.url_name].roles]


def test_the_sign_in_page_has_no_serious_accessibility_problem(browser, site):
    page = checked_page(browser)
    page.goto(f"{site}/sign-in/")
    assert page.title().startswith("Sign in")
    assert harness.axe_violations(page) == [], harness.describe(harness.axe_violations(page))
    # A wrong password: the error summary and the field's message, still accessible.
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "not the password")
    page.click("button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Sign in (error)")
    found = harness.axe_violations(page)
    assert found == [], harness.describe(found)
    page.context.close()


def test_each_role_signs_in_sees_its_menu_and_signs_out(browser, site, make_user):
    for role in ROLES:
        make_user(role, f"journey-{role}", teams=("T1",) if role == "manager" else ())
        page = checked_page(browser)
        page.goto(f"{site}/")  # not signed in: sent to sign in, then back
        page.fill("#id_username", f"journey-{role}")
        page.fill("#id_password", PASSWORD)
        page.click("button.govuk-button")
        page.wait_for_url(f"{site}/")
        assert page.locator("h2", has_text="What you can do").is_visible()
        nav = page.locator(".govuk-service-navigation__list a").all_inner_texts()
        assert [n.strip() for n in nav] == [*_menu_for(role), "Your account"]
        assert "js-enabled" in (page.locator("body").get_attribute("class") or "")
        found = harness.axe_violations(page)
        assert found == [], f"{role}: {harness.describe(found)}"
        page.click("text=Sign out")
        page.wait_for_url(f"{site}/sign-in/")
        page.context.close()


def test_the_home_page_works_on_a_phone(browser, site, make_user):
    make_user("auditor", "phone-user")
    page = checked_page(browser, viewport=harness.PHONE)
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", "phone-user")
    page.fill("#id_password", PASSWORD)
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/")
    # GOV.UK's service navigation folds into a Menu button on a narrow screen.
    assert page.locator(".govuk-service-navigation__toggle").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= harness.PHONE["width"], "the page scrolls sideways on a phone"
    found = harness.axe_violations(page)
    assert found == [], harness.describe(found)
    page.context.close()


def test_no_page_breaks_the_csp(browser, site, make_user):
    make_user("admin", "csp-admin")
    page = browser.new_page(viewport=harness.PHONE)  # the real policy, enforced
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", PASSWORD)
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/admin/users/add/")
    # GOV.UK Frontend started from its static module: it shows the narrow screen's Menu button.
    assert page.locator(".govuk-service-navigation__toggle").is_visible()
    assert refused == []
    page.close()


def test_an_admin_adds_a_team_manager_in_the_browser(browser, site, make_user):
    from qaf.web.accounts.models import Team, User

    Team.objects.create(code="T1", name="Assessment West")
    make_user("admin", "journey-admin")
    page = checked_page(browser)
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", "journey-admin")
    page.fill("#id_password", PASSWORD)
    page.click("button.govuk-button")
    page.click(".govuk-service-navigation__list >> text=Users")
    page.click("text=Add a user")
    page.click("button.govuk-button >> text=Save")
    # Every error is in the summary, which takes the focus, and links to its field.
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    page.click(".govuk-error-summary >> text=Choose the account's role")
    assert page.evaluate("document.activeElement.id") == "id_role_0"
    found = harness.axe_violations(page)
    assert found == [], harness.describe(found)
    page.fill("#id_username", "new-manager")
    page.fill("#id_password", "a-brand-new-passphrase-9")
    page.check("label:has-text('Team manager')")
    page.check("label:has-text('Assessment West')")
    page.click("button.govuk-button >> text=Save")
    assert (
        page.locator(".govuk-notification-banner--success")
        .inner_text()
        .endswith("Account new-manager created")
    )
    found = harness.axe_violations(page)
    assert found == [], harness.describe(found)
    made = User.objects.get(username="new-manager")
    assert (made.role, made.team_codes()) == ("manager", ["T1"])
    # The other administration pages pass the same check: the access log with its filter form.
    page.click(".govuk-service-navigation__list >> text=Access log")
    page.fill("#id_username", "nobody")
    page.click("button.govuk-button >> text=Filter")
    found = harness.axe_violations(page)
    assert found == [], harness.describe(found)
    page.context.close()


def test_signing_in_and_out_works_without_javascript(browser, site, make_user):
    make_user("leader", "no-script")
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", "no-script")
    page.fill("#id_password", PASSWORD)
    page.click("button.govuk-button")
    page.wait_for_url(f"{site}/")
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    # Without JavaScript the menu is a plain list of links, all showing.
    assert page.locator(".govuk-service-navigation__list >> text=Reports").is_visible()
    page.click("text=Sign out")
    page.wait_for_url(f"{site}/sign-in/")
    page.context.close()
