"""The wording case systems write instead of DfE codes, as the Standard Safeguarding Dataset's public
repository shows it (data-to-insight/ssd-data-model), mapped to the code. Copied as data:

- "SSD code set": `data/objects/*.yml`, the field guidance's "CODE - description" lists (v1.4.5),
  and `data/categories__future_release/*.yml`;
- "Liquidlogic": the wording the SSD's Liquidlogic SQL passes through from the case system's lookups
  (`deployment_extracts/systemc/...`, e.g. DIM_LOOKUP_LGL_STATUS_DESC), as the SSD's Annex A SQL
  lists it (`admin/tools-ssd_dfe_returns/AnnexA_sqlserver_v1.2.0_1_20240731.sql`), and the CASE
  results of the procs (ssd_permanence.sql);
- "DfE CIN census schema": the descriptions in the 2025-26 XSD (liia-tools-pipeline,
  CIN_schema_2026.xsd) where they differ from the SSD's;
- "Eclipse": the case system's wording that the SSD's Eclipse SQL maps to codes in its CASE
  expressions (`deployment_extracts/eclipse/live/ssd_deployment_individual_files/*.sql`).

Spellings are compared by `codes.code_key`, so case, spacing, punctuation, dashes, quotes and
brackets need not match; only the words do. A council whose wording is not here lists it in its
`qaf_code_map` table rather than editing this file."""

from __future__ import annotations

LEGAL_STATUS = {
    # SSD code set (data/categories__future_release/legal_status.yml).
    "Single period of accommodation under section 20 (Children Act 1989)": "V2",
    "Accommodated under an agreed series of short-term breaks, when individual episodes of care "
    "are recorded": "V3",
    "Accommodated under an agreed series of short-term breaks, when agreements are recorded (NOT "
    "individual episodes of care)": "V4",
    "Emergency protection order (EPO)": "L2",
    "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984, "
    "including secure accommodation. However, this would not necessarily be accommodation where "
    "the child would be detained.": "J2",
    "Sentenced to Youth Rehabilitation Order (Criminal Justice and Immigration Act 2008 as "
    "amended by Legal Aid, Sentencing and Punishment of Offenders Act (LASPOA) 2012 with "
    "residence or intensive fostering requirement)": "J3",
    # Liquidlogic wording (the SSD's Annex A SQL: its list of looked-after legal statuses).
    "Interim care order Sec. 38(1)": "C1",
    "Care Order Sec. 31(a)": "C2",
    "C.O. Extended S40(5) CA": "C2",  # a care order continued pending appeal
    "Child freed for adoption": "D1",
    "Placement Order (Sec. 21)": "E1",
    "Care Order Sec.31(a) & Placement Order (Sec. 21)": "E1",  # the 903 records the placement order
    "Single placement acc. by LA S20(1) CA under 16": "V2",
    "Single placement acc. by LA S20(3) CA 16 & over": "V2",
    "Regular occ. acc by LA S20(3) CA 16 & over": "V3",  # regular occasional: short breaks
    "Regular occ. acc. by LA S.20(1) CA under 16": "V3",
    "Police protection power Sec.38(1)": "L1",
    "Emergency protection order - LA": "L2",
    "Child assessment order Sec. 43(1)": "L3",
    "Remanded to LA accommodation S20": "J1",
    "P.A.C.E Interview (CYP)": "J2",
    "S.43 CJA 91 Post-sent Und 22": "J3",  # sentenced (Criminal Justice Act 1991 s.43)
}

# Legal statuses that do not make a child looked after, all given QAF's code NLA (codes.LEGAL_STATUS).
# The SSD's Liquidlogic SQL (procs/ssd_legal_status.sql) copies every row of the case system's
# legal status fact table, and its field guidance (data/objects/ssd_legal_status.yml,
# lega_legal_status) says the extract holds "statuses for permanence orders, e.g. Special
# Guardianship and Child Arrangement Orders, as well as Private Fostering and Care Leaver legal
# statuses, among others". The SSD lists no such wording, so these are the orders' names.
LEGAL_STATUS_NOT_LOOKED_AFTER = {
    # The permanence wording of the SSD's Liquidlogic SQL (ssd_permanence.sql CASE).
    "Special Guardianship Order": "NLA",
    "Child Arrangements/ Residence Order": "NLA",
    "Adoption Order": "NLA",
    # The statuses the field guidance names.
    "Special Guardianship": "NLA",
    "Child Arrangement Order": "NLA",
    "Private Fostering": "NLA",
    "Care Leaver": "NLA",
    "No legal status": "NLA",
    "Not looked after": "NLA",
}

