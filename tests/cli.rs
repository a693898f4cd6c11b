//! Runs the real `skillgap` binary on small inputs written to a temporary folder, and the
//! library on generated corpora (the property test). Golden files for the shipped sample live in
//! `tests/golden/`; regenerate them with `SKILLGAP_BLESS=1 cargo test --release` after a
//! deliberate change, and review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;

/// A temporary project folder with `interviews/` and `codebook/`.
struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, contents).unwrap();
        self
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn cmd(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_skillgap"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Runs and expects success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args);
        assert!(
            out.status.success(),
            "skillgap {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit `code`; returns stdout + stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(code), "skillgap {args:?}:\n{text}");
        text
    }

    /// Hashes of every file under `rel`, to prove a folder untouched.
    fn snapshot(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        for e in fs::read_dir(self.path(rel)).unwrap() {
            let e = e.unwrap();
            out.insert(
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            );
        }
        out
    }
}

const CODEBOOK: &str = r#"name = "Test"
version = "1"
group_by = ["sector"]

[[codes]]
id = "automation"
label = "Automation"
category = "specialist"
facets = { level = "bredd" }
terms = ["automation*"]

[[codes]]
id = "plc"
label = "PLC"
category = "specialist"
parent = "automation"
facets = { level = "spets" }
terms = ["PLC", "styrsystem"]

[[codes]]
id = "gjutning"
label = "Gjutning"
category = "domain"
terms = ["*gjutning", "gjuteri"]
"#;

fn study() -> Workdir {
    let w = Workdir::new();
    w.write("codebook/skills.toml", CODEBOOK)
        .write(
            "interviews/A1.md",
            "---\ninterview: A1\ncompany: K1\nsector: tillverkning\n---\nFiktiv.\n\
             I: Behöver ni PLC?\nR: Ja, PLC-programmering och pressgjutning.\n\
             R2: Vi har inte styrsystem idag. [#automation]\n",
        )
        .write("interviews/B1.txt", "R: Automationen i gjuteriet.\n")
        .write("interviews/metadata.csv", "interview,sector\nB1,logistik\n");
    w
}

