#!/bin/sh
# Builds the libFuzzer target for the CSV reader (tools/fuzz/CSVFuzzer.swift with the SDG4CSV
# sources and libcsv, under AddressSanitizer) and runs it for a bounded time (default 20 s).
# Exits non-zero on any crash or sanitizer report. Usage: tools/fuzz/run.sh [SECONDS]
set -e
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
out=.build-fuzz
mkdir -p "$out/corpus"
printf 'a,b\n"1,5";2\n' > "$out/corpus/seed1.csv"
printf 'Страна;Год\nKGZ;"1 234,5"\r\n' > "$out/corpus/seed2.csv"
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    -I Sources/CLibCSV -Xcc -fmodule-map-file=Sources/CLibCSV/module.modulemap \
    -module-name SDG4CSVFuzz \
    Sources/SDG4CSV/*.swift tools/fuzz/CSVFuzzer.swift -lcsv -o "$out/csv-fuzzer" > "$out/build.log" 2>&1 \
    || { grep -v "Cannot export local symbol" "$out/build.log"; exit 1; }
status=0
"$out/csv-fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$out/corpus" > "$out/fuzz.log" 2>&1 || status=$?
tail -4 "$out/fuzz.log"
if [ "$status" -ne 0 ]; then
    echo "fuzz: the CSV reader failed on an input (see $out/fuzz.log and the crash-* file)" >&2
    exit "$status"
fi
echo "fuzz: ${seconds}s of libFuzzer on the CSV reader, no crash"
