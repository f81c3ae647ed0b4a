"""The PDF: WeasyPrint lays out the report's own HTML (less what only the HTML report carries,
`for_print`) with its print styles, tagged for PDF/UA-1 (screen readers follow the structure),
fetching nothing: the page is self-contained, so any URL it asks for, other than a `data:` URL
holding its own content, is refused rather than looked up."""

from __future__ import annotations

import base64
import logging
import re
from functools import cache
from html import escape
from typing import Any

from qaf.errors import QafError
from qaf.signals.icons import every_icon

PDF_VARIANT = "pdf/ua-1"
REFUSED = "the report fetches nothing; refused"
# What the HTML report alone carries (document.Table.printed false), between markers, and what
# the PDF prints in its place, in a <template> a browser does not show (table.html.j2).
SCREEN_ONLY = re.compile(r"<!--screen-only-->.*?<!--/screen-only-->", re.DOTALL)
PRINT_ONLY = re.compile(r'<template class="print">(.*?)</template>', re.DOTALL)


def for_print(page: str) -> str:
    """The report's HTML as the PDF prints it: each screen-only block replaced by its print form
    or a line saying where to find it, each SPC icon an image. Cutting from the text, rather than
    hiding with print styles, spares WeasyPrint parsing and styling what it would not draw
    (display: none still costs both)."""
    page = PRINT_ONLY.sub(r"\1", SCREEN_ONLY.sub("", page))
    for svg, image in icon_images().items():
        page = page.replace(svg, image)
    return page


@cache
def icon_images() -> dict[str, str]:
    """Each icon's inline SVG and the same drawing as an <img> with its text alternative.
    WeasyPrint reads an image once per URL however often it is used, where it parses and styles
    every inline copy: the report prints about a hundred icons of a dozen kinds."""
    images = {}
    for icon in every_icon():
        data = base64.b64encode(icon.svg.encode()).decode()
        images[icon.svg] = (
            f'<img class="qaf-icon" src="data:image/svg+xml;base64,{data}" '
            f'alt="{escape(icon.alt, quote=True)}">'
        )
    return images


@cache
def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: only `data:` URLs, whose content is in the
    page itself (the icons, for_print), are read."""
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            # Everything is inline; a URL here would be a fetch from outside the council's machine.
            raise ValueError(f"{REFUSED} {url[:80]!r}")

    return RefusingFetcher(allowed_protocols=("data",), fail_on_errors=False)


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
