//! A scorecard's `[[history]]`: one entry per amendment of a submitted scorecard, of a score,
//! the recommendation or the summary, with the old and new value and the reason.

use serde::{Deserialize, Serialize};

use super::Recommendation;
use crate::timestamp::Timestamp;

/// One amendment of a submitted scorecard: a question's score (`question`, `old_score`,
/// `new_score`), the recommendation (`old_recommendation`, `new_recommendation`) or the summary
/// (`old_summary`, `new_summary`). Score entries keep the shape older releases wrote; the other
/// fields are optional, so every older file still reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_score: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_score: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_recommendation: Option<Recommendation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_recommendation: Option<Recommendation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_summary: Option<String>,
    /// The answer's notes before and after, when a score amendment changed them too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_notes: Option<String>,
    pub reason: String,
}

/// What an amendment changed, for display: the thing, its old and its new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `question <id>`, `recommendation` or `summary`.
    pub what: String,
    pub old: String,
    pub new: String,
}

impl Amendment {
    pub(super) fn blank(at: Timestamp, reason: &str) -> Amendment {
        Amendment {
            at,
            question: None,
            old_score: None,
            new_score: None,
            old_recommendation: None,
            new_recommendation: None,
            old_summary: None,
            new_summary: None,
            old_notes: None,
            new_notes: None,
            reason: reason.trim().to_owned(),
        }
    }

    /// The change in words (`-` for a value that was not there).
    #[must_use]
    pub fn change(&self) -> Change {
        let text = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
        if let Some(question) = &self.question {
            let with_notes = |score: String, notes: &Option<String>| match notes {
                Some(notes) if self.new_notes.is_some() => {
                    let notes = if notes.is_empty() { "-" } else { notes };
                    format!("{score} (notes: {notes})")
                }
                _ => score,
            };
            return Change {
                what: format!("question {question}"),
                old: with_notes(
                    self.old_score
                        .map_or_else(|| "unrated".to_owned(), |s| s.to_string()),
                    &self.old_notes,
                ),
                new: with_notes(text(self.new_score.map(|s| s.to_string())), &self.new_notes),
            };
        }
        if self.new_recommendation.is_some() {
            return Change {
                what: "recommendation".to_owned(),
                old: text(self.old_recommendation.map(|r| r.to_string())),
                new: text(self.new_recommendation.map(|r| r.to_string())),
            };
        }
        let summary = |value: &Option<String>| value.clone().filter(|s| !s.is_empty());
        Change {
            what: "summary".to_owned(),
            old: text(summary(&self.old_summary)),
            new: text(summary(&self.new_summary)),
        }
    }

    /// Exactly one kind of change per entry: a score, a recommendation or a summary.
    pub(super) fn check(&self) -> std::result::Result<(), String> {
        let notes = self.old_notes.is_some() || self.new_notes.is_some();
        let score = self.question.is_some()
            || self.new_score.is_some()
            || self.old_score.is_some()
            || notes;
        let recommendation = self.new_recommendation.is_some() || self.old_recommendation.is_some();
        let summary = self.new_summary.is_some() || self.old_summary.is_some();
        match (score, recommendation, summary) {
            (true, false, false)
                if self.question.is_some()
                    && self.new_score.is_some()
                    && self.old_notes.is_some() == self.new_notes.is_some() =>
            {
                Ok(())
            }
            (false, true, false) if self.new_recommendation.is_some() => Ok(()),
            (false, false, true) => Ok(()),
            _ => Err(format!(
                "a `[[history]]` entry of {} must change one thing: `question` with `new_score` (and both `old_notes` and `new_notes`, or neither), `new_recommendation`, or `new_summary`",
                self.at
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::tests::plan;
    use crate::scorecard::{Scorecard, parse_scorecard};

    #[test]
    fn recommendation_and_summary_amendments_are_recorded_and_no_ops_refused() {
        let plan = plan();
        let now = Timestamp::now();
        let mut card = Scorecard::start(&plan, "Grace", now);
        assert!(
            card.amend_recommendation(Recommendation::No, "why", now)
                .unwrap_err()
                .to_string()
                .contains("is a draft")
        );
        card.submit(Recommendation::Yes, Some("solid"), true, now)
            .unwrap();
        let err = card
            .amend_recommendation(Recommendation::Yes, "why", now)
            .unwrap_err();
        assert!(
            err.to_string().contains("already recommends `yes`"),
            "{err}"
        );
        assert!(
            card.amend_recommendation(Recommendation::No, " ", now)
                .is_err()
        );
        card.amend_recommendation(Recommendation::No, "debrief", now)
            .unwrap();
        assert_eq!(card.recommendation, Some(Recommendation::No));
        let err = card.amend_summary(" solid ", "why", now).unwrap_err();
        assert!(err.to_string().contains("nothing to amend"), "{err}");
        card.amend_summary("Weak on security.", "typo", now)
            .unwrap();
        assert_eq!(card.summary.as_deref(), Some("Weak on security."));
        let first = plan.questions[0].id.clone();
        assert!(card.amend(&first, 4, "same", None, now).is_ok());
        let err = card.amend(&first, 4, "again", None, now).unwrap_err();
        assert!(err.to_string().contains("nothing was recorded"), "{err}");
        let changes: Vec<Change> = card.history.iter().map(Amendment::change).collect();
        assert_eq!(changes[0].what, "recommendation");
        assert_eq!(
            (changes[0].old.as_str(), changes[0].new.as_str()),
            ("yes", "no")
        );
        assert_eq!(changes[1].what, "summary");
        assert_eq!(changes[1].old, "solid");
        assert_eq!(changes[2].what, format!("question {first}"));
        let text = card.to_toml().unwrap();
        assert!(text.contains("old_recommendation = \"yes\""), "{text}");
        assert_eq!(parse_scorecard("s.toml", &text).unwrap(), card);
    }

    #[test]
    fn a_history_entry_changing_nothing_or_two_things_is_refused() {
        let plan = plan();
        let now = Timestamp::now();
        let mut card = Scorecard::start(&plan, "Grace", now);
        card.submit(Recommendation::Yes, None, true, now).unwrap();
        card.amend_recommendation(Recommendation::No, "debrief", now)
            .unwrap();
        let text = card.to_toml().unwrap();
        let both = text.replace("reason = ", "new_score = 3\nreason = ");
        let err = parse_scorecard("s.toml", &both).unwrap_err();
        assert!(err.to_string().contains("must change one thing"), "{err}");
    }
}
