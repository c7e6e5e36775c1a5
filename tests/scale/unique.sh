#!/bin/sh
# Uniqueness at scale: every column of tests/scale/unique.json that datagen
# makes unique (emails, usernames, UUIDs, permuted integers, text, regex,
# template, card numbers, IBANs, slugs, creation times) holds distinct
# values over 10 million rows. The rows stream to a file and each column is
# checked with an external sort, so the test holds no values in memory.
# usage: tests/scale/unique.sh [ROWS]   (default 10000000)
rows=${1:-10000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
datagen=${DATAGEN:-$root/build/datagen}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0
report() {
    if [ "$1" = ok ]; then
        echo "ok scale/unique/$2"
        passed=$((passed + 1))
    else
        echo "FAIL scale/unique/$2: $3"
        failed=$((failed + 1))
    fi
}

if ! "$datagen" generate --schema "$here/unique.json" \
    --rows "accounts=$rows" --output "$tmp/rows.sql" 2>"$tmp/err"; then
    report fail generate "$(cat "$tmp/err")"
    echo "$passed passed, $failed failed"
    exit 1
fi
# the COPY block's rows, one per line
awk '/^COPY /{inside=1; next} inside && $0 == "\\." {exit} inside' \
    "$tmp/rows.sql" >"$tmp/rows.tsv"
rm -f "$tmp/rows.sql"
count=$(wc -l <"$tmp/rows.tsv" | tr -d ' ')
if [ "$count" -eq "$rows" ]; then
    report ok rows
else
    report fail rows "$count rows, expected $rows"
fi

index=1
for column in id email username public_id code sku ref order_no card iban \
    slug created_at; do
    duplicate=$(cut -f "$index" "$tmp/rows.tsv" |
        LC_ALL=C sort -S 256M -T "$tmp" | uniq -d | head -n 1)
    empty=$(cut -f "$index" "$tmp/rows.tsv" | grep -c -x -e '' -e '\\N')
    if [ -n "$duplicate" ]; then
        report fail "$column" "duplicate value \"$duplicate\""
    elif [ "$empty" -ne 0 ]; then
        report fail "$column" "$empty empty or NULL values"
    else
        report ok "$column"
    fi
    index=$((index + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