# First words that make a legal status NLA whatever follows ("Supervision Order Sec.31(1)(b)",
# "Special Guardianship Order S14A"): orders under the Children Act 1989 (sections 8, 14A, 16, 31,
# 35, 36, 38) and the Adoption and Children Act 2002 (section 46) that give the council no care of
# the child, private fostering (section 66) and care leavers (section 23C). None begins a
# looked-after status's wording (tests/warehouse/test_codes.py holds that).
LEGAL_STATUS_NOT_LOOKED_AFTER_FIRST_WORDS = {
    word: "NLA"
    for word in (
        "Special guardianship",
        "Child arrangements",
        "Child arrangement",
        "Residence order",
        "Contact order",
        "Prohibited steps order",
        "Specific issue order",
        "Family assistance order",
        "Supervision order",
        "Interim supervision order",
        "Education supervision order",
        "Adoption order",
        "Private fostering",
        "Privately fostered",
        "Care leaver",
        "No legal status",
        "Not looked after",
    )
}

# SSD code set (data/objects/ssd_cla_placement.yml, clap_cla_placement_type).
PLACEMENT_TYPE = {
    "Placed for adoption with parental/guardian consent with current foster carer(s) (S19 "
    "Adoption and Children Act 2002) or with a freeing order where parental/guardian consent has "
    "been given (S18(1)(a) Adoption Act 1976)": "A3",
    "Placed for adoption with parental/guardian consent not with current foster carer(s) (S19 "
    "Adoption and Children Act 2002) or with a freeing order where parental/guardian consent has "
    "been given (S18(1)(a) Adoption Act 1976)": "A4",
    "Placed for adoption with placement order with current foster carer(s) (S21 Adoption and "
    "Children Act 2002) or with a freeing order where parental/guardian consent was dispensed "
    "with (S18(1)(b) Adoption Act 1976)": "A5",
    "Placed for adoption with placement order not with current foster carer(s) (S21 Adoption and "
    "Children Act 2002) or with a freeing order where parental/guardian consent was dispensed "
    "with (S18(1)(b) of the Adoption Act 1976)": "A6",
    "Children's Homes subject to Children's Homes Regulations": "K2",
    "Independent living e.g. in a flat/ lodgings, bedsit, B&B or with friends, with or without "
    "formal support": "P2",
    "National Health Service (NHS)/health trust or other establishment providing medical or "
    "nursing care": "R2",
    "Young offender institution (YOI)": "R5",
    "All types of temporary move (see paragraphs above for further details)": "T0",
    "Foster placement with relative(s) or friend(s) - long term fostering": "U1",
    "Fostering placement with relative(s) or friend(s) who is/are also an approved adopter(s) - "
    "FFA/ concurrent planning": "U2",
    "Fostering placement with relative(s) or friend(s) who is/are not long-term or FFA/ "
    "concurrent planning": "U3",
    "Foster placement with other foster carer(s) - long term fostering": "U4",
    "Foster placement with other foster carer(s) who is/are also an approved adopter(s) - FFA/ "
    "concurrent planning": "U5",
    "Foster placement with other foster carer(s) - not long term or FFA/ concurrent planning": "U6",
    "Other placements (must be listed on a schedule sent to DfE with annual submission)": "Z1",
}

EPISODE_CEASED_REASON = {
    # SSD code set (data/objects/ssd_cla_episodes.yml): where it words a code differently from
    # the description in codes.py.
    "Returned home to live with parent(s), relative(s), or other person(s) with parental "
    "responsibility as part of the care planning process (not under a special guardianship "
    "order or residence order/ child arrangement order).": "E4A",
    "Returned home to live with parent(s), relative(s), or other person(s) with parental "
    "responsibility which was not part of the current care planning process (not under a "
    "special guardianship order or residence order or (from 22 April 2014) a child arrangement "
    "order).": "E4B",
    "Residence order/ child arrangement order which sets out with whom the child is to live) "
    "granted": "E41",
    "Moved into independent living arrangement and no longer looked-after: supportive "
    "accommodation providing formalised advice/support arrangements (such as most hostels, "
    "young men's Christian association, foyers, staying close and care leavers projects). "
    "Includes both children leaving care before and at age 18": "E5",
    "Moved into independent living arrangement and no longer looked-after: accommodation "
    "providing no formalised advice/support arrangements (such as bedsit, own flat, living with "
    "friend(s)). Includes both children leaving care before and at age 18": "E6",
    "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply, such as "
    "an unaccompanied asylum-seeking child (UASC) whose age has been disputed": "E15",
    "Moved abroad": "E16",
    "Period of being looked-after ceased for any other reason": "E8",
    # Shorter wording used before 2014 and in case systems' own lists (Eclipse's CIN close
    # reasons name the same events).
    "Adopted - Application unopposed": "E11",
    "Adopted - Consent dispensed with": "E12",
    "Adopted consent dispensed with by court": "E12",
    "Residence order or a child arrangements order": "E41",
    "Residence order granted": "E41",
    "Child arrangements order granted": "E41",
    "Special guardianship relative/friend not former foster carer(s)": "E47",
    "Special guardianship other not relative/friend/former foster carer": "E48",
    "Transferred to residential care funded by adult social services": "E7",
    "Period of care ended for any other reason": "E8",
}

PRIMARY_NEED = {
    # SSD code set (data/objects/ssd_cin_episodes.yml).
    "Parental disability or illness": "N3",
    "Cases other than children in need": "N9",
    # DfE CIN census 2025-26 schema (liia-tools-pipeline CIN_schema_2026.xsd): N1 renamed.
    "Abuse, neglect and exploitation": "N1",
    # Eclipse.
    "Parental illness/disability": "N3",
    "Cases other than child in need": "N9",
}

