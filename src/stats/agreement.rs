//! Inter-rater agreement coefficients: Krippendorff's alpha and the
//! Shrout & Fleiss intraclass correlation ICC(2,1) / ICC(2,k).
//!
//! Every coefficient either returns a finite number or an [`Undefined`]
//! explaining why it cannot be computed; no input makes these functions
//! panic or return NaN.

use std::fmt;

/// Which difference function Krippendorff's alpha uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Values are unordered categories: any two different values disagree equally.
    Nominal,
    /// Values are ranks: disagreement grows with how many ratings lie between them.
    Ordinal,
    /// Values are on an interval scale: disagreement is the squared difference.
    Interval,
}

/// Why a statistic could not be computed (never NaN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undefined {
    /// The input holds no rating at all.
    NoRatings,
    /// A rating is NaN or infinite.
    NonFinite,
    /// Fewer than two raters contributed ratings.
    NotEnoughRaters,
    /// No unit carries two or more ratings, so nothing can be compared.
    NoPairableUnits,
    /// All ratings are identical, so expected disagreement is zero.
    NoVariation,
    /// The ratings of units rated by two or more are all identical, though other ratings differ.
    NoPairedVariation,
    /// The ICC needs every unit rated by the same raters, but row lengths differ.
    UnevenRaters,
    /// Fewer than two units (targets) were rated.
    TooFewUnits,
    /// The coefficient's denominator is zero although the ratings do vary.
    Degenerate,
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::NoRatings => "there are no ratings",
            Self::NonFinite => "a rating is not a finite number",
            Self::NotEnoughRaters => "at least two interviewers are needed",
            Self::NoPairableUnits => "no unit is rated by two or more interviewers",
            Self::NoVariation => "every rating is the same, so agreement is undefined",
            Self::NoPairedVariation => {
                "every rating of the units rated by two or more interviewers is the same (only the paired ratings are), so agreement is undefined"
            }
            Self::UnevenRaters => "units are not all rated by the same interviewers",
            Self::TooFewUnits => "at least two rated units are needed",
            Self::Degenerate => {
                "the ratings vary too little between units and interviewers for agreement to be defined"
            }
        };
        f.write_str(text)
    }
}

impl std::error::Error for Undefined {}

/// Krippendorff's alpha together with the amount of data it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Alpha {
    /// The coefficient: 1 is perfect agreement, 0 is chance level, below 0 is systematic disagreement.
    pub value: f64,
    /// Rows holding at least one rating.
    pub units: usize,
    /// Rows holding at least two ratings; only these enter the coefficient.
    pub pairable_units: usize,
    /// Ratings in pairable rows (the paper's `n`).
    pub pairable_values: usize,
}

/// Intraclass correlations of the two-way random-effects, absolute-agreement model.
#[derive(Debug, Clone, PartialEq)]
pub struct Icc {
    /// ICC(2,1): reliability of a single rater's score.
    pub single: f64,
    /// ICC(2,k): reliability of the mean of the `raters` scores.
    pub average: f64,
    /// Number of raters `k` (columns).
    pub raters: usize,
    /// Number of targets `n` (rows).
    pub targets: usize,
    /// The two-way ANOVA's mean squares the coefficients (and their intervals) come from.
    pub mean_squares: MeanSquares,
}

/// Mean squares of the two-way ANOVA behind the ICC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanSquares {
    /// Between targets (rows), BMS.
    pub rows: f64,
    /// Between raters (columns), JMS.
    pub columns: f64,
    /// Residual, EMS.
    pub error: f64,
}

/// The coincidence matrix of Krippendorff (2011) over the distinct pairable values.
struct Coincidences {
    /// Distinct pairable values, ascending; index `c` in `matrix` and `marginals` refers to `values[c]`.
    values: Vec<f64>,
    /// Row-major `values.len()` x `values.len()` matrix `o_ck`.
    matrix: Vec<f64>,
    units: usize,
    pairable_units: usize,
    pairable_values: usize,
    /// Whether the ratings of units rated once differ from the paired ones or each other.
    unpaired_vary: bool,
}

/// The distinct values of the pairable units, ascending: the rows and columns of the coincidence
/// matrix.
pub(crate) fn distinct_values(pairable: &[Vec<f64>]) -> Vec<f64> {
    let mut values: Vec<f64> = pairable.iter().flatten().copied().collect();
    values.sort_by(f64::total_cmp);
    values.dedup_by(|a, b| a.total_cmp(b).is_eq());
    values
}

/// The row of `value` in the coincidence matrix. Every pairable value is in `values`, so the
/// search always succeeds; the default only avoids a panic path.
pub(crate) fn value_index(values: &[f64], value: f64) -> usize {
    values
        .binary_search_by(|probe| probe.total_cmp(&value))
        .unwrap_or_default()
}

