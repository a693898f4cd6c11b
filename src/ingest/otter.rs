//! The Otter reader takes Otter.ai text exports (`*.txt` whose first line is a turn header):
//! turns headed `Name  m:ss` (the name, two or more spaces, `m:ss` or `h:mm:ss`, maybe trailing
//! spaces), the turn's wrapped lines below, a blank line between turns. Consecutive turns of one
//! speaker are merged into one (the first time kept); the footer `Transcribed by
//! https://otter.ai` is dropped. Locations are the lines of the headers.

use std::path::Path;

use super::reader::{read_text, Read, Reader};
use super::transcript::{Roles, Segment, Transcript};
use crate::diag::Diagnostics;

/// The Otter reader.
pub struct Otter;

/// The one instance [`super::reader::reader_for`] hands out.
pub static OTTER: Otter = Otter;

impl Reader for Otter {
    fn format(&self) -> &'static str {
        "Otter.ai text"
    }

    fn read(
        &self,
        bytes: Vec<u8>,
        path: &Path,
        roles: &Roles,
        diags: &mut Diagnostics,
    ) -> Option<Read> {
        read_text(bytes, path, diags, |text, _| parse(text, roles))
    }
}

/// Whether text starting with `head` is an Otter export: its first non-blank line is a turn
/// header. (`head` may end inside a line; the header must then be complete in it.)
pub fn is_otter(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
    };
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let first = lines.by_ref().find(|l| !l.trim().is_empty());
    // The line must be whole: followed by another line in `head`.
    first.is_some_and(|l| header(l).is_some()) && lines.next().is_some()
}

/// A turn header `Name  m:ss`: the name and the time.
fn header(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_end();
    let (name, time) = line.rsplit_once("  ")?;
    let name = name.trim_end();
    let time = time.trim_start();
    let parts: Vec<&str> = time.split(':').collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    let timed = match parts.as_slice() {
        [m, s] => digits(m) && s.len() == 2 && digits(s),
        [h, m, s] => digits(h) && m.len() == 2 && digits(m) && s.len() == 2 && digits(s),
        _ => false,
    };
    let named = !name.is_empty() && name.chars().count() <= 60 && !name.starts_with(' ');
    (timed && named).then_some((name, time))
}

fn is_footer(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("Transcribed by") && l.contains("otter.ai")
}

/// Reads Otter text into turns.
pub fn parse(text: &str, roles: &Roles) -> Transcript {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Transcript::default();
    let mut current: Option<Segment> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        if let Some((name, time)) = header(line) {
            if current.as_ref().is_some_and(|seg| seg.speaker == name) {
                continue;
            }
            if let Some(seg) = current.take() {
                push(&mut out, seg);
            }
            current = Some(Segment {
                number: 0,
                line: i + 1,
                speaker: name.to_owned(),
                role: roles.role(name),
                timestamp: Some(time.to_owned()),
                text: String::new(),
                manual_codes: Vec::new(),
                tokens: Vec::new(),
            });
            continue;
        }
        if is_footer(line) || line.trim().is_empty() {
            continue;
        }
        if let Some(seg) = current.as_mut() {
            if !seg.text.is_empty() {
                seg.text.push('\n');
            }
            seg.text.push_str(line.trim());
        }
    }
    if let Some(seg) = current.take() {
        push(&mut out, seg);
    }
    out
}

/// Keeps a turn that has text (a header with no lines below is none).
fn push(out: &mut Transcript, seg: Segment) {
    if !seg.text.is_empty() {
        super::vtt::push(out, seg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns_of(text: &str) -> Vec<(String, String, String, usize)> {
        parse(text, &Roles::default())
            .segments
            .into_iter()
            .map(|s| (s.speaker, s.timestamp.unwrap_or_default(), s.text, s.line))
            .collect()
    }

    #[test]
    fn headers_wrapped_lines_merges_and_footer() {
        let text = "Anna Berg  0:01\nVi behöver\nsvetsare.\n\nAnna Berg  0:09  \nOch PLC.\n\n\
                    Int  1:02:03\nVarför?\n\nTranscribed by https://otter.ai\n";
        assert_eq!(
            turns_of(text),
            [
                (
                    "Anna Berg".into(),
                    "0:01".into(),
                    "Vi behöver\nsvetsare.\nOch PLC.".into(),
                    1
                ),
                ("Int".into(), "1:02:03".into(), "Varför?".into(), 8),
            ]
        );
        let t = parse(text, &Roles::default());
        assert_eq!(t.segments[1].role, super::super::Role::Interviewer);
    }

    #[test]
    fn detection_needs_a_whole_header_line() {
        assert!(is_otter(b"Alice Chen  0:01\nRight."));
        assert!(is_otter(b"\xEF\xBB\xBF\nAlice Chen  12:01  \r\nRight."));
        assert!(!is_otter(b"Alice Chen  0:01"));
        assert!(!is_otter(b"Alice Chen 0:01\nRight."));
        assert!(!is_otter(b"I: Vad beh\xC3\xB6ver ni?\n"));
        assert!(!is_otter(b"Score  12:3\nx"));
    }

    #[test]
    fn the_otter_export_here() {
        let Some(bytes) = super::super::reader::shared_transcript("otter-export.txt") else {
            return;
        };
        assert!(is_otter(&bytes[..64.min(bytes.len())]));
        let text = String::from_utf8(bytes).unwrap();
        let turns = turns_of(&text);
        let got: Vec<(&str, &str, usize)> = turns
            .iter()
            .map(|(s, t, _, l)| (s.as_str(), t.as_str(), *l))
            .collect();
        assert_eq!(got, EXPECTED_OTTER);
        assert_eq!(
            turns[0].2,
            "Right, let's start with the renewal. They came back asking for\na twelve percent increase."
        );
        assert_eq!(turns[1].2, "Twelve? That's well above what we budgeted.");
    }

    const EXPECTED_OTTER: [(&str, &str, usize); 2] =
        [("Alice Chen", "0:01", 1), ("Bob Ferreira", "0:09", 5)];
}
