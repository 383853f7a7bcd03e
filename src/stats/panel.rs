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
use crate::scorecard::{Recommendation, Scorecard, Status};
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
    /// The bank the plan was drawn from (to name it when scales differ).
    pub bank: String,
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
            bank: card.bank.clone(),
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

/// Interviewers are told apart by name, ignoring case and surrounding space.
pub(crate) fn interviewer_key(name: &str) -> String {
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

/// One candidate as the panel sees them. While the candidate's figures are withheld (cards down)
/// every figure is `None`, which JSON writes as `null` and CSV as an empty cell, never 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateResult {
    pub candidate_id: String,
    pub candidate: String,
    pub role: String,
    /// Submitted scorecards.
    pub scorecards: usize,
    pub overall: Option<f64>,
    /// Category id to the candidate's mean.
    pub categories: Option<BTreeMap<String, f64>>,
    pub recommendations: Option<Tally>,
    /// Questions on which two interviewers are 2+ points apart (the contract's shape).
    pub disagreements: Option<Vec<Disagreement>>,
    /// Categories whose per-scorecard means are 2+ points apart between two interviewers.
    pub category_disagreements: Option<Vec<Disagreement>>,
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
            .flatten()
            .chain(self.category_disagreements.iter().flatten())
    }

    /// A category's mean (None while withheld or where nobody rated it).
    #[must_use]
    pub fn category(&self, id: &str) -> Option<f64> {
        self.categories.as_ref()?.get(id).copied()
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

/// The candidate's figures over their submitted scorecards. `pending` names the interviewers
/// whose cards of this candidate are drafts ([`super::cards_down::pending`] over every card of
/// the candidate); while it is not empty the figures are withheld, unless `include_pending`.
#[must_use]
pub fn candidate_result(
    cards: &[CardDigest],
    adjust: Option<&Adjustments>,
    pending: Vec<String>,
    include_pending: bool,
) -> CandidateResult {
    let mut cards: Vec<&CardDigest> = cards.iter().collect();
    cards.sort_by_key(|c| c.id);
    let newest = cards.last();
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
        categories: None,
        recommendations: None,
        disagreements: None,
        category_disagreements: None,
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
    let mut categories = BTreeMap::new();
    for category in &result.category_order {
        let means: Vec<f64> = per_card
            .iter()
            .filter_map(|s| s.category(category))
            .collect();
        if let Some(m) = mean(&means) {
            categories.insert(category.clone(), m);
        }
    }
    result.categories = Some(categories);
    let mut tally = Tally::default();
    for card in &submitted {
        if let Some(rec) = card.recommendation {
            tally.add(rec);
        }
    }
    result.recommendations = Some(tally);
    let (questions, categories) = disagreements(&submitted, &per_card, adjust);
    result.disagreements = Some(questions);
    result.category_disagreements = Some(categories);
    result
}

/// Questions, and categories, where two different interviewers are 2+ points apart (after
/// leniency adjustment when normalising, like every other score). One interviewer may hold
/// several scorecards for a candidate (a phone screen and a technical round), so the widest pair
/// is sought between interviewers, never between a score and the same person's other score.
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
    let flag = |question: Option<&str>, category: Option<&str>, scores: &[(&str, f64)]| {
        widest_pair(scores)
            .filter(|pair| pair.max - pair.min >= DISAGREEMENT - 1e-9)
            .map(|pair| Disagreement {
                question: question.map(str::to_owned),
                category: category.map(str::to_owned),
                min: pair.min,
                max: pair.max,
                low: pair.low.to_owned(),
                high: pair.high.to_owned(),
            })
    };
    let questions = by_question
        .iter()
        .filter_map(|(question, scores)| flag(Some(question), None, scores))
        .collect();
    let categories = by_category
        .iter()
        .filter_map(|(category, scores)| flag(None, Some(category), scores))
        .collect();
    (questions, categories)
}

/// The lowest and highest of two different interviewers' scores, as far apart as any such pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair<'a> {
    pub min: f64,
    pub max: f64,
    pub low: &'a str,
    pub high: &'a str,
}

