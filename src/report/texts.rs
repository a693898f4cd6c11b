//! Texts are every word the readable reports show, one table per language: the page's
//! ([`Ui`]), the summary's ([`Summary`]) and the workbook's ([`Workbook`]). A report writer
//! takes its table for the run's language and holds no text of its own, so a wording is
//! changed, or a language added, in one place.

use super::Language;

/// Every text the page shows, in one language. Texts with numbers in them are functions.
pub struct Ui {
    pub lang: &'static str,
    pub kicker: &'static str,
    pub interviews: &'static str,
    pub companies: &'static str,
    pub segments: &'static str,
    pub coded_segments: &'static str,
    pub codebook: &'static str,
    pub version: &'static str,
    pub date: &'static str,
    /// The headline's title and text where it counts need (stance on), and where it counts
    /// mentions.
    pub h_top: &'static str,
    pub top_sub: fn(usize) -> String,
    pub h_top_mentions: &'static str,
    pub top_sub_mentions: fn(usize) -> String,
    /// How a code with sub-codes is counted, after the headline's text.
    pub groups_note: &'static str,
    /// The detail under a group's label: (sub-codes, direct companies or None, N, k).
    pub group_detail: fn(usize, Option<u32>, usize, u32) -> String,
    /// A group's label in a table: "Automation (grupp)".
    pub group_label: fn(&str) -> String,
    pub h_combination: &'static str,
    /// The combination's text: (need?, N).
    pub combination_sub: fn(bool, usize) -> String,
    /// (need?, companies, N, share, interval) for the same answer and anywhere.
    pub combination_same: fn(bool, &str, &str, &str, &str) -> String,
    pub combination_anywhere: fn(bool, &str, &str, &str, &str) -> String,
    pub combination_group: &'static str,
    pub combination_same_column: &'static str,
    pub combination_anywhere_column: &'static str,
    pub combination_missing: &'static str,
    /// Shown above a wide table on a narrow screen.
    pub scroll_cue: &'static str,
    pub axis: &'static str,
    pub fewer_than: fn(u32) -> String,
    /// (companies, of N, share, ci low, ci high), all formatted.
    pub bar_title: fn(&str, &str, &str, &str) -> String,
    pub categories: [&'static str; 4],
    pub h_heat: &'static str,
    pub heat_sub: fn(usize) -> String,
    pub heat_legend: &'static str,
    pub heat_empty: &'static str,
    /// (companies or None when suppressed, segments, k).
    pub cell_title: fn(Option<u32>, u32, u32) -> String,
    pub h_groups: &'static str,
    pub groups_sub: fn(usize) -> String,
    pub groups_sub_mentions: fn(usize) -> String,
    pub skill: &'static str,
    pub attribute: fn(&str) -> String,
    pub group_cell_title: fn(u32, u32) -> String,
    pub h_breadth: &'static str,
    pub breadth_text: fn(bool, usize) -> String,
    /// Where no code has a `level`.
    pub breadth_missing: &'static str,
    /// The heading of one category's split: "Specialistkompetens".
    pub breadth_within: fn(&str) -> String,
    pub level_value: fn(&str) -> String,
    pub facet_sub: fn(bool, &str, usize) -> String,
    pub h_quotes: &'static str,
    pub quotes_sub: &'static str,
    pub quotes_omitted: &'static str,
    pub quote_ref: fn(&str, u32) -> String,
    pub h_agreement: &'static str,
    /// (interviews, respondent segments).
    pub agreement_sub: fn(usize, usize) -> String,
    pub h_about: &'static str,
    pub tool: &'static str,
    pub codebook_version: &'static str,
    pub codebook_sha: &'static str,
    pub inputs: &'static str,
    pub started: &'static str,
    pub finished: &'static str,
    pub min_cell: &'static str,
    pub none: &'static str,
    pub pseudonymized: &'static str,
    pub text_included: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub h_read: &'static str,
    pub read: [&'static str; 3],
    pub read_suppressed: fn(u32) -> String,
    pub thousands_sep: char,
    /// Between a number and "%": Swedish writes "62 %" (non-breaking space), English "62%".
    pub pct_sep: &'static str,
}

pub const SV: Ui = Ui {
    lang: "sv",
    kicker: "Kompetensbehov i företag – resultat från intervjuer",
    interviews: "intervjuer",
    companies: "företag",
    segments: "segment (svar)",
    coded_segments: "kodade segment",
    codebook: "Kodbok",
    version: "version",
    date: "Datum",
    h_top: "Mest efterfrågade kompetenser",
    top_sub: |n| {
        format!(
            "Andel av de intervjuade företagen (N = {n}) som efterfrågar kompetensen: säger att \
             de behöver eller saknar den eller har svårt att rekrytera den. Att ett företag bara \
             nämner eller beskriver en kompetens räknas inte. Linjen visar 95 % \
             konfidensintervall; texten till höger antal företag av N."
        )
    },
    h_top_mentions: "Mest nämnda kompetenser",
    top_sub_mentions: |n| {
        format!(
            "Andel av de intervjuade företagen (N = {n}) som nämner kompetensen (behov och \
             beskrivningar av det de gör räknas lika). Linjen visar 95 % konfidensintervall; \
             texten till höger antal företag av N."
        )
    },
    groups_note: "En kod med underkoder (en grupp, t.ex. Automation med PLC och robotik) räknar \
                  varje företag som nämner koden själv eller någon av dess underkoder; ”direkt” \
                  är de företag som nämner koden själv. Alla koder finns med, även grupperna.",
    group_detail: |children, direct, n, k| {
        let direct = direct.map_or_else(|| format!("färre än {k}"), |d| d.to_string());
        let sub = if children == 1 {
            "underkod"
        } else {
            "underkoder"
        };
        format!("grupp med {children} {sub} · direkt {direct} av {n}")
    },
    group_label: |label| format!("{label} (grupp)"),
    h_combination: "Specialistkompetens i kombination med domänkunskap",
    combination_sub: |need, n| {
        let verb = if need { "efterfrågar" } else { "nämner" };
        format!(
            "Företag (av N = {n}) som {verb} både en specialistkompetens och en domänkunskap: i \
             samma svar, och någonstans i sina intervjuer. Kategorierna är kodbokens \
             (category = specialist respektive domain). Linjen visar 95 % konfidensintervall."
        )
    },
    combination_same: |need, k, n, share, ci| {
        let verb = if need { "efterfrågar" } else { "nämner" };
        format!(
            "{k} av {n} företag ({share}, 95 % intervall {ci}) {verb} en specialistkompetens \
             och en domänkunskap i samma svar."
        )
    },
    combination_anywhere: |_, k, n, share, ci| {
        format!("{k} av {n} ({share}, {ci}) gör det någonstans i sina intervjuer.")
    },
    combination_group: "Grupp",
    combination_same_column: "Samma svar",
    combination_anywhere_column: "Någonstans i intervjuerna",
    combination_missing: "Kodboken har inga koder med kategorin specialist eller inga med \
                          kategorin domain, så kombinationen kan inte räknas.",
    scroll_cue: "Tabellen är bredare än skärmen: svep i sidled för fler kolumner.",
    axis: "Andel företag (%)",
    fewer_than: |k| format!("färre än {k}"),
    bar_title: |n, of, share, ci| format!("{n} av {of} företag ({share}), 95 % intervall {ci}"),
    categories: [
        "Specialistkompetens",
        "Domänkunskap",
        "Generisk kompetens",
        "Övrigt",
    ],
    h_heat: "Specialistkompetens och domänkunskap i samma svar",
    heat_sub: |n| {
        format!(
            "Antal företag (av N = {n}) där en specialistkompetens (rad) och en domänkunskap \
             (kolumn) nämns i samma svar. Tomma rutor: inget företag. Håll muspekaren över en \
             ruta för antal företag och segment."
        )
    },
    heat_legend: "Antal företag:",
    heat_empty: "Inget svar nämner både en specialistkompetens och en domänkunskap.",
    cell_title: |companies, segments, k| match companies {
        Some(c) => format!("{c} företag, {segments} segment"),
        None => format!("färre än {k} företag, {segments} segment"),
    },
    h_groups: "Skillnader mellan grupper",
    groups_sub: |n| {
        format!(
            "Andel av företagen i varje grupp som efterfrågar kompetensen, för de {n} mest \
             efterfrågade kompetenserna. n = antal företag i gruppen."
        )
    },
    groups_sub_mentions: |n| {
        format!(
            "Andel av företagen i varje grupp som nämner kompetensen, för de {n} mest \
             nämnda kompetenserna. n = antal företag i gruppen."
        )
    },
    skill: "Kompetens",
    attribute: |a| match a {
        "sector" => "Bransch".into(),
        "size" => "Storlek".into(),
        "subregion" => "Delregion".into(),
        other => other.into(),
    },
    group_cell_title: |c, n| format!("{c} av {n} företag"),
    h_breadth: "Bredd och spets",
    breadth_text: |need, n| {
        let verb = if need { "efterfrågar" } else { "nämner" };
        format!(
            "Bredd är kompetens som hela arbetsstyrkan behöver; spets är avancerad kompetens \
             för specialister och experter. Figurerna visar, inom specialistkompetens och inom \
             domänkunskap, andelen av företagen (N = {n}) som {verb} minst en kompetens av \
             varje slag (koder som själva har nivån, inte via en underkod)."
        )
    },
    breadth_missing: "Kodboken anger ingen nivå (level = bredd eller spets) för \
                      specialistkompetenser eller domänkunskaper, så ingen fördelning visas.",
    breadth_within: |category| match category {
        "specialist" => "Inom specialistkompetens".into(),
        "domain" => "Inom domänkunskap".into(),
        other => format!("Inom {other}"),
    },
    level_value: |v| match v {
        "bredd" => "Bredd".into(),
        "spets" => "Spets".into(),
        other => other.into(),
    },
    facet_sub: |need, facet, n| {
        let verb = if need { "efterfrågar" } else { "nämner" };
        format!(
            "Andel av företagen (N = {n}) som {verb} minst en kompetens med varje värde \
             av {facet}."
        )
    },
    h_quotes: "Citat",
    quotes_sub: "Upp till tre citat för var och en av de mest efterfrågade kompetenserna, högst \
                 ett per företag: svar där företaget självt efterfrågar kompetensen, aldrig ett \
                 där den förnekas.",
    quotes_omitted: "Citat visas inte, eftersom rapporten är framtagen för publicering \
                     (röjandekontroll).",
    quote_ref: |interview, segment| format!("intervju {interview}, segment {segment}"),
    h_agreement: "Automatisk och manuell kodning",
    agreement_sub: |n, s| {
        format!(
            "Den automatiska kodningen jämförd med forskarens manuella koder i de {n} intervjuer \
             som har manuella koder ({s} svarssegment). Enhet: ett svarssegment och en kod, med \
             underkoder. Precision: andelen av de automatiska kodningarna som forskaren också \
             gjort; täckning (recall): andelen av forskarens kodningar som också är automatiska. \
             Intervall och varje avvikelse: skillgap agree."
        )
    },
    h_about: "Om rapporten",
    tool: "Verktyg",
    codebook_version: "Kodbokens version",
    codebook_sha: "Kodbokens SHA-256",
    inputs: "Antal indatafiler",
    started: "Körningen startade",
    finished: "Körningen avslutades",
    min_cell: "Minsta redovisade antal (röjandekontroll)",
    none: "ingen",
    pseudonymized: "Pseudonymiserad",
    text_included: "Intervjutext med",
    yes: "ja",
    no: "nej",
    h_read: "Så läser du rapporten",
    read: [
        "Andelarna är andelar av företag: ett företag som intervjuats två gånger räknas en gång.",
        "Räkningen är inkluderande: en kod omfattar sina underkoder.",
        "Intervallen är 95 % konfidensintervall (Wilson) för andelen; med få företag blir de \
         breda, och skillnader inom intervallen kan bero på slumpen.",
    ],
    read_suppressed: |k| {
        format!(
            "Antal mellan 1 och {} företag visas som ”färre än {k}” eller ”<{k}”, aldrig som 0.",
            k - 1
        )
    },
    thousands_sep: '\u{a0}',
    pct_sep: "\u{a0}",
};

pub const EN: Ui = Ui {
    lang: "en",
    kicker: "Skills needs in companies – results from interviews",
    interviews: "interviews",
    companies: "companies",
    segments: "segments (answers)",
    coded_segments: "coded segments",
    codebook: "Codebook",
    version: "version",
    date: "Date",
    h_top: "Most requested skills",
    top_sub: |n| {
        format!(
            "Share of the companies interviewed (N = {n}) that ask for the skill: they say they \
             need or lack it, or find it hard to recruit. A company that only mentions or \
             describes a skill is not counted. The line shows the 95 % confidence interval; the \
             text on the right the companies out of N."
        )
    },
    h_top_mentions: "Most mentioned skills",
    top_sub_mentions: |n| {
        format!(
            "Share of the companies interviewed (N = {n}) that mention the skill (needs and \
             descriptions of what they do count alike). The line shows the 95 % confidence \
             interval; the text on the right the companies out of N."
        )
    },
    groups_note: "A code with sub-codes (a group, e.g. Automation with PLC and robotics) counts \
                  every company that names the code itself or any of its sub-codes; “direct” \
                  counts the companies naming the code itself. Every code is listed, groups too.",
    group_detail: |children, direct, n, k| {
        let direct = direct.map_or_else(|| format!("fewer than {k}"), |d| d.to_string());
        let sub = if children == 1 {
            "sub-code"
        } else {
            "sub-codes"
        };
        format!("group of {children} {sub} · direct {direct} of {n}")
    },
    group_label: |label| format!("{label} (group)"),
    h_combination: "Specialist skills combined with domain knowledge",
    combination_sub: |need, n| {
        let verb = if need { "ask for" } else { "mention" };
        format!(
            "Companies (of N = {n}) that {verb} both a specialist skill and domain knowledge: in \
             the same answer, and anywhere in their interviews. The categories are the \
             codebook's (category = specialist and domain). The line shows the 95 % confidence \
             interval."
        )
    },
    combination_same: |need, k, n, share, ci| {
        let verb = if need { "ask for" } else { "mention" };
        format!(
            "{k} of {n} companies ({share}, 95 % interval {ci}) {verb} a specialist skill and \
             domain knowledge in the same answer."
        )
    },
    combination_anywhere: |_, k, n, share, ci| {
        format!("{k} of {n} ({share}, {ci}) do so anywhere in their interviews.")
    },
    combination_group: "Group",
    combination_same_column: "Same answer",
    combination_anywhere_column: "Anywhere in the interviews",
    combination_missing: "The codebook has no codes of category specialist or none of category \
                          domain, so the combination cannot be counted.",
    scroll_cue: "The table is wider than the screen: swipe sideways for more columns.",
    axis: "Share of companies (%)",
    fewer_than: |k| format!("fewer than {k}"),
    bar_title: |n, of, share, ci| format!("{n} of {of} companies ({share}), 95 % interval {ci}"),
    categories: [
        "Specialist skills",
        "Domain knowledge",
        "Generic skills",
        "Other",
    ],
    h_heat: "Specialist skills and domain knowledge in the same answer",
    heat_sub: |n| {
        format!(
            "Number of companies (of N = {n}) in which a specialist skill (row) and domain \
             knowledge (column) are mentioned in the same answer. Empty cells: no company. \
             Hover over a cell for companies and segments."
        )
    },
    heat_legend: "Companies:",
    heat_empty: "No answer mentions both a specialist skill and domain knowledge.",
    cell_title: |companies, segments, k| {
        let s = if segments == 1 { "segment" } else { "segments" };
        match companies {
            Some(1) => format!("1 company, {segments} {s}"),
            Some(c) => format!("{c} companies, {segments} {s}"),
            None => format!("fewer than {k} companies, {segments} {s}"),
        }
    },
    h_groups: "Differences between groups",
    groups_sub: |n| {
        format!(
            "Share of the companies in each group that ask for the skill, for the {n} most \
             requested skills. n = companies in the group."
        )
    },
    groups_sub_mentions: |n| {
        format!(
            "Share of the companies in each group that mention the skill, for the {n} most \
             mentioned skills. n = companies in the group."
        )
    },
    skill: "Skill",
    attribute: |a| match a {
        "sector" => "Sector".into(),
        "size" => "Size".into(),
        "subregion" => "Subregion".into(),
        other => other.into(),
    },
    group_cell_title: |c, n| format!("{c} of {n} companies"),
    h_breadth: "Breadth and cutting edge",
    breadth_text: |need, n| {
        let verb = if need { "asking for" } else { "mentioning" };
        format!(
            "Breadth (bredd) means skills the whole workforce needs; cutting edge (spets) means \
             advanced skills for specialists and experts. The figures show, within specialist \
             skills and within domain knowledge, the share of the companies (N = {n}) {verb} at \
             least one skill of each kind (codes that carry the level themselves, not through \
             a sub-code)."
        )
    },
    breadth_missing: "The codebook gives no level (level = bredd or spets) to specialist or \
                      domain codes, so no split is shown.",
    breadth_within: |category| match category {
        "specialist" => "Within specialist skills".into(),
        "domain" => "Within domain knowledge".into(),
        other => format!("Within {other}"),
    },
    level_value: |v| match v {
        "bredd" => "Breadth".into(),
        "spets" => "Cutting edge".into(),
        other => other.into(),
    },
    facet_sub: |need, facet, n| {
        let verb = if need { "asking for" } else { "mentioning" };
        format!(
            "Share of the companies (N = {n}) {verb} at least one skill with each value of \
             {facet}."
        )
    },
    h_quotes: "Quotes",
    quotes_sub: "Up to three quotes for each of the most requested skills, at most one per \
                 company: answers in which the company itself asks for the skill, never one that \
                 denies it.",
    quotes_omitted: "Quotes are left out because this report is made for publication \
                     (disclosure control).",
    quote_ref: |interview, segment| format!("interview {interview}, segment {segment}"),
    h_agreement: "Automatic and manual coding",
    agreement_sub: |n, s| {
        format!(
            "The automatic coding against the researcher's manual codes in the {n} interviews \
             that carry manual codes ({s} respondent segments). Unit: a respondent segment and a \
             code, with sub-codes. Precision: the share of automatic codings the researcher also \
             made; recall: the share of the researcher's codings that are also automatic. \
             Intervals and every disagreement: skillgap agree."
        )
    },
    h_about: "About this report",
    tool: "Tool",
    codebook_version: "Codebook version",
    codebook_sha: "Codebook SHA-256",
    inputs: "Input files",
    started: "Run started",
    finished: "Run finished",
    min_cell: "Smallest count shown (disclosure control)",
    none: "none",
    pseudonymized: "Pseudonymized",
    text_included: "Interview text included",
    yes: "yes",
    no: "no",
    h_read: "How to read this report",
    read: [
        "Shares are shares of companies: a company interviewed twice counts once.",
        "Counts are inclusive: a code includes its sub-codes.",
        "Intervals are 95 % confidence intervals (Wilson) of the share; with few companies \
         they are wide, and differences within them may be chance.",
    ],
    read_suppressed: |k| {
        format!(
            "Counts from 1 to {} companies are shown as “fewer than {k}” or “<{k}”, never as 0.",
            k - 1
        )
    },
    thousands_sep: ',',
    pct_sep: "",
};

impl Ui {
    pub fn get(lang: Language) -> &'static Ui {
        match lang {
            Language::Sv => &SV,
            Language::En => &EN,
        }
    }

    /// A count with thousands separators.
    pub fn int(&self, n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(self.thousands_sep);
            }
            out.push(c);
        }
        out
    }

    /// A share as a whole percentage: "62 %" / "62%".
    pub fn pct(&self, share: f64) -> String {
        format!("{}{}%", (share * 100.0).round(), self.pct_sep)
    }

    /// An interval as "18–64 %" / "18–64%".
    pub fn interval(&self, low: f64, high: f64) -> String {
        format!(
            "{}–{}{}%",
            (low * 100.0).round(),
            (high * 100.0).round(),
            self.pct_sep
        )
    }

    pub fn yes_no(&self, b: bool) -> &'static str {
        if b {
            self.yes
        } else {
            self.no
        }
    }
}

