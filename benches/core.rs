//! Benchmarks of the pieces the commands are made of: bank parsing, plan selection, scorecard
//! parsing, and the panel aggregation. Run with `cargo bench`; whole commands are measured by
//! `scripts/bench.sh`.
#![allow(clippy::unwrap_used)]

use divan::{Bencher, black_box};
use scorecard::bank::parse::parse_bank;
use scorecard::plan::select::{Request, select};
use scorecard::scorecard::parse_scorecard;
use scorecard::stats::calibration::{RatingTable, calibrate};
use scorecard::stats::panel::{CardDigest, candidate_result};

fn main() {
    divan::main();
}

/// Banks of 40 (the built-in one's size), 2,000 and 20,000 questions.
#[divan::bench(args = [40, 2_000, 20_000], sample_count = 10)]
fn bank_parsing(bencher: Bencher, questions: usize) {
    let text = scorecard::synth::bank_toml(&scorecard::synth::bank(questions, 1));
    bencher.bench(|| parse_bank("bench.toml", black_box(&text)).unwrap());
}

/// `bank check` on a 20,000-question bank with one problem per question (an unknown category):
/// every problem needs a line and column.
#[divan::bench(sample_count = 5)]
fn bank_check_with_a_problem_per_question(bencher: Bencher) {
    let text = scorecard::synth::bank_toml(&scorecard::synth::bank(20_000, 1))
        .replace("category = \"async\"", "category = \"nope\"")
        .replace("category = \"architecture\"", "category = \"nope\"")
        .replace("category = \"performance\"", "category = \"nope\"")
        .replace("category = \"security\"", "category = \"nope\"");
    bencher.bench(|| {
        let err = parse_bank("bench.toml", black_box(&text)).unwrap_err();
        err.context().len()
    });
}

#[divan::bench(args = [40, 20_000])]
fn plan_selection(bencher: Bencher, questions: usize) {
    let bank = scorecard::synth::bank(questions, 1);
    let mut seed = 0;
    bencher.bench_local(|| {
        seed += 1;
        let request = Request {
            counts: bank.categories.iter().map(|c| (c.id.clone(), 2)).collect(),
            budget: Some(40),
            seed,
            ..Request::default()
        };
        select(&bank, black_box(&request)).unwrap().len()
    });
}

/// A generated workspace, as scorecard file texts grouped by candidate.
fn scorecard_texts(candidates: usize) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let shape = scorecard::synth::Shape {
        candidates,
        scorecards: 4,
        answers: 8,
        drafts: 0.0,
        seed: 1,
    };
    scorecard::synth::workspace(dir.path(), shape).unwrap();
    let mut all = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(dir.path().join("candidates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    for folder in folders {
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("scorecard-")
            {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        all.push(texts);
    }
    all
}

#[divan::bench]
fn scorecard_parsing(bencher: Bencher) {
    let text = scorecard_texts(1).remove(0).remove(0);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| parse_scorecard("bench.toml", black_box(&text)).unwrap());
}

/// Compare's and calibrate's arithmetic over 1,000 candidates x 4 scorecards (files already parsed).
#[divan::bench(sample_count = 10)]
fn aggregation(bencher: Bencher) {
    let candidates: Vec<Vec<CardDigest>> = scorecard_texts(1_000)
        .iter()
        .map(|texts| {
            texts
                .iter()
                .map(|t| CardDigest::from(&parse_scorecard("bench.toml", t).unwrap()))
                .collect()
        })
        .collect();
    bencher.bench(|| {
        let mut table = RatingTable::default();
        for cards in &candidates {
            table.add_candidate(cards);
        }
        let adjust = table.adjustments();
        let results: Vec<_> = candidates
            .iter()
            .map(|cards| candidate_result(cards, Some(&adjust), Vec::new(), false))
            .collect();
        (results.len(), calibrate(&table).interviewers.len())
    });
}

/// One redraw of the interview screen at 200x60 (the whole kit of a question, the checklist,
/// score and notes), on ratatui's test backend; each iteration shows another question so the
/// frame really changes. Target: well under 5 ms.
#[divan::bench]
fn interview_redraw(bencher: Bencher) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use scorecard::interview::{Model, Theme, update::go_to, view};

    let bank = scorecard::bank::built_in(scorecard::bank::DEFAULT_BANK)
        .unwrap()
        .unwrap();
    let header = scorecard::plan::PlanHeader {
        candidate: "Ada Lovelace".to_owned(),
        candidate_id: "ada-lovelace".to_owned(),
        role: "Backend".to_owned(),
        round: None,
        seed: 1,
        minutes: None,
    };
    let plan = scorecard::plan::Plan::new(&bank, header, bank.questions.clone());
    let mut card = scorecard::scorecard::Scorecard::start(
        &plan,
        "Grace Hopper",
        scorecard::timestamp::Timestamp::now(),
    );
    for answer in &mut card.answers {
        answer.notes = "Clear on the phases; missed the I/O exception. ".repeat(4);
        answer.covered = vec![1, 2];
    }
    let mut model = Model::new(plan, card).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let questions = model.card.answers.len();
    let mut next = 0;
    bencher.bench_local(|| {
        next = (next + 1) % questions;
        go_to(&mut model, next);
        terminal
            .draw(|frame| view(black_box(&model), frame, Theme { color: true }))
            .unwrap();
    });
}
