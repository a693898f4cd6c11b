//! A diagnostic is one problem found in a user's input: a transcript, the metadata sheet or the
//! codebook. Readers collect every diagnostic they can before giving up, so that one run of
//! `skillgap check` lists all problems at once, each as `path:line: severity: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a run, warnings are reported and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with its location. `line` is 1-based and absent where the problem concerns a
/// whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(
                f,
                "{}:{line}: {severity}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {severity}: {}", self.path.display(), self.message),
        }
    }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Error, path, line, message.into());
    }

    pub fn warning(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Warning, path, line, message.into());
    }

    fn push(&mut self, severity: Severity, path: &Path, line: Option<usize>, message: String) {
        self.items.push(Diagnostic {
            severity,
            path: path.to_path_buf(),
            line,
            message,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Only the warnings, for carrying on after a successful read.
    pub fn into_warnings(self) -> Vec<Diagnostic> {
        self.items
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }
}

/// The 1-based line on which byte `offset` of `bytes` stands.
pub fn line_at(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The 1-based line of the CSV record that starts at byte `byte` of `text`. The csv reader puts
/// a record's offset before any blank lines that precede it, and its own line count skips blank
/// lines, so the line is counted here.
pub fn csv_record_line(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = byte.min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
        at += 1;
    }
    line_at(bytes, at)
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_and_without_line() {
        let mut d = Diagnostics::new();
        d.error(Path::new("cb.toml"), Some(12), "duplicate code id `ai`");
        d.warning(Path::new("iv/a.md"), None, "decoded as Windows-1252");
        assert_eq!(
            d.to_string(),
            "cb.toml:12: error: duplicate code id `ai`\niv/a.md: warning: decoded as Windows-1252\n"
        );
        assert_eq!((d.errors(), d.warnings(), d.has_errors()), (1, 1, true));
        assert_eq!(d.into_warnings().len(), 1);
    }
}
