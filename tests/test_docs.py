"""Docs that tests keep honest: every setting and every command is documented."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

from qaf.cli import COMMANDS
from qaf.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def setting_names(obj: object = Settings(), prefix: str = "") -> list[str]:
    names = []
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if is_dataclass(value):
            names += setting_names(value, f"{prefix}{f.name}.")
        else:
            names.append(f"{prefix}{f.name}")
    return names


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
