"""The stylesheet is the council's: Liberation Sans, no GDS Transport, no Crown crest; the build
skips work already done."""

from __future__ import annotations

import pytest

from qaf.web import build_assets

pytestmark = pytest.mark.skipif(
    not build_assets.GOVUK.exists(), reason="node_modules is missing (./do setup runs npm ci)"
)


def test_the_build_writes_the_council_stylesheet_and_then_has_nothing_to_do():
    build_assets.build()
    assert build_assets.build() == []
    css = (build_assets.STATIC / "qaf.css").read_text()
    assert '"Liberation Sans",Arial,sans-serif' in css.replace(", ", ",")
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "govuk-crest" not in css and "url(" not in css
    shipped = {p.name for p in build_assets.STATIC.rglob("*") if p.is_file()}
    assert {"qaf.css", "govuk-frontend.min.js", "init.js", "js-enabled.js"} <= shipped
    assert not any(name.endswith((".woff", ".woff2")) for name in shipped)
