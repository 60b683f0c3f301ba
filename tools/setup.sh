#!/bin/sh
# Installs what sdg4 needs beyond Swift: the C libraries libcsv (the CSV parser, Debian package
# libcsv-dev), SQLite (the ledger, libsqlite3-dev) and OpenSSL's libcrypto (SHA-256 of the
# inputs, libssl-dev). Does nothing when they are there.
set -e
have_lib() { # header, library name
    [ -f "/usr/include/$1" ] && { [ -f "/usr/lib/x86_64-linux-gnu/$2.so" ] || ldconfig -p 2>/dev/null | grep -q "$2\.so"; }
}
missing=""
have_lib csv.h libcsv || missing="$missing libcsv-dev"
have_lib sqlite3.h libsqlite3 || missing="$missing libsqlite3-dev"
have_lib openssl/evp.h libcrypto || missing="$missing libssl-dev"
[ -z "$missing" ] && exit 0
echo "sdg4 setup: installing$missing (the CSV parser and the SQLite ledger sdg4 is built on)..."
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "sdg4 setup:$missing missing and this user cannot install them; run as root: apt-get install$missing" >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "sdg4 setup:$missing missing and apt-get is not available; install libcsv and SQLite (headers and libraries) with your system's package manager." >&2
    exit 1
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
echo "sdg4 setup:$missing installed."
