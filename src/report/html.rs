//! The HTML report is one self-contained page for a competence council and its reference group:
//! the most requested skills, specialist × domain co-occurrence, each `group_by` breakdown,
//! breadth and cutting edge, quotes and the run's provenance, in Swedish or English.
//!
//! Its readers are not researchers, so every figure says how many companies stand behind it,
//! axes carry labels and units, and suppressed counts read "färre än k", never 0. The page has
//! inline CSS and inline SVG only: no script, no fonts or images from the network, so it works
//! offline, can be mailed as one file and prints on A4. Every text from the data is escaped.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use super::data::{CodeRow, CombinationRow, FacetRow, GroupTable, PairRow, ReportData};
use super::svg::{self, esc, Bar, BarChart, HeatCell, HeatMap, LegendItem};

use super::texts::Ui;

mod bars;
pub mod group;
mod heat;
pub use super::Language;
use heat::heat_map;

/// Codes in the bar chart of the most requested skills.
const TOP_CHART: usize = 20;
/// Codes in each group breakdown.
const TOP_GROUPS: usize = 12;
/// Codes with quotes, and quotes per code.
const TOP_QUOTES: usize = 8;
const QUOTES_PER_CODE: usize = 3;
/// Rows and columns of the co-occurrence heat map.
const HEAT_MAX: usize = 15;
/// The fewest companies the heat map's darkest colour stands for.
const HEAT_DARKEST: u32 = 4;

/// Okabe–Ito colours, safe for colour-blind readers: specialist, domain, generic, other.
const CATEGORY_FILLS: [&str; 4] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"];

fn category_index(category: &str) -> usize {
    match category {
        "specialist" => 0,
        "domain" => 1,
        "generic" => 2,
        _ => 3,
    }
}

/// Renders the report page.
pub fn render(data: &ReportData, lang: Language) -> String {
    let ui = Ui::get(lang);
    let mut page = String::new();
    head(&mut page, &title(data), data, ui);
    summary(&mut page, data, ui);
    combination(&mut page, data, ui);
    top_skills(&mut page, data, ui);
    heat_map(&mut page, data, ui);
    groups(&mut page, data, ui);
    breadth(&mut page, data, ui);
    quotes(&mut page, data, ui);
    agreement(&mut page, data, ui);
    about(&mut page, data, ui);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

const CSS: &str = include_str!("html/page.css");

fn head(page: &mut String, name: &str, data: &ReportData, ui: &Ui) {
    // Writing to a String cannot fail, here and below.
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"skillgap {version}\">\n\
         <title>{name}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        lang = ui.lang,
        version = esc(&data.provenance.tool_version),
        name = esc(name),
    );
}

fn title(data: &ReportData) -> String {
    if data.provenance.codebook_name.trim().is_empty() {
        "skillgap".to_string()
    } else {
        data.provenance.codebook_name.clone()
    }
}

fn summary(page: &mut String, data: &ReportData, ui: &Ui) {
    let p = &data.provenance;
    let _ = write!(
        page,
        "<header>\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<div class=\"summary\">\n",
        esc(ui.kicker),
        esc(&title(data))
    );
    for (n, what) in [
        (data.interviews, ui.interviews),
        (data.companies, ui.companies),
        (data.segments, ui.segments),
        (data.coded_segments, ui.coded_segments),
    ] {
        let _ = writeln!(
            page,
            "<div class=\"stat\"><b>{}</b><span>{}</span></div>",
            ui.int(n),
            esc(what)
        );
    }
    let date = p.finished.split('T').next().unwrap_or("");
    let _ = write!(
        page,
        "</div>\n<p class=\"meta\">{}: {} ({} {}) · {}: {}</p>\n</header>\n",
        ui.codebook,
        esc(&p.codebook_name),
        ui.version,
        esc(&p.codebook_version),
        ui.date,
        esc(if date.is_empty() { "–" } else { date }),
    );
}

fn section(page: &mut String, id: &str, heading: &str, sub: &str) {
    let _ = writeln!(page, "<section id=\"{id}\">\n<h2>{}</h2>", esc(heading));
    if !sub.is_empty() {
        let _ = writeln!(page, "<p class=\"sub\">{}</p>", esc(sub));
    }
}

/// A bar for a share with its interval, or a "fewer than k" row when suppressed.
fn share_bar(
    ui: &Ui,
    data: &ReportData,
    label: &str,
    companies: Option<u32>,
    share: Option<f64>,
    ci: (Option<f64>, Option<f64>),
    fill: &str,
) -> Bar {
    let n = data.companies;
    let k = data.provenance.min_cell;
    let (value, note, title) = match (companies, share) {
        (Some(c), Some(s)) => {
            let ci_text = match ci {
                (Some(l), Some(h)) => ui.interval(l, h),
                _ => "–".into(),
            };
            let of = ui.int(n);
            let note = format!("{} ({c}/{of})", ui.pct(s));
            let title = (ui.bar_title)(&c.to_string(), &of, &ui.pct(s), &ci_text);
            (Some(s), note, format!("{label}: {title}"))
        }
        _ => (
            None,
            String::new(),
            format!("{label}: {}", (ui.fewer_than)(k)),
        ),
    };
    Bar {
        label: label.to_string(),
        value,
        low: ci.0,
        high: ci.1,
        note,
        missing: (ui.fewer_than)(k),
        fill: fill.to_string(),
        title,
        detail: String::new(),
    }
}