/// Every text of `summary.md`, in one language.
pub struct Summary {
    pub interviews: &'static str,
    pub companies: &'static str,
    pub segments: &'static str,
    pub coded: &'static str,
    pub run: &'static str,
    pub h_top: &'static str,
    pub h_top_mentions: &'static str,
    /// Explains the headline's count where it is need.
    pub need_note: &'static str,
    pub mentioned_column: &'static str,
    pub skill_column: &'static str,
    pub category_column: &'static str,
    pub companies_column: &'static str,
    pub share_column: &'static str,
    pub interval_column: &'static str,
    /// How a code with sub-codes is counted.
    pub groups_note: &'static str,
    pub direct_column: &'static str,
    /// "grupp, 3 underkoder".
    pub group_tag: fn(usize) -> String,
    pub h_combination: &'static str,
    pub combination_by_group: &'static str,
    pub h_pairs: &'static str,
    pub pairs_sub: &'static str,
    pub specialist_column: &'static str,
    pub domain_column: &'static str,
    pub segments_column: &'static str,
    pub shares_note: &'static str,
    pub company_counts_below: &'static str,
    pub are_not_shown: &'static str,
}

pub const SUMMARY_SV: Summary = Summary {
    interviews: "intervjuer",
    companies: "företag",
    segments: "segment",
    coded: "kodade",
    run: "Körning",
    h_top: "Efterfrågade kompetenser (topp 15)",
    h_top_mentions: "Nämnda kompetenser (topp 15)",
    need_note:
        "Företag = företag som efterfrågar kompetensen (behöver, saknar eller har svårt att \
                rekrytera den); Nämner = företag som alls nämner den.",
    mentioned_column: "Nämner",
    skill_column: "Kompetens",
    category_column: "Kategori",
    companies_column: "Företag",
    share_column: "Andel",
    interval_column: "95 %-intervall",
    groups_note: "En kod med underkoder (grupp) räknar varje företag som nämner koden själv eller \
                  någon underkod; Direkt = företag som nämner koden själv.",
    direct_column: "Direkt",
    group_tag: |n| {
        format!(
            "grupp, {n} {}",
            if n == 1 { "underkod" } else { "underkoder" }
        )
    },
    h_combination: "Specialistkompetens i kombination med domänkunskap",
    combination_by_group: "Per grupp (företag i gruppen som gör det, av n):",
    h_pairs: "Par av specialistkompetens och domänkunskap",
    pairs_sub: "Par som nämns i samma svar, efter antal företag (topp 15).",
    specialist_column: "Specialistkompetens",
    domain_column: "Domänkunskap",
    segments_column: "Segment",
    shares_note:
        "Andelar är andelar av företag (ett företag som intervjuats två gånger räknas en gång); \
             en kod räknar med sina underkoder; intervallen är Wilsons 95 %-intervall.",
    company_counts_below: "Antal företag under",
    are_not_shown: "redovisas inte.",
};

