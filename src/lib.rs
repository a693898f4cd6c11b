//! skillgap is a batch pipeline for skills-gap interview studies: transcripts and a codebook in,
//! demand tables out. Each command is one function here; the stages are plain modules that hand
//! each other plain values:
//!
//! `ingest` (files -> interviews) -> `coding` (segments -> occurrences) -> `tally`
//! (occurrences -> tables) -> `report` (tables -> files).

pub mod codebook;
pub mod coding;
pub mod config;
pub mod diag;
pub mod diff;
pub mod files;
pub mod ingest;
pub mod kwic;
pub mod lint;
pub mod progress;
pub mod report;
pub mod tally;

use std::fmt;
use std::path::PathBuf;

use codebook::Codebook;
use config::{Inputs, RunConfig};
use diag::{Diagnostic, Diagnostics};
use ingest::{Corpus, Roles};

use report::manifest::{self, Manifest};

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

/// A validated codebook and the corpus read with it.
pub struct Loaded {
    pub codebook: Codebook,
    pub corpus: Corpus,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates the codebook, the transcripts and the metadata sheet, collecting every
/// problem. Returns `Error::Input` with all diagnostics if any is an error.
pub fn load(inputs: &Inputs) -> Result<Loaded, Error> {
    let mut diags = Diagnostics::new();
    let codebook = codebook::load(&inputs.codebook, &mut diags)?;
    let roles = match &codebook {
        Some(cb) => Roles::new(&cb.interviewer_labels),
        None => Roles::default(),
    };
    let cache = inputs.cache.as_deref().map(ingest::Cache::new);
    let corpus = ingest::read_corpus(&inputs.interviews, &roles, cache.as_ref(), &mut diags)?;
    if let Some(cb) = &codebook {
        validate_against_codebook(cb, &corpus, &mut diags);
    }
    match codebook {
        Some(codebook) if !diags.has_errors() => Ok(Loaded {
            codebook,
            corpus,
            warnings: diags.into_warnings(),
        }),
        _ => Err(Error::Input(diags)),
    }
}

fn validate_against_codebook(cb: &Codebook, corpus: &Corpus, diags: &mut Diagnostics) {
    for iv in &corpus.interviews {
        check_manual_codes(cb, &iv.path, &iv.segments, diags);
    }
    check_group_by(cb, corpus, diags);
}

/// Manual codes must be defined in the codebook.
fn check_manual_codes(
    cb: &Codebook,
    path: &std::path::Path,
    segments: &[ingest::Segment],
    diags: &mut Diagnostics,
) {
    for seg in segments {
        for mc in &seg.manual_codes {
            if cb.index_of(&mc.id).is_none() {
                diags.error(
                    path,
                    Some(mc.line),
                    format!(
                        "manual code `#{}` is not defined in the codebook {}",
                        mc.id,
                        cb.path.display()
                    ),
                );
            }
        }
    }
}

/// Warns about `group_by` attributes that some or all interviews lack.
fn check_group_by(cb: &Codebook, corpus: &Corpus, diags: &mut Diagnostics) {
    if corpus.interviews.is_empty() {
        return;
    }
    for attr in &cb.group_by {
        let missing: Vec<&str> = corpus
            .interviews
            .iter()
            .filter(|iv| !iv.attributes.contains_key(attr))
            .map(|iv| iv.id.as_str())
            .collect();
        if missing.len() == corpus.interviews.len() {
            diags.warning(
                &cb.path,
                None,
                format!("group_by attribute `{attr}` is given for no interview; by_{attr} will have one group `{}`", tally::MISSING),
            );
        } else if !missing.is_empty() {
            diags.warning(
                &cb.path,
                None,
                format!(
                    "group_by attribute `{attr}` is missing for {}: {}",
                    plural(missing.len(), "interview"),
                    missing.join(", ")
                ),
            );
        }
    }
}

/// A code's line in the run summary.
#[derive(Debug, Clone, PartialEq)]
pub struct TopCode {
    pub code: String,
    pub label: String,
    pub companies: u32,
    pub share: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// What a run did, for the closing summary.
#[derive(Debug, Clone)]
pub struct RunSummary {
    pub interviews: usize,
    pub companies: usize,
    pub segments: usize,
    pub coded_segments: usize,
    pub top: Vec<TopCode>,
    pub files: usize,
    pub out: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} from {}: {}, {} coded",
            plural(self.interviews, "interview"),
            plural(self.companies, "company"),
            plural(self.segments, "segment"),
            self.coded_segments
        )?;
        if !self.top.is_empty() {
            writeln!(
                f,
                "top codes by share of companies (95 % interval; codes with child codes left out):"
            )?;
            let w = self
                .top
                .iter()
                .map(|t| t.code.chars().count())
                .max()
                .unwrap_or(0);
            for t in &self.top {
                writeln!(
                    f,
                    "  {:<w$}  {:>5.1} %  {:>2}/{}  [{:.1}-{:.1} %]  {}",
                    t.code,
                    t.share * 100.0,
                    t.companies,
                    self.companies,
                    t.ci_low * 100.0,
                    t.ci_high * 100.0,
                    t.label
                )?;
            }
        }
        write!(f, "wrote {} files to {}", self.files, self.out.display())
    }
}

