//! The panel's view: per-candidate scores over submitted scorecards, disagreements, the
//! recommendation tally, cards-down withholding, leniency and agreement. Pure functions over
//! [`CardDigest`]s, the part of a scorecard these figures need (no notes, no history).
//!
//! Determinism: inputs are sorted (candidates by id, scorecards by id) before any float is summed,
//! so the parallel loader and a sequential one give exactly the same figures.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use uuid::Uuid;

use super::agreement::{self, Metric};
use super::leniency::{self, Leniency, Rating};
use super::scores::{CardScores, CategoryScore, mean, weighted_mean};
use crate::scorecard::{Recommendation, Scorecard, Status, same_interviewer};
use crate::timestamp::Timestamp;

/// A rated answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RatedAnswer {
    pub question: String,
    pub category: String,
    pub score: i64,
}

/// What the panel figures need from one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct CardDigest {
    pub id: Uuid,
    pub candidate_id: String,
    pub candidate: String,
    pub role: String,
    pub interviewer: String,
    pub status: Status,
    pub recommendation: Option<Recommendation>,
    pub submitted_at: Option<Timestamp>,
    /// Category ids in the scorecard's order, with weights.
    pub categories: Vec<(String, f64)>,
    pub answers: Vec<RatedAnswer>,
    /// The scale's lowest and highest score.
    pub scale: (i64, i64),
}

impl From<&Scorecard> for CardDigest {
    fn from(card: &Scorecard) -> Self {
        let mut categories: Vec<(String, f64)> = card
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.weight))
            .collect();
        for answer in &card.answers {
            if !categories.iter().any(|(id, _)| *id == answer.category) {
                categories.push((answer.category.clone(), 1.0));
            }
        }
        CardDigest {
            id: card.id,
            candidate_id: card.candidate_id.clone(),
            candidate: card.candidate.clone(),
            role: card.role.clone(),
            interviewer: card.interviewer.trim().to_owned(),
            status: card.status,
            recommendation: card.recommendation,
            submitted_at: card.submitted_at,
            categories,
            answers: card
                .answers
                .iter()
                .filter(|a| !a.skipped)
                .filter_map(|a| {
                    a.score.map(|score| RatedAnswer {
                        question: a.question.clone(),
                        category: a.category.clone(),
                        score,
                    })
                })
                .collect(),
            scale: (card.scale.min, card.scale.max),
        }
    }
}

/// Leniency to subtract per interviewer (keyed by lowercased name).
pub type Adjustments = HashMap<String, f64>;

fn interviewer_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl CardDigest {
    /// The interviewer's leniency to subtract (0 when not normalising or unknown).
    fn shift(&self, adjust: Option<&Adjustments>) -> f64 {
        adjust
            .and_then(|a| a.get(&interviewer_key(&self.interviewer)))
            .copied()
            .unwrap_or(0.0)
    }

    /// Category means and overall, with the interviewer's leniency subtracted from every score.
    #[must_use]
    pub fn scores(&self, adjust: Option<&Adjustments>) -> CardScores {
        let shift = self.shift(adjust);
        let mut weights = Vec::new();
        let categories: Vec<CategoryScore> = self
            .categories
            .iter()
            .filter_map(|(category, weight)| {
                let scores: Vec<f64> = self
                    .answers
                    .iter()
                    .filter(|a| a.category == *category)
                    .map(|a| a.score as f64 - shift)
                    .collect();
                let mean = mean(&scores)?;
                weights.push(*weight);
                Some(CategoryScore {
                    category: category.clone(),
                    mean,
                    rated: scores.len(),
                })
            })
            .collect();
        let overall = weighted_mean(weights.iter().zip(&categories).map(|(w, c)| (*w, c.mean)));
        CardScores {
            categories,
            overall,
        }
    }
}

/// A question or category on which two interviewers are 2 or more points apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(serialize_with = "whole_as_integer")]
    pub min: f64,
    #[serde(serialize_with = "whole_as_integer")]
    pub max: f64,
    /// Who gave the lowest and the highest score.
    pub low: String,
    pub high: String,
}