pub const SUMMARY_EN: Summary = Summary {
    interviews: "interviews",
    companies: "companies",
    segments: "segments",
    coded: "coded",
    run: "Run",
    h_top: "Skills in demand (top 15)",
    h_top_mentions: "Skills mentioned (top 15)",
    need_note: "Companies = companies asking for the skill (they need or lack it, or find it hard \
                to recruit); Mention = companies mentioning it at all.",
    mentioned_column: "Mention",
    skill_column: "Skill",
    category_column: "Category",
    companies_column: "Companies",
    share_column: "Share",
    interval_column: "95 % interval",
    groups_note: "A code with sub-codes (a group) counts every company naming the code itself or \
                  any sub-code; Direct = companies naming the code itself.",
    direct_column: "Direct",
    group_tag: |n| {
        format!(
            "group, {n} {}",
            if n == 1 { "sub-code" } else { "sub-codes" }
        )
    },
    h_combination: "Specialist skills combined with domain knowledge",
    combination_by_group: "By group (companies in the group that do so, of n):",
    h_pairs: "Pairs of a specialist skill and domain knowledge",
    pairs_sub: "Pairs mentioned in the same answer, by number of companies (top 15).",
    specialist_column: "Specialist skill",
    domain_column: "Domain knowledge",
    segments_column: "Segments",
    shares_note:
        "Shares are shares of companies (a company interviewed twice counts once); a code \
             includes its sub-codes; intervals are Wilson 95 % intervals.",
    company_counts_below: "Company counts below",
    are_not_shown: "are not shown.",
};

