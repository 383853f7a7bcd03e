//! Markdown documents per candidate, rendered from the `candidate.md` template (or the user's):
//! header, panel summary per category with text bars, disagreements, then every scorecard.

use indexmap::IndexSet;
use serde::Serialize;

use super::anonymize::Pseudonyms;
use crate::bank::{Scale, ScaleLevel};
use crate::error::Result;
use crate::scorecard::Scorecard;
use crate::stats::panel::{self, CardDigest, Disagreement, Tally};
use crate::stats::scores::card_scores;
use crate::template::{Template, bar};

/// One candidate's document, as the template sees it. The README lists these variables.
#[derive(Debug, Serialize)]
pub struct CandidateDoc {
    pub candidate: String,
    pub candidate_id: String,
    pub role: String,
    pub anonymized: bool,
    pub first_started: String,
    pub last_submitted: String,
    pub interviewers: Vec<String>,
    pub scale: Vec<ScaleLevel>,
    pub overall: Option<f64>,
    pub overall_bar: String,
    pub categories: Vec<CategoryRow>,
    pub recommendations: Tally,
    pub disagreements: Vec<Disagreement>,
    pub scorecards: Vec<CardDoc>,
}

/// A category in the panel summary.
#[derive(Debug, Serialize)]
pub struct CategoryRow {
    pub id: String,
    pub title: String,
    pub weight: f64,
    pub mean: Option<f64>,
    pub bar: String,
    /// Each interviewer's mean for this category, in scorecard order (None where not rated).
    pub by_scorecard: Vec<Option<f64>>,
}

#[derive(Debug, Serialize)]
pub struct CardDoc {
    pub id: String,
    pub plan: String,
    pub interviewer: String,
    pub round: Option<String>,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub recommendation: Option<String>,
    pub summary: Option<String>,
    pub overall: Option<f64>,
    pub answers: Vec<AnswerDoc>,
    /// How many amendments `history` holds.
    pub amendments: usize,
    pub history: Vec<AmendmentDoc>,
}

/// One amendment of a scorecard: when, what changed from what to what, and why.
#[derive(Debug, Serialize)]
pub struct AmendmentDoc {
    pub at: String,
    /// `question <id>`, `recommendation` or `summary`.
    pub what: String,
    pub old: String,
    pub new: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct AnswerDoc {
    pub number: usize,
    pub question: String,
    pub category: String,
    pub score: Option<i64>,
    pub label: Option<String>,
    pub skipped: bool,
    pub notes: String,
    pub seconds: Option<u64>,
    /// Expected points covered (1-based).
    pub covered: Vec<usize>,
    /// Red flags observed (1-based).
    pub flags: Vec<usize>,
}

/// Builds a candidate's document from their (already filtered, submitted) scorecards.
#[must_use]
pub fn candidate_doc(cards: &[Scorecard], names: Option<&Pseudonyms>) -> Option<CandidateDoc> {
    let newest = cards.last()?;
    let digests: Vec<CardDigest> = cards.iter().map(CardDigest::from).collect();
    // The caller has applied cards down; these are the cards to show.
    let result = panel::candidate_result(&digests, None, Vec::new(), true);
    let scale = &newest.scale;
    let pseudonym = names.map(|n| n.get(&newest.candidate_id));
    let hide = |text: &str| match names {
        Some(names) => names.scrub(text, &newest.candidate_id, &newest.candidate),
        None => text.to_owned(),
    };
    let per_card: Vec<_> = cards.iter().map(card_scores).collect();
    let mut titles: Vec<(String, String, f64)> = Vec::new();
    for card in cards {
        for c in &card.categories {
            if !titles.iter().any(|(id, _, _)| *id == c.id) {
                let title = if c.title.is_empty() {
                    c.id.clone()
                } else {
                    c.title.clone()
                };
                titles.push((c.id.clone(), title, c.weight));
            }
        }
    }
    let categories = titles
        .into_iter()
        .map(|(id, title, weight)| {
            let mean = result.category(&id);
            CategoryRow {
                bar: mean.map(|m| scale_bar(m, scale)).unwrap_or_default(),
                by_scorecard: per_card.iter().map(|s| s.category(&id)).collect(),
                id,
                title,
                weight,
                mean,
            }
        })
        .collect();
    let interviewers: Vec<String> = cards
        .iter()
        .map(|c| c.interviewer.clone())
        .collect::<IndexSet<String>>()
        .into_iter()
        .collect();
    let scorecards = cards
        .iter()
        .zip(&per_card)
        .map(|(card, scores)| CardDoc {
            id: names.map_or(card.id, |n| n.record_id(&card.id)).to_string(),
            plan: names
                .map_or(card.plan, |n| n.record_id(&card.plan))
                .to_string(),
            interviewer: card.interviewer.clone(),
            round: card.round.clone(),
            started_at: card.started_at.to_string(),
            submitted_at: card.submitted_at.map(|t| t.to_string()),
            recommendation: card.recommendation.map(|r| r.to_string()),
            summary: card.summary.as_deref().map(hide),
            overall: scores.overall,
            amendments: card.history.len(),
            history: card
                .history
                .iter()
                .map(|h| {
                    let change = h.change();
                    AmendmentDoc {
                        at: h.at.to_string(),
                        what: change.what,
                        old: hide(&change.old),
                        new: hide(&change.new),
                        reason: hide(&h.reason),
                    }
                })
                .collect(),
            answers: card
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| AnswerDoc {
                    number: i + 1,
                    question: a.question.clone(),
                    category: a.category.clone(),
                    score: a.score,
                    label: a.score.and_then(|s| card.scale.label(s)).map(str::to_owned),
                    skipped: a.skipped,
                    notes: hide(&a.notes),
                    seconds: a.seconds,
                    covered: a.covered.clone(),
                    flags: a.flags.clone(),
                })
                .collect(),
        })
        .collect();
    Some(CandidateDoc {
        candidate: pseudonym
            .as_ref()
            .map_or_else(|| newest.candidate.clone(), |p| p.name.clone()),
        candidate_id: pseudonym
            .as_ref()
            .map_or_else(|| newest.candidate_id.clone(), |p| p.id.clone()),
        role: newest.role.clone(),
        anonymized: names.is_some(),
        first_started: cards
            .iter()
            .map(|c| c.started_at)
            .min()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        last_submitted: cards
            .iter()
            .filter_map(|c| c.submitted_at)
            .max()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        interviewers,
        scale: scale.levels(),
        overall: result.overall,
        overall_bar: result
            .overall
            .map(|m| scale_bar(m, scale))
            .unwrap_or_default(),
        categories,
        recommendations: result.recommendations.unwrap_or_default(),
        disagreements: result.all_disagreements().cloned().collect(),
        scorecards,
    })
}

fn scale_bar(value: f64, scale: &Scale) -> String {
    bar(value, scale.min as f64, scale.max as f64, 10)
}

/// Renders one document.
pub fn render(template: &Template, doc: &CandidateDoc) -> Result<String> {
    template.render(doc)
}
