//! `skillgap run` codes the corpus and writes the study: every table (CSV and Parquet), the
//! reports and the manifest, into a staging folder that replaces the output folder only when
//! everything is written. It reads as its stages: load the codebook, stream the corpus into the
//! tallies and the segments writer, build the tables, apply disclosure control, write.

use std::fmt;
use std::path::PathBuf;

use crate::codebook::Codebook;
use crate::coding::Matcher;
use crate::config::RunConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::{self, Corpus};
use crate::pipeline::{self, Interview, Sink, Study};
use crate::progress::Progress;
use crate::report::{self, manifest, manifest::Manifest, Language};
use crate::tally::{self, disclose::Policy, Kind, Table};
use crate::{plural, Error};

/// A code's line in the run summary.
#[derive(Debug, Clone, PartialEq)]
pub struct TopCode {
    pub code: String,
    pub label: String,
    pub companies: u32,
    pub share: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// For a code with sub-codes: how many it has, and the companies counted through the
    /// code itself (`None` where suppressed).
    pub group: Option<(usize, Option<u32>)>,
}

/// One line of the combination figure in the run summary: companies, share and interval, or
/// `None` where suppressed.
pub type Figure = Option<(u32, f64, f64, f64)>;

/// What a run did, for the closing summary.
#[derive(Debug, Clone)]
pub struct RunSummary {
    pub interviews: usize,
    pub companies: usize,
    pub segments: usize,
    pub coded_segments: usize,
    pub top: Vec<TopCode>,
    /// Companies naming a specialist and a domain skill in one answer and anywhere; `None`
    /// where the codebook has no specialist or no domain codes.
    pub combination: Option<(Figure, Figure)>,
    /// `top` counts companies that need a code (stance on), not companies that mention it.
    pub need: bool,
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
        let basis = if self.need {
            "that need them"
        } else {
            "that mention them"
        };
        if !self.top.is_empty() {
            writeln!(
                f,
                "top codes by share of companies {basis} (95 % interval; a code with sub-codes \
                 counts them, `direct` is the code itself):"
            )?;
            let w = self
                .top
                .iter()
                .map(|t| t.code.chars().count())
                .max()
                .unwrap_or(0);
            for t in &self.top {
                write!(
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
                if let Some((children, direct)) = t.group {
                    let direct = direct.map_or_else(|| "suppressed".to_owned(), |d| d.to_string());
                    write!(
                        f,
                        "  (group of {}; direct {direct}/{})",
                        plural(children, "sub-code"),
                        self.companies
                    )?;
                }
                writeln!(f)?;
            }
        }
        if let Some((same, anywhere)) = &self.combination {
            let show = |x: &Figure| match x {
                Some((k, share, lo, hi)) => format!(
                    "{k}/{} ({:.1} %, [{:.1}-{:.1} %])",
                    self.companies,
                    share * 100.0,
                    lo * 100.0,
                    hi * 100.0
                ),
                None => "suppressed".to_owned(),
            };
            let verb = if self.need { "need" } else { "name" };
            writeln!(
                f,
                "companies that {verb} a specialist and a domain skill in the same answer: {}; \
                 anywhere in their interviews: {}",
                show(same),
                show(anywhere)
            )?;
        }
        write!(f, "wrote {} files to {}", self.files, self.out.display())
    }
}

/// Cache entries unused for this long are removed after a run.
pub const CACHE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// The run's sink: each interview's tallies and its rows of the `segments` table.
struct Tallies<'a> {
    context: &'a tally::Context<'a>,
    codebook: &'a crate::codebook::Codebook,
    /// Make each interview's source for the review export.
    review: bool,
}

/// One interview's share of the run.
struct Part {
    tally: tally::InterviewTally,
    rows: tally::segments::InterviewRows,
    /// The interview's place in the `segments` table.
    order: u64,
    /// Automatic against manual coding, where the interview has manual codes.
    agreement: Option<crate::cmd::agree::InterviewCounts>,
    /// The interview for the review export (`--qdpx`).
    review: Option<report::qdpx::ReviewSource>,
}

