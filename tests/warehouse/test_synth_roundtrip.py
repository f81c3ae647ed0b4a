"""The synthetic council loads whole, and its messy spelling loads to exactly the same tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qaf import synth
from qaf.config import Settings
from qaf.warehouse import load_folder, open_source, read_folder
from qaf.warehouse.specs import SPECS

# Small enough to run in seconds, large enough that every table has rows.
SCALE = 0.05


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("synth")
    synth.write_folder(root / "clean", scale=SCALE, progress=False)
    synth.write_folder(root / "messy", scale=SCALE, messy=True, progress=False)
    return {"clean": root / "clean", "messy": root / "messy"}


def frames(folder: Path) -> dict[str, pd.DataFrame]:
    source, report = read_folder(folder, Settings())
    assert not report.problems, [p.message for p in report.problems[:5]]
    result = {}
    for spec in SPECS:
        frame = source.execute(source.table(spec.name))
        result[spec.name] = frame.sort_values(list(spec.names)).reset_index(drop=True)
    source.backend.disconnect()
    return result


def test_synth_loads_whole_and_messy_reads_the_same(folders: dict[str, Path]) -> None:
    clean, messy = frames(folders["clean"]), frames(folders["messy"])
    for spec in SPECS:
        if spec.name != "qaf_council":
            assert len(clean[spec.name]), f"{spec.name} is empty at scale {SCALE}"
        pd.testing.assert_frame_equal(clean[spec.name], messy[spec.name], obj=spec.name)


@pytest.mark.parametrize("kind", ["clean", "messy"])
def test_synth_load_round_trip(tmp_path: Path, folders: dict[str, Path], kind: str) -> None:
    url = f"duckdb://{tmp_path / 'warehouse.duckdb'}"
    report = load_folder(folders[kind], url, Settings(), progress=False)
    assert report.status == "loaded" and report.problem_total == 0, report.message
    source = open_source(url)
    for spec in SPECS:
        stored = int(source.execute(source.table(spec.name).count()))
        assert stored == report.tables[spec.name].rows_loaded
    source.backend.disconnect()
