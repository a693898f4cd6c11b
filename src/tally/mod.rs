//! Tallies turn occurrences into the demand tables of SPEC 5.1. They stream: each interview is
//! summarised where it is coded ([`Context::summarize`], counts per code and code pair, quote
//! candidates) and added to a [`Tally`], so a run holds counts, never the corpus. Polars builds
//! the tables at the end. Counts are *inclusive*: an occurrence of a code also counts for each
//! of its ancestors (a mention of `plc` is a mention of `automation`). Negated occurrences are
//! listed in `segments` but never counted, and a company interviewed twice is one company.

pub mod disclose;
mod frames;
mod packed;
pub mod segments;
pub mod stats;
pub mod table;
pub mod vs_region;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use polars::prelude::*;

use crate::codebook::{Code, Codebook};
use crate::coding::Occurrence;
use crate::ingest::{Corpus, Role, Segment};

/// Value of a `group_by` attribute for a company that has none.
pub const MISSING: &str = "(missing)";

/// The attribute and value of the whole region's row in `combination`.
pub const ALL: &str = "(all)";

pub use table::{Kind, Table};

/// What the tallies need to know about the codebook, computed once per run.
pub struct Context<'a> {
    cb: &'a Codebook,
    /// Per code: itself and its ancestors, nearest first.
    lineage: Vec<Vec<u32>>,
    /// Per code: its place among the codes ordered by id, which orders co-occurrence pairs.
    id_rank: Vec<u32>,
    /// Every `(category, facet, value)` of any code, sorted; per code, the ones it has.
    facets: Vec<(String, String, String)>,
    code_facets: Vec<Vec<u32>>,
    /// Per code: which side of the specialist × domain combination its category is on.
    side: Vec<Option<Side>>,
    /// Quotes must be need where the codebook judges stance.
    stance: bool,
}

/// The two halves of the study's main finding: specialist skills combined with domain
/// knowledge. A code is on a side by its own `category` (`specialist` or `domain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Specialist,
    Domain,
}

impl Side {
    pub fn of(category: &str) -> Option<Side> {
        match category {
            "specialist" => Some(Side::Specialist),
            "domain" => Some(Side::Domain),
            _ => None,
        }
    }
}

/// Counts of one code in one interview or company. All are inclusive (an occurrence of a child
/// counts for its ancestors) except `direct` and `direct_need`, which count the segments coded
/// with the code itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeCount {
    pub code: u32,
    pub segments: u32,
    pub mentions: u32,
    pub need: u32,
    pub direct: u32,
    pub direct_need: u32,
}

impl CodeCount {
    fn plus(&self, o: &CodeCount) -> CodeCount {
        CodeCount {
            code: self.code,
            segments: self.segments + o.segments,
            mentions: self.mentions + o.mentions,
            need: self.need + o.need,
            direct: self.direct + o.direct,
            direct_need: self.direct_need + o.direct_need,
        }
    }
}

/// Whether an interview or a company names a specialist and a domain skill: in one respondent
/// answer (`same`), and anywhere (`specialist` and `domain`); each counted (`.0`, any stance but
/// negated) and as need (`.1`). See docs/format.md, "The combination".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Combination {
    pub same: (bool, bool),
    pub specialist: (bool, bool),
    pub domain: (bool, bool),
}

impl Combination {
    fn or(&mut self, o: &Combination) {
        let or = |a: &mut (bool, bool), b: (bool, bool)| {
            a.0 |= b.0;
            a.1 |= b.1;
        };
        or(&mut self.same, o.same);
        or(&mut self.specialist, o.specialist);
        or(&mut self.domain, o.domain);
    }

    /// (same answer, anywhere), each as (counted, need).
    pub fn scopes(&self) -> [(bool, bool); 2] {
        [
            self.same,
            (
                self.specialist.0 && self.domain.0,
                self.specialist.1 && self.domain.1,
            ),
        ]
    }
}

type Rank = (bool, bool, u32, bool, u64, u32);

/// A segment that may be quoted for a code, with what ranks it (smaller is better): not a need
/// for the code, coded only through a child, the number of other codes, longer than 600
/// characters, interview order, segment index. A segment in which the code (or a sub-code) is
/// negated is never a candidate, and with stance judged only need segments are.
#[derive(Debug, Clone)]
pub struct Candidate {
    rank: Rank,
    segment: u32,
    text: Arc<str>,
}

