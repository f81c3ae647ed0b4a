"""Vega's SVG made small: what paints stays, where it was; what paints nothing goes."""

from __future__ import annotations

from xml.etree import ElementTree

from qaf.report.chart_svg import SVG_NS, slim, translated

SVG = f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50">'


def _tags(svg: str) -> list[str]:
    return [e.tag.rpartition("}")[2] for e in ElementTree.fromstring(svg).iter()]


def test_absolute_coordinates_move_and_relative_ones_stay() -> None:
    assert translated("M-3.9,-3.9h7.7v7.7h-7.7Z", 10, 20) == "M6.1,16.1h7.7v7.7h-7.7Z"
    assert translated("M0,4.33L-5,-4.33L5,-4.33Z", 1, 1) == "M1,5.3L-4,-3.3L6,-3.3Z"
    # An arc moves its end point only; a leading relative move starts from the origin.
    assert translated("M1,0A1,1,0,1,1,-1,0", 2, 0) == "M3,0A1,1,0,1,1,1,0"
    assert translated("m1,1l2,2", 5, 5) == "M6,6l2,2"
    assert translated("M1,1X3", 0, 0) is None  # a command it cannot read: left alone


def test_grid_lines_become_one_path_in_the_same_places() -> None:
    lines = "".join(
        f'<line transform="translate({x},-40)" x2="0" y2="40" stroke="#ddd" opacity="1"/>'
        for x in (0, 10.26, 20)
    )
    out = slim(
        f'{SVG}<g transform="translate(5,45)" class="mark-rule" role="graphics-object">'
        f"{lines}</g></svg>"
    )
    root = ElementTree.fromstring(out)
    paths = root.findall(f".//{{{SVG_NS}}}path")
    assert len(paths) == 1
    assert paths[0].get("d") == "M0,-40L0,0M10.3,-40L10.3,0M20,-40L20,0"
    assert paths[0].get("stroke") == "#ddd" and paths[0].get("fill") == "none"
    assert "opacity" not in out and "class=" not in out and "role=" not in out


def test_what_paints_nothing_goes_and_clips_stay() -> None:
    out = slim(
        f'{SVG}<defs><clipPath id="clip1"><path d="M0,0h10v10h-10Z"/></clipPath></defs>'
        '<g fill="none"><path class="background" d="M0,0h100v50h-100Z"/>'
        '<path class="foreground" d="" display="none"/>'
        '<g><path d="M0,0h0v0h0Z"/></g>'
        '<g clip-path="url(#clip1)"><path d="M1,1L9,9" stroke="#000"/></g>'
        '<text x="1.23456" font-family="Liberation Sans">Label &amp; more</text></g></svg>'
    )
    assert _tags(out) == ["svg", "defs", "clipPath", "path", "g", "g", "path", "text"]
    root = ElementTree.fromstring(out)
    assert root.get("font-family") == "Liberation Sans"  # said once, for every label
    assert root.find(f".//{{{SVG_NS}}}text").get("x") == "1.2"  # type: ignore[union-attr]
    assert "Label &amp; more" in out
    assert "ns0:" not in out and out.startswith(f'<svg xmlns="{SVG_NS}"')


def test_only_neighbours_drawn_alike_merge_so_the_painting_order_holds() -> None:
    marks = (
        '<path transform="translate(1,1)" d="M0,0h2v2h-2Z" fill="#00f"/>'
        '<path transform="translate(5,1)" d="M0,0h2v2h-2Z" fill="#f00"/>'
        '<path transform="translate(9,1)" d="M0,0h2v2h-2Z" fill="#00f"/>'
    )
    out = slim(f"{SVG}{marks}</svg>")
    fills = [p.get("fill") for p in ElementTree.fromstring(out).iter(f"{{{SVG_NS}}}path")]
    assert fills == ["#00f", "#f00", "#00f"]
