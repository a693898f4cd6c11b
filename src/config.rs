//! Config is the validated form of the command line: paths checked once, here, so that a bad
//! flag is reported by name with a hint before any work starts.

use std::path::{Path, PathBuf};

use crate::Error;

/// Where the inputs are.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub interviews: PathBuf,
    pub codebook: PathBuf,
}

/// Settings of `skillgap run`.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub inputs: Inputs,
    pub out: PathBuf,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
}

impl Inputs {
    /// Checks that the interviews folder and the codebook file exist.
    pub fn new(interviews: &Path, codebook: &Path) -> Result<Inputs, Error> {
        if !interviews.is_dir() {
            return Err(Error::Usage(format!(
                "--interviews: `{}` is not a folder (run from the project folder, or pass \
                 --interviews DIR)",
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
        Ok(RunConfig {
            inputs,
            out: out.to_path_buf(),
            progress,
        })
    }
}
