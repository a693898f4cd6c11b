//! The table reader takes one document per row: survey answers in a CSV file (`,` `;` or tab
//! separated, as Excel writes them) or job ads in a JSON Lines file (one object per line, the
//! text at a field path such as `description.text`). Each row is one interview with one
//! respondent turn (or one per paragraph), its id from `--id-column` (else its row number), and
//! the columns the codebook's `group_by` names (and `company`) as its attributes. The file is
//! read as a stream of batches, so a file of millions of rows runs in bounded memory.

use std::io::{BufRead, BufReader, Read as _};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::transcript::{Field, Role, Segment, Transcript};
use crate::diag::{quote, Diagnostics};
use crate::Error;

/// How a table is read, from the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The column (CSV) or field path (JSON Lines) of the text.
    pub text: String,
    /// The column or field path of the id; none for row numbers.
    pub id: Option<String>,
    /// One turn per paragraph (text parts between blank lines) instead of one per row.
    pub paragraphs: bool,
}

/// The file extensions of tables.
pub const EXTENSIONS: [&str; 5] = ["csv", "tsv", "jsonl", "ndjson", "json"];

/// Whether `path` names a table by its extension.
pub fn is_table(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv(u8),
    JsonLines,
}

/// A table opened for reading: its kind and columns checked against its first line.
#[derive(Debug)]
pub struct Table {
    pub path: PathBuf,
    kind: Kind,
    columns: Columns,
    /// The attributes kept (the codebook's `group_by`, and `company`).
    keep: Vec<String>,
    /// CSV: the places of the columns read, found once in the header.
    places: Places,
    size: u64,
}

/// Where a CSV table's columns are, by their place in a record.
#[derive(Debug, Default)]
struct Places {
    text: usize,
    id: Option<usize>,
    /// The attributes kept that are columns, and their places.
    keep: Vec<(String, usize)>,
}

/// Reads the rows of a [`Table`] in batches.
pub struct Rows<'t> {
    table: &'t Table,
    source: Source,
    /// Rows read so far (the row number of the last).
    rows: usize,
}

enum Source {
    Csv(csv::Reader<Hashing<std::fs::File>>),
    Lines {
        reader: BufReader<Hashing<std::fs::File>>,
        line: usize,
        buf: Vec<u8>,
    },
}

/// A reader that hashes and counts what passes through it, for the manifest's checksum of the
/// whole file without a second pass.
/// For CSV it also notes where the newlines are, so that a record's line can be told from its
/// byte offset (the CSV reader's own line count is off after `\r\n`).
pub struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    /// Offsets of the newlines read and not yet passed by [`Hashing::line_at`].
    newlines: Option<std::collections::VecDeque<u64>>,
    passed: usize,
}

impl<R> Hashing<R> {
    fn new(inner: R, track_lines: bool) -> Hashing<R> {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            newlines: track_lines.then(std::collections::VecDeque::new),
            passed: 0,
        }
    }

    /// The 1-based line of the record whose offset is `at`: a record's offset is that of the
    /// newline ending the record before (or the start of the file). Offsets must come in order.
    fn line_at(&mut self, at: u64) -> usize {
        if let Some(newlines) = self.newlines.as_mut() {
            while newlines.front().is_some_and(|&n| n <= at) {
                newlines.pop_front();
                self.passed += 1;
            }
        }
        self.passed + 1
    }
}

impl<R: std::io::Read> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        if let Some(newlines) = self.newlines.as_mut() {
            let base = self.bytes;
            newlines.extend(
                buf[..n]
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == b'\n')
                    .map(|(i, _)| base + i as u64),
            );
        }
        self.bytes += n as u64;
        Ok(n)
    }
}

fn err(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    let mut d = Diagnostics::new();
    d.error(path, line, message);
    Error::Input(d)
}

