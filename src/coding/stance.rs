//! Stance: whether an occurrence of a skill is a **need** (the company lacks, wants or cannot
//! recruit it), something the company **has** (does, uses, describes), or **negated** (it says
//! it does not do or need it). Only need and has count as mentions; need is what a skills-needs
//! study reports as demand.
//!
//! The rules work on a segment's word tokens, grouped into clauses:
//!
//! - A sentence (see [`crate::text`]) splits into clauses at `,` `;` `:` `–` `—` `(` `)` and
//!   at contrast and cause conjunctions (`men`, `förutom`, `eftersom`, `but`, `except`,
//!   `because` …; `utan` only after a negation, since it is otherwise the preposition
//!   "without"), and at `och`/`så`/`and`/`so` when a subject pronoun follows ("… och vi
//!   behöver …" starts a new main clause). A comma before `som`, `att`, `who`, `that` … does not
//!   split: the relative clause belongs to what it describes.
//! - A negation applies to every match in its clause, before or after it: Swedish puts `inte`
//!   after the finite verb ("vi svetsar inte själva", "CAD har vi aldrig behövt").
//! - A *fragment* (a clause of at most four words with no subject pronoun, such as the topic in
//!   "3D-skrivare, nej, det har vi inte tittat på") is read together with the clauses after it up
//!   to the first full clause, or, at the end of a sentence, with the clause before it ("Vi
//!   behöver CAD, och lite PLC kanske").
//! - "inte bara X utan också Y", "not just X": `inte`/`not` followed by `bara`, `enbart`,
//!   `only`, `just` … is no negation, and the next split is skipped, so X and Y share one clause.
//!   Idioms such as "inte minst", "ingen tvekan", "no doubt", "not to mention" are no negation.
//! - Gap phrases ("ingen här kan", "vi hittar ingen som", "det finns ingen … som", "saknar",
//!   "brist på", "svårt att rekrytera", "nobody here can", "we can't find", "hard to recruit")
//!   mark their clause as need, and the negation words inside them do not negate.
//! - Need cues ("behöver", "skulle behöva", "måste ha", "blir viktigare", "rekrytera", "need",
//!   "looking for", "hiring") mark their clause as need.
//! - A fragment-only answer right after an interviewer question with a need cue ("Vilka
//!   kompetenser behöver ni?" – "Mest CAD, och lite PLC kanske.") is need.
//!
//! Every rule has a test below with the sentence that motivates it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::codebook::Lang;
use crate::text::Token;

/// The stance of one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stance {
    Need,
    Has,
    Negated,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Need => "need",
            Stance::Has => "has",
            Stance::Negated => "negated",
        }
    }
}

/// Swedish negation words.
pub const NEGATION_SV: &[&str] = &[
    "inte",
    "ej",
    "icke",
    "aldrig",
    "ingen",
    "inget",
    "inga",
    "ingenting",
    "varken",
    "nej",
];
/// English negation words; `n't` forms and `cannot` count wherever `not` does.
pub const NEGATION_EN: &[&str] = &[
    "not", "never", "no", "none", "nobody", "nothing", "neither", "nor",
];

/// Negation followed by these is a contrast ("inte bara X utan också Y"), not a negation.
const CONTRAST_SV: &[&str] = &["inte bara", "inte enbart", "inte endast", "inte blott"];
const CONTRAST_EN: &[&str] = &["not only", "not just", "not merely", "not simply"];
/// Idioms that hold a negation word but affirm.
const IDIOMS_SV: &[&str] = &[
    "inte minst",
    "inte tala om",
    "ingen tvekan",
    "inte konstigt",
    "inte undra",
    "går inte att",
];
const IDIOMS_EN: &[&str] = &[
    "not least",
    "not to mention",
    "no doubt",
    "no wonder",
    "no matter",
];

