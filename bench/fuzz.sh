#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for MINUTES minutes each (default 10), JOBS at a time
# (default 2), and prints per target the executions, the coverage reached and any crash.
# Needs the nightly toolchain (`rustup toolchain list`) and `cargo install cargo-fuzz`.
# Crashes land in fuzz/artifacts/TARGET/; each one found becomes a unit test.
#
#   bash bench/fuzz.sh [MINUTES] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
jobs=${2:-2}
targets=(transcript front_matter metadata codebook_toml codebook_csv matcher)
mkdir -p fuzz/logs
cargo +nightly fuzz build --release --sanitizer none >/dev/null
run() {
	local t=$1
	mkdir -p "fuzz/corpus/$t"
	cargo +nightly fuzz run --release --sanitizer none "$t" "fuzz/corpus/$t" -- \
		-max_total_time=$((minutes * 60)) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
		>"fuzz/logs/$t.log" 2>&1 && echo "$t: ok" || echo "$t: FAILED (see fuzz/logs/$t.log)"
}
running=0
for t in "${targets[@]}"; do
	run "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
for t in "${targets[@]}"; do
	last=$(grep -E '^#[0-9]+' "fuzz/logs/$t.log" | tail -1 || true)
	printf '%-14s %s\n' "$t" "$last"
done
