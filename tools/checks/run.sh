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
# The package's constraints bite: a country KAZX and a flag bogus-flag must make it invalid
# (audit reports-2026-12 #12: an ungrouped pattern let KAZX through).
for bad in '0,/^ger,GER.1,,KAZ,/s//ger,GER.1,,KAZX,/' '0,/,percent,,/s//,percent,bogus-flag,/'; do
    cp -r "$OUT" "$OUT.bad"
    sed -i "$bad" "$OUT.bad/indicators.csv"
    cmp -s "$OUT/indicators.csv" "$OUT.bad/indicators.csv" && { echo "checks: could not tamper ($bad)" >&2; exit 1; }
    if (cd "$OUT.bad" && "$BIN/frictionless" validate --resource-name indicators datapackage.json >"$OUT.bad.log" 2>&1); then
        cat "$OUT.bad.log"; rm -rf "$OUT.bad" "$OUT.bad.log"
        echo "checks: frictionless accepted a tampered indicators.csv ($bad)" >&2; exit 1
    fi
    grep -q "constraint-error" "$OUT.bad.log" || { cat "$OUT.bad.log"; echo "checks: not rejected by a constraint ($bad)" >&2; exit 1; }
    rm -rf "$OUT.bad" "$OUT.bad.log"
done
echo "checks: frictionless rejects a country KAZX and an unknown flag"
"$PY" tools/checks/check-sdmx.py "$OUT"
"$BIN/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$BIN/zizmor" --offline --min-severity low .github/workflows/
