"""Code sets and the wording real extracts use: every description the SSD's public SQL and code sets
write for a coded column gives its DfE code, whatever its case, spacing and punctuation."""

from __future__ import annotations

import pyarrow as pa
import pytest

from qaf.warehouse import codes
from qaf.warehouse.codes import CodeList, code_key
from qaf.warehouse.parse import Bad, code_parser, parse_column
from qaf.warehouse.specs import TABLES

ALL_LISTS = [v for v in vars(codes).values() if isinstance(v, CodeList)]


@pytest.mark.parametrize("codes_list", ALL_LISTS, ids=lambda c: c.name)
def test_every_list_is_unambiguous_and_maps_to_its_own_codes(codes_list: CodeList) -> None:
    table = codes_list.description_keys()  # raises on two codes for one spelling
    assert set(table.values()) <= set(codes_list.codes)
    parse = code_parser(codes_list)
    for code, description in codes_list.codes.items():
        assert parse(code) == code
        assert parse(code.lower()) == code
        assert parse(description) == code
        assert parse(f"{code} - {description}") == code


def test_code_key_ignores_case_spacing_and_punctuation() -> None:
    assert code_key("Adopted \u2013 consent dispensed with by the court") == code_key(
        "adopted - consent dispensed with by the court"
    )
    assert (
        code_key("Child\u2019s disability") == code_key("Child's disability") == "CHILDS DISABILITY"
    )
    assert code_key("Care Order Sec. 31(a)") == "CARE ORDER SEC 31 A"
    assert code_key("  A & E ") == "A AND E"
    assert code_key("\u201cNeglect\u201d.") == "NEGLECT"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Liquidlogic's wording (DIM_LOOKUP_LGL_STATUS_DESC, as the SSD's Annex A SQL lists it).
        ("Interim care order Sec. 38(1)", "C1"),
        ("Care Order Sec. 31(a)", "C2"),
        ("Placement Order (Sec. 21)", "E1"),
        ("Care Order Sec.31(a) & Placement Order (Sec. 21)", "E1"),
        ("Single placement acc. by LA S20(1) CA under 16", "V2"),
        ("Single placement acc. by LA S20(3) CA 16 & over", "V2"),
        ("regular occ. acc. by LA S.20(1) CA under 16", "V3"),
        ("Police protection power Sec.38(1)", "L1"),
        ("Emergency protection order - LA", "L2"),
        ("Child assessment order Sec. 43(1)", "L3"),
        ("Remanded to LA accommodation S20", "J1"),
        ("P.A.C.E Interview (CYP)", "J2"),
        ("Child freed for adoption", "D1"),
        # "CODE - description", "CODE: description", "(CODE) description", "CODE description".
        ("C2 - Full care order", "C2"),
        ("C2: Full care order", "C2"),
        ("(C2) Full care order", "C2"),
        ("C2 Full care order", "C2"),
        ("c2 \u2013 full care order", "C2"),
        # The SSD code set (legal_status.yml).
        ("Emergency protection order (EPO)", "L2"),
        ("Single period of accommodation under section 20 (Children Act 1989)", "V2"),
        (
            "Sentenced to Youth Rehabilitation Order (Criminal Justice and Immigration Act 2008 as "
            "amended by Legal Aid, Sentencing and Punishment of Offenders Act (LASPOA) 2012 with "
            "residence or intensive fostering requirement)",
            "J3",
        ),
    ],
)
def test_legal_status_wording(text: str, code: str) -> None:
    assert code_parser(codes.LEGAL_STATUS)(text) == code


# The SSD code set's wording (data/objects/ssd_cla_episodes.yml), commas, en dashes and all.
SSD_CEASED = {
    "X1": "Episode ceases, and new episode begins on same day, for any reason",
    "E11": "Adopted - application for an adoption order unopposed",
    "E12": "Adopted \u2013 consent dispensed with by the court",
    "E2": "Died",
    "E3": "Care taken over by another local authority in the UK",
    "E4A": "Returned home to live with parent(s), relative(s), or other person(s) with parental "
    "responsibility as part of the care planning process (not under a special guardianship order "
    "or residence order/ child arrangement order).",
    "E4B": "Returned home to live with parent(s), relative(s), or other person(s) with parental "
    "responsibility which was not part of the current care planning process (not under a special "
    "guardianship order or residence order or (from 22 April 2014) a child arrangement order).",
    "E13": "Left care to live with parent(s), relative(s), or other person(s) with no parental "
    "responsibility.",
    "E41": "Residence order/ child arrangement order which sets out with whom the child is to "
    "live) granted",
    "E45": "Special guardianship order made to former foster carer(s), who was/are a relative(s) "
    "or friend(s)",
    "E46": "Special guardianship order made to former foster carer(s), other than relative(s) or "
    "friend(s)",
    "E47": "Special guardianship order made to carer(s), other than former foster carer(s), who "
    "was/are a relative(s) or friend(s)",
    "E48": "Special guardianship order made to carer(s), other than former foster carer(s), other "
    "than relative(s) or friend(s)",
    "E5": "Moved into independent living arrangement and no longer looked-after: supportive "
    "accommodation providing formalised advice/support arrangements (such as most hostels, young "
    "men\u2019s Christian association, foyers, staying close and care leavers projects). Includes "
    "both children leaving care before and at age 18",
    "E6": "Moved into independent living arrangement and no longer looked-after: accommodation "
    "providing no formalised advice/support arrangements (such as bedsit, own flat, living with "
    "friend(s)). Includes both children leaving care before and at age 18",
    "E7": "Transferred to residential care funded by adult social care services",
    "E9": "Sentenced to custody",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply, "
    "such as an unaccompanied asylum-seeking child (UASC) whose age has been disputed",
    "E16": "Child moved abroad",
    "E17": "Aged 18 (or over) and remained with current carers (inc under staying put "
    "arrangements)",
    "E8": "Period of being looked-after ceased for any other reason (where none of the other "
    "reasons apply)",
}


