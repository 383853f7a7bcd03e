//! Interviewer calibration: every rating of submitted scorecards in a compact table (interviewers
//! and units as small integers, so tens of thousands of scorecards fit in a few megabytes), the
//! leniency of each interviewer, and agreement (Krippendorff's alpha, ICC).
//!
//! A unit is (candidate, question). The table is filled one candidate at a time, so a streaming
//! loader can drop each candidate's scorecards as soon as they are added.

use std::collections::HashMap;

use serde::Serialize;

use super::agreement::{self, Metric, Undefined};
use super::alpha_bootstrap::{AlphaIntervals, RESAMPLES, alpha_intervals};
use super::digest::{Adjustments, CardDigest};
use super::icc_interval::mcgraw_wong;
use super::leniency::{self, Rating};
use super::model::{self, Design, Fit};
use super::scales::ScaleUse;
use crate::scorecard::InterviewerKey;
use crate::scorecard::Status;

/// Ratings of submitted scorecards, with interviewers and units numbered.
#[derive(Debug, Default)]
pub struct RatingTable {
    /// Display name of each interviewer (the first spelling seen), by interviewer number.
    names: Vec<String>,
    /// Lowercased name to interviewer number.
    numbers: HashMap<InterviewerKey, u32>,
    /// Submitted scorecards per interviewer number.
    scorecards: Vec<usize>,
    ratings: Vec<Rating<u32, u32>>,
    units: u32,
    /// The same ratings for the rater model, with candidates and questions numbered.
    model: Design,
    /// The scales of the scorecards added, and who uses them.
    scales: ScaleUse,
}

impl RatingTable {
    /// Adds one candidate's scorecards (drafts are ignored). Call once per candidate: units are
    /// numbered per candidate and question.
    pub fn add_candidate(&mut self, cards: &[CardDigest]) {
        let mut units: HashMap<&str, u32> = HashMap::new();
        let mut cards: Vec<&CardDigest> = cards
            .iter()
            .filter(|c| c.status == Status::Submitted)
            .collect();
        cards.sort_by_key(|c| c.id);
        let candidate = self.model.next_candidate();
        for card in cards {
            self.scales.add_card(card);
            let rater = self.rater(&card.interviewer);
            self.scorecards[rater as usize] += 1;
            self.model.scales.insert(card.scale);
            for answer in &card.answers {
                self.model.add(
                    candidate,
                    rater,
                    &answer.question,
                    answer.score,
                    card.scale.0,
                );
                let unit = *units.entry(&answer.question).or_insert_with(|| {
                    self.units += 1;
                    self.units - 1
                });
                self.ratings.push(Rating {
                    rater,
                    unit,
                    score: answer.score as f64,
                });
            }
        }
    }

    /// The scales of the scorecards in the table.
    #[must_use]
    pub fn scales(&self) -> &ScaleUse {
        &self.scales
    }

    fn rater(&mut self, name: &str) -> u32 {
        let key = InterviewerKey::of(name);
        if let Some(&number) = self.numbers.get(&key) {
            return number;
        }
        let number = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.trim().to_owned());
        self.scorecards.push(0);
        self.numbers.insert(key, number);
        number
    }

    /// Each interviewer's 95% leniency interval (see [`leniency::interval`]), by display name;
    /// None where it rests on fewer than 2 shared units.
    #[must_use]
    pub fn leniency_intervals(&self) -> Vec<(String, Option<(f64, f64)>)> {
        let offsets = leniency::unit_offsets(&self.ratings);
        self.names
            .iter()
            .zip(0u32..)
            .map(|(name, number)| {
                let interval = offsets.get(&number).and_then(|o| leniency::interval(o));
                (name.clone(), interval)
            })
            .collect()
    }

    /// Each interviewer's leniency, as the adjustments `--normalize` subtracts.
    #[must_use]
    pub fn adjustments(&self) -> Adjustments {
        Adjustments::leniency(
            leniency::leniency(&self.ratings)
                .into_iter()
                .filter_map(|l| {
                    let name = self.names.get(l.rater as usize)?;
                    l.value.map(|v| (InterviewerKey::of(name), v))
                })
                .collect(),
        )
    }
}

/// One interviewer in `calibrate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterviewerStats {
    pub interviewer: String,
    pub scorecards: usize,
    pub ratings: usize,
    pub mean: Option<f64>,
    pub leniency: Option<f64>,
    /// Leniency in the rater model (comparable within the interviewer's group only).
    pub model_leniency: Option<f64>,
    pub model_leniency_se: Option<f64>,
    /// Units (candidate, question) the leniency rests on.
    pub shared_units: usize,
}

