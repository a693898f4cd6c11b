//! A CSV codebook is the codebook as a spreadsheet, for people who edit codebooks in Excel: one
//! row per code, lists in one cell separated by `;`, and rows whose `id` starts with `@` for the
//! codebook's settings. It is read into the raw form and validated by the same validator as a
//! TOML codebook, with every problem reported at the CSV row it came from. Export writes both
//! formats; a codebook survives TOML -> CSV -> TOML unchanged.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use super::raw::{At, RawBook, RawCode, RawTerm, SETTINGS};
use super::{Codebook, Lang, Term};
use crate::diag::{CsvLines, Diagnostics};

/// The fixed columns, in export order; facet columns (`facet:<name>`) follow `parent`, and
/// `color` is written only when some code has a colour.
const COLUMNS: [&str; 10] = [
    "id",
    "label",
    "category",
    "parent",
    "description",
    "color",
    "language",
    "terms",
    "exclude",
    "regex",
];
const FACET_PREFIX: &str = "facet:";

fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("[{}]", items.join(", "))
}

/// Splits a list cell. Terms may be separated by `;` or `|`, with `\;`, `\|` and `\\` for a
/// literal `;`, `|` and `\`; regexes only by `;` (`|` is alternation, `\` an escape of the
/// regex), with `\;` for a literal semicolon.
/// A list setting: an empty cell keeps the defaults.
fn set_list(cell: &str) -> Option<Vec<String>> {
    (!cell.trim().is_empty()).then(|| split(cell, true))
}

pub(super) fn split(cell: &str, allow_bar: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&';') => {
                cur.push(';');
                chars.next();
            }
            '\\' if allow_bar && matches!(chars.peek(), Some('|' | '\\')) => {
                cur.extend(chars.next());
            }
            ';' => out.push(std::mem::take(&mut cur)),
            '|' if allow_bar => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Joins regexes for a cell split by `;` only.
