#!/usr/bin/env bash
# Shows that two builds of skillgap write the same outputs: every table (CSV and Parquet), the
# reports and the manifest, byte for byte, with only the run's timestamps (and the paths that
# name the output folder) set aside. Use it after a change that must not change outputs:
#
#   cp target/release/skillgap /tmp/skillgap-before      # on the commit before the change
#   cargo build --release                                 # on the change
#   bash bench/identical.sh /tmp/skillgap-before target/release/skillgap
#
# It runs both builds on the shipped sample and on a generated 100 MB corpus
# (`gen_corpus.py --mb 100 --seed 1`), with the shipped and a generated 1,000-code codebook,
# plain, with `--min-cell 3` and with `--pseudonymize`. Exits 1 on any difference and lists it.
# Set WORK to keep the generated inputs between calls (default: a folder under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
work=${WORK:-/tmp/skillgap-identical}
mkdir -p "$work"
[ -d "$work/gc100" ] || python3 bench/gen_corpus.py --out "$work/gc100" --mb 100 --seed 1 >/dev/null
[ -f "$work/cb1k.toml" ] || python3 bench/gen_codebook.py --codes 1000 --out "$work/cb1k.toml" --seed 1 >/dev/null
printf 'fictional salt for comparing builds\n' >"$work/salt"

differ=0
compare() { # name old_dir new_dir
	python3 - "$1" "$2" "$3" <<'EOF' || differ=1
import json, pathlib, re, sys, zipfile
name, a, b = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
stamp = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(Z| UTC)")
def norm(path, data):
    if path.suffix == ".xlsx":
        # Shared strings are numbered in order of first use, so two runs whose start and end
        # fall in one second or in two number them differently: cells are compared by text.
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in sorted(z.namelist()) if n != "docProps/core.xml"}
        strings = re.findall(rb"<si>(.*?)</si>", parts.pop("xl/sharedStrings.xml", b""), re.S)
        cell = re.compile(rb'(<c [^>]*t="s"[^>]*>)<v>(\d+)</v>')
        resolve = lambda m: m.group(1) + b"<is>" + strings[int(m.group(2))] + b"</is>"
        return b"".join(n.encode() + b"\0" + stamp.sub(b"T", cell.sub(resolve, v)) for n, v in parts.items())
    if path.name == "manifest.json":
        m = json.loads(data)
        for k in ("started", "finished"):
            m.pop(k, None)
        m["options"].pop("out", None)
        return json.dumps(m, sort_keys=True).encode()
    return stamp.sub(b"T", data)
names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
bad = []
for n in names:
    pa, pb = a / n, b / n
    if not pa.exists() or not pb.exists():
        bad.append(f"{n}: only in {'new' if pb.exists() else 'old'}")
    elif norm(pa, pa.read_bytes()) != norm(pb, pb.read_bytes()):
        bad.append(f"{n}: differs")
print(f"{name}: {len(names)} files, " + ("identical" if not bad else "DIFFERENT: " + "; ".join(bad)))
sys.exit(1 if bad else 0)
EOF
}

case_() { # name interviews codebook [options...]
	local name=$1 interviews=$2 codebook=$3
	shift 3
	rm -rf "$work/old-$name" "$work/new-$name"
	"$old" run -q --no-cache --interviews "$interviews" --codebook "$codebook" --out "$work/old-$name" "$@"
	"$new" run -q --no-cache --interviews "$interviews" --codebook "$codebook" --out "$work/new-$name" "$@"
	compare "$name" "$work/old-$name" "$work/new-$name"
}

pseudo=(--pseudonymize --salt-file "$work/salt")
case_ sample interviews codebook/skills.toml
case_ sample-min3 interviews codebook/skills.toml --min-cell 3
case_ sample-pseudo interviews codebook/skills.toml "${pseudo[@]}"
case_ sample-en interviews codebook/skills.toml --lang en
case_ gc100 "$work/gc100" codebook/skills.toml
case_ gc100-1k "$work/gc100" "$work/cb1k.toml"
case_ gc100-min3 "$work/gc100" codebook/skills.toml --min-cell 3
case_ gc100-pseudo "$work/gc100" codebook/skills.toml "${pseudo[@]}"
case_ gc100-1k-min3-pseudo "$work/gc100" "$work/cb1k.toml" --min-cell 3 "${pseudo[@]}"
exit $differ
