"""Rewrite a clean synthetic folder (DfE codes, ISO dates) the way the SSD v1.4.5 Liquidlogic SQL
writes the same records (data-to-insight/ssd-data-model, deployment_extracts/systemc/live/
ssd_deployment_proc_files/procs/*.sql), exported from SQL Server Management Studio as CSV:

- every DDL column in DDL order (the synth already writes them), CRLF line endings;
- DATETIME columns as `2016-09-30 00:00:00.000`, NULL written as `NULL`;
- ssd_legal_status.lega_legal_status from DIM_LOOKUP_LGL_STATUS_DESC: Liquidlogic's wording, as
  the SSD's Annex A SQL lists it ("Interim care order Sec. 38(1)");
- ssd_cla_episodes start and ceased reasons from CARE_REASON_DESC / CARE_REASON_END_DESC: the
  SSD code set's wording (data/objects/ssd_cla_episodes.yml, with its commas and en dashes);
- ssd_cp_plans categories from INIT_CATEGORY_DESC / CP_CATEGORY_DESC ("Multiple: Neglect,
  Emotional abuse");
- ssd_permanence.perm_permanence_order_type from the proc's CASE ("Special Guardianship Order",
  "Child Arrangements/ Residence Order"), perm_placed_foster_carer_date its 1900-01-01 placeholder;
- ssd_professionals.prof_agency_worker_flag NULL ("not available in SSD V1");
- outcome JSON concatenated by the procs: COMMENTS free text with quotes and line breaks, not
  escaped in contacts, referrals and assessments, escaped in s47 enquiries and conferences;
- open ends as `9999-12-31 00:00:00.000` in legal status, placement and involvement end dates
  (how many Liquidlogic sites hold "not ended").

The facts are unchanged: loading either folder must give the same tables and the same figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from qaf.synth.ssd_layout import OUTCOME_JSON

DATETIME_SUFFIX = " 00:00:00.000"
OPEN_END = "9999-12-31" + DATETIME_SUFFIX
OPEN_END_COLUMNS = {
    "ssd_legal_status": "lega_legal_status_end_date",
    "ssd_cla_placement": "clap_cla_placement_end_date",
    "ssd_involvements": "invo_involvement_end_date",
}

# Liquidlogic's legal status wording (SSD Annex A SQL, admin/tools-ssd_dfe_returns).
LEGAL_STATUS = {
    "C1": "Interim care order Sec. 38(1)",
    "C2": "Care Order Sec. 31(a)",
    "E1": "Placement Order (Sec. 21)",
    "L1": "Police protection power Sec.38(1)",
    "L2": "Emergency protection order - LA",
    "L3": "Child assessment order Sec. 43(1)",
    "J1": "Remanded to LA accommodation S20",
    "V2": "Single placement acc. by LA S20(1) CA under 16",
    # The order a child left care on, which the fact table goes on holding (QAF's NLA).
    "NLA": "Special Guardianship Order",
}
V2_16_PLUS = "Single placement acc. by LA S20(3) CA 16 & over"

# The SSD code set's wording (data/objects/ssd_cla_episodes.yml).
START_REASON = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer(s) only",
    "T": "Change of placement (but same carer(s)) only",
    "B": "Change of legal status and placement and carer(s) at the same time",
    "U": "Change of legal status and change of placement (but same carer(s)) at the same time",
}
CEASED_REASON = {
    "X1": "Episode ceases, and new episode begins on same day, for any reason",
    "E11": "Adopted - application for an adoption order unopposed",
    "E12": "Adopted \u2013 consent dispensed with by the court",
    "E2": "Died",
    "E3": "Care taken over by another local authority in the UK",
    "E4A": "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process (not under a special guardianship order or residence order/ child arrangement order).",
    "E4B": "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process (not under a special guardianship order or residence order or (from 22 April 2014) a child arrangement order).",
    "E13": "Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility.",
    "E41": "Residence order/ child arrangement order which sets out with whom the child is to live) granted",
    "E45": "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)",
    "E46": "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)",
    "E47": "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)",
    "E48": "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
    "E5": "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements (such as most hostels, young men\u2019s Christian association, foyers, staying close and care leavers projects). Includes both children leaving care before and at age 18",
    "E6": "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements (such as bedsit, own flat, living with friend(s)). Includes both children leaving care before and at age 18",
    "E7": "Transferred to residential care funded by adult social care services",
    "E9": "Sentenced to custody",
    "E17": "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
    "E8": "Period of being looked-after ceased for any other reason (where none of the other reasons apply)",
}
CP_CATEGORY = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
}
MULTIPLE = ("Multiple: Neglect, Emotional abuse", "Multiple: Physical abuse, Neglect")
PERMANENCE_ORDER = {
    "ADOPTION": "Adoption",
    "SGO": "Special Guardianship Order",
    "CAO": "Child Arrangements/ Residence Order",
    "RO": "Child Arrangements/ Residence Order",
}
COMMENTS = (
    'Mum said "no" to a visit',
    "Strategy discussion held.\r\nPolice to follow up",
    'School DSL: "concerns about bruising"\nSeen by GP',
    "Back\\slash in the notes",
)
UNESCAPED = ("ssd_contacts", "ssd_cin_episodes", "ssd_cin_assessments")


def _datetime(values: pd.Series) -> pd.Series:
    return values.where(values == "", values + DATETIME_SUFFIX)


def _comments(table: str, values: pd.Series, rng: np.random.Generator) -> pd.Series:
    """Put free text with quotes and line breaks in COMMENTS, as the proc concatenates it."""
    comments_key = OUTCOME_JSON[table][3]
    pick = rng.integers(0, len(COMMENTS), len(values))
    out = values.copy()
    for i in np.flatnonzero((values != "").to_numpy() & (rng.random(len(values)) < 0.3)):
        text = COMMENTS[pick[i]]
        written = text if table in UNESCAPED else json.dumps(text)[1:-1]
        data = json.loads(values.iat[i])
        data[comments_key] = "\0"
        out.iat[i] = json.dumps(data, separators=_separators(table)).replace("\\u0000", written)
    return out


def _separators(table: str) -> tuple[str, str]:
    return (",", ":") if OUTCOME_JSON[table][4] == "," else (", ", ": ")


def _age_16_plus(df: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    dob = df["lega_person_id"].map(
        dict(zip(people["pers_person_id"], people["pers_dob"], strict=True))
    )
    start = pd.to_datetime(df["lega_legal_status_start_date"])
    return (start - pd.to_datetime(dob.replace("", None))).dt.days >= 16 * 365.25


def rewrite(src: Path, dst: Path, seed: int = 0) -> dict[str, int]:
    """Write `dst` as the Liquidlogic SQL writes `src`'s records; rows written per file."""
    dst.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    people = pd.read_csv(src / "ssd_person.csv", dtype=str, keep_default_na=False)
    written: dict[str, int] = {}
    for path in sorted(src.glob("*.csv")):
        table = path.stem
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        if table.startswith("ssd_"):
            df = _liquidlogic(table, df, people, rng)
            for column in df.columns:
                if column.endswith("_date") or column == "pers_dob":
                    df[column] = _datetime(df[column])
            if table in OPEN_END_COLUMNS:
                column = OPEN_END_COLUMNS[table]
                df[column] = df[column].where(df[column] != "", OPEN_END)
            df = df.replace("", "NULL")
        df.to_csv(dst / path.name, index=False, lineterminator="\r\n")
        written[table] = len(df)
    return written