/// What one interview adds to the tallies, computed where it is coded so that its text can be
/// dropped at once. Counts are inclusive and leave negated occurrences out.
#[derive(Debug, Default)]
pub struct InterviewTally {
    /// Counts per code, by code.
    codes: Vec<CodeCount>,
    /// Co-occurring codes (lower id first, neither the other's ancestor) and their segments.
    pairs: Vec<((u32, u32), u32)>,
    /// Facet values of the codes coded directly: (facet, need).
    facets: Vec<(u32, bool)>,
    combination: Combination,
    /// The three best quote candidates per code.
    quotes: Vec<(u32, Candidate)>,
    /// Segments with at least one counted occurrence.
    pub coded_segments: u32,
    /// The first segment (index) coded with more than [`MAX_SEGMENT_CODES`] codes, and how many.
    pub crowded: Option<(u32, usize)>,
}

/// The most codes (with their ancestors) one segment may carry. Co-occurrence counts every pair
/// of them, which is quadratic: 4,000 codes sharing one word made 8 million pairs a segment.
/// Past this bound the run stops with a message instead.
pub const MAX_SEGMENT_CODES: usize = 1_000;

/// Keeps what [`Tally::quotes`] may choose from: the best candidate of each of the three
/// companies whose best candidates rank highest (one quote per company and code).
#[derive(Debug, Default, Clone)]
struct QuotePick {
    /// Company, candidate and the id of its interview.
    companies: Vec<(u32, Candidate, Arc<str>)>,
}

impl QuotePick {
    fn offer(&mut self, c: Candidate, interview: &Arc<str>, company: u32) {
        match self.companies.iter().position(|(co, _, _)| *co == company) {
            Some(i) if self.companies[i].1.rank <= c.rank => return,
            Some(i) => {
                self.companies.remove(i);
            }
            None => {}
        }
        let at = self.companies.partition_point(|(_, b, _)| b.rank < c.rank);
        if at < 3 {
            self.companies.insert(at, (company, c, interview.clone()));
            self.companies.truncate(3);
        }
    }

    /// One segment per company, best first, up to three: (candidate, interview, company).
    fn choose(&self) -> Vec<(&Candidate, &str, u32)> {
        self.companies
            .iter()
            .map(|(company, c, interview)| (c, &**interview, *company))
            .collect()
    }
}

