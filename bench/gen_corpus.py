#!/usr/bin/env python3
"""Generate a large, fictional interview corpus for benchmarking skillgap.

    python3 bench/gen_corpus.py --out DIR --mb 10 --seed 1 [--codebook codebook/skills.toml]
    python3 bench/gen_corpus.py --out DIR --interviews 2000 --seed 1

Writes transcripts in skillgap's format (SPEC section 2): front matter (interview, company,
sector, size, subregion, date), a preamble saying the text is generated, then alternating
interviewer (I) and respondent (R, sometimes R2) turns in Swedish, with occasional [hh:mm:ss]
timestamps, multi-line turns and manual code groups [#id]. Respondent turns mention the
codebook's terms (plain, inflected, compounded, glob continuations, acronym compounds), some of
them negated, so that every part of the coder has work to do.

Files are DIR/0000/G000001.md, DIR/0000/G000002.md, ... with 1,000 files per subfolder.
The same seed and arguments give byte-identical files, whatever --jobs is: every file is
generated from its own random stream derived from the seed and its number.

Standard library only (Python 3.11+ for tomllib). 1 MB = 1,000,000 bytes.
"""

import argparse
import math
import multiprocessing
import os
import pathlib
import random
import re
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_CODEBOOK = os.path.join(REPO, "codebook", "skills.toml")
# The shared public data sits beside the project: ../shared/data from the project root.
SHARED_DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_VOCAB = str(SHARED_DATA / "snowball" / "swedish-voc.txt")
FILES_PER_FOLDER = 1000
MIN_FILE, MAX_FILE = 5_000, 50_000  # bytes, log-uniform

# ---------------------------------------------------------------------------------------------
# Interview attributes
# ---------------------------------------------------------------------------------------------

SECTORS = [("tillverkning", 50), ("logistik", 15), ("it-tjänster", 14), ("jordbruk", 11),
           ("turism", 10)]
SIZES = [("1-9", 30), ("10-49", 35), ("50-249", 25), ("250+", 10)]
SUBREGIONS = [("Göteborgsregionen", 35), ("Skaraborg", 25), ("Fyrbodal", 20), ("Sjuhärad", 20)]
REPEAT_SHARE = 1 - 1 / 1.2  # share of interviews with a company interviewed before

COMPANY_KINDS = {
    "tillverkning": ["verkstadsföretag", "gjuteri", "plastföretag", "livsmedelsproducent",
                     "möbeltillverkare", "underleverantör till fordonsindustrin",
                     "pappersbruk", "tryckeri", "snickerifabrik", "tillverkare av pumpar"],
    "logistik": ["åkeri", "tredjepartslager", "speditionsfirma", "terminaloperatör",
                 "budfirma", "grossist"],
    "jordbruk": ["mjölkgård", "växtodlare", "grönsaksodlare", "maskinstation", "plantskola",
                 "äggproducent"],
    "turism": ["hotell", "camping", "konferensanläggning", "upplevelseföretag", "vandrarhem",
               "skidanläggning"],
    "it-tjänster": ["konsultbolag", "systemhus", "webbyrå", "driftleverantör",
                    "spelutvecklare", "supportbolag"],
}
ROLES = ["vd", "produktionschef", "personalchef", "platschef", "ägaren", "driftchef",
         "utvecklingschef", "kvalitetschef", "verksamhetschef", "ekonomichef"]

# ---------------------------------------------------------------------------------------------
# Built-in Swedish vocabulary (a few hundred words and phrases)
# ---------------------------------------------------------------------------------------------

SUBJ = ["vi", "jag", "de", "kunderna", "våra operatörer", "ledningsgruppen", "leverantörerna",
        "de nyanställda", "skiftledarna", "ägarna", "konkurrenterna", "kommunen", "man",
        "de äldre medarbetarna", "de yngre", "folk på golvet", "styrelsen", "personalen",
        "teknikerna", "säljarna", "våra chefer", "facket", "grannföretagen", "banken",
        "praktikanterna", "de flesta", "många", "några av oss", "hela gänget", "alla"]
VERB_OBJ = ["har", "behöver", "saknar", "letar efter", "pratar om", "satsar på",
            "investerar i", "tittar på", "funderar på", "planerar", "jobbar med", "ser över",
            "diskuterar", "önskar", "köper in", "tar hand om", "får", "vill ha", "efterfrågar",
            "har svårt med", "lägger pengar på", "väntar på", "räknar med", "börjar med"]
VERB_PAST = ["köpte", "byggde", "anställde", "startade", "införde", "provade", "bytte",
             "ändrade", "sålde", "hyrde", "förlängde", "avslutade", "beställde"]
