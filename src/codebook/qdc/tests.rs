use super::*;
use std::io::Read as _;
use std::path::PathBuf;

use crate::codebook::csv::{export_csv, export_toml};

fn from_toml(text: &str) -> Codebook {
    let mut d = Diagnostics::new();
    let cb = crate::codebook::parse(text, Path::new("t.toml"), "", &mut d)
        .unwrap_or_else(|| panic!("{d}"));
    assert!(d.is_empty(), "{d}");
    cb
}

/// Reads a `.qdc` that must give a codebook with no diagnostics at all.
fn from_qdc(xml: &str) -> Codebook {
    let mut d = Diagnostics::new();
    let cb = parse(xml, Path::new("t.qdc"), "", false, &mut d).unwrap_or_else(|| panic!("{d}"));
    assert!(d.is_empty(), "{d}");
    cb
}

fn normalized(mut cb: Codebook) -> Codebook {
    cb.path = PathBuf::new();
    cb.sha256 = String::new();
    for c in &mut cb.codes {
        c.line = 0;
    }
    cb
}

/// Validates `xml` against the standard's Codebook.xsd with xmllint, where both are here.
fn assert_valid_qdc(xml: &str) {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/refi-qda/Codebook.xsd");
    if !xsd.is_file() {
        eprintln!("skipped: {} not found", xsd.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("codebook.qdc");
    std::fs::write(&file, xml).unwrap();
    let out = match std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: xmllint does not run: {e}");
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of `entry` in one of the REFI-QDA projects in the shared data folder, or `None`
/// (with a message) where the project is absent.
fn project_entry(file: &str, entry: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/refi-qda")
        .join(file);
    if !path.is_file() {
        eprintln!("skipped: {} not found", path.display());
        return None;
    }
    let mut zip = ::zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(entry)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    Some(text)
}

const SMALL: &str = r##"name = "Liten kodbok"
version = "1"

[[codes]]
id = "digital"
label = "Digital & IT"
category = "specialist"
color = "#1f77b4"

[[codes]]
id = "plc"
label = "PLC <styrning>"
parent = "digital"
facets = { level = "spets" }
description = "Styrsystem i \"fabriken\""
terms = ["PLC", { term = "programmable logic controller", language = "en" }]
regex = ['\bS7-\d+']
"##;

const SMALL_QDC: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="skillgap @VERSION@">
  <Codes>
    <Code guid="B364DEC8-54D9-5C14-90CE-CFDDC2262B6C" name="Digital &amp; IT" isCodable="false" color="#1F77B4">
      <Description>--- skillgap ---
id: digital</Description>
      <Code guid="B6472547-224A-57D6-9148-5B38268BC033" name="PLC &lt;styrning&gt;" isCodable="true">
        <Description>Styrsystem i "fabriken"
--- skillgap ---
id: plc
terms: PLC; programmable logic controller [en]
regex: \bS7-\d+</Description>
      </Code>
    </Code>
  </Codes>
  <Sets>
    <Set guid="538189D3-39C8-56B3-8492-8D019B2E1C97" name="skillgap: settings">
      <Description>name = "Liten kodbok"
version = "1"
language = "sv"
stance = true
compounds = "auto"
interviewer_labels = []
code_interviewer = false
group_by = ["sector", "size", "subregion"]
min_cell = 0
</Description>
    </Set>
    <Set guid="E70F2EF9-3B9F-5385-A782-6FB8EC8A4F37" name="category: specialist">
      <MemberCode guid="B364DEC8-54D9-5C14-90CE-CFDDC2262B6C"/>
    </Set>
    <Set guid="8BEE0CB1-27F8-5684-9119-A33E6BD3A00F" name="level: spets">
      <MemberCode guid="B6472547-224A-57D6-9148-5B38268BC033"/>
    </Set>
  </Sets>
</CodeBook>
"##;

#[test]
fn export_is_the_expected_valid_document() {
    let cb = from_toml(SMALL);
    let xml = export_qdc(&cb);
    assert_eq!(
        xml,
        SMALL_QDC.replace("@VERSION@", env!("CARGO_PKG_VERSION"))
    );
    assert_valid_qdc(&xml);
    // The same codebook, the same file.
    assert_eq!(export_qdc(&from_qdc(&xml)), xml);
}

/// Every setting changed from its default; nesting, facets, categories, colours, terms with
/// globs and their own languages, exclude terms, regexes with `;` and `|`, and descriptions
/// that XML must escape.
const RICH: &str = r##"name = "Rik \"kodbok\" & <mer>"
version = "2024.2"
language = "en"
negation = ["not", "never"]
extra_negation = ["hardly"]
negation_window = 3
gap_phrases = ["we cannot find"]
extra_gap_phrases = ["hard to recruit"]
need_cues = ["need", "looking for"]
extra_need_cues = ["must have"]
stance = false
compounds = "off"
interviewer_labels = ["Moderator", "Q"]
code_interviewer = true
group_by = ["sector", "region"]
min_cell = 5

[[codes]]
id = "digital"
label = "Digital <kompetens> & \"mer\""
category = "specialist"
facets = { area = "it" }
description = "Paraply för <allt> & \"mer\" 'här'\nandra raden: åäö ÅÄÖ é\n\tindraget"
color = "#1F77B4"

[[codes]]
id = "ai"
label = "AI och maskininlärning"
category = "specialist"
parent = "digital"
facets = { level = "spets", area = "data" }
terms = ["AI", "machine learning", { term = "maskininlärning", language = "sv" }, "*inlärning", "robot*"]
exclude = ["AI-chatbot"]
regex = ['\bgpt-?\d|llm', 'a\;b;c', 'x|y']

[[codes]]
id = "ml_sv"
label = "ML på svenska"
parent = "ai"
language = "sv"
description = "--- not the block ---"
terms = ["djupinlärning", { term = "deep learning", language = "en" }]

[[codes]]
id = "generic"
label = "Generisk"
category = "generic"
color = "#00AA00"
terms = ["samarbete"]
exclude = ["samarbete med kunder"]
"##;

#[test]
fn toml_qdc_toml_is_lossless() {
    let cb = from_toml(RICH);
    let xml = export_qdc(&cb);
    assert_valid_qdc(&xml);
    let back = from_qdc(&xml);
    assert_eq!(export_toml(&back), export_toml(&cb));
    assert_eq!(normalized(back.clone()), normalized(cb.clone()));
    // Each code's line is its `<Code>` element's.
    let line_of = |needle: &str| xml.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(back.codes[2].line, line_of("name=\"ML på svenska\""));
    // A re-export is the same file, byte for byte.
    assert_eq!(export_qdc(&back), xml);
    assert!(xml.contains("name=\"Digital &lt;kompetens&gt; &amp; &quot;mer&quot;\""));
    assert!(xml.contains("<Set guid=\"") && xml.contains("name=\"area: data\""));
}

#[test]
fn the_shipped_codebook_survives_qdc() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebook/skills.toml");
    let mut d = Diagnostics::new();
    let cb = crate::codebook::parse(
        &std::fs::read_to_string(path).unwrap(),
        Path::new("skills.toml"),
        "",
        &mut d,
    )
    .unwrap();
    let xml = export_qdc(&cb);
    assert_valid_qdc(&xml);
    let mut d = Diagnostics::new();
    let back = parse(&xml, Path::new("skills.qdc"), "", false, &mut d).unwrap();
    assert!(!d.has_errors(), "{d}");
    assert_eq!(export_toml(&back), export_toml(&cb));
}

#[test]
fn the_qc_demo_codebook_is_read_with_unique_ids() {
    let Some(xml) = project_entry("qc-1.3.2-demo.qdpx", "project.qde") else {
        return;
    };
    let mut d = Diagnostics::new();
    let cb =
        parse(&xml, Path::new("project.qde"), "", true, &mut d).unwrap_or_else(|| panic!("{d}"));
    assert!(d.is_empty(), "{d}");
    assert_eq!(cb.name, "qc project");
    assert_eq!(cb.codes.len(), 262);
    let code = |id: &str| &cb.codes[cb.index_of(id).unwrap_or_else(|| panic!("{id}"))];
    // `programming` twice: the second gets its parent's id in front.
    let first = code("programming");
    let second = code("cs_as_programming_programming");
    assert_eq!(
        (first.label.as_str(), first.parent.as_deref()),
        ("programming", Some("competencies"))
    );
    assert_eq!(
        (second.label.as_str(), second.parent.as_deref()),
        ("programming", Some("cs_as_programming"))
    );
    // `citizenship` three times, the third below a second `digital_citizenship`.
    assert_eq!(
        code("cs_literacy_digital_citizenship_citizenship")
            .parent
            .as_deref(),
        Some("cs_literacy_digital_citizenship")
    );
    assert_eq!(
        code("competencies").parent.as_deref(),
        Some("rq1_definition")
    );
    assert_eq!(cb.codes[0].id, "rq1_definition");
    assert_eq!(cb.codes[0].parent, None);
    // The names are the terms.
    let terms: Vec<&str> = first.terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(terms, ["programming"]);
    assert_eq!(
        code("self-categorization").terms[0].text,
        "self-categorization"
    );

    let tree = code_tree(&xml).unwrap();
    assert_eq!(tree.len(), 262);
    let second = tree
        .iter()
        .find(|c| c.id == "cs_as_programming_programming")
        .unwrap();
    assert_eq!(second.guid, "36633863-3866-3131-3064-373330303936");
    assert_eq!(
        second.path,
        [
            "rq1_definition",
            "framings",
            "cs_as_programming",
            "programming"
        ]
    );
    assert_eq!(second.parent_id.as_deref(), Some("cs_as_programming"));
    assert_eq!(second.line, 1);
}

#[test]
fn atlas_ti_flat_names_become_a_hierarchy() {
    let Some(xml) = project_entry("atlasti-8.4-TestProject.qdpx", "Project.qde") else {
        return;
    };
    let mut d = Diagnostics::new();
    let cb =
        parse(&xml, Path::new("Project.qde"), "", true, &mut d).unwrap_or_else(|| panic!("{d}"));
    let ids: Vec<&str> = cb.codes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "happiness",
            "feelings",
            "disgust",
            "waste_of_time",
            "coke",
            "full-fat_coke",
            "diet_coke",
            "milk",
            "serene",
            "bacon_and_eggs",
            "sleepy",
            "breakfast_food",
            "cornflakes",
            "rushed"
        ]
    );
    let diet = &cb.codes[cb.index_of("diet_coke").unwrap()];
    assert_eq!(diet.label, "diet Coke");
    assert_eq!(diet.parent.as_deref(), Some("coke"));
    assert_eq!(diet.description, "non sucré");
    assert_eq!(diet.color.as_deref(), Some("#966450"));
    // The existing `Coke` is the parent, not a second one made for the level.
    let coke: Vec<&Code> = cb.codes.iter().filter(|c| c.label == "Coke").collect();
    assert_eq!(coke.len(), 1);
    assert_eq!(coke[0].id, "coke");
    assert_eq!(coke[0].line, 23);
    assert_eq!(coke[0].color.as_deref(), Some("#966450"));
    assert_eq!(coke[0].description, "the breakfast of champions");
    assert_eq!(cb.codes[cb.index_of("milk").unwrap()].color, None);
    assert_eq!(cb.name, "ATLAS.ti standard project");
    // Sets of codes that are neither facets nor categories are named; sets of sources are not.
    let warnings: Vec<String> = d.iter().map(|w| w.to_string()).collect();
    let set = |line: usize, name: &str| {
        format!(
            "Project.qde:{line}: warning: set `{name}` is neither `key: value` (a facet of its \
             codes) nor `category: value`; ignored"
        )
    };
    assert_eq!(
        warnings,
        [
            set(232, "Feelings"),
            set(240, "negative feelings"),
            set(246, "Breakfast food"),
            set(255, "positive feelings"),
            "Project.qde:38: warning: code `rushed`: term `\"rushed\"`: `\"` is not part of any \
             word and is ignored in matching; use `regex` to match symbols"
                .to_owned(),
        ]
    );

    let tree = code_tree(&xml).unwrap();
    let diet = tree.iter().find(|c| c.name == "Coke::diet Coke").unwrap();
    assert_eq!(diet.path, ["Coke", "diet Coke"]);
    assert_eq!(
        (diet.id.as_str(), diet.parent_id.as_deref(), diet.line),
        ("diet_coke", Some("coke"), 20)
    );
    assert_eq!(diet.guid, "D299EFAE-5779-46DC-9827-A3D1A5D544BC");
}

