//! The codebook is the list of skill codes that transcripts are coded with: each code has an id,
//! a label, a category, an optional parent (tallies roll children up into parents), facets such
//! as `level = "spets"`, and the terms and patterns that code text automatically. It is read from
//! TOML and validated as a whole, so that every problem is reported at once with its line.

pub mod csv;
pub mod qdc;
pub mod raw;
pub mod term;
mod toml_file;

pub use toml_file::parse;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::files::sha256_hex;
use crate::Error;

/// A stemming language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// A term with the language its plain words are stemmed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub language: Lang,
    /// The term's language (its own or its code's) is not the codebook's: it is stemmed in that
    /// language in every segment. A term in the codebook's language follows the language of
    /// each segment it is matched in.
    pub explicit: bool,
}

/// Whether plain Swedish terms also match inside compounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compounds {
    /// A single-word Swedish term of four or more letters also matches as the head or the
    /// first part of a compound.
    Auto,
    Off,
}

impl Compounds {
    pub const DEFAULT: Compounds = Compounds::Auto;

    pub fn parse(s: &str) -> Option<Compounds> {
        match s {
            "auto" => Some(Compounds::Auto),
            "off" => Some(Compounds::Off),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Compounds::Auto => "auto",
            Compounds::Off => "off",
        }
    }
}

/// One validated code.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    pub id: String,
    pub label: String,
    pub category: String,
    pub parent: Option<String>,
    pub facets: BTreeMap<String, String>,
    pub description: String,
    /// The code's colour in QDA tools, `#RRGGBB` in uppercase.
    pub color: Option<String>,
    pub terms: Vec<Term>,
    pub exclude: Vec<Term>,
    pub regex: Vec<String>,
    /// The code's own `language`, if it overrides the codebook's.
    pub language: Option<Lang>,
    /// Line of the code's table in the codebook file.
    pub line: usize,
}

/// A validated codebook.
#[derive(Debug, Clone, PartialEq)]
pub struct Codebook {
    pub path: PathBuf,
    pub sha256: String,
    pub name: String,
    pub version: String,
    pub language: Lang,
    /// Negation, gap phrase and need cue lists, and whether stance is on.
    pub cues: crate::coding::stance::CueSettings,
    pub compounds: Compounds,
    pub interviewer_labels: Vec<String>,
    pub code_interviewer: bool,
    pub group_by: Vec<String>,
    pub min_cell: u32,
    pub codes: Vec<Code>,
    /// Index of each code's parent in `codes`.
    parents: Vec<Option<usize>>,
    /// Position of each code id in `codes`: looked up once per occurrence, so a hash, not a
    /// scan (a scan made a 10,000-code run quadratic).
    index: HashMap<String, usize>,
    /// Whether each code is some code's parent.
    with_children: Vec<bool>,
}

fn with_children(parents: &[Option<usize>]) -> Vec<bool> {
    let mut out = vec![false; parents.len()];
    for p in parents.iter().flatten() {
        out[*p] = true;
    }
    out
}

pub const DEFAULT_GROUP_BY: [&str; 3] = ["sector", "size", "subregion"];

/// The deepest a code may stand below its top code.
pub const MAX_DEPTH: usize = 50;

pub use crate::names::is_valid_id;

/// Reads and validates a codebook file. Every problem goes to `diags`; the codebook is returned
/// only when there is no error.
pub fn load(path: &Path, diags: &mut Diagnostics) -> Result<Option<Codebook>, Error> {
    load_with(path, false, diags)
}

