//! The Word reader takes `*.docx` transcripts: the paragraphs of the body and of its tables in
//! document order, in the accepted reading of tracked changes (insertions kept; deletions,
//! deleted table rows and moved-from text dropped; a deleted paragraph mark joins a paragraph to
//! the next), with field codes skipped and their results kept. Each paragraph is one line of a
//! text that [`super::transcript`] parses as it parses a text file, so speaker labels, `---`
//! front matter and `[#id]` groups work as there; a leading `key: value` block of paragraphs is
//! front matter too. Word comments whose text holds `#id` are manual codes of every turn their
//! range overlaps, by the comment's author; replies are not read for codes. Locations are
//! paragraphs, numbered from 1 in the accepted reading.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;

use super::qdpx::attr;
use super::reader::{Read, Reader};
use super::transcript::{self, ManualCode, Roles, Transcript};
use crate::diag::{quote, Diagnostics};

/// The Word reader.
pub struct Docx;

/// The one instance [`super::reader::reader_for`] hands out.
pub static DOCX: Docx = Docx;

/// The most bytes of one XML part read: a body of a thousand pages is a few MB.
const MAX_PART_BYTES: u64 = 64 << 20;

/// The largest `.docx` read. Pictures make Word files large while their text stays small, so
/// the bound is far above that of text transcripts; only the XML parts are read.
pub const MAX_DOCX_BYTES: u64 = 256 << 20;

impl Reader for Docx {
    fn format(&self) -> &'static str {
        "docx"
    }

    fn read(
        &self,
        bytes: Vec<u8>,
        path: &Path,
        roles: &Roles,
        diags: &mut Diagnostics,
    ) -> Option<Read> {
        match Package::open(bytes) {
            Ok(package) => Some(Read {
                transcript: package.transcript(path, roles, diags),
                encoding: "UTF-8",
            }),
            Err(message) => {
                diags.error(path, None, message);
                None
            }
        }
    }
}

/// One line of the body's text: a paragraph, or a part of one after a line break.
#[derive(Debug)]
struct Line {
    text: String,
    /// The paragraph, 1-based.
    paragraph: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Start,
    End,
    Reference,
}

/// A comment anchor met in the body: in which line, at which byte of it.
#[derive(Debug, Clone, Copy)]
struct Mark {
    kind: MarkKind,
    line: usize,
    offset: usize,
}

/// One `w:comment`.
#[derive(Debug, Default)]
struct Comment {
    id: String,
    author: String,
    text: String,
    /// The `w14:paraId` of its last paragraph, by which `commentsExtended.xml` links replies.
    last_para_id: Option<String>,
}

/// The parts of a Word file that hold its text and comments.
#[derive(Debug, Default)]
struct Package {
    lines: Vec<Line>,
    marks: HashMap<String, Vec<Mark>>,
    comments: Vec<Comment>,
    /// `w15:paraId` of replies (comments with a parent).
    replies: std::collections::HashSet<String>,
}

