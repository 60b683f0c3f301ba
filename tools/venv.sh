#!/bin/sh
# Creates (once) .build/tools-venv with tools/requirements.txt, and prints its python.
# Installs Debian's python3-venv when venv is missing (a stock Debian Python also refuses pip
# installs outside a virtual environment).
set -e
VENV=.build/tools-venv
STAMP="$VENV/.requirements"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV" >/dev/null 2>&1 || {
        SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
    }
fi
if ! cmp -s tools/requirements.txt "$STAMP"; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tools/requirements.txt >&2
    cp tools/requirements.txt "$STAMP"
fi
echo "$VENV/bin/python"
