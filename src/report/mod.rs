//! Report writes a run's results: every table as CSV and Parquet, and `manifest.json` with the
//! provenance. Everything goes into a temporary folder beside the output folder, which replaces
//! the output folder only when complete, so a failed run leaves the previous output as it was.

pub mod data;
pub mod group;
pub mod html;
pub mod manifest;
pub mod markdown;
pub mod qdpx;
pub mod svg;
pub mod texts;
pub mod xlsx;

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::tally::Table;
use crate::Error;

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes one table as `<name>.csv` and `<name>.parquet` into `dir`.
pub fn write_table(dir: &Path, table: &mut Table) -> Result<(), Error> {
    let csv_path = dir.join(format!("{}.csv", table.name));
    let file = File::create(&csv_path).map_err(write_err(&csv_path))?;
    let mut w = BufWriter::new(file);
    CsvWriter::new(&mut w)
        .include_header(true)
        .finish(&mut table.df)
        .map_err(Error::table(format!("writing {}", csv_path.display())))?;
    let pq_path = dir.join(format!("{}.parquet", table.name));
    let file = File::create(&pq_path).map_err(write_err(&pq_path))?;
    ParquetWriter::new(BufWriter::new(file))
        .finish(&mut table.df)
        .map_err(Error::table(format!("writing {}", pq_path.display())))?;
    Ok(())
}

type CsvBatches = polars::io::csv::write::BatchedWriter<BufWriter<File>>;
type ParquetBatches = polars::io::parquet::write::BatchedWriter<BufWriter<File>>;

/// Rows gathered before a batch of `segments` is written (one Parquet row group per batch).
const BATCH_ROWS: usize = 65_536;

/// One table written batch by batch as `<name>.csv` and `<name>.parquet` (a row group a
/// batch), for the tables that grow with the corpus and are never held whole. The first rows
/// are kept for the workbook.
struct Batched {
    csv: (PathBuf, CsvBatches),
    parquet: (PathBuf, ParquetBatches),
    head: DataFrame,
    rows: usize,
}

impl Batched {
    /// Creates both files in `dir`, for tables of the columns of `empty`.
    fn new(dir: &Path, name: &str, empty: DataFrame) -> Result<Batched, Error> {
        let schema = empty.schema().as_ref().clone();
        let csv_path = dir.join(format!("{name}.csv"));
        let file = File::create(&csv_path).map_err(write_err(&csv_path))?;
        let csv = CsvWriter::new(BufWriter::new(file))
            .include_header(true)
            .batched(&schema)
            .map_err(Error::table(format!("writing {}", csv_path.display())))?;
        let pq_path = dir.join(format!("{name}.parquet"));
        let file = File::create(&pq_path).map_err(write_err(&pq_path))?;
        let parquet = ParquetWriter::new(BufWriter::new(file))
            .batched(&schema)
            .map_err(Error::table(format!("writing {}", pq_path.display())))?;
        Ok(Batched {
            csv: (csv_path, csv),
            parquet: (pq_path, parquet),
            head: empty,
            rows: 0,
        })
    }

    fn write(&mut self, df: &DataFrame) -> Result<(), Error> {
        if df.height() == 0 {
            return Ok(());
        }
        let (path, csv) = &mut self.csv;
        csv.write_batch(df)
            .map_err(Error::table(format!("writing {}", path.display())))?;
        let (path, parquet) = &mut self.parquet;
        parquet
            .write_batch(df)
            .map_err(Error::table(format!("writing {}", path.display())))?;
        self.rows += df.height();
        let keep = MAX_ROWS.saturating_sub(self.head.height());
        if keep > 0 {
            self.head
                .vstack_mut(&df.slice(0, keep))
                .map_err(Error::table(format!("writing {}", self.csv.0.display())))?;
        }
        Ok(())
    }

    /// Closes both files. Returns the table with its first rows and the count of all.
    fn finish(mut self, kind: crate::tally::Kind) -> Result<Table, Error> {
        let (path, csv) = &mut self.csv;
        csv.finish()
            .map_err(Error::table(format!("writing {}", path.display())))?;
        let (path, parquet) = &self.parquet;
        parquet
            .finish()
            .map_err(Error::table(format!("writing {}", path.display())))?;
        let mut table = Table::new(kind, self.head);
        table.rows = self.rows;
        Ok(table)
    }
}

