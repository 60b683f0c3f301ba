#!/usr/bin/env python3
"""A deterministic PISA-shaped student file for the sampling benchmark (issue 16): one row per
assessed student, 116 columns, as in the OECD's student files.

Columns: CNT, Year, W_FSTUWT (final student weight), ST004D01T (sex: 1 female, 2 male, empty for
1 in 2 000), PV1READ..PV10READ, PV1MATH..PV10MATH, W_FSTURWT1..W_FSTURWT80 (Fay BRR replicate
weights), then 12 other columns of the student file (CNTSCHID, CNTSTUID, STRATUM, SUBNATIO, OECD,
ADMINMODE, LANGTEST_QQQ, ST001D01T, AGE, ESCS, REPEAT, IMMIG). No quotes anywhere.

- Countries KAZ, UZB and KGZ (40 %, 35 % and 25 % of the rows, one block each, as the OECD's
  international file is sorted), Year 2022, schools of 20-45 students.
- Plausible values: each student has an ability per subject (reading and mathematics correlated
  0.8); PV = mean + 85 × ability + N(0, 30), so each PV is about N(450, 90), written with 2
  decimals; girls read 12 points better, boys do mathematics 4 points better.
- Weights: a log-normal school weight times U(0.9, 1.1) per student, written with 5 decimals.
- Replicate weights as in PISA's Fay BRR (k = 0.5): schools 2j and 2j + 1 form pseudo-stratum j,
  which takes row 1 + j mod 79 of a Hadamard matrix of order 80 (Paley's construction, q = 79;
  row 0, all +1, is left out so that every student's replicate weights vary);
  replicate r gives the first school's students 1.5 × W where that row has +1 in column r and
  0.5 × W where it has −1, and the second school the reverse. W is written even in units of
  1e-5, so 1.5 × W and 0.5 × W are exact in the file.

With EXPECTED.json, also writes what a correct run must find, computed exactly from the values
written (integer sums in units of 1e-5): for each country, subject and sex (F, M, and the total,
which includes students without a sex) the MPL estimate (mean over PVs of 100 × weighted share at
or above the cut score: reading 407.47, mathematics 420.07) with its standard error (Fay BRR
variance per PV, 1 / (80 × 0.5²) Σ_r (θ_r − θ)², combined over the 10 PVs by Rubin's rules) and
the number of students; and the GPIA (F over M, d/a if d ≤ a else 2 − a/d, per replicate) the
same way. It also records the row count and the SHA-256 of this script, so that bench/sampling.py
knows when to write the file again.

Usage: make-pisa.py ROWS OUT.csv [EXPECTED.json]
"""
import hashlib
import json
import math
import os
import random
import sys

COUNTRIES = [  # ISO3, M49 (for the ids), share of rows, mean score offset, median school weight
    ("KAZ", 398, 0.40, -10.0, 12.0),
    ("UZB", 860, 0.35, 5.0, 25.0),
    ("KGZ", 417, 0.25, -25.0, 9.0),
]
YEAR = 2022
SUBJECTS = [("READ", 40747), ("MATH", 42007)]  # cut scores in hundredths (407.47, 420.07)
PVS = 10
REPLICATES = 80
FAY = 0.5
FILLERS = ["CNTSCHID", "CNTSTUID", "STRATUM", "SUBNATIO", "OECD", "ADMINMODE", "LANGTEST_QQQ", "ST001D01T",
           "AGE", "ESCS", "REPEAT", "IMMIG"]
HEADER = (["CNT", "Year", "W_FSTUWT", "ST004D01T"]
          + [f"PV{m}{s}" for s, _ in SUBJECTS for m in range(1, PVS + 1)]
          + [f"W_FSTURWT{r}" for r in range(1, REPLICATES + 1)] + FILLERS)
assert len(HEADER) == 116


def hadamard80():
    """Hadamard matrix of order 80 by Paley's first construction on GF(79) (79 ≡ 3 mod 4)."""
    q = 79
    squares = {(i * i) % q for i in range(1, q)}
    chi = [0] + [1 if i in squares else -1 for i in range(1, q)]
    n = q + 1
    h = [[0] * n for _ in range(n)]
    for j in range(n):
        h[0][j] = 1
    for i in range(1, n):
        h[i][0] = -1
        for j in range(1, n):
            h[i][j] = chi[(j - i) % q]  # Jacobsthal matrix Q
        h[i][i] += 1  # H = I + S
    return h


