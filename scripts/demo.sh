#!/bin/sh
# Writes a dump of the embedded ecommerce template to build/demo/ and prints
# what it holds and how to restore it. Run by `make demo` after the build.
# usage: scripts/demo.sh
set -e
cd "$(dirname "$0")/.."
out=build/demo/ecommerce.sql
mkdir -p build/demo
build/datagen generate --template ecommerce --format copy --output "$out"

size=$(wc -c <"$out" | tr -d ' ')
echo "wrote $out ($(awk -v b="$size" 'BEGIN {
    if (b >= 1048576) printf "%.1f MiB", b / 1048576;
    else if (b >= 1024) printf "%.1f KiB", b / 1024;
    else printf "%d bytes", b }'))"
echo
# Each COPY block is "COPY name (columns) FROM stdin;", its rows, then "\.".
awk '
    /^COPY .* FROM stdin;$/ {
        table = $2; sub(/^public\./, "", table); rows = 0; inside = 1; next
    }
    inside && $0 == "\\." {
        printf "  %-24s %10d rows\n", table, rows; total += rows; tables++
        inside = 0; next
    }
    inside { rows++ }
    END { printf "  %-24s %10d rows in %d tables\n", "total", total, tables }
' "$out"
echo
echo "to restore it into a new database:"
echo "  createdb shop && psql -v ON_ERROR_STOP=1 -d shop -f $out"
