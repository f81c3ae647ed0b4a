"""Benchmark: QAF's indicator engine against plain SQL on the same DuckDB file, side by side.

    uv run python bench/bench_indicators.py [--scales 1,10] [--month 2016-09] [--work DIR]
        [--postgres URL] [--scale-50] [--repeat 3]

The machine should be otherwise idle: the targets are judged on wall times. CPU seconds (user +
system, all threads; the engines' too) are printed beside them, for a machine shared with other
work, where wall times stretch with the load and CPU seconds much less.

For each scale it writes the synthetic council (`qaf synth --scale N`) and loads it into a DuckDB
warehouse (`qaf load`), both kept in --work and reused on the next run. Then, in one run:
- five indicators as whole processes: `qaf indicators --only <five>` against a plain-SQL script
  on the same DuckDB file computing the same five figures for each month of the financial year to
  date (the yardstick), best of --repeat; the two must agree on every figure;
- the whole catalogue in one process: first computation, then warm (the same month again, best
  of two: the shared models and lookups are reused, compute.shared_store), then the month before
  (every model built again for its months);
- rows fetched from the backend into Python in the first computation (all indicators), with the
  indicators that fetch the most: this must not grow with the council's size;
- at scale 10, with --postgres, the same warm catalogue on PostgreSQL (loaded there first);
- with --scale-50, the warm catalogue at scale 50.
Each target is printed with whether it is met. No timed tests: timings depend on the machine.

Last measured (27 Nov 2026, 23:49 UTC, the machine otherwise idle, load 0.7-1.4;
`--scales 1,10 --scale-50 --postgres ... --repeat 3`):
- five indicators as whole processes, scale 10: 2.70 s wall against the plain script's 0.22 s
  (12.3x; CPU 12.8x). Target 3x: NOT met, and out of reach on this stack: Python and the imports
  of duckdb, pyarrow, pandas and ibis with its DuckDB backend, with no QAF code at all, take
  0.78 s, 3.6x the whole plain script (5.2x at scale 1). QAF's own start-up adds 0.10 s (0.88 s
  in all; the loader and the holidays package are no longer imported by readers). After
  start-up QAF is 8.3x: it computes the five over the signals' 36 months, last year's months,
  and their breakdowns by team, legal status, placement and age, where the script counts six
  months' headlines. DuckDB's own execution of QAF's queries for the five is about 1.1 s (by
  cProfile), and ibis and duckdb without pandas import in 0.45 s: not within reach either.
- whole catalogue warm, in process: scale 10 0.74 s (target 2 s: met); scale 50 0.96 s
  (target 8 s: met). Earlier in the evening, on the same machine, scale 10 was 0.61 s: the
  machine's speed varies by 10-20% over an hour; compare the ratios.
- PostgreSQL at scale 10, warm: 0.88 s vs DuckDB 0.74 s = 1.18x (target 1.5x: met; it was
  1.41-1.53x before the shared models were stored in month order with a BRIN index on month,
  placements-in-year read for the months asked only, and the provider list uploaded once per
  computation). The first computation (every model built) is 3.2x DuckDB's: PostgreSQL runs
  each model's joins and windows on one core, row by row, where DuckDB runs them vectorised on
  both (the child model's join of six layers over 318,000 child-months: 1.5 s against 0.4 s).
- rows fetched per computation: scale 1 4,182; scale 10 5,850 (1.4x, target "the same order":
  met); scale 50 6,194 (1.06x over scale 10, five times the children). Included once per
  source: the referrals per month (about 250 rows) from which the recording start of a version
  loaded before it was recorded is worked out. What still grows is output, not children:
  cla.children 332 -> 935 -> 1,427 (breakdowns by legal status, placement and team filling in
  as the council grows) and the provider grades.
Before the work of 27 Nov (d5a64b0): five-process 14.5x, warm 1.44 s (scale 10) and 9.9 s
(scale 50, under load), PostgreSQL 1.99x warm, rows fetched 5,825 -> 24,523 (4.2x).
What changed then: the adoption scorecard and the staff list aggregate in the engine (only
figures per month, quarter or team come back); PostgreSQL's plans fixed where EXPLAIN showed
misestimates (literal date bounds, months joined by their first day, roles filtered by stored
values, temp tables analysed from a sample); re-referrals and the outcome-JSON flags cheaper;
tables opened on first use."""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# The five indicators both sides compute, by their QAF ids.
COMPARED = (
    "front_door.contacts",
    "front_door.referrals",
    "front_door.re_referral_12m_pct",
    "cp.plans",
    "cla.children",
)
# Targets (issue 8): whole processes vs plain SQL at scale 10; warm catalogue; PostgreSQL.
MAX_PROCESS_RATIO = 3.0
MAX_WARM_SECONDS = {10: 2.0, 50: 8.0}
MAX_POSTGRES_RATIO = 1.5
# "The same order" of rows fetched at scales 1 and 10: at most this factor apart.
MAX_FETCH_GROWTH = 2.0
TOLERANCE = 1e-9
SHOW = 5

