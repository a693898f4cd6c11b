//! Secondary suppression: after primary suppression (`0 < n < k`), further cells are
//! suppressed so that no suppressed count can be worked out exactly from the published values
//! by subtraction, as tau-Argus and sdcTable do for tables with margins.
//!
//! The published margins are *lines*: a set of cells whose sum is published.
//! - the sizes of an attribute's groups (`group_companies`) add up to the companies;
//! - a code's cells across an attribute's groups (`by_<attribute>.companies`) add up to the
//!   code's `codes.companies`, and the same for `need_companies`;
//! - the combination's cells across an attribute's groups add up to its `(all)` row.
//!
//! For a line, the attacker knows each published cell and, for each suppressed one, bounds: at
//! least 1 (zeros are never suppressed on their own) and at most its group's size; a cell of a
//! group suppressed whole may be 0 and is at most the group's largest possible size. Within
//! those bounds the line's sum pins each suppressed cell to an interval. While some interval is
//! a single value, the smallest published non-zero cell of the line is suppressed too (the
//! classic "a row with one suppressed cell gets a second one", extended to the cases where two
//! are not enough). Where no cell is left to suppress, the line's total is suppressed instead.
//! A group whose size is suppressed is suppressed whole, so that its cells do not bound it.
//! `need_companies` is suppressed wherever `companies` is, zeros included (a published need
//! count would bound the suppressed count from below). A need cell suppressed beside a
//! suppressed companies cell may be 0; one beside a published companies cell is at least 1.
//!
//! Limits, documented in docs/format.md §6: lines are protected one at a time, assuming their
//! total is known even where several groups a company belongs to make the sum larger (which
//! only protects more); bounds between lines are used only where they are direct (a cell's
//! sub-codes and parent in its group; need at most companies) and not solved together here, but the tests audit every published table
//! with a linear program over all of them at once.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::super::table::{Kind, Table};
use super::Masks;

/// One cell of a line as the attacker sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub value: u32,
    pub suppressed: bool,
    /// Bounds the attacker knows for the cell when it is suppressed.
    pub lo: u32,
    pub hi: u32,
}

/// The interval each suppressed cell of a line with the sum `total` can take, given the other
/// cells (published values and suppressed bounds); `None` for published cells.
pub fn intervals(cells: &[Cell], total: u32) -> Vec<Option<(i64, i64)>> {
    let published: i64 = cells
        .iter()
        .filter(|c| !c.suppressed)
        .map(|c| i64::from(c.value))
        .sum();
    let rest = i64::from(total) - published;
    let (sum_lo, sum_hi): (i64, i64) = cells
        .iter()
        .filter(|c| c.suppressed)
        .fold((0, 0), |(l, h), c| {
            (l + i64::from(c.lo), h + i64::from(c.hi))
        });
    cells
        .iter()
        .map(|c| {
            c.suppressed.then(|| {
                let (lo, hi) = (i64::from(c.lo), i64::from(c.hi));
                let others_lo = sum_lo - lo;
                let others_hi = sum_hi - hi;
                (lo.max(rest - others_hi), hi.min(rest - others_lo))
            })
        })
        .collect()
}

/// Whether some suppressed cell of the line can be worked out exactly.
pub fn exposed(cells: &[Cell], total: u32) -> bool {
    intervals(cells, total)
        .iter()
        .flatten()
        .any(|(lo, hi)| lo >= hi)
}

/// Suppresses published cells of the line, smallest non-zero first (ties: the first), until
/// no suppressed cell is exposed. A cell whose own bounds pin it (a published sub-code count
/// as large as its group, say) is never picked: suppressing it would hide nothing. Returns the
/// cells it suppressed and whether the line is safe.
pub fn protect_line(cells: &mut [Cell], total: u32) -> (Vec<usize>, bool) {
    let mut added = Vec::new();
    while exposed(cells, total) {
        let pick = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.suppressed && c.value > 0 && c.lo.max(1) < c.hi)
            .min_by_key(|(i, c)| (c.value, *i))
            .map(|(i, _)| i);
        let Some(i) = pick else {
            return (added, false);
        };
        cells[i].suppressed = true;
        cells[i].lo = cells[i].lo.max(1);
        added.push(i);
    }
    (added, true)
}

fn strs(df: &DataFrame, c: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(c)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_owned())
        .collect())
}

