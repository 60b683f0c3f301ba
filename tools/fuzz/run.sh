#!/bin/sh
# Builds sdg4's two libFuzzer targets (tools/fuzz/Targets, the sdg4-fuzz product, under
# AddressSanitizer) and runs each for a bounded time (default 20 s each):
#   read      the whole read path of one file: bytes -> encoding -> CSV -> header -> row cleaner,
#             every format, with the whole-file and chunked census readers required to agree;
#   pipeline  the pipeline-file parser.
# Exits non-zero on any crash, failed check or sanitizer report.
# Usage: tools/fuzz/run.sh [SECONDS] [read|pipeline|all]
set -e
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
which="${2:-all}"
out=.build-fuzz
# Coverage is asked for explicitly (inline 8-bit counters, PC table, comparisons), and the build
# is always clean: with `--sanitize fuzzer` alone, SwiftPM built the Swift files without coverage
# on a fresh clone and after incremental rebuilds, and libFuzzer was then blind to sdg4's code.
rm -rf "$out/x86_64-unknown-linux-gnu" "$out/debug" "$out/debug.yaml" "$out/description.json"
swift build --product sdg4-fuzz --sanitize fuzzer --sanitize address -Xswiftc -DSDG4_FUZZ \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    --build-path "$out" > "$out.log" 2>&1 || { grep -E "error" "$out.log" | head -20; exit 1; }
fuzzer="$out/debug/sdg4-fuzz"

# Seed corpora: each read input starts with two bytes, the source (0 table, 1 Russian table,
# 2 UIS, 3 SDMX, 4 survey, 5 assessment, 6 census, 7 census with regions) and the chunk size.
seed() { mkdir -p "$out/corpus-read"; { printf "$1"; head -n 40 "$2"; } > "$out/corpus-read/$3"; }
seed '\000\007' sample-data/emis/enrolment-KGZ.csv table
seed '\002\001' sample-data/uis/uis-bdds-central-asia.csv uis
seed '\004\020' sample-data/survey/mics6-KGZ-2018.csv survey
seed '\005\003' sample-data/assessment/pisa-KAZ-2022.csv pisa
seed '\006\002' sample-data/emis/students-KGZ-2024-isced4.csv census
printf '\001\011Страна;Год;Уровень;Пол;Показатель;Значение\nКыргызстан;2019;1;ж;enrolment;"1 234,5"\nKGZ;2019;02;M;teachers;нет данных\n' \
    > "$out/corpus-read/table-ru"
printf '\003\005STRUCTURE,STRUCTURE_ID,ACTION,FREQ,SERIES,REF_AREA,TIME_PERIOD,OBS_VALUE,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,UNIT_MEASURE\ndataflow,IAEG-SDGs:DF_SDG_GLH(1.0),I,A,SE_TOT_CPLR,417,2019,98.5,_T,_T,_T,_T,ISCED11_1,PT\n' \
    > "$out/corpus-read/sdmx"
printf '\007\004Country,Year,Region,Level,Grade,Age,Sex,Location,Reading,Weight\r\nKGZ,2023,"Ош, юг",1,1,7,F,R,455,1.5\r\nKGZ,2023,"Нарын\nобласть",1,2,нет,M,U,,1\r\nKAZ,2023,Чуй,2,6,,F,R,399,2\r\n' \
    > "$out/corpus-read/census-regions"
mkdir -p "$out/corpus-pipeline"
cp pipelines/*.yml "$out/corpus-pipeline/"

# Leak checks are off: Foundation's FileManager.contents(atPath:) leaks a 4 KiB buffer for an
# empty file (swift-foundation, not sdg4), which would stop every run at its first empty input.
status=0
for target in read pipeline; do
    [ "$which" = all ] || [ "$which" = "$target" ] || continue
    mkdir -p "$out/crashes-$target"
    ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no SDG4_FUZZ_TARGET=$target "$fuzzer" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 -detect_leaks=0 \
        -artifact_prefix="$out/crashes-$target/" "$out/corpus-$target" > "$out/fuzz-$target.log" 2>&1 || status=$?
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$out/fuzz-$target.log" | tr '\n' ' '
    echo
    # A target blind to sdg4's code (a few dozen edges) finds nothing: say so, and fail.
    cov=$(grep -oE "cov: [0-9]+" "$out/fuzz-$target.log" | tail -1 | cut -d' ' -f2)
    if [ "${cov:-0}" -lt 500 ]; then
        echo "fuzz: the $target target saw only ${cov:-0} code edges: the build is not instrumented" >&2
        exit 1
    fi
    if [ "$status" -ne 0 ]; then
        grep -E "Fatal error|ERROR: AddressSanitizer|SUMMARY" "$out/fuzz-$target.log" | head -5 >&2
        echo "fuzz: the $target target failed (see $out/fuzz-$target.log and $out/crashes-$target/)" >&2
        exit "$status"
    fi
    echo "fuzz: ${seconds}s of libFuzzer on the $target target, no failure"
done
