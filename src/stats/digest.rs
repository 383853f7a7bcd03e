//! The part of a scorecard the panel's figures need ([`CardDigest`]: no notes, no history), and
//! the adjustments `--normalize` and `--model` subtract from its scores. Below the panel, the
//! disagreements and cards down, which all read digests.

use std::collections::HashMap;

use uuid::Uuid;

use super::scores::{CardScores, by_category, weighted_categories};
use crate::scorecard::{InterviewerKey, Recommendation, Scorecard, Status};
use crate::timestamp::Timestamp;

/// A rated answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RatedAnswer {
    pub question: String,
    pub category: String,
    pub score: i64,
}

/// What the panel figures need from one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct CardDigest {
    pub id: Uuid,
    pub candidate_id: String,
    pub candidate: String,
    pub role: String,
    /// The bank the plan was drawn from (to name it when scales differ).
    pub bank: String,
    pub interviewer: String,
    pub status: Status,
    pub recommendation: Option<Recommendation>,
    pub submitted_at: Option<Timestamp>,
    /// Category ids in the scorecard's order, with weights.
    pub categories: Vec<(String, f64)>,
    pub answers: Vec<RatedAnswer>,
    /// The scale's lowest and highest score.
    pub scale: (i64, i64),
}

impl From<&Scorecard> for CardDigest {
    fn from(card: &Scorecard) -> Self {
        let categories = weighted_categories(card);
        CardDigest {
            id: card.id,
            candidate_id: card.candidate_id.clone(),
            candidate: card.candidate.clone(),
            role: card.role.clone(),
            bank: card.bank.clone(),
            interviewer: card.interviewer.trim().to_owned(),
            status: card.status,
            recommendation: card.recommendation,
            submitted_at: card.submitted_at,
            categories,
            answers: card
                .answers
                .iter()
                .filter(|a| !a.skipped)
                .filter_map(|a| {
                    a.score.map(|score| RatedAnswer {
                        question: a.question.clone(),
                        category: a.category.clone(),
                        score,
                    })
                })
                .collect(),
            scale: (card.scale.min, card.scale.max),
        }
    }
}

/// What `--normalize` and `--model` subtract from every score before averaging.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjustments {
    /// Leniency per interviewer (keyed by lowercased name).
    pub interviewers: HashMap<InterviewerKey, f64>,
    /// Difficulty per question id (the rater model's; empty for `--normalize`).
    pub questions: HashMap<String, f64>,
}

impl Adjustments {
    /// Leniencies alone, as `--normalize` subtracts them.
    #[must_use]
    pub fn leniency(interviewers: HashMap<InterviewerKey, f64>) -> Self {
        Adjustments {
            interviewers,
            questions: HashMap::new(),
        }
    }
}

/// The question's difficulty to subtract (0 unless adjusting by the rater model).
pub(crate) fn question_shift(adjust: Option<&Adjustments>, question: &str) -> f64 {
    adjust
        .and_then(|a| a.questions.get(question))
        .copied()
        .unwrap_or(0.0)
}

impl CardDigest {
    /// The interviewer's leniency to subtract (0 when not normalising or unknown).
    pub(crate) fn shift(&self, adjust: Option<&Adjustments>) -> f64 {
        adjust
            .and_then(|a| a.interviewers.get(&InterviewerKey::of(&self.interviewer)))
            .copied()
            .unwrap_or(0.0)
    }

    /// Category means and overall, with the interviewer's leniency subtracted from every score.
    #[must_use]
    pub fn scores(&self, adjust: Option<&Adjustments>) -> CardScores {
        let shift = self.shift(adjust);
        by_category(&self.categories, |category| {
            self.answers
                .iter()
                .filter(|a| a.category == category)
                .map(|a| a.score as f64 - shift - question_shift(adjust, &a.question))
                .collect()
        })
    }
}
