use std::io::Write as _;

use super::*;
use crate::ingest::transcript::Role;

/// A Word package with these parts, stored uncompressed.
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#;

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// `<w:p>` of runs, each run's text given.
fn p(runs: &[&str]) -> String {
    let runs: String = runs
        .iter()
        .map(|r| format!(r#"<w:r><w:t xml:space="preserve">{r}</w:t></w:r>"#))
        .collect();
    format!("<w:p>{runs}</w:p>")
}

/// Each paragraph's text, line breaks as `\n`.
fn paragraphs(pkg: &Package) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in &pkg.lines {
        if out.len() == l.paragraph {
            let last = out.last_mut().unwrap();
            last.push('\n');
            last.push_str(&l.text);
        } else {
            assert_eq!(out.len() + 1, l.paragraph, "paragraphs numbered in order");
            out.push(l.text.clone());
        }
    }
    out
}

fn read(bytes: Vec<u8>) -> (Transcript, String) {
    let mut diags = Diagnostics::new();
    let t = Package::open(bytes).unwrap().transcript(
        Path::new("t.docx"),
        &Roles::default(),
        &mut diags,
    );
    (t, diags.to_string())
}

#[allow(clippy::type_complexity)]
fn turns(t: &Transcript) -> Vec<(usize, &str, Role, &str, Vec<(&str, usize, Option<&str>)>)> {
    t.segments
        .iter()
        .map(|s| {
            let codes = s
                .manual_codes
                .iter()
                .map(|m| (m.id.as_str(), m.line, m.coder.as_deref()))
                .collect();
            (s.line, s.speaker.as_str(), s.role, s.text.as_str(), codes)
        })
        .collect()
}

#[test]
fn labels_split_across_runs_and_alone_in_a_paragraph() {
    let body = [
        p(&["Fiktiv intervju, p", "rotokoll."]),
        p(&["Int", "ervjuare: Vad ", "behöver ni?"]),
        p(&["Anna:"]),
        p(&["Vi behöver ", "<w:t>x</w:t>"]).replace("<w:t>x</w:t>", ""),
        p(&["PLC och svetsare."]),
        "<w:p/>".into(),
        p(&["I: Och mer?"]),
    ]
    .concat();
    let (t, problems) = read(package(&[("word/document.xml", &document(&body))]));
    assert_eq!(problems, "");
    assert_eq!(
        turns(&t),
        [
            (
                2,
                "Intervjuare",
                Role::Interviewer,
                "Vad behöver ni?",
                vec![]
            ),
            (
                3,
                "Anna",
                Role::Respondent,
                "Vi behöver\nPLC och svetsare.",
                vec![]
            ),
            (7, "I", Role::Interviewer, "Och mer?", vec![]),
        ]
    );
}

#[test]
fn tracked_changes_fields_tabs_and_breaks_in_the_accepted_reading() {
    let body = format!(
        "{}{}{}{}{}",
        // A deleted word, an inserted one.
        r#"<w:p><w:r><w:t>R: Vi har </w:t></w:r><w:del><w:r><w:delText>inga </w:delText></w:r></w:del><w:ins><w:r><w:t>två </w:t></w:r></w:ins><w:r><w:t>robotar.</w:t></w:r></w:p>"#,
        // A deleted paragraph mark joins the next paragraph.
        r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:r><w:t>Och </w:t></w:r></w:p>"#,
        // A field: its code skipped, its result kept; a tab and a line break.
        r#"<w:p><w:r><w:t>se</w:t></w:r><w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>länken</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:br/><w:t>rad två &amp; tre</w:t></w:r></w:p>"#,
        // A deleted row of a table; the other row stays.
        r#"<w:tbl><w:tr><w:trPr><w:del w:id="2" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:t>bort</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>kvar</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        // Moved-away text and a text box are not read; the fallback of alternate content
        // neither.
        r#"<w:p><w:moveFrom><w:r><w:t>flyttad</w:t></w:r></w:moveFrom><w:r><w:t>slut</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="urn:mc"><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>ruta</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:t>ruta</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
    );
    let pkg = Package::open(package(&[("word/document.xml", &document(&body))])).unwrap();
    assert_eq!(
        paragraphs(&pkg),
        [
            "R: Vi har två robotar.",
            "Och se\tlänken\nrad två & tre",
            "kvar",
            "cell",
            "slut"
        ]
    );
}

#[test]
fn front_matter_from_a_leading_block_or_fenced() {
    let body = [
        "<w:p/>".into(),
        p(&["sector: tillverkning"]),
        p(&["Storlek: 10-49"]),
        "<w:p/>".into(),
        p(&["I: Hej."]),
        p(&["R: Hej!"]),
    ]
    .concat();
    let (t, problems) = read(package(&[("word/document.xml", &document(&body))]));
    assert_eq!(problems, "");
    let fm: Vec<(&str, &str, usize)> = t
        .front_matter
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_str(), f.line))
        .collect();
    assert_eq!(fm, [("sector", "tillverkning", 2), ("Storlek", "10-49", 3)]);
    assert_eq!(t.segments.len(), 2);
    assert_eq!((t.segments[0].line, t.segments[1].line), (5, 6));

    // Labels that speak again below are turns, not front matter.
    let body = [p(&["I: Hej."]), p(&["R: Hej!"]), p(&["I: Vad gör ni?"])].concat();
    let (t, _) = read(package(&[("word/document.xml", &document(&body))]));
    assert!(t.front_matter.is_empty());
    assert_eq!(t.segments.len(), 3);

    let body = [
        p(&["---"]),
        p(&["size: 50-249"]),
        p(&["size: 10"]),
        p(&["---"]),
        p(&["R: Ja."]),
    ]
    .concat();
    let (t, problems) = read(package(&[("word/document.xml", &document(&body))]));
    assert_eq!(t.front_matter.len(), 1);
    assert_eq!(
        problems,
        "t.docx: paragraph 3: error: front matter key `size` is given twice (first as \
         `size: 50-249`)\n"
    );
}

