"""Benchmark `qaf load` against a bare read-and-insert of the same files, and its peak memory.

    uv run python bench/bench_load.py [--scale 10] [--folder DIR] [--repeat 3] [--big-mb 200]

1. Speed: a synthetic council at `--scale` (or `--folder`) is loaded with `load_folder` (what
   `qaf load` runs) into a fresh DuckDB file, and, in the same run, read by a yardstick that does
   no checks at all: every CSV read as text by pyarrow and inserted into a DuckDB file. Runs
   alternate (load, yardstick, load, ...) so that the machine's other work falls on both alike;
   the medians and their ratio are printed (issue 7's target: 1.3x). DuckDB's own read_csv (its
   own type detection, no Python) is timed too, for scale: a floor, not the target.
2. Memory: a folder whose one big table is ssd_contacts, about `--big-mb` MB (the synthetic
   council's contacts at scale 1, repeated with new ids), beside scale 1's people and referrals.
   Peak resident memory of the loading process is printed as a multiple of the big file's size,
   in all and above what the process held before it started loading (issue 7's target: 3x).

Every step runs in a fresh Python process, which measures itself (time.perf_counter around the
work, getrusage's ru_maxrss for the peak), so no step's memory counts against another."""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

PRELUDE = """
import json, resource, sys, time
from pathlib import Path
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
CPU_AT_START = cpu()
def done(started, rows, before_mb, cpu_before):
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows,
                      "peak_mb": peak_mb(), "before_mb": before_mb,
                      "cpu": cpu() - cpu_before}))
"""

STEPS = {
    "synth": """
        from qaf import synth
        out, scale = Path(sys.argv[1]), float(sys.argv[2])
        started = time.perf_counter()
        synth.write_folder(out, scale=scale, progress=False)
        done(started, 0, peak_mb(), CPU_AT_START)
    """,
    "load": """
        from qaf.config import Settings
        from qaf.warehouse import load_folder
        folder, url = Path(sys.argv[1]), sys.argv[2]
        before, cpu_before = peak_mb(), cpu()
        started = time.perf_counter()
        report = load_folder(folder, url, Settings(), progress=False)
        assert report.status == "loaded", report.message
        done(started, sum(t.rows_loaded for t in report.tables.values()), before, cpu_before)
    """,
    "yardstick": """
        import csv, duckdb, pyarrow as pa, pyarrow.csv as pa_csv
        folder, path = Path(sys.argv[1]), sys.argv[2]
        before, cpu_before = peak_mb(), cpu()
        started = time.perf_counter()
        con = duckdb.connect(path)
        rows = 0
        for file in sorted(folder.glob("*.csv")):
            with file.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle))
            table = pa_csv.read_csv(
                file,
                parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string())
                ),
            )
            con.register("incoming", table)
            con.execute(f'CREATE TABLE "{file.stem}" AS SELECT * FROM incoming')
            con.unregister("incoming")
            rows += table.num_rows
            del table
        con.close()
        done(started, rows, before, cpu_before)
    """,
    "duckdb_native": """
        import duckdb
        folder, path = Path(sys.argv[1]), sys.argv[2]
        before, cpu_before = peak_mb(), cpu()
        started = time.perf_counter()
        con = duckdb.connect(path)
        rows = 0
        for file in sorted(folder.glob("*.csv")):
            name = file.stem
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_csv(?)', [str(file)])
            rows += con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        con.close()
        done(started, rows, before, cpu_before)
    """,
}


def run_step(step: str, *args: str) -> dict[str, float]:
    code = PRELUDE + textwrap.dedent(STEPS[step])
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{step} failed:\n{result.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def speed(folder: Path, work: Path, repeat: int) -> None:
    steps: dict[str, list[dict[str, float]]] = {
        "qaf load (load_folder, DuckDB)": [],
        "yardstick: pyarrow read as text + insert": [],
        "DuckDB read_csv with its own types": [],
    }
    runs = list(steps.values())
    for i in range(repeat):
        runs[0].append(run_step("load", str(folder), f"duckdb://{work / f'load-{i}.duckdb'}"))
        runs[1].append(run_step("yardstick", str(folder), str(work / f"bare-{i}.duckdb")))
        runs[2].append(run_step("duckdb_native", str(folder), str(work / f"native-{i}.duckdb")))
    size = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6
    print(f"\nSpeed: {folder} ({size:,.0f} MB of CSV), {repeat} run(s) each, alternating")
    print(f"{'step':<44} {'median s':>9} {'runs (s)':<24} {'CPU s':>6} {'rows':>11} {'peak MB':>8}")
    medians, cpus = [], []
    for label, figures in steps.items():
        medians.append(statistics.median(r["seconds"] for r in figures))
        cpus.append(statistics.median(r["cpu"] for r in figures))
        times = ", ".join(f"{r['seconds']:.2f}" for r in figures)
        print(
            f"{label:<44} {medians[-1]:>9.2f} {times:<24} {cpus[-1]:>6.1f} "
            f"{int(figures[0]['rows']):>11,} {max(r['peak_mb'] for r in figures):>8.0f}"
        )
    # CPU time (user + system, all threads) moves less than wall time when others share the
    # machine, so both ratios are printed.
    print(
        f"load / yardstick = {medians[0] / medians[1]:.2f}x wall, "
        f"{cpus[0] / cpus[1]:.2f}x CPU (target 1.3x); "
        f"load / DuckDB alone = {medians[0] / medians[2]:.2f}x wall"
    )


def big_folder(small: Path, out: Path, megabytes: float) -> Path:
    """Scale 1's people and referrals, and its contacts repeated with new ids to `megabytes`."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("ssd_person.csv", "ssd_cin_episodes.csv"):
        (out / name).write_bytes((small / name).read_bytes())
    with (small / "ssd_contacts.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    target = megabytes * 1e6
    with (out / "ssd_contacts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        copy = 0
        while handle.tell() < target:
            for row in body:
                writer.writerow([f"{row[0]}-{copy}", *row[1:]])
            copy += 1
    return out


def memory(small: Path, work: Path, megabytes: float) -> None:
    folder = big_folder(small, work / "big", megabytes)
    size_mb = (folder / "ssd_contacts.csv").stat().st_size / 2**20
    fig = run_step("load", str(folder), f"duckdb://{work / 'big.duckdb'}")
    print(f"\nMemory: ssd_contacts.csv of {size_mb:,.0f} MiB ({int(fig['rows']):,} rows in all)")
    print(
        f"peak RSS {fig['peak_mb']:,.0f} MiB = {fig['peak_mb'] / size_mb:.1f}x the file; "
        f"above the {fig['before_mb']:,.0f} MiB held before loading: "
        f"{(fig['peak_mb'] - fig['before_mb']) / size_mb:.1f}x (target 3x); "
        f"{fig['seconds']:.1f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="10", help="synthetic council scale for the speed run")
    parser.add_argument("--folder", type=Path, help="time this input folder instead of synth")
    parser.add_argument("--small", type=Path, help="a scale-1 synthetic folder to reuse")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternating")
    parser.add_argument("--big-mb", type=float, default=200, help="size of the one big table")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qaf-bench-load-") as tmp:
        work = Path(tmp)
        if not args.skip_speed:
            folder = args.folder
            if folder is None:
                folder = work / f"synth-{args.scale}"
                run_step("synth", str(folder), args.scale)
            speed(folder, work, args.repeat)
        if not args.skip_memory:
            small = args.small
            if small is None:
                small = work / "synth-1"
                run_step("synth", str(small), "1")
            memory(small, work, args.big_mb)


if __name__ == "__main__":
    main()
