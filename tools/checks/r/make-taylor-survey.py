#!/usr/bin/env python3
"""Writes a small, synthetic, deterministic stratified cluster household survey (person records)
for checking sdg4's Taylor-linearised standard errors against R's survey package
(tools/checks/r/taylor-se.R).

    python3 tools/checks/r/make-taylor-survey.py OUTPUT.csv

Design: strata 1-6 with 3-8 clusters each, plus stratum 7 with a single cluster (a lonely PSU);
cluster ids restart at 1 in every stratum, so a PSU is (Stratum, Cluster). Weights are constant
within a cluster and vary between clusters (as a household survey's cluster weights); Area is a
cluster property. Literate is 0/1, empty for about 4 % of persons (unknown literacy: outside the
denominator). Standard library only; the same seed always writes the same bytes.
"""
import csv
import random
import sys

SEED = 20180401
COLUMNS = ["Country", "Year", "Weight", "Age", "Sex", "Area", "Quintile", "Stratum", "Cluster", "Literate"]


def rows(rng):
    clusters_per_stratum = [rng.randint(3, 8) for _ in range(6)] + [1]   # stratum 7: lonely PSU
    for stratum, n_clusters in enumerate(clusters_per_stratum, start=1):
        for cluster in range(1, n_clusters + 1):
            urban = rng.random() < (0.9 if stratum == 7 else 0.45)
            weight = round(rng.uniform(150.0, 1500.0), 6)        # cluster weight
            size = rng.randint(28, 47)
            for _ in range(size):
                # Ages 15-60, with more of the young so that 15-24 has enough persons per domain.
                age = rng.randint(15, 24) if rng.random() < 0.35 else rng.randint(15, 60)
                sex = rng.choice("FM")
                quintile = min(5, max(1, round(rng.gauss(3.8 if urban else 2.2, 1.1))))
                # Literacy lower for older, rural, poorer persons; women above 30 less literate than
                # men, women 15-24 more (so the parity index takes both branches, d <= a and d > a).
                female_gap = 0.0 if sex == "M" else (0.08 if age <= 24 else -0.08 if age > 30 else 0.0)
                p = 0.97 - 0.006 * (age - 15) - (0 if urban else 0.10) - 0.04 * (5 - quintile) \
                    + female_gap + 0.04 * (stratum % 3)
                p = min(0.99, max(0.05, p))
                literate = "" if rng.random() < 0.04 else ("1" if rng.random() < p else "0")
                yield ["KAZ", "2018", f"{weight:.6f}", str(age), sex, "urban" if urban else "rural",
                       str(quintile), str(stratum), str(cluster), literate]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-taylor-survey.py OUTPUT.csv")
    with open(sys.argv[1], "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
