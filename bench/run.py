#!/usr/bin/env python3
"""Benchmark: sdg4 against DuckDB and Polars on a student-level CSV (issue 8).

The same work for each: enrolment counts by country, year, ISCED level and sex from one row
per pupil (sdg4 counts by grade and age too, as its student-census source does, and computes
GER; the counts are compared through GER's numerators). Runs are interleaved, each measured
REPEAT times; the median wall time, MB/s and peak memory (max RSS of the process) are printed
with the ratios sdg4/DuckDB and sdg4/Polars.

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

DUCKDB = """
import duckdb, sys
con = duckdb.connect(config={"threads": 2})
rows = con.execute(\"\"\"SELECT country, year, isced, sex, count(*) FROM read_csv(?, header=true,
    columns={'country':'VARCHAR','year':'INTEGER','region':'VARCHAR','school_id':'INTEGER','location':'VARCHAR',
    'sex':'VARCHAR','age':'INTEGER','grade':'INTEGER','isced':'VARCHAR','enrolled':'INTEGER','repeater':'INTEGER',
    'score_read':'DOUBLE','score_math':'DOUBLE','weight':'DOUBLE'})
    WHERE enrolled = 1 GROUP BY ALL\"\"\", [sys.argv[1]]).fetchall()
for r in rows: print(*r, sep=",")
"""
POLARS = """
import os, sys
os.environ["POLARS_MAX_THREADS"] = "2"
import polars as pl
df = (pl.scan_csv(sys.argv[1], schema_overrides={"isced": pl.Utf8})
      .filter(pl.col("enrolled") == 1).group_by(["country", "year", "isced", "sex"]).len().collect())
for r in df.iter_rows(): print(*r, sep=",")
"""


def timed(cmd):
    """Runs a command; returns (seconds, peak RSS in MB of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if p.returncode not in (0,):
        raise SystemExit(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
    # getrusage of children gives the largest child so far: each tool runs in its own process
    # via /usr/bin/time instead, for a per-run figure.
    return elapsed, p.stdout, p.stderr


def peak(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def counts_from_sdg4(folder):
    """GER numerators: enrolment by country, year, level, sex (F and M)."""
    out = {}
    with open(os.path.join(folder, "indicators.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["indicator"] == "ger" and r["sex"] in ("F", "M") and r["level"] in ("1", "2", "3"):
                out[(r["country"], int(r["year"]), r["level"], r["sex"])] = round(float(r["numerator"]))
    return out


def counts_from_lines(text):
    out = {}
    for line in text.strip().splitlines():
        c, y, l, s, n = line.split(",")
        out[(c, int(y), l, s)] = int(n)
    return out


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
        for _ in range(REPEAT):
            for name, cmd in tools.items():  # interleaved
                t, out, _ = timed(cmd)
                times[name].append(t)
                outputs[name] = out
        memory = {name: peak(cmd) for name, cmd in tools.items()}
        # Agreement: the same counts from the three.
        s1 = counts_from_sdg4(os.path.join(work, "out1"))
        s2 = counts_from_sdg4(os.path.join(work, "out2"))
        d = counts_from_lines(outputs["duckdb (2 threads)"])
        p = counts_from_lines(outputs["polars (2 threads)"])
        agree = s1 == s2 == d == p
        print(f"\n{rows:,} rows, {size_mb:.0f} MB (warm cache), median of {REPEAT}, interleaved")
        print(f"{'tool':22} {'seconds':>8} {'MB/s':>8} {'peak MB':>8}")
        med = {k: statistics.median(v) for k, v in times.items()}
        for name in tools:
            print(f"{name:22} {med[name]:8.2f} {size_mb / med[name]:8.0f} {memory[name]:8.0f}")
        best = min(med["duckdb (2 threads)"], med["polars (2 threads)"])
        print(f"sdg4 --jobs 2 / DuckDB: {med['sdg4 --jobs 2'] / med['duckdb (2 threads)']:.2f}; "
              f"sdg4 --jobs 2 / Polars: {med['sdg4 --jobs 2'] / med['polars (2 threads)']:.2f}; "
              f"target ≤ 0.75 of the faster ({0.75 * best:.2f} s)")
        print(f"sdg4 --jobs 1: {size_mb / med['sdg4 --jobs 1']:.0f} MB/s (target ≥ 300); "
              f"--jobs 2 speed-up {med['sdg4 --jobs 1'] / med['sdg4 --jobs 2']:.2f}× (target ≥ 1.7); "
              f"peak {memory['sdg4 --jobs 2']:.0f} MB (target < 100)")
        print(f"counts agree (sdg4 1 job, 2 jobs, DuckDB, Polars; {len(d)} groups): {agree}")
        if not agree:
            sys.exit(1)


if __name__ == "__main__":
    main()
