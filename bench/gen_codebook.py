#!/usr/bin/env python3
"""Generate a large skillgap codebook from real skill taxonomies, for benchmarking.

    python3 bench/gen_codebook.py --codes 1000 --out /tmp/cb1k.toml [--seed 1]

Writes a valid skillgap TOML codebook (SPEC section 3) with exactly --codes codes:
  * Swedish codes from the JobTech taxonomy's skill concepts (`type` "skill", `preferredLabel`),
    grouped under JobTech's skill headlines;
  * English codes from ESCO skills (`preferredLabel` and `altLabels`), grouped under ESCO skill
    groups with ESCO's own group hierarchy (up to four levels); their terms are written as
    `{ term = "...", language = "en" }` tables;
  * about 5 % of the codes are parents; a child is put under the parent whose label shares a word
    with its own where there is one.
Terms are cleaned so that skillgap accepts them without warnings: symbols that tokenising would
drop (`+`, `#`, `/`, brackets, ...) become spaces, terms longer than six words, stop words and
words shorter than three letters are left out.

When the taxonomy files are missing (--jobtech, --esco), labels are generated instead, and the
script says so. Standard library only. The same seed and arguments give a byte-identical file.
"""

import argparse
import csv
import json
import os
import pathlib
import random
import re
import sys
import tomllib
import unicodedata

# The shared public data sits beside the project: ../shared/data from the project root.
SHARED_DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_JOBTECH = str(SHARED_DATA / "jobtech" / "taxonomy-to-concept.json")
DEFAULT_ESCO = str(SHARED_DATA / "esco")
DEFAULT_BASE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "codebook", "skills.toml")
CODE_KEYS = ["id", "label", "category", "parent", "facets", "description", "language", "terms",
             "exclude", "regex"]
PARENT_SHARE = 0.05
SWEDISH_SHARE = 0.5   # share of leaf codes taken from JobTech (Swedish)
MAX_WORDS = 6
MAX_EN_TERMS = 5      # preferred label + up to four alt labels

NEGATION = ["inte", "ej", "icke", "inga", "ingen", "inget", "ingenting", "aldrig", "varken",
            "not", "no", "never"]

# Words that, alone, would match nearly every turn (skillgap's lint warns about them).
STOP_WORDS = set("""
och att det som en ett på är av för med till den har de inte om han hon men var jag sig från vi
så kan man när år under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara
hade alla andra mycket än här då sedan över bara in blir upp även vad få vill ha hur mer går göra
gör bra nya ny the a an and or of to in is it for on with as at by be this that from we not are
use using other all any its their your
""".split())

SPECIALIST_KEYS = ["data", "program", "system", "digital", "dator", "mjukvar", "software", "ict",
                   "automat", "robot", "cad", "cnc", "plc", "elektronik", "electronic", "network",
                   "nätverk", "webb", "web", "database", "databas", "algorit", "teknik",
                   "technolog", "engineer", "ingenjör", "maskin", "machine", "sensor", "it-",
                   "cyber", "cloud", "moln", "analys", "analys", "statisti", "mätteknik",
                   "styr", "control", "simul", "3d", "ai "]
GENERIC_KEYS = ["kommunik", "ledarskap", "ledning", "samarbet", "språk", "service", "kund",
                "körkort", "communicat", "leadership", "team", "language", "customer", "manage",
                "problem", "planer", "plan ", "självständ", "flexib", "initiativ", "attityd",
                "social", "presentation", "projekt", "project", "motivat", "ethic", "etik"]
SPETS_KEYS = ["avancer", "specialist", "expert", "certifi", "examen", "behörighet", "legitimation",
              "advanced", "design", "develop", "utveckl", "research", "forsk", "konstruk",
              "analys", "analyse", "optimi", "architect", "arkitekt"]

# Fallback vocabulary for generated labels when the taxonomy files are missing.
SV_ROOTS = ["svets", "lager", "data", "robot", "kvalitets", "energi", "hållbarhets", "produktions",
            "process", "transport", "livsmedels", "djur", "växt", "material", "el", "hydraul",
            "ventilations", "fordons", "trä", "plast", "metall", "mät", "styr", "underhålls",
            "säkerhets", "miljö", "kund", "projekt", "ekonomi", "inköps", "logistik", "service",
            "skogs", "bygg", "vatten", "textil", "förpacknings", "laboratorie", "kyl", "verktygs"]
