"""Commentary people write for each section: one Markdown file, a `## <section id>` heading per
entry (`## 1.2`, `## quality`), rendered with raw HTML disabled so a pasted tag shows as text."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from qaf.errors import QafError
from qaf.report.document import SECTION_IDS

HEADING = re.compile(r"^##\s+(\S+)[^\n]*$", re.MULTILINE)


def parse(text: str, source: str = "commentary") -> dict[str, str]:
    """Section id -> that entry's HTML. Text before the first heading is refused (it belongs to no
    section), as is an unknown section id or one given twice."""
    matches = list(HEADING.finditer(text))
    if text[: matches[0].start() if matches else len(text)].strip():
        raise QafError(
            f"{source}: text before the first section heading; start each entry with a line "
            f"such as '## 1.2' (sections: {', '.join(SECTION_IDS)})"
        )
    # Images are off too: the report is self-contained and fetches nothing.
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    entries: dict[str, str] = {}
    for i, match in enumerate(matches):
        section_id = match.group(1).rstrip(".:")
        if section_id not in SECTION_IDS:
            line = text.count("\n", 0, match.start()) + 1
            raise QafError(
                f"{source}, line {line}: '{section_id}' is not a section of the report "
                f"(sections: {', '.join(SECTION_IDS)})"
            )
        if section_id in entries:
            raise QafError(f"{source}: section {section_id} has two entries; merge them")
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end() : end].strip()
        entries[section_id] = markdown.render(body) if body else ""
    return entries


def read(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QafError(f"cannot read the commentary file {path}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise QafError(f"{path} is not UTF-8 text: {error.reason}") from error
    return parse(text, str(path))