/// A group of an attribute after the group line is protected: suppressed (whole) or not, and
/// the largest size the attacker can give it.
#[derive(Debug, Clone, Copy)]
struct Group {
    size: u32,
    suppressed: bool,
    hi: u32,
}

/// Protects the group line of one attribute: `(value, size, primary suppressed)` in order.
fn protect_groups(groups: &[(String, u32, bool)]) -> BTreeMap<String, Group> {
    let total: u32 = groups.iter().map(|g| g.1).sum();
    let mut cells: Vec<Cell> = groups
        .iter()
        .map(|&(_, size, suppressed)| Cell {
            value: size,
            suppressed,
            lo: 1,
            hi: total,
        })
        .collect();
    protect_line(&mut cells, total);
    let iv = intervals(&cells, total);
    groups
        .iter()
        .zip(cells.iter().zip(iv))
        .map(|((value, size, _), (cell, iv))| {
            let hi = iv.map_or(*size, |(_, hi)| hi.max(0) as u32);
            (
                value.clone(),
                Group {
                    size: *size,
                    suppressed: cell.suppressed,
                    hi,
                },
            )
        })
        .collect()
}

/// The rows of one line and its total: `rows` index the table (and `groups`, the group of each
/// row of the table), `total` is the published sum, or `None` where the total itself is
/// suppressed (the line then says nothing exact). `nested` bounds each row of the table by
/// the published counts of its sub-codes (from below) and its parent (from above) in the
/// same group; empty where there is no code hierarchy to use.
struct Line<'a> {
    rows: &'a [usize],
    groups: &'a [Group],
    total: Option<u32>,
    nested: &'a [(u32, u32)],
}

/// Per row of a `by_<attribute>` table: the largest published count of the row's sub-codes in
/// its group and the published count of its parent there (`u32::MAX` where there is none).
/// Counts are inclusive, so a code's cell is at least each sub-code's and at most its parent's.
fn nested_bounds(
    codes: &[String],
    groups: &[String],
    parents: &HashMap<String, String>,
    counts: &[u32],
    mask: &[bool],
) -> Vec<(u32, u32)> {
    let row_at: HashMap<(&str, &str), usize> = codes
        .iter()
        .zip(groups)
        .enumerate()
        .map(|(r, (c, g))| ((c.as_str(), g.as_str()), r))
        .collect();
    let mut out = vec![(0, u32::MAX); codes.len()];
    for (r, (code, group)) in codes.iter().zip(groups).enumerate() {
        let Some(&p) = parents
            .get(code)
            .and_then(|p| row_at.get(&(p.as_str(), group.as_str())))
        else {
            continue;
        };
        if !mask[r] {
            out[p].0 = out[p].0.max(counts[r]);
        }
        if !mask[p] {
            out[r].1 = out[r].1.min(counts[p]);
        }
    }
    out
}

/// The least and most a suppressed cell of row `r` can be besides its group's size: for a need
/// count (`need` holds the `companies` counts and mask) 0 beside a suppressed companies count
/// and at most a published one; for a companies count at least 1.
fn cell_bounds(need: Option<(&[u32], &[bool])>, r: usize) -> (u32, u32) {
    match need {
        Some((_, mask)) if mask[r] => (0, u32::MAX),
        Some((companies, _)) => (1, companies[r]),
        None => (1, u32::MAX),
    }
}

/// Protects the `counts` column of a table along `line`, setting `mask` for every cell it
/// suppresses; `need` as for [`cell_bounds`]. Returns false where the line could not be
/// protected.
fn protect_counts(
    line: &Line<'_>,
    counts: &[u32],
    mask: &mut [bool],
    need: Option<(&[u32], &[bool])>,
) -> bool {
    let Some(total) = line.total else {
        return true;
    };
    let mut cells: Vec<Cell> = line
        .rows
        .iter()
        .map(|&r| {
            let g = line.groups[r];
            let (sub, parent) = line.nested.get(r).copied().unwrap_or((0, u32::MAX));
            if g.suppressed {
                Cell {
                    value: counts[r],
                    suppressed: true,
                    lo: sub,
                    hi: g.hi.min(parent),
                }
            } else {
                let (lo, hi) = cell_bounds(need, r);
                Cell {
                    value: counts[r],
                    suppressed: mask[r],
                    lo: lo.max(sub),
                    hi: g.size.min(hi).min(parent),
                }
            }
        })
        .collect();
    // Over-protect rather than under: with companies in several groups the sum is larger
    // than the published total, and the attacker knows less than this line assumes.
    let total = total.max(cells.iter().map(|c| c.value).sum());
    let (added, safe) = protect_line(&mut cells, total);
    for i in added {
        mask[line.rows[i]] = true;
    }
    safe
}

