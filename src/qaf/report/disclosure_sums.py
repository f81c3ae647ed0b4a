"""Which cells of a table add up to which: the sums a reader could difference to work back a
suppressed count. Found from the table's own figures (before suppression), so they hold for any
layout the report gives:

- rows: a subtotal or total row is the sum of the rows above it back to where the figures first
  agree (a team subtotal its teams; a service subtotal its areas' subtotals; the total everything);
  where none agrees exactly (a total counted once per child, not per team), a subtotal is taken to
  add up the item rows right above it and a total every item row, as a reader would assume;
- columns: where keys are `period|kind` (the team tables), a `period|total` column adds up its
  period's kinds and a `fytd|kind` column the months' of its kind; otherwise a count column is the
  sum of a set of earlier count columns when it is in every row, found by a small bounded search.

Each sum is written over the nearest parts (the areas of a service, not its teams) and over the
item rows it covers, so differencing at either level is caught.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qaf.report.document import Table

Position = tuple[int, str]  # (row index, column key)
Sum = tuple[Position, list[Position]]  # (total cell, the cells it adds up)

# A column total is looked for among at most this many earlier columns, with at most this many
# steps of search: a report table has a few dozen columns; a search that runs out finds no sum
# (then no secondary suppression rests on it, and the tests' differencing check would say so).
MAX_COLUMNS = 40
MAX_STEPS = 5000
MAX_SOLUTIONS = 8
TOLERANCE = 1e-9
# Column keys `period|kind`: kinds that are a group's total, and groups that add up the months.
TOTAL_KINDS = ("total",)
YEAR_GROUPS = ("fytd", "ytd", "fy", "total")


def sums_of(table: Table, counts: set[Position], raw: Mapping[Position, float]) -> list[Sum]:
    return _row_sums(table, counts, raw) + _column_sums(table, counts, raw)


def _count_columns(table: Table, counts: set[Position]) -> list[str]:
    keys = {k for _, k in counts}
    return [c.key for c in table.columns if c.key in keys]


def _row_sums(table: Table, counts: set[Position], raw: Mapping[Position, float]) -> list[Sum]:
    levels = [row.level for row in table.rows]
    columns = _count_columns(table, counts)
    spans: dict[int, int] = {}  # aggregate row -> first row of what it adds up
    for a, level in enumerate(levels):
        if level == "item":
            continue
        spans[a] = _span(a, levels, columns, counts, raw)
    sums: list[Sum] = []
    for a, start in spans.items():
        inner = [b for b in spans if start <= b < a]
        covered = {i for b in inner for i in range(spans[b], b)}
        children = [i for i in range(start, a) if i not in covered]
        items = [i for i in range(start, a) if levels[i] == "item"]
        for key in columns:
            if (a, key) not in counts:
                continue
            for parts in (children, items):
                members = [(i, key) for i in parts if (i, key) in counts]
                if members:
                    sums.append(((a, key), members))
    return sums


def _span(
    a: int,
    levels: Sequence[str],
    columns: Sequence[str],
    counts: set[Position],
    raw: Mapping[Position, float],
) -> int:
    """Where the rows that aggregate row `a` adds up start."""
    wanted = {k: raw[(a, k)] for k in columns if (a, k) in counts}
    running = dict.fromkeys(wanted, 0.0)
    for start in range(a - 1, -1, -1):
        if levels[start] != "item":
            continue
        for key in wanted:
            running[key] += raw.get((start, key), 0.0)
        if wanted and all(abs(running[k] - wanted[k]) < TOLERANCE for k in wanted):
            # Take in zero rows above too only when they are items of the same run.
            return start
    if levels[a] == "total":
        return 0
    start = a
    while start > 0 and levels[start - 1] == "item":
        start -= 1
    return start


def _adds_up(
    total: str,
    parts: Sequence[str],
    rows: Sequence[int],
    counts: set[Position],
    raw: Mapping[Position, float],
) -> bool:
    used = [r for r in rows if (r, total) in counts]
    return bool(parts) and all(
        abs(sum(raw.get((r, c), 0.0) for c in parts) - raw[(r, total)]) < TOLERANCE for r in used
    )


def _keyed_sums(
    columns: Sequence[str],
    rows: Sequence[int],
    counts: set[Position],
    raw: Mapping[Position, float],
) -> dict[str, list[list[str]]]:
    """Sums named by the columns' keys, `period|kind` (the team tables' layout): a group's `total`
    column adds up its kinds, and a year-to-date group's column its months' of the same kind. Kept
    only where the figures agree in every row."""
    split = {c: tuple(c.rsplit("|", 1)) for c in columns if "|" in c}
    found: dict[str, list[list[str]]] = {}
    for column, (group, kind) in split.items():
        candidates: list[list[str]] = []
        if kind in TOTAL_KINDS:
            candidates.append([c for c, (g, k) in split.items() if g == group and c != column])
        if group in YEAR_GROUPS:
            candidates.append(
                [c for c, (g, k) in split.items() if k == kind and g not in YEAR_GROUPS]
            )
        for parts in candidates:
            if _adds_up(column, parts, rows, counts, raw):
                found.setdefault(column, []).append(parts)
    return found


def _column_sums(table: Table, counts: set[Position], raw: Mapping[Position, float]) -> list[Sum]:
    columns = _count_columns(table, counts)
    rows = sorted({r for r, _ in counts})
    keyed = _keyed_sums(columns, rows, counts, raw)
    sums: list[Sum] = []
    for total, decompositions in keyed.items():
        for parts in decompositions:
            for r in rows:
                if (r, total) in counts:
                    members = [(r, c) for c in parts if (r, c) in counts]
                    if members:
                        sums.append(((r, total), members))
    for j, total in enumerate(columns):
        target = [raw.get((r, total)) for r in rows]
        if not any(target) or total in keyed:
            continue
        earlier = columns[max(0, j - MAX_COLUMNS) : j]
        # A part can be no larger than the total in any row; an all-zero column adds nothing.
        candidates = [
            c
            for c in earlier
            if any(raw.get((r, c), 0.0) for r in rows)
            and all(
                raw.get((r, c), 0.0) <= raw.get((r, total), 0.0) + TOLERANCE
                for r in rows
                if (r, total) in counts
            )
        ]
        for found in _subsets(candidates, total, rows, counts, raw):
            for r in rows:
                if (r, total) in counts:
                    members = [(r, c) for c in found if (r, c) in counts]
                    if members:
                        sums.append(((r, total), members))
    return sums


def _subsets(
    candidates: Sequence[str],
    total: str,
    rows: Sequence[int],
    counts: set[Position],
    raw: Mapping[Position, float],
) -> list[list[str]]:
    """Sets of candidate columns adding up to `total` in every row (depth-first, nearest columns
    first, at most MAX_SOLUTIONS of them within MAX_STEPS): a total may add up more than one way."""
    used = [r for r in rows if (r, total) in counts]
    goal = [raw[(r, total)] for r in used]
    vectors = {c: [raw.get((r, c), 0.0) for r in used] for c in candidates}
    order = list(reversed(candidates))
    found: list[list[str]] = []
    steps = 0

    def search(i: int, left: list[float], chosen: list[str]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= MAX_SOLUTIONS:
            return
        if all(abs(v) < TOLERANCE for v in left):
            # One column can be "the sum" of another: a total column that repeats its only part.
            if chosen:
                found.append(list(chosen))
            return
        for k in range(i, len(order)):
            vector = vectors[order[k]]
            if all(v <= lft + TOLERANCE for v, lft in zip(vector, left, strict=True)):
                chosen.append(order[k])
                search(k + 1, [lft - v for v, lft in zip(vector, left, strict=True)], chosen)
                chosen.pop()

    search(0, goal, [])
    return found
