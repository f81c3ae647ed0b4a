"""Compile the stylesheet and copy GOV.UK Frontend's script and images into static/qaf/.

`python -m qaf.web.build_assets` (run by `./do setup`): Dart Sass from node_modules compiles
assets/qaf.scss into static/qaf/qaf.css. Skips whatever is already newer than its sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from qaf.errors import QafError

WEB = Path(__file__).resolve().parent
ROOT = WEB.parents[2]
NODE_MODULES = ROOT / "node_modules"
GOVUK = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
ASSETS = WEB / "assets"
STATIC = WEB / "static" / "qaf"
SASS = NODE_MODULES / ".bin" / "sass"
# GOV.UK Frontend's images the pages use (the favicon); the crown, crest and GOV.UK fonts are not
# the council's and are left out.
IMAGES = ("favicon.ico", "favicon.svg")


def _stale(target: Path, sources: list[Path]) -> bool:
    if not target.exists():
        return True
    newest = max(p.stat().st_mtime for p in sources)
    return target.stat().st_mtime < newest


def _copy(source: Path, target: Path) -> bool:
    if not _stale(target, [source]):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def compile_css() -> bool:
    """static/qaf/qaf.css from assets/qaf.scss, when either it or GOV.UK Frontend is newer."""
    target = STATIC / "qaf.css"
    sources = [*ASSETS.glob("*.scss"), GOVUK / "index.scss"]
    if not _stale(target, sources):
        return False
    if not SASS.exists():
        raise QafError(f"{SASS} is missing: run `npm ci` (./do setup does) to install Dart Sass")
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(SASS),
        f"--load-path={NODE_MODULES}",
        "--style=compressed",
        "--no-source-map",
        "--quiet-deps",
        # GOV.UK Frontend 5 still uses @import, which Dart Sass warns about on every build.
        "--silence-deprecation=import,global-builtin,mixed-decls,color-functions",
        str(ASSETS / "qaf.scss"),
        str(target),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise QafError(f"Dart Sass could not compile {ASSETS / 'qaf.scss'}:\n{done.stderr}")
    return True


def build() -> list[str]:
    """Bring static/qaf/ up to date; the names of the files written (empty when all were)."""
    if not GOVUK.exists():
        raise QafError(f"{GOVUK} is missing: run `npm ci` (./do setup does) for GOV.UK Frontend")
    written = ["qaf.css"] if compile_css() else []
    copies = {
        GOVUK / "govuk-frontend.min.js": STATIC / "govuk-frontend.min.js",
        ASSETS / "init.js": STATIC / "init.js",
        ASSETS / "js-enabled.js": STATIC / "js-enabled.js",
        **{GOVUK / "assets" / "images" / n: STATIC / "assets" / "images" / n for n in IMAGES},
    }
    written += [str(t.relative_to(STATIC)) for s, t in copies.items() if _copy(s, t)]
    return written


def main() -> int:
    try:
        written = build()
    except QafError as exc:
        print(f"build_assets: {exc}", file=sys.stderr)
        return 2
    print(f"Web assets: {', '.join(written)} built" if written else "Web assets: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
