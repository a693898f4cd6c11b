//! Group pages are the reports of `--report-per <attribute>`: one page per value (a
//! subregion's kompetensråd reads its own), the group's demand beside the whole region's. A
//! page's numbers come from `by_<attribute>_vs_region`, that is from the published
//! `by_<attribute>` and `codes`: the group's counts carry the suppression of `by_<attribute>`
//! (primary and secondary), so a page discloses nothing the tables do not.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::data::{CodeRow, CombinationRow, ReportData};
use crate::ingest::Corpus;
use crate::tally::{Kind, Table, ALL, MISSING};

/// One group's page.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPage {
    pub attribute: String,
    pub value: String,
    /// The page's file name, `report-<value>.html` (see [`file_names`]).
    pub file: String,
    /// The group's companies; `None` where suppressed (the page then publishes no count).
    pub size: Option<u32>,
    /// Interviews of the group's companies.
    pub interviews: usize,
    /// The group's numbers in the shape of the region's: `companies` is the group's size, the
    /// codes' counts are the group's, the combination rows are the group's (as `(all)`), the
    /// quotes those of the group's companies. No pairs, groups or facets: those are not
    /// published per group.
    pub data: ReportData,
}

/// A value made into a file-name part: letters and digits kept (lowercased, å ä ö
/// included), every other run of characters one `-`; `group` where nothing is left.
fn slug(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "group".into()
    } else {
        out
    }
}

/// The file names of the pages of `values`, in order: `report-<slug>.html`, with the
/// attribute's name first when more than one attribute has pages
/// (`report-subregion-norra.html`), and `-2`, `-3` … where two values make the same name
/// (`Norra` and `norra`).
pub fn file_names(attr: &str, values: &[String], prefix_attr: bool) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    values
        .iter()
        .map(|v| {
            let base = if prefix_attr {
                format!("report-{}-{}", slug(attr), slug(v))
            } else {
                format!("report-{}", slug(v))
            };
            let mut name = format!("{base}.html");
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}-{n}.html");
                n += 1;
            }
            name
        })
        .collect()
}

fn column_u32(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<u32>>> {
    Ok(df.column(c)?.u32()?.iter().collect())
}

fn column_f64(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(c)?.f64()?.iter().collect())
}

/// The pages of every `--report-per` attribute, from the run's published tables, its region
/// report data and its corpus (which companies and interviews are in which group).
pub fn pages(
    tables: &[Table],
    region: &ReportData,
    corpus: &Corpus,
    attrs: &[String],
) -> PolarsResult<Vec<GroupPage>> {
    let mut out = Vec::new();
    for attr in attrs {
        let Some(t) = tables
            .iter()
            .find(|t| t.kind == Kind::VsRegion(attr.clone()))
        else {
            continue;
        };
        let df = &t.df;
        let values: Vec<Option<String>> = df
            .column(attr)?
            .str()?
            .iter()
            .map(|v| v.map(str::to_owned))
            .collect();
        let codes: Vec<Option<String>> = df
            .column("code")?
            .str()?
            .iter()
            .map(|v| v.map(str::to_owned))
            .collect();
        let need = region.need;
        let pick = |need_col: &'static str, col: &'static str| if need { need_col } else { col };
        let group = column_u32(df, "group_companies")?;
        let mention = column_u32(df, "companies")?;
        let k = column_u32(df, pick("need_companies", "companies"))?;
        let share = column_f64(df, pick("need_share", "share"))?;
        let lo = column_f64(df, pick("need_ci_low", "ci_low"))?;
        let hi = column_f64(df, pick("need_ci_high", "ci_high"))?;
        // Per value, per code: (companies, share, low, high, mentioning companies).
        type Cell = (
            Option<u32>,
            Option<f64>,
            Option<f64>,
            Option<f64>,
            Option<u32>,
        );
        let mut cells: BTreeMap<(String, String), Cell> = BTreeMap::new();
        let mut sizes: BTreeMap<String, Option<u32>> = BTreeMap::new();
        for i in 0..df.height() {
            let v = values[i].clone().unwrap_or_default();
            sizes.entry(v.clone()).or_insert(group[i]);
            cells.insert(
                (v, codes[i].clone().unwrap_or_default()),
                (k[i], share[i], lo[i], hi[i], mention[i]),
            );
        }
        // Companies and interviews per value, as `by_<attr>` counts them: a company belongs to
        // every value its interviews give it.
        let mut members: BTreeMap<&str, (BTreeSet<&str>, usize)> = BTreeMap::new();
        for iv in &corpus.interviews {
            let v = iv.attributes.get(attr).map_or(MISSING, String::as_str);
            let m = members.entry(v).or_default();
            m.0.insert(iv.company.as_str());
            m.1 += 1;
        }
        let mut order: Vec<String> = sizes.keys().cloned().collect();
        order.sort_by_key(|v| super::data::natural_key(v));
        let files = file_names(attr, &order, attrs.len() > 1);
        for (value, file) in order.into_iter().zip(files) {
            let size = sizes[&value];
            let (companies, interviews) = members
                .get(value.as_str())
                .map_or((BTreeSet::new(), 0), |(c, n)| (c.clone(), *n));
            let codes: Vec<CodeRow> = region
                .codes
                .iter()
                .map(|c| {
                    let cell = cells
                        .get(&(value.clone(), c.id.clone()))
                        .copied()
                        .unwrap_or_default();
                    CodeRow {
                        segments: 0,
                        mentions: 0,
                        companies: cell.0,
                        share: cell.1,
                        ci_low: cell.2,
                        ci_high: cell.3,
                        mention_companies: cell.4,
                        direct: None,
                        ..c.clone()
                    }
                })
                .collect();
            let combination: Vec<CombinationRow> = region
                .combination
                .iter()
                .filter(|r| r.attribute == *attr && r.value == value)
                .map(|r| CombinationRow {
                    attribute: ALL.into(),
                    value: ALL.into(),
                    ..r.clone()
                })
                .collect();
            let quotes = region
                .quotes
                .iter()
                .filter(|q| companies.contains(q.company.as_str()))
                .cloned()
                .collect();
            let data = ReportData {
                interviews,
                companies: size.unwrap_or(0) as usize,
                segments: 0,
                coded_segments: 0,
                codes,
                pairs: Vec::new(),
                groups: Vec::new(),
                facets: Vec::new(),
                combination,
                quotes,
                need,
                agreement: None,
                matrix: Default::default(),
                provenance: region.provenance.clone(),
            };
            out.push(GroupPage {
                attribute: attr.clone(),
                value,
                file,
                size,
                interviews,
                data,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_and_distinct() {
        let values = [
            "Norra".to_string(),
            "Södra dalen".into(),
            "norra".into(),
            "../x".into(),
            "(missing)".into(),
            "???".into(),
        ];
        assert_eq!(
            file_names("subregion", &values, false),
            [
                "report-norra.html",
                "report-södra-dalen.html",
                "report-norra-2.html",
                "report-x.html",
                "report-missing.html",
                "report-group.html",
            ]
        );
        assert_eq!(
            file_names("delregion", &values[..1], true),
            ["report-delregion-norra.html"]
        );
    }
}
