"""What an indicator function receives: the data, the months to compute, the settings."""

from __future__ import annotations

import contextlib
import uuid
import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import ibis
import pandas as pd

from qaf.config import Settings
from qaf.indicators.months import Month, month_grid
from qaf.indicators.rows import Rows, ratio
from qaf.warehouse.schema import Source

T = TypeVar("T")

# Bands that make up the under-18 population (qaf_population.age_band).
UNDER_18_BANDS = ("0", "1-4", "5-9", "10-15", "16-17")
ENGLAND = "E92000001"
# Rates are per this many children (catalogue conventions).
PER_10K = 10_000.0


# Temporary tables no longer referred to, dropped at the next materialise() (not from the garbage
# collector itself, which may run while a query holds the connection).
_RELEASED: list[tuple[Any, str]] = []


def _drop_released(backend: Any) -> None:
    for item in [r for r in _RELEASED if r[0] is backend]:
        _RELEASED.remove(item)
        # A temp table already gone with its session is fine.
        with contextlib.suppress(Exception):
            backend.drop_table(item[1], force=True)


@dataclass(frozen=True)
class GridKey:
    """The month grid of these months."""

    months: tuple[Month, ...]


# Backend connections already tuned for the indicator queries (by id: one set per connection).
_TUNED: set[int] = set()
# Rows sampled to analyse a shared model's temporary table are 300 x this: 3,000 rows instead of
# the default 30,000 (target 100) give the row count and the join keys' spread, and cut ANALYZE
# of the child model's layers at scale 10 from 1.2 s to 0.13 s (under load). More work_mem and
# temp_buffers than the defaults were tried too: no gain on the models (measured both ways), and
# with 64 MB of work_mem the re-referrals query hashed its DISTINCT and sorted again for its
# window (0.7 -> 1.2 s).
TEMP_STATISTICS_TARGET = 10


def _tune_session(backend: Any) -> None:
    """Once per PostgreSQL connection: no JIT. The indicator queries are many, short and wide
    (dozens of joins and windows), and PostgreSQL's JIT, triggered by their cost estimates,
    spends longer compiling them than running them (15 of 29 s for the child model at scale 10)."""
    if id(backend) in _TUNED or getattr(backend, "name", "") != "postgres":
        return
    backend.raw_sql("SET jit = off").close()
    _TUNED.add(id(backend))


