#!/bin/sh
# Tests the integration harness itself, without datagen: a stand-in binary
# prints hand-written dumps (mini: correct; broken: one defect per generic
# check; loadfail: an error half-way), and the failures the harness reports
# must be exactly those listed in expected-failures.txt.
# usage: tests/pg/selftest/selftest.sh
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp) || exit 1
trap 'rm -f "$out" "$out.got"' EXIT
# (the stand-in prints no warnings: no warn/ cases)
DATAGEN="$here/fake_datagen.py" PG_SCHEMAS="$here/schemas" PG_BAD="$here/bad" \
    PG_WARN="$here/no-warn-cases" \
    PG_TEMPLATE="" "$here/../run.sh" >"$out" 2>&1
status=$?
sed -n 's/^FAIL \([^:]*\):.*/\1/p' "$out" | sort >"$out.got"
if ! sort "$here/expected-failures.txt" | diff -u - "$out.got"; then
    echo "selftest: the harness reported other failures than expected"
    cat "$out"
    exit 1
fi
last=$(tail -n 1 "$out")
passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^FAIL ' "$out")
if [ "$last" != "$passed passed, $failed failed" ] || [ "$status" -ne 1 ]; then
    echo "selftest: bad summary \"$last\" or exit status $status"
    exit 1
fi
echo "selftest: ok ($passed passed, $failed failed as expected)"
