//! Diff compares two output folders, typically before and after a codebook change: which codes
//! were added, removed or relabelled, how each code's companies, segments and mentions changed,
//! and which segments a code now codes or no longer codes, with the words and the term
//! responsible. It reads only skillgap's own output (`manifest.json`, `codes.csv`,
//! `segments.csv`), so it works on folders from earlier runs without the inputs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::report::manifest;
use crate::Error;

/// What kind of change a row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    CodeAdded,
    CodeRemoved,
    CodeRelabelled,
    CountChanged,
    SegmentCoded,
    SegmentUncoded,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::CodeAdded => "code_added",
            Change::CodeRemoved => "code_removed",
            Change::CodeRelabelled => "code_relabelled",
            Change::CountChanged => "count_changed",
            Change::SegmentCoded => "segment_coded",
            Change::SegmentUncoded => "segment_uncoded",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub change: Change,
    pub code: String,
    /// `label`, `companies`, `segments` or `mentions` for code rows.
    pub measure: String,
    pub old: String,
    pub new: String,
    pub interview: String,
    pub segment: String,
    pub term: String,
    pub text: String,
}

/// Which run a folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    pub dir: PathBuf,
    pub codebook: String,
    pub version: String,
    pub sha256: String,
    pub finished: String,
}

/// The comparison.
pub struct Diff {
    pub old: RunInfo,
    pub new: RunInfo,
    pub rows: Vec<Row>,
}

type Record = BTreeMap<String, String>;

/// The columns of `codes.csv` and `segments.csv` that the comparison indexes by.
const CODES_COLUMNS: &[&str] = &["code"];
const SEGMENTS_COLUMNS: &[&str] = &["code", "interview", "segment"];

/// Reads `name` in `dir`, which must have the `required` columns (a CSV re-saved from a
/// spreadsheet may have lost or renamed one). Messages name the file and line.
fn read_csv(dir: &Path, name: &str, required: &[&str]) -> Result<Vec<Record>, Error> {
    let path = dir.join(name);
    let at = |line: u64, m: &str| {
        let mut d = crate::diag::Diagnostics::new();
        let line = usize::try_from(line).ok().filter(|&l| l > 0);
        d.error(&path, line, m.to_owned());
        Error::Input(d)
    };
    let bytes =
        crate::files::read_regular(&path).map_err(|e| at(0, &format!("cannot read: {e}")))?;
    let mut r = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    let headers = r.headers().map_err(|e| at(1, &e.to_string()))?.clone();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == *c))
        .collect();
    if !missing.is_empty() {
        return Err(at(
            1,
            &format!(
                "has no column {}; is it a CSV that skillgap wrote (saved again from a \
                 spreadsheet, it may use `;` or other column names)?",
                missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            at(line, &e.to_string())
        })?;
        out.push(
            headers
                .iter()
                .map(str::to_owned)
                .zip(rec.iter().map(str::to_owned))
                .collect(),
        );
    }
    Ok(out)
}

fn run_info(dir: &Path) -> Result<RunInfo, Error> {
    let m = dir.join("manifest.json");
    if !manifest::is_skillgap_manifest(&m) {
        return Err(Error::Usage(format!(
            "`{}` is not a skillgap output folder (it has no manifest.json written by skillgap)",
            dir.display()
        )));
    }
    let text = std::fs::read_to_string(&m).map_err(|source| Error::Read {
        path: m.clone(),
        source,
    })?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::Usage(format!("{}: {e}", m.display())))?;
    let s = |p: &str| {
        v.pointer(p)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_owned()
    };
    Ok(RunInfo {
        dir: dir.to_path_buf(),
        codebook: s("/codebook/name"),
        version: s("/codebook/version"),
        sha256: s("/codebook/sha256"),
        finished: s("/finished"),
    })
}

/// (code, interview, segment) -> (term, text) of its first counted occurrence.
fn coded(rows: &[Record]) -> BTreeMap<(String, String, String), (String, String)> {
    let mut out = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| r.get("negated").map(String::as_str) != Some("true"))
    {
        let key = (
            r["code"].clone(),
            r["interview"].clone(),
            r["segment"].clone(),
        );
        out.entry(key).or_insert_with(|| {
            (
                r.get("term").cloned().unwrap_or_default(),
                r.get("text").cloned().unwrap_or_default(),
            )
        });
    }
    out
}

/// A cell of an optional row, empty where the row or the column is missing.
fn field<'a>(r: Option<&'a Record>, column: &str) -> &'a str {
    r.and_then(|r| r.get(column)).map_or("", String::as_str)
}

