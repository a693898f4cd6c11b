use std::fs;

use super::*;

/// The columns of a run's `codes.csv` (without facets); `compare` reads four of them.
const HEADER: &str = "code,label,category,parent,depth,segments,mentions,interviews,companies,\
                      company_share,ci_low,ci_high,need_segments,need_companies,need_share,\
                      need_ci_low,need_ci_high";

/// A `codes.csv` row with the two counts that matter here; the other cells are filler.
fn code_row(code: &str, label: &str, companies: &str, need: &str) -> String {
    format!("{code},{label},specialist,,0,5,7,{companies},{companies},,,,3,{need},,,")
}

fn manifest(version: &str, companies: u32, min_cell: u32, finished: &str) -> String {
    format!(
        "{{\n  \"tool\": \"skillgap\",\n  \"version\": \"0.1.0\",\n  \"codebook\": {{\"name\": \
         \"Digital kompetens\", \"version\": \"{version}\", \"sha256\": \"ab12\"}},\n  \
         \"options\": {{\"min_cell\": {min_cell}, \"stance\": true, \"report_language\": \
         \"sv\"}},\n  \"counts\": {{\"interviews\": {companies}, \"companies\": {companies}}},\n  \
         \"finished\": \"{finished}\"\n}}\n"
    )
}

/// An output folder `root/name` with a manifest and `codes.csv`.
fn folder(root: &Path, name: &str, manifest: &str, codes: &str) -> PathBuf {
    let dir = root.join(name);
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("manifest.json"), manifest).unwrap();
    fs::write(dir.join("codes.csv"), codes).unwrap();
    dir
}

fn csv_text(rows: &[String]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// Two waves: 10 companies in 2022, 12 in 2024. `old` was dropped from the codebook and `new`
/// added; `ai` rose clearly, `cad` fell and `plc` barely moved.
fn two_waves(root: &Path) -> (PathBuf, PathBuf) {
    let a = folder(
        root,
        "w22",
        &manifest("2022.1", 10, 0, "2022-05-02T09:00:00Z"),
        &csv_text(&[
            code_row("ai", "AI och maskininlärning", "2", "1"),
            code_row("cad", "CAD", "8", "5"),
            code_row("old", "Gammal kod", "3", "0"),
            code_row("plc", "PLC-programmering", "5", "2"),
        ]),
    );
    let b = folder(
        root,
        "w24",
        &manifest("2024.1", 12, 0, "2024-05-03T09:00:00Z"),
        &csv_text(&[
            code_row("ai", "AI och maskininlärning", "9", "7"),
            code_row("cad", "CAD", "7", "4"),
            code_row("plc", "PLC-programmering", "6", "3"),
            code_row("new", "Ny kod", "4", "2"),
        ]),
    );
    (a, b)
}

/// The diagnostics of an input error, or a panic.
fn input_errors(r: Result<Comparison, Error>) -> String {
    match r {
        Err(Error::Input(d)) => d.to_string(),
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn usage_error(r: Result<Comparison, Error>) -> String {
    match r {
        Err(Error::Usage(m)) => m,
        other => panic!("expected a usage error, got {other:?}"),
    }
}

#[test]
fn codes_are_matched_by_id_and_listed_in_follow_up_order() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    let c = compare(&a, &b).unwrap();
    assert_eq!((c.baseline.companies, c.followup.companies), (10, 12));
    assert_eq!(c.baseline.run.version, "2022.1");
    assert_eq!(c.followup.run.finished, "2024-05-03T09:00:00Z");
    assert_eq!(c.headline(), Measure::Need);
    assert_eq!(c.language(), Language::Sv);
    let got: Vec<(&str, Status, Pair, Pair)> = c
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.status, r.mentions, r.need))
        .collect();
    let pair = |a, b| Pair {
        baseline: a,
        followup: b,
    };
    assert_eq!(
        got,
        [
            (
                "ai",
                Status::Both,
                pair(Some(2), Some(9)),
                pair(Some(1), Some(7))
            ),
            (
                "cad",
                Status::Both,
                pair(Some(8), Some(7)),
                pair(Some(5), Some(4))
            ),
            (
                "plc",
                Status::Both,
                pair(Some(5), Some(6)),
                pair(Some(2), Some(3))
            ),
            (
                "new",
                Status::FollowupOnly,
                pair(None, Some(4)),
                pair(None, Some(2))
            ),
            (
                "old",
                Status::BaselineOnly,
                pair(Some(3), None),
                pair(Some(0), None)
            ),
        ]
    );
    // 9/12 - 2/10, Newcombe's interval (checked by hand: 0.1308, 0.7656).
    let d = c.difference(&c.rows[0].mentions).unwrap();
    assert_eq!(
        (round(d.value), round(d.low), round(d.high)),
        (0.55, 0.1308, 0.7656)
    );
    assert!(d.excludes_zero());
    assert!(!c.difference(&c.rows[2].need).unwrap().excludes_zero());
    assert_eq!(c.difference(&c.rows[3].mentions), None);
    assert_eq!(default_out(&b), b.join("compare"));
}

