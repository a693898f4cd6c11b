//! Compare sets two study waves side by side: a follow-up (say 2024) against its baseline (2022)
//! of the same region, each an output folder of `skillgap run`. Per code it gives the share of
//! companies in each wave and the difference, follow-up minus baseline, with Newcombe's 95 %
//! hybrid score interval ([`crate::tally::stats::newcombe`]), for mentions and for need.
//!
//! It differs from `diff`, which compares two runs of one corpus (two codebooks): here the
//! companies differ, so only shares are compared, and whether a change is more than chance is
//! the question. It reads only each folder's `manifest.json` (the number of companies, the
//! codebook) and `codes.csv`, so it works on folders from earlier runs, in publication mode too:
//! a count blanked there stays blank here, and so does everything computed from it, never 0.
//! Codes are matched by id; a code in one wave only is listed with the other wave blank.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::cmd::diff::RunInfo;
use crate::diag::{quote, CsvLines, Diagnostics};
use crate::report::svg::esc;
use crate::report::texts::Ui;
use crate::report::Language;
use crate::tally::{round4, stats};
use crate::{plural, Error};

/// The name of the table `write` writes, as `compare.csv` and `compare.parquet`.
pub const TABLE: &str = "compare";
/// The page `write` writes beside it.
pub const PAGE: &str = "compare.html";
/// The workbook `write` writes beside it.
pub const WORKBOOK: &str = "compare.xlsx";

/// One wave: the run that wrote its folder and what the comparison needs from its manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wave {
    pub run: RunInfo,
    /// Companies in the wave (`counts.companies`): the denominator of its shares.
    pub companies: u32,
    /// The run's `min_cell`: counts `0 < n < min_cell` are blank in its `codes.csv`.
    pub min_cell: u32,
    /// Whether the run judged stance; without it the need counts are all 0.
    pub stance: bool,
    /// The language of the run's reports (`sv`, `en`).
    pub report_language: String,
}

/// Where a code is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Both,
    BaselineOnly,
    FollowupOnly,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Both => "both",
            Status::BaselineOnly => "baseline_only",
            Status::FollowupOnly => "followup_only",
        }
    }

    pub fn in_baseline(self) -> bool {
        self != Status::FollowupOnly
    }

    pub fn in_followup(self) -> bool {
        self != Status::BaselineOnly
    }
}

/// A company count in each wave: `None` where the code is not in that wave or the count is
/// blank there (suppressed in publication mode). [`Row::status`] tells the two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pair {
    pub baseline: Option<u32>,
    pub followup: Option<u32>,
}

/// What is counted: companies that mention a code, or that ask for it (need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Mentions,
    Need,
}

/// One code of either wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub code: String,
    /// The follow-up's label, or the baseline's for a code the follow-up lacks.
    pub label: String,
    pub status: Status,
    /// Companies that mention the code (`companies` in `codes.csv`).
    pub mentions: Pair,
    /// Companies that ask for it (`need_companies`).
    pub need: Pair,
}

impl Row {
    pub fn pair(&self, m: Measure) -> &Pair {
        match m {
            Measure::Mentions => &self.mentions,
            Measure::Need => &self.need,
        }
    }
}

/// A difference of shares, follow-up minus baseline, with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl Difference {
    /// The interval leaves out 0: a change chance alone would rarely give.
    pub fn excludes_zero(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// The comparison of two waves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub baseline: Wave,
    pub followup: Wave,
    /// The follow-up's codes in its order, then the codes only the baseline has, in its order.
    pub rows: Vec<Row>,
}

impl Comparison {
    /// The shares of a pair in the baseline and the follow-up, where the count is known and
    /// the wave has companies.
    pub fn shares(&self, p: &Pair) -> (Option<f64>, Option<f64>) {
        let share = |k: Option<u32>, n: u32| k.filter(|_| n > 0).map(|k| stats::share(k, n));
        (
            share(p.baseline, self.baseline.companies),
            share(p.followup, self.followup.companies),
        )
    }

    /// Follow-up share minus baseline share, with Newcombe's interval; `None` where either
    /// share is unknown.
    pub fn difference(&self, p: &Pair) -> Option<Difference> {
        let (a, b) = (p.baseline?, p.followup?);
        let (na, nb) = (self.baseline.companies, self.followup.companies);
        if na == 0 || nb == 0 {
            return None;
        }
        let (low, high) = stats::newcombe(b, nb, a, na);
        Some(Difference {
            value: stats::share(b, nb) - stats::share(a, na),
            low,
            high,
        })
    }

