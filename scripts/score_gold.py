#!/usr/bin/env python3
"""Scores a skillgap run on the gold set: tests/gold/labels.csv against the run's segments.csv.

Usage: scripts/score_gold.py OUTPUT_DIR [LABELS_CSV] [CODEBOOK_TOML]

A (segment, code) pair is *counted* when the run has an automatic occurrence of the code or of
one of its sub-codes there that is not negated. Labels `need`/`has` should be counted, `negated`
and `absent` should not. The same definitions are asserted by the gold test in tests/cli.rs.
"""
import csv, sys, tomllib
from collections import defaultdict

args = [a for a in sys.argv[1:] if a != "-v"]
out = args[0]
labels_path = args[1] if len(args) > 1 else "tests/gold/labels.csv"
cb_path = args[2] if len(args) > 2 else "tests/gold/codebook.toml"
cb = tomllib.load(open(cb_path, "rb"))
parent = {c["id"]: c.get("parent", "") for c in cb["codes"]}

def lineage(c):
    while c:
        yield c
        c = parent.get(c, "")

counted = defaultdict(set)  # (iv, seg, code) -> stances
for r in csv.DictReader(open(f"{out}/segments.csv", encoding="utf-8")):
    if r["source"] != "auto" or r["role"] != "respondent" or r["negated"] == "true":
        continue
    for a in lineage(r["code"]):
        counted[(r["interview"], r["segment"], a)].add(r.get("stance", "has"))

labels = list(csv.DictReader(open(labels_path, encoding="utf-8")))
gold = {(l["interview"], l["segment"], l["code"]): l for l in labels}
# A positive label of a sub-code is a positive of its parents as well (counts are inclusive).
def inclusive(keys):
    return {(iv, seg, a) for (iv, seg, c) in keys for a in lineage(c)}
pos_direct = {k for k, l in gold.items() if l["stance"] in ("need", "has")}
pos = inclusive(pos_direct)
reach = inclusive({k for k in pos_direct if gold[k]["reachable"] == "yes"})
unreach = pos - reach
tool = set(counted)

def prf(g, t):
    tp = len(g & t)
    p = tp / len(t) if t else 0.0
    r = tp / len(g) if g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp

p, r, f, tp = prf(pos, tool)
print(f"all positive labels: P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp}, gold {len(pos)}, tool {len(tool)})")
p, r, f, tp = prf(reach, tool - unreach)
print(f"reachable labels:    P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp}, gold {len(reach)}, tool {len(tool - unreach)})")
fp = sorted(tool - pos)
print(f"tool pairs without a positive label: {len(fp)}")

def stance_of(k):
    s = counted.get(k, set())
    return "need" if "need" in s else ("has" if "has" in s else None)

neg = [k for k, l in gold.items() if l["stance"] == "negated"]
print(f"negated labels counted: {sum(k in tool for k in neg)}/{len(neg)}")
hit = [k for k in pos_direct if k in tool]
acc = sum(stance_of(k) == gold[k]["stance"] for k in hit)
print(f"stance accuracy on counted positive labels: {acc}/{len(hit)} = {acc/len(hit):.3f}")
need_gold = inclusive({k for k in pos_direct if gold[k]["stance"] == "need"})
need_tool = {k for k in tool if stance_of(k) == "need"}
p, r, f, tp = prf(need_gold, need_tool)
print(f"need as demand: P {p:.3f} R {r:.3f} F1 {f:.3f}")

# Per phenomenon: recall on its need/has labels (counted), and on its negated/absent labels
# the share wrongly counted (false positives; 1 minus the precision they allow).
print("\n| phenomenon | positives | recall | negatives | negatives counted |\n|---|---:|---:|---:|---:|")
groups = defaultdict(list)
for k, l in gold.items():
    groups[l["phenomenon"]].append(k)
for ph in sorted(groups):
    pos_k = [k for k in groups[ph] if gold[k]["stance"] in ("need", "has")]
    neg_k = [k for k in groups[ph] if gold[k]["stance"] not in ("need", "has")]
    tp = sum(k in tool for k in pos_k)
    fp = sum(k in tool for k in neg_k)
    rec = f"{tp / len(pos_k):.2f}" if pos_k else "–"
    fpr = f"{fp} ({fp / len(neg_k):.2f})" if neg_k else "–"
    print(f"| {ph} | {len(pos_k)} | {rec} | {len(neg_k)} | {fpr} |")
print("\n| phenomenon | labels | handled right | share |\n|---|---:|---:|---:|")
by = defaultdict(list)
for k, l in gold.items():
    by[l["phenomenon"]].append(k)
for ph in sorted(by):
    ks = by[ph]
    ok = 0
    for k in ks:
        s = gold[k]["stance"]
        ok += (k in tool) if s in ("need", "has") else (k not in tool)
    print(f"| {ph} | {len(ks)} | {ok} | {ok/len(ks):.2f} |")
if "-v" in sys.argv:
    for k in sorted(gold):
        l = gold[k]; s = l["stance"]
        right = (k in tool) if s in ("need", "has") else (k not in tool)
        st = stance_of(k)
        if not right or (s in ("need","has") and st != s):
            print("MISS" if not right else "STANCE", k, s, l["phenomenon"], "tool:", sorted(counted.get(k, [])), "|", l["evidence"])
    for k in fp:
        print("FP", k, sorted(counted[k]))