/// Gap phrases: a lack, which is demand. `...` stands for up to three words; `*` ends or starts
/// a word glob.
pub const GAP_SV: &[&str] = &[
    "ingen ... kan",
    "inga ... kan",
    "ingen som",
    "inga som",
    "inte någon som",
    "inte nån som",
    "kan ingen",
    "hitt* ingen",
    "hitt* inga",
    "hitt* inget",
    "hitt* inte",
    "finns ingen ... som",
    "finns inga ... som",
    "finns inte ... som",
    "finns knappt",
    "saknar",
    "saknas",
    "saknat",
    "brist*",
    "*brist",
    "*bristen",
    "svår* att hitta",
    "svår* att rekryter*",
    "svår* att anställa",
    "svår* att få",
    "inte tag på",
    "inte tillräck*",
    "för få",
    "ingen egen kompetens",
    "ingen intern kompetens",
    "inte ... egen kompetens",
    "räcker inte",
    "inte räcker",
    "som ... inte har",
    "som ... saknar",
    "som inte finns",
    "som ingen ... kan",
    "aldrig haft någon som",
    "inte haft någon som",
    "inte har någon som",
    "som inte kan",
    "som inte vet",
    "ingen av oss",
    "ingen av våra",
    "ingen här",
    "ingen hos oss",
    "hitta folk",
    "hitta någon",
    "hitta nån",
    "dålig* på",
    "sämre på",
    "svag* på",
    "svag* inom",
    "inte bra på",
    "inte så bra på",
    "inte tillräckligt bra på",
];
pub const GAP_EN: &[&str] = &[
    "lack*",
    "nobody ... can",
    "no one ... can",
    "nobody ... knows",
    "no one ... knows",
    "nobody who",
    "no one who",
    "not anyone who",
    "*n't have anyone",
    "*n't find",
    "cannot find",
    "*n't get",
    "cannot get",
    "*n't hire",
    "hard* to find",
    "hard* to recruit",
    "hard* to hire",
    "hard* to get",
    "difficult* to find",
    "difficult* to recruit",
    "difficult* to hire",
    "tough* to find",
    "struggl* to find",
    "struggl* to recruit",
    "struggl* to hire",
    "shortage*",
    "short of",
    "not enough",
    "too few",
    "skills gap",
    "missing",
    "that ... *n't have",
    "which ... *n't have",
    "that nobody ... has",
    "who can't",
    "who cannot",
    "who don't know",
    "who doesn't know",
    "none of us",
    "none of our",
    "nobody here",
    "no one here",
    "find people",
    "find someone",
    "find anyone",
    "no in-house",
    "bad at",
    "not good at",
    "weak at",
    "weak on",
];
/// Need cues: a wish, a requirement, a recruitment.
pub const NEED_SV: &[&str] = &[
    "behöver",
    "behövs",
    "behövde",
    "behöva",
    "behov*",
    "*behov",
    "*behovet",
    "*behoven",
    "skulle vilja",
    "vill ha",
    "vill gärna",
    "vilja ha",
    "önskar",
    "önskemål*",
    "söker",
    "letar",
    "rekryter*",
    "anställa",
    "anställer",
    "nyanställ*",
    "efterfråg*",
    "kräver",
    "krävs",
    "krav",
    "kraven",
    "måste",
    "viktig*",
    "bli bättre",
    "vill",
    "gärna",
    "skulle hjälpa",
];
pub const NEED_EN: &[&str] = &[
    "need",
    "needs",
    "needed",
    "needing",
    "require*",
    "looking for",
    "seek*",
    "hiring",
    "hire",
    "recruit*",
    "want",
    "wants",
    "would like",
    "would love",
    "wish",
    "must",
    "have to have",
    "important",
    "essential",
    "crucial",
    "demand*",
    "would help",
    "gap",
    "gaps",
];

/// Conjunctions that start a new clause.
const SPLIT_SV: &[&str] = &[
    "men", "förutom", "utom", "eftersom", "därför", "medan", "fastän", "trots",
];
const SPLIT_EN: &[&str] = &[
    "but", "except", "although", "though", "whereas", "because", "however",
];
/// Subordinators: a clause they open ends before the main clause's inverted verb ("När något
/// krånglar mitt i skörden kan man inte vänta").
const SUBORD_SV: &[&str] = &["när", "om", "innan", "ifall", "medan"];
const SUBORD_EN: &[&str] = &[
    "when", "if", "once", "before", "after", "unless", "whenever",
];
/// Copulas: a negation after the match and a copula negates it ("AI är inte aktuellt").
const COPULA_SV: &[&str] = &["är", "var", "blir", "blev", "vore"];
const COPULA_EN: &[&str] = &[
    "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't",
];
/// Conjunctions that start a new clause when a subject pronoun follows.
const JOIN_SV: &[&str] = &["och", "så"];
const JOIN_EN: &[&str] = &["and", "so"];
const PRONOUNS_SV: &[&str] = &[
    "vi", "jag", "man", "de", "dom", "ni", "han", "hon", "det", "den", "du",
];
const PRONOUNS_EN: &[&str] = &["we", "i", "they", "you", "he", "she", "it", "we're", "it's"];
/// After a comma these continue the clause before it.
const CONTINUE_SV: &[&str] = &["som", "vilket", "vilka", "vars", "där", "att"];
const CONTINUE_EN: &[&str] = &["who", "which", "that", "where", "whose", "to"];
/// After a comma these take up the clause before it ("Att räkna fram en livscykelanalys, det
/// kan ingen hos oss").
const RESUME_SV: &[&str] = &["det", "den", "dem", "dom", "sånt", "sådant"];
const RESUME_EN: &[&str] = &["that", "this", "it", "those", "these"];

/// After a copula and a negation these deny that a skill matters.
const RELEVANCE: &[&str] = &[
    "aktuell*",
    "relevant*",
    "viktig*",
    "nödvändig*",
    "prioriter*",
    "intressant*",
    "något",
    "nåt",
    "needed",
    "necessary",
    "important",
    "priority",
    "something",
    "interesting",
    "required",
];

/// Articles and degree words between a negation and what it denies.
const ARTICLES: &[&str] = &[
    "a",
    "an",
    "the",
    "en",
    "ett",
    "så",
    "särskilt",
    "really",
    "very",
];

/// Words that open a coordinated item ("…, och lite PLC kanske").
const COORDINATORS: &[&str] = &[
    "och", "eller", "samt", "plus", "också", "även", "and", "or", "plus", "also",
];

