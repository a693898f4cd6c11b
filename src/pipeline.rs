//! The pipeline is the one way every command goes through a corpus: it reads, decodes, parses
//! and codes each interview once, in parallel batches, and hands it to a [`Sink`], the way
//! ripgrep's searcher hands matches to a sink. A sink makes a part of each interview on a worker
//! thread ([`Sink::part`]); the parts are merged in file order by the caller's `merge`, while the
//! next batch is coded, so the outputs do not depend on the number of threads. Text is dropped
//! once its batch is merged: memory is bounded by a batch, not the corpus.
//!
//! Every rule about an interview lives here or in the reader it calls: its id and company
//! ([`ingest::Sheet::identity`]), its pseudonyms, the check that its manual codes are in the
//! codebook, and admission into the corpus (duplicate ids, the metadata sheet).

use std::collections::HashMap;
use std::path::Path;

use crate::codebook::Codebook;
use crate::coding::{self, CoderPool, Matcher, Occurrence};
use crate::diag::Diagnostics;
use crate::ingest::{self, pseudonym::Pseudonymizer, Cache, Corpus, Roles, Segment, Sheet};
use crate::progress::Progress;
use crate::{plural, Error};

/// What the pipeline reads a corpus with.
pub struct Study<'a> {
    /// The validated codebook; `None` when it has errors, to read the corpus for its messages
    /// only (nothing is coded and no sink part is made).
    pub codebook: Option<&'a Codebook>,
    /// Codes every interview with this matcher before the sink sees it; `None` codes nothing.
    pub matcher: Option<&'a Matcher>,
    pub cache: Option<Cache>,
    pub pseudonyms: Option<Pseudonymizer>,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Interviewer labels beside the codebook's (`--interviewer`).
    pub interviewers: &'a [String],
    /// How to read a table of one document per row.
    pub columns: &'a ingest::table::Columns,
}

/// One interview, read, parsed and coded, as a sink sees it.
pub struct Interview<'a> {
    /// Place in file order.
    pub index: usize,
    pub path: &'a Path,
    /// Interview and company as the tables write them (pseudonyms in a pseudonymized run).
    pub id: &'a str,
    pub company: &'a str,
    /// Place among the interviews: file order, or pseudonym order in a pseudonymized run.
    pub order: u64,
    pub segments: &'a [Segment],
    /// The automatic and manual codes, sorted by segment and position (none without a matcher).
    pub occurrences: &'a [Occurrence],
    speakers: Option<HashMap<String, String>>,
}

impl Interview<'_> {
    /// A segment's speaker label as the tables write it (`R1`, `I1` in a pseudonymized run).
    pub fn speaker<'s>(&'s self, seg: &'s Segment) -> &'s str {
        match &self.speakers {
            Some(l) => l
                .get(&seg.speaker)
                .map_or(seg.speaker.as_str(), String::as_str),
            None => seg.speaker.as_str(),
        }
    }
}

/// What a command makes of each interview.
pub trait Sink: Sync {
    /// The part of one interview that is merged into the command's result.
    type Part: Send;