/// Scores are whole numbers on questions; write them as such (`4`, not `4.0`).
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `serialize_with` passes a reference
fn whole_as_integer<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    #[allow(clippy::cast_possible_truncation)]
    let whole = *value as i64;
    if (whole as f64 - value).abs() < f64::EPSILON {
        serializer.serialize_i64(whole)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// Points apart at which interviewers disagree.
pub const DISAGREEMENT: f64 = 2.0;

/// One candidate as the panel sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateResult {
    pub candidate_id: String,
    pub candidate: String,
    pub role: String,
    /// Submitted scorecards.
    pub scorecards: usize,
    pub overall: Option<f64>,
    /// Category id to the candidate's mean (empty while withheld).
    pub categories: BTreeMap<String, f64>,
    pub recommendations: Tally,
    pub disagreements: Vec<Disagreement>,
    /// Interviewers whose scorecards are still drafts.
    pub pending: Vec<String>,
    /// Scores withheld because the panel is not complete (cards down).
    pub withheld: bool,
    /// Category ids in the order the scorecards list them.
    #[serde(skip)]
    pub category_order: Vec<String>,
    /// The scale's lowest and highest score (of the newest scorecard).
    #[serde(skip)]
    pub scale: (i64, i64),
}

/// How many scorecards recommend what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    #[serde(rename = "strong-no")]
    pub strong_no: usize,
    pub no: usize,
    pub yes: usize,
    #[serde(rename = "strong-yes")]
    pub strong_yes: usize,
}

impl Tally {
    pub fn add(&mut self, recommendation: Recommendation) {
        match recommendation {
            Recommendation::StrongNo => self.strong_no += 1,
            Recommendation::No => self.no += 1,
            Recommendation::Yes => self.yes += 1,
            Recommendation::StrongYes => self.strong_yes += 1,
        }
    }

    /// The counts in the contract's column order: strong-no, no, yes, strong-yes.
    #[must_use]
    pub fn counts(&self) -> [usize; 4] {
        [self.strong_no, self.no, self.yes, self.strong_yes]
    }
}

/// The candidate's figures over their submitted scorecards. While any scorecard is a draft the
/// scores, recommendations and disagreements are withheld, unless `include_pending`.
#[must_use]
pub fn candidate_result(
    cards: &[CardDigest],
    adjust: Option<&Adjustments>,
    include_pending: bool,
) -> CandidateResult {
    let mut cards: Vec<&CardDigest> = cards.iter().collect();
    cards.sort_by_key(|c| c.id);
    let newest = cards.last();
    let pending: Vec<String> = cards
        .iter()
        .filter(|c| c.status == Status::Draft)
        .map(|c| c.interviewer.clone())
        .collect();
    let submitted: Vec<&CardDigest> = cards
        .iter()
        .copied()
        .filter(|c| c.status == Status::Submitted)
        .collect();
    let withheld = !pending.is_empty() && !include_pending;
    let mut category_order: Vec<String> = Vec::new();
    for card in &cards {
        for (category, _) in &card.categories {
            if !category_order.contains(category) {
                category_order.push(category.clone());
            }
        }
    }
    let mut result = CandidateResult {
        candidate_id: newest.map(|c| c.candidate_id.clone()).unwrap_or_default(),
        candidate: newest.map(|c| c.candidate.clone()).unwrap_or_default(),
        role: newest.map(|c| c.role.clone()).unwrap_or_default(),
        scorecards: submitted.len(),
        overall: None,
        categories: BTreeMap::new(),
        recommendations: Tally::default(),
        disagreements: Vec::new(),
        pending,
        withheld,
        category_order,
        scale: newest.map_or((1, 4), |c| c.scale),
    };
    if withheld {
        return result;
    }
    let per_card: Vec<CardScores> = submitted.iter().map(|c| c.scores(adjust)).collect();
    result.overall = mean(
        &per_card
            .iter()
            .filter_map(|s| s.overall)
            .collect::<Vec<_>>(),
    );
    for category in &result.category_order {
        let means: Vec<f64> = per_card
            .iter()
            .filter_map(|s| s.category(category))
            .collect();
        if let Some(m) = mean(&means) {
            result.categories.insert(category.clone(), m);
        }
    }
    for card in &submitted {
        if let Some(rec) = card.recommendation {
            result.recommendations.add(rec);
        }
    }
    result.disagreements = disagreements(&submitted, &per_card, adjust);
    result
}

