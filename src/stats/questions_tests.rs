//! Question analytics on planted data and on small hand-checked cases.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::many_single_char_names,
    clippy::float_cmp,
    clippy::needless_range_loop
)]
// Numerical test code: small planted designs, casts of bounded values, exact comparisons.

use super::*;
use crate::stats::model::tests::{normal, rng, uniform};

fn answer(question: &str, score: Option<i64>) -> ItemAnswer {
    ItemAnswer {
        question: question.to_owned(),
        category: "c".to_owned(),
        score,
        skipped: score.is_none(),
        overrun: None,
        covered: None,
    }
}

fn card(interviewer: &str, answers: Vec<ItemAnswer>) -> ItemCard {
    ItemCard {
        bank: "b".to_owned(),
        interviewer: InterviewerKey::of(interviewer),
        scale: (1, 7),
        answers,
    }
}

fn find<'a>(rows: &'a [QuestionRow], question: &str) -> &'a QuestionRow {
    rows.iter().find(|r| r.question == question).unwrap()
}

/// 80 candidates, each met by three interviewers on a 1-7 scale. Abilities spread over the
/// scale; each good question scores ability plus a little noise. Planted faults:
/// `noise` measures something unrelated to ability, `easy` and `hard` sit at the ends of the scale, on `disputed` the
/// interviewer Lenient scores 2 higher than the others, and `long` takes twice its minutes.
fn planted() -> Vec<QuestionRow> {
    let mut rng = rng(42);
    let interviewers = ["lenient", "grace", "alan", "ada"];
    let mut tally = QuestionTally::default();
    for c in 0..80 {
        let ability = 2.0 + 4.0 * uniform(&mut rng);
        // What `noise` measures: consistent across interviewers, unrelated to ability.
        let unrelated = 1 + (rng.next_u64() % 7) as i64;
        let mut cards = Vec::new();
        // Lenient sits on every panel, with two of the three others in turn.
        let panel = [
            interviewers[0],
            interviewers[1 + c % 3],
            interviewers[1 + (c + 1) % 3],
        ];
        for who in panel {
            let mut noisy = |shift: f64| {
                let value = (ability + shift + 0.3 * normal(&mut rng)).round();
                Some(value.clamp(1.0, 7.0) as i64)
            };
            let mut answers = vec![
                answer("good-1", noisy(0.0)),
                answer("good-2", noisy(-0.3)),
                answer("good-3", noisy(0.3)),
                answer("easy", noisy(3.5)),
                answer("hard", noisy(-3.5)),
                answer("disputed", noisy(if who == "lenient" { 2.0 } else { 0.0 })),
                answer("long", noisy(0.0)),
            ];
            answers.push(answer("noise", Some(unrelated)));
            for a in &mut answers {
                let stretch = if a.question == "long" { 2.0 } else { 1.0 };
                a.overrun = Some(stretch * (0.7 + 0.5 * uniform(&mut rng)));
            }
            cards.push(card(who, answers));
        }
        tally.add_candidate(&cards);
    }
    tally.report()
}

use rand_core::Rng;

#[test]
fn planted_faults_are_flagged_and_good_questions_are_not() {
    let rows = planted();
    assert_eq!(find(&rows, "noise").flags, [Flag::NoSignal]);
    assert!(find(&rows, "easy").flags.contains(&Flag::TooEasy));
    assert!(find(&rows, "hard").flags.contains(&Flag::TooHard));
    assert_eq!(find(&rows, "disputed").flags, [Flag::RatersDisagree]);
    assert_eq!(find(&rows, "long").flags, [Flag::Overruns]);
    for good in ["good-1", "good-2", "good-3"] {
        let row = find(&rows, good);
        assert!(row.flags.is_empty(), "{good}: {:?}", row.flags);
        assert!(row.discrimination.unwrap() > 0.8, "{good}: {row:?}");
    }
    let noise = find(&rows, "noise");
    assert_eq!(
        (noise.asked, noise.rated, noise.discrimination_n),
        (240, 240, 240)
    );
    // Three interviewers per candidate: three pairs per question and candidate.
    assert_eq!(noise.rater_pairs, 240);
    assert!(find(&rows, "disputed").rater_gap.unwrap() > 1.0);
    assert!(find(&rows, "good-1").rater_gap.unwrap() < 0.6);
}

