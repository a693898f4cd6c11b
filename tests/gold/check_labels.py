#!/usr/bin/env python3
"""Consistency check for the skillgap gold set (standard library only).

Checks, for tests/gold:
  * codebook.toml parses, has 18-25 codes, no tuned cue keys, facets on specialist/domain;
  * every interview parses into turns (SPEC section 2), manual codes exist in the codebook
    and sit only in respondent turns;
  * labels.csv has the exact header and valid values; each row points at a respondent
    segment; its evidence occurs verbatim in that segment's text (manual codes removed);
  * every need/has row has the matching [#code] in its segment and every [#code] has a
    need/has row; no duplicate (interview, segment, code) rows.
Prints counts per phenomenon, stance, reachable and English/Swedish interviews.
Exit status 0 when everything passes, 1 otherwise.
"""
import csv
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["interview", "segment", "code", "stance", "phenomenon", "reachable", "evidence"]
STANCES = {"need", "has", "negated", "absent"}
PHENOMENA = {"plain", "inflection", "compound", "english", "negation_after", "negation_before",
             "negation_en", "gap_phrase", "not_only", "contrast_men", "need_cue",
             "self_description", "stem_trap", "list_answer", "paraphrase"}
INTERVIEWER = {"i", "int", "intervjuare", "interviewer", "q", "f"}
FORBIDDEN_KEYS = {"negation", "negation_window", "gap_phrases", "need_cues", "compounds", "regex"}
SECTORS = {"tillverkning", "logistik", "jordbruk", "turism", "it-tjanster"}
SIZES = {"1-9", "10-49", "50-249", "250+"}
SUBREGIONS = {"Norra", "Södra", "Östra", "Västra"}

WORD = r"[A-ZÅÄÖÉÜ0-9][\w.\-]*"
TURN_RE = re.compile(r"^(?:[\[(]\d{1,2}:\d{2}:\d{2}[\])]\s*)?(" + WORD + r"(?: " + WORD + r"){0,2}):(.*)$")
CODES_RE = re.compile(r"\[(#[a-z0-9][a-z0-9_-]*(?:\s+#[a-z0-9][a-z0-9_-]*)*)\]")

errors = []


def err(msg):
    errors.append(msg)


def load_codebook():
    with open(HERE / "codebook.toml", "rb") as f:
        cb = tomllib.load(f)
    for k in FORBIDDEN_KEYS & set(cb):
        err(f"codebook: top-level key '{k}' must not be set (defaults are measured)")
    for k in ("name", "version", "language", "group_by"):
        if k not in cb:
            err(f"codebook: missing '{k}'")
    codes = {}
    for c in cb.get("codes", []):
        cid = c.get("id")
        if cid in codes:
            err(f"codebook: duplicate id {cid}")
        codes[cid] = c
        for k in FORBIDDEN_KEYS & set(c):
            err(f"codebook: code {cid} sets '{k}'")
        if c.get("category") in ("specialist", "domain"):
            if c.get("facets", {}).get("level") not in ("spets", "bredd"):
                err(f"codebook: code {cid} needs facets.level spets|bredd")
        if not c.get("terms"):
            err(f"codebook: code {cid} has no terms")
    for cid, c in codes.items():
        if c.get("parent") and c["parent"] not in codes:
            err(f"codebook: code {cid} has unknown parent {c['parent']}")
    if not 18 <= len(codes) <= 25:
        err(f"codebook: {len(codes)} codes, expected 18-25")
    return codes


