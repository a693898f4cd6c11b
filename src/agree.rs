//! Agreement statistics: precision, recall and F1 of one coding against another, Cohen's kappa
//! for two coders, Krippendorff's alpha (nominal) for any number of coders with missing values,
//! and percentile bootstrap intervals over interviews. Each is checked against a published
//! worked example in the tests below.

/// The four cells of a two-coder, two-value table for one code: segments coded by both, by the
/// first only, by the second only, by neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    pub both: u64,
    pub first_only: u64,
    pub second_only: u64,
    pub neither: u64,
}

impl Confusion {
    pub fn add(&mut self, o: &Confusion) {
        self.both += o.both;
        self.first_only += o.first_only;
        self.second_only += o.second_only;
        self.neither += o.neither;
    }

    pub fn units(&self) -> u64 {
        self.both + self.first_only + self.second_only + self.neither
    }

    /// Units the first coder coded.
    pub fn first(&self) -> u64 {
        self.both + self.first_only
    }

    /// Units the second coder coded.
    pub fn second(&self) -> u64 {
        self.both + self.second_only
    }

    /// Of the units the first coder coded, the share the second coded too (precision of the
    /// first against the second as reference). `None` when the first coded nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.both, self.first())
    }

    /// Of the units the second coder coded, the share the first coded too.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.both, self.second())
    }

    /// The harmonic mean of precision and recall: 2·both / (first + second).
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.both, self.first() + self.second())
    }

    /// Cohen's kappa: (p_o − p_e) / (1 − p_e). `None` where it is undefined (both coders put
    /// every unit in one and the same category, so p_e = 1).
    pub fn kappa(&self) -> Option<f64> {
        let n = self.units() as f64;
        if n == 0.0 {
            return None;
        }
        let po = (self.both + self.neither) as f64 / n;
        let (f, s) = (self.first() as f64 / n, self.second() as f64 / n);
        let pe = f * s + (1.0 - f) * (1.0 - s);
        if (1.0 - pe).abs() < 1e-12 {
            return None;
        }
        Some((po - pe) / (1.0 - pe))
    }

    /// Krippendorff's alpha (nominal) of the two coders' binary values.
    pub fn alpha(&self) -> Option<f64> {
        // Each unit has two values; the coincidence matrix counts each pair both ways.
        let o01 = (self.first_only + self.second_only) as f64;
        let n1 = (2 * self.both + self.first_only + self.second_only) as f64;
        let n0 = (2 * self.neither + self.first_only + self.second_only) as f64;
        let n = n0 + n1;
        if n < 2.0 || n0 * n1 == 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * o01 / (n0 * n1))
    }
}

