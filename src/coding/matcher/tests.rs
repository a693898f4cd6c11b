use super::*;
use crate::codebook;
use crate::diag::Diagnostics;
use std::path::Path;

fn matcher(codes: &str) -> Matcher {
    let text = format!("name = \"t\"\nversion = \"1\"\nlanguage = \"sv\"\n{codes}");
    let mut d = Diagnostics::new();
    let cb = codebook::parse(&text, Path::new("t.toml"), "", &mut d)
        .unwrap_or_else(|| panic!("codebook has errors:\n{d}"));
    Matcher::new(&cb).unwrap()
}

/// (code index, matched text, negated) for every match.
fn found(m: &Matcher, text: &str) -> Vec<(u32, String, bool)> {
    Coder::new(m)
        .matches(text)
        .into_iter()
        .map(|x| (x.code, text[x.start..x.end].to_owned(), x.negated))
        .collect()
}

fn texts(m: &Matcher, text: &str) -> Vec<String> {
    found(m, text).into_iter().map(|(_, t, _)| t).collect()
}

fn one(term: &str) -> Matcher {
    matcher(&format!("[[codes]]\nid = \"x\"\nterms = [{term:?}]\n"))
}

#[test]
fn term_kinds_table() {
    // (term, text, expected matched texts)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "maskininlärning",
            "Vi behöver maskininlärningen nu",
            &["maskininlärningen"],
        ),
        (
            "artificiell intelligens",
            "artificiella intelligensen och intelligens",
            &["artificiella intelligensen"],
        ),
        (
            "programmer*",
            "Programmerare och programmering",
            &["Programmerare", "programmering"],
        ),
        (
            "*säkerhet",
            "cybersäkerheten, informationssäkerheten, säkerhet men inte osäker",
            &["cybersäkerheten", "informationssäkerheten", "säkerhet"],
        ),
        ("*data*", "maskindatan och Data", &["maskindatan", "Data"]),
        (
            "PLC",
            "PLC-programmering och plc och PLC:n",
            &["PLC", "PLC:n"],
        ),
        ("AI", "AI-kompetens, ai, Ai och AI/ML", &["AI", "AI"]),
        ("IT", "it är IT och IT-stöd men inte it", &["IT", "IT"]),
        ("IoT", "IoT och iot-sensorer", &["IoT", "iot"]),
        (
            "PLC-programmering",
            "PLC-programmeringen och PLC programmering",
            &["PLC-programmeringen", "PLC programmering"],
        ),
        (
            "digital tvilling",
            "digitala tvillingar, digital och tvilling",
            &["digitala tvillingar"],
        ),
        ("C++", "vi kodar C++ och C", &["C", "C"]),
        (
            "gjuteri",
            "gjuteriet, gjuterierna, gjuteri",
            &["gjuteriet", "gjuterierna", "gjuteri"],
        ),
        (
            "affärssystem",
            "affärssystemet och systemet",
            &["affärssystemet"],
        ),
        ("analys", "analysen och analyser", &["analysen", "analyser"]),
    ];
    for (term, text, want) in cases {
        assert_eq!(texts(&one(term), text), *want, "term {term:?} in {text:?}");
    }
}

#[test]
fn exclude_drops_matches_inside_its_span() {
    let m = matcher("[[codes]]\nid = \"ai\"\nterms = [\"AI\"]\nexclude = [\"AI-chatbot\"]\n");
    assert_eq!(texts(&m, "en AI-chatbot"), Vec::<String>::new());
    assert_eq!(texts(&m, "AI och en AI-chatbot"), ["AI"]);
}

#[test]
fn exclude_applies_to_its_own_code_only() {
    let m = matcher(
        "[[codes]]\nid = \"ai\"\nterms = [\"AI\"]\nexclude = [\"AI-chatbot\"]\n\
         [[codes]]\nid = \"bot\"\nterms = [\"AI\"]\n",
    );
    assert_eq!(found(&m, "AI-chatbot"), [(1, "AI".to_owned(), false)]);
}

#[test]
fn regex_matches_raw_text_case_insensitively() {
    let m = matcher("[[codes]]\nid = \"dt\"\nregex = ['digital(a)? tvilling\\w*', 'c\\+\\+']\n");
    assert_eq!(
        texts(&m, "Digitala tvillingar och C++"),
        ["Digitala tvillingar", "C++"]
    );
}

