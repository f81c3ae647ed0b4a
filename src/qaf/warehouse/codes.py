"""Code lists for the SSD's coded columns: the DfE code and the description case-management systems
hold instead. Sources: the DfE's CIN census and SSDA903 guides (current codes, with the codes of
earlier years kept so that older records load), the SSD v1.4.5 code sets (data-to-insight/
ssd-data-model, data/objects/*.yml), and the SSDA903 column schemas in liia-tools-pipeline (one per
collection year). Codes are kept verbatim. Other spellings (the SSD's and case systems' wording) are
in `codes_ssd.py`; all are compared by `code_key`, ignoring case, spacing and punctuation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qaf.warehouse import codes_ssd

# Quotes and apostrophes vanish ("children's" = "childrens"); every other run of punctuation,
# dashes, slashes and brackets is one space ("Sec. 38(1)" = "Sec 38 1").
_QUOTES = re.compile(r"['\u2018\u2019\u201a\u201b`\u00b4\"\u201c\u201d\u201e]")
_NOT_WORD = re.compile(r"[^0-9A-Z]+")


def code_key(text: str) -> str:
    """A spelling reduced for lookup: upper case, no accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _QUOTES.sub("", text.upper()).replace("&", " AND ")
    return _NOT_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class CodeList:
    name: str
    source: str
    codes: dict[str, str]  # code -> description
    # Other spellings seen in extracts, mapped to the code.
    aliases: dict[str, str] | None = None
    # First words that give the code whatever follows ("Multiple: Neglect, ..." is MUL).
    first_words: dict[str, str] | None = None

    def lookup(self) -> dict[str, str]:
        """Every accepted spelling, upper-cased, mapped to its code."""
        table = {code.upper(): code for code in self.codes}
        table.update({desc.upper(): code for code, desc in self.codes.items()})
        for alias, code in (self.aliases or {}).items():
            table[alias.upper()] = code
        return table

    def code_keys(self) -> dict[str, str]:
        """Each code by its `code_key` (`c2` and `C2` both give `C2`)."""
        return {code_key(code): code for code in self.codes}

    def description_keys(self) -> dict[str, str]:
        """Each description and alias by its `code_key`, mapped to its code.

        Raises ValueError when two spellings of different codes reduce to one key: the list
        would be ambiguous."""
        table: dict[str, str] = {}
        spellings = [(desc, code) for code, desc in self.codes.items()]
        spellings += list((self.aliases or {}).items())
        for spelling, code in spellings:
            if code not in self.codes:
                raise ValueError(f"{self.name}: {spelling!r} maps to {code!r}, not a code")
            key = code_key(spelling)
            if table.setdefault(key, code) != code:
                raise ValueError(
                    f"{self.name}: {spelling!r} means {code} but reads as {table[key]}'s {key!r}"
                )
        return table


# QAF's own legal status code, not the DfE's: a status the case system records that does not make
# the child looked after (special guardianship, child arrangements, supervision, private fostering,
# care leaver, "no legal status"). Real extracts hold them (see codes_ssd); they load instead of
# being emptied as unreadable, and never stand for a looked-after child's legal status.
NOT_LOOKED_AFTER_STATUS = "NLA"

LEGAL_STATUS = CodeList(
    "legal_status",
    "SSDA903 guide, legal status codes (the same from 2016-17 to 2025-26: liia-tools-pipeline "
    "SSDA903 schemas), and QAF's NLA for statuses that are not looked-after ones; other wording "
    "in codes_ssd.LEGAL_STATUS and codes_ssd.LEGAL_STATUS_NOT_LOOKED_AFTER",
    {
        "C1": "Interim care order",
        "C2": "Full care order",
        "D1": "Freeing order granted",
        "E1": "Placement order granted",
        "J1": "Remanded to local authority accommodation or to youth detention accommodation",
        "J2": "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984",
        "J3": "Sentenced to CYPA 1969 supervision order with residence requirement",
        "L1": "Under police protection and in local authority accommodation",
        "L2": "Emergency protection order",
        "L3": "Under child assessment order and in local authority accommodation",
        "V2": "Single period of accommodation under section 20",
        "V3": "Accommodated under an agreed series of short-term breaks, when individual episodes are recorded",
        "V4": "Accommodated under an agreed series of short-term breaks, when agreements are recorded",
        NOT_LOOKED_AFTER_STATUS: "Not a looked-after legal status (QAF code, not in the SSDA903)",
    },
    {
        "S20": "V2",
        "SECTION 20": "V2",
        "ICO": "C1",
        "FCO": "C2",
        "PO": "E1",
        "EPO": "L2",
        "CARE ORDER": "C2",
        "Sentenced to Youth Rehabilitation Order": "J3",
        **codes_ssd.LEGAL_STATUS,
        **codes_ssd.LEGAL_STATUS_NOT_LOOKED_AFTER,
    },
    first_words=codes_ssd.LEGAL_STATUS_NOT_LOOKED_AFTER_FIRST_WORDS,
)
# The DfE's legal status codes: every code but QAF's NLA.
LOOKED_AFTER_STATUSES = tuple(c for c in LEGAL_STATUS.codes if c != NOT_LOOKED_AFTER_STATUS)

