"""The icons: one per state, accessible, readable without colour, colours with contrast."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from qaf.signals import icons
from qaf.signals.icons import assurance_icon, every_icon, point_icon, variation_icon
from qaf.signals.reading import Assurance, Variation
from qaf.signals.spc import SpcPoint

SVG = "{http://www.w3.org/2000/svg}"


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", [icons.GOOD, icons.BAD, icons.NEITHER, icons.PLAIN])
def test_every_colour_passes_4_5_to_1_on_white(colour):
    assert contrast(colour, icons.BACKGROUND) >= 4.5


def test_one_icon_per_state_each_with_a_title_and_label():
    every = every_icon()
    names = [icon.name for icon in every]
    assert len(names) == len(set(names)) == 7 + len(Assurance)
    for icon in every:
        root = ET.fromstring(icon.svg)
        assert root.get("role") == "img"
        assert root.get("aria-label") == icon.alt
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == icon.alt


def test_meaning_does_not_rest_on_colour():
    # With the colours taken out, every icon still differs from every other.
    def shapes(svg: str) -> str:
        return re.sub(
            r"#[0-9A-Fa-f]{6}",
            "",
            re.sub(r'aria-label="[^"]*"|<title>.*?</title>|class="[^"]*"', "", svg),
        )

    drawn = [shapes(icon.svg) for icon in every_icon()]
    assert len(set(drawn)) == len(drawn)


def test_improvement_and_concern_carry_a_letter_for_their_direction():
    up = variation_icon(Variation.IMPROVEMENT, high=True)
    down = variation_icon(Variation.CONCERN, high=False)
    assert (
        ">H<" in up.svg and up.alt == "Special cause variation of improvement: higher than expected"
    )
    assert (
        ">L<" in down.svg and down.alt == "Special cause variation of concern: lower than expected"
    )


def test_a_point_gets_the_icon_of_its_reading():
    rising = SpcPoint(value=9.0, moving_range=1.0, rule="trend", direction=1, segment=0)
    assert point_icon(rising, "down").name == "special_cause_concern_high"
    assert point_icon(rising, "neutral").name == "special_cause_neither_high"


def test_assurance_icons_name_the_state():
    assert ">P<" in assurance_icon(Assurance.CONSISTENTLY_PASSING).svg
    assert ">F<" in assurance_icon(Assurance.CONSISTENTLY_FAILING).svg
    assert ">?<" in assurance_icon(Assurance.HIT_AND_MISS).svg
