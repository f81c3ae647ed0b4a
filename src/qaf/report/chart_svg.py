"""Vega's SVG made small before it goes into the page: the same picture in a third of the elements.

vl-convert writes an SVG meant for interactive Vega: a group per mark with class, role, aria and
pointer-events attributes, empty "foreground" and zero-size "background" paths, `opacity="1"` on
every mark and coordinates to eight decimal places. WeasyPrint parses, styles and draws every
element and attribute of an inline SVG (the report's charts were a sixth of the PDF's time), and
the HTML page carries them too. Here the picture is kept and the rest dropped: invisible paths go,
attribute-free groups hand their children up, and numbers are rounded to a tenth of a pixel (a
chart is about 560 px across 170 mm of paper, so a tenth is 0.03 mm).

Assistive technology reads the chart as one image (the root's role="img", <title> and <desc>), so
the inner roles and labels Vega writes are never read and can go."""

from __future__ import annotations

import re
from html import escape
from xml.etree import ElementTree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

# Attributes for interaction and for assistive technology inside an image: no effect on paper.
DROPPED = frozenset(
    {"class", "role", "aria-hidden", "aria-label", "aria-roledescription", "pointer-events"}
)
# Attribute values that only restate the default.
DEFAULTS = {
    "opacity": "1",
    "fill-opacity": "1",
    "stroke-opacity": "1",
    "transform": "translate(0,0)",
}
# Attributes whose numbers are rounded.
NUMERIC = frozenset(
    {"d", "transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "r", "cx", "cy"}
)
NUMBER = re.compile(r"-?\d+\.\d+")
SHAPES = frozenset({f"{{{SVG_NS}}}{tag}" for tag in ("path", "rect", "line", "circle")})
GROUP = f"{{{SVG_NS}}}g"
PATH = f"{{{SVG_NS}}}path"
LINE = f"{{{SVG_NS}}}line"
TEXT = f"{{{SVG_NS}}}text"
# Containers whose shapes are geometry (a clip's outline), painted or not: left whole.
GEOMETRY = frozenset({f"{{{SVG_NS}}}{tag}" for tag in ("defs", "clipPath", "mask", "marker")})
# A shape with a clip or an id may be referenced from elsewhere: it is kept as it is.
REFERENCED = ("id", "clip-path")


def _number(value: float) -> str:
    """A coordinate to a tenth of a pixel, without trailing zeros."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _round(match: re.Match[str]) -> str:
    return _number(float(match.group(0)))


def _invisible(element: ElementTree.Element, fill: str, stroke: str) -> bool:
    """A shape that paints nothing: no fill and no stroke, hidden, or a path with no outline."""
    if element.tag not in SHAPES or any(element.get(a) for a in REFERENCED):
        return False
    if element.get("display") == "none" or element.get("d") == "":
        return True
    if element.get("d") in ("M0,0h0v0h0Z",):  # Vega's zero-size group background
        return True
    return fill == "none" and stroke in ("none", "")


def _slim(element: ElementTree.Element, fill: str, stroke: str) -> None:
    """Drop what does not paint below `element`, whose inherited fill and stroke are given."""
    if XLINK_HREF in element.attrib:  # SVG 2's plain href, so no prefix needs declaring
        element.set("href", element.attrib.pop(XLINK_HREF))
    for name in list(element.attrib):
        value = element.attrib[name]
        if name in DROPPED or DEFAULTS.get(name) == value:
            del element.attrib[name]
        elif name in NUMERIC:
            element.attrib[name] = NUMBER.sub(_round, value)
    fill = element.get("fill", fill)
    stroke = element.get("stroke", stroke)
    children: list[ElementTree.Element] = []
    for child in element:
        child_fill, child_stroke = child.get("fill", fill), child.get("stroke", stroke)
        if element.tag not in GEOMETRY and _invisible(child, child_fill, child_stroke):
            continue
        _slim(child, fill, stroke)
        if child.tag == GROUP and not child.attrib:
            children.extend(child)  # a bare group: its children take its place
        elif child.tag == GROUP and not len(child):
            continue  # a group left empty
        else:
            children.append(child)
    element[:] = merged(children)


TRANSLATE = re.compile(r"translate\((-?[\d.]+),(-?[\d.]+)\)")
TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
# For each absolute path command, which of its numbers are x (0) and y (1); others stay.
AXES = {
    "M": (0, 1),
    "L": (0, 1),
    "T": (0, 1),
    "H": (0,),
    "V": (1,),
    "C": (0, 1, 0, 1, 0, 1),
    "S": (0, 1, 0, 1),
    "Q": (0, 1, 0, 1),
    "A": (None, None, None, None, None, 0, 1),
    "Z": (),
}


def translated(d: str, dx: float, dy: float) -> str | None:
    """Path data moved by (dx, dy): absolute coordinates shifted, relative ones kept; None for
    data this cannot read (then the shape is left as it is)."""
    out: list[str] = []
    command = ""
    args: list[str] = []

    def flush() -> bool:
        if not command:
            return not args
        upper = command.upper()
        axes = AXES.get(upper)
        if axes is None or (len(axes) == 0 and args) or (axes and len(args) % len(axes)):
            return False
        # A leading relative move starts from the origin, so it shifts as an absolute one does.
        absolute = command.isupper() or (command == "m" and not out)
        moved = []
        for i, arg in enumerate(args):
            axis = axes[i % len(axes)] if axes else None
            if absolute and axis is not None:
                moved.append(_number(float(arg) + (dx if axis == 0 else dy)))
            else:
                moved.append(arg)
        out.append((upper if absolute else command) + ",".join(moved))
        return True

    for token in TOKEN.findall(d):
        if token.isalpha():
            if not flush():
                return None
            command, args = token, []
        else:
            args.append(token)
    return "".join(out) if flush() else None


def _offset(element: ElementTree.Element) -> tuple[float, float] | None:
    transform = element.get("transform", "translate(0,0)")
    match = TRANSLATE.fullmatch(transform)
    return (float(match.group(1)), float(match.group(2))) if match else None


def _as_path_data(element: ElementTree.Element) -> str | None:
    """A line's or a translated path's outline in its parent's coordinates, or None."""
    offset = _offset(element)
    if offset is None:
        return None
    if element.tag == LINE:
        ends = [float(element.get(a, "0")) for a in ("x1", "y1", "x2", "y2")]
        dx, dy = offset
        x1, y1, x2, y2 = (_number(v + (dx if i % 2 == 0 else dy)) for i, v in enumerate(ends))
        return f"M{x1},{y1}L{x2},{y2}"
    if element.tag == PATH and element.get("d"):
        return translated(element.get("d", ""), *offset)
    return None


GEOMETRY_ATTRIBUTES = frozenset({"transform", "d", "x1", "y1", "x2", "y2"})


def _style_key(element: ElementTree.Element) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """What must match for two shapes to become one path: kind and every non-geometry attribute."""
    if element.tag not in (LINE, PATH) or len(element) or any(element.get(a) for a in REFERENCED):
        return None
    style = tuple(sorted((k, v) for k, v in element.attrib.items() if k not in GEOMETRY_ATTRIBUTES))
    return element.tag, style


def merged(children: list[ElementTree.Element]) -> list[ElementTree.Element]:
    """Runs of neighbouring shapes drawn alike (grid lines, ticks, a series' points, bars) as one
    path each: painted in the same order, one element instead of dozens."""
    out: list[ElementTree.Element] = []
    run: list[tuple[ElementTree.Element, str]] = []
    run_key: object = None

    def close() -> None:
        if len(run) > 1:
            first = run[0][0]
            attrs = {k: v for k, v in first.attrib.items() if k not in GEOMETRY_ATTRIBUTES}
            if first.tag == LINE:
                attrs.setdefault("fill", "none")  # a line never fills; its path must not either
            shape = ElementTree.Element(PATH, {"d": "".join(d for _, d in run), **attrs})
            out.append(shape)
        else:
            out.extend(e for e, _ in run)
        run.clear()

    for child in children:
        key = _style_key(child)
        data = _as_path_data(child) if key is not None else None
        if key is None or data is None:
            close()
            out.append(child)
            run_key = None
            continue
        if key != run_key:
            close()
            run_key = key
        run.append((child, data))
    close()
    return out


def slim(svg: str) -> str:
    """The SVG with what paints nothing removed and its numbers rounded (see the module's note)."""
    root = ElementTree.fromstring(svg)
    _slim(root, "black", "none")  # SVG's initial fill and stroke
    # Every label names the same font: say it once, on the root, which only text reads.
    fonts = {text.get("font-family") for text in root.iter(TEXT)}
    if len(fonts) == 1 and None not in fonts:
        root.set("font-family", fonts.pop() or "")
        for text in root.iter(TEXT):
            del text.attrib["font-family"]
    out: list[str] = []
    _write(root, out, {"xmlns": SVG_NS})
    return "".join(out)


def _write(element: ElementTree.Element, out: list[str], extra: dict[str, str]) -> None:
    """Serialise with the SVG namespace as the default one: no prefixes, as an HTML page expects
    (ElementTree's own writer invents `ns0:` ones)."""
    tag = element.tag.rpartition("}")[2]
    attributes = {**extra, **{k.rpartition("}")[2]: v for k, v in element.attrib.items()}}
    out.append(
        f"<{tag}" + "".join(f' {k}="{escape(v, quote=True)}"' for k, v in attributes.items())
    )
    if len(element) or element.text:
        out.append(">" + escape(element.text or "", quote=False))
        for child in element:
            _write(child, out, {})
        out.append(f"</{tag}>")
    else:
        out.append("/>")
    out.append(escape(element.tail or "", quote=False))
