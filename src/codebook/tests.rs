use super::*;

fn problems(text: &str) -> String {
    let mut d = Diagnostics::new();
    let cb = parse(text, Path::new("cb.toml"), "", &mut d);
    assert_eq!(cb.is_some(), !d.has_errors());
    d.to_string()
}

fn ok(text: &str) -> Codebook {
    let mut d = Diagnostics::new();
    parse(text, Path::new("cb.toml"), "abc", &mut d).unwrap_or_else(|| panic!("{d}"))
}

#[test]
fn ids() {
    for good in ["ai", "0x", "plc_prog", "a-b"] {
        assert!(is_valid_id(good), "{good}");
    }
    for bad in ["", "AI", "_a", "-a", "a b", "å"] {
        assert!(!is_valid_id(bad), "{bad}");
    }
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let text = r#"name = "broken"
version = "1"
colour = "red"

[[codes]]
id = "ai"
terms = ["AI"]

[[codes]]
id = "ai"
terms = ["maskininlärning"]

[[codes]]
id = "data"
parent = "nosuchcode"
regex = ["data(analys"]
synonyms = ["x"]

[[codes]]
id = "BAD ID"
terms = ["a*b"]

[[codes]]
id = "empty"
"#;
    assert_eq!(
        problems(text),
        "cb.toml:3: error: unknown key `colour` (known keys: name, version, language, negation, \
         extra_negation, negation_window, gap_phrases, extra_gap_phrases, need_cues, \
         extra_need_cues, stance, compounds, interviewer_labels, code_interviewer, group_by, min_cell, description, codes)\n\
         cb.toml:17: error: code `data`: unknown key `synonyms` (known keys: id, label, category, \
         parent, facets, description, color, terms, exclude, regex, language)\n\
         cb.toml:10: error: duplicate code id `ai` (first defined on line 6)\n\
         cb.toml:16: error: code `data`: invalid regex `data(analys`: unclosed group\n\
         cb.toml:20: error: code id `BAD ID` is not valid: use lowercase letters, digits, `_` and `-`, \
         starting with a letter or digit\n\
         cb.toml:21: error: code `BAD ID`: term `a*b`: `*` may stand only at the start or end of a word, not inside `a*b`\n\
         cb.toml:15: error: code `data`: parent `nosuchcode` is not defined in this codebook\n\
         cb.toml:23: warning: code `empty` has no terms, no regex and no child codes: only manual codes (`[#empty]`, a QDA tool's codings) can code it\n"
    );
}

#[test]
fn cycles_are_reported_once() {
    let text = "name = \"c\"\n[[codes]]\nid = \"a\"\nparent = \"b\"\nterms = [\"x\"]\n\
                [[codes]]\nid = \"b\"\nparent = \"a\"\nterms = [\"y\"]\n\
                [[codes]]\nid = \"c\"\nparent = \"c\"\nterms = [\"z\"]\n";
    assert_eq!(
        problems(text),
        "cb.toml:12: error: code `c` names itself as its parent\n\
         cb.toml:4: error: parent cycle: a -> b -> a\n"
    );
}

#[test]
fn syntax_and_type_errors_have_lines() {
    let out = problems("name = \"x\"\n[[codes]]\nid = \"a\"\nterms = [\"x\"\n");
    assert!(out.starts_with("cb.toml:4: error: "), "{out}");
    let out = problems("name = \"x\"\n[[codes]]\nid = \"a\"\nterms = \"x\"\n");
    assert!(out.starts_with("cb.toml:4: error: "), "{out}");
    assert_eq!(
        problems("name = \"x\"\nlanguage = \"de\"\n[[codes]]\nid = \"a\"\nterms = [\"x\"]\n"),
        "cb.toml:2: error: language `de` is not supported (use `sv` or `en`)\n"
    );
    assert_eq!(
        problems("name = \"x\"\n"),
        "cb.toml: error: the codebook defines no codes (add `[[codes]]` tables)\n"
    );
}

