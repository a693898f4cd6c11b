//! `summary.md` is the headline of a run for pasting into a memo: the top skills with their
//! share of companies and interval, and the specialist × domain pairs that most companies
//! combine. Suppressed counts read `<k`.

use std::fmt::Write;

use super::data::{CodeRow, ReportData};
use super::texts::Summary;
use super::Language;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Renders the summary.
pub fn render(data: &ReportData, lang: Language) -> String {
    let tx = Summary::get(lang);
    let p = &data.provenance;
    let k = p.min_cell;
    let n = data.companies;
    let mut out = String::new();
    let version = if p.codebook_version.is_empty() {
        String::new()
    } else {
        format!(" {}", p.codebook_version)
    };
    let _ = writeln!(out, "# {}{version}\n", cell(&p.codebook_name));
    let _ = writeln!(
        out,
        "{} {}, {} {}, {} {} ({} {}). {} {}.\n",
        data.interviews,
        tx.interviews,
        n,
        tx.companies,
        data.segments,
        tx.segments,
        data.coded_segments,
        tx.coded,
        tx.run,
        p.finished.get(..10).unwrap_or(&p.finished),
    );

    combination(&mut out, data, lang);
    if data.need {
        let _ = writeln!(
            out,
            "## {}\n\n{} {}\n",
            tx.h_top, tx.need_note, tx.groups_note
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---:|---:|---|---:|---:|",
            tx.skill_column,
            tx.category_column,
            tx.companies_column,
            tx.share_column,
            tx.interval_column,
            tx.direct_column,
            tx.mentioned_column,
        );
    } else {
        let _ = writeln!(out, "## {}\n\n{}\n", tx.h_top_mentions, tx.groups_note);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---:|---:|---|---:|",
            tx.skill_column,
            tx.category_column,
            tx.companies_column,
            tx.share_column,
            tx.interval_column,
            tx.direct_column,
        );
    }
    for c in data.top_codes(15) {
        let (companies, share, ci) = match (c.companies, c.share, c.ci_low, c.ci_high) {
            (Some(m), Some(s), Some(l), Some(h)) => {
                (format!("{m}/{n}"), pct(s), format!("{}–{}", pct(l), pct(h)))
            }
            _ => (format!("<{k}"), "–".into(), "–".into()),
        };
        let mentioned = if data.need {
            match c.mention_companies {
                Some(m) => format!(" {m}/{n} |"),
                None => format!(" <{k} |"),
            }
        } else {
            String::new()
        };
        let (tag, direct) = if c.has_children {
            let d = c.direct.map_or(format!("<{k}"), |d| format!("{d}/{n}"));
            (
                format!("; {}", (tx.group_tag)(data.children(&c.id).len())),
                d,
            )
        } else {
            (String::new(), String::new())
        };
        let _ = writeln!(
            out,
            "| {} (`{}`{tag}) | {} | {companies} | {share} | {ci} | {direct} |{mentioned}",
            cell(&c.label),
            c.id,
            cell(&c.category)
        );
    }

    let _ = writeln!(out, "\n## {}\n", tx.h_pairs);
    let _ = writeln!(out, "{}\n", tx.pairs_sub);
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |\n|---|---|---:|---:|",
        tx.specialist_column, tx.domain_column, tx.companies_column, tx.segments_column,
    );
    // Top-level umbrella codes (`digital`, `domain_knowledge`) pair with everything; mid-level
    // codes such as `automation` × `manufacturing` are the informative combinations.
    let is = |c: Option<&CodeRow>, cat: &str| {
        c.is_some_and(|c| c.category == cat && !(c.depth == 0 && c.has_children))
    };
    let mut pairs: Vec<(&CodeRow, &CodeRow, Option<u32>, u32)> = data
        .pairs
        .iter()
        .filter_map(|p| {
            let (a, b) = (data.code(&p.a), data.code(&p.b));
            if is(a, "specialist") && is(b, "domain") {
                Some((a?, b?, p.companies, p.segments))
            } else if is(b, "specialist") && is(a, "domain") {
                Some((b?, a?, p.companies, p.segments))
            } else {
                None
            }
        })
        .collect();
    pairs.sort_by_key(|&(s, d, companies, segments)| {
        (
            std::cmp::Reverse(companies.map_or(0, |m| m + 1)),
            std::cmp::Reverse(segments),
            s.id.clone(),
            d.id.clone(),
        )
    });
    if pairs.is_empty() {
        let _ = writeln!(out, "| – | – | 0 | 0 |");
    }
    for (s, d, companies, segments) in pairs.into_iter().take(15) {
        let companies = companies.map_or(format!("<{k}"), |m| format!("{m}/{n}"));
        let _ = writeln!(
            out,
            "| {} | {} | {companies} | {segments} |",
            cell(&s.label),
            cell(&d.label)
        );
    }
    let _ = writeln!(out, "\n{}", tx.shares_note);
    if k > 0 {
        let _ = writeln!(out, "{} {k} {}", tx.company_counts_below, tx.are_not_shown);
    }
    out
}

