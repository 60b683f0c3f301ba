#!/usr/bin/env python3
"""Reads sdg4's SDMX-CSV export with a real SDMX client (sdmx1) against an SDG data structure
and checks it:

- the same observations as indicators.csv (every value of an indicator that has an SDG
  series, by country, year, sex, location, wealth and level), with the same values;
- every code of every dimension and attribute is in the structure's code lists, except the
  global SDG series that a national structure lacks (listed below, from the structure's README);
- the attributes LOWER_BOUND and UPPER_BOUND carry indicators.csv's ci_lower and ci_upper
  (the 95 % interval of survey and assessment values), and only where it has them.

The structure is ../shared/reference/sdmx/SDG_DSD.KG_1.8.xml (Kyrgyzstan's national SDG
structure) when present; otherwise one built here with the dimensions of the SDG structure and
the code lists sdg4's mapping file (Sources/SDG4Report/Resources/sdmx-series.csv) needs.

Usage: check-sdmx.py REPORTS_DIR [DSD.xml]
"""
import csv
import os
import re
import sys

import logging

import sdmx
from sdmx.model import common, v21

logging.getLogger("sdmx").setLevel(logging.ERROR)

# Global SDG series absent from the national structure (SDG_DSD.KG_1.8.xml's README).
GLOBAL_ONLY = {"SE_TOT_CPLR", "SE_AGP_CPRA", "SE_ALP_CPLR", "SE_AWP_CPRA"}
DIMENSIONS = ["FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION",
              "INCOME_WEALTH_QUANTILE", "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN",
              "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT"]
M49 = {"KAZ": "398", "KGZ": "417", "TJK": "762", "TKM": "795", "UZB": "860", "143": "143"}


def built_structure(mapping):
    """A DSD with the SDG dimensions and code lists holding the codes sdg4 may write."""
    codes = {
        "FREQ": ["A"], "REPORTING_TYPE": ["G", "N", "R"], "SERIES": sorted({m["series"] for m in mapping}),
        "REF_AREA": sorted(M49.values()), "SEX": ["F", "M", "_T"], "AGE": ["_T", "Y15T24", "Y25T54", "Y25T64"], "URBANISATION": ["U", "R", "_T"],
        "INCOME_WEALTH_QUANTILE": ["Q1", "Q2", "Q3", "Q4", "Q5", "_T"],
        "EDUCATION_LEV": ["_T", "ISCED11_02", "ISCED11_1", "ISCED11_2", "ISCED11_3", "ISCED11_4", "AGG_2_3", "AGG_5T8", "AGG_1T3",
                          "ISCED11A_0_G23", "ISCED11A_1", "ISCED11A_2"],
        "OCCUPATION": ["_T"], "CUST_BREAKDOWN": ["_T"], "COMPOSITE_BREAKDOWN": ["_T", "SKILL_READ", "SKILL_MATH"],
        "DISABILITY_STATUS": ["_T"], "ACTIVITY": ["_T"], "PRODUCT": ["_T"],
        "OBS_STATUS": ["A", "B", "E", "U"], "UNIT_MULT": ["0"], "UNIT_MEASURE": ["PT", "IX", "NUMBER", "RO"],
        "NATURE": ["C", "CA", "E"],
    }
    dsd = v21.DataStructureDefinition(id="SDG")
    lists = {}
    for name, ids in codes.items():
        cl = common.Codelist(id="CL_" + name)
        for i in ids:
            cl.append(common.Code(id=i))
        lists[name] = cl
    for name in DIMENSIONS:
        dsd.dimensions.getdefault(name, local_representation=common.Representation(enumerated=lists[name]))
    dsd.dimensions.getdefault("TIME_PERIOD", cls=common.TimeDimension)
    for name in ["OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE", "NATURE"]:
        dsd.attributes.getdefault(name, local_representation=common.Representation(enumerated=lists[name]))
    for name in ["COMMENT_OBS", "LOWER_BOUND", "UPPER_BOUND"]:
        dsd.attributes.getdefault(name)
    dsd.measures.getdefault("OBS_VALUE")
    return dsd, lists


def code_lists_of(dsd):
    out = {}
    for component in list(dsd.dimensions.components) + list(dsd.attributes.components):
        rep = component.local_representation
        if rep is not None and rep.enumerated is not None:
            out[component.id] = rep.enumerated
    return out