const COMMENTS: &str = r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">
<w:comment w:id="3" w:author="Kodare A"><w:p w14:paraId="00000001"><w:r><w:t>#plc och #svets</w:t></w:r></w:p></w:comment>
<w:comment w:id="5" w:author="Kodare B"><w:p w14:paraId="00000002"><w:r><w:t>Håller med, #ai</w:t></w:r></w:p></w:comment>
<w:comment w:id="7" w:author=""><w:p w14:paraId="00000003"><w:r><w:t>punkt: #ai</w:t></w:r></w:p></w:comment>
<w:comment w:id="9" w:author="Kodare A"><w:p w14:paraId="00000004"><w:r><w:t>Se C# och #PLC</w:t></w:r></w:p></w:comment>
<w:comment w:id="11" w:author="Kodare A"><w:p w14:paraId="00000005"><w:r><w:t>Klart. #data</w:t></w:r></w:p></w:comment>
</w:comments>"#;

const EXTENDED: &str = r#"<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">
<w15:commentEx w15:paraId="00000001" w15:done="0"/>
<w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001" w15:done="0"/>
<w15:commentEx w15:paraId="00000005" w15:done="1"/>
</w15:commentsEx>"#;

#[test]
fn comments_code_the_turns_they_overlap() {
    let body = [
        p(&["I: Vad saknar ni?"]),
        // Comment 3 (and its reply 5) from the middle of this turn into the next.
        r#"<w:p><w:r><w:t>R: Vi behöver </w:t></w:r><w:commentRangeStart w:id="3"/><w:commentRangeStart w:id="5"/><w:r><w:t>PLC.</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:r><w:t>Och svetsare.</w:t></w:r><w:commentRangeEnd w:id="3"/><w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="3"/></w:r><w:r><w:commentReference w:id="5"/></w:r></w:p>"#.into(),
        // A point comment, and a resolved comment whose range ends at the very start of the
        // next paragraph: it codes this turn only.
        r#"<w:p><w:r><w:t>I: Något mer?</w:t></w:r><w:r><w:commentReference w:id="7"/></w:r></w:p>"#.into(),
        r#"<w:p><w:commentRangeStart w:id="11"/><w:r><w:t>R: Dataanalys.</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:commentRangeEnd w:id="11"/><w:r><w:t>R2: Och </w:t></w:r><w:commentRangeStart w:id="9"/><w:r><w:t>C#.</w:t></w:r><w:commentRangeEnd w:id="9"/></w:p>"#.into(),
    ]
    .concat();
    let (t, problems) = read(package(&[
        ("word/document.xml", &document(&body)),
        ("word/comments.xml", COMMENTS),
        ("word/commentsExtended.xml", EXTENDED),
    ]));
    assert_eq!(
        turns(&t),
        [
            (1, "I", Role::Interviewer, "Vad saknar ni?", vec![]),
            (
                2,
                "R",
                Role::Respondent,
                "Vi behöver PLC.\nOch svetsare.",
                vec![("plc", 2, Some("Kodare A")), ("svets", 2, Some("Kodare A"))]
            ),
            (
                4,
                "I",
                Role::Interviewer,
                "Något mer?",
                vec![("ai", 4, None)]
            ),
            (
                5,
                "R",
                Role::Respondent,
                "Dataanalys.",
                vec![("data", 5, Some("Kodare A"))]
            ),
            (6, "R2", Role::Respondent, "Och C#.", vec![]),
        ]
    );
    assert_eq!(
        problems,
        "t.docx: paragraph 2: warning: the comment by Kodare B is a reply and replies do not \
         code; its `#` ids are ignored (put codes in the first comment of a thread)\n\
         t.docx: paragraph 6: error: the comment by Kodare A has `#PLC`, which is not a code id \
         (ids are lowercase letters, digits, `_` and `-`)\n"
    );
}

