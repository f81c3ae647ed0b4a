"""Real headless Chromium for page tests, and the axe accessibility check run inside it.

Debian's Chromium is driven by Playwright (never `playwright install`: these machines cannot download
a browser); axe-core comes from the project's npm packages. Only serious and critical findings fail a
test: minor and moderate ones are reported by axe but are judgement calls, not barriers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
# Without the networking flags Chromium tries Google's hosts, which this closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = ("serious", "critical")
PHONE = {"width": 375, "height": 812}


def missing() -> str | None:
    """Why browser tests cannot run here, or None when they can (`./do setup` installs both)."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return "Debian's chromium is not installed (./do setup installs it)"
    if not AXE.exists():
        return "node_modules/axe-core is missing (./do setup runs npm ci)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright Chromium browser, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe findings on the page as it stands, each with its rule and nodes."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per finding, for an assertion message a person can act on."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
