//! Tests of the rater model against an independent dense least-squares solution and on planted
//! data.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::many_single_char_names,
    clippy::float_cmp,
    clippy::needless_range_loop
)]
// Numerical test code: small planted designs, casts of bounded values, exact comparisons.

use super::*;
use crate::stats::leniency::{self, Rating};
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

pub(crate) fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A uniform number in [0, 1).
pub(crate) fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A standard normal draw (Box-Muller).
pub(crate) fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u = uniform(rng).max(1e-300);
    let v = uniform(rng);
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

fn obs(candidate: u32, question: u32, rater: u32, score: u8) -> Obs {
    Obs {
        candidate,
        question,
        rater,
        score,
    }
}

/// Solves A x = b by Gaussian elimination with partial pivoting (A dense, row-major).
fn gauss(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let factor = a[row][col] / a[col][col];
            for c in col..n {
                a[row][c] -= factor * a[col][c];
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    x
}

/// The same model by a dense solve: the constraints are built into the parameters (the last
/// difficulty and the last leniency are minus the sum of the others, and each candidate's column
/// carries the mean), then the normal equations are solved by Gaussian elimination. Returns
/// (mean + ability per candidate, difficulties, leniencies).
fn dense_fit(ratings: &[Obs], c: usize, q: usize, r: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let p = c + (q - 1) + (r - 1);
    let row = |o: &Obs| {
        let mut x = vec![0.0; p];
        x[o.candidate as usize] = 1.0;
        let qi = o.question as usize;
        if qi + 1 == q {
            for j in 0..q - 1 {
                x[c + j] = -1.0;
            }
        } else {
            x[c + qi] = 1.0;
        }
        let ri = o.rater as usize;
        if ri + 1 == r {
            for j in 0..r - 1 {
                x[c + q - 1 + j] = -1.0;
            }
        } else {
            x[c + q - 1 + ri] = 1.0;
        }
        x
    };
    let mut xtx = vec![vec![0.0; p]; p];
    let mut xty = vec![0.0; p];
    for o in ratings {
        let x = row(o);
        for i in 0..p {
            xty[i] += x[i] * f64::from(o.score);
            for j in 0..p {
                xtx[i][j] += x[i] * x[j];
            }
        }
    }
    let beta = gauss(xtx, xty);
    let levels = beta[..c].to_vec();
    let mut d = beta[c..c + q - 1].to_vec();
    d.push(-d.iter().sum::<f64>());
    let mut l = beta[c + q - 1..].to_vec();
    l.push(-l.iter().sum::<f64>());
    (levels, d, l)
}

/// An unbalanced, connected design: each candidate meets two or three of five interviewers on
/// a random subset of six questions, with a few ratings left out.
fn small_design(seed: u64) -> Vec<Obs> {
    let mut rng = rng(seed);
    let mut ratings = Vec::new();
    for candidate in 0..14u32 {
        let panel = 2 + (rng.next_u64() % 2) as u32;
        let first = (rng.next_u64() % 5) as u32;
        for k in 0..panel {
            let rater = (first + k * 2) % 5;
            for question in 0..6u32 {
                if (candidate + question + rater).is_multiple_of(4) {
                    continue;
                }
                let score = 1 + (rng.next_u64() % 4) as u8;
                ratings.push(obs(candidate, question, rater, score));
            }
        }
    }
    ratings
}

#[test]
fn the_fit_equals_a_dense_least_squares_solution() {
    for seed in [1, 2, 3] {
        let ratings = small_design(seed);
        let fit = fit(&ratings);
        assert!(fit.connected());
        let (levels, d, l) = dense_fit(&ratings, 14, 6, 5);
        for (c, level) in levels.iter().enumerate() {
            assert!(
                (fit.mean + fit.abilities[c] - level).abs() < 1e-9,
                "candidate {c}"
            );
        }
        for (q, value) in d.iter().enumerate() {
            assert!((fit.difficulties[q] - value).abs() < 1e-9, "question {q}");
        }
        for (r, value) in l.iter().enumerate() {
            assert!(
                (fit.leniencies[r].unwrap() - value).abs() < 1e-9,
                "rater {r}"
            );
        }
        // Constraints: leniencies, difficulties and abilities each sum to zero.
        assert!(fit.leniencies.iter().flatten().sum::<f64>().abs() < 1e-9);
        assert!(fit.difficulties.iter().sum::<f64>().abs() < 1e-9);
        assert!(fit.abilities.iter().sum::<f64>().abs() < 1e-9);
    }
}

#[test]
fn the_residual_sd_uses_the_residual_degrees_of_freedom() {
    let ratings = small_design(4);
    let fit = fit(&ratings);
    let rss: f64 = ratings
        .iter()
        .map(|o| {
            let fitted = fit.mean
                + fit.abilities[o.candidate as usize]
                + fit.difficulties[o.question as usize]
                + fit.leniencies[o.rater as usize].unwrap();
            (f64::from(o.score) - fitted).powi(2)
        })
        .sum();
    // 14 candidates + 6 questions + 5 interviewers, less 2 levels fixed by the constraints.
    let df = ratings.len() - (14 + 6 + 5 - 2);
    assert!((fit.residual_sd.unwrap() - (rss / df as f64).sqrt()).abs() < 1e-12);
}

#[test]
fn the_standard_error_is_exact_on_a_complete_two_way_design() {
    // Every candidate rated once by each of k interviewers on one question: the leniency's
    // variance is σ²(1 − 1/k)/C (two-way analysis of variance without interaction).
    let mut rng = rng(7);
    let (candidates, k) = (40u32, 4u32);
    let mut ratings = Vec::new();
    for c in 0..candidates {
        for r in 0..k {
            ratings.push(obs(c, 0, r, (rng.next_u64() % 5) as u8));
        }
    }
    let fit = fit(&ratings);
    let sigma = fit.residual_sd.unwrap();
    let expected = sigma * ((1.0 - 1.0 / f64::from(k)) / f64::from(candidates)).sqrt();
    for se in &fit.leniency_se {
        assert!((se.unwrap() - expected).abs() < 1e-12);
    }
}

/// Planted leniencies +1, 0, 0, −1 for interviewers L, A, C, H. Most candidates meet (L, A) or
/// (C, H); a few meet (A, C) or (L, H), which connects the design. A's co-interviewer is nearly
/// always the lenient L, so A's mean offset reads about −1 although A is fair.
fn confounded(seed: u64) -> (Vec<Obs>, Vec<f64>) {
    let planted = [1.0, 0.0, 0.0, -1.0];
    let difficulty = [0.5, -0.5, 0.0, 0.3, -0.3];
    let mut rng = rng(seed);
    let mut ratings = Vec::new();
    let mut abilities = Vec::new();
    for c in 0..1200u32 {
        let panel: [u32; 2] = match c % 10 {
            0 => [1, 2],
            1 => [0, 3],
            2..=5 => [0, 1],
            _ => [2, 3],
        };
        // Candidates met by (L, A) are stronger on average: the confounding.
        let ability = normal(&mut rng) + if panel == [0, 1] { 1.0 } else { 0.0 };
        abilities.push(ability);
        for rater in panel {
            for (q, d) in difficulty.iter().enumerate() {
                let value = 10.0 + ability + d + planted[rater as usize] + 0.5 * normal(&mut rng);
                let score = value.round().clamp(0.0, 20.0) as u8;
                ratings.push(obs(c, q as u32, rater, score));
            }
        }
    }
    (ratings, abilities)
}

#[test]
fn the_model_recovers_planted_leniencies_where_mean_offsets_are_biased() {
    let planted = [1.0, 0.0, 0.0, -1.0];
    let (ratings, _) = confounded(11);
    let fit = fit(&ratings);
    assert!(fit.connected());
    for (r, want) in planted.iter().enumerate() {
        let got = fit.leniencies[r].unwrap();
        assert!((got - want).abs() < 0.1, "interviewer {r}: {got} vs {want}");
        let se = fit.leniency_se[r].unwrap();
        assert!(se > 0.0 && se < 0.1, "interviewer {r}: se {se}");
    }
    // The mean-offset leniency of the fair interviewer A is pulled towards −1 by L.
    let offsets = leniency::leniency(
        &ratings
            .iter()
            .map(|o| Rating {
                rater: o.rater,
                unit: (o.candidate, o.question),
                score: f64::from(o.score),
            })
            .collect::<Vec<_>>(),
    );
    let a = offsets[1].value.unwrap();
    assert!(a < -0.5, "mean-offset leniency of A: {a}");
    let residual = fit.residual_sd.unwrap();
    assert!((0.4..0.7).contains(&residual), "residual sd {residual}");
}

#[test]
fn a_disconnected_design_is_reported_with_its_groups() {
    // Interviewers 0 and 2 share candidates; 1 and 3 share others; 4 works alone.
    let ratings = [
        obs(0, 0, 0, 3),
        obs(0, 0, 2, 2),
        obs(1, 1, 2, 4),
        obs(2, 0, 1, 1),
        obs(2, 1, 3, 2),
        obs(3, 1, 3, 3),
        obs(3, 0, 1, 3),
        obs(4, 0, 4, 2),
    ];
    let fit = fit(&ratings);
    assert!(!fit.connected());
    assert_eq!(fit.groups, vec![vec![0, 2], vec![1, 3], vec![4]]);
    assert_eq!(fit.group_of(3), Some(1));
    // Leniencies are centred within each group, since groups cannot be compared.
    assert!((fit.leniencies[0].unwrap() + fit.leniencies[2].unwrap()).abs() < 1e-9);
    assert!((fit.leniencies[1].unwrap() + fit.leniencies[3].unwrap()).abs() < 1e-9);
    assert_eq!(fit.leniencies[4], Some(0.0));
    assert_eq!(fit.leniency_se[4], None);
}

#[test]
fn no_ratings_give_an_empty_fit() {
    let fit = fit(&[]);
    assert!(fit.connected());
    assert!(fit.groups.is_empty());
    assert_eq!((fit.ratings, fit.residual_sd), (0, None));
}

#[test]
fn unused_numbers_are_left_out() {
    let ratings = [
        obs(0, 0, 0, 3),
        obs(0, 0, 2, 1),
        obs(2, 0, 2, 2),
        obs(2, 0, 0, 2),
    ];
    let fit = fit(&ratings);
    assert_eq!(fit.leniencies[1], None);
    assert_eq!(fit.groups, vec![vec![0, 2]]);
    assert!(fit.leniencies.iter().all(|l| l.is_none_or(f64::is_finite)));
}

/// Spearman's rank correlation (ties get their mean rank).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    fn ranks(values: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&x, &y| values[x].total_cmp(&values[y]));
        let mut ranks = vec![0.0; values.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
                j += 1;
            }
            for k in i..=j {
                ranks[order[k]] = (i + j) as f64 / 2.0;
            }
            i = j + 1;
        }
        ranks
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn compare_with_the_model_ranks_planted_abilities_better_than_raw_scores() {
    use crate::scorecard::Status;
    use crate::stats::calibration::RatingTable;
    use crate::stats::panel::{self, tests::card};

    // Four interviewers with planted leniencies +1.5, +0.5, −0.5, −1.5 on a 1-9 scale. Most
    // candidates meet the two lenient or the two harsh ones; every fifth meets one of each,
    // which connects the design. Raw averages rank a candidate by their panel as much as by
    // their ability; the model's adjustment takes the panel out.
    let names = ["Lenient", "Kind", "Strict", "Harsh"];
    let leniency = [1.5, 0.5, -0.5, -1.5];
    let questions = [("q1", 0.5), ("q2", 0.0), ("q3", -0.5), ("q4", 0.2)];
    let mut rng = rng(2024);
    let mut abilities = Vec::new();
    let mut by_candidate = Vec::new();
    let mut n = 0u128;
    for c in 0..90 {
        let ability = 3.0 + 3.0 * uniform(&mut rng);
        abilities.push(ability);
        let panel = match c % 5 {
            0 => [0, 3],
            1 | 2 => [0, 1],
            _ => [2, 3],
        };
        let candidate = format!("c{c:03}");
        let mut cards = Vec::new();
        for rater in panel {
            let answers: Vec<(&str, &str, i64)> = questions
                .iter()
                .map(|(q, d)| {
                    let value = ability + d + leniency[rater] + 0.7 * normal(&mut rng);
                    (*q, "a", value.round().clamp(1.0, 9.0) as i64)
                })
                .collect();
            n += 1;
            let mut digest = card(n, &candidate, names[rater], Status::Submitted, &answers);
            digest.scale = (1, 9);
            cards.push(digest);
        }
        by_candidate.push(cards);
    }
    let mut table = RatingTable::default();
    for cards in &by_candidate {
        table.add_candidate(cards);
    }
    let fit = table.fit();
    assert!(fit.connected());
    let adjust = table.model_adjustments(&fit);
    let overall = |adjust| -> Vec<f64> {
        by_candidate
            .iter()
            .map(|cards| {
                panel::candidate_result(cards, adjust, Vec::new(), false)
                    .overall
                    .unwrap()
            })
            .collect()
    };
    let raw = spearman(&abilities, &overall(None));
    let model = spearman(&abilities, &overall(Some(&adjust)));
    // With this seed: Spearman 0.690 for raw averages, 0.944 with the model.
    assert!(raw < 0.8, "raw Spearman {raw}");
    assert!(model > 0.9, "model Spearman {model}");
    assert!(model > raw + 0.1, "model {model} vs raw {raw}");
}
