#!/usr/bin/env bash
# Sets up everything docgen needs on a fresh Debian/Ubuntu machine, idempotently:
#   1. Debian packages (only those missing; needs root or sudo),
#   2. a virtual environment in .venv with docgen and its test tools.
# Called by `make render` and `make test`; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Pango/HarfBuzz (with its font subsetter) for WeasyPrint; LibreOffice Writer
# (headless) with its Python bridge for the Word route; Liberation fonts so LibreOffice sets
# Word documents in the same font as WeasyPrint; poppler-utils (pdftoppm, pdftotext) for
# looking at output; qpdf for structural PDF checks; for the web form's tests: PostgreSQL
# (a throw-away cluster per test run) and Chromium with its WebDriver (end-to-end tests).
DEB_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
              libreoffice-writer-nogui python3-uno fonts-liberation2 hyphen-de poppler-utils qpdf
              postgresql chromium chromium-driver)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        echo "docgen setup: installing Debian packages: ${missing[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "docgen setup: please install these system packages: ${missing[*]}" >&2
        exit 1
    fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "docgen setup: creating .venv"
    "$PYTHON" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp=.venv/.docgen-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "docgen setup: installing Python packages into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>/dev/null || true
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
    # unoserver runs under the system Python that has LibreOffice's uno module; it gets
    # its own folder, put on that Python's path by docgen/convert.py.
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --upgrade \
        --target .venv/unoserver "unoserver==3.7"
    touch "$stamp"
fi
