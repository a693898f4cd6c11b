//! The manifest is `manifest.json` in the output folder: what produced the tables (tool
//! version, codebook name, version and hash, every input file with its hash, the options) and
//! what came out (counts, warnings, start and end time). It is what makes two output folders
//! comparable, and what marks a folder as skillgap's own.

use serde::Serialize;

/// Provenance of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub codebook: CodebookInfo,
    pub inputs: Vec<InputInfo>,
    pub options: Options,
    pub counts: Counts,
    pub tables: Vec<String>,
    pub reports: Vec<String>,
    pub warnings: Vec<String>,
    pub started: String,
    pub finished: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodebookInfo {
    pub name: String,
    pub version: String,
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    pub path: String,
    pub sha256: String,
    pub encoding: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Options {
    pub interviews: String,
    pub codebook: String,
    pub out: String,
    pub language: String,
    pub negation_window: Option<usize>,
    pub stance: bool,
    pub compounds: String,
    pub code_interviewer: bool,
    pub group_by: Vec<String>,
    pub min_cell: u32,
    pub include_text: bool,
    pub pseudonymized: bool,
    pub report_language: String,
    /// `--report-per` attributes (a page per value).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub report_per: Vec<String>,
    /// `--interviewer` labels, beside the codebook's `interviewer_labels`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interviewers: Vec<String>,
    /// `--text-column`, `--id-column` and `--paragraphs` of a table of one document per row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_column: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub paragraphs: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub interviews: usize,
    pub companies: usize,
    pub segments: usize,
    pub coded_segments: usize,
    pub codes: usize,
    pub occurrences: usize,
    /// Transcripts read from the parse cache.
    pub cached_files: usize,
}

pub use crate::files::TOOL;

pub use crate::files::is_skillgap_manifest;

/// Now as an RFC 3339 UTC timestamp, to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
