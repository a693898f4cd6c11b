//! Ingest turns the interviews folder into interviews: every transcript (`*.md`, `*.txt`,
//! recursively, in sorted order) decoded, NFC-normalised and parsed into segments, with its
//! attributes merged from its front matter and the metadata sheet `metadata.csv`. A REFI-QDA
//! project (`--interviews project.qdpx`) is a corpus as well: each of its text sources is one
//! interview ([`qdpx`]), with `metadata.csv` beside the project.

pub mod cache;
pub mod decode;
pub mod docx;
pub mod metadata;
pub mod otter;
pub mod pseudonym;
pub mod qdpx;
pub mod reader;
pub mod srt;
pub mod table;
pub mod text;
pub mod transcript;
pub mod vtt;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

pub use transcript::{ManualCode, Role, Roles, Segment};

use crate::diag::{quote, Diagnostics};
use crate::files::sha256_hex;
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
    /// Shared between interviews with the same ones: a table of half a million job ads has a
    /// few dozen combinations of attributes, not half a million.
    pub attributes: std::sync::Arc<BTreeMap<String, String>>,
    /// The turns, where kept (a run codes them as it reads and keeps none).
    pub segments: Vec<Segment>,
    /// How many turns the transcript has.
    pub n_segments: usize,
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
        self.interviews.iter().map(|i| i.n_segments).sum()
    }

    /// Distinct companies, sorted.
    pub fn companies(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self.interviews.iter().map(|i| i.company.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c
    }
}

/// The transcripts under `dir` (`*.md`, `*.txt`, `*.docx`, `*.vtt`, `*.srt`, recursively, hidden entries skipped), sorted.
/// An empty folder is an error in `diags`; a folder that cannot be read is an `Err`.
pub fn transcript_paths(dir: &Path, diags: &mut Diagnostics) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "the interviews folder `{}` does not exist (pass --interviews DIR)",
            dir.display()
        )));
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths, diags)?;
    paths.sort();
    if paths.is_empty() {
        diags.error(
            dir,
            None,
            "no transcripts (*.md, *.txt, *.docx, *.vtt or *.srt) in this folder",
        );
    }
    Ok(paths)
}

/// What `--interviews` names: transcript files under a folder, or a REFI-QDA project's text
/// sources.
pub enum Inputs {
    Files {
        dir: PathBuf,
        paths: Vec<PathBuf>,
    },
    Project(Box<qdpx::Project>),
    /// One document per row, read as a stream by [`table::Rows`], not by index.
    Table(Box<table::Table>),
}