const FOREIGN: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="x">
<Codes>
<Code guid="a0000000-0000-0000-0000-000000000001" name="Svets" isCodable="false" color="#abc">
<Code guid="a0000000-0000-0000-0000-000000000002" name="Svetsning" isCodable="true" color="rgb(1,2,3)"/>
<Code guid="a0000000-0000-0000-0000-000000000003" name="Svetsning" isCodable="true"/>
</Code>
</Codes>
<Sets>
<Set guid="b0000000-0000-0000-0000-000000000001" name="level: bredd"><MemberCode targetGUID="A0000000-0000-0000-0000-000000000002"/></Set>
<Set guid="b0000000-0000-0000-0000-000000000002" name="Favoriter"><MemberCode guid="a0000000-0000-0000-0000-000000000003"/></Set>
</Sets>
</CodeBook>
"##;

#[test]
fn a_foreign_codebook_gets_terms_from_its_names_only_when_asked() {
    let mut d = Diagnostics::new();
    let cb = parse(FOREIGN, Path::new("t.qdc"), "", true, &mut d).unwrap();
    assert_eq!(
        d.to_string(),
        "t.qdc:11: warning: set `Favoriter` is neither `key: value` (a facet of its codes) nor \
         `category: value`; ignored\n\
         t.qdc:5: warning: code `svetsning`: color `rgb(1,2,3)` is not `#RGB`, `#RRGGBB` or \
         `#RRGGBBAA`; ignored\n\
         t.qdc: warning: the codebook has no `name`; reports will call it by its file name\n"
    );
    let ids: Vec<&str> = cb.codes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["svets", "svetsning", "svets_svetsning"]);
    assert_eq!(cb.codes[0].color.as_deref(), Some("#AABBCC"));
    assert!(cb.codes[0].terms.is_empty());
    assert_eq!(cb.codes[1].color, None);
    assert_eq!(cb.codes[1].parent.as_deref(), Some("svets"));
    assert_eq!(
        cb.codes[1].facets.get("level").map(String::as_str),
        Some("bredd")
    );
    assert_eq!(cb.codes[2].terms[0].text, "Svetsning");
    assert_eq!(cb.codes[2].line, 6);
    // Exported, the code that only rolls up is not codable.
    assert!(export_qdc(&cb).contains("name=\"Svets\" isCodable=\"false\" color=\"#AABBCC\""));

    let mut d = Diagnostics::new();
    assert!(parse(FOREIGN, Path::new("t.qdc"), "", false, &mut d).is_some());
    assert_eq!(
        d.to_string(),
        "t.qdc:11: warning: set `Favoriter` is neither `key: value` (a facet of its codes) nor \
         `category: value`; ignored\n\
         t.qdc:5: warning: code `svetsning`: color `rgb(1,2,3)` is not `#RGB`, `#RRGGBB` or \
         `#RRGGBBAA`; ignored\n\
         t.qdc: warning: 2 codes have no terms (REFI-QDA has none); `skillgap codebook import \
         --names-as-terms` makes each code's name its term\n\
         t.qdc:5: warning: code `svetsning` has no terms, no regex and no child codes: only \
         manual codes (`[#svetsning]`, a QDA tool's codings) can code it\n\
         t.qdc:6: warning: code `svets_svetsning` has no terms, no regex and no child codes: \
         only manual codes (`[#svets_svetsning]`, a QDA tool's codings) can code it\n\
         t.qdc: warning: the codebook has no `name`; reports will call it by its file name\n"
    );
}

