"""Commentary: one Markdown entry per section, raw HTML shown as text, mistakes named."""

from __future__ import annotations

from pathlib import Path

import pytest

from qaf.errors import QafError
from qaf.report.commentary import parse, read


def test_one_entry_per_section_rendered_as_markdown() -> None:
    entries = parse("## 1.2 Assessment\nFewer **assessments** closed.\n\n## quality\n- a\n- b\n")
    assert entries["1.2"] == "<p>Fewer <strong>assessments</strong> closed.</p>\n"
    assert entries["quality"] == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"


def test_raw_html_and_images_never_reach_the_page() -> None:
    html = parse(
        '## 1.0\n<script>alert(1)</script> <img src="http://x/y.png">\n![a](http://x/b.png)'
    )
    assert "<script" not in html["1.0"] and "<img" not in html["1.0"]
    assert "&lt;script&gt;" in html["1.0"]


def test_javascript_links_are_not_links() -> None:
    assert "href" not in parse("## 2\n[click](javascript:alert(1))")["2"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Intro text\n## 1.0\nx", "before the first section heading"),
        ("## 9.9\nx", "'9.9' is not a section"),
        ("## 1.0\nx\n## 1.0\ny", "two entries"),
    ],
)
def test_mistakes_are_named(text: str, words: str) -> None:
    with pytest.raises(QafError, match=words):
        parse(text)


def test_an_unreadable_file_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(QafError, match="cannot read"):
        read(tmp_path / "missing.md")
    bad = tmp_path / "latin1.md"
    bad.write_bytes("## 1.0\ncaf\xe9".encode("latin-1"))
    with pytest.raises(QafError, match="not UTF-8"):
        read(bad)