#[test]
fn writes_the_table_as_csv_and_parquet_and_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    let c = compare(&a, &b).unwrap();
    let out = default_out(&b);
    let written = c.write(&out, Language::Sv).unwrap();
    assert_eq!(
        written,
        [
            out.join("compare.csv"),
            out.join("compare.parquet"),
            out.join("compare.html"),
            out.join("compare.xlsx")
        ]
    );
    // Shares and bounds to four decimals; a wave the code is not in is blank, never 0.
    // Expected values computed by hand (Python) from the Wilson and Newcombe formulas.
    let expected = "\
code,label,status,companies_a,n_a,share_a,companies_b,n_b,share_b,difference,diff_ci_low,\
diff_ci_high,need_companies_a,need_share_a,need_companies_b,need_share_b,need_difference,\
need_diff_ci_low,need_diff_ci_high
ai,AI och maskininlärning,both,2,10,0.2,9,12,0.75,0.55,0.1308,0.7656,1,0.1,7,0.5833,0.4833,0.0807,0.7214
cad,CAD,both,8,10,0.8,7,12,0.5833,-0.2167,-0.5169,0.1653,5,0.5,4,0.3333,-0.1667,-0.4945,0.2149
plc,PLC-programmering,both,5,10,0.5,6,12,0.5,0.0,-0.3606,0.3606,2,0.2,3,0.25,0.05,-0.2992,0.3666
new,Ny kod,followup_only,,,,4,12,0.3333,,,,,,2,0.1667,,,
old,Gammal kod,baseline_only,3,10,0.3,,,,,,,0,0.0,,,,,
";
    assert_eq!(
        fs::read_to_string(out.join("compare.csv")).unwrap(),
        expected
    );
    let file = fs::File::open(out.join("compare.parquet")).unwrap();
    let pq = ParquetReader::new(file).finish().unwrap();
    assert_eq!(pq.height(), 5);
    let names: Vec<&str> = pq.get_column_names().iter().map(|n| n.as_str()).collect();
    assert_eq!(names.join(","), expected.lines().next().unwrap());
    let page = fs::read_to_string(out.join("compare.html")).unwrap();
    assert_eq!(page, html(&c, Language::Sv));
}

#[test]
fn render_lists_changes_beyond_chance_first() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    let c = compare(&a, &b).unwrap();
    let got = render(&c).replace(&tmp.path().display().to_string(), "T");
    let expected = "\
baseline:  T/w22 (Digital kompetens 2022.1, 10 companies)
follow-up: T/w24 (Digital kompetens 2024.1, 12 companies)
companies that ask for each code (need): baseline -> follow-up, the difference in percentage \
points (pp) and its 95 % interval (Newcombe)
changes whose interval excludes 0 (1 code):
  ai   10.0 % (1/10) -> 58.3 % (7/12)  +48.3 pp  [+8.1, +72.1]   AI och maskininlärning
