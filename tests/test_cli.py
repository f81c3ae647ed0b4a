"""The `qaf` command's manners: a fast --help, quiet on a closed pipe, folders made for --out."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qaf.cli import COMMANDS, EXIT_FILE_PROBLEM, EXIT_READER_GONE, main

HEAVY = ("ibis", "pandas", "pyarrow", "duckdb", "rich", "numpy", "qaf.synth", "qaf.warehouse")


def qaf_process(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "qaf.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_building_the_parser_imports_no_heavy_library():
    # A fresh interpreter: this test process has long since imported all of them.
    script = (
        "import json, sys, qaf.cli\n"
        "qaf.cli.build_parser()\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert all(name in text for name in COMMANDS)


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        # argparse swallows its own write errors for --help, so that one may end 0.
        (("--help",), {0, EXIT_READER_GONE}),
        (("indicators", "--list"), {EXIT_READER_GONE}),
    ],
)
def test_a_closed_pipe_ends_quietly(args, codes):
    # The reader is gone before qaf writes a byte, as with `qaf indicators ... | head -1`.
    proc = qaf_process(*args)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in codes
    assert stderr == ""


@pytest.mark.slow
def test_out_folders_are_created(tmp_path, capsys):
    council = tmp_path / "new" / "council"
    assert main(["synth", "--out", str(council), "--scale", "0.02", "--quiet"]) == 0
    result = tmp_path / "results" / "2016" / "cp.json"
    args = ["indicators", "--month", "2016-09", "--data", str(council), "--only", "cp.plans"]
    assert main([*args, "--quiet", "--out", str(result)]) == 0
    assert "cp.plans" in json.loads(result.read_text())["indicators"]
    report = tmp_path / "reports" / "load.json"
    warehouse = f"duckdb://{tmp_path / 'warehouse' / 'qaf.duckdb'}"
    assert main(["load", str(council), "--warehouse", warehouse, "--report-json", str(report)]) == 0
    assert json.loads(report.read_text())


def test_a_file_problem_is_named_without_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    code = main(["synth", "--out", str(blocker / "council"), "--scale", "0.02", "--quiet"])
    assert code == EXIT_FILE_PROBLEM
    err = capsys.readouterr().err
    assert err.startswith("qaf synth: cannot use ") and str(blocker) in err
    assert "Traceback" not in err


def test_an_unknown_profile_names_the_known_ones(tmp_path, capsys):
    assert main(["synth", "--out", str(tmp_path / "x"), "--profile", "nowhere"]) == 2
    assert "known profiles: devon-2016" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
