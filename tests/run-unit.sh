#!/bin/sh
# Runs unit-test binaries; prints their output and a summary line.
# usage: run-unit.sh LABEL BINARY...
label=$1
shift
passed=0
failed=0
for test in "$@"; do
    out=$("$test" 2>&1)
    status=$?
    printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed$' | sed "s|^|[$label] |"
    p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n 1)
    if [ -z "$p" ]; then
        # crashed before its summary: count the binary as one failure
        echo "FAIL [$label] $(basename "$test"): exited with status $status before its summary"
        p=0
        f=1
    elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL [$label] $(basename "$test"): exited with status $status"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
