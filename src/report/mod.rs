//! Report writes a run's results: every table as CSV and Parquet, and `manifest.json` with the
//! provenance. Everything goes into a temporary folder beside the output folder, which replaces
//! the output folder only when complete, so a failed run leaves the previous output as it was.

pub mod data;
pub mod html;
pub mod manifest;
pub mod markdown;
pub mod svg;
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
        .map_err(|e| Error::Table {
            what: format!("writing {}", csv_path.display()),
            source: e,
        })?;
    let pq_path = dir.join(format!("{}.parquet", table.name));
    let file = File::create(&pq_path).map_err(write_err(&pq_path))?;
    ParquetWriter::new(BufWriter::new(file))
        .finish(&mut table.df)
        .map_err(|e| Error::Table {
            what: format!("writing {}", pq_path.display()),
            source: e,
        })?;
    Ok(())
}

/// Writes `report.xlsx`, `report.html` and `summary.md` into `dir`.
pub fn write_reports(
    dir: &Path,
    tables: &[Table],
    data: &data::ReportData,
    lang: html::Language,
) -> Result<(), Error> {
    let xlsx_path = dir.join("report.xlsx");
    xlsx::write(&xlsx_path, tables, data, lang).map_err(|e| Error::Report {
        path: xlsx_path.clone(),
        message: e.to_string(),
    })?;
    for (name, text) in [
        ("report.html", html::render(data, lang)),
        ("summary.md", markdown::render(data, lang)),
    ] {
        let path = dir.join(name);
        fs::write(&path, text).map_err(write_err(&path))?;
    }
    Ok(())
}

/// A folder being written that becomes the output folder on [`Staging::commit`] and is removed
/// if dropped before that.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a temporary folder beside `out`. Refuses to go on if `out` exists and is not
    /// an earlier skillgap output (so a mistyped `--out src` cannot replace a source folder).
    pub fn new(out: &Path) -> Result<Staging, Error> {
        if out.exists() && !is_replaceable(out) {
            return Err(Error::Usage(format!(
                "`{}` exists and is not a skillgap output folder (it has files but no \
                 manifest.json); choose another --out or remove it",
                out.display()
            )));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(write_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(write_err(&tmp))?;
        }
        fs::create_dir(&tmp).map_err(write_err(&tmp))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Moves the finished folder into place, replacing the previous output.
    pub fn commit(mut self) -> Result<(), Error> {
        let old = self.tmp.with_extension("old");
        if self.out.exists() {
            fs::rename(&self.out, &old).map_err(write_err(&self.out))?;
        }
        if let Err(source) = fs::rename(&self.tmp, &self.out) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&old, &self.out);
            return Err(Error::Write {
                path: self.out.clone(),
                source,
            });
        }
        self.committed = true;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(write_err(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn is_replaceable(out: &Path) -> bool {
    if !out.is_dir() {
        return false;
    }
    if out.join("manifest.json").is_file() {
        return manifest::is_skillgap_manifest(&out.join("manifest.json"));
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

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("main.rs"), "fn main() {}").unwrap();
        let err = Staging::new(tmp.path()).err().unwrap().to_string();
        assert!(err.contains("not a skillgap output folder"), "{err}");
        assert!(tmp.path().join("main.rs").exists());
    }
}
