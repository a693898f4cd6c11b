use super::*;
use crate::codebook;
use crate::coding::{code_interview, Coder, Matcher};
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
        attributes: std::sync::Arc::new([("sector".to_owned(), sector.to_owned())].into()),
        n_segments: t.segments.len(),
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
    let corpus = corpus();
    let m = Matcher::new(&cb).unwrap();
    let ctx = Context::new(&cb);
    let mut tally = Tally::new(&ctx);
    let mut coder = Coder::new(&m);
    let mut rows = Vec::new();
    for (i, iv) in corpus.interviews.iter().enumerate() {
        let occ = code_interview(i as u32, &iv.segments, &cb, &mut coder);
        tally.add(
            &iv.id,
            &iv.company,
            ctx.summarize(i as u64, &iv.segments, &occ),
        );
        rows.push(segments::InterviewRows::new(
            &iv.id,
            &iv.company,
            &iv.segments,
            &occ,
            |s| &s.speaker,
        ));
    }
    let mut segments = segments::frame(&rows, &cb, &m, false).unwrap();
    let mut out = vec![("segments".to_owned(), csv(&mut segments))];
    let mut company_codes = tally.company_codes().map(Result::unwrap);
    let mut whole = company_codes.next().unwrap();
    for batch in company_codes {
        whole.vstack_mut(&batch).unwrap();
    }
    let mut tables = tally.tables(&corpus).unwrap();
    tables.insert(1, Table::new(Kind::CompanyCodes, whole));
    out.extend(
        tables
            .into_iter()
            .map(|mut t| (t.name.clone(), csv(&mut t.df))),
    );
    out
}

/// `company_codes` of the first `interviews` of [`corpus`], in batches of `batch_rows`.
fn company_code_batches(interviews: usize, batch_rows: usize) -> Vec<String> {
    let mut d = Diagnostics::new();
    let cb = codebook::parse(CODEBOOK, Path::new("cb.toml"), "", &mut d).unwrap();
    let corpus = corpus();
    let m = Matcher::new(&cb).unwrap();
    let ctx = Context::new(&cb);
    let mut tally = Tally::new(&ctx);
    let mut coder = Coder::new(&m);
    for (i, iv) in corpus.interviews.iter().take(interviews).enumerate() {
        let occ = code_interview(i as u32, &iv.segments, &cb, &mut coder);
        tally.add(
            &iv.id,
            &iv.company,
            ctx.summarize(i as u64, &iv.segments, &occ),
        );
    }
    tally
        .company_codes_by(batch_rows)
        .map(|b| csv(&mut b.unwrap()))
        .collect()
}

#[test]
fn company_codes_come_in_batches_that_end_with_a_company() {
    let header = "company,code,segments,mentions,need_segments\n";
    let c1 = "C1,digital,3,3,1\nC1,ai,2,2,1\nC1,plc,1,1,0\nC1,logistik,1,1,1\n";
    let c2 = "C2,digital,1,1,0\nC2,plc,1,1,0\nC2,logistik,1,1,0\n";
    // C1 has 4 rows: a batch of at least 1 row is C1's 4, one of at least 5 takes C2 as well.
    assert_eq!(
        company_code_batches(3, 1),
        [format!("{header}{c1}"), format!("{header}{c2}")]
    );
    assert_eq!(
        company_code_batches(3, 4),
        [format!("{header}{c1}"), format!("{header}{c2}")]
    );
    assert_eq!(company_code_batches(3, 5), [format!("{header}{c1}{c2}")]);
    // A batch holds at least one company, whatever the size asked for.
    assert_eq!(
        company_code_batches(3, 0),
        [format!("{header}{c1}"), format!("{header}{c2}")]
    );
    // No company: one batch, empty, with the columns.
    assert_eq!(company_code_batches(0, 5), [header]);
}

