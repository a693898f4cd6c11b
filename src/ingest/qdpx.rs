//! The REFI-QDA project reader takes a `.qdpx` (a zip of `project.qde` and the sources' texts,
//! as NVivo, ATLAS.ti, MAXQDA, QualCoder and `qc` export them) as a corpus: every text source is
//! one interview, read into turns by the rules for text files, and every `PlainTextSelection`'s
//! codings become manual codes on the turns the selection overlaps, with their coder.
//!
//! Real exports differ from the standard (see docs/format.md § REFI-QDA): the `.qde` and the
//! sources folder are found without regard to case; a plain-text path may be `internal://`,
//! `relative://` or bare; positions are UTF-16 code units with CRLF as two in NVivo, code
//! points with CRLF as one in ATLAS.ti, code points otherwise; elements are matched by local
//! name, so namespace variants read alike; GUIDs are compared without case. Locations in
//! messages are `project.qdpx:Sources/<file>:line` for text, and the GUID of a selection.

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::transcript::{self, Field, ManualCode, Role, Roles, Segment, Transcript};
use crate::diag::Diagnostics;

/// The largest `.qde` or source text read from a project.
const MAX_PART_BYTES: u64 = 256 << 20;

/// How a tool counts `startPosition` and `endPosition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positions {
    /// UTF-16 code units after the byte-order mark, CRLF as two (NVivo).
    Utf16,
    /// Code points, CRLF as one character (ATLAS.ti).
    CodePointsCrlfOne,
    /// Code points, CRLF as two (the standard's reading; QualCoder, MAXQDA, `qc`).
    CodePoints,
}

impl Positions {
    /// The rule of the tool that wrote a project, from its `origin` attribute.
    pub fn of_origin(origin: &str) -> Positions {
        let o = origin.to_lowercase();
        if o.contains("nvivo") {
            Positions::Utf16
        } else if o.contains("atlas") {
            Positions::CodePointsCrlfOne
        } else {
            Positions::CodePoints
        }
    }
}

/// One coding of a selection: the code's GUID and the coder's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub code: String,
    pub user: Option<String>,
}

/// A `PlainTextSelection`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub guid: String,
    pub start: u64,
    pub end: u64,
    pub codings: Vec<Coding>,
}

/// A text source of the project.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub guid: String,
    pub name: String,
    /// The zip entry holding the text, if it is in the archive.
    pub entry: Option<String>,
    /// Text given inline (`PlainTextContent`).
    pub inline: Option<String>,
    /// The plain-text path as written, for messages.
    pub text_path: String,
    pub selections: Vec<Selection>,
    /// Attributes from the source's own `VariableValue`s, its Cases and Sets.
    pub attributes: BTreeMap<String, String>,
}

/// A project read: its sources and codes, texts still in the archive.
#[derive(Debug)]
pub struct Project {
    pub path: PathBuf,
    pub origin: String,
    pub positions: Positions,
    pub sources: Vec<Source>,
    /// Code GUID (uppercase) -> skillgap id.
    pub codes: HashMap<String, String>,
    /// Sources of kinds skillgap does not read (PDF, audio, pictures), by kind.
    pub skipped: BTreeMap<String, usize>,
    /// The project's XML text, for the codebook.
    pub xml: String,
}

/// A problem with the project as a whole, located at the archive or an element.
#[derive(Debug)]
pub struct ProjectError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

