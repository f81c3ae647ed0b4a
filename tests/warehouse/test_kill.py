"""Killing `qaf load` part-way leaves the previous version current, readable and loadable over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.warehouse import list_versions, load_folder, open_source
from qaf.warehouse.store import Warehouse, interrupted
from tests.warehouse.folders import PEOPLE, valid_rows, write, write_big

# `qaf load`, through the real CLI when every command module is importable yet.
QAF = """
import sys
from qaf import cli
try:
    sys.exit(cli.main(sys.argv[1:]))
except ImportError:
    import argparse
    from qaf.commands import load
    from qaf.config import load_settings
    parser = argparse.ArgumentParser(prog="qaf")
    load.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(sys.argv[1:])
    sys.exit(args.run(args, load_settings()))
"""
# Enough rows that writing them takes a good part of a second.
BIG = 300_000


def start_load(folder: Path, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        # The big folder lacks the small one's other tables: their fall is accepted knowingly.
        [sys.executable, "-c", QAF, "load", str(folder), "--warehouse", url, "--accept-drop"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
    )


def wait_for(process: subprocess.Popen[str], marker: str, timeout: float = 60) -> None:
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if marker in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"qaf load ended before {marker!r}: {process.returncode}")
    raise AssertionError(f"no {marker!r} within {timeout}s")


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_big(tmp_path_factory.mktemp("big"), BIG)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("marker", "delay"),
    [("Writing version", 0.0), ("Writing version", 0.1), ("Writing version", 0.25), (None, 0.5)],
)
def test_sigkill_mid_load(
    tmp_path: Path, big_folder: Path, marker: str | None, delay: float
) -> None:
    url = f"duckdb://{tmp_path / 'warehouse.duckdb'}"
    before = load_folder(write(tmp_path / "small", valid_rows()), url, Settings(), progress=False)
    process = start_load(big_folder, url)
    if marker:
        wait_for(process, marker)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the load finished before it was killed"

    source = open_source(url)
    assert source.data_version == before.data_version
    assert int(source.execute(source.table("ssd_person").count())) == PEOPLE
    source.backend.disconnect()
    assert [v.version for v in list_versions(url)] == [1]

    after = load_folder(big_folder, url, Settings(), progress=False, accept_drop=True)
    assert after.status == "loaded"
    source = open_source(url)
    assert int(source.execute(source.table("ssd_person").count())) == BIG
    source.backend.disconnect()
    warehouse = Warehouse(url, create=False)
    assert len(warehouse.version_schemas()) == 2, "the killed load's staging schema is gone"
    warehouse.close()


@pytest.mark.slow
def test_ctrl_c_mid_write_says_so_and_changes_nothing(tmp_path: Path, big_folder: Path) -> None:
    url = f"duckdb://{tmp_path / 'warehouse.duckdb'}"
    before = load_folder(write(tmp_path / "small", valid_rows()), url, Settings(), progress=False)
    process = start_load(big_folder, url)
    wait_for(process, "Writing version")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted while writing version 2" in err and "Traceback" not in err
    source = open_source(url)
    assert source.data_version == before.data_version
    source.backend.disconnect()
    warehouse = Warehouse(url, create=False)
    assert len(warehouse.version_schemas()) == 1, "the interrupted load's schema is removed"
    warehouse.close()


@pytest.mark.parametrize(
    "error",
    [
        KeyboardInterrupt(),
        # What DuckDB raises when Ctrl-C strikes while it scans the Arrow data it was given.
        RuntimeError("Query interrupted"),
        RuntimeError("KeyboardInterrupt"),
    ],
)
def test_every_form_duckdb_gives_ctrl_c_is_read_as_an_interruption(error: BaseException) -> None:
    wrapped = ValueError("while storing ssd_person")
    wrapped.__cause__ = error
    assert interrupted(error) and interrupted(wrapped)


def test_an_ordinary_error_is_not_an_interruption() -> None:
    assert not interrupted(RuntimeError("disk I/O error: no space left on device"))
