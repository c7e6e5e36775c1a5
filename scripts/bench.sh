#!/bin/sh
# The benchmark behind `make bench`: builds build/datagen (-O2, no
# sanitizers), then times each case several times and prints the median,
# the spread (fastest..slowest), rows/s, MB/s of uncompressed COPY text and
# peak RSS; the deflate library's own speed on the same COPY text at each
# level, against which the compressed cases are set; peak RSS at 1 and 100
# million users rows and on the largest template; start-up time; then the
# same users rows written by @faker-js/faker (installed from npm into a
# scratch folder) and the ratio. The table is printed and kept in
# build/bench/results.txt.
# usage: scripts/bench.sh
#   BENCH_ROWS  users rows per case (default 10000000)
#   BENCH_RUNS  runs per case (default 5)
#   BENCH_SCALE default template scale (default 420: about 1 GB of COPY)
#   BENCH_FAKER_ROWS  rows written by faker (default 200000; 0 skips it)
#   BENCH_MEMORY_ROWS users rows of the large memory case (default
#                     100000000; 0 skips the memory cases)
set -eu
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-10000000}
runs=${BENCH_RUNS:-5}
scale=${BENCH_SCALE:-420}
faker_rows=${BENCH_FAKER_ROWS:-200000}
memory_rows=${BENCH_MEMORY_ROWS:-100000000}
out=build/bench

make --no-print-directory OPT_CFLAGS="-O2 -g" build/datagen \
    build/bench/deflate_speed >&2
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
: >"$tmp/extra"

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

# mb_per_s LABEL: the MB/s column of the table line with that label
mb_per_s() {
    awk -F'|' -v label=" $1 " '$2 == label { print $6 + 0 }' "$tmp/table"
}

users="-s bench/users.json --rows users=$rows"
echo "bench: measuring the COPY text size" >&2
# shellcheck disable=SC2086
users_text=$(bytes $bin generate $users -j 2)
# shellcheck disable=SC2086
template_rows=$($bin validate --template ecommerce --scale "$scale" |
    sed -n 's/.*, \([0-9]*\) rows$/\1/p')
template_text=$(bytes $bin generate --scale "$scale" -j 2)

levels="0 1 6"
for jobs in 1 2; do
    # shellcheck disable=SC2086
    measure "users, copy, --jobs $jobs" "$rows" "$users_text" \
        $bin generate $users -j $jobs
    for z in $levels; do
        # shellcheck disable=SC2086
        measure "users, custom -Z $z, --jobs $jobs" "$rows" "$users_text" \
            $bin generate $users -f custom -Z $z -j $jobs
    done
done
for jobs in 1 2; do
    measure "ecommerce --scale $scale, copy, --jobs $jobs" "$template_rows" \
        "$template_text" $bin generate --scale "$scale" -j $jobs
done

# The deflate library alone on the same text (a million users rows), one
# thread, one stream: what the compressed cases are measured against.
sample_rows=$((rows < 1000000 ? rows : 1000000))
$bin generate -s bench/users.json --rows users=$sample_rows -j 2 \
    >"$tmp/sample.copy"
{
    echo
    echo "Compression: the library alone on $sample_rows users rows of the same"
    echo "COPY text (one thread, one stream, best of 3), against datagen's custom"
    echo "archive (generating too) with one job and with two:"
    echo
    echo "| level | library | library MB/s | ratio | datagen --jobs 1 | --jobs 2 | --jobs 2 / --jobs 1 |"
    echo "|---|---|---|---|---|---|---|"
} >>"$tmp/extra"
for z in $levels; do
    [ "$z" -gt 0 ] || continue
    set -- $(build/bench/deflate_speed "$tmp/sample.copy" "$z" 3)
    one=$(mb_per_s "users, custom -Z $z, --jobs 1")
    two=$(mb_per_s "users, custom -Z $z, --jobs 2")
    awk -v z="$z" -v lib="$1" -v speed="$3" -v ratio="$4" -v one="$one" \
        -v two="$two" 'BEGIN {
        printf "| -Z %s | %s | %.0f | %.3f | %.0f MB/s (%.0f%%) | %.0f MB/s (%.0f%%) | %.2fx |\n",
            z, lib, speed, ratio, one, 100 * one / speed, two,
            100 * two / speed, (one > 0 ? two / one : 0)
    }' >>"$tmp/extra"
done

if [ "$memory_rows" -gt 0 ]; then
    runs_saved=$runs
    runs=1
    for count in 1000000 "$memory_rows"; do
        measure "memory: users $count rows, custom -Z 1, --jobs 2" \
            "$count" "$((users_text / rows * count))" \
            $bin generate -s bench/users.json --rows users=$count \
            -f custom -j 2
    done
    largest=ecommerce
    if $bin validate --template tpch >/dev/null 2>&1; then
        largest=tpch
    fi
    largest_rows=$($bin validate --template $largest |
        sed -n 's/.*, \([0-9]*\) rows$/\1/p')
    measure "memory: template $largest (default rows), custom, --jobs 2" \
        "$largest_rows" 0 $bin generate --template $largest -f custom -j 2
    runs=$runs_saved
fi

# Start-up: a one-row dump, so nearly all of it is starting and planning.
: >"$tmp/starts"
i=0
while [ $i -lt 21 ]; do
    start=$(now_ns)
    $bin generate -s bench/users.json --rows users=1 -j 1 >/dev/null
    end=$(now_ns)
    echo $((end - start)) >>"$tmp/starts"
    i=$((i + 1))
done
startup=$(sort -n "$tmp/starts" | awk '{ t[NR] = $1 } END { printf "%.1f", t[11] / 1e6 }')
printf '\nStart-up (a one-row dump of users, median of 21): %s ms\n' \
    "$startup" >>"$tmp/extra"

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
    cat "$tmp/extra"
    if [ -n "$faker_line" ]; then
        awk -F'|' '
            NR == 1 { base = $5 + 0 }
            /faker/ { f = $5 + 0 }
            END { if (f > 0) printf "\ndatagen users, copy, --jobs 1 against @faker-js/faker: %.0fx\n", base / f }
        ' "$tmp/table"
    fi
} >"$results"
cat "$results"
