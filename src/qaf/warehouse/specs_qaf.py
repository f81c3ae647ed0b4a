"""The QAF tables of the input contract (interfaces.md section 1b): what the SSD lacks."""

from __future__ import annotations

from qaf.warehouse import codes as c
from qaf.warehouse.spec_types import Column, Table
from qaf.warehouse.spec_types import code_column as _code
from qaf.warehouse.spec_types import date_column as _date
from qaf.warehouse.spec_types import id_column as _id

QAF_SPECS: tuple[Table, ...] = (
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