@pytest.mark.parametrize(("code", "text"), SSD_CEASED.items())
def test_reason_ceased_in_the_ssd_wording(code: str, text: str) -> None:
    assert code_parser(codes.EPISODE_CEASED_REASON)(text) == code


def test_reason_ceased_set_is_current_and_keeps_legacy_sgo() -> None:
    assert set(SSD_CEASED) | {"E43", "E44"} == set(codes.EPISODE_CEASED_REASON.codes)
    assert set(codes.SGO_REASONS) == {"E43", "E44", "E45", "E46", "E47", "E48"}
    assert codes.ADOPTED_REASONS == ("E11", "E12")
    for old in ("E43", "E44"):
        assert "guardianship" in codes.EPISODE_CEASED_REASON.codes[old].lower()


def test_placement_types_are_current_and_grouped() -> None:
    types = codes.PLACEMENT_TYPE.codes
    for code in ("T0", "T1", "T2", "T3", "T4", "H5", "H5a", "K3", "P2", "Z1", "Z11", "Z14"):
        assert code in types
    assert set(codes.PLACEMENT_GROUP) == set(types)
    parse = code_parser(codes.PLACEMENT_TYPE)
    assert parse("h5a") == "H5a"
    assert parse("Temporary periods in hospital") == "T1"
    assert parse("Foster placement with other foster carer(s) \u2013 long term fostering") == "U4"
    assert parse("Secure children\u2019s homes") == "K1"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Neglect", "NEG"),
        ("Emotional Abuse", "EMO"),
        ("Multiple: Neglect, Emotional abuse", "MUL"),
        ("Multiple: Physical abuse, Neglect", "MUL"),
        ("Multiple - Sexual abuse", "MUL"),
        ("Multiple/not recommended", "MUL"),
        ("e) Multiple/not recommended", "MUL"),
    ],
)
def test_cp_category_wording(text: str, code: str) -> None:
    assert code_parser(codes.CP_CATEGORY)(text) == code


@pytest.mark.parametrize(
    ("codes_list", "text", "code"),
    [
        (codes.PERMANENCE_ORDER_TYPE, "Adoption", "ADOPTION"),
        (codes.PERMANENCE_ORDER_TYPE, "Special Guardianship Order", "SGO"),
        (codes.PERMANENCE_ORDER_TYPE, "Child Arrangements/ Residence Order", "CAO"),
        (codes.SEX, "Not Known", "U"),
        (codes.SEX, "not known", "U"),
        (codes.SEX, "01", "M"),
        (codes.SEX, "Female", "F"),
        (codes.SEX, "M - Male", "M"),
        (codes.REFERRAL_SOURCE, "INDIVIDUAL - self.", "1C"),
        (codes.REFERRAL_SOURCE, "LA SERVICES - early help.", "5D"),
        (codes.REFERRAL_SOURCE, "HEALTH SERVICES - A&E (accident and emergency department).", "3E"),
        (codes.REFERRAL_SOURCE, "A & E", "3E"),
        (codes.REFERRAL_SOURCE, "Other internal e,g, BC Council", "5B"),
        (codes.REFERRAL_SOURCE, "10 - Unknown", "10"),
        (codes.REFERRAL_SOURCE, "Other", "8"),
        (codes.PRIMARY_NEED, "Child\u2019s disability", "N2"),
        (codes.PRIMARY_NEED, "Parental disability or illness", "N3"),
        (codes.PRIMARY_NEED, "Parental illness/disability", "N3"),
        (codes.PRIMARY_NEED, "Abuse, neglect and exploitation", "N1"),
        (codes.REFERRAL_SOURCE, "(LA SERVICES \u2013 early help", "5D"),
        (codes.REFERRAL_SOURCE, "INDIVIDUAL \u2013 other (including strangers)", "1D"),
        (codes.PRIMARY_NEED, "Cases other than child in need", "N9"),
        (codes.CIN_CLOSE_REASON, "RC4 - Special guardianship order", "RC4"),
        (codes.CIN_CLOSE_REASON, "Special guardianship order.", "RC4"),
        (codes.CIN_CLOSE_REASON, "Case closed after assessment, referred to EH", "RC9"),
        (codes.CIN_CLOSE_REASON, "Transferred to Adult Services", "RC6"),
        (codes.EPISODE_START_REASON, "Change of placement (but same carer(s)) only", "T"),
    ],
)
def test_other_lists_wording(codes_list: CodeList, text: str, code: str) -> None:
    assert code_parser(codes_list)(text) == code