/// [`load`], where a REFI-QDA codebook's code names become terms with `names_as_terms`.
pub fn load_with(
    path: &Path,
    names_as_terms: bool,
    diags: &mut Diagnostics,
) -> Result<Option<Codebook>, Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "qdpx" {
        // A project's codebook: the `<CodeBook>` of its `project.qde`.
        return Ok(match crate::ingest::qdpx::open(path) {
            Ok(p) => {
                let sha = crate::files::sha256_hex(p.xml.as_bytes());
                qdc::parse(&p.xml, path, &sha, names_as_terms, diags)
            }
            Err(e) => {
                diags.error(&e.path, e.line, e.message);
                None
            }
        });
    }
    let bytes = crate::files::read_regular(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if ext == "qdc" {
        return Ok(match std::str::from_utf8(&bytes) {
            Ok(t) => qdc::parse(
                t.strip_prefix('\u{feff}').unwrap_or(t),
                path,
                &sha256_hex(&bytes),
                names_as_terms,
                diags,
            ),
            Err(e) => {
                let line = crate::diag::line_at(&bytes, e.valid_up_to());
                diags.error(path, Some(line), "codebook is not UTF-8");
                None
            }
        });
    }
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        // Excel saves CSV as Windows-1252 or UTF-16 as readily as UTF-8: decoded like a
        // transcript, with a warning.
        return Ok(match crate::ingest::decode::decode(&bytes) {
            Ok(d) => {
                if d.encoding != "UTF-8" {
                    diags.warning(
                        path,
                        None,
                        format!(
                            "decoded from {}; save it as CSV UTF-8 to silence this",
                            d.encoding
                        ),
                    );
                }
                csv::parse(&d.text, path, &sha256_hex(&bytes), diags)
            }
            Err(e) => {
                diags.error(path, Some(e.line), format!("codebook {}", e.message));
                None
            }
        });
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let line = crate::diag::line_at(&bytes, e.valid_up_to());
            diags.error(path, Some(line), "codebook is not UTF-8");
            return Ok(None);
        }
    };
    Ok(parse(text, path, &sha256_hex(&bytes), diags))
}

