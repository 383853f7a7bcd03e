//! Synthetic data for benchmarks and tests: seeded workspaces of N candidates x K scorecards x Q
//! answers in the real file format, and banks of any size. Not a user command.
//!
//! Files are written with plain `std::fs::write`: generated data needs no atomicity, and fsyncing
//! forty thousand files would make generation take minutes.

use std::path::Path;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use serde::Serialize;
use uuid::Uuid;

use crate::bank::{self, Bank, Category, Question, Scale};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlanHeader};
use crate::scorecard::{Recommendation, Scorecard, Status};
use crate::timestamp::Timestamp;
use crate::workspace::Kind;

/// How big a workspace to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub candidates: usize,
    pub scorecards: usize,
    pub answers: usize,
    /// Fraction of scorecards left as drafts (0.0 for none).
    pub drafts: f64,
    pub seed: u64,
}

const WORDS: &[&str] = &[
    "explained",
    "the",
    "event",
    "loop",
    "clearly",
    "and",
    "gave",
    "a",
    "concrete",
    "example",
    "from",
    "production",
    "missed",
    "backpressure",
    "but",
    "recovered",
    "when",
    "prompted",
    "about",
    "streams",
    "strong",
    "on",
    "trade-offs",
    "weak",
    "security",
    "mentioned",
    "idempotency",
    "keys",
    "retries",
    "needed",
    "hints",
    "for",
    "garbage",
    "collection",
    "talked",
    "through",
    "heap",
    "snapshots",
    "confident",
    "vague",
    "on",
    "worker",
    "threads",
    "versus",
    "child",
    "processes",
    "good",
    "instincts",
    "asked",
    "clarifying",
    "questions",
    "before",
    "answering",
    "used",
    "whiteboard",
];

/// Deterministic pseudo-random source for generated data.
struct Dice(ChaCha8Rng);

impl Dice {
    fn new(seed: u64) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        Dice(ChaCha8Rng::from_seed(key))
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.0.next_u64() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.0.next_u64() as f64 / u64::MAX as f64) < p
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(WORDS[self.below(WORDS.len())]);
        }
        text
    }

    fn uuid(&mut self, at_millis: u64) -> Uuid {
        // A v7 UUID: 48 bits of milliseconds, then 80 seeded random bits (version and variant
        // set over them by the builder).
        let random = u128::from(self.0.next_u64()) << 64 | u128::from(self.0.next_u64());
        let mut bits = [0u8; 10];
        bits.copy_from_slice(&random.to_be_bytes()[6..]);
        uuid::Builder::from_unix_timestamp_millis(at_millis, &bits).into_uuid()
    }
}

/// A bank with `questions` questions over four categories, and a round picking two of each.
#[must_use]
pub fn bank(questions: usize, seed: u64) -> Bank {
    let mut dice = Dice::new(seed);
    let categories: Vec<Category> = ["async", "architecture", "performance", "security"]
        .iter()
        .map(|id| Category {
            id: (*id).to_owned(),
            title: format!("{id} questions"),
            weight: 1.0,
        })
        .collect();
    let questions = (0..questions)
        .map(|i| Question {
            id: format!("q{i:05}"),
            category: categories[i % categories.len()].id.clone(),
            prompt: format!("Question {i}: {}?", dice.sentence(18)),
            level: Some([bank::Level::Mid, bank::Level::Senior, bank::Level::Staff][i % 3]),
            minutes: 3 + u32::try_from(dice.below(10)).unwrap_or(0),
            expected: (0..3).map(|_| dice.sentence(10)).collect(),
            follow_ups: vec![dice.sentence(12)],
            red_flags: vec![dice.sentence(8)],
            anchors: Vec::new(),
            tags: vec!["generated".to_owned()],
        })
        .collect();
    Bank {
        id: "generated".to_owned(),
        title: "Generated bank".to_owned(),
        version: "1".to_owned(),
        description: None,
        scale: Scale::default(),
        categories,
        questions,
        rounds: Vec::new(),
    }
}

/// A bank as TOML text, in the bank file format (the fields [`bank`] fills, in file order).
#[must_use]
pub fn bank_toml(bank: &Bank) -> String {
    let file = BankFile {
        schema: 1,
        id: &bank.id,
        title: &bank.title,
        version: &bank.version,
        categories: bank
            .categories
            .iter()
            .map(|c| CategoryFile {
                id: &c.id,
                title: &c.title,
            })
            .collect(),
        questions: bank
            .questions
            .iter()
            .map(|q| QuestionFile {
                id: &q.id,
                category: &q.category,
                prompt: &q.prompt,
                level: q.level.map_or("senior", bank::Level::as_str),
                minutes: q.minutes,
                expected: &q.expected,
                follow_ups: &q.follow_ups,
                red_flags: &q.red_flags,
            })
            .collect(),
    };
    // Strings, numbers and lists of strings always serialise; an error cannot happen here.
    toml::to_string(&file).unwrap_or_default()
}

/// A bank file as [`bank_toml`] writes it.
#[derive(Serialize)]
struct BankFile<'a> {
    schema: u32,
    id: &'a str,
    title: &'a str,
    version: &'a str,
    categories: Vec<CategoryFile<'a>>,
    questions: Vec<QuestionFile<'a>>,
}

