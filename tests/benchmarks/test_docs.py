"""docs/benchmarks.md names every mapping, its file and column, and every suppression symbol."""

from __future__ import annotations

from pathlib import Path

from qaf.benchmarks import MAPPINGS
from qaf.benchmarks.published import SUPPRESSION_SYMBOLS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md").read_text()
PROVENANCE = (
    Path(__file__).resolve().parents[2] / "src" / "qaf" / "benchmarks" / "data" / "PROVENANCE.md"
).read_text()


def test_every_mapping_is_documented_with_its_file_and_column():
    for mapping in MAPPINGS:
        assert f"`{mapping.indicator_id}`" in DOC, mapping.indicator_id
        assert mapping.file in DOC, mapping.file
        assert f"`{mapping.column}`" in DOC, (mapping.indicator_id, mapping.column)


def test_every_symbol_is_documented():
    for symbol in SUPPRESSION_SYMBOLS:
        assert f"`{symbol}`" in DOC, symbol


def test_every_bundled_file_has_its_provenance():
    folder = Path(__file__).resolve().parents[2] / "src" / "qaf" / "benchmarks" / "data"
    for path in folder.glob("*.csv"):
        assert f"`{path.name}`" in PROVENANCE, path.name