/// Questions, then categories, where the lowest and highest interviewer are 2+ points apart
/// (after leniency adjustment when normalising, like every other score).
fn disagreements(
    cards: &[&CardDigest],
    per_card: &[CardScores],
    adjust: Option<&Adjustments>,
) -> Vec<Disagreement> {
    // question -> [(interviewer, score)], in card order.
    let mut by_question: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    for (card, scores) in cards.iter().zip(per_card) {
        let shift = card.shift(adjust);
        for answer in &card.answers {
            by_question
                .entry(&answer.question)
                .or_default()
                .push((&card.interviewer, answer.score as f64 - shift));
        }
        for c in &scores.categories {
            by_category
                .entry(&c.category)
                .or_default()
                .push((&card.interviewer, c.mean));
        }
    }
    let spread = |scores: &[(&str, f64)]| -> Option<(f64, f64, String, String)> {
        let low = scores.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        let high = scores.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
        let distinct_interviewers = !same_interviewer(low.0, high.0);
        (distinct_interviewers && high.1 - low.1 >= DISAGREEMENT - 1e-9)
            .then(|| (low.1, high.1, low.0.to_owned(), high.0.to_owned()))
    };
    let mut found = Vec::new();
    for (question, scores) in &by_question {
        if let Some((min, max, low, high)) = spread(scores) {
            found.push(Disagreement {
                question: Some((*question).to_owned()),
                category: None,
                min,
                max,
                low,
                high,
            });
        }
    }
    for (category, scores) in &by_category {
        if let Some((min, max, low, high)) = spread(scores) {
            found.push(Disagreement {
                question: None,
                category: Some((*category).to_owned()),
                min,
                max,
                low,
                high,
            });
        }
    }
    found
}

/// Sorts candidates best first: by overall score (withheld and unscored last), then by id.
pub fn rank(results: &mut [CandidateResult]) {
    results.sort_by(|a, b| {
        let key = |r: &CandidateResult| r.overall.unwrap_or(f64::NEG_INFINITY);
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.candidate_id.cmp(&b.candidate_id))
    });
}

/// Every rating of every submitted scorecard, as (interviewer, (candidate, question), score).
/// Interviewers are keyed by lowercased name so spelling differences in case do not split them.
#[must_use]
pub fn ratings(cards: &[&CardDigest]) -> Vec<Rating<String, (String, String)>> {
    cards
        .iter()
        .filter(|c| c.status == Status::Submitted)
        .flat_map(|card| {
            card.answers.iter().map(|a| Rating {
                rater: interviewer_key(&card.interviewer),
                unit: (card.candidate_id.clone(), a.question.clone()),
                score: a.score as f64,
            })
        })
        .collect()
}