fn coincidences(units: &[Vec<Option<f64>>]) -> Result<Coincidences, Undefined> {
    let width = units.iter().map(Vec::len).max().unwrap_or(0);
    let mut rater_seen = vec![false; width];
    let mut unit_count = 0;
    let mut pairable: Vec<Vec<f64>> = Vec::new();
    let mut unpaired: Vec<f64> = Vec::new();
    for row in units {
        let mut present = Vec::with_capacity(row.len());
        for (column, cell) in row.iter().enumerate() {
            if let Some(value) = *cell {
                if !value.is_finite() {
                    return Err(Undefined::NonFinite);
                }
                rater_seen[column] = true;
                // Adding +0.0 turns -0.0 into +0.0, so the two zeros count as one value
                // under the total ordering used below.
                present.push(value + 0.0);
            }
        }
        if !present.is_empty() {
            unit_count += 1;
        }
        if present.len() >= 2 {
            pairable.push(present);
        } else {
            unpaired.extend(present);
        }
    }
    let raters = rater_seen.iter().filter(|seen| **seen).count();
    if unit_count == 0 {
        return Err(Undefined::NoRatings);
    }
    if raters < 2 {
        return Err(Undefined::NotEnoughRaters);
    }
    if pairable.is_empty() {
        return Err(Undefined::NoPairableUnits);
    }

    let values = distinct_values(&pairable);
    let size = values.len();
    let index_of = |value: f64| value_index(&values, value);

    let mut matrix = vec![0.0; size * size];
    let mut pairable_values = 0;
    for unit in &pairable {
        let m = unit.len();
        pairable_values += m;
        let mut indices: Vec<usize> = unit.iter().map(|&v| index_of(v)).collect();
        indices.sort_unstable();
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for index in indices {
            match tally.last_mut() {
                Some((last, count)) if *last == index => *count += 1,
                _ => tally.push((index, 1)),
            }
        }
        // Each of the m values is paired with the m - 1 others; weighting by 1/(m - 1)
        // makes every pairable value contribute exactly 1 to the matrix.
        let weight = 1.0 / (m - 1) as f64;
        for &(c, n_c) in &tally {
            for &(k, n_k) in &tally {
                let pairs = if c == k { n_c * (n_k - 1) } else { n_c * n_k };
                matrix[c * size + k] += pairs as f64 * weight;
            }
        }
    }

    let unpaired_vary = unpaired.iter().any(|v| {
        values
            .first()
            .is_some_and(|first| v.total_cmp(first).is_ne())
    });
    Ok(Coincidences {
        values,
        matrix,
        unpaired_vary,
        units: unit_count,
        pairable_units: pairable.len(),
        pairable_values,
    })
}

/// Squared difference `δ²_ck` between the `c`-th and `k`-th distinct values, given the values'
/// marginals `n_c` and their prefix sums (`prefix[i] = n_0 + ... + n_{i-1}`).
fn delta_squared(
    metric: Metric,
    values: &[f64],
    marginals: &[f64],
    prefix: &[f64],
    c: usize,
    k: usize,
) -> f64 {
    if c == k {
        return 0.0;
    }
    match metric {
        Metric::Nominal => 1.0,
        Metric::Interval => (values[c] - values[k]).powi(2),
        Metric::Ordinal => {
            let (low, high) = if c < k { (c, k) } else { (k, c) };
            // The sum of n_g for g in low..=high.
            let between = prefix[high + 1] - prefix[low];
            (between - f64::midpoint(marginals[c], marginals[k])).powi(2)
        }
    }
}

/// Alpha from a coincidence matrix over `values` (ascending; row-major `values.len()` squared),
/// or None when the expected disagreement is zero. Values whose marginal is zero take no part,
/// so a bootstrap resample can reuse the full sample's value list.
pub(crate) fn alpha_from_coincidences(
    values: &[f64],
    matrix: &[f64],
    metric: Metric,
) -> Option<f64> {
    let size = values.len();
    let marginals: Vec<f64> = matrix
        .chunks(size.max(1))
        .map(|row| row.iter().sum())
        .collect();
    let mut prefix = Vec::with_capacity(size + 1);
    prefix.push(0.0);
    for (i, n_g) in marginals.iter().enumerate() {
        prefix.push(prefix[i] + n_g);
    }
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..size {
        for k in 0..size {
            let d2 = delta_squared(metric, values, &marginals, &prefix, c, k);
            observed += matrix[c * size + k] * d2;
            expected += marginals[c] * marginals[k] * d2;
        }
    }
    let n: f64 = marginals.iter().sum();
    let value = 1.0 - (n - 1.0) * observed / expected;
    // Distinct values give a strictly positive expected disagreement in exact
    // arithmetic; this only catches underflow on absurdly close values.
    (expected > 0.0 && value.is_finite()).then_some(value)
}

