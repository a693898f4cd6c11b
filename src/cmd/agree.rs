//! `agree` measures how well one coding matches another, per code: the automatic coding
//! against the researcher's manual codes (`[#code]` groups), or two researchers' manual codes
//! of the same interviews (`--manual A --manual B`).
//!
//! The unit is a respondent segment and a code: a segment is coded with a code when it has an
//! occurrence of the code or of one of its sub-codes (automatic ones not negated), so counts
//! are inclusive as in the tables. Only interviews that carry manual codes count (an interview
//! nobody coded by hand says nothing about agreement); with two coders, only interviews both
//! coded. Per code: precision, recall and F1 of the first coding against the second as
//! reference, Cohen's kappa, Krippendorff's alpha, and 95 % percentile bootstrap intervals
//! over interviews; the last row, `(all)`, pools every code.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::agree::{bootstrap, Confusion, Row};
use crate::codebook::Codebook;
use crate::coding::{Matcher, Source};
use crate::config::Inputs;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::{self, Role};
use crate::pipeline::{self, Interview, Sink, Study};
use crate::Error;

/// What is compared with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Automatic coding (first) against manual codes (second, the reference).
    AutoManual,
    /// Two folders of manually coded transcripts: the first against the second.
    TwoCoders(PathBuf, PathBuf),
}

/// A unit the two codings disagree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub interview: String,
    pub segment: u32,
    pub code: String,
    pub first: bool,
    pub second: bool,
    /// The term that coded it automatically, and the words it matched (automatic coding only).
    pub term: String,
    pub words: String,
    pub text: String,
}

/// The result of `agree`.
pub struct Agreement {
    pub mode: Mode,
    /// Interviews compared, and their respondent segments (the units per code).
    pub interviews: usize,
    pub segments: usize,
    /// Interviews left out: no manual code (or, with two coders, not coded by both).
    pub left_out: Vec<String>,
    pub rows: Vec<Row>,
    pub disagreements: Vec<Disagreement>,
    pub warnings: Vec<Diagnostic>,
}

/// A respondent segment's codes in one coding, inclusive, with the term and words of the first
/// automatic occurrence of each code.
#[derive(Debug, Clone, Default)]
struct Coded {
    number: u32,
    text: String,
    codes: BTreeMap<u32, (String, String)>,
}

/// One interview as `agree` keeps it: its respondent segments in each coding.
#[derive(Debug, Clone, Default)]
struct Units {
    id: String,
    path: PathBuf,
    has_manual: bool,
    /// Every coder of the interview's manual codes (a REFI-QDA project's users).
    coders: std::collections::BTreeSet<String>,
    auto: Vec<Coded>,
    manual: Vec<Coded>,
}

struct Collect<'a> {
    cb: &'a Codebook,
    matcher: Option<&'a Matcher>,
    /// Keep only this coder's manual codes (a REFI-QDA project's coding users).
    coder: Option<&'a str>,
}

impl Collect<'_> {
    fn keeps(&self, mc: &ingest::ManualCode) -> bool {
        self.coder.map_or(true, |c| mc.coder.as_deref() == Some(c))
    }
}

impl Collect<'_> {
    fn inclusive(&self, code: u32) -> Vec<u32> {
        self.cb
            .self_and_ancestors(code as usize)
            .into_iter()
            .map(|c| c as u32)
            .collect()
    }
}

