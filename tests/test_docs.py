"""Docs that tests keep honest: every setting and command documented, every link and path real."""

from __future__ import annotations

import re
from pathlib import Path

from qaf.cli import COMMANDS
from qaf.config import setting_names

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_in_docs_settings():
    doc = (ROOT / "docs" / "settings.md").read_text()
    missing = [name for name in setting_names() if f"`{name}`" not in doc]
    assert not missing, f"add to docs/settings.md: {missing}"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in COMMANDS if f"qaf {name}" not in readme]
    assert not missing, f"add to the README's tour: {missing}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./do test" in readme and "./do test" in ci


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
# [text](target) in Markdown; a target with a scheme (https:, mailto:) is not a file.
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
# A repository path named in code style, e.g. `src/qaf/config.py` (relative to the repository).
CODE_PATH = re.compile(r"`((?:src|tests|docs|bench)/[^`\s*<>]+)`")


def test_every_relative_link_in_the_docs_points_to_a_file():
    broken = []
    for doc in DOCS:
        for target in LINK.findall(doc.read_text()):
            if SCHEME.match(target) or target.startswith("#"):
                continue
            if not (doc.parent / target.split("#")[0]).exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert not broken, f"links to nothing: {broken}"


def test_paths_named_in_the_docs_exist():
    missing = []
    for doc in DOCS:
        for path in CODE_PATH.findall(doc.read_text()):
            if not (ROOT / path.split("::")[0]).exists():
                missing.append(f"{doc.relative_to(ROOT)}: {path}")
    assert not missing, f"paths that do not exist: {missing}"


def test_the_docs_use_no_machine_paths():
    # Absolute paths of one machine (/work/..., /home/...) mean nothing in a clone.
    found = [
        f"{doc.relative_to(ROOT)}:{n}"
        for doc in DOCS
        for n, line in enumerate(doc.read_text().splitlines(), 1)
        if re.search(r"(?<![\w.~])/(work|home)/", line)
    ]
    assert not found, f"use repository-relative links instead: {found}"
