//! `scorecard check`: every file of the workspace, and each scorecard against its plan, with
//! every problem listed.

use crate::support::{Env, assert_clean_error, plan_new, submitted};

/// Ada's plan, Grace's and Alan's submitted scorecards on it; the scorecard paths.
fn panel(env: &Env) -> Vec<std::path::PathBuf> {
    let plan = plan_new(env, "Ada Lovelace", &["--per-category", "1", "--seed", "1"]);
    for who in ["Grace Hopper", "Alan Turing"] {
        submitted(env, &plan, who, &[3; 4], "yes");
    }
    let mut cards: Vec<_> = std::fs::read_dir(env.path("ws/candidates/ada-lovelace"))
        .expect("Ada's folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("scorecard-"))
        })
        .collect();
    cards.sort();
    cards
}

#[test]
fn a_workspace_the_tool_wrote_checks_clean() {
    let env = Env::new();
    panel(&env);
    let stdout = env.ok(&["check"]);
    assert!(
        stdout.starts_with("ok: 1 plan and 2 scorecards of 1 candidate in workspace `"),
        "{stdout}"
    );
}

#[test]
fn every_departure_from_the_plan_is_listed_with_its_file() {
    let env = Env::new();
    let cards = panel(&env);
    let text = std::fs::read_to_string(&cards[0]).expect("a scorecard");
    let first_question = text
        .lines()
        .find(|line| line.starts_with("question = "))
        .expect("a question")
        .to_owned();
    std::fs::write(
        &cards[0],
        text.replace("candidate = \"Ada Lovelace\"", "candidate = \"Mallory\"")
            .replacen(&first_question, "question = \"not-planned\"", 1),
    )
    .expect("edit");
    // The other scorecard does not parse at all: listed too, the check goes on.
    let broken = std::fs::read_to_string(&cards[1]).expect("a scorecard") + "\nx = [\n";
    std::fs::write(&cards[1], broken).expect("break");
    let stderr = env.fails(&["check"], 1);
    assert_clean_error(&stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let first = cards[0].display().to_string();
    let second = cards[1].display().to_string();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&first) && l.contains("its candidate is `Mallory`"))
    );
    assert!(
        lines.iter().any(|l| l.contains(&first)
            && l.contains("answers `not-planned`, which its plan does not hold"))
    );
    assert!(lines.iter().any(
        |l| l.starts_with(&format!("{second}:")) || l.starts_with(&format!("error: {second}:"))
    ));
    assert!(
        lines[3].starts_with("3 problems in 1 plan and 2 scorecards of 1 candidate"),
        "{stderr}"
    );
}

#[test]
fn a_missing_plan_a_twin_scorecard_and_a_misnamed_folder_are_found() {
    let env = Env::new();
    let cards = panel(&env);
    let plan = std::fs::read_dir(env.path("ws/candidates/ada-lovelace"))
        .expect("Ada's folder")
        .map(|e| e.expect("an entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("plan-"))
        })
        .expect("the plan");
    std::fs::remove_file(&plan).expect("remove the plan");
    let text = std::fs::read_to_string(&cards[1]).expect("a scorecard");
    let alan = text
        .lines()
        .find(|line| line.starts_with("interviewer = "))
        .expect("an interviewer")
        .to_owned();
    std::fs::write(
        &cards[1],
        text.replace(&alan, "interviewer = \"grace hopper\""),
    )
    .expect("edit");
    std::fs::create_dir(env.path("ws/candidates/Bob-Smith")).expect("a misnamed folder");
    let stderr = env.fails(&["check"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.contains("Bob-Smith: is in candidates/ but its name is not a candidate id"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("is not in the candidate's folder").count(),
        2,
        "{stderr}"
    );
    assert!(stderr.contains("has two scorecards on plan"), "{stderr}");
    assert!(
        stderr.contains("4 problems in 0 plans and 2 scorecards of 1 candidate"),
        "{stderr}"
    );
}