impl Sink for Collect<'_> {
    type Part = Units;

    fn part(&self, iv: &Interview<'_>, _: &mut Diagnostics) -> Units {
        let mut u = Units {
            id: iv.id.to_owned(),
            path: iv.path.to_path_buf(),
            has_manual: iv
                .segments
                .iter()
                .any(|s| s.manual_codes.iter().any(|m| self.keeps(m))),
            coders: iv
                .segments
                .iter()
                .flat_map(|s| &s.manual_codes)
                .filter_map(|m| m.coder.clone())
                .collect(),
            ..Units::default()
        };
        let mut by_segment: HashMap<u32, usize> = HashMap::new();
        for (si, seg) in iv.segments.iter().enumerate() {
            if seg.role != Role::Respondent {
                continue;
            }
            by_segment.insert(si as u32, u.auto.len());
            let mut manual = Coded {
                number: seg.number,
                text: seg.text.clone(),
                ..Coded::default()
            };
            for mc in seg.manual_codes.iter().filter(|m| self.keeps(m)) {
                if let Some(c) = self.cb.index_of(&mc.id) {
                    for a in self.inclusive(c as u32) {
                        manual.codes.entry(a).or_default();
                    }
                }
            }
            u.auto.push(Coded {
                number: seg.number,
                text: String::new(),
                codes: BTreeMap::new(),
            });
            u.manual.push(manual);
        }
        if let Some(m) = self.matcher {
            for o in iv.occurrences {
                if o.source != Source::Auto || o.negated {
                    continue;
                }
                let Some(&at) = by_segment.get(&o.segment) else {
                    continue;
                };
                let seg = &iv.segments[o.segment as usize];
                let term = o
                    .pattern
                    .map(|p| m.pattern(p).text.clone())
                    .unwrap_or_default();
                let words = seg.text[o.byte_start as usize..o.byte_end as usize].to_owned();
                for a in self.inclusive(o.code) {
                    u.auto[at]
                        .codes
                        .entry(a)
                        .or_insert_with(|| (term.clone(), words.clone()));
                }
            }
        }
        u
    }
}

fn read(
    dir: &Path,
    cb: &Codebook,
    matcher: Option<&Matcher>,
    cache: Option<ingest::Cache>,
    coder: Option<&str>,
    interviewers: &[String],
) -> Result<(Vec<Units>, Diagnostics), Error> {
    let study = Study {
        codebook: Some(cb),
        matcher,
        cache,
        pseudonyms: None,
        progress: false,
        interviewers,
        // Tables of one document per row hold no manual codes to agree with.
        columns: &ingest::table::Columns::default(),
    };
    let sink = Collect { cb, matcher, coder };
    let mut all = Vec::new();
    let streamed = pipeline::stream(&study, dir, &sink, |u| {
        all.push(u);
        Ok(())
    })?;
    if streamed.diagnostics.has_errors() {
        return Err(Error::Input(streamed.diagnostics));
    }
    if let Some(c) = coder {
        if !all.iter().any(|u| u.has_manual) {
            let coders: std::collections::BTreeSet<&str> = all
                .iter()
                .flat_map(|u| u.coders.iter().map(String::as_str))
                .collect();
            return Err(Error::Usage(format!(
                "--coder `{c}`: {} has no coding by `{c}`; {}",
                dir.display(),
                if coders.is_empty() {
                    "its codings name no coder".to_owned()
                } else {
                    format!(
                        "its coders are {}",
                        coders.into_iter().collect::<Vec<_>>().join(", ")
                    )
                }
            )));
        }
    }
    Ok((all, streamed.diagnostics))
}

/// Interviews paired across two codings, and the ids of those left out.
type Paired = (Vec<(Units, Units)>, Vec<String>);

/// A coding as `agree` names it: a folder, or a project and one of its coders.
type CodingAt<'a> = (&'a Path, Option<&'a str>);

fn shown(c: CodingAt<'_>) -> String {
    match c.1 {
        Some(coder) => format!("{} (coder {coder})", c.0.display()),
        None => c.0.display().to_string(),
    }
}