/// Subject pronouns that do not name the speaker or another person (`det är …`, `it's …`).
const IMPERSONAL: &[&str] = &["det", "den", "it", "it's"];

/// The most words a fragment clause has.
const FRAGMENT_WORDS: usize = 4;
/// What `...` in a phrase spans, in words.
const GAP_WORDS: usize = 3;

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PWord {
    Exact(String),
    Prefix(String),
    Suffix(String),
    Infix(String),
    /// `...`: up to [`GAP_WORDS`] words.
    Gap,
}

impl PWord {
    fn parse(w: &str) -> PWord {
        let w = normalize(w);
        if w == "..." || w == "…" {
            return PWord::Gap;
        }
        match (w.strip_prefix('*'), w.strip_suffix('*')) {
            (Some(_), Some(_)) if w.len() > 2 => PWord::Infix(w[1..w.len() - 1].to_owned()),
            (Some(rest), None) => PWord::Suffix(rest.to_owned()),
            (None, Some(rest)) => PWord::Prefix(rest.to_owned()),
            _ => PWord::Exact(w.trim_matches('*').to_owned()),
        }
    }

    fn matches(&self, token: &str) -> bool {
        match self {
            PWord::Exact(w) => token == w,
            PWord::Prefix(p) => token.starts_with(p.as_str()),
            PWord::Suffix(s) => token.ends_with(s.as_str()),
            PWord::Infix(s) => token.contains(s.as_str()),
            PWord::Gap => true,
        }
    }
}

/// A cue phrase: words, globs and gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    words: Vec<PWord>,
}

impl Phrase {
    /// Parses a phrase as the codebook writes it. `None` for a phrase with no word.
    pub fn parse(text: &str) -> Option<Phrase> {
        let mut words: Vec<PWord> = text.split_whitespace().map(PWord::parse).collect();
        while words.first() == Some(&PWord::Gap) {
            words.remove(0);
        }
        while words.last() == Some(&PWord::Gap) {
            words.pop();
        }
        if words.is_empty() {
            return None;
        }
        Some(Phrase { words })
    }

    /// The token positions the phrase covers when it starts at `at`, within one sentence.
    fn match_at(&self, words: &[&str], sentence: &[u32], at: usize) -> Option<Vec<usize>> {
        fn go(
            pw: &[PWord],
            words: &[&str],
            sentence: &[u32],
            at: usize,
            s: u32,
            out: &mut Vec<usize>,
        ) -> bool {
            let Some((first, rest)) = pw.split_first() else {
                return true;
            };
            if *first == PWord::Gap {
                for skip in 0..=GAP_WORDS {
                    if at + skip < words.len()
                        && sentence[at + skip] == s
                        && go(rest, words, sentence, at + skip, s, out)
                    {
                        return true;
                    }
                }
                return false;
            }
            if at >= words.len() || sentence[at] != s || !first.matches(words[at]) {
                return false;
            }
            out.push(at);
            if go(rest, words, sentence, at + 1, s, out) {
                return true;
            }
            out.pop();
            false
        }
        if !self.words[0].matches(words[at]) {
            return None;
        }
        let mut out = Vec::with_capacity(self.words.len());
        go(&self.words, words, sentence, at, sentence[at], &mut out).then_some(out)
    }
}

/// Lowercases and writes the typographic apostrophe as `'`, as cue words are compared.
fn normalize(w: &str) -> String {
    w.to_lowercase().replace('’', "'")
}

/// [`normalize`] without an allocation for a word that is already normal (most are).
fn normal(w: &str) -> Cow<'_, str> {
    if w.chars().all(|c| !c.is_uppercase() && c != '’') {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(normalize(w))
    }
}

/// Word classes, as bits of [`WordCues::flags`].
mod class {
    pub const NEGATOR: u16 = 1;
    pub const SPLIT: u16 = 1 << 1;
    pub const JOIN: u16 = 1 << 2;
    pub const PRONOUN: u16 = 1 << 3;
    pub const CONTINUE: u16 = 1 << 4;
    pub const RESUME: u16 = 1 << 5;
    pub const SUBORD: u16 = 1 << 6;
    pub const COPULA: u16 = 1 << 7;
    pub const COORDINATOR: u16 = 1 << 8;
    pub const IMPERSONAL: u16 = 1 << 9;
    pub const ARTICLE: u16 = 1 << 10;
    pub const RELEVANCE: u16 = 1 << 11;
    pub const FUNCTION_SV: u16 = 1 << 12;
    pub const FUNCTION_EN: u16 = 1 << 13;
}

/// What the cue lists say about one word: its classes and the phrases that may start with it.
/// Computed once per word and language and cached ([`CueCache`]), so a segment costs one
/// lookup per token however long the lists are.
#[derive(Debug, Clone, Default)]
struct WordCues {
    /// The word as cue lists compare it (lowercased, `’` as `'`).
    norm: Box<str>,
    flags: u16,
    contrast: Box<[u32]>,
    idioms: Box<[u32]>,
    gap: Box<[u32]>,
    need: Box<[u32]>,
}

/// Per language, each word's [`WordCues`]. One per coder (thread).
#[derive(Debug, Default)]
pub struct CueCache {
    ids: [HashMap<String, u32, rustc_hash::FxBuildHasher>; 2],
    words: Vec<WordCues>,
}

