//! Disagreement: a question or category on which two different interviewers of one candidate
//! are 2 or more points apart. One interviewer may hold several scorecards for a candidate (a
//! phone screen and a technical round), so pairs are always of two different interviewers, and
//! the widest such pair is the one flagged: the debrief starts there.

use std::collections::BTreeMap;

use serde::Serialize;

use super::digest::{Adjustments, CardDigest, question_shift};
use super::scores::CardScores;
use crate::scorecard::InterviewerKey;

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

/// Questions, and categories, where two different interviewers are 2+ points apart (after
/// leniency adjustment when normalising, like every other score). One interviewer may hold
/// several scorecards for a candidate (a phone screen and a technical round), so the widest pair
/// is sought between interviewers, never between a score and the same person's other score.
pub(crate) fn disagreements(
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
    type Span<'n> = (InterviewerKey, (f64, &'n str), (f64, &'n str));
    let mut spans: Vec<Span<'a>> = Vec::new();
    for &(name, score) in scores {
        let key = InterviewerKey::of(name);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::Status;
    use crate::stats::panel::candidate_result;
    use crate::stats::panel::tests::card;

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
                if InterviewerKey::of(a.0) != InterviewerKey::of(b.0) {
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
        InterviewerKey::of(a) == InterviewerKey::of(b)
    }
}
