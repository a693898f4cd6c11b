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
    let inputs = ingest::inputs(dir, &mut diags)?;
    let sheet = Sheet::read(&inputs.sheet_dir())?;
    let roles = match study.codebook {
        Some(cb) => Roles::new(&cb.interviewer_labels),
        None => Roles::default(),
    };
    let pool = study.matcher.map(CoderPool::new);
    let mut registry = ingest::Registry::new();
    let mut occurrences = 0usize;
    let bar = Progress::new(study.progress, inputs.len() as u64, "reading");

    let work = |index: usize| -> Result<Worked<S::Part>, Error> {
        let read = inputs.read(index, &roles, study.cache.as_ref())?;
        let path = &read.path.clone();
        let mut worked = Worked {
            identity: None,
            part: None,
            occurrences: 0,
            read,
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
            let cache = study.cache.as_ref();
            let admitted = registry.admit(&mut w.read, w.identity, cache, false, &mut diags);
            // After the first error nothing will be written; reading goes on for the messages.
            if admitted.is_some() && !diags.has_errors() {
                occurrences += w.occurrences;
                if let Some(part) = w.part {
                    merge(part)?;
                }
            }
            bar.inc();
        }
        Ok(())
    };
    // Work on batch k+1 while batch k is merged.
    use ingest::BATCH_FILES;
    let mut pending: Vec<Worked<S::Part>> = Vec::new();
    let indices: Vec<usize> = (0..inputs.len()).collect();
    let mut batches = indices.chunks(BATCH_FILES);
    loop {
        let next = batches.next();
        let (worked, merged) = rayon::join(
            || {
                next.map(|batch| {
                    batch
                        .par_iter()
                        .map(|&i| work(i))
                        .collect::<Result<Vec<_>, Error>>()
                })
            },
            || admit(std::mem::take(&mut pending)),
        );
        merged?;
        match worked {
            Some(batch) => pending = batch?,
            None => break,
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
                        "manual code `#{}` is not defined in the codebook {}",
                        mc.id,
                        crate::diag::shown(&cb.path)
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
    dir: &Path,
    cache: Option<Cache>,
) -> Result<Error, Error> {
    let study = Study {
        codebook: None,
        matcher: None,
        cache,
        pseudonyms: None,
        progress: false,
    };
    let streamed = stream(&study, dir, &Discard, |()| Ok(()))?;
    codebook_problems.extend(streamed.diagnostics);
    Ok(Error::Input(codebook_problems))
}
