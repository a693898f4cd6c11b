//! Frames are the tallies as polars tables: one method per output table, each reading the
//! counts a [`super::Tally`] kept and building its columns in codebook order.

use polars::prelude::*;

use super::*;

pub(super) struct Tables<'a> {
    pub(super) tally: &'a Tally<'a>,
    pub(super) cb: &'a Codebook,
    pub(super) corpus: &'a Corpus,
    pub(super) n_companies: u32,
}

impl Tables<'_> {
    pub(super) fn code_ids(&self) -> Vec<&str> {
        self.cb.codes.iter().map(|c| c.id.as_str()).collect()
    }

    pub(super) fn codes(&self) -> PolarsResult<DataFrame> {
        let cb = self.cb;
        let facet_keys = cb.facet_keys();
        // One text column per code attribute, in codebook order.
        let per_code = |name: &str, f: &dyn Fn(&Code) -> &str| {
            col_str(name, &cb.codes.iter().map(f).collect::<Vec<_>>())
        };
        let mut columns = vec![
            per_code("code", &|c| &c.id),
            per_code("label", &|c| &c.label),
            per_code("category", &|c| &c.category),
            per_code("parent", &|c| c.parent.as_deref().unwrap_or("")),
            col_u32(
                "depth",
                (0..cb.codes.len()).map(|i| cb.depth(i) as u32).collect(),
            ),
        ];
        for key in &facet_keys {
            columns.push(per_code(key, &|c| {
                c.facets.get(key).map(String::as_str).unwrap_or("")
            }));
        }
        let mut companies = vec![0u32; cb.codes.len()];
        let mut need_companies = vec![0u32; cb.codes.len()];
        let mut direct = vec![0u32; cb.codes.len()];
        let mut direct_need = vec![0u32; cb.codes.len()];
        for codes in &self.tally.company_codes {
            for n in codes.iter() {
                let i = n.code as usize;
                companies[i] += 1;
                need_companies[i] += (n.need > 0) as u32;
                direct[i] += (n.direct > 0) as u32;
                direct_need[i] += (n.direct_need > 0) as u32;
            }
        }
        let per = &self.tally.per_code;
        columns.push(col_u32("segments", per.iter().map(|p| p.0).collect()));
        columns.push(col_u32("mentions", per.iter().map(|p| p.1).collect()));
        columns.push(col_u32("interviews", per.iter().map(|p| p.2).collect()));
        let n = self.n_companies;
        let shares = |counts: &[u32]| -> (Vec<f64>, Vec<f64>, Vec<f64>) {
            let share = counts.iter().map(|&k| round4(stats::share(k, n))).collect();
            let (low, high) = counts
                .iter()
                .map(|&k| {
                    let (l, h) = stats::wilson(k, n);
                    (round4(l), round4(h))
                })
                .unzip();
            (share, low, high)
        };
        let (share, low, high) = shares(&companies);
        columns.push(col_u32("companies", companies));
        columns.push(col_f64("company_share", share));
        columns.push(col_f64("ci_low", low));
        columns.push(col_f64("ci_high", high));
        let (share, low, high) = shares(&need_companies);
        columns.push(col_u32("need_segments", per.iter().map(|p| p.3).collect()));
        columns.push(col_u32("need_companies", need_companies));
        columns.push(col_f64("need_share", share));
        columns.push(col_f64("need_ci_low", low));
        columns.push(col_f64("need_ci_high", high));
        columns.push(col_u32("direct_companies", direct));
        columns.push(col_u32("direct_need_companies", direct_need));
        DataFrame::new_infer_height(columns)
    }

    /// The groups of `attr`: its values, sorted, and the companies of each, as indices into
    /// the tally's companies (`None` for a company the tally has no interview of). A company
    /// whose interviews disagree on the value belongs to each of its groups; one without a value
    /// belongs to `(missing)`.
    pub(super) fn groups(&self, attr: &str) -> (Vec<&str>, Vec<Vec<Option<usize>>>) {
        let mut pairs: Vec<(&str, &str)> = self
            .corpus
            .interviews
            .iter()
            .map(|iv| {
                let v = iv.attributes.get(attr).map_or(MISSING, String::as_str);
                (v, iv.company.as_str())
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let (mut values, mut members): (Vec<&str>, Vec<Vec<Option<usize>>>) = Default::default();
        for (value, company) in pairs {
            if values.last() != Some(&value) {
                values.push(value);
                members.push(Vec::new());
            }
            let index = self.tally.company_ids.get(company).map(|&c| c as usize);
            if let Some(m) = members.last_mut() {
                m.push(index);
            }
        }
        (values, members)
    }

    pub(super) fn by_attribute(&self, attr: &str) -> PolarsResult<DataFrame> {
        let (values, members) = self.groups(attr);
        let group_companies: Vec<u32> = members.iter().map(|m| m.len() as u32).collect();
        // Companies per value and code: each company once per value it has.
        let n_codes = self.cb.codes.len();
        let mut companies = vec![0u32; values.len() * n_codes];
        let mut need_companies = vec![0u32; values.len() * n_codes];
        for (v, m) in members.iter().enumerate() {
            for &c in m.iter().flatten() {
                for n in self.tally.company_codes[c].iter() {
                    companies[v * n_codes + n.code as usize] += 1;
                    need_companies[v * n_codes + n.code as usize] += (n.need > 0) as u32;
                }
            }
        }
        let ids = self.code_ids();
        let rows = values.len() * n_codes;
        let (mut value, mut code, mut share) = (
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
        );
        let mut group = Vec::with_capacity(rows);
        let mut need_share = Vec::with_capacity(rows);
        for (v, name) in values.iter().enumerate() {
            for (k, id) in ids.iter().enumerate() {
                let n = companies[v * n_codes + k];
                value.push(*name);
                code.push(*id);
                group.push(group_companies[v]);
                share.push(round4(stats::share(n, group_companies[v])));
                let need = need_companies[v * n_codes + k];
                need_share.push(round4(stats::share(need, group_companies[v])));
            }
        }
        DataFrame::new_infer_height(vec![
            col_str(attr, &value),
            col_str("code", &code),
            col_u32("companies", companies),
            col_u32("group_companies", group),
            col_f64("share", share),
            col_u32("need_companies", need_companies),
            col_f64("need_share", need_share),
        ])
    }

    /// The combination figure: companies naming a specialist and a domain skill in one answer
    /// (`same_answer`) and anywhere in their interviews (`anywhere`), counted and as need, for
    /// the region (`(all)`) and for each value of each `group_by` attribute.
    pub(super) fn combination(&self) -> PolarsResult<DataFrame> {
        let t = self.tally;
        // Each group: its attribute, value and member companies (indices into the tally).
        let mut groups: Vec<(&str, &str, Vec<Option<usize>>)> = vec![(
            ALL,
            ALL,
            self.corpus
                .companies()
                .iter()
                .map(|&c| t.company_ids.get(c).map(|&i| i as usize))
                .collect(),
        )];
        for attr in &self.cb.group_by {
            let (values, members) = self.groups(attr);
            groups.extend(
                values
                    .into_iter()
                    .zip(members)
                    .map(|(v, m)| (attr.as_str(), v, m)),
            );
        }
        let mut cols: [Vec<u32>; 3] = Default::default();
        let mut shares: [Vec<f64>; 6] = Default::default();
        let (mut attribute, mut value, mut scope) = (Vec::new(), Vec::new(), Vec::new());
        for (si, name) in ["same_answer", "anywhere"].into_iter().enumerate() {
            for (attr, v, members) in &groups {
                let n = members.len() as u32;
                let (mut counted, mut need) = (0u32, 0u32);
                for c in members.iter().flatten() {
                    let (a, b) = t.company_combination[*c].scopes()[si];
                    counted += a as u32;
                    need += b as u32;
                }
                attribute.push(*attr);
                value.push(*v);
                scope.push(name);
                cols[0].push(n);
                cols[1].push(counted);
                cols[2].push(need);
                for (j, k) in [counted, need].into_iter().enumerate() {
                    let (l, h) = stats::wilson(k, n);
                    shares[3 * j].push(round4(stats::share(k, n)));
                    shares[3 * j + 1].push(round4(l));
                    shares[3 * j + 2].push(round4(h));
                }
            }
        }
        let [group, counted, need] = cols;
        let [share, low, high, need_share, need_low, need_high] = shares;
        DataFrame::new_infer_height(vec![
            col_str("attribute", &attribute),
            col_str("value", &value),
            col_str("scope", &scope),
            col_u32("group_companies", group),
            col_u32("companies", counted),
            col_f64("share", share),
            col_f64("ci_low", low),
            col_f64("ci_high", high),
            col_u32("need_companies", need),
            col_f64("need_share", need_share),
            col_f64("need_ci_low", need_low),
            col_f64("need_ci_high", need_high),
        ])
    }

    pub(super) fn cooccurrence(&self) -> PolarsResult<DataFrame> {
        let ids = self.code_ids();
        let mut companies = vec![0u32; self.tally.pair_segments.len()];
        for set in &self.tally.company_pairs {
            for id in set.iter() {
                companies[id as usize] += 1;
            }
        }
        let mut pairs: Vec<usize> = (0..self.tally.pair_segments.len()).collect();
        let rank = &self.tally.ctx.id_rank;
        let key = |i: &usize| {
            let (a, b) = self.tally.pair_segments[*i].0;
            (rank[a as usize], rank[b as usize])
        };
        pairs.sort_unstable_by_key(key);
        let per = &self.tally.per_code;
        let (mut code_a, mut code_b) = (Vec::new(), Vec::new());
        let (mut segments, mut with, mut jaccard) = (Vec::new(), Vec::new(), Vec::new());
        for i in pairs {
            let ((a, b), both) = self.tally.pair_segments[i];
            let (na, nb) = (per[a as usize].0, per[b as usize].0);
            code_a.push(ids[a as usize]);
            code_b.push(ids[b as usize]);
            segments.push(both);
            with.push(companies[i]);
            jaccard.push(round4(f64::from(both) / f64::from(na + nb - both)));
        }
        DataFrame::new_infer_height(vec![
            col_str("code_a", &code_a),
            col_str("code_b", &code_b),
            col_u32("segments", segments),
            col_u32("companies", with),
            col_f64("jaccard", jaccard),
        ])
    }

    /// Up to three respondent segments per code: segments coded with the code itself before
    /// those coded only through a child, then those with the fewest other codes, one per company
    /// before a second from the same company, then file order.
    pub(super) fn quotes(&self) -> PolarsResult<DataFrame> {
        let t = self.tally;
        let (mut code, mut interview, mut company, mut segment, mut text) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (ci, c) in self.cb.codes.iter().enumerate() {
            for (cand, id, comp) in t.quotes[ci].choose() {
                code.push(c.id.as_str());
                interview.push(id);
                company.push(t.company_names[comp as usize].as_str());
                segment.push(cand.segment);
                text.push(&*cand.text);
            }
        }
        DataFrame::new_infer_height(vec![
            col_str("code", &code),
            col_str("interview", &interview),
            col_str("company", &company),
            col_u32("segment", segment),
            col_str("text", &text),
        ])
    }
}

/// Rows of `company_codes` per batch.
const COMPANY_CODES_BATCH: usize = 65_536;

impl Tally<'_> {
    /// The `company_codes` table, one row per company and code, companies by name: in batches
    /// of about 65,536 rows, at least one (which may be empty). This is the one table that grows
    /// with companies times codes (5.4 million rows for half a million job ads, each its own
    /// company), so it is written batch by batch and never held whole.
    pub fn company_codes(&self) -> impl Iterator<Item = PolarsResult<DataFrame>> + '_ {
        self.company_codes_by(COMPANY_CODES_BATCH)
    }

    /// [`Tally::company_codes`] in batches of at least `batch_rows` rows (but the last), each
    /// ending with a company's last row.
    pub(super) fn company_codes_by(
        &self,
        batch_rows: usize,
    ) -> impl Iterator<Item = PolarsResult<DataFrame>> + '_ {
        let ids: Vec<&str> = self.ctx.cb.codes.iter().map(|c| c.id.as_str()).collect();
        let names = &self.company_names;
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| names[a].cmp(&names[b]));
        let (mut at, mut first) = (0, true);
        std::iter::from_fn(move || {
            if at == order.len() && !first {
                return None;
            }
            first = false;
            let (mut end, mut rows) = (at, 0);
            while end < order.len() && (rows < batch_rows || end == at) {
                rows += self.company_codes[order[end]].iter().count();
                end += 1;
            }
            let batch = &order[at..end];
            at = end;
            Some(self.company_code_rows(batch, &ids, rows))
        })
    }

    /// The `company_codes` rows of `companies` (indices), which have `rows` in all.
    fn company_code_rows(
        &self,
        companies: &[usize],
        ids: &[&str],
        rows: usize,
    ) -> PolarsResult<DataFrame> {
        let mut company = StringChunkedBuilder::new("company".into(), rows);
        let mut code = StringChunkedBuilder::new("code".into(), rows);
        let mut segments = Vec::with_capacity(rows);
        let mut mentions = Vec::with_capacity(rows);
        let mut need = Vec::with_capacity(rows);
        for &c in companies {
            let name = Some(self.company_names[c].as_str()).filter(|n| !n.is_empty());
            for n in self.company_codes[c].iter() {
                company.append_option(name);
                code.append_value(ids[n.code as usize]);
                segments.push(n.segments);
                mentions.push(n.mentions);
                need.push(n.need);
            }
        }
        DataFrame::new_infer_height(vec![
            company.finish().into_column(),
            code.finish().into_column(),
            col_u32("segments", segments),
            col_u32("mentions", mentions),
            col_u32("need_segments", need),
        ])
    }
}