#[test]
fn settings_problems_are_at_their_lines_in_the_document() {
    let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
               <CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n\
               <Codes>\n\
               <Code guid=\"a0000000-0000-0000-0000-000000000001\" name=\"AI\" isCodable=\"true\"/>\n\
               </Codes>\n\
               <Sets>\n\
               <Set guid=\"a0000000-0000-0000-0000-000000000002\" name=\"skillgap: settings\">\n\
               <Description>name = \"N\"\n\
               colour = \"red\"\n\
               language = \"de\"\n\
               </Description>\n\
               </Set>\n\
               </Sets>\n\
               </CodeBook>\n";
    let mut d = Diagnostics::new();
    assert!(parse(xml, Path::new("t.qdc"), "", true, &mut d).is_none());
    let found: Vec<(Option<usize>, String)> =
        d.iter().map(|x| (x.line, x.message.clone())).collect();
    assert_eq!(found.len(), 2, "{d}");
    assert_eq!(found[0].0, Some(9));
    assert!(
        found[0]
            .1
            .starts_with("set `skillgap: settings`: unknown key `colour` (known keys: name,"),
        "{d}"
    );
    assert_eq!(
        found[1],
        (
            Some(10),
            "language `de` is not supported (use `sv` or `en`)".to_owned()
        )
    );
}