impl Summary {
    pub fn get(lang: Language) -> &'static Summary {
        match lang {
            Language::Sv => &SUMMARY_SV,
            Language::En => &SUMMARY_EN,
        }
    }
}

/// Every text of `report.xlsx`, in one language.
pub struct Workbook {
    pub matrix_sheet: &'static str,
    pub about_sheet: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub none: &'static str,
    pub codebook: &'static str,
    pub codebook_version: &'static str,
    pub codebook_sha256: &'static str,
    pub interviews: &'static str,
    pub companies: &'static str,
    pub segments: &'static str,
    pub coded_segments: &'static str,
    pub input_files: &'static str,
    pub run_started: &'static str,
    pub run_finished: &'static str,
    pub min_cell: &'static str,
    pub pseudonymized: &'static str,
    pub text_included: &'static str,
    pub tool: &'static str,
    pub how_to_read: &'static str,
    pub how_to_read_text: &'static str,
    pub cut_sheets: &'static str,
    /// A sheet cut short: (sheet, rows shown, rows in all).
    pub cut_sheet: fn(&str, usize, usize) -> String,
    /// The note right of a cut sheet: (rows left out).
    pub more_rows: fn(usize) -> String,
    /// The note right of the matrix: (companies left out, codes left out, codes shown).
    pub matrix_more: fn(usize, usize, usize) -> String,
    pub agreement_sheet: &'static str,
    pub compare_sheet: &'static str,
    /// The matrix's first header: its rows are companies.
    pub company: &'static str,
    /// The matrix's second header row holds the codes' ids.
    pub code_ids: &'static str,
    /// The heading of the list of headers and their CSV columns.
    pub columns: &'static str,
    /// An output folder, on the comparison's about sheet.
    pub folder: &'static str,
}