impl Sink for Tallies<'_> {
    type Part = Part;

    fn part(&self, iv: &Interview<'_>, problems: &mut Diagnostics) -> Self::Part {
        let summary = self
            .context
            .summarize(iv.order, iv.segments, iv.occurrences);
        if let Some((si, n)) = summary.crowded {
            problems.error(
                iv.path,
                Some(iv.segments[si as usize].line),
                format!(
                    "this turn is coded with {n} codes and their parent codes (at most {}); \
                     co-occurrence would count {} pairs in it. Do many codes share a term? \
                     `skillgap check` lists shared words",
                    tally::MAX_SEGMENT_CODES,
                    n * (n - 1) / 2
                ),
            );
        }
        let rows = tally::segments::InterviewRows::new(
            iv.id,
            iv.company,
            iv.segments,
            iv.occurrences,
            |seg| iv.speaker(seg),
        );
        let review = self.review.then(|| {
            report::qdpx::source(iv.id, iv.company, iv.segments, iv.occurrences, |seg| {
                iv.speaker(seg)
            })
        });
        Part {
            tally: summary,
            rows,
            review,
            order: iv.order,
            agreement: crate::cmd::agree::interview_counts(
                self.codebook,
                iv.segments,
                iv.occurrences,
            ),
        }
    }
}

/// `skillgap run`: codes the corpus, tallies, applies disclosure control and writes every table,
/// the reports and the manifest.
pub fn run(cfg: &RunConfig) -> Result<RunSummary, Error> {
    let started = manifest::now();
    let mut diags = Diagnostics::new();
    let cache = || cfg.inputs.cache.as_deref().map(ingest::Cache::new);
    let Some(codebook) = pipeline::load_codebook(&cfg.inputs.codebook, &mut diags)? else {
        // Read the transcripts all the same, to report every problem at once.
        return Err(pipeline::report_all(diags, &cfg.inputs, cache())?);
    };
    check_report_per(cfg, &codebook)?;
    let policy = Policy {
        min_cell: cfg.min_cell.unwrap_or(codebook.min_cell),
        include_text: cfg.include_text,
    };
    check_qdpx(cfg, policy)?;
    let matcher = Matcher::new(&codebook).map_err(Error::Internal)?;
    let context = tally::Context::new(&codebook);
    let study = Study {
        codebook: Some(&codebook),
        matcher: Some(&matcher),
        cache: cache(),
        pseudonyms: cfg
            .salt
            .as_deref()
            .map(ingest::pseudonym::Pseudonymizer::new),
        progress: cfg.progress,
        interviewers: &cfg.inputs.interviewers,
        columns: &cfg.inputs.columns,
    };
    let staging = report::Staging::new(&cfg.out)?;
    let mut segments = report::SegmentsWriter::new(
        staging.dir(),
        &codebook,
        &matcher,
        policy.omit_text(),
        study.pseudonyms.is_some(),
    )?;
    let mut tallies = tally::Tally::new(&context);
    let mut agreement = Vec::new();
    let mut review = Vec::new();
    let streamed = pipeline::stream(
        &study,
        &cfg.inputs.interviews,
        &Tallies {
            context: &context,
            codebook: &codebook,
            review: cfg.qdpx.is_some(),
        },
        |part: Part| {
            agreement.extend(part.agreement);
            review.extend(part.review);
            tallies.add(&part.rows.interview, &part.rows.company, part.tally);
            segments.push(part.order, part.rows)
        },
    )?;
    diags.extend(streamed.diagnostics);
    if diags.has_errors() {
        return Err(Error::Input(diags));
    }
    let warnings = diags.into_warnings();
    let mut corpus = streamed.corpus;
    if let Some(salt) = &cfg.salt {
        ingest::pseudonym::pseudonymize(&mut corpus, salt).map_err(Error::Usage)?;
    }

    let spinner = Progress::spinner(cfg.progress, "tallying");
    let mut tables = tallies
        .tables(&corpus)
        .map_err(Error::table("computing the tables"))?;
    // The one table that grows with companies times codes is written as it is built.
    let mut matrix = report::data::MatrixBuilder::new(&codebook);
    let batches = tallies.company_codes().map(|batch| {
        let df = batch?;
        matrix.add(&df)?;
        Ok(df)
    });
    let company_codes = report::write_batches(staging.dir(), Kind::CompanyCodes, batches)?;
    tables.insert(1, company_codes);
    let coded_segments = tallies.coded_segments;
    let facet_companies = tallies.facet_companies();
    // The counts are in the tables now; free them before the reports are built.
    drop(tallies);
    let mut tables = tally::disclose::apply(tables, policy)
        .map_err(Error::table("applying disclosure control"))?;
    for attr in &cfg.report_per {
        let t = tally::vs_region::table(&tables, &codebook, attr)
            .map_err(Error::table("comparing the groups with the region"))?;
        tables.extend(t);
    }
    spinner.stage("writing tables");
    let mut tables: Vec<Table> = std::iter::once(segments.finish()?).chain(tables).collect();
    for t in &mut tables {
        // Written in batches already, and only their first rows are held.
        if !matches!(t.kind, Kind::Segments | Kind::CompanyCodes) {
            report::write_table(staging.dir(), t)?;
        }
    }

    let counts = manifest::Counts {
        interviews: corpus.interviews.len(),
        companies: corpus.companies().len(),
        segments: corpus.segment_count(),
        coded_segments,
        codes: codebook.codes.len(),
        occurrences: streamed.occurrences,
        cached_files: corpus.cached_files,
    };
    let mut manifest = build_manifest(cfg, &codebook, &corpus, policy, counts, &tables, &warnings);
    manifest.started = started;
    manifest.finished = manifest::now();
    let mut data = report::data::build(
        &tables,
        &codebook,
        report::data::Counts {
            interviews: manifest.counts.interviews,
            companies: manifest.counts.companies,
            segments: manifest.counts.segments,
            coded_segments,
        },
        report::data::Provenance::from(&manifest),
        facet_companies,
        matrix.finish(),
    )
    .map_err(Error::table("gathering the report data"))?;
    if !agreement.is_empty() {
        data.agreement = Some(agreement_view(&codebook, &agreement));
    }
    if let Some(name) = &cfg.qdpx {
        let attributes = corpus
            .interviews
            .iter()
            .map(|iv| (iv.id.clone(), (*iv.attributes).clone()))
            .collect();
        let path = staging.dir().join(name);
        report::qdpx::write(&path, &codebook, &review, &attributes).map_err(|message| {
            Error::Report {
                path: cfg.out.join(name),
                message,
            }
        })?;
        manifest.reports.push(name.clone());
    }
    let pages = report::group::pages(&tables, &data, &corpus, &cfg.report_per)
        .map_err(Error::table("gathering the group pages"))?;
    manifest
        .reports
        .extend(pages.iter().map(|p| p.file.clone()));
    let top = top_codes(&data, manifest.counts.companies as u32);
    spinner.stage("writing reports");
    report::write_reports(staging.dir(), &tables, &data, &pages, cfg.lang)?;
    spinner.finish();
    report::write_manifest(staging.dir(), &manifest)?;
    staging.commit()?;
    if let Some(cache) = &study.cache {
        cache.prune(CACHE_MAX_AGE);
    }

    Ok(RunSummary {
        interviews: manifest.counts.interviews,
        companies: manifest.counts.companies,
        segments: manifest.counts.segments,
        coded_segments,
        top,
        combination: combination_figure(&data, manifest.counts.companies as u32),
        need: data.need,
        files: tables.len() * 2
            + 1
            + report::REPORTS.len()
            + pages.len()
            + usize::from(cfg.qdpx.is_some()),
        out: cfg.out.clone(),
        warnings,
    })
}

