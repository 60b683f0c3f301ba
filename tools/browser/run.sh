#!/bin/sh
# Checks the sample's HTML reports in headless Chromium (tools/browser/check-reports.py).
# Installs Debian's chromium and chromium-driver, and Selenium from PyPI, when missing.
# Usage: tools/browser/run.sh SDG4_BINARY [SCREENSHOT_DIR]
set -e
SDG4="$1"
SHOTS="${2:-.build/browser-screenshots}"
if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
    echo "browser check: installing chromium and chromium-driver..."
    SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# Selenium in its own virtual environment under .build (a stock Debian Python refuses pip
# installs into the system); reused when present.
PY=python3
if ! python3 -c "import selenium" 2>/dev/null; then
    VENV=.build/browser-venv
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV" 2>/dev/null || {
            SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
            $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv "$VENV"
        }
    fi
    "$VENV/bin/python" -c "import selenium" 2>/dev/null || "$VENV/bin/python" -m pip install -q "selenium>=4.20"
    PY="$VENV/bin/python"
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$SDG4" run pipelines/central-asia.yml --output "$OUT" --no-ledger >/dev/null
"$PY" tools/browser/check-reports.py "$OUT" "$SHOTS" KGZ
