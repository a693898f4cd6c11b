//! Report data is what the readable reports (workbook, web page, Markdown summary) show, taken
//! from the final tables after disclosure control, so that no report can say more than the
//! tables do. `None` in a count or share means "suppressed" (publication mode), never zero.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::codebook::Codebook;
use crate::tally::{stats, Kind, Table};

/// One code as the reports show it.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeRow {
    pub id: String,
    pub label: String,
    pub category: String,
    pub parent: Option<String>,
    pub depth: u32,
    pub has_children: bool,
    pub facets: BTreeMap<String, String>,
    pub segments: u32,
    pub mentions: u32,
    pub companies: Option<u32>,
    pub share: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Companies that mention the code at all (need or has), where `companies` counts need.
    pub mention_companies: Option<u32>,
    /// Companies counted through the code itself, not only through a sub-code (on the basis
    /// of `companies`: need or mention).
    pub direct: Option<u32>,
}

/// One row of the combination figure: companies naming a specialist and a domain skill in
/// one answer (`scope = "same_answer"`) or anywhere (`"anywhere"`), in the region
/// (`attribute = value = "(all)"`) or in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct CombinationRow {
    pub attribute: String,
    pub value: String,
    pub scope: String,
    pub group: Option<u32>,
    pub companies: Option<u32>,
    pub share: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Companies naming both at all, where `companies` counts need.
    pub mention_companies: Option<u32>,
}

/// The run's agreement of automatic with manual coding, for the workbook and the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgreementView {
    pub interviews: usize,
    pub segments: usize,
    /// Codes the researcher or the tool coded, in codebook order, then `(all)`.
    pub rows: Vec<crate::agree::Row>,
}

/// Two codes that share segments. `a < b` by id.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRow {
    pub a: String,
    pub b: String,
    pub segments: u32,
    pub companies: Option<u32>,
    pub jaccard: f64,
}

/// One group's cell of a breakdown: (companies, share); `None` where suppressed.
pub type GroupCell = (Option<u32>, Option<f64>);

/// One `group_by` breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTable {
    pub attribute: String,
    /// Group values with their number of companies.
    pub groups: Vec<(String, Option<u32>)>,
    /// Per code id (codebook order): per group, (companies, share).
    pub rows: Vec<(String, Vec<GroupCell>)>,
}

/// Companies asking for at least one code of a category with a facet value (e.g. a specialist
/// skill with `level = spets`).
#[derive(Debug, Clone, PartialEq)]
pub struct FacetRow {
    pub category: String,
    pub facet: String,
    pub value: String,
    pub companies: Option<u32>,
    pub share: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuoteRow {
    pub code: String,
    pub interview: String,
    pub company: String,
    pub segment: u32,
    pub text: String,
}

/// Where the numbers came from (from the manifest).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    pub tool_version: String,
    pub codebook_name: String,
    pub codebook_version: String,
    pub codebook_sha256: String,
    pub inputs: usize,
    pub started: String,
    pub finished: String,
    pub min_cell: u32,
    pub pseudonymized: bool,
    pub text_included: bool,
}

impl From<&super::manifest::Manifest> for Provenance {
    /// The report's provenance is the manifest's, so the two cannot disagree.
    fn from(m: &super::manifest::Manifest) -> Provenance {
        Provenance {
            tool_version: m.version.to_owned(),
            codebook_name: m.codebook.name.clone(),
            codebook_version: m.codebook.version.clone(),
            codebook_sha256: m.codebook.sha256.clone(),
            inputs: m.inputs.len(),
            started: m.started.clone(),
            finished: m.finished.clone(),
            min_cell: m.options.min_cell,
            pseudonymized: m.options.pseudonymized,
            text_included: m.options.include_text,
        }
    }
}

/// Companies as rows and codes as columns, segments (inclusive) per cell, for the workbook: the
/// first [`Matrix::MAX_COMPANIES`] companies in sorted order and, of the codes any company
/// mentions, the [`Matrix::MAX_CODES`] that most companies mention, in codebook order. All pairs
/// are in `company_codes`; a bounded matrix keeps a large corpus or codebook from making a sheet
/// of millions of cells that no one reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matrix {
    pub codes: Vec<String>,
    pub rows: Vec<(String, Vec<u32>)>,
    /// Companies and mentioned codes left out.
    pub more_companies: usize,
    pub more_codes: usize,
}

impl Matrix {
    pub const MAX_COMPANIES: usize = super::MAX_ROWS;
    pub const MAX_CODES: usize = 40;

