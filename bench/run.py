#!/usr/bin/env python3
"""Benchmark: sdg4 against DuckDB and Polars on a student-level CSV (issue 8).

The same work for each, in one pass over the file:
- enrolment counts by country, year, ISCED level, grade, age and sex (one row per pupil);
- for reading and mathematics, by country, year, level and sex: the weighted share of pupils
  at or above the cut score (450) and the weighted mean score, over the pupils with a score.

sdg4 runs bench/students.yml (a student-census source with two subjects; GER, cut-score-share
and mean-score); DuckDB one query with GROUPING SETS; Polars two group-bys of one lazy scan
collected together. The script checks that all agree: counts by country, year, level and sex
exactly (sdg4's through GER's numerators), shares and means to 1e-9 relative; and that sdg4 wrote
the same indicators.csv, byte for byte, with 1 and 2 jobs. Runs are
interleaved, each measured REPEAT times; the median wall time, MB/s and peak memory (max RSS)
are printed with the ratios against the issue's targets.

Usage: bench/run.py [ROWS ...]   (default 1000000); needs a release build of sdg4
       (swift build -c release --product sdg4) and duckdb and polars (pip).
"""
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SDG4 = os.path.join(ROOT, ".build", "release", "sdg4")
REPEAT = 3

CUT = 450

DUCKDB = """
import duckdb, sys
con = duckdb.connect(config={"threads": 2})
# No progress bar: DuckDB prints it to stdout once a query runs over 2 s, among the results.
con.execute("PRAGMA disable_progress_bar")
rows = con.execute(\"\"\"SELECT grouping(grade, age) AS g, country, year, isced, grade, age, sex, count(*),
    sum(weight) FILTER (WHERE score_read IS NOT NULL), sum(weight) FILTER (WHERE score_read >= 450),
    sum(weight * score_read), sum(weight) FILTER (WHERE score_math IS NOT NULL),
    sum(weight) FILTER (WHERE score_math >= 450), sum(weight * score_math)
    FROM read_csv(?, header=true,
    columns={'country':'VARCHAR','year':'INTEGER','region':'VARCHAR','school_id':'INTEGER','location':'VARCHAR',
    'sex':'VARCHAR','age':'INTEGER','grade':'INTEGER','isced':'VARCHAR','enrolled':'INTEGER','repeater':'INTEGER',
    'score_read':'DOUBLE','score_math':'DOUBLE','weight':'DOUBLE'})
    WHERE enrolled = 1
    GROUP BY GROUPING SETS ((country, year, isced, grade, age, sex), (country, year, isced, sex))\"\"\",
    [sys.argv[1]]).fetchall()
for r in rows:
    if r[0] == 0: print("count", r[1], r[2], r[3], r[6], r[7], sep=",")
    else: print("score", *r[1:4], r[6], *r[8:], sep=",")
"""
POLARS = """
import os, sys
os.environ["POLARS_MAX_THREADS"] = "2"
import polars as pl
lf = pl.scan_csv(sys.argv[1], schema_overrides={"isced": pl.Utf8}).filter(pl.col("enrolled") == 1)
counts = lf.group_by(["country", "year", "isced", "grade", "age", "sex"]).len()
aggs = []
for s in ("score_read", "score_math"):
    aggs += [pl.col("weight").filter(pl.col(s).is_not_null()).sum().alias(s + "_w"),
             pl.col("weight").filter(pl.col(s) >= 450).sum().alias(s + "_p"),
             (pl.col("weight") * pl.col(s)).sum().alias(s + "_s")]
scores = lf.group_by(["country", "year", "isced", "sex"]).agg(aggs)
c, sc = pl.collect_all([counts, scores])
for r in c.iter_rows(): print("count", r[0], r[1], r[2], r[5], r[6], sep=",")
for r in sc.iter_rows(): print("score", *r, sep=",")
"""


class Failed(Exception):
    """A tool that did not finish: reported as that tool's result, not as a traceback."""


