//! Disclosure control turns the researcher's tables into publishable ones (SPEC 5.3). With
//! `min_cell = k > 0`, every company count `0 < n < k` and whatever is computed from it (shares,
//! intervals, interview counts) is blanked, and the row is flagged in a `suppressed` column, so a
//! reader never takes a suppressed cell for a zero. In the same mode no transcript text is
//! written unless the user asks for it: `segments.text` is emptied and `quotes` left out.

use polars::prelude::*;

use super::table::{Kind, Rule, Table};

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

fn small(c: &str, k: u32) -> Expr {
    col(c).gt(lit(0u32)).and(col(c).lt(lit(k)))
}

fn blank_if(mask: Expr, c: &str, dtype: DataType) -> Expr {
    when(mask)
        .then(lit(NULL).cast(dtype.clone()))
        .otherwise(col(c))
        .cast(dtype)
        .alias(c)
}

/// The expressions that apply the column rules of `kind` to a frame with `schema`: each
/// column blanked where one of its company counts is small, and the `suppressed` flag where
/// any is. All are evaluated on the frame before any is blanked.
fn suppress(kind: &Kind, schema: &Schema, k: u32) -> Vec<Expr> {
    let mut flags: Vec<&str> = Vec::new();
    let mut exprs = Vec::new();
    for c in kind.columns() {
        let Rule::SmallIf(by) = c.rule else {
            continue;
        };
        let Some(dtype) = schema.get(c.name) else {
            continue;
        };
        let mask = by
            .iter()
            .map(|b| small(b, k))
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(false));
        exprs.push(blank_if(mask, c.name, dtype.clone()));
        flags.extend(by.iter().copied());
    }
    flags.sort_unstable();
    flags.dedup();
    if let Some(flag) = flags.iter().map(|b| small(b, k)).reduce(|a, b| a.or(b)) {
        exprs.push(flag.alias("suppressed"));
    }
    exprs
}

/// Applies the policy to the tables, in place of them. Every kind of table has its rule here:
/// a table without one does not compile.
pub fn apply(tables: Vec<Table>, policy: Policy) -> PolarsResult<Vec<Table>> {
    let k = policy.min_cell;
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let Table {
            kind,
            name,
            df,
            rows,
        } = t;
        let schema = df.schema().clone();
        let lf = df.lazy();
        let lf = match &kind {
            // Quotes are transcript text and nothing else.
            Kind::Quotes if policy.omit_text() => continue,
            Kind::Quotes => lf,
            Kind::Segments if policy.omit_text() => {
                lf.with_column(lit(NULL).cast(DataType::String).alias("text"))
            }
            // Segment rows count nothing: each is one occurrence in one turn.
            Kind::Segments => lf,
            _ if !policy.publication() => lf,
            // A company's own segments and mentions are not counts of companies.
            Kind::CompanyCodes => lf,
            Kind::Codes | Kind::By(_) | Kind::Cooccurrence => {
                lf.with_columns(suppress(&kind, &schema, k))
            }
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
        assert_eq!(
            csv(&mut out[2].df),
            "size,code,companies,group_companies,share,suppressed\n\
             1-9,a,3,3,1.0,false\n\
             1-9,b,,3,,true\n\
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