/// Writes a table that comes in batches (the first one gives the columns, and may be empty)
/// into `dir`, as [`write_table`] does with a whole one. Returns the table with its first rows,
/// for the workbook, and the count of all in [`Table::rows`].
pub fn write_batches(
    dir: &Path,
    kind: crate::tally::Kind,
    mut batches: impl Iterator<Item = PolarsResult<DataFrame>>,
) -> Result<Table, Error> {
    let name = kind.name();
    let building = || Error::table(format!("building the {name} table"));
    let first = batches
        .next()
        .unwrap_or_else(|| Ok(DataFrame::empty()))
        .map_err(building())?;
    let mut out = Batched::new(dir, &name, first.clear())?;
    out.write(&first)?;
    drop(first);
    for df in batches {
        out.write(&df.map_err(building())?)?;
    }
    out.finish(kind)
}

/// Writes the `segments` table while the run goes on, as CSV and Parquet in batches, so that it
/// never has to be held whole. Interviews come in file order; a pseudonymized run instead
/// holds the (small) rows until the end and writes them in the order of the interviews'
/// pseudonyms, so that row order gives nothing away. The first rows are kept for the workbook.
pub struct SegmentsWriter<'a> {
    cb: &'a crate::codebook::Codebook,
    matcher: &'a crate::coding::Matcher,
    omit_text: bool,
    out: Batched,
    pending: Vec<crate::tally::segments::InterviewRows>,
    pending_rows: usize,
    held: Option<Vec<(u64, crate::tally::segments::InterviewRows)>>,
    batch_rows: usize,
}

impl<'a> SegmentsWriter<'a> {
    /// Creates `segments.csv` and `segments.parquet` in `dir`. With `hold`, rows are written
    /// in the order of their keys at [`SegmentsWriter::finish`] instead of as they come.
    pub fn new(
        dir: &Path,
        cb: &'a crate::codebook::Codebook,
        matcher: &'a crate::coding::Matcher,
        omit_text: bool,
        hold: bool,
    ) -> Result<SegmentsWriter<'a>, Error> {
        let empty = crate::tally::segments::frame(&[], cb, matcher, omit_text)
            .map_err(Error::table("building the segments table"))?;
        Ok(SegmentsWriter {
            cb,
            matcher,
            omit_text,
            out: Batched::new(dir, "segments", empty)?,
            pending: Vec::new(),
            pending_rows: 0,
            held: hold.then(Vec::new),
            batch_rows: BATCH_ROWS,
        })
    }

    /// Adds one interview's rows; `key` orders them in a held run.
    pub fn push(
        &mut self,
        key: u64,
        rows: crate::tally::segments::InterviewRows,
    ) -> Result<(), Error> {
        if let Some(held) = &mut self.held {
            held.push((key, rows));
            return Ok(());
        }
        self.queue(rows)
    }

    fn queue(&mut self, rows: crate::tally::segments::InterviewRows) -> Result<(), Error> {
        self.pending_rows += rows.len();
        self.pending.push(rows);
        if self.pending_rows >= self.batch_rows {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let df =
            crate::tally::segments::frame(&self.pending, self.cb, self.matcher, self.omit_text)
                .map_err(Error::table("building the segments table"))?;
        self.pending.clear();
        self.pending_rows = 0;
        self.out.write(&df)
    }

    /// Writes what is left and closes both files. Returns the table with its first rows, for
    /// the workbook.
    pub fn finish(mut self) -> Result<Table, Error> {
        if let Some(mut held) = self.held.take() {
            held.sort_by_key(|(key, _)| *key);
            for (_, rows) in held {
                self.queue(rows)?;
            }
        }
        self.flush()?;
        self.out.finish(crate::tally::Kind::Segments)
    }
}

/// The language of the readable reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Sv,
    En,
}

/// Rows a workbook sheet holds: a sheet of a longer table is cut there with a note (the CSV
/// and Parquet files are whole), and the company × code matrix has at most as many companies.
pub const MAX_ROWS: usize = 20_000;

/// The readable reports written beside the tables, in the order the manifest lists them.
pub const REPORTS: [&str; 3] = [WORKBOOK, PAGE, SUMMARY];
const WORKBOOK: &str = "report.xlsx";
const PAGE: &str = "report.html";
const SUMMARY: &str = "summary.md";

