//! Question analytics: for every question that submitted scorecards used, how often it was asked,
//! rated and skipped, where its scores sit, whether it separates strong candidates from weak ones
//! (item-rest correlation), whether interviewers agree on it, whether it overruns its minutes, how
//! much of its checklist candidates cover, and the flags that say which questions to look at.
//!
//! The tally is filled one candidate at a time (a streaming loader drops each candidate's
//! scorecards as soon as they are added) and keeps per question a few sums and the timing ratios
//! for the median. Pure numbers: no files, no printing, never NaN (undefined figures are `None`).

use crate::scorecard::InterviewerKey;
use std::collections::HashMap;

use serde::Serialize;

/// One answer as the report needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemAnswer {
    pub question: String,
    pub category: String,
    /// The score, when rated.
    pub score: Option<i64>,
    pub skipped: bool,
    /// seconds / (minutes × 60), when the answer was timed and the question's minutes are known.
    pub overrun: Option<f64>,
    /// Share of the question's expected points ticked, when the answer counts for coverage.
    pub covered: Option<f64>,
}

/// One submitted scorecard as the report needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemCard {
    pub bank: String,
    /// The interviewer, as the key that tells interviewers apart.
    pub interviewer: InterviewerKey,
    /// The scale's lowest and highest score.
    pub scale: (i64, i64),
    pub answers: Vec<ItemAnswer>,
}

/// The report's fields in order: `questions`' CSV columns and JSON fields, the workbook's
/// `Questions` sheet.
pub const COLUMNS: [&str; 17] = [
    "bank",
    "question",
    "category",
    "asked",
    "rated",
    "skipped",
    "mean",
    "sd",
    "floor",
    "ceiling",
    "discrimination",
    "discrimination_n",
    "rater_gap",
    "rater_pairs",
    "overrun",
    "covered",
    "flags",
];

/// One question's row, with the contract's field names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRow {
    pub bank: String,
    pub question: String,
    pub category: String,
    pub asked: usize,
    pub rated: usize,
    pub skipped: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub floor: Option<f64>,
    pub ceiling: Option<f64>,
    pub discrimination: Option<f64>,
    pub discrimination_n: usize,
    pub rater_gap: Option<f64>,
    pub rater_pairs: usize,
    pub overrun: Option<f64>,
    pub covered: Option<f64>,
    pub flags: Vec<Flag>,
    /// Timed answers the overrun rests on.
    #[serde(skip)]
    pub timed: usize,
}

/// Why a question deserves a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// It does not separate candidates: discrimination below 0.20 on 20 or more scorecards.
    NoSignal,
    /// 60% or more of 20 or more ratings sit at the top of the scale.
    TooEasy,
    /// 60% or more of 20 or more ratings sit at the bottom of the scale.
    TooHard,
    /// Interviewers on the same candidate differ by 1 point or more on average, over 10+ pairs.
    RatersDisagree,
    /// The median answer takes 1.5 times its minutes or more, over 10+ timed answers.
    Overruns,
}

impl Flag {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::NoSignal => "no-signal",
            Flag::TooEasy => "too-easy",
            Flag::TooHard => "too-hard",
            Flag::RatersDisagree => "raters-disagree",
            Flag::Overruns => "overruns",
        }
    }
}

/// Below this many item-rest pairs a correlation is too noisy to report at all.
const MIN_DISCRIMINATION_N: usize = 10;

/// Running sums for a Pearson correlation.
#[derive(Debug, Clone, Copy, Default)]
struct Pearson {
    n: usize,
    x: f64,
    y: f64,
    xx: f64,
    yy: f64,
    xy: f64,
}

impl Pearson {
    fn add(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.x += x;
        self.y += y;
        self.xx += x * x;
        self.yy += y * y;
        self.xy += x * y;
    }

    fn value(&self) -> Option<f64> {
        if self.n < MIN_DISCRIMINATION_N {
            return None;
        }
        let n = self.n as f64;
        let sxx = self.xx - self.x * self.x / n;
        let syy = self.yy - self.y * self.y / n;
        let sxy = self.xy - self.x * self.y / n;
        // Sums of small scores are exact or nearly so; a spread this close to zero is none.
        if sxx <= 1e-9 * n || syy <= 1e-9 * n {
            return None;
        }
        Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
    }
}

#[derive(Debug, Clone, Default)]
struct Item {
    bank: String,
    question: String,
    category: String,
    asked: usize,
    rated: usize,
    skipped: usize,
    sum: f64,
    squares: f64,
    floor: usize,
    ceiling: usize,
    rest_pairs: Pearson,
    gap_sum: f64,
    gap_pairs: usize,
    overruns: Vec<f64>,
    covered_sum: f64,
    covered_n: usize,
}

/// Every question's sums, filled candidate by candidate.
#[derive(Debug, Default)]
pub struct QuestionTally {
    /// bank -> question -> item number; nested so that a lookup allocates nothing.
    index: HashMap<String, HashMap<String, usize>>,
    items: Vec<Item>,
}

impl QuestionTally {
    fn item(&mut self, bank: &str, answer: &ItemAnswer) -> usize {
        if let Some(&i) = self.index.get(bank).and_then(|q| q.get(&answer.question)) {
            return i;
        }
        self.items.push(Item {
            bank: bank.to_owned(),
            question: answer.question.clone(),
            category: answer.category.clone(),
            ..Item::default()
        });
        let number = self.items.len() - 1;
        self.index
            .entry(bank.to_owned())
            .or_default()
            .insert(answer.question.clone(), number);
        number
    }