pub(super) fn join(items: &[String]) -> String {
    items
        .iter()
        .map(|s| s.replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Joins words or terms for a cell split by `;` and `|`.
fn join_words(items: &[String]) -> String {
    items
        .iter()
        .map(|s| {
            s.replace('\\', "\\\\")
                .replace(';', "\\;")
                .replace('|', "\\|")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The language tag a term cell may end in.
fn lang_tag(item: &str) -> Option<(&str, &'static str)> {
    ["sv", "en"]
        .into_iter()
        .find_map(|lang| item.strip_suffix(&format!(" [{lang}]")).map(|t| (t, lang)))
}

/// A term with a language other than its code's is written `term [en]`; so is a term whose own
/// text ends like a tag (`x [en]` is written `x [en] [sv]`), so that it comes back as written.
pub(super) fn term_cell(terms: &[Term], code_lang: Lang) -> String {
    let items: Vec<String> = terms
        .iter()
        .map(|t| {
            if t.language == code_lang && lang_tag(&t.text).is_none() {
                t.text.clone()
            } else {
                format!("{} [{}]", t.text, t.language.as_str())
            }
        })
        .collect();
    join_words(&items)
}

/// A term cell item as a raw term: `term [en]` carries its language.
pub(super) fn raw_term(item: &str) -> RawTerm {
    match lang_tag(item) {
        Some((t, lang)) => RawTerm::Detailed {
            term: t.trim().to_owned(),
            language: Some(lang.to_owned()),
        },
        None => RawTerm::Plain(item.to_owned()),
    }
}

/// The field separator of a CSV codebook: `;` where the header row has more semicolons than
/// commas outside quotes (Excel with Swedish settings writes `;`), else `,`.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Reads CSV codebook text into the raw form, each field at its row's line. Structural
/// problems (no `id` column, unknown columns or settings, settings of the wrong type) go to
/// `diags`; `None` where the text is not a codebook at all.
fn read_csv(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<RawBook> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_owned()).collect(),
        Err(e) => {
            diags.error(path, Some(1), format!("cannot read the header row: {e}"));
            return None;
        }
    };
    if !headers.iter().any(|h| h == "id") {
        diags.error(path, Some(1), "the header row has no column `id`");
        return None;
    }
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) && !h.starts_with(FACET_PREFIX) {
            diags.error(
                path,
                Some(1),
                format!(
                    "unknown column `{}` (known: {}, and `facet:<name>` for facets)",
                    crate::diag::quote(h),
                    COLUMNS.join(", ")
                ),
            );
        }
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let facet_columns: Vec<(String, usize)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((h.strip_prefix(FACET_PREFIX)?.to_owned(), i)))
        .collect();
    let mut raw = RawBook::default();
    let mut settings_seen: std::collections::HashMap<String, usize> = Default::default();
    let mut csv_lines = CsvLines::new(text);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.error(path, e.position().map(|p| p.line() as usize), e.to_string());
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| csv_lines.line(p.byte() as usize));
        let get = |name: &str| -> &str {
            column(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let id = get("id");
        if id.is_empty() && record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(key) = id.strip_prefix('@') {
            let value = get("label");
            if !SETTINGS.contains(&key) {
                diags.error(
                    path,
                    Some(line),
                    format!(
                        "unknown setting `@{}` (known: {})",
                        crate::diag::quote(key),
                        SETTINGS.map(|s| format!("@{s}")).join(", ")
                    ),
                );
                continue;
            }
            if let Some(first) = settings_seen.insert(key.to_owned(), line) {
                diags.error(
                    path,
                    Some(line),
                    format!("setting `@{key}` is given twice (first on line {first})"),
                );
                continue;
            }
            let number = |diags: &mut Diagnostics| match value.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    diags.error(
                        path,
                        Some(line),
                        format!(
                            "`@{key}` must be a whole number, not `{}`",
                            crate::diag::quote(value)
                        ),
                    );
                    None
                }
            };
            match key {
                "name" => raw.name = Some(value.to_owned()),
                "version" => raw.version = Some(value.to_owned()),
                "language" => raw.language = Some(At::new(value.to_owned(), Some(line))),
                "negation" => raw.negation = set_list(value),
                "extra_negation" => raw.extra_negation = split(value, true),
                "gap_phrases" => raw.gap_phrases = set_list(value),
                "extra_gap_phrases" => raw.extra_gap_phrases = split(value, true),
                "need_cues" => raw.need_cues = set_list(value),
                "extra_need_cues" => raw.extra_need_cues = split(value, true),
                "compounds" if value.is_empty() => raw.compounds = None,
                "compounds" => raw.compounds = Some(At::new(value.to_owned(), Some(line))),
                "negation_window" if value.is_empty() => raw.negation_window = None,
                "interviewer_labels" => raw.interviewer_labels = split(value, true),
                "group_by" => raw.group_by = Some(At::new(split(value, true), Some(line))),
                "negation_window" => raw.negation_window = number(diags).map(|n| n as usize),
                "min_cell" => raw.min_cell = number(diags).unwrap_or(0),
                _ => match value.to_lowercase().as_str() {
                    "true" if key == "stance" => raw.stance = Some(true),
                    "false" if key == "stance" => raw.stance = Some(false),
                    "" if key == "stance" => raw.stance = None,
                    "true" => raw.code_interviewer = true,
                    "false" | "" => raw.code_interviewer = false,
                    _ => diags.error(
                        path,
                        Some(line),
                        format!(
                            "`@{key}` must be `true` or `false`, not `{}`",
                            crate::diag::quote(value)
                        ),
                    ),
                },
            }
            continue;
        }
        let at = |v: &str| At::new(v.to_owned(), Some(line));
        let optional = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        let color = optional(get("color")).and_then(|c| {
            let found = super::raw::hex_color(&c);
            if found.is_none() {
                let code = optional(id)
                    .map(|id| format!("code `{}`: ", crate::diag::quote(&id)))
                    .unwrap_or_default();
                diags.error(
                    path,
                    Some(line),
                    format!(
                        "{code}`color` must be `#RRGGBB` (six hex digits), not `{}`",
                        crate::diag::quote(&c)
                    ),
                );
            }
            found
        });
        raw.codes.push(RawCode {
            line,
            id: optional(id).map(|v| at(&v)),
            label: optional(get("label")),
            category: get("category").to_owned(),
            parent: optional(get("parent")).map(|v| at(&v)),
            facets: facet_columns
                .iter()
                .filter_map(|(f, i)| {
                    let v = record.get(*i)?.trim();
                    (!v.is_empty()).then(|| (f.clone(), v.to_owned()))
                })
                .collect(),
            description: get("description").to_owned(),
            color,
            language: optional(get("language")).map(|v| at(&v)),
            terms: split(get("terms"), true)
                .iter()
                .map(|t| At::new(raw_term(t), Some(line)))
                .collect(),
            exclude: split(get("exclude"), true)
                .iter()
                .map(|t| At::new(raw_term(t), Some(line)))
                .collect(),
            regex: split(get("regex"), false).iter().map(|r| at(r)).collect(),
        });
    }
    Some(raw)
}

