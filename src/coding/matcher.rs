//! The matcher finds every codebook term and regex in a segment's text in one pass over its
//! tokens. Each distinct word of every term becomes a *predicate* (a test on one token: equal
//! stem, equal acronym, or a glob). A token type's predicates are found once, through hash maps
//! for stems, acronyms and prefix and suffix globs and one Aho-Corasick automaton for the other
//! glob literals, and cached (by a [`Coder`], one per thread); a
//! term then matches where its first predicate holds and the following tokens hold the rest.
//! The cost per token is thus independent of the number of codes, which is what lets a
//! codebook of thousands of terms run as fast as one of thirty.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;
use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};

use crate::codebook::term::{self, Word};
use crate::codebook::{compile_regex, Codebook, Lang};
use crate::text::{tokenize, Token};

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
    Stem {
        lang: usize,
        word: String,
        stem: String,
    },
    Acronym(String),
    Prefix(String),
    Suffix {
        text: String,
        lang: usize,
        stem: String,
    },
    Infix(String),
}

#[derive(Debug, Clone, Copy)]
enum GlobRole {
    SuffixStem,
    Infix,
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
    langs: Vec<Lang>,
    stemmers: Vec<Stemmer>,
    preds: Vec<Pred>,
    /// Per language: stem -> predicates. A plain word is filed under its stem and under the
    /// word itself, see [`Matcher::index`].
    stems: Vec<HashMap<String, Vec<u32>>>,
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
    negation: HashSet<String>,
    window: usize,
}

fn algorithm(lang: Lang) -> Algorithm {
    match lang {
        Lang::Sv => Algorithm::Swedish,
        Lang::En => Algorithm::English,
    }
}

/// Negation windows up to this many tokens are scanned; longer ones are looked up.
const SCAN_WINDOW: usize = 64;

/// Glob literals beyond which the glob automaton is an NFA instead of a DFA.
const MAX_DFA_LITERALS: usize = 5_000;

impl Matcher {
    /// Compiles a validated codebook. Terms and regexes were checked when it was read, so
    /// failures here are not expected; they are reported rather than panicking all the same.
    pub fn new(codebook: &Codebook) -> Result<Matcher, String> {
        let mut langs: Vec<Lang> = codebook.languages().into_iter().collect();
        if langs.is_empty() {
            langs.push(codebook.language);
        }
        let stemmers: Vec<Stemmer> = langs
            .iter()
            .map(|&l| Stemmer::create(algorithm(l)))
            .collect();
        let mut m = Matcher {
            stems: vec![HashMap::new(); langs.len()],
            langs,
            stemmers,
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
            negation: codebook.negation.iter().map(|n| n.to_lowercase()).collect(),
            window: codebook.negation_window,
        };
        let mut pred_ids: HashMap<Pred, u32> = HashMap::new();
        for (ci, code) in codebook.codes.iter().enumerate() {
            let lists = [
                (&code.terms, PatternKind::Term),
                (&code.exclude, PatternKind::Exclude),
            ];
            for (list, kind) in lists {
                for t in list {
                    let slot = m.slot(t.language);
                    let words =
                        term::parse(&t.text).map_err(|e| format!("term `{}`: {e}", t.text))?;
                    let words = words
                        .into_iter()
                        .map(|w| {
                            let pred = m.pred_of(w, slot);
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

    fn slot(&self, lang: Lang) -> usize {
        self.langs.iter().position(|&l| l == lang).unwrap_or(0)
    }

    fn stem(&self, slot: usize, lower: &str) -> String {
        self.stemmers[slot].stem(lower).into_owned()
    }

    fn pred_of(&self, w: Word, slot: usize) -> Pred {
        match w {
            Word::Plain(p) => Pred::Stem {
                lang: slot,
                stem: self.stem(slot, &p),
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
                stem: self.stem(slot, &text),
                text,
                lang: slot,
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
                Pred::Stem { lang, word, stem } => {
                    for key in [stem, word] {
                        let list = self.stems[*lang].entry(key.clone()).or_default();
                        if !list.contains(&id) {
                            list.push(id);
                        }
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

    /// The predicates that a token satisfies, sorted.
    fn preds_of(&self, token: &str) -> Vec<u32> {
        let lower = token.to_lowercase();
        let mut out = Vec::new();
        for (slot, map) in self.stems.iter().enumerate() {
            if map.is_empty() {
                continue;
            }
            if let Some(ps) = map.get(self.stemmers[slot].stem(&lower).as_ref()) {
                out.extend_from_slice(ps);
            }
            // Snowball's Swedish stemmer leaves the neuter definite ending `-et` alone
            // (`gjuteriet`, `systemet`, `företaget`); try the token without it as well.
            if self.langs[slot] == Lang::Sv && lower.chars().count() > 4 {
                if let Some(base) = lower.strip_suffix("et") {
                    if let Some(ps) = map.get(self.stemmers[slot].stem(base).as_ref()) {
                        out.extend_from_slice(ps);
                    }
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
                                let tail = self.stemmers[*lang].stem(&lower[hit.start()..]);
                                tail == stem.as_str() || tail == text.as_str()
                            }
                            _ => false,
                        },
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
}

mod coder;
pub use coder::Coder;

#[cfg(test)]
mod tests;
