#!/usr/bin/env python3
"""Writes expected-indicators.csv for this fixture by applying the formulas of indicators.md
by hand to the fixture's counts (README.md explains each number). Independent of sdg4's code:
re-run only when the fixture or a formula changes on purpose, and check the diff by eye.

KGZ 2019 structure (indicators.md §1.4): primary 7-10, lower sec 11-15, upper sec 16-17.
"""

def gpia(f, m):  # indicators.md §4, adjusted parity
    return f / m if f <= m else 2 - m / f

def num(x):  # as sdg4 writes numbers: shortest round-trip, whole numbers without ".0"
    return str(int(x)) if x == int(x) else repr(x)

E = {("1", "F"): 42, ("1", "M"): 45, ("2", "F"): 48, ("2", "M"): 57, ("3", "F"): 18, ("3", "M"): 20}
for s in "FM":
    E[("2T3", s)] = E[("2", s)] + E[("3", s)]
P = {("1", "F"): 40, ("1", "M"): 48, ("2", "F"): 50, ("2", "M"): 60, ("3", "F"): 20, ("3", "M"): 24,
     ("2T3", "F"): 70, ("2T3", "M"): 84}
ages = {"1": "7-10", "2": "11-15", "3": "16-17", "2T3": "11-17"}
rows, ger = [], {}
for lv in ("1", "2", "3", "2T3"):
    et, pt = E[(lv, "F")] + E[(lv, "M")], P[(lv, "F")] + P[(lv, "M")]
    for s, e, p in (("_T", et, pt), ("F", E[(lv, "F")], P[(lv, "F")]), ("M", E[(lv, "M")], P[(lv, "M")])):
        v = 100 * e / p  # GER §2.1
        ger[(lv, s)] = v
        uid = f"GER.{lv}" + ("" if s == "_T" else "." + s)
        rows.append(["ger", uid, "", "KGZ", "2019", lv, s, "_T", "_T", ages[lv], num(v), num(e), num(p), "percent", "", "enrolment;population"])
    f, m = ger[(lv, "F")], ger[(lv, "M")]
    rows.append(["ger.gpia", f"GER.{lv}.GPIA", "", "KGZ", "2019", lv, "_T", "_T", "_T", ages[lv], num(gpia(f, m)), num(f), num(m), "index", "", "enrolment;population"])
# Net enrolment (§2.2, §2.6): only girls' primary enrolment is given by age (7-10: 42 pupils,
# all of primary age) and only primary, lower and upper secondary exist, so NER.1.F is the one
# net rate with all it needs: 100 × 42 / 40 = 105 > 100, capped by the factor 42/40 = 1.05 to
# exactly 100 (numerator 42 / 1.05 = 40). TNER.1.F would need girls' secondary enrolment by age.
factor = 42 / 40
rows.append(["ner", "NER.1.F.CP", "", "KGZ", "2019", "1", "F", "_T", "_T", "7-10", num(100 * 42 / 40 / factor), num(42 / factor), "40", "percent", "capped", "enrolment;population"])
rows.append(["ftp", "FTP.1", "", "KGZ", "2019", "1", "_T", "_T", "_T", "", num(100 * 3 / 4), "3", "4", "percent", "", "uis"])
rows.append(["ptr", "PTRHC.1", "", "KGZ", "2019", "1", "_T", "_T", "_T", "", num(87 / 4), "87", "4", "pupils per teacher", "", "uis;enrolment"])
ro = {}
for s, o, p in (("_T", 2, 88), ("F", 1, 40), ("M", 1, 48)):
    v = 100 * o / p  # ROFST §2.9
    ro[s] = v
    uid = "ROFST.1" + ("" if s == "_T" else "." + s) + ".CP"
    rows.append(["rofst", uid, "", "KGZ", "2019", "1", s, "_T", "_T", "7-10", num(v), num(o), num(p), "percent", "", "uis;population"])
rows.append(["rofst.gpia", "ROFST.1.GPIA.CP", "", "KGZ", "2019", "1", "_T", "_T", "_T", "7-10", num(gpia(ro["F"], ro["M"])), num(ro["F"]), num(ro["M"]), "index", "", "uis;population"])

# indicators.csv order: indicator, country, year, level (ISCED order), sex (_T, F, M).
levels = ["0", "01", "02", "1", "2", "3", "2T3", "4", "5", "6", "7", "8", "5T8"]
rows.sort(key=lambda r: (r[0], r[3], int(r[4]), levels.index(r[5]), ["_T", "F", "M"].index(r[6])))
header = ("indicator,uis_id,sdg_series,country,year,level,sex,location,wealth,age_group,value,numerator,denominator,"
          "unit,flags,sources,se,ci_lower,ci_upper,sample_size")
# Administrative values only: no standard error, interval or sample size (the last four columns).
with open("expected-indicators.csv", "w") as f:
    f.write(header + "\n" + "".join(",".join(r + ["", "", "", ""]) + "\n" for r in rows))
