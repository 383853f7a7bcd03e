//! Question banks: the validated types the rest of scorecard works with, and the built-in banks.
//!
//! A bank file is parsed strictly and validated in [`parse`]; what comes out is a [`Bank`] whose
//! invariants hold everywhere else: ids are unique and well-formed, every question names an existing
//! category, the scale is coherent, and every round can be satisfied by the bank.

pub mod catalog;
mod chunked;
pub mod parse;
mod raw;

use serde::{Deserialize, Serialize};

pub use crate::rubric::{Category, Scale, ScaleLevel};
pub use parse::parse_bank;

/// The bank used when neither `--bank` nor the workspace's `default_bank` names one.
pub const DEFAULT_BANK: &str = "nodejs-backend-senior";

/// Banks compiled into the binary, so they work from any directory: (id, file name, TOML text).
pub const BUILT_IN: &[(&str, &str, &str)] = &[(
    "nodejs-backend-senior",
    "nodejs-backend-senior.toml",
    include_str!("../../banks/nodejs-backend-senior.toml"),
)];

/// The seniority a question is pitched at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
    Staff,
}

impl Level {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
            Level::Staff => "staff",
        }
    }
}

fn default_minutes() -> u32 {
    5
}

/// One question with everything an interviewer needs to ask and judge it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub category: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default = "default_minutes")]
    pub minutes: u32,
    #[serde(default)]
    pub expected: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// How many questions a round takes from one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pick {
    pub category: String,
    pub count: usize,
}

/// A preset: questions per category and the time budget they must fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub pick: Vec<Pick>,
}

/// A validated question bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bank {
    pub id: String,
    pub title: String,
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub scale: Scale,
    pub categories: Vec<Category>,
    pub questions: Vec<Question>,
    pub rounds: Vec<Round>,
}

impl Bank {
    #[must_use]
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    #[must_use]
    pub fn round(&self, id: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id == id)
    }

    /// Questions of one category, in bank order.
    pub fn questions_in<'a>(
        &'a self,
        category: &'a str,
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |q| q.category == category)
    }

    #[must_use]
    pub fn category_ids(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.id.clone()).collect()
    }
}

/// Whether `id` is a valid bank, category, question or round id: `[a-z0-9][a-z0-9_-]{0,63}`.
pub use crate::fields::is_valid_id;

/// The built-in bank with this id, parsed. Built-in banks are checked by the test suite, so a
/// failure here is a build defect, reported like any invalid file.
#[must_use]
pub fn built_in(id: &str) -> Option<Result<Bank, crate::Error>> {
    BUILT_IN
        .iter()
        .find(|(bank_id, _, _)| *bank_id == id)
        .map(|(_, file, text)| parse_bank(&format!("<built-in>/{file}"), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("event-loop-phases"));
        assert!(is_valid_id("0day"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("Async"));
        assert!(is_valid_id("a_b"));
        assert!(!is_valid_id(&"a".repeat(65)));
    }

    #[test]
    fn scale_labels() {
        let scale = Scale::default();
        assert_eq!(scale.label(1), Some("Strong no"));
        assert_eq!(scale.label(4), Some("Strong yes"));
        assert_eq!(scale.label(0), None);
        assert_eq!(scale.label(5), None);
        assert_eq!(scale.label(i64::MIN), None);
        assert!(scale.describe().starts_with("1 (Strong no), 2 (No)"));
    }

    #[test]
    fn built_in_banks_are_valid() {
        for (id, _, _) in BUILT_IN {
            let bank = built_in(id).unwrap().unwrap();
            assert_eq!(bank.id, *id);
        }
    }
}