/// Writes the [`REPORTS`] into `dir`, and a page per group of `pages`.
pub fn write_reports(
    dir: &Path,
    tables: &[Table],
    data: &data::ReportData,
    pages: &[group::GroupPage],
    lang: Language,
) -> Result<(), Error> {
    let xlsx_path = dir.join(WORKBOOK);
    // The workbook takes longest; the page and the summary are rendered beside it.
    let (workbook, texts) = rayon::join(
        || xlsx::write(&xlsx_path, tables, data, lang),
        || {
            [
                (PAGE, html::render(data, lang)),
                (SUMMARY, markdown::render(data, lang)),
            ]
        },
    );
    workbook.map_err(|e| Error::Report {
        path: xlsx_path.clone(),
        message: e.to_string(),
    })?;
    for (name, text) in texts {
        let path = dir.join(name);
        fs::write(&path, text).map_err(write_err(&path))?;
    }
    for page in pages {
        let path = dir.join(&page.file);
        fs::write(&path, html::group::render(page, data, lang)).map_err(write_err(&path))?;
    }
    Ok(())
}

/// Writes `manifest.json` into `dir`.
pub fn write_manifest(dir: &Path, manifest: &manifest::Manifest) -> Result<(), Error> {
    let path = dir.join(crate::files::MANIFEST);
    let json =
        serde_json::to_string_pretty(manifest).map_err(|e| Error::Internal(e.to_string()))?;
    fs::write(&path, json + "\n").map_err(write_err(&path))
}

/// A folder being written that becomes the output folder on [`Staging::commit`] and is removed
/// if dropped before that.
pub struct Staging {
    tmp: crate::files::Temp,
    out: PathBuf,
}

impl Staging {
    /// Prepares a temporary folder beside `out`. Refuses to go on if `out` exists and is not
    /// an earlier skillgap output (so a mistyped `--out src` cannot replace a source folder).
    /// Staging folders that killed runs left beside `out` are removed first.
    pub fn new(out: &Path) -> Result<Staging, Error> {
        check_out(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(write_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        crate::files::remove_stale(&parent, &format!(".{name}"));
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(write_err(&tmp))?;
        }
        let tmp = crate::files::Temp::new(tmp);
        fs::create_dir(tmp.path()).map_err(write_err(tmp.path()))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// Moves the finished folder into place, replacing the previous output.
    pub fn commit(self) -> Result<(), Error> {
        let old = crate::files::Temp::new(self.tmp.path().with_extension("old"));
        if self.out.exists() {
            fs::rename(&self.out, old.path()).map_err(write_err(&self.out))?;
        }
        if let Err(source) = fs::rename(self.tmp.path(), &self.out) {
            // Put the previous output back before reporting.
            let _ = fs::rename(old.path(), &self.out);
            old.keep();
            return Err(Error::Write {
                path: self.out.clone(),
                source,
            });
        }
        self.tmp.keep();
        // Dropping `old` removes the previous output.
        Ok(())
    }
}

/// Refuses an `--out` that exists and is not an earlier skillgap output folder (or an empty
/// folder): checked before any work, so a refused run writes nothing anywhere.
pub fn check_out(out: &Path) -> Result<(), Error> {
    if (out.exists() || out.is_symlink()) && !is_replaceable(out) {
        let what = match fs::metadata(out) {
            Ok(m) if m.is_dir() => "a folder with files but no manifest.json",
            Ok(m) => crate::files::kind_of(&m.file_type()),
            Err(_) => "a link to nothing",
        };
        return Err(Error::Usage(format!(
            "--out `{}` exists and is not a skillgap output folder (it is {what}); choose \
             another --out or remove it",
            out.display()
        )));
    }
    Ok(())
}

fn is_replaceable(out: &Path) -> bool {
    let Ok(meta) = fs::metadata(out) else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    if out.join(crate::files::MANIFEST).exists() {
        return crate::files::is_output_folder(out);
    }
    fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_replaces_previous_output_only_on_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("manifest.json"), r#"{"tool":"skillgap"}"#).unwrap();
        fs::write(out.join("old.csv"), "x").unwrap();

        let s = Staging::new(&out).unwrap();
        fs::write(s.dir().join("new.csv"), "y").unwrap();
        drop(s); // a failed run
        assert!(out.join("old.csv").exists());
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "temporary folder left behind"
        );

        let s = Staging::new(&out).unwrap();
        fs::write(s.dir().join("new.csv"), "y").unwrap();
        s.commit().unwrap();
        assert!(!out.join("old.csv").exists());
        assert!(out.join("new.csv").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    /// The `segments` rows of three small interviews, in file order.
    fn interview_rows(
        cb: &crate::codebook::Codebook,
        m: &crate::coding::Matcher,
    ) -> Vec<crate::tally::segments::InterviewRows> {
        let mut coder = crate::coding::Coder::new(m);
        [
            "R: AI och AI.\nI: AI?\n",
            "R: Ingen AI här.\n",
            "R: AI, AI och AI.\n",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut d = crate::diag::Diagnostics::new();
            let roles = crate::ingest::Roles::default();
            let t = crate::ingest::transcript::parse(text, Path::new("x.md"), &roles, &mut d);
            let occ = crate::coding::code_interview(i as u32, &t.segments, cb, &mut coder);
            let id = format!("IP{i}");
            crate::tally::segments::InterviewRows::new(&id, "C", &t.segments, &occ, |s| &s.speaker)
        })
        .collect()
    }

    #[test]
    fn segments_are_written_in_batches_as_one_table() {
        let mut d = crate::diag::Diagnostics::new();
        let cb = crate::codebook::parse(
            "name = \"t\"\n[[codes]]\nid = \"ai\"\nterms = [\"AI\"]\n",
            Path::new("t.toml"),
            "",
            &mut d,
        )
        .unwrap();
        let m = crate::coding::Matcher::new(&cb).unwrap();
        let rows = interview_rows(&cb, &m);
        let whole = |rows: &[crate::tally::segments::InterviewRows]| {
            let mut df = crate::tally::segments::frame(rows, &cb, &m, false).unwrap();
            let mut buf = Vec::new();
            CsvWriter::new(&mut buf).finish(&mut df).unwrap();
            String::from_utf8(buf).unwrap()
        };
        for hold in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let mut w = SegmentsWriter::new(tmp.path(), &cb, &m, false, hold).unwrap();
            w.batch_rows = 2;
            // Held rows are written in the order of their keys: here the reverse.
            for (i, r) in rows.iter().enumerate() {
                w.push(10 - i as u64, r.clone()).unwrap();
            }
            let table = w.finish().unwrap();
            let mut expected = rows.clone();
            if hold {
                expected.reverse();
            }
            let csv = fs::read_to_string(tmp.path().join("segments.csv")).unwrap();
            assert_eq!(csv, whole(&expected), "hold = {hold}");
            assert_eq!(table.rows, 6);
            assert_eq!(table.df.height(), 6);
            let file = File::open(tmp.path().join("segments.parquet")).unwrap();
            let pq = ParquetReader::new(file).finish().unwrap();
            assert_eq!(pq.height(), 6);
            let names: Vec<&str> = pq.get_column_names().iter().map(|n| n.as_str()).collect();
            assert_eq!(names, crate::tally::segments::COLUMNS);
        }
    }

