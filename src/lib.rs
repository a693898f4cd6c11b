//! skillgap is a batch pipeline for skills-gap interview studies: transcripts and a codebook in,
//! demand tables out. Each command is one function here; the stages are plain modules that hand
//! each other plain values:
//!
//! `ingest` (files -> interviews) -> `coding` (segments -> occurrences) -> `tally`
//! (occurrences -> tables) -> `report` (tables -> files).

pub mod agree;
pub mod cmd;
pub mod codebook;
pub mod coding;
pub mod config;
pub mod diag;
pub mod files;
pub mod ingest;
pub mod lint;
pub mod names;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod tally;
pub mod text;

use std::path::PathBuf;

use diag::Diagnostics;

/// What can go wrong in a command. Problems in the user's files are collected as diagnostics
/// and returned together in `Input`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{} in the input; nothing was written", plural(.0.errors(), "error"))]
    Input(Diagnostics),
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{what}")]
    Table {
        what: String,
        #[source]
        source: polars::prelude::PolarsError,
    },
    #[error("cannot write {}: {message}", .path.display())]
    Report { path: PathBuf, message: String },
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// For `map_err`: a polars error while doing `what`.
    pub fn table(what: impl Into<String>) -> impl FnOnce(polars::prelude::PolarsError) -> Error {
        let what = what.into();
        move |source| Error::Table { what, source }
    }
}

/// "1 error", "3 errors"; "2 companies"; "2 matches".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("1 {word}");
    }
    match word.strip_suffix('y') {
        Some(stem) => format!("{n} {stem}ies"),
        None if word.ends_with("ch") || word.ends_with('s') => format!("{n} {word}es"),
        None => format!("{n} {word}s"),
    }
}

pub use cmd::check::{check, CheckReport};
pub use cmd::codebook::{convert_codebook, CodebookFormat};
pub use cmd::run::{run, RunSummary, TopCode, CACHE_MAX_AGE};
pub use files::write_file;
pub use report::REPORTS;