impl Table {
    /// Opens the table at `path` and checks the columns against its header (CSV) or first row
    /// (JSON Lines). `keep` names the attributes to keep.
    pub fn open(path: &Path, columns: &Columns, keep: &[String]) -> Result<Table, Error> {
        let io = |e: std::io::Error| Error::Read {
            path: path.to_path_buf(),
            source: e,
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if columns.text.is_empty() {
            return Err(Error::Usage(format!(
                "--interviews `{}` is a table of one document per row: name the column of the \
                 text with --text-column NAME (and the id with --id-column NAME)",
                path.display()
            )));
        }
        let mut head = Vec::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(64 << 10)
            .read_to_end(&mut head)
            .map_err(io)?;
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(err(
                path,
                None,
                "is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" instead",
            ));
        }
        let head_text =
            String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head));
        let first_line = head_text.lines().next().unwrap_or_default();
        let kind = match ext.as_str() {
            "jsonl" | "ndjson" => Kind::JsonLines,
            "json" if first_line.trim_start().starts_with('{') => Kind::JsonLines,
            "json" => {
                return Err(err(
                    path,
                    Some(1),
                    "is not JSON Lines (one object per line): write one document per line, \
                     e.g. `jq -c '.[]' file.json > file.jsonl`",
                ))
            }
            "tsv" => Kind::Csv(b'\t'),
            _ => Kind::Csv(sniff_delimiter(first_line)),
        };
        let mut table = Table {
            path: path.to_path_buf(),
            kind,
            columns: columns.clone(),
            keep: keep.to_vec(),
            places: Places::default(),
            size,
        };
        if let Kind::Csv(delimiter) = kind {
            let mut r = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .from_reader(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head));
            let header = r
                .byte_headers()
                .map_err(|e| err(path, Some(1), format!("header row: {e}")))?;
            let header: Vec<String> = header
                .iter()
                .map(|h| String::from_utf8_lossy(h).trim().to_owned())
                .collect();
            for (flag, name) in [
                ("--text-column", Some(&columns.text)),
                ("--id-column", columns.id.as_ref()),
            ] {
                if let Some(name) = name {
                    if !header.iter().any(|h| h == name) {
                        return Err(err(
                            path,
                            Some(1),
                            format!(
                                "{flag} `{}` is not a column; the columns are {}",
                                quote(name),
                                header
                                    .iter()
                                    .take(20)
                                    .map(|h| format!("`{}`", quote(h)))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ));
                    }
                }
            }
            let place = |name: &str| header.iter().position(|h| h == name);
            table.places = Places {
                text: place(&columns.text).unwrap_or(0),
                id: columns.id.as_deref().and_then(place),
                keep: keep
                    .iter()
                    .filter_map(|k| place(k).map(|i| (k.clone(), i)))
                    .collect(),
            };
        }
        Ok(table)
    }

    /// The file's size in bytes, for progress.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Starts reading the rows.
    pub fn rows(&self) -> Result<Rows<'_>, Error> {
        let file = std::fs::File::open(&self.path).map_err(|e| Error::Read {
            path: self.path.clone(),
            source: e,
        })?;
        let hashing = Hashing::new(file, matches!(self.kind, Kind::Csv(_)));
        let source = match self.kind {
            Kind::Csv(delimiter) => Source::Csv(
                csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .from_reader(hashing),
            ),
            Kind::JsonLines => Source::Lines {
                reader: BufReader::with_capacity(1 << 16, hashing),
                line: 0,
                buf: Vec::new(),
            },
        };
        Ok(Rows {
            table: self,
            source,
            rows: 0,
        })
    }
}

/// A row as read from the file, before it is made into a transcript (which workers do in
/// parallel).
pub enum Raw {
    Csv {
        line: usize,
        number: usize,
        record: csv::ByteRecord,
    },
    Json {
        line: usize,
        number: usize,
        bytes: Vec<u8>,
    },
    /// A row that could not be read, with the reason.
    Problem {
        line: Option<usize>,
        message: String,
    },
}

/// What one row made.
pub struct RowRead {
    pub line: Option<usize>,
    /// `None` for a row without text or with problems (in `diags`).
    pub transcript: Option<Transcript>,
    pub diags: Diagnostics,
    /// The text was empty.
    pub empty: bool,
    /// A cell was not UTF-8 and was read as Windows-1252.
    pub legacy: bool,
}

