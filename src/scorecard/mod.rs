//! Scorecards: one interviewer's ratings and notes for one candidate on one plan, then a
//! recommendation. The operations here (start, rate, skip, submit, amend) are pure: they change a
//! [`Scorecard`] value or refuse with a reason. Reading and writing them is in [`store`].

pub mod history;
pub mod store;

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::at;
use crate::bank::{Category, Scale};
use crate::document::{self, SCHEMA};
use crate::error::{Error, Result, quoted_list};
use crate::fields::Checks;
use crate::plan::Plan;
use crate::timestamp::Timestamp;
pub use history::{Amendment, Change};

/// The most seconds one answer records (a day); longer times saturate here.
pub const MAX_SECONDS: u64 = 86_400;

/// Where a scorecard is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Recommendation {
    // The short forms the interview screen accepts work on the command line too.
    #[value(alias = "sn")]
    StrongNo,
    #[value(alias = "n")]
    No,
    #[value(alias = "y")]
    Yes,
    #[value(alias = "sy")]
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
            return Err(Error::refused(format!(
                "scorecard `{}` was already submitted on {}",
                self.id,
                self.submitted_at
                    .map_or_else(|| "an unknown date".to_owned(), |t| t.to_string())
            )));
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
        self.history.push(Amendment {
            question: Some(answer.question.clone()),
            old_score: answer.score,
            new_score: Some(score),
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

/// Whether 1-based marks are sorted, unique and at least 1 (their upper bound is the question's,
/// which the scorecard file does not hold).
fn well_formed_marks(marks: &[usize]) -> bool {
    marks.first().is_none_or(|&m| m >= 1) && marks.windows(2).all(|w| w[0] < w[1])
}

/// Parses a scorecard file and checks what the rest of scorecard relies on.
pub fn parse_scorecard(label: &str, text: &str) -> Result<Scorecard> {
    parse_scorecard_in(label, text, None)
}

/// [`parse_scorecard`] for a file in a candidate folder named `folder`, which its `candidate_id`
/// must equal.
pub fn parse_scorecard_in(label: &str, text: &str, folder: Option<&str>) -> Result<Scorecard> {
    let card: Scorecard = document::parse_toml(label, text, "scorecard")?;
    document::require_schema(label, text, "scorecard", card.schema)?;
    let mut checks = Checks::new();
    card.check(folder, &mut checks);
    checks.finish(label, text)?;
    Ok(card)
}

/// More expected points or red flags than any question could sensibly list.
const MAX_MARKS: usize = 1000;

impl Scorecard {
    /// Refuses a changed scorecard that could not be read back (notes holding an escape
    /// sequence...).
    pub fn check_change(&self) -> Result<()> {
        let mut checks = Checks::new();
        self.check(None, &mut checks);
        checks.before_write()
    }

    /// Every rule a scorecard file must keep, one field at a time.
    fn check(&self, folder: Option<&str>, checks: &mut Checks) {
        checks.one_line(at!["candidate"], "`candidate`", &self.candidate, true);
        checks.candidate_id(at!["candidate_id"], &self.candidate_id, folder);
        checks.one_line(at!["role"], "`role`", &self.role, false);
        if let Some(round) = &self.round {
            checks.id(at!["round"], "round", round);
        }
        checks.one_line(at!["interviewer"], "`interviewer`", &self.interviewer, true);
        if !self.bank.is_empty() {
            checks.id(at!["bank"], "bank", &self.bank);
        }
        if let Some(summary) = &self.summary {
            checks.multi_line(at!["summary"], "`summary`", summary);
        }
        let scale_ok = checks.scale(at!["scale"], &self.scale);
        checks.categories(&self.categories);
        let mut seen = std::collections::HashSet::new();
        for (i, answer) in self.answers.iter().enumerate() {
            checks.id(at!["answers", i, "question"], "question", &answer.question);
            if !seen.insert(answer.question.as_str()) {
                checks.report(
                    at!["answers", i, "question"],
                    format!(
                        "question `{}` is answered twice; one answer per question",
                        answer.question
                    ),
                );
            }
            checks.id(at!["answers", i, "category"], "category", &answer.category);
            if let Some(score) = answer.score
                && scale_ok
            {
                let what = format!("the answer to `{}`", answer.question);
                checks.score(at!["answers", i, "score"], &what, &self.scale, score);
            }
            checks.multi_line(at!["answers", i, "notes"], "`notes`", &answer.notes);
            for (field, marks) in [("covered", &answer.covered), ("flags", &answer.flags)] {
                if !well_formed_marks(marks) || marks.len() > MAX_MARKS {
                    checks.report(
                        at!["answers", i, field],
                        format!(
                            "answer to `{}` has `{field} = {marks:?}`; it must list distinct 1-based numbers in increasing order",
                            answer.question
                        ),
                    );
                }
            }
            if let Some(seconds) = answer.seconds {
                checks.bounded(
                    at!["answers", i, "seconds"],
                    "`seconds`",
                    seconds,
                    0..=MAX_SECONDS,
                );
            }
        }
        for (i, amendment) in self.history.iter().enumerate() {
            if let Err(problem) = amendment.check() {
                checks.report(at!["history", i], problem);
            }
            if let Some(question) = &amendment.question {
                checks.id(at!["history", i, "question"], "question", question);
            }
            let what = format!(
                "the amendment of `{}`",
                amendment.question.as_deref().unwrap_or_default()
            );
            if scale_ok {
                if let Some(old) = amendment.old_score {
                    checks.score(at!["history", i, "old_score"], &what, &self.scale, old);
                }
                if let Some(new) = amendment.new_score {
                    checks.score(at!["history", i, "new_score"], &what, &self.scale, new);
                }
            }
            for (field, text) in [
                ("old_summary", &amendment.old_summary),
                ("new_summary", &amendment.new_summary),
            ] {
                if let Some(text) = text {
                    checks.multi_line(at!["history", i, field], &format!("`{field}`"), text);
                }
            }
            checks.multi_line(at!["history", i, "reason"], "`reason`", &amendment.reason);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::PlanHeader;

    pub(crate) fn plan() -> Plan {
        let bank = crate::bank::built_in(crate::bank::DEFAULT_BANK)
            .unwrap()
            .unwrap();
        let header = PlanHeader {
            candidate: "Ada Lovelace".to_owned(),
            candidate_id: "ada-lovelace".to_owned(),
            role: "Backend".to_owned(),
            round: None,
            seed: 1,
            minutes: None,
        };
        Plan::new(&bank, header, bank.questions[..3].to_vec())
    }

    #[test]
    fn rate_skip_submit_amend() {
        let plan = plan();
        let now = Timestamp::now();
        let mut card = Scorecard::start(&plan, " Grace Hopper ", now);
        assert_eq!(card.interviewer, "Grace Hopper");
        let first = plan.questions[0].id.clone();
        card.rate(&first, 3, Some("good"), Some(60), now).unwrap();
        card.skip("2", None, None, now).unwrap();
        assert!(
            card.rate(&first, 5, None, None, now)
                .unwrap_err()
                .to_string()
                .contains("from 1 to 4")
        );
        assert!(card.rate("nope", 2, None, None, now).is_err());
        let err = card
            .submit(Recommendation::Yes, None, false, now)
            .unwrap_err();
        assert!(
            err.to_string().starts_with("1 question is not rated"),
            "{err}"
        );
        card.submit(Recommendation::Yes, Some("solid"), true, now)
            .unwrap();
        assert!(card.answers[2].skipped);
        assert!(card.rate(&first, 2, None, None, now).is_err());
        assert!(card.amend(&first, 2, " ", None, now).is_err());
        card.amend(&first, 2, "misheard", None, now).unwrap();
        assert_eq!(card.history.len(), 1);
        assert_eq!(card.history[0].old_score, Some(3));
        let text = card.to_toml().unwrap();
        assert_eq!(parse_scorecard("s.toml", &text).unwrap(), card);
    }

    #[test]
    fn recorded_seconds_saturate_at_a_day() {
        let plan = plan();
        let now = Timestamp::now();
        let mut card = Scorecard::start(&plan, "Grace Hopper", now);
        card.rate("1", 3, None, Some(u64::MAX), now).unwrap();
        assert_eq!(card.answers[0].seconds, Some(MAX_SECONDS));
        let text = card.to_toml().unwrap();
        assert_eq!(parse_scorecard("s.toml", &text).unwrap(), card);
    }

    #[test]
    fn the_contract_example_parses() {
        // The scorecard file of the contract, as a tool other than scorecard might write it.
        let text = r#"
schema = 1
id = "01937a2c-0000-7000-8000-000000000001"
plan = "01937a2c-0000-7000-8000-000000000002"
candidate = "Ada Lovelace"
candidate_id = "ada-lovelace"
role = "Senior backend engineer"
round = "phone-screen"
interviewer = "Grace Hopper"
bank = "nodejs-backend-senior"
status = "submitted"
started_at = "2026-11-26T09:00:00Z"
submitted_at = "2026-11-26T10:00:00Z"
recommendation = "yes"
summary = "Solid."

[scale]
min = 1
max = 4
labels = ["Strong no", "No", "Yes", "Strong yes"]

[[categories]]
id = "async"
weight = 1.0

[[answers]]
question = "event-loop-phases"
category = "async"
score = 3
skipped = false
notes = "Clear."
seconds = 410
rated_at = "2026-11-26T09:07:00Z"

[[answers]]
question = "libuv-thread-pool"
category = "async"
skipped = true

[[history]]
at = "2026-11-26T11:00:00Z"
question = "event-loop-phases"
old_score = 2
new_score = 3
reason = "Re-read my notes"
"#;
        let card = parse_scorecard("s.toml", text).unwrap();
        assert_eq!(card.status, Status::Submitted);
        assert_eq!(card.recommendation, Some(Recommendation::Yes));
        assert_eq!(card.answers[0].score, Some(3));
        assert!(card.answers[1].skipped);
        assert_eq!(card.history[0].new_score, Some(3));
        assert_eq!(card.categories[0].title, "");
    }

    #[test]
    fn recommendations_use_the_contract_spelling() {
        let text: Vec<String> = Recommendation::ALL
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(text, ["strong-no", "no", "yes", "strong-yes"]);
    }
}
