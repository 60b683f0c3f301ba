#!/usr/bin/env python3
"""Writes the synthetic sample data in sample-data/ (deterministic: same output every run).

The numbers are invented, shaped to look like Central Asian education data: cohort sizes,
enrolment patterns and teacher counts of the same magnitude as UIS's published figures
(for example about 460 thousand primary school-age children in Kyrgyzstan and 2.3 million
in Uzbekistan). They are NOT official statistics.

Run from the repository root:  python3 tools/make-sample-data.py
"""
import csv
import io
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-data")
YEARS = range(2015, 2025)
FEMALE_SHARE = 0.487

# Education structures: indicators.md §1.4 (primary entry age, durations P/LS/US).
def structure(country, year):
    if country == "KAZ":
        return (7 if year < 2020 else 6, 4, 5, 2)
    if country == "TKM":
        return (6, 4, 6, 2) if year >= 2014 else (7, 3, 5, 2)
    if country == "UZB":
        return (7, 4, 5, 3)
    return (7, 4, 5, 2)

# Per country: births per year around 2005 (thousands), yearly growth of births, participation
# at compulsory ages (girls, boys), share of pupils one grade behind (repeaters: they make GER
# exceed 100), share entering a year early, pre-primary participation at the last pre-primary
# age, upper-secondary participation, tertiary participation, primary pupils per teacher, share
# of female primary teachers, pupils per teacher pre-primary and secondary, share of trained
# teachers (women, men), share of schools with each basic service, GDP (millions of national
# currency, 2015), government spending as a share of GDP and education's share of it, and how
# the file spells the country and the sexes.
COUNTRIES = {
    "KAZ": dict(births=300, growth=0.030, basic=(0.996, 0.994), behind=0.05, early=0.04, pre=0.75, upper=0.93, tert=0.50, ptr1=20.5, ftp1=0.981, ptr02=9.5, ptr23=6.7, trained=(0.99, 0.95), services=dict(electricity=1.0, internet=0.80, computers=0.85, adapted_infrastructure=0.35, drinking_water=0.95, sanitation=0.90, handwashing=0.90), gdp=40_800_000, spend=0.22, edu=0.16, name="Kazakhstan", sexes=("F", "M")),
    "KGZ": dict(births=110, growth=0.025, basic=(0.986, 0.988), behind=0.06, early=0.02, pre=0.45, upper=0.80, tert=0.42, ptr1=24.8, ftp1=0.962, ptr02=14.0, ptr23=10.4, trained=(0.97, 0.40), services=dict(electricity=0.99, internet=0.55, computers=0.70, adapted_infrastructure=0.15, drinking_water=0.85, sanitation=0.75, handwashing=0.70), gdp=430_000, spend=0.33, edu=0.19, name="KGZ", sexes=("Female", "Male")),
    "TJK": dict(births=185, growth=0.022, basic=(0.962, 0.984), behind=0.02, early=0.01, pre=0.14, upper=0.70, tert=0.30, ptr1=22.3, ftp1=0.760, ptr02=11.4, ptr23=9.9, trained=(0.96, 0.93), services=dict(electricity=0.93, internet=0.25, computers=0.50, adapted_infrastructure=0.08, drinking_water=0.70, sanitation=0.60, handwashing=0.55), gdp=48_400, spend=0.29, edu=0.17, name="762", sexes=("F", "M")),
    "TKM": dict(births=100, growth=0.012, basic=(0.972, 0.970), behind=0.01, early=0.00, pre=0.60, upper=0.85, tert=0.12, ptr1=19.6, ftp1=0.830, ptr02=9.0, ptr23=9.5, trained=(0.98, 0.96), services=dict(electricity=1.0, internet=0.40, computers=0.75, adapted_infrastructure=0.10, drinking_water=0.92, sanitation=0.85, handwashing=0.85), gdp=130_000, spend=0.14, edu=0.20, name="Turkmenistan", sexes=("girls", "boys")),
    "UZB": dict(births=560, growth=0.020, basic=(0.985, 0.987), behind=0.04, early=0.01, pre=0.40, upper=0.85, tert=0.10, ptr1=21.1, ftp1=0.906, ptr02=11.6, ptr23=10.3, trained=(0.99, 0.98), services=dict(electricity=0.98, internet=0.45, computers=0.65, adapted_infrastructure=0.12, drinking_water=0.80, sanitation=0.70, handwashing=0.65), gdp=210_000_000, spend=0.25, edu=0.21, name="Uzbekistan", sexes=("F", "M")),
}

