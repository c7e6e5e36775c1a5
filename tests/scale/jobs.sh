#!/bin/sh
# Determinism of the parallel engine: every output format at every
# compression level gives the same bytes for --jobs 1 to 8. Two sources:
# the bench's users table at 60,000 rows (several chunks of one table, so
# chunks of one stream are generated and deflated on different workers),
# and the default template at --scale 2 (many tables, so workers run on into
# the next table while the writer is on this one). Levels 1-3 deflate with
# ISA-L and 4-9 with zlib, so both are covered; pg_restore must read every
# level's archive back into the same script as the uncompressed one.
# usage: tests/scale/jobs.sh   (after make builds build/datagen)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
datagen=${DATAGEN:-$root/build/datagen}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0
report() {
    if [ "$1" = ok ]; then
        echo "ok scale/jobs/$2"
        passed=$((passed + 1))
    else
        echo "FAIL scale/jobs/$2: $3"
        failed=$((failed + 1))
    fi
}

# digest OUTPUT: one checksum of a file, or of every file of a directory
digest() {
    if [ -d "$1" ]; then
        (cd "$1" && find . -type f | LC_ALL=C sort | xargs cksum) | cksum
    else
        cksum <"$1"
    fi
}

# script ARCHIVE: what pg_restore makes of an archive, without the random
# \restrict key it prints
script() {
    pg_restore -f - "$1" 2>&1 | grep -v '^\\\(un\)\{0,1\}restrict '
}

# check LABEL ARGS...: generates with --jobs 1..8 and compares; the --jobs
# 1 output is kept at $keep when that is set
check() {
    label=$1
    shift
    reference=""
    problem=""
    for jobs in 1 2 3 4 5 6 7 8; do
        out=$tmp/out.$jobs
        if ! "$datagen" generate "$@" --jobs $jobs --output "$out" \
            2>"$tmp/err"; then
            problem="--jobs $jobs failed: $(head -n 3 "$tmp/err")"
            break
        fi
        sum=$(digest "$out")
        if [ $jobs = 1 ] && [ -n "$keep" ]; then
            rm -rf "$keep"
            mv "$out" "$keep"
        fi
        rm -rf "$out"
        if [ -z "$reference" ]; then
            reference=$sum
        elif [ "$sum" != "$reference" ]; then
            problem="--jobs $jobs gives other bytes than --jobs 1"
            break
        fi
    done
    if [ -z "$problem" ]; then
        report ok "$label"
    else
        report fail "$label" "$problem"
    fi
}

for source in users template; do
    if [ $source = users ]; then
        set -- --schema "$root/bench/users.json" --rows users=60000
    else
        set -- --template ecommerce --scale 2
    fi
    keep=""
    check "$source/copy" "$@" --format copy
    check "$source/sql" "$@" --format sql
    for level in 0 1 2 3 4 5 6 7 8 9; do
        for format in custom directory; do
            keep=$tmp/kept
            check "$source/$format-Z$level" "$@" --format $format -Z $level
            keep=""
            [ -e "$tmp/kept" ] || continue
            script "$tmp/kept" >"$tmp/script"
            rm -rf "$tmp/kept"
            if [ $level = 0 ]; then
                mv "$tmp/script" "$tmp/script.$format"
            elif cmp -s "$tmp/script" "$tmp/script.$format"; then
                report ok "$source/$format-Z$level/restores-as-Z0"
            else
                report fail "$source/$format-Z$level/restores-as-Z0" \
                    "pg_restore -f - differs from the -Z 0 archive's"
            fi
        done
    done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
