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
    fn share_handles_zero() {
        assert_eq!(share(3, 12), 0.25);
        assert_eq!(share(0, 0), 0.0);
    }
}