#[test]
fn the_attention_order_puts_flagged_questions_first() {
    let mut rows = planted();
    sort_for_attention(&mut rows);
    let order: Vec<&str> = rows.iter().map(|r| r.question.as_str()).collect();
    assert!(
        order[..5].iter().all(|q| !q.starts_with("good")),
        "{order:?}"
    );
    assert!(
        order[5..].iter().all(|q| q.starts_with("good")),
        "{order:?}"
    );
}

#[test]
fn figures_match_a_hand_computed_case() {
    // Two interviewers on one candidate, one on another; q1 skipped once.
    let mut tally = QuestionTally::default();
    let mut timed = answer("q1", Some(7));
    timed.overrun = Some(1.2);
    timed.covered = Some(0.5);
    let mut covered = answer("q1", Some(3));
    covered.covered = Some(1.0);
    covered.overrun = Some(0.6);
    tally.add_candidate(&[
        card("grace", vec![timed, answer("q2", Some(4))]),
        card("alan", vec![covered, answer("q2", Some(4))]),
    ]);
    let mut third = answer("q1", Some(1));
    third.overrun = Some(3.0);
    tally.add_candidate(&[card("grace", vec![third, answer("q2", None)])]);
    let rows = tally.report();
    let q1 = find(&rows, "q1");
    assert_eq!((q1.asked, q1.rated, q1.skipped), (3, 3, 0));
    assert!((q1.mean.unwrap() - 11.0 / 3.0).abs() < 1e-12);
    // Sample sd of 7, 3, 1: variance (11.11 + 0.44 + 7.11) / 2 = 9.333...
    assert!((q1.sd.unwrap() - (28.0_f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!((q1.floor, q1.ceiling), (Some(1.0 / 3.0), Some(1.0 / 3.0)));
    assert_eq!((q1.rater_gap, q1.rater_pairs), (Some(4.0), 1));
    assert_eq!(q1.overrun, Some(1.2));
    assert_eq!(q1.covered, Some(0.75));
    // No scorecard has two other rated answers: no item-rest pairs.
    assert_eq!((q1.discrimination, q1.discrimination_n), (None, 0));
    let q2 = find(&rows, "q2");
    assert_eq!((q2.asked, q2.rated, q2.skipped), (3, 2, 1));
    assert_eq!(q2.sd, Some(0.0));
    assert_eq!((q2.rater_gap, q2.rater_pairs), (Some(0.0), 1));
    assert_eq!((q2.overrun, q2.covered), (None, None));
    assert!(q1.flags.is_empty() && q2.flags.is_empty());
}

#[test]
fn an_interviewer_is_never_paired_with_themselves() {
    let mut tally = QuestionTally::default();
    tally.add_candidate(&[
        card("grace", vec![answer("q", Some(1))]),
        card("grace", vec![answer("q", Some(4))]),
    ]);
    let rows = tally.report();
    assert_eq!((rows[0].rater_gap, rows[0].rater_pairs), (None, 0));
}

#[test]
fn flags_need_enough_data() {
    // Every answer at the ceiling, but only 19 ratings: not flagged.
    let mut tally = QuestionTally::default();
    for _ in 0..19 {
        tally.add_candidate(&[card("grace", vec![answer("q", Some(7))])]);
    }
    let rows = tally.report();
    assert_eq!(rows[0].ceiling, Some(1.0));
    assert!(rows[0].flags.is_empty());
    let mut tally = QuestionTally::default();
    for _ in 0..20 {
        tally.add_candidate(&[card("grace", vec![answer("q", Some(7))])]);
    }
    assert_eq!(tally.report()[0].flags, [Flag::TooEasy]);
}

#[test]
fn the_flags_serialise_with_the_contract_names() {
    let names: Vec<String> = [
        Flag::NoSignal,
        Flag::TooEasy,
        Flag::TooHard,
        Flag::RatersDisagree,
        Flag::Overruns,
    ]
    .iter()
    .map(|f| {
        assert_eq!(
            serde_json::to_string(f).unwrap(),
            format!("\"{}\"", f.as_str())
        );
        f.as_str().to_owned()
    })
    .collect();
    assert_eq!(
        names,
        [
            "no-signal",
            "too-easy",
            "too-hard",
            "raters-disagree",
            "overruns"
        ]
    );
}