BIN = Path(sys.executable).parent


# --- the yardstick: plain SQL on the DuckDB file ------------------------------------------------

PLAIN_SQL = """
WITH months AS (
    SELECT m::DATE AS month_start, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS month_end
    FROM generate_series(DATE '{fy_start}', DATE '{report}', INTERVAL 1 MONTH) AS g(m)
),
contacts AS (
    SELECT month_start, count(c.cont_contact_date) AS n FROM months
    LEFT JOIN {s}.ssd_contacts c ON c.cont_contact_date BETWEEN month_start AND month_end
    GROUP BY month_start
),
referrals AS (
    SELECT month_start, count(r.cine_referral_date) AS n FROM months
    LEFT JOIN {s}.ssd_cin_episodes r ON r.cine_referral_date BETWEEN month_start AND month_end
    GROUP BY month_start
),
referral_days AS (
    SELECT DISTINCT cine_person_id AS p, cine_referral_date AS d FROM {s}.ssd_cin_episodes
    WHERE cine_referral_date IS NOT NULL
),
re AS (
    SELECT d, coalesce(lag(d) OVER (PARTITION BY p ORDER BY d) >= d - INTERVAL 12 MONTH, false) AS re
    FROM referral_days
),
re_referrals AS (
    SELECT month_start, 100.0 * sum(CASE WHEN re THEN 1 ELSE 0 END) / nullif(count(re.d), 0) AS pct
    FROM months LEFT JOIN re ON re.d BETWEEN month_start AND month_end GROUP BY month_start
),
plans AS (
    SELECT month_start, count(DISTINCT p.cppl_person_id) AS n FROM months
    LEFT JOIN {s}.ssd_cp_plans p ON p.cppl_cp_plan_start_date <= month_end
        AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > month_end)
    GROUP BY month_start
),
in_care AS (
    SELECT DISTINCT month_start, month_end, e.clae_person_id AS p FROM months
    JOIN {s}.ssd_cla_episodes e ON e.clae_cla_episode_start_date <= month_end
        AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > month_end)
),
short_breaks AS (
    SELECT month_start, p FROM (
        SELECT month_start, l.lega_person_id AS p, l.lega_legal_status AS status,
            row_number() OVER (PARTITION BY month_start, l.lega_person_id
                ORDER BY l.lega_legal_status_start_date DESC, l.lega_legal_status_id DESC) AS k
        FROM months JOIN {s}.ssd_legal_status l ON l.lega_legal_status_start_date <= month_end
            AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > month_end)
    ) WHERE k = 1 AND status IN ('V3', 'V4')
),
looked_after AS (
    SELECT month_start, count(c.p) AS n FROM months
    LEFT JOIN (SELECT * FROM in_care ANTI JOIN short_breaks USING (month_start, p)) c
        USING (month_start)
    GROUP BY month_start
)
SELECT strftime(month_start, '%Y-%m') AS month, contacts.n AS contacts, referrals.n AS referrals,
    re_referrals.pct AS re_referral, plans.n AS plans, looked_after.n AS looked_after
FROM months JOIN contacts USING (month_start) JOIN referrals USING (month_start)
    JOIN re_referrals USING (month_start) JOIN plans USING (month_start)
    JOIN looked_after USING (month_start)
ORDER BY month
"""


def run_plain(path: str, month_text: str) -> dict[str, Any]:
    """The five figures for each month of the FY to date, in plain SQL (no QAF import)."""
    import duckdb

    year, month = (int(x) for x in month_text.split("-"))
    fy_year = year if month >= 4 else year - 1
    con = duckdb.connect(path, read_only=True)
    version = con.execute(
        "SELECT version FROM qaf_meta.versions WHERE is_current AND status = 'ready'"
    ).fetchone()
    assert version is not None, f"{path} has no current version"
    sql = PLAIN_SQL.format(
        s=f"qaf_v{version[0]:06d}", fy_start=f"{fy_year}-04-01", report=f"{month_text}-01"
    )
    out: dict[str, dict[str, float | None]] = {ind: {} for ind in COMPARED}
    for label, contacts, referrals, re_referral, plans, looked_after in con.execute(sql).fetchall():
        for ind, figure in zip(
            COMPARED, (contacts, referrals, re_referral, plans, looked_after), strict=True
        ):
            out[ind][label] = None if figure is None else float(figure)
    return {"values": out}


