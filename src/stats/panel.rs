//! The panel's view: per-candidate scores over submitted scorecards, disagreements, the
//! recommendation tally and cards-down withholding. Pure functions over
//! [`CardDigest`]s (see [`super::digest`]).
//!
//! Determinism: inputs are sorted (candidates by id, scorecards by id) before any float is summed,
//! so the parallel loader and a sequential one give exactly the same figures.

use indexmap::IndexSet;
use std::collections::BTreeMap;

use serde::Serialize;

pub use super::digest::{Adjustments, CardDigest, RatedAnswer};
use super::disagreement::disagreements;
pub use super::disagreement::{DISAGREEMENT, Disagreement};
use super::scores::{CardScores, mean};
use crate::scorecard::{Recommendation, Status};

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
    let category_order: Vec<String> = cards
        .iter()
        .flat_map(|card| card.categories.iter().map(|(category, _)| category.clone()))
        .collect::<IndexSet<String>>()
        .into_iter()
        .collect();
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
    use crate::scorecard::InterviewerKey;
    use uuid::Uuid;

    #[test]
    fn an_interviewers_adjustment_is_found_whatever_the_case_and_spacing_of_the_name() {
        assert_eq!(
            InterviewerKey::of("  Grace Hopper "),
            InterviewerKey::of("grace HOPPER")
        );
        assert_ne!(InterviewerKey::of("Grace"), InterviewerKey::of("Gracie"));
        let adjust = Adjustments::leniency([(InterviewerKey::of("GRACE"), 0.5)].into());
        let digest = card(1, "ada", " grace ", Status::Submitted, &[("q", "a", 3)]);
        assert!((digest.shift(Some(&adjust)) - 0.5).abs() < 1e-12);
        assert_eq!(digest.scores(Some(&adjust)).overall, Some(2.5));
    }

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
}
