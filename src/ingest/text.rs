//! The text reader takes Markdown and plain-text transcripts (`*.md`, `*.txt`): UTF-8 (or
//! UTF-16 with a byte-order mark, or Windows-1252, with a warning), normalised to NFC, with an
//! optional front matter block and `Label:` speaker turns, parsed by [`super::transcript`].
//! Locations are lines.

use std::path::Path;

use super::reader::{read_text, Read, Reader};
use super::transcript::{self, Roles};
use crate::diag::Diagnostics;

/// The text reader.
pub struct Text;

/// The one instance [`super::reader::reader_for`] hands out.
pub static TEXT: Text = Text;

impl Reader for Text {
    fn format(&self) -> &'static str {
        "text"
    }

    fn read(
        &self,
        bytes: Vec<u8>,
        path: &Path,
        roles: &Roles,
        diags: &mut Diagnostics,
    ) -> Option<Read> {
        read_text(bytes, path, diags, |text, diags| {
            transcript::parse(text, path, roles, diags)
        })
    }
}