pub const WORKBOOK_SV: Workbook = Workbook {
    matrix_sheet: "Företag × kod",
    about_sheet: "Om rapporten",
    yes: "ja",
    no: "nej",
    none: "ingen",
    codebook: "Kodbok",
    codebook_version: "Kodbokens version",
    codebook_sha256: "Kodbokens SHA-256",
    interviews: "Intervjuer",
    companies: "Företag",
    segments: "Segment",
    coded_segments: "Kodade segment",
    input_files: "Indatafiler",
    run_started: "Körningen startade",
    run_finished: "Körningen slutade",
    min_cell: "Minsta cellstorlek (min_cell)",
    pseudonymized: "Pseudonymiserad",
    text_included: "Transkriberad text med",
    tool: "Verktyg",
    how_to_read: "Så läser du tabellerna",
    how_to_read_text: "Andelar är andelar av företag (ett företag som intervjuats två gånger räknas en gång). En kod räknar med sina underkoder. Intervallen är Wilsons 95 %-intervall. Negerade omnämnanden (\"vi behöver inte AI\") räknas inte.",
    cut_sheets: "Avkortade blad (kompletta i CSV och Parquet)",
    cut_sheet: |sheet, shown, all| format!("{sheet}: {shown} av {all} rader visas"),
    more_rows: |n| format!("… ytterligare {n} rader finns i CSV- och Parquet-filerna"),
    matrix_more: |companies, codes, shown| {
        let mut parts = Vec::new();
        if companies > 0 {
            parts.push(format!("{companies} företag till"));
        }
        if codes > 0 {
            parts.push(format!(
                "{codes} koder till (de {shown} som flest företag nämner visas)"
            ));
        }
        format!("… {}; alla par finns i company_codes", parts.join(" och "))
    },
    agreement_sheet: "Överensstämmelse",
    compare_sheet: "Jämförelse",
    company: "Företag",
    code_ids: "kod-id",
    columns: "Kolumner (rubrik = kolumn i CSV-filen)",
    folder: "Mapp",
};

