//! Lint looks for codebook terms that probably do not do what their author meant, by trying
//! them on the corpus: terms that match nothing, terms whose words another unrelated code also
//! claims, stop words and very short words, globs that reach too many different words, and codes
//! that are never coded. Everything it finds is a warning for `skillgap check`, never an error:
//! the codebook is valid, it may just not be good yet.

use std::collections::BTreeMap;

use crate::codebook::term::{self, Word};
use crate::codebook::Codebook;
use crate::coding::{Coder, Matcher, PatternKind};
use crate::diag::Diagnostics;
#[cfg(test)]
use crate::ingest::Corpus;
use crate::text::from_spans;

/// How strict lint is.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// A glob that matches more distinct words than this is reported.
    pub max_glob_types: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_glob_types: 15 }
    }
}

/// Common Swedish and English function words: as a term, each matches nearly every turn.
const STOP_WORDS: [&str; 95] = [
    "och", "att", "det", "som", "en", "ett", "på", "är", "av", "för", "med", "till", "den", "har",
    "de", "inte", "om", "han", "hon", "men", "var", "jag", "sig", "från", "vi", "så", "kan", "man",
    "när", "år", "under", "också", "efter", "eller", "nu", "sin", "där", "vid", "mot", "ska",
    "skulle", "kommer", "ut", "får", "finns", "vara", "hade", "alla", "andra", "mycket", "än",
    "här", "då", "sedan", "över", "bara", "in", "blir", "upp", "även", "vad", "få", "vill", "ha",
    "hur", "mer", "går", "göra", "gör", "bra", "nya", "ny", "the", "a", "an", "and", "or", "of",
    "to", "in", "is", "it", "for", "on", "with", "as", "at", "by", "be", "this", "that", "from",
    "we", "not", "are",
];

/// Overlapping match pairs looked at per segment for words claimed by two codes; past it the
/// segment's further pairs are not counted (a word claimed by 2,000 codes makes 2 million).
const MAX_SEGMENT_PAIRS: usize = 100_000;

/// Pairs of codes sharing words listed one by one; past it, a count says how many there are.
const MAX_SHARED_WARNINGS: usize = 200;

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// The lint of one codebook against a corpus that streams by: [`Lint::part`] looks at one
/// interview (on a worker thread), [`Findings::merge`] adds it up in file order, and
/// [`Lint::finish`] returns the warnings at the codebook's code lines.
pub struct Lint<'a> {
    cb: &'a Codebook,
    matcher: &'a Matcher,
    opts: Options,
}

/// What lint has found so far.
pub struct Findings {
    hits: Vec<usize>,
    glob_types: BTreeMap<u32, BTreeMap<String, usize>>,
    /// Per plain term: the word forms it matched that do not begin with its words.
    unlike: BTreeMap<u32, BTreeMap<String, usize>>,
    /// (pattern of the earlier code, pattern of the later code) -> (count, example)
    shared: BTreeMap<(u32, u32), (usize, String)>,
    coded: Vec<bool>,
}

/// What lint finds in one interview.
#[derive(Default)]
pub struct Part {
    /// Patterns that matched, once per match.
    hits: Vec<u32>,
    /// Words that globs matched, once per match.
    glob_words: Vec<(u32, String)>,
    /// Word forms that plain terms matched and that do not begin with the term's words.
    unlike_words: Vec<(u32, String)>,
    /// Pattern pairs of unrelated codes that matched the same words: how often, and the words
    /// of the first time.
    shared: BTreeMap<(u32, u32), (usize, String)>,
    /// Codes coded (not negated), with their ancestors.
    coded: Vec<u32>,
}

