//! `skillgap codebook export|import` reads and validates a codebook (TOML, CSV or REFI-QDA, by
//! extension) and renders it in another format, for editing in a spreadsheet or a QDA tool and
//! back.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::Error;

/// A codebook format for `skillgap codebook`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodebookFormat {
    Csv,
    Toml,
    Qdc,
}

/// Reads and validates the codebook at `path` and renders it in `format`. Returns the text and
/// the warnings.
pub fn convert_codebook(
    path: &Path,
    format: CodebookFormat,
    names_as_terms: bool,
) -> Result<(String, Vec<Diagnostic>), Error> {
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "--codebook: `{}` is not a file",
            path.display()
        )));
    }
    let mut diags = Diagnostics::new();
    let cb = match crate::codebook::load_with(path, names_as_terms, &mut diags)? {
        Some(cb) if !diags.has_errors() => cb,
        _ => return Err(Error::Input(diags)),
    };
    let text = match format {
        CodebookFormat::Csv => crate::codebook::csv::export_csv(&cb),
        CodebookFormat::Toml => crate::codebook::csv::export_toml(&cb),
        CodebookFormat::Qdc => crate::codebook::qdc::export_qdc(&cb),
    };
    Ok((text, diags.into_warnings()))
}