changes whose interval includes 0, which may be chance (2 codes):
  plc  20.0 % (2/10) -> 25.0 % (3/12)   +5.0 pp  [-29.9, +36.7]  PLC-programmering
  cad  50.0 % (5/10) -> 33.3 % (4/12)  -16.7 pp  [-49.5, +21.5]  CAD
only in the baseline (1 code): old
only in the follow-up (1 code): new
";
    assert_eq!(got, expected);
}

#[test]
fn the_page_lists_codes_by_follow_up_share() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    let c = compare(&a, &b).unwrap();
    let page = html(&c, Language::Sv);
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">\n"),
        "{page}"
    );
    assert!(page.contains("<meta name=\"viewport\" content=\"width=device-width"));
    assert!(page.contains("<title>Digital kompetens</title>"));
    assert!(page.contains("<div class=\"scroll\"><table class=\"compare\">"));
    // Self-contained: no script, nothing loaded.
    for bad in ["<script", "http:", "https:", "src=", "@import"] {
        assert!(!page.contains(bad), "{bad}");
    }
    assert!(page.contains(
        "<th scope=\"col\">Utgångsläge <small>2022-05-02 · N = 10</small></th>\
         <th scope=\"col\">Uppföljning <small>2024-05-03 · N = 12</small></th>"
    ));
    let rows = [
        "<tr class=\"sig\"><th class=\"skill\" scope=\"row\">AI och maskininlärning</th>\
         <td title=\"1 av 10 företag\">10\u{a0}%</td><td title=\"7 av 12 företag\">58\u{a0}%</td>\
         <td class=\"chg\">+48\u{a0}p.e.</td><td class=\"chg\">+8 till +72</td></tr>\n",
        "<tr><th class=\"skill\" scope=\"row\">CAD</th>\
         <td title=\"5 av 10 företag\">50\u{a0}%</td><td title=\"4 av 12 företag\">33\u{a0}%</td>\
         <td class=\"chg\">\u{2212}17\u{a0}p.e.</td><td class=\"chg\">\u{2212}49 till +21</td></tr>\n",
        "<tr><th class=\"skill\" scope=\"row\">PLC-programmering</th>\
         <td title=\"2 av 10 företag\">20\u{a0}%</td><td title=\"3 av 12 företag\">25\u{a0}%</td>\
         <td class=\"chg\">+5\u{a0}p.e.</td><td class=\"chg\">\u{2212}30 till +37</td></tr>\n",
        "<tr><th class=\"skill\" scope=\"row\">Ny kod</th>\
         <td class=\"na\" title=\"finns inte i den här omgångens kodbok\">–</td>\
         <td title=\"2 av 12 företag\">17\u{a0}%</td><td class=\"chg\">–</td>\
         <td class=\"chg\">–</td></tr>\n",
        "<tr><th class=\"skill\" scope=\"row\">Gammal kod</th>\
         <td title=\"0 av 10 företag\">0\u{a0}%</td>\
         <td class=\"na\" title=\"finns inte i den här omgångens kodbok\">–</td>\
         <td class=\"chg\">–</td><td class=\"chg\">–</td></tr>\n",
    ];
    let mut at = 0;
    for row in rows {
        let found = page[at..]
            .find(row)
            .unwrap_or_else(|| panic!("{row}\nnot after {at} in\n{page}"));
        at += found + row.len();
    }
    assert!(page.contains(
        "<p class=\"note\">1 kod finns bara i utgångsläget och 1 bara i uppföljningen; de \
         jämförs inte.</p>"
    ));
    assert!(page.contains(
        "<dt>Utgångsläge</dt><dd>Kodbok: Digital kompetens (version 2022.1) · Körd: \
         2022-05-02 · Företag: 10</dd>"
    ));
    // No publication mode, so no note on suppressed counts.
    assert!(!page.contains("färre än"));

    let en = html(&c, Language::En);
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    assert!(en.contains(
        "<tr class=\"sig\"><th class=\"skill\" scope=\"row\">AI och maskininlärning</th>\
         <td title=\"1 of 10 companies\">10%</td><td title=\"7 of 12 companies\">58%</td>\
         <td class=\"chg\">+48\u{a0}pp</td><td class=\"chg\">+8 to +72</td></tr>\n"
    ));
    assert!(en.contains(
        "<p class=\"note\">1 code is only in the baseline and 1 only in the follow-up; they are \
         not compared.</p>"
    ));
}