    /// From the `company_codes` table (sorted by company) as one frame.
    #[cfg(test)]
    fn build(df: &DataFrame, cb: &Codebook) -> PolarsResult<Matrix> {
        let mut m = MatrixBuilder::new(cb);
        m.add(df)?;
        Ok(m.finish())
    }
}

/// Builds the [`Matrix`] from the `company_codes` table batch by batch, as it is written (rows
/// sorted by company): it counts the companies of every code and keeps the rows of the first
/// [`Matrix::MAX_COMPANIES`] companies only.
pub struct MatrixBuilder<'a> {
    cb: &'a Codebook,
    companies_per_code: Vec<u32>,
    n_companies: usize,
    last: Option<String>,
    /// The first companies, each with its (code, segments).
    rows: Vec<(String, Vec<(usize, u32)>)>,
}

impl<'a> MatrixBuilder<'a> {
    pub fn new(cb: &'a Codebook) -> MatrixBuilder<'a> {
        MatrixBuilder {
            cb,
            companies_per_code: vec![0; cb.codes.len()],
            n_companies: 0,
            last: None,
            rows: Vec::new(),
        }
    }

    /// Takes the next rows of `company_codes`.
    pub fn add(&mut self, df: &DataFrame) -> PolarsResult<()> {
        let company = df.column("company")?.str()?;
        let code = df.column("code")?.str()?;
        let segments = df.column("segments")?.u32()?;
        for ((comp, c), segs) in company.iter().zip(code.iter()).zip(segments.iter()) {
            let comp = comp.unwrap_or_default();
            if self.last.as_deref() != Some(comp) {
                self.n_companies += 1;
                self.last = Some(comp.to_owned());
                if self.rows.len() < Matrix::MAX_COMPANIES {
                    self.rows.push((comp.to_owned(), Vec::new()));
                }
            }
            let Some(i) = c.and_then(|c| self.cb.index_of(c)) else {
                continue;
            };
            self.companies_per_code[i] += 1;
            if self.n_companies <= Matrix::MAX_COMPANIES {
                if let Some((_, row)) = self.rows.last_mut() {
                    row.push((i, segs.unwrap_or(0)));
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Matrix {
        let cb = self.cb;
        let per_code = &self.companies_per_code;
        let mut mentioned: Vec<usize> = (0..cb.codes.len()).filter(|&i| per_code[i] > 0).collect();
        let more_codes = mentioned.len().saturating_sub(Matrix::MAX_CODES);
        mentioned.sort_by_key(|&i| (std::cmp::Reverse(per_code[i]), i));
        mentioned.truncate(Matrix::MAX_CODES);
        mentioned.sort_unstable();
        let mut column = vec![None; cb.codes.len()];
        for (col, &i) in mentioned.iter().enumerate() {
            column[i] = Some(col);
        }
        let rows = self
            .rows
            .into_iter()
            .map(|(company, cells)| {
                let mut row = vec![0; mentioned.len()];
                for (i, segs) in cells {
                    if let Some(col) = column[i] {
                        row[col] = segs;
                    }
                }
                (company, row)
            })
            .collect();
        Matrix {
            codes: mentioned.iter().map(|&i| cb.codes[i].id.clone()).collect(),
            rows,
            more_companies: self.n_companies.saturating_sub(Matrix::MAX_COMPANIES),
            more_codes,
        }
    }
}

/// Everything the readable reports show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportData {
    pub interviews: usize,
    pub companies: usize,
    pub segments: usize,
    pub coded_segments: usize,
    pub codes: Vec<CodeRow>,
    pub pairs: Vec<PairRow>,
    pub groups: Vec<GroupTable>,
    pub facets: Vec<FacetRow>,
    /// The combination figure; empty where the codebook has no specialist or no domain codes.
    pub combination: Vec<CombinationRow>,
    pub quotes: Vec<QuoteRow>,
    /// The headline counts (`CodeRow::companies`, group cells) are companies that *need* a
    /// code (stance on), not companies that mention it.
    pub need: bool,
    /// Automatic against manual coding, where the run's transcripts carry manual codes.
    pub agreement: Option<AgreementView>,
    /// The workbook's company × code matrix.
    pub matrix: Matrix,
    pub provenance: Provenance,
}

impl ReportData {
    pub fn code(&self, id: &str) -> Option<&CodeRow> {
        self.codes.iter().find(|c| c.id == id)
    }

    /// Every coded code (one that some company mentions, or whose count is suppressed),
    /// parents (groups) as well as leaves, by inclusive company count (largest first), ties
    /// in codebook order; suppressed ones last.
    pub fn top_codes(&self, n: usize) -> Vec<&CodeRow> {
        let mut rows: Vec<&CodeRow> = self
            .codes
            .iter()
            .filter(|c| c.mention_companies != Some(0))
            .collect();
        rows.sort_by_key(|c| std::cmp::Reverse(c.companies.map_or(0, |k| k + 1)));
        rows.truncate(n);
        rows
    }

    /// The combination row of the region for a scope.
    pub fn combination_all(&self, scope: &str) -> Option<&CombinationRow> {
        self.combination
            .iter()
            .find(|r| r.scope == scope && r.attribute == crate::tally::ALL)
    }

    /// The labels of a code's direct children, in codebook order.
    pub fn children(&self, id: &str) -> Vec<&CodeRow> {
        self.codes
            .iter()
            .filter(|c| c.parent.as_deref() == Some(id))
            .collect()
    }

    pub fn publication(&self) -> bool {
        self.provenance.min_cell > 0
    }
}

fn table<'a>(tables: &'a [Table], kind: &Kind) -> Option<&'a DataFrame> {
    tables.iter().find(|t| t.kind == *kind).map(|t| &t.df)
}

fn strs(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(c)?
        .str()?
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect())
}

fn u32s(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<u32>>> {
    Ok(df.column(c)?.u32()?.iter().collect())
}

fn f64s(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(c)?.f64()?.iter().collect())
}

/// Counts and run facts that are not in the tables.
pub struct Counts {
    pub interviews: usize,
    pub companies: usize,
    pub segments: usize,
    pub coded_segments: usize,
}

/// Orders group values the way people count: `1-9`, `10-49`, `50-249`, `250+`; text
/// otherwise, with `(missing)` last.
pub(crate) fn natural_key(s: &str) -> (bool, u64, String) {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let missing = s == crate::tally::MISSING;
    match digits.parse::<u64>() {
        Ok(n) => (missing, n, s.to_owned()),
        Err(_) => (missing, u64::MAX, s.to_lowercase()),
    }
}

/// Gathers the report data from the final tables, the number of companies per facet value and
/// the company × code matrix (built as `company_codes` was written).
pub fn build(
    tables: &[Table],
    cb: &Codebook,
    counts: Counts,
    provenance: Provenance,
    facet_companies: BTreeMap<(String, String, String), (u32, u32)>,
    matrix: Matrix,
) -> PolarsResult<ReportData> {
    let missing = |n: &str| PolarsError::ColumnNotFound(format!("table {n}").into());
    let codes_df = table(tables, &Kind::Codes).ok_or_else(|| missing("codes"))?;
    // With stance on, the headline is need: companies that lack, want or cannot recruit a
    // skill. Without it, companies that mention the skill, and the texts say so.
    let need = cb.cues.stance;
    let pick = |need_col: &'static str, mention_col: &'static str| {
        if need {
            need_col
        } else {
            mention_col
        }
    };
    let mention_companies = u32s(codes_df, "companies")?;
    let companies = u32s(codes_df, pick("need_companies", "companies"))?;
    let segments = u32s(codes_df, "segments")?;
    let mentions = u32s(codes_df, "mentions")?;
    let share = f64s(codes_df, pick("need_share", "company_share"))?;
    let low = f64s(codes_df, pick("need_ci_low", "ci_low"))?;
    let high = f64s(codes_df, pick("need_ci_high", "ci_high"))?;
    let direct = u32s(codes_df, pick("direct_need_companies", "direct_companies"))?;
    let codes: Vec<CodeRow> = cb
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| CodeRow {
            id: c.id.clone(),
            label: c.label.clone(),
            category: c.category.clone(),
            parent: c.parent.clone(),
            depth: cb.depth(i) as u32,
            has_children: cb.has_children(i),
            facets: c.facets.clone(),
            segments: segments[i].unwrap_or(0),
            mentions: mentions[i].unwrap_or(0),
            companies: companies[i],
            share: share[i],
            ci_low: low[i],
            ci_high: high[i],
            mention_companies: mention_companies[i],
            direct: direct[i],
        })
        .collect();