/// `--report-per` takes `group_by` attributes only (their groups are the published ones), and
/// none whose name is a column of its `by_<attribute>_vs_region`.
fn check_report_per(cfg: &RunConfig, codebook: &Codebook) -> Result<(), Error> {
    for attr in &cfg.report_per {
        let shown = crate::diag::quote(attr);
        if !codebook.group_by.contains(attr) {
            let have = if codebook.group_by.is_empty() {
                "the codebook has no group_by".to_owned()
            } else {
                format!("its group_by is {}", codebook.group_by.join(", "))
            };
            return Err(Error::Usage(format!(
                "--report-per `{shown}`: not a group_by attribute of {} ({have}); add it to \
                 group_by or choose one of those",
                crate::diag::shown(&codebook.path)
            )));
        }
        if tally::table::VS_REGION_TAIL.iter().any(|c| c.name == attr) {
            return Err(Error::Usage(format!(
                "--report-per `{shown}`: the name is a column of by_{shown}_vs_region itself; \
                 rename the attribute"
            )));
        }
    }
    Ok(())
}

/// `--qdpx` takes a file name (written in the output folder) ending in `.qdpx`, and holds
/// transcript text, which publication mode writes only with `--include-text`.
fn check_qdpx(cfg: &RunConfig, policy: Policy) -> Result<(), Error> {
    let Some(name) = &cfg.qdpx else {
        return Ok(());
    };
    let plain = std::path::Path::new(name)
        .file_name()
        .is_some_and(|f| f == name.as_str());
    if !plain || !ingest::qdpx::is_project(std::path::Path::new(name)) || name.starts_with('.') {
        return Err(Error::Usage(format!(
            "--qdpx `{}`: give a file name ending in .qdpx, such as review.qdpx; it is written \
             in the output folder",
            crate::diag::quote(name)
        )));
    }
    if policy.omit_text() {
        return Err(Error::Usage(
            "--qdpx writes the transcripts' text, which publication mode (--min-cell) leaves \
             out; add --include-text to write it all the same"
                .into(),
        ));
    }
    Ok(())
}