impl Inputs {
    /// How many inputs there are (files, or sources of the project).
    pub fn len(&self) -> usize {
        match self {
            Inputs::Files { paths, .. } => paths.len(),
            Inputs::Project(p) => p.sources.len(),
            Inputs::Table(_) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The folder that holds `metadata.csv`: the interviews folder, or the project's folder.
    pub fn sheet_dir(&self) -> PathBuf {
        match self {
            Inputs::Files { dir, .. } => dir.clone(),
            Inputs::Project(p) => parent(&p.path),
            Inputs::Table(t) => parent(&t.path),
        }
    }

    /// Reads input `i`: a file by [`read_file`], a project's source by [`qdpx::read_source`]
    /// (never cached: the project is read whole once).
    pub fn read(&self, i: usize, roles: &Roles, cache: Option<&Cache>) -> Result<FileRead, Error> {
        let p = match self {
            Inputs::Files { paths, .. } => return read_file(&paths[i], roles, cache),
            Inputs::Project(p) => p,
            Inputs::Table(_) => {
                return Err(Error::Internal(
                    "a table's rows are read by table::Rows, not by index".into(),
                ))
            }
        };
        let mut diags = Diagnostics::new();
        let src = &p.sources[i];
        let read = match qdpx::read_source(p, i, roles, &mut diags) {
            Ok(r) => r,
            Err(e) => {
                diags.error(&e.path, e.line, e.message);
                None
            }
        };
        let path = match &read {
            Some(r) => r.path.clone(),
            None => PathBuf::from(format!("{}:{}", p.path.display(), src.text_path)),
        };
        Ok(FileRead {
            path,
            sha256: read.as_ref().map(|r| r.sha256.clone()).unwrap_or_default(),
            encoding: "UTF-8",
            n_segments: read.as_ref().map_or(0, |r| r.transcript.segments.len()),
            transcript: read.map(|r| r.transcript),
            cached: false,
            cache_error: None,
            diags,
        })
    }
}

/// The folder of a file, `.` for a bare name.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The inputs `path` names: a REFI-QDA project (`*.qdpx`), a table of one document per row
/// (`*.csv`, `*.jsonl`: see [`table`], read with `columns`, keeping the attributes `keep`), or
/// the transcripts under a folder ([`transcript_paths`]). A project that cannot be opened is an
/// error in `diags` and no input.
pub fn inputs(
    path: &Path,
    columns: &table::Columns,
    keep: &[String],
    diags: &mut Diagnostics,
) -> Result<Inputs, Error> {
    if table::is_table(path) && path.is_file() {
        return Ok(Inputs::Table(Box::new(table::Table::open(
            path, columns, keep,
        )?)));
    }
    if !columns.text.is_empty() {
        return Err(Error::Usage(format!(
            "--text-column is for a table of one document per row (--interviews FILE.csv or \
             FILE.jsonl); `{}` is not one",
            path.display()
        )));
    }
    if qdpx::is_project(path) && path.is_file() {
        return Ok(match qdpx::open(path) {
            Ok(p) => {
                for (kind, n) in &p.skipped {
                    diags.warning(
                        path,
                        None,
                        format!(
                            "{}: skillgap reads text sources only",
                            crate::plural(*n, kind)
                        ),
                    );
                }
                if p.sources.is_empty() {
                    diags.error(path, None, "the project has no text sources");
                }
                Inputs::Project(Box::new(p))
            }
            Err(e) => {
                diags.error(&e.path, e.line, e.message);
                Inputs::Files {
                    dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    paths: Vec::new(),
                }
            }
        });
    }
    Ok(Inputs::Files {
        dir: path.to_path_buf(),
        paths: transcript_paths(path, diags)?,
    })
}

/// One transcript file as read on its own: what can be done without the other files, so that
/// files can be read in parallel. Problems are in `diags`; `transcript` is `None` when the file
/// could not be decoded.
pub struct FileRead {
    pub path: PathBuf,
    pub sha256: String,
    pub encoding: &'static str,
    pub transcript: Option<transcript::Transcript>,
    pub cached: bool,
    /// How many turns the transcript has (kept when a run drops the turns after coding them).
    pub n_segments: usize,
    /// Why the cache could not be written, if it could not.
    pub cache_error: Option<String>,
    pub diags: Diagnostics,
}

/// Reads, decodes and parses one transcript, or takes it from the cache.
pub fn read_file(path: &Path, roles: &Roles, cache: Option<&Cache>) -> Result<FileRead, Error> {
    let mut read = FileRead {
        path: path.to_path_buf(),
        sha256: String::new(),
        encoding: "UTF-8",
        transcript: None,
        cached: false,
        n_segments: 0,
        cache_error: None,
        diags: Diagnostics::new(),
    };
    let size = fs::metadata(path).map_or(0, |m| m.len());
    let docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if docx && size > docx::MAX_DOCX_BYTES {
        read.diags.error(
            path,
            None,
            format!(
                "is {:.0} MB; skillgap reads Word files of at most {} MB",
                size as f64 / 1e6,
                docx::MAX_DOCX_BYTES >> 20
            ),
        );
        return Ok(read);
    }
    if !docx && size > MAX_TRANSCRIPT_BYTES {
        read.diags.error(
            path,
            None,
            format!(
                "is {:.0} MB; a transcript may have at most {} MB (a two-hour interview is \
                 well under 1 MB): is it a transcript?",
                size as f64 / 1e6,
                MAX_TRANSCRIPT_BYTES >> 20
            ),
        );
        return Ok(read);
    }
    let bytes = crate::files::read_regular(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    read.sha256 = sha256_hex(&bytes);
    let Some(reader) = reader::reader_for(path, bytes.get(..256).unwrap_or(&bytes)) else {
        read.diags.error(
            path,
            None,
            format!(
                "is not a format skillgap reads (it reads {})",
                reader::EXTENSIONS.map(|e| format!("*.{e}")).join(", ")
            ),
        );
        return Ok(read);
    };
    // The same bytes read by another reader (a `.txt` renamed `.vtt`) parse differently.
    let key = format!("{}-{}", reader.format(), read.sha256);
    if let Some((mut parsed, encoding)) = cache.and_then(|c| c.get(&key)) {
        // Roles depend on the codebook's interviewer labels, so they are not cached.
        for seg in &mut parsed.segments {
            seg.role = roles.role(&seg.speaker);
        }
        read.cached = true;
        read.encoding = encoding_name(&encoding);
        read.n_segments = parsed.segments.len();
        read.transcript = Some(parsed);
        return Ok(read);
    }
    let Some(reader::Read {
        transcript: parsed,
        encoding,
    }) = reader.read(bytes, path, roles, &mut read.diags)
    else {
        return Ok(read);
    };
    // Files with problems are parsed again next time, so their messages repeat.
    if let (Some(c), true) = (cache, read.diags.is_empty()) {
        if let Err(e) = c.put(&key, &parsed, encoding) {
            read.cache_error = Some(e);
        }
    }
    read.encoding = encoding;
    read.n_segments = parsed.segments.len();
    read.transcript = Some(parsed);
    Ok(read)
}

/// The text in Unicode normal form C. Most text already is, which two checks tell without
/// building a copy: [`plainly_nfc`] for Latin text, else the quick check of the standard.
pub(crate) fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if plainly_nfc(text.as_bytes()) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// True for UTF-8 text whose characters are all below U+0300 (ASCII, Latin-1, Latin Extended-A
/// and -B: bytes below 0xCC) or common punctuation (dashes, quotation marks, bullet, ellipsis,
/// euro sign). All of them are in NFC and combine with nothing, so such text is in NFC.
fn plainly_nfc(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0xCC {
            i += 1;
            continue;
        }
        match bytes.get(i..i + 3) {
            Some([0xE2, 0x80, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0x9E | 0xA2 | 0xA6])
            | Some([0xE2, 0x82, 0xAC]) => i += 3,
            _ => return false,
        }
    }
    true
}

/// The front matter keys of one interview and their lines, compactly: the keys are shared
/// between the interviews that have the same ones (every row of a table has).
struct FieldLines {
    keys: std::sync::Arc<[Box<str>]>,
    lines: Box<[u32]>,
}

impl FieldLines {
    fn line(&self, key: &str) -> Option<usize> {
        let i = self.keys.iter().position(|k| **k == *key)?;
        Some(self.lines[i] as usize)
    }
}

/// The interviews read so far, admitted one file at a time in path order: ids are checked for
/// duplicates and attributes taken from the front matter. [`Registry::finish`] merges the
/// metadata sheet. Keeping segments is the caller's choice, so a run can code and drop them.
#[derive(Default)]
pub struct Registry {
    corpus: Corpus,
    /// Per interview: front matter key -> line, for messages about conflicts with the sheet.
    fm_lines: Vec<FieldLines>,
    /// The distinct sets of front matter keys admitted, each held once.
    key_sets: std::collections::HashSet<std::sync::Arc<[Box<str>]>>,
    /// The distinct attribute sets admitted, each held once.
    attribute_sets: std::collections::HashSet<std::sync::Arc<BTreeMap<String, String>>>,
    ids: std::collections::HashMap<String, usize>,
    cache_warned: bool,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Records an input file read as a whole elsewhere (a table, after its last row).
    pub fn add_file(&mut self, file: InputFile) {
        self.corpus.files.push(file);
    }

    /// Admits one file read by [`read_file`] under its `identity` (from [`Sheet::identity`];
    /// `None` for a file that could not be read). The segments are kept only with
    /// `keep_segments` (a run codes them as it reads and keeps none). Returns the index of the
    /// new interview, or `None` if the file yields none.
    pub fn admit(
        &mut self,
        read: &mut FileRead,
        identity: Option<Identity>,
        cache: Option<&Cache>,
        keep_segments: bool,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        diags.extend(std::mem::take(&mut read.diags));
        if let (Some(e), Some(c), false) = (&read.cache_error, cache, self.cache_warned) {
            diags.warning(c.dir(), None, format!("cannot write the cache: {e}"));
            self.cache_warned = true;
        }
        let parsed = read.transcript.as_mut()?;
        let identity = identity?;
        let path = &read.path;
        self.corpus.cached_files += usize::from(read.cached);
        if read.encoding != "UTF-8" {
            diags.warning(
                path,
                None,
                format!(
                    "decoded from {}; save it as UTF-8 to silence this",
                    read.encoding
                ),
            );
        }
        // Rows of a table have no checksum of their own; the table's is added once.
        if !read.sha256.is_empty() {
            self.corpus.files.push(InputFile {
                path: path.clone(),
                sha256: read.sha256.clone(),
                encoding: read.encoding,
            });
        }
        let Identity {
            id,
            company,
            attributes,
            lines,
        } = identity;
        if read.n_segments == 0 {
            diags.warning(
                path,
                None,
                "no speaker turns found (a turn starts with `Label:` or `[Label]`); nothing in \
                 this file is coded (if all of it is one speaker's, put `R:` before its text)",
            );
        }
        if let Some(&other) = self.ids.get(&id) {
            diags.error(
                path,
                lines.get("interview").copied(),
                format!(
                    "interview id `{}` is also used by {}",
                    quote(&id),
                    crate::diag::shown(&self.corpus.interviews[other].path)
                ),
            );
            return None;
        }
        let n_segments = read.n_segments;
        let segments = if keep_segments {
            std::mem::take(&mut parsed.segments)
        } else {
            Vec::new()
        };
        self.ids.insert(id.clone(), self.corpus.interviews.len());
        let attributes = match self.attribute_sets.get(&attributes) {
            Some(shared) => shared.clone(),
            None => {
                let shared = std::sync::Arc::new(attributes);
                self.attribute_sets.insert(shared.clone());
                shared
            }
        };
        self.corpus.interviews.push(Interview {
            company,
            id,
            path: path.clone(),
            attributes,
            segments,
            n_segments,
        });
        let keys: Vec<Box<str>> = lines.keys().map(|k| k.as_str().into()).collect();
        let keys = match self.key_sets.get(keys.as_slice()) {
            Some(shared) => shared.clone(),
            None => {
                let shared: std::sync::Arc<[Box<str>]> = keys.into();
                self.key_sets.insert(shared.clone());
                shared
            }
        };
        self.fm_lines.push(FieldLines {
            keys,
            lines: lines.into_values().map(|l| l as u32).collect(),
        });
        Some(self.corpus.interviews.len() - 1)
    }

    /// Merges the metadata sheet into the interviews admitted and returns the corpus.
    pub fn finish(mut self, sheet: Sheet, diags: &mut Diagnostics) -> Corpus {
        if let Some(file) = sheet.file {
            self.corpus.files.push(file);
        }
        diags.extend(sheet.diags);
        merge_sheet(
            &mut self.corpus,
            &self.ids,
            &self.fm_lines,
            sheet.rows,
            &sheet.path,
            diags,
        );
        for iv in &mut self.corpus.interviews {
            if iv.company.is_empty() {
                iv.company = iv.id.clone();
            }
        }
        self.corpus.files.sort_by(|a, b| a.path.cmp(&b.path));
        self.corpus
    }
}

/// Who an interview is: its id (the front matter's `interview`, else the file stem), its
/// company (the front matter's, else the metadata sheet's, else the id), its other attributes
/// from the front matter, and the line of each front matter key, for messages.
#[derive(Debug, Clone)]
pub struct Identity {
    pub id: String,
    pub company: String,
    pub attributes: BTreeMap<String, String>,
    pub lines: BTreeMap<String, usize>,
}

/// The metadata sheet, read before the transcripts and merged after them.
#[derive(Debug, Default)]
pub struct Sheet {
    path: PathBuf,
    file: Option<InputFile>,
    rows: Vec<metadata::Row>,
    /// Problems found reading it, reported after those of the transcripts.
    diags: Diagnostics,
    companies: std::collections::HashMap<String, String>,
}

impl Sheet {
    /// Reads `metadata.csv` in `dir`, if there is one.
    pub fn read(dir: &Path) -> Result<Sheet, Error> {
        let path = dir.join(METADATA_FILE);
        let mut sheet = Sheet {
            path: path.clone(),
            ..Sheet::default()
        };
        if fs::symlink_metadata(&path).is_err() {
            return Ok(sheet);
        }
        let bytes = crate::files::read_regular(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        sheet.file = Some(InputFile {
            path: path.clone(),
            sha256: sha256_hex(&bytes),
            encoding: "UTF-8",
        });
        match std::str::from_utf8(&bytes) {
            Ok(text) => sheet.rows = metadata::parse(text, &path, &mut sheet.diags),
            Err(e) => {
                let line = crate::diag::line_at(&bytes, e.valid_up_to());
                sheet.diags.error(
                    &path,
                    Some(line),
                    "is not UTF-8; save the sheet as CSV UTF-8",
                );
            }
        }
        sheet.companies = sheet
            .rows
            .iter()
            .filter_map(|r| Some((r.interview.clone(), r.values.get("company")?.clone())))
            .collect();
        Ok(sheet)
    }

    /// The identity of the transcript at `path` with this front matter: the one rule for an
    /// interview's id and company. The company is settled before the sheet's other attributes
    /// are merged, so that a run can tally companies as it goes.
    pub fn identity(&self, path: &Path, front_matter: &[transcript::Field]) -> Identity {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut attributes = BTreeMap::new();
        let mut lines = BTreeMap::new();
        let (mut id, mut company) = (stem, None);
        for f in front_matter {
            lines.insert(f.key.clone(), f.line);
            match f.key.as_str() {
                "interview" => id = f.value.clone(),
                "company" => company = Some(f.value.clone()),
                _ => {
                    attributes.insert(f.key.clone(), f.value.clone());
                }
            }
        }
        let company = company
            .or_else(|| self.companies.get(&id).cloned())
            .unwrap_or_else(|| id.clone());
        Identity {
            id,
            company,
            attributes,
            lines,
        }
    }
}

/// Reads every transcript under `dir` and the metadata sheet beside them, keeping every segment
/// (for tests; commands stream the corpus through the pipeline).
/// Problems in the files go to `diags`; only a folder that cannot be read at all is an `Err`.
#[cfg(test)]
pub fn read_corpus(
    dir: &Path,
    roles: &Roles,
    cache: Option<&Cache>,
    diags: &mut Diagnostics,
) -> Result<Corpus, Error> {
    use rayon::prelude::*;
    let paths = transcript_paths(dir, diags)?;
    let sheet = Sheet::read(dir)?;
    let mut registry = Registry::new();
    for chunk in paths.chunks(BATCH_FILES) {
        let reads: Vec<FileRead> = chunk
            .par_iter()
            .map(|p| read_file(p, roles, cache))
            .collect::<Result<_, _>>()?;
        for mut read in reads {
            let identity = read
                .transcript
                .as_ref()
                .map(|t| sheet.identity(&read.path, &t.front_matter));
            registry.admit(&mut read, identity, cache, true, diags);
        }
    }
    Ok(registry.finish(sheet, diags))
}

/// The largest transcript read. Every turn of a file is held while it is coded, at several
/// times the file's size, and an interview is well under 1 MB: a larger file is most likely
/// not a transcript (a log, a data export), and refusing it keeps a run's memory bounded.
pub const MAX_TRANSCRIPT_BYTES: u64 = 16 << 20;

/// Transcripts read (and, in a run, coded) in parallel at a time: a bound on the text held by
/// files read but not yet admitted. It does not depend on the number of threads, so neither do
/// the outputs.
pub const BATCH_FILES: usize = 64;

/// Rows of a table read per batch: rows are small, so a batch holds many to keep the workers
/// busy, and few enough (a few MB of text) to keep memory bounded.
pub const BATCH_ROWS: usize = 2048;

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
    index: &std::collections::HashMap<String, usize>,
    fm_lines: &[FieldLines],
    rows: Vec<metadata::Row>,
    sheet: &Path,
    diags: &mut Diagnostics,
) {
    for row in rows {
        let Some(&pos) = index.get(&row.interview) else {
            diags.error(
                sheet,
                Some(row.line),
                format!(
                    "interview `{}` has no transcript in the interviews folder",
                    quote(&row.interview)
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
                    let fm_line = fm_lines[pos].line(&key);
                    diags.error(
                        sheet,
                        Some(row.line),
                        format!(
                            "`{}` of interview `{}` is `{}` here but `{}` in {}",
                            quote(&key),
                            quote(&iv.id),
                            quote(&value),
                            quote(&cur),
                            crate::diag::at(&iv.path, fm_line)
                        ),
                    );
                }
                Some(_) => {}
                None if key == "company" => iv.company = value,
                None => {
                    std::sync::Arc::make_mut(&mut iv.attributes).insert(key, value);
                }
            }
        }
    }
}

/// Collects the transcripts under `dir`. Only regular files (and links to them) are read: a FIFO
/// would block the run and a link to a device would be read without end, so both are refused.
/// A skillgap output folder inside the interviews folder (`--out interviews/out`) is skipped
/// with a warning, so a run never reads its own reports back as interviews.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, diags: &mut Diagnostics) -> Result<(), Error> {
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name();
        // Hidden entries, and the owner files (`~$name.docx`) Word keeps beside an open file.
        let shown = name.to_string_lossy();
        if shown.starts_with('.') || shown.starts_with("~$") {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(read_err)?;
        if kind.is_dir() {
            if crate::files::is_output_folder(&path) {
                diags.warning(
                    &path,
                    None,
                    "skipped: a skillgap output folder, not transcripts (write --out outside \
                     the interviews folder)",
                );
                continue;
            }
            walk(&path, out, diags)?;
        } else if reader::claims(&path) {
            // Follows a link to what it points at.
            match fs::metadata(&path) {
                Ok(m) if m.is_file() => out.push(path),
                Ok(m) => diags.error(
                    &path,
                    None,
                    format!(
                        "is {}, not a regular file; only files (and links to files) are read",
                        crate::files::kind_of(&m.file_type())
                    ),
                ),
                Err(e) => diags.error(&path, None, format!("cannot be read: {e}")),
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod nfc_tests {
    use super::nfc;

    #[test]
    fn normalises_only_what_needs_it() {
        assert_eq!(nfc("Räksmörgås ŁÆ".into()), "Räksmörgås ŁÆ");
        // `a` + combining ring above, `o` + combining diaeresis.
        assert_eq!(nfc("ra\u{30A}ka o\u{308}l".into()), "råka öl");
        assert_eq!(nfc("– “citat” \u{212B}".into()), "– “citat” \u{C5}");
        assert!(super::plainly_nfc("Ärligt – ”så” … 5 €".as_bytes()));
        assert!(!super::plainly_nfc("\u{2000}".as_bytes()));
        assert!(!super::plainly_nfc("o\u{308}".as_bytes()));
    }
}

#[cfg(test)]
mod shared_transcripts {
    use super::*;

    /// Every transcript export in ../shared/data/transcripts reads into turns, or yields none and
    /// is then refused with the warning that says why. The turns of each format are checked
    /// exactly beside its reader; here every file is accounted for.
    #[test]
    fn every_file_here_reads_or_is_refused() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/transcripts");
        let Ok(entries) = fs::read_dir(&dir) else {
            eprintln!("skipped: {} not found", dir.display());
            return;
        };
        let mut got: Vec<(String, usize)> = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() || name == "NOTES.md" || name.ends_with(".json") {
                continue;
            }
            let mut read = read_file(&e.path(), &Roles::default(), None).unwrap();
            assert!(!read.diags.has_errors(), "{name}: {}", read.diags);
            let mut registry = Registry::new();
            let identity = Sheet::default().identity(&e.path(), &[]);
            let mut diags = Diagnostics::new();
            registry.admit(&mut read, Some(identity), None, false, &mut diags);
            if read.n_segments == 0 {
                assert!(
                    diags
                        .to_string()
                        .contains("warning: no speaker turns found"),
                    "{name}: {diags}"
                );
            }
            got.push((name, read.n_segments));
        }
        got.sort();
        let got: Vec<(&str, usize)> = got.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        assert_eq!(got, EXPECTED);
    }

    /// Turns per file. The Word files without speaker labels (python-docx and docx4j test
    /// documents) have none and are refused, as is Whisper's plain text.
    const EXPECTED: [(&str, usize); 36] = [
        ("comments-overlapping-replies.docx", 0),
        ("comments-range-and-point.docx", 0),
        ("comments-rich-content.docx", 0),
        ("comments-spanning-paragraphs-tables.docx", 0),
        ("otter-export.txt", 2),
        ("paragraphs-and-tables.docx", 0),
        // `[id1] text` speakers
        ("qualcoder-bracket-speakers.txt", 7),
        ("srt-bom-mixed-timestamps.srt", 2),
        ("srt-cr-line-endings.srt", 1),
        ("srt-missing-sequence-numbers.srt", 2),
        ("srt-speaker-prefix.srt", 2),
        ("srt-styled-tags.srt", 1),
        ("srt-utf16le.srt", 2),
        ("table-merged-cells.docx", 0),
        ("teams-guid-multiline-interview.vtt", 12),
        ("teams-guid-nonpadded.vtt", 3),
        ("teams-stream-overlap.vtt", 2),
        ("teams-voice-tags-meeting.vtt", 9),
        ("teams-voice-tags.vtt", 2),
        // `Link 1: …` paragraphs are `Label:` turns, as in a text file
        ("tracked-changes.docx", 3),
        ("webvtt-bom.vtt", 1),
        ("webvtt-cue-identifiers.vtt", 1),
        ("webvtt-escaped-entities.vtt", 1),
        ("webvtt-mmss-inline-timestamps.vtt", 1),
        ("webvtt-note-style-region-mixed.vtt", 2),
        // cues without speakers: one turn of `R`
        ("webvtt-notes-swedish-dialogue.vtt", 1),
        ("webvtt-regions-voice-unclosed.vtt", 2),
        ("webvtt-style-note-blocks.vtt", 1),
        ("whisper-jfk.srt", 1),
        // no speakers: refused with the no-turns warning
        ("whisper-jfk.txt", 0),
        ("whisper-jfk.vtt", 1),
        ("wpt-cue-tags.vtt", 4),
        ("wpt-newlines.vtt", 1),
        ("wpt-timings-omitted-hours.vtt", 1),
        ("youtube-autocaption-header.vtt", 1),
        ("zoom-speaker-prefix.vtt", 3),
    ];
}