SV_HEADS = ["teknik", "analys", "planering", "styrning", "kunskap", "programmering", "underhåll",
            "montering", "ledning", "säkring", "mätning", "konstruktion", "hantering", "reparation",
            "optimering", "dokumentation", "utbildning", "kontroll", "design", "inspektion"]
EN_VERBS = ["manage", "operate", "maintain", "design", "inspect", "repair", "programme", "analyse",
            "plan", "monitor", "install", "calibrate", "document", "optimise", "assemble",
            "supervise", "test", "configure", "troubleshoot", "coordinate"]
EN_OBJECTS = ["warehouse stock", "welding equipment", "industrial robots", "production lines",
              "quality systems", "energy consumption", "food safety procedures", "crop rotation",
              "livestock feeding", "customer bookings", "cloud infrastructure", "sensor networks",
              "hydraulic systems", "supply chains", "machine data", "control systems",
              "electrical installations", "packaging machines", "transport routes",
              "laboratory samples", "software releases", "network security", "CNC machines",
              "composite materials", "maintenance schedules"]


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------

def toml_str(s):
    """A TOML basic string: escapes backslash, quote and control characters."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\u{o:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(v):
    """A TOML value for what tomllib read from a codebook: strings, numbers, booleans, arrays
    and inline tables."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise ValueError(f"cannot write {v!r} as TOML")


def slug(label):
    """An id from a label: ASCII-folded (å→a, ä→a, ö→o), lowercase, `_` between words."""
    s = unicodedata.normalize("NFKD", label)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("Æ", "ae")
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    if len(s) > 48:
        s = s[:48].rsplit("_", 1)[0] or s[:48]
    return s.strip("_") or "code"


