//! Ingest turns the interviews folder into interviews: every transcript (`*.md`, `*.txt`,
//! recursively, in sorted order) decoded, NFC-normalised and parsed into segments, with its
//! attributes merged from its front matter and the metadata sheet `metadata.csv`.

pub mod cache;
pub mod decode;
pub mod metadata;
pub mod pseudonym;
pub mod transcript;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

pub use transcript::{ManualCode, Role, Roles, Segment};

use crate::diag::Diagnostics;
use crate::Error;
pub use cache::Cache;

/// The name of the metadata sheet inside the interviews folder.
pub const METADATA_FILE: &str = "metadata.csv";

/// One interview: a transcript with its identity and attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interview {
    pub id: String,
    pub company: String,
    pub path: PathBuf,
    /// Free attributes (`sector`, `size`, …) from the front matter and the metadata sheet.
    pub attributes: BTreeMap<String, String>,
    pub segments: Vec<Segment>,
}

/// An input file as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub sha256: String,
    pub encoding: &'static str,
}

/// Everything read from the interviews folder.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub interviews: Vec<Interview>,
    pub files: Vec<InputFile>,
    /// Transcripts taken from the cache instead of being parsed.
    pub cached_files: usize,
}

impl Corpus {
    pub fn segment_count(&self) -> usize {
        self.interviews.iter().map(|i| i.segments.len()).sum()
    }

    /// Distinct companies, sorted.
    pub fn companies(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self.interviews.iter().map(|i| i.company.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads every transcript under `dir` and the metadata sheet beside them. Problems in the files
/// go to `diags`; only a folder that cannot be read at all is an `Err`.
pub fn read_corpus(
    dir: &Path,
    roles: &Roles,
    cache: Option<&Cache>,
    diags: &mut Diagnostics,
) -> Result<Corpus, Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "the interviews folder `{}` does not exist (pass --interviews DIR)",
            dir.display()
        )));
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        diags.error(dir, None, "no transcripts (*.md or *.txt) in this folder");
    }

    let mut corpus = Corpus::default();
    // interview id -> (path, line of the `interview` field or none) for duplicate detection
    let mut fm_lines: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut cache_warned = false;
    for path in &paths {
        let bytes = fs::read(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let sha256 = sha256_hex(&bytes);
        let (parsed, encoding) = match cache.and_then(|c| c.get(&sha256)) {
            Some((mut parsed, encoding)) => {
                corpus.cached_files += 1;
                // Roles depend on the codebook's interviewer labels, so they are not cached.
                for seg in &mut parsed.segments {
                    seg.role = roles.role(&seg.speaker);
                }
                (parsed, encoding_name(&encoding))
            }
            None => {
                let decoded = match decode::decode(&bytes) {
                    Ok(d) => d,
                    Err(e) => {
                        diags.error(path, Some(e.line), format!("file {}", e.message));
                        continue;
                    }
                };
                let text: String = decoded.text.nfc().collect();
                let before = diags.len();
                let parsed = transcript::parse(&text, path, roles, diags);
                // Files with problems are parsed again next time, so their messages repeat.
                if let (Some(c), true) = (cache, diags.len() == before) {
                    if let Err(e) = c.put(&sha256, &parsed, decoded.encoding) {
                        if !cache_warned {
                            diags.warning(c.dir(), None, format!("cannot write the cache: {e}"));
                            cache_warned = true;
                        }
                    }
                }
                (parsed, decoded.encoding)
            }
        };
        if encoding != "UTF-8" {
            diags.warning(
                path,
                None,
                format!("decoded from {encoding}; save it as UTF-8 to silence this"),
            );
        }
        corpus.files.push(InputFile {
            path: path.clone(),
            sha256,
            encoding,
        });
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut attributes = BTreeMap::new();
        let mut lines = BTreeMap::new();
        let (mut id, mut company) = (stem, None);
        for f in parsed.front_matter {
            lines.insert(f.key.clone(), f.line);
            match f.key.as_str() {
                "interview" => id = f.value,
                "company" => company = Some(f.value),
                _ => {
                    attributes.insert(f.key, f.value);
                }
            }
        }
        if parsed.segments.is_empty() {
            diags.warning(
                path,
                None,
                "no speaker turns found; nothing in this file is coded",
            );
        }
        if let Some(other) = corpus.interviews.iter().find(|i| i.id == id) {
            diags.error(
                path,
                lines.get("interview").copied(),
                format!(
                    "interview id `{id}` is also used by {}",
                    other.path.display()
                ),
            );
            continue;
        }
        corpus.interviews.push(Interview {
            company: company.unwrap_or_default(),
            id,
            path: path.clone(),
            attributes,
            segments: parsed.segments,
        });
        fm_lines.push(lines);
    }

    let sheet = dir.join(METADATA_FILE);
    if sheet.is_file() {
        let bytes = fs::read(&sheet).map_err(|source| Error::Read {
            path: sheet.clone(),
            source,
        })?;
        corpus.files.push(InputFile {
            path: sheet.clone(),
            sha256: sha256_hex(&bytes),
            encoding: "UTF-8",
        });
        match std::str::from_utf8(&bytes) {
            Ok(text) => {
                let rows = metadata::parse(text, &sheet, diags);
                merge_sheet(&mut corpus, &fm_lines, rows, &sheet, diags);
            }
            Err(e) => {
                let line = crate::diag::line_at(&bytes, e.valid_up_to());
                diags.error(
                    &sheet,
                    Some(line),
                    "is not UTF-8; save the sheet as CSV UTF-8",
                );
            }
        }
    }
    for iv in &mut corpus.interviews {
        if iv.company.is_empty() {
            iv.company = iv.id.clone();
        }
    }
    corpus.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(corpus)
}

