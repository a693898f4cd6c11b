//! The SRT reader takes SubRip subtitles (`*.srt`, as Whisper and captioning services write
//! them): blocks of an optional number, a timing (`,` or `.` before the milliseconds, or none;
//! anything after the end time ignored) and text. Text is read as WebVTT cue text (tags such as
//! `<font>`, `<b>`, `<i>` stripped, entities decoded), speakers from a `Name:` prefix or a label
//! alone on the line above, consecutive cues of one speaker merged (see [`super::vtt`]).
//! Locations are the lines of the timings.

use std::path::Path;

use super::reader::{read_text, Read, Reader};
use super::transcript::{Roles, Transcript};
use super::vtt::{turns, Cue};
use crate::diag::Diagnostics;

/// The SRT reader.
pub struct Srt;

/// The one instance [`super::reader::reader_for`] hands out.
pub static SRT: Srt = Srt;

impl Reader for Srt {
    fn format(&self) -> &'static str {
        "SRT"
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

/// Reads SRT text into turns.
pub fn parse(text: &str, roles: &Roles) -> Transcript {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut cues = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A timing line starts a cue; the number above it, if any, is not text.
        if !lines[i].contains("-->") {
            i += 1;
            continue;
        }
        let line = i + 1;
        let start = lines[i].split("-->").next().unwrap_or("").trim().to_owned();
        i += 1;
        let mut body = Vec::new();
        while i < lines.len() && !lines[i].trim().is_empty() && !lines[i].contains("-->") {
            body.push(lines[i]);
            i += 1;
        }
        // Without a blank line, a cue number stands just above the next timing.
        if i < lines.len()
            && lines[i].contains("-->")
            && body.last().is_some_and(|l| l.trim().parse::<u64>().is_ok())
        {
            body.pop();
        }
        cues.push(Cue {
            line,
            start,
            text: body.join("\n"),
        });
    }
    turns(cues, roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> Option<String> {
        super::super::reader::shared_transcript_text(name)
    }

    fn turns_of(text: &str) -> Vec<(String, String, String)> {
        parse(text, &Roles::default())
            .segments
            .into_iter()
            .map(|s| (s.speaker, s.timestamp.unwrap_or_default(), s.text))
            .collect()
    }

    #[test]
    fn numbers_tags_and_prefixes() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,500 X1:10\r\n<b>Anna:</b> Vi behöver <i>PLC</i>.\r\n\r\n\
                    00:00:03.000 --> 00:00:04.000\r\nAnna: Och svetsare.\r\n2\r\n\
                    00:00:05 --> 00:00:06\r\nBO:\r\nJa &amp; nej.\r\n";
        assert_eq!(
            turns_of(text),
            [
                (
                    "Anna".into(),
                    "00:00:01,000".into(),
                    "Vi behöver PLC.\nOch svetsare.".into()
                ),
                ("BO".into(), "00:00:05".into(), "Ja & nej.".into()),
            ]
        );
    }

    /// Each SRT file here as a person reads it: (speaker, start, line, text) per turn.
    #[allow(clippy::type_complexity)]
    #[test]
    fn every_srt_here_reads_exactly() {
        const RUMBLE: &str = "How did we end up here?\nThis place is horrible.\nSmells like balls.\nWe don't belong\nin this shithole.\n(computer playing\nelectronic melody)";
        let expected: [(&str, Vec<(&str, &str, usize, &str)>); 7] = [
            (
                "srt-bom-mixed-timestamps.srt",
                vec![("R", "00:01:39", 2, "(deep rumbling)"), ("MAN", "00:02:04,08", 6, RUMBLE)],
            ),
            (
                "srt-cr-line-endings.srt",
                vec![(
                    "R",
                    "00:00:00.000",
                    2,
                    "Did one of the last stories strike you as\nmore interesting than the other?\n\
                     That's true. You don\u{2019}t often find 632\npieces of gum stuck on a sidewalk\n\
                     at a busy bus stop or anywhere\nelse for that matter.",
                )],
            ),
            (
                "srt-missing-sequence-numbers.srt",
                vec![("R", "00:01:39", 1, "(deep rumbling)"), ("MAN", "00:02:04,08", 4, RUMBLE)],
            ),
            (
                "srt-speaker-prefix.srt",
                vec![
                    ("Alice", "00:00:01,000", 2, "The contract renews automatically."),
                    ("Bob", "00:00:03,500", 6, "Only if neither party gives notice."),
                ],
            ),
            (
                "srt-styled-tags.srt",
                vec![(
                    "R",
                    "00:00:17,985",
                    2,
                    "[instrumental music]\n[ticks]\n[instrumental music]\n[dog barking]\n[beeping]\n\
                     [automated]\n'The time is 7:35.'\nTest with multi line italics\n\
                     Terminated on the next line\nUnterminated styles\nDo no fall to the next item\n\
                     x^3 * x = 100",
                )],
            ),
            (
                "srt-utf16le.srt",
                vec![("R", "00:01:39", 2, "(deep rumbling)"), ("MAN", "00:02:04,08", 6, RUMBLE)],
            ),
            (
                "whisper-jfk.srt",
                vec![(
                    "R",
                    "00:00:00,000",
                    2,
                    "And so my fellow Americans, ask not what your country can do for you, ask \
                     what you can do for your country.",
                )],
            ),
        ];
        for (name, want) in expected {
            let Some(text) = data(name) else { continue };
            let got: Vec<(String, String, usize, String)> = parse(&text, &Roles::default())
                .segments
                .into_iter()
                .map(|s| (s.speaker, s.timestamp.unwrap_or_default(), s.line, s.text))
                .collect();
            let got: Vec<(&str, &str, usize, &str)> = got
                .iter()
                .map(|(a, b, c, d)| (a.as_str(), b.as_str(), *c, d.as_str()))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }
}