@pytest.mark.parametrize(
    ("codes_list", "text"),
    [
        # Looked after in the SSD's Annex A SQL, with no SSDA903 code: the council maps it.
        (codes.LEGAL_STATUS, "Wardship"),
        (codes.LEGAL_STATUS, "Special"),  # first words must all be there
        (codes.CP_CATEGORY, "Neglect: Emotional abuse"),  # two categories that are not "Multiple"
        (codes.PLACEMENT_TYPE, "DQ"),  # Eclipse's "data quality" marker
        (codes.EPISODE_CEASED_REASON, "E49"),
        (codes.SEX, "-"),
        (codes.SEX, "I don't know"),
        (codes.EPISODE_START_REASON, "S 20 started"),
    ],
)
def test_unknown_wording_stays_bad(codes_list: CodeList, text: str) -> None:
    with pytest.raises(Bad):
        code_parser(codes_list)(text)


def test_code_from_description_marks_only_rows_that_were_not_codes() -> None:
    column = TABLES["ssd_cla_episodes"].col("clae_cla_episode_ceased_reason")
    parsed = parse_column(
        pa.array(["E45", "e45", SSD_CEASED["E45"], "E45 - Special guardianship", None, "Z9"]),
        column,
    )
    assert parsed.values.to_pylist() == ["E45", "E45", "E45", "E45", None, None]
    assert parsed.changes["code_from_description"].tolist() == [
        False,
        False,
        True,
        True,
        False,
        False,
    ]
    assert parsed.bad.tolist() == [False] * 5 + [True]


# Legal statuses that are not looked-after ones, as real extracts hold them (the SSD copies every
# row of the case system's legal status table): QAF's code NLA.
@pytest.mark.parametrize(
    "text",
    [
        # The SSD's Liquidlogic permanence wording (ssd_permanence.sql).
        "Special Guardianship Order",
        "Child Arrangements/ Residence Order",
        "Adoption Order",
        # The statuses the SSD's field guidance names, and the orders' names with section numbers.
        "Private Fostering",
        "Care Leaver",
        "No Legal Status",
        "Special Guardianship Order S14A",
        "Supervision Order Sec.31(1)(b)",
        "Interim Supervision Order s.38",
        "Child Arrangements Order (Lives With)",
        "Residence Order Sec. 8",
        "Private fostering arrangement",
        "NLA",
        "nla",
    ],
)
def test_legal_status_not_looked_after(text: str) -> None:
    assert code_parser(codes.LEGAL_STATUS)(text) == codes.NOT_LOOKED_AFTER_STATUS


@pytest.mark.parametrize(
    "codes_list", [c for c in ALL_LISTS if c.first_words], ids=lambda c: c.name
)
def test_first_words_never_begin_another_codes_wording(codes_list: CodeList) -> None:
    """First words give a code whatever follows, so none may begin the description or alias of
    another code ("Supervision order" must not catch a looked-after status)."""
    spellings = [(d, c) for c, d in codes_list.codes.items()] + list(
        (codes_list.aliases or {}).items()
    )
    for words, code in (codes_list.first_words or {}).items():
        start = code_key(words).split()
        for spelling, other in spellings:
            if other != code:
                assert code_key(spelling).split()[: len(start)] != start, (words, spelling)


def test_nla_is_not_a_dfe_code() -> None:
    assert codes.NOT_LOOKED_AFTER_STATUS in codes.LEGAL_STATUS.codes
    assert codes.NOT_LOOKED_AFTER_STATUS not in codes.LOOKED_AFTER_STATUSES
    assert set(codes.LOOKED_AFTER_STATUSES) | {"NLA"} == set(codes.LEGAL_STATUS.codes)


def test_nla_wording_is_counted_and_a_council_can_map_its_own() -> None:
    """The load report counts NLA wording as code_from_description; a council's own wording for
    a status that is not a looked-after one maps to NLA through qaf_code_map."""
    column = TABLES["ssd_legal_status"].col("lega_legal_status")
    parsed = parse_column(
        pa.array(["C2", "Special Guardianship Order", "NLA", "SGO (kinship) granted", "Wardship"]),
        column,
        local={"SGO (kinship) granted": "nla"},
    )
    assert parsed.values.to_pylist() == ["C2", "NLA", "NLA", "NLA", None]
    assert parsed.changes["code_from_description"].tolist() == [False, True, False, False, False]
    assert parsed.changes["code_from_local_map"].tolist() == [False, False, False, True, False]
    assert parsed.bad.tolist() == [False] * 4 + [True]
