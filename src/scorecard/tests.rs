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
