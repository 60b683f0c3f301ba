#!/usr/bin/env python3
"""Benchmark for issue 16 (standard errors for assessments): sdg4 on a PISA-shaped file, against
libcsv's two-core tokenizer floor and against R's survey on Turkey's PISA 2018 file.

1. A PISA-shaped file of ROWS students (default 300 000) × 116 columns (80 replicate weights,
   10 plausible values in reading and in mathematics), written by bench/make-pisa.py to
   .build/bench-data/pisa.csv (where bench/pisa.yml reads it) with the estimates and standard
   errors a correct run gives (.build/bench-data/pisa.expected.json); written again only when
   missing, of another size, or from another version of the generator.
2. On it, interleaved REPEAT times (median wall time): libcsv's tokenizer alone on one core and
   on two (bench/libcsv-floor.c; the file cut in two at a line feed, one csv_parser per thread),
   and `sdg4 run bench/pisa.yml --jobs 2 --no-ledger` (release build), whose peak memory (max RSS
   of the process, from wait4) is taken in every run. sdg4's indicators.csv is checked against
   the expected values: estimate to 1e-9 relative, se to 1e-6, sample size exactly, for every
   country, subject and sex and the GPIA; and run.json must show every row read and none rejected.
3. On Turkey's file ($SDG4_PISA_TUR or --tur; default ../shared/reference/assessments/
   pisa2018-TUR.csv beside the repository), interleaved REPEAT times: `Rscript
   tools/checks/r/assessment-se.R` (survey + mitools; its whole wall time, and the read and
   survey + mitools times it prints) and sdg4 on a copy of bench/pisa-tur.yml pointing at that
   file. sdg4's reading MPL (total, F, M) must agree with R's to 1e-9 (estimate) and 1e-6 (se),
   sample sizes exactly; the GPIA's se to 1e-6, and its value with the index of the F and M
   values (docs/methodology.md: sdg4 publishes the index of the two published values, where R's
   MIcombine gives the mean of the per-PV indices; the difference is printed). Without the file,
   Rscript or R's packages, this part is skipped with a message.

Prints the floors, sdg4's time, the ratio sdg4 / two-core floor (target ≤ 2), sdg4's peak memory
(target < 150 MB), R's and sdg4's times on the Turkish file and their ratio (expected ≥ 50),
each target with PASS or MISS. Exits 1 when a check of the numbers fails (never for speed) and 2
when sdg4 or the floor could not be run.

Usage: bench/sampling.py [ROWS] [--repeat N] [--sdg4 PATH] [--tur FILE]
       (needs a release build: swift build -c release --product sdg4; cc with libcsv, libcrypto;
       R with survey and mitools for part 3: tools/checks/r-setup.sh)
"""
import argparse
import csv
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, ".build", "bench-data")
CSV_PATH = os.path.join(DATA, "pisa.csv")
EXPECTED_PATH = os.path.join(DATA, "pisa.expected.json")
GENERATOR = os.path.join(HERE, "make-pisa.py")
R_SCRIPT = os.path.join(ROOT, "tools", "checks", "r", "assessment-se.R")
DEFAULT_TUR = os.path.normpath(os.path.join(ROOT, "..", "shared", "reference", "assessments", "pisa2018-TUR.csv"))
PV_READ = ",".join(f"PV{m}READ" for m in range(1, 11))
R_ARGS = ["brr:W_FSTURWT:80:0.5", "W_FSTUWT", "ST004D01T", "1", "2", "407.47", PV_READ]
TUR_IDS = {"total": "MPL.L2.GLAST.READING", "F": "MPL.L2.GLAST.READING.F", "M": "MPL.L2.GLAST.READING.M",
           "GPIA": "MPL.L2.GLAST.READING.GPIA"}

EST_TOL, SE_TOL = 1e-9, 1e-6


class Failed(Exception):
    """A command that did not finish."""


