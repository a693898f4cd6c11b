//! Tallies turn occurrences into the demand tables of SPEC 5.1, with polars doing the grouping.
//! Counts are *inclusive*: an occurrence of a code also counts for each of its ancestors (a
//! mention of `plc` is a mention of `automation`). Negated occurrences are listed in `segments`
//! but never counted, and a company interviewed twice is one company.

pub mod disclose;
pub mod stats;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use polars::prelude::*;

use crate::codebook::{Code, Codebook};
use crate::coding::{Matcher, Occurrence};
use crate::ingest::{Corpus, Role};

/// Value of a `group_by` attribute for a company that has none.
pub const MISSING: &str = "(missing)";

/// A named output table.
pub struct Table {
    pub name: String,
    pub df: DataFrame,
}

/// Everything the tallies read.
pub struct Input<'a> {
    pub corpus: &'a Corpus,
    pub codebook: &'a Codebook,
    pub matcher: &'a Matcher,
    pub occurrences: &'a [Occurrence],
}

/// Computes every table, in the order they are written.
pub fn tables(input: &Input<'_>) -> PolarsResult<Vec<Table>> {
    let t = Tally::new(input);
    let mut out = vec![
        Table {
            name: "segments".into(),
            df: t.segments()?,
        },
        Table {
            name: "codes".into(),
            df: t.codes()?,
        },
        Table {
            name: "company_codes".into(),
            df: t.company_codes()?,
        },
    ];
    for attr in &input.codebook.group_by {
        out.push(Table {
            name: format!("by_{attr}"),
            df: t.by_attribute(attr)?,
        });
    }
    out.push(Table {
        name: "cooccurrence".into(),
        df: t.cooccurrence()?,
    });
    out.push(Table {
        name: "quotes".into(),
        df: t.quotes()?,
    });
    Ok(out)
}

struct Tally<'a> {
    input: &'a Input<'a>,
    /// Inclusive, non-negated occurrences: segment id, interview, company, code (ancestors
    /// included).
    inc: LazyFrame,
    n_companies: u32,
}

fn col_u32(name: &str, v: Vec<u32>) -> Column {
    Column::new(name.into(), v)
}

/// A string column in which empty strings are nulls (written as empty CSV cells; an absent
/// parent or facet is missing, not an empty name).
fn col_str<S: AsRef<str>>(name: &str, v: &[S]) -> Column {
    let v: Vec<Option<&str>> = v
        .iter()
        .map(|s| Some(s.as_ref()).filter(|s| !s.is_empty()))
        .collect();
    Column::new(name.into(), v)
}

fn col_f64(name: &str, v: Vec<f64>) -> Column {
    Column::new(name.into(), v)
}