impl Package {
    fn open(bytes: Vec<u8>) -> Result<Package, String> {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(
                "is a password-protected Word file or an old binary .doc, not a .docx: \
                        open it in Word and save it as a Word Document (.docx) without a password"
                    .into(),
            );
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("is not a Word document (.docx is a zip archive: {e})"))?;
        let main = target_of(&mut zip, "_rels/.rels", "officeDocument", "")?
            .unwrap_or_else(|| "word/document.xml".to_owned());
        let body = match read_part(&mut zip, &main)? {
            Some(xml) => xml,
            None => {
                return Err(format!(
                    "is not a Word document: it has no `{main}` (a .docx from Word, LibreOffice \
                     or Google Docs has one)"
                ))
            }
        };
        let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
        let rels = format!(
            "{dir}/_rels/{}.rels",
            main.rsplit('/').next().unwrap_or(&main)
        );
        let mut package = Package::default();
        walk_body(&body, &main, &mut package)?;
        let comments = target_of(&mut zip, &rels, "comments", dir)?
            .unwrap_or_else(|| format!("{dir}/comments.xml"));
        if let Some(xml) = read_part(&mut zip, &comments)? {
            package.comments = read_comments(&xml, &comments)?;
        }
        let extended = target_of(&mut zip, &rels, "commentsExtended", dir)?
            .unwrap_or_else(|| format!("{dir}/commentsExtended.xml"));
        if let Some(xml) = read_part(&mut zip, &extended)? {
            package.replies = read_replies(&xml, &extended)?;
        }
        Ok(package)
    }

    /// The transcript: the lines parsed as a text file, then the comments' codes.
    fn transcript(self, path: &Path, roles: &Roles, diags: &mut Diagnostics) -> Transcript {
        let (text, paragraph_of, text_line_of) = self.text();
        let mut local = Diagnostics::new();
        let mut t = transcript::parse(&text, path, roles, &mut local);
        self.code(&mut t, &text_line_of, paragraph_of.len(), path, &mut local);
        let at = |line: usize| paragraph_of.get(line - 1).copied().unwrap_or(line);
        for seg in &mut t.segments {
            seg.line = at(seg.line);
            for mc in &mut seg.manual_codes {
                mc.line = at(mc.line);
            }
        }
        for f in &mut t.front_matter {
            f.line = at(f.line);
        }
        local.map_lines(at);
        diags.extend(local);
        t
    }

    /// The text handed to the transcript parser, with the paragraph of each of its lines and,
    /// for each of [`Package::lines`], its line in the text. Leading empty paragraphs are left
    /// out, and a leading block of `key: value` paragraphs is fenced by `---` as front matter.
    fn text(&self) -> (String, Vec<usize>, Vec<usize>) {
        let first = self
            .lines
            .iter()
            .position(|l| !l.text.trim().is_empty())
            .unwrap_or(self.lines.len());
        let block = front_matter_block(&self.lines[first..]);
        let mut text = String::new();
        let mut paragraph_of = Vec::new();
        let mut text_line_of = vec![1; self.lines.len()];
        let mut push = |s: &str, paragraph: usize, text: &mut String| {
            if !paragraph_of.is_empty() {
                text.push('\n');
            }
            text.push_str(s);
            paragraph_of.push(paragraph);
            paragraph_of.len()
        };
        for (i, line) in self.lines.iter().enumerate().skip(first) {
            if block > 0 && i == first {
                push("---", line.paragraph, &mut text);
            }
            // Line breaks in a paragraph are kept as lines; other control characters (a
            // vertical tab from a soft return in old files) as spaces.
            let clean: String = line
                .text
                .chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect();
            text_line_of[i] = push(&clean, line.paragraph, &mut text);
            if block > 0 && i == first + block - 1 {
                push("---", line.paragraph, &mut text);
            }
        }
        (text, paragraph_of, text_line_of)
    }

    /// Adds each comment's `#id` codes to the turns its range overlaps.
    fn code(
        &self,
        t: &mut Transcript,
        text_line_of: &[usize],
        n_lines: usize,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        // The last text line of each turn: the line before the next turn starts.
        let ends: Vec<usize> = t
            .segments
            .iter()
            .skip(1)
            .map(|s| s.line - 1)
            .chain(std::iter::once(n_lines.max(1)))
            .collect();
        for c in &self.comments {
            let ids = comment_codes(&c.text);
            if ids.is_empty() {
                continue;
            }
            let who = if c.author.is_empty() {
                "a comment without an author".to_owned()
            } else {
                format!("the comment by {}", quote(&c.author))
            };
            let Some((first, last)) = self.range(&c.id, text_line_of) else {
                diags.warning(
                    path,
                    None,
                    format!(
                        "{who} (`{}`) is anchored nowhere in the text; its codes are ignored",
                        quote(&c.text)
                    ),
                );
                continue;
            };
            if c.last_para_id
                .as_ref()
                .is_some_and(|p| self.replies.contains(p))
            {
                diags.warning(
                    path,
                    Some(first),
                    format!(
                        "{who} is a reply and replies do not code; its `#` ids are ignored \
                         (put codes in the first comment of a thread)"
                    ),
                );
                continue;
            }
            let mut codes = Vec::new();
            for id in ids {
                if crate::names::is_valid_id(id) {
                    codes.push(id);
                } else {
                    diags.error(
                        path,
                        Some(first),
                        format!(
                            "{who} has `#{}`, which is not a code id (ids are lowercase \
                             letters, digits, `_` and `-`)",
                            quote(id)
                        ),
                    );
                }
            }
            let mut coded = false;
            for (seg, &end) in t.segments.iter_mut().zip(&ends) {
                if seg.line > last || end < first {
                    continue;
                }
                coded = true;
                for id in &codes {
                    let coder = (!c.author.is_empty()).then(|| c.author.clone());
                    if !seg
                        .manual_codes
                        .iter()
                        .any(|m| m.id == *id && m.coder == coder)
                    {
                        seg.manual_codes.push(ManualCode {
                            id: (*id).to_owned(),
                            line: first,
                            coder,
                        });
                    }
                }
            }
            if !coded && !codes.is_empty() {
                diags.warning(
                    path,
                    Some(first),
                    format!("{who} covers no speaker turn; its codes are ignored"),
                );
            }
        }
    }

    /// The first and last text lines a comment's range covers. A range that starts at the very
    /// end of a paragraph starts on the next; one that ends at the very start of a paragraph
    /// ends on the one before. A comment with only a reference is a point comment on its line.
    fn range(&self, id: &str, text_line_of: &[usize]) -> Option<(usize, usize)> {
        let marks = self.marks.get(id)?;
        let find = |k: MarkKind| marks.iter().find(|m| m.kind == k).copied();
        let (start, end) = match (find(MarkKind::Start), find(MarkKind::End)) {
            (Some(s), Some(e)) => (s, e),
            (Some(s), None) => (s, find(MarkKind::Reference).unwrap_or(s)),
            (None, Some(e)) => (e, e),
            (None, None) => {
                let r = find(MarkKind::Reference)?;
                (r, r)
            }
        };
        let len = |line: usize| self.lines.get(line).map_or(0, |l| l.text.len());
        let mut first = start.line;
        let mut last = end.line.max(first);
        if last > first && start.offset >= len(first) {
            first += 1;
        }
        if last > first && end.offset == 0 {
            last -= 1;
        }
        let line = |i: usize| {
            text_line_of
                .get(i.min(text_line_of.len().saturating_sub(1)))
                .copied()
        };
        Some((line(first)?, line(last)?))
    }
}