fn err(path: &Path, line: Option<usize>, message: impl Into<String>) -> ProjectError {
    ProjectError {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Whether `path` names a REFI-QDA project.
pub fn is_project(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"))
}

/// Reads one zip entry whole, bounded.
fn read_entry<R: std::io::Read + std::io::Seek>(
    zip: &mut ::zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, String> {
    read_bounded(zip, name, MAX_PART_BYTES, "a project part")
}

/// Reads one zip entry whole, refusing one larger than `max` bytes (`what` names such an entry
/// in the message): the reading every zip-based input (projects, Word files) shares.
pub(super) fn read_bounded<R: std::io::Read + std::io::Seek>(
    zip: &mut ::zip::ZipArchive<R>,
    name: &str,
    max: u64,
    what: &str,
) -> Result<Vec<u8>, String> {
    let f = zip.by_name(name).map_err(|e| e.to_string())?;
    if f.size() > max {
        return Err(format!(
            "{name} is {} MB; {what} may have at most {} MB",
            f.size() >> 20,
            max >> 20
        ));
    }
    let mut out = Vec::with_capacity(f.size() as usize);
    f.take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Text of a project part: UTF-8, a byte-order mark dropped.
fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    let mut s = String::from_utf8(bytes)?;
    if s.starts_with('\u{feff}') {
        s.drain(..3);
    }
    Ok(s)
}

/// The 1-based line of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The value of the attribute `name` (any prefix) of an element, entities resolved and
/// whitespace normalised as XML 1.0 says (the raw value where an entity is unknown); Word's
/// parts are read with it too.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned())
        })
    })
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// The entry of a source's text: `internal://X` and a bare path in the sources folder (any
/// case), `relative://` paths by their last part there too.
fn find_entry(names: &[String], text_path: &str) -> Option<String> {
    let rest = text_path
        .strip_prefix("internal://")
        .or_else(|| text_path.strip_prefix("relative://"))
        .unwrap_or(text_path);
    let rest = rest.trim_start_matches('/');
    let file = rest.rsplit('/').next().unwrap_or(rest);
    let want = [
        format!("sources/{rest}").to_lowercase(),
        format!("sources/{file}").to_lowercase(),
        rest.to_lowercase(),
    ];
    want.iter()
        .find_map(|w| names.iter().find(|n| n.to_lowercase() == *w).cloned())
}

/// `key: value` of a Set's name, for attributes from Sets (`sector: tillverkning`).
fn set_attribute(name: &str) -> Option<(String, String)> {
    let (k, v) = name.split_once(':')?;
    let (k, v) = (k.trim(), v.trim());
    (!k.is_empty() && !v.is_empty() && !v.starts_with(':')).then(|| (k.to_owned(), v.to_owned()))
}