#[test]
fn run_writes_every_table_with_exact_rows() {
    let w = study();
    let stdout = w.ok(&["run"]);
    assert_eq!(
        stdout,
        "2 interviews from 2 companies: 4 segments, 3 coded\n\
         top codes by share of companies that need them (95 % interval; a code with sub-codes \
         counts them, `direct` is the code itself):\n  \
         automation   50.0 %   1/2  [9.5-90.5 %]  Automation  (group of 1 sub-code; direct 0/2)\n  \
         plc          50.0 %   1/2  [9.5-90.5 %]  PLC\n  \
         gjutning     50.0 %   1/2  [9.5-90.5 %]  Gjutning\n\
         companies that need a specialist and a domain skill in the same answer: 1/2 (50.0 %, \
         [9.5-90.5 %]); anywhere in their interviews: 1/2 (50.0 %, [9.5-90.5 %])\n\
         wrote 18 files to output\n"
    );
    // The answer to "Behöver ni PLC?" is need; "Vi har inte styrsystem" negated; a manual code
    // in a segment without a need cue, and "Automationen i gjuteriet", has.
    assert_eq!(
        w.read("output/segments.csv"),
        "interview,company,segment,speaker,role,code,source,term,start,end,negated,stance,text\n\
         A1,K1,2,R,respondent,plc,auto,PLC,4,7,false,need,PLC\n\
         A1,K1,2,R,respondent,gjutning,auto,*gjutning,26,39,false,need,pressgjutning\n\
         A1,K1,3,R2,respondent,automation,manual,,0,0,false,has,\n\
         A1,K1,3,R2,respondent,plc,auto,styrsystem,12,22,true,negated,styrsystem\n\
         B1,B1,1,R,respondent,automation,auto,automation*,0,12,false,has,Automationen\n\
         B1,B1,1,R,respondent,gjutning,auto,gjuteri,15,24,false,has,gjuteriet\n"
    );
    assert_eq!(
        w.read("output/codes.csv"),
        "code,label,category,parent,depth,level,segments,mentions,interviews,companies,company_share,ci_low,ci_high,\
         need_segments,need_companies,need_share,need_ci_low,need_ci_high,direct_companies,\
         direct_need_companies\n\
         automation,Automation,specialist,,0,bredd,3,3,2,2,1.0,0.3424,1.0,1,1,0.5,0.0945,0.9055,2,0\n\
         plc,PLC,specialist,automation,1,spets,1,1,1,1,0.5,0.0945,0.9055,1,1,0.5,0.0945,0.9055,1,1\n\
         gjutning,Gjutning,domain,,0,,2,2,2,2,1.0,0.3424,1.0,1,1,0.5,0.0945,0.9055,2,1\n"
    );
    assert_eq!(
        w.read("output/company_codes.csv"),
        "company,code,segments,mentions,need_segments\n\
         B1,automation,1,1,0\nB1,gjutning,1,1,0\n\
         K1,automation,2,2,1\nK1,plc,1,1,1\nK1,gjutning,1,1,1\n"
    );
    assert_eq!(
        w.read("output/by_sector.csv"),
        "sector,code,companies,group_companies,share,need_companies,need_share\n\
         logistik,automation,1,1,1.0,0,0.0\nlogistik,plc,0,1,0.0,0,0.0\nlogistik,gjutning,1,1,1.0,0,0.0\n\
         tillverkning,automation,1,1,1.0,1,1.0\ntillverkning,plc,1,1,1.0,1,1.0\n\
         tillverkning,gjutning,1,1,1.0,1,1.0\n"
    );
    assert_eq!(
        w.read("output/cooccurrence.csv"),
        "code_a,code_b,segments,companies,jaccard\n\
         automation,gjutning,2,2,0.6667\n\
         gjutning,plc,1,1,0.5\n"
    );
    assert_eq!(
        w.read("output/quotes.csv"),
        "code,interview,company,segment,text\n\
         automation,A1,K1,2,\"Ja, PLC-programmering och pressgjutning.\"\n\
         plc,A1,K1,2,\"Ja, PLC-programmering och pressgjutning.\"\n\
         gjutning,A1,K1,2,\"Ja, PLC-programmering och pressgjutning.\"\n"
    );
    for t in [
        "segments",
        "codes",
        "company_codes",
        "by_sector",
        "cooccurrence",
        "quotes",
    ] {
        let pq = fs::read(w.path(&format!("output/{t}.parquet"))).unwrap();
        assert_eq!(&pq[..4], b"PAR1", "{t}.parquet");
    }
    let m: serde_json::Value = serde_json::from_str(&w.read("output/manifest.json")).unwrap();
    assert_eq!(m["tool"], "skillgap");
    assert_eq!(m["codebook"]["name"], "Test");
    assert_eq!(m["codebook"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["inputs"].as_array().unwrap().len(), 3);
    assert_eq!(m["counts"]["interviews"], 2);
    assert_eq!(m["counts"]["companies"], 2);
    assert_eq!(m["counts"]["segments"], 4);
    assert_eq!(m["counts"]["coded_segments"], 3);
    assert_eq!(m["counts"]["codes"], 3);
}

#[test]
fn rerun_is_byte_identical() {
    let w = study();
    w.ok(&["run", "--out", "a", "-q"]);
    w.ok(&["run", "--out", "b", "-q", "--threads", "1"]);
    let (a, b) = (w.snapshot("a"), w.snapshot("b"));
    assert_eq!(a.len(), 18);
    // The tables are byte-identical; the manifest and the reports carry the run's time.
    for (name, bytes) in &a {
        if name.ends_with(".csv") || name.ends_with(".parquet") {
            assert!(b[name] == *bytes, "{name} differs between runs");
        }
    }
}

#[test]
fn reruns_reuse_the_parse_cache_and_give_the_same_tables() {
    let w = study();
    let manifest = |dir: &str| -> serde_json::Value {
        serde_json::from_str(&w.read(&format!("{dir}/manifest.json"))).unwrap()
    };
    w.ok(&["run", "-q", "--out", "a"]);
    assert_eq!(manifest("a")["counts"]["cached_files"], 0);
    assert_eq!(fs::read_dir(w.path(".skillgap-cache")).unwrap().count(), 2);
    // A codebook change: both transcripts come from the cache, tables as from a fresh parse.
    w.write(
        "codebook/skills.toml",
        CODEBOOK.replace("\"gjuteri\"", "\"gjuteri\", \"pressgjutning\""),
    );
    w.ok(&["run", "-q", "--out", "b"]);
    assert_eq!(manifest("b")["counts"]["cached_files"], 2);
    w.ok(&["run", "-q", "--out", "c", "--no-cache"]);
    assert_eq!(manifest("c")["counts"]["cached_files"], 0);
    for t in ["segments.csv", "codes.csv", "quotes.csv", "by_sector.csv"] {
        assert_eq!(w.read(&format!("b/{t}")), w.read(&format!("c/{t}")), "{t}");
    }
    // An edited transcript is parsed again; interviewer labels still follow the codebook.
    w.write(
        "interviews/B1.txt",
        "Moderator: Automation?\nR: Automationen i gjuteriet.\n",
    );
    w.write(
        "codebook/skills.toml",
        CODEBOOK.replace(
            "group_by = [\"sector\"]",
            "group_by = [\"sector\"]\ninterviewer_labels = [\"Moderator\"]",
        ),
    );
    w.ok(&["run", "-q", "--out", "d"]);
    assert_eq!(manifest("d")["counts"]["cached_files"], 1);
    assert!(!w.read("d/segments.csv").contains("B1,B1,1,"));
    w.write("codebook/skills.toml", CODEBOOK);
    w.ok(&["run", "-q", "--out", "e"]);
    assert_eq!(manifest("e")["counts"]["cached_files"], 2);
    assert!(w
        .read("e/segments.csv")
        .contains("B1,B1,1,Moderator,respondent,automation,auto,"));
    // The cache is safe to delete.
    fs::remove_dir_all(w.path(".skillgap-cache")).unwrap();
    w.ok(&["run", "-q", "--out", "f", "--cache", "elsewhere"]);
    assert_eq!(fs::read_dir(w.path("elsewhere")).unwrap().count(), 2);
}

#[test]
fn check_lists_every_problem_and_writes_nothing() {
    let w = study();
    w.write(
        "codebook/skills.toml",
        "name = \"x\"\n[[codes]]\nid = \"ai\"\nterms = [\"AI\"]\n\
         [[codes]]\nid = \"ai\"\nterms = [\"ML\"]\n\
         [[codes]]\nid = \"data\"\nparent = \"nosuchcode\"\nregex = [\"data(analys\"]\n",
    );
    w.write(
        "interviews/C1.md",
        "---\nsector: it\n---\nR: Vi behöver AI. [#robots]\n",
    );
    let out = w.fails(&["check"], 1);
    assert_eq!(
        out,
        "codebook/skills.toml:6: error: duplicate code id `ai` (first defined on line 3)\n\
         codebook/skills.toml:11: error: code `data`: invalid regex `data(analys`: unclosed group\n\
         codebook/skills.toml:10: error: code `data`: parent `nosuchcode` is not defined in this codebook\n\
         check: 3 errors and 0 warnings\n"
    );
    assert!(!w.path("output").exists());

    // With a valid codebook, the unknown manual code is found with its place.
    w.write("codebook/skills.toml", CODEBOOK);
    let out = w.fails(&["check"], 1);
    assert_eq!(
        out,
        "interviews/C1.md:4: error: manual code `#robots` is not defined in the codebook codebook/skills.toml\n\
         check: 1 error and 0 warnings\n"
    );
    w.write(
        "interviews/C1.md",
        "---\nsector: it\n---\nR: Vi behöver AI.\n",
    );
    assert_eq!(
        w.ok(&["check"]),
        "check: ok: 3 codes, 3 interviews, 5 segments; 0 warnings\n"
    );
}

#[test]
fn failed_run_leaves_previous_output_and_inputs_untouched() {
    let w = study();
    w.ok(&["run", "-q"]);
    let before = w.snapshot("output");
    let inputs = w.snapshot("interviews");
    w.write(
        "interviews/metadata.csv",
        "interview,sector\nB1,logistik\nA1,jordbruk\n",
    );
    let inputs_broken = w.snapshot("interviews");
    let err = w.fails(&["run"], 1);
    assert_eq!(
        err,
        "interviews/metadata.csv:3: error: `sector` of interview `A1` is `jordbruk` here but \
         `tillverkning` in interviews/A1.md:4\n\
         skillgap: 1 error in the input; nothing was written\n"
    );
    assert_eq!(w.snapshot("output"), before);
    assert_eq!(w.snapshot("interviews"), inputs_broken);
    assert_ne!(inputs, inputs_broken);
    let leftovers: Vec<String> = fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".skillgap-cache")
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn other_encodings_are_decoded_with_a_warning_and_binary_is_refused() {
    let w = study();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "R: Vi saknar styrsystem.\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    w.write("interviews/C1.md", utf16);
    w.write("interviews/D1.md", b"R: Gjuteriet beh\xF6ver automation.\n");
    let out = w.cmd(&["run", "-q"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "interviews/C1.md: warning: decoded from UTF-16LE; save it as UTF-8 to silence this\n\
         interviews/D1.md: warning: decoded from windows-1252; save it as UTF-8 to silence this\n\
         codebook/skills.toml: warning: group_by attribute `sector` is missing for 2 interviews: C1, D1\n"
    );
    let segs = w.read("output/segments.csv");
    assert!(
        segs.contains("C1,C1,1,R,respondent,plc,auto,styrsystem,10,20,false,need,styrsystem\n"),
        "{segs}"
    );
    assert!(
        segs.contains(
            "D1,D1,1,R,respondent,automation,auto,automation*,18,28,false,need,automation\n"
        ),
        "{segs}"
    );
    let m = w.read("output/manifest.json");
    assert!(m.contains("\"encoding\": \"windows-1252\""), "{m}");

    w.write("interviews/E1.md", b"R: ok\nR: \x00\x01\x02\x03");
    let err = w.fails(&["run"], 1);
    assert!(
        err.contains("\ninterviews/E1.md:2: error: file is not text in UTF-8"),
        "{err}"
    );
    assert!(
        err.ends_with("skillgap: 1 error in the input; nothing was written\n"),
        "{err}"
    );
}

#[test]
fn roles_follow_the_codebook() {
    let w = study();
    // `Moderator` becomes an interviewer label; code_interviewer codes interviewer turns too.
    w.write(
        "codebook/skills.toml",
        CODEBOOK.replace(
            "group_by = [\"sector\"]",
            "group_by = [\"sector\"]\ninterviewer_labels = [\"Moderator\"]",
        ),
    );
    w.write("interviews/C1.md", "Moderator: Har ni PLC?\nR: Nej.\n");
    w.ok(&["run", "-q"]);
    assert!(!w.read("output/segments.csv").contains("C1,"));
    w.write(
        "codebook/skills.toml",
        CODEBOOK.replace(
            "group_by = [\"sector\"]",
            "group_by = [\"sector\"]\ncode_interviewer = true",
        ),
    );
    w.ok(&["run", "-q"]);
    let segs = w.read("output/segments.csv");
    assert!(
        segs.contains("C1,C1,1,Moderator,respondent,plc,auto,PLC,"),
        "{segs}"
    );
    assert!(
        segs.contains("A1,K1,1,I,interviewer,plc,auto,PLC,"),
        "{segs}"
    );
}

#[test]
fn bad_usage_names_the_flag_and_touches_nothing() {
    let w = study();
    let err = w.fails(&["run", "--interviews", "nope"], 2);
    assert_eq!(
        err,
        "skillgap: --interviews: `nope` is not a folder, a REFI-QDA project (*.qdpx) or a table of one document per row (*.csv, *.jsonl) (run from the project folder, or pass --interviews DIR)\n"
    );
    let err = w.fails(&["check", "--codebook", "nope.toml"], 2);
    assert!(
        err.contains("--codebook: `nope.toml` is not a file"),
        "{err}"
    );
    w.write("src/main.rs", "fn main() {}");
    let err = w.fails(&["run", "--out", "src"], 2);
    assert!(
        err.contains("`src` exists and is not a skillgap output folder"),
        "{err}"
    );
    assert_eq!(w.read("src/main.rs"), "fn main() {}");
    let err = w.fails(&["run", "--out", "interviews"], 2);
    assert!(err.contains("would replace the interviews folder"), "{err}");
    let err = w.fails(&["run", "--threads", "0"], 2);
    assert!(err.contains("--threads must be at least 1"), "{err}");
}

#[test]
fn empty_folder_and_turnless_file_are_reported() {
    let w = Workdir::new();
    w.write("codebook/skills.toml", CODEBOOK);
    fs::create_dir_all(w.path("interviews")).unwrap();
    let err = w.fails(&["run"], 1);
    assert_eq!(
        err,
        "interviews: error: no transcripts (*.md, *.txt, *.docx, *.vtt or *.srt) in this folder\n\
         skillgap: 1 error in the input; nothing was written\n"
    );
    w.write("interviews/A.md", "Bara prosa utan talare.\n");
    let out = w.cmd(&["run", "-q"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "interviews/A.md: warning: no speaker turns found (a turn starts with `Label:` or \
         `[Label]`); nothing in this file is coded (if all of it is one speaker's, put `R:` \
         before its text)"
    ));
}

// ---------------------------------------------------------------------------------------------
// Reports and disclosure control.

/// The cells of a workbook sheet as strings: numbers as written by `{}`, empty cells as "".
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

/// A CSV file as rows of strings, header included.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn same_value(csv: &str, xlsx: &str) -> bool {
    match (csv.parse::<f64>(), xlsx.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() < 1e-12,
        _ => csv == xlsx,
    }
}

#[test]
fn workbook_sheets_hold_the_tables_values() {
    let w = study();
    w.ok(&["run", "-q"]);
    let xlsx = w.path("output/report.xlsx");
    // Sheets are named, and headed, in the report's language; the values are the CSV's.
    for (table, name) in [
        ("codes", "Koder"),
        ("company_codes", "Företag och koder"),
        ("by_sector", "per sector"),
        ("cooccurrence", "Samförekomst"),
        ("quotes", "Citat"),
        ("segments", "Segment"),
    ] {
        let want = csv_rows(&w.path(&format!("output/{table}.csv")));
        let got = sheet(&xlsx, name);
        assert_eq!(got.len(), want.len(), "{table}: row count");
        for (r, (g, c)) in got.iter().zip(&want).enumerate().skip(1) {
            for (col, cell) in c.iter().enumerate() {
                let x = g.get(col).map(String::as_str).unwrap_or("");
                assert!(
                    same_value(cell, x),
                    "{table} row {r} col {col}: csv {cell:?} xlsx {x:?}"
                );
            }
        }
    }
    assert_eq!(
        sheet(&xlsx, "Koder")[0][..8],
        [
            "Kod",
            "Benämning",
            "Kategori",
            "Överordnad kod",
            "Nivå",
            "level",
            "Segment",
            "Omnämnanden"
        ]
    );
    assert_eq!(
        sheet(&xlsx, "per sector")[0],
        [
            "sector",
            "Kod",
            "Företag",
            "Företag i gruppen",
            "Andel",
            "Företag med behov",
            "Andel med behov"
        ]
    );
    assert_eq!(
        sheet(&xlsx, "Företag × kod"),
        [
            vec!["Företag", "Automation", "PLC", "Gjutning"],
            vec!["kod-id", "automation", "plc", "gjutning"],
            vec!["B1", "1", "0", "1"],
            vec!["K1", "2", "1", "1"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .collect::<Vec<_>>()
    );
    // A1 carries a manual code: the run compares its two respondent turns. automation is
    // automatic in the first (through plc) and manual in the second: kappa (0 − 0.5)/0.5 = −1.
    let agreement = sheet(&xlsx, "Överensstämmelse");
    assert_eq!(
        agreement[0],
        [
            "Kod",
            "Benämning",
            "Automatisk",
            "Manuell",
            "Båda",
            "Precision",
            "Täckning (recall)",
            "F1",
            "Kappa"
        ]
    );
    assert_eq!(
        agreement[1],
        [
            "automation",
            "Automation",
            "1",
            "1",
            "0",
            "0",
            "0",
            "0",
            "-1"
        ]
    );
    assert!(w
        .read("output/report.html")
        .contains("i de 1 intervjuer som har manuella koder (2 svarssegment)"));
    let about = sheet(&xlsx, "Om rapporten");
    assert_eq!(about[0], ["Kodbok", "Test"]);
    assert_eq!(about[3], ["Intervjuer", "2"]);
    assert_eq!(about[10], ["Minsta cellstorlek (min_cell)", "ingen"]);

    let html = w.read("output/report.html");
    assert!(html.contains("<svg"), "no chart");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "network reference"
    );
    let md = w.read("output/summary.md");
    assert!(
        md.starts_with("# Test 1\n\n2 intervjuer, 2 företag, 4 segment (3 kodade). Körning "),
        "{md}"
    );
    assert!(
        md.contains("| Gjutning (`gjutning`) | domain | 1/2 | 50 % | 9 %–91 % |  | 2/2 |\n"),
        "{md}"
    );
    assert!(md.contains("| PLC | Gjutning | 1/2 | 1 |\n"), "{md}");

    w.ok(&["run", "-q", "--lang", "en", "--out", "en"]);
    assert!(w
        .read("en/summary.md")
        .contains("## Skills in demand (top 15)"));
    let en = w.path("en/report.xlsx");
    assert_eq!(sheet(&en, "About")[0], ["Codebook", "Test"]);
    assert_eq!(sheet(&en, "Codes")[0][..3], ["Code", "Label", "Category"]);
    assert_eq!(sheet(&en, "by sector")[0][4], "Share");
}

#[test]
fn publication_mode_suppresses_small_counts_and_leaves_out_text() {
    let w = study();
    let stdout = w.ok(&["run", "--min-cell", "2"]);
    assert!(stdout.ends_with("wrote 16 files to output\n"), "{stdout}");
    assert_eq!(
        w.read("output/codes.csv"),
        "code,label,category,parent,depth,level,segments,mentions,interviews,companies,company_share,ci_low,ci_high,\
         need_segments,need_companies,need_share,need_ci_low,need_ci_high,direct_companies,\
         direct_need_companies,suppressed\n\
         automation,Automation,specialist,,0,bredd,3,3,,,,,,1,,,,,,0,true\n\
         plc,PLC,specialist,automation,1,spets,1,1,,,,,,1,,,,,,,true\n\
         gjutning,Gjutning,domain,,0,,2,2,,,,,,1,,,,,,,true\n"
    );
    // Both groups have one company: suppressed whole, never shown as 0. With two companies in
    // all, each group's size follows, and so would each code's cells from its total: the totals
    // of the codes go too (secondary suppression).
    assert_eq!(
        w.read("output/by_sector.csv"),
        "sector,code,companies,group_companies,share,need_companies,need_share,suppressed\n\
         logistik,automation,,,,,,true\nlogistik,plc,,,,,,true\nlogistik,gjutning,,,,,,true\n\
         tillverkning,automation,,,,,,true\ntillverkning,plc,,,,,,true\n\
         tillverkning,gjutning,,,,,,true\n"
    );
    assert_eq!(
        w.read("output/cooccurrence.csv"),
        "code_a,code_b,segments,companies,jaccard,suppressed\n\
         automation,gjutning,2,2,0.6667,false\n\
         gjutning,plc,1,,0.5,true\n"
    );
    assert!(!w.path("output/quotes.csv").exists());
    assert!(!w.path("output/quotes.parquet").exists());
    for row in csv_rows(&w.path("output/segments.csv")).iter().skip(1) {
        assert_eq!(row[12], "", "text written in publication mode: {row:?}");
    }
    let html = w.read("output/report.html");
    assert!(
        !html.contains("pressgjutning."),
        "transcript text in the report"
    );
    let codes = sheet(&w.path("output/report.xlsx"), "Koder");
    assert_eq!(codes[2][9], "<2");
    let m: serde_json::Value = serde_json::from_str(&w.read("output/manifest.json")).unwrap();
    assert_eq!(m["options"]["min_cell"], 2);
    assert_eq!(m["options"]["include_text"], false);

    // The codebook's min_cell does the same; --include-text brings the text back.
    w.write(
        "codebook/skills.toml",
        CODEBOOK.replace("version = \"1\"", "version = \"1\"\nmin_cell = 2"),
    );
    w.ok(&["run", "-q", "--include-text"]);
    assert!(w
        .read("output/codes.csv")
        .contains("plc,PLC,specialist,automation,1,spets,1,1,,,,,,1,,,,,,,true\n"));
    // Quotes are need: the answer to the need question, not B1's description of its foundry.
    assert!(w
        .read("output/quotes.csv")
        .contains("gjutning,A1,K1,2,\"Ja, PLC-programmering och pressgjutning.\"\n"));
    assert!(w
        .read("output/segments.csv")
        .contains(",false,need,pressgjutning\n"));
}

#[test]
fn pseudonyms_are_stable_per_key_and_hide_every_id() {
    let w = study();
    w.write("key.txt", "en hemlig nyckel\n");
    w.ok(&[
        "run",
        "-q",
        "--pseudonymize",
        "--salt-file",
        "key.txt",
        "--out",
        "a",
    ]);
    w.ok(&[
        "run",
        "-q",
        "--pseudonymize",
        "--salt",
        "en hemlig nyckel",
        "--out",
        "b",
    ]);
    w.ok(&[
        "run",
        "-q",
        "--pseudonymize",
        "--salt",
        "en annan nyckel",
        "--out",
        "c",
    ]);
    let a = w.read("a/segments.csv");
    assert_eq!(a, w.read("b/segments.csv"));
    assert_ne!(a, w.read("c/segments.csv"));
    let ids: BTreeSet<String> = csv_rows(&w.path("a/segments.csv"))
        .iter()
        .skip(1)
        .flat_map(|r| [r[0].clone(), r[1].clone(), r[3].clone()])
        .collect();
    assert!(
        ids.iter()
            .all(|id| id.starts_with("I-") || id.starts_with("C-") || id.starts_with('R')),
        "{ids:?}"
    );
    for f in fs::read_dir(w.path("a")).unwrap() {
        let p = f.unwrap().path();
        if p.extension()
            .is_some_and(|e| e == "csv" || e == "html" || e == "md" || e == "json")
        {
            let text = fs::read_to_string(&p).unwrap();
            for id in ["K1", "A1", "B1", "A1.md"] {
                assert!(
                    !text.contains(&format!(",{id},"))
                        && !text.contains(&format!("\"{id}"))
                        && !text.contains(&format!("/{id}")),
                    "{} reveals {id}",
                    p.display()
                );
            }
        }
    }
    let err = w.fails(&["run", "--pseudonymize"], 2);
    assert!(err.contains("--pseudonymize needs a secret key"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The codebook loop: kwic, codebook export/import, diff.

#[test]
fn kwic_shows_matches_in_context_with_marks() {
    let w = study();
    assert_eq!(
        w.ok(&["kwic", "plc", "--width", "12"]),
        "A1:1  I  int        Behöver ni [PLC] ?             (plc via PLC)\n\
         A1:2  R                    Ja, [PLC] -programmeri  (plc via PLC)\n\
         A1:3  R  neg       Vi har inte [styrsystem] idag.         (plc via styrsystem)\n\
         3 matches of code `plc` and its sub-codes: 1 counted, 1 negated (neg), 1 in turns not coded (int)\n"
    );
    // A code includes its sub-codes.
    assert!(w.ok(&["kwic", "automation"]).starts_with("A1:1  I  int"));
    // A term that is not a code id is matched with term semantics: a prefix glob.
    assert_eq!(
        w.ok(&["kwic", "gjut*", "--width", "12"]),
        "B1:1  R           tomationen i [gjuteriet] .\n\
         1 match of term `gjut*`: 1 counted, 0 negated (neg), 0 in turns not coded (int)\n"
    );
    assert_eq!(
        w.ok(&["kwic", "--regex", "pressgjut\\w+", "--csv"]),
        "interview,segment,speaker,role,code,term,negated,coded,left,match,right\n\
         A1,2,R,respondent,,pressgjut\\w+,false,true,\"Ja, PLC-programmering och\",pressgjutning,.\n"
    );
    assert_eq!(
        w.fails(&["kwic", "--regex", "a(b"], 2),
        "skillgap: --regex `a(b`: unclosed group\n"
    );
    assert_eq!(w.fails(&["kwic", "ma*skin"], 2).lines().count(), 1);
}

#[test]
fn check_lints_the_codebook_against_the_corpus() {
    let w = study();
    w.write(
        "codebook/skills.toml",
        CODEBOOK.replace(
            "terms = [\"PLC\", \"styrsystem\"]",
            "terms = [\"PLC\", \"styrsystem\", \"plcer\", \"och\"]",
        ) + "\n[[codes]]\nid = \"ai\"\nterms = [\"AI\"]\n",
    );
    assert_eq!(
        w.ok(&["check"]),
        "codebook/skills.toml:12: warning: code `plc`: term `och` is a stop word and matches almost any turn\n\
         codebook/skills.toml:12: warning: code `plc`: 1 term or pattern matches nothing in the corpus: `plcer`\n\
         codebook/skills.toml:26: warning: code `ai`: 1 term or pattern matches nothing in the corpus: `AI`\n\
         codebook/skills.toml:26: warning: code `ai` is never coded in this corpus\n\
         check: ok: 4 codes, 2 interviews, 4 segments; 4 warnings\n"
    );
}

#[test]
fn codebook_export_import_and_csv_runs_agree() {
    let w = study();
    let csv = w.ok(&["codebook", "export"]);
    assert_eq!(
        csv,
        "id,label,category,parent,facet:level,description,language,terms,exclude,regex\n\
         @name,Test,,,,,,,,\n@version,1,,,,,,,,\n@language,sv,,,,,,,,\n\
         @negation,,,,,,,,,\n@extra_negation,,,,,,,,,\n@negation_window,,,,,,,,,\n\
         @gap_phrases,,,,,,,,,\n@extra_gap_phrases,,,,,,,,,\n@need_cues,,,,,,,,,\n\
         @extra_need_cues,,,,,,,,,\n@stance,true,,,,,,,,\n@compounds,auto,,,,,,,,\n\
         @interviewer_labels,,,,,,,,,\n@code_interviewer,false,,,,,,,,\n\
         @group_by,sector,,,,,,,,\n@min_cell,0,,,,,,,,\n\
         automation,Automation,specialist,,bredd,,,automation*,,\n\
         plc,PLC,specialist,automation,spets,,,PLC; styrsystem,,\n\
         gjutning,Gjutning,domain,,,,,*gjutning; gjuteri,,\n"
    );
    w.ok(&["codebook", "export", "--format", "csv", "-o", "cb.csv"]);
    // The file starts with a byte-order mark, so that Excel reads it as UTF-8.
    assert_eq!(w.read("cb.csv"), format!("\u{feff}{csv}"));
    w.ok(&["codebook", "import", "cb.csv", "-o", "back.toml"]);
    w.ok(&["run", "-q", "--out", "toml"]);
    w.ok(&["run", "-q", "--codebook", "cb.csv", "--out", "csv"]);
    w.ok(&["run", "-q", "--codebook", "back.toml", "--out", "back"]);
    for t in [
        "codes.csv",
        "segments.csv",
        "cooccurrence.csv",
        "by_sector.csv",
    ] {
        assert_eq!(
            w.read(&format!("toml/{t}")),
            w.read(&format!("csv/{t}")),
            "{t}"
        );
        assert_eq!(
            w.read(&format!("toml/{t}")),
            w.read(&format!("back/{t}")),
            "{t}"
        );
    }
    // A broken CSV codebook is reported at its rows.
    w.write("bad.csv", "id,terms,regex\nai,AI,\nai,ML,\nx,,a(b\n");
    assert_eq!(
        w.fails(&["check", "--codebook", "bad.csv"], 1),
        "bad.csv:3: error: duplicate code id `ai` (first defined on line 2)\n\
         bad.csv:4: error: code `x`: invalid regex `a(b`: unclosed group\n\
         bad.csv: warning: the codebook has no `name`; reports will call it by its file name\n\
         check: 2 errors and 1 warning\n"
    );
    let err = w.fails(&["codebook", "import", "cb.csv", "-o", "cb.csv"], 2);
    assert!(err.contains("is the codebook being read"), "{err}");
}

#[test]
fn diff_reports_code_and_segment_changes() {
    let w = study();
    w.ok(&["run", "-q", "--out", "old"]);
    // Drop the glob that found `pressgjutning`, relabel plc and add a code.
    w.write(
        "codebook/skills.toml",
        CODEBOOK
            .replace(
                "terms = [\"*gjutning\", \"gjuteri\"]",
                "terms = [\"gjuteri\"]",
            )
            .replace("label = \"PLC\"", "label = \"PLC och styrsystem\"")
            + "\n[[codes]]\nid = \"programmering\"\nterms = [\"programmering\"]\n",
    );
    w.ok(&["run", "-q", "--out", "new"]);
    let out = w.ok(&["diff", "old", "new"]);
    let body: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(
        body,
        [
            "codes added: programmering",
            "codes relabelled: plc",
            "counts changed for 2 codes:",
            "  gjutning       companies 2 -> 1 (-1), mentions 2 -> 1 (-1), segments 2 -> 1 (-1)",
            "  programmering  companies - -> 1, mentions - -> 1, segments - -> 1",
            "segments: 1 newly coded, 1 no longer coded",
            "  + A1:2  programmering  \"programmering\" (term programmering)",
            "  - A1:2  gjutning  \"pressgjutning\" (term *gjutning)",
            "wrote new/diff.csv",
        ]
    );
    assert!(
        out.starts_with("old: old (Test 1, codebook sha256 "),
        "{out}"
    );
    assert_eq!(
        w.read("new/diff.csv"),
        "change,code,measure,old,new,interview,segment,term,text\n\
         code_added,programmering,label,,programmering,,,,\n\
         code_relabelled,plc,label,PLC,PLC och styrsystem,,,,\n\
         count_changed,gjutning,companies,2,1,,,,\n\
         count_changed,gjutning,mentions,2,1,,,,\n\
         count_changed,gjutning,segments,2,1,,,,\n\
         count_changed,programmering,companies,,1,,,,\n\
         count_changed,programmering,mentions,,1,,,,\n\
         count_changed,programmering,segments,,1,,,,\n\
         segment_coded,programmering,,,,A1,2,programmering,programmering\n\
         segment_uncoded,gjutning,,,,A1,2,*gjutning,pressgjutning\n"
    );
    let err = w.fails(&["diff", "old", "interviews"], 2);
    assert_eq!(
        err,
        "skillgap: `interviews` is not a skillgap output folder (it has no manifest.json written by skillgap)\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Golden files: the shipped sample's demand tables.

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_tables_match_golden_files() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["run", "-q", "--out"])
        .arg(out.path().join("o"))
        .current_dir(repo())
        .status()
        .unwrap();
    assert!(status.success());
    let bless = std::env::var_os("SKILLGAP_BLESS").is_some();
    for table in ["codes", "combination", "cooccurrence"] {
        let got = fs::read_to_string(out.path().join(format!("o/{table}.csv"))).unwrap();
        let golden = repo().join(format!("tests/golden/{table}.csv"));
        if bless {
            fs::create_dir_all(golden.parent().unwrap()).unwrap();
            fs::write(&golden, &got).unwrap();
        }
        let want = fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; create it with SKILLGAP_BLESS=1 cargo test --release",
                golden.display()
            )
        });
        assert!(
            got == want,
            "{table}.csv differs from {}; if the change is intended, rerun with SKILLGAP_BLESS=1 \
             and review the diff",
            golden.display()
        );
    }
}

#[test]
fn sample_in_publication_mode_with_pseudonyms_discloses_nothing_small_or_identifying() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("pub");
    let status = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args([
            "run",
            "-q",
            "--min-cell",
            "3",
            "--pseudonymize",
            "--salt",
            "prov",
            "--out",
        ])
        .arg(&o)
        .current_dir(repo())
        .status()
        .unwrap();
    assert!(status.success());
    let mut suppressed = 0;
    for name in [
        "codes",
        "cooccurrence",
        "by_sector",
        "by_size",
        "by_subregion",
    ] {
        let rows = read_csv(&o.join(format!("{name}.csv")));
        assert!(!rows.is_empty());
        for row in rows {
            for col in ["companies", "group_companies"] {
                if let Some(v) = row.get(col) {
                    assert!(v != "1" && v != "2", "{name}: {col} = {v} in {row:?}");
                    if v.is_empty() {
                        assert_eq!(
                            row["suppressed"], "true",
                            "{name}: blank but not marked: {row:?}"
                        );
                        suppressed += 1;
                    }
                }
            }
        }
    }
    assert!(
        suppressed > 20,
        "the sample has many small cells; only {suppressed} suppressed"
    );
    assert!(!o.join("quotes.csv").exists());
    assert!(read_csv(&o.join("segments.csv"))
        .iter()
        .all(|r| r["text"].is_empty()));
    // No original company or interview id, and no speaker name, in any text output.
    for f in fs::read_dir(&o).unwrap() {
        let p = f.unwrap().path();
        if p.extension()
            .is_some_and(|e| e == "csv" || e == "html" || e == "md" || e == "json")
        {
            let text = fs::read_to_string(&p).unwrap();
            for n in 1..=14 {
                for id in [format!("C{n:02}"), format!("IP{n:02}")] {
                    assert!(!text.contains(&id), "{} contains {id}", p.display());
                }
            }
            assert!(
                !text.contains("Lena K."),
                "{} contains a speaker name",
                p.display()
            );
        }
    }
}

#[test]
fn parallel_and_single_threaded_runs_agree_on_a_generated_corpus() {
    let w = Workdir::new();
    let generated = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .arg("--out")
        .arg(w.path("interviews"))
        .args(["--interviews", "150", "--seed", "7", "--vocab", ""])
        .arg("--codebook")
        .arg(repo().join("codebook/skills.toml"))
        .output();
    match generated {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!("skipped: bench/gen_corpus.py needs python3 3.11+ ({other:?})");
            return;
        }
    }
    w.write(
        "codebook/skills.toml",
        fs::read(repo().join("codebook/skills.toml")).unwrap(),
    );
    w.ok(&["run", "-q", "--no-cache", "--threads", "1", "--out", "one"]);
    w.ok(&["run", "-q", "--no-cache", "--threads", "2", "--out", "two"]);
    let (one, two) = (w.snapshot("one"), w.snapshot("two"));
    let tables: Vec<&String> = one
        .keys()
        .filter(|n| n.ends_with(".csv") || n.ends_with(".parquet"))
        .collect();
    assert_eq!(tables.len(), 18);
    for name in tables {
        assert!(
            one[name] == two[name],
            "{name} differs between 1 and 2 threads"
        );
    }
    let segments = w.read("one/segments.csv");
    assert!(
        segments.lines().count() > 1000,
        "the generated corpus codes too little"
    );
}

