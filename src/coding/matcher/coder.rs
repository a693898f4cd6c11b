//! A coder codes segments with a [`Matcher`]: it caches each token type's predicates, finds the
//! raw matches of every pattern, and resolves them (exclusions, the longest of overlapping
//! matches of a code, negation). One per thread; a [`super::super::CoderPool`] lends them out.

use std::collections::HashMap;

use super::*;
use crate::codebook::Lang;

/// The words of a segment its language is told from.
const LANGUAGE_WORDS: usize = 60;

/// Codes segments with a [`Matcher`], caching each token type's predicates. One per thread.
pub struct Coder<'m> {
    matcher: &'m Matcher,
    /// Per segment language (Swedish, English): token type -> its set of predicates.
    cache: [HashMap<String, u32, rustc_hash::FxBuildHasher>; 2],
    sets: Vec<Box<[u32]>>,
    /// Per entry of `sets`: the word's stance cues (an id in `cue_cache`).
    cue_ids: Vec<u32>,
    /// The token types of the segment being coded (kept to reuse its allocation).
    ids: Vec<u32>,
    /// What the stance cue lists say about each word type.
    cue_cache: crate::coding::stance::CueCache,
}

impl<'m> Coder<'m> {
    pub fn new(matcher: &'m Matcher) -> Self {
        Coder {
            matcher,
            cache: Default::default(),
            sets: Vec::new(),
            cue_ids: Vec::new(),
            ids: Vec::new(),
            cue_cache: Default::default(),
        }
    }

    fn set_of(&mut self, token: &str, lang: Lang) -> u32 {
        let cache = &mut self.cache[slot(lang)];
        if let Some(&id) = cache.get(token) {
            return id;
        }
        let id = self.sets.len() as u32;
        self.sets
            .push(self.matcher.preds_of(token, lang).into_boxed_slice());
        self.cue_ids
            .push(self.cue_cache.id(&self.matcher.cues, lang, token));
        cache.insert(token.to_owned(), id);
        id
    }

    /// The cue ids of `toks` in a segment of language `lang`.
    fn cue_ids_of(&mut self, toks: &[Token<'_>], lang: Lang) -> Vec<u32> {
        toks.iter()
            .map(|t| {
                let id = self.set_of(t.text, lang);
                self.cue_ids[id as usize]
            })
            .collect()
    }

    pub fn matcher(&self) -> &'m Matcher {
        self.matcher
    }

    /// The stance analysis of a segment, with this coder's cache of word cues.
    pub fn analyse(
        &mut self,
        lang: Lang,
        text: &str,
        toks: &[Token<'_>],
        asked_need: bool,
    ) -> crate::coding::stance::Analysis<'m> {
        let ids = self.cue_ids_of(toks, lang);
        self.matcher
            .cues
            .analyse_ids(lang, text, toks, asked_need, &ids, &self.cue_cache)
    }

