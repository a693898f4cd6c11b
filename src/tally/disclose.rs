//! Disclosure control turns the researcher's tables into publishable ones (SPEC 5.3). With
//! `min_cell = k > 0`, every company count `0 < n < k` and whatever is computed from it (shares,
//! intervals, interview counts) is blanked, and the row is flagged in a `suppressed` column, so a
//! reader never takes a suppressed cell for a zero. In the same mode no transcript text is
//! written unless the user asks for it: `segments.text` is emptied and `quotes` left out.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::table::{Kind, Rule, Table};

mod secondary;

/// What a run may disclose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policy {
    /// Smallest company count that may be published; 0 publishes everything.
    pub min_cell: u32,
    /// Write transcript text even in publication mode.
    pub include_text: bool,
}

impl Policy {
    pub fn publication(&self) -> bool {
        self.min_cell > 0
    }

    pub fn omit_text(&self) -> bool {
        self.publication() && !self.include_text
    }
}

/// Per count column of a table (`companies`, `group_companies`, `need_companies`, …), which
/// rows are suppressed.
type Masks = BTreeMap<&'static str, Vec<bool>>;

/// The count columns the rules of `kind` name, as far as the frame has them, each with its
/// values (a missing value counts as 0).
fn counts(kind: &Kind, df: &DataFrame) -> PolarsResult<BTreeMap<&'static str, Vec<u32>>> {
    let mut out = BTreeMap::new();
    for c in kind.columns() {
        if let Rule::SmallIf(by) = c.rule {
            for &b in by {
                if out.contains_key(b) || df.column(b).is_err() {
                    continue;
                }
                let v = df
                    .column(b)?
                    .u32()?
                    .iter()
                    .map(|x| x.unwrap_or(0))
                    .collect();
                out.insert(b, v);
            }
        }
    }
    Ok(out)
}

/// Primary suppression: every company count `0 < n < k`.
fn primary(counts: &BTreeMap<&'static str, Vec<u32>>, k: u32) -> Masks {
    counts
        .iter()
        .map(|(&name, v)| (name, v.iter().map(|&n| n > 0 && n < k).collect()))
        .collect()
}

/// The expressions that apply the column rules of `kind` to a frame with `schema` whose count
/// masks are the boolean columns `__mask_<name>`: each column blanked where one of its company
/// counts is suppressed, and the `suppressed` flag where any is.
fn suppress(kind: &Kind, schema: &Schema, masks: &Masks) -> Vec<Expr> {
    let mask = |b: &str| col(format!("__mask_{b}"));
    let mut exprs = Vec::new();
    for c in kind.columns() {
        let Rule::SmallIf(by) = c.rule else {
            continue;
        };
        let Some(dtype) = schema.get(c.name) else {
            continue;
        };
        let hidden = by
            .iter()
            .filter(|b| masks.contains_key(*b))
            .map(|b| mask(b))
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(false));
        exprs.push(
            when(hidden)
                .then(lit(NULL).cast(dtype.clone()))
                .otherwise(col(c.name))
                .cast(dtype.clone())
                .alias(c.name),
        );
    }
    if let Some(flag) = masks.keys().map(|b| mask(b)).reduce(|a, b| a.or(b)) {
        exprs.push(flag.alias("suppressed"));
    }
    exprs
}

