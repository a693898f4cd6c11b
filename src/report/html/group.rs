//! A group's page (`--report-per`): the group's headline figures beside the whole region's,
//! in the page's own style and file, with the region's quotes from the group's companies.

use std::fmt::Write;

use super::super::data::{CodeRow, ReportData};
use super::super::group::GroupPage;
use super::super::svg::{esc, Bar, BarChart, LegendItem};
use super::super::texts::{GroupUi, Ui};
use super::super::Language;
use super::{
    about, bars, category_index, head, quotes, scroll_cue, section, share_bar, title,
    CATEGORY_FILLS, TOP_CHART,
};

/// The fill of the region's bars.
const REGION_FILL: &str = "#9AA4AD";

/// Renders the page of one group; `region` is the run's report data.
pub fn render(g: &GroupPage, region: &ReportData, lang: Language) -> String {
    let ui = Ui::get(lang);
    let gu = GroupUi::get(lang);
    let data = &g.data;
    let mut page = String::new();
    head(&mut page, &(gu.title)(&title(region), &g.value), region, ui);
    let _ = write!(
        page,
        "<header>\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<div class=\"summary\">\n",
        esc(&(gu.kicker)(&g.attribute, &g.value)),
        esc(&(gu.title)(&title(region), &g.value))
    );
    let k = region.provenance.min_cell;
    let size = g
        .size
        .map_or_else(|| format!("&lt;{k}"), |n| ui.int(n as usize));
    let interviews = match g.size {
        Some(_) => ui.int(g.interviews),
        None => "–".into(),
    };
    for (n, what) in [
        (size, gu.group_companies),
        (interviews, gu.group_interviews),
        (ui.int(region.companies), gu.region_companies),
    ] {
        let _ = writeln!(
            page,
            "<div class=\"stat\"><b>{n}</b><span>{}</span></div>",
            esc(what)
        );
    }
    let _ = writeln!(
        page,
        "</div>\n<p class=\"meta\"><a href=\"report.html\">{}</a></p>\n</header>",
        esc(gu.back)
    );
    if g.size.is_none() {
        let _ = writeln!(
            page,
            "<section id=\"group\"><p>{}</p></section>",
            esc(&(gu.too_small)(k))
        );
    } else {
        combination(&mut page, data, region, ui, gu);
        top(&mut page, data, region, ui, gu);
        table(&mut page, g, region, ui, gu);
        quotes(&mut page, data, ui);
    }
    let _ = writeln!(page, "<p class=\"sub\">{}</p>", esc(gu.elsewhere));
    about(&mut page, region, ui);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// The group's bar for a code, then the region's.
fn pair(
    ui: &Ui,
    gu: &GroupUi,
    group: &ReportData,
    region: &ReportData,
    g: &CodeRow,
    r: Option<&CodeRow>,
) -> [Bar; 2] {
    let fill = CATEGORY_FILLS[category_index(&g.category)];
    let ours = share_bar(
        ui,
        group,
        &g.label,
        g.companies,
        g.share,
        (g.ci_low, g.ci_high),
        fill,
    );
    let theirs = match r {
        Some(r) => share_bar(
            ui,
            region,
            gu.region,
            r.companies,
            r.share,
            (r.ci_low, r.ci_high),
            REGION_FILL,
        ),
        None => share_bar(ui, region, gu.region, None, None, (None, None), REGION_FILL),
    };
    [ours, theirs]
}

fn combination(page: &mut String, data: &ReportData, region: &ReportData, ui: &Ui, gu: &GroupUi) {
    let scopes = [
        ("same_answer", ui.combination_same_column),
        ("anywhere", ui.combination_anywhere_column),
    ];
    if data.combination_all("same_answer").is_none() {
        return;
    }
    section(page, "combination", gu.h_combination, "");
    let mut bars = Vec::new();
    for (scope, label) in scopes {
        for (d, name, fill) in [
            (data, label, CATEGORY_FILLS[0]),
            (region, gu.region, REGION_FILL),
        ] {
            if let Some(r) = d.combination_all(scope) {
                bars.push(share_bar(
                    ui,
                    d,
                    name,
                    r.companies,
                    r.share,
                    (r.ci_low, r.ci_high),
                    fill,
                ));
            }
        }
    }
    let chart = BarChart {
        title: gu.h_combination.into(),
        bars,
        legend: Vec::new(),
        axis_label: ui.axis.into(),
    };
    let _ = writeln!(page, "{}\n</section>", bars::html_bars(&chart));
}

fn top(page: &mut String, data: &ReportData, region: &ReportData, ui: &Ui, gu: &GroupUi) {
    let h = if data.need {
        gu.h_top
    } else {
        gu.h_top_mentions
    };
    section(
        page,
        "top",
        h,
        &(gu.top_sub)(data.need, data.companies, region.companies),
    );
    // The chart shows what the group asks for; every code, suppressed ones included, is in
    // the table below.
    let top: Vec<&CodeRow> = data
        .top_codes(TOP_CHART)
        .into_iter()
        .filter(|c| c.companies.is_some_and(|k| k > 0))
        .collect();
    if top.is_empty() {
        let _ = writeln!(page, "<p>{}</p>\n</section>", esc(gu.none_published));
        return;
    }
    let bars: Vec<Bar> = top
        .iter()
        .flat_map(|c| pair(ui, gu, data, region, c, region.code(&c.id)))
        .collect();
    let mut present = [false; 4];
    for c in &top {
        present[category_index(&c.category)] = true;
    }
    let mut legend: Vec<LegendItem> = (0..4)
        .filter(|&i| present[i])
        .map(|i| LegendItem {
            fill: CATEGORY_FILLS[i].into(),
            label: ui.categories[i].into(),
        })
        .collect();
    legend.push(LegendItem {
        fill: REGION_FILL.into(),
        label: gu.region.into(),
    });
    let chart = BarChart {
        title: format!("{h} (N = {})", data.companies),
        bars,
        legend,
        axis_label: ui.axis.into(),
    };
    let _ = writeln!(page, "{}\n</section>", bars::html_bars(&chart));
}

/// A cell of the table: `k/N · share (interval)`, `<k` where suppressed.
fn cell(ui: &Ui, gu: &GroupUi, n: usize, k: u32, c: &CodeRow) -> String {
    match (c.companies, c.share, c.ci_low, c.ci_high) {
        (Some(m), Some(s), Some(l), Some(h)) => {
            esc(&(gu.cell)(m, n, &ui.pct(s), &ui.interval(l, h)))
        }
        _ => format!("<span class=\"sup\">&lt;{k}</span>"),
    }
}

fn table(page: &mut String, g: &GroupPage, region: &ReportData, ui: &Ui, gu: &GroupUi) {
    let data = &g.data;
    section(page, "codes", gu.h_table, gu.table_sub);
    let k = region.provenance.min_cell;
    let _ = write!(
        page,
        "{}<div class=\"scroll\"><table class=\"groups narrow\">\n<thead><tr>\
         <th class=\"skill\" scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        scroll_cue(ui),
        esc(ui.skill),
        esc(&(gu.group)(&g.value)),
        esc(gu.region)
    );
    for r in region.top_codes(usize::MAX) {
        let Some(c) = data.code(&r.id) else { continue };
        let label = if r.has_children {
            (ui.group_label)(&r.label)
        } else {
            r.label.clone()
        };
        let _ = writeln!(
            page,
            "<tr><th class=\"skill\" scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            esc(&label),
            cell(ui, gu, data.companies, k, c),
            cell(ui, gu, region.companies, k, r)
        );
    }
    page.push_str("</tbody></table></div>\n</section>\n");
}