OBJ = ["nya maskiner", "fler beställningar", "en ny hall", "bättre planering",
       "kortare ledtider", "större volymer", "en annan leverantör", "fler händer",
       "en bredare kundbas", "ett nytt skiftschema", "mer utrymme", "tydligare rutiner",
       "en ny lastkaj", "fler lärlingar", "ett bättre flöde", "nya lokaler", "högre marginaler",
       "nya kunder", "en tredje linje", "ett nytt kontor", "mer stabila leveranser",
       "fler visstidsanställda", "en extra skiftlagsledare", "en ny ventilation",
       "bättre arbetsmiljö", "en egen verkstad", "nya arbetskläder", "ett större lager av reservdelar",
       "en ny webbsida", "ett nytt kaffeautomat", "färre reklamationer", "stabilare priser",
       "en längre avtalsperiod", "mer ordning och reda", "en plan för generationsskiftet"]
ADV = ["just nu", "hela tiden", "ganska ofta", "varje vecka", "de senaste åren", "på sikt",
       "i år", "framöver", "till viss del", "egentligen", "faktiskt", "nog", "ofta",
       "mer och mer", "sedan länge", "i princip", "för det mesta", "i perioder",
       "när det är högsäsong", "på vintern", "inför sommaren", "efter pandemin", "i dagsläget",
       "lite grann", "i ärlighetens namn", "rent praktiskt", "på riktigt", "allt oftare",
       "vid varje nystart", "när orderböckerna är fulla"]
SUPINE = ["köpt", "byggt", "anställt", "provat", "bytt", "ändrat", "tagit fram", "diskuterat",
          "planerat", "sett över", "pratat om", "väntat på", "efterfrågat", "beställt"]
TIME_FRONT = ["Förra året", "I fjol", "För två år sedan", "I våras", "I höstas", "Efter jul",
              "Sedan dess", "Då", "Nu", "Till slut", "Efter ett tag", "Under pandemin",
              "Förra månaden", "I början", "Samma vecka"]
ADJ = ["svårt", "dyrt", "krångligt", "viktigt", "roligt", "jobbigt", "nödvändigt", "lätt",
       "ovanligt", "självklart", "tydligt", "avgörande", "utmanande", "spännande", "oklart"]
ATT = ["att hitta folk till kvällsskiftet", "att få tag på rätt personer",
       "att behålla de unga", "att planera mer än en månad framåt",
       "att släppa folk från produktionen", "att konkurrera med de stora bolagen",
       "att få ihop schemat på sommaren", "att locka folk hit ut på landet",
       "att få nya medarbetare att trivas", "att hinna med introduktionen",
       "att få kunderna att betala för kvalitet", "att prioritera",
       "att veta vad som kommer om fem år", "att förklara varför vi gör förändringar",
       "att hålla nere kostnaderna", "att få bostad åt de som flyttar hit",
       "att samordna alla leverantörer", "att ha koll på allt pappersarbete"]
NUM = ["två", "tre", "fyra", "fem", "sex", "åtta", "tio", "tolv", "femton", "tjugo", "trettio",
       "fyrtio", "femtio", "sjuttio", "hundra", "ett par", "ett tjugotal", "ett femtiotal"]
PEOPLE = ["anställda", "medarbetare", "personer", "tjänster", "heltidstjänster", "lärlingar",
          "konsulter", "timanställda", "säsongsarbetare"]
PLACES = ["Borås", "Skövde", "Trollhättan", "Uddevalla", "Lidköping", "Alingsås", "Mariestad",
          "Vänersborg", "Falköping", "Kungälv", "Ulricehamn", "Strömstad", "Göteborg", "Mölndal"]
DISCOURSE = ["Ja, precis.", "Absolut.", "Det är klart.", "Jo, det kan man säga.",
             "Alltså, det beror lite på.", "Ja, det tror jag.", "Mm, det stämmer.",
             "Ja, så är det.", "Det är en bra fråga.", "Hm, låt mig tänka.", "Exakt.",
             "Nja, både och.", "Det får man väl säga.", "Ja, absolut.", "Det är svårt att säga.",
             "Så är det nog.", "Ja, i viss mån.", "Det kan jag hålla med om."]
CLAUSE2 = ["det tar tid", "det kostar pengar", "ingen har tid", "det är ont om folk",
           "kunderna vill ha det snabbt", "vi är ett litet företag", "det går i vågor",
           "marknaden svänger", "det är långt till närmaste stad", "lönerna är låga i branschen",
           "folk stannar inte så länge", "det är mycket som händer", "vi växer fort",
           "vi har gamla maskiner", "det kommer nya regler hela tiden"]
VOCAB_FRAMES = ["Man brukar säga att det handlar om {v} och {v2}.",
                "Det påminner lite om {v}, om du förstår vad jag menar.",
                "Internt kallar vi det för {v}, det är ett gammalt skämt.",
                "Det var någon som sa {v} på ett möte, och det har fastnat.",
                "Förr pratade man mycket om {v}, nu är det mest {v2}.",
                "Ja, {v} och {v2} och allt vad det heter.",
                "Det blir lite {v} över det hela ibland.",
                "Min företrädare brukade säga {v} om sådant."]