// ---------------------------------------------------------------------------------------------
// Property: the `codes` counts equal a naive recount from the `segments` rows.

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .map(str::to_owned)
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A generated turn: interviewer?, word ids, manual code.
type GenTurn = (bool, Vec<usize>, Option<usize>);

#[derive(Debug, Clone)]
struct GenStudy {
    /// parent of code i: an index below i, or none
    parents: Vec<Option<usize>>,
    /// per interview: company number and turns (interviewer?, words, manual code)
    interviews: Vec<(usize, Vec<GenTurn>)>,
}

const WORDS: [&str; 8] = [
    "och", "inte", "vi", "behöver", "robotar", "AI", "data", "folk",
];

fn gen_study() -> impl Strategy<Value = GenStudy> {
    (1usize..6).prop_flat_map(|n_codes| {
        let parents = (0..n_codes)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![Just(None), (0..i).prop_map(Some)].boxed()
                }
            })
            .collect::<Vec<_>>();
        // word ids: 0..8 are WORDS, 8.. are code words `kod{i}`
        let word = 0..(8 + n_codes);
        let turn = (
            any::<bool>(),
            prop::collection::vec(word, 0..12),
            prop::option::weighted(0.2, 0..n_codes),
        );
        let interview = (0usize..4, prop::collection::vec(turn, 1..6));
        (parents, prop::collection::vec(interview, 1..6)).prop_map(|(parents, interviews)| {
            GenStudy {
                parents,
                interviews,
            }
        })
    })
}

