//! The TOML codebook reader: TOML text into the raw form (`raw::RawBook`), every field with
//! its line, for the one validator (`super::validate`). Unknown keys are found on a generic
//! read of the text (serde would stop at the first), lines on a typed read with spans.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{raw, validate, Codebook};
use crate::diag::Diagnostics;

/// Top-level keys besides the settings: free text, and the codes.
const OTHER_KEYS: [&str; 2] = ["description", "codes"];
const CODE_KEYS: [&str; 12] = [
    "id",
    "label",
    "category",
    "parent",
    "facets",
    "description",
    "color",
    "terms",
    "exclude",
    "regex",
    "language",
    "line",
];

#[derive(Debug, Deserialize)]
struct RawCodebook {
    name: Option<String>,
    version: Option<String>,
    language: Option<Spanned<String>>,
    negation: Option<Vec<String>>,
    #[serde(default)]
    extra_negation: Vec<String>,
    negation_window: Option<usize>,
    gap_phrases: Option<Vec<String>>,
    #[serde(default)]
    extra_gap_phrases: Vec<String>,
    need_cues: Option<Vec<String>>,
    #[serde(default)]
    extra_need_cues: Vec<String>,
    stance: Option<bool>,
    compounds: Option<Spanned<String>>,
    #[serde(default)]
    interviewer_labels: Vec<String>,
    #[serde(default)]
    code_interviewer: bool,
    group_by: Option<Vec<String>>,
    #[serde(default)]
    min_cell: u32,
    #[serde(default)]
    codes: Vec<Spanned<RawCode>>,
}

#[derive(Debug, Deserialize)]
struct RawCode {
    id: Option<Spanned<String>>,
    label: Option<String>,
    #[serde(default)]
    category: String,
    parent: Option<Spanned<String>>,
    #[serde(default)]
    facets: BTreeMap<String, String>,
    #[serde(default)]
    description: String,
    color: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    #[serde(default)]
    terms: Vec<Spanned<TomlTerm>>,
    #[serde(default)]
    exclude: Vec<Spanned<TomlTerm>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
}

