//! `skillgap check` validates the codebook, the transcripts and the metadata sheet without
//! writing anything, listing every problem, and when they are valid lints the codebook against
//! the corpus (warnings only). The corpus streams through the pipeline once: coded, linted and
//! dropped interview by interview.

use crate::coding::{CoderPool, Matcher};
use crate::config::Inputs;
use crate::diag::Diagnostics;
use crate::ingest;
use crate::lint::{self, Lint};
use crate::pipeline::{self, Interview, Sink, Study};
use crate::Error;

/// What `skillgap check` found.
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    pub interviews: usize,
    pub segments: usize,
    pub codes: usize,
}

/// Lints each interview with a coder of the codebook's matcher.
struct Linting<'a> {
    lint: &'a Lint<'a>,
    coders: CoderPool<'a>,
}

impl Sink for Linting<'_> {
    type Part = lint::Part;

    fn part(&self, iv: &Interview<'_>, _: &mut Diagnostics) -> lint::Part {
        let mut lease = self.coders.lease();
        self.lint.part(iv.segments, iv.occurrences, lease.coder())
    }
}

/// `skillgap check`.
pub fn check(inputs: &Inputs, lint_options: lint::Options) -> Result<CheckReport, Error> {
    let mut diagnostics = Diagnostics::new();
    let cache = || inputs.cache.as_deref().map(ingest::Cache::new);
    let failed = |diagnostics| CheckReport {
        diagnostics,
        interviews: 0,
        segments: 0,
        codes: 0,
    };
    let Some(codebook) = pipeline::load_codebook(&inputs.codebook, &mut diagnostics)? else {
        return match pipeline::report_all(diagnostics, inputs, cache())? {
            Error::Input(d) => Ok(failed(d)),
            e => Err(e),
        };
    };
    let matcher = Matcher::new(&codebook).map_err(Error::Internal)?;
    let lint = Lint::new(&codebook, &matcher, lint_options);
    let mut findings = lint.findings();
    let study = Study {
        codebook: Some(&codebook),
        matcher: Some(&matcher),
        cache: cache(),
        pseudonyms: None,
        progress: false,
        interviewers: &inputs.interviewers,
        columns: &inputs.columns,
    };
    let sink = Linting {
        lint: &lint,
        coders: CoderPool::new(&matcher),
    };
    let streamed = pipeline::stream(&study, &inputs.interviews, &sink, |part| {
        findings.merge(part);
        Ok(())
    })?;
    diagnostics.extend(streamed.diagnostics);
    if diagnostics.has_errors() {
        return Ok(failed(diagnostics));
    }
    diagnostics.extend(lint.finish(findings));
    Ok(CheckReport {
        diagnostics,
        interviews: streamed.corpus.interviews.len(),
        segments: streamed.corpus.segment_count(),
        codes: codebook.codes.len(),
    })
}