impl<'a> Lint<'a> {
    /// `matcher` must be the codebook's own.
    pub fn new(cb: &'a Codebook, matcher: &'a Matcher, opts: Options) -> Lint<'a> {
        Lint { cb, matcher, opts }
    }

    /// Nothing found yet.
    pub fn findings(&self) -> Findings {
        Findings {
            hits: vec![0; self.matcher.patterns().len()],
            glob_types: BTreeMap::new(),
            unlike: BTreeMap::new(),
            shared: BTreeMap::new(),
            coded: vec![false; self.cb.codes.len()],
        }
    }

    /// Looks at one interview: its segments, the occurrences a run codes in them, and every
    /// match in every turn (`coder` is one of the codebook's matcher).
    pub fn part(
        &self,
        segments: &[crate::ingest::Segment],
        occurrences: &[crate::coding::Occurrence],
        coder: &mut Coder<'_>,
    ) -> Part {
        let (cb, matcher) = (self.cb, self.matcher);
        let mut part = Part::default();
        let mut contexts = crate::coding::Contexts::new(coder);
        for seg in segments {
            let toks = from_spans(&seg.text, &seg.tokens);
            let cx = contexts.next(seg, &toks, coder);
            let raw = coder.raw_matches(&seg.text, &toks, cx.lang);
            for r in &raw {
                part.hits.push(r.pattern);
                let words = &seg.text[r.start..r.end];
                if matcher.is_glob(r.pattern) {
                    part.glob_words.push((r.pattern, words.to_lowercase()));
                } else if let Some(form) = unlike(matcher, r.pattern, words) {
                    part.unlike_words.push((r.pattern, form));
                }
            }
            // Shared words are judged on the matches that count, after each code's exclusions.
            let resolved = coder.matches_in(&seg.text, &toks, cx.lang, cx.asked_need);
            // Matches come sorted by start, so the matches overlapping `a` follow it directly:
            // the sweep stops at the first that starts after `a` ends (a long turn was
            // quadratic). Where very many codes claim the same words, as many pairs as a
            // segment can hold are looked at.
            let mut pairs_seen = 0usize;
            'sweep: for (i, a) in resolved.iter().enumerate() {
                for b in &resolved[i + 1..] {
                    if b.start >= a.end {
                        break;
                    }
                    pairs_seen += 1;
                    if pairs_seen > MAX_SEGMENT_PAIRS {
                        break 'sweep;
                    }
                    if b.end <= a.start
                        || a.code == b.code
                        || related(cb, a.code as usize, b.code as usize)
                    {
                        continue;
                    }
                    let key = if a.code < b.code {
                        (a.pattern, b.pattern)
                    } else {
                        (b.pattern, a.pattern)
                    };
                    let words = || seg.text[a.start..a.end].to_owned();
                    part.shared.entry(key).or_insert_with(|| (0, words())).0 += 1;
                }
            }
        }
        for o in occurrences.iter().filter(|o| !o.negated) {
            part.coded.extend(
                cb.self_and_ancestors(o.code as usize)
                    .into_iter()
                    .map(|c| c as u32),
            );
        }
        part.coded.sort_unstable();
        part.coded.dedup();
        part
    }

    /// The warnings.
    pub fn finish(&self, findings: Findings) -> Diagnostics {
        let (cb, matcher, opts) = (self.cb, self.matcher, self.opts);
        let Findings {
            hits,
            glob_types,
            unlike,
            shared,
            coded,
        } = findings;
        let mut out = Diagnostics::new();
        let path = &cb.path;
        // Stop words and short words need no corpus.
        for c in &cb.codes {
            for t in &c.terms {
                let Ok(words) = term::parse(&t.text) else {
                    continue;
                };
                if let [Word::Plain(w)] = words.as_slice() {
                    if is_stop_word(w) {
                        out.warning(
                            path,
                            Some(c.line),
                            format!(
                                "code `{}`: term `{}` is a stop word and matches almost any turn",
                                c.id, t.text
                            ),
                        );
                    } else if w.chars().count() < 3 {
                        out.warning(
                        path,
                        Some(c.line),
                        format!(
                            "code `{}`: term `{}` is shorter than three letters; write it in capitals \
                             if it is an acronym (then it is case-sensitive)",
                            c.id, t.text
                        ),
                    );
                    }
                }
            }
        }

        // Unmatched terms are listed once per code.
        let mut unmatched: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for (p, pat) in matcher.patterns().iter().enumerate() {
            let code = &cb.codes[pat.code as usize];
            if pat.kind == PatternKind::Exclude {
                continue;
            }
            if hits[p] == 0 {
                unmatched
                    .entry(pat.code)
                    .or_default()
                    .push(format!("`{}`", pat.text));
            }
            if let Some(forms) = unlike.get(&(p as u32)) {
                let list = most_frequent(forms);
                let more = match forms.len().saturating_sub(8) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                out.warning(
                    path,
                    Some(code.line),
                    format!(
                        "code `{}`: term `{}` also matches words that do not begin with it: \
                         {}{more}; add an `exclude` for any that is not the skill",
                        code.id,
                        pat.text,
                        list.join(", ")
                    ),
                );
            }
            if let Some(types) = glob_types.get(&(p as u32)) {
                if types.len() > opts.max_glob_types {
                    let list = most_frequent(types);
                    out.warning(
                        path,
                        Some(code.line),
                        format!(
                            "code `{}`: glob `{}` matches {} different words (more than {}); most \
                         frequent: {}",
                            code.id,
                            pat.text,
                            types.len(),
                            opts.max_glob_types,
                            list.join(", ")
                        ),
                    );
                }
            }
        }
        for (code, list) in &unmatched {
            let c = &cb.codes[*code as usize];
            let what = if list.len() == 1 {
                "term or pattern matches"
            } else {
                "terms or patterns match"
            };
            out.warning(
                path,
                Some(c.line),
                format!(
                    "code `{}`: {} {what} nothing in the corpus: {}",
                    c.id,
                    list.len(),
                    list.join(", ")
                ),
            );
        }
        if shared.len() > MAX_SHARED_WARNINGS {
            out.warning(
                path,
                None,
                format!(
                "{} pairs of unrelated codes have terms that match the same words; the first {} \
                 follow",
                shared.len(),
                MAX_SHARED_WARNINGS
            ),
            );
        }
        for ((pa, pb), (n, example)) in shared.iter().take(MAX_SHARED_WARNINGS) {
            let (a, b) = (matcher.pattern(*pa), matcher.pattern(*pb));
            let (ca, cb_) = (&cb.codes[a.code as usize], &cb.codes[b.code as usize]);
            out.warning(
                path,
                Some(ca.line),
                format!(
                "code `{}`: term `{}` matches the same words as term `{}` of code `{}` ({}, e.g. \
                 \"{example}\"); the codes are not parent and child, so both count",
                ca.id,
                a.text,
                b.text,
                cb_.id,
                crate::plural(*n, "time")
            ),
            );
        }

        for (i, c) in cb.codes.iter().enumerate() {
            if !coded[i] {
                out.warning(
                    path,
                    Some(c.line),
                    format!("code `{}` is never coded in this corpus", c.id),
                );
            }
        }
        out
    }
}

