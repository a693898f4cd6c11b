//! `by_<attribute>_vs_region` sets each group of a `--report-per` attribute beside the whole
//! region: per group and code the group's companies (and need) with share and Wilson interval,
//! and the region's. It is made after disclosure control from the published `by_<attribute>`
//! and `codes`, so every count in it is one those tables publish, suppression included (a
//! cell `by_<attribute>` blanks, to protect another, is blank here too), and every share and
//! interval is computed from a published count: the table cannot disclose more than they do.

use std::collections::HashMap;

use polars::prelude::*;

use super::{col_str, round4, stats, Kind, Table};
use crate::codebook::Codebook;

fn u32s(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<u32>>> {
    Ok(df.column(c)?.u32()?.iter().collect())
}

fn f64s(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(c)?.f64()?.iter().collect())
}

fn strs(df: &DataFrame, c: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(c)?
        .str()?
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect())
}

fn bools(df: &DataFrame, c: &str) -> PolarsResult<Vec<bool>> {
    Ok(match df.column(c) {
        Ok(col) => col.bool()?.iter().map(|v| v.unwrap_or(false)).collect(),
        Err(_) => vec![false; df.height()],
    })
}

/// Share and Wilson bounds of `k` of `n`, rounded like the other tables; `None` where either
/// count is not published.
fn share_ci(k: Option<u32>, n: Option<u32>) -> (Option<f64>, Option<f64>, Option<f64>) {
    match (k, n) {
        (Some(k), Some(n)) => {
            let (lo, hi) = stats::wilson(k, n);
            (
                Some(round4(stats::share(k, n))),
                Some(round4(lo)),
                Some(round4(hi)),
            )
        }
        _ => (None, None, None),
    }
}

/// Builds `by_<attr>_vs_region` from the published (disclosed) `tables`; `None` where the run
/// has no `by_<attr>`.
pub fn table(tables: &[Table], cb: &Codebook, attr: &str) -> PolarsResult<Option<Table>> {
    let find = |kind: &Kind| tables.iter().find(|t| t.kind == *kind).map(|t| &t.df);
    let (Some(by), Some(codes)) = (find(&Kind::By(attr.to_owned())), find(&Kind::Codes)) else {
        return Ok(None);
    };
    // The region, by code id.
    let ids = strs(codes, "code")?;
    let (rk, rn) = (u32s(codes, "companies")?, u32s(codes, "need_companies")?);
    let (rs, rl, rh) = (
        f64s(codes, "company_share")?,
        f64s(codes, "ci_low")?,
        f64s(codes, "ci_high")?,
    );
    let (ns, nl, nh) = (
        f64s(codes, "need_share")?,
        f64s(codes, "need_ci_low")?,
        f64s(codes, "need_ci_high")?,
    );
    let region_hidden = bools(codes, "suppressed")?;
    let at: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| Some((id.as_deref()?, i)))
        .collect();
    let labels: HashMap<&str, &str> = cb
        .codes
        .iter()
        .map(|c| (c.id.as_str(), c.label.as_str()))
        .collect();

    let values = strs(by, attr)?;
    let code = strs(by, "code")?;
    let group = u32s(by, "group_companies")?;
    let k = u32s(by, "companies")?;
    let need = u32s(by, "need_companies")?;
    let hidden = bools(by, "suppressed")?;
    let rows = by.height();
    let mut label = Vec::with_capacity(rows);
    let (mut share, mut lo, mut hi) = (vec![], vec![], vec![]);
    let (mut need_share, mut need_lo, mut need_hi) = (vec![], vec![], vec![]);
    let mut region: [Vec<Option<u32>>; 2] = [vec![], vec![]];
    let mut region_f: [Vec<Option<f64>>; 6] = Default::default();
    let mut suppressed = Vec::with_capacity(rows);
    for i in 0..rows {
        let id = code[i].as_deref().unwrap_or("");
        label.push(labels.get(id).copied().unwrap_or(""));
        let (s, l, h) = share_ci(k[i], group[i]);
        share.push(s);
        lo.push(l);
        hi.push(h);
        let (s, l, h) = share_ci(need[i], group[i]);
        need_share.push(s);
        need_lo.push(l);
        need_hi.push(h);
        let r = at.get(id).copied();
        let pick_u = |v: &[Option<u32>]| r.and_then(|r| v[r]);
        let pick_f = |v: &[Option<f64>]| r.and_then(|r| v[r]);
        region[0].push(pick_u(&rk));
        region[1].push(pick_u(&rn));
        for (out, src) in region_f.iter_mut().zip([&rs, &rl, &rh, &ns, &nl, &nh]) {
            out.push(pick_f(src));
        }
        suppressed.push(hidden[i] || r.is_some_and(|r| region_hidden[r]));
    }
    let [region_k, region_need] = region;
    let [r_share, r_lo, r_hi, rn_share, rn_lo, rn_hi] = region_f;
    let opt_f = |name: &str, v: Vec<Option<f64>>| Column::new(name.into(), v);
    let opt_u = |name: &str, v: Vec<Option<u32>>| Column::new(name.into(), v);
    let mut columns = vec![
        Column::new(attr.into(), values),
        Column::new("code".into(), code),
        col_str("label", &label),
        opt_u("group_companies", group),
        opt_u("companies", k),
        opt_f("share", share),
        opt_f("ci_low", lo),
        opt_f("ci_high", hi),
        opt_u("need_companies", need),
        opt_f("need_share", need_share),
        opt_f("need_ci_low", need_lo),
        opt_f("need_ci_high", need_hi),
        opt_u("region_companies", region_k),
        opt_f("region_share", r_share),
        opt_f("region_ci_low", r_lo),
        opt_f("region_ci_high", r_hi),
        opt_u("region_need_companies", region_need),
        opt_f("region_need_share", rn_share),
        opt_f("region_need_ci_low", rn_lo),
        opt_f("region_need_ci_high", rn_hi),
    ];
    // Like the other tables: a `suppressed` flag in publication mode only.
    if by.column("suppressed").is_ok() || codes.column("suppressed").is_ok() {
        columns.push(Column::new("suppressed".into(), suppressed));
    }
    let df = DataFrame::new_infer_height(columns)?;
    Ok(Some(Table::new(Kind::VsRegion(attr.to_owned()), df)))
}
