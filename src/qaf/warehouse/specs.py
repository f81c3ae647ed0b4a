"""The input contract as data: every table of interfaces.md section 1, its columns, types, codes,
keys and references. One declaration, read by the loader, the synthetic generator and the docs.

Column and table names are the SSD's (v1.4.5 DDL) verbatim; a misspelling elsewhere fails at import
because code refers to these constants through `TABLES[...]` and `col(...)`."""

from __future__ import annotations

from qaf.warehouse import codes as c
from qaf.warehouse.spec_types import KINDS as KINDS
from qaf.warehouse.spec_types import Column as Column
from qaf.warehouse.spec_types import Kind as Kind
from qaf.warehouse.spec_types import Table as Table
from qaf.warehouse.spec_types import code_column as _code
from qaf.warehouse.spec_types import date_column as _date
from qaf.warehouse.spec_types import id_column as _id
from qaf.warehouse.specs_qaf import QAF_SPECS

PERSON = "ssd_person.pers_person_id"
REFERRAL = "ssd_cin_episodes.cine_referral_id"

SPECS: tuple[Table, ...] = (
    Table(
        "ssd_person",
        "Every child known to children's social care.",
        (
            _id("pers_person_id"),
            _code("pers_sex", c.SEX),
            Column("pers_gender", "text"),
            Column("pers_ethnicity", "text"),
            _date("pers_dob", required=True, doc="empty: pers_expected_dob is used"),
            _date("pers_expected_dob", doc="unborn or estimated; stands in for an empty pers_dob"),
            _date("pers_death_date"),
        ),
        key="pers_person_id",
        required=True,
        date_order=(("pers_dob", "pers_death_date"),),
    ),
    Table(
        "ssd_contacts",
        "Contacts received by the front door (the seed's MASH enquiries).",
        (
            _id("cont_contact_id"),
            _id("cont_person_id", references=PERSON),
            _date("cont_contact_date", required=True),
            Column("cont_contact_source_code", "text"),
            Column("cont_contact_outcome_json", "json", doc="NEW_REFERRAL_FLAG and other outcomes"),
        ),
        key="cont_contact_id",
    ),
    Table(
        "ssd_early_help_episodes",
        "Early help episodes; the start is the early help assessment (the seed's DAF1).",
        (
            _id("earl_episode_id"),
            _id("earl_person_id", references=PERSON),
            _date("earl_episode_start_date", required=True),
            _date("earl_episode_end_date"),
        ),
        key="earl_episode_id",
        date_order=(("earl_episode_start_date", "earl_episode_end_date"),),
    ),
    Table(
        "ssd_cin_episodes",
        "Children-in-need episodes, one per referral.",
        (
            _id("cine_referral_id"),
            _id("cine_person_id", references=PERSON),
            _date("cine_referral_date", required=True),
            _code("cine_referral_source_code", c.REFERRAL_SOURCE),
            _code("cine_cin_primary_need_code", c.PRIMARY_NEED),
            Column("cine_referral_outcome_json", "json", doc="SINGLE_ASSESSMENT_FLAG and others"),
            Column("cine_referral_nfa", "flag"),
            _code("cine_close_reason", c.CIN_CLOSE_REASON),
            _date("cine_close_date"),
            Column("cine_referral_team", "text"),
            _id("cine_referral_worker_id", required=False),
        ),
        key="cine_referral_id",
        required=True,
        date_order=(("cine_referral_date", "cine_close_date"),),
    ),
    Table(
        "ssd_cin_assessments",
        "Single assessments.",
        (
            _id("cina_assessment_id"),
            _id("cina_person_id", references=PERSON),
            _id("cina_referral_id", required=False, references=REFERRAL),
            _date("cina_assessment_start_date", required=True),
            _date("cina_assessment_auth_date"),
            Column("cina_assessment_outcome_json", "json"),
            Column("cina_assessment_outcome_nfa", "flag"),
            Column("cina_assessment_team", "text"),
            _id("cina_assessment_worker_id", required=False),
        ),
        key="cina_assessment_id",
        date_order=(("cina_assessment_start_date", "cina_assessment_auth_date"),),
    ),
    Table(
        "ssd_s47_enquiry",
        "Section 47 enquiries.",
        (
            _id("s47e_s47_enquiry_id"),
            _id("s47e_referral_id", required=False, references=REFERRAL),
            _id("s47e_person_id", references=PERSON),
            _date("s47e_s47_start_date", required=True),
            _date("s47e_s47_end_date"),
            Column("s47e_s47_outcome_json", "json"),
            Column("s47e_s47_completed_by_team", "text"),
        ),
        key="s47e_s47_enquiry_id",
        date_order=(("s47e_s47_start_date", "s47e_s47_end_date"),),
    ),
    Table(
        "ssd_initial_cp_conference",
        "Initial child protection conferences.",
        (
            _id("icpc_icpc_id"),
            _id(
                "icpc_s47_enquiry_id",
                required=False,
                references="ssd_s47_enquiry.s47e_s47_enquiry_id",
            ),
            _id("icpc_person_id", references=PERSON),
            _id("icpc_cp_plan_id", required=False),
            _id("icpc_referral_id", required=False, references=REFERRAL),
            _date("icpc_icpc_date", doc="empty for a conference booked but not yet held"),
            Column(
                "icpc_icpc_outcome_cp_flag", "flag", doc="Y: CP plan to commence; empty: no outcome"
            ),
            Column("icpc_icpc_outcome_json", "json"),
            Column("icpc_icpc_team", "text"),
        ),
        key="icpc_icpc_id",
    ),
    Table(
        "ssd_cp_plans",
        "Child protection plans.",
        (
            _id("cppl_cp_plan_id"),
            _id("cppl_referral_id", required=False, references=REFERRAL),
            _id("cppl_icpc_id", required=False),
            _id("cppl_person_id", references=PERSON),
            _date("cppl_cp_plan_start_date", required=True),
            _date("cppl_cp_plan_end_date"),
            _code("cppl_cp_plan_initial_category", c.CP_CATEGORY),
            _code("cppl_cp_plan_latest_category", c.CP_CATEGORY),
        ),
        key="cppl_cp_plan_id",
        date_order=(("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),),
    ),
    Table(
        "ssd_cla_episodes",
        "Episodes of care (SSDA903 episodes); a period of care is a run of episodes.",
        (
            _id("clae_cla_episode_id"),
            _id("clae_person_id", references=PERSON),
            _id("clae_cla_placement_id", required=False),
            _date("clae_cla_episode_start_date", required=True),
            _code("clae_cla_episode_start_reason", c.EPISODE_START_REASON),
            _code("clae_cla_primary_need_code", c.PRIMARY_NEED),
            _date("clae_cla_episode_ceased_date"),
            _code("clae_cla_episode_ceased_reason", c.EPISODE_CEASED_REASON),
            _id("clae_cla_id", required=False, doc="the period of care"),
            _id("clae_referral_id", required=False, references=REFERRAL),
            _date("clae_entered_care_date"),
        ),
        key="clae_cla_episode_id",
        date_order=(("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),),
    ),
    Table(
        "ssd_cla_placement",
        "Placements.",
        (
            _id("clap_cla_placement_id"),
            _id("clap_cla_id", required=False),
            _id("clap_person_id", references=PERSON),
            _date("clap_cla_placement_start_date", required=True),
            _date("clap_cla_placement_end_date"),
            _code("clap_cla_placement_type", c.PLACEMENT_TYPE),
            Column("clap_cla_placement_urn", "text", doc="Ofsted URN of the provider"),
            Column("clap_cla_placement_provider", "text"),
            Column("clap_cla_placement_postcode", "text"),
            Column("clap_cla_placement_change_reason", "text"),
        ),
        key="clap_cla_placement_id",
        date_order=(("clap_cla_placement_start_date", "clap_cla_placement_end_date"),),
    ),
    Table(
        "ssd_legal_status",
        "Legal statuses of children looked after.",
        (
            _id("lega_legal_status_id"),
            _id("lega_person_id", references=PERSON),
            _code("lega_legal_status", c.LEGAL_STATUS, required=True),
            _date("lega_legal_status_start_date", required=True),
            _date("lega_legal_status_end_date"),
        ),
        key="lega_legal_status_id",
        date_order=(("lega_legal_status_start_date", "lega_legal_status_end_date"),),
    ),
    Table(
        "ssd_cla_visits",
        "Statutory visits to children looked after.",
        (
            _id("clav_cla_visit_id"),
            _id("clav_cla_id", required=False),
            _id("clav_person_id", references=PERSON),
            _date("clav_cla_visit_date", required=True),
            Column("clav_cla_visit_seen", "flag"),
        ),
        key="clav_cla_visit_id",
    ),
    Table(
        "ssd_cla_reviews",
        "Looked-after reviews.",
        (
            _id("clar_cla_review_id"),
            _id("clar_cla_id", required=False),
            _date("clar_cla_review_due_date"),
            _date("clar_cla_review_date"),
            Column("clar_cla_review_cancelled", "flag"),
        ),
        key="clar_cla_review_id",
    ),
    Table(
        "ssd_permanence",
        "Adoption and other permanence milestones.",
        (
            _id("perm_table_id"),
            _id("perm_person_id", references=PERSON),
            _id("perm_cla_id", required=False),
            _date("perm_adm_decision_date"),
            Column("perm_part_of_sibling_group", "flag"),
            _date("perm_placement_order_date"),
            _date("perm_matched_date"),
            _date("perm_placed_for_adoption_date"),
            _date("perm_decision_reversed_date"),
            _date("perm_permanence_order_date"),
            _code("perm_permanence_order_type", c.PERMANENCE_ORDER_TYPE),
        ),
        key="perm_table_id",
    ),
    Table(
        "ssd_care_leavers",
        "Care leavers.",
        (
            _id("clea_table_id"),
            _id("clea_person_id", references=PERSON),
            Column("clea_care_leaver_eligibility", "text"),
            Column("clea_care_leaver_allocated_team", "text"),
            _id("clea_care_leaver_worker_id", required=False),
        ),
        key="clea_table_id",
    ),
    Table(
        "ssd_professionals",
        "Workers.",
        (
            _id("prof_professional_id"),
            Column("prof_professional_name", "text"),
            Column("prof_agency_worker_flag", "flag"),
            Column("prof_professional_job_title", "text"),
            Column("prof_professional_department", "text"),
            Column("prof_full_time_equivalency", "float"),
        ),
        key="prof_professional_id",
    ),
    Table(
        "ssd_department",
        "Teams and their parents.",
        (
            _id("dept_team_id"),
            Column("dept_team_name", "text"),
            _id("dept_team_parent_id", required=False),
            Column("dept_team_parent_name", "text"),
        ),
        key="dept_team_id",
    ),
    Table(
        "ssd_involvements",
        "Workers' involvements with children; the open CW row is the allocated case worker.",
        (
            _id("invo_involvements_id"),
            _id(
                "invo_professional_id",
                required=False,
                references="ssd_professionals.prof_professional_id",
                doc="empty when a team, not a named worker, holds the case",
            ),
            Column("invo_professional_role_id", "text"),
            Column("invo_professional_team", "text"),
            _id("invo_person_id", references=PERSON),
            _date("invo_involvement_start_date", required=True),
            _date("invo_involvement_end_date"),
            Column("invo_worker_change_reason", "text"),
            _id("invo_referral_id", required=False),
        ),
        key="invo_involvements_id",
        date_order=(("invo_involvement_start_date", "invo_involvement_end_date"),),
    ),
    *QAF_SPECS,
)

TABLES: dict[str, Table] = {table.name: table for table in SPECS}

# End dates where a case system writes 9999-12-31 or 2099-12-31 for "not ended yet": the end of
# every (start, end) pair above, and end dates outside those pairs.
OTHER_END_DATES = frozenset({"perm_decision_reversed_date"})
END_DATE_COLUMNS = frozenset(
    {end for table in SPECS for _start, end in table.date_order} | OTHER_END_DATES
)


def col(table: str, name: str) -> str:
    """A column name checked against the specs, so a misspelling fails at import."""
    if name not in TABLES[table].by_name:
        raise KeyError(f"{table}.{name} is not in the input contract")
    return name


def _check_references() -> None:
    for table in SPECS:
        for column in table.columns:
            if column.references:
                ref_table, ref_col = column.references.split(".")
                if ref_col not in TABLES[ref_table].by_name:
                    raise ValueError(
                        f"{table.name}.{column.name} references unknown {column.references}"
                    )


_check_references()
