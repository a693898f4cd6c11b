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
        let message = clip(&self.message, MAX_MESSAGE);
        write!(f, "{}: {severity}: {message}", at(&self.path, self.line))
    }
}

/// A place in an input as messages name it: `path:line`, or `path: paragraph N` in a Word file,
/// which has no lines a user can go to.
pub fn at(path: &Path, line: Option<usize>) -> String {
    let shown_path = shown(path);
    match line {
        Some(line) if is_docx(path) => format!("{shown_path}: paragraph {line}"),
        Some(line) => format!("{shown_path}:{line}"),
        None => shown_path,
    }
}

fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// The most characters of a value that a message quotes: a 1 MB line in a codebook must not
/// make a 1 MB message.
pub const MAX_QUOTE: usize = 80;

/// The most characters of a whole message, a last bound for messages that quote text from a
/// library (a TOML or CSV parser) rather than through [`quote`].
pub const MAX_MESSAGE: usize = 400;

/// A value from a user's file as a message quotes it: control characters (a newline in a
/// metadata cell) escaped, so that each message stays one `path:line:` line, and cut to
/// [`MAX_QUOTE`] characters with `…`.
pub fn quote(value: &str) -> String {
    clip(value, MAX_QUOTE)
}

/// A path as a message shows it, with control characters escaped (a file name may hold a
/// newline).
pub fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    if text.chars().any(char::is_control) {
        escape(&text, usize::MAX)
    } else {
        text
    }
}

/// `text` with control characters escaped and cut to `max` characters.
fn clip(text: &str, max: usize) -> String {
    if text.len() <= max && !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    escape(text, max)
}

fn escape(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
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

    /// Replaces every line by `f(line)`: for a reader that parses a text made from its file,
    /// to give the file's own locations.
    pub fn map_lines(&mut self, f: impl Fn(usize) -> usize) {
        for d in &mut self.items {
            d.line = d.line.map(&f);
        }
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

/// The 1-based lines of the CSV records of one text, found as the reader goes: the csv reader
/// puts a record's offset before any blank lines that precede it, and its own line count skips
/// blank lines, so the line is counted here. Records come in order, so each newline is counted
/// once (counting from the start for every record made a 50,000-row sheet take 15 s).
pub struct CsvLines<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
}

impl<'t> CsvLines<'t> {
    pub fn new(text: &'t str) -> CsvLines<'t> {
        CsvLines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record that starts at byte `byte`.
    pub fn line(&mut self, byte: usize) -> usize {
        let bytes = self.text;
        let mut target = byte.min(bytes.len());
        while target < bytes.len() && matches!(bytes[target], b'\n' | b'\r') {
            target += 1;
        }
        if target < self.at {
            // Out of order: count again from the start.
            self.at = 0;
            self.line = 1;
        }
        self.line += bytes[self.at..target]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.at = target;
        self.line
    }
}

/// The 1-based line of the CSV record that starts at byte `byte` of `text`.
pub fn csv_record_line(text: &str, byte: usize) -> usize {
    CsvLines::new(text).line(byte)
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
    fn places_are_lines_or_word_paragraphs() {
        assert_eq!(at(Path::new("a/IP1.md"), Some(3)), "a/IP1.md:3");
        assert_eq!(at(Path::new("IP2.DOCX"), Some(4)), "IP2.DOCX: paragraph 4");
        assert_eq!(at(Path::new("IP2.docx"), None), "IP2.docx");
        assert_eq!(at(Path::new("a\nb.md"), Some(1)), "a\\nb.md:1");
    }

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

    #[test]
    fn every_message_is_one_bounded_line() {
        let mut d = Diagnostics::new();
        d.error(
            Path::new("a\nb.md"),
            Some(3),
            format!("value `{}`", quote("x\ny")),
        );
        d.error(
            Path::new("m.csv"),
            Some(2),
            format!("value `{}`", quote(&"å".repeat(100_000))),
        );
        d.error(Path::new("c.toml"), None, "z".repeat(1_000_000));
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "a\\nb.md:3: error: value `x\\ny`");
        assert_eq!(
            lines[1],
            format!("m.csv:2: error: value `{}…`", "å".repeat(80))
        );
        assert_eq!(
            lines[2],
            format!("c.toml: error: {}…", "z".repeat(MAX_MESSAGE))
        );
    }
}