/// How many of `lines` (the first not empty) form a leading `key: value` block: consecutive
/// paragraphs of a key, a colon and a short value, ended by an empty paragraph or a turn,
/// none of whose keys speaks a turn after it. `0` when there is none.
fn front_matter_block(lines: &[Line]) -> usize {
    if lines.first().is_some_and(|l| l.text.trim() == "---") {
        return 0;
    }
    fn field(s: &str) -> Option<&str> {
        let (k, v) = s.split_once(':')?;
        let (k, v) = (k.trim(), v.trim());
        let key = !k.is_empty()
            && k.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        (key && !v.is_empty() && v.chars().count() <= 120).then_some(k)
    }
    let keys: Vec<&str> = lines.iter().map_while(|l| field(&l.text)).collect();
    if keys.is_empty() {
        return 0;
    }
    let labels: Vec<&str> = lines[keys.len()..]
        .iter()
        .filter_map(|l| {
            let (label, rest) = l.text.trim_start().split_once(':')?;
            (transcript::is_label(label) && (rest.is_empty() || rest.starts_with(' ')))
                .then_some(label)
        })
        .collect();
    if labels.is_empty() || keys.iter().any(|k| labels.contains(k)) {
        0
    } else {
        keys.len()
    }
}

/// The `#id` words of a comment's text: a `#` at the start or after a space or an opening
/// bracket, then letters, digits, `_` and `-`.
fn comment_codes(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c == '#' && (prev.is_whitespace() || "([{,;".contains(prev)) {
            let rest = &text[i + 1..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            if end > 0 {
                out.push(&rest[..end]);
            }
        }
        prev = c;
    }
    out
}