    let mut combination = Vec::new();
    if let Some(df) = table(tables, &Kind::Combination) {
        let (attr, value, scope) = (
            strs(df, "attribute")?,
            strs(df, "value")?,
            strs(df, "scope")?,
        );
        let (group, counted) = (u32s(df, "group_companies")?, u32s(df, "companies")?);
        let k = u32s(df, pick("need_companies", "companies"))?;
        let sh = f64s(df, pick("need_share", "share"))?;
        let lo = f64s(df, pick("need_ci_low", "ci_low"))?;
        let hi = f64s(df, pick("need_ci_high", "ci_high"))?;
        for i in 0..df.height() {
            combination.push(CombinationRow {
                attribute: attr[i].clone().unwrap_or_default(),
                value: value[i].clone().unwrap_or_default(),
                scope: scope[i].clone().unwrap_or_default(),
                group: group[i],
                companies: k[i],
                share: sh[i],
                ci_low: lo[i],
                ci_high: hi[i],
                mention_companies: counted[i],
            });
        }
        // Groups in the order people count ("1-9" before "10-49"), attributes and scopes as
        // the table has them.
        let mut first_seen: Vec<(String, String)> = Vec::new();
        for r in &combination {
            let key = (r.scope.clone(), r.attribute.clone());
            if !first_seen.contains(&key) {
                first_seen.push(key);
            }
        }
        combination.sort_by_cached_key(|r| {
            let at = first_seen
                .iter()
                .position(|(s, a)| *s == r.scope && *a == r.attribute);
            (at, natural_key(&r.value))
        });
    }

