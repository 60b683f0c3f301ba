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
# pdftotext (poppler-utils) reads the text of the printed PDFs.
if ! command -v pdftotext >/dev/null 2>&1; then
    echo "browser check: installing poppler-utils (pdftotext)..."
    SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null 2>&1 || {
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
    }
fi
PY="$(sh tools/venv.sh)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$SDG4" run pipelines/central-asia.yml --output "$OUT" --no-ledger >/dev/null
"$PY" tools/browser/check-reports.py "$OUT" "$SHOTS" KGZ