def _liquidlogic(
    table: str, df: pd.DataFrame, people: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    df = df.copy()
    if table in OUTCOME_JSON:
        column = OUTCOME_JSON[table][0]
        df[column] = _comments(table, df[column], rng)
    if table == "ssd_legal_status":
        status = df["lega_legal_status"]
        described = status.map(LEGAL_STATUS)
        older = (status == "V2") & _age_16_plus(df, people)
        df["lega_legal_status"] = described.where(~older, V2_16_PLUS)
    elif table == "ssd_cla_episodes":
        df["clae_cla_episode_start_reason"] = df["clae_cla_episode_start_reason"].map(
            lambda c: START_REASON.get(c, c)
        )
        df["clae_cla_episode_ceased_reason"] = df["clae_cla_episode_ceased_reason"].map(
            lambda c: CEASED_REASON.get(c, c)
        )
    elif table == "ssd_cp_plans":
        for column in ("cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"):
            multiple = pd.Series(MULTIPLE)[rng.integers(0, len(MULTIPLE), len(df))]
            df[column] = df[column].map(lambda c: CP_CATEGORY.get(c, c))
            df.loc[df[column] == "MUL", column] = multiple[(df[column] == "MUL").to_numpy()].values
    elif table == "ssd_permanence":
        df["perm_permanence_order_type"] = df["perm_permanence_order_type"].map(
            lambda c: PERMANENCE_ORDER.get(c, c)
        )
        df["perm_placed_foster_carer_date"] = "1900-01-01"
    elif table == "ssd_professionals":
        df["prof_agency_worker_flag"] = ""
    return df
