//! Tokens are the word units of a segment's text: Unicode word boundaries (UAX #29) with
//! punctuation and spaces dropped, so `PLC-programmering` is `PLC` and `programmering`. Each token
//! knows its byte and character span and its sentence; sentences end at `.`, `!`, `?` or a line
//! break, and negation looks back only within a sentence.

use unicode_segmentation::UnicodeSegmentation;

/// One word of a segment's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte span in the segment text.
    pub start: usize,
    pub end: usize,
    /// Character span in the segment text (what the `segments` table reports).
    pub char_start: usize,
    pub char_end: usize,
    /// Index of the sentence within the segment.
    pub sentence: u32,
}

/// A token as stored with its segment: byte span and sentence. Character offsets are derived
/// when the tokens are rebuilt, so a stored token takes 12 bytes (and a few in the cache).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
}

/// The stored form of a text's tokens.
pub fn spans(text: &str) -> Vec<Span> {
    tokenize(text)
        .iter()
        .map(|t| Span {
            start: t.start as u32,
            end: t.end as u32,
            sentence: t.sentence,
        })
        .collect()
}

/// Rebuilds the tokens of `text` from their stored spans, without segmenting the text again.
pub fn from_spans<'a>(text: &'a str, spans: &[Span]) -> Vec<Token<'a>> {
    let mut out = Vec::with_capacity(spans.len());
    let (mut chars, mut at) = (0usize, 0usize);
    for s in spans {
        let (start, end) = (s.start as usize, s.end as usize);
        chars += text[at..start].chars().count();
        let char_start = chars;
        chars += text[start..end].chars().count();
        at = end;
        out.push(Token {
            text: &text[start..end],
            start,
            end,
            char_start,
            char_end: chars,
            sentence: s.sentence,
        });
    }
    out
}

fn is_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// The words of a text, without positions.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_word_bounds().filter(|w| is_word(w))
}

/// Splits a segment's text into tokens with spans and sentence numbers.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut sentence = 0u32;
    let mut chars = 0usize;
    let mut last_end = 0usize;
    let mut seen_word = false;
    for (start, w) in text.split_word_bound_indices() {
        if !is_word(w) {
            continue;
        }
        let gap = &text[last_end..start];
        if seen_word && gap.contains(['.', '!', '?', '\n']) {
            sentence += 1;
        }
        let char_start = chars + gap.chars().count();
        let char_end = char_start + w.chars().count();
        tokens.push(Token {
            text: w,
            start,
            end: start + w.len(),
            char_start,
            char_end,
            sentence,
        });
        chars = char_end;
        last_end = start + w.len();
        seen_word = true;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_split_and_spans_are_characters() {
        let toks = tokenize("Både PLC-programmering, och AI!");
        let got: Vec<(&str, usize, usize, usize, u32)> = toks
            .iter()
            .map(|t| (t.text, t.start, t.char_start, t.char_end, t.sentence))
            .collect();
        assert_eq!(
            got,
            [
                ("Både", 0, 0, 4, 0),
                ("PLC", 6, 5, 8, 0),
                ("programmering", 10, 9, 22, 0),
                ("och", 25, 24, 27, 0),
                ("AI", 29, 28, 30, 0),
            ]
        );
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