/// The manifest of a run: what produced the tables and what came out.
fn build_manifest(
    cfg: &RunConfig,
    codebook: &Codebook,
    corpus: &Corpus,
    policy: Policy,
    counts: manifest::Counts,
    tables: &[Table],
    warnings: &[Diagnostic],
) -> Manifest {
    let pseudonymized = cfg.salt.is_some();
    let warnings = if pseudonymized && !warnings.is_empty() {
        // Warnings name files, and file names carry ids.
        vec![format!(
            "{} (not listed in a pseudonymized run)",
            plural(warnings.len(), "warning")
        )]
    } else {
        warnings.iter().map(|w| w.to_string()).collect()
    };
    Manifest {
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
            negation_window: codebook.cues.negation_window,
            stance: codebook.cues.stance,
            compounds: codebook.compounds.as_str().to_owned(),
            code_interviewer: codebook.code_interviewer,
            group_by: codebook.group_by.clone(),
            min_cell: policy.min_cell,
            include_text: !policy.omit_text(),
            pseudonymized,
            report_language: match cfg.lang {
                Language::Sv => "sv",
                Language::En => "en",
            }
            .to_owned(),
            report_per: cfg.report_per.clone(),
            interviewers: cfg.inputs.interviewers.clone(),
            text_column: Some(cfg.inputs.columns.text.clone()).filter(|t| !t.is_empty()),
            id_column: cfg.inputs.columns.id.clone(),
            paragraphs: cfg.inputs.columns.paragraphs,
        },
        counts,
        tables: tables.iter().map(|t| t.name.clone()).collect(),
        reports: report::REPORTS.iter().map(|r| r.to_string()).collect(),
        warnings,
        started: String::new(),
        finished: String::new(),
    }
}

/// The run's agreement for the report: the codes either coding used, then `(all)`.
fn agreement_view(
    cb: &crate::codebook::Codebook,
    parts: &[crate::cmd::agree::InterviewCounts],
) -> report::data::AgreementView {
    let a = crate::cmd::agree::run_agreement(cb, parts);
    report::data::AgreementView {
        interviews: a.interviews,
        segments: a.segments,
        rows: a
            .rows
            .into_iter()
            .filter(|r| r.t.first() + r.t.second() > 0 || r.code == "(all)")
            .collect(),
    }
}

/// The report's ranking, less suppressed codes; the interval from the counts, not the table's
/// rounded bounds, to round only once.
fn top_codes(data: &report::data::ReportData, companies: u32) -> Vec<TopCode> {
    data.top_codes(5)
        .into_iter()
        .filter_map(|c| {
            let k = c.companies.filter(|&k| k > 0)?;
            let (ci_low, ci_high) = tally::stats::wilson(k, companies);
            Some(TopCode {
                code: c.id.clone(),
                label: c.label.clone(),
                companies: k,
                share: tally::stats::share(k, companies),
                ci_low,
                ci_high,
                group: c
                    .has_children
                    .then(|| (data.children(&c.id).len(), c.direct)),
            })
        })
        .collect()
}

/// The combination figure of the region for the run summary.
fn combination_figure(data: &report::data::ReportData, companies: u32) -> Option<(Figure, Figure)> {
    let figure = |scope: &str| -> Option<Figure> {
        let row = data.combination_all(scope)?;
        Some(row.companies.map(|k| {
            let (lo, hi) = tally::stats::wilson(k, companies);
            (k, tally::stats::share(k, companies), lo, hi)
        }))
    };
    Some((figure("same_answer")?, figure("anywhere")?))
}
