#!/usr/bin/env bash
# The national-scale benchmark: corpus size × codebook size × threads, then a rerun after a
# codebook change. Prints a Markdown section for docs/benchmarks.md and writes it there between
# the lines <!-- matrix:start --> and <!-- matrix:end --> (appended at the end of the file when
# the markers are missing).
#
#   bash bench/matrix.sh [options]          (run from anywhere; it works in the repository root)
#
# Options (a flag overrides its environment variable):
#   --sizes "10 100 1000"    BENCH_SIZES      corpus sizes in MB (gen_corpus.py --mb N --seed 1)
#   --codebooks "default 1k 10k"
#                            BENCH_CODEBOOKS  default = codebook/skills.toml (42 codes),
#                                             1k / 10k = gen_codebook.py --codes 1000 / 10000
#   --repeats N              BENCH_REPEATS    runs per cell (default 1); the table shows medians
#   --work DIR               BENCH_WORK       generated inputs, outputs and raw CSV
#                                             (default /tmp/skillgap-bench; reused: a corpus or
#                                             codebook is generated only when its marker file
#                                             NAME.done is missing or records another generator,
#                                             codebook/skills.toml or vocabulary)
#   --doc FILE               BENCH_DOC        Markdown file to update (default docs/benchmarks.md)
#   --no-write, --dry        BENCH_NO_WRITE=1 print the section only; leave the doc file alone
#   --no-build               BENCH_NO_BUILD=1 skip `cargo build` and time target/release/skillgap
#                                             as it is (the section then says so)
#   -h, --help
#
# Each cell is `skillgap run -q --no-cache --threads T` (T = 1, 2) under GNU time, with the
# binary built by `cargo build --release -q` and copied into the work dir first (so a rebuild
# elsewhere during the matrix does not change what is measured). A failed run is recorded as
# `failed`; the matrix goes on. The 1- and 2-thread tables (codes, company_codes, cooccurrence,
# segments .csv) must be byte-identical; a difference is warned about and marked in the table.
# The rerun uses the 100 MB corpus (or the largest size given), the shipped codebook and
# 2 threads: a first run filling a fresh --cache, a rerun with one term added to `ai` using that
# cache, and the same rerun with --no-cache.
#
# The section goes to stdout, progress and warnings to stderr. Raw rows: WORK/matrix.csv and
# WORK/rerun.csv (medians), WORK/runs.csv (every run), WORK/logs/ (what each run printed).
set -euo pipefail