# --- QAF in one process -------------------------------------------------------------------------


def run_stack() -> None:
    """What any program on the architecture's stack pays before its own code: Python and the
    imports of duckdb, pyarrow, pandas and ibis with its DuckDB backend. No QAF import."""
    import duckdb  # noqa: F401
    import ibis
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    ibis.duckdb.connect().disconnect()


def run_floor(url: str) -> None:
    """What every `qaf indicators` process pays before its first indicator: Python, the imports
    (ibis, pandas, pyarrow, duckdb, rich) and opening the warehouse. No indicator is computed."""
    import rich.progress  # noqa: F401

    import qaf.commands.indicators
    import qaf.indicators.beside
    import qaf.indicators.compute
    import qaf.indicators.output  # noqa: F401
    from qaf.warehouse import open_source

    open_source(url).backend.disconnect()


def run_qaf(url: str, month_text: str) -> dict[str, Any]:
    """The catalogue cold, then warm (best of two), with rows fetched per indicator."""
    from qaf.config import load_settings
    from qaf.indicators.compute import compute
    from qaf.indicators.months import Month
    from qaf.warehouse import open_source

    settings, month = load_settings(), Month.parse(month_text)
    started = time.perf_counter()
    source = open_source(url)
    fetched: dict[str, int] = {}
    pending = [0]
    execute = source.execute

    def counting(expr: Any) -> Any:
        result = execute(expr)
        if hasattr(result, "__len__") and hasattr(result, "columns"):
            pending[0] += len(result)
        return result

    source.execute = counting  # type: ignore[method-assign]
    timings: dict[str, float] = {}
    last = [time.perf_counter()]

    def tick(ind: Any) -> None:
        now = time.perf_counter()
        timings[ind.id] = now - last[0]
        last[0] = now
        fetched[ind.id] = fetched.get(ind.id, 0) + pending[0]
        pending[0] = 0

    cpu_started = time.process_time()
    results = compute(source, month, settings, progress=tick)
    cold = time.perf_counter() - started
    cold_cpu = time.process_time() - cpu_started
    # Rows fetched and the slowest indicators are those of the first computation, which builds
    # the shared models; a warm one reuses them (compute.shared_store) and fetches less.
    first_fetched, first_timings = dict(fetched), dict(timings)
    warm = warm_cpu = math.inf
    for _ in range(2):
        started, cpu_started = time.perf_counter(), time.process_time()
        compute(source, month, settings)
        warm = min(warm, time.perf_counter() - started)
        warm_cpu = min(warm_cpu, time.process_time() - cpu_started)
    # The month before on the same open source: nothing built for the report month is reused.
    started = time.perf_counter()
    compute(source, month.shift(-1), settings)
    other_month = time.perf_counter() - started
    values = results[(results.kind == "value") & results.indicator_id.isin(COMPARED)]
    return {
        "cold": cold,
        "cold_cpu": cold_cpu,
        "warm": warm,
        "warm_cpu": warm_cpu,
        "other_month": other_month,
        "indicators": int(results.indicator_id.nunique()),
        "slowest": sorted(((s, i) for i, s in first_timings.items()), reverse=True)[:SHOW],
        "fetched": first_fetched,
        "values": {
            ind: {
                str(r.month): (None if r.value is None or math.isnan(r.value) else float(r.value))
                for r in values[values.indicator_id == ind].itertuples()
            }
            for ind in COMPARED
        },
    }


# --- the driver ---------------------------------------------------------------------------------


class WorkerFailed(Exception):
    pass


