#!/usr/bin/env python3
"""Opens sdg4's HTML reports in a real headless browser (Debian's chromium, driven by Selenium)
and checks what a reader sees:

- no console error on any page;
- every chart (inline SVG) has a non-zero size on screen;
- the headline table of each country report shows, for every indicator with a value, the
  latest value of indicators.csv (and the Central Asia value of the same year with its flags) (and its 95 % interval, ci_lower–ci_upper, for a survey value)
  rounded and written in the report's language (English
  1,234.5; Russian 1 234,5);
- summary.html lists every country and the Central Asia row;
- where progress.csv has rows, each country report's progress section shows every benchmark of
  the country with its status (in the page's language), and the summary's scorecard each
  country's status towards each indicator's latest benchmark year, coloured by status.

- no table needs sideways scrolling in a 1200 px window, nor is wider than the printed page (print
  media at A4's printable width);
- each page printed to PDF (Chromium's print, the page's own @page size): every headline
  indicator code of the page is in the PDF's text (pdftotext), and no heading (h2, h3) is
  printed without the start of what it heads on the same page.

It saves screenshots of one country report in both languages, and the PDFs. Run by `make test` (through
tools/browser/run.sh, which installs chromium, chromium-driver and selenium when missing).

Usage: check-reports.py REPORTS_DIR SCREENSHOT_DIR [COUNTRY]
"""
import base64
import csv
import json
import os
import re
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def decimals(uis_id):
    return 3 if uis_id.endswith("GPIA") else 1


def formatted(value, places, lang):
    text = f"{value:,.{places}f}"  # 1,234.5
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    if lang == "en":
        return text
    whole, _, frac = text.partition(".")
    digits = whole.replace(",", "")
    sign = ""
    if digits.startswith("\u2212"):
        sign, digits = digits[0], digits[1:]
    if len(digits) > 4:  # Russian groups from five digits on: 10 000, but 1000
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = "\u00a0".join(groups)
    return sign + digits + ("," + frac if frac else "")


def all_values(path):
    """(uis_id, country, year) → (value, flags) of the whole population."""
    values = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["location"] == "_T" and row["wealth"] == "_T":
                values[(row["uis_id"], row["country"], int(row["year"]))] = (
                    float(row["value"]), [w for w in row["flags"].split(";") if w])
    return values


# The flag words as a Russian page shows them (docs/outputs.md, "flags").
RUSSIAN_FLAGS = {"estimate": "оценка", "low-reliability": "низкая надёжность", "footnote": "сноска",
                 "capped": "ограничено", "age-adjusted": "с поправкой на возраст",
                 "age-redistributed": "возраст перераспределён", "implausible": "неправдоподобно",
                 "imprecise": "низкая точность"}


def with_flags(text, flags, lang):
    """A value as the reports show it with its flags: `99.8 (footnote)`."""
    if not flags:
        return text
    return text + " (" + ", ".join(RUSSIAN_FLAGS.get(f, f) if lang == "ru" else f for f in flags) + ")"


def latest_values(path):
    latest = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["location"] != "_T" or row["wealth"] != "_T":
                continue
            key = (row["uis_id"], row["country"])
            year = int(row["year"])
            if key not in latest or latest[key][0] < year:
                interval = None
                if row.get("ci_lower"):
                    interval = (float(row["ci_lower"]), float(row["ci_upper"]))
                latest[key] = (year, float(row["value"]), interval)
    return latest


STATUS_WORDS = {
    "en": {"target_achieved": "target achieved", "substantial_progress": "substantial progress",
           "moderate_progress": "moderate progress", "limited_progress": "limited progress",
           "deterioration": "deterioration", "not_available": "not available"},
    "ru": {"target_achieved": "цель достигнута", "substantial_progress": "значительный прогресс",
           "moderate_progress": "умеренный прогресс", "limited_progress": "ограниченный прогресс",
           "deterioration": "ухудшение", "not_available": "нет данных"},
}