/// A count of companies out of `n` with its share, or `<k` where suppressed.
fn of(companies: Option<u32>, n: Option<u32>, share: Option<f64>, k: u32) -> String {
    match (companies, n, share) {
        (Some(c), Some(n), Some(s)) => format!("{c}/{n} ({})", pct(s)),
        (Some(c), Some(n), None) => format!("{c}/{n}"),
        _ => format!("<{k}"),
    }
}

/// The study's headline figure: companies naming a specialist and a domain skill together, in
/// the region and by group.
fn combination(out: &mut String, data: &ReportData, lang: Language) {
    let ui = super::texts::Ui::get(lang);
    let tx = Summary::get(lang);
    let k = data.provenance.min_cell;
    let _ = writeln!(out, "## {}\n", tx.h_combination);
    let (Some(same), Some(anywhere)) = (
        data.combination_all("same_answer"),
        data.combination_all("anywhere"),
    ) else {
        let _ = writeln!(out, "{}\n", ui.combination_missing);
        return;
    };
    let n = data.companies.to_string();
    let sentence = |r: &super::data::CombinationRow,
                    f: fn(bool, &str, &str, &str, &str) -> String| {
        match (r.companies, r.share, r.ci_low, r.ci_high) {
            (Some(c), Some(s), Some(l), Some(h)) => f(
                data.need,
                &c.to_string(),
                &n,
                &pct(s),
                &format!("{}–{}", pct(l), pct(h)),
            ),
            _ => f(data.need, &format!("<{k}"), &n, "–", "–"),
        }
    };
    let _ = writeln!(
        out,
        "**{}** {}\n",
        sentence(same, ui.combination_same),
        sentence(anywhere, ui.combination_anywhere)
    );
    let groups: Vec<(
        &super::data::CombinationRow,
        Option<&super::data::CombinationRow>,
    )> = data
        .combination
        .iter()
        .filter(|r| r.scope == "same_answer" && r.attribute != crate::tally::ALL)
        .map(|r| {
            let other = data.combination.iter().find(|o| {
                o.scope == "anywhere" && o.attribute == r.attribute && o.value == r.value
            });
            (r, other)
        })
        .collect();
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}\n\n| {} | n | {} | {} |\n|---|---:|---:|---:|",
        tx.combination_by_group,
        ui.combination_group,
        ui.combination_same_column,
        ui.combination_anywhere_column
    );
    for (r, other) in groups {
        let size = r.group.map_or(format!("<{k}"), |g| g.to_string());
        let _ = writeln!(
            out,
            "| {}: {} | {size} | {} | {} |",
            cell(&(ui.attribute)(&r.attribute)),
            cell(&r.value),
            of(r.companies, r.group, r.share, k),
            other.map_or("–".into(), |o| of(o.companies, o.group, o.share, k)),
        );
    }
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::data::{CombinationRow, PairRow, Provenance};

    fn code(id: &str, label: &str, category: &str, companies: Option<u32>, share: f64) -> CodeRow {
        CodeRow {
            id: id.into(),
            label: label.into(),
            category: category.into(),
            parent: None,
            depth: 0,
            has_children: false,
            facets: Default::default(),
            segments: 3,
            mentions: 3,
            companies,
            share: companies.map(|_| share),
            ci_low: companies.map(|_| 0.1),
            ci_high: companies.map(|_| 0.9),
            mention_companies: companies.map(|c| c + 1),
            direct: companies,
        }
    }

    fn combination(
        scope: &str,
        attribute: &str,
        value: &str,
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
            ci_low: c.map(|_| 0.2),
            ci_high: c.map(|_| 0.95),
            mention_companies: c,
        }
    }

    fn data() -> ReportData {
        ReportData {
            agreement: None,
            need: true,
            interviews: 5,
            companies: 4,
            segments: 40,
            coded_segments: 12,
            codes: vec![
                CodeRow {
                    has_children: true,
                    direct: Some(1),
                    ..code("digital", "Digitalt", "specialist", Some(3), 0.75)
                },
                CodeRow {
                    parent: Some("digital".into()),
                    ..code("ai", "AI | ML", "specialist", Some(2), 0.5)
                },
                code("plc", "PLC", "specialist", None, 0.0),
                code("food", "Livsmedel", "domain", Some(3), 0.75),
            ],
            pairs: vec![
                PairRow {
                    a: "ai".into(),
                    b: "food".into(),
                    segments: 2,
                    companies: Some(2),
                    jaccard: 0.3,
                },
                PairRow {
                    a: "food".into(),
                    b: "plc".into(),
                    segments: 1,
                    companies: None,
                    jaccard: 0.1,
                },
            ],
            combination: vec![
                combination("same_answer", "(all)", "(all)", Some(2), 4),
                combination("same_answer", "size", "1-9", None, 2),
                combination("same_answer", "size", "10-49", Some(2), 2),
                combination("anywhere", "(all)", "(all)", Some(3), 4),
                combination("anywhere", "size", "1-9", None, 2),
                combination("anywhere", "size", "10-49", Some(2), 2),
            ],
            provenance: Provenance {
                codebook_name: "Testbok".into(),
                codebook_version: "1".into(),
                finished: "2026-11-24T05:00:00Z".into(),
                min_cell: 2,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn swedish_summary() {
        assert_eq!(
            render(&data(), Language::Sv),
            "# Testbok 1\n\n\
             5 intervjuer, 4 företag, 40 segment (12 kodade). Körning 2026-11-24.\n\n\
             ## Specialistkompetens i kombination med domänkunskap\n\n\
             **2 av 4 företag (50 %, 95 % intervall 20 %–95 %) efterfrågar en \
             specialistkompetens och en domänkunskap i samma svar.** 3 av 4 (75 %, 20 %–95 %) \
             gör det någonstans i sina intervjuer.\n\n\
             Per grupp (företag i gruppen som gör det, av n):\n\n\
             | Grupp | n | Samma svar | Någonstans i intervjuerna |\n|---|---:|---:|---:|\n\
             | Storlek: 1-9 | 2 | <2 | <2 |\n\
             | Storlek: 10-49 | 2 | 2/2 (100 %) | 2/2 (100 %) |\n\n\
             ## Efterfrågade kompetenser (topp 15)\n\n\
             Företag = företag som efterfrågar kompetensen (behöver, saknar eller har svårt att \
             rekrytera den); Nämner = företag som alls nämner den. En kod med underkoder (grupp) \
             räknar varje företag som nämner koden själv eller någon underkod; Direkt = företag \
             som nämner koden själv.\n\n\
             | Kompetens | Kategori | Företag | Andel | 95 %-intervall | Direkt | Nämner |\n\
             |---|---|---:|---:|---|---:|---:|\n\
             | Digitalt (`digital`; grupp, 1 underkod) | specialist | 3/4 | 75 % | 10 %–90 % | \
             1/4 | 4/4 |\n\
             | Livsmedel (`food`) | domain | 3/4 | 75 % | 10 %–90 % |  | 4/4 |\n\
             | AI \\| ML (`ai`) | specialist | 2/4 | 50 % | 10 %–90 % |  | 3/4 |\n\
             | PLC (`plc`) | specialist | <2 | – | – |  | <2 |\n\n\
             ## Par av specialistkompetens och domänkunskap\n\n\
             Par som nämns i samma svar, efter antal företag (topp 15).\n\n\
             | Specialistkompetens | Domänkunskap | Företag | Segment |\n|---|---|---:|---:|\n\
             | AI \\| ML | Livsmedel | 2/4 | 2 |\n\
             | PLC | Livsmedel | <2 | 1 |\n\n\
             Andelar är andelar av företag (ett företag som intervjuats två gånger räknas en gång); \
             en kod räknar med sina underkoder; intervallen är Wilsons 95 %-intervall.\n\
             Antal företag under 2 redovisas inte.\n"
        );
    }

    #[test]
    fn english_headings() {
        let md = render(&data(), Language::En);
        assert!(md.contains("## Skills in demand (top 15)"));
        assert!(md.contains(
            "| Skill | Category | Companies | Share | 95 % interval | Direct | Mention |"
        ));
        assert!(md.contains("**2 of 4 companies (50 %, 95 % interval 20 %–95 %) ask for a"));
        // Without stance the headline counts mentions and says so.
        let mut d = data();
        d.need = false;
        let md = render(&d, Language::En);
        assert!(md.contains("## Skills mentioned (top 15)"));
        assert!(md.contains("| Skill | Category | Companies | Share | 95 % interval | Direct |\n"));
        assert!(md.contains("**2 of 4 companies (50 %, 95 % interval 20 %–95 %) mention a"));
        assert!(md.contains("Company counts below 2 are not shown."));
    }
}
