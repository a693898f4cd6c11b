//! Coding attaches codes to segments: manual codes from the transcript on any turn, and
//! automatic codes from the matcher on respondent turns (or every turn with
//! `code_interviewer = true`). The result is one [`Occurrence`] per code occurrence, which points
//! back into the corpus instead of copying text.

pub mod matcher;
pub mod stance;
pub use crate::text;

use crate::codebook::{Codebook, Lang};
use crate::ingest::{Role, Segment};
pub use matcher::{Coder, Match, Matcher, PatternKind};
pub use stance::Stance;

/// Where an occurrence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Manual,
    Auto,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Auto => "auto",
        }
    }
}

/// One occurrence of a code in a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    /// Index into `Corpus::interviews`.
    pub interview: u32,
    /// Index into that interview's `segments`.
    pub segment: u32,
    /// Character span in the segment text (0..0 for manual codes).
    pub start: u32,
    pub end: u32,
    /// Index into `Codebook::codes`.
    pub code: u32,
    pub source: Source,
    /// The matcher pattern that matched (automatic occurrences only).
    pub pattern: Option<u32>,
    /// Byte span of the match, to recover the matched words without storing them.
    pub byte_start: u32,
    pub byte_end: u32,
    pub negated: bool,
    /// Need, has or negated (`negated` is `stance == Negated`). A manual code's stance is its
    /// segment's: need where the segment has a need cue or gap phrase, else has.
    pub stance: Stance,
}

/// What coding a segment needs to know of the interview around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The segment's language: by its function words, else the segment before it's, else the
    /// codebook's.
    pub lang: Lang,
    /// The segment is a respondent's answer right after an interviewer turn that asks about
    /// needs.
    pub asked_need: bool,
}

/// Follows an interview's segments in order, giving each its [`Context`]: the language
/// carries over from the segment before, and a question about needs to the answer after it.
pub struct Contexts {
    lang: Lang,
    asks: bool,
}

impl Contexts {
    pub fn new(coder: &Coder<'_>) -> Contexts {
        Contexts {
            lang: coder.matcher().language,
            asks: false,
        }
    }

    /// The context of the next segment, whose tokens are `toks`.
    pub fn next(
        &mut self,
        seg: &Segment,
        toks: &[text::Token<'_>],
        coder: &mut Coder<'_>,
    ) -> Context {
        self.lang = coder.language(toks, self.lang);
        let asked_need = seg.role == Role::Respondent && self.asks;
        self.asks = seg.role == Role::Interviewer && coder.asks_need(self.lang, &seg.text, toks);
        Context {
            lang: self.lang,
            asked_need,
        }
    }
}

/// Codes the segments of one interview (number `interview` in the corpus). Occurrences come
/// back sorted by segment and position.
pub fn code_interview(
    interview: u32,
    segments: &[Segment],
    codebook: &Codebook,
    coder: &mut Coder<'_>,
) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut contexts = Contexts::new(coder);
    for (si, seg) in segments.iter().enumerate() {
        let toks = text::from_spans(&seg.text, &seg.tokens);
        let cx = contexts.next(seg, &toks, coder);
        let manual_stance = if seg.manual_codes.is_empty() {
            Stance::Has
        } else {
            coder
                .analyse(cx.lang, &seg.text, &toks, cx.asked_need)
                .segment_stance()
        };
        for mc in &seg.manual_codes {
            if let Some(code) = codebook.index_of(&mc.id) {
                out.push(Occurrence {
                    interview,
                    segment: si as u32,
                    start: 0,
                    end: 0,
                    code: code as u32,
                    source: Source::Manual,
                    pattern: None,
                    byte_start: 0,
                    byte_end: 0,
                    negated: false,
                    stance: manual_stance,
                });
            }
        }
        if seg.role == Role::Respondent || codebook.code_interviewer {
            for m in coder.matches_in(&seg.text, &toks, cx.lang, cx.asked_need) {
                out.push(Occurrence {
                    interview,
                    segment: si as u32,
                    start: m.char_start as u32,
                    end: m.char_end as u32,
                    code: m.code,
                    source: Source::Auto,
                    pattern: Some(m.pattern),
                    byte_start: m.start as u32,
                    byte_end: m.end as u32,
                    negated: m.negated,
                    stance: m.stance,
                });
            }
        }
    }
    out.sort();
    out
}

/// Lends each worker thread a [`Coder`] and takes it back, so that the coders' caches of token
/// types live for a whole command instead of one interview.
pub struct CoderPool<'m> {
    matcher: &'m Matcher,
    idle: std::sync::Mutex<Vec<Coder<'m>>>,
}

/// A coder lent by a [`CoderPool`], returned when dropped.
pub struct Lease<'p, 'm> {
    pool: &'p CoderPool<'m>,
    coder: Option<Coder<'m>>,
}

impl<'m> CoderPool<'m> {
    pub fn new(matcher: &'m Matcher) -> CoderPool<'m> {
        CoderPool {
            matcher,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    pub fn lease(&self) -> Lease<'_, 'm> {
        let coder = self
            .idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .unwrap_or_else(|| Coder::new(self.matcher));
        Lease {
            pool: self,
            coder: Some(coder),
        }
    }
}

impl<'m> Lease<'_, 'm> {
    pub fn coder(&mut self) -> &mut Coder<'m> {
        self.coder
            .get_or_insert_with(|| Coder::new(self.pool.matcher))
    }
}

impl Drop for Lease<'_, '_> {
    fn drop(&mut self) {
        if let (Some(coder), Ok(mut idle)) = (self.coder.take(), self.pool.idle.lock()) {
            idle.push(coder);
        }
    }
}

/// Codes every segment of the corpus, interviews in parallel (for tests: commands code as they
/// stream, in the pipeline). `tick` is called once per
/// interview (for progress). Occurrences come back sorted by interview, segment and position.
#[cfg(test)]
pub fn code_corpus(
    corpus: &crate::ingest::Corpus,
    codebook: &Codebook,
    matcher: &Matcher,
    tick: &(dyn Fn() + Sync),
) -> Vec<Occurrence> {
    use rayon::prelude::*;
    let per_interview: Vec<Vec<Occurrence>> = corpus
        .interviews
        .par_iter()
        .enumerate()
        .map_init(
            || Coder::new(matcher),
            |coder, (ii, iv)| {
                let out = code_interview(ii as u32, &iv.segments, codebook, coder);
                tick();
                out
            },
        )
        .collect();
    per_interview.into_iter().flatten().collect()
}