impl Rows<'_> {
    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        match &self.source {
            Source::Csv(r) => r.get_ref().bytes,
            Source::Lines { reader, .. } => reader.get_ref().bytes,
        }
    }

    /// The SHA-256 of the file, once every row is read.
    pub fn sha256(&self) -> String {
        let h = match &self.source {
            Source::Csv(r) => &r.get_ref().hasher,
            Source::Lines { reader, .. } => &reader.get_ref().hasher,
        };
        h.clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Reads up to `max` rows; an empty batch at the end of the file.
    pub fn next_batch(&mut self, max: usize) -> Result<Vec<Raw>, Error> {
        let path = &self.table.path;
        let mut out = Vec::with_capacity(max);
        while out.len() < max {
            match &mut self.source {
                Source::Csv(reader) => {
                    let mut record = csv::ByteRecord::new();
                    match reader.read_byte_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {
                            self.rows += 1;
                            let at = record.position().map_or(0, |p| p.byte());
                            let line = reader.get_mut().line_at(at);
                            out.push(Raw::Csv {
                                line,
                                number: self.rows,
                                record,
                            });
                        }
                        Err(e) => {
                            let at = e.position().map(|p| p.byte());
                            let line = at.map(|at| reader.get_mut().line_at(at));
                            let message = match e.kind() {
                                csv::ErrorKind::Io(_) => {
                                    return Err(Error::Read {
                                        path: path.clone(),
                                        source: std::io::Error::other(e.to_string()),
                                    })
                                }
                                csv::ErrorKind::UnequalLengths {
                                    expected_len, len, ..
                                } => format!(
                                    "this row has {len} cells and the header {expected_len}: is \
                                     a quote (\") left open above?"
                                ),
                                _ => format!("unreadable row: {e}"),
                            };
                            out.push(Raw::Problem { line, message });
                        }
                    }
                }
                Source::Lines { reader, line, buf } => {
                    buf.clear();
                    let n = reader.read_until(b'\n', buf).map_err(|e| Error::Read {
                        path: path.clone(),
                        source: e,
                    })?;
                    if n == 0 {
                        break;
                    }
                    *line += 1;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.rows += 1;
                    let mut bytes = std::mem::take(buf);
                    if *line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                        bytes.drain(..3);
                    }
                    out.push(Raw::Json {
                        line: *line,
                        number: self.rows,
                        bytes,
                    });
                }
            }
        }
        Ok(out)
    }
}

impl Table {
    /// Makes one row read by [`Rows::next_batch`] into a transcript.
    pub fn row(&self, raw: Raw) -> RowRead {
        let mut read = RowRead {
            line: None,
            transcript: None,
            diags: Diagnostics::new(),
            empty: false,
            legacy: false,
        };
        let path = &self.path;
        let (line, number, text, id, kept) = match raw {
            Raw::Problem { line, message } => {
                read.line = line;
                read.diags.error(path, line, message);
                return read;
            }
            Raw::Csv {
                line,
                number,
                record,
            } => {
                let mut legacy = false;
                let mut cell = |i: usize| -> String {
                    let bytes = record.get(i).unwrap_or_default();
                    match std::str::from_utf8(bytes) {
                        Ok(s) => s.to_owned(),
                        Err(_) => {
                            legacy = true;
                            encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
                        }
                    }
                };
                let places = &self.places;
                let text = cell(places.text);
                let id = places.id.map(&mut cell);
                let kept: Vec<(String, String)> = places
                    .keep
                    .iter()
                    .map(|(k, i)| (k.clone(), cell(*i)))
                    .collect();
                read.legacy = legacy;
                (line, number, text, id, kept)
            }
            Raw::Json {
                line,
                number,
                bytes,
            } => {
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    read.diags
                        .error(path, Some(line), "is not UTF-8; save the file as UTF-8");
                    return read;
                };
                let value: serde_json::Value = match serde_json::from_str(text) {
                    Ok(v) => v,
                    Err(e) => {
                        read.diags.error(
                            path,
                            Some(line),
                            format!(
                                "is not a JSON object: {e} (JSON Lines hold one object per line)"
                            ),
                        );
                        return read;
                    }
                };
                if !value.is_object() {
                    read.diags.error(path, Some(line), "is not a JSON object");
                    return read;
                }
                let columns = &self.columns;
                let text = match scalar(&value, &columns.text) {
                    Ok(t) => t.unwrap_or_default(),
                    Err(kind) => {
                        read.diags.error(
                            path,
                            Some(line),
                            format!("field `{}` is {kind}, not text", quote(&columns.text)),
                        );
                        return read;
                    }
                };
                let id = match &columns.id {
                    Some(field) => match scalar(&value, field) {
                        Ok(v) => Some(v.unwrap_or_default()),
                        Err(kind) => {
                            read.diags.error(
                                path,
                                Some(line),
                                format!("field `{}` is {kind}, not an id", quote(field)),
                            );
                            return read;
                        }
                    },
                    None => None,
                };
                let kept = self
                    .keep
                    .iter()
                    .filter_map(|k| Some((k.clone(), scalar(&value, k).ok()??)))
                    .collect();
                (line, number, text, id, kept)
            }
        };
        read.line = Some(line);
        let id = match id {
            Some(id) if id.trim().is_empty() => {
                read.diags.error(
                    path,
                    Some(line),
                    format!(
                        "this row has no id in `{}`",
                        quote(self.columns.id.as_deref().unwrap_or_default())
                    ),
                );
                return read;
            }
            Some(id) => id.trim().to_owned(),
            None => number.to_string(),
        };
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text
        };
        let text = super::nfc(text);
        if text.trim().is_empty() {
            read.empty = true;
            return read;
        }
        let mut front_matter = vec![Field {
            key: "interview".into(),
            value: id,
            line,
        }];
        front_matter.extend(kept.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(
            |(key, value)| Field {
                key,
                value: value.trim().to_owned(),
                line,
            },
        ));
        let parts: Vec<&str> = if self.columns.paragraphs {
            paragraphs(&text)
        } else {
            vec![text.trim()]
        };
        let segments = parts
            .into_iter()
            .enumerate()
            .map(|(i, part)| Segment {
                number: i as u32 + 1,
                line,
                speaker: "R".into(),
                role: Role::Respondent,
                timestamp: None,
                text: part.to_owned(),
                manual_codes: Vec::new(),
                tokens: crate::text::spans(part),
            })
            .collect();
        read.transcript = Some(Transcript {
            front_matter,
            segments,
        });
        read
    }
}