#[derive(Serialize)]
struct CategoryFile<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct QuestionFile<'a> {
    id: &'a str,
    category: &'a str,
    prompt: &'a str,
    level: &'static str,
    minutes: u32,
    expected: &'a [String],
    follow_ups: &'a [String],
    red_flags: &'a [String],
}

/// Writes a workspace of `shape` under `root` (which must not hold one already).
pub fn workspace(root: &Path, shape: Shape) -> Result<()> {
    let questions = (shape.answers * 4).max(40);
    let bank = bank(questions, shape.seed);
    let mut dice = Dice::new(shape.seed ^ 0x5eed);
    let start = 1_767_225_600_000_u64; // 2026-01-01T00:00:00Z
    let interviewers: Vec<String> = (0..12).map(|i| format!("Interviewer {i:02}")).collect();
    for c in 0..shape.candidates {
        let candidate = format!("Candidate Person {c:05}");
        let candidate_id = format!("candidate-person-{c:05}");
        let dir = root.join("candidates").join(&candidate_id);
        std::fs::create_dir_all(&dir).map_err(|err| Error::write(&dir, err))?;
        let at = start + (c as u64) * 60_000;
        let first = dice.below(bank.questions.len());
        let picked: Vec<Question> = (0..shape.answers)
            .map(|i| bank.questions[(first + i * 7) % bank.questions.len()].clone())
            .collect();
        let header = PlanHeader {
            candidate: candidate.clone(),
            candidate_id: candidate_id.clone(),
            role: "Senior backend engineer".to_owned(),
            round: Some("onsite".to_owned()),
            seed: shape.seed,
            minutes: None,
        };
        let mut plan = Plan::new(&bank, header, picked);
        plan.id = dice.uuid(at);
        plan.created_at = timestamp(at);
        write(&dir.join(Kind::Plan.file_name(&plan.id)), &plan.to_toml()?)?;
        // The candidate's true level, around which each interviewer scatters (one more lenient).
        let level = 1 + dice.below(4);
        for k in 0..shape.scorecards {
            let who = &interviewers[(c + k * 5) % interviewers.len()];
            let lenient = usize::from(who.ends_with("07"));
            let card_at = at + 1000 * (k as u64 + 1);
            let mut card = Scorecard::start(&plan, who, timestamp(card_at));
            card.id = dice.uuid(card_at);
            for answer in &mut card.answers {
                let jitter = dice.below(3);
                answer.score =
                    Some(i64::try_from((level + jitter + lenient).clamp(2, 5) - 1).unwrap_or(1));
                let words = 12 + dice.below(30);
                answer.notes = dice.sentence(words);
                answer.seconds = Some(60 + dice.below(600) as u64);
                answer.rated_at = Some(timestamp(card_at + 60_000));
            }
            if !dice.chance(shape.drafts) {
                card.status = Status::Submitted;
                card.submitted_at = Some(timestamp(card_at + 3_600_000));
                card.recommendation = Some(Recommendation::ALL[(level - 1).min(3)]);
                card.summary = Some(dice.sentence(20));
            }
            write(
                &dir.join(Kind::Scorecard.file_name(&card.id)),
                &card.to_toml()?,
            )?;
        }
    }
    Ok(())
}

fn timestamp(millis: u64) -> Timestamp {
    let secs = i64::try_from(millis / 1000).unwrap_or(0);
    Timestamp(chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|err| Error::write(path, err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_text_with_quotes_backslashes_unicode_and_newlines_round_trips() {
        // Debug escaping wrote a combining accent as `\u{301}`, which is not TOML.
        let texts = [
            r#"Say "hello" and 'bye'"#,
            r"C:\path\to\file, and \n as two characters",
            "Two lines\nand a tab\there",
            "Cafe\u{301}, 日本語, 🙂, Ωμέγα, \u{2066}isolated\u{2069}",
            r#"""" three quotes and ''' three apostrophes"#,
        ];
        let mut bank = bank(10, 2);
        for (question, text) in bank.questions.iter_mut().zip(texts.iter().cycle()) {
            question.prompt = format!("{text}?");
            question.expected = vec![(*text).to_owned(), "plain".to_owned()];
            question.follow_ups = vec![(*text).to_owned()];
            question.red_flags = vec![text.repeat(2)];
        }
        let text = bank_toml(&bank);
        let parsed = bank::parse_bank("round-trip.toml", &text).unwrap();
        assert_eq!(parsed.questions.len(), bank.questions.len());
        for (read, written) in parsed.questions.iter().zip(&bank.questions) {
            assert_eq!(read.prompt, written.prompt);
            assert_eq!(read.expected, written.expected);
            assert_eq!(read.follow_ups, written.follow_ups);
            assert_eq!(read.red_flags, written.red_flags);
            assert_eq!((read.level, read.minutes), (written.level, written.minutes));
        }
    }

    #[test]
    fn ids_are_v7_uuids_of_the_given_millisecond_and_repeat_with_the_seed() {
        let at = 1_767_225_600_123_u64;
        let mut dice = Dice::new(9);
        let id = dice.uuid(at);
        assert_eq!(id.get_version_num(), 7);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
        let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
        assert_eq!(secs * 1000 + u64::from(nanos / 1_000_000), at);
        assert_ne!(dice.uuid(at), id);
        assert_eq!(Dice::new(9).uuid(at), id);
    }
}