/// The value of a count column, and its mask, of one table.
fn column<'a>(values: &'a BTreeMap<&'static str, Vec<u32>>, name: &str) -> Option<&'a Vec<u32>> {
    values.get(name)
}

/// Adds secondary suppression to the primary `masks` of the tables (`values` holds their
/// count columns; both are `None` for tables without company counts).
pub(super) fn protect(
    tables: &[Table],
    values: &[Option<BTreeMap<&'static str, Vec<u32>>>],
    masks: &mut [Option<Masks>],
) -> PolarsResult<()> {
    let Some(ci) = tables.iter().position(|t| t.kind == Kind::Codes) else {
        return Ok(());
    };
    let (Some(code_values), Some(code_masks)) = (&values[ci], &masks[ci]) else {
        return Ok(());
    };
    // Per code id: its published total of companies and of need, where not suppressed.
    let ids = strs(&tables[ci].df, "code")?;
    let total_of = |name: &str| -> HashMap<String, Option<u32>> {
        let (Some(v), Some(m)) = (column(code_values, name), code_masks.get(name)) else {
            return HashMap::new();
        };
        ids.iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), (!m[i]).then_some(v[i])))
            .collect()
    };
    let mut totals: [HashMap<String, Option<u32>>; 2] =
        [total_of("companies"), total_of("need_companies")];
    let mut unprotected: Vec<(usize, String)> = Vec::new();
    let parents: HashMap<String, String> = match tables[ci].df.column("parent") {
        Ok(_) => ids
            .iter()
            .cloned()
            .zip(strs(&tables[ci].df, "parent")?)
            .filter(|(_, p)| !p.is_empty())
            .collect(),
        Err(_) => HashMap::new(),
    };
    let mut groups_of: BTreeMap<String, BTreeMap<String, Group>> = BTreeMap::new();

    for (ti, t) in tables.iter().enumerate() {
        let Kind::By(attr) = &t.kind else {
            continue;
        };
        let (Some(v), Some(m)) = (&values[ti], masks[ti].as_mut()) else {
            continue;
        };
        let (group_vals, codes) = (strs(&t.df, attr)?, strs(&t.df, "code")?);
        let sizes = column(v, "group_companies").cloned().unwrap_or_default();
        let mut seen: Vec<(String, u32, bool)> = Vec::new();
        for (r, g) in group_vals.iter().enumerate() {
            if !seen.iter().any(|s| &s.0 == g) {
                let primary = m.get("group_companies").is_some_and(|m| m[r]);
                seen.push((g.clone(), sizes.get(r).copied().unwrap_or(0), primary));
            }
        }
        let groups = protect_groups(&seen);
        if let Some(gm) = m.get_mut("group_companies") {
            for (r, g) in group_vals.iter().enumerate() {
                gm[r] |= groups[g].suppressed;
            }
        }
        let mut lines: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (r, c) in codes.iter().enumerate() {
            lines.entry(c.as_str()).or_default().push(r);
        }
        let row_groups: Vec<Group> = group_vals.iter().map(|g| groups[g]).collect();
        let rows = Rows {
            codes: &codes,
            groups: &group_vals,
            parents: &parents,
            row_groups: &row_groups,
        };
        protect_by(v, m, &lines, &rows, &mut totals, &mut |code: &str| {
            unprotected.push((ci, code.to_owned()))
        });
        groups_of.insert(attr.clone(), groups);
    }

    if let Some(ti) = tables.iter().position(|t| t.kind == Kind::Combination) {
        if let (Some(v), Some(m)) = (&values[ti], masks[ti].as_mut()) {
            let df = &tables[ti].df;
            let (attrs, vals, scopes) = (
                strs(df, "attribute")?,
                strs(df, "value")?,
                strs(df, "scope")?,
            );
            let all = crate::tally::ALL;
            let row_group = |r: usize| -> Group {
                groups_of
                    .get(&attrs[r])
                    .and_then(|g| g.get(&vals[r]))
                    .copied()
                    .unwrap_or(Group {
                        size: column(v, "group_companies").map_or(0, |s| s[r]),
                        suppressed: false,
                        hi: column(v, "group_companies").map_or(0, |s| s[r]),
                    })
            };
            if let Some(gm) = m.get_mut("group_companies") {
                for (r, flag) in gm.iter_mut().enumerate() {
                    *flag |= row_group(r).suppressed;
                }
            }
            // Lines: per (scope, attribute), the rows of its values, with the `(all)` row of
            // the scope as the total.
            let mut lines: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
            let mut all_row: BTreeMap<String, usize> = BTreeMap::new();
            for r in 0..attrs.len() {
                if attrs[r] == all {
                    all_row.insert(scopes[r].clone(), r);
                } else {
                    lines
                        .entry((scopes[r].clone(), attrs[r].clone()))
                        .or_default()
                        .push(r);
                }
            }
            let row_groups: Vec<Group> = (0..attrs.len()).map(row_group).collect();
            for name in ["companies", "need_companies"] {
                if name == "need_companies" {
                    follow_need(v, m);
                }
                let (Some(counts), Some(_)) = (column(v, name), m.get(name)) else {
                    continue;
                };
                let companies = column(v, "companies").cloned().unwrap_or_default();
                let companies_mask = m.get("companies").cloned().unwrap_or_default();
                for ((scope, _), rows) in &lines {
                    let Some(&a) = all_row.get(scope) else {
                        continue;
                    };
                    let total = (!m[name][a]).then_some(counts[a]);
                    let line = Line {
                        rows,
                        groups: &row_groups,
                        total,
                        nested: &[],
                    };
                    let need = (name == "need_companies")
                        .then_some((companies.as_slice(), companies_mask.as_slice()));
                    let mask = m.get_mut(name).expect("checked above");
                    if !protect_counts(&line, counts, mask, need) {
                        mask[a] = true;
                    }
                }
            }
        }
    }

    // Codes whose lines could not be protected by their cells lose their total instead, and
    // the direct counts that bound it from below.
    if let Some(m) = masks[ci].as_mut() {
        for (_, code) in unprotected {
            if let Some(i) = ids.iter().position(|id| *id == code) {
                for name in [
                    "companies",
                    "need_companies",
                    "direct_companies",
                    "direct_need_companies",
                ] {
                    let nonzero = column(code_values, name).is_some_and(|v| v[i] > 0);
                    if let Some(mask) = m.get_mut(name) {
                        mask[i] |= nonzero;
                    }
                }
            }
        }
    }
    Ok(())
}

