//! Interviewer calibration: every rating of submitted scorecards in a compact table (interviewers
//! and units as small integers, so tens of thousands of scorecards fit in a few megabytes), the
//! leniency of each interviewer, and agreement (Krippendorff's alpha, ICC).
//!
//! A unit is (candidate, question). The table is filled one candidate at a time, so a streaming
//! loader can drop each candidate's scorecards as soon as they are added.

use std::collections::HashMap;

use serde::Serialize;

use super::agreement::{self, Metric};
use super::leniency::{self, Rating};
use super::panel::{Adjustments, CardDigest, interviewer_key};
use crate::scorecard::Status;

/// Ratings of submitted scorecards, with interviewers and units numbered.
#[derive(Debug, Default)]
pub struct RatingTable {
    /// Display name of each interviewer (the first spelling seen), by interviewer number.
    names: Vec<String>,
    /// Lowercased name to interviewer number.
    numbers: HashMap<String, u32>,
    /// Submitted scorecards per interviewer number.
    scorecards: Vec<usize>,
    ratings: Vec<Rating<u32, u32>>,
    units: u32,
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
        for card in cards {
            let rater = self.rater(&card.interviewer);
            self.scorecards[rater as usize] += 1;
            for answer in &card.answers {
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

    fn rater(&mut self, name: &str) -> u32 {
        let key = interviewer_key(name);
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
        leniency::leniency(&self.ratings)
            .into_iter()
            .filter_map(|l| {
                let name = self.names.get(l.rater as usize)?;
                l.value.map(|v| (interviewer_key(name), v))
            })
            .collect()
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
    /// Units (candidate, question) the leniency rests on.
    pub shared_units: usize,
}

/// Agreement over units (candidate, question) with interviewers as coders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementStats {
    pub units: usize,
    pub pairable_units: usize,
    pub alpha_interval: Option<f64>,
    pub alpha_ordinal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_note: Option<String>,
    pub icc_single: Option<f64>,
    pub icc_average: Option<f64>,
    pub icc_raters: Option<usize>,
    pub icc_note: Option<String>,
}

/// `calibrate`'s figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub interviewers: Vec<InterviewerStats>,
    pub agreement: AgreementStats,
}

/// Per-interviewer figures (sorted by name) and agreement over the whole table.
#[must_use]
pub fn calibrate(table: &RatingTable) -> Calibration {
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
                shared_units: l.map_or(0, |l| l.shared_units),
            }
        })
        .collect();
    interviewers.sort_by_key(|i| interviewer_key(&i.interviewer));
    Calibration {
        interviewers,
        agreement: agreement_stats(table),
    }
}

fn agreement_stats(table: &RatingTable) -> AgreementStats {
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
    let pairable_units = matrix
        .iter()
        .filter(|row| row.iter().flatten().count() >= 2)
        .count();
    let interval = agreement::krippendorff_alpha(&matrix, Metric::Interval);
    let ordinal = agreement::krippendorff_alpha(&matrix, Metric::Ordinal);
    let alpha_note = interval.as_ref().err().map(ToString::to_string);
    let (icc_single, icc_average, icc_raters, icc_note) = match icc_matrix(&matrix) {
        Err(reason) => (None, None, None, Some(reason)),
        Ok(rows) => match agreement::icc_two_way_random(&rows) {
            Ok(icc) => (Some(icc.single), Some(icc.average), Some(icc.raters), None),
            Err(reason) => (None, None, None, Some(reason.to_string())),
        },
    };
    AgreementStats {
        units,
        pairable_units,
        alpha_interval: interval.ok().map(|a| a.value),
        alpha_ordinal: ordinal.ok().map(|a| a.value),
        alpha_note,
        icc_single,
        icc_average,
        icc_raters,
        icc_note,
    }
}

