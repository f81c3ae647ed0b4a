"""The variation and assurance icons shown beside each figure: small SVGs drawn here (no copied
artwork), each with a <title> and a text alternative. Meaning never rests on colour alone: a
letter says high or low (H, L) or the assurance (P, F, ?), a mark says improvement (a tick) or
concern (an exclamation mark), variation icons are circles and assurance icons squares."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from qaf.signals.reading import Assurance, Polarity, Variation, variation
from qaf.signals.spc import SpcPoint

# Colours from the NHS identity palette, darkened where needed so each passes 4.5:1 on white
# (WCAG 2.2, 1.4.3, as the letters are text); tests/signals/test_icons.py checks the ratios.
GOOD = "#005EB8"  # NHS Blue
BAD = "#A33900"  # NHS Warm Orange, darkened
NEITHER = "#5C2D91"  # NHS Purple
PLAIN = "#425563"  # NHS Dark Grey
BACKGROUND = "#FFFFFF"
SIZE = 40


@dataclass(frozen=True)
class Icon:
    # The state's name, as in Variation and Assurance (with _high or _low for a direction).
    name: str
    # Text alternative: the <title>, and the aria-label of the <svg>.
    alt: str
    svg: str


def _svg(name: str, alt: str, colour: str, outline: str, body: str) -> Icon:
    label = escape(alt, quote=True)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="{label}" class="qaf-icon {name}">'
        f"<title>{escape(alt)}</title>"
        f'<g fill="none" stroke="{colour}" stroke-width="3">{outline}</g>'
        f'<g fill="{colour}">{body}</g></svg>'
    )
    return Icon(name, alt, svg)


CIRCLE = '<circle cx="20" cy="20" r="17.5" fill="#FFFFFF"/>'
SQUARE = '<rect x="2.5" y="2.5" width="35" height="35" rx="6" fill="#FFFFFF"/>'


def _letter(text: str, y: float = 24) -> str:
    return (
        f'<text x="20" y="{y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="15" font-weight="bold">{escape(text)}</text>'
    )


# Small marks under the letter: a tick for improvement, an exclamation mark for concern.
TICK = '<path d="M15 28 l3.5 3.5 l7 -7" fill="none" stroke-width="2.5" stroke="currentColor"/>'
BANG = '<rect x="18.75" y="25" width="2.5" height="6" rx="1"/><circle cx="20" cy="34" r="1.4"/>'
# Common cause: a row of dots around a flat line.
DOTS = "".join(
    f'<circle cx="{x}" cy="{20 + dy}" r="2"/>'
    for x, dy in ((9, 1), (14.5, -2), (20, 2), (25.5, -1), (31, 1))
)


def variation_icon(state: Variation, *, high: bool = True) -> Icon:
    """The icon for a variation; `high` says which way an improvement or concern went."""
    if state is Variation.COMMON_CAUSE:
        alt = "Common cause variation: no sign of change"
        return _svg(state.value, alt, PLAIN, CIRCLE, DOTS)
    if state in (Variation.NEITHER_HIGH, Variation.NEITHER_LOW):
        word = "higher" if state is Variation.NEITHER_HIGH else "lower"
        alt = f"Special cause variation: {word} than expected, neither better nor worse"
        return _svg(
            state.value, alt, NEITHER, CIRCLE, _letter("H" if word == "higher" else "L", 25)
        )
    good = state is Variation.IMPROVEMENT
    word = "higher" if high else "lower"
    kind = "improvement" if good else "concern"
    alt = f"Special cause variation of {kind}: {word} than expected"
    colour = GOOD if good else BAD
    mark = TICK.replace("currentColor", colour) if good else BANG
    name = f"{state.value}_{'high' if high else 'low'}"
    return _svg(name, alt, colour, CIRCLE, _letter("H" if high else "L", 21) + mark)


ASSURANCE = {
    Assurance.CONSISTENTLY_PASSING: ("P", GOOD, "Assurance: the target is met every month"),
    Assurance.CONSISTENTLY_FAILING: ("F", BAD, "Assurance: the target is missed every month"),
    Assurance.HIT_AND_MISS: (
        "?",
        PLAIN,
        "Assurance: the target is met in some months and missed in others",
    ),
    Assurance.NONE: ("\u2013", PLAIN, "No target to assure against"),
}


def assurance_icon(state: Assurance) -> Icon:
    letter, colour, alt = ASSURANCE[state]
    return _svg(state.value, alt, colour, SQUARE, _letter(letter, 25.5))


def point_icon(point: SpcPoint, polarity: Polarity) -> Icon:
    """The variation icon for a point read with the indicator's polarity."""
    return variation_icon(variation(point, polarity), high=point.direction > 0)


def every_icon() -> list[Icon]:
    """One icon per variation and assurance state (improvement and concern both ways)."""
    icons = [variation_icon(Variation.COMMON_CAUSE)]
    for state in (Variation.IMPROVEMENT, Variation.CONCERN):
        icons += [variation_icon(state, high=True), variation_icon(state, high=False)]
    icons += [variation_icon(Variation.NEITHER_HIGH), variation_icon(Variation.NEITHER_LOW)]
    return icons + [assurance_icon(state) for state in Assurance]