#[test]
fn overlapping_matches_of_one_code_count_once_longest_wins() {
    let m = matcher(
        "[[codes]]\nid = \"ml\"\nterms = [\"*inlärning\", \"maskininlärning\", \"maskin\"]\n",
    );
    let got = Coder::new(&m).matches("maskininlärningen");
    assert_eq!(got.len(), 1);
    assert_eq!(m.pattern(got[0].pattern).text, "*inlärning");
    // Distinct codes on the same span are all kept.
    let m = matcher(
        "[[codes]]\nid = \"a\"\nterms = [\"*säkerhet\"]\n[[codes]]\nid = \"b\"\nterms = [\"informationssäkerhet\"]\n",
    );
    assert_eq!(
        found(&m, "informationssäkerheten"),
        [
            (0, "informationssäkerheten".into(), false),
            (1, "informationssäkerheten".into(), false)
        ]
    );
}

#[test]
fn negation_reaches_its_clause_in_its_sentence() {
    let m = one("AI");
    let cases: &[(&str, bool)] = &[
        ("Vi behöver inte AI", true),
        ("Vi har aldrig jobbat med AI", true),
        ("Inte nu. Men AI behövs", false),
        ("Ingen av dem\nAI behövs", false),
        ("Inget av det vi gör nu kräver AI", true),
        // Gap phrases are need, not negation.
        ("INGEN här kan AI", false),
        ("No one knows AI", false),
    ];
    for (text, negated) in cases {
        assert_eq!(found(&m, text)[0].2, *negated, "{text}");
    }
}

#[test]
fn spans_are_character_offsets() {
    let m = one("säkerhet");
    let got = Coder::new(&m).matches("Både säkerheten");
    assert_eq!((got[0].char_start, got[0].char_end), (5, 15));
    assert_eq!((got[0].start, got[0].end), (6, 17));
}

#[test]
fn language_override_per_code_and_term() {
    let m = matcher(
        "[[codes]]\nid = \"ml\"\nlanguage = \"en\"\nterms = [\"machine learning\"]\n\
         [[codes]]\nid = \"x\"\nterms = [{ term = \"programming languages\", language = \"en\" }, \"språk\"]\n",
    );
    assert_eq!(
        texts(&m, "machine learnings, programming language och språken"),
        ["machine learnings", "programming language", "språken"]
    );
}

#[test]
fn many_codes_share_predicates() {
    let mut codes = String::new();
    for i in 0..500 {
        codes.push_str(&format!(
            "[[codes]]\nid = \"c{i}\"\nterms = [\"ord{i}\", \"analys\"]\n"
        ));
    }
    let m = matcher(&codes);
    let got = found(&m, "ord7 och analysen");
    assert_eq!(got.len(), 501);
    assert_eq!(got[0], (7, "ord7".into(), false));
}

#[test]
fn many_regexes_match_through_the_filter() {
    let mut codes = String::new();
    const { assert!(40 > FILTER_FROM) };
    for i in 0..40 {
        codes.push_str(&format!(
            "[[codes]]\nid = \"r{i}\"\nregex = ['\\bkod{i}\\b']\n"
        ));
    }
    let m = matcher(&codes);
    let got = found(&m, "kod3 och KOD34");
    assert_eq!(
        got,
        [(3, "kod3".into(), false), (34, "KOD34".into(), false)]
    );
}

#[test]
fn regex_filter_picks_every_regex_that_can_match() {
    let patterns = [
        r"\banalyser\w*\s+data",
        r"\bdigitala?\s+tvilling\w*",
        r"\b3d[- ]?print\w*",
        r"\w+säkerhet", // no prefix literal: always runs
        r"(?:Ö|ø)ppen\s+källkod",
        r"\bkk\b",
    ];
    let f = RegexFilter::new(&patterns).unwrap();
    assert_eq!(f.always, [3]);
    let cases: &[(&str, &[usize])] = &[
        ("Vi ANALYSERAR data och digital tvilling", &[0, 1, 3]),
        ("3D-printade delar", &[2, 3]),
        ("öppen källkod, ØPPEN KÄLLKOD", &[3, 4]),
        // Unicode case folding: the Kelvin sign folds to k.
        ("\u{212A}K och kk", &[3, 5]),
        ("inget här", &[3]),
    ];
    for (text, want) in cases {
        assert_eq!(f.candidates(text), *want, "{text}");
        // Every regex that matches is a candidate.
        for (i, p) in patterns.iter().enumerate() {
            if crate::codebook::compile_regex(p).unwrap().is_match(text) {
                assert!(want.contains(&i), "{p} matches {text} but was not picked");
            }
        }
    }
}

