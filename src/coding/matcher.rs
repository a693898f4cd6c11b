//! The matcher finds every codebook term and regex in a segment's text in one pass over its
//! tokens. Each distinct word of every term becomes a *predicate* (a test on one token: equal
//! stem, equal acronym, or a glob). A token type's predicates are found once, through hash maps
//! for stems, acronyms and prefix and suffix globs and one Aho-Corasick automaton for the other
//! glob literals, and cached (by a [`Coder`], one per thread); a
//! term then matches where its first predicate holds and the following tokens hold the rest.
//! The cost per token is thus independent of the number of codes, which is what lets a
//! codebook of thousands of terms run as fast as one of thirty.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};

use crate::codebook::term::{self, Word};
use crate::codebook::{compile_regex, Codebook, Lang};
use crate::text::{tokenize, Token};

use super::stance::{Cues, Stance};

/// What a pattern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    Term,
    Exclude,
    Regex,
}

/// A compiled term or regex of one code.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub code: u32,
    pub kind: PatternKind,
    /// The term or regex as written in the codebook.
    pub text: String,
    words: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Pred {
    /// A plain word: a token matches when its stem is the word's and it is a plausible
    /// inflection of the word (see [`plausible`]).
    Stem {
        word: String,
        /// The word's stem in each language (Swedish, English).
        stems: [String; 2],
        /// The term's own language, or `None` where the term follows the segment's.
        fixed: Option<Lang>,
        /// Also matches as the head or first part of a Swedish compound.
        compound: bool,
    },
    Acronym(String),
    Prefix(String),
    Suffix {
        text: String,
        lang: Lang,
        stem: String,
    },
    Infix(String),
}

#[derive(Debug, Clone, Copy)]
enum GlobRole {
    SuffixStem,
    Infix,
    /// The stem of a compound-capable word: the token may end with an inflection of the word.
    Head,
    /// A compound-capable word: the token may begin with it.
    First,
}

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Sv => 0,
        Lang::En => 1,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'å' | 'ä' | 'ö' | 'é')
}

/// Whether `token` (lowercased) is a plausible inflection of the plain term word `word`, given
/// that their stems agree: it begins with the word, with the word less a final vowel
/// (`programmera` → `programmering`, `digitala` → `digitalt`, `study` → `studies`), or with
/// the word less the unstressed `e` of a final `-el`, `-er`, `-en` (`lager` → `lagret`,
/// `regel` → `regler`), or both are one base of five letters or more with an ending. Snowball
/// alone gives `lager` the stem `lag`, and so `lag` (team, law), `lagar` (repairs) and `laga`;
/// none of them passes.
pub fn plausible(token: &str, word: &str, lang: Lang) -> bool {
    if token.starts_with(word) {
        return true;
    }
    // A term written inflected (`languages`, `robotarna`, `sensorer`) finds its other forms
    // where both are one base of five letters or more and an ending: `language`, `robot`,
    // `sensorn`. Not `lager` and `lag` (a base of three), not `machining` and `machines`.
    let common = token
        .char_indices()
        .zip(word.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, a), _)| i + a.len_utf8());
    let endings = match lang {
        Lang::Sv => ENDINGS_SV,
        Lang::En => ENDINGS_EN,
    };
    for base in (0..=common).rev().filter(|&b| token.is_char_boundary(b)) {
        if token[..base].chars().count() < PLAUSIBLE_STEM {
            break;
        }
        let (a, b) = (&token[base..], &word[base..]);
        // English `e`-final words make any split ambiguous (`machin|es`, `machin|ing`): there
        // one of the two must be the base itself.
        let either_bare = lang == Lang::Sv || a.is_empty() || b.is_empty();
        if either_bare && endings.contains(&a) && endings.contains(&b) {
            return true;
        }
    }
    let mut chars = word.chars();
    let last = chars.next_back();
    let without_last = chars.as_str();
    if last.is_some_and(is_vowel) && without_last.chars().count() >= 3 {
        return token.starts_with(without_last);
    }
    for ending in ["el", "er", "en"] {
        if let Some(base) = word.strip_suffix(ending) {
            if base.chars().count() >= 2 && base.chars().last().is_some_and(|c| !is_vowel(c)) {
                let syncope = format!("{base}{}", &ending[1..]);
                return token.starts_with(&syncope);
            }
        }
    }
    false
}