/// Reads two manual codings of the same transcripts and pairs their interviews by id: the
/// first coding moved to `auto`, the second kept as the reference. Returns the pairs and the
/// interviews left out (without manual codes in one of them).
fn two_codings(
    cb: &Codebook,
    a: CodingAt<'_>,
    b: CodingAt<'_>,
    interviewers: &[String],
    warnings: &mut Diagnostics,
) -> Result<Paired, Error> {
    let (ua, da) = read(a.0, cb, None, None, a.1, interviewers)?;
    let (ub, db) = read(b.0, cb, None, None, b.1, interviewers)?;
    warnings.extend(da);
    warnings.extend(db);
    let mut by_id: BTreeMap<String, Units> = ub.into_iter().map(|u| (u.id.clone(), u)).collect();
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for u in ua {
        let Some(v) = by_id.remove(&u.id) else {
            warnings.warning(
                &u.path,
                None,
                format!(
                    "interview `{}` is not in {}; it is left out",
                    u.id,
                    shown(b)
                ),
            );
            continue;
        };
        let same = u.manual.len() == v.manual.len()
            && u.manual
                .iter()
                .zip(&v.manual)
                .all(|(x, y)| x.number == y.number && x.text == y.text);
        if !same {
            let at = u
                .manual
                .iter()
                .zip(&v.manual)
                .find(|(x, y)| x.number != y.number || x.text != y.text)
                .map_or(u.manual.len().min(v.manual.len()) as u32 + 1, |(x, _)| {
                    x.number
                });
            return Err(Error::Usage(format!(
                "{} and {} are not the same transcript: their respondent turns differ \
                 from segment {at} on; two coders must code the same text",
                u.path.display(),
                v.path.display()
            )));
        }
        if u.has_manual && v.has_manual {
            kept.push((u, v));
        } else {
            left_out.push(u.id);
        }
    }
    for v in by_id.into_values() {
        warnings.warning(
            &v.path,
            None,
            format!(
                "interview `{}` is not in {}; it is left out",
                v.id,
                shown(a)
            ),
        );
    }
    let kept: Vec<(Units, Units)> = kept
        .into_iter()
        .map(|(mut u, v)| {
            u.auto = std::mem::take(&mut u.manual);
            (u, v)
        })
        .collect();
    Ok((kept, left_out))
}

/// Per code, a table per interview: the first coding against the second.
fn tables(pairs: &[(&[Coded], &[Coded])], n_codes: usize) -> Vec<Vec<Confusion>> {
    pairs
        .iter()
        .map(|(first, second)| {
            let mut t = vec![Confusion::default(); n_codes];
            for (a, b) in first.iter().zip(second.iter()) {
                for (c, cell) in t.iter_mut().enumerate() {
                    let c = c as u32;
                    match (a.codes.contains_key(&c), b.codes.contains_key(&c)) {
                        (true, true) => cell.both += 1,
                        (true, false) => cell.first_only += 1,
                        (false, true) => cell.second_only += 1,
                        (false, false) => cell.neither += 1,
                    }
                }
            }
            t
        })
        .collect()
}

fn row(code: &str, label: &str, clusters: &[Confusion]) -> Row {
    let mut t = Confusion::default();
    for c in clusters {
        t.add(c);
    }
    let with_ci = |f: fn(&Confusion) -> Option<f64>| (f(&t), f(&t).and(bootstrap(clusters, f)));
    Row {
        code: code.to_owned(),
        label: label.to_owned(),
        precision: with_ci(Confusion::precision),
        recall: with_ci(Confusion::recall),
        f1: with_ci(Confusion::f1),
        kappa: with_ci(Confusion::kappa),
        alpha: t.alpha(),
        t,
    }
}

