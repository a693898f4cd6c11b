//! The heat map of the page: specialist skills × domain knowledge, companies per cell, at
//! the level of the hierarchy where combinations recur.

use std::collections::BTreeMap;

use super::*;

/// Pair lookup in either order.
pub(super) fn pair<'a>(
    pairs: &BTreeMap<(&str, &str), &'a PairRow>,
    a: &str,
    b: &str,
) -> Option<&'a PairRow> {
    let key = if a < b { (a, b) } else { (b, a) };
    pairs.get(&key).copied()
}

/// The heat map's rows (specialist) and columns (domain): codes that share a segment with at
/// least one code on the other axis, the ones with most companies first, at most [`HEAT_MAX`]
/// each. Top-level umbrella codes (`digital`, `domain_knowledge`) pair with everything and are
/// left out; mid-level codes such as `automation` × `manufacturing` are where combinations recur,
/// as in `summary.md`.
pub(super) fn heat_axes<'a>(
    data: &'a ReportData,
    pairs: &BTreeMap<(&str, &str), &PairRow>,
) -> (Vec<&'a CodeRow>, Vec<&'a CodeRow>) {
    let leaves = |cat: &str| -> Vec<&'a CodeRow> {
        data.codes
            .iter()
            .filter(|c| c.category == cat && !(c.depth == 0 && c.has_children))
            .collect()
    };
    let (spec, dom) = (leaves("specialist"), leaves("domain"));
    // One pass over the pairs, not a lookup per specialist x domain combination: with
    // thousands of codes the combinations run into millions.
    let ids = |codes: &[&'a CodeRow]| codes.iter().map(|c| c.id.as_str()).collect::<HashSet<_>>();
    let (spec_ids, dom_ids) = (ids(&spec), ids(&dom));
    let mut linked: HashSet<&str> = HashSet::new();
    for p in pairs.values().filter(|p| p.segments > 0) {
        let (a, b) = (p.a.as_str(), p.b.as_str());
        if (spec_ids.contains(a) && dom_ids.contains(b))
            || (dom_ids.contains(a) && spec_ids.contains(b))
        {
            linked.insert(a);
            linked.insert(b);
        }
    }
    let pick = |codes: &[&'a CodeRow]| {
        let mut v: Vec<&'a CodeRow> = codes
            .iter()
            .copied()
            .filter(|c| linked.contains(c.id.as_str()))
            .collect();
        // Stable: ties stay in codebook order. Suppressed (None) rank below 1.
        v.sort_by_key(|c| std::cmp::Reverse(c.companies.map_or(0, |k| k + 1)));
        v.truncate(HEAT_MAX);
        v
    };
    (pick(&spec), pick(&dom))
}

pub(super) fn heat_map(page: &mut String, data: &ReportData, ui: &Ui) {
    section(
        page,
        "cooccurrence",
        ui.h_heat,
        &(ui.heat_sub)(data.companies),
    );
    let pairs: BTreeMap<(&str, &str), &PairRow> = data
        .pairs
        .iter()
        .map(|p| ((p.a.as_str(), p.b.as_str()), p))
        .collect();
    let (rows, cols) = heat_axes(data, &pairs);
    if rows.is_empty() || cols.is_empty() {
        let _ = writeln!(page, "<p>{}</p>\n</section>", esc(ui.heat_empty));
        return;
    }
    let k = data.provenance.min_cell;
    let max = rows
        .iter()
        .flat_map(|r| cols.iter().map(|c| pair(&pairs, &r.id, &c.id)))
        .filter_map(|p| p.and_then(|p| p.companies))
        .max()
        .unwrap_or(0);
    let fill = |n: u32| heat_fill(n, max);
    let suppressed_fill = "#d0d7de";
    let mut any_suppressed = false;
    let cells = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| {
                    let p = pair(&pairs, &r.id, &c.id);
                    let segments = p.map_or(0, |p| p.segments);
                    let companies = match p {
                        Some(p) => p.companies,
                        None => Some(0),
                    };
                    let title = format!(
                        "{} × {}: {}",
                        r.label,
                        c.label,
                        (ui.cell_title)(companies, segments, k)
                    );
                    match companies {
                        Some(n) => HeatCell {
                            fill: fill(n),
                            text: if n == 0 { String::new() } else { n.to_string() },
                            title,
                        },
                        None => {
                            any_suppressed = true;
                            HeatCell {
                                fill: suppressed_fill.into(),
                                text: format!("<{k}"),
                                title,
                            }
                        }
                    }
                })
                .collect()
        })
        .collect();
    // Only counts that occur: a map of suppressed cells has no colour scale to explain.
    let mut legend: Vec<LegendItem> = legend_values(max)
        .into_iter()
        .map(|n| LegendItem {
            fill: fill(n),
            label: n.to_string(),
        })
        .collect();
    if any_suppressed {
        legend.push(LegendItem {
            fill: suppressed_fill.into(),
            label: (ui.fewer_than)(k),
        });
    }
    let map = HeatMap {
        title: format!("{} (N = {})", ui.h_heat, data.companies),
        rows: rows.iter().map(|c| c.label.clone()).collect(),
        cols: cols.iter().map(|c| c.label.clone()).collect(),
        cells,
        legend_title: ui.heat_legend.into(),
        legend,
    };
    // At its own size, scrolled sideways on a narrow screen, so that its numbers stay legible.
    let _ = writeln!(
        page,
        "<figure class=\"heat\">{}<div class=\"scroll\">{}</div></figure>\n</section>",
        scroll_cue(ui),
        svg::heat_map(&map)
    );
}

/// White for 0; otherwise light to dark, starting a little above the lightest colour so that a
/// single company is visible. The darkest colour is kept for at least [`HEAT_DARKEST`]
/// companies, so that a sparse map of ones does not look like a map of strong links.
pub(super) fn heat_fill(n: u32, max: u32) -> String {
    if n == 0 {
        return "#ffffff".into();
    }
    svg::sequential(0.12 + 0.88 * n as f64 / max.max(HEAT_DARKEST) as f64)
}

/// At most five legend values from 1 to `max`, always both ends.
pub(super) fn legend_values(max: u32) -> Vec<u32> {
    if max <= 5 {
        return (1..=max).collect();
    }
    let mut v: Vec<u32> = (0..5)
        .map(|i| 1 + ((max - 1) as f64 * i as f64 / 4.0).round() as u32)
        .collect();
    v.dedup();
    v
}