def progress_rows(path):
    """progress.csv's rows (none when the run had no benchmarks)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_progress(driver, page, iso3, lang, progress, failures, checked):
    """The country report's progress section: one row per benchmark, with its status."""
    mine = [r for r in progress if r["country"] == iso3]
    rows = driver.find_elements(By.CSS_SELECTOR, "#progress tbody tr")
    if len(rows) != len(mine):
        failures.append(f"{page}: {len(rows)} progress rows, progress.csv has {len(mine)}")
        return
    for r, want in zip(rows, mine):
        status = r.find_element(By.CSS_SELECTOR, "td.status")
        checked["values"] += 1
        if STATUS_WORDS[lang][want["status"]] not in status.text or want["status"] not in status.get_attribute("class"):
            failures.append(f"{page}: {want['uis_id']} {want['target_year']} shows {status.text!r}, progress.csv says {want['status']}")


def check_scorecard(driver, page, lang, progress, failures, checked):
    """The summary's scorecard: each cell the status towards the latest benchmark year."""
    table = driver.find_elements(By.CSS_SELECTOR, "#scorecard")
    if not table:
        failures.append(f"{page}: no scorecard although progress.csv has rows")
        return
    ids = [h.text.split("\n")[-1] for h in driver.find_elements(By.CSS_SELECTOR, "#scorecard thead th")][1:]
    latest = {}
    for r in progress:
        key = (r["country"], r["uis_id"].upper())
        if key not in latest or int(r["target_year"]) > int(latest[key]["target_year"]):
            latest[key] = r
    countries = sorted({r["country"] for r in progress})
    body = driver.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")
    if len(body) != len(countries):
        failures.append(f"{page}: scorecard has {len(body)} rows, progress.csv {len(countries)} countries")
        return
    for country, row in zip(countries, body):
        for uis, cell in zip(ids, row.find_elements(By.CSS_SELECTOR, "td.status")):
            want = latest.get((country, uis.upper()))
            checked["values"] += 1
            if want is None:
                if cell.text.strip():
                    failures.append(f"{page}: {country} {uis} shows {cell.text!r} without a benchmark")
            elif STATUS_WORDS[lang][want["status"]] not in cell.text or want["status"] not in cell.get_attribute("class"):
                failures.append(f"{page}: {country} {uis} shows {cell.text!r}, progress.csv says {want['status']}")


def check_no_sideways_scroll(driver, page, failures):
    """At 1200 px, every table fits its box (no horizontal scrollbar)."""
    wide = driver.execute_script(
        "return Array.from(document.querySelectorAll('.table-wrap'))"
        ".filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)"
        ".map(w => (w.querySelector('caption, th') || w).textContent.slice(0, 60));")
    for w in wide:
        failures.append(f"{page}: a table scrolls sideways at 1200 px ({w!r})")