def timed(cmd):
    """Runs a command; returns (seconds, stdout, stderr); raises Failed when it fails."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["no message"])[-1]
        raise Failed(f"exit {p.returncode}: {last[:300]}")
    return elapsed, p.stdout, p.stderr


def peak(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def results_from_sdg4(folder):
    """Counts by country, year, level and sex (GER's numerators, F and M) and, per subject, the
    share at or above the cut score and the mean score by country, year, level and sex."""
    counts, scores = {}, {}
    with open(os.path.join(folder, "indicators.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["indicator"] == "ger" and r["sex"] in ("F", "M") and r["level"] in ("1", "2", "3"):
                counts[(r["country"], int(r["year"]), r["level"], r["sex"])] = round(float(r["numerator"]))
            elif r["indicator"] in ("cut-score-share", "mean-score") and r["sex"] in ("F", "M") and r["country"] != "143":
                subject = "read" if ".READING" in r["uis_id"] else "math"
                key = (r["indicator"], subject, r["country"], int(r["year"]), r["level"], r["sex"])
                scores[key] = float(r["value"])
    return counts, scores


def results_from_lines(text):
    """The same from a peer's printed rows (counts by grade and age summed to level and sex)."""
    counts, scores = {}, {}
    for line in text.strip().splitlines():
        f = line.split(",")
        if f[0] not in ("count", "score"):
            raise Failed(f"unexpected output line: {line[:120]!r}")
        if f[0] == "count":
            key = (f[1], int(f[2]), f[3], f[4])
            counts[key] = counts.get(key, 0) + int(f[5])
        else:
            country, year, level, sex = f[1], int(f[2]), f[3], f[4]
            for subject, (w, p, s) in (("read", f[5:8]), ("math", f[8:11])):
                w, p, s = float(w), float(p or 0), float(s)
                scores[("cut-score-share", subject, country, year, level, sex)] = 100 * p / w
                scores[("mean-score", subject, country, year, level, sex)] = s / w
    return counts, scores


def agree(a, b):
    (ca, sa), (cb, sb) = a, b
    return ca == cb and sa.keys() == sb.keys() and all(
        abs(sa[k] - sb[k]) <= 1e-9 * max(1.0, abs(sb[k])) for k in sa)


def floor(csv_path, work):
    """libcsv's tokenizer alone and SHA-256 alone on the file (bench/libcsv-floor.c), in seconds;
    None when no C compiler is there."""
    exe = os.path.join(work, "libcsv-floor")
    built = subprocess.run(["cc", "-O2", "-o", exe, os.path.join(HERE, "libcsv-floor.c"), "-lcsv", "-lcrypto",
                            "-lpthread"],
                           capture_output=True, text=True)
    if built.returncode != 0:
        return None
    runs = [subprocess.run([exe, csv_path], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(REPEAT)]
    return statistics.median(float(r[0]) for r in runs), statistics.median(float(r[1]) for r in runs)


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000]
    if not os.path.exists(SDG4):
        raise SystemExit("build sdg4 first: swift build -c release --product sdg4")
    for rows in sizes:
        work = tempfile.mkdtemp(prefix="sdg4-bench-")
        data = os.path.join(work, "data")
        os.makedirs(data)
        path = subprocess.run([sys.executable, os.path.join(HERE, "make-students.py"), str(rows), data],
                              capture_output=True, text=True, check=True).stdout.strip()
        os.rename(path, os.path.join(data, "students.csv"))
        csv_path = os.path.join(data, "students.csv")
        with open(os.path.join(HERE, "students.yml"), encoding="utf-8") as f:
            pipeline = f.read()
        with open(os.path.join(work, "students.yml"), "w", encoding="utf-8") as f:
            f.write(pipeline)
        size_mb = os.path.getsize(csv_path) / 1e6
        # Warm the cache.
        with open(csv_path, "rb") as f:
            while f.read(1 << 24):
                pass
        tools = {
            "sdg4 --jobs 1": [SDG4, "run", os.path.join(work, "students.yml"), "--no-ledger", "--jobs", "1",
                              "--output", os.path.join(work, "out1")],
            "sdg4 --jobs 2": [SDG4, "run", os.path.join(work, "students.yml"), "--no-ledger", "--jobs", "2",
                              "--output", os.path.join(work, "out2")],
            "duckdb (2 threads)": [sys.executable, "-c", DUCKDB, csv_path],
            "polars (2 threads)": [sys.executable, "-c", POLARS, csv_path],
        }
        times = {k: [] for k in tools}
        outputs = {}
        failed = {}
        for _ in range(REPEAT):
            for name, cmd in tools.items():  # interleaved
                if name in failed:
                    continue
                try:
                    t, out, _ = timed(cmd)
                except Failed as e:
                    if name.startswith("sdg4"):
                        raise SystemExit(f"{name} failed: {e}")
                    failed[name] = str(e)
                    continue
                times[name].append(t)
                outputs[name] = out
        # Agreement: the same counts, shares and means from all four.
        results = {"sdg4 --jobs 1": results_from_sdg4(os.path.join(work, "out1")),
                   "sdg4 --jobs 2": results_from_sdg4(os.path.join(work, "out2"))}
        for name in ("duckdb (2 threads)", "polars (2 threads)"):
            if name in failed:
                continue
            try:
                results[name] = results_from_lines(outputs[name])
            except Failed as e:
                failed[name] = str(e)
        for name in failed:
            del tools[name]
        memory = {name: peak(cmd) for name, cmd in tools.items()}
        for name, why in failed.items():
            print(f"{name}: failed, so not compared ({why})")
        peers = [n for n in ("duckdb (2 threads)", "polars (2 threads)") if n in results]
        if not peers:
            raise SystemExit("no peer finished: nothing to compare sdg4 with")
        reference = results[peers[0]]
        agreement = {name: agree(r, reference) for name, r in results.items()}
        with open(os.path.join(work, "out1", "indicators.csv"), "rb") as f1, \
                open(os.path.join(work, "out2", "indicators.csv"), "rb") as f2:
            same_bytes = f1.read() == f2.read()
        all_agree = all(agreement.values()) and len(reference[0]) > 0 and len(reference[1]) > 0 and same_bytes
        print(f"\n{rows:,} rows, {size_mb:.0f} MB (warm cache), median of {REPEAT}, interleaved")
        print(f"{'tool':22} {'seconds':>8} {'MB/s':>8} {'peak MB':>8}")
        med = {k: statistics.median(v) for k, v in times.items() if v}
        for name in tools:
            print(f"{name:22} {med[name]:8.2f} {size_mb / med[name]:8.0f} {memory[name]:8.0f}")
        best = min(med[n] for n in peers)
        print("; ".join(f"sdg4 --jobs 2 / {n.split()[0].replace('duckdb', 'DuckDB').replace('polars', 'Polars')}: "
                        f"{med['sdg4 --jobs 2'] / med[n]:.2f}" for n in peers)
              + f"; target ≤ 0.75 of the faster ({0.75 * best:.2f} s)")
        print(f"sdg4 --jobs 1: {size_mb / med['sdg4 --jobs 1']:.0f} MB/s (target ≥ 300); "
              f"--jobs 2 speed-up {med['sdg4 --jobs 1'] / med['sdg4 --jobs 2']:.2f}× (target ≥ 1.7); "
              f"peak {memory['sdg4 --jobs 2']:.0f} MB (target < 100)")
        limits = floor(csv_path, work)
        if limits:
            tok, sha = limits
            print(f"floor on one core: libcsv's tokenizer alone {tok:.2f} s ({size_mb / tok:.0f} MB/s), SHA-256 alone "
                  f"{sha:.2f} s; both {tok + sha:.2f} s ({size_mb / (tok + sha):.0f} MB/s), on two cores "
                  f"{(tok + sha) / 2:.2f} s at best")
        print(f"agree with {peers[0].split()[0]} ({len(reference[0])} count groups, {len(reference[1])} shares and means): "
              + ", ".join(f"{k}: {v}" for k, v in agreement.items()))
        print(f"sdg4 --jobs 1 and --jobs 2 wrote the same indicators.csv, byte for byte: {same_bytes}")
        if not all_agree or failed:
            sys.exit(1)


if __name__ == "__main__":
    main()