/// Krippendorff's alpha over a reliability-data matrix: one row per unit, one column per coder, None = missing.
///
/// Follows "Computing Krippendorff's Alpha-Reliability" (2011) via the coincidence
/// matrix. Rows with fewer than two ratings are not pairable and are left out of the
/// coefficient (but counted in [`Alpha::units`]). Values are compared exactly and may
/// be any finite numbers; ordinal ranks come from the distinct values present, in
/// numeric order. Rows may have different lengths; a missing trailing cell is missing data.
///
/// # Errors
///
/// [`Undefined::NoRatings`] if there is no rating, [`Undefined::NonFinite`] if a rating
/// is NaN or infinite, [`Undefined::NotEnoughRaters`] if at most one column holds
/// ratings, [`Undefined::NoPairableUnits`] if no row has two ratings, and
/// [`Undefined::NoVariation`] if all pairable ratings are equal.
pub fn krippendorff_alpha(units: &[Vec<Option<f64>>], metric: Metric) -> Result<Alpha, Undefined> {
    let co = coincidences(units)?;
    if co.values.len() < 2 {
        return Err(if co.unpaired_vary {
            Undefined::NoPairedVariation
        } else {
            Undefined::NoVariation
        });
    }
    let value =
        alpha_from_coincidences(&co.values, &co.matrix, metric).ok_or(Undefined::NoVariation)?;
    Ok(Alpha {
        value,
        units: co.units,
        pairable_units: co.pairable_units,
        pairable_values: co.pairable_values,
    })
}

/// ICC(2,1) and ICC(2,k) of Shrout & Fleiss (1979): two-way random effects, absolute agreement.
/// `ratings`: one row per target, each with exactly k ratings in the same rater order.
///
/// # Errors
///
/// [`Undefined::NoRatings`] for no rows, [`Undefined::NonFinite`] for a NaN or infinite
/// rating, [`Undefined::UnevenRaters`] if rows differ in length,
/// [`Undefined::NotEnoughRaters`] if `k < 2`, [`Undefined::TooFewUnits`] if `n < 2`,
/// [`Undefined::NoVariation`] if every rating is equal, and [`Undefined::Degenerate`]
/// if a denominator is zero for any other reason.
pub fn icc_two_way_random(ratings: &[Vec<f64>]) -> Result<Icc, Undefined> {
    let Some(first) = ratings.first() else {
        return Err(Undefined::NoRatings);
    };
    if ratings.iter().flatten().any(|x| !x.is_finite()) {
        return Err(Undefined::NonFinite);
    }
    let k = first.len();
    if ratings.iter().any(|row| row.len() != k) {
        return Err(Undefined::UnevenRaters);
    }
    if k < 2 {
        return Err(Undefined::NotEnoughRaters);
    }
    let n = ratings.len();
    if n < 2 {
        return Err(Undefined::TooFewUnits);
    }
    if ratings
        .iter()
        .flatten()
        .all(|x| x.total_cmp(&first[0]).is_eq())
    {
        return Err(Undefined::NoVariation);
    }

    let (nf, kf) = (n as f64, k as f64);
    let row_means: Vec<f64> = ratings
        .iter()
        .map(|row| row.iter().sum::<f64>() / kf)
        .collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| ratings.iter().map(|row| row[j]).sum::<f64>() / nf)
        .collect();
    let grand = row_means.iter().sum::<f64>() / nf;

    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    // Summing squared residuals directly (instead of SST - SSR - SSC) keeps the
    // error sum of squares non-negative despite rounding.
    let ss_error: f64 = ratings
        .iter()
        .zip(&row_means)
        .flat_map(|(row, rm)| {
            row.iter()
                .zip(&col_means)
                .map(move |(x, cm)| (x - rm - cm + grand).powi(2))
        })
        .sum();

    let bms = ss_rows / (nf - 1.0);
    let jms = ss_cols / (kf - 1.0);
    let ems = ss_error / ((nf - 1.0) * (kf - 1.0));

    let single_den = bms + (kf - 1.0) * ems + kf * (jms - ems) / nf;
    let average_den = bms + (jms - ems) / nf;
    // Rounding can leave a few ulps where the exact denominator is zero (e.g. a 2x2
    // table with equal row and column means), so compare against the data's scale.
    let tolerance = 1e-12 * (bms + jms + ems);
    if single_den.abs() <= tolerance || average_den.abs() <= tolerance {
        return Err(Undefined::Degenerate);
    }
    let single = (bms - ems) / single_den;
    let average = (bms - ems) / average_den;
    if !single.is_finite() || !average.is_finite() {
        return Err(Undefined::Degenerate);
    }
    Ok(Icc {
        single,
        average,
        raters: k,
        targets: n,
        mean_squares: MeanSquares {
            rows: bms,
            columns: jms,
            error: ems,
        },
    })
}

#[cfg(test)]
#[path = "agreement_tests.rs"]
mod tests;