/// Validates a codebook as read by any reader: every problem goes to `diags` at its line, and
/// the codebook is returned only when no error was found since `diags` had `before` errors.
pub fn validate(
    raw: raw::RawBook,
    path: &Path,
    sha256: &str,
    before: usize,
    diags: &mut Diagnostics,
) -> Option<Codebook> {
    use raw::{At, RawTerm};
    let lang_of = |s: &At<String>, diags: &mut Diagnostics| {
        Lang::parse(&s.value).or_else(|| {
            diags.error(
                path,
                s.line,
                format!(
                    "language `{}` is not supported (use `sv` or `en`)",
                    crate::diag::quote(&s.value)
                ),
            );
            None
        })
    };
    let language = raw
        .language
        .as_ref()
        .and_then(|l| lang_of(l, diags))
        .unwrap_or(Lang::Sv);

    let mut codes: Vec<Code> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut parent_lines: Vec<Option<usize>> = Vec::new();
    let mut declares_patterns: Vec<bool> = Vec::new();
    for rc in &raw.codes {
        let code_line = rc.line;
        let Some(id) = rc.id.as_ref() else {
            diags.error(path, Some(code_line), "code has no `id`");
            continue;
        };
        let id_line = id.line.unwrap_or(code_line);
        let id_str = id.value.clone();
        let name = format!("code `{}`", crate::diag::quote(&id_str));
        if !is_valid_id(&id_str) {
            diags.error(
                path,
                Some(id_line),
                format!(
                    "code id `{id_str}` is not valid: use lowercase letters, digits, `_` and `-`, \
                     starting with a letter or digit"
                ),
            );
        }
        if let Some(&first) = seen.get(&id_str) {
            diags.error(
                path,
                Some(id_line),
                format!("duplicate code id `{id_str}` (first defined on line {first})"),
            );
            continue;
        }
        seen.insert(id_str.clone(), id_line);
        let code_lang = rc.language.as_ref().and_then(|l| lang_of(l, diags));
        let book_lang = language;
        let default_lang = code_lang.unwrap_or(language);
        let terms_of = |list: &[At<RawTerm>], what: &str, diags: &mut Diagnostics| {
            let mut out = Vec::new();
            let mut listed: std::collections::HashSet<(String, Lang)> = Default::default();
            for t in list {
                let line = t.line;
                let (text, lang, explicit) = match &t.value {
                    RawTerm::Plain(s) => (s.clone(), default_lang, default_lang != book_lang),
                    RawTerm::Bad(why) => {
                        diags.error(path, line, format!("{name}: {what}: {why}"));
                        continue;
                    }
                    RawTerm::Detailed { term, language } => {
                        let lang = match language.as_deref() {
                            None => default_lang,
                            Some(l) => Lang::parse(l).unwrap_or_else(|| {
                                diags.error(
                                    path,
                                    line,
                                    format!("{name}: language `{l}` is not supported (use `sv` or `en`)"),
                                );
                                default_lang
                            }),
                        };
                        (term.clone(), lang, lang != book_lang)
                    }
                };
                if let Err(msg) = term::parse(&text) {
                    diags.error(
                        path,
                        line,
                        format!("{name}: {what} `{}`: {msg}", crate::diag::quote(&text)),
                    );
                    continue;
                }
                let dropped = term::dropped_symbols(&text);
                if !dropped.is_empty() {
                    let d: String = dropped.iter().collect();
                    diags.warning(
                        path,
                        line,
                        format!(
                            "{name}: {what} `{text}`: `{d}` is not part of any word and is ignored \
                             in matching; use `regex` to match symbols"
                        ),
                    );
                }
                if !listed.insert((text.clone(), lang)) {
                    diags.warning(
                        path,
                        line,
                        format!("{name}: {what} `{text}` is listed twice"),
                    );
                    continue;
                }
                out.push(Term {
                    text,
                    language: lang,
                    explicit,
                });
            }
            out
        };
        let terms = terms_of(&rc.terms, "term", diags);
        let exclude = terms_of(&rc.exclude, "exclude term", diags);
        let mut regex = Vec::new();
        for r in &rc.regex {
            match compile_regex(&r.value) {
                Ok(_) => regex.push(r.value.clone()),
                Err(msg) => diags.error(
                    path,
                    r.line,
                    format!(
                        "{name}: invalid regex `{}`: {msg}",
                        crate::diag::quote(&r.value)
                    ),
                ),
            }
        }
        parent_lines.push(rc.parent.as_ref().and_then(|p| p.line));
        // Judged on what was declared, so that an invalid term or regex is not reported a
        // second time as "can never be coded".
        declares_patterns.push(!rc.terms.is_empty() || !rc.regex.is_empty());
        codes.push(Code {
            label: rc.label.clone().unwrap_or_else(|| id_str.clone()),
            id: id_str,
            category: rc.category.clone(),
            parent: rc
                .parent
                .as_ref()
                .map(|p| p.value.trim().to_owned())
                .filter(|p| !p.is_empty()),
            facets: {
                for key in rc.facets.keys() {
                    if let Err(why) = crate::names::check_facet(key) {
                        diags.error(
                            path,
                            Some(code_line),
                            format!("{name}: facet `{}` {why}", crate::diag::quote(key)),
                        );
                    }
                }
                rc.facets.clone()
            },
            description: rc.description.clone(),
            color: rc.color.clone(),
            terms,
            exclude,
            regex,
            language: code_lang,
            line: code_line,
        });
    }

    let index: HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut parents = vec![None; codes.len()];
    for (i, c) in codes.iter().enumerate() {
        if let Some(p) = &c.parent {
            match index.get(p.as_str()) {
                Some(&pi) if pi == i => diags.error(
                    path,
                    parent_lines[i],
                    format!("code `{}` names itself as its parent", c.id),
                ),
                Some(&pi) => parents[i] = Some(pi),
                None => diags.error(
                    path,
                    parent_lines[i],
                    format!(
                        "code `{}`: parent `{p}` is not defined in this codebook",
                        c.id
                    ),
                ),
            }
        }
    }
    // A cycle is reported once, at the code of the cycle that comes first in the file. Each
    // code is walked once (a walk stops at a code seen before), so a long chain is linear.
    let mut cycles: Vec<(usize, String)> = Vec::new();
    let mut walked = vec![usize::MAX; codes.len()];
    for start in 0..codes.len() {
        let mut at = start;
        while walked[at] == usize::MAX {
            walked[at] = start;
            match parents[at] {
                Some(p) => at = p,
                None => break,
            }
        }
        if walked[at] == start && parents[at].is_some() {
            // `at` is on a cycle found in this walk: list it from its first code in the file.
            let mut members = vec![at];
            let mut next = parents[at].unwrap_or(at);
            while next != at {
                members.push(next);
                next = parents[next].unwrap_or(at);
            }
            let first = members.iter().copied().min().unwrap_or(at);
            let mut chain = vec![codes[first].id.as_str()];
            let mut next = parents[first].unwrap_or(first);
            while next != first {
                chain.push(codes[next].id.as_str());
                next = parents[next].unwrap_or(first);
            }
            chain.push(codes[first].id.as_str());
            cycles.push((first, format!("parent cycle: {}", chain.join(" -> "))));
        }
    }
    cycles.sort();
    let on_cycle: std::collections::HashSet<usize> = {
        let mut set = std::collections::HashSet::new();
        for &(first, _) in &cycles {
            let mut at = first;
            while set.insert(at) {
                at = parents[at].unwrap_or(at);
            }
        }
        set
    };
    for (first, message) in cycles {
        diags.error(path, parent_lines[first], message);
    }
    // Depth is bounded: every tally walks a code's ancestors, and a hierarchy deeper than
    // MAX_DEPTH is a mistake (ESCO and JobTech are four levels deep), not a study.
    let mut depth = vec![usize::MAX; codes.len()];
    for start in 0..codes.len() {
        let mut stack = vec![start];
        while let Some(&at) = stack.last() {
            if depth[at] != usize::MAX {
                stack.pop();
                continue;
            }
            match parents[at] {
                Some(p) if on_cycle.contains(&p) || on_cycle.contains(&at) => {
                    depth[at] = 0;
                    stack.pop();
                }
                Some(p) if depth[p] == usize::MAX => stack.push(p),
                Some(p) => {
                    depth[at] = depth[p] + 1;
                    stack.pop();
                }
                None => {
                    depth[at] = 0;
                    stack.pop();
                }
            }
        }
        if depth[start] == MAX_DEPTH + 1 {
            diags.error(
                path,
                parent_lines[start],
                format!(
                    "code `{}` is {} levels below its top code (at most {MAX_DEPTH}); is a \
                     `parent` wrong?",
                    codes[start].id, depth[start]
                ),
            );
        }
    }
    let has_children = with_children(&parents);
    // A codebook from a QDA tool (REFI-QDA) codes by hand: a code without terms is coded by
    // `[#id]` groups and a project's codings. A few are listed at their lines, many in one line.
    let by_hand: Vec<&Code> = codes
        .iter()
        .enumerate()
        .filter(|&(i, _)| !declares_patterns[i] && !has_children[i])
        .map(|(_, c)| c)
        .collect();
    if by_hand.len() <= 3 {
        for c in &by_hand {
            diags.warning(
                path,
                Some(c.line),
                format!(
                    "code `{}` has no terms, no regex and no child codes: only manual codes \
                     (`[#{}]`, a QDA tool's codings) can code it",
                    c.id, c.id
                ),
            );
        }
    } else {
        let first: Vec<&str> = by_hand.iter().take(3).map(|c| c.id.as_str()).collect();
        diags.warning(
            path,
            Some(by_hand[0].line),
            format!(
                "{} codes have no terms, no regex and no child codes ({}, …): only manual codes \
                 (`[#id]`, a QDA tool's codings) can code them",
                by_hand.len(),
                first.join(", ")
            ),
        );
    }
    if codes.is_empty() && raw.codes.is_empty() {
        diags.error(
            path,
            None,
            "the codebook defines no codes (add `[[codes]]` tables)",
        );
    }
    let compounds = match &raw.compounds {
        None => Compounds::DEFAULT,
        Some(c) => Compounds::parse(&c.value).unwrap_or_else(|| {
            diags.error(
                path,
                c.line,
                format!(
                    "`compounds` must be `auto` or `off`, not `{}`",
                    crate::diag::quote(&c.value)
                ),
            );
            Compounds::DEFAULT
        }),
    };
    let phrase_lists = [
        ("negation", raw.negation.as_deref().unwrap_or_default()),
        ("extra_negation", &raw.extra_negation[..]),
        (
            "gap_phrases",
            raw.gap_phrases.as_deref().unwrap_or_default(),
        ),
        ("extra_gap_phrases", &raw.extra_gap_phrases[..]),
        ("need_cues", raw.need_cues.as_deref().unwrap_or_default()),
        ("extra_need_cues", &raw.extra_need_cues[..]),
    ];
    for (key, list) in phrase_lists {
        for p in list {
            if crate::coding::stance::Phrase::parse(p).is_none() {
                diags.error(
                    path,
                    None,
                    format!("`{key}`: `{}` has no word", crate::diag::quote(p)),
                );
            } else if key.ends_with("negation") && p.split_whitespace().count() != 1 {
                diags.error(
                    path,
                    None,
                    format!(
                        "`{key}`: `{}` is not one word; negation words are single words \
                         (phrases belong in `gap_phrases` or `need_cues`)",
                        crate::diag::quote(p)
                    ),
                );
            }
        }
    }
    if raw.name.is_none() {
        diags.warning(
            path,
            None,
            "the codebook has no `name`; reports will call it by its file name",
        );
    }
    if let Some(group_by) = &raw.group_by {
        for problem in crate::names::check_group_by(&group_by.value) {
            diags.error(path, group_by.line, problem);
        }
    }

    if diags.errors() > before {
        return None;
    }
    let name = raw.name.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Some(Codebook {
        path: path.to_path_buf(),
        sha256: sha256.to_owned(),
        name,
        version: raw.version.unwrap_or_default(),
        language,
        cues: crate::coding::stance::CueSettings {
            negation: raw
                .negation
                .map(|v| v.iter().map(|s| s.to_lowercase()).collect()),
            extra_negation: raw
                .extra_negation
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            gap_phrases: raw.gap_phrases,
            extra_gap_phrases: raw.extra_gap_phrases,
            need_cues: raw.need_cues,
            extra_need_cues: raw.extra_need_cues,
            negation_window: raw.negation_window,
            stance: raw.stance.unwrap_or(true),
        },
        compounds,
        interviewer_labels: raw.interviewer_labels,
        code_interviewer: raw.code_interviewer,
        group_by: raw
            .group_by
            .map(|g| g.value)
            .unwrap_or_else(|| DEFAULT_GROUP_BY.iter().map(|s| s.to_string()).collect()),
        min_cell: raw.min_cell,
        index: codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect(),
        with_children: with_children(&parents),
        codes,
        parents,
    })
}

