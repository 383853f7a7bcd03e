//! 95% confidence intervals for ICC(2,1) and ICC(2,k), the two-way random-effects,
//! absolute-agreement coefficients: McGraw & Wong (1996), case 2A, with Satterthwaite's
//! approximate degrees of freedom. The interval of ICC(2,k) is the Spearman-Brown step-up of
//! ICC(2,1)'s bounds, as in R's `psych::ICC` and Python's `pingouin.intraclass_corr`.

use super::agreement::Icc;
use super::f_distribution::quantile;

/// Lower and upper bounds of ICC(2,1) and of ICC(2,k).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IccIntervals {
    pub single: [f64; 2],
    pub average: [f64; 2],
}

/// The 95% intervals, or None where the F quantiles are undefined (an ICC of exactly 1, no
/// residual variance).
#[must_use]
#[allow(clippy::many_single_char_names)] // n, k, a, b, v as in McGraw & Wong's table
pub fn mcgraw_wong(icc: &Icc) -> Option<IccIntervals> {
    const TAIL: f64 = 0.975;
    let (n, k) = (icc.targets as f64, icc.raters as f64);
    let ms = icc.mean_squares;
    let rho = icc.single;
    // Satterthwaite's degrees of freedom for the denominator, written with F_j = JMS/EMS so
    // that a zero EMS cannot divide.
    let a = k * rho;
    let b = n * (1.0 + (k - 1.0) * rho) - k * rho;
    let v = (k - 1.0) * (n - 1.0) * (a * ms.columns + b * ms.error).powi(2)
        / ((n - 1.0) * (a * ms.columns).powi(2) + (b * ms.error).powi(2));
    let upper_f = quantile(TAIL, n - 1.0, v)?;
    let lower_f = quantile(TAIL, v, n - 1.0)?;
    let spread = k * ms.columns + (k * n - k - n) * ms.error;
    let low = n * (ms.rows - upper_f * ms.error) / (upper_f * spread + n * ms.rows);
    let high = n * (lower_f * ms.rows - ms.error) / (spread + n * lower_f * ms.rows);
    let step_up = |r: f64| k * r / (1.0 + (k - 1.0) * r);
    let intervals = IccIntervals {
        single: [low, high],
        average: [step_up(low), step_up(high)],
    };
    intervals
        .single
        .iter()
        .chain(&intervals.average)
        .all(|x| x.is_finite())
        .then_some(intervals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::agreement::icc_two_way_random;

    #[test]
    fn intervals_match_psych_on_the_shrout_fleiss_data() {
        // Shrout & Fleiss (1979), Table 2: six targets, four judges. R's psych::ICC prints for
        // these data (ICC(x = ratings), "Intraclass correlation coefficients"):
        //   Single_random_raters  ICC2  0.29 ... lower bound 0.019, upper bound 0.76
        //   Average_random_raters ICC2k 0.62 ... lower bound 0.071, upper bound 0.93
        // psych prints the lower bounds to three decimals and the upper ones to two.
        let data = vec![
            vec![9.0, 2.0, 5.0, 8.0],
            vec![6.0, 1.0, 3.0, 2.0],
            vec![8.0, 4.0, 6.0, 8.0],
            vec![7.0, 1.0, 2.0, 6.0],
            vec![10.0, 5.0, 6.0, 9.0],
            vec![6.0, 2.0, 4.0, 7.0],
        ];
        let icc = icc_two_way_random(&data).expect("defined");
        let ci = mcgraw_wong(&icc).expect("defined");
        assert!((ci.single[0] - 0.019).abs() < 5e-4, "{ci:?}");
        assert!((ci.single[1] - 0.76).abs() < 5e-3, "{ci:?}");
        assert!((ci.average[0] - 0.071).abs() < 5e-4, "{ci:?}");
        assert!((ci.average[1] - 0.93).abs() < 5e-3, "{ci:?}");
        // To three decimals everywhere: the same formula computed independently with SciPy's F
        // quantiles (scipy.stats.f.ppf, Satterthwaite's v = 4.785) gives single
        // [0.018787, 0.761084] and average [0.071137, 0.927232], which round to psych's figures.
        for (got, want) in ci
            .single
            .iter()
            .chain(&ci.average)
            .zip([0.018_787, 0.761_084, 0.071_137, 0.927_232])
        {
            assert!((got - want).abs() < 5e-4, "{got} against {want}: {ci:?}");
        }
        assert!(ci.single[0] < icc.single && icc.single < ci.single[1]);
    }
}
