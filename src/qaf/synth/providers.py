"""Ofsted-registered providers (invented names and URNs) that placements point to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.dates import day
from qaf.synth.frames import frame

# (provider type, count at scale 1, placement types it serves). Counts: seed table 19 shows 73
# children's homes in use; the rest are a plausible mix for a county of Devon's size.
PROVIDER_TYPES = (
    ("Children's home", 80, ("K2", "R1")),
    ("Independent fostering agency", 30, ("U4", "U5", "U6")),
    ("Secure children's home", 5, ("K1",)),
    ("Residential special school", 12, ("S1",)),
    ("Residential family centre", 4, ("R3",)),
    ("Supported accommodation", 14, ("H5",)),
)
# Ofsted grade shares (seed table 19: 57 of 73 children's homes good or outstanding).
GRADES = (
    ("Outstanding", 0.16),
    ("Good", 0.62),
    ("Requires improvement", 0.16),
    ("Inadequate", 0.04),
    ("Not yet inspected", 0.02),
)
HOME_LA = "Devon"
OTHER_LAS = ("Cornwall", "Plymouth", "Torbay", "Somerset", "Dorset", "Bristol", "Wiltshire")
P_IN_AREA = 0.6
DEVON_POSTCODES = (
    "EX1",
    "EX2",
    "EX4",
    "EX8",
    "EX14",
    "EX16",
    "EX20",
    "EX31",
    "EX39",
    "TQ9",
    "TQ12",
    "TQ13",
    "PL19",
    "PL21",
)
OTHER_POSTCODES = ("PL1", "PL4", "TQ1", "TQ4", "TR1", "TA1", "BA1", "DT1", "BS5", "SN1")
NAME_A = (
    "Oak",
    "Brook",
    "Hill",
    "Moor",
    "River",
    "Orchard",
    "Meadow",
    "Cedar",
    "Harbour",
    "Willow",
    "Heather",
    "Beacon",
    "Copse",
    "Combe",
    "Tor",
    "Estuary",
    "Valley",
    "Ash",
)
NAME_B = ("field", "side", "view", "lands", "bank", "wood", "gate", "ridge", "mead", "haven")
NAME_C = {
    "Children's home": "House",
    "Independent fostering agency": "Fostering",
    "Secure children's home": "Secure Centre",
    "Residential special school": "School",
    "Residential family centre": "Family Centre",
    "Supported accommodation": "Lodge",
}


@dataclass
class Providers:
    frame: pd.DataFrame
    by_type: dict[str, npt.NDArray[np.int64]]

    def place(
        self, rng: np.random.Generator, ptype: npt.NDArray[np.str_], p_agency: float
    ) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_], npt.NDArray[np.str_]]:
        """URN, provider name and postcode for each placement; in-house foster carers, relatives,
        parents and adopters have no Ofsted URN."""
        n = len(ptype)
        urns = self.frame["urn"].to_numpy().astype(str)
        names = self.frame["provider_name"].to_numpy().astype(str)
        urn = np.full(n, "", dtype=object)
        name = np.where(
            np.isin(ptype, ["U1", "U2", "U3", "U4", "U5", "U6"]), "In-house foster carers", ""
        ).astype(object)
        name = np.where(np.isin(ptype, ["U1", "U2", "U3"]), "Family and friends carers", name)
        local = rng.random(n) < P_IN_AREA
        postcode = np.where(
            local,
            np.array(DEVON_POSTCODES)[rng.integers(0, len(DEVON_POSTCODES), n)],
            np.array(OTHER_POSTCODES)[rng.integers(0, len(OTHER_POSTCODES), n)],
        )
        for code, rows in self.by_type.items():
            hit = ptype == code
            if code in ("U4", "U5", "U6"):
                hit &= rng.random(n) < p_agency
            pick = rows[rng.integers(0, len(rows), n)]
            urn = np.where(hit, urns[pick], urn)
            name = np.where(hit, names[pick], name)
        return urn.astype(str), name.astype(str), postcode.astype(str)


def build_providers(rng: np.random.Generator, scale: float, end: str) -> Providers:
    rows: list[dict[str, object]] = []
    by_type: dict[str, list[int]] = {}
    used: set[int] = set()
    for ptype, count, serves in PROVIDER_TYPES:
        for _ in range(max(2, round(count * min(max(scale, 0.3), 3.0)))):
            urn = int(rng.integers(100000, 999999))
            while urn in used:
                urn = int(rng.integers(100000, 999999))
            used.add(urn)
            grade_names = [g for g, _ in GRADES]
            p = np.array([w for _, w in GRADES])
            grade = str(rng.choice(grade_names, p=p / p.sum()))
            if ptype == "Supported accommodation":
                grade = "Not yet inspected"  # not Ofsted-registered before 2023
            la = HOME_LA if rng.random() < P_IN_AREA else str(rng.choice(OTHER_LAS))
            name = (
                f"{NAME_A[rng.integers(len(NAME_A))]}{NAME_B[rng.integers(len(NAME_B))]} "
                f"{NAME_C[ptype]}"
            )
            inspected = day(pd.Timestamp(end).date()) - int(rng.integers(20, 900))
            rows.append(
                {
                    "urn": f"SC{urn}",
                    "provider_name": name,
                    "provider_type": ptype,
                    "ofsted_grade": grade,
                    "inspection_date": inspected,
                    "local_authority": la,
                }
            )
            for code in serves:
                by_type.setdefault(code, []).append(len(rows) - 1)
    df = pd.DataFrame(rows)
    out = frame(
        "qaf_providers",
        {
            "urn": df["urn"].to_numpy(),
            "provider_name": df["provider_name"].to_numpy(),
            "provider_type": df["provider_type"].to_numpy(),
            "ofsted_grade": df["ofsted_grade"].to_numpy(),
            "inspection_date": df["inspection_date"].to_numpy(dtype=np.int64),
            "local_authority": df["local_authority"].to_numpy(),
        },
    )
    out.loc[out["ofsted_grade"] == "Not yet inspected", "inspection_date"] = ""
    return Providers(frame=out, by_type={k: np.array(v) for k, v in by_type.items()})
