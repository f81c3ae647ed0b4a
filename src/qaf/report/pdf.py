"""The PDF: WeasyPrint lays out the report's own HTML with its print styles, tagged for PDF/UA-1
(screen readers follow the structure), fetching nothing: the page is self-contained, so any URL it
asks for is refused rather than looked up."""

from __future__ import annotations

from typing import Any, NoReturn

from qaf.errors import QafError

PDF_VARIANT = "pdf/ua-1"


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    # The HTML inlines everything; a URL here would be a fetch from outside the council's machine.
    raise ValueError(f"the report fetches nothing; refused {url[:80]!r}")


def render(html: str) -> bytes:
    """The PDF's bytes from the report's HTML."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support; those are for screens, not paper.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        pdf = HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf(
            pdf_variant=PDF_VARIANT, uncompressed_pdf=False
        )
    except OSError as error:
        raise QafError(f"the PDF could not be made: {error}") from error
    assert pdf is not None  # write_pdf with no target returns the bytes
    return pdf
