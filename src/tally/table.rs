//! A table kind is one of the tables skillgap writes, described once: its file name, its
//! columns and, for every column, what disclosure control does to it. The writers, the
//! workbook, the disclosure step and the reference in `docs/format.md` (checked by a test) all
//! read this description, and disclosure is an exhaustive match on the kind, so a new table
//! does not compile until it has a rule: nothing is published unsuppressed by default.

use polars::prelude::DataFrame;

/// Every table skillgap writes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Segments,
    Codes,
    CompanyCodes,
    /// `by_<attribute>`, one per `group_by` attribute.
    By(String),
    /// `by_<attribute>_vs_region`, one per `--report-per` attribute: each group beside the
    /// whole region, made from the published `by_<attribute>` and `codes`.
    VsRegion(String),
    Combination,
    Cooccurrence,
    Quotes,
}

/// What disclosure control does to a column in publication mode (`min_cell = k > 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Published as it is: it counts segments or mentions, not companies, or it is a label.
    Publish,
    /// Blank where any of these company counts is small (`0 < n < k`): a company count
    /// itself, or a value computed from one (a share, an interval, an interview count).
    SmallIf(&'static [&'static str]),
    /// Transcript text: left out unless `--include-text`.
    Text,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub rule: Rule,
}

const fn publish(name: &'static str) -> Column {
    Column {
        name,
        rule: Rule::Publish,
    }
}