/// The syncopated base of a word ending in an unstressed `-el`, `-er`, `-en` after a consonant
/// (`lager` → `lagr`, `regel` → `regl`).
fn syncope(word: &str) -> Option<String> {
    ["el", "er", "en"].iter().find_map(|ending| {
        let base = word.strip_suffix(ending)?;
        (base.chars().count() >= 2 && base.chars().last().is_some_and(|c| !is_vowel(c)))
            .then(|| format!("{base}{}", &ending[1..]))
    })
}

/// The least base, in letters, that two inflected forms must share (see [`plausible`]).
const PLAUSIBLE_STEM: usize = 5;

/// English inflectional endings (a final `e` is part of the word: `machine` is not `machining`).
const ENDINGS_EN: &[&str] = &["", "s", "es", "ed", "ing", "ings", "er", "ers", "'s"];

/// The least length, in letters, of a compound-capable term word.
const COMPOUND_MIN_WORD: usize = 4;
/// The least length, in letters, of the other part of a compound.
const COMPOUND_MIN_PART: usize = 3;

/// Whether `part` (the rest of a compound beside a term word) can be a word of its own: long
/// enough, with a vowel.
fn compound_part(part: &str) -> bool {
    part.chars().count() >= COMPOUND_MIN_PART && part.chars().any(is_vowel)
}

/// Swedish inflectional endings of nouns, adjectives and verbs, as a compound's head takes
/// them (`fuktsensorerna`, `underhållsplanen`).
const ENDINGS_SV: &[&str] = &[
    "", "a", "e", "n", "t", "s", "en", "et", "na", "er", "ar", "or", "ns", "ts", "es", "ens",
    "ets", "ers", "ars", "ors", "erna", "arna", "orna", "ernas", "arnas", "ornas", "ade", "at",
    "as",
];

/// Derivational suffixes: a term word followed by one is a derivation, not a compound
/// (`underhållning` is entertainment, not maintenance).
const SUFFIXES_SV: &[&str] = &[
    "ning", "ing", "are", "ande", "ende", "else", "het", "lig", "isk", "sam", "bar", "aktig",
];

/// Whether `tail` is the word `word` with an inflectional ending: on the word itself, on the
/// word less a final vowel, or on its syncopated form (`lager` → `lagret`, `komponentlagret`).
fn inflected(tail: &str, word: &str) -> bool {
    let mut bases = vec![word.to_owned()];
    let mut chars = word.chars();
    if chars.next_back().is_some_and(is_vowel) {
        bases.push(chars.as_str().to_owned());
    }
    for ending in ["el", "er", "en"] {
        if let Some(base) = word.strip_suffix(ending) {
            if base.chars().last().is_some_and(|c| !is_vowel(c)) {
                bases.push(format!("{base}{}", &ending[1..]));
            }
        }
    }
    bases.iter().any(|b| {
        tail.strip_prefix(b.as_str())
            .is_some_and(|rest| ENDINGS_SV.contains(&rest))
    })
}

/// One match in a segment's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    /// Byte span in the segment text.
    pub start: usize,
    pub end: usize,
    pub code: u32,
    /// Index of the pattern (see [`Matcher::pattern`]).
    pub pattern: u32,
    /// Character span in the segment text.
    pub char_start: usize,
    pub char_end: usize,
    pub negated: bool,
    pub stance: Stance,
}

/// From this many regexes on, a [`RegexFilter`] picks the regexes to run on a segment.
const FILTER_FROM: usize = 8;