pub const WORKBOOK_EN: Workbook = Workbook {
    matrix_sheet: "Company × code",
    about_sheet: "About",
    yes: "yes",
    no: "no",
    none: "none",
    codebook: "Codebook",
    codebook_version: "Codebook version",
    codebook_sha256: "Codebook SHA-256",
    interviews: "Interviews",
    companies: "Companies",
    segments: "Segments",
    coded_segments: "Coded segments",
    input_files: "Input files",
    run_started: "Run started",
    run_finished: "Run finished",
    min_cell: "Smallest published cell (min_cell)",
    pseudonymized: "Pseudonymized",
    text_included: "Transcript text included",
    tool: "Tool",
    how_to_read: "How to read the tables",
    how_to_read_text: "Shares are shares of companies (a company interviewed twice counts once). A code includes its sub-codes. Intervals are Wilson 95 % intervals. Negated mentions (\"we don't need AI\") are not counted.",
    cut_sheets: "Sheets cut short (complete in CSV and Parquet)",
    cut_sheet: |sheet, shown, all| format!("{sheet}: {shown} of {all} rows shown"),
    more_rows: |n| format!("… {n} more rows in the CSV and Parquet files"),
    matrix_more: |companies, codes, shown| {
        let mut parts = Vec::new();
        if companies > 0 {
            parts.push(format!("{companies} more companies"));
        }
        if codes > 0 {
            parts.push(format!(
                "{codes} more codes (the {shown} that most companies mention are shown)"
            ));
        }
        format!("… {}; every pair is in company_codes", parts.join(" and "))
    },
    agreement_sheet: "Agreement",
    compare_sheet: "Comparison",
    company: "Company",
    code_ids: "code id",
    columns: "Columns (header = column of the CSV file)",
    folder: "Folder",
};

impl Workbook {
    pub fn get(lang: Language) -> &'static Workbook {
        match lang {
            Language::Sv => &WORKBOOK_SV,
            Language::En => &WORKBOOK_EN,
        }
    }

    /// The names of a comparison's two waves, as the column headers call them.
    pub fn wave_names(lang: Language) -> (&'static str, &'static str) {
        match lang {
            Language::Sv => ("Basår", "Uppföljning"),
            Language::En => ("Baseline", "Follow-up"),
        }
    }
}