/// Compares the output folders `old` and `new`.
pub fn diff(old: &Path, new: &Path) -> Result<Diff, Error> {
    let (old_info, new_info) = (run_info(old)?, run_info(new)?);
    let (old_codes, new_codes) = (
        read_csv(old, "codes.csv", CODES_COLUMNS)?,
        read_csv(new, "codes.csv", CODES_COLUMNS)?,
    );
    let index = |rows: &[Record]| -> BTreeMap<String, Record> {
        rows.iter()
            .map(|r| (r["code"].clone(), r.clone()))
            .collect()
    };
    let (o, n) = (index(&old_codes), index(&new_codes));
    let mut rows = Vec::new();
    let row = |change, code: &str, measure: &str, old: &str, new: &str| Row {
        change,
        code: code.to_owned(),
        measure: measure.to_owned(),
        old: old.to_owned(),
        new: new.to_owned(),
        interview: String::new(),
        segment: String::new(),
        term: String::new(),
        text: String::new(),
    };
    let ids: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    for id in ids {
        let (or, nr) = (o.get(id), n.get(id));
        match (or, nr) {
            (None, _) => rows.push(row(Change::CodeAdded, id, "label", "", field(nr, "label"))),
            (_, None) => rows.push(row(
                Change::CodeRemoved,
                id,
                "label",
                field(or, "label"),
                "",
            )),
            _ if field(or, "label") != field(nr, "label") => rows.push(row(
                Change::CodeRelabelled,
                id,
                "label",
                field(or, "label"),
                field(nr, "label"),
            )),
            _ => {}
        }
        // Counts of added and removed codes are listed too, with the missing side empty.
        for m in ["companies", "segments", "mentions"] {
            if field(or, m) != field(nr, m) {
                rows.push(row(Change::CountChanged, id, m, field(or, m), field(nr, m)));
            }
        }
    }
    let (old_segs, new_segs) = (
        coded(&read_csv(old, "segments.csv", SEGMENTS_COLUMNS)?),
        coded(&read_csv(new, "segments.csv", SEGMENTS_COLUMNS)?),
    );
    for (change, from, other) in [
        (Change::SegmentCoded, &new_segs, &old_segs),
        (Change::SegmentUncoded, &old_segs, &new_segs),
    ] {
        for ((code, interview, segment), (term, text)) in from {
            if !other.contains_key(&(code.clone(), interview.clone(), segment.clone())) {
                rows.push(Row {
                    interview: interview.clone(),
                    segment: segment.clone(),
                    term: term.clone(),
                    text: text.clone(),
                    ..row(change, code, "", "", "")
                });
            }
        }
    }
    rows.sort();
    Ok(Diff {
        old: old_info,
        new: new_info,
        rows,
    })
}

/// The rows as CSV.
pub fn to_csv(d: &Diff) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "change",
        "code",
        "measure",
        "old",
        "new",
        "interview",
        "segment",
        "term",
        "text",
    ]);
    for r in &d.rows {
        let _ = w.write_record([
            r.change.as_str(),
            &r.code,
            &r.measure,
            &r.old,
            &r.new,
            &r.interview,
            &r.segment,
            &r.term,
            &r.text,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn delta(old: &str, new: &str) -> String {
    match (old.parse::<i64>(), new.parse::<i64>()) {
        (Ok(a), Ok(b)) => format!("{a} -> {b} ({:+})", b - a),
        _ => format!(
            "{} -> {}",
            if old.is_empty() { "-" } else { old },
            if new.is_empty() { "-" } else { new }
        ),
    }
}

/// A summary for the terminal.
pub fn render(d: &Diff) -> String {
    let mut out = String::new();
    let info = |r: &RunInfo| {
        format!(
            "{} ({} {}, codebook sha256 {})",
            r.dir.display(),
            r.codebook,
            r.version,
            r.sha256.get(..12).unwrap_or(&r.sha256)
        )
    };
    let _ = writeln!(out, "old: {}\nnew: {}", info(&d.old), info(&d.new));
    if d.old.sha256 == d.new.sha256 {
        let _ = writeln!(out, "the same codebook in both runs");
    }
    let count = |c: Change| d.rows.iter().filter(|r| r.change == c).count();
    let ids = |c: Change| {
        d.rows
            .iter()
            .filter(|r| r.change == c)
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (c, what) in [
        (Change::CodeAdded, "added"),
        (Change::CodeRemoved, "removed"),
        (Change::CodeRelabelled, "relabelled"),
    ] {
        if count(c) > 0 {
            let _ = writeln!(out, "codes {what}: {}", ids(c));
        }
    }
    let changed: BTreeSet<&str> = d
        .rows
        .iter()
        .filter(|r| r.change == Change::CountChanged)
        .map(|r| r.code.as_str())
        .collect();
    if changed.is_empty() {
        let _ = writeln!(out, "no code's counts changed");
    } else {
        let _ = writeln!(
            out,
            "counts changed for {}:",
            crate::plural(changed.len(), "code")
        );
        let w = changed.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        for code in &changed {
            let parts: Vec<String> = d
                .rows
                .iter()
                .filter(|r| r.change == Change::CountChanged && r.code == *code)
                .map(|r| format!("{} {}", r.measure, delta(&r.old, &r.new)))
                .collect();
            let _ = writeln!(out, "  {code:<w$}  {}", parts.join(", "));
        }
    }
    let (plus, minus) = (count(Change::SegmentCoded), count(Change::SegmentUncoded));
    let _ = writeln!(out, "segments: {plus} newly coded, {minus} no longer coded");
    for r in d
        .rows
        .iter()
        .filter(|r| matches!(r.change, Change::SegmentCoded | Change::SegmentUncoded))
    {
        let sign = if r.change == Change::SegmentCoded {
            '+'
        } else {
            '-'
        };
        let term = if r.term.is_empty() {
            "manual code".to_owned()
        } else {
            format!("term {}", r.term)
        };
        let _ = writeln!(
            out,
            "  {sign} {}:{}  {}  \"{}\" ({term})",
            r.interview, r.segment, r.code, r.text
        );
    }
    out
}
