//! Config is the validated form of the command line: paths checked once, here, so that a bad
//! flag is reported by name with a hint before any work starts.

use std::path::{Path, PathBuf};

use crate::report::Language;
use crate::Error;

/// Where the inputs are.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub interviews: PathBuf,
    pub codebook: PathBuf,
    /// Folder of the parsed-corpus cache; none to parse every file.
    pub cache: Option<PathBuf>,
    /// Speaker labels of interviewers beside the codebook's `interviewer_labels` (the real
    /// names that captions and transcription services write).
    pub interviewers: Vec<String>,
    /// How to read a table of one document per row (`--text-column`, `--id-column`).
    pub columns: crate::ingest::table::Columns,
}

/// Settings of `skillgap run`.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub inputs: Inputs,
    pub out: PathBuf,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Overrides the codebook's `min_cell`.
    pub min_cell: Option<u32>,
    /// Write transcript text even in publication mode.
    pub include_text: bool,
    /// Pseudonymize ids with this key.
    pub salt: Option<String>,
    /// Language of the readable reports.
    pub lang: Language,
    /// `group_by` attributes with a report page per value.
    pub report_per: Vec<String>,
    /// File name of the review export (`--qdpx`) in the output folder.
    pub qdpx: Option<String>,
}

/// The default cache folder: `.skillgap-cache` beside the output folder.
pub fn default_cache(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(".skillgap-cache"),
        _ => PathBuf::from(".skillgap-cache"),
    }
}

/// The environment variable that may hold the pseudonymization key.
pub const SALT_ENV: &str = "SKILLGAP_SALT";

/// Resolves the pseudonymization key from `--pseudonymize`, `--salt`, `--salt-file` and
/// `SKILLGAP_SALT`. A key file keeps the key out of shell history and process lists.
pub fn salt(
    pseudonymize: bool,
    salt: Option<&str>,
    salt_file: Option<&Path>,
    env: Option<String>,
) -> Result<Option<String>, Error> {
    let usage = |m: &str| Err(Error::Usage(m.to_owned()));
    if !pseudonymize {
        if salt.is_some() || salt_file.is_some() {
            return usage("--salt and --salt-file only take effect with --pseudonymize");
        }
        return Ok(None);
    }
    let key = match (salt, salt_file) {
        (Some(_), Some(_)) => return usage("give the key once: --salt or --salt-file, not both"),
        (Some(s), None) => s.to_owned(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| Error::Usage(format!("--salt-file: cannot read `{}`: {e}", f.display())))?
            .trim()
            .to_owned(),
        (None, None) => {
            match env {
                Some(s) => s,
                None => return usage(
                    "--pseudonymize needs a secret key: pass --salt-file FILE, --salt TEXT, or \
                     set SKILLGAP_SALT; keep the key to get the same pseudonyms next time",
                ),
            }
        }
    };
    if key.is_empty() {
        return usage("the pseudonymization key is empty");
    }
    Ok(Some(key))
}

impl Inputs {
    /// Checks that the interviews folder and the codebook file exist.
    pub fn new(interviews: &Path, codebook: &Path) -> Result<Inputs, Error> {
        let project = (crate::ingest::qdpx::is_project(interviews)
            || crate::ingest::table::is_table(interviews))
            && interviews.is_file();
        if !interviews.is_dir() && !project {
            return Err(Error::Usage(format!(
                "--interviews: `{}` is not a folder, a REFI-QDA project (*.qdpx) or a table \
                 of one document per row (*.csv, *.jsonl) (run from the project folder, or \
                 pass --interviews DIR)",
                interviews.display()
            )));
        }
        if !codebook.is_file() {
            return Err(Error::Usage(format!(
                "--codebook: `{}` is not a file (pass --codebook FILE)",
                codebook.display()
            )));
        }
        Ok(Inputs {
            interviews: interviews.to_path_buf(),
            codebook: codebook.to_path_buf(),
            cache: None,
            interviewers: Vec::new(),
            columns: Default::default(),
        })
    }
}

impl RunConfig {
    pub fn new(inputs: Inputs, out: &Path, progress: bool) -> Result<RunConfig, Error> {
        let clash = |p: &Path| {
            let (a, b) = (out.canonicalize().ok(), p.canonicalize().ok());
            a.is_some() && a == b
        };
        if clash(&inputs.interviews) || inputs.interviews.starts_with(out) {
            return Err(Error::Usage(format!(
                "--out: `{}` would replace the interviews folder; choose another folder",
                out.display()
            )));
        }
        crate::report::check_out(out)?;
        Ok(RunConfig {
            inputs,
            out: out.to_path_buf(),
            progress,
            min_cell: None,
            include_text: false,
            salt: None,
            lang: Language::default(),
            report_per: Vec::new(),
            qdpx: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salt_sources() {
        assert_eq!(salt(false, None, None, Some("env".into())).unwrap(), None);
        assert_eq!(
            salt(true, Some("k"), None, None).unwrap().as_deref(),
            Some("k")
        );
        assert_eq!(
            salt(true, None, None, Some("env".into()))
                .unwrap()
                .as_deref(),
            Some("env")
        );
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("key");
        std::fs::write(&f, "hemlig\n").unwrap();
        assert_eq!(
            salt(true, None, Some(&f), None).unwrap().as_deref(),
            Some("hemlig")
        );
        let err = |r: Result<Option<String>, Error>| r.unwrap_err().to_string();
        assert!(err(salt(true, None, None, None)).contains("--pseudonymize needs a secret key"));
        assert!(err(salt(false, Some("k"), None, None)).contains("only take effect"));
        assert!(err(salt(true, Some("k"), Some(&f), None)).contains("not both"));
        assert!(err(salt(true, Some(""), None, None)).contains("empty"));
        assert!(err(salt(true, None, Some(&dir.path().join("no")), None)).contains("cannot read"));
    }
}
