"""The building blocks of the input contract: a column, a table, and the shorthands that declare them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qaf.warehouse.codes import CodeList

Kind = Literal["id", "text", "date", "int", "float", "flag", "code", "json"]
KINDS: tuple[Kind, ...] = ("id", "text", "date", "int", "float", "flag", "code", "json")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    # Required: the column must be in the file and every row must have a value.
    required: bool = False
    codes: CodeList | None = None
    # "table.column" that a value must exist in (when the value is present).
    references: str | None = None
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: str | None = None
    # A required table must be in every input folder; the others mean "no such records" if absent.
    required: bool = False
    # (start, end) pairs: a row whose end is before its start is excluded.
    date_order: tuple[tuple[str, str], ...] = ()
    source: Literal["ssd", "qaf"] = "ssd"
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {col.name: col for col in self.columns})
        names = [col.name for col in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate column names")
        if self.key is not None and self.key not in self.by_name:
            raise ValueError(f"{self.name}: key {self.key} is not a column")
        for start, end in self.date_order:
            if start not in self.by_name or end not in self.by_name:
                raise ValueError(f"{self.name}: date order names an unknown column")

    def col(self, name: str) -> Column:
        return self.by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(col.name for col in self.columns)


def id_column(
    name: str, *, required: bool = True, references: str | None = None, doc: str = ""
) -> Column:
    return Column(name, "id", required=required, references=references, doc=doc)


def date_column(name: str, *, required: bool = False, doc: str = "") -> Column:
    return Column(name, "date", required=required, doc=doc)


def code_column(name: str, codes: CodeList, *, required: bool = False, doc: str = "") -> Column:
    return Column(name, "code", required=required, codes=codes, doc=doc)
