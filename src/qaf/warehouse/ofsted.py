"""Ofsted's published provider-level file, accepted as the qaf_providers table.

Ofsted's "Children's social care data in England <year>" comes with an underlying-data workbook
(.ods) whose sheet `Provider_level_at_31_Mar_<year>` lists every registered social care provider:
URN, name, provision type, local authority, the latest full inspection's date and judgements. A
council can put that file in its input folder (as published, or that sheet saved as CSV or XLSX)
instead of making qaf_providers by hand. It is recognised by its header, not its name: a file that
holds qaf_providers and has Ofsted's URN and overall-grade columns is read in Ofsted's layout.

Grades keep Ofsted's spelling here; the qaf_providers column parser maps them to QAF's grades through
`codes.OFSTED_GRADE` ("Requires improvement to be good" -> "Requires improvement")."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from qaf.warehouse.read import RawTable

TABLE = "qaf_providers"
LAYOUT = "ofsted_provider_level"
# File names (stem, lower case) that also hold qaf_providers: a plain name for Ofsted's file, the
# sheet's own name (what some tools call a sheet saved alone) and the published workbook's name.
FILE_NAMES = re.compile(
    r"^(?:ofsted_providers|provider_level_at_31_mar_\d{4}"
    r"|childrens_social_care_in_england_\d{4}_underlying_data)$"
)
# Ofsted publishes ODS; the reader (python-calamine) reads it as it reads XLSX.
EXTRA_SUFFIXES = (".ods",)
# In a workbook of several sheets, the provider list at 31 March. The workbook's other sheets
# (in-year inspections, places, leavers) also have a URN column but are not one row per provider.
SHEET = re.compile(r"^provider_level_at_31_mar_\d{4}$", re.IGNORECASE)
# Ofsted's sheet has three lines of title above its header (the header is sheet row 4): the
# header is the first row, among the first HEADER_SEARCH_ROWS, with a cell reading "URN".
HEADER_MARK = "urn"
HEADER_SEARCH_ROWS = 20

# "Overall experiences and progress of children and young people" is the headline judgement of
# the Social Care Common Inspection Framework, which Ofsted publishes as a provider's overall grade.
GRADE = "Overall experiences and progress of children and young people"
# Ofsted's column -> qaf_providers' column.
COLUMNS = {
    "URN": "urn",
    "Name": "provider_name",
    "Provision type": "provider_type",
    "Local authority": "local_authority",
    GRADE: "ofsted_grade",
    "Latest full inspection date": "inspection_date",
}
# Ofsted withholds the name (and address) of most children's homes; the cell reads "REDACTED".
REDACTED = "REDACTED"


def _key(name: str) -> str:
    return name.strip().lower()


def recognised(columns: dict[str, pa.Array]) -> bool:
    """Columns (keyed by trimmed lower-case name) in Ofsted's layout: its URN and grade columns."""
    return _key("URN") in columns and _key(GRADE) in columns


def as_providers(raw: RawTable) -> RawTable:
    """Ofsted's columns renamed to qaf_providers' (the others dropped), with a note saying so."""
    columns: dict[str, pa.Array] = {}
    headers: dict[str, str] = {}
    for ofsted, ours in COLUMNS.items():
        if _key(ofsted) in raw.columns:
            columns[ours] = raw.columns[_key(ofsted)]
            headers[ours] = raw.headers[_key(ofsted)]
    redacted = 0
    if "provider_name" in columns:
        names = columns["provider_name"]
        is_redacted = pc.equal(pc.utf8_upper(pc.utf8_trim_whitespace(names)), REDACTED)
        redacted = pc.sum(is_redacted).as_py() or 0
        columns["provider_name"] = pc.if_else(
            pc.fill_null(is_redacted, False), pa.scalar(None, pa.string()), names
        )
    mapped = [f'"{headers[ours]}" -> {ours}' for ours in columns]
    others = len(raw.columns) - len(columns)
    note = f"recognised as Ofsted's provider-level file: {'; '.join(mapped)}"
    if others:
        note += f"; its other {others} columns are not loaded"
    if redacted:
        note += f"; {redacted:,} of {raw.rows:,} names are REDACTED by Ofsted and left empty"
    if raw.header_row > 1:
        note += (
            f"; its header is on row {raw.header_row} (titles above it), so row 1 of this "
            f"report is row {raw.header_row + 1} in the file"
        )
    return dataclasses.replace(raw, columns=columns, headers=headers, notes=[*raw.notes, note])