    /// What the terminal summary and the page lead with, as the run's reports do: need, where
    /// both runs judged stance, else mentions.
    pub fn headline(&self) -> Measure {
        if self.baseline.stance && self.followup.stance {
            Measure::Need
        } else {
            Measure::Mentions
        }
    }

    /// The language of the follow-up's reports, for a page whose language was not asked for.
    pub fn language(&self) -> Language {
        match self.followup.report_language.as_str() {
            "en" => Language::En,
            _ => Language::Sv,
        }
    }

    /// The codes of one status.
    pub fn codes(&self, status: Status) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.code.as_str())
            .collect()
    }
}

/// One row of a wave's `codes.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CodeLine {
    code: String,
    label: String,
    companies: Option<u32>,
    need_companies: Option<u32>,
}

/// The columns of `codes.csv` that the comparison reads.
const COLUMNS: [&str; 4] = ["code", "label", "companies", "need_companies"];

fn input_error(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    let mut d = Diagnostics::new();
    d.error(path, line, message);
    Error::Input(d)
}

/// The byte offset and 1-based line of the first `needle` at or after byte `from` of `text`.
fn line_of(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let at = from + text.get(from..)?.find(needle)?;
    Some((at, crate::diag::line_at(text.as_bytes(), at)))
}

/// Reads the manifest of the output folder `dir`.
fn read_wave(dir: &Path) -> Result<Wave, Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder; give the output folders of two runs (baseline, then \
             follow-up)",
            dir.display()
        )));
    }
    let path = dir.join(crate::files::MANIFEST);
    if !crate::files::is_skillgap_manifest(&path) {
        return Err(Error::Usage(format!(
            "`{}` is not a skillgap output folder (it has no manifest.json written by skillgap)",
            dir.display()
        )));
    }
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| input_error(&path, Some(e.line()), e.to_string()))?;
    let s = |p: &str| {
        v.pointer(p)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let companies = v
        .pointer("/counts/companies")
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    let Some(companies) = companies else {
        // Point at `companies` inside `counts` where there is one, else at `counts`.
        let line = line_of(&text, "\"counts\"", 0)
            .map(|(at, line)| line_of(&text, "\"companies\"", at).map_or(line, |(_, l)| l));
        return Err(input_error(
            &path,
            line,
            "has no number of companies (`counts.companies`, a whole number); is it a manifest \
             that `skillgap run` wrote?",
        ));
    };
    Ok(Wave {
        run: RunInfo {
            dir: dir.to_path_buf(),
            codebook: s("/codebook/name"),
            version: s("/codebook/version"),
            sha256: s("/codebook/sha256"),
            finished: s("/finished"),
        },
        companies,
        min_cell: v
            .pointer("/options/min_cell")
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0),
        // Runs judge stance unless the codebook says `stance = false`.
        stance: v
            .pointer("/options/stance")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(true),
        report_language: s("/options/report_language"),
    })
}

/// A company count cell: empty is blank (suppressed), else a whole number of at most `n`.
fn count(value: &str, column: &str, n: u32) -> Result<Option<u32>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<u32>() {
        Ok(k) if k <= n => Ok(Some(k)),
        Ok(k) => Err(format!(
            "`{column}` is {k}, more than the {} in manifest.json",
            plural(n as usize, "company")
        )),
        Err(_) => Err(format!(
            "`{column}` is `{}`, not a whole number of companies",
            quote(v)
        )),
    }
}