    #[test]
    fn a_table_in_batches_is_written_as_the_whole_one_and_keeps_its_head() {
        let batch = |from: u32, n: u32| {
            let ids: Vec<String> = (from..from + n).map(|i| format!("C{i}")).collect();
            df!("company" => ids, "segments" => (from..from + n).collect::<Vec<u32>>()).unwrap()
        };
        let tmp = tempfile::tempdir().unwrap();
        let (whole_dir, batch_dir) = (tmp.path().join("whole"), tmp.path().join("batches"));
        fs::create_dir(&whole_dir).unwrap();
        fs::create_dir(&batch_dir).unwrap();
        let mut whole = Table::new(crate::tally::Kind::CompanyCodes, batch(0, 25_000));
        write_table(&whole_dir, &mut whole).unwrap();
        // An empty first batch gives the columns; the head stops at MAX_ROWS.
        let batches = [batch(0, 0), batch(0, 15_000), batch(15_000, 10_000)].map(Ok);
        let t = write_batches(
            &batch_dir,
            crate::tally::Kind::CompanyCodes,
            batches.into_iter(),
        )
        .unwrap();
        assert_eq!((t.rows, t.df.height()), (25_000, MAX_ROWS));
        assert_eq!(t.df, whole.df.slice(0, MAX_ROWS));
        let csv = |dir: &Path| fs::read_to_string(dir.join("company_codes.csv")).unwrap();
        assert_eq!(csv(&batch_dir), csv(&whole_dir));
        let file = File::open(batch_dir.join("company_codes.parquet")).unwrap();
        assert_eq!(ParquetReader::new(file).finish().unwrap(), whole.df);
        // No rows at all: the header alone.
        let empty = write_batches(
            &batch_dir,
            crate::tally::Kind::Codes,
            std::iter::once(Ok(batch(0, 0))),
        )
        .unwrap();
        assert_eq!(empty.rows, 0);
        assert_eq!(
            fs::read_to_string(batch_dir.join("codes.csv")).unwrap(),
            "company,segments\n"
        );
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("main.rs"), "fn main() {}").unwrap();
        let err = Staging::new(tmp.path()).err().unwrap().to_string();
        assert!(err.contains("not a skillgap output folder"), "{err}");
        assert!(tmp.path().join("main.rs").exists());
    }
}
