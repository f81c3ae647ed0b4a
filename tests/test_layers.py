"""The layers hold for modules the import-linter contracts in pyproject.toml do not name yet."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "qaf"
# What the synthetic council may use of the rest of QAF: the input contract and the basics.
SYNTH_MAY_USE = {
    "qaf.warehouse.specs",
    "qaf.warehouse.spec_types",
    "qaf.warehouse.specs_qaf",
    "qaf.warehouse.codes",
    "qaf.warehouse.codes_ssd",
    "qaf.config",
    "qaf.errors",
}


def contract(name_starts: str) -> dict:
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found = [
        c for c in doc["tool"]["importlinter"]["contracts"] if c["name"].startswith(name_starts)
    ]
    assert len(found) == 1, name_starts
    return found[0]


def test_the_synthetic_council_uses_only_the_specs_and_code_sets():
    graph = grimp.build_graph("qaf")
    # The contract's known exceptions are the only ones allowed here too.
    for expression in contract("The synthetic council").get("ignore_imports", []):
        importer, imported = (part.strip() for part in expression.split("->"))
        if graph.direct_import_exists(importer=importer, imported=imported):
            graph.remove_import(importer=importer, imported=imported)
    used = graph.find_upstream_modules("qaf.synth", as_package=True)
    outside = sorted(m for m in used if m.startswith("qaf.") and not m.startswith("qaf.synth"))
    assert set(outside) <= SYNTH_MAY_USE, f"qaf.synth reaches {set(outside) - SYNTH_MAY_USE}"


def test_no_empty_packages():
    empty = [
        str(p.relative_to(ROOT))
        for p in SRC.rglob("__init__.py")
        if p.stat().st_size == 0
        and len(list(p.parent.glob("*.py"))) == 1
        and not any(d.is_dir() and d.name != "__pycache__" for d in p.parent.iterdir())
    ]
    assert not empty, f"remove the empty packages {empty}"