/// Reads `codes.csv` in `dir`, whose wave has `n` companies. Every malformed row is reported,
/// at its line, before failing.
fn read_codes(dir: &Path, n: u32) -> Result<Vec<CodeLine>, Error> {
    let path = dir.join("codes.csv");
    let bytes = crate::files::read_regular(&path)
        .map_err(|e| input_error(&path, None, format!("cannot read: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = crate::diag::line_at(bytes, e.valid_up_to());
        input_error(
            &path,
            Some(line),
            "is not UTF-8; is it the codes.csv skillgap wrote?",
        )
    })?;
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| input_error(&path, Some(1), e.to_string()))?
        .clone();
    let index: [Option<usize>; 4] = COLUMNS.map(|c| headers.iter().position(|h| h == c));
    let [Some(code_col), Some(label_col), Some(companies_col), Some(need_col)] = index else {
        let missing: Vec<String> = COLUMNS
            .iter()
            .zip(&index)
            .filter(|(_, i)| i.is_none())
            .map(|(c, _)| format!("`{c}`"))
            .collect();
        return Err(input_error(
            &path,
            Some(1),
            format!(
                "has no column {}; is it a CSV that skillgap wrote (saved again from a \
                 spreadsheet, it may use `;` or other column names)?",
                missing.join(", ")
            ),
        ));
    };
    let mut d = Diagnostics::new();
    let mut lines = CsvLines::new(text);
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map(|p| lines.line(p.byte() as usize));
                d.error(&path, line, e.to_string());
                // The reader cannot be trusted to resynchronise after a broken record.
                break;
            }
        };
        // The reader's own line count skips blank lines; count from the byte offset instead.
        let line = rec.position().map_or(0, |p| lines.line(p.byte() as usize));
        let cell = |i: usize| rec.get(i).unwrap_or("");
        let code = cell(code_col).trim();
        if code.is_empty() {
            d.error(&path, Some(line), "row has no value in column `code`");
            continue;
        }
        if let Some(first) = first_line.get(code) {
            d.error(
                &path,
                Some(line),
                format!(
                    "code `{}` has a second row (first on line {first})",
                    quote(code)
                ),
            );
            continue;
        }
        first_line.insert(code.to_owned(), line);
        let (companies, need_companies) = (
            count(cell(companies_col), "companies", n),
            count(cell(need_col), "need_companies", n),
        );
        match (companies, need_companies) {
            (Ok(companies), Ok(need_companies)) => out.push(CodeLine {
                code: code.to_owned(),
                label: cell(label_col).to_owned(),
                companies,
                need_companies,
            }),
            (a, b) => {
                for m in [a.err(), b.err()].into_iter().flatten() {
                    d.error(&path, Some(line), m);
                }
            }
        }
    }
    if d.has_errors() {
        return Err(Error::Input(d));
    }
    Ok(out)
}

/// Compares the follow-up wave in the output folder `followup` with its baseline in
/// `baseline`.
pub fn compare(baseline: &Path, followup: &Path) -> Result<Comparison, Error> {
    let (a, b) = (read_wave(baseline)?, read_wave(followup)?);
    if let (Ok(x), Ok(y)) = (baseline.canonicalize(), followup.canonicalize()) {
        if x == y {
            return Err(Error::Usage(format!(
                "`{}` is both the baseline and the follow-up; give the output folders of two \
                 waves",
                baseline.display()
            )));
        }
    }
    let (codes_a, codes_b) = (
        read_codes(baseline, a.companies)?,
        read_codes(followup, b.companies)?,
    );
    let by_id: HashMap<&str, &CodeLine> = codes_a.iter().map(|c| (c.code.as_str(), c)).collect();
    let mut rows: Vec<Row> = codes_b
        .iter()
        .map(|cb| {
            let ca = by_id.get(cb.code.as_str()).copied();
            Row {
                code: cb.code.clone(),
                label: cb.label.clone(),
                status: if ca.is_some() {
                    Status::Both
                } else {
                    Status::FollowupOnly
                },
                mentions: Pair {
                    baseline: ca.and_then(|c| c.companies),
                    followup: cb.companies,
                },
                need: Pair {
                    baseline: ca.and_then(|c| c.need_companies),
                    followup: cb.need_companies,
                },
            }
        })
        .collect();
    let in_followup: std::collections::HashSet<&str> =
        codes_b.iter().map(|c| c.code.as_str()).collect();
    rows.extend(
        codes_a
            .iter()
            .filter(|c| !in_followup.contains(c.code.as_str()))
            .map(|ca| Row {
                code: ca.code.clone(),
                label: ca.label.clone(),
                status: Status::BaselineOnly,
                mentions: Pair {
                    baseline: ca.companies,
                    followup: None,
                },
                need: Pair {
                    baseline: ca.need_companies,
                    followup: None,
                },
            }),
    );
    Ok(Comparison {
        baseline: a,
        followup: b,
        rows,
    })
}

/// The default output folder: `compare/` in the follow-up's folder (a later `run` into that
/// folder replaces it with the rest).
pub fn default_out(followup: &Path) -> PathBuf {
    followup.join("compare")
}

/// Four decimals, as every share in the tables, without a negative zero.
fn round(x: f64) -> f64 {
    round4(x) + 0.0
}