QUESTIONS = ["Kan du berätta lite om företaget?", "Hur många är ni anställda?",
             "Vilka kompetenser saknar ni idag?", "Vad är svårast att rekrytera?",
             "Kan du utveckla det?", "Hur då?", "Varför det?", "Hur ser det ut framåt?",
             "Vad gör ni åt det?", "Har ni försökt rekrytera?", "Hur löser ni det idag?",
             "Vad behöver era chefer kunna?", "Hur ser samarbetet med skolorna ut?",
             "Vad kräver kunderna av er?", "Hur arbetar ni med kompetensutveckling?",
             "Vad skulle hjälpa er mest?", "Och om fem år?", "Är det något mer du vill tillägga?",
             "Hur påverkar det produktionen?", "Vem ansvarar för det hos er?",
             "Har ni någon plan för det?", "Hur viktigt är det på en skala?",
             "Vad tycker de anställda?", "Ni nämnde leverantörerna. Hur menar du?",
             "Var hittar ni folk idag?", "Vad betyder det konkret?",
             "Vad händer om ni inte hittar rätt person?", "Hur har det förändrats?",
             "Hur gör ni med introduktionen av nyanställda?", "Vad säger styrelsen?"]

# Mention frames. {m} and {m2} are term forms; {M} a form with a capital first letter.
# A negated frame puts a negation word at most three tokens before {m}.
MENTION = ["Vi behöver fler som kan {m}.", "Det vi saknar mest är {m}.",
           "{M} är helt avgörande för oss framöver.",
           "Vi har börjat satsa på {m} det senaste året.",
           "Just {m} är svårt att rekrytera till.",
           "Vi letar efter någon med erfarenhet av {m}.", "Kunderna kräver allt mer {m}.",
           "Vi hittar inte folk som kan både {m} och våra processer.",
           "Vi skickade två operatörer på en kurs i {m}.",
           "Det pratas mycket om {m} på mässorna, och vi försöker hänga med.",
           "Hos oss är {m} en del av vardagen.", "Våra tekniker borde kunna mer om {m}.",
           "Om fem år tror jag att {m} är det viktigaste.",
           "Det är egentligen {m} och {m2} i kombination som vi behöver.",
           "Där kommer {m} in i bilden.", "{M} har blivit en större fråga för oss.",
           "Vi köper {m} av en konsult i dag, men vi vill ha det själva.",
           "Det finns ett stort behov av {m} i hela regionen.",
           "Han som sköter {m} går i pension om två år.",
           "Vi skulle gärna ha en lärling som vill lära sig {m}.",
           "Jag skulle säga att {m} och {m2} hänger ihop.",
           "Det är {m} som gör skillnaden när det väl gäller.",
           "Den som kan {m} får jobb hos oss direkt."]
NEGATED = ["Vi behöver inte {m} just nu.", "Ingen här kan {m}.",
           "Vi har aldrig jobbat med {m}.", "Vi jobbar inte med {m} alls.",
           "Vi har inte tittat på {m} ännu.", "Ingen kan {m} hos oss.",
           "Det finns ingen {m} här i huset.", "Vi har inga planer på {m}."]
Q_MENTION = ["Hur ser behovet av {m} ut?", "Använder ni {m} i dag?",
             "Behöver ni kompetens inom {m}?", "Vad betyder {m} för er?",
             "Och {m}, hur ser det ut där?", "Har ni någon som kan {m}?",
             "Är {m} något ni funderar på?", "Hur viktigt är {m} för er?"]

SECTOR_LINES = {
    "tillverkning": ["Vi kör tvåskift måndag till fredag och ibland helger.",
                     "Det mesta går på export, främst till Tyskland.",
                     "Orderingången har varit stark sedan i våras.",
                     "Vi har gjort samma produkter i fyrtio år, men i mindre serier nu.",
                     "Det är en hård konkurrens från Östeuropa och Asien."],
    "logistik": ["Vi har ungefär fyrtio bilar och två terminaler.",
                 "Det mesta är distribution i regionen, men vi kör också fjärrtrafik.",
                 "Marginalerna är små och dieselpriset styr mycket.",
                 "Vi kör dygnet runt i perioder, särskilt före jul."],
    "jordbruk": ["Vi har runt tvåhundra mjölkkor och odlar foder på egen mark.",
                 "Vädret styr allt, det går inte att planera som i en fabrik.",
                 "Det är svårt att hitta avbytare när någon är sjuk.",
                 "Vi säljer mycket direkt till gårdsbutiker och restauranger."],
    "turism": ["Högsäsongen är kort, så vi anställer många unga på sommaren.",
               "Gästerna kommer mest från Norge och Tyskland.",
               "Vi har konferenser på vardagarna och privatgäster på helgerna.",
               "Det är svårt att få folk att stanna över vintern."],
    "it-tjänster": ["Vi är mest konsulter som sitter ute hos kunderna.",
                    "Många av våra uppdrag kommer från industrin i regionen.",
                    "Det är hård konkurrens om de erfarna utvecklarna.",
                    "Vi jobbar mycket på distans, men kontoret är viktigt för de nya."],
}

# Term form building blocks.
COMPOUND_PREFIX = ["data", "produktions", "process", "grund", "system", "maskin", "drift",
                   "verkstads", "kund", "företags"]