/// Applies the policy to the tables, in place of them. Every kind of table has its rule here:
/// a table without one does not compile.
pub fn apply(tables: Vec<Table>, policy: Policy) -> PolarsResult<Vec<Table>> {
    let k = policy.min_cell;
    let mut masks: Vec<Option<Masks>> = Vec::with_capacity(tables.len());
    let mut values = Vec::with_capacity(tables.len());
    for t in &tables {
        let m = match t.kind {
            Kind::Codes | Kind::By(_) | Kind::Combination | Kind::Cooccurrence
                if policy.publication() =>
            {
                let c = counts(&t.kind, &t.df)?;
                let m = primary(&c, k);
                values.push(Some(c));
                Some(m)
            }
            _ => {
                values.push(None);
                None
            }
        };
        masks.push(m);
    }
    if policy.publication() {
        secondary::protect(&tables, &values, &mut masks)?;
    }
    let mut out = Vec::with_capacity(tables.len());
    for (t, m) in tables.into_iter().zip(masks) {
        let Table {
            kind,
            name,
            mut df,
            rows,
        } = t;
        let lf = match (&kind, m) {
            // Quotes are transcript text and nothing else.
            (Kind::Quotes, _) if policy.omit_text() => continue,
            (Kind::Segments, _) if policy.omit_text() => df
                .lazy()
                .with_column(lit(NULL).cast(DataType::String).alias("text")),
            (_, Some(m)) => {
                let schema = df.schema().clone();
                let names: Vec<PlSmallStr> =
                    m.keys().map(|b| format!("__mask_{b}").into()).collect();
                for (b, v) in &m {
                    df.with_column(Column::new(format!("__mask_{b}").into(), v.as_slice()))?;
                }
                df.lazy()
                    .with_columns(suppress(&kind, &schema, &m))
                    .drop(by_name(names, true, false))
            }
            // Segment rows count nothing: each is one occurrence in one turn; a company's own
            // segments and mentions are not counts of companies; outside publication mode
            // nothing is suppressed.
            _ => df.lazy(),
        };
        out.push(Table {
            kind,
            name,
            df: lf.collect()?,
            rows,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(df: &mut DataFrame) -> String {
        let mut buf = Vec::new();
        CsvWriter::new(&mut buf).finish(df).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn tables() -> Vec<Table> {
        let codes = df!(
            "code" => ["a", "b", "c"],
            "segments" => [5u32, 1, 0],
            "interviews" => [4u32, 1, 0],
            "companies" => [3u32, 2, 0],
            "company_share" => [0.75, 0.5, 0.0],
            "ci_low" => [0.3, 0.1, 0.0],
            "ci_high" => [0.9, 0.9, 0.5],
        )
        .unwrap();
        let by = df!(
            "size" => ["1-9", "1-9", "10-49"],
            "code" => ["a", "b", "a"],
            "companies" => [3u32, 1, 1],
            "group_companies" => [3u32, 3, 1],
            "share" => [1.0, 0.3333, 1.0],
        )
        .unwrap();
        let segs = df!("code" => ["a"], "text" => ["AI"]).unwrap();
        let quotes = df!("code" => ["a"], "text" => ["Vi behöver AI."]).unwrap();
        vec![
            Table::new(Kind::Segments, segs),
            Table::new(Kind::Codes, codes),
            Table::new(Kind::By("size".into()), by),
            Table::new(Kind::Quotes, quotes),
        ]
    }

    #[test]
    fn default_policy_changes_nothing() {
        let before: Vec<String> = tables().into_iter().map(|mut t| csv(&mut t.df)).collect();
        let after: Vec<String> = apply(tables(), Policy::default())
            .unwrap()
            .into_iter()
            .map(|mut t| csv(&mut t.df))
            .collect();
        assert_eq!(before, after);
    }

    #[test]
    fn small_counts_are_blanked_and_flagged_and_text_left_out() {
        let out = apply(
            tables(),
            Policy {
                min_cell: 3,
                include_text: false,
            },
        )
        .unwrap();
        let names: Vec<&str> = out.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["segments", "codes", "by_size"]);
        let mut out = out;
        assert_eq!(csv(&mut out[0].df), "code,text\na,\n");
        assert_eq!(
            csv(&mut out[1].df),
            "code,segments,interviews,companies,company_share,ci_low,ci_high,suppressed\n\
             a,5,4,3,0.75,0.3,0.9,false\n\
             b,1,,,,,,true\n\
             c,0,0,0,0.0,0.0,0.5,false\n"
        );
        // The group 10-49 (one company) is suppressed whole; with the companies of both groups
        // known (4), its size would be 4 - 3, so 1-9 goes too (secondary suppression).
        assert_eq!(
            csv(&mut out[2].df),
            "size,code,companies,group_companies,share,suppressed\n\
             1-9,a,,,,true\n\
             1-9,b,,,,true\n\
             10-49,a,,,,true\n"
        );
    }

    #[test]
    fn include_text_keeps_text_in_publication_mode() {
        let out = apply(
            tables(),
            Policy {
                min_cell: 3,
                include_text: true,
            },
        )
        .unwrap();
        assert_eq!(out.len(), 4);
        let mut segs = out.into_iter().next().unwrap();
        assert_eq!(csv(&mut segs.df), "code,text\na,AI\n");
    }
}