/// Runs `agree`: with no `manual` folders, automatic coding against the manual codes in
/// `inputs.interviews`; with two, the first folder's manual codes against the second's.
pub fn agree(inputs: &Inputs, manual: &[PathBuf], coders: &[String]) -> Result<Agreement, Error> {
    let mut diags = Diagnostics::new();
    let cache = || inputs.cache.as_deref().map(ingest::Cache::new);
    let Some(cb) = pipeline::load_codebook(&inputs.codebook, &mut diags)? else {
        return Err(pipeline::report_all(diags, inputs, cache())?);
    };
    let mut warnings = diags;
    if !coders.is_empty() && !manual.is_empty() {
        return Err(Error::Usage(
            "give either --manual DIR (a coder's folder) or --coder NAME (a coder of a REFI-QDA \
             project), not both"
                .into(),
        ));
    }
    let first_coder = coders.first().map(String::as_str);
    let (mode, kept, left_out) = match manual {
        [] if coders.len() == 2 => {
            let a = (inputs.interviews.as_path(), first_coder);
            let b = (inputs.interviews.as_path(), Some(coders[1].as_str()));
            let (kept, left_out) = two_codings(&cb, a, b, &inputs.interviewers, &mut warnings)?;
            let label = |c: CodingAt<'_>| PathBuf::from(shown(c));
            (Mode::TwoCoders(label(a), label(b)), kept, left_out)
        }
        [] if coders.len() > 2 => {
            return Err(Error::Usage(format!(
                "--coder: give one coder (against the automatic coding) or two (against each \
                 other), not {}",
                coders.len()
            )))
        }
        [] => {
            let matcher = Matcher::new(&cb).map_err(Error::Internal)?;
            let (units, d) = read(
                &inputs.interviews,
                &cb,
                Some(&matcher),
                cache(),
                first_coder,
                &inputs.interviewers,
            )?;
            warnings.extend(d);
            let (kept, out): (Vec<Units>, Vec<Units>) =
                units.into_iter().partition(|u| u.has_manual);
            let left_out = out.into_iter().map(|u| u.id).collect();
            let kept: Vec<(Units, Units)> = kept
                .into_iter()
                .map(|u| {
                    let mut first = u.clone();
                    first.manual = Vec::new();
                    (first, u)
                })
                .collect();
            (Mode::AutoManual, kept, left_out)
        }
        [a, b] => {
            let (kept, left_out) = two_codings(
                &cb,
                (a, None),
                (b, None),
                &inputs.interviewers,
                &mut warnings,
            )?;
            (Mode::TwoCoders(a.clone(), b.clone()), kept, left_out)
        }
        _ => {
            return Err(Error::Usage(
                "--manual takes two folders, one per coder (or none, to compare the automatic \
                 coding with the manual codes)"
                    .into(),
            ))
        }
    };

    let n_codes = cb.codes.len();
    let pairs: Vec<(&[Coded], &[Coded])> = kept
        .iter()
        .map(|(f, s)| (f.auto.as_slice(), s.manual.as_slice()))
        .collect();
    let per_interview = tables(&pairs, n_codes);
    let mut rows = Vec::with_capacity(n_codes + 1);
    for (c, code) in cb.codes.iter().enumerate() {
        let clusters: Vec<Confusion> = per_interview.iter().map(|t| t[c]).collect();
        rows.push(row(&code.id, &code.label, &clusters));
    }
    let pooled: Vec<Confusion> = per_interview
        .iter()
        .map(|t| {
            let mut all = Confusion::default();
            for c in t {
                all.add(c);
            }
            all
        })
        .collect();
    rows.push(row("(all)", "", &pooled));

    let mut disagreements = Vec::new();
    for (f, s) in &kept {
        for (a, b) in f.auto.iter().zip(&s.manual) {
            let codes: BTreeSet<u32> = a.codes.keys().chain(b.codes.keys()).copied().collect();
            for c in codes {
                let (x, y) = (a.codes.get(&c), b.codes.get(&c));
                if x.is_some() == y.is_some() {
                    continue;
                }
                let (term, words) = x.cloned().unwrap_or_default();
                disagreements.push(Disagreement {
                    interview: s.id.clone(),
                    segment: b.number,
                    code: cb.codes[c as usize].id.clone(),
                    first: x.is_some(),
                    second: y.is_some(),
                    term,
                    words,
                    text: b.text.clone(),
                });
            }
        }
    }
    let segments = kept.iter().map(|(_, s)| s.manual.len()).sum();
    Ok(Agreement {
        mode,
        interviews: kept.len(),
        segments,
        left_out,
        rows,
        disagreements,
        warnings: warnings.into_warnings(),
    })
}

impl Agreement {
    /// The names of the two codings' columns.
    pub fn names(&self) -> (&'static str, &'static str) {
        match self.mode {
            Mode::AutoManual => ("auto", "manual"),
            Mode::TwoCoders(..) => ("coder_a", "coder_b"),
        }
    }

