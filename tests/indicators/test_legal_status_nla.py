"""QAF's legal status NLA (a status that does not make a child looked after: special guardianship,
supervision, private fostering, ...) never counts as looked after and never stands for a
looked-after child's legal status, on both engines.

Month end of the report month: 2016-09-30."""

from __future__ import annotations

from qaf.indicators.dimensions import LEGAL_STATUS_DIM
from qaf.warehouse.codes import LOOKED_AFTER_STATUSES, NOT_LOOKED_AFTER_STATUS
from tests.indicators.cases import breakdown, measure, person, run, value
from tests.indicators.test_looked_after import episode, legal

SEP = "2016-09"

# A: care order, then a supervision order recorded over it (latest started): still C2.
# B: section 20, then a special guardianship order written in Liquidlogic's wording: still V2.
# C: a special guardianship order and no care episode: not looked after.
# D: in care with only an NLA status open: looked after, with no legal status.
ROWS = {
    "ssd_person": [person(p) for p in "ABCD"],
    "ssd_cla_episodes": [
        episode("e1", "A", "2016-01-01"),
        episode("e2", "B", "2016-02-01"),
        episode("e4", "D", "2016-03-01"),
    ],
    "ssd_legal_status": [
        legal("l1", "A", "C2", "2016-01-01"),
        legal("l2", "A", NOT_LOOKED_AFTER_STATUS, "2016-06-01"),
        legal("l3", "B", "V2", "2016-02-01"),
        legal("l4", "B", "Special Guardianship Order", "2016-09-01"),
        legal("l5", "C", NOT_LOOKED_AFTER_STATUS, "2016-01-01"),
        legal("l6", "D", NOT_LOOKED_AFTER_STATUS, "2016-03-01"),
    ],
}


def test_nla_is_never_a_looked_after_childs_legal_status(backend):
    results = run(backend, ROWS, SEP, ["cla.children", "cla.s20_pct"])
    # A, B and D have an open care episode; C has none.
    assert value(results, "cla.children", SEP).value == 3
    status = breakdown(results, "cla.children", "legal_status", SEP)
    assert {k: r.value for k, r in status.items()} == {"C2": 1, "V2": 1, "unknown": 1}
    row = value(results, "cla.s20_pct", SEP)
    # B (V2) of A, B and D.
    assert (row.numerator, row.denominator) == (1, 3)
    assert measure(results, "cla.s20_pct", "no_legal_status", SEP) == 1


def test_the_legal_status_dimension_lists_the_dfe_codes_only():
    members = [code for code, _label in LEGAL_STATUS_DIM.members]
    assert members == list(LOOKED_AFTER_STATUSES)
    assert NOT_LOOKED_AFTER_STATUS not in members