def run(cmd, env=None, cpu=False):
    """Runs a command; returns (wall seconds, peak RSS in MB of the process, stdout, stderr), and
    with cpu=True its CPU seconds (user + system) too.

    The peak is the child's own ru_maxrss (os.wait4), not the largest of all children so far."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if p.returncode != 0:
        last = (stderr.strip().splitlines() or stdout.strip().splitlines() or ["no message"])[-1]
        raise Failed(f"{os.path.basename(cmd[0])} exit {p.returncode}: {last[:300]}")
    result = (elapsed, usage.ru_maxrss / 1024, stdout, stderr)
    return result + (usage.ru_utime + usage.ru_stime,) if cpu else result


def rel(x, y):
    return abs(x - y) / max(abs(y), 1e-300)


def gpia(d, a):
    return d / a if d <= a else 2 - a / d


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def ensure_data(rows):
    """The generated file and its expected values, written again when they do not match."""
    try:
        with open(EXPECTED_PATH, encoding="utf-8") as f:
            stamp = json.load(f)
        fresh = (stamp.get("rows") == rows and stamp.get("generator_sha256") == sha256(GENERATOR)
                 and os.path.exists(CSV_PATH))
    except (OSError, ValueError):
        fresh = False
    if not fresh:
        print(f"writing {os.path.relpath(CSV_PATH, ROOT)} ({rows:,} students) with bench/make-pisa.py ...",
              flush=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, GENERATOR, str(rows), CSV_PATH, EXPECTED_PATH], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"  written in {time.perf_counter() - t0:.1f} s")
    with open(EXPECTED_PATH, encoding="utf-8") as f:
        return json.load(f)["values"]


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def build_floor(work):
    exe = os.path.join(work, "libcsv-floor")
    built = subprocess.run(["cc", "-O2", "-o", exe, os.path.join(HERE, "libcsv-floor.c"), "-lcsv", "-lcrypto",
                            "-lpthread"], capture_output=True, text=True)
    if built.returncode != 0:
        print("libcsv-floor did not build: " + (built.stderr.strip().splitlines() or ["?"])[-1])
        return None
    return exe


def sdg4_values(folder):
    """indicators.csv's rows as {(indicator, uis_id, country, year): row} (location and wealth _T)."""
    out = {}
    with open(os.path.join(folder, "indicators.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["location"] == "_T" and r["wealth"] == "_T":
                out[(r["indicator"], r["uis_id"], r["country"], int(r["year"]))] = r
    return out


def number(text):
    return float(text) if text not in ("", None) else math.nan


def check_value(label, got, value, se, n, problems, value_tol=EST_TOL):
    """Compares one row of indicators.csv with the expected numbers; appends what differs."""
    if got is None:
        problems.append(f"{label}: not in indicators.csv")
        return
    v, s = number(got["value"]), number(got["se"])
    size = int(got["sample_size"]) if got.get("sample_size") else None
    if not rel(v, value) <= value_tol:
        problems.append(f"{label}: value {v!r}, expected {value!r} (rel {rel(v, value):.2g})")
    if not rel(s, se) <= SE_TOL:
        problems.append(f"{label}: se {s!r}, expected {se!r} (rel {rel(s, se):.2g})")
    if n is not None and size != n:
        problems.append(f"{label}: sample_size {size}, expected {n}")


def check_generated(folder, expected, rows):
    """sdg4's results on the generated file against make-pisa.py's exact ones."""
    problems = []
    got = sdg4_values(folder)
    for e in expected:
        key = (e["indicator"], e["uis_id"], e["country"], e["year"])
        check_value(f"{e['uis_id']} {e['country']}", got.get(key), e["value"], e["se"], e["sample_size"], problems)
    with open(os.path.join(folder, "run.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    inputs = manifest.get("inputs", [])
    read = sum(i.get("rows_read", 0) for i in inputs)
    rejected = sum(i.get("rows_rejected", 0) for i in inputs)
    if read != rows or rejected != 0:
        problems.append(f"run.json: {read} rows read (expected {rows}), {rejected} rejected (expected 0)")
    return problems, manifest.get("timings")


def parse_r(stdout, stderr):
    """R's `group,estimate,se,n` rows and the timings it prints to stderr."""
    rows = {r["group"]: r for r in csv.DictReader(stdout.strip().splitlines())}
    timings = {}
    for line in stderr.splitlines():
        if "survey+mitools" in line:  # "<file>: read 0.374 s, survey+mitools 2.393 s, by hand 0.186 s; ..."
            for part in line.split(":", 1)[1].split(";")[0].split(","):
                words = part.split()
                if len(words) >= 2:
                    try:
                        timings[" ".join(words[:-2])] = float(words[-2])
                    except ValueError:
                        pass
    return rows, timings


def check_turkey(folder, r_rows):
    """sdg4's reading MPL on Turkey's file against R's survey + mitools."""
    problems, notes = [], []
    got = sdg4_values(folder)
    year = 2018
    for group in ("total", "F", "M"):
        r = r_rows[group]
        check_value(TUR_IDS[group], got.get(("mpl", TUR_IDS[group], "TUR", year)), float(r["estimate"]),
                    float(r["se"]), int(r["n"]), problems)
    # GPIA: the se as R's; the value as the index of sdg4's published F and M values, which are
    # themselves checked against R's above (docs/methodology.md, "Parity indices").
    r = r_rows["GPIA"]
    f, m = float(r_rows["F"]["estimate"]), float(r_rows["M"]["estimate"])
    row = got.get(("mpl.gpia", TUR_IDS["GPIA"], "TUR", year))
    check_value(TUR_IDS["GPIA"], row, gpia(f, m), float(r["se"]), int(r["n"]), problems)
    if row is not None:
        notes.append(f"GPIA: sdg4 {number(row['value']):.12g} (index of the F and M values), R's MIcombine "
                     f"{float(r['estimate']):.12g} (mean of the per-PV indices): difference "
                     f"{number(row['value']) - float(r['estimate']):.3g}, by the convention of docs/methodology.md")
    return problems, notes


def median(xs):
    return statistics.median(xs) if xs else math.nan


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="?", type=int, default=300_000, help="students in the generated file")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", 3)))
    parser.add_argument("--sdg4", default=os.environ.get("SDG4_BIN", os.path.join(ROOT, ".build", "release", "sdg4")))
    parser.add_argument("--tur", default=os.environ.get("SDG4_PISA_TUR", DEFAULT_TUR))
    args = parser.parse_args()
    if args.rows < 1 or args.repeat < 1:
        parser.error("ROWS and --repeat must be at least 1")
    sdg4 = os.path.abspath(args.sdg4) if os.path.exists(args.sdg4) else None
    if sdg4 is None:
        print(f"no sdg4 at {args.sdg4}: build it first (swift build -c release --product sdg4); "
              "measuring the floor and R only")

    expected = ensure_data(args.rows)
    size_mb = os.path.getsize(CSV_PATH) / 1e6
    work = tempfile.mkdtemp(prefix="sdg4-sampling-")
    floor_exe = build_floor(work)
    warm(CSV_PATH)
    failures, incomplete = [], []

    # --- 2. the generated file: floors and sdg4, interleaved ------------------------------------
    times = {"floor1": [], "sha": [], "floor2": [], "floor2cpu": [], "sdg4": [], "sdg4cpu": []}
    peaks = []
    out_dir = os.path.join(work, "out")
    pipeline = os.path.join(HERE, "pisa.yml")
    fields = set()
    for _ in range(args.repeat):
        if floor_exe:
            try:
                _, _, out, _ = run([floor_exe, CSV_PATH])
                tok, sha, n = out.split()
                _, _, out, _ = run([floor_exe, CSV_PATH, "2"])
                wall, n2, _records, busiest = out.split()
            except Failed as e:
                print(f"libcsv-floor failed: {e}")
                floor_exe = None
            else:
                times["floor1"].append(float(tok))
                times["sha"].append(float(sha))
                times["floor2"].append(float(wall))
                times["floor2cpu"].append(float(busiest))
                fields.update((n, n2))
        if sdg4:
            try:
                t, peak, _, _, cpu = run([sdg4, "run", pipeline, "--jobs", "2", "--no-ledger", "--output", out_dir],
                                         cpu=True)
            except Failed as e:
                print(f"sdg4 on the generated file failed: {e}")
                sdg4 = None
                incomplete.append("sdg4 on the generated file")
                continue
            times["sdg4"].append(t)
            times["sdg4cpu"].append(cpu)
            peaks.append(peak)
    if len(fields) > 1:
        failures.append(f"libcsv-floor: one and two threads found different field counts {sorted(fields)}")
    sdg4_timings = None
    if times["sdg4"]:
        problems, sdg4_timings = check_generated(out_dir, expected, args.rows)
        failures += [f"generated file: {p}" for p in problems]

    # --- 3. Turkey: R's survey and sdg4, interleaved --------------------------------------------
    tur = os.path.abspath(args.tur)
    r_times, r_parts, tur_times, tur_peaks = [], [], [], []
    r_rows, tur_notes, tur_skipped = None, [], None
    if not os.path.exists(tur):
        tur_skipped = f"{tur} is not there (the shared reference folder): R comparison skipped"
    elif subprocess.run(["sh", "-c", "command -v Rscript"], capture_output=True).returncode != 0:
        tur_skipped = "no Rscript (tools/checks/r-setup.sh installs R with survey and mitools): R comparison skipped"
    else:
        with open(os.path.join(HERE, "pisa-tur.yml"), encoding="utf-8") as f:
            text = f.read()
        lines = [f"    path: {json.dumps(tur)}" if line.startswith("    path:") else line for line in text.splitlines()]
        tur_yml = os.path.join(work, "pisa-tur.yml")
        with open(tur_yml, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        tur_out = os.path.join(work, "out-tur")
        warm(tur)
        for _ in range(args.repeat):
            try:
                t, _, out, err = run(["Rscript", R_SCRIPT, tur] + R_ARGS)
            except Failed as e:
                tur_skipped = f"R failed ({e}): R comparison skipped"
                break
            r_times.append(t)
            r_rows, parts = parse_r(out, err)
            r_parts.append(parts)
            if sdg4:
                try:
                    t, peak, _, _ = run([sdg4, "run", tur_yml, "--jobs", "2", "--no-ledger", "--output", tur_out])
                except Failed as e:
                    print(f"sdg4 on Turkey's file failed: {e}")
                    incomplete.append("sdg4 on Turkey's file")
                    break
                tur_times.append(t)
                tur_peaks.append(peak)
        if tur_times and r_rows:
            problems, tur_notes = check_turkey(tur_out, r_rows)
            failures += [f"Turkey: {p}" for p in problems]

    # --- report ---------------------------------------------------------------------------------
    print(f"\n{args.rows:,} students × 116 columns, {size_mb:.0f} MB (warm cache), median of {args.repeat}, "
          "interleaved" + (f"; sdg4 is {os.path.relpath(sdg4, ROOT)}" if sdg4 else ""))
    f1, sha, f2, s = (median(times[k]) for k in ("floor1", "sha", "floor2", "sdg4"))
    if floor_exe:
        print(f"libcsv's tokenizer alone, one core:  {f1:6.2f} s ({size_mb / f1:4.0f} MB/s); SHA-256 alone {sha:.2f} s")
        print(f"libcsv's tokenizer alone, two cores: {f2:6.2f} s ({size_mb / f2:4.0f} MB/s)   <- the floor "
              f"(busiest thread's CPU {median(times['floor2cpu']):.2f} s: the wall time on idle cores)")
    if times["sdg4"]:
        print(f"sdg4 run --jobs 2:                   {s:6.2f} s ({size_mb / s:4.0f} MB/s), "
              f"runs {', '.join(f'{x:.2f}' for x in times['sdg4'])}; CPU {median(times['sdg4cpu']):.2f} s")
        if sdg4_timings:
            print("  sdg4's stages (run.json timings, last run): "
                  + ", ".join(f"{k} {v:.2f}" for k, v in sdg4_timings.items() if isinstance(v, (int, float))))
        if floor_exe:
            print(f"sdg4 / two-core floor: {s / f2:.2f} (target ≤ 2): {verdict(s / f2 <= 2)}")
        print(f"sdg4 peak memory: {max(peaks):.0f} MB (max RSS, largest of {len(peaks)} runs; target < 150 MB): "
              f"{verdict(max(peaks) < 150)}")
    if tur_skipped:
        print(tur_skipped)
    if r_times:
        rt = median(r_times)
        survey = median([p.get("survey+mitools", math.nan) for p in r_parts])
        read = median([p.get("read", math.nan) for p in r_parts])
        print(f"\nTurkey, PISA 2018 ({os.path.getsize(tur) / 1e6:.1f} MB, reading, 80 replicates × 10 PVs), "
              f"median of {len(r_times)}:")
        print(f"R (Rscript assessment-se.R, whole process): {rt:6.2f} s; of which reading the CSV {read:.2f} s, "
              f"survey + mitools {survey:.2f} s")
        if tur_times:
            t = median(tur_times)
            print(f"sdg4 run --jobs 2 (whole process):          {t:6.2f} s, peak {max(tur_peaks):.0f} MB")
            print(f"R / sdg4, whole processes: {rt / t:.1f}× (expected ≥ 50): {verdict(rt / t >= 50)}")
            print(f"R's read + survey + mitools alone / sdg4's whole process: {(read + survey) / t:.1f}× "
                  f"(expected ≥ 50): {verdict((read + survey) / t >= 50)}")
        for note in tur_notes:
            print(note)
    checked = []
    if times["sdg4"]:
        checked.append(f"generated file: {len(expected)} values (estimate 1e-9, se 1e-6, sample size) "
                       "and run.json rows")
    if tur_times and r_rows:
        checked.append("Turkey: MPL reading total, F, M, GPIA against R's survey + mitools")
    if failures:
        print("\nNUMBERS DIFFER:")
        for f in failures:
            print("  " + f)
        print(f"(sdg4's outputs kept in {work})")
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    if checked:
        print("\nnumbers agree: " + "; ".join(checked))
    if not times["sdg4"]:
        incomplete.append("sdg4 not run")
    if not floor_exe:
        incomplete.append("no libcsv floor")
    if incomplete:
        print("incomplete: " + ", ".join(dict.fromkeys(incomplete)))
        sys.exit(2)


if __name__ == "__main__":
    main()
