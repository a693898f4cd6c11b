//! Keyword in context (KWIC) shows every place in the corpus where a code, a term or a regex
//! matches, with the words around it, so that a researcher sees what a term catches before and
//! after changing it. Unlike a run, it looks at every turn and keeps negated matches, marking
//! them, so it also shows why something was *not* counted.

use std::path::PathBuf;

use crate::codebook::{self, term, Code, Term};
use crate::coding::{CoderPool, Matcher};
use crate::config::Inputs;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::{self, Role};
use crate::pipeline::{self, Interview, Sink, Study};
use crate::Error;

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A code id: the code and its descendants, with all their terms and patterns.
    Code(String),
    /// A term, with codebook term semantics.
    Term(String),
    /// A regex, matched case-insensitively.
    Regex(String),
}

/// One match with its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    pub interview: String,
    pub path: PathBuf,
    pub segment: u32,
    pub speaker: String,
    pub role: Role,
    pub code: String,
    pub term: String,
    pub left: String,
    pub matched: String,
    pub right: String,
    pub negated: bool,
    /// False where a run would not code the turn (interviewer turns by default).
    pub coded: bool,
}

/// The result: lines in corpus order and the warnings from reading the inputs.
pub struct Kwic {
    pub target: Target,
    pub lines: Vec<KwicLine>,
    pub warnings: Vec<Diagnostic>,
}

/// The most context `--width` may ask for on each side: aligned lines are padded to it.
pub const MAX_WIDTH: usize = 10_000;

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last `width` characters of `s` on one line (whitespace runs as one space). Only the
/// end of `s` is looked at, so a match deep in a long turn costs its context, not the turn.
fn tail(s: &str, width: usize) -> String {
    let mut out: Vec<char> = Vec::with_capacity(width);
    let mut space = false;
    for c in s.trim_end().chars().rev() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            if out.len() == width {
                break;
            }
            out.push(' ');
        }
        space = false;
        if out.len() == width {
            break;
        }
        out.push(c);
    }
    out.iter().rev().collect()
}

/// The first `width` characters of `s` on one line.
fn head(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for word in s.split_whitespace() {
        if n > 0 {
            if n == width {
                break;
            }
            out.push(' ');
            n += 1;
        }
        for c in word.chars() {
            if n == width {
                return out;
            }
            out.push(c);
            n += 1;
        }
    }
    out
}

/// Finds the target's matches in each interview as the corpus streams by.
struct Finder<'a> {
    book: &'a codebook::Codebook,
    matcher: &'a Matcher,
    coders: CoderPool<'a>,
    wanted: &'a [u32],
    by_code: bool,
    width: usize,
}

impl Sink for Finder<'_> {
    type Part = Vec<KwicLine>;

    fn part(&self, iv: &Interview<'_>, _: &mut Diagnostics) -> Vec<KwicLine> {
        let mut lease = self.coders.lease();
        let coder = lease.coder();
        let mut lines = Vec::new();
        // The same language and question context per segment as a run.
        let mut contexts = crate::coding::Contexts::new(coder);
        for seg in iv.segments {
            let toks = crate::text::from_spans(&seg.text, &seg.tokens);
            let cx = contexts.next(seg, &toks, coder);
            for m in coder.matches_in(&seg.text, &toks, cx.lang, cx.asked_need) {
                if !self.wanted.contains(&m.code) {
                    continue;
                }
                lines.push(KwicLine {
                    interview: iv.id.to_owned(),
                    path: iv.path.to_path_buf(),
                    segment: seg.number,
                    speaker: seg.speaker.clone(),
                    role: seg.role,
                    code: if self.by_code {
                        self.book.codes[m.code as usize].id.clone()
                    } else {
                        String::new()
                    },
                    term: self.matcher.pattern(m.pattern).text.clone(),
                    left: tail(&seg.text[..m.start], self.width),
                    matched: one_line(&seg.text[m.start..m.end]),
                    right: head(&seg.text[m.end..], self.width),
                    negated: m.negated,
                    coded: seg.role == Role::Respondent || self.book.code_interviewer,
                });
            }
        }
        lines
    }
}