/// Opens a project: reads `project.qde` (any name and case) and finds each source's text.
pub fn open(path: &Path) -> Result<Project, ProjectError> {
    let file = std::fs::File::open(path).map_err(|e| err(path, None, e.to_string()))?;
    let mut zip = ::zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        err(
            path,
            None,
            format!("is not a REFI-QDA project (a zip file): {e}"),
        )
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let qde: Vec<&String> = names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".qde") && !n.contains('/'))
        .collect();
    let qde = match qde.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(err(
                path,
                None,
                "holds no project.qde: is it a REFI-QDA project?",
            ))
        }
        many => {
            return Err(err(
                path,
                None,
                format!(
                    "holds {} .qde files ({}); a project has one",
                    many.len(),
                    many.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
    };
    let bytes = read_entry(&mut zip, &qde).map_err(|e| err(path, None, e))?;
    let shown = PathBuf::from(format!("{}:{qde}", path.display()));
    let xml = utf8(bytes).map_err(|e| {
        let line = crate::diag::line_at(e.as_bytes(), e.utf8_error().valid_up_to());
        err(&shown, Some(line), "is not UTF-8")
    })?;
    let mut project = parse_qde(&xml, &shown, &names)?;
    project.path = path.to_path_buf();
    project.codes = crate::codebook::qdc::code_tree(&xml)
        .map_err(|e| err(&shown, None, e))?
        .into_iter()
        .map(|c| (c.guid.to_uppercase(), c.id))
        .collect();
    project.xml = xml;
    Ok(project)
}

/// A Case: the GUIDs of its sources and its variables' values.
type CaseAttrs = (Vec<String>, Vec<(String, String)>);

/// Reads the sources, selections, users, cases, variables and sets of a `.qde`; `names` are the
/// archive's entries.
fn parse_qde(xml: &str, shown: &Path, names: &[String]) -> Result<Project, ProjectError> {
    let mut r = XmlReader::from_str(xml);
    let mut project = Project {
        path: PathBuf::new(),
        origin: String::new(),
        positions: Positions::CodePoints,
        sources: Vec::new(),
        codes: HashMap::new(),
        skipped: BTreeMap::new(),
        xml: String::new(),
    };
    let mut users: HashMap<String, String> = HashMap::new();
    let mut variables: HashMap<String, String> = HashMap::new();
    // Per source GUID (uppercase), attributes from Cases and Sets.
    let mut case_attrs: Vec<CaseAttrs> = Vec::new();
    let mut set_attrs: Vec<(String, String, String)> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut source: Option<Source> = None;
    let mut selection: Option<Selection> = None;
    let mut coding_user: Option<String> = None;
    // The case or source whose VariableValue is being read, and its variable.
    let mut case: Option<CaseAttrs> = None;
    let mut variable: Option<String> = None;
    let mut value_text = String::new();
    let mut in_value = false;
    let mut inline_text: Option<String> = None;
    let mut set: Option<String> = None;
    loop {
        let at = r.buffer_position() as usize;
        let ev = r.read_event().map_err(|e| {
            let line = line_of(xml, r.error_position() as usize);
            err(shown, Some(line), format!("is not well-formed XML: {e}"))
        })?;
        let (e, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = local(&e);
            let line = line_of(xml, at);
            match name.as_str() {
                "Project" => {
                    project.origin = attr(&e, "origin").unwrap_or_default();
                    project.positions = Positions::of_origin(&project.origin);
                }
                "User" => {
                    if let (Some(g), Some(n)) = (attr(&e, "guid"), attr(&e, "name")) {
                        users.insert(g.to_uppercase(), n);
                    }
                }
                "Variable" if stack.last().map(String::as_str) == Some("Variables") => {
                    if let (Some(g), Some(n)) = (attr(&e, "guid"), attr(&e, "name")) {
                        variables.insert(g.to_uppercase(), n);
                    }
                }
                "TextSource" => {
                    let guid = attr(&e, "guid").unwrap_or_default();
                    let text_path = attr(&e, "plainTextPath").unwrap_or_default();
                    let entry = find_entry(names, &text_path);
                    let name = attr(&e, "name").unwrap_or_else(|| {
                        // `qc` writes no name: the text file's stem.
                        let file = text_path.rsplit('/').next().unwrap_or(&text_path);
                        file.rsplit_once('.').map_or(file, |(s, _)| s).to_owned()
                    });
                    source = Some(Source {
                        guid: guid.to_uppercase(),
                        name,
                        entry,
                        text_path,
                        ..Source::default()
                    });
                    if empty {
                        project.sources.extend(source.take());
                    }
                }
                "PictureSource" | "PDFSource" | "AudioSource" | "VideoSource" => {
                    *project.skipped.entry(name.clone()).or_default() += 1;
                }
                "PlainTextContent" if source.is_some() => {
                    inline_text = Some(String::new());
                }
                "PlainTextSelection" if source.is_some() => {
                    let guid = attr(&e, "guid").unwrap_or_default();
                    let pos = |a: &str| -> Result<u64, ProjectError> {
                        let v = attr(&e, a).unwrap_or_default();
                        v.trim().parse().map_err(|_| {
                            err(
                                shown,
                                Some(line),
                                format!("selection {guid}: {a} `{v}` is not a position"),
                            )
                        })
                    };
                    let (start, end) = (pos("startPosition")?, pos("endPosition")?);
                    selection = Some(Selection {
                        guid,
                        start,
                        end,
                        codings: Vec::new(),
                    });
                    if empty {
                        if let (Some(s), Some(src)) = (selection.take(), source.as_mut()) {
                            src.selections.push(s);
                        }
                    }
                }
                "Coding" if selection.is_some() => {
                    coding_user = attr(&e, "creatingUser").map(|u| u.to_uppercase());
                }
                "CodeRef" if selection.is_some() => {
                    if let (Some(t), Some(s)) = (attr(&e, "targetGUID"), selection.as_mut()) {
                        let user = coding_user.as_ref().and_then(|u| users.get(u)).cloned();
                        s.codings.push(Coding {
                            code: t.to_uppercase(),
                            user,
                        });
                    }
                }
                "Case" => {
                    case = Some((Vec::new(), Vec::new()));
                }
                "SourceRef" => {
                    if let (Some(c), Some(t)) = (case.as_mut(), attr(&e, "targetGUID")) {
                        c.0.push(t.to_uppercase());
                    }
                }
                "VariableValue" => {
                    variable = None;
                }
                "VariableRef" => {
                    variable = attr(&e, "targetGUID").map(|g| g.to_uppercase());
                }
                "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
                | "DateTimeValue" => {
                    in_value = !empty;
                    value_text.clear();
                }
                "Set" => {
                    set = attr(&e, "name");
                }
                "MemberSource" => {
                    if let (Some(s), Some(t)) = (&set, attr(&e, "targetGUID")) {
                        if let Some((k, v)) = set_attribute(s) {
                            set_attrs.push((t.to_uppercase(), k, v));
                        }
                    }
                }
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match ev {
            Event::Text(t) => {
                let text = t.xml10_content();
                if in_value {
                    value_text.push_str(&text);
                } else if let Some(s) = inline_text.as_mut() {
                    s.push_str(&text);
                }
            }
            Event::GeneralRef(g) => {
                let name: String = g.as_ref().to_owned();
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned),
                };
                if let Some(c) = c {
                    if in_value {
                        value_text.push_str(&c);
                    } else if let Some(s) = inline_text.as_mut() {
                        s.push_str(&c);
                    }
                }
            }
            Event::CData(t) => {
                let text: String = t.as_ref().to_owned();
                if in_value {
                    value_text.push_str(&text);
                } else if let Some(s) = inline_text.as_mut() {
                    s.push_str(&text);
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                stack.pop();
                match name.as_str() {
                    "TextSource" => {
                        if let Some(mut s) = source.take() {
                            if s.inline.is_none() {
                                s.inline = inline_text.take();
                            }
                            project.sources.push(s);
                        }
                    }
                    "PlainTextContent" => {
                        if let Some(s) = source.as_mut() {
                            s.inline = inline_text.take();
                        }
                    }
                    "PlainTextSelection" => {
                        if let (Some(sel), Some(src)) = (selection.take(), source.as_mut()) {
                            src.selections.push(sel);
                        }
                    }
                    "Coding" => coding_user = None,
                    "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
                    | "DateTimeValue" => {
                        in_value = false;
                        let value = value_text.trim().to_owned();
                        let key = variable.as_ref().and_then(|g| variables.get(g)).cloned();
                        if let (Some(k), false) = (key, value.is_empty()) {
                            if let Some(c) = case.as_mut() {
                                c.1.push((k, value));
                            } else if let Some(s) = source.as_mut() {
                                s.attributes.insert(k, value);
                            }
                        }
                    }
                    "Case" => case_attrs.extend(case.take()),
                    "Set" => set = None,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Cases and Sets give their sources attributes; a source's own values come first.
    let mut by_guid: HashMap<String, usize> = HashMap::new();
    for (i, s) in project.sources.iter().enumerate() {
        by_guid.insert(s.guid.clone(), i);
    }
    for (sources, values) in case_attrs {
        for g in sources {
            if let Some(&i) = by_guid.get(&g) {
                for (k, v) in &values {
                    project.sources[i]
                        .attributes
                        .entry(k.clone())
                        .or_insert_with(|| v.clone());
                }
            }
        }
    }
    for (g, k, v) in set_attrs {
        if let Some(&i) = by_guid.get(&g) {
            project.sources[i].attributes.entry(k).or_insert(v);
        }
    }
    Ok(project)
}

/// Byte offsets in `text` of every position a tool may give, by its rule: `bounds[p]` is the
/// byte at position `p`, for `p` up to the text's length in positions.
fn positions(text: &str, rule: Positions) -> Vec<usize> {
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if rule == Positions::CodePointsCrlfOne
            && c == '\r'
            && chars.peek().map(|&(_, n)| n) == Some('\n')
        {
            // CRLF counts as one: the `\r` takes no position.
            continue;
        }
        let units = if rule == Positions::Utf16 {
            c.len_utf16()
        } else {
            1
        };
        for _ in 0..units {
            out.push(i);
        }
    }
    out.push(text.len());
    out
}

/// One source read as an interview.
pub struct SourceRead {
    /// `project.qdpx:Sources/<file>`: the location in messages.
    pub path: PathBuf,
    pub sha256: String,
    pub transcript: Transcript,
}

/// Reads source `i` of the project: its text into turns (or paragraphs where it has no turn
/// labels), its selections into manual codes. `None` where the source has no text.
pub fn read_source(
    project: &Project,
    i: usize,
    roles: &Roles,
    diags: &mut Diagnostics,
) -> Result<Option<SourceRead>, ProjectError> {
    let src = &project.sources[i];
    let entry = src.entry.clone();
    let shown = PathBuf::from(format!(
        "{}:{}",
        project.path.display(),
        entry.as_deref().unwrap_or(&src.text_path)
    ));
    let text = match (&src.inline, &entry) {
        (Some(t), _) if !t.is_empty() || entry.is_none() => t.clone(),
        (_, Some(e)) => {
            let file = std::fs::File::open(&project.path)
                .map_err(|e| err(&project.path, None, e.to_string()))?;
            let mut zip = ::zip::ZipArchive::new(std::io::BufReader::new(file))
                .map_err(|e| err(&project.path, None, e.to_string()))?;
            let bytes = read_entry(&mut zip, e).map_err(|m| err(&shown, None, m))?;
            match utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let line = crate::diag::line_at(e.as_bytes(), e.utf8_error().valid_up_to());
                    diags.error(&shown, Some(line), "source text is not UTF-8");
                    return Ok(None);
                }
            }
        }
        _ => {
            diags.warning(
                &project.path,
                None,
                format!(
                    "source `{}` ({}): its text `{}` is not in the project; skipped",
                    src.name, src.guid, src.text_path
                ),
            );
            return Ok(None);
        }
    };
    let sha256 = super::sha256_hex(text.as_bytes());
    if text.trim().is_empty() {
        diags.warning(
            &shown,
            None,
            format!(
                "source `{}` has an empty text{}; skipped",
                src.name,
                if src.selections.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (its {} lost with it: an export that dropped the text?)",
                        crate::plural(src.selections.len(), "coded selection")
                    )
                }
            ),
        );
        return Ok(None);
    }
    let normal = super::nfc(text.clone());
    let mut t = transcript::parse(&normal, &shown, roles, diags);
    if t.segments.is_empty() {
        diags.warning(
            &shown,
            None,
            "no speaker turns: read as one respondent segment per paragraph",
        );
        t.segments = paragraphs(&normal, body_start(&normal), usize::MAX);
    } else if t.segments[0].line > body_start(&normal) {
        // A QDA tool codes all of a source: text before the first turn is read as
        // respondent paragraphs, not left out as a transcript's preamble is.
        let mut before = paragraphs(&normal, body_start(&normal), t.segments[0].line);
        if !before.is_empty() {
            let n = before.len() as u32;
            for s in &mut t.segments {
                s.number += n;
            }
            before.append(&mut t.segments);
            t.segments = before;
        }
    }
    // Attributes as front matter: the name is the interview's id unless an attribute says.
    let mut have: Vec<&str> = t.front_matter.iter().map(|f| f.key.as_str()).collect();
    let mut extra = Vec::new();
    if !have.contains(&"interview") {
        extra.push(Field {
            key: "interview".into(),
            value: src.name.clone(),
            line: 1,
        });
        have.push("interview");
    }
    for (k, v) in &src.attributes {
        if !have.contains(&k.as_str()) {
            extra.push(Field {
                key: k.clone(),
                value: v.clone(),
                line: 1,
            });
        }
    }
    t.front_matter.extend(extra);
    code_selections(project, src, &text, &shown, &mut t.segments, diags);
    Ok(Some(SourceRead {
        path: shown,
        sha256,
        transcript: t,
    }))
}

/// The first line after a front matter block (1 without one).
fn body_start(text: &str) -> usize {
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r').trim());
    if lines.next() != Some("---") {
        return 1;
    }
    lines
        .position(|l| l == "---")
        .map_or(1, |closing| closing + 3)
}

/// One respondent segment per non-empty line, of lines `from..to` (1-based).
fn paragraphs(text: &str, from: usize, to: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        if n + 1 < from || n + 1 >= to {
            continue;
        }
        let line_text = line.strip_suffix('\r').unwrap_or(line).trim();
        if line_text.is_empty() {
            continue;
        }
        out.push(Segment {
            number: out.len() as u32 + 1,
            line: n + 1,
            speaker: "R".into(),
            role: Role::Respondent,
            timestamp: None,
            text: line_text.to_owned(),
            manual_codes: Vec::new(),
            tokens: crate::text::spans(line_text),
        });
    }
    out
}

/// Puts each selection's codings on the segments it overlaps, once per (segment, code,
/// coder).
fn code_selections(
    project: &Project,
    src: &Source,
    text: &str,
    shown: &Path,
    segments: &mut [Segment],
    diags: &mut Diagnostics,
) {
    let bounds = positions(text, project.positions);
    let last = bounds.len() as u64 - 1;
    // Segment k covers lines [segments[k].line, segments[k+1].line).
    let starts: Vec<usize> = segments.iter().map(|s| s.line).collect();
    for sel in &src.selections {
        if sel.codings.is_empty() {
            continue;
        }
        if sel.start > last || sel.end > last || sel.end < sel.start {
            diags.error(
                shown,
                None,
                format!(
                    "selection {}: positions {}–{} fall outside the source's text ({} \
                     positions{})",
                    sel.guid,
                    sel.start,
                    sel.end,
                    last,
                    match project.positions {
                        Positions::Utf16 => ", counted in UTF-16 units as NVivo does",
                        Positions::CodePointsCrlfOne => ", CRLF counted as one as ATLAS.ti does",
                        Positions::CodePoints => "",
                    }
                ),
            );
            continue;
        }
        let (b0, b1) = (bounds[sel.start as usize], bounds[sel.end as usize]);
        let first = line_of(text, b0);
        let last_line = if b1 > b0 {
            line_of(text, b1 - 1)
        } else {
            first
        };
        let mut hit = false;
        for (k, seg) in segments.iter_mut().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
            if starts[k] > last_line || end <= first {
                continue;
            }
            hit = true;
            for c in &sel.codings {
                let Some(id) = project.codes.get(&c.code) else {
                    diags.error(
                        shown,
                        Some(first),
                        format!(
                            "selection {}: its coding refers to code {}, which the project \
                             does not define",
                            sel.guid, c.code
                        ),
                    );
                    continue;
                };
                let dup = seg
                    .manual_codes
                    .iter()
                    .any(|m| m.id == *id && m.coder == c.user);
                if !dup {
                    seg.manual_codes.push(ManualCode {
                        id: id.clone(),
                        line: first,
                        coder: c.user.clone(),
                    });
                }
            }
        }
        if !hit {
            diags.warning(
                shown,
                Some(first),
                format!(
                    "selection {} codes text outside every turn (before the first speaker \
                     label); not counted",
                    sel.guid
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests;
