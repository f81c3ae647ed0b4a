"""Several readers share one DuckDB warehouse, and a read-only copy can be read (real processes)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.warehouse import load_folder
from tests.warehouse.folders import PEOPLE, valid_rows, write

# A reader that opens the warehouse, holds it while the others open it too, then counts people.
READER = """
import sys, time
from qaf.warehouse import list_versions, open_source
url, hold = sys.argv[1], float(sys.argv[2])
source = open_source(url)
time.sleep(hold)
people = int(source.execute(source.table("ssd_person").count()))
versions = [v.version for v in list_versions(url)] if hold == 0 else []
print(people, source.data_version, versions)
source.backend.disconnect()
"""


def loaded(folder: Path) -> Path:
    warehouse = folder / "warehouse.duckdb"
    report = load_folder(
        write(folder / "in", valid_rows()), f"duckdb://{warehouse}", Settings(), progress=False
    )
    assert report.status == "loaded", report.message
    return warehouse


def run_readers(url: str, count: int, hold: float, user: list[str]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    readers = [
        subprocess.Popen(
            [*user, sys.executable, "-c", READER, url, str(hold)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd="/",
        )
        for _ in range(count)
    ]
    outputs = []
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
        outputs.append(out.strip())
    return outputs


def test_several_readers_at_once(tmp_path: Path) -> None:
    warehouse = loaded(tmp_path)
    outputs = run_readers(f"duckdb://{warehouse}", 3, 1.5, [])
    assert len(set(outputs)) == 1 and outputs[0].startswith(f"{PEOPLE} v1:")


def _as_someone_else() -> list[str]:
    """Root reads any file whatever its permissions: run the reader as `nobody` to mean it."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_copy_can_be_read(tmp_path: Path) -> None:
    warehouse = loaded(tmp_path / "made")
    # Outside pytest's own folders, which only their owner may enter.
    copy = Path(tempfile.mkdtemp(prefix="qaf-read-only-"))
    try:
        shutil.copy(warehouse, copy / "warehouse.duckdb")
        read_only = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
        (copy / "warehouse.duckdb").chmod(read_only)
        copy.chmod(read_only | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        url = f"duckdb://{copy / 'warehouse.duckdb'}"
        outputs = run_readers(url, 2, 0, _as_someone_else())
    finally:
        copy.chmod(0o700)
        shutil.rmtree(copy)
    assert outputs == [f"{PEOPLE} {outputs[0].split()[1]} [1]"] * 2


def test_indicator_runs_share_a_warehouse_with_a_reader(tmp_path: Path) -> None:
    warehouse = loaded(tmp_path)
    url = f"duckdb://{warehouse}"
    holder = subprocess.Popen(
        [sys.executable, "-c", READER, url, "6"], stdout=subprocess.PIPE, text=True
    )
    command = [
        sys.executable,
        "-m",
        "qaf.cli",
        "indicators",
        "--month",
        "2016-09",
        "--warehouse",
        url,
        "--only",
        "front_door.referrals,cin.caseload",
        "--format",
        "csv",
    ]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    holder.communicate(timeout=120)
    assert [run.returncode for run in runs] == [0, 0], [err for _out, err in outputs]
    assert outputs[0][0] == outputs[1][0] and "front_door.referrals" in outputs[0][0]
    assert holder.returncode == 0