    /// Whether an (interviewer's) segment asks about needs.
    pub fn asks_need(&mut self, lang: Lang, text: &str, toks: &[Token<'_>]) -> bool {
        if !self.matcher.cues.stance_on() || toks.is_empty() {
            return false;
        }
        self.analyse(lang, text, toks, false).asks_need()
    }

    /// The language of a text's tokens, by its function words (`fallback` where they do not
    /// tell).
    pub fn language(&mut self, toks: &[Token<'_>], fallback: Lang) -> Lang {
        // Function words are looked up through the token cache of the language before, and
        // the first words tell: a long turn is not looked through twice.
        let ids: Vec<u32> = toks
            .iter()
            .take(LANGUAGE_WORDS)
            .filter(|t| t.text.len() <= 8)
            .map(|t| {
                let id = self.set_of(t.text, fallback);
                self.cue_ids[id as usize]
            })
            .collect();
        crate::coding::stance::language_of(&self.cue_cache, ids.into_iter(), fallback)
    }

    /// Every match of every code in `text`, sorted by position. Exclusions are applied, one match
    /// is kept per code where several overlap (the longest), and stance is marked. The text's
    /// language is guessed, the codebook's where it cannot be told.
    pub fn matches(&mut self, text: &str) -> Vec<Match> {
        let toks = tokenize(text);
        self.matches_tokens(text, &toks)
    }

    /// [`Coder::matches`] on a text whose tokens are known (see [`crate::text::from_spans`]).
    pub fn matches_tokens(&mut self, text: &str, toks: &[Token<'_>]) -> Vec<Match> {
        let lang = self.language(toks, self.matcher.language);
        self.matches_in(text, toks, lang, false)
    }

    /// [`Coder::matches`] in a segment of a known language; `asked_need`: the segment answers an
    /// interviewer's question about needs.
    pub fn matches_in(
        &mut self,
        text: &str,
        toks: &[Token<'_>],
        lang: Lang,
        asked_need: bool,
    ) -> Vec<Match> {
        let raw = self.raw_matches(text, toks, lang);
        self.resolve(text, toks, raw, lang, asked_need)
    }

    /// Every match of every pattern (exclude patterns included), before exclusion, overlap
    /// resolution and stance: what each term reaches on its own. `toks` must be the tokens of
    /// `text`.
    pub fn raw_matches(&mut self, text: &str, toks: &[Token<'_>], lang: Lang) -> Vec<RawMatch> {
        let m = self.matcher;
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        ids.extend(toks.iter().map(|t| self.set_of(t.text, lang)));
        let set = |i: usize| -> &[u32] { &self.sets[ids[i] as usize] };
        let mut raw: Vec<RawMatch> = Vec::new();
        for i in 0..toks.len() {
            for &p in set(i) {
                for &pat in &m.starts[p as usize] {
                    let words = &m.patterns[pat as usize].words;
                    let last = i + words.len() - 1;
                    if last < toks.len()
                        && words[1..]
                            .iter()
                            .enumerate()
                            .all(|(k, w)| set(i + 1 + k).binary_search(w).is_ok())
                    {
                        raw.push(RawMatch {
                            pattern: pat,
                            start: toks[i].start,
                            end: toks[last].end,
                            first_token: i,
                        });
                    }
                }
            }
        }
        if !m.regexes.is_empty() {
            // A few regexes each skip most text with their own literal prefilter; many are
            // picked by one pass of the filter's automaton.
            let picked: Vec<usize> = if m.regexes.len() < FILTER_FROM {
                (0..m.regexes.len()).collect()
            } else {
                m.regex_filter.candidates(text)
            };
            for idx in picked {
                let (pat, re) = &m.regexes[idx];
                for hit in re.find_iter(text).filter(|h| !h.is_empty()) {
                    let first = toks.partition_point(|t| t.end <= hit.start());
                    raw.push(RawMatch {
                        pattern: *pat,
                        start: hit.start(),
                        end: hit.end(),
                        first_token: first,
                    });
                }
            }
        }
        self.ids = ids;
        raw
    }

    /// Applies exclusions, keeps the longest of overlapping matches of a code, marks stance.
    fn resolve(
        &mut self,
        text: &str,
        toks: &[Token<'_>],
        raw: Vec<RawMatch>,
        lang: Lang,
        asked_need: bool,
    ) -> Vec<Match> {
        let m = self.matcher;
        if raw.is_empty() {
            return Vec::new();
        }
        let raw: Vec<(u32, usize, usize, usize)> = raw
            .into_iter()
            .map(|r| (r.pattern, r.start, r.end, r.first_token))
            .collect();
        // Exclusions by code and start, with the furthest end reached so far: a match is
        // excluded if an exclusion of its code starting at or before it reaches past its end.
        // A binary search each, not a scan (a long turn with many of both was quadratic).
        let mut excludes: Vec<(u32, usize, usize)> = raw
            .iter()
            .filter(|r| m.patterns[r.0 as usize].kind == PatternKind::Exclude)
            .map(|r| (m.patterns[r.0 as usize].code, r.1, r.2))
            .collect();
        excludes.sort_unstable();
        let mut reach: Vec<usize> = Vec::with_capacity(excludes.len());
        for (i, &(c, _, xe)) in excludes.iter().enumerate() {
            let before = match i.checked_sub(1) {
                Some(j) if excludes[j].0 == c => reach[j],
                _ => 0,
            };
            reach.push(before.max(xe));
        }
        let excluded = |code: u32, s: usize, e: usize| {
            let i = excludes.partition_point(|&(c, xs, _)| (c, xs) <= (code, s));
            i > 0 && excludes[i - 1].0 == code && reach[i - 1] >= e
        };
        let mut kept: Vec<(u32, usize, usize, u32, usize)> = raw
            .into_iter()
            .filter(|&(pat, s, e, _)| {
                let p = &m.patterns[pat as usize];
                p.kind != PatternKind::Exclude && !excluded(p.code, s, e)
            })
            .map(|(pat, s, e, first)| (m.patterns[pat as usize].code, s, e, pat, first))
            .collect();
        // Per code, the longest match wins where matches overlap; ties go to the earlier
        // pattern in the codebook.
        kept.sort_by_key(|&(code, s, e, pat, _)| (code, s, std::cmp::Reverse(e), pat));
        let mut last: Option<(u32, usize)> = None;
        kept.retain(|&(code, s, e, _, _)| {
            if let Some((lc, le)) = last {
                if lc == code && s < le {
                    return false;
                }
            }
            last = Some((code, e));
            true
        });
        // Character offsets in one pass over the text in byte order, not a count from the
        // start for every match.
        let mut by_start: Vec<usize> = (0..kept.len()).collect();
        by_start.sort_by_key(|&i| kept[i].1);
        let mut char_starts = vec![0usize; kept.len()];
        let (mut byte, mut chars) = (0usize, 0usize);
        for i in by_start {
            let s = kept[i].1;
            chars += text[byte..s].chars().count();
            byte = s;
            char_starts[i] = chars;
        }
        let ids: Vec<u32> = self.ids.iter().map(|&i| self.cue_ids[i as usize]).collect();
        let analysis = m
            .cues
            .analyse_ids(lang, text, toks, asked_need, &ids, &self.cue_cache);
        let mut out: Vec<Match> = kept
            .into_iter()
            .zip(char_starts)
            .map(|((code, s, e, pat, first), char_start)| {
                let last = toks.partition_point(|t| t.start < e).saturating_sub(1);
                let stance = analysis.stance(first, last.max(first));
                Match {
                    start: s,
                    end: e,
                    code,
                    pattern: pat,
                    char_start,
                    char_end: char_start + text[s..e].chars().count(),
                    negated: stance == Stance::Negated,
                    stance,
                }
            })
            .collect();
        out.sort();
        out
    }
}
