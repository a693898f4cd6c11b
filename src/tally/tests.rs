use super::*;
use crate::codebook;
use crate::coding::code_corpus;
use crate::diag::Diagnostics;
use crate::ingest::{transcript, Interview};
use std::path::Path;

const CODEBOOK: &str = r#"name = "t"
group_by = ["sector"]
[[codes]]
id = "digital"
facets = { level = "bredd" }
[[codes]]
id = "ai"
parent = "digital"
facets = { level = "spets" }
terms = ["AI"]
[[codes]]
id = "plc"
parent = "digital"
terms = ["PLC"]
[[codes]]
id = "logistik"
terms = ["logistik"]
"#;

fn interview(id: &str, company: &str, sector: &str, text: &str) -> Interview {
    let mut d = Diagnostics::new();
    let t = transcript::parse(text, Path::new(id), &Default::default(), &mut d);
    assert!(d.is_empty(), "{d}");
    Interview {
        id: id.into(),
        company: company.into(),
        path: id.into(),
        attributes: [("sector".to_owned(), sector.to_owned())].into(),
        segments: t.segments,
    }
}

fn csv(df: &mut DataFrame) -> String {
    let mut buf = Vec::new();
    CsvWriter::new(&mut buf).finish(df).unwrap();
    String::from_utf8(buf).unwrap()
}

fn run() -> Vec<(String, String)> {
    let mut d = Diagnostics::new();
    let cb = codebook::parse(CODEBOOK, Path::new("cb.toml"), "", &mut d).unwrap();
    let corpus = Corpus {
        interviews: vec![
            interview(
                "IP1",
                "C1",
                "A",
                "I: AI?\nR: Vi behöver AI och logistik.\nR: Inte PLC. Men PLC ja.\n",
            ),
            interview("IP2", "C1", "A", "R: AI igen.\n"),
            interview("IP3", "C2", "B", "R: Vi har inte AI.\nR: logistik [#plc]\n"),
        ],
        files: vec![],
        cached_files: 0,
    };
    let m = Matcher::new(&cb).unwrap();
    let occ = code_corpus(&corpus, &cb, &m, &|| {});
    let input = Input {
        corpus: &corpus,
        codebook: &cb,
        matcher: &m,
        occurrences: &occ,
    };
    tables(&input)
        .unwrap()
        .into_iter()
        .map(|mut t| (t.name.clone(), csv(&mut t.df)))
        .collect()
}

fn table(name: &str) -> String {
    run().into_iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn table_order() {
    let names: Vec<String> = run().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "segments",
            "codes",
            "company_codes",
            "by_sector",
            "cooccurrence",
            "quotes"
        ]
    );
}

#[test]
fn segments_table() {
    assert_eq!(
        table("segments"),
        "interview,company,segment,speaker,role,code,source,term,start,end,negated,text\n\
         IP1,C1,2,R,respondent,ai,auto,AI,11,13,false,AI\n\
         IP1,C1,2,R,respondent,logistik,auto,logistik,18,26,false,logistik\n\
         IP1,C1,3,R,respondent,plc,auto,PLC,5,8,true,PLC\n\
         IP1,C1,3,R,respondent,plc,auto,PLC,14,17,false,PLC\n\
         IP2,C1,1,R,respondent,ai,auto,AI,0,2,false,AI\n\
         IP3,C2,1,R,respondent,ai,auto,AI,12,14,true,AI\n\
         IP3,C2,2,R,respondent,plc,manual,,0,0,false,\n\
         IP3,C2,2,R,respondent,logistik,auto,logistik,0,8,false,logistik\n"
    );
}

#[test]
fn codes_table_is_inclusive_and_company_level() {
    assert_eq!(
        table("codes"),
        "code,label,category,parent,depth,level,segments,mentions,interviews,companies,company_share,ci_low,ci_high\n\
         digital,digital,,,0,bredd,4,4,3,2,1.0,0.3424,1.0\n\
         ai,ai,,digital,1,spets,2,2,2,1,0.5,0.0945,0.9055\n\
         plc,plc,,digital,1,,2,2,2,2,1.0,0.3424,1.0\n\
         logistik,logistik,,,0,,2,2,2,2,1.0,0.3424,1.0\n"
    );
}

#[test]
fn company_codes_table() {
    assert_eq!(
        table("company_codes"),
        "company,code,segments,mentions\n\
         C1,digital,3,3\nC1,ai,2,2\nC1,plc,1,1\nC1,logistik,1,1\n\
         C2,digital,1,1\nC2,plc,1,1\nC2,logistik,1,1\n"
    );
}

#[test]
fn by_attribute_table_has_every_group_and_code() {
    assert_eq!(
        table("by_sector"),
        "sector,code,companies,group_companies,share\n\
         A,digital,1,1,1.0\nA,ai,1,1,1.0\nA,plc,1,1,1.0\nA,logistik,1,1,1.0\n\
         B,digital,1,1,1.0\nB,ai,0,1,0.0\nB,plc,1,1,1.0\nB,logistik,1,1,1.0\n"
    );
}

#[test]
fn cooccurrence_leaves_out_ancestors() {
    assert_eq!(
        table("cooccurrence"),
        "code_a,code_b,segments,companies,jaccard\n\
         ai,logistik,1,1,0.3333\n\
         digital,logistik,2,2,0.5\n\
         logistik,plc,1,1,0.3333\n"
    );
}

#[test]
fn quotes_prefer_direct_focused_segments_from_distinct_companies() {
    assert_eq!(
        table("quotes"),
        "code,interview,company,segment,text\n\
         digital,IP1,C1,3,Inte PLC. Men PLC ja.\n\
         digital,IP3,C2,2,logistik\n\
         digital,IP2,C1,1,AI igen.\n\
         ai,IP2,C1,1,AI igen.\n\
         ai,IP1,C1,2,Vi behöver AI och logistik.\n\
         plc,IP1,C1,3,Inte PLC. Men PLC ja.\n\
         plc,IP3,C2,2,logistik\n\
         logistik,IP1,C1,2,Vi behöver AI och logistik.\n\
         logistik,IP3,C2,2,logistik\n"
    );
}