/// Compiles a codebook regex the way the matcher uses it: case-insensitive.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    if pattern.is_empty() {
        return Err("the pattern is empty".into());
    }
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            // The parser's message has the pattern and a caret first; its last line says why.
            msg.lines()
                .last()
                .map(|l| l.trim().trim_start_matches("error: ").to_owned())
                .unwrap_or(msg)
        })
}

impl Codebook {
    /// The same settings with `codes` as its only codes (no parents), for matching one ad-hoc
    /// term or pattern with the codebook's semantics.
    pub fn with_codes(&self, mut codes: Vec<Code>) -> Codebook {
        for c in &mut codes {
            c.parent = None;
        }
        Codebook {
            parents: vec![None; codes.len()],
            index: codes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.clone(), i))
                .collect(),
            with_children: vec![false; codes.len()],
            codes,
            ..self.clone()
        }
    }

    /// Index of a code by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn parent_of(&self, i: usize) -> Option<usize> {
        self.parents[i]
    }

    /// The code itself and every ancestor, nearest first.
    pub fn self_and_ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut at = i;
        while let Some(p) = self.parents[at] {
            out.push(p);
            at = p;
        }
        out
    }

    /// True for a code with child codes (`digital`, `domain_knowledge`): its inclusive counts
    /// are mostly its children's, so headlines list the children instead.
    pub fn has_children(&self, i: usize) -> bool {
        self.with_children[i]
    }

    /// 0 for a top-level code.
    pub fn depth(&self, i: usize) -> usize {
        self.self_and_ancestors(i).len() - 1
    }

    /// All facet names used by any code, sorted.
    pub fn facet_keys(&self) -> Vec<String> {
        let keys: BTreeSet<&String> = self.codes.iter().flat_map(|c| c.facets.keys()).collect();
        keys.into_iter().cloned().collect()
    }

    /// Languages used by any term, for building stemmers.
    pub fn languages(&self) -> BTreeSet<Lang> {
        self.codes
            .iter()
            .flat_map(|c| c.terms.iter().chain(&c.exclude))
            .map(|t| t.language)
            .collect()
    }
}

#[cfg(test)]
mod tests;
