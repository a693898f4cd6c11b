//! A REFI-QDA codebook (`.qdc`, the QDA-XML codebook exchange format) is how NVivo, ATLAS.ti,
//! MAXQDA and QualCoder exchange code systems; a project (`.qdpx`) holds one too, in its
//! `project.qde`. This module reads either into the raw form, for the one validator, and writes
//! a codebook as a `.qdc` that validates against the standard's `Codebook.xsd`.
//!
//! **Codes.** Nested `<Code>` elements are `parent`s. ATLAS.ti 8.4 flattens its hierarchy into
//! names such as `Coke::diet Coke` beside a separate `Coke`: the name of a code without
//! skillgap's block (below) is split into levels, `Coke` is the parent of `diet Coke`, and a
//! level that no code stands for is made a code of its own that only rolls up. A code's `label`
//! is its own name (the last level); its id is made from that name (lowercase, diacritics
//! dropped, `å` and `ä` to `a`, `ö` to `o`, every run of other characters one `_`, `code` for a
//! name with nothing left). Names are not unique, so a code whose id is taken gets its parent's
//! id in front (`cs_as_programming_programming`), and then `_2`, `_3`: ids are given in codebook
//! order, each parent before its children, so the same file always gives the same ids. Codes
//! come in that order too: each code followed by its children.
//!
//! **What REFI-QDA has a place for.** `<Description>` is the code's `description`; `color`
//! its colour (`#RGB`, `#RRGGBB` and `#RRGGBBAA` are read, the alpha dropped; another form is a
//! warning and dropped); `isCodable="false"` a code that only rolls up. A `<Set>` named
//! `key: value` gives its member codes the facet `key = value`, one named `category: X` the
//! category `X`: the category travels only this way. Sets of sources and empty sets are the
//! corpus's business and passed over; a set of codes with another name is ignored with a
//! warning.
//!
//! **What it has no place for.** Terms, exclude terms, regexes, a code's own language and its
//! skillgap id travel in a block that ends the description: a line `--- skillgap ---`, then
//! `id: …`, `terms: …`, `exclude: …`, `regex: …` and `language: …` lines, lists written as in a
//! CSV codebook's cells (`a; b; term [en]`; regexes split by `;` only, `\;` for a semicolon).
//! On import the block is read and removed from the description, and its id wins over the id
//! made from the name. A code without the block has no terms, unless the code names are taken
//! as terms (`names_as_terms`): then a code that can be coded gets its own name as its one term.
//! The codebook's settings (name, version, language, cue lists, … `min_cell`) are the
//! description of a set named `skillgap: settings`: the TOML header a TOML codebook starts
//! with, read by the TOML reader, its problems reported at their lines in the `.qdc`. Without
//! that set, a project's `name` is the codebook's name and every other setting its default.
//!
//! So a codebook survives TOML -> QDC -> TOML unchanged, codes in tree order. GUIDs are UUIDv5
//! of the code id (sets: of `set:<name>`) under [`GUID_NAMESPACE`], so a re-export is the same
//! file byte for byte. Documents are matched by the local names of their elements, whatever
//! their namespace; GUIDs are compared without case.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::csv::{join, raw_term, settings_toml, split, term_cell};
use super::raw::{self, At, RawBook, RawCode, RawTerm};
use super::{Code, Codebook};
use crate::diag::{Diagnostics, Severity};

/// The namespace of skillgap's UUIDv5 GUIDs (`FB7BD094-A89E-480A-BD82-76743D8E336F`), fixed
/// once so that a code keeps its GUID in every export.
pub const GUID_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0xFB7B_D094_A89E_480A_BD82_7674_3D8E_336F);

/// The line that starts skillgap's block in a code's description.
pub const BLOCK_MARK: &str = "--- skillgap ---";

/// The name of the set whose description holds the codebook's settings.
pub const SETTINGS_SET: &str = "skillgap: settings";

/// One `<Code>` of a document: what a project's codings are mapped to codebook ids by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QdaCode {
    /// The code's GUID, uppercase.
    pub guid: String,
    /// The name as written (`Coke::diet Coke`).
    pub name: String,
    /// The names from the top code down to this one, ATLAS.ti `a::b` names split into levels.
    pub path: Vec<String>,
    /// The skillgap id the code gets on import.
    pub id: String,
    pub parent_id: Option<String>,
    /// Line of the `<Code>` element.
    pub line: usize,
}