fn write_study(w: &Workdir, s: &GenStudy) {
    let mut cb = String::from("name = \"gen\"\ngroup_by = []\n");
    for (i, p) in s.parents.iter().enumerate() {
        cb.push_str(&format!("[[codes]]\nid = \"k{i}\"\nterms = [\"kod{i}\"]\n"));
        if let Some(p) = p {
            cb.push_str(&format!("parent = \"k{p}\"\n"));
        }
    }
    w.write("codebook/skills.toml", cb);
    for (n, (company, turns)) in s.interviews.iter().enumerate() {
        let mut t = format!("---\ncompany: F{company}\n---\n");
        for (interviewer, words, manual) in turns {
            t.push_str(if *interviewer { "I: " } else { "R: " });
            let ws: Vec<String> = words
                .iter()
                .map(|&w| {
                    if w < 8 {
                        WORDS[w].to_owned()
                    } else {
                        format!("kod{}", w - 8)
                    }
                })
                .collect();
            t.push_str(&ws.join(" "));
            if let Some(m) = manual {
                t.push_str(&format!(" [#k{m}]"));
            }
            t.push('\n');
        }
        w.write(&format!("interviews/iv{n}.md"), t);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn codes_counts_equal_a_naive_recount_from_segments(s in gen_study()) {
        let w = Workdir::new();
        write_study(&w, &s);
        let inputs = skillgap::config::Inputs::new(&w.path("interviews"), &w.path("codebook/skills.toml")).unwrap();
        let cfg = skillgap::config::RunConfig::new(inputs, &w.path("out"), false).unwrap();
        skillgap::run(&cfg).unwrap();

        let ancestors = |mut i: usize| {
            let mut out = vec![i];
            while let Some(p) = s.parents[i] { out.push(p); i = p; }
            out
        };
        // code -> (segments, mentions, interviews, companies)
        type Sets = (BTreeSet<(String, String)>, usize, BTreeSet<String>, BTreeSet<String>);
        let mut want: BTreeMap<String, Sets> = BTreeMap::new();
        for row in read_csv(&w.path("out/segments.csv")) {
            if row["negated"] == "true" { continue; }
            let code: usize = row["code"][1..].parse().unwrap();
            for a in ancestors(code) {
                let e = want.entry(format!("k{a}")).or_default();
                e.0.insert((row["interview"].clone(), row["segment"].clone()));
                e.1 += 1;
                e.2.insert(row["interview"].clone());
                e.3.insert(row["company"].clone());
            }
        }
        let companies: BTreeSet<usize> = s.interviews.iter().map(|(c, _)| *c).collect();
        let codes = read_csv(&w.path("out/codes.csv"));
        prop_assert_eq!(codes.len(), s.parents.len());
        for row in codes {
            let (segs, mentions, ivs, comps) = want.remove(&row["code"]).unwrap_or_default();
            prop_assert_eq!(&row["segments"], &segs.len().to_string(), "segments of {}", &row["code"]);
            prop_assert_eq!(&row["mentions"], &mentions.to_string());
            prop_assert_eq!(&row["interviews"], &ivs.len().to_string());
            prop_assert_eq!(&row["companies"], &comps.len().to_string());
            let share: f64 = row["company_share"].parse().unwrap();
            let exact = comps.len() as f64 / companies.len() as f64;
            prop_assert!((share - exact).abs() < 5e-5, "share {} vs {}", share, exact);
        }
        prop_assert!(want.is_empty());

        // And every automatic occurrence is on a respondent turn and is its term's word.
        for row in read_csv(&w.path("out/segments.csv")) {
            if row["source"] == "auto" {
                prop_assert_eq!(&row["role"], "respondent");
                prop_assert_eq!(&row["text"], &format!("kod{}", &row["code"][1..]));
            }
        }
    }
}

#[test]
fn companies_from_the_metadata_sheet_are_counted_once() {
    // B1 and C1 name no company in their front matter; the sheet puts both in K1, the company
    // A1 names itself. D1 is in neither, so it is its own company. C1 has no sector, so K1 is
    // also in the `(missing)` group.
    let w = study();
    w.write("interviews/C1.md", "R: Mer gjuteri.\n")
        .write("interviews/D1.md", "R: Gjuteri.\n")
        .write(
            "interviews/metadata.csv",
            "interview,company,sector\nB1,K1,tillverkning\nC1,K1,\n",
        );
    w.ok(&["run", "-q"]);
    assert_eq!(
        w.read("output/company_codes.csv"),
        "company,code,segments,mentions,need_segments\n\
         D1,gjutning,1,1,0\n\
         K1,automation,3,3,1\nK1,plc,1,1,1\nK1,gjutning,3,3,1\n"
    );
    let codes = w.read("output/codes.csv");
    assert!(
        codes.contains("\ngjutning,Gjutning,domain,,0,,4,4,4,2,1.0,"),
        "{codes}"
    );
    assert_eq!(
        w.read("output/by_sector.csv"),
        "sector,code,companies,group_companies,share,need_companies,need_share\n\
         (missing),automation,1,2,0.5,1,0.5\n(missing),plc,1,2,0.5,1,0.5\n\
         (missing),gjutning,2,2,1.0,1,0.5\n\
         tillverkning,automation,1,1,1.0,1,1.0\ntillverkning,plc,1,1,1.0,1,1.0\n\
         tillverkning,gjutning,1,1,1.0,1,1.0\n"
    );
}

// ---------------------------------------------------------------------------------------------
// No panics on user input: every defect below once panicked, hung, lost output or wrote where
// it should not; each now gets a clean message, a bound or exit 0.

/// Runs `skillgap args` in `w` with `stdout`, killing it after `secs` seconds (a hang is a
/// failure, not a stuck test run).
fn run_bounded(w: &Workdir, args: &[&str], stdout: Stdout, secs: u64) -> Output {
    let close = matches!(stdout, Stdout::Closed);
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .current_dir(w.path(""))
        .stdout(match stdout {
            Stdout::Piped | Stdout::Closed => std::process::Stdio::piped(),
            Stdout::To(f) => f.into(),
        })
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if close {
        // A reader that has gone before the first byte: every write meets a closed pipe.
        drop(child.stdout.take());
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("skillgap {args:?} still ran after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

enum Stdout {
    Piped,
    /// A pipe whose reader has closed it.
    Closed,
    To(fs::File),
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_closed_pipe_is_success_and_other_stdout_errors_are_reported() {
    let w = study();
    w.ok(&["run", "-q", "--out", "old"]);
    w.ok(&["run", "-q", "--out", "new"]);
    for args in [
        &["diff", "old", "new"][..],
        &["check"],
        &["kwic", "automation"],
        &["codebook", "export"],
    ] {
        let out = run_bounded(&w, args, Stdout::Closed, 30);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        assert!(!stderr_of(&out).contains("panicked"), "{args:?}");
    }
    // diff went on and wrote its table.
    assert!(w.read("new/diff.csv").starts_with("change,code,"));
    let full = fs::File::options().write(true).open("/dev/full").unwrap();
    let out = run_bounded(&w, &["check"], Stdout::To(full), 30);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr_of(&out),
        "skillgap: cannot write standard output: No space left on device (os error 28)\n"
    );
}

#[test]
fn diff_reports_a_missing_column_at_its_file_and_line() {
    let w = study();
    w.ok(&["run", "-q", "--out", "old"]);
    w.ok(&["run", "-q", "--out", "new"]);
    // As Swedish Excel saves it: `;`-separated, so there is one column named with all of them.
    let codes = w.read("new/codes.csv").replace(',', ";");
    w.write("new/codes.csv", codes);
    let err = w.fails(&["diff", "old", "new"], 1);
    assert!(
        err.starts_with(
            "new/codes.csv:1: error: has no column `code`; is it a CSV that skillgap wrote"
        ),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let rows = w.read("old/segments.csv");
    let mut lines: Vec<&str> = rows.lines().collect();
    lines.insert(2, "too,few");
    w.write("old/segments.csv", lines.join("\n"));
    w.ok(&["run", "-q", "--out", "new"]);
    let err = w.fails(&["diff", "old", "new"], 1);
    assert!(err.starts_with("old/segments.csv:3: error: "), "{err}");
}

#[test]
fn kwic_bounds_its_context_width() {
    let w = study();
    let err = w.fails(&["kwic", "--width", "100000", "automation"], 2);
    assert_eq!(
        err,
        "skillgap: --width 100000 is more than 10000 characters of context; a whole turn shows \
         with --csv\n"
    );
    let out = w.ok(&["kwic", "--width", "10000", "plc"]);
    assert!(out.contains("[PLC]"), "{out}");
}

#[test]
fn damaged_cache_entries_are_parsed_again_and_change_no_table() {
    let w = study();
    w.ok(&["run", "-q", "--out", "fresh", "--no-cache"]);
    w.ok(&["run", "-q", "--out", "first"]);
    let entries: Vec<PathBuf> = fs::read_dir(w.path(".skillgap-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 2);
    // Flip one byte at a time at a few places in each entry (a count, a span, a character).
    for at in [0.3, 0.5, 0.7, 0.9] {
        for e in &entries {
            let good = fs::read(e).unwrap();
            let mut bad = good.clone();
            let i = (bad.len() as f64 * at) as usize;
            bad[i] ^= 0x04;
            fs::write(e, &bad).unwrap();
        }
        w.ok(&["run", "-q", "--out", "again"]);
        let manifest: serde_json::Value =
            serde_json::from_str(&w.read("again/manifest.json")).unwrap();
        assert_eq!(manifest["counts"]["cached_files"], 0, "at {at}");
        for t in [
            "segments.csv",
            "codes.csv",
            "quotes.csv",
            "cooccurrence.csv",
        ] {
            assert_eq!(
                w.read(&format!("again/{t}")),
                w.read(&format!("fresh/{t}")),
                "{t}"
            );
        }
    }
}

#[test]
fn a_refused_run_writes_nothing_anywhere() {
    let w = study();
    let before = w.snapshot("codebook");
    let err = w.fails(&["run", "--out", "codebook/skills.toml"], 2);
    assert!(
        err.contains("--out `codebook/skills.toml` exists and is not a skillgap output folder (it is a file)"),
        "{err}"
    );
    assert_eq!(w.snapshot("codebook"), before);
    assert!(!w.path(".skillgap-cache").exists());
}

#[test]
fn messages_stay_one_short_line_per_problem() {
    let w = study();
    let long = "x".repeat(1_000_000);
    // A conflict with a value that holds a newline, a second row with a 1 MB value, an
    // interview without a transcript whose id is 1 MB long.
    w.write(
        "interviews/metadata.csv",
        format!("interview,sector\nA1,\"tillv\nerkning\"\nA1,{long}\n{long},it\n"),
    );
    w.write("interviews/ny\nrad.md", b"R: ok\n\x00\x01binary");
    let err = w.fails(&["check"], 1);
    for line in err.lines() {
        assert!(
            line.chars().count() < 300,
            "a line of {} characters",
            line.len()
        );
    }
    let x80 = "x".repeat(80);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "interviews/ny\\nrad.md:2: error: file is not text in UTF-8, UTF-16 (with byte-order \
             mark) or Windows-1252 (control or NUL bytes found); save it as UTF-8",
            "interviews/metadata.csv:4: error: interview `A1` has a second row (first on line 2)",
            "interviews/metadata.csv:2: error: `sector` of interview `A1` is `tillv\\nerkning` \
             here but `tillverkning` in interviews/A1.md:4",
            &format!(
                "interviews/metadata.csv:5: error: interview `{x80}…` has no transcript in the \
                 interviews folder"
            ),
            "codebook/skills.toml: warning: group_by attribute `sector` is missing for 1 \
             interview: B1",
            "check: 4 errors and 1 warning",
        ]
    );
}

#[test]
fn special_files_are_refused_instead_of_read() {
    let w = study();
    let fifo = w.path("interviews/x.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", w.path("interviews/z.md")).unwrap();
    for args in [&["run", "-q"][..], &["check"], &["kwic", "plc"]] {
        let out = run_bounded(&w, args, Stdout::Piped, 30);
        let err = stderr_of(&out) + &String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("interviews/x.md: error: is a named pipe (FIFO), not a regular file"),
            "{err}"
        );
        assert!(
            err.contains("interviews/z.md: error: is a device, not a regular file"),
            "{err}"
        );
    }
    assert!(!w.path("output").exists());
}

#[test]
fn output_files_replace_only_regular_files() {
    let w = study();
    w.write("real.csv", "old");
    std::os::unix::fs::symlink(w.path("real.csv"), w.path("link.csv")).unwrap();
    w.ok(&["codebook", "export", "-o", "link.csv"]);
    assert!(fs::symlink_metadata(w.path("link.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(w.read("real.csv").starts_with("\u{feff}id,label,"));
    // A FIFO is written through, not replaced by a file.
    let fifo = w.path("pipe.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || fs::read_to_string(fifo).unwrap()
    });
    let out = run_bounded(
        &w,
        &["codebook", "export", "-o", "pipe.csv"],
        Stdout::Piped,
        30,
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(reader.join().unwrap().starts_with("\u{feff}id,label,"));
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let err = w.fails(&["codebook", "export", "-o", "codebook"], 1);
    assert!(
        err.contains("cannot write codebook: it is a folder"),
        "{err}"
    );
}

#[test]
fn terms_of_the_wrong_shape_say_what_a_term_is() {
    let w = study();
    w.write(
        "codebook/skills.toml",
        "name = \"T\"\n\n[[codes]]\nid = \"a\"\nterms = [1]\n\n[[codes]]\nid = \"b\"\nterms = [{ term = \"AI\", lang = \"en\" }]\n",
    );
    let out = w.fails(&["check"], 1);
    assert!(
        out.contains(
            "codebook/skills.toml:5: error: code `a`: term: a term is a string or a table `{ term = \"…\", language = \"sv\" }`, not an integer"
        ),
        "{out}"
    );
    assert!(
        out.contains("codebook/skills.toml:9: error: code `b`: term: unknown key `lang` in a term"),
        "{out}"
    );
}

#[test]
fn an_interrupted_run_leaves_no_staging_folder() {
    let w = study();
    // A staging folder left by a process that no longer runs is removed by the next run.
    fs::create_dir_all(w.path(".output.tmp-99999999")).unwrap();
    w.ok(&["run", "-q"]);
    assert!(!w.path(".output.tmp-99999999").exists());
    // A run stopped by SIGTERM while it writes removes its own.
    for i in 0..400 {
        w.write(
            &format!("interviews/gen/G{i:04}.md"),
            "R: Vi behöver PLC och automation och gjuteri. ".repeat(400),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["run", "-q", "--no-cache", "--out", "big"])
        .current_dir(w.path(""))
        .spawn()
        .unwrap();
    let staging = w.path(&format!(".big.tmp-{}", child.id()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !staging.exists() && child.try_wait().unwrap().is_none() {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    let status = child.wait().unwrap();
    assert!(
        killed && !status.success(),
        "the run ended before it was stopped"
    );
    assert!(!staging.exists());
    assert!(!w.path("big").exists());
}

#[test]
fn an_output_folder_inside_the_interviews_is_not_read_back() {
    let w = study();
    w.ok(&["run", "-q", "--out", "interviews/out"]);
    let out = w.cmd(&["run", "--out", "interviews/out"]);
    assert!(out.status.success());
    assert!(
        stderr_of(&out).contains("interviews/out: warning: skipped: a skillgap output folder"),
        "{}",
        stderr_of(&out)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&w.read("interviews/out/manifest.json")).unwrap();
    assert_eq!(manifest["counts"]["interviews"], 2);
}

#[test]
fn work_that_cannot_be_linear_is_bounded_with_a_message() {
    let w = study();
    // 1,200 codes that share one word: co-occurrence would count 719,400 pairs in one turn.
    let mut cb = String::from("name = \"T\"\n");
    for i in 0..1_200 {
        cb.push_str(&format!(
            "\n[[codes]]\nid = \"c{i}\"\nterms = [\"svetsning\"]\n"
        ));
    }
    w.write("codebook/skills.toml", &cb);
    w.write("interviews/A1.md", "---\ncompany: K1\n---\nR: Svetsning.\n");
    let err = w.fails(&["run", "-q"], 1);
    assert!(
        err.contains(
            "interviews/A1.md:4: error: this turn is coded with 1200 codes and their parent \
             codes (at most 1000); co-occurrence would count 719400 pairs in it"
        ),
        "{err}"
    );
    // A transcript larger than any interview is refused before it is read.
    w.write("codebook/skills.toml", CODEBOOK);
    let big = fs::File::create(w.path("interviews/huge.md")).unwrap();
    big.set_len(17 << 20).unwrap();
    let err = w.fails(&["check"], 1);
    assert!(
        err.contains("interviews/huge.md: error: is 18 MB; a transcript may have at most 16 MB"),
        "{err}"
    );
}

#[test]
fn names_that_would_collide_are_refused_at_the_codebook_line() {
    let w = study();
    w.write(
        "codebook/skills.toml",
        CODEBOOK
            .replace(
                "group_by = [\"sector\"]",
                "group_by = [\"code\", \"../x\", \"sector\"]",
            )
            .replace(
                "facets = { level = \"bredd\" }",
                "facets = { level = \"bredd\", segments = \"x\" }",
            ),
    );
    let out = w.fails(&["check"], 1);
    assert!(
        out.contains(
            "codebook/skills.toml:3: error: group_by attribute `code` is a column of by_code \
             itself (reserved: code, companies, group_companies, share, need_companies, \
             need_share, suppressed)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "codebook/skills.toml:3: error: group_by attribute `../x` may not start with `.`"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "codebook/skills.toml:5: error: code `automation`: facet `segments` is a column of \
             `codes`"
        ),
        "{out}"
    );
    let before = w.snapshot("interviews");
    w.fails(&["run", "-q"], 1);
    assert!(!w.path("output").exists() && !w.path("x").exists() && !w.path("by_..").exists());
    assert_eq!(w.snapshot("interviews"), before);
}

// ---------------------------------------------------------------------------------------------
// Agreement.

#[test]
fn agree_on_the_sample_compares_automatic_with_manual_codes() {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["agree", "--out"])
        .arg(out.path().join("a"))
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(
            "unit: a respondent segment and a code (inclusive of sub-codes), over 6 interviews \
             with manual codes (76 segments); 10 interviews left out\n"
        ),
        "{stdout}"
    );
    let table = fs::read_to_string(out.path().join("a/agreement.csv")).unwrap();
    assert!(table.starts_with(
        "code,label,units,auto,manual,both,precision,precision_low,precision_high,recall,\
         recall_low,recall_high,f1,f1_low,f1_high,kappa,kappa_low,kappa_high,alpha\n"
    ));
    // cad: 76 segments, the tool codes 4, the researcher 2, both 2. kappa by hand:
    // p_o = 74/76, p_e = (4·2 + 72·74)/76² = 0.923823, kappa = 0.6545.
    assert!(
        table.contains(
            "\ncad,\"CAD, 3D-modellering och additiv tillverkning\",76,4,2,2,0.5,0.5,0.5,1.0,1.0,\
             1.0,0.6667,0.6667,0.6667,0.6545,"
        ),
        "{table}"
    );
    assert!(table.contains("\n(all),,3192,182,44,30,0.1648,"), "{table}");
    let segs = fs::read_to_string(out.path().join("a/agreement_segments.csv")).unwrap();
    assert!(segs.starts_with("interview,segment,code,auto,manual,term,words,text\n"));
    // 182 + 44 − 2·30 disagreements.
    assert_eq!(
        csv_rows(&out.path().join("a/agreement_segments.csv")).len() - 1,
        166
    );
}

#[test]
fn agree_compares_two_coders_with_exact_kappa_and_alpha() {
    let w = study();
    let text = |codes: [&str; 4]| {
        format!(
            "---\ninterview: X1\ncompany: K9\nsector: s\n---\nFiktiv.\n\
             I: Fråga.\nR: Ett. {}\nR: Två. {}\nR: Tre. {}\nR: Fyra. {}\n",
            codes[0], codes[1], codes[2], codes[3]
        )
    };
    w.write(
        "a/X1.md",
        text(["[#plc]", "[#plc #gjutning]", "", "[#gjutning]"]),
    )
    .write(
        "b/X1.md",
        text(["[#plc]", "[#gjutning]", "[#plc]", "[#gjutning]"]),
    )
    .write("b/Y1.md", "---\nsector: s\n---\nR: Bara hos B. [#plc]\n");
    let out = w.cmd(&["agree", "--manual", "a", "--manual", "b", "--out", "ag"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "b/Y1.md: warning: interview `Y1` is not in a; it is left out\n"
    );
    // plc (and automation, its parent): both 1, A only 1, B only 1, neither 1: p_o = p_e = 0.5,
    // kappa 0. gjutning: the same two segments, kappa 1. Pooled over 12 units: both 4, one
    // each 2 and 2, neither 4: kappa (8/12 − 0.5)/0.5 = 0.3333; alpha 1 − 23·4/(12·12) = 0.3611.
    // With one interview every bootstrap replicate is the estimate.
    assert_eq!(
        w.read("ag/agreement.csv"),
        "code,label,units,coder_a,coder_b,both,precision,precision_low,precision_high,recall,\
         recall_low,recall_high,f1,f1_low,f1_high,kappa,kappa_low,kappa_high,alpha\n\
         automation,Automation,4,2,2,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.0,0.0,0.0,0.125\n\
         plc,PLC,4,2,2,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.0,0.0,0.0,0.125\n\
         gjutning,Gjutning,4,2,2,2,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0\n\
         (all),,12,6,6,4,0.6667,0.6667,0.6667,0.6667,0.6667,0.6667,0.6667,0.6667,0.6667,0.3333,\
         0.3333,0.3333,0.3611\n"
    );
    assert_eq!(
        w.read("ag/agreement_segments.csv"),
        "interview,segment,code,coder_a,coder_b,term,words,text\n\
         X1,3,automation,true,false,,,Två.\nX1,3,plc,true,false,,,Två.\n\
         X1,4,automation,false,true,,,Tre.\nX1,4,plc,false,true,,,Tre.\n"
    );
    // Two coders must code the same text.
    w.write(
        "b/X1.md",
        text(["[#plc]", "[#gjutning]", "", "Annat. [#gjutning]"]),
    );
    let err = w.fails(
        &["agree", "--manual", "a", "--manual", "b", "--out", "ag"],
        2,
    );
    assert!(
        err.contains("a/X1.md and b/X1.md are not the same transcript: their respondent turns differ from segment 5 on"),
        "{err}"
    );
    let err = w.fails(&["agree", "--manual", "a", "--out", "ag"], 2);
    assert!(err.contains("--manual takes two folders"), "{err}");
}

/// Scores the tool on the gold set in tests/gold (see its README): labels whose words a term
/// can reach, negated mentions, gap phrases, "not only" and stance, each against a floor set
/// from measurement (docs/validity.md). A rule change that lowers one fails here.
#[test]
fn gold_set_scores_above_its_floors() {
    let gold = repo().join("tests/gold");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["run", "-q", "--interviews"])
        .arg(gold.join("interviews"))
        .arg("--codebook")
        .arg(gold.join("codebook.toml"))
        .arg("--out")
        .arg(out.path().join("o"))
        .status()
        .unwrap();
    assert!(status.success());
    let codes = read_csv(&out.path().join("o/codes.csv"));
    let parent: BTreeMap<String, String> = codes
        .iter()
        .map(|r| (r["code"].clone(), r["parent"].clone()))
        .collect();
    let lineage = |c: &str| {
        let mut out = vec![c.to_owned()];
        while let Some(p) = parent.get(out.last().unwrap()).filter(|p| !p.is_empty()) {
            out.push(p.clone());
        }
        out
    };
    type Key = (String, String, String);
    let mut counted: BTreeMap<Key, BTreeSet<String>> = BTreeMap::new();
    for r in read_csv(&out.path().join("o/segments.csv")) {
        if r["source"] != "auto" || r["role"] != "respondent" || r["negated"] == "true" {
            continue;
        }
        for a in lineage(&r["code"]) {
            counted
                .entry((r["interview"].clone(), r["segment"].clone(), a))
                .or_default()
                .insert(r["stance"].clone());
        }
    }
    let labels = read_csv(&gold.join("labels.csv"));
    let key = |l: &BTreeMap<String, String>| -> Key {
        (
            l["interview"].clone(),
            l["segment"].clone(),
            l["code"].clone(),
        )
    };
    let positive = |l: &BTreeMap<String, String>| matches!(l["stance"].as_str(), "need" | "has");
    let inclusive = |keys: Vec<Key>| -> BTreeSet<Key> {
        keys.into_iter()
            .flat_map(|(i, s, c)| {
                lineage(&c)
                    .into_iter()
                    .map(move |a| (i.clone(), s.clone(), a))
            })
            .collect()
    };
    let reach = inclusive(
        labels
            .iter()
            .filter(|l| positive(l) && l["reachable"] == "yes")
            .map(key)
            .collect(),
    );
    let all_pos = inclusive(labels.iter().filter(|l| positive(l)).map(key).collect());
    let tool: BTreeSet<Key> = counted
        .keys()
        .filter(|k| reach.contains(*k) || !all_pos.contains(*k))
        .cloned()
        .collect();
    let tp = reach.intersection(&tool).count() as f64;
    let (p, r) = (tp / tool.len() as f64, tp / reach.len() as f64);
    let f1 = 2.0 * p * r / (p + r);
    let share = |tag: &str, want_counted: bool| {
        let ls: Vec<_> = labels.iter().filter(|l| l["phenomenon"] == tag).collect();
        let ok = ls
            .iter()
            .filter(|l| counted.contains_key(&key(l)) == (want_counted && positive(l)))
            .count();
        ok as f64 / ls.len() as f64
    };
    let negated: Vec<_> = labels.iter().filter(|l| l["stance"] == "negated").collect();
    let negated_counted = negated
        .iter()
        .filter(|l| counted.contains_key(&key(l)))
        .count() as f64
        / negated.len() as f64;
    let hits: Vec<_> = labels
        .iter()
        .filter(|l| positive(l) && counted.contains_key(&key(l)))
        .collect();
    let stance_right = hits
        .iter()
        .filter(|l| {
            let s = &counted[&key(l)];
            let tool = if s.contains("need") { "need" } else { "has" };
            tool == l["stance"]
        })
        .count() as f64
        / hits.len() as f64;
    let scores = format!(
        "reachable F1 {f1:.3} (P {p:.3}, R {r:.3}); negated counted {negated_counted:.3}; \
         gap phrases {:.3}; not only {:.3}; stance {stance_right:.3}",
        share("gap_phrase", true),
        share("not_only", true)
    );
    eprintln!("gold set: {scores}");
    assert!(f1 >= 0.92, "{scores}");
    assert!(negated_counted <= 0.05, "{scores}");
    assert!(share("gap_phrase", true) >= 0.92, "{scores}");
    assert!(share("not_only", true) >= 0.92, "{scores}");
    assert!(stance_right >= 0.90, "{scores}");
}

#[test]
fn check_lists_the_word_forms_a_plain_term_reaches_and_lager_misses_lag() {
    let w = Workdir::new();
    w.write(
        "codebook/skills.toml",
        "name = \"T\"\ngroup_by = []\n\n[[codes]]\nid = \"lager\"\nterms = [\"lager\"]\n",
    )
    .write(
        "interviews/A1.md",
        "R: Laget vann. Vi lagar maskiner, laga och lag.\n\
         R: Lagret är fullt och lagerplaneraren slutar, och komponentlagret också.\n\
         R: Lagret igen.\n",
    );
    let out = w.ok(&["check"]);
    assert!(
        out.contains(
            "codebook/skills.toml:4: warning: code `lager`: term `lager` also matches words that \
             do not begin with it: lagret (2), komponentlagret (1); add an `exclude` for any that \
             is not the skill\n"
        ),
        "{out}"
    );
    w.ok(&["run", "-q"]);
    let segs = w.read("output/segments.csv");
    let words: Vec<String> = csv_rows(&w.path("output/segments.csv"))
        .into_iter()
        .skip(1)
        .map(|r| r[12].clone())
        .collect();
    assert_eq!(
        words,
        ["Lagret", "lagerplaneraren", "komponentlagret", "Lagret"],
        "{segs}"
    );
}

// ---------------------------------------------------------------------------------------------
// Disclosure audit: an attacker's linear program over every published table at once.

/// What an attacker knows of the published tables, as a linear program: each suppressed count is
/// a variable, each published one a constant, and every relation between the tables a
/// constraint. A suppressed count is *recovered* when the program allows it only one integer.
mod audit {
    use super::*;
    use microlp::{ComparisonOp, OptimizationDirection, Problem};

    #[derive(Clone, Copy, Debug)]
    pub enum Term {
        Const(f64),
        Var(usize),
    }

    #[derive(Default)]
    pub struct Lp {
        bounds: Vec<(f64, f64)>,
        names: Vec<String>,
        /// Σ coef·term (op) 0.
        rows: Vec<(Vec<(Term, f64)>, ComparisonOp)>,
    }

    impl Lp {
        /// A published value, or a variable within `lo..=hi` where the cell is blank.
        pub fn cell(&mut self, value: &str, lo: f64, hi: f64, name: String) -> Term {
            match value.parse::<f64>() {
                Ok(v) => Term::Const(v),
                Err(_) => {
                    self.bounds.push((lo, hi));
                    self.names.push(name);
                    Term::Var(self.bounds.len() - 1)
                }
            }
        }

        /// `a <= b`.
        pub fn le(&mut self, a: Term, b: Term) {
            self.rows
                .push((vec![(a, 1.0), (b, -1.0)], ComparisonOp::Le));
        }

        /// `Σ parts = total`.
        pub fn sum(&mut self, parts: &[Term], total: Term) {
            let mut row: Vec<(Term, f64)> = parts.iter().map(|&t| (t, 1.0)).collect();
            row.push((total, -1.0));
            self.rows.push((row, ComparisonOp::Eq));
        }

        fn extreme(&self, var: usize, dir: OptimizationDirection) -> f64 {
            let mut p = Problem::new(dir);
            let vars: Vec<_> = self
                .bounds
                .iter()
                .enumerate()
                .map(|(i, &b)| p.add_var(if i == var { 1.0 } else { 0.0 }, b))
                .collect();
            for (row, op) in &self.rows {
                let mut expr = Vec::new();
                let mut rhs = 0.0;
                for &(t, c) in row {
                    match t {
                        Term::Const(v) => rhs -= c * v,
                        Term::Var(i) => expr.push((vars[i], c)),
                    }
                }
                if expr.is_empty() {
                    continue;
                }
                p.add_constraint(expr.as_slice(), *op, rhs);
            }
            p.solve()
                .expect("the published tables are consistent")
                .objective()
        }

        /// Every blank cell whose value the constraints pin to one integer.
        pub fn recovered(&self) -> Vec<String> {
            (0..self.bounds.len())
                .filter_map(|v| {
                    let lo = self.extreme(v, OptimizationDirection::Minimize);
                    let hi = self.extreme(v, OptimizationDirection::Maximize);
                    // Only a non-zero value is a disclosure: a cell pinned to 0 (a group's share
                    // of a code no company names) reveals no company.
                    let (lo, hi) = ((lo - 1e-6).ceil(), (hi + 1e-6).floor());
                    (hi - lo < 1.0 && hi >= 1.0).then(|| format!("{} = {lo}..{hi}", self.names[v]))
                })
                .collect()
        }

        pub fn variables(&self) -> usize {
            self.bounds.len()
        }
    }

    /// The program of a publication-mode output folder. Every company has one value per
    /// attribute (true of the corpora audited), so a code's cells across a breakdown add up to
    /// its total.
    pub fn program(out: &Path) -> Lp {
        let manifest: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        let n = manifest["counts"]["companies"].as_f64().unwrap();
        let all = Term::Const(n);
        let mut lp = Lp::default();
        let codes = read_csv(&out.join("codes.csv"));
        let mut total: BTreeMap<String, (Term, Term)> = BTreeMap::new();
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        for r in &codes {
            let c = r["code"].clone();
            let t = lp.cell(&r["companies"], 1.0, n, format!("codes {c} companies"));
            let tn = lp.cell(&r["need_companies"], 1.0, n, format!("codes {c} need"));
            let d = lp.cell(&r["direct_companies"], 1.0, n, format!("codes {c} direct"));
            let dn = lp.cell(
                &r["direct_need_companies"],
                1.0,
                n,
                format!("codes {c} dneed"),
            );
            for (a, b) in [(tn, t), (d, t), (dn, d), (dn, tn), (t, all)] {
                lp.le(a, b);
            }
            if !r["parent"].is_empty() {
                parent.insert(c.clone(), r["parent"].clone());
            }
            total.insert(c, (t, tn));
        }
        for (child, p) in &parent {
            let (c, p) = (total[child], total[p]);
            lp.le(c.0, p.0);
            lp.le(c.1, p.1);
        }
        for r in read_csv(&out.join("cooccurrence.csv")) {
            let name = format!("pair {} {}", r["code_a"], r["code_b"]);
            let pc = lp.cell(&r["companies"], 1.0, n, name);
            lp.le(pc, total[&r["code_a"]].0);
            lp.le(pc, total[&r["code_b"]].0);
        }
        // Breakdowns: groups, then per code its cells across the groups.
        let mut groups: BTreeMap<(String, String), Term> = BTreeMap::new();
        let mut names: Vec<String> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.starts_with("by_") && f.ends_with(".csv"))
            .collect();
        names.sort();
        for f in names {
            let attr = f["by_".len()..f.len() - 4].to_owned();
            let rows = read_csv(&out.join(&f));
            let mut lines: BTreeMap<String, Vec<(Term, Term)>> = BTreeMap::new();
            let mut cells: BTreeMap<(String, String), (Term, Term)> = BTreeMap::new();
            for r in &rows {
                let v = r[attr.as_str()].clone();
                let g = *groups.entry((attr.clone(), v.clone())).or_insert_with(|| {
                    lp.cell(&r["group_companies"], 1.0, n, format!("{f} {v} size"))
                });
                // A cell blank in a published group is not 0; in a blank group it may be.
                let lo = if matches!(g, Term::Const(_)) {
                    1.0
                } else {
                    0.0
                };
                let c = &r["code"];
                let x = lp.cell(&r["companies"], lo, n, format!("{f} {v} {c}"));
                // A need cell blank beside a blank companies cell may be 0 (it follows it).
                let ylo = if r["companies"].is_empty() { 0.0 } else { lo };
                let y = lp.cell(&r["need_companies"], ylo, n, format!("{f} {v} {c} need"));
                lp.le(x, g);
                lp.le(y, x);
                lines.entry(c.clone()).or_default().push((x, y));
                cells.insert((v, c.clone()), (x, y));
            }
            let sizes: Vec<Term> = groups
                .iter()
                .filter(|((a, _), _)| *a == attr)
                .map(|(_, &t)| t)
                .collect();
            lp.sum(&sizes, all);
            for (code, line) in &lines {
                let xs: Vec<Term> = line.iter().map(|l| l.0).collect();
                let ys: Vec<Term> = line.iter().map(|l| l.1).collect();
                lp.sum(&xs, total[code].0);
                lp.sum(&ys, total[code].1);
            }
            for ((v, child), &(x, y)) in &cells {
                if let Some(p) = parent.get(child) {
                    let (px, py) = cells[&(v.clone(), p.clone())];
                    lp.le(x, px);
                    lp.le(y, py);
                }
            }
        }
        let combination = out.join("combination.csv");
        if combination.exists() {
            let rows = read_csv(&combination);
            let mut cells: BTreeMap<(String, String, String), (Term, Term)> = BTreeMap::new();
            for r in &rows {
                let (a, v, s) = (
                    r["attribute"].clone(),
                    r["value"].clone(),
                    r["scope"].clone(),
                );
                let g = if a == "(all)" {
                    all
                } else {
                    groups[&(a.clone(), v.clone())]
                };
                let lo = if matches!(g, Term::Const(_)) {
                    1.0
                } else {
                    0.0
                };
                let name = format!("combination {s} {a} {v}");
                let x = lp.cell(&r["companies"], lo, n, name.clone());
                let ylo = if r["companies"].is_empty() { 0.0 } else { lo };
                let y = lp.cell(&r["need_companies"], ylo, n, name + " need");
                lp.le(x, g);
                lp.le(y, x);
                cells.insert((s, a, v), (x, y));
            }
            for ((s, a, v), &(x, y)) in &cells {
                if s == "same_answer" {
                    let (ax, ay) = cells[&("anywhere".to_owned(), a.clone(), v.clone())];
                    lp.le(x, ax);
                    lp.le(y, ay);
                }
            }
            for scope in ["same_answer", "anywhere"] {
                let attrs: BTreeSet<&String> = cells
                    .keys()
                    .filter(|(s, a, _)| s == scope && a != "(all)")
                    .map(|(_, a, _)| a)
                    .collect();
                let top = cells[&(scope.to_owned(), "(all)".to_owned(), "(all)".to_owned())];
                for a in attrs {
                    let line: Vec<(Term, Term)> = cells
                        .iter()
                        .filter(|((s, at, _), _)| s == scope && at == a)
                        .map(|(_, &t)| t)
                        .collect();
                    let xs: Vec<Term> = line.iter().map(|l| l.0).collect();
                    let ys: Vec<Term> = line.iter().map(|l| l.1).collect();
                    lp.sum(&xs, top.0);
                    lp.sum(&ys, top.1);
                }
            }
        }
        lp
    }
}

#[test]
fn no_suppressed_count_is_recovered_from_the_published_tables() {
    let audit = |w: &Workdir, out: &str, k: &str| {
        w.ok(&["run", "-q", "--no-cache", "--min-cell", k, "--out", out]);
        let lp = audit::program(&w.path(out));
        assert!(lp.variables() > 0, "{out}: nothing suppressed to audit");
        let recovered = lp.recovered();
        assert!(
            recovered.is_empty(),
            "{out} (min_cell {k}): {} of {} suppressed counts recovered: {recovered:#?}",
            recovered.len(),
            lp.variables()
        );
    };
    // The shipped sample.
    let w = Workdir::new();
    w.write(
        "codebook/skills.toml",
        fs::read(repo().join("codebook/skills.toml")).unwrap(),
    );
    for e in fs::read_dir(repo().join("interviews")).unwrap() {
        let e = e.unwrap();
        w.write(
            &format!("interviews/{}", e.file_name().to_string_lossy()),
            fs::read(e.path()).unwrap(),
        );
    }
    audit(&w, "sample3", "3");
    audit(&w, "sample5", "5");
    // A generated corpus of more companies, where fewer cells are small.
    let g = Workdir::new();
    let generated = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .arg("--out")
        .arg(g.path("interviews"))
        .args(["--interviews", "60", "--seed", "11", "--vocab", ""])
        .arg("--codebook")
        .arg(repo().join("codebook/skills.toml"))
        .output();
    match generated {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!(
                "skipped the generated corpus: bench/gen_corpus.py needs python3 3.11+ ({other:?})"
            );
            return;
        }
    }
    g.write(
        "codebook/skills.toml",
        fs::read(repo().join("codebook/skills.toml")).unwrap(),
    );
    audit(&g, "gen3", "3");
}

#[test]
fn compare_two_waves_through_the_binary() {
    let w = study();
    w.ok(&["run", "-q", "--out", "w1"]);
    // The follow-up: a third company that needs PLC.
    w.write("interviews/C1.md", "R: Vi behöver PLC.\n");
    w.ok(&["run", "-q", "--out", "w2"]);
    let stdout = w.ok(&["compare", "w1", "w2"]);
    assert!(stdout.contains("wrote 4 files to w2/compare"), "{stdout}");
    let csv = w.read("w2/compare/compare.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "code,label,status,companies_a,n_a,share_a,companies_b,n_b,share_b,difference,\
         diff_ci_low,diff_ci_high,need_companies_a,need_share_a,need_companies_b,need_share_b,\
         need_difference,need_diff_ci_low,need_diff_ci_high"
    );
    // plc: 1 of 2 companies, then 2 of 3; Newcombe's interval of 2/3 - 1/2.
    let plc = csv.lines().find(|l| l.starts_with("plc,")).unwrap();
    let (lo, hi) = (-0.4458, 0.6548);
    let cells: Vec<&str> = plc.split(',').collect();
    assert_eq!(
        &cells[2..10],
        ["both", "1", "2", "0.5", "2", "3", "0.6667", "0.1667"]
    );
    let close = |s: &str, v: f64| (s.parse::<f64>().unwrap() - v).abs() < 0.002;
    assert!(close(cells[10], lo) && close(cells[11], hi), "{plc}");
    assert!(w.read("w2/compare/compare.html").contains("<html"));
    // The workbook's sheet holds the CSV's values under Swedish headers.
    let rows = sheet(&w.path("w2/compare/compare.xlsx"), "Jämförelse");
    assert_eq!(
        rows[0][..4],
        ["Kod", "Benämning", "Status", "Företag, basår"]
    );
    let want = csv_rows(&w.path("w2/compare/compare.csv"));
    assert_eq!(rows.len(), want.len());
    for (g, c) in rows.iter().zip(&want).skip(1) {
        for (col, cell) in c.iter().enumerate() {
            let x = g.get(col).map(String::as_str).unwrap_or("");
            assert!(same_value(cell, x), "col {col}: csv {cell:?} xlsx {x:?}");
        }
    }
    w.fails(&["compare", "w1", "nope"], 2);
}

#[test]
fn report_per_writes_a_page_per_group_beside_the_region() {
    let w = study();
    let stdout = w.ok(&["run", "--report-per", "sector"]);
    assert!(stdout.ends_with("wrote 22 files to output\n"), "{stdout}");
    // The group's cells are those of by_sector; the region's those of codes.
    let by = read_csv(&w.path("output/by_sector.csv"));
    let codes = read_csv(&w.path("output/codes.csv"));
    let vs = read_csv(&w.path("output/by_sector_vs_region.csv"));
    assert_eq!(vs.len(), by.len());
    for (v, b) in vs.iter().zip(&by) {
        for c in [
            "sector",
            "code",
            "companies",
            "group_companies",
            "need_companies",
        ] {
            assert_eq!(v[c], b[c], "{c}");
        }
        let r = codes.iter().find(|r| r["code"] == v["code"]).unwrap();
        assert_eq!(v["region_companies"], r["companies"]);
        assert_eq!(v["region_ci_low"], r["ci_low"]);
        assert_eq!(v["region_need_companies"], r["need_companies"]);
    }
    // gjutning in logistik: 1 of 1 company, Wilson [0.2065, 1]; in the region 2 of 2.
    let row = vs
        .iter()
        .find(|r| r["sector"] == "logistik" && r["code"] == "gjutning")
        .unwrap();
    let got: Vec<&str> = [
        "label",
        "group_companies",
        "companies",
        "share",
        "ci_low",
        "ci_high",
        "region_companies",
        "region_share",
    ]
    .iter()
    .map(|c| row[*c].as_str())
    .collect();
    assert_eq!(
        got,
        ["Gjutning", "1", "1", "1.0", "0.2065", "1.0", "2", "1.0"]
    );
    for page in ["report-logistik.html", "report-tillverkning.html"] {
        let html = w.read(&format!("output/{page}"));
        assert!(html.contains("<a href=\"report.html\">"), "{page}");
        assert!(!html.contains("<script"), "{page}");
    }
    // The pages count need (stance on): K1 needs PLC and casting, B1 only describes its
    // foundry's automation.
    let html = w.read("output/report-logistik.html");
    assert!(html.contains("<h1>Test – logistik</h1>"), "{html}");
    assert!(
        html.contains("<tr><th class=\"skill\" scope=\"row\">Gjutning</th><td>0/1 · 0\u{a0}% (0–79\u{a0}%)</td><td>1/2 · 50\u{a0}% (9–91\u{a0}%)</td></tr>"),
        "{html}"
    );
    let html = w.read("output/report-tillverkning.html");
    assert!(
        html.contains("<tr><th class=\"skill\" scope=\"row\">PLC</th><td>1/1 · 100\u{a0}% (21–100\u{a0}%)</td><td>1/2 · 50\u{a0}% (9–91\u{a0}%)</td></tr>"),
        "{html}"
    );
    let manifest = w.read("output/manifest.json");
    assert!(manifest.contains("\"report-logistik.html\""), "{manifest}");
    // The workbook has the comparison as a sheet.
    let rows = sheet(&w.path("output/report.xlsx"), "sector mot regionen");
    assert_eq!(rows.len(), vs.len() + 1);

    // In publication mode a group smaller than k publishes nothing, on its page too.
    w.ok(&[
        "run",
        "-q",
        "--report-per",
        "sector",
        "--min-cell",
        "2",
        "--out",
        "pub",
    ]);
    let html = w.read("pub/report-logistik.html");
    assert!(html.contains("Gruppen har färre än 2 företag"), "{html}");
    assert!(!html.contains("1/1"), "{html}");
    let vs = read_csv(&w.path("pub/by_sector_vs_region.csv"));
    assert!(vs
        .iter()
        .filter(|r| r["sector"] == "logistik")
        .all(|r| r["companies"].is_empty() && r["share"].is_empty() && r["ci_low"].is_empty()));

    // Only group_by attributes have pages; nothing is written otherwise.
    let err = w.fails(&["run", "--report-per", "size", "--out", "bad"], 2);
    assert!(
        err.contains("--report-per `size`: not a group_by attribute of") && err.contains("sector"),
        "{err}"
    );
    assert!(!w.path("bad").exists());
}

/// The `project.qde` of a `.qdpx`.
fn qde_of(path: &Path) -> String {
    let mut zip = ::zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut s).unwrap();
    s
}

/// Validates `xml` against a schema of the shared data folder with xmllint; `false` (with a
/// message) where the schema or xmllint is missing.
fn validates(xml: &str, schema: &str, w: &Workdir) -> bool {
    let xsd = repo().join("../shared/data/refi-qda").join(schema);
    if !xsd.is_file() {
        eprintln!("skipped the schema check: {} not found", xsd.display());
        return false;
    }
    let file = w.path(&format!("check-{schema}.xml"));
    fs::write(&file, xml).unwrap();
    match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
    {
        Ok(o) => {
            assert!(
                o.status.success(),
                "{schema}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            true
        }
        Err(e) => {
            eprintln!("skipped the schema check: xmllint: {e} (apt-get install libxml2-utils)");
            false
        }
    }
}

#[test]
fn a_review_export_reads_back_as_the_same_coding() {
    let w = study();
    let stdout = w.ok(&["run", "--qdpx", "review.qdpx"]);
    assert!(stdout.ends_with("wrote 19 files to output\n"), "{stdout}");
    let qdpx = w.path("output/review.qdpx");
    let qde = qde_of(&qdpx);
    assert!(qde.contains("<User guid="), "{qde}");
    validates(&qde, "Project.xsd", &w);
    // Byte-identical on a rerun.
    let first = fs::read(&qdpx).unwrap();
    w.ok(&["run", "-q", "--qdpx", "review.qdpx"]);
    assert_eq!(fs::read(&qdpx).unwrap(), first);

    // Read back: every automatic, non-negated (interview, segment, code) is a manual code.
    let auto: BTreeSet<(String, String, String)> = read_csv(&w.path("output/segments.csv"))
        .into_iter()
        .filter(|r| r["source"] == "auto" && r["negated"] == "false")
        .map(|r| {
            (
                r["interview"].clone(),
                r["segment"].clone(),
                r["code"].clone(),
            )
        })
        .collect();
    w.ok(&[
        "run",
        "-q",
        "--interviews",
        "output/review.qdpx",
        "--out",
        "back",
    ]);
    let manual: BTreeSet<(String, String, String)> = read_csv(&w.path("back/segments.csv"))
        .into_iter()
        .filter(|r| r["source"] == "manual")
        .map(|r| {
            (
                r["interview"].clone(),
                r["segment"].clone(),
                r["code"].clone(),
            )
        })
        .collect();
    assert!(!auto.is_empty());
    assert_eq!(manual, auto);
    // The attributes came back too.
    assert_eq!(w.read("back/by_sector.csv"), w.read("output/by_sector.csv"));

    // The automatic coding against its own export agrees fully.
    let out = w.ok(&[
        "agree",
        "--interviews",
        "output/review.qdpx",
        "--out",
        "agr",
    ]);
    let rows = read_csv(&w.path("agr/agreement.csv"));
    let all = rows.iter().find(|r| r["code"] == "(all)").unwrap();
    assert_eq!(all["f1"], "1.0", "{out}");

    // Not in publication mode without the text, and only a plain file name.
    let err = w.fails(
        &["run", "--qdpx", "r.qdpx", "--min-cell", "3", "--out", "p"],
        2,
    );
    assert!(err.contains("--include-text"), "{err}");
    let err = w.fails(&["run", "--qdpx", "../r.qdpx", "--out", "p"], 2);
    assert!(err.contains("give a file name ending in .qdpx"), "{err}");
}

#[test]
fn the_shipped_codebook_goes_to_qdc_and_back_unchanged() {
    let w = Workdir::new();
    let cb = repo().join("codebook/skills.toml");
    let cb = cb.to_str().unwrap();
    let qdc = w.ok(&["codebook", "export", "--format", "qdc", "--codebook", cb]);
    validates(&qdc, "Codebook.xsd", &w);
    w.write("skills.qdc", &qdc);
    let back = w.ok(&["codebook", "import", "skills.qdc"]);
    let toml = w.ok(&["codebook", "export", "--format", "toml", "--codebook", cb]);
    assert_eq!(back, toml);
    // A .qdc is a codebook a run takes as it is.
    let again = w.ok(&[
        "codebook",
        "export",
        "--format",
        "qdc",
        "--codebook",
        "skills.qdc",
    ]);
    assert_eq!(again, qdc, "a re-export is byte-identical");
}

// ---------------------------------------------------------------------------------------------
// Transcripts as transcription tools deliver them.

/// A Word file of these paragraphs (each a list of runs) and comments (id, author, text); a
/// comment's range is `{start:N}` … `{end:N}` inside the runs.
fn docx(paragraphs: &[&[&str]], comments: &[(u32, &str, &str)]) -> Vec<u8> {
    use std::io::Write as _;
    let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p>");
        for r in *runs {
            if let Some(id) = r.strip_prefix("{start:").and_then(|r| r.strip_suffix('}')) {
                body.push_str(&format!(r#"<w:commentRangeStart w:id="{id}"/>"#));
            } else if let Some(id) = r.strip_prefix("{end:").and_then(|r| r.strip_suffix('}')) {
                body.push_str(&format!(
                    r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#
                ));
            } else {
                body.push_str(&format!(
                    r#"<w:r><w:t xml:space="preserve">{r}</w:t></w:r>"#
                ));
            }
        }
        body.push_str("</w:p>");
    }
    let comments: String = comments
        .iter()
        .map(|(id, author, text)| {
            format!(
                r#"<w:comment w:id="{id}" w:author="{author}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
            )
        })
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        (
            "word/document.xml",
            format!("<w:document {ns}><w:body>{body}</w:body></w:document>"),
        ),
        (
            "word/comments.xml",
            format!("<w:comments {ns}>{comments}</w:comments>"),
        ),
    ] {
        zip.start_file(name, o).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A fictional study of one interview in each format skillgap reads.
fn mixed_study() -> Workdir {
    let w = Workdir::new();
    w.write("codebook/skills.toml", CODEBOOK)
        .write(
            "interviews/A.md",
            "---\ncompany: K1\n---\nI: Behöver ni PLC?\nR: Ja, PLC.\n",
        )
        .write(
            "interviews/B.docx",
            docx(
                &[
                    &["interview: B"],
                    &["company: K2"],
                    &[],
                    &["Int", "ervjuare: Vad saknar ni?"],
                    &["Respondent:"],
                    &["{start:4}", "Automation i gjuteriet.", "{end:4}"],
                ],
                &[(4, "Kodare", "#plc")],
            ),
        )
        .write(
            "interviews/C.vtt",
            "WEBVTT\n\nNOTE fiktiv\n\nid-1\n00:00:01.000 --> 00:00:02.000\n<v Maja>Behöver ni \
             styrsystem?</v>\n\n00:00:03.000 --> 00:00:04.000\n<v Olle>Ja, styrsystem.\n\n\
             00:00:04.000 --> 00:00:05.000\n<v Olle>Och gjuteri.</v>\n",
        )
        .write(
            "interviews/D.srt",
            "1\r\n00:00:01,000 --> 00:00:02,000\r\nR: <i>Gjuteri</i> och PLC.\r\n",
        )
        .write(
            "interviews/E.txt",
            "Anna Berg  0:01\nVi behöver automation.\n\nPer Lund  0:09\nOch PLC?\n\n\
             Transcribed by https://otter.ai\n",
        );
    w
}

#[test]
fn run_check_kwic_and_agree_read_a_folder_of_mixed_formats() {
    let w = mixed_study();
    // Without the interviewers' names, the caption and Otter files have none.
    let text = w.fails(&["check", "--glob-types", "100"], 0);
    assert!(
        text.contains(
            "interviews/C.vtt: warning: no interviewer found: every turn of `Maja`, `Olle` is \
             taken for a respondent's; name the interviewer with --interviewer NAME or the \
             codebook's interviewer_labels\n"
        ),
        "{text}"
    );
    let named = ["--interviewer", "Maja", "--interviewer", "Per Lund"];
    let check = w.ok(&[&["check"][..], &named].concat());
    assert!(!check.contains("no interviewer found"), "{check}");
    assert!(
        check.contains("check: ok: 3 codes, 5 interviews, 9 segments"),
        "{check}"
    );

    w.ok(&[&["run", "-q", "--out", "out"][..], &named].concat());
    let rows: Vec<String> = csv_rows(&w.path("out/segments.csv"))
        .into_iter()
        .map(|r| r[..8].join(","))
        .collect();
    assert_eq!(
        rows,
        [
            "interview,company,segment,speaker,role,code,source,term",
            "A,K1,2,R,respondent,plc,auto,PLC",
            "B,K2,2,Respondent,respondent,plc,manual,",
            "B,K2,2,Respondent,respondent,automation,auto,automation*",
            "B,K2,2,Respondent,respondent,gjutning,auto,gjuteri",
            "C,C,2,Olle,respondent,plc,auto,styrsystem",
            "C,C,2,Olle,respondent,gjutning,auto,gjuteri",
            "D,D,1,R,respondent,gjutning,auto,gjuteri",
            "D,D,1,R,respondent,plc,auto,PLC",
            "E,E,1,Anna Berg,respondent,automation,auto,automation*",
        ]
    );

    let kwic = w.ok(&[&["kwic", "plc"][..], &named].concat());
    let places: Vec<&str> = kwic
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    // Interviewer turns (Maja's, Per Lund's) are shown and marked, not counted.
    assert_eq!(
        places,
        ["A:1", "A:2", "C:1", "C:2", "D:1", "E:2", "6"],
        "{kwic}"
    );
    assert!(kwic.contains("C:1  I  int "), "{kwic}");
    assert!(kwic.contains("E:2  I  int "), "{kwic}");
    assert!(
        kwic.ends_with(
            "6 matches of code `plc` and its sub-codes: 3 counted, 0 negated (neg), 3 in turns \
             not coded (int)\n"
        ),
        "{kwic}"
    );

    let agree = w.ok(&[&["agree", "--out", "ag"][..], &named].concat());
    assert!(
        agree.contains("over 1 interview with manual codes (1 segment); 4 interviews left out"),
        "{agree}"
    );
}
