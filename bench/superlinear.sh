#!/usr/bin/env bash
# Times the inputs whose cost once grew faster than their size, each at n and 2n, with `run`,
# `check` and `kwic`, and prints one line per case: seconds and peak memory at n and 2n and the
# ratio of the times (about 2 where the work is linear; a bound's message where it is not).
#
#   bash bench/superlinear.sh [BINARY]      # default target/release/skillgap
#
# The inputs are generated, fictional and small (a few MB), under WORK (default
# /tmp/skillgap-superlinear). Figures are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/skillgap}")
work=${WORK:-/tmp/skillgap-superlinear}
rm -rf "$work"
mkdir -p "$work"

python3 - "$work" <<'EOF'
import os, sys
work = sys.argv[1]
def study(name, codebook, transcripts):
    d = os.path.join(work, name)
    os.makedirs(f"{d}/interviews", exist_ok=True)
    open(f"{d}/skills.toml", "w").write('name = "Generated, fictional"\n' + codebook)
    for fn, t in transcripts.items():
        open(f"{d}/interviews/{fn}", "w").write(t)
one = '\n[[codes]]\nid = "a"\nterms = ["svetsning"]\n'
for k, n in (("n", 1), ("2n", 2)):
    # One long turn with many matches.
    study(f"long-turn-{k}", one, {"a.md": "R: " + "svetsning och mer text. " * (80000 * n) + "\n"})
    # A long turn without sentence breaks and a negation window of 10^9 tokens.
    study(f"negation-window-{k}", 'negation_window = 1000000000\n' + one,
          {"a.md": "R: " + "inte alls nu svetsning och mer " * (20000 * n) + "\n"})
    # Many prefix globs.
    terms = ", ".join(f'"ord{i}*"' for i in range(100000 * n))
    study(f"prefix-globs-{k}", f'\n[[codes]]\nid = "a"\nterms = [{terms}]\n',
          {"a.md": "R: Vi behöver ord123abc och svetsning.\n" * 200})
    # Many terms in one code.
    terms = ", ".join(f'"term{i}"' for i in range(40000 * n))
    study(f"terms-one-code-{k}", f'\n[[codes]]\nid = "a"\nterms = [{terms}]\n',
          {"a.md": "R: term5 och term77.\n" * 100})
    # A parent chain (deeper than the bound of 50 levels: refused at once).
    chain = "".join(f'\n[[codes]]\nid = "c{i}"\n' + (f'parent = "c{i-1}"\n' if i else "")
                    + f'terms = ["ordet{i}"]\n' for i in range(2000 * n))
    study(f"parent-chain-{k}", chain, {"a.md": "R: ordet5 ordet1999\n"})
    # Many codes sharing one word (co-occurrence is quadratic: refused past 1,000 a turn).
    shared = "".join(f'\n[[codes]]\nid = "c{i}"\nterms = ["svetsning"]\n' for i in range(2000 * n))
    study(f"shared-word-{k}", shared, {"a.md": "R: svetsning\n" * 50})
    # A metadata sheet with many rows for one transcript.
    rows = "".join(f"x{i},s\n" for i in range(50000 * n))
    study(f"metadata-rows-{k}", one, {"a.md": "R: svetsning\n", "metadata.csv": "interview,sector\n" + rows})
    # A long list of items after a comma each (fragments reach each other) with negations.
    study(f"fragment-list-{k}", one,
          {"a.md": "R: Vi har inte det, " + "svetsning, nej, " * (40000 * n) + "det har vi.\n"})
    # A long clause of need cues, gap phrases and matches with no punctuation.
    study(f"cue-clause-{k}", one,
          {"a.md": "R: " + "vi behöver svetsning men ingen här kan svetsning och " * (15000 * n) + "\n"})
    # Many short turns in one file.
    study(f"short-turns-{k}", one, {"a.md": "R: svetsning\nI: ok\n" * (300000 * n)})
EOF

measure() { # dir command... -> "seconds MB exit", the faster of two runs
	local dir=$1
	shift
	local best="" mb=0 rc=0 t0 t1 s
	for _ in 1 2; do
		t0=$(date +%s.%N)
		set +e
		/usr/bin/time -f %M -o "$work/rss" "$bin" "$@" --interviews "$dir/interviews" \
			--codebook "$dir/skills.toml" >"$work/err" 2>&1
		rc=$?
		set -e
		t1=$(date +%s.%N)
		s=$(echo "$t1 - $t0" | bc)
		if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s; fi
		mb=$(($(tail -1 "$work/rss") / 1024))
	done
	printf '%.2f %s %s' "$best" "$mb" "$rc"
}

printf '%-18s %-6s %8s %6s %8s %6s %6s  %s\n' case command "n s" "n MB" "2n s" "2n MB" ratio "exit (2n)"
for case in long-turn negation-window fragment-list cue-clause prefix-globs terms-one-code parent-chain shared-word metadata-rows short-turns; do
	for cmd in run check kwic; do
		args=("$cmd")
		case $cmd in
		run) args+=(-q --no-cache --out "$work/out") ;;
		kwic) args+=(svetsning) ;;
		esac
		read -r s1 m1 _ <<<"$(measure "$work/$case-n" "${args[@]}")"
		read -r s2 m2 rc2 <<<"$(measure "$work/$case-2n" "${args[@]}")"
		ratio=$(echo "scale=1; ($s2 + 0.005) / ($s1 + 0.005)" | bc)
		note=$rc2
		[ "$rc2" = 0 ] || note="$rc2: $(grep -m1 'error' "$work/err" | sed 's/^[^ ]* error: //' | cut -c1-60 || true)"
		printf '%-18s %-6s %8s %6s %8s %6s %6s  %s\n' "$case" "$cmd" "$s1" "$m1" "$s2" "$m2" "$ratio" "$note"
	done
done