def cohort(rng_country, c, birth_year, sex):
    """Persons of one birth cohort and sex (survival folded in)."""
    p = COUNTRIES[c]
    base = p["births"] * 1000 * (1 + p["growth"]) ** (birth_year - 2005)
    share = FEMALE_SHARE if sex == "F" else 1 - FEMALE_SHARE
    return base * share * rng_country[(birth_year, sex)]

def level_of_grade(grade, s):
    a1, d1, d2, d3 = s
    if grade <= d1:
        return "1"
    if grade <= d1 + d2:
        return "2"
    return "3"

def main():
    rng = random.Random(20241126)
    noise = {c: {(y, s): rng.uniform(0.97, 1.03) for y in range(1980, 2030) for s in "FM"} for c in COUNTRIES}
    os.makedirs(os.path.join(ROOT, "emis"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "uis"), exist_ok=True)
    uis_rows = []
    finance_rows = []
    release_rows = []  # the out-of-school rates of the UIS release zip (make_uis_release)
    for c, p in COUNTRIES.items():
        pop_rows, enr_rows, rep_rows, teacher_rows, school_rows = [], [], [], [], []
        teachers_before = {}
        # Turkmenistan's series starts in 2013, so its 2014 change of structure (entry at 6,
        # 4+6+2) shows in the age groups of the outputs.
        for year in (range(2013, 2025) if c == "TKM" else YEARS):
            s = structure(c, year)
            a1, d1, d2, d3 = s
            grades = d1 + d2 + d3
            graduation = a1 + grades
            pop = {}
            enrol = {}  # (level, grade, sex, age) -> pupils
            for sex in "FM":
                for age in range(0, 30):
                    pop[(sex, age)] = round(cohort(noise[c], c, year - age, sex) * (1 - 0.002 * age))
                # School: a child of age x is mostly in grade x - a1 + 1; some entered a year
                # early, and some repeated a grade (from the second year on), so primary holds
                # more than its official ages and GER can exceed 100.
                basic = p["basic"][0 if sex == "F" else 1]
                for age in range(a1 - 1, graduation + 3):
                    n = pop[(sex, age)]
                    stay = basic if age < a1 + d1 + d2 else p["upper"] * (0.97 if sex == "F" and c == "TJK" else 1.0)
                    behind = p["behind"] if age > a1 else 0.0
                    behind2 = p["behind"] / 8 if age > a1 + 1 else 0.0  # repeated twice: over-age (4.1.5)
                    early = p["early"]
                    for offset, share in ((0, 1 - behind - behind2 - early), (-1, behind), (-2, behind2), (1, early)):
                        grade = age - a1 + 1 + offset
                        if 1 <= grade <= grades and share > 0:
                            level = level_of_grade(grade, s)
                            key = (level, grade, sex, age)
                            enrol[key] = enrol.get(key, 0) + round(n * stay * share * rng.uniform(0.995, 1.005))
                # Pre-primary: ages 3 to a1 - 1, rising with age and over the years.
                for age in range(3, a1):
                    rate = p["pre"] * (0.55 + 0.45 * (age - 2) / (a1 - 3)) * (1 + 0.02 * (year - 2015))
                    enrol[("02", None, sex, age)] = round(pop[(sex, age)] * min(rate, 0.95))
                # Tertiary: mostly the five years after upper-secondary graduation age.
                for age in range(graduation, 30):
                    rate = p["tert"] * (1.08 if sex == "F" and c in ("KAZ", "KGZ") else 1.0) * (1 + 0.015 * (year - 2015))
                    if age >= graduation + 5:
                        rate *= 0.08
                    enrol[("5T8", None, sex, age)] = round(pop[(sex, age)] * rate * rng.uniform(0.98, 1.02))
            f_label, m_label = p["sexes"]
            for sex in "FM":
                label = f_label if sex == "F" else m_label
                for age in range(0, 30):
                    pop_rows.append([p["name"], year, label, age, pop[(sex, age)]])
            for (level, grade, sex, age), n in sorted(enrol.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2], kv[0][3])):
                label = f_label if sex == "F" else m_label
                enr_rows.append([p["name"], year, level, "" if grade is None else grade, label, age, n])
            # Repeaters by grade: a small, country-specific share of each grade's pupils.
            for sex in "FM":
                label = f_label if sex == "F" else m_label
                for grade in range(1, grades + 1):
                    level = level_of_grade(grade, s)
                    pupils = sum(v for (lv, g, sx, a), v in enrol.items() if g == grade and sx == sex)
                    rep_rows.append([p["name"], year, level, grade, label, round(pupils * p["behind"] / 6 * rng.uniform(0.9, 1.1))])

            # Teachers and out-of-school counts come from the UIS bulk file.
            def total(level, sex):
                return sum(v for (lv, g, sx, a), v in enrol.items() if lv == level and sx == sex)
            E = {(lv, sx): total(lv, sx) for lv in ("02", "1", "2", "3", "5T8") for sx in "FM"}
            e1 = E[("1", "F")] + E[("1", "M")]
            e02 = E[("02", "F")] + E[("02", "M")]
            e23 = sum(E[(lv, sx)] for lv in ("2", "3") for sx in "FM")
            drift = 1 - 0.006 * (year - 2015)
            t1 = round(e1 / (p["ptr1"] * drift))
            t1f = round(t1 * p["ftp1"])
            t02 = round(e02 / p["ptr02"])
            t23 = round(e23 / p["ptr23"])
            t23f = round(t23 * 0.76)
            for ids, tot, fem in ((("20160", "20161", "42097"), t02, round(t02 * 0.99)), (("20162", "20163", "42099"), t1, t1f), (("20182", "20183", "42104"), t23, t23f)):
                uis_rows += [[ids[0], c, year, tot, "", ""], [ids[1], c, year, fem, "", ""], [ids[2], c, year, tot - fem, "", ""]]
            # Teachers in detail (national EMIS): trained, qualified and newly recruited, by
            # level and sex, consistent with the totals above (attrition about 4-7 % a year).
            f_label, m_label = p["sexes"]
            for level, tot, fem in (("02", t02, round(t02 * 0.99)), ("1", t1, t1f), ("2T3", t23, t23f)):
                for sex, n in (("F", fem), ("M", tot - fem)):
                    label = f_label if sex == "F" else m_label
                    trained = p["trained"][0 if sex == "F" else 1] * (1 + 0.002 * (year - 2015))
                    teacher_rows.append([p["name"], year, level, label, "trained_teachers", round(n * min(trained, 1.0))])
                    teacher_rows.append([p["name"], year, level, label, "qualified_teachers", round(n * 0.93)])
                    before = teachers_before.get((level, sex))
                    if before is not None:
                        new = max(0, n - before + round(before * rng.uniform(0.04, 0.07)))
                        teacher_rows.append([p["name"], year, level, label, "new_teachers", new])
                    teachers_before[(level, sex)] = n
            # Schools by level and the share with each basic service (4.a.1).
            for level, pupils_per_school in (("02", 80), ("1", 350), ("2", 400), ("3", 150)):
                pupils = e02 if level == "02" else E[(level, "F")] + E[(level, "M")]
                schools = round(pupils / pupils_per_school)
                school_rows.append([p["name"], year, level, "schools", schools])
                for service, share in p["services"].items():
                    grown = share + (0.03 * (year - 2015) if service in ("internet", "computers") else 0)
                    school_rows.append([p["name"], year, level, f"schools_with_{service}", round(schools * min(grown, 1.0))])
            # Public finance, millions of national currency (same source for all three).
            gdp = p["gdp"] * (1.09 ** (year - 2015))
            total_spending = gdp * p["spend"]
            finance_rows += [
                [p["name"], year, "gdp", round(gdp)],
                [p["name"], year, "expenditure_total", round(total_spending)],
                [p["name"], year, "expenditure_education", round(total_spending * p["edu"] * rng.uniform(0.97, 1.03))],
            ]
            # Out of school: official-age children enrolled in no level.
            ages = {"1": range(a1, a1 + d1), "2": range(a1 + d1, a1 + d1 + d2), "3": range(a1 + d1 + d2, graduation)}
            sap = {}
            for lv, rng_ages in ages.items():
                for sx in "FM":
                    enrolled = sum(v for (l2, g, s2, a), v in enrol.items() if s2 == sx and a in rng_ages)
                    population = sum(pop[(sx, a)] for a in rng_ages)
                    sap[(lv, sx)] = population
                    out = max(0, population - enrolled)
                    uis_rows.append([f"OFST.{lv}.{sx}.CP", c, year, out, "", ""])
                    if lv == "1":
                        release_rows.append([f"ROFST.1.{sx}.CP", c, year, f"{100 * out / population:.5f}", "", ""])
                uis_rows.append([f"OFST.{lv}.CP", c, year, sum(r[3] for r in uis_rows[-2:]), "", ""])
                if lv == "1":
                    total = sap[("1", "F")] + sap[("1", "M")]
                    release_rows.append(["ROFST.1.CP", c, year, f"{100 * uis_rows[-1][3] / total:.5f}", "", ""])
            # Values "UIS published", computed from the same synthetic counts and rounded to
            # 5 decimals as UIS stores them, so that published.csv shows the comparison.
            ger = {sx: 100 * E[("1", sx)] / sap[("1", sx)] for sx in "FM"}
            ger_t = 100 * e1 / (sap[("1", "F")] + sap[("1", "M")])
            gpia = ger["F"] / ger["M"] if ger["F"] <= ger["M"] else 2 - ger["M"] / ger["F"]
            for uid, v in (("GER.1", ger_t), ("GER.1.F", ger["F"]), ("GER.1.M", ger["M"]), ("GER.1.GPIA", gpia), ("PTRHC.1", e1 / t1), ("FTP.1", 100 * t1f / t1)):
                uis_rows.append([uid, c, year, f"{v:.5f}", "", ""])
        with open(os.path.join(ROOT, "emis", f"population-{c}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Country", "Year", "Sex", "Age", "Population"])
            w.writerows(pop_rows)
        with open(os.path.join(ROOT, "emis", f"teachers-{c}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Country", "Year", "ISCED", "Sex", "Measure", "Teachers"])
            w.writerows(teacher_rows)
        with open(os.path.join(ROOT, "emis", f"schools-{c}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Country", "Year", "ISCED", "Measure", "Schools"])
            w.writerows(school_rows)
        with open(os.path.join(ROOT, "emis", f"repeaters-{c}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Country", "Year", "ISCED", "Grade", "Sex", "Repeaters"])
            w.writerows(rep_rows)
        with open(os.path.join(ROOT, "emis", f"enrolment-{c}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Country", "Year", "ISCED", "Grade", "Sex", "Age", "Pupils"])
            w.writerows(enr_rows)
    # Rows a real bulk file also holds: another country and an id sdg4 does not use.
    os.makedirs(os.path.join(ROOT, "finance"), exist_ok=True)
    with open(os.path.join(ROOT, "finance", "finance-central-asia.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Country", "Year", "Measure", "Value"])
        w.writerows(finance_rows)
    make_uis_release(release_rows)
    uis_rows += [["20062", "FRA", 2019, 4231000, "", ""], ["299905", "KGZ", 2019, 7, "", ""]]
    with open(os.path.join(ROOT, "uis", "uis-bdds-central-asia.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["INDICATOR_ID", "COUNTRY_ID", "YEAR", "VALUE", "MAGNITUDE", "QUALIFIER"])
        w.writerows(uis_rows)

SURVEYS = [  # country, survey year, fieldwork months, persons, urban share, file name
    ("KAZ", 2015, (9, 10, 11), 9000, 0.55, "mics5-KAZ-2015.csv"),
    ("KGZ", 2018, (9, 10, 11, 12), 9000, 0.35, "mics6-KGZ-2018.csv"),
    ("TJK", 2017, (2, 3, 4, 5), 9000, 0.27, "dhs-TJK-2017.csv"),
    ("TKM", 2019, (9, 10, 11), 8000, 0.50, "mics6-TKM-2019.csv"),
    ("UZB", 2022, (3, 4, 5), 9000, 0.50, "mics6-UZB-2022.csv"),
]


def make_surveys():
    """Household-survey microdata: one person per row, with a sampling weight and the sampling
    design (stratum and cluster)."""
    rng = random.Random(4102)
    os.makedirs(os.path.join(ROOT, "survey"), exist_ok=True)
    for c, year, months, persons, urban_share, name in SURVEYS:
        a1, d1, d2, d3 = structure(c, year)
        grades = d1 + d2 + d3
        rows = []
        for _ in range(persons):
            urban = rng.random() < urban_share
            # Wealth quintile, richer in towns.
            q = min(5, max(1, int(rng.gauss(3.6 if urban else 2.4, 1.1) + 0.5)))
            sex = "F" if rng.random() < 0.5 else "M"
            age = min(60, int(rng.expovariate(1 / 24)))
            month = rng.choice(months)
            # Interview age vs school-year age: late fieldwork means older at interview.
            school_age = age - (1 if (month - 9) % 12 >= 6 else 0)
            advantage = 0.01 * (q - 3) + (0.01 if urban else -0.01)
            # Progress through school: on time, with a chance of stopping after each level.
            completed = 0
            if school_age >= a1 + 1:
                completed = min(school_age - a1, grades)
                if rng.random() > 0.995 + advantage / 2:
                    completed = min(completed, d1 - 1)  # left before finishing primary
                elif completed > d1 and rng.random() > 0.985 + advantage:
                    completed = d1
                elif completed > d1 + d2 and rng.random() > 0.90 + 2 * advantage - (0.04 if sex == "F" and c == "TJK" else 0):
                    completed = d1 + d2
            in_school_age = a1 - 1 <= school_age < a1 + grades
            attending = ""
            level = ""
            if 3 <= age <= 29:
                if in_school_age and school_age - a1 < completed + 1:
                    p_attend = 0.985 + advantage if school_age >= a1 else 0.55 + 5 * advantage
                else:
                    p_attend = 0.35 + 2 * advantage if school_age >= a1 + grades else 0.3
                att = rng.random() < p_attend
                attending = "1" if att else "0"
                if att:
                    if school_age < a1:
                        level = "02"
                    elif school_age < a1 + d1:
                        level = "1"
                    elif school_age < a1 + d1 + d2:
                        level = "2"
                    elif school_age < a1 + grades:
                        level = "3"
                    else:
                        level = "5T8"
            literate = ("1" if rng.random() < 0.995 + advantage / 4 else "0") if age >= 15 else ""
            participation = ""
            if 15 <= age <= 54:
                p_part = (0.55 if age <= 24 else 0.08) + 3 * advantage
                participation = "1" if rng.random() < p_part else "0"
            schooling = str(completed) if age >= 6 and rng.random() > 0.01 else ""
            weight = round(rng.uniform(0.6, 1.6), 4)
            rows.append([c, year, weight, age, sex, "urban" if urban else "rural", q, month, attending, level, schooling, literate, participation])
        # The sampling design (Stratum, Cluster) comes from a generator of its own, so that the
        # columns above stay as they were.
        add_survey_design(c, rows, random.Random(41020 + SURVEYS.index((c, year, months, persons, urban_share, name))))
        with open(os.path.join(ROOT, "survey", name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Country", "Year", "Weight", "Age", "Sex", "Area", "Quintile", "Month", "Attending", "LevelAttended", "YearsSchooling", "Literate", "Trained12m", "Stratum", "Cluster"])
            w.writerows(rows)


# Regions of each survey, in the order of their codes (1, 2, ...): the share of the sample drawn
# there and the share of it that is urban. Small regions are oversampled, as MICS and DHS do, so
# that every stratum (region x area) holds at least two clusters.
REGIONS = {
    "KAZ": [("Akmola", 0.06, 0.47), ("Aktobe", 0.05, 0.60), ("Almaty region", 0.10, 0.23), ("Atyrau", 0.04, 0.46),
            ("West Kazakhstan", 0.045, 0.50), ("Zhambyl", 0.06, 0.40), ("Karaganda", 0.075, 0.79), ("Kostanay", 0.05, 0.52),
            ("Kyzylorda", 0.045, 0.44), ("Mangystau", 0.04, 0.45), ("South Kazakhstan", 0.14, 0.38), ("Pavlodar", 0.045, 0.70),
            ("North Kazakhstan", 0.04, 0.43), ("East Kazakhstan", 0.075, 0.60), ("Astana city", 0.05, 1.0), ("Almaty city", 0.085, 1.0)],
    "KGZ": [("Batken", 0.09, 0.20), ("Jalal-Abad", 0.19, 0.20), ("Issyk-Kul", 0.08, 0.28), ("Naryn", 0.05, 0.18),
            ("Osh region", 0.19, 0.06), ("Talas", 0.05, 0.14), ("Chui", 0.15, 0.20), ("Bishkek city", 0.15, 1.0), ("Osh city", 0.05, 1.0)],
    "TJK": [("Dushanbe", 0.10, 1.0), ("GBAO", 0.06, 0.15), ("Sughd", 0.29, 0.25), ("Khatlon", 0.35, 0.18), ("DRS", 0.20, 0.12)],
    "TKM": [("Ashgabat city", 0.15, 1.0), ("Ahal", 0.17, 0.30), ("Balkan", 0.10, 0.55), ("Dashoguz", 0.19, 0.30),
            ("Lebap", 0.20, 0.35), ("Mary", 0.19, 0.30)],
    "UZB": [("Karakalpakstan", 0.055, 0.50), ("Andijan", 0.09, 0.52), ("Bukhara", 0.055, 0.37), ("Jizzakh", 0.04, 0.47),
            ("Kashkadarya", 0.10, 0.43), ("Navoi", 0.035, 0.50), ("Namangan", 0.08, 0.65), ("Samarkand", 0.11, 0.37),
            ("Surkhandarya", 0.08, 0.36), ("Syrdarya", 0.03, 0.43), ("Tashkent region", 0.09, 0.50), ("Fergana", 0.11, 0.57),
            ("Khorezm", 0.055, 0.34), ("Tashkent city", 0.08, 1.0)],
}


def add_survey_design(c, rows, rng):
    """Appends Stratum and Cluster to every person of a survey: a stratified cluster sample as
    MICS and DHS draw it. Stratum = region x area, coded region * 10 + 1 (urban) or 2 (rural),
    the region drawn given the person's Area; each stratum's persons are split into clusters of
    about 30 (at least two clusters per stratum), formed after sorting on the wealth quintile
    with some noise, so that a cluster's people are alike as neighbours are. Clusters are
    numbered 1, 2, ... over the whole survey (unique, like MICS's HH1)."""
    regions = REGIONS[c]
    strata = {}
    for i, row in enumerate(rows):
        urban = row[5] == "urban"
        weights = [share * (u if urban else 1 - u) for _, share, u in regions]
        region = rng.choices(range(1, len(regions) + 1), weights=weights)[0]
        strata.setdefault(region * 10 + (1 if urban else 2), []).append(i)
    cluster = 0
    for stratum in sorted(strata):
        members = strata[stratum]
        assert len(members) >= 40, (c, stratum, len(members))
        members.sort(key=lambda i: rows[i][6] + rng.gauss(0, 0.8))
        k = max(2, round(len(members) / 30))
        for j in range(k):
            cluster += 1
            for i in members[j * len(members) // k:(j + 1) * len(members) // k]:
                rows[i] += [stratum, cluster]


def hadamard_80():
    """A Hadamard matrix of order 80 by Paley's first construction (q = 79, a prime = 3 mod 4):
    H = I + S, S = [[0, 1...], [-1..., Q]], Q[i][j] the Legendre symbol of j - i modulo 79.
    Checked: H H^T = 80 I."""
    q = 79
    squares = {(x * x) % q for x in range(1, q)}
    chi = lambda a: 0 if a % q == 0 else (1 if a % q in squares else -1)
    n = q + 1
    s = [[0] * n for _ in range(n)]
    for j in range(1, n):
        s[0][j], s[j][0] = 1, -1
    for i in range(q):
        for j in range(q):
            s[i + 1][j + 1] = chi(j - i)
    h = [[s[i][j] + (1 if i == j else 0) for j in range(n)] for i in range(n)]
    for i in range(n):
        assert all(v in (1, -1) for v in h[i])
        for j in range(n):
            assert sum(h[i][k] * h[j][k] for k in range(n)) == (n if i == j else 0), "not a Hadamard matrix"
    return h


def add_replicate_weights(rows, rng, hadamard):
    """Appends the 80 Fay BRR replicate weights W_FSTURWT1..80 (Fay factor 0.5) as PISA builds
    them: the students are grouped into 160 pseudo-schools of 18-19 (sorted by area and, with
    some noise, SES quintile, the way PISA's sampling frame is sorted), and consecutive
    pseudo-schools are paired into 80 variance strata of two pseudo-PSUs. Replicate r multiplies
    the final weight W_FSTUWT by 1.5 in one half of stratum s and by 0.5 in the other: the first
    half gets 1.5 where row r, column s of the Hadamard matrix is +1."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i][4], rows[i][5] + rng.gauss(0, 0.8)))
    units = 160
    for u in range(units):
        stratum, first_half = u // 2, u % 2 == 0
        for i in order[u * len(rows) // units:(u + 1) * len(rows) // units]:
            w = rows[i][2]
            rows[i] += [round(w * (1.5 if (hadamard[r][stratum] == 1) == first_half else 0.5), 5) for r in range(80)]


ASSESSMENTS = [  # country, year, students, mean reading, mean math (PISA-like scale), file
    ("KAZ", 2022, 3000, 386, 425, "pisa-KAZ-2022.csv"),
    ("UZB", 2022, 3000, 336, 364, "pisa-UZB-2022.csv"),
]


def make_assessments():
    """Learning-assessment microdata: one 15-year-old student per row, 5 plausible values and
    80 Fay BRR replicate weights."""
    rng = random.Random(1141)
    hadamard = hadamard_80()
    os.makedirs(os.path.join(ROOT, "assessment"), exist_ok=True)
    for c, year, students, reading, math, name in ASSESSMENTS:
        rows = []
        for _ in range(students):
            urban = rng.random() < 0.55
            ses = min(5, max(1, int(rng.gauss(3.4 if urban else 2.6, 1.2) + 0.5)))
            sex = "F" if rng.random() < 0.5 else "M"
            shift = 18 * (ses - 3) + (8 if urban else -8)
            ability_r = rng.gauss(reading + shift + (12 if sex == "F" else -12), 80)
            ability_m = rng.gauss(math + shift + (-3 if sex == "F" else 3), 80)
            pv_r = [round(ability_r + rng.gauss(0, 25), 2) for _ in range(5)]
            pv_m = [round(ability_m + rng.gauss(0, 25), 2) for _ in range(5)]
            weight = round(rng.uniform(20, 80), 3)
            rows.append([c, year, weight, sex, "urban" if urban else "rural", ses] + pv_r + pv_m)
        # The replicate weights come from a generator of their own (the columns above stay as
        # they were).
        add_replicate_weights(rows, random.Random(11410 + [a[0] for a in ASSESSMENTS].index(c)), hadamard)
        with open(os.path.join(ROOT, "assessment", name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["CNT", "Year", "W_FSTUWT", "Gender", "Area", "ESCS_Q"]
                       + [f"PV{m}READ" for m in range(1, 6)] + [f"PV{m}MATH" for m in range(1, 6)]
                       + [f"W_FSTURWT{r}" for r in range(1, 81)])
            w.writerows(rows)


def make_census():
    """A student-level EMIS census: one pupil per row. Kept small: Kyrgyzstan's post-secondary
    non-tertiary (ISCED 4) pupils of 2024, about 9 000 rows."""
    rng = random.Random(417)
    rows = []
    for _ in range(9000):
        age = rng.choice([17, 18, 18, 19, 19, 19, 20, 20, 21, 22])
        rows.append(["KGZ", 2024, "4", "", age, "F" if rng.random() < 0.46 else "M"])
    rows.sort(key=lambda r: (r[4], r[5]))
    # Each pupil's final exam score (0-100, empty for about 8 % who did not sit it), from a
    # generator of its own so that the other columns stay as they were.
    exams = random.Random(4170)
    for r in rows:
        r.append("" if exams.random() < 0.08 else f"{min(100, max(0, exams.gauss(64 if r[5] == 'F' else 61, 14))):.1f}")
    with open(os.path.join(ROOT, "emis", "students-KGZ-2024-isced4.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Country", "Year", "ISCED", "Grade", "Age", "Sex", "Exam"])
        w.writerows(rows)


def make_uis_release(rows):
    """A UIS bulk-download release as UIS ships it (SDG.zip; the layout of UIS's readme): the
    primary out-of-school rates "UIS published" (computed from the same synthetic counts, five
    decimals), their footnotes, labels, country names, a regional aggregate and the regions'
    list (which sdg4 skips) and the readme with its release date. Written with fixed
    timestamps, so the archive's bytes do not change from run to run."""
    import zipfile
    rows = sorted(rows, key=lambda r: (r[0], r[1], r[2]))
    names = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan", "UZB": "Uzbekistan"}

    def table(header, body):
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)
        return out.getvalue()

    metadata = []
    for r in rows:
        if r[0] == "ROFST.1.CP":
            metadata.append([r[0], r[1], r[2], "Source", "UIS estimate from national enrolment and UN population (synthetic)"])
            if r[1] == "TJK" and r[2] >= 2022:
                metadata.append([r[0], r[1], r[2], "Under Coverage", "Students or individuals in private schools (synthetic)"])
    members = {
        "SDG_README_RELEASE_2026_September.md": "Dataset: Sustainable Development Goal 4\nRelease date: September 2026\n"
        "Data extracted on: 2026-Sep-15 10:00:00\n\nSYNTHETIC sample data of sdg4, laid out as UIS's bulk-download "
        "releases are (their readme describes the files). Every number is invented.\n",
        "SDG_DATA_NATIONAL.csv": table(["INDICATOR_ID", "COUNTRY_ID", "YEAR", "VALUE", "MAGNITUDE", "QUALIFIER"], rows),
        "SDG_DATA_REGIONAL.csv": table(["INDICATOR_ID", "REGION_ID", "YEAR", "VALUE", "MAGNITUDE", "QUALIFIER"],
                                       [["ROFST.1.CP", "SDG: Central and Southern Asia", 2024, "9.87654", "", ""]]),
        "SDG_METADATA.csv": table(["INDICATOR_ID", "COUNTRY_ID", "YEAR", "TYPE", "METADATA"], metadata),
        "SDG_LABEL.csv": table(["INDICATOR_ID", "INDICATOR_LABEL_EN"], [
            ["ROFST.1.CP", "Out-of-school rate for children of primary school age, both sexes (%)"],
            ["ROFST.1.F.CP", "Out-of-school rate for children of primary school age, female (%)"],
            ["ROFST.1.M.CP", "Out-of-school rate for children of primary school age, male (%)"]]),
        "SDG_COUNTRY.csv": table(["COUNTRY_ID", "COUNTRY_NAME_EN"], sorted(names.items())),
        "SDG_REGION.csv": table(["REGION_ID", "COUNTRY_ID", "COUNTRY_NAME_EN"],
                                [["SDG: Central and Southern Asia", c, n] for c, n in sorted(names.items())]),
    }
    with zipfile.ZipFile(os.path.join(ROOT, "uis", "SDG.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(2026, 9, 15, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, members[name])


def make_stat_table():
    """Kazakhstan's pupils of general schools (primary, ISCED 1) as the statistics office
    publishes them (docs/pipeline-file.md, "Files as they arrive"): two title lines, school
    years as columns, the republic and three oblasts, space thousands, a footnote mark on the
    latest (preliminary) value and the notes below. The republic's row is the sum of the EMIS
    file's primary pupils, so the two agree (sdg4 checks that they do); the oblasts are made up
    from it, and the pipeline keeps the republic's row only (`where:`)."""
    totals = {}
    with open(os.path.join(ROOT, "emis", "enrolment-KAZ.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["ISCED"] == "1":
                totals[int(r["Year"])] = totals.get(int(r["Year"]), 0) + int(r["Pupils"])
    years = list(range(2020, 2025))

    def spaced(n):
        return f"{n:,}".replace(",", " ")

    rows = [["Численность учащихся начальных классов дневных общеобразовательных школ"] + [""] * len(years),
            ["(на начало учебного года; человек)"] + [""] * len(years),
            ["Регион"] + [f"{y - 1}/{y}" for y in years]]
    rows.append(["Республика Казахстан"] + [spaced(totals[y]) for y in years[:-1]] + [spaced(totals[years[-1]]) + "*"])
    for name, share in [("Акмолинская область", 0.039), ("г. Алматы", 0.091), ("Туркестанская область", 0.118)]:
        rows.append([name] + [spaced(round(totals[y] * share)) for y in years])
    rows.append(["* Предварительные данные"] + [""] * len(years))
    rows.append(["Источник: Бюро национальной статистики (синтетические данные sdg4)"] + [""] * len(years))
    os.makedirs(os.path.join(ROOT, "stat"), exist_ok=True)
    with open(os.path.join(ROOT, "stat", "kaz-general-schools.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main()
    make_surveys()
    make_assessments()
    make_census()
    make_stat_table()