def replicate_templates():
    """For each (pseudo-stratum row, school half): the 80 replicate weights as one format string
    taking the weight × 1.5 as {0} and × 0.5 as {1}; and the factors (3 or 1, in halves)."""
    h = hadamard80()
    templates, factors = [], []
    for row in h:
        for half in (1, -1):
            signs = [v * half for v in row]
            templates.append(",".join("{0}" if s > 0 else "{1}" for s in signs))
            factors.append([3 if s > 0 else 1 for s in signs])
    return templates, factors


def fixed(value, decimals):
    """An integer in units of 10^-decimals as a decimal text (value ≥ 0)."""
    unit = 10 ** decimals
    return f"{value // unit}.{value % unit:0{decimals}d}"


def gpia(d, a):
    return d / a if d <= a else 2 - a / d


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit("usage: make-pisa.py ROWS OUT.csv [EXPECTED.json]")
    rows, out = int(sys.argv[1]), sys.argv[2]
    expected_path = sys.argv[3] if len(sys.argv) == 4 else None
    rnd = random.Random(20261206)
    gauss, uniform, random_ = rnd.gauss, rnd.uniform, rnd.random
    templates, factors = replicate_templates()
    n_pv = len(SUBJECTS) * PVS
    cuts = [cut for _, cut in SUBJECTS for _ in range(PVS)]
    # Exact sums by group g = (country, sex class, pattern): sex class 0 F, 1 M, 2 none; pattern =
    # 2 × Hadamard row + school half (160). scored[g] = Σ W (in 1e-5), proficient[g × 20 + m] =
    # Σ W over the students at or above the cut in PV m; students[g] = count.
    groups = len(COUNTRIES) * 3 * 160
    scored = [0] * groups
    proficient = [0] * (groups * n_pv)
    students = [0] * groups

    tmp = out + ".part"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(tmp, "w", encoding="ascii", newline="", buffering=1 << 22) as f:
        f.write(",".join(HEADER) + "\n")
        buf = []
        row = 0
        for c, (cnt, m49, share, offset, school_weight) in enumerate(COUNTRIES):
            last = rows if c == len(COUNTRIES) - 1 else row + round(rows * share)
            school = 0
            student_id = 0
            while row < last:
                size = min(rnd.randint(20, 45), last - row)
                pattern = 2 * (1 + (school // 2) % (REPLICATES - 1)) + (school % 2)
                template = templates[pattern]
                base = math.exp(gauss(math.log(school_weight), 0.5))
                stratum = f"{cnt}{1 + school % 7:02d}{1 + school % 3:02d}"
                region = m49 * 100 + 1 + school % 7
                prefix_school = f"{m49 * 100000 + 1 + school}"
                grade_mode = 9 if cnt != "KGZ" else 8
                for _ in range(size):
                    w5 = 2 * max(1, round(base * uniform(0.9, 1.1) * 50000))  # even, in 1e-5
                    u = random_()
                    if u < 0.0005:
                        sex, sex_class = "", 2
                    elif u < 0.5005:
                        sex, sex_class = "1", 0
                    else:
                        sex, sex_class = "2", 1
                    girl = 1.0 if sex_class == 0 else 0.0
                    a_read = gauss(0.0, 1.0)
                    a_math = 0.8 * a_read + 0.6 * gauss(0.0, 1.0)
                    mean_read = 454.0 + offset + 12.0 * girl + 85.0 * a_read
                    mean_math = 462.0 + offset - 4.0 * girl + 85.0 * a_math
                    pv = [max(0, round(100 * gauss(mean_read, 30.0))) for _ in range(PVS)]
                    pv += [max(0, round(100 * gauss(mean_math, 30.0))) for _ in range(PVS)]
                    g = (c * 3 + sex_class) * 160 + pattern
                    scored[g] += w5
                    students[g] += 1
                    at = g * n_pv
                    for m in range(n_pv):
                        if pv[m] >= cuts[m]:
                            proficient[at + m] += w5
                    student_id += 1
                    escs = "" if random_() < 0.02 else f"{gauss(-0.6, 1.0):.4f}"
                    repeat = "" if random_() < 0.01 else ("1" if random_() < 0.04 else "0")
                    grade = grade_mode + (1 if random_() < 0.3 else 0) - (1 if random_() < 0.05 else 0)
                    buf.append(
                        f"{cnt},{YEAR},{fixed(w5, 5)},{sex},"
                        + ",".join([f"{v // 100}.{v % 100:02d}" for v in pv]) + ","
                        + template.format(fixed(3 * w5 // 2, 5), fixed(w5 // 2, 5))
                        + f",{prefix_school},{m49 * 1000000 + student_id},{stratum},{region},0,2,313,{grade},"
                        f"{15.25 + random_():.2f},{escs},{repeat},{1 + (random_() < 0.1) + (random_() < 0.05)}\n")
                    row += 1
                if len(buf) >= 20000:
                    f.write("".join(buf))
                    buf = []
                school += 1
        f.write("".join(buf))
    os.replace(tmp, out)
    if expected_path:
        write_expected(expected_path, rows, scored, proficient, students, factors)
    print(out)


def write_expected(path, rows, scored, proficient, students, factors):
    """The estimates and standard errors a correct reading of the file gives (see the docstring)."""
    n_pv = len(SUBJECTS) * PVS
    scale = 1 / (REPLICATES * (1 - FAY) ** 2)
    values = []
    by_replicate = [[factors[p][r] for p in range(160)] for r in range(REPLICATES)]

    def shares(c, sex_classes, m):
        """θ for the full sample and each replicate: 100 × proficient / scored, exact sums."""
        y = [sum(proficient[((c * 3 + k) * 160 + p) * n_pv + m] for k in sex_classes) for p in range(160)]
        x = [sum(scored[(c * 3 + k) * 160 + p] for k in sex_classes) for p in range(160)]
        full = 100 * sum(y) / sum(x)
        reps = []
        for f in by_replicate:
            reps.append(100 * sum(map(int.__mul__, f, y)) / sum(map(int.__mul__, f, x)))
        return full, reps

    def rubin(draws):
        """Mean of the PVs' estimates and SE by Rubin's rules from [(θ_m, [θ_m,r])]."""
        thetas = [t for t, _ in draws]
        mean = sum(thetas) / len(thetas)
        within = sum(scale * sum((x - t) ** 2 for x in reps) for t, reps in draws) / len(draws)
        between = sum((t - mean) ** 2 for t in thetas) / (len(thetas) - 1)
        return mean, math.sqrt(within + (1 + 1 / len(thetas)) * between)

    for c, (cnt, *_rest) in enumerate(COUNTRIES):
        n = {k: sum(students[(c * 3 + k) * 160 + p] for p in range(160)) for k in range(3)}
        for s, (subject, _cut) in enumerate(SUBJECTS):
            uis = f"MPL.L2.GLAST.{'READING' if subject == 'READ' else 'MATH'}"
            pvs = range(s * PVS, (s + 1) * PVS)
            by_sex = {}
            for sex, classes, suffix in (("_T", (0, 1, 2), ""), ("F", (0,), ".F"), ("M", (1,), ".M")):
                draws = [shares(c, classes, m) for m in pvs]
                by_sex[sex] = draws
                est, se = rubin(draws)
                values.append({"indicator": "mpl", "uis_id": uis + suffix, "country": cnt, "year": YEAR,
                               "sex": sex, "value": est, "se": se, "sample_size": sum(n[k] for k in classes)})
            draws = [(gpia(f[0], m_[0]), [gpia(x, y) for x, y in zip(f[1], m_[1])])
                     for f, m_ in zip(by_sex["F"], by_sex["M"])]
            mean_of_pvs, se = rubin(draws)
            # The value is the index of the F and M values (each averaged over the PVs), as sdg4
            # publishes it (docs/methodology.md); R's survey + mitools gives the mean of the per-PV
            # indices (kept as value_mean_of_pvs). The SE is Rubin's over the per-PV indices in both.
            value = gpia(rubin(by_sex["F"])[0], rubin(by_sex["M"])[0])
            values.append({"indicator": "mpl.gpia", "uis_id": uis + ".GPIA", "country": cnt, "year": YEAR,
                           "sex": "_T", "value": value, "value_mean_of_pvs": mean_of_pvs, "se": se,
                           "sample_size": n[0] + n[1]})
    with open(os.path.abspath(__file__), "rb") as f:
        generator = hashlib.sha256(f.read()).hexdigest()
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"rows": rows, "generator_sha256": generator, "values": values}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
