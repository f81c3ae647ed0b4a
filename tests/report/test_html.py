"""The HTML page: self-contained, structured for screen readers, readable on a phone, and free of
serious or critical axe findings in headless Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from qaf.report.document import Report
from tests.browser import PHONE, axe_violations, describe

pytestmark = pytest.mark.slow  # the session's synthetic council takes a while to compute


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def test_self_contained_and_script_free(page: str) -> None:
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object")]
    for _tag, attrs in tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value or value.startswith("#"), (name, value)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", page)
    assert "@import" not in page


def test_every_table_has_a_caption_and_scoped_headers(page: str) -> None:
    tables = page.count("<table")
    assert tables > 30
    assert page.count("<caption") == tables
    th = [a for t, a in _tags(page) if t == "th"]
    assert all(a.get("scope") in ("col", "row", "colgroup") for a in th)


def test_landmarks_skip_link_and_the_marking(page: str, report: Report) -> None:
    assert '<a class="skip-link" href="#main">' in page
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in page
    assert page.count("OFFICIAL-SENSITIVE") >= 2
    assert "Assessment commentary written by the analyst." in page
    for section in report.sections:
        assert f'id="s-{section.id}"' in page


def _open(browser: Any, page_html: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, offline=True)
    tab = context.new_page()
    tab.set_content(page_html, wait_until="load")
    return context, tab


def test_axe_finds_nothing_serious_on_a_desktop_or_a_phone(browser: Any, page: str) -> None:
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        context, tab = _open(browser, page, viewport)
        try:
            found = axe_violations(tab)
            assert found == [], describe(found)
        finally:
            context.close()


def test_on_a_phone_only_tables_scroll_sideways(browser: Any, page: str) -> None:
    context, tab = _open(browser, page, PHONE)
    try:
        page_width = tab.evaluate("document.documentElement.scrollWidth")
        assert page_width <= PHONE["width"]
        wide = tab.evaluate(
            "[...document.querySelectorAll('.table-wrap')]"
            ".filter(w => w.scrollWidth > w.clientWidth).length"
        )
        assert wide > 0  # the wide tables scroll inside their own box
    finally:
        context.close()