/// One row of `agreement`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub code: String,
    pub label: String,
    pub t: Confusion,
    pub precision: (Option<f64>, Option<(f64, f64)>),
    pub recall: (Option<f64>, Option<(f64, f64)>),
    pub f1: (Option<f64>, Option<(f64, f64)>),
    pub kappa: (Option<f64>, Option<(f64, f64)>),
    pub alpha: Option<f64>,
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Krippendorff's alpha for nominal data: `units[u][c]` is coder c's value for unit u, `None`
/// where coder c did not code it. Units with fewer than two values are not pairable and are
/// left out (Krippendorff 2011, "Computing Krippendorff's alpha-reliability").
pub fn alpha_nominal(units: &[Vec<Option<u32>>]) -> Option<f64> {
    use std::collections::BTreeMap;
    // o[(c, k)]: the coincidence matrix; each unit with m values adds 1/(m − 1) per ordered pair
    // of values from different coders.
    let mut o: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for unit in units {
        let values: Vec<u32> = unit.iter().flatten().copied().collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    *o.entry((a, b)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let mut totals: BTreeMap<u32, f64> = BTreeMap::new();
    for (&(c, _), &v) in &o {
        *totals.entry(c).or_default() += v;
    }
    let n: f64 = totals.values().sum();
    let disagree: f64 = o.iter().filter(|((c, k), _)| c != k).map(|(_, v)| v).sum();
    let expected: f64 = totals
        .iter()
        .flat_map(|(c, nc)| {
            totals
                .iter()
                .filter(move |(k, _)| *k != c)
                .map(move |(_, nk)| nc * nk)
        })
        .sum();
    if n < 2.0 || expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * disagree / expected)
}

/// A small deterministic generator (SplitMix64), so that bootstrap intervals are the same on
/// every run and machine.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), without modulo bias worth the name for n ≪ 2^64.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// Bootstrap replicates drawn, and the seed they are drawn with.
pub const REPLICATES: usize = 1000;
pub const SEED: u64 = 20_221_115;

/// The 95 % percentile bootstrap interval of `stat` over clusters (interviews): each replicate
/// draws as many clusters as there are, with replacement, and sums their tables. Replicates
/// where the statistic is undefined are left out; `None` if fewer than half remain.
pub fn bootstrap(
    clusters: &[Confusion],
    stat: impl Fn(&Confusion) -> Option<f64>,
) -> Option<(f64, f64)> {
    if clusters.is_empty() {
        return None;
    }
    let mut rng = SplitMix64::new(SEED);
    let mut values: Vec<f64> = Vec::with_capacity(REPLICATES);
    for _ in 0..REPLICATES {
        let mut t = Confusion::default();
        for _ in 0..clusters.len() {
            t.add(&clusters[rng.below(clusters.len())]);
        }
        if let Some(v) = stat(&t) {
            values.push(v);
        }
    }
    if values.len() * 2 < REPLICATES {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = (q * (values.len() - 1) as f64).round() as usize;
        values[i.min(values.len() - 1)]
    };
    Some((at(0.025), at(0.975)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 5e-4)
    }

    /// Cohen's kappa, the worked example of its Wikipedia article: 50 proposals, both say yes
    /// to 20, A yes and B no to 5, A no and B yes to 10, both no to 15: p_o = 0.7, p_e = 0.5,
    /// kappa = 0.4.
    #[test]
    fn kappa_matches_the_worked_example() {
        let t = Confusion {
            both: 20,
            first_only: 5,
            second_only: 10,
            neither: 15,
        };
        assert!(close(t.kappa(), 0.4), "{:?}", t.kappa());
        assert!(close(t.precision(), 0.8));
        assert!(close(t.recall(), 20.0 / 30.0));
        assert!(close(t.f1(), 40.0 / 55.0));
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A: two
    /// observers, ten units, binary values; alpha = 0.095.
    #[test]
    fn alpha_matches_krippendorffs_binary_example() {
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let units: Vec<Vec<Option<u32>>> = a
            .iter()
            .zip(b)
            .map(|(&x, y)| vec![Some(x), Some(y)])
            .collect();
        assert!(
            close(alpha_nominal(&units), 0.095),
            "{:?}",
            alpha_nominal(&units)
        );
        // The same data as a two-coder table gives the same alpha.
        let mut t = Confusion::default();
        for (&x, y) in a.iter().zip(b) {
            match (x, y) {
                (1, 1) => t.both += 1,
                (1, 0) => t.first_only += 1,
                (0, 1) => t.second_only += 1,
                _ => t.neither += 1,
            }
        }
        assert!(close(t.alpha(), 0.095), "{:?}", t.alpha());
    }

    /// Krippendorff (2011), section C: four observers, twelve units, nominal values with
    /// missing data; alpha = 0.743.
    #[test]
    fn alpha_matches_krippendorffs_example_with_missing_values() {
        let rows: [[Option<u32>; 12]; 4] = {
            let n = None;
            let s = Some;
            [
                [
                    s(1),
                    s(2),
                    s(3),
                    s(3),
                    s(2),
                    s(1),
                    s(4),
                    s(1),
                    s(2),
                    n,
                    n,
                    n,
                ],
                [
                    s(1),
                    s(2),
                    s(3),
                    s(3),
                    s(2),
                    s(2),
                    s(4),
                    s(1),
                    s(2),
                    s(5),
                    n,
                    s(3),
                ],
                [
                    n,
                    s(3),
                    s(3),
                    s(3),
                    s(2),
                    s(3),
                    s(4),
                    s(2),
                    s(2),
                    s(5),
                    s(1),
                    n,
                ],
                [
                    s(1),
                    s(2),
                    s(3),
                    s(3),
                    s(2),
                    s(4),
                    s(4),
                    s(1),
                    s(2),
                    s(5),
                    s(1),
                    n,
                ],
            ]
        };
        let units: Vec<Vec<Option<u32>>> = (0..12)
            .map(|u| rows.iter().map(|r| r[u]).collect())
            .collect();
        assert!(
            close(alpha_nominal(&units), 0.743),
            "{:?}",
            alpha_nominal(&units)
        );
    }

    #[test]
    fn undefined_statistics_are_none() {
        let all_no = Confusion {
            neither: 10,
            ..Confusion::default()
        };
        assert_eq!(all_no.kappa(), None);
        assert_eq!(all_no.precision(), None);
        assert_eq!(all_no.f1(), None);
        assert_eq!(all_no.alpha(), None);
        let perfect = Confusion {
            both: 3,
            neither: 7,
            ..Confusion::default()
        };
        assert!(close(perfect.kappa(), 1.0));
        assert!(close(perfect.alpha(), 1.0));
    }

    #[test]
    fn bootstrap_is_deterministic_and_brackets_the_estimate() {
        let clusters: Vec<Confusion> = (0..20)
            .map(|i| Confusion {
                both: 3 + i % 3,
                first_only: i % 2,
                second_only: 1,
                neither: 20,
            })
            .collect();
        let mut total = Confusion::default();
        for c in &clusters {
            total.add(c);
        }
        let (lo, hi) = bootstrap(&clusters, Confusion::f1).unwrap();
        let f1 = total.f1().unwrap();
        assert!(lo <= f1 && f1 <= hi, "{lo} {f1} {hi}");
        assert_eq!(bootstrap(&clusters, Confusion::f1), Some((lo, hi)));
        assert_eq!(bootstrap(&[], Confusion::f1), None);
    }
}