#[test]
fn bad_documents_are_one_error_at_a_line() {
    let problems = |xml: &str| {
        let mut d = Diagnostics::new();
        assert!(parse(xml, Path::new("t.qdc"), "", true, &mut d).is_none());
        assert_eq!(d.errors(), 1, "{d}");
        d.to_string()
    };
    assert_eq!(
        problems(
            "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n\
             <Code guid=\"a0000000-0000-0000-0000-000000000001\" name=\"a\" isCodable=\"true\">\n\
             </Codes>\n</CodeBook>\n"
        ),
        "t.qdc:4: error: is not well-formed XML: ill-formed document: expected `</Code>`, but \
         `</Codes>` was found\n"
    );
    assert_eq!(
        problems("<CodeBook>\n<Codes>\n"),
        "t.qdc:2: error: is not well-formed XML: `<Codes>` is not closed\n"
    );
    assert_eq!(
        problems("<CodeBook><Codes><Code guid=\"1\" name=\"a\" isCodable=\"true\"><Description>&nbsp;</Description></Code></Codes></CodeBook>"),
        "t.qdc:1: error: is not well-formed XML: unknown entity `&nbsp;`\n"
    );
    assert_eq!(
        problems("<?xml version=\"1.0\"?>\n<Foo/>\n"),
        "t.qdc:2: error: is not a REFI-QDA codebook or project: its root element is `<Foo>`, \
         not `<CodeBook>` or `<Project>`\n"
    );
    assert_eq!(
        problems(""),
        "t.qdc:1: error: is not well-formed XML: there is no root element\n"
    );
    assert!(code_tree("<Foo/>")
        .unwrap_err()
        .starts_with("line 1: is not a REFI-QDA"));
}