def clean_term(text):
    """A term skillgap tokenises as written, or None. Symbols become spaces; apostrophes and
    dots are kept only inside words (where word segmentation keeps them too); hyphens only
    between letters or digits."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‐", "-")
    chars = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isalnum():
            chars.append(ch)
        elif ch in "'.-" and 0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
            if ch == "." and not (text[i - 1].isdigit() and text[i + 1].isdigit()):
                chars.append(" ")
            else:
                chars.append(ch)
        else:
            chars.append(" ")
    words = "".join(chars).split()
    if not words or len(words) > MAX_WORDS:
        return None
    if not any(c.isalpha() for c in "".join(words)):
        return None
    if len(words) == 1:
        w = words[0]
        if w.lower() in STOP_WORDS:
            return None
        if len(w) < 3 and not is_acronym(w):
            return None
    # A term of only stop words and short words would match almost anything.
    if all(w.lower() in STOP_WORDS or len(w) < 3 for w in words):
        return None
    return " ".join(words)


def is_acronym(word):
    return sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word)


def category_of(label, default):
    t = " " + label.lower() + " "
    if any(k in t for k in GENERIC_KEYS):
        return "generic"
    if any(k in t for k in SPECIALIST_KEYS):
        return "specialist"
    return default


def level_of(label, rng):
    t = label.lower()
    if any(k in t for k in SPETS_KEYS):
        return "spets"
    return "spets" if rng.random() < 0.3 else "bredd"


def short_description(text, limit=200):
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

class Concept:
    __slots__ = ("label", "terms", "lang", "category", "description", "parent_key", "key",
                 "is_parent", "glob", "exclude", "regex", "level")

    def __init__(self, key, label, terms, lang, category, description, is_parent=False,
                 parent_key=None, level=0):
        self.key, self.label, self.terms, self.lang = key, label, terms, lang
        self.category, self.description = category, description
        self.is_parent, self.parent_key, self.level = is_parent, parent_key, level
        self.exclude, self.regex = [], []


def jobtech_terms(label, rng, common=()):
    """Swedish terms from a JobTech label: the label without brackets, its `/` alternatives,
    the bracketed text (unless other labels share these parts, like "(behörighet)" or "Mark/"),
    and sometimes a
    trailing glob of a one-word label."""
    raw = []
    base = re.sub(r"\([^)]*\)", " ", label)
    parts = [p for p in re.split(r"/| [-–] ", base)]
    if len(parts) > 1 and all(sum(c.isalpha() for c in p) >= 3 for p in parts):
        raw.extend(p for p in parts if p.strip().lower() not in common)
        raw.append(re.sub(r"/| [-–] ", " ", base))
    else:
        raw.append(base)
    raw.extend(p for p in re.findall(r"\(([^)]*)\)", label) if p.strip().lower() not in common)
    terms = []
    for r in raw:
        t = clean_term(r)
        if t and t.lower() not in {x.lower() for x in terms}:
            terms.append(t)
    if terms and len(terms[0].split()) == 1 and len(terms[0]) >= 8 and terms[0].isalpha() \
            and rng.random() < 0.3:
        terms.append(terms[0].lower() + "*")
    return terms


def load_jobtech(path, rng):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    skills, headlines = [], []
    counts = {}
    for c in doc.get("skill", {}).values():
        label = c.get("preferredLabel", "")
        parts = re.findall(r"\(([^)]*)\)", label)
        parts += re.split(r"/| [-–] ", re.sub(r"\([^)]*\)", " ", label))
        for p in {p.strip().lower() for p in parts}:
            counts[p] = counts.get(p, 0) + 1
    common = {p for p, k in counts.items() if k > 1}
    for typ, out in (("skill", skills), ("skill-headline", headlines)):
        table = doc.get(typ, {})
        for key in sorted(table, key=lambda k: (len(k), k)):
            c = table[key]
            if c.get("type") != typ or not c.get("preferredLabel"):
                continue
            label = " ".join(c["preferredLabel"].split())
            terms = jobtech_terms(label, rng, common)
            if not terms:
                continue
            cid = c.get("conceptId", key)
            out.append(Concept(
                f"jt:{cid}", label, terms, "sv", category_of(label, "domain"),
                f"{'Rubrik' if typ == 'skill-headline' else 'Kompetens'} i JobTech-taxonomin "
                f"(Arbetsförmedlingen), begrepp {cid}.",
                is_parent=(typ == "skill-headline")))
    return skills, headlines


def esco_terms(pref, alts, rng):
    terms = []
    seen = set()
    t = clean_term(pref)
    if t:
        terms.append(t)
        seen.add(t.lower())
    cands = [a for a in alts if a.strip()]
    rng.shuffle(cands)
    for a in cands:
        if len(terms) >= MAX_EN_TERMS:
            break
        t = clean_term(a)
        if t and t.lower() not in seen:
            seen.add(t.lower())
            terms.append(t)
    return terms


def load_esco(folder, rng):
    skills, groups = [], []
    with open(os.path.join(folder, "skills_en.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("status", "released") != "released" or not row.get("preferredLabel"):
                continue
            label = " ".join(row["preferredLabel"].split())
            terms = esco_terms(label, row.get("altLabels", "").split("\n"), rng)
            if not terms:
                continue
            if row.get("reuseLevel") == "transversal":
                cat = "generic"
            elif row.get("skillType") == "knowledge":
                cat = "domain"
            else:
                cat = category_of(label, "specialist")
            desc = short_description(row.get("description") or row.get("definition") or label)
            skills.append(Concept(f"esco:{row['conceptUri']}", label, terms, "en", cat, desc))
    hier = os.path.join(folder, "skillsHierarchy_en.csv")
    if os.path.exists(hier):
        with open(hier, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                level = max(i for i in range(4) if row.get(f"Level {i} URI") or i == 0)
                uri = row[f"Level {level} URI"]
                label = " ".join(row[f"Level {level} preferred term"].split())
                if not uri or not label:
                    continue
                parent = row[f"Level {level - 1} URI"] if level > 0 else None
                top = row["Level 0 preferred term"].lower()
                cat = ("generic" if ("transversal" in top or "language" in top)
                       else "domain" if top == "knowledge" else "specialist")
                terms = esco_terms(label, [], rng)
                desc = short_description(row.get("Description") or f"ESCO skill group {label}.")
                groups.append(Concept(f"esco:{uri}", label, terms, "en", cat, desc,
                                      is_parent=True, parent_key=parent and f"esco:{parent}",
                                      level=level))
    return skills, groups


def generated(n_sv, n_en, rng):
    """Labels made up from word lists, for when the taxonomy files are missing."""
    sv, en = [], []
    combos = [(r, h) for r in SV_ROOTS for h in SV_HEADS]
    rng.shuffle(combos)
    for i in range(n_sv):
        r, h = combos[i % len(combos)]
        label = (r + h).capitalize() + ("" if i < len(combos) else f" nivå {i // len(combos) + 1}")
        terms = [clean_term(label)]
        if i < len(combos):
            terms.append((r + h) + "*")
        sv.append(Concept(f"gen:sv{i}", label, [t for t in terms if t], "sv",
                          category_of(label, "domain"), "Genererad kod (ingen taxonomi fanns)."))
    combos = [(v, o) for v in EN_VERBS for o in EN_OBJECTS]
    rng.shuffle(combos)
    for i in range(n_en):
        v, o = combos[i % len(combos)]
        label = f"{v} {o}" + ("" if i < len(combos) else f" level {i // len(combos) + 1}")
        en.append(Concept(f"gen:en{i}", label, [clean_term(label)], "en",
                          category_of(label, "specialist"), "Generated code (no taxonomy found)."))
    return sv, en


GENERATED_PARENTS = [0]


def generated_parents(n, lang, rng):
    heads = SV_HEADS if lang == "sv" else [o.split()[-1] for o in EN_OBJECTS]
    out = []
    for _ in range(n):
        i = GENERATED_PARENTS[0]
        GENERATED_PARENTS[0] += 1
        label = (heads[i % len(heads)].capitalize() if lang == "sv" else heads[i % len(heads)]) \
            + ("" if i < len(heads) else f" {i // len(heads) + 1}")
        out.append(Concept(f"gen:p{lang}{i}", label, [clean_term(label)], lang,
                           category_of(label, "domain"), "Genererad grupp.", is_parent=True))
    return out


# ---------------------------------------------------------------------------------------------
# Building the codebook
# ---------------------------------------------------------------------------------------------

def keys_of(label):
    return [w[:6] for w in re.findall(r"\w+", label.lower()) if len(w) >= 5 and w not in STOP_WORDS]


def choose_parents(groups, n, rng):
    """n groups, each group's ancestors included before it (so parents are defined and the
    hierarchy has no cycles)."""
    by_key = {g.key: g for g in groups}
    order = sorted(groups, key=lambda g: g.level)
    # shuffle within each level, keeping levels in order
    levels = {}
    for g in order:
        levels.setdefault(g.level, []).append(g)
    chosen, seen = [], set()
    for lv in sorted(levels):
        items = [g for g in levels[lv] if g.terms]  # a chosen group must be codable itself
        rng.shuffle(items)
        for g in items:
            if len(chosen) >= n:
                break
            chain, at = [], g
            while at is not None and at.key not in seen:
                chain.append(at)
                at = by_key.get(at.parent_key) if at.parent_key else None
            if len(chosen) + len(chain) > n:
                continue
            for c in reversed(chain):
                seen.add(c.key)
                chosen.append(c)
    for g in chosen:
        if g.parent_key not in seen:
            g.parent_key = None
    return chosen


def assign(leaves, parents, rng):
    """Puts each leaf under the parent (same language) whose label shares a word with it,
    deepest first; otherwise under a random parent half of the time."""
    index = {}
    for p in parents:
        for k in keys_of(p.label):
            index.setdefault((p.lang, k), []).append(p)
    by_lang = {}
    for p in parents:
        by_lang.setdefault(p.lang, []).append(p)
    for leaf in leaves:
        best = None
        text = leaf.label.lower()
        for w in re.findall(r"\w+", text):
            for cut in range(len(w) - 5, -1, -1) if len(w) >= 6 else ():
                for p in index.get((leaf.lang, w[cut:cut + 6]), ()):
                    if best is None or p.level > best.level:
                        best = p
                if best is not None:
                    break
        if best is None and by_lang.get(leaf.lang) and rng.random() < 0.5:
            best = rng.choice(by_lang[leaf.lang])
        leaf.parent_key = best.key if best else None


def build(args):
    rng = random.Random(f"skillgap-bench-codebook:{args.seed}")
    n = args.codes - len(args.base_codes)
    n_par = max(1, round(n * PARENT_SHARE)) if n >= 20 else 0
    n_leaf = n - n_par
    notes = []

    sv_skills, sv_heads, en_skills, en_groups = [], [], [], []
    if os.path.exists(args.jobtech):
        sv_skills, sv_heads = load_jobtech(args.jobtech, rng)
    else:
        notes.append(f"{args.jobtech} not found: Swedish labels are generated")
    if os.path.exists(os.path.join(args.esco, "skills_en.csv")):
        en_skills, en_groups = load_esco(args.esco, rng)
    else:
        notes.append(f"{args.esco}/skills_en.csv not found: English labels are generated")

    # Leaves: half Swedish, half English, topped up from the other source or generated.
    rng.shuffle(sv_skills)
    rng.shuffle(en_skills)
    want_sv = round(n_leaf * SWEDISH_SHARE)
    take_sv = min(want_sv, len(sv_skills))
    take_en = min(n_leaf - take_sv, len(en_skills))
    take_sv = min(n_leaf - take_en, len(sv_skills))
    leaves = sv_skills[:take_sv] + en_skills[:take_en]
    missing = n_leaf - len(leaves)
    if missing:
        g_sv, g_en = generated(missing - missing // 2, missing // 2, rng)
        leaves += g_sv + g_en
        if sv_skills or en_skills:
            notes.append(f"the taxonomies give {len(sv_skills) + len(en_skills)} usable skills; "
                         f"{missing} labels are generated")

    # Parents: in proportion to the leaves' languages.
    n_sv_leaves = sum(1 for x in leaves if x.lang == "sv")
    want_psv = round(n_par * n_sv_leaves / max(1, len(leaves)))
    psv = sv_heads[:]
    rng.shuffle(psv)
    psv = psv[:want_psv]
    if len(psv) < want_psv and not en_groups:
        psv += generated_parents(want_psv - len(psv), "sv", rng)
    pen = choose_parents(en_groups, n_par - len(psv), rng) if en_groups else []
    if len(psv) + len(pen) < n_par:
        extra = n_par - len(psv) - len(pen)
        if sv_heads and len(psv) < len(sv_heads):
            more = [h for h in sv_heads if h not in psv][:extra]
            psv += more
            extra -= len(more)
        if extra:
            psv += generated_parents(extra, "sv", rng)
    parents = psv + pen
    assign(leaves, parents, rng)

    # A few exclude terms and regexes, as real codebooks have.
    for c in leaves:
        r = rng.random()
        if c.lang == "sv" and len(c.terms[0].split()) == 1 and c.terms[0].isalpha() and r < 0.02:
            c.exclude.append(c.terms[0] + "-kurs")
        elif r > 0.995:
            words = [w.lower() for w in re.findall(r"[^\W\d_]+", c.terms[0]) if len(w) >= 3]
            if len(words) >= 2:
                c.regex.append(r"\b" + words[0] + r"\w*\s+(?:\w+\s+){0,2}?" + words[1] + r"\w*")
    return parents, leaves, notes


def write(parents, leaves, args, notes):
    rng = random.Random(f"skillgap-bench-codebook-ids:{args.seed}")
    ids, used = {}, {c["id"] for c in args.base_codes}
    for c in parents + leaves:
        base = slug(c.label)
        cid, k = base, 2
        while cid in used:
            cid = f"{base}_{k}"
            k += 1
        used.add(cid)
        ids[c.key] = cid
    n = len(args.base_codes) + len(parents) + len(leaves)
    sources = "JobTech-taxonomin (Arbetsförmedlingen) och ESCO (Europeiska kommissionen)"
    out = [
        "# Generated by bench/gen_codebook.py for benchmarking skillgap. Do not commit.\n",
        f"# {n} codes built from public skill taxonomies: the JobTech taxonomy (Swedish skill\n",
        "# concepts and headlines) and ESCO (English skills, skill groups and their hierarchy).\n",
    ]
    for note in notes:
        out.append(f"# note: {note}\n")
    out += [
        "\n",
        f"name = {toml_str(f'Genererad kodbok för prestandatest ({n} koder, {sources})')}\n",
        f"version = {toml_str(f'bench-{n}-seed{args.seed}')}\n",
        'language = "sv"\n',
        "negation = [" + ", ".join(toml_str(w) for w in NEGATION) + "]\n",
        "negation_window = 3\n",
        "interviewer_labels = []\n",
        "code_interviewer = false\n",
        'group_by = ["sector", "size", "subregion"]\n',
        "min_cell = 0\n",
    ]
    if args.base_codes:
        out.append(f"\n# The {len(args.base_codes)} codes of {os.path.basename(args.base)}, so that "
                   "manual codes [#id] in\n# the sample and generated corpora are defined.\n")
    for c in args.base_codes:
        out.append("\n[[codes]]\n")
        for key in CODE_KEYS:
            if key in c:
                out.append(f"{key} = {toml_value(c[key])}\n")
    if args.base_codes:
        out.append("\n# Generated codes.\n")
    for c in parents + leaves:
        out.append("\n[[codes]]\n")
        out.append(f"id = {toml_str(ids[c.key])}\n")
        out.append(f"label = {toml_str(c.label)}\n")
        out.append(f"category = {toml_str(c.category)}\n")
        if c.parent_key and c.parent_key in ids:
            out.append(f"parent = {toml_str(ids[c.parent_key])}\n")
        out.append(f"facets = {{ level = {toml_str(level_of(c.label, rng))} }}\n")
        out.append(f"description = {toml_str(c.description)}\n")
        if c.lang == "en":
            terms = ", ".join(f"{{ term = {toml_str(t)}, language = \"en\" }}" for t in c.terms)
        else:
            terms = ", ".join(toml_str(t) for t in c.terms)
        out.append(f"terms = [{terms}]\n")
        if c.exclude:
            out.append("exclude = [" + ", ".join(toml_str(t) for t in c.exclude) + "]\n")
        if c.regex:
            out.append("regex = [" + ", ".join(toml_str(t) for t in c.regex) + "]\n")
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(out))
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--codes", type=int, required=True, help="number of codes (exactly)")
    ap.add_argument("--out", required=True, help="TOML file to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobtech", default=DEFAULT_JOBTECH,
                    help="JobTech taxonomy-to-concept.json")
    ap.add_argument("--esco", default=DEFAULT_ESCO,
                    help="folder with ESCO skills_en.csv (and skillsHierarchy_en.csv)")
    ap.add_argument("--base", default=DEFAULT_BASE,
                    help="codebook whose codes are included first, so that the manual codes of "
                         "corpora written for it are defined (default: codebook/skills.toml; "
                         "--base '' for none)")
    args = ap.parse_args()
    args.base_codes = []
    if args.base:
        with open(args.base, "rb") as f:
            args.base_codes = tomllib.load(f).get("codes", [])
        for c in args.base_codes:
            unknown = set(c) - set(CODE_KEYS)
            if unknown:
                sys.exit(f"gen_codebook: {args.base}: code {c.get('id')}: keys {sorted(unknown)} "
                         "are not copied")
    if args.codes < len(args.base_codes) + 1:
        ap.error(f"--codes must be more than the {len(args.base_codes)} codes of --base")
    parents, leaves, notes = build(args)
    for note in notes:
        print(f"gen_codebook: note: {note}", file=sys.stderr)
    write(parents, leaves, args, notes)
    n_terms = sum(len(c.terms) for c in parents + leaves) + \
        sum(len(c.get("terms", [])) for c in args.base_codes)
    n_child = sum(1 for c in parents + leaves if c.parent_key)
    print(f"gen_codebook: {len(args.base_codes) + len(parents) + len(leaves)} codes "
          f"({len(args.base_codes)} from --base, {len(parents)} parents, "
          f"{n_child} with a parent, {sum(c.lang == 'sv' for c in leaves)} Swedish and "
          f"{sum(c.lang == 'en' for c in leaves)} English leaves), {n_terms} terms -> {args.out}")


if __name__ == "__main__":
    main()
