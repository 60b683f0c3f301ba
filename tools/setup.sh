#!/bin/sh
# Installs what sdg4 needs beyond Swift: the C library libcsv (Debian package libcsv-dev).
# Does nothing when it is already there.
set -e
if [ -f /usr/include/csv.h ] && { [ -f /usr/lib/x86_64-linux-gnu/libcsv.so ] || ldconfig -p 2>/dev/null | grep -q 'libcsv\.so'; } ; then
    exit 0
fi
echo "sdg4 setup: installing libcsv-dev (the CSV parser sdg4 is built on)..."
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "sdg4 setup: libcsv-dev is missing and this user cannot install it; run as root: apt-get install libcsv-dev" >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "sdg4 setup: libcsv-dev is missing and apt-get is not available; install libcsv (headers and library) with your system's package manager." >&2
    exit 1
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcsv-dev >/dev/null
echo "sdg4 setup: libcsv-dev installed."