    /// `agreement`: one row per code in codebook order, then `(all)`.
    pub fn table(&self) -> PolarsResult<DataFrame> {
        let (a, b) = self.names();
        let r = &self.rows;
        let u64s = |name: &str, f: &dyn Fn(&Row) -> u64| {
            Column::new(name.into(), r.iter().map(f).collect::<Vec<u64>>())
        };
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        let f64s = |name: &str, f: &dyn Fn(&Row) -> Option<f64>| {
            Column::new(
                name.into(),
                r.iter().map(|x| f(x).map(round)).collect::<Vec<_>>(),
            )
        };
        let mut cols = vec![
            Column::new(
                "code".into(),
                r.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "label".into(),
                r.iter()
                    .map(|x| Some(x.label.as_str()).filter(|s| !s.is_empty()))
                    .collect::<Vec<_>>(),
            ),
            u64s("units", &|x| x.t.units()),
            u64s(a, &|x| x.t.first()),
            u64s(b, &|x| x.t.second()),
            u64s("both", &|x| x.t.both),
        ];
        type Stat = fn(&Row) -> (Option<f64>, Option<(f64, f64)>);
        let stats: [(&str, Stat); 4] = [
            ("precision", |x| x.precision),
            ("recall", |x| x.recall),
            ("f1", |x| x.f1),
            ("kappa", |x| x.kappa),
        ];
        for (name, s) in stats {
            cols.push(f64s(name, &|x| s(x).0));
            cols.push(f64s(&format!("{name}_low"), &|x| s(x).1.map(|c| c.0)));
            cols.push(f64s(&format!("{name}_high"), &|x| s(x).1.map(|c| c.1)));
        }
        cols.push(f64s("alpha", &|x| x.alpha));
        DataFrame::new_infer_height(cols)
    }

    /// `agreement_segments`: every unit the codings disagree on.
    pub fn segments_table(&self) -> PolarsResult<DataFrame> {
        let (a, b) = self.names();
        let d = &self.disagreements;
        let strs = |name: &str, f: &dyn Fn(&Disagreement) -> &str| {
            Column::new(
                name.into(),
                d.iter()
                    .map(|x| Some(f(x)).filter(|s| !s.is_empty()))
                    .collect::<Vec<_>>(),
            )
        };
        DataFrame::new_infer_height(vec![
            strs("interview", &|x| &x.interview),
            Column::new(
                "segment".into(),
                d.iter().map(|x| x.segment).collect::<Vec<_>>(),
            ),
            strs("code", &|x| &x.code),
            Column::new(a.into(), d.iter().map(|x| x.first).collect::<Vec<_>>()),
            Column::new(b.into(), d.iter().map(|x| x.second).collect::<Vec<_>>()),
            strs("term", &|x| &x.term),
            strs("words", &|x| &x.words),
            strs("text", &|x| &x.text),
        ])
    }

