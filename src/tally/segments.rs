//! The `segments` table: one row per code occurrence. It is the one table that grows with the
//! corpus, so it is built per interview where the interview is coded ([`InterviewRows`], which
//! keeps the matched words but not the segment text) and written in batches as the run goes.

use polars::prelude::*;

use super::{col_str, col_u32};
use crate::codebook::Codebook;
use crate::coding::{Matcher, Occurrence, Source};
use crate::ingest::{Role, Segment};

/// The column names, in order.
pub const COLUMNS: [&str; 13] = [
    "interview",
    "company",
    "segment",
    "speaker",
    "role",
    "code",
    "source",
    "term",
    "start",
    "end",
    "negated",
    "stance",
    "text",
];

#[derive(Debug, Clone, Copy)]
struct Row {
    segment: u32,
    speaker: u32,
    role: Role,
    code: u32,
    source: Source,
    pattern: Option<u32>,
    start: u32,
    end: u32,
    negated: bool,
    stance: crate::coding::Stance,
    /// Byte span of the matched words in `InterviewRows::matched`.
    text: (u32, u32),
}

/// The `segments` rows of one interview.
#[derive(Debug, Clone, Default)]
pub struct InterviewRows {
    pub interview: String,
    pub company: String,
    speakers: Vec<String>,
    rows: Vec<Row>,
    matched: String,
}

impl InterviewRows {
    /// The rows for `occurrences` (sorted) in `segments`, under the interview's and company's
    /// final ids. `speaker` gives a segment's speaker label as written in the table.
    pub fn new<'s>(
        interview: &str,
        company: &str,
        segments: &'s [Segment],
        occurrences: &[Occurrence],
        speaker: impl Fn(&'s Segment) -> &'s str,
    ) -> InterviewRows {
        let mut out = InterviewRows {
            interview: interview.to_owned(),
            company: company.to_owned(),
            ..InterviewRows::default()
        };
        out.rows.reserve(occurrences.len());
        for o in occurrences {
            let seg = &segments[o.segment as usize];
            let label = speaker(seg);
            let sp = match out.speakers.iter().position(|s| s == label) {
                Some(i) => i,
                None => {
                    out.speakers.push(label.to_owned());
                    out.speakers.len() - 1
                }
            };
            let from = out.matched.len() as u32;
            out.matched
                .push_str(&seg.text[o.byte_start as usize..o.byte_end as usize]);
            out.rows.push(Row {
                segment: seg.number,
                speaker: sp as u32,
                role: seg.role,
                code: o.code,
                source: o.source,
                pattern: o.pattern,
                start: o.start,
                end: o.end,
                negated: o.negated,
                stance: o.stance,
                text: (from, out.matched.len() as u32),
            });
        }
        out
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The `segments` table of a batch of interviews, in the order given. With `omit_text` the
/// matched words are left out (publication mode).
pub fn frame(
    batch: &[InterviewRows],
    cb: &Codebook,
    matcher: &Matcher,
    omit_text: bool,
) -> PolarsResult<DataFrame> {
    let n: usize = batch.iter().map(InterviewRows::len).sum();
    let mut c: [Vec<&str>; 9] = Default::default();
    for col in c.iter_mut() {
        col.reserve(n);
    }
    let (mut segment, mut start, mut end, mut negated) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for iv in batch {
        for r in &iv.rows {
            let term = r
                .pattern
                .map(|p| matcher.pattern(p).text.as_str())
                .unwrap_or("");
            let text = if omit_text {
                ""
            } else {
                &iv.matched[r.text.0 as usize..r.text.1 as usize]
            };
            let row = [
                iv.interview.as_str(),
                iv.company.as_str(),
                iv.speakers[r.speaker as usize].as_str(),
                r.role.as_str(),
                cb.codes[r.code as usize].id.as_str(),
                r.source.as_str(),
                term,
                r.stance.as_str(),
                text,
            ];
            for (col, v) in c.iter_mut().zip(row) {
                col.push(v);
            }
            segment.push(r.segment);
            start.push(r.start);
            end.push(r.end);
            negated.push(r.negated);
        }
    }
    let [interview, company, speaker, role, code, source, term, stance, text] = c;
    DataFrame::new_infer_height(vec![
        col_str("interview", &interview),
        col_str("company", &company),
        col_u32("segment", segment),
        col_str("speaker", &speaker),
        col_str("role", &role),
        col_str("code", &code),
        col_str("source", &source),
        col_str("term", &term),
        col_u32("start", start),
        col_u32("end", end),
        Column::new("negated".into(), negated),
        col_str("stance", &stance),
        // Publication mode leaves the column empty (null), as for manual codes.
        col_str("text", &text),
    ])
}