/// Reads one part whole, bounded; `None` when the package has no such part.
fn read_part<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let name = name.trim_start_matches('/');
    if zip.index_for_name(name).is_none() {
        return Ok(None);
    }
    let bytes = super::qdpx::read_bounded(zip, name, MAX_PART_BYTES, "a Word part")
        .map_err(|e| format!("`{name}` cannot be unpacked: {e}"))?;
    let mut text = String::from_utf8(bytes)
        .map_err(|_| format!("`{name}` is not UTF-8 XML; save the file again in Word"))?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(Some(text))
}

/// The target of the relationship whose type ends in `/kind` in the relationships part `rels`,
/// resolved against `dir`; `None` when there is no such part or relationship.
fn target_of<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    rels: &str,
    kind: &str,
    dir: &str,
) -> Result<Option<String>, String> {
    let Some(xml) = read_part(zip, rels)? else {
        return Ok(None);
    };
    let mut r = XmlReader::from_str(&xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.rsplit('/').next() == Some(kind) {
                    let Some(target) = attr(&e, "Target") else {
                        continue;
                    };
                    if let Some(abs) = target.strip_prefix('/') {
                        return Ok(Some(abs.to_owned()));
                    }
                    return Ok(Some(if dir.is_empty() {
                        target
                    } else {
                        format!("{dir}/{target}")
                    }));
                }
            }
            Ok(Event::Eof) => return Ok(None),
            Ok(_) => {}
            Err(e) => return Err(xml_error(rels, &xml, r.error_position(), &e)),
        }
    }
}

fn xml_error(part: &str, xml: &str, at: u64, e: &quick_xml::Error) -> String {
    let at = (at as usize).min(xml.len());
    let line = xml.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    format!("`{part}` is not well-formed XML (line {line} of the part): {e}")
}

/// The text of a `w:t` run of events: character data with entities resolved.
fn push_text(ev: &Event<'_>, out: &mut String) {
    match ev {
        Event::Text(t) => out.push_str(&t.xml10_content()),
        Event::CData(t) => out.push_str(t.as_ref()),
        Event::GeneralRef(g) => {
            if let Ok(Some(c)) = g.resolve_char_ref() {
                out.push(c);
            } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(g.as_ref()) {
                out.push_str(s);
            }
        }
        _ => {}
    }
}

/// Elements whose content is not in the accepted reading, or not in the body's flow: deleted
/// and moved-away text, the fallback of alternate content (its choice is read), text boxes,
/// and the old-text records of formatting changes.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "del" | "moveFrom" | "Fallback" | "txbxContent" | "delText" | "instrText" | "delInstrText"
    )
}

