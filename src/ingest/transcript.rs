//! A transcript is one interview as text: optional front matter, a preamble, then speaker turns.
//! This module parses the text of one transcript (already decoded and NFC-normalised) into its
//! front matter and segments, one segment per turn, with manual code groups `[#id …]` taken out
//! of the text and kept with the line they stood on.

use std::collections::HashSet;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::text::{spans, Span};

/// Who speaks a turn. Only respondent turns are coded automatically by default.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Role {
    Interviewer,
    Respondent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Respondent => "respondent",
        }
    }
}

/// A manual code attached to a segment, with the line its group stood on and, where the
/// format records one (a REFI-QDA coding's user), its coder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ManualCode {
    pub id: String,
    pub line: usize,
    pub coder: Option<String>,
}

/// One turn: the unit of coding and co-occurrence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// 1-based number within the interview, in file order.
    pub number: u32,
    /// Line on which the turn starts.
    pub line: usize,
    pub speaker: String,
    pub role: Role,
    pub timestamp: Option<String>,
    /// The turn's text with manual code groups removed; continuation lines joined by `\n`.
    pub text: String,
    pub manual_codes: Vec<ManualCode>,
    /// The text's tokens, found once here and kept (and cached) so that coding does not
    /// segment the text again.
    pub tokens: Vec<Span>,
}

/// A `key: value` pair from the front matter and the line it stood on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Field {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// What one transcript holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Transcript {
    pub front_matter: Vec<Field>,
    pub segments: Vec<Segment>,
}

/// Decides the role of a speaker label: the built-in interviewer labels plus the codebook's
/// `interviewer_labels`, compared case-insensitively.
#[derive(Debug, Clone)]
pub struct Roles {
    interviewer: HashSet<String>,
}

impl Roles {
    pub const BUILT_IN: [&'static str; 6] = ["I", "Int", "Intervjuare", "Interviewer", "Q", "F"];

    pub fn new<S: AsRef<str>>(extra: &[S]) -> Self {
        let interviewer = Self::BUILT_IN
            .iter()
            .map(|s| s.to_lowercase())
            .chain(extra.iter().map(|s| s.as_ref().trim().to_lowercase()))
            .collect();
        Roles { interviewer }
    }

    pub fn role(&self, label: &str) -> Role {
        // Called for every turn: ASCII labels are compared without a lowercase copy.
        let interviewer = if label.is_ascii() {
            self.interviewer
                .iter()
                .any(|l| l.eq_ignore_ascii_case(label))
        } else {
            self.interviewer.contains(&label.to_lowercase())
        };
        if interviewer {
            Role::Interviewer
        } else {
            Role::Respondent
        }
    }
}

impl Default for Roles {
    fn default() -> Self {
        Roles::new::<&str>(&[])
    }
}

/// Parses one transcript. Problems are added to `diags` under `path`; parsing goes on past
/// them so that every problem in the file is reported.
///
/// Turns start with `Label:`; a file with none whose lines start with `[Label] ` (QualCoder's
/// `[id1] text`) is read with those as its turns.
pub fn parse(text: &str, path: &Path, roles: &Roles, diags: &mut Diagnostics) -> Transcript {
    let mut first = Diagnostics::new();
    let t = parse_with(text, path, roles, false, &mut first);
    if t.segments.is_empty()
        && (text.starts_with('[') || text.contains("\n["))
        && text.lines().any(|l| bracket_turn_start(l).is_some())
    {
        return parse_with(text, path, roles, true, diags);
    }
    diags.extend(first);
    t
}

fn parse_with(
    text: &str,
    path: &Path,
    roles: &Roles,
    brackets: bool,
    diags: &mut Diagnostics,
) -> Transcript {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = Transcript::default();
    let mut body_start = 0;
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        match lines.iter().skip(1).position(|l| l.trim_end() == "---") {
            Some(close) => {
                out.front_matter = front_matter(&lines[1..=close], path, diags);
                body_start = close + 2;
            }
            None => diags.error(
                path,
                Some(1),
                "front matter opened with `---` is never closed by a second `---` line",
            ),
        }
    }