    /// Adds one candidate's submitted scorecards. Call once per candidate: the rater gap pairs
    /// interviewers within a candidate.
    pub fn add_candidate(&mut self, cards: &[ItemCard]) {
        // question number -> (interviewer, score) on this candidate, for the rater gap.
        let mut by_question: HashMap<usize, Vec<(&str, i64)>> = HashMap::new();
        for card in cards {
            let scores: Vec<i64> = card.answers.iter().filter_map(|a| a.score).collect();
            let total: i64 = scores.iter().sum();
            for answer in &card.answers {
                let i = self.item(&card.bank, answer);
                let item = &mut self.items[i];
                item.asked += 1;
                if answer.skipped {
                    item.skipped += 1;
                }
                if let Some(ratio) = answer.overrun {
                    item.overruns.push(ratio);
                }
                if let Some(share) = answer.covered {
                    item.covered_sum += share;
                    item.covered_n += 1;
                }
                let Some(score) = answer.score else {
                    continue;
                };
                let value = score as f64;
                item.rated += 1;
                item.sum += value;
                item.squares += value * value;
                item.floor += usize::from(score <= card.scale.0);
                item.ceiling += usize::from(score >= card.scale.1);
                // Item-rest: this score against the mean of the card's other rated answers.
                let others = scores.len() - 1;
                if others >= 2 {
                    item.rest_pairs
                        .add(value, (total - score) as f64 / others as f64);
                }
                by_question
                    .entry(i)
                    .or_default()
                    .push((card.interviewer.as_str(), score));
            }
        }
        for (i, scores) in by_question {
            let item = &mut self.items[i];
            for (a, (who_a, score_a)) in scores.iter().enumerate() {
                for (who_b, score_b) in &scores[a + 1..] {
                    if who_a != who_b {
                        item.gap_sum += (score_a - score_b).abs() as f64;
                        item.gap_pairs += 1;
                    }
                }
            }
        }
    }

    /// One row per question, ordered by bank and question id.
    #[must_use]
    pub fn report(self) -> Vec<QuestionRow> {
        let mut rows: Vec<QuestionRow> = self.items.into_iter().map(row).collect();
        rows.sort_by(|a, b| (&a.bank, &a.question).cmp(&(&b.bank, &b.question)));
        rows
    }
}

fn row(mut item: Item) -> QuestionRow {
    let rated = item.rated as f64;
    let mean = (item.rated > 0).then(|| item.sum / rated);
    let sd = (item.rated > 1).then(|| {
        let variance = (item.squares - item.sum * item.sum / rated) / (rated - 1.0);
        variance.max(0.0).sqrt()
    });
    let share = |count: usize| (item.rated > 0).then(|| count as f64 / rated);
    let timed = item.overruns.len();
    let overrun = median(&mut item.overruns);
    let mut row = QuestionRow {
        bank: item.bank,
        question: item.question,
        category: item.category,
        asked: item.asked,
        rated: item.rated,
        skipped: item.skipped,
        mean,
        sd,
        floor: share(item.floor),
        ceiling: share(item.ceiling),
        discrimination: item.rest_pairs.value(),
        discrimination_n: item.rest_pairs.n,
        rater_gap: (item.gap_pairs > 0).then(|| item.gap_sum / item.gap_pairs as f64),
        rater_pairs: item.gap_pairs,
        overrun,
        covered: (item.covered_n > 0).then(|| item.covered_sum / item.covered_n as f64),
        flags: Vec::new(),
        timed,
    };
    row.flags = flags(&row);
    row
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        f64::midpoint(values[mid - 1], values[mid])
    } else {
        values[mid]
    })
}

/// The contract's flags. Each needs enough data behind it, so a question asked twice is never
/// called broken.
#[must_use]
pub fn flags(row: &QuestionRow) -> Vec<Flag> {
    let mut flags = Vec::new();
    if row.discrimination_n >= 20 && row.discrimination.is_some_and(|d| d < 0.20) {
        flags.push(Flag::NoSignal);
    }
    if row.rated >= 20 && row.ceiling.is_some_and(|c| c >= 0.60) {
        flags.push(Flag::TooEasy);
    }
    if row.rated >= 20 && row.floor.is_some_and(|f| f >= 0.60) {
        flags.push(Flag::TooHard);
    }
    if row.rater_pairs >= 10 && row.rater_gap.is_some_and(|g| g >= 1.0) {
        flags.push(Flag::RatersDisagree);
    }
    if row.timed >= 10 && row.overrun.is_some_and(|o| o >= 1.5) {
        flags.push(Flag::Overruns);
    }
    flags
}

/// Rows in the order a reader should look at them: most flags first, then the weakest
/// discrimination (unknown last), then bank and question.
pub fn sort_for_attention(rows: &mut [QuestionRow]) {
    rows.sort_by(|a, b| {
        b.flags
            .len()
            .cmp(&a.flags.len())
            .then_with(|| {
                let key = |r: &QuestionRow| r.discrimination.unwrap_or(f64::INFINITY);
                key(a).total_cmp(&key(b))
            })
            .then_with(|| (&a.bank, &a.question).cmp(&(&b.bank, &b.question)))
    });
}

#[cfg(test)]
#[path = "questions_tests.rs"]
mod tests;