/// Reads and validates a CSV codebook, with every problem at its CSV row.
pub fn parse(text: &str, path: &Path, sha256: &str, diags: &mut Diagnostics) -> Option<Codebook> {
    let before = diags.errors();
    let raw = read_csv(text, path, diags)?;
    super::validate(raw, path, sha256, before, diags)
}

/// Writes a codebook as CSV: settings rows first, then one row per code. The text starts with
/// a UTF-8 byte-order mark, without which Excel reads UTF-8 as Windows-1252 ("Ã¤" for "ä").
pub fn export_csv(cb: &Codebook) -> String {
    let facets: BTreeSet<String> = cb
        .codes
        .iter()
        .flat_map(|c| c.facets.keys().cloned())
        .collect();
    let colors = cb.codes.iter().any(|c| c.color.is_some());
    let mut header: Vec<String> = COLUMNS[..4].iter().map(|s| s.to_string()).collect();
    header.extend(facets.iter().map(|f| format!("{FACET_PREFIX}{f}")));
    header.extend(
        COLUMNS[4..]
            .iter()
            .filter(|&&c| colors || c != "color")
            .map(|s| s.to_string()),
    );
    let mut w = csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(Vec::new());
    let width = header.len();
    let _ = w.write_record(&header);
    let setting = |w: &mut csv::Writer<Vec<u8>>, key: &str, value: String| {
        let mut row = vec![String::new(); width];
        row[0] = format!("@{key}");
        row[1] = value;
        let _ = w.write_record(&row);
    };
    setting(&mut w, "name", cb.name.clone());
    setting(&mut w, "version", cb.version.clone());
    setting(&mut w, "language", cb.language.as_str().to_owned());
    let c = &cb.cues;
    let opt = |v: &Option<Vec<String>>| v.as_deref().map(join_words).unwrap_or_default();
    setting(&mut w, "negation", opt(&c.negation));
    setting(&mut w, "extra_negation", join_words(&c.extra_negation));
    setting(
        &mut w,
        "negation_window",
        c.negation_window.map(|n| n.to_string()).unwrap_or_default(),
    );
    setting(&mut w, "gap_phrases", opt(&c.gap_phrases));
    setting(
        &mut w,
        "extra_gap_phrases",
        join_words(&c.extra_gap_phrases),
    );
    setting(&mut w, "need_cues", opt(&c.need_cues));
    setting(&mut w, "extra_need_cues", join_words(&c.extra_need_cues));
    setting(&mut w, "stance", c.stance.to_string());
    setting(&mut w, "compounds", cb.compounds.as_str().to_owned());
    setting(
        &mut w,
        "interviewer_labels",
        join_words(&cb.interviewer_labels),
    );
    setting(&mut w, "code_interviewer", cb.code_interviewer.to_string());
    setting(&mut w, "group_by", join_words(&cb.group_by));
    setting(&mut w, "min_cell", cb.min_cell.to_string());
    for c in &cb.codes {
        let code_lang = c.language.unwrap_or(cb.language);
        let mut row: Vec<String> = vec![
            c.id.clone(),
            c.label.clone(),
            c.category.clone(),
            c.parent.clone().unwrap_or_default(),
        ];
        row.extend(
            facets
                .iter()
                .map(|f| c.facets.get(f).cloned().unwrap_or_default()),
        );
        row.push(c.description.clone());
        if colors {
            row.push(c.color.clone().unwrap_or_default());
        }
        row.push(
            c.language
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
        );
        row.push(term_cell(&c.terms, code_lang));
        row.push(term_cell(&c.exclude, code_lang));
        row.push(join(&c.regex));
        let _ = w.write_record(&row);
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("\u{feff}{body}")
}

/// The settings of a codebook as the TOML header [`export_toml`] writes: every setting, lists
/// that keep their defaults left out. A REFI-QDA codebook carries them as this text.
pub(super) fn settings_toml(cb: &Codebook) -> String {
    let mut t = String::new();
    let strings = |v: &[String]| list(v.iter().map(|s| quote(s)));
    let _ = writeln!(t, "name = {}", quote(&cb.name));
    let _ = writeln!(t, "version = {}", quote(&cb.version));
    let _ = writeln!(t, "language = {}", quote(cb.language.as_str()));
    let c = &cb.cues;
    if let Some(v) = &c.negation {
        let _ = writeln!(t, "negation = {}", strings(v));
    }
    if !c.extra_negation.is_empty() {
        let _ = writeln!(t, "extra_negation = {}", strings(&c.extra_negation));
    }
    if let Some(n) = c.negation_window {
        let _ = writeln!(t, "negation_window = {n}");
    }
    if let Some(v) = &c.gap_phrases {
        let _ = writeln!(t, "gap_phrases = {}", strings(v));
    }
    if !c.extra_gap_phrases.is_empty() {
        let _ = writeln!(t, "extra_gap_phrases = {}", strings(&c.extra_gap_phrases));
    }
    if let Some(v) = &c.need_cues {
        let _ = writeln!(t, "need_cues = {}", strings(v));
    }
    if !c.extra_need_cues.is_empty() {
        let _ = writeln!(t, "extra_need_cues = {}", strings(&c.extra_need_cues));
    }
    let _ = writeln!(t, "stance = {}", c.stance);
    let _ = writeln!(t, "compounds = {}", quote(cb.compounds.as_str()));
    let _ = writeln!(
        t,
        "interviewer_labels = {}",
        strings(&cb.interviewer_labels)
    );
    let _ = writeln!(t, "code_interviewer = {}", cb.code_interviewer);
    let _ = writeln!(t, "group_by = {}", strings(&cb.group_by));
    let _ = writeln!(t, "min_cell = {}", cb.min_cell);
    t
}

/// Writes a codebook as TOML, one `[[codes]]` table per code.
pub fn export_toml(cb: &Codebook) -> String {
    let mut t = settings_toml(cb);
    let strings = |v: &[String]| list(v.iter().map(|s| quote(s)));
    for c in &cb.codes {
        let code_lang = c.language.unwrap_or(cb.language);
        let _ = writeln!(t, "\n[[codes]]\nid = {}", quote(&c.id));
        let _ = writeln!(t, "label = {}", quote(&c.label));
        if !c.category.is_empty() {
            let _ = writeln!(t, "category = {}", quote(&c.category));
        }
        if let Some(p) = &c.parent {
            let _ = writeln!(t, "parent = {}", quote(p));
        }
        if let Some(l) = c.language {
            let _ = writeln!(t, "language = {}", quote(l.as_str()));
        }
        if !c.facets.is_empty() {
            let f: Vec<String> = c
                .facets
                .iter()
                .map(|(k, v)| format!("{} = {}", quote(k), quote(v)))
                .collect();
            let _ = writeln!(t, "facets = {{ {} }}", f.join(", "));
        }
        if !c.description.is_empty() {
            let _ = writeln!(t, "description = {}", quote(&c.description));
        }
        if let Some(color) = &c.color {
            let _ = writeln!(t, "color = {}", quote(color));
        }
        for (key, terms) in [("terms", &c.terms), ("exclude", &c.exclude)] {
            if !terms.is_empty() {
                let items = terms.iter().map(|x| {
                    if x.language == code_lang {
                        quote(&x.text)
                    } else {
                        format!(
                            "{{ term = {}, language = {} }}",
                            quote(&x.text),
                            quote(x.language.as_str())
                        )
                    }
                });
                let _ = writeln!(t, "{key} = {}", list(items));
            }
        }
        if !c.regex.is_empty() {
            let _ = writeln!(t, "regex = {}", strings(&c.regex));
        }
    }
    t
}

#[cfg(test)]
mod tests;