impl Comparison {
    /// `compare`: one row per code, in the order of [`Comparison::rows`]. `_a` is the baseline,
    /// `_b` the follow-up; `difference` is `share_b - share_a` and its interval Newcombe's.
    /// Cells of a wave the code is not in are blank, and so is everything computed from a
    /// blank count.
    pub fn table(&self) -> PolarsResult<DataFrame> {
        let r = &self.rows;
        let strs = |name: &str, f: &dyn Fn(&Row) -> &str| {
            Column::new(
                name.into(),
                r.iter()
                    .map(|x| Some(f(x)).filter(|s| !s.is_empty()))
                    .collect::<Vec<_>>(),
            )
        };
        let u32s = |name: &str, f: &dyn Fn(&Row) -> Option<u32>| {
            Column::new(name.into(), r.iter().map(f).collect::<Vec<Option<u32>>>())
        };
        let f64s = |name: &str, f: &dyn Fn(&Row) -> Option<f64>| {
            Column::new(
                name.into(),
                r.iter()
                    .map(|x| f(x).map(round))
                    .collect::<Vec<Option<f64>>>(),
            )
        };
        let (na, nb) = (self.baseline.companies, self.followup.companies);
        let share_a = |m: Measure| move |x: &Row| self.shares(x.pair(m)).0;
        let share_b = |m: Measure| move |x: &Row| self.shares(x.pair(m)).1;
        let diff = |m: Measure| move |x: &Row| self.difference(x.pair(m));
        DataFrame::new_infer_height(vec![
            strs("code", &|x| &x.code),
            strs("label", &|x| &x.label),
            strs("status", &|x| x.status.as_str()),
            u32s("companies_a", &|x| x.mentions.baseline),
            u32s("n_a", &|x| x.status.in_baseline().then_some(na)),
            f64s("share_a", &share_a(Measure::Mentions)),
            u32s("companies_b", &|x| x.mentions.followup),
            u32s("n_b", &|x| x.status.in_followup().then_some(nb)),
            f64s("share_b", &share_b(Measure::Mentions)),
            f64s("difference", &|x| {
                diff(Measure::Mentions)(x).map(|d| d.value)
            }),
            f64s("diff_ci_low", &|x| {
                diff(Measure::Mentions)(x).map(|d| d.low)
            }),
            f64s("diff_ci_high", &|x| {
                diff(Measure::Mentions)(x).map(|d| d.high)
            }),
            u32s("need_companies_a", &|x| x.need.baseline),
            f64s("need_share_a", &share_a(Measure::Need)),
            u32s("need_companies_b", &|x| x.need.followup),
            f64s("need_share_b", &share_b(Measure::Need)),
            f64s("need_difference", &|x| {
                diff(Measure::Need)(x).map(|d| d.value)
            }),
            f64s("need_diff_ci_low", &|x| {
                diff(Measure::Need)(x).map(|d| d.low)
            }),
            f64s("need_diff_ci_high", &|x| {
                diff(Measure::Need)(x).map(|d| d.high)
            }),
        ])
    }

    /// Writes `compare.csv`, `compare.parquet`, `compare.html` and `compare.xlsx` (in `lang`) into `dir`,
    /// each file whole or not at all. Returns the paths written.
    pub fn write(&self, dir: &Path, lang: Language) -> Result<Vec<PathBuf>, Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut df = self
            .table()
            .map_err(Error::table(format!("building {TABLE}")))?;
        // As `agree` writes its tables: `report::write_table` takes a `Table` of a run's
        // `Kind`, and this table is no run's (no disclosure rule, no workbook sheet).
        let mut written = Vec::new();
        let mut csv = Vec::new();
        CsvWriter::new(&mut csv)
            .include_header(true)
            .finish(&mut df)
            .map_err(Error::table(format!("writing {TABLE}.csv")))?;
        let path = dir.join(format!("{TABLE}.csv"));
        crate::files::write_bytes(&path, &csv)?;
        written.push(path);
        let mut pq = Vec::new();
        ParquetWriter::new(&mut pq)
            .finish(&mut df)
            .map_err(Error::table(format!("writing {TABLE}.parquet")))?;
        let path = dir.join(format!("{TABLE}.parquet"));
        crate::files::write_bytes(&path, &pq)?;
        written.push(path);
        let path = dir.join(PAGE);
        crate::files::write_file(&path, &html(self, lang))?;
        written.push(path);
        let path = dir.join(WORKBOOK);
        self.workbook(&path, &df, lang)?;
        written.push(path);
        Ok(written)
    }
}

