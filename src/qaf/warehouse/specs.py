"""The input contract as data: every table of interfaces.md section 1, its columns, types, codes,
keys and references. One declaration, read by the loader, the synthetic generator and the docs.

Column and table names are the SSD's (v1.4.5 DDL) verbatim; a misspelling elsewhere fails at import
because code refers to these constants through `TABLES[...]` and `col(...)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qaf.warehouse import codes as c
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


def _id(
    name: str, *, required: bool = True, references: str | None = None, doc: str = ""
) -> Column:
    return Column(name, "id", required=required, references=references, doc=doc)


def _date(name: str, *, required: bool = False, doc: str = "") -> Column:
    return Column(name, "date", required=required, doc=doc)


def _code(name: str, codes: CodeList, *, required: bool = False, doc: str = "") -> Column:
    return Column(name, "code", required=required, codes=codes, doc=doc)


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
    # --- QAF tables: what the SSD lacks ---
    Table(
        "qaf_council",
        "Which council the folder describes (one row).",
        (
            Column("la_code", "text", required=True),
            Column("ons_code", "text", required=True),
            Column("la_name", "text", required=True),
            Column("region", "text"),
            _date("extract_date", doc="the day the extract was taken; the end of its coverage"),
        ),
        key="la_code",
        source="qaf",
    ),
    Table(
        "qaf_population",
        "ONS mid-year population estimates by age band, for the LA and England.",
        (
            Column("mid_year", "int", required=True),
            Column("area_code", "text", required=True),
            Column("area_name", "text"),
            _code("age_band", c.POPULATION_AGE_BAND, required=True),
            Column("population", "int", required=True),
        ),
        source="qaf",
    ),
    Table(
        "qaf_teams",
        "The council's team structure.",
        (
            _id("team_id"),
            Column("team_name", "text", required=True),
            Column("service", "text", required=True),
            Column("area", "text"),
            Column("manager_holds_cases", "flag"),
            Column("family_practitioners_count", "flag"),
            Column("finance_only", "flag"),
        ),
        key="team_id",
        source="qaf",
    ),
    Table(
        "qaf_staff",
        "Staff status for caseloads, as at the extract date.",
        (
            _id("prof_professional_id"),
            _id("team_id", references="qaf_teams.team_id"),
            _code("role", c.STAFF_ROLE, required=True),
            Column("fte", "float", required=True),
            Column("agency", "flag"),
            Column("long_term_absence", "flag"),
        ),
        key="prof_professional_id",
        source="qaf",
    ),
    Table(
        "qaf_providers",
        "Providers and their latest Ofsted grade.",
        (
            Column("urn", "text", required=True),
            Column("provider_name", "text"),
            Column("provider_type", "text"),
            _code("ofsted_grade", c.OFSTED_GRADE),
            _date("inspection_date"),
            Column("local_authority", "text"),
        ),
        key="urn",
        source="qaf",
    ),
    Table(
        "qaf_audits",
        "Internal case audits: one row per audit and standard.",
        (
            _id("audit_id"),
            _id("person_id", required=False),
            _code("case_type", c.AUDIT_CASE_TYPE, required=True),
            Column("team_id", "text"),
            Column("worker_id", "text"),
            Column("auditor", "text"),
            _date("audit_date", required=True),
            Column("standard", "text", required=True),
            Column("score", "text", doc="1 to 5, or NA"),
        ),
        source="qaf",
    ),
    Table(
        "qaf_feedback",
        "Parent and carer feedback forms.",
        (
            _id("form_id"),
            _date("received_date", required=True),
            Column("worker_id", "text"),
            Column("children", "int"),
            Column("q1", "flag"),
            Column("q2", "flag"),
            Column("q3", "flag"),
            Column("q4", "flag"),
            Column("comment", "text"),
            _code("tone", c.FEEDBACK_TONE),
            Column("themes", "text", doc="separated by ;"),
        ),
        key="form_id",
        source="qaf",
    ),
    Table(
        "qaf_iru_meetings",
        "Independent Reviewing Unit: professionals' attendance at CP meetings.",
        (
            _id("meeting_id"),
            _code("meeting_type", c.MEETING_TYPE, required=True),
            _date("meeting_date", required=True),
            _id("person_id", required=False),
            _code("professional_group", c.PROFESSIONAL_GROUP, required=True),
            Column("invited", "int"),
            Column("attended", "int"),
        ),
        source="qaf",
    ),
    Table(
        "qaf_iru_reviews",
        "Independent Reviewing Unit: looked-after review monitoring forms.",
        (
            _id("form_id"),
            _date("review_date", required=True),
            _id("person_id", required=False),
            Column("report_on_time", "flag"),
            Column("sw_changes", "int"),
        ),
        key="form_id",
        source="qaf",
    ),
    Table(
        "qaf_code_map",
        "The council's own wording for a coded column, mapped to the DfE code; used before the "
        "built-in lists.",
        (
            Column("table", "text", required=True, doc="an ssd_ or qaf_ table"),
            Column("column", "text", required=True, doc="a coded column of that table"),
            Column("value", "text", required=True, doc="the wording the case system writes"),
            Column("code", "text", required=True, doc="the DfE code it means"),
        ),
        source="qaf",
    ),
    Table(
        "qaf_targets",
        "Local targets by indicator and period.",
        (
            Column("indicator_id", "text", required=True),
            Column("period", "text", required=True),
            Column("target", "float", required=True),
        ),
        source="qaf",
    ),
    Table(
        "qaf_benchmarks",
        "Comparator values by indicator and period.",
        (
            Column("indicator_id", "text", required=True),
            Column("period", "text", required=True),
            Column("comparator", "text", required=True),
            Column("value", "float"),
        ),
        source="qaf",
    ),
)

TABLES: dict[str, Table] = {table.name: table for table in SPECS}


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
