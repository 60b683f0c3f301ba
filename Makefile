# sdg4: the two commands a newcomer needs.
#   make run   - build, then run pipelines/central-asia.yml on the bundled sample data (writes reports/)
#   make test  - build and run every test
# Both install libcsv-dev first when it is missing (tools/setup.sh).

SWIFT ?= swift
PIPELINE ?= pipelines/central-asia.yml
FUZZ_SECONDS ?= 20

.PHONY: run test fuzz docs bench bench-sampling browser-check build release setup sample-data clean

setup:
	@sh tools/setup.sh

build: setup
	$(SWIFT) build --product sdg4

# A self-contained release binary, .build/release/sdg4 (the Swift runtime linked in: it runs on a
# machine without Swift, with its sdg4_SDG4Report.resources folder beside it; and it starts
# faster, which a small run notices). The benchmarks use it.
release: setup
	$(SWIFT) build -c release --product sdg4 --static-swift-stdlib

run: build
	$(SWIFT) run --skip-build sdg4 run $(PIPELINE)

test: setup
	sh tools/checks/r-setup.sh
	$(SWIFT) test
	sh tools/browser/run.sh .build/debug/sdg4 .build/browser-screenshots
	sh tools/checks/run.sh .build/debug/sdg4
	sh tools/fuzz/run.sh $(FUZZ_SECONDS)

# The HTML reports in headless Chromium (installs chromium, chromium-driver, selenium when missing).
browser-check: build
	sh tools/browser/run.sh .build/debug/sdg4 .build/browser-screenshots

# The libFuzzer target alone (the test command runs it for FUZZ_SECONDS).
fuzz: setup
	sh tools/fuzz/run.sh $(FUZZ_SECONDS)

# The benchmark against DuckDB and Polars (docs/performance.md): a release build, the peers in
# .build/bench-venv (bench/requirements.txt), then bench/run.py $(BENCH_ROWS) rows.
BENCH_ROWS ?= 2000000
bench: release
	@[ -x .build/bench-venv/bin/python ] || python3 -m venv .build/bench-venv
	@.build/bench-venv/bin/python -m pip install -q --disable-pip-version-check -r bench/requirements.txt
	.build/bench-venv/bin/python bench/run.py $(BENCH_ROWS)

# The sampling benchmark of issue 16 (docs/performance.md): a release build, then bench/sampling.py:
# sdg4 on a PISA-shaped file of BENCH_SAMPLING_ROWS students (written once to .build/bench-data)
# against libcsv's two-core floor, and against R's survey on Turkey's PISA 2018 file when
# ../shared/reference/assessments is there (R with survey and mitools from tools/checks/r-setup.sh).
BENCH_SAMPLING_ROWS ?= 300000
bench-sampling: release
	sh tools/checks/r-setup.sh
	python3 bench/sampling.py $(BENCH_SAMPLING_ROWS)

# The generated parts of the docs: the problem-code tables of docs/errors.md (from
# Sources/SDG4Model/ProblemCode+*.swift; a test fails while they differ).
docs: build
	$(SWIFT) run --skip-build sdg4 problems --update-doc docs/errors.md

# Re-create the synthetic sample data (deterministic; the result is committed).
sample-data:
	python3 tools/make-sample-data.py

clean:
	rm -rf .build reports/*.csv reports/summary.md reports/*.html reports/*.json reports/countries reports/rejects
