//! Interviewer leniency: how far each interviewer's scores sit above or below
//! their co-interviewers' on the same units, and scores corrected for it.
//!
//! Leniency of a rater is the mean, over units rated by two or more raters, of
//! (their score - the mean of the other raters' scores on that unit). Positive
//! means lenient, negative means harsh.

use std::collections::BTreeMap;

/// One rating: who gave it, on which unit, which score.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating<R, U> {
    /// The interviewer who gave the score.
    pub rater: R,
    /// What was rated; opaque, in practice a (candidate, question) pair.
    pub unit: U,
    /// The score given.
    pub score: f64,
}

/// A rater's leniency and the number of units it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Leniency<R> {
    /// The interviewer.
    pub rater: R,
    /// Mean excess over co-raters; `None` if the rater shares no unit with another rater.
    pub value: Option<f64>,
    /// Units this rater scored together with at least one other rater.
    pub shared_units: usize,
}

/// Leniency per rater, sorted by rater. value is None where the rater shares no unit with another rater.
///
/// If the same rater rates the same unit more than once, the mean of those scores is
/// their score for that unit, so repeated ratings neither count as extra co-raters
/// nor weigh the unit more heavily. Scores that are NaN or infinite are ignored, so
/// a stray bad value cannot turn every leniency into NaN; a rater whose scores are
/// all ignored does not appear in the result.
#[must_use]
pub fn leniency<R: Ord + Clone, U: Ord + Clone>(ratings: &[Rating<R, U>]) -> Vec<Leniency<R>> {
    // (sum, count) per rater within each unit, so duplicates can be averaged.
    let mut by_unit: BTreeMap<&U, BTreeMap<&R, (f64, usize)>> = BTreeMap::new();
    // (sum of differences, shared units) per rater.
    let mut totals: BTreeMap<&R, (f64, usize)> = BTreeMap::new();
    for rating in ratings.iter().filter(|r| r.score.is_finite()) {
        let cell = by_unit
            .entry(&rating.unit)
            .or_default()
            .entry(&rating.rater)
            .or_insert((0.0, 0));
        cell.0 += rating.score;
        cell.1 += 1;
        totals.entry(&rating.rater).or_insert((0.0, 0));
    }

    for raters in by_unit.values() {
        if raters.len() < 2 {
            continue;
        }
        let means: Vec<(&R, f64)> = raters
            .iter()
            .map(|(rater, (sum, count))| (*rater, sum / *count as f64))
            .collect();
        let unit_sum: f64 = means.iter().map(|(_, mean)| mean).sum();
        let others = (means.len() - 1) as f64;
        for (rater, mean) in means {
            let others_mean = (unit_sum - mean) / others;
            let total = totals.entry(rater).or_insert((0.0, 0));
            total.0 += mean - others_mean;
            total.1 += 1;
        }
    }

    totals
        .into_iter()
        .map(|(rater, (sum, shared_units))| Leniency {
            rater: rater.clone(),
            value: (shared_units > 0).then(|| sum / shared_units as f64),
            shared_units,
        })
        .collect()
}

/// Each rater's offsets, one per unit they share with another rater: their score minus the mean
/// of the other raters' scores on that unit (repeated ratings of a unit averaged first, as in
/// [`leniency`], whose value is the mean of these offsets).
#[must_use]
pub fn unit_offsets<R: Ord + Clone, U: Ord + Clone>(
    ratings: &[Rating<R, U>],
) -> BTreeMap<R, Vec<f64>> {
    let mut by_unit: BTreeMap<&U, BTreeMap<&R, (f64, usize)>> = BTreeMap::new();
    for rating in ratings.iter().filter(|r| r.score.is_finite()) {
        let cell = by_unit
            .entry(&rating.unit)
            .or_default()
            .entry(&rating.rater)
            .or_insert((0.0, 0));
        cell.0 += rating.score;
        cell.1 += 1;
    }
    let mut offsets: BTreeMap<R, Vec<f64>> = BTreeMap::new();
    for raters in by_unit.values().filter(|raters| raters.len() >= 2) {
        let means: Vec<(&R, f64)> = raters
            .iter()
            .map(|(rater, (sum, count))| (*rater, sum / *count as f64))
            .collect();
        let unit_sum: f64 = means.iter().map(|(_, mean)| mean).sum();
        let others = (means.len() - 1) as f64;
        for (rater, mean) in means {
            let others_mean = (unit_sum - mean) / others;
            offsets
                .entry(rater.clone())
                .or_default()
                .push(mean - others_mean);
        }
    }
    offsets
}

