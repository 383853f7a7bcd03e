//! Interview plans: the questions chosen for one candidate's round, copied whole out of the bank so
//! that a later change to the bank never changes a plan. The pick itself is in [`select`].

pub mod create;
pub mod select;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::bank::{Bank, Category, Question, Scale};
use crate::document::{self, SCHEMA};
use crate::error::{Error, Result};
use crate::timestamp::Timestamp;

/// Which bank (and which version of it) a plan was drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankRef {
    pub id: String,
    pub title: String,
    pub version: String,
}

/// A plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub schema: i64,
    pub id: Uuid,
    pub created_at: Timestamp,
    pub candidate: String,
    pub candidate_id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    pub seed: u64,
    /// The time budget the questions were fitted to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    pub bank: BankRef,
    #[serde(default)]
    pub scale: Scale,
    pub categories: Vec<Category>,
    pub questions: Vec<Question>,
}

/// Who and what a new plan is for (everything but the questions).
#[derive(Debug, Clone)]
pub struct PlanHeader {
    pub candidate: String,
    pub candidate_id: String,
    pub role: String,
    pub round: Option<String>,
    pub seed: u64,
    pub minutes: Option<u32>,
}

impl Plan {
    /// A new plan from picked questions, copying the scale and the categories it uses.
    #[must_use]
    pub fn new(bank: &Bank, header: PlanHeader, questions: Vec<Question>) -> Plan {
        let categories = bank
            .categories
            .iter()
            .filter(|c| questions.iter().any(|q| q.category == c.id))
            .cloned()
            .collect();
        Plan {
            schema: SCHEMA,
            id: Uuid::now_v7(),
            created_at: Timestamp::now(),
            candidate: header.candidate,
            candidate_id: header.candidate_id,
            role: header.role,
            round: header.round,
            seed: header.seed,
            minutes: header.minutes,
            bank: BankRef {
                id: bank.id.clone(),
                title: bank.title.clone(),
                version: bank.version.clone(),
            },
            scale: bank.scale.clone(),
            categories,
            questions,
        }
    }

    /// The sum of the questions' minutes.
    #[must_use]
    pub fn total_minutes(&self) -> u32 {
        self.questions.iter().map(|q| q.minutes).sum()
    }

    #[must_use]
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    #[must_use]
    pub fn category_title(&self, id: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.id == id)
            .filter(|c| !c.title.is_empty())
            .map_or_else(|| id.to_owned(), |c| c.title.clone())
    }

    /// The file text.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self)
            .map_err(|err| Error::refused(format!("cannot write plan `{}`: {err}", self.id)))
    }
}

/// Parses a plan file and checks what the rest of scorecard relies on.
pub fn parse_plan(label: &str, text: &str) -> Result<Plan> {
    let plan: Plan = document::parse_toml(label, text, "plan")?;
    document::require_schema(label, text, "plan", plan.schema)?;
    let problem = |message: String| Err(Error::invalid(label, None, message));
    if plan.scale.min >= plan.scale.max {
        return problem(format!(
            "plan scale `max` ({}) must be greater than `min` ({})",
            plan.scale.max, plan.scale.min
        ));
    }
    for q in &plan.questions {
        if !plan.categories.iter().any(|c| c.id == q.category) {
            return problem(format!(
                "plan question `{}` names category `{}`, which the plan does not list",
                q.id, q.category
            ));
        }
    }
    if plan.questions.is_empty() {
        return problem("plan has no questions".to_owned());
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_round_trip_through_toml() {
        let bank = crate::bank::built_in(crate::bank::DEFAULT_BANK)
            .unwrap()
            .unwrap();
        let header = PlanHeader {
            candidate: "Ada \"The Countess\" Lovelace".to_owned(),
            candidate_id: "ada-lovelace".to_owned(),
            role: "Backend".to_owned(),
            round: Some("phone-screen".to_owned()),
            seed: u64::try_from(i64::MAX).unwrap(),
            minutes: Some(30),
        };
        let plan = Plan::new(&bank, header, bank.questions[..3].to_vec());
        let text = plan.to_toml().unwrap();
        let parsed = parse_plan("p.toml", &text).unwrap();
        assert_eq!(parsed, plan);
        assert!(text.starts_with("schema = 1\n"), "{text}");
    }
}