/// Rounds shares and indices for readable tables (four decimals is 0.01 percentage points).
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn u32s(df: &DataFrame, name: &str) -> PolarsResult<Vec<u32>> {
    Ok(df
        .column(name)?
        .u32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

impl<'a> Tally<'a> {
    fn new(input: &'a Input<'a>) -> Self {
        let corpus = input.corpus;
        let cb = input.codebook;
        let mut offsets = Vec::with_capacity(corpus.interviews.len());
        let mut total = 0u32;
        for iv in &corpus.interviews {
            offsets.push(total);
            total += iv.segments.len() as u32;
        }
        let (mut seg, mut interview, mut company, mut code) = (vec![], vec![], vec![], vec![]);
        for o in input.occurrences.iter().filter(|o| !o.negated) {
            let iv = &corpus.interviews[o.interview as usize];
            for a in cb.self_and_ancestors(o.code as usize) {
                seg.push(offsets[o.interview as usize] + o.segment);
                interview.push(iv.id.as_str());
                company.push(iv.company.as_str());
                code.push(cb.codes[a].id.as_str());
            }
        }
        let inc = DataFrame::new_infer_height(vec![
            col_u32("seg", seg),
            col_str("interview", &interview),
            col_str("company", &company),
            col_str("code", &code),
        ])
        .expect("columns of equal length")
        .lazy();
        Tally {
            input,
            inc,
            n_companies: corpus.companies().len() as u32,
        }
    }

    /// Code ids in codebook order with their position, for sorting.
    fn code_order(&self) -> DataFrame {
        let ids: Vec<&str> = self
            .input
            .codebook
            .codes
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let order: Vec<u32> = (0..ids.len() as u32).collect();
        DataFrame::new_infer_height(vec![col_str("code", &ids), col_u32("code_order", order)])
            .expect("columns of equal length")
    }

    fn segments(&self) -> PolarsResult<DataFrame> {
        let Input {
            corpus,
            codebook,
            matcher,
            occurrences,
        } = self.input;
        let n = occurrences.len();
        // The cells borrow from the corpus, codebook and matcher; nothing is copied until polars
        // builds the columns.
        let mut c: [Vec<&str>; 8] = Default::default();
        let (mut segment, mut start, mut end, mut negated) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for o in occurrences.iter() {
            let iv = &corpus.interviews[o.interview as usize];
            let seg = &iv.segments[o.segment as usize];
            let term = o
                .pattern
                .map(|p| matcher.pattern(p).text.as_str())
                .unwrap_or("");
            let text = &seg.text[o.byte_start as usize..o.byte_end as usize];
            let row = [
                iv.id.as_str(),
                iv.company.as_str(),
                seg.speaker.as_str(),
                seg.role.as_str(),
                codebook.codes[o.code as usize].id.as_str(),
                o.source.as_str(),
                term,
                text,
            ];
            for (col, v) in c.iter_mut().zip(row) {
                col.push(v);
            }
            segment.push(seg.number);
            start.push(o.start);
            end.push(o.end);
            negated.push(o.negated);
        }
        let [interview, company, speaker, role, code, source, term, text] = c;
        DataFrame::new_infer_height(vec![
            col_str("interview", &interview),
            col_str("company", &company),
            col_u32("segment", segment),
            col_str("speaker", &speaker),
            col_str("role", &role),
            col_str("code", &code),
            col_str("source", &source),
            col_str("term", &term),
            col_u32("start", start),
            col_u32("end", end),
            Column::new("negated".into(), negated),
            col_str("text", &text),
        ])
    }

    fn codes(&self) -> PolarsResult<DataFrame> {
        let cb = self.input.codebook;
        let facet_keys = cb.facet_keys();
        // One text column per code attribute, in codebook order.
        let per_code = |name: &str, f: &dyn Fn(&Code) -> &str| {
            col_str(name, &cb.codes.iter().map(f).collect::<Vec<_>>())
        };
        let mut base = vec![
            per_code("code", &|c| &c.id),
            per_code("label", &|c| &c.label),
            per_code("category", &|c| &c.category),
            per_code("parent", &|c| c.parent.as_deref().unwrap_or("")),
            col_u32(
                "depth",
                (0..cb.codes.len()).map(|i| cb.depth(i) as u32).collect(),
            ),
        ];
        for key in &facet_keys {
            base.push(per_code(key, &|c| {
                c.facets.get(key).map(String::as_str).unwrap_or("")
            }));
        }
        base.push(col_u32("code_order", (0..cb.codes.len() as u32).collect()));
        let counts = self.inc.clone().group_by([col("code")]).agg([
            col("seg").n_unique().alias("segments"),
            len().alias("mentions"),
            col("interview").n_unique().alias("interviews"),
            col("company").n_unique().alias("companies"),
        ]);
        let count_cols = ["segments", "mentions", "interviews", "companies"];
        let mut df = DataFrame::new_infer_height(base)?
            .lazy()
            .left_join(counts, col("code"), col("code"))
            .with_columns(
                count_cols
                    .iter()
                    .map(|c| col(*c).cast(DataType::UInt32).fill_null(lit(0u32)))
                    .collect::<Vec<_>>(),
            )
            .sort(["code_order"], SortMultipleOptions::default())
            .drop(cols(["code_order"]))
            .collect()?;
        let companies = u32s(&df, "companies")?;
        let n = self.n_companies;
        let share = companies
            .iter()
            .map(|&k| round4(stats::share(k, n)))
            .collect();
        let (low, high): (Vec<f64>, Vec<f64>) = companies
            .iter()
            .map(|&k| {
                let (l, h) = stats::wilson(k, n);
                (round4(l), round4(h))
            })
            .unzip();
        df.with_column(col_f64("company_share", share))?;
        df.with_column(col_f64("ci_low", low))?;
        df.with_column(col_f64("ci_high", high))?;
        Ok(df)
    }

    fn company_codes(&self) -> PolarsResult<DataFrame> {
        self.inc
            .clone()
            .group_by([col("company"), col("code")])
            .agg([
                col("seg")
                    .n_unique()
                    .cast(DataType::UInt32)
                    .alias("segments"),
                len().cast(DataType::UInt32).alias("mentions"),
            ])
            .join(
                self.code_order().lazy(),
                [col("code")],
                [col("code")],
                JoinArgs::new(JoinType::Inner),
            )
            .sort(["company", "code_order"], SortMultipleOptions::default())
            .select([
                col("company"),
                col("code"),
                col("segments"),
                col("mentions"),
            ])
            .collect()
    }

    /// The values of `attr` per company. A company whose interviews disagree on the value
    /// belongs to each of its groups; one without a value belongs to `(missing)`.
    fn company_values(&self, attr: &str) -> BTreeSet<(String, String)> {
        self.input
            .corpus
            .interviews
            .iter()
            .map(|iv| {
                let v = iv
                    .attributes
                    .get(attr)
                    .map(String::as_str)
                    .unwrap_or(MISSING);
                (iv.company.clone(), v.to_owned())
            })
            .collect()
    }

    fn by_attribute(&self, attr: &str) -> PolarsResult<DataFrame> {
        let pairs = self.company_values(attr);
        let (companies, values): (Vec<&str>, Vec<&str>) =
            pairs.iter().map(|(c, v)| (c.as_str(), v.as_str())).unzip();
        let company_attr = DataFrame::new_infer_height(vec![
            col_str("company", &companies),
            col_str(attr, &values),
        ])?
        .lazy();
        let sizes = company_attr
            .clone()
            .group_by([col(attr)])
            .agg([col("company")
                .n_unique()
                .cast(DataType::UInt32)
                .alias("group_companies")]);
        let counts = self
            .inc
            .clone()
            .select([col("company"), col("code")])
            .unique(None, UniqueKeepStrategy::Any)
            .join(
                company_attr,
                [col("company")],
                [col("company")],
                JoinArgs::new(JoinType::Inner),
            )
            .group_by([col(attr), col("code")])
            .agg([col("company")
                .n_unique()
                .cast(DataType::UInt32)
                .alias("companies")]);
        let mut df = sizes
            .cross_join(self.code_order().lazy(), None)
            .join(
                counts,
                [col(attr), col("code")],
                [col(attr), col("code")],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col("companies").fill_null(lit(0u32)))
            .sort([attr, "code_order"], SortMultipleOptions::default())
            .select([
                col(attr),
                col("code"),
                col("companies"),
                col("group_companies"),
            ])
            .collect()?;
        let k = u32s(&df, "companies")?;
        let n = u32s(&df, "group_companies")?;
        let share = k
            .iter()
            .zip(&n)
            .map(|(&k, &n)| round4(stats::share(k, n)))
            .collect();
        df.with_column(col_f64("share", share))?;
        Ok(df)
    }

    fn cooccurrence(&self) -> PolarsResult<DataFrame> {
        let cb = self.input.codebook;
        // Pairs of a code and its own ancestor co-occur by construction; they are left out.
        let mut related: (Vec<&str>, Vec<&str>) = (vec![], vec![]);
        for i in 0..cb.codes.len() {
            for &a in &cb.self_and_ancestors(i)[1..] {
                let (x, y) = (cb.codes[i].id.as_str(), cb.codes[a].id.as_str());
                let (lo, hi) = if x < y { (x, y) } else { (y, x) };
                related.0.push(lo);
                related.1.push(hi);
            }
        }
        let related = DataFrame::new_infer_height(vec![
            col_str("code", &related.0),
            col_str("code_b", &related.1),
        ])?
        .lazy();
        let seg_code = self
            .inc
            .clone()
            .select([col("seg"), col("company"), col("code")])
            .unique(None, UniqueKeepStrategy::Any);
        let per_code = seg_code
            .clone()
            .group_by([col("code")])
            .agg([col("seg").n_unique().cast(DataType::UInt32).alias("n")]);
        let right = seg_code
            .clone()
            .select([col("seg"), col("code").alias("code_b")]);
        let mut df = seg_code
            .join(
                right,
                [col("seg")],
                [col("seg")],
                JoinArgs::new(JoinType::Inner),
            )
            .filter(col("code").lt(col("code_b")))
            .join(
                related,
                [col("code"), col("code_b")],
                [col("code"), col("code_b")],
                JoinArgs::new(JoinType::Anti),
            )
            .group_by([col("code"), col("code_b")])
            .agg([
                col("seg")
                    .n_unique()
                    .cast(DataType::UInt32)
                    .alias("segments"),
                col("company")
                    .n_unique()
                    .cast(DataType::UInt32)
                    .alias("companies"),
            ])
            .join(
                per_code
                    .clone()
                    .select([col("code"), col("n").alias("n_a")]),
                [col("code")],
                [col("code")],
                JoinArgs::new(JoinType::Inner),
            )
            .join(
                per_code.select([col("code").alias("code_b"), col("n").alias("n_b")]),
                [col("code_b")],
                [col("code_b")],
                JoinArgs::new(JoinType::Inner),
            )
            .sort(["code", "code_b"], SortMultipleOptions::default())
            .select([
                col("code").alias("code_a"),
                col("code_b"),
                col("segments"),
                col("companies"),
                col("n_a"),
                col("n_b"),
            ])
            .collect()?;
        let both = u32s(&df, "segments")?;
        let na = u32s(&df, "n_a")?;
        let nb = u32s(&df, "n_b")?;
        let jaccard = both
            .iter()
            .zip(na.iter().zip(&nb))
            .map(|(&s, (&a, &b))| round4(f64::from(s) / f64::from(a + b - s)))
            .collect();
        df = df.drop_many(["n_a", "n_b"]);
        df.with_column(col_f64("jaccard", jaccard))?;
        Ok(df)
    }

    /// Up to three respondent segments per code: segments coded with the code itself before
    /// those coded only through a child, then those with the fewest other codes, one per company
    /// before a second from the same company, then file order.
    fn quotes(&self) -> PolarsResult<DataFrame> {
        let Input {
            corpus,
            codebook: cb,
            occurrences,
            ..
        } = self.input;
        // segment id -> (direct codes, inclusive codes)
        let mut by_seg: BTreeMap<(u32, u32), (BTreeSet<usize>, BTreeSet<usize>)> = BTreeMap::new();
        for o in occurrences.iter().filter(|o| !o.negated) {
            let seg = &corpus.interviews[o.interview as usize].segments[o.segment as usize];
            if seg.role != Role::Respondent {
                continue;
            }
            let e = by_seg.entry((o.interview, o.segment)).or_default();
            e.0.insert(o.code as usize);
            e.1.extend(cb.self_and_ancestors(o.code as usize));
        }
        // Per code: (coded only through a child, other codes, very long, segment), best first.
        type Candidate = (bool, usize, bool, (u32, u32));
        let mut candidates: HashMap<usize, Vec<Candidate>> = HashMap::new();
        for (&key, (direct, inclusive)) in &by_seg {
            let text_len = corpus.interviews[key.0 as usize].segments[key.1 as usize]
                .text
                .chars()
                .count();
            for &code in inclusive {
                let others = direct
                    .iter()
                    .filter(|&&d| !cb.self_and_ancestors(d).contains(&code))
                    .count();
                candidates.entry(code).or_default().push((
                    !direct.contains(&code),
                    others,
                    text_len > 600,
                    key,
                ));
            }
        }
        let (mut code, mut interview, mut company, mut segment, mut text) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (ci, c) in cb.codes.iter().enumerate() {
            let Some(list) = candidates.get_mut(&ci) else {
                continue;
            };
            list.sort();
            let mut chosen: Vec<(u32, u32)> = Vec::new();
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            for pass in 0..2 {
                for &(_, _, _, key) in list.iter() {
                    let comp = corpus.interviews[key.0 as usize].company.as_str();
                    if chosen.len() < 3
                        && !chosen.contains(&key)
                        && (pass == 1 || seen.insert(comp))
                    {
                        chosen.push(key);
                    }
                }
            }
            for key in chosen {
                let iv = &corpus.interviews[key.0 as usize];
                let seg = &iv.segments[key.1 as usize];
                code.push(c.id.as_str());
                interview.push(iv.id.as_str());
                company.push(iv.company.as_str());
                segment.push(seg.number);
                text.push(seg.text.as_str());
            }
        }
        DataFrame::new_infer_height(vec![
            col_str("code", &code),
            col_str("interview", &interview),
            col_str("company", &company),
            col_u32("segment", segment),
            col_str("text", &text),
        ])
    }
}

#[cfg(test)]
mod tests;
