#!/usr/bin/env python3
"""Generate a large JSON Lines file of fictional job ads for benchmarking skillgap's table reader.

    python3 bench/gen_jobads.py --from /tmp/gc100 --out /tmp/ads.jsonl --mb 1000 --seed 1

Each line is one ad of about 2 KB, shaped like a public job-ad feed:
`{"id": "A0000001", "headline": ..., "employer": {"name": ...}, "sector": ..., "size": ...,
"subregion": ..., "description": {"text": ...}, ...}`, with a few more fields a reader must skip.
The text is made of the respondent turns of a corpus written by `bench/gen_corpus.py`
(`--from`), so its term density matches the transcript benchmark and the two throughputs
compare; turns are taken in a seeded random order and reused as often as needed, joined into
paragraphs until an ad reaches its drawn length (1.2 to 2.2 KB of text). Everything is fictional.
The same seed and arguments give a byte-identical file. 1 MB = 1,000,000 bytes.

Run it as: skillgap run --interviews /tmp/ads.jsonl --text-column description.text
--id-column id -q --no-cache
"""

import argparse
import json
import pathlib
import random
import sys

SECTORS = ["tillverkning", "logistik", "jordbruk", "turism", "it-tjänster"]
SIZES = ["1-9", "10-49", "50-249", "250+"]
REGIONS = ["Fyrbodal", "Göteborgsregionen", "Sjuhärad", "Skaraborg"]


def turns(corpus):
    out = []
    for path in sorted(pathlib.Path(corpus).rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("R: ", "R2: ")):
                out.append(line.split(": ", 1)[1])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--from", dest="corpus", required=True, help="a gen_corpus.py output folder")
    p.add_argument("--out", required=True)
    p.add_argument("--mb", type=float, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    texts = turns(a.corpus)
    if not texts:
        sys.exit(f"no respondent turns under {a.corpus}")
    rng = random.Random(a.seed)
    target = int(a.mb * 1_000_000)
    written, n = 0, 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        while written < target:
            n += 1
            length = rng.randint(1200, 2200)
            paragraphs, size = [], 0
            while size < length:
                t = texts[rng.randrange(len(texts))]
                paragraphs.append(t)
                size += len(t.encode("utf-8")) + 2
            ad = {
                "id": f"A{n:07d}",
                "headline": f"Fiktiv annons {n}",
                "employer": {"name": f"Fiktivt företag {rng.randrange(n // 3 + 1):06d}"},
                "sector": rng.choice(SECTORS),
                "size": rng.choice(SIZES),
                "subregion": rng.choice(REGIONS),
                "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "occupation": {"label": "Fiktivt yrke", "concept_id": f"x{rng.randrange(999):03d}"},
                "description": {"text": "\n\n".join(paragraphs)},
            }
            line = json.dumps(ad, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
    print(f"wrote {n} ads, {written / 1e6:.1f} MB, to {a.out}")


if __name__ == "__main__":
    main()