    let mut current: Option<Segment> = None;
    for (idx, raw) in lines.iter().enumerate().skip(body_start) {
        let line_no = idx + 1;
        let start = if brackets {
            bracket_turn_start(raw)
        } else {
            turn_start(raw)
        };
        if let Some(start) = start {
            if let Some(seg) = current.take() {
                out.segments.push(finish(seg));
            }
            let mut seg = Segment {
                number: out.segments.len() as u32 + 1,
                line: line_no,
                speaker: start.label.to_owned(),
                role: roles.role(start.label),
                timestamp: start.timestamp.map(str::to_owned),
                text: String::new(),
                manual_codes: Vec::new(),
                tokens: Vec::new(),
            };
            let cleaned = take_manual_codes(start.text, line_no, path, &mut seg, diags);
            seg.text.push_str(cleaned.trim());
            current = Some(seg);
        } else if let Some(seg) = current.as_mut() {
            let cleaned = take_manual_codes(raw, line_no, path, seg, diags);
            // After a label alone on its line, the turn starts with its first text.
            if !seg.text.is_empty() {
                seg.text.push('\n');
            }
            seg.text.push_str(cleaned.trim());
        } else if raw.contains("[#") && manual_group_re().is_match(raw) {
            diags.warning(
                path,
                Some(line_no),
                "manual code group before the first turn (in the preamble) is ignored",
            );
        }
    }
    if let Some(seg) = current.take() {
        out.segments.push(finish(seg));
    }
    out
}

fn finish(mut seg: Segment) -> Segment {
    let trimmed = seg.text.trim_end().len();
    seg.text.truncate(trimmed);
    seg.tokens = spans(&seg.text);
    seg
}

fn front_matter(lines: &[&str], path: &Path, diags: &mut Diagnostics) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line_no = i + 2;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            diags.error(
                path,
                Some(line_no),
                format!(
                    "front matter line `{}` is not `key: value`",
                    crate::diag::quote(trimmed)
                ),
            );
            continue;
        };
        let key = key.trim();
        if !is_key(key) {
            diags.error(
                path,
                Some(line_no),
                format!(
                    "front matter key `{}` must be letters, digits, `_` or `-`",
                    crate::diag::quote(key)
                ),
            );
            continue;
        }
        if let Some(first) = fields.iter().find(|f| f.key == key) {
            diags.error(
                path,
                Some(line_no),
                format!(
                    "front matter key `{key}` is given twice (first as `{key}: {}`)",
                    crate::diag::quote(&first.value)
                ),
            );
            continue;
        }
        fields.push(Field {
            key: key.to_owned(),
            value: unquote(value.trim()).to_owned(),
            line: line_no,
        });
    }
    fields
}

fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

struct TurnStart<'a> {
    timestamp: Option<&'a str>,
    label: &'a str,
    text: &'a str,
}

/// Recognises a line that begins a turn: `[hh:mm:ss] Label: text`, the timestamp optional.
/// The colon must be followed by whitespace or the end of the line, so that an inflected
/// acronym such as `AI:n` at the start of a continuation line is not taken for a speaker.
fn turn_start(line: &str) -> Option<TurnStart<'_>> {
    let mut rest = line.trim_start();
    let mut timestamp = None;
    if let Some((ts, after)) = strip_timestamp(rest) {
        timestamp = Some(ts);
        rest = after.trim_start();
    }
    let colon = rest.find(':')?;
    let label = &rest[..colon];
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) || !is_label(label) {
        return None;
    }
    Some(TurnStart {
        timestamp,
        label,
        text: after.trim_start(),
    })
}

/// Recognises a line that begins a turn as `[Label] text`: a label (or a lowercase id with a
/// digit, such as `id1`) in brackets, then whitespace; not a timestamp or a manual code group.
fn bracket_turn_start(line: &str) -> Option<TurnStart<'_>> {
    let rest = line.trim_start();
    let end = rest.strip_prefix('[')?.find(']')? + 1;
    let label = &rest[1..end];
    let after = &rest[end + 1..];
    if !after.starts_with(char::is_whitespace) || strip_timestamp(rest).is_some() {
        return None;
    }
    let id = label.chars().count() <= 40
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && label.chars().any(|c| c.is_ascii_digit());
    (id || is_label(label)).then(|| TurnStart {
        timestamp: None,
        label,
        text: after.trim_start(),
    })
}

