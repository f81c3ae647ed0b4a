"""The SSD's own layout for the synthetic tables: every v1.4.5 column of each `ssd_` table in DDL
order, and outcome "JSON" with the full key set the SSD's Liquidlogic SQL writes (every flag,
the count of outcomes and a free-text COMMENTS key), so `qaf synth` hands over what a council's
SSD hands over. The facts come from the table builders; this module only lays them out."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.warehouse import codes
from qaf.warehouse.specs import TABLES

# Outcome JSON as the SSD v1.4.5 Liquidlogic procs build it (deployment_extracts/systemc/live/
# ssd_deployment_proc_files/procs/<table>.sql): the flag keys in order, the count key, the comments
# key, and the separators each proc uses (ssd_initial_cp_conference writes no spaces).
OUTCOME_JSON: dict[str, tuple[str, tuple[str, ...], str, str, str]] = {
    # table: (column, flag keys, count key, comments key, item separator)
    "ssd_contacts": (
        "cont_contact_outcome_json",
        (
            "NEW_REFERRAL_FLAG",
            "EXISTING_REFERRAL_FLAG",
            "CP_ENQUIRY_FLAG",
            "NFA_FLAG",
            "NON_AGENCY_ADOPTION_FLAG",
            "PRIVATE_FOSTERING_FLAG",
            "ADVICE_FLAG",
            "MISSING_FLAG",
            "OLA_CP_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
        "NUMBER_OF_OUTCOMES",
        "COMMENTS",
        ", ",
    ),
    "ssd_cin_episodes": (
        "cine_referral_outcome_json",
        (
            "SINGLE_ASSESSMENT_FLAG",
            "STRATEGY_DISCUSSION_FLAG",
            "CLA_REQUEST_FLAG",
            "NON_AGENCY_ADOPTION_FLAG",
            "PRIVATE_FOSTERING_FLAG",
            "CP_TRANSFER_IN_FLAG",
            "CP_CONFERENCE_FLAG",
            "CARE_LEAVER_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
        "NUMBER_OF_OUTCOMES",
        "COMMENTS",
        ", ",
    ),
    "ssd_cin_assessments": (
        "cina_assessment_outcome_json",
        (
            "NFA_FLAG",
            "NFA_S47_END_FLAG",
            "STRATEGY_DISCUSSION_FLAG",
            "CLA_REQUEST_FLAG",
            "PRIVATE_FOSTERING_FLAG",
            "LEGAL_ACTION_FLAG",
            "PROV_OF_SERVICES_FLAG",
            "PROV_OF_SB_CARE_FLAG",
            "SPECIALIST_ASSESSMENT_FLAG",
            "REFERRAL_TO_OTHER_AGENCY_FLAG",
            "OTHER_ACTIONS_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
        "TOTAL_NO_OF_OUTCOMES",
        "COMMENTS",
        ", ",
    ),
    "ssd_s47_enquiry": (
        "s47e_s47_outcome_json",
        (
            "NFA_FLAG",
            "LEGAL_ACTION_FLAG",
            "PROV_OF_SERVICES_FLAG",
            "PROV_OF_SB_CARE_FLAG",
            "CP_CONFERENCE_FLAG",
            "NFA_CONTINUE_SINGLE_FLAG",
            "MONITOR_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
        "TOTAL_NO_OF_OUTCOMES",
        "OUTCOME_COMMENTS",
        ", ",
    ),
    "ssd_initial_cp_conference": (
        "icpc_icpc_outcome_json",
        (
            "NFA_FLAG",
            "REFERRAL_TO_OTHER_AGENCY_FLAG",
            "SINGLE_ASSESSMENT_FLAG",
            "PROV_OF_SERVICES_FLAG",
            "CP_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
        "TOTAL_NO_OF_OUTCOMES",
        "COMMENTS",
        ",",
    ),
}

# Invented free text for COMMENTS, by table; most outcomes carry none.
# Invented free text for COMMENTS, by table; most outcomes carry none. Some hold what free text
# holds in real extracts: quotes, line breaks and curly apostrophes.
COMMENTS: dict[str, tuple[str, ...]] = {
    "ssd_contacts": (
        "Advice given to caller",
        "Passed to early help hub",
        'Caller said "no one is at home"',
        "Known to service.\nAllocated worker informed",
    ),
    "ssd_cin_episodes": (
        "Referral accepted for assessment",
        "Strategy discussion held with police,\nschool to share attendance",
        'Mum said "no" to a home visit',
    ),
    "ssd_cin_assessments": (
        "Needs met by universal services",
        "Step down to early help",
        "Child in need plan agreed; review in 3 months",
    ),
    "ssd_s47_enquiry": (
        "Concerns substantiated",
        "Child\u2019s account consistent with injuries",
        "Concerns not substantiated, parents\u2019 views recorded",
    ),
    "ssd_initial_cp_conference": ("Plan agreed by conference", 'Father said "I won\u2019t attend"'),
}
# The source's description next to its code, as Liquidlogic writes both.
SOURCE_DESCRIPTION = {
    "ssd_contacts": ("cont_contact_source_code", "cont_contact_source_desc"),
    "ssd_cin_episodes": ("cine_referral_source_code", "cine_referral_source_desc"),
}
P_COMMENT = 0.35  # share of outcomes with a comment
P_ESTIMATED_DOB = 0.005  # children whose date of birth is recorded as estimated (tuned)
SEED_STREAM = 77  # the layout's own random stream, so no builder's draws move


@cache
def ddl_columns() -> dict[str, tuple[str, ...]]:
    """SSD v1.4.5 column names per table, in DDL order (src/qaf/warehouse/ssd_ddl_columns.json)."""
    text = resources.files("qaf.warehouse").joinpath("ssd_ddl_columns.json").read_text("utf-8")
    data = json.loads(text)["tables"]
    return {table: tuple(name for name, _ in columns) for table, columns in data.items()}


def ssd_outcome_json(
    table: str, flags: dict[str, str], comment: str, number: int | None = None
) -> str:
    """One outcome as the SSD's SQL concatenates it: every key, unset flags as "", the count as
    a bare number (or null), then the comments. `comment` is written as given (the caller escapes
    it, or not: Liquidlogic's contacts and referrals procs do not)."""
    _, keys, count_key, comments_key, sep = OUTCOME_JSON[table]
    unknown = set(flags) - set(keys)
    if unknown:
        raise KeyError(f"{table}: outcome keys the SSD does not write: {sorted(unknown)}")
    colon = ": " if sep == ", " else ":"
    count = sum(v == "Y" for v in flags.values()) if number is None else number
    items = [f'"{k}"{colon}"{flags.get(k, "")}"' for k in keys]
    items.append(f'"{count_key}"{colon}{count}')
    items.append(f'"{comments_key}"{colon}"{comment}"')
    return "{" + sep.join(items) + "}"


def _escaped(comment: str) -> str:
    """The comment as JSON string text (quotes and line breaks escaped, other characters kept)."""
    return json.dumps(comment, ensure_ascii=False)[1:-1]


def _outcomes(
    rng: np.random.Generator, table: str, values: npt.NDArray[np.object_]
) -> npt.NDArray[np.object_]:
    """The builders' small outcome JSON widened to the SSD's key set, with comments."""
    index, distinct = pd.factorize(values)
    notes = ("", *COMMENTS[table])
    note = np.where(
        rng.random(len(values)) < P_COMMENT, rng.integers(1, len(notes), len(values)), 0
    )
    rendered = np.array(
        [
            [ssd_outcome_json(table, json.loads(text), _escaped(c)) if text else "" for c in notes]
            for text in distinct.astype(str)
        ],
        dtype=object,
    ).reshape(len(distinct), len(notes))
    return rendered[index, note]


def _filled(
    rng: np.random.Generator, name: str, df: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> dict[str, object]:
    """Plausible values for SSD columns QAF does not read, where they follow from the facts."""
    if name == "ssd_person":
        # Liquidlogic writes an estimated date of birth as pers_expected_dob, pers_dob empty.
        dob = df["pers_dob"].to_numpy(dtype=object)
        estimated = (dob != "") & (rng.random(len(df)) < P_ESTIMATED_DOB)
        return {
            "pers_legacy_id": "LL" + df["pers_person_id"],
            "pers_dob": np.where(estimated, "", dob),
            "pers_expected_dob": np.where(estimated, dob, df["pers_expected_dob"]),
        }
    if name in SOURCE_DESCRIPTION:
        code, description = SOURCE_DESCRIPTION[name]
        described = codes.REFERRAL_SOURCE.codes
        return {description: df[code].map(lambda c: described.get(c, ""))}
    if name == "ssd_cin_assessments":
        authorised = df["cina_assessment_auth_date"] != ""
        return {"cina_assessment_child_seen": np.where(authorised, "Y", "")}
    if name == "ssd_initial_cp_conference":
        return {"icpc_icpc_transfer_in": np.full(len(df), "N")}
    if name == "ssd_cp_plans":
        return {"cppl_cp_plan_ola": np.full(len(df), "N")}
    if name == "ssd_cla_reviews":
        episodes = tables["ssd_cla_episodes"]
        person = dict(zip(episodes["clae_cla_id"], episodes["clae_person_id"], strict=True))
        return {"clar_cla_person_id": df["clar_cla_id"].map(lambda c: person.get(c, ""))}
    return {}


def ssd_layout(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """Every `ssd_` table with the SSD v1.4.5 DDL's columns in DDL order; `qaf_` tables as they are."""
    ddl = ddl_columns()
    for name, spec in TABLES.items():
        if spec.source == "ssd" and not set(spec.names) <= set(ddl[name]):
            raise ValueError(f"{name}: contract columns missing from the SSD DDL list")
    out: dict[str, pd.DataFrame] = {}
    for index, (name, df) in enumerate(tables.items()):
        if TABLES[name].source != "ssd":
            out[name] = df
            continue
        rng = np.random.default_rng([seed, SEED_STREAM, index])
        data: dict[str, object] = {c: df[c].to_numpy(dtype=object) for c in df.columns}
        if name in OUTCOME_JSON:
            column = OUTCOME_JSON[name][0]
            data[column] = _outcomes(rng, name, df[column].to_numpy(dtype=object))
        data.update(_filled(rng, name, df, tables))
        empty = np.full(len(df), "", dtype=object)
        out[name] = pd.DataFrame(
            {c: data.get(c, empty) for c in ddl[name]}, columns=list(ddl[name]), index=df.index
        )
    return out
