//! A term is a codebook entry that codes text automatically: one or more words, each plain
//! (compared by stem), an acronym (compared case-sensitively) or a glob (`*` at its start, end
//! or both; compared on lowercased tokens). This module reads a term's syntax; `coding` compiles
//! terms into the matcher.

use crate::text;

/// How one word of a term is compared with a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Word {
    /// Equal Snowball stems of the lowercased words.
    Plain(String),
    /// Two or more capitals and no lowercase: equal as written (`AI`, `PLC`).
    Acronym(String),
    /// `*` before and/or after: the lowercased token starts with, ends with or contains the text.
    Glob {
        text: String,
        leading: bool,
        trailing: bool,
    },
}

/// True for a word written with two or more capitals and no lowercase letter.
pub fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Splits a term into words the way text is split into tokens, so that `AI-chatbot` is the two
/// words `AI` and `chatbot`, as it is in a transcript. `*` attaches to the word it touches.
pub fn parse(term: &str) -> Result<Vec<Word>, String> {
    let mut words = Vec::new();
    for chunk in term.split_whitespace() {
        let leading = chunk.starts_with('*');
        let trailing = chunk.len() > 1 && chunk.ends_with('*');
        let core = chunk.trim_matches('*');
        if core.contains('*') {
            return Err(format!(
                "`*` may stand only at the start or end of a word, not inside `{chunk}`"
            ));
        }
        let parts: Vec<&str> = text::words(core).collect();
        if parts.is_empty() {
            return Err(if chunk.chars().all(|c| c == '*') {
                "a glob needs letters besides `*`".to_owned()
            } else {
                format!("`{chunk}` has no letters or digits; use `regex` for symbols")
            });
        }
        let last = parts.len() - 1;
        for (i, part) in parts.iter().enumerate() {
            let (lead, trail) = (leading && i == 0, trailing && i == last);
            words.push(if lead || trail {
                Word::Glob {
                    text: part.to_lowercase(),
                    leading: lead,
                    trailing: trail,
                }
            } else if is_acronym(part) {
                Word::Acronym((*part).to_owned())
            } else {
                Word::Plain(part.to_lowercase())
            });
        }
    }
    if words.is_empty() {
        return Err("term is empty".to_owned());
    }
    Ok(words)
}

/// Characters of a term that tokenising drops (`+` in `C++`), for a lint warning.
pub fn dropped_symbols(term: &str) -> Vec<char> {
    let mut kept = String::new();
    for w in text::words(term) {
        kept.push_str(w);
    }
    let mut dropped: Vec<char> = term
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '-' && !kept.contains(*c))
        .collect();
    dropped.dedup();
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Word {
        Word::Plain(s.into())
    }
    fn glob(s: &str, leading: bool, trailing: bool) -> Word {
        Word::Glob {
            text: s.into(),
            leading,
            trailing,
        }
    }

    #[test]
    fn term_kinds() {
        let cases: Vec<(&str, Vec<Word>)> = vec![
            ("maskininlärning", vec![plain("maskininlärning")]),
            (
                "Artificiell Intelligens",
                vec![plain("artificiell"), plain("intelligens")],
            ),
            ("AI", vec![Word::Acronym("AI".into())]),
            ("IoT", vec![plain("iot")]),
            (
                "AI-chatbot",
                vec![Word::Acronym("AI".into()), plain("chatbot")],
            ),
            ("programmer*", vec![glob("programmer", false, true)]),
            ("*Säkerhet", vec![glob("säkerhet", true, false)]),
            ("*data*", vec![glob("data", true, true)]),
            (
                "*PLC-styr*",
                vec![glob("plc", true, false), glob("styr", false, true)],
            ),
        ];
        for (term, want) in cases {
            assert_eq!(parse(term).unwrap(), want, "{term}");
        }
    }

    #[test]
    fn bad_terms() {
        assert_eq!(parse("").unwrap_err(), "term is empty");
        assert_eq!(parse("*").unwrap_err(), "a glob needs letters besides `*`");
        assert!(parse("ma*skin").unwrap_err().contains("inside"));
        assert!(parse("PLC-*styrning").unwrap_err().contains("inside"));
        assert!(parse("++").unwrap_err().contains("use `regex`"));
    }

    #[test]
    fn acronyms_and_symbols() {
        assert!(is_acronym("AI") && is_acronym("B2B") && is_acronym("ÅÄÖ"));
        assert!(!is_acronym("IoT") && !is_acronym("A") && !is_acronym("3D") && !is_acronym("ai"));
        assert_eq!(dropped_symbols("C++"), ['+']);
        assert!(dropped_symbols("PLC-programmering").is_empty());
    }
}
