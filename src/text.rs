//! Tokens are the word units of a segment's text: Unicode word boundaries (UAX #29) with
//! punctuation and spaces dropped, so `PLC-programmering` is `PLC` and `programmering`. Each token
//! knows its byte span and its sentence; sentences end at `.`, `!`, `?` or a line break, and
//! negation looks back only within a sentence.
//!
//! Segmenting by the full UAX #29 rules costs more than all the rest of coding. Text made only of
//! Latin letters, digits and common punctuation (Swedish and English interviews, nearly always)
//! takes a fast path that applies the few rules such text can meet; any other character sends
//! the whole text through `unicode-segmentation`. Tests check that both give the same tokens.

use unicode_segmentation::UnicodeSegmentation;

/// One word of a segment's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte span in the segment text.
    pub start: usize,
    pub end: usize,
    /// Index of the sentence within the segment.
    pub sentence: u32,
}

/// A token as stored with its segment: byte span and sentence (12 bytes, and a few in the
/// cache).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
}

/// The stored form of a text's tokens.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    if !fast::words(text, &mut out) {
        out.clear();
        out.extend(
            text.split_word_bound_indices()
                .filter(|(_, w)| is_word(w))
                .map(|(start, w)| Span {
                    start: start as u32,
                    end: (start + w.len()) as u32,
                    sentence: 0,
                }),
        );
    }
    // A sentence ends where the gap between two words holds `.`, `!`, `?` or a line break.
    let bytes = text.as_bytes();
    let (mut sentence, mut last_end) = (0u32, None::<usize>);
    for s in &mut out {
        if let Some(end) = last_end {
            if bytes[end..s.start as usize]
                .iter()
                .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n'))
            {
                sentence += 1;
            }
        }
        s.sentence = sentence;
        last_end = Some(s.end as usize);
    }
    out
}

/// Rebuilds the tokens of `text` from their stored spans, without segmenting the text again.
pub fn from_spans<'a>(text: &'a str, spans: &[Span]) -> Vec<Token<'a>> {
    spans
        .iter()
        .map(|s| {
            let (start, end) = (s.start as usize, s.end as usize);
            Token {
                text: &text[start..end],
                start,
                end,
                sentence: s.sentence,
            }
        })
        .collect()
}

fn is_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// The words of a text, without positions.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    spans(text)
        .into_iter()
        .map(move |s| &text[s.start as usize..s.end as usize])
}

/// Splits a segment's text into tokens with spans and sentence numbers.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    from_spans(text, &spans(text))
}

/// UAX #29 word boundaries for text of Latin letters, digits and common punctuation.
mod fast {
    use super::Span;