LEADING_PREFIX = ["data", "informations", "produktions", "process", "system", "drift", "kund",
                  "arbets", "maskin", "fordons", "energi", "industri", "it"]
NOUN_CONT = ["", "", "en", "er", "erna", "system", "teknik", "tekniker", "kunskap", "kunskaper",
             "utbildning", "arbete", "frågor"]


def continuation(core, english, rng):
    """A plausible continuation for a trailing glob such as `robot*` or `programmer*`."""
    if english:
        return rng.choice(("", "", "s"))
    if core.endswith(("ing", "ning")):
        return rng.choice(("", "en", "ar", "arna", "system", "arbete"))
    if core.endswith("het"):
        return rng.choice(("", "en", "er", "erna", "sarbete", "sfrågor"))
    if core.endswith(("iser", "ifier", "uler", "mmer", "aser", "erar")):  # programmer*
        return rng.choice(("ing", "ingen", "are", "a", "ade", "ingar"))
    if core.endswith(("onell", "iell", "är", "isk", "iv")):          # adjectives
        return rng.choice(("", "a", "t"))
    if core.endswith("ar"):                                           # arbetsledar*
        return rng.choice(("e", "en", "na", "utbildning"))
    if core.endswith("l") and core[-2:-1] not in "aeiouyåäöl":       # utveckl*
        return rng.choice(("ing", "ingen", "are", "ingar"))
    if core.endswith("j"):                                            # försörjningskedj*
        return rng.choice(("a", "an", "or", "orna"))
    if core.endswith("a"):                                            # kommunicera*
        return rng.choice(("", "r", "de", "t"))
    if core.endswith("i"):                                            # energi*, batteri*
        return rng.choice(("", "er", "n", "system", "frågor"))
    if core.endswith("e"):                                            # kvalitetsarbete*
        return rng.choice(("", "", "t", "n", "frågor"))
    cont = rng.choice(NOUN_CONT)
    if cont and core.endswith(cont):
        cont = "en"
    return cont if cont or len(core) >= 5 else "en"


ACRONYM_SUFFIX = ["kompetens", "programmering", "system", "systemet", "kunskaper", "lösningar",
                  "utbildning", "tekniker", "projekt"]

NEGATION_DEFAULT = ["inte", "inga", "ingen", "inget", "aldrig", "not", "no", "never"]

LABEL_LINE = re.compile(
    r"^\s*(?:[\[(]\d\d:\d\d:\d\d[\])]\s*)?[A-ZÅÄÖÉÜ0-9][\w.\-]*(?: [A-ZÅÄÖÉÜ0-9][\w.\-]*){0,2}\s*:")
WORD = re.compile(r"\w+")
ENGLISH_HINT = re.compile(
    r"(?:(?<![nr])ing|uring|tion|ment|ity|ics|ance|ship|ness|ware|ght|ology|able|ller|ice|y)$")
ENGLISH_ONLY = set()  # words of the English Snowball vocabulary that are not Swedish words
ENGLISH_WORDS = {"of", "and", "the", "for", "with", "to", "in", "on", "management", "learning",
                 "data", "development", "design", "engineering", "science", "skills",
                 "computer", "vision", "device", "devices", "care", "food", "production", "system",
                 "systems", "machine", "deep", "digital", "precision", "customer", "business"}


def is_acronym(word):
    return sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word)


# ---------------------------------------------------------------------------------------------
# Codebook
# ---------------------------------------------------------------------------------------------

class Codebook:
    """Codes with the term forms used in mentions, and a crude "would this word be coded" test
    used to keep filler text free of accidental matches."""

    def __init__(self, path):
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        self.language = doc.get("language", "sv")
        self.negation = [w.lower() for w in doc.get("negation", NEGATION_DEFAULT)]
        self.ids = []          # every code id (for manual codes)
        self.codes = []        # (id, label+terms text, [(term, lang)]) for codes with terms
        for c in doc.get("codes", []):
            cid = c.get("id")
            if not cid:
                continue
            self.ids.append(cid)
            lang = c.get("language", self.language)
            terms = []
            for t in c.get("terms", []):
                if isinstance(t, dict):
                    text, tl = t.get("term", ""), t.get("language", lang)
                else:
                    text, tl = t, lang
                if text.strip():
                    terms.append((text.strip(), tl))
            if terms:
                text = (c.get("label", "") + " " + cid + " " +
                        " ".join(t for t, _ in terms)).lower()
                self.codes.append((cid, text, terms))
        # Word tests for the filler filter.
        self.plain, self.prefix, self.suffix, self.infix, self.acro = set(), set(), set(), set(), set()
        # Only one-word terms: a multi-word term rarely matches filler by accident.
        for _, _, terms in self.codes:
            for text, _ in terms:
                if len(text.split()) != 1:
                    continue
                for chunk in text.split():
                    lead, trail = chunk.startswith("*"), len(chunk) > 1 and chunk.endswith("*")
                    core = chunk.strip("*")
                    for part in WORD.findall(core):
                        if len(part) < 3 and not is_acronym(part):
                            continue  # `e` of `e-handel`: too short to test words with
                        if lead and trail:
                            self.infix.add(part.lower())
                        elif lead:
                            self.suffix.add(part.lower())
                        elif trail:
                            self.prefix.add(part.lower())
                        elif is_acronym(part):
                            self.acro.add(part)
                        else:
                            self.plain.add(part.lower())
        self.infix_lens = sorted({len(s) for s in self.infix})
        self._hit = {}

    def hits(self, token):
        """True when a token would (probably) be coded by some term."""
        r = self._hit.get(token)
        if r is not None:
            return r
        w = token.lower()
        n = len(w)
        r = token in self.acro
        # trailing globs and plain words (allowing a short inflection)
        for i in range(1, n + 1):
            if r:
                break
            head = w[:i]
            r = head in self.prefix or (n - i <= 5 and head in self.plain)
        # leading globs, also on inflected tails (up to five letters of ending)
        for j in range(n):
            if r:
                break
            tail = w[j:]
            r = any(tail[:len(tail) - cut] in self.suffix for cut in range(0, min(5, len(tail) - 1) + 1))
        # globs on both sides
        for L in self.infix_lens:
            if r or L > n:
                break
            r = any(w[j:j + L] in self.infix for j in range(n - L + 1))
        self._hit[token] = r
        return r

    def text_hits(self, text):
        return any(self.hits(t) for t in WORD.findall(text))