/// The matched words of a plain term, lowercased, where one of them does not begin with the
/// term's word it matched (`lagret` for `lager`, `fuktsensorerna` for `sensor`): the forms a
/// codebook author should see. `None` for a glob, acronym or regex, or a form that looks like
/// the term.
fn unlike(matcher: &Matcher, pattern: u32, words: &str) -> Option<String> {
    let pat = matcher.pattern(pattern);
    if pat.kind == PatternKind::Regex {
        return None;
    }
    let term_words = term::parse(&pat.text).ok()?;
    let found = crate::text::tokenize(words);
    if found.len() != term_words.len() {
        return None;
    }
    let mut differs = false;
    for (w, t) in term_words.iter().zip(&found) {
        match w {
            Word::Plain(p) => differs |= !t.text.to_lowercase().starts_with(p.as_str()),
            _ => return None,
        }
    }
    differs.then(|| words.to_lowercase())
}

/// The eight most frequent words, as `word (n)`, ties in word order.
fn most_frequent(words: &BTreeMap<String, usize>) -> Vec<String> {
    let mut top: Vec<(&String, &usize)> = words.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    top.iter()
        .take(8)
        .map(|(w, n)| format!("{w} ({n})"))
        .collect()
}

/// Adds each (pattern, word) to the counts per pattern and word.
fn count_words(counts: &mut BTreeMap<u32, BTreeMap<String, usize>>, words: Vec<(u32, String)>) {
    for (p, word) in words {
        *counts.entry(p).or_default().entry(word).or_default() += 1;
    }
}

