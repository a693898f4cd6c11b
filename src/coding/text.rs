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
    each_token(text, |start, end, sentence| {
        out.push(Span {
            start: start as u32,
            end: end as u32,
            sentence,
        })
    });
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
    let mut spans = Vec::new();
    each_token(text, |start, end, _| spans.push((start, end)));
    spans.into_iter().map(move |(s, e)| &text[s..e])
}

/// Splits a segment's text into tokens with spans and sentence numbers.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    each_token(text, |start, end, sentence| {
        tokens.push(Token {
            text: &text[start..end],
            start,
            end,
            sentence,
        })
    });
    tokens
}

/// Calls `f(start, end, sentence)` for each token of `text`, in order.
fn each_token(text: &str, mut f: impl FnMut(usize, usize, u32)) {
    let mut sentence = 0u32;
    let mut last_end = 0usize;
    let mut seen_word = false;
    let mut emit = |start: usize, end: usize| {
        if seen_word && text[last_end..start].contains(['.', '!', '?', '\n']) {
            sentence += 1;
        }
        f(start, end, sentence);
        last_end = end;
        seen_word = true;
    };
    if !fast::words(text, &mut emit) {
        for (start, w) in text.split_word_bound_indices() {
            if is_word(w) {
                emit(start, start + w.len());
            }
        }
    }
}

/// UAX #29 word boundaries for text of Latin letters, digits and common punctuation.
mod fast {
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
        Some(match c {
            'a'..='z' | 'A'..='Z' => Letter,
            '0'..='9' => Numeric,
            '_' => ExtendNumLet,
            ':' => MidLetter,
            '.' | '\'' => MidNumLet,
            ',' | ';' => MidNum,
            '\t' | '\n' | '\r' | ' '..='~' => Other,
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

    /// Calls `emit(start, end)` for each word of `text` and returns true, or returns false
    /// (having called nothing) if `text` has a character the fast path does not know.
    pub(super) fn words(text: &str, emit: &mut impl FnMut(usize, usize)) -> bool {
        let classes: Vec<(usize, Class)> = match text
            .char_indices()
            .map(|(i, c)| class(c).map(|k| (i, k)))
            .collect::<Option<Vec<_>>>()
        {
            Some(v) => v,
            None => return false,
        };
        let end_of = |k: usize| classes.get(k + 1).map_or(text.len(), |&(i, _)| i);
        let mut k = 0;
        while k < classes.len() {
            if !is_word_char(classes[k].1) {
                k += 1;
                continue;
            }
            let start = k;
            let mut has_alnum = false;
            loop {
                let here = classes[k].1;
                has_alnum |= here != Class::ExtendNumLet;
                match classes.get(k + 1).map(|c| c.1) {
                    Some(next) if is_word_char(next) => k += 1,
                    // WB6/7 and WB11/12: one middle character between two letters or two
                    // digits.
                    Some(mid) => {
                        let after = classes.get(k + 2).map(|c| c.1);
                        let joins = match (here, after) {
                            (Class::Letter, Some(Class::Letter)) => {
                                matches!(mid, Class::MidLetter | Class::MidNumLet)
                            }
                            (Class::Numeric, Some(Class::Numeric)) => {
                                matches!(mid, Class::MidNum | Class::MidNumLet)
                            }
                            _ => false,
                        };
                        if joins {
                            k += 2;
                        } else {
                            break;
                        }
                    }
                    None => break,
                }
            }
            if has_alnum {
                emit(classes[start].0, end_of(k));
            }
            k += 1;
        }
        true
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
        fast::words(text, &mut |s, e| out.push((s, e))).then_some(out)
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