CP_CATEGORY = {
    # SSD code set: "Multiple: [List of relevant categories]" (data/objects/ssd_cp_plans.yml);
    # "Multiple: Neglect, Emotional abuse" is read by its first word (codes.CP_CATEGORY).
    "Multiple": "MUL",
    "Multiple/not recommended": "MUL",
    "Mixed": "MUL",
}

REFERRAL_SOURCE = {
    # SSD code set (data/categories__future_release/referral_source.yml, contact_source.yml).
    "INDIVIDUAL - family member, relative or carer.": "1A",
    "INDIVIDUAL - acquaintance (including neighbours and child minders).": "1B",
    "INDIVIDUAL - self.": "1C",
    "INDIVIDUAL - other (including strangers or Members of Parliament (MPs)).": "1D",
    "HEALTH SERVICES - general practitioner (GP).": "3A",
    "HEALTH SERVICES - A&E (accident and emergency department).": "3E",
    "HEALTH SERVICES - other (for example hospice).": "3F",
    "HOUSING - local authority housing or housing association.": "4",
    "LA SERVICES - social care, for example adults social care services.": "5A",
    "LA SERVICES - other internal services, not including social care or early help.": "5B",
    "LA SERVICES - external, from another local authority's services, for example social care "
    "or early help.": "5C",
    "LA SERVICES - early help.": "5D",
    "Local authority services - other": "5D",  # the 5D wording before early help was named
    "OTHER LEGAL AGENCY - including courts, probation, immigration, CAFCASS (Children and Family "
    "Court Advisory and Support Service) or prison.": "7",
    "OTHER - including children's centres, independent agency providers or voluntary "
    "organisations.": "8",
    # DfE CIN census 2025-26 schema wording (liia-tools-pipeline CIN_schema_2026.xsd) where it
    # differs from the SSD's.
    "INDIVIDUAL - other (including strangers)": "1D",
    "LA SERVICES - other internal (department other than social care in local authorities, for "
    "example, youth offending (excluding housing))": "5B",
    "LA SERVICES - external, for example, from another local authority's adults social care "
    "services": "5C",
    # Eclipse (its own list; its "Other" means 1D there, so it is left to the DfE's 8 here).
    "Acquaintance": "1B",
    "A & E": "3E",
    "Early help": "5D",
    "External e.g. from another local authority": "5C",
    "Family Member/Relative/Carer": "1A",
    "GP": "3A",
    "Health Visitor": "3B",
    "Other Health Services": "3F",
    "Other - including children centres": "8",
    "Other internal e,g, BC Council": "5B",
    "Other Legal Agency": "7",
    "Other Primary Health Services": "3D",
    "School": "2A",
    "School Nurse": "3C",
    "Self": "1C",
    "Social care e.g. adult social care": "5A",
}

CIN_CLOSE_REASON = {
    # Eclipse (ssd_cin_episodes.sql CASE on CINE_REASON_END).
    "Adopted - Consent dispensed with": "RC1",
    "Adopted - Application unopposed": "RC1",
    "Adopted - PRE 2000": "RC1",
    "PRE-Adopted": "RC1",
    "Adopted consent dispensed with by court": "RC1",
    "ADOPTED/FREED FOR ADOPTION - PRE 2000": "RC1",
    "Adopted - application for an adoption order unopposed": "RC1",
    "Child/young person has died": "RC2",
    "Residence order or a child arrangements order": "RC3",
    "Special guardianship made to former foster carers": "RC4",
    "Special guardianship made to other than former foster carers": "RC4",
    "Special guardianship relative/friend not former foster carer(s)": "RC4",
    "Special guardianship other not relative/friend/former foster carer": "RC4",
    "Child moved permanently from area": "RC5",
    "Transferred to Adult Services": "RC6",
    "Transferred to care of Adult Social Services": "RC6",
    "Transferred to residential care funded by Adult Social Services": "RC6",
    "Case closed after assessment, referred to EH": "RC9",
}

SEX = {
    # SSD code sets (data/objects/ssd_person.yml pers_gender codes, where pers_sex copies them;
    # data/categories__future_release/gender.yml).
    "Not known": "U",
    "Not stated": "U",
    "Not yet born": "U",
    "Not yet born (even if known)": "U",
    "Indeterminate / Unable to be classed as male / female": "I",
    "00": "U",
    "01": "M",
    "02": "F",
    "Man": "M",
    "Woman": "F",
}

PERMANENCE_ORDER_TYPE = {
    # Liquidlogic (ssd_permanence.sql CASE) and the SSD code set ("Adoption - Special
    # Guardianship - Child Arrangements Order/ Residence Order"). The two orders share one
    # wording there; the child arrangements order replaced the residence order in April 2014.
    "Special Guardianship Order": "SGO",
    "Child Arrangements/ Residence Order": "CAO",
    "Child Arrangements Order/ Residence Order": "CAO",
    "Adoption Order": "ADOPTION",
}
