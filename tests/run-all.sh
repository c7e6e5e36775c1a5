#!/bin/sh
# Runs every test: the unit tests, the unit tests built with sanitizers, the
# PostgreSQL integration tests, uniqueness at 10 million rows and the same
# bytes for --jobs 1 to 8. Prints each runner's output, then the
# total as the last line, "N passed, N failed"; exits 1 when anything
# failed. A runner that crashes or ends without its summary line counts as a
# failure.
# usage: tests/run-all.sh   (after make builds build/datagen and the tests)
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; trap - EXIT; exit 130' INT TERM

passed=0
failed=0

# run LABEL COMMAND...: streams the output, then adds its summary counts.
run() {
    label=$1
    shift
    echo "== $label"
    {
        "$@"
        echo $? >"$tmp/status"
    } 2>&1 | tee "$tmp/out"
    status=$(cat "$tmp/status" 2>/dev/null || echo 1)
    last=$(tail -n 1 "$tmp/out" | grep -E "^[0-9]+ passed, [0-9]+ failed$")
    if [ -z "$last" ]; then
        echo "FAIL $label: ended with status $status and no summary line"
        failed=$((failed + 1))
        return
    fi
    p=${last%% passed*}
    f=${last#* passed, }
    f=${f%% failed}
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $label: exited with status $status"
        failed=$((failed + 1))
    fi
}

# the unit-test binaries of the sources in tests/unit (a binary left from a
# test that no longer exists is not run; a missing one fails)
binaries() {
    found=""
    for source in tests/unit/test_*.c; do
        name=$(basename "$source" .c)
        found="$found $1/$name"
    done
    echo "$found"
}

unit=$(binaries build/tests)
asan=$(binaries build/asan/tests)
if [ -n "$unit" ]; then
    # shellcheck disable=SC2086
    run unit tests/run-unit.sh unit $unit
else
    echo "FAIL unit: no test binaries in build/tests"
    failed=$((failed + 1))
fi
if [ -n "$asan" ]; then
    # shellcheck disable=SC2086
    run asan tests/run-unit.sh asan $asan
else
    echo "FAIL asan: no test binaries in build/asan/tests"
    failed=$((failed + 1))
fi
run cli tests/cli/run.sh
run install tests/install/run.sh
run pg tests/pg/run.sh
run scale tests/scale/unique.sh
run jobs tests/scale/jobs.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
