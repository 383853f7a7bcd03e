//! Interview plans: the questions chosen for one candidate's round, copied whole out of the bank so
//! that a later change to the bank never changes a plan. The pick itself is in [`select`].

pub mod create;
pub mod select;
pub mod store;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::at;
use crate::bank::{Bank, Category, Question, Scale};
use crate::document::{self, SCHEMA};
use crate::error::{Error, Result, quoted_list};
use crate::fields::{Checks, Location};
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
    parse_plan_in(label, text, &Location::default())
}

/// [`parse_plan`] for a file at `location`: its `candidate_id` must equal its folder's name and
/// its `id` the one in its file name.
pub fn parse_plan_in(label: &str, text: &str, location: &Location) -> Result<Plan> {
    let plan: Plan = document::parse_toml(label, text, "plan")?;
    document::require_schema(label, text, "plan", plan.schema)?;
    let mut checks = Checks::new();
    plan.check(location, &mut checks);
    checks.finish(label, text)?;
    Ok(plan)
}

/// The most minutes a plan's time budget may be (a day), as `plan new --minutes` allows.
const MAX_BUDGET_MINUTES: u64 = 1440;
/// The most minutes one question may take, as in banks.
const MAX_QUESTION_MINUTES: u64 = 120;
/// The most questions a plan holds, and the most expected points or red flags a question lists:
/// the bounds a scorecard's answers and checklist marks are read with.
pub const MAX_QUESTIONS: usize = 1000;

impl Plan {
    /// Refuses a new plan that could not be read back (a role holding a line break...).
    pub fn check_new(&self) -> Result<()> {
        let mut checks = Checks::new();
        let location = Location {
            folder: Some(self.candidate_id.clone()),
            file_id: None,
        };
        self.check(&location, &mut checks);
        checks.before_write()
    }

    /// Every rule a plan file must keep, one field at a time.
    fn check(&self, location: &Location, checks: &mut Checks) {
        checks.file_id(at!["id"], "plan", &self.id, location.file_id.as_deref());
        checks.candidate_fields(
            (&self.candidate, &self.candidate_id),
            location.folder.as_deref(),
            &self.role,
            self.round.as_deref(),
        );
        if let Some(minutes) = self.minutes {
            checks.bounded(
                at!["minutes"],
                "`minutes`",
                u64::from(minutes),
                1..=MAX_BUDGET_MINUTES,
            );
        }
        checks.id(at!["bank", "id"], "bank", &self.bank.id);
        checks.one_line(
            at!["bank", "title"],
            "bank `title`",
            &self.bank.title,
            false,
        );
        checks.one_line(
            at!["bank", "version"],
            "bank `version`",
            &self.bank.version,
            false,
        );
        let scale_ok = checks.scale(at!["scale"], &self.scale);
        checks.categories(&self.categories);
        if self.questions.is_empty() {
            checks.report(
                at!["questions"],
                "plan has no questions; a plan holds at least one `[[questions]]`".to_owned(),
            );
        }
        if self.questions.len() > MAX_QUESTIONS {
            checks.report(
                at!["questions"],
                format!(
                    "plan has {} questions; a plan holds at most {MAX_QUESTIONS} (a scorecard answers each)",
                    self.questions.len()
                ),
            );
        }
        let levels = self.scale.labels.len();
        let mut seen = HashSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            checks.id(at!["questions", i, "id"], "question", &q.id);
            if !seen.insert(q.id.as_str()) {
                checks.report(
                    at!["questions", i, "id"],
                    format!("question id `{}` is used twice; ids must be unique", q.id),
                );
            }
            if !self.categories.iter().any(|c| c.id == q.category) {
                let listed: Vec<&str> = self.categories.iter().map(|c| c.id.as_str()).collect();
                checks.report(
                    at!["questions", i, "category"],
                    format!(
                        "question `{}` names category `{}`, which the plan does not list; valid: {}",
                        q.id,
                        q.category.escape_debug(),
                        quoted_list(&listed, 20)
                    ),
                );
            }
            if q.prompt.trim().is_empty() {
                checks.report(
                    at!["questions", i, "prompt"],
                    format!("the prompt of question `{}` must not be empty", q.id),
                );
            }
            checks.multi_line(at!["questions", i, "prompt"], "the prompt", &q.prompt);
            checks.bounded(
                at!["questions", i, "minutes"],
                "question `minutes`",
                u64::from(q.minutes),
                1..=MAX_QUESTION_MINUTES,
            );
            for (field, items) in [("expected", &q.expected), ("red_flags", &q.red_flags)] {
                if items.len() > MAX_QUESTIONS {
                    checks.report(
                        at!["questions", i, field],
                        format!(
                            "question `{}` lists {} `{field}`; at most {MAX_QUESTIONS}, as a scorecard's checklist marks go",
                            q.id,
                            items.len()
                        ),
                    );
                }
            }
            for (field, items) in [
                ("expected", &q.expected),
                ("follow_ups", &q.follow_ups),
                ("red_flags", &q.red_flags),
                ("anchors", &q.anchors),
            ] {
                for (j, item) in items.iter().enumerate() {
                    checks.multi_line(at!["questions", i, field, j], &format!("`{field}`"), item);
                }
            }
            if scale_ok && !q.anchors.is_empty() && q.anchors.len() != levels {
                checks.report(
                    at!["questions", i, "anchors"],
                    format!("question `{}` has {} anchors; give exactly one per scale level ({levels}), or none", q.id, q.anchors.len()),
                );
            }
            for (j, tag) in q.tags.iter().enumerate() {
                checks.one_line(at!["questions", i, "tags", j], "a tag", tag, false);
            }
        }
    }
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