/// The tallies of a run, added to one interview at a time in any order of companies; the
/// tables come out of [`Tally::tables`].
pub struct Tally<'a> {
    ctx: &'a Context<'a>,
    /// Per code: segments, mentions, interviews, need segments.
    per_code: Vec<(u32, u32, u32, u32)>,
    company_ids: HashMap<String, u32>,
    company_names: Vec<String>,
    /// Per company: its counts per code, sorted by code and packed (a company has few
    /// interviews, and half a million companies may be held; see [`packed`]).
    company_codes: Vec<packed::Counts>,
    /// Co-occurring pairs, numbered as first seen, with their segments.
    pair_ids: FxHashMap<(u32, u32), u32>,
    pair_segments: Vec<((u32, u32), u32)>,
    /// Per company: the numbers of the pairs it has a segment with.
    company_pairs: Vec<packed::Ids>,
    /// Per company: the facet values of its codes coded directly, as `2 × facet + need`.
    company_facets: Vec<packed::Ids>,
    company_combination: Vec<Combination>,
    quotes: Vec<QuotePick>,
    pub coded_segments: usize,
}

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Merges `add` into `into`, both sorted by key (the first field, or the value itself) and
/// without repeated keys; `both` combines an entry present in both.
fn merge_sorted<T: Copy + Keyed>(into: &mut Vec<T>, add: Vec<T>, both: impl Fn(&T, &T) -> T) {
    if into.is_empty() {
        *into = add;
        return;
    }
    let old = std::mem::take(into);
    into.reserve(old.len() + add.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < add.len() {
        match old[i].key().cmp(&add[j].key()) {
            std::cmp::Ordering::Less => {
                into.push(old[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                into.push(add[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                into.push(both(&old[i], &add[j]));
                i += 1;
                j += 1;
            }
        }
    }
    into.extend_from_slice(&old[i..]);
    into.extend_from_slice(&add[j..]);
}

trait Keyed {
    fn key(&self) -> u32;
}

impl Keyed for u32 {
    fn key(&self) -> u32 {
        *self
    }
}

impl Keyed for CodeCount {
    fn key(&self) -> u32 {
        self.code
    }
}
type FxHashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

impl<'a> Context<'a> {
    pub fn new(cb: &'a Codebook) -> Context<'a> {
        let lineage = (0..cb.codes.len())
            .map(|i| {
                cb.self_and_ancestors(i)
                    .into_iter()
                    .map(|a| a as u32)
                    .collect()
            })
            .collect();
        let mut by_id: Vec<usize> = (0..cb.codes.len()).collect();
        by_id.sort_by(|&a, &b| cb.codes[a].id.cmp(&cb.codes[b].id));
        let mut id_rank = vec![0u32; cb.codes.len()];
        for (rank, &i) in by_id.iter().enumerate() {
            id_rank[i] = rank as u32;
        }
        let facets: Vec<(String, String, String)> = cb
            .codes
            .iter()
            .flat_map(|c| {
                c.facets
                    .iter()
                    .map(|(k, v)| (c.category.clone(), k.clone(), v.clone()))
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let code_facets = cb
            .codes
            .iter()
            .map(|c| {
                c.facets
                    .iter()
                    .filter_map(|(k, v)| {
                        facets
                            .binary_search_by(|(fc, fk, fv)| (fc, fk, fv).cmp(&(&c.category, k, v)))
                            .ok()
                            .map(|i| i as u32)
                    })
                    .collect()
            })
            .collect();
        Context {
            cb,
            lineage,
            id_rank,
            facets,
            code_facets,
            side: cb.codes.iter().map(|c| Side::of(&c.category)).collect(),
            stance: cb.cues.stance,
        }
    }

    fn related(&self, a: u32, b: u32) -> bool {
        self.lineage[a as usize].contains(&b) || self.lineage[b as usize].contains(&a)
    }

    /// Tallies one interview: its segments and their occurrences (sorted by segment, as
    /// [`crate::coding::code_interview`] returns them). `order` places the interview among the
    /// others for choosing quotes.
    pub fn summarize(
        &self,
        order: u64,
        segments: &[Segment],
        occurrences: &[Occurrence],
    ) -> InterviewTally {
        use crate::coding::Stance;
        let mut out = InterviewTally::default();
        let mut codes: FxHashMap<u32, CodeCount> = FxHashMap::default();
        let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut facets: FxHashSet<(u32, bool)> = FxHashSet::default();
        // Per code, the ranks of its three best candidates; texts are copied for those only.
        let mut quotes: FxHashMap<u32, Vec<Rank>> = FxHashMap::default();
        let (mut direct, mut direct_need, mut inclusive, mut need, mut negated) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for group in occurrences.chunk_by(|a, b| a.segment == b.segment) {
            let si = group[0].segment;
            direct.clear();
            direct_need.clear();
            inclusive.clear();
            need.clear();
            negated.clear();
            for o in group {
                if o.negated {
                    negated.extend_from_slice(&self.lineage[o.code as usize]);
                    continue;
                }
                direct.push(o.code);
                let is_need = o.stance == Stance::Need;
                if is_need {
                    direct_need.push(o.code);
                }
                for &a in &self.lineage[o.code as usize] {
                    codes.entry(a).or_default().mentions += 1;
                    inclusive.push(a);
                    if is_need {
                        need.push(a);
                    }
                }
            }
            if direct.is_empty() {
                continue;
            }
            for v in [&mut need, &mut direct, &mut direct_need, &mut negated] {
                v.sort_unstable();
                v.dedup();
            }
            inclusive.sort_unstable_by_key(|&c| self.id_rank[c as usize]);
            inclusive.dedup();
            out.coded_segments += 1;
            if inclusive.len() > MAX_SEGMENT_CODES {
                out.crowded.get_or_insert((si, inclusive.len()));
                continue;
            }
            for &c in &inclusive {
                codes.entry(c).or_default().segments += 1;
            }
            for &c in &need {
                codes.entry(c).or_default().need += 1;
            }
            for &d in &direct {
                codes.entry(d).or_default().direct += 1;
                facets.extend(self.code_facets[d as usize].iter().map(|&f| (f, false)));
            }
            for &d in &direct_need {
                codes.entry(d).or_default().direct_need += 1;
                facets.extend(self.code_facets[d as usize].iter().map(|&f| (f, true)));
            }
            for (i, &a) in inclusive.iter().enumerate() {
                for &b in &inclusive[i + 1..] {
                    if !self.related(a, b) {
                        *pairs.entry((a, b)).or_default() += 1;
                    }
                }
            }
            let seg = &segments[si as usize];
            let respondent = seg.role == Role::Respondent;
            let mut here = Combination::default();
            for (list, is_need) in [(&direct, false), (&direct_need, true)] {
                for &d in list.iter() {
                    let slot = match self.side[d as usize] {
                        Some(Side::Specialist) => &mut here.specialist,
                        Some(Side::Domain) => &mut here.domain,
                        None => continue,
                    };
                    if is_need {
                        slot.1 = true;
                    } else {
                        slot.0 = true;
                    }
                }
            }
            if respondent {
                here.same = (
                    here.specialist.0 && here.domain.0,
                    here.specialist.1 && here.domain.1,
                );
            }
            out.combination.or(&here);
            if !respondent {
                continue;
            }
            // Characters are never more than bytes: count them only when it may matter.
            let long = seg.text.len() > 600 && seg.text.chars().count() > 600;
            for &c in &inclusive {
                let is_need = need.binary_search(&c).is_ok();
                if negated.binary_search(&c).is_ok() || (self.stance && !is_need) {
                    continue;
                }
                let others = direct
                    .iter()
                    .filter(|&&d| !self.lineage[d as usize].contains(&c))
                    .count() as u32;
                let rank = (
                    !is_need,
                    direct.binary_search(&c).is_err(),
                    others,
                    long,
                    order,
                    si,
                );
                let list = quotes.entry(c).or_default();
                let at = list.partition_point(|b| *b < rank);
                if at < 3 {
                    list.insert(at, rank);
                    list.truncate(3);
                }
            }
        }
        out.codes = codes
            .into_iter()
            .map(|(c, n)| CodeCount { code: c, ..n })
            .collect();
        out.codes.sort_unstable_by_key(|c| c.code);
        out.pairs = pairs.into_iter().collect();
        out.pairs.sort_unstable();
        out.facets = facets.into_iter().collect();
        out.facets.sort_unstable();
        let mut quotes: Vec<(u32, Vec<Rank>)> = quotes.into_iter().collect();
        quotes.sort_unstable_by_key(|(c, _)| *c);
        let mut texts: FxHashMap<u32, Arc<str>> = FxHashMap::default();
        for (c, ranks) in quotes {
            for rank in ranks {
                let seg = &segments[rank.5 as usize];
                let text = texts
                    .entry(rank.5)
                    .or_insert_with(|| Arc::from(seg.text.as_str()))
                    .clone();
                out.quotes.push((
                    c,
                    Candidate {
                        rank,
                        segment: seg.number,
                        text,
                    },
                ));
            }
        }
        out
    }
}

impl<'a> Tally<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Tally<'a> {
        let n = ctx.cb.codes.len();
        Tally {
            ctx,
            per_code: vec![(0, 0, 0, 0); n],
            company_ids: HashMap::new(),
            company_names: Vec::new(),
            company_codes: Vec::new(),
            pair_ids: FxHashMap::default(),
            pair_segments: Vec::new(),
            company_pairs: Vec::new(),
            company_facets: Vec::new(),
            company_combination: Vec::new(),
            quotes: vec![QuotePick::default(); n],
            coded_segments: 0,
        }
    }

    /// Adds one interview's tallies under its (final, possibly pseudonymous) id and company.
    pub fn add(&mut self, interview: &str, company: &str, t: InterviewTally) {
        let ci = match self.company_ids.get(company) {
            Some(&ci) => ci,
            None => {
                let ci = self.company_names.len() as u32;
                self.company_ids.insert(company.to_owned(), ci);
                self.company_names.push(company.to_owned());
                self.company_codes.push(packed::Counts::default());
                self.company_pairs.push(packed::Ids::default());
                self.company_facets.push(packed::Ids::default());
                self.company_combination.push(Combination::default());
                ci
            }
        };
        let c = ci as usize;
        for n in &t.codes {
            let e = &mut self.per_code[n.code as usize];
            e.0 += n.segments;
            e.1 += n.mentions;
            e.2 += 1;
            e.3 += n.need;
        }
        self.company_codes[c].add(t.codes);
        self.company_combination[c].or(&t.combination);
        let mut ids: Vec<u32> = Vec::with_capacity(t.pairs.len());
        for (pair, n) in t.pairs {
            let next = self.pair_segments.len() as u32;
            let id = *self.pair_ids.entry(pair).or_insert(next);
            if id == next {
                self.pair_segments.push((pair, 0));
            }
            self.pair_segments[id as usize].1 += n;
            ids.push(id);
        }
        ids.sort_unstable();
        self.company_pairs[c].union(ids);
        let facets = t.facets.iter().map(|&(f, need)| 2 * f + u32::from(need));
        self.company_facets[c].union(facets.collect());
        if !t.quotes.is_empty() {
            // Held only by the quote candidates that are kept.
            let interview: Arc<str> = Arc::from(interview);
            for (code, cand) in t.quotes {
                self.quotes[code as usize].offer(cand, &interview, ci);
            }
        }
        self.coded_segments += t.coded_segments as usize;
    }

    /// Companies that name each `(category, facet, value)` through a code coded directly (a
    /// mention of `plc`, `spets`, does not make its `bredd` parent count), for every value any
    /// code has: (companies with a counted occurrence, companies with a need).
    pub fn facet_companies(&self) -> BTreeMap<(String, String, String), (u32, u32)> {
        let mut n = vec![(0u32, 0u32); self.ctx.facets.len()];
        for set in &self.company_facets {
            for f in set.iter() {
                let counts = &mut n[f as usize / 2];
                if f % 2 == 1 {
                    counts.1 += 1;
                } else {
                    counts.0 += 1;
                }
            }
        }
        self.ctx.facets.iter().cloned().zip(n).collect()
    }

    /// Computes every table but `segments` and `company_codes` (which come in batches, from
    /// [`Tally::company_codes`]), in the order they are written. `corpus` gives the
    /// companies and their attributes, under the ids given to [`Tally::add`].
    pub fn tables(&self, corpus: &Corpus) -> PolarsResult<Vec<Table>> {
        let t = frames::Tables {
            tally: self,
            cb: self.ctx.cb,
            corpus,
            n_companies: corpus.companies().len() as u32,
        };
        let mut out = vec![Table::new(Kind::Codes, t.codes()?)];
        for attr in &self.ctx.cb.group_by {
            out.push(Table::new(Kind::By(attr.clone()), t.by_attribute(attr)?));
        }
        if self.ctx.side.contains(&Some(Side::Specialist))
            && self.ctx.side.contains(&Some(Side::Domain))
        {
            out.push(Table::new(Kind::Combination, t.combination()?));
        }
        out.push(Table::new(Kind::Cooccurrence, t.cooccurrence()?));
        out.push(Table::new(Kind::Quotes, t.quotes()?));
        Ok(out)
    }
}

fn col_u32(name: &str, v: Vec<u32>) -> Column {
    Column::new(name.into(), v)
}

/// A string column in which empty strings are nulls (written as empty CSV cells; an absent
/// parent or facet is missing, not an empty name).
fn col_str<S: AsRef<str>>(name: &str, v: &[S]) -> Column {
    let v: Vec<Option<&str>> = v
        .iter()
        .map(|s| Some(s.as_ref()).filter(|s| !s.is_empty()))
        .collect();
    Column::new(name.into(), v)
}

fn col_f64(name: &str, v: Vec<f64>) -> Column {
    Column::new(name.into(), v)
}

/// Rounds shares and indices for readable tables (four decimals is 0.01 percentage points).
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests;