/// Walks the body: paragraphs (also in tables and content controls) into lines, comment anchors
/// into marks.
fn walk_body(xml: &str, part: &str, out: &mut Package) -> Result<(), String> {
    let mut r = XmlReader::from_str(xml);
    // Local names of the open elements.
    let mut stack: Vec<String> = Vec::new();
    // While inside a skipped element: the stack depth at which it ends.
    let mut skip: Option<usize> = None;
    let mut buf = String::new();
    let mut paragraph = 1;
    let mut join = false;
    let mut in_t = false;
    // Open fields: true while in a field's code (between `begin` and `separate`).
    let mut fields: Vec<bool> = Vec::new();
    let mut body = false;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| xml_error(part, xml, r.error_position(), &e))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_owned();
            if skip.is_none() && body {
                let parent = stack.last().map(String::as_str).unwrap_or_default();
                let in_props = stack
                    .iter()
                    .any(|n| n.ends_with("Pr") || n.ends_with("PrChange"));
                match name.as_str() {
                    "del" if parent == "trPr" => {
                        // A deleted table row: skip the rest of the row.
                        if let Some(tr) = stack.iter().rposition(|n| n == "tr") {
                            skip = Some(tr);
                        }
                    }
                    "del" if parent == "rPr" && stack.iter().any(|n| n == "pPr") => join = true,
                    // Other properties hold no text.
                    _ if in_props => {}
                    n if skipped(n) && !empty => skip = Some(stack.len()),
                    "p" => {
                        in_t = false;
                        if empty {
                            end_paragraph(&mut buf, &mut paragraph, &mut join, out);
                        }
                    }
                    "t" if parent == "r" && !empty => in_t = true,
                    "tab" if parent == "r" => buf.push('\t'),
                    "br" | "cr" if parent == "r" => {
                        out.lines.push(Line {
                            text: std::mem::take(&mut buf),
                            paragraph,
                        });
                    }
                    "noBreakHyphen" if parent == "r" => buf.push('-'),
                    "fldChar" => match attr(e, "fldCharType").as_deref() {
                        Some("begin") => fields.push(true),
                        Some("separate") => {
                            if let Some(f) = fields.last_mut() {
                                *f = false;
                            }
                        }
                        Some("end") => {
                            fields.pop();
                        }
                        _ => {}
                    },
                    "commentRangeStart" | "commentRangeEnd" | "commentReference" => {
                        let kind = match name.as_str() {
                            "commentRangeStart" => MarkKind::Start,
                            "commentRangeEnd" => MarkKind::End,
                            _ => MarkKind::Reference,
                        };
                        if let Some(id) = attr(e, "id") {
                            out.marks.entry(id).or_default().push(Mark {
                                kind,
                                line: out.lines.len(),
                                offset: buf.len(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            if name == "body" {
                body = true;
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match &ev {
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                stack.pop();
                if skip.is_some_and(|d| stack.len() <= d) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                match name.as_str() {
                    "t" => in_t = false,
                    "p" if body => end_paragraph(&mut buf, &mut paragraph, &mut join, out),
                    "body" => body = false,
                    _ => {}
                }
            }
            Event::Eof => break,
            ev if in_t && skip.is_none() && !fields.last().copied().unwrap_or(false) => {
                push_text(ev, &mut buf)
            }
            _ => {}
        }
    }
    if join || !buf.is_empty() {
        out.lines.push(Line {
            text: buf,
            paragraph,
        });
    }
    Ok(())
}

fn end_paragraph(buf: &mut String, paragraph: &mut usize, join: &mut bool, out: &mut Package) {
    if std::mem::take(join) {
        return;
    }
    out.lines.push(Line {
        text: std::mem::take(buf),
        paragraph: *paragraph,
    });
    *paragraph += 1;
}

/// The comments of `comments.xml`: id, author, text (paragraphs joined by line breaks) and the
/// `w14:paraId` of the last paragraph.
fn read_comments(xml: &str, part: &str) -> Result<Vec<Comment>, String> {
    let mut r = XmlReader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<Comment> = None;
    let mut in_t = false;
    let mut paragraphs = 0;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| xml_error(part, xml, r.error_position(), &e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "comment" => {
                        let c = Comment {
                            id: attr(e, "id").unwrap_or_default(),
                            author: attr(e, "author").unwrap_or_default(),
                            ..Comment::default()
                        };
                        paragraphs = 0;
                        if empty {
                            out.push(c);
                        } else {
                            current = Some(c);
                        }
                    }
                    "p" => {
                        if let Some(c) = current.as_mut() {
                            if paragraphs > 0 {
                                c.text.push('\n');
                            }
                            paragraphs += 1;
                            c.last_para_id = attr(e, "paraId");
                        }
                    }
                    "t" if !empty => in_t = true,
                    "tab" => current.iter_mut().for_each(|c| c.text.push('\t')),
                    "br" | "cr" => current.iter_mut().for_each(|c| c.text.push('\n')),
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "comment" => out.extend(current.take()),
                _ => {}
            },
            Event::Eof => break,
            ev if in_t => {
                if let Some(c) = current.as_mut() {
                    push_text(ev, &mut c.text);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The `w15:paraId`s of replies in `commentsExtended.xml`: entries with a parent.
fn read_replies(xml: &str, part: &str) -> Result<std::collections::HashSet<String>, String> {
    let mut r = XmlReader::from_str(xml);
    let mut out = std::collections::HashSet::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "commentEx" => {
                if let (Some(id), Some(_)) = (attr(&e, "paraId"), attr(&e, "paraIdParent")) {
                    out.insert(id);
                }
            }
            Ok(Event::Eof) => return Ok(out),
            Ok(_) => {}
            Err(e) => return Err(xml_error(part, xml, r.error_position(), &e)),
        }
    }
}

#[cfg(test)]
mod tests;