    /// Makes the part of one interview, on a worker thread. Problems found go to `problems`,
    /// reported at the interview's place in file order.
    fn part(&self, iv: &Interview<'_>, problems: &mut Diagnostics) -> Self::Part;
}

/// What streaming a corpus left: the interviews (identity and attributes, no text) and the
/// problems found, every file's in file order, then the metadata sheet's.
pub struct Streamed {
    pub corpus: Corpus,
    pub diagnostics: Diagnostics,
    /// Occurrences coded (negated ones included).
    pub occurrences: usize,
}

/// One transcript read and made into a part by a worker, waiting to be merged in file order.
struct Worked<P> {
    read: ingest::FileRead,
    identity: Option<ingest::Identity>,
    part: Option<P>,
    occurrences: usize,
    /// A table's row without text (left out), or with cells read as Windows-1252.
    empty_row: bool,
    legacy_row: bool,
}

/// One unit of work: an input by its index, or a table's row with its place in the table.
enum Job {
    Input(usize),
    Row(usize, ingest::table::Raw),
}

/// Streams the transcripts under `dir` through `sink`: every part of an interview that is
/// admitted goes to `merge`, in file order, until the first error in the input (reading then
/// goes on for the messages, so that one command lists every problem).
pub fn stream<S: Sink>(
    study: &Study<'_>,
    dir: &Path,
    sink: &S,
    mut merge: impl FnMut(S::Part) -> Result<(), Error> + Send,
) -> Result<Streamed, Error> {
    use rayon::prelude::*;

    let mut diags = Diagnostics::new();
    // A table keeps of its columns only the attributes the tables are grouped by.
    let keep: Vec<String> = study
        .codebook
        .iter()
        .flat_map(|cb| cb.group_by.iter().cloned())
        .chain(["company".to_owned()])
        .collect();
    let inputs = ingest::inputs(dir, study.columns, &keep, &mut diags)?;
    let sheet = Sheet::read(&inputs.sheet_dir())?;
    let labels: Vec<&str> = study
        .codebook
        .iter()
        .flat_map(|cb| &cb.interviewer_labels)
        .chain(study.interviewers)
        .map(String::as_str)
        .collect();
    let roles = Roles::new(&labels);
    let pool = study.matcher.map(CoderPool::new);
    let mut registry = ingest::Registry::new();
    let mut occurrences = 0usize;
    let table = match &inputs {
        ingest::Inputs::Table(t) => Some(t.as_ref()),
        _ => None,
    };
    let bar = match table {
        Some(t) => Progress::bytes(study.progress, t.size(), "reading"),
        None => Progress::new(study.progress, inputs.len() as u64, "reading"),
    };
    let mut empty_rows = 0usize;
    let mut legacy_rows = 0usize;

    let work = |job: Job| -> Result<Worked<S::Part>, Error> {
        let mut row_kind = (false, false);
        let (index, read) = match job {
            Job::Input(index) => (index, inputs.read(index, &roles, study.cache.as_ref())?),
            Job::Row(index, raw) => {
                let t = table.ok_or_else(|| Error::Internal("a row without a table".into()))?;
                let row = t.row(raw);
                row_kind = (row.empty, row.legacy);
                let read = ingest::FileRead {
                    path: t.path.clone(),
                    sha256: String::new(),
                    // Counted and warned about once for the table, not per row.
                    encoding: "UTF-8",
                    n_segments: row.transcript.as_ref().map_or(0, |t| t.segments.len()),
                    transcript: row.transcript,
                    cached: false,
                    cache_error: None,
                    diags: row.diags,
                };
                (index, read)
            }
        };
        let path = &read.path.clone();
        let mut worked = Worked {
            identity: None,
            part: None,
            occurrences: 0,
            read,
            empty_row: row_kind.0,
            legacy_row: row_kind.1,
        };
        let Some(t) = &worked.read.transcript else {
            return Ok(worked);
        };
        let identity = sheet.identity(path, &t.front_matter);
        let Some(cb) = study.codebook else {
            worked.identity = Some(identity);
            return Ok(worked);
        };
        let mut problems = Diagnostics::new();
        check_manual_codes(cb, path, &t.segments, &mut problems);
        check_interviewer(path, &t.segments, &mut problems);
        let coded = match &pool {
            Some(pool) => {
                let mut lease = pool.lease();
                coding::code_interview(index as u32, &t.segments, cb, lease.coder())
            }
            None => Vec::new(),
        };
        let (mut id, mut company, mut order) =
            (identity.id.clone(), identity.company.clone(), index as u64);
        let mut speakers = None;
        if let Some(p) = &study.pseudonyms {
            id = p.interview(&id);
            company = p.company(&company);
            order = ingest::pseudonym::order_of(&id);
            speakers = Some(ingest::pseudonym::speaker_labels(&t.segments));
        }
        let iv = Interview {
            index,
            path,
            id: &id,
            company: &company,
            order,
            segments: &t.segments,
            occurrences: &coded,
            speakers,
        };
        worked.part = Some(sink.part(&iv, &mut problems));
        worked.occurrences = coded.len();
        worked.identity = Some(identity);
        worked.read.diags.extend(problems);
        // The turns are in the part now; only the front matter is still needed.
        if let Some(t) = &mut worked.read.transcript {
            t.segments = Vec::new();
        }
        Ok(worked)
    };
    let mut admit = |batch: Vec<Worked<S::Part>>| -> Result<(), Error> {
        for mut w in batch {
            if w.empty_row {
                empty_rows += 1;
                diags.extend(std::mem::take(&mut w.read.diags));
                continue;
            }
            legacy_rows += usize::from(w.legacy_row);
            let cache = study.cache.as_ref();
            let admitted = registry.admit(&mut w.read, w.identity, cache, false, &mut diags);
            // After the first error nothing will be written; reading goes on for the messages.
            if admitted.is_some() && !diags.has_errors() {
                occurrences += w.occurrences;
                if let Some(part) = w.part {
                    merge(part)?;
                }
            }
            if table.is_none() {
                bar.inc();
            }
        }
        Ok(())
    };
    // A table's rows are read here, in order, and made into transcripts by the workers.
    let mut rows = table.map(|t| t.rows()).transpose()?;
    let mut next_index = 0usize;
    let mut next_jobs = || -> Result<Option<Vec<Job>>, Error> {
        match rows.as_mut() {
            Some(rows) => {
                let raw = rows.next_batch(ingest::BATCH_ROWS)?;
                bar.set(rows.bytes());
                if raw.is_empty() {
                    return Ok(None);
                }
                let jobs = raw
                    .into_iter()
                    .map(|r| {
                        next_index += 1;
                        Job::Row(next_index - 1, r)
                    })
                    .collect();
                Ok(Some(jobs))
            }
            None => {
                let end = (next_index + ingest::BATCH_FILES).min(inputs.len());
                if next_index >= end {
                    return Ok(None);
                }
                let jobs = (next_index..end).map(Job::Input).collect();
                next_index = end;
                Ok(Some(jobs))
            }
        }
    };
    // Beside the workers coding batch k + 1, batch k is merged and batch k + 2 read (in one
    // closure, in that order), so three batches are in flight.
    let mut pending: Vec<Worked<S::Part>> = Vec::new();
    let mut next = next_jobs()?;
    while let Some(batch) = next.take() {
        let (worked, (merged, read)) = rayon::join(
            || {
                batch
                    .into_par_iter()
                    .map(work)
                    .collect::<Result<Vec<_>, Error>>()
            },
            || (admit(std::mem::take(&mut pending)), next_jobs()),
        );
        merged?;
        pending = worked?;
        next = read?;
    }
    admit(pending)?;
    if let (Some(t), Some(rows)) = (table, &rows) {
        registry.add_file(ingest::InputFile {
            path: t.path.clone(),
            sha256: rows.sha256(),
            encoding: "UTF-8",
        });
        if empty_rows > 0 {
            diags.warning(
                &t.path,
                None,
                format!(
                    "{} without text in `{}` left out",
                    crate::plural(empty_rows, "row"),
                    crate::diag::quote(&study.columns.text)
                ),
            );
        }
        if legacy_rows > 0 {
            diags.warning(
                &t.path,
                None,
                format!(
                    "{} with cells not in UTF-8, read as Windows-1252; save the file as \
                     UTF-8 to silence this",
                    crate::plural(legacy_rows, "row")
                ),
            );
        }
    }
    bar.finish();
    drop(pool);
    let corpus = registry.finish(sheet, &mut diags);
    if let ingest::Inputs::Project(p) = &inputs {
        if corpus.interviews.is_empty() && !p.sources.is_empty() && !diags.has_errors() {
            diags.error(
                &p.path,
                None,
                "no source of the project has a text to read (see the warnings above)",
            );
        }
    }
    if let Some(cb) = study.codebook {
        check_group_by(cb, &corpus, &mut diags);
    }
    Ok(Streamed {
        corpus,
        diagnostics: diags,
        occurrences,
    })
}

/// A sink that keeps nothing: for reading a corpus for its messages only.
pub struct Discard;

impl Sink for Discard {
    type Part = ();
    fn part(&self, _: &Interview<'_>, _: &mut Diagnostics) {}
}

/// Manual codes must be defined in the codebook.
fn check_manual_codes(cb: &Codebook, path: &Path, segments: &[Segment], diags: &mut Diagnostics) {
    for seg in segments {
        for mc in &seg.manual_codes {
            if cb.index_of(&mc.id).is_none() {
                diags.error(
                    path,
                    Some(mc.line),
                    format!(
                        "manual code `#{}`{} is not defined in the codebook {}",
                        mc.id,
                        mc.coder
                            .as_deref()
                            .map(|c| format!(" (by {})", crate::diag::quote(c)))
                            .unwrap_or_default(),
                        crate::diag::shown(&cb.path)
                    ),
                );
            }
        }
    }
}

/// Warns about a file of several speakers none of whom is an interviewer: captions and
/// transcription services label turns with real names, which are all taken for respondents
/// until the codebook's `interviewer_labels` or `--interviewer` names the interviewer.
fn check_interviewer(path: &Path, segments: &[Segment], diags: &mut Diagnostics) {
    if segments.iter().any(|s| s.role == ingest::Role::Interviewer) {
        return;
    }
    let mut speakers: Vec<&str> = Vec::new();
    for s in segments {
        if !speakers.contains(&s.speaker.as_str()) {
            speakers.push(&s.speaker);
        }
    }
    if speakers.len() < 2 {
        return;
    }
    let shown: Vec<String> = speakers
        .iter()
        .take(5)
        .map(|s| format!("`{}`", crate::diag::quote(s)))
        .collect();
    diags.warning(
        path,
        None,
        format!(
            "no interviewer found: every turn of {}{} is taken for a respondent's; name the \
             interviewer with --interviewer NAME or the codebook's interviewer_labels",
            shown.join(", "),
            if speakers.len() > 5 { ", …" } else { "" }
        ),
    );
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
                format!(
                    "group_by attribute `{attr}` is given for no interview; by_{attr} will \
                     have one group `{}`",
                    crate::tally::MISSING
                ),
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

/// The codebook, read and validated; `None` with its errors in `diags` when it has any.
pub fn load_codebook(path: &Path, diags: &mut Diagnostics) -> Result<Option<Codebook>, Error> {
    Ok(match crate::codebook::load(path, diags)? {
        Some(cb) if !diags.has_errors() => Some(cb),
        _ => None,
    })
}

/// Reads a corpus for its messages only, after the codebook was found to have errors, so that
/// one command lists every problem; returns them all as `Error::Input`.
pub fn report_all(
    mut codebook_problems: Diagnostics,
    inputs: &crate::config::Inputs,
    cache: Option<Cache>,
) -> Result<Error, Error> {
    let study = Study {
        codebook: None,
        matcher: None,
        cache,
        pseudonyms: None,
        progress: false,
        interviewers: &inputs.interviewers,
        columns: &inputs.columns,
    };
    let streamed = stream(&study, &inputs.interviews, &Discard, |()| Ok(()))?;
    codebook_problems.extend(streamed.diagnostics);
    Ok(Error::Input(codebook_problems))
}