/// The complete targets x raters matrix ICC needs, or why there is none: every unit must be rated
/// by the same k >= 2 interviewers.
fn icc_matrix(matrix: &[Vec<Option<f64>>]) -> Result<Vec<Vec<f64>>, String> {
    let Some(first) = matrix.first() else {
        return Err("there are no ratings".to_owned());
    };
    let pattern = |row: &Vec<Option<f64>>| row.iter().map(Option::is_some).collect::<Vec<bool>>();
    let first = pattern(first);
    if matrix.iter().any(|row| pattern(row) != first) {
        return Err("units are not all rated by the same interviewers".to_owned());
    }
    if first.iter().filter(|&&rated| rated).count() < 2 {
        return Err("every unit is rated by one interviewer only".to_owned());
    }
    Ok(matrix
        .iter()
        .map(|row| row.iter().flatten().copied().collect())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::panel::tests::card;

    /// A table of cards, added candidate by candidate as the loader does.
    fn table(cards: &[CardDigest]) -> RatingTable {
        let mut table = RatingTable::default();
        let mut candidates: Vec<&str> = cards.iter().map(|c| c.candidate_id.as_str()).collect();
        candidates.dedup();
        for candidate in candidates {
            let of: Vec<CardDigest> = cards
                .iter()
                .filter(|c| c.candidate_id == candidate)
                .cloned()
                .collect();
            table.add_candidate(&of);
        }
        table
    }

    #[test]
    fn normalising_removes_a_planted_leniency() {
        let mut cards = Vec::new();
        for (i, candidate) in ["c1", "c2", "c3"].iter().enumerate() {
            let base = [2, 3, 1][i];
            let n = i as u128 * 10;
            cards.push(card(
                n + 1,
                candidate,
                "Fair",
                Status::Submitted,
                &[("q", "a", base)],
            ));
            cards.push(card(
                n + 2,
                candidate,
                "Also fair",
                Status::Submitted,
                &[("q", "a", base)],
            ));
            cards.push(card(
                n + 3,
                candidate,
                "Lenient",
                Status::Submitted,
                &[("q", "a", base + 1)],
            ));
        }
        let ratings = table(&cards);
        let adjust = ratings.adjustments();
        assert!((adjust["lenient"] - 1.0).abs() < 1e-9);
        assert!((adjust["fair"] + 0.5).abs() < 1e-9);
        let calibration = calibrate(&ratings);
        let lenient = calibration
            .interviewers
            .iter()
            .find(|i| i.interviewer == "Lenient")
            .unwrap();
        assert_eq!(lenient.shared_units, 3);
        assert!((lenient.leniency.unwrap() - 1.0).abs() < 1e-9);
        // Same three raters on every unit: ICC is defined.
        assert_eq!(calibration.agreement.icc_raters, Some(3));
        assert_eq!(calibration.agreement.units, 3);
    }

    #[test]
    fn icc_is_null_with_a_reason_when_raters_differ() {
        let cards = [
            card(
                1,
                "ada",
                "Grace",
                Status::Submitted,
                &[("q1", "a", 4), ("q2", "a", 3)],
            ),
            card(2, "ada", "Alan", Status::Submitted, &[("q1", "a", 2)]),
        ];
        let agreement = calibrate(&table(&cards)).agreement;
        assert_eq!(agreement.icc_single, None);
        assert_eq!(
            agreement.icc_note.as_deref(),
            Some("units are not all rated by the same interviewers")
        );
        assert_eq!((agreement.units, agreement.pairable_units), (2, 1));
    }

    #[test]
    fn a_single_interviewer_gives_null_agreement_with_reasons() {
        let cards = [card(
            1,
            "ada",
            "Grace",
            Status::Submitted,
            &[("q1", "a", 4), ("q2", "a", 3)],
        )];
        let calibration = calibrate(&table(&cards));
        assert_eq!(calibration.agreement.alpha_interval, None);
        assert!(calibration.agreement.alpha_note.is_some());
        assert_eq!(calibration.agreement.icc_single, None);
        assert!(calibration.agreement.icc_note.is_some());
        assert_eq!(calibration.interviewers[0].leniency, None);
    }

    #[test]
    fn drafts_do_not_count() {
        let cards = [
            card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 4)]),
            card(2, "ada", "Alan", Status::Draft, &[("q1", "a", 1)]),
        ];
        let calibration = calibrate(&table(&cards));
        assert_eq!(calibration.interviewers.len(), 1);
        assert_eq!(calibration.agreement.units, 1);
        assert_eq!(calibration.agreement.pairable_units, 0);
    }
}