/// A 95% interval for a leniency from its per-unit offsets: mean ± 1.96 · sd / √n, with the
/// sample standard deviation (n - 1). The normal approximation treats units as independent,
/// which they are not quite (one candidate's questions share the candidate), so the interval
/// is a reading aid, not a test. None below 2 offsets, where there is no spread to measure.
#[must_use]
pub fn interval(offsets: &[f64]) -> Option<(f64, f64)> {
    let n = offsets.len();
    if n < 2 || offsets.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let count = n as f64;
    let mean = offsets.iter().sum::<f64>() / count;
    let variance = offsets.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (count - 1.0);
    let half = 1.96 * variance.sqrt() / count.sqrt();
    Some((mean - half, mean + half))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores with each rater's leniency subtracted, as a correction by these figures gives
    /// (raters with None leniency are left as they are).
    ///
    /// The output has one rating per input rating, in the same order. Raters missing from
    /// `leniency` are also left as they are; if a rater appears there more than once, the
    /// last entry wins.
    fn normalized<R: Ord + Clone, U: Clone>(
        ratings: &[Rating<R, U>],
        leniency: &[Leniency<R>],
    ) -> Vec<Rating<R, U>> {
        let offsets: BTreeMap<&R, f64> = leniency
            .iter()
            .filter_map(|l| l.value.map(|value| (&l.rater, value)))
            .collect();
        ratings
            .iter()
            .map(|rating| Rating {
                rater: rating.rater.clone(),
                unit: rating.unit.clone(),
                score: rating.score - offsets.get(&rating.rater).copied().unwrap_or(0.0),
            })
            .collect()
    }

    #[test]
    fn interval_is_the_mean_plus_or_minus_1_96_standard_errors() {
        // Offsets 1, 2, 3, 4, 5: mean 3, sample sd sqrt(2.5) = 1.5811, se 0.7071.
        let (low, high) = interval(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!((low - 1.614).abs() < 5e-4, "{low}");
        assert!((high - 4.386).abs() < 5e-4, "{high}");
        // No spread: the interval is the point.
        assert_eq!(interval(&[0.5, 0.5]), Some((0.5, 0.5)));
        assert_eq!(interval(&[1.0]), None);
        assert_eq!(interval(&[]), None);
        assert_eq!(interval(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn unit_offsets_average_to_the_leniency() {
        let ratings = [
            rating("a", 1, 4.0),
            rating("b", 1, 2.0),
            rating("c", 1, 3.0),
            rating("a", 2, 3.0),
            rating("b", 2, 3.0),
            rating("a", 3, 1.0),
        ];
        let offsets = unit_offsets(&ratings);
        // On unit 1, a is 4 - mean(2, 3) = 1.5 above; on unit 2, 3 - 3 = 0; unit 3 has one rater.
        assert_eq!(offsets["a"], vec![1.5, 0.0]);
        assert_eq!(offsets["c"], vec![0.0]);
        for l in leniency(&ratings) {
            let own = &offsets[l.rater];
            let mean = own.iter().sum::<f64>() / own.len() as f64;
            assert!((l.value.unwrap() - mean).abs() < 1e-12);
        }
    }

    fn rating(rater: &'static str, unit: u32, score: f64) -> Rating<&'static str, u32> {
        Rating { rater, unit, score }
    }

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    fn value_of(result: &[Leniency<&str>], rater: &str) -> Option<f64> {
        result
            .iter()
            .find(|l| l.rater == rater)
            .and_then(|l| l.value)
    }

    #[test]
    fn hand_worked_example() {
        // unit 1: ann 3, bob 2, cat 4 -> ann 3 - (2+4)/2 = 0, bob 2 - (3+4)/2 = -1.5, cat 4 - (3+2)/2 = 1.5
        // unit 2: ann 2, bob 2        -> ann 0, bob 0
        // unit 3: bob 1, cat 3        -> bob -2, cat 2
        // unit 4: ann 4 alone         -> ignored
        // ann = (0 + 0) / 2 = 0; bob = (-1.5 + 0 - 2) / 3 = -7/6; cat = (1.5 + 2) / 2 = 1.75
        let ratings = [
            rating("ann", 1, 3.0),
            rating("bob", 1, 2.0),
            rating("cat", 1, 4.0),
            rating("ann", 2, 2.0),
            rating("bob", 2, 2.0),
            rating("bob", 3, 1.0),
            rating("cat", 3, 3.0),
            rating("ann", 4, 4.0),
        ];
        let result = leniency(&ratings);
        let raters: Vec<&str> = result.iter().map(|l| l.rater).collect();
        assert_eq!(raters, ["ann", "bob", "cat"]);
        let shared: Vec<usize> = result.iter().map(|l| l.shared_units).collect();
        assert_eq!(shared, [2, 3, 2]);
        assert!(close(value_of(&result, "ann").unwrap(), 0.0));
        assert!(close(value_of(&result, "bob").unwrap(), -7.0 / 6.0));
        assert!(close(value_of(&result, "cat").unwrap(), 1.75));
    }

    /// `a` equals `b` and `c` is one point higher on every unit.
    fn planted() -> Vec<Rating<&'static str, u32>> {
        [1.0, 2.0, 3.0, 2.0, 1.0]
            .into_iter()
            .zip(1..)
            .flat_map(|(b, unit)| {
                [
                    rating("a", unit, b),
                    rating("b", unit, b),
                    rating("c", unit, b + 1.0),
                ]
            })
            .collect()
    }

    fn spread_per_unit(ratings: &[Rating<&str, u32>]) -> BTreeMap<u32, f64> {
        let mut ranges: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
        for r in ratings {
            let range = ranges.entry(r.unit).or_insert((r.score, r.score));
            range.0 = range.0.min(r.score);
            range.1 = range.1.max(r.score);
        }
        ranges
            .into_iter()
            .map(|(unit, (low, high))| (unit, high - low))
            .collect()
    }

    #[test]
    fn planted_lenient_rater_is_found_and_corrected() {
        // c: (b + 1) - (b + b) / 2 = +1; a: b - (b + (b + 1)) / 2 = -0.5; b likewise -0.5.
        let ratings = planted();
        let result = leniency(&ratings);
        assert!(close(value_of(&result, "a").unwrap(), -0.5));
        assert!(close(value_of(&result, "b").unwrap(), -0.5));
        assert!(close(value_of(&result, "c").unwrap(), 1.0));
        assert!(result.iter().all(|l| l.shared_units == 5));

        // After correction a and b sit at b + 0.5 and c at b, so every unit's
        // range shrinks from 1 to 0.5.
        let corrected = normalized(&ratings, &result);
        assert_eq!(corrected.len(), ratings.len());
        let before = spread_per_unit(&ratings);
        let after = spread_per_unit(&corrected);
        for (unit, spread) in &after {
            assert!(close(before[unit], 1.0));
            assert!(close(*spread, 0.5), "unit {unit}: {spread}");
        }
    }

    #[test]
    fn rater_without_shared_unit_gets_none_and_is_not_normalized() {
        let mut ratings = planted();
        ratings.push(rating("dan", 99, 4.0));
        let result = leniency(&ratings);
        let dan = result.iter().find(|l| l.rater == "dan").unwrap();
        assert_eq!(dan.value, None);
        assert_eq!(dan.shared_units, 0);
        // dan's lone unit must not change anyone else's figures.
        assert!(close(value_of(&result, "c").unwrap(), 1.0));
        let corrected = normalized(&ratings, &result);
        assert_eq!(corrected.last(), Some(&rating("dan", 99, 4.0)));
    }

    #[test]
    fn single_rater_units_are_ignored() {
        let ratings = [rating("ann", 1, 4.0), rating("bob", 2, 1.0)];
        let result = leniency(&ratings);
        assert_eq!(result.len(), 2);
        assert!(
            result
                .iter()
                .all(|l| l.value.is_none() && l.shared_units == 0)
        );
        assert_eq!(normalized(&ratings, &result), ratings);
    }

    #[test]
    fn repeated_ratings_are_averaged() {
        // ann's two scores on unit 1 count as their mean, 3: ann = 3 - 1 = 2, bob = -2.
        let ratings = [
            rating("ann", 1, 2.0),
            rating("ann", 1, 4.0),
            rating("bob", 1, 1.0),
        ];
        let result = leniency(&ratings);
        assert_eq!(result[0].shared_units, 1);
        assert!(close(value_of(&result, "ann").unwrap(), 2.0));
        assert!(close(value_of(&result, "bob").unwrap(), -2.0));
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let empty: [Rating<&str, u32>; 0] = [];
        assert!(leniency(&empty).is_empty());
        assert!(normalized(&empty, &[]).is_empty());

        let with_nan = [
            rating("ann", 1, f64::NAN),
            rating("ann", 2, 3.0),
            rating("bob", 2, 2.0),
        ];
        let result = leniency(&with_nan);
        assert!(close(value_of(&result, "ann").unwrap(), 1.0));
        assert!(result.iter().all(|l| l.value.is_some_and(f64::is_finite)));
    }
}