def is_english(word, term, lang):
    """Guess whether a term is English (not inflected the Swedish way)."""
    if lang == "en":
        return True
    if not term.isascii():
        return False
    words = WORD.findall(term.lower())
    if any(w in ENGLISH_ONLY for w in words):
        return True
    if len(words) > 1 and any(w in ENGLISH_WORDS for w in words):
        return True
    return any(ENGLISH_HINT.search(w) or any(x in w for x in ("w", "th", "oo"))
               for w in words)


NOUNISH = ("ning", "ing", "het", "tion", "sion", "ik", "skap", "else", "ande", "ende", "ism")


def inflect(w, rng):
    """A definite or plural form of a Swedish noun, chosen by its ending."""
    if w.endswith(("ning", "ing")):
        return w + rng.choice(("en", "ar", "arna", "en"))
    if w.endswith(("het", "tion", "sion")):
        return w + rng.choice(("en", "er", "erna", "en"))
    if w.endswith(("ik", "ism", "skap")):
        return w + "en"
    if w.endswith(("ande", "ende")):
        return w + "t"
    if w.endswith(("e", "a")):
        return w + "n"
    if w.endswith(("er", "ar", "or", "et", "are")):
        return w
    return w + rng.choice(("en", "en", "er", "erna"))


def word_form(chunk, last, single, term, lang, rng):
    lead = chunk.startswith("*")
    trail = len(chunk) > 1 and chunk.endswith("*")
    core = chunk.strip("*")
    if lead or trail:
        core = core.lower()
        english = is_english(core, term, lang)
        prefix = "" if english or rng.random() < 0.15 else rng.choice(LEADING_PREFIX)
        if lead and trail:
            return prefix + core + continuation(core, english, rng)
        if lead:
            form = prefix + core
            if last and rng.random() < 0.4 and core.isalpha():
                form = inflect(form, rng)
            return form
        return core + continuation(core, english, rng)
    if len(core) >= 9 and core[:1].isupper() and core[1:].islower() and core.isalpha():
        core = core.lower()  # taxonomy labels are capitalised: "Dykledning" -> "dykledning"
    if is_acronym(core):
        if single and rng.random() < 0.5:
            return core + "-" + rng.choice(ACRONYM_SUFFIX)
        return core
    if not (core.isalpha() and core.islower()) or is_english(core, term, lang):
        return core
    r = rng.random()
    if r < 0.45 or not last or (not single and not core.endswith(NOUNISH)):
        return core
    if r < 0.9 or not core.endswith(NOUNISH):
        return inflect(core, rng)
    return rng.choice(COMPOUND_PREFIX) + core


def term_forms(term, lang, rng, n=6):
    chunks = term.split()
    if not chunks or len(chunks) > 6:
        return []
    out = {}
    for _ in range(n * 2):
        f = " ".join(word_form(c, i == len(chunks) - 1, len(chunks) == 1, term, lang, rng)
                     for i, c in enumerate(chunks))
        out[f] = None
        if len(out) >= n:
            break
    return list(out)


SECTOR_KEYS = {
    "tillverkning": ["tillverk", "produktion", "svets", "cnc", "gjut", "material", "kvalitet",
                     "automation", "robot", "plc", "cad", "manufact", "weld", "machin", "lean",
                     "verkstad", "montering", "industri"],
    "logistik": ["logist", "lager", "transport", "åkeri", "spårbar", "warehouse", "truck",
                 "supply", "rutt", "gods", "lastbil", "förare"],
    "jordbruk": ["lantbruk", "jordbruk", "odling", "djur", "agri", "farm", "skog", "livsmedel",
                 "foder", "mjölk", "växt", "food"],
    "turism": ["turism", "besök", "värdskap", "gäst", "touris", "hospital", "bokning",
               "marknadsför", "språk", "e-handel", "hotell", "kund", "service"],
    "it-tjänster": ["program", "mjukvar", "software", "moln", "cloud", "data", "cyber", "system",
                    "develop", "iot", "digital", "python", "webb"],
}