fn strip_timestamp(s: &str) -> Option<(&str, &str)> {
    let close = match s.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    let end = s.find(close)?;
    let inner = &s[1..end];
    let digits =
        |p: &str, min: usize| (min..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = inner.split(':').collect();
    let ok = parts.len() == 3 && digits(parts[0], 1) && digits(parts[1], 2) && digits(parts[2], 2);
    ok.then(|| (inner, &s[end + 1..]))
}

/// A speaker label: one to three words of at most 40 characters in all, each word starting with
/// an uppercase letter or a digit and made of letters, digits, `.`, `-` and `_`.
pub(crate) fn is_label(label: &str) -> bool {
    if label.is_empty() || label.chars().count() > 40 {
        return false;
    }
    let word = |w: &str| {
        let mut chars = w.chars();
        matches!(chars.next(), Some(c) if c.is_uppercase() || c.is_ascii_digit())
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    label.split(' ').count() <= 3 && label.split(' ').all(word)
}

fn manual_group_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"\[#[^\]\n]*\]").expect("static regex"))
}

/// Removes every `[#id …]` group from a line, recording the ids on the segment.
fn take_manual_codes<'a>(
    line: &'a str,
    line_no: usize,
    path: &Path,
    seg: &mut Segment,
    diags: &mut Diagnostics,
) -> std::borrow::Cow<'a, str> {
    if !line.contains("[#") {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for m in manual_group_re().find_iter(line) {
        let before = &line[last..m.start()];
        // Drop the space that separated the group from the text, so that removal leaves no
        // double space behind.
        out.push_str(before.strip_suffix(' ').unwrap_or(before));
        last = m.end();
        let inner = &line[m.start() + 1..m.end() - 1];
        for item in inner.split_whitespace() {
            match item.strip_prefix('#') {
                Some(id) if crate::names::is_valid_id(id) => seg.manual_codes.push(ManualCode {
                    id: id.to_owned(),
                    line: line_no,
                    coder: None,
                }),
                _ => diags.error(
                    path,
                    Some(line_no),
                    format!(
                        "manual code group `{}` has `{}`, which is not `#id` \
                         (ids are lowercase letters, digits, `_` and `-`)",
                        crate::diag::quote(m.as_str()),
                        crate::diag::quote(item)
                    ),
                ),
            }
        }
    }
    out.push_str(&line[last..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Transcript {
        let mut d = Diagnostics::new();
        let t = parse(text, Path::new("t.md"), &Roles::default(), &mut d);
        assert!(d.is_empty(), "unexpected problems:\n{d}");
        t
    }

    fn problems(text: &str) -> String {
        let mut d = Diagnostics::new();
        parse(text, Path::new("t.md"), &Roles::default(), &mut d);
        d.to_string()
    }

    #[test]
    fn labels() {
        for ok in [
            "I",
            "R2",
            "HR",
            "Intervjuare",
            "Anna S.",
            "Respondent 1",
            "VD Östen",
            "R_1",
        ] {
            assert!(is_label(ok), "{ok}");
        }
        for bad in [
            "Det viktigaste är",
            "",
            "a",
            "One Two Three Four",
            "I  R",
            "Anna (VD)",
            "Ett ord som är alldeles förskräckligt långt",
        ] {
            assert!(!is_label(bad), "{bad}");
        }
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn front_matter_turns_and_preamble() {
        let t = parse_ok(
            "---\ninterview: IP07\ncompany: \"C07\"\nsize: 50-249\n---\n\
             Fiktiv intervju.\nI: Vilka kompetenser saknar ni?\nR: Folk som kan PLC.\n\
             Och processerna.\n\n[00:14:02] R2: Ingen här kan analysera data.\n",
        );
        let fm: Vec<(&str, &str, usize)> = t
            .front_matter
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str(), f.line))
            .collect();
        assert_eq!(
            fm,
            [
                ("interview", "IP07", 2),
                ("company", "C07", 3),
                ("size", "50-249", 4)
            ]
        );
        let segs: Vec<(u32, usize, &str, Role, Option<&str>, &str)> = t
            .segments
            .iter()
            .map(|s| {
                (
                    s.number,
                    s.line,
                    s.speaker.as_str(),
                    s.role,
                    s.timestamp.as_deref(),
                    s.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            segs,
            [
                (
                    1,
                    7,
                    "I",
                    Role::Interviewer,
                    None,
                    "Vilka kompetenser saknar ni?"
                ),
                (
                    2,
                    8,
                    "R",
                    Role::Respondent,
                    None,
                    "Folk som kan PLC.\nOch processerna."
                ),
                (
                    3,
                    11,
                    "R2",
                    Role::Respondent,
                    Some("00:14:02"),
                    "Ingen här kan analysera data."
                ),
            ]
        );
    }

    #[test]
    fn prose_with_colon_continues_the_turn() {
        let t =
            parse_ok("R: Så här:\nDet viktigaste är: folk\nAI:n kommer.\n(00:01:02) Int: Ok?\n");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(
            t.segments[0].text,
            "Så här:\nDet viktigaste är: folk\nAI:n kommer."
        );
        assert_eq!(t.segments[1].role, Role::Interviewer);
        assert_eq!(t.segments[1].timestamp.as_deref(), Some("00:01:02"));
    }

    #[test]
    fn roles_are_case_insensitive_and_extendable() {
        let roles = Roles::new(&["Moderator"]);
        assert_eq!(roles.role("INTERVJUARE"), Role::Interviewer);
        assert_eq!(roles.role("q"), Role::Interviewer);
        assert_eq!(roles.role("Moderator"), Role::Interviewer);
        assert_eq!(roles.role("R"), Role::Respondent);
        assert_eq!(roles.role("HR"), Role::Respondent);
    }

    #[test]
    fn manual_codes_are_removed_and_kept() {
        let t = parse_ok("R: Vi behöver PLC. [#automation #plc]\nOch mer [#ai] sen.\n");
        let s = &t.segments[0];
        assert_eq!(s.text, "Vi behöver PLC.\nOch mer sen.");
        let ids: Vec<(&str, usize)> = s
            .manual_codes
            .iter()
            .map(|m| (m.id.as_str(), m.line))
            .collect();
        assert_eq!(ids, [("automation", 1), ("plc", 1), ("ai", 2)]);
    }

    #[test]
    fn bracket_labels_where_a_file_has_no_other_turns() {
        let t = parse_ok(
            "Fokusgrupp.\n[id1] Vi behöver PLC.\n\nmer text\n[Anna] Och svetsare.\n[skratt] nej\n",
        );
        let got: Vec<(&str, usize, &str)> = t
            .segments
            .iter()
            .map(|s| (s.speaker.as_str(), s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("id1", 2, "Vi behöver PLC.\n\nmer text"),
                ("Anna", 5, "Och svetsare.\n[skratt] nej")
            ]
        );
        // Beside `Label:` turns, a bracket is text.
        let t = parse_ok("R: Ja.\n[id1] Nej.\n");
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].text, "Ja.\n[id1] Nej.");
    }

    #[test]
    fn a_label_alone_on_its_line_starts_a_turn() {
        let t = parse_ok("Anna:\n\nVi behöver PLC.\nOch svetsare.\nI:\nTack.\n");
        let got: Vec<(&str, usize, &str)> = t
            .segments
            .iter()
            .map(|s| (s.speaker.as_str(), s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Anna", 1, "Vi behöver PLC.\nOch svetsare."),
                ("I", 5, "Tack.")
            ]
        );
    }

    #[test]
    fn malformed_manual_code_and_front_matter_are_reported() {
        let out = problems("---\nsector tillverkning\nsize: 1\nsize: 2\n---\nR: Text [#Bad id].\n");
        assert_eq!(
            out,
            "t.md:2: error: front matter line `sector tillverkning` is not `key: value`\n\
             t.md:4: error: front matter key `size` is given twice (first as `size: 1`)\n\
             t.md:6: error: manual code group `[#Bad id]` has `#Bad`, which is not `#id` (ids are lowercase letters, digits, `_` and `-`)\n\
             t.md:6: error: manual code group `[#Bad id]` has `id`, which is not `#id` (ids are lowercase letters, digits, `_` and `-`)\n"
        );
        assert_eq!(
            problems("---\ninterview: X\nR: hej\n"),
            "t.md:1: error: front matter opened with `---` is never closed by a second `---` line\n"
        );
    }

    #[test]
    fn crlf_and_no_front_matter() {
        let t = parse_ok("Preamble\r\nI: Fråga?\r\nR: Svar.\r\n");
        assert!(t.front_matter.is_empty());
        assert_eq!(t.segments[1].text, "Svar.");
        assert_eq!(t.segments[1].line, 3);
    }
}
