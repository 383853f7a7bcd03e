//! A 95% percentile bootstrap interval for Krippendorff's alpha, resampling units (rows).
//!
//! Alpha depends on the data only through the coincidence matrix, which is a sum of one
//! contribution per pairable unit. So each unit's contribution is computed once, units with
//! the same multiset of values share one contribution (a panel on a 1-4 scale has a few dozen
//! such patterns however many units it has), and a resample only counts how often each pattern
//! was drawn and adds up the patterns' matrices: no resample touches the raw ratings again.
//! Resamples run in parallel, each with its own seeded stream, so the interval is the same for
//! the same data on any number of threads.

use std::collections::HashMap;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use rayon::prelude::*;

use super::agreement::{self, Metric, alpha_from_coincidences};

/// Resamples drawn: 1,000, the usual floor for a percentile interval (Efron & Tibshirani 1993),
/// whose endpoints then move by well under the third decimal from one seed to another on panels
/// of realistic size. Each resample costs one random draw per pairable unit, so this keeps the
/// bootstrap to about a tenth of `calibrate`'s time on a 10,000-candidate workspace.
pub const RESAMPLES: u32 = 1_000;

/// Fixed, so the same workspace always gives the same interval.
const SEED: u64 = 0x5C0E_CA2D_A1FA_0001;

/// The intervals of interval and ordinal alpha; None where fewer than 2 units are pairable or
/// too few resamples define alpha (every resampled rating equal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlphaIntervals {
    pub interval: Option<[f64; 2]>,
    pub ordinal: Option<[f64; 2]>,
}

/// Units grouped by pattern, with each pattern's coincidence contribution.
struct Patterns {
    /// Distinct pairable values, ascending.
    values: Vec<f64>,
    /// Per pattern: sparse (row-major cell, weight) contributions to the coincidence matrix.
    contributions: Vec<Vec<(usize, f64)>>,
    /// The pattern of each pairable unit, in unit order.
    unit_pattern: Vec<u32>,
}

fn patterns(units: &[Vec<Option<f64>>]) -> Patterns {
    let pairable: Vec<Vec<f64>> = units
        .iter()
        .map(|row| {
            let mut present: Vec<f64> = row.iter().flatten().map(|v| v + 0.0).collect();
            present.sort_by(f64::total_cmp);
            present
        })
        .filter(|present| present.len() >= 2)
        .collect();
    let values = agreement::distinct_values(&pairable);
    let size = values.len();
    let index_of = |value: f64| agreement::value_index(&values, value);
    let mut known: HashMap<Vec<u64>, u32> = HashMap::new();
    let mut contributions: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut unit_pattern = Vec::with_capacity(pairable.len());
    for unit in &pairable {
        let key: Vec<u64> = unit.iter().map(|v| v.to_bits()).collect();
        let next = u32::try_from(contributions.len()).unwrap_or(u32::MAX);
        let pattern = *known.entry(key).or_insert_with(|| {
            // Each of the m values pairs with the m - 1 others, weighted 1/(m - 1)
            // (Krippendorff 2011), so every pairable value adds exactly 1 to the matrix.
            let weight = 1.0 / (unit.len() - 1) as f64;
            let mut cells: HashMap<usize, f64> = HashMap::new();
            for (i, a) in unit.iter().enumerate() {
                for (j, b) in unit.iter().enumerate() {
                    if i != j {
                        *cells.entry(index_of(*a) * size + index_of(*b)).or_default() += weight;
                    }
                }
            }
            let mut cells: Vec<(usize, f64)> = cells.into_iter().collect();
            cells.sort_by_key(|(cell, _)| *cell);
            contributions.push(cells);
            next
        });
        unit_pattern.push(pattern);
    }
    Patterns {
        values,
        contributions,
        unit_pattern,
    }
}