impl Comparison {
    /// Writes `compare.xlsx`: the table's sheet, then the two waves' provenance.
    fn workbook(&self, path: &Path, df: &DataFrame, lang: Language) -> Result<(), Error> {
        use crate::report::texts::Workbook as Texts;
        use crate::report::xlsx::{single, Cell};
        let tx = Texts::get(lang);
        let mut about: Vec<(String, Cell)> = Vec::new();
        for (name, w) in [
            (Texts::wave_names(lang).0, &self.baseline),
            (Texts::wave_names(lang).1, &self.followup),
        ] {
            about.push((
                format!("{name}: {}", tx.folder),
                w.run.dir.display().to_string().into(),
            ));
            about.push((
                format!("{name}: {}", tx.codebook),
                w.run.codebook.clone().into(),
            ));
            about.push((
                format!("{name}: {}", tx.codebook_version),
                w.run.version.clone().into(),
            ));
            about.push((
                format!("{name}: {}", tx.companies),
                (w.companies as usize).into(),
            ));
            about.push((
                format!("{name}: {}", tx.run_finished),
                w.run.finished.clone().into(),
            ));
        }
        about.push((
            tx.tool.to_owned(),
            format!("skillgap {}", env!("CARGO_PKG_VERSION")).into(),
        ));
        let bytes = single(tx.compare_sheet, df, &about, lang).map_err(|e| Error::Report {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        crate::files::write_bytes(path, &bytes)
    }
}

// ---------------------------------------------------------------------------------------------
// The terminal summary

/// A share as `23.1 % (3/13)`.
fn share_cell(k: Option<u32>, n: u32) -> String {
    match k {
        Some(k) => format!("{:.1} % ({k}/{n})", stats::share(k, n) * 100.0),
        None => "-".into(),
    }
}

/// Percentage points with a sign and one decimal: `+12.5`, `-3.0`, `0.0`.
fn signed(x: f64) -> String {
    let s = format!("{:+.1}", x * 100.0);
    if s == "+0.0" || s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// The summary `compare` prints: the two waves, then the codes whose interval excludes 0, then
/// the others with a difference, each by difference (largest rise first); then the codes
/// without one.
pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    let wave = |w: &Wave| {
        format!(
            "{} ({} {}, {})",
            w.run.dir.display(),
            w.run.codebook,
            w.run.version,
            plural(w.companies as usize, "company")
        )
    };
    let _ = writeln!(out, "baseline:  {}", wave(&c.baseline));
    let _ = writeln!(out, "follow-up: {}", wave(&c.followup));
    let m = c.headline();
    let what = match m {
        Measure::Need => "companies that ask for each code (need)",
        Measure::Mentions => "companies that mention each code",
    };
    let _ = writeln!(
        out,
        "{what}: baseline -> follow-up, the difference in percentage points (pp) and its 95 % \
         interval (Newcombe)"
    );
    let mut compared: Vec<(&Row, Difference)> = c
        .rows
        .iter()
        .filter_map(|r| c.difference(r.pair(m)).map(|d| (r, d)))
        .collect();
    // Stable: equal differences keep the table's order.
    compared.sort_by(|x, y| y.1.value.total_cmp(&x.1.value));
    let cells: Vec<[String; 5]> = compared
        .iter()
        .map(|(r, d)| {
            let p = r.pair(m);
            [
                r.code.clone(),
                share_cell(p.baseline, c.baseline.companies),
                share_cell(p.followup, c.followup.companies),
                format!("{} pp", signed(d.value)),
                format!("[{}, {}]", signed(d.low), signed(d.high)),
            ]
        })
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|row| row[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let w = [width(0), width(1), width(2), width(3), width(4)];
    let line = |out: &mut String, k: usize| {
        let [code, a, b, d, ci] = &cells[k];
        let text = format!(
            "  {code:<w0$}  {a:>w1$} -> {b:>w2$}  {d:>w3$}  {ci:<w4$}  {}",
            compared[k].0.label,
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3],
            w4 = w[4],
        );
        let _ = writeln!(out, "{}", text.trim_end());
    };
    let (sig, other): (Vec<usize>, Vec<usize>) =
        (0..compared.len()).partition(|&k| compared[k].1.excludes_zero());
    if sig.is_empty() {
        let _ = writeln!(out, "no change has an interval that excludes 0");
    } else {
        let _ = writeln!(
            out,
            "changes whose interval excludes 0 ({}):",
            plural(sig.len(), "code")
        );
        for k in sig {
            line(&mut out, k);
        }
    }
    if !other.is_empty() {
        let _ = writeln!(
            out,
            "changes whose interval includes 0, which may be chance ({}):",
            plural(other.len(), "code")
        );
        for k in other {
            line(&mut out, k);
        }
    }
    let blank: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| r.status == Status::Both && c.difference(r.pair(m)).is_none())
        .map(|r| r.code.as_str())
        .collect();
    for (codes, what) in [
        (blank, "not compared, a count is blank (suppressed)"),
        (c.codes(Status::BaselineOnly), "only in the baseline"),
        (c.codes(Status::FollowupOnly), "only in the follow-up"),
    ] {
        if !codes.is_empty() {
            let _ = writeln!(
                out,
                "{what} ({}): {}",
                plural(codes.len(), "code"),
                codes.join(", ")
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The page

/// Every text of `compare.html` in one language; numbers are formatted as the report's
/// ([`Ui`]), whose words it also borrows (the skill column, "fewer than k", "k of n
/// companies").
pub struct Texts {
    pub kicker: &'static str,
    pub heading: &'static str,
    pub baseline: &'static str,
    pub followup: &'static str,
    /// (companies in the baseline, in the follow-up).
    pub sub_need: fn(u32, u32) -> String,
    pub sub_mentions: fn(u32, u32) -> String,
    pub change: &'static str,
    pub interval: &'static str,
    /// After a number of percentage points.
    pub points: &'static str,
    /// Between the bounds of an interval.
    pub to: &'static str,
    pub not_in_wave: &'static str,
    /// (codes only in the baseline, only in the follow-up).
    pub one_wave: fn(usize, usize) -> String,
    pub h_waves: &'static str,
    pub codebook: &'static str,
    pub finished: &'static str,
    pub companies: &'static str,
    pub read: [&'static str; 3],
}

pub const SV: Texts = Texts {
    kicker: "Kompetensbehov i företag – jämförelse av två omgångar",
    heading: "Förändring mellan omgångarna",
    baseline: "Utgångsläge",
    followup: "Uppföljning",
    sub_need: |a, b| {
        format!(
            "Andel av de intervjuade företagen som efterfrågar kompetensen (säger att de behöver \
             eller saknar den eller har svårt att rekrytera den), i utgångsläget (N = {a}) och i \
             uppföljningen (N = {b}), och förändringen i procentenheter med 95 % \
             konfidensintervall. Fetstil: intervallet omfattar inte 0."
        )
    },
    sub_mentions: |a, b| {
        format!(
            "Andel av de intervjuade företagen som nämner kompetensen, i utgångsläget \
             (N = {a}) och i uppföljningen (N = {b}), och förändringen i procentenheter med \
             95 % konfidensintervall. Fetstil: intervallet omfattar inte 0."
        )
    },
    change: "Förändring",
    interval: "95 % intervall",
    points: "\u{a0}p.e.",
    to: "till",
    not_in_wave: "finns inte i den här omgångens kodbok",
    one_wave: |a, b| {
        format!(
            "{a} {} bara i utgångsläget och {b} bara i uppföljningen; de jämförs inte.",
            if a == 1 { "kod finns" } else { "koder finns" }
        )
    },
    h_waves: "Omgångarna",
    codebook: "Kodbok",
    finished: "Körd",
    companies: "Företag",
    read: [
        "Förändringen är uppföljningens andel minus utgångslägets, i procentenheter (p.e.).",
        "Intervallet är Newcombes 95 % konfidensintervall för skillnaden mellan två andelar. \
         Omfattar det 0 kan förändringen bero på slumpen: med få företag i varje omgång krävs \
         stora skillnader.",
        "Koderna jämförs efter id. Olika företag kan ha intervjuats i de två omgångarna.",
    ],
};

pub const EN: Texts = Texts {
    kicker: "Skills needs in companies – comparison of two waves",
    heading: "Change between the waves",
    baseline: "Baseline",
    followup: "Follow-up",
    sub_need: |a, b| {
        format!(
            "Share of the companies interviewed that ask for the skill (they say they need or \
             lack it, or find it hard to recruit), in the baseline (N = {a}) and in the \
             follow-up (N = {b}), and the change in percentage points with its 95 % confidence \
             interval. Bold: the interval leaves out 0."
        )
    },
    sub_mentions: |a, b| {
        format!(
            "Share of the companies interviewed that mention the skill, in the baseline \
             (N = {a}) and in the follow-up (N = {b}), and the change in percentage points with \
             its 95 % confidence interval. Bold: the interval leaves out 0."
        )
    },
    change: "Change",
    interval: "95 % interval",
    points: "\u{a0}pp",
    to: "to",
    not_in_wave: "not in this wave's codebook",
    one_wave: |a, b| {
        format!(
            "{a} {} only in the baseline and {b} only in the follow-up; they are not compared.",
            if a == 1 { "code is" } else { "codes are" }
        )
    },
    h_waves: "The waves",
    codebook: "Codebook",
    finished: "Run",
    companies: "Companies",
    read: [
        "The change is the follow-up's share minus the baseline's, in percentage points (pp).",
        "The interval is Newcombe's 95 % confidence interval for the difference of two shares. \
         Where it includes 0 the change may be chance: with few companies in each wave only \
         large differences stand out.",
        "Codes are matched by id. The two waves may have interviewed different companies.",
    ],
};

impl Texts {
    pub fn get(lang: Language) -> &'static Texts {
        match lang {
            Language::Sv => &SV,
            Language::En => &EN,
        }
    }
}

/// The page's own rules, after the report's stylesheet: on a phone the table scrolls sideways,
/// with the skill column kept in view, rather than squeezing its numbers.
const EXTRA_CSS: &str = "\
table.compare { width: 100%; }
table.compare th, table.compare td { padding: 6px 8px; border-bottom: 1px solid var(--line);
  text-align: right; white-space: nowrap; }
table.compare thead th { background: var(--soft); vertical-align: bottom; white-space: normal; }
table.compare thead th small { display: block; font-weight: 400; color: var(--muted); }
table.compare .skill { text-align: left; white-space: normal; min-width: 8em;
  position: sticky; left: 0; background: #fff; }
table.compare thead th.skill { background: var(--soft); }
table.compare tbody th.skill { font-weight: 400; }
table.compare tr.sig td.chg { font-weight: 700; }
table.compare td.sup, table.compare td.na { color: var(--muted); font-style: italic; }
p.note { color: var(--muted); }
@media (max-width: 480px) { table.compare th, table.compare td { padding: 5px 6px; } }
";

/// Whole percentage points with a sign (a true minus): `+12`, `−3`, `0`.
fn points(x: f64) -> String {
    let v = (x * 100.0).round();
    if v == 0.0 {
        "0".into()
    } else if v > 0.0 {
        format!("+{v}")
    } else {
        format!("\u{2212}{}", -v)
    }
}

/// A share cell of one wave.
fn share_td(ui: &Ui, t: &Texts, k: Option<u32>, in_wave: bool, w: &Wave) -> String {
    match k {
        _ if !in_wave => format!("<td class=\"na\" title=\"{}\">–</td>", esc(t.not_in_wave)),
        Some(k) if w.companies > 0 => format!(
            "<td title=\"{}\">{}</td>",
            esc(&(ui.group_cell_title)(k, w.companies)),
            esc(&ui.pct(stats::share(k, w.companies)))
        ),
        None if w.min_cell > 1 => format!(
            "<td class=\"sup\" title=\"{}\">&lt;{}</td>",
            esc(&(ui.fewer_than)(w.min_cell)),
            w.min_cell
        ),
        _ => "<td>–</td>".into(),
    }
}

fn wave_heading(name: &str, w: &Wave) -> String {
    let date = w.run.finished.split('T').next().unwrap_or("");
    let mut small = String::new();
    if !date.is_empty() {
        small.push_str(&esc(date));
        small.push_str(" · ");
    }
    let _ = write!(small, "N = {}", w.companies);
    format!(
        "<th scope=\"col\">{} <small>{small}</small></th>",
        esc(name)
    )
}

/// Renders `compare.html`: the codes by their follow-up share, highest first, with both
/// shares, the change and its interval; then the waves' provenance and how to read it. One
/// self-contained page (the report's stylesheet, no script, nothing from the network).
pub fn html(c: &Comparison, lang: Language) -> String {
    let ui = Ui::get(lang);
    let t = Texts::get(lang);
    let m = c.headline();
    let title = if c.followup.run.codebook.trim().is_empty() {
        "skillgap".to_owned()
    } else {
        c.followup.run.codebook.clone()
    };
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{page_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"skillgap {version}\">\n\
         <title>{name}</title>\n<style>{CSS}{EXTRA_CSS}</style>\n</head>\n<body>\n<main>\n\
         <header>\n<p class=\"kicker\">{kicker}</p>\n<h1>{name}</h1>\n</header>\n",
        page_lang = ui.lang,
        version = env!("CARGO_PKG_VERSION"),
        name = esc(&title),
        kicker = esc(t.kicker),
    );
    let sub = match m {
        Measure::Need => t.sub_need,
        Measure::Mentions => t.sub_mentions,
    };
    let _ = write!(
        page,
        "<section id=\"compare\">\n<h2>{}</h2>\n<p class=\"sub\">{}</p>\n\
         <div class=\"scroll\"><table class=\"compare\">\n<thead><tr>\
         <th class=\"skill\" scope=\"col\">{}</th>{}{}<th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        esc(t.heading),
        esc(&sub(c.baseline.companies, c.followup.companies)),
        esc(ui.skill),
        wave_heading(t.baseline, &c.baseline),
        wave_heading(t.followup, &c.followup),
        esc(t.change),
        esc(t.interval),
    );
    // By follow-up share, highest first; codes without one (blank there, or only in the
    // baseline) last, in the table's order.
    let mut order: Vec<&Row> = c.rows.iter().collect();
    let rank = |r: &Row| u8::from(!r.status.in_followup());
    order.sort_by(
        |x, y| match (c.shares(x.pair(m)).1, c.shares(y.pair(m)).1) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => rank(x).cmp(&rank(y)),
        },
    );
    for r in order {
        let p = r.pair(m);
        let d = c.difference(p);
        let class = if d.is_some_and(|d| d.excludes_zero()) {
            " class=\"sig\""
        } else {
            ""
        };
        let (change, interval) = match d {
            Some(d) => (
                format!("{}{}", points(d.value), t.points),
                format!("{} {} {}", points(d.low), t.to, points(d.high)),
            ),
            None => ("–".to_owned(), "–".to_owned()),
        };
        let label = if r.label.is_empty() {
            &r.code
        } else {
            &r.label
        };
        let _ = writeln!(
            page,
            "<tr{class}><th class=\"skill\" scope=\"row\">{}</th>{}{}<td class=\"chg\">{}</td>\
             <td class=\"chg\">{}</td></tr>",
            esc(label),
            share_td(ui, t, p.baseline, r.status.in_baseline(), &c.baseline),
            share_td(ui, t, p.followup, r.status.in_followup(), &c.followup),
            esc(&change),
            esc(&interval),
        );
    }
    page.push_str("</tbody></table></div>\n");
    let (only_a, only_b) = (
        c.codes(Status::BaselineOnly).len(),
        c.codes(Status::FollowupOnly).len(),
    );
    if only_a + only_b > 0 {
        let _ = writeln!(
            page,
            "<p class=\"note\">{}</p>",
            esc(&(t.one_wave)(only_a, only_b))
        );
    }
    let _ = writeln!(
        page,
        "</section>\n<section id=\"about\">\n<h2>{}</h2>",
        esc(t.h_waves)
    );
    page.push_str("<dl class=\"prov\">\n");
    for (name, w) in [(t.baseline, &c.baseline), (t.followup, &c.followup)] {
        let version = if w.run.version.is_empty() {
            String::new()
        } else {
            format!(" ({} {})", ui.version, w.run.version)
        };
        let date = w.run.finished.split('T').next().unwrap_or("");
        let _ = writeln!(
            page,
            "<dt>{}</dt><dd>{}: {}{} · {}: {} · {}: {}</dd>",
            esc(name),
            esc(t.codebook),
            esc(&w.run.codebook),
            esc(&version),
            esc(t.finished),
            esc(if date.is_empty() { "–" } else { date }),
            esc(t.companies),
            ui.int(w.companies as usize),
        );
    }
    let _ = write!(
        page,
        "</dl>\n<h3>{}</h3>\n<ul class=\"read\">\n",
        esc(ui.h_read)
    );
    for line in t.read {
        let _ = writeln!(page, "<li>{}</li>", esc(line));
    }
    let k = c.baseline.min_cell.max(c.followup.min_cell);
    // With k = 1 nothing is suppressed (0 < n < 1 is empty).
    if k > 1 {
        let _ = writeln!(page, "<li>{}</li>", esc(&(ui.read_suppressed)(k)));
    }
    page.push_str("</ul>\n</section>\n</main>\n</body>\n</html>\n");
    page
}

/// The report's stylesheet, shared so that the two pages look alike.
const CSS: &str = include_str!("../report/html/page.css");

#[cfg(test)]
mod tests;