impl CueCache {
    /// The id of a token's cues (the token as written; it is normalized here).
    pub fn id(&mut self, cues: &Cues, lang: Lang, token: &str) -> u32 {
        let w = normal(token);
        if let Some(&id) = self.ids[slot(lang)].get(w.as_ref()) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(cues.word(lang, &w));
        self.ids[slot(lang)].insert(w.into_owned(), id);
        id
    }

    /// The language whose function word the word with cue id `id` is, if any.
    pub fn function_word(&self, id: u32) -> Option<Lang> {
        let f = self.words[id as usize].flags;
        if f & class::FUNCTION_SV != 0 {
            Some(Lang::Sv)
        } else if f & class::FUNCTION_EN != 0 {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// Phrases indexed by their first word, so that a token is tried only against the phrases
/// that can start there: a hash lookup for exact first words, a short list for globs.
#[derive(Debug, Clone, Default)]
struct PhraseSet {
    phrases: Vec<Phrase>,
    exact: HashMap<String, Vec<usize>>,
    globs: Vec<usize>,
}

impl PhraseSet {
    fn new(phrases: Vec<Phrase>) -> PhraseSet {
        let mut set = PhraseSet::default();
        for (i, p) in phrases.iter().enumerate() {
            match &p.words[0] {
                PWord::Exact(w) => set.exact.entry(w.clone()).or_default().push(i),
                _ => set.globs.push(i),
            }
        }
        set.phrases = phrases;
        set
    }

    /// The phrases whose first word matches `w`.
    fn candidates(&self, w: &str) -> Box<[u32]> {
        let exact = self.exact.get(w).into_iter().flatten().copied();
        let globs = self
            .globs
            .iter()
            .copied()
            .filter(|&i| self.phrases[i].words[0].matches(w));
        exact.chain(globs).map(|i| i as u32).collect()
    }
}

/// The cue lists of one language, compiled.
#[derive(Debug, Clone, Default)]
struct LangCues {
    negation: HashSet<String>,
    /// `n't` forms and `cannot` negate.
    nt_forms: bool,
    contrast: PhraseSet,
    idioms: PhraseSet,
    gap: PhraseSet,
    need: PhraseSet,
    split: HashSet<&'static str>,
    join: HashSet<&'static str>,
    pronouns: HashSet<&'static str>,
    continuers: HashSet<&'static str>,
    resume: HashSet<&'static str>,
    subord: HashSet<&'static str>,
    copula: HashSet<&'static str>,
    coordinators: HashSet<&'static str>,
}

/// The cue lists of a codebook as set there: `None` keeps the defaults of each language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CueSettings {
    pub negation: Option<Vec<String>>,
    pub extra_negation: Vec<String>,
    pub gap_phrases: Option<Vec<String>>,
    pub extra_gap_phrases: Vec<String>,
    pub need_cues: Option<Vec<String>>,
    pub extra_need_cues: Vec<String>,
    /// Most words between a negation and the match it negates (`None`: the whole clause).
    pub negation_window: Option<usize>,
    /// `false` turns need detection off: every occurrence not negated is `has`.
    pub stance: bool,
}

/// The compiled cue lists of both languages.
#[derive(Debug, Clone)]
pub struct Cues {
    langs: [LangCues; 2],
    window: Option<usize>,
    stance: bool,
}

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Sv => 0,
        Lang::En => 1,
    }
}

fn phrases(list: &[&str]) -> Vec<Phrase> {
    list.iter().filter_map(|p| Phrase::parse(p)).collect()
}

