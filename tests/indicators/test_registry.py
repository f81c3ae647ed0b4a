"""The registry as a whole: every catalogue id registered, metadata valid, docs up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qaf.indicators.reference import REFERENCE_PATH, render
from qaf.indicators.registry import REGISTRY, RegistryError, indicator, load_all, validate

CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "spec" / "indicators.md"
# Sections this project has built so far; the catalogue's later sections arrive with their issues.
BUILT_SECTIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2", "3", "4")


def catalogue_ids(sections: tuple[str, ...]) -> set[str]:
    ids: set[str] = set()
    current = None
    for line in CATALOGUE.read_text().splitlines():
        # "### 1.3 Child protection" names a subsection; "## 2. Internal case audits" a section
        # whose table sits under it directly ("## 1. Activity ..." has only subsections).
        heading = re.match(r"^### (\d+\.\d+) |^## (\d+)\. ", line)
        if heading:
            current = heading.group(1) or heading.group(2)
        match = re.match(r"^\| `([a-z0-9_.]+)` \|", line)
        if match and current in sections:
            ids.add(match.group(1))
    return ids


@pytest.mark.parametrize("section", BUILT_SECTIONS)
def test_every_catalogue_id_of_the_built_sections_is_registered(section):
    expected = catalogue_ids((section,))
    assert expected, f"no ids found for section {section} in the catalogue"
    registry = load_all()
    missing = sorted(expected - set(registry))
    assert not missing, f"section {section}: not registered: {missing}"
    wrong_section = sorted(i for i in expected if registry[i].section != section)
    assert not wrong_section, f"registered under another section: {wrong_section}"


def test_registry_is_valid():
    validate(load_all())


def test_a_duplicate_id_is_refused():
    load_all()
    existing = next(iter(REGISTRY))
    with pytest.raises(RegistryError, match="declared twice"):
        indicator(
            id=existing,
            title="x",
            unit="count",
            polarity="up",
            section="9",
            definition="x",
            source="x",
        )(lambda ctx: None)  # type: ignore[arg-type,return-value]


def test_unknown_unit_is_refused():
    bad = dict(load_all())
    first = next(iter(bad.values()))
    from dataclasses import replace

    bad[first.id] = replace(first, unit="furlongs")  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="unknown unit"):
        validate(bad)


def test_indicator_reference_is_up_to_date():
    assert REFERENCE_PATH.read_text() == render(), (
        "docs/indicators.md is stale: run `uv run python -m qaf.indicators.reference --write`"
    )