def main():
    reports = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    with open(os.path.join(root, "Sources/SDG4Report/Resources/sdmx-series.csv"), encoding="utf-8") as f:
        mapping = list(csv.DictReader(f))
    series_of = {m["indicator"]: m["series"] for m in mapping}
    dsd_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "..", "shared", "reference", "sdmx", "SDG_DSD.KG_1.8.xml")
    if os.path.exists(dsd_path):
        dsd = sdmx.read_sdmx(dsd_path).structure["SDG"]
        where = os.path.basename(dsd_path)
    else:
        dsd, _ = built_structure(mapping)
        where = "a structure built from the mapping file (../shared absent)"
    lists = code_lists_of(dsd)
    message = sdmx.read_sdmx(os.path.join(reports, "sdmx", "sdg4.csv"), structure=dsd)
    observations = [o for ds in message.data for o in ds.obs]
    failures = []

    # Every code in its code list.
    for o in observations:
        key = o.key.values
        for name in DIMENSIONS:
            value = key[name].value
            if name in lists and value not in lists[name]:
                if name == "SERIES" and value in GLOBAL_ONLY:
                    continue
                failures.append(f"{name}={value} not in {lists[name].id}")
        for name, attr in o.attached_attribute.items():
            # An empty cell is an attribute not given (NATURE of the Central Asia aggregate).
            if name in lists and str(attr.value) != "" and attr.value not in lists[name]:
                failures.append(f"{name}={attr.value} not in {lists[name].id}")

    # The same observations as indicators.csv.
    got = {}
    bounds = {}
    status = {}
    for o in observations:
        k = o.key.values
        key = (k["SERIES"].value, k["REPORTING_TYPE"].value, k["REF_AREA"].value, k["SEX"].value, k["AGE"].value,
               k["URBANISATION"].value, k["INCOME_WEALTH_QUANTILE"].value, k["EDUCATION_LEV"].value,
               k["COMPOSITE_BREAKDOWN"].value, int(str(k["TIME_PERIOD"].value)))
        got[key] = float(o.value)
        attrs = o.attached_attribute
        bound = tuple(float(attrs[n].value) if n in attrs and str(attrs[n].value) != "" else None
                      for n in ("LOWER_BOUND", "UPPER_BOUND"))
        bounds[key] = bound
        status[key] = tuple(str(attrs[n].value) if n in attrs else "" for n in ("OBS_STATUS", "NATURE", "COMMENT_OBS"))
    levels = {"": "_T", "02": "ISCED11_02", "1": "ISCED11_1", "2": "ISCED11_2", "3": "ISCED11_3", "4": "ISCED11_4",
              "2T3": "AGG_2_3", "5T8": "AGG_5T8", "1T3": "AGG_1T3"}
    want = {}
    want_bounds = {}
    want_flags = {}
    rows = 0
    with open(os.path.join(reports, "indicators.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            series = series_of.get(r["indicator"])
            if series is None:
                continue
            rows += 1
            uis = r["uis_id"].upper()
            skill = "SKILL_READ" if "READ" in uis else "SKILL_MATH" if "MATH" in uis else "_T"
            level = levels.get(r["level"], "_T")
            if r["indicator"].startswith("mpl"):
                level = ("ISCED11A_0_G23" if ".G2T3" in uis or ".G23" in uis else
                         "ISCED11A_1" if ".L1." in uis else "ISCED11A_2" if ".L2." in uis else level)
            m = re.search(r"AG(\d+)T(\d+)", uis)
            age = f"Y{m.group(1)}T{m.group(2)}" if m else "_T"
            reporting = "R" if r["country"] == "143" else "N"
            key = (series, reporting, M49.get(r["country"], r["country"]), r["sex"], age, r["location"], r["wealth"],
                   level, skill, int(r["year"]))
            if key in want:
                failures.append(f"two values of indicators.csv share the SDMX key {key}")
            want[key] = float(r["value"])
            want_bounds[key] = tuple(float(r[c]) if r.get(c) else None for c in ("ci_lower", "ci_upper"))
            want_flags[key] = [f for f in r["flags"].split(";") if f]
    if set(got) != set(want):
        failures.append(f"observations differ: {len(set(want) - set(got))} missing, {len(set(got) - set(want))} extra")
    for k in set(got) & set(want):
        if abs(got[k] - want[k]) > 1e-9 * max(1, abs(want[k])):
            failures.append(f"{k}: {got[k]} in SDMX, {want[k]} in indicators.csv")
    # Flags travel: a value flagged as unreliable is not "normal" (A), every flag is in
    # COMMENT_OBS, and NATURE is empty exactly for the aggregate (REPORTING_TYPE R).
    unreliable = {"estimate", "age-redistributed", "low-reliability", "imprecise", "implausible"}
    flagged = 0
    for k in set(status) & set(want_flags):
        obs_status, nature, comment = status[k]
        flags = want_flags[k]
        flagged += bool(flags)
        if unreliable & set(flags) and obs_status not in ("E", "U"):
            failures.append(f"{k}: flags {flags} but OBS_STATUS {obs_status}")
        if any(f not in comment for f in flags):
            failures.append(f"{k}: flags {flags} missing from COMMENT_OBS {comment!r}")
        if (nature == "") != (k[1] == "R"):
            failures.append(f"{k}: NATURE {nature!r} for REPORTING_TYPE {k[1]}")
    with_bounds = 0
    for k in set(bounds) & set(want_bounds):
        if (bounds[k][0] is None) != (want_bounds[k][0] is None) or any(
                a is not None and abs(a - b) > 1e-9 * max(1, abs(b)) for a, b in zip(bounds[k], want_bounds[k])):
            failures.append(f"{k}: interval {bounds[k]} in SDMX, {want_bounds[k]} in indicators.csv")
        with_bounds += bounds[k][0] is not None
    print(f"sdmx check: {len(observations)} observations read by sdmx1 against {where}; "
          f"{rows} values of indicators.csv with an SDG series; {with_bounds} with LOWER_BOUND and UPPER_BOUND; "
          f"{flagged} flagged values carried in OBS_STATUS and COMMENT_OBS")
    if failures:
        print("\n".join(failures[:30]))
        sys.exit(1)


if __name__ == "__main__":
    main()
