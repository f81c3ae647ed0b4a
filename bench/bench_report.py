"""Benchmark the report: building its HTML and its PDF, beside the `qaf indicators` JSON they read.

    .venv/bin/python bench/bench_report.py [--scales 1,10] [--folder DIR]

Wall time and this process's CPU time are both printed: on a machine shared with other work the
wall time grows with the load while the CPU time does not (vl-convert renders charts in threads
whose CPU time counts too). Each scale runs in a fresh Python process on a synthetic council read straight from its folder
(as `qaf report --data`). The yardstick is what `qaf indicators` does for its JSON (compute_all,
beside, to_json); the report reuses that computation, so its own cost is the rest: building the
document (tables, charts), rendering the HTML, and laying out the PDF with WeasyPrint (which
prints the committee paper: the HTML-only tables are cut from its HTML first, pdf.for_print).
Targets at scale 1 (issue 9): HTML under 3 s, PDF under 10 s; the verdict printed is on wall time,
so read it beside the CPU columns on a busy machine. Figures and what changed them:
docs/report.md, "Speed"."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

TARGETS = {"html": 3.0, "pdf": 10.0}

STEP = """
import io, json, resource, sys, time
from pathlib import Path
from pypdf import PdfReader
from qaf import warehouse
from qaf.config import Settings
from qaf.indicators.months import Month
from qaf.report import html, pdf
from qaf.report.build import build, compute, council_name
from qaf.report.charts import warm_up

folder = Path(sys.argv[1])
settings = Settings()
month = Month.parse("2016-09")
source, load_report = warehouse.read_folder(folder, settings)
t0, c0 = time.perf_counter(), time.process_time()
warm_up()  # as write_report does: the chart engine starts while the indicators compute
computed = compute(source, month, settings)
json_text = json.dumps(computed.doc)
t1, c1 = time.perf_counter(), time.process_time()
report = build(computed, council=council_name(source), load_report=load_report)
t2, c2 = time.perf_counter(), time.process_time()
page = html.render(report)
t3, c3 = time.perf_counter(), time.process_time()
document = pdf.render(page)
t4, c4 = time.perf_counter(), time.process_time()
print(json.dumps({
    "json_s": t1 - t0, "build_s": t2 - t1, "html_render_s": t3 - t2, "pdf_s": t4 - t3,
    "json_cpu": c1 - c0, "html_cpu": c3 - c1, "pdf_cpu": c4 - c3,
    "html_kb": len(page.encode()) / 1024, "pdf_kb": len(document) / 1024,
    "pages": len(PdfReader(io.BytesIO(document)).pages),
    "json_kb": len(json_text) / 1024,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run_scale(scale: float, folder: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        council = folder or Path(tmp) / "council"
        if folder is None:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "qaf.cli",
                    "synth",
                    "--out",
                    str(council),
                    "--scale",
                    str(scale),
                ],
                check=True,
                capture_output=True,
            )
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(STEP), str(council)],
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--folder", type=Path, help="an existing input folder (one scale only)")
    args = parser.parse_args()
    print(
        f"{'scale':>5} {'JSON s':>7} {'build s':>8} {'HTML s':>7} {'PDF s':>7} "
        f"{'HTML/JSON':>9} {'PDF/JSON':>8} {'HTML KB':>8} {'PDF KB':>7} {'peak MB':>8} "
        f"{'CPU s: JSON':>11} {'HTML':>5} {'PDF':>6} {'pages':>5}  targets (wall)"
    )
    for text in args.scales.split(","):
        scale = float(text)
        r = run_scale(scale, args.folder)
        # The HTML's time is the document built and rendered; the PDF's is WeasyPrint's on top.
        html_s = r["build_s"] + r["html_render_s"]
        verdict = ""
        if scale == 1:
            verdict = (
                f"HTML {'met' if html_s < TARGETS['html'] else 'MISSED'} (<{TARGETS['html']:.0f} s), "
                f"PDF {'met' if r['pdf_s'] < TARGETS['pdf'] else 'MISSED'} (<{TARGETS['pdf']:.0f} s)"
            )
        print(
            f"{scale:>5g} {r['json_s']:>7.1f} {r['build_s']:>8.1f} {html_s:>7.1f} {r['pdf_s']:>7.1f} "
            f"{html_s / r['json_s']:>9.2f} {r['pdf_s'] / r['json_s']:>8.2f} {r['html_kb']:>8.0f} "
            f"{r['pdf_kb']:>7.0f} {r['peak_mb']:>8.0f} {r['json_cpu']:>11.1f} {r['html_cpu']:>5.1f} "
            f"{r['pdf_cpu']:>6.1f} {r['pages']:>5.0f}  {verdict}",
            flush=True,
        )


if __name__ == "__main__":
    main()