def worker(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise WorkerFailed(done.stderr.strip().splitlines()[-1] if done.stderr else "no output")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time of a whole process over `repeat` runs, and its best CPU seconds."""
    best = best_cpu = math.inf
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best_cpu = min(best_cpu, cpu)
    return best, best_cpu


def prepare(scale: int, work: Path, postgres: str | None) -> tuple[Path, str]:
    folder, db = work / f"scale-{scale}", work / f"scale-{scale}.duckdb"
    if not (folder / "ssd_person.csv").exists():
        subprocess.run(
            [BIN / "qaf", "synth", "--scale", str(scale), "--out", folder],
            check=True,
            capture_output=True,
        )
    url = f"duckdb://{db.resolve()}"
    for target in [url, *([postgres] if postgres else [])]:
        # Loading the same folder again is a no-op ("already loaded").
        subprocess.run(
            [BIN / "qaf", "load", folder, "--warehouse", target], check=True, capture_output=True
        )
    return db, url


def agree(qaf: dict[str, Any], plain: dict[str, Any]) -> list[str]:
    problems = []
    for ind in COMPARED:
        for month, expected in plain["values"][ind].items():
            got = qaf["values"][ind].get(month)
            same = (got is None and expected is None) or (
                got is not None and expected is not None and abs(got - expected) <= TOLERANCE
            )
            if not same:
                problems.append(f"  {ind} {month}: QAF {got}, plain SQL {expected}")
    return problems


def verdict(name: str, met: bool, detail: str) -> bool:
    print(f"target: {name}: {'met' if met else 'NOT met'} ({detail})")
    return met


def bench_scale(scale: int, args: argparse.Namespace) -> dict[str, Any]:
    db, url = prepare(scale, args.work, args.postgres if scale == 10 else None)
    only = ",".join(COMPARED)
    with tempfile.TemporaryDirectory() as tmp:
        qaf_cmd = [
            str(BIN / "qaf"), "indicators", "--warehouse", url, "--month", args.month,
            "--only", only, "--quiet", "--out", str(Path(tmp) / "out.json"),
        ]  # fmt: skip
        qaf_s, qaf_cpu = timed(qaf_cmd, args.repeat)
    plain_s, plain_cpu = timed(
        [sys.executable, __file__, "--plain", str(db), args.month], args.repeat
    )
    floor_s, floor_cpu = timed([sys.executable, __file__, "--floor", url], args.repeat)
    stack_s, stack_cpu = timed([sys.executable, __file__, "--stack"], args.repeat)
    inproc = worker("qaf", url, args.month)
    plain = worker("plain", str(db), args.month)
    load = os.getloadavg()[0]
    print(
        f"\n== scale {scale} ({db.stat().st_size / 1e6:.0f} MB DuckDB file; "
        f"load average {load:.1f} on {os.cpu_count()} cores)"
    )
    print(f"{'five indicators, whole process':44}{'wall s':>8}{'CPU s':>8}")
    print(f"{'  qaf indicators --only <five>':44}{qaf_s:>8.2f}{qaf_cpu:>8.2f}")
    print(f"{'  plain SQL script, same file':44}{plain_s:>8.2f}{plain_cpu:>8.2f}")
    print(f"{'  ratio':44}{qaf_s / plain_s:>8.2f}{qaf_cpu / plain_cpu:>8.2f}")
    print(f"{'  of which start-up (imports, connect)':44}{floor_s:>8.2f}{floor_cpu:>8.2f}")
    print(f"{'    of which the stack alone (no QAF code)':44}{stack_s:>8.2f}{stack_cpu:>8.2f}")
    print(f"{'    ratio of the stack alone to plain SQL':44}{stack_s / plain_s:>8.2f}"
          f"{stack_cpu / plain_cpu:>8.2f}")  # fmt: skip
    print(
        f"{'  ratio after start-up':44}{(qaf_s - floor_s) / plain_s:>8.2f}"
        f"{(qaf_cpu - floor_cpu) / plain_cpu:>8.2f}"
    )
    print(f"whole catalogue ({inproc['indicators']} indicators), in process:")
    print(
        f"{'  first computation (incl. connecting)':44}{inproc['cold']:>8.2f}{inproc['cold_cpu']:>8.2f}"
    )
    print(
        f"{'  warm, same month again (best of two)':44}{inproc['warm']:>8.2f}{inproc['warm_cpu']:>8.2f}"
    )
    print(f"{'  the month before (models built again)':44}{inproc['other_month']:>8.2f}")
    slowest = ", ".join(f"{i} {s:.2f}s" for s, i in inproc["slowest"])
    print(f"  slowest in the first (each includes the shared models it built): {slowest}")
    rows = sum(inproc["fetched"].values())
    top = sorted(inproc["fetched"].items(), key=lambda kv: -kv[1])[:SHOW]
    print(f"rows fetched into Python per computation: {rows:,}")
    print("  most: " + ", ".join(f"{i} {n:,}" for i, n in top))
    problems = agree(inproc, plain)
    months = len(next(iter(plain["values"].values())))
    print(
        f"agreement with plain SQL on {len(COMPARED)} indicators x {months} months: "
        + ("yes" if not problems else "NO")
    )
    for line in problems:
        print(line)
    return {"process_ratio": qaf_s / plain_s, "process_cpu_ratio": qaf_cpu / plain_cpu,
            "stack_ratio": stack_s / plain_s,
            "warm": inproc["warm"], "inproc": inproc, "agree": not problems, "url": url}  # fmt: skip


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        side, where, month = sys.argv[2:5]
        print(json.dumps(run_qaf(where, month) if side == "qaf" else run_plain(where, month)))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--stack":
        run_stack()
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--floor":
        run_floor(sys.argv[2])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--plain":
        run_plain(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated synth scales (1,10)")
    parser.add_argument("--month", default="2016-09", help="the report month (default 2016-09)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "qaf-bench",
        help="where the synthetic folders and warehouses are kept between runs",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("QAF_BENCH_POSTGRES"),
        help="a PostgreSQL URL (its own database) to load scale 10 into and compare "
        "(default: $QAF_BENCH_POSTGRES)",
    )
    parser.add_argument("--scale-50", action="store_true", help="also time the catalogue at 50")
    parser.add_argument("--repeat", type=int, default=3, help="runs per whole-process timing")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    if args.scale_50 and 50 not in scales:
        scales.append(50)
    runs = {scale: bench_scale(scale, args) for scale in scales}
    print("\n== targets")
    met = [all(r["agree"] for r in runs.values())]
    if 10 in runs:
        ratio = runs[10]["process_ratio"]
        cpu_ratio = runs[10]["process_cpu_ratio"]
        met.append(verdict(f"five indicators within {MAX_PROCESS_RATIO:.0f}x plain SQL at scale 10",
                           ratio <= MAX_PROCESS_RATIO, f"{ratio:.2f}x; CPU {cpu_ratio:.2f}x"))  # fmt: skip
        print(f"  the stack's imports alone (duckdb, pyarrow, pandas, ibis; no QAF code) take "
              f"{runs[10]['stack_ratio']:.2f}x the whole plain script")  # fmt: skip
    for scale, limit in MAX_WARM_SECONDS.items():
        if scale in runs:
            warm = runs[scale]["warm"]
            cpu = runs[scale]["inproc"]["warm_cpu"]
            met.append(verdict(f"whole catalogue warm under {limit:.0f} s at scale {scale}",
                               warm < limit, f"{warm:.2f} s; CPU {cpu:.2f} s"))  # fmt: skip
    if 10 in runs and args.postgres:
        try:
            pg = worker("qaf", args.postgres, args.month)
        except WorkerFailed as failed:
            print(
                f"target: PostgreSQL within {MAX_POSTGRES_RATIO}x DuckDB: not measured ({failed})"
            )
            pg = None
            met.append(False)
    if 10 in runs and args.postgres and pg:
        ratio = pg["warm"] / runs[10]["warm"]
        met.append(verdict(f"PostgreSQL within {MAX_POSTGRES_RATIO}x DuckDB at scale 10 (warm)",
                           ratio <= MAX_POSTGRES_RATIO,
                           f"{pg['warm']:.2f} s vs {runs[10]['warm']:.2f} s = {ratio:.2f}x"))  # fmt: skip
        rebuilt = pg["other_month"] / runs[10]["inproc"]["other_month"]
        print(f"  the month before (models built again): {pg['other_month']:.2f} s vs "
              f"{runs[10]['inproc']['other_month']:.2f} s = {rebuilt:.2f}x")  # fmt: skip
        print("  PostgreSQL slowest: " + ", ".join(f"{i} {s:.2f}s" for s, i in pg["slowest"]))
    if 1 in runs and 10 in runs:
        small = sum(runs[1]["inproc"]["fetched"].values())
        large = sum(runs[10]["inproc"]["fetched"].values())
        growth = large / small if small else math.inf
        met.append(verdict("rows fetched the same order at scales 1 and 10",
                           growth <= MAX_FETCH_GROWTH, f"{small:,} -> {large:,} = {growth:.1f}x"))  # fmt: skip
        grows = [
            f"{i} {runs[1]['inproc']['fetched'].get(i, 0):,} -> {n:,}"
            for i, n in sorted(runs[10]["inproc"]["fetched"].items(), key=lambda kv: -kv[1])
            if n > MAX_FETCH_GROWTH * max(runs[1]["inproc"]["fetched"].get(i, 0), 1) and n > 100
        ]
        if grows:
            print("  indicators whose fetch grows with the council: " + "; ".join(grows))
    if 10 in runs and 50 in runs:
        mid = sum(runs[10]["inproc"]["fetched"].values())
        big = sum(runs[50]["inproc"]["fetched"].values())
        print(f"  rows fetched at scales 10 and 50 (five times the children): {mid:,} -> {big:,}"
              f" = {big / mid:.2f}x")  # fmt: skip
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
