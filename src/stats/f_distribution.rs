//! Quantiles of the F distribution, for the confidence intervals of the ICC (McGraw & Wong
//! 1996 need them with non-integer degrees of freedom). The F distribution's CDF is a
//! regularised incomplete beta function, evaluated by its continued fraction (Lentz's method);
//! the quantile inverts it by bisection, which cannot fail to converge and is fast enough for
//! the two quantiles a `calibrate` needs.

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, n = 9; about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The continued fraction of the incomplete beta function (Numerical Recipes' `betacf`).
#[allow(clippy::many_single_char_names)] // the names of the published algorithm
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    // One step of the modified Lentz method: the fraction's next term `aa` folded into `c` and
    // `d`; returns the factor the result is multiplied by.
    let mut step = |aa: f64| {
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        d * c
    };
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)));
        let factor = step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
        h *= factor;
        if (factor - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function `I_x(a, b)`.
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    // The fraction converges fast on this side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// `P(F <= f)` for an F distribution with `d1` and `d2` degrees of freedom.
#[must_use]
pub fn cdf(f: f64, d1: f64, d2: f64) -> f64 {
    if f <= 0.0 {
        return 0.0;
    }
    incomplete_beta(d1 / 2.0, d2 / 2.0, d1 * f / (d1 * f + d2))
}

/// The `p`-quantile of the F distribution with `d1` and `d2` degrees of freedom (both > 0,
/// possibly fractional), or None for arguments outside the distribution's domain.
#[must_use]
#[allow(clippy::many_single_char_names)] // p, a, b, x, f as in the distribution's formulas
pub fn quantile(p: f64, d1: f64, d2: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0 && d1 > 0.0 && d2 > 0.0 && d1.is_finite() && d2.is_finite()) {
        return None;
    }
    // Bisect on the beta variable x = d1 f / (d1 f + d2) in (0, 1), monotone in f.
    let (a, b) = (d1 / 2.0, d2 / 2.0);
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = f64::midpoint(low, high);
        if incomplete_beta(a, b, mid) < p {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-16 {
            break;
        }
    }
    let x = f64::midpoint(low, high);
    let f = d2 * x / (d1 * (1.0 - x));
    f.is_finite().then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_printed_tables() {
        // Upper 5% and 2.5% points from the standard F tables (e.g. NIST/SEMATECH e-Handbook,
        // section 1.3.6.7.3), to the four decimals they print.
        let cases = [
            (0.95, 5.0, 15.0, 2.9013),
            (0.95, 1.0, 10.0, 4.9646),
            (0.975, 5.0, 15.0, 3.5764),
            (0.975, 10.0, 20.0, 2.7737),
        ];
        for (p, d1, d2, expected) in cases {
            let q = quantile(p, d1, d2).expect("defined");
            assert!((q - expected).abs() < 5e-4, "F({p}; {d1}, {d2}) = {q}");
        }
    }

    #[test]
    fn quantile_inverts_the_cdf_with_fractional_degrees_of_freedom() {
        for (p, d1, d2) in [(0.975, 5.0, 3.7), (0.025, 2.5, 40.2), (0.5, 0.8, 1.3)] {
            let q = quantile(p, d1, d2).expect("defined");
            assert!((cdf(q, d1, d2) - p).abs() < 1e-9);
        }
        assert_eq!(quantile(1.0, 5.0, 3.0), None);
        assert_eq!(quantile(0.5, 0.0, 3.0), None);
        assert_eq!(quantile(0.5, f64::NAN, 3.0), None);
    }
}
