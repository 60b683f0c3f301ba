#!/usr/bin/env python3
"""A deterministic student-level EMIS extract for the benchmark: one row per pupil.

Columns: country, year, region (Cyrillic names, some quoted with commas), school_id, location,
sex, age, grade, isced, enrolled, repeater, score_read, score_math (sometimes empty), weight.
Also writes population.csv (by country, year, sex and single age) so that sdg4 computes GER.

Usage: make-students.py ROWS OUT_DIR
"""
import os
import random
import sys

REGIONS = {
    "KGZ": ["Бишкек", "Ош", "Чуйская область", "\"Иссык-Кульская область, юг\"", "Нарынская область"],
    "UZB": ["Ташкент", "Самарканд", "\"Ферганская область, город\"", "Бухара", "Хорезм"],
}
LEVELS = [("1", 1, 4, 7), ("2", 5, 9, 11), ("3", 10, 11, 16)]  # isced, first grade, last grade, entry age


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20261127)
    path = os.path.join(out, f"students-{rows}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("country,year,region,school_id,location,sex,age,grade,isced,enrolled,repeater,score_read,score_math,weight\n")
        buf = []
        for i in range(rows):
            country = "KGZ" if i % 3 else "UZB"
            year = 2023 + (i % 2)
            isced, g0, g1, entry = LEVELS[rnd.randrange(3)]
            grade = rnd.randint(g0, g1)
            age = entry + (grade - g0) + rnd.choice((-1, 0, 0, 0, 0, 1, 2))
            sex = "F" if rnd.random() < 0.49 else "M"
            loc = "U" if rnd.random() < 0.4 else "R"
            region = rnd.choice(REGIONS[country])
            read = "" if rnd.random() < 0.1 else f"{rnd.gauss(480, 90):.1f}"
            math = "" if rnd.random() < 0.1 else f"{rnd.gauss(470, 95):.1f}"
            buf.append(f"{country},{year},{region},{100000 + rnd.randrange(9000)},{loc},{sex},{age},{grade},{isced},1,"
                       f"{1 if rnd.random() < 0.02 else 0},{read},{math},{rnd.uniform(0.5, 2.0):.4f}\n")
            if len(buf) >= 100000:
                f.writelines(buf)
                buf = []
        f.writelines(buf)
    with open(os.path.join(out, "population.csv"), "w", encoding="utf-8") as f:
        f.write("country,year,sex,age,population\n")
        for country in ("KGZ", "UZB"):
            for year in (2023, 2024):
                for sex in ("F", "M"):
                    for age in range(3, 25):
                        f.write(f"{country},{year},{sex},{age},{rows}\n")
    print(path)


if __name__ == "__main__":
    main()