impl Cues {
    pub fn new(settings: &CueSettings) -> Cues {
        // Interviews switch language inside a turn ("vi har inga robotar, we outsource
        // that"), so the cue lists of both languages apply in every segment: their words do
        // not collide. The segment's language picks the pronouns (Swedish `i` is "in", English
        // `man` a noun) and the stemmer.
        let both = |sv: &[&'static str], en: &[&'static str]| -> Vec<&'static str> {
            sv.iter().chain(en).copied().collect()
        };
        let (neg, con, idi) = (
            both(NEGATION_SV, NEGATION_EN),
            both(CONTRAST_SV, CONTRAST_EN),
            both(IDIOMS_SV, IDIOMS_EN),
        );
        let (gap, need) = (both(GAP_SV, GAP_EN), both(NEED_SV, NEED_EN));
        let (split, join, continuers, resume) = (
            both(SPLIT_SV, SPLIT_EN),
            both(JOIN_SV, JOIN_EN),
            both(CONTINUE_SV, CONTINUE_EN),
            both(RESUME_SV, RESUME_EN),
        );
        let (neg, con, idi, gap, need) = (&neg[..], &con[..], &idi[..], &gap[..], &need[..]);
        let build = |lang: Lang| {
            let pronouns: Vec<&'static str> = match lang {
                Lang::Sv => both(PRONOUNS_SV, PRONOUNS_EN)
                    .into_iter()
                    .filter(|&w| w != "i")
                    .collect(),
                Lang::En => both(PRONOUNS_EN, PRONOUNS_SV)
                    .into_iter()
                    .filter(|&w| w != "man")
                    .collect(),
            };
            let own = |set: &Option<Vec<String>>, default: &[&str], extra: &[String]| {
                let mut v: Vec<String> = match set {
                    Some(list) => list.clone(),
                    None => default.iter().map(|s| s.to_string()).collect(),
                };
                v.extend(extra.iter().cloned());
                v
            };
            let negation: HashSet<String> = own(&settings.negation, neg, &settings.extra_negation)
                .iter()
                .map(|w| normalize(w))
                .collect();
            let to_phrases = |v: Vec<String>| {
                v.iter()
                    .filter_map(|p| Phrase::parse(p))
                    .collect::<Vec<_>>()
            };
            LangCues {
                nt_forms: negation.contains("not"),
                negation,
                contrast: PhraseSet::new(phrases(con)),
                idioms: PhraseSet::new(phrases(idi)),
                gap: PhraseSet::new(to_phrases(own(
                    &settings.gap_phrases,
                    gap,
                    &settings.extra_gap_phrases,
                ))),
                need: PhraseSet::new(to_phrases(own(
                    &settings.need_cues,
                    need,
                    &settings.extra_need_cues,
                ))),
                split: split.iter().copied().collect(),
                join: join.iter().copied().collect(),
                pronouns: pronouns.iter().copied().collect(),
                continuers: continuers.iter().copied().collect(),
                resume: resume.iter().copied().collect(),
                subord: both(SUBORD_SV, SUBORD_EN).into_iter().collect(),
                copula: both(COPULA_SV, COPULA_EN).into_iter().collect(),
                coordinators: COORDINATORS.iter().copied().collect(),
            }
        };
        Cues {
            langs: [build(Lang::Sv), build(Lang::En)],
            window: settings.negation_window,
            stance: settings.stance,
        }
    }

    fn lang(&self, lang: Lang) -> &LangCues {
        &self.langs[slot(lang)]
    }

    /// The classes of a (normalized) word and the phrases that may start with it.
    fn word(&self, lang: Lang, w: &str) -> WordCues {
        use class::*;
        let lc = self.lang(lang);
        let mut flags = 0;
        let mut set = |on: bool, bit: u16| {
            if on {
                flags |= bit;
            }
        };
        set(
            lc.negation.contains(w) || (lc.nt_forms && (w.ends_with("n't") || w == "cannot")),
            NEGATOR,
        );
        set(lc.split.contains(w), SPLIT);
        set(lc.join.contains(w), JOIN);
        set(lc.pronouns.contains(w), PRONOUN);
        set(lc.continuers.contains(w), CONTINUE);
        set(lc.resume.contains(w), RESUME);
        set(lc.subord.contains(w), SUBORD);
        set(lc.copula.contains(w), COPULA);
        set(lc.coordinators.contains(w), COORDINATOR);
        set(self::IMPERSONAL.contains(&w), class::IMPERSONAL);
        set(ARTICLES.contains(&w), ARTICLE);
        set(
            self::RELEVANCE.iter().any(|r| PWord::parse(r).matches(w)),
            class::RELEVANCE,
        );
        set(self::FUNCTION_SV.contains(&w), class::FUNCTION_SV);
        set(self::FUNCTION_EN.contains(&w), class::FUNCTION_EN);
        let negator = flags & NEGATOR != 0;
        WordCues {
            norm: w.into(),
            flags,
            contrast: if negator {
                lc.contrast.candidates(w)
            } else {
                Box::default()
            },
            idioms: if negator {
                lc.idioms.candidates(w)
            } else {
                Box::default()
            },
            gap: lc.gap.candidates(w),
            need: lc.need.candidates(w),
        }
    }

    /// True if `text` holds a need cue or gap phrase of `lang` (for an interviewer's question).
    #[cfg(test)]
    pub fn asks_need(&self, lang: Lang, text: &str, toks: &[Token<'_>]) -> bool {
        if !self.stance || toks.is_empty() {
            return false;
        }
        Analysis::new(self, lang, text, toks, false, &mut CueCache::default()).asks_need()
    }

    /// Analyses one segment for the stance of the matches in it. `asked_need`: the segment
    /// answers an interviewer question with a need cue.
    pub fn analyse<'c>(
        &'c self,
        lang: Lang,
        text: &str,
        toks: &[Token<'_>],
        asked_need: bool,
    ) -> Analysis<'c> {
        Analysis::new(self, lang, text, toks, asked_need, &mut CueCache::default())
    }

    /// [`Cues::analyse`] on tokens whose cue ids (in `cache`) are known.
    pub fn analyse_ids<'c>(
        &'c self,
        lang: Lang,
        text: &str,
        toks: &[Token<'_>],
        asked_need: bool,
        ids: &[u32],
        cache: &CueCache,
    ) -> Analysis<'c> {
        Analysis::build(self, lang, text, toks, asked_need, ids, cache)
    }

    pub fn stance_on(&self) -> bool {
        self.stance
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    /// Start of the segment or of a sentence.
    Sentence,
    /// Punctuation: `,` `;` `:` dashes, brackets.
    Punct,
    /// A conjunction.
    Conj,
}

