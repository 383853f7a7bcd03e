//! Scorecards: one interviewer's ratings and notes for one candidate on one plan, then a
//! recommendation. The operations here (start, rate, skip, submit, amend) are pure: they change a
//! [`Scorecard`] value or refuse with a reason. Reading and writing them is in [`store`].

mod check;
pub mod history;
pub mod store;

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::bank::{Category, Scale};
use crate::document::SCHEMA;
use crate::error::{Error, Result, quoted_list};
use crate::plan::Plan;
use crate::timestamp::Timestamp;
pub use check::{parse_scorecard, parse_scorecard_in};
pub use history::{Amendment, Change};

/// The most seconds one answer records (a day); longer times saturate here.
pub const MAX_SECONDS: u64 = 86_400;

/// Where a scorecard is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
}

impl Status {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
        }
    }
}

/// The interviewer's overall call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Recommendation {
    StrongNo,
    No,
    Yes,
    StrongYes,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [
        Recommendation::StrongNo,
        Recommendation::No,
        Recommendation::Yes,
        Recommendation::StrongYes,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::StrongNo => "strong-no",
            Recommendation::No => "no",
            Recommendation::Yes => "yes",
            Recommendation::StrongYes => "strong-yes",
        }
    }

    /// Position in [`Recommendation::ALL`], for tallies.
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Recommendation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rating of one planned question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub question: String,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
    #[serde(default)]
    pub skipped: bool,
    #[serde(default)]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
    /// Expected points the candidate covered, 1-based into the question's `expected`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covered: Vec<usize>,
    /// Red flags observed, 1-based into the question's `red_flags`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rated_at: Option<Timestamp>,
}

impl Answer {
    /// Records a score (or a skip, for None). Notes and seconds replace the old ones when given.
    fn record(
        &mut self,
        score: Option<i64>,
        notes: Option<&str>,
        seconds: Option<u64>,
        now: Timestamp,
    ) {
        self.score = score;
        self.skipped = score.is_none();
        if let Some(notes) = notes {
            notes.clone_into(&mut self.notes);
        }
        if let Some(seconds) = seconds {
            self.seconds = Some(seconds.min(MAX_SECONDS));
        }
        self.rated_at = Some(now);
    }

    /// Neither rated nor skipped yet.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.score.is_none() && !self.skipped
    }
}

/// A scorecard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub schema: i64,
    pub id: Uuid,
    pub plan: Uuid,
    pub candidate: String,
    pub candidate_id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    pub interviewer: String,
    #[serde(default)]
    pub bank: String,
    pub status: Status,
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Recommendation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The recommendation picked in `interview` but not yet submitted (drafts only); `submit`
    /// moves it to `recommendation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_recommendation: Option<Recommendation>,
    #[serde(default)]
    pub scale: Scale,
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub answers: Vec<Answer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Amendment>,
}

