"""Every breakdown dimension, declared once: its name, label and members in their natural order.

A result row names its dimension values in `dims` ({"team": "CFCX1", "plan_length": "0-2"}); this
module says what each name means and in which order its members come (age bands youngest first,
plan lengths shortest first), so a table or chart lays them out without knowing the indicator.
Teams, areas and services are the council's own: their members come from the team hierarchy
(hierarchy.py), built once per computation."""

from __future__ import annotations

from dataclasses import dataclass

from qaf.warehouse.codes import CP_CATEGORY, LEGAL_STATUS, LOOKED_AFTER_STATUSES, REFERRAL_SOURCE


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    # (key, label) in natural order; empty for a dimension whose members come from the data.
    members: tuple[tuple[str, str], ...] = ()
    # Whether its members' figures make up the whole (teams, age bands): a table of them then has
    # a total line. Not so for periods reported side by side, such as the scorecard's cohorts.
    adds_up: bool = True

    def order(self, key: str) -> int:
        """Position of a member in natural order; members not declared come after, by key."""
        keys = [k for k, _ in self.members]
        return keys.index(key) if key in keys else len(keys)

    def label_of(self, key: str) -> str:
        return dict(self.members).get(key, key)


DIMENSIONS: dict[str, Dimension] = {}


def declare(
    name: str, label: str, members: tuple[tuple[str, str], ...] = (), adds_up: bool = True
) -> Dimension:
    if name in DIMENSIONS:
        raise ValueError(f"dimension {name} is declared twice")
    DIMENSIONS[name] = dim = Dimension(name, label, members, adds_up)
    return dim


def dimension(name: str) -> Dimension:
    """The declared dimension, or an open one labelled by its name (a section's own breakdown)."""
    return DIMENSIONS.get(name) or Dimension(name, name.replace("_", " ").capitalize())


def sort_key(dims: dict[str, str]) -> tuple[tuple[int, str], ...]:
    """Orders rows by their dimension values in natural order. A dimension with no declared
    members (teams, a section's own breakdown) keeps the order the indicator gave its rows in (a
    stable sort), which is the council's order for teams and the section's order for its own."""
    out = []
    for name, key in dims.items():
        dim = dimension(name)
        out.append((dim.order(key), key) if dim.members else (0, ""))
    return tuple(out)


# --- the council's structure (members from the team hierarchy) ---
TEAM = declare("team", "Team")
AREA = declare("area", "Area")
SERVICE = declare("service", "Service")

# --- bands, in natural order ---
PLAN_LENGTH = declare(
    "plan_length",
    "Length of the plan when it ended",
    (("0-2", "Under 3 months"), ("3+", "3 months or more")),
)
# Age in whole years: the ONS population bands and the looked-after bands (16+) in one order.
AGE_BAND = declare(
    "age_band",
    "Age band",
    (
        ("0", "Under 1"),
        ("1-4", "1 to 4"),
        ("5-9", "5 to 9"),
        ("10-15", "10 to 15"),
        ("16-17", "16 to 17"),
        ("16+", "16 and over"),
        ("18-25", "18 to 25"),
        ("unknown", "Not recorded"),
    ),
)
# Length of the current period of care (the seed's time-in-care chart).
DURATION_BAND = declare(
    "duration_band",
    "Time in care",
    (
        ("under_1", "Under 1 year"),
        ("1_2", "1 to 2 years"),
        ("over_2", "Over 2 years"),
        ("unknown", "Not recorded"),
    ),
)
AREA_CODE = declare("area_code", "Area (ONS code)")
# The adoption scorecard's cohorts, one per quarter end (each the 3 years to it): they overlap.
QUARTER = declare("quarter", "Cohort to the quarter's end", adds_up=False)

# --- DfE code sets (source: qaf.warehouse.codes) ---
CP_CATEGORY_DIM = declare("category", "Category of abuse", tuple(CP_CATEGORY.codes.items()))
REFERRAL_SOURCE_DIM = declare(
    "source",
    "Source of referral",
    (*REFERRAL_SOURCE.codes.items(), ("not_recorded", "Not recorded")),
)
LEGAL_STATUS_DIM = declare(
    "legal_status",
    "Legal status",
    tuple((code, LEGAL_STATUS.codes[code]) for code in LOOKED_AFTER_STATUSES),
)
