"""docs/web.md keeps up with the code: its roles table is RULES, its settings are those read."""

from __future__ import annotations

import re

from qaf.web import docs, settings


def test_the_roles_table_in_docs_web_is_the_rules_table():
    text = docs.PAGE.read_text()
    assert docs.with_table(text) == text, "run `uv run python -m qaf.web.docs` to regenerate it"


def test_every_environment_variable_the_web_settings_read_is_documented():
    source = (settings.WEB_DIR / "settings.py").read_text()
    read = set(re.findall(r"\"(QAF_[A-Z_]+)\"", source))
    text = docs.PAGE.read_text()
    missing = sorted(name for name in read if f"`{name}`" not in text)
    assert read and not missing, f"add to docs/web.md's settings table: {missing}"