/// Leniency per interviewer over all submitted scorecards, as adjustments for `--normalize`.
#[must_use]
pub fn adjustments(cards: &[&CardDigest]) -> Adjustments {
    leniency::leniency(&ratings(cards))
        .into_iter()
        .filter_map(|l| l.value.map(|v| (l.rater, v)))
        .collect()
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

/// Per-interviewer figures and agreement over every submitted scorecard given.
#[must_use]
pub fn calibrate(cards: &[&CardDigest]) -> Calibration {
    let mut cards: Vec<&CardDigest> = cards
        .iter()
        .copied()
        .filter(|c| c.status == Status::Submitted)
        .collect();
    cards.sort_by(|a, b| (&a.candidate_id, a.id).cmp(&(&b.candidate_id, b.id)));
    let all = ratings(&cards);
    let lenient: BTreeMap<String, Leniency<String>> = leniency::leniency(&all)
        .into_iter()
        .map(|l| (l.rater.clone(), l))
        .collect();

    // Display names: the first spelling seen of each interviewer.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut scorecards: BTreeMap<String, usize> = BTreeMap::new();
    for card in &cards {
        let key = interviewer_key(&card.interviewer);
        names
            .entry(key.clone())
            .or_insert_with(|| card.interviewer.clone());
        *scorecards.entry(key).or_default() += 1;
    }
    let interviewers = names
        .iter()
        .map(|(key, name)| {
            let scores: Vec<f64> = all
                .iter()
                .filter(|r| r.rater == *key)
                .map(|r| r.score)
                .collect();
            let l = lenient.get(key);
            InterviewerStats {
                interviewer: name.clone(),
                scorecards: scorecards.get(key).copied().unwrap_or(0),
                ratings: scores.len(),
                mean: mean(&scores),
                leniency: l.and_then(|l| l.value),
                shared_units: l.map_or(0, |l| l.shared_units),
            }
        })
        .collect();
    Calibration {
        interviewers,
        agreement: agreement_stats(&all, &names),
    }
}

fn agreement_stats(
    all: &[Rating<String, (String, String)>],
    names: &BTreeMap<String, String>,
) -> AgreementStats {
    let raters: Vec<&String> = names.keys().collect();
    // unit -> rater column -> (sum, count); a rater's repeated ratings of a unit are averaged.
    let mut cells: BTreeMap<&(String, String), Vec<(f64, usize)>> = BTreeMap::new();
    for rating in all {
        let Ok(column) = raters.binary_search(&&rating.rater) else {
            continue;
        };
        let row = cells
            .entry(&rating.unit)
            .or_insert_with(|| vec![(0.0, 0); raters.len()]);
        row[column].0 += rating.score;
        row[column].1 += 1;
    }
    let matrix: Vec<Vec<Option<f64>>> = cells
        .values()
        .map(|row| {
            row.iter()
                .map(|(sum, n)| (*n > 0).then(|| sum / *n as f64))
                .collect()
        })
        .collect();
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
    if matrix.is_empty() {
        return Err("there are no ratings".to_owned());
    }
    let pattern = |row: &Vec<Option<f64>>| row.iter().map(Option::is_some).collect::<Vec<bool>>();
    let first = pattern(&matrix[0]);
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

    fn card(
        n: u128,
        candidate: &str,
        interviewer: &str,
        status: Status,
        answers: &[(&str, &str, i64)],
    ) -> CardDigest {
        CardDigest {
            id: Uuid::from_u128(n),
            candidate_id: candidate.to_owned(),
            candidate: candidate.to_uppercase(),
            role: "Backend".to_owned(),
            interviewer: interviewer.to_owned(),
            status,
            recommendation: Some(Recommendation::Yes),
            submitted_at: None,
            categories: vec![("a".to_owned(), 1.0), ("b".to_owned(), 1.0)],
            answers: answers
                .iter()
                .map(|(q, c, s)| RatedAnswer {
                    question: (*q).to_owned(),
                    category: (*c).to_owned(),
                    score: *s,
                })
                .collect(),
            scale: (1, 4),
        }
    }

    #[test]
    fn candidate_scores_are_means_over_scorecards() {
        let cards = [
            card(
                1,
                "ada",
                "Grace",
                Status::Submitted,
                &[("q1", "a", 4), ("q2", "a", 3), ("q3", "b", 2)],
            ),
            card(
                2,
                "ada",
                "Alan",
                Status::Submitted,
                &[("q1", "a", 2), ("q3", "b", 2)],
            ),
        ];
        let result = candidate_result(&cards, None, false);
        // Grace: a 3.5, b 2, overall 2.75; Alan: a 2, b 2, overall 2.
        assert_eq!(result.categories.get("a"), Some(&2.75));
        assert_eq!(result.categories.get("b"), Some(&2.0));
        assert_eq!(result.overall, Some(2.375));
        assert_eq!(result.scorecards, 2);
        assert_eq!(result.recommendations.yes, 2);
        assert_eq!(result.disagreements.len(), 1);
        assert_eq!(result.disagreements[0].question.as_deref(), Some("q1"));
        assert_eq!(
            (result.disagreements[0].min, result.disagreements[0].max),
            (2.0, 4.0)
        );
    }

    #[test]
    fn drafts_withhold_scores_and_name_who_is_pending() {
        let cards = [
            card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 4)]),
            card(2, "ada", "Alan", Status::Draft, &[("q1", "a", 1)]),
        ];
        let result = candidate_result(&cards, None, false);
        assert!(result.withheld);
        assert_eq!(result.overall, None);
        assert_eq!(result.pending, ["Alan"]);
        assert_eq!(result.recommendations.yes, 0);
        let shown = candidate_result(&cards, None, true);
        assert_eq!(shown.overall, Some(4.0));
        assert_eq!(shown.scorecards, 1);
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
        let refs: Vec<&CardDigest> = cards.iter().collect();
        let adjust = adjustments(&refs);
        assert!((adjust["lenient"] - 1.0).abs() < 1e-9);
        assert!((adjust["fair"] + 0.5).abs() < 1e-9);
        let calibration = calibrate(&refs);
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
        let refs: Vec<&CardDigest> = cards.iter().collect();
        let agreement = calibrate(&refs).agreement;
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
        let refs: Vec<&CardDigest> = cards.iter().collect();
        let calibration = calibrate(&refs);
        assert_eq!(calibration.agreement.alpha_interval, None);
        assert!(calibration.agreement.alpha_note.is_some());
        assert_eq!(calibration.agreement.icc_single, None);
        assert!(calibration.agreement.icc_note.is_some());
        assert_eq!(calibration.interviewers[0].leniency, None);
    }

    #[test]
    fn ranking_puts_the_best_first_and_unscored_last() {
        let a = candidate_result(
            &[card(1, "a", "G", Status::Submitted, &[("q", "a", 2)])],
            None,
            false,
        );
        let b = candidate_result(
            &[card(2, "b", "G", Status::Submitted, &[("q", "a", 4)])],
            None,
            false,
        );
        let c = candidate_result(
            &[card(3, "c", "G", Status::Draft, &[("q", "a", 4)])],
            None,
            false,
        );
        let mut all = vec![c, a, b];
        rank(&mut all);
        let order: Vec<&str> = all.iter().map(|r| r.candidate_id.as_str()).collect();
        assert_eq!(order, ["b", "a", "c"]);
    }
}