/// Cache entries unused for this long are removed after a run.
pub const CACHE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// The readable reports written beside the tables.
pub const REPORTS: [&str; 3] = ["report.xlsx", "report.html", "summary.md"];

/// One transcript read, coded and summarised by a worker, waiting to be merged in file order.
struct CodedFile {
    read: ingest::FileRead,
    /// Interview and company as written in the tables (pseudonyms in a pseudonymized run).
    interview: String,
    company: String,
    /// Place among the interviews: file order, or pseudonym order in a pseudonymized run.
    order: u64,
    tally: tally::InterviewTally,
    rows: tally::segments::InterviewRows,
    occurrences: usize,
}

/// Lends each worker thread a [`coding::Coder`] and takes it back, so that the coders' caches of
/// token types live for the whole run instead of one batch.
struct CoderPool<'m> {
    matcher: &'m coding::Matcher,
    idle: std::sync::Mutex<Vec<coding::Coder<'m>>>,
}

struct Lease<'p, 'm> {
    pool: &'p CoderPool<'m>,
    coder: Option<coding::Coder<'m>>,
}

impl<'m> CoderPool<'m> {
    fn lease(&self) -> Lease<'_, 'm> {
        let coder = self
            .idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .unwrap_or_else(|| coding::Coder::new(self.matcher));
        Lease {
            pool: self,
            coder: Some(coder),
        }
    }
}

impl Drop for Lease<'_, '_> {
    fn drop(&mut self) {
        if let (Some(coder), Ok(mut idle)) = (self.coder.take(), self.pool.idle.lock()) {
            idle.push(coder);
        }
    }
}

/// What the workers share.
struct Job<'a> {
    codebook: &'a Codebook,
    roles: Roles,
    cache: Option<ingest::Cache>,
    sheet: &'a ingest::Sheet,
    pseudonyms: Option<ingest::pseudonym::Pseudonymizer>,
    context: &'a tally::Context<'a>,
}