/// The parts of a text between blank lines, trimmed, empty ones left out.
fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            let part = text[start..at].trim();
            if !part.is_empty() {
                out.push(part);
            }
            start = at + line.len();
        }
        at += line.len();
    }
    let part = text[start..].trim();
    if !part.is_empty() {
        out.push(part);
    }
    out
}

/// The scalar at a dotted field path of a JSON object as text: `Ok(None)` when absent or null,
/// `Err` with the kind of value when it is an object or an array. A key that itself holds dots
/// is found before the path is split.
fn scalar(value: &serde_json::Value, path: &str) -> Result<Option<String>, &'static str> {
    let mut v = value;
    if let Some(direct) = value.get(path) {
        v = direct;
    } else {
        for key in path.split('.') {
            match v.get(key) {
                Some(next) => v = next,
                None => return Ok(None),
            }
        }
    }
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s.clone())),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_json::Value::Array(_) => Err("a list"),
        serde_json::Value::Object(_) => Err("an object"),
    }
}

/// The delimiter of a CSV header line: the most frequent of `,` `;` and tab outside quotes
/// (Excel with Swedish settings writes `;`).
fn sniff_delimiter(line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(text: &str, id: Option<&str>) -> Columns {
        Columns {
            text: text.into(),
            id: id.map(str::to_owned),
            paragraphs: false,
        }
    }

    /// (line, id, attributes, turns) of every row, and the problems, of a table file.
    #[allow(clippy::type_complexity)]
    fn read(
        name: &str,
        bytes: &[u8],
        columns: &Columns,
    ) -> Result<
        (
            Vec<(usize, String, Vec<(String, String)>, Vec<String>)>,
            String,
            usize,
        ),
        Error,
    > {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let table = Table::open(&path, columns, &["sector".into(), "company".into()])?;
        let mut rows = table.rows()?;
        let (mut out, mut problems, mut empty) = (Vec::new(), String::new(), 0);
        loop {
            let batch = rows.next_batch(2)?;
            if batch.is_empty() {
                break;
            }
            for raw in batch {
                let r = table.row(raw);
                empty += usize::from(r.empty);
                problems.push_str(
                    &r.diags
                        .to_string()
                        .replace(&*dir.path().to_string_lossy(), ""),
                );
                if let Some(t) = r.transcript {
                    let (id, attrs) = t.front_matter.split_first().unwrap();
                    assert_eq!(id.key, "interview");
                    out.push((
                        r.line.unwrap(),
                        id.value.clone(),
                        attrs
                            .iter()
                            .map(|f| (f.key.clone(), f.value.clone()))
                            .collect(),
                        t.segments.iter().map(|s| s.text.clone()).collect(),
                    ));
                }
            }
        }
        let want = {
            use sha2::Digest;
            let d = Sha256::digest(bytes);
            d.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        assert_eq!(rows.sha256(), want);
        Ok((out, problems, empty))
    }

    fn s(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn csv_with_semicolons_quotes_and_an_id_column() {
        let csv = "\u{feff}id;sektor;svar;sector\r\n\
                   A1;x;\"Vi behöver PLC; och \"\"svetsare\"\".\r\nFler rader.\";tillverkning\r\n\
                   A2;y;;it\r\n\
                   A3;z;Ingen aning.;\r\n";
        let (rows, problems, empty) =
            read("svar.csv", csv.as_bytes(), &columns("svar", Some("id"))).unwrap();
        assert_eq!(problems, "");
        assert_eq!(empty, 1);
        assert_eq!(
            rows,
            [
                (
                    2,
                    "A1".to_owned(),
                    s(&[("sector", "tillverkning")]),
                    vec!["Vi behöver PLC; och \"svetsare\".\nFler rader.".to_owned()]
                ),
                (5, "A3".to_owned(), vec![], vec!["Ingen aning.".to_owned()]),
            ]
        );
    }

    #[test]
    fn csv_problems_name_the_line() {
        let csv = b"id,svar\n1,ok\n2,x,extra\n3,\"two\nlines\"\n4,fine\n";
        let (rows, problems, _) = read("a.csv", csv, &columns("svar", Some("id"))).unwrap();
        let lines: Vec<(usize, &str)> = rows.iter().map(|r| (r.0, r.1.as_str())).collect();
        assert_eq!(lines, [(2, "1"), (4, "3"), (6, "4")]);
        assert_eq!(
            problems,
            "/a.csv:3: error: this row has 3 cells and the header 2: is a quote (\") left open \
             above?\n"
        );

        let legacy = b"id,svar\n1,V\xe4rmland och sm\xe5f\xf6retag\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.csv");
        std::fs::write(&path, legacy).unwrap();
        let t = Table::open(&path, &columns("svar", None), &[]).unwrap();
        let raw = t.rows().unwrap().next_batch(10).unwrap();
        let r = t.row(raw.into_iter().next().unwrap());
        assert!(r.legacy);
        assert_eq!(
            r.transcript.unwrap().segments[0].text,
            "Värmland och småföretag"
        );

        let Err(Error::Input(d)) = read("a.csv", b"id,text\n1,x\n", &columns("svar", None)) else {
            panic!("a missing text column is an error");
        };
        assert!(d.to_string().ends_with(
            "a.csv:1: error: --text-column `svar` is not a column; the columns are `id`, `text`\n"
        ));
    }

    #[test]
    fn json_lines_with_field_paths() {
        let jsonl = concat!(
            r#"{"id": 7, "description": {"text": "Erfarenhet av CNC.\n\nB-körkort."}, "sector": "tillverkning", "company": "Fiktiv AB"}"#,
            "\n\n",
            r#"{"id": "8", "description": {"text": null}}"#,
            "\n",
            r#"{"id": "9", "description": {"text": ["a"]}}"#,
            "\n",
            r#"{"id": "10", "description": "#,
            "\n",
            r#"{"id": "11", "description.text": "Dotted key."}"#,
            "\n",
        );
        let (rows, problems, empty) = read(
            "ads.jsonl",
            jsonl.as_bytes(),
            &columns("description.text", Some("id")),
        )
        .unwrap();
        assert_eq!(empty, 1);
        assert_eq!(
            rows,
            [
                (
                    1,
                    "7".to_owned(),
                    s(&[("sector", "tillverkning"), ("company", "Fiktiv AB")]),
                    vec!["Erfarenhet av CNC.\n\nB-körkort.".to_owned()]
                ),
                (6, "11".to_owned(), vec![], vec!["Dotted key.".to_owned()]),
            ]
        );
        let lines: Vec<&str> = problems.lines().collect();
        assert_eq!(lines.len(), 2, "{problems}");
        assert!(
            lines[0].ends_with("ads.jsonl:4: error: field `description.text` is a list, not text")
        );
        assert!(lines[1].contains("ads.jsonl:5: error: is not a JSON object: EOF while parsing"));

        let mut by_paragraph = columns("description.text", None);
        by_paragraph.paragraphs = true;
        let (rows, _, _) = read("ads.jsonl", jsonl.as_bytes(), &by_paragraph).unwrap();
        assert_eq!(rows[0].1, "1");
        assert_eq!(rows[0].3, ["Erfarenhet av CNC.", "B-körkort."]);
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("id;svar;\"a,b,c\""), b';');
        assert_eq!(sniff_delimiter("id,svar"), b',');
        assert_eq!(sniff_delimiter("id\tsvar"), b'\t');
        assert_eq!(sniff_delimiter("svar"), b',');
    }

    #[test]
    fn paragraphs_are_parts_between_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n  \nc\n\n"), ["a\nb", "c"]);
        assert_eq!(paragraphs("  "), Vec::<&str>::new());
    }
}