/// Agreement over units (candidate, question) with interviewers as coders, with what each
/// figure rests on: how many units and values, a 95% interval, and a reading that is never
/// given to a figure on too few units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementStats {
    pub units: usize,
    pub pairable_units: usize,
    /// Krippendorff's n: the values in units rated by 2 or more interviewers.
    pub pairable_values: usize,
    pub alpha_interval: Option<f64>,
    pub alpha_ordinal: Option<f64>,
    pub alpha_interval_ci: Option<[f64; 2]>,
    pub alpha_ordinal_ci: Option<[f64; 2]>,
    /// Reading of the interval alpha: `too-few`, `reliable`, `tentative` or `unreliable`.
    pub alpha_reading: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_note: Option<String>,
    pub icc_single: Option<f64>,
    pub icc_average: Option<f64>,
    pub icc_raters: Option<usize>,
    /// Units in the largest set rated by one set of interviewers (the ICC's data), and the rest.
    pub icc_units: usize,
    pub icc_dropped_units: usize,
    pub icc_single_ci: Option<[f64; 2]>,
    pub icc_average_ci: Option<[f64; 2]>,
    /// Koo & Li (2016) reading of ICC(2,1): `none`, `poor`, `moderate`, `good`, `excellent`.
    pub icc_reading: Option<&'static str>,
    pub icc_note: Option<String>,
}

/// Fewer pairable units than this and alpha is given no band: its interval is too wide.
pub const ALPHA_MIN_UNITS: usize = 10;
/// Fewer units than this in the ICC's set and ICC is not computed.
pub const ICC_MIN_UNITS: usize = 5;

/// A figure as a table prints it (three decimals), so that a reading is always that of the
/// number beside it: 0.6666 prints `0.667` and reads as 0.667 does.
#[must_use]
pub fn as_printed(value: f64) -> f64 {
    format!("{value:.3}").parse().unwrap_or(value)
}

/// Krippendorff's bands for alpha: reliable from .800, tentative from .667.
#[must_use]
pub fn alpha_reading(alpha: f64, pairable_units: usize) -> &'static str {
    let alpha = as_printed(alpha);
    if pairable_units < ALPHA_MIN_UNITS {
        "too-few"
    } else if alpha >= 0.8 {
        "reliable"
    } else if alpha >= 0.667 {
        "tentative"
    } else {
        "unreliable"
    }
}

/// Koo & Li (2016) for ICC(2,1): poor below .50, moderate below .75, good below .90, else
/// excellent; below 0 there is no reliability to read.
#[must_use]
pub fn icc_reading(icc: f64) -> &'static str {
    let icc = as_printed(icc);
    if icc < 0.0 {
        "none"
    } else if icc < 0.5 {
        "poor"
    } else if icc < 0.75 {
        "moderate"
    } else if icc < 0.9 {
        "good"
    } else {
        "excellent"
    }
}

/// `calibrate`'s figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub interviewers: Vec<InterviewerStats>,
    pub agreement: AgreementStats,
    pub model: ModelSummary,
}

/// The rater model's fit as `calibrate` reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSummary {
    /// Whether every interviewer shares candidates with every other, directly or through others.
    pub connected: bool,
    /// Interviewers whose leniencies can be compared, each group sorted by name.
    pub groups: Vec<Vec<String>>,
    pub ratings: usize,
    pub residual_sd: Option<f64>,
}

/// Per-interviewer figures (sorted by name) and agreement over the whole table, with the alpha
/// intervals from [`RESAMPLES`] bootstrap resamples.
#[must_use]
pub fn calibrate(table: &RatingTable) -> Calibration {
    calibrate_with(table, RESAMPLES as usize)
}

/// [`calibrate`] with `resamples` bootstrap resamples for the alpha intervals (0: no intervals).
#[must_use]
pub fn calibrate_with(table: &RatingTable, resamples: usize) -> Calibration {
    let fit = table.fit();
    Calibration {
        interviewers: interviewers(table, Some(&fit)),
        agreement: agreement_stats(table, resamples),
        model: ModelSummary {
            connected: fit.connected(),
            groups: table.group_names(&fit),
            ratings: fit.ratings,
            residual_sd: fit.residual_sd,
        },
    }
}