fn corpus() -> Corpus {
    Corpus {
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
    }
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
        "interview,company,segment,speaker,role,code,source,term,start,end,negated,stance,text\n\
         IP1,C1,2,R,respondent,ai,auto,AI,11,13,false,need,AI\n\
         IP1,C1,2,R,respondent,logistik,auto,logistik,18,26,false,need,logistik\n\
         IP1,C1,3,R,respondent,plc,auto,PLC,5,8,true,negated,PLC\n\
         IP1,C1,3,R,respondent,plc,auto,PLC,14,17,false,has,PLC\n\
         IP2,C1,1,R,respondent,ai,auto,AI,0,2,false,has,AI\n\
         IP3,C2,1,R,respondent,ai,auto,AI,12,14,true,negated,AI\n\
         IP3,C2,2,R,respondent,plc,manual,,0,0,false,has,\n\
         IP3,C2,2,R,respondent,logistik,auto,logistik,0,8,false,has,logistik\n"
    );
}

#[test]
fn codes_table_is_inclusive_and_company_level() {
    assert_eq!(
        table("codes"),
        "code,label,category,parent,depth,level,segments,mentions,interviews,companies,company_share,ci_low,ci_high,\
         need_segments,need_companies,need_share,need_ci_low,need_ci_high,direct_companies,\
         direct_need_companies\n\
         digital,digital,,,0,bredd,4,4,3,2,1.0,0.3424,1.0,1,1,0.5,0.0945,0.9055,0,0\n\
         ai,ai,,digital,1,spets,2,2,2,1,0.5,0.0945,0.9055,1,1,0.5,0.0945,0.9055,1,1\n\
         plc,plc,,digital,1,,2,2,2,2,1.0,0.3424,1.0,0,0,0.0,0.0,0.6576,2,0\n\
         logistik,logistik,,,0,,2,2,2,2,1.0,0.3424,1.0,1,1,0.5,0.0945,0.9055,2,1\n"
    );
}

#[test]
fn company_codes_table() {
    assert_eq!(
        table("company_codes"),
        "company,code,segments,mentions,need_segments\n\
         C1,digital,3,3,1\nC1,ai,2,2,1\nC1,plc,1,1,0\nC1,logistik,1,1,1\n\
         C2,digital,1,1,0\nC2,plc,1,1,0\nC2,logistik,1,1,0\n"
    );
}