/// The stable GUID of a code id: UUIDv5 of the id under [`GUID_NAMESPACE`], uppercase.
pub fn code_guid(id: &str) -> String {
    format!("{:X}", uuid::Uuid::new_v5(&GUID_NAMESPACE, id.as_bytes()))
}

/// Reads the codebook of a REFI-QDA codebook file (`<CodeBook>` root, a .qdc) or of a project
/// (`<Project>` root, the project.qde of a .qdpx): `xml` is the document's text.
pub fn parse(
    xml: &str,
    path: &Path,
    sha256: &str,
    names_as_terms: bool,
    diags: &mut Diagnostics,
) -> Option<Codebook> {
    let before = diags.errors();
    let doc = match read_document(xml) {
        Ok(d) => d,
        Err(e) => {
            diags.error(path, Some(e.line), e.message);
            return None;
        }
    };
    let tree = build_tree(&doc.codes);
    let sets = read_sets(&doc, &tree, path, diags);
    let mut raw = match sets.settings {
        Some(set) => read_settings(set, path, diags),
        None => RawBook {
            name: match &doc.root {
                Root::Project { name } if !name.trim().is_empty() => Some(name.clone()),
                _ => None,
            },
            ..RawBook::default()
        },
    };
    let mut has_children = vec![false; tree.nodes.len()];
    for node in &tree.nodes {
        if let Some(p) = node.parent {
            has_children[p] = true;
        }
    }
    let mut without_terms = 0;
    for &n in &tree.order {
        let node = &tree.nodes[n];
        let line = Some(node.line);
        let at = |v: String| At::new(v, line);
        let block = node.block.as_ref();
        if let Some(b) = block {
            for u in &b.unknown {
                diags.warning(
                    path,
                    line,
                    format!(
                        "code `{}`: `{}` in the `{BLOCK_MARK}` block of its description is not \
                         an `id`, `terms`, `exclude`, `regex` or `language` line; ignored",
                        node.id,
                        crate::diag::quote(u)
                    ),
                );
            }
        }
        let items = |value: Option<&String>, allow_bar: bool| -> Vec<String> {
            value.map(|v| split(v, allow_bar)).unwrap_or_default()
        };
        let mut terms: Vec<At<RawTerm>> = items(block.and_then(|b| b.terms.as_ref()), true)
            .iter()
            .map(|t| At::new(raw_term(t), line))
            .collect();
        let exclude: Vec<At<RawTerm>> = items(block.and_then(|b| b.exclude.as_ref()), true)
            .iter()
            .map(|t| At::new(raw_term(t), line))
            .collect();
        let regex: Vec<At<String>> = items(block.and_then(|b| b.regex.as_ref()), false)
            .into_iter()
            .map(at)
            .collect();
        if block.is_none() && node.element.is_some() && node.codable {
            if names_as_terms {
                match super::term::parse(&node.label) {
                    Ok(_) => terms.push(At::new(RawTerm::Plain(node.label.clone()), line)),
                    Err(why) => diags.warning(
                        path,
                        line,
                        format!(
                            "code `{}`: its name `{}` is not a term ({why}); it gets no term",
                            node.id,
                            crate::diag::quote(&node.label)
                        ),
                    ),
                }
            } else if !has_children[n] {
                without_terms += 1;
            }
        }
        let color = node
            .element
            .and_then(|i| doc.codes[i].color.as_ref())
            .and_then(|c| {
                let found = qda_color(c);
                if found.is_none() {
                    diags.warning(
                        path,
                        line,
                        format!(
                            "code `{}`: color `{}` is not `#RGB`, `#RRGGBB` or `#RRGGBBAA`; \
                             ignored",
                            node.id,
                            crate::diag::quote(c)
                        ),
                    );
                }
                found
            });
        raw.codes.push(RawCode {
            line: node.line,
            id: Some(at(node.id.clone())),
            label: Some(node.label.clone()),
            category: sets.category[n].clone().unwrap_or_default(),
            parent: node.parent.map(|p| at(tree.nodes[p].id.clone())),
            facets: sets.facets[n].clone(),
            description: node.description.clone(),
            color,
            language: block.and_then(|b| b.language.clone()).map(at),
            terms,
            exclude,
            regex,
        });
    }
    if without_terms > 0 {
        let (count, verb) = if without_terms == 1 {
            ("1 code".to_owned(), "has")
        } else {
            (format!("{without_terms} codes"), "have")
        };
        diags.warning(
            path,
            None,
            format!(
                "{count} {verb} no terms (REFI-QDA has none); `skillgap codebook import \
                 --names-as-terms` makes each code's name its term"
            ),
        );
    }
    super::validate(raw, path, sha256, before, diags)
}