#[test]
fn the_comment_codes_of_a_text() {
    assert_eq!(
        comment_codes("#plc, #ai-lab (#x_1) C# a#b #"),
        ["plc", "ai-lab", "x_1"]
    );
    assert_eq!(comment_codes("#Svets."), ["Svets"]);
}

#[test]
fn broken_files_are_refused_with_the_reason() {
    let err = |bytes: Vec<u8>| Package::open(bytes).unwrap_err();
    assert!(err(b"R: hej".to_vec()).starts_with("is not a Word document (.docx is a zip archive"));
    assert!(
        err(vec![0xD0, 0xCF, 0x11, 0xE0, 0, 0]).starts_with("is a password-protected Word file")
    );
    assert_eq!(
        err(package(&[("content.xml", "<x/>")])),
        "is not a Word document: it has no `word/document.xml` (a .docx from Word, LibreOffice \
         or Google Docs has one)"
    );
    let e = err(package(&[(
        "word/document.xml",
        "<w:document><w:body><w:p></w:body>",
    )]));
    assert!(
        e.starts_with("`word/document.xml` is not well-formed XML (line 1 of the part)"),
        "{e}"
    );
}

/// Each Word file here as a person reads it, paragraph by paragraph, in the accepted reading.
#[test]
fn every_docx_here_reads_exactly() {
    let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.";
    let expected: [(&str, Vec<String>); 5] = [
        (
            "comments-overlapping-replies.docx",
            vec![lorem.into(), "Par2".into(), "Par3".into(), "Par4".into(), format!("Par5 {lorem}"), "".into(), " ".into()],
        ),
        ("comments-range-and-point.docx", vec!["Ouch.".into()]),
        (
            "comments-rich-content.docx",
            [
                "Document text", "", "Some text worthy of note.", "", "Other document text.", "",
                "Other text worthy of note.", "", "Paragraph 5", "", "Paragraph 6", "",
                "Paragraph 7", "",
            ]
            .map(String::from)
            .to_vec(),
        ),
        (
            "paragraphs-and-tables.docx",
            [
                "This document has paragraphs.", "This", "Document", "Also", "Has", "Tables", "",
                "There are paragraphs between tables. These are used to check the .lineage attribute of Par instances.",
                "Here is another paragraph between the first and second tables.",
                "One\n\nMore\n\nTable", "One", "More", "Table", "",
            ]
            .map(String::from)
            .to_vec(),
        ),
        (
            "tracked-changes.docx",
            [
                "Track Changes Test", "", "This is the content.", "And here is much more content.",
                "This is new content, that I suggest.", "Some more text.", "Link 1: www.adobe.com",
                "Link 2: www.hlx.live", "Link 3: www.hlx.live", "A1", "A2", "", "", "",
                "Point one", "Point three", "And more lists", "One", "Three", "", "",
            ]
            .map(String::from)
            .to_vec(),
        ),
    ];
    for (name, want) in expected {
        let Some(bytes) = crate::ingest::reader::shared_transcript(name) else {
            continue;
        };
        let pkg = Package::open(bytes).unwrap();
        assert_eq!(paragraphs(&pkg), want, "{name}");
    }
    if let Some(bytes) = crate::ingest::reader::shared_transcript("table-merged-cells.docx") {
        let pkg = Package::open(bytes).unwrap();
        assert_eq!(
            paragraphs(&pkg),
            [
                "0-0", "0-12", "0-3", "12-0", "1-1", "1-2", "1-3", "", "2-1", "2-2", "2-3", "3-0",
                "34-123", "4-0", "", ""
            ]
        );
    }
    if let Some(bytes) =
        crate::ingest::reader::shared_transcript("comments-spanning-paragraphs-tables.docx")
    {
        let pkg = Package::open(bytes).unwrap();
        let got = paragraphs(&pkg);
        assert_eq!(got.len(), 11);
        assert!(
            got[0].starts_with("magna fringilla urna porttitor")
                && got[0].ends_with("facilisis mauris")
        );
        assert!(got[1].ends_with("aliquam malesuada Bibendum"));
        assert_eq!(got[5..], ["R1C1", "R1C2", "R2C1", "R2C2", "", ""]);
    }
}