#[test]
fn by_attribute_table_has_every_group_and_code() {
    assert_eq!(
        table("by_sector"),
        "sector,code,companies,group_companies,share,need_companies,need_share\n\
         A,digital,1,1,1.0,1,1.0\nA,ai,1,1,1.0,1,1.0\nA,plc,1,1,1.0,0,0.0\nA,logistik,1,1,1.0,1,1.0\n\
         B,digital,1,1,1.0,0,0.0\nB,ai,0,1,0.0,0,0.0\nB,plc,1,1,1.0,0,0.0\nB,logistik,1,1,1.0,0,0.0\n"
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
fn quotes_are_need_never_negated_one_per_company() {
    assert_eq!(
        table("quotes"),
        "code,interview,company,segment,text\n\
         digital,IP1,C1,2,Vi behöver AI och logistik.\n\
         ai,IP1,C1,2,Vi behöver AI och logistik.\n\
         logistik,IP1,C1,2,Vi behöver AI och logistik.\n"
    );
    let mut d = Diagnostics::new();
    let cb = codebook::parse(CODEBOOK, Path::new("cb.toml"), "", &mut d).unwrap();
    let m = Matcher::new(&cb).unwrap();
    let ctx = Context::new(&cb);
    let mut tally = Tally::new(&ctx);
    let mut coder = Coder::new(&m);
    let corpus = Corpus {
        interviews: vec![
            // Two need segments of C1: the one about AI alone is its one quote for ai (and for
            // digital). The list after the comma is its own clause, without a need cue.
            interview(
                "IP1",
                "C1",
                "A",
                "R: Vi behöver AI, PLC och logistik.\nR: Vi behöver AI.\n",
            ),
            // AI negated beside a need for logistics: a logistics quote, not an AI one.
            interview(
                "IP2",
                "C2",
                "A",
                "R: Vi behöver inte AI men vi behöver logistik.\n",
            ),
            // A company describing its AI is not quoted for it.
            interview("IP3", "C3", "A", "R: Vi har AI i hela fabriken.\n"),
            interview("IP4", "C4", "A", "R: Vi saknar folk som kan AI.\n"),
        ],
        files: vec![],
        cached_files: 0,
    };
    for (i, iv) in corpus.interviews.iter().enumerate() {
        let occ = code_interview(i as u32, &iv.segments, &cb, &mut coder);
        tally.add(
            &iv.id,
            &iv.company,
            ctx.summarize(i as u64, &iv.segments, &occ),
        );
    }
    let mut tables = tally.tables(&corpus).unwrap();
    let quotes = tables.iter_mut().find(|t| t.name == "quotes").unwrap();
    assert_eq!(
        csv(&mut quotes.df),
        "code,interview,company,segment,text\n\
         digital,IP1,C1,2,Vi behöver AI.\n\
         digital,IP4,C4,1,Vi saknar folk som kan AI.\n\
         ai,IP1,C1,2,Vi behöver AI.\n\
         ai,IP4,C4,1,Vi saknar folk som kan AI.\n\
         logistik,IP2,C2,1,Vi behöver inte AI men vi behöver logistik.\n"
    );
}

#[test]
fn facet_companies_count_direct_codes_only() {
    let mut d = Diagnostics::new();
    let cb = codebook::parse(CODEBOOK, Path::new("cb.toml"), "", &mut d).unwrap();
    let m = Matcher::new(&cb).unwrap();
    let ctx = Context::new(&cb);
    let mut tally = Tally::new(&ctx);
    let mut coder = Coder::new(&m);
    // C1 mentions ai (spets) twice over two interviews, C2 only plc (no facet), and a negated
    // AI; the `bredd` parent `digital` is never coded directly.
    for (id, company, text) in [
        ("IP1", "C1", "R: AI.\n"),
        ("IP2", "C1", "R: AI igen.\n"),
        ("IP3", "C2", "R: PLC. Inte AI.\n"),
    ] {
        let iv = interview(id, company, "A", text);
        let occ = code_interview(0, &iv.segments, &cb, &mut coder);
        tally.add(id, company, ctx.summarize(0, &iv.segments, &occ));
    }
    type Row = ((String, String, String), (u32, u32));
    let got: Vec<Row> = tally.facet_companies().into_iter().collect();
    let key = |v: &str| (String::new(), "level".to_owned(), v.to_owned());
    // Counted and need: "AI." has no need cue.
    assert_eq!(got, [(key("bredd"), (0, 0)), (key("spets"), (1, 0))]);
}

/// The quote choice as a sort of every candidate, then the best of each company, up to three.
fn choose_by_sorting(all: &[(u64, u32)]) -> Vec<u64> {
    let mut list = all.to_vec();
    list.sort();
    let mut chosen: Vec<u64> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for &(rank, company) in &list {
        if chosen.len() < 3 && seen.insert(company) {
            chosen.push(rank);
        }
    }
    chosen
}

proptest::proptest! {
    #[test]
    fn streamed_quote_choice_equals_sorting_all(
        cands in proptest::collection::vec((0u64..40, 0u32..5), 0..30)
    ) {
        // Ranks are unique per segment; drop repeats.
        let mut uniq: Vec<(u64, u32)> = Vec::new();
        for c in cands {
            if !uniq.iter().any(|u| u.0 == c.0) {
                uniq.push(c);
            }
        }
        let mut pick = QuotePick::default();
        for (i, &(rank, company)) in uniq.iter().enumerate() {
            let cand = Candidate {
                rank: (false, false, 0, false, rank, 0),
                segment: 0,
                text: std::sync::Arc::from(""),
            };
            pick.offer(cand, &std::sync::Arc::from(format!("IP{i}")), company);
        }
        let chosen = pick.choose();
        let got: Vec<u64> = chosen.iter().map(|(c, _, _)| c.rank.4).collect();
        proptest::prop_assert_eq!(&got, &choose_by_sorting(&uniq));
        // Each candidate keeps its own interview and company.
        for (c, interview, company) in chosen {
            let i = uniq.iter().position(|u| u.0 == c.rank.4).unwrap();
            proptest::prop_assert_eq!(interview, format!("IP{i}"));
            proptest::prop_assert_eq!(company, uniq[i].1);
        }
    }
}
