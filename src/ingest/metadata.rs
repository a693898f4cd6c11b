//! The metadata sheet is `metadata.csv` in the interviews folder: one row per interview, a column
//! `interview` and one column per attribute. It lets a researcher keep sector, size and region in
//! a spreadsheet instead of in every transcript's front matter.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{quote, CsvLines, Diagnostics};

/// One row of the sheet: the interview it describes, its non-empty attribute values and the line
/// the row stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub interview: String,
    pub line: usize,
    pub values: BTreeMap<String, String>,
}

/// Parses the sheet's text. Empty cells mean "not given". Problems go to `diags` under `path`.
pub fn parse(text: &str, path: &Path, diags: &mut Diagnostics) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.error(path, Some(1), format!("cannot read the header row: {e}"));
            return Vec::new();
        }
    };
    let Some(id_col) = headers.iter().position(|h| h == "interview") else {
        diags.error(
            path,
            Some(1),
            format!(
                "the header row has no column `interview` (it has: {})",
                quote(&headers.iter().collect::<Vec<_>>().join(", "))
            ),
        );
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            diags.error(path, Some(1), format!("column {} has no name", i + 1));
        } else if !seen.insert(h) {
            diags.error(
                path,
                Some(1),
                format!("column `{}` appears twice", quote(h)),
            );
        }
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut lines = CsvLines::new(text);
    let mut first_line: std::collections::HashMap<String, usize> = Default::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| lines.line(p.byte() as usize));
                diags.error(path, line, csv_message(&e));
                continue;
            }
        };
        // The reader's own line count skips blank lines; count from the byte offset instead.
        let line = record
            .position()
            .map_or(0, |p| lines.line(p.byte() as usize));
        let interview = record.get(id_col).unwrap_or("").to_owned();
        if interview.is_empty() {
            if record.iter().any(|v| !v.is_empty()) {
                diags.error(path, Some(line), "row has no value in column `interview`");
            }
            continue;
        }
        if let Some(first) = first_line.get(&interview) {
            diags.error(
                path,
                Some(line),
                format!(
                    "interview `{}` has a second row (first on line {first})",
                    quote(&interview)
                ),
            );
            continue;
        }
        first_line.insert(interview.clone(), line);
        let values = headers
            .iter()
            .zip(record.iter())
            .filter(|(h, v)| *h != "interview" && !h.is_empty() && !v.is_empty())
            .map(|(h, v)| (h.to_owned(), v.to_owned()))
            .collect();
        rows.push(Row {
            interview,
            line,
            values,
        });
    }
    rows
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields but the header has {expected_len}"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_lines_and_empty_cells() {
        let mut d = Diagnostics::new();
        let rows = parse(
            "interview,sector,size\nIP01,tillverkning,10-49\n\nIP02, logistik ,\n",
            Path::new("m.csv"),
            &mut d,
        );
        assert!(d.is_empty(), "{d}");
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].interview.as_str(), rows[0].line), ("IP01", 2));
        assert_eq!(rows[1].line, 4);
        assert_eq!(
            rows[1].values.iter().collect::<Vec<_>>(),
            [(&"sector".to_string(), &"logistik".to_string())]
        );
    }

    #[test]
    fn problems_are_reported_with_lines() {
        let mut d = Diagnostics::new();
        parse(
            "interview,sector\nIP01,a\nIP01,b\nIP02,a,extra\n",
            Path::new("m.csv"),
            &mut d,
        );
        assert_eq!(
            d.to_string(),
            "m.csv:3: error: interview `IP01` has a second row (first on line 2)\n\
             m.csv:4: error: row has 3 fields but the header has 2\n"
        );
        let mut d = Diagnostics::new();
        parse("id,sector\nIP01,a\n", Path::new("m.csv"), &mut d);
        assert_eq!(
            d.to_string(),
            "m.csv:1: error: the header row has no column `interview` (it has: id, sector)\n"
        );
    }
}
