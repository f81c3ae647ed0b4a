"""Which cells of a table add up to which: the sums a reader could difference to work back a
suppressed count. Found from the table's own figures (before suppression), so they hold for any
layout the report gives:

- rows: a subtotal or total row is the sum of the rows above it back to where the figures first
  agree (a team subtotal its teams; a service subtotal its areas' subtotals; the total everything);
  where none agrees exactly (a total counted once per child, not per team), a subtotal is taken to
  add up the item rows right above it and a total every item row, as a reader would assume. Lines
  labelled "Service - Area" add up to the "Service" line wherever they sit (pivot()'s labels), and
  the total adds up the lines no other claims; any other subtotal is matched by a bounded search
  over every row;
- columns: where keys are `period|kind` (the team tables), a `period|total` column adds up its
  period's kinds and a `fytd|kind` column the months' of its kind; otherwise a count column is the
  sum of a set of earlier count columns when it is in every row, found by a small bounded search.

Each sum is written over the nearest parts (the areas of a service, not its teams) and over the
item rows it covers, so differencing at either level is caught.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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
# pivot() labels an area within its service "Service - Area".
SEP = " - "


def sums_of(table: Table, counts: set[Position], raw: Mapping[Position, float]) -> list[Sum]:
    return _row_sums(table, counts, raw) + _column_sums(table, counts, raw)


def _count_columns(table: Table, counts: set[Position]) -> list[str]:
    keys = {k for _, k in counts}
    return [c.key for c in table.columns if c.key in keys]


def _row_sums(table: Table, counts: set[Position], raw: Mapping[Position, float]) -> list[Sum]:
    levels = [row.level for row in table.rows]
    columns = _count_columns(table, counts)
    spans: dict[int, int] = {}  # aggregate row -> first row of what it adds up
    unmatched: list[int] = []
    for a, level in enumerate(levels):
        if level == "item":
            continue
        spans[a], matched = _span(a, levels, columns, counts, raw)
        if not matched:
            unmatched.append(a)
    sums: list[Sum] = []
    for a, start in spans.items():
        inner = [b for b in spans if start <= b < a]
        covered = {i for b in inner for i in range(spans[b], b)}
        children = [i for i in range(start, a) if i not in covered]
        items = [i for i in range(start, a) if levels[i] == "item"]
        for parts in (children, items):
            sums += _over_columns(a, parts, columns, counts)
    labelled = _labelled(table, columns, counts, raw)
    for a, parts in labelled.items():
        sums += _over_columns(a, parts, columns, counts)
    # Lines out of order, or a table of subtotals only, that their labels do not explain: the rows
    # each such line adds up, wherever they sit, found from the figures (coincidences included,
    # which only hide more).
    rows = sorted({r for r, _ in counts})
    for a in unmatched:
        if a in labelled:
            continue
        goal_columns = [k for k in columns if (a, k) in counts]
        if not goal_columns:
            continue
        vectors = {
            r: [raw.get((r, k), 0.0) for k in goal_columns]
            for r in rows
            if r != a and levels[r] != "total"
        }
        goal = [raw[(a, k)] for k in goal_columns]
        for parts in subsets(vectors, goal):
            sums += _over_columns(a, parts, columns, counts)
    return sums


def _labelled(
    table: Table, columns: Sequence[str], counts: set[Position], raw: Mapping[Position, float]
) -> dict[int, list[int]]:
    """Sums named by the lines' labels, as pivot() names them: "Service - Area" lines add up to the
    "Service" line wherever they sit, and the total is every line no other line claims. Kept only
    where the figures agree."""
    headers = [row.header for row in table.rows]
    levels = [row.level for row in table.rows]
    found: dict[int, list[int]] = {}
    claimed: set[int] = set()
    for a, header in enumerate(headers):
        if levels[a] == "item" or not header:
            continue
        parts = [r for r, h in enumerate(headers) if r != a and h.startswith(f"{header}{SEP}")]
        if parts and _rows_add_up(a, parts, columns, counts, raw):
            found[a] = parts
            claimed.update(parts)
    for a, level in enumerate(levels):
        if level != "total":
            continue
        parts = [r for r in range(len(headers)) if r not in claimed and levels[r] != "total"]
        if parts and _rows_add_up(a, parts, columns, counts, raw):
            found[a] = parts
    return found


def _rows_add_up(
    total: int,
    parts: Sequence[int],
    columns: Sequence[str],
    counts: set[Position],
    raw: Mapping[Position, float],
) -> bool:
    used = [k for k in columns if (total, k) in counts]
    return bool(used) and all(
        abs(sum(raw.get((r, k), 0.0) for r in parts) - raw[(total, k)]) < TOLERANCE for k in used
    )


def _over_columns(
    total: int, parts: Sequence[int], columns: Sequence[str], counts: set[Position]
) -> list[Sum]:
    sums: list[Sum] = []
    for key in columns:
        if (total, key) in counts:
            members = [(i, key) for i in parts if (i, key) in counts]
            if members:
                sums.append(((total, key), members))
    return sums


def _span(
    a: int,
    levels: Sequence[str],
    columns: Sequence[str],
    counts: set[Position],
    raw: Mapping[Position, float],
) -> tuple[int, bool]:
    """Where the rows that aggregate row `a` adds up start, and whether the figures agree."""
    wanted = {k: raw[(a, k)] for k in columns if (a, k) in counts}
    running = dict.fromkeys(wanted, 0.0)
    for start in range(a - 1, -1, -1):
        if levels[start] != "item":
            continue
        for key in wanted:
            running[key] += raw.get((start, key), 0.0)
        if wanted and all(abs(running[k] - wanted[k]) < TOLERANCE for k in wanted):
            return start, True
    if levels[a] == "total":
        return 0, False
    start = a
    while start > 0 and levels[start - 1] == "item":
        start -= 1
    return start, False


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
        used = [r for r in rows if (r, total) in counts]
        vectors = {c: [raw.get((r, c), 0.0) for r in used] for c in reversed(candidates)}
        for found in subsets(vectors, [raw[(r, total)] for r in used]):
            for r in rows:
                if (r, total) in counts:
                    members = [(r, c) for c in found if (r, c) in counts]
                    if members:
                        sums.append(((r, total), members))
    return sums


def subsets(vectors: Mapping[Any, Sequence[float]], goal: Sequence[float]) -> list[list[Any]]:
    """Sets of the vectors (rows or columns of figures) adding up to `goal` in every place
    (depth-first, in the order given, at most MAX_SOLUTIONS within MAX_STEPS): a total may add up
    more than one way. A vector larger than the goal anywhere, or all zero, is never a part."""
    order = [
        k
        for k, v in vectors.items()
        if any(v) and all(x <= g + TOLERANCE for x, g in zip(v, goal, strict=True))
    ]
    found: list[list[Any]] = []
    steps = 0

    def search(i: int, left: list[float], chosen: list[Any]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= MAX_SOLUTIONS:
            return
        if all(abs(v) < TOLERANCE for v in left):
            # One line can be "the sum" of another: a total that repeats its only part.
            if chosen:
                found.append(list(chosen))
            return
        for k in range(i, len(order)):
            vector = vectors[order[k]]
            if all(v <= lft + TOLERANCE for v, lft in zip(vector, left, strict=True)):
                chosen.append(order[k])
                search(k + 1, [lft - v for v, lft in zip(vector, left, strict=True)], chosen)
                chosen.pop()

    search(0, list(goal), [])
    return found
