//! Tests of the agreement figures (Krippendorff's alpha, ICC) against published worked examples
//! and on planted data.

use super::*;

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 0.0005
}

/// Parses one observer's line of a reliability table; `.` marks a missing value.
fn observer(line: &str) -> Vec<Option<f64>> {
    line.split_whitespace()
        .map(|cell| cell.parse().ok())
        .collect()
}

/// Transposes observer rows into the unit-per-row layout the API takes.
fn by_unit(observers: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    let units = observers[0].len();
    (0..units)
        .map(|u| observers.iter().map(|o| o[u]).collect())
        .collect()
}

/// Krippendorff (2011), section C: four observers, twelve units, values 1..5, missing data.
fn four_observers() -> Vec<Vec<Option<f64>>> {
    by_unit(&[
        observer("1 2 3 3 2 1 4 1 2 . . ."),
        observer("1 2 3 3 2 2 4 1 2 5 . 3"),
        observer(". 3 3 3 2 3 4 2 2 5 1 ."),
        observer("1 2 3 3 2 4 4 1 2 5 1 ."),
    ])
}

#[test]
fn four_observer_coincidence_matrix_matches_paper() {
    let co = coincidences(&four_observers()).expect("defined");
    assert_eq!(co.values, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(co.pairable_values, 40);
    assert_eq!(co.pairable_units, 11);
    assert_eq!(co.units, 12);
    let third = 1.0 / 3.0;
    let published = [
        [7.0, 4.0 * third, third, third, 0.0],
        [4.0 * third, 10.0, 4.0 * third, third, 0.0],
        [third, 4.0 * third, 8.0, third, 0.0],
        [third, third, third, 4.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 3.0],
    ];
    for (c, row) in published.iter().enumerate() {
        for (k, expected) in row.iter().enumerate() {
            assert!(close(co.matrix[c * 5 + k], *expected), "o[{c}][{k}]");
        }
    }
    let marginals = co.matrix.chunks(5).map(|row| row.iter().sum::<f64>());
    for (actual, expected) in marginals.zip([9.0, 13.0, 10.0, 5.0, 3.0]) {
        assert!(close(actual, expected));
    }
}

#[test]
fn four_observer_alphas_match_paper() {
    let data = four_observers();
    let nominal = krippendorff_alpha(&data, Metric::Nominal).expect("defined");
    let ordinal = krippendorff_alpha(&data, Metric::Ordinal).expect("defined");
    let interval = krippendorff_alpha(&data, Metric::Interval).expect("defined");
    assert!(close(nominal.value, 0.743), "{}", nominal.value);
    assert!(close(ordinal.value, 0.815), "{}", ordinal.value);
    assert!(close(interval.value, 0.849), "{}", interval.value);
    assert_eq!(nominal.units, 12);
    assert_eq!(nominal.pairable_units, 11);
    assert_eq!(nominal.pairable_values, 40);
}

#[test]
fn binary_two_observer_alpha_matches_paper() {
    let data = by_unit(&[
        observer("0 1 0 0 0 0 0 0 1 0"),
        observer("1 1 1 0 0 1 0 0 0 0"),
    ]);
    let alpha = krippendorff_alpha(&data, Metric::Nominal).expect("defined");
    assert!(close(alpha.value, 0.095), "{}", alpha.value);
    assert_eq!(alpha.pairable_values, 20);
}

#[test]
fn alpha_does_not_assume_integer_values() {
    // Same structure as the binary example with the categories relabelled:
    // nominal alpha only cares about equality, so it must not change.
    let data = by_unit(&[
        observer("-0.5 7.25 -0.5 -0.5 -0.5 -0.5 -0.5 -0.5 7.25 -0.5"),
        observer("7.25 7.25 7.25 -0.5 -0.5 7.25 -0.5 -0.5 -0.5 -0.5"),
    ]);
    let alpha = krippendorff_alpha(&data, Metric::Nominal).expect("defined");
    assert!(close(alpha.value, 0.095));
}

#[test]
fn perfect_agreement_is_one() {
    let data = by_unit(&[observer("1 2 3 4"), observer("1 2 3 4")]);
    for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval] {
        let alpha = krippendorff_alpha(&data, metric).expect("defined");
        assert!(close(alpha.value, 1.0));
    }
}