PLACEMENT_TYPE = CodeList(
    "placement_type",
    "SSDA903 guide, placement type codes: 2016-17 codes, T1-T4 (SSD v1.4.5 code set, SSDA903 "
    "schema 2017 on), K3 (SSDA903 schema 2025 on: liia-tools-pipeline), Z11-Z14 (SSDA903 schema "
    "2026), H5a (Liquidlogic's placement filter in the SSD's ssd_cla_placement.sql); H5 and P2, "
    "dropped from 2025, kept for earlier records",
    {
        "A3": "Placed for adoption with parental/guardian consent with current foster carer(s)",
        "A4": "Placed for adoption with parental/guardian consent not with current foster carer(s)",
        "A5": "Placed for adoption with placement order with current foster carer(s)",
        "A6": "Placed for adoption with placement order not with current foster carer(s)",
        "H5": "Semi-independent living accommodation not subject to children's homes regulations",
        "H5a": "Semi-independent living accommodation (Liquidlogic's sub-code of H5)",
        "K1": "Secure children's homes",
        "K2": "Children's homes subject to children's homes regulations",
        # The 2025 schema adds K3 as H5 and P2 go; the wording is ours, not the guide's.
        "K3": "Supported accommodation registered with Ofsted",
        "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
        "P2": "Independent living, for example in a flat, lodgings, bedsit, B&B or with friends",
        "P3": "Residential employment",
        "R1": "Residential care home",
        "R2": "NHS/health trust or other establishment providing medical or nursing care",
        "R3": "Family centre or mother and baby unit",
        "R5": "Young offender institution or prison",
        "S1": "All residential schools, except where dual-registered as a school and children's home",
        "T0": "All types of temporary move",
        "T1": "Temporary periods in hospital",
        "T2": "Temporary absences of the child on holiday",
        "T3": "Temporary accommodation whilst normal foster carer(s) is/are on holiday",
        "T4": "Temporary accommodation of seven days or less, for any reason, not covered by codes T1 to T3",
        "U1": "Foster placement with relative or friend, long term fostering",
        "U2": "Foster placement with relative or friend who is also an approved adopter, FFA or concurrent",
        "U3": "Foster placement with relative or friend, not long term or FFA/concurrent",
        "U4": "Foster placement with other foster carer, long term fostering",
        "U5": "Foster placement with other foster carer who is also an approved adopter, FFA or concurrent",
        "U6": "Foster placement with other foster carer, not long term or FFA/concurrent",
        "Z1": "Other placements",
        # Z1 split in four from 2025-26; the schema gives the codes, not their wording.
        "Z11": "Other placements (Z11)",
        "Z12": "Other placements (Z12)",
        "Z13": "Other placements (Z13)",
        "Z14": "Other placements (Z14)",
    },
    codes_ssd.PLACEMENT_TYPE,
)

# Broad groups for the report's breakdowns (the seed groups placements this way).
PLACEMENT_GROUP = {
    "A3": "Placed for adoption",
    "A4": "Placed for adoption",
    "A5": "Placed for adoption",
    "A6": "Placed for adoption",
    "H5": "Independent and semi-independent living",
    "H5a": "Independent and semi-independent living",
    "K3": "Independent and semi-independent living",
    "P2": "Independent and semi-independent living",
    "K1": "Secure units, children's homes",
    "K2": "Secure units, children's homes",
    "R1": "Other residential settings",
    "R2": "Other residential settings",
    "R3": "Other residential settings",
    "R5": "Other residential settings",
    "S1": "Residential schools",
    "P1": "Placed with parents",
    "P3": "Other placements",
    "T0": "Other placements",
    "T1": "Other placements",
    "T2": "Other placements",
    "T3": "Other placements",
    "T4": "Other placements",
    "Z1": "Other placements",
    "Z11": "Other placements",
    "Z12": "Other placements",
    "Z13": "Other placements",
    "Z14": "Other placements",
    "U1": "Foster placements",
    "U2": "Foster placements",
    "U3": "Foster placements",
    "U4": "Foster placements",
    "U5": "Foster placements",
    "U6": "Foster placements",
}

