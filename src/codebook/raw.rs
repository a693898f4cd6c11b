//! The raw codebook is a codebook as a reader found it, before validation: every setting and
//! code with the line it stood on, terms as written. The TOML reader (`codebook::parse`) and
//! the CSV reader (`codebook::csv::parse`) each make one, and one validator
//! (`codebook::validate`) checks it, so every format reports the same problems in the same
//! words at its own lines, and a new format (a REFI-QDA `.qdc`) is one more reader.

use std::collections::BTreeMap;

/// A value and the line it stood on (absent where a format has no lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: Option<usize>,
}

impl<T> At<T> {
    pub fn new(value: T, line: Option<usize>) -> At<T> {
        At { value, line }
    }
}

/// The settings of a codebook, in the order every format lists them: TOML keys, CSV `@key`
/// rows.
pub const SETTINGS: [&str; 16] = [
    "name",
    "version",
    "language",
    "negation",
    "extra_negation",
    "negation_window",
    "gap_phrases",
    "extra_gap_phrases",
    "need_cues",
    "extra_need_cues",
    "stance",
    "compounds",
    "interviewer_labels",
    "code_interviewer",
    "group_by",
    "min_cell",
];

/// The settings and codes of a codebook as read.
#[derive(Debug, Clone, Default)]
pub struct RawBook {
    pub name: Option<String>,
    pub version: Option<String>,
    pub language: Option<At<String>>,
    pub negation: Option<Vec<String>>,
    pub extra_negation: Vec<String>,
    pub negation_window: Option<usize>,
    pub gap_phrases: Option<Vec<String>>,
    pub extra_gap_phrases: Vec<String>,
    pub need_cues: Option<Vec<String>>,
    pub extra_need_cues: Vec<String>,
    pub stance: Option<bool>,
    pub compounds: Option<At<String>>,
    pub interviewer_labels: Vec<String>,
    pub code_interviewer: bool,
    pub group_by: Option<At<Vec<String>>>,
    pub min_cell: u32,
    pub codes: Vec<RawCode>,
}

/// One code as read.
#[derive(Debug, Clone, Default)]
pub struct RawCode {
    /// Where the code starts (its `[[codes]]` line or CSV row).
    pub line: usize,
    pub id: Option<At<String>>,
    pub label: Option<String>,
    pub category: String,
    pub parent: Option<At<String>>,
    pub facets: BTreeMap<String, String>,
    pub description: String,
    /// The code's colour as `#RRGGBB` (uppercase), checked by the reader.
    pub color: Option<String>,
    pub language: Option<At<String>>,
    pub terms: Vec<At<RawTerm>>,
    pub exclude: Vec<At<RawTerm>>,
    pub regex: Vec<At<String>>,
}

/// A colour written `#RRGGBB` (hex digits of either case) as `#RRGGBB` in uppercase; `None`
/// for anything else.
pub fn hex_color(s: &str) -> Option<String> {
    let hex = s.strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_uppercase()))
}

/// A term as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawTerm {
    /// A term in its code's language.
    Plain(String),
    /// A term with its own language, if given.
    Detailed {
        term: String,
        language: Option<String>,
    },
    /// Something that is not a term, and why.
    Bad(String),
}