/// Publication-mode waves (min_cell 3): a blank count stays blank, and so does everything
/// computed from it.
#[test]
fn suppressed_counts_leave_their_cells_blank() {
    let tmp = tempfile::tempdir().unwrap();
    let header = format!("{HEADER},suppressed");
    let a = folder(
        tmp.path(),
        "p22",
        &manifest("2022.1", 10, 3, "2022-05-02T09:00:00Z"),
        &format!(
            "{header}\n{},true\n{},true\n",
            code_row("ai", "AI och maskininlärning", "", ""),
            code_row("cad", "CAD", "8", "5")
        ),
    );
    let b = folder(
        tmp.path(),
        "p24",
        &manifest("2024.1", 12, 3, "2024-05-03T09:00:00Z"),
        &format!(
            "{header}\n{},false\n{},true\n",
            code_row("ai", "AI och maskininlärning", "9", "7"),
            code_row("cad", "CAD", "", "")
        ),
    );
    let c = compare(&a, &b).unwrap();
    let out = tmp.path().join("cmp");
    c.write(&out, Language::Sv).unwrap();
    let expected = "\
code,label,status,companies_a,n_a,share_a,companies_b,n_b,share_b,difference,diff_ci_low,\
diff_ci_high,need_companies_a,need_share_a,need_companies_b,need_share_b,need_difference,\
need_diff_ci_low,need_diff_ci_high
ai,AI och maskininlärning,both,,10,,9,12,0.75,,,,,,7,0.5833,,,
cad,CAD,both,8,10,0.8,,12,,,,,5,0.5,,,,,
";
    assert_eq!(
        fs::read_to_string(out.join("compare.csv")).unwrap(),
        expected
    );
    let got = render(&c).replace(&tmp.path().display().to_string(), "T");
    assert_eq!(
        got,
        "\
baseline:  T/p22 (Digital kompetens 2022.1, 10 companies)
follow-up: T/p24 (Digital kompetens 2024.1, 12 companies)
companies that ask for each code (need): baseline -> follow-up, the difference in percentage \
points (pp) and its 95 % interval (Newcombe)
no change has an interval that excludes 0
not compared, a count is blank (suppressed) (2 codes): ai, cad
"
    );
    let page = html(&c, Language::Sv);
    assert!(page.contains(
        "<tr><th class=\"skill\" scope=\"row\">AI och maskininlärning</th>\
         <td class=\"sup\" title=\"färre än 3\">&lt;3</td>\
         <td title=\"7 av 12 företag\">58\u{a0}%</td><td class=\"chg\">–</td>\
         <td class=\"chg\">–</td></tr>\n"
    ));
    assert!(page.contains("<li>Antal mellan 1 och 2 företag visas som ”färre än 3”"));
}

#[test]
fn without_stance_the_headline_is_mentions() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    let m = manifest("2022.1", 10, 0, "2022-05-02T09:00:00Z")
        .replace("\"stance\": true", "\"stance\": false");
    fs::write(a.join("manifest.json"), m).unwrap();
    let c = compare(&a, &b).unwrap();
    assert_eq!(c.headline(), Measure::Mentions);
    let got = render(&c);
    assert!(
        got.contains("companies that mention each code: baseline -> follow-up"),
        "{got}"
    );
    assert!(
        got.contains("\n  ai   20.0 % (2/10) -> 75.0 % (9/12)  +55.0 pp  "),
        "{got}"
    );
    assert!(html(&c, Language::En).contains("that mention the skill"));
}

