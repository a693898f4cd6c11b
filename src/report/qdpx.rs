//! The review export (`run --qdpx NAME`) writes a run's automatic coding as a REFI-QDA project,
//! so a researcher opens it in QualCoder, NVivo, ATLAS.ti or MAXQDA, corrects it there and
//! brings it back as manual coding (`agree --interviews review.qdpx`): every interview is a text
//! source, every automatic occurrence that is not negated a `PlainTextSelection` coded by the
//! user `skillgap`, positions in code points as the standard says. Negated occurrences are left
//! out: "vi behöver inte AI" is not a coding of AI (they are in `segments.csv` and `kwic`).
//!
//! A source's text is the interview as skillgap read it: a front matter block with its id,
//! company and attributes, then one `Label: text` turn per segment, blank lines between, so
//! that reading the export back gives the same interviews, turns and codes. GUIDs are UUIDv5 of
//! what they name (code ids, interview ids, occurrences), and the zip's times are fixed: the
//! same run writes the same file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::codebook::Codebook;
use crate::coding::{Occurrence, Source};
use crate::ingest::Segment;

/// One interview of the export, made as the run reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSource {
    pub interview: String,
    pub company: String,
    /// The turns as text: `Label: text`, a blank line between turns.
    pub body: String,
    /// Automatic, non-negated occurrences: (start, end) in code points of `body`, code index.
    pub selections: Vec<(u64, u64, u32)>,
}

/// The user the automatic codings are by.
pub const USER: &str = "skillgap";

fn guid(what: &str) -> String {
    crate::codebook::qdc::code_guid(what)
}

/// Makes an interview's source: its turns as text and its automatic occurrences' positions.
pub fn source<'s>(
    interview: &str,
    company: &str,
    segments: &'s [Segment],
    occurrences: &[Occurrence],
    speaker: impl Fn(&'s Segment) -> &'s str,
) -> ReviewSource {
    let mut body = String::new();
    let mut chars = 0u64;
    // Per segment, the code point at which its text starts in `body`.
    let mut starts = Vec::with_capacity(segments.len());
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            body.push_str("\n\n");
            chars += 2;
        }
        let mut head = String::new();
        if let Some(ts) = &seg.timestamp {
            let _ = write!(head, "[{ts}] ");
        }
        let _ = write!(head, "{}: ", speaker(seg));
        chars += head.chars().count() as u64;
        body.push_str(&head);
        starts.push(chars);
        body.push_str(&seg.text);
        chars += seg.text.chars().count() as u64;
    }
    body.push('\n');
    let mut selections: Vec<(u64, u64, u32)> = occurrences
        .iter()
        .filter(|o| o.source == Source::Auto && !o.negated)
        .map(|o| {
            let at = starts[o.segment as usize];
            (at + o.start as u64, at + o.end as u64, o.code)
        })
        .collect();
    selections.sort_unstable();
    selections.dedup();
    ReviewSource {
        interview: interview.to_owned(),
        company: company.to_owned(),
        body,
        selections,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A source's text: front matter, then the turns.
fn text(s: &ReviewSource, attributes: &BTreeMap<String, String>) -> (String, u64) {
    let mut head = format!("---\ninterview: {}\ncompany: {}\n", s.interview, s.company);
    for (k, v) in attributes {
        let _ = writeln!(head, "{k}: {v}");
    }
    head.push_str("---\n");
    let offset = head.chars().count() as u64;
    (head + &s.body, offset)
}

/// Writes the project to `path`: `project.qde` and `sources/<guid>.txt`. `attributes` are each
/// interview's, by id.
pub fn write(
    path: &Path,
    cb: &Codebook,
    sources: &[ReviewSource],
    attributes: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<(), String> {
    let user = guid(&format!("user:{USER}"));
    let mut qde = String::new();
    let _ = write!(
        qde,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" \
         name=\"{}\" origin=\"skillgap {}\" creatingUserGUID=\"{user}\">\n\
         <Users>\n<User guid=\"{user}\" name=\"{USER}\"/>\n</Users>\n<CodeBook>\n",
        esc(&cb.name),
        env!("CARGO_PKG_VERSION")
    );
    qde.push_str(&crate::codebook::qdc::codes_element(cb));
    qde.push_str("</CodeBook>\n");
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut zip = ::zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated)
        .last_modified_time(::zip::DateTime::default());
    let none = BTreeMap::new();
    if !sources.is_empty() {
        qde.push_str("<Sources>\n");
    }
    for s in sources {
        let sg = guid(&format!("source:{}", s.interview));
        let (body, offset) = text(s, attributes.get(&s.interview).unwrap_or(&none));
        zip.start_file(format!("sources/{sg}.txt"), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(body.as_bytes()).map_err(|e| e.to_string())?;
        let _ = writeln!(
            qde,
            "<TextSource guid=\"{sg}\" name=\"{}\" plainTextPath=\"internal://{sg}.txt\" \
             creatingUser=\"{user}\">",
            esc(&s.interview)
        );
        for &(start, end, code) in &s.selections {
            let id = &cb.codes[code as usize].id;
            let key = format!("{}:{start}:{end}:{id}", s.interview);
            let _ = writeln!(
                qde,
                "<PlainTextSelection guid=\"{}\" name=\"\" startPosition=\"{}\" \
                 endPosition=\"{}\" creatingUser=\"{user}\"><Coding guid=\"{}\" \
                 creatingUser=\"{user}\"><CodeRef targetGUID=\"{}\"/></Coding>\
                 </PlainTextSelection>",
                guid(&format!("selection:{key}")),
                start + offset,
                end + offset,
                guid(&format!("coding:{key}")),
                crate::codebook::qdc::code_guid(id)
            );
        }
        qde.push_str("</TextSource>\n");
    }
    if !sources.is_empty() {
        qde.push_str("</Sources>\n");
    }
    qde.push_str("</Project>\n");
    zip.start_file("project.qde", options)
        .map_err(|e| e.to_string())?;
    zip.write_all(qde.as_bytes()).map_err(|e| e.to_string())?;
    zip.finish().map_err(|e| e.to_string())?;
    Ok(())
}
