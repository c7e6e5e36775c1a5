#!/bin/sh
# Command-line tests: templates, init, preview, plan, json-schema, --tables,
# --rows/--scale/--locale, exit statuses and golden files (tests/cli/golden).
# Needs build/datagen and python3 with the jsonschema module (Debian:
# python3-jsonschema; scripts/deps.sh test installs it). Prints one
# "ok ..." or "FAIL ...: detail" line per check and, last,
# "N passed, N failed"; exits 1 when anything failed.
#
# usage: tests/cli/run.sh [--update]   (--update rewrites the golden files)
# environment: DATAGEN (binary, default build/datagen)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

# The interpreter that has Debian's jsonschema: the system one first.
python=""
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import jsonschema' >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    python=python3
    if ! command -v python3 >/dev/null 2>&1; then
        echo "FAIL cli/python: no python3 (scripts/deps.sh test installs it)"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; trap - EXIT; exit 130' INT TERM
"$python" "$here/cli_tests.py" --work "$tmp" "$@"
