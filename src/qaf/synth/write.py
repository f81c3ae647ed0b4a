"""`write_folder`: the synthetic council as an input folder, one `<table>.csv` per table."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from qaf.errors import QafError
from qaf.synth.messy import FileStyle, make_messy
from qaf.synth.prebirth import add_unborn
from qaf.synth.profile import get_profile
from qaf.synth.ssd_layout import ssd_layout
from qaf.synth.world import build

BUILD_STEPS = (
    "referrals",
    "children looked after",
    "allocations",
    "front door",
    "quality assurance",
)


@dataclass
class SynthSummary:
    folder: Path
    profile: str
    seed: int
    scale: float
    messy: bool
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[tuple[Progress | None, TaskID | None]]:
    if not enabled:
        yield None, None
        return
    bar = Progress(
        TextColumn("[bold]qaf synth[/] {task.description:<24}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        transient=True,
    )
    with bar:
        yield bar, bar.add_task("building", total=total)


def write_folder(
    out: Path,
    profile: str = "devon-2016",
    seed: int = 1,
    scale: float = 1.0,
    messy: bool = False,
    progress: bool = True,
) -> SynthSummary:
    """Write a complete synthetic input folder; same arguments give byte-identical files."""
    if scale <= 0:
        raise QafError(f"--scale must be above 0 (got {scale})")
    prof = get_profile(profile)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    summary = SynthSummary(folder=out, profile=prof.name, seed=seed, scale=scale, messy=messy)
    with _progress(progress, len(BUILD_STEPS) + 1) as (bar, task):

        def tick(step: str) -> None:
            if bar is not None and task is not None:
                bar.update(task, advance=1, description=step)

        tables = ssd_layout(add_unborn(build(prof, seed, scale, tick), prof, seed, scale), seed)
        if bar is not None and task is not None:
            bar.update(task, description="writing files")
        styles = make_messy(tables, seed) if messy else None
        for name, df in tables.items():
            path = out / f"{name}.csv"
            style = FileStyle(header=list(df.columns))
            if styles is not None:
                df, style = styles.apply(name, df)
            with path.open("w", encoding=style.encoding, newline="") as fh:
                df.to_csv(
                    fh,
                    index=False,
                    header=style.header,
                    sep=style.sep,
                    lineterminator=style.lineterminator,
                )
            summary.rows[name] = len(df)
            summary.files.append(path)
        tick("done")
    summary.elapsed = time.perf_counter() - started
    return summary