/// The comments of the Word files here: author, text, reply or not, and the paragraphs their
/// ranges cover.
#[test]
#[allow(clippy::type_complexity)]
fn every_comment_here_reads_exactly() {
    #[allow(clippy::type_complexity)]
    let expected: [(&str, Vec<(&str, &str, &str, bool, (usize, usize))>); 3] = [
        (
            "comments-overlapping-replies.docx",
            vec![
                ("1", "Randy Bartels", "COMMENT", false, (1, 1)),
                ("2", "Randy Bartels", "RESPONSE", true, (1, 1)),
                ("3", "Shay Hill", "Response from Shay Hill", true, (1, 1)),
                (
                    "4",
                    "Shay Hill",
                    "Comment on subset starting with tempor",
                    false,
                    (1, 1),
                ),
                ("5", "Randy Bartels", "COMMENT on par 5", false, (5, 5)),
                (
                    "6",
                    "Randy Bartels",
                    "RESPONSE to comment on par 5",
                    true,
                    (5, 5),
                ),
                (
                    "7",
                    "Shay Hill",
                    "Response from Shay Hill on par 5",
                    true,
                    (5, 5),
                ),
                (
                    "8",
                    "Shay Hill",
                    "Comment on subset starting with tempor on par 5",
                    false,
                    (5, 5),
                ),
            ],
        ),
        (
            "comments-range-and-point.docx",
            vec![
                (
                    "0",
                    "Michael Williamson",
                    "A tachyon walks into a bar.",
                    false,
                    (1, 1),
                ),
                ("2", "Michael Williamson", "Fin.", false, (1, 1)),
            ],
        ),
        (
            "comments-rich-content.docx",
            vec![
                (
                    "0",
                    "Steve Canny",
                    "Text with hyperlink https://google.com embedded.",
                    false,
                    (3, 3),
                ),
                (
                    "1",
                    "",
                    "Text with inline image  in the middle.",
                    false,
                    (7, 7),
                ),
                ("2", "", "Text with character style.", false, (9, 9)),
                (
                    "4",
                    "",
                    "Paragraph with Heading 2 paragraph style.",
                    false,
                    (11, 11),
                ),
            ],
        ),
    ];
    for (name, want) in expected {
        let Some(bytes) = crate::ingest::reader::shared_transcript(name) else {
            continue;
        };
        let pkg = Package::open(bytes).unwrap();
        let (_, paragraph_of, text_line_of) = pkg.text();
        let got: Vec<(&str, &str, &str, bool, (usize, usize))> = pkg
            .comments
            .iter()
            .map(|c| {
                let (a, b) = pkg.range(&c.id, &text_line_of).unwrap();
                let reply = c
                    .last_para_id
                    .as_ref()
                    .is_some_and(|p| pkg.replies.contains(p));
                (
                    c.id.as_str(),
                    c.author.as_str(),
                    c.text.as_str(),
                    reply,
                    (paragraph_of[a - 1], paragraph_of[b - 1]),
                )
            })
            .collect();
        assert_eq!(got, want, "{name}");
    }
    if let Some(bytes) =
        crate::ingest::reader::shared_transcript("comments-spanning-paragraphs-tables.docx")
    {
        let pkg = Package::open(bytes).unwrap();
        let (_, paragraph_of, text_line_of) = pkg.text();
        let got: Vec<(&str, bool, usize)> = pkg
            .comments
            .iter()
            .map(|c| {
                let (a, b) = pkg.range(&c.id, &text_line_of).unwrap();
                assert_eq!(a, b, "{}", c.id);
                let reply = c
                    .last_para_id
                    .as_ref()
                    .is_some_and(|p| pkg.replies.contains(p));
                (c.id.as_str(), reply, paragraph_of[a - 1])
            })
            .collect();
        assert_eq!(
            got,
            [
                ("0", false, 1),
                ("1", false, 1),
                ("2", false, 2),
                ("3", false, 3),
                ("4", false, 3),
                ("5", true, 3),
                ("6", false, 4),
                ("7", false, 4),
                ("8", true, 4),
                ("9", false, 5),
                ("10", false, 6),
                ("11", false, 11)
            ]
        );
        assert!(pkg.comments[6]
            .text
            .starts_with("Comment 6 with a long comment.\n\nmagna fringilla"));
    }
}
