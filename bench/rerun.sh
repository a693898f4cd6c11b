#!/usr/bin/env bash
# The codebook loop's benchmark: a first run, then a rerun after a codebook change with the parse
# cache and without it, on the shipped sample and on a generated 2,000-interview corpus. Prints a
# Markdown table (median of REPEATS runs each) for docs/benchmarks.md.
#
#   bench/rerun.sh [REPEATS]        (default 3; run from anywhere)
set -euo pipefail
repeats=${1:-3}
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/skillgap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/gen_corpus.py --out "$work/gen" --interviews 2000 --seed 1 >/dev/null 2>"$work/gen.log"
# The codebook change: one more term for `ai`.
sed 's/^terms = \["AI", /terms = ["AI", "chattbot*", /' codebook/skills.toml >"$work/changed.toml"
grep -q chattbot "$work/changed.toml" || { echo "rerun.sh: could not change the codebook" >&2; exit 1; }

# Runs skillgap, appends "wall user maxrss_kb" to $1.
timed() {
    local log=$1
    shift
    /usr/bin/time -f "%e %U %M" -o "$work/t" "$bin" run -q "$@" >/dev/null
    cat "$work/t" >>"$log"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| corpus | interviews | MB of text | first run (s) | rerun, cache (s) | rerun, no cache (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for corpus in "sample:interviews" "generated:$work/gen"; do
    name=${corpus%%:*}
    dir=${corpus#*:}
    : >"$work/first"
    : >"$work/cached"
    : >"$work/plain"
    for _ in $(seq "$repeats"); do
        rm -rf "$work/cache" "$work/o1" "$work/o2" "$work/o3"
        timed "$work/first" --interviews "$dir" --out "$work/o1" --cache "$work/cache"
        timed "$work/cached" --interviews "$dir" --codebook "$work/changed.toml" --out "$work/o2" --cache "$work/cache"
        timed "$work/plain" --interviews "$dir" --codebook "$work/changed.toml" --out "$work/o3" --no-cache
    done
    cmp -s "$work/o2/codes.csv" "$work/o3/codes.csv" || { echo "rerun.sh: cached and uncached tables differ" >&2; exit 1; }
    n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['counts']['interviews'])" "$work/o1/manifest.json")
    mb=$(find "$dir" \( -name '*.md' -o -name '*.txt' \) -print0 | du -cb --files0-from=- | tail -1 | awk '{printf "%.1f", $1/1e6}')
    rss=$(cut -d' ' -f3 "$work/first" "$work/cached" "$work/plain" | median | awk '{printf "%.0f", $1/1024}')
    echo "| $name | $n | $mb | $(cut -d' ' -f1 "$work/first" | median) | $(cut -d' ' -f1 "$work/cached" | median) | $(cut -d' ' -f1 "$work/plain" | median) | $rss |"
done