EPISODE_START_REASON = CodeList(
    "episode_start_reason",
    "SSDA903 guide, reason for new episode (unchanged 2016-17 to 2025-26; SSD v1.4.5 code set)",
    {
        "S": "Started to be looked after",
        "L": "Change of legal status only",
        "P": "Change of placement and carer(s) only",
        "T": "Change of placement (but same carer(s)) only",
        "B": "Change of legal status and placement and carer(s) at the same time",
        "U": "Change of legal status and change of placement (but same carer(s)) at the same time",
    },
)

EPISODE_CEASED_REASON = CodeList(
    "episode_ceased_reason",
    "SSDA903 guide, reason episode ceased: the set in force since 2019-20 (SSD v1.4.5 code set; "
    "liia-tools-pipeline SSDA903 schema 2019), with E43/E44 (special guardianship before 2019-20) "
    "kept for earlier records",
    {
        "X1": "Episode ceases, and new episode begins on same day, for any reason",
        "E11": "Adopted - application for an adoption order unopposed",
        "E12": "Adopted - consent dispensed with by the court",
        "E2": "Died",
        "E3": "Care taken over by another local authority in the UK",
        "E4A": "Returned home to live with parents or other person with parental responsibility as part of the care planning process",
        "E4B": "Returned home to live with parents or other person with parental responsibility not as part of the care planning process",
        "E13": "Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility",
        "E41": "Residence order or child arrangements order granted",
        "E43": "Special guardianship made to former foster carers",
        "E44": "Special guardianship made to carers other than former foster carers",
        "E45": "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)",
        "E46": "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)",
        "E47": "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)",
        "E48": "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
        "E5": "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements",
        "E6": "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements",
        "E7": "Transferred to residential care funded by adult social care services",
        "E8": "Period of being looked-after ceased for any other reason (where none of the other reasons apply)",
        "E9": "Sentenced to custody",
        "E14": "Accommodation on remand ended",
        "E15": "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply",
        "E16": "Child moved abroad",
        "E17": "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
    },
    codes_ssd.EPISODE_CEASED_REASON,
)

# Legal statuses of children looked after under an agreed series of short-term breaks: left out of
# every count of children looked after, as in the DfE's published statistics (SSDA903 guide:
# "children looked after ... excluding those looked after under an agreed series of short-term
# placements").
SHORT_BREAK_STATUSES = ("V3", "V4")

ADOPTED_REASONS = ("E11", "E12")
# Special guardianship: E45-E48 since 2019-20, E43/E44 before (kept so that older records count).
SGO_REASONS = ("E43", "E44", "E45", "E46", "E47", "E48")

CP_CATEGORY = CodeList(
    "cp_category",
    "CIN census guide, initial and latest category of abuse (unchanged 2016-17 to 2025-26); "
    "SSD v1.4.5 code set ('Multiple: [list of categories]')",
    {
        "NEG": "Neglect",
        "PHY": "Physical abuse",
        "SAB": "Sexual abuse",
        "EMO": "Emotional abuse",
        "MUL": "Multiple",
    },
    {
        "PHYSICAL": "PHY",
        "SEXUAL": "SAB",
        "EMOTIONAL": "EMO",
        "MULTIPLE/NOT RECOMMENDED": "MUL",
        **codes_ssd.CP_CATEGORY,
    },
    # SSD code set: "Multiple: [List of relevant categories]"; Liquidlogic lists them.
    first_words={"Multiple": "MUL"},
)

REFERRAL_SOURCE = CodeList(
    "referral_source",
    "CIN census guide, source of referral (current set: 5D is early help; SSD code set "
    "referral_source.yml)",
    {
        "1A": "Individual - family member, relative or carer",
        "1B": "Individual - acquaintance",
        "1C": "Individual - self",
        "1D": "Individual - other",
        "2A": "Schools",
        "2B": "Education services",
        "3A": "Health services - GP",
        "3B": "Health services - health visitor",
        "3C": "Health services - school nurse",
        "3D": "Health services - other primary health services",
        "3E": "Health services - A&E",
        "3F": "Health services - other",
        "4": "Housing",
        "5A": "Local authority services - social care",
        "5B": "Local authority services - other internal",
        "5C": "Local authority services - external",
        "5D": "Local authority services - early help",
        "6": "Police",
        "7": "Other legal agency",
        "8": "Other",
        "9": "Anonymous",
        "10": "Unknown",
    },
    codes_ssd.REFERRAL_SOURCE,
)

PRIMARY_NEED = CodeList(
    "primary_need",
    "CIN census and SSDA903 guides, category of need (unchanged 2016-17 to 2025-26)",
    {
        "N0": "Not stated",
        "N1": "Abuse or neglect",
        "N2": "Child's disability",
        "N3": "Parental illness or disability",
        "N4": "Family in acute stress",
        "N5": "Family dysfunction",
        "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting",
        "N9": "Cases other than children in need",
    },
    codes_ssd.PRIMARY_NEED,
)

