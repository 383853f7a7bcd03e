//! The rubric every bank, plan and scorecard carries: the rating scale (whole numbers with a
//! label each) and the categories with their weights. Plain data below both the bank and the
//! field rules, so that either can use it without the other.

use serde::{Deserialize, Serialize};

/// The rating scale: whole numbers from `min` to `max`, one label per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    pub labels: Vec<String>,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            min: 1,
            max: 4,
            labels: ["Strong no", "No", "Yes", "Strong yes"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl Scale {
    #[must_use]
    pub fn contains(&self, score: i64) -> bool {
        (self.min..=self.max).contains(&score)
    }

    /// The label of a score, if the score is on the scale.
    #[must_use]
    pub fn label(&self, score: i64) -> Option<&str> {
        let index = usize::try_from(score.checked_sub(self.min)?).ok()?;
        self.labels.get(index).map(String::as_str)
    }

    /// Every score of the scale with its label, lowest first.
    #[must_use]
    pub fn levels(&self) -> Vec<ScaleLevel> {
        (self.min..=self.max)
            .map(|score| ScaleLevel {
                score,
                label: self.label(score).unwrap_or_default().to_owned(),
            })
            .collect()
    }

    /// `1 (Strong no), 2 (No), ...`, for messages and prompts.
    #[must_use]
    pub fn describe(&self) -> String {
        self.levels()
            .iter()
            .map(|level| format!("{} ({})", level.score, level.label))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One score of a scale and its label, as templates and JSON show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScaleLevel {
    pub score: i64,
    pub label: String,
}

/// A group of questions with its weight in the overall score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    /// Required in banks (checked there); plans and scorecards may leave it out.
    #[serde(default)]
    pub title: String,
    #[serde(default = "default_weight")]
    pub weight: f64,
}

fn default_weight() -> f64 {
    1.0
}
