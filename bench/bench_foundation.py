"""Benchmark the foundation: synthetic council, load, and a naive load for comparison.

    uv run python bench/bench_foundation.py [--scales 1,10] [--postgres] [--folder DIR]

Each step runs in a fresh Python process, which reports its own wall time and peak resident memory
(getrusage maxrss), so one step's memory never counts against another. The baseline reads every
CSV with pandas.read_csv and inserts it into DuckDB with no checks at all: the floor that parsing,
checking and versioning add to."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

# What each step runs, in its own process. It prints one JSON line: seconds, rows, peak_mb.
PRELUDE = """
import json, resource, sys, time
from pathlib import Path
def done(started, rows):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows,
                      "peak_mb": peak_kb / 1024}))
"""

STEPS = {
    "synth": """
        from qaf import synth
        out, scale = Path(sys.argv[1]), float(sys.argv[2])
        started = time.perf_counter()
        synth.write_folder(out, scale=scale, progress=False)
        rows = sum(max(sum(1 for _ in p.open("rb")) - 1, 0) for p in out.glob("*.csv"))
        done(started, rows)
    """,
    "load": """
        from qaf.config import Settings
        from qaf.warehouse import load_folder
        folder, url = Path(sys.argv[1]), sys.argv[2]
        started = time.perf_counter()
        report = load_folder(folder, url, Settings(), progress=False)
        assert report.status == "loaded", report.message
        for problem in report.problems[:5]:
            print(problem.message, file=sys.stderr)
        done(started, sum(t.rows_loaded for t in report.tables.values()))
    """,
    "baseline": """
        import duckdb, pandas as pd
        folder, url = Path(sys.argv[1]), sys.argv[2]
        started = time.perf_counter()
        con = duckdb.connect(url.removeprefix("duckdb://"))
        rows = 0
        for path in sorted(folder.glob("*.csv")):
            frame = pd.read_csv(path, low_memory=False)
            con.register("incoming", frame)
            con.execute(f'CREATE TABLE "{path.stem}" AS SELECT * FROM incoming')
            con.unregister("incoming")
            rows += len(frame)
        con.close()
        done(started, rows)
    """,
    "baseline_pg_ibis": """
        import ibis, pyarrow as pa, pyarrow.csv as pc
        folder, url = Path(sys.argv[1]), sys.argv[2]
        con = ibis.connect(url)
        schema = "bench_baseline"
        con.raw_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE").close()
        con.raw_sql(f"CREATE SCHEMA {schema}").close()
        started = time.perf_counter()
        rows = 0
        for path in sorted(folder.glob("*.csv")):
            table = pc.read_csv(path)
            # ibis cannot create a column of pyarrow's null type (an empty column): make it text.
            table = table.cast(pa.schema([
                pa.field(f.name, pa.string() if pa.types.is_null(f.type) else f.type)
                for f in table.schema
            ]))
            con.create_table(path.stem, obj=table, database=schema)
            rows += table.num_rows
        done(started, rows)
        con.raw_sql(f"DROP SCHEMA {schema} CASCADE").close()
    """,
}


def run_step(step: str, *args: str) -> dict[str, float]:
    code = PRELUDE + textwrap.dedent(STEPS[step])
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{step} failed:\n{result.stderr[-3000:]}")
    if result.stderr.strip():
        print(f"{step}: {result.stderr.strip()[-2000:]}", file=sys.stderr)
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


PG_URL = "postgres://postgres@127.0.0.1:5432/test"


def pg_url(prefix: str) -> str:
    return f"{PG_URL}?qaf_prefix={prefix}"


def drop_pg(prefix: str) -> None:
    from qaf.warehouse.store import Warehouse

    warehouse = Warehouse(pg_url(prefix), create=False)
    for schema in [*warehouse.version_schemas(), warehouse.meta]:
        warehouse.drop_schema(schema)
    warehouse.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="synthetic council scales, e.g. 1,10")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also load into PostgreSQL (COPY) and compare with ibis create_table",
    )
    parser.add_argument("--folder", type=Path, help="benchmark this input folder instead of synth")
    args = parser.parse_args()
    results: list[tuple[str, str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="qaf-bench-") as tmp:
        root = Path(tmp)
        cases = (
            [("folder", args.folder)]
            if args.folder
            else [(scale, root / f"synth-{scale}") for scale in args.scales.split(",")]
        )
        for label, folder in cases:
            if not args.folder:
                results.append((label, "synth", run_step("synth", str(folder), label)))
            url = f"duckdb://{root / f'load-{label}.duckdb'}"
            results.append((label, "load (DuckDB)", run_step("load", str(folder), url)))
            base = f"duckdb://{root / f'base-{label}.duckdb'}"
            results.append(
                (label, "baseline: read_csv + insert", run_step("baseline", str(folder), base))
            )
            if args.postgres:
                prefix = "bench_qaf"
                try:
                    results.append(
                        (
                            label,
                            "load (PostgreSQL, COPY)",
                            run_step("load", str(folder), pg_url(prefix)),
                        )
                    )
                finally:
                    drop_pg(prefix)
                results.append(
                    (
                        label,
                        "baseline: ibis create_table on PostgreSQL",
                        run_step("baseline_pg_ibis", str(folder), PG_URL),
                    )
                )
    print(f"\n{'scale':>6} {'step':<42} {'seconds':>8} {'rows':>11} {'rows/s':>10} {'peak MB':>8}")
    for label, step, fig in results:
        rate = fig["rows"] / fig["seconds"] if fig["seconds"] else 0
        print(
            f"{label:>6} {step:<42} {fig['seconds']:>8.2f} {int(fig['rows']):>11,} "
            f"{rate:>10,.0f} {fig['peak_mb']:>8.0f}"
        )
    print()
    for label in dict.fromkeys(label for label, _, _ in results):
        steps = {step: fig for lab, step, fig in results if lab == label}
        load, naive = steps["load (DuckDB)"], steps["baseline: read_csv + insert"]
        print(
            f"scale {label}: load / baseline time = {load['seconds'] / naive['seconds']:.2f}x, "
            f"peak memory = {load['peak_mb'] / naive['peak_mb']:.2f}x"
        )
        if "load (PostgreSQL, COPY)" in steps:
            pg, ibis_pg = (
                steps["load (PostgreSQL, COPY)"],
                steps["baseline: ibis create_table on PostgreSQL"],
            )
            print(
                f"scale {label}: PostgreSQL load (checks + COPY) / ibis create_table "
                f"= {pg['seconds'] / ibis_pg['seconds']:.2f}x"
            )


if __name__ == "__main__":
    main()
