//! The WebVTT reader takes subtitle transcripts as Teams, Zoom, Stream, Whisper and YouTube
//! write them (`*.vtt`, and any file whose text starts with `WEBVTT`). Speakers come from voice
//! spans (`<v Name>`, closed or not, with or without classes) or a `Name:` prefix in the cue;
//! consecutive cues of one speaker are one turn, stamped with its first cue's start time; a cue
//! without a speaker continues the previous one. The header, `NOTE`, `STYLE` and `REGION`
//! blocks, cue ids and cue settings are skipped; tags are stripped and entities decoded after
//! them (`&lt;i&gt;` stays text). Locations are the lines of the cues' timings.

use std::path::Path;

use super::reader::{read_text, Read, Reader};
use super::transcript::{is_label, Roles, Segment, Transcript};
use crate::diag::Diagnostics;

/// The WebVTT reader.
pub struct Vtt;

/// The one instance [`super::reader::reader_for`] hands out.
pub static VTT: Vtt = Vtt;

/// Whether text (after a byte-order mark) is WebVTT.
pub fn is_vtt(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.starts_with(b"WEBVTT")
}

impl Reader for Vtt {
    fn format(&self) -> &'static str {
        "WebVTT"
    }

    fn read(
        &self,
        bytes: Vec<u8>,
        path: &Path,
        roles: &Roles,
        diags: &mut Diagnostics,
    ) -> Option<Read> {
        read_text(bytes, path, diags, |text, _| parse(text, roles))
    }
}

/// One cue: the line of its timing, its start time and its text.
pub(super) struct Cue {
    pub line: usize,
    pub start: String,
    pub text: String,
}

/// The cues of a WebVTT text, in file order.
fn cues(text: &str) -> Vec<Cue> {
    // CR, LF and CRLF all end a line.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    // The header runs to the first blank line.
    let mut i = lines
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(lines.len());
    while i < lines.len() {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let Some(first) = block.first() else { break };
        let word = first.split([' ', '\t']).next().unwrap_or("");
        if matches!(word, "NOTE" | "STYLE" | "REGION") || first.starts_with("Region:") {
            continue;
        }
        let timing = match block.iter().position(|l| l.contains("-->")) {
            Some(t) if t <= 1 => t,
            _ => continue,
        };
        let begin = block[timing]
            .split("-->")
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        // The cue's text runs to the block's end or a line with another timing.
        let body: Vec<&str> = block[timing + 1..]
            .iter()
            .take_while(|l| !l.contains("-->"))
            .copied()
            .collect();
        out.push(Cue {
            line: start + timing + 1,
            start: begin,
            text: body.join("\n"),
        });
    }
    out
}

/// A piece of cue text and the voice it is in (`None` outside any voice span).
type Piece = (Option<String>, String);

/// Splits cue text into its voices' texts: tags stripped (an unclosed `<` ends the text),
/// `<v Name>` starting a voice and `</v>` ending it, entities decoded after.
pub fn voices(cue: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut voice: Option<String> = None;
    let mut text = String::new();
    let mut rest = cue;
    let flush = |out: &mut Vec<Piece>, voice: &Option<String>, text: &mut String| {
        if !text.is_empty() {
            out.push((voice.clone(), decode_entities(text)));
            text.clear();
        }
    };
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let name = tag
            .split(|c: char| c == '.' || c.is_whitespace())
            .next()
            .unwrap_or("");
        match name {
            "v" => {
                flush(&mut out, &voice, &mut text);
                let title = tag
                    .split_once(|c: char| c.is_whitespace())
                    .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                voice = Some(title);
            }
            "/v" => {
                flush(&mut out, &voice, &mut text);
                voice = None;
            }
            _ => {}
        }
    }
    text.push_str(rest);
    flush(&mut out, &voice, &mut text);
    out
}

/// Decodes the character references WebVTT text uses.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "lrm" => Some('\u{200e}'),
                "rlm" => Some('\u{200f}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn push(out: &mut Transcript, mut seg: Segment) {
    seg.number = out.segments.len() as u32 + 1;
    seg.tokens = crate::text::spans(&seg.text);
    out.segments.push(seg);
}

/// Reads WebVTT text into turns.
pub fn parse(text: &str, roles: &Roles) -> Transcript {
    turns(cues(text), roles)
}

/// Makes turns of cues (WebVTT's or SRT's): speakers from voices or `Name:` prefixes,
/// consecutive cues of one speaker merged.
pub(super) fn turns(cues: Vec<Cue>, roles: &Roles) -> Transcript {
    let mut out = Transcript::default();
    let mut current: Option<(String, Segment)> = None;
    for cue in cues {
        for (voice, piece) in voices(&cue.text) {
            // `Name: text` where no voice span names the speaker.
            let (speaker, body) = match voice.filter(|v| !v.is_empty()) {
                Some(v) => (Some(v), piece.trim().to_owned()),
                None => match piece.trim().split_once(':') {
                    Some((label, rest)) if is_label(label.trim()) && !label.contains('\n') => {
                        (Some(label.trim().to_owned()), rest.trim().to_owned())
                    }
                    _ => (None, piece.trim().to_owned()),
                },
            };
            // `- ` opens each line of a two-voice dialogue cue: a marker, not text.
            let body = body
                .lines()
                .map(|l| {
                    let l = l.trim();
                    l.strip_prefix("- ").unwrap_or(l)
                })
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            if body.is_empty() {
                continue;
            }
            let speaker = speaker
                .or_else(|| current.as_ref().map(|(s, _)| s.clone()))
                .unwrap_or_else(|| "R".to_owned());
            match &mut current {
                Some((s, seg)) if *s == speaker => {
                    seg.text.push('\n');
                    seg.text.push_str(&body);
                }
                _ => {
                    if let Some((_, seg)) = current.take() {
                        push(&mut out, seg);
                    }
                    current = Some((
                        speaker.clone(),
                        Segment {
                            number: 0,
                            line: cue.line,
                            role: roles.role(&speaker),
                            speaker,
                            timestamp: Some(cue.start.clone()),
                            text: body,
                            manual_codes: Vec::new(),
                            tokens: Vec::new(),
                        },
                    ));
                }
            }
        }
    }
    if let Some((_, seg)) = current.take() {
        push(&mut out, seg);
    }
    out
}

#[cfg(test)]
mod tests;