#[test]
fn code_guids_are_fixed_uuidv5s() {
    assert_eq!(code_guid("plc"), "B6472547-224A-57D6-9148-5B38268BC033");
    assert_ne!(code_guid("plc"), code_guid("plc2"));
    assert_eq!(code_guid("plc2"), "9DEE7D27-6038-51FE-8CE6-806F45982A6C");
}

#[test]
fn ids_from_names() {
    for (name, id) in [
        ("diet Coke", "diet_coke"),
        ("full-fat Coke", "full-fat_coke"),
        ("\"rushed\"", "rushed"),
        ("Ärende  hantering", "arende_hantering"),
        ("Öl & Å-kod", "ol_a-kod"),
        ("Café société", "cafe_societe"),
        ("Søren Æbelø", "soren_aebelo"),
        ("rq1_definition", "rq1_definition"),
        ("__x__y__", "x_y"),
        ("-x", "c_-x"),
        ("C++", "c"),
        ("??", "code"),
        ("Привет", "code"),
        ("", "code"),
    ] {
        assert_eq!(slug(name), id, "{name}");
        assert!(crate::codebook::is_valid_id(&slug(name)), "{name}");
    }
    assert_eq!(levels("Coke::diet Coke"), ["Coke", "diet Coke"]);
    assert_eq!(levels("a::"), ["a::"]);
    assert_eq!(levels("C++"), ["C++"]);
}

