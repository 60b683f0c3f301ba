#!/bin/sh
# Installs R with the survey and mitools packages (Debian r-base-core, r-cran-survey,
# r-cran-mitools) when missing: the reference sdg4's standard errors are checked against
# (SamplingVarianceTests). A checker only, never a dependency of sdg4 itself.
set -e
if command -v Rscript >/dev/null 2>&1 \
    && Rscript -e 'suppressMessages({library(survey); library(mitools)})' >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "R check: R with the survey and mitools packages is missing and apt-get is not available; the tests that compare with R will say they skipped." >&2
    exit 0
fi
echo "R check: installing r-base-core, r-cran-survey and r-cran-mitools..."
SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        r-base-core r-cran-survey r-cran-mitools >/dev/null; }; then
    echo "R check: the install failed; the tests that compare with R will say they skipped." >&2
fi