class Model:
    """Everything shared by all files: term forms, code weights per sector, filler pool."""

    def __init__(self, codebook, seed, vocab_path):
        rng = random.Random(f"skillgap-bench-model:{seed}")
        self.cb = codebook
        self.negation = set(codebook.negation)
        # Compound prefixes that would themselves be coded are left out.
        global LEADING_PREFIX, COMPOUND_PREFIX
        LEADING_PREFIX = [p for p in LEADING_PREFIX if not codebook.hits(p)] or ["x"]
        COMPOUND_PREFIX = [p for p in COMPOUND_PREFIX if not codebook.hits(p)] or ["x"]
        # Term forms per code; codes whose terms yield no form are not mentioned.
        self.code_ids, self.code_forms = [], []
        for cid, _text, terms in codebook.codes:
            forms = []
            for text, lang in terms:
                forms.extend(term_forms(text, lang, rng))
            if forms:
                self.code_ids.append(cid)
                self.code_forms.append(forms)
        if not self.code_ids:
            sys.exit("gen_corpus: the codebook has no terms to mention")
        texts = {cid: text for cid, text, _ in codebook.codes}
        # Zipf-like popularity, boosted by sector keywords.
        n = len(self.code_ids)
        order = list(range(n))
        rng.shuffle(order)
        base = [0.0] * n
        for rank, i in enumerate(order):
            base[i] = 1.0 / (rank + 1) ** 0.9 + 0.01
        self.cum = {}
        for sector, _ in SECTORS:
            keys = SECTOR_KEYS.get(sector, [])
            acc, cum = 0.0, []
            for i, cid in enumerate(self.code_ids):
                t = texts[cid]
                w = base[i] * (4.0 if any(k in t for k in keys) else 1.0)
                acc += w
                cum.append(acc)
            self.cum[sector] = cum
        self.mention = [f for f in MENTION if not codebook.text_hits(f.replace("{M}", "").replace("{m2}", "").replace("{m}", ""))]
        self.negated = [f for f in NEGATED if not codebook.text_hits(f.replace("{m}", ""))]
        self.q_mention = [f for f in Q_MENTION if not codebook.text_hits(f.replace("{m}", ""))]
        self.questions = [q for q in QUESTIONS if not codebook.text_hits(q)] or ["Hur då?"]
        self.mention = self.mention or ["Vi behöver {m}."]
        self.negated = self.negated or ["Vi behöver inte {m}."]
        self.q_mention = self.q_mention or ["Och {m}?"]
        # Extra vocabulary (a real Swedish word list) when available.
        vocab = []
        if vocab_path and os.path.exists(vocab_path):
            with open(vocab_path, encoding="utf-8") as f:
                for line in f:
                    w = line.strip()
                    if 4 <= len(w) <= 14 and w.isalpha() and w.islower() \
                            and any(v in w for v in "aeiouyåäö") and "fv" not in w \
                            and not w.startswith("hv") and w not in self.negation \
                            and not codebook.hits(w):
                        vocab.append(w)
        self.vocab_used = len(vocab)
        self.pool = self.build_pool(rng, vocab)
        self.sector_lines = {s: [x for x in lines if not codebook.text_hits(x)] or self.pool[:1]
                             for s, lines in SECTOR_LINES.items()}

    def build_pool(self, rng, vocab, size=30000):
        ch = rng.choice
        pool = []
        words = vocab or [w for phrase in OBJ for w in phrase.split()]
        tries = 0
        while len(pool) < size:
            tries += 1
            k = rng.random()
            if k < 0.2:
                s = f"{ch(SUBJ).capitalize()} {ch(VERB_OBJ)} {ch(OBJ)} {ch(ADV)}."
            elif k < 0.32:
                s = f"{ch(TIME_FRONT)} {ch(VERB_PAST)} vi {ch(OBJ)}."
            elif k < 0.44:
                s = f"Det är {ch(ADJ)} {ch(ATT)}, {ch(ADV)}."
            elif k < 0.5:
                s = f"Vi är {ch(NUM)} {ch(PEOPLE)} här i {ch(PLACES)}, och {ch(CLAUSE2)}."
            elif k < 0.6:
                s = ch(DISCOURSE)
            elif k < 0.72:
                s = f"{ch(SUBJ).capitalize()} {ch(VERB_OBJ)} {ch(OBJ)}, men {ch(CLAUSE2)}."
            elif k < 0.79:
                s = f"Eftersom {ch(CLAUSE2)} så {ch(VERB_OBJ)} vi {ch(OBJ)} {ch(ADV)}."
            elif k < 0.86:
                s = ch(VOCAB_FRAMES).format(v=ch(words), v2=ch(words))
            elif k < 0.92:
                s = (f"Det handlar om {ch(words)}, {ch(words)} och {ch(OBJ)}, "
                     f"{ch(ADV)}.")
            else:
                s = f"{ch(SUBJ).capitalize()} har {ch(ADV)} {ch(SUPINE)} {ch(OBJ)}."
            # Filler that would be coded is left out, unless the codebook claims so many common
            # words that little filler is left (then accidental matches are part of the test).
            if tries > 4 * size or not self.cb.text_hits(s):
                pool.append(s)
        return pool