/// Marks (`covered`, `flags`) as one cell: `1;3`, empty when none.
#[must_use]
pub fn join_marks(marks: &[usize]) -> String {
    marks
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

/// An interviewer as the files tell interviewers apart: by name, ignoring case and surrounding
/// space. Every comparison, grouping and lookup of interviewers goes through this key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InterviewerKey(String);

impl InterviewerKey {
    /// The key of an interviewer's name.
    #[must_use]
    pub fn of(name: &str) -> InterviewerKey {
        InterviewerKey(name.trim().to_lowercase())
    }

    /// The key as text (the lowercased, trimmed name).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether two interviewer names are the same person (case and surrounding space ignored).
#[must_use]
pub fn same_interviewer(a: &str, b: &str) -> bool {
    InterviewerKey::of(a) == InterviewerKey::of(b)
}

impl Scorecard {
    /// Whether the scorecard is for `wanted` (any role when `None`; case and surrounding space
    /// ignored). Every `--role` filter goes through this.
    #[must_use]
    pub fn has_role(&self, wanted: Option<&str>) -> bool {
        wanted.is_none_or(|role| role.trim().eq_ignore_ascii_case(self.role.trim()))
    }

    /// A new draft for `interviewer` on `plan`, one open answer per planned question.
    #[must_use]
    pub fn start(plan: &Plan, interviewer: &str, now: Timestamp) -> Scorecard {
        Scorecard {
            schema: SCHEMA,
            id: Uuid::now_v7(),
            plan: plan.id,
            candidate: plan.candidate.clone(),
            candidate_id: plan.candidate_id.clone(),
            role: plan.role.clone(),
            round: plan.round.clone(),
            interviewer: interviewer.trim().to_owned(),
            bank: plan.bank.id.clone(),
            status: Status::Draft,
            started_at: now,
            submitted_at: None,
            recommendation: None,
            summary: None,
            draft_recommendation: None,
            scale: plan.scale.clone(),
            categories: plan.categories.clone(),
            answers: plan
                .questions
                .iter()
                .map(|q| Answer {
                    question: q.id.clone(),
                    category: q.category.clone(),
                    score: None,
                    skipped: false,
                    notes: String::new(),
                    seconds: None,
                    covered: Vec::new(),
                    flags: Vec::new(),
                    rated_at: None,
                })
                .collect(),
            history: Vec::new(),
        }
    }

    /// Index of an answer by question id, or by its 1-based position in the plan.
    pub fn answer_index(&self, question: &str) -> Result<usize> {
        let wanted = question.trim();
        if let Some(i) = self.answers.iter().position(|a| a.question == wanted) {
            return Ok(i);
        }
        if let Ok(n) = wanted.parse::<usize>()
            && (1..=self.answers.len()).contains(&n)
        {
            return Ok(n - 1);
        }
        let ids: Vec<&str> = self.answers.iter().map(|a| a.question.as_str()).collect();
        Err(Error::Refused {
            message: format!("scorecard `{}` has no question `{question}`", self.id),
            hints: vec![format!(
                "valid: {}, or the question's number from 1 to {}",
                quoted_list(&ids, 50),
                ids.len()
            )],
        })
    }

    fn check_score(&self, score: i64) -> Result<()> {
        if self.scale.contains(score) {
            Ok(())
        } else {
            Err(Error::Refused {
                message: format!(
                    "score {score} is not on this scorecard's scale; use a whole number from {} to {}",
                    self.scale.min, self.scale.max
                ),
                hints: vec![format!("scale: {}", self.scale.describe())],
            })
        }
    }

    fn check_draft(&self, action: &str) -> Result<()> {
        if self.status == Status::Draft {
            return Ok(());
        }
        Err(Error::Refused {
            message: format!(
                "scorecard `{}` is submitted; it cannot be {action}",
                self.id
            ),
            hints: vec![format!(
                "to change a score after submitting, use `scorecard amend {} QUESTION --score N --reason TEXT`",
                self.id
            )],
        })
    }

    /// Rates a question. Notes and seconds replace the old ones when given.
    pub fn rate(
        &mut self,
        question: &str,
        score: i64,
        notes: Option<&str>,
        seconds: Option<u64>,
        now: Timestamp,
    ) -> Result<()> {
        self.check_draft("rated")?;
        let index = self.answer_index(question)?;
        self.check_score(score)?;
        self.answers[index].record(Some(score), notes, seconds, now);
        Ok(())
    }

    /// Marks a question as not asked or not rated; it counts nowhere.
    pub fn skip(
        &mut self,
        question: &str,
        notes: Option<&str>,
        seconds: Option<u64>,
        now: Timestamp,
    ) -> Result<()> {
        self.check_draft("changed")?;
        let index = self.answer_index(question)?;
        self.answers[index].record(None, notes, seconds, now);
        Ok(())
    }

    /// Records which expected points were covered and which red flags observed on a question
    /// with `expected` points and `red_flags` flags (1-based indexes, checked against them).
    pub fn mark(
        &mut self,
        question: &str,
        covered: &[usize],
        flags: &[usize],
        counts: (usize, usize),
    ) -> Result<()> {
        self.check_draft("changed")?;
        let index = self.answer_index(question)?;
        let id = self.answers[index].question.clone();
        let covered = checked_marks(&id, "--covered", "expected points", covered, counts.0)?;
        let flags = checked_marks(&id, "--flags", "red flags", flags, counts.1)?;
        let answer = &mut self.answers[index];
        answer.covered = covered;
        answer.flags = flags;
        Ok(())
    }

    /// Questions neither rated nor skipped.
    #[must_use]
    pub fn open_questions(&self) -> Vec<&str> {
        self.answers
            .iter()
            .filter(|a| a.is_open())
            .map(|a| a.question.as_str())
            .collect()
    }

    /// Submits the scorecard. Open questions are refused unless `allow_unrated`, which records
    /// them as skipped.
    pub fn submit(
        &mut self,
        recommendation: Recommendation,
        summary: Option<&str>,
        allow_unrated: bool,
        now: Timestamp,
    ) -> Result<()> {
        if self.status == Status::Submitted {
            return Err(Error::Refused {
                message: format!(
                    "scorecard `{}` was already submitted on {}",
                    self.id,
                    self.submitted_at
                        .map_or_else(|| "an unknown date".to_owned(), |t| t.to_string())
                ),
                hints: vec![format!(
                    "to change it, use `scorecard amend {} QUESTION --score N --reason TEXT` (or --recommendation R, --summary TEXT)",
                    self.id
                )],
            });
        }
        let open: Vec<String> = self
            .open_questions()
            .into_iter()
            .map(str::to_owned)
            .collect();
        if !open.is_empty() && !allow_unrated {
            return Err(Error::Refused {
                message: format!(
                    "{} question{} not rated: {}",
                    open.len(),
                    if open.len() == 1 { " is" } else { "s are" },
                    quoted_list(&open, 20)
                ),
                hints: vec![
                    "rate or skip them first, or submit with --allow-unrated to record them as skipped".to_owned(),
                ],
            });
        }
        for answer in &mut self.answers {
            if answer.is_open() {
                answer.skipped = true;
            }
        }
        self.status = Status::Submitted;
        self.submitted_at = Some(now);
        self.recommendation = Some(recommendation);
        self.draft_recommendation = None;
        if let Some(summary) = summary {
            self.summary = Some(summary.trim().to_owned()).filter(|s| !s.is_empty());
        }
        Ok(())
    }

    fn check_amendable(&self, reason: &str) -> Result<()> {
        if self.status == Status::Draft {
            return Err(Error::refused(format!(
                "scorecard `{}` is a draft; change it with `scorecard rate` (amend is for submitted scorecards)",
                self.id
            )));
        }
        if reason.trim().is_empty() {
            return Err(Error::usage("an amendment needs a reason: --reason TEXT"));
        }
        Ok(())
    }

    /// Changes the recommendation of a submitted scorecard, keeping the old one in the history.
    /// Giving the recommendation it already has is refused: there would be nothing to record.
    pub fn amend_recommendation(
        &mut self,
        recommendation: Recommendation,
        reason: &str,
        now: Timestamp,
    ) -> Result<()> {
        self.check_amendable(reason)?;
        if self.recommendation == Some(recommendation) {
            return Err(Error::refused(format!(
                "scorecard `{}` already recommends `{recommendation}`; nothing to amend",
                self.id
            )));
        }
        self.history.push(Amendment {
            old_recommendation: self.recommendation,
            new_recommendation: Some(recommendation),
            ..Amendment::blank(now, reason)
        });
        self.recommendation = Some(recommendation);
        Ok(())
    }

    /// Replaces the summary of a submitted scorecard (an empty text removes it), keeping the old
    /// one in the history. A summary equal to the current one is refused.
    pub fn amend_summary(&mut self, summary: &str, reason: &str, now: Timestamp) -> Result<()> {
        self.check_amendable(reason)?;
        let new = Some(summary.trim().to_owned()).filter(|s| !s.is_empty());
        if new == self.summary {
            return Err(Error::refused(format!(
                "scorecard `{}` already has {}; nothing to amend",
                self.id,
                if new.is_some() {
                    "this summary"
                } else {
                    "no summary"
                }
            )));
        }
        self.history.push(Amendment {
            old_summary: Some(self.summary.clone().unwrap_or_default()),
            new_summary: Some(new.clone().unwrap_or_default()),
            ..Amendment::blank(now, reason)
        });
        self.summary = new;
        Ok(())
    }

    /// Changes a score on a submitted scorecard, keeping the old one in the history.
    pub fn amend(
        &mut self,
        question: &str,
        score: i64,
        reason: &str,
        notes: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        self.check_amendable(reason)?;
        let index = self.answer_index(question)?;
        self.check_score(score)?;
        let answer = &mut self.answers[index];
        if answer.score == Some(score) && notes.is_none_or(|n| n == answer.notes) {
            return Err(Error::refused(format!(
                "`{}` already scores {score}; an amendment must change the score (or the notes with --notes), so nothing was recorded",
                answer.question
            )));
        }
        let notes_changed = notes.filter(|n| *n != answer.notes);
        self.history.push(Amendment {
            question: Some(answer.question.clone()),
            old_score: answer.score,
            new_score: Some(score),
            old_notes: notes_changed.map(|_| answer.notes.clone()),
            new_notes: notes_changed.map(str::to_owned),
            ..Amendment::blank(now, reason)
        });
        answer.score = Some(score);
        answer.skipped = false;
        if let Some(notes) = notes {
            notes.clone_into(&mut answer.notes);
        }
        answer.rated_at = Some(now);
        Ok(())
    }

    /// The weight of a category (1 when the scorecard does not list it).
    #[must_use]
    pub fn weight(&self, category: &str) -> f64 {
        self.categories
            .iter()
            .find(|c| c.id == category)
            .map_or(1.0, |c| c.weight)
    }

    /// The file text.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self)
            .map_err(|err| Error::refused(format!("cannot write scorecard `{}`: {err}", self.id)))
    }
}

/// 1-based indexes into a list of `len` items, sorted and without repeats.
fn checked_marks(
    question: &str,
    flag: &str,
    what: &str,
    marks: &[usize],
    len: usize,
) -> Result<Vec<usize>> {
    if let Some(bad) = marks.iter().find(|&&m| m == 0 || m > len) {
        let valid = if len == 0 {
            format!("question `{question}` has no {what}; leave {flag} out")
        } else {
            format!("valid: 1 to {len}")
        };
        return Err(Error::Refused {
            message: format!(
                "{flag} {bad} is not one of the {len} {what} of question `{question}`"
            ),
            hints: vec![valid],
        });
    }
    let mut marks = marks.to_vec();
    marks.sort_unstable();
    marks.dedup();
    Ok(marks)
}

#[cfg(test)]
pub(crate) mod tests;