CIN_CLOSE_REASON = CodeList(
    "cin_close_reason",
    "CIN census guide, reason for closure (unchanged 2016-17 to 2025-26; SSD code set "
    "reason_for_closure.yml)",
    {
        "RC1": "Adopted",
        "RC2": "Died",
        "RC3": "Child arrangements order",
        "RC4": "Special guardianship order",
        "RC5": "Transferred to services of another local authority",
        "RC6": "Transferred to adult social care services",
        "RC7": "Services ceased for any other reason, including child no longer in need",
        "RC8": "Case closed after assessment, no further action",
        "RC9": "Case closed after assessment, referred to early help",
    },
    codes_ssd.CIN_CLOSE_REASON,
)

SEX = CodeList(
    "sex",
    "SSD v1.4.5 pers_sex (F, M, U, as the SSDA903 from 2025); I kept for earlier records",
    {"M": "Male", "F": "Female", "U": "Unknown", "I": "Indeterminate"},
    {"1": "M", "2": "F", "0": "U", "9": "I", "BOY": "M", "GIRL": "F", **codes_ssd.SEX},
)

PERMANENCE_ORDER_TYPE = CodeList(
    "permanence_order_type",
    "SSD v1.4.5 perm_permanence_order_type ('Adoption - Special Guardianship - Child "
    "Arrangements Order/ Residence Order'; Liquidlogic's ssd_permanence.sql CASE)",
    {
        "ADOPTION": "Adoption order",
        "SGO": "Special guardianship order",
        "CAO": "Child arrangements order",
        "RO": "Residence order",
    },
    {
        "ADOPTED": "ADOPTION",
        "SPECIAL GUARDIANSHIP": "SGO",
        "CHILD ARRANGEMENT ORDER": "CAO",
        **codes_ssd.PERMANENCE_ORDER_TYPE,
    },
)

STAFF_ROLE = CodeList(
    "staff_role",
    "QAF interfaces 1b qaf_staff.role",
    {
        "SW": "Social worker",
        "ASYE": "Social worker in their assessed and supported year in employment",
        "NQSW": "Newly qualified social worker",
        "FP": "Family practitioner",
        "TM": "Team manager",
        "ATM": "Assistant team manager",
        "OTHER": "Other",
    },
    {"PRACTICE MANAGER": "TM", "SENIOR SOCIAL WORKER": "SW", "FAMILY PRACTITIONER": "FP"},
)

OFSTED_GRADE = CodeList(
    "ofsted_grade",
    "Ofsted overall effectiveness judgements",
    {
        "Outstanding": "Outstanding",
        "Good": "Good",
        "Requires improvement": "Requires improvement",
        "Inadequate": "Inadequate",
        "Not yet inspected": "Not yet inspected",
    },
    {
        "1": "Outstanding",
        "2": "Good",
        "3": "Requires improvement",
        "4": "Inadequate",
        "REQUIRES IMPROVEMENT TO BE GOOD": "Requires improvement",
        "ADEQUATE": "Requires improvement",
        "SATISFACTORY": "Requires improvement",
    },
)

AUDIT_CASE_TYPE = CodeList(
    "audit_case_type",
    "QAF interfaces 1b qaf_audits.case_type",
    {
        "CIN": "Children in need",
        "CP": "Child protection",
        "CIC": "Child in care",
        "CL": "Care leaver",
        "ASSESSMENT": "Assessment",
    },
    {"LAC": "CIC", "CLA": "CIC", "CARE LEAVER": "CL", "LEAVING CARE": "CL"},
)

MEETING_TYPE = CodeList(
    "meeting_type",
    "QAF interfaces 1b qaf_iru_meetings.meeting_type",
    {
        "ICPC": "Initial child protection conference",
        "CORE_GROUP": "Core group",
        "CP_REVIEW": "Child protection review conference",
    },
)

PROFESSIONAL_GROUP = CodeList(
    "professional_group",
    "QAF interfaces 1b qaf_iru_meetings.professional_group",
    {"HEALTH": "Health professionals", "OTHER": "Other professionals"},
)

FEEDBACK_TONE = CodeList(
    "feedback_tone",
    "QAF interfaces 1b qaf_feedback.tone",
    {"positive": "Positive", "negative": "Negative", "mixed": "Mixed"},
)

POPULATION_AGE_BAND = CodeList(
    "age_band",
    "QAF interfaces 1b qaf_population.age_band",
    {
        "0": "Under 1",
        "1-4": "1 to 4",
        "5-9": "5 to 9",
        "10-15": "10 to 15",
        "16-17": "16 to 17",
        "18-25": "18 to 25",
        "all": "All ages",
    },
)
