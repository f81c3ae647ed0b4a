#!/usr/bin/env bash
# QAF's task runner: the same short verbs locally and in CI.
#   ./do demo    set up, then build the synthetic council, load it and compute September 2016
#   ./do test    set up, then run the linters, the type checker and every test (DuckDB and PostgreSQL)
#   ./do setup   install what QAF needs (uv, the Python environment); safe to run twice
#   ./do bench   run the benchmarks (synth, load, indicators at scales 1 and 10)
#   ./do docs    regenerate the indicator reference from the registry
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then return; fi
  export PATH="$HOME/.local/bin:$PATH"
  if ! command -v uv >/dev/null 2>&1; then
    say "Installing uv (the Python package manager QAF uses) with pip"
    python3 -m pip install --quiet --user uv 2>/dev/null \
      || python3 -m pip install --quiet --user --break-system-packages uv
  fi
  # pip --user puts uv in ~/.local/bin, which a new shell may not have on its PATH: link it
  # where every shell looks, so the README's `uv run qaf ...` commands work in a new terminal.
  if [ -w /usr/local/bin ] && [ ! -e /usr/local/bin/uv ]; then
    say "Linking uv into /usr/local/bin so new shells find it"
    ln -sf "$HOME/.local/bin/uv" /usr/local/bin/uv
  elif ! [ -e /usr/local/bin/uv ]; then
    say "uv is in ~/.local/bin: add it to your PATH (export PATH=\"\$HOME/.local/bin:\$PATH\")"
  fi
}

# Debian packages the report and the browser tests need: WeasyPrint's text stack and fonts for
# the PDF, Chromium for the accessibility checks and the web journeys. Installed only if missing.
SYSTEM_PACKAGES=(chromium fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

ensure_system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Please install these packages (not Debian, so not installed for you): ${missing[*]}"
    return
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Installing Debian packages for the PDF and the browser tests: ${missing[*]}"
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  }
}

ensure_node_packages() {
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    return
  fi
  say "Installing the front-end packages from package-lock.json (npm ci: GOV.UK Frontend, Dart Sass, axe-core)"
  npm ci --no-audit --no-fund --silent
}

setup() {
  ensure_uv
  say "Creating the Python 3.11 environment in .venv from uv.lock (uv sync --frozen)"
  # Bytecode compiled once at install: where PYTHONDONTWRITEBYTECODE is set (as on these
  # machines) every command would otherwise recompile its libraries on each start.
  uv sync --frozen --quiet --compile-bytecode
  ensure_system_packages
  ensure_node_packages
  if [ -f src/qaf/web/build_assets.py ]; then
    uv run --frozen python -m qaf.web.build_assets
  fi
}

ensure_postgres() {
  # The indicator and warehouse tests also run on PostgreSQL at 127.0.0.1:5432 when it is there.
  if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      say "Starting PostgreSQL on 127.0.0.1:5432"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    fi
  fi
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
    say "PostgreSQL is up on 127.0.0.1:5432: tests run on DuckDB and PostgreSQL"
  else
    say "PostgreSQL is not reachable on 127.0.0.1:5432: its tests will be skipped (and say so)"
  fi
}

case "${1:-help}" in
  setup)
    setup
    ;;
  demo)
    setup
    shift
    say "Running the demo on the embedded defaults (DuckDB warehouse in data/, results in out/)"
    uv run qaf demo "$@"
    ;;
  test)
    setup
    ensure_postgres
    say "ruff (lint and format check)"
    uv run ruff check src tests bench
    uv run ruff format --check src tests bench
    say "mypy"
    uv run mypy
    say "import-linter (the layers in pyproject.toml; no Django outside qaf.web)"
    uv run lint-imports
    say "pytest"
    shift
    uv run pytest "$@"
    ;;
  bench)
    setup
    shift
    for script in bench/bench_*.py; do
      say "$script"
      uv run python "$script" "$@"
    done
    ;;
  docs)
    setup
    uv run python -m qaf.indicators.reference --write
    ;;
  *)
    sed -n "2,7p" "$0" | sed 's/^# \{0,1\}//'
    ;;
esac