/// The codebook as a REFI-QDA codebook (.qdc) document, valid against Codebook.xsd.
pub fn export_qdc(cb: &Codebook) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"skillgap {}\">",
        env!("CARGO_PKG_VERSION")
    );
    x.push_str(&codes_element(cb));
    let mut categories: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut facets: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, c) in cb.codes.iter().enumerate() {
        if !c.category.is_empty() {
            categories.entry(c.category.as_str()).or_default().push(i);
        }
        for (k, v) in &c.facets {
            facets.entry((k.as_str(), v.as_str())).or_default().push(i);
        }
    }
    // The settings set has no members: Codebook.xsd lets a set have none.
    x.push_str("  <Sets>\n");
    write_set(
        &mut x,
        cb,
        SETTINGS_SET,
        Some(settings_toml(cb).as_str()),
        &[],
    );
    for (category, members) in &categories {
        write_set(&mut x, cb, &format!("category: {category}"), None, members);
    }
    for ((key, value), members) in &facets {
        write_set(&mut x, cb, &format!("{key}: {value}"), None, members);
    }
    x.push_str("  </Sets>\n</CodeBook>\n");
    x
}

/// The `<Codes>` element of [`export_qdc`]: every code nested in its parent, in codebook order,
/// each with its description and skillgap block. A project's `<CodeBook>` holds it as well.
pub fn codes_element(cb: &Codebook) -> String {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); cb.codes.len()];
    let mut roots = Vec::new();
    for i in 0..cb.codes.len() {
        match cb.parent_of(i) {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    enum Step {
        Open(usize, usize),
        Close(usize),
    }
    let mut x = String::from("  <Codes>\n");
    // Depth-first without recursion: a hierarchy may be deep.
    let mut stack: Vec<Step> = roots.iter().rev().map(|&i| Step::Open(i, 2)).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(i, depth) => {
                let c = &cb.codes[i];
                let pad = "  ".repeat(depth);
                let codable = !(c.terms.is_empty() && c.regex.is_empty() && cb.has_children(i));
                let _ = write!(
                    x,
                    "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"{codable}\"",
                    code_guid(&c.id),
                    attr_text(&c.label)
                );
                if let Some(color) = &c.color {
                    let _ = write!(x, " color=\"{}\"", attr_text(color));
                }
                x.push_str(">\n");
                let _ = writeln!(
                    x,
                    "{pad}  <Description>{}</Description>",
                    element_text(&description(c, cb))
                );
                stack.push(Step::Close(depth));
                stack.extend(children[i].iter().rev().map(|&k| Step::Open(k, depth + 1)));
            }
            Step::Close(depth) => {
                let _ = writeln!(x, "{}</Code>", "  ".repeat(depth));
            }
        }
    }
    x.push_str("  </Codes>\n");
    x
}