/// A term as written: `"text"` or `{ term = "text", language = "en" }`. Anything else lands
/// in `Other`, so that the message can say what a term must be instead of serde's "did not
/// match any variant".
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TomlTerm {
    Plain(String),
    Detailed(DetailedTerm),
    Other(toml::Value),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DetailedTerm {
    term: String,
    language: Option<String>,
}

/// Why a term that is neither a string nor a `{ term, language }` table is not one.
fn bad_term(v: &toml::Value) -> String {
    const SHAPE: &str = "a term is a string or a table `{ term = \"…\", language = \"sv\" }`";
    match v {
        toml::Value::Table(t) => {
            let unknown: Vec<String> = t
                .keys()
                .filter(|k| !["term", "language"].contains(&k.as_str()))
                .map(|k| format!("`{}`", crate::diag::quote(k)))
                .collect();
            if !unknown.is_empty() {
                format!("unknown key {} in a term; {SHAPE}", unknown.join(", "))
            } else if !t.get("term").is_some_and(toml::Value::is_str) {
                format!("a term table needs `term` as a string; {SHAPE}")
            } else {
                format!("`language` must be a string; {SHAPE}")
            }
        }
        other => format!(
            "{SHAPE}, not {} {}",
            article(other.type_str()),
            other.type_str()
        ),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Maps byte offsets to 1-based lines.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// Parses and validates TOML codebook text; `path` is used in messages and kept in the
/// codebook.
pub fn parse(text: &str, path: &Path, sha256: &str, diags: &mut Diagnostics) -> Option<Codebook> {
    let before = diags.errors();
    let raw = read_toml(text, path, diags)?;
    validate(raw, path, sha256, before, diags)
}

/// Reads TOML codebook text into the raw form, with a line for every field. Syntax and type
/// errors and unknown keys go to `diags`; `None` where the text is not a codebook at all. The
/// REFI-QDA reader reads a codebook's settings with it too.
pub(super) fn read_toml(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<raw::RawBook> {
    use raw::{At, RawBook, RawCode, RawTerm};
    let lines = Lines::new(text);
    let toml_error = |e: toml::de::Error, diags: &mut Diagnostics| {
        let line = e.span().map(|s| lines.line(s.start));
        diags.error(path, line, e.message().trim().to_owned());
    };
    // Two reads: the generic table lists unknown keys (serde would stop at the first), the typed
    // one carries spans for line numbers.
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            toml_error(e, diags);
            return None;
        }
    };
    let typed: RawCodebook = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            toml_error(e, diags);
            return None;
        }
    };
    let key_line = |key: &str, from: usize| key_line(text, &lines, key, from);
    for key in table.keys() {
        if !raw::SETTINGS.contains(&key.as_str()) && !OTHER_KEYS.contains(&key.as_str()) {
            diags.error(
                path,
                key_line(key, 0),
                format!(
                    "unknown key `{key}` (known keys: {})",
                    raw::SETTINGS
                        .iter()
                        .chain(&OTHER_KEYS)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    let at = |s: &Spanned<String>| At::new(s.get_ref().clone(), Some(lines.line(s.span().start)));
    let tables = table.get("codes").and_then(|c| c.as_array());
    let mut codes = Vec::new();
    for (i, spanned) in typed.codes.iter().enumerate() {
        let start = spanned.span().start;
        let rc = spanned.get_ref();
        if let (Some(id), Some(keys)) = (
            &rc.id,
            tables.and_then(|a| a.get(i)).and_then(|v| v.as_table()),
        ) {
            for key in keys.keys() {
                if !CODE_KEYS.contains(&key.as_str()) || key == "line" {
                    diags.error(
                        path,
                        key_line(key, start),
                        format!(
                            "code `{}`: unknown key `{key}` (known keys: {})",
                            id.get_ref(),
                            &CODE_KEYS[..11].join(", ")
                        ),
                    );
                }
            }
        }
        let term = |t: &Spanned<TomlTerm>| {
            let value = match t.get_ref() {
                TomlTerm::Plain(s) => RawTerm::Plain(s.clone()),
                TomlTerm::Detailed(DetailedTerm { term, language }) => RawTerm::Detailed {
                    term: term.clone(),
                    language: language.clone(),
                },
                TomlTerm::Other(v) => RawTerm::Bad(bad_term(v)),
            };
            At::new(value, Some(lines.line(t.span().start)))
        };
        let color = rc.color.as_ref().and_then(|c| {
            let found = raw::hex_color(c.get_ref());
            if found.is_none() {
                let code = rc
                    .id
                    .as_ref()
                    .map(|id| format!("code `{}`: ", crate::diag::quote(id.get_ref())))
                    .unwrap_or_default();
                diags.error(
                    path,
                    Some(lines.line(c.span().start)),
                    format!(
                        "{code}`color` must be `#RRGGBB` (six hex digits), not `{}`",
                        crate::diag::quote(c.get_ref())
                    ),
                );
            }
            found
        });
        codes.push(RawCode {
            line: lines.line(start),
            id: rc.id.as_ref().map(at),
            label: rc.label.clone(),
            category: rc.category.clone(),
            parent: rc.parent.as_ref().map(at),
            facets: rc.facets.clone(),
            description: rc.description.clone(),
            color,
            language: rc.language.as_ref().map(at),
            terms: rc.terms.iter().map(term).collect(),
            exclude: rc.exclude.iter().map(term).collect(),
            regex: rc.regex.iter().map(at).collect(),
        });
    }
    Some(RawBook {
        name: typed.name,
        version: typed.version,
        language: typed.language.as_ref().map(at),
        negation: typed.negation,
        extra_negation: typed.extra_negation,
        negation_window: typed.negation_window,
        gap_phrases: typed.gap_phrases,
        extra_gap_phrases: typed.extra_gap_phrases,
        need_cues: typed.need_cues,
        extra_need_cues: typed.extra_need_cues,
        stance: typed.stance,
        compounds: typed.compounds.as_ref().map(at),
        interviewer_labels: typed.interviewer_labels,
        code_interviewer: typed.code_interviewer,
        group_by: typed.group_by.map(|g| At::new(g, key_line("group_by", 0))),
        min_cell: typed.min_cell,
        codes,
    })
}

/// The line of the first `key =` at or after byte `from`.
fn key_line(text: &str, lines: &Lines, key: &str, from: usize) -> Option<usize> {
    let mut offset = lines.starts[lines.line(from) - 1];
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key).or_else(|| {
            t.strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
        }) {
            if rest.trim_start().starts_with('=') {
                return Some(lines.line(offset));
            }
        }
        offset += line.len();
    }
    None
}