def check_print_width(driver, page, width, failures):
    """In print media, at the page's printable width (A4 less its margins, in CSS pixels), no
    table is wider than its box: every column reaches the paper."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    wide = driver.execute_script(
        "return Array.from(document.querySelectorAll('main table'))"
        ".filter(t => t.offsetParent !== null && t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(t => (t.querySelector('caption, th') || t).textContent.slice(0, 60));")
    for w in wide:
        failures.append(f"{page}: a table is wider than the printed page ({w!r})")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# Printable widths in CSS pixels (96 per inch): A4 portrait less 2 × 15 mm, A4 landscape less 2 × 12 mm.
PORTRAIT, LANDSCAPE = round(180 / 25.4 * 96), round(273 / 25.4 * 96)


def normal(text):
    return " ".join(text.split())


def check_print(driver, page, shots, codes, failures, checked):
    """Prints the page to PDF and reads it back: every code of `codes` is in its printed
    headline section, the header has no stray separators, and every heading keeps what it
    heads on its page."""
    pdf = base64.b64decode(driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    path = os.path.join(shots, page.replace(".html", ".pdf"))
    with open(path, "wb") as f:
        f.write(pdf)
    # Only text inside the page: a table cut at the page's edge still has its text in the file.
    info = subprocess.run(["pdfinfo", path], capture_output=True, check=True).stdout.decode("utf-8")
    width, height = (int(float(v)) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-x", "0", "-y", "0", "-W", str(width), "-H", str(height),
                           path, "-"], capture_output=True, check=True).stdout.decode("utf-8")
    pages = [p for p in text.split("\f") if p.strip()]
    checked["pdf pages"] += len(pages)
    # The headline section: from the page's first h2 to its second (a code named again further
    # on, in a time series or the methodology, does not count).
    first, second = driver.execute_script(
        "const h = Array.from(document.querySelectorAll('main h2')).map(e => e.textContent);"
        "return [h[0] || '', h[1] || ''];")
    flat = normal(text)
    start = flat.find(normal(first))
    end = flat.find(normal(second), start + 1) if second else -1
    flat = flat[max(start, 0):end if end > 0 else len(flat)]
    # The printed header: no separators left over from links hidden in print.
    if re.search(r"(·\s*){2,}", " ".join(pages[0].splitlines()[:6]) if pages else ""):
        failures.append(f"{page}: the printed header shows stray separators (· ·)")
    for code in codes:
        checked["values"] += 1
        if code not in flat:
            failures.append(f"{page}: headline indicator {code} is not in the printed PDF")
    check_headings_keep_their_content(driver, page, pages, failures)


# For each h2/h3 (in page order): its text, and the first word of what it heads (the first
# element after it that is not a note: a table's first header, a chart's caption, ...).
HEADINGS_JS = """
const out = [];
for (const h of document.querySelectorAll('main h2, main h3')) {
  if (h.closest('details')) continue;
  let n = h.nextElementSibling;
  while (n && n.matches('p.note')) n = n.nextElementSibling;
  if (!n) continue;
  const t = n.matches('h2, h3') ? n : (n.querySelector('caption, th, figcaption, dt, li, h3') || n);
  const word = (t.textContent || '').trim().split(/\\s+/).find(w => w.length > 1) || '';
  out.push([h.textContent, word]);
}
return out;
"""


def check_headings_keep_their_content(driver, page, pages, failures):
    """No heading is printed on a page without the start of what it heads (its notes may come
    with it): the content's first word must follow the heading on the same page."""
    lines = [[normal(l) for l in p.splitlines() if l.strip()] for p in pages]
    cursor = (0, 0)
    for heading, word in driver.execute_script(HEADINGS_JS):
        h = normal(heading)
        found = None
        for pi in range(cursor[0], len(lines)):
            start = cursor[1] if pi == cursor[0] else 0
            for li in range(start, len(lines[pi])):
                line = lines[pi][li]
                if line == h or (len(line) >= 12 and h.startswith(line)):
                    found = (pi, li)
                    break
            if found:
                break
        if found is None:
            failures.append(f"{page}: heading {h!r} not found in the printed text")
            continue
        cursor = (found[0], found[1] + 1)
        after = " ".join(lines[found[0]][found[1] + 1:])
        if word and word not in after:
            failures.append(f"{page}: printed page {found[0] + 1} ends with the heading {h!r}, what it heads starts on the next page")