#[test]
fn colours_and_blocks() {
    assert_eq!(qda_color("#abc").as_deref(), Some("#AABBCC"));
    assert_eq!(qda_color("#966450").as_deref(), Some("#966450"));
    assert_eq!(qda_color(" #f00082 ").as_deref(), Some("#F00082"));
    assert_eq!(qda_color("#11223344").as_deref(), Some("#112233"));
    assert_eq!(qda_color("red"), None);
    assert_eq!(qda_color("#12345"), None);
    assert_eq!(qda_color("#ggg"), None);

    let (text, block) = split_block("Fri text\n--- skillgap ---\nid: a\nterms: x; y\nfoo: bar");
    let block = block.unwrap();
    assert_eq!(text, "Fri text");
    assert_eq!(block.id.as_deref(), Some("a"));
    assert_eq!(block.terms.as_deref(), Some("x; y"));
    assert_eq!(block.unknown, ["foo: bar"]);
    let (text, block) = split_block("utan block");
    assert_eq!((text.as_str(), block.is_none()), ("utan block", true));
    assert_eq!(
        element_text("a < b & \"c\"\r\n\u{1}"),
        "a &lt; b &amp; \"c\"&#13;\n"
    );
    assert_eq!(attr_text("a\"b\n\tc"), "a&quot;b&#10;&#9;c");
}

#[test]
fn colours_in_toml_and_csv() {
    let mut d = Diagnostics::new();
    let text = "name = \"x\"\n[[codes]]\nid = \"a\"\ncolor = \"red\"\nterms = [\"x\"]\n";
    assert!(crate::codebook::parse(text, Path::new("cb.toml"), "", &mut d).is_none());
    assert_eq!(
        d.to_string(),
        "cb.toml:4: error: code `a`: `color` must be `#RRGGBB` (six hex digits), not `red`\n"
    );
    let mut d = Diagnostics::new();
    let text = "id,label,terms,color\n@name,N,,\nai,AI,AI,blå\n";
    assert!(crate::codebook::csv::parse(text, Path::new("cb.csv"), "", &mut d).is_none());
    assert_eq!(
        d.to_string(),
        "cb.csv:3: error: code `ai`: `color` must be `#RRGGBB` (six hex digits), not `blå`\n"
    );

    let cb = from_toml(RICH);
    assert_eq!(cb.codes[0].color.as_deref(), Some("#1F77B4"));
    let csv = export_csv(&cb);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",description,color,language,terms,exclude,regex"),
        "{csv}"
    );
    let mut d = Diagnostics::new();
    let back = crate::codebook::csv::parse(&csv, Path::new("cb.csv"), "", &mut d).unwrap();
    assert!(d.is_empty(), "{d}");
    assert_eq!(normalized(back), normalized(cb.clone()));
    assert!(export_toml(&cb).contains("description = ")); // the colour follows the description
    let toml = export_toml(&cb);
    let description = toml.find("description = ").unwrap();
    let color = toml.find("color = \"#1F77B4\"").unwrap();
    assert!(description < color);
}