fn top_skills(page: &mut String, data: &ReportData, ui: &Ui) {
    let (h_top, top_sub) = if data.need {
        (ui.h_top, ui.top_sub)
    } else {
        (ui.h_top_mentions, ui.top_sub_mentions)
    };
    section(
        page,
        "top",
        h_top,
        &format!("{} {}", top_sub(data.companies), ui.groups_note),
    );
    let top = data.top_codes(TOP_CHART);
    let bars: Vec<Bar> = top
        .iter()
        .map(|c| {
            let fill = CATEGORY_FILLS[category_index(&c.category)];
            let mut bar = share_bar(
                ui,
                data,
                &c.label,
                c.companies,
                c.share,
                (c.ci_low, c.ci_high),
                fill,
            );
            if c.has_children {
                bar.detail = (ui.group_detail)(
                    data.children(&c.id).len(),
                    c.direct,
                    data.companies,
                    data.provenance.min_cell,
                );
            }
            bar
        })
        .collect();
    let mut present = [false; 4];
    for c in &top {
        present[category_index(&c.category)] = true;
    }
    let legend = (0..4)
        .filter(|&i| present[i])
        .map(|i| LegendItem {
            fill: CATEGORY_FILLS[i].into(),
            label: ui.categories[i].into(),
        })
        .collect();
    let chart = BarChart {
        title: format!("{} (N = {})", h_top, data.companies),
        bars,
        legend,
        axis_label: ui.axis.into(),
    };
    let _ = writeln!(page, "{}\n</section>", bars::html_bars(&chart));
}