#[test]
fn alpha_edge_cases_are_undefined() {
    let metric = Metric::Interval;
    assert_eq!(krippendorff_alpha(&[], metric), Err(Undefined::NoRatings));
    assert_eq!(
        krippendorff_alpha(&[vec![None, None], vec![]], metric),
        Err(Undefined::NoRatings)
    );
    let single_ratings = by_unit(&[observer("1 . 3"), observer(". 2 .")]);
    assert_eq!(
        krippendorff_alpha(&single_ratings, metric),
        Err(Undefined::NoPairableUnits)
    );
    let all_equal = by_unit(&[observer("3 3 3"), observer("3 3 .")]);
    assert_eq!(
        krippendorff_alpha(&all_equal, metric),
        Err(Undefined::NoVariation)
    );
    // The paired ratings agree, the unit rated once does not: say which ones are the same.
    let paired_equal = by_unit(&[observer("3 3 1"), observer("3 3 .")]);
    assert_eq!(
        krippendorff_alpha(&paired_equal, metric),
        Err(Undefined::NoPairedVariation)
    );
    let single_rater = by_unit(&[observer("1 2 3 4")]);
    assert_eq!(
        krippendorff_alpha(&single_rater, metric),
        Err(Undefined::NotEnoughRaters)
    );
    let with_nan = vec![vec![Some(1.0), Some(f64::NAN)]];
    assert_eq!(
        krippendorff_alpha(&with_nan, metric),
        Err(Undefined::NonFinite)
    );
}

#[test]
fn signed_zeros_are_one_value() {
    let data = vec![
        vec![Some(0.0), Some(-0.0)],
        vec![Some(1.0), Some(1.0)],
        vec![Some(-0.0), Some(-0.0)],
    ];
    let alpha = krippendorff_alpha(&data, Metric::Nominal).expect("defined");
    assert!(close(alpha.value, 1.0));
}

/// Shrout & Fleiss (1979), Table 2: six targets, four judges.
fn shrout_fleiss() -> Vec<Vec<f64>> {
    vec![
        vec![9.0, 2.0, 5.0, 8.0],
        vec![6.0, 1.0, 3.0, 2.0],
        vec![8.0, 4.0, 6.0, 8.0],
        vec![7.0, 1.0, 2.0, 6.0],
        vec![10.0, 5.0, 6.0, 9.0],
        vec![6.0, 2.0, 4.0, 7.0],
    ]
}

#[test]
fn icc_matches_shrout_fleiss_table() {
    let icc = icc_two_way_random(&shrout_fleiss()).expect("defined");
    assert!(close(icc.single, 0.290), "{}", icc.single);
    assert!(close(icc.average, 0.620), "{}", icc.average);
    assert_eq!(icc.raters, 4);
    assert_eq!(icc.targets, 6);
}

#[test]
fn icc_edge_cases_are_undefined() {
    assert_eq!(icc_two_way_random(&[]), Err(Undefined::NoRatings));
    assert_eq!(
        icc_two_way_random(&[vec![1.0, 2.0], vec![3.0]]),
        Err(Undefined::UnevenRaters)
    );
    assert_eq!(
        icc_two_way_random(&[vec![1.0, 2.0, 4.0]]),
        Err(Undefined::TooFewUnits)
    );
    assert_eq!(
        icc_two_way_random(&[vec![1.0], vec![2.0], vec![3.0]]),
        Err(Undefined::NotEnoughRaters)
    );
    assert_eq!(
        icc_two_way_random(&[vec![], vec![]]),
        Err(Undefined::NotEnoughRaters)
    );
    assert_eq!(
        icc_two_way_random(&[vec![2.0, 2.0], vec![2.0, 2.0], vec![2.0, 2.0]]),
        Err(Undefined::NoVariation)
    );
    assert_eq!(
        icc_two_way_random(&[vec![1.0, f64::INFINITY], vec![2.0, 2.0]]),
        Err(Undefined::NonFinite)
    );
}

#[test]
fn icc_zero_denominator_is_undefined() {
    // Row and column means are all equal, so BMS = JMS = 0 and with n = k = 2
    // both denominators vanish although the ratings vary.
    assert_eq!(
        icc_two_way_random(&[vec![1.0, 2.0], vec![2.0, 1.0]]),
        Err(Undefined::Degenerate)
    );
}

#[test]
fn messages_are_lowercase_sentences() {
    assert_eq!(
        Undefined::NoPairableUnits.to_string(),
        "no unit is rated by two or more interviewers"
    );
    assert_eq!(
        Undefined::NoVariation.to_string(),
        "every rating is the same, so agreement is undefined"
    );
    assert_eq!(
        Undefined::UnevenRaters.to_string(),
        "units are not all rated by the same interviewers"
    );
}