#[derive(Debug, Clone)]
struct Clause {
    /// Token range.
    start: usize,
    end: usize,
    before: Boundary,
    fragment: bool,
    /// The clause has a personal subject pronoun (not `det`, `it`): a speaker says what they
    /// do or have.
    personal: bool,
    /// Index of the clause's sentence within the segment.
    sentence: u32,
    negators: usize,
    need: bool,
    gap: bool,
}

/// One segment, analysed: its clauses and cues.
pub struct Analysis<'c> {
    cues: &'c Cues,
    clauses: Vec<Clause>,
    /// Clause of each token.
    clause_of: Vec<u32>,
    /// Positions of the tokens that negate, ascending.
    negators: Vec<usize>,
    /// Per clause: the clause range a match in it is judged on.
    scope: Vec<(usize, usize)>,
    /// Prefix counts over clauses: clauses with a need cue or gap phrase, and clauses outside
    /// the first sentence or with a personal subject.
    cue_clauses: Vec<u32>,
    stated_clauses: Vec<u32>,
    asked_need: bool,
    /// Whether each token is a subject pronoun.
    pronoun: Vec<bool>,
    /// Prefix counts of the tokens that let a later negation reach back to a match: subject
    /// pronouns, copulas, need cues.
    licence: Vec<u32>,
    /// Per token: a negation right after a copula that denies relevance.
    copula_ok: Vec<bool>,
}

impl<'c> Analysis<'c> {
    fn new(
        cues: &'c Cues,
        lang: Lang,
        text: &str,
        toks: &[Token<'_>],
        asked_need: bool,
        cache: &mut CueCache,
    ) -> Analysis<'c> {
        let ids: Vec<u32> = toks.iter().map(|t| cache.id(cues, lang, t.text)).collect();
        Analysis::build(cues, lang, text, toks, asked_need, &ids, cache)
    }

    /// True if the segment holds a need cue or gap phrase anywhere.
    pub fn asks_need(&self) -> bool {
        self.clauses.iter().any(|c| c.need || c.gap)
    }