/// The bootstrap intervals over `units` (one row per unit, one column per rater), from
/// `resamples` resamples of the pairable units.
#[must_use]
pub fn alpha_intervals(units: &[Vec<Option<f64>>], resamples: usize) -> AlphaIntervals {
    let none = AlphaIntervals {
        interval: None,
        ordinal: None,
    };
    let patterns = patterns(units);
    let count = patterns.unit_pattern.len();
    if count < 2 || resamples == 0 {
        return none;
    }
    let size = patterns.values.len();
    let draws: Vec<(Option<f64>, Option<f64>)> = (0..resamples)
        .into_par_iter()
        .map(|resample| {
            let mut rng = ChaCha8Rng::seed_from_u64(SEED);
            rng.set_stream(resample as u64);
            let mut drawn = vec![0u32; patterns.contributions.len()];
            for _ in 0..count {
                // Multiply-shift maps 32 random bits onto 0..count; its bias, below
                // count / 2^32, is far under the bootstrap's own noise.
                let unit = (u64::from(rng.next_u32()) * count as u64) >> 32;
                drawn[patterns.unit_pattern[usize::try_from(unit).unwrap_or(0)] as usize] += 1;
            }
            let mut matrix = vec![0.0; size * size];
            for (pattern, times) in drawn.iter().enumerate() {
                if *times > 0 {
                    for (cell, weight) in &patterns.contributions[pattern] {
                        matrix[*cell] += weight * f64::from(*times);
                    }
                }
            }
            (
                alpha_from_coincidences(&patterns.values, &matrix, Metric::Interval),
                alpha_from_coincidences(&patterns.values, &matrix, Metric::Ordinal),
            )
        })
        .collect();
    let interval: Vec<f64> = draws.iter().filter_map(|d| d.0).collect();
    let ordinal: Vec<f64> = draws.iter().filter_map(|d| d.1).collect();
    // Resamples where alpha is undefined (all drawn ratings equal) are left out; when they are
    // the majority the interval would describe a different population, so there is none.
    let enough = |defined: &[f64]| defined.len() * 2 > resamples;
    AlphaIntervals {
        interval: enough(&interval).then(|| percentile_interval(interval)),
        ordinal: enough(&ordinal).then(|| percentile_interval(ordinal)),
    }
}

/// The 2.5th and 97.5th percentiles (linear interpolation between order statistics).
fn percentile_interval(mut values: Vec<f64>) -> [f64; 2] {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let position = q * (values.len() - 1) as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let low = position.floor() as usize;
        let high = (low + 1).min(values.len() - 1);
        let fraction = position - low as f64;
        values[low] + (values[high] - values[low]) * fraction
    };
    [at(0.025), at(0.975)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::agreement::krippendorff_alpha;

    /// Krippendorff (2011), section C: four observers, twelve units, by unit.
    fn four_observers() -> Vec<Vec<Option<f64>>> {
        let observers = [
            "1 2 3 3 2 1 4 1 2 . . .",
            "1 2 3 3 2 2 4 1 2 5 . 3",
            ". 3 3 3 2 3 4 2 2 5 1 .",
            "1 2 3 3 2 4 4 1 2 5 1 .",
        ];
        let rows: Vec<Vec<Option<f64>>> = observers
            .iter()
            .map(|line| line.split_whitespace().map(|c| c.parse().ok()).collect())
            .collect();
        (0..12)
            .map(|u| rows.iter().map(|r| r[u]).collect())
            .collect()
    }

    #[test]
    fn pattern_contributions_add_up_to_the_full_coincidence_matrix() {
        // Resampling every unit exactly once must give alpha itself.
        let data = four_observers();
        let patterns = patterns(&data);
        let size = patterns.values.len();
        let mut matrix = vec![0.0; size * size];
        for pattern in &patterns.unit_pattern {
            for (cell, weight) in &patterns.contributions[*pattern as usize] {
                matrix[*cell] += weight;
            }
        }
        for metric in [Metric::Interval, Metric::Ordinal] {
            let full = krippendorff_alpha(&data, metric).expect("defined").value;
            let summed =
                alpha_from_coincidences(&patterns.values, &matrix, metric).expect("defined");
            assert!(
                (full - summed).abs() < 1e-12,
                "{metric:?}: {full} vs {summed}"
            );
        }
        assert_eq!(patterns.unit_pattern.len(), 11);
    }

    #[test]
    fn the_interval_is_reproducible_and_brackets_alpha() {
        let data = four_observers();
        let first = alpha_intervals(&data, 500);
        assert_eq!(first, alpha_intervals(&data, 500));
        let [low, high] = first.interval.expect("defined");
        let alpha = krippendorff_alpha(&data, Metric::Interval)
            .expect("defined")
            .value;
        assert!(low < alpha && alpha <= high, "{low} {alpha} {high}");
        assert!(high <= 1.0);
        assert!(first.ordinal.is_some());
    }

    #[test]
    fn fewer_than_two_pairable_units_give_no_interval() {
        let one = vec![vec![Some(1.0), Some(3.0)], vec![Some(2.0), None]];
        assert_eq!(
            alpha_intervals(&one, 100),
            AlphaIntervals {
                interval: None,
                ordinal: None
            }
        );
    }
}