def main():
    reports, shots = sys.argv[1], sys.argv[2]
    country = sys.argv[3] if len(sys.argv) > 3 else "KGZ"
    os.makedirs(shots, exist_ok=True)
    latest = latest_values(os.path.join(reports, "indicators.csv"))
    region_values = all_values(os.path.join(reports, "indicators.csv"))
    progress = progress_rows(os.path.join(reports, "progress.csv"))
    failures = []
    if not progress:
        # The sample pipeline names benchmarks: their progress must reach the reports.
        failures.append("progress.csv has no rows, though the sample pipeline has benchmarks")
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    checked = {"pages": 0, "charts": 0, "values": 0, "pdf pages": 0}
    try:
        pages = sorted(p for p in os.listdir(os.path.join(reports, "countries"))
                       if p.endswith(".en.html") or p.endswith(".ru.html"))
        if not pages:
            failures.append("no country report found")
        for page in pages:
            iso3, lang = page.split(".")[0], page.split(".")[1]
            driver.get("file://" + os.path.abspath(os.path.join(reports, "countries", page)))
            checked["pages"] += 1
            for entry in driver.get_log("browser"):
                if entry["level"] in ("SEVERE", "ERROR"):
                    failures.append(f"{page}: console {entry['level']}: {entry['message']}")
            charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
            if not charts:
                failures.append(f"{page}: no chart")
            for i, svg in enumerate(charts):
                size = svg.size
                checked["charts"] += 1
                if size["width"] <= 0 or size["height"] <= 0:
                    failures.append(f"{page}: chart {i} has size {size}")
                # Something is drawn: lines or points (trends) or bars, each with a real size.
                marks = driver.execute_script(
                    "return Array.from(arguments[0].querySelectorAll('polyline, circle, rect'))"
                    ".map(e => { const b = e.getBBox(); return [b.width, b.height]; });", svg)
                if not marks or not any(w > 0 or h > 0 for w, h in marks):
                    failures.append(f"{page}: chart {i} draws nothing")
            for row in driver.find_elements(By.CSS_SELECTOR, "#headline tr[data-uis]"):
                uis = row.get_attribute("data-uis")
                cells = row.find_elements(By.CSS_SELECTOR, "td.value")
                expected = latest.get((uis, iso3))
                if expected is None:
                    if cells:
                        failures.append(f"{page}: {uis} shows a value but indicators.csv has none")
                    continue
                want = formatted(expected[1], decimals(uis), lang)
                if expected[2] is not None:
                    # A survey value with its 95 % interval (ci_lower, ci_upper of indicators.csv).
                    low, high = (formatted(v, decimals(uis), lang) for v in expected[2])
                    want += f" ({low}–{high})"
                got = cells[0].text if cells else "(none)"
                checked["values"] += 1
                if got != want:
                    failures.append(f"{page}: {uis} shows {got!r}, indicators.csv gives {want!r}")
                # The Central Asia figure of the same year.
                region = region_values.get((uis, "143", expected[0]))
                cols = row.find_elements(By.CSS_SELECTOR, "td")
                shown = cols[3].text if len(cols) > 3 else "(none)"
                want_region = with_flags(formatted(region[0], decimals(uis), lang), region[1], lang) if region is not None else "–"
                checked["values"] += 1
                if shown != want_region:
                    failures.append(f"{page}: {uis} Central Asia shows {shown!r}, indicators.csv gives {want_region!r}")
            if progress:
                check_progress(driver, page, iso3, lang, progress, failures, checked)
            check_no_sideways_scroll(driver, page, failures)
            codes = [r.get_attribute("data-uis") for r in driver.find_elements(By.CSS_SELECTOR, "#headline tr[data-uis]")
                     if r.find_elements(By.CSS_SELECTOR, "td.value")]
            check_print_width(driver, page, PORTRAIT, failures)
            check_print(driver, page, shots, codes, failures, checked)
            if iso3 == country:
                driver.set_window_size(1200, 900)
                height = driver.execute_script("return document.body.scrollHeight")
                driver.set_window_size(1200, min(height, 6000))
                driver.save_screenshot(os.path.join(shots, f"{iso3}.{lang}.png"))
                driver.set_window_size(1200, 900)
        for page in ["summary.html", "summary.ru.html"]:
            path = os.path.join(reports, page)
            if not os.path.exists(path):
                continue
            driver.get("file://" + os.path.abspath(path))
            checked["pages"] += 1
            for entry in driver.get_log("browser"):
                if entry["level"] in ("SEVERE", "ERROR"):
                    failures.append(f"{page}: console {entry['level']}: {entry['message']}")
            check_no_sideways_scroll(driver, page, failures)
            check_print_width(driver, page, LANDSCAPE, failures)
            check_print(driver, page, shots,
                        [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#latest code")],
                        failures, checked)
            # The headline table: a row per indicator, a column per country and Central Asia.
            codes = [h.get_attribute("data-country") for h in driver.find_elements(By.CSS_SELECTOR, "#latest thead th[data-country]")]
            countries = sorted({c for (_, c) in latest if c != "143"})
            if codes != countries + ["143"]:
                failures.append(f"{page}: columns {codes}, expected {countries + ['143']}")
            lang = "ru" if page.endswith(".ru.html") else "en"
            if progress:
                check_scorecard(driver, page, lang, progress, failures, checked)
            # Each cell: the latest value of its row's indicator, then its year.
            for r in driver.find_elements(By.CSS_SELECTOR, "#latest tr[data-uis]"):
                uis = r.get_attribute("data-uis")
                for code, cell in zip(codes, r.find_elements(By.CSS_SELECTOR, "td.num")):
                    expected = latest.get((uis, code))
                    want = formatted(expected[1], decimals(uis), lang) if expected else "–"
                    checked["values"] += 1
                    if not cell.text.startswith(want) or (expected and str(expected[0]) not in cell.text):
                        failures.append(f"{page}: {code} {uis} shows {cell.text!r}, expected {want} ({expected and expected[0]})")
    finally:
        driver.quit()
    print(f"browser check: {checked['pages']} pages, {checked['charts']} charts, {checked['values']} values compared, "
          f"{checked['pdf pages']} printed pages read")
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
