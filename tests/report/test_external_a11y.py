"""The external (publishable) report's HTML, as `qaf report --external` writes it: free of serious
or critical axe findings in headless Chromium on a desktop and a phone, as the internal one is
(tests/report/test_html.py). Suppression changes the page (`c` cells, charts left out, notes), so
it is checked on its own."""

from __future__ import annotations

from typing import Any

import pytest

from qaf.report.build import Computed
from qaf.report.document import Report
from tests.browser import PHONE, axe_violations, describe

pytestmark = pytest.mark.slow  # the session's synthetic council takes a while to compute


@pytest.fixture(scope="module")
def external_page(report: Report, computed: Computed) -> str:
    """The session's report protected as `qaf report --external` protects it (build.write_report)."""
    from qaf.report import html
    from qaf.report.disclosure import protect

    protected = protect(report, computed.doc)
    assert protected.external
    return html.render(protected)


def test_the_external_page_is_the_protected_one(external_page: str) -> None:
    # What axe checks below is the published variant: suppressed cells and its own marking.
    assert ">c<" in external_page
    assert "OFFICIAL-SENSITIVE" not in external_page


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"]
)
def test_axe_finds_nothing_serious_in_the_external_report(
    browser: Any, external_page: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, offline=True)
    try:
        tab = context.new_page()
        tab.set_content(external_page, wait_until="load")
        found = axe_violations(tab)
        assert found == [], describe(found)
    finally:
        context.close()