/// The REFI-QDA code tree of a project or codebook document, for mapping a project's codings to
/// codebook ids: one entry per <Code> element in document order.
pub fn code_tree(xml: &str) -> Result<Vec<QdaCode>, String> {
    let doc = read_document(xml).map_err(|e| format!("line {}: {}", e.line, e.message))?;
    let tree = build_tree(&doc.codes);
    Ok(doc
        .codes
        .iter()
        .enumerate()
        .map(|(i, el)| {
            let node = &tree.nodes[i];
            QdaCode {
                guid: el.guid.clone(),
                name: el.name.clone(),
                path: node.path.clone(),
                id: node.id.clone(),
                parent_id: node.parent.map(|p| tree.nodes[p].id.clone()),
                line: el.line,
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/// A code's description with skillgap's block after it.
fn description(c: &Code, cb: &Codebook) -> String {
    let mut d = String::new();
    if !c.description.is_empty() {
        d.push_str(&c.description);
        d.push('\n');
    }
    d.push_str(BLOCK_MARK);
    let _ = write!(d, "\nid: {}", c.id);
    let code_lang = c.language.unwrap_or(cb.language);
    if !c.terms.is_empty() {
        let _ = write!(d, "\nterms: {}", term_cell(&c.terms, code_lang));
    }
    if !c.exclude.is_empty() {
        let _ = write!(d, "\nexclude: {}", term_cell(&c.exclude, code_lang));
    }
    if !c.regex.is_empty() {
        let _ = write!(d, "\nregex: {}", join(&c.regex));
    }
    if let Some(l) = c.language {
        let _ = write!(d, "\nlanguage: {}", l.as_str());
    }
    d
}

/// One `<Set>`: its description, if any, and its member codes (indices in `cb.codes`).
fn write_set(x: &mut String, cb: &Codebook, name: &str, text: Option<&str>, members: &[usize]) {
    let _ = write!(
        x,
        "    <Set guid=\"{}\" name=\"{}\"",
        code_guid(&format!("set:{name}")),
        attr_text(name)
    );
    if text.is_none() && members.is_empty() {
        x.push_str("/>\n");
        return;
    }
    x.push_str(">\n");
    if let Some(t) = text {
        let _ = writeln!(x, "      <Description>{}</Description>", element_text(t));
    }
    for &i in members {
        let _ = writeln!(
            x,
            "      <MemberCode guid=\"{}\"/>",
            code_guid(&cb.codes[i].id)
        );
    }
    x.push_str("    </Set>\n");
}

/// Text as element content.
fn element_text(s: &str) -> String {
    escape(s, false)
}

/// Text as a double-quoted attribute value.
fn attr_text(s: &str) -> String {
    escape(s, true)
}

/// `&`, `<` and `>` as references; in attributes also `"`, and the line ends and tabs that
/// attribute normalisation would turn into spaces; `\r` everywhere, which a reader would drop.
/// Characters XML 1.0 cannot hold at all (other control characters, U+FFFE, U+FFFF) are left
/// out.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reading the document
// ---------------------------------------------------------------------------------------------

/// A problem that stops the reading of a document, at its line.
#[derive(Debug)]
struct XmlError {
    line: usize,
    message: String,
}

/// One `<Code>` element as read.
#[derive(Debug)]
struct Element {
    /// The enclosing `<Code>`, an index into the document's codes.
    parent: Option<usize>,
    name: String,
    /// Uppercase.
    guid: String,
    codable: bool,
    /// As written.
    color: Option<String>,
    line: usize,
    description: String,
}

/// One `<Set>` as read.
#[derive(Debug)]
struct SetElement {
    name: String,
    line: usize,
    description: String,
    /// Line of the `<Description>` tag, on which the description's text starts.
    description_line: usize,
    /// GUIDs of the member codes, uppercase.
    members: Vec<String>,
}

#[derive(Debug)]
enum Root {
    CodeBook,
    Project { name: String },
}

#[derive(Debug)]
struct Document {
    root: Root,
    codes: Vec<Element>,
    sets: Vec<SetElement>,
}

/// Maps byte offsets to 1-based lines, counting each newline once while offsets grow.
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += self.text[self.at..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.at = offset;
        self.line
    }
}

/// The attributes of an element by local name, values normalised as XML says (references
/// resolved).
fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| err.to_string())?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| err.to_string())?;
        out.push((
            a.key.local_name().into_inner().to_owned(),
            value.into_owned(),
        ));
    }
    Ok(out)
}

/// Where the text being read goes: the description of a code or of a set.
#[derive(Debug, Clone, Copy)]
enum TextOf {
    Code(usize),
    Set(usize),
}

