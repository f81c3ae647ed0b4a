"""Statistical process control in the NHS England "Making Data Count" style (XmR charts, the
special-cause rules, variation and assurance read with an indicator's polarity, their icons)
and the "what moved" sentences. Pure Python: it knows no indicator, warehouse or web layer; the
report hands it a series. See docs/signals.md."""

from qaf.signals.icons import Icon, assurance_icon, every_icon, point_icon, variation_icon
from qaf.signals.moved import Comparator, MonthFigure, Series, what_moved
from qaf.signals.reading import Assurance, Variation, assurance, variation
from qaf.signals.rules import RULES, Limits, apply_rules
from qaf.signals.spc import LIMIT_FACTOR, SIGMA_FACTOR, XmrChart, xmr

__all__ = [
    "LIMIT_FACTOR",
    "RULES",
    "SIGMA_FACTOR",
    "Assurance",
    "Comparator",
    "Icon",
    "Limits",
    "MonthFigure",
    "Series",
    "Variation",
    "XmrChart",
    "apply_rules",
    "assurance",
    "assurance_icon",
    "every_icon",
    "point_icon",
    "variation",
    "variation_icon",
    "what_moved",
    "xmr",
]
