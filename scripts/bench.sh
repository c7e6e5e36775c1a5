#!/bin/sh
# The benchmark behind `make bench`: builds build/datagen (-O2, no
# sanitizers), then times each case several times and prints the median,
# the spread (fastest..slowest), rows/s, MB/s of uncompressed COPY text and
# peak RSS; then the same users rows written by @faker-js/faker (installed
# from npm into a scratch folder) and the ratio. The table is printed and
# kept in build/bench/results.txt.
# usage: scripts/bench.sh
#   BENCH_ROWS  users rows per case (default 10000000)
#   BENCH_RUNS  runs per case (default 5)
#   BENCH_SCALE default template scale (default 530: about 1 GB of COPY)
#   BENCH_FAKER_ROWS  rows written by faker (default 200000; 0 skips it)
set -eu
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-10000000}
runs=${BENCH_RUNS:-5}
scale=${BENCH_SCALE:-530}
faker_rows=${BENCH_FAKER_ROWS:-200000}
out=build/bench

make --no-print-directory OPT_CFLAGS="-O2 -g" build/datagen >&2
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 1; }
mkdir -p $out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; trap - EXIT; exit 130' INT TERM
# a copy, so that a rebuild during the run does not change what is timed
bin=$tmp/datagen
cp build/datagen "$bin"
results=$out/results.txt
: >"$tmp/table"

now_ns() { date +%s%N; }

# bytes COMMAND...: the size of what a command writes on standard output
bytes() { "$@" | wc -c | tr -d ' '; }

# measure LABEL ROWS TEXT_BYTES COMMAND...: runs COMMAND $runs times with
# standard output to /dev/null and adds a line to the table.
measure() {
    label=$1 count=$2 text=$3
    shift 3
    : >"$tmp/runs"
    i=0
    while [ $i -lt "$runs" ]; do
        start=$(now_ns)
        /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null
        end=$(now_ns)
        echo "$((end - start)) $(tail -n 1 "$tmp/rss")" >>"$tmp/runs"
        i=$((i + 1))
    done
    sort -n "$tmp/runs" | awk -v label="$label" -v rows="$count" \
        -v text="$text" '
        { t[NR] = $1 / 1e9; if ($2 > rss) rss = $2 }
        END {
            n = NR
            med = n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "| %s | %.2f s | %.2f..%.2f s | %.0f | %.0f | %.1f MiB |\n",
                label, med, t[1], t[n], rows / med, text / 1e6 / med,
                rss / 1024
        }' | tee -a "$tmp/table" >&2
}

users="-s bench/users.json --rows users=$rows"
echo "bench: measuring the COPY text size" >&2
# shellcheck disable=SC2086
users_text=$(bytes $bin generate $users -j 2)
# shellcheck disable=SC2086
template_rows=$($bin validate --template ecommerce --scale "$scale" |
    sed -n 's/.*, \([0-9]*\) rows$/\1/p')
template_text=$(bytes $bin generate --scale "$scale" -j 2)

for jobs in 1 2; do
    # shellcheck disable=SC2086
    measure "users, copy, --jobs $jobs" "$rows" "$users_text" \
        $bin generate $users -j $jobs
    for z in 0 1 6; do
        case $z in
        1) name="-Z 1 (default)" ;;
        6) name="-Z 6 (pg_dump's default)" ;;
        *) name="-Z $z" ;;
        esac
        # shellcheck disable=SC2086
        measure "users, custom $name, --jobs $jobs" "$rows" "$users_text" \
            $bin generate $users -f custom -Z $z -j $jobs
    done
done
for jobs in 1 2; do
    measure "ecommerce --scale $scale, copy, --jobs $jobs" "$template_rows" \
        "$template_text" $bin generate --scale "$scale" -j $jobs
done

faker_line=""
if [ "$faker_rows" -gt 0 ]; then
    echo "bench: installing @faker-js/faker" >&2
    if npm install --prefix "$tmp" --no-audit --no-fund @faker-js/faker \
        >"$tmp/npm.log" 2>&1; then
        cp bench/faker_users.mjs "$tmp/"
        faker_version=$(node -p "require('$tmp/node_modules/@faker-js/faker/package.json').version")
        faker_text=$(bytes node "$tmp/faker_users.mjs" "$faker_rows")
        runs_saved=$runs
        measure "users, @faker-js/faker $faker_version, node $(node --version)" \
            "$faker_rows" "$faker_text" node "$tmp/faker_users.mjs" "$faker_rows"
        runs=$runs_saved
        faker_line=$(tail -n 1 "$tmp/table")
    else
        echo "bench: npm install failed; see below" >&2
        cat "$tmp/npm.log" >&2
    fi
fi

{
    echo "datagen benchmark: $(date -u +%Y-%m-%d), $(nproc) CPUs, $runs runs per case"
    echo "users rows: $rows ($users_text bytes of COPY text);" \
        "ecommerce --scale $scale: $template_rows rows ($template_text bytes)"
    echo
    echo "| case | median | spread | rows/s | MB/s | peak RSS |"
    echo "|---|---|---|---|---|---|"
    cat "$tmp/table"
    if [ -n "$faker_line" ]; then
        awk -F'|' '
            NR == 1 { base = $5 + 0 }
            /faker/ { f = $5 + 0 }
            END { if (f > 0) printf "\ndatagen users, copy, --jobs 1 against @faker-js/faker: %.0fx\n", base / f }
        ' "$tmp/table"
    fi
} >"$results"
cat "$results"