/// Picks the regexes worth running on a text in one pass: an Aho-Corasick automaton over the
/// literals that every match of a regex must begin with (as regex-syntax extracts them from the
/// case-insensitive pattern). A regex without such literals always runs.
///
/// A `RegexSet` would also pass once, but Unicode `\b` keeps it in the regex crate's slowest
/// engine (an NFA simulation): with the 41 regexes of a generated 10,000-code codebook it was
/// two thirds of a run.
#[derive(Debug, Clone, Default)]
struct RegexFilter {
    literals: Option<AhoCorasick>,
    /// Per literal, the regex (index into `Matcher::regexes`) it belongs to.
    owner: Vec<u32>,
    always: Vec<u32>,
}

impl RegexFilter {
    /// Most prefix literals one regex may contribute before it simply always runs.
    const MAX_LITERALS: usize = 300;

    fn new(patterns: &[&str]) -> Result<RegexFilter, String> {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let mut f = RegexFilter::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(p)
                .map_err(|e| e.to_string())?;
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
            match seq.literals() {
                Some(lits)
                    if !lits.is_empty()
                        && lits.len() <= Self::MAX_LITERALS
                        && lits.iter().all(|l| !l.as_bytes().is_empty()) =>
                {
                    for l in lits {
                        literals.push(l.as_bytes().to_vec());
                        f.owner.push(i as u32);
                    }
                }
                _ => f.always.push(i as u32),
            }
        }
        if !literals.is_empty() {
            f.literals = Some(
                aho_corasick::AhoCorasick::builder()
                    .build(&literals)
                    .map_err(|e| e.to_string())?,
            );
        }
        Ok(f)
    }

    /// The regexes that may match in `text`, sorted.
    fn candidates(&self, text: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self.always.iter().map(|&i| i as usize).collect();
        if let Some(ac) = &self.literals {
            for hit in ac.find_overlapping_iter(text) {
                out.push(self.owner[hit.pattern().as_usize()] as usize);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A pattern's match before exclusions and overlaps are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub pattern: u32,
    /// Byte span in the segment text.
    pub start: usize,
    pub end: usize,
    pub first_token: usize,
}

/// The compiled codebook, shared by all threads.
pub struct Matcher {
    /// Swedish and English.
    stemmers: [Stemmer; 2],
    preds: Vec<Pred>,
    /// Per language: stem -> predicates of words in a term of that fixed language. A plain
    /// word is filed under its stem and under the word itself, see [`Matcher::index`].
    fixed: [HashMap<String, Vec<u32>>; 2],
    /// Per language: the same for words of terms that follow the segment's language.
    follow: [HashMap<String, Vec<u32>>; 2],
    acronyms: HashMap<String, u32>,
    /// Prefix globs (`robot*`) by their literal: a token's prefixes are looked up, so the cost
    /// does not grow with the number of globs.
    prefixes: HashMap<String, Vec<u32>>,
    /// Suffix globs (`*säkerhet`) by their literal, looked up with the token's suffixes.
    suffixes: HashMap<String, Vec<u32>>,
    /// The longest prefix and suffix literal, in bytes: no longer part of a token is looked up.
    longest_prefix: usize,
    longest_suffix: usize,
    /// Infix literals and the stems of suffix globs, which may stand anywhere in a token.
    globs: Option<AhoCorasick>,
    glob_roles: Vec<Vec<(u32, GlobRole)>>,
    patterns: Vec<Pattern>,
    starts: Vec<Vec<u32>>,
    regexes: Vec<(u32, Regex)>,
    regex_filter: RegexFilter,
    pub(crate) cues: Cues,
    /// The codebook's language: a segment with too few function words to tell takes the one
    /// before it, and the first segment this one.
    pub(crate) language: Lang,
}

/// Glob literals beyond which the glob automaton is an NFA instead of a DFA.
const MAX_DFA_LITERALS: usize = 5_000;

impl Matcher {
    /// Compiles a validated codebook. Terms and regexes were checked when it was read, so
    /// failures here are not expected; they are reported rather than panicking all the same.
    pub fn new(codebook: &Codebook) -> Result<Matcher, String> {
        let mut m = Matcher {
            stemmers: [
                Stemmer::create(Algorithm::Swedish),
                Stemmer::create(Algorithm::English),
            ],
            fixed: Default::default(),
            follow: Default::default(),
            preds: Vec::new(),
            acronyms: HashMap::new(),
            prefixes: HashMap::new(),
            suffixes: HashMap::new(),
            longest_prefix: 0,
            longest_suffix: 0,
            globs: None,
            glob_roles: Vec::new(),
            patterns: Vec::new(),
            starts: Vec::new(),
            regexes: Vec::new(),
            regex_filter: RegexFilter::default(),
            cues: Cues::new(&codebook.cues),
            language: codebook.language,
        };
        let compounds = codebook.compounds == crate::codebook::Compounds::Auto;
        let mut pred_ids: HashMap<Pred, u32> = HashMap::new();
        for (ci, code) in codebook.codes.iter().enumerate() {
            let lists = [
                (&code.terms, PatternKind::Term),
                (&code.exclude, PatternKind::Exclude),
            ];
            for (list, kind) in lists {
                for t in list {
                    let words =
                        term::parse(&t.text).map_err(|e| format!("term `{}`: {e}", t.text))?;
                    let single = words.len() == 1;
                    let words = words
                        .into_iter()
                        .map(|w| {
                            let pred = m.pred_of(w, t, single && compounds);
                            let next = pred_ids.len() as u32;
                            *pred_ids.entry(pred).or_insert(next)
                        })
                        .collect();
                    m.patterns.push(Pattern {
                        code: ci as u32,
                        kind,
                        text: t.text.clone(),
                        words,
                    });
                }
            }
            for r in &code.regex {
                let re = compile_regex(r).map_err(|e| format!("regex `{r}`: {e}"))?;
                m.regexes.push((m.patterns.len() as u32, re));
                m.patterns.push(Pattern {
                    code: ci as u32,
                    kind: PatternKind::Regex,
                    text: r.clone(),
                    words: Vec::new(),
                });
            }
        }
        m.preds = vec![Pred::Infix(String::new()); pred_ids.len()];
        for (p, id) in pred_ids {
            m.preds[id as usize] = p;
        }
        m.index()?;
        if m.regexes.len() >= FILTER_FROM {
            let patterns: Vec<&str> = m.regexes.iter().map(|(_, r)| r.as_str()).collect();
            m.regex_filter = RegexFilter::new(&patterns)?;
        }
        Ok(m)
    }

    fn stem(&self, lang: Lang, lower: &str) -> String {
        self.stemmers[slot(lang)].stem(lower).into_owned()
    }

    fn pred_of(&self, w: Word, t: &crate::codebook::Term, compounds: bool) -> Pred {
        match w {
            Word::Plain(p) => Pred::Stem {
                stems: [self.stem(Lang::Sv, &p), self.stem(Lang::En, &p)],
                fixed: t.explicit.then_some(t.language),
                compound: compounds
                    && (t.language == Lang::Sv || !t.explicit)
                    && p.chars().count() >= COMPOUND_MIN_WORD
                    && p.chars().all(char::is_alphabetic),
                word: p,
            },
            Word::Acronym(a) => Pred::Acronym(a),
            Word::Glob {
                text,
                leading: true,
                trailing: true,
            } => Pred::Infix(text),
            Word::Glob {
                text,
                leading: true,
                trailing: false,
            } => Pred::Suffix {
                stem: self.stem(t.language, &text),
                text,
                lang: t.language,
            },
            Word::Glob { text, .. } => Pred::Prefix(text),
        }
    }

    /// Builds the lookup structures over all predicates.
    fn index(&mut self) -> Result<(), String> {
        let mut literals: Vec<String> = Vec::new();
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        let mut roles: Vec<Vec<(u32, GlobRole)>> = Vec::new();
        let mut add_literal = |lit: &str, pred: u32, role: GlobRole| {
            let id = *literal_ids.entry(lit.to_owned()).or_insert_with(|| {
                literals.push(lit.to_owned());
                roles.push(Vec::new());
                literals.len() - 1
            });
            roles[id].push((pred, role));
        };
        for (id, p) in self.preds.iter().enumerate() {
            let id = id as u32;
            match p {
                // Snowball strips one suffix, so the Swedish stemmer takes `-s` off `analys`
                // (`analy`) but `-en` off `analysen` (`analys`). Filing the word under itself
                // as well lets a token whose stem is the whole term word match: a genuine
                // inflection of it, so `artificiell intelligens` finds `intelligensen`.
                Pred::Stem {
                    word,
                    stems,
                    fixed,
                    compound,
                } => {
                    for lang in [Lang::Sv, Lang::En] {
                        let map = match fixed {
                            Some(l) if *l == lang => &mut self.fixed[slot(lang)],
                            Some(_) => continue,
                            None => &mut self.follow[slot(lang)],
                        };
                        // Swedish syncope (`lager` → `lagret`, `lagren`): Snowball stems those to
                        // `lagr`, not `lag`, so the syncopated base is filed as well.
                        let syncope = (lang == Lang::Sv).then(|| syncope(word)).flatten();
                        for key in [&stems[slot(lang)], word]
                            .into_iter()
                            .chain(syncope.as_ref())
                        {
                            let list = map.entry(key.clone()).or_default();
                            if !list.contains(&id) {
                                list.push(id);
                            }
                        }
                    }
                    if *compound {
                        let head = stems[slot(Lang::Sv)].clone();
                        add_literal(&head, id, GlobRole::Head);
                        add_literal(word, id, GlobRole::First);
                    }
                }
                Pred::Acronym(a) => {
                    self.acronyms.insert(a.clone(), id);
                }
                Pred::Prefix(t) => {
                    self.prefixes.entry(t.clone()).or_default().push(id);
                    self.longest_prefix = self.longest_prefix.max(t.len());
                }
                Pred::Infix(t) => add_literal(t, id, GlobRole::Infix),
                Pred::Suffix { text, stem, .. } => {
                    self.suffixes.entry(text.clone()).or_default().push(id);
                    self.longest_suffix = self.longest_suffix.max(text.len());
                    if !stem.is_empty() {
                        add_literal(stem, id, GlobRole::SuffixStem);
                    }
                }
            }
        }
        if !literals.is_empty() {
            // A DFA is fastest to search but its construction grows faster than the number of
            // literals (100,000 prefix globs took 5 s to build); past a few thousand the
            // contiguous NFA, built in linear time and nearly as fast, is used.
            let kind = (literals.len() > MAX_DFA_LITERALS)
                .then_some(aho_corasick::AhoCorasickKind::ContiguousNFA);
            let automaton = AhoCorasick::builder()
                .kind(kind)
                .build(&literals)
                .map_err(|e| format!("cannot index the codebook's glob terms: {e}"))?;
            self.globs = Some(automaton);
        }
        self.glob_roles = roles;
        self.starts = vec![Vec::new(); self.preds.len()];
        for (i, pat) in self.patterns.iter().enumerate() {
            if let Some(&first) = pat.words.first() {
                self.starts[first as usize].push(i as u32);
            }
        }
        Ok(())
    }

    pub fn pattern(&self, id: u32) -> &Pattern {
        &self.patterns[id as usize]
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// True if any word of the pattern is a glob.
    pub fn is_glob(&self, pattern: u32) -> bool {
        self.patterns[pattern as usize].words.iter().any(|&w| {
            matches!(
                self.preds[w as usize],
                Pred::Prefix(_) | Pred::Suffix { .. } | Pred::Infix(_)
            )
        })
    }

    /// The predicates that a token satisfies in a segment of language `seg`, sorted.
    fn preds_of(&self, token: &str, seg: Lang) -> Vec<u32> {
        let lower = token.to_lowercase();
        let mut out = Vec::new();
        let mut stem_hits: Vec<(u32, Lang)> = Vec::new();
        let lookups = [
            (&self.fixed[0], Lang::Sv),
            (&self.fixed[1], Lang::En),
            (&self.follow[slot(seg)], seg),
        ];
        for (map, lang) in lookups {
            if map.is_empty() {
                continue;
            }
            let stemmer = &self.stemmers[slot(lang)];
            if let Some(ps) = map.get(stemmer.stem(&lower).as_ref()) {
                stem_hits.extend(ps.iter().map(|&p| (p, lang)));
            }
            // Snowball's Swedish stemmer leaves the neuter definite ending `-et` alone
            // (`gjuteriet`, `systemet`, `företaget`); try the token without it as well.
            if lang == Lang::Sv && lower.chars().count() > 4 {
                if let Some(base) = lower.strip_suffix("et") {
                    if let Some(ps) = map.get(stemmer.stem(base).as_ref()) {
                        stem_hits.extend(ps.iter().map(|&p| (p, lang)));
                    }
                }
            }
        }
        for (p, lang) in stem_hits {
            if let Pred::Stem { word, .. } = &self.preds[p as usize] {
                if plausible(&lower, word, lang) {
                    out.push(p);
                }
            }
        }
        if !self.acronyms.is_empty() {
            // Swedish inflects acronyms with a colon (`AI:n`, `PLC:er`): the base still counts.
            let base = token.split(':').next().unwrap_or(token);
            if let Some(&p) = self.acronyms.get(base) {
                out.push(p);
            }
        }
        if !self.prefixes.is_empty() {
            let ends =
                (0..=lower.len().min(self.longest_prefix)).filter(|&i| lower.is_char_boundary(i));
            for end in ends {
                if let Some(ps) = self.prefixes.get(&lower[..end]) {
                    out.extend_from_slice(ps);
                }
            }
        }
        if !self.suffixes.is_empty() {
            let from = lower.len().saturating_sub(self.longest_suffix);
            for start in (from..=lower.len()).filter(|&i| lower.is_char_boundary(i)) {
                if let Some(ps) = self.suffixes.get(&lower[start..]) {
                    out.extend_from_slice(ps);
                }
            }
        }
        if let Some(ac) = &self.globs {
            for hit in ac.find_overlapping_iter(&lower) {
                for &(pred, role) in &self.glob_roles[hit.pattern().as_usize()] {
                    let ok = match role {
                        GlobRole::Infix => true,
                        // `*säkerhet` also accepts `informationssäkerheten`: the token's tail
                        // from the hit on has the glob's stem, or stems to the glob's text (as
                        // plain words do, see `index`).
                        GlobRole::SuffixStem => match &self.preds[pred as usize] {
                            Pred::Suffix { lang, stem, text } => {
                                let tail = self.stemmers[slot(*lang)].stem(&lower[hit.start()..]);
                                tail == stem.as_str() || tail == text.as_str()
                            }
                            _ => false,
                        },
                        GlobRole::Head | GlobRole::First => {
                            self.compound_hit(&lower, hit.start(), hit.end(), pred, role, seg)
                        }
                    };
                    if ok {
                        out.push(pred);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a hit of a compound-capable word's literal makes `lower` a compound with the
    /// word as its head (`fuktsensorerna` for `sensor`) or its first part
    /// (`ledarskapsutbildningen` for `ledarskap`, with the linking `s`). Swedish only, and the
    /// other part must be a word of its own ([`compound_part`]).
    fn compound_hit(
        &self,
        lower: &str,
        start: usize,
        end: usize,
        pred: u32,
        role: GlobRole,
        seg: Lang,
    ) -> bool {
        let Pred::Stem { word, fixed, .. } = &self.preds[pred as usize] else {
            return false;
        };
        if fixed.unwrap_or(seg) != Lang::Sv {
            return false;
        }
        match role {
            GlobRole::Head => {
                start > 0 && compound_part(&lower[..start]) && inflected(&lower[start..], word)
            }
            GlobRole::First => {
                if start != 0 {
                    return false;
                }
                let rest = &lower[end..];
                let rest = rest
                    .strip_prefix('s')
                    .filter(|r| compound_part(r))
                    .unwrap_or(rest);
                compound_part(rest) && !SUFFIXES_SV.iter().any(|s| rest.starts_with(s))
            }
            _ => false,
        }
    }
}

mod coder;
pub use coder::Coder;

#[cfg(test)]
mod tests;