/// Each interviewer's counts, mean and leniency, sorted by name; with the rater model's
/// leniencies when its `fit` is given (else those fields are `None`), so a caller that lists
/// interviewers alone need not fit the model.
#[must_use]
pub fn interviewers(table: &RatingTable, fit: Option<&Fit>) -> Vec<InterviewerStats> {
    let lenient = leniency::leniency(&table.ratings);
    let mut sums = vec![(0.0, 0usize); table.names.len()];
    for rating in &table.ratings {
        let cell = &mut sums[rating.rater as usize];
        cell.0 += rating.score;
        cell.1 += 1;
    }
    let mut interviewers: Vec<InterviewerStats> = table
        .names
        .iter()
        .enumerate()
        .map(|(number, name)| {
            let (sum, count) = sums[number];
            let l = lenient.iter().find(|l| l.rater as usize == number);
            InterviewerStats {
                interviewer: name.clone(),
                scorecards: table.scorecards[number],
                ratings: count,
                mean: (count > 0).then(|| sum / count as f64),
                leniency: l.and_then(|l| l.value),
                model_leniency: fit.and_then(|f| f.leniencies.get(number).copied().flatten()),
                model_leniency_se: fit.and_then(|f| f.leniency_se.get(number).copied().flatten()),
                shared_units: l.map_or(0, |l| l.shared_units),
            }
        })
        .collect();
    interviewers.sort_by_key(|i| InterviewerKey::of(&i.interviewer));
    interviewers
}

impl RatingTable {
    /// Fits the rater model to every rating in the table.
    #[must_use]
    pub fn fit(&self) -> Fit {
        model::fit(&self.model.ratings)
    }

    /// The model's groups of interviewers by name, each sorted, groups in name order.
    #[must_use]
    pub fn group_names(&self, fit: &Fit) -> Vec<Vec<String>> {
        let mut groups: Vec<Vec<String>> = fit
            .groups
            .iter()
            .map(|g| {
                let mut names: Vec<String> = g
                    .iter()
                    .filter_map(|&r| self.names.get(r as usize).cloned())
                    .collect();
                names.sort_by_key(|n| InterviewerKey::of(n));
                names
            })
            .collect();
        groups.sort_by_key(|g| g.first().map(|n| InterviewerKey::of(n)));
        groups
    }

    /// The model's groups (as [`RatingTable::group_names`] gives them) that hold any of
    /// `interviewers`: more than one means their candidates cannot be compared.
    #[must_use]
    pub fn groups_of<'a>(
        &self,
        fit: &Fit,
        interviewers: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Vec<String>> {
        let wanted: std::collections::HashSet<InterviewerKey> =
            interviewers.into_iter().map(InterviewerKey::of).collect();
        self.group_names(fit)
            .into_iter()
            .filter(|g| g.iter().any(|n| wanted.contains(&InterviewerKey::of(n))))
            .collect()
    }

    /// What `compare --model` subtracts: each interviewer's model leniency and each question's
    /// difficulty.
    #[must_use]
    pub fn model_adjustments(&self, fit: &Fit) -> Adjustments {
        let interviewers = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(r, name)| {
                let value = fit.leniencies.get(r).copied().flatten()?;
                Some((InterviewerKey::of(name), value))
            })
            .collect();
        let questions = self
            .model
            .questions()
            .iter()
            .filter_map(|(id, &q)| {
                let value = fit.difficulties.get(q as usize)?;
                Some((id.clone(), *value))
            })
            .collect();
        Adjustments {
            interviewers,
            questions,
        }
    }
}

fn agreement_stats(table: &RatingTable, resamples: usize) -> AgreementStats {
    let raters = table.names.len();
    // unit -> rater -> (sum, count); an interviewer's repeated ratings of a unit are averaged.
    let mut cells = vec![(0.0, 0usize); table.units as usize * raters];
    for rating in &table.ratings {
        let cell = &mut cells[rating.unit as usize * raters + rating.rater as usize];
        cell.0 += rating.score;
        cell.1 += 1;
    }
    let matrix: Vec<Vec<Option<f64>>> = if raters == 0 {
        Vec::new()
    } else {
        cells
            .chunks(raters)
            .map(|row| {
                row.iter()
                    .map(|(sum, n)| (*n > 0).then(|| sum / *n as f64))
                    .collect()
            })
            .filter(|row: &Vec<Option<f64>>| row.iter().any(Option::is_some))
            .collect()
    };
    drop(cells);
    let units = matrix.len();
    let paired = |row: &&Vec<Option<f64>>| row.iter().flatten().count() >= 2;
    let pairable_units = matrix.iter().filter(paired).count();
    let pairable_values = matrix
        .iter()
        .filter(paired)
        .map(|row| row.iter().flatten().count())
        .sum();
    let interval = agreement::krippendorff_alpha(&matrix, Metric::Interval);
    let ordinal = agreement::krippendorff_alpha(&matrix, Metric::Ordinal);
    let alpha_note = interval.as_ref().err().map(ToString::to_string);
    let alpha_interval = interval.ok().map(|a| a.value);
    let intervals = if alpha_interval.is_some() {
        alpha_intervals(&matrix, resamples)
    } else {
        AlphaIntervals {
            interval: None,
            ordinal: None,
        }
    };
    let mut stats = AgreementStats {
        units,
        pairable_units,
        pairable_values,
        alpha_interval,
        alpha_ordinal: ordinal.ok().map(|a| a.value),
        alpha_interval_ci: intervals.interval,
        alpha_ordinal_ci: intervals.ordinal,
        alpha_reading: alpha_interval.map(|a| alpha_reading(a, pairable_units)),
        alpha_note,
        icc_single: None,
        icc_average: None,
        icc_raters: None,
        icc_units: 0,
        icc_dropped_units: units,
        icc_single_ci: None,
        icc_average_ci: None,
        icc_reading: None,
        icc_note: None,
    };
    icc_stats(&matrix, &mut stats);
    stats
}