/// Every text of a group page (`--report-per`) that the region's page does not have.
pub struct GroupUi {
    /// The kicker: (attribute, value).
    pub kicker: fn(&str, &str) -> String,
    /// The page title: (study, value).
    pub title: fn(&str, &str) -> String,
    pub group_companies: &'static str,
    pub group_interviews: &'static str,
    pub region_companies: &'static str,
    /// The label of the region's bar and column.
    pub region: &'static str,
    /// The label of the group's column: (value).
    pub group: fn(&str) -> String,
    /// Where the group's size is suppressed: (k).
    pub too_small: fn(u32) -> String,
    pub h_combination: &'static str,
    pub h_top: &'static str,
    pub h_top_mentions: &'static str,
    /// Under the headline: (need?, group N, region N).
    pub top_sub: fn(bool, usize, usize) -> String,
    /// Where no code has a published count above 0 in the group.
    pub none_published: &'static str,
    pub h_table: &'static str,
    pub table_sub: &'static str,
    /// A cell of the table: (companies, N, share, interval).
    pub cell: fn(u32, usize, &str, &str) -> String,
    /// What the page leaves to the region's.
    pub elsewhere: &'static str,
    pub back: &'static str,
}

pub const GROUP_SV: GroupUi = GroupUi {
    kicker: |attr, value| format!("Kompetensbehov · {attr}: {value}"),
    title: |study, value| format!("{study} – {value}"),
    group_companies: "företag i gruppen",
    group_interviews: "intervjuer i gruppen",
    region_companies: "företag i hela regionen",
    region: "Hela regionen",
    group: |value| value.to_owned(),
    too_small: |k| {
        format!(
            "Gruppen har färre än {k} företag. För att ingen ska kunna känna igen ett enskilt \
             företag publiceras inga siffror för den; den ingår i hela regionens siffror."
        )
    },
    h_combination: "Specialist- och domänkompetens tillsammans, jämfört med hela regionen",
    h_top: "Efterfrågade kompetenser, jämfört med hela regionen",
    h_top_mentions: "Nämnda kompetenser, jämfört med hela regionen",
    top_sub: |need, n, region| {
        format!(
            "Andel av gruppens {n} företag som {} kompetensen (färgad stapel) och andel av hela \
             regionens {region} (grå stapel), med 95 %-intervall. Gruppen är en del av regionen, \
             så skillnaden är inte ett oberoende test.",
            if need { "behöver" } else { "nämner" }
        )
    },
    none_published: "Ingen kod har ett publicerat antal över 0 i gruppen; se tabellen nedan.",
    h_table: "Alla koder",
    table_sub: "Företag (andel, 95 %-intervall) i gruppen och i hela regionen. \
                En kod med underkoder räknar med dem.",
    cell: |k, n, share, ci| format!("{k}/{n} · {share} ({ci})"),
    elsewhere: "Samförekomster, bredd och spets och jämförelsen mellan grupperna finns i \
                hela regionens rapport.",
    back: "Hela regionens rapport",
};

pub const GROUP_EN: GroupUi = GroupUi {
    kicker: |attr, value| format!("Skills demand · {attr}: {value}"),
    title: |study, value| format!("{study} – {value}"),
    group_companies: "companies in the group",
    group_interviews: "interviews in the group",
    region_companies: "companies in the whole region",
    region: "Whole region",
    group: |value| value.to_owned(),
    too_small: |k| {
        format!(
            "The group has fewer than {k} companies. So that no single company can be \
             recognised, no figures are published for it; it is part of the whole region's \
             figures."
        )
    },
    h_combination: "Specialist and domain skills together, compared with the whole region",
    h_top: "Skills in demand, compared with the whole region",
    h_top_mentions: "Skills mentioned, compared with the whole region",
    top_sub: |need, n, region| {
        format!(
            "Share of the group's {n} companies that {} the skill (coloured bar) and of the \
             whole region's {region} (grey bar), with 95 % intervals. The group is part of the \
             region, so the difference is not an independent test.",
            if need { "need" } else { "mention" }
        )
    },
    none_published: "No code has a published count above 0 in the group; see the table below.",
    h_table: "All codes",
    table_sub: "Companies (share, 95 % interval) in the group and in the whole region. A code \
                with sub-codes counts them.",
    cell: |k, n, share, ci| format!("{k}/{n} · {share} ({ci})"),
    elsewhere: "Co-occurrence, breadth and depth and the comparison between the groups are in \
                the whole region's report.",
    back: "The whole region's report",
};

impl GroupUi {
    pub fn get(lang: Language) -> &'static GroupUi {
        match lang {
            Language::Sv => &GROUP_SV,
            Language::En => &GROUP_EN,
        }
    }
}