/// Reads the codes and sets of a codebook or project document.
fn read_document(xml: &str) -> Result<Document, XmlError> {
    let mut r = Reader::from_str(xml);
    let mut lines = Lines::new(xml);
    let mut doc: Option<Document> = None;
    // Open elements by local name, with their lines.
    let mut open: Vec<(String, usize)> = Vec::new();
    // Open `<Code>` elements, as indices into `codes`.
    let mut codes_open: Vec<usize> = Vec::new();
    let mut set_open: Option<usize> = None;
    let mut text_of: Option<TextOf> = None;
    let mut text = String::new();
    let mut root_closed = false;
    loop {
        let at = r.buffer_position() as usize;
        let event = match r.read_event() {
            Ok(e) => e,
            Err(e) => {
                let line = lines.line(r.error_position() as usize);
                return Err(XmlError {
                    line,
                    message: format!("is not well-formed XML: {e}"),
                });
            }
        };
        let not_well_formed = |line: usize, message: String| XmlError {
            line,
            message: format!("is not well-formed XML: {message}"),
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let line = lines.line(at);
            let name = e.local_name().into_inner().to_owned();
            if root_closed {
                return Err(not_well_formed(
                    line,
                    format!("`<{name}>` stands after the root element"),
                ));
            }
            let attrs = attributes(e).map_err(|m| not_well_formed(line, m))?;
            let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            let parent = open.last().map(|(n, _)| n.as_str());
            if open.is_empty() {
                let root = match name.as_str() {
                    "CodeBook" => Root::CodeBook,
                    "Project" => Root::Project {
                        name: get("name").unwrap_or_default(),
                    },
                    _ => {
                        return Err(XmlError {
                            line,
                            message: format!(
                                "is not a REFI-QDA codebook or project: its root element is \
                                 `<{name}>`, not `<CodeBook>` or `<Project>`"
                            ),
                        })
                    }
                };
                doc = Some(Document {
                    root,
                    codes: Vec::new(),
                    sets: Vec::new(),
                });
            } else if let Some(d) = doc.as_mut() {
                match (name.as_str(), parent) {
                    ("Code", Some(p @ ("Codes" | "Code"))) => {
                        let codable =
                            get("isCodable").map_or(true, |v| !matches!(v.trim(), "false" | "0"));
                        d.codes.push(Element {
                            parent: if p == "Code" {
                                codes_open.last().copied()
                            } else {
                                None
                            },
                            name: get("name").unwrap_or_default(),
                            guid: get("guid").unwrap_or_default().trim().to_uppercase(),
                            codable,
                            color: get("color"),
                            line,
                            description: String::new(),
                        });
                        if !empty {
                            codes_open.push(d.codes.len() - 1);
                        }
                    }
                    ("Description", Some("Code")) if !empty => {
                        if let Some(&c) = codes_open.last() {
                            text_of = Some(TextOf::Code(c));
                            text.clear();
                        }
                    }
                    ("Description", Some("Set")) if !empty => {
                        if let Some(s) = set_open {
                            text_of = Some(TextOf::Set(s));
                            text.clear();
                            d.sets[s].description_line = line;
                        }
                    }
                    ("Set", Some("Sets")) => {
                        d.sets.push(SetElement {
                            name: get("name").unwrap_or_default(),
                            line,
                            description: String::new(),
                            description_line: 0,
                            members: Vec::new(),
                        });
                        if !empty {
                            set_open = Some(d.sets.len() - 1);
                        }
                    }
                    ("MemberCode", Some("Set")) => {
                        if let (Some(s), Some(g)) =
                            (set_open, get("targetGUID").or_else(|| get("guid")))
                        {
                            d.sets[s].members.push(g.trim().to_uppercase());
                        }
                    }
                    _ => {}
                }
            }
            if empty {
                if open.is_empty() {
                    root_closed = true;
                }
            } else {
                open.push((name, line));
            }
            continue;
        }
        match event {
            Event::End(_) => {
                // The reader has checked that the end tag closes the last open element.
                if let Some((name, _)) = open.pop() {
                    let parent = open.last().map(|(n, _)| n.as_str());
                    match (name.as_str(), parent) {
                        ("Code", Some("Codes" | "Code")) => {
                            codes_open.pop();
                        }
                        ("Set", Some("Sets")) => set_open = None,
                        ("Description", _) => {
                            if let (Some(t), Some(d)) = (text_of.take(), doc.as_mut()) {
                                let body = std::mem::take(&mut text);
                                match t {
                                    TextOf::Code(c) => d.codes[c].description = body,
                                    TextOf::Set(s) => d.sets[s].description = body,
                                }
                            }
                        }
                        _ => {}
                    }
                    if open.is_empty() {
                        root_closed = true;
                    }
                }
            }
            Event::Text(t) => {
                if text_of.is_some() {
                    text.push_str(&t.xml10_content());
                } else if open.is_empty() && !t.trim().is_empty() {
                    return Err(not_well_formed(
                        lines.line(at),
                        "text stands outside the root element".to_owned(),
                    ));
                }
            }
            Event::CData(t) if text_of.is_some() => text.push_str(&t),
            Event::GeneralRef(g) => {
                let resolved: String = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&g) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(not_well_formed(
                                lines.line(at),
                                format!("unknown entity `&{};`", crate::diag::quote(&g)),
                            ))
                        }
                    },
                    Err(e) => return Err(not_well_formed(lines.line(at), e.to_string())),
                };
                if text_of.is_some() {
                    text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, line)) = open.last() {
        return Err(XmlError {
            line: *line,
            message: format!("is not well-formed XML: `<{name}>` is not closed"),
        });
    }
    doc.ok_or_else(|| XmlError {
        line: 1,
        message: "is not well-formed XML: there is no root element".to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// The code tree and its ids
// ---------------------------------------------------------------------------------------------

/// skillgap's block of a code's description, as read.
#[derive(Debug, Default)]
struct Block {
    id: Option<String>,
    terms: Option<String>,
    exclude: Option<String>,
    regex: Option<String>,
    language: Option<String>,
    /// Lines that are none of these.
    unknown: Vec<String>,
}

/// A code of the tree: a `<Code>` element, or a level of an ATLAS.ti `a::b` name that no
/// element stands for.
#[derive(Debug)]
struct Node {
    /// The element, as an index into the document's codes; `None` for a level made a code.
    element: Option<usize>,
    label: String,
    path: Vec<String>,
    parent: Option<usize>,
    line: usize,
    codable: bool,
    /// The description without skillgap's block.
    description: String,
    block: Option<Block>,
    /// Where the code stands among its siblings: the element that made it.
    key: usize,
    id: String,
}

/// The codes of a document, the first of them its elements in document order (node `i` is
/// element `i`), and the order they come in the codebook: each code followed by its children.
struct Tree {
    nodes: Vec<Node>,
    order: Vec<usize>,
}

/// The levels of a name: ATLAS.ti's `a::b::c` split, any other name whole.
fn levels(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split("::").collect();
    if parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        vec![name.to_owned()]
    }
}

fn build_tree(codes: &[Element]) -> Tree {
    let mut nodes: Vec<Node> = Vec::with_capacity(codes.len());
    // The first code of each path: an `a::b` name's parent is the code at path `a`.
    let mut paths: HashMap<Vec<String>, usize> = HashMap::new();
    for (i, el) in codes.iter().enumerate() {
        // An element's enclosing element comes before it.
        let mut path = el.parent.map(|p| nodes[p].path.clone()).unwrap_or_default();
        let (description, block) = split_block(&el.description);
        // A code skillgap wrote is nested: a `::` in its name is part of the name.
        let parts = if block.is_some() {
            vec![el.name.clone()]
        } else {
            levels(&el.name)
        };
        let label = parts.last().cloned().unwrap_or_default();
        path.extend(parts);
        nodes.push(Node {
            element: Some(i),
            label,
            path: path.clone(),
            parent: el.parent,
            line: el.line,
            codable: el.codable,
            description,
            block,
            key: i,
            id: String::new(),
        });
        paths.entry(path).or_insert(i);
    }
    for (i, el) in codes.iter().enumerate() {
        let base = el.parent.map_or(0, |p| nodes[p].path.len());
        let len = nodes[i].path.len();
        let mut up = el.parent;
        // Each level above the last: an existing code of that path, or one made for it. A
        // parent's path is always shorter than its child's, so there is no cycle.
        for k in base + 1..len {
            let prefix: Vec<String> = nodes[i].path[..k].to_vec();
            let found = paths.get(&prefix).copied();
            let n = match found {
                Some(n) => n,
                None => {
                    let n = nodes.len();
                    nodes.push(Node {
                        element: None,
                        label: prefix[k - 1].clone(),
                        path: prefix.clone(),
                        parent: up,
                        line: el.line,
                        codable: false,
                        description: String::new(),
                        block: None,
                        key: i,
                        id: String::new(),
                    });
                    paths.insert(prefix, n);
                    n
                }
            };
            up = Some(n);
        }
        nodes[i].parent = up;
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots: Vec<usize> = Vec::new();
    for (n, node) in nodes.iter().enumerate() {
        match node.parent {
            Some(p) => children[p].push(n),
            None => roots.push(n),
        }
    }
    roots.sort_by_key(|&n| (nodes[n].key, n));
    for list in &mut children {
        list.sort_by_key(|&n| (nodes[n].key, n));
    }
    let mut order = Vec::with_capacity(nodes.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        order.push(n);
        stack.extend(children[n].iter().rev());
    }
    // Ids in codebook order, parents first: an id of skillgap's block is kept, every other code
    // gets one made from its name that no code has yet.
    let mut taken: HashSet<String> = nodes
        .iter()
        .filter_map(|n| n.block.as_ref()?.id.clone())
        .collect();
    for &n in &order {
        if let Some(id) = nodes[n].block.as_ref().and_then(|b| b.id.clone()) {
            nodes[n].id = id;
            continue;
        }
        let base = slug(&nodes[n].label);
        let mut id = base.clone();
        if taken.contains(&id) {
            if let Some(p) = nodes[n].parent {
                id = format!("{}_{base}", nodes[p].id);
            }
            let stem = id.clone();
            let mut k = 2;
            while taken.contains(&id) {
                id = format!("{stem}_{k}");
                k += 1;
            }
        }
        taken.insert(id.clone());
        nodes[n].id = id;
    }
    Tree { nodes, order }
}

/// An id made from a code name: lowercase ASCII letters, digits and `-`, diacritics dropped
/// (`å`, `ä` to `a`, `ö` to `o`, `ø` to `o`, `æ` to `ae`), every run of other characters one
/// `_`, none at either end; `c_` in front of one that would start with `-`; `code` for a name
/// with nothing left.
fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut gap = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        // Latin letters that do not decompose into a base letter and a mark.
        let folded = match c {
            'ø' | 'Ø' => "o",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ß' | 'ẞ' => "ss",
            'ł' | 'Ł' => "l",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'þ' | 'Þ' => "th",
            'ı' => "i",
            _ => "",
        };
        let lower: String = if folded.is_empty() {
            c.to_lowercase().collect()
        } else {
            folded.to_owned()
        };
        for l in lower.chars() {
            if l.is_ascii_lowercase() || l.is_ascii_digit() || l == '-' {
                if gap && !out.is_empty() {
                    out.push('_');
                }
                gap = false;
                out.push(l);
            } else {
                gap = true;
            }
        }
    }
    if out.is_empty() {
        "code".to_owned()
    } else if out.starts_with('-') {
        format!("c_{out}")
    } else {
        out
    }
}