impl Findings {
    /// Adds one interview's part; parts come in file order.
    pub fn merge(&mut self, part: Part) {
        for p in part.hits {
            self.hits[p as usize] += 1;
        }
        count_words(&mut self.glob_types, part.glob_words);
        count_words(&mut self.unlike, part.unlike_words);
        for (key, (n, example)) in part.shared {
            self.shared.entry(key).or_insert((0, example)).0 += n;
        }
        for c in part.coded {
            self.coded[c as usize] = true;
        }
    }
}

/// Lints the codebook against a corpus held whole (for tests: `check` streams, see
/// `cmd::check`).
#[cfg(test)]
pub fn lint(cb: &Codebook, corpus: &Corpus, opts: Options) -> Result<Diagnostics, String> {
    let matcher = Matcher::new(cb)?;
    let mut coder = Coder::new(&matcher);
    let lint = Lint::new(cb, &matcher, opts);
    let mut findings = lint.findings();
    for (i, iv) in corpus.interviews.iter().enumerate() {
        let occurrences = crate::coding::code_interview(i as u32, &iv.segments, cb, &mut coder);
        findings.merge(lint.part(&iv.segments, &occurrences, &mut coder));
    }
    Ok(lint.finish(findings))
}

/// True if one code is the other's ancestor.
fn related(cb: &Codebook, a: usize, b: usize) -> bool {
    cb.self_and_ancestors(a).contains(&b) || cb.self_and_ancestors(b).contains(&a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::ingest::{transcript, Interview};
    use std::path::Path;

    fn lint_text(codes: &str, text: &str, max: usize) -> String {
        let mut d = Diagnostics::new();
        let cb = crate::codebook::parse(
            &format!("name = \"t\"\n{codes}"),
            Path::new("cb.toml"),
            "",
            &mut d,
        )
        .unwrap_or_else(|| panic!("{d}"));
        let t = transcript::parse(text, Path::new("a.md"), &Default::default(), &mut d);
        let corpus = Corpus {
            interviews: vec![Interview {
                id: "A".into(),
                company: "A".into(),
                path: "a.md".into(),
                attributes: Default::default(),
                segments: t.segments,
                n_segments: 0,
            }],
            files: vec![],
            cached_files: 0,
        };
        lint(
            &cb,
            &corpus,
            Options {
                max_glob_types: max,
            },
        )
        .unwrap()
        .to_string()
    }

    #[test]
    fn every_kind_of_finding() {
        let codes =
            "[[codes]]\nid = \"lager\"\nterms = [\"*lager\", \"och\", \"ab\", \"pallar\"]\n\
                     [[codes]]\nid = \"sak\"\nterms = [\"underlager\"]\n\
                     [[codes]]\nid = \"tom\"\nterms = [\"blockkedja\"]\n";
        let text = "R: Vi har lager och underlager och mellanlager.\nR: Lagret, ja.\n";
        assert_eq!(
            lint_text(codes, text, 2),
            "cb.toml:2: warning: code `lager`: term `och` is a stop word and matches almost any turn\n\
             cb.toml:2: warning: code `lager`: term `ab` is shorter than three letters; write it in \
             capitals if it is an acronym (then it is case-sensitive)\n\
             cb.toml:2: warning: code `lager`: glob `*lager` matches 3 different words (more than 2); \
             most frequent: lager (1), mellanlager (1), underlager (1)\n\
             cb.toml:2: warning: code `lager`: 2 terms or patterns match nothing in the corpus: `ab`, `pallar`\n\
             cb.toml:8: warning: code `tom`: 1 term or pattern matches nothing in the corpus: `blockkedja`\n\
             cb.toml:2: warning: code `lager`: term `*lager` matches the same words as term \
             `underlager` of code `sak` (1 time, e.g. \"underlager\"); the codes are not parent and \
             child, so both count\n\
             cb.toml:8: warning: code `tom` is never coded in this corpus\n"
        );
    }

    #[test]
    fn parent_and_child_may_share_words() {
        let codes = "[[codes]]\nid = \"a\"\nterms = [\"*säkerhet\"]\n\
                     [[codes]]\nid = \"b\"\nparent = \"a\"\nterms = [\"informationssäkerhet\"]\n";
        assert_eq!(lint_text(codes, "R: informationssäkerheten\n", 15), "");
    }
}
