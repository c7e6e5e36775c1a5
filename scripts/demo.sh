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
echo "wrote $out ($size bytes)"
echo
echo "rows per table:"
# Each COPY block is "COPY name (columns) FROM stdin;", its rows, then "\.".
awk '
    /^COPY .* FROM stdin;$/ { table = $2; rows = 0; inside = 1; next }
    inside && $0 == "\\." { printf "  %-32s %10d\n", table, rows; inside = 0; next }
    inside { rows++ }
' "$out"
echo
echo "to restore it into a new database:"
echo "  createdb shop && psql -v ON_ERROR_STOP=1 -d shop -f $out"