/// The widest gap between scores of two different interviewers (None with fewer than two
/// interviewers). Each interviewer's own lowest and highest score are kept, so the search is over
/// interviewers, not scores: O(scores + interviewers²). Ties go to the first seen.
#[must_use]
pub fn widest_pair<'a>(scores: &[(&'a str, f64)]) -> Option<Pair<'a>> {
    // (key, (lowest, its name), (highest, its name)) per interviewer, in first-seen order.
    type Span<'n> = (String, (f64, &'n str), (f64, &'n str));
    let mut spans: Vec<Span<'a>> = Vec::new();
    for &(name, score) in scores {
        let key = interviewer_key(name);
        match spans.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, low, high)) => {
                if score < low.0 {
                    *low = (score, name);
                }
                if score > high.0 {
                    *high = (score, name);
                }
            }
            None => spans.push((key, (score, name), (score, name))),
        }
    }
    let mut best: Option<Pair<'a>> = None;
    for (i, (_, low, _)) in spans.iter().enumerate() {
        for (j, (_, _, high)) in spans.iter().enumerate() {
            if i == j {
                continue;
            }
            let gap = high.0 - low.0;
            if best.is_none_or(|b| gap > b.max - b.min) {
                best = Some(Pair {
                    min: low.0,
                    max: high.0,
                    low: low.1,
                    high: high.1,
                });
            }
        }
    }
    best
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
            bank: "bank".to_owned(),
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
        let result = candidate_result(&cards, None, pending(&cards), false);
        // Grace: a 3.5, b 2, overall 2.75; Alan: a 2, b 2, overall 2.
        assert_eq!(result.category("a"), Some(2.75));
        assert_eq!(result.category("b"), Some(2.0));
        assert_eq!(result.overall, Some(2.375));
        assert_eq!(result.scorecards, 2);
        assert_eq!(result.recommendations.map(|t| t.yes), Some(2));
        let disagreements = result.disagreements.expect("shown");
        assert_eq!(disagreements.len(), 1);
        assert_eq!(disagreements[0].question.as_deref(), Some("q1"));
        assert_eq!((disagreements[0].min, disagreements[0].max), (2.0, 4.0));
    }

    #[test]
    fn drafts_withhold_scores_and_name_who_is_pending() {
        let cards = [
            card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 4)]),
            card(2, "ada", "Alan", Status::Draft, &[("q1", "a", 1)]),
        ];
        let result = candidate_result(&cards, None, pending(&cards), false);
        assert!(result.withheld);
        assert_eq!(result.overall, None);
        assert_eq!(result.pending, ["Alan"]);
        assert_eq!(result.recommendations, None);
        assert_eq!(result.categories, None);
        assert_eq!(result.disagreements, None);
        let shown = candidate_result(&cards, None, pending(&cards), true);
        assert_eq!(shown.overall, Some(4.0));
        assert_eq!(shown.scorecards, 1);
    }

    fn pending(cards: &[CardDigest]) -> Vec<String> {
        crate::stats::cards_down::pending(cards)
    }

    #[test]
    fn ranking_puts_the_best_first_and_unscored_last() {
        let a = candidate_result(
            &[card(1, "a", "G", Status::Submitted, &[("q", "a", 2)])],
            None,
            Vec::new(),
            false,
        );
        let b = candidate_result(
            &[card(2, "b", "G", Status::Submitted, &[("q", "a", 4)])],
            None,
            Vec::new(),
            false,
        );
        let c = candidate_result(
            &[card(3, "c", "G", Status::Draft, &[("q", "a", 4)])],
            None,
            Vec::new(),
            false,
        );
        let mut all = vec![c, a, b];
        rank(&mut all);
        let order: Vec<&str> = all.iter().map(|r| r.candidate_id.as_str()).collect();
        assert_eq!(order, ["b", "a", "c"]);
    }

    #[test]
    fn an_interviewer_with_two_rounds_is_compared_with_colleagues_not_with_themself() {
        // Grace sat the phone screen (a 1) and the technical round (a 4); Alan gave 1. The lowest
        // and highest scores are both Grace's, yet Alan is 3 points from her technical round.
        let mut screen = card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 1)]);
        screen.categories = vec![("a".to_owned(), 1.0)];
        let mut technical = card(2, "ada", "grace ", Status::Submitted, &[("q2", "a", 4)]);
        technical.categories = vec![("a".to_owned(), 1.0)];
        let mut colleague = card(3, "ada", "Alan", Status::Submitted, &[("q2", "a", 1)]);
        colleague.categories = vec![("a".to_owned(), 1.0)];
        let cards = [screen, technical, colleague];
        let result = candidate_result(&cards, None, Vec::new(), false);
        let categories = result.category_disagreements.expect("shown");
        assert_eq!(categories.len(), 1, "{categories:?}");
        let d = &categories[0];
        assert_eq!(d.category.as_deref(), Some("a"));
        assert_eq!((d.min, d.max), (1.0, 4.0));
        assert_eq!((d.low.as_str(), d.high.as_str()), ("Alan", "grace "));
        let questions = result.disagreements.expect("shown");
        assert_eq!(questions.len(), 1);
        assert_eq!(questions[0].question.as_deref(), Some("q2"));
    }

    #[test]
    fn one_interviewer_alone_never_disagrees_with_themself() {
        let scores = [("Grace", 1.0), ("grace", 4.0)];
        assert_eq!(widest_pair(&scores), None);
        let result = candidate_result(
            &[
                card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 1)]),
                card(2, "ada", "GRACE", Status::Submitted, &[("q1", "a", 4)]),
            ],
            None,
            Vec::new(),
            false,
        );
        assert_eq!(result.disagreements, Some(Vec::new()));
    }

    /// The definition, stated plainly: some pair of scores by two different interviewers is 2+
    /// apart; the flagged gap is the largest such pair's.
    fn brute_force(scores: &[(&str, f64)]) -> Option<f64> {
        let mut widest: Option<f64> = None;
        for (i, a) in scores.iter().enumerate() {
            for b in &scores[i + 1..] {
                if interviewer_key(a.0) != interviewer_key(b.0) {
                    let gap = (a.1 - b.1).abs();
                    widest = Some(widest.map_or(gap, |w: f64| w.max(gap)));
                }
            }
        }
        widest.filter(|w| *w >= DISAGREEMENT)
    }

    #[test]
    fn flagged_disagreements_match_the_pairwise_definition_on_random_panels() {
        use rand_chacha::ChaCha8Rng;
        use rand_core::{Rng, SeedableRng};
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let names = ["Grace", "Alan", "Ada", "grace"];
        let mut draw = |n: u64| rng.next_u64() % n;
        for panel in 0..500 {
            let count = 1 + draw(5);
            let cards: Vec<CardDigest> = (0..count)
                .map(|i| {
                    let name = names[usize::try_from(draw(4)).unwrap_or(0)];
                    let mut answers: Vec<(&str, &str, i64)> = Vec::new();
                    for (q, category) in [("q1", "a"), ("q2", "a"), ("q3", "b")] {
                        if draw(4) > 0 {
                            answers.push((q, category, 1 + draw(4).cast_signed()));
                        }
                    }
                    card(u128::from(i), "c", name, Status::Submitted, &answers)
                })
                .collect();
            let result = candidate_result(&cards, None, Vec::new(), false);
            for question in ["q1", "q2", "q3"] {
                let scores: Vec<(&str, f64)> = cards
                    .iter()
                    .flat_map(|c| {
                        c.answers
                            .iter()
                            .filter(|a| a.question == question)
                            .map(|a| (c.interviewer.as_str(), a.score as f64))
                    })
                    .collect();
                let flagged = result
                    .disagreements
                    .iter()
                    .flatten()
                    .find(|d| d.question.as_deref() == Some(question))
                    .map(|d| {
                        assert!(!same_name(&d.low, &d.high), "panel {panel}: {d:?}");
                        d.max - d.min
                    });
                assert_eq!(flagged, brute_force(&scores), "panel {panel}, {question}");
            }
            for category in ["a", "b"] {
                let scores: Vec<(&str, f64)> = cards
                    .iter()
                    .filter_map(|c| {
                        let mean = c.scores(None).category(category)?;
                        Some((c.interviewer.as_str(), mean))
                    })
                    .collect();
                let flagged = result
                    .category_disagreements
                    .iter()
                    .flatten()
                    .find(|d| d.category.as_deref() == Some(category))
                    .map(|d| d.max - d.min);
                assert_eq!(flagged, brute_force(&scores), "panel {panel}, {category}");
            }
        }
    }

    fn same_name(a: &str, b: &str) -> bool {
        interviewer_key(a) == interviewer_key(b)
    }
}