#[test]
fn malformed_rows_are_reported_together_with_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    // Line 6 is blank (skipped by the reader, counted here).
    let codes = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n\n{}\n",
        code_row("ai", "AI", "2", "1"),
        code_row("cad", "CAD", "x", "1"),
        code_row("ai", "AI igen", "2", "1"),
        code_row("plc", "PLC", "11", "12"),
        code_row("", "Ingen kod", "1", "1"),
    );
    fs::write(a.join("codes.csv"), codes).unwrap();
    let p = a.join("codes.csv").display().to_string();
    assert_eq!(
        input_errors(compare(&a, &b)),
        format!(
            "{p}:3: error: `companies` is `x`, not a whole number of companies\n\
             {p}:4: error: code `ai` has a second row (first on line 2)\n\
             {p}:5: error: `companies` is 11, more than the 10 companies in manifest.json\n\
             {p}:5: error: `need_companies` is 12, more than the 10 companies in manifest.json\n\
             {p}:7: error: row has no value in column `code`\n"
        )
    );
    // A row with a field too many.
    let codes = format!(
        "{HEADER}\n{}\n{},extra\n",
        code_row("ai", "AI", "2", "1"),
        code_row("cad", "CAD", "1", "1")
    );
    fs::write(a.join("codes.csv"), codes).unwrap();
    let e = input_errors(compare(&a, &b));
    assert!(e.starts_with(&format!("{p}:3: error: ")), "{e}");
    // A sheet that lost a column.
    fs::write(a.join("codes.csv"), "code,label,companies\nai,AI,2\n").unwrap();
    assert_eq!(
        input_errors(compare(&a, &b)),
        format!(
            "{p}:1: error: has no column `need_companies`; is it a CSV that skillgap wrote \
             (saved again from a spreadsheet, it may use `;` or other column names)?\n"
        )
    );
    // Re-saved from Swedish Excel: every column is lost.
    fs::write(a.join("codes.csv"), "code;label;companies\nai;AI;2\n").unwrap();
    let e = input_errors(compare(&a, &b));
    assert!(
        e.contains("has no column `code`, `label`, `companies`, `need_companies`;"),
        "{e}"
    );
}

#[test]
fn missing_folders_files_and_counts_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_waves(tmp.path());
    let m = usage_error(compare(&tmp.path().join("nope"), &b));
    assert!(m.contains("nope` is not a folder"), "{m}");
    let plain = tmp.path().join("plain");
    fs::create_dir(&plain).unwrap();
    let m = usage_error(compare(&a, &plain));
    assert!(m.contains("is not a skillgap output folder"), "{m}");
    let m = usage_error(compare(&a, &a));
    assert!(m.contains("is both the baseline and the follow-up"), "{m}");

    fs::remove_file(b.join("codes.csv")).unwrap();
    let e = input_errors(compare(&a, &b));
    let p = b.join("codes.csv").display().to_string();
    assert!(e.starts_with(&format!("{p}: error: cannot read: ")), "{e}");

    // `counts` on line 6 without a usable `companies`.
    let text = manifest("2022.1", 10, 0, "2022-05-02T09:00:00Z")
        .replace("\"companies\": 10", "\"companies\": \"ten\"");
    fs::write(a.join("manifest.json"), text).unwrap();
    let p = a.join("manifest.json").display().to_string();
    assert_eq!(
        input_errors(compare(&a, &b)),
        format!(
            "{p}:6: error: has no number of companies (`counts.companies`, a whole number); is \
             it a manifest that `skillgap run` wrote?\n"
        )
    );
}

#[test]
fn newcombe_difference_rows_use_follow_up_minus_baseline() {
    // The order of the samples: a fall gives a negative difference and a mirrored interval.
    let (l, h) = stats::newcombe(4, 12, 5, 10);
    let (l2, h2) = stats::newcombe(5, 10, 4, 12);
    assert!((l + h2).abs() < 1e-12 && (h + l2).abs() < 1e-12);
    assert_eq!((round(l), round(h)), (-0.4945, 0.2149));
    assert_eq!(points(-0.16667), "\u{2212}17");
    assert_eq!(points(0.004), "0");
    assert_eq!(points(-0.004), "0");
    assert_eq!(signed(-0.0004), "0.0");
    assert_eq!(signed(0.123), "+12.3");
    assert_eq!(round(-0.00001).to_string(), "0");
}