/// The static name of an encoding read back from the cache.
fn encoding_name(name: &str) -> &'static str {
    [
        encoding_rs::UTF_16LE.name(),
        encoding_rs::UTF_16BE.name(),
        encoding_rs::WINDOWS_1252.name(),
    ]
    .into_iter()
    .find(|n| *n == name)
    .unwrap_or("UTF-8")
}

fn merge_sheet(
    corpus: &mut Corpus,
    fm_lines: &[BTreeMap<String, usize>],
    rows: Vec<metadata::Row>,
    sheet: &Path,
    diags: &mut Diagnostics,
) {
    for row in rows {
        let Some(pos) = corpus.interviews.iter().position(|i| i.id == row.interview) else {
            diags.error(
                sheet,
                Some(row.line),
                format!(
                    "interview `{}` has no transcript in the interviews folder",
                    row.interview
                ),
            );
            continue;
        };
        let iv = &mut corpus.interviews[pos];
        for (key, value) in row.values {
            let current = match key.as_str() {
                "company" => (!iv.company.is_empty()).then(|| iv.company.clone()),
                _ => iv.attributes.get(&key).cloned(),
            };
            match current {
                Some(cur) if cur != value => {
                    let fm_line = fm_lines[pos]
                        .get(&key)
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default();
                    diags.error(
                        sheet,
                        Some(row.line),
                        format!(
                            "`{key}` of interview `{}` is `{value}` here but `{cur}` in {}{fm_line}",
                            iv.id,
                            iv.path.display()
                        ),
                    );
                }
                Some(_) => {}
                None if key == "company" => iv.company = value,
                None => {
                    iv.attributes.insert(key, value);
                }
            }
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(read_err)?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_transcript(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_transcript(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("txt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn defaults_front_matter_and_sheet_merge() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(
            d,
            "a/IP01.md",
            "---\ncompany: C1\nsector: it\n---\nR: Hej.\n",
        );
        write(d, "IP02.txt", "R: Hej.\n");
        write(d, "notes.csv", "ignored");
        write(
            d,
            METADATA_FILE,
            "interview,sector,size\nIP01,it,1-9\nIP02,,10-49\n",
        );
        let mut diags = Diagnostics::new();
        let c = read_corpus(d, &Roles::default(), None, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags}");
        let got: Vec<(&str, &str, Vec<(&str, &str)>)> = c
            .interviews
            .iter()
            .map(|i| {
                let attrs = i
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                (i.id.as_str(), i.company.as_str(), attrs)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("IP02", "IP02", vec![("size", "10-49")]),
                ("IP01", "C1", vec![("sector", "it"), ("size", "1-9")]),
            ]
        );
        assert_eq!(c.files.len(), 3);
        assert_eq!(c.companies(), ["C1", "IP02"]);
    }

    #[test]
    fn conflicts_and_orphans_name_both_places() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "IP01.md", "---\nsector: tillverkning\n---\nR: Hej.\n");
        write(
            d,
            METADATA_FILE,
            "interview,sector\nIP01,logistik\nIP09,turism\n",
        );
        let mut diags = Diagnostics::new();
        read_corpus(d, &Roles::default(), None, &mut diags).unwrap();
        let sheet = d.join(METADATA_FILE).display().to_string();
        let md = d.join("IP01.md").display().to_string();
        assert_eq!(
            diags.to_string(),
            format!(
                "{sheet}:2: error: `sector` of interview `IP01` is `logistik` here but \
                 `tillverkning` in {md}:2\n\
                 {sheet}:3: error: interview `IP09` has no transcript in the interviews folder\n"
            )
        );
    }

    #[test]
    fn duplicate_ids_and_undecodable_files() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "a.md", "---\ninterview: X\n---\nR: a\n");
        write(d, "b.md", "---\ninterview: X\n---\nR: b\n");
        fs::write(d.join("c.md"), b"R: ok\n\x00\x01binary").unwrap();
        fs::write(d.join("d.md"), b"R: Vi beh\xF6ver\n").unwrap();
        let mut diags = Diagnostics::new();
        let c = read_corpus(d, &Roles::default(), None, &mut diags).unwrap();
        let p = |n: &str| d.join(n).display().to_string();
        assert_eq!(
            diags.to_string(),
            format!(
                "{}:2: error: interview id `X` is also used by {}\n\
                 {}:2: error: file is not text in UTF-8, UTF-16 (with byte-order mark) or \
                 Windows-1252 (control or NUL bytes found); save it as UTF-8\n\
                 {}: warning: decoded from windows-1252; save it as UTF-8 to silence this\n",
                p("b.md"),
                p("a.md"),
                p("c.md"),
                p("d.md")
            )
        );
        assert_eq!(c.interviews.last().unwrap().segments[0].text, "Vi behöver");
    }
}