    let mut pairs = Vec::new();
    if let Some(df) = table(tables, &Kind::Cooccurrence) {
        let (a, b) = (strs(df, "code_a")?, strs(df, "code_b")?);
        let (s, c, j) = (
            u32s(df, "segments")?,
            u32s(df, "companies")?,
            f64s(df, "jaccard")?,
        );
        for i in 0..df.height() {
            pairs.push(PairRow {
                a: a[i].clone().unwrap_or_default(),
                b: b[i].clone().unwrap_or_default(),
                segments: s[i].unwrap_or(0),
                companies: c[i],
                jaccard: j[i].unwrap_or(0.0),
            });
        }
    }

    let mut groups = Vec::new();
    for attr in &cb.group_by {
        let Some(df) = table(tables, &Kind::By(attr.clone())) else {
            continue;
        };
        let (values, code) = (strs(df, attr)?, strs(df, "code")?);
        let (k, n, sh) = (
            u32s(df, pick("need_companies", "companies"))?,
            u32s(df, "group_companies")?,
            f64s(df, pick("need_share", "share"))?,
        );
        // Cells are keyed by (value, code), not by position, so a missing row cannot shift a
        // cell into another group's column.
        let mut sizes: BTreeMap<String, Option<u32>> = BTreeMap::new();
        let mut cells: BTreeMap<(String, String), GroupCell> = BTreeMap::new();
        for i in 0..df.height() {
            let v = values[i].clone().unwrap_or_default();
            sizes.entry(v.clone()).or_insert(n[i]);
            cells.insert((v, code[i].clone().unwrap_or_default()), (k[i], sh[i]));
        }
        let mut order: Vec<String> = sizes.keys().cloned().collect();
        order.sort_by_key(|v| natural_key(v));
        let g = GroupTable {
            attribute: attr.clone(),
            groups: order.iter().map(|v| (v.clone(), sizes[v])).collect(),
            rows: cb
                .codes
                .iter()
                .map(|c| {
                    let row = order
                        .iter()
                        .map(|v| {
                            cells
                                .get(&(v.clone(), c.id.clone()))
                                .copied()
                                .unwrap_or((None, None))
                        })
                        .collect();
                    (c.id.clone(), row)
                })
                .collect(),
        };
        groups.push(g);
    }

    // Facet breakdown (bredd/spets) within each category: companies with a counted occurrence
    // (need, with stance on) of a code of the category that itself carries the value (see
    // `Tally::facet_companies`).
    let n = counts.companies as u32;
    let k = provenance.min_cell;
    let facets = facet_companies
        .into_iter()
        .map(|((category, facet, value), (counted, needed))| {
            let m = if need { needed } else { counted };
            let hidden = m > 0 && m < k;
            let (l, h) = stats::wilson(m, n);
            FacetRow {
                category,
                facet,
                value,
                companies: (!hidden).then_some(m),
                share: (!hidden).then(|| crate::tally::round4(stats::share(m, n))),
                ci_low: (!hidden).then(|| crate::tally::round4(l)),
                ci_high: (!hidden).then(|| crate::tally::round4(h)),
            }
        })
        .collect();

