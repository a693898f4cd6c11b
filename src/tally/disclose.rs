//! Disclosure control turns the researcher's tables into publishable ones (SPEC 5.3). With
//! `min_cell = k > 0`, every company count `0 < n < k` and whatever is computed from it (shares,
//! intervals, interview counts) is blanked, and the row is flagged in a `suppressed` column, so a
//! reader never takes a suppressed cell for a zero. In the same mode no transcript text is
//! written unless the user asks for it: `segments.text` is emptied and `quotes` left out.

use polars::prelude::*;

use super::Table;

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

/// Applies the policy to the tables, in place of them.
pub fn apply(tables: Vec<Table>, policy: Policy) -> PolarsResult<Vec<Table>> {
    let k = policy.min_cell;
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let (name, rows) = (t.name, t.rows);
        if name == "quotes" && policy.omit_text() {
            continue;
        }
        let lf = t.df.lazy();
        let lf = if name == "segments" && policy.omit_text() {
            lf.with_column(lit(NULL).cast(DataType::String).alias("text"))
        } else if !policy.publication() {
            lf
        } else if name == "codes" {
            let m = || small("companies", k);
            lf.with_columns([
                blank_if(m(), "interviews", DataType::UInt32),
                blank_if(m(), "company_share", DataType::Float64),
                blank_if(m(), "ci_low", DataType::Float64),
                blank_if(m(), "ci_high", DataType::Float64),
                m().alias("suppressed"),
            ])
            .with_column(blank_if(
                small("companies", k),
                "companies",
                DataType::UInt32,
            ))
        } else if name == "cooccurrence" {
            lf.with_column(small("companies", k).alias("suppressed"))
                .with_column(blank_if(
                    small("companies", k),
                    "companies",
                    DataType::UInt32,
                ))
        } else if name.starts_with("by_") {
            // A group smaller than k is suppressed whole: its shares describe too few companies.
            let m = || small("companies", k).or(small("group_companies", k));
            lf.with_columns([
                blank_if(m(), "share", DataType::Float64),
                blank_if(m(), "companies", DataType::UInt32),
                blank_if(
                    small("group_companies", k),
                    "group_companies",
                    DataType::UInt32,
                ),
                m().alias("suppressed"),
            ])
        } else {
            lf
        };
        out.push(Table {
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
            Table::new("segments", segs),
            Table::new("codes", codes),
            Table::new("by_size", by),
            Table::new("quotes", quotes),
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
