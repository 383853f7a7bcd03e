//! The rules a scorecard file is held to on every read and before every write: each field
//! checked into one `Checks` (ids, the candidate id against its folder, text, the scale and the
//! scores on it, seconds, `covered` and `flags`, history entries).

use super::{MAX_SECONDS, Scorecard, Status};
use crate::at;
use crate::document;
use crate::error::Result;
use crate::fields::{Checks, Location};

/// Whether 1-based marks are sorted, unique and at least 1 (their upper bound is the question's,
/// which the scorecard file does not hold).
fn well_formed_marks(marks: &[usize]) -> bool {
    marks.first().is_none_or(|&m| m >= 1) && marks.windows(2).all(|w| w[0] < w[1])
}

/// Parses a scorecard file and checks what the rest of scorecard relies on.
pub fn parse_scorecard(label: &str, text: &str) -> Result<Scorecard> {
    parse_scorecard_in(label, text, &Location::default())
}

/// [`parse_scorecard`] for a file at `location`: its `candidate_id` must equal its folder's name
/// and its `id` the one in its file name.
pub fn parse_scorecard_in(label: &str, text: &str, location: &Location) -> Result<Scorecard> {
    let card: Scorecard = document::parse_toml(label, text, "scorecard")?;
    document::require_schema(label, text, "scorecard", card.schema)?;
    let mut checks = Checks::new();
    card.check(location, &mut checks);
    checks.finish(label, text)?;
    Ok(card)
}

/// More expected points or red flags than any question could list.
const MAX_MARKS: usize = crate::plan::MAX_QUESTIONS;

/// A list of marks as a message shows it: the first ten, then how many more.
fn shown_marks(marks: &[usize]) -> String {
    const SHOWN: usize = 10;
    if marks.len() <= SHOWN {
        return format!("{marks:?}");
    }
    let head: Vec<String> = marks[..SHOWN].iter().map(ToString::to_string).collect();
    format!("[{}, ... {} more]", head.join(", "), marks.len() - SHOWN)
}

/// More answers than any plan could hold.
const MAX_ANSWERS: usize = crate::plan::MAX_QUESTIONS;

impl Scorecard {
    /// Refuses a changed scorecard that could not be read back (notes holding an escape
    /// sequence...).
    pub fn check_change(&self) -> Result<()> {
        let mut checks = Checks::new();
        self.check(&Location::default(), &mut checks);
        checks.before_write()
    }

    /// A submitted scorecard has its recommendation and submission time: figures count it, and
    /// the recommendation tally must not silently miss it.
    fn check_status(&self, checks: &mut Checks) {
        if self.status == Status::Submitted {
            if self.recommendation.is_none() {
                checks.report(
                    at!["status"],
                    "the scorecard is submitted but has no `recommendation`; give one (strong-no, no, yes, strong-yes) or set `status = \"draft\"`".to_owned(),
                );
            }
            if self.submitted_at.is_none() {
                checks.report(
                    at!["status"],
                    "the scorecard is submitted but has no `submitted_at`; give the time (RFC 3339) or set `status = \"draft\"`".to_owned(),
                );
            }
        }
    }

    /// Every rule a scorecard file must keep, one field at a time.
    fn check(&self, location: &Location, checks: &mut Checks) {
        checks.file_id(
            at!["id"],
            "scorecard",
            &self.id,
            location.file_id.as_deref(),
        );
        checks.candidate_fields(
            (&self.candidate, &self.candidate_id),
            location.folder.as_deref(),
            &self.role,
            self.round.as_deref(),
        );
        checks.one_line(at!["interviewer"], "`interviewer`", &self.interviewer, true);
        if !self.bank.is_empty() {
            checks.id(at!["bank"], "bank", &self.bank);
        }
        if let Some(summary) = &self.summary {
            checks.multi_line(at!["summary"], "`summary`", summary);
        }
        let scale_ok = checks.scale(at!["scale"], &self.scale);
        checks.categories(&self.categories);
        self.check_status(checks);
        if self.answers.len() > MAX_ANSWERS {
            checks.report(
                at!["answers"],
                format!(
                    "the scorecard has {} answers; a plan holds at most {MAX_ANSWERS} questions",
                    self.answers.len()
                ),
            );
        }
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
            // Files without [[categories]] (written by hand) weigh every category alike; a file
            // that lists them must list each one its answers use, or a typo becomes a column.
            if !self.categories.is_empty()
                && !self.categories.iter().any(|c| c.id == answer.category)
            {
                checks.report(
                    at!["answers", i, "category"],
                    format!(
                        "the answer to `{}` is in category `{}`, which the scorecard's [[categories]] do not list",
                        answer.question, answer.category
                    ),
                );
            }
            if answer.skipped && answer.score.is_some() {
                checks.report(
                    at!["answers", i, "score"],
                    format!(
                        "the answer to `{}` is skipped and has a score; a skipped answer has none (remove `score`, or set `skipped = false`)",
                        answer.question
                    ),
                );
            }
            if let Some(score) = answer.score
                && scale_ok
            {
                let what = format!("the answer to `{}`", answer.question);
                checks.score(at!["answers", i, "score"], &what, &self.scale, score);
            }
            checks.multi_line(at!["answers", i, "notes"], "`notes`", &answer.notes);
            for (field, marks) in [("covered", &answer.covered), ("flags", &answer.flags)] {
                if !well_formed_marks(marks)
                    || marks.len() > MAX_MARKS
                    || marks.last().is_some_and(|&m| m > MAX_MARKS)
                {
                    checks.report(
                        at!["answers", i, field],
                        format!(
                            "answer to `{}` has `{field} = {}`; it must list at most {MAX_MARKS} distinct 1-based numbers up to {MAX_MARKS}, in increasing order",
                            answer.question,
                            shown_marks(marks)
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
                ("old_notes", &amendment.old_notes),
                ("new_notes", &amendment.new_notes),
            ] {
                if let Some(text) = text {
                    checks.multi_line(at!["history", i, field], &format!("`{field}`"), text);
                }
            }
            checks.multi_line(at!["history", i, "reason"], "`reason`", &amendment.reason);
        }
    }
}