@dataclass
class Context:
    source: Source
    month: Month
    # The months this indicator's series covers: the FY to date, then earlier FYs' same months.
    months: tuple[Month, ...]
    settings: Settings
    # Shared by every indicator of one compute() call: derived tables and lookups built once,
    # keyed by what they are (models.ChildMonthsKey(months), a lookup's name).
    shared: dict[Any, Any] = field(default_factory=dict)
    # Month ends every shared model covers besides the usual ones (models.model_months): the
    # signals' window, so the one build serves the rows and the charts of every indicator.
    model_window: tuple[Month, ...] = ()

    @property
    def series_months(self) -> list[Month]:
        return self.month.fy_to_date()

    def __post_init__(self) -> None:
        _tune_session(self.source.backend)

    def table(self, name: str) -> ibis.Table:
        return self.source.table(name)

    def execute(self, expr: ibis.Expr) -> Any:
        return self.source.execute(expr)

    def materialise(self, expr: ibis.Table, what: str) -> ibis.Table:
        """`expr` computed once into a temporary table on the source's backend, for the shared
        models that many indicators read. (Ibis's own cache() would pick the default backend for
        in-memory test tables.) The table is dropped once nothing refers to it any more."""
        backend = self.source.backend
        _drop_released(backend)
        name = f"qaf_tmp_{what}_{uuid.uuid4().hex[:12]}"
        by_month = backend.name == "postgres" and "month" in expr.columns
        if by_month:
            # Stored in month order with a BRIN index on month, PostgreSQL reads only the
            # blocks of the months an indicator asks for (a month's rows out of 36): the warm
            # catalogue at scale 10 took 1.04 s with no index, 0.93 s with a b-tree and 0.88 s
            # so. DuckDB skips row groups by their own min and max, ordered or not (no gain).
            expr = expr.order_by("month")
        backend.create_table(name, expr, temp=True)
        if by_month:
            backend.raw_sql(f'CREATE INDEX ON "{name}" USING brin (month)').close()
        if backend.name == "postgres":
            # Autovacuum never analyses temporary tables: without statistics the planner
            # guesses their size and picks nested loops for the joins that read them. A small
            # sample (TEMP_STATISTICS_TARGET) is enough for the sizes and keys of those joins.
            backend.raw_sql(f"SET default_statistics_target = {TEMP_STATISTICS_TARGET}").close()
            backend.raw_sql(f'ANALYZE "{name}"').close()
            backend.raw_sql("RESET default_statistics_target").close()
        table = backend.table(name)
        weakref.finalize(table, _RELEASED.append, (backend, name))
        return table

    def grid(self, months: list[Month] | tuple[Month, ...] | None = None) -> ibis.Table:
        """The month grid (months.month_grid) of `months` (default: the series), one per month
        set per compute(): on PostgreSQL each in-memory table is a temporary table uploaded
        once per session, so sharing it saves the uploads and the catalogue entries."""
        wanted = tuple(sorted(set(months if months is not None else self.months)))
        return self.once(GridKey(wanted), lambda: month_grid(wanted))

    def once(self, key: Hashable, build: Callable[[], T]) -> T:
        """Build a shared value once per compute(): `key` says what it is (a frozen dataclass such
        as models.ChildMonthsKey, or a lookup's name)."""
        if key not in self.shared:
            self.shared[key] = build()
        value: T = self.shared[key]
        return value

    # --- reference lookups, small enough to hold in pandas ---

    def council(self) -> dict[str, str | None]:
        def build() -> dict[str, str | None]:
            frame = self.execute(self.table("qaf_council"))
            if len(frame) == 0:
                return {"la_code": None, "ons_code": None, "la_name": None, "region": None}
            row = frame.iloc[0]
            return {k: (None if pd.isna(row[k]) else str(row[k])) for k in frame.columns}

        return self.once("council", build)

    def population(self) -> pd.DataFrame:
        return self.once("population", lambda: self.execute(self.table("qaf_population")))

    def la_area_code(self) -> str | None:
        """The council's own area code in qaf_population: qaf_council.ons_code, else the one non-England area."""
        code = self.council()["ons_code"]
        if code:
            return code
        areas = sorted(set(self.population()["area_code"].dropna()) - {ENGLAND})
        return areas[0] if len(areas) == 1 else None

    def under_18_population(self, month: Month, area_code: str | None = None) -> float | None:
        """Children aged 0-17: the latest mid-year estimate whose year is <= the month's year."""
        area = area_code or self.la_area_code()
        pop = self.population()
        rows = pop[(pop["area_code"] == area) & (pop["age_band"].isin(UNDER_18_BANDS))]
        rows = rows[rows["mid_year"] <= month.year]
        if rows.empty:
            return None
        latest = rows[rows["mid_year"] == rows["mid_year"].max()]
        return float(latest["population"].sum())

    def rates_per_10k(self, counts: Mapping[str, float]) -> pd.DataFrame:
        """Value rows of count / under-18 population x 10,000 for each month of the series.

        `counts` maps a month label to its count; the population is that month's (see
        `under_18_population`), and a missing population gives a null rate."""
        rows = Rows()
        for month in self.months:
            n = counts.get(month.label, 0.0)
            population = self.under_18_population(month)
            rows.value(month, ratio(n, population, PER_10K), n, population)
        return rows.frame()

    def teams(self) -> pd.DataFrame:
        """Team lookup: team_id, team_name, service, area and the caseload flags.

        From qaf_teams; where that is empty, from the SSD's ssd_department (team name, and the
        parent as the area; service unknown)."""

        def build() -> pd.DataFrame:
            teams = self.execute(self.table("qaf_teams"))
            if len(teams):
                return teams
            dept = self.execute(self.table("ssd_department"))
            return pd.DataFrame(
                {
                    "team_id": dept["dept_team_id"],
                    "team_name": dept["dept_team_name"].fillna(dept["dept_team_id"]),
                    "service": None,
                    "area": dept["dept_team_parent_name"],
                    "manager_holds_cases": False,
                    "family_practitioners_count": False,
                    "finance_only": False,
                }
            )

        return self.once("teams", build)