/// A description split into the text before skillgap's block and the block: the block starts
/// at the last line that is [`BLOCK_MARK`], the newline before it is the separator.
fn split_block(text: &str) -> (String, Option<Block>) {
    let mut mark = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == BLOCK_MARK {
            mark = Some((at, at + line.len()));
        }
        at += line.len();
    }
    let Some((start, end)) = mark else {
        return (text.to_owned(), None);
    };
    let before = &text[..start];
    let before = before.strip_suffix('\n').unwrap_or(before);
    let mut block = Block::default();
    for line in text[end..].lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            block.unknown.push(line.to_owned());
            continue;
        };
        let slot = match key.trim() {
            "id" => &mut block.id,
            "terms" => &mut block.terms,
            "exclude" => &mut block.exclude,
            "regex" => &mut block.regex,
            "language" => &mut block.language,
            _ => {
                block.unknown.push(line.to_owned());
                continue;
            }
        };
        let value = value.trim();
        if !value.is_empty() {
            *slot = Some(value.to_owned());
        }
    }
    (before.to_owned(), Some(block))
}

/// A colour as QDA tools write it (`#rgb`, `#rrggbb`, `#rrggbbaa` with the alpha dropped, any
/// case) as `#RRGGBB`.
fn qda_color(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let six: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_owned(),
        8 => hex[..6].to_owned(),
        _ => return None,
    };
    raw::hex_color(&format!("#{six}"))
}

