"""The PDF: WeasyPrint lays out the report's own HTML with its print styles, tagged for PDF/UA-1
(screen readers follow the structure), fetching nothing: the page is self-contained, so any URL it
asks for is refused rather than looked up."""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from qaf.errors import QafError

PDF_VARIANT = "pdf/ua-1"
REFUSED = "the report fetches nothing; refused"
# What the HTML report alone carries (document.Table.printed false), between markers whose opening
# comment holds the line to print instead, already escaped by the template (table.html.j2).
SCREEN_ONLY = re.compile(r"<!--screen-only: (.*?)-->.*?<!--/screen-only-->", re.DOTALL)


def for_print(page: str) -> str:
    """The report's HTML as the PDF prints it: each screen-only block replaced by its line.
    Cutting it from the text, rather than hiding it with print styles, spares WeasyPrint parsing
    and styling it (display: none still costs both)."""
    return SCREEN_ONLY.sub(r'<p class="elsewhere">\1</p>', page)


@cache
def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that allows no protocol and fetches nothing."""
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            # Everything is inline; a URL here would be a fetch from outside the council's machine.
            raise ValueError(f"{REFUSED} {url[:80]!r}")

    return RefusingFetcher(allowed_protocols=(), fail_on_errors=False)


def render(html: str) -> bytes:
    """The PDF's bytes from the report's HTML (screen-only blocks left out)."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support; those are for screens, not paper.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        pdf = HTML(string=for_print(html), url_fetcher=refusing_fetcher(), base_url=None).write_pdf(
            pdf_variant=PDF_VARIANT
        )
    except OSError as error:
        raise QafError(f"the PDF could not be made: {error}") from error
    assert pdf is not None  # write_pdf with no target returns the bytes
    return pdf