impl Job<'_> {
    /// Reads, codes and summarises the transcript at `path`, the `index`th file.
    fn code_file(
        &self,
        index: usize,
        path: &std::path::Path,
        coder: &mut coding::Coder<'_>,
    ) -> Result<CodedFile, Error> {
        let read = ingest::read_file(path, &self.roles, self.cache.as_ref())?;
        let mut out = CodedFile {
            interview: String::new(),
            company: String::new(),
            order: index as u64,
            tally: tally::InterviewTally::default(),
            rows: tally::segments::InterviewRows::default(),
            occurrences: 0,
            read,
        };
        let Some(t) = &out.read.transcript else {
            return Ok(out);
        };
        let mut problems = Diagnostics::new();
        check_manual_codes(self.codebook, path, &t.segments, &mut problems);
        let (mut interview, mut company) = self.sheet.company_of(path, &t.front_matter);
        let mut labels = None;
        if let Some(p) = &self.pseudonyms {
            interview = p.pseudonym("I", "interview", &interview);
            company = p.pseudonym("C", "company", &company);
            out.order = ingest::pseudonym::order_of(&interview);
            labels = Some(ingest::pseudonym::speaker_labels(&t.segments));
        }
        let occurrences = coding::code_interview(index as u32, &t.segments, self.codebook, coder);
        out.tally = self.context.summarize(out.order, &t.segments, &occurrences);
        if let Some((si, n)) = out.tally.crowded {
            problems.error(
                path,
                Some(t.segments[si as usize].line),
                format!(
                    "this turn is coded with {n} codes and their parent codes (at most {}); \
                     co-occurrence would count {} pairs in it. Do many codes share a term? \
                     `skillgap check` lists shared words",
                    tally::MAX_SEGMENT_CODES,
                    n * (n - 1) / 2
                ),
            );
        }
        out.rows = tally::segments::InterviewRows::new(
            &interview,
            &company,
            &t.segments,
            &occurrences,
            |seg| match &labels {
                Some(l) => l
                    .get(&seg.speaker)
                    .map_or(seg.speaker.as_str(), String::as_str),
                None => seg.speaker.as_str(),
            },
        );
        out.occurrences = occurrences.len();
        // The turns are in the tallies and rows now; only the front matter is still needed.
        if let Some(t) = &mut out.read.transcript {
            t.segments = Vec::new();
        }
        out.interview = interview;
        out.company = company;
        out.read.diags.extend(problems);
        Ok(out)
    }
}