// ---------------------------------------------------------------------------------------------
// Sets and settings
// ---------------------------------------------------------------------------------------------

/// What a set's name makes it.
#[derive(Debug, Clone, Copy)]
enum SetKind<'a> {
    Settings,
    Category(&'a str),
    Facet(&'a str, &'a str),
    Other,
}

fn set_kind(name: &str) -> SetKind<'_> {
    let Some((key, value)) = name.split_once(':') else {
        return SetKind::Other;
    };
    let (key, value) = (key.trim(), value.trim());
    // `Coke::diet Coke` is an ATLAS.ti name, not `key: value`.
    if key.is_empty() || value.is_empty() || value.starts_with(':') {
        return SetKind::Other;
    }
    match key {
        "skillgap" if value == "settings" => SetKind::Settings,
        "category" => SetKind::Category(value),
        _ => SetKind::Facet(key, value),
    }
}

/// What the sets say: the settings set, and per node its category and facets.
struct Sets<'d> {
    settings: Option<&'d SetElement>,
    category: Vec<Option<String>>,
    facets: Vec<BTreeMap<String, String>>,
}

fn read_sets<'d>(doc: &'d Document, tree: &Tree, path: &Path, diags: &mut Diagnostics) -> Sets<'d> {
    let mut by_guid: HashMap<&str, usize> = HashMap::new();
    for (i, el) in doc.codes.iter().enumerate() {
        if !el.guid.is_empty() {
            by_guid.entry(el.guid.as_str()).or_insert(i);
        }
    }
    let mut out = Sets {
        settings: None,
        category: vec![None; tree.nodes.len()],
        facets: vec![BTreeMap::new(); tree.nodes.len()],
    };
    for set in &doc.sets {
        let line = Some(set.line);
        let shown = crate::diag::quote(&set.name);
        let kind = set_kind(&set.name);
        match kind {
            SetKind::Settings => {
                if out.settings.is_none() {
                    out.settings = Some(set);
                } else {
                    diags.warning(
                        path,
                        line,
                        format!("a second set `{SETTINGS_SET}`; only the first is read"),
                    );
                }
                continue;
            }
            // A set of sources, or an empty one.
            _ if set.members.is_empty() => continue,
            SetKind::Other => {
                diags.warning(
                    path,
                    line,
                    format!(
                        "set `{shown}` is neither `key: value` (a facet of its codes) nor \
                         `category: value`; ignored"
                    ),
                );
                continue;
            }
            SetKind::Category(_) | SetKind::Facet(..) => {}
        }
        for guid in &set.members {
            let Some(&i) = by_guid.get(guid.as_str()) else {
                diags.warning(
                    path,
                    line,
                    format!(
                        "set `{shown}`: member code `{}` is not in the codebook; ignored",
                        crate::diag::quote(guid)
                    ),
                );
                continue;
            };
            let id = &tree.nodes[i].id;
            match kind {
                SetKind::Category(v) => {
                    let old = out.category[i].clone();
                    match old {
                        None => out.category[i] = Some(v.to_owned()),
                        Some(old) if old == v => {}
                        Some(old) => diags.warning(
                            path,
                            line,
                            format!(
                                "code `{id}` is in the sets `category: {}` and `{shown}`; its \
                                 category is `{}`",
                                crate::diag::quote(&old),
                                crate::diag::quote(&old)
                            ),
                        ),
                    }
                }
                SetKind::Facet(k, v) => {
                    let old = out.facets[i].get(k).cloned();
                    match old {
                        None => {
                            out.facets[i].insert(k.to_owned(), v.to_owned());
                        }
                        Some(old) if old == v => {}
                        Some(old) => diags.warning(
                            path,
                            line,
                            format!(
                                "code `{id}` is in the sets `{k}: {}` and `{shown}`; its `{k}` \
                                 is `{}`",
                                crate::diag::quote(&old),
                                crate::diag::quote(&old)
                            ),
                        ),
                    }
                }
                SetKind::Settings | SetKind::Other => {}
            }
        }
    }
    out
}