    fn build(
        cues: &'c Cues,
        lang: Lang,
        text: &str,
        toks: &[Token<'_>],
        asked_need: bool,
        ids: &[u32],
        cache: &CueCache,
    ) -> Analysis<'c> {
        use class::*;
        let lc = cues.lang(lang);
        let wc = |i: usize| &cache.words[ids[i] as usize];
        let words: Vec<&str> = (0..ids.len()).map(|i| &*wc(i).norm).collect();
        let is = |i: usize, bit: u16| wc(i).flags & bit != 0;
        let sentence: Vec<u32> = toks.iter().map(|t| t.sentence).collect();
        let n = words.len();
        let is_negator = |i: usize| is(i, NEGATOR);
        let phrase_at = |set: &PhraseSet, list: &[u32], i: usize| {
            list.iter()
                .find_map(|&p| set.phrases[p as usize].match_at(&words, &sentence, i))
        };
        // Contrast openers and idioms are no negation; contrast openers also hold the next split.
        let mut neutral = vec![false; n];
        let mut hold = vec![false; n];
        let mut masked = vec![false; n];
        let mut gap_at = vec![false; n];
        let mut need_at = vec![false; n];
        for i in 0..n {
            let w = wc(i);
            if is_negator(i) {
                if phrase_at(&lc.contrast, &w.contrast, i).is_some() {
                    neutral[i] = true;
                    hold[i] = true;
                } else if phrase_at(&lc.idioms, &w.idioms, i).is_some() {
                    neutral[i] = true;
                }
            }
            for &p in w.gap.iter() {
                let Some(at) = lc.gap.phrases[p as usize].match_at(&words, &sentence, i) else {
                    continue;
                };
                // "ingen som helst" is an emphatic negation, not a lack.
                let after = at.last().map_or(i, |&j| j + 1);
                if words.get(after).is_some_and(|w| *w == "helst") {
                    continue;
                }
                // Without stance, gap phrases still keep their negation words from negating.
                gap_at[i] |= cues.stance;
                for j in at {
                    masked[j] = true;
                }
            }
            if cues.stance && phrase_at(&lc.need, &w.need, i).is_some() {
                need_at[i] = true;
            }
        }
        let negates: Vec<bool> = (0..n)
            .map(|i| is_negator(i) && !neutral[i] && !masked[i])
            .collect();

        // Clauses.
        let mut clauses: Vec<Clause> = Vec::new();
        let mut clause_of = vec![0u32; n];
        let mut holding = false;
        let mut negated_in_sentence = false;
        // The clause being built opened with a subordinator and has not met its main clause.
        let mut subordinate = false;
        for i in 0..n {
            let boundary = if i == 0 || sentence[i] != sentence[i - 1] {
                holding = false;
                negated_in_sentence = false;
                Some(Boundary::Sentence)
            } else {
                let gap = &text[toks[i - 1].end..toks[i].start];
                let w = words[i];
                let next_pronoun =
                    i + 1 < n && is(i + 1, PRONOUN) && sentence[i + 1] == sentence[i];
                let punct =
                    gap.contains([',', ';', ':', '–', '—', '(', ')']) || gap.contains(" - ");
                let conj = is(i, SPLIT)
                    || (w == "utan" && negated_in_sentence)
                    || (is(i, JOIN) && next_pronoun);
                let start = clauses.last().map_or(0, |c| c.start);
                let inverted = subordinate
                    && i > start + 1
                    && next_pronoun
                    && !is(i, PRONOUN)
                    && !matches!(w, "att" | "som" | "och" | "eller" | "that" | "and" | "or");
                let found = if conj || inverted {
                    Some(Boundary::Conj)
                } else if punct && !is(i, CONTINUE) {
                    Some(Boundary::Punct)
                } else {
                    None
                };
                if found.is_some() && holding {
                    holding = false;
                    None
                } else {
                    found
                }
            };
            if let Some(before) = boundary {
                subordinate = is(i, SUBORD);
                clauses.push(Clause {
                    start: i,
                    end: i,
                    before,
                    fragment: false,
                    personal: false,
                    sentence: sentence[i] - sentence[0],
                    negators: 0,
                    need: false,
                    gap: false,
                });
            }
            let c = clauses.last_mut().expect("the first token opens a clause");
            c.end = i + 1;
            c.negators += negates[i] as usize;
            c.need |= need_at[i];
            c.gap |= gap_at[i];
            clause_of[i] = (clauses.len() - 1) as u32;
            holding |= hold[i];
            negated_in_sentence |= negates[i] || hold[i];
        }
        for c in &mut clauses {
            c.fragment =
                c.end - c.start <= FRAGMENT_WORDS && !(c.start..c.end).any(|i| is(i, PRONOUN));
            c.personal = (c.start..c.end).any(|i| is(i, PRONOUN) && !is(i, class::IMPERSONAL));
        }
        // Scopes: a fragment reaches forward over punctuation to the first full clause, or, if
        // nothing follows it that way, back to the clause before it.
        let k = clauses.len();
        let mut forward = vec![0usize; k];
        for c in (0..k).rev() {
            forward[c] = if c + 1 < k && clauses[c + 1].before == Boundary::Punct {
                if clauses[c + 1].fragment {
                    forward[c + 1]
                } else {
                    c + 1
                }
            } else {
                c
            };
        }
        // Only a coordinated or bare item continues the clause before it ("Vi behöver CAD, och
        // lite PLC kanske"); "Vi har ingen robot, allt svetsas för hand" is a clause of its own.
        let continues = |c: &Clause| c.end - c.start <= 2 || is(c.start, COORDINATOR);
        let mut backward = vec![0usize; k];
        for c in 0..k {
            backward[c] = if c > 0 && clauses[c].before == Boundary::Punct && continues(&clauses[c])
            {
                if clauses[c - 1].fragment {
                    backward[c - 1]
                } else {
                    c - 1
                }
            } else {
                c
            };
        }
        // A clause taken up by a resuming pronoun after it reaches the clause of that pronoun.
        let resumed = |c: usize| {
            c + 1 < k
                && clauses[c + 1].before == Boundary::Punct
                && is(clauses[c + 1].start, RESUME)
        };
        let scope = (0..k)
            .map(|c| {
                if !clauses[c].fragment {
                    if resumed(c) {
                        (c, c + 1)
                    } else {
                        (c, c)
                    }
                } else if forward[c] != c {
                    (c, forward[c])
                } else {
                    (backward[c], c)
                }
            })
            .collect();
        let negators = (0..n).filter(|&i| negates[i]).collect();
        let pronoun: Vec<bool> = (0..n).map(|i| is(i, PRONOUN)).collect();
        let mut licence = Vec::with_capacity(n + 1);
        licence.push(0u32);
        for i in 0..n {
            let l = pronoun[i] || need_at[i];
            licence.push(licence[i] + l as u32);
        }
        // A copula licenses the negation after it only where that negation denies relevance
        // ("AI är inte aktuellt", "not a priority"), not where it says what the skill is not
        // ("Roboten i sig är inte problemet").
        let copula_ok: Vec<bool> = (0..n)
            .map(|i| {
                if !negates[i] || !(i.saturating_sub(2)..=i).any(|j| is(j, COPULA)) {
                    return false;
                }
                // The word after the negation, past at most two articles or degree words.
                let mut j = i + 1;
                while j < n && j <= i + 2 && !is(j, class::RELEVANCE) && is(j, ARTICLE) {
                    j += 1;
                }
                j < n && is(j, class::RELEVANCE)
            })
            .collect();
        let prefix = |f: &dyn Fn(&Clause) -> bool| {
            let mut v = Vec::with_capacity(clauses.len() + 1);
            v.push(0u32);
            for c in &clauses {
                v.push(v[v.len() - 1] + f(c) as u32);
            }
            v
        };
        let cue_clauses = prefix(&|c| c.need || c.gap);
        let stated_clauses = prefix(&|c| c.sentence != 0 || c.personal);
        Analysis {
            cue_clauses,
            stated_clauses,
            cues,
            clauses,
            clause_of,
            negators,
            scope,
            asked_need,
            pronoun,
            licence,
            copula_ok,
        }
    }