/// The study's headline: companies naming a specialist and a domain skill together, in one
/// answer and anywhere, with intervals, and the same by group.
fn combination(page: &mut String, data: &ReportData, ui: &Ui) {
    let (Some(same), Some(anywhere)) = (
        data.combination_all("same_answer"),
        data.combination_all("anywhere"),
    ) else {
        section(page, "combination", ui.h_combination, "");
        let _ = writeln!(page, "<p>{}</p>\n</section>", esc(ui.combination_missing));
        return;
    };
    section(
        page,
        "combination",
        ui.h_combination,
        &(ui.combination_sub)(data.need, data.companies),
    );
    let n = ui.int(data.companies);
    let k = data.provenance.min_cell;
    let sentence = |r: &CombinationRow, f: fn(bool, &str, &str, &str, &str) -> String| match (
        r.companies,
        r.share,
        r.ci_low,
        r.ci_high,
    ) {
        (Some(c), Some(s), Some(l), Some(h)) => f(
            data.need,
            &c.to_string(),
            &n,
            &ui.pct(s),
            &ui.interval(l, h),
        ),
        _ => f(data.need, &(ui.fewer_than)(k), &n, "–", "–"),
    };
    let _ = writeln!(
        page,
        "<p class=\"headline\"><b>{}</b> {}</p>",
        esc(&sentence(same, ui.combination_same)),
        esc(&sentence(anywhere, ui.combination_anywhere))
    );
    let bar = |label: &str, r: &CombinationRow, fill: &str| {
        share_bar(
            ui,
            data,
            label,
            r.companies,
            r.share,
            (r.ci_low, r.ci_high),
            fill,
        )
    };
    let chart = BarChart {
        title: format!("{} (N = {})", ui.h_combination, data.companies),
        bars: vec![
            bar(ui.combination_same_column, same, CATEGORY_FILLS[0]),
            bar(ui.combination_anywhere_column, anywhere, "#56B4E9"),
        ],
        legend: Vec::new(),
        axis_label: ui.axis.into(),
    };
    let _ = writeln!(page, "{}", bars::html_bars(&chart));
    // By group: one table per attribute, rows the groups.
    let mut attrs: Vec<&str> = Vec::new();
    for r in &data.combination {
        if r.attribute != crate::tally::ALL && !attrs.contains(&r.attribute.as_str()) {
            attrs.push(&r.attribute);
        }
    }
    for attr in attrs {
        let mut rows: Vec<&CombinationRow> = data
            .combination
            .iter()
            .filter(|r| r.attribute == attr && r.scope == "same_answer")
            .collect();
        rows.sort_by_key(|r| natural_key(&r.value));
        let _ = write!(
            page,
            "<h3>{}</h3>\n<div class=\"scroll\"><table class=\"groups narrow\">\n<thead><tr>\
             <th class=\"skill\" scope=\"col\">{}</th><th scope=\"col\">n</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            esc(&(ui.attribute)(attr)),
            esc(ui.combination_group),
            esc(ui.combination_same_column),
            esc(ui.combination_anywhere_column)
        );
        for r in rows {
            let other = data.combination.iter().find(|o| {
                o.scope == "anywhere" && o.attribute == r.attribute && o.value == r.value
            });
            let size = r
                .group
                .map_or_else(|| format!("&lt;{k}"), |g| g.to_string());
            let _ = write!(
                page,
                "<tr><th class=\"skill\" scope=\"row\">{}</th><td>{size}</td>",
                esc(&r.value)
            );
            for cell in [Some(r), other] {
                page.push_str(&share_cell(
                    ui,
                    k,
                    cell.map(|c| (c.companies, c.share, c.group)),
                ));
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</tbody></table></div>\n");
    }
    page.push_str("</section>\n");
}

/// A table cell for `companies` of `group` with its share, coloured by the share; `<k` where
/// suppressed.
fn share_cell(ui: &Ui, k: u32, cell: Option<(Option<u32>, Option<f64>, Option<u32>)>) -> String {
    match cell {
        Some((Some(c), Some(share), group)) => {
            let bg = svg::sequential(share * 0.85);
            let title = group
                .map(|n| (ui.group_cell_title)(c, n))
                .unwrap_or_default();
            format!(
                "<td style=\"background:{bg};color:{}\" title=\"{}\">{}</td>",
                svg::text_on(&bg),
                esc(&title),
                esc(&ui.pct(share))
            )
        }
        Some((None, _, _)) | Some((Some(_), None, _)) => format!(
            "<td class=\"sup\" title=\"{}\">&lt;{k}</td>",
            esc(&(ui.fewer_than)(k))
        ),
        None => "<td>–</td>".into(),
    }
}

/// The cue above a wide table, shown on narrow screens only.
fn scroll_cue(ui: &Ui) -> String {
    format!("<p class=\"scroll-cue\">{}</p>", esc(ui.scroll_cue))
}

fn groups(page: &mut String, data: &ReportData, ui: &Ui) {
    if data.groups.is_empty() {
        return;
    }
    let sub = if data.need {
        ui.groups_sub
    } else {
        ui.groups_sub_mentions
    };
    section(page, "groups", ui.h_groups, &sub(TOP_GROUPS));
    let top = data.top_codes(TOP_GROUPS);
    for g in &data.groups {
        group_table(page, data, ui, g, &top);
    }
    page.push_str("</section>\n");
}

fn group_table(page: &mut String, data: &ReportData, ui: &Ui, g: &GroupTable, top: &[&CodeRow]) {
    let k = data.provenance.min_cell;
    let _ = write!(
        page,
        "<h3>{}</h3>\n{}<div class=\"scroll\"><table class=\"groups\">\n<thead><tr>\
         <th class=\"skill\" scope=\"col\">{}</th>",
        esc(&(ui.attribute)(&g.attribute)),
        scroll_cue(ui),
        esc(ui.skill)
    );
    // Columns in natural order ("1-9", "10-49", "50-249", "250+"); `i` indexes the data.
    let mut order: Vec<usize> = (0..g.groups.len()).collect();
    order.sort_by_key(|&i| natural_key(&g.groups[i].0));
    // Equal group columns sharing just over half the table; a long group name still widens its
    // column rather than being broken.
    let width = svg::num(56.0 / g.groups.len().max(1) as f64);
    for &i in &order {
        let (value, size) = &g.groups[i];
        let n = match size {
            Some(n) => format!("(n={n})"),
            None => format!("(n&lt;{k})"),
        };
        let _ = write!(
            page,
            "<th scope=\"col\" style=\"width:{width}%\">{} <small>{n}</small></th>",
            esc(value)
        );
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    let rows: BTreeMap<&str, &[super::data::GroupCell]> = g
        .rows
        .iter()
        .map(|(id, cells)| (id.as_str(), cells.as_slice()))
        .collect();
    for code in top {
        let label = if code.has_children {
            (ui.group_label)(&code.label)
        } else {
            code.label.clone()
        };
        let _ = write!(
            page,
            "<tr><th class=\"skill\" scope=\"row\">{}</th>",
            esc(&label)
        );
        let cells = rows.get(code.id.as_str());
        for &i in &order {
            let size = g.groups[i].1;
            let cell = cells
                .and_then(|c| c.get(i))
                .map(|&(companies, share)| (companies, share, size));
            page.push_str(&share_cell(ui, k, cell));
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></div>\n");
}

/// A piece of a group value for sorting: numbers compare as numbers.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    Num(u64),
    Text(String),
}

/// Sort key that puts "2" before "10" and "50-249" before "250+".
fn natural_key(s: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut part = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digit {
                break;
            }
            part.push(c.to_lowercase().next().unwrap_or(c));
            chars.next();
        }
        out.push(match part.parse() {
            Ok(n) if digit => Chunk::Num(n),
            _ => Chunk::Text(part),
        });
    }
    out
}

/// Facet values in reading order: bredd before spets, then the rest as they come (sorted).
fn facet_order(value: &str) -> (u8, &str) {
    match value {
        "bredd" => (0, value),
        "spets" => (1, value),
        _ => (2, value),
    }
}

fn facet_chart(data: &ReportData, ui: &Ui, title: &str, rows: &[&FacetRow]) -> String {
    let fills = ["#56B4E9", "#D55E00", "#999999"];
    let bars = rows
        .iter()
        .map(|f| {
            let (rank, _) = facet_order(&f.value);
            let label = if f.facet == "level" {
                (ui.level_value)(&f.value)
            } else {
                f.value.clone()
            };
            share_bar(
                ui,
                data,
                &label,
                f.companies,
                f.share,
                (f.ci_low, f.ci_high),
                fills[rank as usize],
            )
        })
        .collect();
    bars::html_bars(&BarChart {
        title: format!("{title} (N = {})", data.companies),
        bars,
        legend: Vec::new(),
        axis_label: ui.axis.into(),
    })
}

/// Bredd and spets within specialist skills and within domain knowledge (never over generic
/// codes, which are all bredd); other facets per category the same way.
fn breadth(page: &mut String, data: &ReportData, ui: &Ui) {
    let on_side = |f: &&FacetRow| crate::tally::Side::of(&f.category).is_some();
    let mut by_facet: BTreeMap<(&str, &str), Vec<&FacetRow>> = BTreeMap::new();
    for f in data.facets.iter().filter(on_side) {
        by_facet
            .entry((f.facet.as_str(), f.category.as_str()))
            .or_default()
            .push(f);
    }
    for rows in by_facet.values_mut() {
        rows.sort_by_key(|f| facet_order(&f.value));
    }
    let has_level = by_facet.keys().any(|(facet, _)| *facet == "level");
    section(
        page,
        "breadth",
        ui.h_breadth,
        &if has_level {
            (ui.breadth_text)(data.need, data.companies)
        } else {
            String::new()
        },
    );
    if !has_level {
        let _ = writeln!(page, "<p>{}</p>", esc(ui.breadth_missing));
    }
    // Specialist before domain, `level` before other facets.
    let mut keys: Vec<(&str, &str)> = by_facet.keys().copied().collect();
    keys.sort_by_key(|(facet, category)| (*facet != "level", *facet, *category != "specialist"));
    for key in keys {
        let (facet, category) = key;
        let rows = &by_facet[&key];
        let heading = (ui.breadth_within)(category);
        let sub = if facet == "level" {
            String::new()
        } else {
            (ui.facet_sub)(data.need, facet, data.companies)
        };
        let heading = if facet == "level" {
            heading
        } else {
            format!("{heading}: {facet}")
        };
        let _ = writeln!(page, "<h3>{}</h3>", esc(&heading));
        if !sub.is_empty() {
            let _ = writeln!(page, "<p class=\"sub\">{}</p>", esc(&sub));
        }
        let _ = writeln!(page, "{}", facet_chart(data, ui, &heading, rows));
    }
    page.push_str("</section>\n");
}

fn quotes(page: &mut String, data: &ReportData, ui: &Ui) {
    if data.quotes.is_empty() {
        if data.publication() {
            section(page, "quotes", ui.h_quotes, "");
            let _ = writeln!(page, "<p>{}</p>\n</section>", esc(ui.quotes_omitted));
        }
        return;
    }
    section(page, "quotes", ui.h_quotes, ui.quotes_sub);
    for code in data.top_codes(TOP_QUOTES) {
        let mine: Vec<_> = data
            .quotes
            .iter()
            .filter(|q| q.code == code.id)
            .take(QUOTES_PER_CODE)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(page, "<h3>{}</h3>", esc(&code.label));
        for q in mine {
            let text: Vec<String> = q
                .text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(esc)
                .collect();
            let _ = writeln!(
                page,
                "<blockquote><p>{}</p><footer>{}</footer></blockquote>",
                text.join("<br>"),
                esc(&(ui.quote_ref)(&q.interview, q.segment))
            );
        }
    }
    page.push_str("</section>\n");
}

fn agreement(page: &mut String, data: &ReportData, ui: &Ui) {
    let Some(a) = &data.agreement else {
        return;
    };
    section(
        page,
        "agreement",
        ui.h_agreement,
        &(ui.agreement_sub)(a.interviews, a.segments),
    );
    let num = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"));
    let _ = write!(
        page,
        "<div class=\"scroll\"><table>\n<thead><tr><th>{skill}</th><th class=\"num\">auto</th>\
         <th class=\"num\">manual</th><th class=\"num\">both</th><th class=\"num\">precision</th>\
         <th class=\"num\">recall</th><th class=\"num\">F1</th><th class=\"num\">kappa</th>\
         </tr></thead>\n<tbody>\n",
        skill = esc(ui.skill)
    );
    for r in &a.rows {
        let name = if r.label.is_empty() {
            &r.code
        } else {
            &r.label
        };
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(name),
            r.t.first(),
            r.t.second(),
            r.t.both,
            num(r.precision.0),
            num(r.recall.0),
            num(r.f1.0),
            num(r.kappa.0)
        );
    }
    page.push_str("</tbody></table></div>\n</section>\n");
}

/// An RFC 3339 time as "2024-05-01 12:34:56 UTC".
fn show_time(t: &str) -> String {
    if t.is_empty() {
        return "–".into();
    }
    let t = t.replacen('T', " ", 1);
    match t.strip_suffix('Z') {
        Some(s) => format!("{s} UTC"),
        None => t,
    }
}

fn about(page: &mut String, data: &ReportData, ui: &Ui) {
    let p = &data.provenance;
    section(page, "about", ui.h_about, "");
    let min_cell = if p.min_cell == 0 {
        ui.none.to_string()
    } else {
        p.min_cell.to_string()
    };
    let rows = [
        (ui.tool, format!("skillgap {}", esc(&p.tool_version))),
        (ui.codebook, esc(&p.codebook_name)),
        (ui.codebook_version, esc(&p.codebook_version)),
        (
            ui.codebook_sha,
            format!("<code>{}</code>", esc(&p.codebook_sha256)),
        ),
        (ui.inputs, ui.int(p.inputs)),
        (ui.started, esc(&show_time(&p.started))),
        (ui.finished, esc(&show_time(&p.finished))),
        (ui.min_cell, esc(&min_cell)),
        (ui.pseudonymized, ui.yes_no(p.pseudonymized).into()),
        (ui.text_included, ui.yes_no(p.text_included).into()),
    ];
    page.push_str("<dl class=\"prov\">\n");
    for (what, value) in rows {
        let _ = writeln!(page, "<dt>{}</dt><dd>{value}</dd>", esc(what));
    }
    let _ = write!(
        page,
        "</dl>\n<h3>{}</h3>\n<ul class=\"read\">\n",
        esc(ui.h_read)
    );
    for line in ui.read {
        let _ = writeln!(page, "<li>{}</li>", esc(line));
    }
    // With k = 1 nothing is suppressed (0 < n < 1 is empty).
    if p.min_cell > 1 {
        let _ = writeln!(page, "<li>{}</li>", esc(&(ui.read_suppressed)(p.min_cell)));
    }
    page.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::heat::{heat_axes, heat_fill, legend_values};
    use super::*;
    use crate::report::data::{Provenance, QuoteRow};

    fn code(id: &str, label: &str, category: &str, companies: Option<u32>) -> CodeRow {
        let n = 4.0;
        CodeRow {
            id: id.into(),
            label: label.into(),
            category: category.into(),
            parent: None,
            depth: 0,
            has_children: false,
            facets: BTreeMap::new(),
            segments: companies.map_or(1, |c| c + 1),
            mentions: companies.map_or(1, |c| c + 2),
            companies,
            share: companies.map(|c| c as f64 / n),
            ci_low: companies.map(|c| (c as f64 / n - 0.2).max(0.0)),
            ci_high: companies.map(|c| (c as f64 / n + 0.2).min(1.0)),
            mention_companies: companies,
            direct: companies,
        }
    }

    fn combination_row(
        attribute: &str,
        value: &str,
        scope: &str,
        c: Option<u32>,
        n: u32,
    ) -> CombinationRow {
        CombinationRow {
            attribute: attribute.into(),
            value: value.into(),
            scope: scope.into(),
            group: Some(n),
            companies: c,
            share: c.map(|c| f64::from(c) / f64::from(n)),
            ci_low: c.map(|_| 0.25),
            ci_high: c.map(|_| 0.9),
            mention_companies: c,
        }
    }

    /// Four companies; `plc` is suppressed (min_cell 3), `robot & <AI>` needs escaping.
    fn sample() -> ReportData {
        let mut parent = code("digital", "Digitalt", "specialist", Some(4));
        parent.has_children = true;
        parent.direct = Some(0);
        let mut robot = code("robot", "Robotik <&> AI", "specialist", Some(4));
        robot.parent = Some("digital".into());
        ReportData {
            agreement: None,
            need: true,
            interviews: 5,
            companies: 4,
            segments: 1234,
            coded_segments: 77,
            codes: vec![
                parent,
                robot,
                code("plc", "PLC-styrning", "specialist", None),
                code("weld", "Svetsning", "domain", Some(3)),
                code("lead", "Ledarskap", "generic", Some(3)),
            ],
            pairs: vec![
                PairRow {
                    a: "robot".into(),
                    b: "weld".into(),
                    segments: 3,
                    companies: Some(2),
                    jaccard: 0.5,
                },
                PairRow {
                    a: "plc".into(),
                    b: "weld".into(),
                    segments: 1,
                    companies: None,
                    jaccard: 0.1,
                },
            ],
            groups: vec![GroupTable {
                attribute: "sector".into(),
                groups: vec![("tillverkning".into(), Some(2)), ("it".into(), Some(2))],
                rows: vec![
                    (
                        "digital".into(),
                        vec![(Some(2), Some(1.0)), (Some(2), Some(1.0))],
                    ),
                    ("robot".into(), vec![(Some(2), Some(1.0)), (None, None)]),
                    ("plc".into(), vec![(None, None), (Some(0), Some(0.0))]),
                    (
                        "weld".into(),
                        vec![(Some(2), Some(1.0)), (Some(1), Some(0.5))],
                    ),
                    (
                        "lead".into(),
                        vec![(Some(1), Some(0.5)), (Some(2), Some(1.0))],
                    ),
                ],
            }],
            facets: vec![
                FacetRow {
                    category: "specialist".into(),
                    facet: "level".into(),
                    value: "spets".into(),
                    companies: Some(3),
                    share: Some(0.75),
                    ci_low: Some(0.3),
                    ci_high: Some(0.95),
                },
                FacetRow {
                    category: "specialist".into(),
                    facet: "level".into(),
                    value: "bredd".into(),
                    companies: Some(4),
                    share: Some(1.0),
                    ci_low: Some(0.51),
                    ci_high: Some(1.0),
                },
            ],
            combination: vec![
                combination_row("(all)", "(all)", "same_answer", Some(3), 4),
                combination_row("sector", "tillverkning", "same_answer", Some(2), 2),
                combination_row("sector", "it", "same_answer", None, 2),
                combination_row("(all)", "(all)", "anywhere", Some(4), 4),
                combination_row("sector", "tillverkning", "anywhere", Some(2), 2),
                combination_row("sector", "it", "anywhere", None, 2),
            ],
            quotes: vec![QuoteRow {
                code: "weld".into(),
                interview: "IP07".into(),
                company: "C07".into(),
                segment: 12,
                text: "Vi behöver svetsare som kan <programmera>.\nOch fler.".into(),
            }],
            matrix: Default::default(),
            provenance: Provenance {
                tool_version: "0.1.0".into(),
                codebook_name: "Digital kompetens & domän".into(),
                codebook_version: "2022.1".into(),
                codebook_sha256: "ab12".repeat(16),
                inputs: 6,
                started: "2024-05-01T10:00:00Z".into(),
                finished: "2024-05-01T10:00:02Z".into(),
                min_cell: 3,
                pseudonymized: true,
                text_included: true,
            },
        }
    }

    const SV_HEADINGS: [&str; 7] = [
        "Specialistkompetens i kombination med domänkunskap",
        "Mest efterfrågade kompetenser",
        "Specialistkompetens och domänkunskap i samma svar",
        "Skillnader mellan grupper",
        "Bredd och spets",
        "Citat",
        "Om rapporten",
    ];
    const EN_HEADINGS: [&str; 7] = [
        "Specialist skills combined with domain knowledge",
        "Most requested skills",
        "Specialist skills and domain knowledge in the same answer",
        "Differences between groups",
        "Breadth and cutting edge",
        "Quotes",
        "About this report",
    ];

    /// The bar chart row (`<div class="bar" …>`) whose label is `label`.
    fn chart_row<'a>(html: &'a str, label: &str) -> &'a str {
        html.split("<div class=\"bar\" ")
            .skip(1)
            .map(|r| r.split("</div>").next().unwrap_or(r))
            .find(|r| r.contains(&format!("<span class=\"label\">{label}<")))
            .unwrap_or_else(|| panic!("no chart row for {label}"))
    }

    #[test]
    fn no_network_references() {
        for lang in [Language::Sv, Language::En] {
            let html = render(&sample(), lang);
            for attr in ["src=", "href="] {
                assert!(!html.contains(attr), "{attr} in page");
            }
            assert!(!html.contains("http:") && !html.contains("https:"));
            assert!(!html.contains("<script"));
            assert!(!html.contains("@import") && !html.contains("url("));
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.ends_with("</html>\n"));
        }
    }

    #[test]
    fn every_section_in_order_in_both_languages() {
        for (lang, headings, attr) in [
            (Language::Sv, SV_HEADINGS, "Bransch"),
            (Language::En, EN_HEADINGS, "Sector"),
        ] {
            let html = render(&sample(), lang);
            assert!(html.contains("<svg"));
            assert!(html.contains("<h1>Digital kompetens &amp; domän</h1>"));
            let mut at = 0;
            for h in headings {
                let tag = format!("<h2>{h}</h2>");
                let pos = html[at..]
                    .find(&tag)
                    .unwrap_or_else(|| panic!("{tag} missing"));
                at += pos;
            }
            assert!(html.contains(&format!("<h3>{attr}</h3>")), "{attr}");
        }
        assert!(render(&sample(), Language::Sv).contains("<html lang=\"sv\">"));
        assert!(render(&sample(), Language::En).contains("<html lang=\"en\">"));
    }

    #[test]
    fn summary_counts_codebook_and_date() {
        let html = render(&sample(), Language::Sv);
        assert!(html.contains("<b>5</b><span>intervjuer</span>"));
        assert!(html.contains("<b>4</b><span>företag</span>"));
        assert!(html.contains("<b>1\u{a0}234</b><span>segment (svar)</span>"));
        assert!(html.contains("<b>77</b><span>kodade segment</span>"));
        assert!(html.contains("(version 2022.1) · Datum: 2024-05-01</p>"));
        let en = render(&sample(), Language::En);
        assert!(en.contains("<b>1,234</b><span>segments (answers)</span>"));
    }

    #[test]
    fn labels_are_escaped() {
        let html = render(&sample(), Language::Sv);
        assert!(html.contains("Robotik &lt;&amp;&gt; AI"));
        assert!(!html.contains("Robotik <&> AI"));
        assert!(html.contains("svetsare som kan &lt;programmera&gt;."));
    }

    #[test]
    fn top_chart_bars_notes_and_suppressed_rows() {
        let html = render(&sample(), Language::Sv);
        let robot = chart_row(&html, "Robotik &lt;&amp;&gt; AI");
        assert!(
            robot.contains("<rect x=\"0\" y=\"1.5\" width=\"100\""),
            "{robot}"
        );
        assert!(
            robot.contains("<span class=\"note\">100\u{a0}% (4/4)</span>"),
            "{robot}"
        );
        assert!(robot.contains("fill=\"#0072B2\""));
        let plc = chart_row(&html, "PLC-styrning");
        assert!(
            plc.contains("<span class=\"track missing\">färre än 3</span>"),
            "{plc}"
        );
        assert!(!plc.contains("<rect"));
        // A code with children is in the chart as a group, with its direct count.
        let digital = chart_row(&html, "Digitalt");
        assert!(
            digital.contains("<small>grupp med 1 underkod · direkt 0 av 4</small>"),
            "{digital}"
        );
        assert!(html.contains("räknar varje företag som nämner koden själv eller någon av dess"));
        assert!(html.contains("<figcaption>Andel företag (%)</figcaption>"));
        assert!(html.contains("(N = 4)"));
        // Legend: the categories present.
        for l in ["Specialistkompetens", "Domänkunskap", "Generisk kompetens"] {
            assert!(html.contains(&format!("</i>{l}</span>")), "{l}");
        }
        assert!(!html.contains("</i>Övrigt</span>"));
        let en = render(&sample(), Language::En);
        assert!(chart_row(&en, "PLC-styrning").contains(">fewer than 3</span>"));
        assert!(en.contains("<figcaption>Share of companies (%)</figcaption>"));
        assert!(chart_row(&en, "Svetsning").contains(">75% (3/4)</span>"));
        assert!(chart_row(&en, "Digitalt").contains("group of 1 sub-code · direct 0 of 4"));
    }

    #[test]
    fn combination_headline_bars_and_groups() {
        let html = render(&sample(), Language::Sv);
        assert!(html.contains(
            "<p class=\"headline\"><b>3 av 4 företag (75\u{a0}%, 95 % intervall 25–90\u{a0}%) \
             efterfrågar en specialistkompetens och en domänkunskap i samma svar.</b> 4 av 4 \
             (100\u{a0}%, 25–90\u{a0}%) gör det någonstans i sina intervjuer.</p>"
        ));
        assert!(chart_row(&html, "Samma svar").contains(">75\u{a0}% (3/4)</span>"));
        assert!(chart_row(&html, "Någonstans i intervjuerna").contains(">100\u{a0}% (4/4)</span>"));
        // By group, a suppressed cell reads <3.
        let it = html
            .split("<tr>")
            .find(|r| r.contains("scope=\"row\">it</th>"))
            .unwrap();
        assert!(
            it.contains("<td>2</td><td class=\"sup\" title=\"färre än 3\">&lt;3</td>"),
            "{it}"
        );
        let en = render(&sample(), Language::En);
        assert!(en.contains("<b>3 of 4 companies (75%, 95 % interval 25–90%) ask for"));
        // Without specialist or domain codes the section says why there is no figure.
        let mut none = sample();
        none.combination.clear();
        let html = render(&none, Language::Sv);
        assert!(html.contains("Kodboken har inga koder med kategorin specialist"));
    }

    #[test]
    fn heat_map_cells_and_titles() {
        let html = render(&sample(), Language::Sv);
        assert!(html
            .contains("<title>Robotik &lt;&amp;&gt; AI × Svetsning: 2 företag, 3 segment</title>"));
        assert!(
            html.contains("<title>PLC-styrning × Svetsning: färre än 3 företag, 1 segment</title>")
        );
        assert!(html.contains(">&lt;3</text>"));
        let en = render(&sample(), Language::En);
        assert!(en.contains("Svetsning: 2 companies, 3 segments</title>"));
        // Two specialist rows × one domain column.
        assert_eq!(html.matches("<g class=\"cell\">").count(), 2);
    }

    #[test]
    fn heat_map_legend_shows_only_counts_that_occur() {
        let legend = |data: &ReportData| {
            let html = render(data, Language::Sv);
            let at = html.find(">Antal företag:</text>").unwrap();
            let rest = &html[at..];
            rest[..rest.find("</g>").unwrap()].to_string()
        };
        let l = legend(&sample());
        assert!(l.contains(">1</text>") && l.contains(">2</text>"), "{l}");
        assert!(l.contains(">färre än 3</text>"));
        let mut data = sample();
        for p in &mut data.pairs {
            p.companies = None;
        }
        let l = legend(&data);
        assert!(!l.contains(">1</text>"), "{l}");
        assert!(l.contains(">färre än 3</text>"));
    }

    #[test]
    fn heat_map_picks_leaves_with_cooccurrence_by_companies() {
        let mut data = sample();
        // A specialist without pairs and one domain code with children stay out.
        data.codes
            .push(code("lonely", "Ensam", "specialist", Some(4)));
        let mut dom = code("manuf", "Tillverkning", "domain", Some(4));
        dom.has_children = true;
        data.codes.push(dom);
        data.pairs.push(PairRow {
            a: "manuf".into(),
            b: "robot".into(),
            segments: 2,
            companies: Some(2),
            jaccard: 0.2,
        });
        let pairs: BTreeMap<(&str, &str), &PairRow> = data
            .pairs
            .iter()
            .map(|p| ((p.a.as_str(), p.b.as_str()), p))
            .collect();
        let (rows, cols) = heat_axes(&data, &pairs);
        let ids = |v: &[&CodeRow]| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&rows), ["robot", "plc"]);
        assert_eq!(ids(&cols), ["weld"]);
    }

    #[test]
    fn heat_scale_and_legend_values() {
        assert_eq!(heat_fill(0, 5), "#ffffff");
        assert_eq!(heat_fill(5, 5), "#08306b");
        // A map whose largest count is 1 stays light.
        assert_eq!(heat_fill(1, 1), heat_fill(1, 4));
        assert_ne!(heat_fill(1, 1), "#08306b");
        assert_eq!(legend_values(3), vec![1, 2, 3]);
        assert_eq!(legend_values(13), vec![1, 4, 7, 10, 13]);
        assert_eq!(legend_values(0), Vec::<u32>::new());
    }

    #[test]
    fn group_tables_show_sizes_and_suppressed_cells() {
        let html = render(&sample(), Language::Sv);
        assert!(html.contains(
            "<th scope=\"col\" style=\"width:28%\">tillverkning <small>(n=2)</small></th>"
        ));
        assert!(html.contains("<th scope=\"col\" style=\"width:28%\">it <small>(n=2)</small></th>"));
        assert!(html.contains("<h3>Bransch</h3>"));
        let robot_row = html
            .split("<tr>")
            .find(|r| r.contains("scope=\"row\">Robotik &lt;&amp;&gt; AI"))
            .unwrap();
        assert!(robot_row.contains(">100\u{a0}%</td>"), "{robot_row}");
        assert!(robot_row.contains("<td class=\"sup\" title=\"färre än 3\">&lt;3</td>"));
        let plc_row = html
            .split("<tr>")
            .find(|r| r.contains("scope=\"row\">PLC-styrning"))
            .unwrap();
        // Suppressed is "<3", a true zero is 0 %.
        assert!(plc_row.contains("&lt;3</td>"));
        assert!(plc_row.contains(">0\u{a0}%</td>"));
        // Parents are ranked, as groups.
        assert!(html.contains("scope=\"row\">Digitalt (grupp)</th>"));
    }

    #[test]
    fn group_columns_in_natural_order() {
        let mut v = ["250+", "50-249", "1-9", "10-49", "b", "A"];
        v.sort_by_key(|s| natural_key(s));
        assert_eq!(v, ["1-9", "10-49", "50-249", "250+", "A", "b"]);
        let mut data = sample();
        data.groups[0].groups = vec![("250+".into(), Some(3)), ("50-249".into(), Some(1))];
        let html = render(&data, Language::Sv);
        let small = html.find(">50-249 <small>(n=1)</small>").unwrap();
        let large = html.find(">250+ <small>(n=3)</small>").unwrap();
        assert!(small < large);
        // Cells follow their column: robot is 100 % in 250+ and suppressed in 50-249.
        let robot_row = html
            .split("<tr>")
            .find(|r| r.contains("scope=\"row\">Robotik"))
            .unwrap();
        let sup = robot_row.find("&lt;3</td>").unwrap();
        let full = robot_row.find(">100\u{a0}%</td>").unwrap();
        assert!(sup < full, "{robot_row}");
    }

    #[test]
    fn breadth_bars_and_explanation() {
        let html = render(&sample(), Language::Sv);
        assert!(html.contains("Bredd är kompetens som hela arbetsstyrkan behöver"));
        assert!(html.contains("<h3>Inom specialistkompetens</h3>"));
        let bredd = chart_row(&html, "Bredd");
        assert!(bredd.contains(">100\u{a0}% (4/4)</span>"));
        let spets = chart_row(&html, "Spets");
        assert!(spets.contains(">75\u{a0}% (3/4)</span>"));
        // Bredd comes first.
        assert!(html.find("\">Bredd<") < html.find("\">Spets<"));
        let en = render(&sample(), Language::En);
        assert!(chart_row(&en, "Cutting edge").contains("(3/4)"));
        assert!(en.contains("the whole workforce"));
        // Generic codes' levels are not a split; without levels on specialist or domain codes
        // the section says so instead of drawing.
        let mut generic = sample();
        for f in &mut generic.facets {
            f.category = "generic".into();
        }
        let html = render(&generic, Language::Sv);
        assert!(html.contains("Kodboken anger ingen nivå"));
        assert!(!html.contains("<h3>Inom"));
    }

    #[test]
    fn quotes_or_the_publication_sentence() {
        let html = render(&sample(), Language::Sv);
        assert!(html.contains("<h3>Svetsning</h3>"));
        assert!(html.contains(
            "<blockquote><p>Vi behöver svetsare som kan &lt;programmera&gt;.<br>Och fler.</p>\
             <footer>intervju IP07, segment 12</footer></blockquote>"
        ));
        assert!(!html.contains("framtagen för publicering"));

        let mut publ = sample();
        publ.quotes.clear();
        let html = render(&publ, Language::Sv);
        assert!(html.contains("<h2>Citat</h2>"));
        assert!(html.contains("Citat visas inte, eftersom rapporten är framtagen för publicering"));
        let en = render(&publ, Language::En);
        assert!(en.contains("Quotes are left out because this report is made for publication"));

        let mut own = publ;
        own.provenance.min_cell = 0;
        let html = render(&own, Language::Sv);
        assert!(!html.contains("<h2>Citat</h2>"));
    }

    #[test]
    fn provenance_fields() {
        let html = render(&sample(), Language::Sv);
        for want in [
            "<dt>Verktyg</dt><dd>skillgap 0.1.0</dd>",
            "<dt>Kodbok</dt><dd>Digital kompetens &amp; domän</dd>",
            "<dt>Kodbokens version</dt><dd>2022.1</dd>",
            &format!(
                "<dt>Kodbokens SHA-256</dt><dd><code>{}</code></dd>",
                "ab12".repeat(16)
            ),
            "<dt>Antal indatafiler</dt><dd>6</dd>",
            "<dt>Körningen startade</dt><dd>2024-05-01 10:00:00 UTC</dd>",
            "<dt>Körningen avslutades</dt><dd>2024-05-01 10:00:02 UTC</dd>",
            "<dt>Minsta redovisade antal (röjandekontroll)</dt><dd>3</dd>",
            "<dt>Pseudonymiserad</dt><dd>ja</dd>",
            "<dt>Intervjutext med</dt><dd>ja</dd>",
            "ett företag som intervjuats två gånger räknas en gång",
            "en kod omfattar sina underkoder",
            "95 % konfidensintervall (Wilson)",
            "visas som ”färre än 3” eller ”&lt;3”",
        ] {
            assert!(html.contains(want), "missing {want}");
        }
        let mut own = sample();
        own.provenance.min_cell = 0;
        own.provenance.pseudonymized = false;
        let en = render(&own, Language::En);
        assert!(en.contains("<dt>Smallest count shown (disclosure control)</dt><dd>none</dd>"));
        assert!(en.contains("<dt>Pseudonymized</dt><dd>no</dd>"));
        assert!(!en.contains("never as 0"));
        let sv = render(&own, Language::Sv);
        assert!(sv.contains("(röjandekontroll)</dt><dd>ingen</dd>"));
    }

    #[test]
    fn empty_data_renders() {
        let html = render(&ReportData::default(), Language::Sv);
        assert!(html.contains("<h1>skillgap</h1>"));
        assert!(html.contains("Inget svar nämner både"));
        assert!(html.contains("Datum: –"));
        assert!(!html.contains("<h2>Skillnader mellan grupper</h2>"));
    }

    #[test]
    fn same_data_same_bytes() {
        assert_eq!(
            render(&sample(), Language::Sv),
            render(&sample(), Language::Sv)
        );
    }
}