    /// Word-break classes of the characters the fast path knows.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) enum Class {
        Letter,
        Numeric,
        /// `_`: joins whatever word it touches.
        ExtendNumLet,
        /// `:`, `·`: joins letters (`AI:n`).
        MidLetter,
        /// `.`, `'`, `‘`, `’`: joins letters, or digits (`t.ex`, `3.5`).
        MidNumLet,
        /// `,`, `;`: joins digits (`1,5`).
        MidNum,
        /// Spaces, line breaks and other punctuation: never part of a word.
        Other,
    }

    /// The class of `c`, or `None` where the fast path does not know it.
    pub(super) fn class(c: char) -> Option<Class> {
        use Class::*;
        if c.is_ascii() {
            return ASCII[c as usize];
        }
        Some(match c {
            '\u{B7}' => MidLetter,
            // Latin-1 letters (not × and ÷), Latin Extended-A and -B.
            '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' => Letter,
            // Latin-1 punctuation and symbols, but the soft hyphen (which joins), the
            // superscript digits and fractions (words of their own), ª, µ and º (letters) and
            // the cedilla (which joins like a letter).
            '\u{A0}'..='\u{BF}'
                if !matches!(
                    c,
                    '\u{AA}'
                        | '\u{AD}'
                        | '\u{B2}'
                        | '\u{B3}'
                        | '\u{B5}'
                        | '\u{B8}'
                        | '\u{B9}'
                        | '\u{BA}'
                        | '\u{BC}'..='\u{BE}'
                ) =>
            {
                Other
            }
            '\u{D7}' | '\u{F7}' => Other,
            '\u{2018}' | '\u{2019}' => MidNumLet,
            // Dashes, quotation marks, bullet, ellipsis, euro sign.
            '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2022}'
            | '\u{2026}' | '\u{20AC}' => Other,
            _ => return None,
        })
    }

    fn is_word_char(c: Class) -> bool {
        matches!(c, Class::Letter | Class::Numeric | Class::ExtendNumLet)
    }

    /// The classes of the ASCII characters (`None` for control characters but tab and line
    /// breaks), looked up instead of matched, since nearly every byte is ASCII.
    static ASCII: [Option<Class>; 128] = {
        let mut t = [None; 128];
        let mut b = 0;
        while b < 128 {
            t[b] = match b as u8 {
                b'a'..=b'z' | b'A'..=b'Z' => Some(Class::Letter),
                b'0'..=b'9' => Some(Class::Numeric),
                b'_' => Some(Class::ExtendNumLet),
                b':' => Some(Class::MidLetter),
                b'.' | b'\'' => Some(Class::MidNumLet),
                b',' | b';' => Some(Class::MidNum),
                b'\t' | b'\n' | b'\r' | b' '..=b'~' => Some(Class::Other),
                _ => None,
            };
            b += 1;
        }
        t
    };

    /// Appends the span of each word of `text` to `out` (sentence 0) and returns true, or
    /// returns false, leaving `out` to be cleared, if `text` has a character the fast path does
    /// not know.
    pub(super) fn words(text: &str, out: &mut Vec<Span>) -> bool {
        use Class::*;
        let bytes = text.as_bytes();
        // The word being read: its start (`NONE` outside a word), the class of its last
        // character and whether it has a letter or digit; and a middle character waiting for
        // the next one to decide (`NONE` if none).
        const NONE: usize = usize::MAX;
        let (mut start, mut last, mut alnum) = (NONE, Other, false);
        let (mut mid_at, mut mid) = (NONE, Other);
        let mut i = 0;
        while i < bytes.len() {
            if start != NONE && mid_at == NONE && bytes[i].is_ascii_alphanumeric() {
                // Inside a word, runs of ASCII letters and digits need no rule: skip them.
                let run = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len() - i);
                i += run;
                last = if bytes[i - 1].is_ascii_digit() {
                    Numeric
                } else {
                    Letter
                };
                alnum = true;
                continue;
            }
            let b = bytes[i];
            let (k, len) = if b < 0x80 {
                match ASCII[b as usize] {
                    Some(k) => (k, 1),
                    None => return false,
                }
            } else {
                let Some(c) = text[i..].chars().next() else {
                    return false;
                };
                match class(c) {
                    Some(k) => (k, c.len_utf8()),
                    None => return false,
                }
            };
            let at = i;
            i += len;
            if start != NONE {
                if mid_at != NONE {
                    // WB6/7 and WB11/12: one middle character between two letters or two
                    // digits.
                    let joins = match (last, k) {
                        (Letter, Letter) => matches!(mid, MidLetter | MidNumLet),
                        (Numeric, Numeric) => matches!(mid, MidNum | MidNumLet),
                        _ => false,
                    };
                    let end = mid_at;
                    mid_at = NONE;
                    if joins {
                        last = k;
                        continue;
                    }
                    push(out, start, end, alnum);
                    start = NONE;
                } else if is_word_char(k) {
                    last = k;
                    alnum |= k != ExtendNumLet;
                    continue;
                } else if matches!(k, MidLetter | MidNumLet | MidNum)
                    && matches!(last, Letter | Numeric)
                {
                    (mid_at, mid) = (at, k);
                    continue;
                } else {
                    push(out, start, at, alnum);
                    start = NONE;
                    continue;
                }
            }
            if is_word_char(k) {
                (start, last, alnum) = (at, k, k != ExtendNumLet);
            }
        }
        if start != NONE {
            let end = if mid_at != NONE { mid_at } else { bytes.len() };
            push(out, start, end, alnum);
        }
        true
    }

    fn push(out: &mut Vec<Span>, start: usize, end: usize, alnum: bool) {
        if alnum {
            out.push(Span {
                start: start as u32,
                end: end as u32,
                sentence: 0,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_split_and_spans_are_bytes() {
        let toks = tokenize("Både PLC-programmering, och AI!");
        let got: Vec<(&str, usize, usize, u32)> = toks
            .iter()
            .map(|t| (t.text, t.start, t.end, t.sentence))
            .collect();
        assert_eq!(
            got,
            [
                ("Både", 0, 5, 0),
                ("PLC", 6, 9, 0),
                ("programmering", 10, 23, 0),
                ("och", 25, 28, 0),
                ("AI", 29, 31, 0),
            ]
        );
    }

    /// Word spans by the full UAX #29 rules.
    fn uax29(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .filter(|(_, w)| is_word(w))
            .map(|(i, w)| (i, i + w.len()))
            .collect()
    }

    fn fast_path(text: &str) -> Option<Vec<(usize, usize)>> {
        let mut out = Vec::new();
        fast::words(text, &mut out).then(|| {
            out.iter()
                .map(|s| (s.start as usize, s.end as usize))
                .collect()
        })
    }

    /// Every character the fast path knows, in the contexts where its class decides a
    /// boundary: between letters, between digits, after an underscore, doubled, and alone.
    #[test]
    fn fast_path_agrees_with_uax29_for_every_character_it_knows() {
        let known: Vec<char> = (0u32..0x2100)
            .filter_map(char::from_u32)
            .filter(|&c| fast::class(c).is_some())
            .collect();
        assert!(known.len() > 500, "{}", known.len());
        let mut wrong = Vec::new();
        for c in known {
            for ctx in [
                "a{}b",
                "1{}2",
                "a{}1",
                "1{}a",
                "_{}_",
                "{}",
                "a{}",
                "{}a",
                "x{}{}y",
                "ab{}cd{}ef",
                "3{}{}4",
                " {} ",
            ] {
                let text = ctx.replace("{}", &c.to_string());
                if fast_path(&text) != Some(uax29(&text)) {
                    wrong.push(format!("U+{:04X} in {text:?}", c as u32));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn unknown_characters_take_the_full_rules() {
        for text in ["x\u{AD}y", "日本語", "e\u{301}t", "x²", "AI\u{200D}x", "½"] {
            assert_eq!(fast_path(text), None, "{text:?}");
            let got: Vec<(usize, usize)> =
                tokenize(text).iter().map(|t| (t.start, t.end)).collect();
            assert_eq!(got, uax29(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_agrees_with_uax29_on_mixed_text(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', 'å', 'Ö', 'é', 'ł', 'ǅ', '0', '7', '_', ':', '·', '.', '\'', '’', ',', ';',
                ' ', '\n', '\r', '\t', '-', '!', '?', '"', '–', '“', '…', '\u{A0}', '§', '×',
            ]), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(fast_path(&text), Some(uax29(&text)));
        }
    }

    #[test]
    fn sentences_end_at_punctuation_and_line_breaks() {
        let toks = tokenize("Vi har inte det. Men AI? Ja\nkanske t.ex. 3.5 gånger");
        let s: Vec<(&str, u32)> = toks.iter().map(|t| (t.text, t.sentence)).collect();
        assert_eq!(
            s,
            [
                ("Vi", 0),
                ("har", 0),
                ("inte", 0),
                ("det", 0),
                ("Men", 1),
                ("AI", 1),
                ("Ja", 2),
                ("kanske", 3),
                ("t.ex", 3),
                ("3.5", 4),
                ("gånger", 4),
            ]
        );
    }

    #[test]
    fn spans_rebuild_the_same_tokens() {
        for text in [
            "Både PLC-programmering, och AI!",
            "Vi har inte det. Men AI? Ja\nkanske t.ex. 3.5",
            "",
        ] {
            assert_eq!(from_spans(text, &spans(text)), tokenize(text), "{text}");
        }
    }

    #[test]
    fn inflected_acronym_stays_one_token() {
        let w: Vec<&str> = words("AI:n och IT:s roll, AI/ML").collect();
        assert_eq!(w, ["AI:n", "och", "IT:s", "roll", "AI", "ML"]);
    }
}
