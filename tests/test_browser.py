"""The browser harness itself: axe in real Chromium finds what it should and passes a clean page."""

from __future__ import annotations

from tests.browser import axe_violations, describe


def _page(browser, tmp_path, body: str):
    path = tmp_path / "page.html"
    path.write_text(f'<!doctype html><html lang="en"><title>Test</title><main>{body}</main></html>')
    page = browser.new_page()
    page.goto(path.as_uri())
    return page


def test_axe_reports_an_unlabelled_field_and_an_image_without_alt(browser, tmp_path):
    page = _page(browser, tmp_path, '<img src="x.png"><input type="text">')
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found


def test_a_clean_page_has_no_serious_finding(browser, tmp_path):
    page = _page(browser, tmp_path, '<h1>Report</h1><label for="m">Month</label><input id="m">')
    violations = axe_violations(page)
    assert violations == [], describe(violations)