/// The settings of the `skillgap: settings` set, read by the TOML reader, every problem at its
/// line in the document.
fn read_settings(set: &SetElement, path: &Path, diags: &mut Diagnostics) -> RawBook {
    let mut found = Diagnostics::new();
    let raw = super::toml_file::read_toml(&set.description, path, &mut found);
    // Line 1 of the text is the line of its `<Description>` tag.
    let shift = set.description_line.saturating_sub(1);
    for d in found.iter() {
        let line = d.line.map(|l| l + shift);
        let message = format!("set `{SETTINGS_SET}`: {}", d.message);
        match d.severity {
            Severity::Error => diags.error(path, line, message),
            Severity::Warning => diags.warning(path, line, message),
        }
    }
    let Some(mut raw) = raw else {
        return RawBook::default();
    };
    fn shifted<T>(value: &mut Option<At<T>>, by: usize) {
        if let Some(v) = value.as_mut() {
            v.line = v.line.map(|l| l + by);
        }
    }
    shifted(&mut raw.language, shift);
    shifted(&mut raw.compounds, shift);
    shifted(&mut raw.group_by, shift);
    if !raw.codes.is_empty() {
        diags.warning(
            path,
            Some(set.line),
            format!("set `{SETTINGS_SET}`: its `[[codes]]` are ignored; codes are `<Code>`s"),
        );
        raw.codes.clear();
    }
    raw
}

#[cfg(test)]
mod tests;
