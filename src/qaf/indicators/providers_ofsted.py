"""Ofsted's published provider grades: the fallback for qaf_providers.

QAF carries a small extract of Ofsted's provider-level file (see ofsted_reference/PROVENANCE.md):
one row per registered social care provider at 31 March 2023 with its URN, provision type, local
authority, latest overall grade and the date of that inspection. `reference_providers()` reads it
in the shape of qaf_providers; `extract_from_ods()` rebuilds it from Ofsted's .ods file:

    uv run python -m qaf.indicators.providers_ofsted PATH/TO/underlying_data.ods
"""

from __future__ import annotations

import argparse
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from qaf.warehouse import ofsted
from qaf.warehouse.codes import OFSTED_GRADE
from qaf.warehouse.read import read_file

EXTRACT = "ofsted_providers_2023-03-31.csv"
# Ofsted's column -> the extract's (and qaf_providers') column: the loader's mapping
# (qaf.warehouse.ofsted) without the provider name, which the extract leaves out.
COLUMNS = {name: ours for name, ours in ofsted.COLUMNS.items() if ours != "provider_name"}
PROVIDER_COLUMNS = (
    "urn",
    "provider_name",
    "provider_type",
    "ofsted_grade",
    "inspection_date",
    "local_authority",
)


def normalise_urn(values: pd.Series) -> pd.Series:
    """URNs as trimmed upper-case text ("SC009423", "2611190"); blanks become missing."""
    text = values.astype("string").str.strip().str.upper()
    text = text.str.replace(r"\.0$", "", regex=True)  # a URN read as a number from a spreadsheet
    present = (text.notna() & (text != "")).fillna(False).astype(bool)
    return text.astype(object).where(present, None)


def normalise_grade(values: pd.Series) -> pd.Series:
    """Grades as codes.OFSTED_GRADE codes (Ofsted's "Requires improvement to be good" becomes
    "Requires improvement"); blanks stay missing, unknown spellings are kept as given."""
    lookup = OFSTED_GRADE.lookup()
    text = values.astype("string").str.strip()
    mapped = text.str.upper().map(lookup)
    return (
        mapped.where(mapped.notna(), text).astype(object).where(text.notna() & (text != ""), None)
    )


def extract_from_ods(path: Path) -> pd.DataFrame:
    """The extract's columns from Ofsted's underlying-data .ods, read as the loader reads it."""
    raw = read_file(path, ofsted.HEADER_MARK, ofsted.SHEET)
    out = pd.DataFrame(
        {ours: raw.columns[name.lower()].to_pandas() for name, ours in COLUMNS.items()}
    )
    out["urn"] = normalise_urn(out["urn"])
    out["inspection_date"] = pd.to_datetime(out["inspection_date"]).dt.strftime("%Y-%m-%d")
    return out.dropna(subset=["urn"]).sort_values("urn").reset_index(drop=True)


@lru_cache(maxsize=1)
def _extract() -> pd.DataFrame:
    with resources.files("qaf.indicators").joinpath("ofsted_reference", EXTRACT).open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, na_values=[""])


def reference_providers() -> pd.DataFrame:
    """The bundled Ofsted extract in qaf_providers' shape (grades normalised, no provider names)."""
    frame = _extract().copy()
    frame["urn"] = normalise_urn(frame["urn"])
    frame["ofsted_grade"] = normalise_grade(frame["ofsted_grade"])
    frame["provider_name"] = None
    frame["inspection_date"] = pd.to_datetime(frame["inspection_date"]).dt.date
    return frame[list(PROVIDER_COLUMNS)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild QAF's extract of Ofsted provider grades.")
    parser.add_argument(
        "ods", type=Path, help="Ofsted's children's social care underlying data .ods"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(str(resources.files("qaf.indicators").joinpath("ofsted_reference", EXTRACT))),
    )
    args = parser.parse_args(argv)
    extract = extract_from_ods(args.ods)
    extract.to_csv(args.out, index=False, lineterminator="\n")
    print(f"wrote {len(extract)} providers to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