/// `skillgap run`: codes the corpus, tallies, applies disclosure control and writes every table,
/// the reports and the manifest. The corpus streams through: transcripts are read, coded and
/// summarised in parallel batches and dropped once merged into the tallies.
pub fn run(cfg: &RunConfig) -> Result<RunSummary, Error> {
    use rayon::prelude::*;

    let started = manifest::now();
    let mut diags = Diagnostics::new();
    let codebook = match codebook::load(&cfg.inputs.codebook, &mut diags)? {
        Some(cb) if !diags.has_errors() => cb,
        // Read the transcripts all the same, to report every problem at once.
        _ => return Err(load(&cfg.inputs).err().unwrap_or(Error::Input(diags))),
    };
    let paths = ingest::transcript_paths(&cfg.inputs.interviews, &mut diags)?;
    let sheet = ingest::Sheet::read(&cfg.inputs.interviews)?;
    let policy = tally::disclose::Policy {
        min_cell: cfg.min_cell.unwrap_or(codebook.min_cell),
        include_text: cfg.include_text,
    };
    let matcher = coding::Matcher::new(&codebook).map_err(Error::Internal)?;
    let context = tally::Context::new(&codebook);
    let job = Job {
        codebook: &codebook,
        roles: Roles::new(&codebook.interviewer_labels),
        cache: cfg.inputs.cache.as_deref().map(ingest::Cache::new),
        sheet: &sheet,
        pseudonyms: cfg
            .salt
            .as_deref()
            .map(ingest::pseudonym::Pseudonymizer::new),
        context: &context,
    };
    let staging = report::Staging::new(&cfg.out)?;
    let mut segments = report::SegmentsWriter::new(
        staging.dir(),
        &codebook,
        &matcher,
        policy.omit_text(),
        job.pseudonyms.is_some(),
    )?;
    let mut tally = tally::Tally::new(&context);
    let mut registry = ingest::Registry::new();
    let mut occurrences = 0usize;
    let pool = CoderPool {
        matcher: &matcher,
        idle: std::sync::Mutex::new(Vec::new()),
    };
    let bar = progress::Progress::new(cfg.progress, paths.len() as u64, "coding");

    let mut merge = |batch: Vec<CodedFile>| -> Result<(), Error> {
        for mut f in batch {
            let admitted = registry.admit(&mut f.read, job.cache.as_ref(), false, &mut diags);
            // After the first error nothing will be written; reading goes on for the messages.
            if admitted.is_some() && !diags.has_errors() {
                occurrences += f.occurrences;
                tally.add(&f.interview, &f.company, f.tally);
                segments.push(f.order, f.rows)?;
            }
            bar.inc();
        }
        Ok(())
    };
    let code_batch = |first: usize, batch: &[std::path::PathBuf]| {
        batch
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let mut lease = pool.lease();
                let coder = lease.coder.as_mut().expect("leased");
                job.code_file(first + i, path, coder)
            })
            .collect::<Result<Vec<CodedFile>, Error>>()
    };
    // Code batch k+1 while batch k is merged into the tallies.
    use ingest::BATCH_FILES;
    let mut pending: Vec<CodedFile> = Vec::new();
    let mut batches = paths.chunks(BATCH_FILES).enumerate();
    loop {
        let next = batches.next();
        let (coded, merged) = rayon::join(
            || next.map(|(k, batch)| code_batch(k * BATCH_FILES, batch)),
            || merge(std::mem::take(&mut pending)),
        );
        merged?;
        match coded {
            Some(batch) => pending = batch?,
            None => break,
        }
    }
    bar.finish();
    // The coders' caches of token types are no longer needed.
    drop(pool);

    let mut corpus = registry.finish(sheet, &mut diags);
    check_group_by(&codebook, &corpus, &mut diags);
    if diags.has_errors() {
        return Err(Error::Input(diags));
    }
    let warnings = diags.into_warnings();
    if let Some(salt) = &cfg.salt {
        ingest::pseudonym::pseudonymize(&mut corpus, salt).map_err(Error::Usage)?;
    }
    let spinner = progress::Progress::spinner(cfg.progress, "tallying");
    let tables = tally
        .tables(&corpus)
        .map_err(Error::table("computing the tables"))?;
    let coded_segments = tally.coded_segments;
    let facet_companies = tally.facet_companies();
    // The counts are in the tables now; free them before the reports are built.
    drop(tally);
    let tables = tally::disclose::apply(tables, policy)
        .map_err(Error::table("applying disclosure control"))?;
    spinner.stage("writing tables");
    let mut all = vec![segments.finish()?];
    all.extend(tables);
    let mut tables = all;
    for t in &mut tables[1..] {
        report::write_table(staging.dir(), t)?;
    }

    let companies = corpus.companies().len();
    let finished = manifest::now();
    let pseudonymized = cfg.salt.is_some();
    let warning_list = if pseudonymized && !warnings.is_empty() {
        // Warnings name files, and file names carry ids.
        vec![format!(
            "{} (not listed in a pseudonymized run)",
            plural(warnings.len(), "warning")
        )]
    } else {
        warnings.iter().map(|w| w.to_string()).collect()
    };
    let manifest = Manifest {
        tool: manifest::TOOL,
        version: env!("CARGO_PKG_VERSION"),
        codebook: manifest::CodebookInfo {
            name: codebook.name.clone(),
            version: codebook.version.clone(),
            path: codebook.path.display().to_string(),
            sha256: codebook.sha256.clone(),
        },
        inputs: corpus
            .files
            .iter()
            .map(|f| manifest::InputInfo {
                path: f.path.display().to_string(),
                sha256: f.sha256.clone(),
                encoding: f.encoding.to_owned(),
            })
            .collect(),
        options: manifest::Options {
            interviews: cfg.inputs.interviews.display().to_string(),
            codebook: cfg.inputs.codebook.display().to_string(),
            out: cfg.out.display().to_string(),
            language: codebook.language.as_str().to_owned(),
            negation_window: codebook.negation_window,
            code_interviewer: codebook.code_interviewer,
            group_by: codebook.group_by.clone(),
            min_cell: policy.min_cell,
            include_text: !policy.omit_text(),
            pseudonymized,
            report_language: match cfg.lang {
                report::html::Language::Sv => "sv",
                report::html::Language::En => "en",
            }
            .to_owned(),
        },
        counts: manifest::Counts {
            interviews: corpus.interviews.len(),
            companies,
            segments: corpus.segment_count(),
            coded_segments,
            codes: codebook.codes.len(),
            occurrences,
            cached_files: corpus.cached_files,
        },
        tables: tables.iter().map(|t| t.name.clone()).collect(),
        reports: REPORTS.iter().map(|r| r.to_string()).collect(),
        warnings: warning_list,
        started: started.clone(),
        finished: finished.clone(),
    };

    let data = report::data::build(
        &tables,
        &codebook,
        report::data::Counts {
            interviews: corpus.interviews.len(),
            companies,
            segments: corpus.segment_count(),
            coded_segments,
        },
        report::data::Provenance {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            codebook_name: codebook.name.clone(),
            codebook_version: codebook.version.clone(),
            codebook_sha256: codebook.sha256.clone(),
            inputs: corpus.files.len(),
            started,
            finished,
            min_cell: policy.min_cell,
            pseudonymized,
            text_included: !policy.omit_text(),
        },
        facet_companies,
    )
    .map_err(Error::table("gathering the report data"))?;
    // The report's ranking, less suppressed codes; the interval from the counts, not the
    // table's rounded bounds, to round only once.
    let top = data
        .top_codes(5)
        .into_iter()
        .filter_map(|c| {
            let k = c.companies.filter(|&k| k > 0)?;
            let (ci_low, ci_high) = tally::stats::wilson(k, companies as u32);
            Some(TopCode {
                code: c.id.clone(),
                label: c.label.clone(),
                companies: k,
                share: tally::stats::share(k, companies as u32),
                ci_low,
                ci_high,
            })
        })
        .collect();
    spinner.stage("writing reports");
    report::write_reports(staging.dir(), &tables, &data, cfg.lang)?;
    spinner.finish();

    let manifest_path = staging.dir().join("manifest.json");
    let json =
        serde_json::to_string_pretty(&manifest).map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(&manifest_path, json + "\n").map_err(|source| Error::Write {
        path: manifest_path,
        source,
    })?;
    staging.commit()?;
    if let Some(dir) = &cfg.inputs.cache {
        ingest::Cache::new(dir).prune(CACHE_MAX_AGE);
    }

    Ok(RunSummary {
        interviews: corpus.interviews.len(),
        companies,
        segments: corpus.segment_count(),
        coded_segments,
        top,
        files: tables.len() * 2 + 1 + REPORTS.len(),
        out: cfg.out.clone(),
        warnings,
    })
}

