//! Tests of calibration: interviewer leniency, the rater model's summary and the agreement section
//! over rating tables built from digests.

use super::*;
use crate::stats::panel::tests::card;

/// A table of cards, added candidate by candidate as the loader does.
fn table(cards: &[CardDigest]) -> RatingTable {
    let mut table = RatingTable::default();
    let mut candidates: Vec<&str> = cards.iter().map(|c| c.candidate_id.as_str()).collect();
    candidates.dedup();
    for candidate in candidates {
        let of: Vec<CardDigest> = cards
            .iter()
            .filter(|c| c.candidate_id == candidate)
            .cloned()
            .collect();
        table.add_candidate(&of);
    }
    table
}

#[test]
fn normalising_removes_a_planted_leniency() {
    let mut cards = Vec::new();
    for (i, candidate) in ["c1", "c2", "c3"].iter().enumerate() {
        let base = [2, 3, 1][i];
        let n = i as u128 * 10;
        cards.push(card(
            n + 1,
            candidate,
            "Fair",
            Status::Submitted,
            &[("q", "a", base)],
        ));
        cards.push(card(
            n + 2,
            candidate,
            "Also fair",
            Status::Submitted,
            &[("q", "a", base)],
        ));
        cards.push(card(
            n + 3,
            candidate,
            "Lenient",
            Status::Submitted,
            &[("q", "a", base + 1)],
        ));
    }
    let ratings = table(&cards);
    let adjust = ratings.adjustments();
    assert!((adjust.interviewers[&InterviewerKey::of("lenient")] - 1.0).abs() < 1e-9);
    assert!((adjust.interviewers[&InterviewerKey::of("fair")] + 0.5).abs() < 1e-9);
    let calibration = calibrate(&ratings);
    let lenient = calibration
        .interviewers
        .iter()
        .find(|i| i.interviewer == "Lenient")
        .unwrap();
    assert_eq!(lenient.shared_units, 3);
    assert!((lenient.leniency.unwrap() - 1.0).abs() < 1e-9);
    // Same three raters on every unit, but 3 units are too few for ICC.
    assert_eq!(calibration.agreement.icc_raters, None);
    assert_eq!(calibration.agreement.icc_units, 3);
    assert_eq!(calibration.agreement.units, 3);
}

#[test]
fn icc_is_null_with_a_reason_when_raters_differ() {
    let cards = [
        card(
            1,
            "ada",
            "Grace",
            Status::Submitted,
            &[("q1", "a", 4), ("q2", "a", 3)],
        ),
        card(2, "ada", "Alan", Status::Submitted, &[("q1", "a", 2)]),
    ];
    let agreement = calibrate(&table(&cards)).agreement;
    assert_eq!(agreement.icc_single, None);
    assert_eq!(
        agreement.icc_note.as_deref(),
        Some(
            "needs 5 or more units rated by the same interviewers; the largest such set has 1 (rated by 2)"
        )
    );
    assert_eq!((agreement.icc_units, agreement.icc_dropped_units), (1, 1));
    assert_eq!((agreement.units, agreement.pairable_units), (2, 1));
}

#[test]
fn a_single_interviewer_gives_null_agreement_with_reasons() {
    let cards = [card(
        1,
        "ada",
        "Grace",
        Status::Submitted,
        &[("q1", "a", 4), ("q2", "a", 3)],
    )];
    let calibration = calibrate(&table(&cards));
    assert_eq!(calibration.agreement.alpha_interval, None);
    assert!(calibration.agreement.alpha_note.is_some());
    assert_eq!(calibration.agreement.icc_single, None);
    assert!(calibration.agreement.icc_note.is_some());
    assert_eq!(calibration.interviewers[0].leniency, None);
}

#[test]
fn drafts_do_not_count() {
    let cards = [
        card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 4)]),
        card(2, "ada", "Alan", Status::Draft, &[("q1", "a", 1)]),
    ];
    let calibration = calibrate(&table(&cards));
    assert_eq!(calibration.interviewers.len(), 1);
    assert_eq!(calibration.agreement.units, 1);
    assert_eq!(calibration.agreement.pairable_units, 0);
}

/// A complete panel: `raters` interviewers rate every question of every candidate.
fn panel(scores: &[&[i64]], raters: &[&str]) -> Vec<CardDigest> {
    let mut cards = Vec::new();
    for (c, row) in scores.iter().enumerate() {
        for (r, name) in raters.iter().enumerate() {
            let n = (c * 10 + r) as u128;
            let candidate = format!("c{c}");
            cards.push(card(
                n,
                &candidate,
                name,
                Status::Submitted,
                &[("q", "a", row[r])],
            ));
        }
    }
    cards
}

#[test]
fn listwise_icc_with_one_skip_equals_icc_of_the_complete_units() {
    let scores: [&[i64]; 7] = [
        &[4, 3, 4],
        &[2, 2, 1],
        &[3, 4, 3],
        &[1, 2, 2],
        &[4, 4, 3],
        &[2, 3, 2],
        &[3, 3, 4],
    ];
    let raters = ["Grace", "Alan", "Ada"];
    let complete = calibrate(&table(&panel(&scores[..6], &raters))).agreement;
    let mut skipped = panel(&scores, &raters);
    // The seventh candidate's third interviewer skipped the question.
    skipped.last_mut().expect("cards").answers.clear();
    let listwise = calibrate(&table(&skipped)).agreement;
    assert_eq!((listwise.icc_units, listwise.icc_dropped_units), (6, 1));
    assert_eq!(listwise.icc_raters, Some(3));
    assert_eq!(listwise.icc_single, complete.icc_single);
    assert_eq!(listwise.icc_average, complete.icc_average);
    assert_eq!(listwise.icc_single_ci, complete.icc_single_ci);
    assert!(listwise.icc_single.is_some());
    assert!(listwise.icc_reading.is_some());
}

#[test]
fn readings_follow_the_printed_figure_and_the_units_it_rests_on() {
    assert_eq!(alpha_reading(0.6666, 40), "tentative");
    assert_eq!(alpha_reading(0.6664, 40), "unreliable");
    assert_eq!(alpha_reading(0.7999, 40), "reliable");
    assert_eq!(alpha_reading(0.95, 9), "too-few");
    assert_eq!(icc_reading(-0.01), "none");
    assert_eq!(icc_reading(-0.0004), "poor");
    assert_eq!(icc_reading(0.4996), "moderate");
    assert_eq!(icc_reading(0.8), "good");
    assert_eq!(icc_reading(0.9), "excellent");
}

#[test]
fn systematic_disagreement_reads_none_and_hides_icc_k() {
    // Two interviewers who rank the candidates in opposite orders.
    let scores: [&[i64]; 6] = [&[1, 4], &[2, 3], &[3, 2], &[4, 1], &[1, 4], &[4, 1]];
    let agreement = calibrate(&table(&panel(&scores, &["Grace", "Alan"]))).agreement;
    assert!(agreement.icc_single.is_some_and(|v| v < 0.0));
    assert_eq!(agreement.icc_reading, Some("none"));
    assert_eq!(agreement.icc_average, None);
    assert_eq!(agreement.icc_average_ci, None);
    assert!(agreement.icc_note.is_some());
    assert_eq!(agreement.pairable_values, 12);
    assert_eq!(agreement.alpha_reading, Some("too-few"));
    assert!(agreement.alpha_interval_ci.is_some());
}