    /// The stance of a match over tokens `first..=last`.
    pub fn stance(&self, first: usize, last: usize) -> Stance {
        let Some(&c) = self.clause_of.get(first) else {
            return Stance::Has;
        };
        let c = c as usize;
        let (from, to) = self.scope[c];
        if self.negated(c, from, to, first, last) {
            return Stance::Negated;
        }
        if !self.cues.stance {
            return Stance::Has;
        }
        // Prefix counts over clauses, so that a long chain of list items costs no more per
        // match than one clause.
        if self.cue_clauses[to + 1] > self.cue_clauses[from] {
            return Stance::Need;
        }
        // The first sentence of an answer to "which skills do you need?" names needs unless
        // the speaker says what they do or have ("Folk i receptionen som kan tyska", "Det är
        // helt klart folk som kan automation"; not "Vi har bra svetsare redan").
        if self.asked_need && self.stated_clauses[to + 1] == self.stated_clauses[from] {
            return Stance::Need;
        }
        Stance::Has
    }

    /// The negations in token range `lo..hi`.
    fn negators_in(&self, lo: usize, hi: usize) -> &[usize] {
        let a = self.negators.partition_point(|&n| n < lo);
        let b = self.negators.partition_point(|&n| n < hi);
        &self.negators[a..b.max(a)]
    }

    /// Whether a negation reaches the match over `first..=last` in clause `c`, whose scope is
    /// clauses `from..=to`. In the match's own clause a negation before it negates; one after
    /// it only where the match is the topic of an inverted clause ("CAD har vi inte", a subject
    /// pronoun between), the predicate of a copula or need cue ("AI är inte aktuellt", "CAD
    /// behövs inte"), or the verb itself ("vi svetsar inte"): "arbetsledarna inte har tid" and
    /// "domänkunskap går inte att googla fram" negate the predicate, not the skill. In the
    /// clauses a fragment reaches, every negation counts ("3D-skrivare, nej, det har vi inte").
    fn negated(&self, c: usize, from: usize, to: usize, first: usize, last: usize) -> bool {
        let (lo, hi) = match self.cues.window {
            None => (0, usize::MAX),
            Some(w) => (
                first.saturating_sub(w),
                last.saturating_add(w).saturating_add(1),
            ),
        };
        let own = &self.clauses[c];
        // A fragment takes its predicate, and so its negation, from the clauses it reaches; a
        // full clause taken up by a pronoun keeps its own ("… måste kunna läsa en ritning, det
        // är inte förhandlingsbart" is no negation of the drawing).
        if own.fragment {
            let (before, after) = (self.clauses[from].start, self.clauses[to].end);
            if !self
                .negators_in(before.max(lo), own.start.min(hi))
                .is_empty()
                || !self.negators_in(own.end.max(lo), after.min(hi)).is_empty()
            {
                return true;
            }
        }
        if !self.negators_in(own.start.max(lo), first).is_empty() {
            return true;
        }
        let after = self.negators_in(last + 1, own.end.min(hi));
        let Some(&n) = after.last() else {
            return false;
        };
        let verb = first > own.start && self.pronoun[first - 1];
        verb || self.licence[n] > self.licence[last + 1] || after.iter().any(|&a| self.copula_ok[a])
    }

    /// The stance of a manual code on this segment: need where the segment has a need cue or
    /// gap phrase anywhere, else has. A researcher's code is never negated.
    pub fn segment_stance(&self) -> Stance {
        if self.cues.stance && self.clauses.iter().any(|c| c.need || c.gap) {
            Stance::Need
        } else {
            Stance::Has
        }
    }
}

/// Function words that tell Swedish from English.
const FUNCTION_SV: &[&str] = &[
    "och", "att", "det", "är", "som", "en", "ett", "på", "för", "med", "har", "inte", "vi", "jag",
    "av", "till", "kan", "om", "den", "men", "så", "ju", "också", "eller", "när", "vad", "hur",
    "där", "här", "mycket", "någon", "några", "skulle", "behöver", "måste", "finns", "ingen",
    "inga", "alla", "från", "efter", "mer", "bara", "nu", "sen", "också", "vara",
];
const FUNCTION_EN: &[&str] = &[
    "the", "and", "to", "of", "is", "that", "we", "it", "for", "have", "not", "with", "are",
    "they", "this", "you", "but", "can", "be", "our", "what", "there", "do", "don't", "was", "a",
    "an", "at", "from", "would", "need", "so", "if", "or", "about", "which", "who", "really",
    "just", "it's", "we're", "lot", "much", "more", "also", "some", "any", "very",
];

/// The language of a text from its function words, given the cue ids of its words: the one
/// with more function words, at least two of them and twice as many as the other; otherwise
/// `fallback` (the segment before, or the codebook's language).
pub fn language_of(cache: &CueCache, ids: impl Iterator<Item = u32>, fallback: Lang) -> Lang {
    let (mut sv, mut en) = (0usize, 0usize);
    for id in ids {
        match cache.function_word(id) {
            Some(Lang::Sv) => sv += 1,
            Some(Lang::En) => en += 1,
            None => {}
        }
    }
    if en >= 2 && en >= 2 * sv {
        Lang::En
    } else if sv >= 2 && sv >= 2 * en {
        Lang::Sv
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests;