#[test]
fn long_negation_windows_look_back_within_the_sentence() {
    let codes = |window: usize| {
        matcher(&format!(
            "negation_window = {window}\n[[codes]]\nid = \"x\"\nterms = [\"svetsning\"]\n"
        ))
    };
    let text = "Inte a b c d e f svetsning. Sen gör vi svetsning igen, inte svetsning.";
    for window in [3, 64, 65, 1_000_000_000] {
        let negated: Vec<bool> = found(&codes(window), text)
            .into_iter()
            .map(|f| f.2)
            .collect();
        let first = window >= 7;
        assert_eq!(negated, [first, false, true], "window {window}");
    }
}

#[test]
fn many_prefix_and_suffix_globs_match_as_few_do() {
    let terms: Vec<String> = (0..20_000)
        .map(|i| format!("\"ord{i}*\""))
        .chain((0..20_000).map(|i| format!("\"*{i}del\"")))
        .collect();
    let m = matcher(&format!(
        "[[codes]]\nid = \"x\"\nterms = [{}]\n",
        terms.join(", ")
    ));
    assert_eq!(
        texts(&m, "ord123abc ord7 xord1 20000del 19999del 17delar ord"),
        ["ord123abc", "ord7", "20000del", "19999del", "17delar"]
    );
    // The same as a codebook of only the globs that match: `*0del` ends `20000del`, and
    // `*7del` finds the inflected `17delar` as `*säkerhet` finds `säkerheten`.
    let few = matcher(
        "[[codes]]\nid = \"x\"\nterms = [\"ord123*\", \"ord7*\", \"*0del\", \"*19999del\", \"*7del\"]\n",
    );
    assert_eq!(
        texts(&few, "ord123abc ord7 xord1 20000del 19999del 17delar ord"),
        ["ord123abc", "ord7", "20000del", "19999del", "17delar"]
    );
}

#[test]
fn exclusions_cover_only_matches_inside_them() {
    let m = matcher(
        "[[codes]]\nid = \"x\"\nterms = [\"AI\"]\nexclude = [\"AI-chatbot\", \"AI chatbot\"]\n",
    );
    assert_eq!(
        texts(&m, "AI-chatbot, AI och AI chatbot men AI."),
        ["AI", "AI"]
    );
}

#[test]
fn plain_terms_match_plausible_inflections_only() {
    let cases: &[(&str, &str, Lang, bool)] = &[
        ("lagret", "lager", Lang::Sv, true),
        ("lagren", "lager", Lang::Sv, true),
        ("lag", "lager", Lang::Sv, false),
        ("lagar", "lager", Lang::Sv, false),
        ("laga", "lager", Lang::Sv, false),
        ("programmering", "programmera", Lang::Sv, true),
        ("digitalt", "digitala", Lang::Sv, true),
        ("sensorn", "sensorer", Lang::Sv, true),
        ("robot", "robotarna", Lang::Sv, true),
        ("language", "languages", Lang::En, true),
        ("studies", "study", Lang::En, true),
        ("machines", "machining", Lang::En, false),
        ("machine", "machining", Lang::En, false),
    ];
    for &(token, word, lang, want) in cases {
        assert_eq!(
            super::plausible(token, word, lang),
            want,
            "{token} for {word}"
        );
    }
}

#[test]
fn lager_no_longer_codes_lag_and_compounds_are_found() {
    let m = one("lager");
    assert_eq!(
        texts(
            &m,
            "Laget och lagar, laga, lag. Lagret och lagerplaneraren, komponentlagret."
        ),
        ["Lagret", "lagerplaneraren", "komponentlagret"]
    );
    let m = one("underhåll");
    assert_eq!(
        texts(&m, "Underhållsplanen och underhållningen och underhållet."),
        ["Underhållsplanen", "underhållet"]
    );
    let m = one("sensor");
    assert_eq!(
        texts(&m, "Fuktsensorerna, sensorteknik, censor."),
        ["Fuktsensorerna", "sensorteknik"]
    );
    let off = matcher("compounds = \"off\"\n[[codes]]\nid = \"x\"\nterms = [\"sensor\"]\n");
    assert!(texts(&off, "Fuktsensorerna.").is_empty());
}

#[test]
fn a_term_in_the_codebook_language_follows_the_segment_language() {
    let m = one("machine learning");
    // English stemming in an English segment finds the inflection.
    let t = "We are looking at machines learning from the data, and we need it.";
    assert_eq!(texts(&m, t), ["machines learning"]);
}