def parse_interview(path):
    """Return (meta, preamble lines, turns); a turn is dict(label, role, lines)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    meta, i = {}, 0
    if lines and lines[0].strip() == "---":
        i = 1
        while i < len(lines) and lines[i].strip() != "---":
            if ":" in lines[i]:
                k, v = lines[i].split(":", 1)
                meta[k.strip()] = v.strip()
            i += 1
        i += 1
    preamble, turns = [], []
    for line in lines[i:]:
        m = TURN_RE.match(line)
        if m and len(m.group(1)) <= 40:
            label = m.group(1)
            role = "interviewer" if label.lower() in INTERVIEWER else "respondent"
            turns.append({"label": label, "role": role, "lines": [m.group(2).strip()]})
        elif turns:
            turns[-1]["lines"].append(line)
        else:
            preamble.append(line)
    return meta, preamble, turns


def main():
    codes = load_codebook()
    interviews = {}
    for path in sorted((HERE / "interviews").glob("*.md")):
        meta, preamble, turns = parse_interview(path)
        iv = meta.get("interview", path.stem)
        if iv != path.stem:
            err(f"{path.name}: interview id {iv} differs from file name")
        if meta.get("sector") not in SECTORS:
            err(f"{path.name}: bad sector {meta.get('sector')}")
        if meta.get("size") not in SIZES:
            err(f"{path.name}: bad size {meta.get('size')}")
        if meta.get("subregion") not in SUBREGIONS:
            err(f"{path.name}: bad subregion {meta.get('subregion')}")
        pre = " ".join(preamble).lower()
        if "fiktiv" not in pre and "fictional" not in pre:
            err(f"{path.name}: preamble lacks the fictional note")
        if not 10 <= len(turns) <= 18:
            err(f"{path.name}: {len(turns)} turns, expected 10-18")
        segs = {}
        for n, t in enumerate(turns, 1):
            raw = "\n".join(t["lines"])
            manual = []
            for grp in CODES_RE.findall(raw):
                manual += [c[1:] for c in grp.split()]
            for c in manual:
                if c not in codes:
                    err(f"{path.name} segment {n}: manual code #{c} not in codebook")
            if manual and t["role"] != "respondent":
                err(f"{path.name} segment {n}: manual code in an interviewer turn")
            text = CODES_RE.sub("", raw)
            segs[n] = {"role": t["role"], "text": text, "manual": set(manual)}
        english = "fictional interview" in pre
        interviews[iv] = {"segs": segs, "english": english}

    rows = []
    with open(HERE / "labels.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != HEADER:
            err(f"labels.csv: header {header} != {HEADER}")
        for ln, r in enumerate(reader, 2):
            if len(r) != len(HEADER):
                err(f"labels.csv:{ln}: {len(r)} fields")
                continue
            rows.append((ln, dict(zip(HEADER, r))))

    seen = set()
    labelled_pos = set()
    for ln, r in rows:
        iv, code = r["interview"], r["code"]
        where = f"labels.csv:{ln} ({iv} {r['segment']} {code})"
        if iv not in interviews:
            err(f"{where}: no such interview")
            continue
        try:
            seg = int(r["segment"])
        except ValueError:
            err(f"{where}: segment is not a number")
            continue
        s = interviews[iv]["segs"].get(seg)
        if s is None:
            err(f"{where}: segment out of range")
            continue
        if s["role"] != "respondent":
            err(f"{where}: segment is not a respondent turn")
        if code not in codes:
            err(f"{where}: code not in codebook")
        if r["stance"] not in STANCES:
            err(f"{where}: bad stance {r['stance']}")
        if r["phenomenon"] not in PHENOMENA:
            err(f"{where}: bad phenomenon {r['phenomenon']}")
        if r["reachable"] not in ("yes", "no"):
            err(f"{where}: reachable must be yes|no")
        if r["phenomenon"] == "paraphrase" and r["reachable"] != "no":
            err(f"{where}: paraphrase rows must have reachable = no")
        if r["phenomenon"] == "stem_trap" and r["stance"] != "absent":
            err(f"{where}: stem_trap rows must have stance absent")
        if not r["evidence"] or r["evidence"] not in s["text"]:
            err(f"{where}: evidence not found verbatim: {r['evidence']!r}")
        key = (iv, seg, code)
        if key in seen:
            err(f"{where}: duplicate (interview, segment, code)")
        seen.add(key)
        positive = r["stance"] in ("need", "has")
        if positive:
            labelled_pos.add(key)
        if positive and code not in s["manual"]:
            err(f"{where}: {r['stance']} row without [#{code}] in the segment")
        if not positive and code in s["manual"]:
            err(f"{where}: {r['stance']} row but the segment carries [#{code}]")
    for iv, d in interviews.items():
        for n, s in d["segs"].items():
            for c in s["manual"]:
                if (iv, n, c) not in labelled_pos:
                    err(f"{iv} segment {n}: [#{c}] has no need/has row")

    labs = [r for _, r in rows]
    print(f"interviews: {len(interviews)}  rows: {len(labs)}")
    print("\nper stance:")
    for k, v in sorted(Counter(r["stance"] for r in labs).items()):
        print(f"  {k:18} {v}")
    print("\nper phenomenon:")
    for k, v in sorted(Counter(r["phenomenon"] for r in labs).items()):
        print(f"  {k:18} {v}")
    print("\nper reachable:")
    for k, v in sorted(Counter(r["reachable"] for r in labs).items()):
        print(f"  {k:18} {v}")
    eng = {iv for iv, d in interviews.items() if d["english"]}
    print(f"\nmostly-English interviews: {', '.join(sorted(eng))}")
    print(f"  rows in them       {sum(r['interview'] in eng for r in labs)}")
    print("\nphenomenon x stance:")
    ct = Counter((r["phenomenon"], r["stance"]) for r in labs)
    st = ["need", "has", "negated", "absent"]
    print(f"  {'':18}" + "".join(f"{x:>9}" for x in st))
    for p in sorted({r["phenomenon"] for r in labs}):
        print(f"  {p:18}" + "".join(f"{ct[(p, x)]:>9}" for x in st))
    print(f"\nper code:")
    cc = Counter(r["code"] for r in labs)
    print("  " + ", ".join(f"{c} {cc[c]}" for c in codes))
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
