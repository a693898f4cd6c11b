//! A reader turns one input file into the neutral [`Transcript`]: turns with their speakers,
//! roles, text and manual codes, and the front matter, each with a location a user can find in
//! the file (a line for text files). Every input format is one reader in its own file beside
//! this one; which reader takes a file is decided by [`reader_for`] alone, from its name and
//! its first bytes, and everything after a reader (the cache, the pipeline, coding) is the same
//! for every format.

use std::path::Path;

use super::transcript::{Roles, Transcript};
use crate::diag::Diagnostics;

/// A transcript as one reader made it, with the encoding its bytes were in.
pub struct Read {
    pub transcript: Transcript,
    pub encoding: &'static str,
}

/// One input format.
pub trait Reader: Sync {
    /// The format's name, for messages.
    fn format(&self) -> &'static str;

    /// Reads the file's bytes. Problems go to `diags` at their locations; `None` when nothing
    /// could be read (undecodable bytes, say).
    fn read(
        &self,
        bytes: Vec<u8>,
        path: &Path,
        roles: &Roles,
        diags: &mut Diagnostics,
    ) -> Option<Read>;
}

/// Decodes `bytes` (UTF-8, UTF-16 with a byte-order mark or Windows-1252), normalises the text
/// to NFC and parses it with `parse`: the reading every text-based format shares. Undecodable
/// bytes are an error in `diags` at their line, and `None`.
pub(super) fn read_text(
    bytes: Vec<u8>,
    path: &Path,
    diags: &mut Diagnostics,
    parse: impl FnOnce(&str, &mut Diagnostics) -> Transcript,
) -> Option<Read> {
    let decoded = match super::decode::decode_owned(bytes) {
        Ok(d) => d,
        Err(e) => {
            diags.error(path, Some(e.line), format!("file {}", e.message));
            return None;
        }
    };
    let text = super::nfc(decoded.text);
    Some(Read {
        transcript: parse(&text, diags),
        encoding: decoded.encoding,
    })
}

/// The file extensions readers take, for collecting transcripts and for messages.
pub const EXTENSIONS: [&str; 5] = ["md", "txt", "vtt", "srt", "docx"];

/// Whether the file at `path` is an input a reader may take, by its name alone (the interviews
/// folder is collected by this).
pub fn claims(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The reader for the file at `path` whose first bytes are `head`.
pub fn reader_for(path: &Path, head: &[u8]) -> Option<&'static dyn Reader> {
    if !claims(path) {
        return None;
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
    {
        return Some(&super::docx::DOCX);
    }
    // Extensions are not to be trusted: Zoom's `….transcript.txt` can be WebVTT.
    let vtt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("vtt"));
    if vtt || super::vtt::is_vtt(head) {
        return Some(&super::vtt::VTT);
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("srt"))
    {
        return Some(&super::srt::SRT);
    }
    let txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if txt && super::otter::is_otter(head) {
        return Some(&super::otter::OTTER);
    }
    Some(&super::text::TEXT)
}

/// The bytes of `../shared/data/transcripts/NAME`, the real exports the readers are tested on;
/// `None`, with a message, where that folder is absent.
#[cfg(test)]
pub(super) fn shared_transcript(name: &str) -> Option<Vec<u8>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/transcripts")
        .join(name);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("skipped: {} not found", p.display());
            None
        }
    }
}

/// [`shared_transcript`] decoded to text as the readers decode it.
#[cfg(test)]
pub(super) fn shared_transcript_text(name: &str) -> Option<String> {
    shared_transcript(name).map(|b| super::decode::decode_owned(b).unwrap().text)
}
