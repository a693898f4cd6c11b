use super::*;
use std::path::PathBuf;

fn normalized(mut cb: Codebook) -> Codebook {
    cb.path = PathBuf::new();
    cb.sha256 = String::new();
    for c in &mut cb.codes {
        c.line = 0;
    }
    cb
}

fn from_toml(text: &str) -> Codebook {
    let mut d = Diagnostics::new();
    super::super::parse(text, Path::new("cb.toml"), "", &mut d).unwrap_or_else(|| panic!("{d}"))
}

fn from_csv(text: &str) -> Codebook {
    let mut d = Diagnostics::new();
    let cb = parse(text, Path::new("cb.csv"), "", &mut d).unwrap_or_else(|| panic!("{d}"));
    assert!(d.is_empty(), "{d}");
    cb
}

const RICH: &str = r#"name = "Rik; kodbok"
version = "3"
language = "sv"
negation = ["inte", "aldrig"]
negation_window = 2
interviewer_labels = ["Moderator"]
code_interviewer = true
group_by = ["sector", "region"]
min_cell = 3

[[codes]]
id = "digital"
label = "Digital, \"allt\""
category = "specialist"
description = "Paraply"
terms = ["digitalisering"]

[[codes]]
id = "ai"
label = "AI"
category = "specialist"
parent = "digital"
facets = { level = "spets", area = "data" }
terms = ["AI", "maskininlärning", { term = "machine learning", language = "en" }, "*inlärning"]
exclude = ["AI-chatbot"]
regex = ['\bgpt-?\d|llm', 'a\;b;c']

[[codes]]
id = "ml_en"
language = "en"
terms = ["deep learning", { term = "djupinlärning", language = "sv" }]
"#;

#[test]
fn csv_round_trip_is_lossless() {
    let cb = from_toml(RICH);
    let csv = export_csv(&cb);
    assert_eq!(normalized(from_csv(&csv)), normalized(cb.clone()));
    let toml = export_toml(&cb);
    assert_eq!(normalized(from_toml(&toml)), normalized(cb));
}

#[test]
fn shipped_codebook_round_trips() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebook/skills.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let cb = from_toml(&text);
    assert!(cb.codes.len() >= 30);
    assert_eq!(
        normalized(from_csv(&export_csv(&cb))),
        normalized(cb.clone())
    );
    assert_eq!(normalized(from_toml(&export_toml(&cb))), normalized(cb));
}

#[test]
fn export_layout() {
    let cb = from_toml(RICH);
    let csv = export_csv(&cb);
    // A byte-order mark first, so that Excel reads the file as UTF-8.
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,label,category,parent,facet:area,facet:level,description,language,terms,exclude,regex"
    );
    assert_eq!(lines[1], "@name,Rik; kodbok,,,,,,,,,");
    assert_eq!(lines[4], "@negation,inte; aldrig,,,,,,,,,");
    assert_eq!(lines[11], "@stance,true,,,,,,,,,");
    assert_eq!(lines[12], "@compounds,auto,,,,,,,,,");
    assert_eq!(
        lines[18],
        "ai,AI,specialist,digital,data,spets,,,AI; maskininlärning; machine learning [en]; *inlärning,AI-chatbot,\\bgpt-?\\d|llm; a\\\\;b\\;c"
    );
    assert_eq!(
        lines[19],
        "ml_en,ml_en,,,,,,en,deep learning; djupinlärning [sv],,"
    );
}

#[test]
fn list_cells() {
    assert_eq!(split("a; b | c;;", true), ["a", "b", "c"]);
    assert_eq!(split(r"x|y; z\;w", false), ["x|y", "z;w"]);
    assert_eq!(join(&["a;b".to_owned(), "c".to_owned()]), r"a\;b; c");
}

#[test]
fn problems_are_reported_at_csv_rows() {
    let text = "id,label,terms,regex,colour\n\
                @name,Test,,,\n\
                ai,AI,AI,,\n\
                \n\
                ai,AI igen,ML,,\n\
                data,Data,,data(analys,\n";
    let mut d = Diagnostics::new();
    assert!(parse(text, Path::new("cb.csv"), "", &mut d).is_none());
    assert_eq!(
        d.to_string(),
        "cb.csv:1: error: unknown column `colour` (known: id, label, category, parent, description, \
         color, language, terms, exclude, regex, and `facet:<name>` for facets)\n\
         cb.csv:5: error: duplicate code id `ai` (first defined on line 3)\n\
         cb.csv:6: error: code `data`: invalid regex `data(analys`: unclosed group\n"
    );
}