/// `need_companies` is suppressed wherever `companies` is, zeros too: a published need count
/// bounds the companies from below, and a published zero beside a suppressed count would tell
/// the rest of the need line where its companies are.
fn follow_need(v: &BTreeMap<&'static str, Vec<u32>>, m: &mut Masks) {
    let (Some(_), Some(companies)) = (column(v, "need_companies"), m.get("companies").cloned())
    else {
        return;
    };
    if let Some(nm) = m.get_mut("need_companies") {
        for r in 0..nm.len() {
            nm[r] |= companies[r];
        }
    }
}

/// The rows of a `by_<attribute>` table: each row's code, group value and group, and the
/// codes' parents.
struct Rows<'a> {
    codes: &'a [String],
    groups: &'a [String],
    parents: &'a HashMap<String, String>,
    row_groups: &'a [Group],
}

/// Protects a `by_<attribute>` table's lines: per code, its companies and then its need
/// counts across the groups.
fn protect_by(
    v: &BTreeMap<&'static str, Vec<u32>>,
    m: &mut Masks,
    lines: &BTreeMap<&str, Vec<usize>>,
    table: &Rows<'_>,
    totals: &mut [HashMap<String, Option<u32>>; 2],
    unprotected: &mut dyn FnMut(&str),
) {
    for (which, name) in ["companies", "need_companies"].into_iter().enumerate() {
        if which == 1 {
            follow_need(v, m);
        }
        let Some(counts) = column(v, name) else {
            continue;
        };
        let companies = column(v, "companies").cloned().unwrap_or_default();
        let companies_mask = m.get("companies").cloned().unwrap_or_default();
        let Some(mask) = m.get_mut(name) else {
            continue;
        };
        for (code, rows) in lines {
            let total = totals[which].get(*code).copied().flatten();
            // Bounds from the hierarchy as published so far: suppressing more only loosens them.
            let nested = nested_bounds(table.codes, table.groups, table.parents, counts, mask);
            let line = Line {
                rows,
                groups: table.row_groups,
                total,
                nested: &nested,
            };
            let need = (which == 1).then_some((companies.as_slice(), companies_mask.as_slice()));
            if !protect_counts(&line, counts, mask, need) {
                // The total goes; later attributes no longer see it.
                totals[0].insert((*code).to_owned(), None);
                totals[1].insert((*code).to_owned(), None);
                unprotected(code);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[(u32, bool)], hi: u32) -> Vec<Cell> {
        v.iter()
            .map(|&(value, suppressed)| Cell {
                value,
                suppressed,
                lo: 1,
                hi,
            })
            .collect()
    }

    #[test]
    fn a_cell_pinned_by_its_sub_code_is_not_picked() {
        // Three groups; the first is suppressed (2 < k). The second's count, 3, equals its
        // group's size and a published sub-code count of 3 there: suppressing it would hide
        // nothing, so the third goes instead.
        let mut line = vec![
            Cell {
                value: 2,
                suppressed: true,
                lo: 1,
                hi: 3,
            },
            Cell {
                value: 3,
                suppressed: false,
                lo: 3,
                hi: 3,
            },
            Cell {
                value: 4,
                suppressed: false,
                lo: 1,
                hi: 5,
            },
        ];
        assert_eq!(protect_line(&mut line, 9), (vec![2], true));

        let codes: Vec<String> = ["digital", "data", "digital", "data"]
            .map(String::from)
            .to_vec();
        let groups: Vec<String> = ["a", "a", "b", "b"].map(String::from).to_vec();
        let parents = HashMap::from([("data".to_owned(), "digital".to_owned())]);
        let nested = nested_bounds(
            &codes,
            &groups,
            &parents,
            &[3, 3, 2, 1],
            &[false, false, true, true],
        );
        assert_eq!(
            nested,
            [(3, u32::MAX), (0, 3), (0, u32::MAX), (0, u32::MAX)]
        );
    }

    #[test]
    fn one_suppressed_cell_in_a_line_is_exposed_and_gets_a_second() {
        // The case: communication 8 in total, 0 + 4 + 3 published, the fourth is 1.
        let mut line = cells(&[(0, false), (4, false), (3, false), (1, true)], 13);
        assert!(exposed(&line, 8));
        assert_eq!(intervals(&line, 8)[3], Some((1, 1)));
        let (added, safe) = protect_line(&mut line, 8);
        assert!(safe);
        // The smallest non-zero published cell (3) is the second.
        assert_eq!(added, [2]);
        assert_eq!(intervals(&line, 8)[3], Some((1, 3)));
    }

    #[test]
    fn two_suppressed_cells_can_still_pin_each_other() {
        // 1 and 1 suppressed with the rest published: the sum 2 and "at least 1" pin both.
        let mut line = cells(&[(1, true), (1, true), (6, false)], 13);
        assert!(exposed(&line, 8));
        let (added, safe) = protect_line(&mut line, 8);
        assert_eq!((added, safe), (vec![2], true));
        assert!(!exposed(&line, 8));
    }

    #[test]
    fn group_sizes_bound_the_cells() {
        // x + y = 5, y <= 4 (its group has 4 companies): x >= 1 and x <= 4; both open.
        let mut line = vec![
            Cell {
                value: 1,
                suppressed: true,
                lo: 1,
                hi: 2,
            },
            Cell {
                value: 4,
                suppressed: false,
                lo: 1,
                hi: 4,
            },
        ];
        assert!(exposed(&line, 5));
        protect_line(&mut line, 5);
        // x in [1, 2], y in [3, 4]: neither is pinned.
        assert_eq!(intervals(&line, 5), [Some((1, 2)), Some((3, 4))]);
    }

    #[test]
    fn a_line_without_cells_to_add_is_reported() {
        let mut line = cells(&[(2, true), (0, false)], 13);
        assert_eq!(protect_line(&mut line, 2), (vec![], false));
    }
}