# ---------------------------------------------------------------------------------------------
# One transcript
# ---------------------------------------------------------------------------------------------

RESPONDENT_SENTENCES = [1, 2, 3, 4, 5, 6, 7, 8]
RESPONDENT_WEIGHTS = [10, 14, 16, 15, 13, 11, 9, 7]


def stamp(seconds):
    s = int(seconds)
    return f"[{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}] "


def generate(model, plan):
    """Returns the text of one transcript. plan = (number, company, sector, size, subregion,
    target bytes, seed)."""
    number, company, sector, size, subregion, target, seed = plan
    rng = random.Random(f"{seed}:{number}")
    rand, ch, choices = rng.random, rng.choice, rng.choices
    iid = f"G{number:06d}"
    pool, forms, ids = model.pool, model.code_forms, model.code_ids
    cum = model.cum[sector]
    ncodes = len(ids)
    topics = choices(range(ncodes), cum_weights=cum, k=rng.randint(4, 14))
    date = f"{2022 + (number * 7 + int(rand() * 3)) % 2}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    out = [
        "---\n", f"interview: {iid}\n", f"company: {company}\n", f"sector: {sector}\n",
        f"size: {size}\n", f"subregion: {subregion}\n", f"date: {date}\n", "---\n",
        f"# {iid} – {ch(COMPANY_KINDS[sector])}, intervju med {ch(ROLES)}\n\n",
        "Genererad och fiktiv intervju för prestandatester av skillgap. "
        "Inga verkliga personer eller företag.\n\n",
    ]
    two = rand() < 0.25
    if two:
        out[-1] = out[-1][:-1] + f"R är {ch(ROLES)}, R2 är {ch(ROLES)}.\n\n"
    length = sum(len(x) for x in out)
    target_chars = target / 1.025 - 300  # a little Swedish is two bytes; the last turn overshoots
    clock = rand() * 40
    mention, negated, qm = model.mention, model.negated, model.q_mention
    sector_lines = model.sector_lines[sector]

    def pick_code():
        if rand() < 0.8:
            return ch(topics)
        return choices(range(ncodes), cum_weights=cum)[0]

    first = True
    while length < target_chars:
        # Interviewer
        if first:
            q = "Kan du börja med att berätta lite om företaget?"
        elif rand() < 0.35:
            q = ch(qm).replace("{m}", ch(forms[pick_code()]))
        else:
            q = ch(model.questions)
        line = ("I: " if rand() > 0.18 else stamp(clock) + "I: ") + q + "\n"
        out.append(line)
        length += len(line)
        clock += 5 + rand() * 10
        # Respondent(s)
        turns = 1 + (two and rand() < 0.3)
        for t in range(turns):
            label = "R2" if two and (t == 1 or rand() < 0.35) else "R"
            if t == 1 and label == "R":
                label = "R2"
            k = choices(RESPONDENT_SENTENCES, RESPONDENT_WEIGHTS)[0]
            sents, coded = [], []
            if first:
                sents.append(ch(sector_lines))
            for _ in range(k):
                r = rand()
                if r < 0.36:
                    c = pick_code()
                    coded.append(c)
                    if rand() < 0.1:
                        s = ch(negated).replace("{m}", ch(forms[c]))
                    else:
                        frame = ch(mention)
                        m = ch(forms[c])
                        if "{m2}" in frame:
                            c2 = pick_code()
                            coded.append(c2)
                            frame = frame.replace("{m2}", ch(forms[c2]))
                        s = frame.replace("{M}", m[:1].upper() + m[1:]).replace("{m}", m)
                else:
                    s = ch(pool)
                sents.append(s)
            if rand() < 0.03:
                mids = [ids[c] for c in coded] if coded and rand() < 0.7 else []
                mids = mids[:1] or [ch(model.cb.ids)]
                if rand() < 0.25:
                    mids.append(ch(model.cb.ids))
                sents[-1] += " [" + " ".join("#" + m for m in dict.fromkeys(mids)) + "]"
            # Lines: usually one, sometimes split at sentence boundaries.
            if len(sents) > 2 and rand() < 0.3:
                cut = sorted(rng.sample(range(1, len(sents)), min(2, len(sents) - 1)))
                parts, prev = [], 0
                for c in cut + [len(sents)]:
                    parts.append(" ".join(sents[prev:c]))
                    prev = c
                for i in range(1, len(parts)):
                    if LABEL_LINE.match(parts[i]):
                        parts[i] = "Alltså, " + parts[i][:1].lower() + parts[i][1:]
                body = "\n".join(parts)
            else:
                body = " ".join(sents)
            prefix = stamp(clock) if rand() < 0.03 else ""
            line = f"{prefix}{label}: {body}\n"
            out.append(line)
            length += len(line)
            clock += len(body) / 14
        first = False
    out.append("I: Tack så mycket för din tid.\nR: Tack själv.\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Planning and writing
# ---------------------------------------------------------------------------------------------

def weighted(rng, table):
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def plans(args):
    """Yields one plan per file: company assignment and target size, sequential and cheap."""
    rng = random.Random(f"skillgap-bench-plan:{args.seed}")
    companies = []  # (id, sector, size, subregion)
    total, number = 0, 0
    limit_bytes = None if args.interviews else int(args.mb * 1_000_000)
    lo, hi = math.log(MIN_FILE), math.log(MAX_FILE)
    while True:
        if args.interviews and number >= args.interviews:
            return
        if limit_bytes is not None and total >= limit_bytes:
            return
        number += 1
        if companies and rng.random() < REPEAT_SHARE:
            comp = companies[max(0, len(companies) - 1 - int(rng.random() * 300))]
        else:
            comp = (f"C{len(companies) + 1:06d}", weighted(rng, SECTORS), weighted(rng, SIZES),
                    weighted(rng, SUBREGIONS))
            companies.append(comp)
        target = int(math.exp(lo + (hi - lo) * rng.random()))
        total += target
        yield (number, comp[0], comp[1], comp[2], comp[3], target, args.seed)


MODEL = None
OUT = None


def work(plan):
    text = generate(MODEL, plan).encode("utf-8")
    number = plan[0]
    folder = os.path.join(OUT, f"{(number - 1) // FILES_PER_FOLDER:04d}")
    path = os.path.join(folder, f"G{number:06d}.md")
    with open(path, "wb", buffering=1 << 20) as f:
        f.write(text)
    return len(text)


def main():
    global MODEL, OUT
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder to write (must not exist or be empty)")
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--mb", type=float, help="write transcripts until their total size "
                      "reaches this many megabytes (1 MB = 1,000,000 bytes)")
    size.add_argument("--interviews", type=int, help="write exactly this many transcripts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--codebook", default=DEFAULT_CODEBOOK,
                    help="codebook whose terms are mentioned (default: codebook/skills.toml)")
    ap.add_argument("--vocab", default=None,
                    help=f"extra Swedish words, one a line (default: {DEFAULT_VOCAB} if present; "
                         "'' for none)")
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 8),
                    help="worker processes (the output does not depend on it)")
    args = ap.parse_args()
    if (args.mb is not None and args.mb <= 0) or (args.interviews is not None and args.interviews <= 0):
        ap.error("--mb and --interviews must be positive")
    if os.path.isdir(args.out) and os.listdir(args.out):
        sys.exit(f"gen_corpus: {args.out} is not empty; delete it or choose another folder")
    vocab = DEFAULT_VOCAB if args.vocab is None else args.vocab
    english = os.path.join(os.path.dirname(vocab), "english-voc.txt") if vocab else ""
    if os.path.exists(english):
        with open(english, encoding="utf-8") as f:
            ENGLISH_ONLY.update(w.strip() for w in f)
        if os.path.exists(vocab):
            with open(vocab, encoding="utf-8") as f:
                ENGLISH_ONLY.difference_update(w.strip() for w in f)
    if args.vocab and not os.path.exists(args.vocab):  # --vocab '' for none
        sys.exit(f"gen_corpus: vocabulary {args.vocab} not found")

    t0 = time.time()
    MODEL = Model(Codebook(args.codebook), args.seed, vocab)
    OUT = args.out
    all_plans = list(plans(args))
    for f in range((len(all_plans) + FILES_PER_FOLDER - 1) // FILES_PER_FOLDER):
        os.makedirs(os.path.join(OUT, f"{f:04d}"), exist_ok=True)
    print(f"gen_corpus: {len(MODEL.code_ids)} codes with terms, "
          f"{MODEL.vocab_used} extra vocabulary words"
          f"{'' if MODEL.vocab_used else ' (no vocabulary file: built-in words only)'}, "
          f"{len(all_plans)} transcripts planned", file=sys.stderr)
    total = 0
    if args.jobs > 1 and len(all_plans) > 50 and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")  # workers inherit MODEL
        with ctx.Pool(args.jobs) as pool:
            for n in pool.imap_unordered(work, all_plans, chunksize=16):
                total += n
    else:
        for p in all_plans:
            total += work(p)
    secs = time.time() - t0
    mb = total / 1_000_000
    companies = len({p[1] for p in all_plans})
    print(f"files written: {len(all_plans)} ({companies} companies) in {OUT}")
    print(f"total: {mb:.1f} MB")
    print(f"seconds: {secs:.1f} ({mb / secs if secs else 0:.1f} MB/s)")


if __name__ == "__main__":
    main()
