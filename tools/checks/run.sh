#!/bin/sh
# Checks sdg4's exports and CI workflows with real clients (tools/requirements.txt):
#   - frictionless validate on the sample run's datapackage.json;
#   - the SDMX-CSV export read by sdmx1 against an SDG structure (tools/checks/check-sdmx.py);
#   - every workflow against GitHub's schema (check-jsonschema) and zizmor --offline.
# Usage: tools/checks/run.sh SDG4_BINARY
set -e
SDG4="$1"
PY="$(pwd)/$(sh tools/venv.sh)"
BIN="$(dirname "$PY")"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$SDG4" run pipelines/central-asia.yml --output "$OUT" --no-ledger >/dev/null
(cd "$OUT" && "$BIN/frictionless" validate datapackage.json >"$OUT.frictionless" 2>&1) || {
    cat "$OUT.frictionless"; rm -f "$OUT.frictionless"; echo "checks: frictionless validate failed" >&2; exit 1; }
echo "checks: frictionless validate: $(grep -c '│ VALID' "$OUT.frictionless") resources valid"
rm -f "$OUT.frictionless"
"$PY" tools/checks/check-sdmx.py "$OUT"
"$BIN/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$BIN/zizmor" --offline --min-severity low .github/workflows/
