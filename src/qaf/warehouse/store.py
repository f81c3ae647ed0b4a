"""Versions in a warehouse: each load in its own schema, a pointer to the current one, kept history.

Layout (prefix `qaf` by default, or `?qaf_prefix=NAME` on the URL):
- `qaf_meta.versions`: version, created, content_hash, status (`staging` or `ready`), is_current,
  report (the load report as JSON);
- `qaf_v000007` and so on: one schema per version, one table per contract table.

A load writes a new schema while its row says `staging`, then makes it current with one UPDATE
statement, which every SQL engine applies whole: a reader sees the old version or the new one, never
half of one. A load that dies leaves a `staging` row and schema, which the next load removes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.csv as pa_csv
from ibis.backends import BaseBackend

from qaf.errors import QafError

DEFAULT_PREFIX = "qaf"
PREFIX_PARAM = "qaf_prefix"
# DuckDB must never try to download an extension: these machines have no route to it.
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# The memory DuckDB may use while a load writes a file (its default is 80% of the machine's):
# the tables written are read by other processes, so their blocks need not stay in memory once
# written, and with a bound DuckDB writes them out instead. Loading a 214 MiB contacts file this
# took the peak from about 620 MiB (DuckDB holding the written table) to 580 MiB.
DUCKDB_LOAD_MEMORY = "256MB"
# Rows per COPY chunk for PostgreSQL: bounds the memory held as CSV text at once.
COPY_CHUNK_ROWS = 200_000
_PREFIX_OK = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")

PG_TYPES = {
    "string": "TEXT",
    "date32[day]": "DATE",
    "int64": "BIGINT",
    "double": "DOUBLE PRECISION",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class VersionInfo:
    version: int
    created: str
    content_hash: str
    status: str
    is_current: bool
    report: str = field(repr=False)

    @property
    def rows(self) -> int | None:
        """Rows loaded in all, from the stored load report."""
        try:
            tables = json.loads(self.report)["tables"].values()
            return sum(int(t["rows_loaded"]) for t in tables)
        except (ValueError, KeyError, TypeError):
            return None

    @property
    def data_version(self) -> str:
        return data_version(self.version, self.content_hash)


def data_version(version: int, content_hash: str) -> str:
    return f"v{version}:{content_hash[:12]}"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def interrupted(exc: BaseException) -> bool:
    """Whether an error is Ctrl-C, however the engine passed it on: DuckDB turns a
    KeyboardInterrupt during a query into an InterruptException, into a RuntimeError saying
    "Query interrupted" when it struck while scanning the Arrow data it was given, or into an
    error whose text names KeyboardInterrupt."""
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in chain:  # a chain can loop back on itself
        chain.append(link)
        link = link.__cause__ or link.__context__
    return any(
        isinstance(e, KeyboardInterrupt)
        or type(e).__name__ == "InterruptException"
        or "KeyboardInterrupt" in str(e)
        or str(e).strip() == "Query interrupted"
        for e in chain
    )


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


class Warehouse:
    """An open connection to a warehouse and its version bookkeeping."""

    def __init__(self, url: str, *, create: bool, read_only: bool = False) -> None:
        """`read_only` opens a DuckDB file for reading only: any number of readers can then share
        it (DuckDB lets one process write, or many read), also a copy without write permission."""
        self.url = url
        target, self.prefix = _split_prefix(url)
        self.kind = "other"
        try:
            if target.startswith("duckdb://") or target.endswith((".duckdb", ".ddb")):
                self.kind = "duckdb"
                path = target.removeprefix("duckdb://")
                if path in ("", ":memory:"):
                    self.backend: BaseBackend = ibis.duckdb.connect(**DUCKDB_CONFIG)
                else:
                    file = Path(path)
                    if not create and not file.exists():
                        raise QafError(
                            f"nothing is loaded yet: {file} does not exist "
                            "(run `qaf load DIR` first)"
                        )
                    if read_only:
                        self.backend = ibis.duckdb.connect(
                            str(file), read_only=True, **DUCKDB_CONFIG
                        )
                    else:
                        file.parent.mkdir(parents=True, exist_ok=True)
                        bound = {"memory_limit": DUCKDB_LOAD_MEMORY} if create else {}
                        self.backend = ibis.duckdb.connect(str(file), **DUCKDB_CONFIG, **bound)
            else:
                if target.startswith(("postgres://", "postgresql://")):
                    self.kind = "postgres"
                self.backend = ibis.connect(target)
        except QafError:
            raise
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise QafError(f"cannot open the warehouse {redact(url)}: {first}") from exc
        self.meta = f"{self.prefix}_meta"
        self.versions_table = f"{quote(self.meta)}.versions"

    # --- SQL plumbing: one code path for every engine, values inlined as escaped literals ---
    def execute(self, sql: str) -> None:
        if self.kind == "duckdb":
            self.backend.con.execute(sql)
        else:
            cursor = self.backend.raw_sql(sql)
            if hasattr(cursor, "close"):
                cursor.close()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.kind == "duckdb":
            return list(self.backend.con.execute(sql).fetchall())
        cursor = self.backend.raw_sql(sql)
        try:
            return list(cursor.fetchall())
        finally:
            if hasattr(cursor, "close"):
                cursor.close()

    def close(self) -> None:
        # Closing a broken connection has nothing left to report.
        with contextlib.suppress(Exception):
            self.backend.disconnect()

    def schema_name(self, version: int) -> str:
        return f"{self.prefix}_v{version:06d}"

    def has_meta(self) -> bool:
        rows = self.query(
            "SELECT count(*) FROM information_schema.tables "
            f"WHERE table_schema = {literal(self.meta)} AND table_name = 'versions'"
        )
        return bool(rows[0][0])

    def ensure_meta(self) -> None:
        self.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(self.meta)}")
        self.execute(
            f"CREATE TABLE IF NOT EXISTS {self.versions_table} (version INTEGER PRIMARY KEY, "
            "created TEXT, content_hash TEXT, status TEXT, is_current BOOLEAN, report TEXT)"
        )

    def versions(self) -> list[VersionInfo]:
        if not self.has_meta():
            return []
        rows = self.query(
            "SELECT version, created, content_hash, status, is_current, report "
            f"FROM {self.versions_table} ORDER BY version"
        )
        return [
            VersionInfo(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]), str(r[5] or ""))
            for r in rows
        ]

    def current(self) -> VersionInfo | None:
        for info in self.versions():
            if info.is_current and info.status == "ready":
                return info
        return None

    def version_schemas(self) -> list[str]:
        pattern = re.compile(rf"^{re.escape(self.prefix)}_v\d{{6}}$")
        rows = self.query("SELECT DISTINCT schema_name FROM information_schema.schemata")
        return sorted(str(r[0]) for r in rows if pattern.match(str(r[0])))

    def drop_schema(self, schema: str) -> None:
        self.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")

    # --- a load's steps ---
    def lock(self) -> None:
        """One load at a time. DuckDB's file lock already ensures it; PostgreSQL needs asking."""
        if self.kind == "postgres":
            got = self.query(f"SELECT pg_try_advisory_lock(hashtext({literal(self.meta)}))")[0][0]
            if not got:
                raise QafError(f"another load into {redact(self.url)} is running; try again later")

    def clean_up(self) -> None:
        """Remove what interrupted loads left: staging rows and schemas with no ready version."""
        self.ensure_meta()
        ready = {self.schema_name(v.version) for v in self.versions() if v.status == "ready"}
        self.execute(f"DELETE FROM {self.versions_table} WHERE status <> 'ready'")
        for schema in self.version_schemas():
            if schema not in ready:
                self.drop_schema(schema)

    def begin(self, content_hash: str) -> int:
        numbers = [v.version for v in self.versions()]
        numbers += [int(s.rsplit("_v", 1)[1]) for s in self.version_schemas()]
        version = max(numbers, default=0) + 1
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.execute(
            f"INSERT INTO {self.versions_table} VALUES ({version}, {literal(created)}, "
            f"{literal(content_hash)}, 'staging', FALSE, '')"
        )
        self.execute(f"CREATE SCHEMA {quote(self.schema_name(version))}")
        return version

    def write(self, version: int, name: str, data: pa.Table) -> None:
        schema = self.schema_name(version)
        target = f"{quote(schema)}.{quote(name)}"
        if self.kind == "duckdb":
            con = self.backend.con
            con.register("_qaf_incoming", data)
            try:
                con.execute(f"CREATE TABLE {target} AS SELECT * FROM _qaf_incoming")
            finally:
                con.unregister("_qaf_incoming")
        elif self.kind == "postgres":
            self._copy_postgres(target, data)
        else:
            self.backend.create_table(name, obj=data, database=schema)

    def _copy_postgres(self, target: str, data: pa.Table) -> None:
        columns = ", ".join(f"{quote(f.name)} {PG_TYPES[str(f.type)]}" for f in data.schema)
        self.execute(f"CREATE TABLE {target} ({columns})")
        if not data.num_rows:
            return
        names = ", ".join(quote(n) for n in data.column_names)
        con = self.backend.con
        # Nulls are unquoted empty fields, values are quoted: COPY's CSV format tells them apart.
        options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
        with (
            con.cursor() as cursor,
            cursor.copy(f"COPY {target} ({names}) FROM STDIN (FORMAT csv)") as copy,
        ):
            for start in range(0, data.num_rows, COPY_CHUNK_ROWS):
                buffer = io.BytesIO()
                pa_csv.write_csv(data.slice(start, COPY_CHUNK_ROWS), buffer, options)
                copy.write(buffer.getvalue())
        # Statistics now, for the planner: autovacuum may take minutes to analyse a new table (or
        # be off), and until then PostgreSQL guesses its size (ssd_person at scale 10: 89 thousand
        # rows guessed, 561 thousand there) and plans the indicators' joins on the guess.
        self.execute(f"ANALYZE {target}")

    def publish(self, version: int, report_json: str) -> None:
        self.execute(
            f"UPDATE {self.versions_table} SET report = {literal(report_json)} "
            f"WHERE version = {version}"
        )
        self.swap(version, ready=True)

    def swap(self, version: int, *, ready: bool = False) -> None:
        """Make `version` current in one statement (atomic on every engine)."""
        status = (
            f", status = CASE WHEN version = {version} THEN 'ready' ELSE status END"
            if ready
            else ""
        )
        self.execute(f"UPDATE {self.versions_table} SET is_current = (version = {version}){status}")

    def abandon(self, version: int) -> bool:
        """Remove a version that never became ready. A version already made ready (the failure
        came after the swap) is kept: it is what readers now see. True when removed."""
        if any(v.version == version and v.status == "ready" for v in self.versions()):
            return False
        self.execute(
            f"DELETE FROM {self.versions_table} WHERE version = {version} AND status = 'staging'"
        )
        self.drop_schema(self.schema_name(version))
        return True

    def prune(self, keep: int) -> list[int]:
        """Keep the current version and the newest others, `keep` in all; drop the rest."""
        ready = [v for v in self.versions() if v.status == "ready"]
        kept = [v.version for v in ready if v.is_current]
        for info in sorted(ready, key=lambda v: -v.version):
            if len(kept) >= max(keep, 1):
                break
            if info.version not in kept:
                kept.append(info.version)
        dropped = [v.version for v in ready if v.version not in kept]
        for version in dropped:
            # The row first: a reader never finds a version whose schema is already gone.
            self.execute(f"DELETE FROM {self.versions_table} WHERE version = {version}")
            self.drop_schema(self.schema_name(version))
        return dropped

    def table(self, version: int, name: str) -> Any:
        return self.backend.table(name, database=self.schema_name(version))


def _split_prefix(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    prefix = DEFAULT_PREFIX
    rest = []
    for key, value in query:
        if key == PREFIX_PARAM:
            prefix = value.lower()
        else:
            rest.append((key, value))
    if not _PREFIX_OK.match(prefix):
        raise QafError(f"{PREFIX_PARAM}={prefix!r}: use lower-case letters, digits and _")
    if len(rest) == len(query):
        return url, prefix
    base = url.split("?", 1)[0]
    return (f"{base}?{urllib.parse.urlencode(rest)}" if rest else base), prefix
