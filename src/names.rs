//! Names are the identifiers users make that skillgap turns into file, column and sheet names:
//! code ids, `group_by` attributes (each a `by_<attribute>` table, file and sheet) and facet
//! names (each a column of `codes`). They are checked when the codebook is read, so that a name
//! that would collide with a column skillgap writes itself, escape the output folder, or clash
//! with another sheet after Excel's 31-character cut is reported by `check` at the codebook's
//! line, not found after the whole corpus is coded.

/// True for a valid code id: `[a-z0-9][a-z0-9_-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The columns of `codes` that are not facets: a facet of one of these names would overwrite
/// it.
pub const CODES_COLUMNS: [&str; 20] = [
    "code",
    "label",
    "category",
    "parent",
    "depth",
    "segments",
    "mentions",
    "interviews",
    "companies",
    "company_share",
    "ci_low",
    "ci_high",
    "need_segments",
    "need_companies",
    "need_share",
    "need_ci_low",
    "need_ci_high",
    "direct_companies",
    "direct_need_companies",
    "suppressed",
];

/// The columns of a `by_<attribute>` table besides the attribute's own.
pub const BY_COLUMNS: [&str; 7] = [
    "code",
    "companies",
    "group_companies",
    "share",
    "need_companies",
    "need_share",
    "suppressed",
];

/// The longest name a user may give an attribute or facet, in characters.
pub const MAX_NAME: usize = 64;

/// A sheet name as Excel takes it: `[]:*?/\` replaced, at most 31 characters.
pub fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    clean.chars().take(31).collect()
}

/// Why `name` cannot be a `group_by` attribute or a facet name, if it cannot: it becomes part
/// of a file name, so it must not hold a path separator, start with a dot or be empty.
fn check_plain(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("is empty".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("is longer than {MAX_NAME} characters"));
    }
    if name.starts_with('.') || name.contains(['/', '\\']) || name.chars().any(char::is_control) {
        return Err("may not start with `.` or hold `/`, `\\` or control characters".into());
    }
    Ok(())
}

/// Why the `group_by` attributes cannot all be used, one message per problem: a name that is
/// not plain, one that is a column of its own table, and two whose files would be one on a
/// file system that ignores case (Windows, macOS). Sheet names need no check: the workbook
/// makes them distinct after Excel's 31-character cut.
pub fn check_group_by(attributes: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut files: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for attr in attributes {
        let shown = crate::diag::quote(attr);
        if let Err(why) = check_plain(attr) {
            problems.push(format!("group_by attribute `{shown}` {why}"));
            continue;
        }
        if BY_COLUMNS.contains(&attr.as_str()) {
            problems.push(format!(
                "group_by attribute `{shown}` is a column of by_{shown} itself (reserved: {})",
                BY_COLUMNS.join(", ")
            ));
            continue;
        }
        if let Some(other) = files.insert(attr.to_lowercase(), attr) {
            problems.push(format!(
                "group_by attribute `{shown}`: its file by_{shown}.csv would be the file of \
                 `{}` on Windows and macOS, which ignore case in file names",
                crate::diag::quote(other)
            ));
        }
    }
    problems
}

/// Why `name` cannot be a facet name, if it cannot.
pub fn check_facet(name: &str) -> Result<(), String> {
    check_plain(name)?;
    if CODES_COLUMNS.contains(&name) {
        return Err(format!(
            "is a column of `codes` (reserved: {})",
            CODES_COLUMNS.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_that_collide_or_escape_are_refused() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_group_by(&names(&["sector", "size", "subregion"])).is_empty());
        let long_a = format!("{}_a", "x".repeat(30));
        let long_b = format!("{}_b", "x".repeat(30));
        assert_eq!(
            check_group_by(&names(&[
                "code", "../x", "", &long_a, &long_b, "Sector", "sector"
            ])),
            [
                "group_by attribute `code` is a column of by_code itself (reserved: code, \
                 companies, group_companies, share, need_companies, need_share, suppressed)"
                    .to_owned(),
                "group_by attribute `../x` may not start with `.` or hold `/`, `\\` or control \
                 characters"
                    .to_owned(),
                "group_by attribute `` is empty".to_owned(),
                "group_by attribute `sector`: its file by_sector.csv would be the file of \
                 `Sector` on Windows and macOS, which ignore case in file names"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn facets_must_not_be_columns() {
        assert!(check_facet("level").is_ok());
        assert!(check_facet("segments")
            .unwrap_err()
            .starts_with("is a column of `codes`"));
        assert!(check_facet("suppressed").is_err());
        assert!(check_facet("a/b").is_err());
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("by_sector"), "by_sector");
        assert_eq!(sheet_name("by_a/b:c"), "by_a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
