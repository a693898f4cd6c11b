//! Shares and their confidence intervals. The Wilson score interval is used because the
//! denominators are small (a study has about thirty companies) and shares are often near 0 or
//! 1, where the textbook normal interval breaks down and leaves [0, 1].

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// `k / n`, or 0 when `n` is 0.
pub fn share(k: u32, n: u32) -> f64 {
    if n == 0 {
        0.0
    } else {
        f64::from(k) / f64::from(n)
    }
}

/// The Wilson score 95 % interval of the share `k / n`; (0, 0) when `n` is 0.
pub fn wilson(k: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let n = f64::from(n);
    let p = f64::from(k) / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    ((center - half).max(0.0), (center + half).min(1.0))
}

/// Newcombe's hybrid score 95 % interval for the difference `k1 / n1 - k2 / n2` of two shares
/// from independent samples (Newcombe 1998, "Interval estimation for the difference between
/// independent proportions: comparison of eleven methods", Statistics in Medicine 17:873-890,
/// method 10): each share's Wilson interval, without continuity correction, combined as
///
/// ```text
/// low  = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
/// high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
/// ```
///
/// where `d = p1 - p2` and `(l, u)` are the Wilson bounds of each share. It is chosen for the
/// reason Wilson's is: with a study's few companies and shares near 0 or 1 the normal (Wald)
/// interval of a difference is too narrow and can leave [-1, 1]; this one stays inside and
/// keeps close to its coverage (Newcombe's evaluation). `compare` passes the follow-up as the
/// first sample, so its difference is follow-up minus baseline; swapping the samples mirrors
/// the interval. Either `n` being 0 leaves the difference undefined: (NaN, NaN). `k <= n` is
/// the caller's to ensure.
pub fn newcombe(k1: u32, n1: u32, k2: u32, n2: u32) -> (f64, f64) {
    if n1 == 0 || n2 == 0 {
        return (f64::NAN, f64::NAN);
    }
    let (p1, p2) = (share(k1, n1), share(k2, n2));
    let ((l1, u1), (l2, u2)) = (wilson(k1, n1), wilson(k2, n2));
    let d = p1 - p2;
    (d - (p1 - l1).hypot(u2 - p2), d + (u1 - p1).hypot(p2 - l2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64) -> f64 {
        (x * 10_000.0).round() / 10_000.0
    }

    #[test]
    fn wilson_matches_published_values() {
        // Reference values from the closed form (Newcombe 1998, method 3).
        let cases = [
            ((5, 10), (0.2366, 0.7634)),
            ((0, 10), (0.0, 0.2775)),
            ((10, 10), (0.7225, 1.0)),
            ((81, 263), (0.2553, 0.3662)),
            ((1, 29), (0.0061, 0.1718)),
        ];
        for ((k, n), (lo, hi)) in cases {
            let (l, h) = wilson(k, n);
            assert_eq!((r(l), r(h)), (lo, hi), "{k}/{n}");
        }
        assert_eq!(wilson(0, 0), (0.0, 0.0));
    }

    #[test]
    fn newcombe_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (score
        // interval without continuity correction), examples (a) to (h), difference p1 - p2.
        // The table's values as reproduced in the tests of capeconomics/mergeron-extra
        // (tests/test_proportions_tests.py, "Examples from Newcombe (1998), Table II", all
        // eight) and of the R package propint (m-Py/propint,
        // tests/testthat/test_Two_Independent_Props_CI.R, examples a and b), and recomputed
        // from the formula by hand (Python, z = 1.959964). Not to be confused with the
        // Miettinen-Nurminen column of the same table (9/10 vs 3/10: 0.1700, 0.8406).
        let cases = [
            ((56, 70, 48, 80), (0.0524, 0.3339)),
            ((9, 10, 3, 10), (0.1705, 0.8090)),
            ((6, 7, 2, 7), (0.0582, 0.8062)),
            ((5, 56, 0, 29), (-0.0381, 0.1926)),
            ((0, 10, 0, 20), (-0.1611, 0.2775)),
            ((0, 10, 0, 10), (-0.2775, 0.2775)),
            ((10, 10, 0, 20), (0.6791, 1.0)),
            ((10, 10, 0, 10), (0.6075, 1.0)),
        ];
        for ((k1, n1, k2, n2), (lo, hi)) in cases {
            let (l, h) = newcombe(k1, n1, k2, n2);
            assert_eq!((r(l), r(h)), (lo, hi), "{k1}/{n1} - {k2}/{n2}");
            // Swapping the samples mirrors the interval.
            let (l2, h2) = newcombe(k2, n2, k1, n1);
            assert!(
                (l2 + h).abs() < 1e-12 && (h2 + l).abs() < 1e-12,
                "{k1}/{n1} swapped"
            );
        }
        let (l, h) = newcombe(3, 0, 1, 4);
        assert!(l.is_nan() && h.is_nan());
        let (l, h) = newcombe(1, 4, 0, 0);
        assert!(l.is_nan() && h.is_nan());
    }

    #[test]
    fn share_handles_zero() {
        assert_eq!(share(3, 12), 0.25);
        assert_eq!(share(0, 0), 0.0);
    }
}