#[test]
fn terms_that_look_like_cell_syntax_survive_the_round_trip() {
    let cb = from_toml(
        r#"name = "x"
negation = ["inte|ej"]

[[codes]]
id = "a"
terms = ["x [en]", "c|d", 'back\slash', "semi;colon", { term = "y [sv]", language = "en" }]
"#,
    );
    let csv = export_csv(&cb);
    assert!(
        csv.contains(r"x [en] [sv]; c\|d; back\\slash; semi\;colon; y [sv] [en]"),
        "{csv}"
    );
    let mut d = Diagnostics::new();
    let back = parse(&csv, Path::new("cb.csv"), "", &mut d).unwrap_or_else(|| panic!("{d}"));
    // Only the warnings about symbols in terms, as for the TOML codebook.
    assert_eq!(d.warnings(), 5);
    assert_eq!(normalized(back), normalized(cb));
    assert_eq!(split(r"a\|b | c\\d", true), ["a|b", r"c\d"]);
}

#[test]
fn settings_rows_are_read_without_a_detour_through_toml() {
    let text = "id,label,terms\n\
                @negation_window,tre,\n\
                @code_interviewer,kanske,\n\
                @colour,blå,\n\
                @name,A,\n\
                @name,B,\n\
                @group_by,sector; size,\n\
                ai,AI,AI; machine learning [en]\n";
    let mut d = Diagnostics::new();
    assert!(parse(text, Path::new("cb.csv"), "", &mut d).is_none());
    assert_eq!(
        d.to_string(),
        "cb.csv:2: error: `@negation_window` must be a whole number, not `tre`\n\
         cb.csv:3: error: `@code_interviewer` must be `true` or `false`, not `kanske`\n\
         cb.csv:4: error: unknown setting `@colour` (known: @name, @version, @language, \
         @negation, @extra_negation, @negation_window, @gap_phrases, @extra_gap_phrases, \
         @need_cues, @extra_need_cues, @stance, @compounds, @interviewer_labels, \
         @code_interviewer, @group_by, \
         @min_cell)\n\
         cb.csv:6: error: setting `@name` is given twice (first on line 5)\n"
    );
    let ok = from_csv(
        "id,label,terms\n@name,A,\n@group_by,sector; size,\nai,AI,AI; machine learning [en]\n",
    );
    assert_eq!(ok.group_by, ["sector", "size"]);
    assert_eq!(ok.codes[0].terms[1].language, Lang::En);
    assert_eq!(ok.codes[0].line, 4);
}

/// Excel with Swedish settings saves CSV with `;` between fields, and as Windows-1252 unless
/// told "CSV UTF-8": both read, the second with a warning.
#[test]
fn swedish_excel_csv_codebooks_are_read() {
    let semicolons = "id;label;terms\n@name;Kodbok;\nsvets;Svetsning;\"svetsning; svetsare\"\n";
    let cb = from_csv(semicolons);
    assert_eq!(cb.name, "Kodbok");
    let terms: Vec<&str> = cb.codes[0].terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(terms, ["svetsning", "svetsare"]);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cb.csv");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252
        .encode("id;label;terms\n@name;Kodbok;\nlager;Lagerhållning;lager\n");
    std::fs::write(&path, &cp1252).unwrap();
    let mut d = Diagnostics::new();
    let cb = crate::codebook::load(&path, &mut d).unwrap().unwrap();
    assert_eq!(cb.codes[0].label, "Lagerhållning");
    assert_eq!(
        d.to_string(),
        format!(
            "{}: warning: decoded from windows-1252; save it as CSV UTF-8 to silence this\n",
            path.display()
        )
    );
    // An exported codebook, byte-order mark and all, reads back.
    std::fs::write(&path, export_csv(&cb)).unwrap();
    let mut d = Diagnostics::new();
    let back = crate::codebook::load(&path, &mut d).unwrap().unwrap();
    assert!(d.is_empty(), "{d}");
    assert_eq!(back.codes[0].label, "Lagerhållning");
}