/// The workbook's header of each column skillgap writes: (CSV column, Swedish, English). A
/// column not listed (an attribute or a facet, named by the codebook) keeps its name.
const COLUMN_HEADERS: &[(&str, &str, &str)] = &[
    ("code", "Kod", "Code"),
    ("label", "Benämning", "Label"),
    ("category", "Kategori", "Category"),
    ("parent", "Överordnad kod", "Parent code"),
    ("depth", "Nivå", "Depth"),
    ("segments", "Segment", "Segments"),
    ("mentions", "Omnämnanden", "Mentions"),
    ("interviews", "Intervjuer", "Interviews"),
    ("companies", "Företag", "Companies"),
    ("company_share", "Andel företag", "Share of companies"),
    ("ci_low", "Intervall, nedre", "Interval, low"),
    ("ci_high", "Intervall, övre", "Interval, high"),
    ("need_segments", "Segment med behov", "Segments with need"),
    ("need_companies", "Företag med behov", "Companies with need"),
    ("need_share", "Andel med behov", "Share with need"),
    (
        "need_ci_low",
        "Behov, intervall nedre",
        "Need, interval low",
    ),
    (
        "need_ci_high",
        "Behov, intervall övre",
        "Need, interval high",
    ),
    (
        "direct_companies",
        "Företag, koden själv",
        "Companies, code itself",
    ),
    (
        "direct_need_companies",
        "Företag med behov, koden själv",
        "Companies with need, code itself",
    ),
    ("suppressed", "Undertryckt", "Suppressed"),
    ("company", "Företag", "Company"),
    ("group_companies", "Företag i gruppen", "Companies in group"),
    ("share", "Andel", "Share"),
    ("attribute", "Indelning", "Breakdown"),
    ("value", "Grupp", "Group"),
    ("scope", "Omfång", "Scope"),
    (
        "region_companies",
        "Företag i regionen",
        "Companies in region",
    ),
    ("region_share", "Andel i regionen", "Share in region"),
    (
        "region_ci_low",
        "Regionen, intervall nedre",
        "Region, interval low",
    ),
    (
        "region_ci_high",
        "Regionen, intervall övre",
        "Region, interval high",
    ),
    (
        "region_need_companies",
        "Företag med behov i regionen",
        "Companies with need in region",
    ),
    (
        "region_need_share",
        "Andel med behov i regionen",
        "Share with need in region",
    ),
    (
        "region_need_ci_low",
        "Regionen, behov, intervall nedre",
        "Region, need, interval low",
    ),
    (
        "region_need_ci_high",
        "Regionen, behov, intervall övre",
        "Region, need, interval high",
    ),
    ("code_a", "Kod A", "Code A"),
    ("code_b", "Kod B", "Code B"),
    ("jaccard", "Jaccard-index", "Jaccard index"),
    ("interview", "Intervju", "Interview"),
    ("segment", "Segment nr", "Segment no."),
    ("speaker", "Talare", "Speaker"),
    ("role", "Roll", "Role"),
    ("source", "Källa", "Source"),
    ("term", "Term", "Term"),
    ("start", "Start", "Start"),
    ("end", "Slut", "End"),
    ("negated", "Negerad", "Negated"),
    ("stance", "Hållning", "Stance"),
    ("text", "Text", "Text"),
    ("auto", "Automatisk", "Automatic"),
    ("manual", "Manuell", "Manual"),
    ("both", "Båda", "Both"),
    ("precision", "Precision", "Precision"),
    ("recall", "Täckning (recall)", "Recall"),
    ("f1", "F1", "F1"),
    ("kappa", "Kappa", "Kappa"),
    ("status", "Status", "Status"),
    ("companies_a", "Företag, basår", "Companies, baseline"),
    ("n_a", "N, basår", "N, baseline"),
    ("share_a", "Andel, basår", "Share, baseline"),
    (
        "companies_b",
        "Företag, uppföljning",
        "Companies, follow-up",
    ),
    ("n_b", "N, uppföljning", "N, follow-up"),
    ("share_b", "Andel, uppföljning", "Share, follow-up"),
    ("difference", "Skillnad", "Difference"),
    (
        "diff_ci_low",
        "Skillnad, intervall nedre",
        "Difference, interval low",
    ),
    (
        "diff_ci_high",
        "Skillnad, intervall övre",
        "Difference, interval high",
    ),
    (
        "need_companies_a",
        "Företag med behov, basår",
        "Companies with need, baseline",
    ),
    (
        "need_share_a",
        "Andel med behov, basår",
        "Share with need, baseline",
    ),
    (
        "need_companies_b",
        "Företag med behov, uppföljning",
        "Companies with need, follow-up",
    ),
    (
        "need_share_b",
        "Andel med behov, uppföljning",
        "Share with need, follow-up",
    ),
    ("need_difference", "Skillnad i behov", "Difference in need"),
    (
        "need_diff_ci_low",
        "Skillnad i behov, intervall nedre",
        "Difference in need, interval low",
    ),
    (
        "need_diff_ci_high",
        "Skillnad i behov, intervall övre",
        "Difference in need, interval high",
    ),
];

/// The workbook's header of the CSV column `name` in `lang`; `name` itself for a column
/// skillgap does not name (an attribute, a facet).
pub fn column_header(lang: Language, name: &str) -> &str {
    COLUMN_HEADERS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(name, |(_, sv, en)| match lang {
            Language::Sv => sv,
            Language::En => en,
        })
}

/// The workbook's sheet name of a table in `lang`, before Excel's 31-character cut.
pub fn sheet_title(lang: Language, kind: &crate::tally::Kind) -> String {
    use crate::tally::Kind;
    let sv = lang == Language::Sv;
    let pick = |a: &str, b: &str| if sv { a.to_owned() } else { b.to_owned() };
    match kind {
        Kind::Segments => pick("Segment", "Segments"),
        Kind::Codes => pick("Koder", "Codes"),
        Kind::CompanyCodes => pick("Företag och koder", "Company codes"),
        Kind::By(attr) => pick(&format!("per {attr}"), &format!("by {attr}")),
        Kind::VsRegion(attr) => pick(
            &format!("{attr} mot regionen"),
            &format!("{attr} vs region"),
        ),
        Kind::Combination => pick("Kombination", "Combination"),
        Kind::Cooccurrence => pick("Samförekomst", "Co-occurrence"),
        Kind::Quotes => pick("Citat", "Quotes"),
    }
}