#[test]
fn warnings_do_not_block() {
    let text = "[[codes]]\nid = \"a\"\nterms = [\"C++\", \"x\", \"x\"]\n";
    assert_eq!(
        problems(text),
        "cb.toml:3: warning: code `a`: term `C++`: `+` is not part of any word and is ignored in \
         matching; use `regex` to match symbols\n\
         cb.toml:3: warning: code `a`: term `x` is listed twice\n\
         cb.toml: warning: the codebook has no `name`; reports will call it by its file name\n"
    );
}

#[test]
fn hierarchy_defaults_and_facets() {
    let cb = ok(r#"name = "n"
version = "2022.2"
negation = ["Inte"]
group_by = ["sector"]

[[codes]]
id = "digital"
label = "Digital"
category = "specialist"

[[codes]]
id = "automation"
parent = "digital"
facets = { level = "bredd" }
terms = ["automation"]

[[codes]]
id = "plc"
parent = "automation"
facets = { level = "spets", area = "prod" }
terms = ["PLC", { term = "programmable logic controller", language = "en" }]
"#);
    assert_eq!(
        (cb.name.as_str(), cb.version.as_str(), cb.sha256.as_str()),
        ("n", "2022.2", "abc")
    );
    assert_eq!(cb.cues.negation.as_deref(), Some(&["inte".to_string()][..]));
    assert_eq!(cb.cues.negation_window, None);
    assert!(cb.cues.stance);
    assert_eq!(cb.compounds, Compounds::Auto);
    assert_eq!(cb.group_by, ["sector"]);
    assert_eq!(cb.codes[1].label, "automation");
    assert_eq!(cb.codes[2].line, 17);
    assert_eq!(cb.self_and_ancestors(2), [2, 1, 0]);
    assert_eq!((cb.depth(0), cb.depth(2)), (0, 2));
    assert_eq!(cb.facet_keys(), ["area", "level"]);
    assert_eq!(cb.codes[2].terms[1].language, Lang::En);
    assert_eq!(
        cb.languages().into_iter().collect::<Vec<_>>(),
        [Lang::Sv, Lang::En]
    );
    let d = ok("[[codes]]\nid = \"a\"\nterms = [\"x\"]\n");
    assert_eq!(d.group_by, ["sector", "size", "subregion"]);
    assert_eq!(d.cues.negation, None);
    assert_eq!(d.cues.negation_window, None);
    assert!(!d.codes[0].terms[0].explicit);
    assert!(cb.codes[2].terms[1].explicit);
}

#[test]
fn cycles_entered_from_outside_and_chains_are_linear_and_bounded() {
    // `d` leads into the cycle b -> c -> b; the cycle is reported at its first code, once.
    let text = "name = \"c\"\n[[codes]]\nid = \"d\"\nparent = \"c\"\nterms = [\"x\"]\n\
                [[codes]]\nid = \"b\"\nparent = \"c\"\nterms = [\"y\"]\n\
                [[codes]]\nid = \"c\"\nparent = \"b\"\nterms = [\"z\"]\n";
    assert_eq!(
        problems(text),
        "cb.toml:8: error: parent cycle: b -> c -> b\n"
    );
    // A chain of 20,000 codes: one message at the first code too deep, quickly.
    let mut text = String::from("name = \"c\"\n");
    for i in 0..20_000 {
        text.push_str(&format!("[[codes]]\nid = \"c{i}\"\nterms = [\"w{i}\"]\n"));
        if i > 0 {
            text.push_str(&format!("parent = \"c{}\"\n", i - 1));
        }
    }
    let at = std::time::Instant::now();
    let p = problems(&text);
    assert!(at.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(
        p,
        "cb.toml:208: error: code `c51` is 51 levels below its top code (at most 50); is a \
         `parent` wrong?\n"
    );
    // Exactly MAX_DEPTH levels are fine.
    let ok_text: String = text
        .split("[[codes]]\nid = \"c51\"")
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(problems(&ok_text), "");
}