    /// Writes `agreement` and `agreement_segments` (CSV and Parquet) into `dir`, each file
    /// whole or not at all.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut written = Vec::new();
        for (name, df) in [
            ("agreement", self.table()),
            ("agreement_segments", self.segments_table()),
        ] {
            let mut df = df.map_err(Error::table(format!("building {name}")))?;
            let mut csv = Vec::new();
            CsvWriter::new(&mut csv)
                .include_header(true)
                .finish(&mut df)
                .map_err(Error::table(format!("writing {name}.csv")))?;
            let path = dir.join(format!("{name}.csv"));
            crate::files::write_bytes(&path, &csv)?;
            written.push(path);
            let mut pq = Vec::new();
            ParquetWriter::new(&mut pq)
                .finish(&mut df)
                .map_err(Error::table(format!("writing {name}.parquet")))?;
            let path = dir.join(format!("{name}.parquet"));
            crate::files::write_bytes(&path, &pq)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Two decimals, without a negative zero.
fn dec(v: f64) -> String {
    let s = format!("{v:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// One interview's agreement counts for a run: its respondent segments and, per code with any
/// automatic or manual coding, the table of the two (`neither` left to be derived).
#[derive(Debug, Clone, Default)]
pub struct InterviewCounts {
    pub segments: u64,
    pub cells: Vec<(u32, Confusion)>,
}

/// The counts of one interview as a run codes it, or `None` if it carries no manual code.
pub fn interview_counts(
    cb: &Codebook,
    segments: &[crate::ingest::Segment],
    occurrences: &[crate::coding::Occurrence],
) -> Option<InterviewCounts> {
    if segments.iter().all(|s| s.manual_codes.is_empty()) {
        return None;
    }
    let mut per_segment: BTreeMap<u32, (BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
    for o in occurrences {
        let seg = &segments[o.segment as usize];
        if seg.role != Role::Respondent || o.negated {
            continue;
        }
        let e = per_segment.entry(o.segment).or_default();
        let set = match o.source {
            Source::Auto => &mut e.0,
            Source::Manual => &mut e.1,
        };
        set.extend(
            cb.self_and_ancestors(o.code as usize)
                .into_iter()
                .map(|c| c as u32),
        );
    }
    let mut cells: BTreeMap<u32, Confusion> = BTreeMap::new();
    for (auto, manual) in per_segment.values() {
        for &c in auto.union(manual) {
            let cell = cells.entry(c).or_default();
            match (auto.contains(&c), manual.contains(&c)) {
                (true, true) => cell.both += 1,
                (true, false) => cell.first_only += 1,
                _ => cell.second_only += 1,
            }
        }
    }
    let n = segments
        .iter()
        .filter(|s| s.role == Role::Respondent)
        .count() as u64;
    Some(InterviewCounts {
        segments: n,
        cells: cells.into_iter().collect(),
    })
}

/// The run's agreement of automatic with manual coding, summed over the interviews with manual
/// codes (no bootstrap intervals: `skillgap agree` gives them).
pub fn run_agreement(cb: &Codebook, parts: &[InterviewCounts]) -> Agreement {
    let units: u64 = parts.iter().map(|p| p.segments).sum();
    let mut totals = vec![Confusion::default(); cb.codes.len()];
    for p in parts {
        for (c, t) in &p.cells {
            totals[*c as usize].add(t);
        }
    }
    let mut rows = Vec::new();
    let mut all = Confusion::default();
    for (c, code) in cb.codes.iter().enumerate() {
        let mut t = totals[c];
        t.neither = units - t.both - t.first_only - t.second_only;
        all.add(&t);
        rows.push(point_row(&code.id, &code.label, t));
    }
    rows.push(point_row("(all)", "", all));
    Agreement {
        mode: Mode::AutoManual,
        interviews: parts.len(),
        segments: units as usize,
        left_out: Vec::new(),
        rows,
        disagreements: Vec::new(),
        warnings: Vec::new(),
    }
}

fn point_row(code: &str, label: &str, t: Confusion) -> Row {
    Row {
        code: code.to_owned(),
        label: label.to_owned(),
        precision: (t.precision(), None),
        recall: (t.recall(), None),
        f1: (t.f1(), None),
        kappa: (t.kappa(), None),
        alpha: t.alpha(),
        t,
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), dec)
}

fn ci(x: Option<(f64, f64)>) -> String {
    x.map_or_else(String::new, |(l, h)| format!(" [{}, {}]", dec(l), dec(h)))
}

/// The summary `agree` prints: the unit, then per code with any coded unit.
pub fn render(a: &Agreement) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let (first, second) = a.names();
    let what = match &a.mode {
        Mode::AutoManual => {
            "automatic coding (auto) against manual codes (manual, the reference)".to_owned()
        }
        Mode::TwoCoders(x, y) => format!(
            "{} (coder_a) against {} (coder_b, the reference)",
            x.display(),
            y.display()
        ),
    };
    let _ = writeln!(s, "agreement of {what}");
    let _ = writeln!(
        s,
        "unit: a respondent segment and a code (inclusive of sub-codes), over {} with manual \
         codes ({}); {} left out",
        crate::plural(a.interviews, "interview"),
        crate::plural(a.segments, "segment"),
        crate::plural(a.left_out.len(), "interview"),
    );
    let w = a
        .rows
        .iter()
        .map(|r| r.code.chars().count())
        .max()
        .unwrap_or(4);
    let _ = writeln!(
        s,
        "  {:<w$}  {:>6} {:>6} {:>5}  {:<20} {:<20} {:<20} kappa",
        "code", first, second, "both", "precision", "recall", "F1"
    );
    for r in &a.rows {
        if r.t.first() + r.t.second() == 0 {
            continue;
        }
        let cell = |x: &(Option<f64>, Option<(f64, f64)>)| format!("{}{}", pct(x.0), ci(x.1));
        let (p, rc, f, k) = (
            cell(&r.precision),
            cell(&r.recall),
            cell(&r.f1),
            cell(&r.kappa),
        );
        let _ = writeln!(
            s,
            "  {:<w$}  {:>6} {:>6} {:>5}  {p:<20} {rc:<20} {f:<20} {k}",
            r.code,
            r.t.first(),
            r.t.second(),
            r.t.both,
        );
    }
    if let Some(all) = a.rows.last() {
        let _ = writeln!(
            s,
            "Krippendorff's alpha (nominal, all codes pooled): {}",
            pct(all.alpha)
        );
    }
    s
}