    let mut quotes = Vec::new();
    if let Some(df) = table(tables, &Kind::Quotes) {
        let (code, iv, comp) = (
            strs(df, "code")?,
            strs(df, "interview")?,
            strs(df, "company")?,
        );
        let (seg, text) = (u32s(df, "segment")?, strs(df, "text")?);
        for i in 0..df.height() {
            quotes.push(QuoteRow {
                code: code[i].clone().unwrap_or_default(),
                interview: iv[i].clone().unwrap_or_default(),
                company: comp[i].clone().unwrap_or_default(),
                segment: seg[i].unwrap_or(0),
                text: text[i].clone().unwrap_or_default(),
            });
        }
    }

    Ok(ReportData {
        interviews: counts.interviews,
        companies: counts.companies,
        segments: counts.segments,
        coded_segments: counts.coded_segments,
        codes,
        pairs,
        groups,
        facets,
        combination,
        quotes,
        need,
        agreement: None,
        matrix,
        provenance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_keeps_the_codes_most_companies_mention_in_codebook_order() {
        let ids: Vec<String> = (0..Matrix::MAX_CODES + 2)
            .map(|i| format!("k{i}"))
            .collect();
        let toml: String = ids
            .iter()
            .map(|id| format!("[[codes]]\nid = \"{id}\"\nterms = [\"{id}\"]\n"))
            .collect();
        let mut d = crate::diag::Diagnostics::new();
        let cb = crate::codebook::parse(
            &format!("name = \"t\"\n{toml}"),
            std::path::Path::new("t.toml"),
            "",
            &mut d,
        )
        .unwrap();
        // Company A mentions every code; B all but k0 and k1, which so drop out.
        let mut rows: Vec<(&str, &str, u32)> = ids.iter().map(|c| ("A", c.as_str(), 1)).collect();
        rows.extend(ids[2..].iter().map(|c| ("B", c.as_str(), 2)));
        let df = df!(
            "company" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "code" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "segments" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        )
        .unwrap();
        let m = Matrix::build(&df, &cb).unwrap();
        assert_eq!(m.codes, ids[2..]);
        assert_eq!(m.more_codes, 2);
        assert_eq!(m.more_companies, 0);
        assert_eq!(m.rows.len(), 2);
        assert_eq!((m.rows[1].0.as_str(), m.rows[1].1[0]), ("B", 2));
    }

    #[test]
    fn matrix_from_batches_is_the_matrix_of_the_whole_table() {
        let ids: Vec<String> = (0..3).map(|i| format!("k{i}")).collect();
        let codes = ids.iter().map(|id| format!("[[codes]]\nid = \"{id}\"\n"));
        let toml: String = std::iter::once("name = \"t\"\n".to_owned())
            .chain(codes)
            .collect();
        let mut d = crate::diag::Diagnostics::new();
        let cb =
            crate::codebook::parse(&toml, std::path::Path::new("cb.toml"), "", &mut d).unwrap();
        // More companies than the matrix holds, each with one or two codes; k2 is the rarest.
        let n = Matrix::MAX_COMPANIES + 5;
        let mut rows: Vec<(String, &str, u32)> = Vec::new();
        for c in 0..n {
            let name = format!("C{c:06}");
            rows.push((name.clone(), "k0", 1));
            rows.push((name, if c % 3 == 0 { "k2" } else { "k1" }, c as u32));
        }
        let frame = |rows: &[(String, &str, u32)]| {
            df!(
                "company" => rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
                "code" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
                "segments" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            )
            .unwrap()
        };
        let whole = Matrix::build(&frame(&rows), &cb).unwrap();
        assert_eq!(whole.codes, ids);
        assert_eq!(whole.rows.len(), Matrix::MAX_COMPANIES);
        assert_eq!(whole.more_companies, 5);
        assert_eq!(whole.rows[3], ("C000003".to_owned(), vec![1, 0, 3]));
        assert_eq!(whole.rows[4], ("C000004".to_owned(), vec![1, 4, 0]));
        // Batches that split a company between them make the same matrix.
        let mut b = MatrixBuilder::new(&cb);
        for part in [&rows[..7], &rows[7..30_001], &rows[30_001..]] {
            b.add(&frame(part)).unwrap();
        }
        assert_eq!(b.finish(), whole);
    }

    #[test]
    fn group_values_in_natural_order() {
        let mut v = vec![
            "250+",
            "50-249",
            "(missing)",
            "1-9",
            "10-49",
            "Turism",
            "it",
        ];
        v.sort_by_key(|x| natural_key(x));
        assert_eq!(
            v,
            [
                "1-9",
                "10-49",
                "50-249",
                "250+",
                "it",
                "Turism",
                "(missing)"
            ]
        );
    }
}