/// Finds every match of `target` in the corpus; `width` characters of context each side. The
/// corpus streams by: only the lines found are kept.
pub fn kwic(inputs: &Inputs, target: &str, regex: bool, width: usize) -> Result<Kwic, Error> {
    let mut diags = Diagnostics::new();
    let cache = || inputs.cache.as_deref().map(ingest::Cache::new);
    let Some(cb) = pipeline::load_codebook(&inputs.codebook, &mut diags)? else {
        return Err(pipeline::report_all(diags, inputs, cache())?);
    };
    let target = if regex {
        Target::Regex(target.to_owned())
    } else if cb.index_of(target).is_some() {
        Target::Code(target.to_owned())
    } else {
        Target::Term(target.to_owned())
    };
    let adhoc = |terms: Vec<Term>, regex: Vec<String>| Code {
        id: "kwic".into(),
        label: String::new(),
        category: String::new(),
        parent: None,
        facets: Default::default(),
        description: String::new(),
        color: None,
        terms,
        exclude: Vec::new(),
        regex,
        language: None,
        line: 0,
    };
    let (book, wanted): (codebook::Codebook, Vec<u32>) = match &target {
        Target::Code(id) => {
            let root = cb
                .index_of(id)
                .ok_or_else(|| Error::Internal(format!("code `{id}` went missing")))?;
            let wanted = (0..cb.codes.len())
                .filter(|&i| cb.self_and_ancestors(i).contains(&root))
                .map(|i| i as u32)
                .collect();
            (cb.clone(), wanted)
        }
        Target::Term(t) => {
            term::parse(t).map_err(|e| Error::Usage(format!("term `{t}`: {e}")))?;
            let term = Term {
                text: t.clone(),
                language: cb.language,
                explicit: false,
            };
            (cb.with_codes(vec![adhoc(vec![term], vec![])]), vec![0])
        }
        Target::Regex(r) => {
            codebook::compile_regex(r).map_err(|e| Error::Usage(format!("--regex `{r}`: {e}")))?;
            (cb.with_codes(vec![adhoc(vec![], vec![r.clone()])]), vec![0])
        }
    };
    let matcher = Matcher::new(&book).map_err(Error::Internal)?;
    let study = Study {
        codebook: Some(&cb),
        matcher: None,
        cache: cache(),
        pseudonyms: None,
        progress: false,
        interviewers: &inputs.interviewers,
        columns: &inputs.columns,
    };
    let finder = Finder {
        book: &book,
        matcher: &matcher,
        coders: CoderPool::new(&matcher),
        wanted: &wanted,
        by_code: matches!(target, Target::Code(_)),
        width,
    };
    let mut lines = Vec::new();
    let streamed = pipeline::stream(&study, &inputs.interviews, &finder, |found| {
        lines.extend(found);
        Ok(())
    })?;
    diags.extend(streamed.diagnostics);
    if diags.has_errors() {
        return Err(Error::Input(diags));
    }
    Ok(Kwic {
        target,
        lines,
        warnings: diags.into_warnings(),
    })
}

/// Aligned lines for a terminal: place, role, marks, left context, `[match]`, right context.
pub fn render(k: &Kwic, width: usize) -> String {
    let loc: Vec<String> = k
        .lines
        .iter()
        .map(|l| format!("{}:{}", l.interview, l.segment))
        .collect();
    let loc_w = loc.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (l, loc) in k.lines.iter().zip(&loc) {
        let role = match l.role {
            Role::Interviewer => "I",
            Role::Respondent => "R",
        };
        let mark = match (l.negated, l.coded) {
            (true, false) => "neg,int",
            (true, true) => "neg",
            (false, false) => "int",
            (false, true) => "",
        };
        let code = if l.code.is_empty() {
            String::new()
        } else {
            format!("  ({} via {})", l.code, l.term)
        };
        let line = format!(
            "{loc:<loc_w$}  {role}  {mark:<7}  {:>width$} [{}] {:<width$}{code}",
            l.left, l.matched, l.right
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let negated = k.lines.iter().filter(|l| l.negated).count();
    let uncoded = k.lines.iter().filter(|l| !l.coded).count();
    let counted = k.lines.iter().filter(|l| l.coded && !l.negated).count();
    out.push_str(&format!(
        "{} {}: {counted} counted, {negated} negated (neg), {uncoded} in turns not coded (int)\n",
        crate::plural(k.lines.len(), "match"),
        match &k.target {
            Target::Code(c) => format!("of code `{c}` and its sub-codes"),
            Target::Term(t) => format!("of term `{t}`"),
            Target::Regex(r) => format!("of regex `{r}`"),
        }
    ));
    out
}

/// The lines as CSV.
pub fn to_csv(k: &Kwic) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "interview",
        "segment",
        "speaker",
        "role",
        "code",
        "term",
        "negated",
        "coded",
        "left",
        "match",
        "right",
    ]);
    for l in &k.lines {
        let _ = w.write_record([
            l.interview.as_str(),
            &l.segment.to_string(),
            &l.speaker,
            l.role.as_str(),
            &l.code,
            &l.term,
            &l.negated.to_string(),
            &l.coded.to_string(),
            &l.left,
            &l.matched,
            &l.right,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_one_line_and_clipped() {
        assert_eq!(tail("ett två\ntre  fyra", 8), "tre fyra");
        assert_eq!(tail("kort", 8), "kort");
        assert_eq!(head("  fem sex sju", 7), "fem sex");
        // The same as collapsing the whole text first, for every width.
        let text = "  ett\ttvå  \n tre fyra fem  ";
        for w in 0..30 {
            let flat = one_line(text);
            let n = flat.chars().count();
            let want_tail: String = flat.chars().skip(n.saturating_sub(w)).collect();
            let want_head: String = flat.chars().take(w).collect();
            assert_eq!(tail(text, w), want_tail, "tail {w}");
            assert_eq!(head(text, w), want_head, "head {w}");
        }
    }
}
