//! The panel's view: per-candidate scores over submitted scorecards, disagreements, the
//! recommendation tally, cards-down withholding, leniency and agreement. Pure functions over
//! [`CardDigest`]s, the part of a scorecard these figures need (no notes, no history).
//!
//! Determinism: inputs are sorted (candidates by id, scorecards by id) before any float is summed,
//! so the parallel loader and a sequential one give exactly the same figures.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use uuid::Uuid;

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

/// What `--normalize` and `--model` subtract from every score before averaging.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjustments {
    /// Leniency per interviewer (keyed by lowercased name).
    pub interviewers: HashMap<String, f64>,
    /// Difficulty per question id (the rater model's; empty for `--normalize`).
    pub questions: HashMap<String, f64>,
}

impl Adjustments {
    /// Leniencies alone, as `--normalize` subtracts them.
    #[must_use]
    pub fn leniency(interviewers: HashMap<String, f64>) -> Self {
        Adjustments {
            interviewers,
            questions: HashMap::new(),
        }
    }
}

/// Interviewers are told apart by name, ignoring case and surrounding space.
pub(crate) fn interviewer_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The question's difficulty to subtract (0 unless adjusting by the rater model).
fn question_shift(adjust: Option<&Adjustments>, question: &str) -> f64 {
    adjust
        .and_then(|a| a.questions.get(question))
        .copied()
        .unwrap_or(0.0)
}

impl CardDigest {
    /// The interviewer's leniency to subtract (0 when not normalising or unknown).
    fn shift(&self, adjust: Option<&Adjustments>) -> f64 {
        adjust
            .and_then(|a| a.interviewers.get(&interviewer_key(&self.interviewer)))
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
                    .map(|a| a.score as f64 - shift - question_shift(adjust, &a.question))
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
    /// Questions on which interviewers are 2+ points apart (the contract's shape).
    pub disagreements: Vec<Disagreement>,
    /// Categories whose per-scorecard means are 2+ points apart.
    pub category_disagreements: Vec<Disagreement>,
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

impl CandidateResult {
    /// Question disagreements, then category ones.
    pub fn all_disagreements(&self) -> impl Iterator<Item = &Disagreement> {
        self.disagreements
            .iter()
            .chain(&self.category_disagreements)
    }
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
        category_disagreements: Vec::new(),
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
    let (questions, categories) = disagreements(&submitted, &per_card, adjust);
    result.disagreements = questions;
    result.category_disagreements = categories;
    result
}

/// Questions, and categories, where the lowest and highest interviewer are 2+ points apart
/// (after leniency adjustment when normalising, like every other score).
fn disagreements(
    cards: &[&CardDigest],
    per_card: &[CardScores],
    adjust: Option<&Adjustments>,
) -> (Vec<Disagreement>, Vec<Disagreement>) {
    // question -> [(interviewer, score)], in card order.
    let mut by_question: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    for (card, scores) in cards.iter().zip(per_card) {
        let shift = card.shift(adjust);
        for answer in &card.answers {
            by_question.entry(&answer.question).or_default().push((
                &card.interviewer,
                answer.score as f64 - shift - question_shift(adjust, &answer.question),
            ));
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
    let mut questions = Vec::new();
    for (question, scores) in &by_question {
        if let Some((min, max, low, high)) = spread(scores) {
            questions.push(Disagreement {
                question: Some((*question).to_owned()),
                category: None,
                min,
                max,
                low,
                high,
            });
        }
    }
    let mut categories = Vec::new();
    for (category, scores) in &by_category {
        if let Some((min, max, low, high)) = spread(scores) {
            categories.push(Disagreement {
                question: None,
                category: Some((*category).to_owned()),
                min,
                max,
                low,
                high,
            });
        }
    }
    (questions, categories)
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A digest for tests: categories `a` and `b`, weight 1, scale 1-4.
    pub(crate) fn card(
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
