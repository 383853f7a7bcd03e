//! Scores of one scorecard, as the contract defines them: a category's score is the mean of its
//! rated answers; the overall score is the weight-averaged mean of the category scores. Skipped
//! and open answers count nowhere.

use crate::scorecard::Scorecard;

/// The mean score of one category on one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryScore {
    pub category: String,
    pub mean: f64,
    /// How many rated answers the mean rests on.
    pub rated: usize,
}

/// A scorecard's category scores (in the scorecard's category order) and overall score.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CardScores {
    pub categories: Vec<CategoryScore>,
    pub overall: Option<f64>,
}

impl CardScores {
    #[must_use]
    pub fn category(&self, id: &str) -> Option<f64> {
        self.categories
            .iter()
            .find(|c| c.category == id)
            .map(|c| c.mean)
    }
}

/// Category means and the weighted overall score of a scorecard.
#[must_use]
pub fn card_scores(card: &Scorecard) -> CardScores {
    let categories = weighted_categories(card);
    by_category(&categories, |category| {
        card.answers
            .iter()
            .filter(|a| a.category == category && !a.skipped)
            .filter_map(|a| a.score)
            .map(|s| s as f64)
            .collect()
    })
}

/// A scorecard's category ids in its order, then any category only its answers name (weight 1).
#[must_use]
pub fn weighted_categories(card: &Scorecard) -> Vec<(String, f64)> {
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
    categories
}

/// The one scoring rule: each category's mean over `scores_of(category)` (a category with no
/// score left out), and the overall as their mean weighted by `categories`' weights. Raw and
/// adjusted scores both go through here.
#[must_use]
pub fn by_category(
    categories: &[(String, f64)],
    scores_of: impl Fn(&str) -> Vec<f64>,
) -> CardScores {
    let mut weights = Vec::new();
    let categories: Vec<CategoryScore> = categories
        .iter()
        .filter_map(|(category, weight)| {
            let scores = scores_of(category);
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

/// The mean, or None for no values.
#[must_use]
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// The weighted mean of (weight, value) pairs; None when there are none or the weights sum to 0.
#[must_use]
pub fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut total, mut weights) = (0.0, 0.0);
    for (weight, value) in pairs {
        total += weight * value;
        weights += weight;
    }
    (weights > 0.0).then(|| total / weights)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Category;
    use crate::scorecard::Answer;

    fn answer(question: &str, category: &str, score: Option<i64>, skipped: bool) -> Answer {
        Answer {
            question: question.to_owned(),
            category: category.to_owned(),
            score,
            skipped,
            notes: String::new(),
            seconds: None,
            covered: Vec::new(),
            flags: Vec::new(),
            rated_at: None,
        }
    }

    #[test]
    fn category_means_and_weighted_overall() {
        let text = r#"
schema = 1
id = "01a21733-83f4-751b-94cc-2cdac2fb76d1"
plan = "01a21733-83f4-751b-94cc-2cdac2fb76d2"
candidate = "Ada"
candidate_id = "ada"
interviewer = "Grace"
status = "submitted"
started_at = "2026-11-26T09:00:00Z"
submitted_at = "2026-11-26T10:00:00Z"
recommendation = "yes"
"#;
        let mut card = crate::scorecard::parse_scorecard("s.toml", text).unwrap();
        card.categories = vec![
            Category {
                id: "a".into(),
                title: "A".into(),
                weight: 3.0,
            },
            Category {
                id: "b".into(),
                title: "B".into(),
                weight: 1.0,
            },
        ];
        card.answers = vec![
            answer("a1", "a", Some(4), false),
            answer("a2", "a", Some(3), false),
            answer("a3", "a", None, true),
            answer("b1", "b", Some(1), false),
            answer("c1", "c", None, false),
        ];
        let scores = card_scores(&card);
        assert_eq!(scores.category("a"), Some(3.5));
        assert_eq!(scores.category("b"), Some(1.0));
        assert_eq!(scores.category("c"), None);
        // (3 * 3.5 + 1 * 1.0) / 4
        assert_eq!(scores.overall, Some(2.875));

        // A category only an answer names counts with weight 1, in both paths alike.
        card.answers.push(answer("d1", "d", Some(2), false));
        let scores = card_scores(&card);
        assert_eq!(scores.category("d"), Some(2.0));
        // (3 * 3.5 + 1 * 1.0 + 1 * 2.0) / 5
        assert_eq!(scores.overall, Some(2.7));
        // The panel's digest scores through the same rule.
        let digest = crate::stats::panel::CardDigest::from(&card);
        assert_eq!(digest.scores(None), scores);
    }

    #[test]
    fn nothing_rated_means_no_score() {
        assert_eq!(mean(&[]), None);
        assert_eq!(weighted_mean(std::iter::empty()), None);
        assert_eq!(weighted_mean([(0.0, 3.0)].into_iter()), None);
    }
}
