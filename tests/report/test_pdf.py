"""The PDF read back: A4, the marking and "Page X of Y" on every page, tagged for PDF/UA, a known
figure's text, and nothing fetched from outside."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from qaf.report.build import Computed
from qaf.report.pdf import REFUSED, for_print, refusing_fetcher, render
from qaf.report.tables import fmt

pytestmark = pytest.mark.slow  # WeasyPrint lays out the whole report


@pytest.fixture(scope="module")
def reader(pdf_bytes: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes))


def test_every_page_has_the_marking_and_its_number(reader: PdfReader) -> None:
    pages = len(reader.pages)
    assert pages > 10
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "OFFICIAL-SENSITIVE" in text, number
        assert f"Page {number} of {pages}" in text, number


def test_a4_pages_portrait_and_landscape(reader: PdfReader) -> None:
    sizes = {
        tuple(sorted((round(float(p.mediabox.width)), round(float(p.mediabox.height)))))
        for p in reader.pages
    }
    assert sizes == {(595, 842)}  # A4 in points, either way round


def test_tagged_for_pdf_ua(reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root.get("/Lang")
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data() if reader.xmp_metadata else False


def test_a_known_figure_is_in_the_text(reader: PdfReader, computed: Computed) -> None:
    plans = computed.doc["indicators"]["cp.plans"]["value"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert fmt(plans, "count") in text
    assert "Child protection plans ended, by team and length of plan" in text


def test_no_url_is_fetched() -> None:
    for url in ("https://example.org/x.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match=REFUSED):
            refusing_fetcher().fetch(url)
    # A page that asks for an outside image still renders, without it.
    pdf = render('<html lang="en"><title>t</title><img src="https://example.org/x.png" alt="x">')
    assert pdf.startswith(b"%PDF")


def test_screen_only_tables_are_named_in_print(page: str, reader: PdfReader) -> None:
    """Tables that repeat printed figures stay in the HTML report; the PDF says where they are."""
    printed = for_print(page)
    assert 'id="t1.3-teams"' in page and 'id="t1.3-teams"' not in printed
    assert 'id="table-spc-cp.plans"' in page and 'id="table-spc-cp.plans"' not in printed
    assert "screen-only" not in printed and "<template" not in printed
    # The seed's tables 12 and 25 print.
    assert 'id="t1.3-plan-ends-by-team"' in printed
    text = " ".join(p.extract_text() for p in reader.pages)
    words = " ".join(text.split())
    assert "is in the HTML report, section 1.3 (Child protection)" in words
    # The definitions print in brief, and say where the full ones are.
    assert "What each figure counts, in brief" in words
    assert (
        "full definition, where it departs from the DfE's, and its source are in the HTML" in words
    )