die() { echo "matrix.sh: $*" >&2; exit 1; }
note() { echo "matrix.sh: $*" >&2; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

sizes=${BENCH_SIZES:-10 100 1000}
codebooks=${BENCH_CODEBOOKS:-default 1k 10k}
repeats=${BENCH_REPEATS:-1}
work=${BENCH_WORK:-/tmp/skillgap-bench}
doc=${BENCH_DOC:-}
no_write=${BENCH_NO_WRITE:-0}
no_build=${BENCH_NO_BUILD:-0}
while (($#)); do
    case $1 in
        --sizes) (($# >= 2)) || die "--sizes needs a value"; sizes=$2; shift 2 ;;
        --codebooks) (($# >= 2)) || die "--codebooks needs a value"; codebooks=$2; shift 2 ;;
        --repeats) (($# >= 2)) || die "--repeats needs a value"; repeats=$2; shift 2 ;;
        --work) (($# >= 2)) || die "--work needs a value"; work=$2; shift 2 ;;
        --doc) (($# >= 2)) || die "--doc needs a value"; doc=$2; shift 2 ;;
        --no-write | --dry) no_write=1; shift ;;
        --no-build) no_build=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

# Paths given relative to where the script was started stay valid after the cd below.
abspath() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
work=$(abspath "$work")
if [[ -n $doc ]]; then doc=$(abspath "$doc"); fi
cd "$(dirname "$0")/.."
repo=$PWD
if [[ -z $doc ]]; then doc=$repo/docs/benchmarks.md; fi

read -r -a size_list <<<"$sizes"
read -r -a cb_list <<<"$codebooks"
((${#size_list[@]})) || die "no sizes given"
((${#cb_list[@]})) || die "no codebooks given"
for s in "${size_list[@]}"; do
    [[ $s =~ ^[0-9]+(\.[0-9]+)?$ && ! $s =~ ^0+(\.0+)?$ ]] || die "size '$s' is not a positive number of MB"
done
for c in "${cb_list[@]}"; do
    case $c in default | 1k | 10k) ;; *) die "codebook '$c' is not one of: default 1k 10k" ;; esac
done
[[ $repeats =~ ^[1-9][0-9]*$ ]] || die "repeats '$repeats' is not a positive integer"
[[ $no_write == 0 || $no_write == 1 ]] || die "BENCH_NO_WRITE must be 0 or 1"
[[ $no_build == 0 || $no_build == 1 ]] || die "BENCH_NO_BUILD must be 0 or 1"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is missing: apt-get install time"
command -v python3 >/dev/null || die "python3 is missing"
if ((no_write == 0)); then
    [[ -d $(dirname "$doc") ]] || die "folder of $doc does not exist"
    [[ ! -e $doc || -w $doc ]] || die "$doc is not writable"
    # The markers are checked again when writing; checking now saves finding out after the matrix.
    if [[ -e $doc ]]; then
        awk '{ sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, "") }
             $0 == "<!-- matrix:start -->" { s++; if (!sl) sl = NR }
             $0 == "<!-- matrix:end -->" { e++; if (!el) el = NR }
             END { exit !((s == 0 && e == 0) || (s == 1 && e == 1 && sl < el)) }' "$doc" ||
            die "$doc must hold one '<!-- matrix:start -->' line and, after it, one '<!-- matrix:end -->' line, or neither"
    fi
fi

# The rerun's corpus: 100 MB when among the sizes, else the largest.
rerun_size=
for s in "${size_list[@]}"; do [[ $s == 100 ]] && rerun_size=100; done
[[ -n $rerun_size ]] || rerun_size=$(printf '%s\n' "${size_list[@]}" | sort -g | tail -1)

# The command as it would be typed, with the options that change the results.
cmd="bash bench/matrix.sh"
[[ ${size_list[*]} == "10 100 1000" ]] || cmd+=" --sizes \"${size_list[*]}\""
[[ ${cb_list[*]} == "default 1k 10k" ]] || cmd+=" --codebooks \"${cb_list[*]}\""
[[ $repeats == 1 ]] || cmd+=" --repeats $repeats"
[[ $no_build == 0 ]] || cmd+=" --no-build"

mkdir -p "$work/logs" || die "cannot create work dir $work"
exec 9>"$work/.lock"
flock -n 9 || die "another matrix.sh is running in $work"
rm -f "$work"/logs/matrix-*.log "$work"/logs/rerun-*.log
# Outputs are large; never leave them behind (generated inputs stay for the next invocation).
cleanup() { rm -rf "$work/out" "$work/keep-t1" "$work/rerun-out1" "$work/rerun-out2" "$work/rerun-out3" "$work/rerun-cache"; }
trap cleanup EXIT

if ((no_build)); then
    note "not building: timing target/release/skillgap as it is"
else
    note "building the release binary"
    cargo build --release -q || die "cargo build --release failed (--no-build times target/release/skillgap as it is)"
fi
[[ -x target/release/skillgap ]] || die "target/release/skillgap is missing"
commit=$(git rev-parse --short HEAD 2>/dev/null) || commit=unknown
if [[ $commit != unknown && -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    commit+=-dirty
fi
build_note=
((no_build == 0)) || build_note=" (binary not rebuilt; target/release/skillgap built $(date -u -r target/release/skillgap '+%Y-%m-%d %H:%M') UTC)"
bin=$work/skillgap
{ cp target/release/skillgap "$bin.tmp" && mv "$bin.tmp" "$bin"; } || die "cannot copy target/release/skillgap to $work"

# ---------------------------------------------------------------------------------------------
# Inputs: generated once, reused while the generator and its inputs are unchanged
# ---------------------------------------------------------------------------------------------

sha() { if [[ -e $1 ]]; then sha256sum "$1" | cut -d' ' -f1; else echo absent; fi; }
vocab=$repo/../shared/data/snowball/swedish-voc.txt
# What a generated input depends on; written to its marker file after the generator succeeds.
fingerprint() {
    printf '%s\n' "$*" "gen_corpus.py $(sha bench/gen_corpus.py)" "gen_codebook.py $(sha bench/gen_codebook.py)" \
        "skills.toml $(sha codebook/skills.toml)" "swedish-voc.txt $(sha "$vocab")"
}

# ensure_input TARGET COMMAND...: runs COMMAND (which writes TARGET.tmp) unless TARGET.done matches.
ensure_input() {
    local target=$1 want
    shift
    want=$(fingerprint "$@")
    if [[ -e $target && -f $target.done && $(cat "$target.done") == "$want" ]]; then
        note "reusing $target"
        return
    fi
    [[ -e $target ]] && note "regenerating $target (missing marker, or the generator or its inputs changed)"
    rm -rf "$target" "$target.tmp" "$target.done"
    note "generating $target"
    local log
    log=$work/logs/gen-$(basename "$target").log
    "$@" >"$log" 2>&1 || { tail -5 "$log" >&2; die "generating $target failed (log: $log)"; }
    mv "$target.tmp" "$target"
    printf '%s\n' "$want" >"$target.done"
}

declare -A cb_path cb_codes
for c in "${cb_list[@]}"; do
    case $c in
        default) cb_path[$c]=codebook/skills.toml ;;
        1k | 10k)
            n=${c%k}000
            cb_path[$c]=$work/cb$c.toml
            ensure_input "${cb_path[$c]}" python3 bench/gen_codebook.py --codes "$n" --out "${cb_path[$c]}.tmp" --seed 1
            ;;
    esac
    cb_codes[$c]=$(python3 -c 'import sys, tomllib; print(len(tomllib.load(open(sys.argv[1], "rb")).get("codes", [])))' "${cb_path[$c]}") ||
        die "cannot read the codebook ${cb_path[$c]}"
done

# The codebook change for the rerun: one more term for `ai` (as in bench/rerun.sh).
changed=$work/changed.toml
sed 's/^terms = \["AI", /terms = ["AI", "chattbot*", /' codebook/skills.toml >"$changed"
grep -q chattbot "$changed" || die "could not change the codebook (the ai code's terms line moved?)"

declare -A text_bytes
for s in "${size_list[@]}"; do
    dir=$work/corpus-$s
    ensure_input "$dir" python3 bench/gen_corpus.py --out "$dir.tmp" --mb "$s" --seed 1
    text_bytes[$s]=$(find "$dir" -type f \( -name '*.md' -o -name '*.txt' \) -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
    ((text_bytes[$s] > 0)) || die "$dir holds no *.md or *.txt"
done

# ---------------------------------------------------------------------------------------------
# Timed runs
# ---------------------------------------------------------------------------------------------

runs=$work/runs.csv
checks=$work/checks.csv
echo "kind,size_mb,text_bytes,interviews,codebook,codes,threads,repeat,status,wall_s,user_s,sys_s,maxrss_kb,cached_files" >"$runs"
echo "kind,size_mb,codebook,result" >"$checks"

# timed KIND SIZE CB THREADS REPEAT OUTDIR ARGS...: one `skillgap run`, appended to runs.csv.
# Sets `ok` to 1 when it succeeded.
timed() {
    local kind=$1 size=$2 cb=$3 threads=$4 rep=$5 out=$6
    shift 6
    local log=$work/logs/$kind-$size-$cb-t$threads-r$rep.log rc=0
    rm -rf "$out"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
        "$bin" run -q --interviews "$work/corpus-$size" --out "$out" --threads "$threads" "$@" >"$log" 2>&1 || rc=$?
    local wall='' user='' sys='' rss='' n='' cached='' status=ok
    if ((rc == 0)) && [[ -f $out/manifest.json ]]; then
        read -r wall user sys rss < <(tail -1 "$work/time.txt")
        read -r n cached < <(python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))["counts"]; print(c["interviews"], c.get("cached_files", ""))' "$out/manifest.json") ||
            { n=''; cached=''; }
        ok=1
        note "$(printf '%s: %s MB, %s codes, %s thread(s): %s s wall, %s MB peak' "$kind" "$size" "${cb_codes[$cb]}" "$threads" "$wall" $((rss / 1024)))"
    else
        status=failed
        ok=0
        note "WARNING: $kind run failed ($size MB, codebook $cb, $threads thread(s), exit $rc); log: $log"
        tail -5 "$log" | sed 's/^/    /' >&2
    fi
    echo "$kind,$size,${text_bytes[$size]},$n,$cb,${cb_codes[$cb]},$threads,$rep,$status,$wall,$user,$sys,$rss,$cached" >>"$runs"
}

compared=(codes.csv company_codes.csv cooccurrence.csv segments.csv)
# same DIR1 DIR2: prints the compared tables that differ (or are missing) between two outputs.
same() {
    local f differ=()
    for f in "${compared[@]}"; do
        cmp -s "$1/$f" "$2/$f" || differ+=("$f")
    done
    echo "${differ[*]}"
}

# compare KIND SIZE CODEBOOK BOTH_RAN DIR1 DIR2 WHAT: records in $checks whether the two output
# folders hold identical tables, warning when they do not (WHAT names the two runs).
compare() {
    local kind=$1 s=$2 c=$3 both_ran=$4 bad
    if ((both_ran)); then
        bad=$(same "$5" "$6")
        if [[ -n $bad ]]; then
            note "WARNING: $7 wrote different tables ($s MB, codebook $c): $bad"
            echo "$kind,$s,$c,differ: $bad" >>"$checks"
        else
            echo "$kind,$s,$c,identical" >>"$checks"
        fi
    else
        echo "$kind,$s,$c,not compared" >>"$checks"
    fi
}

for s in "${size_list[@]}"; do
    for c in "${cb_list[@]}"; do
        rm -rf "$work/keep-t1"
        kept=0
        for t in 1 2; do
            for r in $(seq "$repeats"); do
                timed matrix "$s" "$c" "$t" "$r" "$work/out" --codebook "${cb_path[$c]}" --no-cache
                if ((t == 1 && r == repeats && ok)); then
                    # Keep the last 1-thread tables for the comparison; drop the rest.
                    mkdir "$work/keep-t1"
                    for f in "${compared[@]}"; do
                        [[ -f $work/out/$f ]] && mv "$work/out/$f" "$work/keep-t1/"
                    done
                    kept=1
                fi
                if ((t == 2 && r == repeats)); then
                    compare matrix "$s" "$c" $((kept && ok)) "$work/keep-t1" "$work/out" "1 and 2 threads"
                fi
                rm -rf "$work/out"
            done
        done
        rm -rf "$work/keep-t1"
    done
done

# The rerun after a codebook change.
s=$rerun_size
for r in $(seq "$repeats"); do
    rm -rf "$work/rerun-cache"
    timed rerun-first "$s" default 2 "$r" "$work/rerun-out1" --codebook codebook/skills.toml --cache "$work/rerun-cache"
    ok1=$ok
    rm -rf "$work/rerun-out1"
    timed rerun-cache "$s" default 2 "$r" "$work/rerun-out2" --codebook "$changed" --cache "$work/rerun-cache"
    ok2=$ok
    if ((ok1 && ok2)) && [[ $(tail -1 "$runs" | cut -d, -f14) == 0 ]]; then
        note "WARNING: the cached rerun read nothing from the cache (manifest counts.cached_files = 0)"
    fi
    timed rerun-nocache "$s" default 2 "$r" "$work/rerun-out3" --codebook "$changed" --no-cache
    ok3=$ok
    if ((r == repeats)); then
        compare rerun "$s" default $((ok2 && ok3)) "$work/rerun-out2" "$work/rerun-out3" "the cached and uncached reruns"
    fi
    rm -rf "$work/rerun-out2" "$work/rerun-out3" "$work/rerun-cache"
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
[[ -n $cpu ]] || cpu=$(uname -m)
mem=$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
os=$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release 2>/dev/null | tr -d '"') || os=
[[ -n $os ]] || os=$(uname -sr)

M_DATE=$(date -u +%Y-%m-%d)
M_CORES=$(nproc)
M_RUSTC=$(rustc --version 2>/dev/null || echo "rustc unknown")
export M_CMD=$cmd M_DATE M_COMMIT=$commit M_BUILD_NOTE=$build_note M_CORES M_CPU=$cpu M_MEM=$mem M_OS=$os M_RUSTC \
    M_REPEATS=$repeats M_RUNS=$runs M_CHECKS=$checks M_WORK=$work M_DOC=$doc M_WRITE=$((1 - no_write)) \
    M_SIZES="${size_list[*]}" M_CODEBOOKS="${cb_list[*]}" M_RERUN_SIZE=$rerun_size
python3 - <<'EOF'
import csv, os, statistics, sys

E = os.environ
runs = list(csv.DictReader(open(E["M_RUNS"], newline="")))
checks = {(r["kind"], r["size_mb"], r["codebook"]): r["result"]
          for r in csv.DictReader(open(E["M_CHECKS"], newline=""))}
sizes, cbs, repeats = E["M_SIZES"].split(), E["M_CODEBOOKS"].split(), int(E["M_REPEATS"])

def text_mb(size):
    return int(next(r["text_bytes"] for r in runs if r["size_mb"] == size)) / 1e6

def interviews(size):
    return next((r["interviews"] for r in runs if r["size_mb"] == size and r["interviews"]), "")

def cell(kind, size, cb, threads):
    """Median of the cell's runs, or None when any of them failed."""
    rs = [r for r in runs if (r["kind"], r["size_mb"], r["codebook"], r["threads"]) == (kind, size, cb, threads)]
    if not rs or any(r["status"] != "ok" for r in rs):
        return None
    med = lambda f: statistics.median(f(r) for r in rs)
    wall = med(lambda r: float(r["wall_s"]))
    return {"wall": wall, "cpu": med(lambda r: float(r["user_s"]) + float(r["sys_s"])),
            "rss": med(lambda r: int(r["maxrss_kb"])) / 1024, "mbps": text_mb(size) / wall if wall > 0 else float("inf"),
            "codes": rs[0]["codes"]}

def codes_of(cb):
    return next(r["codes"] for r in runs if r["codebook"] == cb)

def cb_cell(cb):
    n = f"{int(codes_of(cb)):,}"
    return f"{n} (shipped)" if cb == "default" else n

def cb_prose(cb):
    return f"{int(codes_of(cb)):,} codes" + (" (shipped)" if cb == "default" else "")

# Raw rows.
raw = [["size_mb", "text_mb", "interviews", "codebook", "codes", "threads", "repeats", "status",
        "wall_s", "cpu_s", "mb_per_s", "peak_rss_mb", "speedup_vs_1_thread", "tables_vs_1_thread"]]
md = []
out = md.append
runs_note = "single runs" if repeats == 1 else f"median of {repeats} runs each"
out("## The national-scale matrix: corpus size × codebook × threads")
out("")
out(f"`{E['M_CMD']}` ({runs_note}). Date: {E['M_DATE']} (UTC). Commit: `{E['M_COMMIT']}`{E['M_BUILD_NOTE']}.")
out(f"Machine: {E['M_CORES']} cores ({E['M_CPU']}), {E['M_MEM']} GiB memory, {E['M_OS']}; "
    f"{E['M_RUSTC']}, release build.")
out("")
out("Corpora from `bench/gen_corpus.py --mb N --seed 1`; codebooks `codebook/skills.toml` and "
    "`bench/gen_codebook.py --codes 1000|10000 --seed 1`. Each run is "
    "`skillgap run -q --no-cache --threads T`, timed with GNU time: CPU is user + system time, "
    "MB/s is megabytes of transcript text (`*.md`, `*.txt`; 1 MB = 10^6 bytes) per wall-clock "
    "second, and the speed-up is the 1-thread wall time over the 2-thread one.")
out("")
out("| corpus MB | interviews | codebook (codes) | threads | wall (s) | CPU (s) | MB/s | peak RSS (MB) | 2 threads vs 1 |")
out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
differ, uncompared = [], []
for s in sizes:
    for cb in cbs:
        one = cell("matrix", s, cb, "1")
        for t in ("1", "2"):
            c = cell("matrix", s, cb, t)
            speed = check = ratio = ""
            if t == "2":
                check = checks.get(("matrix", s, cb), "not compared")
                if one and c and c["wall"] > 0:
                    ratio = f"{one['wall'] / c['wall']:.2f}"
                speed = f"{ratio}×" if ratio else "–"
                if check.startswith("differ"):
                    differ.append(f"{s} MB with {cb_prose(cb)} ({check[len('differ: '):]})")
                    speed += " **tables differ**"
                elif check != "identical":
                    uncompared.append(f"{s} MB with {cb_prose(cb)}")
            cols = [f"{text_mb(s):.1f}", interviews(s) or "–", cb_cell(cb), t]
            if c:
                cols += [f"{c['wall']:.2f}", f"{c['cpu']:.2f}", f"{c['mbps']:.1f}", f"{c['rss']:.0f}"]
                raw.append([s, f"{text_mb(s):.3f}", interviews(s), cb, codes_of(cb), t, repeats, "ok",
                            f"{c['wall']:.2f}", f"{c['cpu']:.2f}", f"{c['mbps']:.2f}", f"{c['rss']:.0f}",
                            ratio, check])
            else:
                cols += ["failed", "–", "–", "–"]
                raw.append([s, f"{text_mb(s):.3f}", interviews(s), cb, codes_of(cb), t, repeats, "failed",
                            "", "", "", "", ratio, check])
            out("| " + " | ".join(cols + [speed]) + " |")
out("")
tables = "`codes.csv`, `company_codes.csv`, `cooccurrence.csv` and `segments.csv`"
if differ:
    out(f"**The 1- and 2-thread runs wrote different tables** ({tables} compared) for: "
        + "; ".join(differ) + ".")
elif not uncompared:
    out(f"The 1- and 2-thread runs wrote byte-identical {tables} in every cell.")
else:
    out(f"The 1- and 2-thread runs wrote byte-identical {tables} wherever both succeeded.")
if uncompared:
    out(f"Not compared because a run failed: {'; '.join(uncompared)}.")
out("")

# The rerun.
s = E["M_RERUN_SIZE"]
rr = {k: cell(k, s, "default", "2") for k in ("rerun-first", "rerun-cache", "rerun-nocache")}
fmt = lambda c: f"{c['wall']:.2f}" if c else "failed"
out("### Rerun after a codebook change")
out("")
out(f"The {text_mb(s):.1f} MB corpus, the shipped codebook, 2 threads ({runs_note}): a first run "
    "filling a fresh `--cache`, a rerun after adding the term `chattbot*` to the code `ai` with "
    "that cache, and the same rerun with `--no-cache`.")
out("")
out("| corpus MB | interviews | first run, fresh cache (s) | rerun, cache (s) | rerun, no cache (s) | peak RSS, largest (MB) |")
out("|---:|---:|---:|---:|---:|---:|")
rss = max((c["rss"] for c in rr.values() if c), default=None)
out(f"| {text_mb(s):.1f} | {interviews(s) or '–'} | {fmt(rr['rerun-first'])} | {fmt(rr['rerun-cache'])} | "
    f"{fmt(rr['rerun-nocache'])} | {f'{rss:.0f}' if rss is not None else '–'} |")
check = checks.get(("rerun", s, "default"), "not compared")
out("")
if check == "identical":
    out("The cached and uncached reruns wrote byte-identical tables.")
elif check.startswith("differ"):
    out(f"**The cached and uncached reruns wrote different tables:** {check[len('differ: '):]}.")
else:
    out("The cached and uncached reruns were not compared (a run failed).")
section = "\n".join(md) + "\n"
sys.stdout.write(section)

work = E["M_WORK"]
with open(os.path.join(work, "matrix.csv"), "w", newline="") as f:
    csv.writer(f).writerows(raw)
with open(os.path.join(work, "rerun.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["size_mb", "text_mb", "interviews", "codebook", "threads", "repeats", "run", "status", "wall_s", "cpu_s", "peak_rss_mb"])
    for k, c in rr.items():
        w.writerow([s, f"{text_mb(s):.3f}", interviews(s), "default", 2, repeats, k.removeprefix("rerun-"),
                    "ok" if c else "failed", f"{c['wall']:.2f}" if c else "", f"{c['cpu']:.2f}" if c else "",
                    f"{c['rss']:.0f}" if c else ""])

if E["M_WRITE"] == "1":
    path, start, end = E["M_DOC"], "<!-- matrix:start -->", "<!-- matrix:end -->"
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    lines = text.splitlines(keepends=True)
    starts = [i for i, l in enumerate(lines) if l.strip() == start]
    ends = [i for i, l in enumerate(lines) if l.strip() == end]
    if not starts and not ends:
        if text and not text.endswith("\n"):
            text += "\n"
        new = text + ("\n" if text else "") + start + "\n" + section + end + "\n"
    elif len(starts) == 1 and len(ends) == 1 and starts[0] < ends[0]:
        new = "".join(lines[:starts[0] + 1]) + section + "".join(lines[ends[0]:])
    else:
        sys.exit(f"matrix.sh: {path} must hold exactly one '{start}' line followed by one '{end}' line "
                 f"(found {len(starts)} and {len(ends)}); fix the markers and rerun")
    tmp = path + ".matrix-tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(tmp, path)
    print(f"matrix.sh: wrote the section into {path}", file=sys.stderr)
else:
    print("matrix.sh: dry mode, left the doc file alone", file=sys.stderr)
print(f"matrix.sh: raw rows in {work}/matrix.csv, {work}/rerun.csv and {work}/runs.csv", file=sys.stderr)
EOF