/// What `skillgap check` found.
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    pub interviews: usize,
    pub segments: usize,
    pub codes: usize,
}

/// `skillgap check`: validates the codebook, transcripts and metadata without writing anything,
/// and when they are valid, lints the codebook against the corpus (warnings only).
pub fn check(inputs: &Inputs, lint_options: lint::Options) -> Result<CheckReport, Error> {
    match load(inputs) {
        Ok(loaded) => {
            let mut diagnostics = Diagnostics::new();
            for w in loaded.warnings {
                diagnostics.warning(&w.path, w.line, w.message);
            }
            let lints = lint::lint(&loaded.codebook, &loaded.corpus, lint_options)
                .map_err(Error::Internal)?;
            diagnostics.extend(lints);
            Ok(CheckReport {
                diagnostics,
                interviews: loaded.corpus.interviews.len(),
                segments: loaded.corpus.segment_count(),
                codes: loaded.codebook.codes.len(),
            })
        }
        Err(Error::Input(diagnostics)) => Ok(CheckReport {
            diagnostics,
            interviews: 0,
            segments: 0,
            codes: 0,
        }),
        Err(e) => Err(e),
    }
}

/// A codebook format for `skillgap codebook`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodebookFormat {
    Csv,
    Toml,
}

/// `skillgap codebook export|import`: reads and validates a codebook (TOML or CSV, by
/// extension) and renders it in `format`. Returns the text and the warnings.
pub fn convert_codebook(
    path: &std::path::Path,
    format: CodebookFormat,
) -> Result<(String, Vec<Diagnostic>), Error> {
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "--codebook: `{}` is not a file",
            path.display()
        )));
    }
    let mut diags = Diagnostics::new();
    match codebook::load(path, &mut diags)? {
        Some(cb) if !diags.has_errors() => {
            let text = match format {
                CodebookFormat::Csv => codebook::csv::export_csv(&cb),
                CodebookFormat::Toml => codebook::csv::export_toml(&cb),
            };
            Ok((text, diags.into_warnings()))
        }
        _ => Err(Error::Input(diags)),
    }
}

pub use files::write_file;