const fn small_if(name: &'static str, by: &'static [&'static str]) -> Column {
    Column {
        name,
        rule: Rule::SmallIf(by),
    }
}

const COMPANIES: &[&str] = &["companies"];
const GROUP: &[&str] = &["group_companies"];
const COMPANIES_OR_GROUP: &[&str] = &["companies", "group_companies"];
const NEED: &[&str] = &["need_companies"];
const NEED_OR_GROUP: &[&str] = &["need_companies", "group_companies"];
const REGION: &[&str] = &["region_companies"];
const REGION_NEED: &[&str] = &["region_need_companies"];
const DIRECT: &[&str] = &["direct_companies"];
const DIRECT_NEED: &[&str] = &["direct_need_companies"];

/// The columns of `segments`.
pub const SEGMENTS: [Column; 13] = [
    publish("interview"),
    publish("company"),
    publish("segment"),
    publish("speaker"),
    publish("role"),
    publish("code"),
    publish("source"),
    publish("term"),
    publish("start"),
    publish("end"),
    publish("negated"),
    publish("stance"),
    Column {
        name: "text",
        rule: Rule::Text,
    },
];

/// The columns of `codes` before its facet columns.
pub const CODES_HEAD: [Column; 5] = [
    publish("code"),
    publish("label"),
    publish("category"),
    publish("parent"),
    publish("depth"),
];

/// The columns of `codes` after its facet columns (one per facet name, published).
pub const CODES_TAIL: [Column; 15] = [
    publish("segments"),
    publish("mentions"),
    small_if("interviews", COMPANIES),
    small_if("companies", COMPANIES),
    small_if("company_share", COMPANIES),
    small_if("ci_low", COMPANIES),
    small_if("ci_high", COMPANIES),
    publish("need_segments"),
    small_if("need_companies", NEED),
    small_if("need_share", NEED),
    small_if("need_ci_low", NEED),
    small_if("need_ci_high", NEED),
    small_if("direct_companies", DIRECT),
    small_if("direct_need_companies", DIRECT_NEED),
    // Added in publication mode.
    publish("suppressed"),
];

/// The columns of `company_codes`. A company's own segments and mentions of a code are not a
/// count of companies; what identifies a company is its name, which `--pseudonymize` replaces.
pub const COMPANY_CODES: [Column; 5] = [
    publish("company"),
    publish("code"),
    publish("segments"),
    publish("mentions"),
    publish("need_segments"),
];

/// The columns of `by_<attribute>` after the attribute's own. A group smaller than k is
/// suppressed whole: its shares describe too few companies.
pub const BY_TAIL: [Column; 7] = [
    publish("code"),
    small_if("companies", COMPANIES_OR_GROUP),
    small_if("group_companies", GROUP),
    small_if("share", COMPANIES_OR_GROUP),
    small_if("need_companies", NEED_OR_GROUP),
    small_if("need_share", NEED_OR_GROUP),
    publish("suppressed"),
];

/// The columns of `by_<attribute>_vs_region` after the attribute's own. Made after
/// disclosure control from the published `by_<attribute>` (the group's cells, their
/// suppression included) and `codes` (the region's), so it publishes nothing they do not; the
/// rules say what each value derives from.
pub const VS_REGION_TAIL: [Column; 20] = [
    publish("code"),
    publish("label"),
    small_if("group_companies", GROUP),
    small_if("companies", COMPANIES_OR_GROUP),
    small_if("share", COMPANIES_OR_GROUP),
    small_if("ci_low", COMPANIES_OR_GROUP),
    small_if("ci_high", COMPANIES_OR_GROUP),
    small_if("need_companies", NEED_OR_GROUP),
    small_if("need_share", NEED_OR_GROUP),
    small_if("need_ci_low", NEED_OR_GROUP),
    small_if("need_ci_high", NEED_OR_GROUP),
    small_if("region_companies", REGION),
    small_if("region_share", REGION),
    small_if("region_ci_low", REGION),
    small_if("region_ci_high", REGION),
    small_if("region_need_companies", REGION_NEED),
    small_if("region_need_share", REGION_NEED),
    small_if("region_need_ci_low", REGION_NEED),
    small_if("region_need_ci_high", REGION_NEED),
    publish("suppressed"),
];

/// The columns of `combination`. Like `by_<attribute>`, a group smaller than k is suppressed
/// whole.
pub const COMBINATION: [Column; 13] = [
    publish("attribute"),
    publish("value"),
    publish("scope"),
    small_if("group_companies", GROUP),
    small_if("companies", COMPANIES_OR_GROUP),
    small_if("share", COMPANIES_OR_GROUP),
    small_if("ci_low", COMPANIES_OR_GROUP),
    small_if("ci_high", COMPANIES_OR_GROUP),
    small_if("need_companies", NEED_OR_GROUP),
    small_if("need_share", NEED_OR_GROUP),
    small_if("need_ci_low", NEED_OR_GROUP),
    small_if("need_ci_high", NEED_OR_GROUP),
    publish("suppressed"),
];

/// The columns of `cooccurrence`.
pub const COOCCURRENCE: [Column; 6] = [
    publish("code_a"),
    publish("code_b"),
    publish("segments"),
    small_if("companies", COMPANIES),
    publish("jaccard"),
    publish("suppressed"),
];

/// The columns of `quotes`: all text, so the table is left out with the text.
pub const QUOTES: [Column; 5] = [
    publish("code"),
    publish("interview"),
    publish("company"),
    publish("segment"),
    Column {
        name: "text",
        rule: Rule::Text,
    },
];

impl Kind {
    /// The file name without extension, and the sheet's name before Excel's cut.
    pub fn name(&self) -> String {
        match self {
            Kind::Segments => "segments".into(),
            Kind::Codes => "codes".into(),
            Kind::CompanyCodes => "company_codes".into(),
            Kind::By(attr) => format!("by_{attr}"),
            Kind::VsRegion(attr) => format!("by_{attr}_vs_region"),
            Kind::Combination => "combination".into(),
            Kind::Cooccurrence => "cooccurrence".into(),
            Kind::Quotes => "quotes".into(),
        }
    }

    /// The described columns (for `codes`, without the facet columns between head and tail;
    /// for `by_<attribute>`, without the attribute's own first column), in order.
    pub fn columns(&self) -> Vec<Column> {
        match self {
            Kind::Segments => SEGMENTS.to_vec(),
            Kind::Codes => CODES_HEAD.iter().chain(&CODES_TAIL).copied().collect(),
            Kind::CompanyCodes => COMPANY_CODES.to_vec(),
            Kind::By(_) => BY_TAIL.to_vec(),
            Kind::VsRegion(_) => VS_REGION_TAIL.to_vec(),
            Kind::Combination => COMBINATION.to_vec(),
            Kind::Cooccurrence => COOCCURRENCE.to_vec(),
            Kind::Quotes => QUOTES.to_vec(),
        }
    }

    /// The place of the table's sheet in the workbook: the headline tables first.
    pub fn sheet_rank(&self) -> usize {
        match self {
            Kind::Codes => 0,
            Kind::Combination => 1,
            Kind::By(_) => 2,
            Kind::VsRegion(_) => 3,
            Kind::Cooccurrence => 4,
            Kind::CompanyCodes => 5,
            Kind::Quotes => 6,
            Kind::Segments => 7,
        }
    }
}

/// An output table: its kind and its rows.
pub struct Table {
    pub kind: Kind,
    /// `kind.name()`, kept for writers and messages.
    pub name: String,
    pub df: DataFrame,
    /// Rows of the table as written; more than `df` holds where only the first rows are kept
    /// in memory (`segments`, which is written as it is produced).
    pub rows: usize,
}

impl Table {
    pub fn new(kind: Kind, df: DataFrame) -> Table {
        let rows = df.height();
        Table {
            name: kind.name(),
            kind,
            df,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference in docs/format.md lists each table's columns as described here.
    #[test]
    fn the_format_reference_lists_the_described_columns() {
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"),
        )
        .unwrap();
        let names = |cols: &[Column]| {
            cols.iter()
                .map(|c| c.name)
                .filter(|&n| n != "suppressed")
                .collect::<Vec<_>>()
                .join(", ")
        };
        let expected = [
            ("segments", names(&SEGMENTS)),
            (
                "codes",
                format!("{}, <facets…>, {}", names(&CODES_HEAD), names(&CODES_TAIL)),
            ),
            ("company_codes", names(&COMPANY_CODES)),
            (
                "by_<attribute>",
                format!("<attribute>, {}", names(&BY_TAIL)),
            ),
            (
                "by_<attribute>_vs_region",
                format!("<attribute>, {}", names(&VS_REGION_TAIL)),
            ),
            ("combination", names(&COMBINATION)),
            ("cooccurrence", names(&COOCCURRENCE)),
            ("quotes", names(&QUOTES)),
        ];
        for (table, columns) in expected {
            let row = format!("| `{table}` | `{columns}` |");
            assert!(doc.contains(&row), "docs/format.md has no row `{row}`");
        }
    }

    /// The names a codebook may not give its facets and attributes are the described columns.
    #[test]
    fn reserved_names_are_the_described_columns() {
        let codes: Vec<&str> = CODES_HEAD
            .iter()
            .chain(&CODES_TAIL)
            .map(|c| c.name)
            .collect();
        assert_eq!(codes, crate::names::CODES_COLUMNS);
        let by: Vec<&str> = BY_TAIL.iter().map(|c| c.name).collect();
        assert_eq!(by, crate::names::BY_COLUMNS);
    }

    #[test]
    fn segments_are_written_with_the_described_columns() {
        let names: Vec<&str> = SEGMENTS.iter().map(|c| c.name).collect();
        assert_eq!(names, super::super::segments::COLUMNS);
    }

    #[test]
    fn every_rule_names_a_column_of_its_table() {
        for kind in [
            Kind::Segments,
            Kind::Codes,
            Kind::CompanyCodes,
            Kind::By("x".into()),
            Kind::VsRegion("x".into()),
            Kind::Combination,
            Kind::Cooccurrence,
            Kind::Quotes,
        ] {
            let cols = kind.columns();
            for c in &cols {
                if let Rule::SmallIf(by) = c.rule {
                    for b in by {
                        assert!(cols.iter().any(|o| o.name == *b), "{kind:?}: {b}");
                    }
                }
            }
        }
    }
}