/// Listwise ICC: the largest set of units rated by exactly one set of k >= 2 interviewers, so a
/// skipped answer drops its unit, not the coefficient.
fn icc_stats(matrix: &[Vec<Option<f64>>], stats: &mut AgreementStats) {
    let Some((rows, k)) = listwise(matrix) else {
        stats.icc_note = Some(if matrix.is_empty() {
            "there are no ratings".to_owned()
        } else {
            "no unit is rated by two or more interviewers".to_owned()
        });
        return;
    };
    stats.icc_units = rows.len();
    stats.icc_dropped_units = stats.units - rows.len();
    if rows.len() < ICC_MIN_UNITS {
        stats.icc_note = Some(format!(
            "needs {ICC_MIN_UNITS} or more units rated by the same interviewers; the largest such set has {} (rated by {k})",
            rows.len()
        ));
        return;
    }
    let icc = match agreement::icc_two_way_random(&rows) {
        Ok(icc) => icc,
        Err(Undefined::NoVariation) => {
            let every = matrix
                .iter()
                .flatten()
                .flatten()
                .all(|v| Some(v) == rows[0].first());
            stats.icc_note = Some(if every {
                Undefined::NoVariation.to_string()
            } else {
                format!(
                    "every rating of the {} units ICC uses is the same (only those are), so agreement is undefined",
                    rows.len()
                )
            });
            return;
        }
        Err(reason) => {
            stats.icc_note = Some(reason.to_string());
            return;
        }
    };
    let intervals = mcgraw_wong(&icc);
    stats.icc_single = Some(icc.single);
    stats.icc_raters = Some(icc.raters);
    stats.icc_single_ci = intervals.map(|i| i.single);
    stats.icc_reading = Some(icc_reading(icc.single));
    if icc.single < 0.0 {
        // Then ICC(2,k) lies outside [0, 1] (or is infinite): it is not a reliability.
        stats.icc_note = Some(
            "ICC(2,1) is below 0: the interviewers disagree more than chance, so ICC(2,k) is no reliability and is left out".to_owned(),
        );
    } else {
        stats.icc_average = Some(icc.average);
        stats.icc_average_ci = intervals.map(|i| i.average);
    }
}

/// The rows of the largest set of units sharing one set of k >= 2 raters (their ratings in rater
/// order), and k. Ties go to more raters, then to the set seen first.
fn listwise(matrix: &[Vec<Option<f64>>]) -> Option<(Vec<Vec<f64>>, usize)> {
    let mut sets: HashMap<Vec<usize>, (usize, usize)> = HashMap::new();
    for (index, row) in matrix.iter().enumerate() {
        let raters: Vec<usize> = row
            .iter()
            .enumerate()
            .filter_map(|(rater, cell)| cell.map(|_| rater))
            .collect();
        if raters.len() >= 2 {
            sets.entry(raters).or_insert((index, 0)).1 += 1;
        }
    }
    let (raters, _) = sets.into_iter().max_by(
        |(a_raters, (a_first, a_count)), (b_raters, (b_first, b_count))| {
            a_count
                .cmp(b_count)
                .then(a_raters.len().cmp(&b_raters.len()))
                .then(b_first.cmp(a_first))
        },
    )?;
    let rows = matrix
        .iter()
        .filter(|row| {
            row.iter()
                .enumerate()
                .filter(|(_, cell)| cell.is_some())
                .map(|(rater, _)| rater)
                .eq(raters.iter().copied())
        })
        .map(|row| row.iter().flatten().copied().collect())
        .collect();
    Some((rows, raters.len()))
}

#[cfg(test)]
#[path = "calibration_tests.rs"]
mod tests;
